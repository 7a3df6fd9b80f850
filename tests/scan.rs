//! Discovery against real servers on 127.0.0.1: `openssl s_server` for TLS from the first byte
//! (and TLS 1.0 only), Dovecot (IMAP, POP3), Exim (SMTP), slapd (LDAP) and Prosody (XMPP) for
//! STARTTLS, a port that accepts and never answers, and a closed port. Each server serves its
//! own generated certificate, so every result is matched to the server that gave it.

use crate::common;

use std::collections::HashMap;
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::common::engines::Engine;
use crate::on_both_engines;
use certdeck::pki::Certificate;
use certdeck::probe::{ProbeError, ProbeTrust};
use certdeck::scan::targets::{Planned, Target, parse_ports, plan};
use certdeck::scan::{Protocol, ScanLimits, Seen, scan};
use certdeck::store::report::AlarmKind;
use common::daemons::{self, Daemon};
use common::*;

on_both_engines!(
    drift_unmanaged_expiry_vanished_endpoints_and_old_tls_raise_alarms,
    the_command_line_scans_saves_reruns_and_lists,
);

/// A leaf for `host` under `ca` valid `from`–`to`, as (certificate, chain PEM, key PEM).
fn identity(
    host: &str,
    ca: &Ca,
    from: time::OffsetDateTime,
    to: time::OffsetDateTime,
) -> (Arc<Certificate>, String, String) {
    let (cert, key) = leaf_with(leaf_params(Some(host), &[host], from, to), ca);
    let chain = certdeck::pki::pem::encode("CERTIFICATE", cert.der())
        + &certdeck::pki::pem::encode("CERTIFICATE", &ca.der);
    (cert, chain, key.serialize_pem())
}

