//! Every format an administrator meets decodes, detected by content, and keys find their
//! certificates. Fixtures: tests/fixtures (see make.sh there).

use crate::common;

use certdeck::pki::key::KeyFormat;
use certdeck::pki::params::TlsParametersKind;
use certdeck::pki::{self, DecodeError, DecodeOptions, Object, PrivateKey};
use common::*;

fn leaf_public() -> certdeck::pki::PublicKeyMaterial {
    only_certificate(&decode_fixture("leaf.pem"))
        .public_key
        .clone()
        .expect("leaf public key")
}

fn only_key(name: &str) -> PrivateKey {
    let decoded = decode_fixture(name);
    assert!(decoded.errors.is_empty(), "{name}: {:?}", decoded.errors);
    let keys: Vec<_> = decoded.private_keys().cloned().collect();
    assert_eq!(keys.len(), 1, "{name}");
    keys[0].clone()
}

#[test]
fn pem_der_and_text_wrapped_certificates_decode_to_the_same_certificate() {
    let pem = only_certificate(&decode_fixture("leaf.pem"));
    let der = only_certificate(&decode_fixture("leaf.der"));
    assert_eq!(pem.fingerprint_sha256, der.fingerprint_sha256);

    let wrapped = decode_fixture("with-text.pem");
    assert!(wrapped.errors.is_empty(), "{:?}", wrapped.errors);
    let certs: Vec<_> = wrapped.certificates().collect();
    assert_eq!(certs.len(), 2);
    assert_eq!(certs[0].fingerprint_sha256, pem.fingerprint_sha256);
    assert_eq!(
        certs[1].subject.common_name(),
        Some("Certdeck Test Intermediate")
    );
}

#[test]
fn detection_ignores_the_file_name() {
    let bytes = std::fs::read(fixture("openssl3-default.pfx")).unwrap();
    let decoded = pki::decode_bytes(
        &bytes,
        "certificate.pem",
        &DecodeOptions::with_password(PASSWORD),
    );
    assert_eq!(decoded.certificates().count(), 2);
    assert_eq!(decoded.private_keys().count(), 1);
}

#[test]
fn bare_base64_without_pem_lines_is_read() {
    let pem = std::fs::read_to_string(fixture("leaf.pem")).unwrap();
    let body: String = pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .join("\n");
    let decoded = pki::decode_bytes(body.as_bytes(), "<pasted text>", &DecodeOptions::default());
    assert_eq!(decoded.certificates().count(), 1, "{:?}", decoded.errors);
}

#[test]
fn every_unencrypted_key_form_matches_its_certificate() {
    let public = leaf_public();
    for (name, format) in [
        ("leaf.key", KeyFormat::Pkcs8),
        ("leaf-pkcs1.pem", KeyFormat::Pkcs1),
        ("leaf-pkcs8.pem", KeyFormat::Pkcs8),
        ("leaf-pkcs8.der", KeyFormat::Pkcs8),
        ("leaf-pkcs1.der", KeyFormat::Pkcs1),
    ] {
        let key = only_key(name);
        assert_eq!(key.format, format, "{name}");
        assert!(key.matches(&public), "{name} does not match leaf.pem");
        assert_eq!(key.summary.bits, Some(2048));
    }
}

#[test]
fn every_encrypted_key_form_opens_with_the_password() {
    let public = leaf_public();
    let cases = [
        ("leaf-pkcs8-aes256.pem", "AES-256-CBC"),
        ("leaf-pkcs8-3des-sha1.pem", "PBKDF2-HMAC-SHA1"),
        ("leaf-pkcs8-aes128-sha512.der", "PBKDF2-HMAC-SHA512"),
        ("leaf-pkcs8-scrypt.pem", "scrypt"),
        ("leaf-pkcs8-pbe-sha1-3des.pem", "PBE-SHA1-3DES"),
        ("leaf-pkcs8-pbe-sha1-rc2-40.pem", "PBE-SHA1-RC2-40"),
        ("leaf-pkcs8-pbe-sha1-rc2-128.pem", "PBE-SHA1-RC2-128"),
        ("leaf-legacy-des3.pem", "DES-EDE3-CBC"),
        ("leaf-legacy-aes128.pem", "AES-128-CBC"),
        ("leaf-legacy-aes192.pem", "AES-192-CBC"),
        ("leaf-legacy-aes256.pem", "AES-256-CBC"),
    ];
    for (name, scheme) in cases {
        let key = only_key(name);
        assert!(key.matches(&public), "{name}");
        let protection = key.protection.clone().unwrap_or_default();
        assert!(protection.contains(scheme), "{name}: {protection}");
        // The decrypted key is the same key as the plain one, byte for byte.
        assert_eq!(
            key.pkcs8_der(),
            only_key("leaf-pkcs8.der").pkcs8_der(),
            "{name}"
        );
    }
}

