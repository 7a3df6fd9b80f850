//! A team's shared inventory on PostgreSQL (issue 17), the parts built so far: the schema with
//! its versioned migrations and the roles PostgreSQL enforces (`schema`), members and the team
//! key sealed for each of them (`keys`), the hash-chained audit log (`audit`), and a per-node
//! push lock that tells the second member who is pushing. The inventory itself (certificates,
//! nodes, requests, ACME state) is still the local SQLite one; moving it behind one interface
//! with a PostgreSQL engine is the part of the issue not yet done.

pub mod audit;
pub mod keys;
mod locks;
mod reseal;
pub mod schema;

pub use locks::{Busy, push};

use std::sync::Arc;

use tokio_postgres::{Client, GenericClient};

use self::keys::{TeamKey, seal, unseal};

/// A certdeck role in a team, from least to most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads the inventory and the log.
    Viewer,
    /// Also pushes, renews and imports.
    Operator,
    /// Also manages members, CAs and ACME accounts.
    Admin,
}

impl Role {
    pub fn word(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
            Role::Admin => "admin",
        }
    }

    /// The PostgreSQL group role that carries it.
    fn group(self) -> &'static str {
        match self {
            Role::Viewer => "certdeck_viewer",
            Role::Operator => "certdeck_operator",
            Role::Admin => "certdeck_admin",
        }
    }

    pub fn parse(word: &str) -> Result<Role, String> {
        match word {
            "viewer" => Ok(Role::Viewer),
            "operator" => Ok(Role::Operator),
            "admin" => Ok(Role::Admin),
            other => Err(format!("{other} is not a role: viewer, operator or admin")),
        }
    }
}

/// A member as the team lists them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Member {
    pub name: String,
    pub role: Role,
    pub recipient: String,
    pub added_by: String,
}

/// An open connection to a team's database.
pub struct Team {
    pub(crate) client: Client,
    /// The PostgreSQL role this connection logged in as (the member's name).
    pub me: String,
}

impl std::fmt::Debug for Team {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Team")
            .field("me", &self.me)
            .finish_non_exhaustive()
    }
}

/// Why a team operation failed, in words that name the cause.
pub type TeamResult<T> = Result<T, String>;

pub(crate) fn db(error: tokio_postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) if db.code() == &tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE => {
            format!("the database refused it: {}", db.message())
        }
        Some(db) => format!("PostgreSQL: {}", db.message()),
        // No answer from the server (refused, unreachable, TLS): the driver's words, whole.
        None => format!("PostgreSQL: {error}{}", source_words(&error)),
    }
}

/// The causes under a driver error ("error connecting to server: Connection refused").
fn source_words(error: &tokio_postgres::Error) -> String {
    let mut words = String::new();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        words.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    words
}

impl Team {
    /// Connects to `url` (`postgres://user@host:port/database?sslmode=…`). TLS (`sslmode=require`
    /// or `prefer`) goes through rustls with the Mozilla roots.
    pub async fn connect(url: &str) -> TeamResult<Team> {
        let (client, connection) = open_connection(url).await?;
        tokio::spawn(async move {
            // Ends when the client is dropped or the server goes away; the next query says so.
            let _ = connection.await;
        });
        let me: String = client
            .query_one("SELECT session_user::text", &[])
            .await
            .map_err(db)?
            .get(0);
        Ok(Team { client, me })
    }

    /// Connects to a team's database, refusing one that holds no team or a newer schema than
    /// this certdeck knows (every command but `init` starts here).
    pub async fn open(url: &str) -> TeamResult<Team> {
        let team = Self::connect(url).await?;
        match team.schema_version().await? {
            0 => Err(format!(
                "{url} holds no certdeck team: create it with certdeck team init"
            )),
            version => known(version).map(|()| team),
        }
    }

