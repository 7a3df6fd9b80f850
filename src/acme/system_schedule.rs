//! The system-wide pass (issue 29): `certdeck renew --due` hourly as a service account — a
//! systemd system timer that hands the vault passphrase file to the service alone
//! (`LoadCredential=`), or an /etc/cron.d entry where systemd does not run. The user's own
//! entries are `acme::schedule`'s.

use std::path::{Path, PathBuf};

use super::schedule::{Invocation, UNIT, run, systemd_units, systemd_word};

/// Where the system-wide units go.
pub const SYSTEM_UNIT_DIR: &str = "/etc/systemd/system";
/// Where the system-wide cron entry goes when systemd does not run.
pub const CRON_FILE: &str = "/etc/cron.d/certdeck-renew";
/// The name of the vault passphrase as a systemd credential.
const CREDENTIAL: &str = "vault-passphrase";

/// A system-wide pass (issue 29): run as the service account `user`, on the inventory in
/// `data_dir`, the vault passphrase from `passphrase_file` — a root-only file that systemd hands
/// to the service alone (`LoadCredential=`), never in the unit or the environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemPass {
    pub program: PathBuf,
    pub user: String,
    pub data_dir: PathBuf,
    pub passphrase_file: Option<PathBuf>,
}

impl SystemPass {
    /// Refuses what a unit or a cron line could be bent by: a service account named by a
    /// number (`User=0` is root) or with other characters than a name has, paths that are not
    /// absolute or carry control characters, `%` (cron's line break; systemd's specifiers).
    fn check(&self) -> Result<(), String> {
        check_user(&self.user)?;
        let data = self.data_dir.display().to_string();
        for (what, path) in [
            ("--data-dir", Some(data)),
            (
                "--vault-passphrase-file",
                self.passphrase_file
                    .as_ref()
                    .map(|f| f.display().to_string()),
            ),
        ] {
            let Some(path) = path else { continue };
            if !path.starts_with('/') {
                return Err(format!(
                    "{what} {path}: a system-wide pass needs an absolute path"
                ));
            }
            if path
                .chars()
                .any(|c| c.is_control() || c == '%' || c == '\\')
            {
                return Err(format!(
                    "{what} {:?}: control characters, `%` and `\\` cannot go into a unit or a \
                     cron line",
                    path
                ));
            }
        }
        Ok(())
    }

    fn arguments(&self, passphrase: Option<&str>) -> Vec<String> {
        let mut args = vec![
            "--data-dir".to_string(),
            self.data_dir.display().to_string(),
        ];
        if let Some(passphrase) = passphrase {
            args.extend([
                "--vault-passphrase-file".to_string(),
                passphrase.to_string(),
            ]);
        }
        args.extend(["renew".to_string(), "--due".to_string()]);
        args
    }

    /// The system service and timer: `User=` the service account, the passphrase as a
    /// credential (`%d` is the service's own credentials folder), no keychain looked for.
    pub fn systemd_units(&self) -> Result<(String, String), String> {
        self.check()?;
        let mut words = vec![systemd_word(&self.program.display().to_string())];
        let credential = self
            .passphrase_file
            .as_ref()
            .map(|_| format!("%d/{CREDENTIAL}"));
        for arg in self.arguments(credential.as_deref()) {
            // The credential's path keeps its `%d` specifier; every other word is escaped.
            if Some(&arg) == credential.as_ref() {
                words.push(format!("\"{arg}\""));
            } else {
                words.push(systemd_word(&arg));
            }
        }
        let load = match &self.passphrase_file {
            Some(file) => format!("LoadCredential={CREDENTIAL}:{}\n", file.display()),
            None => String::new(),
        };
        let service = format!(
            "[Unit]\n\
             Description=certdeck: renew the ACME certificates that are due (as {user})\n\
             Documentation=https://github.com/certdeck/certdeck/blob/main/docs/acme.md\n\
             After=network-online.target\n\
             Wants=network-online.target\n\
             \n\
             [Service]\n\
             Type=oneshot\n\
             User={user}\n\
             # The vault passphrase: read by systemd from a root-only file, given to this service\n\
             # alone in its credentials folder (%d), never in the unit or the environment.\n\
             {load}\
             Environment=CERTDECK_KEYCHAIN=none\n\
             # Exit status 1: a node failed (retried at the next pass); 2: the pass could not run\n\
             # (the vault did not open). `journalctl -u {UNIT}` and `certdeck renew --log` say why.\n\
             ExecStart={}\n\
             Nice=10\n\
             # A pass that hangs (a silent relay, a stalled node) is stopped, so the next hour's\n\
             # runs: systemd sets no start timeout for a oneshot service by itself.\n\
             TimeoutStartSec=45min\n\
             NoNewPrivileges=yes\n\
             PrivateTmp=yes\n\
             ProtectSystem=full\n",
            words.join(" "),
            user = self.user,
        );
        let (_, timer) = systemd_units(&Invocation {
            program: self.program.clone(),
            args: Vec::new(),
        });
        Ok((service, timer))
    }

