//! Alarms and reports: what needs attention at a given moment, the inventory as CSV, and expiry
//! dates as an iCalendar file with reminders.

use icalendar::{Alarm, Calendar, Component, EventLike};
use serde::Serialize;
use time::OffsetDateTime;

use super::db::params;
use super::query::{CertificateRow, ListFilter, Role};
use super::{Inventory, StoreError};
use crate::pki::StatusCode;
use crate::pki::display::display_time;
use crate::pki::status::Assessment;

/// Default alarm horizon: a certificate expiring within this many days raises an alarm.
pub const DEFAULT_ALARM_DAYS: i64 = 30;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlarmKind {
    NodeWithoutCertificate,
    /// A certificate in use (a node's, a trusted CA) that its CA revoked.
    Revoked,
    Expired,
    Expiring,
    IncompleteChain,
    /// A node's endpoint serves another certificate than the one assigned to it.
    Drift,
    /// An endpoint serves a certificate nobody manages (not in the inventory) that expires soon
    /// or has expired.
    UnmanagedExpiring,
    /// An endpoint that served a certificate no longer answers.
    Vanished,
    /// An endpoint speaks only TLS 1.0/1.1, or serves a SHA-1 signature or a weak key.
    WeakOnWire,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AlarmEntry {
    pub kind: AlarmKind,
    /// What it concerns: a node name or a certificate's name.
    pub subject: String,
    pub certificate_id: Option<i64>,
    pub node: Option<String>,
    /// The endpoint (`host:port`) a discovery alarm concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    pub message: String,
}

impl AlarmEntry {
    /// What identifies the alarm across reloads: its kind, certificate, node and endpoint.
    pub fn key(&self) -> String {
        let mut key = format!(
            "{:?}:{}:{}",
            self.kind,
            self.certificate_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            self.node.as_deref().unwrap_or_default()
        );
        // Appended only when there is one: the keys of earlier alarms stay as they were stored.
        if let Some(endpoint) = &self.endpoint {
            key.push(':');
            key.push_str(endpoint);
        }
        key
    }
}

impl Inventory {
    /// The alarms among `alarms` not announced before, recorded as announced now. Alarms that
    /// ended are forgotten, so one that comes back is announced again. (The window's desktop
    /// notifications; the notification channels keep their own: `alarms_to_tell`.)
    pub fn fresh_alarms(
        &mut self,
        alarms: &[AlarmEntry],
        now: OffsetDateTime,
    ) -> Result<Vec<AlarmEntry>, StoreError> {
        let fresh = self.unannounced("", alarms)?;
        self.record_announced("", alarms, &fresh, now)?;
        Ok(fresh)
    }

    /// The keys one audience keeps in `notified_alarms`: the alarms' keys behind `prefix`
    /// (`""` for the desktop, whose keys carry none and never start with `channels`).
    fn announced(&self, prefix: &str) -> Result<std::collections::HashSet<String>, StoreError> {
        let (filter, pattern) = if prefix.is_empty() {
            ("key NOT LIKE ?1", "channels%".to_string())
        } else {
            ("key LIKE ?1", format!("{prefix}%"))
        };
        Ok(self
            .db
            .query_map(
                &format!("SELECT key FROM notified_alarms WHERE {filter}"),
                params![pattern],
                |row| row.get(0),
            )?
            .into_iter()
            .collect())
    }

    /// The alarms among `alarms` this audience was not told about (nothing is recorded).
    pub(super) fn unannounced(
        &self,
        prefix: &str,
        alarms: &[AlarmEntry],
    ) -> Result<Vec<AlarmEntry>, StoreError> {
        let known = self.announced(prefix)?;
        Ok(alarms
            .iter()
            .filter(|a| !known.contains(&format!("{prefix}{}", a.key())))
            .cloned()
            .collect())
    }

    /// Records `told` as told to this audience, and forgets what is no longer among `current`
    /// (so an alarm that comes back is told again).
    pub(super) fn record_announced(
        &mut self,
        prefix: &str,
        current: &[AlarmEntry],
        told: &[AlarmEntry],
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let known = self.announced(prefix)?;
        let current: std::collections::HashSet<String> = current
            .iter()
            .map(|a| format!("{prefix}{}", a.key()))
            .collect();
        let tx = self.db.transaction()?;
        for alarm in told {
            tx.execute(
                "INSERT INTO notified_alarms (key, at) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
                params![format!("{prefix}{}", alarm.key()), now.unix_timestamp()],
            )?;
        }
        for ended in known.difference(&current) {
            tx.execute("DELETE FROM notified_alarms WHERE key = ?1", params![ended])?;
        }
        tx.commit()
    }

    /// Alarms at `now`: nodes without a server certificate; server certificates and trusted CAs
    /// expired or expiring within `days`; certificates whose chain does not reach a trusted root.
    pub fn alarms(&self, now: OffsetDateTime, days: i64) -> Result<Vec<AlarmEntry>, StoreError> {
        let rows = self.alarm_candidates()?;
        let nodes = self.nodes()?;
        let mut alarms = alarms_among(&rows, &nodes, now, days);
        alarms.extend(self.discovery_alarms(&self.endpoints()?, &nodes, now, days)?);
        Ok(alarms)
    }

    /// The inventory as CSV (one row per certificate), judged at `now`.
    pub fn report_csv(
        &self,
        now: OffsetDateTime,
        expiring_days: i64,
    ) -> Result<Vec<u8>, StoreError> {
        let rows = self.list(&ListFilter::default(), now, expiring_days)?;
        // Every cell quoted: a spreadsheet set to split on `;` (many European locales) would
        // otherwise cut `CN=a;=HYPERLINK(…)` into a formula cell.
        let mut writer = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Always)
            .from_writer(Vec::new());
        let csv_error = |e: csv::Error| StoreError::Io(format!("CSV: {e}"));
        writer
            .write_record([
                "id",
                "name",
                "subject",
                "issuer",
                "serial",
                "not_before",
                "not_after",
                "days_left",
                "status",
                "statuses",
                "role",
                "private_key",
                "trusted",
                "nodes",
                "san",
                "key",
                "fingerprint_sha256",
            ])
            .map_err(csv_error)?;
        for (row, assessment) in &rows {
            writer
                .write_record(
                    csv_record(row, assessment)
                        .iter()
                        .map(|cell| crate::sanitize::csv_cell(cell).into_owned()),
                )
                .map_err(csv_error)?;
        }
        writer
            .into_inner()
            .map_err(|e| StoreError::Io(format!("CSV: {e}")))
    }

    /// Expiry dates as iCalendar: one all-day event per certificate on its expiry date, with
    /// reminders 30 and 7 days before.
    pub fn report_ics(&self, now: OffsetDateTime) -> Result<String, StoreError> {
        let rows = self.list(&ListFilter::default(), now, DEFAULT_ALARM_DAYS)?;
        let mut calendar = Calendar::new();
        calendar.name("certdeck certificate expiry");
        for (row, _) in rows {
            let Some(expiry) =
                chrono::DateTime::from_timestamp(row.facts.not_after.unix_timestamp(), 0)
            else {
                continue;
            };
            let nodes = if row.nodes.is_empty() {
                String::new()
            } else {
                format!("\nNodes: {}", row.nodes.join(", "))
            };
            let event = icalendar::Event::new()
                .uid(&format!("{}@certdeck", row.fingerprint_sha256))
                .summary(&format!("Certificate expires: {}", row.name))
                .description(&format!(
                    "{}\nIssuer: {}\nSerial: {}\nSHA-256: {}{nodes}",
                    row.subject, row.issuer, row.serial, row.fingerprint_sha256
                ))
                .all_day(expiry.date_naive())
                .alarm(Alarm::display(
                    &format!("{} expires in 30 days", row.name),
                    -chrono::Duration::days(30),
                ))
                .alarm(Alarm::display(
                    &format!("{} expires in 7 days", row.name),
                    -chrono::Duration::days(7),
                ))
                .done();
            calendar.push(event);
        }
        Ok(calendar.done().to_string())
    }
}

