//! A team's shared inventory on a real PostgreSQL (the server `common::postgres` starts): keys
//! the server cannot read and that a removed member cannot open, roles the database enforces on
//! the inventory itself.

use std::path::Path;

use certdeck::pki::DecodeOptions;
use certdeck::store::acme::NewAcmeAccount;
use certdeck::store::export::{ExportFormat, ExportRequest};
use certdeck::store::{ImportInput, Inventory, NoPasswords, StoreError, Vault, VaultOptions};
use certdeck::team::keys::IdentityStore;
use certdeck::team::{Role, Team};
use zeroize::Zeroizing;

use crate::common::engines::{Engine, inventory};
use crate::common::postgres::OWNER;
use crate::common::{fixture, fixture_time};

pub(crate) fn vault() -> VaultOptions {
    VaultOptions {
        passphrase: Some(Zeroizing::new("member passphrase".into())),
        keychain: false,
    }
}

/// The identity kept in data folder `dir` (made on first use), as `certdeck team identity`.
pub(crate) fn identity_in(dir: &Path) -> age::x25519::Identity {
    IdentityStore::of(dir, &vault()).identity().unwrap()
}

/// A new shared inventory in data folder `dir` (its team made by the DBA, whose identity the
/// folder keeps) and the database's address.
pub(crate) fn team_inventory(dir: &Path) -> (Inventory, String) {
    let inventory = inventory(Engine::Postgres, dir, vault());
    let url = certdeck::store::shared::address(dir).unwrap().unwrap();
    (inventory, url)
}

/// The same team database as `url` (the DBA's address), for login role `member`.
pub(crate) fn as_member(url: &str, member: &str) -> String {
    url.replacen(
        &format!("postgres://{OWNER}@"),
        &format!("postgres://{member}@"),
        1,
    )
}

/// The data folder `dir` of `member`, pointing at the team's inventory.
pub(crate) fn member_folder(url: &str, member: &str, dir: &Path) -> Inventory {
    certdeck::store::shared::point(dir, Some(&as_member(url, member))).unwrap();
    Inventory::open(dir, vault()).unwrap()
}

/// Two accounts' stored credentials (instant-acme's JSON, sealed by the vault).
const ACCOUNT_KEYS: [&[u8]; 2] = [b"{\"the account key\": 1}", b"{\"the account key\": 2}"];

/// An account at a lab CA with `credentials`.
fn lab_account(credentials: &[u8]) -> NewAcmeAccount<'_> {
    const CONTACT: &[String] = &[];
    NewAcmeAccount {
        name: "lab",
        directory_url: "https://127.0.0.1:14000/dir",
        contact: CONTACT,
        account_url: "https://127.0.0.1:14000/my-account/1",
        credentials,
        ca_root_pem: None,
        eab_kid: None,
    }
}

pub(crate) fn import_fixture(inventory: &mut Inventory, name: &str) -> Vec<i64> {
    inventory
        .import(
            &[ImportInput::Path(fixture(name))],
            &DecodeOptions::default(),
            &mut NoPasswords,
            fixture_time(),
        )
        .unwrap()
        .outcomes
        .iter()
        .filter(|o| o.kind == "certificate")
        .filter_map(|o| o.id)
        .collect()
}

pub(crate) fn key_pem(
    inventory: &mut Inventory,
    id: i64,
) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    inventory
        .export(&ExportRequest {
            ids: vec![id],
            format: ExportFormat::Pem,
            chain: false,
            key: true,
            passphrase: None,
            allow_plain_key: true,
        })
        .map(|bundle| bundle.bytes)
}

pub(crate) fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// The sealed private keys as the database holds them (what a stolen backup holds).
fn sealed_keys(url: &str) -> Vec<(i64, Vec<u8>)> {
    block_on(async {
        let (client, connection) =
            tokio_postgres::connect(&crate::common::postgres::raw(url), tokio_postgres::NoTls)
                .await
                .unwrap();
        tokio::spawn(connection);
        client
            .query(
                "SELECT id, sealed FROM certdeck_inventory.private_keys ORDER BY id",
                &[],
            )
            .await
            .unwrap()
            .iter()
            .map(|row| (row.get(0), row.get(1)))
            .collect()
    })
}

