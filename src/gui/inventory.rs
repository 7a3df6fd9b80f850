//! The inventory screen's data: loaded on a worker thread, judged at load time, and a chain pool
//! of the certificates that can be issuers, so the detail pane can explain any certificate's
//! chain after reading that one certificate (a 100,000-certificate inventory parsed whole would
//! hold about a gigabyte).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use time::OffsetDateTime;

use crate::pki::status::Assessment;
use crate::pki::{CertPool, Certificate, CertificateReport, DecodeOptions, TrustSource};
use crate::settings::Settings;
use crate::store::overview::Overview;
use crate::store::{
    CertificateReader, CertificateRow, ImportInput, ImportReport, Inventory, ListFilter,
    PossibleIssuers, VaultOptions,
};

/// Everything the inventory screen shows.
#[derive(Debug)]
pub struct Loaded {
    pub rows: Vec<(CertificateRow, Assessment)>,
    /// Where each certificate's row is in `rows`, by its id: alarms, nodes and the trusted list
    /// name certificates by id, and finding each by walking 100,000 rows made the Alarms screen
    /// of an estate with 10,000 incomplete chains take seconds per frame.
    positions: HashMap<i64, usize>,
    /// The estate at a glance (the home screen).
    pub overview: Overview,
    /// A revocation check has said something about some row (the list shows the column then).
    pub revocation_checked: bool,
    /// The endpoints discovery scans found.
    pub endpoints: Vec<crate::store::endpoints::EndpointRow>,
    /// The latest pushes, newest first (the overview lists them).
    pub recent_pushes: Vec<crate::store::nodes::PushLogEntry>,
    /// The certificates that may issue others (CAs, trusted ones, any named as an issuer),
    /// parsed: the pool's material and the policy verdict's trusted and intermediate lists.
    pub issuers: HashMap<i64, Arc<Certificate>>,
    pub pool: CertPool,
    /// Reads any other certificate when it is shown.
    reader: Mutex<CertificateReader>,
    /// What needs attention (nodes without certificates, expiry, incomplete chains).
    pub alarms: Vec<crate::store::report::AlarmEntry>,
    /// The trusted CA list: the administrator's CAs, then the built-in Mozilla roots.
    pub trusted: Vec<crate::store::TrustedCa>,
    /// The nodes with their assigned certificate and trust list.
    pub nodes: Vec<crate::store::Node>,
    /// The signing requests made here, pending or completed.
    pub requests: Vec<crate::store::requests::RequestRow>,
    pub now: OffsetDateTime,
    /// The inventory's id (its nodes' keychain secrets are filed under it).
    pub inventory_id: String,
    /// The team's shared inventory's address, when that is what the window shows (it then
    /// listens for the members' changes).
    pub shared: Option<String>,
    /// Pushes that never finished (certdeck was stopped mid-push): their nodes may be
    /// half-changed until they are rolled back or completed.
    pub unfinished_pushes: Vec<crate::store::journal::PushSummary>,
    /// ACME accounts, DNS servers, each node's renewal and the recent renewal runs.
    pub renewals: crate::acme::outlook::Overview,
}

impl Loaded {
    /// Certificate `id`'s row and its assessment.
    pub fn row(&self, id: i64) -> Option<&(CertificateRow, Assessment)> {
        self.rows.get(*self.positions.get(&id)?)
    }

    /// The detail of one row: its statuses and its chain explained. A certificate that is not
    /// an issuer is read and parsed here: one row by its key, well under a millisecond.
    pub fn report(&self, id: i64) -> Option<CertificateReport> {
        let (row, assessment) = self.row(id)?;
        let cert = self.certificate(id)?;
        Some(CertificateReport {
            chain: self.pool.build_path(&cert, self.now),
            cert,
            assessment: assessment.clone(),
            has_private_key: row.has_private_key,
        })
    }

    /// Certificate `id`, parsed (`None` if it is gone or damaged).
    pub fn certificate(&self, id: i64) -> Option<Arc<Certificate>> {
        if let Some(cert) = self.issuers.get(&id) {
            return Some(cert.clone());
        }
        self.reader.lock().ok()?.certificate(id).ok().flatten()
    }
}

