//! The Pexip Infinity driver against a small HTTPS server, in this test, that implements exactly
//! the documented endpoints it uses: `worker_vm/`, `management_vm/`, `tls_certificate/`,
//! `ca_certificate/` (configuration API: GET lists, POST, PATCH, DELETE) and `alarm/` (status
//! API), with Basic auth. No real Management Node can run here (it is a vendor appliance).

use crate::common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use certdeck::push::pexip::{PexipSettings, alarms, nodes};
use certdeck::push::{Bundle, Driver, PushResult};
use common::pushing::{closed_endpoint, job, push_jobs_async, quick};
use common::server;
use common::*;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

const CONFIG: &str = "/api/admin/configuration/v1";

#[derive(Clone, Debug, Default, PartialEq)]
struct State {
    nodes: Vec<Value>,
    certificates: HashMap<u32, Value>,
    cas: HashMap<u32, Value>,
    next: u32,
    /// A request (`METHOD path-prefix`, the n-th such request counted from 1) answered with a
    /// server error instead: where a test makes the push fail.
    fail: Option<(String, u32)>,
}

fn answer(status: &str, body: &Value, location: Option<String>) -> server::Response {
    let response =
        server::Response::new(status, body.to_string()).header("Content-Type", "application/json");
    match location {
        Some(location) => response.header("Location", &location),
        None => response,
    }
}

fn handle(
    state: &Mutex<State>,
    port: u16,
    method: &str,
    path: &str,
    auth: Option<&str>,
    body: &[u8],
) -> server::Response {
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("admin:secret")
    );
    if auth != Some(expected.as_str()) {
        return answer("401 Unauthorized", &json!({"error": "unauthorized"}), None);
    }
    let mut state = state.lock().unwrap();
    if let Some((request, count)) = &mut state.fail {
        let (fail_method, prefix) = request.split_once(' ').unwrap();
        if method == fail_method && path.starts_with(prefix) {
            *count -= 1;
            if *count == 0 {
                state.fail = None;
                return answer(
                    "500 Internal Server Error",
                    &json!({"error": "injected"}),
                    None,
                );
            }
        }
    }
    let body: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let list = |kind: &str, state: &State| {
        let objects: Vec<Value> = state
            .nodes
            .iter()
            .filter(|n| n["kind"] == kind)
            .cloned()
            .collect();
        json!({"meta": {"total_count": objects.len()}, "objects": objects})
    };
    match (method, path) {
        ("GET", p) if p == format!("{CONFIG}/worker_vm/") => {
            answer("200 OK", &list("worker_vm", &state), None)
        }
        ("GET", p) if p == format!("{CONFIG}/management_vm/") => {
            answer("200 OK", &list("management_vm", &state), None)
        }
        ("POST", p) if p == format!("{CONFIG}/tls_certificate/") => {
            // As Pexip does: the key must belong to the certificate.
            let text = format!(
                "{}{}",
                body["certificate"].as_str().unwrap_or_default(),
                body["private_key"].as_str().unwrap_or_default()
            );
            let decoded =
                certdeck::pki::decode_bytes(text.as_bytes(), "upload", &Default::default());
            let report = certdeck::pki::inspect(
                &decoded,
                &certdeck::pki::InspectOptions::at(fixture_time()),
            );
            if !report
                .first()
                .and_then(|r| r.as_ref())
                .is_some_and(|r| r.has_private_key)
            {
                return answer(
                    "400 Bad Request",
                    &json!({"tls_certificate": {"private_key": ["does not match"]}}),
                    None,
                );
            }
            state.next += 1;
            let id = state.next;
            state.certificates.insert(id, body);
            answer(
                "201 Created",
                &Value::Null,
                Some(format!(
                    "https://127.0.0.1:{port}{CONFIG}/tls_certificate/{id}/"
                )),
            )
        }
        ("POST", p) if p == format!("{CONFIG}/ca_certificate/") => {
            state.next += 1;
            let id = state.next;
            state.cas.insert(id, body);
            answer(
                "201 Created",
                &Value::Null,
                Some(format!(
                    "https://127.0.0.1:{port}{CONFIG}/ca_certificate/{id}/"
                )),
            )
        }
        ("PATCH", p) => match state.nodes.iter_mut().find(|n| n["resource_uri"] == p) {
            Some(node) => {
                node["tls_certificate"] = body["tls_certificate"].clone();
                answer("202 Accepted", &Value::Null, None)
            }
            None => answer("404 Not Found", &Value::Null, None),
        },
        ("DELETE", p) => {
            let id = |kind: &str| {
                p.strip_prefix(&format!("{CONFIG}/{kind}/"))
                    .and_then(|rest| rest.trim_end_matches('/').parse::<u32>().ok())
            };
            let removed = match (id("tls_certificate"), id("ca_certificate")) {
                (Some(id), _) => state.certificates.remove(&id).is_some(),
                (_, Some(id)) => state.cas.remove(&id).is_some(),
                _ => false,
            };
            if removed {
                answer("204 No Content", &Value::Null, None)
            } else {
                answer("404 Not Found", &Value::Null, None)
            }
        }
        ("GET", "/api/admin/status/v1/alarm/") => answer(
            "200 OK",
            &json!({"objects": [{"name": "Certificate expiring", "level": "warning", "node": "conf01", "details": "expires in 20 days"}]}),
            None,
        ),
        _ => answer("404 Not Found", &Value::Null, None),
    }
}

