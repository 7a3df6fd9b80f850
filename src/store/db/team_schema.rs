//! The shared inventory's PostgreSQL schema and its versioned migrations (kept in
//! `certdeck.meta` as `schema.version`), with the roles PostgreSQL itself enforces:
//! `certdeck_viewer` reads, `certdeck_operator` also writes the audit log (pushes, renewals,
//! imports), `certdeck_admin` also manages members and the team key. Members are login roles
//! granted one of the three.

use super::team_schema_roles::{V4, V5};

/// Whether the team's bookkeeping exists: a database without it holds no team (version 0).
pub const HAS_META: &str = "SELECT EXISTS (SELECT 1 FROM pg_tables \
     WHERE schemaname = 'certdeck' AND tablename = 'meta')";

/// The schema's version, where [`HAS_META`] says there is one.
pub const VERSION: &str = "SELECT value FROM certdeck.meta WHERE key = 'schema.version'";

/// The version [`VERSION`] read (none: 0).
pub fn parse_version(text: Option<String>) -> Result<usize, String> {
    let text = text.unwrap_or_else(|| "0".into());
    text.parse()
        .map_err(|_| format!("the team schema's version is unreadable: {text}"))
}

/// Each migration, in order; migration `n` brings the schema to version `n + 1`.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

/// The oldest PostgreSQL a team runs on (`server_version_num`): 15, Debian 12's, where
/// SECURITY DEFINER member functions and column privileges behave as [`V4`] relies on.
pub const OLDEST_SERVER: i32 = 150_000;

/// Version 1: members, the team key sealed for each of them, the hash-chained audit log, the
/// push locks, and the roles with their grants and row-level security.
const V1: &str = r#"
CREATE SCHEMA certdeck;

CREATE TABLE certdeck.meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

-- One row per member: the PostgreSQL login role, its certdeck role and its age recipient.
CREATE TABLE certdeck.members (
    name      text PRIMARY KEY,
    role      text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    recipient text NOT NULL,
    added_at  timestamptz NOT NULL DEFAULT now(),
    added_by  text NOT NULL DEFAULT session_user
);

-- The team's vault key of each generation, encrypted (age, X25519) to each member's recipient.
-- The server never sees it in clear.
CREATE TABLE certdeck.team_keys (
    generation integer NOT NULL,
    member     text NOT NULL REFERENCES certdeck.members (name) ON DELETE CASCADE,
    sealed     bytea NOT NULL,
    PRIMARY KEY (generation, member)
);

-- Append-only: no role may update or delete; each row's hash covers the previous row's hash
-- and its own fields, so a changed or removed row breaks the chain (`certdeck team log --verify`).
CREATE TABLE certdeck.audit (
    id       bigint PRIMARY KEY,
    at       timestamptz NOT NULL,
    who      text NOT NULL,
    action   text NOT NULL,
    object   text NOT NULL DEFAULT '',
    result   text NOT NULL DEFAULT '',
    detail   text NOT NULL DEFAULT '',
    previous bytea NOT NULL,
    hash     bytea NOT NULL
);
CREATE SEQUENCE certdeck.audit_id OWNED BY certdeck.audit.id;

-- A field as it enters the hash: its length in bytes, a colon, its bytes (unambiguous whatever
-- it contains).
CREATE FUNCTION certdeck.hash_field(value text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$ SELECT octet_length(value) || ':' || value $$;

-- Links each new row to the last one. The lock makes concurrent inserts take their id and
-- their predecessor in one order; it is held until the inserting transaction ends.
CREATE FUNCTION certdeck.audit_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = certdeck, pg_temp AS $$
DECLARE
    last bytea;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('certdeck.audit'));
    NEW.id := nextval('certdeck.audit_id');
    NEW.at := date_trunc('milliseconds', clock_timestamp());
    NEW.who := session_user;
    SELECT hash INTO last FROM certdeck.audit ORDER BY id DESC LIMIT 1;
    NEW.previous := coalesce(last, '\x'::bytea);
    NEW.hash := sha256(NEW.previous || convert_to(
        hash_field(NEW.id::text)
        || hash_field(((extract(epoch FROM NEW.at) * 1000)::bigint)::text)
        || hash_field(NEW.who) || hash_field(NEW.action) || hash_field(NEW.object)
        || hash_field(NEW.result) || hash_field(NEW.detail), 'UTF8'));
    RETURN NEW;
END $$;
CREATE TRIGGER audit_chain BEFORE INSERT ON certdeck.audit
    FOR EACH ROW EXECUTE FUNCTION certdeck.audit_chain();

