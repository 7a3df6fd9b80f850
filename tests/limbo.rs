//! certdeck's verdicts against the x509-limbo conformance suite (tests/limbo/README.md): every
//! case's certificates, time, name, purpose, depth limit and CRLs through the same verifier
//! `certdeck verify` uses, under the policy the case belongs to (the web PKI's cases under
//! *web*, the others under *private*), compared with the suite's expected result. Where
//! certdeck differs on purpose is listed in docs/verification.md.

use std::collections::BTreeMap;
use std::io::Read;

use certdeck::pki::Certificate;
use certdeck::pki::rules::Policy;
use certdeck::pki::verify::{Check, Purpose, Verifier};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// When the suite was compiled: the time for cases that give none.
const COMPILED_AT: &str = "2026-11-29T16:48:00Z";

/// The agreement CI holds certdeck to (per cent of the 208 cases).
const REQUIRED: f64 = 95.0;

/// Where certdeck differs from the suite on purpose (docs/verification.md says why): each is
/// a refusal where the suite accepts, none an acceptance where it refuses.
const DELIBERATE: [&str; 4] = [
    // A certificate without an authority key identifier (RFC 5280 §4.2.1.1), which
    // rfc5280::aki::intermediate-missing-aki refuses, in a chain the suite accepts.
    "cve::cve-2024-0567",
    // A common name that is not one of the SANs (BR §7.1.4.3), which webpki::cn::* refuse,
    // in leaves the suite accepts.
    "webpki::nc::nc-permits-dns-san-pattern",
    "webpki::san::exact-localhost-ip-san",
    "webpki::san::leftmost-wildcard-san",
];

fn cases() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/limbo/limbo.json.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let suite: Value = serde_json::from_str(&text).unwrap();
    suite["testcases"].as_array().unwrap().clone()
}

/// The DER inside one PEM block as the suite writes it.
fn der(pem: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD.decode(body).ok()
}

fn certificates(list: &Value) -> Vec<Certificate> {
    list.as_array()
        .unwrap()
        .iter()
        .filter_map(|pem| Certificate::from_der(&der(pem.as_str()?)?).ok())
        .collect()
}

/// The policy a case is judged under: the web PKI's cases under *web*, the others (RFC 5280,
/// path length, CRLs, pathological chains, real sites) under *private*.
fn policy_of(id: &str) -> Policy {
    if id.starts_with("webpki::") {
        Policy::Web
    } else {
        Policy::Private
    }
}

/// certdeck's verdict on one case under `policy`: trusted or not, and why.
fn judge(case: &Value, policy: Policy) -> (bool, String) {
    let leaf = der(case["peer_certificate"].as_str().unwrap())
        .and_then(|der| Certificate::from_der(&der).ok());
    let Some(leaf) = leaf else {
        return (false, "the peer certificate does not parse".into());
    };
    let trusted = certificates(&case["trusted_certs"]);
    let intermediates = certificates(&case["untrusted_intermediates"]);
    let verifier = match Verifier::new(trusted.iter(), intermediates.iter(), false) {
        Ok(verifier) => verifier,
        Err(error) => return (false, error.to_string()),
    };
    let time = case["validation_time"].as_str().unwrap_or(COMPILED_AT);
    let crls: Vec<Vec<u8>> = case["crls"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|pem| der(pem.as_str()?))
        .collect();
    let check = Check {
        host: case["expected_peer_name"]["value"].as_str(),
        purpose: if case["validation_kind"] == "CLIENT" {
            Purpose::Client
        } else {
            Purpose::Server
        },
        now: OffsetDateTime::parse(time, &Rfc3339).unwrap(),
        policy,
        max_intermediates: case["max_chain_depth"].as_u64().map(|d| d as usize),
        crls: &crls,
        revocation_required: false,
        ocsp: &[],
    };
    match verifier.verify_policy(&leaf, &check) {
        Ok(verdict) => (verdict.verdict.trusted, verdict.verdict.reason),
        Err(error) => (false, error.to_string()),
    }
}

