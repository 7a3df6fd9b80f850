#!/usr/bin/env bash
# Screenshots of the window's main views under Xvfb, into docs/screenshots/:
#   overview.png    the home screen: statuses, the expiry timeline, node health, next renewals
#   discovery.png   Discovery after a scan of two openssl s_server on loopback (one TLS 1.0 only)
#   main.png        the inventory (English, light), a certificate selected with its chain
#   dark.png        the same in the dark theme
#   settings.png    the settings screen
#   unattended.png  Settings → Unattended renewal after Check now, two channels, sealed secrets
#   japanese.png    the inventory in Japanese (needs a CJK font, e.g. fonts-droid-fallback)
#   inspect.png     "Inspect files" with files given on the command line
#   nodes.png       By node: each node with its certificate, trust list and alarms
#   nodelist.png    Nodes: how each node is reached, its endpoints and pin
#   alarms.png      the alarms screen
#   trusted.png     the trusted CAs (the administrator's and the built-in roots)
#   requests.png    the signing requests
#   export.png      the export dialog, opened with Ctrl+E, over the inventory
#   node.png        the node form (By node, Edit… on pexip-conf1) with the Pexip driver's fields
#   review.png      the import review: Import files… (no portal here, so the path field), a PKCS#12
#                   file opened with its password typed inline
#   push.png        the push dialog's plan (By node, Push… on pexip-conf1, See the plan)
#   csr.png         the signing-request wizard (Requests, New request…), a CN typed, its live checks
#   renewals.png    the Renewals screen of the inventory tests/acme_window.rs leaves with Pebble
#                   and BIND (one node renewed, one cancelled while waiting for its DNS record):
#                   CERTDECK_KEEP_LAB=/tmp/lab cargo test --test integration acme_window, then
#                   CERTDECK_LAB=/tmp/lab docs/screenshots/make.sh (taken only when it is set)
# The inventory holds the test fixtures and, when present, the 10,000-certificate benchmark
# bundle (cargo bench --bench engine writes target/bench-data/all.pem).
# Needs: apt-get install xvfb xauth xdotool imagemagick fonts-dejavu-core; a build (cargo build).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/docs/screenshots"
bin=${CERTDECK_BIN:-$root/target/debug/certdeck}
data=$(mktemp -d)
config=$(mktemp -d)
export XDG_RUNTIME_DIR=$(mktemp -d)
export CERTDECK_DATA_DIR="$data" CERTDECK_CONFIG_DIR="$config"
export CERTDECK_VAULT_PASSPHRASE="screenshot" CERTDECK_KEYCHAIN=none ICED_BACKEND=tiny-skia
trap 'rm -rf "$data" "$config" "$XDG_RUNTIME_DIR"' EXIT

fixtures="$root/tests/fixtures"
(cd "$fixtures" && "$bin" import keycert-with-dh.pem root.pem inter.pem wildcard.pem \
  empty-subject.pem ec256.pem ec256.key >/dev/null)
# Three nodes: one serving conf1's certificate, two still without one (alarms to show).
"$bin" node add --fqdn conf1.example.com pexip-conf1 >/dev/null
"$bin" node assign pexip-conf1 "$(openssl x509 -in "$fixtures/keycert-with-dh.pem" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g')" >/dev/null
"$bin" node configure pexip-conf1 --driver pexip --url https://pexmgr.example.com --http-user admin \
  --endpoint conf1.example.com:443 --endpoint conf1.example.com:5061 >/dev/null
"$bin" node trust pexip-conf1 "$(openssl x509 -in "$fixtures/root.pem" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g')" >/dev/null
"$bin" node add --fqdn conf2.example.com pexip-conf2 >/dev/null
"$bin" node add --fqdn sbc1.example.com --sip sbc1 >/dev/null
# Two notification channels (their secrets sealed by the vault: no keychain here).
echo "https://hooks.slack.example/T0/B0/XXXX" | "$bin" notify add ops-slack --webhook-file - --format slack >/dev/null
echo "relay password" | "$bin" notify add mail --smtp smtp.example.com --from certdeck@example.com \
  --to pki@example.com --user certdeck --password-file - >/dev/null
# A signing request waiting for its CA.
"$bin" csr new --cn conf9.example.com >/dev/null
if [ -f "$root/target/bench-data/all.pem" ]; then
  "$bin" import "$root/target/bench-data/all.pem" >/dev/null
fi
# Two TLS servers on loopback for Discovery: conf1's certificate, and an old TLS 1.0-only one.
openssl s_server -accept 127.0.0.1:24443 -quiet -naccept 10 -cert "$fixtures/keycert-with-dh.pem" \
  -key "$fixtures/keycert-with-dh.pem" -cert_chain "$fixtures/inter.pem" >/dev/null 2>&1 &