-- Who pushes to a node now (the advisory lock is the guard; this row says who holds it).
CREATE TABLE certdeck.push_locks (
    node  text PRIMARY KEY,
    who   text NOT NULL DEFAULT session_user,
    since timestamptz NOT NULL DEFAULT now()
);

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'certdeck_viewer') THEN
        CREATE ROLE certdeck_viewer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'certdeck_operator') THEN
        CREATE ROLE certdeck_operator NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'certdeck_admin') THEN
        CREATE ROLE certdeck_admin NOLOGIN;
    END IF;
END $$;
GRANT certdeck_viewer TO certdeck_operator;
GRANT certdeck_operator TO certdeck_admin;

GRANT USAGE ON SCHEMA certdeck TO certdeck_viewer;
GRANT SELECT ON certdeck.meta, certdeck.members, certdeck.audit, certdeck.push_locks
    TO certdeck_viewer;
GRANT SELECT ON certdeck.team_keys TO certdeck_viewer;
GRANT INSERT ON certdeck.audit TO certdeck_operator;
GRANT INSERT, UPDATE, DELETE ON certdeck.push_locks TO certdeck_operator;
GRANT INSERT, UPDATE, DELETE ON certdeck.members, certdeck.team_keys TO certdeck_admin;
GRANT INSERT, UPDATE ON certdeck.meta TO certdeck_admin;

-- Each member reads only the team key sealed for them.
ALTER TABLE certdeck.team_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_key ON certdeck.team_keys FOR SELECT
    USING (member = session_user);
CREATE POLICY admins_seal ON certdeck.team_keys FOR ALL TO certdeck_admin
    USING (true) WITH CHECK (true);
-- A push lock row names whoever holds the node's advisory lock: each member writes only their
-- own name into it (taking over a row left by a session that died), and releases only their own.
ALTER TABLE certdeck.push_locks ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_sees ON certdeck.push_locks FOR SELECT USING (true);
CREATE POLICY holder_takes ON certdeck.push_locks FOR INSERT TO certdeck_operator
    WITH CHECK (who = session_user);
CREATE POLICY holder_takes_over ON certdeck.push_locks FOR UPDATE TO certdeck_operator
    USING (true) WITH CHECK (who = session_user);
CREATE POLICY holder_releases ON certdeck.push_locks FOR DELETE TO certdeck_operator
    USING (who = session_user);
"#;

/// Version 2: the inventory itself, in schema `certdeck_inventory` — the SQLite inventory's
/// tables (`src/store/schema.rs`, its newest version) with PostgreSQL's types: `bigint` for
/// integers and flags, `bytea` for blobs, identity columns for SQLite's row ids. Viewers read it;
/// operators import, edit nodes, push, renew and scan; admins alone change the trusted CAs, the
/// local CAs and what they issued, the ACME accounts and the DNS servers.
const V2: &str = r#"
CREATE SCHEMA certdeck_inventory;
SET LOCAL search_path = certdeck_inventory;

