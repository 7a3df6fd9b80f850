#!/usr/bin/env bash
# Builds certdeck.app and a DMG on macOS (needs Xcode's command line tools for hdiutil/codesign):
#   packaging/macos/build-app.sh [--target aarch64-apple-darwin|x86_64-apple-darwin|universal]
# Output: target/macos/certdeck.app and target/macos/certdeck-<version>-<arch>.dmg.
# The app is ad-hoc signed; a release for other users should be signed with a Developer ID and
# notarized (set CODESIGN_IDENTITY to sign with it).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
target=${2:-$(rustc -vV | sed -n 's/^host: //p')}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
out="$root/target/macos"
app="$out/certdeck.app"

if [ "$target" = universal ]; then
  cargo build --release --target aarch64-apple-darwin
  cargo build --release --target x86_64-apple-darwin
  mkdir -p "$out"
  lipo -create -output "$out/certdeck" \
    target/aarch64-apple-darwin/release/certdeck target/x86_64-apple-darwin/release/certdeck
  binary="$out/certdeck"
else
  cargo build --release --target "$target"
  binary="target/$target/release/certdeck"
fi

rm -rf "$app"
mkdir -p "$app/Contents/MacOS" "$app/Contents/Resources"
cp "$binary" "$app/Contents/MacOS/certdeck"
cp packaging/macos/certdeck.icns "$app/Contents/Resources/"
sed "s/@VERSION@/$version/g" packaging/macos/Info.plist >"$app/Contents/Info.plist"
plutil -lint "$app/Contents/Info.plist"

# Manual pages and completions beside the binary, for users who link them into their shell.
mkdir -p "$app/Contents/Resources/man" "$app/Contents/Resources/completions"
"$app/Contents/MacOS/certdeck" manpages --out "$app/Contents/Resources/man"
"$app/Contents/MacOS/certdeck" completions zsh >"$app/Contents/Resources/completions/_certdeck"
"$app/Contents/MacOS/certdeck" completions bash >"$app/Contents/Resources/completions/certdeck.bash"

codesign --force --deep --sign "${CODESIGN_IDENTITY:--}" "$app"

dmg="$out/certdeck-$version-${target%%-*}.dmg"
staging=$(mktemp -d)
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
rm -f "$dmg"
hdiutil create -volname "certdeck $version" -srcfolder "$staging" -ov -format UDZO "$dmg"
rm -rf "$staging"
echo "built $app and $dmg"
