//! TLS probes against real TLS servers: `openssl s_server` on 127.0.0.1 with the fixtures' keys.

use crate::common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use certdeck::probe::{Endpoint, ProbeError, ProbeTrust, probe, probe_all};
use common::*;

/// An `openssl s_server` on a free loopback port, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(extra: &[&str]) -> Self {
        let port = free_port();
        let accept = format!("127.0.0.1:{port}");
        let (cert, key) = (fixture("leaf.pem"), fixture("leaf.key"));
        let mut args = vec!["s_server", "-accept", &accept, "-quiet", "-naccept", "100"];
        let (cert, key) = (cert.display().to_string(), key.display().to_string());
        args.extend(["-cert", &cert, "-key", &key]);
        args.extend_from_slice(extra);
        let child = Command::new("openssl")
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("openssl s_server starts");
        wait_until_listening(port, "s_server");
        Self { child, port }
    }

    fn endpoint(&self, sni: &str) -> Endpoint {
        let mut endpoint = Endpoint::parse(&format!("127.0.0.1:{}", self.port)).unwrap();
        endpoint.sni = Some(sni.to_string());
        endpoint
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn trust(with_inventory_intermediate: bool) -> ProbeTrust {
    let load = |name: &str| only_certificate(&decode_fixture(name));
    ProbeTrust {
        trusted: vec![load("root.pem")],
        system_roots: false,
        known: if with_inventory_intermediate {
            vec![load("inter.pem")]
        } else {
            Vec::new()
        },
    }
}

const TIMEOUT: Duration = Duration::from_secs(10);

#[test]
fn a_complete_chain_is_trusted_and_described() {
    let inter = fixture("inter.pem").display().to_string();
    let server = Server::start(&["-cert_chain", &inter]);
    let report = runtime()
        .block_on(probe(
            &server.endpoint("conf1.example.com"),
            &trust(false),
            TIMEOUT,
            fixture_time(),
        ))
        .unwrap();
    assert!(report.verdict.trusted, "{}", report.verdict.reason);
    assert!(report.chain_complete);
    assert!(report.name_matches);
    assert_eq!(report.protocol, "TLSv1.3");
    assert_eq!(report.chain.len(), 2);
    assert_eq!(
        report.chain[0].fingerprint_sha256,
        only_certificate(&decode_fixture("leaf.pem")).fingerprint_sha256
    );
    assert!(report.days_left > 30_000);
}

#[test]
fn a_missing_intermediate_and_a_wrong_name_are_reported() {
    let server = Server::start(&[]);
    let rt = runtime();
    let report = rt
        .block_on(probe(
            &server.endpoint("conf1.example.com"),
            &trust(true),
            TIMEOUT,
            fixture_time(),
        ))
        .unwrap();
    assert!(!report.verdict.trusted);
    assert_eq!(report.verdict.code.as_deref(), Some("UnknownIssuer"));
    assert!(!report.chain_complete);
    let missing = report.missing.clone().unwrap();
    assert!(
        missing.contains("does not send") && missing.contains("Certdeck Test Intermediate"),
        "{missing}"
    );

    let inter = fixture("inter.pem").display().to_string();
    let complete = Server::start(&["-cert_chain", &inter]);
    let wrong = rt
        .block_on(probe(
            &complete.endpoint("other.example.com"),
            &trust(false),
            TIMEOUT,
            fixture_time(),
        ))
        .unwrap();
    assert!(!wrong.verdict.trusted);
    assert!(!wrong.name_matches);
    assert!(wrong.chain_complete, "the chain itself is fine");
    assert!(
        wrong
            .verdict
            .reason
            .contains("not valid for other.example.com"),
        "{}",
        wrong.verdict.reason
    );
}

#[test]
fn legacy_only_servers_get_a_plain_message() {
    let tls10 = Server::start(&["-tls1", "-cipher", "DEFAULT@SECLEVEL=0"]);
    let rsa_kx = Server::start(&["-tls1_2", "-cipher", "AES128-SHA"]);
    let rt = runtime();
    for server in [&tls10, &rsa_kx] {
        let error = rt
            .block_on(probe(
                &server.endpoint("conf1.example.com"),
                &trust(false),
                TIMEOUT,
                fixture_time(),
            ))
            .unwrap_err();
        assert!(matches!(error, ProbeError::Legacy(_)), "{error}");
        assert!(
            error
                .to_string()
                .contains("TLS 1.0/1.1 or RSA key exchange")
        );
    }
}

#[test]
fn many_endpoints_at_once_keep_their_order() {
    let inter = fixture("inter.pem").display().to_string();
    let good = Server::start(&["-cert_chain", &inter]);
    let bare = Server::start(&[]);
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoints = vec![
        good.endpoint("conf1.example.com"),
        Endpoint::parse(&format!("127.0.0.1:{closed}")).unwrap(),
        bare.endpoint("conf1.example.com"),
        good.endpoint("conf1"),
    ];
    let results = runtime().block_on(probe_all(
        &endpoints,
        Arc::new(trust(false)),
        2,
        TIMEOUT,
        fixture_time(),
    ));
    assert_eq!(results.len(), 4);
    assert!(results[0].as_ref().unwrap().verdict.trusted);
    assert!(matches!(results[1], Err(ProbeError::Connect(..))));
    assert!(!results[2].as_ref().unwrap().chain_complete);
    assert!(
        results[3].as_ref().unwrap().verdict.trusted,
        "conf1 is in the SAN"
    );
}

/// Asked for 500 probes at once where only 64 files may be open (soft and hard limit, so it
/// cannot be raised), every one of 200 endpoints is still probed: the parallelism is capped to
/// what fits, instead of failing with "too many open files".
#[test]
fn a_low_open_file_limit_caps_the_parallelism_instead_of_failing() {
    let inter = fixture("inter.pem").display().to_string();
    let good = Server::start(&["-cert_chain", &inter, "-naccept", "1000"]);
    let endpoint = format!("127.0.0.1:{}", good.port);
    let data = tempfile::tempdir().unwrap();
    let script = format!(
        "ulimit -n 64 && exec \"$0\" probe --parallel 500 --json --no-system-roots \
         --trust {root} --sni conf1.example.com --at 2030-01-01T00:00:00Z {endpoints}",
        root = fixture("root.pem").display(),
        endpoints = vec![endpoint.as_str(); 200].join(" "),
    );
    let output = Command::new("sh")
        .args(["-c", &script, env!("CARGO_BIN_EXE_certdeck")])
        .env("CERTDECK_DATA_DIR", data.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("Too many open files")
            && !stdout.contains("Too many open files"),
        "{stdout}"
    );
    let reports: Vec<serde_json::Value> = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(reports.len(), 200);
    let trusted = reports.iter().filter(|r| r["trusted"] == true).count();
    assert_eq!(trusted, 200, "{stdout}");
}

#[test]
fn endpoints_parse() {
    let e = Endpoint::parse("sbc.example.com:5061").unwrap();
    assert_eq!((e.host.as_str(), e.port), ("sbc.example.com", 5061));
    assert_eq!(Endpoint::parse("example.com").unwrap().port, 443);
    let v6 = Endpoint::parse("[2001:db8::1]:8443").unwrap();
    assert_eq!((v6.host.as_str(), v6.port), ("2001:db8::1", 8443));
    assert_eq!(v6.to_string(), "[2001:db8::1]:8443");
    assert!(Endpoint::parse("host:notaport").is_err());
}

#[test]
fn a_silent_server_times_out_instead_of_hanging() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accepts connections and never answers.
    let _keep = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    let endpoint = Endpoint::parse(&format!("127.0.0.1:{port}")).unwrap();
    let started = Instant::now();
    let error = runtime()
        .block_on(probe(
            &endpoint,
            &trust(false),
            Duration::from_secs(1),
            fixture_time(),
        ))
        .unwrap_err();
    assert!(matches!(error, ProbeError::Timeout(_, 1)), "{error}");
    assert!(started.elapsed() < Duration::from_secs(30), "no hang");
}
