//! Discovery in the inventory: the endpoints scans found, the certificates seen on the wire,
//! saved scans, and the alarms that compare what is served with what is managed (drift).

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use time::OffsetDateTime;

use super::db::{Db, params};
use super::report::{AlarmEntry, AlarmKind};
use super::{Inventory, Node, StoreError};
use crate::model::scan::{ScanSpec, Seen};
use crate::pki::display::display_time;
use crate::pki::status::{StatusFacts, weak_key_reason};

/// One endpoint as the inventory knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EndpointRow {
    pub id: i64,
    pub host: String,
    pub port: u16,
    pub protocol: String,
    pub sni: Option<String>,
    pub first_seen: i64,
    pub last_seen: i64,
    pub last_scanned: i64,
    /// `served`, or the probe's error code (`connect`, `timeout`, `legacy_tls`, …).
    pub state: String,
    pub detail: Option<String>,
    pub tls_version: Option<String>,
    pub cipher: Option<String>,
    /// The leaf it serves (or served last).
    pub leaf_fingerprint: Option<String>,
    /// The served chain's fingerprints, leaf first.
    pub chain: Vec<String>,
    pub weak_signature: bool,
    /// The served leaf's subject and expiry, from the certificates seen on the wire.
    pub leaf_subject: Option<String>,
    pub leaf_not_after: Option<i64>,
    /// The inventory's id of the served leaf, when it is managed here.
    pub managed_id: Option<i64>,
}

impl EndpointRow {
    /// `host:port` (`[v6]:port`).
    pub fn address(&self) -> String {
        crate::model::endpoint::address(&self.host, self.port)
    }
}

/// What a scan changed in the inventory.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ScanRecord {
    /// Endpoints seen for the first time.
    pub new: usize,
    /// Endpoints seen before and seen again.
    pub seen_again: usize,
    /// Known endpoints that did not answer this time.
    pub silent: usize,
    /// Certificates seen on the wire for the first time.
    pub new_certificates: usize,
}

impl Inventory {
    /// Records a scan's results in one transaction: endpoints that answered are added or
    /// updated, known endpoints that did not answer are marked so (their last chain is kept, to
    /// say what vanished), and every certificate served is kept as observed.
    pub fn record_scan(&mut self, seen: &[Seen]) -> Result<ScanRecord, StoreError> {
        let tx = self.db.transaction()?;
        let mut record = ScanRecord::default();
        for result in seen {
            let at = result.at.unix_timestamp();
            let known: Option<i64> = tx.query_opt(
                "SELECT id FROM endpoints WHERE host = ?1 AND port = ?2",
                params![result.host, result.port],
                |r| r.get(0),
            )?;
            if !result.answered() {
                if let (Some(id), Err(error)) = (known, &result.outcome) {
                    tx.prepare(
                        "UPDATE endpoints SET last_scanned = ?1, state = ?2, detail = ?3 WHERE id = ?4",
                    )?
                    .execute(params![at, error.code(), error.to_string(), id])?;
                    record.silent += 1;
                }
                continue;
            }
            match known {
                Some(_) => record.seen_again += 1,
                None => record.new += 1,
            }
            let (state, detail, version, cipher, chain, weak) = match &result.outcome {
                Ok(report) => {
                    for cert in &report.chain {
                        record.new_certificates += observe(&tx, cert, at)?;
                    }
                    let weak_key = report
                        .chain
                        .iter()
                        .any(|cert| weak_key_reason(&StatusFacts::of(cert)).is_some());
                    (
                        "served".to_string(),
                        None,
                        Some(report.protocol.clone()),
                        Some(report.cipher.clone()),
                        report
                            .chain
                            .iter()
                            .map(|c| c.fingerprint_sha256.clone())
                            .collect::<Vec<_>>(),
                        report.weak_signature || weak_key,
                    )
                }
                Err(error) => (
                    error.code().to_string(),
                    Some(error.to_string()),
                    None,
                    None,
                    Vec::new(),
                    false,
                ),
            };
            // A failed handshake keeps the chain served before: what it was is still worth saying.
            tx.prepare(
                "INSERT INTO endpoints (host, port, protocol, sni, first_seen, last_seen, last_scanned, \
                 state, detail, tls_version, cipher, leaf_fingerprint, chain, weak_signature) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) \
                 ON CONFLICT (host, port) DO UPDATE SET protocol = excluded.protocol, \
                 sni = excluded.sni, last_seen = excluded.last_seen, last_scanned = excluded.last_scanned, \
                 state = excluded.state, detail = excluded.detail, \
                 tls_version = coalesce(excluded.tls_version, endpoints.tls_version), \
                 cipher = coalesce(excluded.cipher, endpoints.cipher), \
                 leaf_fingerprint = coalesce(excluded.leaf_fingerprint, endpoints.leaf_fingerprint), \
                 chain = CASE WHEN excluded.chain = '' THEN endpoints.chain ELSE excluded.chain END, \
                 weak_signature = excluded.weak_signature",
            )?
            .execute(params![
                result.host,
                result.port,
                result.protocol.as_str(),
                result.sni,
                at,
                state,
                detail,
                version,
                cipher,
                chain.first(),
                chain.join(","),
                weak,
            ])?;
        }
        tx.audit(
            "scan",
            &format!("{} endpoints", seen.len()),
            &format!(
                "{} new, {} seen again, {} silent, {} new certificates",
                record.new, record.seen_again, record.silent, record.new_certificates
            ),
        )?;
        tx.commit()?;
        Ok(record)
    }

