//! What a chain report holds: its links, each link's checks and how they came out, and how
//! the chain ends.

use super::*;

/// The short form of a chain: see [`CertPool::summary`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChainSummary {
    /// The direct issuer found in the pool (not a built-in anchor).
    pub issuer_fingerprint: Option<String>,
    pub complete: bool,
    pub missing: Option<String>,
}

impl ChainSummary {
    pub(super) fn complete(issuer_fingerprint: Option<String>) -> Self {
        Self {
            issuer_fingerprint,
            complete: true,
            missing: None,
        }
    }

    pub(super) fn incomplete(issuer_fingerprint: Option<String>, missing: String) -> Self {
        Self {
            issuer_fingerprint,
            complete: false,
            missing: Some(missing),
        }
    }
}

/// What a check looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    Validity,
    IssuerFound,
    IssuerName,
    KeyIdentifier,
    Signature,
    IssuerIsCa,
    IssuerKeyCertSign,
    PathLength,
    TrustAnchor,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    Fail,
    NotApplicable,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Check {
    pub check: CheckKind,
    pub outcome: Outcome,
    /// What was found, in English (the command line and JSON).
    pub detail: String,
    /// The same as data, for wording it in another language.
    #[serde(skip)]
    pub phrase: Phrase,
}

impl Check {
    pub(super) fn new(check: CheckKind, outcome: Outcome, phrase: Phrase) -> Self {
        Self {
            check,
            outcome,
            detail: phrase.to_string(),
            phrase,
        }
    }
}

/// One certificate of the path with the checks made on it (and on its link to its issuer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChainLink {
    pub subject: String,
    /// `None` for built-in anchors, which are not full certificates.
    pub fingerprint_sha256: Option<String>,
    /// Set on the link that is trusted.
    pub trust: Option<TrustSource>,
    pub checks: Vec<Check>,
}

/// How the path ends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "end", rename_all = "snake_case")]
pub enum ChainEnd {
    TrustedRoot {
        name: String,
        source: TrustSource,
    },
    UntrustedRoot {
        name: String,
    },
    MissingIssuer {
        issuer: String,
        authority_key_id: Option<String>,
    },
    TooLong,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    pub links: Vec<ChainLink>,
    #[serde(flatten)]
    pub end: ChainEnd,
}

impl ChainReport {
    /// The path reaches a trusted root and every check passed.
    pub fn is_sound(&self) -> bool {
        matches!(self.end, ChainEnd::TrustedRoot { .. })
            && self
                .links
                .iter()
                .flat_map(|l| &l.checks)
                .all(|c| c.outcome != Outcome::Fail)
    }

    /// The chain state for statuses: complete when a trusted root is reached.
    pub fn state(&self) -> ChainState {
        match &self.end {
            ChainEnd::TrustedRoot { .. } => ChainState::Complete,
            ChainEnd::UntrustedRoot { name } => ChainState::Incomplete {
                missing: format!("the path ends at {name}, which is not a trusted root"),
            },
            ChainEnd::MissingIssuer { issuer, .. } => ChainState::Incomplete {
                missing: format!("issuer {issuer} not found"),
            },
            ChainEnd::TooLong => ChainState::Incomplete {
                missing: format!("the path is longer than {MAX_PATH_LENGTH} certificates"),
            },
        }
    }

    /// What is missing, in words, when the path does not reach a trusted root.
    pub fn state_missing(&self) -> Option<String> {
        match self.state() {
            ChainState::Incomplete { missing } => Some(missing),
            _ => None,
        }
    }

    /// The first failed check, in plain words.
    pub fn first_failure(&self) -> Option<String> {
        self.links.iter().find_map(|l| {
            l.checks
                .iter()
                .find(|c| c.outcome == Outcome::Fail)
                .map(|c| format!("{}: {}", l.subject, c.detail))
        })
    }
}
