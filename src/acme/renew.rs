//! The renewal pipeline, unattended: for each node with an ACME issuer — due? → order →
//! challenge → finalize → import (chain, key sealed) → push through the node's driver → verify
//! over TLS → roll back on failure → log. One pass per call; the OS scheduler calls it
//! (`certdeck renew --due`, see [`super::schedule`]).
//!
//! Obtaining and pushing are apart: a certificate is obtained when due, whatever the time; it is
//! pushed only inside the node's maintenance window. Until it is served it waits as the node's
//! *pending* certificate — also when its push failed (the node was rolled back by the push), so
//! the next run pushes it again instead of ordering another.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use serde::Serialize;
use time::OffsetDateTime;
use tokio::sync::mpsc::UnboundedSender;
use zeroize::Zeroize;

pub use super::decide::{Decision, Validity, decide, due_at};
pub use super::secrets::{Keychain, Secrets, forget_tsig, store_tsig};

use super::client::{self, Connected};
use super::decide::retry_at;
use super::dns::{self, Propagation};
use super::issue::{self, Event, KeySource};
use super::solve::{DnsTarget, Solver};
use super::{AcmeError, Challenge, KeyPolicy};
use crate::probe::ProbeTrust;
use crate::push::journal::Journal;
use crate::push::{Job, PushOptions, PushResult};
use crate::store::acme::{Issuer, IssuerState, RenewalRun};
use crate::store::journal::rfc3339;
use crate::store::{ImportInput, NoPasswords, Node};

mod obtain;
use obtain::{obtain, rehearsal_due, rehearse};

/// Which nodes a pass looks at.
#[derive(Clone, Debug)]
pub enum Selection {
    /// Every node with an issuer; only what is due is done.
    Due,
    /// These nodes, renewed now whatever their dates and back-off (`renew NODE --force`).
    Force(Vec<String>),
}

#[derive(Clone, Debug)]
pub struct Options {
    /// Say what would happen; order nothing, push nothing.
    pub dry_run: bool,
    /// Orders at once.
    pub parallel: usize,
    pub propagation: Propagation,
    pub push: PushOptions,
    /// A team's database: each push takes its node's lock there first (a node another member is
    /// pushing to keeps its new certificate for the next pass) and is logged there.
    pub team: Option<Arc<crate::team::Team>>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            dry_run: false,
            parallel: 8,
            propagation: Propagation::default(),
            push: PushOptions::default(),
            team: None,
        }
    }
}

/// What a pass did (or would do) with one node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeReport {
    pub node: String,
    /// `renewed` (ordered and pushed now), `pushed` (obtained by an earlier pass, pushed now),
    /// `obtained` (waiting for the window), `not_due`, `waiting` (back-off, rate limit),
    /// `would_renew`, `would_push` (dry run) or `failed`.
    pub outcome: String,
    pub detail: String,
    pub certificate_id: Option<i64>,
    /// When this node is next due or retried (RFC 3339).
    pub next: Option<String>,
}

impl NodeReport {
    pub fn failed(&self) -> bool {
        self.outcome == "failed"
    }
}

/// Progress of a pass, per node.
#[derive(Clone, Debug)]
pub enum RenewEvent {
    Order(String, Event),
    Pushing(String),
    Done(NodeReport),
}

/// What every node's task shares: the inventory, secrets, connected accounts, trust.
struct Shared {
    journal: Journal,
    secrets: Arc<dyn Secrets>,
    accounts: tokio::sync::Mutex<HashMap<String, Arc<Connected>>>,
    /// HTTP-01 listeners on one address take turns.
    listening: tokio::sync::Mutex<()>,
    trust: Arc<ProbeTrust>,
    options: Options,
    events: UnboundedSender<RenewEvent>,
    cancel: Arc<AtomicBool>,
    now: OffsetDateTime,
}

impl Shared {
    fn store<T>(
        &self,
        work: impl FnOnce(&mut crate::store::Inventory) -> Result<T, crate::store::StoreError>,
    ) -> Result<T, AcmeError> {
        Ok(self.journal.inventory(work)?)
    }

    /// The account, connected once per pass.
    async fn account(&self, name: &str) -> Result<Arc<Connected>, AcmeError> {
        let mut accounts = self.accounts.lock().await;
        if let Some(connected) = accounts.get(name) {
            return Ok(connected.clone());
        }
        let (account, credentials) = self.store(|s| s.acme_login(name))?;
        let connected = Arc::new(client::connect(&account, &credentials).await?);
        accounts.insert(name.to_string(), connected.clone());
        Ok(connected)
    }
}

/// What a pass works with: the inventory (behind the push journal), the secrets, and the trust
/// the TLS verification uses.
pub struct Context {
    pub journal: Journal,
    pub secrets: Arc<dyn Secrets>,
    pub trust: Arc<ProbeTrust>,
}

