#!/usr/bin/env bash
# The Windows build of certdeck, run under Wine on every CI run (.ci/run). What it proves, each
# with the Windows program and Windows paths:
#   - decode and statuses: inspect of PEM, DER, PKCS#7 and PKCS#12 fixtures; CRLF line endings;
#     a file name with non-ASCII characters; C:\, Z:\ and \\?\ (extended, UNC-style) paths;
#   - the inventory in %APPDATA% (no --data-dir), the vault key in the Windows Credential Manager
#     (Wine's), import of a password-protected PFX, list, reports, and a PKCS#12 export that the
#     native openssl reads with the key;
#   - a push to the folder driver with a reload run by cmd.exe, and to OpenSSH sshd on loopback
#     (host key pinned, SSH key in the Credential Manager), checked byte for byte on disk;
#   - a probe of an openssl s_server on loopback.
# Usage: packaging/windows/wine/cli-test.sh path/to/certdeck.exe
# Needs: wine64, gcc-mingw-w64-x86-64, openssl, openssh-server, fonts-dejavu-core (.ci/run).
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
exe="$(realpath "${1:?usage: cli-test.sh certdeck.exe}")"
wine=/usr/lib/wine/wine64
work="$(mktemp -d)"
server_pids=()
cleanup() {
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  WINEPREFIX="$work/prefix" /usr/lib/wine/wineserver -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
"$root/packaging/windows/wine/prefix.sh" "$WINEPREFIX" >/dev/null
drive_c="$WINEPREFIX/drive_c"
fixtures="$root/tests/fixtures"

checks=0
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { checks=$((checks + 1)); echo "ok   $*"; }
# Runs certdeck.exe; Wine's own console noise is on stderr, kept apart.
certdeck() { "$wine" "$exe" "$@" 2>"$work/stderr"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; fail "nothing listens on $1"; }

version="$(certdeck --version | tr -d '\r')"
[[ "$version" == certdeck* ]] || fail "--version printed: $version"
ok "--version: $version"
# The icon and version information are embedded (packaging/windows/build.rs, cross-built too).
x86_64-w64-mingw32-objdump -h "$exe" | grep -q '\.rsrc' || fail "no resources (icon) in $exe"
ok "icon and version resources embedded"

# Windows paths: C:\ inside the prefix, Z:\ (Wine's view of /), and an extended \\?\ path.
mkdir -p "$drive_c/certs"
cp "$fixtures/fullchain.pem" "$fixtures/leaf.der" "$fixtures/chain.p7b" "$drive_c/certs/"
for path in 'C:\certs\fullchain.pem' "Z:${fixtures//\//\\}\\fullchain.pem" '\\?\C:\certs\fullchain.pem'; do
  out="$(certdeck inspect "$path" --json)"
  [ "$(grep -o '"fingerprint_sha256"' <<<"$out" | wc -l)" -ge 2 ] || fail "inspect $path: $out"
  ok "inspect $path"
done
out="$(certdeck inspect 'C:\certs\leaf.der' 'C:\certs\chain.p7b' --json)"
grep -q '"status"' <<<"$out" || fail "no statuses: $out"
ok "DER and PKCS#7 decoded with statuses"

# CRLF line endings (a PEM saved by Notepad) and a non-ASCII file name.
sed 's/$/\r/' "$fixtures/fullchain.pem" >"$drive_c/certs/Zertifikat-Größe-証明書.pem"
out="$(certdeck inspect 'C:\certs\Zertifikat-Größe-証明書.pem' --json)"
[ "$(grep -o '"fingerprint_sha256"' <<<"$out" | wc -l)" -ge 2 ] || fail "CRLF / non-ASCII: $out"
ok "CRLF PEM with a non-ASCII file name"

# The inventory in %APPDATA%, the vault key in the Credential Manager.
printf 'test1234\r\n' >"$drive_c/certs/password.txt"
cp "$fixtures/openssl3-default.pfx" "$drive_c/certs/server.pfx"
certdeck import 'C:\certs\server.pfx' --password-file 'C:\certs\password.txt' --json >"$work/import.json" ||
  fail "import: $(cat "$work/stderr")"
data="$(find "$drive_c/users" -path '*AppData/Roaming/certdeck*' -name inventory.sqlite3 | head -n 1)"
[ -n "$data" ] || fail "no inventory under %APPDATA%: $(find "$drive_c/users" -name inventory.sqlite3)"
ok "inventory in %APPDATA%: ${data#"$drive_c"/}"
python3 - "$data" <<'PY' || fail "the vault key is not in the Credential Manager"
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute("SELECT value FROM meta WHERE key = 'vault.kind'").fetchone()
kind = row[0].decode() if row and isinstance(row[0], bytes) else (row[0] if row else "")
print("vault:", kind)
sys.exit(0 if kind.startswith("keychain") else 1)
PY
ok "vault key in the Windows Credential Manager"
list="$(certdeck list --json)"
id="$(python3 -c 'import json,sys; rows=json.load(sys.stdin); print([r for r in rows if r["role"]=="server"][0]["id"])' <<<"$list")" ||
  fail "list: $list"
ok "list: server certificate #$id with its key"
certdeck report csv --out 'C:\certs\inventory.csv' >/dev/null || fail "report: $(cat "$work/stderr")"
grep -q "$id" "$drive_c/certs/inventory.csv" || fail "report lacks #$id"
ok "CSV report written to C:\\certs"
mkdir -p "$drive_c/certs/out"
certdeck export "$id" --key --chain --format pfx --passphrase exported --out 'C:\certs\out' >/dev/null ||
  fail "export: $(cat "$work/stderr")"
pfx="$(find "$drive_c/certs/out" -name '*.pfx' | head -n 1)"
openssl pkcs12 -in "$pfx" -passin pass:exported -nodes 2>/dev/null | grep -q 'PRIVATE KEY' ||
  fail "openssl cannot read the exported PFX"
ok "PKCS#12 export read by openssl with its key"

# A push to the folder driver; the reload runs through cmd.exe.
certdeck node add kit1 --fqdn conf1.example.com >/dev/null
certdeck node assign kit1 "$id" >/dev/null
certdeck node configure kit1 --driver folder --path 'C:\kit' --reload 'echo reloaded> C:\kit\reloaded.txt' >/dev/null ||
  fail "configure: $(cat "$work/stderr")"
certdeck push kit1 --no-verify --json >"$work/push.json" || fail "push: $(cat "$work/push.json") $(cat "$work/stderr")"
grep -q '"applied"' "$work/push.json" || fail "push: $(cat "$work/push.json")"
grep -q 'BEGIN PRIVATE KEY' "$drive_c/kit/certificate-key.pem" || fail "no key in C:\\kit"
grep -q reloaded "$drive_c/kit/reloaded.txt" || fail "the reload did not run"
ok "push to the folder driver (C:\\kit, reload by cmd.exe)"

# A push to OpenSSH sshd on loopback: host key pinned, SSH key in the Credential Manager.
if [ -x /usr/sbin/sshd ]; then
  ssh_dir="$work/sshd"
  mkdir -p "$ssh_dir/remote" /run/sshd
  ssh-keygen -q -t ed25519 -N '' -f "$ssh_dir/host_key"
  ssh-keygen -q -t ed25519 -N '' -f "$ssh_dir/client_key"
  cp "$ssh_dir/client_key.pub" "$ssh_dir/authorized_keys"
  port="$(free_port)"
  cat >"$ssh_dir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $ssh_dir/host_key
AuthorizedKeysFile $ssh_dir/authorized_keys
PidFile $ssh_dir/sshd.pid
StrictModes no
UsePAM no
PermitRootLogin prohibit-password
PasswordAuthentication no
Subsystem sftp internal-sftp
CONF
  /usr/sbin/sshd -D -f "$ssh_dir/sshd_config" -E "$ssh_dir/log" &
  server_pids+=($!)
  wait_port "$port"
  cp "$ssh_dir/client_key" "$drive_c/certs/client_key"
  user="$(id -un)"
  certdeck node add ssh1 --fqdn conf1.example.com >/dev/null
  certdeck node assign ssh1 "$id" >/dev/null
  certdeck node configure ssh1 --driver ssh --ssh-host 127.0.0.1 --ssh-port "$port" --ssh-user "$user" \
    --cert-path "$ssh_dir/remote/server.crt" --key-path "$ssh_dir/remote/server.key" >/dev/null ||
    fail "configure ssh: $(cat "$work/stderr")"
  certdeck node credential ssh1 --ssh-key 'C:\certs\client_key' >/dev/null || fail "credential: $(cat "$work/stderr")"
  certdeck node test ssh1 --accept >/dev/null || true
  certdeck push ssh1 --no-verify --json >"$work/push-ssh.json" ||
    fail "ssh push: $(cat "$work/push-ssh.json") $(cat "$work/stderr")"
  cmp -s "$ssh_dir/remote/server.key" "$drive_c/kit/certificate-key.pem" ||
    fail "the key on the SSH node differs from the folder kit's"
  [ "$(stat -c %a "$ssh_dir/remote/server.key")" = 600 ] || fail "key mode $(stat -c %a "$ssh_dir/remote/server.key")"
  ok "push over SSH/SFTP to sshd on loopback (key 0600, same bytes as the kit)"
fi

# A probe of a TLS server on loopback.
port="$(free_port)"
openssl s_server -accept "127.0.0.1:$port" -cert "$fixtures/fullchain.pem" -key "$fixtures/leaf.key" -quiet \
  </dev/null >/dev/null 2>&1 &
server_pids+=($!)
wait_port "$port"
out="$(certdeck probe "127.0.0.1:$port" --json || true)"
grep -q '"protocol"' <<<"$out" || fail "probe: $out $(cat "$work/stderr")"
ok "probe of openssl s_server on 127.0.0.1:$port"

echo "all $checks Windows checks passed under $("$wine" --version)"
