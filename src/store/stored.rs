//! Reading a stored certificate back: its DER, parsed; and which rows can be an issuer.

use std::collections::HashSet;
use std::sync::Arc;

use super::StoreError;
use super::db::{Db, params};
use crate::pki::Certificate;

pub(super) fn stored_certificate(db: &Db, id: i64) -> Result<Option<Arc<Certificate>>, StoreError> {
    Ok(Certificate::from_der(&der_by_id(db, id)?)
        .ok()
        .map(Arc::new))
}

/// Which certificates can be a link above another, judged from the list's text columns:
/// CAs, trusted ones, and any whose name another gives as its issuer (CA or not, so a chain can
/// still say "issued by a certificate that is not a CA"; names equal in DER are equal as text,
/// so this never leaves an issuer out). Only these need parsing for a chain pool.
pub struct PossibleIssuers<'a> {
    issuer_names: HashSet<&'a str>,
}

impl<'a> PossibleIssuers<'a> {
    /// From every certificate's (subject, issuer) as text.
    pub fn new(names: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self {
            issuer_names: names
                .into_iter()
                .filter(|(subject, issuer)| subject != issuer)
                .map(|(_, issuer)| issuer)
                .collect(),
        }
    }

    /// Adds a name some certificate gives as its issuer.
    pub fn add_issuer(&mut self, name: &'a str) {
        self.issuer_names.insert(name);
    }

    /// True when no certificate names another as its issuer.
    pub fn is_empty(&self) -> bool {
        self.issuer_names.is_empty()
    }

    pub fn includes(&self, subject: &str, is_ca: bool, trusted: bool) -> bool {
        is_ca || trusted || self.issuer_names.contains(subject)
    }
}

pub(super) fn der_by_id(db: &Db, id: i64) -> Result<Vec<u8>, StoreError> {
    db.query_opt(
        "SELECT der FROM certificate_der WHERE certificate_id = ?1",
        params![id],
        |r| r.get(0),
    )?
    .ok_or_else(|| StoreError::NotFound(format!("no certificate {id} in the inventory")))
}
