//! Any bytes as a certificate, a trusted CA and a CRL through `certdeck verify`'s verifier under
//! both policies (webpki, certdeck's rules, RFC 5280's own path validation, the CRL checks): a
//! verdict or an error, never a panic or a hang.
#![no_main]

use certdeck::pki::Certificate;
use certdeck::pki::rules::Policy;
use certdeck::pki::verify::{Check, Purpose, Verifier};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Three inputs from one: split at the first two 0xff 0x00 markers (or take it whole).
    let mut parts = data.splitn(3, |b| *b == 0xff);
    let leaf = parts.next().unwrap_or_default();
    let ca = parts.next().unwrap_or(leaf);
    let crl = parts.next().unwrap_or_default().to_vec();
    let Ok(leaf) = Certificate::from_der(leaf) else {
        return;
    };
    let trusted: Vec<Certificate> = Certificate::from_der(ca).into_iter().collect();
    let Ok(verifier) = Verifier::new(trusted.iter(), [&leaf], false) else {
        return;
    };
    let crls = [crl];
    for policy in [Policy::Web, Policy::Private] {
        for crls in [&crls[..], &[]] {
            let _ = verifier.verify_policy(
                &leaf,
                &Check {
                    host: Some("example.com"),
                    purpose: Purpose::Server,
                    now: time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000),
                    policy,
                    max_intermediates: Some(1),
                    crls,
                    revocation_required: false,
                    ocsp: &[],
                },
            );
        }
    }
});