/// `openssl s_server` serving `chain`/`key` on a free port, with `extra` options.
fn s_server(dir: &Path, chain: &str, key: &str, extra: &[&str]) -> Daemon {
    std::fs::create_dir_all(dir).unwrap();
    let (cert, key) = daemons::write_identity(dir, chain, key);
    // s_server sends the first certificate of -cert; the rest of the chain comes from -cert_chain.
    let issuers = dir.join("issuers.pem");
    let second = chain[1..]
        .find("-----BEGIN")
        .map_or(chain.len(), |at| at + 1);
    std::fs::write(&issuers, &chain[second..]).unwrap();
    let port = free_port();
    let mut args: Vec<String> = [
        "s_server",
        "-accept",
        &format!("127.0.0.1:{port}"),
        "-quiet",
        "-naccept",
        "1000",
        "-cert",
        &cert.display().to_string(),
        "-key",
        &key.display().to_string(),
        "-cert_chain",
        &issuers.display().to_string(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    let arguments: Vec<&str> = args.iter().map(String::as_str).collect();
    daemons::spawn_daemon(
        "s_server",
        "openssl",
        &arguments,
        vec![port],
        &dir.join("out"),
    )
}

fn trust() -> Arc<ProbeTrust> {
    Arc::new(ProbeTrust {
        trusted: Vec::new(),
        system_roots: false,
        known: Vec::new(),
    })
}

fn limits() -> ScanLimits {
    ScanLimits {
        parallel: 8,
        rate: 0,
        timeout_seconds: 2,
        // 127.0.0.1 is named by the hosts file: no query leaves the machine.
        reverse_dns: true,
    }
}

fn run_scan(planned: Vec<Planned>, now: time::OffsetDateTime) -> Vec<Seen> {
    runtime().block_on(scan(
        planned,
        trust(),
        &limits(),
        now,
        Arc::new(|_| {}),
        Arc::new(AtomicBool::new(false)),
    ))
}

fn served_leaf(seen: &Seen) -> &str {
    match &seen.outcome {
        Ok(report) => &report.chain[0].fingerprint_sha256,
        Err(error) => panic!(
            "{} on {}:{} served nothing: {error}",
            seen.protocol, seen.host, seen.port
        ),
    }
}

#[test]
fn a_scan_reads_tls_and_every_starttls_protocol_from_real_servers() {
    let now = ymd(2026, 6, 1);
    let dir = tempfile::tempdir().unwrap();
    let ca = root("Scan Lab CA");
    let valid = (ymd(2026, 1, 1), ymd(2027, 1, 1));
    let web = identity("web.test", &ca, valid.0, valid.1);
    let mail = identity("mail.test", &ca, valid.0, valid.1);
    let smtp = identity("smtp.test", &ca, valid.0, valid.1);
    let ldap = identity("ldap.test", &ca, valid.0, valid.1);
    let chat = identity("chat.test", &ca, valid.0, valid.1);
    let sub = |name: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(&path).unwrap();
        path
    };
    let tls = s_server(&sub("tls"), &web.1, &web.2, &[]);
    let dovecot = daemons::dovecot(&sub("dovecot"), &mail.1, &mail.2);
    let exim = daemons::exim(&sub("exim"), &smtp.1, &smtp.2);
    let slapd = daemons::slapd(&sub("slapd"), &ldap.1, &ldap.2);
    let prosody = daemons::prosody(&sub("prosody"), "chat.test", &chat.1, &chat.2);
    // A port that accepts and never answers, and one where nothing listens.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_port = silent.local_addr().unwrap().port();
    let closed_port = free_port();

    let ports = parse_ports(&format!(
        "tls:{},imap:{},pop3:{},smtp:{},ldap:{},xmpp:{},{silent_port},{closed_port}",
        tls.ports[0],
        dovecot.ports[0],
        dovecot.ports[1],
        exim.ports[0],
        slapd.ports[0],
        prosody.ports[0]
    ))
    .unwrap();
    // XMPP addresses its stream to a domain: the address is known by the chat server's name.
    let names = HashMap::from([("127.0.0.1".parse().unwrap(), "chat.test".to_string())]);
    let planned = plan(&[Target::parse("127.0.0.1").unwrap()], &ports, &names);
    let seen = run_scan(planned, now);
    assert_eq!(seen.len(), 8);
    let expected = [
        (Protocol::Tls, &web.0),
        (Protocol::Imap, &mail.0),
        (Protocol::Pop3, &mail.0),
        (Protocol::Smtp, &smtp.0),
        (Protocol::Ldap, &ldap.0),
        (Protocol::Xmpp, &chat.0),
    ];
    for (result, (protocol, leaf)) in seen.iter().zip(expected) {
        assert_eq!(result.protocol, protocol);
        assert_eq!(served_leaf(result), leaf.fingerprint_sha256, "{protocol}");
        let report = result.outcome.as_ref().unwrap();
        assert!(report.protocol.starts_with("TLSv1."), "{}", report.protocol);
        assert_eq!(report.chain.len(), 2, "the chain as served, CA included");
    }
    assert!(
        matches!(seen[6].outcome, Err(ProbeError::Timeout(_, 2))),
        "{:?}",
        seen[6].outcome
    );
    assert!(
        matches!(seen[7].outcome, Err(ProbeError::Connect(..))),
        "{:?}",
        seen[7].outcome
    );
    assert!(!seen[6].answered() && !seen[7].answered());

    // The wrong protocol on a port gets the server's words, not a hang.
    let wrong = run_scan(
        vec![Planned {
            host: "127.0.0.1".into(),
            port: dovecot.ports[0],
            protocol: Protocol::Smtp,
            sni: None,
        }],
        now,
    );
    match &wrong[0].outcome {
        Err(ProbeError::Starttls(_, reason)) => {
            assert!(reason.contains("did not greet"), "{reason}")
        }
        other => panic!("{other:?}"),
    }

    // Recorded: six endpoints (the silent and the closed port are not endpoints).
    let mut inventory = crate::store::open(&dir.path().join("inventory"));
    let record = inventory.record_scan(&seen).unwrap();
    assert_eq!(
        (record.new, record.silent, record.new_certificates),
        (6, 0, 6)
    );
    let rows = inventory.endpoints().unwrap();
    assert_eq!(rows.len(), 6);
    assert!(
        rows.iter()
            .all(|r| r.state == "served" && r.tls_version.is_some())
    );
    let imap_row = rows.iter().find(|r| r.port == dovecot.ports[0]).unwrap();
    assert_eq!(imap_row.protocol, "imap");
    assert_eq!(
        imap_row.leaf_subject.as_deref(),
        Some(mail.0.subject.to_string().as_str())
    );
    assert_eq!(imap_row.chain.len(), 2);
    drop(silent);
}

fn drift_unmanaged_expiry_vanished_endpoints_and_old_tls_raise_alarms(engine: Engine) {
    let now = ymd(2026, 6, 1);
    let dir = tempfile::tempdir().unwrap();
    let ca = root("Drift Lab CA");
    let assigned = identity("conf1.test", &ca, ymd(2026, 1, 1), ymd(2027, 1, 1));
    let other = identity("conf1.test", &ca, ymd(2026, 2, 1), ymd(2027, 2, 1));
    let unmanaged = identity("legacy.test", &ca, ymd(2025, 6, 1), ymd(2026, 6, 10));
    let drifted = s_server(&dir.path().join("drift"), &other.1, &other.2, &[]);
    let forgotten = s_server(
        &dir.path().join("unmanaged"),
        &unmanaged.1,
        &unmanaged.2,
        &[],
    );
    let old = s_server(
        &dir.path().join("old"),
        &other.1,
        &other.2,
        &["-tls1", "-cipher", "DEFAULT@SECLEVEL=0"],
    );

    let mut inventory = crate::store::open_on(engine, &dir.path().join("inventory"));
    let pem = [assigned.1.clone(), other.1.clone()].concat();
    inventory
        .import(
            &[certdeck::store::ImportInput::Text {
                name: "managed.pem".into(),
                text: pem,
            }],
            &certdeck::pki::DecodeOptions::default(),
            &mut certdeck::store::NoPasswords,
            now,
        )
        .unwrap();
    let id_of = |cert: &Certificate| {
        inventory
            .list(&Default::default(), now, 30)
            .unwrap()
            .into_iter()
            .find(|(row, _)| row.fingerprint_sha256 == cert.fingerprint_sha256)
            .unwrap()
            .0
            .id
    };
    let (assigned_id, other_id) = (id_of(&assigned.0), id_of(&other.0));
    inventory
        .add_node("conf1", "conf1.test", &[], "server", now)
        .unwrap();
    inventory
        .configure_node(
            "conf1",
            &[format!("127.0.0.1:{}", drifted.ports[0])],
            "none",
            &serde_json::json!({}),
        )
        .unwrap();
    inventory.assign("conf1", assigned_id, now).unwrap();

    let ports = format!(
        "tls:{},tls:{},tls:{}",
        drifted.ports[0], forgotten.ports[0], old.ports[0]
    );
    let targets = [Target::parse("127.0.0.1").unwrap()];
    let planned = plan(&targets, &parse_ports(&ports).unwrap(), &HashMap::new());
    inventory
        .record_scan(&run_scan(planned.clone(), now))
        .unwrap();
    let alarms = inventory.alarms(now, 30).unwrap();
    let at = |port: u16| format!("127.0.0.1:{port}");
    let find = |kind: AlarmKind| {
        alarms
            .iter()
            .filter(|a| a.kind == kind)
            .map(|a| a.endpoint.clone().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        find(AlarmKind::Drift),
        [at(drifted.ports[0])],
        "{alarms:#?}"
    );
    let drift = alarms.iter().find(|a| a.kind == AlarmKind::Drift).unwrap();
    assert_eq!(drift.node.as_deref(), Some("conf1"));
    assert_eq!(find(AlarmKind::UnmanagedExpiring), [at(forgotten.ports[0])]);
    assert_eq!(find(AlarmKind::WeakOnWire), [at(old.ports[0])]);
    assert!(find(AlarmKind::Vanished).is_empty());
    // Each is told once, and each endpoint's alarm apart.
    assert_eq!(
        inventory.fresh_alarms(&alarms, now).unwrap().len(),
        alarms.len()
    );

    // The forgotten server goes away: its endpoint has vanished, its expiry no longer matters.
    let forgotten_port = forgotten.ports[0];
    drop(forgotten);
    let record = inventory.record_scan(&run_scan(planned, now)).unwrap();
    assert_eq!((record.seen_again, record.silent), (2, 1));
    let alarms = inventory.alarms(now, 30).unwrap();
    let kinds_at = |port: u16| {
        alarms
            .iter()
            .filter(|a| a.endpoint.as_deref() == Some(at(port).as_str()))
            .map(|a| a.kind)
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds_at(forgotten_port), [AlarmKind::Vanished]);

    // Adopting the drifted endpoint makes a node serving a managed certificate: assigned.
    inventory
        .adopt(&at(drifted.ports[0]), "adopted", now)
        .unwrap();
    let node = inventory.node("adopted").unwrap();
    assert_eq!(node.certificate_id, Some(other_id));
    assert_eq!(node.endpoints, [at(drifted.ports[0])]);
    assert!(
        !inventory
            .alarms(now, 30)
            .unwrap()
            .iter()
            .any(|a| a.kind == AlarmKind::Drift && a.node.as_deref() == Some("adopted"))
    );
    assert!(inventory.adopt("127.0.0.1:1", "nothing", now).is_err());
}

fn the_command_line_scans_saves_reruns_and_lists(engine: Engine) {
    let now = "2026-06-01T00:00:00Z";
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    crate::common::engines::prepare(engine, &data);
    let ca = root("CLI Scan CA");
    let web = identity("web.test", &ca, ymd(2026, 1, 1), ymd(2027, 1, 1));
    let server = s_server(&dir.path().join("tls"), &web.1, &web.2, &[]);
    let ports = format!("tls:{}", server.ports[0]);
    let first = certdeck_in(
        &data,
        &[
            "scan",
            "127.0.0.1",
            "--ports",
            &ports,
            "--save",
            "lab",
            "--every",
            "24",
            "--at",
            now,
        ],
    );
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let text = String::from_utf8_lossy(&first.stdout);
    assert!(
        text.contains("CN=web.test") && text.contains("1 new"),
        "{text}"
    );

    let again = certdeck_in(&data, &["scan", "--saved", "lab", "--json", "--at", now]);
    let found = json_of(&again);
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0]["state"], "served");
    assert_eq!(found[0]["protocol"], "tls");
    assert_eq!(found[0]["chain"][0], web.0.fingerprint_sha256.as_str());

    let listed = json_of(&certdeck_in(&data, &["endpoints", "--json"]));
    assert_eq!(listed[0]["port"], server.ports[0]);
    // No node names the address: reverse DNS (the hosts file) does, for SNI.
    assert_eq!(listed[0]["sni"], "localhost");
    assert_eq!(listed[0]["managed_id"], serde_json::Value::Null);

    // The hourly scheduled pass runs the saved scan once it is due, not before.
    let early = certdeck_in(&data, &["renew", "--due", "--at", "2026-06-01T12:00:00Z"]);
    assert!(!String::from_utf8_lossy(&early.stderr).contains("scan lab"));
    let due = certdeck_in(&data, &["renew", "--due", "--at", "2026-06-02T01:00:00Z"]);
    let said = String::from_utf8_lossy(&due.stderr);
    assert!(said.contains("scan lab: 1 endpoint(s) answered"), "{said}");
    let listed = json_of(&certdeck_in(&data, &["endpoints", "--json"]));
    assert_eq!(
        listed[0]["last_scanned"],
        ymd(2026, 6, 2).unix_timestamp() + 3600
    );

    let wide = certdeck_in(&data, &["scan", "10.0.0.0/15"]);
    assert!(!wide.status.success());
    assert!(String::from_utf8_lossy(&wide.stderr).contains("/16"));
    let unknown = certdeck_in(&data, &["scan", "--saved", "nope"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no scan saved as nope"));
}
