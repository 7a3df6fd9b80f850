//! The inventory: batch import sorting, dedup, pairing, the vault, and what lists show.

use crate::common;

use crate::on_both_engines;
use certdeck::pki::{DecodeOptions, StatusCode};
use certdeck::store::{
    Action, ImportInput, Inventory, ListFilter, NoPasswords, PasswordSource, Role, StoreError,
    VaultOptions,
};
use common::engines::Engine;
use common::*;
use zeroize::Zeroizing;

const VAULT_PASSPHRASE: &str = "vault passphrase for tests";

on_both_engines!(
    a_batch_is_sorted_out_keys_paired_cas_trusted_parameters_attached,
    a_preview_tells_what_the_import_will_do_and_changes_nothing,
    dedup_same_file_is_unchanged_same_issuer_and_serial_updates_and_keeps_assignments,
    a_key_imported_later_pairs_with_its_certificate,
    a_key_imported_alone_pairs_with_the_stored_certificate,
    passwords_are_asked_through_the_callback_and_a_wrong_one_is_reported,
    a_broken_file_never_stops_the_others,
    folders_are_imported_recursively,
    a_certificate_for_a_pending_request_completes_it,
    no_private_key_bytes_reach_the_data_folder,
    removing_a_root_from_the_trusted_list_breaks_the_chains_below_it,
    each_new_alarm_is_announced_once_and_again_when_it_comes_back,
    chain_links_after_imports_equal_a_relink_of_every_row,
    deleting_certificates_changes_only_the_chains_that_went_through_them,
    trusting_several_cas_at_once_completes_the_chains_under_each,
);

/// Passphrase-protected vaults: the keychain tests live in tests/keychain.rs.
pub fn vault_options() -> VaultOptions {
    VaultOptions {
        passphrase: Some(Zeroizing::new(VAULT_PASSPHRASE.into())),
        keychain: false,
    }
}

/// A local (SQLite) inventory in `dir`.
pub fn open(dir: &std::path::Path) -> Inventory {
    open_on(Engine::Sqlite, dir)
}

/// The inventory of data folder `dir` on `engine` (the same one when opened again).
pub fn open_on(engine: Engine, dir: &std::path::Path) -> Inventory {
    crate::common::engines::inventory(engine, dir, vault_options())
}

fn files(names: &[&str]) -> Vec<ImportInput> {
    names
        .iter()
        .map(|n| ImportInput::Path(fixture(n)))
        .collect()
}

/// Imports fixtures at the fixtures' time, answering password questions with `passwords`.
fn import(
    inventory: &mut Inventory,
    names: &[&str],
    passwords: &mut dyn PasswordSource,
) -> certdeck::store::ImportReport {
    inventory
        .import(
            &files(names),
            &DecodeOptions::default(),
            passwords,
            fixture_time(),
        )
        .unwrap()
}

/// Answers every password question with the fixtures' password and records the questions.
struct Answers(Vec<String>);

impl PasswordSource for Answers {
    fn password(&mut self, file: &str, _object: &str, again: bool) -> Option<Zeroizing<String>> {
        self.0.push(file.to_string());
        (!again).then(|| Zeroizing::new(PASSWORD.to_string()))
    }
}

