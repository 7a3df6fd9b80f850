//! The key vault: private keys are stored only sealed with AES-256-GCM (aws-lc-rs), the record's
//! id as associated data so a sealed key cannot be moved to another row.
//!
//! The vault key is 32 random bytes kept in the OS keychain. Where no keychain is usable, the key
//! is derived from a passphrase with Argon2id instead, and certdeck says so. Which of the two an
//! inventory uses is recorded in its `meta` table when the first key is stored.
//!
//! A team's shared inventory (PostgreSQL) uses the team key instead: 32 random bytes the server
//! holds only sealed (age, X25519) for each member, opened with this member's identity
//! (`team::keys`). Removing a member rotates it and re-seals every sealed value (`team::reseal`).

use argon2::{Algorithm, Argon2, Params, Version};
use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use zeroize::Zeroizing;

use super::StoreError;
use super::db::{Cell, Db, params};
use super::keychain;

/// How the vault key is protected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VaultKind {
    /// In the OS keychain (the store's name, e.g. `secret-service`).
    Keychain(String),
    /// Derived from a passphrase with Argon2id.
    Passphrase,
    /// A team's key of this generation (a shared inventory).
    Team(i64),
}

/// How the vault may be unlocked.
#[derive(Clone)]
pub struct VaultOptions {
    /// Used when the inventory's vault is passphrase-protected, or when no keychain is usable
    /// while creating it.
    pub passphrase: Option<Zeroizing<String>>,
    /// Try the OS keychain first (off: passphrase only, e.g. for portable data folders).
    pub keychain: bool,
}

impl Default for VaultOptions {
    fn default() -> Self {
        Self {
            passphrase: None,
            keychain: true,
        }
    }
}

/// The record name a private key is sealed for (its row in `private_keys`).
pub(crate) fn key_record(id: i64) -> String {
    format!("private_keys/{id}")
}

/// A column whose values the vault seals: what re-sealing under another key reads and writes.
/// `select` yields (row id, second key or 0, sealed bytes) of every sealed value; `update`
/// takes (sealed bytes, row id, second key); `record` names a value's record. Written in the
/// SQL both engines take (`?N`), since a team's key rotation re-seals on PostgreSQL and a
/// migration between engines re-seals on either.
pub(crate) struct SealedColumn {
    pub select: &'static str,
    pub update: &'static str,
    pub record: fn(i64, i64) -> String,
}

/// Every sealed value of an inventory. Placeholders left empty while a row is written are not
/// values.
pub(crate) const SEALED_COLUMNS: [SealedColumn; 5] = [
    SealedColumn {
        select: "SELECT id, CAST(0 AS BIGINT), sealed FROM secrets WHERE length(sealed) > 0",
        update: "UPDATE secrets SET sealed = ?1 WHERE id = ?2 AND CAST(?3 AS BIGINT) = 0",
        record: |id, _| super::secrets::record(id),
    },
    SealedColumn {
        select: "SELECT id, CAST(0 AS BIGINT), sealed FROM private_keys WHERE length(sealed) > 0",
        update: "UPDATE private_keys SET sealed = ?1 WHERE id = ?2 AND CAST(?3 AS BIGINT) = 0",
        record: |id, _| key_record(id),
    },
    SealedColumn {
        select: "SELECT id, CAST(0 AS BIGINT), credentials FROM acme_accounts \
                 WHERE length(credentials) > 0",
        update: "UPDATE acme_accounts SET credentials = ?1 WHERE id = ?2 AND CAST(?3 AS BIGINT) = 0",
        record: |id, _| super::acme::sealed_record(id),
    },
    SealedColumn {
        select: "SELECT push_id, seq, before_content FROM push_steps \
                 WHERE private <> 0 AND before_content IS NOT NULL",
        update: "UPDATE push_steps SET before_content = ?1 WHERE push_id = ?2 AND seq = ?3",
        record: |push, seq| super::journal::record(push, seq as u32, "before"),
    },
    SealedColumn {
        select: "SELECT push_id, seq, after_content FROM push_steps \
                 WHERE private <> 0 AND after_content IS NOT NULL",
        update: "UPDATE push_steps SET after_content = ?1 WHERE push_id = ?2 AND seq = ?3",
        record: |push, seq| super::journal::record(push, seq as u32, "after"),
    },
];

