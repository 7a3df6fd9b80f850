//! Issue 29: on a machine without a keychain (a server, a container, `CERTDECK_KEYCHAIN=none`)
//! nodes' logins and TSIG keys are sealed by the vault in the inventory — never in clear — and
//! read back by every command; `certdeck secrets` says where each lives; a DNS server's secret
//! is replaced in place and never lost to a refused `dns add`.

use std::path::Path;
use std::process::{Command, Output};

/// The command line on `data` with no keychain at all and the vault passphrase from a file.
fn certdeck(data: &Path, args: &[&str]) -> Output {
    let passphrase = data.join("vault-passphrase");
    if !passphrase.exists() {
        std::fs::write(&passphrase, "server vault passphrase\n").unwrap();
    }
    Command::new(env!("CARGO_BIN_EXE_certdeck"))
        .args(["--vault-passphrase-file", &passphrase.display().to_string()])
        .args(args)
        .env("CERTDECK_DATA_DIR", data)
        .env("CERTDECK_KEYCHAIN", "none")
        .env_remove("CERTDECK_VAULT_PASSPHRASE")
        .output()
        .unwrap()
}

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn without_a_keychain_secrets_are_sealed_in_the_vault_and_listed_by_place() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let files = tempfile::tempdir().unwrap();
    let password = files.path().join("password");
    std::fs::write(&password, "node-password-4711\n").unwrap();
    ok(&certdeck(
        d,
        &["node", "add", "sip1", "--fqdn", "sip1.example.com"],
    ));
    let stored = ok(&certdeck(
        d,
        &[
            "node",
            "credential",
            "sip1",
            "--password-file",
            &password.display().to_string(),
        ],
    ));
    assert!(stored.contains("stored in the vault"), "{stored}");

    // A DNS server's TSIG key (32 bytes of 0x2a), then the same name again: refused, and the
    // working secret is still there.
    let tsig = files.path().join("tsig");
    std::fs::write(&tsig, "KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio=\n").unwrap();
    let add = |secret: &Path| {
        certdeck(
            d,
            &[
                "dns",
                "add",
                "corp",
                "--server",
                "127.0.0.1:53",
                "--zone",
                "example.test",
                "--key-name",
                "certdeck.",
                "--secret-file",
                &secret.display().to_string(),
            ],
        )
    };
    assert!(ok(&add(&tsig)).contains("vault"));
    let other = files.path().join("other");
    std::fs::write(&other, "KysrKysrKysrKysrKysrKysrKysrKysrKysrKysrKys=\n").unwrap();
    let again = add(&other);
    assert!(!again.status.success());

    let listed: serde_json::Value =
        serde_json::from_str(&ok(&certdeck(d, &["secrets", "list", "--json"]))).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed.iter().all(|s| s["place"] == "vault"), "{listed:?}");
    assert!(
        listed
            .iter()
            .any(|s| s["what"] == "TSIG key of DNS server corp")
    );

    // Read back with the library as the renewal pass does: the first TSIG secret, not the
    // refused one.
    let options = certdeck::store::VaultOptions {
        passphrase: Some(zeroize::Zeroizing::new("server vault passphrase".into())),
        keychain: false,
    };
    let mut store = certdeck::store::Inventory::open(d, options.clone()).unwrap();
    let server = store.dns_server("corp").unwrap();
    use certdeck::acme::renew::Secrets;
    let read = certdeck::acme::renew::Keychain
        .tsig(&mut store, &server)
        .unwrap();
    assert_eq!(read.secret.as_slice(), [0x2a; 32].as_slice());
    let credentials = certdeck::push::setup::credentials(&mut store, "sip1").unwrap();
    assert_eq!(
        credentials.password.as_deref().map(String::as_str),
        Some("node-password-4711")
    );
    drop(store);

    // Replaced in place.
    ok(&certdeck(
        d,
        &[
            "dns",
            "set-secret",
            "corp",
            "--secret-file",
            &other.display().to_string(),
        ],
    ));
    let mut store = certdeck::store::Inventory::open(d, options).unwrap();
    let read = certdeck::acme::renew::Keychain
        .tsig(&mut store, &server)
        .unwrap();
    assert_eq!(read.secret.as_slice(), [0x2b; 32].as_slice());
    drop(store);

    // Never in clear: not in the database file, its WAL or anywhere in the folder.
    for entry in std::fs::read_dir(d).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() && path.file_name().unwrap() != "vault-passphrase" {
            let bytes = std::fs::read(&path).unwrap();
            assert!(
                !bytes
                    .windows(b"node-password-4711".len())
                    .any(|w| w == b"node-password-4711"),
                "{} holds the password in clear",
                path.display()
            );
        }
    }
    // A wrong passphrase opens none of it.
    let wrong = certdeck::store::VaultOptions {
        passphrase: Some(zeroize::Zeroizing::new("not it".into())),
        keychain: false,
    };
    let mut store = certdeck::store::Inventory::open(d, wrong).unwrap();
    assert!(certdeck::push::setup::credentials(&mut store, "sip1").is_err());
}

/// Issue 29, bug 4: a vault that does not open is "the pass could not run" (exit 2), even with
/// nothing due.
#[test]
fn a_renewal_pass_whose_vault_does_not_open_says_so_with_exit_status_2() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    ok(&certdeck(
        d,
        &["node", "add", "sip1", "--fqdn", "sip1.example.com"],
    ));
    let password = d.join("password");
    std::fs::write(&password, "x\n").unwrap();
    // Made with the right passphrase (a secret sealed: the vault exists).
    ok(&certdeck(
        d,
        &[
            "node",
            "credential",
            "sip1",
            "--password-file",
            &password.display().to_string(),
        ],
    ));
    assert_eq!(certdeck(d, &["renew", "--due"]).status.code(), Some(0));
    std::fs::write(d.join("vault-passphrase"), "not the passphrase\n").unwrap();
    let pass = certdeck(d, &["renew", "--due"]);
    assert_eq!(pass.status.code(), Some(2));
    let said = String::from_utf8_lossy(&pass.stderr);
    assert!(said.contains("the renewal pass could not run"), "{said}");
    assert!(said.contains("wrong vault passphrase"), "{said}");
}
