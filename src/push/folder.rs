//! The folder kit: the file set an endpoint reads (the Genesys pattern: `certificate`,
//! `certificate-key`, `trusted-ca` list), written into a local or mounted folder, plus a snippet
//! with the options to set. Each file is written to a temporary name created with its final mode
//! and renamed over the live one; what was there before is kept beside it as
//! `<file>.certdeck-<push id>` and in the push journal, so a failure rolls back exactly what the
//! push changed.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use zeroize::Zeroizing;

use super::files::{FileChange, FilePlan, MAX_FILE, Remote, too_large};
use super::{Bundle, PushError};

#[derive(Clone, Debug, Deserialize)]
pub struct FolderSettings {
    pub path: PathBuf,
    /// A local command run after writing (restarts or reloads the service that reads the files).
    #[serde(default)]
    pub reload: Option<String>,
    /// The only commands this machine may run for the node, when it came from a shared
    /// inventory (its approved reload command); `None`: any (the user's own inventory).
    #[serde(skip)]
    pub only_commands: Option<Vec<String>>,
}

/// The files a bundle becomes, with their content and whether they hold the key.
fn files(bundle: &Bundle) -> Vec<(&'static str, String, bool)> {
    let mut files = Vec::new();
    if !bundle.trust_only() {
        files.push((
            "certificate.pem",
            format!("{}{}", bundle.certificate_pem, bundle.chain_pem),
            false,
        ));
    }
    if let Some(key) = &bundle.key_pem {
        let mut text = key.to_string();
        if let Some(parameters) = &bundle.parameters_pem {
            text.push_str(parameters);
        }
        files.push(("certificate-key.pem", text, true));
    }
    if !bundle.trusted_cas_pem.is_empty() {
        files.push(("trusted-ca.pem", bundle.trusted_cas_pem.clone(), false));
    }
    if let Some(crl) = &bundle.crl_pem {
        files.push(("crl.pem", crl.clone(), false));
    }
    files
}

/// What a push writes into the folder and runs.
pub fn file_plan(settings: &FolderSettings, bundle: &Bundle) -> Result<FilePlan, PushError> {
    let mut changes: Vec<FileChange> = files(bundle)
        .into_iter()
        .map(|(name, content, private)| FileChange {
            path: settings.path.join(name).display().to_string(),
            content: Zeroizing::new(content.into_bytes()),
            private,
        })
        .collect();
    changes.push(FileChange {
        path: settings.path.join(OPTIONS_FILE).display().to_string(),
        content: Zeroizing::new(options_snippet(bundle, settings).into_bytes()),
        private: false,
    });
    Ok(FilePlan {
        files: changes,
        reload: settings.reload.clone(),
    })
}

const OPTIONS_FILE: &str = "certdeck-options.txt";

pub fn plan(settings: &FolderSettings, bundle: &Bundle) -> Vec<String> {
    let mut lines: Vec<String> = files(bundle)
        .iter()
        .map(|(name, _, key)| {
            let path = settings.path.join(name);
            if *key {
                format!(
                    "write {} (private key, created with mode 0600)",
                    path.display()
                )
            } else {
                format!("write {}", path.display())
            }
        })
        .collect();
    lines.push(format!(
        "write {}",
        settings.path.join(OPTIONS_FILE).display()
    ));
    lines.push(
        "each file replaced atomically (rename), its previous content kept beside it as <file>.certdeck-<push id> and in the journal"
            .to_string(),
    );
    if let Some(reload) = &settings.reload {
        lines.push(format!("run {reload}"));
    }
    lines
}

fn io(path: &Path, error: std::io::Error) -> PushError {
    PushError::Driver(format!("{}: {error}", path.display()))
}

fn temporary(path: &Path) -> PathBuf {
    PathBuf::from(super::files::temporary_name(&path.display().to_string()))
}

/// Writes a temporary file created with its final mode (0600 for a key: at open, never wider for
/// an instant), flushed to disk, then renamed over `path` (atomic on one file system).
fn write_file(path: &Path, content: &[u8], private: bool) -> Result<(), PushError> {
    use std::io::Write;
    let temp = temporary(path);
    // A temporary file left by a killed push may have any mode: remove it so `create_new` below
    // creates the file with the mode asked for.
    match std::fs::remove_file(&temp) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(io(&temp, error)),
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = private;
    let written = options.open(&temp).and_then(|mut file| {
        file.write_all(content)?;
        file.sync_all()
    });
    let outcome = written
        .map_err(|e| io(&temp, e))
        .and_then(|()| std::fs::rename(&temp, path).map_err(|e| io(path, e)));
    if outcome.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    outcome
}

fn options_snippet(bundle: &Bundle, settings: &FolderSettings) -> String {
    let dir = settings.path.display();
    let mut text = format!(
        "# Written by certdeck for {}: point the endpoint's TLS options at these files.\n",
        bundle.subject
    );
    if !bundle.trust_only() {
        text.push_str(&format!("certificate = {dir}/certificate.pem\n"));
    }
    if bundle.key_pem.is_some() {
        text.push_str(&format!("certificate-key = {dir}/certificate-key.pem\n"));
    }
    if !bundle.trusted_cas_pem.is_empty() {
        text.push_str(&format!("trusted-ca = {dir}/trusted-ca.pem\n"));
    }
    if bundle.crl_pem.is_some() {
        text.push_str(&format!("crl = {dir}/crl.pem\n"));
    }
    text.push_str("# TLS versions: TLSv1.2 TLSv1.3; verify the peer's host name where the endpoint supports it.\n");
    text
}

