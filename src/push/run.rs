//! The one orchestration of a push, for the command line and the window alike: for each node,
//! once per run and at most `parallel` at once — connect, journal and apply, verify over TLS,
//! undo exactly the steps taken when something fails, log the outcome. A node that fails or whose
//! task panics never stops the others.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use time::OffsetDateTime;
use tokio::sync::mpsc::UnboundedSender;

use super::{
    EndpointCheck, Job, NodeOutcome, Progress, PushError, PushOptions, PushResult, files, journal,
    session, verify_endpoints,
};
use crate::probe::ProbeTrust;

/// The outcome of one node, logged in the push log and the node's last result.
pub(super) fn finish(
    journal: &journal::Journal,
    context: &journal::Context,
    result: PushResult,
    detail: String,
    endpoints: Vec<EndpointCheck>,
) -> NodeOutcome {
    let detail = match journal.log(context, session::result_word(&result), &detail) {
        Ok(()) => detail,
        Err(error) => format!("{detail} (not logged: {error})"),
    };
    NodeOutcome {
        node: context.node.clone(),
        driver: context.driver,
        result,
        detail,
        endpoints,
    }
}

/// Whether the journal still holds `push` as unfinished (a rollback could not reach the node).
fn unfinished(journal: &journal::Journal, push: i64) -> bool {
    journal
        .load(push)
        .map(|p| p.state == crate::store::journal::RUNNING)
        .unwrap_or(false)
}

#[allow(clippy::too_many_arguments)]
async fn push_one(
    job: Job,
    journal: journal::Journal,
    trust: Arc<ProbeTrust>,
    options: PushOptions,
    progress: UnboundedSender<Progress>,
    cancel: Arc<AtomicBool>,
    now: OffsetDateTime,
) -> NodeOutcome {
    let context = job.context(now);
    // Failed before the journal began: the node was not touched.
    let untouched = |error: PushError| {
        finish(
            &journal,
            &context,
            PushResult::Failed,
            format!("{error}; nothing was changed"),
            Vec::new(),
        )
    };
    if cancel.load(Ordering::Relaxed) {
        return untouched(PushError::Cancelled);
    }
    let _ = progress.send(Progress::Applying(job.node.clone()));
    // A failed login changes nothing, so nothing is rolled back (and no second login is tried:
    // appliances lock accounts after a few failures).
    let mut session = match job.driver.connect().await {
        Ok(session) => session,
        Err(error) => return untouched(error),
    };
    let applied = session.apply(&job.bundle, &journal, &context).await;
    let (push, applied) = match applied {
        Ok(done) => done,
        Err(files::Failed { push: None, error }) => {
            session.close().await;
            return untouched(error);
        }
        Err(files::Failed {
            push: Some(push),
            error,
        }) => {
            let mut rolled = session.undo(&journal, push, now).await;
            session.close().await;
            // What failed may be the connection itself (cut mid-upload): once more on a new one.
            if rolled.is_err() && unfinished(&journal, push) {
                rolled = match job.driver.connect().await {
                    Ok(mut fresh) => {
                        let again = fresh.undo(&journal, push, now).await;
                        fresh.close().await;
                        again
                    }
                    Err(_) => rolled,
                };
            }
            let detail = match rolled {
                Ok(restored) => format!("{error}; rolled back: {restored}"),
                Err(rollback) => format!("{error}; {rollback}"),
            };
            return finish(&journal, &context, PushResult::Failed, detail, Vec::new());
        }
    };
    session.prune(&journal, &job.node, push).await;
    session.close().await;
    let _ = progress.send(Progress::Applied(job.node.clone(), applied.clone()));
    if !options.verify || job.endpoints.is_empty() || job.bundle.trust_only() {
        let _ = journal.finish(push, "applied", now);
        return finish(&journal, &context, PushResult::Applied, applied, Vec::new());
    }
    let _ = progress.send(Progress::Verifying(job.node.clone()));
    let mut checks = Vec::new();
    for attempt in 0..options.attempts.max(1) {
        if attempt > 0 {
            if cancel.load(Ordering::Relaxed) {
                break;
            }
            tokio::time::sleep(options.pause).await;
        }
        checks = verify_endpoints(
            &job.endpoints,
            &job.fqdn,
            &job.bundle.fingerprint_sha256,
            &trust,
            options.timeout,
            now,
        )
        .await;
        if checks.iter().all(|c| c.ok) {
            let _ = journal.finish(push, "verified", now);
            return finish(&journal, &context, PushResult::Verified, applied, checks);
        }
    }
    let failures: Vec<String> = checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| format!("{}: {}", c.endpoint, c.detail))
        .collect();
    let failures = failures.join("; ");
    // The verification took a while: log in again for the rollback (the push changed the node,
    // so this login is needed).
    let rolled = match job.driver.connect().await {
        Ok(mut session) => {
            let rolled = session.undo(&journal, push, now).await;
            session.close().await;
            rolled
        }
        Err(error) => Err(error),
    };
    match rolled {
        Ok(restored) => finish(
            &journal,
            &context,
            PushResult::RolledBack,
            format!("verification failed ({failures}); rolled back: {restored}"),
            checks,
        ),
        Err(error) => finish(
            &journal,
            &context,
            PushResult::Failed,
            format!(
                "verification failed ({failures}); the rollback failed: {error} (the journal keeps push #{push}: certdeck push --resume)"
            ),
            checks,
        ),
    }
}

