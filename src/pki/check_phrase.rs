//! What a chain check found, as data: the engine's English (`Check::detail`, used by the
//! command line and JSON) is this value's `Display`, and the window words the same value in the
//! user's language.

use std::fmt;

use time::OffsetDateTime;

use super::display::display_time;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phrase {
    BuiltinAnchor,
    IssuerNotFound {
        issuer: String,
        key_id: Option<String>,
    },
    ValidUntil(OffsetDateTime),
    NotValidBefore(OffsetDateTime),
    ExpiredOn(OffsetDateTime),
    SelfSigned,
    IssuerNameMatches(String),
    IssuerNameMatchesBuiltin,
    KeyIdMatches(String),
    KeyIdDiffers {
        own: String,
        issuer: String,
    },
    NoKeyIds,
    /// The signature verifies with the issuer's key (`by_root`: a built-in root's).
    SignatureVerified {
        algorithm: String,
        by_root: bool,
    },
    SignatureFails {
        by_root: bool,
    },
    IssuerIsCa,
    IssuerNotCa,
    IssuerMaySign,
    IssuerLacksKeyCertSign,
    PathLengthExceeded {
        below: usize,
        limit: u32,
    },
    PathLengthOk {
        below: usize,
        limit: u32,
    },
    NoPathLengthLimit,
}

impl fmt::Display for Phrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BuiltinAnchor => write!(f, "built-in Mozilla root (name and key only)"),
            Self::IssuerNotFound {
                issuer,
                key_id: Some(key_id),
            } => write!(f, "issuer {issuer} (key id {key_id}) not found"),
            Self::IssuerNotFound {
                issuer,
                key_id: None,
            } => write!(f, "issuer {issuer} not found"),
            Self::ValidUntil(t) => write!(f, "valid until {}", display_time(*t)),
            Self::NotValidBefore(t) => write!(f, "not valid before {}", display_time(*t)),
            Self::ExpiredOn(t) => write!(f, "expired on {}", display_time(*t)),
            Self::SelfSigned => write!(f, "self-signed: the signature verifies with its own key"),
            Self::IssuerNameMatches(name) => write!(f, "issuer name matches {name}"),
            Self::IssuerNameMatchesBuiltin => write!(f, "issuer name matches a built-in root"),
            Self::KeyIdMatches(id) => write!(f, "authority key id matches {id}"),
            Self::KeyIdDiffers { own, issuer } => write!(
                f,
                "authority key id {own} differs from the issuer's key id {issuer}"
            ),
            Self::NoKeyIds => write!(f, "no key identifiers to compare"),
            Self::SignatureVerified { algorithm, by_root } => write!(
                f,
                "{algorithm} signature verified with the {}'s key",
                if *by_root { "root" } else { "issuer" }
            ),
            Self::SignatureFails { by_root } => write!(
                f,
                "the signature does not verify with the {}'s key",
                if *by_root { "root" } else { "issuer" }
            ),
            Self::IssuerIsCa => write!(f, "issuer is a CA"),
            Self::IssuerNotCa => write!(
                f,
                "issuer is not a CA (basicConstraints CA:FALSE or absent)"
            ),
            Self::IssuerMaySign => write!(f, "issuer may sign certificates"),
            Self::IssuerLacksKeyCertSign => write!(f, "issuer's key usage lacks keyCertSign"),
            Self::PathLengthExceeded { below, limit } => write!(
                f,
                "{below} intermediate(s) below an issuer that allows {limit}"
            ),
            Self::PathLengthOk { below, limit } => {
                write!(f, "{below} intermediate(s) below, {limit} allowed")
            }
            Self::NoPathLengthLimit => write!(f, "issuer sets no path length limit"),
        }
    }
}
