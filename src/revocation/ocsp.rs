//! OCSP (RFC 6960): asking the responder a certificate's Authority Information Access names
//! whether it is revoked, and judging the answer — signed by the issuing CA or by a responder
//! it delegated to (RFC 6960 §4.2.2.2), about the certificate asked for, carrying the nonce
//! sent (RFC 8954) when the responder echoes one, and current.
//!
//! The messages are `x509-ocsp`'s; the signature is checked over the bytes received (not a
//! re-encoding) with x509-parser, as for certificates and CRLs.

use std::time::Duration;

use der07::{Decode, Encode};
use sha1::{Digest, Sha1};
use time::OffsetDateTime;
use x509_ocsp::{
    BasicOcspResponse, CertId, CertStatus, OcspRequest, OcspResponse, OcspResponseStatus, Request,
    ResponderId, TbsRequest,
};

use crate::pki::Certificate;

/// Larger answers are refused: one answer about one certificate is a few KB.
const MAX_RESPONSE_BYTES: usize = 1 << 20;

/// How long one responder may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Clocks differ: an answer may be dated this far in the future.
const CLOCK_SKEW: time::Duration = time::Duration::minutes(5);

/// An answer without nextUpdate and without the nonce echoed is taken for this long after its
/// thisUpdate (OpenSSL's `ocsp -validity_period` has no default limit; browsers keep a week).
const MAX_AGE_WITHOUT_NEXT_UPDATE: time::Duration = time::Duration::days(7);

const ID_PKIX_OCSP_NONCE: der07::asn1::ObjectIdentifier =
    der07::asn1::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.2");
const ID_PKIX_OCSP_BASIC: der07::asn1::ObjectIdentifier =
    der07::asn1::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.1");
const ID_SHA1: der07::asn1::ObjectIdentifier =
    der07::asn1::ObjectIdentifier::new_unwrap("1.3.14.3.2.26");

/// The HTTP OCSP responders `cert`'s Authority Information Access names, in order.
pub fn responders(cert: &Certificate) -> Vec<String> {
    use crate::pki::extensions::ExtensionValue;
    cert.extensions()
        .into_iter()
        .filter_map(|extension| match extension.value {
            ExtensionValue::AuthorityInfoAccess { entries } => Some(entries),
            _ => None,
        })
        .flatten()
        .filter(|entry| entry.method == "OCSP")
        .filter_map(|entry| entry.location.strip_prefix("URI:").map(str::to_string))
        .filter(|url| url.starts_with("http://") || url.starts_with("https://"))
        .collect()
}

/// What an answer says of the certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Good,
    Revoked {
        at: OffsetDateTime,
        reason: Option<String>,
    },
    /// The responder does not know the certificate (RFC 6960 §2.2).
    Unknown,
}

/// Who signed an accepted answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signer {
    /// The CA that issued the certificate.
    Issuer,
    /// A responder certificate that CA issued for OCSP signing (its subject).
    Delegated(String),
}

/// An answer that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: Status,
    pub this_update: OffsetDateTime,
    pub next_update: Option<OffsetDateTime>,
    pub signer: Signer,
    /// The responder echoed the nonce sent (false: it sent none, as pre-signed answers do).
    pub nonce_echoed: bool,
}

/// One question: the certificate as RFC 6960 names it (hashes of its issuer's name and key, its
/// serial) and the nonce sent with it.
pub struct Question {
    cert_id: CertId,
    nonce: Option<Vec<u8>>,
    issuer_subject_der: Vec<u8>,
    issuer_spki_der: Vec<u8>,
    issuer_key_hash: Vec<u8>,
}

impl Question {
    /// About `cert`, issued by `issuer`, with a fresh random nonce.
    pub fn new(cert: &Certificate, issuer: &Certificate) -> Result<Self, String> {
        let mut nonce = vec![0u8; 16];
        aws_lc_rs::rand::fill(&mut nonce).map_err(|_| "no random numbers for the nonce")?;
        Self::with_nonce(cert, issuer, Some(nonce))
    }

