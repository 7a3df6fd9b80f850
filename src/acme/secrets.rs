//! Where a renewal pass gets its secrets: nodes' login secrets and DNS servers' TSIG keys, from
//! the OS keychain (the command line and the window) or handed over directly (tests).

use zeroize::Zeroizing;

use super::AcmeError;
use super::dns::Tsig;
use crate::push::{Driver, PushError};
use crate::store::Node;
use crate::store::acme::DnsServer;

/// Where the secrets come from: the OS keychain for the command line and the window; tests hand
/// them over directly.
pub trait Secrets: Send + Sync {
    /// The node's driver with its login secrets.
    fn driver(&self, node: &Node) -> Result<Driver, PushError>;
    /// The TSIG key of a DNS server.
    fn tsig(&self, inventory: &str, server: &DnsServer) -> Result<Tsig, AcmeError>;
}

/// Secrets from the OS keychain.
pub struct Keychain;

/// The keychain entry of a DNS server's TSIG secret.
fn tsig_entry(inventory: &str, server: &str) -> Result<keyring_core::Entry, String> {
    crate::store::keychain::entry(&format!("dns:{inventory}:{server}:tsig"))
}

/// Stores a DNS server's TSIG secret (base64) in the OS keychain.
pub fn store_tsig(inventory: &str, server: &str, secret_b64: &str) -> Result<(), String> {
    tsig_entry(inventory, server)?
        .set_password(secret_b64.trim())
        .map_err(|e| format!("cannot store the TSIG secret of {server} in the keychain: {e}"))
}

/// Forgets a DNS server's TSIG secret.
pub fn forget_tsig(inventory: &str, server: &str) {
    if let Ok(entry) = tsig_entry(inventory, server) {
        let _ = entry.delete_credential();
    }
}

impl Secrets for Keychain {
    fn driver(&self, node: &Node) -> Result<Driver, PushError> {
        crate::push::setup::driver_for(node)
    }

    fn tsig(&self, inventory: &str, server: &DnsServer) -> Result<Tsig, AcmeError> {
        let secret = tsig_entry(inventory, &server.name)
            .and_then(|entry| entry.get_password().map_err(|e| e.to_string()))
            .map(Zeroizing::new)
            .map_err(|e| {
                AcmeError::Dns(format!(
                    "the TSIG secret of {} is not in the keychain ({e}): `certdeck dns add` stores it",
                    server.name
                ))
            })?;
        Tsig::from_base64(&server.key_name, &server.algorithm, &secret)
    }
}
