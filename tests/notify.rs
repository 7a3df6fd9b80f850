//! Issue 29: failures and warnings reach a person — mail through a real SMTP relay (aiosmtpd,
//! started here on 127.0.0.1 with STARTTLS and a login: `tests/common/smtp_server.py`) and
//! webhooks (a loopback HTTP receiver in this file that answers as told); a failing channel is
//! logged and never fails the renewal pass.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};

use certdeck::acme::{Challenge, DEFAULT_RENEW_FRACTION, KeyPolicy};
use certdeck::store::acme::{Issuer, IssuerState, NewAcmeAccount};

use crate::common::{free_port, issue, leaf_params, pem, root, ymd};

/// The command line on `data`, no keychain, the vault passphrase from a variable.
fn certdeck(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_certdeck"))
        .args(args)
        .env("CERTDECK_DATA_DIR", data)
        .env("CERTDECK_KEYCHAIN", "none")
        .env("CERTDECK_VAULT_PASSPHRASE", "vault passphrase")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// aiosmtpd on a free loopback port: STARTTLS with a certificate for 127.0.0.1 from a CA made
/// here (its PEM at `root`), AUTH for alice / relay-secret; mails land in `mails`.
pub(crate) struct Relay {
    child: Child,
    pub(crate) port: u16,
    pub(crate) root: PathBuf,
    mails: PathBuf,
    _dir: tempfile::TempDir,
}

impl Relay {
    pub(crate) fn start() -> Relay {
        let dir = tempfile::tempdir().unwrap();
        let ca = root("certdeck test mail CA");
        let mut params = leaf_params(Some("127.0.0.1"), &[], ymd(2020, 1, 1), ymd(2039, 1, 1));
        params.subject_alt_names = vec![rcgen::SanType::IpAddress(std::net::IpAddr::from([
            127, 0, 0, 1,
        ]))];
        let (der, key) = issue(&params, &ca);
        let (cert, key_file, root) = (
            dir.path().join("relay.pem"),
            dir.path().join("relay.key"),
            dir.path().join("root.pem"),
        );
        std::fs::write(&cert, pem("CERTIFICATE", &der)).unwrap();
        std::fs::write(&key_file, key.serialize_pem()).unwrap();
        std::fs::write(&root, pem("CERTIFICATE", &ca.der)).unwrap();
        let mails = dir.path().join("mails");
        std::fs::create_dir(&mails).unwrap();
        let port = free_port();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/common/smtp_server.py");
        let mut child = Command::new(python_with_aiosmtpd())
            .arg(&script)
            .arg(port.to_string())
            .arg(&mails)
            .arg(&cert)
            .arg(&key_file)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 runs (with aiosmtpd: apt-get install python3-aiosmtpd)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP relay did not start");
        Relay {
            child,
            port,
            root,
            mails,
            _dir: dir,
        }
    }

    pub(crate) fn mails(&self) -> Vec<String> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&self.mails)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        found.sort();
        found
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    }
}

impl Drop for Relay {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A Python that has aiosmtpd: Debian's (`python3-aiosmtpd`, what `.ci/run` installs) even
/// when another `python3` comes first on the PATH (pyenv), else the PATH's.
fn python_with_aiosmtpd() -> &'static str {
    ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|python| {
            Command::new(python)
                .args(["-c", "import aiosmtpd"])
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .expect("aiosmtpd is not installed: apt-get install python3-aiosmtpd")
}

/// One request as the receiver saw it.
#[derive(Clone, Debug)]
pub(crate) struct Received {
    pub(crate) path: String,
    pub(crate) headers: String,
    pub(crate) body: String,
}

/// A loopback HTTP receiver answering each request with the next status of `statuses` (then
/// 200), recording what it got.
pub(crate) fn receiver(statuses: Vec<u16>) -> (u16, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let got: Arc<Mutex<Vec<Received>>> = Arc::default();
    let record = got.clone();
    std::thread::spawn(move || {
        let mut statuses = statuses.into_iter();
        for socket in listener.incoming() {
            let Ok(mut socket) = socket else { continue };
            let mut reader = BufReader::new(socket.try_clone().unwrap());
            let mut head = String::new();
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                head.push_str(&line);
                line.clear();
            }
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                })
                .unwrap_or(0);
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let path = head.split_whitespace().nth(1).unwrap_or("").to_string();
            record.lock().unwrap().push(Received {
                path,
                headers: head,
                body: String::from_utf8_lossy(&body).into_owned(),
            });
            let status = statuses.next().unwrap_or(200);
            let _ = socket.write_all(
                format!("HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            );
        }
    });
    (port, got)
}

