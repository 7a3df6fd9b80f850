//! What a push or a renewal pass works in, opened once the same way by the command line and
//! the window: the trust verification uses (from the inventory), the push journal over the
//! inventory, and the team's database when the settings name one.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use time::OffsetDateTime;
use tokio::sync::mpsc::UnboundedSender;

use crate::probe::ProbeTrust;
use crate::push::journal::Journal;
use crate::push::{Job, NodeOutcome, Progress, PushOptions};
use crate::store::Inventory;
use crate::team::{Busy, Team};

/// Why a session could not open or push.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// The inventory could not give what the session needs (its trusted CAs).
    #[error("{0}")]
    Inventory(#[from] crate::store::StoreError),
    /// The team's database refused or could not be reached (its words).
    #[error("{0}")]
    Team(String),
}

/// The open work session.
#[derive(Clone)]
pub struct WorkSession {
    /// The inventory, behind the push journal.
    pub journal: Journal,
    /// The inventory's trusted CAs and the Mozilla roots.
    pub trust: Arc<ProbeTrust>,
    /// The team's database: each push takes its node's lock there and logs its outcome.
    pub team: Option<Arc<Team>>,
}

/// The local half of a session, read from the inventory (blocking: a worker thread in the
/// window), before the team's database is reached.
pub struct Prepared {
    journal: Journal,
    trust: ProbeTrust,
}

/// Reads what a session needs from `inventory` and puts it behind the push journal.
pub fn prepare(inventory: Inventory) -> Result<Prepared, SessionError> {
    let trust = ProbeTrust::of_inventory(&inventory)?;
    Ok(Prepared {
        journal: Journal::new(inventory),
        trust,
    })
}

impl Prepared {
    /// Reaches the team's database when `team_url` names one.
    pub async fn open(self, team_url: Option<&str>) -> Result<WorkSession, SessionError> {
        let team = match team_url {
            Some(url) => Some(Arc::new(Team::open(url).await.map_err(SessionError::Team)?)),
            None => None,
        };
        Ok(WorkSession {
            journal: self.journal,
            trust: Arc::new(self.trust),
            team,
        })
    }
}

impl WorkSession {
    /// Pushes `jobs` — the plan the user read — through the core's one orchestration (journal,
    /// apply, verify, roll back, log). In a team each node's lock is taken first; the nodes
    /// another member is pushing to are left out and returned.
    pub async fn push(
        &self,
        jobs: Vec<Job>,
        options: PushOptions,
        events: UnboundedSender<Progress>,
        cancel: Arc<AtomicBool>,
        now: OffsetDateTime,
    ) -> Result<(Vec<NodeOutcome>, Vec<Busy>), SessionError> {
        crate::team::push(
            self.team.as_deref(),
            jobs,
            self.journal.clone(),
            self.trust.clone(),
            options,
            events,
            cancel,
            now,
        )
        .await
        .map_err(SessionError::Team)
    }
}
