//! Pexip Infinity's management API (`/api/admin/configuration/v1/`, HTTPS Basic auth): upload a
//! `tls_certificate` (certificate with chain, private key, passphrase, DH/EC parameters), assign
//! it to the node by PATCHing the node's `tls_certificate`, upload `ca_certificate` entries, and
//! read alarms from `/api/admin/status/v1/alarm/`. The Management Node's certificate is pinned
//! like any appliance's. Every step is journaled: a rollback points the node back at its previous
//! certificate (only if it still uses the one the push assigned) and deletes what the push
//! created.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use zeroize::Zeroizing;

use super::files::{Failed, Undone};
use super::https::{checked, client};
use super::journal::{Context, Journal};
use super::{Bundle, PushError};
use crate::store::journal::{Content, PlannedStep, StepKind, StepState};

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
        super::https::require_https(&settings.url)?;
        Ok(Self {
            client: client(pin.clone(), timeout)?,
            base: settings.url.trim_end_matches('/').to_string(),
            user: settings.user.clone(),
            password: password.clone(),
            pin: pin.clone(),
        })
    }

    /// The address of `path`: a path under the configured base, or an absolute URL the
    /// appliance named (`Location`, `resource_uri`) — only on the same scheme, host and port as
    /// the base. Basic authentication goes with every request, so a URL on another host is
    /// refused: a hostile or confused server cannot collect the password.
    fn url(&self, path: &str) -> Result<String, PushError> {
        let joined = if path.starts_with("http:") || path.starts_with("https:") {
            path.to_string()
        } else {
            format!("{}{path}", self.base)
        };
        let path = joined.as_str();
        let (base, named) = (reqwest::Url::parse(&self.base), reqwest::Url::parse(path));
        match (base, named) {
            (Ok(base), Ok(named))
                if named.scheme() == base.scheme()
                    && named.host_str() == base.host_str()
                    && named.port_or_known_default() == base.port_or_known_default() =>
            {
                Ok(path.to_string())
            }
            _ => Err(PushError::Driver(format!(
                "the appliance named {} as a resource, which is not on {}: refused (the \
                 credentials go only to the configured address)",
                crate::sanitize::visible(path),
                self.base
            ))),
        }
    }

    /// Sends a request with Basic authentication; the answer whatever its status.
    async fn request(
        &self,
        method: reqwest::Method,
        url: &str,
        body: Option<Value>,
    ) -> Result<reqwest::Response, PushError> {
        let mut request = self
            .client
            .http
            .request(method, url)
            .basic_auth(&self.user, self.password.as_ref().map(|p| p.as_str()));
        if let Some(body) = body {
            request = request.json(&body);
        }
        request
            .send()
            .await
            .map_err(|e| self.client.failure(&self.pin, url, e))
    }

    /// Sends a request; an error status is an error.
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> Result<reqwest::Response, PushError> {
        let url = self.url(path)?;
        let response = self.request(method, &url, body).await?;
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
    list_nodes(&Api::new(settings, pin, password, timeout)?).await
}

/// Conferencing Nodes and the Management Node, through an API already set up.
async fn list_nodes(api: &Api) -> Result<Vec<PexipNode>, PushError> {
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

const TLS_CERTIFICATES: &str = "/api/admin/configuration/v1/tls_certificate/";
const CA_CERTIFICATES: &str = "/api/admin/configuration/v1/ca_certificate/";

/// The Management Node's API, logged in, for the push engine.
pub struct PexipRemote {
    api: Api,
    settings: PexipSettings,
}

impl PexipRemote {
    pub fn open(
        settings: &PexipSettings,
        pin: &Option<String>,
        password: &Option<Zeroizing<String>>,
        timeout: Duration,
    ) -> Result<Self, PushError> {
        Ok(Self {
            api: Api::new(settings, pin, password, timeout)?,
            settings: settings.clone(),
        })
    }

    async fn node(&self) -> Result<PexipNode, PushError> {
        list_nodes(&self.api)
            .await?
            .into_iter()
            .find(|n| n.name == self.settings.node_name)
            .ok_or_else(|| {
                PushError::Driver(format!(
                    "Pexip has no node named {}",
                    self.settings.node_name
                ))
            })
    }

    /// Deletes a resource this push created; one already gone counts as deleted. Only a
    /// certificate resource: the URI comes from the journal, which a teammate may have written.
    async fn delete(&self, uri: &str) -> Result<(), PushError> {
        let url = self.api.url(uri)?;
        let path = reqwest::Url::parse(&url)
            .map(|u| u.path().to_string())
            .unwrap_or_default();
        let certificate = |collection: &str| {
            path.strip_prefix(collection)
                .is_some_and(|rest| !rest.is_empty() && !rest.contains(".."))
        };
        if !certificate(TLS_CERTIFICATES) && !certificate(CA_CERTIFICATES) {
            return Err(PushError::NotApproved(format!(
                "{}: not a certificate this push could have created: left alone",
                crate::sanitize::visible(uri)
            )));
        }
        let response = self
            .api
            .request(reqwest::Method::DELETE, &url, None)
            .await?;
        if response.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(());
        }
        checked(&url, response).map(|_| ())
    }

    async fn assign(&self, node: &str, certificate: Option<&str>) -> Result<(), PushError> {
        self.api
            .send(
                reqwest::Method::PATCH,
                node,
                Some(json!({ "tls_certificate": certificate })),
            )
            .await
            .map(|_| ())
    }
}