    /// As [`Question::new`] with a given nonce (none: an answer is taken without one).
    pub fn with_nonce(
        cert: &Certificate,
        issuer: &Certificate,
        nonce: Option<Vec<u8>>,
    ) -> Result<Self, String> {
        let issuer_key_hash = key_hash(issuer.spki_der())?;
        let serial = hex::decode(&cert.serial).map_err(|_| "the serial number is not readable")?;
        let invalid = |e: der07::Error| format!("cannot be asked about ({e})");
        let cert_id = CertId {
            hash_algorithm: spki07::AlgorithmIdentifierOwned {
                oid: ID_SHA1,
                parameters: Some(der07::asn1::Null.into()),
            },
            issuer_name_hash: der07::asn1::OctetString::new(
                Sha1::digest(cert.issuer_der()).to_vec(),
            )
            .map_err(invalid)?,
            issuer_key_hash: der07::asn1::OctetString::new(issuer_key_hash.clone())
                .map_err(invalid)?,
            serial_number: x509_cert02::serial_number::SerialNumber::new(&serial)
                .map_err(invalid)?,
        };
        Ok(Self {
            cert_id,
            nonce,
            issuer_subject_der: issuer.subject_der().to_vec(),
            issuer_spki_der: issuer.spki_der().to_vec(),
            issuer_key_hash,
        })
    }

    /// The OCSPRequest (DER), unsigned, with the nonce extension when there is a nonce.
    pub fn request_der(&self) -> Result<Vec<u8>, String> {
        let invalid = |e: der07::Error| format!("the request cannot be written ({e})");
        let request_extensions = match &self.nonce {
            Some(nonce) => {
                let value = der07::asn1::OctetString::new(nonce.clone()).map_err(invalid)?;
                Some(vec![x509_cert02::ext::Extension {
                    extn_id: ID_PKIX_OCSP_NONCE,
                    critical: false,
                    extn_value: der07::asn1::OctetString::new(value.to_der().map_err(invalid)?)
                        .map_err(invalid)?,
                }])
            }
            None => None,
        };
        OcspRequest {
            tbs_request: TbsRequest {
                version: Default::default(),
                requestor_name: None,
                request_list: vec![Request {
                    req_cert: self.cert_id.clone(),
                    single_request_extensions: None,
                }],
                request_extensions,
            },
            optional_signature: None,
        }
        .to_der()
        .map_err(invalid)
    }

    /// Judges an OCSPResponse (DER) to this question at `now`: the reason it cannot be taken,
    /// or what it says.
    pub fn judge(&self, response_der: &[u8], now: OffsetDateTime) -> Result<Answer, String> {
        let response = OcspResponse::from_der(response_der)
            .map_err(|e| format!("not an OCSP response ({e})"))?;
        if response.response_status != OcspResponseStatus::Successful {
            return Err(format!(
                "the responder refused to answer ({})",
                status_name(response.response_status)
            ));
        }
        let bytes = response
            .response_bytes
            .ok_or("the responder's answer is empty")?;
        if bytes.response_type != ID_PKIX_OCSP_BASIC {
            return Err(format!(
                "the answer is of a kind certdeck does not read ({})",
                bytes.response_type
            ));
        }
        let raw = bytes.response.as_bytes();
        let basic =
            BasicOcspResponse::from_der(raw).map_err(|e| format!("the answer is damaged ({e})"))?;
        let signed = split_signed(raw)?;
        let signer = self.signer(&basic.tbs_response_data.responder_id, &signed, now)?;

        let data = &basic.tbs_response_data;
        let nonce_echoed = match (data.nonce(), &self.nonce) {
            (Some(theirs), Some(ours)) if theirs.0.as_bytes() != ours.as_slice() => {
                return Err(
                    "the answer carries another nonce than the one sent (a replayed \
                            answer?)"
                        .into(),
                );
            }
            (Some(_), Some(_)) => true,
            _ => false,
        };
        let single = data
            .responses
            .iter()
            .find(|single| self.same_certificate(&single.cert_id))
            .ok_or(
                "the answer is about another certificate (the responder answered for another \
                 issuer or serial number)",
            )?;
        let this_update = when(&single.this_update)?;
        let next_update = single.next_update.as_ref().map(when).transpose()?;
        if this_update > now + CLOCK_SKEW {
            return Err(format!("the answer is dated in the future ({this_update})"));
        }
        match next_update {
            Some(next) if next < now => {
                return Err(format!(
                    "the answer is out of date (its nextUpdate was {next})"
                ));
            }
            None if !nonce_echoed && this_update + MAX_AGE_WITHOUT_NEXT_UPDATE < now => {
                return Err(format!(
                    "the answer is too old (thisUpdate {this_update}, no nextUpdate, no nonce)"
                ));
            }
            _ => {}
        }
        let status = match &single.cert_status {
            CertStatus::Good(_) => Status::Good,
            CertStatus::Unknown(_) => Status::Unknown,
            CertStatus::Revoked(info) => Status::Revoked {
                at: when(&info.revocation_time)?,
                reason: info
                    .revocation_reason
                    .map(|reason| x509_parser::x509::ReasonCode(reason as u8).to_string()),
            },
        };
        Ok(Answer {
            status,
            this_update,
            next_update,
            signer,
            nonce_echoed,
        })
    }

