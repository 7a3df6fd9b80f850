#!/usr/bin/env bash
# Takes the README screenshot: the inventory window under Xvfb with the test fixtures and the
# 10,000-certificate benchmark bundle imported into a throw-away inventory.
# Needs: apt-get install xvfb xdotool imagemagick fonts-dejavu-core; a debug build (cargo build);
# the bench data (cargo bench --bench engine --no-default-features writes target/bench-data/).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/docs/screenshots/main.png"
bin="$root/target/debug/certdeck"
data=$(mktemp -d)
export XDG_RUNTIME_DIR=$(mktemp -d)
export CERTDECK_DATA_DIR="$data" CERTDECK_VAULT_PASSPHRASE="screenshot" CERTDECK_KEYCHAIN=none
cd "$root/tests/fixtures"
"$bin" import keycert-with-dh.pem root.pem inter.pem wildcard.pem empty-subject.pem ec256.pem ec256.key >/dev/null
"$bin" import "$root/target/bench-data/all.pem" >/dev/null
xvfb-run -a -s "-screen 0 1280x800x24" sh -c "
  '$bin' &
  xdotool search --sync --onlyvisible --name certdeck >/dev/null
  sleep 8
  import -window root '$out'
  kill \$!"
rm -rf "$data"
echo "wrote $out"
