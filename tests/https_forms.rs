//! The HTTPS upload driver's form uploads and Digest authentication, against a small HTTPS server
//! in this test playing a phone's web interface (nginx has neither forms nor Digest).

use crate::common;

use std::sync::{Arc, Mutex};

use certdeck::push::https::{AuthScheme, HttpsSettings, UploadMode};
use certdeck::push::{Bundle, Driver, PushResult};
use common::pushing::{job, push_jobs_async, quick};
use common::server::{self, Response};
use common::*;
use md5::{Digest as _, Md5};
use sha2::Sha256;
use zeroize::Zeroizing;

const REALM: &str = "phone";
const NONCE: &str = "5f2c0c6a1e";

fn md5_hex(text: &str) -> String {
    hex::encode(Md5::digest(text.as_bytes()))
}

/// Checks an `Authorization: Digest …` header (RFC 7616, MD5, qop=auth) for admin/secret.
fn digest_ok(header: &str, method: &str) -> bool {
    let Some(fields) = header.strip_prefix("Digest ") else {
        return false;
    };
    let get = |name: &str| {
        fields.split(',').map(str::trim).find_map(|f| {
            let (k, v) = f.split_once('=')?;
            (k.trim() == name).then(|| v.trim().trim_matches('"').to_string())
        })
    };
    let (Some(user), Some(uri), Some(response), Some(nc), Some(cnonce)) = (
        get("username"),
        get("uri"),
        get("response"),
        get("nc"),
        get("cnonce"),
    ) else {
        return false;
    };
    let ha1 = md5_hex(&format!("{user}:{REALM}:secret"));
    let ha2 = md5_hex(&format!("{method}:{uri}"));
    user == "admin" && response == md5_hex(&format!("{ha1}:{NONCE}:{nc}:{cnonce}:auth:{ha2}"))
}

/// Uploaded files by name.
type Received = Arc<Mutex<Vec<(String, String, Vec<u8>)>>>;

async fn phone() -> (u16, Received) {
    phone_refusing(None).await
}

