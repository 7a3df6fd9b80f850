//! The inventory's SQLite schema and its versioned migrations (`PRAGMA user_version`).
//!
//! Migrations only ever append: a database made by any earlier version opens and is upgraded in
//! one transaction. `tests/store.rs` keeps a database made by the first schema and opens it.

use rusqlite::{Connection, Transaction};

/// Each entry upgrades from version `index` to `index + 1`.
const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13, V14];

/// The newest schema version.
pub const VERSION: u32 = MIGRATIONS.len() as u32;

const V1: &str = r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

-- Private keys, sealed by the vault (AES-256-GCM, the row's `id` as associated data).
CREATE TABLE private_keys (
    id         INTEGER PRIMARY KEY,
    key_id     BLOB NOT NULL UNIQUE,      -- SHA-256 of the canonical public key
    algorithm  TEXT NOT NULL,
    bits       INTEGER,
    curve      TEXT,
    sealed     BLOB NOT NULL,
    added_at   INTEGER NOT NULL
);

-- DH / EC parameters that travel with a server certificate.
CREATE TABLE tls_parameters (
    id          INTEGER PRIMARY KEY,
    der         BLOB NOT NULL UNIQUE,
    label       TEXT NOT NULL,
    description TEXT NOT NULL
);

CREATE TABLE certificates (
    id                 INTEGER PRIMARY KEY,
    fingerprint_sha256 TEXT NOT NULL UNIQUE,
    der                BLOB NOT NULL,
    -- what the list shows and statuses are computed from, so no row needs parsing to be listed
    subject            TEXT NOT NULL,
    issuer             TEXT NOT NULL,
    common_name        TEXT NOT NULL,
    subject_der        BLOB NOT NULL,
    issuer_der         BLOB NOT NULL,
    serial             TEXT NOT NULL,
    not_before         INTEGER NOT NULL,
    not_after          INTEGER NOT NULL,
    key_id             BLOB,
    key_algorithm      TEXT NOT NULL,
    key_bits           INTEGER,
    san                TEXT NOT NULL,           -- comma separated, as shown
    is_ca              INTEGER NOT NULL,
    path_len           INTEGER,
    self_signed        INTEGER NOT NULL,
    serves_hosts       INTEGER NOT NULL,
    empty_subject      INTEGER NOT NULL,
    weak_signature     TEXT,
    wildcard           TEXT,
    -- 'server' (with its key), 'leaf' (no key), 'intermediate', 'root'
    role               TEXT NOT NULL,
    private_key_id     INTEGER REFERENCES private_keys(id) ON DELETE SET NULL,
    parameters_id      INTEGER REFERENCES tls_parameters(id) ON DELETE SET NULL,
    -- the issuer found in the inventory, and whether the path reaches a trusted root
    issuer_fingerprint TEXT,
    chain_complete     INTEGER NOT NULL DEFAULT 0,
    chain_missing      TEXT,
    friendly_name      TEXT,
    source             TEXT NOT NULL,
    added_at           INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    UNIQUE (issuer_der, serial)
);
CREATE INDEX certificates_key_id ON certificates(key_id);
CREATE INDEX certificates_not_after ON certificates(not_after);

-- The administrator's trusted CAs (on top of the built-in Mozilla roots).
CREATE TABLE trusted_cas (
    certificate_id INTEGER PRIMARY KEY REFERENCES certificates(id) ON DELETE CASCADE,
    added_at       INTEGER NOT NULL
);

-- Certificate signing requests; `private_key_id` is the key made for them.
CREATE TABLE csrs (
    id             INTEGER PRIMARY KEY,
    der            BLOB NOT NULL UNIQUE,
    subject        TEXT NOT NULL,
    key_id         BLOB NOT NULL,
    private_key_id INTEGER REFERENCES private_keys(id) ON DELETE SET NULL,
    status         TEXT NOT NULL DEFAULT 'pending',   -- 'pending' | 'completed'
    certificate_id INTEGER REFERENCES certificates(id) ON DELETE SET NULL,
    created_at     INTEGER NOT NULL
);

CREATE TABLE nodes (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    fqdn       TEXT NOT NULL,
    alt_names  TEXT NOT NULL DEFAULT '',   -- comma separated
    role       TEXT NOT NULL DEFAULT 'server',
    created_at INTEGER NOT NULL
);

-- One server certificate per node: assigning replaces the previous one.
CREATE TABLE node_assignments (
    node_id        INTEGER PRIMARY KEY REFERENCES nodes(id) ON DELETE CASCADE,
    certificate_id INTEGER NOT NULL REFERENCES certificates(id) ON DELETE CASCADE,
    assigned_at    INTEGER NOT NULL
);
"#;

/// Version 2: the local CA and what it issued.
const V2: &str = r#"
CREATE TABLE local_cas (
    id             INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL UNIQUE REFERENCES certificates(id) ON DELETE CASCADE,
    parent_id      INTEGER REFERENCES local_cas(id) ON DELETE SET NULL,
    created_at     INTEGER NOT NULL
);

CREATE TABLE issued_certificates (
    id             INTEGER PRIMARY KEY,
    ca_id          INTEGER NOT NULL REFERENCES local_cas(id) ON DELETE CASCADE,
    certificate_id INTEGER REFERENCES certificates(id) ON DELETE SET NULL,
    serial         TEXT NOT NULL UNIQUE,
    subject        TEXT NOT NULL,
    issued_at      INTEGER NOT NULL
);

ALTER TABLE csrs ADD COLUMN usage TEXT NOT NULL DEFAULT 'server';
"#;

/// Version 3: how nodes are reached, their trust lists, and the push log.
const V3: &str = r#"
ALTER TABLE nodes ADD COLUMN endpoints TEXT NOT NULL DEFAULT '';   -- host:port, comma separated
ALTER TABLE nodes ADD COLUMN driver TEXT NOT NULL DEFAULT 'none';  -- none | folder | ssh | https | pexip
ALTER TABLE nodes ADD COLUMN settings TEXT NOT NULL DEFAULT '{}'; -- driver settings (JSON, no secrets)
ALTER TABLE nodes ADD COLUMN pinned TEXT;                          -- pinned host key / TLS fingerprint
ALTER TABLE nodes ADD COLUMN last_result TEXT;                     -- outcome of the last push or verification

CREATE TABLE node_trusted_cas (
    node_id        INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    certificate_id INTEGER NOT NULL REFERENCES certificates(id) ON DELETE CASCADE,
    PRIMARY KEY (node_id, certificate_id)
);

CREATE TABLE push_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    who       TEXT NOT NULL,
    node      TEXT NOT NULL,
    driver    TEXT NOT NULL,
    what      TEXT NOT NULL,
    result    TEXT NOT NULL,   -- applied | verified | failed | rolled_back | unchanged
    detail    TEXT NOT NULL
);
"#;

