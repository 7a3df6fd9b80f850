//! The inventory through the `certdeck` binary: JSON reports, alarms, reports, a kill during a
//! large import, two processes importing at once, and a database made by the first schema.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

use crate::common::engines::Engine;
use crate::on_both_engines;
use common::{certdeck_in as certdeck, json_of as json};

on_both_engines!(
    import_list_show_alarms_and_reports,
    killing_a_large_import_leaves_all_or_nothing,
    two_processes_importing_at_once_both_succeed,
    requests_and_the_local_ca_from_the_command_line,
);

fn path(name: &str) -> String {
    fixture(name).display().to_string()
}

/// A PEM bundle of `count` distinct leaves under one intermediate, for large-import tests.
pub(crate) fn bundle(count: usize, tag: &str) -> String {
    let root_ca = root(&format!("{tag} Root"));
    let inter = intermediate(&format!("{tag} Intermediate"), &root_ca);
    let mut text = String::new();
    text.push_str(&certdeck::pki::pem::encode("CERTIFICATE", &root_ca.der));
    text.push_str(&certdeck::pki::pem::encode("CERTIFICATE", &inter.der));
    for n in 0..count {
        let host = format!("{tag}-{n}.example.com");
        let (cert, _) = leaf(&host, &inter);
        text.push_str(&cert.to_pem());
    }
    text
}

