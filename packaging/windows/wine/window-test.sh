#!/usr/bin/env bash
# The Windows window under Wine + Xvfb, opened as Explorer's "Open with certdeck" opens it
# (certdeck-window.exe with a file's path): a screenshot, which must show text. A fresh Wine
# prefix has no fonts and iced then draws none; prefix.sh copies DejaVu in, as Windows has Segoe
# UI. The text is read back with tesseract (OCR), so a window without text fails.
# Usage: packaging/windows/wine/window-test.sh certdeck-window.exe SCREENSHOT.png
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
exe="$(realpath "${1:?usage: window-test.sh certdeck-window.exe SCREENSHOT.png}")"
shot="$(realpath -m "${2:?usage: window-test.sh certdeck-window.exe SCREENSHOT.png}")"
# The window program is built for the GUI subsystem (no console window when Explorer or the
# Start menu starts it); certdeck.exe next to it is a console program for cmd.exe and PowerShell.
subsystem() { x86_64-w64-mingw32-objdump -p "$1" | sed -n 's/^Subsystem[[:space:]]*//p'; }
[[ "$(subsystem "$exe")" == *"Windows GUI"* ]] || { echo "FAIL: $exe is $(subsystem "$exe")" >&2; exit 1; }
console="$(dirname "$exe")/certdeck.exe"
if [ -f "$console" ]; then
  [[ "$(subsystem "$console")" == *"Windows CUI"* ]] || { echo "FAIL: certdeck.exe is $(subsystem "$console")" >&2; exit 1; }
fi
echo "ok   certdeck-window.exe: $(subsystem "$exe"); certdeck.exe: $(subsystem "$console")"
work="$(mktemp -d)"
trap 'WINEPREFIX="$work/prefix" /usr/lib/wine/wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
"$root/packaging/windows/wine/prefix.sh" "$WINEPREFIX" >/dev/null
mkdir -p "$WINEPREFIX/drive_c/certs"
cp "$root/tests/fixtures/fullchain.pem" "$WINEPREFIX/drive_c/certs/"
# No GPU here: the software renderer. The inventory is a fresh one with a passphrase vault.
xvfb-run -a -s '-screen 0 1400x900x24' sh -c '
  ICED_BACKEND=tiny-skia CERTDECK_KEYCHAIN=none CERTDECK_VAULT_PASSPHRASE=window-test \
    /usr/lib/wine/wine64 "$1" "C:\\certs\\fullchain.pem" >/dev/null 2>&1 &
  for _ in $(seq 60); do
    xdotool search --name certdeck >/dev/null 2>&1 && break
    sleep 1
  done
  sleep 6
  import -window root "$2"
' sh "$exe" "$shot"
text="$(tesseract "$shot" - 2>/dev/null | tr -s '[:space:]' ' ')"
echo "read from the window: ${text:0:300}"
# The window's own words in English (i18n/en), not message ids; and the file it was given.
! grep -qi 'No localization' <<<"$text" || { echo "FAIL: the texts are missing ($shot)" >&2; exit 1; }
grep -qi 'All certificates' <<<"$text" || { echo "FAIL: the window shows no readable text ($shot)" >&2; exit 1; }
grep -qi 'fullchain.pem' <<<"$text" || { echo "FAIL: the opened file is not shown ($shot)" >&2; exit 1; }
echo "ok   the window under Wine shows its text and the file it was given: $shot"