#[test]
fn missing_and_wrong_passwords_are_their_own_errors() {
    for name in [
        "leaf-pkcs8-aes256.pem",
        "leaf-legacy-aes256.pem",
        "leaf-pkcs8-pbe-sha1-3des.pem",
        "openssl3-default.pfx",
    ] {
        let none = decode_plain(name);
        assert!(
            matches!(
                none.errors.as_slice(),
                [DecodeError::PasswordRequired { .. }]
            ),
            "{name}: {:?}",
            none.errors
        );
        let wrong = pki::decode_file(&fixture(name), &DecodeOptions::with_password("not-it"));
        assert!(
            matches!(wrong.errors.as_slice(), [DecodeError::WrongPassword { .. }]),
            "{name}: {:?}",
            wrong.errors
        );
        assert!(wrong.errors[0].wants_password());
        assert!(
            wrong.errors[0].to_string().contains(name),
            "error names the file"
        );
        assert!(wrong.items.is_empty());
    }
}

#[test]
fn several_passwords_are_tried_in_turn() {
    let options = DecodeOptions {
        passwords: vec!["first".to_string().into(), PASSWORD.to_string().into()],
        ..Default::default()
    };
    let decoded = pki::decode_file(&fixture("leaf-pkcs8-aes256.pem"), &options);
    assert_eq!(decoded.private_keys().count(), 1, "{:?}", decoded.errors);
}

#[test]
fn ec_ed25519_and_explicit_curve_keys_match_their_certificates() {
    for (cert, key, algorithm, curve) in [
        ("ec256.pem", "ec256.key", "EC", Some("P-256")),
        ("ec256.pem", "ec256-sec1.pem", "EC", Some("P-256")),
        (
            "ec256.pem",
            "ec256-sec1-with-params.pem",
            "EC",
            Some("P-256"),
        ),
        ("ed25519.pem", "ed25519.key", "Ed25519", None),
        ("ec-explicit.pem", "ec-explicit.key", "EC", Some("explicit")),
        ("rsa1024-sha1.pem", "rsa1024.key", "RSA", None),
    ] {
        let public = only_certificate(&decode_fixture(cert))
            .public_key
            .clone()
            .unwrap();
        let key = only_key(key);
        assert_eq!(key.summary.algorithm, algorithm);
        assert_eq!(key.summary.curve.as_deref(), curve);
        assert!(key.matches(&public), "{key:?} vs {cert}");
        assert!(!key.matches(&leaf_public()));
    }
}

#[test]
fn pkcs7_bundles_in_pem_and_der_carry_the_whole_chain() {
    for name in ["chain.p7b", "chain-der.p7b"] {
        let decoded = decode_fixture(name);
        assert!(decoded.errors.is_empty(), "{:?}", decoded.errors);
        let names: Vec<_> = decoded
            .certificates()
            .map(|c| c.subject.common_name().unwrap_or_default().to_string())
            .collect();
        assert_eq!(names.len(), 3, "{name}");
        assert!(names.contains(&"conf1.example.com".to_string()));
        assert!(names.contains(&"Certdeck Test Root".to_string()));
        assert!(
            decoded
                .items
                .iter()
                .all(|i| i.location.contains("PKCS#7 certificate"))
        );
    }
}

