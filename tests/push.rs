//! Push to a node through the folder kit, proven over TLS: a real `openssl s_server` on
//! 127.0.0.1 is (re)started by the node's reload command with the files certdeck wrote.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::*;

use common::{certdeck_in as certdeck, json_of as json};

/// A reload command that restarts an s_server on `port` with `cert` and `key` (its pid in a file
/// next to nothing the push writes).
fn reload_command(port: u16, cert: &str, key: &str) -> String {
    let pid = std::env::temp_dir().join(format!("certdeck-push-test-{port}.pid"));
    let pid = pid.display();
    format!(
        "if [ -f {pid} ]; then kill $(cat {pid}) 2>/dev/null; sleep 0.2; fi; \
         openssl s_server -accept 127.0.0.1:{port} -cert {cert} -cert_chain {cert} -key {key} -quiet \
         </dev/null >/dev/null 2>&1 & echo $! > {pid}"
    )
}

struct StopServer(u16);

impl Drop for StopServer {
    fn drop(&mut self) {
        let _ = Command::new("pkill")
            .args(["-f", &format!("accept 127.0.0.1:{} ", self.0)])
            .status();
        // The reload command's pid file (see `reload_command`) goes with the server.
        let _ = std::fs::remove_file(
            std::env::temp_dir().join(format!("certdeck-push-test-{}.pid", self.0)),
        );
    }
}