/// One pass over the selected nodes, at most `options.parallel` at once. A node that fails
/// never stops the others; every action is logged in the renewal log.
pub async fn run(
    context: Context,
    selection: Selection,
    options: Options,
    events: UnboundedSender<RenewEvent>,
    cancel: Arc<AtomicBool>,
    now: OffsetDateTime,
) -> Result<Vec<NodeReport>, AcmeError> {
    let Context {
        journal,
        secrets,
        trust,
    } = context;
    let issuers = journal.inventory(|s| s.issuers())?;
    let (issuers, force) = match &selection {
        Selection::Due => (issuers, false),
        Selection::Force(names) => {
            for name in names {
                if !issuers.iter().any(|i| &i.node == name) {
                    return Err(AcmeError::Invalid(format!(
                        "node {name} has no ACME issuer: set one with `certdeck acme issuer {name} --account …`"
                    )));
                }
            }
            (
                issuers
                    .into_iter()
                    .filter(|i| names.contains(&i.node))
                    .collect(),
                true,
            )
        }
    };
    // The CA, a DNS server or challenge listener, the push's connections: eight at most each.
    let parallel = crate::limits::parallelism(options.parallel, 8);
    let shared = Arc::new(Shared {
        journal,
        secrets,
        accounts: tokio::sync::Mutex::default(),
        listening: tokio::sync::Mutex::default(),
        trust,
        options,
        events,
        cancel,
        now,
    });
    let semaphore = Arc::new(tokio::sync::Semaphore::new(parallel));
    let mut tasks = tokio::task::JoinSet::new();
    let mut names = HashMap::new();
    for issuer in issuers {
        let (shared, semaphore) = (shared.clone(), semaphore.clone());
        let node = issuer.node.clone();
        let handle = tasks.spawn(async move {
            let _permit = semaphore.acquire_owned().await;
            let report = renew_node(&shared, issuer, force).await;
            let _ = shared.events.send(RenewEvent::Done(report.clone()));
            report
        });
        names.insert(handle.id(), node);
    }
    let mut reports = Vec::new();
    while let Some(joined) = tasks.join_next_with_id().await {
        match joined {
            Ok((_, report)) => reports.push(report),
            Err(error) => reports.push(NodeReport {
                node: names.get(&error.id()).cloned().unwrap_or_default(),
                outcome: "failed".into(),
                detail: "internal error: the renewal of this node stopped unexpectedly".into(),
                certificate_id: None,
                next: None,
            }),
        }
    }
    reports.sort_by_key(|r| r.node.to_lowercase());
    Ok(reports)
}

async fn renew_node(shared: &Shared, issuer: Issuer, force: bool) -> NodeReport {
    let name = issuer.node.clone();
    match renew_node_inner(shared, issuer, force).await {
        Ok(report) => report,
        Err(error) => NodeReport {
            node: name,
            outcome: "failed".into(),
            detail: error.to_string(),
            certificate_id: None,
            next: None,
        },
    }
}

