//! Push = plan → journal → apply → verify → roll back → log, one orchestration for the command
//! line and the window. A node's server certificate (with chain, key and DH/EC parameters) and
//! trusted CAs go to the node through its driver; every change is journaled before it is made
//! (docs/push-journal.md); then every TLS endpoint of the node is probed to prove it serves what
//! was pushed. If a step fails or the proof does not come, exactly the steps taken are undone.
//!
//! Drivers: the folder kit, SSH/SFTP, HTTPS upload (WebDAV / form) and the Pexip Infinity
//! management API.

pub mod driver;
pub mod files;
pub mod folder;
pub mod https;
pub mod journal;
pub mod pexip;
pub mod resume;
mod run;
pub mod session;
pub mod setup;
pub mod ssh;

use run::finish;
pub use run::push;

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::probe::{Endpoint, ProbeTrust, probe};

pub use crate::model::bundle::Bundle;
pub use driver::{NodeDriver, NodeSession};

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
    /// The node answered with an error status: the request was refused, nothing was done by it.
    #[error("{0}")]
    Refused(String),
    /// The push journal could not be written or read: nothing more is done on the node.
    #[error("push journal: {0}")]
    Journal(String),
    /// A rollback left something as it was (each part says why).
    #[error("rollback incomplete: {0}")]
    Rollback(String),
    /// The OS keychain did not give the node's secrets (no login was attempted).
    #[error("keychain: {0}")]
    Keychain(String),
    /// A shared inventory's node would run a command or write a folder on this machine that
    /// was not approved here (crate::store::approvals): nothing was done.
    #[error("{0}")]
    NotApproved(String),
}

/// Every driver certdeck has. `none` (a node certdeck does not push to) is not one.
pub const REGISTRY: &[driver::Registration] = &[
    folder::REGISTRATION,
    ssh::REGISTRATION,
    https::REGISTRATION,
    pexip::REGISTRATION,
];

/// The names a node's driver may have, as settings store them (`none` first).
pub fn driver_names() -> Vec<&'static str> {
    std::iter::once("none")
        .chain(REGISTRY.iter().map(|r| r.name))
        .collect()
}

/// A node's driver with its settings and secrets: one of [`REGISTRY`].
#[derive(Clone)]
pub struct Driver(Arc<dyn NodeDriver>);

impl std::fmt::Debug for Driver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Driver {
    pub fn from_settings(driver: &str, settings: &serde_json::Value) -> Result<Self, PushError> {
        Self::with_secrets(driver, settings, None, ssh::SshCredentials::default())
    }

    /// A driver with what it needs to log in: the pinned identity and the keychain's secrets.
    pub fn with_secrets(
        driver: &str,
        settings: &serde_json::Value,
        pin: Option<String>,
        credentials: ssh::SshCredentials,
    ) -> Result<Self, PushError> {
        Self::configure(
            driver,
            driver::Configuration {
                settings,
                pin,
                credentials,
                shared: false,
            },
        )
    }

    /// The registered driver `driver`, configured.
    pub fn configure(
        driver: &str,
        configuration: driver::Configuration<'_>,
    ) -> Result<Self, PushError> {
        if driver == "none" {
            return Err(PushError::NoDriver);
        }
        let registered = REGISTRY.iter().find(|r| r.name == driver).ok_or_else(|| {
            PushError::Settings(format!("the {driver} driver is not available yet"))
        })?;
        (registered.configure)(configuration).map(Self)
    }

    /// A configured driver of any kind (tests, and drivers made in code).
    pub fn of(driver: impl NodeDriver + 'static) -> Self {
        Self(Arc::new(driver))
    }

    /// The folder driver.
    pub fn folder(settings: folder::FolderSettings) -> Self {
        Self::of(folder::FolderDriver(settings))
    }

    /// The SSH driver.
    pub fn ssh(
        settings: ssh::SshSettings,
        pin: ssh::HostKeyPin,
        credentials: ssh::SshCredentials,
    ) -> Self {
        Self::of(ssh::SshDriver {
            settings,
            pin,
            credentials,
        })
    }

