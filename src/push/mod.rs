//! Push = plan → apply → verify → roll back. A node's server certificate (with chain, key and DH/EC
//! parameters) and trusted CAs go to the node through its driver; then every TLS endpoint of the
//! node is probed to prove it serves what was pushed. If it does not, the previous files are put
//! back where the driver allows.
//!
//! Drivers: the folder kit, SSH/SFTP, HTTPS upload (WebDAV / form) and the Pexip Infinity
//! management API.

pub mod folder;
pub mod https;
pub mod pexip;
pub mod session;
pub mod setup;
pub mod ssh;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;
use tokio::sync::mpsc::UnboundedSender;
use zeroize::Zeroizing;

use crate::probe::{Endpoint, ProbeTrust, probe};

/// What goes to a node: its server certificate with chain, key and parameters, and its trusted
/// CAs — or the trusted CAs alone (`certificate_pem` empty) for a node that only checks others,
/// such as a phone verifying its PBX.
#[derive(Clone)]
pub struct Bundle {
    pub subject: String,
    pub fingerprint_sha256: String,
    /// The leaf as PEM.
    pub certificate_pem: String,
    /// The intermediates as PEM (may be empty).
    pub chain_pem: String,
    /// Unencrypted PKCS#8 PEM: devices need the key in clear; it only lives in memory here.
    pub key_pem: Option<Zeroizing<String>>,
    pub parameters_pem: Option<String>,
    pub trusted_cas_pem: String,
}

impl Bundle {
    /// The node gets its trusted CAs only: no server certificate, nothing to verify it serves.
    pub fn trust_only(&self) -> bool {
        self.certificate_pem.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize)]
#[non_exhaustive]
pub enum PushError {
    #[error("{0}")]
    Driver(String),
    #[error("the node has no driver: configure one with `certdeck node configure`")]
    NoDriver,
    #[error("unknown or incomplete driver settings: {0}")]
    Settings(String),
    #[error("cancelled")]
    Cancelled,
    /// First contact: the host key must be confirmed and pinned before anything is sent.
    #[error("the host key is not pinned yet: it is {0}; check it on the node and pin it")]
    HostKeyNotPinned(String),
}

/// A node's driver with its settings.
#[derive(Clone)]
pub enum Driver {
    Folder(folder::FolderSettings),
    Ssh {
        settings: ssh::SshSettings,
        pin: ssh::HostKeyPin,
        credentials: ssh::SshCredentials,
    },
    Https {
        settings: https::HttpsSettings,
        /// SHA-256 of the appliance's TLS certificate.
        pin: Option<String>,
        password: Option<Zeroizing<String>>,
        /// What the last upload replaced, for a rollback.
        previous: Arc<std::sync::Mutex<https::Previous>>,
    },
    Pexip {
        settings: pexip::PexipSettings,
        pin: Option<String>,
        password: Option<Zeroizing<String>>,
        /// The node's resource and the certificate it used before the push.
        previous: Arc<std::sync::Mutex<Option<pexip::Assignment>>>,
    },
}

impl std::fmt::Debug for Driver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Driver {
    pub fn from_settings(driver: &str, settings: &serde_json::Value) -> Result<Self, PushError> {
        Self::with_secrets(driver, settings, None, ssh::SshCredentials::default())
    }

    /// A driver with what it needs to log in: the pinned host key and the keychain's secrets.
    pub fn with_secrets(
        driver: &str,
        settings: &serde_json::Value,
        pin: Option<String>,
        credentials: ssh::SshCredentials,
    ) -> Result<Self, PushError> {
        match driver {
            "folder" => serde_json::from_value(settings.clone())
                .map(Self::Folder)
                .map_err(|e| PushError::Settings(format!("folder: {e}"))),
            "ssh" => serde_json::from_value(settings.clone())
                .map(|settings| Self::Ssh {
                    settings,
                    pin: ssh::HostKeyPin(pin),
                    credentials,
                })
                .map_err(|e| PushError::Settings(format!("ssh: {e}"))),
            "https" => serde_json::from_value(settings.clone())
                .map(|settings| Self::Https {
                    settings,
                    pin,
                    password: credentials.password,
                    previous: Arc::default(),
                })
                .map_err(|e| PushError::Settings(format!("https: {e}"))),
            "pexip" => serde_json::from_value(settings.clone())
                .map(|settings| Self::Pexip {
                    settings,
                    pin,
                    password: credentials.password,
                    previous: Arc::default(),
                })
                .map_err(|e| PushError::Settings(format!("pexip: {e}"))),
            "none" => Err(PushError::NoDriver),
            other => Err(PushError::Settings(format!(
                "the {other} driver is not available yet"
            ))),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Self::Folder(_) => "folder",
            Self::Ssh { .. } => "ssh",
            Self::Https { .. } => "https",
            Self::Pexip { .. } => "pexip",
        }
    }

