//! The folder kit: the file set an endpoint reads (the Genesys pattern: `certificate`,
//! `certificate-key`, `trusted-ca` list), written into a local or mounted folder, plus a snippet
//! with the options to set. Each file is written to a temporary name and renamed; what was there
//! before is kept in `.certdeck-backup/` so a failed verification can be rolled back.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Bundle, PushError};

#[derive(Clone, Debug, Deserialize)]
pub struct FolderSettings {
    pub path: PathBuf,
    /// A local command run after writing (restarts or reloads the service that reads the files).
    #[serde(default)]
    pub reload: Option<String>,
    /// A CRL file (PEM or DER) to ship as `crl.pem`, for endpoints that check revocation.
    #[serde(default)]
    pub crl: Option<PathBuf>,
}

const BACKUP: &str = ".certdeck-backup";

/// The files a bundle becomes, with their content and whether they hold the key.
fn files(
    bundle: &Bundle,
    settings: &FolderSettings,
) -> Result<Vec<(&'static str, String, bool)>, PushError> {
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
    if let Some(path) = &settings.crl {
        let decoded = crate::pki::decode_file(path, &Default::default());
        let crl = decoded
            .items
            .iter()
            .find_map(|item| match &item.object {
                crate::pki::Object::Crl(crl) => Some(crl.to_pem()),
                _ => None,
            })
            .ok_or_else(|| PushError::Settings(format!("{} holds no CRL", path.display())))?;
        files.push(("crl.pem", crl, false));
    }
    Ok(files)
}

pub fn plan(settings: &FolderSettings, bundle: &Bundle) -> Vec<String> {
    let mut lines: Vec<String> = files(bundle, settings)
        .unwrap_or_default()
        .iter()
        .map(|(name, _, key)| {
            let path = settings.path.join(name);
            if *key {
                format!("write {} (private key, mode 0600)", path.display())
            } else {
                format!("write {}", path.display())
            }
        })
        .collect();
    lines.push(format!(
        "write {}",
        settings.path.join("certdeck-options.txt").display()
    ));
    if let Some(reload) = &settings.reload {
        lines.push(format!("run {reload}"));
    }
    lines
}

fn io(path: &Path, error: std::io::Error) -> PushError {
    PushError::Driver(format!("{}: {error}", path.display()))
}

fn write_file(path: &Path, content: &[u8], private: bool) -> Result<(), PushError> {
    use std::io::Write;
    let temp = path.with_extension("certdeck-tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = private;
    let mut file = options.open(&temp).map_err(|e| io(&temp, e))?;
    file.write_all(content).map_err(|e| io(&temp, e))?;
    file.sync_all().map_err(|e| io(&temp, e))?;
    std::fs::rename(&temp, path).map_err(|e| io(path, e))
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
    if settings.crl.is_some() {
        text.push_str(&format!("crl = {dir}/crl.pem\n"));
    }
    text.push_str("# TLS versions: TLSv1.2 TLSv1.3; verify the peer's host name where the endpoint supports it.\n");
    text
}

fn run_reload(command: &str) -> Result<String, PushError> {
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .output()
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

/// Writes the files (backing up what was there) and runs the reload command.
pub fn apply(settings: &FolderSettings, bundle: &Bundle) -> Result<String, PushError> {
    let dir = &settings.path;
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let backup = dir.join(BACKUP);
    let _ = std::fs::remove_dir_all(&backup);
    std::fs::create_dir_all(&backup).map_err(|e| io(&backup, e))?;
    let mut written = Vec::new();
    for (name, content, private) in files(bundle, settings)? {
        let path = dir.join(name);
        if path.exists() {
            std::fs::copy(&path, backup.join(name)).map_err(|e| io(&path, e))?;
        } else {
            // Remember that it did not exist, so a rollback removes it.
            std::fs::write(backup.join(format!("{name}.absent")), b"")
                .map_err(|e| io(&backup, e))?;
        }
        write_file(&path, content.as_bytes(), private)?;
        written.push(name);
    }
    write_file(
        &dir.join("certdeck-options.txt"),
        options_snippet(bundle, settings).as_bytes(),
        false,
    )?;
    let mut detail = format!("wrote {} in {}", written.join(", "), dir.display());
    if let Some(reload) = &settings.reload {
        detail.push_str("; ");
        detail.push_str(&run_reload(reload)?);
    }
    Ok(detail)
}

/// Puts the previous files back and runs the reload command again.
pub fn rollback(settings: &FolderSettings) -> Result<String, PushError> {
    let dir = &settings.path;
    let backup = dir.join(BACKUP);
    let entries = std::fs::read_dir(&backup).map_err(|e| io(&backup, e))?;
    let mut restored = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(original) = name.strip_suffix(".absent") {
            let _ = std::fs::remove_file(dir.join(original));
            restored.push(format!("removed {original}"));
        } else {
            let content = std::fs::read(entry.path()).map_err(|e| io(&entry.path(), e))?;
            write_file(&dir.join(&name), &content, name.contains("key"))?;
            restored.push(format!("restored {name}"));
        }
    }
    restored.sort();
    let mut detail = restored.join(", ");
    if let Some(reload) = &settings.reload {
        detail.push_str("; ");
        detail.push_str(&run_reload(reload)?);
    }
    Ok(detail)
}