/// How many of the latest renewal runs the Renewals view lists.
const RENEWAL_RUNS_SHOWN: usize = 100;

pub fn options() -> VaultOptions {
    VaultOptions {
        passphrase: std::env::var("CERTDECK_VAULT_PASSPHRASE")
            .ok()
            .map(zeroize::Zeroizing::new),
        keychain: true,
    }
}

/// The inventory's folder: `CERTDECK_DATA_DIR`, else the folder chosen in the settings, else
/// the platform's data folder (the same order as the command line's).
pub fn data_dir(settings: &Settings) -> Option<PathBuf> {
    let given = std::env::var_os("CERTDECK_DATA_DIR").map(PathBuf::from);
    settings.data_dir(given.as_deref())
}

pub fn open(settings: &Settings) -> Result<Inventory, String> {
    let dir = data_dir(settings).ok_or("no data folder on this system")?;
    Inventory::open(&dir, options()).map_err(|e| e.to_string())
}

/// Pushes the overview lists.
const RECENT_PUSHES_SHOWN: usize = 6;

/// Loads the inventory's rows, judged at `now`; "expiring" and alarms use the settings' warning
/// period.
pub fn load_from(
    inventory: &Inventory,
    now: OffsetDateTime,
    warning_days: i64,
) -> Result<Loaded, String> {
    let rows = inventory
        .list(&ListFilter::default(), now, warning_days)
        .map_err(|e| e.to_string())?;
    let reader = inventory.certificate_reader().map_err(|e| e.to_string())?;
    // Only certificates that can be a link above another are parsed now.
    let possible = PossibleIssuers::new(
        rows.iter()
            .map(|(row, _)| (row.subject.as_str(), row.issuer.as_str())),
    );
    let mut issuers = HashMap::new();
    let mut pool = CertPool::new().with_builtin_roots();
    for (row, _) in &rows {
        if !possible.includes(&row.subject, row.facts.is_ca, row.trusted) {
            continue;
        }
        let cert = reader
            .certificate(row.id)
            .ok()
            .flatten()
            .ok_or_else(|| format!("certificate {} in the inventory is damaged", row.id))?;
        pool.add(cert.clone(), row.trusted.then_some(TrustSource::Custom));
        issuers.insert(row.id, cert);
    }
    let nodes = inventory.nodes().map_err(|e| e.to_string())?;
    let mut alarms = crate::store::report::alarms_among(
        rows.iter().map(|(row, _)| row),
        &nodes,
        now,
        warning_days,
    );
    let endpoints = inventory.endpoints().map_err(|e| e.to_string())?;
    alarms.extend(
        inventory
            .discovery_alarms(&endpoints, &nodes, now, warning_days)
            .map_err(|e| e.to_string())?,
    );
    // Worst kind first, then by name: the Alarms screen's order.
    alarms.sort_by_cached_key(|alarm| (alarm.kind, alarm.subject.to_lowercase()));
    let overview = Overview::of(&rows, &nodes, &alarms, now, warning_days);
    let trusted = inventory.trusted_cas(true).map_err(|e| e.to_string())?;
    let requests = inventory.requests().map_err(|e| e.to_string())?;
    Ok(Loaded {
        overview,
        revocation_checked: rows.iter().any(|(row, _)| row.revocation.is_some()),
        endpoints,
        recent_pushes: inventory
            .recent_pushes(RECENT_PUSHES_SHOWN)
            .map_err(|e| e.to_string())?,
        positions: rows
            .iter()
            .enumerate()
            .map(|(index, (row, _))| (row.id, index))
            .collect(),
        rows,
        issuers,
        pool,
        reader: Mutex::new(reader),
        alarms,
        trusted,
        nodes,
        requests,
        now,
        inventory_id: inventory.id().map_err(|e| e.to_string())?,
        shared: inventory.shared_address().map(str::to_string),
        unfinished_pushes: inventory
            .journal_unfinished_summaries()
            .map_err(|e| e.to_string())?,
        renewals: crate::acme::outlook::overview(inventory, now, RENEWAL_RUNS_SHOWN)
            .map_err(|e| e.to_string())?,
    })
}

/// Opens the inventory and loads it (blocking: call from a worker thread).
pub fn load(now: OffsetDateTime, settings: &Settings) -> Result<Loaded, String> {
    load_from(&open(settings)?, now, settings.warning_days)
}