    /// Creates the team at `url` with the identity `identities` keeps (made on first use): what
    /// `certdeck team init` and Settings → Shared inventory do. The login role's name.
    pub async fn create(url: &str, identities: &keys::IdentityStore<'_>) -> TeamResult<String> {
        let recipient = identities.identity()?.to_public().to_string();
        let mut team = Team::connect(url).await?;
        team.init(&recipient).await?;
        Ok(team.me)
    }

    /// The schema's version (0: none yet).
    pub async fn schema_version(&self) -> TeamResult<usize> {
        let exists: bool = self
            .client
            .query_one(schema::HAS_META, &[])
            .await
            .map_err(db)?
            .get(0);
        if !exists {
            return Ok(0);
        }
        let row = self
            .client
            .query_opt(schema::VERSION, &[])
            .await
            .map_err(db)?;
        schema::parse_version(row.map(|r| r.get(0)))
    }

    /// Brings the schema up to date, each migration in its own transaction; refuses a schema newer
    /// than this certdeck knows.
    pub async fn migrate(&mut self) -> TeamResult<usize> {
        let current = self.schema_version().await?;
        known(current)?;
        for (index, migration) in schema::MIGRATIONS.iter().enumerate().skip(current) {
            let tx = self.client.transaction().await.map_err(db)?;
            tx.batch_execute(migration).await.map_err(db)?;
            tx.execute(
                "INSERT INTO certdeck.meta (key, value) VALUES ('schema.version', $1) \
                 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                &[&(index + 1).to_string()],
            )
            .await
            .map_err(db)?;
            tx.commit().await.map_err(db)?;
        }
        Ok(schema::MIGRATIONS.len())
    }

    /// Creates the team in an empty database: the schema, the roles, a team key, and the caller
    /// as its first admin (who must be allowed to create roles). `recipient` is the caller's age
    /// recipient.
    pub async fn init(&mut self, recipient: &str) -> TeamResult<()> {
        if self.schema_version().await? != 0 {
            return Err("this database already holds a certdeck team".into());
        }
        self.migrate().await?;
        let key = keys::new_team_key()?;
        let mut id = [0u8; 16];
        getrandom::fill(&mut id).map_err(|e| e.to_string())?;
        let id: String = id.iter().map(|b| format!("{b:02x}")).collect();
        let me = self.me.clone();
        let tx = self.client.transaction().await.map_err(db)?;
        tx.execute(
            "INSERT INTO certdeck.meta (key, value) VALUES ('team.id', $1), ('team.generation', '1')",
            &[&id],
        )
        .await
        .map_err(db)?;
        add_member_in(&tx, &me, Role::Admin, recipient, &key, 1).await?;
        audit::append_in(&tx, "team init", &id, "ok", "").await?;
        tx.commit().await.map_err(db)
    }