impl Job {
    fn context(&self, now: OffsetDateTime) -> journal::Context {
        journal::Context {
            node: self.node.clone(),
            driver: self.driver.name(),
            what: if self.bundle.trust_only() {
                "trusted CAs only".to_string()
            } else {
                format!("certificate {}", self.bundle.fingerprint_sha256)
            },
            who: session::who(),
            now,
        }
    }
}

/// Pushes to many nodes, at most `options.parallel` at once; `cancel` stops what has not started.
/// Each node is pushed once (a name given twice is one job); a node that fails or panics never
/// stops the others, and every outcome is logged.
pub async fn push(
    jobs: Vec<Job>,
    journal: journal::Journal,
    trust: Arc<ProbeTrust>,
    options: PushOptions,
    progress: UnboundedSender<Progress>,
    cancel: Arc<AtomicBool>,
    now: OffsetDateTime,
) -> Vec<NodeOutcome> {
    let mut seen = std::collections::HashSet::new();
    let jobs: Vec<Job> = jobs
        .into_iter()
        .filter(|job| seen.insert(job.node.clone()))
        .collect();
    // A node's connection, its TLS verification, a file being read: four at most each.
    let parallel = crate::limits::parallelism(options.parallel, 4);
    let semaphore = Arc::new(tokio::sync::Semaphore::new(parallel));
    let mut tasks = tokio::task::JoinSet::new();
    let mut contexts = Vec::new();
    let mut task_index = std::collections::HashMap::new();
    for (index, job) in jobs.into_iter().enumerate() {
        contexts.push(job.context(now));
        let (semaphore, journal, trust, options, progress, cancel) = (
            semaphore.clone(),
            journal.clone(),
            trust.clone(),
            options.clone(),
            progress.clone(),
            cancel.clone(),
        );
        let handle = tasks.spawn(async move {
            let _permit = semaphore.acquire_owned().await;
            let outcome =
                push_one(job, journal, trust, options, progress.clone(), cancel, now).await;
            let _ = progress.send(Progress::Done(outcome.clone()));
            outcome
        });
        task_index.insert(handle.id(), index);
    }
    let mut outcomes: Vec<Option<NodeOutcome>> = vec![None; contexts.len()];
    while let Some(joined) = tasks.join_next_with_id().await {
        match joined {
            Ok((id, outcome)) => {
                if let Some(&index) = task_index.get(&id) {
                    outcomes[index] = Some(outcome);
                }
            }
            Err(error) => {
                let Some(&index) = task_index.get(&error.id()) else {
                    continue;
                };
                let detail = if error.is_panic() {
                    "internal error: the push of this node stopped unexpectedly; the journal keeps what it had done (certdeck push --resume)".to_string()
                } else {
                    format!("{error}")
                };
                let outcome = finish(
                    &journal,
                    &contexts[index],
                    PushResult::Failed,
                    detail,
                    Vec::new(),
                );
                let _ = progress.send(Progress::Done(outcome.clone()));
                outcomes[index] = Some(outcome);
            }
        }
    }
    outcomes.into_iter().flatten().collect()
}
