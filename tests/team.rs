//! The team's shared database (issue 17, the parts built so far) against a real PostgreSQL
//! started by the test (`common::postgres`): the roles and row-level security refuse in the
//! database itself, a removed member cannot open the new team key, the audit log's hash chain
//! finds changed and removed rows, concurrent writers keep it whole, and a second member is told
//! who is pushing to a node, and a viewer cannot push.

use certdeck::team::audit;
use certdeck::team::keys::{self, IdentityStore};
use certdeck::team::{Role, Team};

use crate::common::postgres::{OWNER, Postgres, add, newest, team};
use crate::common::runtime;

/// Raw SQL as `user`, for what the certdeck API never does (reading others' rows, tampering).
async fn sql(server: &Postgres, user: &str) -> tokio_postgres::Client {
    let (client, connection) =
        tokio_postgres::connect(&server.raw_url(user), tokio_postgres::NoTls)
            .await
            .unwrap();
    tokio::spawn(connection);
    client
}

#[test]
fn init_makes_the_caller_admin_and_members_open_the_team_key() {
    let server = Postgres::start();
    runtime().block_on(async {
        let (mut admin, admin_identity) = team(&server).await;
        assert_eq!(
            admin.schema_version().await.unwrap(),
            certdeck::team::schema::MIGRATIONS.len()
        );
        let members = admin.members().await.unwrap();
        assert_eq!(members.len(), 1);
        assert_eq!(
            (members[0].name.as_str(), members[0].role),
            (OWNER, Role::Admin)
        );
        let (generation, key) = admin.team_key(&admin_identity).await.unwrap();
        assert_eq!(generation, 1);

        let alice = age::x25519::Identity::generate();
        admin
            .add_member(
                "alice",
                Role::Operator,
                &alice.to_public().to_string(),
                &admin_identity,
            )
            .await
            .unwrap();
        let as_alice = Team::connect(&server.url("alice")).await.unwrap();
        let (_, alice_key) = as_alice.team_key(&alice).await.unwrap();
        assert_eq!(
            *alice_key, *key,
            "the same team key, sealed for each member"
        );
        // The database holds only sealed copies: the key's bytes appear nowhere in them.
        let dba = sql(&server, OWNER).await;
        for row in dba
            .query("SELECT sealed FROM certdeck.team_keys", &[])
            .await
            .unwrap()
        {
            let sealed: Vec<u8> = row.get(0);
            assert!(!sealed.windows(32).any(|w| w == key.as_slice()));
        }
        // A second init is refused; adding alice again too.
        assert!(
            admin
                .init("age1x", None)
                .await
                .unwrap_err()
                .contains("already holds")
        );
        let again = admin
            .add_member(
                "alice",
                Role::Viewer,
                &alice.to_public().to_string(),
                &admin_identity,
            )
            .await
            .unwrap_err();
        assert!(again.contains("already a member"), "{again}");
        assert_eq!(audit::verify(&admin.audit().await.unwrap()), Ok(2));
    });
}