    /// The members, by name.
    pub async fn members(&self) -> TeamResult<Vec<Member>> {
        let rows = self
            .client
            .query(
                "SELECT name, role, recipient, added_by FROM certdeck.members ORDER BY name",
                &[],
            )
            .await
            .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(Member {
                    name: row.get(0),
                    role: Role::parse(row.get(1))?,
                    recipient: row.get(2),
                    added_by: row.get(3),
                })
            })
            .collect()
    }

    /// The current team key, unsealed with this member's identity.
    pub async fn team_key(&self, identity: &age::x25519::Identity) -> TeamResult<(i32, TeamKey)> {
        let generation = self.generation().await?;
        let row = self
            .client
            .query_opt(
                "SELECT sealed FROM certdeck.team_keys WHERE generation = $1 AND member = $2",
                &[&generation, &self.me],
            )
            .await
            .map_err(db)?
            .ok_or_else(|| {
                format!(
                    "{} has no sealed copy of the team key (generation {generation}): \
                     an admin adds them to the team",
                    self.me
                )
            })?;
        let sealed: Vec<u8> = row.get(0);
        Ok((generation, unseal(&sealed, identity)?))
    }

    async fn generation(&self) -> TeamResult<i32> {
        let value: String = self
            .client
            .query_one(
                "SELECT value FROM certdeck.meta WHERE key = 'team.generation'",
                &[],
            )
            .await
            .map_err(db)?
            .get(0);
        value
            .parse()
            .map_err(|_| format!("the team key generation is unreadable: {value}"))
    }

    /// Adds a member (creating their login role if it does not exist) with the team key sealed
    /// for their recipient. `identity` is the admin's own, to open the key first.
    pub async fn add_member(
        &mut self,
        name: &str,
        role: Role,
        recipient: &str,
        identity: &age::x25519::Identity,
    ) -> TeamResult<()> {
        let (generation, key) = self.team_key(identity).await?;
        let tx = self.client.transaction().await.map_err(db)?;
        add_member_in(&tx, name, role, recipient, &key, generation).await?;
        audit::append_in(&tx, "member add", name, "ok", role.word()).await?;
        tx.commit().await.map_err(db)
    }

    /// Removes a member: their roles are revoked, and the team key is replaced by a new one
    /// sealed for everyone else, so that they cannot open keys added afterwards.
    /// Removes a member: their row and roles go, the team key is rotated (sealed anew for
    /// everyone else) and every sealed value of the shared inventory is re-sealed with the new
    /// key, all in one transaction. `identity` is the removing admin's, to open the old key.
    pub async fn remove_member(
        &mut self,
        name: &str,
        identity: &age::x25519::Identity,
    ) -> TeamResult<()> {
        if name == self.me {
            return Err("a member cannot remove themselves: another admin does".into());
        }
        let (old_generation, old_key) = self.team_key(identity).await?;
        let generation = old_generation + 1;
        let key = keys::new_team_key()?;
        let tx = self.client.transaction().await.map_err(db)?;
        let removed = tx
            .execute("DELETE FROM certdeck.members WHERE name = $1", &[&name])
            .await
            .map_err(db)?;
        if removed == 0 {
            return Err(format!("{name} is not a member"));
        }
        for role in [Role::Viewer, Role::Operator, Role::Admin] {
            tx.batch_execute(&format!(
                "REVOKE {} FROM {}",
                role.group(),
                quote_identifier(name)
            ))
            .await
            .map_err(db)?;
        }
        let rows = tx
            .query("SELECT name, recipient FROM certdeck.members", &[])
            .await
            .map_err(db)?;
        for row in rows {
            let (member, recipient): (String, String) = (row.get(0), row.get(1));
            let sealed = seal(&key, &recipient)?;
            tx.execute(
                "INSERT INTO certdeck.team_keys (generation, member, sealed) VALUES ($1, $2, $3)",
                &[&generation, &member, &sealed],
            )
            .await
            .map_err(db)?;
        }
        tx.execute(
            "UPDATE certdeck.meta SET value = $1 WHERE key = 'team.generation'",
            &[&generation.to_string()],
        )
        .await
        .map_err(db)?;
        let vault = |key: &TeamKey, generation: i32| {
            crate::store::Vault::from_team_key(key, generation.into()).map_err(|e| e.to_string())
        };
        let resealed = reseal::reseal(
            &tx,
            &vault(&old_key, old_generation)?,
            &vault(&key, generation)?,
        )
        .await?;
        audit::append_in(
            &tx,
            "member remove",
            name,
            "ok",
            &format!(
                "team key rotated to generation {generation}, {resealed} sealed value(s) re-sealed"
            ),
        )
        .await?;
        tx.commit().await.map_err(db)
    }

    /// Appends to the audit log (as this member).
    pub async fn log(
        &self,
        action: &str,
        object: &str,
        result: &str,
        detail: &str,
    ) -> TeamResult<()> {
        audit::append_in(&self.client, action, object, result, detail).await
    }

    /// The audit log, oldest first.
    pub async fn audit(&self) -> TeamResult<Vec<audit::Entry>> {
        audit::entries(&self.client).await
    }
}

