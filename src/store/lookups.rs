//! How an import finds what is stored already: the key of a certificate, the certificate with
//! the same fingerprint, or with the same issuer and serial. SQLite answers each question in
//! process, so asking per certificate is cheapest there. On PostgreSQL every question is a
//! round trip (tens of microseconds): a large batch reads the three maps once, in three queries,
//! instead of asking three questions per certificate, and keeps them current as it writes.

use std::collections::HashMap;

use super::StoreError;
use super::db::{Db, Engine, params};

/// From this many certificates on, a batch on PostgreSQL reads the maps once.
const READ_ONCE_FROM: usize = 64;

pub(super) enum Lookups {
    Ask,
    Read {
        keys: HashMap<Vec<u8>, i64>,
        fingerprints: HashMap<String, (i64, Option<i64>)>,
        serials: HashMap<(Vec<u8>, String), i64>,
    },
}

impl Lookups {
    pub fn for_batch(db: &Db, certificates: usize) -> Result<Self, StoreError> {
        if db.engine() != Engine::Postgres || certificates < READ_ONCE_FROM {
            return Ok(Lookups::Ask);
        }
        let keys = db.query_map("SELECT key_id, id FROM private_keys", params![], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
        let mut fingerprints = HashMap::new();
        let mut serials = HashMap::new();
        db.query_map(
            "SELECT fingerprint_sha256, id, private_key_id, issuer_der, serial FROM certificates",
            params![],
            |r| {
                let id = r.get(1)?;
                fingerprints.insert(r.get(0)?, (id, r.get(2)?));
                serials.insert((r.get(3)?, r.get(4)?), id);
                Ok(())
            },
        )?;
        Ok(Lookups::Read {
            keys: keys.into_iter().collect(),
            fingerprints,
            serials,
        })
    }

    /// The stored private key with this id.
    pub fn key(&self, db: &Db, key_id: &[u8; 32]) -> Result<Option<i64>, StoreError> {
        match self {
            Lookups::Ask => db.query_opt(
                "SELECT id FROM private_keys WHERE key_id = ?1",
                params![key_id],
                |r| r.get(0),
            ),
            Lookups::Read { keys, .. } => Ok(keys.get(&key_id[..]).copied()),
        }
    }

    /// The stored certificate with this fingerprint: its row and its key's row.
    pub fn by_fingerprint(
        &self,
        db: &Db,
        fingerprint: &str,
    ) -> Result<Option<(i64, Option<i64>)>, StoreError> {
        match self {
            Lookups::Ask => db.query_opt(
                "SELECT id, private_key_id FROM certificates WHERE fingerprint_sha256 = ?1",
                params![fingerprint],
                |r| Ok((r.get(0)?, r.get(1)?)),
            ),
            Lookups::Read { fingerprints, .. } => Ok(fingerprints.get(fingerprint).copied()),
        }
    }

    /// The stored certificate with the same issuer and serial.
    pub fn same_serial(
        &self,
        db: &Db,
        issuer_der: &[u8],
        serial: &str,
    ) -> Result<Option<i64>, StoreError> {
        match self {
            Lookups::Ask => db.query_opt(
                "SELECT id FROM certificates WHERE issuer_der = ?1 AND serial = ?2",
                params![issuer_der, serial],
                |r| r.get(0),
            ),
            Lookups::Read { serials, .. } => Ok(serials
                .get(&(issuer_der.to_vec(), serial.to_string()))
                .copied()),
        }
    }

    /// A certificate row written by the import (a later duplicate in the batch finds it).
    pub fn stored(
        &mut self,
        fingerprint: &str,
        issuer_der: &[u8],
        serial: &str,
        id: i64,
        key: Option<i64>,
    ) {
        if let Lookups::Read {
            fingerprints,
            serials,
            ..
        } = self
        {
            fingerprints.insert(fingerprint.to_string(), (id, key));
            serials.insert((issuer_der.to_vec(), serial.to_string()), id);
        }
    }
}
