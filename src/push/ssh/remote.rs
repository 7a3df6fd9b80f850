//! The node's side of an SSH push: its files over SFTP, replaced atomically, and its commands.

use super::*;

const POSIX_RENAME: &str = "posix-rename@openssh.com";
/// Bytes per SFTP write and read request (well under every server's packet limit).
const CHUNK: usize = 32 * 1024;

/// A node's files over SFTP, for the push engine.
pub struct SshRemote {
    connection: Connection,
    sftp: RawSftpSession,
    /// The server offers `posix-rename@openssh.com`: a rename replaces the target atomically.
    posix_rename: bool,
    target: String,
    /// The node's files and reload command as its settings name them (what a journal may
    /// name: `files::Remote::owns`).
    paths: Vec<String>,
    reload: Option<String>,
}

impl SshRemote {
    /// Creates the folders above `path` that are missing (each one; those that exist, or that
    /// the account may not create, are left for the write to report).
    pub async fn make_dirs(&mut self, path: &str) {
        let mut prefix = String::new();
        let parts: Vec<&str> = path.split('/').collect();
        for part in &parts[..parts.len().saturating_sub(1)] {
            if part.is_empty() {
                if prefix.is_empty() {
                    prefix.push('/');
                }
                continue;
            }
            if !prefix.is_empty() && !prefix.ends_with('/') {
                prefix.push('/');
            }
            prefix.push_str(part);
            let _ = self
                .sftp
                .mkdir(
                    prefix.clone(),
                    russh_sftp::protocol::FileAttributes::default(),
                )
                .await;
        }
    }

    /// Logs in and opens SFTP.
    pub async fn open(
        settings: &SshSettings,
        pin: &HostKeyPin,
        credentials: &SshCredentials,
        timeout: Duration,
    ) -> Result<Self, PushError> {
        let connection = connect(settings, pin, credentials, timeout).await?;
        let channel = connection
            .handle
            .channel_open_session()
            .await
            .map_err(|e| driver_error("SSH channel", e))?;
        channel
            .request_subsystem(true, "sftp")
            .await
            .map_err(|e| driver_error("SFTP", e))?;
        let sftp = RawSftpSession::new(channel.into_stream());
        sftp.set_timeout(timeout.as_secs().max(1));
        let version = sftp.init().await.map_err(|e| sftp_error("SFTP", e))?;
        let posix_rename = version
            .extensions
            .get(POSIX_RENAME)
            .is_some_and(|v| v == "1");
        Ok(Self {
            connection,
            sftp,
            posix_rename,
            target: target(settings),
            paths: std::iter::once(settings.certificate_path.clone())
                .chain(settings.key_path.clone())
                .chain(settings.trusted_ca_path.clone())
                .chain(settings.crl_path.clone())
                .collect(),
            reload: settings.reload.clone(),
        })
    }

    pub async fn close(self) {
        let _ = self.sftp.close_session();
        self.connection.close().await;
    }

    pub(super) async fn rename_over(&self, from: &str, to: &str) -> Result<(), PushError> {
        if self.posix_rename {
            let data = russh_sftp::ser::to_bytes(&PosixRename {
                oldpath: from.to_string(),
                newpath: to.to_string(),
            })
            .map_err(|e| driver_error(to, e))?;
            let answer = self
                .sftp
                .extended(POSIX_RENAME, data.to_vec())
                .await
                .map_err(|e| sftp_error(to, e))?;
            return match answer {
                russh_sftp::protocol::Packet::Status(status)
                    if status.status_code == russh_sftp::protocol::StatusCode::Ok =>
                {
                    Ok(())
                }
                russh_sftp::protocol::Packet::Status(status) => Err(sftp_error(to, status.into())),
                _ => Err(PushError::Driver(format!(
                    "{to}: unexpected answer to {POSIX_RENAME}"
                ))),
            };
        }
        // Plain SFTP rename refuses an existing target: the live path is absent for a moment
        // (the plan says so for such servers).
        match self.sftp.remove(to).await {
            Ok(_) => {}
            Err(error) if is_missing(&error) => {}
            Err(error) => return Err(sftp_error(to, error)),
        }
        self.sftp
            .rename(from, to)
            .await
            .map(|_| ())
            .map_err(|e| sftp_error(to, e))
    }
}

