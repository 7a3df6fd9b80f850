//! Nodes' login secrets, DNS servers' TSIG keys and notification channels' secrets (issue 29):
//! in the OS keychain where one works (the default there); where none does — a server, a
//! container, a service account, `CERTDECK_KEYCHAIN=none` — sealed by the inventory's vault in
//! its `secrets` table, which the vault passphrase (or, on a shared inventory, the team key that
//! only operators and admins hold) opens. Never written in clear.
//!
//! A secret is named as its keychain entry is (`node:INVENTORY:NODE:password`,
//! `dns:INVENTORY:SERVER:tsig`, …) and lives in one place at a time: storing it in one place
//! removes it from the other. `certdeck secrets` lists where each lives and moves them.

use serde::Serialize;
use zeroize::Zeroizing;

use super::db::params;
use super::{Inventory, StoreError, keychain};

/// Where a secret lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Place {
    /// The OS keychain of this machine (this user's).
    Keychain,
    /// Sealed by the inventory's vault, in the inventory.
    Vault,
}

impl Place {
    pub fn word(self) -> &'static str {
        match self {
            Place::Keychain => "keychain",
            Place::Vault => "vault",
        }
    }

    pub fn parse(word: &str) -> Result<Place, String> {
        match word {
            "keychain" => Ok(Place::Keychain),
            "vault" => Ok(Place::Vault),
            other => Err(format!("{other} is not a place: keychain or vault")),
        }
    }
}

/// The name of a node's login secret (`kind`: `password`, `ssh-key`).
pub fn node_secret_name(inventory: &str, node: &str, kind: &str) -> String {
    format!("node:{inventory}:{node}:{kind}")
}

/// The name of a DNS server's TSIG secret.
pub fn tsig_secret_name(inventory: &str, server: &str) -> String {
    format!("dns:{inventory}:{server}:tsig")
}

/// Whether this machine has a keychain certdeck can use (probed once).
pub fn keychain_usable() -> bool {
    !keychain::disabled() && keychain::ensure().is_ok()
}

/// The sealing record of secret row `id` (bound into the seal: a value moved to another row
/// does not open).
pub(crate) fn record(id: i64) -> String {
    format!("secrets/{id}")
}

/// One stored secret as `certdeck secrets` lists it (never its value).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredSecret {
    pub name: String,
    /// What it is for, in words (`password of node sip1`).
    pub what: String,
    pub place: Place,
}

fn keychain_read(name: &str) -> Result<Option<Zeroizing<String>>, StoreError> {
    let entry =
        keychain::entry(name).map_err(|e| StoreError::Vault(format!("the keychain: {e}")))?;
    match entry.get_password() {
        Ok(value) => Ok(Some(Zeroizing::new(value))),
        Err(keyring_core::Error::NoEntry) => Ok(None),
        Err(error) => Err(StoreError::Vault(format!(
            "the keychain did not give {name}: {error}"
        ))),
    }
}

