//! Nodes and their server certificate (one per node: assigning replaces the previous one).
//! Drivers, endpoints and credentials come with node push.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use time::OffsetDateTime;

use super::{Inventory, StoreError};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    pub id: i64,
    pub name: String,
    pub fqdn: String,
    pub alt_names: Vec<String>,
    pub role: String,
    /// The assigned server certificate's id.
    pub certificate_id: Option<i64>,
}

impl Inventory {
    /// Adds a node; names are unique.
    /// `role`: `server`, `client` or `both`, with `,sip` for nodes that terminate SIP over TLS.
    pub fn add_node(
        &mut self,
        name: &str,
        fqdn: &str,
        alt_names: &[String],
        role: &str,
        now: OffsetDateTime,
    ) -> Result<i64, StoreError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a node needs a name".into()));
        }
        self.connection
            .execute(
                "INSERT INTO nodes (name, fqdn, alt_names, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![name, fqdn.trim(), alt_names.join(","), role, now.unix_timestamp()],
            )
            .map_err(|e| match e {
                rusqlite::Error::SqliteFailure(f, _)
                    if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                {
                    StoreError::Invalid(format!("a node named {name} exists already"))
                }
                other => other.into(),
            })?;
        Ok(self.connection.last_insert_rowid())
    }

    pub fn nodes(&self) -> Result<Vec<Node>, StoreError> {
        let mut statement = self.connection.prepare(
            "SELECT n.id, n.name, n.fqdn, n.alt_names, n.role, a.certificate_id FROM nodes n \
             LEFT JOIN node_assignments a ON a.node_id = n.id ORDER BY lower(n.name)",
        )?;
        let nodes = statement
            .query_map([], |row| {
                let alt: String = row.get(3)?;
                Ok(Node {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    fqdn: row.get(2)?,
                    alt_names: alt
                        .split(',')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect(),
                    role: row.get(4)?,
                    certificate_id: row.get(5)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(nodes)
    }

    fn node_id(&self, name: &str) -> Result<i64, StoreError> {
        self.connection
            .query_row("SELECT id FROM nodes WHERE name = ?1", [name], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("no node named {name}")))
    }

    /// Assigns a server certificate to a node, replacing the previous one.
    pub fn assign(
        &mut self,
        node: &str,
        certificate_id: i64,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let node_id = self.node_id(node)?;
        self.certificate_der(certificate_id)?;
        self.connection.execute(
            "INSERT INTO node_assignments (node_id, certificate_id, assigned_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(node_id) DO UPDATE SET certificate_id = excluded.certificate_id, assigned_at = excluded.assigned_at",
            params![node_id, certificate_id, now.unix_timestamp()],
        )?;
        Ok(())
    }
}
