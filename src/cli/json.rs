//! The stable JSON shapes of `inspect --json` and `verify --json` (documented in docs/cli-json.md).

use serde::Serialize;
use time::OffsetDateTime;

use crate::pki::chain::ChainReport;
use crate::pki::crl::RevokedEntry;
use crate::pki::extensions::Extension;
use crate::pki::params::TlsParametersKind;
use crate::pki::status::{Severity, StatusCode};
use crate::pki::{CertificateReport, DecodeError, Item, KeySummary, Object};

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.to_string())
}

#[derive(Serialize)]
pub struct Key {
    #[serde(flatten)]
    pub summary: KeySummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spki_sha256: Option<String>,
}

/// A certificate's key as [`Key`] writes it, borrowed from the certificate.
#[derive(Serialize)]
pub struct KeyRef<'a> {
    #[serde(flatten)]
    pub summary: &'a KeySummary,
    pub spki_sha256: &'a str,
}

#[derive(Serialize)]
pub struct StatusJson<'a> {
    pub code: StatusCode,
    pub severity: Severity,
    pub reason: &'a str,
}

/// One element of `inspect --json`'s array. A certificate's element keeps its report and is
/// written from it and the parsed certificate by reference: copying both into an owned shape
/// first (its path's links and phrases, the names, SANs, fingerprints) was 35 allocations per
/// certificate, each freed again at once.
pub enum InspectJson<'a> {
    Certificate {
        item: &'a Item,
        report: CertificateReport,
    },
    Other(Box<OtherJson>),
    Error(ErrorJson),
}

impl Serialize for InspectJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Certificate { item, report } => {
                CertificateJson::of(item, report).serialize(serializer)
            }
            Self::Other(other) => other.serialize(serializer),
            Self::Error(error) => error.serialize(serializer),
        }
    }
}

/// Written as its text (`Display`) without making a `String` of it first.
struct AsText<'a, T: std::fmt::Display>(&'a T);

impl<T: std::fmt::Display> Serialize for AsText<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

#[derive(Serialize)]
struct CertificateJson<'a> {
    file: &'a str,
    location: &'a str,
    kind: &'static str,
    friendly_name: Option<&'a str>,
    subject: AsText<'a, crate::pki::DistinguishedName>,
    issuer: AsText<'a, crate::pki::DistinguishedName>,
    serial: &'a str,
    version: u32,
    not_before: String,
    not_after: String,
    days_left: i64,
    fingerprint_sha256: &'a str,
    fingerprint_sha1: &'a str,
    is_ca: bool,
    self_signed: bool,
    san: &'a [String],
    key: KeyRef<'a>,
    signature_algorithm: &'a str,
    status: StatusCode,
    statuses: Vec<StatusCode>,
    status_reasons: Vec<StatusJson<'a>>,
    has_private_key: bool,
    extensions: Vec<Extension>,
    chain: &'a ChainReport,
    pem: String,
}

impl<'a> CertificateJson<'a> {
    fn of(item: &'a Item, report: &'a CertificateReport) -> Self {
        let cert = &report.cert;
        Self {
            file: &item.file,
            location: &item.location,
            kind: "certificate",
            friendly_name: item.friendly_name.as_deref(),
            subject: AsText(&cert.subject),
            issuer: AsText(&cert.issuer),
            serial: &cert.serial,
            version: cert.version,
            not_before: rfc3339(cert.not_before),
            not_after: rfc3339(cert.not_after),
            days_left: report.assessment.days_left,
            fingerprint_sha256: &cert.fingerprint_sha256,
            fingerprint_sha1: &cert.fingerprint_sha1,
            is_ca: cert.is_ca,
            self_signed: cert.self_signed,
            san: &cert.san,
            key: KeyRef {
                summary: &cert.key,
                spki_sha256: &cert.spki_sha256,
            },
            signature_algorithm: &cert.signature_algorithm,
            status: report.assessment.overall,
            statuses: report.assessment.codes(),
            status_reasons: report
                .assessment
                .statuses
                .iter()
                .map(|s| StatusJson {
                    code: s.code,
                    severity: s.severity,
                    reason: &s.reason,
                })
                .collect(),
            has_private_key: report.has_private_key,
            extensions: cert.extensions(),
            chain: &report.chain,
            pem: cert.to_pem(),
        }
    }
}