/// Makes one change to the inventory (delete, trust, assign…) and loads it again (blocking: call
/// from a worker thread).
pub fn change(
    now: OffsetDateTime,
    settings: &Settings,
    change: impl FnOnce(&mut Inventory, OffsetDateTime) -> Result<(), crate::store::StoreError>,
) -> Result<Loaded, String> {
    let mut inventory = open(settings)?;
    change(&mut inventory, now).map_err(|e| e.to_string())?;
    load_from(&inventory, now, settings.warning_days)
}

/// Makes an export bundle, as `certdeck export` does (blocking).
pub fn export(
    request: &crate::store::export::ExportRequest,
    settings: &Settings,
) -> Result<crate::store::export::ExportBundle, String> {
    open(settings)?.export(request).map_err(|e| e.to_string())
}

/// Makes a signing request (and its key, unless kept) as `certdeck csr new` does, and loads the
/// inventory again (blocking).
pub fn request(
    plan: RequestPlan,
    now: OffsetDateTime,
    settings: &Settings,
) -> Result<Made, String> {
    request_in(&mut open(settings)?, plan, now, settings.warning_days)
}

/// Everything the worker thread needs to make a request (what the wizard filled in).
#[derive(Debug, Clone)]
pub struct RequestPlan {
    pub spec: crate::pki::request::RequestSpec,
    pub key: crate::store::requests::KeyChoice,
    pub node: Option<String>,
}

/// A request that was made, with the inventory loaded again (the Requests screen lists it).
#[derive(Debug, Clone)]
pub struct Made {
    pub outcome: Arc<crate::store::requests::RequestOutcome>,
    pub loaded: Arc<Loaded>,
}

/// Makes a signing request in an open inventory and loads it again.
pub fn request_in(
    inventory: &mut Inventory,
    plan: RequestPlan,
    now: OffsetDateTime,
    warning_days: i64,
) -> Result<Made, String> {
    let outcome = inventory
        .create_request(plan.spec, plan.key, plan.node.as_deref(), false, now)
        .map_err(|e| e.to_string())?;
    Ok(Made {
        outcome: Arc::new(outcome),
        loaded: Arc::new(load_from(inventory, now, warning_days)?),
    })
}

/// Saves a node from its form (secrets into the keychain, the rest into the inventory) and loads
/// the inventory again (blocking).
pub fn save_node(
    setup: &crate::store::NodeSetup,
    secrets: &crate::push::ssh::SshCredentials,
    settings: &Settings,
) -> Result<Loaded, String> {
    let now = OffsetDateTime::now_utc();
    save_node_in(
        &mut open(settings)?,
        setup,
        secrets,
        now,
        settings.warning_days,
    )
}

/// Saves a node in an open inventory and loads it again.
pub fn save_node_in(
    inventory: &mut Inventory,
    setup: &crate::store::NodeSetup,
    secrets: &crate::push::ssh::SshCredentials,
    now: OffsetDateTime,
    warning_days: i64,
) -> Result<Loaded, String> {
    crate::push::setup::save(inventory, setup, secrets, now)?;
    load_from(inventory, now, warning_days)
}

/// One node's push plan, shown before anything is sent.
#[derive(Debug, Clone)]
pub struct PlanView {
    pub node: String,
    pub driver: &'static str,
    pub subject: String,
    /// What the driver will write, in its own terms (paths, URLs).
    pub steps: Vec<String>,
    /// The TLS endpoints probed afterwards.
    pub endpoints: Vec<String>,
    /// On a shared inventory: who set the node's driver, address and pin, and when (Unix
    /// seconds) — where the key goes was decided by them.
    pub set_by: Option<(Option<String>, Option<i64>)>,
}

/// What a push to `names` would run or write on this machine that was not approved here (a
/// shared inventory's folder nodes, `crate::store::approvals`): asked for before the plan. Blocking.
pub fn push_approvals(
    names: &[String],
    settings: &Settings,
) -> Result<Vec<crate::store::approvals::Request>, String> {
    let inventory = open(settings)?;
    let nodes = crate::push::session::nodes(&inventory, names)?;
    crate::store::approvals::pending(&nodes)
}

