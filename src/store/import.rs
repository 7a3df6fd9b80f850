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

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::chains::{ChainsAhead, Relink, relink_chains};
use super::db::{Db, Engine, Param, ToParam, params};
use super::lookups::Lookups;
use super::{Inventory, StoreError};
use crate::pki::chain::ChainSummary;
use crate::pki::status::StatusFacts;
use crate::pki::{self, Certificate, DecodeError, DecodeOptions, Decoded, Item, Object};

/// What to import.
#[derive(Clone, Debug)]
pub enum ImportInput {
    /// A file, or a folder (read recursively).
    Path(PathBuf),
    /// Pasted text, named for the report (e.g. `<pasted text>`).
    Text { name: String, text: String },
}

/// Answers password questions during an import (a terminal prompt, a dialog, a test script).
pub trait PasswordSource {
    /// A password for `object` in `file`; `again` is true after a wrong one. `None` gives up.
    fn password(&mut self, file: &str, object: &str, again: bool) -> Option<Zeroizing<String>>;
}

/// Never has a password: protected objects are reported as needing one.
pub struct NoPasswords;

impl PasswordSource for NoPasswords {
    fn password(&mut self, _: &str, _: &str, _: bool) -> Option<Zeroizing<String>> {
        None
    }
}

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
    pub role: Option<super::Role>,
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

/// How many times a password is asked for one file.
const PASSWORD_ATTEMPTS: usize = 3;

/// Lists files of the inputs (folders recursively, sorted), keeping pasted text as is.
fn expand(inputs: &[ImportInput]) -> Vec<ImportInput> {
    fn walk(path: &Path, out: &mut Vec<ImportInput>) {
        if path.is_dir() {
            let mut children: Vec<PathBuf> = std::fs::read_dir(path)
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.path())
                .collect();
            children.sort();
            for child in children {
                walk(&child, out);
            }
        } else {
            out.push(ImportInput::Path(path.to_path_buf()));
        }
    }
    let mut out = Vec::new();
    for input in inputs {
        match input {
            ImportInput::Path(path) => walk(path, &mut out),
            text => out.push(text.clone()),
        }
    }
    out
}

fn decode_input(input: &ImportInput, options: &DecodeOptions) -> Decoded {
    match input {
        ImportInput::Path(path) => pki::decode_file(path, options),
        ImportInput::Text { name, text } => pki::decode_bytes(text.as_bytes(), name, options),
    }
}

/// Decodes one input, asking for passwords while objects want one.
fn decode_with_passwords(
    input: &ImportInput,
    base: &DecodeOptions,
    source: &mut dyn PasswordSource,
) -> Decoded {
    let mut options = base.clone();
    let mut decoded = decode_input(input, &options);
    for _ in 0..PASSWORD_ATTEMPTS {
        let Some(wanting) = decoded.errors.iter().find(|e| e.wants_password()) else {
            break;
        };
        let again = matches!(wanting, DecodeError::WrongPassword { .. });
        let (file, object) = match wanting {
            DecodeError::PasswordRequired { file, object }
            | DecodeError::WrongPassword { file, object } => (file.clone(), object.clone()),
            _ => break,
        };
        let Some(password) = source.password(&file, &object, again) else {
            break;
        };
        options.passwords.insert(0, password);
        decoded = decode_input(input, &options);
    }
    decoded
}