#[derive(Serialize)]
pub struct OtherJson {
    pub file: String,
    pub location: String,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_name: Option<String>,
    #[serde(flatten)]
    pub details: OtherDetails,
}

#[derive(Serialize)]
#[serde(untagged)]
pub enum OtherDetails {
    PrivateKey {
        key: Key,
        format: crate::pki::key::KeyFormat,
        protection: Option<String>,
        /// A certificate in the same input has this key's public key.
        matches_certificate: bool,
    },
    Csr {
        subject: String,
        san: Vec<String>,
        key: Key,
        signature_algorithm: String,
        signature_valid: bool,
        extensions: Vec<Extension>,
        pem: String,
    },
    Crl {
        issuer: String,
        this_update: String,
        next_update: Option<String>,
        crl_number: Option<String>,
        signature_algorithm: String,
        revoked: Vec<RevokedEntry>,
        pem: String,
    },
    TlsParameters {
        parameters: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        bits: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        generator: Option<u64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        curve: Option<String>,
        pem: String,
    },
    PublicKey {
        key: Key,
    },
}

#[derive(Serialize)]
pub struct ErrorJson {
    pub file: String,
    pub kind: &'static str,
    /// `password_required`, `wrong_password`, `unsupported`, `invalid` or `unreadable`.
    pub error: &'static str,
    pub message: String,
}

pub fn error(error: &DecodeError) -> InspectJson<'static> {
    let code = match error {
        DecodeError::PasswordRequired { .. } => "password_required",
        DecodeError::WrongPassword { .. } => "wrong_password",
        DecodeError::Unsupported { .. } => "unsupported",
        DecodeError::Invalid { .. } => "invalid",
        _ => "unreadable",
    };
    InspectJson::Error(ErrorJson {
        file: error.file().to_string(),
        kind: "error",
        error: code,
        message: error.to_string(),
    })
}

/// A certificate's element of `inspect --json`.
pub fn certificate(item: &Item, report: CertificateReport) -> InspectJson<'_> {
    InspectJson::Certificate { item, report }
}

/// Non-certificate objects; `None` for certificates, which [`certificate`] reports.
pub fn other(
    item: &Item,
    cert_key_ids: &std::collections::HashSet<[u8; 32]>,
) -> Option<InspectJson<'static>> {
    let details = match &item.object {
        Object::PrivateKey(key) => OtherDetails::PrivateKey {
            key: Key {
                summary: key.summary.clone(),
                spki_sha256: None,
            },
            format: key.format,
            protection: key.protection.clone(),
            matches_certificate: key
                .public
                .as_ref()
                .is_some_and(|p| cert_key_ids.contains(&p.id())),
        },
        Object::Csr(csr) => OtherDetails::Csr {
            subject: csr.subject.to_string(),
            san: csr.san.clone(),
            key: Key {
                summary: csr.key.clone(),
                spki_sha256: None,
            },
            signature_algorithm: csr.signature_algorithm.clone(),
            signature_valid: csr.signature_valid,
            extensions: csr.requested_extensions.clone(),
            pem: csr.to_pem(),
        },
        Object::Crl(crl) => OtherDetails::Crl {
            issuer: crl.issuer.to_string(),
            this_update: rfc3339(crl.this_update),
            next_update: crl.next_update.map(rfc3339),
            crl_number: crl.crl_number.clone(),
            signature_algorithm: crl.signature_algorithm.clone(),
            revoked: crl.entries.clone(),
            pem: crl.to_pem(),
        },
        Object::TlsParameters(params) => match &params.kind {
            TlsParametersKind::Dh { bits, generator } => OtherDetails::TlsParameters {
                parameters: "dh",
                bits: Some(*bits),
                generator: *generator,
                curve: None,
                pem: params.to_pem(),
            },
            TlsParametersKind::Ec { curve } => OtherDetails::TlsParameters {
                parameters: "ec",
                bits: None,
                generator: None,
                curve: Some(curve.clone()),
                pem: params.to_pem(),
            },
        },
        Object::PublicKey(public) => OtherDetails::PublicKey {
            key: Key {
                summary: public.summary(),
                spki_sha256: None,
            },
        },
        Object::Certificate(_) => return None,
    };
    Some(InspectJson::Other(Box::new(OtherJson {
        file: item.file.clone(),
        location: item.location.clone(),
        kind: item.object.kind(),
        friendly_name: item.friendly_name.clone(),
        details,
    })))
}

