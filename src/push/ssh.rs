//! SSH/SFTP driver (russh + russh-sftp): the certificate (with chain), the key and the trusted-CA
//! file go to configured paths through the push engine (`files`): each is written to a temporary
//! name created with its final mode (0600 for the key, at open), then renamed over the live path
//! with `posix-rename@openssh.com` so the path never disappears; the previous content is kept as
//! `<path>.certdeck-<push id>`. Then the optional reload command runs and its exit status counts.
//!
//! Host keys are pinned on first use (`test` shows the fingerprint for confirmation) and a changed
//! host key is refused, as OpenSSH does. Key and password authentication.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::client;
use russh::keys::{HashAlg, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh_sftp::client::RawSftpSession;
use russh_sftp::protocol::{FileAttributes, OpenFlags};
use serde::Deserialize;
use zeroize::Zeroizing;

use super::files::{FileChange, FilePlan, MAX_FILE, Remote, too_large};
use super::{Bundle, PushError};

#[derive(Clone, Debug, Deserialize)]
pub struct SshSettings {
    pub host: String,
    #[serde(default = "default_port")]
    pub port: u16,
    pub user: String,
    /// Remote path of the certificate file (leaf followed by the chain).
    pub certificate_path: String,
    /// Remote path of the private key file (written with mode 0600).
    pub key_path: Option<String>,
    /// Remote path of the trusted CA list.
    pub trusted_ca_path: Option<String>,
    /// Remote path of the CRL shipped with the certificate (when the node has one to ship).
    #[serde(default)]
    pub crl_path: Option<String>,
    /// Command run on the node after the upload (e.g. `systemctl reload nginx`).
    pub reload: Option<String>,
}

fn default_port() -> u16 {
    22
}

/// A node's login secrets (`push::driver::Credentials`), by the name SSH code knows them.
pub use super::driver::Credentials as SshCredentials;

/// The fingerprint the node's host key must have (`SHA256:…`); `None` on first contact.
#[derive(Clone, Debug, Default)]
pub struct HostKeyPin(pub Option<String>);

struct Handler {
    pin: Option<String>,
    seen: Arc<Mutex<Option<String>>>,
}

impl client::Handler for Handler {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        let fingerprint = key.public_key().fingerprint(HashAlg::Sha256).to_string();
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(fingerprint.clone());
        }
        // Without a pin the connection goes on only to show the fingerprint (see `test`).
        Ok(self.pin.as_ref().is_none_or(|pin| *pin == fingerprint))
    }
}

fn driver_error(what: &str, error: impl std::fmt::Display) -> PushError {
    PushError::Driver(format!("{what}: {error}"))
}

/// A logged-in session.
pub struct Connection {
    handle: client::Handle<Handler>,
    pub host_key: String,
}

/// Connects and authenticates. With no pin, connects only far enough to learn the host key and
/// fails with the fingerprint (so a person can confirm and pin it).
pub async fn connect(
    settings: &SshSettings,
    pin: &HostKeyPin,
    credentials: &SshCredentials,
    timeout: Duration,
) -> Result<Connection, PushError> {
    let seen = Arc::new(Mutex::new(None));
    let handler = Handler {
        pin: pin.0.clone(),
        seen: seen.clone(),
    };
    let config = Arc::new(client::Config {
        inactivity_timeout: Some(timeout),
        ..Default::default()
    });
    let address = (settings.host.as_str(), settings.port);
    let connected = tokio::time::timeout(timeout, client::connect(config, address, handler)).await;
    let seen_key = || seen.lock().ok().and_then(|s| s.clone()).unwrap_or_default();
    let mut handle = match connected {
        Err(_) => {
            return Err(PushError::Driver(format!(
                "{}:{}: no answer within {} s",
                settings.host,
                settings.port,
                timeout.as_secs()
            )));
        }
        Ok(Err(error)) => {
            let seen = seen_key();
            return Err(match &pin.0 {
                Some(pinned) if !seen.is_empty() && *pinned != seen => PushError::Driver(format!(
                    "the host key of {} CHANGED (pinned {pinned}, now {seen}): refusing to connect, as OpenSSH does; \
                     if the node was reinstalled, pin the new key after checking it",
                    settings.host
                )),
                _ => driver_error(&format!("{}:{}", settings.host, settings.port), error),
            });
        }
        Ok(Ok(handle)) => handle,
    };
    let host_key = seen_key();
    if pin.0.is_none() {
        return Err(PushError::HostKeyNotPinned(host_key));
    }
    let mut authenticated = false;
    if let Some(text) = &credentials.private_key {
        let key = russh::keys::decode_secret_key(text, None)
            .map_err(|e| driver_error("SSH private key", e))?;
        let hash = handle
            .best_supported_rsa_hash()
            .await
            .map_err(|e| driver_error("SSH", e))?
            .flatten();
        let result = handle
            .authenticate_publickey(
                &settings.user,
                PrivateKeyWithHashAlg::new(Arc::new(key), hash),
            )
            .await
            .map_err(|e| driver_error("SSH key authentication", e))?;
        authenticated = result.success();
    }
    if !authenticated && let Some(password) = &credentials.password {
        let result = handle
            .authenticate_password(&settings.user, password.as_str())
            .await
            .map_err(|e| driver_error("SSH password authentication", e))?;
        authenticated = result.success();
    }
    if !authenticated {
        let refused = match (
            credentials.private_key.is_some(),
            credentials.password.is_some(),
        ) {
            (true, true) => "the key and the password were refused",
            (true, false) => "the key was refused",
            (false, true) => "the password was refused",
            (false, false) => "no SSH key or password is stored for this node",
        };
        return Err(PushError::Driver(format!(
            "{}@{}: authentication failed: {refused}",
            settings.user, settings.host
        )));
    }
    Ok(Connection { handle, host_key })
}

