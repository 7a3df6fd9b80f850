//! Pexip Infinity's management API (`/api/admin/configuration/v1/`, HTTPS Basic auth): upload a
//! `tls_certificate` (certificate with chain, private key, passphrase, DH/EC parameters), assign
//! it to the node by PATCHing the node's `tls_certificate`, upload `ca_certificate` entries, and
//! read alarms from `/api/admin/status/v1/alarm/`. The Management Node's certificate is pinned
//! like any appliance's. A rollback points the node back at its previous certificate.

use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::https::{checked, client};
use super::{Bundle, PushError};

const CONFIGURATION: &str = "/api/admin/configuration/v1";

#[derive(Clone, Debug, Deserialize)]
pub struct PexipSettings {
    /// The Management Node, e.g. `https://pexmgr.example.com`.
    pub url: String,
    pub user: String,
    /// The node's name in Pexip (a Conferencing Node or the Management Node).
    pub node_name: String,
}

/// A Pexip node as the API lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PexipNode {
    pub name: String,
    /// `worker_vm` (Conferencing Node) or `management_vm`.
    pub kind: String,
    pub resource_uri: String,
    pub tls_certificate: Option<String>,
}

/// A node's certificate before a push: its resource and the certificate it used.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assignment {
    pub node: String,
    pub certificate: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PexipAlarm {
    pub name: String,
    pub level: String,
    pub node: String,
    pub details: String,
}

struct Api {
    client: super::https::Client,
    base: String,
    user: String,
    password: Option<Zeroizing<String>>,
    pin: Option<String>,
}

impl Api {
    fn new(
        settings: &PexipSettings,
        pin: &Option<String>,
        password: &Option<Zeroizing<String>>,
        timeout: Duration,
    ) -> Result<Self, PushError> {
        Ok(Self {
            client: client(pin.clone(), timeout)?,
            base: settings.url.trim_end_matches('/').to_string(),
            user: settings.user.clone(),
            password: password.clone(),
            pin: pin.clone(),
        })
    }

    fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        }
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<reqwest::Response, PushError> {
        let url = self.url(path);
        let mut request = self
            .client
            .http
            .request(method, &url)
            .basic_auth(&self.user, self.password.as_ref().map(|p| p.as_str()));
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .map_err(|e| self.client.failure(&self.pin, &url, e))?;
        checked(&url, response)
    }

    async fn get(&self, path: &str) -> Result<Value, PushError> {
        self.send(reqwest::Method::GET, path, None)
            .await?
            .json()
            .await
            .map_err(|e| PushError::Driver(format!("{path}: unexpected answer: {e}")))
    }

    /// POSTs a new resource; returns its URI (from `Location`).
    async fn create(&self, path: &str, body: Value) -> Result<String, PushError> {
        let response = self.send(reqwest::Method::POST, path, Some(body)).await?;
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .ok_or_else(|| {
                PushError::Driver(format!("{path}: created, but no Location in the answer"))
            })?;
        // Keep the path: node resources refer to certificates by path.
        Ok(match location.find(CONFIGURATION) {
            Some(at) => location[at..].to_string(),
            None => location.to_string(),
        })
    }
}

