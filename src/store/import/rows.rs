//! One object of a batch into its rows: keys sealed into the vault, certificates with their
//! facts and chain summary, requests waiting for their certificate.

use std::collections::HashMap;
use std::sync::Arc;

use super::report::{Action, Effects, ImportOutcome, outcome};
use crate::pki::chain::ChainSummary;
use crate::pki::status::StatusFacts;
use crate::pki::{self, Certificate, Item};
use crate::store::StoreError;
use crate::store::db::{Db, Engine, Param, ToParam, params};
use crate::store::lookups::Lookups;

/// The pending signing requests by the id of their key, oldest first: read once per import
/// (there are a handful) rather than asked for each certificate — SQLite re-prepared that query
/// at every call, a tenth of a 100,000-certificate import.
pub(super) struct PendingRequests(HashMap<Vec<u8>, std::collections::VecDeque<i64>>);

impl PendingRequests {
    pub(super) fn read(tx: &Db) -> Result<Self, StoreError> {
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
pub(super) fn store_key(
    tx: &Db,
    vault: &crate::store::Vault,
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
    let sealed = vault.seal(&crate::store::vault::key_record(id), key.pkcs8_der())?;
    tx.execute(
        "UPDATE private_keys SET sealed = ?1 WHERE id = ?2",
        params![sealed, id],
    )?;
    Ok((id, true))
}

pub(in crate::store) fn role_of(cert: &Certificate, has_key: bool) -> crate::store::Role {
    use crate::store::Role;
    match (cert.is_ca, cert.self_signed, has_key) {
        (true, true, _) if !crate::pki::status::is_temporary(cert) => Role::Root,
        (true, false, _) => Role::Intermediate,
        (_, _, true) => Role::Server,
        _ => Role::Leaf,
    }
}

/// What a certificate's row gets besides the certificate's own facts.
pub(super) struct CertificateRow<'a> {
    /// The TLS parameters of its file.
    pub(super) parameters: Option<i64>,
    /// Its chain summary, computed ahead (see [`ChainsAhead`]).
    pub(super) chain: Option<&'a ChainSummary>,
    pub(super) stamp: i64,
}

/// Stores one certificate; also says whether its row was written with its chain summary.
pub(super) fn store_certificate(
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
    if role == crate::store::Role::Root {
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

pub(super) struct CertificateValues<'a> {
    cert: &'a Certificate,
    facts: &'a StatusFacts,
    role: crate::store::Role,
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

pub(super) fn store_csr(
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