/// Re-seals every sealed value in `db` from `old` to `new` (in the caller's transaction); how
/// many values.
pub(crate) fn reseal(db: &Db, old: &Vault, new: &Vault) -> Result<usize, StoreError> {
    let values = sealed_values(db)?;
    for value in &values {
        let plain = old.open_sealed(&value.record, &value.sealed)?;
        db.execute(
            value.column.update,
            params![new.seal(&value.record, &plain)?, value.keys.0, value.keys.1],
        )?;
    }
    Ok(values.len())
}

/// One sealed value as stored: its column, its row's keys, its record name, the sealed bytes.
pub(crate) struct SealedValue {
    pub column: &'static SealedColumn,
    pub keys: (i64, i64),
    pub record: String,
    pub sealed: Vec<u8>,
}

/// Every sealed value in `db`.
pub(crate) fn sealed_values(db: &Db) -> Result<Vec<SealedValue>, StoreError> {
    let mut values = Vec::new();
    for column in &SEALED_COLUMNS {
        for (first, second, sealed) in db.query_map(column.select, params![], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })? {
            values.push(SealedValue {
                column,
                keys: (first, second),
                record: (column.record)(first, second),
                sealed,
            });
        }
    }
    Ok(values)
}

/// An unlocked vault.
pub struct Vault {
    key: LessSafeKey,
    pub kind: VaultKind,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

const CHECK_PLAINTEXT: &[u8] = b"certdeck vault check";
const ARGON2_MEMORY_KIB: u32 = 64 * 1024;
const ARGON2_ITERATIONS: u32 = 3;

/// A `meta` value as bytes, whether it was stored as a blob or as text.
fn meta(db: &Db, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
    let value: Option<Cell> = db.query_opt(
        "SELECT value FROM meta WHERE key = ?1",
        params![key],
        |row| row.get(0),
    )?;
    Ok(match value {
        Some(Cell::Blob(bytes)) => Some(bytes),
        Some(Cell::Text(text)) => Some(text.into_bytes()),
        Some(Cell::Int(n)) => Some(n.to_string().into_bytes()),
        _ => None,
    })
}

fn set_meta(db: &Db, key: &str, value: &[u8]) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )
    .map(|_| ())
}

fn random<const N: usize>() -> Result<Zeroizing<[u8; N]>, StoreError> {
    let mut bytes = Zeroizing::new([0u8; N]);
    aws_lc_rs::rand::fill(bytes.as_mut())
        .map_err(|_| StoreError::Vault("the system random generator failed".into()))?;
    Ok(bytes)
}

fn cipher(key: &[u8]) -> Result<LessSafeKey, StoreError> {
    UnboundKey::new(&AES_256_GCM, key)
        .map(LessSafeKey::new)
        .map_err(|_| StoreError::Vault("bad vault key length".into()))
}

fn derive(passphrase: &str, salt: &[u8]) -> Result<Zeroizing<[u8; 32]>, StoreError> {
    let params = Params::new(ARGON2_MEMORY_KIB, ARGON2_ITERATIONS, 1, Some(32))
        .map_err(|e| StoreError::Vault(format!("Argon2 parameters: {e}")))?;
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(|e| StoreError::Vault(format!("Argon2: {e}")))?;
    Ok(key)
}

impl Vault {
    /// Unlocks the inventory's vault, creating it on first use.
    pub fn open(
        db: &mut Db,
        options: &VaultOptions,
        dir: &std::path::Path,
    ) -> Result<Self, StoreError> {
        if db.engine() == super::db::Engine::Postgres {
            return Self::from_team(db, options, dir);
        }
        let connection: &Db = db;
        match meta(connection, "vault.kind")?.as_deref() {
            Some(b"keychain") => Self::from_keychain(connection),
            Some(b"passphrase") => Self::from_passphrase(connection, options),
            Some(other) => Err(StoreError::Vault(format!(
                "unknown vault kind {:?}",
                String::from_utf8_lossy(other)
            ))),
            None => {
                // Two processes may both find no vault: create it under a write lock, and let
                // the loser open the winner's.
                let tx = db.transaction()?;
                let vault = if meta(&tx, "vault.kind")?.is_some() {
                    drop(tx);
                    return Self::open(db, options, dir);
                } else {
                    Self::create(&tx, options)?
                };
                tx.commit()?;
                Ok(vault)
            }
        }
    }

