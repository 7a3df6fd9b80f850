//! Reading the inventory: lists with statuses (no parsing needed), lookups, deletion, the trusted
//! CA list, and keeping chain links current after every change.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use time::OffsetDateTime;

use super::chains::{Relink, relink_chains};
use super::db::{Db, Engine, Row, ToParam, params};
use super::{Inventory, StoreError};
use crate::pki::status::{
    Assessment, ChainState, KeyPresence, StatusContext, StatusFacts, assess_facts,
};
use crate::pki::{Certificate, StatusCode};

/// What a certificate is in the inventory.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A certificate with its private key: can be installed on a node.
    Server,
    /// An end-entity certificate without its key (a peer's, or a key still to come).
    Leaf,
    /// A CA certificate that is not self-signed: chain material.
    Intermediate,
    /// A self-signed CA certificate.
    Root,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Server => "server",
            Self::Leaf => "leaf",
            Self::Intermediate => "intermediate",
            Self::Root => "root",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "server" => Self::Server,
            "leaf" => Self::Leaf,
            "intermediate" => Self::Intermediate,
            "root" => Self::Root,
            _ => return None,
        })
    }

    pub fn describe(self) -> &'static str {
        match self {
            Self::Server => "server certificate",
            Self::Leaf => "certificate without its private key",
            Self::Intermediate => "intermediate CA (chain material)",
            Self::Root => "root CA, added to the trusted CA list",
        }
    }
}

/// One certificate as lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRow {
    pub id: i64,
    pub fingerprint_sha256: String,
    pub subject: String,
    pub issuer: String,
    pub name: String,
    pub serial: String,
    pub san: String,
    pub role: Role,
    pub has_private_key: bool,
    pub trusted: bool,
    pub chain_complete: bool,
    pub chain_missing: Option<String>,
    pub nodes: Vec<String>,
    pub friendly_name: Option<String>,
    pub facts: StatusFacts,
    /// What the last revocation check found, when one ran.
    pub revocation: Option<RevocationState>,
}

/// A certificate's revocation as last checked.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RevocationState {
    /// When its CA revoked it (Unix seconds); `None`: not revoked when checked.
    pub revoked_at: Option<i64>,
    pub reason: Option<String>,
    /// The CRL's URL or file, or `local CA`.
    pub source: String,
    pub checked_at: i64,
}

impl CertificateRow {
    /// Whether the row holds `needle` (lower case) in its name, subject, issuer, SANs, serial or
    /// fingerprint, ignoring case: the text filter of `certdeck list` and of the window alike.
    pub fn matches_text(&self, needle: &str) -> bool {
        needle.is_empty()
            || [
                &self.name,
                &self.subject,
                &self.issuer,
                &self.san,
                &self.serial,
                &self.fingerprint_sha256,
            ]
            .iter()
            .any(|field| field.to_lowercase().contains(needle))
    }

    /// Statuses at `now`; `key_missing` when a node uses it without its key.
    pub fn assess(&self, now: OffsetDateTime, expiring_within_days: i64) -> Assessment {
        let mut context = StatusContext::at(now);
        context.expiring_within_days = expiring_within_days;
        context.chain = if self.chain_complete {
            ChainState::Complete
        } else {
            ChainState::Incomplete {
                missing: self
                    .chain_missing
                    .clone()
                    .unwrap_or_else(|| "the issuer is not in the inventory".into()),
            }
        };
        context.key = match (self.has_private_key, self.role) {
            (true, _) => KeyPresence::Present,
            (false, Role::Leaf | Role::Server) if !self.nodes.is_empty() => KeyPresence::Missing,
            _ => KeyPresence::NotApplicable,
        };
        context.revoked = self.revocation.as_ref().and_then(|r| {
            let at = r.revoked_at?;
            Some(format!(
                "revoked on {} ({}), says {}",
                super::journal::rfc3339(time_of(at)),
                r.reason.as_deref().unwrap_or("no reason given"),
                r.source
            ))
        });
        assess_facts(&self.facts, &context)
    }
}

/// Which certificates to list.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub role: Option<Role>,
    pub node: Option<String>,
    /// Case-insensitive text in name, subject, issuer, SANs, serial or fingerprint.
    pub text: Option<String>,
    /// Keep only certificates with this status among their statuses.
    pub status: Option<StatusCode>,
}

/// A trusted CA: the administrator's, or one of the built-in Mozilla roots (read-only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrustedCa {
    pub id: Option<i64>,
    pub subject: String,
    pub fingerprint_sha256: Option<String>,
    pub not_after: Option<String>,
    pub builtin: bool,
}