async fn renew_node_inner(
    shared: &Shared,
    mut issuer: Issuer,
    force: bool,
) -> Result<NodeReport, AcmeError> {
    let now = shared.now;
    let node = shared.store(|s| s.node(&issuer.node))?;
    let account = shared.store(|s| s.acme_account(&issuer.account))?;
    let current = match node.certificate_id {
        Some(id) => Some(shared.store(|s| s.find(&id.to_string()))?),
        None => None,
    };
    let validity = current.as_ref().map(|(_, cert)| Validity {
        not_before: cert.not_before.unix_timestamp(),
        not_after: cert.not_after.unix_timestamp(),
    });
    // The CA's renewal window (ARI) for the current certificate, when it offers one.
    let rate_limited = account
        .rate_limited_until
        .is_some_and(|u| u > now.unix_timestamp());
    if let Some((_, cert)) = &current
        && !force
        && !rate_limited
        && issuer.state.pending_certificate_id.is_none()
        && let Some((start, end)) = ari_window(shared, &issuer.account, cert.der()).await
    {
        issuer.state.ari_start = Some(start);
        issuer.state.ari_end = Some(end);
    }
    let decision = decide(&issuer, validity, account.rate_limited_until, force, now);
    let report =
        |outcome: &str, detail: String, certificate_id, next: Option<OffsetDateTime>| NodeReport {
            node: issuer.node.clone(),
            outcome: outcome.into(),
            detail,
            certificate_id,
            next: next.map(rfc3339),
        };
    let dry = shared.options.dry_run;
    match decision {
        Decision::NotDue { at } => Ok(report(
            "not_due",
            format!("due {}", rfc3339(at)),
            None,
            Some(at),
        )),
        Decision::Waiting { until, why } => Ok(report("waiting", why, None, Some(until))),
        Decision::HoldForWindow {
            certificate_id,
            opens,
        } => Ok(report(
            "obtained",
            "the new certificate waits for the maintenance window".into(),
            Some(certificate_id),
            opens,
        )),
        Decision::Push { certificate_id } if dry => Ok(report(
            "would_push",
            format!("certificate #{certificate_id} would be pushed"),
            Some(certificate_id),
            None,
        )),
        Decision::Order { why } if dry => {
            let why = match rehearsal_due(&issuer) {
                Some(staging) => format!("{why}; rehearsed at {staging} first"),
                None => why,
            };
            Ok(report("would_renew", why, None, None))
        }
        Decision::Push { certificate_id } => {
            push_pending(shared, &issuer, &node, certificate_id, false).await
        }
        Decision::Order { why } => {
            if let Some(staging) = rehearsal_due(&issuer) {
                let staging = staging.to_string();
                if let Err(error) = rehearse(shared, &issuer, &node, &staging).await {
                    return fail(
                        shared,
                        &issuer,
                        format!(
                            "{why}; the rehearsal at {staging} failed, so {} was not asked: {error}",
                            issuer.account
                        ),
                        None,
                    );
                }
                issuer.state.rehearsed_at = Some(now.unix_timestamp());
            }
            let obtained = obtain(
                shared,
                &issuer,
                &node,
                current.as_ref().map(|(_, c)| c.der()),
            )
            .await;
            let (certificate_id, left_behind) = match obtained {
                Ok(obtained) => obtained,
                Err(error) => {
                    if let AcmeError::RateLimited { until, .. } = &error {
                        let until = Some(until.unix_timestamp());
                        let _ = shared.store(|s| s.set_acme_rate_limit(account.id, until));
                    }
                    return fail(
                        shared,
                        &issuer,
                        format!("{why}; ordering failed: {error}"),
                        None,
                    );
                }
            };
            issuer.state.pending_certificate_id = Some(certificate_id);
            let in_window = issuer.window.as_ref().is_none_or(|w| w.contains(now));
            if !in_window {
                let opens = issuer.window.as_ref().and_then(|w| w.next_open(now));
                let mut state = issuer.state.clone();
                state.failures = 0;
                state.next_attempt = None;
                record(
                    shared,
                    &issuer.node,
                    &state,
                    "obtained",
                    "obtained; waiting for the maintenance window",
                    Some(certificate_id),
                )?;
                return Ok(with_left_behind(
                    report(
                        "obtained",
                        format!("{why}; obtained, waiting for the maintenance window"),
                        Some(certificate_id),
                        opens,
                    ),
                    &left_behind,
                ));
            }
            let pushed = push_pending(shared, &issuer, &node, certificate_id, true).await?;
            Ok(with_left_behind(pushed, &left_behind))
        }
    }
}

/// A report that also says which challenge records or files could not be removed.
fn with_left_behind(mut report: NodeReport, left_behind: &[String]) -> NodeReport {
    if !left_behind.is_empty() {
        report.detail = format!("{}; {}", report.detail, left_behind.join("; "));
    }
    report
}

/// The CA's suggested renewal window for a certificate (RFC 9773), `None` when it offers none.
async fn ari_window(shared: &Shared, account: &str, der: &[u8]) -> Option<(i64, i64)> {
    let connected = shared.account(account).await.ok()?;
    let id =
        instant_acme::CertificateIdentifier::try_from(&rustls_pki_types::CertificateDer::from(der))
            .ok()?;
    let (info, _) = connected.account.renewal_info(&id).await.ok()?;
    Some((
        info.suggested_window.start.unix_timestamp(),
        info.suggested_window.end.unix_timestamp(),
    ))
}

fn record(
    shared: &Shared,
    node: &str,
    state: &IssuerState,
    outcome: &str,
    detail: &str,
    certificate_id: Option<i64>,
) -> Result<(), AcmeError> {
    let run = RenewalRun {
        at: shared.now.unix_timestamp(),
        node: node.to_string(),
        outcome: outcome.to_string(),
        detail: detail.to_string(),
        certificate_id,
    };
    shared.store(|s| s.record_renewal(node, state, &run))
}

/// A failure: counted, logged, retried after a back-off (or in the next window).
fn fail(
    shared: &Shared,
    issuer: &Issuer,
    detail: String,
    certificate_id: Option<i64>,
) -> Result<NodeReport, AcmeError> {
    let mut state = issuer.state.clone();
    state.failures += 1;
    let next = retry_at(issuer, state.failures, shared.now);
    state.next_attempt = Some(next.unix_timestamp());
    record(
        shared,
        &issuer.node,
        &state,
        "failed",
        &detail,
        certificate_id,
    )?;
    Ok(NodeReport {
        node: issuer.node.clone(),
        outcome: "failed".into(),
        detail,
        certificate_id,
        next: Some(rfc3339(next)),
    })
}

