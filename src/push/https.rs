//! HTTPS upload for appliances with a web file manager (the Algo pattern: CA certificates go into
//! `certs/trusted`): WebDAV PUT, or a multipart POST form, with Basic or Digest authentication. The
//! appliance's own (often self-signed) certificate is pinned on first use: only that certificate
//! is accepted afterwards, and the handshake signature is still verified.
//!
//! WebDAV uploads can be rolled back (the previous files are read first and put back); a form
//! upload cannot.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::probe::Capture;
use serde::Deserialize;
use zeroize::Zeroizing;

use super::{Bundle, PushError};

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum UploadMode {
    /// `PUT <url><file name>` for each file.
    Webdav,
    /// `POST <url>` with one multipart form per file.
    Multipart,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum AuthScheme {
    #[default]
    Basic,
    /// RFC 7616 Digest, as many phones' web servers ask for.
    Digest,
}

#[derive(Clone, Debug, Deserialize)]
pub struct HttpsSettings {
    /// Folder URL ending in `/` (WebDAV) or the form's URL (multipart).
    pub url: String,
    pub mode: UploadMode,
    pub user: Option<String>,
    #[serde(default)]
    pub auth: AuthScheme,
    /// Multipart: the form field holding the file.
    #[serde(default = "default_field")]
    pub field: String,
    #[serde(default = "default_certificate_name")]
    pub certificate_name: String,
    pub key_name: Option<String>,
    #[serde(default = "default_ca_name")]
    pub trusted_ca_name: String,
}

fn default_field() -> String {
    "file".into()
}
fn default_certificate_name() -> String {
    "certificate.pem".into()
}
fn default_ca_name() -> String {
    "trusted-ca.pem".into()
}

pub(super) struct Client {
    pub(super) http: reqwest::Client,
    verifier: Arc<Capture>,
}

pub(super) fn client(pin: Option<String>, timeout: Duration) -> Result<Client, PushError> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    // Only the pinned certificate is accepted (with no pin yet: none, after recording it).
    let verifier = Arc::new(Capture::new(Some(pin), &provider));
    let tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| PushError::Driver(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier.clone())
        .with_no_client_auth();
    let http = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .timeout(timeout)
        .build()
        .map_err(|e| PushError::Driver(format!("HTTPS client: {e}")))?;
    Ok(Client { http, verifier })
}

impl Client {
    /// Turns a failed request into the right error: first contact, changed certificate, or other.
    pub(super) fn failure(
        &self,
        pin: &Option<String>,
        url: &str,
        error: reqwest::Error,
    ) -> PushError {
        let seen = self.verifier.leaf_fingerprint();
        match (pin, seen) {
            (None, Some(seen)) => PushError::HostKeyNotPinned(seen),
            (Some(pin), Some(seen)) if *pin != seen => PushError::Driver(format!(
                "{url}: the appliance's certificate CHANGED (pinned {pin}, now {seen}): refusing to upload"
            )),
            _ => PushError::Driver(format!("{url}: {error}")),
        }
    }
}

fn files(settings: &HttpsSettings, bundle: &Bundle) -> Vec<(String, Zeroizing<Vec<u8>>)> {
    let mut files = Vec::new();
    if !bundle.trust_only() {
        files.push((
            settings.certificate_name.clone(),
            Zeroizing::new(format!("{}{}", bundle.certificate_pem, bundle.chain_pem).into_bytes()),
        ));
    }
    if let (Some(name), Some(key)) = (&settings.key_name, &bundle.key_pem) {
        files.push((name.clone(), Zeroizing::new(key.as_bytes().to_vec())));
    }
    if !bundle.trusted_cas_pem.is_empty() {
        files.push((
            settings.trusted_ca_name.clone(),
            Zeroizing::new(bundle.trusted_cas_pem.clone().into_bytes()),
        ));
    }
    files
}

