//! `cargo bench --bench shared`: a team's shared inventory on PostgreSQL (issue 17), beside the
//! local SQLite one, on the estate of `common::estate` (realistic: RSA and EC leaves under RSA
//! intermediates, some expired). A PostgreSQL server is started for the run on a loopback port
//! with production durability (fsync on), as the tests' server is not.
//! Measures, with the release `certdeck` program (`cargo build --release` first):
//! - `certdeck import` of the 10,011-certificate bundle into a new inventory;
//! - `certdeck list --json` of the 100,011-certificate inventory (`CERTDECK_BENCH_LEAVES`
//!   chooses the large size; default 100,000 leaves);
//! - the window's load of that inventory (rows, statuses, chain pool), in process.
//!
//! Results are recorded in docs/performance.md.

mod common;
#[path = "../tests/common/mod.rs"]
#[allow(unused_imports)]
mod servers;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use certdeck::gui::inventory::load_from;
use certdeck::store::{Inventory, VaultOptions};
use servers::postgres::Postgres;

const PASSPHRASE: &str = "bench";

fn vault() -> VaultOptions {
    VaultOptions {
        passphrase: Some(zeroize::Zeroizing::new(PASSPHRASE.to_string())),
        keychain: false,
    }
}

/// `certdeck ARGS` on data folder `dir`; its wall time in seconds.
fn timed(dir: &Path, args: &[&str]) -> f64 {
    let program = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/certdeck");
    assert!(
        program.exists(),
        "build the release program first: cargo build --release"
    );
    let start = Instant::now();
    let output = Command::new(program)
        .args(args)
        .env("CERTDECK_DATA_DIR", dir)
        .env("CERTDECK_VAULT_PASSPHRASE", PASSPHRASE)
        .env("CERTDECK_KEYCHAIN", "none")
        .output()
        .expect("certdeck runs");
    let seconds = start.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "certdeck {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    seconds
}

/// A data folder on `engine`: SQLite in the folder, or a new team database it points at.
fn folder(shared: Option<&Postgres>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    if let Some(server) = shared {
        let identity = certdeck::team::keys::IdentityStore::of(dir.path(), &vault())
            .identity()
            .expect("identity");
        let url = servers::engines::new_team_database_on(server, &identity);
        certdeck::store::shared::point(dir.path(), Some(&url)).expect("point");
    }
    dir
}

fn main() {
    let small = common::estate::ensure(10_000).join("all.pem");
    let large_leaves = std::env::var("CERTDECK_BENCH_LEAVES")
        .ok()
        .and_then(|n| n.replace('_', "").parse().ok())
        .unwrap_or(100_000);
    let large = common::estate::ensure(large_leaves).join("all.pem");
    let server = Postgres::start_durable();
    let now = common::estate::NOW;
    println!("engine      import 10,011   list {large_leaves}+11   window load");
    for (name, shared) in [("sqlite", None), ("postgres", Some(&server))] {
        let small_dir = folder(shared);
        let import = timed(small_dir.path(), &["import", &small.display().to_string()]);
        let large_dir = folder(shared);
        let import_large = timed(large_dir.path(), &["import", &large.display().to_string()]);
        let list = (0..3)
            .map(|_| timed(large_dir.path(), &["list", "--json"]))
            .fold(f64::MAX, f64::min);
        let inventory = Inventory::open(large_dir.path(), vault()).expect("open");
        let (load, loaded) = common::best_of(3, || load_from(&inventory, now, 30).expect("load"));
        assert_eq!(loaded.rows.len(), large_leaves + 11);
        println!(
            "{name:<10} {import:>8.2} s {list:>14.2} s {:>11.2} s   (import of the large one {import_large:.1} s)",
            load.as_secs_f64()
        );
    }
}