fn csv_record(row: &CertificateRow, assessment: &Assessment) -> Vec<String> {
    let rfc3339 = |t: OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    };
    let key = match row.facts.key_bits {
        Some(bits) => format!("{} {bits}", row.facts.key_algorithm),
        None => row.facts.key_algorithm.clone(),
    };
    vec![
        row.id.to_string(),
        row.name.clone(),
        row.subject.clone(),
        row.issuer.clone(),
        row.serial.clone(),
        rfc3339(row.facts.not_before),
        rfc3339(row.facts.not_after),
        assessment.days_left.to_string(),
        assessment.overall.to_string(),
        assessment
            .codes()
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        row.role.as_str().to_string(),
        row.has_private_key.to_string(),
        row.trusted.to_string(),
        row.nodes.join(" "),
        row.san.clone(),
        key,
        row.fingerprint_sha256.clone(),
    ]
}

/// The alarms over certificates and nodes the caller has already read (the window reads them for
/// its own views), so the inventory is not read twice. Each row is judged again at `days`, which
/// may differ from the threshold it was listed with.
pub fn alarms_among<'a>(
    rows: impl IntoIterator<Item = &'a CertificateRow>,
    nodes: &[super::Node],
    now: OffsetDateTime,
    days: i64,
) -> Vec<AlarmEntry> {
    let mut alarms = Vec::new();
    for node in nodes {
        if node.certificate_id.is_none() {
            alarms.push(AlarmEntry {
                endpoint: None,
                kind: AlarmKind::NodeWithoutCertificate,
                subject: node.name.clone(),
                certificate_id: None,
                message: format!("node {} has no server certificate", node.name),
                node: Some(node.name.clone()),
            });
        }
    }
    for row in rows {
        let assessment = row.assess(now, days);
        let watched = matches!(row.role, Role::Server) || row.trusted || !row.nodes.is_empty();
        let node = row.nodes.first().cloned();
        if watched && assessment.has(StatusCode::Revoked) {
            alarms.push(AlarmEntry {
                endpoint: None,
                kind: AlarmKind::Revoked,
                subject: row.name.clone(),
                certificate_id: Some(row.id),
                node: node.clone(),
                message: format!("{} is revoked by its CA", row.name),
            });
        }
        if watched && assessment.has(StatusCode::Expired) {
            alarms.push(AlarmEntry {
                endpoint: None,
                kind: AlarmKind::Expired,
                subject: row.name.clone(),
                certificate_id: Some(row.id),
                node: node.clone(),
                message: format!(
                    "{} expired on {}",
                    row.name,
                    display_time(row.facts.not_after)
                ),
            });
        } else if watched && assessment.has(StatusCode::Expiring) {
            alarms.push(AlarmEntry {
                endpoint: None,
                kind: AlarmKind::Expiring,
                subject: row.name.clone(),
                certificate_id: Some(row.id),
                node: node.clone(),
                message: format!(
                    "{} expires in {} days ({})",
                    row.name,
                    assessment.days_left,
                    display_time(row.facts.not_after)
                ),
            });
        }
        if assessment.has(StatusCode::IncompleteChain) && row.role != Role::Root {
            alarms.push(AlarmEntry {
                endpoint: None,
                kind: AlarmKind::IncompleteChain,
                subject: row.name.clone(),
                certificate_id: Some(row.id),
                node,
                message: format!(
                    "{}: {}",
                    row.name,
                    row.chain_missing
                        .as_deref()
                        .unwrap_or("the chain is incomplete")
                ),
            });
        }
    }
    alarms.sort_by(|a, b| a.kind.cmp(&b.kind).then_with(|| a.subject.cmp(&b.subject)));
    alarms
}
