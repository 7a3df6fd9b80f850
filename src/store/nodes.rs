//! Nodes and their server certificate (one per node: assigning replaces the previous one).
//! Drivers, endpoints and credentials come with node push.

use serde::Serialize;
use time::OffsetDateTime;

use super::db::{Db, Row, params};
use super::{Inventory, StoreError, changed_meanwhile, constraint, split_list};

pub use crate::model::node::LastResult;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    pub id: i64,
    pub name: String,
    pub fqdn: String,
    pub alt_names: Vec<String>,
    pub role: String,
    /// The assigned server certificate's id.
    pub certificate_id: Option<i64>,
    /// TLS endpoints to verify, `host:port`.
    pub endpoints: Vec<String>,
    /// `none`, `folder`, `ssh`, `https` or `pexip`.
    pub driver: String,
    /// Driver settings (paths, URLs, user names: never secrets).
    pub settings: serde_json::Value,
    /// Pinned SSH host key or TLS certificate fingerprint.
    pub pinned: Option<String>,
    pub last_result: Option<String>,
    /// The node's trusted CAs (certificate ids).
    pub trusted_cas: Vec<i64>,
    /// The policy its certificate is judged under; `None`: web when its chain ends at a
    /// built-in (public) root, private otherwise.
    pub policy: Option<crate::pki::rules::Policy>,
    /// The id of the inventory the node belongs to: its keychain secrets are filed under it.
    #[serde(skip)]
    pub inventory: String,
    /// Bumped by every change to how the node is set up: an edit made from an older copy is
    /// refused ([`StoreError::Changed`]).
    pub version: i64,
    /// Who last changed its set-up, and when (Unix seconds).
    pub changed_by: Option<String>,
    pub changed_at: Option<i64>,
    /// The data folder whose approvals decide what this node may make this machine do, when it
    /// came from a shared inventory (crate::store::approvals); `None` for a local inventory's own.
    #[serde(skip)]
    pub approvals_dir: Option<std::path::PathBuf>,
}

/// One line of the push log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PushLogEntry {
    pub at: String,
    pub who: String,
    pub node: String,
    pub driver: String,
    pub what: String,
    pub result: String,
    pub detail: String,
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
        check_node_name(name)?;
        self.audited("node add", name, |db| {
            let id = db
                .value(
                    "INSERT INTO nodes (name, fqdn, alt_names, role, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                    params![
                        name,
                        fqdn.trim(),
                        alt_names.join(","),
                        role,
                        now.unix_timestamp()
                    ],
                )
                .map_err(|e| constraint(e, format!("a node named {name} exists already")))?;
            Ok((id, fqdn.trim().to_string()))
        })
    }

    pub fn nodes(&self) -> Result<Vec<Node>, StoreError> {
        let inventory = self.id()?;
        // A shared inventory's nodes are teammates' settings: what they would run or write on
        // this machine waits for this machine's approval (crate::store::approvals).
        let approvals_dir = self.shared_address().map(|_| self.dir().to_path_buf());
        self.db.query_map(
            &format!(
                "SELECT n.id, n.name, n.fqdn, n.alt_names, n.role, a.certificate_id, n.endpoints, \
                 n.driver, n.settings, n.pinned, n.last_result, \
                 (SELECT string_agg(CAST(t.certificate_id AS TEXT), ',') FROM node_trusted_cas t \
                  WHERE t.node_id = n.id), n.policy, n.row_version, n.changed_by, n.changed_at \
                 FROM nodes n LEFT JOIN node_assignments a ON a.node_id = n.id ORDER BY {}, n.id",
                self.db.engine().text_order("n.name")
            ),
            params![],
            |row| {
                let settings: String = row.get(8)?;
                let cas: Option<String> = row.get(11)?;
                Ok(Node {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    fqdn: row.get(2)?,
                    alt_names: split_list(&row.get::<String>(3)?),
                    role: row.get(4)?,
                    certificate_id: row.get(5)?,
                    endpoints: split_list(&row.get::<String>(6)?),
                    driver: row.get(7)?,
                    settings: serde_json::from_str(&settings).unwrap_or(serde_json::Value::Null),
                    pinned: row.get(9)?,
                    last_result: row.get(10)?,
                    trusted_cas: cas
                        .map(|c| c.split(',').filter_map(|id| id.parse().ok()).collect())
                        .unwrap_or_default(),
                    policy: match row.get::<Option<String>>(12)?.as_deref() {
                        Some("web") => Some(crate::pki::rules::Policy::Web),
                        Some("private") => Some(crate::pki::rules::Policy::Private),
                        _ => None,
                    },
                    inventory: inventory.clone(),
                    version: row.get(13)?,
                    changed_by: row.get(14)?,
                    changed_at: row.get(15)?,
                    approvals_dir: approvals_dir.clone(),
                })
            },
        )
    }

    pub(super) fn node_id(&self, name: &str) -> Result<i64, StoreError> {
        self.db
            .query_opt("SELECT id FROM nodes WHERE name = ?1", params![name], |r| {
                r.get(0)
            })?
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
        self.audited("node assign", node, |db| {
            db.execute(
                "INSERT INTO node_assignments (node_id, certificate_id, assigned_at) \
                 VALUES (?1, ?2, ?3) ON CONFLICT (node_id) DO UPDATE SET \
                 certificate_id = excluded.certificate_id, assigned_at = excluded.assigned_at",
                params![node_id, certificate_id, now.unix_timestamp()],
            )?;
            Ok(((), format!("certificate {certificate_id}")))
        })
    }
}

