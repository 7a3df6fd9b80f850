//! The team schema's migrations 4 and 5 (`team::schema::MIGRATIONS`): who may do what, enforced
//! by PostgreSQL itself (issue 28), and the secrets and notification channels of a shared
//! inventory (issue 29). Kept apart from the first three, which made the tables.

/// Version 4 (issue 28): nobody gets more than their role, and the database says so itself.
///
/// - Every table, sequence and function belongs to `certdeck_owner`, a role nobody logs in as:
///   no member (not even the one who ran `team init`) owns what they could rewrite.
/// - Members are added and removed only through `certdeck.add_member` / `certdeck.remove_member`,
///   SECURITY DEFINER functions owned by `certdeck_owner` (which alone holds CREATEROLE). Admins
///   lose CREATEROLE; a removed member's role loses LOGIN and every certdeck grant.
/// - Viewers never hold the team key and cannot read a sealed column (column privileges):
///   their sealed copies are deleted.
/// - Each team-key generation has a check value signed by an admin's signing key
///   (`key_generations`); members register their own signing key once.
/// - Changes to the inventory's tables are written into the audit log by triggers (who, table,
///   row, fields, before and after), whoever makes them and however.
/// - Node drivers, their settings and pins are set by admins only (a trigger refuses others).
pub(super) const V4: &str = r#"
-- Roles belong to the whole server, which may hold other teams (made or upgraded at the same
-- moment): each step is taken only when still needed, and a role made meanwhile is fine.
DO $$
DECLARE
    g text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'certdeck_owner') THEN
        BEGIN
            CREATE ROLE certdeck_owner NOLOGIN CREATEROLE;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'certdeck_owner'
               AND (rolcanlogin OR NOT rolcreaterole OR rolsuper OR rolcreatedb)) THEN
        ALTER ROLE certdeck_owner NOLOGIN CREATEROLE NOSUPERUSER NOCREATEDB;
    END IF;
    FOREACH g IN ARRAY ARRAY['certdeck_viewer', 'certdeck_operator', 'certdeck_admin'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_auth_members m
                       JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles o ON o.oid = m.member
                       WHERE r.rolname = g AND o.rolname = 'certdeck_owner' AND m.admin_option) THEN
            EXECUTE format('GRANT %I TO certdeck_owner WITH ADMIN OPTION', g);
        END IF;
    END LOOP;
END $$;

ALTER TABLE certdeck.members ADD COLUMN signing_key text;
ALTER TABLE certdeck.members ADD COLUMN created_role boolean NOT NULL DEFAULT false;

