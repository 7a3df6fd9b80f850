#!/usr/bin/env bash
# CI's MSI test (.ci/run): inspects the MSI built by msi.sh with msitools — the files, the Start
# menu shortcut to the window, the PATH entry, "Open with" for every certificate extension — then
# installs it under Wine with msiexec, runs the installed certdeck.exe, checks the registry and
# PATH, uninstalls it and checks that nothing is left.
# Usage: packaging/windows/msi-test.sh certdeck.msi
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
msi="$(realpath "${1:?usage: msi-test.sh certdeck.msi}")"
wine=/usr/lib/wine/wine64
work="$(mktemp -d)"
trap 'WINEPREFIX="$work/prefix" /usr/lib/wine/wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok   $*"; }
table() { msiinfo export "$msi" "$1" | tail -n +4; }

# What the package holds.
files="$(msiextract -l "$msi")"
for f in PFiles/certdeck/bin/certdeck.exe PFiles/certdeck/bin/certdeck-window.exe \
  PFiles/certdeck/README.md PFiles/certdeck/certdeck-completion.ps1; do
  grep -qx "$f" <<<"$files" || fail "$f is not in the MSI: $files"
done
ok "files: certdeck.exe, certdeck-window.exe, README, PowerShell completion"
table Shortcut | grep -q $'^StartMenuShortcut\tProgramMenuFolder\tcertdeck\tWindow' ||
  fail "no Start menu shortcut to the window: $(table Shortcut)"
ok "Start menu shortcut to certdeck-window.exe"
table Environment | grep -q $'^PATH\t=-\\*PATH\t\\[~\\];\\[Bin\\]' || fail "no PATH entry: $(table Environment)"
ok "PATH entry (system, appended, removed on uninstall)"
for ext in pem crt cer der p7b pfx p12 csr; do
  table Registry | grep -q $'\t0\t\\.'"$ext"$'\t\tcertdeck.Certificate\t' || fail ".$ext is not associated"
done
table Registry | grep -q 'certdeck.Certificate\\shell\\open\\command.*\[#certdeckWindowExe\]" "%1"' ||
  fail "the open verb does not start the window with the file: $(table Registry)"
ok "Open with certdeck for .pem .crt .cer .der .p7b .pfx .p12 .csr (the window, with the file)"

# Installed under Wine, run, uninstalled.
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
"$root/packaging/windows/wine/prefix.sh" "$WINEPREFIX" >/dev/null
"$wine" msiexec /i "$msi" /qn || fail "msiexec /i failed"
installed="$WINEPREFIX/drive_c/Program Files/certdeck/bin"
[ -f "$installed/certdeck.exe" ] && [ -f "$installed/certdeck-window.exe" ] || fail "not installed: $(ls -R "$WINEPREFIX/drive_c/Program Files")"
ok "installed into C:\\Program Files\\certdeck\\bin"
version="$("$wine" 'C:\Program Files\certdeck\bin\certdeck.exe' --version 2>/dev/null | tr -d '\r' || true)"
[[ "$version" == certdeck* ]] || fail "the installed certdeck.exe printed: $version"
ok "installed certdeck.exe runs: $version"
path="$("$wine" reg query 'HKLM\System\CurrentControlSet\Control\Session Manager\Environment' /v PATH 2>/dev/null | tr -d '\r' || true)"
grep -qi 'certdeck\\bin' <<<"$path" || fail "PATH lacks the bin folder: $path"
ok "PATH holds C:\\Program Files\\certdeck\\bin"
assoc="$("$wine" reg query 'HKCR\.pfx' 2>/dev/null | tr -d '\r' || true)"
grep -q certdeck.Certificate <<<"$assoc" || fail ".pfx not registered: $assoc"
ok ".pfx registered to certdeck.Certificate"
"$wine" msiexec /x "$msi" /qn || fail "msiexec /x failed"
[ ! -e "$installed/certdeck.exe" ] || fail "certdeck.exe is still there after uninstalling"
path="$("$wine" reg query 'HKLM\System\CurrentControlSet\Control\Session Manager\Environment' /v PATH 2>/dev/null | tr -d '\r' || true)"
! grep -qi 'certdeck\\bin' <<<"$path" || fail "PATH still holds certdeck after uninstalling: $path"
ok "uninstalled: files and PATH entry gone"