    /// Who signed the answer, once its signature is verified: the issuer, or a responder the
    /// issuer certified for OCSP signing that is carried in the answer (RFC 6960 §4.2.2.2).
    fn signer(
        &self,
        responder: &ResponderId,
        signed: &Signed<'_>,
        now: OffsetDateTime,
    ) -> Result<Signer, String> {
        let names = |subject_der: &[u8], spki_der: &[u8]| match responder {
            ResponderId::ByName(name) => name.to_der().is_ok_and(|der| der == subject_der),
            ResponderId::ByKey(hash) => key_hash(spki_der).is_ok_and(|h| h == hash.as_bytes()),
        };
        if names(&self.issuer_subject_der, &self.issuer_spki_der) {
            signed.verify(&self.issuer_spki_der)?;
            return Ok(Signer::Issuer);
        }
        let mut refused = None;
        for der in &signed.certs {
            let Ok(cert) = Certificate::from_der(der) else {
                continue;
            };
            if !names(cert.subject_der(), cert.spki_der()) {
                continue;
            }
            let problem = if cert.issuer_der() != self.issuer_subject_der
                || !cert.signature_verifies_with(&self.issuer_spki_der)
            {
                Some("was not issued by the certificate's CA")
            } else if !cert
                .extended_key_usage
                .as_ref()
                .is_some_and(|purposes| purposes.iter().any(|p| p == "OCSPSigning"))
            {
                Some("is not certified for OCSP signing (no OCSPSigning extended key usage)")
            } else if now < cert.not_before || now > cert.not_after {
                Some("is not valid now")
            } else {
                None
            };
            match problem {
                None => {
                    signed.verify(cert.spki_der())?;
                    return Ok(Signer::Delegated(cert.subject.to_string()));
                }
                Some(problem) => {
                    refused = Some(format!("its responder {} {problem}", cert.subject))
                }
            }
        }
        Err(match refused {
            Some(reason) => format!("the answer cannot be trusted: {reason}"),
            None => "the answer is signed by a responder that is neither the certificate's CA \
                     nor one it delegated to"
                .into(),
        })
    }

    fn same_certificate(&self, id: &CertId) -> bool {
        id.hash_algorithm.oid == self.cert_id.hash_algorithm.oid
            && id.issuer_name_hash == self.cert_id.issuer_name_hash
            && id.issuer_key_hash.as_bytes() == self.issuer_key_hash.as_slice()
            && id.serial_number == self.cert_id.serial_number
    }
}

/// Asks `url` (HTTP POST, RFC 6960 Appendix A.1) and judges the answer.
pub async fn ask(
    client: &reqwest::Client,
    question: &Question,
    url: &str,
    now: OffsetDateTime,
) -> Result<Answer, String> {
    let response = client
        .post(url)
        .timeout(TIMEOUT)
        .header("Content-Type", "application/ocsp-request")
        .body(question.request_der()?)
        .send()
        .await
        .map_err(|e| {
            format!(
                "the responder cannot be reached ({})",
                super::without_url(&e)
            )
        })?;
    if !response.status().is_success() {
        return Err(format!("the responder answered {}", response.status()));
    }
    let body = super::read_capped(response, MAX_RESPONSE_BYTES)
        .await
        .map_err(|error| match error {
            super::BodyError::CutOff(why) => format!("the answer was cut off ({why})"),
            super::BodyError::TooLarge => {
                format!("the answer is larger than {} KB", MAX_RESPONSE_BYTES >> 10)
            }
        })?;
    question.judge(&body, now)
}

