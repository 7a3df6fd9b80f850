//! A small local CA for labs: a root (and optionally an intermediate) and certificates issued
//! from requests or directly for a node, with the extensions each role needs.

use rcgen::{
    BasicConstraints, CertificateParams, CertificateSigningRequestParams, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SerialNumber,
};
use rustls_pki_types::{CertificateDer, CertificateSigningRequestDer};
use time::{Duration, OffsetDateTime};

use super::request::{CheckedRequest, Subject, Usage};

/// Certificates are back-dated a little so that clocks slightly behind still accept them.
const BACKDATE: Duration = Duration::minutes(5);

/// A random, positive, 16-byte serial number (RFC 5280 allows up to 20).
pub fn random_serial() -> Result<SerialNumber, String> {
    let mut bytes = [0u8; 16];
    aws_lc_rs::rand::fill(&mut bytes)
        .map_err(|_| "the system random generator failed".to_string())?;
    bytes[0] &= 0x7f;
    bytes[0] |= 0x01; // never a leading zero byte: exactly 16 bytes
    Ok(SerialNumber::from(bytes.to_vec()))
}

fn ca_params(
    subject: &Subject,
    lifetime_days: i64,
    path_len: Option<u8>,
    now: OffsetDateTime,
) -> Result<CertificateParams, String> {
    if subject
        .common_name
        .as_deref()
        .is_none_or(|cn| cn.trim().is_empty())
    {
        return Err("a CA needs a common name".into());
    }
    let checked = super::request::RequestSpec {
        subject: subject.clone(),
        ..Default::default()
    }
    .check(None)?;
    let mut params = CertificateParams::default();
    params.distinguished_name = checked.subject;
    params.is_ca = IsCa::Ca(match path_len {
        Some(n) => BasicConstraints::Constrained(n),
        None => BasicConstraints::Unconstrained,
    });
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    params.not_before = now - BACKDATE;
    params.not_after = now + Duration::days(lifetime_days);
    params.serial_number = Some(random_serial()?);
    params.use_authority_key_identifier_extension = true;
    Ok(params)
}

/// A self-signed root CA certificate (DER).
pub fn new_root(
    subject: &Subject,
    key: &KeyPair,
    lifetime_days: i64,
    now: OffsetDateTime,
) -> Result<Vec<u8>, String> {
    let mut params = ca_params(subject, lifetime_days, None, now)?;
    // A root has no issuer to point at.
    params.use_authority_key_identifier_extension = false;
    params
        .self_signed(key)
        .map(|c| c.der().to_vec())
        .map_err(|e| format!("cannot make the root CA: {e}"))
}

/// An intermediate CA certificate (DER) signed by `parent` (which may issue only end entities:
/// path length 0).
pub fn new_intermediate(
    subject: &Subject,
    key: &KeyPair,
    parent_der: &[u8],
    parent_key: &KeyPair,
    lifetime_days: i64,
    now: OffsetDateTime,
) -> Result<Vec<u8>, String> {
    let params = ca_params(subject, lifetime_days, Some(0), now)?;
    let issuer = issuer(parent_der, parent_key)?;
    params
        .signed_by(key, &issuer)
        .map(|c| c.der().to_vec())
        .map_err(|e| format!("cannot make the intermediate CA: {e}"))
}

fn issuer<'a>(ca_der: &[u8], ca_key: &'a KeyPair) -> Result<Issuer<'a, &'a KeyPair>, String> {
    Issuer::from_ca_cert_der(&CertificateDer::from(ca_der), ca_key)
        .map_err(|e| format!("the CA certificate cannot be used: {e}"))
}

/// End-entity extensions: not a CA, the key usages its key type allows, the purposes asked for.
fn end_entity(
    params: &mut CertificateParams,
    usage: Usage,
    rsa: bool,
    lifetime_days: i64,
    now: OffsetDateTime,
) -> Result<(), String> {
    params.is_ca = IsCa::ExplicitNoCa;
    params.key_usages = if rsa {
        vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ]
    } else {
        vec![KeyUsagePurpose::DigitalSignature]
    };
    params.extended_key_usages = usage.purposes();
    params.not_before = now - BACKDATE;
    params.not_after = now + Duration::days(lifetime_days);
    params.serial_number = Some(random_serial()?);
    params.use_authority_key_identifier_extension = true;
    Ok(())
}

