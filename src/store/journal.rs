//! The push journal (see docs/push-journal.md): before a push touches a node, every change it will
//! make is recorded here in one transaction with the state of each object before (absent, or its
//! SHA-256 and content — private keys sealed by the vault) and after. Each step is marked as it
//! starts and completes, so a rollback undoes exactly what was done, and a push interrupted by a
//! crash, a kill or a power cut is found at the next start and can be rolled back or completed.

use serde::Serialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::db::params;
use super::{Inventory, StoreError};

/// What a step changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// A file on the node replaced (or created) at `target`.
    File,
    /// A command run on the node (the reload); not undone itself, run again after a rollback.
    Run,
    /// A resource created through an API (`target` is the collection, `created` its URI).
    Create,
    /// A node's certificate assignment through an API (`target` is the node's resource; before
    /// and after are the certificate URIs).
    Assign,
}

impl StepKind {
    fn word(self) -> &'static str {
        match self {
            Self::File => "file",
            Self::Run => "run",
            Self::Create => "create",
            Self::Assign => "assign",
        }
    }

    fn from_word(word: &str) -> Result<Self, StoreError> {
        Ok(match word {
            "file" => Self::File,
            "run" => Self::Run,
            "create" => Self::Create,
            "assign" => Self::Assign,
            other => {
                return Err(StoreError::Invalid(format!(
                    "push journal: unknown step kind {other:?}"
                )));
            }
        })
    }
}

/// Where a step is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    Planned,
    /// Begun, not known to have completed (a crash here may or may not have changed the node).
    Started,
    Done,
    /// Rolled back (or found unchanged) and checked.
    Undone,
    /// Could not be undone, or was changed by someone else since: left as found.
    Kept,
}

impl StepState {
    fn word(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Started => "started",
            Self::Done => "done",
            Self::Undone => "undone",
            Self::Kept => "kept",
        }
    }

    fn from_word(word: &str) -> Result<Self, StoreError> {
        Ok(match word {
            "planned" => Self::Planned,
            "started" => Self::Started,
            "done" => Self::Done,
            "undone" => Self::Undone,
            "kept" => Self::Kept,
            other => {
                return Err(StoreError::Invalid(format!(
                    "push journal: unknown step state {other:?}"
                )));
            }
        })
    }

    /// Whether the node may hold this step's change.
    pub fn touched(self) -> bool {
        matches!(self, Self::Started | Self::Done)
    }
}

/// An object's content at one moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Content {
    /// The driver cannot read it (a form upload): its state is not known.
    Unknown,
    Absent,
    Present(Zeroizing<Vec<u8>>),
}

impl Content {
    pub fn sha256(&self) -> Option<String> {
        match self {
            Self::Present(bytes) => Some(sha256(bytes)),
            _ => None,
        }
    }

    /// Same content (an absent object equals an absent one; unknown equals nothing).
    pub fn same_as(&self, other: &Content) -> bool {
        match (self, other) {
            (Self::Absent, Self::Absent) => true,
            (Self::Present(a), Self::Present(b)) => a.as_slice() == b.as_slice(),
            _ => false,
        }
    }

    pub fn from_option(bytes: Option<Zeroizing<Vec<u8>>>) -> Self {
        bytes.map_or(Self::Absent, Self::Present)
    }
}

pub fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// One step as planned, before the push starts.
#[derive(Clone, Debug)]
pub struct PlannedStep {
    pub kind: StepKind,
    pub target: String,
    /// The content is a private key: sealed in the journal.
    pub private: bool,
    pub before: Content,
    pub after: Content,
}

/// One step as recorded.
#[derive(Clone, Debug)]
pub struct Step {
    pub seq: u32,
    pub kind: StepKind,
    pub target: String,
    pub private: bool,
    pub before: Content,
    pub after: Content,
    /// The copy of the previous content kept on the node (a name carrying the push id).
    pub backup: Option<String>,
    /// What the step created (an API resource URI).
    pub created: Option<String>,
    pub state: StepState,
    pub note: Option<String>,
}