    /// Every endpoint found so far, by host and port.
    pub fn endpoints(&self) -> Result<Vec<EndpointRow>, StoreError> {
        let rows = self.db.query_map(
            "SELECT e.id, e.host, e.port, e.protocol, e.sni, e.first_seen, e.last_seen, e.last_scanned, \
             e.state, e.detail, e.tls_version, e.cipher, e.leaf_fingerprint, e.chain, e.weak_signature, \
             o.subject, o.not_after, c.id \
             FROM endpoints e \
             LEFT JOIN observed_certificates o ON o.fingerprint_sha256 = e.leaf_fingerprint \
             LEFT JOIN certificates c ON c.fingerprint_sha256 = e.leaf_fingerprint \
             ORDER BY e.host, e.port",
            params![],
            |r| {
                let chain: String = r.get(13)?;
                Ok(EndpointRow {
                    id: r.get(0)?,
                    host: r.get(1)?,
                    port: r.get(2)?,
                    protocol: r.get(3)?,
                    sni: r.get(4)?,
                    first_seen: r.get(5)?,
                    last_seen: r.get(6)?,
                    last_scanned: r.get(7)?,
                    state: r.get(8)?,
                    detail: r.get(9)?,
                    tls_version: r.get(10)?,
                    cipher: r.get(11)?,
                    leaf_fingerprint: r.get(12)?,
                    chain: super::split_list(&chain),
                    weak_signature: r.get(14)?,
                    leaf_subject: r.get(15)?,
                    leaf_not_after: r.get(16)?,
                    managed_id: r.get(17)?,
                })
            },
        )?;
        Ok(rows)
    }

