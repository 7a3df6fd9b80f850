//! A team's administration on its PostgreSQL database (docs/team.md): creating the team,
//! members and their roles, the team key sealed for each of them, the hash-chained audit log
//! (`audit`, `head`) and the per-node push lock that tells a second member who is pushing
//! (`push`). The inventory itself lives in that database behind the store (`store::db`), which
//! also owns the connection, the schema and its migrations, and the key custody this module
//! re-exports as `connection`, `schema` and `keys`.

pub mod audit;
pub mod head;
mod locks;
mod reseal;

// The team's database plumbing and key custody are the store's (it opens a shared inventory
// with them); the team's administration lives here and uses them.
pub use crate::store::db::connection::{self, db, known, open_connection};
pub use crate::store::db::team_schema as schema;
pub use crate::store::team_keys as keys;

pub use locks::{Busy, push};

use std::str::FromStr;

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

impl Team {
    /// Connects to `url` (`postgres://user@host:port/database?sslmode=…`). TLS (`sslmode=require`
    /// or `prefer`) goes through rustls with the Mozilla roots.
    pub async fn connect(url: &str) -> TeamResult<Team> {
        let (client, me) = connection::connect(url).await?;
        Ok(Team { client, me })
    }

    /// Connects to a team's database, refusing one that holds no team or a newer schema than
    /// this certdeck knows (every command but `init` starts here).
    pub async fn open(url: &str) -> TeamResult<Team> {
        let team = Self::connect(url).await?;
        team.supported_server().await?;
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
        let identity = identities.identity()?;
        let recipient = identity.to_public().to_string();
        let mut team = Team::connect(url).await?;
        team.init(&recipient, Some(&identity)).await?;
        Ok(team.me)
    }

    /// Refuses a PostgreSQL older than [`schema::OLDEST_SERVER`].
    pub async fn supported_server(&self) -> TeamResult<()> {
        let version: String = self
            .client
            .query_one("SHOW server_version_num", &[])
            .await
            .map_err(db)?
            .get(0);
        match version.parse::<i32>() {
            Ok(number) if number >= schema::OLDEST_SERVER => Ok(()),
            _ => Err(format!(
                "the team database runs PostgreSQL {version}: certdeck needs 15 or newer \
                 (member functions and column privileges)"
            )),
        }
    }

