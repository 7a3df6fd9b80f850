//! Certificates from any ACME CA (RFC 8555) through `instant-acme`, renewed unattended
//! (docs/acme.md): accounts, orders, challenges (DNS-01 by RFC 2136 with TSIG, CNAME delegation
//! or by hand; HTTP-01 through the node's driver or a built-in listener), ACME Renewal
//! Information (RFC 9773), profiles, and the renewal pipeline — due? → order → challenge →
//! finalize → import → push → verify → roll back → log.

pub mod client;
mod decide;
pub mod dns;
pub mod issue;
pub mod outlook;
pub mod renew;
pub mod schedule;
mod secrets;
mod solve;
pub mod system_schedule;

pub use crate::model::acme::{Challenge, KeyPolicy};
pub use crate::model::window::Window;
pub use dns::Propagation;
pub use solve::DnsTarget;

/// A well-known ACME CA: the short name the command line takes, its name, its directory.
pub struct KnownCa {
    pub key: &'static str,
    pub name: &'static str,
    pub directory: &'static str,
}

/// Well-known ACME directories, for the account form's list and `--directory letsencrypt`.
pub const KNOWN_CAS: &[KnownCa] = &[
    KnownCa {
        key: "letsencrypt",
        name: "Let's Encrypt",
        directory: "https://acme-v02.api.letsencrypt.org/directory",
    },
    KnownCa {
        key: "letsencrypt-staging",
        name: "Let's Encrypt (staging)",
        directory: "https://acme-staging-v02.api.letsencrypt.org/directory",
    },
    KnownCa {
        key: "zerossl",
        name: "ZeroSSL",
        directory: "https://acme.zerossl.com/v2/DV90",
    },
    KnownCa {
        key: "google",
        name: "Google Trust Services",
        directory: "https://dv.acme-v02.api.pki.goog/directory",
    },
    KnownCa {
        key: "buypass",
        name: "Buypass",
        directory: "https://api.buypass.com/acme/directory",
    },
    KnownCa {
        key: "buypass-staging",
        name: "Buypass (staging)",
        directory: "https://api.test4.buypass.no/acme/directory",
    },
];

/// The directory URL of a known CA's short name; anything else is taken as a URL.
pub fn directory_url(text: &str) -> String {
    KNOWN_CAS
        .iter()
        .find(|ca| ca.key.eq_ignore_ascii_case(text.trim()))
        .map(|ca| ca.directory.to_string())
        .unwrap_or_else(|| text.to_string())
}

/// Renew after this part of the lifetime when the CA gives no renewal window.
pub const DEFAULT_RENEW_FRACTION: f64 = 2.0 / 3.0;

/// What went wrong talking to a CA, sorted so the pipeline knows whether and when to retry.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AcmeError {
    /// The CA could not be reached (network, TLS, HTTP).
    #[error("the CA cannot be reached: {0}")]
    Unreachable(String),
    /// The CA refused: the problem document's words.
    #[error("the CA refused: {0}")]
    Refused(String),
    /// The CA asked to come back later (`rateLimited`, HTTP 429 or 503 with `Retry-After`).
    #[error("the CA rate-limits this account until {}: {detail}", crate::store::journal::rfc3339(*.until))]
    RateLimited {
        until: time::OffsetDateTime,
        detail: String,
    },
    /// A name could not be proven (the CA's validation failed).
    #[error("{0}")]
    Challenge(String),
    /// DNS update or lookup.
    #[error("DNS: {0}")]
    Dns(String),
    #[error("{0}")]
    Store(String),
    #[error("{0}")]
    Invalid(String),
    #[error("cancelled")]
    Cancelled,
}

impl From<crate::store::StoreError> for AcmeError {
    fn from(error: crate::store::StoreError) -> Self {
        AcmeError::Store(error.to_string())
    }
}