impl Inventory {
    /// Each node's assigned certificate's validity (notBefore, notAfter as Unix seconds), by
    /// node name: what renewal decisions need, without parsing a certificate.
    pub fn assigned_validities(
        &self,
    ) -> Result<std::collections::HashMap<String, (i64, i64)>, StoreError> {
        let rows = self.db.query_map(
            "SELECT n.name, c.not_before, c.not_after FROM nodes n \
             JOIN node_assignments a ON a.node_id = n.id JOIN certificates c ON c.id = a.certificate_id",
            params![],
            |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))),
        )?;
        Ok(rows.into_iter().collect())
    }

    /// One node by name.
    pub fn node(&self, name: &str) -> Result<Node, StoreError> {
        self.nodes()?
            .into_iter()
            .find(|n| n.name == name)
            .ok_or_else(|| StoreError::NotFound(format!("no node named {name}")))
    }

    /// Sets how a node is reached: TLS endpoints, driver and its settings (no secrets here:
    /// credentials live in the OS keychain).
    pub fn configure_node(
        &mut self,
        name: &str,
        endpoints: &[String],
        driver: &str,
        settings: &serde_json::Value,
    ) -> Result<(), StoreError> {
        check_reach(driver, endpoints)?;
        let id = self.node_id(name)?;
        let who = self.who();
        let tx = self.db.transaction()?;
        tx.execute(
            "UPDATE nodes SET endpoints = ?1, driver = ?2, settings = ?3 WHERE id = ?4",
            params![endpoints.join(","), driver, settings.to_string(), id],
        )?;
        command_changed(&tx, id, name, &who)?;
        tx.commit()
    }

    /// Sets a node's trusted CA list (replacing the previous one).
    /// The policy the node's certificate is judged under (`None`: by its chain's root).
    pub fn set_node_policy(
        &mut self,
        name: &str,
        policy: Option<crate::pki::rules::Policy>,
    ) -> Result<(), StoreError> {
        let id = self.node_id(name)?;
        let who = self.who();
        let tx = self.db.transaction()?;
        tx.execute(
            "UPDATE nodes SET policy = ?1 WHERE id = ?2",
            params![policy.map(|p| p.name()), id],
        )?;
        command_changed(&tx, id, name, &who)?;
        tx.commit()
    }

    pub fn set_node_trust(
        &mut self,
        name: &str,
        certificate_ids: &[i64],
    ) -> Result<(), StoreError> {
        let id = self.node_id(name)?;
        let who = self.who();
        let tx = self.db.transaction()?;
        tx.execute(
            "DELETE FROM node_trusted_cas WHERE node_id = ?1",
            params![id],
        )?;
        for certificate in certificate_ids {
            tx.execute(
                "INSERT INTO node_trusted_cas (node_id, certificate_id) VALUES (?1, ?2)",
                params![id, certificate],
            )?;
        }
        command_changed(&tx, id, name, &who)?;
        tx.commit()
    }

    /// Pins a node's SSH host key or TLS certificate fingerprint (trust on first use).
    pub fn pin_node(&mut self, name: &str, fingerprint: &str) -> Result<(), StoreError> {
        let id = self.node_id(name)?;
        let who = self.who();
        let tx = self.db.transaction()?;
        tx.execute(
            "UPDATE nodes SET pinned = ?1 WHERE id = ?2",
            params![fingerprint, id],
        )?;
        command_changed(&tx, id, name, &who)?;
        tx.commit()
    }

    pub fn set_node_result(&mut self, name: &str, result: &str) -> Result<(), StoreError> {
        let id = self.node_id(name)?;
        self.db.execute(
            "UPDATE nodes SET last_result = ?1 WHERE id = ?2",
            params![result, id],
        )?;
        Ok(())
    }

    /// Appends to the push log.
    pub fn log_push(
        &mut self,
        entry: &PushLogEntry,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.db.execute(
            "INSERT INTO push_log (at, who, node, driver, what, result, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![now.unix_timestamp(), entry.who, entry.node, entry.driver, entry.what, entry.result, entry.detail],
        )?;
        Ok(())
    }

    pub fn push_log(&self) -> Result<Vec<PushLogEntry>, StoreError> {
        self.push_log_where("ORDER BY id", params![])
    }

    /// The `count` latest pushes, newest first.
    pub fn recent_pushes(&self, count: usize) -> Result<Vec<PushLogEntry>, StoreError> {
        self.push_log_where("ORDER BY id DESC LIMIT ?1", params![count])
    }

    fn push_log_where(
        &self,
        order: &str,
        values: &[&dyn super::db::ToParam],
    ) -> Result<Vec<PushLogEntry>, StoreError> {
        self.db.query_map(
            &format!("SELECT at, who, node, driver, what, result, detail FROM push_log {order}"),
            values,
            |r: &Row| {
                let at: i64 = r.get(0)?;
                Ok(PushLogEntry {
                    at: OffsetDateTime::from_unix_timestamp(at)
                        .map(super::journal::rfc3339)
                        .unwrap_or_default(),
                    who: r.get(1)?,
                    node: r.get(2)?,
                    driver: r.get(3)?,
                    what: r.get(4)?,
                    result: r.get(5)?,
                    detail: r.get(6)?,
                })
            },
        )
    }
}