/// Starts the mock Management Node; returns its port and state.
async fn start() -> (u16, Arc<Mutex<State>>) {
    let state = Arc::new(Mutex::new(State::default()));
    {
        let mut s = state.lock().unwrap();
        s.nodes.push(json!({"kind": "worker_vm", "name": "conf01", "resource_uri": format!("{CONFIG}/worker_vm/1/"), "tls_certificate": format!("{CONFIG}/tls_certificate/100/")}));
        s.nodes.push(json!({"kind": "management_vm", "name": "pexmgr", "resource_uri": format!("{CONFIG}/management_vm/1/"), "tls_certificate": null}));
    }
    let shared = state.clone();
    let port = server::start(move |request, port| {
        handle(
            &shared,
            port,
            &request.method,
            &request.path,
            request.headers.get("authorization").map(String::as_str),
            &request.body,
        )
    })
    .await;
    (port, state)
}

fn settings(port: u16, node: &str) -> PexipSettings {
    PexipSettings {
        url: format!("https://127.0.0.1:{port}"),
        user: "admin".into(),
        node_name: node.into(),
    }
}

fn pin() -> Option<String> {
    Some(hex::encode(Sha256::digest(
        std::fs::read(fixture("leaf.der")).unwrap(),
    )))
}

fn password(p: &str) -> Option<Zeroizing<String>> {
    Some(Zeroizing::new(p.into()))
}

fn bundle() -> Bundle {
    let read = |name: &str| std::fs::read_to_string(fixture(name)).unwrap();
    Bundle {
        subject: "CN=conf1.example.com".into(),
        fingerprint_sha256: String::new(),
        certificate_pem: read("leaf.pem"),
        chain_pem: read("inter.pem"),
        key_pem: Some(Zeroizing::new(read("leaf-pkcs8.pem"))),
        parameters_pem: Some(read("dh2048.pem")),
        trusted_cas_pem: format!("{}{}", read("root.pem"), read("inter.pem")),
        crl_pem: None,
    }
}

const TIMEOUT: Duration = Duration::from_secs(10);

#[tokio::test]
async fn upload_assign_add_cas_read_alarms_and_roll_back() {
    let (port, state) = start().await;
    let found = nodes(
        &settings(port, "conf01"),
        &pin(),
        &password("secret"),
        TIMEOUT,
    )
    .await
    .unwrap();
    let names: Vec<(&str, &str)> = found
        .iter()
        .map(|n| (n.name.as_str(), n.kind.as_str()))
        .collect();
    assert_eq!(
        names,
        [("conf01", "worker_vm"), ("pexmgr", "management_vm")]
    );

    let data = tempfile::tempdir().unwrap();
    let outcome = push(
        data.path(),
        driver(port, "conf01", pin(), "secret"),
        bundle(),
        Vec::new(),
    )
    .await;
    assert_eq!(outcome.result, PushResult::Applied, "{}", outcome.detail);
    assert!(
        outcome
            .detail
            .contains("assigned to conf01 (worker_vm), 2 CA certificate(s) added"),
        "{}",
        outcome.detail
    );
    {
        let s = state.lock().unwrap();
        let uploaded = s.certificates.values().next().unwrap();
        assert!(
            uploaded["certificate"]
                .as_str()
                .unwrap()
                .matches("BEGIN CERTIFICATE")
                .count()
                == 2,
            "with its chain"
        );
        assert!(
            uploaded["private_key"]
                .as_str()
                .unwrap()
                .contains("PRIVATE KEY")
        );
        assert!(
            uploaded["parameters"]
                .as_str()
                .unwrap()
                .contains("DH PARAMETERS")
        );
        assert_eq!(
            s.nodes[0]["tls_certificate"],
            format!("{CONFIG}/tls_certificate/1/")
        );
        assert_eq!(s.cas.len(), 2);
    }
    let alarms = alarms(
        &settings(port, "conf01"),
        &pin(),
        &password("secret"),
        TIMEOUT,
    )
    .await
    .unwrap();
    assert_eq!(alarms[0].name, "Certificate expiring");
}