fn a_batch_is_sorted_out_keys_paired_cas_trusted_parameters_attached(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let mut answers = Answers(Vec::new());
    let report = import(
        &mut inventory,
        &[
            "keycert-with-dh.pem",
            "root.pem",
            "wildcard.pem",
            "inter.crl",
        ],
        &mut answers,
    );
    assert!(answers.0.is_empty(), "nothing here needs a password");
    let actions: Vec<(String, Action)> = report
        .outcomes
        .iter()
        .map(|o| (o.kind.clone(), o.action))
        .collect();
    assert!(actions.contains(&("private_key".into(), Action::Added)));
    assert!(actions.contains(&("tls_parameters".into(), Action::Added)));
    assert!(actions.contains(&("crl".into(), Action::Skipped)));
    assert_eq!(report.count(Action::Added), 6, "{:#?}", report.outcomes);

    let list = inventory
        .list(&ListFilter::default(), fixture_time(), 30)
        .unwrap();
    let by_name = |name: &str| {
        list.iter()
            .find(|(row, _)| row.name == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let (leaf, leaf_status) = by_name("conf1.example.com");
    assert_eq!(leaf.role, Role::Server);
    assert!(leaf.has_private_key);
    assert!(
        leaf.chain_complete,
        "root imported in the same batch completes the chain"
    );
    assert_eq!(leaf_status.overall, StatusCode::Good);
    let (inter, _) = by_name("Certdeck Test Intermediate");
    assert_eq!(inter.role, Role::Intermediate);
    let (root, _) = by_name("Certdeck Test Root");
    assert_eq!(root.role, Role::Root);
    assert!(root.trusted);
    let (wild, wild_status) = by_name("*.example.com");
    // wildcard.pem was made with leaf.key, which came in this batch.
    assert_eq!(wild.role, Role::Server);
    assert!(wild_status.has(StatusCode::Wildcard));

    let trusted = inventory.trusted_cas(true).unwrap();
    assert_eq!(trusted.iter().filter(|t| !t.builtin).count(), 1);
    assert!(
        trusted.iter().filter(|t| t.builtin).count() > 100,
        "Mozilla roots listed read-only"
    );
}

fn a_preview_tells_what_the_import_will_do_and_changes_nothing(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let decoded = certdeck::store::decode_inputs(
        &files(&["keycert-with-dh.pem", "root.pem", "openssl3-default.pfx"]),
        &DecodeOptions::default(),
    );
    assert!(
        decoded
            .errors
            .iter()
            .any(|e| e.wants_password() && e.file().ends_with("openssl3-default.pfx")),
        "the PKCS#12 file waits for its password: {:?}",
        decoded.errors
    );
    let preview = inventory.preview_import(&decoded, fixture_time()).unwrap();
    let root = preview
        .outcomes
        .iter()
        .find(|o| o.effects.name == "Certdeck Test Root")
        .expect("the root is in the preview");
    assert_eq!(root.action, Action::Added);
    assert!(root.effects.trusted, "a root goes to the trusted CA list");
    assert_eq!(root.effects.role, Some(Role::Root));
    let server = preview
        .outcomes
        .iter()
        .find(|o| o.kind == "certificate" && o.effects.name == "conf1.example.com")
        .expect("the server certificate is in the preview");
    assert!(server.effects.paired, "paired with the key of its file");
    assert_eq!(server.effects.role, Some(Role::Server));
    assert_eq!(preview.count(Action::Error), 1, "the locked file");

    let listed = inventory
        .list(&ListFilter::default(), fixture_time(), 30)
        .unwrap();
    assert!(listed.is_empty(), "a preview stores nothing: {listed:?}");

    let imported = inventory.import_objects(&decoded, fixture_time()).unwrap();
    let actions = |report: &certdeck::store::ImportReport| -> Vec<(String, Action)> {
        report
            .outcomes
            .iter()
            .map(|o| (o.effects.name.clone(), o.action))
            .collect()
    };
    assert_eq!(
        actions(&imported),
        actions(&preview),
        "the import does what it said"
    );
    let again = inventory.preview_import(&decoded, fixture_time()).unwrap();
    assert!(
        again
            .outcomes
            .iter()
            .filter(|o| o.kind == "certificate")
            .all(|o| o.action == Action::Unchanged)
    );
}

fn dedup_same_file_is_unchanged_same_issuer_and_serial_updates_and_keeps_assignments(
    engine: Engine,
) {
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let ca = root("Dedup Root");
    let mut params = leaf_params(
        Some("dedup.example.com"),
        &["dedup.example.com"],
        ymd(2024, 1, 1),
        ymd(2026, 1, 1),
    );
    params.serial_number = Some(rcgen::SerialNumber::from(vec![0x42, 0x42]));
    let (first, _) = leaf_with(params.clone(), &ca);
    params.not_after = ymd(2027, 1, 1);
    let (reissued, _) = leaf_with(params, &ca);
    let (renewal, _) = leaf("dedup.example.com", &ca);
    let text = |c: &certdeck::pki::Certificate| ImportInput::Text {
        name: "pasted".into(),
        text: c.to_pem(),
    };
    let at = ymd(2025, 1, 1);
    let options = DecodeOptions::default();

    let report = inventory
        .import(&[text(&first)], &options, &mut NoPasswords, at)
        .unwrap();
    let id = report.outcomes[0].id.unwrap();
    inventory
        .add_node("conf1", "conf1.example.com", &[], "server", at)
        .unwrap();
    inventory.assign("conf1", id, at).unwrap();

    let again = inventory
        .import(&[text(&first)], &options, &mut NoPasswords, at)
        .unwrap();
    assert_eq!(again.outcomes[0].action, Action::Unchanged);

    let updated = inventory
        .import(&[text(&reissued)], &options, &mut NoPasswords, at)
        .unwrap();
    assert_eq!(updated.outcomes[0].action, Action::Updated);
    assert_eq!(updated.outcomes[0].id, Some(id), "same row");
    let (row, cert) = inventory.find(&id.to_string()).unwrap();
    assert_eq!(cert.fingerprint_sha256, reissued.fingerprint_sha256);
    assert_eq!(row.nodes, ["conf1"], "assignment kept");

    let alongside = inventory
        .import(&[text(&renewal)], &options, &mut NoPasswords, at)
        .unwrap();
    assert_eq!(alongside.outcomes[0].action, Action::Added);
    assert_ne!(alongside.outcomes[0].id, Some(id));
    let same_name = inventory
        .list(
            &ListFilter {
                text: Some("dedup".into()),
                ..Default::default()
            },
            at,
            30,
        )
        .unwrap();
    assert_eq!(same_name.len(), 2);
    // The assigned certificate has no key: the node cannot serve it.
    let (assigned, status) = same_name.iter().find(|(r, _)| r.id == id).unwrap();
    assert!(!assigned.has_private_key);
    assert!(status.has(StatusCode::KeyMissing));
}

fn a_key_imported_later_pairs_with_its_certificate(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let first = import(&mut inventory, &["leaf.pem"], &mut NoPasswords);
    let id = first.outcomes[0].id.unwrap();
    assert_eq!(inventory.find(&id.to_string()).unwrap().0.role, Role::Leaf);
    let second = import(
        &mut inventory,
        &["leaf-pkcs8-aes256.pem", "leaf.pem"],
        &mut Answers(Vec::new()),
    );
    // The key (first in the batch) pairs with the stored certificate; the file's copy of the
    // certificate is then unchanged.
    let key = second
        .outcomes
        .iter()
        .find(|o| o.kind == "private_key")
        .unwrap();
    assert!(
        key.detail.contains("paired with 1 stored certificate"),
        "{}",
        key.detail
    );
    let cert = second
        .outcomes
        .iter()
        .find(|o| o.kind == "certificate")
        .unwrap();
    assert_eq!(cert.action, Action::Unchanged);
    let (row, _) = inventory.find(&id.to_string()).unwrap();
    assert_eq!(row.role, Role::Server);
    assert!(row.has_private_key);
}

fn a_key_imported_alone_pairs_with_the_stored_certificate(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let first = import(&mut inventory, &["leaf.pem"], &mut NoPasswords);
    let id = first.outcomes[0].id.unwrap();
    let second = import(&mut inventory, &["leaf-pkcs1.pem"], &mut NoPasswords);
    assert!(
        second.outcomes[0]
            .detail
            .contains("paired with 1 stored certificate"),
        "{}",
        second.outcomes[0].detail
    );
    let (row, _) = inventory.find(&id.to_string()).unwrap();
    assert_eq!(row.role, Role::Server);
    assert!(row.has_private_key);
}

fn passwords_are_asked_through_the_callback_and_a_wrong_one_is_reported(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let mut answers = Answers(Vec::new());
    let report = import(&mut inventory, &["openssl3-default.pfx"], &mut answers);
    assert_eq!(answers.0.len(), 1);
    assert!(
        report
            .outcomes
            .iter()
            .any(|o| o.kind == "private_key" && o.action == Action::Added)
    );

    struct Wrong;
    impl PasswordSource for Wrong {
        fn password(&mut self, _: &str, _: &str, _: bool) -> Option<Zeroizing<String>> {
            Some(Zeroizing::new("wrong".into()))
        }
    }
    let report = import(&mut inventory, &["openssl3-legacy.pfx"], &mut Wrong);
    assert_eq!(report.outcomes.len(), 1);
    assert_eq!(report.outcomes[0].action, Action::Error);
    assert!(report.outcomes[0].detail.contains("wrong password"));
}

fn a_broken_file_never_stops_the_others(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let broken = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/broken/truncated-half.der");
    let mut inputs = files(&["root.pem"]);
    inputs.push(ImportInput::Path(broken.clone()));
    inputs.extend(files(&["inter.pem"]));
    let report = inventory
        .import(
            &inputs,
            &DecodeOptions::default(),
            &mut NoPasswords,
            fixture_time(),
        )
        .unwrap();
    assert_eq!(report.count(Action::Added), 2);
    let error = report
        .outcomes
        .iter()
        .find(|o| o.action == Action::Error)
        .unwrap();
    assert_eq!(error.file, broken.display().to_string());
}

fn folders_are_imported_recursively(engine: Engine) {
    let source = tempfile::tempdir().unwrap();
    std::fs::create_dir(source.path().join("sub")).unwrap();
    std::fs::copy(fixture("root.pem"), source.path().join("root.crt")).unwrap();
    std::fs::copy(fixture("inter.pem"), source.path().join("sub/inter.cer")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let report = inventory
        .import(
            &[ImportInput::Path(source.path().to_path_buf())],
            &DecodeOptions::default(),
            &mut NoPasswords,
            fixture_time(),
        )
        .unwrap();
    assert_eq!(report.count(Action::Added), 2);
}

fn a_certificate_for_a_pending_request_completes_it(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    // The request's key goes in first (as the CSR wizard will do), then the request.
    import(
        &mut inventory,
        &["leaf-pkcs1.pem", "request.csr"],
        &mut NoPasswords,
    );
    // request.csr was made with leaf.key, so the CA's answer is any certificate for that key.
    let report = import(&mut inventory, &["leaf.pem"], &mut NoPasswords);
    let cert = &report.outcomes[0];
    assert!(
        cert.detail.contains("completes signing request"),
        "{}",
        cert.detail
    );
    let (row, _) = inventory.find(&cert.id.unwrap().to_string()).unwrap();
    assert_eq!(row.role, Role::Server);
}

fn no_private_key_bytes_reach_the_data_folder(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut inventory = open_on(engine, dir.path());
        import(
            &mut inventory,
            &[
                "keycert-with-dh.pem",
                "ec256.key",
                "ed25519.key",
                "leaf-pkcs8-aes256.pem",
            ],
            &mut Answers(Vec::new()),
        );
    }
    let mut secrets: Vec<(String, Vec<u8>)> = Vec::new();
    for name in ["leaf-pkcs8.der", "leaf-pkcs1.der"] {
        let der = std::fs::read(fixture(name)).unwrap();
        secrets.push((format!("{name} DER"), der.clone()));
        // A distinctive stretch from the middle: the private exponent or a prime.
        secrets.push((format!("{name} raw"), der[600..664].to_vec()));
    }
    for name in ["leaf-pkcs1.pem", "ec256.key", "ed25519.key"] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        let body_line = text
            .lines()
            .nth(3)
            .unwrap_or_else(|| text.lines().nth(1).unwrap())
            .to_string();
        secrets.push((format!("{name} PEM line"), body_line.into_bytes()));
        let decoded = certdeck::pki::decode_file(&fixture(name), &DecodeOptions::default());
        let key = decoded.private_keys().next().unwrap().pkcs8_der().to_vec();
        secrets.push((format!("{name} PKCS#8"), key));
    }
    for entry in walk(dir.path()) {
        let bytes = std::fs::read(&entry).unwrap();
        for (what, secret) in &secrets {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_slice()),
                "{what} found in {}",
                entry.display()
            );
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn the_vault_needs_its_passphrase_and_refuses_a_wrong_one() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut inventory = open(dir.path());
        import(&mut inventory, &["keycert-with-dh.pem"], &mut NoPasswords);
    }
    let wrong = VaultOptions {
        passphrase: Some(Zeroizing::new("nope".into())),
        keychain: false,
    };
    let mut inventory = Inventory::open(dir.path(), wrong).unwrap();
    assert!(matches!(inventory.vault(), Err(StoreError::VaultLocked(_))));
    let mut inventory = Inventory::open(
        dir.path(),
        VaultOptions {
            passphrase: None,
            keychain: false,
        },
    )
    .unwrap();
    assert!(matches!(inventory.vault(), Err(StoreError::VaultLocked(_))));
    // Listing needs no vault.
    assert_eq!(
        inventory
            .list(&ListFilter::default(), fixture_time(), 30)
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        inventory.vault_kind().unwrap().as_deref(),
        Some("passphrase")
    );
    let mut inventory = open(dir.path());
    assert!(inventory.vault().is_ok());
}