#[test]
fn removing_a_member_reseals_every_key_and_the_removed_member_opens_none() {
    let admin_dir = tempfile::tempdir().unwrap();
    let bob_dir = tempfile::tempdir().unwrap();
    let (mut admin, url) = team_inventory(admin_dir.path());
    let admin_identity = identity_in(admin_dir.path());
    let bob_identity = identity_in(bob_dir.path());

    let server_cert = import_fixture(&mut admin, "keycert-with-dh.pem")[0];
    let account = admin
        .add_acme_account(&lab_account(ACCOUNT_KEYS[0]), fixture_time())
        .unwrap();
    let key_before = key_pem(&mut admin, server_cert).unwrap();
    assert!(String::from_utf8_lossy(&key_before).contains("PRIVATE KEY"));
    // Nothing the server holds is the key in clear.
    for (_, sealed) in sealed_keys(&url) {
        assert!(
            !sealed
                .windows(16)
                .any(|w| key_before.windows(16).any(|k| k == w))
        );
    }

    let bob_key = block_on(async {
        let mut team = Team::connect(&url).await.unwrap();
        team.add_member(
            "bob",
            Role::Operator,
            &bob_identity.to_public().to_string(),
            &admin_identity,
        )
        .await
        .unwrap();
        let as_bob = Team::connect(&as_member(&url, "bob")).await.unwrap();
        as_bob.team_key(&bob_identity).await.unwrap()
    });
    // Bob, a member, opens the keys from his own folder.
    let mut bob = member_folder(&url, "bob", bob_dir.path());
    assert_eq!(key_pem(&mut bob, server_cert).unwrap(), key_before);
    drop(bob);

    block_on(async {
        let mut team = Team::connect(&url).await.unwrap();
        team.remove_member("bob", &admin_identity).await.unwrap();
    });
    // Everyone left opens everything, re-sealed under the new key.
    drop(admin);
    let mut admin = Inventory::open(admin_dir.path(), vault()).unwrap();
    assert_eq!(key_pem(&mut admin, server_cert).unwrap(), key_before);
    assert_eq!(
        &admin.acme_credentials(account).unwrap()[..],
        ACCOUNT_KEYS[0]
    );
    // A key added afterwards, and the old ones re-sealed: Bob's copy of the old team key opens
    // none of them, even read straight from the database.
    import_fixture(&mut admin, "ec256.pem");
    import_fixture(&mut admin, "ec256.key");
    let (generation, key) = bob_key;
    let old_vault = Vault::from_team_key(&key, generation.into()).unwrap();
    let sealed = sealed_keys(&url);
    assert_eq!(sealed.len(), 2);
    for (id, sealed) in sealed {
        assert!(
            old_vault
                .open_sealed(&format!("private_keys/{id}"), &sealed)
                .is_err(),
            "private key {id} opens with the removed member's key"
        );
    }
    // And Bob can no longer open the inventory at all.
    match Inventory::open(bob_dir.path(), vault()) {
        Err(error) => assert!(
            error.to_string().contains("not permitted to log in"),
            "{error}"
        ),
        Ok(bob) => {
            let refused = bob.list(&Default::default(), fixture_time(), 30);
            assert!(
                refused.is_err(),
                "a removed member still reads the inventory"
            );
        }
    }
}

#[test]
fn the_database_refuses_a_viewer_writing_and_an_operator_changing_the_trusted_cas() {
    let admin_dir = tempfile::tempdir().unwrap();
    let (mut admin, url) = team_inventory(admin_dir.path());
    let admin_identity = identity_in(admin_dir.path());
    let root = import_fixture(&mut admin, "root.pem")[0];
    let folders: Vec<tempfile::TempDir> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    block_on(async {
        let mut team = Team::connect(&url).await.unwrap();
        for (name, role, dir) in [
            ("vera", Role::Viewer, folders[0].path()),
            ("otto", Role::Operator, folders[1].path()),
        ] {
            let recipient = identity_in(dir).to_public().to_string();
            team.add_member(name, role, &recipient, &admin_identity)
                .await
                .unwrap();
        }
    });
    let now = fixture_time();

    let mut vera = member_folder(&url, "vera", folders[0].path());
    assert_eq!(
        vera.list(&Default::default(), now, 30).unwrap().len(),
        1,
        "a viewer reads"
    );
    let refused = vera.import(
        &[ImportInput::Path(fixture("inter.pem"))],
        &DecodeOptions::default(),
        &mut NoPasswords,
        now,
    );
    let error = refused.expect_err("a viewer imported");
    assert!(error.to_string().contains("permission denied"), "{error}");
    assert!(
        vera.add_node("sip1", "sip1.example.com", &[], "server", now)
            .is_err()
    );

    let mut otto = member_folder(&url, "otto", folders[1].path());
    assert_eq!(
        import_fixture(&mut otto, "inter.pem").len(),
        1,
        "an operator imports"
    );
    otto.add_node("sip1", "sip1.example.com", &[], "server", now)
        .unwrap();
    let error = otto
        .distrust(root, now)
        .expect_err("an operator changed the trusted CAs");
    assert!(error.to_string().contains("permission denied"), "{error}");
    admin.distrust(root, now).unwrap();
    assert!(
        admin.trusted_cas(false).unwrap().is_empty(),
        "an admin does"
    );
}