const ROW_COLUMNS: &str = "c.id, c.fingerprint_sha256, c.subject, c.issuer, c.common_name, c.serial, c.san, c.role, \
    c.private_key_id IS NOT NULL, t.certificate_id IS NOT NULL, c.chain_complete, c.chain_missing, \
    (SELECT string_agg(n.name, '\u{1f}') FROM node_assignments a JOIN nodes n ON n.id = a.node_id WHERE a.certificate_id = c.id), \
    c.friendly_name, c.not_before, c.not_after, c.self_signed, c.is_ca, c.path_len, c.serves_hosts, c.san != '', \
    c.empty_subject, c.weak_signature, c.key_algorithm, c.key_bits, c.wildcard, \
    r.revoked_at, r.reason, r.source, r.checked_at";

/// The ids of the certificates alarms can concern (see [`Inventory::alarm_candidates`]).
pub(super) const ALARM_CANDIDATES: &str = "SELECT id FROM certificates WHERE role = 'server' \
     UNION SELECT id FROM certificates WHERE chain_complete = 0 \
     UNION SELECT certificate_id FROM trusted_cas \
     UNION SELECT certificate_id FROM node_assignments";

/// The tables [`ROW_COLUMNS`] reads from besides `certificates c`.
const ROW_JOINS: &str = "LEFT JOIN trusted_cas t ON t.certificate_id = c.id \
    LEFT JOIN revocation_status r ON r.certificate_id = c.id";

