//! The newest line of a team's audit log that this machine has verified (issue 28, item 4).
//!
//! A hash chain shows a changed or removed line in the middle, but not lines cut from the end:
//! the shortened log is a valid chain. So each member's certdeck remembers, outside the shared
//! database, the newest line it verified (its id and hash, per team); a later `team log
//! --verify` that no longer finds that line with that hash says the log was cut or rewritten.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::audit::Entry;

/// The file in the data folder.
const FILE: &str = "team-log-heads.json";

/// A remembered head.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub id: i64,
    pub hash: String,
    /// When this machine verified it (RFC 3339), for the message.
    pub verified_at: String,
}

fn read(dir: &Path) -> Result<BTreeMap<String, Head>, String> {
    let path = dir.join(FILE);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// What this machine last verified of team `team`, if anything.
pub fn remembered(dir: &Path, team: &str) -> Result<Option<Head>, String> {
    Ok(read(dir)?.remove(team))
}

/// Checks that `entries` (a chain already verified) still hold the remembered head.
pub fn check(dir: &Path, team: &str, entries: &[Entry]) -> Result<(), String> {
    let Some(head) = remembered(dir, team)? else {
        return Ok(());
    };
    match entries.iter().find(|e| e.id == head.id) {
        Some(entry) if hex::encode(&entry.hash) == head.hash => Ok(()),
        Some(_) => Err(format!(
            "row {} of the log is not the row this machine verified on {}: the log was \
             rewritten from there on",
            head.id, head.verified_at
        )),
        None => Err(format!(
            "the log no longer holds row {}, which this machine verified on {} (the log now \
             ends at row {}): rows were cut from its end",
            head.id,
            head.verified_at,
            entries.last().map_or(0, |e| e.id)
        )),
    }
}

/// Remembers the newest of `entries` as verified at `now`.
pub fn remember(
    dir: &Path,
    team: &str,
    entries: &[Entry],
    now: time::OffsetDateTime,
) -> Result<(), String> {
    let Some(newest) = entries.last() else {
        return Ok(());
    };
    let mut heads = read(dir)?;
    heads.insert(
        team.to_string(),
        Head {
            id: newest.id,
            hash: hex::encode(&newest.hash),
            verified_at: now
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        },
    );
    let text = serde_json::to_vec_pretty(&heads).map_err(|e| e.to_string())?;
    crate::store::write_private_file(dir, &dir.join(FILE), &text).map_err(|e| e.to_string())
}

/// What `team log --verify` proves, and what it cannot: said with every verification.
pub const WHAT_IT_PROVES: &str = "\
What this proves: no row was changed or removed between the first row and the newest, and the \
newest row this machine verified before is still there, unchanged. Rows are written by the \
database (triggers on the inventory's tables, and certdeck's own lines) as the member's \
PostgreSQL login; no member can change or delete them.
What it cannot prove: that a PostgreSQL superuser (or whoever controls the server's files) did \
not rewrite the whole log before this machine first verified it, or cut rows added since this \
machine last verified it; keep a copy (team log --json) elsewhere to compare with, and verify \
from several members' machines.";