#[derive(Serialize)]
pub struct VerifyJson {
    pub file: String,
    pub subject: String,
    pub fingerprint_sha256: String,
    pub trusted: bool,
    pub reason: String,
    pub code: Option<String>,
    pub host: Option<String>,
    pub purpose: crate::pki::Purpose,
    pub at: String,
    /// The profile judged against (`web` or `private`) and the rules the path breaks.
    pub policy: crate::pki::rules::Policy,
    pub violations: Vec<crate::pki::rules::Violation>,
    pub path: ChainReport,
}

pub fn verify(
    file: &str,
    report: &ChainReport,
    cert: &crate::pki::Certificate,
    verdict: &crate::pki::verify::PolicyVerdict,
    check: &crate::pki::verify::Check<'_>,
) -> VerifyJson {
    VerifyJson {
        file: file.to_string(),
        subject: cert.subject.to_string(),
        fingerprint_sha256: cert.fingerprint_sha256.clone(),
        trusted: verdict.verdict.trusted,
        reason: verdict.verdict.reason.clone(),
        code: verdict.verdict.code.clone(),
        host: check.host.map(str::to_string),
        purpose: check.purpose,
        at: rfc3339(check.now),
        policy: verdict.policy,
        violations: verdict.violations.clone(),
        path: report.clone(),
    }
}

/// Objects per worker below which threads are not worth starting.
const OBJECTS_PER_THREAD: usize = 512;

/// Writes a JSON array of `make(0..count)` (skipping `None`) followed by `tail`. Compact output
/// of large arrays is built on every core, each worker serialising a contiguous part.
pub fn write_array<T, F>(
    out: &mut impl std::io::Write,
    count: usize,
    make: F,
    tail: &[T],
    pretty: bool,
) -> std::io::Result<()>
where
    T: Serialize,
    F: Fn(usize) -> Option<T> + Sync,
{
    if pretty {
        let all: Vec<T> = (0..count).filter_map(&make).collect();
        let refs: Vec<&T> = all.iter().chain(tail).collect();
        serde_json::to_writer_pretty(&mut *out, &refs)?;
        return writeln!(out);
    }
    let serialise = |range: std::ops::Range<usize>| -> serde_json::Result<Vec<u8>> {
        let objects = range.len();
        let mut buffer = Vec::new();
        let mut sized = false;
        for index in range {
            if let Some(value) = make(index) {
                if !buffer.is_empty() {
                    buffer.push(b',');
                }
                serde_json::to_writer(&mut buffer, &value)?;
                if !sized {
                    sized = true;
                    // Sized from the first object (a certificate's is ~6 KB, a list row's
                    // ~500 bytes): growing by doubling copied and faulted in the part again
                    // and again, a tenth of `inspect`.
                    buffer.reserve(buffer.len() * objects * 5 / 4);
                }
            }
        }
        Ok(buffer)
    };
    out.write_all(b"[")?;
    let mut first = true;
    // In rounds of a few thousand objects, each serialised on every core and written before
    // the next: the output never sits whole in memory (36 MB for 10,000 certificates).
    crate::pki::parallel::in_rounds(
        count,
        crate::pki::parallel::OUTPUT_ROUND,
        OBJECTS_PER_THREAD,
        serialise,
        |_| Err(serde::ser::Error::custom("a JSON worker thread failed")),
        |part| -> std::io::Result<()> {
            let part = part?;
            if part.is_empty() {
                return Ok(());
            }
            if !first {
                out.write_all(b",")?;
            }
            first = false;
            out.write_all(&part)
        },
    )?;
    for value in tail {
        if !first {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, value)?;
        first = false;
    }
    out.write_all(b"]\n")
}