/// Pushes the pending certificate through the node's driver and proves it is served; on
/// success it becomes the node's certificate, on failure it stays pending (the push rolled the
/// node back) and is pushed again at the next attempt.
///
/// `ordered_now`: the certificate was ordered in this pass (`renewed`); else it was obtained by
/// an earlier one and only pushed now (`pushed`), which the log says apart (issue 29).
async fn push_pending(
    shared: &Shared,
    issuer: &Issuer,
    node: &Node,
    certificate_id: i64,
    ordered_now: bool,
) -> Result<NodeReport, AcmeError> {
    let now = shared.now;
    let mut state = issuer.state.clone();
    state.pending_certificate_id = Some(certificate_id);
    let outcome = if ordered_now { "renewed" } else { "pushed" };
    let renewed = |shared: &Shared, mut state: IssuerState, detail: String| {
        shared.store(|s| s.assign(&node.name, certificate_id, now))?;
        state.pending_certificate_id = None;
        state.failures = 0;
        state.next_attempt = None;
        record(
            shared,
            &node.name,
            &state,
            outcome,
            &detail,
            Some(certificate_id),
        )?;
        Ok(NodeReport {
            node: node.name.clone(),
            outcome: outcome.into(),
            detail,
            certificate_id: Some(certificate_id),
            next: None,
        })
    };
    if node.driver == "none" {
        return renewed(
            shared,
            state,
            "assigned to the node (it has no driver: nothing was pushed)".into(),
        );
    }
    let mut target = node.clone();
    target.certificate_id = Some(certificate_id);
    let bundle = shared.store(|s| crate::push::session::bundle(s, &target, now))?;
    let driver = match shared.store(|s| Ok(shared.secrets.driver(s, node)))? {
        Ok(driver) => driver,
        Err(error) => {
            let issuer = Issuer {
                state,
                ..issuer.clone()
            };
            return fail(
                shared,
                &issuer,
                format!("the new certificate is kept; the node's driver: {error}"),
                Some(certificate_id),
            );
        }
    };
    let job = Job::new(node, driver, bundle);
    let _ = shared.events.send(RenewEvent::Pushing(node.name.clone()));
    // A certificate issued during this run may start after the run's clock (CAs that do not
    // backdate): it is judged at its own start then, not refused as "not yet valid".
    let starts = shared
        .store(|s| s.find(&certificate_id.to_string()))
        .map(|(_, cert)| cert.not_before)
        .unwrap_or(now);
    let verify_at = now.max(starts);
    let (sender, _receiver) = tokio::sync::mpsc::unbounded_channel();
    let (journal, trust, push_options, cancel) = (
        shared.journal.clone(),
        shared.trust.clone(),
        shared.options.push.clone(),
        shared.cancel.clone(),
    );
    // In a team, the push takes the node's lock there: a node another member is pushing to
    // keeps its new certificate for the next pass.
    let pushed = crate::team::push(
        shared.options.team.as_deref(),
        vec![job],
        journal,
        trust,
        push_options,
        sender,
        cancel,
        verify_at,
    )
    .await;
    let pushed = match pushed {
        Ok((outcomes, busy)) => match busy.first() {
            Some(busy) if outcomes.is_empty() => Err(busy.to_string()),
            _ => Ok(outcomes),
        },
        Err(error) => Err(format!("the team database: {error}")),
    };
    let outcomes = match pushed {
        Ok(outcomes) => outcomes,
        Err(why) => {
            let issuer = Issuer {
                state,
                ..issuer.clone()
            };
            let why = format!("{why}; the new certificate is kept for the next pass");
            return fail(shared, &issuer, why, Some(certificate_id));
        }
    };
    let Some(outcome) = outcomes.into_iter().next() else {
        return Err(AcmeError::Invalid("the push reported nothing".into()));
    };
    match outcome.result {
        PushResult::Verified | PushResult::Applied => {
            let word = if outcome.result == PushResult::Verified {
                "pushed and verified over TLS"
            } else {
                "pushed (no TLS endpoint to verify)"
            };
            renewed(shared, state, format!("{word}: {}", outcome.detail))
        }
        PushResult::RolledBack | PushResult::Failed => {
            let issuer = Issuer {
                state,
                ..issuer.clone()
            };
            fail(
                shared,
                &issuer,
                format!(
                    "the push failed, the new certificate is kept for the next attempt: {}",
                    outcome.detail
                ),
                Some(certificate_id),
            )
        }
    }
}
