//! The SSH/SFTP driver against OpenSSH `sshd`, started by the test on a free loopback port with
//! generated host and client keys (needs `openssh-server`, installed by .ci/run, and root to
//! run sshd with its own configuration).

use crate::common;

use common::sshd::{Sshd, keygen, whoami};
use common::{fixture_time, runtime};

use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use certdeck::push::ssh::{HostKeyPin, SshCredentials, SshSettings, apply, rollback};
use certdeck::push::{Bundle, PushError};
use zeroize::Zeroizing;

/// The tests' usual sshd: key logins only.
impl Sshd {
    fn start_keys() -> Self {
        Self::start(false, "")
    }

    fn settings(&self, reload: Option<String>) -> SshSettings {
        std::fs::create_dir_all(self.dir.path().join("remote")).unwrap();
        SshSettings {
            host: "127.0.0.1".into(),
            port: self.port,
            user: whoami(),
            certificate_path: self.remote("server.crt").display().to_string(),
            key_path: Some(self.remote("server.key").display().to_string()),
            trusted_ca_path: Some(self.remote("trusted.pem").display().to_string()),
            reload,
        }
    }
}

fn bundle(cert: &str) -> Bundle {
    Bundle {
        subject: "CN=test".into(),
        fingerprint_sha256: String::new(),
        certificate_pem: format!("{cert}\n"),
        chain_pem: "CHAIN\n".into(),
        key_pem: Some(Zeroizing::new("KEY\n".into())),
        parameters_pem: None,
        trusted_cas_pem: "CAS\n".into(),
    }
}

const TIMEOUT: Duration = Duration::from_secs(10);

#[test]
fn first_contact_shows_the_host_key_and_sends_nothing() {
    let sshd = Sshd::start_keys();
    let settings = sshd.settings(None);
    let error = runtime()
        .block_on(apply(
            &settings,
            &HostKeyPin(None),
            &sshd.credentials(),
            &bundle("NEW"),
            TIMEOUT,
        ))
        .unwrap_err();
    assert_eq!(error, PushError::HostKeyNotPinned(sshd.fingerprint()));
    assert!(!sshd.remote("server.crt").exists());
}

