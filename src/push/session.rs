//! A push from the inventory, for the command line and the window alike: the jobs for the named
//! nodes (each with its pinned driver, keychain secrets and bundle), the trust verification uses,
//! and the push log and node results written afterwards.

use super::{Job, PushResult, setup};
use crate::probe::ProbeTrust;
use crate::store::nodes::LastResult;
use crate::store::{Inventory, StoreError};

/// One node's push, planned: the job and what it will do, in words (the plan the user confirms).
pub struct Planned {
    pub job: Job,
    /// What the driver will write (the endpoints to verify then are the job's).
    pub steps: Vec<String>,
}

/// The jobs for `nodes`: each node's assigned certificate (with chain, key, parameters) and trust
/// list, through its driver with the pinned host key or certificate and the keychain's secrets.
///
/// A node that ships a CRL gets it now: a local CA's is signed at `now`.
pub fn plan(
    store: &mut Inventory,
    nodes: &[crate::store::Node],
    now: time::OffsetDateTime,
) -> Result<Vec<Planned>, String> {
    let mut planned = Vec::new();
    for node in nodes {
        let name = &node.name;
        let driver = setup::driver_for(store, node).map_err(|e| format!("{name}: {e}"))?;
        let bundle = bundle(store, node, now).map_err(|e| format!("{name}: {e}"))?;
        let job = Job::new(node, driver, bundle);
        let steps = job.driver.plan(&job.bundle);
        planned.push(Planned { job, steps });
    }
    Ok(planned)
}

/// What goes to `node`: its assigned certificate with chain, key and parameters, its trusted
/// CAs, and the CRL it ships (a local CA's signed at `now`, or its file).
pub fn bundle(
    store: &mut Inventory,
    node: &crate::store::Node,
    now: time::OffsetDateTime,
) -> Result<super::Bundle, StoreError> {
    let mut bundle = store.push_bundle(node)?;
    bundle.crl_pem = store.kit_crl(node, now)?;
    Ok(bundle)
}

/// The named nodes as stored.
pub fn nodes(store: &Inventory, names: &[String]) -> Result<Vec<crate::store::Node>, String> {
    names
        .iter()
        .map(|name| store.node(name).map_err(|e| e.to_string()))
        .collect()
}

/// What a check of a node's endpoints needs: the endpoints, the name they must answer to, the
/// fingerprint of the node's assigned certificate and the trust to judge the chain with.
pub struct Check {
    pub node: String,
    pub endpoints: Vec<String>,
    pub fqdn: String,
    pub fingerprint: String,
    pub trust: ProbeTrust,
}

/// Prepares checking whether `name` serves its assigned certificate (`certdeck node verify`, the
/// window's *Check now*).
pub fn check(store: &Inventory, name: &str) -> Result<Check, String> {
    let node = store.node(name).map_err(|e| e.to_string())?;
    let id = node
        .certificate_id
        .ok_or_else(|| format!("node {name} has no certificate assigned"))?;
    if node.endpoints.is_empty() {
        return Err(format!(
            "node {name} has no TLS endpoints to check: add them to the node (certdeck node configure {name} --endpoint HOST:PORT)"
        ));
    }
    let (row, _) = store.find(&id.to_string()).map_err(|e| e.to_string())?;
    Ok(Check {
        node: node.name,
        endpoints: node.endpoints,
        fqdn: node.fqdn,
        fingerprint: row.fingerprint_sha256,
        trust: ProbeTrust::of_inventory(store).map_err(|e| e.to_string())?,
    })
}

/// A node's result after its endpoints were checked: `verified`, or what failed where.
pub fn check_result(checks: &[super::EndpointCheck]) -> String {
    let failed: Vec<String> = checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| format!("{}: {}", c.endpoint, c.detail))
        .collect();
    if failed.is_empty() {
        LastResult::Verified.word().to_string()
    } else {
        let word = LastResult::VerificationFailed.word();
        format!("{word}: {}", failed.join("; "))
    }
}

/// Who pushes, for the log and the journal: the OS account (also when `$USER` is unset, as in
/// services and scheduled tasks).
pub fn who() -> String {
    crate::store::os_user()
}

/// The word a result is logged and stored with (`verified`, `rolled_back`, …).
pub fn result_word(result: &PushResult) -> &'static str {
    match result {
        PushResult::Verified => LastResult::Verified,
        PushResult::Applied => LastResult::Applied,
        PushResult::RolledBack => LastResult::RolledBack,
        PushResult::Failed => LastResult::Failed,
    }
    .word()
}

/// The unfinished pushes in the journal, each with the driver to reach its node now.
pub fn unfinished(store: &mut Inventory) -> Result<Vec<super::resume::Unfinished>, StoreError> {
    let pushes = store.journal_unfinished()?;
    Ok(pushes
        .into_iter()
        .map(|push| {
            let driver = store
                .node(&push.node)
                .map_err(|e| e.to_string())
                .and_then(|node| setup::driver_for(store, &node).map_err(|e| e.to_string()));
            super::resume::Unfinished { push, driver }
        })
        .collect())
}

/// A warning for the start of every command and the window: nodes left half-changed.
pub fn unfinished_warning(store: &Inventory) -> Option<String> {
    match store.journal_unfinished_count() {
        Ok(0) | Err(_) => None,
        Ok(count) => Some(format!(
            "{count} push(es) did not finish (certdeck was stopped mid-push): the node(s) may be half-changed; \
             see `certdeck push --journal`, then `certdeck push --resume` to roll back (or `--resume complete`)"
        )),
    }
}
