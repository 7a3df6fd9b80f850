//! Pushes that never finished — certdeck killed, the machine switched off, the network gone for
//! good — stay `running` in the journal. The next command or window start says which nodes are
//! half-changed; resuming rolls each back to its state before the push (checked file by file) or
//! completes it, using only what the journal recorded.

use serde::Serialize;
use time::OffsetDateTime;

use super::journal::{Context, Journal};
use super::{Driver, NodeOutcome, PushResult, finish};
use crate::store::journal::Push;

/// What to do with an unfinished push.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Resume {
    /// Put back what the push had changed (the safe default).
    Rollback,
    /// Write what the push had not written yet, then run the reload.
    Complete,
}

/// One unfinished push with the driver to reach its node (or why there is none).
pub struct Unfinished {
    pub push: Push,
    pub driver: Result<Driver, String>,
}

/// Rolls back or completes each unfinished push; every outcome is logged.
pub async fn resume(
    journal: Journal,
    unfinished: Vec<Unfinished>,
    how: Resume,
    who: String,
    now: OffsetDateTime,
) -> Vec<NodeOutcome> {
    let mut outcomes = Vec::new();
    for Unfinished { push, driver } in unfinished {
        let context = Context {
            node: push.node.clone(),
            driver: driver.as_ref().map(Driver::name).unwrap_or("none"),
            what: push.what.clone(),
            who: who.clone(),
            now,
        };
        let outcome = match driver {
            Err(error) => finish(
                &journal,
                &context,
                PushResult::Failed,
                format!("push #{} cannot be resumed: {error}", push.id),
                Vec::new(),
            ),
            Ok(driver) => resume_one(&journal, &context, &driver, &push, how, now).await,
        };
        outcomes.push(outcome);
    }
    outcomes
}

async fn resume_one(
    journal: &Journal,
    context: &Context,
    driver: &Driver,
    push: &Push,
    how: Resume,
    now: OffsetDateTime,
) -> NodeOutcome {
    let id = push.id;
    let mut session = match driver.connect().await {
        Ok(session) => session,
        Err(error) => {
            return finish(
                journal,
                context,
                PushResult::Failed,
                format!("push #{id} not resumed: {error} (try again when the node answers)"),
                Vec::new(),
            );
        }
    };
    let outcome = match how {
        Resume::Rollback => match session.undo(journal, id, now).await {
            Ok(restored) => finish(
                journal,
                context,
                PushResult::RolledBack,
                format!("interrupted push #{id} rolled back: {restored}"),
                Vec::new(),
            ),
            Err(error) => finish(
                journal,
                context,
                PushResult::Failed,
                format!("interrupted push #{id}: {error}"),
                Vec::new(),
            ),
        },
        Resume::Complete => match session.redo(journal, id).await {
            Ok(done) => {
                let _ = journal.finish(id, "applied", now);
                finish(
                    journal,
                    context,
                    PushResult::Applied,
                    format!(
                        "interrupted push #{id} completed: {done} (prove it with certdeck node verify {})",
                        push.node
                    ),
                    Vec::new(),
                )
            }
            Err(error) => finish(
                journal,
                context,
                PushResult::Failed,
                format!(
                    "interrupted push #{id} not completed: {error} (roll it back with certdeck push --resume rollback)"
                ),
                Vec::new(),
            ),
        },
    };
    session.close().await;
    outcome
}
