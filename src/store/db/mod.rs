//! The inventory's database behind one interface, with two engines: SQLite (a file in the data
//! folder, the default) and PostgreSQL (a team's shared inventory, issue 17).
//!
//! The store's statements are written once, in the SQL both engines take: `?N` parameters
//! (rewritten to `$N` for PostgreSQL), `INSERT … ON CONFLICT … DO NOTHING / DO UPDATE` (not
//! SQLite's `INSERT OR …`), `RETURNING id` (not `last_insert_rowid`), `COALESCE`, integers for
//! flags. Where the two must differ a statement asks [`Db::engine`]; SQLite's own tuning
//! (journal mode, page cache) goes through [`Db::sqlite`]. Statements run at volume use
//! [`Db::prepare`], which SQLite keeps compiled.

pub mod connection;
mod postgres;
pub mod team_schema;
mod team_schema_roles;
mod value;

pub use self::postgres::{Pg, numbered_parameters};
pub use value::{Cell, CellRef, FromCell, Param, ToParam};

use super::StoreError;

/// Which engine an inventory runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The database's clock as Unix seconds, for a change a command makes without being given
    /// the time.
    pub fn unix_now(self) -> &'static str {
        match self {
            Engine::Sqlite => "unixepoch()",
            Engine::Postgres => "CAST(extract(epoch FROM now()) AS BIGINT)",
        }
    }

    /// `expr` as a sort key that ignores case and orders the same on both engines (PostgreSQL
    /// would otherwise sort by the database's locale, SQLite by code point).
    pub fn text_order(self, expr: &str) -> String {
        match self {
            Engine::Sqlite => format!("lower({expr})"),
            Engine::Postgres => format!("lower({expr}) COLLATE \"C\""),
        }
    }
}

/// An open inventory database.
pub enum Db {
    Sqlite(rusqlite::Connection),
    Postgres(Pg),
}

/// The parameters of one statement: `params![a, b]`.
macro_rules! params {
    () => { &[] as &[&dyn $crate::store::db::ToParam] };
    ($($value:expr),+ $(,)?) => {
        &[$(&$value as &dyn $crate::store::db::ToParam),+] as &[&dyn $crate::store::db::ToParam]
    };
}
pub(crate) use params;

/// One row of a result, from either engine.
pub enum Row<'a, 'stmt> {
    Sqlite(&'a rusqlite::Row<'stmt>),
    Cells(&'a [Cell]),
}

impl Row<'_, '_> {
    /// Column `index` as `T` (an integer column read as `bool`, text as bytes and back, NULL
    /// as `None`).
    pub fn get<T: FromCell>(&self, index: usize) -> Result<T, StoreError> {
        let cell = match self {
            Row::Sqlite(row) => CellRef::from(row.get_ref(index)?),
            Row::Cells(cells) => cells.get(index).map(CellRef::from).ok_or_else(|| {
                StoreError::Database(format!("the statement has no column {index}"))
            })?,
        };
        T::from_cell(cell)
            .map_err(|reason| StoreError::Database(format!("column {index}: {reason}")))
    }
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Db::Sqlite(_) => "Db::Sqlite",
            Db::Postgres(_) => "Db::Postgres",
        })
    }
}

impl Db {
    pub fn engine(&self) -> Engine {
        match self {
            Db::Sqlite(_) => Engine::Sqlite,
            Db::Postgres(_) => Engine::Postgres,
        }
    }

    /// The SQLite connection, for SQLite's own tuning (journal mode, page cache); none on a
    /// shared inventory, where the server tunes itself.
    pub fn sqlite(&self) -> Option<&rusqlite::Connection> {
        match self {
            Db::Sqlite(connection) => Some(connection),
            Db::Postgres(_) => None,
        }
    }

    /// Runs a statement; the number of rows it changed.
    pub fn execute(&self, sql: &str, params: &[&dyn ToParam]) -> Result<usize, StoreError> {
        self.prepare(sql)?.execute(params)
    }

    /// Runs statements separated by semicolons, without parameters.
    pub fn execute_batch(&self, sql: &str) -> Result<(), StoreError> {
        match self {
            Db::Sqlite(connection) => Ok(connection.execute_batch(sql)?),
            Db::Postgres(pg) => pg.batch(sql),
        }
    }

    /// Every row of a query, each turned into a `T` by `each`.
    pub fn query_map<T>(
        &self,
        sql: &str,
        params: &[&dyn ToParam],
        each: impl FnMut(&Row) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        self.prepare(sql)?.query_map(params, each)
    }

    /// The first row of a query, if there is one.
    pub fn query_opt<T>(
        &self,
        sql: &str,
        params: &[&dyn ToParam],
        each: impl FnOnce(&Row) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        self.prepare(sql)?.query_opt(params, each)
    }

    /// The first row of a query that always has one (an aggregate, `RETURNING`).
    pub fn query_one<T>(
        &self,
        sql: &str,
        params: &[&dyn ToParam],
        each: impl FnOnce(&Row) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.query_opt(sql, params, each)?
            .ok_or_else(|| StoreError::Database(format!("no row from: {sql}")))
    }

    /// A single value: `SELECT count(*) …`.
    pub fn value<T: FromCell>(&self, sql: &str, params: &[&dyn ToParam]) -> Result<T, StoreError> {
        self.query_one(sql, params, |row| row.get(0))
    }