servers="$!"
openssl s_server -accept 127.0.0.1:24445 -quiet -naccept 10 -cert "$fixtures/leaf.pem" \
  -key "$fixtures/leaf.key" -tls1 -cipher DEFAULT@SECLEVEL=0 >/dev/null 2>&1 &
servers="$servers $!"
sleep 1
"$bin" scan 127.0.0.1 --ports tls:24443,tls:24445 --timeout 2 >/dev/null || true
kill $servers 2>/dev/null || true

# shot NAME SETTINGS-JSON [XDOTOOL-ACTION] [-- FILES...]: start the window, optionally act on
# it (click a sidebar entry, press a shortcut), save the screen.
# SHOTS="requests csr" takes only those.
shot() {
  local name=$1 settings=$2
  shift 2
  if [ -n "${SHOTS:-}" ] && [[ " $SHOTS " != *" $name "* ]]; then return; fi
  local click=""
  if [ $# -ge 1 ] && [ "$1" != "--" ]; then click="xdotool $1; sleep 2;"; shift; fi
  [ "${1:-}" = "--" ] && shift
  echo "$settings" >"$config/settings.json"
  xvfb-run -a -s "-screen 0 1280x800x24" sh -c "
    '$bin' $* &
    xdotool search --sync --onlyvisible --name certdeck >/dev/null
    sleep 6
    $click
    import -window root '$out/$name.png'
    kill \$!"
  echo "wrote $out/$name.png"
}

# The sidebar, top to bottom: Overview (y 27), All certificates (61), By node (96), Trusted CAs
# (131), Requests (166), Nodes (201), Discovery (235), Renewals (270), Alarms (305), Inspect
# files (339), Settings (773).
shot overview '{"language": "en", "theme": "light", "desktop_notifications": false}'
shot discovery '{"language": "en", "theme": "light", "desktop_notifications": false}' "mousemove 96 235 click 1"
shot main '{"language": "en", "theme": "light", "desktop_notifications": false}' "mousemove 96 61 click 1"
shot dark '{"language": "en", "theme": "dark", "desktop_notifications": false}' "mousemove 96 61 click 1"
shot settings '{"language": "en", "theme": "light", "desktop_notifications": false, "team_url": "postgres://ann@db.example.com/certdeck?sslmode=require"}' "mousemove 96 773 click 1"
shot nodes '{"language": "en", "theme": "light", "desktop_notifications": false}' "mousemove 96 96 click 1"
shot alarms '{"language": "en", "theme": "light", "desktop_notifications": false}' "mousemove 96 305 click 1"
shot trusted '{"language": "en", "theme": "light", "desktop_notifications": false}' "mousemove 96 131 click 1"
shot requests '{"language": "en", "theme": "light", "desktop_notifications": false}' "mousemove 96 166 click 1"
shot nodelist '{"language": "en", "theme": "light", "desktop_notifications": false}' "mousemove 96 201 click 1"
shot export '{"language": "en", "theme": "light", "desktop_notifications": false}' "mousemove 96 61 click 1 sleep 1 search --name certdeck windowfocus --sync key ctrl+e"
shot csr '{"language": "en", "theme": "light", "desktop_notifications": false}' "mousemove 96 166 click 1 sleep 1 mousemove 1199 79 click 1 sleep 1 search --name certdeck windowfocus --sync type conf1.example.com"
shot node '{"language": "en", "theme": "light", "desktop_notifications": false}' "mousemove 96 96 click 1 sleep 1 mousemove 1224 165 click 1 sleep 1"
shot review '{"language": "en", "theme": "light", "desktop_notifications": false}' "mousemove 1204 33 click 1 sleep 1 mousemove 700 104 click 1 search --name certdeck windowfocus --sync type $fixtures/openssl3-default.pfx
  sleep 0.5; xdotool key Return; sleep 2
  xdotool mousemove 600 159 click 1 type test1234; xdotool key Return"
shot push '{"language": "en", "theme": "light", "desktop_notifications": false}' "mousemove 96 96 click 1 sleep 1 mousemove 1145 165 click 1 sleep 1 mousemove 1010 745 click 1 sleep 2"
shot unattended '{"language": "en", "theme": "light", "desktop_notifications": false}' "mousemove 96 773 click 1 sleep 2 mousemove 640 500 click --repeat 25 5 sleep 1 mousemove 260 423 click 1 sleep 4 mousemove 640 500 click --repeat 6 5 sleep 1"
shot japanese '{"language": "ja", "theme": "light", "desktop_notifications": false}' "mousemove 96 61 click 1"
shot inspect '{"language": "en", "theme": "light", "desktop_notifications": false}' -- "$fixtures/fullchain.pem" "$fixtures/leaf.key"
if [ -n "${CERTDECK_LAB:-}" ]; then
  (
    export CERTDECK_DATA_DIR="$CERTDECK_LAB" CERTDECK_VAULT_PASSPHRASE="push test"
    shot renewals '{"language": "en", "theme": "light", "desktop_notifications": false}' "mousemove 96 270 click 1"
  )
fi
