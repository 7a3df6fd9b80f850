//! The OS keychain through `keyring-core`: Windows Credential Manager, macOS Keychain, Secret
//! Service on Linux desktops, or the kernel's keyutils where no Secret Service runs.
//!
//! `CERTDECK_KEYCHAIN` forces a choice: `secret-service`, `keyutils`, or `none` (no keychain:
//! the vault then needs a passphrase). Each candidate is probed with a real write, read and delete
//! before it is used, because a store can be constructed and still refuse every access (keyutils
//! outside a session keyring, a locked Secret Service collection).

use std::sync::{Arc, OnceLock};

use keyring_core::{CredentialStore, Entry};

/// The service name under which certdeck's secrets are filed.
pub const SERVICE: &str = "certdeck";

static CHOSEN: OnceLock<Result<&'static str, String>> = OnceLock::new();

/// Switched off for this process (`--no-keychain`): as `CERTDECK_KEYCHAIN=none`, for a
/// scheduler that cannot set a variable (the Windows Task Scheduler).
static SWITCHED_OFF: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Switches the keychain off for this process: secrets are then the vault's alone.
pub fn switch_off() {
    SWITCHED_OFF.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Selects and installs the default credential store once; returns its name.
pub fn ensure() -> Result<&'static str, String> {
    CHOSEN.get_or_init(choose).clone()
}

fn choose() -> Result<&'static str, String> {
    let forced = std::env::var("CERTDECK_KEYCHAIN").ok();
    if forced.as_deref() == Some("none") {
        return Err("no keychain (CERTDECK_KEYCHAIN=none)".into());
    }
    if SWITCHED_OFF.load(std::sync::atomic::Ordering::SeqCst) {
        return Err("no keychain (--no-keychain)".into());
    }
    let mut failures = Vec::new();
    for (name, make) in candidates() {
        if forced.as_deref().is_some_and(|f| f != name) {
            continue;
        }
        match make().and_then(|store| probe(store.clone()).map(|()| store)) {
            Ok(store) => {
                keyring_core::set_default_store(store);
                return Ok(name);
            }
            Err(reason) => failures.push(format!("{name}: {reason}")),
        }
    }
    if failures.is_empty() {
        failures.push("no keychain is supported on this system".into());
    }
    Err(failures.join("; "))
}

type Maker = fn() -> Result<Arc<CredentialStore>, String>;

#[cfg(target_os = "linux")]
fn candidates() -> Vec<(&'static str, Maker)> {
    vec![
        ("secret-service", || {
            zbus_secret_service_keyring_store::Store::new()
                .map(|s| s as Arc<CredentialStore>)
                .map_err(|e| e.to_string())
        }),
        ("keyutils", || {
            linux_keyutils_keyring_store::Store::new()
                .map(|s| s as Arc<CredentialStore>)
                .map_err(|e| e.to_string())
        }),
    ]
}

#[cfg(windows)]
fn candidates() -> Vec<(&'static str, Maker)> {
    vec![("windows-credential-manager", || {
        windows_native_keyring_store::Store::new()
            .map(|s| s as Arc<CredentialStore>)
            .map_err(|e| e.to_string())
    })]
}

#[cfg(target_os = "macos")]
fn candidates() -> Vec<(&'static str, Maker)> {
    vec![("macos-keychain", || {
        apple_native_keyring_store::keychain::Store::new()
            .map(|s| s as Arc<CredentialStore>)
            .map_err(|e| e.to_string())
    })]
}

#[cfg(not(any(target_os = "linux", windows, target_os = "macos")))]
fn candidates() -> Vec<(&'static str, Maker)> {
    Vec::new()
}

/// Writes, reads back and deletes a throw-away secret.
fn probe(store: Arc<CredentialStore>) -> Result<(), String> {
    let entry = store
        .build(SERVICE, "probe", None)
        .map_err(|e| e.to_string())?;
    let secret = b"certdeck keychain probe";
    entry.set_secret(secret).map_err(|e| e.to_string())?;
    let read = entry.get_secret().map_err(|e| e.to_string())?;
    let _ = entry.delete_credential();
    if read == secret {
        Ok(())
    } else {
        Err("the keychain returned a different secret".into())
    }
}

/// Whether the keychain was switched off (`CERTDECK_KEYCHAIN=none`, `--no-keychain`): then no
/// secret was ever stored, and reading one finds none (rather than failing).
pub fn disabled() -> bool {
    SWITCHED_OFF.load(std::sync::atomic::Ordering::SeqCst)
        || std::env::var("CERTDECK_KEYCHAIN").is_ok_and(|v| v == "none")
}

/// A secret in the default store.
pub fn entry(user: &str) -> Result<Entry, String> {
    ensure()?;
    Entry::new(SERVICE, user).map_err(|e| e.to_string())
}