/// Does a certificate's SAN list (as stored, `DNS:a, IP:b`) cover the node's FQDN and
/// alternative names? Says which names are missing.
pub fn san_coverage(node: &Node, san: &str) -> String {
    let names: Vec<&str> = san
        .split(", ")
        .filter_map(|s| s.split_once(':').map(|(_, v)| v))
        .collect();
    let covered = |wanted: &str| {
        let wanted = wanted.to_ascii_lowercase();
        names.iter().any(|have| {
            let have = have.to_ascii_lowercase();
            have == wanted
                || have.strip_prefix("*.").is_some_and(|base| {
                    wanted.split_once('.').is_some_and(|(_, rest)| rest == base)
                })
        })
    };
    let missing: Vec<&str> = std::iter::once(node.fqdn.as_str())
        .chain(node.alt_names.iter().map(String::as_str))
        .filter(|n| !n.is_empty() && !covered(n))
        .collect();
    if missing.is_empty() {
        "all of the node's names".to_string()
    } else {
        format!("missing {}", missing.join(", "))
    }
}

/// Everything the node form sets, saved at once by [`Inventory::save_node`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NodeSetup {
    /// The node's name before the edit; `None` adds a node.
    pub original: Option<String>,
    pub name: String,
    pub fqdn: String,
    pub alt_names: Vec<String>,
    /// `server`, `client` or `both`, with `,sip` for SIP over TLS.
    pub role: String,
    pub endpoints: Vec<String>,
    pub driver: String,
    pub settings: serde_json::Value,
    /// The confirmed SSH host key or TLS certificate fingerprint.
    pub pinned: Option<String>,
    /// The node's trusted CAs (certificate ids).
    pub trusted_cas: Vec<i64>,
    /// The policy its certificate is judged under; `None`: web when its chain ends at a
    /// built-in (public) root, private otherwise.
    pub policy: Option<crate::pki::rules::Policy>,
    /// The node's version when the form was filled ([`Node::version`]): the edit is refused if
    /// someone changed the node since. `None` edits whatever is there.
    pub version: Option<i64>,
}

