//! The inventory: a SQLite database of certificates, sealed private keys, signing requests, TLS
//! parameters, nodes and the trusted CA list, in the platform data folder (or `--data-dir` /
//! `CERTDECK_DATA_DIR`). Shared by the CLI and the desktop app: WAL and a busy timeout let both
//! use it at once, and every user action is one transaction.

pub mod acme;
pub mod approvals;
mod chains;
pub mod db;
pub mod endpoints;
pub mod export;
pub mod import;
pub mod journal;
pub mod keychain;
mod lookups;
pub mod migrate;
pub mod nodes;
pub mod notify;
pub mod overview;
mod query;
pub mod report;
pub mod requests;
pub mod revocation;
mod schema;
pub mod secrets;
pub mod shared;
mod stored;
pub mod team_keys;
pub mod vault;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use self::db::params;

pub use import::{
    Action, Effects, ImportInput, ImportOutcome, ImportReport, NoPasswords, PasswordSource,
    decode_inputs,
};
pub use nodes::{Node, NodeSetup};
pub use query::{
    CertificateReader, CertificateRow, ListFilter, PossibleIssuers, RevocationState, Role,
    TrustedCa,
};
pub use vault::{Vault, VaultKind, VaultOptions};

/// File name of the database inside the data folder.
pub const DATABASE_FILE: &str = "inventory.sqlite3";

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("inventory database: {0}")]
    Database(String),
    #[error("key vault: {0}")]
    Vault(String),
    /// The vault cannot be opened without something from the user (keychain, passphrase).
    #[error("key vault locked: {0}")]
    VaultLocked(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Io(String),
    #[error("{0}")]
    Invalid(String),
    /// The object was changed by someone else since it was read (says who and when).
    #[error("{0}")]
    Changed(String),
    /// A unique or foreign-key constraint refused a write (the caller names what exists).
    #[error("inventory database: {0}")]
    Constraint(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        match error {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                Self::Constraint(error.to_string())
            }
            other => Self::Database(other.to_string()),
        }
    }
}

/// An open inventory.
pub struct Inventory {
    db: db::Db,
    dir: PathBuf,
    vault_options: VaultOptions,
    vault: Option<Vault>,
}

impl std::fmt::Debug for Inventory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inventory")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

/// The operating system's account running certdeck (also when `$USER` is unset, as in
/// services and scheduled tasks): who pushes and changes a local inventory.
pub fn os_user() -> String {
    let name = whoami::username();
    if name.is_empty() {
        "unknown".into()
    } else {
        name
    }
}

