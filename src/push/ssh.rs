//! SSH/SFTP driver (russh + russh-sftp): uploads the certificate (with chain), the key (mode
//! 0600) and the trusted-CA file to configured paths, each to a temporary name and then renamed,
//! keeping the previous file as `<path>.certdeck-previous` for rollback; then runs an optional
//! reload command and reports its exit status.
//!
//! Host keys are pinned on first use (`test` shows the fingerprint for confirmation) and a changed
//! host key is refused, as OpenSSH does. Key and password authentication.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use russh::client;
use russh::keys::{HashAlg, PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh_sftp::client::SftpSession;
use russh_sftp::protocol::{FileAttributes, OpenFlags};
use serde::Deserialize;
use tokio::io::AsyncWriteExt;
use zeroize::Zeroizing;

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
    /// Command run on the node after the upload (e.g. `systemctl reload nginx`).
    pub reload: Option<String>,
}

fn default_port() -> u16 {
    22
}

/// Secrets for one node; they come from the OS keychain and are wiped after use.
#[derive(Clone, Default)]
pub struct SshCredentials {
    pub password: Option<Zeroizing<String>>,
    /// An OpenSSH private key (text).
    pub private_key: Option<Zeroizing<String>>,
}

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

const SUFFIX_NEW: &str = ".certdeck-new";
const SUFFIX_PREVIOUS: &str = ".certdeck-previous";

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
        return Err(PushError::Driver(format!(
            "{}@{}: authentication failed (key and password refused)",
            settings.user, settings.host
        )));
    }
    Ok(Connection { handle, host_key })
}

impl Connection {
    async fn sftp(&self) -> Result<SftpSession, PushError> {
        let channel = self
            .handle
            .channel_open_session()
            .await
            .map_err(|e| driver_error("SSH channel", e))?;
        channel
            .request_subsystem(true, "sftp")
            .await
            .map_err(|e| driver_error("SFTP", e))?;
        SftpSession::new(channel.into_stream())
            .await
            .map_err(|e| driver_error("SFTP", e))
    }

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
        let mut output = Vec::new();
        let mut status = None;
        while let Some(message) = channel.wait().await {
            match message {
                russh::ChannelMsg::Data { data } | russh::ChannelMsg::ExtendedData { data, .. } => {
                    output.extend_from_slice(&data)
                }
                russh::ChannelMsg::ExitStatus { exit_status } => status = Some(exit_status),
                _ => {}
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

fn files(settings: &SshSettings, bundle: &Bundle) -> Vec<(String, Zeroizing<Vec<u8>>, bool)> {
    let mut files = Vec::new();
    if !bundle.trust_only() {
        files.push((
            settings.certificate_path.clone(),
            Zeroizing::new(format!("{}{}", bundle.certificate_pem, bundle.chain_pem).into_bytes()),
            false,
        ));
    }
    if let (Some(path), Some(key)) = (&settings.key_path, &bundle.key_pem) {
        let mut text = key.to_string();
        if let Some(parameters) = &bundle.parameters_pem {
            text.push_str(parameters);
        }
        files.push((path.clone(), Zeroizing::new(text.into_bytes()), true));
    }
    if let Some(path) = &settings.trusted_ca_path
        && !bundle.trusted_cas_pem.is_empty()
    {
        files.push((
            path.clone(),
            Zeroizing::new(bundle.trusted_cas_pem.clone().into_bytes()),
            false,
        ));
    }
    files
}

pub fn plan(settings: &SshSettings, bundle: &Bundle) -> Vec<String> {
    let target = format!("{}@{}:{}", settings.user, settings.host, settings.port);
    let mut lines: Vec<String> = files(settings, bundle)
        .iter()
        .map(|(path, _, private)| {
            if *private {
                format!("upload {target}{path} (private key, mode 0600)")
            } else {
                format!("upload {target}{path}")
            }
        })
        .collect();
    if let Some(reload) = &settings.reload {
        lines.push(format!("run on {}: {reload}", settings.host));
    }
    lines
}

/// Uploads (temporary name, then rename; the previous file kept) and runs the reload command.
pub async fn apply(
    settings: &SshSettings,
    pin: &HostKeyPin,
    credentials: &SshCredentials,
    bundle: &Bundle,
    timeout: Duration,
) -> Result<String, PushError> {
    let connection = connect(settings, pin, credentials, timeout).await?;
    let sftp = connection.sftp().await?;
    let mut written = Vec::new();
    for (path, content, private) in files(settings, bundle) {
        let new = format!("{path}{SUFFIX_NEW}");
        let mut file = sftp
            .open_with_flags(
                &new,
                OpenFlags::CREATE | OpenFlags::TRUNCATE | OpenFlags::WRITE,
            )
            .await
            .map_err(|e| driver_error(&new, e))?;
        file.write_all(&content)
            .await
            .map_err(|e| driver_error(&new, e))?;
        file.shutdown().await.map_err(|e| driver_error(&new, e))?;
        if private {
            let attributes = FileAttributes {
                permissions: Some(0o600),
                ..Default::default()
            };
            sftp.set_metadata(&new, attributes)
                .await
                .map_err(|e| driver_error(&new, e))?;
        }
        let previous = format!("{path}{SUFFIX_PREVIOUS}");
        if sftp.try_exists(&previous).await.unwrap_or(false) {
            let _ = sftp.remove_file(&previous).await;
        }
        if sftp.try_exists(&path).await.unwrap_or(false) {
            sftp.rename(&path, &previous)
                .await
                .map_err(|e| driver_error(&path, e))?;
        }
        sftp.rename(&new, &path)
            .await
            .map_err(|e| driver_error(&path, e))?;
        written.push(path);
    }
    let mut detail = format!("uploaded {} to {}", written.join(", "), settings.host);
    if let Some(reload) = &settings.reload {
        let (status, output) = connection.run(reload).await?;
        if status != 0 {
            connection.close().await;
            return Err(PushError::Driver(format!(
                "{reload:?} exited with status {status}: {output}"
            )));
        }
        detail.push_str(&format!("; {reload:?} exited with status 0"));
    }
    connection.close().await;
    Ok(detail)
}

/// Puts the previous files back (removing files that did not exist before) and reloads.
pub async fn rollback(
    settings: &SshSettings,
    pin: &HostKeyPin,
    credentials: &SshCredentials,
    bundle: &Bundle,
    timeout: Duration,
) -> Result<String, PushError> {
    let connection = connect(settings, pin, credentials, timeout).await?;
    let sftp = connection.sftp().await?;
    let mut restored = Vec::new();
    for (path, _, _) in files(settings, bundle) {
        let previous = format!("{path}{SUFFIX_PREVIOUS}");
        if sftp.try_exists(&previous).await.unwrap_or(false) {
            let _ = sftp.remove_file(&path).await;
            sftp.rename(&previous, &path)
                .await
                .map_err(|e| driver_error(&path, e))?;
            restored.push(format!("restored {path}"));
        } else {
            let _ = sftp.remove_file(&path).await;
            restored.push(format!("removed {path}"));
        }
    }
    let mut detail = restored.join(", ");
    if let Some(reload) = &settings.reload {
        let (status, _) = connection.run(reload).await?;
        detail.push_str(&format!("; {reload:?} exited with status {status}"));
    }
    connection.close().await;
    Ok(detail)
}
