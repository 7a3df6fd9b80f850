//! What an import did with each object, as facts and in words.

use serde::Serialize;

use crate::pki::{DecodeError, Decoded, Item, Object};

/// What happened to one object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Added,
    Updated,
    Unchanged,
    Skipped,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    pub file: String,
    pub location: String,
    /// `certificate`, `private_key`, `csr`, `tls_parameters`, `crl`, `public_key` or `error`.
    pub kind: String,
    pub action: Action,
    /// What was done, in words (`added to the trusted CA list`, `paired with its key`, …).
    pub detail: String,
    /// The certificate's inventory id, for certificates.
    pub id: Option<i64>,
    /// What the import does with the object, as facts (the window words them in its language).
    #[serde(skip)]
    pub effects: Effects,
}

/// What an import does with one object, beyond its [`Action`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Effects {
    /// The object's name: a certificate's, a request's subject, a key's type.
    pub name: String,
    /// Certificates: their role in the inventory.
    pub role: Option<crate::store::Role>,
    /// A root CA that goes onto the trusted CA list.
    pub trusted: bool,
    /// A certificate paired with its private key.
    pub paired: bool,
    /// A certificate that completes this pending signing request.
    pub completes_request: Option<i64>,
    /// A certificate replacing the stored one with the same issuer and serial.
    pub replaces: bool,
    /// A key: how many stored certificates it is paired with.
    pub pairs_stored: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub outcomes: Vec<ImportOutcome>,
}

impl ImportReport {
    pub fn count(&self, action: Action) -> usize {
        self.outcomes.iter().filter(|o| o.action == action).count()
    }

    /// What the batch did, in one line (the command's last line, the team log's detail).
    pub fn summary(&self) -> String {
        format!(
            "{} added, {} updated, {} unchanged, {} skipped, {} error(s)",
            self.count(Action::Added),
            self.count(Action::Updated),
            self.count(Action::Unchanged),
            self.count(Action::Skipped),
            self.count(Action::Error)
        )
    }
}

pub(super) fn outcome(
    item: &Item,
    action: Action,
    detail: impl Into<String>,
    id: Option<i64>,
) -> ImportOutcome {
    let name = match &item.object {
        Object::Certificate(cert) => cert.display_name(),
        Object::PrivateKey(key) => key.summary.to_string(),
        Object::Csr(csr) => csr.subject.to_string(),
        Object::TlsParameters(parameters) => parameters.describe(),
        _ => String::new(),
    };
    ImportOutcome {
        file: item.file.clone(),
        location: item.location.clone(),
        kind: item.object.kind().to_string(),
        action,
        detail: detail.into(),
        id,
        effects: Effects {
            name,
            ..Effects::default()
        },
    }
}

pub(super) fn error_outcome(error: &DecodeError) -> ImportOutcome {
    ImportOutcome {
        file: error.file().to_string(),
        location: String::new(),
        kind: "error".into(),
        action: Action::Error,
        detail: error.to_string(),
        id: None,
        effects: Effects::default(),
    }
}

/// The files (or other sources) of a batch, for the audit log: the first few, and how many.
pub(super) fn import_sources(decoded: &Decoded) -> String {
    let mut files: Vec<&str> = decoded.items.iter().map(|i| i.file.as_str()).collect();
    files.dedup();
    match files.len() {
        0 => "nothing".into(),
        1..=3 => files.join(", "),
        n => format!("{} and {} more", files[..3].join(", "), n - 3),
    }
}
