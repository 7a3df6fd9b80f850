//! The SSH/SFTP driver against OpenSSH `sshd`, started by the test on a free loopback port with
//! generated host and client keys (needs `openssh-server`, installed by .ci/run, and root to
//! run sshd with its own configuration). Every push goes through the core's orchestration with a
//! journal; the node's folder is compared byte for byte (content and mode) after each failure.

use crate::common;

use common::pushing::{bundle, closed_endpoint, job, push_one, quick, snapshot};
use common::sshd::{Sshd, keygen, whoami};
use common::{fixture_time, runtime};

use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use certdeck::push::ssh::{HostKeyPin, SshCredentials, SshSettings};
use certdeck::push::{Bundle, Driver, PushResult};
use zeroize::Zeroizing;

/// The tests' usual sshd: key logins only.
impl Sshd {
    fn start_keys() -> Self {
        Self::start(false, "")
    }

    /// Settings for files in `folder` (inside the test's folder).
    fn settings_in(&self, folder: &str, reload: Option<String>) -> SshSettings {
        let dir = self.dir.path().join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        SshSettings {
            host: "127.0.0.1".into(),
            port: self.port,
            user: whoami(),
            certificate_path: dir.join("server.crt").display().to_string(),
            key_path: Some(dir.join("server.key").display().to_string()),
            trusted_ca_path: Some(dir.join("trusted.pem").display().to_string()),
            crl_path: Some(dir.join("lab.crl").display().to_string()),
            reload,
        }
    }

    fn settings(&self, reload: Option<String>) -> SshSettings {
        self.settings_in("remote", reload)
    }

    fn driver(&self, settings: SshSettings) -> Driver {
        Driver::of(certdeck::push::ssh::SshDriver {
            settings,
            pin: HostKeyPin(Some(self.fingerprint())),
            credentials: self.credentials(),
        })
    }
}

fn data() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// A node folder as an administrator has it: live certificate, key (0600) and trust list, a
/// leftover from an older tool, and a file that has nothing to do with certificates.
fn live_node(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("server.crt"), "OLD CERT\n").unwrap();
    std::fs::write(dir.join("server.key"), "OLD KEY\n").unwrap();
    std::fs::write(dir.join("trusted.pem"), "OLD CAS\n").unwrap();
    std::fs::write(dir.join("lab.crl"), "OLD CRL\n").unwrap();
    std::fs::write(dir.join("server.key.certdeck-previous"), "STALE KEY\n").unwrap();
    std::fs::write(dir.join("nginx.conf"), "server {}\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            dir.join("server.key"),
            std::fs::Permissions::from_mode(0o600),
        )
        .unwrap();
    }
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn first_contact_shows_the_host_key_and_sends_nothing() {
    let sshd = Sshd::start_keys();
    let driver = Driver::of(certdeck::push::ssh::SshDriver {
        settings: sshd.settings(None),
        pin: HostKeyPin(None),
        credentials: sshd.credentials(),
    });
    let outcome = push_one(
        data().path(),
        job("node1", driver, bundle("NEW"), Vec::new()),
        quick(),
    );
    assert_eq!(outcome.result, PushResult::Failed);
    assert!(
        outcome.detail.contains(&sshd.fingerprint())
            && outcome.detail.contains("nothing was changed"),
        "{}",
        outcome.detail
    );
    assert!(!sshd.remote("server.crt").exists());
}