/// SHA-1 of a key's BIT STRING contents, as OCSP names a CA's key (RFC 6960 §4.1.1).
fn key_hash(spki_der: &[u8]) -> Result<Vec<u8>, String> {
    use x509_parser::prelude::FromDer;
    let (_, spki) = x509_parser::x509::SubjectPublicKeyInfo::from_der(spki_der)
        .map_err(|_| "the CA's public key is not readable")?;
    Ok(Sha1::digest(&*spki.subject_public_key.data).to_vec())
}

fn when(time: &x509_ocsp::OcspGeneralizedTime) -> Result<OffsetDateTime, String> {
    let seconds = time.0.to_unix_duration().as_secs();
    OffsetDateTime::from_unix_timestamp(seconds as i64)
        .map_err(|_| "the answer carries a date out of range".to_string())
}

fn status_name(status: OcspResponseStatus) -> &'static str {
    match status {
        OcspResponseStatus::Successful => "successful",
        OcspResponseStatus::MalformedRequest => "malformedRequest",
        OcspResponseStatus::InternalError => "internalError",
        OcspResponseStatus::TryLater => "tryLater",
        OcspResponseStatus::SigRequired => "sigRequired",
        OcspResponseStatus::Unauthorized => "unauthorized",
    }
}

/// A BasicOCSPResponse as received: the signed bytes, the signature and the certificates.
struct Signed<'a> {
    tbs: &'a [u8],
    algorithm: x509_parser::x509::AlgorithmIdentifier<'a>,
    signature: x509_parser::asn1_rs::BitString<'a>,
    certs: Vec<&'a [u8]>,
}

impl Signed<'_> {
    fn verify(&self, spki_der: &[u8]) -> Result<(), String> {
        use x509_parser::prelude::FromDer;
        let (_, key) = x509_parser::x509::SubjectPublicKeyInfo::from_der(spki_der)
            .map_err(|_| "the signer's public key is not readable")?;
        x509_parser::verify::verify_signature(&key, &self.algorithm, &self.signature, self.tbs)
            .map_err(|_| "the answer's signature does not verify".to_string())
    }
}

/// Splits a BasicOCSPResponse into its parts without re-encoding them (hand-written: x509-ocsp
/// decodes into owned values, whose re-encoding need not be the bytes that were signed).
fn split_signed(raw: &[u8]) -> Result<Signed<'_>, String> {
    use x509_parser::asn1_rs::{Any, BitString, FromDer, Sequence};
    let damaged = |_| "the answer is damaged".to_string();
    let (after, outer) = Sequence::from_der(raw).map_err(damaged)?;
    // The content is a slice of `raw`: take it from there so the parts live as long as `raw`.
    let end = raw.len() - after.len();
    let content = &raw[end - outer.content.len()..end];
    let (rest, _) = Any::from_der(content).map_err(damaged)?;
    let tbs = &content[..content.len() - rest.len()];
    let (rest, algorithm) = x509_parser::x509::AlgorithmIdentifier::from_der(rest)
        .map_err(|_| "the answer's signature algorithm is damaged".to_string())?;
    let (rest, signature) = BitString::from_der(rest).map_err(damaged)?;
    let mut certs = Vec::new();
    if !rest.is_empty() {
        let (_, tagged) = Any::from_der(rest).map_err(damaged)?;
        let (after, list) = Sequence::from_der(tagged.data).map_err(damaged)?;
        let end = tagged.data.len() - after.len();
        let mut list = &tagged.data[end - list.content.len()..end];
        while !list.is_empty() {
            let (rest, _) = Any::from_der(list).map_err(damaged)?;
            certs.push(&list[..list.len() - rest.len()]);
            list = rest;
        }
    }
    Ok(Signed {
        tbs,
        algorithm,
        signature,
        certs,
    })
}
