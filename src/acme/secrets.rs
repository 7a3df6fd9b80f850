//! Where a renewal pass gets its secrets: nodes' login secrets and DNS servers' TSIG keys, from
//! the OS keychain or the vault (`store::secrets`: the command line and the window) or handed
//! over directly (tests).

use zeroize::Zeroizing;

use super::AcmeError;
use super::dns::Tsig;
use crate::push::{Driver, PushError};
use crate::store::acme::DnsServer;
use crate::store::{Inventory, Node};

/// Where the secrets come from: the keychain or the vault for the command line and the window;
/// tests hand them over directly.
pub trait Secrets: Send + Sync {
    /// The node's driver with its login secrets.
    fn driver(&self, store: &mut Inventory, node: &Node) -> Result<Driver, PushError>;
    /// The TSIG key of a DNS server.
    fn tsig(&self, store: &mut Inventory, server: &DnsServer) -> Result<Tsig, AcmeError>;
}

/// Secrets from the keychain or the vault, wherever each lives.
pub struct Keychain;

/// Stores a DNS server's TSIG secret (base64), replacing one stored before where it lives; a new
/// one in the keychain where one works, else sealed by the vault. Says where it went.
pub fn store_tsig(
    store: &mut Inventory,
    server: &str,
    secret_b64: &str,
) -> Result<crate::store::secrets::Place, String> {
    let name =
        crate::store::secrets::tsig_secret_name(&store.id().map_err(|e| e.to_string())?, server);
    store
        .replace_secret(&name, secret_b64.trim())
        .map_err(|e| format!("cannot store the TSIG secret of {server}: {e}"))
}

/// Forgets a DNS server's TSIG secret, wherever it lives.
pub fn forget_tsig(store: &mut Inventory, server: &str) {
    if let Ok(inventory) = store.id() {
        let _ = store.forget_secret(&crate::store::secrets::tsig_secret_name(&inventory, server));
    }
}

impl Secrets for Keychain {
    fn driver(&self, store: &mut Inventory, node: &Node) -> Result<Driver, PushError> {
        crate::push::setup::driver_for(store, node)
    }

    fn tsig(&self, store: &mut Inventory, server: &DnsServer) -> Result<Tsig, AcmeError> {
        let inventory = store.id().map_err(|e| AcmeError::Dns(e.to_string()))?;
        let secret = store
            .secret(&crate::store::secrets::tsig_secret_name(
                &inventory,
                &server.name,
            ))
            .map_err(|e| {
                AcmeError::Dns(format!(
                    "the TSIG secret of {} could not be read: {e}",
                    server.name
                ))
            })?
            .ok_or_else(|| {
                AcmeError::Dns(format!(
                    "no TSIG secret is stored for {} (neither in the keychain nor in the vault): \
                     `certdeck dns add` stores it",
                    server.name
                ))
            })?;
        let secret: Zeroizing<String> = secret;
        Tsig::from_base64(&server.key_name, &server.algorithm, &secret)
    }
}
