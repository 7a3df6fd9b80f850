//! ACME end to end against real servers on loopback (tests/common/acme.rs): Pebble as the CA,
//! BIND 9 taking RFC 2136 updates for DNS-01, OpenSSH's sshd as the node and a TLS server that
//! reads the node's files at every handshake. Every run goes through the same pipeline as
//! `certdeck renew`.

use std::path::Path;
use std::sync::Arc;

use certdeck::acme::renew::{NodeReport, Options, Selection};
use certdeck::acme::{Challenge, DEFAULT_RENEW_FRACTION, client};
use time::OffsetDateTime;

use crate::common::acme::{Lab, Pebble, PebbleOptions, dns01};
use crate::common::engines::Engine;
use crate::common::runtime;
use crate::common::sshd::Sshd;
use crate::on_both_engines;

on_both_engines!(
    dns01_through_bind_pushed_over_ssh_verified_not_due_then_renewed_when_the_time_comes,
    a_push_failing_after_issuance_rolls_the_node_back_keeps_the_certificate_and_retries_it,
    a_rate_limit_is_respected_until_retry_after_and_never_looped_against,
    a_setup_is_rehearsed_at_staging_before_the_nodes_ca_is_asked_and_again_when_it_changes,
    a_certificate_is_revoked_at_the_ca_and_a_deactivated_account_is_refused_by_the_ca_and_here,
);

fn only(reports: &[NodeReport]) -> &NodeReport {
    assert_eq!(reports.len(), 1, "{reports:?}");
    &reports[0]
}

/// The node's folder on the SSH server, file by file, for byte-for-byte comparison.
fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// A node on the loopback sshd, served by a TLS server reading its files at each handshake.
struct SshNode {
    sshd: Sshd,
    folder: std::path::PathBuf,
    _runtime: tokio::runtime::Runtime,
}

/// A lab on `engine` with account `pebble` and node `conf1`, pushed to over SSH and issued by
/// Pebble through DNS-01 at BIND.
fn conf1_over_ssh(engine: Engine) -> (Lab, SshNode) {
    let mut lab = Lab::start_on(engine, PebbleOptions::default());
    lab.account("pebble", None).unwrap();
    lab.trust_pebble();
    let node = ssh_node(&mut lab, "conf1", "conf1.example.test", None);
    lab.issuer("conf1", dns01("bind"));
    (lab, node)
}

fn ssh_node(lab: &mut Lab, name: &str, fqdn: &str, reload: Option<&str>) -> SshNode {
    let sshd = Sshd::start(false, "");
    let folder = sshd.remote("tls");
    let tls_runtime = runtime();
    lab.ssh_node(&sshd, &folder, name, fqdn, reload, &tls_runtime);
    SshNode {
        sshd,
        folder,
        _runtime: tls_runtime,
    }
}

fn dns01_through_bind_pushed_over_ssh_verified_not_due_then_renewed_when_the_time_comes(
    engine: Engine,
) {
    let (lab, node) = conf1_over_ssh(engine);
    let now = OffsetDateTime::now_utc();

    // First pass: no certificate yet → ordered, proven by DNS-01, pushed, verified over TLS.
    let first = lab.run(Selection::Due, now);
    let report = only(&first);
    assert_eq!(
        report.outcome,
        "renewed",
        "{report:?}\n{}",
        lab.pebble.log()
    );
    assert!(report.detail.contains("verified over TLS"), "{report:?}");
    let first_id = report.certificate_id.unwrap();
    let mut store = lab.store();
    assert_eq!(store.node("conf1").unwrap().certificate_id, Some(first_id));
    let (_, cert) = store.find(&first_id.to_string()).unwrap();
    let served = std::fs::read_to_string(node.folder.join("cert.pem")).unwrap();
    assert!(
        served.contains(cert.to_pem().trim()),
        "the node holds the new certificate"
    );
    // The key was sealed in the vault and went only to the node (mode 0600 there).
    let conf1 = store.node("conf1").unwrap();
    assert!(store.push_bundle(&conf1).unwrap().key_pem.is_some());
    // The challenge record is gone from the zone.
    assert_eq!(lab.bind.txt("_acme-challenge.conf1.example.test"), "");

    // Second pass at once: within its lifetime, nothing to do.
    let second = lab.run(Selection::Due, now + time::Duration::hours(1));
    assert_eq!(only(&second).outcome, "not_due", "{second:?}");
    let before = files_of(&node.folder);

    // The clock moves past two thirds of the lifetime: renewed, a new certificate served.
    let later = cert.not_before
        + (cert.not_after - cert.not_before) * DEFAULT_RENEW_FRACTION
        + time::Duration::hours(1);
    let third = lab.run(Selection::Due, later);
    let report = only(&third);
    assert_eq!(report.outcome, "renewed", "{report:?}");
    assert_ne!(report.certificate_id, Some(first_id));
    assert_ne!(
        files_of(&node.folder),
        before,
        "the node got the renewed files"
    );
    // The issuer's last run is the renewal log's newest line for the node.
    let state = lab.store().issuer("conf1").unwrap().state;
    assert_eq!(state.last_result.as_deref(), Some("renewed"));
    assert_eq!(state.last_detail, Some(report.detail.clone()));
    let runs = lab.store().renewal_runs(10).unwrap();
    assert_eq!(
        runs.iter().filter(|r| r.outcome == "renewed").count(),
        2,
        "{runs:?}"
    );
    drop(node.sshd);
}