CREATE TABLE meta (
    key   text PRIMARY KEY,
    value bytea NOT NULL
);
CREATE TABLE private_keys (
    id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    key_id     bytea NOT NULL UNIQUE,
    algorithm  text NOT NULL,
    bits       bigint,
    curve      text,
    sealed     bytea NOT NULL,
    added_at   bigint NOT NULL
);
CREATE TABLE tls_parameters (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    der         bytea NOT NULL UNIQUE,
    label       text NOT NULL,
    description text NOT NULL
);
CREATE TABLE certificates (
    id                 bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    fingerprint_sha256 text NOT NULL UNIQUE,
    subject            text NOT NULL,
    issuer             text NOT NULL,
    common_name        text NOT NULL,
    subject_der        bytea NOT NULL,
    issuer_der         bytea NOT NULL,
    serial             text NOT NULL,
    not_before         bigint NOT NULL,
    not_after          bigint NOT NULL,
    key_id             bytea,
    key_algorithm      text NOT NULL,
    key_bits           bigint,
    san                text NOT NULL,
    is_ca              bigint NOT NULL,
    path_len           bigint,
    self_signed        bigint NOT NULL,
    serves_hosts       bigint NOT NULL,
    empty_subject      bigint NOT NULL,
    weak_signature     text,
    wildcard           text,
    role               text NOT NULL,
    private_key_id     bigint REFERENCES private_keys(id) ON DELETE SET NULL,
    parameters_id      bigint REFERENCES tls_parameters(id) ON DELETE SET NULL,
    issuer_fingerprint text,
    chain_complete     bigint NOT NULL DEFAULT 0,
    chain_missing      text,
    friendly_name      text,
    source             text NOT NULL,
    added_at           bigint NOT NULL,
    updated_at         bigint NOT NULL,
    UNIQUE (issuer_der, serial)
);
CREATE INDEX certificates_key_id ON certificates(key_id);
CREATE INDEX certificates_not_after ON certificates(not_after);
CREATE INDEX certificates_servers ON certificates(id) WHERE role = 'server';
CREATE INDEX certificates_incomplete ON certificates(id) WHERE chain_complete = 0;
CREATE TABLE certificate_der (
    certificate_id bigint PRIMARY KEY REFERENCES certificates(id) ON DELETE CASCADE,
    der            bytea NOT NULL
);
CREATE TABLE trusted_cas (
    certificate_id bigint PRIMARY KEY REFERENCES certificates(id) ON DELETE CASCADE,
    added_at       bigint NOT NULL
);
CREATE TABLE csrs (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    der            bytea NOT NULL UNIQUE,
    subject        text NOT NULL,
    key_id         bytea NOT NULL,
    private_key_id bigint REFERENCES private_keys(id) ON DELETE SET NULL,
    status         text NOT NULL DEFAULT 'pending',
    certificate_id bigint REFERENCES certificates(id) ON DELETE SET NULL,
    created_at     bigint NOT NULL,
    usage          text NOT NULL DEFAULT 'server'
);
CREATE TABLE nodes (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    fqdn        text NOT NULL,
    alt_names   text NOT NULL DEFAULT '',
    role        text NOT NULL DEFAULT 'server',
    created_at  bigint NOT NULL,
    endpoints   text NOT NULL DEFAULT '',
    driver      text NOT NULL DEFAULT 'none',
    settings    text NOT NULL DEFAULT '{}',
    pinned      text,
    last_result text,
    policy      text
);
CREATE TABLE node_assignments (
    node_id        bigint PRIMARY KEY REFERENCES nodes(id) ON DELETE CASCADE,
    certificate_id bigint NOT NULL REFERENCES certificates(id) ON DELETE CASCADE,
    assigned_at    bigint NOT NULL
);
CREATE INDEX node_assignments_certificate ON node_assignments(certificate_id);
CREATE TABLE local_cas (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    certificate_id bigint NOT NULL UNIQUE REFERENCES certificates(id) ON DELETE CASCADE,
    parent_id      bigint REFERENCES local_cas(id) ON DELETE SET NULL,
    created_at     bigint NOT NULL,
    crl_number     bigint NOT NULL DEFAULT 0
);
CREATE TABLE issued_certificates (
    id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    ca_id             bigint NOT NULL REFERENCES local_cas(id) ON DELETE CASCADE,
    certificate_id    bigint REFERENCES certificates(id) ON DELETE SET NULL,
    serial            text NOT NULL UNIQUE,
    subject           text NOT NULL,
    issued_at         bigint NOT NULL,
    revoked_at        bigint,
    revocation_reason text
);
CREATE TABLE node_trusted_cas (
    node_id        bigint NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
    certificate_id bigint NOT NULL REFERENCES certificates(id) ON DELETE CASCADE,
    PRIMARY KEY (node_id, certificate_id)
);
CREATE TABLE push_log (
    id     bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at     bigint NOT NULL,
    who    text NOT NULL,
    node   text NOT NULL,
    driver text NOT NULL,
    what   text NOT NULL,
    result text NOT NULL,
    detail text NOT NULL
);
CREATE TABLE notified_alarms (
    key text PRIMARY KEY,
    at  bigint NOT NULL
);
CREATE TABLE pushes (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    node        text NOT NULL,
    driver      text NOT NULL,
    what        text NOT NULL,
    who         text NOT NULL,
    started_at  bigint NOT NULL,
    finished_at bigint,
    state       text NOT NULL
);
CREATE INDEX pushes_running ON pushes(state) WHERE state = 'running';
CREATE TABLE push_steps (
    push_id        bigint NOT NULL REFERENCES pushes(id) ON DELETE CASCADE,
    seq            bigint NOT NULL,
    kind           text NOT NULL,
    target         text NOT NULL,
    private        bigint NOT NULL,
    before_state   text NOT NULL,
    before_sha256  text,
    before_content bytea,
    after_state    text NOT NULL,
    after_sha256   text,
    after_content  bytea,
    backup         text,
    created        text,
    state          text NOT NULL,
    note           text,
    PRIMARY KEY (push_id, seq)
);
CREATE TABLE acme_accounts (
    id                 bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name               text NOT NULL UNIQUE,
    directory_url      text NOT NULL,
    contact            text NOT NULL,
    account_url        text NOT NULL,
    credentials        bytea NOT NULL,
    ca_root_pem        text,
    eab_kid            text,
    terms_agreed_at    bigint NOT NULL,
    created_at         bigint NOT NULL,
    deactivated_at     bigint,
    rate_limited_until bigint
);
CREATE TABLE dns_servers (
    id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name          text NOT NULL UNIQUE,
    server        text NOT NULL,
    zone          text NOT NULL,
    key_name      text NOT NULL,
    algorithm     text NOT NULL,
    check_servers text NOT NULL
);
CREATE TABLE node_issuers (
    node_id                bigint PRIMARY KEY REFERENCES nodes(id) ON DELETE CASCADE,
    account_id             bigint NOT NULL REFERENCES acme_accounts(id),
    challenge              text NOT NULL,
    profile                text,
    key_policy             text NOT NULL,
    key_type               text NOT NULL,
    csr_id                 bigint,
    "window"               text,
    renew_fraction         double precision NOT NULL,
    pending_certificate_id bigint,
    ari_start              bigint,
    ari_end                bigint,
    next_attempt           bigint,
    failures               bigint NOT NULL DEFAULT 0,
    rehearse_account_id    bigint REFERENCES acme_accounts(id),
    rehearsed_at           bigint
);
CREATE TABLE renewal_runs (
    id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at             bigint NOT NULL,
    node           text NOT NULL,
    outcome        text NOT NULL,
    detail         text NOT NULL,
    certificate_id bigint
);
CREATE TABLE revocation_status (
    certificate_id bigint PRIMARY KEY REFERENCES certificates(id) ON DELETE CASCADE,
    revoked_at     bigint,
    reason         text,
    source         text NOT NULL,
    checked_at     bigint NOT NULL
);
CREATE TABLE crl_cache (
    url         text PRIMARY KEY,
    der         bytea NOT NULL,
    next_update bigint,
    fetched_at  bigint NOT NULL
);
CREATE TABLE endpoints (
    id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    host             text NOT NULL,
    port             bigint NOT NULL,
    protocol         text NOT NULL,
    sni              text,
    first_seen       bigint NOT NULL,
    last_seen        bigint NOT NULL,
    last_scanned     bigint NOT NULL,
    state            text NOT NULL,
    detail           text,
    tls_version      text,
    cipher           text,
    leaf_fingerprint text,
    chain            text NOT NULL DEFAULT '',
    weak_signature   bigint NOT NULL DEFAULT 0,
    UNIQUE (host, port)
);
CREATE TABLE observed_certificates (
    fingerprint_sha256 text PRIMARY KEY,
    der                bytea NOT NULL,
    subject            text NOT NULL,
    issuer             text NOT NULL,
    not_after          bigint NOT NULL,
    key_bits           bigint,
    key_algorithm      text NOT NULL,
    first_seen         bigint NOT NULL,
    last_seen          bigint NOT NULL
);
CREATE TABLE saved_scans (
    name        text PRIMARY KEY,
    spec        text NOT NULL,
    every_hours bigint,
    created_at  bigint NOT NULL,
    last_run_at bigint
);