    /// Saves (or replaces) a scan under `name`; `every_hours` has the hourly scheduled pass
    /// (`certdeck renew --due`) run it that often.
    pub fn save_scan(
        &mut self,
        name: &str,
        spec: &ScanSpec,
        every_hours: Option<u32>,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a saved scan needs a name".into()));
        }
        let spec = serde_json::to_string(spec)
            .map_err(|e| StoreError::Invalid(format!("scan {name}: {e}")))?;
        self.audited("scan save", name, |db| {
            db.execute(
                "INSERT INTO saved_scans (name, spec, every_hours, created_at) \
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO UPDATE \
                 SET spec = excluded.spec, every_hours = excluded.every_hours",
                params![name, spec, every_hours, now.unix_timestamp()],
            )?;
            Ok(((), String::new()))
        })
    }

    /// The saved scans the scheduled pass should run at `now`: those with an interval that
    /// never ran or last ran at least that long ago.
    pub fn due_scans(&self, now: OffsetDateTime) -> Result<Vec<String>, StoreError> {
        let names = self
            .db
            .query_map(
                "SELECT name FROM saved_scans WHERE every_hours IS NOT NULL \
             AND (last_run_at IS NULL OR last_run_at + every_hours * 3600 <= ?1) ORDER BY name",
                params![now.unix_timestamp()],
                |r| r.get(0),
            )?
            .into_iter()
            .collect();
        Ok(names)
    }

    /// Every saved scan's name.
    pub fn saved_scan_names(&self) -> Result<Vec<String>, StoreError> {
        Ok(self
            .db
            .query_map(
                "SELECT name FROM saved_scans ORDER BY name",
                params![],
                |r| r.get(0),
            )?
            .into_iter()
            .collect())
    }

    /// The scan saved under `name`, to run. On a shared inventory only once this machine
    /// approved its exact specification (a teammate's saved scan connects from here:
    /// crate::store::approvals); [`Inventory::saved_scan_request`] says what to approve.
    pub fn saved_scan(&self, name: &str) -> Result<ScanSpec, StoreError> {
        let (spec, request) = self.saved_scan_text(name)?;
        if let Some(request) = request {
            let approvals = crate::store::approvals::Approvals::load(self.dir())
                .map_err(StoreError::Invalid)?;
            if !approvals.is_approved(&request) {
                return Err(StoreError::Invalid(crate::store::approvals::refusal(&[
                    request,
                ])));
            }
        }
        serde_json::from_str(&spec)
            .map_err(|e| StoreError::Invalid(format!("saved scan {name} is damaged: {e}")))
    }

    /// What running the saved scan `name` from this machine asks to approve (`None` on a
    /// local inventory, whose scans are the user's own).
    pub fn saved_scan_request(
        &self,
        name: &str,
    ) -> Result<Option<crate::store::approvals::Request>, StoreError> {
        Ok(self.saved_scan_text(name)?.1)
    }

    fn saved_scan_text(
        &self,
        name: &str,
    ) -> Result<(String, Option<crate::store::approvals::Request>), StoreError> {
        let spec: Option<String> = self.db.query_opt(
            "SELECT spec FROM saved_scans WHERE name = ?1",
            params![name],
            |r| r.get(0),
        )?;
        let spec = spec.ok_or_else(|| StoreError::NotFound(format!("no scan saved as {name}")))?;
        let request = match self.shared_address() {
            None => None,
            Some(_) => Some(crate::store::approvals::Request {
                kind: crate::store::approvals::Kind::SavedScan,
                inventory: self.id()?,
                owner: name.to_string(),
                text: spec.clone(),
                set_by: None,
                set_at: None,
            }),
        };
        Ok((spec, request))
    }

    /// Notes that the saved scan `name` ran at `now`.
    pub fn saved_scan_ran(&mut self, name: &str, now: OffsetDateTime) -> Result<(), StoreError> {
        self.db.execute(
            "UPDATE saved_scans SET last_run_at = ?1 WHERE name = ?2",
            params![now.unix_timestamp(), name],
        )?;
        Ok(())
    }

    /// Makes a node from a discovered endpoint (`host:port`): named `name`, reached at the
    /// endpoint's SNI name (else its host), the endpoint kept as the node's TLS endpoint to
    /// verify, and the served certificate assigned when the inventory holds it.
    pub fn adopt(
        &mut self,
        endpoint: &str,
        name: &str,
        now: OffsetDateTime,
    ) -> Result<i64, StoreError> {
        let row = self
            .endpoints()?
            .into_iter()
            .find(|row| row.address() == endpoint.trim())
            .ok_or_else(|| {
                StoreError::NotFound(format!("no endpoint {endpoint} was found by a scan"))
            })?;
        let fqdn = row.sni.clone().unwrap_or_else(|| row.host.clone());
        let id = self.add_node(name, &fqdn, &[], "server", now)?;
        self.configure_node(name, &[row.address()], "none", &serde_json::json!({}))?;
        if let Some(certificate) = row.managed_id {
            self.assign(name, certificate, now)?;
        }
        Ok(id)
    }

    /// Discovery alarms at `now` among `endpoints` (as [`Inventory::endpoints`] lists them):
    /// drift (a node's endpoint serving another certificate than the one assigned), unmanaged
    /// certificates on the wire expiring within `days` (or expired), endpoints that served and
    /// no longer answer, and legacy TLS, SHA-1 or weak keys on the wire.
    pub fn discovery_alarms(
        &self,
        endpoints: &[EndpointRow],
        nodes: &[Node],
        now: OffsetDateTime,
        days: i64,
    ) -> Result<Vec<AlarmEntry>, StoreError> {
        if endpoints.is_empty() {
            return Ok(Vec::new());
        }
        let assigned: HashMap<i64, String> = self
            .db
            .query_map(
                "SELECT a.certificate_id, c.fingerprint_sha256 FROM node_assignments a \
                 JOIN certificates c ON c.id = a.certificate_id",
                params![],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .into_iter()
            .collect();
        let mut alarms = Vec::new();
        let mut owned: HashSet<i64> = HashSet::new();
        for node in nodes {
            let Some(expected) = node.certificate_id.and_then(|id| assigned.get(&id)) else {
                continue;
            };
            for endpoint in endpoints.iter().filter(|e| belongs_to(e, node)) {
                owned.insert(endpoint.id);
                let Some(served) = &endpoint.leaf_fingerprint else {
                    continue;
                };
                if endpoint.state == "served" && served != expected {
                    alarms.push(AlarmEntry {
                        kind: AlarmKind::Drift,
                        subject: node.name.clone(),
                        certificate_id: node.certificate_id,
                        node: Some(node.name.clone()),
                        endpoint: Some(endpoint.address()),
                        message: format!(
                            "{} serves {} instead of node {}'s assigned certificate",
                            endpoint.address(),
                            endpoint
                                .leaf_subject
                                .as_deref()
                                .unwrap_or("another certificate"),
                            node.name
                        ),
                    });
                }
            }
        }
        let horizon = (now + time::Duration::days(days)).unix_timestamp();
        for endpoint in endpoints {
            let at = endpoint.address();
            let alarm = |kind, message: String| AlarmEntry {
                kind,
                subject: at.clone(),
                certificate_id: None,
                node: None,
                endpoint: Some(at.clone()),
                message,
            };
            if endpoint.state == "served"
                && endpoint.managed_id.is_none()
                && !owned.contains(&endpoint.id)
                && let Some(not_after) = endpoint.leaf_not_after
                && not_after <= horizon
            {
                let when = OffsetDateTime::from_unix_timestamp(not_after).unwrap_or(now);
                let verb = if not_after <= now.unix_timestamp() {
                    "expired"
                } else {
                    "expires"
                };
                alarms.push(alarm(
                    AlarmKind::UnmanagedExpiring,
                    format!(
                        "{at} serves {} ({verb} {}), which is not in the inventory",
                        endpoint.leaf_subject.as_deref().unwrap_or("a certificate"),
                        display_time(when)
                    ),
                ));
            }
            if matches!(endpoint.state.as_str(), "connect" | "timeout" | "resolve")
                && endpoint.leaf_fingerprint.is_some()
            {
                let last = OffsetDateTime::from_unix_timestamp(endpoint.last_seen).unwrap_or(now);
                alarms.push(alarm(
                    AlarmKind::Vanished,
                    format!(
                        "{at} no longer answers (it served {} until {})",
                        endpoint.leaf_subject.as_deref().unwrap_or("a certificate"),
                        display_time(last)
                    ),
                ));
            }
            if endpoint.state == "legacy_tls" {
                alarms.push(alarm(
                    AlarmKind::WeakOnWire,
                    format!("{at} speaks only TLS 1.0/1.1 or RSA key exchange"),
                ));
            } else if endpoint.state == "served" && endpoint.weak_signature {
                alarms.push(alarm(
                    AlarmKind::WeakOnWire,
                    format!(
                        "{at} serves a chain with a SHA-1 signature or a weak key (RSA or DSA under \
                         2048 bits, EC under 256)"
                    ),
                ));
            }
        }
        Ok(alarms)
    }
}