fn removing_a_root_from_the_trusted_list_breaks_the_chains_below_it(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let report = import(
        &mut inventory,
        &["root.pem", "fullchain.pem"],
        &mut NoPasswords,
    );
    let root_id = report.outcomes[0].id.unwrap();
    let leaf = |inv: &Inventory| {
        inv.list(
            &ListFilter {
                text: Some("conf1".into()),
                ..Default::default()
            },
            fixture_time(),
            30,
        )
        .unwrap()
        .remove(0)
    };
    assert!(leaf(&inventory).0.chain_complete);
    inventory.distrust(root_id, fixture_time()).unwrap();
    let (row, status) = leaf(&inventory);
    assert!(!row.chain_complete);
    assert!(status.has(StatusCode::IncompleteChain));
    inventory.trust(root_id, fixture_time()).unwrap();
    assert!(leaf(&inventory).0.chain_complete);
}

fn each_new_alarm_is_announced_once_and_again_when_it_comes_back(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let now = fixture_time();
    inventory
        .add_node("conf1", "conf1.example.com", &[], "server", now)
        .unwrap();
    let alarms = inventory.alarms(now, 30).unwrap();
    assert_eq!(alarms.len(), 1, "{alarms:?}");
    assert_eq!(inventory.fresh_alarms(&alarms, now).unwrap(), alarms);
    assert!(
        inventory.fresh_alarms(&alarms, now).unwrap().is_empty(),
        "told once"
    );
    // Reopened (another session): still told.
    drop(inventory);
    let mut inventory = open_on(engine, dir.path());
    assert!(inventory.fresh_alarms(&alarms, now).unwrap().is_empty());
    // The alarm ends, then comes back: told again.
    assert!(inventory.fresh_alarms(&[], now).unwrap().is_empty());
    assert_eq!(inventory.fresh_alarms(&alarms, now).unwrap(), alarms);
}