fn uri_content(uri: &Option<String>) -> Content {
    match uri {
        Some(uri) => Content::Present(Zeroizing::new(uri.as_bytes().to_vec())),
        None => Content::Absent,
    }
}

fn content_uri(content: &Content) -> Option<String> {
    match content {
        Content::Present(bytes) => Some(String::from_utf8_lossy(bytes).into_owned()),
        _ => None,
    }
}

fn ca_blocks(bundle: &Bundle) -> Vec<String> {
    crate::pki::pem::scan(bundle.trusted_cas_pem.as_bytes())
        .into_iter()
        .filter(|block| block.label == "CERTIFICATE")
        .filter_map(|block| block.to_pem())
        .collect()
}

/// Journals and applies: upload the certificate, assign it to the node, add the trusted CAs.
pub async fn apply(
    remote: &PexipRemote,
    bundle: &Bundle,
    journal: &Journal,
    context: &Context,
) -> Result<(i64, String), Failed> {
    let fail_early = |error| Failed { push: None, error };
    let mut steps = Vec::new();
    let mut node = None;
    let mut body = None;
    if !bundle.trust_only() {
        let found = remote.node().await.map_err(fail_early)?;
        let key = bundle.key_pem.as_ref().ok_or_else(|| {
            fail_early(PushError::Driver(
                "Pexip needs the private key with the certificate".into(),
            ))
        })?;
        let certificate = format!("{}{}", bundle.certificate_pem, bundle.chain_pem);
        let mut upload = json!({
            "certificate": certificate,
            "private_key": key.as_str(),
            "private_key_passphrase": "",
        });
        if let Some(parameters) = &bundle.parameters_pem {
            upload["parameters"] = Value::String(parameters.clone());
        }
        steps.push(PlannedStep {
            kind: StepKind::Create,
            target: TLS_CERTIFICATES.to_string(),
            private: false,
            before: Content::Absent,
            after: Content::Present(Zeroizing::new(certificate.into_bytes())),
        });
        steps.push(PlannedStep {
            kind: StepKind::Assign,
            target: found.resource_uri.clone(),
            private: false,
            before: uri_content(&found.tls_certificate),
            after: Content::Unknown,
        });
        node = Some(found);
        body = Some(Zeroizing::new(upload.to_string()));
    }
    let cas = ca_blocks(bundle);
    for ca in &cas {
        steps.push(PlannedStep {
            kind: StepKind::Create,
            target: CA_CERTIFICATES.to_string(),
            private: false,
            before: Content::Absent,
            after: Content::Present(Zeroizing::new(ca.clone().into_bytes())),
        });
    }
    let push = journal.begin(context, &steps).map_err(fail_early)?;
    let fail = |error| Failed {
        push: Some(push),
        error,
    };
    let mut seq = 0;
    let mut said = Vec::new();
    if let (Some(node), Some(body)) = (&node, &body) {
        let upload: Value =
            serde_json::from_str(body).map_err(|e| fail(PushError::Driver(e.to_string())))?;
        let certificate = journaled(
            journal,
            push,
            seq,
            remote.api.create(TLS_CERTIFICATES, upload),
            |uri: &String| Some(uri.as_str()),
        )
        .await?;
        seq += 1;
        journaled(
            journal,
            push,
            seq,
            remote.assign(&node.resource_uri, Some(&certificate)),
            |_: &()| None,
        )
        .await?;
        seq += 1;
        said.push(format!(
            "uploaded {certificate}, assigned to {} ({})",
            node.name, node.kind
        ));
    }
    for ca in cas {
        let created = remote
            .api
            .create(CA_CERTIFICATES, json!({ "certificate": ca }));
        journaled(journal, push, seq, created, |uri: &String| {
            Some(uri.as_str())
        })
        .await?;
        seq += 1;
    }
    let added = seq as usize - if node.is_some() { 2 } else { 0 };
    said.push(format!("{added} CA certificate(s) added"));
    Ok((push, said.join(", ")))
}