#[test]
fn upload_renames_into_place_protects_the_key_reloads_and_rolls_back() {
    let sshd = Sshd::start_keys();
    let marker = sshd.dir.path().join("reloaded");
    let settings = sshd.settings(Some(format!("echo reloaded >> {}", marker.display())));
    let pin = HostKeyPin(Some(sshd.fingerprint()));
    let rt = runtime();
    std::fs::write(sshd.remote("server.crt"), "OLD\n").unwrap();

    let detail = rt
        .block_on(apply(
            &settings,
            &pin,
            &sshd.credentials(),
            &bundle("NEW"),
            TIMEOUT,
        ))
        .unwrap();
    assert!(detail.contains("exited with status 0"), "{detail}");
    assert_eq!(
        std::fs::read_to_string(sshd.remote("server.crt")).unwrap(),
        "NEW\nCHAIN\n"
    );
    assert_eq!(
        std::fs::read_to_string(sshd.remote("server.key")).unwrap(),
        "KEY\n"
    );
    assert_eq!(
        std::fs::read_to_string(sshd.remote("trusted.pem")).unwrap(),
        "CAS\n"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(sshd.remote("server.key"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
    let leftovers: Vec<_> = std::fs::read_dir(sshd.dir.path().join("remote"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".certdeck-new"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert_eq!(std::fs::read_to_string(&marker).unwrap(), "reloaded\n");

    let restored = rt
        .block_on(rollback(
            &settings,
            &pin,
            &sshd.credentials(),
            &bundle("NEW"),
            TIMEOUT,
        ))
        .unwrap();
    assert!(restored.contains("restored"), "{restored}");
    assert_eq!(
        std::fs::read_to_string(sshd.remote("server.crt")).unwrap(),
        "OLD\n"
    );
    assert!(
        !sshd.remote("server.key").exists(),
        "the key was not there before"
    );
}

#[test]
fn a_failing_reload_command_reports_its_status() {
    let sshd = Sshd::start_keys();
    let settings = sshd.settings(Some("echo no such service >&2; exit 3".into()));
    let pin = HostKeyPin(Some(sshd.fingerprint()));
    let error = runtime()
        .block_on(apply(
            &settings,
            &pin,
            &sshd.credentials(),
            &bundle("NEW"),
            TIMEOUT,
        ))
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("exited with status 3") && error.contains("no such service"),
        "{error}"
    );
}

#[test]
fn a_changed_host_key_is_refused() {
    let sshd = Sshd::start_keys();
    let settings = sshd.settings(None);
    let pin = HostKeyPin(Some(
        "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into(),
    ));
    let error = runtime()
        .block_on(apply(
            &settings,
            &pin,
            &sshd.credentials(),
            &bundle("NEW"),
            TIMEOUT,
        ))
        .unwrap_err()
        .to_string();
    assert!(error.contains("CHANGED"), "{error}");
    assert!(!sshd.remote("server.crt").exists());
}

#[test]
fn a_wrong_key_is_an_authentication_failure() {
    let sshd = Sshd::start_keys();
    let other = tempfile::tempdir().unwrap();
    keygen(&other.path().join("k"));
    let credentials = SshCredentials {
        password: Some(Zeroizing::new("not-accepted".into())),
        private_key: Some(Zeroizing::new(
            std::fs::read_to_string(other.path().join("k")).unwrap(),
        )),
    };
    let error = runtime()
        .block_on(apply(
            &sshd.settings(None),
            &HostKeyPin(Some(sshd.fingerprint())),
            &credentials,
            &bundle("NEW"),
            TIMEOUT,
        ))
        .unwrap_err()
        .to_string();
    assert!(error.contains("authentication failed"), "{error}");
}

#[test]
fn a_push_that_breaks_half_way_leaves_the_node_with_its_old_files() {
    use certdeck::probe::ProbeTrust;
    use certdeck::push::{Driver, Job, PushOptions, PushResult, push};
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;

    let sshd = Sshd::start_keys();
    std::fs::create_dir_all(sshd.dir.path().join("remote")).unwrap();
    std::fs::write(sshd.remote("server.crt"), "OLD\n").unwrap();
    // The key goes to a folder that does not exist: the upload fails after the certificate.
    let mut settings = sshd.settings(None);
    settings.key_path = Some(
        sshd.dir
            .path()
            .join("missing/server.key")
            .display()
            .to_string(),
    );
    let value = serde_json::to_value(serde_json::json!({
        "host": settings.host, "port": settings.port, "user": settings.user,
        "certificate_path": settings.certificate_path, "key_path": settings.key_path,
        "trusted_ca_path": settings.trusted_ca_path,
    }))
    .unwrap();
    let driver =
        Driver::with_secrets("ssh", &value, Some(sshd.fingerprint()), sshd.credentials()).unwrap();
    let job = Job {
        node: "node1".into(),
        fqdn: "node1.example.com".into(),
        endpoints: Vec::new(),
        driver,
        bundle: bundle("NEW"),
    };
    let (sender, _receiver) = tokio::sync::mpsc::unbounded_channel();
    let trust = Arc::new(ProbeTrust {
        trusted: Vec::new(),
        system_roots: false,
        known: Vec::new(),
    });
    let outcomes = runtime().block_on(push(
        vec![job],
        trust,
        PushOptions::default(),
        sender,
        Arc::new(AtomicBool::new(false)),
        fixture_time(),
    ));
    assert_eq!(outcomes[0].result, PushResult::Failed);
    assert!(
        outcomes[0].detail.contains("rolled back"),
        "{}",
        outcomes[0].detail
    );
    assert_eq!(
        std::fs::read_to_string(sshd.remote("server.crt")).unwrap(),
        "OLD\n",
        "old certificate back in place"
    );
}

#[test]
fn an_unreachable_node_is_a_clear_error_quickly() {
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let settings = SshSettings {
        host: "127.0.0.1".into(),
        port: closed,
        user: "root".into(),
        certificate_path: "/tmp/x.crt".into(),
        key_path: None,
        trusted_ca_path: None,
        reload: None,
    };
    let started = Instant::now();
    let error = runtime()
        .block_on(apply(
            &settings,
            &HostKeyPin(Some("SHA256:x".into())),
            &SshCredentials::default(),
            &bundle("NEW"),
            TIMEOUT,
        ))
        .unwrap_err()
        .to_string();
    assert!(error.contains(&format!("127.0.0.1:{closed}")), "{error}");
    assert!(started.elapsed() < TIMEOUT + Duration::from_secs(5));
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
fn password_login_uploads_too() {
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
        reload: Some("id -un".into()),
    };
    let credentials = SshCredentials {
        password: Some(Zeroizing::new(PASSWORD_USER_PASSWORD.into())),
        private_key: None,
    };
    let detail = runtime()
        .block_on(apply(
            &settings,
            &HostKeyPin(Some(sshd.fingerprint())),
            &credentials,
            &bundle("NEW"),
            TIMEOUT,
        ))
        .unwrap();
    assert!(detail.contains("exited with status 0"), "{detail}");
    assert_eq!(
        std::fs::read_to_string(remote.path().join("server.crt")).unwrap(),
        "NEW\nCHAIN\n"
    );
    let wrong = SshCredentials {
        password: Some(Zeroizing::new("wrong".into())),
        private_key: None,
    };
    let error = runtime()
        .block_on(apply(
            &settings,
            &HostKeyPin(Some(sshd.fingerprint())),
            &wrong,
            &bundle("NEW"),
            TIMEOUT,
        ))
        .unwrap_err()
        .to_string();
    assert!(error.contains("authentication failed"), "{error}");
}

#[test]
fn a_trust_list_alone_leaves_the_node_certificate_as_it_was() {
    let sshd = Sshd::start_keys();
    let settings = sshd.settings(None);
    let pin = HostKeyPin(Some(sshd.fingerprint()));
    std::fs::write(sshd.remote("server.crt"), "OLD\n").unwrap();
    let trust_only = Bundle {
        certificate_pem: String::new(),
        chain_pem: String::new(),
        key_pem: None,
        ..bundle("")
    };
    assert!(trust_only.trust_only());
    runtime()
        .block_on(apply(
            &settings,
            &pin,
            &sshd.credentials(),
            &trust_only,
            TIMEOUT,
        ))
        .unwrap();
    assert_eq!(
        std::fs::read_to_string(sshd.remote("trusted.pem")).unwrap(),
        "CAS\n"
    );
    assert_eq!(
        std::fs::read_to_string(sshd.remote("server.crt")).unwrap(),
        "OLD\n",
        "the certificate is not touched"
    );
    assert!(!sshd.remote("server.key").exists());
}
