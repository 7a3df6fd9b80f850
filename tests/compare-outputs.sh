#!/usr/bin/env bash
# Issue 30 ("no behaviour changes"): the same commands on a fresh inventory made from the test
# fixtures, each one's output (and exit status) into OUTDIR, with what differs by nature between
# two runs (the data folder's path, the wall clock's stamps, random calendar UIDs) normalised.
# Run it with a binary from before a change and one from after, then `diff -r OLD NEW`.
# Usage: tests/compare-outputs.sh BINARY OUTDIR
set -u
B=$1; OUT=$2; mkdir -p "$OUT"
F=$(cd "$(dirname "$0")" && pwd)/fixtures
D=$(mktemp -d); export CERTDECK_DATA_DIR=$D CERTDECK_VAULT_PASSPHRASE=compare CERTDECK_KEYCHAIN=none
run() { local name=$1; shift; "$B" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"; echo "exit $?" >>"$OUT/$name.out"; }
run inspect inspect --json $F/fullchain.pem $F/keycert-with-dh.pem $F/chain.p7b $F/empty-subject.pem $F/ec256.pem $F/ed25519.pem $F/dh2048.pem $F/ecparams-p384.pem $F/leaf.der
run import import $F/keycert-with-dh.pem $F/root.pem $F/inter.pem $F/wildcard.pem $F/empty-subject.pem $F/ec256.pem $F/ec256.key $F/fullchain.pem $F/isrg-root-x1.pem
"$B" node add conf1 --fqdn conf1.example.com >/dev/null
"$B" node configure conf1 --driver folder --path "$D/kit" >/dev/null
"$B" node assign conf1 "$(openssl x509 -in $F/keycert-with-dh.pem -noout -fingerprint -sha256 | sed 's/.*=//; s/://g')" >/dev/null
"$B" node add sip1 --fqdn sip1.example.com >/dev/null
"$B" node configure sip1 --driver ssh --ssh-user root --cert-path /etc/ssl/s.pem --key-path /etc/ssl/s.key >/dev/null
run list list --json --at 2026-06-01T00:00:00Z
run list-text list --at 2026-06-01T00:00:00Z
run alarms alarms --json --at 2026-06-01T00:00:00Z
run report report csv --at 2026-06-01T00:00:00Z
run ics report ics --at 2026-06-01T00:00:00Z
run show show 1 --json
run nodes node list --json
run plan push conf1 --dry-run
run overview overview --json --at 2026-06-01T00:00:00Z
run trust trust list --json
run verify verify $F/fullchain.pem --at 2026-06-01T00:00:00Z --json
rm -rf "$D"
for f in "$OUT"/*; do
  sed -i -E "s#$D#DATADIR#g; s/^DTSTAMP:[0-9TZ]+/DTSTAMP:X/; s/^UID:[0-9a-f-]+/UID:X/; s/\"changed_at\":[0-9]+/\"changed_at\":X/g" "$f"
done
