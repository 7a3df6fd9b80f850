//! Two members never push to the same node at once: a push takes the node's advisory lock
//! (`pg_try_advisory_lock`, held by the pushing session and released when it ends, also when it
//! dies) and writes who holds it, so the second member is told who is pushing and since when.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use time::OffsetDateTime;

use super::{Team, TeamResult, db};
use crate::probe::ProbeTrust;
use crate::push::journal::Journal;
use crate::push::{Job, NodeOutcome, Progress, PushOptions};

/// A node another member is pushing to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Busy {
    pub node: String,
    /// Who holds the lock and since when (`YYYY-MM-DD HH:MM:SS zone`), when the row says so.
    pub holder: Option<(String, String)>,
}

impl std::fmt::Display for Busy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.holder {
            Some((who, since)) => write!(
                f,
                "{who} has been pushing to {} since {since}: try again when they are done",
                self.node
            ),
            None => write!(
                f,
                "another member is pushing to {}: try again when they are done",
                self.node
            ),
        }
    }
}

impl Team {
    /// Takes the push lock of `node` for as long as this connection holds it (or until
    /// [`Team::unlock_node`]); `Some` when another member holds it.
    pub async fn try_lock_node(&self, node: &str) -> TeamResult<Option<Busy>> {
        let taken: bool = self
            .client
            .query_one(
                "SELECT pg_try_advisory_lock(hashtext('certdeck.push'), hashtext($1))",
                &[&node],
            )
            .await
            .map_err(db)?
            .get(0);
        if !taken {
            let holder = self
                .client
                .query_opt(
                    "SELECT who, to_char(since, 'YYYY-MM-DD HH24:MI:SS TZ') \
                     FROM certdeck.push_locks WHERE node = $1",
                    &[&node],
                )
                .await
                .map_err(db)?
                .map(|row| (row.get(0), row.get(1)));
            return Ok(Some(Busy {
                node: node.to_string(),
                holder,
            }));
        }
        // A row left by a session that died is stale (its advisory lock was free): taken over.
        self.client
            .execute(
                "INSERT INTO certdeck.push_locks (node) VALUES ($1) ON CONFLICT (node) \
                 DO UPDATE SET who = session_user, since = now()",
                &[&node],
            )
            .await
            .map_err(db)?;
        Ok(None)
    }

    /// [`Team::try_lock_node`], a node another member holds being an error in words.
    pub async fn lock_node(&self, node: &str) -> TeamResult<()> {
        match self.try_lock_node(node).await? {
            None => Ok(()),
            Some(busy) => Err(busy.to_string()),
        }
    }

    /// Releases the push lock of `node`.
    pub async fn unlock_node(&self, node: &str) -> TeamResult<()> {
        self.client
            .execute(
                "DELETE FROM certdeck.push_locks WHERE node = $1 AND who = session_user",
                &[&node],
            )
            .await
            .map_err(db)?;
        self.client
            .query_one(
                "SELECT pg_advisory_unlock(hashtext('certdeck.push'), hashtext($1))",
                &[&node],
            )
            .await
            .map_err(db)?;
        Ok(())
    }
}

/// Pushes as [`crate::push::push`] does; within a team (`Some`), each node's lock is taken
/// first, the nodes another member is pushing to are left out (and returned), and every outcome
/// goes into the audit log before its lock is released. The command line, the window's push
/// dialog and the renewal pass all push through here.
#[allow(clippy::too_many_arguments)]
pub async fn push(
    team: Option<&Team>,
    mut jobs: Vec<Job>,
    journal: Journal,
    trust: Arc<ProbeTrust>,
    options: PushOptions,
    progress: tokio::sync::mpsc::UnboundedSender<Progress>,
    cancel: Arc<AtomicBool>,
    now: OffsetDateTime,
) -> TeamResult<(Vec<NodeOutcome>, Vec<Busy>)> {
    let Some(team) = team else {
        let outcomes =
            crate::push::push(jobs, journal, trust, options, progress, cancel, now).await;
        return Ok((outcomes, Vec::new()));
    };
    let mut refused = Vec::new();
    let mut taken = Vec::new();
    for job in jobs.iter() {
        match team.try_lock_node(&job.node).await? {
            None => taken.push(job.node.clone()),
            Some(busy) => refused.push(busy),
        }
    }
    jobs.retain(|job| taken.contains(&job.node));
    let outcomes = crate::push::push(jobs, journal, trust, options, progress, cancel, now).await;
    for outcome in &outcomes {
        let result = crate::push::session::result_word(&outcome.result);
        team.log("push", &outcome.node, result, &outcome.detail)
            .await?;
        team.unlock_node(&outcome.node).await?;
    }
    Ok((outcomes, refused))
}