#[test]
fn the_database_itself_refuses_what_a_role_may_not_do() {
    let server = Postgres::start();
    runtime().block_on(async {
        let (mut admin, admin_identity) = team(&server).await;
        let vera = age::x25519::Identity::generate();
        let otto = age::x25519::Identity::generate();
        for (name, role, identity) in [
            ("vera", Role::Viewer, &vera),
            ("otto", Role::Operator, &otto),
        ] {
            admin
                .add_member(
                    name,
                    role,
                    &identity.to_public().to_string(),
                    &admin_identity,
                )
                .await
                .unwrap();
        }
        // A viewer reads but writes nothing, not even the log.
        let as_vera = Team::connect(&server.url("vera")).await.unwrap();
        assert_eq!(as_vera.members().await.unwrap().len(), 3);
        let refused = as_vera
            .log("push", "sip1", "verified", "")
            .await
            .unwrap_err();
        assert!(refused.contains("refused"), "{refused}");
        // A viewer holds no team key and cannot read the table of sealed copies at all.
        let raw_vera = sql(&server, "vera").await;
        let refused = raw_vera
            .query("SELECT member FROM certdeck.team_keys", &[])
            .await
            .unwrap_err();
        assert_eq!(
            refused.code(),
            Some(&tokio_postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{refused:?}"
        );
        // Row-level security: an operator sees only the copy sealed for them.
        let raw_otto = sql(&server, "otto").await;
        let rows = raw_otto
            .query("SELECT member FROM certdeck.team_keys", &[])
            .await
            .unwrap();
        let seen: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
        assert_eq!(seen, ["otto"]);
        // An operator writes the log but cannot add members or seal keys.
        let mut as_otto = Team::connect(&server.url("otto")).await.unwrap();
        as_otto
            .log("push", "sip1", "verified", "2 endpoints")
            .await
            .unwrap();
        let refused = as_otto
            .add_member("mallory", Role::Admin, &otto.to_public().to_string(), &otto)
            .await
            .unwrap_err();
        assert!(
            refused.contains("refused") || refused.contains("permission"),
            "{refused}"
        );
        let raw_otto = sql(&server, "otto").await;
        let insert = raw_otto
            .execute(
                "INSERT INTO certdeck.members (name, role, recipient) VALUES ('eve', 'admin', 'x')",
                &[],
            )
            .await;
        assert!(insert.is_err(), "an operator made a member");
        let update = raw_otto
            .execute("UPDATE certdeck.audit SET detail = 'x'", &[])
            .await;
        assert!(update.is_err(), "the log was changed by an operator");
        // An admin who is not a superuser adds members too.
        let alice = age::x25519::Identity::generate();
        admin
            .add_member(
                "alice",
                Role::Admin,
                &alice.to_public().to_string(),
                &admin_identity,
            )
            .await
            .unwrap();
        let mut as_alice = Team::connect(&server.url("alice")).await.unwrap();
        let walter = age::x25519::Identity::generate();
        as_alice
            .add_member(
                "walter",
                Role::Viewer,
                &walter.to_public().to_string(),
                &alice,
            )
            .await
            .unwrap();
        assert_eq!(admin.members().await.unwrap().len(), 5);
    });
}

#[test]
fn a_removed_member_cannot_open_the_new_team_key() {
    let server = Postgres::start();
    runtime().block_on(async {
        let (mut admin, admin_identity) = team(&server).await;
        let bob = age::x25519::Identity::generate();
        admin
            .add_member(
                "bob",
                Role::Operator,
                &bob.to_public().to_string(),
                &admin_identity,
            )
            .await
            .unwrap();
        let as_bob = Team::connect(&server.url("bob")).await.unwrap();
        let (_, old_key) = as_bob.team_key(&bob).await.unwrap();

        admin.remove_member("bob", &admin_identity).await.unwrap();
        let (generation, new_key) = admin.team_key(&admin_identity).await.unwrap();
        assert_eq!(generation, 2);
        assert_ne!(*new_key, *old_key, "the team key was replaced");
        // Bob cannot log in any more (issue 28: his login role lost LOGIN).
        let refused = Team::connect(&server.url("bob")).await.unwrap_err();
        assert!(refused.contains("not permitted to log in"), "{refused}");
        // And even with every sealed copy in hand (a stolen backup), none opens with his key.
        let dba = sql(&server, OWNER).await;
        let rows = dba
            .query(
                "SELECT sealed FROM certdeck.team_keys WHERE generation = 2",
                &[],
            )
            .await
            .unwrap();
        assert!(!rows.is_empty());
        for row in rows {
            let sealed: Vec<u8> = row.get(0);
            assert!(keys::unseal(&sealed, &bob).is_err());
        }
        assert!(
            admin.remove_member(OWNER, &admin_identity).await.is_err(),
            "nobody removes themselves"
        );
        let entries = admin.audit().await.unwrap();
        assert_eq!(entries.last().unwrap().action, "member remove");
        assert_eq!(audit::verify(&entries), Ok(3));
    });
}

#[test]
fn the_log_chain_finds_changed_and_removed_rows_and_holds_under_concurrent_writers() {
    let server = Postgres::start();
    runtime().block_on(async {
        let (mut admin, admin_identity) = team(&server).await;
        add(&mut admin, &admin_identity, &["ann", "ben"], Role::Operator).await;
        // Two members writing at once: ids and links stay in one order.
        let writers = ["ann", "ben"].map(|name| {
            let url = server.url(name);
            tokio::spawn(async move {
                let team = Team::connect(&url).await.unwrap();
                for n in 0..25 {
                    team.log("push", &format!("node{n}"), "verified", "")
                        .await
                        .unwrap();
                }
            })
        });
        for writer in writers {
            writer.await.unwrap();
        }
        let entries = admin.audit().await.unwrap();
        assert_eq!(audit::verify(&entries), Ok(53));
        assert!(entries.iter().any(|e| e.who == "ann") && entries.iter().any(|e| e.who == "ben"));

        // Whoever can bypass the grants (the server's superuser) changes a row: found.
        let dba = sql(&server, OWNER).await;
        let changed = entries[10].id;
        dba.execute(
            "UPDATE certdeck.audit SET result = 'failed' WHERE id = $1",
            &[&changed],
        )
        .await
        .unwrap();
        let broken = audit::verify(&admin.audit().await.unwrap()).unwrap_err();
        assert!(broken.contains(&format!("row {changed} ")), "{broken}");
        dba.execute(
            "UPDATE certdeck.audit SET result = 'verified' WHERE id = $1",
            &[&changed],
        )
        .await
        .unwrap();
        assert!(audit::verify(&admin.audit().await.unwrap()).is_ok());
        // A row removed: the next one no longer follows.
        let removed = entries[20].id;
        dba.execute("DELETE FROM certdeck.audit WHERE id = $1", &[&removed])
            .await
            .unwrap();
        let broken = audit::verify(&admin.audit().await.unwrap()).unwrap_err();
        assert!(
            broken.contains(&format!("before row {}", entries[21].id)),
            "{broken}"
        );
    });
}

#[test]
fn a_second_member_is_told_who_is_pushing_to_a_node() {
    let server = Postgres::start();
    runtime().block_on(async {
        let (mut admin, admin_identity) = team(&server).await;
        add(&mut admin, &admin_identity, &["ann", "ben"], Role::Operator).await;
        let ann = Team::connect(&server.url("ann")).await.unwrap();
        let ben = Team::connect(&server.url("ben")).await.unwrap();
        ann.lock_node("sip1").await.unwrap();
        let busy = ben.lock_node("sip1").await.unwrap_err();
        assert!(busy.contains("ann has been pushing to sip1"), "{busy}");
        ben.lock_node("sip2").await.unwrap();
        ann.unlock_node("sip1").await.unwrap();
        ben.lock_node("sip1").await.unwrap();
        // A session that dies gives its locks back.
        drop(ben);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        ann.lock_node("sip2").await.unwrap();
    });
}

#[test]
fn the_command_line_creates_a_team_and_verifies_its_log() {
    let server = Postgres::start();
    let data = tempfile::tempdir().unwrap();
    let certdeck = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_certdeck"))
            .args(args)
            .env("CERTDECK_DATA_DIR", data.path())
            .env("CERTDECK_KEYCHAIN", "none")
            .env("CERTDECK_VAULT_PASSPHRASE", "team test")
            .env("CERTDECK_TEAM_URL", server.url(OWNER))
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, recipient, _) = certdeck(&["team", "identity"]);
    assert_eq!(code, Some(0));
    assert!(recipient.trim().starts_with("age1"), "{recipient}");
    // The identity is kept (sealed with the passphrase), not made anew.
    assert_eq!(certdeck(&["team", "identity"]).1, recipient);
    let sealed = std::fs::read(data.path().join("team-identity.age")).unwrap();
    assert!(!String::from_utf8_lossy(&sealed).contains("AGE-SECRET-KEY"));

    let (code, out, err) = certdeck(&["team", "init"]);
    assert_eq!(code, Some(0), "{out}{err}");
    let reader = IdentityStore {
        keychain: false,
        dir: data.path(),
        passphrase: Some(&zeroize::Zeroizing::new("team test".to_string())),
    };
    let other = age::x25519::Identity::generate().to_public().to_string();
    let (code, _, err) = certdeck(&[
        "team",
        "add",
        "carol",
        "--role",
        "viewer",
        "--recipient",
        &other,
    ]);
    assert_eq!(code, Some(0), "{err}");
    let (_, members, _) = certdeck(&["team", "members", "--json"]);
    let members: serde_json::Value = serde_json::from_str(&members).unwrap();
    assert_eq!(members.as_array().unwrap().len(), 2);
    assert_eq!(members[0]["name"], "carol");
    assert_eq!(members[0]["role"], "viewer");
    let (code, out, _) = certdeck(&["team", "log", "--verify"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("2 rows"), "{out}");
    let (_, csv, _) = certdeck(&["team", "log", "--csv"]);
    assert!(
        csv.starts_with("id,at,who,action,object,result,detail\n"),
        "{csv}"
    );
    assert!(csv.contains("\"member add\",\"carol\""), "{csv}");
    // A wrong passphrase opens no identity.
    let wrong = IdentityStore {
        keychain: false,
        dir: data.path(),
        passphrase: Some(&zeroize::Zeroizing::new("wrong".to_string())),
    };
    assert!(wrong.identity().is_err());
    assert_eq!(
        reader.identity().unwrap().to_public().to_string(),
        recipient.trim()
    );
}

#[test]
fn a_database_without_a_team_or_no_server_is_said_in_words() {
    let server = Postgres::start();
    runtime().block_on(async {
        let empty = Team::open(&server.url(OWNER)).await.err().unwrap();
        assert!(empty.contains("holds no certdeck team"), "{empty}");
        let closed = format!(
            "postgres://{OWNER}@127.0.0.1:{}/postgres?sslmode=require",
            crate::common::free_port()
        );
        let refused = Team::open(&closed).await.err().unwrap();
        assert!(refused.to_lowercase().contains("refused"), "{refused}");
        let garbage = Team::open("postgres://[not a host").await.err().unwrap();
        assert!(garbage.contains("not a PostgreSQL address"), "{garbage}");
        // A port that accepts the connection and then says nothing (not a PostgreSQL server):
        // the address's connect_timeout bounds the whole start, not only the TCP connection.
        let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = silent.local_addr().unwrap().port();
        let held = tokio::spawn(async move {
            let (socket, _) = silent.accept().await.unwrap();
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
            drop(socket);
        });
        let quiet = format!(
            "postgres://{OWNER}@127.0.0.1:{port}/postgres?sslmode=require&connect_timeout=1"
        );
        let silence = Team::open(&quiet).await.err().unwrap();
        assert!(silence.contains("did not answer within 1 s"), "{silence}");
        held.abort();
        // A schema newer than this certdeck knows is refused, not altered.
        let (_team, _) = team(&server).await;
        let dba = sql(&server, OWNER).await;
        dba.execute(
            "UPDATE certdeck.meta SET value = '99' WHERE key = 'schema.version'",
            &[],
        )
        .await
        .unwrap();
        let newer = Team::open(&server.url(OWNER)).await.err().unwrap();
        assert!(newer.contains("newer than this certdeck knows"), "{newer}");
    });
}

/// `certdeck push` with a team database: a node another member is pushing to is skipped with
/// their name (and its folder left untouched), and every outcome goes into the team's log.
#[test]
fn a_push_takes_the_team_lock_and_logs_its_outcome() {
    use crate::common::{certdeck_in, fixture, json_of};
    let server = Postgres::start();
    let data = tempfile::tempdir().unwrap();
    let kit = tempfile::tempdir().unwrap();
    let imported = certdeck_in(
        data.path(),
        &[
            "import",
            &fixture("keycert-with-dh.pem").display().to_string(),
            "--json",
        ],
    );
    assert!(imported.status.success());
    let leaf = json_of(&imported)["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "certificate")
        .unwrap()["id"]
        .to_string();
    for args in [
        vec!["node", "add", "sip1", "--fqdn", "conf1.example.com"],
        vec!["node", "assign", "sip1", &leaf],
        vec![
            "node",
            "configure",
            "sip1",
            "--driver",
            "folder",
            "--path",
            kit.path().to_str().unwrap(),
        ],
    ] {
        let done = certdeck_in(data.path(), &args);
        assert!(
            done.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&done.stderr)
        );
    }
    let push_as = |member: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_certdeck"))
            .args(["push", "sip1", "--no-verify", "--json"])
            .env("CERTDECK_DATA_DIR", data.path())
            .env("CERTDECK_VAULT_PASSPHRASE", "vault passphrase")
            .env("CERTDECK_KEYCHAIN", "none")
            .env("CERTDECK_TEAM_URL", server.url(member))
            .output()
            .unwrap()
    };
    runtime().block_on(async {
        let (mut admin, admin_identity) = team(&server).await;
        add(&mut admin, &admin_identity, &["ann", "ben"], Role::Operator).await;
        add(&mut admin, &admin_identity, &["vera"], Role::Viewer).await;
        // A viewer may not push: the database refuses the lock, before anything is written.
        let viewer = push_as("vera");
        assert_eq!(viewer.status.code(), Some(2), "{viewer:?}");
        let said = String::from_utf8_lossy(&viewer.stderr);
        assert!(said.contains("the database refused it"), "{said}");
        assert_eq!(
            std::fs::read_dir(kit.path()).unwrap().count(),
            0,
            "nothing written"
        );

        let ann = Team::connect(&server.url("ann")).await.unwrap();
        // The pushes above ended with their processes; their server sessions (which held the
        // node's advisory lock) end a moment later, sooner or later under load.
        let mut taken = ann.lock_node("sip1").await;
        for _ in 0..50 {
            if taken.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            taken = ann.lock_node("sip1").await;
        }
        taken.unwrap();
        let refused = push_as("ben");
        assert_eq!(refused.status.code(), Some(1));
        let said = String::from_utf8_lossy(&refused.stderr);
        assert!(
            said.contains("skipped: ann has been pushing to sip1"),
            "{said}"
        );
        assert_eq!(
            std::fs::read_dir(kit.path()).unwrap().count(),
            0,
            "nothing written"
        );

        ann.unlock_node("sip1").await.unwrap();
        let pushed = push_as("ben");
        assert!(
            pushed.status.success(),
            "{}",
            String::from_utf8_lossy(&pushed.stderr)
        );
        assert_eq!(json_of(&pushed)[0]["result"], "applied");
        assert!(kit.path().join("certificate.pem").exists());
        let entries = admin.audit().await.unwrap();
        assert_eq!(newest(&entries), ("ben", "push", "sip1", "applied"));
        assert!(audit::verify(&entries).is_ok());
        // The lock went with the push: ann can take it again.
        ann.lock_node("sip1").await.unwrap();
    });
}
