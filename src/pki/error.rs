//! Errors of the certificate engine.
//!
//! Like rcgen's error type, these are `Clone + Eq` (foreign errors are turned into text) so that a
//! user interface can keep them in its messages and state.

/// Why one object of one input could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The object is encrypted and no password was given: ask for one.
    #[error("{file}: {object}: a password is required")]
    PasswordRequired { file: String, object: String },
    /// The object is encrypted and none of the given passwords opens it: ask again.
    #[error("{file}: {object}: wrong password")]
    WrongPassword { file: String, object: String },
    /// The object uses an algorithm or variant certdeck does not handle.
    #[error("{file}: {object}: unsupported: {reason}")]
    Unsupported {
        file: String,
        object: String,
        reason: String,
    },
    /// The object is damaged or not what it claims to be.
    #[error("{file}: {object}: {reason}")]
    Invalid {
        file: String,
        object: String,
        reason: String,
    },
    /// The input as a whole could not be read or recognised.
    #[error("{file}: {reason}")]
    Unreadable { file: String, reason: String },
}

impl DecodeError {
    /// The file (or other source) the error concerns.
    pub fn file(&self) -> &str {
        match self {
            Self::PasswordRequired { file, .. }
            | Self::WrongPassword { file, .. }
            | Self::Unsupported { file, .. }
            | Self::Invalid { file, .. }
            | Self::Unreadable { file, .. } => file,
        }
    }

    /// True when asking the user for a (different) password could help.
    pub fn wants_password(&self) -> bool {
        matches!(
            self,
            Self::PasswordRequired { .. } | Self::WrongPassword { .. }
        )
    }
}

/// A failure inside one decoder, before the file and object are known; [`Problem::at`] turns it
/// into a [`DecodeError`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    PasswordRequired,
    WrongPassword,
    Unsupported(String),
    Invalid(String),
}

impl Problem {
    pub(crate) fn invalid(reason: impl std::fmt::Display) -> Self {
        Self::Invalid(reason.to_string())
    }

    pub(crate) fn unsupported(reason: impl std::fmt::Display) -> Self {
        Self::Unsupported(reason.to_string())
    }

    pub fn at(self, file: &str, object: &str) -> DecodeError {
        let (file, object) = (file.to_string(), object.to_string());
        match self {
            Self::PasswordRequired => DecodeError::PasswordRequired { file, object },
            Self::WrongPassword => DecodeError::WrongPassword { file, object },
            Self::Unsupported(reason) => DecodeError::Unsupported {
                file,
                object,
                reason,
            },
            Self::Invalid(reason) => DecodeError::Invalid {
                file,
                object,
                reason,
            },
        }
    }
}

/// Why a verification could not even start (as opposed to "not trusted").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    #[error("no certificate to verify")]
    NoCertificate,
    #[error("invalid host name {0:?}")]
    InvalidHostName(String),
    #[error("the certificate cannot be used by the verifier: {0}")]
    Unusable(String),
}
