//! Signing requests and the local CA: every request passes `openssl req -verify`, every issued
//! chain passes `openssl verify`, and a request signed elsewhere completes when imported.

use crate::common;

use std::path::Path;

use crate::on_both_engines;
use certdeck::pki::extensions::ExtensionValue;
use certdeck::pki::request::{KeyType, Name, RequestSpec, Subject, Usage};
use certdeck::pki::status::Severity;
use certdeck::pki::{DecodeOptions, Object};
use certdeck::store::requests::{IssueSource, KeyChoice};
use certdeck::store::{Action, ImportInput, Inventory, NoPasswords, Role, VaultOptions};
use common::engines::Engine;
use common::*;
use zeroize::Zeroizing;

on_both_engines!(
    requests_for_every_key_type_verify_with_openssl_and_keep_the_conventional_order,
    pre_flight_checks,
    renewal_keeps_subject_and_names_and_adds_names,
    a_request_signed_elsewhere_completes_when_imported,
    the_local_ca_issues_chains_openssl_verifies_with_the_right_extensions,
);

fn open_on(engine: Engine, dir: &Path) -> Inventory {
    crate::common::engines::inventory(
        engine,
        dir,
        VaultOptions {
            passphrase: Some(Zeroizing::new("v".into())),
            keychain: false,
        },
    )
}

fn now() -> time::OffsetDateTime {
    ymd(2026, 1, 1)
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn openssl_ok(args: &[&str]) -> String {
    let out = run("openssl", args);
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "openssl {args:?}: {text}");
    text
}

fn spec(cn: &str, names: &[&str]) -> RequestSpec {
    RequestSpec {
        subject: Subject {
            common_name: Some(cn.into()),
            organization: Some("Example AS".into()),
            country: Some("NO".into()),
            locality: Some("Oslo".into()),
            state: Some("Oslo".into()),
            organizational_unit: Some("Video".into()),
            email: None,
        },
        names: names.iter().map(|s| s.to_string()).collect(),
        cn_in_san: true,
        usage: Usage::Server,
        node: None,
    }
}

fn requests_for_every_key_type_verify_with_openssl_and_keep_the_conventional_order(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    for key in KeyType::ALL {
        let outcome = inventory
            .create_request(
                spec("conf1.example.com", &["IP:192.0.2.10", "bücher.example"]),
                KeyChoice::New(key),
                None,
                false,
                now(),
            )
            .unwrap();
        let file = write(files.path(), &format!("{}.csr", key.name()), &outcome.pem);
        let text = openssl_ok(&["req", "-in", &file, "-verify", "-noout", "-subject"]);
        assert!(text.contains("verify OK"), "{text}");
        // C, ST, L, O, OU, CN whatever the order of the fields.
        assert!(text.contains("subject=C = NO, ST = Oslo, L = Oslo, O = Example AS, OU = Video, CN = conf1.example.com"), "{text}");
        assert_eq!(
            outcome.san,
            [
                "DNS:conf1.example.com",
                "IP:192.0.2.10",
                "DNS:xn--bcher-kva.example"
            ]
        );
        let ed25519_warned = outcome.lints.iter().any(|l| l.code == "ed25519");
        assert_eq!(ed25519_warned, key == KeyType::Ed25519);
    }
    let pending = inventory.requests().unwrap();
    assert_eq!(pending.len(), 6);
    assert!(
        pending
            .iter()
            .all(|r| r.status == "pending" && r.has_private_key)
    );
}