#[test]
fn mail_goes_through_a_real_relay_with_starttls_and_a_login() {
    let relay = Relay::start();
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let password = d.join("relay-password");
    std::fs::write(&password, "relay-secret\n").unwrap();
    let add = |name: &str, password: &Path| {
        certdeck(
            d,
            &[
                "notify",
                "add",
                name,
                "--smtp",
                &format!("127.0.0.1:{}", relay.port),
                "--from",
                "certdeck@example.test",
                "--to",
                "pki-team@example.test",
                "--user",
                "alice",
                "--password-file",
                &password.display().to_string(),
                "--ca-file",
                &relay.root.display().to_string(),
            ],
        )
    };
    let added = add("mail", &password);
    assert!(added.status.success(), "{}", text(&added));
    let tested = certdeck(d, &["notify", "test"]);
    assert!(tested.status.success(), "{}", text(&tested));
    let mails = relay.mails();
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].contains("Subject: certdeck: test notice"),
        "{}",
        mails[0]
    );
    assert!(
        mails[0].contains("To: pki-team@example.test"),
        "{}",
        mails[0]
    );
    // The password is kept sealed (no keychain here), never listed.
    let listed = text(&certdeck(d, &["notify", "list"]));
    assert!(!listed.contains("relay-secret"), "{listed}");
    let secrets = text(&certdeck(d, &["secrets", "list"]));
    assert!(secrets.contains("vault"), "{secrets}");

    // A wrong password: not delivered, said, logged, nothing sent.
    let wrong = d.join("wrong");
    std::fs::write(&wrong, "not-it\n").unwrap();
    assert!(certdeck(d, &["notify", "remove", "mail"]).status.success());
    assert!(add("mail", &wrong).status.success());
    let refused = certdeck(d, &["notify", "test", "mail"]);
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("NOT delivered"),
        "{}",
        text(&refused)
    );
    assert_eq!(relay.mails().len(), 1);
    let log: serde_json::Value =
        serde_json::from_slice(&certdeck(d, &["notify", "log", "--json"]).stdout).unwrap();
    assert!(
        log[0]["result"].as_str().unwrap().starts_with("failed"),
        "{log}"
    );
    assert_eq!(log[1]["result"], "delivered");
}

#[test]
fn a_webhook_is_retried_shaped_for_its_receiver_and_its_secret_path_kept() {
    let (port, got) = receiver(vec![503]);
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let url_file = d.join("hook-url");
    std::fs::write(
        &url_file,
        format!("http://127.0.0.1:{port}/services/T000/B000/s3cr3t-path\n"),
    )
    .unwrap();
    let added = certdeck(
        d,
        &[
            "notify",
            "add",
            "chat",
            "--webhook-file",
            &url_file.display().to_string(),
            "--format",
            "slack",
        ],
    );
    assert!(added.status.success(), "{}", text(&added));
    assert!(!text(&added).contains("s3cr3t"), "{}", text(&added));
    let tested = certdeck(d, &["notify", "test"]);
    assert!(tested.status.success(), "{}", text(&tested));
    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "one 503, then delivered: {got:?}");
    assert_eq!(got[1].path, "/services/T000/B000/s3cr3t-path");
    let body: serde_json::Value = serde_json::from_str(&got[1].body).unwrap();
    assert!(
        body["text"].as_str().unwrap().starts_with("*test notice*"),
        "{body}"
    );
    assert!(!text(&certdeck(d, &["notify", "list"])).contains("s3cr3t"));
    // A remote plain-http webhook would carry its secret in clear: refused.
    std::fs::write(&url_file, "http://hooks.example.com/s3cr3t\n").unwrap();
    let refused = certdeck(
        d,
        &[
            "notify",
            "add",
            "remote",
            "--webhook-file",
            &url_file.display().to_string(),
        ],
    );
    assert!(!refused.status.success());
    assert!(text(&refused).contains("https only"), "{}", text(&refused));
}

