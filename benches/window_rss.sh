#!/usr/bin/env bash
# The window's resident memory with an estate's inventory (docs/performance.md):
#
#   cargo build --release && cargo bench --bench estate -- 10000
#   bash benches/window_rss.sh 10000            # the renderer the window chooses by itself
#   ICED_BACKEND=wgpu bash benches/window_rss.sh 10000
#
# Imports target/bench-data/estate-LEAVES/all.pem into a new data folder, starts the release
# build under Xvfb (1280x800), opens "All certificates" (the list, so its rows are laid out and
# drawn; the window starts on the overview) halfway through SECONDS (8 unless given), and at the
# end prints the process's resident memory and peak; SHOT=file.png keeps a screenshot. On Unix
# the window that switches to tiny-skia replaces itself (exec), so the process measured is the
# window whichever renderer it ends up with. Needs xvfb-run, xdotool and ImageMagick's import.
set -euo pipefail

leaves="${1:-10000}"
wait_seconds="${2:-8}"
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${CERTDECK_BIN:-$root/target/release/certdeck}"
bundle="$root/target/bench-data/estate-$leaves/all.pem"
[ -x "$bin" ] || { echo "$bin is missing: cargo build --release" >&2; exit 1; }
[ -f "$bundle" ] || { echo "$bundle is missing: cargo bench --bench estate -- $leaves" >&2; exit 1; }

data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
export CERTDECK_DATA_DIR="$data" CERTDECK_VAULT_PASSPHRASE=bench CERTDECK_KEYCHAIN=none
"$bin" import "$bundle" >/dev/null

xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  "$1" >/dev/null 2>&1 &
  pid=$!
  sleep "$(($2 / 2))"
  # "All certificates", the sidebar'"'"'s second entry, at 1280x800.
  xdotool mousemove 78 61 click 1
  sleep "$(($2 - $2 / 2))"
  if [ -n "${SHOT:-}" ]; then import -window root "$SHOT"; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "the window ended before it was measured" >&2; exit 1; fi
  rss=$(awk "/^VmRSS/ {print int(\$2 / 1024)}" "/proc/$pid/status")
  hwm=$(awk "/^VmHWM/ {print int(\$2 / 1024)}" "/proc/$pid/status")
  echo "window, '"$leaves"' leaves, ${ICED_BACKEND:-automatic renderer}: resident ${rss} MB after $2 s (peak ${hwm} MB)"
  kill "$pid"
  wait "$pid" 2>/dev/null || true
' window-rss "$bin" "$wait_seconds"