#[test]
fn upload_replaces_atomically_protects_the_key_keeps_the_previous_content_and_reloads() {
    let sshd = Sshd::start_keys();
    let marker = sshd.dir.path().join("reloaded");
    let settings = sshd.settings(Some(format!("echo reloaded >> {}", marker.display())));
    live_node(&sshd.dir.path().join("remote"));
    let data = data();

    let outcome = push_one(
        data.path(),
        job(
            "node1",
            sshd.driver(settings.clone()),
            bundle("NEW"),
            Vec::new(),
        ),
        quick(),
    );
    assert_eq!(outcome.result, PushResult::Applied, "{}", outcome.detail);
    assert!(
        outcome.detail.contains("exited with status 0"),
        "{}",
        outcome.detail
    );
    let read = |name: &str| std::fs::read_to_string(sshd.remote(name)).unwrap();
    assert_eq!(read("server.crt"), "NEW CERT\nCHAIN\n");
    assert_eq!(read("server.key"), "NEW KEY\n");
    assert_eq!(read("trusted.pem"), "NEW CAS\n");
    assert_eq!(mode(&sshd.remote("server.key")), 0o600);
    assert_eq!(mode(&sshd.remote("server.crt")), 0o644);
    // The previous content, under names carrying the push id; the stale file is not touched.
    let journal = common::pushing::inventory(data.path())
        .journal_recent(1)
        .unwrap();
    let id = journal[0].id;
    assert_eq!(read(&format!("server.crt.certdeck-{id}")), "OLD CERT\n");
    assert_eq!(read(&format!("server.key.certdeck-{id}")), "OLD KEY\n");
    assert_eq!(
        mode(&sshd.remote(&format!("server.key.certdeck-{id}"))),
        0o600
    );
    assert_eq!(read("server.key.certdeck-previous"), "STALE KEY\n");
    assert_eq!(read("nginx.conf"), "server {}\n");
    let leftovers: Vec<_> = std::fs::read_dir(sshd.dir.path().join("remote"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".certdeck-new"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), "reloaded\n");

    // A second push supersedes the first one's copies: only the newest push's copies remain.
    let outcome = push_one(
        data.path(),
        job("node1", sshd.driver(settings), bundle("NEWER"), Vec::new()),
        quick(),
    );
    assert_eq!(outcome.result, PushResult::Applied, "{}", outcome.detail);
    let second = common::pushing::inventory(data.path())
        .journal_recent(1)
        .unwrap()[0]
        .id;
    assert!(!sshd.remote(&format!("server.crt.certdeck-{id}")).exists());
    assert_eq!(
        read(&format!("server.crt.certdeck-{second}")),
        "NEW CERT\nCHAIN\n"
    );
}

/// Where a push is made to fail.
#[derive(Clone, Copy, Debug)]
enum Failure {
    /// The certificate's folder does not exist (a typo in the path): the first upload fails.
    First,
    /// The key's folder does not exist: the middle upload fails.
    Middle,
    /// The trust list's folder does not exist: the upload before the last fails.
    BeforeLast,
    /// The CRL's folder does not exist: the last upload fails.
    Last,
    /// Every upload works; the reload command fails.
    Reload,
    /// Everything works; the endpoint never serves the certificate.
    Verification,
}

const FAILURES: [Failure; 6] = [
    Failure::First,
    Failure::Middle,
    Failure::BeforeLast,
    Failure::Last,
    Failure::Reload,
    Failure::Verification,
];

fn failing_settings(sshd: &Sshd, folder: &str, failure: Failure) -> SshSettings {
    let missing = |name: &str| {
        sshd.dir
            .path()
            .join(folder)
            .join("no-such-folder")
            .join(name)
            .display()
            .to_string()
    };
    let mut settings = sshd.settings_in(folder, Some("true".into()));
    match failure {
        Failure::First => settings.certificate_path = missing("server.crt"),
        Failure::Middle => settings.key_path = Some(missing("server.key")),
        Failure::BeforeLast => settings.trusted_ca_path = Some(missing("trusted.pem")),
        Failure::Last => settings.crl_path = Some(missing("lab.crl")),
        Failure::Reload => settings.reload = Some("echo no such service >&2; exit 3".into()),
        Failure::Verification => {}
    }
    settings
}

#[test]
fn a_failure_at_any_step_leaves_the_node_byte_for_byte_as_it_was() {
    let sshd = Sshd::start_keys();
    for failure in FAILURES {
        let folder = format!("{failure:?}");
        let dir = sshd.dir.path().join(&folder);
        live_node(&dir);
        let before = snapshot(&dir);
        let endpoints = match failure {
            Failure::Verification => vec![closed_endpoint()],
            _ => Vec::new(),
        };
        let settings = failing_settings(&sshd, &folder, failure);
        let outcome = push_one(
            data().path(),
            job("node1", sshd.driver(settings), bundle("NEW"), endpoints),
            quick(),
        );
        let expected = match failure {
            Failure::Verification => PushResult::RolledBack,
            _ => PushResult::Failed,
        };
        assert_eq!(outcome.result, expected, "{failure:?}: {}", outcome.detail);
        assert!(
            outcome.detail.contains("rolled back"),
            "{failure:?}: {}",
            outcome.detail
        );
        assert!(
            !outcome.detail.contains(": No such file: No such file"),
            "the error is said once: {}",
            outcome.detail
        );
        assert_eq!(snapshot(&dir), before, "{failure:?}: {}", outcome.detail);
        if matches!(failure, Failure::Reload) {
            assert!(
                outcome.detail.contains("exited with status 3")
                    && outcome.detail.contains("no such service"),
                "{}",
                outcome.detail
            );
        }
    }
}

