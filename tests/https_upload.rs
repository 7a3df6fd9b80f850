//! The HTTPS upload driver against nginx with WebDAV and Basic authentication, started by the test
//! on a free loopback port with the fixtures' certificate (needs `nginx`, installed by .ci/run).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use certdeck::push::https::{HttpsSettings, UploadMode};
use certdeck::push::{Bundle, Driver, NodeOutcome, PushResult};
use common::pushing::{closed_endpoint, job, push_one, quick, snapshot};
use common::*;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

const PASSWORD: &str = "appliance-secret";

/// nginx with WebDAV under /certs/ behind Basic authentication, over TLS with the fixtures'
/// certificate.
struct Nginx {
    /// Stops nginx when the test drops it.
    _server: common::nginx::Nginx,
    port: u16,
    dir: tempfile::TempDir,
}

impl Nginx {
    fn start() -> Self {
        Self::start_refusing(&[])
    }

    /// nginx where a PUT of the files named `refused` is forbidden (a failure at that step).
    fn start_refusing(refused: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_path_buf();
        std::fs::create_dir_all(d.join("www/certs/trusted")).unwrap();
        let hash = Command::new("openssl")
            .args(["passwd", "-apr1", PASSWORD])
            .output()
            .unwrap();
        std::fs::write(
            d.join("htpasswd"),
            format!("admin:{}", String::from_utf8_lossy(&hash.stdout)),
        )
        .unwrap();
        let server = common::nginx::Nginx::start(&d, |port| {
            format!(
                "    listen 127.0.0.1:{port} ssl;\n    ssl_certificate {chain};\n    ssl_certificate_key {key};\n\
                 root {d}/www;\n    location /certs/ {{\n      dav_methods PUT DELETE;\n      create_full_put_path on;\n\
                   auth_basic \"appliance\";\n      auth_basic_user_file {d}/htpasswd;\n    }}\n{refusals}",
                d = d.display(),
                refusals = refused
                    .iter()
                    .map(|name| format!(
                        "    location = /certs/trusted/{name} {{\n      dav_methods PUT DELETE;\n      auth_basic \"appliance\";\n      \
                         auth_basic_user_file {d}/htpasswd;\n      limit_except GET {{ deny all; }}\n    }}\n",
                        d = d.display()
                    ))
                    .collect::<String>(),
                chain = fixture("fullchain.pem").display(),
                key = fixture("leaf.key").display(),
            )
        });
        let port = server.port;
        Self {
            _server: server,
            port,
            dir,
        }
    }

    fn settings(&self) -> HttpsSettings {
        HttpsSettings {
            url: format!("https://127.0.0.1:{}/certs/trusted/", self.port),
            mode: UploadMode::Webdav,
            user: Some("admin".into()),
            auth: Default::default(),
            field: "file".into(),
            certificate_name: "certificate.pem".into(),
            key_name: None,
            trusted_ca_name: "trusted-ca.pem".into(),
        }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join("www/certs/trusted").join(name)
    }
}

/// SHA-256 of the certificate nginx presents (the fixtures' leaf).
fn appliance_pin() -> String {
    hex::encode(Sha256::digest(std::fs::read(fixture("leaf.der")).unwrap()))
}

fn bundle(cas: &str) -> Bundle {
    Bundle {
        subject: "CN=phone".into(),
        fingerprint_sha256: String::new(),
        certificate_pem: "CERT\n".into(),
        chain_pem: String::new(),
        key_pem: None,
        parameters_pem: None,
        trusted_cas_pem: cas.into(),
        crl_pem: None,
    }
}

fn password(p: &str) -> Option<Zeroizing<String>> {
    Some(Zeroizing::new(p.into()))
}

fn driver(settings: HttpsSettings, pin: Option<String>, secret: &str) -> Driver {
    Driver::of(certdeck::push::https::HttpsDriver {
        settings,
        pin,
        password: password(secret),
    })
}

fn push(nginx_driver: Driver, bundle: Bundle, endpoints: Vec<String>) -> NodeOutcome {
    let data = tempfile::tempdir().unwrap();
    push_one(
        data.path(),
        job("phone1", nginx_driver, bundle, endpoints),
        quick(),
    )
}

/// The appliance's folder, names and contents (nginx chooses the modes).
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    snapshot(dir)
        .into_iter()
        .map(|(name, (content, _))| (name, content))
        .collect()
}

#[test]
fn first_contact_shows_the_appliance_certificate_and_uploads_nothing() {
    let nginx = Nginx::start();
    let outcome = push(
        driver(nginx.settings(), None, PASSWORD),
        bundle("CAS\n"),
        Vec::new(),
    );
    assert_eq!(outcome.result, PushResult::Failed);
    assert!(
        outcome.detail.contains(&appliance_pin()),
        "{}",
        outcome.detail
    );
    assert!(!nginx.file("trusted-ca.pem").exists());
}

