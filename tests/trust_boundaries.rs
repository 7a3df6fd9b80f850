//! Issue 28: nobody gets more than their role. Each test plays the attack the security review
//! found working on main 6b1ceaa — as the attacker would: a member's own psql session (raw SQL
//! as that PostgreSQL role, on the real server `common::postgres` starts), a teammate's row, a
//! plain-text server, a loopback HTTP listener, a hostile certificate — and checks that it fails
//! now.

use std::path::Path;

use certdeck::store::Inventory;
use certdeck::team::{Role, Team, audit};

use crate::common::fixture;
use crate::common::postgres::{OWNER, Postgres};
use crate::shared_inventory::{
    as_member, identity_in, import_fixture, key_pem, member_folder, team_inventory,
};

/// One runtime for the module's async work: a `Team` keeps its connection as a task on the
/// runtime that opened it, so every call must run on that same runtime.
fn rt() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    })
}

fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    rt().block_on(future)
}

/// Raw SQL as `user` on the database `url` names (what a member's psql can do).
fn psql(url: &str, user: &str) -> tokio_postgres::Client {
    let raw = crate::common::postgres::raw(&as_member(url, user));
    block_on(async {
        let (client, connection) = tokio_postgres::connect(&raw, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        client
    })
}

fn sql(client: &tokio_postgres::Client, statement: &str) -> Result<u64, String> {
    block_on(client.execute(statement, &[])).map_err(|e| {
        e.as_db_error()
            .map(|d| d.message().to_string())
            .unwrap_or_else(|| e.to_string())
    })
}

/// Adds `name` with `role` to the team at `url` (as the DBA, whose folder is `dba_dir`), their
/// identity kept in `member_dir`; the member's inventory.
fn add_member(url: &str, dba_dir: &Path, name: &str, role: Role, member_dir: &Path) -> Inventory {
    let recipient = identity_in(member_dir).to_public().to_string();
    let dba = identity_in(dba_dir);
    block_on(async {
        let mut team = Team::connect(url).await.unwrap();
        team.add_member(name, role, &recipient, &dba).await.unwrap();
    });
    member_folder(url, name, member_dir)
}

/// A name no other test uses: member roles belong to the whole PostgreSQL server, which the
/// tests share.
fn unique(name: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{name}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// The command line on the data folder `dir` (a member's machine), never at a terminal.
fn certdeck(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_certdeck"))
        .args(args)
        .env("CERTDECK_DATA_DIR", dir)
        .env("CERTDECK_KEYCHAIN", "none")
        .env("CERTDECK_VAULT_PASSPHRASE", "member passphrase")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Item 1: an operator cannot point a node at another folder or command (the database refuses,
/// through certdeck and through psql), and what an admin set runs on another admin's machine
/// only once approved there — exactly that text, nothing else.
#[test]
fn a_teammates_command_runs_on_my_machine_only_once_i_approved_it_here() {
    let (mine, adams, ottos) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let (mut me, url) = team_inventory(mine.path());
    let (adam, otto) = (unique("adam"), unique("otto"));
    let mut adam_inventory = add_member(&url, mine.path(), &adam, Role::Admin, adams.path());
    let mut otto_inventory = add_member(&url, mine.path(), &otto, Role::Operator, ottos.path());
    let now = crate::common::fixture_time();
    import_fixture(&mut me, "keycert-with-dh.pem");
    let (ok, out, err) = certdeck(mine.path(), &["list", "--json"]);
    assert!(ok, "{err}");
    let listed: serde_json::Value = serde_json::from_str(&out).unwrap();
    let leaf = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["has_private_key"] == true)
        .expect("the server certificate with its key")["id"]
        .as_i64()
        .unwrap();
    me.add_node("sip1", "sip1.example.com", &[], "server", now)
        .unwrap();
    me.assign("sip1", leaf, now).unwrap();

    // The operator: refused by the database, whether through certdeck or psql.
    let kit = tempfile::tempdir().unwrap();
    let marker = kit.path().join("pwned");
    let hostile = serde_json::json!({
        "path": kit.path(),
        "reload": format!("touch {}", marker.display()),
    });
    let refused = otto_inventory
        .configure_node("sip1", &[], "folder", &hostile)
        .unwrap_err();
    assert!(refused.to_string().contains("only an admin"), "{refused}");
    let raw = psql(&url, &otto);
    let refused = sql(
        &raw,
        &format!(
            "UPDATE certdeck_inventory.nodes SET driver = 'folder', settings = '{hostile}' \
             WHERE name = 'sip1'"
        ),
    )
    .unwrap_err();
    assert!(refused.contains("only an admin"), "{refused}");
    let refused = sql(
        &raw,
        "UPDATE certdeck_inventory.nodes SET pinned = 'SHA256:mallory' WHERE name = 'sip1'",
    )
    .unwrap_err();
    assert!(refused.contains("only an admin"), "{refused}");

    // Another admin sets a folder and a reload command: my push refuses it, naming it and who
    // set it, and writes nothing.
    adam_inventory
        .configure_node("sip1", &[], "folder", &hostile)
        .unwrap();
    let (ok, out, err) = certdeck(mine.path(), &["push", "sip1"]);
    assert!(!ok, "{out}");
    assert!(err.contains("not approved on this machine"), "{err}");
    assert!(
        err.contains(&format!("touch {}", marker.display())),
        "{err}"
    );
    assert!(err.contains(&format!("set by {adam}")), "{err}");
    assert!(err.contains("certdeck node approve sip1"), "{err}");
    assert!(!marker.exists(), "the command ran");
    assert!(
        std::fs::read_dir(kit.path()).unwrap().next().is_none(),
        "files were written"
    );
    // Approved here, it runs.
    let (ok, out, err) = certdeck(mine.path(), &["node", "approve", "sip1", "--yes"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains(&format!("set by {adam}")), "{out}");
    let (ok, out, err) = certdeck(mine.path(), &["push", "sip1"]);
    assert!(ok, "{out}{err}");
    assert!(marker.exists(), "the approved command ran");
    // One character more is another command: asked for again.
    std::fs::remove_file(&marker).unwrap();
    let changed = serde_json::json!({
        "path": kit.path(),
        "reload": format!("touch {}; true", marker.display()),
    });
    adam_inventory
        .configure_node("sip1", &[], "folder", &changed)
        .unwrap();
    let (ok, _, err) = certdeck(mine.path(), &["push", "sip1"]);
    assert!(!ok && err.contains("not approved on this machine"), "{err}");
    assert!(!marker.exists());
    // The approvals are this machine's: another admin's folder has its own (none of mine).
    let (_, listed, _) = certdeck(mine.path(), &["node", "approvals", "--json"]);
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2, "{listed}");
    let (_, theirs, _) = certdeck(ottos.path(), &["node", "approvals", "--json"]);
    assert_eq!(theirs.trim(), "[]");
}

/// Item 2: admins hold no CREATEROLE and cannot grant themselves anything; member management
/// goes through the database's functions only; a removed member cannot log in again.
#[test]
fn admins_cannot_make_roles_and_a_removed_member_cannot_come_back() {
    let server = Postgres::start();
    let (mut dba, dba_identity) = block_on(crate::common::postgres::team(&server));
    let amy = age::x25519::Identity::generate();
    let otto = age::x25519::Identity::generate();
    block_on(async {
        dba.add_member(
            "amy",
            Role::Admin,
            &amy.to_public().to_string(),
            &dba_identity,
        )
        .await
        .unwrap();
        dba.add_member(
            "otto",
            Role::Operator,
            &otto.to_public().to_string(),
            &dba_identity,
        )
        .await
        .unwrap();
    });
    let url = server.url(OWNER);
    let as_amy = psql(&url, "amy");
    for attack in [
        "CREATE ROLE mallory LOGIN",
        "GRANT pg_execute_server_program TO amy",
        "ALTER ROLE amy CREATEROLE",
        "GRANT certdeck_owner TO amy",
        "ALTER TABLE certdeck.audit DISABLE TRIGGER ALL",
        "DELETE FROM certdeck.members WHERE name = 'otto'",
        "INSERT INTO certdeck.members (name, role, recipient) VALUES ('mallory', 'admin', 'x')",
    ] {
        assert!(sql(&as_amy, attack).is_err(), "an admin could: {attack}");
    }
    // The functions refuse what would reach other roles.
    for name in ["pg_monitor", "certdeck_owner", "a\"; DROP TABLE x; --"] {
        let refused = sql(
            &as_amy,
            &format!(
                "SELECT certdeck.add_member('{}', 'viewer', 'age1x', 1, NULL)",
                name.replace('\'', "''")
            ),
        );
        assert!(refused.is_err(), "{name} was added");
    }
    // An operator cannot call them at all.
    let as_otto = psql(&url, "otto");
    let refused = sql(
        &as_otto,
        "SELECT certdeck.add_member('mallory', 'admin', 'age1x', 1, NULL)",
    )
    .unwrap_err();
    assert!(refused.contains("permission denied"), "{refused}");
    // No member's role can create roles.
    let dba_sql = psql(&url, OWNER);
    let roles = block_on(dba_sql.query(
        "SELECT rolname FROM pg_roles WHERE rolcreaterole AND NOT rolsuper AND rolcanlogin",
        &[],
    ))
    .unwrap();
    assert!(roles.is_empty(), "login roles with CREATEROLE exist");

    // Removed, amy cannot log in, and holds no certdeck role.
    block_on(dba.remove_member("amy", &dba_identity)).unwrap();
    let refused = block_on(Team::connect(&server.url("amy"))).unwrap_err();
    assert!(refused.contains("not permitted to log in"), "{refused}");
    let row = block_on(dba_sql.query_one(
        "SELECT rolcanlogin, rolcreaterole, \
                pg_has_role('amy', 'certdeck_viewer', 'MEMBER') FROM pg_roles WHERE rolname = 'amy'",
        &[],
    ))
    .unwrap();
    let (login, createrole, member): (bool, bool, bool) = (row.get(0), row.get(1), row.get(2));
    assert!(!login && !createrole && !member);
    // Added again by an admin, she logs in again.
    block_on(dba.add_member(
        "amy",
        Role::Viewer,
        &amy.to_public().to_string(),
        &dba_identity,
    ))
    .unwrap();
    block_on(Team::connect(&server.url("amy"))).unwrap();
}

/// Item 3: a viewer reads the inventory but no sealed column and no team key — the database
/// refuses, not certdeck.
#[test]
fn a_viewer_reads_certificates_but_never_a_key() {
    let (mine, viewers) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut me, url) = team_inventory(mine.path());
    let ids = import_fixture(&mut me, "keycert-with-dh.pem");
    assert!(
        key_pem(&mut me, ids[0]).is_ok(),
        "the admin exports the key"
    );
    let vic = unique("vic");
    let mut viewer = add_member(&url, mine.path(), &vic, Role::Viewer, viewers.path());
    // Through certdeck: the certificates are listed, the key is not exported.
    let listed = viewer
        .list(&Default::default(), crate::common::fixture_time(), 30)
        .unwrap();
    assert!(!listed.is_empty());
    assert!(
        key_pem(&mut viewer, ids[0]).is_err(),
        "a viewer exported a key"
    );
    let (ok, out, err) = certdeck(
        viewers.path(),
        &["export", &ids[0].to_string(), "--key", "--plain-key"],
    );
    assert!(!ok, "a viewer exported a key: {out}");
    assert!(!out.contains("PRIVATE KEY"), "{out}");
    assert!(!err.is_empty());
    // Through psql: every sealed column and the team key's table are closed.
    let raw = psql(&url, &vic);
    for attack in [
        "SELECT sealed FROM certdeck_inventory.private_keys",
        "SELECT credentials FROM certdeck_inventory.acme_accounts",
        "SELECT before_content, after_content FROM certdeck_inventory.push_steps",
        "SELECT * FROM certdeck_inventory.private_keys",
        "SELECT sealed FROM certdeck.team_keys",
        "SELECT sealed FROM certdeck_inventory.secrets",
    ] {
        let refused = block_on(raw.query(attack, &[])).unwrap_err();
        assert_eq!(
            refused.code(),
            Some(&tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{attack}: {refused:?}"
        );
    }
    // What a viewer is for still works.
    block_on(raw.query(
        "SELECT id, algorithm, bits FROM certdeck_inventory.private_keys",
        &[],
    ))
    .unwrap();
    // And no copy of the team key was ever sealed for them.
    let dba = psql(&url, OWNER);
    let copies: i64 = block_on(dba.query_one(
        "SELECT count(*) FROM certdeck.team_keys WHERE member = $1",
        &[&vic],
    ))
    .unwrap()
    .get(0);
    assert_eq!(copies, 0);
}

/// Item 4: the log is written by the database for every change (a direct UPDATE too), nobody
/// but the server's superuser can rewrite it, and cutting its end is noticed by a member who
/// verified it before.
#[test]
fn the_log_records_direct_changes_and_a_cut_end_is_noticed() {
    let (mine, ottos) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut me, url) = team_inventory(mine.path());
    let now = crate::common::fixture_time();
    me.add_node("sip1", "sip1.example.com", &[], "server", now)
        .unwrap();
    let otto = unique("otto");
    add_member(&url, mine.path(), &otto, Role::Operator, ottos.path());
    let raw = psql(&url, &otto);
    sql(
        &raw,
        "UPDATE certdeck_inventory.nodes SET fqdn = 'evil.example.com' WHERE name = 'sip1'",
    )
    .unwrap();
    let entries = block_on(async { Team::connect(&url).await.unwrap().audit().await.unwrap() });
    let line = entries
        .iter()
        .find(|e| e.object == "nodes:sip1" && e.action == "row update")
        .expect("the direct UPDATE is in the log");
    assert_eq!(line.who, otto);
    assert!(
        line.detail
            .contains(r#"fqdn: "sip1.example.com" -> "evil.example.com""#),
        "{}",
        line.detail
    );
    assert_eq!(audit::verify(&entries), Ok(entries.len()));
    // Everything belongs to the role nobody logs in as; no member may rewrite the log.
    let dba = psql(&url, OWNER);
    let owners = block_on(dba.query(
        "SELECT DISTINCT tableowner::text FROM pg_tables \
         WHERE schemaname IN ('certdeck', 'certdeck_inventory')",
        &[],
    ))
    .unwrap();
    let owners: Vec<String> = owners.iter().map(|r| r.get(0)).collect();
    assert_eq!(owners, ["certdeck_owner"]);
    for attack in [
        "DELETE FROM certdeck.audit",
        "UPDATE certdeck.audit SET detail = ''",
        "TRUNCATE certdeck.audit",
        "ALTER TABLE certdeck.audit DISABLE TRIGGER audit_chain",
        "DROP TRIGGER audit_change ON certdeck_inventory.nodes",
    ] {
        assert!(sql(&raw, attack).is_err(), "an operator could: {attack}");
    }

    // I verify the log; the server's superuser then cuts its newest rows: noticed.
    let (ok, out, err) = certdeck(mine.path(), &["team", "log", "--verify"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("What it cannot prove"), "{out}");
    sql(
        &dba,
        "DELETE FROM certdeck.audit WHERE id > (SELECT max(id) - 2 FROM certdeck.audit)",
    )
    .unwrap();
    let (ok, out, err) = certdeck(mine.path(), &["team", "log", "--verify"]);
    assert!(!ok, "a cut log verified: {out}");
    assert!(err.contains("rows were cut from its end"), "{err}");
}

/// Item 5: no plain text, ever, and a team-key copy somebody else sealed is not accepted.
#[test]
fn the_team_connection_never_falls_back_to_plain_text() {
    let plain = Postgres::start_plain();
    // `require` to a server without TLS: refused, not downgraded.
    let address = format!(
        "postgres://{OWNER}@127.0.0.1:{}/postgres?sslmode=require",
        plain.port
    );
    let refused = block_on(Team::connect(&address)).unwrap_err();
    assert!(refused.to_lowercase().contains("tls"), "{refused}");
    for weak in ["prefer", "allow", "disable"] {
        let address = format!(
            "postgres://{OWNER}@127.0.0.1:{}/postgres?sslmode={weak}",
            plain.port
        );
        let refused = block_on(Team::connect(&address)).unwrap_err();
        assert!(refused.contains("plain text"), "{weak}: {refused}");
    }
    // verify-full against a CA that is not the server's: refused.
    let server = Postgres::start();
    let stranger = tempfile::NamedTempFile::new().unwrap();
    let other_ca = crate::common::root("not the server's CA");
    std::fs::write(
        stranger.path(),
        crate::common::pem("CERTIFICATE", &other_ca.der),
    )
    .unwrap();
    let address = format!(
        "postgres://{OWNER}@127.0.0.1:{}/postgres?sslmode=verify-full&sslrootcert={}",
        server.port,
        stranger.path().display()
    );
    let refused = block_on(Team::connect(&address)).unwrap_err();
    assert!(refused.contains("certificate"), "{refused}");
    block_on(Team::connect(&server.url(OWNER))).unwrap();
}

/// Item 5: whoever can write `team_keys` (here the server's superuser) cannot make a member
/// use a key they chose: the copy does not match the generation an admin signed.
#[test]
fn a_team_key_copy_nobody_signed_is_refused() {
    let server = Postgres::start();
    let (mut dba, dba_identity) = block_on(crate::common::postgres::team(&server));
    let bob = age::x25519::Identity::generate();
    block_on(dba.add_member(
        "bob",
        Role::Operator,
        &bob.to_public().to_string(),
        &dba_identity,
    ))
    .unwrap();
    let as_bob = block_on(Team::connect(&server.url("bob"))).unwrap();
    let (_, real) = block_on(as_bob.team_key(&bob)).unwrap();
    // An operator cannot write a copy at all.
    let raw_bob = psql(&server.url(OWNER), "bob");
    assert!(
        sql(
            &raw_bob,
            "INSERT INTO certdeck.team_keys (generation, member, sealed) VALUES (9, 'bob', '\\x00')"
        )
        .is_err()
    );
    // The attacker's key, sealed for bob in place of the real copy.
    let chosen = certdeck::team::keys::new_team_key().unwrap();
    let sealed = certdeck::team::keys::seal(&chosen, &bob.to_public().to_string()).unwrap();
    let dba_sql = psql(&server.url(OWNER), OWNER);
    block_on(dba_sql.execute(
        "UPDATE certdeck.team_keys SET sealed = $1 WHERE member = 'bob'",
        &[&sealed],
    ))
    .unwrap();
    let refused = block_on(as_bob.team_key(&bob)).unwrap_err();
    assert!(refused.contains("replaced"), "{refused}");
    assert_ne!(*real, *chosen);
}

/// Item 6: a key never goes over plain HTTP, and a push needs a pin.
#[test]
fn a_push_never_sends_a_key_over_plain_http() {
    use certdeck::push::Driver;
    use certdeck::push::setup::{DriverFields, driver_settings};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}/upload/");
    // The form refuses the address.
    for driver in ["https", "pexip"] {
        let fields = DriverFields {
            path: None,
            crl: None,
            crl_from_ca: None,
            crl_path: None,
            reload: None,
            ssh_host: None,
            ssh_port: 22,
            ssh_user: None,
            certificate_path: None,
            key_path: None,
            trusted_ca_path: None,
            url: Some(url.clone()),
            upload_mode: "webdav".into(),
            http_auth: "basic".into(),
            form_field: "file".into(),
            http_user: Some("admin".into()),
            pexip_node: Some("conf1".into()),
        };
        let refused = driver_settings(driver, "conf1", "conf1.example.com", &fields)
            .unwrap_err()
            .to_string();
        assert!(refused.contains("only over https"), "{driver}: {refused}");
    }
    // A row that holds one anyway (written before, or by hand) connects to nothing.
    let rows = [
        (
            "https",
            serde_json::json!({"url": url, "mode": "webdav", "user": "admin"}),
        ),
        (
            "pexip",
            serde_json::json!({"url": url, "user": "admin", "node_name": "conf1"}),
        ),
    ];
    for (driver, settings) in rows {
        let driver = Driver::with_secrets(
            driver,
            &settings,
            Some("SHA256:pinned".into()),
            certdeck::push::ssh::SshCredentials {
                password: Some(zeroize::Zeroizing::new("secret".into())),
                private_key: None,
            },
        )
        .unwrap();
        let refused = block_on(driver.connect()).err().expect("refused");
        assert!(refused.to_string().contains("only over https"), "{refused}");
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(
        listener.accept().is_err(),
        "something connected to the plain-HTTP listener"
    );
}

/// Item 7: a reload command gets a scrubbed environment: not the vault passphrase, not
/// PGPASSWORD.
#[test]
fn a_reload_command_does_not_inherit_the_vault_passphrase() {
    let data = tempfile::tempdir().unwrap();
    let kit = tempfile::tempdir().unwrap();
    let seen = kit.path().join("environment.txt");
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_certdeck"))
            .args(args)
            .env("CERTDECK_DATA_DIR", data.path())
            .env("CERTDECK_KEYCHAIN", "none")
            .env("CERTDECK_VAULT_PASSPHRASE", "vault secret 7")
            .env("PGPASSWORD", "database secret 7")
            .env("LC_ALL", "C")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    };
    let imported = run(&[
        "import",
        &fixture("keycert-with-dh.pem").display().to_string(),
        "--json",
    ]);
    let imported: serde_json::Value = serde_json::from_slice(&imported.stdout).unwrap();
    let leaf = imported["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "certificate")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    run(&["node", "add", "kit1", "--fqdn", "kit1.example.com"]);
    run(&["node", "assign", "kit1", &leaf]);
    let reload = format!("env > {}", seen.display());
    run(&[
        "node",
        "configure",
        "kit1",
        "--driver",
        "folder",
        "--path",
        &kit.path().display().to_string(),
        "--reload",
        &reload,
    ]);
    run(&["push", "kit1"]);
    let environment = std::fs::read_to_string(&seen).unwrap();
    assert!(!environment.contains("vault secret 7"), "{environment}");
    assert!(!environment.contains("database secret 7"), "{environment}");
    assert!(!environment.contains("CERTDECK_VAULT_PASSPHRASE"));
    assert!(environment.contains("PATH="), "{environment}");
    assert!(environment.contains("LC_ALL=C"), "{environment}");
}

/// Item 9: a certificate's subject cannot become a spreadsheet formula or a terminal escape.
#[test]
fn a_hostile_subject_reaches_neither_a_spreadsheet_nor_the_terminal_raw() {
    let data = tempfile::tempdir().unwrap();
    let mut params = crate::common::leaf_params(
        Some("=HYPERLINK(\"http://evil\",\"x\")\u{1b}]2;owned\u{7}\u{202e}moc.live"),
        &["host.example.com"],
        crate::common::ymd(2024, 1, 1),
        crate::common::ymd(2034, 1, 1),
    );
    params.distinguished_name = {
        let mut dn = rcgen::DistinguishedName::new();
        dn.push(
            rcgen::DnType::CommonName,
            "=HYPERLINK(\"http://evil\",\"x\")\u{1b}]2;owned\u{7}\u{202e}moc.live",
        );
        dn
    };
    let (certificate, _) = crate::common::self_signed(params);
    let file = data.path().join("hostile.der");
    std::fs::write(&file, certificate.der()).unwrap();
    let inspected =
        crate::common::certdeck_in(data.path(), &["inspect", &file.display().to_string()]);
    assert!(
        !inspected.stdout.contains(&0x1b) && !inspected.stdout.contains(&0x07),
        "a control character reached the terminal"
    );
    let text = String::from_utf8_lossy(&inspected.stdout);
    assert!(
        text.contains("\\x1b]2;owned\\x07\\u{202e}moc.live"),
        "{text}"
    );
    let imported =
        crate::common::certdeck_in(data.path(), &["import", &file.display().to_string()]);
    assert!(imported.status.success());
    let report = data.path().join("report.csv");
    let written = crate::common::certdeck_in(
        data.path(),
        &["report", "csv", "--out", &report.display().to_string()],
    );
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let csv = std::fs::read_to_string(&report).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            assert!(!cell.starts_with(['=', '+', '@']), "a formula cell: {cell}");
        }
    }
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
}

/// Item 10: the team identity is readable by its owner only, in a folder only they enter.
#[test]
fn the_team_identity_is_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let data = tempfile::tempdir().unwrap();
    let folder = data.path().join("certdeck");
    let (ok, _, err) = certdeck(&folder, &["team", "identity"]);
    assert!(ok, "{err}");
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&folder.join("team-identity.age")), 0o600);
    assert_eq!(mode(&folder), 0o700);
    // A file an older certdeck left open is closed when next read.
    std::fs::set_permissions(
        folder.join("team-identity.age"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let (ok, _, err) = certdeck(&folder, &["team", "identity"]);
    assert!(ok, "{err}");
    assert_eq!(mode(&folder.join("team-identity.age")), 0o600);
}

/// An unfinished push of `sip1` in the journal, as a teammate's psql writes it: its id.
fn planted_push(raw: &tokio_postgres::Client) -> i64 {
    block_on(raw.query_one(
        "INSERT INTO certdeck_inventory.pushes (node, driver, what, who, started_at, state) \
         VALUES ('sip1', 'folder', 'certificate', 'otto', 0, 'running') RETURNING id",
        &[],
    ))
    .unwrap()
    .get(0)
}

/// Item 1, the journal: a push journal row written by a teammate (an operator may write the
/// journal) cannot make my `push --resume` run its command — only the node's approved reload
/// command runs here.
#[test]
fn a_journal_step_written_by_a_teammate_runs_nothing_unapproved_here() {
    let (mine, ottos) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut me, url) = team_inventory(mine.path());
    let now = crate::common::fixture_time();
    let kit = tempfile::tempdir().unwrap();
    me.add_node("sip1", "sip1.example.com", &[], "server", now)
        .unwrap();
    me.configure_node(
        "sip1",
        &[],
        "folder",
        &serde_json::json!({"path": kit.path(), "reload": "true"}),
    )
    .unwrap();
    let (ok, out, err) = certdeck(mine.path(), &["node", "approve", "sip1", "--yes"]);
    assert!(ok, "{out}{err}");
    let otto = unique("otto");
    add_member(&url, mine.path(), &otto, Role::Operator, ottos.path());
    let marker = kit.path().join("pwned");
    let raw = psql(&url, &otto);
    let push: i64 = planted_push(&raw);
    block_on(raw.execute(
        "INSERT INTO certdeck_inventory.push_steps \
         (push_id, seq, kind, target, private, before_state, after_state, state) \
         VALUES ($1, 0, 'run', $2, 0, 'absent', 'absent', 'done')",
        &[&push, &format!("touch {}", marker.display())],
    ))
    .unwrap();
    let (_, out, err) = certdeck(mine.path(), &["push", "--resume"]);
    assert!(!marker.exists(), "the journal's command ran: {out}{err}");
    assert!(
        format!("{out}{err}").contains("not one of this node's files or commands"),
        "{out}{err}"
    );
}