#[test]
fn a_push_killed_at_any_moment_is_rolled_back_to_the_exact_previous_files() {
    use certdeck::push::journal::Journal;
    let sshd = Sshd::start_keys();
    let rt = runtime();
    // The push is dropped (as a killed process stops) after more and more time: before the login,
    // between uploads, during the reload; then the journal is resumed with a rollback.
    for (round, after_ms) in [0u64, 5, 15, 30, 60, 100, 200, 400, 800]
        .into_iter()
        .enumerate()
    {
        let folder = format!("killed-{round}");
        let dir = sshd.dir.path().join(&folder);
        live_node(&dir);
        let before = snapshot(&dir);
        let settings = sshd.settings_in(&folder, Some("sleep 0.3".into()));
        let driver = sshd.driver(settings);
        let data = data();
        let journal = Journal::new(common::pushing::inventory(data.path()));
        let context = certdeck::push::journal::Context {
            node: "node1".into(),
            driver: "ssh",
            what: "certificate test".into(),
            who: "test".into(),
            now: fixture_time(),
        };
        let the_bundle = bundle("NEW");
        let _ = rt.block_on(async {
            tokio::time::timeout(Duration::from_millis(after_ms), async {
                let mut session = driver.connect().await?;
                session
                    .apply(&the_bundle, &journal, &context)
                    .await
                    .map_err(|failed| failed.error)
            })
            .await
        });
        // Every live file holds its old or its new content at this point, never anything else.
        for (name, old, new) in [
            ("server.crt", "OLD CERT\n", "NEW CERT\nCHAIN\n"),
            ("server.key", "OLD KEY\n", "NEW KEY\n"),
            ("trusted.pem", "OLD CAS\n", "NEW CAS\n"),
        ] {
            let now = std::fs::read_to_string(dir.join(name)).unwrap();
            assert!(
                now == old || now == new,
                "{after_ms} ms: {name} holds {now:?}"
            );
        }
        let unfinished = journal
            .with(|store| store.journal_unfinished())
            .unwrap()
            .into_iter()
            .map(|push| certdeck::push::resume::Unfinished {
                push,
                driver: Ok(driver.clone()),
            })
            .collect();
        let resumed = rt.block_on(certdeck::push::resume::resume(
            journal,
            unfinished,
            certdeck::push::resume::Resume::Rollback,
            "test".into(),
            fixture_time(),
        ));
        for outcome in &resumed {
            assert_eq!(
                outcome.result,
                PushResult::RolledBack,
                "{after_ms} ms: {}",
                outcome.detail
            );
        }
        assert_eq!(snapshot(&dir), before, "{after_ms} ms: {resumed:?}");
    }
}

