//! X.509 certificates decoded into an owned model with every detail an administrator reads.

use sha1::Sha1;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::FromDer;

use super::error::Problem;
use super::extensions::{self, Extension};
use super::key::{KeySummary, PublicKeyMaterial};
use super::name::DistinguishedName;
use super::oids;
use super::pem;

/// Certificates larger than this are refused (real ones are a few KiB; huge ones are attacks).
pub const MAX_CERTIFICATE_SIZE: usize = 1 << 20;

/// A decoded certificate. Cheap to clone; all fields are owned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    der: Vec<u8>,
    /// Where the signed part (tbsCertificate) is in `der`: the signature algorithm and value
    /// follow it, so a signature is checked without parsing the certificate again.
    tbs: std::ops::Range<usize>,
    pub version: u32,
    /// Serial number as lowercase hex without separators.
    pub serial: String,
    pub subject: DistinguishedName,
    pub issuer: DistinguishedName,
    /// Where the DER of the subject and issuer names is in `der` (exact issuer matching): kept
    /// as places in the certificate rather than copies, as is the key's SubjectPublicKeyInfo —
    /// three allocations fewer in each of 100,000 parsed certificates.
    subject_at: std::ops::Range<usize>,
    issuer_at: std::ops::Range<usize>,
    pub not_before: OffsetDateTime,
    pub not_after: OffsetDateTime,
    pub key: KeySummary,
    /// `None` when the key could not be decoded (still shown, never matched).
    pub public_key: Option<PublicKeyMaterial>,
    spki_at: std::ops::Range<usize>,
    pub spki_sha256: String,
    pub signature_algorithm: String,
    /// Signed with MD2, MD4, MD5 or SHA-1.
    pub weak_signature: bool,
    pub fingerprint_sha1: String,
    pub fingerprint_sha256: String,
    /// Subject alternative names as `DNS:…`, `IP:…`, `email:…`, `URI:…`.
    pub san: Vec<String>,
    pub is_ca: bool,
    pub path_len: Option<u32>,
    /// Key usage bits (RFC 5280 order, bit 0 = digitalSignature) when the extension is present.
    pub key_usage: Option<u16>,
    /// Extended key usage purposes when the extension is present.
    pub extended_key_usage: Option<Vec<String>>,
    pub subject_key_id: Option<Vec<u8>>,
    pub authority_key_id: Option<Vec<u8>>,
    /// Subject and issuer are the same name.
    pub self_issued: bool,
    /// Self-issued and the signature verifies with its own key.
    pub self_signed: bool,
}

/// Where `part` (a slice of `whole`, as the parser hands it out) lies in `whole`.
fn range_in(whole: &[u8], part: &[u8]) -> std::ops::Range<usize> {
    let start = part.as_ptr() as usize - whole.as_ptr() as usize;
    start..start + part.len()
}

