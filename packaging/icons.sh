#!/usr/bin/env bash
# Renders every icon the packages need from the one source, assets/certdeck.svg:
#   packaging/icons/hicolor/<size>x<size>/apps/io.github.certdeck.Certdeck.png  (Linux, Flatpak)
#   packaging/icons/hicolor/scalable/apps/io.github.certdeck.Certdeck.svg
#   packaging/windows/certdeck.ico                                              (exe icon, MSI)
#   packaging/macos/certdeck.icns                                               (.app bundle)
# The results are committed, so building a package needs none of these tools.
# Needs: apt-get install librsvg2-bin icoutils icnsutils
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source_svg="$root/assets/certdeck.svg"
id=io.github.certdeck.Certdeck
hicolor="$root/packaging/icons/hicolor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$hicolor/${size}x${size}/apps"
  rsvg-convert -w "$size" -h "$size" "$source_svg" -o "$hicolor/${size}x${size}/apps/$id.png"
done
mkdir -p "$hicolor/scalable/apps"
cp "$source_svg" "$hicolor/scalable/apps/$id.svg"

mkdir -p "$root/packaging/windows" "$root/packaging/macos"
# The 256 px image is stored as PNG (--raw), as Windows Vista and later expect; the small ones as BMP.
icotool --create --output "$root/packaging/windows/certdeck.ico" \
  "$hicolor"/{16x16,24x24,32x32,48x48,64x64,128x128}/apps/$id.png \
  --raw="$hicolor/256x256/apps/$id.png"

# png2icns takes the sizes Apple's format defines (16, 32, 48, 128, 256, 512).
png2icns "$root/packaging/macos/certdeck.icns" \
  "$hicolor"/{16x16,32x32,48x48,128x128,256x256,512x512}/apps/$id.png >/dev/null
echo "icons written under $root/packaging"