fn setup(data: &Path, kit: &Path, port: u16, reload: &str) -> String {
    let imported = certdeck(
        data,
        &[
            "import",
            &fixture("keycert-with-dh.pem").display().to_string(),
            &fixture("root.pem").display().to_string(),
            "--json",
        ],
    );
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let leaf = json(&imported)["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "certificate" && o["detail"].as_str().unwrap().contains("server"))
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    assert!(
        certdeck(
            data,
            &["node", "add", "conf1", "--fqdn", "conf1.example.com"]
        )
        .status
        .success()
    );
    assert!(
        certdeck(data, &["node", "assign", "conf1", &leaf])
            .status
            .success()
    );
    let root = json(&certdeck(data, &["list", "--json", "--kind", "root"]))[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    assert!(
        certdeck(data, &["node", "trust", "conf1", &root])
            .status
            .success()
    );
    let configured = certdeck(
        data,
        &[
            "node",
            "configure",
            "conf1",
            "--driver",
            "folder",
            "--path",
            &kit.display().to_string(),
            "--endpoint",
            &format!("127.0.0.1:{port}"),
            "--reload",
            reload,
            "--crl",
            &fixture("inter.crl").display().to_string(),
        ],
    );
    assert!(
        configured.status.success(),
        "{}",
        String::from_utf8_lossy(&configured.stderr)
    );
    leaf
}

#[test]
fn push_writes_the_kit_and_proves_the_node_serves_it() {
    let data = tempfile::tempdir().unwrap();
    let kit = tempfile::tempdir().unwrap();
    let port = free_port();
    let _stop = StopServer(port);
    let cert = kit.path().join("certificate.pem").display().to_string();
    let key = kit.path().join("certificate-key.pem").display().to_string();
    setup(
        data.path(),
        kit.path(),
        port,
        &reload_command(port, &cert, &key),
    );

    let plan = certdeck(data.path(), &["push", "conf1", "--dry-run"]);
    let plan = String::from_utf8(plan.stdout).unwrap();
    assert!(
        plan.contains("certificate-key.pem (private key, created with mode 0600)"),
        "{plan}"
    );
    assert!(
        !kit.path().join("certificate.pem").exists(),
        "a dry run writes nothing"
    );

    let pushed = certdeck(data.path(), &["push", "conf1", "--json"]);
    let outcomes = json(&pushed);
    assert_eq!(outcomes[0]["result"], "verified", "{outcomes:#}");
    assert!(pushed.status.success());
    assert!(
        outcomes[0]["endpoints"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("serves the pushed certificate")
    );

    let written = std::fs::read_to_string(&cert).unwrap();
    assert_eq!(
        written.matches("BEGIN CERTIFICATE").count(),
        2,
        "leaf and intermediate"
    );
    let key_text = std::fs::read_to_string(&key).unwrap();
    assert!(key_text.contains("BEGIN PRIVATE KEY") && key_text.contains("DH PARAMETERS"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    assert!(
        std::fs::read_to_string(kit.path().join("trusted-ca.pem"))
            .unwrap()
            .contains("Certdeck Test Root")
    );
    let options = std::fs::read_to_string(kit.path().join("certdeck-options.txt")).unwrap();
    assert!(
        options.contains("crl = ") && options.contains("certificate-key = "),
        "{options}"
    );
    assert!(
        std::fs::read_to_string(kit.path().join("crl.pem"))
            .unwrap()
            .starts_with("-----BEGIN X509 CRL-----")
    );

    let verified = certdeck(data.path(), &["node", "verify", "conf1", "--json"]);
    assert!(verified.status.success());
    let log = json(&certdeck(data.path(), &["push-log", "--json"]));
    assert_eq!(log.as_array().unwrap().len(), 1);
    assert_eq!(log[0]["node"], "conf1");
    assert_eq!(log[0]["result"], "verified");
    let nodes = json(&certdeck(data.path(), &["node", "list", "--json"]));
    assert!(
        nodes[0]["last_result"]
            .as_str()
            .unwrap()
            .starts_with("verified")
    );
}

#[test]
fn a_failed_verification_rolls_the_files_back() {
    let data = tempfile::tempdir().unwrap();
    let kit = tempfile::tempdir().unwrap();
    let port = free_port();
    let _stop = StopServer(port);
    // The previous certificate on the node, and a service that keeps serving another one.
    std::fs::copy(fixture("ec256.pem"), kit.path().join("certificate.pem")).unwrap();
    let old = std::fs::read_to_string(kit.path().join("certificate.pem")).unwrap();
    let wrong = reload_command(
        port,
        &fixture("ec256.pem").display().to_string(),
        &fixture("ec256.key").display().to_string(),
    );
    setup(data.path(), kit.path(), port, &wrong);

    let pushed = certdeck(data.path(), &["push", "conf1", "--json"]);
    assert_eq!(pushed.status.code(), Some(1));
    let outcomes = json(&pushed);
    assert_eq!(outcomes[0]["result"], "rolled_back", "{outcomes:#}");
    assert!(
        outcomes[0]["detail"]
            .as_str()
            .unwrap()
            .contains("serves another certificate")
    );
    assert_eq!(
        std::fs::read_to_string(kit.path().join("certificate.pem")).unwrap(),
        old,
        "previous file restored"
    );
    assert!(
        !kit.path().join("certificate-key.pem").exists(),
        "a file that was not there is removed again"
    );
    let log = json(&certdeck(data.path(), &["push-log", "--json"]));
    assert_eq!(log[0]["result"], "rolled_back");
}

#[test]
fn a_node_without_a_certificate_gets_its_trust_list_alone() {
    let data = tempfile::tempdir().unwrap();
    let kit = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let output = certdeck(data.path(), args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    };
    run(&["import", &fixture("root.pem").display().to_string()]);
    run(&["node", "add", "phone1", "--fqdn", "phone1.example.com"]);
    let kit_path = kit.path().display().to_string();
    run(&[
        "node",
        "configure",
        "phone1",
        "--driver",
        "folder",
        "--path",
        &kit_path,
    ]);
    // Nothing to send yet: no certificate, no trust list.
    let refused = certdeck(data.path(), &["push", "phone1"]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("nothing to push"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    let root = common::only_certificate(&common::decode_fixture("root.pem"));
    run(&["node", "trust", "phone1", &root.fingerprint_sha256]);
    let plan = String::from_utf8(run(&["push", "phone1", "--dry-run"]).stdout).unwrap();
    assert!(plan.contains("trusted-ca.pem"), "{plan}");
    assert!(
        !plan.contains("certificate.pem "),
        "no server certificate: {plan}"
    );

    let outcomes = json(&run(&["push", "phone1", "--json"]));
    assert_eq!(outcomes[0]["result"], "applied", "{outcomes:#}");
    let written = std::fs::read_to_string(kit.path().join("trusted-ca.pem")).unwrap();
    assert!(
        written.contains(&root.to_pem()),
        "the root is the trust list"
    );
    assert!(!kit.path().join("certificate.pem").exists());
    assert!(!kit.path().join("certificate-key.pem").exists());
    let log = json(&run(&["push-log", "--json"]));
    assert_eq!(log[0]["what"], "trusted CAs only");
}