/// Version 4: the alarms the desktop was already told about (told once per new alarm).
const V4: &str = r#"
CREATE TABLE notified_alarms (
    key TEXT PRIMARY KEY,   -- kind:certificate id:node
    at  INTEGER NOT NULL
);
"#;

/// Version 5: the push journal (docs/push-journal.md): each push and every step it takes, with the
/// state of each object before and after (private keys sealed by the vault), so a rollback undoes
/// exactly what was done and an interrupted push is found at the next start.
const V5: &str = r#"
CREATE TABLE pushes (
    id          INTEGER PRIMARY KEY,
    node        TEXT NOT NULL,
    driver      TEXT NOT NULL,
    what        TEXT NOT NULL,
    who         TEXT NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    state       TEXT NOT NULL      -- running | verified | applied | rolled_back | failed
);
CREATE INDEX pushes_running ON pushes(state) WHERE state = 'running';

CREATE TABLE push_steps (
    push_id        INTEGER NOT NULL REFERENCES pushes(id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    kind           TEXT NOT NULL,  -- file | run | create | assign
    target         TEXT NOT NULL,  -- path, URL, command or API resource
    private        INTEGER NOT NULL,
    before_state   TEXT NOT NULL,  -- absent | present | unknown
    before_sha256  TEXT,
    before_content BLOB,           -- sealed by the vault when private
    after_state    TEXT NOT NULL,
    after_sha256   TEXT,
    after_content  BLOB,
    backup         TEXT,           -- the copy of the previous content kept on the node
    created        TEXT,           -- what the step created (API resource)
    state          TEXT NOT NULL,  -- planned | started | done | undone | kept
    note           TEXT,
    PRIMARY KEY (push_id, seq)
);
"#;

/// Version 6: ACME (docs/acme.md): accounts per CA (credentials sealed by the vault), DNS servers
/// for RFC 2136 updates (their TSIG secrets live in the OS keychain), each node's issuer with its
/// renewal state, and the log of renewal runs.
const V6: &str = r#"
CREATE TABLE acme_accounts (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    directory_url  TEXT NOT NULL,
    contact        TEXT NOT NULL,     -- comma separated e-mail addresses
    account_url    TEXT NOT NULL,
    credentials    BLOB NOT NULL,     -- the account key and URL, sealed by the vault
    ca_root_pem    TEXT,              -- extra root for the CA's own HTTPS (internal CAs)
    eab_kid        TEXT,
    terms_agreed_at INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    deactivated_at INTEGER,
    rate_limited_until INTEGER        -- the CA said "come back later": nothing is sent before
);

CREATE TABLE dns_servers (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    server        TEXT NOT NULL,      -- host:port taking RFC 2136 updates
    zone          TEXT NOT NULL,
    key_name      TEXT NOT NULL,
    algorithm     TEXT NOT NULL,      -- hmac-sha256 | hmac-sha384 | hmac-sha512
    check_servers TEXT NOT NULL       -- host:port list answering for the zone (empty: its NS)
);

CREATE TABLE node_issuers (
    node_id        INTEGER PRIMARY KEY REFERENCES nodes(id) ON DELETE CASCADE,
    account_id     INTEGER NOT NULL REFERENCES acme_accounts(id),
    challenge      TEXT NOT NULL,     -- JSON: how names are proven
    profile        TEXT,
    key_policy     TEXT NOT NULL,     -- new | keep | csr
    key_type       TEXT NOT NULL,     -- ecdsa-p256 | ecdsa-p384 | rsa-2048 | rsa-3072 | rsa-4096
    csr_id         INTEGER,           -- the appliance's own request (key_policy csr)
    window         TEXT,              -- maintenance window (JSON), NULL: any time
    renew_fraction REAL NOT NULL,     -- renew after this part of the lifetime without ARI
    pending_certificate_id INTEGER,   -- obtained, not yet pushed (outside the window, push failed)
    ari_start      INTEGER,           -- the CA's suggested renewal window (RFC 9773)
    ari_end        INTEGER,
    next_attempt   INTEGER,           -- back-off after a failure
    failures       INTEGER NOT NULL DEFAULT 0
    -- the last run's time, outcome and detail are the node's newest row in renewal_runs
);

CREATE TABLE renewal_runs (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    node      TEXT NOT NULL,
    outcome   TEXT NOT NULL,   -- renewed | obtained | pushed | not_due | failed | skipped
    detail    TEXT NOT NULL,
    certificate_id INTEGER
);
"#;

/// Version 7: a node's setup rehearsed against a staging account before its CA is asked
/// (docs/acme.md): the staging account, and when the rehearsal last passed (cleared when the
/// account or challenge changes).
const V7: &str = r#"
ALTER TABLE node_issuers ADD COLUMN rehearse_account_id INTEGER REFERENCES acme_accounts(id);
ALTER TABLE node_issuers ADD COLUMN rehearsed_at INTEGER;
"#;

/// Version 8: the local CA revokes what it issued and numbers its CRLs; CRLs fetched from
/// distribution points are cached until their nextUpdate (docs/verification.md).
const V8: &str = r#"
ALTER TABLE issued_certificates ADD COLUMN revoked_at INTEGER;
ALTER TABLE issued_certificates ADD COLUMN revocation_reason TEXT;
ALTER TABLE local_cas ADD COLUMN crl_number INTEGER NOT NULL DEFAULT 0;
-- The policy a node's certificate is judged under (web | private); NULL: by its chain's root.
ALTER TABLE nodes ADD COLUMN policy TEXT;

-- What the last revocation check found for a certificate (revoked_at NULL: not revoked then).
CREATE TABLE revocation_status (
    certificate_id INTEGER PRIMARY KEY REFERENCES certificates(id) ON DELETE CASCADE,
    revoked_at     INTEGER,
    reason         TEXT,
    source         TEXT NOT NULL,     -- the CRL's URL or file, or "local CA"
    checked_at     INTEGER NOT NULL
);

-- CRLs fetched from distribution points, kept until their nextUpdate.
CREATE TABLE crl_cache (
    url         TEXT PRIMARY KEY,
    der         BLOB NOT NULL,
    next_update INTEGER,
    fetched_at  INTEGER NOT NULL
);
"#;

/// Version 9: a certificate's nodes found by index. Every listed row asks which nodes use it, and
/// deleting a certificate cascades to its assignments: without the index each was a scan of all
/// assignments (100,000 rows × 1,000 nodes = 10⁸ visits for one list).
const V9: &str = r#"
CREATE INDEX node_assignments_certificate ON node_assignments(certificate_id);
"#;

/// Version 10: the certificates alarms look at, found by index. Alarms concern server
/// certificates, trusted CAs, certificates on nodes and incomplete chains: a handful among
/// 100,000, which a scan of the whole table (and of every row's DER pages) took most of a second
/// to find.
const V10: &str = r#"
CREATE INDEX certificates_servers ON certificates(id) WHERE role = 'server';
CREATE INDEX certificates_incomplete ON certificates(id) WHERE chain_complete = 0;
"#;

/// Version 11: a certificate's DER in a table of its own. Lists, alarms and the window read
/// every row but never the DER; with it inline two rows filled a page, so a list of 100,000
/// read three times the pages it needed.
const V11: &str = r#"
CREATE TABLE certificate_der (
    certificate_id INTEGER PRIMARY KEY REFERENCES certificates(id) ON DELETE CASCADE,
    der            BLOB NOT NULL
);
INSERT INTO certificate_der (certificate_id, der) SELECT id, der FROM certificates;
ALTER TABLE certificates DROP COLUMN der;
"#;

/// Version 12: discovery. Every endpoint a scan found listening (one row per host and port, kept
/// current by later scans), the certificates seen on the wire (kept without a key, apart from
/// the managed ones), and scans saved under a name.
/// Version 13: nodes and their ACME issuers carry a row version and who changed them when, so
/// an edit made from a stale copy (another member changed it meanwhile) is refused and says by
/// whom.
const V13: &str = r#"
ALTER TABLE nodes ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE nodes ADD COLUMN changed_by TEXT;
ALTER TABLE nodes ADD COLUMN changed_at INTEGER;
ALTER TABLE node_issuers ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE node_issuers ADD COLUMN changed_by TEXT;
ALTER TABLE node_issuers ADD COLUMN changed_at INTEGER;
"#;

/// Version 14 (issue 29): secrets sealed by the vault (nodes' logins, TSIG keys, notification
/// secrets) where no keychain works (`store::secrets`), and notification channels
/// (the `notify` feature).
const V14: &str = r#"
CREATE TABLE secrets (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    sealed     BLOB NOT NULL,
    updated_at INTEGER NOT NULL
);
-- Where failures and warnings are sent (mail, webhooks); their secrets (a password, a webhook
-- URL) are in `secrets`. What was delivered, or failed to be, is in `notify_log`.
CREATE TABLE notify_channels (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    settings   TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE notify_log (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    channel TEXT NOT NULL,
    notice  TEXT NOT NULL,
    result  TEXT NOT NULL
);
"#;

const V12: &str = r#"
CREATE TABLE endpoints (
    id               INTEGER PRIMARY KEY,
    host             TEXT NOT NULL,
    port             INTEGER NOT NULL,
    protocol         TEXT NOT NULL,            -- 'tls', 'smtp', 'imap', 'pop3', 'ldap', 'xmpp'
    sni              TEXT,
    first_seen       INTEGER NOT NULL,
    last_seen        INTEGER NOT NULL,         -- the last scan that found it answering
    last_scanned     INTEGER NOT NULL,         -- the last scan that looked at it
    -- 'served', or why not: 'connect', 'timeout', 'legacy_tls', 'handshake', 'starttls', …
    state            TEXT NOT NULL,
    detail           TEXT,
    tls_version      TEXT,
    cipher           TEXT,
    leaf_fingerprint TEXT,
    chain            TEXT NOT NULL DEFAULT '', -- the served chain's fingerprints, leaf first
    weak_signature   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (host, port)
);
CREATE TABLE observed_certificates (
    fingerprint_sha256 TEXT PRIMARY KEY,
    der                BLOB NOT NULL,
    subject            TEXT NOT NULL,
    issuer             TEXT NOT NULL,
    not_after          INTEGER NOT NULL,
    key_bits           INTEGER,
    key_algorithm      TEXT NOT NULL,
    first_seen         INTEGER NOT NULL,
    last_seen          INTEGER NOT NULL
);
CREATE TABLE saved_scans (
    name        TEXT PRIMARY KEY,
    spec        TEXT NOT NULL,                 -- JSON: targets, ports, limits
    every_hours INTEGER,                       -- run by the hourly scheduled pass; NULL: by hand
    created_at  INTEGER NOT NULL,
    last_run_at INTEGER
);
"#;

/// Brings the database to [`VERSION`]. Refuses databases from a newer certdeck.
pub fn migrate(connection: &mut Connection) -> rusqlite::Result<Result<(), String>> {
    let current: u32 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if current > VERSION {
        return Ok(Err(format!(
            "the inventory was written by a newer certdeck (schema {current}, this one knows {VERSION})"
        )));
    }
    if current == VERSION {
        return Ok(Ok(()));
    }
    let tx: Transaction<'_> =
        connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as u32 + 1)?;
    }
    tx.commit()?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database left at `version` by an older certdeck.
    fn at_version(version: usize) -> Connection {
        let connection = Connection::open_in_memory().unwrap();
        for (index, sql) in MIGRATIONS[..version].iter().enumerate() {
            connection.execute_batch(sql).unwrap();
            connection
                .pragma_update(None, "user_version", index as u32 + 1)
                .unwrap();
        }
        connection
    }

    /// A listed row's nodes are looked up through the index, not by scanning every assignment
    /// (an inventory of schema 8 gets it when opened).
    #[test]
    fn a_certificates_nodes_are_found_by_index() {
        let mut connection = at_version(8);
        migrate(&mut connection).unwrap().unwrap();
        let plan: Vec<String> = connection
            .prepare(
                "EXPLAIN QUERY PLAN SELECT group_concat(n.name) FROM node_assignments a \
                 JOIN nodes n ON n.id = a.node_id WHERE a.certificate_id = 42",
            )
            .unwrap()
            .query_map([], |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            plan.iter()
                .any(|step| step.contains("INDEX node_assignments_certificate")),
            "{plan:?}"
        );
    }

    /// The certificates alarms concern are found through indexes, never by reading the whole
    /// table (an inventory of schema 9 gets them when opened).
    #[test]
    fn alarm_candidates_are_found_by_index() {
        let mut connection = at_version(9);
        migrate(&mut connection).unwrap().unwrap();
        let plan: Vec<String> = connection
            .prepare(&format!(
                "EXPLAIN QUERY PLAN {}",
                super::super::query::ALARM_CANDIDATES
            ))
            .unwrap()
            .query_map([], |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for index in ["certificates_servers", "certificates_incomplete"] {
            assert!(plan.iter().any(|step| step.contains(index)), "{plan:?}");
        }
        assert!(
            !plan.iter().any(|step| step == "SCAN certificates"),
            "{plan:?}"
        );
    }

    #[test]
    fn an_issuer_from_schema_6_keeps_its_settings_and_is_rehearsed_by_nobody() {
        let mut connection = at_version(6);
        connection
            .execute_batch(
                "INSERT INTO nodes (id, name, fqdn, created_at) VALUES (1, 'web', 'web.example.com', 0);
                 INSERT INTO acme_accounts (id, name, directory_url, contact, account_url, credentials, terms_agreed_at, created_at)
                 VALUES (1, 'le', 'https://acme.example/dir', '', 'https://acme.example/acct/1', x'00', 0, 0);
                 INSERT INTO node_issuers (node_id, account_id, challenge, key_policy, key_type, renew_fraction, failures)
                 VALUES (1, 1, '{\"method\":\"manual\"}', 'new', 'p256', 0.5, 2);",
            )
            .unwrap();
        migrate(&mut connection).unwrap().unwrap();
        let version: u32 = connection
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, VERSION);
        let (failures, fraction, rehearse, rehearsed): (i64, f64, Option<i64>, Option<i64>) =
            connection
                .query_row(
                    "SELECT failures, renew_fraction, rehearse_account_id, rehearsed_at FROM node_issuers",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .unwrap();
        assert_eq!(
            (failures, fraction, rehearse, rehearsed),
            (2, 0.5, None, None)
        );
    }

    #[test]
    fn a_database_from_a_newer_certdeck_is_refused_untouched() {
        let mut connection = at_version(MIGRATIONS.len());
        connection
            .pragma_update(None, "user_version", VERSION + 1)
            .unwrap();
        let refused = migrate(&mut connection).unwrap().unwrap_err();
        assert!(refused.contains("newer certdeck"), "{refused}");
    }
}