/// Every certificate's chain columns as lists show them, by fingerprint.
fn chain_columns(
    inventory: &Inventory,
    now: time::OffsetDateTime,
) -> std::collections::BTreeMap<String, (bool, Option<String>)> {
    inventory
        .list(&ListFilter::default(), now, 30)
        .unwrap()
        .into_iter()
        .map(|(row, _)| {
            (
                row.fingerprint_sha256,
                (row.chain_complete, row.chain_missing),
            )
        })
        .collect()
}

/// Relinks every row, as a change to the trusted CA list does: imports an unrelated root (which
/// the import trusts), takes it off the trusted list and removes it.
fn relink_everything(inventory: &mut Inventory, now: time::OffsetDateTime) {
    let bystander = root("Bystander Root");
    let id = import_pem(inventory, "bystander.pem", &[&bystander.der], now).outcomes[0]
        .id
        .unwrap();
    inventory.distrust(id, now).unwrap();
    inventory.delete(id, now).unwrap();
}

pub fn import_pem(
    inventory: &mut Inventory,
    name: &str,
    ders: &[&[u8]],
    now: time::OffsetDateTime,
) -> certdeck::store::ImportReport {
    let text: String = ders
        .iter()
        .map(|der| certdeck::pki::pem::encode("CERTIFICATE", der))
        .collect();
    inventory
        .import(
            &[ImportInput::Text {
                name: name.into(),
                text,
            }],
            &DecodeOptions::default(),
            &mut NoPasswords,
            now,
        )
        .unwrap()
}