/// The phone; with `refuse`, it answers 507 (its flash is full) to that file's upload.
async fn phone_refusing(refuse: Option<&'static str>) -> (u16, Received) {
    let received: Received = Arc::default();
    let shared = received.clone();
    let port = server::start(move |request, _| {
        let authorized = request
            .headers
            .get("authorization")
            .is_some_and(|h| digest_ok(h, &request.method));
        if !authorized {
            let challenge =
                format!("Digest realm=\"{REALM}\", qop=\"auth\", nonce=\"{NONCE}\", algorithm=MD5");
            return Response::new("401 Unauthorized", "").header("WWW-Authenticate", &challenge);
        }
        if request.method != "POST" || request.path != "/upload.cgi" {
            return Response::new("404 Not Found", "");
        }
        // Multipart: find the part's field name, file name and content.
        let content_type = request
            .headers
            .get("content-type")
            .cloned()
            .unwrap_or_default();
        let Some(boundary) = content_type.split("boundary=").nth(1) else {
            return Response::new("400 Bad Request", "no boundary");
        };
        let body = String::from_utf8_lossy(&request.body).into_owned();
        for part in body.split(&format!("--{boundary}")) {
            let Some((head, content)) = part.split_once("\r\n\r\n") else {
                continue;
            };
            let field = head
                .split("name=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or_default();
            let file = head
                .split("filename=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or_default();
            let content = content.trim_end_matches("\r\n").as_bytes().to_vec();
            if Some(file) == refuse {
                return Response::new("507 Insufficient Storage", "flash full");
            }
            shared
                .lock()
                .unwrap()
                .push((field.to_string(), file.to_string(), content));
        }
        Response::new("200 OK", "uploaded")
    })
    .await;
    (port, received)
}

fn settings(port: u16) -> HttpsSettings {
    HttpsSettings {
        url: format!("https://127.0.0.1:{port}/upload.cgi"),
        mode: UploadMode::Multipart,
        user: Some("admin".into()),
        auth: AuthScheme::Digest,
        field: "certfile".into(),
        certificate_name: "server.pem".into(),
        key_name: None,
        trusted_ca_name: "trusted.pem".into(),
    }
}

fn pin() -> Option<String> {
    Some(hex::encode(Sha256::digest(
        std::fs::read(fixture("leaf.der")).unwrap(),
    )))
}

fn bundle() -> Bundle {
    Bundle {
        subject: "CN=phone".into(),
        fingerprint_sha256: String::new(),
        certificate_pem: "CERT\n".into(),
        chain_pem: "CHAIN\n".into(),
        key_pem: None,
        parameters_pem: None,
        trusted_cas_pem: "CAS\n".into(),
        crl_pem: None,
    }
}

fn driver(port: u16, secret: &str) -> Driver {
    Driver::of(certdeck::push::https::HttpsDriver {
        settings: settings(port),
        pin: pin(),
        password: Some(Zeroizing::new(secret.to_string())),
    })
}

/// One push of the test bundle to the phone with `password`.
async fn push_to_phone(
    data: &std::path::Path,
    port: u16,
    password: &str,
) -> certdeck::push::NodeOutcome {
    push_jobs_async(
        data,
        vec![job("phone1", driver(port, password), bundle(), Vec::new())],
        quick(),
    )
    .await
    .remove(0)
}

#[tokio::test]
async fn form_uploads_with_digest_authentication() {
    let (port, received) = phone().await;
    let data = tempfile::tempdir().unwrap();
    let outcome = push_to_phone(data.path(), port, "secret").await;
    assert_eq!(outcome.result, PushResult::Applied, "{}", outcome.detail);
    assert!(
        outcome.detail.contains("server.pem") && outcome.detail.contains("trusted.pem"),
        "{}",
        outcome.detail
    );
    let received = received.lock().unwrap().clone();
    assert_eq!(
        received,
        [
            (
                "certfile".to_string(),
                "server.pem".to_string(),
                b"CERT\nCHAIN\n".to_vec()
            ),
            (
                "certfile".to_string(),
                "trusted.pem".to_string(),
                b"CAS\n".to_vec()
            ),
        ]
    );
    // A wrong password gets the appliance's refusal; the refused upload changed nothing.
    let outcome = push_to_phone(data.path(), port, "nope").await;
    assert_eq!(outcome.result, PushResult::Failed);
    assert!(
        outcome.detail.contains("refused the credentials (401")
            && outcome.detail.contains("nothing had been changed"),
        "{}",
        outcome.detail
    );
    // The plan says up front that a form upload cannot be undone.
    let plan = driver(port, "secret").plan(&bundle()).join("\n");
    assert!(plan.contains("cannot be restored"), "{plan}");
}

#[tokio::test]
async fn a_refused_form_upload_says_what_could_not_be_restored() {
    // The first file refused: nothing was uploaded, nothing to restore.
    let (port, received) = phone_refusing(Some("server.pem")).await;
    let data = tempfile::tempdir().unwrap();
    let outcome = push_to_phone(data.path(), port, "secret").await;
    assert_eq!(outcome.result, PushResult::Failed);
    assert!(
        outcome.detail.contains("507") && outcome.detail.contains("nothing had been changed"),
        "{}",
        outcome.detail
    );
    assert!(received.lock().unwrap().is_empty());

    // The last file refused: the first is on the phone and a form cannot take it back; the
    // result says so, naming it, instead of claiming a rollback.
    let (port, received) = phone_refusing(Some("trusted.pem")).await;
    let outcome = push_to_phone(data.path(), port, "secret").await;
    assert_eq!(outcome.result, PushResult::Failed);
    assert!(
        outcome.detail.contains("NOT restored")
            && outcome.detail.contains("server.pem")
            && outcome.detail.contains("restore by hand"),
        "{}",
        outcome.detail
    );
    assert_eq!(received.lock().unwrap().len(), 1);
}