async fn push(
    data: &std::path::Path,
    driver: Driver,
    bundle: Bundle,
    endpoints: Vec<String>,
) -> certdeck::push::NodeOutcome {
    push_jobs_async(data, vec![job("conf1", driver, bundle, endpoints)], quick())
        .await
        .remove(0)
}

fn driver(port: u16, node: &str, pin: Option<String>, pass: &str) -> Driver {
    Driver::of(certdeck::push::pexip::PexipDriver {
        settings: settings(port, node),
        pin,
        password: password(pass),
    })
}

#[tokio::test]
async fn a_failure_at_any_step_leaves_the_platform_as_it_was() {
    // Upload refused, assignment refused, the second CA refused, and the node not serving it.
    let failures = [
        Some(("POST /api/admin/configuration/v1/tls_certificate/", 1)),
        Some(("PATCH /api/admin/configuration/v1/worker_vm/", 1)),
        Some(("POST /api/admin/configuration/v1/ca_certificate/", 2)),
        None,
    ];
    for failure in failures {
        let (port, state) = start().await;
        let before = state.lock().unwrap().clone();
        state.lock().unwrap().fail = failure.map(|(request, n)| (request.to_string(), n));
        let endpoints = match failure {
            None => vec![closed_endpoint()],
            Some(_) => Vec::new(),
        };
        let data = tempfile::tempdir().unwrap();
        let outcome = push(
            data.path(),
            driver(port, "conf01", pin(), "secret"),
            bundle(),
            endpoints,
        )
        .await;
        assert_ne!(outcome.result, PushResult::Applied, "{failure:?}");
        assert!(
            outcome.detail.contains("rolled back"),
            "{failure:?}: {}",
            outcome.detail
        );
        let mut after = state.lock().unwrap().clone();
        // Ids are never reused, as in Pexip: only the counter may differ.
        after.next = before.next;
        assert_eq!(after, before, "{failure:?}: {}", outcome.detail);
    }
}

/// A push of the test bundle to `node` that must fail; its detail.
async fn refused_push(port: u16, node: &str, pin: Option<String>, pass: &str) -> String {
    let data = tempfile::tempdir().unwrap();
    let outcome = push(
        data.path(),
        driver(port, node, pin, pass),
        bundle(),
        Vec::new(),
    )
    .await;
    assert_eq!(outcome.result, PushResult::Failed);
    outcome.detail
}

#[tokio::test]
async fn wrong_password_unknown_node_and_unpinned_certificate() {
    let (port, state) = start().await;
    let before = state.lock().unwrap().clone();
    let error = refused_push(port, "conf01", pin(), "wrong").await;
    assert!(error.contains("refused the credentials (401"), "{error}");
    assert!(error.contains("nothing was changed"), "{error}");
    let error = refused_push(port, "nosuch", pin(), "secret").await;
    assert!(error.contains("no node named nosuch"), "{error}");
    let error = refused_push(port, "conf01", None, "secret").await;
    assert!(error.contains("not pinned yet"), "{error}");
    assert_eq!(*state.lock().unwrap(), before);
}

#[tokio::test]
async fn a_trust_list_alone_adds_the_cas_and_leaves_the_node_certificate() {
    let (port, state) = start().await;
    let trust_only = Bundle {
        certificate_pem: String::new(),
        chain_pem: String::new(),
        key_pem: None,
        parameters_pem: None,
        ..bundle()
    };
    let plan = certdeck::push::pexip::plan(&settings(port, "conf01"), &trust_only);
    assert_eq!(plan, ["POST 2 ca_certificate entries"], "only the CAs");
    let nodes_before = state.lock().unwrap().nodes.clone();
    let data = tempfile::tempdir().unwrap();
    let outcome = push(
        data.path(),
        driver(port, "conf01", pin(), "secret"),
        trust_only,
        Vec::new(),
    )
    .await;
    assert_eq!(outcome.detail, "2 CA certificate(s) added");
    let s = state.lock().unwrap();
    assert_eq!(s.cas.len(), 2);
    assert!(s.certificates.is_empty(), "no certificate uploaded");
    assert_eq!(s.nodes, nodes_before, "no node repointed");
}