/// A push as the journal holds it.
#[derive(Clone, Debug)]
pub struct Push {
    pub id: i64,
    pub node: String,
    pub driver: String,
    /// What was sent (`certificate <sha-256>` or `trusted CAs only`).
    pub what: String,
    pub who: String,
    pub started_at: OffsetDateTime,
    /// `running` until it ends; then `verified`, `applied`, `rolled_back`, `failed`.
    pub state: String,
    pub steps: Vec<Step>,
}

/// The journal's summary of a push, for lists and JSON.
#[derive(Clone, Debug, Serialize)]
pub struct PushSummary {
    pub id: i64,
    pub node: String,
    pub driver: String,
    pub what: String,
    pub who: String,
    pub started_at: String,
    pub state: String,
    /// Steps that may have changed the node (started or done).
    pub touched: Vec<String>,
}

impl Push {
    pub fn summary(&self) -> PushSummary {
        PushSummary {
            id: self.id,
            node: self.node.clone(),
            driver: self.driver.clone(),
            what: self.what.clone(),
            who: self.who.clone(),
            started_at: rfc3339(self.started_at),
            state: self.state.clone(),
            touched: self
                .steps
                .iter()
                .filter(|s| s.state.touched())
                .map(|s| s.target.clone())
                .collect(),
        }
    }
}

pub const RUNNING: &str = "running";

/// Sealing record names: the push, the step and which side, so a sealed key cannot be moved.
pub(crate) fn record(push: i64, seq: u32, side: &str) -> String {
    format!("push_steps/{push}/{seq}/{side}")
}

