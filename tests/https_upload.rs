//! The HTTPS upload driver against nginx with WebDAV and Basic authentication, started by the test
//! on a free loopback port with the fixtures' certificate (needs `nginx`, installed by .ci/run).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use certdeck::push::https::{HttpsSettings, Previous, UploadMode, apply, rollback};
use certdeck::push::{Bundle, PushError};
use common::*;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

const PASSWORD: &str = "appliance-secret";

struct Nginx {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Nginx {
    fn start() -> Self {
        assert!(
            Path::new("/usr/sbin/nginx").exists(),
            "install nginx (see .ci/run)"
        );
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("www/certs/trusted")).unwrap();
        std::fs::create_dir_all(d.join("logs")).unwrap();
        let hash = Command::new("openssl")
            .args(["passwd", "-apr1", PASSWORD])
            .output()
            .unwrap();
        std::fs::write(
            d.join("htpasswd"),
            format!("admin:{}", String::from_utf8_lossy(&hash.stdout)),
        )
        .unwrap();
        let port = free_port();
        let config = format!(
            "user root;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/logs/error.log;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
               fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
               server {{\n    listen 127.0.0.1:{port} ssl;\n    ssl_certificate {chain};\n    ssl_certificate_key {key};\n\
                 root {d}/www;\n    location /certs/ {{\n      dav_methods PUT DELETE;\n      create_full_put_path on;\n\
                   auth_basic \"appliance\";\n      auth_basic_user_file {d}/htpasswd;\n    }}\n  }}\n}}\n",
            d = d.display(),
            chain = fixture("fullchain.pem").display(),
            key = fixture("leaf.key").display(),
        );
        std::fs::write(d.join("nginx.conf"), config).unwrap();
        let child = Command::new("/usr/sbin/nginx")
            .args([
                "-c",
                &d.join("nginx.conf").display().to_string(),
                "-p",
                &d.display().to_string(),
                "-g",
                "daemon off;",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts (as root)");
        wait_until_listening(port, "nginx");
        Self { child, port, dir }
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
    }
}

const TIMEOUT: Duration = Duration::from_secs(10);

fn password(p: &str) -> Option<Zeroizing<String>> {
    Some(Zeroizing::new(p.into()))
}

#[test]
fn first_contact_shows_the_appliance_certificate_and_uploads_nothing() {
    let nginx = Nginx::start();
    let error = runtime()
        .block_on(apply(
            &nginx.settings(),
            &None,
            &password(PASSWORD),
            &bundle("CAS\n"),
            TIMEOUT,
            &Mutex::default(),
        ))
        .unwrap_err();
    assert_eq!(error, PushError::HostKeyNotPinned(appliance_pin()));
    assert!(!nginx.file("trusted-ca.pem").exists());
}

#[test]
fn webdav_upload_with_a_pinned_certificate_and_rollback() {
    let nginx = Nginx::start();
    std::fs::write(nginx.file("trusted-ca.pem"), "OLD CAS\n").unwrap();
    let rt = runtime();
    let previous: Mutex<Previous> = Mutex::default();
    let pin = Some(appliance_pin());
    let detail = rt
        .block_on(apply(
            &nginx.settings(),
            &pin,
            &password(PASSWORD),
            &bundle("NEW CAS\n"),
            TIMEOUT,
            &previous,
        ))
        .unwrap();
    assert!(detail.contains("trusted-ca.pem"), "{detail}");
    assert_eq!(
        std::fs::read_to_string(nginx.file("trusted-ca.pem")).unwrap(),
        "NEW CAS\n"
    );
    assert_eq!(
        std::fs::read_to_string(nginx.file("certificate.pem")).unwrap(),
        "CERT\n"
    );

    let replaced = previous.lock().unwrap().clone();
    let restored = rt
        .block_on(rollback(
            &nginx.settings(),
            &pin,
            &password(PASSWORD),
            &replaced,
            TIMEOUT,
        ))
        .unwrap();
    assert!(
        restored.contains("restored") && restored.contains("removed"),
        "{restored}"
    );
    assert_eq!(
        std::fs::read_to_string(nginx.file("trusted-ca.pem")).unwrap(),
        "OLD CAS\n"
    );
    assert!(!nginx.file("certificate.pem").exists());
}

#[test]
fn wrong_credentials_and_a_changed_certificate_are_refused() {
    let nginx = Nginx::start();
    let rt = runtime();
    let error = rt
        .block_on(apply(
            &nginx.settings(),
            &Some(appliance_pin()),
            &password("wrong"),
            &bundle("X\n"),
            TIMEOUT,
            &Mutex::default(),
        ))
        .unwrap_err()
        .to_string();
    assert!(error.contains("refused the credentials (401"), "{error}");
    let other = Some("00".repeat(32));
    let error = rt
        .block_on(apply(
            &nginx.settings(),
            &other,
            &password(PASSWORD),
            &bundle("X\n"),
            TIMEOUT,
            &Mutex::default(),
        ))
        .unwrap_err()
        .to_string();
    assert!(error.contains("CHANGED"), "{error}");
    assert!(!nginx.file("trusted-ca.pem").exists());
}

#[test]
fn a_trust_list_alone_uploads_only_the_trusted_cas() {
    let nginx = Nginx::start();
    let trust_only = Bundle {
        certificate_pem: String::new(),
        ..bundle("PHONE CAS\n")
    };
    let detail = runtime()
        .block_on(apply(
            &nginx.settings(),
            &Some(appliance_pin()),
            &password(PASSWORD),
            &trust_only,
            TIMEOUT,
            &Mutex::default(),
        ))
        .unwrap();
    assert!(!detail.contains("certificate.pem"), "{detail}");
    assert_eq!(
        std::fs::read_to_string(nginx.file("trusted-ca.pem")).unwrap(),
        "PHONE CAS\n"
    );
    assert!(
        !nginx.file("certificate.pem").exists(),
        "no certificate sent"
    );
}