pub fn plan(settings: &HttpsSettings, bundle: &Bundle) -> Vec<String> {
    files(settings, bundle)
        .iter()
        .map(|(name, _)| match settings.mode {
            UploadMode::Webdav => format!("PUT {}{name}", settings.url),
            UploadMode::Multipart => format!("POST {} ({} = {name})", settings.url, settings.field),
        })
        .collect()
}

/// The files as they were before an upload (WebDAV), for a rollback.
#[derive(Clone, Default)]
pub struct Previous(pub Vec<(String, Option<Vec<u8>>)>);

/// What a request carries.
enum Body<'a> {
    Empty,
    Bytes(&'a [u8]),
    /// A multipart form with one file.
    File {
        field: &'a str,
        name: &'a str,
        content: &'a [u8],
    },
}

fn build(
    client: &Client,
    method: &reqwest::Method,
    url: &str,
    body: &Body<'_>,
) -> reqwest::RequestBuilder {
    let request = client.http.request(method.clone(), url);
    match body {
        Body::Empty => request,
        Body::Bytes(bytes) => request.body(bytes.to_vec()),
        Body::File {
            field,
            name,
            content,
        } => {
            let part =
                reqwest::multipart::Part::bytes(content.to_vec()).file_name(name.to_string());
            request.multipart(reqwest::multipart::Form::new().part(field.to_string(), part))
        }
    }
}

/// Sends with the configured authentication: Basic up front, or Digest after the server's
/// challenge (the request is then sent again with the answer).
async fn send(
    client: &Client,
    settings: &HttpsSettings,
    password: &Option<Zeroizing<String>>,
    pin: &Option<String>,
    method: reqwest::Method,
    url: &str,
    body: Body<'_>,
) -> Result<reqwest::Response, PushError> {
    let password_text = password.as_ref().map(|p| p.as_str());
    let request = build(client, &method, url, &body);
    let request = match (&settings.user, settings.auth) {
        (Some(user), AuthScheme::Basic) => request.basic_auth(user, password_text),
        _ => request,
    };
    let response = request
        .send()
        .await
        .map_err(|e| client.failure(pin, url, e))?;
    let challenge = response
        .headers()
        .get(reqwest::header::WWW_AUTHENTICATE)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string);
    let (Some(user), AuthScheme::Digest, reqwest::StatusCode::UNAUTHORIZED, Some(challenge)) =
        (&settings.user, settings.auth, response.status(), challenge)
    else {
        return Ok(response);
    };
    let mut prompt = digest_auth::parse(&challenge)
        .map_err(|e| PushError::Driver(format!("{url}: unreadable Digest challenge: {e}")))?;
    let uri = reqwest::Url::parse(url)
        .map(|u| match u.query() {
            Some(query) => format!("{}?{query}", u.path()),
            None => u.path().to_string(),
        })
        .unwrap_or_else(|_| url.to_string());
    let context = digest_auth::AuthContext::new_with_method(
        user.as_str(),
        password_text.unwrap_or_default(),
        uri.as_str(),
        None::<&[u8]>,
        digest_auth::HttpMethod(method.as_str().to_string().into()),
    );
    let answer = prompt
        .respond(&context)
        .map_err(|e| PushError::Driver(format!("{url}: Digest authentication: {e}")))?;
    build(client, &method, url, &body)
        .header(reqwest::header::AUTHORIZATION, answer.to_header_string())
        .send()
        .await
        .map_err(|e| client.failure(pin, url, e))
}

pub(super) fn checked(
    url: &str,
    response: reqwest::Response,
) -> Result<reqwest::Response, PushError> {
    let status = response.status();
    if status.is_success() {
        Ok(response)
    } else if status == reqwest::StatusCode::UNAUTHORIZED
        || status == reqwest::StatusCode::FORBIDDEN
    {
        Err(PushError::Driver(format!(
            "{url}: the appliance refused the credentials ({status})"
        )))
    } else {
        Err(PushError::Driver(format!(
            "{url}: the appliance answered {status}"
        )))
    }
}