GRANT USAGE ON SCHEMA certdeck_inventory TO certdeck_viewer;
GRANT SELECT ON ALL TABLES IN SCHEMA certdeck_inventory TO certdeck_viewer;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA certdeck_inventory TO certdeck_operator;
GRANT INSERT, UPDATE, DELETE ON
    meta, private_keys, tls_parameters, certificates, certificate_der, csrs, nodes,
    node_assignments, node_trusted_cas, push_log, notified_alarms, pushes, push_steps,
    node_issuers, renewal_runs, revocation_status, crl_cache, endpoints,
    observed_certificates, saved_scans
    TO certdeck_operator;
GRANT INSERT, UPDATE, DELETE ON
    trusted_cas, local_cas, issued_certificates, acme_accounts, dns_servers
    TO certdeck_admin;
"#;

/// Version 3: nodes and their ACME issuers carry a row version and who changed them when (as the SQLite inventory's
/// version 13), and every change to the inventory is announced on channel `certdeck_inventory`
/// (the table's name as payload) when its transaction commits, so every member's window
/// reloads.
const V3: &str = r#"
SET LOCAL search_path = certdeck_inventory;
ALTER TABLE nodes ADD COLUMN row_version bigint NOT NULL DEFAULT 1;
ALTER TABLE nodes ADD COLUMN changed_by text;
ALTER TABLE nodes ADD COLUMN changed_at bigint;
ALTER TABLE node_issuers ADD COLUMN row_version bigint NOT NULL DEFAULT 1;
ALTER TABLE node_issuers ADD COLUMN changed_by text;
ALTER TABLE node_issuers ADD COLUMN changed_at bigint;

CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('certdeck_inventory', TG_TABLE_NAME);
    RETURN NULL;
END $$;
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'certdeck_inventory'
             AND tablename NOT IN ('meta', 'notified_alarms', 'crl_cache') LOOP
        EXECUTE format('CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE
                        ON certdeck_inventory.%I FOR EACH STATEMENT
                        EXECUTE FUNCTION certdeck_inventory.notify_change()', t);
    END LOOP;
END $$;
"#;
