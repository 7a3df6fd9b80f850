//! What a TLS probe found at an endpoint, or why it found nothing.

use std::sync::Arc;

use serde::Serialize;
use time::OffsetDateTime;

use crate::pki::{Certificate, Verdict};

/// What a probe found.
#[derive(Clone, Debug, Serialize)]
pub struct ProbeReport {
    pub endpoint: String,
    pub sni: String,
    /// `TLSv1.3` or `TLSv1.2`.
    pub protocol: String,
    pub cipher: String,
    /// The presented chain, leaf first.
    #[serde(skip)]
    pub chain: Vec<Arc<Certificate>>,
    pub verdict: Verdict,
    pub name_matches: bool,
    pub days_left: i64,
    /// The presented chain reaches a trusted root without help.
    pub chain_complete: bool,
    /// What the server should also send, when the chain is incomplete but could be completed.
    pub missing: Option<String>,
    /// A certificate in the presented chain is signed with SHA-1 (or weaker).
    pub weak_signature: bool,
    /// The OCSP response the server stapled to the handshake (RFC 6066 §8), judged; `None`
    /// when it stapled none.
    pub stapled_ocsp: Option<StapledOcsp>,
}

/// A stapled OCSP response, judged as one fetched from the responder (without a nonce: a
/// server staples a response it fetched earlier).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StapledOcsp {
    /// `good`, `revoked`, `unknown`, or `unusable` (see `problem`).
    pub status: &'static str,
    #[serde(with = "time::serde::rfc3339::option")]
    pub this_update: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_update: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    pub reason: Option<String>,
    /// `the issuing CA` or the delegated responder's subject.
    pub signed_by: Option<String>,
    /// Why the response cannot be taken (damaged, out of date, not about this certificate…).
    pub problem: Option<String>,
}

/// Why a probe could not get a chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[non_exhaustive]
pub enum ProbeError {
    #[error("{0}: cannot resolve the host name: {1}")]
    Resolve(String, String),
    #[error("{0}: cannot connect: {1}")]
    Connect(String, String),
    #[error("{0}: no answer within {1} seconds")]
    Timeout(String, u64),
    #[error(
        "{0}: the server speaks only TLS 1.0/1.1 or RSA key exchange, which certdeck refuses (insecure); upgrade the server to TLS 1.2 with ECDHE"
    )]
    Legacy(String),
    #[error("{0}: TLS handshake failed: {1}")]
    Handshake(String, String),
    #[error("{0}: STARTTLS failed: {1}")]
    Starttls(String, String),
    #[error("{0}: {1}")]
    Invalid(String, String),
}

impl ProbeError {
    /// A stable code for JSON: `resolve`, `connect`, `timeout`, `legacy_tls`, `handshake`,
    /// `starttls`, `invalid`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Resolve(..) => "resolve",
            Self::Connect(..) => "connect",
            Self::Timeout(..) => "timeout",
            Self::Legacy(..) => "legacy_tls",
            Self::Handshake(..) => "handshake",
            Self::Starttls(..) => "starttls",
            Self::Invalid(..) => "invalid",
        }
    }
}