impl Connection {
    /// Runs a command; returns its exit status and output.
    pub async fn run(&self, command: &str) -> Result<(u32, String), PushError> {
        let mut channel = self
            .handle
            .channel_open_session()
            .await
            .map_err(|e| driver_error("SSH channel", e))?;
        channel
            .exec(true, command)
            .await
            .map_err(|e| driver_error("SSH exec", e))?;
        // What a node writes back is bounded: the first KEPT_OUTPUT bytes are kept for the log,
        // the rest counted; a command that writes more than MAX_OUTPUT, or runs longer than
        // COMMAND_TIMEOUT, is abandoned (a hostile or broken node cannot fill memory or hang
        // the push).
        const KEPT_OUTPUT: usize = 64 * 1024;
        const MAX_OUTPUT: usize = 16 * 1024 * 1024;
        const COMMAND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(300);
        let mut output = Vec::new();
        let mut total = 0usize;
        let mut status = None;
        let read = async {
            while let Some(message) = channel.wait().await {
                match message {
                    russh::ChannelMsg::Data { data }
                    | russh::ChannelMsg::ExtendedData { data, .. } => {
                        total += data.len();
                        if total > MAX_OUTPUT {
                            return Err(PushError::Driver(format!(
                                "{command:?} wrote more than {} MiB: abandoned",
                                MAX_OUTPUT >> 20
                            )));
                        }
                        let room = KEPT_OUTPUT.saturating_sub(output.len());
                        output.extend_from_slice(&data[..data.len().min(room)]);
                    }
                    russh::ChannelMsg::ExitStatus { exit_status } => status = Some(exit_status),
                    _ => {}
                }
            }
            Ok(())
        };
        match tokio::time::timeout(COMMAND_TIMEOUT, read).await {
            Ok(read) => read?,
            Err(_) => {
                return Err(PushError::Driver(format!(
                    "{command:?} did not finish within {} s: abandoned",
                    COMMAND_TIMEOUT.as_secs()
                )));
            }
        }
        let status = status.ok_or_else(|| {
            PushError::Driver(format!("{command:?} ended without an exit status"))
        })?;
        Ok((status, String::from_utf8_lossy(&output).trim().to_string()))
    }

    pub async fn close(self) {
        let _ = self
            .handle
            .disconnect(russh::Disconnect::ByApplication, "", "en")
            .await;
    }
}

fn files(settings: &SshSettings, bundle: &Bundle) -> Vec<FileChange> {
    let mut files = Vec::new();
    if !bundle.trust_only() {
        files.push(FileChange {
            path: settings.certificate_path.clone(),
            content: Zeroizing::new(
                format!("{}{}", bundle.certificate_pem, bundle.chain_pem).into_bytes(),
            ),
            private: false,
        });
    }
    if let (Some(path), Some(key)) = (&settings.key_path, &bundle.key_pem) {
        let mut text = Zeroizing::new(key.to_string());
        if let Some(parameters) = &bundle.parameters_pem {
            text.push_str(parameters);
        }
        files.push(FileChange {
            path: path.clone(),
            content: Zeroizing::new(text.as_bytes().to_vec()),
            private: true,
        });
    }
    if let Some(path) = &settings.trusted_ca_path
        && !bundle.trusted_cas_pem.is_empty()
    {
        files.push(FileChange {
            path: path.clone(),
            content: Zeroizing::new(bundle.trusted_cas_pem.clone().into_bytes()),
            private: false,
        });
    }
    if let (Some(path), Some(crl)) = (&settings.crl_path, &bundle.crl_pem) {
        files.push(FileChange {
            path: path.clone(),
            content: Zeroizing::new(crl.clone().into_bytes()),
            private: false,
        });
    }
    files
}

