//! The system-wide pass (issue 29): `certdeck renew --due` hourly as a service account — a
//! systemd system timer that hands the vault passphrase file to the service alone
//! (`LoadCredential=`), an /etc/cron.d entry where systemd does not run, or on Windows a Task
//! Scheduler task run as the account whether or not anyone is logged on (S4U: no password
//! stored; built-in and group-managed service accounts as Windows runs them). The user's own
//! entries are `acme::schedule`'s.

use std::path::{Path, PathBuf};

use super::schedule::{
    Invocation, UNIT, register_task, run, systemd_units, systemd_word, task_xml,
};

/// Where the system-wide units go.
pub const SYSTEM_UNIT_DIR: &str = "/etc/systemd/system";
/// Where the system-wide cron entry goes when systemd does not run.
pub const CRON_FILE: &str = "/etc/cron.d/certdeck-renew";
/// The system-wide Task Scheduler task (the user's own is `schedule::WINDOWS_TASK`).
pub const WINDOWS_SYSTEM_TASK: &str = "\\certdeck\\renew-service";
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
    /// For a Windows task: a Windows account name and absolute Windows paths without `"`.
    fn check(&self, windows: bool) -> Result<(), String> {
        if windows {
            check_windows_user(&self.user)?;
        } else {
            check_user(&self.user)?;
        }
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
            let absolute = if windows {
                is_windows_absolute(&path)
            } else {
                path.starts_with('/')
            };
            if !absolute {
                return Err(format!(
                    "{what} {path}: a system-wide pass needs an absolute path"
                ));
            }
            let bad = |c: char| {
                c.is_control()
                    || if windows {
                        c == '"'
                    } else {
                        c == '%' || c == '\\'
                    }
            };
            if path.chars().any(bad) {
                return Err(format!(
                    "{what} {:?}: control characters{} cannot go into the entry",
                    path,
                    if windows {
                        " and `\"`"
                    } else {
                        ", `%` and `\\`"
                    }
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
        self.check(false)?;
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
        self.check(false)?;
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

impl SystemPass {
    /// The Windows Task Scheduler task: hourly as the service account, whether or not anyone
    /// is logged on. A named account logs on by S4U (Windows keeps no password for it; the
    /// pass needs no network share), the built-in service accounts and group-managed ones
    /// (`NAME$`) as Windows runs services. No Credential Manager is reachable there, and a task
    /// sets no variables: `--no-keychain` makes the vault (passphrase file) hold every secret.
    pub fn windows_task(&self, start: &str) -> Result<String, String> {
        self.check(true)?;
        let passphrase = self
            .passphrase_file
            .as_ref()
            .map(|f| f.display().to_string());
        let mut args = vec!["--no-keychain".to_string()];
        args.extend(self.arguments(passphrase.as_deref()));
        let invocation = Invocation {
            program: self.program.clone(),
            args,
        };
        let user = super::schedule::xml_escape(&self.user);
        let logon = match builtin_account(&self.user) {
            Some(sid) => {
                format!("<UserId>{sid}</UserId>\n      <LogonType>ServiceAccount</LogonType>")
            }
            None if self.user.ends_with('$') => {
                // A group-managed service account: Windows fetches its password itself.
                format!("<UserId>{user}</UserId>\n      <LogonType>Password</LogonType>")
            }
            None => format!("<UserId>{user}</UserId>\n      <LogonType>S4U</LogonType>"),
        };
        Ok(task_xml(
            &invocation,
            start,
            WINDOWS_SYSTEM_TASK,
            &format!(
                "certdeck: renew the ACME certificates that are due (as {})",
                self.user
            ),
            &logon,
        ))
    }
}

/// The SID of a built-in service account Task Scheduler runs by `ServiceAccount` logon.
fn builtin_account(user: &str) -> Option<&'static str> {
    // A bare name or `NT AUTHORITY\NAME` only: `CORP\system` is a domain account of that name.
    let name = match user.split_once('\\') {
        None => user.to_ascii_lowercase(),
        Some((domain, name)) if domain.eq_ignore_ascii_case("NT AUTHORITY") => {
            name.to_ascii_lowercase()
        }
        Some(_) => return None,
    };
    match name.replace(' ', "").as_str() {
        "system" | "localsystem" => Some("S-1-5-18"),
        "localservice" => Some("S-1-5-19"),
        "networkservice" => Some("S-1-5-20"),
        _ => None,
    }
}

/// A Windows account as `NAME`, `DOMAIN\NAME` or `.\NAME`, a group-managed one ending in `$`:
/// none of the characters Windows refuses in account names.
fn check_windows_user(user: &str) -> Result<(), String> {
    let name = match user.split_once('\\') {
        Some((domain, name)) if !domain.is_empty() && !domain.contains(['/', '\\']) => name,
        Some(_) => "",
        None => user,
    };
    let forbidden = |c: char| c.is_control() || "\"/\\[]:;|=,+*?<>@".contains(c);
    if name.trim().is_empty()
        || name.len() > 104
        || user.chars().any(|c| c.is_control())
        || name.chars().any(forbidden)
    {
        return Err(format!(
            "{user:?} is not a Windows account (NAME, DOMAIN\\NAME or a service account NAME$)"
        ));
    }
    Ok(())
}

/// Whether `path` lies inside one of `roots` (case-insensitive, on a folder boundary).
fn under_any(path: &str, roots: &[String]) -> bool {
    let path = path.to_ascii_lowercase().replace('/', "\\");
    roots.iter().any(|root| {
        let root = root.trim_end_matches(['\\', '/']).to_ascii_lowercase();
        !root.is_empty()
            && path.starts_with(&root)
            && path[root.len()..].starts_with('\\')
            && !path.contains("\\..\\")
    })
}

/// `C:\…` or `\\server\share\…`.
fn is_windows_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    (bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && bytes[2] == b'\\')
        || path.starts_with("\\\\")
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
    if cfg!(target_os = "macos") {
        return Err(
            "a system-wide pass is installed on Linux (systemd or cron) and Windows (Task \
             Scheduler); on macOS run `certdeck schedule install` as the account that renews"
                .into(),
        );
    }
    // The service account has no keychain: without the passphrase file every pass would fail
    // to open the vault (exit 2) — refused now rather than found in the journal.
    let Some(passphrase_file) = &pass.passphrase_file else {
        return Err(
            "a system-wide pass has no keychain: give the vault passphrase file \
             (--vault-passphrase-file /etc/certdeck-vault-passphrase)"
                .into(),
        );
    };
    if cfg!(windows) {
        let xml = pass.windows_task(
            &crate::store::journal::rfc3339(time::OffsetDateTime::now_utc())
                .chars()
                .take(19)
                .collect::<String>(),
        )?;
        // The task runs certdeck as the service account (or SYSTEM): from where only an
        // administrator can replace it.
        let program_files: Vec<String> = ["ProgramFiles", "ProgramFiles(x86)", "ProgramW6432"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .collect();
        if !under_any(&pass.program.display().to_string(), &program_files) {
            return Err(format!(
                "{} is not under Program Files: a task that runs as a service account must run \
                 a certdeck only administrators can replace (install it with the MSI)",
                pass.program.display()
            ));
        }
        // The data folder and the passphrase file: owned by Administrators, their inherited
        // and explicit entries replaced, then the service account (modify / read), Administrators
        // and SYSTEM only — by SID where the account is a built-in one.
        let account = match builtin_account(&pass.user) {
            Some(sid) => format!("*{sid}"),
            None => pass.user.clone(),
        };
        let data = pass.data_dir.display().to_string();
        let file = passphrase_file.display().to_string();
        for (path, recursive, grant) in [
            (&data, true, format!("{account}:(OI)(CI)M")),
            (&file, false, format!("{account}:(R)")),
        ] {
            let deep: &[&str] = if recursive { &["/T"] } else { &[] };
            run(
                "icacls",
                &[&[path.as_str(), "/setowner", "*S-1-5-32-544"], deep].concat(),
            )?;
            run("icacls", &[&[path.as_str(), "/reset"], deep].concat())?;
            let (admins, system) = if recursive {
                ("*S-1-5-32-544:(OI)(CI)F", "*S-1-5-18:(OI)(CI)F")
            } else {
                ("*S-1-5-32-544:(F)", "*S-1-5-18:(F)")
            };
            run(
                "icacls",
                &[
                    path.as_str(),
                    "/inheritance:r",
                    "/grant:r",
                    &grant,
                    "/grant:r",
                    admins,
                    "/grant:r",
                    system,
                ],
            )?;
        }
        register_task(&xml, WINDOWS_SYSTEM_TASK)?;
        return Ok(format!(
            "Task Scheduler task {WINDOWS_SYSTEM_TASK} runs every hour as {} (whether or not \
             anyone is logged on); {data} and {file} belong to Administrators and are open to \
             that account, Administrators and SYSTEM only",
            pass.user
        ));
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
    if cfg!(windows) {
        return run("schtasks", &["/Query", "/TN", WINDOWS_SYSTEM_TASK]).is_ok();
    }
    Path::new(SYSTEM_UNIT_DIR)
        .join(format!("{UNIT}.timer"))
        .exists()
        || Path::new(CRON_FILE).exists()
}

/// Removes the system-wide pass.
pub fn remove_system() -> Result<String, String> {
    if cfg!(windows) {
        return run("schtasks", &["/Delete", "/TN", WINDOWS_SYSTEM_TASK, "/F"])
            .map(|_| format!("removed the Task Scheduler task {WINDOWS_SYSTEM_TASK}"));
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(user: &str) -> SystemPass {
        SystemPass {
            program: PathBuf::from(r"C:\Program Files\certdeck\certdeck.exe"),
            user: user.to_string(),
            data_dir: PathBuf::from(r"C:\ProgramData\certdeck"),
            passphrase_file: Some(PathBuf::from(r"C:\ProgramData\certdeck\vault passphrase")),
        }
    }

    /// The principal and the action as Task Scheduler reads them.
    fn read(xml: &str) -> (Option<String>, String, String) {
        let doc = roxmltree::Document::parse(xml).expect("well-formed task XML");
        let text = |tag: &str| {
            doc.descendants()
                .find(|n| n.has_tag_name(tag))
                .and_then(|n| n.text())
                .map(str::to_string)
        };
        (
            text("UserId"),
            text("LogonType").unwrap(),
            text("Arguments").unwrap(),
        )
    }

    #[test]
    fn a_named_windows_account_runs_the_task_by_s4u_with_the_vault_alone() {
        let xml = pass(r"CORP\svc-certdeck")
            .windows_task("2026-12-07T22:00:00")
            .unwrap();
        let (user, logon, arguments) = read(&xml);
        assert_eq!(user.as_deref(), Some(r"CORP\svc-certdeck"));
        assert_eq!(logon, "S4U");
        assert_eq!(
            arguments,
            r#"--no-keychain --data-dir C:\ProgramData\certdeck --vault-passphrase-file "C:\ProgramData\certdeck\vault passphrase" renew --due"#
        );
        assert!(xml.contains(&format!("<URI>{WINDOWS_SYSTEM_TASK}</URI>")));
    }

    #[test]
    fn built_in_and_group_managed_accounts_log_on_as_windows_runs_services() {
        let (user, logon, _) = read(
            &pass("NT AUTHORITY\\LocalService")
                .windows_task("2026-12-07T22:00:00")
                .unwrap(),
        );
        assert_eq!(
            (user.as_deref(), logon.as_str()),
            (Some("S-1-5-19"), "ServiceAccount")
        );
        let (user, logon, _) = read(&pass("SYSTEM").windows_task("2026-12-07T22:00:00").unwrap());
        assert_eq!(
            (user.as_deref(), logon.as_str()),
            (Some("S-1-5-18"), "ServiceAccount")
        );
        let (user, logon, _) = read(
            &pass(r"CORP\certdeck$")
                .windows_task("2026-12-07T22:00:00")
                .unwrap(),
        );
        assert_eq!(
            (user.as_deref(), logon.as_str()),
            (Some(r"CORP\certdeck$"), "Password")
        );
    }

    #[test]
    fn only_nt_authority_names_are_the_built_in_accounts() {
        assert_eq!(builtin_account("LocalService"), Some("S-1-5-19"));
        assert_eq!(
            builtin_account(r"NT AUTHORITY\Network Service"),
            Some("S-1-5-20")
        );
        assert_eq!(builtin_account(r"nt authority\SYSTEM"), Some("S-1-5-18"));
        // A domain's account that happens to be called so is that domain's account.
        assert_eq!(builtin_account(r"CORP\system"), None);
        assert_eq!(builtin_account(r"CORP\NetworkService"), None);
        let (user, logon, _) = read(
            &pass(r"CORP\system")
                .windows_task("2026-12-07T22:00:00")
                .unwrap(),
        );
        assert_eq!(
            (user.as_deref(), logon.as_str()),
            (Some(r"CORP\system"), "S4U")
        );
    }

    #[test]
    fn a_service_task_runs_certdeck_only_from_where_administrators_install_it() {
        let roots = vec![
            r"C:\Program Files".to_string(),
            r"C:\Program Files (x86)\".to_string(),
        ];
        assert!(under_any(r"C:\Program Files\certdeck\certdeck.exe", &roots));
        assert!(under_any(
            r"c:\program files (x86)\certdeck\certdeck.exe",
            &roots
        ));
        for elsewhere in [
            r"C:\Users\ann\.cargo\bin\certdeck.exe",
            r"C:\Program Files Evil\certdeck.exe",
            r"C:\Program Files\..\Users\ann\certdeck.exe",
            r"D:\Program Files\certdeck.exe",
        ] {
            assert!(!under_any(elsewhere, &roots), "{elsewhere}");
        }
        assert!(!under_any(r"C:\Program Files\certdeck.exe", &[]));
    }

    #[test]
    fn what_could_bend_a_windows_task_is_refused() {
        for user in ["", "a<b", "svc\"x", "CORP\\", "\\svc", "a\u{7}b", "x:y"] {
            assert!(
                pass(user).windows_task("2026-12-07T22:00:00").is_err(),
                "{user:?}"
            );
        }
        let mut relative = pass("svc");
        relative.data_dir = PathBuf::from(r"certdeck\data");
        assert!(relative.windows_task("2026-12-07T22:00:00").is_err());
        let mut quoted = pass("svc");
        quoted.passphrase_file = Some(PathBuf::from(r#"C:\a" --data-dir "C:\other"#));
        assert!(quoted.windows_task("2026-12-07T22:00:00").is_err());
        let mut share = pass("svc");
        share.data_dir = PathBuf::from(r"\\files\certdeck");
        assert!(share.windows_task("2026-12-07T22:00:00").is_ok());
    }
}