/// One API step, journaled: marked started, carried out, the resource it created recorded
/// (`creates`), marked done. When the Management Node answers with an error it did nothing, and
/// the step is marked so; a request that timed out may have been carried out: it stays `started`.
async fn journaled<T>(
    journal: &Journal,
    push: i64,
    seq: u32,
    request: impl std::future::Future<Output = Result<T, PushError>>,
    created: impl FnOnce(&T) -> Option<&str>,
) -> Result<T, Failed> {
    let fail = |error| Failed {
        push: Some(push),
        error,
    };
    journal
        .step(push, seq, StepState::Started, None)
        .map_err(fail)?;
    match request.await {
        Ok(answer) => {
            if let Some(uri) = created(&answer) {
                journal.left(push, seq, None, Some(uri)).map_err(fail)?;
            }
            journal
                .step(push, seq, StepState::Done, None)
                .map_err(fail)?;
            Ok(answer)
        }
        Err(error) => {
            if matches!(error, PushError::Refused(_)) {
                let _ = journal.step(push, seq, StepState::Undone, Some("refused by the node"));
            }
            Err(fail(error))
        }
    }
}

/// Undoes the journaled push: the node points at its previous certificate again (if it still
/// uses the one this push assigned), and what the push created is deleted, newest first.
pub async fn undo(
    remote: &PexipRemote,
    journal: &Journal,
    push: i64,
    now: time::OffsetDateTime,
) -> Result<String, PushError> {
    let record = journal.load(push)?;
    let uploaded = record
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Create && s.target == TLS_CERTIFICATES)
        .and_then(|s| s.created.clone());
    let mut said = Vec::new();
    let mut problems = Vec::new();
    let mut unreachable = Vec::new();
    for step in record.steps.iter().rev() {
        if !step.state.touched() {
            continue;
        }
        let (state, note) = match step.kind {
            StepKind::Assign => {
                let before = content_uri(&step.before);
                match remote.node().await {
                    Err(error) => (StepState::Started, format!("{}: {error}", step.target)),
                    Ok(node) if node.tls_certificate == before => (
                        StepState::Undone,
                        format!("{} unchanged (the push had not assigned it)", node.name),
                    ),
                    Ok(node) if uploaded.is_some() && node.tls_certificate == uploaded => {
                        match remote.assign(&step.target, before.as_deref()).await {
                            Err(error) => (StepState::Started, format!("{}: {error}", node.name)),
                            Ok(()) => match remote.node().await {
                                Ok(again) if again.tls_certificate == before => (
                                    StepState::Undone,
                                    format!(
                                        "{} uses {} again",
                                        node.name,
                                        before.as_deref().unwrap_or("no certificate")
                                    ),
                                ),
                                Ok(_) => (
                                    StepState::Kept,
                                    format!("{}: reassigned, but reads back different", node.name),
                                ),
                                Err(error) => {
                                    (StepState::Started, format!("{}: {error}", node.name))
                                }
                            },
                        }
                    }
                    Ok(node) => (
                        StepState::Kept,
                        format!(
                            "{} was given another certificate by someone else since: left as it is",
                            node.name
                        ),
                    ),
                }
            }
            StepKind::Create => match &step.created {
                Some(created) => match remote.delete(created).await {
                    Ok(()) => (StepState::Undone, format!("deleted {created}")),
                    Err(error) => (StepState::Started, format!("{created}: {error}")),
                },
                None if step.state == StepState::Started => (
                    StepState::Kept,
                    format!(
                        "a POST to {} was interrupted: check for an extra entry by hand",
                        step.target
                    ),
                ),
                None => (StepState::Undone, String::new()),
            },
            _ => continue,
        };
        match state {
            // Not reached: the step stays `started` for a later resume.
            StepState::Started => unreachable.push(note.clone()),
            StepState::Kept => problems.push(note.clone()),
            _ => {}
        }
        journal.step(push, step.seq, state, Some(&note))?;
        if !note.is_empty() {
            said.push(note);
        }
    }
    said.reverse();
    Undone {
        said,
        problems,
        unreachable,
    }
    .conclude(journal, push, now, "the Management Node")
}

mod driver;
pub use driver::{PexipDriver, REGISTRATION};

#[cfg(test)]
mod origin_tests;