    fn keychain_user(connection: &Db) -> Result<String, StoreError> {
        let id = meta(connection, "inventory.id")?
            .ok_or_else(|| StoreError::Vault("the inventory has no id".into()))?;
        Ok(format!("vault-key-{}", String::from_utf8_lossy(&id)))
    }

    fn create(connection: &Db, options: &VaultOptions) -> Result<Self, StoreError> {
        let available = if options.keychain {
            keychain::ensure()
        } else {
            Err("the keychain is switched off for this inventory".to_string())
        };
        let keychain_problem = match available {
            Ok(store) => {
                let key = random::<32>()?;
                let entry = keychain::entry(&Self::keychain_user(connection)?)
                    .map_err(StoreError::Vault)?;
                match entry.set_secret(key.as_ref()) {
                    Ok(()) => {
                        let vault = Self {
                            key: cipher(key.as_ref())?,
                            kind: VaultKind::Keychain(store.to_string()),
                        };
                        set_meta(connection, "vault.kind", b"keychain")?;
                        set_meta(connection, "vault.keychain", store.as_bytes())?;
                        vault.store_check(connection)?;
                        return Ok(vault);
                    }
                    Err(error) => error.to_string(),
                }
            }
            Err(reason) => reason,
        };
        let Some(passphrase) = &options.passphrase else {
            return Err(StoreError::VaultLocked(format!(
                "no usable keychain ({keychain_problem}): set a vault passphrase \
                 (CERTDECK_VAULT_PASSPHRASE) to protect private keys with Argon2id instead"
            )));
        };
        let salt = random::<16>()?;
        let key = derive(passphrase, salt.as_ref())?;
        let vault = Self {
            key: cipher(key.as_ref())?,
            kind: VaultKind::Passphrase,
        };
        set_meta(connection, "vault.kind", b"passphrase")?;
        set_meta(connection, "vault.salt", salt.as_ref())?;
        vault.store_check(connection)?;
        Ok(vault)
    }

    fn from_keychain(connection: &Db) -> Result<Self, StoreError> {
        let store = keychain::ensure().map_err(|reason| {
            StoreError::VaultLocked(format!(
                "the keychain holding the vault key is not available: {reason}"
            ))
        })?;
        let entry =
            keychain::entry(&Self::keychain_user(connection)?).map_err(StoreError::Vault)?;
        let key = Zeroizing::new(entry.get_secret().map_err(|e| {
            StoreError::VaultLocked(format!("the vault key is not in the {store} keychain: {e}"))
        })?);
        let vault = Self {
            key: cipher(&key)?,
            kind: VaultKind::Keychain(store.to_string()),
        };
        vault.verify_check(connection)?;
        Ok(vault)
    }

    fn from_passphrase(connection: &Db, options: &VaultOptions) -> Result<Self, StoreError> {
        let passphrase = options.passphrase.as_ref().ok_or_else(|| {
            StoreError::VaultLocked(
                "the key vault is protected by a passphrase: give it (CERTDECK_VAULT_PASSPHRASE)"
                    .into(),
            )
        })?;
        let salt = meta(connection, "vault.salt")?
            .ok_or_else(|| StoreError::Vault("the vault has no salt".into()))?;
        let key = derive(passphrase, &salt)?;
        let vault = Self {
            key: cipher(key.as_ref())?,
            kind: VaultKind::Passphrase,
        };
        vault
            .verify_check(connection)
            .map_err(|_| StoreError::VaultLocked("wrong vault passphrase".into()))?;
        Ok(vault)
    }