#[test]
fn names_are_validated_with_clear_messages() {
    assert_eq!(
        Name::parse("DNS:Bücher.Example").unwrap(),
        Name::Dns("xn--bcher-kva.example".into())
    );
    assert_eq!(
        Name::parse("2001:db8::1").unwrap().to_string(),
        "IP:2001:db8::1"
    );
    assert_eq!(
        Name::parse("admin@example.com").unwrap().to_string(),
        "email:admin@example.com"
    );
    assert_eq!(
        Name::parse("sip:conf@example.com").unwrap().to_string(),
        "URI:sip:conf@example.com"
    );
    for (bad, words) in [
        ("IP:300.1.1.1", "not an IPv4 or IPv6 address"),
        ("DNS:bad_host!.example", "not a valid host name"),
        ("email:nobody", "not an e-mail address"),
        ("URI:has space", "not a URI"),
        ("DNS:", "empty"),
    ] {
        let error = Name::parse(bad).unwrap_err();
        assert!(error.contains(words), "{bad}: {error}");
    }
    let error = spec("x.example.com", &["IP:999.0.0.1"])
        .check(None)
        .unwrap_err();
    assert!(error.starts_with("subject alternative name:"), "{error}");
    let mut bad_country = spec("x.example.com", &[]);
    bad_country.subject.country = Some("Norway".into());
    assert!(
        bad_country
            .check(None)
            .unwrap_err()
            .contains("two capital letters")
    );
}

fn pre_flight_checks(engine: Engine) {
    let mut no_names = spec("not a host name", &[]);
    no_names.cn_in_san = true;
    let checked = no_names.check(None).unwrap();
    assert!(
        checked
            .lints
            .iter()
            .any(|l| l.code == "no_san" && l.severity == Severity::Error)
    );

    let mut cn_only = spec("conf1.example.com", &[]);
    cn_only.cn_in_san = false;
    assert!(
        cn_only.check(None).unwrap().has_errors(),
        "no SAN at all when the CN is left out"
    );

    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    inventory
        .add_node(
            "sip1",
            "sip1.example.com",
            &["sip1-alt.example.com".into()],
            "server,sip",
            now(),
        )
        .unwrap();
    let error = inventory
        .create_request(
            spec("*.example.com", &[]),
            KeyChoice::New(KeyType::EcdsaP256),
            Some("sip1"),
            false,
            now(),
        )
        .unwrap_err()
        .to_string();
    assert!(error.contains("RFC 5922"), "{error}");
    let warned = inventory
        .create_request(
            spec("sip1.example.com", &[]),
            KeyChoice::New(KeyType::EcdsaP256),
            Some("sip1"),
            false,
            now(),
        )
        .unwrap();
    let lint = warned
        .lints
        .iter()
        .find(|l| l.code == "node_name_not_covered")
        .expect("alt name not covered");
    assert!(lint.message.contains("sip1-alt.example.com"));
    assert_eq!(lint.severity, Severity::Warning);

    let mut empty = spec("x", &["DNS:only.example.com"]);
    empty.subject = Subject::default();
    let checked = empty.check(None).unwrap();
    assert!(checked.lints.iter().any(|l| l.code == "empty_subject"));
}

fn renewal_keeps_subject_and_names_and_adds_names(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let report = inventory
        .import(
            &[ImportInput::Path(fixture("keycert-with-dh.pem"))],
            &DecodeOptions::default(),
            &mut NoPasswords,
            fixture_time(),
        )
        .unwrap();
    let id = report
        .outcomes
        .iter()
        .find(|o| o.kind == "certificate")
        .unwrap()
        .id
        .unwrap();
    let renewal = inventory
        .renew_request(
            id,
            &["DNS:conf1-new.example.com".into()],
            None,
            false,
            now(),
        )
        .unwrap();
    assert_eq!(
        renewal.subject,
        "C=NO, ST=Oslo, L=Oslo, O=Example AS, OU=Video, CN=conf1.example.com"
    );
    assert!(renewal.san.contains(&"DNS:conf1.example.com".to_string()));
    assert!(renewal.san.contains(&"IP:2001:db8::10".to_string()));
    assert!(
        renewal
            .san
            .contains(&"DNS:conf1-new.example.com".to_string())
    );
    assert_eq!(renewal.key, "RSA 2048", "a new key of the same kind");
    let files = tempfile::tempdir().unwrap();
    let file = write(files.path(), "renew.csr", &renewal.pem);
    openssl_ok(&["req", "-in", &file, "-verify", "-noout"]);
    // With the same key: the request carries the certificate's public key.
    let same = inventory
        .renew_request(id, &[], Some(KeyChoice::OfCertificate(id)), false, now())
        .unwrap();
    let decoded =
        certdeck::pki::decode_bytes(same.pem.as_bytes(), "same.csr", &DecodeOptions::default());
    let Object::Csr(csr) = &decoded.items[0].object else {
        panic!()
    };
    let cert = certdeck::pki::decode_file(&fixture("leaf.pem"), &DecodeOptions::default());
    assert_eq!(
        csr.public_key,
        cert.certificates().next().unwrap().public_key
    );
}