    /// The HTTPS upload driver.
    pub fn https(
        settings: https::HttpsSettings,
        pin: Option<String>,
        password: Option<Zeroizing<String>>,
    ) -> Self {
        Self::of(https::HttpsDriver {
            settings,
            pin,
            password,
        })
    }

    /// The Pexip Infinity driver.
    pub fn pexip(
        settings: pexip::PexipSettings,
        pin: Option<String>,
        password: Option<Zeroizing<String>>,
    ) -> Self {
        Self::of(pexip::PexipDriver {
            settings,
            pin,
            password,
        })
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    pub fn plan(&self, bundle: &Bundle) -> Vec<String> {
        self.0.plan(bundle)
    }

    /// The driver as its own type, for what only it does (`driver.get::<pexip::PexipDriver>()`).
    pub fn get<T: 'static>(&self) -> Option<&T> {
        self.0.as_any().downcast_ref::<T>()
    }

    /// Connects (and logs in): nothing on the node changes yet.
    pub async fn connect(&self) -> Result<Session, PushError> {
        self.0.connect().await.map(Session)
    }

    /// Who answers at the node ([`NodeDriver::first_contact`]).
    pub async fn first_contact(
        &self,
        pinned: Option<&str>,
        timeout: Duration,
    ) -> Result<Option<driver::Contact>, PushError> {
        self.0.first_contact(pinned, timeout).await
    }
}

/// A driver connected to its node.
pub struct Session(Box<dyn NodeSession>);

impl Session {
    /// Journals and applies the bundle.
    pub async fn apply(
        &mut self,
        bundle: &Bundle,
        journal: &journal::Journal,
        context: &journal::Context,
    ) -> Result<(i64, String), files::Failed> {
        self.0.apply(bundle, journal, context).await
    }

    /// Undoes exactly the journaled steps of `push`.
    pub async fn undo(
        &mut self,
        journal: &journal::Journal,
        push: i64,
        now: OffsetDateTime,
    ) -> Result<String, PushError> {
        self.0.undo(journal, push, now).await
    }

    /// Completes the journaled steps of an interrupted push.
    pub async fn redo(
        &mut self,
        journal: &journal::Journal,
        push: i64,
    ) -> Result<String, PushError> {
        self.0.redo(journal, push).await
    }

    /// Removes the node's backup copies that this push's copies supersede.
    pub async fn prune(&mut self, journal: &journal::Journal, node: &str, push: i64) {
        self.0.prune(journal, node, push).await
    }

    /// Writes a public file with its folders (an ACME HTTP-01 token into a web root): folder and
    /// SSH nodes only. Not journaled: the caller removes it when the challenge is over.
    pub async fn put_public(&mut self, path: &str, content: &[u8]) -> Result<(), PushError> {
        self.0.put_public(path, content).await
    }

    /// Removes a file [`Session::put_public`] wrote (gone already is fine).
    pub async fn remove_public(&mut self, path: &str) -> Result<(), PushError> {
        self.0.remove_public(path).await
    }

    pub async fn close(self) {
        self.0.close().await
    }
}

/// How long a driver waits for a node to answer.
pub(crate) const DRIVER_TIMEOUT: Duration = Duration::from_secs(20);

/// One node's push.
#[derive(Clone)]
pub struct Job {
    pub node: String,
    pub fqdn: String,
    pub endpoints: Vec<String>,
    pub driver: Driver,
    pub bundle: Bundle,
}

impl Job {
    /// `node`'s push of `bundle` through `driver`.
    pub fn new(node: &crate::store::Node, driver: Driver, bundle: Bundle) -> Self {
        Self {
            node: node.name.clone(),
            fqdn: node.fqdn.clone(),
            endpoints: node.endpoints.clone(),
            driver,
            bundle,
        }
    }
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
                detail: error.to_string(),
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