/// An import stores its rows with chain summaries computed while it writes them, and then skips
/// those rows when it relinks: whatever the order of the batches, the links must be the ones a
/// relink of every row gives — leaves before their CA in a file (more than one helper's chunk),
/// CAs arriving after their leaves, and a stored intermediate replaced by another with the same
/// issuer and serial (the pool changes under the precomputed rows, which must be redone).
fn chain_links_after_imports_equal_a_relink_of_every_row(engine: Engine) {
    let now = ymd(2025, 6, 1);
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let root = root("Relink Root");
    let mut first_params = ca_params("Relink Issuing CA", ymd(2021, 1, 1), ymd(2035, 1, 1));
    first_params.serial_number = Some(rcgen::SerialNumber::from_slice(&[0x17]));
    let first = intermediate_with(first_params.clone(), &root);
    let second = intermediate("Relink Second CA", &root);
    let leaves = |ca: &Ca, prefix: &str, count: usize| -> Vec<Vec<u8>> {
        (0..count)
            .map(|n| {
                leaf(&format!("{prefix}{n}.example.com"), ca)
                    .0
                    .der()
                    .to_vec()
            })
            .collect()
    };
    let check = |inventory: &mut Inventory, what: &str| {
        let imported = chain_columns(inventory, now);
        relink_everything(inventory, now);
        assert_eq!(imported, chain_columns(inventory, now), "{what}");
        imported
    };

    // Leaves first, their intermediate last, no root yet.
    let under_first = leaves(&first, "a", 300);
    let mut batch: Vec<&[u8]> = under_first.iter().map(Vec::as_slice).collect();
    batch.push(&first.der);
    import_pem(&mut inventory, "leaves-then-ca.pem", &batch, now);
    let columns = check(&mut inventory, "leaves before their CA, no root");
    assert!(columns.values().all(|(complete, _)| !complete));

    // The root and another intermediate with its leaves: earlier rows complete too.
    let under_second = leaves(&second, "b", 300);
    let mut batch: Vec<&[u8]> = under_second.iter().map(Vec::as_slice).collect();
    batch.push(&second.der);
    batch.push(&root.der);
    import_pem(&mut inventory, "root-later.pem", &batch, now);
    let columns = check(&mut inventory, "CAs after their leaves");
    assert!(
        columns.values().all(|(complete, _)| *complete),
        "{columns:?}"
    );

    // The first intermediate replaced (same issuer and serial, another key) with new leaves.
    let replacement = intermediate_with(first_params, &root);
    let under_replacement = leaves(&replacement, "c", 300);
    let mut batch: Vec<&[u8]> = vec![&replacement.der];
    batch.extend(under_replacement.iter().map(Vec::as_slice));
    let report = import_pem(&mut inventory, "replacement.pem", &batch, now);
    assert_eq!(report.outcomes[0].action, Action::Updated);
    let columns = check(&mut inventory, "an intermediate replaced under its leaves");
    let complete = |ders: &[Vec<u8>]| {
        ders.iter()
            .filter(|der| columns[&parse(der).fingerprint_sha256].0)
            .count()
    };
    assert_eq!(complete(&under_replacement), 300);
    assert_eq!(
        complete(&under_first),
        0,
        "their issuer's name now has another key"
    );
    let missing = &columns[&parse(&under_first[0]).fingerprint_sha256].1;
    assert!(
        missing
            .as_deref()
            .is_some_and(|m| m.contains("does not verify")),
        "{missing:?}"
    );
    assert_eq!(complete(&under_second), 300);
}