    /// The cron entry where systemd does not run: hourly as the service account; the
    /// passphrase file must then be readable by that account (cron cannot hand it over).
    pub fn cron_entry(&self) -> Result<String, String> {
        self.check()?;
        let passphrase = self
            .passphrase_file
            .as_ref()
            .map(|f| f.display().to_string());
        let command: Vec<String> = std::iter::once(self.program.display().to_string())
            .chain(self.arguments(passphrase.as_deref()))
            .map(|word| shell_word(&word))
            .collect();
        Ok(format!(
            "# certdeck: renew the ACME certificates that are due, every hour, as {user}.\n\
             # Exit status 1: a node failed; 2: the vault did not open. Output goes to syslog.\n\
             SHELL=/bin/sh\n\
             PATH=/usr/local/bin:/usr/bin:/bin\n\
             CERTDECK_KEYCHAIN=none\n\
             17 * * * * {user} {} 2>&1 | logger -t {UNIT}\n",
            command.join(" "),
            user = self.user
        ))
    }
}

/// A service account's name as a unit or a cron line may carry it.
fn check_user(user: &str) -> Result<(), String> {
    if user.is_empty()
        || user.starts_with('-')
        || user.chars().all(|c| c.is_ascii_digit())
        || !user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    {
        return Err(format!(
            "{user:?} is not a service account name (letters, digits, _ - .)"
        ));
    }
    Ok(())
}

/// A word for `sh`: single-quoted.
fn shell_word(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// Whether systemd runs this system.
pub fn systemd_runs() -> bool {
    Path::new("/run/systemd/system").exists()
}

/// Installs the system-wide pass (as root): systemd system units, or the cron entry where
/// systemd does not run. Says what was written.
pub fn install_system(pass: &SystemPass) -> Result<String, String> {
    if cfg!(not(unix)) || cfg!(target_os = "macos") {
        return Err(
            "a system-wide pass is installed on Linux (systemd or cron); on Windows and macOS \
             run `certdeck schedule install` as the account that renews"
                .into(),
        );
    }
    // The service account has no keychain: without the passphrase file every pass would fail
    // to open the vault (exit 2) — refused now rather than found in the journal.
    if pass.passphrase_file.is_none() {
        return Err(
            "a system-wide pass has no keychain: give the vault passphrase file \
             (--vault-passphrase-file /etc/certdeck-vault-passphrase)"
                .into(),
        );
    }
    if systemd_runs() {
        let (service, timer) = pass.systemd_units()?;
        let dir = Path::new(SYSTEM_UNIT_DIR);
        for (name, text) in [
            (format!("{UNIT}.service"), service),
            (format!("{UNIT}.timer"), timer),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        run("systemctl", &["daemon-reload"])?;
        run("systemctl", &["enable", "--now", &format!("{UNIT}.timer")])?;
        Ok(format!(
            "systemd timer {UNIT}.timer in {SYSTEM_UNIT_DIR} runs every hour as {}",
            pass.user
        ))
    } else {
        std::fs::write(CRON_FILE, pass.cron_entry()?).map_err(|e| format!("{CRON_FILE}: {e}"))?;
        Ok(format!(
            "{CRON_FILE} runs every hour as {} (cron: the passphrase file must be readable by \
             that account, and only by it)",
            pass.user
        ))
    }
}

/// Whether a system-wide entry is installed (systemd units or the cron entry).
pub fn system_installed() -> bool {
    Path::new(SYSTEM_UNIT_DIR)
        .join(format!("{UNIT}.timer"))
        .exists()
        || Path::new(CRON_FILE).exists()
}

/// Removes the system-wide pass.
pub fn remove_system() -> Result<String, String> {
    let _ = run("systemctl", &["disable", "--now", &format!("{UNIT}.timer")]);
    for path in [
        Path::new(SYSTEM_UNIT_DIR).join(format!("{UNIT}.service")),
        Path::new(SYSTEM_UNIT_DIR).join(format!("{UNIT}.timer")),
        PathBuf::from(CRON_FILE),
    ] {
        let _ = std::fs::remove_file(path);
    }
    let _ = run("systemctl", &["daemon-reload"]);
    Ok(format!("removed the system-wide {UNIT} entries"))
}