/// A local inventory holding one of everything: keys and DH parameters, a chain, a trusted root,
/// a local CA with issued and revoked certificates, nodes with trust lists and settings, a
/// pending request, an ACME account and DNS server, push log and journal (with a key file
/// sealed in it), announced alarms.
fn a_full_local_inventory(dir: &Path) -> Inventory {
    use certdeck::pki::authority::RevocationReason;
    use certdeck::pki::request::{KeyType, RequestSpec, Subject, Usage};
    use certdeck::store::journal::{Content, PlannedStep, StepKind};
    use certdeck::store::requests::KeyChoice;

    let mut local = Inventory::open_local(dir, cli_vault()).unwrap();
    let now = fixture_time();
    let server = import_fixture(&mut local, "keycert-with-dh.pem")[0];
    import_fixture(&mut local, "fullchain.pem");
    import_fixture(&mut local, "root.pem");
    let issued = crate::revocation::local_lab(&mut local, "Lab", &["gw1", "gw2"], "server", now);
    local
        .revoke_issued(
            &issued[0].certificate_id.to_string(),
            RevocationReason::KeyCompromise,
            now,
        )
        .unwrap();
    local.assign("gw2", server, now).unwrap();
    local
        .set_node_trust("gw2", &[issued[1].certificate_id])
        .unwrap();
    local
        .configure_node(
            "gw1",
            &["gw1.lab.example:443".into()],
            "folder",
            &serde_json::json!({ "folder": "/srv/kit" }),
        )
        .unwrap();
    local
        .create_request(
            RequestSpec {
                subject: Subject {
                    common_name: Some("pbx.example.com".into()),
                    ..Default::default()
                },
                names: vec!["pbx.example.com".into()],
                cn_in_san: true,
                usage: Usage::Server,
                node: None,
            },
            KeyChoice::New(KeyType::EcdsaP256),
            None,
            false,
            now,
        )
        .unwrap();
    local
        .add_acme_account(&lab_account(ACCOUNT_KEYS[1]), now)
        .unwrap();
    local
        .journal_begin(
            "gw1",
            "folder",
            "certificate",
            "ann",
            &[PlannedStep {
                kind: StepKind::File,
                target: "/srv/kit/server.key".into(),
                private: true,
                before: Content::Present(Zeroizing::new(b"old key".to_vec())),
                after: Content::Present(Zeroizing::new(b"new key".to_vec())),
            }],
            now,
        )
        .unwrap();
    let alarms = local.alarms(now, 30).unwrap();
    local.fresh_alarms(&alarms, now).unwrap();
    local
}

/// The command line's vault passphrase (`common::certdeck_in`).
fn cli_vault() -> VaultOptions {
    VaultOptions {
        passphrase: Some(Zeroizing::new("vault passphrase".into())),
        keychain: false,
    }
}

