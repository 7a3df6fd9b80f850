//! Batch import: files, folders and pasted text, sorted out as an administrator expects.
//!
//! - Server certificates are paired with their keys (same file, another file, appended, or
//!   already in the vault), matched by public key.
//! - Self-signed CA certificates go to the trusted CA list; intermediates are kept as chain
//!   material.
//! - A certificate whose key was made for a pending request completes that request.
//! - DH/EC parameters attach to the certificates of the file they came with.
//! - Same issuer and serial as a stored certificate updates it (node assignments kept); same
//!   subject with a different certificate is stored alongside (a renewal).
//!
//! Everything is decoded first; then one transaction writes the whole batch, so a failure (or a
//! kill) leaves all of it or none of it. A broken file is reported and never stops the others.

mod input;
mod report;
mod rows;

pub use input::{ImportInput, NoPasswords, PasswordSource, decode_inputs};
use input::{decode_with_passwords, expand};
pub use report::{Action, Effects, ImportOutcome, ImportReport};
use report::{error_outcome, import_sources, outcome};
pub(super) use rows::role_of;
use rows::{CertificateRow, PendingRequests, store_certificate, store_csr, store_key};

use super::chains::{ChainsAhead, Relink, relink_chains};
use super::db::{Db, params};
use super::lookups::Lookups;
use super::{Inventory, StoreError};
use crate::pki::{Certificate, DecodeOptions, Decoded, Object};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use time::OffsetDateTime;

impl Inventory {
    /// Imports files, folders and text. `base` carries passwords known up front (`--password`).
    pub fn import(
        &mut self,
        inputs: &[ImportInput],
        base: &DecodeOptions,
        passwords: &mut dyn PasswordSource,
        now: OffsetDateTime,
    ) -> Result<ImportReport, StoreError> {
        let mut decoded = Decoded::default();
        for input in expand(inputs) {
            decoded.extend(decode_with_passwords(&input, base, passwords));
        }
        let report = self.import_decoded(&decoded, now, |_| Ok(()));
        drop_later(decoded);
        report
    }

    /// Imports objects decoded earlier (the window's import review).
    pub fn import_objects(
        &mut self,
        decoded: &Decoded,
        now: OffsetDateTime,
    ) -> Result<ImportReport, StoreError> {
        self.import_decoded(decoded, now, |_| Ok(()))
    }

    /// What importing `decoded` would do, object by object, without changing anything: the same
    /// code as the import runs in a transaction that is rolled back.
    pub fn preview_import(
        &mut self,
        decoded: &Decoded,
        now: OffsetDateTime,
    ) -> Result<ImportReport, StoreError> {
        self.write_decoded(decoded, now, |_| Ok(()), false)
    }

    /// Writes decoded objects in one transaction; `then` runs inside the same transaction after
    /// them (recording what a CA issued, say), so everything lands together or not at all.
    pub(super) fn import_decoded(
        &mut self,
        decoded: &Decoded,
        now: OffsetDateTime,
        then: impl FnOnce(&Db) -> Result<(), StoreError>,
    ) -> Result<ImportReport, StoreError> {
        self.write_decoded(decoded, now, then, true)
    }

    /// The import's one transaction, committed or (for a preview) rolled back.
    ///
    /// SQLite keeps each insert's statement journal (the pages it changed, should it fail half
    /// way) in memory while the import runs, not in a temporary file: every insert into a table
    /// with unique indexes wrote about six pages there and read them back (about 2.5 GB of file
    /// writes in a 100,000-certificate import, a fifth of its time; docs/performance.md).
    ///
    /// A large batch also gets a larger page cache while it runs: each certificate updates four
    /// indexes at random places (about 30 MB of index pages at 100,000 certificates), and with
    /// SQLite's default 2 MB cache every insert read them back from the file (a third of a
    /// 100,000-certificate import). 32 MiB was as fast as 64 MiB and 34 MB lighter at the peak.
    fn write_decoded(
        &mut self,
        decoded: &Decoded,
        now: OffsetDateTime,
        then: impl FnOnce(&Db) -> Result<(), StoreError>,
        commit: bool,
    ) -> Result<ImportReport, StoreError> {
        const LARGE_BATCH: usize = 1000;
        const LARGE_BATCH_CACHE_KIB: i64 = 32 * 1024;
        self.with_pragma("temp_store", &"MEMORY", |inventory, _| {
            if decoded.certificates().nth(LARGE_BATCH).is_none() {
                return inventory.write_batch(decoded, now, then, commit, None);
            }
            inventory.with_pragma("cache_size", &-LARGE_BATCH_CACHE_KIB, |inventory, cache| {
                let rollback_journal = commit && inventory.use_rollback_journal();
                let written = inventory.write_batch(decoded, now, then, commit, cache);
                if rollback_journal {
                    inventory.use_wal_again();
                }
                written
            })
        })
    }

