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
