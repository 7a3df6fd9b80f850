//! Push = plan → journal → apply → verify → roll back → log, one orchestration for the command
//! line and the window. A node's server certificate (with chain, key and DH/EC parameters) and
//! trusted CAs go to the node through its driver; every change is journaled before it is made
//! (docs/push-journal.md); then every TLS endpoint of the node is probed to prove it serves what
//! was pushed. If a step fails or the proof does not come, exactly the steps taken are undone.
//!
//! Drivers: the folder kit, SSH/SFTP, HTTPS upload (WebDAV / form) and the Pexip Infinity
//! management API.

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

use std::time::Duration;

use serde::Serialize;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::probe::{Endpoint, ProbeTrust, probe};

pub use crate::model::bundle::Bundle;

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
    },
    Pexip {
        settings: pexip::PexipSettings,
        pin: Option<String>,
        password: Option<Zeroizing<String>>,
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
                })
                .map_err(|e| PushError::Settings(format!("https: {e}"))),
            "pexip" => serde_json::from_value(settings.clone())
                .map(|settings| Self::Pexip {
                    settings,
                    pin,
                    password: credentials.password,
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

    /// Connects (and logs in): nothing on the node changes yet.
    pub async fn connect(&self) -> Result<Session, PushError> {
        Ok(match self {
            Self::Folder(settings) => Session::Folder(folder::FolderRemote::open(settings)?),
            Self::Ssh {
                settings,
                pin,
                credentials,
            } => Session::Ssh(
                ssh::SshRemote::open(settings, pin, credentials, DRIVER_TIMEOUT).await?,
            ),
            Self::Https {
                settings,
                pin,
                password,
            } => Session::Https(https::HttpsRemote::open(
                settings,
                pin,
                password,
                DRIVER_TIMEOUT,
            )?),
            Self::Pexip {
                settings,
                pin,
                password,
            } => Session::Pexip(pexip::PexipRemote::open(
                settings,
                pin,
                password,
                DRIVER_TIMEOUT,
            )?),
        })
    }
}

/// A driver connected to its node.
pub enum Session {
    Folder(folder::FolderRemote),
    Ssh(ssh::SshRemote),
    Https(https::HttpsRemote),
    Pexip(pexip::PexipRemote),
}

impl Session {
    /// Journals and applies the bundle.
    pub async fn apply(
        &mut self,
        driver: &Driver,
        bundle: &Bundle,
        journal: &journal::Journal,
        context: &journal::Context,
    ) -> Result<(i64, String), files::Failed> {
        let early = |error| files::Failed { push: None, error };
        match (self, driver) {
            (Self::Folder(remote), Driver::Folder(settings)) => {
                let plan = folder::file_plan(settings, bundle).map_err(early)?;
                files::apply(remote, &plan, journal, context).await
            }
            (Self::Ssh(remote), Driver::Ssh { settings, .. }) => {
                files::apply(remote, &ssh::file_plan(settings, bundle), journal, context).await
            }
            (Self::Https(remote), Driver::Https { settings, .. }) => {
                files::apply(
                    remote,
                    &https::file_plan(settings, bundle),
                    journal,
                    context,
                )
                .await
            }
            (Self::Pexip(remote), Driver::Pexip { .. }) => {
                pexip::apply(remote, bundle, journal, context).await
            }
            _ => Err(early(PushError::Settings(
                "the session does not belong to this driver".into(),
            ))),
        }
    }

    /// Undoes exactly the journaled steps of `push`.
    pub async fn undo(
        &mut self,
        journal: &journal::Journal,
        push: i64,
        now: OffsetDateTime,
    ) -> Result<String, PushError> {
        match self {
            Self::Folder(remote) => files::undo(remote, journal, push, now).await,
            Self::Ssh(remote) => files::undo(remote, journal, push, now).await,
            Self::Https(remote) => files::undo(remote, journal, push, now).await,
            Self::Pexip(remote) => pexip::undo(remote, journal, push, now).await,
        }
    }

    /// Completes the journaled steps of an interrupted push.
    pub async fn redo(
        &mut self,
        journal: &journal::Journal,
        push: i64,
    ) -> Result<String, PushError> {
        match self {
            Self::Folder(remote) => files::redo(remote, journal, push).await,
            Self::Ssh(remote) => files::redo(remote, journal, push).await,
            Self::Https(remote) => files::redo(remote, journal, push).await,
            Self::Pexip(_) => Err(PushError::Driver(
                "an interrupted Pexip push cannot be completed: roll it back and push again".into(),
            )),
        }
    }

    /// Removes the node's backup copies that this push's copies supersede.
    pub async fn prune(&mut self, journal: &journal::Journal, node: &str, push: i64) {
        match self {
            Self::Folder(remote) => files::prune(remote, journal, node, push).await,
            Self::Ssh(remote) => files::prune(remote, journal, node, push).await,
            Self::Https(remote) => files::prune(remote, journal, node, push).await,
            Self::Pexip(_) => {}
        }
    }

    /// Writes a public file with its folders (an ACME HTTP-01 token into a web root): folder and
    /// SSH nodes only. Not journaled: the caller removes it when the challenge is over.
    pub async fn put_public(&mut self, path: &str, content: &[u8]) -> Result<(), PushError> {
        use files::Remote;
        match self {
            Self::Folder(remote) => remote.put_public(path, content),
            Self::Ssh(remote) => {
                remote.make_dirs(path).await;
                remote.replace(path, content, false).await
            }
            _ => Err(PushError::Settings(
                "an HTTP-01 web root needs a node with the folder or SSH driver".into(),
            )),
        }
    }

    /// Removes a file [`Session::put_public`] wrote (gone already is fine).
    pub async fn remove_public(&mut self, path: &str) -> Result<(), PushError> {
        use files::Remote;
        match self {
            Self::Folder(remote) => remote.remove_public(path),
            Self::Ssh(remote) => remote.remove(path).await,
            _ => Ok(()),
        }
    }

    pub async fn close(self) {
        if let Self::Ssh(remote) = self {
            remote.close().await;
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