/// Deleting a leaf leaves every other chain as a relink of every row has it (deletion relinks
/// only when a deleted certificate was some row's issuer); deleting an intermediate breaks the
/// chains below it, and with them its root's other paths stay complete. Several certificates go
/// in one transaction: all of them, or none when one is missing.
fn deleting_certificates_changes_only_the_chains_that_went_through_them(engine: Engine) {
    let now = ymd(2025, 6, 1);
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let root = root("Delete Root");
    let kept_ca = intermediate("Delete Kept CA", &root);
    let doomed_ca = intermediate("Delete Doomed CA", &root);
    let leaves = |ca: &Ca, prefix: &str| -> Vec<Vec<u8>> {
        (0..3)
            .map(|n| {
                leaf(&format!("{prefix}{n}.example.com"), ca)
                    .0
                    .der()
                    .to_vec()
            })
            .collect()
    };
    let under_kept = leaves(&kept_ca, "kept");
    let under_doomed = leaves(&doomed_ca, "doomed");
    let mut batch: Vec<&[u8]> = vec![&root.der, &kept_ca.der, &doomed_ca.der];
    batch.extend(under_kept.iter().map(Vec::as_slice));
    batch.extend(under_doomed.iter().map(Vec::as_slice));
    let report = import_pem(&mut inventory, "estate.pem", &batch, now);
    let id_of = |der: &[u8]| {
        let fingerprint = parse(der).fingerprint_sha256.clone();
        report
            .outcomes
            .iter()
            .zip(&batch)
            .find(|(_, d)| parse(d).fingerprint_sha256 == fingerprint)
            .and_then(|(o, _)| o.id)
            .unwrap()
    };
    let fingerprint = |der: &[u8]| parse(der).fingerprint_sha256.clone();
    assert!(
        chain_columns(&inventory, now)
            .values()
            .all(|(complete, _)| *complete)
    );

    // Two leaves, one under each intermediate, in one call.
    inventory
        .delete_many(&[id_of(&under_kept[0]), id_of(&under_doomed[0])], now)
        .unwrap();
    let after_leaves = chain_columns(&inventory, now);
    assert_eq!(after_leaves.len(), 7);
    assert!(after_leaves.values().all(|(complete, _)| *complete));
    relink_everything(&mut inventory, now);
    assert_eq!(after_leaves, chain_columns(&inventory, now));

    // One there and one already gone: nothing is deleted.
    let missing = inventory.delete_many(&[id_of(&under_kept[1]), id_of(&under_kept[0])], now);
    assert!(missing.is_err());
    assert_eq!(chain_columns(&inventory, now).len(), 7);

    // The intermediate: its leaves lose their issuer, the other branch stays complete.
    inventory.delete(id_of(&doomed_ca.der), now).unwrap();
    let columns = chain_columns(&inventory, now);
    for der in &under_doomed[1..] {
        let (complete, missing) = &columns[&fingerprint(der)];
        assert!(!complete);
        assert!(
            missing
                .as_deref()
                .is_some_and(|m| m.contains("Delete Doomed CA")),
            "{missing:?}"
        );
    }
    for der in &under_kept[1..] {
        assert!(columns[&fingerprint(der)].0);
    }
    relink_everything(&mut inventory, now);
    assert_eq!(columns, chain_columns(&inventory, now));
}