#[test]
fn pkcs12_variants_open() {
    let leaf = only_certificate(&decode_fixture("leaf.pem"));
    let cases: [(&str, Option<&str>); 7] = [
        ("openssl3-default.pfx", Some(PASSWORD)),
        ("openssl3-legacy.pfx", Some(PASSWORD)),
        ("aes-sha1mac.pfx", Some(PASSWORD)),
        ("pbes2-hmacsha1.pfx", Some(PASSWORD)),
        ("non-ascii-password.pfx", Some("pässwörd€")),
        ("empty-password.pfx", None),
        ("null-password.pfx", None),
    ];
    for (name, password) in cases {
        let options = password
            .map(DecodeOptions::with_password)
            .unwrap_or_default();
        let decoded = pki::decode_file(&fixture(name), &options);
        assert!(decoded.errors.is_empty(), "{name}: {:?}", decoded.errors);
        let found_leaf = decoded
            .certificates()
            .any(|c| c.fingerprint_sha256 == leaf.fingerprint_sha256);
        assert!(found_leaf, "{name}");
        let key = decoded.private_keys().next().expect("key");
        assert!(key.matches(leaf.public_key.as_ref().unwrap()), "{name}");
        assert_eq!(key.format, KeyFormat::Pkcs12);
    }
}

#[test]
fn pkcs12_with_several_keys_keeps_friendly_names_and_local_key_ids() {
    let decoded = decode_fixture("two-keys.pfx");
    assert!(decoded.errors.is_empty(), "{:?}", decoded.errors);
    let keys: Vec<_> = decoded
        .items
        .iter()
        .filter(|i| matches!(i.object, Object::PrivateKey(_)))
        .collect();
    assert_eq!(keys.len(), 2);
    let mut names: Vec<_> = keys
        .iter()
        .filter_map(|k| k.friendly_name.clone())
        .collect();
    names.sort();
    assert_eq!(names, ["conf1 server", "ec256 node"]);
    // Each key bag's localKeyId leads to the certificate with the same public key.
    for key_item in keys {
        let Object::PrivateKey(key) = &key_item.object else {
            unreachable!()
        };
        let cert = decoded
            .items
            .iter()
            .find(|i| {
                matches!(i.object, Object::Certificate(_))
                    && i.local_key_id == key_item.local_key_id
            })
            .expect("certificate bag with the same localKeyId");
        let Object::Certificate(cert) = &cert.object else {
            unreachable!()
        };
        assert!(key.matches(cert.public_key.as_ref().unwrap()));
    }
}

#[test]
fn a_key_appended_to_its_certificate_with_dh_parameters() {
    let decoded = decode_fixture("keycert-with-dh.pem");
    assert!(decoded.errors.is_empty(), "{:?}", decoded.errors);
    let kinds: Vec<_> = decoded.items.iter().map(|i| i.object.kind()).collect();
    assert_eq!(
        kinds,
        [
            "certificate",
            "private_key",
            "certificate",
            "tls_parameters"
        ]
    );
    let report = pki::inspect(&decoded, &pki::InspectOptions::at(fixture_time()));
    assert!(report[0].as_ref().unwrap().has_private_key);
    assert!(!report[2].as_ref().unwrap().has_private_key);
    let Object::TlsParameters(params) = &decoded.items[3].object else {
        panic!()
    };
    assert!(matches!(
        params.kind,
        TlsParametersKind::Dh { bits: 2048, .. }
    ));
}

#[test]
fn ec_parameters_and_public_keys() {
    let decoded = decode_fixture("ecparams-p384.pem");
    let Object::TlsParameters(params) = &decoded.items[0].object else {
        panic!()
    };
    assert_eq!(
        params.kind,
        TlsParametersKind::Ec {
            curve: "P-384".into()
        }
    );
    let decoded = decode_fixture("ffdhe2048.pem");
    let Object::TlsParameters(params) = &decoded.items[0].object else {
        panic!("{:?}", decoded.errors)
    };
    assert_eq!(
        params.kind,
        TlsParametersKind::Dh {
            bits: 2048,
            generator: Some(2)
        }
    );
    let decoded = decode_fixture("dh2048.pem");
    let Object::TlsParameters(params) = &decoded.items[0].object else {
        panic!("{:?}", decoded.errors)
    };
    assert_eq!(
        params.kind,
        TlsParametersKind::Dh {
            bits: 2048,
            generator: None
        }
    );
    for name in ["leaf-public.pem", "leaf-rsa-public.pem"] {
        let decoded = decode_fixture(name);
        let Object::PublicKey(public) = &decoded.items[0].object else {
            panic!("{name}")
        };
        assert_eq!(public, &leaf_public());
    }
}