#[test]
fn migrating_up_and_back_keeps_every_object() {
    let dir = tempfile::tempdir().unwrap();
    let mut local = a_full_local_inventory(dir.path());
    let original = local.dump().unwrap();
    assert!(original["push_steps"].len() == 1 && original["local_cas"].len() == 2);
    assert_eq!(
        original.keys().filter(|k| k.starts_with("sealed ")).count(),
        9,
        "six keys (server, two CAs, two issued, the request's), the account, the journal's key \
         file before and after"
    );
    drop(local);
    let identity = IdentityStore::of(dir.path(), &cli_vault())
        .identity()
        .unwrap();
    let url = crate::common::engines::new_team_database(&identity);

    let up = crate::common::certdeck_in(
        dir.path(),
        &["team", "migrate", "--from-local", "--url", &url],
    );
    assert!(
        up.status.success(),
        "{}",
        String::from_utf8_lossy(&up.stderr)
    );
    assert!(String::from_utf8_lossy(&up.stdout).contains("every object compared"));
    let mut shared = Inventory::open(dir.path(), cli_vault()).unwrap();
    assert_eq!(
        shared.engine(),
        Engine::Postgres,
        "the folder uses the copy"
    );
    assert_eq!(shared.dump().unwrap(), original);
    // New rows continue after the copied ids.
    let node = shared
        .add_node("new", "new.example.com", &[], "server", fixture_time())
        .unwrap();
    assert!(
        node > shared
            .nodes()
            .unwrap()
            .iter()
            .map(|n| n.id)
            .filter(|&id| id != node)
            .max()
            .unwrap()
    );
    shared.remove_node("new").unwrap();
    drop(shared);

    // Down again into an empty folder inventory: the old file is moved away first.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("inventory.sqlite3")
        {
            std::fs::rename(&path, path.with_extension("before-migration")).unwrap();
        }
    }
    let down = crate::common::certdeck_in(dir.path(), &["team", "migrate", "--to-local"]);
    assert!(
        down.status.success(),
        "{}",
        String::from_utf8_lossy(&down.stderr)
    );
    let mut back = Inventory::open(dir.path(), cli_vault()).unwrap();
    assert_eq!(back.engine(), Engine::Sqlite);
    assert_eq!(back.dump().unwrap(), original, "every object came back");

    // A second copy into a team that holds something is refused, and nothing changes.
    let again = crate::common::certdeck_in(
        dir.path(),
        &["team", "migrate", "--from-local", "--url", &url],
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
    assert_eq!(
        Inventory::open(dir.path(), cli_vault()).unwrap().engine(),
        Engine::Sqlite
    );
}

#[test]
fn a_change_by_one_member_is_announced_to_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ann, url) = team_inventory(dir.path());
    let (heard, announcements) = std::sync::mpsc::channel::<String>();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listening = url.clone();
    runtime.spawn(async move {
        certdeck::store::shared::watch(&listening, |table| {
            let _ = heard.send(table.to_string());
        })
        .await
    });
    // Changes until one is heard (the listener may not have started listening for the first).
    let mut heard_tables = Vec::new();
    for attempt in 0..50 {
        ann.add_node(
            &format!("sip{attempt}"),
            "sip.example.com",
            &[],
            "server",
            fixture_time(),
        )
        .unwrap();
        if let Ok(table) = announcements.recv_timeout(std::time::Duration::from_millis(200)) {
            heard_tables.push(table);
            break;
        }
    }
    assert_eq!(heard_tables, ["nodes"], "a new node is announced");
    // Announced when a change commits: a preview of an import (rolled back) announces nothing,
    // so the next announcement is the node added after it.
    let inputs = [ImportInput::Path(fixture("inter.pem"))];
    let decoded = certdeck::store::decode_inputs(&inputs, &DecodeOptions::default());
    let preview = ann.preview_import(&decoded, fixture_time()).unwrap();
    assert_eq!(preview.outcomes.len(), 1);
    ann.add_node(
        "after-preview",
        "x.example.com",
        &[],
        "server",
        fixture_time(),
    )
    .unwrap();
    let next = announcements
        .recv_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    assert_eq!(next, "nodes");
    import_fixture(&mut ann, "inter.pem");
    let next = announcements
        .recv_timeout(std::time::Duration::from_secs(10))
        .unwrap();
    assert!(
        ["certificates", "certificate_der"].contains(&next.as_str()),
        "{next}"
    );
    drop(runtime);
}