/// Item 1, saved scans: a teammate's saved scan connects from my machine only once approved
/// here; the one who saved it has it approved on theirs.
#[test]
fn a_teammates_saved_scan_runs_here_only_once_approved_here() {
    let (mine, ottos) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (_me, url) = team_inventory(mine.path());
    let otto = unique("otto");
    add_member(&url, mine.path(), &otto, Role::Operator, ottos.path());
    let scan = [
        "scan",
        "127.0.0.1",
        "--ports",
        "1",
        "--timeout",
        "1",
        "--no-reverse-dns",
        "--no-record",
    ];
    let mut saving = scan.to_vec();
    saving.extend(["--save", "lab"]);
    let (ok, out, err) = certdeck(ottos.path(), &saving);
    assert!(ok, "{out}{err}");
    let (ok, out, err) = certdeck(ottos.path(), &["scan", "--saved", "lab", "--no-record"]);
    assert!(ok, "its author runs it: {out}{err}");
    let (ok, out, err) = certdeck(mine.path(), &["scan", "--saved", "lab", "--no-record"]);
    assert!(!ok, "{out}");
    assert!(err.contains("not approved on this machine"), "{err}");
    assert!(err.contains("certdeck scan --approve lab"), "{err}");
    // `doctor` says so before the hourly pass finds it (issue 29).
    let approvals = |dir: &Path| -> Vec<String> {
        let (_, out, err) = certdeck(dir, &["doctor", "--json", "--offline"]);
        let checks: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
        checks
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["name"] == "approvals")
            .map(|c| format!("{} {}", c["verdict"], c["detail"]))
            .collect()
    };
    let waiting = approvals(mine.path());
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert!(
        waiting[0].contains("\"fail\"") && waiting[0].contains("saved scan lab"),
        "{waiting:?}"
    );
    assert!(
        approvals(ottos.path()).is_empty(),
        "its author approved it by saving it"
    );
    let (ok, out, err) = certdeck(mine.path(), &["scan", "--approve", "lab", "--yes"]);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("127.0.0.1"),
        "the specification is shown: {out}"
    );
    assert!(approvals(mine.path()).is_empty());
    let (ok, out, err) = certdeck(mine.path(), &["scan", "--saved", "lab", "--no-record"]);
    assert!(ok, "{out}{err}");
}