/// Approves `requests` on this machine (the user pressed *Approve*). Blocking.
pub fn approve(
    requests: &[crate::store::approvals::Request],
    settings: &Settings,
) -> Result<(), String> {
    let inventory = open(settings)?;
    crate::store::approvals::approve_all(inventory.dir(), requests, time::OffsetDateTime::now_utc())
}

/// What a push to `names` will do; with `certificate`, as if it were assigned to them (it is
/// assigned when the push runs). Blocking.
pub fn push_plan(
    names: &[String],
    certificate: Option<i64>,
    settings: &Settings,
) -> Result<Vec<PlanView>, String> {
    push_plan_in(&mut open(settings)?, names, certificate)
}

/// [`push_plan`] in an open inventory.
pub fn push_plan_in(
    inventory: &mut Inventory,
    names: &[String],
    certificate: Option<i64>,
) -> Result<Vec<PlanView>, String> {
    use crate::push::session;
    let mut nodes = session::nodes(inventory, names)?;
    if let Some(id) = certificate {
        for node in &mut nodes {
            node.certificate_id = Some(id);
        }
    }
    // The window reads the clock; a node that ships a local CA's CRL gets it signed now.
    let now = time::OffsetDateTime::now_utc();
    let set_by = |name: &str| {
        nodes
            .iter()
            .find(|n| n.name == name && n.approvals_dir.is_some())
            .map(|n| (n.changed_by.clone(), n.changed_at))
    };
    Ok(session::plan(inventory, &nodes, now)?
        .into_iter()
        .map(|planned| PlanView {
            node: planned.job.node.clone(),
            driver: planned.job.driver.name(),
            subject: planned.job.bundle.subject.clone(),
            steps: planned.steps,
            endpoints: planned.job.endpoints.clone(),
            set_by: set_by(&planned.job.node),
        })
        .collect())
}

/// What a push needs: the jobs (after assigning `certificate` to the nodes, when given) and
/// the session's local half (the journal over the inventory, the trust to verify with;
/// blocking).
pub fn push_jobs(
    names: &[String],
    certificate: Option<i64>,
    settings: &Settings,
) -> Result<(Vec<crate::push::Job>, crate::app::session::Prepared), String> {
    let mut inventory = open(settings)?;
    let jobs = push_jobs_in(
        &mut inventory,
        names,
        certificate,
        OffsetDateTime::now_utc(),
    )?;
    let prepared = crate::app::session::prepare(inventory).map_err(|e| e.to_string())?;
    Ok((jobs, prepared))
}

/// The jobs of [`push_jobs`], in an open inventory.
pub fn push_jobs_in(
    inventory: &mut Inventory,
    names: &[String],
    certificate: Option<i64>,
    now: OffsetDateTime,
) -> Result<Vec<crate::push::Job>, String> {
    use crate::push::session;
    if let Some(id) = certificate {
        for name in names {
            inventory.assign(name, id, now).map_err(|e| e.to_string())?;
        }
    }
    let nodes = session::nodes(inventory, names)?;
    let jobs: Vec<crate::push::Job> = session::plan(inventory, &nodes, now)?
        .into_iter()
        .map(|planned| planned.job)
        .collect();
    Ok(jobs)
}

/// The inventory again after a push (which logged its outcomes itself; blocking).
pub fn push_loaded(
    journal: &crate::push::journal::Journal,
    now: OffsetDateTime,
    warning_days: i64,
) -> Result<Arc<Loaded>, String> {
    journal
        .with(|inventory| {
            load_from(inventory, now, warning_days).map_err(crate::store::StoreError::Invalid)
        })
        .map(Arc::new)
        .map_err(|e| e.to_string())
}

/// Rolls back (or completes) the pushes that never finished, through the core's resume, then
/// loads the inventory again.
pub async fn resume_pushes(
    how: crate::push::resume::Resume,
    settings: Settings,
) -> Result<(Vec<crate::push::NodeOutcome>, Arc<Loaded>), String> {
    let (journal, unfinished) = {
        let settings = settings.clone();
        super::work(move || {
            let mut inventory = open(&settings)?;
            let unfinished =
                crate::push::session::unfinished(&mut inventory).map_err(|e| e.to_string())?;
            Ok((crate::push::journal::Journal::new(inventory), unfinished))
        })
        .await?
    };
    let now = OffsetDateTime::now_utc();
    let outcomes = crate::push::resume::resume(
        journal.clone(),
        unfinished,
        how,
        crate::push::session::who(),
        now,
    )
    .await;
    let loaded = super::work(move || push_loaded(&journal, now, settings.warning_days)).await?;
    Ok((outcomes, loaded))
}