impl Inventory {
    /// Adds or edits a node (names, role, driver, endpoints, pin and trust list) in one
    /// transaction: a refused edit leaves the node as it was.
    pub fn save_node(&mut self, setup: &NodeSetup, now: OffsetDateTime) -> Result<i64, StoreError> {
        let name = setup.name.trim();
        check_node_name(name)?;
        check_reach(&setup.driver, &setup.endpoints)?;
        let original = match &setup.original {
            Some(original) => Some(self.node_id(original)?),
            None => None,
        };
        let who = self.who();
        let tx = self.db.transaction()?;
        let taken: Option<i64> =
            tx.query_opt("SELECT id FROM nodes WHERE name = ?1", params![name], |r| {
                r.get(0)
            })?;
        if taken.is_some() && taken != original {
            return Err(StoreError::Invalid(format!(
                "a node named {name} exists already"
            )));
        }
        let (fqdn, alt_names, endpoints) = (
            setup.fqdn.trim(),
            setup.alt_names.join(","),
            setup.endpoints.join(","),
        );
        let settings = setup.settings.to_string();
        let id = match original {
            Some(id) => {
                let updated = tx.execute(
                    "UPDATE nodes SET name = ?1, fqdn = ?2, alt_names = ?3, role = ?4, \
                     endpoints = ?5, driver = ?6, settings = ?7, pinned = ?8 \
                     WHERE id = ?9 AND (CAST(?10 AS BIGINT) IS NULL OR row_version = ?10)",
                    params![
                        name, fqdn, alt_names, setup.role, endpoints, setup.driver, settings,
                        setup.pinned, id, setup.version
                    ],
                )?;
                if updated == 0 {
                    let name = setup.original.as_deref().unwrap_or(name);
                    return Err(changed_since(&tx, id, name)?);
                }
                id
            }
            None => tx.value(
                "INSERT INTO nodes (name, fqdn, alt_names, role, endpoints, driver, settings, pinned, \
                 created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
                params![
                    name, fqdn, alt_names, setup.role, endpoints, setup.driver, settings,
                    setup.pinned, now.unix_timestamp()
                ],
            )?,
        };
        tx.execute(
            "UPDATE nodes SET policy = ?1 WHERE id = ?2",
            params![setup.policy.map(|p| p.name()), id],
        )?;
        touch(&tx, id, &who, Some(now))?;
        let action = if original.is_some() {
            "node edit"
        } else {
            "node add"
        };
        tx.audit(action, name, &setup.fqdn)?;
        tx.execute(
            "DELETE FROM node_trusted_cas WHERE node_id = ?1",
            params![id],
        )?;
        for certificate in &setup.trusted_cas {
            tx.execute(
                "INSERT INTO node_trusted_cas (node_id, certificate_id) VALUES (?1, ?2)",
                params![id, certificate],
            )?;
        }
        tx.commit()?;
        Ok(id)
    }
}

