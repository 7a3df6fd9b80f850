//! Decoded details agree with OpenSSL's reading of the same files, and every extension type is
//! decoded (unknown ones as OID + criticality + hex).

use crate::common;

use certdeck::pki::extensions::ExtensionValue;
use common::*;
use rcgen::{CustomExtension, GeneralSubtree, NameConstraints};

fn openssl_field(file: &str, flag: &str) -> String {
    let out = run(
        "openssl",
        &[
            "x509",
            "-in",
            &fixture(file).display().to_string(),
            "-noout",
            flag,
        ],
    );
    assert!(out.status.success(), "openssl {flag}");
    let text = String::from_utf8(out.stdout).unwrap();
    text.split_once('=')
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

fn openssl_field_with(file: &str, flags: &[&str]) -> String {
    let path = fixture(file).display().to_string();
    let mut args = vec!["x509", "-in", &path, "-noout"];
    args.extend_from_slice(flags);
    let out = run("openssl", &args);
    let text = String::from_utf8(out.stdout).unwrap();
    text.split_once('=')
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

fn no_colons_lower(s: &str) -> String {
    s.replace(':', "").to_lowercase()
}

#[test]
fn identity_fields_match_openssl() {
    let cert = only_certificate(&decode_fixture("leaf.pem"));
    assert_eq!(cert.version, 3);
    assert_eq!(
        cert.serial,
        openssl_field("leaf.pem", "-serial").to_lowercase()
    );
    assert_eq!(
        cert.fingerprint_sha256,
        no_colons_lower(&openssl_field_with(
            "leaf.pem",
            &["-fingerprint", "-sha256"]
        ))
    );
    assert_eq!(
        cert.fingerprint_sha1,
        no_colons_lower(&openssl_field_with("leaf.pem", &["-fingerprint", "-sha1"]))
    );
    // Subject in encoded order, every RDN.
    assert_eq!(
        cert.subject.to_string(),
        "C=NO, ST=Oslo, L=Oslo, O=Example AS, OU=Video, CN=conf1.example.com"
    );
    assert_eq!(
        cert.issuer.to_string(),
        "C=NO, O=Certdeck Test, CN=Certdeck Test Intermediate"
    );
    assert_eq!(cert.key.algorithm, "RSA");
    assert_eq!(cert.key.bits, Some(2048));
    assert_eq!(cert.signature_algorithm, "sha256WithRSAEncryption");
    assert!(!cert.is_ca && !cert.self_signed);

    // SPKI SHA-256 as `openssl pkey -pubin -outform DER | sha256`.
    let spki = run(
        "openssl",
        &[
            "x509",
            "-in",
            &fixture("leaf.pem").display().to_string(),
            "-noout",
            "-pubkey",
        ],
    );
    let decoded = certdeck::pki::decode_bytes(&spki.stdout, "pubkey", &Default::default());
    let certdeck::pki::Object::PublicKey(public) = &decoded.items[0].object else {
        panic!()
    };
    assert_eq!(Some(public), cert.public_key.as_ref());
    use sha2::Digest;
    assert_eq!(
        cert.spki_sha256,
        hex::encode(sha2::Sha256::digest(cert.spki_der()))
    );
}

#[test]
fn every_common_extension_is_decoded() {
    let cert = only_certificate(&decode_fixture("leaf.pem"));
    assert_eq!(
        cert.san,
        [
            "DNS:conf1.example.com",
            "DNS:conf1",
            "IP:192.0.2.10",
            "IP:2001:db8::10",
            "email:admin@example.com",
            "URI:sip:conf1.example.com"
        ]
    );
    let extensions = cert.extensions();
    let find = |name: &str| {
        extensions
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    let ku = find("Key Usage");
    assert!(ku.critical);
    assert_eq!(
        ku.value,
        ExtensionValue::KeyUsage {
            usages: vec!["digitalSignature".into(), "keyEncipherment".into()]
        }
    );
    assert_eq!(
        find("Extended Key Usage").value,
        ExtensionValue::ExtendedKeyUsage {
            purposes: vec!["serverAuth".into(), "clientAuth".into()]
        }
    );
    assert_eq!(
        find("Basic Constraints").value,
        ExtensionValue::BasicConstraints {
            ca: false,
            path_len: None
        }
    );
    let ExtensionValue::AuthorityInfoAccess { entries } =
        &find("Authority Information Access").value
    else {
        panic!()
    };
    assert_eq!(entries[0].method, "OCSP");
    assert_eq!(entries[0].location, "URI:http://ocsp.example.com");
    assert_eq!(entries[1].method, "CA Issuers");
    let ExtensionValue::CrlDistributionPoints { points } = &find("CRL Distribution Points").value
    else {
        panic!()
    };
    assert_eq!(points[0].names, ["URI:http://ca.example.com/inter.crl"]);
    let ExtensionValue::CertificatePolicies { policies } = &find("Certificate Policies").value
    else {
        panic!()
    };
    assert_eq!(policies[0].oid, "2.23.140.1.2.2");
    // AKI of the leaf = SKI of the intermediate.
    let inter = only_certificate(&decode_fixture("inter.pem"));
    assert_eq!(cert.authority_key_id, inter.subject_key_id);
    assert!(inter.subject_key_id.is_some());
    assert!(inter.is_ca);
    assert_eq!(inter.path_len, Some(0));
}

#[test]
fn name_constraints_scts_and_unknown_extensions() {
    let ca = root("Constrained Root");
    let mut params = ca_params("Constrained Intermediate", ymd(2021, 1, 1), ymd(2030, 1, 1));
    params.name_constraints = Some(NameConstraints {
        permitted_subtrees: vec![GeneralSubtree::DnsName("example.com".into())],
        excluded_subtrees: vec![GeneralSubtree::DnsName("bad.example.com".into())],
    });
    // An SCT list: one v1 SCT (log id 32 × 0xAB, timestamp 1700000000000 ms, ECDSA-SHA256).
    let mut sct = vec![0u8]; // version v1
    sct.extend([0xAB; 32]);
    sct.extend(1_700_000_000_000u64.to_be_bytes());
    sct.extend([0, 0]); // no extensions
    sct.extend([4, 3, 0, 2, 0x30, 0x00]); // SHA256 / ECDSA, 2-byte signature
    let mut list = ((sct.len() + 2) as u16).to_be_bytes().to_vec();
    list.extend((sct.len() as u16).to_be_bytes());
    list.extend(&sct);
    let mut octet = vec![0x04, list.len() as u8];
    octet.extend(&list);
    params.custom_extensions = vec![
        CustomExtension::from_oid_content(&[1, 3, 6, 1, 4, 1, 11129, 2, 4, 2], octet),
        {
            let mut ext = CustomExtension::from_oid_content(&[1, 2, 3, 4, 5], vec![0x05, 0x00]);
            ext.set_criticality(false);
            ext
        },
    ];
    let inter = intermediate_with(params, &ca).cert();
    let extensions = inter.extensions();
    let find = |oid: &str| {
        extensions
            .iter()
            .find(|e| e.oid == oid)
            .unwrap_or_else(|| panic!("{oid}"))
    };
    assert_eq!(
        find("2.5.29.30").value,
        ExtensionValue::NameConstraints {
            permitted: vec!["DNS:example.com".into()],
            excluded: vec!["DNS:bad.example.com".into()],
        }
    );
    let ExtensionValue::SignedCertificateTimestamps { scts } =
        &find("1.3.6.1.4.1.11129.2.4.2").value
    else {
        panic!("{:?}", find("1.3.6.1.4.1.11129.2.4.2"))
    };
    assert_eq!(scts[0].log_id, "ab".repeat(32));
    assert_eq!(scts[0].timestamp, 1_700_000_000_000);
    assert_eq!(scts[0].signature_algorithm, "ECDSA-SHA256");
    let unknown = find("1.2.3.4.5");
    assert_eq!(unknown.name, "1.2.3.4.5");
    assert!(!unknown.critical);
    assert_eq!(
        unknown.value,
        ExtensionValue::Unknown { hex: "0500".into() }
    );
}

#[test]
fn utf8_names_and_multi_valued_rdns_are_kept_in_order() {
    let mut params = leaf_params(
        None,
        &["xn--bcher-kva.example"],
        ymd(2024, 1, 1),
        ymd(2026, 1, 1),
    );
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(rcgen::DnType::CountryName, "DE");
    dn.push(rcgen::DnType::OrganizationName, "Bücher & Söhne GmbH");
    dn.push(rcgen::DnType::CommonName, "東京.example");
    params.distinguished_name = dn;
    let (cert, _) = self_signed(params);
    assert_eq!(
        cert.subject.to_string(),
        "C=DE, O=Bücher & Söhne GmbH, CN=東京.example"
    );
    assert_eq!(cert.display_name(), "東京.example");
}

#[test]
fn pem_text_round_trips() {
    let cert = only_certificate(&decode_fixture("leaf.pem"));
    let original = std::fs::read_to_string(fixture("leaf.pem")).unwrap();
    assert_eq!(cert.to_pem().trim(), original.trim());
}
