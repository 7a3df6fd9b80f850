#!/usr/bin/env bash
# Builds the .deb: generates the manual pages and shell completions with the freshly built
# binary, then runs cargo-deb (cargo install cargo-deb). dpkg-dev provides dpkg-shlibdeps for
# the automatic library dependencies.
#
#   packaging/linux/build-deb.sh                 release build (what the release workflow ships)
#   packaging/linux/build-deb.sh --profile dev   reuse a debug build (CI's install test)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
profile=release
if [ "${1:-}" = "--profile" ]; then profile=$2; fi
target_dir=${CARGO_TARGET_DIR:-$root/target}
case "$profile" in
  dev) bin="$target_dir/debug/certdeck" ;;
  *) bin="$target_dir/$profile/certdeck" ;;
esac
cargo build --profile "$profile" --bin certdeck
generated="$root/target/generated"
rm -rf "$generated"
mkdir -p "$generated/man" "$generated/completions"
"$bin" manpages --out "$generated/man"
"$bin" completions bash >"$generated/completions/certdeck.bash"
"$bin" completions zsh >"$generated/completions/_certdeck"
"$bin" completions fish >"$generated/completions/certdeck.fish"
cargo deb --no-build --profile "$profile" "${@:3}"