#[test]
fn every_change_to_the_shared_inventory_is_in_the_team_log_in_its_own_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ann, url) = team_inventory(dir.path());
    let now = fixture_time();
    let root = import_fixture(&mut ann, "root.pem")[0];
    // A preview is rolled back: it leaves no line.
    let inputs = [ImportInput::Path(fixture("inter.pem"))];
    let decoded = certdeck::store::decode_inputs(&inputs, &DecodeOptions::default());
    ann.preview_import(&decoded, now).unwrap();
    ann.add_node("sip1", "sip1.example.com", &[], "server", now)
        .unwrap();
    ann.pin_node("sip1", "SHA256:abc").unwrap();
    ann.distrust(root, now).unwrap();
    // A refused change leaves no line either.
    assert!(ann.remove_node("nobody").is_err());
    ann.remove_node("sip1").unwrap();

    let entries = block_on(async {
        let team = Team::connect(&url).await.unwrap();
        team.audit().await.unwrap()
    });
    // certdeck's own lines; the database's row lines (triggers, schema 4) are checked below.
    let lines: Vec<(&str, &str)> = entries
        .iter()
        .filter(|e| e.action != "team init" && !e.action.starts_with("row "))
        .map(|e| (e.action.as_str(), e.object.as_str()))
        .collect();
    let rows: Vec<(&str, &str)> = entries
        .iter()
        .filter(|e| e.action.starts_with("row ") && e.object.starts_with("nodes:"))
        .map(|e| (e.action.as_str(), e.object.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("row insert", "nodes:sip1"),
            ("row update", "nodes:sip1"),
            ("row update", "nodes:sip1"),
            ("row delete", "nodes:sip1")
        ]
    );
    let pin = entries
        .iter()
        .find(|e| e.action == "row update" && e.detail.contains("pinned"))
        .expect("the pin's change is a row line");
    assert!(
        pin.detail.contains(r#"pinned: null -> "SHA256:abc""#),
        "{}",
        pin.detail
    );
    let root_file = fixture("root.pem").display().to_string();
    assert_eq!(
        lines,
        [
            ("import", root_file.as_str()),
            ("node add", "sip1"),
            ("node change", "sip1"),
            ("distrust", root.to_string().as_str()),
            ("node remove", "sip1"),
        ]
    );
    let import = entries
        .iter()
        .find(|e| e.action == "import")
        .expect("the import's line");
    assert_eq!(
        import.detail,
        "1 added, 0 updated, 0 unchanged, 0 skipped, 0 error(s)"
    );
    assert!(entries.iter().all(|e| e.who == OWNER && e.result == "ok"));
    assert_eq!(
        certdeck::team::audit::verify(&entries),
        Ok(entries.len()),
        "the lines are chained"
    );
    // The command line checks the chain of the log of the inventory the folder uses.
    let verified = crate::common::certdeck_in(dir.path(), &["log", "--verify"]);
    let said = String::from_utf8_lossy(&verified.stdout);
    assert!(verified.status.success(), "{said}");
    assert!(
        said.contains(&format!("{} rows, each linked", entries.len())),
        "{said}"
    );
}

#[test]
fn an_import_whose_connection_the_server_drops_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ann, url) = team_inventory(dir.path());
    let text = crate::inventory_cli::bundle(3000, "dropped");
    let total = 3002;
    // The server ends the importing session while its transaction is open (an administrator's
    // pg_terminate_backend, a failover): polled until the import's transaction shows.
    let killer = std::thread::spawn({
        let url = url.clone();
        move || {
            block_on(async {
                let (client, connection) = tokio_postgres::connect(
                    &crate::common::postgres::raw(&url),
                    tokio_postgres::NoTls,
                )
                .await
                .unwrap();
                tokio::spawn(connection);
                for _ in 0..2000 {
                    let ended: Vec<bool> = client
                        .query(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                             WHERE datname = current_database() AND pid <> pg_backend_pid() \
                             AND xact_start IS NOT NULL AND backend_type = 'client backend'",
                            &[],
                        )
                        .await
                        .unwrap()
                        .iter()
                        .map(|row| row.get(0))
                        .collect();
                    if ended.contains(&true) {
                        return true;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                }
                false
            })
        }
    });
    let imported = ann.import(
        &[ImportInput::Text {
            name: "bundle.pem".into(),
            text: text.clone(),
        }],
        &DecodeOptions::default(),
        &mut NoPasswords,
        fixture_time(),
    );
    assert!(killer.join().unwrap(), "the importing session was ended");
    let error = imported.expect_err("an import whose connection was dropped succeeded");
    assert!(error.to_string().contains("PostgreSQL"), "{error}");
    drop(ann);
    // Nothing of it was stored; importing again stores all of it.
    let mut again = Inventory::open(dir.path(), vault()).unwrap();
    assert!(
        again
            .list(&Default::default(), fixture_time(), 30)
            .unwrap()
            .is_empty()
    );
    let report = again
        .import(
            &[ImportInput::Text {
                name: "bundle.pem".into(),
                text,
            }],
            &DecodeOptions::default(),
            &mut NoPasswords,
            fixture_time(),
        )
        .unwrap();
    assert_eq!(report.count(certdeck::store::Action::Added), total);
}

