#!/usr/bin/env bash
# Prepares a Wine prefix that runs certdeck.exe as Windows would (test harness for CI):
#   - a fresh 64-bit prefix, without the Mono/Gecko install prompts;
#   - bcryptprimitives.dll with ProcessPrng (processprng.c: Wine 8 lacks it, Windows 10+ has it),
#     built here from source with mingw-w64;
#   - fonts in C:\windows\Fonts (a fresh prefix has none, so the window would draw no text;
#     Windows has Segoe UI).
# Usage: packaging/windows/wine/prefix.sh DIR   (then export WINEPREFIX=DIR)
# Needs: wine64, gcc-mingw-w64-x86-64, fonts-dejavu-core (installed by .ci/run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix="${1:?usage: prefix.sh DIR}"
wine="${WINE:-/usr/lib/wine/wine64}"
export WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
mkdir -p "$prefix"
"$wine" wineboot --init >/dev/null 2>&1
/usr/lib/wine/wineserver -w 2>/dev/null || true
build="$(mktemp -d)"
x86_64-w64-mingw32-gcc -O2 -shared -o "$build/bcryptprimitives.dll" \
  "$here/processprng.c" "$here/processprng.def" -ladvapi32
cp "$build/bcryptprimitives.dll" "$prefix/drive_c/windows/system32/"
rm -rf "$build"
mkdir -p "$prefix/drive_c/windows/Fonts"
cp /usr/share/fonts/truetype/dejavu/DejaVuSans*.ttf "$prefix/drive_c/windows/Fonts/"
echo "Wine prefix ready: $prefix"
