#!/usr/bin/env bash
# CI's package test (run as root by .ci/run): builds the release .deb, installs it with
# `dpkg -i` (dependencies then come from apt, as a user's `apt install ./file.deb` would),
# runs the installed program — version, a CLI command, the manual, the window under Xvfb with
# a screenshot that must not be blank — and removes the package again.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

command -v cargo-deb >/dev/null || cargo install cargo-deb --locked
packaging/linux/build-deb.sh
deb=$(ls target/debian/certdeck_*.deb | head -n 1)
echo "built $deb; it declares: $(dpkg-deb -f "$deb" Depends)"

# dpkg -i leaves a package with missing dependencies unconfigured; apt-get -f then installs them.
dpkg -i "$deb" || apt-get install -f -y --no-install-recommends
dpkg -s certdeck | grep -q '^Status: install ok installed'

cd "$(mktemp -d)"
/usr/bin/certdeck --version
/usr/bin/certdeck inspect "$root/tests/fixtures/fullchain.pem"
test -s /usr/share/man/man1/certdeck.1.gz
test -s /usr/share/bash-completion/completions/certdeck
test -s /usr/share/applications/io.github.certdeck.Certdeck.desktop
test -s /usr/share/metainfo/io.github.certdeck.Certdeck.metainfo.xml
test -s /usr/share/icons/hicolor/256x256/apps/io.github.certdeck.Certdeck.png

# The window, in Japanese (the CJK font comes from the package's dependencies).
export XDG_RUNTIME_DIR=$(mktemp -d)
export CERTDECK_DATA_DIR=$(mktemp -d) CERTDECK_CONFIG_DIR=$(mktemp -d)
export CERTDECK_VAULT_PASSPHRASE=ci CERTDECK_KEYCHAIN=none ICED_BACKEND=tiny-skia
echo '{"language": "ja"}' >"$CERTDECK_CONFIG_DIR/settings.json"
/usr/bin/certdeck import "$root/tests/fixtures/keycert-with-dh.pem" "$root/tests/fixtures/root.pem" \
  "$root/tests/fixtures/inter.pem" >/dev/null
shot="$root/target/installed-window.png"
timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" sh -c "
  /usr/bin/certdeck &
  timeout 60 xdotool search --sync --onlyvisible --name certdeck >/dev/null
  sleep 5
  import -window root '$shot'
  kill \$!"
# A window that drew nothing is one flat colour; ours has text, badges and rules.
colours=$(convert "$shot" -format '%k' info:)
echo "screenshot $shot has $colours colours"
test "$colours" -gt 50

dpkg -r certdeck