fn outcome(
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

fn error_outcome(error: &DecodeError) -> ImportOutcome {
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

/// Decodes files, folders (recursively) and text without asking for passwords: objects that
/// want one are reported as errors, for the window to ask inline.
pub fn decode_inputs(inputs: &[ImportInput], base: &DecodeOptions) -> Decoded {
    let mut decoded = Decoded::default();
    for input in expand(inputs) {
        decoded.extend(decode_input(&input, base));
    }
    decoded
}

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
        let Some(connection) = self.db.sqlite() else {
            // PostgreSQL's caches and journals are the server's.
            return self.write_batch(decoded, now, then, commit, None);
        };
        let temp_store: i64 = connection.pragma_query_value(None, "temp_store", |r| r.get(0))?;
        connection.pragma_update(None, "temp_store", "MEMORY")?;
        let written = if decoded.certificates().nth(LARGE_BATCH).is_none() {
            self.write_batch(decoded, now, then, commit, None)
        } else {
            self.write_large_batch(decoded, now, then, commit, LARGE_BATCH_CACHE_KIB)
        };
        if let Some(connection) = self.db.sqlite() {
            connection.pragma_update(None, "temp_store", temp_store)?;
        }
        written
    }

    /// [`Self::write_batch`] with a page cache of `cache_kib` and, where it can, a rollback
    /// journal ([`Self::use_rollback_journal`]).
    fn write_large_batch(
        &mut self,
        decoded: &Decoded,
        now: OffsetDateTime,
        then: impl FnOnce(&Db) -> Result<(), StoreError>,
        commit: bool,
        cache_kib: i64,
    ) -> Result<ImportReport, StoreError> {
        let Some(connection) = self.db.sqlite() else {
            return self.write_batch(decoded, now, then, commit, None);
        };
        let previous: i64 = connection.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        connection.pragma_update(None, "cache_size", -cache_kib)?;
        let rollback_journal = commit && self.use_rollback_journal();
        let written = self.write_batch(decoded, now, then, commit, Some(previous));
        if rollback_journal {
            self.use_wal_again();
        }
        // Shrinking the limit frees the pages above it (again, should the batch have failed).
        if let Some(connection) = self.db.sqlite() {
            connection.pragma_update(None, "cache_size", previous)?;
        }
        written
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

/// The files (or other sources) of a batch, for the audit log: the first few, and how many.
fn import_sources(decoded: &Decoded) -> String {
    let mut files: Vec<&str> = decoded.items.iter().map(|i| i.file.as_str()).collect();
    files.dedup();
    match files.len() {
        0 => "nothing".into(),
        1..=3 => files.join(", "),
        n => format!("{} and {} more", files[..3].join(", "), n - 3),
    }
}

/// The pending signing requests by the id of their key, oldest first: read once per import
/// (there are a handful) rather than asked for each certificate — SQLite re-prepared that query
/// at every call, a tenth of a 100,000-certificate import.
struct PendingRequests(HashMap<Vec<u8>, std::collections::VecDeque<i64>>);

impl PendingRequests {
    fn read(tx: &Db) -> Result<Self, StoreError> {
        let mut pending: HashMap<Vec<u8>, std::collections::VecDeque<i64>> = HashMap::new();
        let rows: Vec<(Vec<u8>, i64)> = tx.query_map(
            "SELECT key_id, id FROM csrs WHERE status = 'pending' ORDER BY id",
            params![],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        for (key_id, id) in rows {
            pending.entry(key_id).or_default().push_back(id);
        }
        Ok(Self(pending))
    }

    /// The oldest pending request for `key_id`, which a certificate for that key completes.
    fn complete(&mut self, key_id: &[u8]) -> Option<i64> {
        self.0.get_mut(key_id)?.pop_front()
    }

    fn add(&mut self, key_id: &[u8], id: i64) {
        self.0.entry(key_id.to_vec()).or_default().push_back(id);
    }
}

/// Inserts a key (sealed) unless the same key is already there; returns its row and whether it
/// was added.
fn store_key(
    tx: &Db,
    vault: &super::Vault,
    key_id: &[u8; 32],
    key: &pki::PrivateKey,
    stamp: i64,
) -> Result<(i64, bool), StoreError> {
    let existing: Option<i64> = tx.query_opt(
        "SELECT id FROM private_keys WHERE key_id = ?1",
        params![key_id],
        |r| r.get(0),
    )?;
    if let Some(id) = existing {
        return Ok((id, false));
    }
    // The row id is the associated data of the seal, so insert first, then seal and fill in.
    let id: i64 = tx.value(
        "INSERT INTO private_keys (key_id, algorithm, bits, curve, sealed, added_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        params![
            key_id,
            key.summary.algorithm,
            key.summary.bits,
            key.summary.curve,
            Vec::<u8>::new(),
            stamp
        ],
    )?;
    let sealed = vault.seal(&super::vault::key_record(id), key.pkcs8_der())?;
    tx.execute(
        "UPDATE private_keys SET sealed = ?1 WHERE id = ?2",
        params![sealed, id],
    )?;
    Ok((id, true))
}

pub(super) fn role_of(cert: &Certificate, has_key: bool) -> super::Role {
    use super::Role;
    match (cert.is_ca, cert.self_signed, has_key) {
        (true, true, _) if !crate::pki::status::is_temporary(cert) => Role::Root,
        (true, false, _) => Role::Intermediate,
        (_, _, true) => Role::Server,
        _ => Role::Leaf,
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

/// What a certificate's row gets besides the certificate's own facts.
struct CertificateRow<'a> {
    /// The TLS parameters of its file.
    parameters: Option<i64>,
    /// Its chain summary, computed ahead (see [`ChainsAhead`]).
    chain: Option<&'a ChainSummary>,
    stamp: i64,
}

/// Stores one certificate; also says whether its row was written with its chain summary.
fn store_certificate(
    tx: &Db,
    item: &Item,
    cert: &Arc<Certificate>,
    key_rows: &HashMap<[u8; 32], i64>,
    lookups: &mut Lookups,
    pending: &mut PendingRequests,
    row: CertificateRow<'_>,
) -> Result<(ImportOutcome, bool), StoreError> {
    let CertificateRow {
        parameters,
        chain,
        stamp,
    } = row;
    let key_id = cert.public_key.as_ref().map(|k| k.id());
    // The key: from this batch, from the vault, or made for a pending request.
    let mut private_key = key_id.and_then(|id| key_rows.get(&id).copied());
    if private_key.is_none()
        && let Some(id) = &key_id
    {
        private_key = lookups.key(tx, id)?;
    }
    let completed_csr = key_id.and_then(|id| pending.complete(&id));
    let role = role_of(cert, private_key.is_some());
    let facts = StatusFacts::of(cert);

    let by_fingerprint = lookups.by_fingerprint(tx, &cert.fingerprint_sha256)?;
    let mut effects = Effects {
        role: Some(role),
        completes_request: completed_csr,
        ..Effects::default()
    };
    let mut chain_written = false;
    let (id, action, mut detail) = if let Some((id, stored_key)) = by_fingerprint {
        if stored_key.is_none() && private_key.is_some() {
            tx.execute(
                "UPDATE certificates SET private_key_id = ?1, role = ?2, updated_at = ?3 WHERE id = ?4",
                params![private_key, role.as_str(), stamp, id],
            )?;
            effects.paired = true;
            (
                id,
                Action::Updated,
                "paired with its private key".to_string(),
            )
        } else {
            (
                id,
                Action::Unchanged,
                "already in the inventory".to_string(),
            )
        }
    } else {
        let same_serial = lookups.same_serial(tx, cert.issuer_der(), &cert.serial)?;
        let values = CertificateValues {
            cert,
            facts: &facts,
            role,
            private_key,
            parameters,
            chain,
            item,
            stamp,
        };
        chain_written = chain.is_some();
        effects.paired = private_key.is_some();
        match same_serial {
            Some(id) => {
                values.update(tx, id)?;
                effects.replaces = true;
                (id, Action::Updated, "replaces the stored certificate with the same issuer and serial (node assignments kept)".to_string())
            }
            None => {
                let id = values.insert(tx)?;
                (id, Action::Added, role.describe().to_string())
            }
        }
    };
    lookups.stored(
        &cert.fingerprint_sha256,
        cert.issuer_der(),
        &cert.serial,
        id,
        private_key,
    );
    if role == super::Role::Root {
        let added = tx.execute(
            "INSERT INTO trusted_cas (certificate_id, added_at) VALUES (?1, ?2) \
             ON CONFLICT (certificate_id) DO NOTHING",
            params![id, stamp],
        )?;
        effects.trusted = added > 0;
        if added > 0 && action != Action::Added {
            detail.push_str("; added to the trusted CA list");
        }
    }
    if private_key.is_some() && action == Action::Added {
        detail.push_str(", paired with its private key");
    }
    if let Some(csr) = completed_csr {
        tx.execute(
            "UPDATE csrs SET status = 'completed', certificate_id = ?1 WHERE id = ?2",
            params![id, csr],
        )?;
        detail.push_str(&format!("; completes signing request #{csr}"));
    }
    let mut done = outcome(item, action, detail, Some(id));
    effects.name = done.effects.name.clone();
    done.effects = effects;
    Ok((done, chain_written))
}

struct CertificateValues<'a> {
    cert: &'a Certificate,
    facts: &'a StatusFacts,
    role: super::Role,
    private_key: Option<i64>,
    parameters: Option<i64>,
    chain: Option<&'a ChainSummary>,
    item: &'a Item,
    stamp: i64,
}

impl CertificateValues<'_> {
    const COLUMNS: &'static str = "fingerprint_sha256, subject, issuer, common_name, subject_der, issuer_der, serial, \
        not_before, not_after, key_id, key_algorithm, key_bits, san, is_ca, path_len, self_signed, serves_hosts, \
        empty_subject, weak_signature, wildcard, role, private_key_id, parameters_id, friendly_name, source, \
        issuer_fingerprint, chain_complete, chain_missing";

    /// The row's values in [`Self::COLUMNS`] order, then `extra`, given to `run`. Borrowed
    /// where the certificate holds them (the DER is not copied per row).
    fn with_values<T>(
        &self,
        extra: [i64; 2],
        run: impl FnOnce(&[&dyn ToParam]) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let c = self.cert;
        let f = self.facts;
        let (subject, issuer, name, san) = (
            c.subject.to_string(),
            c.issuer.to_string(),
            c.display_name(),
            c.san.join(", "),
        );
        let key_id = c.public_key.as_ref().map(|k| k.id());
        let chain_issuer = self.chain.and_then(|c| c.issuer_fingerprint.as_deref());
        let chain_missing = self.chain.and_then(|c| c.missing.as_deref());
        let values: [&dyn ToParam; 30] = [
            &c.fingerprint_sha256,
            &subject,
            &issuer,
            &name,
            &c.subject_der(),
            &c.issuer_der(),
            &c.serial,
            &Param::Int(f.not_before.unix_timestamp()),
            &Param::Int(f.not_after.unix_timestamp()),
            &key_id,
            &f.key_algorithm,
            &f.key_bits,
            &san,
            &f.is_ca,
            &f.path_len,
            &f.self_signed,
            &f.serves_hosts,
            &f.empty_subject,
            &f.weak_signature,
            &f.wildcard,
            &Param::Text(self.role.as_str()),
            &self.private_key,
            &self.parameters,
            &self.item.friendly_name,
            &self.item.file,
            &chain_issuer,
            &Param::Int(i64::from(self.chain.is_some_and(|c| c.complete))),
            &chain_missing,
            &extra[0],
            &extra[1],
        ];
        run(&values)
    }

    fn insert(&self, tx: &Db) -> Result<i64, StoreError> {
        static SQL: std::sync::LazyLock<[String; 2]> = std::sync::LazyLock::new(|| {
            let count = CertificateValues::COLUMNS.split(',').count() + 2;
            let placeholders: Vec<String> = (1..=count).map(|i| format!("?{i}")).collect();
            let insert = format!(
                "INSERT INTO certificates ({}, added_at, updated_at) VALUES ({}) RETURNING id",
                CertificateValues::COLUMNS,
                placeholders.join(", ")
            );
            // PostgreSQL writes the row and its DER in one statement (one round trip, not two).
            let with_der = format!(
                "WITH row AS ({insert}) INSERT INTO certificate_der (certificate_id, der) \
                 SELECT id, ?{} FROM row RETURNING certificate_id",
                count + 1
            );
            [insert, with_der]
        });
        if tx.engine() == Engine::Postgres {
            let der = self.cert.der();
            return self.with_values([self.stamp, self.stamp], |values| {
                let mut all = values.to_vec();
                all.push(&der);
                tx.prepare(&SQL[1])?.value(&all)
            });
        }
        let id = self.with_values([self.stamp, self.stamp], |values| {
            tx.prepare(&SQL[0])?.value(values)
        })?;
        self.store_der(tx, id)?;
        Ok(id)
    }

    /// The DER lives in a table of its own (schema 11).
    fn store_der(&self, tx: &Db, id: i64) -> Result<(), StoreError> {
        tx.execute(
            "INSERT INTO certificate_der (certificate_id, der) VALUES (?1, ?2) \
             ON CONFLICT (certificate_id) DO UPDATE SET der = excluded.der",
            params![id, self.cert.der()],
        )?;
        Ok(())
    }

    fn update(&self, tx: &Db, id: i64) -> Result<(), StoreError> {
        let assignments: Vec<String> = Self::COLUMNS
            .split(',')
            .enumerate()
            .map(|(i, column)| format!("{} = ?{}", column.trim(), i + 1))
            .collect();
        let count = assignments.len();
        let sql = format!(
            "UPDATE certificates SET {}, updated_at = ?{} WHERE id = ?{}",
            assignments.join(", "),
            count + 1,
            count + 2
        );
        self.with_values([self.stamp, id], |values| tx.execute(&sql, values))?;
        self.store_der(tx, id)
    }
}

fn store_csr(
    tx: &Db,
    item: &Item,
    csr: &pki::Csr,
    pending: &mut PendingRequests,
    stamp: i64,
) -> Result<ImportOutcome, StoreError> {
    let Some(public) = &csr.public_key else {
        return Ok(outcome(
            item,
            Action::Skipped,
            "the request's key cannot be read",
            None,
        ));
    };
    let key_id = public.id();
    let existing: Option<i64> = tx.query_opt(
        "SELECT id FROM csrs WHERE der = ?1",
        params![csr.der()],
        |r| r.get(0),
    )?;
    if existing.is_some() {
        return Ok(outcome(
            item,
            Action::Unchanged,
            "request already in the inventory",
            None,
        ));
    }
    let private_key: Option<i64> = tx.query_opt(
        "SELECT id FROM private_keys WHERE key_id = ?1",
        params![key_id],
        |r| r.get(0),
    )?;
    let id: i64 = tx.value(
        "INSERT INTO csrs (der, subject, key_id, private_key_id, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        params![
            csr.der(),
            csr.subject.to_string(),
            key_id,
            private_key,
            stamp
        ],
    )?;
    pending.add(&key_id, id);
    let detail = match private_key {
        Some(_) => "pending request, its key is in the vault",
        None => "pending request (its key is not in the vault)",
    };
    Ok(outcome(item, Action::Added, detail, None))
}
