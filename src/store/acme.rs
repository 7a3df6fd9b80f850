//! What ACME needs kept (docs/acme.md): accounts per CA with their credentials sealed by the
//! vault, DNS servers that take RFC 2136 updates (their TSIG secrets are in the OS keychain, not
//! here), each node's issuer with its renewal state, and the log of renewal runs.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::db::{Engine, params};
use super::{Inventory, StoreError, changed_meanwhile, constraint, split_list};
use crate::model::acme::{Challenge, KeyPolicy};
use crate::model::window::Window;

/// An ACME account at one CA.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AcmeAccount {
    pub id: i64,
    pub name: String,
    pub directory_url: String,
    pub contact: Vec<String>,
    pub account_url: String,
    /// An extra root certificate (PEM) the CA's own HTTPS is checked with (internal CAs).
    pub ca_root_pem: Option<String>,
    pub eab_kid: Option<String>,
    pub created_at: i64,
    pub deactivated_at: Option<i64>,
    /// The CA asked not to be contacted before this time (rate limit, `Retry-After`).
    pub rate_limited_until: Option<i64>,
}

/// What a new account is stored with.
pub struct NewAcmeAccount<'a> {
    pub name: &'a str,
    pub directory_url: &'a str,
    pub contact: &'a [String],
    pub account_url: &'a str,
    /// instant-acme's account credentials (JSON with the account key): sealed before storing.
    pub credentials: &'a [u8],
    pub ca_root_pem: Option<&'a str>,
    pub eab_kid: Option<&'a str>,
}

/// A DNS server certdeck sends RFC 2136 updates to, signed with a TSIG key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DnsServer {
    pub name: String,
    /// `host:port` taking the updates (the zone's primary).
    pub server: String,
    pub zone: String,
    pub key_name: String,
    /// `hmac-sha256`, `hmac-sha384` or `hmac-sha512`.
    pub algorithm: String,
    /// `host:port` of the servers answering for the zone, asked until they all serve the record;
    /// empty: the zone's NS records (port 53) and the primary.
    pub check_servers: Vec<String>,
}

/// How a node gets its certificates from an ACME CA.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Issuer {
    pub node: String,
    pub account: String,
    pub challenge: Challenge,
    pub profile: Option<String>,
    pub key_policy: KeyPolicy,
    pub key_type: String,
    /// The appliance's own request (inventory id), for [`KeyPolicy::Csr`].
    pub csr_id: Option<i64>,
    pub window: Option<Window>,
    pub renew_fraction: f64,
    /// A staging account (same challenge) that rehearses the setup before `account` is asked:
    /// a broken setup then fails at staging, not against the production CA's limits.
    pub rehearse_with: Option<String>,
    pub state: IssuerState,
}

/// Where a node's renewal stands.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IssuerState {
    /// Obtained but not yet served: waiting for the maintenance window, or its push failed.
    pub pending_certificate_id: Option<i64>,
    /// The CA's suggested renewal window (RFC 9773), when it offers one.
    pub ari_start: Option<i64>,
    pub ari_end: Option<i64>,
    /// Not before this time after a failure (back-off).
    pub next_attempt: Option<i64>,
    pub failures: i64,
    /// When the rehearsal at the staging account passed (none yet: the next order rehearses).
    pub rehearsed_at: Option<i64>,
    /// The newest run in the renewal log (read from it; [`Inventory::record_renewal`] writes
    /// the run, not these).
    pub last_run: Option<i64>,
    pub last_result: Option<String>,
    pub last_detail: Option<String>,
    /// Bumped by every change of the issuer's settings; a form saving with the version it read
    /// is refused when someone changed them since (0: a new issuer, or no check).
    pub version: i64,
    /// Who last changed the settings, and when (Unix seconds).
    pub changed_by: Option<String>,
    pub changed_at: Option<i64>,
}

/// One line of the renewal log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RenewalRun {
    pub at: i64,
    pub node: String,
    pub outcome: String,
    pub detail: String,
    pub certificate_id: Option<i64>,
}

pub(crate) fn sealed_record(id: i64) -> String {
    format!("acme_accounts/{id}")
}