/// Conferencing Nodes and the Management Node.
pub async fn nodes(
    settings: &PexipSettings,
    pin: &Option<String>,
    password: &Option<Zeroizing<String>>,
    timeout: Duration,
) -> Result<Vec<PexipNode>, PushError> {
    let api = Api::new(settings, pin, password, timeout)?;
    let mut found = Vec::new();
    for kind in ["worker_vm", "management_vm"] {
        let listing = api.get(&format!("{CONFIGURATION}/{kind}/")).await?;
        for object in listing["objects"].as_array().into_iter().flatten() {
            found.push(PexipNode {
                name: object["name"].as_str().unwrap_or_default().to_string(),
                kind: kind.to_string(),
                resource_uri: object["resource_uri"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                tls_certificate: object["tls_certificate"].as_str().map(str::to_string),
            });
        }
    }
    Ok(found)
}

/// The platform's alarms.
pub async fn alarms(
    settings: &PexipSettings,
    pin: &Option<String>,
    password: &Option<Zeroizing<String>>,
    timeout: Duration,
) -> Result<Vec<PexipAlarm>, PushError> {
    let api = Api::new(settings, pin, password, timeout)?;
    let listing = api.get("/api/admin/status/v1/alarm/").await?;
    serde_json::from_value(listing["objects"].clone())
        .map_err(|e| PushError::Driver(format!("alarms: unexpected answer: {e}")))
}

pub fn plan(settings: &PexipSettings, bundle: &Bundle) -> Vec<String> {
    let mut lines = Vec::new();
    if !bundle.trust_only() {
        lines.push(format!(
            "POST {}{CONFIGURATION}/tls_certificate/ ({} with chain{}{})",
            settings.url,
            bundle.subject,
            if bundle.key_pem.is_some() {
                ", private key"
            } else {
                ""
            },
            if bundle.parameters_pem.is_some() {
                ", DH/EC parameters"
            } else {
                ""
            }
        ));
        lines.push(format!("PATCH node {} to use it", settings.node_name));
    }
    let cas = bundle.trusted_cas_pem.matches("BEGIN CERTIFICATE").count();
    if cas > 0 {
        lines.push(format!(
            "POST {cas} ca_certificate entr{}",
            if cas == 1 { "y" } else { "ies" }
        ));
    }
    lines
}

/// Uploads and assigns; records the node's previous certificate for a rollback.
pub async fn apply(
    settings: &PexipSettings,
    pin: &Option<String>,
    password: &Option<Zeroizing<String>>,
    bundle: &Bundle,
    timeout: Duration,
    previous: &Mutex<Option<Assignment>>,
) -> Result<String, PushError> {
    let api = Api::new(settings, pin, password, timeout)?;
    if bundle.trust_only() {
        let cas = add_cas(&api, bundle).await?;
        return Ok(format!("{cas} CA certificate(s) added"));
    }
    let node = nodes(settings, pin, password, timeout)
        .await?
        .into_iter()
        .find(|n| n.name == settings.node_name)
        .ok_or_else(|| {
            PushError::Driver(format!("Pexip has no node named {}", settings.node_name))
        })?;
    let key = bundle.key_pem.as_ref().ok_or_else(|| {
        PushError::Driver("Pexip needs the private key with the certificate".into())
    })?;
    let mut body = json!({
        "certificate": format!("{}{}", bundle.certificate_pem, bundle.chain_pem),
        "private_key": key.as_str(),
        "private_key_passphrase": "",
    });
    if let Some(parameters) = &bundle.parameters_pem {
        body["parameters"] = Value::String(parameters.clone());
    }
    let certificate = api
        .create(&format!("{CONFIGURATION}/tls_certificate/"), body)
        .await?;
    if let Ok(mut slot) = previous.lock() {
        *slot = Some(Assignment {
            node: node.resource_uri.clone(),
            certificate: node.tls_certificate.clone(),
        });
    }
    api.send(
        reqwest::Method::PATCH,
        &node.resource_uri,
        Some(json!({ "tls_certificate": certificate })),
    )
    .await?;
    let cas = add_cas(&api, bundle).await?;
    Ok(format!(
        "uploaded {certificate}, assigned to {} ({}), {cas} CA certificate(s) added",
        node.name, node.kind
    ))
}

/// Adds the bundle's trusted CAs to the platform's CA list; returns how many.
async fn add_cas(api: &Api, bundle: &Bundle) -> Result<usize, PushError> {
    let mut cas = 0;
    for block in crate::pki::pem::scan(bundle.trusted_cas_pem.as_bytes()) {
        if block.label == "CERTIFICATE" && block.body.is_ok() {
            api.create(
                &format!("{CONFIGURATION}/ca_certificate/"),
                json!({ "certificate": block.text }),
            )
            .await?;
            cas += 1;
        }
    }
    Ok(cas)
}

/// Points the node back at the certificate it used before.
pub async fn rollback(
    settings: &PexipSettings,
    pin: &Option<String>,
    password: &Option<Zeroizing<String>>,
    previous: &Mutex<Option<Assignment>>,
    timeout: Duration,
) -> Result<String, PushError> {
    let Some(Assignment { node, certificate }) = previous.lock().ok().and_then(|p| p.clone())
    else {
        return Ok(String::new());
    };
    let api = Api::new(settings, pin, password, timeout)?;
    api.send(
        reqwest::Method::PATCH,
        &node,
        Some(json!({ "tls_certificate": certificate })),
    )
    .await?;
    Ok(format!(
        "{node} uses {} again",
        certificate.as_deref().unwrap_or("no certificate")
    ))
}