pub(crate) fn hex_lower(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

impl Certificate {
    /// Decodes a DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, Problem> {
        if der.len() > MAX_CERTIFICATE_SIZE {
            return Err(Problem::invalid(format!(
                "certificate of {} bytes is larger than the {MAX_CERTIFICATE_SIZE}-byte limit",
                der.len()
            )));
        }
        let (rest, x509) = X509Certificate::from_der(der)
            .map_err(|e| Problem::invalid(format!("not a valid X.509 certificate: {e}")))?;
        let der = &der[..der.len() - rest.len()];
        let tbs = &x509.tbs_certificate;
        let spki_der = tbs.subject_pki.raw;
        let public_key = PublicKeyMaterial::from_spki_der(spki_der).ok();
        let key = match &public_key {
            Some(material) => material.summary(),
            None => KeySummary {
                algorithm: crate::pki::oids::dotted(&tbs.subject_pki.algorithm.algorithm),
                bits: None,
                curve: None,
            },
        };
        let signature_oid = crate::pki::oids::dotted(&x509.signature_algorithm.algorithm);
        let (signature_algorithm, weak_signature) = oids::signature_name(&signature_oid);

        let mut san = Vec::new();
        let mut is_ca = false;
        let mut path_len = None;
        let mut key_usage = None;
        let mut extended_key_usage = None;
        let mut subject_key_id = None;
        let mut authority_key_id = None;
        for ext in tbs.extensions() {
            match ext.parsed_extension() {
                ParsedExtension::SubjectAlternativeName(names) => {
                    san.extend(names.general_names.iter().map(extensions::general_name));
                }
                ParsedExtension::BasicConstraints(bc) => {
                    is_ca = bc.ca;
                    path_len = bc.path_len_constraint;
                }
                ParsedExtension::KeyUsage(ku) => key_usage = Some(ku.flags),
                ParsedExtension::ExtendedKeyUsage(_) => {
                    if let extensions::ExtensionValue::ExtendedKeyUsage { purposes } =
                        extensions::decode(ext).value
                    {
                        extended_key_usage = Some(purposes);
                    }
                }
                ParsedExtension::SubjectKeyIdentifier(id) => subject_key_id = Some(id.0.to_vec()),
                ParsedExtension::AuthorityKeyIdentifier(aki) => {
                    authority_key_id = aki.key_identifier.as_ref().map(|id| id.0.to_vec());
                }
                _ => {}
            }
        }
        let subject_der = tbs.subject.as_raw();
        let issuer_der = tbs.issuer.as_raw();
        let self_issued = subject_der == issuer_der;
        // A self-issued certificate whose signature cannot be checked here (explicit curves, exotic
        // algorithms) still counts as self-signed when nothing points to another issuer key.
        let self_signed = self_issued
            && match x509.verify_signature(None) {
                Ok(()) => true,
                Err(x509_parser::error::X509Error::SignatureUnsupportedAlgorithm) => {
                    authority_key_id.is_none() || authority_key_id == subject_key_id
                }
                Err(_) => false,
            };

        Ok(Self {
            version: tbs.version.0 + 1,
            serial: hex_lower(tbs.raw_serial()),
            subject: DistinguishedName::from_x509(&tbs.subject),
            issuer: DistinguishedName::from_x509(&tbs.issuer),
            subject_at: range_in(der, subject_der),
            issuer_at: range_in(der, issuer_der),
            not_before: tbs.validity.not_before.to_datetime(),
            not_after: tbs.validity.not_after.to_datetime(),
            key,
            public_key,
            spki_sha256: hex_lower(&Sha256::digest(spki_der)),
            spki_at: range_in(der, spki_der),
            signature_algorithm,
            weak_signature,
            fingerprint_sha1: hex_lower(&Sha1::digest(der)),
            fingerprint_sha256: hex_lower(&Sha256::digest(der)),
            san,
            is_ca,
            path_len,
            key_usage,
            extended_key_usage,
            subject_key_id,
            authority_key_id,
            self_issued,
            self_signed,
            tbs: range_in(der, tbs.as_ref()),
            der: der.to_vec(),
        })
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The DER of the subject name.
    pub fn subject_der(&self) -> &[u8] {
        &self.der[self.subject_at.clone()]
    }

    /// The DER of the issuer name.
    pub fn issuer_der(&self) -> &[u8] {
        &self.der[self.issuer_at.clone()]
    }

    /// The DER of the SubjectPublicKeyInfo.
    pub fn spki_der(&self) -> &[u8] {
        &self.der[self.spki_at.clone()]
    }

    /// Every extension decoded for reading. Decoded when asked, not kept: most certificates of
    /// a large inventory are never shown, and their extensions as text were a third of a parsed
    /// certificate's memory. The DER parsed once already, so this cannot fail.
    pub fn extensions(&self) -> Vec<Extension> {
        X509Certificate::from_der(&self.der)
            .map(|(_, x509)| {
                x509.tbs_certificate
                    .extensions()
                    .iter()
                    .map(extensions::decode)
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn to_pem(&self) -> String {
        pem::encode("CERTIFICATE", &self.der)
    }

    /// The name administrators know a certificate by: its last CN, else its first SAN, else the DN.
    pub fn display_name(&self) -> String {
        if let Some(cn) = self.subject.common_name() {
            return cn.to_string();
        }
        if let Some(first) = self.san.first() {
            return first
                .split_once(':')
                .map(|(_, v)| v.to_string())
                .unwrap_or_else(|| first.clone());
        }
        self.subject.to_string()
    }

    /// True when the key usage extension is absent or allows signing certificates.
    pub fn allows_cert_sign(&self) -> bool {
        self.key_usage.is_none_or(|flags| flags & (1 << 5) != 0)
    }

    /// DNS names in the SAN (without the `DNS:` prefix).
    pub fn dns_names(&self) -> impl Iterator<Item = &str> {
        self.san.iter().filter_map(|s| s.strip_prefix("DNS:"))
    }

    /// `issuer` issued this certificate: its subject is this one's issuer and its key verifies
    /// this one's signature.
    pub fn issued_by(&self, issuer: &Certificate) -> bool {
        self.issuer_der() == issuer.subject_der() && self.signature_verifies_with(issuer.spki_der())
    }

    /// The signed part (tbsCertificate) and what follows it (signature algorithm, signature).
    pub(crate) fn signed_part(&self) -> SignedPart<'_> {
        SignedPart {
            tbs: &self.der[self.tbs.clone()],
            algorithm: &self.der[self.tbs.end..],
        }
    }

    /// Verifies this certificate's signature with `issuer_spki_der`.
    pub fn signature_verifies_with(&self, issuer_spki_der: &[u8]) -> bool {
        use x509_parser::asn1_rs::BitString;
        use x509_parser::x509::{AlgorithmIdentifier, SubjectPublicKeyInfo};
        let rest = &self.der[self.tbs.end..];
        let Ok((rest, algorithm)) = AlgorithmIdentifier::from_der(rest) else {
            return false;
        };
        let Ok((_, signature)) = BitString::from_der(rest) else {
            return false;
        };
        let Ok((_, key)) = SubjectPublicKeyInfo::from_der(issuer_spki_der) else {
            return false;
        };
        x509_parser::verify::verify_signature(
            &key,
            &algorithm,
            &signature,
            &self.der[self.tbs.clone()],
        )
        .is_ok()
    }

    /// Whole days from `now` to `not_after`, rounded down to whole days (negative once expired).
    pub fn days_left(&self, now: OffsetDateTime) -> i64 {
        (self.not_after - now).whole_days()
    }
}

/// A certificate's signed bytes and the DER after them (signatureAlgorithm, signatureValue).
pub(crate) struct SignedPart<'a> {
    pub tbs: &'a [u8],
    pub algorithm: &'a [u8],
}