/// The driver's connection to a team database, TLS through rustls.
pub(crate) type Connection = tokio_postgres::Connection<
    tokio_postgres::Socket,
    <tokio_postgres_rustls::MakeRustlsConnect as tokio_postgres::tls::MakeTlsConnect<
        tokio_postgres::Socket,
    >>::Stream,
>;

/// Connects to `url`: the client, and the connection the caller drives (spawned, or polled for
/// notifications).
pub(crate) async fn open_connection(url: &str) -> TeamResult<(Client, Connection)> {
    let mut config: tokio_postgres::Config = url
        .parse()
        .map_err(|e| format!("{url} is not a PostgreSQL address: {e}"))?;
    // As libpq does: a password not in the address comes from PGPASSWORD (an address is kept
    // in files; the password is not).
    if config.get_password().is_none()
        && let Some(password) = std::env::var_os("PGPASSWORD")
    {
        config.password(password.as_encoded_bytes());
    }
    // A server that does not answer is said within seconds, and a connection the network
    // dropped silently is found by TCP keepalives. The driver's connect_timeout (the address
    // may set it) bounds only the TCP connection: the whole start (TLS, authentication) is
    // bounded by it here, so a port that accepts and then stays silent cannot hang a command.
    let deadline = *config
        .get_connect_timeout()
        .unwrap_or(&std::time::Duration::from_secs(10));
    config.connect_timeout(deadline);
    config.keepalives(true);
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let tls_config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| e.to_string())?
    .with_root_certificates(roots)
    .with_no_client_auth();
    let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls_config);
    match tokio::time::timeout(deadline, config.connect(tls)).await {
        Ok(connected) => connected.map_err(db),
        Err(_) => Err(format!(
            "PostgreSQL: the server did not answer within {} s",
            deadline.as_secs_f32()
        )),
    }
}

/// A schema version this certdeck can work with (not newer than its migrations).
pub(crate) fn known(version: usize) -> TeamResult<()> {
    if version > schema::MIGRATIONS.len() {
        return Err(format!(
            "the team schema is version {version}, newer than this certdeck knows ({}): \
             update certdeck",
            schema::MIGRATIONS.len()
        ));
    }
    Ok(())
}

/// Creates the member's login role if needed, grants their group role, records them and seals
/// the team key for them, in the caller's transaction.
async fn add_member_in(
    tx: &impl GenericClient,
    name: &str,
    role: Role,
    recipient: &str,
    key: &TeamKey,
    generation: i32,
) -> TeamResult<()> {
    let sealed = seal(key, recipient)?;
    let exists: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)",
            &[&name],
        )
        .await
        .map_err(db)?
        .get(0);
    let quoted = quote_identifier(name);
    if !exists {
        tx.batch_execute(&format!("CREATE ROLE {quoted} LOGIN"))
            .await
            .map_err(db)?;
    }
    tx.batch_execute(&format!("GRANT {} TO {quoted}", role.group()))
        .await
        .map_err(db)?;
    if role == Role::Admin {
        // Admins add members, which means creating their login roles.
        tx.batch_execute(&format!("ALTER ROLE {quoted} CREATEROLE"))
            .await
            .map_err(db)?;
    }
    tx.execute(
        "INSERT INTO certdeck.members (name, role, recipient) VALUES ($1, $2, $3)",
        &[&name, &role.word(), &recipient],
    )
    .await
    .map_err(|e| match e.code() {
        Some(code) if code == &tokio_postgres::error::SqlState::UNIQUE_VIOLATION => {
            format!("{name} is already a member")
        }
        _ => db(e),
    })?;
    tx.execute(
        "INSERT INTO certdeck.team_keys (generation, member, sealed) VALUES ($1, $2, $3)",
        &[&generation, &name, &sealed],
    )
    .await
    .map_err(db)?;
    Ok(())
}

/// A role name as an SQL identifier (roles cannot be bound as parameters).
fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