    /// Whether this connection's role is a PostgreSQL superuser (`team init` and `team upgrade`
    /// need one: they create the owner role and hand it every object).
    async fn superuser(&self) -> TeamResult<bool> {
        Ok(self
            .client
            .query_one(
                "SELECT rolsuper FROM pg_roles WHERE rolname = session_user",
                &[],
            )
            .await
            .map_err(db)?
            .get(0))
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
        if current < schema::MIGRATIONS.len() && !self.superuser().await? {
            return Err(format!(
                "{} is not a PostgreSQL superuser: the team schema is brought to version {} by \
                 the database administrator (it creates the role that owns the tables and hands \
                 it every object), once",
                self.me,
                schema::MIGRATIONS.len()
            ));
        }
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
    pub async fn init(
        &mut self,
        recipient: &str,
        identity: Option<&age::x25519::Identity>,
    ) -> TeamResult<()> {
        if self.schema_version().await? != 0 {
            return Err("this database already holds a certdeck team".into());
        }
        self.supported_server().await?;
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
        // The first admin is the superuser running init (the functions that add members need
        // an admin to call them): recorded and granted directly.
        tx.batch_execute(&format!(
            "GRANT certdeck_admin TO {}",
            quote_identifier(&me)
        ))
        .await
        .map_err(db)?;
        tx.execute(
            "INSERT INTO certdeck.members (name, role, recipient) VALUES ($1, 'admin', $2)",
            &[&me, &recipient],
        )
        .await
        .map_err(db)?;
        tx.execute(
            "INSERT INTO certdeck.team_keys (generation, member, sealed) VALUES (1, $1, $2)",
            &[&me, &seal(&key, recipient)?],
        )
        .await
        .map_err(db)?;
        audit::append_in(&tx, "team init", &id, "ok", "").await?;
        tx.commit().await.map_err(db)?;
        if let Some(identity) = identity {
            self.sign_generation(identity, &key, 1).await?;
        }
        Ok(())
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

    /// The current team key, unsealed with this member's identity and accepted only if it is
    /// the key an admin signed for the generation ([`keys::authenticate`]). An admin whose
    /// team has no signature for the generation yet (a team from before schema 4) signs it now.
    pub async fn team_key(&self, identity: &age::x25519::Identity) -> TeamResult<(i32, TeamKey)> {
        self.register_signing_key(identity).await?;
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
                     viewers hold none; an admin adds operators and admins to the team",
                    self.me
                )
            })?;
        let sealed: Vec<u8> = row.get(0);
        let key = unseal(&sealed, identity)?;
        let team = self.team_id().await?;
        let signed = self.signed_generation(generation).await?;
        if signed.is_none() && self.is_admin().await? {
            self.sign_generation(identity, &key, generation).await?;
            return Ok((generation, key));
        }
        keys::authenticate(&key, &team, generation, signed.as_ref())?;
        Ok((generation, key))
    }

    /// Login roles that could take the team over on PostgreSQL 15 (CREATEROLE lets a role grant
    /// itself the owner role there): said by `team members` and `team upgrade`.
    pub async fn takeover_risks(&self) -> TeamResult<Vec<String>> {
        let rows = self
            .client
            .query(
                "SELECT rolname::text FROM pg_roles WHERE rolcreaterole AND NOT rolsuper \
                 AND rolcanlogin AND current_setting('server_version_num')::int < 160000 \
                 ORDER BY rolname",
                &[],
            )
            .await
            .map_err(db)?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// The team's random id (made by `team init`).
    pub async fn team_id(&self) -> TeamResult<String> {
        Ok(self
            .client
            .query_one("SELECT value FROM certdeck.meta WHERE key = 'team.id'", &[])
            .await
            .map_err(db)?
            .get(0))
    }

    async fn is_admin(&self) -> TeamResult<bool> {
        Ok(self
            .client
            .query_one("SELECT certdeck.is_admin()", &[])
            .await
            .map_err(db)?
            .get(0))
    }

    async fn signed_generation(
        &self,
        generation: i32,
    ) -> TeamResult<Option<keys::SignedGeneration>> {
        Ok(self
            .client
            .query_opt(keys::SIGNED_GENERATION, &[&generation])
            .await
            .map_err(db)?
            .map(|row| keys::SignedGeneration {
                check: row.get(0),
                signer: row.get(1),
                signature: row.get(2),
                signer_key: row.get(3),
            }))
    }

    /// Files this member's signing key (once; the database keeps the first).
    async fn register_signing_key(&self, identity: &age::x25519::Identity) -> TeamResult<()> {
        let public = keys::signing_public(&keys::signing_key(identity)?);
        self.client
            .execute("SELECT certdeck.register_signing_key($1)", &[&public])
            .await
            .map_err(db)?;
        Ok(())
    }

    /// Signs `key` as generation `generation`'s (an admin, who holds it).
    async fn sign_generation(
        &self,
        identity: &age::x25519::Identity,
        key: &TeamKey,
        generation: i32,
    ) -> TeamResult<()> {
        self.register_signing_key(identity).await?;
        let team = self.team_id().await?;
        let check = keys::check_value(key, &team, generation);
        let signature = keys::sign_generation(identity, &team, generation, &check)?;
        sign_in(&self.client, generation, &check, &signature).await
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

    /// Adds a member through the database's `certdeck.add_member` (which creates their login
    /// role if it does not exist): operators and admins get the team key sealed for their
    /// recipient, viewers none. `identity` is the admin's own, to open the key first.
    pub async fn add_member(
        &mut self,
        name: &str,
        role: Role,
        recipient: &str,
        identity: &age::x25519::Identity,
    ) -> TeamResult<()> {
        let (generation, key) = self.team_key(identity).await?;
        let sealed = match role {
            Role::Viewer => {
                // Checked all the same: a viewer promoted later gets a copy then.
                age::x25519::Recipient::from_str(recipient)
                    .map_err(|e| format!("{recipient} is not an age recipient: {e}"))?;
                None
            }
            _ => Some(seal(&key, recipient)?),
        };
        let tx = self.client.transaction().await.map_err(db)?;
        tx.execute(
            "SELECT certdeck.add_member($1, $2, $3, $4, $5)",
            &[&name, &role.word(), &recipient, &generation, &sealed],
        )
        .await
        .map_err(|e| match e.code() {
            Some(code) if code == &tokio_postgres::error::SqlState::UNIQUE_VIOLATION => {
                format!("{name} is already a member")
            }
            _ => db(e),
        })?;
        audit::append_in(&tx, "member add", name, "ok", role.word()).await?;
        tx.commit().await.map_err(db)
    }

    /// Removes a member: `certdeck.remove_member` drops their row, their key copies and every
    /// certdeck grant and takes LOGIN from their role; the team key is rotated (sealed anew for
    /// the remaining operators and admins, the new generation signed) and every sealed value of
    /// the shared inventory is re-sealed with the new key, all in one transaction. `identity` is
    /// the removing admin's, to open the old key.
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
        let team = self.team_id().await?;
        let tx = self.client.transaction().await.map_err(db)?;
        tx.execute("SELECT certdeck.remove_member($1)", &[&name])
            .await
            .map_err(|e| match e.as_db_error() {
                Some(error) if error.code() == &tokio_postgres::error::SqlState::NO_DATA => {
                    format!("{name} is not a member")
                }
                _ => db(e),
            })?;
        let rows = tx
            .query(
                "SELECT name, recipient FROM certdeck.members WHERE role <> 'viewer'",
                &[],
            )
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
        let check = keys::check_value(&key, &team, generation);
        let signature = keys::sign_generation(identity, &team, generation, &check)?;
        sign_in(&tx, generation, &check, &signature).await?;
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
                "login taken away, team key rotated to generation {generation}, {resealed} \
                 sealed value(s) re-sealed"
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

/// Records a generation's signed check value, in the caller's transaction.
async fn sign_in(
    client: &impl GenericClient,
    generation: i32,
    check: &[u8],
    signature: &[u8],
) -> TeamResult<()> {
    client
        .execute(
            "INSERT INTO certdeck.key_generations (generation, check_value, signer, signature) \
             VALUES ($1, $2, session_user, $3)",
            &[&generation, &check, &signature],
        )
        .await
        .map_err(db)?;
    Ok(())
}

/// A role name as an SQL identifier (roles cannot be bound as parameters).
fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