#[test]
fn a_connection_cut_mid_push_is_rolled_back_over_a_new_one() {
    use common::proxy;
    let sshd = Sshd::start_keys();
    let through = |port: u16, folder: &str| {
        let mut settings = sshd.settings_in(folder, Some("true".into()));
        settings.port = port;
        sshd.driver(settings)
    };
    // A whole push, counted: how many bytes the client sends.
    let measuring = proxy::start(sshd.port, None);
    live_node(&sshd.dir.path().join("measured"));
    let outcome = push_one(
        data().path(),
        job(
            "node1",
            through(measuring.port, "measured"),
            bundle("NEW"),
            Vec::new(),
        ),
        quick(),
    );
    assert_eq!(outcome.result, PushResult::Applied, "{}", outcome.detail);
    let total = measuring.sent.load(std::sync::atomic::Ordering::Relaxed);
    assert!(total > 1000, "{total} bytes");
    // Then the connection is cut at points spread over the push: during the login, between
    // and inside the uploads, before the reload.
    for eighth in 1..8 {
        let cut = total * eighth / 8;
        let folder = format!("cut-{eighth}");
        let dir = sshd.dir.path().join(&folder);
        live_node(&dir);
        let before = snapshot(&dir);
        let cutting = proxy::start(sshd.port, Some(cut));
        let outcome = push_one(
            data().path(),
            job(
                "node1",
                through(cutting.port, &folder),
                bundle("NEW"),
                Vec::new(),
            ),
            quick(),
        );
        eprintln!(
            "cut after {cut} of {total} bytes: {:?}: {}",
            outcome.result, outcome.detail
        );
        match outcome.result {
            PushResult::Failed => assert_eq!(
                snapshot(&dir),
                before,
                "cut after {cut} of {total} bytes: {}",
                outcome.detail
            ),
            // Cut after the last request was answered: the push is whole.
            PushResult::Applied => assert_eq!(
                std::fs::read_to_string(dir.join("server.key")).unwrap(),
                "NEW KEY\n",
                "cut after {cut} of {total} bytes"
            ),
            other => panic!(
                "cut after {cut} of {total} bytes: {other:?} {}",
                outcome.detail
            ),
        }
    }
}

#[test]
fn the_key_is_never_readable_by_others_during_a_push() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let sshd = Sshd::start_keys();
    let dir = sshd.dir.path().join("remote");
    live_node(&dir);
    let stop = Arc::new(AtomicBool::new(false));
    let seen = {
        let (dir, stop) = (dir.clone(), stop.clone());
        // Watches every key file (live, temporary, copies) as fast as it can during the pushes.
        std::thread::spawn(move || {
            let mut wrong = Vec::new();
            let mut looks = 0u64;
            while !stop.load(Ordering::Relaxed) {
                for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.starts_with("server.key")
                        && name != "server.key.certdeck-previous"
                        && let Ok(meta) = entry.metadata()
                    {
                        use std::os::unix::fs::PermissionsExt;
                        looks += 1;
                        let mode = meta.permissions().mode() & 0o777;
                        if mode != 0o600 {
                            wrong.push(format!("{name} {mode:o}"));
                        }
                    }
                }
            }
            (wrong, looks)
        })
    };
    let data = data();
    for round in 0..10 {
        let outcome = push_one(
            data.path(),
            job(
                "node1",
                sshd.driver(sshd.settings(None)),
                bundle(&format!("ROUND{round}")),
                Vec::new(),
            ),
            quick(),
        );
        assert_eq!(outcome.result, PushResult::Applied, "{}", outcome.detail);
    }
    stop.store(true, Ordering::Relaxed);
    let (wrong, looks) = seen.join().unwrap();
    assert!(looks > 0, "the watcher saw the key files");
    assert!(wrong.is_empty(), "a key file with another mode: {wrong:?}");
}

#[test]
fn a_changed_host_key_is_refused() {
    let sshd = Sshd::start_keys();
    let driver = Driver::of(certdeck::push::ssh::SshDriver {
        settings: sshd.settings(None),
        pin: HostKeyPin(Some(
            "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into(),
        )),
        credentials: sshd.credentials(),
    });
    let outcome = push_one(
        data().path(),
        job("node1", driver, bundle("NEW"), Vec::new()),
        quick(),
    );
    assert!(outcome.detail.contains("CHANGED"), "{}", outcome.detail);
    assert!(!sshd.remote("server.crt").exists());
}

#[test]
fn a_wrong_key_is_an_authentication_failure() {
    let sshd = Sshd::start_keys();
    let other = tempfile::tempdir().unwrap();
    keygen(&other.path().join("k"));
    let driver = Driver::of(certdeck::push::ssh::SshDriver {
        settings: sshd.settings(None),
        pin: HostKeyPin(Some(sshd.fingerprint())),
        credentials: SshCredentials {
            password: None,
            private_key: Some(Zeroizing::new(
                std::fs::read_to_string(other.path().join("k")).unwrap(),
            )),
        },
    });
    let outcome = push_one(
        data().path(),
        job("node1", driver, bundle("NEW"), Vec::new()),
        quick(),
    );
    assert!(
        outcome
            .detail
            .contains("authentication failed: the key was refused"),
        "{}",
        outcome.detail
    );
}

