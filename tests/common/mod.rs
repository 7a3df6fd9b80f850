//! Helpers shared by the integration tests: fixture paths and a small PKI built with rcgen, so
//! that dates, names and extensions are exactly what each test needs.
#![allow(dead_code)]

#[cfg(unix)]
pub mod acme;
pub mod daemons;
pub mod engines;
pub mod net;
pub mod nginx;
pub mod openssl_ca;
pub mod postgres;
pub mod proxy;
pub mod pushing;
pub mod server;
pub mod sshd;

// The keychain test binary includes this module too and starts no servers.
#[allow(unused_imports)]
pub use net::{free_port, runtime, wait_until_listening};

use std::path::PathBuf;
use std::sync::Arc;

use certdeck::pki::{self, Certificate, DecodeOptions, Decoded, Object};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose,
};
use time::OffsetDateTime;

pub const PASSWORD: &str = "test1234";

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Decodes a fixture with the fixtures' password.
pub fn decode_fixture(name: &str) -> Decoded {
    pki::decode_file(&fixture(name), &DecodeOptions::with_password(PASSWORD))
}

pub fn decode_plain(name: &str) -> Decoded {
    pki::decode_file(&fixture(name), &DecodeOptions::default())
}

/// Midnight UTC of a day.
pub fn ymd(year: i32, month: u8, day: u8) -> OffsetDateTime {
    let month = time::Month::try_from(month).expect("month");
    time::Date::from_calendar_date(year, month, day)
        .expect("date")
        .midnight()
        .assume_utc()
}

/// Inside the validity of the OpenSSL fixtures (generated 2026, valid a century).
pub fn fixture_time() -> OffsetDateTime {
    ymd(2030, 1, 1)
}

pub fn only_certificate(decoded: &Decoded) -> Arc<Certificate> {
    let certs: Vec<_> = decoded
        .items
        .iter()
        .filter_map(|i| match &i.object {
            Object::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(
        certs.len(),
        1,
        "expected one certificate, errors: {:?}",
        decoded.errors
    );
    certs[0].clone()
}

pub fn parse(der: &[u8]) -> Arc<Certificate> {
    Arc::new(Certificate::from_der(der).expect("certificate decodes"))
}

/// A CA made with rcgen, able to issue.
pub struct Ca {
    pub params: CertificateParams,
    pub key: KeyPair,
    pub der: Vec<u8>,
}

impl Ca {
    pub fn cert(&self) -> Arc<Certificate> {
        parse(&self.der)
    }

    pub fn issuer(&self) -> Issuer<'_, &KeyPair> {
        Issuer::from_params(&self.params, &self.key)
    }
}

pub fn name(cn: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CountryName, "NO");
    dn.push(DnType::OrganizationName, "Certdeck Tests");
    dn.push(DnType::CommonName, cn);
    dn
}

pub fn ca_params(cn: &str, from: OffsetDateTime, to: OffsetDateTime) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = name(cn);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.not_before = from;
    params.not_after = to;
    params.use_authority_key_identifier_extension = true;
    params
}

/// A root CA valid 2020–2040.
pub fn root(cn: &str) -> Ca {
    root_with(ca_params(cn, ymd(2020, 1, 1), ymd(2040, 1, 1)))
}

pub fn root_with(params: CertificateParams) -> Ca {
    let key = KeyPair::generate().expect("key");
    let der = params
        .self_signed(&key)
        .expect("self-signed")
        .der()
        .to_vec();
    Ca { params, key, der }
}

/// An intermediate CA valid 2021–2035 issued by `parent`.
pub fn intermediate(cn: &str, parent: &Ca) -> Ca {
    intermediate_with(ca_params(cn, ymd(2021, 1, 1), ymd(2035, 1, 1)), parent)
}

pub fn intermediate_with(params: CertificateParams, parent: &Ca) -> Ca {
    let (der, key) = issue(&params, parent);
    Ca { params, key, der }
}

/// Signs `params` with a fresh P-256 key under `issuer`.
pub fn issue(params: &CertificateParams, issuer: &Ca) -> (Vec<u8>, KeyPair) {
    let key = KeyPair::generate().expect("key");
    let der = params
        .signed_by(&key, &issuer.issuer())
        .expect("signed")
        .der()
        .to_vec();
    (der, key)
}

pub fn leaf_params(
    cn: Option<&str>,
    sans: &[&str],
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> CertificateParams {
    let mut params = CertificateParams::new(sans.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        .expect("sans");
    params.distinguished_name = match cn {
        Some(cn) => name(cn),
        None => DistinguishedName::new(),
    };
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.not_before = from;
    params.not_after = to;
    params.use_authority_key_identifier_extension = true;
    params
}

/// A server certificate valid 2024-01-01 – 2026-01-01 for `host`.
pub fn leaf(host: &str, issuer: &Ca) -> (Arc<Certificate>, KeyPair) {
    leaf_with(
        leaf_params(Some(host), &[host], ymd(2024, 1, 1), ymd(2026, 1, 1)),
        issuer,
    )
}

pub fn leaf_with(params: CertificateParams, issuer: &Ca) -> (Arc<Certificate>, KeyPair) {
    let (der, key) = issue(&params, issuer);
    (parse(&der), key)
}

pub fn self_signed(params: CertificateParams) -> (Arc<Certificate>, KeyPair) {
    let key = KeyPair::generate().expect("key");
    let der = params
        .self_signed(&key)
        .expect("self-signed")
        .der()
        .to_vec();
    (parse(&der), key)
}

/// Runs a command and returns stdout, failing the test with stderr if it cannot start.
pub fn run(program: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"))
}

/// Runs the `certdeck` binary on the inventory in `data` (passphrase vault, no keychain).
pub fn certdeck_in(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_certdeck"))
        .args(args)
        .env("CERTDECK_DATA_DIR", data)
        .env("CERTDECK_VAULT_PASSPHRASE", "vault passphrase")
        .env("CERTDECK_KEYCHAIN", "none")
        .output()
        .expect("certdeck runs")
}

/// [`certdeck_in`] with the vault passphrase `passphrase`.
pub fn certdeck_in_with(
    data: &std::path::Path,
    args: &[&str],
    passphrase: &str,
) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_certdeck"))
        .args(args)
        .env("CERTDECK_DATA_DIR", data)
        .env("CERTDECK_VAULT_PASSPHRASE", passphrase)
        .env("CERTDECK_KEYCHAIN", "none")
        .output()
        .expect("certdeck runs")
}

/// The JSON a command printed, or a failure showing what it printed instead.
pub fn json_of(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// DER as PEM (`-----BEGIN LABEL-----`, 64 columns).
pub fn pem(label: &str, der: &[u8]) -> String {
    use base64::Engine;
    let body = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).expect("base64 is ASCII"))
        .collect();
    format!(
        "-----BEGIN {label}-----\n{}\n-----END {label}-----\n",
        lines.join("\n")
    )
}