#[test]
fn certdeck_agrees_with_x509_limbo() {
    let cases = cases();
    assert_eq!(cases.len(), 208, "the committed suite");
    let mut agreed = 0;
    let mut by_prefix: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut report = String::new();
    let mut differing = Vec::new();
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let expected = case["expected_result"] == "SUCCESS";
        let (trusted, reason) = judge(case, policy_of(id));
        let prefix = id.split("::").take(2).collect::<Vec<_>>().join("::");
        let entry = by_prefix.entry(prefix).or_default();
        entry.1 += 1;
        if trusted == expected {
            agreed += 1;
            entry.0 += 1;
        } else {
            differing.push(id);
            report.push_str(&format!(
                "{id}: expected {}, certdeck {} ({reason})\n",
                if expected { "SUCCESS" } else { "FAILURE" },
                if trusted { "trusted" } else { "rejected" }
            ));
        }
    }
    let percent = agreed as f64 * 100.0 / cases.len() as f64;
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("limbo-report.txt");
    std::fs::write(&out, &report).unwrap();
    eprintln!(
        "x509-limbo: certdeck agrees on {agreed} of {} ({percent:.1} %); disagreements in {}",
        cases.len(),
        out.display()
    );
    for (prefix, (ok, all)) in by_prefix.iter().filter(|(_, (ok, all))| ok < all) {
        eprintln!("  {prefix}: {ok}/{all}");
    }
    assert_eq!(
        differing, DELIBERATE,
        "certdeck differs from x509-limbo where it did not before:\n{report}"
    );
    assert!(
        percent >= REQUIRED,
        "certdeck agrees with x509-limbo on {percent:.1} % of its cases, under the {REQUIRED} % \
         required:\n{report}"
    );
}

/// The suite's RFC 5280 cases under the web policy too: what the stricter profile refuses on
/// top (reported, not held to: the web policy asks more than RFC 5280 by design).
#[test]
fn rfc5280_cases_under_the_web_policy() {
    let cases = cases();
    let mut agreed = 0;
    let mut judged = 0;
    let mut refused_more = Vec::new();
    // Cases the suite itself marks as conflicting with a web PKI case are left out.
    for case in cases.iter().filter(|c| {
        let id = c["id"].as_str().unwrap();
        id.starts_with("rfc5280::") && c["conflicts_with"].as_array().is_none_or(|a| a.is_empty())
    }) {
        judged += 1;
        let expected = case["expected_result"] == "SUCCESS";
        let (trusted, _) = judge(case, Policy::Web);
        if trusted == expected {
            agreed += 1;
        } else {
            // The web policy only adds rules: it never accepts what RFC 5280's cases refuse.
            assert!(!trusted, "{} accepted under web", case["id"]);
            refused_more.push(case["id"].as_str().unwrap().to_string());
        }
    }
    eprintln!(
        "x509-limbo RFC 5280 cases under the web policy: {agreed} of {judged}; refused on top: {}",
        refused_more.join(", ")
    );
}

/// The suite's CRLs cut short or with a byte flipped, and its certificates with a byte flipped,
/// through the verifier under both policies: a verdict every time, never a panic (the fuzz
/// target `verify_inputs` does the same with any bytes).
#[test]
fn damaged_crls_and_certificates_get_a_verdict_never_a_panic() {
    let now = OffsetDateTime::parse(COMPILED_AT, &Rfc3339).unwrap();
    for case in cases()
        .iter()
        .filter(|c| !c["crls"].as_array().unwrap().is_empty())
    {
        let trusted = certificates(&case["trusted_certs"]);
        let leaf_der = der(case["peer_certificate"].as_str().unwrap()).unwrap();
        let crl = der(case["crls"][0].as_str().unwrap()).unwrap();
        let verifier = Verifier::new(trusted.iter(), [], false).unwrap();
        let step = (crl.len() / 24).max(1);
        let mut damaged: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        for at in (0..crl.len()).step_by(step) {
            let mut flipped = crl.clone();
            flipped[at] ^= 0x5A;
            damaged.push((leaf_der.clone(), flipped));
            damaged.push((leaf_der.clone(), crl[..at].to_vec()));
        }
        for at in (0..leaf_der.len()).step_by((leaf_der.len() / 24).max(1)) {
            let mut flipped = leaf_der.clone();
            flipped[at] ^= 0x5A;
            damaged.push((flipped, crl.clone()));
        }
        for (leaf, crl) in damaged {
            let Ok(leaf) = Certificate::from_der(&leaf) else {
                continue;
            };
            for policy in [Policy::Web, Policy::Private] {
                let crls = [crl.clone()];
                let verdict = verifier.verify_policy(
                    &leaf,
                    &Check {
                        host: case["expected_peer_name"]["value"].as_str(),
                        purpose: Purpose::Server,
                        now,
                        policy,
                        max_intermediates: None,
                        crls: &crls,
                        revocation_required: false,
                        ocsp: &[],
                    },
                );
                // A damaged CRL that still names the certificate's issuer never lets a revoked
                // certificate through (one naming another issuer does not apply to it, as in
                // the suite's crl::certificate-serial-on-crl-different-issuer).
                let names_issuer = certdeck::pki::Crl::from_der(&crl)
                    .is_ok_and(|c| c.issuer_der == leaf.issuer_der());
                if let Ok(verdict) = verdict
                    && verdict.verdict.trusted
                    && names_issuer
                {
                    assert_ne!(
                        case["id"],
                        "crl::revoked-certificate-with-crl",
                        "trusted with CRL {} / leaf {}: {}",
                        hex::encode(&crl),
                        leaf.serial,
                        verdict.verdict.reason
                    );
                }
            }
        }
    }
}
