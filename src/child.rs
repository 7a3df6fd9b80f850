//! The environment a program certdeck starts gets (issue 28, item 7). certdeck's own
//! environment may hold secrets — `CERTDECK_VAULT_PASSPHRASE`, `PGPASSWORD`, a service's
//! credentials file path — and a reload command or a scheduler call is not theirs to read. A
//! child gets a short list of what programs need to run (where to find programs, who and where
//! the user is, language and time zone, the session's bus for `systemctl --user`), nothing else.

use std::ffi::OsString;

/// The variables passed on to a child, by name (compared without case on Windows).
const KEPT: &[&str] = &[
    "PATH",
    "HOME",
    "USER",
    "LOGNAME",
    "SHELL",
    "TERM",
    "LANG",
    "LANGUAGE",
    "TZ",
    "TMPDIR",
    "XDG_RUNTIME_DIR",
    "DBUS_SESSION_BUS_ADDRESS",
    // Windows: what cmd.exe and most programs cannot start without.
    "SYSTEMROOT",
    "SYSTEMDRIVE",
    "WINDIR",
    "COMSPEC",
    "PATHEXT",
    "TEMP",
    "TMP",
    "USERPROFILE",
    "USERNAME",
    "APPDATA",
    "LOCALAPPDATA",
    "PROGRAMDATA",
    "COMPUTERNAME",
];

/// Whether a variable of this name is passed on.
pub fn kept(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    (upper.starts_with("LC_") && !upper.contains("PASS")) || KEPT.contains(&upper.as_str())
}

/// The variables of this process a child gets: call `env_clear()` then `envs(...)` with them.
pub fn environment() -> Vec<(OsString, OsString)> {
    std::env::vars_os()
        .filter(|(name, _)| name.to_str().is_some_and(kept))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::kept;

    #[test]
    fn secrets_stay_behind_and_what_programs_need_goes_on() {
        for secret in [
            "CERTDECK_VAULT_PASSPHRASE",
            "CERTDECK_VAULT_PASSPHRASE_FILE",
            "PGPASSWORD",
            "AWS_SECRET_ACCESS_KEY",
            "SSH_AUTH_SOCK",
            "LD_PRELOAD",
        ] {
            assert!(!kept(secret), "{secret}");
        }
        for needed in ["PATH", "HOME", "LANG", "LC_ALL", "Path", "SystemRoot", "TZ"] {
            assert!(kept(needed), "{needed}");
        }
    }
}