impl Remote for SshRemote {
    async fn put_public(&mut self, path: &str, content: &[u8]) -> Result<(), PushError> {
        self.make_dirs(path).await;
        self.replace(path, content, false).await
    }

    async fn remove_public(&mut self, path: &str) -> Result<(), PushError> {
        self.remove(path).await
    }

    async fn close(self) {
        SshRemote::close(self).await
    }

    async fn read(&mut self, path: &str) -> Result<Option<Zeroizing<Vec<u8>>>, PushError> {
        let handle = match self
            .sftp
            .open(path, OpenFlags::READ, FileAttributes::empty())
            .await
        {
            Ok(handle) => handle.handle,
            Err(error) if is_missing(&error) => return Ok(None),
            Err(error) => return Err(sftp_error(path, error)),
        };
        let mut content = Zeroizing::new(Vec::new());
        let outcome = loop {
            match self
                .sftp
                .read(handle.as_str(), content.len() as u64, CHUNK as u32)
                .await
            {
                Ok(data) if data.data.is_empty() => break Ok(()),
                Ok(data) => {
                    content.extend_from_slice(&data.data);
                    if content.len() > MAX_FILE {
                        break Err(too_large(path));
                    }
                }
                Err(russh_sftp::client::error::Error::Status(status))
                    if status.status_code == russh_sftp::protocol::StatusCode::Eof =>
                {
                    break Ok(());
                }
                Err(error) => break Err(sftp_error(path, error)),
            }
        };
        let _ = self.sftp.close(handle).await;
        outcome.map(|()| Some(content))
    }

    async fn replace(
        &mut self,
        path: &str,
        content: &[u8],
        private: bool,
    ) -> Result<(), PushError> {
        let temporary = crate::push::files::temporary_name(path);
        // A temporary file left by a killed push may have any mode: start from none, so the
        // mode below is the one the file is created with (O_CREAT|O_EXCL, mode at open).
        match self.sftp.remove(temporary.as_str()).await {
            Ok(_) => {}
            Err(error) if is_missing(&error) => {}
            Err(error) => return Err(sftp_error(&temporary, error)),
        }
        let attributes = FileAttributes {
            permissions: Some(if private { 0o600 } else { 0o644 }),
            ..FileAttributes::empty()
        };
        let handle = self
            .sftp
            .open(
                temporary.as_str(),
                OpenFlags::CREATE | OpenFlags::EXCLUDE | OpenFlags::WRITE,
                attributes,
            )
            .await
            .map_err(|e| sftp_error(&temporary, e))?
            .handle;
        let mut written = Ok(());
        for (index, chunk) in content.chunks(CHUNK).enumerate() {
            if let Err(error) = self
                .sftp
                .write(handle.as_str(), (index * CHUNK) as u64, chunk.to_vec())
                .await
            {
                written = Err(sftp_error(&temporary, error));
                break;
            }
        }
        let closed = self.sftp.close(handle).await;
        let outcome =
            written.and_then(|()| closed.map(|_| ()).map_err(|e| sftp_error(&temporary, e)));
        let outcome = match outcome {
            Ok(()) => self.rename_over(&temporary, path).await,
            Err(error) => Err(error),
        };
        if outcome.is_err() {
            let _ = self.sftp.remove(temporary.as_str()).await;
        }
        outcome
    }

    async fn remove(&mut self, path: &str) -> Result<(), PushError> {
        match self.sftp.remove(path).await {
            Ok(_) => Ok(()),
            Err(error) if is_missing(&error) => Ok(()),
            Err(error) => Err(sftp_error(path, error)),
        }
    }

    async fn run(&mut self, command: &str) -> Result<String, PushError> {
        let (status, output) = self.connection.run(command).await?;
        if status == 0 {
            Ok(format!("{command:?} exited with status 0"))
        } else {
            Err(PushError::Driver(format!(
                "{command:?} exited with status {status}: {output}"
            )))
        }
    }

    fn describe(&self, path: &str) -> String {
        format!("{}:{path}", self.target)
    }

    fn owns(&self, path: &str) -> bool {
        self.paths
            .iter()
            .any(|p| p == crate::push::files::copied_from(path))
    }

    fn may_run(&self, command: &str) -> bool {
        self.reload.as_deref() == Some(command)
    }
}
