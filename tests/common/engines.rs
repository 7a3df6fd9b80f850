//! The store's tests on both engines: `on_both_engines!(name, …)` turns each `fn name(engine)`
//! into two tests, `name::sqlite` (an inventory file in a temporary folder) and
//! `name::postgres` (a new database with a team on one PostgreSQL server per test binary,
//! `common::postgres`), so every behaviour is shown on each.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use certdeck::store::db::Engine;
use certdeck::store::{Inventory, VaultOptions};

use super::postgres::{OWNER, Postgres};

/// The inventory of data folder `dir` on `engine`, made empty on first use; opened again, the same
/// one (a PostgreSQL database is made per folder and remembered, as the SQLite file lives in it).
pub fn inventory(engine: Engine, dir: &Path, vault: VaultOptions) -> Inventory {
    let inventory = open(engine, dir, vault);
    assert_eq!(
        inventory.engine(),
        engine,
        "the inventory runs on the engine asked for"
    );
    inventory
}

fn open(engine: Engine, dir: &Path, vault: VaultOptions) -> Inventory {
    match engine {
        Engine::Sqlite => Inventory::open(dir, vault).expect("inventory opens"),
        Engine::Postgres => {
            // The member's identity is kept in the data folder, sealed with the passphrase.
            let identity = certdeck::team::keys::IdentityStore::of(dir, &vault)
                .identity()
                .expect("a team identity");
            static DATABASES: Mutex<BTreeMap<PathBuf, String>> = Mutex::new(BTreeMap::new());
            let url = DATABASES
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .entry(dir.to_path_buf())
                .or_insert_with(|| new_team_database(&identity))
                .clone();
            // The folder points at it, so the command line run on the folder opens it too.
            certdeck::store::shared::point(dir, Some(&url)).expect("the folder points at it");
            Inventory::open(dir, vault).expect("shared inventory opens")
        }
    }
}

/// A new database with a team made by the server's DBA (whose identity is `identity`) on the
/// shared server; its address for the DBA.
pub fn new_team_database(identity: &age::x25519::Identity) -> String {
    new_team_database_on(Postgres::shared(), identity)
}

/// [`new_team_database`] on a server of the caller's.
pub fn new_team_database_on(server: &Postgres, identity: &age::x25519::Identity) -> String {
    let url = new_empty_database_on(server);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // One team made at a time on the shared server: roles belong to the whole server, and
    // PostgreSQL refuses two sessions granting the same role at once ("tuple concurrently
    // updated").
    static MAKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = MAKING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    runtime.block_on(async {
        let mut team = certdeck::team::Team::connect(&url).await.unwrap();
        team.init(&identity.to_public().to_string(), Some(identity))
            .await
            .unwrap();
    });
    url
}

/// A new database without a team on the shared server; its address for the DBA.
pub fn new_empty_database() -> String {
    new_empty_database_on(Postgres::shared())
}

fn new_empty_database_on(server: &Postgres) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    // One at a time: CREATE DATABASE copies template1 and refuses while another copy is made.
    static CREATING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = CREATING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let name = format!(
        "inventory_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (client, connection) =
            tokio_postgres::connect(&server.raw_url(OWNER), tokio_postgres::NoTls)
                .await
                .unwrap();
        tokio::spawn(connection);
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .unwrap_or_else(|e| panic!("CREATE DATABASE {name}: {e:?}"));
    });
    server.url_of(OWNER, &name)
}

/// Two tests per name: `name::sqlite` and `name::postgres` (Linux only: the server runs there).
#[macro_export]
macro_rules! on_both_engines {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name($crate::common::engines::Engine::Sqlite)
            }
            #[cfg(unix)]
            #[test]
            fn postgres() {
                super::$name($crate::common::engines::Engine::Postgres)
            }
        }
    )*};
}

/// Makes `dir` a data folder whose inventory is on `engine`, for tests that drive the command
/// line (`common::certdeck_in`): nothing for SQLite (the command makes its file); for
/// PostgreSQL a new team database the folder points at, this member's identity sealed with the
/// command line's vault passphrase.
pub fn prepare(engine: Engine, dir: &Path) {
    prepare_with(engine, dir, "vault passphrase");
}

/// [`prepare`] for a member whose identity is sealed with `passphrase`.
pub fn prepare_with(engine: Engine, dir: &Path, passphrase: &str) {
    if engine == Engine::Postgres {
        let vault = VaultOptions {
            passphrase: Some(zeroize::Zeroizing::new(passphrase.into())),
            keychain: false,
        };
        drop(inventory(engine, dir, vault));
    }
}