    /// Writes a line of the team's audit log in the current transaction (who and when are the
    /// database's own; the log's trigger chains it to the line before): on a shared inventory
    /// every change is logged where it is made, all or nothing with it. A local inventory has
    /// no team log.
    pub fn audit(&self, action: &str, object: &str, detail: &str) -> Result<(), StoreError> {
        if self.engine() == Engine::Sqlite {
            return Ok(());
        }
        self.execute(
            "INSERT INTO certdeck.audit (id, at, who, action, object, result, detail, previous, hash) \
             VALUES (0, now(), '', ?1, ?2, 'ok', ?3, '', '')",
            params![action, object, detail],
        )?;
        Ok(())
    }

    /// A statement to run many times (an import's inserts): SQLite keeps it compiled; the
    /// PostgreSQL thread keeps every statement it prepared anyway.
    pub fn prepare(&self, sql: &str) -> Result<Statement<'_>, StoreError> {
        Ok(match self {
            Db::Sqlite(connection) => Statement::Sqlite(connection.prepare_cached(sql)?),
            Db::Postgres(pg) => Statement::Postgres {
                pg,
                sql: sql.to_owned(),
            },
        })
    }

    /// Starts a write transaction, rolled back unless committed. One writer at a time on both
    /// engines, readers never waiting: SQLite takes its write lock at once (`BEGIN IMMEDIATE`,
    /// so a reader turned writer cannot deadlock with another writer); PostgreSQL takes the
    /// inventory's advisory lock for the transaction, since a write recomputes columns across
    /// the whole inventory (chain links) that two writers at once would compute from each
    /// other's stale rows.
    pub fn transaction(&mut self) -> Result<Tx<'_>, StoreError> {
        self.execute_batch(match self.engine() {
            Engine::Sqlite => "BEGIN IMMEDIATE",
            Engine::Postgres => {
                "BEGIN; SELECT pg_advisory_xact_lock(hashtext('certdeck inventory writer'))"
            }
        })?;
        Ok(Tx {
            db: self,
            open: true,
        })
    }
}

/// See [`Db::prepare`].
pub enum Statement<'a> {
    Sqlite(rusqlite::CachedStatement<'a>),
    Postgres { pg: &'a Pg, sql: String },
}

impl Statement<'_> {
    pub fn execute(&mut self, params: &[&dyn ToParam]) -> Result<usize, StoreError> {
        match self {
            Statement::Sqlite(statement) => {
                Ok(statement.execute(rusqlite::params_from_iter(sqlite_params(params)))?)
            }
            Statement::Postgres { pg, sql } => pg.execute(sql, cells(params)),
        }
    }

    pub fn query_map<T>(
        &mut self,
        params: &[&dyn ToParam],
        mut each: impl FnMut(&Row) -> Result<T, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        match self {
            Statement::Sqlite(statement) => {
                let mut rows =
                    statement.query(rusqlite::params_from_iter(sqlite_params(params)))?;
                let mut out = Vec::new();
                while let Some(row) = rows.next()? {
                    out.push(each(&Row::Sqlite(row))?);
                }
                Ok(out)
            }
            Statement::Postgres { pg, sql } => pg
                .query(sql, cells(params))?
                .iter()
                .map(|cells| each(&Row::Cells(cells)))
                .collect(),
        }
    }

    pub fn query_opt<T>(
        &mut self,
        params: &[&dyn ToParam],
        each: impl FnOnce(&Row) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        match self {
            Statement::Sqlite(statement) => {
                let mut rows =
                    statement.query(rusqlite::params_from_iter(sqlite_params(params)))?;
                match rows.next()? {
                    Some(row) => each(&Row::Sqlite(row)).map(Some),
                    None => Ok(None),
                }
            }
            Statement::Postgres { pg, sql } => match pg.query(sql, cells(params))?.first() {
                Some(cells) => each(&Row::Cells(cells)).map(Some),
                None => Ok(None),
            },
        }
    }

    /// The first column of the first row (an id from `RETURNING id`).
    pub fn value<T: FromCell>(&mut self, params: &[&dyn ToParam]) -> Result<T, StoreError> {
        self.query_opt(params, |row| row.get(0))?
            .ok_or_else(|| StoreError::Database("the statement returned no row".into()))
    }
}

/// A transaction: statements run on it through `Deref`; dropped without `commit`, it rolls back.
pub struct Tx<'a> {
    db: &'a mut Db,
    open: bool,
}

impl Tx<'_> {
    pub fn commit(mut self) -> Result<(), StoreError> {
        self.open = false;
        self.db.execute_batch("COMMIT")
    }

    /// Undoes everything (a preview), saying so if the engine refuses.
    pub fn rollback(mut self) -> Result<(), StoreError> {
        self.open = false;
        self.db.execute_batch("ROLLBACK")
    }
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if self.open {
            // Nothing to tell: the caller is already returning the error that stopped it.
            let _ = self.db.execute_batch("ROLLBACK");
        }
    }
}

fn sqlite_params<'a>(params: &'a [&'a dyn ToParam]) -> impl Iterator<Item = Param<'a>> + 'a {
    params.iter().map(|p| p.to_param())
}

fn cells(params: &[&dyn ToParam]) -> Vec<Cell> {
    params.iter().map(|p| p.to_param().to_cell()).collect()
}
