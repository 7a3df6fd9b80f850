//! Chains of trust: the path is built and explained link by link, and the verdict comes from
//! rustls-webpki at the injected time.

use crate::common;

use std::sync::Arc;

use certdeck::pki::chain::{ChainEnd, CheckKind, Outcome};
use certdeck::pki::{CertPool, Certificate, Purpose, TrustSource, Verifier};
use common::*;
use rcgen::{BasicConstraints, IsCa, KeyUsagePurpose};

fn at() -> time::OffsetDateTime {
    ymd(2025, 1, 1)
}

fn pool(trusted: &[&Arc<Certificate>], others: &[&Arc<Certificate>]) -> CertPool {
    let mut pool = CertPool::new();
    for c in trusted {
        pool.add((*c).clone(), Some(TrustSource::Custom));
    }
    for c in others {
        pool.add((*c).clone(), None);
    }
    pool
}

fn check(report: &certdeck::pki::ChainReport, link: usize, kind: CheckKind) -> Outcome {
    report.links[link]
        .checks
        .iter()
        .find(|c| c.check == kind)
        .unwrap_or_else(|| panic!("no {kind:?} on link {link}: {:?}", report.links[link]))
        .outcome
}

#[test]
fn a_complete_chain_passes_every_check_and_webpki_trusts_it() {
    let root_ca = root("Chain Root");
    let inter = intermediate("Chain Intermediate", &root_ca);
    let (leaf_cert, _) = leaf("node1.example.com", &inter);
    let (root_cert, inter_cert) = (root_ca.cert(), inter.cert());

    let report = pool(&[&root_cert], &[&inter_cert]).build_path(&leaf_cert, at());
    assert_eq!(report.links.len(), 3);
    assert!(report.is_sound(), "{:#?}", report);
    assert!(matches!(
        report.end,
        ChainEnd::TrustedRoot {
            source: TrustSource::Custom,
            ..
        }
    ));
    for kind in [
        CheckKind::IssuerName,
        CheckKind::KeyIdentifier,
        CheckKind::Signature,
        CheckKind::IssuerIsCa,
        CheckKind::IssuerKeyCertSign,
    ] {
        assert_eq!(check(&report, 0, kind), Outcome::Pass, "{kind:?}");
        assert_eq!(check(&report, 1, kind), Outcome::Pass, "{kind:?}");
    }

    let verifier = Verifier::new([root_cert.as_ref()], [inter_cert.as_ref()], false).unwrap();
    let verdict = verifier
        .verify(&leaf_cert, Some("node1.example.com"), Purpose::Server, at())
        .unwrap();
    assert!(verdict.trusted, "{}", verdict.reason);
    // webpki checks names, including IP addresses, and purposes.
    let wrong = verifier
        .verify(&leaf_cert, Some("node2.example.com"), Purpose::Server, at())
        .unwrap();
    assert!(!wrong.trusted);
    assert_eq!(wrong.code.as_deref(), Some("CertNotValidForName"));
    assert!(
        wrong.reason.contains("valid for node1.example.com"),
        "{}",
        wrong.reason
    );
    let client = verifier
        .verify(&leaf_cert, None, Purpose::Client, at())
        .unwrap();
    assert!(
        !client.trusted,
        "serverAuth-only certificate must not pass client authentication"
    );
    assert!(
        client.reason.contains("extended key usage"),
        "{}",
        client.reason
    );
}

#[test]
fn a_missing_intermediate_is_named() {
    let root_ca = root("Gap Root");
    let inter = intermediate("Gap Intermediate", &root_ca);
    let (leaf_cert, _) = leaf("gap.example.com", &inter);
    let report = pool(&[&root_ca.cert()], &[]).build_path(&leaf_cert, at());
    let ChainEnd::MissingIssuer {
        issuer,
        authority_key_id,
    } = &report.end
    else {
        panic!("{:?}", report.end)
    };
    assert_eq!(issuer, "C=NO, O=Certdeck Tests, CN=Gap Intermediate");
    assert!(authority_key_id.is_some());
    assert_eq!(check(&report, 0, CheckKind::IssuerFound), Outcome::Fail);

    let verifier = Verifier::new([root_ca.cert().as_ref()], [], false).unwrap();
    let verdict = verifier
        .verify(&leaf_cert, None, Purpose::Server, at())
        .unwrap();
    assert_eq!(verdict.code.as_deref(), Some("UnknownIssuer"));
    assert!(verdict.reason.contains("issuer is unknown"));
}

#[test]
fn expiry_is_judged_at_the_given_time_with_the_date_in_the_reason() {
    let root_ca = root("Time Root");
    let (leaf_cert, _) = leaf("time.example.com", &root_ca); // until 2026-01-01
    let verifier = Verifier::new([root_ca.cert().as_ref()], [], false).unwrap();
    assert!(
        verifier
            .verify(&leaf_cert, None, Purpose::Server, ymd(2025, 6, 1))
            .unwrap()
            .trusted
    );
    let later = verifier
        .verify(&leaf_cert, None, Purpose::Server, ymd(2027, 6, 1))
        .unwrap();
    assert_eq!(later.code.as_deref(), Some("CertExpired"));
    assert!(later.reason.contains("2026-01-01"), "{}", later.reason);
    let report = pool(&[&root_ca.cert()], &[]).build_path(&leaf_cert, ymd(2027, 6, 1));
    assert_eq!(check(&report, 0, CheckKind::Validity), Outcome::Fail);
}