impl Inventory {
    pub fn remove_node(&mut self, name: &str) -> Result<(), StoreError> {
        self.audited("node remove", name, |db| {
            let removed = db.execute("DELETE FROM nodes WHERE name = ?1", params![name])?;
            if removed == 0 {
                return Err(StoreError::NotFound(format!("no node named {name}")));
            }
            Ok(((), String::new()))
        })
    }
}

/// How a node is reached must make sense before it is stored: a known driver, endpoints that are
/// `host[:port]`.
fn check_reach(driver: &str, endpoints: &[String]) -> Result<(), StoreError> {
    use crate::model::node::DRIVER_NAMES;
    if !DRIVER_NAMES.contains(&driver) {
        return Err(StoreError::Invalid(format!(
            "unknown driver {driver:?}: one of {}",
            DRIVER_NAMES.join(", ")
        )));
    }
    for endpoint in endpoints {
        crate::model::endpoint::Endpoint::parse(endpoint)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
    }
    Ok(())
}

/// Records a change to node `id`'s set-up: its version goes up, with who and when (`at`, or
/// the database's clock for the commands that are not given the time).
fn touch(db: &Db, id: i64, who: &str, at: Option<OffsetDateTime>) -> Result<(), StoreError> {
    db.execute(
        &format!(
            "UPDATE nodes SET row_version = row_version + 1, changed_by = ?1, \
             changed_at = COALESCE(CAST(?2 AS BIGINT), {}) WHERE id = ?3",
            db.engine().unix_now()
        ),
        params![who, at.map(OffsetDateTime::unix_timestamp), id],
    )?;
    Ok(())
}

/// A command's change to node `name`'s set-up (endpoints, policy, trust list, pin): touched,
/// and its line in the team log.
fn command_changed(db: &Db, id: i64, name: &str, who: &str) -> Result<(), StoreError> {
    touch(db, id, who, None)?;
    db.audit("node change", name, "")
}

/// Why an edit of node `id` (named `name` in the form) changed nothing: it is gone, or someone
/// changed it after the form read it.
fn changed_since(db: &Db, id: i64, name: &str) -> Result<StoreError, StoreError> {
    let now: Option<(String, Option<String>, Option<i64>)> = db.query_opt(
        "SELECT name, changed_by, changed_at FROM nodes WHERE id = ?1",
        params![id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(match now {
        None => StoreError::NotFound(format!("node {name} was removed meanwhile")),
        Some((current, by, at)) => changed_meanwhile(&format!("node {current}"), by, at),
    })
}

/// A node's name as certdeck accepts it: not empty, at most 128 characters, no control
/// characters, and no `:` — the keychain files a node's secrets under `node:INVENTORY:NAME:KIND`,
/// and a name with a colon could reach another inventory's entry (issue 28).
pub fn check_node_name(name: &str) -> Result<(), StoreError> {
    if name.is_empty() {
        return Err(StoreError::Invalid("a node needs a name".into()));
    }
    if name.contains(':') {
        return Err(StoreError::Invalid(format!(
            "{}: a node's name cannot contain ':'",
            crate::sanitize::visible(name)
        )));
    }
    if name.chars().any(char::is_control) || name.chars().count() > 128 {
        return Err(StoreError::Invalid(format!(
            "{}: a node's name is at most 128 characters, without control characters",
            crate::sanitize::visible(name)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod name_tests {
    use super::check_node_name;

    #[test]
    fn a_node_name_cannot_reach_another_inventorys_keychain_entry() {
        assert!(check_node_name("sip1.example.com").is_ok());
        assert!(check_node_name("Vidéo Oslo 1").is_ok());
        for bad in ["", "3f2a…:sip1", "a:b", "line\nbreak", "esc\x1b[2J"] {
            assert!(check_node_name(bad).is_err(), "{bad:?}");
        }
        assert!(check_node_name(&"n".repeat(129)).is_err());
    }
}