    pub fn plan(&self, bundle: &Bundle) -> Vec<String> {
        match self {
            Self::Folder(settings) => folder::plan(settings, bundle),
            Self::Ssh { settings, .. } => ssh::plan(settings, bundle),
            Self::Https { settings, .. } => https::plan(settings, bundle),
            Self::Pexip { settings, .. } => pexip::plan(settings, bundle),
        }
    }

    async fn apply(&self, bundle: &Bundle) -> Result<String, PushError> {
        match self {
            Self::Ssh {
                settings,
                pin,
                credentials,
            } => ssh::apply(settings, pin, credentials, bundle, DRIVER_TIMEOUT).await,
            Self::Https {
                settings,
                pin,
                password,
                previous,
            } => https::apply(settings, pin, password, bundle, DRIVER_TIMEOUT, previous).await,
            Self::Pexip {
                settings,
                pin,
                password,
                previous,
            } => pexip::apply(settings, pin, password, bundle, DRIVER_TIMEOUT, previous).await,
            Self::Folder(settings) => {
                let (settings, bundle) = (settings.clone(), bundle.clone());
                tokio::task::spawn_blocking(move || folder::apply(&settings, &bundle))
                    .await
                    .map_err(|e| PushError::Driver(e.to_string()))?
            }
        }
    }

    async fn rollback(&self, bundle: &Bundle) -> Result<String, PushError> {
        match self {
            Self::Ssh {
                settings,
                pin,
                credentials,
            } => ssh::rollback(settings, pin, credentials, bundle, DRIVER_TIMEOUT).await,
            Self::Https {
                settings,
                pin,
                password,
                previous,
            } => {
                let replaced = previous.lock().map(|p| p.clone()).unwrap_or_default();
                https::rollback(settings, pin, password, &replaced, DRIVER_TIMEOUT).await
            }
            Self::Pexip {
                settings,
                pin,
                password,
                previous,
            } => pexip::rollback(settings, pin, password, previous, DRIVER_TIMEOUT).await,
            Self::Folder(settings) => {
                let settings = settings.clone();
                tokio::task::spawn_blocking(move || folder::rollback(&settings))
                    .await
                    .map_err(|e| PushError::Driver(e.to_string()))?
            }
        }
    }
}

/// How long a driver waits for a node to answer.
const DRIVER_TIMEOUT: Duration = Duration::from_secs(20);

/// One node's push.
#[derive(Clone)]
pub struct Job {
    pub node: String,
    pub fqdn: String,
    pub endpoints: Vec<String>,
    pub driver: Driver,
    pub bundle: Bundle,
}

/// How a push went on one node.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PushResult {
    /// Applied and every endpoint serves the pushed certificate.
    Verified,
    /// Applied; not verified (no endpoints, or verification switched off).
    Applied,
    /// Applied, verification failed, previous files restored.
    RolledBack,
    /// Failed (and, if a rollback was needed but failed, says so).
    Failed,
}

#[derive(Clone, Debug, Serialize)]
pub struct NodeOutcome {
    pub node: String,
    pub driver: &'static str,
    pub result: PushResult,
    pub detail: String,
    pub endpoints: Vec<EndpointCheck>,
}

/// What one endpoint served after the push.
#[derive(Clone, Debug, Serialize)]
pub struct EndpointCheck {
    pub endpoint: String,
    pub ok: bool,
    pub detail: String,
}

/// Progress events, for a window or a terminal.
#[derive(Clone, Debug)]
pub enum Progress {
    Applying(String),
    Applied(String, String),
    Verifying(String),
    Done(NodeOutcome),
}

#[derive(Clone, Debug)]
pub struct PushOptions {
    pub parallel: usize,
    pub verify: bool,
    /// Verification attempts (services take a moment to reload) and the pause between them.
    pub attempts: u32,
    pub pause: Duration,
    pub timeout: Duration,
}

impl Default for PushOptions {
    fn default() -> Self {
        Self {
            parallel: 4,
            verify: true,
            attempts: 5,
            pause: Duration::from_secs(2),
            timeout: Duration::from_secs(10),
        }
    }
}