#[test]
fn an_older_team_schema_is_upgraded_by_an_admin_and_a_newer_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::common::engines::new_empty_database();
    // A team made by an older certdeck: its first two migrations only.
    let sql = |statements: String| {
        let url = url.clone();
        block_on(async move {
            let (client, connection) =
                tokio_postgres::connect(&crate::common::postgres::raw(&url), tokio_postgres::NoTls)
                    .await
                    .unwrap();
            tokio::spawn(connection);
            client.batch_execute(&statements).await.unwrap();
        })
    };
    let migrations = certdeck::team::schema::MIGRATIONS;
    sql(format!(
        "BEGIN; {} {} INSERT INTO certdeck.meta VALUES ('schema.version', '2'); COMMIT;",
        migrations[0], migrations[1]
    ));
    let older = Inventory::open_shared(&url, dir.path(), vault()).unwrap_err();
    assert!(
        older.to_string().contains("older than this certdeck needs"),
        "{older}"
    );
    assert!(
        older.to_string().contains("certdeck team upgrade"),
        "{older}"
    );

    let upgraded = crate::common::certdeck_in(dir.path(), &["team", "upgrade", "--url", &url]);
    let said = String::from_utf8_lossy(&upgraded.stdout);
    assert!(upgraded.status.success(), "{said}");
    assert!(
        said.contains(&format!("version {} (was 2)", migrations.len())),
        "{said}"
    );
    let mut opened = Inventory::open_shared(&url, dir.path(), vault()).unwrap();
    opened
        .add_node("sip1", "sip1.example.com", &[], "server", fixture_time())
        .unwrap();
    assert_eq!(
        opened.node("sip1").unwrap().version,
        1,
        "the new columns are read"
    );
    drop(opened);

    sql("UPDATE certdeck.meta SET value = '99' WHERE key = 'schema.version'".into());
    let newer = Inventory::open_shared(&url, dir.path(), vault()).unwrap_err();
    assert!(
        newer.to_string().contains("newer than this certdeck knows"),
        "{newer}"
    );
    // A database with no team says so.
    let empty = Inventory::open_shared(
        &crate::common::engines::new_empty_database(),
        dir.path(),
        vault(),
    )
    .unwrap_err();
    assert!(
        empty.to_string().contains("holds no certdeck team"),
        "{empty}"
    );
}