/// Uploads the files, recording in `previous` what each replaced (WebDAV) as it goes, so that a
/// failure half-way can be rolled back too.
pub async fn apply(
    settings: &HttpsSettings,
    pin: &Option<String>,
    password: &Option<Zeroizing<String>>,
    bundle: &Bundle,
    timeout: Duration,
    previous: &Mutex<Previous>,
) -> Result<String, PushError> {
    let client = client(pin.clone(), timeout)?;
    if let Ok(mut previous) = previous.lock() {
        previous.0.clear();
    }
    let mut done = Vec::new();
    for (name, content) in files(settings, bundle) {
        match settings.mode {
            UploadMode::Webdav => {
                let url = format!("{}{name}", settings.url);
                let before = send(
                    &client,
                    settings,
                    password,
                    pin,
                    reqwest::Method::GET,
                    &url,
                    Body::Empty,
                )
                .await?;
                let old = if before.status().is_success() {
                    Some(
                        before
                            .bytes()
                            .await
                            .map_err(|e| client.failure(pin, &url, e))?
                            .to_vec(),
                    )
                } else if before.status() == reqwest::StatusCode::NOT_FOUND {
                    None
                } else {
                    checked(&url, before)?;
                    None
                };
                if let Ok(mut previous) = previous.lock() {
                    previous.0.push((url.clone(), old));
                }
                let body = Body::Bytes(&content);
                let response = send(
                    &client,
                    settings,
                    password,
                    pin,
                    reqwest::Method::PUT,
                    &url,
                    body,
                )
                .await?;
                checked(&url, response)?;
            }
            UploadMode::Multipart => {
                let body = Body::File {
                    field: &settings.field,
                    name: &name,
                    content: &content,
                };
                let url = &settings.url;
                let response = send(
                    &client,
                    settings,
                    password,
                    pin,
                    reqwest::Method::POST,
                    url,
                    body,
                )
                .await?;
                checked(url, response)?;
            }
        }
        done.push(name);
    }
    Ok(format!("uploaded {} to {}", done.join(", "), settings.url))
}

/// Puts the previous files back (WebDAV); deletes files that were not there.
pub async fn rollback(
    settings: &HttpsSettings,
    pin: &Option<String>,
    password: &Option<Zeroizing<String>>,
    previous: &Previous,
    timeout: Duration,
) -> Result<String, PushError> {
    if settings.mode == UploadMode::Multipart {
        return Err(PushError::Driver(
            "a form upload cannot be rolled back: restore the appliance's files by hand".into(),
        ));
    }
    let client = client(pin.clone(), timeout)?;
    let mut restored = Vec::new();
    for (url, old) in &previous.0 {
        let response = match old {
            Some(content) => {
                let body = Body::Bytes(content);
                send(
                    &client,
                    settings,
                    password,
                    pin,
                    reqwest::Method::PUT,
                    url,
                    body,
                )
                .await?
            }
            None => {
                send(
                    &client,
                    settings,
                    password,
                    pin,
                    reqwest::Method::DELETE,
                    url,
                    Body::Empty,
                )
                .await?
            }
        };
        checked(url, response)?;
        restored.push(if old.is_some() {
            format!("restored {url}")
        } else {
            format!("removed {url}")
        });
    }
    Ok(restored.join(", "))
}

/// Connects once to learn the appliance's certificate fingerprint (first contact).
pub async fn fingerprint(settings: &HttpsSettings, timeout: Duration) -> Result<String, PushError> {
    let client = client(None, timeout)?;
    match client.http.get(&settings.url).send().await {
        Err(error) => match client.failure(&None, &settings.url, error) {
            PushError::HostKeyNotPinned(seen) => Ok(seen),
            other => Err(other),
        },
        Ok(_) => Err(PushError::Driver(
            "the appliance accepted an unpinned connection".into(),
        )),
    }
}