#[test]
fn dns01_follows_a_cname_delegation_into_the_zone_certdeck_may_update() {
    let lab = Lab::start(PebbleOptions::default());
    lab.account("pebble", None).unwrap();
    lab.node("app", "app.main.test", dns01("main"));
    let reports = lab.force("app");
    let report = only(&reports);
    assert_eq!(report.outcome, "renewed", "{report:?}\n{}", lab.bind.log());
    // A node without a driver gets the certificate assigned, nothing pushed.
    assert!(report.detail.contains("nothing was pushed"), "{report:?}");
    let (_, cert) = lab
        .store()
        .find(&report.certificate_id.unwrap().to_string())
        .unwrap();
    assert!(cert.to_pem().len() > 100);
    // Written at the CNAME's target (the key may not write the name itself), removed after.
    assert!(
        lab.bind.log().contains("app.acme.main.test"),
        "{}",
        lab.bind.log()
    );
    assert_eq!(lab.bind.txt("app.acme.main.test"), "", "removed afterwards");
}

#[test]
fn http01_by_the_built_in_listener_and_external_account_binding() {
    let key = {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([7u8; 32])
    };
    let lab = Lab::start(PebbleOptions {
        eab: vec![("kid-1".into(), key.clone())],
        ..PebbleOptions::default()
    });
    // The CA requires EAB: without it the account is refused, with the CA's words.
    let refused = lab.account("pebble", None).unwrap_err();
    assert!(refused.contains("the CA refused"), "{refused}");
    let wrong = lab.account("pebble", Some(("kid-1", "AAAA"))).unwrap_err();
    assert!(wrong.contains("the CA refused"), "{wrong}");
    lab.account("pebble", Some(("kid-1", &key))).unwrap();
    lab.node(
        "web",
        "web.example.test",
        Challenge::Http01Listen {
            listen: format!("127.0.0.1:{}", lab.pebble.http_port),
        },
    );
    let reports = lab.force("web");
    assert_eq!(
        only(&reports).outcome,
        "renewed",
        "{reports:?}\n{}",
        lab.pebble.log()
    );
}

#[test]
fn bad_input_fails_clearly_changes_nothing_and_the_next_run_retries() {
    let (lab, node) = conf1_over_ssh(Engine::Sqlite);
    let before = files_of(&node.folder);
    let now = OffsetDateTime::now_utc();

    // A wrong TSIG key: BIND refuses the update, said as such; the node is not touched.
    let mut wrong = lab.secrets.clone();
    wrong
        .tsig
        .insert("bind".into(), crate::common::acme::random_secret());
    let reports = lab.run_with(Selection::Due, now, wrong);
    let report = only(&reports);
    assert_eq!(report.outcome, "failed", "{report:?}");
    assert!(
        report.detail.contains("refused the TSIG key") && !report.detail.contains("issue"),
        "said in the DNS server's terms, not the library's: {report:?}"
    );
    assert_eq!(files_of(&node.folder), before);
    // Backed off: the next pass within the hour waits.
    let waiting = lab.run(Selection::Due, now + time::Duration::minutes(10));
    assert_eq!(only(&waiting).outcome, "waiting", "{waiting:?}");

    // The CA unreachable (an account whose directory nobody serves).
    let dead = format!("https://127.0.0.1:{}/dir", crate::common::free_port());
    lab.account_at("gone", &dead);
    let mut store = lab.store();
    let mut issuer = store.issuer("conf1").unwrap();
    issuer.account = "gone".into();
    store.set_issuer(&issuer).unwrap();
    let reports = lab.run(Selection::Force(vec!["conf1".into()]), now);
    let report = only(&reports);
    assert_eq!(report.outcome, "failed");
    assert!(report.detail.contains("cannot be reached"), "{report:?}");
    assert_eq!(files_of(&node.folder), before);

    // The next run, with the key and the CA right again, renews. (Read again: an edit saves
    // against the version it read.)
    let mut issuer = store.issuer("conf1").unwrap();
    issuer.account = "pebble".into();
    store.set_issuer(&issuer).unwrap();
    let reports = lab.run(Selection::Due, now + time::Duration::hours(3));
    assert_eq!(only(&reports).outcome, "renewed", "{reports:?}");
    assert_ne!(files_of(&node.folder), before);
}

/// What an administrator does for manual DNS-01: a TXT record added with `nsupdate`.
pub(crate) fn create_txt_by_hand(lab: &Lab, record: &str, value: &str) {
    let update = format!(
        "server 127.0.0.1 {}\nzone example.test\nupdate add {record} 60 TXT \"{value}\"\nsend\n",
        lab.bind.port
    );
    let key = format!(
        "hmac-sha256:{}:{}",
        crate::common::acme::KEY_NAME,
        lab.bind.secret
    );
    let mut nsupdate = std::process::Command::new("nsupdate")
        .args(["-y", &key])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("nsupdate (bind9-dnsutils)");
    use std::io::Write;
    nsupdate
        .stdin
        .take()
        .unwrap()
        .write_all(update.as_bytes())
        .unwrap();
    assert!(nsupdate.wait().unwrap().success());
}

#[test]
fn a_wrong_challenge_record_is_reported_with_the_record_and_nothing_is_ordered_further() {
    let lab = Lab::start(PebbleOptions::default());
    lab.account("pebble", None).unwrap();
    lab.node(
        "manual",
        "manual.example.test",
        Challenge::Manual {
            check_servers: vec![lab.bind.address()],
        },
    );
    // The administrator creates the record with a wrong value.
    create_txt_by_hand(&lab, "_acme-challenge.manual.example.test", "not-the-value");
    let reports = lab.force("manual");
    let report = only(&reports);
    assert_eq!(report.outcome, "failed", "{report:?}");
    assert!(
        report
            .detail
            .contains("_acme-challenge.manual.example.test")
            && report.detail.contains("did not reach"),
        "{report:?}"
    );
    assert_eq!(lab.store().node("manual").unwrap().certificate_id, None);
}