fn a_request_signed_elsewhere_completes_when_imported(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let outcome = inventory
        .create_request(
            spec("portal.example.com", &[]),
            KeyChoice::New(KeyType::Rsa2048),
            None,
            false,
            now(),
        )
        .unwrap();
    let csr = write(files.path(), "portal.csr", &outcome.pem);
    let ext = write(
        files.path(),
        "ext.cnf",
        "subjectAltName=DNS:portal.example.com\nextendedKeyUsage=serverAuth\n",
    );
    let signed = files.path().join("portal.crt").display().to_string();
    // The CA answers: the fixtures' intermediate signs with the openssl command.
    openssl_ok(&[
        "x509",
        "-req",
        "-in",
        &csr,
        "-CA",
        &path_of("inter.pem"),
        "-CAkey",
        &path_of("inter.key"),
        // The serial file goes to the temporary folder, never next to the checked-in fixtures.
        "-CAserial",
        &files.path().join("inter.srl").display().to_string(),
        "-CAcreateserial",
        "-days",
        "365",
        "-extfile",
        &ext,
        "-out",
        &signed,
    ]);
    let report = inventory
        .import(
            &[ImportInput::Path(signed.clone().into())],
            &DecodeOptions::default(),
            &mut NoPasswords,
            now(),
        )
        .unwrap();
    let cert = &report.outcomes[0];
    assert_eq!(cert.action, Action::Added);
    assert!(
        cert.detail.contains("paired with its private key"),
        "{}",
        cert.detail
    );
    assert!(
        cert.detail
            .contains(&format!("completes signing request #{}", outcome.id)),
        "{}",
        cert.detail
    );
    let (row, _) = inventory.find(&cert.id.unwrap().to_string()).unwrap();
    assert_eq!(row.role, Role::Server);
    let requests = inventory.requests().unwrap();
    assert_eq!(requests[0].status, "completed");
    assert_eq!(requests[0].certificate_id, cert.id);
}

fn path_of(name: &str) -> String {
    fixture(name).display().to_string()
}