/// Issue 28: a team made by the previous certdeck (schema 3: admins with CREATEROLE, viewers
/// with a copy of the team key, no signed key, a log of certdeck's lines) is upgraded by the
/// database administrator with every member, key and log line kept, and comes out with the
/// new rules.
#[test]
fn a_schema_3_team_is_upgraded_with_its_members_keys_and_log() {
    use certdeck::team::keys;
    let dir = tempfile::tempdir().unwrap();
    let url = crate::common::engines::new_empty_database();
    let raw = crate::common::postgres::raw(&url);
    let run = |statements: String| {
        let raw = raw.clone();
        block_on(async move {
            let (client, connection) = tokio_postgres::connect(&raw, tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(connection);
            client.batch_execute(&statements).await.unwrap();
        })
    };
    // The team as schema 3's certdeck made it, member by member.
    let unique = std::process::id();
    let (old_admin, old_viewer) = (format!("olda_{unique}"), format!("oldv_{unique}"));
    let dba = identity_in(dir.path());
    let (admin_identity, viewer_identity) = (
        age::x25519::Identity::generate(),
        age::x25519::Identity::generate(),
    );
    let key = keys::new_team_key().unwrap();
    let migrations = certdeck::team::schema::MIGRATIONS;
    let hex = |bytes: &[u8]| hex::encode(bytes);
    let sealed = |identity: &age::x25519::Identity| {
        hex(&keys::seal(&key, &identity.to_public().to_string()).unwrap())
    };
    let stored_key = Vault::from_team_key(&key, 1)
        .unwrap()
        .seal("private_keys/1", b"-----BEGIN PRIVATE KEY----- old")
        .unwrap();
    run(format!(
        "BEGIN; {} {} {}
         INSERT INTO certdeck.meta VALUES ('schema.version', '3'), ('team.id', 'oldteam'),
             ('team.generation', '1');
         DO $$ BEGIN
             IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{old_admin}') THEN
                 CREATE ROLE {old_admin} LOGIN CREATEROLE;
             END IF;
             IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{old_viewer}') THEN
                 CREATE ROLE {old_viewer} LOGIN;
             END IF;
         END $$;
         GRANT certdeck_admin TO {OWNER}, {old_admin};
         GRANT certdeck_viewer TO {old_viewer};
         INSERT INTO certdeck.members (name, role, recipient) VALUES
             ('{OWNER}', 'admin', '{}'), ('{old_admin}', 'admin', '{}'),
             ('{old_viewer}', 'viewer', '{}');
         INSERT INTO certdeck.team_keys (generation, member, sealed) VALUES
             (1, '{OWNER}', '\\x{}'), (1, '{old_admin}', '\\x{}'), (1, '{old_viewer}', '\\x{}');
         INSERT INTO certdeck.audit (id, at, who, action, object, result, detail, previous, hash)
             VALUES (0, now(), '', 'team init', 'oldteam', 'ok', '', '', ''),
                    (0, now(), '', 'member add', '{old_viewer}', 'ok', 'viewer', '', '');
         INSERT INTO certdeck_inventory.private_keys (key_id, algorithm, sealed, added_at)
             VALUES ('\\x01', 'EC', '\\x{}', 0);
         COMMIT;",
        migrations[0],
        migrations[1],
        migrations[2],
        dba.to_public(),
        admin_identity.to_public(),
        viewer_identity.to_public(),
        sealed(&dba),
        sealed(&admin_identity),
        sealed(&viewer_identity),
        hex(&stored_key),
    ));

    let upgraded = crate::common::certdeck_in_with(
        dir.path(),
        &["team", "upgrade", "--url", &url],
        "member passphrase",
    );
    let said = String::from_utf8_lossy(&upgraded.stdout);
    assert!(
        upgraded.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&upgraded.stderr)
    );
    assert!(said.contains("(was 3)"), "{said}");
    assert!(said.contains("the current team key is signed"), "{said}");

    block_on(async {
        let team = Team::open(&url).await.unwrap();
        // Members kept; the old admin lost CREATEROLE, the viewer their copy of the key.
        let members: Vec<String> = team
            .members()
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.name)
            .collect();
        assert_eq!(members.len(), 3, "{members:?}");
        let (_, opened) = team.team_key(&dba).await.unwrap();
        assert_eq!(*opened, *key, "the same team key, now signed");
        // The log kept its lines and its chain, and goes on.
        let entries = team.audit().await.unwrap();
        assert_eq!(entries[0].action, "team init");
        assert_eq!(certdeck::team::audit::verify(&entries), Ok(entries.len()));
    });
    let admin_sql = crate::common::postgres::raw(&as_member(&url, OWNER));
    block_on(async {
        let (client, connection) = tokio_postgres::connect(&admin_sql, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        let createrole: bool = client
            .query_one(
                "SELECT rolcreaterole FROM pg_roles WHERE rolname = $1",
                &[&old_admin],
            )
            .await
            .unwrap()
            .get(0);
        assert!(!createrole, "the old admin keeps CREATEROLE");
        let copies: i64 = client
            .query_one(
                "SELECT count(*) FROM certdeck.team_keys WHERE member = $1",
                &[&old_viewer],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(copies, 0, "the viewer keeps a copy of the team key");
        let sealed: Vec<u8> = client
            .query_one("SELECT sealed FROM certdeck_inventory.private_keys", &[])
            .await
            .unwrap()
            .get(0);
        let plain = Vault::from_team_key(&key, 1)
            .unwrap()
            .open_sealed("private_keys/1", &sealed)
            .unwrap();
        assert_eq!(&plain[..], b"-----BEGIN PRIVATE KEY----- old");
    });
    // The team's own inventory opens with the upgraded schema, for the admin with their key.
    let mut opened = Inventory::open_shared(&url, dir.path(), vault()).unwrap();
    assert!(opened.vault().is_ok());
}