impl Inventory {
    /// Stores a new account; its credentials are sealed by the vault in the same transaction.
    pub fn add_acme_account(
        &mut self,
        account: &NewAcmeAccount<'_>,
        now: OffsetDateTime,
    ) -> Result<i64, StoreError> {
        self.vault()?;
        let vault = self
            .vault
            .as_ref()
            .ok_or_else(|| StoreError::Vault("the vault did not open".into()))?;
        let tx = self.db.transaction()?;
        // The row id is the associated data of the seal: insert first, then seal and fill in.
        let id: i64 = tx
            .value(
                "INSERT INTO acme_accounts (name, directory_url, contact, account_url, credentials, \
                 ca_root_pem, eab_kid, terms_agreed_at, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?8, ?5, ?6, ?7, ?7) RETURNING id",
                params![
                    account.name.trim(),
                    account.directory_url,
                    account.contact.join(","),
                    account.account_url,
                    account.ca_root_pem,
                    account.eab_kid,
                    now.unix_timestamp(),
                    Vec::<u8>::new()
                ],
            )
            .map_err(|e| {
                constraint(e, format!("an ACME account named {} exists already", account.name))
            })?;
        let sealed = vault.seal(&sealed_record(id), account.credentials)?;
        tx.execute(
            "UPDATE acme_accounts SET credentials = ?1 WHERE id = ?2",
            params![sealed, id],
        )?;
        tx.audit("acme account add", account.name, account.directory_url)?;
        tx.commit()?;
        Ok(id)
    }

    pub fn acme_accounts(&self) -> Result<Vec<AcmeAccount>, StoreError> {
        let rows = self.db.query_map(
            "SELECT id, name, directory_url, contact, account_url, ca_root_pem, eab_kid, created_at, \
             deactivated_at, rate_limited_until FROM acme_accounts ORDER BY lower(name)",
            params![],
            |row| {
                let contact: String = row.get(3)?;
                Ok(AcmeAccount {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    directory_url: row.get(2)?,
                    contact: split_list(&contact),
                    account_url: row.get(4)?,
                    ca_root_pem: row.get(5)?,
                    eab_kid: row.get(6)?,
                    created_at: row.get(7)?,
                    deactivated_at: row.get(8)?,
                    rate_limited_until: row.get(9)?,
                })
            },
        )?;
        Ok(rows)
    }

    pub fn acme_account(&self, name: &str) -> Result<AcmeAccount, StoreError> {
        self.acme_accounts()?
            .into_iter()
            .find(|a| a.name == name)
            .ok_or_else(|| StoreError::NotFound(format!("no ACME account named {name}")))
    }

    /// An account ready to connect: its row and its credentials (unsealed in memory). A
    /// deactivated account is refused here: the CA would refuse it anyway.
    pub fn acme_login(
        &mut self,
        name: &str,
    ) -> Result<(AcmeAccount, Zeroizing<Vec<u8>>), StoreError> {
        let account = self.acme_account(name)?;
        if account.deactivated_at.is_some() {
            return Err(StoreError::Invalid(format!(
                "ACME account {name} was deactivated: use another account"
            )));
        }
        let credentials = self.acme_credentials(account.id)?;
        Ok((account, credentials))
    }

    /// The account's credentials (JSON with its private key), unsealed in memory.
    pub fn acme_credentials(&mut self, id: i64) -> Result<Zeroizing<Vec<u8>>, StoreError> {
        let sealed: Vec<u8> = self.db.query_one(
            "SELECT credentials FROM acme_accounts WHERE id = ?1",
            params![id],
            |r| r.get(0),
        )?;
        self.vault()?.open_sealed(&sealed_record(id), &sealed)
    }

    pub fn deactivate_acme_account(
        &mut self,
        name: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.audited("acme account deactivate", name, |db| {
            let changed = db.execute(
                "UPDATE acme_accounts SET deactivated_at = ?1 WHERE name = ?2",
                params![now.unix_timestamp(), name],
            )?;
            if changed == 0 {
                return Err(StoreError::NotFound(format!(
                    "no ACME account named {name}"
                )));
            }
            Ok(((), String::new()))
        })
    }