/// Trusting several CAs in one call (a bundle's, as `certdeck trust add FILE` does) completes
/// the chains under each; a certificate that is not a CA refuses the whole call.
fn trusting_several_cas_at_once_completes_the_chains_under_each(engine: Engine) {
    let now = ymd(2025, 6, 1);
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = open_on(engine, dir.path());
    let first = root("Bundle Root One");
    let second = root("Bundle Root Two");
    let (leaf_one, _) = leaf("one.example.com", &first);
    let (leaf_two, _) = leaf("two.example.com", &second);
    let batch: Vec<&[u8]> = vec![&first.der, &second.der, leaf_one.der(), leaf_two.der()];
    let report = import_pem(&mut inventory, "bundle.pem", &batch, now);
    let ids: Vec<i64> = report.outcomes.iter().map(|o| o.id.unwrap()).collect();
    let leaves_complete = |inventory: &Inventory| {
        let columns = chain_columns(inventory, now);
        [&leaf_one, &leaf_two].map(|leaf| columns[&leaf.fingerprint_sha256].0)
    };
    assert_eq!(leaves_complete(&inventory), [true, true]);
    inventory.distrust(ids[0], now).unwrap();
    inventory.distrust(ids[1], now).unwrap();
    assert_eq!(leaves_complete(&inventory), [false, false]);

    assert!(inventory.trust_many(&[ids[0], ids[2]], now).is_err());
    assert_eq!(leaves_complete(&inventory), [false, false]);
    assert!(inventory.trusted_cas(false).unwrap().is_empty());

    inventory.trust_many(&[ids[0], ids[1]], now).unwrap();
    assert_eq!(leaves_complete(&inventory), [true, true]);
    assert_eq!(inventory.trusted_cas(false).unwrap().len(), 2);
    // Already trusted: nothing changes.
    inventory.trust_many(&[ids[1], ids[0]], now).unwrap();
    assert_eq!(inventory.trusted_cas(false).unwrap().len(), 2);
    assert_eq!(leaves_complete(&inventory), [true, true]);
}

