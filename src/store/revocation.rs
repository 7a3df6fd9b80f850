//! The local CA's revocations and CRLs: what it issued can be revoked (with a reason), and each
//! CRL it signs carries the next CRL number and every certificate it revoked.

use serde::Serialize;
use time::OffsetDateTime;

use super::db::{Db, params};
use super::{Inventory, StoreError};
use crate::pki::authority::{self, RevocationReason, Revoked};
use crate::pki::request::key_pair_from_pkcs8;

/// A certificate the local CA revoked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Revocation {
    pub ca_id: i64,
    pub serial: String,
    pub subject: String,
    pub revoked_at: i64,
    pub reason: RevocationReason,
}

/// A CRL the local CA signed.
#[derive(Clone, Debug)]
pub struct SignedCrl {
    pub ca_id: i64,
    pub number: u64,
    pub der: Vec<u8>,
    pub revoked: usize,
}

impl SignedCrl {
    pub fn to_pem(&self) -> String {
        crate::pki::pem::encode("X509 CRL", &self.der)
    }
}

impl Inventory {
    /// Revokes a certificate the local CA issued (`reference`: inventory id or fingerprint).
    /// Revoking it again is refused, saying when it was.
    pub fn revoke_issued(
        &mut self,
        reference: &str,
        reason: RevocationReason,
        now: OffsetDateTime,
    ) -> Result<Revocation, StoreError> {
        let (row, cert) = self.find(reference)?;
        let issued: Option<(i64, i64, String, Option<i64>)> = self.db.query_opt(
            "SELECT id, ca_id, serial, revoked_at FROM issued_certificates WHERE certificate_id = ?1",
            params![row.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let Some((id, ca_id, serial, revoked_at)) = issued else {
            return Err(StoreError::NotFound(format!(
                "{} was not issued by a local CA: only its own CA can revoke it",
                cert.subject
            )));
        };
        if let Some(at) = revoked_at {
            return Err(StoreError::Invalid(format!(
                "{} is already revoked (since {})",
                cert.subject,
                super::journal::rfc3339(
                    OffsetDateTime::from_unix_timestamp(at).unwrap_or(OffsetDateTime::UNIX_EPOCH)
                )
            )));
        }
        let tx = self.db.transaction()?;
        tx.execute(
            "UPDATE issued_certificates SET revoked_at = ?1, revocation_reason = ?2 WHERE id = ?3",
            params![now.unix_timestamp(), reason.as_str(), id],
        )?;
        // Its own CA's word needs no CRL: the inventory shows it revoked at once.
        record_status(
            &tx,
            row.id,
            Some(now.unix_timestamp()),
            Some(reason.as_str()),
            "local CA",
            now,
        )?;
        tx.audit("revoke", &row.subject, reason.as_str())?;
        tx.commit()?;
        Ok(Revocation {
            ca_id,
            serial,
            subject: cert.subject.to_string(),
            revoked_at: now.unix_timestamp(),
            reason,
        })
    }

    /// What the local CA `ca` revoked, oldest first.
    pub fn revocations(&self, ca: i64) -> Result<Vec<Revocation>, StoreError> {
        let rows = self.db.query_map(
            "SELECT ca_id, serial, subject, revoked_at, revocation_reason FROM issued_certificates \
             WHERE ca_id = ?1 AND revoked_at IS NOT NULL ORDER BY revoked_at, id",
            params![ca],
            |r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<i64>(3)?,
                    r.get::<Option<String>>(4)?,
                ))
            },
        )?;
        Ok(rows
            .into_iter()
            .map(|(ca_id, serial, subject, revoked_at, reason)| Revocation {
                ca_id,
                serial,
                subject,
                revoked_at,
                reason: reason
                    .as_deref()
                    .and_then(RevocationReason::parse)
                    .unwrap_or(RevocationReason::Unspecified),
            })
            .collect())
    }

    /// What the local CAs revoked, by inventory id: when and why.
    pub fn local_revocations(
        &self,
    ) -> Result<std::collections::HashMap<i64, (i64, Option<String>)>, StoreError> {
        let rows = self
            .db
            .query_map(
                "SELECT certificate_id, revoked_at, revocation_reason FROM issued_certificates \
             WHERE revoked_at IS NOT NULL AND certificate_id IS NOT NULL",
                params![],
                |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))),
            )?
            .into_iter()
            .collect();
        Ok(rows)
    }

    /// Stores what a revocation check found (id, revoked at, reason, source), in one
    /// transaction.
    #[allow(clippy::type_complexity)]
    pub fn record_revocation_checks(
        &mut self,
        found: &[(i64, Option<i64>, Option<String>, String)],
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let tx = self.db.transaction()?;
        for (id, revoked_at, reason, source) in found {
            record_status(&tx, *id, *revoked_at, reason.as_deref(), source, now)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The CRL fetched from `url`, while it is current at `now` (before its nextUpdate; one
    /// without nextUpdate is kept a day).
    pub fn cached_crl(
        &self,
        url: &str,
        now: OffsetDateTime,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        self.db.query_opt(
            "SELECT der FROM crl_cache WHERE url = ?1 \
             AND coalesce(next_update, fetched_at + 86400) > ?2",
            params![url, now.unix_timestamp()],
            |r| r.get(0),
        )
    }

    /// Keeps the CRL fetched from `url` (replacing an older one).
    pub fn cache_crl(
        &mut self,
        url: &str,
        der: &[u8],
        next_update: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.db.execute(
            "INSERT INTO crl_cache (url, der, next_update, fetched_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT(url) DO UPDATE SET der = excluded.der, next_update = excluded.next_update, \
             fetched_at = excluded.fetched_at",
            params![
                url,
                der,
                next_update.map(|t| t.unix_timestamp()),
                now.unix_timestamp()
            ],
        )?;
        Ok(())
    }

    /// Signs the next CRL of the local CA `ca` (default: the issuing one), valid for `days`.
    pub fn local_ca_crl(
        &mut self,
        ca: Option<i64>,
        days: i64,
        now: OffsetDateTime,
    ) -> Result<SignedCrl, StoreError> {
        if !(1..=366).contains(&days) {
            return Err(StoreError::Invalid(
                "a CRL is valid for 1 to 366 days".into(),
            ));
        }
        let ca = self.issuing_ca(ca)?;
        let ca_der = self.certificate_der(ca.certificate_id)?;
        let ca_key = key_pair_from_pkcs8(&self.unsealed_key(ca.certificate_id)?)
            .map_err(StoreError::Invalid)?;
        let revoked: Vec<Revoked> = self
            .revocations(ca.id)?
            .into_iter()
            .map(|r| {
                Ok(Revoked {
                    serial: hex::decode(&r.serial).map_err(|e| {
                        StoreError::Invalid(format!("serial {} in the inventory: {e}", r.serial))
                    })?,
                    at: OffsetDateTime::from_unix_timestamp(r.revoked_at)
                        .map_err(|e| StoreError::Invalid(e.to_string()))?,
                    reason: r.reason,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        let tx = self.db.transaction()?;
        let number: i64 = tx.query_one(
            "UPDATE local_cas SET crl_number = crl_number + 1 WHERE id = ?1 RETURNING crl_number",
            params![ca.id],
            |r| r.get(0),
        )?;
        let der = authority::crl(&ca_der, &ca_key, number as u64, &revoked, days, now)
            .map_err(StoreError::Invalid)?;
        tx.audit(
            "crl sign",
            &ca.subject,
            &format!("number {number}, {} revoked", revoked.len()),
        )?;
        tx.commit()?;
        Ok(SignedCrl {
            ca_id: ca.id,
            number: number as u64,
            der,
            revoked: revoked.len(),
        })
    }
}

impl Inventory {
    /// The CRL a push ships to `node` (PEM), as its settings say: a local CA's (`crl_ca`),
    /// signed at `now` for 7 days with the next CRL number, or a file (`crl`), read now; `None`
    /// when it ships none. A file that holds no CRL is refused with its name.
    pub fn kit_crl(
        &mut self,
        node: &super::Node,
        now: OffsetDateTime,
    ) -> Result<Option<String>, StoreError> {
        if let Some(ca) = node
            .settings
            .get("crl_ca")
            .and_then(serde_json::Value::as_i64)
        {
            return Ok(Some(self.local_ca_crl(Some(ca), 7, now)?.to_pem()));
        }
        let Some(path) = node.settings.get("crl").and_then(serde_json::Value::as_str) else {
            return Ok(None);
        };
        // A shared inventory's node names a file on this machine: read only once approved
        // here (crate::store::approvals), and only a regular file (a FIFO or a device would hang).
        if node.approvals_dir.is_some() {
            let pending = crate::store::approvals::pending(std::slice::from_ref(node))
                .map_err(StoreError::Invalid)?;
            if pending
                .iter()
                .any(|r| r.kind == crate::store::approvals::Kind::LocalFile)
            {
                return Err(StoreError::Invalid(crate::store::approvals::refusal(
                    &pending,
                )));
            }
        }
        if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
            return Err(StoreError::Invalid(format!(
                "{path} is not a file: the node's CRL to ship must be a regular file"
            )));
        }
        let decoded = crate::pki::decode_file(std::path::Path::new(path), &Default::default());
        decoded
            .items
            .iter()
            .find_map(|item| match &item.object {
                crate::pki::Object::Crl(crl) => Some(Some(crl.to_pem())),
                _ => None,
            })
            .ok_or_else(|| {
                let why = decoded
                    .errors
                    .first()
                    .map(|e| format!(" ({e})"))
                    .unwrap_or_default();
                StoreError::Invalid(format!("{path} holds no CRL to ship{why}"))
            })
    }
}

/// Stores what was learned of one certificate's revocation at `now` (replacing the last).
fn record_status(
    tx: &Db,
    certificate_id: i64,
    revoked_at: Option<i64>,
    reason: Option<&str>,
    source: &str,
    now: OffsetDateTime,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO revocation_status (certificate_id, revoked_at, reason, source, checked_at) \
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(certificate_id) DO UPDATE SET \
         revoked_at = excluded.revoked_at, reason = excluded.reason, source = excluded.source, \
         checked_at = excluded.checked_at",
        params![
            certificate_id,
            revoked_at,
            reason,
            source,
            now.unix_timestamp()
        ],
    )?;
    Ok(())
}
