//! The shared inventory's PostgreSQL schema and its versioned migrations (kept in
//! `certdeck.meta` as `schema.version`), with the roles PostgreSQL itself enforces:
//! `certdeck_viewer` reads, `certdeck_operator` also writes the audit log (pushes, renewals,
//! imports), `certdeck_admin` also manages members and the team key. Members are login roles
//! granted one of the three.

/// Each migration, in order; migration `n` brings the schema to version `n + 1`.
pub const MIGRATIONS: &[&str] = &[V1];

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