/// Checks that every endpoint serves `fingerprint` under `name` with a complete, trusted chain.
pub async fn verify_endpoints(
    endpoints: &[String],
    name: &str,
    fingerprint: &str,
    trust: &ProbeTrust,
    timeout: Duration,
    now: OffsetDateTime,
) -> Vec<EndpointCheck> {
    let mut checks = Vec::new();
    for text in endpoints {
        let check = match Endpoint::parse(text) {
            Err(error) => EndpointCheck {
                endpoint: text.clone(),
                ok: false,
                detail: error,
            },
            Ok(mut endpoint) => {
                endpoint.sni = Some(name.to_string());
                match probe(&endpoint, trust, timeout, now).await {
                    Err(error) => EndpointCheck {
                        endpoint: text.clone(),
                        ok: false,
                        detail: error.to_string(),
                    },
                    Ok(report) => {
                        let served = report
                            .chain
                            .first()
                            .map(|c| c.fingerprint_sha256.as_str())
                            .unwrap_or_default();
                        let (ok, detail) = if served != fingerprint {
                            (
                                false,
                                format!(
                                    "serves another certificate ({})",
                                    report
                                        .chain
                                        .first()
                                        .map(|c| c.subject.to_string())
                                        .unwrap_or_default()
                                ),
                            )
                        } else if !report.name_matches {
                            (false, format!("the certificate is not valid for {name}"))
                        } else if !report.verdict.trusted {
                            (
                                false,
                                report
                                    .missing
                                    .clone()
                                    .unwrap_or(report.verdict.reason.clone()),
                            )
                        } else {
                            (
                                true,
                                format!(
                                    "serves the pushed certificate, {} {}, chain complete",
                                    report.protocol, report.cipher
                                ),
                            )
                        };
                        EndpointCheck {
                            endpoint: text.clone(),
                            ok,
                            detail,
                        }
                    }
                }
            }
        };
        checks.push(check);
    }
    checks
}

async fn push_one(
    job: Job,
    trust: Arc<ProbeTrust>,
    options: PushOptions,
    progress: UnboundedSender<Progress>,
    cancel: Arc<AtomicBool>,
    now: OffsetDateTime,
) -> NodeOutcome {
    let driver = job.driver.name();
    let outcome = |result, detail: String, endpoints| NodeOutcome {
        node: job.node.clone(),
        driver,
        result,
        detail,
        endpoints,
    };
    if cancel.load(Ordering::Relaxed) {
        return outcome(
            PushResult::Failed,
            PushError::Cancelled.to_string(),
            Vec::new(),
        );
    }
    let _ = progress.send(Progress::Applying(job.node.clone()));
    let applied = match job.driver.apply(&job.bundle).await {
        Ok(detail) => detail,
        // A driver may fail half-way (the reload command, a dropped connection): put back what
        // it had replaced.
        Err(error) => {
            let detail = match job.driver.rollback(&job.bundle).await {
                Ok(restored) if !restored.is_empty() => format!("{error}; rolled back: {restored}"),
                _ => error.to_string(),
            };
            return outcome(PushResult::Failed, detail, Vec::new());
        }
    };
    let _ = progress.send(Progress::Applied(job.node.clone(), applied.clone()));
    if !options.verify || job.endpoints.is_empty() || job.bundle.trust_only() {
        return outcome(PushResult::Applied, applied, Vec::new());
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
            return outcome(PushResult::Verified, applied, checks);
        }
    }
    let failures: Vec<String> = checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| format!("{}: {}", c.endpoint, c.detail))
        .collect();
    match job.driver.rollback(&job.bundle).await {
        Ok(restored) => outcome(
            PushResult::RolledBack,
            format!(
                "verification failed ({}); rolled back: {restored}",
                failures.join("; ")
            ),
            checks,
        ),
        Err(error) => outcome(
            PushResult::Failed,
            format!(
                "verification failed ({}); the rollback failed too: {error}",
                failures.join("; ")
            ),
            checks,
        ),
    }
}

/// Pushes to many nodes, at most `options.parallel` at once; `cancel` stops what has not started.
pub async fn push(
    jobs: Vec<Job>,
    trust: Arc<ProbeTrust>,
    options: PushOptions,
    progress: UnboundedSender<Progress>,
    cancel: Arc<AtomicBool>,
    now: OffsetDateTime,
) -> Vec<NodeOutcome> {
    let semaphore = Arc::new(tokio::sync::Semaphore::new(options.parallel.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    let count = jobs.len();
    for (index, job) in jobs.into_iter().enumerate() {
        let (semaphore, trust, options, progress, cancel) = (
            semaphore.clone(),
            trust.clone(),
            options.clone(),
            progress.clone(),
            cancel.clone(),
        );
        tasks.spawn(async move {
            let _permit = semaphore.acquire_owned().await;
            let outcome = push_one(job, trust, options, progress.clone(), cancel, now).await;
            let _ = progress.send(Progress::Done(outcome.clone()));
            (index, outcome)
        });
    }
    let mut outcomes: Vec<Option<NodeOutcome>> = vec![None; count];
    while let Some(Ok((index, outcome))) = tasks.join_next().await {
        outcomes[index] = Some(outcome);
    }
    outcomes.into_iter().flatten().collect()
}