-- The login roles this team took LOGIN from when it removed them: adding one of them again
-- gives LOGIN back (no other role is ever made able to log in by certdeck).
CREATE TABLE certdeck.removed_roles (
    name       text PRIMARY KEY,
    removed_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON certdeck.removed_roles TO certdeck_viewer;

-- The check value of each team-key generation (HMAC of the key), signed by the admin who made
-- or first used it: a member accepts their sealed copy only if it opens to this key.
CREATE TABLE certdeck.key_generations (
    generation  integer PRIMARY KEY,
    check_value bytea NOT NULL,
    signer      text NOT NULL,
    signature   bytea NOT NULL,
    signed_at   timestamptz NOT NULL DEFAULT now()
);

-- Admins lose CREATEROLE (members are managed through the functions below).
DO $$
DECLARE
    m record;
BEGIN
    FOR m IN SELECT r.rolname FROM certdeck.members c JOIN pg_roles r ON r.rolname = c.name
             WHERE NOT r.rolsuper AND r.rolcreaterole LOOP
        EXECUTE format('ALTER ROLE %I NOCREATEROLE', m.rolname);
    END LOOP;
END $$;

-- Viewers hold no team key.
DELETE FROM certdeck.team_keys WHERE member IN
    (SELECT name FROM certdeck.members WHERE role = 'viewer');
REVOKE SELECT ON certdeck.team_keys FROM certdeck_viewer;
GRANT SELECT ON certdeck.team_keys TO certdeck_operator;
REVOKE INSERT, UPDATE, DELETE ON certdeck.members FROM certdeck_admin;
GRANT SELECT ON certdeck.key_generations TO certdeck_viewer;
GRANT INSERT ON certdeck.key_generations TO certdeck_admin;
REVOKE UPDATE, DELETE ON certdeck.team_keys FROM certdeck_admin;

-- Sealed columns: viewers read every column but these.
REVOKE SELECT ON certdeck_inventory.private_keys, certdeck_inventory.acme_accounts,
    certdeck_inventory.push_steps FROM certdeck_viewer;
GRANT SELECT (id, key_id, algorithm, bits, curve, added_at)
    ON certdeck_inventory.private_keys TO certdeck_viewer;
GRANT SELECT (id, name, directory_url, contact, account_url, ca_root_pem, eab_kid,
    terms_agreed_at, created_at, deactivated_at, rate_limited_until)
    ON certdeck_inventory.acme_accounts TO certdeck_viewer;
GRANT SELECT (push_id, seq, kind, target, private, before_state, before_sha256, after_state,
    after_sha256, backup, created, state, note)
    ON certdeck_inventory.push_steps TO certdeck_viewer;
GRANT SELECT ON certdeck_inventory.private_keys, certdeck_inventory.acme_accounts,
    certdeck_inventory.push_steps TO certdeck_operator;

-- Whether the session's member is a certdeck admin (in the table and in the group role).
CREATE FUNCTION certdeck.is_admin() RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = certdeck, pg_temp AS $$
    SELECT pg_has_role(session_user, 'certdeck_admin', 'MEMBER')
       AND EXISTS (SELECT 1 FROM certdeck.members WHERE name = session_user AND role = 'admin')
$$;

-- Adds a member: creates their login role when it does not exist, grants their group role,
-- records them and files the team key sealed for them (operators and admins; viewers get none).
CREATE FUNCTION certdeck.add_member(p_name text, p_role text, p_recipient text,
                                    p_generation integer, p_sealed bytea) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = certdeck, pg_temp AS $$
DECLARE
    created boolean := false;
BEGIN
    IF NOT certdeck.is_admin() THEN
        RAISE EXCEPTION 'only a certdeck admin adds members' USING ERRCODE = '42501';
    END IF;
    IF p_name !~ '^[A-Za-z0-9_.@-]{1,63}$' OR p_name ~* '^(pg_|certdeck_)' THEN
        RAISE EXCEPTION 'a member''s name is 1 to 63 letters, digits or _.@- and does not start with pg_ or certdeck_: %', p_name
            USING ERRCODE = '22023';
    END IF;
    IF p_role NOT IN ('viewer', 'operator', 'admin') THEN
        RAISE EXCEPTION 'no such role: %', p_role USING ERRCODE = '22023';
    END IF;
    IF (p_role = 'viewer') <> (p_sealed IS NULL) THEN
        RAISE EXCEPTION 'a viewer gets no team key; operators and admins get one'
            USING ERRCODE = '22023';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name) THEN
        EXECUTE format('CREATE ROLE %I LOGIN', p_name);
        created := true;
    ELSIF EXISTS (SELECT 1 FROM certdeck.removed_roles WHERE name = p_name) THEN
        EXECUTE format('ALTER ROLE %I LOGIN', p_name);
        DELETE FROM certdeck.removed_roles WHERE name = p_name;
    END IF;
    EXECUTE format('GRANT %I TO %I', 'certdeck_' || p_role, p_name);
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), p_name);
    INSERT INTO certdeck.members (name, role, recipient, added_by, created_role)
        VALUES (p_name, p_role, p_recipient, session_user, created);
    IF p_sealed IS NOT NULL THEN
        INSERT INTO certdeck.team_keys (generation, member, sealed)
            VALUES (p_generation, p_name, p_sealed);
    END IF;
END $$;

