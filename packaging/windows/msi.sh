#!/usr/bin/env bash
# Builds the Windows installer on Linux with wixl (msitools) from packaging/windows/main.wxs —
# the same WiX source `cargo wix` builds on Windows. wixl knows a subset of WiX 3: main.wxs keeps
# what it lacks behind "ifndef var.Wixl" (the dialogs), and this script adds the one thing it
# cannot express, the PATH entry, as the same Environment row WiX would write.
# Usage: packaging/windows/msi.sh BIN_DIR OUT.msi
#   BIN_DIR (relative to the repository, as wixl wants it) holds certdeck.exe and
#   certdeck-window.exe; CERTDECK (default target/debug/certdeck) generates the PowerShell
#   completion the MSI ships.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:?usage: msi.sh BIN_DIR OUT.msi}"
out="${2:?usage: msi.sh BIN_DIR OUT.msi}"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)"
mkdir -p target/generated "$(dirname "$out")"
"${CERTDECK:-target/debug/certdeck}" completions powershell >target/generated/certdeck.ps1
wixl -a x64 -D Wixl=1 -D "Version=$version" -D "CargoTargetBinDir=$bin" -o "$out" \
  packaging/windows/main.wxs 2> >(grep -v -e 'GLib-GObject-WARNING' -e '^$' >&2)
# PATH: system variable, our folder appended on install and removed on uninstall (main.wxs's
# <Environment Part='last' Action='set' System='yes' Permanent='no'>).
idt="$(mktemp -d)"
printf 'Environment\tName\tValue\tComponent_\ns72\tl255\tL255\ts72\nEnvironment\tEnvironment\nPATH\t=-*PATH\t[~];[Bin]\tPath\n' \
  >"$idt/Environment.idt"
msibuild "$out" -i "$idt/Environment.idt"
msibuild "$out" \
  -q "INSERT INTO InstallExecuteSequence (Action, Sequence) VALUES ('RemoveEnvironmentStrings', 3300)" \
  -q "INSERT INTO InstallExecuteSequence (Action, Sequence) VALUES ('WriteEnvironmentStrings', 5200)"
rm -rf "$idt"
echo "built $out (certdeck $version)"