/// Runs the reload command through the system's shell.
async fn run_reload(command: &str) -> Result<String, PushError> {
    #[cfg(windows)]
    let mut shell = {
        let mut shell = tokio::process::Command::new("cmd");
        shell.arg("/C");
        shell
    };
    #[cfg(not(windows))]
    let mut shell = {
        let mut shell = tokio::process::Command::new("sh");
        shell.arg("-c");
        shell
    };
    let output = shell
        .arg(command)
        // Not certdeck's environment: it may hold the vault passphrase (crate::child).
        .env_clear()
        .envs(crate::child::environment())
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .map_err(|e| PushError::Driver(format!("cannot run {command:?}: {e}")))?;
    if output.status.success() {
        Ok(format!("{command:?} exited with {}", output.status))
    } else {
        Err(PushError::Driver(format!(
            "{command:?} exited with {}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )))
    }
}

/// The folder, for the push engine. File work is a few small local writes; it runs on the
/// task's thread.
pub struct FolderRemote {
    dir: PathBuf,
    only_commands: Option<Vec<String>>,
}

impl FolderRemote {
    /// Refuses a path outside the node's folder.
    fn confined(&self, path: &str) -> Result<(), PushError> {
        use super::files::Remote;
        if self.owns(path) {
            Ok(())
        } else {
            Err(PushError::NotApproved(format!(
                "{}: not in the node's folder {}: left alone",
                crate::sanitize::visible(path),
                self.dir.display()
            )))
        }
    }

    /// The folder is created if missing (a kit for a node not yet reachable).
    pub fn open(settings: &FolderSettings) -> Result<Self, PushError> {
        std::fs::create_dir_all(&settings.path).map_err(|e| io(&settings.path, e))?;
        Ok(Self {
            dir: settings.path.clone(),
            only_commands: settings.only_commands.clone(),
        })
    }
}

impl Remote for FolderRemote {
    /// Writes a public file anywhere (an HTTP-01 answer into a web root an admin set and this
    /// machine approved), with its folders.
    async fn put_public(&mut self, path: &str, content: &[u8]) -> Result<(), PushError> {
        if let Some(parent) = Path::new(path).parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                PushError::Driver(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
        write_file(Path::new(path), content, false)
    }

    /// Removes what [`Remote::put_public`] wrote.
    async fn remove_public(&mut self, path: &str) -> Result<(), PushError> {
        match std::fs::remove_file(path) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(io(Path::new(path), error)),
        }
    }

    async fn read(&mut self, path: &str) -> Result<Option<Zeroizing<Vec<u8>>>, PushError> {
        self.confined(path)?;
        let path = Path::new(path);
        match std::fs::metadata(path) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(io(path, error)),
            Ok(meta) if meta.len() as usize > MAX_FILE => {
                return Err(too_large(&path.display().to_string()));
            }
            Ok(_) => {}
        }
        match std::fs::read(path) {
            Ok(bytes) => Ok(Some(Zeroizing::new(bytes))),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(io(path, error)),
        }
    }

    async fn replace(
        &mut self,
        path: &str,
        content: &[u8],
        private: bool,
    ) -> Result<(), PushError> {
        self.confined(path)?;
        write_file(Path::new(path), content, private)
    }

    async fn remove(&mut self, path: &str) -> Result<(), PushError> {
        self.confined(path)?;
        match std::fs::remove_file(path) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(error) => Err(io(Path::new(path), error)),
        }
    }

    async fn run(&mut self, command: &str) -> Result<String, PushError> {
        // A journal step read from a shared inventory names its command: only the approved
        // one runs here.
        if !self.may_run(command) {
            return Err(PushError::NotApproved(format!(
                "the journal asks to run {:?}, which is not this node's approved reload \
                 command: not run",
                crate::sanitize::visible(command)
            )));
        }
        run_reload(command).await
    }

    /// A file directly in the node's folder: nothing the journal names elsewhere on this
    /// machine is read, written or removed.
    fn owns(&self, path: &str) -> bool {
        let path = Path::new(path);
        path.parent() == Some(self.dir.as_path())
            && path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !n.is_empty() && n != "." && n != "..")
    }

    fn may_run(&self, command: &str) -> bool {
        match &self.only_commands {
            Some(allowed) => allowed.iter().any(|a| a == command),
            None => true,
        }
    }

    fn describe(&self, path: &str) -> String {
        Path::new(path)
            .strip_prefix(&self.dir)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| path.to_string())
    }
}

/// The folder driver in the registry (`push::driver`).
pub const REGISTRATION: super::driver::Registration = super::driver::Registration {
    name: "folder",
    configure: |configuration| {
        let mut settings: FolderSettings =
            super::driver::settings("folder", configuration.settings)?;
        if configuration.shared {
            // A teammate's node: only the reload command approved here runs.
            settings.only_commands = Some(settings.reload.iter().cloned().collect());
        }
        Ok(std::sync::Arc::new(FolderDriver(settings)))
    },
};

/// The folder driver, configured.
pub struct FolderDriver(pub FolderSettings);

impl super::driver::NodeDriver for FolderDriver {
    fn name(&self) -> &'static str {
        "folder"
    }

    fn plan(&self, bundle: &Bundle) -> Vec<String> {
        plan(&self.0, bundle)
    }

    fn connect(
        &self,
    ) -> super::driver::Answer<'_, Result<Box<dyn super::driver::NodeSession>, PushError>> {
        Box::pin(async move {
            let settings = self.0.clone();
            Ok(super::driver::FileSession::boxed(
                FolderRemote::open(&settings)?,
                Box::new(move |bundle| file_plan(&settings, bundle)),
            ))
        })
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
