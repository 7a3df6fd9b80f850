//! `cargo bench --bench acme` (needs pebble, bind9, openssh-server and root for sshd): 50 nodes
//! renewed end to end — ordered from Pebble (`PEBBLE_VA_NOSLEEP=1`), proven by DNS-01 through
//! BIND (RFC 2136 with TSIG), pushed to 50 SFTP nodes (one sshd, 50 folders) and verified over
//! TLS (50 servers reading their node's files at every handshake). One pass of the pipeline, as
//! `certdeck renew --due` runs it. Results are recorded in docs/performance.md.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use certdeck::acme::renew::{self, Options, Selection};
use certdeck::acme::{Challenge, DEFAULT_RENEW_FRACTION, KeyPolicy, Propagation, client};
use certdeck::push::PushOptions;
use certdeck::push::journal::Journal;
use certdeck::store::acme::{Issuer, IssuerState, NewAcmeAccount};
use certdeck::store::{ImportInput, Inventory, NoPasswords, VaultOptions};
use time::OffsetDateTime;
use zeroize::Zeroizing;

// The tests' servers: BIND, Pebble, sshd, the TLS servers reading files.
#[path = "../tests/common/mod.rs"]
#[allow(unused_imports)]
mod common;
use common::acme::{Bind, Pebble, PebbleOptions, TestSecrets, file_tls_server};
use common::net::runtime;
use common::sshd::{Sshd, whoami};

const NODES: usize = 50;

fn main() {
    if !(Bind::available() && Pebble::available() && Sshd::available()) {
        println!("acme: skipped (apt-get install pebble bind9 openssh-server; run as root)");
        return;
    }
    let rt = runtime();
    let bind = Bind::start();
    let pebble = Pebble::start(bind.port, PebbleOptions::default());
    let sshd = Sshd::start(false, "MaxStartups 100:30:200\nMaxSessions 100\n");
    let data = tempfile::tempdir().expect("temp");
    let mut store = Inventory::open(
        data.path(),
        VaultOptions {
            passphrase: Some(Zeroizing::new("bench".into())),
            keychain: false,
        },
    )
    .expect("inventory");
    let now = OffsetDateTime::now_utc();
    store
        .add_dns_server(&bind.server("bind", "example.test"))
        .expect("dns");
    let created = rt
        .block_on(client::create_account(
            &pebble.directory(),
            &["admin@example.test".to_string()],
            true,
            None,
            Some(&pebble.https_root),
        ))
        .expect("account");
    store
        .add_acme_account(
            &NewAcmeAccount {
                name: "pebble",
                directory_url: &pebble.directory(),
                contact: &[],
                account_url: &created.account_url,
                credentials: &created.credentials,
                ca_root_pem: Some(&pebble.https_root),
                eab_kid: None,
            },
            now,
        )
        .expect("store account");
    let root = rt.block_on(pebble.issuing_root());
    let report = store
        .import(
            &[ImportInput::Text {
                name: "pebble root".into(),
                text: root,
            }],
            &Default::default(),
            &mut NoPasswords,
            now,
        )
        .expect("root");
    store
        .trust(report.outcomes[0].id.expect("root id"), now)
        .expect("trust");
    // 50 nodes, mixed keys as an estate has them: RSA and EC.
    for i in 0..NODES {
        let name = format!("node{i:02}");
        let folder = sshd.remote(&name);
        std::fs::create_dir_all(&folder).expect("folder");
        let port = rt.block_on(file_tls_server(
            folder.join("cert.pem"),
            folder.join("key.pem"),
        ));
        store
            .add_node(&name, &format!("{name}.example.test"), &[], "server", now)
            .expect("node");
        let settings = serde_json::json!({
            "host": "127.0.0.1",
            "port": sshd.port,
            "user": whoami(),
            "certificate_path": folder.join("cert.pem").display().to_string(),
            "key_path": folder.join("key.pem").display().to_string(),
        });
        store
            .configure_node(&name, &[format!("127.0.0.1:{port}")], "ssh", &settings)
            .expect("configure");
        store.pin_node(&name, &sshd.fingerprint()).expect("pin");
        store
            .set_issuer(&Issuer {
                node: name,
                account: "pebble".into(),
                challenge: Challenge::Dns01 {
                    server: "bind".into(),
                },
                profile: None,
                key_policy: KeyPolicy::New,
                key_type: if i % 5 == 0 { "rsa2048" } else { "p256" }.into(),
                csr_id: None,
                window: None,
                renew_fraction: DEFAULT_RENEW_FRACTION,
                state: IssuerState::default(),
            })
            .expect("issuer");
    }
    let mut secrets = TestSecrets::default();
    secrets.tsig.insert("bind".into(), bind.secret.clone());
    secrets.ssh = Some(sshd.credentials());
    let trust = Arc::new(certdeck::push::session::trust(&store).expect("trust"));
    let journal = Journal::new(store);
    let options = Options {
        parallel: 16,
        propagation: Propagation {
            timeout: Duration::from_secs(30),
            every: Duration::from_millis(250),
        },
        push: PushOptions {
            attempts: 3,
            pause: Duration::from_millis(300),
            timeout: Duration::from_secs(10),
            ..PushOptions::default()
        },
        ..Options::default()
    };
    let (sender, _receiver) = tokio::sync::mpsc::unbounded_channel();
    let started = Instant::now();
    let reports = rt
        .block_on(renew::run(
            renew::Context {
                journal,
                secrets: Arc::new(secrets),
                trust,
            },
            Selection::Due,
            options,
            sender,
            Arc::new(AtomicBool::new(false)),
            now,
        ))
        .expect("pass");
    let elapsed = started.elapsed();
    let renewed = reports.iter().filter(|r| r.outcome == "renewed").count();
    for failed in reports.iter().filter(|r| r.outcome != "renewed") {
        println!("{}: {} — {}", failed.node, failed.outcome, failed.detail);
    }
    assert_eq!(renewed, NODES, "every node renewed");
    println!(
        "renew {NODES} nodes (Pebble, DNS-01 through BIND, SFTP push, TLS verification; 16 at once): {:.2} s",
        elapsed.as_secs_f64()
    );
}