#[test]
fn an_unreachable_node_is_a_clear_error_quickly() {
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let driver = Driver::of(certdeck::push::ssh::SshDriver {
        settings: SshSettings {
            host: "127.0.0.1".into(),
            port: closed,
            user: "root".into(),
            certificate_path: "/tmp/x.crt".into(),
            key_path: None,
            trusted_ca_path: None,
            crl_path: None,
            reload: None,
        },
        pin: HostKeyPin(Some("SHA256:x".into())),
        credentials: SshCredentials::default(),
    });
    let started = Instant::now();
    let outcome = push_one(
        data().path(),
        job("node1", driver, bundle("NEW"), Vec::new()),
        quick(),
    );
    assert!(
        outcome.detail.contains(&format!("127.0.0.1:{closed}")),
        "{}",
        outcome.detail
    );
    assert!(started.elapsed() < Duration::from_secs(25));
}

/// A local account with a password, for password logins (created once, on the test machine).
const PASSWORD_USER: &str = "certdeck-ssh-test";
const PASSWORD_USER_PASSWORD: &str = "certdeck-Test-pw1";

fn password_user() {
    let exists = Command::new("id")
        .arg(PASSWORD_USER)
        .output()
        .is_ok_and(|o| o.status.success());
    if !exists {
        let made = Command::new("useradd")
            .args(["--create-home", "--shell", "/bin/sh", PASSWORD_USER])
            .status()
            .expect("useradd");
        assert!(
            made.success(),
            "useradd needs root (the tests run sshd as root)"
        );
    }
    let mut chpasswd = Command::new("chpasswd")
        .stdin(Stdio::piped())
        .spawn()
        .expect("chpasswd");
    use std::io::Write;
    chpasswd
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PASSWORD_USER}:{PASSWORD_USER_PASSWORD}\n").as_bytes())
        .unwrap();
    assert!(chpasswd.wait().unwrap().success());
}

#[test]
fn password_login_uploads_too_and_a_wrong_password_is_tried_once() {
    password_user();
    let sshd = Sshd::start(true, "");
    // A folder the account may write to.
    let remote = tempfile::tempdir().unwrap();
    let owner = Command::new("id")
        .args(["-u", PASSWORD_USER])
        .output()
        .unwrap();
    let uid: u32 = String::from_utf8(owner.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    std::os::unix::fs::chown(remote.path(), Some(uid), None).unwrap();
    let settings = SshSettings {
        host: "127.0.0.1".into(),
        port: sshd.port,
        user: PASSWORD_USER.into(),
        certificate_path: remote.path().join("server.crt").display().to_string(),
        key_path: None,
        trusted_ca_path: None,
        crl_path: None,
        reload: Some("id -un".into()),
    };
    let with_password = |password: &str| {
        Driver::of(certdeck::push::ssh::SshDriver {
            settings: settings.clone(),
            pin: HostKeyPin(Some(sshd.fingerprint())),
            credentials: SshCredentials {
                password: Some(Zeroizing::new(password.into())),
                private_key: None,
            },
        })
    };
    let data = data();
    let outcome = push_one(
        data.path(),
        job(
            "node1",
            with_password(PASSWORD_USER_PASSWORD),
            bundle("NEW"),
            Vec::new(),
        ),
        quick(),
    );
    assert_eq!(outcome.result, PushResult::Applied, "{}", outcome.detail);
    assert_eq!(
        std::fs::read_to_string(remote.path().join("server.crt")).unwrap(),
        "NEW CERT\nCHAIN\n"
    );
    // A folder the account may read but not write (root's): refused at the first upload,
    // nothing changed, the refusal said once.
    let locked = sshd.dir.path().join("locked");
    live_node(&locked);
    let before = snapshot(&locked);
    let mut refused_settings = settings.clone();
    refused_settings.certificate_path = locked.join("server.crt").display().to_string();
    refused_settings.key_path = Some(locked.join("server.key").display().to_string());
    refused_settings.trusted_ca_path = Some(locked.join("trusted.pem").display().to_string());
    let outcome = push_one(
        data.path(),
        job(
            "node1",
            Driver::of(certdeck::push::ssh::SshDriver {
                settings: refused_settings,
                pin: HostKeyPin(Some(sshd.fingerprint())),
                credentials: SshCredentials {
                    password: Some(Zeroizing::new(PASSWORD_USER_PASSWORD.into())),
                    private_key: None,
                },
            }),
            bundle("NEW"),
            Vec::new(),
        ),
        quick(),
    );
    assert_eq!(outcome.result, PushResult::Failed, "{}", outcome.detail);
    assert_eq!(
        outcome.detail.matches("Permission denied").count(),
        1,
        "{}",
        outcome.detail
    );
    assert_eq!(snapshot(&locked), before, "{}", outcome.detail);

    let failed_before = sshd.log().matches("Failed password").count();
    let outcome = push_one(
        data.path(),
        job("node1", with_password("wrong"), bundle("NEWER"), Vec::new()),
        quick(),
    );
    assert!(
        outcome
            .detail
            .contains("authentication failed: the password was refused")
            && outcome.detail.contains("nothing was changed"),
        "{}",
        outcome.detail
    );
    // One login attempt: nothing changed, so no rollback login (lockout policies count each).
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        sshd.log().matches("Failed password").count() - failed_before,
        1,
        "{}",
        sshd.log()
    );
}