/// The review's attacks on the database itself (issue 28, second round): a member's own
/// objects cannot borrow the owner's rights, names and "who changed it" cannot be forged, a
/// member cannot write the database's own log lines, and another team's member is not let in.
#[test]
fn a_member_cannot_borrow_the_owners_rights_or_forge_who_did_what() {
    let (mine, ottos, vics) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    let (mut me, url) = team_inventory(mine.path());
    let now = crate::common::fixture_time();
    me.add_node("sip1", "sip1.example.com", &[], "server", now)
        .unwrap();
    me.add_node("lab1", "lab1.example.com", &[], "server", now)
        .unwrap();
    let (otto, vic) = (unique("otto"), unique("vic"));
    add_member(&url, mine.path(), &otto, Role::Operator, ottos.path());
    add_member(&url, mine.path(), &vic, Role::Viewer, vics.path());
    // A viewer attaches the owner's trigger function to a table of their own: refused (no
    // temporary tables, no EXECUTE on the function).
    let viewer = psql(&url, &vic);
    for attack in [
        "CREATE TEMP TABLE nodes (name text)",
        "CREATE TABLE public.nodes (name text)",
        "CREATE FUNCTION public.f() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$",
    ] {
        assert!(sql(&viewer, attack).is_err(), "a viewer could: {attack}");
    }
    // An operator renames nodes (to send one's secrets to the other's host) or writes who
    // changed a node: refused, and stamped by the database.
    let operator = psql(&url, &otto);
    let refused = sql(
        &operator,
        "UPDATE certdeck_inventory.nodes SET name = 'lab1x' WHERE name = 'sip1'",
    )
    .unwrap_err();
    assert!(refused.contains("only an admin"), "{refused}");
    sql(
        &operator,
        "UPDATE certdeck_inventory.nodes SET fqdn = 'sip1.example.org', changed_by = 'alice' \
         WHERE name = 'sip1'",
    )
    .unwrap();
    let stamped: String = block_on(operator.query_one(
        "SELECT changed_by FROM certdeck_inventory.nodes WHERE name = 'sip1'",
        &[],
    ))
    .unwrap()
    .get(0);
    assert_eq!(stamped, otto);
    // Nor may they write the database's own kind of log line, or move the inventory's id.
    let refused = sql(
        &operator,
        "INSERT INTO certdeck.audit (id, at, who, action, object, result, detail, previous, hash) \
         VALUES (0, now(), '', 'row update', 'nodes:sip1', 'ok', 'nothing happened', '', '')",
    )
    .unwrap_err();
    assert!(refused.contains("row-level security"), "{refused}");
    let refused = sql(
        &operator,
        "UPDATE certdeck_inventory.meta SET value = '\\x00' WHERE key = 'inventory.id'",
    )
    .unwrap_err();
    assert!(refused.contains("never changes"), "{refused}");
    // How a certificate is obtained is an admin's setting; a node trusts only trusted CAs.
    let refused = sql(
        &operator,
        "INSERT INTO certdeck_inventory.node_trusted_cas (node_id, certificate_id) \
         SELECT n.id, c.id FROM certdeck_inventory.nodes n, certdeck_inventory.certificates c \
         WHERE n.name = 'sip1' LIMIT 1",
    );
    assert!(
        refused.is_err() || refused == Ok(0),
        "an operator made a node trust an untrusted certificate"
    );
    // Another team's member (same server, same group roles) is not let into this database.
    let other = tempfile::tempdir().unwrap();
    let (_, other_url) = team_inventory(other.path());
    let stranger = unique("stranger");
    add_member(
        &other_url,
        other.path(),
        &stranger,
        Role::Operator,
        tempfile::tempdir().unwrap().path(),
    );
    let refused = block_on(Team::connect(&as_member(&url, &stranger))).unwrap_err();
    assert!(
        refused.contains("permission denied for database"),
        "{refused}"
    );
}