/// What a push writes and runs on the node.
pub fn file_plan(settings: &SshSettings, bundle: &Bundle) -> FilePlan {
    FilePlan {
        files: files(settings, bundle),
        reload: settings.reload.clone(),
    }
}

fn target(settings: &SshSettings) -> String {
    format!("{}@{}:{}", settings.user, settings.host, settings.port)
}

pub fn plan(settings: &SshSettings, bundle: &Bundle) -> Vec<String> {
    let target = target(settings);
    let mut lines: Vec<String> = files(settings, bundle)
        .iter()
        .map(|file| {
            if file.private {
                format!(
                    "upload {} to {target} (private key, created with mode 0600)",
                    file.path
                )
            } else {
                format!("upload {} to {target}", file.path)
            }
        })
        .collect();
    lines.push(
        "each file replaced atomically (posix-rename@openssh.com; plain rename where the server lacks it), \
         its previous content kept beside it as <file>.certdeck-<push id> and in the journal"
            .to_string(),
    );
    if let Some(reload) = &settings.reload {
        lines.push(format!("run on {}: {reload}", settings.host));
    }
    lines
}

/// An SFTP error in words: the server's message, or the status when it sent none (the
/// library's own text repeats the two: "Permission denied: Permission denied").
fn sftp_words(error: &russh_sftp::client::error::Error) -> String {
    use russh_sftp::client::error::Error;
    match error {
        Error::Status(status) if !status.error_message.trim().is_empty() => {
            status.error_message.trim().to_string()
        }
        Error::Status(status) => status.status_code.to_string(),
        // russh-sftp's words when the channel under it closed.
        Error::IO(text) if text.contains("sender dropped") => {
            "the connection to the node was lost".to_string()
        }
        Error::UnexpectedBehavior(text) if text.contains("sender dropped") => {
            "the connection to the node was lost".to_string()
        }
        other => other.to_string(),
    }
}

fn sftp_error(path: &str, error: russh_sftp::client::error::Error) -> PushError {
    PushError::Driver(format!("{path}: {}", sftp_words(&error)))
}

fn is_missing(error: &russh_sftp::client::error::Error) -> bool {
    matches!(error, russh_sftp::client::error::Error::Status(status)
        if status.status_code == russh_sftp::protocol::StatusCode::NoSuchFile)
}

/// The two paths of a `posix-rename@openssh.com` request.
#[derive(serde::Serialize)]
struct PosixRename {
    oldpath: String,
    newpath: String,
}

/// The SSH driver in the registry (`push::driver`).
pub const REGISTRATION: super::driver::Registration = super::driver::Registration {
    name: "ssh",
    configure: |configuration| {
        Ok(Arc::new(SshDriver {
            settings: super::driver::settings("ssh", configuration.settings)?,
            pin: HostKeyPin(configuration.pin),
            credentials: configuration.credentials,
        }))
    },
};

/// The SSH driver, configured: settings, the pinned host key, the login.
#[derive(Clone)]
pub struct SshDriver {
    pub settings: SshSettings,
    pub pin: HostKeyPin,
    pub credentials: SshCredentials,
}

impl super::driver::NodeDriver for SshDriver {
    fn name(&self) -> &'static str {
        "ssh"
    }

    fn plan(&self, bundle: &Bundle) -> Vec<String> {
        plan(&self.settings, bundle)
    }

    fn connect(
        &self,
    ) -> super::driver::Answer<'_, Result<Box<dyn super::driver::NodeSession>, PushError>> {
        Box::pin(async move {
            let remote = SshRemote::open(
                &self.settings,
                &self.pin,
                &self.credentials,
                super::DRIVER_TIMEOUT,
            )
            .await?;
            let settings = self.settings.clone();
            Ok(super::driver::FileSession::boxed(
                remote,
                Box::new(move |bundle| Ok(file_plan(&settings, bundle))),
            ))
        })
    }

    fn first_contact<'a>(
        &'a self,
        _pinned: Option<&'a str>,
        timeout: Duration,
    ) -> super::driver::Answer<'a, Result<Option<super::driver::Contact>, PushError>> {
        use super::driver::{Contact, Identity};
        Box::pin(async move {
            match connect(&self.settings, &self.pin, &self.credentials, timeout).await {
                Ok(connection) => {
                    let fingerprint = connection.host_key.clone();
                    connection.close().await;
                    Ok(Some(Contact {
                        identity: Identity::SshHostKey,
                        fingerprint,
                        pinned: true,
                        logged_in_as: Some(self.settings.user.clone()),
                    }))
                }
                Err(PushError::HostKeyNotPinned(fingerprint)) => Ok(Some(Contact {
                    identity: Identity::SshHostKey,
                    fingerprint,
                    pinned: false,
                    logged_in_as: None,
                })),
                Err(error) => Err(error),
            }
        })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

mod remote;
pub use remote::SshRemote;