#[test]
fn a_same_name_impostor_fails_the_signature_and_key_id_checks() {
    let real = root("Twin Root");
    let impostor = root("Twin Root"); // same name, different key
    let (leaf_cert, _) = leaf("twin.example.com", &real);
    let report = pool(&[&impostor.cert()], &[]).build_path(&leaf_cert, at());
    assert_eq!(check(&report, 0, CheckKind::Signature), Outcome::Fail);
    assert_eq!(check(&report, 0, CheckKind::KeyIdentifier), Outcome::Fail);
    assert!(!report.is_sound());
    // With both available the real issuer is chosen.
    let report = pool(&[&impostor.cert(), &real.cert()], &[]).build_path(&leaf_cert, at());
    assert!(report.is_sound(), "{:#?}", report);
}

#[test]
fn issuer_must_be_a_ca_with_key_cert_sign_within_its_path_length() {
    let root_ca = root("Limits Root");
    // An intermediate with pathlen 0 that nevertheless issues another CA.
    let mut params = ca_params("Limited Intermediate", ymd(2021, 1, 1), ymd(2035, 1, 1));
    params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    let limited = intermediate_with(params, &root_ca);
    let sub = intermediate("Sub Intermediate", &limited);
    let (leaf_cert, _) = leaf("deep.example.com", &sub);
    let report =
        pool(&[&root_ca.cert()], &[&limited.cert(), &sub.cert()]).build_path(&leaf_cert, at());
    assert_eq!(report.links.len(), 4);
    assert_eq!(
        check(&report, 1, CheckKind::PathLength),
        Outcome::Fail,
        "{:#?}",
        report.links[1]
    );

    // A "CA" without keyCertSign.
    let mut params = ca_params("No Sign Intermediate", ymd(2021, 1, 1), ymd(2035, 1, 1));
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    let nosign = intermediate_with(params, &root_ca);
    let (leaf_cert, _) = leaf("nosign.example.com", &nosign);
    let report = pool(&[&root_ca.cert()], &[&nosign.cert()]).build_path(&leaf_cert, at());
    assert_eq!(
        check(&report, 0, CheckKind::IssuerKeyCertSign),
        Outcome::Fail
    );

    // A leaf used as an issuer.
    let mut params = leaf_params(
        Some("not-a-ca.example.com"),
        &["not-a-ca.example.com"],
        ymd(2021, 1, 1),
        ymd(2035, 1, 1),
    );
    params.key_usages.push(KeyUsagePurpose::KeyCertSign);
    let not_ca = intermediate_with(params, &root_ca);
    let (leaf_cert, _) = leaf("victim.example.com", &not_ca);
    let report = pool(&[&root_ca.cert()], &[&not_ca.cert()]).build_path(&leaf_cert, at());
    assert_eq!(check(&report, 0, CheckKind::IssuerIsCa), Outcome::Fail);
    let verifier =
        Verifier::new([root_ca.cert().as_ref()], [not_ca.cert().as_ref()], false).unwrap();
    assert!(
        !verifier
            .verify(&leaf_cert, None, Purpose::Server, at())
            .unwrap()
            .trusted
    );
}

#[test]
fn an_untrusted_root_ends_the_path_without_trust() {
    let root_ca = root("Stranger Root");
    let (leaf_cert, _) = leaf("stranger.example.com", &root_ca);
    let report = pool(&[], &[&root_ca.cert()]).build_path(&leaf_cert, at());
    assert!(matches!(report.end, ChainEnd::UntrustedRoot { .. }));
    assert!(report.state() != certdeck::pki::status::ChainState::Complete);
}

#[test]
fn ip_addresses_are_checked_as_ip_names() {
    let root_ca = root("IP Root");
    let (cert, _) = leaf_with(
        leaf_params(
            Some("sbc"),
            &["192.0.2.7", "sbc.example.com"],
            ymd(2024, 1, 1),
            ymd(2026, 1, 1),
        ),
        &root_ca,
    );
    assert!(cert.san.contains(&"IP:192.0.2.7".to_string()));
    let verifier = Verifier::new([root_ca.cert().as_ref()], [], false).unwrap();
    assert!(
        verifier
            .verify(&cert, Some("192.0.2.7"), Purpose::Server, at())
            .unwrap()
            .trusted
    );
    assert!(
        !verifier
            .verify(&cert, Some("192.0.2.8"), Purpose::Server, at())
            .unwrap()
            .trusted
    );
}

#[test]
fn built_in_mozilla_roots_are_recognised() {
    // ISRG Root X1 as shipped in the Mozilla store (public data, checked in).
    let decoded = certdeck::pki::decode_file(&fixture("isrg-root-x1.pem"), &Default::default());
    let isrg = only_certificate(&decoded);
    let pool = CertPool::new().with_builtin_roots();
    assert_eq!(pool.trust_of(&isrg), Some(TrustSource::Builtin));
    let report = pool.build_path(&isrg, at());
    assert!(matches!(
        report.end,
        ChainEnd::TrustedRoot {
            source: TrustSource::Builtin,
            ..
        }
    ));
    assert!(CertPool::new().trust_of(&isrg).is_none());
}