    /// The team's current key, opened with this member's identity (keychain, or the
    /// passphrase-sealed file in `dir`).
    fn from_team(
        db: &Db,
        options: &VaultOptions,
        dir: &std::path::Path,
    ) -> Result<Self, StoreError> {
        let identity = super::team_keys::IdentityStore::of(dir, options)
            .identity()
            .map_err(|e| StoreError::VaultLocked(format!("this member's team identity: {e}")))?;
        let generation: String = db.value(
            "SELECT value FROM certdeck.meta WHERE key = 'team.generation'",
            params![],
        )?;
        let generation: i64 = generation
            .parse()
            .map_err(|_| StoreError::Vault(format!("team key generation {generation:?}")))?;
        let sealed: Option<Vec<u8>> = db.query_opt(
            "SELECT sealed FROM certdeck.team_keys WHERE generation = ?1 AND member = session_user",
            params![generation],
            |row| row.get(0),
        )?;
        let sealed = sealed.ok_or_else(|| {
            StoreError::VaultLocked(format!(
                "the team key (generation {generation}) is not sealed for this member: an admin \
                 adds them with certdeck team add (the recipient: certdeck team identity)"
            ))
        })?;
        let key = super::team_keys::unseal(&sealed, &identity).map_err(StoreError::VaultLocked)?;
        // Only the key an admin signed for this generation (issue 28): a copy somebody else
        // sealed for this member would make them seal new secrets under a key they chose.
        let team: String = db.value(
            "SELECT value FROM certdeck.meta WHERE key = 'team.id'",
            params![],
        )?;
        let signed = db.query_opt(
            &super::team_keys::SIGNED_GENERATION.replace("$1", "?1"),
            params![generation],
            |row| {
                Ok(super::team_keys::SignedGeneration {
                    check: row.get(0)?,
                    signer: row.get(1)?,
                    signature: row.get(2)?,
                    signer_key: row.get(3)?,
                })
            },
        )?;
        let generation_number = i32::try_from(generation)
            .map_err(|_| StoreError::Vault(format!("team key generation {generation}")))?;
        super::team_keys::authenticate(&key, &team, generation_number, signed.as_ref())
            .map_err(StoreError::VaultLocked)?;
        super::team_keys::check_generation(dir, &team, generation_number)
            .map_err(StoreError::VaultLocked)?;
        Self::from_team_key(&key, generation)
    }

    /// A vault over a team key of `generation`.
    pub fn from_team_key(key: &[u8; 32], generation: i64) -> Result<Self, StoreError> {
        Ok(Self {
            key: cipher(key)?,
            kind: VaultKind::Team(generation),
        })
    }

    fn store_check(&self, connection: &Db) -> Result<(), StoreError> {
        let sealed = self.seal("vault.check", CHECK_PLAINTEXT)?;
        set_meta(connection, "vault.check", &sealed)
    }

    fn verify_check(&self, connection: &Db) -> Result<(), StoreError> {
        let sealed = meta(connection, "vault.check")?
            .ok_or_else(|| StoreError::Vault("the vault has no check value".into()))?;
        match self.open_sealed("vault.check", &sealed) {
            Ok(plain) if plain.as_slice() == CHECK_PLAINTEXT => Ok(()),
            _ => Err(StoreError::VaultLocked(
                "the vault key does not open this inventory".into(),
            )),
        }
    }

    /// Seals `plaintext` for the record named `record` (e.g. `private_keys/12`).
    pub fn seal(&self, record: &str, plaintext: &[u8]) -> Result<Vec<u8>, StoreError> {
        let nonce_bytes = random::<NONCE_LEN>()?;
        let nonce = Nonce::assume_unique_for_key(*nonce_bytes);
        let mut buffer = Zeroizing::new(plaintext.to_vec());
        self.key
            .seal_in_place_append_tag(nonce, Aad::from(record.as_bytes()), &mut *buffer)
            .map_err(|_| StoreError::Vault("sealing failed".into()))?;
        let mut sealed = nonce_bytes.to_vec();
        sealed.extend_from_slice(&buffer);
        Ok(sealed)
    }

    /// Opens what [`Vault::seal`] sealed for the same record.
    pub fn open_sealed(
        &self,
        record: &str,
        sealed: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        if sealed.len() < NONCE_LEN {
            return Err(StoreError::Vault("sealed value too short".into()));
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce)
            .map_err(|_| StoreError::Vault("bad nonce".into()))?;
        let mut buffer = Zeroizing::new(ciphertext.to_vec());
        let plain_len = self
            .key
            .open_in_place(nonce, Aad::from(record.as_bytes()), &mut buffer)
            .map_err(|_| StoreError::Vault(format!("{record}: the sealed key does not open")))?
            .len();
        buffer.truncate(plain_len);
        Ok(buffer)
    }
}