fn import_list_show_alarms_and_reports(engine: Engine) {
    let data = tempfile::tempdir().unwrap();
    crate::common::engines::prepare(engine, data.path());
    let d = data.path();
    let out = certdeck(
        d,
        &[
            "import",
            &path("keycert-with-dh.pem"),
            &path("root.pem"),
            &path("openssl3-default.pfx"),
            "--password",
            PASSWORD,
            "--json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out);
    let outcomes = report["outcomes"].as_array().unwrap();
    assert!(outcomes.iter().any(|o| o["kind"] == "certificate"
        && o["action"] == "added"
        && o["detail"].as_str().unwrap().contains("paired")));
    assert!(
        outcomes
            .iter()
            .any(|o| o["kind"] == "certificate" && o["action"] == "unchanged")
    );

    let list = json(&certdeck(
        d,
        &["list", "--json", "--at", "2030-01-01T00:00:00Z"],
    ));
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    let leaf = list
        .iter()
        .find(|c| c["name"] == "conf1.example.com")
        .unwrap();
    assert_eq!(leaf["role"], "server");
    assert_eq!(leaf["has_private_key"], true);
    assert_eq!(leaf["status"], "good");
    let id = leaf["id"].as_i64().unwrap().to_string();

    let servers = json(&certdeck(d, &["list", "--json", "--kind", "server"]));
    assert_eq!(servers.as_array().unwrap().len(), 1);
    let expired = json(&certdeck(
        d,
        &[
            "list",
            "--json",
            "--status",
            "expired",
            "--at",
            "2200-01-01T00:00:00Z",
        ],
    ));
    assert_eq!(expired.as_array().unwrap().len(), 3);
    assert_eq!(
        certdeck(d, &["list", "--status", "bogus"]).status.code(),
        Some(2)
    );

    let fingerprint = leaf["fingerprint_sha256"].as_str().unwrap();
    let shown = json(&certdeck(d, &["show", &fingerprint[..12], "--json"]));
    assert_eq!(shown["id"].as_i64().unwrap().to_string(), id);

    assert!(
        certdeck(d, &["node", "add", "conf1", "--fqdn", "conf1.example.com"])
            .status
            .success()
    );
    assert!(
        certdeck(d, &["node", "add", "conf2", "--fqdn", "conf2.example.com"])
            .status
            .success()
    );
    assert!(
        certdeck(d, &["node", "assign", "conf1", &id])
            .status
            .success()
    );
    let alarms = certdeck(d, &["alarms", "--json", "--at", "2126-10-01T00:00:00Z"]);
    assert_eq!(alarms.status.code(), Some(1), "alarms exit 1");
    let alarms = json(&alarms);
    let kinds: Vec<&str> = alarms
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"node_without_certificate"));
    assert!(kinds.contains(&"expiring"), "{alarms:#}");
    let quiet = certdeck(d, &["alarms", "--json", "--at", "2030-01-01T00:00:00Z"]);
    assert_eq!(
        json(&quiet).as_array().unwrap().len(),
        1,
        "only conf2 has no certificate"
    );

    let csv = certdeck(d, &["report", "csv", "--at", "2030-01-01T00:00:00Z"]);
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert_eq!(csv.lines().count(), 4);
    // Every cell quoted (a spreadsheet splitting on `;` finds no formula cell).
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .starts_with(r#""id","name","subject""#)
    );
    assert!(csv.contains("conf1.example.com"));
    let ics = String::from_utf8(certdeck(d, &["report", "ics"]).stdout).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
    assert_eq!(ics.matches("BEGIN:VALARM").count(), 6);
    assert!(ics.contains("DTSTART;VALUE=DATE:2126"));

    let deleted = certdeck(d, &["delete", &id, "--yes"]);
    assert!(deleted.status.success());
    assert_eq!(
        json(&certdeck(d, &["list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

fn killing_a_large_import_leaves_all_or_nothing(engine: Engine) {
    let source = tempfile::tempdir().unwrap();
    let file = source.path().join("bundle.pem");
    let count = 1500;
    std::fs::write(&file, bundle(count, "kill")).unwrap();
    let total = count + 2;
    for delay_ms in [30u64, 120, 300, 600] {
        let data = tempfile::tempdir().unwrap();
        crate::common::engines::prepare(engine, data.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_certdeck"))
            .args(["import", &file.display().to_string()])
            .env("CERTDECK_DATA_DIR", data.path())
            .env("CERTDECK_KEYCHAIN", "none")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL on Unix: no cleanup runs
        let _ = child.wait();
        let listed = certdeck(data.path(), &["list", "--json"]);
        assert!(
            listed.status.success(),
            "the database opens after a kill: {}",
            String::from_utf8_lossy(&listed.stderr)
        );
        let n = json(&listed).as_array().unwrap().len();
        assert!(
            n == 0 || n == total,
            "after a kill at {delay_ms} ms: {n} of {total} certificates"
        );
        // Importing again completes the batch.
        assert!(
            certdeck(data.path(), &["import", &file.display().to_string()])
                .status
                .success()
        );
        assert_eq!(
            json(&certdeck(data.path(), &["list", "--json"]))
                .as_array()
                .unwrap()
                .len(),
            total
        );
    }
}

fn two_processes_importing_at_once_both_succeed(engine: Engine) {
    let source = tempfile::tempdir().unwrap();
    let a = source.path().join("a.pem");
    let b = source.path().join("b.pem");
    std::fs::write(&a, bundle(400, "alpha")).unwrap();
    std::fs::write(&b, bundle(400, "beta")).unwrap();
    let data = tempfile::tempdir().unwrap();
    crate::common::engines::prepare(engine, data.path());
    // Create the inventory first so both processes race on imports, not on creating the schema.
    assert!(certdeck(data.path(), &["list"]).status.success());
    let spawn = |file: &Path| {
        Command::new(env!("CARGO_BIN_EXE_certdeck"))
            .args(["import", &file.display().to_string(), "--json"])
            .env("CERTDECK_DATA_DIR", data.path())
            .env("CERTDECK_KEYCHAIN", "none")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let first = spawn(&a);
    let second = spawn(&b);
    let first = first.wait_with_output().unwrap();
    let second = second.wait_with_output().unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert_eq!(
        json(&certdeck(data.path(), &["list", "--json"]))
            .as_array()
            .unwrap()
            .len(),
        804
    );
}

#[test]
fn a_database_made_by_the_first_schema_still_opens_and_its_keys_still_open() {
    let data = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("inventory-v1.sqlite3"),
        data.path().join("inventory.sqlite3"),
    )
    .unwrap();
    let list = json(&certdeck(
        data.path(),
        &["list", "--json", "--at", "2030-01-01T00:00:00Z"],
    ));
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"conf1.example.com"), "{names:?}");
    let leaf = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "conf1.example.com")
        .unwrap();
    let id = leaf["id"].as_i64().unwrap().to_string();
    let out = tempfile::tempdir().unwrap();
    let exported = certdeck(
        data.path(),
        &[
            "export",
            &id,
            "--key",
            "--chain",
            "--format",
            "pfx",
            "--passphrase",
            "x",
            "--out",
            &out.path().display().to_string(),
        ],
    );
    assert!(
        exported.status.success(),
        "{}",
        String::from_utf8_lossy(&exported.stderr)
    );
    let pfx = out.path().join("conf1.example.com_keycert.pfx");
    let decoded =
        certdeck::pki::decode_file(&pfx, &certdeck::pki::DecodeOptions::with_password("x"));
    assert_eq!(decoded.private_keys().count(), 1);
    assert_eq!(decoded.certificates().count(), 2, "leaf and intermediate");
    // New imports go into the old database.
    let imported = certdeck(data.path(), &["import", &path("wildcard.pem")]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
}

fn requests_and_the_local_ca_from_the_command_line(engine: Engine) {
    let data = tempfile::tempdir().unwrap();
    crate::common::engines::prepare(engine, data.path());
    let d = data.path();
    let made = certdeck(
        d,
        &[
            "csr",
            "new",
            "--cn",
            "cli.example.com",
            "--c",
            "NO",
            "--key",
            "p256",
            "--json",
        ],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let request = json(&made);
    assert_eq!(request["san"][0], "DNS:cli.example.com");
    let refused = certdeck(d, &["csr", "new", "--o", "No Names"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no subject alternative name"));
    let init = certdeck(d, &["ca", "init", "--cn", "CLI Root", "--json"]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let id = request["id"].as_i64().unwrap().to_string();
    let issued = json(&certdeck(d, &["ca", "issue", "--request", &id, "--json"]));
    assert!(
        issued["detail"]
            .as_str()
            .unwrap()
            .contains("completes signing request")
    );
    let requests = json(&certdeck(d, &["csr", "list", "--json"]));
    assert_eq!(requests[0]["status"], "completed");
    let out = tempfile::tempdir().unwrap();
    let exported = certdeck(
        d,
        &["ca", "export", "--out", &out.path().display().to_string()],
    );
    assert!(exported.status.success());
    assert!(out.path().join("CLI_Root_certificate.pem").exists());
}