    /// Runs `run` with SQLite's pragma `name` set to `value` and sets it back afterwards,
    /// whether `run` succeeded or not (for the page cache, shrinking it frees the pages above
    /// the limit); `run` is handed the value before. On a shared inventory, whose server tunes
    /// itself, `run` just runs, handed `None`.
    fn with_pragma<T>(
        &mut self,
        name: &str,
        value: &dyn rusqlite::ToSql,
        run: impl FnOnce(&mut Self, Option<i64>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let Some(connection) = self.db.sqlite() else {
            return run(self, None);
        };
        let previous: i64 = connection.pragma_query_value(None, name, |r| r.get(0))?;
        connection.pragma_update(None, name, value)?;
        let outcome = run(self, Some(previous));
        if let Some(connection) = self.db.sqlite() {
            connection.pragma_update(None, name, previous)?;
        }
        outcome
    }

    /// A large import writes its pages once, through a rollback journal, instead of twice (into
    /// the write-ahead log at commit, then into the file by the checkpoint): a sixth of a
    /// 100,000-certificate import (docs/performance.md). Only when this is the inventory's one
    /// connection (SQLite refuses otherwise, and the import keeps the WAL, so a window or a
    /// command reading meanwhile is never blocked by it); `synchronous = FULL` while it lasts,
    /// since a rollback journal with `NORMAL` may not survive a power cut. Another process that
    /// opens the inventory meanwhile waits for the import (its switch back to WAL needs the
    /// file to itself).
    fn use_rollback_journal(&mut self) -> bool {
        let Some(connection) = self.db.sqlite() else {
            return false;
        };
        let switched = connection
            .pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0))
            .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"));
        if switched
            && connection
                .pragma_update(None, "synchronous", "FULL")
                .is_err()
        {
            self.use_wal_again();
            return false;
        }
        switched
    }

    /// Back to the write-ahead log after [`Self::use_rollback_journal`]. Should SQLite refuse (a
    /// reader arrived and holds the file), the import stands: every open asks for WAL again.
    fn use_wal_again(&mut self) {
        let Some(connection) = self.db.sqlite() else {
            return;
        };
        let _ = connection
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0));
        let _ = connection.pragma_update(None, "synchronous", "NORMAL");
    }

    fn write_batch(
        &mut self,
        decoded: &Decoded,
        now: OffsetDateTime,
        then: impl FnOnce(&Db) -> Result<(), StoreError>,
        commit: bool,
        cache_after_inserts: Option<i64>,
    ) -> Result<ImportReport, StoreError> {
        let has_keys = decoded.private_keys().next().is_some();
        if has_keys {
            self.vault()?;
        }
        let vault = self.vault.as_ref();
        let tx = self.db.transaction()?;
        let mut report = ImportReport::default();
        let stamp = now.unix_timestamp();

        // Keys first: certificates in this batch (or already stored) are paired with them.
        let mut key_rows: HashMap<[u8; 32], i64> = HashMap::new();
        for item in &decoded.items {
            let Object::PrivateKey(key) = &item.object else {
                continue;
            };
            let Some(public) = &key.public else {
                report.outcomes.push(outcome(
                    item,
                    Action::Skipped,
                    format!(
                        "{} key: its public key cannot be derived, so it could never be paired",
                        key.summary
                    ),
                    None,
                ));
                continue;
            };
            let Some(vault) = vault else {
                return Err(StoreError::Vault("the vault is not open".into()));
            };
            let key_id = public.id();
            let (row, added) = store_key(&tx, vault, &key_id, key, stamp)?;
            key_rows.insert(key_id, row);
            // Certificates stored earlier without their key become server certificates now.
            let paired = tx.execute(
                "UPDATE certificates SET private_key_id = ?1, role = 'server', updated_at = ?2 \
                 WHERE key_id = ?3 AND private_key_id IS NULL AND role = 'leaf'",
                params![row, stamp, key_id],
            )?;
            let mut key_outcome = outcome(
                item,
                if added {
                    Action::Added
                } else {
                    Action::Unchanged
                },
                match (added, paired) {
                    (true, 0) => format!("{} key sealed in the vault", key.summary),
                    (true, n) => format!(
                        "{} key sealed in the vault, paired with {n} stored certificate(s)",
                        key.summary
                    ),
                    (false, _) => format!("{} key already in the vault", key.summary),
                },
                None,
            );
            key_outcome.effects.pairs_stored = paired;
            report.outcomes.push(key_outcome);
        }

        // Parameters attach to the certificates of their file.
        let mut file_parameters: HashMap<&str, i64> = HashMap::new();
        for item in &decoded.items {
            let Object::TlsParameters(parameters) = &item.object else {
                continue;
            };
            let existing: Option<i64> = tx.query_opt(
                "SELECT id FROM tls_parameters WHERE der = ?1",
                params![parameters.der()],
                |r| r.get(0),
            )?;
            let (id, action) = match existing {
                Some(id) => (id, Action::Unchanged),
                None => {
                    let id = tx.value(
                        "INSERT INTO tls_parameters (der, label, description) VALUES (?1, ?2, ?3) \
                         RETURNING id",
                        params![
                            parameters.der(),
                            parameters.to_pem().lines().next().unwrap_or_default(),
                            parameters.describe()
                        ],
                    )?;
                    (id, Action::Added)
                }
            };
            file_parameters.entry(item.file.as_str()).or_insert(id);
            report
                .outcomes
                .push(outcome(item, action, parameters.describe(), None));
        }

        let mut pending = PendingRequests::read(&tx)?;
        let mut lookups = Lookups::for_batch(&tx, decoded.certificates().count())?;
        let ahead = ChainsAhead::new(
            &tx,
            decoded.certificates_arc().collect(),
            |cert| role_of(cert, false) == super::Role::Root,
            now,
        )?;
        // Rows written with their chain summary; the helper thread computes summaries ahead.
        let mut summarised: HashSet<i64> = HashSet::new();
        std::thread::scope(|scope| -> Result<(), StoreError> {
            if ahead.worth_a_thread() {
                scope.spawn(|| ahead.work());
            }
            let stored = (|| -> Result<(), StoreError> {
                let mut index = 0;
                for item in &decoded.items {
                    match &item.object {
                        Object::Certificate(cert) => {
                            let chain = ahead.take(index);
                            index += 1;
                            let row = CertificateRow {
                                parameters: file_parameters.get(item.file.as_str()).copied(),
                                chain: chain.as_ref(),
                                stamp,
                            };
                            let (done, chain_written) = store_certificate(
                                &tx,
                                item,
                                cert,
                                &key_rows,
                                &mut lookups,
                                &mut pending,
                                row,
                            )?;
                            if let (true, Some(id)) = (chain_written, done.id) {
                                summarised.insert(id);
                            }
                            report.outcomes.push(done);
                        }
                        Object::Csr(csr) => {
                            report
                                .outcomes
                                .push(store_csr(&tx, item, csr, &mut pending, stamp)?);
                        }
                        Object::Crl(_) => report.outcomes.push(outcome(
                            item,
                            Action::Skipped,
                            "revocation lists are shown, not kept in the inventory",
                            None,
                        )),
                        Object::PublicKey(_) => report.outcomes.push(outcome(
                            item,
                            Action::Skipped,
                            "a bare public key is not kept in the inventory",
                            None,
                        )),
                        Object::PrivateKey(_) | Object::TlsParameters(_) => {}
                    }
                }
                Ok(())
            })();
            ahead.stop();
            stored
        })?;
        report
            .outcomes
            .extend(decoded.errors.iter().map(error_outcome));

        let parsed: HashMap<&str, Arc<Certificate>> = decoded
            .certificates_arc()
            .map(|c| (c.fingerprint_sha256.as_str(), c.clone()))
            .collect();
        let precomputed = ahead.finish(summarised);
        // The large cache served the inserts; relinking reads each row once. Given back now, its
        // pages are not held while relinking reads every row (the peak of a 100,000 import).
        if let (Some(size), Some(connection)) = (cache_after_inserts, tx.sqlite()) {
            connection.pragma_update(None, "cache_size", size)?;
        }
        // A certificate replaced in place (same issuer and serial) can break the chains of rows
        // below it, which adding certificates never does: then every row is looked at again.
        let replaced = report.outcomes.iter().any(|o| o.effects.replaces);
        let scope = if replaced {
            Relink::All
        } else {
            Relink::Incomplete(Some(&precomputed))
        };
        relink_chains(&tx, now, &parsed, scope)?;
        then(&tx)?;
        if commit {
            tx.audit("import", &import_sources(decoded), &report.summary())?;
            tx.commit()?;
        } else {
            tx.rollback()?;
        }
        Ok(report)
    }
}

/// Frees a large batch on a thread of its own: freeing 100,000 parsed certificates one
/// allocation at a time took the allocator most of a second after the import was done. Batches
/// holding private keys are dropped (and wiped) here and now.
fn drop_later(decoded: Decoded) {
    const LARGE: usize = 1000;
    if decoded.items.len() < LARGE || decoded.private_keys().next().is_some() {
        return;
    }
    // Should no thread start, `spawn` drops the closure, and the batch with it, right here.
    let _ = std::thread::Builder::new()
        .name("free-import".into())
        .spawn(move || drop(decoded));
}