/// Issues a certificate for a PKCS#10 request (its signature is checked first).
pub fn issue_from_csr(
    csr_der: &[u8],
    ca_der: &[u8],
    ca_key: &KeyPair,
    usage: Usage,
    lifetime_days: i64,
    now: OffsetDateTime,
) -> Result<Vec<u8>, String> {
    let mut request =
        CertificateSigningRequestParams::from_der(&CertificateSigningRequestDer::from(csr_der))
            .map_err(|e| format!("the request cannot be used (bad signature or format): {e}"))?;
    let rsa = request.public_key.algorithm() == &rcgen::PKCS_RSA_SHA256
        || super::Csr::from_der(csr_der).is_ok_and(|c| c.key.algorithm == "RSA");
    if request.params.subject_alt_names.is_empty() {
        return Err(
            "the request has no subject alternative name: clients would reject the certificate"
                .into(),
        );
    }
    end_entity(&mut request.params, usage, rsa, lifetime_days, now)?;
    let issuer = issuer(ca_der, ca_key)?;
    request
        .signed_by(&issuer)
        .map(|c| c.der().to_vec())
        .map_err(|e| format!("cannot issue the certificate: {e}"))
}

/// Issues a certificate for a new key directly (a node's certificate made in one step).
pub fn issue_direct(
    request: &CheckedRequest,
    key: &KeyPair,
    ca_der: &[u8],
    ca_key: &KeyPair,
    lifetime_days: i64,
    now: OffsetDateTime,
) -> Result<Vec<u8>, String> {
    let mut params = request.params()?;
    let rsa = key.algorithm() == &rcgen::PKCS_RSA_SHA256;
    end_entity(&mut params, request.usage, rsa, lifetime_days, now)?;
    let issuer = issuer(ca_der, ca_key)?;
    params
        .signed_by(key, &issuer)
        .map(|c| c.der().to_vec())
        .map_err(|e| format!("cannot issue the certificate: {e}"))
}

/// Why a certificate is revoked (RFC 5280 §5.3.1), as the local CA records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum RevocationReason {
    Unspecified,
    KeyCompromise,
    CaCompromise,
    AffiliationChanged,
    Superseded,
    CessationOfOperation,
}

impl RevocationReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unspecified => "unspecified",
            Self::KeyCompromise => "key-compromise",
            Self::CaCompromise => "ca-compromise",
            Self::AffiliationChanged => "affiliation-changed",
            Self::Superseded => "superseded",
            Self::CessationOfOperation => "cessation-of-operation",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            Self::Unspecified,
            Self::KeyCompromise,
            Self::CaCompromise,
            Self::AffiliationChanged,
            Self::Superseded,
            Self::CessationOfOperation,
        ]
        .into_iter()
        .find(|r| r.as_str() == text)
    }

    fn rcgen(self) -> rcgen::RevocationReason {
        match self {
            Self::Unspecified => rcgen::RevocationReason::Unspecified,
            Self::KeyCompromise => rcgen::RevocationReason::KeyCompromise,
            Self::CaCompromise => rcgen::RevocationReason::CaCompromise,
            Self::AffiliationChanged => rcgen::RevocationReason::AffiliationChanged,
            Self::Superseded => rcgen::RevocationReason::Superseded,
            Self::CessationOfOperation => rcgen::RevocationReason::CessationOfOperation,
        }
    }
}

/// One revoked certificate on a CRL.
pub struct Revoked {
    /// The serial number's octets.
    pub serial: Vec<u8>,
    pub at: OffsetDateTime,
    pub reason: RevocationReason,
}

/// A CRL (DER) signed by the CA: number `number`, valid from `now` for `days` days, listing
/// `revoked`, with the CA's key identifier (RFC 5280 §5.2.1) and its number (§5.2.3).
pub fn crl(
    ca_der: &[u8],
    ca_key: &KeyPair,
    number: u64,
    revoked: &[Revoked],
    days: i64,
    now: OffsetDateTime,
) -> Result<Vec<u8>, String> {
    let params = rcgen::CertificateRevocationListParams {
        this_update: now - BACKDATE,
        next_update: now + Duration::days(days),
        crl_number: SerialNumber::from(number),
        issuing_distribution_point: None,
        revoked_certs: revoked
            .iter()
            .map(|r| rcgen::RevokedCertParams {
                serial_number: SerialNumber::from(r.serial.clone()),
                revocation_time: r.at,
                reason_code: Some(r.reason.rcgen()),
                invalidity_date: None,
            })
            .collect(),
        key_identifier_method: rcgen::KeyIdMethod::Sha256,
    };
    params
        .signed_by(&issuer(ca_der, ca_key)?)
        .map(|crl| crl.der().to_vec())
        .map_err(|e| format!("cannot sign the CRL: {e}"))
}