impl Inventory {
    /// Records a push about to start, with all its steps, in one transaction. Refuses while the
    /// node has an unfinished push (two pushes to one node at once would lose its previous state).
    pub fn journal_begin(
        &mut self,
        node: &str,
        driver: &str,
        what: &str,
        who: &str,
        steps: &[PlannedStep],
        now: OffsetDateTime,
    ) -> Result<i64, StoreError> {
        if steps.iter().any(|s| s.private) {
            self.vault()?;
        }
        let vault = self.vault.as_ref();
        let tx = self.db.transaction()?;
        let unfinished: Option<(i64, String)> = tx.query_opt(
            "SELECT id, who FROM pushes WHERE node = ?1 AND state = 'running'",
            params![node],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if let Some((id, by)) = unfinished {
            return Err(StoreError::Invalid(format!(
                "node {node} has an unfinished push (#{id} by {by}): finish it first with `certdeck push --resume`"
            )));
        }
        let id: i64 = tx.value(
            "INSERT INTO pushes (node, driver, what, who, started_at, state) \
             VALUES (?1, ?2, ?3, ?4, ?5, 'running') RETURNING id",
            params![node, driver, what, who, now.unix_timestamp()],
        )?;
        for (seq, step) in steps.iter().enumerate() {
            let seq = seq as u32;
            let stored = |content: &Content, side: &str| -> Result<Option<Vec<u8>>, StoreError> {
                match content {
                    Content::Present(bytes) if step.private => {
                        let vault = vault.ok_or_else(|| {
                            StoreError::VaultLocked("the vault is needed to journal a key".into())
                        })?;
                        vault.seal(&record(id, seq, side), bytes).map(Some)
                    }
                    Content::Present(bytes) => Ok(Some(bytes.to_vec())),
                    _ => Ok(None),
                }
            };
            tx.execute(
                "INSERT INTO push_steps (push_id, seq, kind, target, private, before_state, before_sha256, before_content, after_state, after_sha256, after_content, state)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'planned')",
                params![
                    id,
                    seq,
                    step.kind.word(),
                    step.target,
                    step.private,
                    content_word(&step.before),
                    step.before.sha256(),
                    stored(&step.before, "before")?,
                    content_word(&step.after),
                    step.after.sha256(),
                    stored(&step.after, "after")?,
                ],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Marks a step; `note` says what happened, `backup`/`created` what it left on the node.
    pub fn journal_step(
        &mut self,
        push: i64,
        seq: u32,
        state: StepState,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        self.db.execute(
            "UPDATE push_steps SET state = ?3, note = COALESCE(?4, note) WHERE push_id = ?1 AND seq = ?2",
            params![push, seq, state.word(), note],
        )?;
        Ok(())
    }

    /// Records the copy of the previous content kept on the node, or the resource created.
    pub fn journal_left(
        &mut self,
        push: i64,
        seq: u32,
        backup: Option<&str>,
        created: Option<&str>,
    ) -> Result<(), StoreError> {
        self.db.execute(
            "UPDATE push_steps SET backup = COALESCE(?3, backup), created = COALESCE(?4, created) WHERE push_id = ?1 AND seq = ?2",
            params![push, seq, backup, created],
        )?;
        Ok(())
    }

    /// Forgets a backup copy that was removed from the node.
    pub fn journal_backup_removed(&mut self, push: i64, seq: u32) -> Result<(), StoreError> {
        self.db.execute(
            "UPDATE push_steps SET backup = NULL WHERE push_id = ?1 AND seq = ?2",
            params![push, seq],
        )?;
        Ok(())
    }

    /// Ends a push with its result.
    pub fn journal_finish(
        &mut self,
        push: i64,
        state: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.db.execute(
            "UPDATE pushes SET state = ?2, finished_at = ?3 WHERE id = ?1",
            params![push, state, now.unix_timestamp()],
        )?;
        Ok(())
    }

    /// One push with its steps (private contents unsealed: needs the vault).
    pub fn journal_push(&mut self, push: i64) -> Result<Push, StoreError> {
        let header = self
            .db
            .query_opt(
                "SELECT node, driver, what, who, started_at, state FROM pushes WHERE id = ?1",
                params![push],
                |r| {
                    Ok((
                        r.get::<String>(0)?,
                        r.get::<String>(1)?,
                        r.get::<String>(2)?,
                        r.get::<String>(3)?,
                        r.get::<i64>(4)?,
                        r.get::<String>(5)?,
                    ))
                },
            )?
            .ok_or_else(|| StoreError::NotFound(format!("no push #{push} in the journal")))?;
        type Row = (
            u32,
            String,
            String,
            bool,
            String,
            Option<Vec<u8>>,
            String,
            Option<Vec<u8>>,
            Option<String>,
            Option<String>,
            String,
            Option<String>,
        );
        let rows: Vec<Row> = {
            self.db.query_map(
                "SELECT seq, kind, target, private, before_state, before_content, after_state, \
                 after_content, backup, created, state, note \
                 FROM push_steps WHERE push_id = ?1 ORDER BY seq",
                params![push],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                        r.get(9)?,
                        r.get(10)?,
                        r.get(11)?,
                    ))
                },
            )?
        };
        if rows.iter().any(|r| r.3) {
            self.vault()?;
        }
        let mut steps = Vec::new();
        for (
            seq,
            kind,
            target,
            private,
            before_word,
            before,
            after_word,
            after,
            backup,
            created,
            state,
            note,
        ) in rows
        {
            let content =
                |word: &str, stored: Option<Vec<u8>>, side: &str| -> Result<Content, StoreError> {
                    match (word, stored) {
                        ("present", Some(bytes)) if private => {
                            let vault = self.vault.as_ref().ok_or_else(|| {
                                StoreError::VaultLocked(
                                    "the vault is needed to read a journaled key".into(),
                                )
                            })?;
                            Ok(Content::Present(
                                vault.open_sealed(&record(push, seq, side), &bytes)?,
                            ))
                        }
                        ("present", Some(bytes)) => Ok(Content::Present(Zeroizing::new(bytes))),
                        ("absent", _) => Ok(Content::Absent),
                        _ => Ok(Content::Unknown),
                    }
                };
            steps.push(Step {
                seq,
                kind: StepKind::from_word(&kind)?,
                target,
                private,
                before: content(&before_word, before, "before")?,
                after: content(&after_word, after, "after")?,
                backup,
                created,
                state: StepState::from_word(&state)?,
                note,
            });
        }
        let (node, driver, what, who, started_at, state) = header;
        Ok(Push {
            id: push,
            node,
            driver,
            what,
            who,
            started_at: OffsetDateTime::from_unix_timestamp(started_at)
                .unwrap_or(OffsetDateTime::UNIX_EPOCH),
            state,
            steps,
        })
    }

    /// Pushes that never finished (certdeck was killed, the machine lost power), oldest first.
    pub fn journal_unfinished(&mut self) -> Result<Vec<Push>, StoreError> {
        let ids: Vec<i64> = self.db.query_map(
            "SELECT id FROM pushes WHERE state = 'running' ORDER BY id",
            params![],
            |r| r.get(0),
        )?;
        ids.into_iter().map(|id| self.journal_push(id)).collect()
    }

    /// The unfinished pushes, oldest first (for the window's banner).
    pub fn journal_unfinished_summaries(&self) -> Result<Vec<PushSummary>, StoreError> {
        self.journal_summaries("WHERE p.state = 'running' ORDER BY p.id", None)
    }

    /// Pushes summarised from their rows alone: nothing is unsealed, the vault stays locked.
    fn journal_summaries(
        &self,
        filter_and_order: &str,
        limit: Option<usize>,
    ) -> Result<Vec<PushSummary>, StoreError> {
        // The touched targets joined by newlines, in step order.
        self.db.query_map(
            &format!(
                "SELECT p.id, p.node, p.driver, p.what, p.who, p.started_at, p.state,
                        (SELECT string_agg(s.target, '\n' ORDER BY s.seq) FROM push_steps s
                         WHERE s.push_id = p.id AND s.state IN ('started', 'done'))
                 FROM pushes p {filter_and_order} LIMIT ?1"
            ),
            params![limit.map_or(i64::MAX, |limit| limit as i64)],
            |r| {
                let touched: Option<String> = r.get(7)?;
                Ok(PushSummary {
                    id: r.get(0)?,
                    node: r.get(1)?,
                    driver: r.get(2)?,
                    what: r.get(3)?,
                    who: r.get(4)?,
                    started_at: rfc3339(
                        OffsetDateTime::from_unix_timestamp(r.get(5)?)
                            .unwrap_or(OffsetDateTime::UNIX_EPOCH),
                    ),
                    state: r.get(6)?,
                    touched: touched
                        .map(|t| t.lines().map(str::to_string).collect())
                        .unwrap_or_default(),
                })
            },
        )
    }

    /// How many pushes are unfinished, without unlocking the vault (for a warning at start).
    pub fn journal_unfinished_count(&self) -> Result<usize, StoreError> {
        let count: i64 = self.db.query_one(
            "SELECT COUNT(*) FROM pushes WHERE state = 'running'",
            params![],
            |r| r.get(0),
        )?;
        Ok(count as usize)
    }

    /// The newest pushes, newest first (no contents).
    pub fn journal_recent(&self, limit: usize) -> Result<Vec<PushSummary>, StoreError> {
        self.journal_summaries("ORDER BY p.id DESC", Some(limit))
    }

    /// Backup copies on `node` left by its earlier, finished pushes (push id, step, copy's name):
    /// a newer push's copy supersedes them.
    pub fn journal_superseded_backups(
        &self,
        node: &str,
        newer_than: i64,
    ) -> Result<Vec<(i64, u32, String)>, StoreError> {
        let rows = self.db.query_map(
            "SELECT s.push_id, s.seq, s.backup FROM push_steps s JOIN pushes p ON p.id = s.push_id
             WHERE p.node = ?1 AND p.id < ?2 AND p.state != 'running' AND s.backup IS NOT NULL ORDER BY s.push_id, s.seq",
            params![node, newer_than],
            |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            },
        )?;
        Ok(rows)
    }
}

/// A moment as the journal and the push log show it (RFC 3339).
pub fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn content_word(content: &Content) -> &'static str {
    match content {
        Content::Unknown => "unknown",
        Content::Absent => "absent",
        Content::Present(_) => "present",
    }
}
