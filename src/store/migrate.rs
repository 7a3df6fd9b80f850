//! Copying a whole inventory from one engine to the other: `certdeck team migrate --from-local`
//! (the data folder's SQLite file up to the team's PostgreSQL) and `--to-local` (back). Every
//! table is copied row by row with its ids, in one transaction on the target (all or nothing);
//! sealed values are opened with the source's vault and sealed with the target's (the local
//! vault key and the team key differ). [`Inventory::dump`] reads an inventory back in one
//! engine-neutral shape, so a copy can be compared with its source object by object.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use super::db::{Cell, Db, Engine, ToParam, params};
use super::vault::{reseal, sealed_values};
use super::{Inventory, StoreError, VaultOptions, shared};

/// Every table, in an order where each row's references are copied before it.
pub const TABLES: [&str; 28] = [
    "meta",
    "private_keys",
    "tls_parameters",
    "certificates",
    "certificate_der",
    "trusted_cas",
    "csrs",
    "nodes",
    "node_assignments",
    "node_trusted_cas",
    "local_cas",
    "issued_certificates",
    "push_log",
    "notified_alarms",
    "pushes",
    "push_steps",
    "acme_accounts",
    "dns_servers",
    "node_issuers",
    "renewal_runs",
    "revocation_status",
    "crl_cache",
    "endpoints",
    "observed_certificates",
    "saved_scans",
    "secrets",
    "notify_channels",
    "notify_log",
];

/// `meta` rows that belong to one vault and are not copied (each inventory keeps its own).
const VAULT_META: &str = "vault.%";

/// What a copy moved.
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Copied {
    /// Rows per table, in copy order.
    pub tables: Vec<(String, usize)>,
    /// Sealed values opened and sealed again for the target's vault.
    pub resealed: usize,
}

/// Which way a data folder's inventory moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The folder's own (SQLite) inventory up into the team's empty one; the folder then uses
    /// the team's.
    Up,
    /// The team's inventory down into the folder's own empty one; the folder then uses its own.
    Down,
}

fn cancelled() -> StoreError {
    StoreError::Invalid("the copy was cancelled: nothing was stored".into())
}

/// Moves data folder `dir`'s inventory between its own file and the team's database at `url`
/// (`None`: the one the folder uses now, going down): copies every object, compares both sides
/// object by object, and only then points the folder at the copy. The source stays as it was.
pub fn migrate_folder(
    dir: &Path,
    direction: Direction,
    url: Option<&str>,
    options: &VaultOptions,
    progress: &mut dyn FnMut(&str, usize),
    cancel: &AtomicBool,
) -> Result<Copied, StoreError> {
    let url = match (direction, url) {
        (_, Some(url)) => url.to_string(),
        (Direction::Up, None) => {
            return Err(StoreError::Invalid("no team database given".into()));
        }
        (Direction::Down, None) => shared::address(dir)?.ok_or_else(|| {
            StoreError::Invalid(format!("{} does not use a shared inventory", dir.display()))
        })?,
    };
    let mut local = Inventory::open_local(dir, options.clone())?;
    let mut team = Inventory::open_shared(&url, dir, options.clone())?;
    let (source, target) = match direction {
        Direction::Up => (&mut local, &mut team),
        Direction::Down => (&mut team, &mut local),
    };
    let copied = source.copy_into_with(target, progress, cancel)?;
    if source.dump()? != target.dump()? {
        return Err(StoreError::Invalid(
            "the copy differs from its source: the folder was not switched (the copy stays in \
             the target to look at)"
                .into(),
        ));
    }
    shared::point(dir, (direction == Direction::Up).then_some(url.as_str()))?;
    Ok(copied)
}

/// An inventory as rows of plain values per table (sealed values opened), for comparing.
pub type Dump = BTreeMap<String, Vec<Vec<Cell>>>;

/// The table's columns, in the engine's order.
fn columns(db: &Db, table: &str) -> Result<Vec<String>, StoreError> {
    let sql = match db.engine() {
        Engine::Sqlite => "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
        Engine::Postgres => {
            "SELECT column_name::text FROM information_schema.columns \
             WHERE table_schema = 'certdeck_inventory' AND table_name = ?1 \
             ORDER BY ordinal_position"
        }
    };
    db.query_map(sql, params![table], |row| row.get(0))
}