/// A renewal that fails is told (JSON webhook) with the reason; a channel that cannot be
/// reached (a closed port) is said and logged, and the pass's own result is unchanged.
#[test]
fn a_failed_renewal_is_told_and_a_failing_channel_never_fails_the_pass() {
    let (port, got) = receiver(vec![]);
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let url_file = d.join("hook-url");
    std::fs::write(&url_file, format!("http://127.0.0.1:{port}/certdeck\n")).unwrap();
    assert!(
        certdeck(
            d,
            &[
                "notify",
                "add",
                "hook",
                "--webhook-file",
                &url_file.display().to_string()
            ]
        )
        .status
        .success()
    );
    let closed = free_port();
    let dead = certdeck(
        d,
        &[
            "notify",
            "add",
            "dead-mail",
            "--smtp",
            &format!("127.0.0.1:{closed}"),
            "--no-tls",
            "--from",
            "certdeck@example.test",
            "--to",
            "ops@example.test",
        ],
    );
    assert!(dead.status.success(), "{}", text(&dead));
    // A node whose CA cannot be reached: its renewal fails.
    let options = certdeck::store::VaultOptions {
        passphrase: Some(zeroize::Zeroizing::new("vault passphrase".into())),
        keychain: false,
    };
    let mut store = certdeck::store::Inventory::open(d, options).unwrap();
    let at = crate::common::fixture_time();
    store
        .add_node("sip1", "sip1.example.com", &[], "server", at)
        .unwrap();
    let gone = free_port();
    store
        .add_acme_account(
            &NewAcmeAccount {
                name: "lab",
                directory_url: &format!("https://127.0.0.1:{gone}/dir"),
                contact: &[],
                account_url: &format!("https://127.0.0.1:{gone}/my-account/1"),
                credentials: b"{}",
                ca_root_pem: None,
                eab_kid: None,
            },
            at,
        )
        .unwrap();
    store
        .set_issuer(&Issuer {
            node: "sip1".into(),
            account: "lab".into(),
            challenge: Challenge::Http01Listen {
                listen: format!("127.0.0.1:{}", free_port()),
            },
            profile: None,
            key_policy: KeyPolicy::New,
            key_type: "p256".into(),
            csr_id: None,
            window: None,
            renew_fraction: DEFAULT_RENEW_FRACTION,
            rehearse_with: None,
            state: IssuerState::default(),
        })
        .unwrap();
    drop(store);
    let pass = certdeck(d, &["renew", "--due"]);
    assert_eq!(pass.status.code(), Some(1), "{}", text(&pass));
    assert!(
        text(&pass).contains("notification channel dead-mail did not take"),
        "{}",
        text(&pass)
    );
    let got = got.lock().unwrap().clone();
    let told: Vec<serde_json::Value> = got
        .iter()
        .map(|r| serde_json::from_str(&r.body).unwrap())
        .collect();
    let failure = told
        .iter()
        .find(|n| n["kind"] == "renewal_failed" || n["kind"] == "push_failed")
        .unwrap_or_else(|| panic!("no failure told: {told:?}"));
    assert_eq!(failure["node"], "sip1");
    assert!(failure["title"].as_str().unwrap().contains("sip1"));
    assert!(
        got[0].headers.contains("application/json"),
        "{}",
        got[0].headers
    );
    // The weekly digest went out with this first scheduled pass, and not again with the next.
    assert!(told.iter().any(|n| n["kind"] == "digest"), "{told:?}");
    let log: serde_json::Value =
        serde_json::from_slice(&certdeck(d, &["notify", "log", "--json"]).stdout).unwrap();
    let lines = log.as_array().unwrap();
    assert!(lines.iter().any(
        |l| l["channel"] == "dead-mail" && l["result"].as_str().unwrap().starts_with("failed")
    ));
    assert!(
        lines
            .iter()
            .any(|l| l["channel"] == "hook" && l["result"] == "delivered")
    );
}

