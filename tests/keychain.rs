//! The vault key in a real OS keychain. These tests need a keychain session and are run by
//! `.ci/run` inside one (ignored by a plain `cargo test`, which has none):
//!
//! - Secret Service: `dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock
//!   --components=secrets --daemonize; CERTDECK_KEYCHAIN=secret-service cargo test --test keychain -- --ignored'`
//! - kernel keyutils: `keyctl session - sh -c 'CERTDECK_KEYCHAIN=keyutils cargo test --test keychain -- --ignored'`
//!
//! `CERTDECK_KEYCHAIN` names the store that must be used, so a silent fallback fails the test.

mod common;

use certdeck::pki::DecodeOptions;
use certdeck::store::export::{ExportFormat, ExportRequest, Pkcs12Profile};
use certdeck::store::{ImportInput, Inventory, NoPasswords, VaultOptions};
use common::*;

fn expected_store() -> String {
    std::env::var("CERTDECK_KEYCHAIN")
        .expect("run inside a keychain session with CERTDECK_KEYCHAIN set (see .ci/run)")
}

#[test]
#[ignore = "needs a Secret Service or keyutils session: run by .ci/run"]
fn the_vault_key_lives_in_the_keychain_and_opens_the_vault_again() {
    let expected = expected_store();
    assert_eq!(
        certdeck::store::keychain::ensure().as_deref(),
        Ok(expected.as_str())
    );
    let dir = tempfile::tempdir().unwrap();
    let no_passphrase = VaultOptions {
        passphrase: None,
        keychain: true,
    };
    let id = {
        let mut inventory = Inventory::open(dir.path(), no_passphrase.clone()).unwrap();
        let report = inventory
            .import(
                &[ImportInput::Path(fixture("keycert-with-dh.pem"))],
                &DecodeOptions::default(),
                &mut NoPasswords,
                fixture_time(),
            )
            .unwrap();
        assert_eq!(inventory.vault_kind().unwrap().as_deref(), Some("keychain"));
        report
            .outcomes
            .iter()
            .find(|o| o.kind == "certificate")
            .unwrap()
            .id
            .unwrap()
    };
    // A new process-like session: only the keychain can unseal the key.
    let mut inventory = Inventory::open(dir.path(), no_passphrase).unwrap();
    let bundle = inventory
        .export(&ExportRequest {
            ids: vec![id],
            format: ExportFormat::Pkcs12(Pkcs12Profile::Modern),
            chain: false,
            key: true,
            passphrase: Some("x".to_string().into()),
            allow_plain_key: false,
        })
        .unwrap();
    let decoded = certdeck::pki::decode_bytes(
        &bundle.bytes,
        "export.pfx",
        &DecodeOptions::with_password("x"),
    );
    let key = decoded
        .private_keys()
        .next()
        .expect("the key came back out of the vault");
    let original =
        certdeck::pki::decode_file(&fixture("leaf-pkcs8.der"), &DecodeOptions::default());
    assert_eq!(
        key.pkcs8_der(),
        original.private_keys().next().unwrap().pkcs8_der()
    );
}

#[test]
#[ignore = "needs a Secret Service or keyutils session: run by .ci/run"]
fn node_secrets_belong_to_their_inventory_and_no_name_reaches_another_ones() {
    use certdeck::push::setup::{Secret, credentials, forget_secrets, store_secret};
    use certdeck::store::secrets::Place;
    expected_store();
    let options = VaultOptions {
        passphrase: Some("p".to_string().into()),
        keychain: false,
    };
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut first = Inventory::open(one.path(), options.clone()).unwrap();
    let mut second = Inventory::open(two.path(), options).unwrap();
    assert_ne!(first.id().unwrap(), second.id().unwrap());
    // Two inventories, each with a node named web1: separate secrets, in the keychain (the
    // default where one works).
    let place = store_secret(&mut first, "web1", Secret::Password, "first-password").unwrap();
    assert_eq!(place, Place::Keychain);
    store_secret(&mut second, "web1", Secret::Password, "second-password").unwrap();
    let read = |store: &mut Inventory| {
        credentials(store, "web1")
            .unwrap()
            .password
            .map(|p| p.to_string())
    };
    assert_eq!(read(&mut first).as_deref(), Some("first-password"));
    assert_eq!(read(&mut second).as_deref(), Some("second-password"));
    // Removing the node from one inventory leaves the other's secret.
    forget_secrets(&mut first, "web1");
    assert_eq!(read(&mut first), None);
    assert_eq!(read(&mut second).as_deref(), Some("second-password"));
    // Moved into the vault and back: read the same, from one place at a time.
    let name = Secret::Password
        .name(&second.id().unwrap(), "web1")
        .unwrap();
    assert!(second.move_secret(&name, Place::Vault).unwrap());
    assert_eq!(second.secret_place(&name).unwrap(), Some(Place::Vault));
    assert_eq!(read(&mut second).as_deref(), Some("second-password"));
    assert!(second.move_secret(&name, Place::Keychain).unwrap());
    assert_eq!(second.secret_place(&name).unwrap(), Some(Place::Keychain));
    forget_secrets(&mut second, "web1");

    // Entries of the first layout (`node:NAME:KIND`) are not read: a shared inventory's node
    // could be named to match one (issue 28).
    let legacy = certdeck::store::keychain::entry("node:legacy1:password").unwrap();
    legacy.set_password("old-style").unwrap();
    assert_eq!(credentials(&mut first, "legacy1").unwrap().password, None);
    legacy.delete_credential().unwrap();

    // A node named `<another inventory's id>:web1` cannot reach that inventory's entry.
    store_secret(&mut second, "web1", Secret::Password, "second-password").unwrap();
    let hostile = format!("{}:web1", second.id().unwrap());
    let refused = credentials(&mut first, &hostile)
        .err()
        .expect("a name with ':' is refused")
        .to_string();
    assert!(refused.contains("cannot contain ':'"), "{refused}");
    forget_secrets(&mut second, "web1");
}

#[test]
#[ignore = "needs a Secret Service or keyutils session: run by .ci/run"]
fn a_dns_servers_tsig_secret_lives_in_the_keychain_and_is_forgotten_with_it() {
    use certdeck::acme::renew::{Keychain, Secrets, forget_tsig, store_tsig};
    use certdeck::store::acme::DnsServer;
    expected_store();
    let server = DnsServer {
        name: "corp-dns".into(),
        server: "127.0.0.1:53".into(),
        zone: "example.test".into(),
        key_name: "certdeck.".into(),
        algorithm: "hmac-sha256".into(),
        check_servers: Vec::new(),
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = Inventory::open(
        dir.path(),
        VaultOptions {
            passphrase: Some("p".to_string().into()),
            keychain: false,
        },
    )
    .unwrap();
    // 32 bytes of 0x2a, base64.
    let secret = "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=";
    store_tsig(&mut store, "corp-dns", secret).unwrap();
    let tsig = Keychain.tsig(&mut store, &server).unwrap();
    assert_eq!(tsig.secret.as_slice(), [0x2a; 32].as_slice());
    assert_eq!(tsig.key_name, "certdeck.");
    forget_tsig(&mut store, "corp-dns");
    let gone = Keychain
        .tsig(&mut store, &server)
        .err()
        .expect("forgotten")
        .to_string();
    assert!(gone.contains("no TSIG secret is stored"), "{gone}");
}
