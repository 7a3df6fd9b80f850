//! `cargo bench --bench network` (needs openssh-server and root for sshd):
//!
//! - push a certificate with key and chain to 200 SFTP nodes (one sshd on loopback, 200
//!   folders) and verify each over TLS;
//! - probe 1,000 loopback TLS endpoints (1,000 listeners in this process: the open-file soft
//!   limit is raised first, as certdeck does before a batch);
//! - discover 10,230 loopback endpoints: a scan of 127.1.0.0/21 (2,046 addresses) × 5 ports with
//!   the scan's default limits, a listener on every address and port (10,230 listeners: the
//!   soft limit is raised to the hard limit; skipped when that is too low).
//!
//! Results are recorded in docs/performance.md.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use certdeck::pki::{Certificate, DecodeOptions, decode_file};
use certdeck::probe::{Endpoint, ProbeTrust, probe_all};
use certdeck::push::{Bundle, Driver, Job, PushOptions, PushResult, push};
use tokio_rustls::TlsAcceptor;
use zeroize::Zeroizing;

// The tests' loopback helpers (a free port, waiting for a server to listen, the runtime) and
// their sshd.
#[path = "../tests/common/net.rs"]
mod net;
#[path = "../tests/common/sshd.rs"]
#[allow(dead_code)]
mod sshd;
use net::runtime;
use sshd::{Sshd, whoami};

const NODES: usize = 200;
const ENDPOINTS: usize = 1000;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// TLS servers inside this process, one per port, serving the fixture leaf with its chain.
async fn tls_servers(count: usize) -> Vec<u16> {
    let acceptor = tls_acceptor().await;
    let mut ports = Vec::new();
    for _ in 0..count {
        ports.push(net::serve_tls_handshakes(acceptor.clone()).await);
    }
    ports
}

/// Serves the fixture leaf with its chain.
async fn tls_acceptor() -> TlsAcceptor {
    let pem = std::fs::read(fixture("fullchain.pem")).expect("chain");
    let certs: Vec<rustls::pki_types::CertificateDer<'static>> =
        certdeck::pki::decode_bytes(&pem, "chain", &DecodeOptions::default())
            .certificates()
            .map(|c| rustls::pki_types::CertificateDer::from(c.der().to_vec()))
            .collect();
    let key = decode_file(&fixture("leaf-pkcs8.der"), &DecodeOptions::default());
    let key = key.private_keys().next().expect("key").pkcs8_der().to_vec();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(key.into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("versions")
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .expect("server config");
    TlsAcceptor::from(Arc::new(config))
}

/// Discovery at scale: every address of 127.1.0.0/21 listens on five ports.
fn discovery(
    runtime: &tokio::runtime::Runtime,
    trust: &Arc<ProbeTrust>,
    now: time::OffsetDateTime,
) {
    use certdeck::scan::targets::{PortSpec, Target, plan};
    const PORTS: [u16; 5] = [18443, 18444, 18445, 18446, 18447];
    let targets = [Target::parse("127.1.0.0/21").expect("range")];
    let ports: Vec<PortSpec> = PORTS.iter().map(|&p| PortSpec::new(p)).collect();
    let planned = plan(&targets, &ports, &std::collections::HashMap::new());
    // One descriptor per listener, two per connection in flight, and room for the rest.
    let needed = planned.len() as u64 + 1024;
    use rustix::process::{Resource, Rlimit, getrlimit, setrlimit};
    let limit = getrlimit(Resource::Nofile);
    if limit.maximum.is_some_and(|hard| hard < needed) {
        println!(
            "discovery: skipped (open-file hard limit {:?} < {needed})",
            limit.maximum
        );
        return;
    }
    setrlimit(
        Resource::Nofile,
        Rlimit {
            current: Some(limit.maximum.unwrap_or(needed).min(needed.max(65_536))),
            maximum: limit.maximum,
        },
    )
    .expect("raise the open-file limit");
    let acceptor = runtime.block_on(tls_acceptor());
    runtime.block_on(async {
        for plan in &planned {
            let listener = tokio::net::TcpListener::bind((plan.host.as_str(), plan.port))
                .await
                .expect("bind a loopback address");
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    let acceptor = acceptor.clone();
                    tokio::spawn(async move {
                        let _ = acceptor.accept(stream).await;
                    });
                }
            });
        }
    });
    // Reverse DNS off: 127.1.x.x is in no hosts file, and the bench measures the scan, not the
    // resolver (nor may it send queries off the machine).
    let limits = certdeck::scan::ScanLimits {
        reverse_dns: false,
        ..certdeck::scan::ScanLimits::default()
    };
    let total = planned.len();
    let started = Instant::now();
    let seen = runtime.block_on(certdeck::scan::scan(
        planned,
        trust.clone(),
        &limits,
        now,
        Arc::new(|_| {}),
        Arc::new(AtomicBool::new(false)),
    ));
    let elapsed = started.elapsed();
    let served = seen.iter().filter(|s| s.outcome.is_ok()).count();
    assert_eq!(
        served,
        total,
        "{:?}",
        seen.iter().find(|s| s.outcome.is_err()).map(|s| &s.outcome)
    );
    println!(
        "discover {total} loopback endpoints (127.1.0.0/21 × {} ports; {} at once, {} a second at most): {:.0} ms",
        PORTS.len(),
        limits.parallel,
        limits.rate,
        elapsed.as_secs_f64() * 1e3
    );
}