    /// Records that the CA asked not to be contacted before `until` (`None` clears it).
    pub fn set_acme_rate_limit(&mut self, id: i64, until: Option<i64>) -> Result<(), StoreError> {
        self.db.execute(
            "UPDATE acme_accounts SET rate_limited_until = ?1 WHERE id = ?2",
            params![until, id],
        )?;
        Ok(())
    }

    pub fn add_dns_server(&mut self, server: &DnsServer) -> Result<(), StoreError> {
        if server.name.trim().is_empty() {
            return Err(StoreError::Invalid("a DNS server needs a name".into()));
        }
        self.audited("dns server add", server.name.trim(), |db| {
            db.execute(
                "INSERT INTO dns_servers (name, server, zone, key_name, algorithm, check_servers) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    server.name.trim(),
                    server.server,
                    server.zone,
                    server.key_name,
                    server.algorithm,
                    server.check_servers.join(",")
                ],
            )
            .map_err(|e| {
                constraint(
                    e,
                    format!("a DNS server named {} exists already", server.name),
                )
            })?;
            Ok(((), server.server.clone()))
        })
    }

    pub fn dns_servers(&self) -> Result<Vec<DnsServer>, StoreError> {
        let rows = self.db.query_map(
            "SELECT name, server, zone, key_name, algorithm, check_servers FROM dns_servers ORDER BY lower(name)",
            params![],
            |row| {
                let check: String = row.get(5)?;
                Ok(DnsServer {
                    name: row.get(0)?,
                    server: row.get(1)?,
                    zone: row.get(2)?,
                    key_name: row.get(3)?,
                    algorithm: row.get(4)?,
                    check_servers: split_list(&check),
                })
            },
        )?;
        Ok(rows)
    }

    pub fn dns_server(&self, name: &str) -> Result<DnsServer, StoreError> {
        self.dns_servers()?
            .into_iter()
            .find(|s| s.name == name)
            .ok_or_else(|| StoreError::NotFound(format!("no DNS server named {name}")))
    }

    pub fn remove_dns_server(&mut self, name: &str) -> Result<(), StoreError> {
        let server = match self.db.engine() {
            Engine::Sqlite => "json_extract(challenge, '$.server')",
            Engine::Postgres => "(challenge::jsonb ->> 'server')",
        };
        let used: i64 = self.db.value(
            &format!("SELECT count(*) FROM node_issuers WHERE {server} = ?1"),
            params![name],
        )?;
        if used > 0 {
            return Err(StoreError::Invalid(format!(
                "DNS server {name} is used by {used} node(s): change their issuer first"
            )));
        }
        self.audited("dns server remove", name, |db| {
            db.execute("DELETE FROM dns_servers WHERE name = ?1", params![name])?;
            Ok(((), String::new()))
        })
    }

    /// Sets (or replaces) how `issuer.node` gets its certificates. Only the settings are
    /// written: `issuer.state` is not, and a node's stored renewal state stays as it is.
    pub fn set_issuer(&mut self, issuer: &Issuer) -> Result<(), StoreError> {
        let node_id = self.node_id(&issuer.node)?;
        let account = self.acme_account(&issuer.account)?;
        if let Challenge::Dns01 { server } = &issuer.challenge {
            self.dns_server(server)?;
        }
        let challenge = serde_json::to_string(&issuer.challenge)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let window = issuer
            .window
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let rehearse = match &issuer.rehearse_with {
            Some(name) if *name == issuer.account => {
                return Err(StoreError::Invalid(format!(
                    "the rehearsal account {name} is the node's own account: choose a staging account"
                )));
            }
            Some(name) => Some(self.acme_account(name)?.id),
            None => None,
        };
        // A rehearsal that passed stays valid while the account and challenge stay the same.
        let who = self.who();
        self.audited("acme issuer set", &issuer.node, |db| {
            let expected = issuer.state.version;
            if expected > 0 {
                let now: Option<(i64, Option<String>, Option<i64>)> = db.query_opt(
                    "SELECT row_version, changed_by, changed_at FROM node_issuers WHERE node_id = ?1",
                    params![node_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )?;
                if let Some((version, by, at)) = now
                    && version != expected
                {
                    let what = format!("the ACME issuer of {}", issuer.node);
                    return Err(changed_meanwhile(&what, by, at));
                }
            }
            // The issuer's setters are not given the time: the database's clock says when.
            db.execute(
                &format!(
                    "INSERT INTO node_issuers (node_id, account_id, challenge, profile, key_policy, \
                     key_type, csr_id, \"window\", renew_fraction, rehearse_account_id, changed_by, \
                     changed_at) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, {}) ON CONFLICT (node_id) DO UPDATE SET \
                     rehearsed_at = CASE WHEN node_issuers.account_id = excluded.account_id \
                     AND node_issuers.challenge = excluded.challenge \
                     AND node_issuers.rehearse_account_id IS NOT DISTINCT FROM excluded.rehearse_account_id \
                     THEN node_issuers.rehearsed_at ELSE NULL END, \
                     account_id = excluded.account_id, challenge = excluded.challenge, \
                     profile = excluded.profile, key_policy = excluded.key_policy, \
                     key_type = excluded.key_type, csr_id = excluded.csr_id, \
                     \"window\" = excluded.\"window\", renew_fraction = excluded.renew_fraction, \
                     rehearse_account_id = excluded.rehearse_account_id, \
                     failures = CASE WHEN {same} THEN node_issuers.failures ELSE 0 END, \
                     next_attempt = CASE WHEN {same} THEN node_issuers.next_attempt ELSE NULL END, \
                     row_version = node_issuers.row_version + 1, \
                     changed_by = excluded.changed_by, changed_at = excluded.changed_at",
                    db.engine().unix_now(),
                    // Changed settings are a new start: the back-off earned by the old ones
                    // does not hold them back (issue 29).
                    same = "node_issuers.account_id = excluded.account_id \
                        AND node_issuers.challenge = excluded.challenge \
                        AND node_issuers.profile IS NOT DISTINCT FROM excluded.profile \
                        AND node_issuers.key_policy = excluded.key_policy \
                        AND node_issuers.key_type = excluded.key_type \
                        AND node_issuers.csr_id IS NOT DISTINCT FROM excluded.csr_id \
                        AND node_issuers.\"window\" IS NOT DISTINCT FROM excluded.\"window\" \
                        AND node_issuers.renew_fraction = excluded.renew_fraction \
                        AND node_issuers.rehearse_account_id IS NOT DISTINCT FROM excluded.rehearse_account_id"
                ),
                params![
                    node_id,
                    account.id,
                    challenge,
                    issuer.profile,
                    issuer.key_policy.as_str(),
                    issuer.key_type,
                    issuer.csr_id,
                    window,
                    issuer.renew_fraction,
                    rehearse,
                    who
                ],
            )?;
            Ok(((), String::new()))
        })
    }

    pub fn remove_issuer(&mut self, node: &str) -> Result<(), StoreError> {
        let node_id = self.node_id(node)?;
        self.audited("acme issuer remove", node, |db| {
            db.execute(
                "DELETE FROM node_issuers WHERE node_id = ?1",
                params![node_id],
            )?;
            Ok(((), String::new()))
        })
    }

    /// Every node's issuer, by node name.
    pub fn issuers(&self) -> Result<Vec<Issuer>, StoreError> {
        let rows = self.db.query_map(
            "SELECT n.name, a.name, i.challenge, i.profile, i.key_policy, i.key_type, i.csr_id, i.\"window\", \
             i.renew_fraction, i.pending_certificate_id, i.ari_start, i.ari_end, i.next_attempt, i.failures, \
             r.at, r.outcome, r.detail, staging.name, i.rehearsed_at, i.row_version, \
             i.changed_by, i.changed_at \
             FROM node_issuers i JOIN nodes n ON n.id = i.node_id JOIN acme_accounts a ON a.id = i.account_id \
             LEFT JOIN acme_accounts staging ON staging.id = i.rehearse_account_id \
             LEFT JOIN renewal_runs r ON r.id = (SELECT max(id) FROM renewal_runs WHERE node = n.name) \
             ORDER BY lower(n.name)",
            params![],
            |row| {
                let challenge: String = row.get(2)?;
                let policy: String = row.get(4)?;
                let window: Option<String> = row.get(7)?;
                Ok((
                    row.get::<String>(0)?,
                    row.get::<String>(1)?,
                    challenge,
                    row.get::<Option<String>>(3)?,
                    policy,
                    row.get::<String>(5)?,
                    row.get::<Option<i64>>(6)?,
                    window,
                    row.get::<f64>(8)?,
                    row.get::<Option<String>>(17)?,
                    IssuerState {
                        pending_certificate_id: row.get(9)?,
                        ari_start: row.get(10)?,
                        ari_end: row.get(11)?,
                        next_attempt: row.get(12)?,
                        failures: row.get(13)?,
                        rehearsed_at: row.get(18)?,
                        last_run: row.get(14)?,
                        last_result: row.get(15)?,
                        last_detail: row.get(16)?,
                        version: row.get(19)?,
                        changed_by: row.get(20)?,
                        changed_at: row.get(21)?,
                    },
                ))
            },
        )?;
        rows.into_iter()
            .map(
                |(
                    node,
                    account,
                    challenge,
                    profile,
                    policy,
                    key_type,
                    csr_id,
                    window,
                    fraction,
                    rehearse_with,
                    state,
                )| {
                    let bad = |what: &str, e: &dyn std::fmt::Display| {
                        StoreError::Invalid(format!("the issuer of {node}: {what}: {e}"))
                    };
                    Ok(Issuer {
                        challenge: serde_json::from_str(&challenge)
                            .map_err(|e| bad("challenge", &e))?,
                        key_policy: KeyPolicy::parse(&policy)
                            .ok_or_else(|| bad("key policy", &policy))?,
                        window: window
                            .map(|w| serde_json::from_str(&w))
                            .transpose()
                            .map_err(|e| bad("window", &e))?,
                        node,
                        account,
                        profile,
                        key_type,
                        csr_id,
                        renew_fraction: fraction,
                        rehearse_with,
                        state,
                    })
                },
            )
            .collect()
    }

    pub fn issuer(&self, node: &str) -> Result<Issuer, StoreError> {
        self.issuers()?
            .into_iter()
            .find(|i| i.node == node)
            .ok_or_else(|| {
                StoreError::NotFound(format!(
                    "node {node} has no ACME issuer: set one with `certdeck acme issuer {node} --account …`"
                ))
            })
    }

    /// Stores a node's renewal state and logs the run, in one transaction (the run is what
    /// [`IssuerState::last_run`] and its neighbours read).
    pub fn record_renewal(
        &mut self,
        node: &str,
        state: &IssuerState,
        run: &RenewalRun,
    ) -> Result<(), StoreError> {
        let node_id = self.node_id(node)?;
        let tx = self.db.transaction()?;
        tx.execute(
            "UPDATE node_issuers SET pending_certificate_id = ?1, ari_start = ?2, ari_end = ?3, \
             next_attempt = ?4, failures = ?5, rehearsed_at = ?6 WHERE node_id = ?7",
            params![
                state.pending_certificate_id,
                state.ari_start,
                state.ari_end,
                state.next_attempt,
                state.failures,
                state.rehearsed_at,
                node_id
            ],
        )?;
        tx.execute(
            "INSERT INTO renewal_runs (at, node, outcome, detail, certificate_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![run.at, run.node, run.outcome, run.detail, run.certificate_id],
        )?;
        tx.audit(
            "renew",
            &run.node,
            &format!("{}: {}", run.outcome, run.detail),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The newest renewal runs first.
    pub fn renewal_runs(&self, limit: usize) -> Result<Vec<RenewalRun>, StoreError> {
        let rows = self.db.query_map(
            "SELECT at, node, outcome, detail, certificate_id FROM renewal_runs ORDER BY id DESC LIMIT ?1",
            params![limit as i64],
            |row| {
                Ok(RenewalRun {
                    at: row.get(0)?,
                    node: row.get(1)?,
                    outcome: row.get(2)?,
                    detail: row.get(3)?,
                    certificate_id: row.get(4)?,
                })
            },
        )?;
        Ok(rows)
    }
}