fn quoted(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every row of `table` over `columns`, in key order; `meta` without the vault's rows.
fn rows(db: &Db, table: &str, columns: &[String]) -> Result<Vec<Vec<Cell>>, StoreError> {
    let filter = if table == "meta" {
        format!("WHERE key NOT LIKE '{VAULT_META}'")
    } else {
        String::new()
    };
    let order = if columns.len() > 1 { "1, 2" } else { "1" };
    db.query_map(
        &format!(
            "SELECT {} FROM {table} {filter} ORDER BY {order}",
            quoted(columns)
        ),
        params![],
        |row| (0..columns.len()).map(|i| row.get::<Cell>(i)).collect(),
    )
}

impl Inventory {
    /// Copies every object of this inventory into `target`, which must hold none yet; sealed
    /// values are sealed again for the target's vault. One transaction on the target: a
    /// failure (or a connection lost) leaves it empty.
    pub fn copy_into(&mut self, target: &mut Inventory) -> Result<Copied, StoreError> {
        self.copy_into_with(target, &mut |_, _| {}, &AtomicBool::new(false))
    }

    /// [`Self::copy_into`], telling `progress` each table copied (its name, its rows) and
    /// stopping — nothing stored — once `cancel` is set.
    pub fn copy_into_with(
        &mut self,
        target: &mut Inventory,
        progress: &mut dyn FnMut(&str, usize),
        cancel: &AtomicBool,
    ) -> Result<Copied, StoreError> {
        let held: i64 = target.db.value(
            "SELECT (SELECT count(*) FROM certificates) + (SELECT count(*) FROM nodes) \
             + (SELECT count(*) FROM csrs) + (SELECT count(*) FROM private_keys) \
             + (SELECT count(*) FROM acme_accounts) + (SELECT count(*) FROM endpoints)",
            params![],
        )?;
        if held > 0 {
            return Err(StoreError::Invalid(format!(
                "the target inventory is not empty ({held} objects): a copy goes into an empty one"
            )));
        }
        // Both vaults open before the copy's transaction (opening one may write its own rows).
        let has_sealed = !sealed_values(&self.db)?.is_empty();
        if has_sealed {
            self.vault()?;
            target.vault()?;
        }
        let mut copied = Copied::default();
        let tx = target.db.transaction()?;
        for table in TABLES {
            let source_columns = columns(&self.db, table)?;
            let target_columns = columns(&tx, table)?;
            let shared: Vec<String> = source_columns
                .into_iter()
                .filter(|c| target_columns.contains(c))
                .collect();
            let rows = rows(&self.db, table, &shared)?;
            if table == "meta" {
                // The target's own id gives way to the source's: keychain entries (node
                // credentials) are filed under it.
                tx.execute(
                    "DELETE FROM meta WHERE key NOT LIKE ?1",
                    params![VAULT_META],
                )?;
            }
            let placeholders: Vec<String> = (1..=shared.len()).map(|i| format!("?{i}")).collect();
            let mut insert = tx.prepare(&format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                quoted(&shared),
                placeholders.join(", ")
            ))?;
            for (index, row) in rows.iter().enumerate() {
                if index % 1024 == 0 && cancel.load(Ordering::Relaxed) {
                    return Err(cancelled());
                }
                let values: Vec<&dyn ToParam> = row.iter().map(|c| c as &dyn ToParam).collect();
                insert.execute(&values)?;
            }
            progress(table, rows.len());
            copied.tables.push((table.to_string(), rows.len()));
        }
        if has_sealed {
            let (from, to) = (self.vault.as_ref(), target.vault.as_ref());
            let (Some(from), Some(to)) = (from, to) else {
                return Err(StoreError::Vault("the vaults did not open".into()));
            };
            copied.resealed = reseal(&tx, from, to)?;
        }
        if tx.engine() == Engine::Postgres {
            // Rows came with their ids: the next new row's id follows the largest.
            for table in TABLES {
                if columns(&tx, table)?.iter().any(|c| c == "id") {
                    tx.execute_batch(&format!(
                        "SELECT setval(pg_get_serial_sequence('certdeck_inventory.{table}', 'id'), \
                         max(id)) FROM {table} HAVING max(id) IS NOT NULL"
                    ))?;
                }
            }
        }
        if cancel.load(Ordering::Relaxed) {
            return Err(cancelled());
        }
        tx.commit()?;
        Ok(copied)
    }

    /// Every table's rows as plain values, sealed values opened (and so the vault unlocked when
    /// there are any): two inventories holding the same objects give the same dump, whatever
    /// their engines. `meta`'s vault rows are left out.
    pub fn dump(&mut self) -> Result<Dump, StoreError> {
        let sealed = sealed_values(&self.db)?;
        if !sealed.is_empty() {
            self.vault()?;
        }
        let mut dump = Dump::new();
        for table in TABLES {
            let columns = columns(&self.db, table)?;
            let mut rows = rows(&self.db, table, &columns)?;
            let at = |name: &str| columns.iter().position(|c| c == name);
            let private = at("private");
            // Sealed columns differ with the vault's key: their opened values are compared below.
            let sealed: Vec<usize> = match table {
                "private_keys" => at("sealed").into_iter().collect(),
                "acme_accounts" => at("credentials").into_iter().collect(),
                "push_steps" => [at("before_content"), at("after_content")]
                    .into_iter()
                    .flatten()
                    .collect(),
                _ => Vec::new(),
            };
            for row in &mut rows {
                let is_sealed = private.is_none_or(|i| row[i] != Cell::Int(0));
                for &i in &sealed {
                    if is_sealed && row[i] != Cell::Null {
                        row[i] = Cell::Text("(sealed)".into());
                    }
                }
                for cell in row.iter_mut() {
                    // Text and bytes are one kind here: SQLite keeps either in any column.
                    if let Cell::Text(text) = cell {
                        *cell = Cell::Blob(std::mem::take(text).into_bytes());
                    }
                }
            }
            dump.insert(table.to_string(), rows);
        }
        if let Some(vault) = &self.vault {
            for value in sealed {
                let plain = vault.open_sealed(&value.record, &value.sealed)?;
                dump.entry(format!("sealed {}", value.record))
                    .or_default()
                    .push(vec![Cell::Blob(plain.to_vec())]);
            }
        }
        Ok(dump)
    }
}
