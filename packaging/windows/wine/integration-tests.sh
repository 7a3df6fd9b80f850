#!/usr/bin/env bash
# The integration tests (tests/integration.rs) built for Windows and run under Wine: decode,
# statuses, chains, the inventory and its vault, exports, requests and the local CA, reports, the
# CLI (certdeck.exe run by the tests), node set-up, the HTTPS form and Pexip drivers against their
# in-process test servers — every test that does not start a Linux program.
# Skipped here, run on Linux by `cargo test`: the tests that start sshd, nginx, `openssl` (as a
# server or to cross-check; revocation:: and ocsp:: need both), bash or a shell reload command, the
# mail, directory and chat servers discovery is tested against (scan::) — none can run inside
# Wine — and the modules gated to unix (ssh, push_journal, acme, acme_window).
# Usage: packaging/windows/wine/integration-tests.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
work="$(mktemp -d)"
trap 'WINEPREFIX="$work/prefix" /usr/lib/wine/wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
packaging/windows/wine/prefix.sh "$WINEPREFIX" >/dev/null
# Cargo runs each Windows test binary through Wine; the tests' own certdeck.exe runs under the
# same prefix when they start it.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=/usr/lib/wine/wine64
skips=(
  https_upload:: probe:: push:: revocation:: ocsp:: scan::
  cli::completions_cover_every_command_and_bash_parses_them
  details::identity_fields_match_openssl
  export::pkcs12_in_both_profiles_is_read_by_openssl_for_rsa_ec_and_ed25519
  export::pem_keys_are_encrypted_unless_the_plain_key_is_confirmed
  export::pkcs7_der_and_trusted_ca_exports
  requests::a_request_signed_elsewhere_completes_when_imported
  requests::renewal_keeps_subject_and_names_and_adds_names
  requests::requests_for_every_key_type_verify_with_openssl_and_keep_the_conventional_order
  requests::the_local_ca_issues_chains_openssl_verifies_with_the_right_extensions
)
args=()
for skip in "${skips[@]}"; do args+=(--skip "$skip"); done
cargo test --target x86_64-pc-windows-gnu --test integration -- --test-threads 2 "${args[@]}" 2>&1 |
  grep -v -e '^wine: ' -e 'fixme:' | tee "$work/log"
passed="$(sed -n 's/^test result: ok\. \([0-9]*\) passed.*/\1/p' "$work/log" | tail -n 1)"
[ "${passed:-0}" -ge 80 ] || { echo "FAIL: only ${passed:-0} tests ran and passed under Wine" >&2; exit 1; }
echo "ok   $passed integration tests passed under Wine"