impl Inventory {
    /// The secret `name`: from the keychain when it is there, else from the vault; `None` when
    /// neither holds it.
    ///
    /// A keychain that fails (locked, its service gone) does not hide a secret the vault holds:
    /// the vault is asked then, and the keychain's failure said only when it does not have it.
    pub fn secret(&mut self, name: &str) -> Result<Option<Zeroizing<String>>, StoreError> {
        let mut keychain_failure = None;
        if keychain_usable() {
            match keychain_read(name) {
                Ok(Some(value)) => return Ok(Some(value)),
                Ok(None) => {}
                Err(error) => keychain_failure = Some(error),
            }
        }
        if !self.in_vault(name)? {
            return match keychain_failure {
                Some(error) => Err(error),
                None => Ok(None),
            };
        }
        let row: Option<(i64, Vec<u8>)> = self.db.query_opt(
            "SELECT id, sealed FROM secrets WHERE name = ?1",
            params![name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let Some((id, sealed)) = row else {
            return Ok(None);
        };
        let plain = self.vault()?.open_sealed(&record(id), &sealed)?;
        std::str::from_utf8(&plain)
            .map(|text| Some(Zeroizing::new(text.to_string())))
            .map_err(|_| StoreError::Vault(format!("the sealed secret {name} is not text")))
    }

    /// Whether the vault holds `name` (a question every role may ask: names are not secret).
    fn in_vault(&self, name: &str) -> Result<bool, StoreError> {
        let id: Option<i64> = self.db.query_opt(
            "SELECT id FROM secrets WHERE name = ?1",
            params![name],
            |r| r.get(0),
        )?;
        Ok(id.is_some())
    }

    /// Where the secret `name` lives now, if anywhere.
    pub fn secret_place(&mut self, name: &str) -> Result<Option<Place>, StoreError> {
        if keychain_usable() && matches!(keychain_read(name), Ok(Some(_))) {
            return Ok(Some(Place::Keychain));
        }
        Ok(self.in_vault(name)?.then_some(Place::Vault))
    }

    /// Stores the secret `name` in `place` (default: the keychain where one works, else the
    /// vault) and removes it from the other place; says where it went.
    pub fn set_secret(
        &mut self,
        name: &str,
        value: &str,
        place: Option<Place>,
    ) -> Result<Place, StoreError> {
        let place = place.unwrap_or(if keychain_usable() {
            Place::Keychain
        } else {
            Place::Vault
        });
        match place {
            Place::Keychain => {
                if !keychain_usable() {
                    return Err(StoreError::Vault(
                        "no keychain is usable here: store it in the vault instead".into(),
                    ));
                }
                keychain::entry(name)
                    .and_then(|e| e.set_password(value).map_err(|e| e.to_string()))
                    .map_err(|e| {
                        StoreError::Vault(format!("cannot store {name} in the keychain: {e}"))
                    })?;
                // One place at a time — on this machine. A shared inventory's vault copy is the
                // team's (its servers read it): storing in one member's keychain never
                // removes it; `secrets move` by an admin does.
                if self.shared_address().is_none() {
                    self.forget_vault_secret(name)?;
                }
            }
            Place::Vault => {
                // Unlocked first: the write below needs it, and a locked vault must not leave
                // a placeholder row behind.
                self.vault()?;
                let now = time::OffsetDateTime::now_utc().unix_timestamp();
                let vault = self
                    .vault
                    .as_ref()
                    .ok_or_else(|| StoreError::Vault("the vault did not open".into()))?;
                let tx = self.db.transaction()?;
                let id: i64 = tx.value(
                    "INSERT INTO secrets (name, sealed, updated_at) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at \
                     RETURNING id",
                    params![name, Vec::<u8>::new(), now],
                )?;
                let sealed = vault.seal(&record(id), value.as_bytes())?;
                tx.execute(
                    "UPDATE secrets SET sealed = ?1 WHERE id = ?2",
                    params![sealed, id],
                )?;
                tx.audit("secret store", name, "sealed in the vault")?;
                tx.commit()?;
                if keychain_usable()
                    && let Ok(entry) = keychain::entry(name)
                {
                    let _ = entry.delete_credential();
                }
            }
        }
        Ok(place)
    }

    /// Removes the secret `name` from both places (gone already is fine).
    pub fn forget_secret(&mut self, name: &str) -> Result<(), StoreError> {
        if keychain_usable()
            && let Ok(entry) = keychain::entry(name)
        {
            let _ = entry.delete_credential();
        }
        self.forget_vault_secret(name)
    }

    fn forget_vault_secret(&mut self, name: &str) -> Result<(), StoreError> {
        // Asked first: a role that may not delete (an operator on a shared inventory) is not
        // refused for a row that is not there.
        if !self.in_vault(name)? {
            return Ok(());
        }
        let tx = self.db.transaction()?;
        if tx.execute("DELETE FROM secrets WHERE name = ?1", params![name])? > 0 {
            tx.audit("secret remove", name, "")?;
        }
        tx.commit()
    }

    /// Stores (or replaces) the secret `name` where it lives now; a new one where
    /// [`Inventory::set_secret`] puts it by default. Says where.
    pub fn replace_secret(&mut self, name: &str, value: &str) -> Result<Place, StoreError> {
        let place = self.secret_place(name)?;
        self.set_secret(name, value, place)
    }

    /// Moves the secret `name` to `to`; `false` when it is there already.
    pub fn move_secret(&mut self, name: &str, to: Place) -> Result<bool, StoreError> {
        let Some(from) = self.secret_place(name)? else {
            return Err(StoreError::NotFound(format!("no secret {name} is stored")));
        };
        if from == to {
            return Ok(false);
        }
        let value = self
            .secret(name)?
            .ok_or_else(|| StoreError::NotFound(format!("no secret {name} is stored")))?;
        self.set_secret(name, &value, Some(to))?;
        // A move is asked for: the vault copy goes (a shared one too, for an admin).
        if to == Place::Keychain {
            self.forget_vault_secret(name)?;
        }
        Ok(true)
    }

    /// Every secret this inventory's nodes and DNS servers have, and where each lives (the
    /// keychain is asked for the names certdeck files there; the vault lists its own).
    pub fn stored_secrets(&mut self) -> Result<Vec<StoredSecret>, StoreError> {
        let inventory = self.id()?;
        let mut names: Vec<(String, String)> = Vec::new();
        for node in self.nodes()? {
            for (kind, words) in [("password", "password"), ("ssh-key", "SSH key")] {
                names.push((
                    node_secret_name(&inventory, &node.name, kind),
                    format!("{words} of node {}", node.name),
                ));
            }
        }
        for server in self.dns_servers()? {
            names.push((
                tsig_secret_name(&inventory, &server.name),
                format!("TSIG key of DNS server {}", server.name),
            ));
        }
        for channel in self.channels()? {
            names.push((
                channel.secret_name(&inventory),
                format!("secret of notification channel {}", channel.name),
            ));
        }
        let in_vault: Vec<String> =
            self.db
                .query_map("SELECT name FROM secrets ORDER BY name", params![], |r| {
                    r.get(0)
                })?;
        for name in in_vault {
            if !names.iter().any(|(n, _)| *n == name) {
                names.push((name.clone(), name));
            }
        }
        let mut stored = Vec::new();
        for (name, what) in names {
            if let Some(place) = self.secret_place(&name)? {
                stored.push(StoredSecret { name, what, place });
            }
        }
        Ok(stored)
    }
}