/// The alarms not announced before, recorded as announced (blocking).
pub fn fresh_alarms(
    alarms: &[crate::store::report::AlarmEntry],
    settings: &Settings,
) -> Result<Vec<crate::store::report::AlarmEntry>, String> {
    open(settings)?
        .fresh_alarms(alarms, OffsetDateTime::now_utc())
        .map_err(|e| e.to_string())
}

/// What checking a node's endpoints needs (blocking).
pub fn node_check(name: &str, settings: &Settings) -> Result<crate::push::session::Check, String> {
    crate::push::session::check(&open(settings)?, name)
}

/// Records what a check of a node's endpoints found and loads the inventory again (blocking).
pub fn node_checked(name: &str, result: &str, settings: &Settings) -> Result<Arc<Loaded>, String> {
    node_checked_in(&mut open(settings)?, name, result, settings.warning_days)
}

/// [`node_checked`] in an open inventory.
pub fn node_checked_in(
    inventory: &mut Inventory,
    name: &str,
    result: &str,
    warning_days: i64,
) -> Result<Arc<Loaded>, String> {
    inventory
        .set_node_result(name, result)
        .map_err(|e| e.to_string())?;
    load_from(inventory, OffsetDateTime::now_utc(), warning_days).map(Arc::new)
}

/// Decoded objects and what importing them would do.
#[derive(Debug, Clone)]
pub struct Preview {
    pub decoded: Arc<crate::pki::Decoded>,
    pub report: Arc<crate::store::ImportReport>,
}

/// Rehearses importing `decoded` (blocking).
pub fn preview(decoded: crate::pki::Decoded, settings: &Settings) -> Result<Preview, String> {
    preview_in(&mut open(settings)?, decoded, OffsetDateTime::now_utc())
}

/// Rehearses importing `decoded` into an open inventory.
pub fn preview_in(
    inventory: &mut Inventory,
    decoded: crate::pki::Decoded,
    now: OffsetDateTime,
) -> Result<Preview, String> {
    let report = inventory
        .preview_import(&decoded, now)
        .map_err(|e| e.to_string())?;
    Ok(Preview {
        decoded: Arc::new(decoded),
        report: Arc::new(report),
    })
}

/// `decoded` with `input` read again with `password`: its objects replace the errors that
/// asked for one (blocking). The password is wiped when this returns.
pub fn unlock(
    decoded: &crate::pki::Decoded,
    input: &ImportInput,
    password: zeroize::Zeroizing<String>,
) -> crate::pki::Decoded {
    let options = DecodeOptions {
        passwords: vec![password],
        ..Default::default()
    };
    let again = crate::store::decode_inputs(std::slice::from_ref(input), &options);
    let file = match input {
        ImportInput::Path(path) => path.display().to_string(),
        ImportInput::Text { name, .. } => name.clone(),
    };
    let mut merged = crate::pki::Decoded {
        items: decoded
            .items
            .iter()
            .filter(|item| item.file != file)
            .cloned()
            .collect(),
        errors: decoded
            .errors
            .iter()
            .filter(|error| error.file() != file)
            .cloned()
            .collect(),
    };
    merged.extend(again);
    merged
}

/// Imports reviewed objects and loads the inventory again (blocking).
#[allow(clippy::type_complexity)]
pub fn import_reviewed(
    decoded: &crate::pki::Decoded,
    settings: &Settings,
) -> Result<(Arc<ImportReport>, Arc<Loaded>), String> {
    let now = OffsetDateTime::now_utc();
    let mut inventory = open(settings)?;
    let report = inventory
        .import_objects(decoded, now)
        .map_err(|e| e.to_string())?;
    let loaded = load_from(&inventory, now, settings.warning_days)?;
    Ok((Arc::new(report), Arc::new(loaded)))
}