#[test]
fn rejected_nonces_are_retried_and_a_ca_that_rejects_every_nonce_fails_without_looping() {
    let lab = Lab::start(PebbleOptions {
        reject_nonces: 10,
        ..PebbleOptions::default()
    });
    lab.account("pebble", None).unwrap();
    lab.node("n1", "n1.example.test", dns01("bind"));
    let reports = lab.force("n1");
    assert_eq!(only(&reports).outcome, "renewed", "{reports:?}");

    let hostile = Lab::start(PebbleOptions {
        reject_nonces: 100,
        ..PebbleOptions::default()
    });
    let refused = hostile.account("pebble", None).unwrap_err();
    assert!(refused.contains("badNonce"), "{refused}");
}

fn a_push_failing_after_issuance_rolls_the_node_back_keeps_the_certificate_and_retries_it(
    engine: Engine,
) {
    let mut lab = Lab::start_on(engine, PebbleOptions::default());
    lab.account("pebble", None).unwrap();
    lab.trust_pebble();
    let marker = tempfile::tempdir().unwrap();
    let broken = marker.path().join("broken");
    std::fs::write(&broken, "").unwrap();
    // The reload fails while the marker file exists.
    let reload = format!("test ! -e {}", broken.display());
    let node = ssh_node(&mut lab, "conf1", "conf1.example.test", Some(&reload));
    std::fs::write(node.folder.join("cert.pem"), "old certificate\n").unwrap();
    std::fs::write(node.folder.join("key.pem"), "old key\n").unwrap();
    let before = files_of(&node.folder);
    lab.issuer("conf1", dns01("bind"));
    let now = OffsetDateTime::now_utc();
    let reports = lab.run(Selection::Due, now);
    let report = only(&reports);
    assert_eq!(report.outcome, "failed", "{report:?}");
    assert!(
        report.detail.contains("kept for the next attempt"),
        "{report:?}"
    );
    let kept = report.certificate_id.expect("the new certificate is kept");
    // The node is exactly as it was (the push's own copies are gone too).
    let after: Vec<_> = files_of(&node.folder)
        .into_iter()
        .filter(|(name, _)| !name.contains(".certdeck-"))
        .collect();
    assert_eq!(after, before);
    assert_eq!(lab.store().node("conf1").unwrap().certificate_id, None);

    // Fixed; the next attempt pushes the same certificate (no second order), and says so.
    std::fs::remove_file(&broken).unwrap();
    let reports = lab.run(Selection::Due, now + time::Duration::hours(2));
    let report = only(&reports);
    assert_eq!(report.outcome, "pushed", "{report:?}");
    assert_eq!(report.certificate_id, Some(kept));
    assert_eq!(
        lab.store().node("conf1").unwrap().certificate_id,
        Some(kept)
    );
}

#[test]
fn the_directory_says_what_the_ca_offers_and_orders_fall_back_without_ari() {
    let lab = Lab::start(PebbleOptions::default());
    let info = runtime()
        .block_on(client::directory(
            &lab.pebble.directory(),
            Some(&lab.pebble.https_root),
        ))
        .unwrap();
    assert!(!info.external_account_required);
    // Debian 12's Pebble 2.4.0 offers neither ARI (RFC 9773) nor profiles: a renewal of a
    // certificate then orders without `replaces` and renews at two thirds of the lifetime
    // (tested above). With a Pebble that offers them, the window comes from the CA.
    if info.renewal_info {
        eprintln!("this Pebble offers ARI: the renewal window is the CA's");
    }
    lab.account("pebble", None).unwrap();
    lab.node("n1", "n1.example.test", dns01("bind"));
    let now = OffsetDateTime::now_utc();
    let first = lab.run(Selection::Force(vec!["n1".into()]), now);
    assert_eq!(only(&first).outcome, "renewed", "{first:?}");
    // A pass asks the CA for the renewal window where it offers ARI; here it is not due.
    let second = lab.run(Selection::Due, now);
    assert_eq!(only(&second).outcome, "not_due", "{second:?}");
    let issuer = lab.store().issuer("n1").unwrap();
    assert_eq!(issuer.state.ari_start.is_some(), info.renewal_info);
}

#[test]
fn the_generated_systemd_units_pass_systemd_analyze_verify() {
    let dir = tempfile::tempdir().unwrap();
    let invocation = certdeck::acme::schedule::Invocation::renew(
        std::path::PathBuf::from(env!("CARGO_BIN_EXE_certdeck")),
        Some(Path::new("/var/lib/certdeck data")),
        None,
    );
    let (service, timer) =
        certdeck::acme::schedule::write_systemd_units(&invocation, dir.path()).unwrap();
    let output = std::process::Command::new("systemd-analyze")
        .arg("verify")
        .arg(&service)
        .arg(&timer)
        .output()
        .expect("systemd-analyze (systemd)");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    // Warnings about the units themselves would name them.
    assert!(!said.contains("certdeck-renew"), "{said}");
}