/// Item 1 (review, second round): a journal row a teammate wrote cannot make my push delete or
/// write a file outside the node's folder on my machine.
#[test]
fn a_journal_row_cannot_make_my_push_touch_files_outside_the_nodes_folder() {
    let (mine, ottos) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut me, url) = team_inventory(mine.path());
    let now = crate::common::fixture_time();
    let kit = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("authorized_keys");
    std::fs::write(&victim, "ssh-ed25519 AAAA mine\n").unwrap();
    let planted = outside.path().join("autostart.desktop");
    import_fixture(&mut me, "keycert-with-dh.pem");
    let (_, out, _) = certdeck(mine.path(), &["list", "--json"]);
    let listed: serde_json::Value = serde_json::from_str(&out).unwrap();
    let leaf = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["has_private_key"] == true)
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    me.add_node("sip1", "sip1.example.com", &[], "server", now)
        .unwrap();
    me.assign("sip1", leaf, now).unwrap();
    me.configure_node(
        "sip1",
        &[],
        "folder",
        &serde_json::json!({"path": kit.path()}),
    )
    .unwrap();
    let (ok, _, err) = certdeck(mine.path(), &["node", "approve", "sip1", "--yes"]);
    assert!(ok, "{err}");
    let otto = unique("otto");
    add_member(&url, mine.path(), &otto, Role::Operator, ottos.path());
    let raw = psql(&url, &otto);
    // A finished push whose "backup" is my file: my next push prunes superseded backups.
    let old: i64 = block_on(raw.query_one(
        "INSERT INTO certdeck_inventory.pushes (node, driver, what, who, started_at, finished_at, state) \
         VALUES ('sip1', 'folder', 'certificate', 'otto', 0, 1, 'verified') RETURNING id",
        &[],
    ))
    .unwrap()
    .get(0);
    block_on(raw.execute(
        "INSERT INTO certdeck_inventory.push_steps \
         (push_id, seq, kind, target, private, before_state, after_state, backup, state) \
         VALUES ($1, 0, 'file', $2, 0, 'absent', 'absent', $3, 'done')",
        &[
            &old,
            &kit.path().join("certificate.pem").display().to_string(),
            &victim.display().to_string(),
        ],
    ))
    .unwrap();
    // An unfinished push whose rollback would write a file of my choosing outside the folder.
    let running: i64 = planted_push(&raw);
    block_on(raw.execute(
        "INSERT INTO certdeck_inventory.push_steps \
         (push_id, seq, kind, target, private, before_state, before_sha256, before_content, \
          after_state, state) \
         VALUES ($1, 0, 'file', $2, 0, 'present', $3, $4, 'absent', 'done')",
        &[
            &running,
            &planted.display().to_string(),
            &hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
                b"[Desktop Entry]\nExec=evil\n",
            )),
            &b"[Desktop Entry]\nExec=evil\n".to_vec(),
        ],
    ))
    .unwrap();
    let (_, out, err) = certdeck(mine.path(), &["push", "--resume"]);
    assert!(
        !planted.exists(),
        "the rollback wrote outside the folder: {out}{err}"
    );
    let (_, out, err) = certdeck(mine.path(), &["push", "sip1"]);
    assert!(
        victim.exists(),
        "my push deleted a file outside the node's folder: {out}{err}"
    );
    assert!(kit.path().join("certificate.pem").exists(), "{out}{err}");
}

/// Item 5 (review, second round): setting the team key's generation back to one a removed
/// member still holds is refused by every member who used the newer one.
#[test]
fn a_team_key_set_back_to_an_older_generation_is_refused() {
    let (mine, bobs) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (mut me, url) = team_inventory(mine.path());
    assert!(me.vault().is_ok());
    let bob = unique("bob");
    add_member(&url, mine.path(), &bob, Role::Operator, bobs.path());
    let dba = identity_in(mine.path());
    block_on(async {
        let mut team = Team::connect(&url).await.unwrap();
        team.remove_member(&bob, &dba).await.unwrap();
    });
    let mut again =
        certdeck::store::Inventory::open(mine.path(), crate::shared_inventory::vault()).unwrap();
    assert!(again.vault().is_ok(), "generation 2 opens");
    let raw = psql(&url, OWNER);
    sql(
        &raw,
        "UPDATE certdeck.meta SET value = '1' WHERE key = 'team.generation'",
    )
    .unwrap();
    let mut set_back =
        certdeck::store::Inventory::open(mine.path(), crate::shared_inventory::vault()).unwrap();
    let refused = set_back.vault().unwrap_err().to_string();
    assert!(refused.contains("set back"), "{refused}");
}