/// A large import writes through a rollback journal (its pages once, not into the WAL and again
/// at the checkpoint) and leaves the inventory in WAL mode; with another connection open it keeps
/// the WAL, without waiting for that reader. Both ways every row is stored.
#[test]
fn a_large_import_writes_once_and_leaves_the_inventory_in_wal_mode() {
    let now = ymd(2025, 6, 1);
    let ca = root("Bulk Root");
    let leaves: Vec<Vec<u8>> = (0..1001)
        .map(|n| leaf(&format!("bulk{n}.example.com"), &ca).0.der().to_vec())
        .collect();
    let mut batch: Vec<&[u8]> = leaves.iter().map(Vec::as_slice).collect();
    batch.push(&ca.der);
    for reader_open in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let mut inventory = open(dir.path());
        let file = dir.path().join(certdeck::store::DATABASE_FILE);
        let reader = reader_open.then(|| {
            let reader = rusqlite::Connection::open(&file).unwrap();
            let _: i64 = reader
                .query_row("SELECT count(*) FROM certificates", [], |r| r.get(0))
                .unwrap();
            reader
        });
        let started = std::time::Instant::now();
        import_pem(&mut inventory, "bulk.pem", &batch, now);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(25),
            "the import did not wait for the reader"
        );
        let wal = dir
            .path()
            .join(format!("{}-wal", certdeck::store::DATABASE_FILE));
        let wal_bytes = std::fs::metadata(&wal).map_or(0, |m| m.len());
        if reader_open {
            assert!(
                wal_bytes > 1_000_000,
                "the reader kept the WAL: {wal_bytes}"
            );
        } else {
            assert!(
                wal_bytes < 100_000,
                "written once, not into the WAL: {wal_bytes}"
            );
        }
        drop(reader);
        drop(inventory);
        let check = rusqlite::Connection::open(&file).unwrap();
        let mode: String = check
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let rows: i64 = check
            .query_row("SELECT count(*) FROM certificates", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 1002);
    }
}
