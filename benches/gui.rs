//! `cargo bench --bench gui`: what the inventory window costs with the estate of
//! `common::estate` (10,000 leaves, or `CERTDECK_BENCH_LEAVES`). Measures, in process:
//! - loading the inventory for the window (rows, statuses, chain pool), the work between start
//!   and the first frame of the list;
//! - one filter keystroke: filtering and sorting the 10,011 rows again, which is all the update
//!   does before the list (only its visible rows) is laid out anew.
//!
//! Results are recorded in docs/performance.md.

mod common;
use common::best_of;

use std::time::Duration;

use certdeck::gui::inventory::load_from;
use certdeck::gui::list::{Show, SortColumn, visible_rows};
use certdeck::pki::DecodeOptions;
use certdeck::store::{ImportInput, Inventory, NoPasswords, VaultOptions};

fn main() {
    let bundle = common::estate::ensure(common::leaves_from_env()).join("all.pem");
    let now = common::estate::NOW;
    let folder = tempfile::tempdir().expect("temp dir");
    let options = VaultOptions {
        passphrase: Some(zeroize::Zeroizing::new("bench".to_string())),
        keychain: false,
    };
    let mut inventory = Inventory::open(folder.path(), options).expect("open");
    inventory
        .import(
            &[ImportInput::Path(bundle)],
            &DecodeOptions::default(),
            &mut NoPasswords,
            now,
        )
        .expect("import");

    let (load_time, loaded) = best_of(5, || load_from(&inventory, now, 30).expect("load"));
    println!("inventory window, {} certificates", loaded.rows.len());
    println!(
        "  load for the first frame  {:>8.1} ms",
        load_time.as_secs_f64() * 1e3
    );

    // Typing "host12" one key at a time, sorted by status (the default) and by name.
    for (sort, label) in [(SortColumn::Status, "status"), (SortColumn::Name, "name")] {
        let mut worst = Duration::ZERO;
        let mut shown = 0;
        for typed in ["h", "ho", "hos", "host", "host1", "host12", ""] {
            let (time, visible) = best_of(5, || {
                visible_rows(&loaded.rows, typed, Show::All, sort, true)
            });
            worst = worst.max(time);
            shown = visible.len();
        }
        assert_eq!(shown, loaded.rows.len());
        println!(
            "  filter keystroke (sorted by {label:<6}) worst {:>6.1} ms",
            worst.as_secs_f64() * 1e3
        );
    }
}