fn time_of(seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn row_of(row: &Row) -> Result<CertificateRow, StoreError> {
    let role: String = row.get(7)?;
    let nodes: Option<String> = row.get(12)?;
    Ok(CertificateRow {
        id: row.get(0)?,
        fingerprint_sha256: row.get(1)?,
        subject: row.get(2)?,
        issuer: row.get(3)?,
        name: row.get(4)?,
        serial: row.get(5)?,
        san: row.get(6)?,
        role: Role::parse(&role).unwrap_or(Role::Leaf),
        has_private_key: row.get(8)?,
        trusted: row.get(9)?,
        chain_complete: row.get(10)?,
        chain_missing: row.get(11)?,
        nodes: nodes
            .map(|n| n.split('\u{1f}').map(str::to_string).collect())
            .unwrap_or_default(),
        friendly_name: row.get(13)?,
        facts: StatusFacts {
            not_before: time_of(row.get(14)?),
            not_after: time_of(row.get(15)?),
            self_signed: row.get(16)?,
            is_ca: row.get(17)?,
            path_len: row.get(18)?,
            serves_hosts: row.get(19)?,
            has_san: row.get(20)?,
            empty_subject: row.get(21)?,
            weak_signature: row.get(22)?,
            key_algorithm: row.get(23)?,
            key_bits: row.get(24)?,
            wildcard: row.get(25)?,
        },
        revocation: match row.get::<Option<String>>(28)? {
            Some(source) => Some(RevocationState {
                revoked_at: row.get(26)?,
                reason: row.get(27)?,
                source,
                checked_at: row.get(29)?,
            }),
            None => None,
        },
    })
}

impl Inventory {
    /// Certificates matching `filter`, judged at `now`, ordered by name.
    pub fn list(
        &self,
        filter: &ListFilter,
        now: OffsetDateTime,
        expiring_within_days: i64,
    ) -> Result<Vec<(CertificateRow, Assessment)>, StoreError> {
        // NOT INDEXED: without it SQLite walked the not_after index (for the sort's second key)
        // and fetched every row from a random place of the table, reading each page many times
        // over; a scan reads each page once, and the sort is done in a temporary tree anyway.
        let not_indexed = match self.db.engine() {
            Engine::Sqlite => "NOT INDEXED",
            Engine::Postgres => "",
        };
        let mut sql = format!(
            "SELECT {ROW_COLUMNS} FROM certificates c {not_indexed} {ROW_JOINS} WHERE 1 = 1"
        );
        let mut args: Vec<String> = Vec::new();
        if let Some(role) = filter.role {
            args.push(role.as_str().to_string());
            sql.push_str(&format!(" AND c.role = ?{}", args.len()));
        }
        if let Some(node) = &filter.node {
            args.push(node.clone());
            sql.push_str(&format!(
                " AND c.id IN (SELECT a.certificate_id FROM node_assignments a JOIN nodes n ON n.id = a.node_id WHERE n.name = ?{})",
                args.len()
            ));
        }
        sql.push_str(&format!(
            " ORDER BY {}, c.not_after, c.id",
            self.db.engine().text_order("c.common_name")
        ));
        let args: Vec<&dyn ToParam> = args.iter().map(|a| a as &dyn ToParam).collect();
        let rows = self.db.query_map(&sql, &args, row_of)?;
        let needle = filter
            .text
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_lowercase();
        let mut out = Vec::new();
        for row in rows {
            if !row.matches_text(&needle) {
                continue;
            }
            let assessment = row.assess(now, expiring_within_days);
            if filter
                .status
                .is_none_or(|status| assessment.overall == status || assessment.has(status))
            {
                out.push((row, assessment));
            }
        }
        Ok(out)
    }

    /// The rows [`super::report::alarms_among`] can raise an alarm for — server certificates,
    /// trusted CAs, certificates on nodes, incomplete chains — through indexes (schema 10),
    /// without reading the other rows.
    pub(super) fn alarm_candidates(&self) -> Result<Vec<CertificateRow>, StoreError> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} FROM certificates c {ROW_JOINS} WHERE c.id IN ({ALARM_CANDIDATES})"
        );
        self.db.query_map(&sql, params![], row_of)
    }

    /// A certificate by id or by (a unique prefix of) its SHA-256 fingerprint.
    pub fn find(&self, reference: &str) -> Result<(CertificateRow, Certificate), StoreError> {
        let reference = reference.trim().to_lowercase().replace(':', "");
        let id: Option<i64> = match reference.parse::<i64>() {
            Ok(id) if reference.len() < 16 => Some(id),
            _ => {
                let ids: Vec<i64> = self.db.query_map(
                    "SELECT id FROM certificates WHERE fingerprint_sha256 LIKE ?1 LIMIT 2",
                    params![format!("{reference}%")],
                    |r| r.get(0),
                )?;
                if ids.len() > 1 {
                    return Err(StoreError::Invalid(format!(
                        "{reference} matches several certificates: give more of the fingerprint"
                    )));
                }
                ids.first().copied()
            }
        };
        let Some(id) = id else {
            return Err(StoreError::NotFound(format!(
                "no certificate {reference} in the inventory"
            )));
        };
        let found = self.db.query_opt(
            &format!(
                "SELECT {ROW_COLUMNS}, d.der FROM certificates c {ROW_JOINS} \
                 JOIN certificate_der d ON d.certificate_id = c.id WHERE c.id = ?1"
            ),
            params![id],
            |row| Ok((row_of(row)?, row.get::<Vec<u8>>(30)?)),
        )?;
        let Some((row, der)) = found else {
            return Err(StoreError::NotFound(format!(
                "no certificate {reference} in the inventory"
            )));
        };
        let cert = Certificate::from_der(&der).map_err(|_| {
            StoreError::Invalid(format!("certificate {id} in the inventory is damaged"))
        })?;
        Ok((row, cert))
    }

    /// Deletes a certificate (its assignments go with it; its key stays in the vault).
    pub fn delete(&mut self, id: i64, now: OffsetDateTime) -> Result<(), StoreError> {
        self.delete_many(&[id], now)
    }

    /// Deletes certificates in one transaction: all of them, or none when one is not there.
    ///
    /// Chains are looked at again only when a deleted certificate was some row's issuer: a path
    /// is the chain of those links, so a certificate no row names (a leaf, as most deletions
    /// are) was on no other certificate's path. Relinking the whole inventory for each one took
    /// 1.5 s per certificate at 100,000 (docs/performance.md).
    pub fn delete_many(&mut self, ids: &[i64], now: OffsetDateTime) -> Result<(), StoreError> {
        let tx = self.db.transaction()?;
        let mut paths_changed = false;
        for &id in ids {
            let fingerprint: Option<String> = tx.query_opt(
                "DELETE FROM certificates WHERE id = ?1 RETURNING fingerprint_sha256",
                params![id],
                |row| row.get(0),
            )?;
            let Some(fingerprint) = fingerprint else {
                return Err(StoreError::NotFound(format!(
                    "no certificate {id} in the inventory"
                )));
            };
            paths_changed = paths_changed
                || tx.value::<bool>(
                    "SELECT EXISTS (SELECT 1 FROM certificates WHERE issuer_fingerprint = ?1)",
                    params![fingerprint],
                )?;
            tx.audit("certificate delete", &id.to_string(), "")?;
        }
        if paths_changed {
            relink_chains(&tx, now, &HashMap::new(), Relink::All)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The trusted CA list: the administrator's CAs, then (when asked) the built-in roots.
    pub fn trusted_cas(&self, with_builtin: bool) -> Result<Vec<TrustedCa>, StoreError> {
        let mut list: Vec<TrustedCa> = self.db.query_map(
            &format!(
                "SELECT c.id, c.subject, c.fingerprint_sha256, c.not_after FROM trusted_cas t \
                 JOIN certificates c ON c.id = t.certificate_id ORDER BY {}, c.id",
                self.db.engine().text_order("c.common_name")
            ),
            params![],
            |row| {
                Ok(TrustedCa {
                    id: Some(row.get(0)?),
                    subject: row.get(1)?,
                    fingerprint_sha256: Some(row.get(2)?),
                    not_after: Some(crate::pki::display::display_time(time_of(row.get(3)?))),
                    builtin: false,
                })
            },
        )?;
        if with_builtin {
            list.extend(builtin_roots());
        }
        Ok(list)
    }

    /// Adds a stored CA certificate to the trusted list.
    pub fn trust(&mut self, id: i64, now: OffsetDateTime) -> Result<(), StoreError> {
        self.trust_many(&[id], now)
    }

    /// Adds stored CA certificates to the trusted list in one transaction, and relinks the
    /// inventory's chains once — and only when one was not trusted yet: each relink reads every
    /// row (2 s at 100,000 certificates), so a bundle of a hundred CAs trusted one by one took
    /// minutes.
    pub fn trust_many(&mut self, ids: &[i64], now: OffsetDateTime) -> Result<(), StoreError> {
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            let (row, _) = self.find(&id.to_string())?;
            if !row.facts.is_ca {
                return Err(StoreError::Invalid(format!(
                    "{} is not a CA certificate",
                    row.subject
                )));
            }
            rows.push(row);
        }
        let tx = self.db.transaction()?;
        let mut added = false;
        for row in &rows {
            let inserted = tx.execute(
                "INSERT INTO trusted_cas (certificate_id, added_at) VALUES (?1, ?2) \
                 ON CONFLICT (certificate_id) DO NOTHING",
                params![row.id, now.unix_timestamp()],
            )?;
            if inserted > 0 {
                added = true;
                tx.audit("trust", &row.subject, &row.fingerprint_sha256)?;
            }
        }
        if added {
            relink_chains(&tx, now, &HashMap::new(), Relink::All)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Removes a CA from the trusted list (the certificate stays as chain material).
    pub fn distrust(&mut self, id: i64, now: OffsetDateTime) -> Result<(), StoreError> {
        let tx = self.db.transaction()?;
        let removed = tx.execute(
            "DELETE FROM trusted_cas WHERE certificate_id = ?1",
            params![id],
        )?;
        if removed == 0 {
            return Err(StoreError::NotFound(format!(
                "certificate {id} is not on the trusted CA list"
            )));
        }
        relink_chains(&tx, now, &HashMap::new(), Relink::All)?;
        tx.audit("distrust", &id.to_string(), "")?;
        tx.commit()?;
        Ok(())
    }

    /// DER of stored certificates by id.
    /// Every certificate's DER with its id, in one query.
    pub fn all_certificate_der(&self) -> Result<Vec<(i64, Vec<u8>)>, StoreError> {
        self.db.query_map(
            "SELECT certificate_id, der FROM certificate_der ORDER BY certificate_id",
            params![],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    pub fn certificate_der(&self, id: i64) -> Result<Vec<u8>, StoreError> {
        der_by_id(&self.db, id)
    }

    /// A read-only connection of its own for reading certificates one at a time, for a window
    /// that keeps rows but not every certificate (a 100,000-certificate inventory parsed whole
    /// is about a gigabyte).
    pub fn certificate_reader(&self) -> Result<CertificateReader, StoreError> {
        if let Db::Postgres(pg) = &self.db {
            let db = Db::Postgres(pg.another()?);
            return Ok(CertificateReader { db });
        }
        let path = self.dir.join(super::DATABASE_FILE);
        let connection = rusqlite::Connection::open_with_flags(
            &path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::Database(format!("{}: {e}", path.display())))?;
        // One row by its key: a writer in WAL mode never holds a reader up for long.
        connection.busy_timeout(std::time::Duration::from_millis(500))?;
        Ok(CertificateReader {
            db: Db::Sqlite(connection),
        })
    }
}

/// See [`Inventory::certificate_reader`].
pub struct CertificateReader {
    db: Db,
}

impl std::fmt::Debug for CertificateReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertificateReader").finish_non_exhaustive()
    }
}

impl CertificateReader {
    /// Certificate `id`, parsed (`None` if it cannot be read).
    pub fn certificate(&self, id: i64) -> Result<Option<Arc<Certificate>>, StoreError> {
        stored_certificate(&self.db, id)
    }
}

pub use super::stored::PossibleIssuers;
use super::stored::{der_by_id, stored_certificate};

fn builtin_roots() -> Vec<TrustedCa> {
    crate::pki::chain::builtin_root_names()
        .into_iter()
        .map(|name| TrustedCa {
            id: None,
            subject: name.to_string(),
            fingerprint_sha256: None,
            not_after: None,
            builtin: true,
        })
        .collect()
}