/// Whether a discovered endpoint is one of `node`'s: one of its TLS endpoints, or a port of its
/// host name (or another of its names).
fn belongs_to(endpoint: &EndpointRow, node: &Node) -> bool {
    let address = endpoint.address();
    node.endpoints.iter().any(|e| e.trim() == address)
        || endpoint.host.eq_ignore_ascii_case(&node.fqdn)
        || endpoint
            .sni
            .as_deref()
            .is_some_and(|sni| sni.eq_ignore_ascii_case(&node.fqdn))
        || node
            .alt_names
            .iter()
            .any(|name| endpoint.host.eq_ignore_ascii_case(name))
}

/// Keeps a served certificate; 1 when it was seen for the first time.
fn observe(tx: &Db, cert: &crate::pki::Certificate, at: i64) -> Result<usize, StoreError> {
    let facts = StatusFacts::of(cert);
    let updated = tx.prepare(
            "UPDATE observed_certificates SET last_seen = CASE WHEN last_seen > ?1 THEN last_seen ELSE ?1 END \
             WHERE fingerprint_sha256 = ?2",
        )?
        .execute(params![at, cert.fingerprint_sha256])?;
    if updated > 0 {
        return Ok(0);
    }
    tx.prepare(
        "INSERT INTO observed_certificates (fingerprint_sha256, der, subject, issuer, not_after, \
         key_bits, key_algorithm, first_seen, last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?
    .execute(params![
        cert.fingerprint_sha256,
        cert.der(),
        cert.subject.to_string(),
        cert.issuer.to_string(),
        facts.not_after.unix_timestamp(),
        facts.key_bits,
        facts.key_algorithm,
        at,
    ])?;
    Ok(1)
}