fn main() {
    println!("open-file limit: {:?}", certdeck::limits::open_file_limit());
    let runtime = runtime();
    let now = time::macros::datetime!(2030-01-01 00:00 UTC);
    let load = |name: &str| -> Arc<Certificate> {
        Arc::new(
            decode_file(&fixture(name), &DecodeOptions::default())
                .certificates()
                .next()
                .expect("cert")
                .clone(),
        )
    };
    let trust = Arc::new(ProbeTrust {
        trusted: vec![load("root.pem")],
        system_roots: false,
        known: Vec::new(),
    });

    // Probe every endpoint.
    let ports = runtime.block_on(tls_servers(ENDPOINTS));
    let endpoints: Vec<Endpoint> = ports
        .iter()
        .map(|p| {
            let mut e = Endpoint::parse(&format!("127.0.0.1:{p}")).expect("endpoint");
            e.sni = Some("conf1.example.com".into());
            e
        })
        .collect();
    let started = Instant::now();
    let results = runtime.block_on(probe_all(
        &endpoints,
        trust.clone(),
        32,
        Duration::from_secs(10),
        now,
    ));
    let probe_time = started.elapsed();
    let trusted = results
        .iter()
        .filter(|r| r.as_ref().is_ok_and(|r| r.verdict.trusted))
        .count();
    assert_eq!(trusted, ENDPOINTS, "every endpoint probes trusted");
    println!(
        "probe {ENDPOINTS} loopback TLS endpoints (32 at once): {:.0} ms",
        probe_time.as_secs_f64() * 1e3
    );

    discovery(&runtime, &trust, now);

    // Push to every SFTP node and verify each.
    if !Sshd::available() {
        println!("push: skipped (no /usr/sbin/sshd; apt-get install openssh-server)");
        return;
    }
    // Many nodes log in at once: sshd's limits on unauthenticated and multiplexed sessions rise.
    let sshd = Sshd::start(false, "MaxStartups 100:30:200\nMaxSessions 100\n");
    let d = sshd.dir.path();
    let port = sshd.port;
    let fingerprint = sshd.fingerprint();
    let user = whoami();
    let leaf = load("leaf.pem");
    let bundle = Bundle {
        subject: leaf.subject.to_string(),
        fingerprint_sha256: leaf.fingerprint_sha256.clone(),
        certificate_pem: leaf.to_pem(),
        chain_pem: load("inter.pem").to_pem(),
        key_pem: Some(Zeroizing::new(
            std::fs::read_to_string(fixture("leaf-pkcs8.pem")).expect("key"),
        )),
        parameters_pem: None,
        trusted_cas_pem: load("root.pem").to_pem(),
        crl_pem: None,
    };
    let credentials = sshd.credentials();
    let jobs: Vec<Job> = (0..NODES)
        .map(|n| {
            let folder = d.join(format!("node{n}"));
            std::fs::create_dir_all(&folder).expect("folder");
            let settings = serde_json::json!({
                "host": "127.0.0.1", "port": port, "user": user,
                "certificate_path": folder.join("server.crt").display().to_string(),
                "key_path": folder.join("server.key").display().to_string(),
                "trusted_ca_path": folder.join("ca.pem").display().to_string(),
            });
            Job {
                node: format!("node{n}"),
                fqdn: "conf1.example.com".into(),
                endpoints: vec![format!("127.0.0.1:{}", ports[n])],
                driver: Driver::with_secrets(
                    "ssh",
                    &settings,
                    Some(fingerprint.clone()),
                    credentials.clone(),
                )
                .expect("driver"),
                bundle: bundle.clone(),
            }
        })
        .collect();
    let (sender, _receiver) = tokio::sync::mpsc::unbounded_channel();
    let options = PushOptions {
        parallel: 16,
        ..PushOptions::default()
    };
    // The journal as a real push keeps it: every step of every node is recorded.
    let data = tempfile::tempdir().unwrap();
    let journal = certdeck::push::journal::Journal::new(
        certdeck::store::Inventory::open(
            data.path(),
            certdeck::store::VaultOptions {
                passphrase: Some(Zeroizing::new("bench".into())),
                keychain: false,
            },
        )
        .unwrap(),
    );
    let started = Instant::now();
    let outcomes = runtime.block_on(push(
        jobs,
        journal,
        trust,
        options,
        sender,
        Arc::new(AtomicBool::new(false)),
        now,
    ));
    let push_time = started.elapsed();
    drop(sshd);
    let verified = outcomes
        .iter()
        .filter(|o| o.result == PushResult::Verified)
        .count();
    assert_eq!(
        verified,
        NODES,
        "{:?}",
        outcomes
            .iter()
            .find(|o| o.result != PushResult::Verified)
            .map(|o| &o.detail)
    );
    println!(
        "push certificate + key + chain to {NODES} SFTP nodes and verify each (16 at once): {:.0} ms",
        push_time.as_secs_f64() * 1e3
    );
}
