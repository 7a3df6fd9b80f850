#!/usr/bin/env bash
# Replays issue 28's attacks against one certdeck binary ($1, labelled $2) and a fresh PostgreSQL 15
# (Debian's postgresql, run as root): prints ATTACK WORKS or refused for each. Run once against
# the code before issue 28 (6b1ceaa: every attack worked) and after (every one refused); the
# tests that keep them refused are in tests/trust_boundaries.rs.
set -u
BIN=$1; LABEL=$2
W=$(mktemp -d); chown postgres "$W"
PG=/usr/lib/postgresql/15/bin; PORT=$((20000 + RANDOM % 20000))
runuser -u postgres -- $PG/initdb -D $W/data -U dba --auth=trust >/dev/null
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $W/ca.key -out $W/root.crt -subj /CN=replay-ca -days 30 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $W/data/server.key -out $W/server.csr -subj /CN=127.0.0.1 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > $W/ext
openssl x509 -req -in $W/server.csr -CA $W/root.crt -CAkey $W/ca.key -CAcreateserial -out $W/data/server.crt -days 30 -extfile $W/ext 2>/dev/null
chown postgres $W/data/server.*; chmod 600 $W/data/server.key
runuser -u postgres -- $PG/pg_ctl -D $W/data -o "-p $PORT -k $W -c listen_addresses=127.0.0.1 -c ssl=on" -l $W/log -w start >/dev/null
psql() { command psql -X -q -t -h 127.0.0.1 -p $PORT -U "$1" -d postgres -c "$2" 2>&1; }
say() { if [ "$2" = 0 ]; then echo "[$LABEL] ATTACK WORKS: $1"; else echo "[$LABEL] refused:      $1"; fi; }
export CERTDECK_KEYCHAIN=none CERTDECK_VAULT_PASSPHRASE=pw
D=$W/dba; mkdir -p $D
PLAIN="postgres://dba@127.0.0.1:$PORT/postgres?sslmode=disable"
TLS="postgres://dba@127.0.0.1:$PORT/postgres?sslmode=verify-full&sslrootcert=$W/root.crt"
# Item 5: a plain-text address.
$BIN --data-dir $D team init --url "$PLAIN" >/dev/null 2>&1; say "team init over sslmode=disable" $?
$BIN --data-dir $D team init --url "$TLS" >/dev/null 2>&1
rec() { $BIN --data-dir $W/$1 team identity 2>/dev/null | tail -1; }
URL=$TLS; $BIN --data-dir $D team init --url "$PLAIN" >/dev/null 2>&1 && URL=$PLAIN
for m in amy:admin otto:operator vic:viewer; do n=${m%%:*}; r=${m##*:}; mkdir -p $W/$n
  $BIN --data-dir $D team add $n --role $r --recipient "$(rec $n)" --url "$URL" >/dev/null 2>&1; done
# Item 10: the identity file's mode.
mode=$(stat -c %a $D/team-identity.age); [ "$mode" != 600 ]; say "team-identity.age is $mode" $?
# Item 2: an admin makes roles and grants herself server programs.
psql amy "CREATE ROLE mallory LOGIN" | grep -q 'denied'; [ $? != 0 ]; say "admin CREATE ROLE" $?
psql amy "GRANT pg_execute_server_program TO amy" | grep -q 'denied\|must have'; [ $? != 0 ]; say "admin GRANT pg_execute_server_program" $?
# Item 3: a viewer reads the sealed copies and sealed keys.
psql vic "SELECT count(*) FROM certdeck.team_keys" | grep -q 'denied'; [ $? != 0 ]; say "viewer reads team_keys" $?
psql vic "SELECT sealed FROM certdeck_inventory.private_keys" | grep -q 'denied'; [ $? != 0 ]; say "viewer reads private_keys.sealed" $?
# Item 1: an operator points a node's reload at a command.
psql dba "INSERT INTO certdeck_inventory.nodes (name, fqdn, created_at) VALUES ('sip1','sip1',0)" >/dev/null
psql otto "UPDATE certdeck_inventory.nodes SET driver='folder', settings='{\"path\":\"/tmp\",\"reload\":\"touch /tmp/pwned\"}' WHERE name='sip1'" | grep -q 'ERROR'; [ $? != 0 ]; say "operator sets a reload command" $?
# Item 4: an operator's direct UPDATE leaves a log line.
before=$(psql dba "SELECT count(*) FROM certdeck.audit" | tr -d ' ')
psql otto "UPDATE certdeck_inventory.nodes SET fqdn='evil' WHERE name='sip1'" >/dev/null
after=$(psql dba "SELECT count(*) FROM certdeck.audit" | tr -d ' ')
[ "$before" = "$after" ]; say "operator's direct UPDATE leaves no log line ($before -> $after)" $?
# Item 7: a reload command inherits the vault passphrase (local inventory).
L=$W/local; K=$W/kit; mkdir -p $K
$BIN --data-dir $L import $(dirname "$0")/fixtures/keycert-with-dh.pem >/dev/null 2>&1
id=$($BIN --data-dir $L list --json 2>/dev/null | python3 -c 'import json,sys; print([c["id"] for c in json.load(sys.stdin) if c["has_private_key"]][0])')
$BIN --data-dir $L node add kit1 --fqdn kit1 >/dev/null; $BIN --data-dir $L node assign kit1 $id >/dev/null
$BIN --data-dir $L node configure kit1 --driver folder --path $K --reload "env > $K/env.txt" >/dev/null
$BIN --data-dir $L push kit1 >/dev/null 2>&1
grep -q CERTDECK_VAULT_PASSPHRASE $K/env.txt; say "reload command sees CERTDECK_VAULT_PASSPHRASE" $?
# Item 9: a subject with a terminal escape reaches the terminal raw.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null -out $W/evil.pem -days 30 -utf8 -subj "/CN=evil$(printf '\033')]2;owned$(printf '\007')" 2>/dev/null
$BIN inspect $W/evil.pem 2>&1 | grep -q $'\033'; say "inspect prints a raw ESC from a subject" $?
# Item 6: an http:// HTTPS node.
$BIN --data-dir $L node add web1 --fqdn web1 >/dev/null
$BIN --data-dir $L node configure web1 --driver https --url http://127.0.0.1:9/up/ --http-user a >/dev/null 2>&1; say "an https node configured with http://" $?
runuser -u postgres -- $PG/pg_ctl -D $W/data -m immediate -w stop >/dev/null; rm -rf $W
