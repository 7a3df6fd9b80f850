//! certdeck's verdicts against the x509-limbo conformance suite (tests/limbo/README.md): every
//! case's certificates, time, name and purpose through the same verifier `certdeck verify`
//! uses, under the policy the case belongs to (webpki cases under *web*, the others under
//! *private*), compared with the suite's expected result.

use std::collections::BTreeMap;
use std::io::Read;

use certdeck::pki::Certificate;
use certdeck::pki::verify::{Purpose, Verifier};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// When the suite was compiled: the time for cases that give none.
const COMPILED_AT: &str = "2026-11-29T16:48:00Z";

fn cases() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/limbo/limbo.json.gz");
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    let suite: Value = serde_json::from_str(&text).unwrap();
    suite["testcases"].as_array().unwrap().clone()
}

/// One PEM certificate as the suite writes it.
fn certificate(pem: &str) -> Option<Certificate> {
    use base64::Engine;
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .ok()?;
    Certificate::from_der(&der).ok()
}

fn certificates(list: &Value) -> Vec<Certificate> {
    list.as_array()
        .unwrap()
        .iter()
        .filter_map(|pem| certificate(pem.as_str().unwrap()))
        .collect()
}

/// certdeck's verdict on one case: trusted or not, and why.
fn judge(case: &Value) -> (bool, String) {
    let Some(leaf) = certificate(case["peer_certificate"].as_str().unwrap()) else {
        return (false, "the peer certificate does not parse".into());
    };
    let trusted = certificates(&case["trusted_certs"]);
    let intermediates = certificates(&case["untrusted_intermediates"]);
    let verifier = match Verifier::new(trusted.iter(), intermediates.iter(), false) {
        Ok(verifier) => verifier,
        Err(error) => return (false, error.to_string()),
    };
    let time = case["validation_time"].as_str().unwrap_or(COMPILED_AT);
    let now = OffsetDateTime::parse(time, &Rfc3339).unwrap();
    let purpose = if case["validation_kind"] == "CLIENT" {
        Purpose::Client
    } else {
        Purpose::Server
    };
    let host = case["expected_peer_name"]["value"].as_str();
    match verifier.verify(&leaf, host, purpose, now) {
        Ok(verdict) => (verdict.trusted, verdict.reason),
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
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let expected = case["expected_result"] == "SUCCESS";
        let (trusted, reason) = judge(case);
        let prefix = id.split("::").take(2).collect::<Vec<_>>().join("::");
        let entry = by_prefix.entry(prefix).or_default();
        entry.1 += 1;
        if trusted == expected {
            agreed += 1;
            entry.0 += 1;
        } else {
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
    for (prefix, (ok, all)) in &by_prefix {
        eprintln!("  {prefix}: {ok}/{all}");
    }
}