/// Issue 29: the system-wide pass runs as a service account with the vault passphrase as a
/// systemd credential (never in the unit), and where systemd does not run, from /etc/cron.d.
#[test]
fn the_system_wide_pass_runs_as_its_service_account_with_the_passphrase_as_a_credential() {
    let pass = certdeck::acme::system_schedule::SystemPass {
        program: std::path::PathBuf::from(env!("CARGO_BIN_EXE_certdeck")),
        user: "certdeck".into(),
        data_dir: std::path::PathBuf::from("/var/lib/certdeck"),
        passphrase_file: Some(std::path::PathBuf::from("/etc/certdeck/vault-passphrase")),
    };
    let (service, timer) = pass.systemd_units().unwrap();
    assert!(service.contains("User=certdeck\n"), "{service}");
    assert!(
        service.contains("LoadCredential=vault-passphrase:/etc/certdeck/vault-passphrase\n"),
        "{service}"
    );
    assert!(
        service.contains(r#""--vault-passphrase-file" "%d/vault-passphrase" "renew" "--due""#),
        "{service}"
    );
    assert!(service.contains("Environment=CERTDECK_KEYCHAIN=none"));
    let dir = tempfile::tempdir().unwrap();
    let (service_path, timer_path) = (
        dir.path().join("certdeck-renew.service"),
        dir.path().join("certdeck-renew.timer"),
    );
    std::fs::write(&service_path, &service).unwrap();
    std::fs::write(&timer_path, &timer).unwrap();
    let output = std::process::Command::new("systemd-analyze")
        .arg("verify")
        .arg(&service_path)
        .arg(&timer_path)
        .output()
        .expect("systemd-analyze (systemd)");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    assert!(!said.contains("certdeck-renew"), "{said}");

    let cron = pass.cron_entry().unwrap();
    assert!(cron.contains("17 * * * * certdeck '"), "{cron}");
    assert!(cron.contains("'--vault-passphrase-file' '/etc/certdeck/vault-passphrase'"));
    // A name a unit or a cron line could be bent by is refused.
    let hostile = certdeck::acme::system_schedule::SystemPass {
        user: "root\nExecStartPre=/bin/sh".into(),
        ..pass.clone()
    };
    assert!(hostile.systemd_units().is_err());
    assert!(hostile.cron_entry().is_err());
    for (user, data_dir) in [
        ("0", "/var/lib/certdeck"),
        ("certdeck", "var/lib/certdeck"),
        ("certdeck", "/var/lib/certdeck\n17 * * * * root /tmp/x"),
        ("certdeck", "/var/lib/100%"),
    ] {
        let bent = certdeck::acme::system_schedule::SystemPass {
            user: user.into(),
            data_dir: data_dir.into(),
            ..hostile.clone()
        };
        assert!(bent.cron_entry().is_err(), "{user} {data_dir:?}");
        assert!(bent.systemd_units().is_err(), "{user} {data_dir:?}");
    }
    assert!(service.contains("TimeoutStartSec="), "{service}");

    // The command line shows it, and says what it carries of the passphrase.
    let data = tempfile::tempdir().unwrap();
    let shown = std::process::Command::new(env!("CARGO_BIN_EXE_certdeck"))
        .args([
            "--data-dir",
            "/var/lib/certdeck",
            "--vault-passphrase-file",
            "/etc/certdeck/vault-passphrase",
            "schedule",
            "show",
            "--service-user",
            "certdeck",
            "--system",
            "linux",
        ])
        .env("CERTDECK_CONFIG_DIR", data.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(shown.status.success(), "{text}");
    assert!(
        text.contains("/etc/systemd/system/certdeck-renew.service"),
        "{text}"
    );
    assert!(text.contains("User=certdeck"), "{text}");
}

#[test]
fn schedule_show_prints_each_systems_entry() {
    let data = tempfile::tempdir().unwrap();
    for (system, expect) in [
        ("systemd", "OnCalendar=hourly"),
        ("linux", "OnCalendar=hourly"),
        ("windows", "<Interval>PT1H</Interval>"),
        ("launchd", "<key>StartInterval</key>"),
        ("macos", "<key>StartInterval</key>"),
    ] {
        let out =
            crate::common::certdeck_in(data.path(), &["schedule", "show", "--system", system]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && text.contains(expect),
            "{system}: {text}"
        );
        assert!(text.contains("renew") && text.contains("--due"), "{text}");
        // launchd expands no `~`: every path in the agent is whole.
        assert!(!text.contains('~'), "{system}: {text}");
    }
}

/// A CA that answers every new order with `rateLimited` and `Retry-After: 120` (RFC 8555
/// §6.6). Pebble cannot be made to rate-limit, so this test server plays the documented API's
/// part: directory, nonces, and the refusal. It counts the orders it was sent.
async fn rate_limiting_ca(pebble: &Pebble, orders: Arc<std::sync::atomic::AtomicUsize>) -> u16 {
    let chain = std::fs::read(pebble.dir.path().join("cert.pem")).unwrap();
    let key_pem = std::fs::read(pebble.dir.path().join("key.pem")).unwrap();
    let decoded = certdeck::pki::decode_bytes(&key_pem, "key", &Default::default());
    let key = decoded.private_keys().next().unwrap().pkcs8_der().to_vec();
    crate::common::server::start_with(&chain, key, move |request, port| {
        use crate::common::server::Response;
        let base = format!("https://127.0.0.1:{port}");
        match (request.method.as_str(), request.path.as_str()) {
            ("GET", "/dir") => Response::new(
                "200 OK",
                serde_json::json!({
                    "newNonce": format!("{base}/nonce"),
                    "newAccount": format!("{base}/acct"),
                    "newOrder": format!("{base}/order"),
                })
                .to_string(),
            )
            .header("Content-Type", "application/json"),
            ("HEAD", "/nonce") | ("GET", "/nonce") => {
                Response::new("200 OK", "").header("Replay-Nonce", "bm9uY2U")
            }
            ("POST", "/order") => {
                orders.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                Response::new(
                    "429 Too Many Requests",
                    r#"{"type":"urn:ietf:params:acme:error:rateLimited","detail":"too many certificates already issued for example.test","status":429}"#,
                )
                .header("Content-Type", "application/problem+json")
                .header("Retry-After", "120")
                .header("Replay-Nonce", "bm9uY2U")
            }
            _ => Response::new("404 Not Found", ""),
        }
    })
    .await
}

fn a_rate_limit_is_respected_until_retry_after_and_never_looped_against(engine: Engine) {
    let lab = Lab::start_on(engine, PebbleOptions::default());
    lab.account("pebble", None).unwrap();
    let orders = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let rt = runtime();
    let port = rt.block_on(rate_limiting_ca(&lab.pebble, orders.clone()));
    // The Pebble account's key, filed at the rate-limiting CA's directory.
    lab.account_at("limited", &format!("https://127.0.0.1:{port}/dir"));
    let now = OffsetDateTime::now_utc();
    lab.node("n1", "n1.example.test", dns01("bind"));
    let mut store = lab.store();
    let mut issuer = store.issuer("n1").unwrap();
    issuer.account = "limited".into();
    store.set_issuer(&issuer).unwrap();

    let reports = lab.run(Selection::Force(vec!["n1".into()]), now);
    let report = only(&reports);
    assert_eq!(report.outcome, "failed", "{report:?}");
    assert!(
        report.detail.contains("rate-limits this account until"),
        "{report:?}"
    );
    assert_eq!(orders.load(std::sync::atomic::Ordering::SeqCst), 1);
    let until = lab
        .store()
        .acme_account("limited")
        .unwrap()
        .rate_limited_until
        .expect("the account remembers the CA's Retry-After");
    assert!(
        (100..=180).contains(&(until - now.unix_timestamp())),
        "{until}"
    );
    // Even forced, nothing is sent before then.
    let again = lab.run(Selection::Force(vec!["n1".into()]), now);
    assert_eq!(only(&again).outcome, "waiting", "{again:?}");
    assert_eq!(orders.load(std::sync::atomic::Ordering::SeqCst), 1);
}

fn a_certificate_is_revoked_at_the_ca_and_a_deactivated_account_is_refused_by_the_ca_and_here(
    engine: Engine,
) {
    let lab = Lab::start_on(engine, PebbleOptions::default());
    lab.account("pebble", None).unwrap();
    lab.node("web", "web.example.test", dns01("bind"));
    let reports = lab.force("web");
    let issued = only(&reports).certificate_id.expect("a certificate");
    let mut store = lab.store();
    let (_, cert) = store.find(&issued.to_string()).unwrap();
    let (account, credentials) = store.acme_login("pebble").unwrap();
    let rt = runtime();

    // Revoked once; the CA then refuses to revoke it again (it knows it as revoked).
    rt.block_on(async {
        let connected = client::connect(&account, &credentials).await.unwrap();
        client::revoke(&connected, cert.der(), client::Reason::KeyCompromise)
            .await
            .expect("the CA revokes the certificate");
        let again = client::revoke(&connected, cert.der(), client::Reason::KeyCompromise)
            .await
            .expect_err("a revoked certificate cannot be revoked twice");
        assert!(
            again.to_string().to_lowercase().contains("revoked"),
            "{again}"
        );
    });

    // Deactivated at the CA: the CA refuses the account's requests from then on…
    rt.block_on(async {
        client::deactivate(client::connect(&account, &credentials).await.unwrap())
            .await
            .expect("the CA deactivates the account");
        let refused = match client::connect(&account, &credentials).await {
            Err(error) => error,
            Ok(connected) => client::revoke(&connected, cert.der(), client::Reason::Superseded)
                .await
                .expect_err("a deactivated account is refused"),
        };
        assert!(
            matches!(refused, certdeck::acme::AcmeError::Refused(_)),
            "{refused:?}"
        );
    });
    // …and certdeck, once it knows, never sends it: the next renewal fails here, with the reason.
    store
        .deactivate_acme_account("pebble", OffsetDateTime::now_utc())
        .unwrap();
    let reports = lab.force("web");
    let report = only(&reports);
    assert_eq!(report.outcome, "failed");
    assert!(report.detail.contains("was deactivated"), "{report:?}");
}

/// What `certdeck renew NODE --force --dry-run` says.
fn dry_run(lab: &Lab, node: &str, now: OffsetDateTime) -> Vec<NodeReport> {
    lab.pass(
        Selection::Force(vec![node.into()]),
        now,
        lab.secrets.clone(),
        Options {
            dry_run: true,
            ..Lab::options()
        },
    )
}

fn a_setup_is_rehearsed_at_staging_before_the_nodes_ca_is_asked_and_again_when_it_changes(
    engine: Engine,
) {
    let lab = Lab::start_on(engine, PebbleOptions::default());
    // Pebble (account `pebble`) plays the staging CA; the node's own CA is one nobody serves, so any request that
    // reached it would fail as "cannot be reached".
    lab.account("pebble", None).unwrap();
    lab.account_at(
        "production",
        &format!("https://127.0.0.1:{}/dir", crate::common::free_port()),
    );
    lab.node("web", "web.example.test", dns01("bind"));
    let mut store = lab.store();
    let mut issuer = store.issuer("web").unwrap();
    issuer.account = "production".into();
    issuer.rehearse_with = Some("production".into());
    let same = store.set_issuer(&issuer).unwrap_err().to_string();
    assert!(same.contains("staging account"), "{same}");
    issuer.rehearse_with = Some("pebble".into());
    store.set_issuer(&issuer).unwrap();
    let now = OffsetDateTime::now_utc();

    // A broken setup (a wrong TSIG key) fails at the rehearsal: the node's CA is never asked.
    let mut wrong = lab.secrets.clone();
    wrong
        .tsig
        .insert("bind".into(), crate::common::acme::random_secret());
    let reports = lab.run_with(Selection::Force(vec!["web".into()]), now, wrong);
    let report = only(&reports);
    assert_eq!(report.outcome, "failed");
    assert!(
        report
            .detail
            .contains("the rehearsal at pebble failed, so production was not asked")
            && report.detail.contains("TSIG")
            && !report.detail.contains("cannot be reached"),
        "{report:?}"
    );
    assert_eq!(store.issuer("web").unwrap().state.rehearsed_at, None);

    // Set right, the rehearsal passes and only then is the node's CA asked (here: unreachable).
    // The rehearsal's certificate is thrown away, key and all.
    let reports = lab.run(Selection::Force(vec!["web".into()]), now);
    let report = only(&reports);
    assert!(
        report.detail.contains("cannot be reached") && !report.detail.contains("rehearsal"),
        "{report:?}"
    );
    assert!(store.issuer("web").unwrap().state.rehearsed_at.is_some());
    assert_eq!(store.all_certificate_der().unwrap().len(), 0);
    // A passed rehearsal holds while the setup stays: the dry run says no rehearsal comes.
    let dry = dry_run(&lab, "web", now);
    assert!(!only(&dry).detail.contains("rehearsed"), "{dry:?}");
    let mut kept = store.issuer("web").unwrap();
    kept.window = None;
    store.set_issuer(&kept).unwrap();
    assert!(store.issuer("web").unwrap().state.rehearsed_at.is_some());
    // A changed challenge is a new setup: rehearsed again. (Read again: an edit saves against
    // the version it read.)
    let mut kept = store.issuer("web").unwrap();
    kept.challenge = dns01("main");
    store.set_issuer(&kept).unwrap();
    assert_eq!(store.issuer("web").unwrap().state.rehearsed_at, None);
    let dry = dry_run(&lab, "web", now);
    assert!(
        only(&dry).detail.contains("rehearsed at pebble first"),
        "{dry:?}"
    );
}

/// In a team, the scheduled pass takes the node's push lock in the team database: while another
/// member pushes to the node, the new certificate is kept and the node untouched; the next pass
/// pushes that certificate (no second order) and the push is in the team's log.
#[test]
fn a_renewal_waits_for_another_team_members_push_and_pushes_on_the_next_pass() {
    use crate::common::postgres::{Postgres, add, newest, team};
    use certdeck::team::{Role, Team, audit};
    let (lab, node) = conf1_over_ssh(Engine::Sqlite);
    let before = files_of(&node.folder);
    let server = Postgres::start();
    // The team's connections live on this runtime for the whole test.
    let tokio = runtime();
    let (admin, pass_team, ann) = tokio.block_on(async {
        let (mut admin, identity) = team(&server).await;
        add(&mut admin, &identity, &["renewer", "ann"], Role::Operator).await;
        let pass_team = Team::open(&server.url("renewer")).await.unwrap();
        let ann = Team::open(&server.url("ann")).await.unwrap();
        ann.lock_node("conf1").await.unwrap();
        (admin, pass_team, ann)
    });
    let options = Options {
        team: Some(Arc::new(pass_team)),
        ..Lab::options()
    };
    let now = OffsetDateTime::now_utc();
    let reports = lab.pass(Selection::Due, now, lab.secrets.clone(), options.clone());
    let report = only(&reports);
    assert_eq!(report.outcome, "failed", "{report:?}");
    assert!(
        report.detail.contains("ann has been pushing to conf1")
            && report.detail.contains("kept for the next pass"),
        "{report:?}"
    );
    let kept = report.certificate_id.expect("the new certificate is kept");
    assert_eq!(files_of(&node.folder), before, "the node is untouched");

    tokio.block_on(ann.unlock_node("conf1")).unwrap();
    let later = now + time::Duration::hours(2);
    let reports = lab.pass(Selection::Due, later, lab.secrets.clone(), options);
    let report = only(&reports);
    assert_eq!(report.outcome, "pushed", "{report:?}");
    assert_eq!(report.certificate_id, Some(kept));
    let entries = tokio.block_on(admin.audit()).unwrap();
    assert_eq!(newest(&entries), ("renewer", "push", "conf1", "verified"));
    assert!(audit::verify(&entries).is_ok());
}

/// Issue 29, end to end: a server with no keychain at all — the TSIG key and the SSH node's
/// login sealed by the vault in the inventory — renewed by `renew --due` started the way the
/// system unit starts it (`CERTDECK_KEYCHAIN=none`, the passphrase from a file, nothing else);
/// then a failure (the DNS server's key rotated, certdeck's not) told through a real SMTP relay
/// and a webhook.
#[test]
fn a_server_without_a_keychain_renews_unattended_and_tells_a_failure() {
    use certdeck::push::setup::Secret;
    use certdeck::store::secrets::Place;
    let (lab, node) = conf1_over_ssh(Engine::Sqlite);
    let d = lab.data.path();
    // Sealed in the vault: there is no keychain on this "server".
    let mut store = lab.store();
    let tsig = store
        .set_secret(
            &format!("dns:{}:bind:tsig", store.id().unwrap()),
            &lab.bind.secret,
            Some(Place::Vault),
        )
        .unwrap();
    assert_eq!(tsig, Place::Vault);
    let key = node.sshd.credentials().private_key.unwrap();
    let ssh_key = Secret::SshKey.name(&store.id().unwrap(), "conf1").unwrap();
    store
        .set_secret(&ssh_key, &key, Some(Place::Vault))
        .unwrap();
    drop(store);
    let passphrase = d.join("vault-passphrase");
    std::fs::write(
        &passphrase,
        format!("{}\n", crate::common::pushing::PASSPHRASE),
    )
    .unwrap();
    // As the unit runs it.
    let unit_pass = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_certdeck"))
            .args(["--data-dir", &d.display().to_string()])
            .args(["--vault-passphrase-file", &passphrase.display().to_string()])
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("CERTDECK_KEYCHAIN", "none")
            .output()
            .unwrap()
    };
    let first = unit_pass(&["renew", "--due", "--json"]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&first.stdout),
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(first.status.code(), Some(0), "{said}\n{}", lab.pebble.log());
    let reports: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(reports[0]["outcome"], "renewed", "{reports}");
    assert!(
        std::fs::read_to_string(node.folder.join("cert.pem"))
            .unwrap()
            .contains("BEGIN CERTIFICATE")
    );

    // Channels: a real SMTP relay and a webhook.
    let relay = crate::notify::Relay::start();
    let (port, got) = crate::notify::receiver(vec![]);
    let password = d.join("relay-password");
    std::fs::write(&password, "relay-secret\n").unwrap();
    let hook = d.join("hook-url");
    std::fs::write(&hook, format!("http://127.0.0.1:{port}/certdeck\n")).unwrap();
    for args in [
        vec![
            "notify".to_string(),
            "add".into(),
            "mail".into(),
            "--smtp".into(),
            format!("127.0.0.1:{}", relay.port),
            "--from".into(),
            "certdeck@example.test".into(),
            "--to".into(),
            "pki@example.test".into(),
            "--user".into(),
            "alice".into(),
            "--password-file".into(),
            password.display().to_string(),
            "--ca-file".into(),
            relay.root.display().to_string(),
        ],
        vec![
            "notify".into(),
            "add".into(),
            "hook".into(),
            "--webhook-file".into(),
            hook.display().to_string(),
        ],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let added = unit_pass(&args);
        assert!(
            added.status.success(),
            "{}",
            String::from_utf8_lossy(&added.stderr)
        );
    }
    // The DNS server's key was rotated; certdeck's was not: the forced renewal fails.
    let rotated = d.join("rotated");
    std::fs::write(&rotated, crate::common::acme::random_secret()).unwrap();
    let changed = unit_pass(&[
        "dns",
        "set-secret",
        "bind",
        "--secret-file",
        &rotated.display().to_string(),
    ]);
    assert!(
        changed.status.success(),
        "{}",
        String::from_utf8_lossy(&changed.stderr)
    );
    let failed = unit_pass(&["renew", "conf1", "--force"]);
    assert_eq!(failed.status.code(), Some(1));
    let mails = relay.mails();
    // (The body is quoted-printable: long lines are folded.)
    assert!(
        mails.iter().any(|m| {
            m.contains("Subject: certdeck: renewal failed on conf1") && m.contains("BADKEY")
        }),
        "{mails:?}"
    );
    let told = got.lock().unwrap().clone();
    assert!(
        told.iter()
            .any(|r| r.body.contains("renewal_failed") && r.body.contains("conf1")),
        "{told:?}"
    );
}

/// Issue 29, bug 5: `--ca-root` checks an internal CA's HTTPS only, and `acme account add` says
/// so; with `--trust-issuing-root` that root is shown by its fingerprint and trusted.
#[test]
fn an_internal_cas_root_is_trusted_for_what_it_issues_only_when_asked() {
    let lab = Lab::start(PebbleOptions::default());
    let root = lab.data.path().join("ca-root.pem");
    std::fs::write(&root, &lab.pebble.https_root).unwrap();
    let directory = lab.pebble.directory();
    let run = |data: &Path, name: &str, trust: bool| {
        let mut args = vec![
            "acme",
            "account",
            "add",
            name,
            "--directory",
            directory.as_str(),
            "--contact",
            "admin@example.test",
            "--agree-terms",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
        args.extend(["--ca-root".to_string(), root.display().to_string()]);
        if trust {
            args.push("--trust-issuing-root".into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        crate::common::certdeck_in(data, &args)
    };
    let plain = tempfile::tempdir().unwrap();
    let out = run(plain.path(), "lab", false);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("checks the CA's HTTPS only"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let trusting = tempfile::tempdir().unwrap();
    let out = run(trusting.path(), "lab", true);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("trusting the issuing root") && said.contains("SHA-256"),
        "{said}"
    );
    let trusted = crate::common::certdeck_in(trusting.path(), &["trust", "list", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&trusted.stdout).unwrap();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|ca| ca["id"].is_number()),
        "the root is among the inventory's trusted CAs: {list}"
    );
}

/// Issue 29: `doctor` asks over the network, changing nothing: the DNS server answers a query
/// signed with the stored TSIG key (a rotated key fails, said as BADKEY/BADSIG, as does `dns
/// test`), and the CA still knows the account (one deactivated behind certdeck's back fails).
/// `--offline` asks no one.
#[test]
fn doctor_asks_the_dns_server_with_its_key_and_the_ca_for_its_account() {
    use certdeck::store::secrets::Place;
    let lab = Lab::start(PebbleOptions::default());
    lab.account("pebble", None).unwrap();
    lab.node("conf1", "conf1.example.test", dns01("bind"));
    let d = lab.data.path();
    let mut store = lab.store();
    let tsig_name = format!("dns:{}:bind:tsig", store.id().unwrap());
    store
        .set_secret(&tsig_name, &lab.bind.secret, Some(Place::Vault))
        .unwrap();
    drop(store);
    let run = |args: &[&str]| {
        crate::common::certdeck_in_with(d, args, crate::common::pushing::PASSPHRASE)
    };
    let checks = |args: &[&str]| -> Vec<(String, String, String)> {
        let out = run(args);
        crate::common::json_of(&out)
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().unwrap().to_string(),
                    c["verdict"].as_str().unwrap().to_string(),
                    c["detail"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let named = |all: &[(String, String, String)], name: &str| -> Vec<(String, String)> {
        all.iter()
            .filter(|c| c.0 == name)
            .map(|c| (c.1.clone(), c.2.clone()))
            .collect()
    };
    let all = checks(&["doctor", "--json"]);
    let dns = named(&all, "dns server");
    assert_eq!(dns.len(), 1, "{all:?}");
    assert_eq!(dns[0].0, "ok", "{all:?}");
    let ca = named(&all, "acme ca");
    assert_eq!(ca.len(), 1, "{all:?}");
    assert_eq!(ca[0].0, "ok", "{all:?}\n{}", lab.pebble.log());
    let tested = run(&["dns", "test", "bind"]);
    assert_eq!(tested.status.code(), Some(0), "{tested:?}");

    // The server's key was rotated, certdeck's was not.
    let rotated = d.join("rotated");
    std::fs::write(&rotated, crate::common::acme::random_secret()).unwrap();
    let changed = run(&[
        "dns",
        "set-secret",
        "bind",
        "--secret-file",
        &rotated.display().to_string(),
    ]);
    assert!(changed.status.success(), "{changed:?}");
    let all = checks(&["doctor", "--json"]);
    let dns = named(&all, "dns server");
    assert_eq!(dns[0].0, "fail", "{all:?}");
    assert!(dns[0].1.contains("BADKEY or BADSIG"), "{all:?}");
    let tested = run(&["dns", "test", "bind"]);
    assert_eq!(tested.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&tested.stderr).contains("BADKEY or BADSIG"));

    // The account is deactivated at the CA by someone else (another client with its key).
    let (account, credentials) = lab.store().acme_login("pebble").unwrap();
    runtime()
        .block_on(async {
            let connected = client::connect(&account, &credentials).await?;
            client::deactivate(connected).await
        })
        .unwrap();
    let all = checks(&["doctor", "--json"]);
    let ca = named(&all, "acme ca");
    assert_eq!(ca[0].0, "fail", "{all:?}");

    // Offline: what is stored only.
    let all = checks(&["doctor", "--json", "--offline"]);
    assert!(named(&all, "dns server").is_empty() && named(&all, "acme ca").is_empty());
    assert_eq!(named(&all, "dns keys")[0].0, "ok", "{all:?}");
}

/// Issue 29, bug 5: a CA whose issuing root is not its HTTPS root (Pebble: a random root per
/// start, published at its management `/roots/0`): `--issuing-root-url` fetches it over HTTPS
/// checked with `--ca-root` and shows its fingerprint; it is trusted only when it matches
/// `--issuing-root-sha256` (or a person at a terminal says yes) — without either, or with
/// another fingerprint, nothing is trusted and no account is made. An intermediate, or a URL
/// that is not https, is refused.
#[test]
fn an_issuing_root_published_by_the_ca_is_fetched_and_trusted_by_its_fingerprint() {
    let lab = Lab::start(PebbleOptions::default());
    let root_file = lab.data.path().join("ca-root.pem");
    std::fs::write(&root_file, &lab.pebble.https_root).unwrap();
    let directory = lab.pebble.directory();
    let add_with = |data: &Path, url: &str, fingerprint: Option<&str>| {
        let root = root_file.display().to_string();
        let mut args = vec![
            "acme",
            "account",
            "add",
            "lab",
            "--directory",
            &directory,
            "--contact",
            "admin@example.test",
            "--agree-terms",
            "--ca-root",
            &root,
            "--issuing-root-url",
            url,
        ];
        if let Some(fingerprint) = fingerprint {
            args.extend(["--issuing-root-sha256", fingerprint]);
        }
        crate::common::certdeck_in(data, &args)
    };
    let add = |data: &Path, url: &str| add_with(data, url, None);
    let nothing_kept = |data: &Path| {
        let trusted = crate::common::json_of(&crate::common::certdeck_in(
            data,
            &["trust", "list", "--json"],
        ));
        assert!(trusted.as_array().unwrap().is_empty(), "{trusted}");
        let accounts = crate::common::json_of(&crate::common::certdeck_in(
            data,
            &["acme", "account", "list", "--json"],
        ));
        assert!(accounts.as_array().unwrap().is_empty(), "{accounts}");
    };
    let expected = {
        let pem = runtime().block_on(lab.pebble.issuing_root());
        let der = certdeck::pki::pem::scan(pem.as_bytes())[0]
            .body
            .clone()
            .unwrap();
        certdeck::pki::display::colon_hex_text(&hex_sha256(&der))
    };
    let management = format!("https://127.0.0.1:{}", lab.pebble.management);
    let roots = format!("{management}/roots/0");
    // Without a terminal or the fingerprint to compare: shown, not trusted, no account.
    let data = tempfile::tempdir().unwrap();
    let out = add(data.path(), &roots);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains(&expected));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not trusted"));
    nothing_kept(data.path());
    // Another root's fingerprint: refused.
    let other = "AB".repeat(32);
    let out = add_with(data.path(), &roots, Some(&other));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not the one"));
    nothing_kept(data.path());
    // The fingerprint the CA's administrator gave: trusted.
    let out = add_with(data.path(), &roots, Some(&expected));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains(&expected),
        "the fingerprint shown: {said} (expected {expected})"
    );
    let trusted = crate::common::json_of(&crate::common::certdeck_in(
        data.path(),
        &["trust", "list", "--json"],
    ));
    assert_eq!(trusted.as_array().unwrap().len(), 1, "{trusted}");

    for (url, why) in [
        (format!("{management}/intermediates/0"), "is not a root"),
        (
            format!("http://127.0.0.1:{}/roots/0", lab.pebble.management),
            "https only",
        ),
    ] {
        let data = tempfile::tempdir().unwrap();
        let out = add(data.path(), &url);
        let told = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && told.contains(why), "{url}: {told}");
        nothing_kept(data.path());
    }
}

fn hex_sha256(der: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