#[test]
fn webdav_upload_with_a_pinned_certificate_then_rollback_when_not_served() {
    let nginx = Nginx::start();
    std::fs::write(nginx.file("trusted-ca.pem"), "OLD CAS\n").unwrap();
    let pin = Some(appliance_pin());
    let outcome = push(
        driver(nginx.settings(), pin.clone(), PASSWORD),
        bundle("NEW CAS\n"),
        Vec::new(),
    );
    assert_eq!(outcome.result, PushResult::Applied, "{}", outcome.detail);
    assert!(
        outcome.detail.contains("trusted-ca.pem"),
        "{}",
        outcome.detail
    );
    assert_eq!(
        std::fs::read_to_string(nginx.file("trusted-ca.pem")).unwrap(),
        "NEW CAS\n"
    );
    assert_eq!(
        std::fs::read_to_string(nginx.file("certificate.pem")).unwrap(),
        "CERT\n"
    );
    // No copies on the appliance: its trusted folder would trust them.
    assert_eq!(
        contents(&nginx.dir.path().join("www/certs/trusted")).len(),
        2
    );

    // The endpoint never serves the pushed certificate: the previous files come back, and the
    // one that was not there is deleted again.
    let before = contents(&nginx.dir.path().join("www/certs/trusted"));
    let mut leaf = bundle("NEWER CAS\n");
    leaf.fingerprint_sha256 = "not served".into();
    leaf.certificate_pem = "NEWER CERT\n".into();
    let outcome = push(
        driver(nginx.settings(), pin, PASSWORD),
        leaf,
        vec![closed_endpoint()],
    );
    assert_eq!(outcome.result, PushResult::RolledBack, "{}", outcome.detail);
    assert!(outcome.detail.contains("restored"), "{}", outcome.detail);
    assert_eq!(
        contents(&nginx.dir.path().join("www/certs/trusted")),
        before
    );
}

#[test]
fn a_failed_upload_at_any_step_leaves_the_appliance_as_it_was() {
    for refused in ["certificate.pem", "server.key", "trusted-ca.pem"] {
        let nginx = Nginx::start_refusing(&[refused]);
        let folder = nginx.dir.path().join("www/certs/trusted");
        std::fs::write(folder.join("certificate.pem"), "OLD CERT\n").unwrap();
        std::fs::write(folder.join("trusted-ca.pem"), "OLD CAS\n").unwrap();
        std::fs::write(folder.join("other-ca.pem"), "SOMEONE ELSE'S CA\n").unwrap();
        let before = contents(&folder);
        let mut settings = nginx.settings();
        settings.key_name = Some("server.key".into());
        let mut with_key = bundle("NEW CAS\n");
        with_key.key_pem = Some(Zeroizing::new("KEY\n".into()));
        let outcome = push(
            driver(settings, Some(appliance_pin()), PASSWORD),
            with_key,
            Vec::new(),
        );
        assert_eq!(
            outcome.result,
            PushResult::Failed,
            "{refused}: {}",
            outcome.detail
        );
        assert!(
            outcome.detail.contains("403"),
            "{refused}: {}",
            outcome.detail
        );
        assert_eq!(contents(&folder), before, "{refused}: {}", outcome.detail);
    }
}

#[test]
fn wrong_credentials_and_a_changed_certificate_are_refused() {
    let nginx = Nginx::start();
    let outcome = push(
        driver(nginx.settings(), Some(appliance_pin()), "wrong"),
        bundle("X\n"),
        Vec::new(),
    );
    assert!(
        outcome.detail.contains("refused the credentials (401")
            && outcome.detail.contains("nothing was changed"),
        "{}",
        outcome.detail
    );
    let outcome = push(
        driver(nginx.settings(), Some("00".repeat(32)), PASSWORD),
        bundle("X\n"),
        Vec::new(),
    );
    assert!(outcome.detail.contains("CHANGED"), "{}", outcome.detail);
    assert!(!nginx.file("trusted-ca.pem").exists());
}

#[test]
fn a_trust_list_alone_uploads_only_the_trusted_cas() {
    let nginx = Nginx::start();
    let trust_only = Bundle {
        certificate_pem: String::new(),
        ..bundle("PHONE CAS\n")
    };
    let outcome = push(
        driver(nginx.settings(), Some(appliance_pin()), PASSWORD),
        trust_only,
        Vec::new(),
    );
    assert_eq!(outcome.result, PushResult::Applied, "{}", outcome.detail);
    assert!(
        !outcome.detail.contains("certificate.pem"),
        "{}",
        outcome.detail
    );
    assert_eq!(
        std::fs::read_to_string(nginx.file("trusted-ca.pem")).unwrap(),
        "PHONE CAS\n"
    );
    assert!(
        !nginx.file("certificate.pem").exists(),
        "no certificate sent"
    );
}
