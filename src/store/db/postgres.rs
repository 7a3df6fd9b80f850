//! The PostgreSQL engine: a `tokio-postgres` client owned by a thread of its own, which the store
//! (synchronous, like rusqlite) asks and waits for.
//!
//! Why a thread and not the `postgres` crate's blocking client: that client drives its own tokio
//! runtime on the caller's thread, and the store is called from inside async code (the renewal
//! pass, the window's tasks), where starting a runtime panics. Here the caller only waits on a
//! channel, as it waits on SQLite's file lock.

use std::collections::HashMap;
use std::sync::mpsc as std_mpsc;

use tokio::sync::mpsc;
use tokio_postgres::Statement;
use tokio_postgres::types::ToSql;

use super::Cell;
use crate::store::StoreError;

type Reply<T> = std_mpsc::SyncSender<Result<T, StoreError>>;

enum Request {
    Query {
        sql: String,
        params: Vec<Cell>,
        reply: Reply<Vec<Vec<Cell>>>,
    },
    Execute {
        sql: String,
        params: Vec<Cell>,
        reply: Reply<usize>,
    },
    Batch {
        sql: String,
        reply: Reply<()>,
    },
}

/// A connection to a team's database, its inventory schema first on the search path.
pub struct Pg {
    requests: Option<mpsc::UnboundedSender<Request>>,
    worker: Option<std::thread::JoinHandle<()>>,
    /// The PostgreSQL role this connection logged in as.
    me: String,
    url: String,
    schema: String,
}

impl Pg {
    /// Connects to `url` and looks up tables in `schema` first.
    pub fn connect(url: &str, schema: &str) -> Result<Pg, StoreError> {
        let (requests, inbox) = mpsc::unbounded_channel();
        let (ready, started) = std_mpsc::sync_channel(1);
        let address = (url.to_owned(), schema.to_owned());
        let (url, schema) = address.clone();
        let worker = std::thread::Builder::new()
            .name("certdeck-postgres".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                match runtime {
                    Ok(runtime) => runtime.block_on(serve(url, schema, inbox, ready)),
                    Err(error) => {
                        let _ = ready.send(Err(StoreError::Database(error.to_string())));
                    }
                }
            })
            .map_err(|e| StoreError::Database(format!("cannot start a thread: {e}")))?;
        let me = started
            .recv()
            .map_err(|_| StoreError::Database("the PostgreSQL connection ended".into()))??;
        Ok(Pg {
            requests: Some(requests),
            worker: Some(worker),
            me,
            url: address.0,
            schema: address.1,
        })
    }

    /// A second connection to the same inventory (a reader beside the window's writer).
    pub fn another(&self) -> Result<Pg, StoreError> {
        Pg::connect(&self.url, &self.schema)
    }

    pub fn me(&self) -> &str {
        &self.me
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn query(&self, sql: &str, params: Vec<Cell>) -> Result<Vec<Vec<Cell>>, StoreError> {
        self.ask(|reply| Request::Query {
            sql: sql.to_owned(),
            params,
            reply,
        })
    }

    pub fn execute(&self, sql: &str, params: Vec<Cell>) -> Result<usize, StoreError> {
        self.ask(|reply| Request::Execute {
            sql: sql.to_owned(),
            params,
            reply,
        })
    }

    pub fn batch(&self, sql: &str) -> Result<(), StoreError> {
        self.ask(|reply| Request::Batch {
            sql: sql.to_owned(),
            reply,
        })
    }

    fn ask<T>(&self, request: impl FnOnce(Reply<T>) -> Request) -> Result<T, StoreError> {
        let gone = || StoreError::Database("the PostgreSQL connection ended".into());
        let (reply, answer) = std_mpsc::sync_channel(1);
        self.requests
            .as_ref()
            .ok_or_else(gone)?
            .send(request(reply))
            .map_err(|_| gone())?;
        answer.recv().map_err(|_| gone())?
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        // Closing the channel ends the worker, which drops the client and the connection.
        self.requests = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

async fn serve(
    url: String,
    schema: String,
    mut inbox: mpsc::UnboundedReceiver<Request>,
    ready: Reply<String>,
) {
    let (client, me) = match super::connection::connect(&url).await {
        Ok(connected) => connected,
        Err(error) => {
            let _ = ready.send(Err(StoreError::Database(error)));
            return;
        }
    };
    let path = format!("SET search_path = {}", quote_identifier(&schema));
    if let Err(error) = client.batch_execute(&path).await {
        let _ = ready.send(Err(pg_error(error)));
        return;
    }
    let _ = ready.send(Ok(me));
    let client = &client;
    let mut statements: HashMap<String, Statement> = HashMap::new();
    while let Some(request) = inbox.recv().await {
        match request {
            Request::Query { sql, params, reply } => {
                let rows = async {
                    let statement = prepared(client, &mut statements, &sql).await?;
                    let rows = client.query(&statement, &refs(&params)).await?;
                    rows.iter()
                        .map(|row| (0..row.len()).map(|i| row.try_get::<_, Cell>(i)).collect())
                        .collect::<Result<Vec<Vec<Cell>>, _>>()
                }
                .await
                .map_err(pg_error);
                let _ = reply.send(rows);
            }
            Request::Execute { sql, params, reply } => {
                let count = async {
                    let statement = prepared(client, &mut statements, &sql).await?;
                    client.execute(&statement, &refs(&params)).await
                }
                .await;
                let _ = reply.send(count.map(|n| n as usize).map_err(pg_error));
            }
            Request::Batch { sql, reply } => {
                let _ = reply.send(client.batch_execute(&sql).await.map_err(pg_error));
            }
        }
    }
}

async fn prepared(
    client: &tokio_postgres::Client,
    statements: &mut HashMap<String, Statement>,
    sql: &str,
) -> Result<Statement, tokio_postgres::Error> {
    if let Some(statement) = statements.get(sql) {
        return Ok(statement.clone());
    }
    let statement = client.prepare(&numbered_parameters(sql)).await?;
    statements.insert(sql.to_owned(), statement.clone());
    Ok(statement)
}

fn refs(params: &[Cell]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

/// A driver error in the store's words; a broken constraint is told apart (the caller says which
/// name exists already), like SQLite's.
fn pg_error(error: tokio_postgres::Error) -> StoreError {
    use tokio_postgres::error::SqlState;
    match error.as_db_error() {
        Some(db)
            if [SqlState::UNIQUE_VIOLATION, SqlState::FOREIGN_KEY_VIOLATION]
                .contains(db.code()) =>
        {
            StoreError::Constraint(db.message().to_owned())
        }
        _ => StoreError::Database(super::connection::db(error)),
    }
}

fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// SQLite's `?N` and `?` parameters as PostgreSQL's `$N` (quoted text and names left alone).
pub fn numbered_parameters(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    let mut next = 0usize;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    digits.push(d);
                    chars.next();
                }
                if digits.is_empty() {
                    next += 1;
                    digits = next.to_string();
                }
                out.push('$');
                out.push_str(&digits);
            }
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::numbered_parameters;

    #[test]
    fn parameters_are_renumbered_outside_quotes() {
        assert_eq!(
            numbered_parameters("SELECT a FROM t WHERE b = ?1 AND c = '?2' AND \"d?\" = ?12"),
            "SELECT a FROM t WHERE b = $1 AND c = '?2' AND \"d?\" = $12"
        );
        assert_eq!(
            numbered_parameters("INSERT INTO t VALUES (?, ?)"),
            "INSERT INTO t VALUES ($1, $2)"
        );
    }
}