#[test]
fn a_trust_list_alone_leaves_the_node_certificate_as_it_was() {
    let sshd = Sshd::start_keys();
    live_node(&sshd.dir.path().join("remote"));
    let trust_only = Bundle {
        certificate_pem: String::new(),
        chain_pem: String::new(),
        key_pem: None,
        ..bundle("NEW")
    };
    assert!(trust_only.trust_only());
    let outcome = push_one(
        data().path(),
        job(
            "node1",
            sshd.driver(sshd.settings(None)),
            trust_only,
            Vec::new(),
        ),
        quick(),
    );
    assert_eq!(outcome.result, PushResult::Applied, "{}", outcome.detail);
    let read = |name: &str| std::fs::read_to_string(sshd.remote(name)).unwrap();
    assert_eq!(read("trusted.pem"), "NEW CAS\n");
    assert_eq!(
        read("server.crt"),
        "OLD CERT\n",
        "the certificate is not touched"
    );
    assert_eq!(read("server.key"), "OLD KEY\n");
}

#[test]
fn a_changed_host_key_is_re_pinned_only_when_asked_showing_both_fingerprints() {
    use common::{certdeck_in, json_of};
    let first = Sshd::start_keys();
    let data = data();
    let run = |args: &[&str]| certdeck_in(data.path(), args);
    let text = |output: &std::process::Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    };
    let user = whoami();
    let configure = |port: u16| {
        let port = port.to_string();
        let output = run(&[
            "node",
            "configure",
            "n1",
            "--driver",
            "ssh",
            "--ssh-host",
            "127.0.0.1",
            "--ssh-port",
            &port,
            "--ssh-user",
            &user,
            "--cert-path",
            "/tmp/certdeck-n1.crt",
        ]);
        assert!(output.status.success(), "{}", text(&output));
    };
    assert!(
        run(&["node", "add", "n1", "--fqdn", "n1.example.com"])
            .status
            .success()
    );
    configure(first.port);
    let accepted = run(&["node", "test", "n1", "--accept"]);
    assert!(
        text(&accepted).contains(&first.fingerprint()),
        "{}",
        text(&accepted)
    );

    // The node was "reinstalled": another host key answers.
    let second = Sshd::start_keys();
    configure(second.port);
    let refused = run(&["node", "test", "n1"]);
    assert!(!refused.status.success());
    assert!(text(&refused).contains("CHANGED"), "{}", text(&refused));
    let replaced = run(&["node", "test", "n1", "--replace-pin"]);
    assert!(replaced.status.success(), "{}", text(&replaced));
    assert!(
        text(&replaced).contains(&format!(
            "pinned {} (was {})",
            second.fingerprint(),
            first.fingerprint()
        )),
        "{}",
        text(&replaced)
    );
    let shown = json_of(&run(&["node", "show", "n1", "--json"]));
    assert_eq!(shown["pinned"], second.fingerprint().as_str());
}
