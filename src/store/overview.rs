//! The estate at a glance, as the window's home screen and `certdeck overview` show it: counts
//! by status, an expiry timeline (per week for 13 weeks, per month for a year, stacked by kind
//! and by node role) and one health word per node. Computed from rows already listed, so the
//! window draws it from what it has loaded without asking the database again.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use super::Node;
use super::nodes::LastResult;
use super::query::{CertificateRow, Role};
use super::report::{AlarmEntry, AlarmKind};
use crate::pki::StatusCode;
use crate::pki::status::Assessment;

/// Weeks in the near timeline.
pub const WEEKS: usize = 13;
/// Months in the far timeline.
pub const MONTHS: usize = 12;

/// What the overview shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Overview {
    /// Certificates by their overall status, most urgent first; only statuses that occur.
    pub by_status: Vec<(StatusCode, usize)>,
    /// Certificates expiring in each of the next [`WEEKS`] weeks (from the start of today).
    pub weeks: Vec<Bucket>,
    /// Certificates expiring in each calendar month, this one and the next eleven.
    pub months: Vec<Bucket>,
    /// Certificates already expired (they are in no bucket).
    pub expired: usize,
    pub nodes: Vec<NodeTile>,
}

/// Certificates whose expiry falls in `[start, end)`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bucket {
    #[serde(with = "time::serde::rfc3339")]
    pub start: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub end: OffsetDateTime,
    pub total: usize,
    /// By kind: `server`, `leaf`, `intermediate`, `root`.
    pub by_kind: BTreeMap<&'static str, usize>,
    /// By the role of the node a certificate is on (`unassigned` when on none).
    pub by_node_role: BTreeMap<String, usize>,
}

impl Bucket {
    fn new(start: OffsetDateTime, end: OffsetDateTime) -> Self {
        Self {
            start,
            end,
            total: 0,
            by_kind: BTreeMap::new(),
            by_node_role: BTreeMap::new(),
        }
    }

    fn add(&mut self, role: Role, node_role: &str) {
        self.total += 1;
        *self.by_kind.entry(role.as_str()).or_default() += 1;
        *self.by_node_role.entry(node_role.to_string()).or_default() += 1;
    }
}

/// A node's state in one word, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Health {
    /// No server certificate assigned.
    NoCertificate,
    /// Its last push or check failed.
    Failing,
    /// It serves another certificate than the one assigned (seen by a scan).
    Drift,
    /// Its certificate has expired or expires within the alarm period.
    Expiring,
    /// Assigned, but not yet proven over TLS.
    Unverified,
    /// Its last push or check proved over TLS that it serves its certificate.
    Verified,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeTile {
    pub name: String,
    pub role: String,
    pub health: Health,
    /// Days left on its certificate, when it has one.
    pub days_left: Option<i64>,
}

impl Overview {
    /// The overview at `now` of `rows` (as listed, with their assessments at `now` and alarm
    /// period `days`), `nodes` and the current `alarms`.
    pub fn of(
        rows: &[(CertificateRow, Assessment)],
        nodes: &[Node],
        alarms: &[AlarmEntry],
        now: OffsetDateTime,
        days: i64,
    ) -> Self {
        let today = now.date().midnight().assume_utc();
        let mut weeks: Vec<Bucket> = (0..WEEKS as i64)
            .map(|w| Bucket::new(today + Duration::weeks(w), today + Duration::weeks(w + 1)))
            .collect();
        let mut months: Vec<Bucket> = Vec::with_capacity(MONTHS);
        let mut start = today.replace_day(1).unwrap_or(today);
        for _ in 0..MONTHS {
            let end = next_month(start);
            months.push(Bucket::new(start, end));
            start = end;
        }
        let node_roles: HashMap<&str, &str> = nodes
            .iter()
            .map(|n| (n.name.as_str(), n.role.as_str()))
            .collect();
        let mut statuses: BTreeMap<StatusCode, usize> = BTreeMap::new();
        let mut expired = 0;
        let mut days_left: HashMap<i64, i64> = HashMap::new();
        for (row, assessment) in rows {
            *statuses.entry(assessment.overall).or_default() += 1;
            days_left.insert(row.id, assessment.days_left);
            let expiry = row.facts.not_after;
            if expiry < now {
                expired += 1;
                continue;
            }
            let node_role = row
                .nodes
                .first()
                .and_then(|n| node_roles.get(n.as_str()).copied())
                .unwrap_or("unassigned");
            for bucket in weeks.iter_mut().chain(months.iter_mut()) {
                if bucket.start <= expiry && expiry < bucket.end {
                    bucket.add(row.role, node_role);
                }
            }
        }
        let drifting: HashSet<&str> = alarms
            .iter()
            .filter(|a| a.kind == AlarmKind::Drift)
            .filter_map(|a| a.node.as_deref())
            .collect();
        let mut tiles: Vec<NodeTile> = nodes
            .iter()
            .map(|node| {
                let left = node
                    .certificate_id
                    .and_then(|id| days_left.get(&id).copied());
                let result = node
                    .last_result
                    .as_deref()
                    .and_then(LastResult::parse)
                    .map(|(result, _)| result);
                let health = if node.certificate_id.is_none() {
                    Health::NoCertificate
                } else if result.is_some_and(LastResult::failing) {
                    Health::Failing
                } else if drifting.contains(node.name.as_str()) {
                    Health::Drift
                } else if left.is_some_and(|d| d <= days) {
                    Health::Expiring
                } else if result == Some(LastResult::Verified) {
                    Health::Verified
                } else {
                    Health::Unverified
                };
                NodeTile {
                    name: node.name.clone(),
                    role: node.role.clone(),
                    health,
                    days_left: left,
                }
            })
            .collect();
        tiles.sort_by(|a, b| a.health.cmp(&b.health).then_with(|| a.name.cmp(&b.name)));
        Self {
            by_status: statuses.into_iter().collect(),
            weeks,
            months,
            expired,
            nodes: tiles,
        }
    }
}

/// Midnight of the first day of the month after `first` (itself a first of a month).
fn next_month(first: OffsetDateTime) -> OffsetDateTime {
    let (year, month) = match first.month() {
        time::Month::December => (first.year() + 1, time::Month::January),
        month => (first.year(), month.next()),
    };
    time::Date::from_calendar_date(year, month, 1)
        .map(|d| d.midnight().assume_utc())
        .unwrap_or(first + Duration::days(31))
}