-- Removes a member: their row, their sealed key copies and every certdeck grant go, and their
-- login role can no longer log in (a superuser's role is left to the database administrator).
CREATE FUNCTION certdeck.remove_member(p_name text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = certdeck, pg_temp AS $$
BEGIN
    IF NOT certdeck.is_admin() THEN
        RAISE EXCEPTION 'only a certdeck admin removes members' USING ERRCODE = '42501';
    END IF;
    IF p_name = session_user THEN
        RAISE EXCEPTION 'a member cannot remove themselves: another admin does'
            USING ERRCODE = '22023';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM certdeck.members WHERE name = p_name) THEN
        RAISE EXCEPTION '% is not a member', p_name USING ERRCODE = '02000';
    END IF;
    DELETE FROM certdeck.team_keys WHERE member = p_name;
    DELETE FROM certdeck.members WHERE name = p_name;
    EXECUTE format('REVOKE certdeck_viewer, certdeck_operator, certdeck_admin FROM %I', p_name);
    EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM %I', current_database(), p_name);
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_name AND NOT rolsuper AND rolcanlogin) THEN
        EXECUTE format('ALTER ROLE %I NOLOGIN NOCREATEROLE', p_name);
        INSERT INTO certdeck.removed_roles (name) VALUES (p_name) ON CONFLICT DO NOTHING;
    END IF;
    -- Their open sessions end now, not when they disconnect.
    PERFORM pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE usename = p_name AND pid <> pg_backend_pid();
END $$;