/// The channels and the window's desktop notifications each keep their own record of what was
/// told: one never makes the other tell an alarm again (or forget it).
#[test]
fn the_channels_and_the_desktop_remember_what_they_told_apart() {
    use certdeck::store::report::{AlarmEntry, AlarmKind};
    let data = tempfile::tempdir().unwrap();
    let mut store = certdeck::store::Inventory::open(
        data.path(),
        certdeck::store::VaultOptions {
            passphrase: Some(zeroize::Zeroizing::new("vault passphrase".into())),
            keychain: false,
        },
    )
    .unwrap();
    let now = crate::common::fixture_time();
    let drift = AlarmEntry {
        kind: AlarmKind::Drift,
        subject: "sip1".into(),
        certificate_id: None,
        node: Some("sip1".into()),
        endpoint: Some("sip1.example.com:5061".into()),
        message: "sip1.example.com:5061 serves another certificate".into(),
    };
    let alarms = std::slice::from_ref(&drift);
    let fresh = store.alarms_to_tell(alarms).unwrap();
    assert_eq!(fresh.len(), 1);
    // Nothing is recorded until a channel took it.
    assert_eq!(store.alarms_to_tell(alarms).unwrap().len(), 1);
    store.mark_told(alarms, &fresh, now).unwrap();
    assert_eq!(store.alarms_to_tell(alarms).unwrap().len(), 0, "told once");
    // The desktop's own record: the alarm is new to it, and its pass does not touch the
    // channels' record.
    assert_eq!(store.fresh_alarms(alarms, now).unwrap().len(), 1);
    assert_eq!(store.fresh_alarms(&[], now).unwrap().len(), 0);
    assert_eq!(store.alarms_to_tell(alarms).unwrap().len(), 0);
    assert!(store.digest_due(now).unwrap());
    store.mark_digest(now).unwrap();
    assert!(!store.digest_due(now + time::Duration::days(6)).unwrap());
    assert!(store.digest_due(now + time::Duration::days(7)).unwrap());
    // The alarm ended, then came back: told again.
    store.mark_told(&[], &[], now).unwrap();
    assert_eq!(store.alarms_to_tell(alarms).unwrap().len(), 1);
}

/// Issue 29: `certdeck doctor` says whether this machine can renew unattended, as checks with
/// an exit status for monitoring.
#[test]
fn doctor_says_what_stops_an_unattended_pass() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let ok = |args: &[&str]| {
        let out = certdeck(d, args);
        assert!(out.status.success(), "{args:?}: {}", text(&out));
    };
    ok(&["node", "add", "conf1", "--fqdn", "conf1.example.com"]);
    ok(&[
        "node",
        "configure",
        "conf1",
        "--driver",
        "ssh",
        "--ssh-user",
        "root",
        "--cert-path",
        "/etc/ssl/conf1.pem",
        "--key-path",
        "/etc/ssl/conf1.key",
    ]);
    let doctor = |d: &Path| {
        let out = certdeck(d, &["doctor", "--json"]);
        let checks: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code(), checks)
    };
    let (code, checks) = doctor(d);
    assert_eq!(code, Some(2), "{checks}");
    let verdict = |checks: &serde_json::Value, name: &str| -> Vec<String> {
        checks
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["name"] == name)
            .map(|c| c["verdict"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(verdict(&checks, "vault"), ["ok"]);
    assert_eq!(verdict(&checks, "node pins"), ["fail"], "{checks}");
    assert_eq!(verdict(&checks, "node secrets"), ["warn"], "{checks}");
    assert_eq!(verdict(&checks, "notifications"), ["warn"], "{checks}");
    // A channel that delivered: heard.
    let (port, _) = receiver(vec![]);
    let url_file = d.join("hook-url");
    std::fs::write(&url_file, format!("http://127.0.0.1:{port}/certdeck\n")).unwrap();
    ok(&[
        "notify",
        "add",
        "hook",
        "--webhook-file",
        &url_file.display().to_string(),
    ]);
    ok(&["notify", "test"]);
    let (_, checks) = doctor(d);
    assert_eq!(verdict(&checks, "notifications"), ["ok"], "{checks}");
    // A vault that does not open: fail.
    let out = Command::new(env!("CARGO_BIN_EXE_certdeck"))
        .args(["doctor"])
        .env("CERTDECK_DATA_DIR", d)
        .env("CERTDECK_KEYCHAIN", "none")
        .env("CERTDECK_VAULT_PASSPHRASE", "not the passphrase")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("FAIL vault"), "{}", text(&out));
}