fn the_local_ca_issues_chains_openssl_verifies_with_the_right_extensions(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let root = Subject {
        common_name: Some("Lab Root".into()),
        organization: Some("Lab".into()),
        country: Some("NO".into()),
        ..Default::default()
    };
    let intermediate = Subject {
        common_name: Some("Lab Issuing CA".into()),
        ..root.clone()
    };
    let cas = inventory
        .create_ca(&root, Some(&intermediate), KeyType::EcdsaP256, 3650, now())
        .unwrap();
    assert_eq!(cas.len(), 2);
    let listed = inventory.cas().unwrap();
    assert_eq!(listed[0].kind, "root");
    assert_eq!(listed[1].kind, "intermediate");
    let trusted = inventory.trusted_cas(false).unwrap();
    assert_eq!(trusted.len(), 1, "the root is trusted");

    // From a pending request.
    let request = inventory
        .create_request(
            spec("conf2.example.com", &[]),
            KeyChoice::New(KeyType::Rsa2048),
            None,
            false,
            now(),
        )
        .unwrap();
    let issued = inventory
        .issue(IssueSource::Request(request.id), None, 397, now())
        .unwrap();
    assert!(
        issued.detail.contains("completes signing request"),
        "{}",
        issued.detail
    );
    // Directly for a node.
    inventory
        .add_node(
            "conf3",
            "conf3.example.com",
            &["conf3".into()],
            "server",
            now(),
        )
        .unwrap();
    let for_node = inventory
        .issue(
            IssueSource::Node {
                name: "conf3".into(),
                key_type: KeyType::EcdsaP256,
                usage: Usage::Both,
            },
            None,
            397,
            now(),
        )
        .unwrap();
    assert_eq!(for_node.node.as_deref(), Some("conf3"));
    // From a CSR file whose key is elsewhere.
    let csr_der = certdeck::store::Inventory::read_request_file(&fixture("request.csr")).unwrap();
    let foreign = inventory
        .issue(
            IssueSource::Csr {
                der: csr_der,
                usage: Usage::Client,
            },
            None,
            30,
            now(),
        )
        .unwrap();

    let root_pem = write(
        files.path(),
        "root.pem",
        &certdeck::pki::pem::encode(
            "CERTIFICATE",
            &inventory.certificate_der(listed[0].certificate_id).unwrap(),
        ),
    );
    let inter_pem = write(
        files.path(),
        "inter.pem",
        &certdeck::pki::pem::encode(
            "CERTIFICATE",
            &inventory.certificate_der(listed[1].certificate_id).unwrap(),
        ),
    );
    let mut serials = std::collections::HashSet::new();
    for (outcome, purpose, eku) in [
        (&issued, "sslserver", vec!["serverAuth"]),
        (&for_node, "sslserver", vec!["serverAuth", "clientAuth"]),
        (&foreign, "sslclient", vec!["clientAuth"]),
    ] {
        let der = inventory.certificate_der(outcome.certificate_id).unwrap();
        let leaf = write(
            files.path(),
            &format!("{}.pem", outcome.certificate_id),
            &certdeck::pki::pem::encode("CERTIFICATE", &der),
        );
        let verified = openssl_ok(&[
            "verify",
            "-CAfile",
            &root_pem,
            "-untrusted",
            &inter_pem,
            "-purpose",
            purpose,
            "-attime",
            "1767225600",
            &leaf,
        ]);
        assert!(verified.contains(": OK"), "{verified}");
        let cert = certdeck::pki::Certificate::from_der(&der).unwrap();
        assert!(!cert.is_ca);
        assert!(cert.subject_key_id.is_some() && cert.authority_key_id.is_some());
        let find = |name: &str| {
            cert.extensions()
                .into_iter()
                .find(|e| e.name == name)
                .map(|e| e.value.clone())
        };
        assert_eq!(
            find("Basic Constraints"),
            Some(ExtensionValue::BasicConstraints {
                ca: false,
                path_len: None
            })
        );
        let Some(ExtensionValue::ExtendedKeyUsage { purposes }) = find("Extended Key Usage") else {
            panic!()
        };
        assert_eq!(purposes, eku);
        let Some(ExtensionValue::KeyUsage { usages }) = find("Key Usage") else {
            panic!()
        };
        assert!(usages.contains(&"digitalSignature".to_string()));
        assert_eq!(cert.serial.len(), 32, "16 random bytes");
        assert!(serials.insert(cert.serial.clone()));
    }
    let node_cert = certdeck::pki::Certificate::from_der(
        &inventory.certificate_der(for_node.certificate_id).unwrap(),
    )
    .unwrap();
    assert_eq!(node_cert.san, ["DNS:conf3.example.com", "DNS:conf3"]);
    let (row, _) = inventory
        .find(&for_node.certificate_id.to_string())
        .unwrap();
    assert!(row.has_private_key);
    assert_eq!(row.nodes, ["conf3"]);
    let (row, _) = inventory.find(&foreign.certificate_id.to_string()).unwrap();
    assert_eq!(row.role, Role::Leaf, "its key is not ours");
    // CA certificates: root unconstrained, intermediate limited to end entities.
    let inter = certdeck::pki::Certificate::from_der(
        &inventory.certificate_der(listed[1].certificate_id).unwrap(),
    )
    .unwrap();
    assert!(inter.is_ca);
    assert_eq!(inter.path_len, Some(0));
    assert_eq!(inventory.cas().unwrap()[1].issued, 3);
}