impl Inventory {
    /// The platform's data folder for certdeck (e.g. `~/.local/share/certdeck`).
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("io.github", "certdeck", "certdeck")
            .map(|dirs| dirs.data_dir().to_path_buf())
    }

    /// Opens the inventory of data folder `dir`: the team's shared one when the folder points
    /// at one ([`shared::address`]), else the folder's own SQLite file (created if needed), its
    /// schema brought up to date.
    pub fn open(dir: &Path, vault_options: VaultOptions) -> Result<Self, StoreError> {
        if let Some(url) = shared::address(dir)? {
            return Self::open_shared(&url, dir, vault_options);
        }
        Self::open_local(dir, vault_options)
    }

    /// The folder's own SQLite inventory, whether or not the folder points at a shared one.
    pub fn open_local(dir: &Path, vault_options: VaultOptions) -> Result<Self, StoreError> {
        create_private_dir(dir)?;
        let path = dir.join(DATABASE_FILE);
        let mut connection = Connection::open(&path)
            .map_err(|e| StoreError::Database(format!("{}: {e}", path.display())))?;
        restrict_file(&path)?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        // Every statement the store runs stays compiled (there are about two hundred; the
        // default keeps 16, and a busy import would re-compile its own between rows).
        connection.set_prepared_statement_cache_capacity(256);
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&mut connection)?.map_err(StoreError::Invalid)?;
        Self::with_db(db::Db::Sqlite(connection), dir, vault_options)
    }

    /// Opens a team's shared inventory on PostgreSQL (`postgres://member@host/database`), made
    /// by `certdeck team init`. `dir` is still this machine's data folder (the member's
    /// identity, settings and caches live there).
    pub fn open_shared(
        url: &str,
        dir: &Path,
        vault_options: VaultOptions,
    ) -> Result<Self, StoreError> {
        create_private_dir(dir)?;
        let pg = db::Pg::connect(url, "certdeck_inventory")?;
        let db = db::Db::Postgres(pg);
        use db::team_schema as schema;
        let version = match db.value::<bool>(schema::HAS_META, params![])? {
            false => 0,
            true => schema::parse_version(db.query_opt(schema::VERSION, params![], |r| r.get(0))?)?,
        };
        if version == 0 {
            return Err(StoreError::Invalid(format!(
                "{url} holds no certdeck team: create it with certdeck team init"
            )));
        }
        db::connection::known(version).map_err(StoreError::Invalid)?;
        // The inventory's statements are this certdeck's: they need its newest schema.
        if version < schema::MIGRATIONS.len() {
            return Err(StoreError::Invalid(format!(
                "the team schema is version {version}, older than this certdeck needs ({}): the \
                 database administrator (a PostgreSQL superuser) upgrades it with certdeck team \
                 upgrade",
                schema::MIGRATIONS.len()
            )));
        }
        Self::with_db(db, dir, vault_options)
    }

    fn with_db(db: db::Db, dir: &Path, vault_options: VaultOptions) -> Result<Self, StoreError> {
        // Made once. Asked for only when missing: the first random bytes of a process start
        // AWS-LC's entropy source, tens of milliseconds that `list` or `alarms` need not pay.
        let has_id: bool = db.value(
            "SELECT EXISTS (SELECT 1 FROM meta WHERE key = 'inventory.id')",
            params![],
        )?;
        if !has_id {
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('inventory.id', ?1) \
                 ON CONFLICT (key) DO NOTHING",
                params![random_id()?],
            )?;
        }
        Ok(Self {
            db,
            dir: dir.to_path_buf(),
            vault_options,
            vault: None,
        })
    }

    /// Who makes changes through this inventory, as changes record it: the PostgreSQL member on
    /// a shared inventory, the operating system's account on a local one.
    pub fn who(&self) -> String {
        match &self.db {
            db::Db::Postgres(pg) => pg.me().to_string(),
            db::Db::Sqlite(_) => os_user(),
        }
    }

    /// The team database's address, on a shared inventory.
    pub fn shared_address(&self) -> Option<&str> {
        match &self.db {
            db::Db::Postgres(pg) => Some(pg.url()),
            db::Db::Sqlite(_) => None,
        }
    }

    /// Runs `change` in one transaction together with its line in the team's audit log
    /// (`action`, `object`, and the detail `change` returns); nothing is logged on a local
    /// inventory.
    pub(crate) fn audited<T>(
        &mut self,
        action: &str,
        object: &str,
        change: impl FnOnce(&db::Db) -> Result<(T, String), StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self.db.transaction()?;
        let (value, detail) = change(&tx)?;
        tx.audit(action, object, &detail)?;
        tx.commit()?;
        Ok(value)
    }

    /// Which engine holds this inventory.
    pub fn engine(&self) -> db::Engine {
        self.db.engine()
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The inventory's own random id (made when it was created): what keeps its keychain
    /// entries apart from another inventory's.
    pub fn id(&self) -> Result<String, StoreError> {
        let value: Vec<u8> = self.db.value(
            "SELECT value FROM meta WHERE key = 'inventory.id'",
            params![],
        )?;
        Ok(String::from_utf8_lossy(&value).into_owned())
    }

    /// Unlocks the vault (once per session).
    pub fn vault(&mut self) -> Result<&Vault, StoreError> {
        if self.vault.is_none() {
            self.vault = Some(Vault::open(&mut self.db, &self.vault_options, &self.dir)?);
        }
        self.vault
            .as_ref()
            .ok_or_else(|| StoreError::Vault("the vault did not open".into()))
    }

    /// How the vault is protected, without unlocking it (`None` before the first key).
    pub fn vault_kind(&self) -> Result<Option<String>, StoreError> {
        let kind: Option<Vec<u8>> = self.db.query_opt(
            "SELECT value FROM meta WHERE key = 'vault.kind'",
            params![],
            |r| r.get(0),
        )?;
        Ok(kind.map(|k| String::from_utf8_lossy(&k).into_owned()))
    }
}

/// An edit refused because `what` was changed by `by` at `at` (Unix seconds) after the form
/// that made it read it.
fn changed_meanwhile(what: &str, by: Option<String>, at: Option<i64>) -> StoreError {
    let when = at
        .and_then(|at| time::OffsetDateTime::from_unix_timestamp(at).ok())
        .map(crate::pki::display::display_time)
        .unwrap_or_else(|| "an unknown time".into());
    StoreError::Changed(format!(
        "{what} was changed by {} at {when} after you opened it: open it again to see the \
         changes, then make yours",
        by.as_deref().unwrap_or("someone")
    ))
}

/// A comma-separated list column (`a,b`) as its items, without empty ones.
fn split_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A database error, with a constraint violation (a name that exists already) said as `what`.
fn constraint(error: impl Into<StoreError>, what: String) -> StoreError {
    match error.into() {
        StoreError::Constraint(_) => StoreError::Invalid(what),
        other => other,
    }
}

/// An identifier, not a secret: straight from the operating system, without starting AWS-LC's
/// entropy source (tens of milliseconds) for it.
fn random_id() -> Result<String, StoreError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| StoreError::Vault(format!("the system random generator failed: {e}")))?;
    Ok(hex::encode(bytes))
}

pub(crate) fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| StoreError::Io(format!("cannot create {}: {e}", dir.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

pub(crate) fn restrict_file(path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| StoreError::Io(format!("{}: {e}", path.display())))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Writes a file only its owner may read (0600 from its creation, in a 0700 folder): a secret
/// sealed by a passphrase is still not for other accounts to copy and attack offline. Written
/// to a temporary name and renamed, so a crash leaves the old file or the new one.
pub(crate) fn write_private_file(
    dir: &Path,
    path: &Path,
    content: &[u8],
) -> Result<(), StoreError> {
    use std::io::Write;
    create_private_dir(dir)?;
    let temp = path.with_extension("certdeck-new");
    let _ = std::fs::remove_file(&temp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let io = |e: std::io::Error| StoreError::Io(format!("{}: {e}", path.display()));
    let mut file = options.open(&temp).map_err(io)?;
    file.write_all(content)
        .and_then(|()| file.sync_all())
        .map_err(io)?;
    drop(file);
    std::fs::rename(&temp, path).map_err(io)
}
