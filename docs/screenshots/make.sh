#!/usr/bin/env bash
# Takes the README screenshot: the window under Xvfb with a set of fixtures opened.
# Needs: apt-get install xvfb xdotool imagemagick fonts-dejavu-core; a debug build (cargo build).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/docs/screenshots/main.png"
export XDG_RUNTIME_DIR=$(mktemp -d)
cd "$root/tests/fixtures"
xvfb-run -a -s "-screen 0 1280x800x24" sh -c "
  '$root/target/debug/certdeck' keycert-with-dh.pem root.pem wildcard.pem rsa1024-sha1.pem ec256.pem request.csr inter.crl &
  xdotool search --sync --onlyvisible --name certdeck >/dev/null
  sleep 3
  import -window root '$out'
  kill \$!"
echo "wrote $out"