-- A member files their own signing key, once (an admin's signs the team key's check value).
CREATE FUNCTION certdeck.register_signing_key(p_key text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = certdeck, pg_temp AS $$
BEGIN
    UPDATE certdeck.members SET signing_key = p_key
        WHERE name = session_user AND signing_key IS NULL;
END $$;

REVOKE ALL ON FUNCTION certdeck.add_member(text, text, text, integer, bytea),
    certdeck.remove_member(text), certdeck.register_signing_key(text), certdeck.is_admin()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION certdeck.add_member(text, text, text, integer, bytea),
    certdeck.remove_member(text) TO certdeck_admin;
GRANT EXECUTE ON FUNCTION certdeck.register_signing_key(text), certdeck.is_admin()
    TO certdeck_viewer;

-- A node's driver, its settings (paths, addresses, reload commands) and its pin are set by
-- admins only: they decide where keys go and what runs.
CREATE FUNCTION certdeck_inventory.guard_node_reach() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = certdeck, pg_temp AS $$
BEGIN
    IF TG_TABLE_SCHEMA <> 'certdeck_inventory' OR TG_TABLE_NAME <> 'nodes' THEN
        RAISE EXCEPTION 'guard_node_reach serves the inventory''s nodes only' USING ERRCODE = '42501';
    END IF;
    IF certdeck.is_admin() THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'INSERT' THEN
        IF NEW.driver <> 'none' OR NEW.settings NOT IN ('{}', '') OR NEW.pinned IS NOT NULL THEN
            RAISE EXCEPTION 'only an admin sets a node''s driver, address or pin (node %)', NEW.name
                USING ERRCODE = '42501';
        END IF;
    ELSIF NEW.driver IS DISTINCT FROM OLD.driver OR NEW.settings IS DISTINCT FROM OLD.settings
          OR NEW.pinned IS DISTINCT FROM OLD.pinned OR NEW.name IS DISTINCT FROM OLD.name THEN
        RAISE EXCEPTION 'only an admin changes a node''s name, driver, address or pin (node %)', OLD.name
            USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER guard_node_reach BEFORE INSERT OR UPDATE ON certdeck_inventory.nodes
    FOR EACH ROW EXECUTE FUNCTION certdeck_inventory.guard_node_reach();

-- A value as the log shows it: bytea and sealed columns never, long text cut.
CREATE FUNCTION certdeck.audit_value(value jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN value IS NULL OR value = 'null'::jsonb THEN 'null'
                WHEN length(value::text) > 300 THEN left(value::text, 300) || '…'
                ELSE value::text END
$$;

-- One log line per changed row of the inventory: who (the database's session user), what
-- (table, operation), which row (its name or id), which fields, with before and after values
-- (never of binary or sealed columns).
CREATE FUNCTION certdeck_inventory.audit_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = certdeck, pg_temp AS $$
DECLARE
    before jsonb;
    after  jsonb;
    row_of jsonb;
    hidden text[] := ARRAY['sealed', 'credentials', 'before_content', 'after_content', 'der',
                           'subject_der', 'issuer_der', 'key_id', 'row_version', 'changed_at',
                           'value'];
    changes text := '';
    field text;
BEGIN
    -- Only on the inventory's own tables (owned by certdeck_owner): never on a table a member
    -- made, whose row types could run their code with this function's rights.
    IF TG_TABLE_SCHEMA <> 'certdeck_inventory' OR NOT EXISTS (
           SELECT 1 FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
           WHERE c.oid = TG_RELID AND r.rolname = 'certdeck_owner') THEN
        RAISE EXCEPTION 'audit_change serves the inventory''s tables only' USING ERRCODE = '42501';
    END IF;
    before := CASE WHEN TG_OP = 'INSERT' THEN '{}'::jsonb ELSE to_jsonb(OLD) END;
    after := CASE WHEN TG_OP = 'DELETE' THEN '{}'::jsonb ELSE to_jsonb(NEW) END;
    row_of := CASE WHEN TG_OP = 'DELETE' THEN before ELSE after END;
    FOR field IN SELECT k FROM (SELECT jsonb_object_keys(before) AS k UNION
                                SELECT jsonb_object_keys(after)) keys ORDER BY k LOOP
        IF (before -> field) IS DISTINCT FROM (after -> field) THEN
            IF changes <> '' THEN changes := changes || '; '; END IF;
            IF field = ANY (hidden) THEN
                changes := changes || field || ' changed';
            ELSIF TG_OP = 'UPDATE' THEN
                changes := changes || field || ': ' || certdeck.audit_value(before -> field)
                           || ' -> ' || certdeck.audit_value(after -> field);
            ELSE
                changes := changes || field || ': ' || certdeck.audit_value(row_of -> field);
            END IF;
        END IF;
    END LOOP;
    IF TG_OP = 'UPDATE' AND changes = '' THEN
        RETURN NULL;
    END IF;
    INSERT INTO certdeck.audit (id, at, who, action, object, result, detail, previous, hash)
        VALUES (0, now(), '', 'row ' || lower(TG_OP),
                TG_TABLE_NAME || ':' || coalesce(row_of ->> 'name', row_of ->> 'id',
                    row_of ->> 'node_id', row_of ->> 'certificate_id',
                    row_of ->> 'push_id' || '/' || (row_of ->> 'seq'), row_of ->> 'key', '?'),
                'ok', changes, '', '');
    RETURN NULL;
END $$;

-- Every change on the settings tables and to private keys; changes and deletions (not the
-- bulk inserts an import or a check makes, which certdeck logs as one line) on certificates,
-- requests, parameters, revocation answers and the push and renewal logs. Not logged: caches
-- and what scans refresh by the thousand (certificates seen on the network, endpoint states,
-- CRLs fetched, alarms already notified).
DO $$
DECLARE
    t text;
    every_change text[] := ARRAY['meta', 'nodes', 'node_assignments', 'node_trusted_cas',
        'trusted_cas', 'local_cas', 'issued_certificates', 'acme_accounts', 'dns_servers',
        'node_issuers', 'saved_scans', 'pushes', 'push_steps', 'private_keys'];
    changes_only text[] := ARRAY['certificates', 'certificate_der', 'csrs', 'tls_parameters',
        'revocation_status', 'push_log', 'renewal_runs'];
BEGIN
    FOREACH t IN ARRAY every_change LOOP
        EXECUTE format('CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE
                        ON certdeck_inventory.%I FOR EACH ROW
                        EXECUTE FUNCTION certdeck_inventory.audit_change()', t);
    END LOOP;
    FOREACH t IN ARRAY changes_only LOOP
        EXECUTE format('CREATE TRIGGER audit_change AFTER UPDATE OR DELETE
                        ON certdeck_inventory.%I FOR EACH ROW
                        EXECUTE FUNCTION certdeck_inventory.audit_change()', t);
    END LOOP;
END $$;

-- The log's head, one row: the trigger takes it FOR UPDATE, so a writer whose snapshot is older
-- than the newest line (REPEATABLE READ) fails instead of forking the chain.
CREATE TABLE certdeck.audit_head (
    one  boolean PRIMARY KEY DEFAULT true CHECK (one),
    id   bigint NOT NULL,
    hash bytea NOT NULL
);
INSERT INTO certdeck.audit_head (id, hash)
    SELECT coalesce(max(id), 0),
           coalesce((SELECT hash FROM certdeck.audit ORDER BY id DESC LIMIT 1), '\x'::bytea)
    FROM certdeck.audit;

CREATE OR REPLACE FUNCTION certdeck.audit_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = certdeck, pg_temp AS $$
DECLARE
    last bytea;
BEGIN
    IF TG_TABLE_SCHEMA <> 'certdeck' OR TG_TABLE_NAME <> 'audit' THEN
        RAISE EXCEPTION 'certdeck.audit_chain serves certdeck.audit only' USING ERRCODE = '42501';
    END IF;
    SELECT hash INTO last FROM certdeck.audit_head FOR UPDATE;
    NEW.id := nextval('certdeck.audit_id');
    NEW.at := date_trunc('milliseconds', clock_timestamp());
    NEW.who := session_user;
    NEW.previous := coalesce(last, '\x'::bytea);
    NEW.hash := sha256(NEW.previous || convert_to(
        hash_field(NEW.id::text)
        || hash_field(((extract(epoch FROM NEW.at) * 1000)::bigint)::text)
        || hash_field(NEW.who) || hash_field(NEW.action) || hash_field(NEW.object)
        || hash_field(NEW.result) || hash_field(NEW.detail), 'UTF8'));
    UPDATE certdeck.audit_head SET id = NEW.id, hash = NEW.hash;
    RETURN NEW;
END $$;

-- Lines about rows are the database's (audit_change, as certdeck_owner, which row-level
-- security does not bind), never a member's.
ALTER TABLE certdeck.audit ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON certdeck.audit FOR SELECT USING (true);
CREATE POLICY members_write_their_lines ON certdeck.audit FOR INSERT
    WITH CHECK (action NOT LIKE 'row %');

-- Who changed a node or an issuer is the database's session user, not what an operator wrote.
CREATE FUNCTION certdeck_inventory.stamp_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = certdeck, pg_temp AS $$
BEGIN
    IF TG_TABLE_SCHEMA <> 'certdeck_inventory' THEN
        RAISE EXCEPTION 'stamp_change serves the inventory only' USING ERRCODE = '42501';
    END IF;
    -- An admin's migration copies rows with who changed them; nobody else names anyone.
    IF certdeck.is_admin() THEN
        RETURN NEW;
    END IF;
    NEW.changed_by := session_user;
    NEW.changed_at := extract(epoch FROM now())::bigint;
    RETURN NEW;
END $$;
CREATE TRIGGER stamp_change BEFORE INSERT OR UPDATE ON certdeck_inventory.nodes
    FOR EACH ROW EXECUTE FUNCTION certdeck_inventory.stamp_change();
CREATE TRIGGER stamp_change BEFORE INSERT OR UPDATE ON certdeck_inventory.node_issuers
    FOR EACH ROW EXECUTE FUNCTION certdeck_inventory.stamp_change();

-- How a node's certificate is proven to an ACME CA (a web root written on this machine, a
-- listener opened here, a DNS server) and which CAs a node trusts are admins' to set; the
-- inventory's id (what approvals and keychain entries are filed under) is changed by no one
-- else (an admin's migration copies an inventory with its id).
CREATE FUNCTION certdeck_inventory.guard_settings() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = certdeck, pg_temp AS $$
BEGIN
    IF TG_TABLE_SCHEMA <> 'certdeck_inventory' THEN
        RAISE EXCEPTION 'guard_settings serves the inventory only' USING ERRCODE = '42501';
    END IF;
    IF certdeck.is_admin() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_TABLE_NAME = 'meta' THEN
        IF (TG_OP <> 'INSERT' AND OLD.key = 'inventory.id')
           OR (TG_OP <> 'DELETE' AND NEW.key = 'inventory.id'
               AND EXISTS (SELECT 1 FROM certdeck_inventory.meta WHERE key = 'inventory.id')) THEN
            RAISE EXCEPTION 'the inventory''s id never changes' USING ERRCODE = '42501';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_TABLE_NAME = 'node_issuers' AND (TG_OP = 'INSERT'
          OR NEW.challenge IS DISTINCT FROM OLD.challenge
          OR NEW.account_id IS DISTINCT FROM OLD.account_id
          OR NEW.rehearse_account_id IS DISTINCT FROM OLD.rehearse_account_id) THEN
        RAISE EXCEPTION 'only an admin sets how a node''s certificate is obtained (challenge, account)'
            USING ERRCODE = '42501';
    END IF;
    IF TG_TABLE_NAME = 'node_trusted_cas' AND TG_OP <> 'DELETE' AND NOT EXISTS
          (SELECT 1 FROM certdeck_inventory.trusted_cas t WHERE t.certificate_id = NEW.certificate_id) THEN
        RAISE EXCEPTION 'a node trusts only CAs an admin trusted' USING ERRCODE = '42501';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER guard_settings BEFORE INSERT OR UPDATE ON certdeck_inventory.node_issuers
    FOR EACH ROW EXECUTE FUNCTION certdeck_inventory.guard_settings();
CREATE TRIGGER guard_settings BEFORE INSERT OR UPDATE ON certdeck_inventory.node_trusted_cas
    FOR EACH ROW EXECUTE FUNCTION certdeck_inventory.guard_settings();
CREATE TRIGGER guard_settings BEFORE INSERT OR UPDATE OR DELETE ON certdeck_inventory.meta
    FOR EACH ROW EXECUTE FUNCTION certdeck_inventory.guard_settings();

-- Teams on one server share the group roles: each team's database admits only its own members
-- (and certdeck_owner), so a member of another team reaches nothing here.
DO $$
DECLARE
    m record;
BEGIN
    EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO certdeck_owner WITH GRANT OPTION',
                   current_database());
    FOR m IN SELECT c.name FROM certdeck.members c JOIN pg_roles r ON r.rolname = c.name LOOP
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), m.name);
    END LOOP;
END $$;

-- Roles an older certdeck made admins (members now or removed before this upgrade: the log
-- names every member ever added) lose CREATEROLE: on PostgreSQL 15 it would let them take the
-- owner role.
DO $$
DECLARE
    m record;
BEGIN
    FOR m IN SELECT r.rolname FROM pg_roles r
             WHERE NOT r.rolsuper AND r.rolcreaterole AND r.rolname <> 'certdeck_owner'
               AND (r.rolname IN (SELECT name FROM certdeck.members)
                    OR r.rolname IN (SELECT object FROM certdeck.audit WHERE action = 'member add')) LOOP
        EXECUTE format('ALTER ROLE %I NOCREATEROLE', m.rolname);
    END LOOP;
END $$;

-- certdeck_owner ends sessions of a member it removes.
GRANT pg_signal_backend TO certdeck_owner;

-- Everything belongs to certdeck_owner, which nobody logs in as.
DO $$
DECLARE
    o record;
BEGIN
    EXECUTE 'ALTER SCHEMA certdeck OWNER TO certdeck_owner';
    EXECUTE 'ALTER SCHEMA certdeck_inventory OWNER TO certdeck_owner';
    FOR o IN SELECT n.nspname, c.relname, c.relkind FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname IN ('certdeck', 'certdeck_inventory')
               AND c.relkind IN ('r', 'p', 'v', 'm') LOOP
        EXECUTE format('ALTER TABLE %I.%I OWNER TO certdeck_owner', o.nspname, o.relname);
    END LOOP;
    FOR o IN SELECT n.nspname, c.relname FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname IN ('certdeck', 'certdeck_inventory') AND c.relkind = 'S'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i') LOOP
        EXECUTE format('ALTER SEQUENCE %I.%I OWNER TO certdeck_owner', o.nspname, o.relname);
    END LOOP;
    FOR o IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
             JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname IN ('certdeck', 'certdeck_inventory') LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO certdeck_owner', o.signature);
    END LOOP;
END $$;
-- Trigger functions run with the owner's rights: nobody may attach them to a table of theirs.
REVOKE EXECUTE ON FUNCTION certdeck.audit_chain(), certdeck_inventory.audit_change(),
    certdeck_inventory.guard_node_reach(), certdeck_inventory.guard_settings(),
    certdeck_inventory.stamp_change(), certdeck_inventory.notify_change() FROM PUBLIC;
-- The log is append-only for everyone: inserts only, through the chain trigger.
REVOKE UPDATE, DELETE, TRUNCATE ON certdeck.audit FROM PUBLIC, certdeck_viewer,
    certdeck_operator, certdeck_admin;
"#;

/// Version 5 (issue 29): secrets sealed by the team key where a member's machine has no
/// keychain (a server): the SQLite inventory's `secrets` table; and notification channels
/// (admins set them, everyone reads them) with their delivery log. Operators read them (they push
/// and renew), admins write them (they set nodes' and DNS servers' credentials); viewers see
/// only which exist.
pub(super) const V5: &str = r#"
SET LOCAL search_path = certdeck_inventory;
CREATE TABLE secrets (
    id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    sealed     bytea NOT NULL,
    updated_at bigint NOT NULL
);
ALTER TABLE secrets OWNER TO certdeck_owner;
GRANT SELECT (id, name, updated_at) ON secrets TO certdeck_viewer;
GRANT SELECT ON secrets TO certdeck_operator;
GRANT INSERT, UPDATE, DELETE ON secrets TO certdeck_admin;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA certdeck_inventory TO certdeck_operator;
CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON secrets
    FOR EACH ROW EXECUTE FUNCTION certdeck_inventory.audit_change();
CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON secrets
    FOR EACH STATEMENT EXECUTE FUNCTION certdeck_inventory.notify_change();
CREATE TABLE notify_channels (
    id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    name       text NOT NULL UNIQUE,
    kind       text NOT NULL,
    settings   text NOT NULL,
    created_at bigint NOT NULL
);
CREATE TABLE notify_log (
    id      bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at      bigint NOT NULL,
    channel text NOT NULL,
    notice  text NOT NULL,
    result  text NOT NULL
);
ALTER TABLE notify_channels OWNER TO certdeck_owner;
ALTER TABLE notify_log OWNER TO certdeck_owner;
GRANT SELECT ON notify_channels, notify_log TO certdeck_viewer;
GRANT INSERT ON notify_log TO certdeck_operator;
GRANT INSERT, UPDATE, DELETE ON notify_channels TO certdeck_admin;
CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON notify_channels
    FOR EACH ROW EXECUTE FUNCTION certdeck_inventory.audit_change();
CREATE TRIGGER audit_change AFTER UPDATE OR DELETE ON notify_log
    FOR EACH ROW EXECUTE FUNCTION certdeck_inventory.audit_change();
DO $$
DECLARE
    s record;
BEGIN
    FOR s IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'certdeck_inventory' AND c.relkind = 'S'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i') LOOP
        EXECUTE format('ALTER SEQUENCE certdeck_inventory.%I OWNER TO certdeck_owner', s.relname);
    END LOOP;
END $$;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA certdeck_inventory TO certdeck_operator;
"#;