#[test]
fn csr_in_pem_and_der_shows_subject_sans_key_and_checks_its_signature() {
    for name in ["request.csr", "request-der.csr"] {
        let decoded = decode_fixture(name);
        let Object::Csr(csr) = &decoded.items[0].object else {
            panic!("{name}: {:?}", decoded.errors)
        };
        assert_eq!(
            csr.subject.to_string(),
            "C=NO, O=Example AS, CN=renew.example.com"
        );
        assert_eq!(csr.san, ["DNS:renew.example.com", "DNS:renew2.example.com"]);
        assert_eq!(csr.key.bits, Some(2048));
        assert!(csr.signature_valid);
        assert_eq!(csr.public_key.as_ref(), Some(&leaf_public()));
    }
}

#[test]
fn a_tampered_csr_fails_its_signature_check() {
    let decoded = decode_fixture("request-der.csr");
    let Object::Csr(csr) = &decoded.items[0].object else {
        panic!()
    };
    let mut der = csr.der().to_vec();
    // Flip a byte inside the subject's CN value ("renew" → "senew").
    let at = der.windows(5).position(|w| w == b"renew").unwrap();
    der[at] = b's';
    let decoded = pki::decode_bytes(&der, "tampered.csr", &DecodeOptions::default());
    let Object::Csr(csr) = &decoded.items[0].object else {
        panic!("{:?}", decoded.errors)
    };
    assert!(!csr.signature_valid);
}

#[test]
fn crl_shows_issuer_dates_and_entries() {
    let decoded = decode_fixture("inter.crl");
    let Object::Crl(crl) = &decoded.items[0].object else {
        panic!("{:?}", decoded.errors)
    };
    assert_eq!(crl.issuer.common_name(), Some("Certdeck Test Intermediate"));
    assert!(crl.next_update.is_some());
    assert_eq!(crl.crl_number.as_deref(), Some("4096"));
    let wildcard = only_certificate(&decode_fixture("wildcard.pem"));
    assert_eq!(crl.entries.len(), 1);
    assert_eq!(crl.entries[0].serial, wildcard.serial);
    assert_eq!(crl.entries[0].reason.as_deref(), Some("KeyCompromise"));
}

#[test]
fn one_bad_block_does_not_hide_the_good_ones() {
    let good = std::fs::read_to_string(fixture("leaf.pem")).unwrap();
    let broken = good.replace("MII", "M!I");
    let input = format!("{good}\n{broken}\n{good}");
    let decoded = pki::decode_bytes(input.as_bytes(), "mixed.pem", &DecodeOptions::default());
    assert_eq!(decoded.certificates().count(), 2);
    assert_eq!(decoded.errors.len(), 1);
    let message = decoded.errors[0].to_string();
    assert!(
        message.starts_with("mixed.pem: PEM block 2 (CERTIFICATE, line "),
        "{message}"
    );
}

#[test]
fn large_bundles_keep_file_order_when_decoded_in_parallel() {
    let leaf = std::fs::read_to_string(fixture("leaf.pem")).unwrap();
    let inter = std::fs::read_to_string(fixture("inter.pem")).unwrap();
    let mut bundle = String::new();
    for i in 0..700 {
        bundle.push_str(if i % 2 == 0 { &leaf } else { &inter });
        if i == 555 {
            bundle
                .push_str("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        }
    }
    let decoded = pki::decode_bytes(bundle.as_bytes(), "bundle.pem", &DecodeOptions::default());
    assert_eq!(decoded.items.len(), 700);
    assert_eq!(decoded.errors.len(), 1);
    assert!(
        decoded.errors[0].to_string().contains("PEM block 557 "),
        "{}",
        decoded.errors[0]
    );
    for (i, item) in decoded.items.iter().enumerate() {
        let block = if i <= 555 { i + 1 } else { i + 2 };
        assert!(
            item.location.starts_with(&format!("PEM block {block} ")),
            "{i}: {}",
            item.location
        );
        let Object::Certificate(cert) = &item.object else {
            panic!()
        };
        let expected = if i % 2 == 0 {
            "conf1.example.com"
        } else {
            "Certdeck Test Intermediate"
        };
        assert_eq!(cert.subject.common_name(), Some(expected));
    }
}
