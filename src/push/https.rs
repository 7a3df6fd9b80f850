//! HTTPS upload for appliances with a web file manager (the Algo pattern: CA certificates go into
//! `certs/trusted`): WebDAV PUT, or a multipart POST form, with Basic authentication. The
//! appliance's own (often self-signed) certificate is pinned on first use: only that certificate
//! is accepted afterwards, and the handshake signature is still verified.
//!
//! WebDAV uploads can be rolled back (the previous files are read first and put back); a form
//! upload cannot.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use serde::Deserialize;
use sha2::{Digest, Sha256};
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

#[derive(Clone, Debug, Deserialize)]
pub struct HttpsSettings {
    /// Folder URL ending in `/` (WebDAV) or the form's URL (multipart).
    pub url: String,
    pub mode: UploadMode,
    pub user: Option<String>,
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

/// Accepts exactly the pinned certificate (or, with no pin, records what was offered and fails).
#[derive(Debug)]
struct Pinned {
    pin: Option<String>,
    seen: Mutex<Option<String>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let fingerprint = hex::encode(Sha256::digest(end_entity.as_ref()));
        if let Ok(mut seen) = self.seen.lock() {
            *seen = Some(fingerprint.clone());
        }
        match &self.pin {
            Some(pin) if *pin == fingerprint => Ok(ServerCertVerified::assertion()),
            _ => Err(rustls::Error::General("certificate not pinned".into())),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

pub(super) struct Client {
    pub(super) http: reqwest::Client,
    verifier: Arc<Pinned>,
}

pub(super) fn client(pin: Option<String>, timeout: Duration) -> Result<Client, PushError> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier = Arc::new(Pinned {
        pin,
        seen: Mutex::new(None),
        algorithms: provider.signature_verification_algorithms,
    });
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
        let seen = self.verifier.seen.lock().ok().and_then(|s| s.clone());
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
    let mut files = vec![(
        settings.certificate_name.clone(),
        Zeroizing::new(format!("{}{}", bundle.certificate_pem, bundle.chain_pem).into_bytes()),
    )];
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

fn authorize(
    request: reqwest::RequestBuilder,
    settings: &HttpsSettings,
    password: &Option<Zeroizing<String>>,
) -> reqwest::RequestBuilder {
    match &settings.user {
        Some(user) => request.basic_auth(user, password.as_ref().map(|p| p.as_str())),
        None => request,
    }
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
                let before = authorize(client.http.get(&url), settings, password)
                    .send()
                    .await
                    .map_err(|e| client.failure(pin, &url, e))?;
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
                let response = authorize(client.http.put(&url), settings, password)
                    .body(content.to_vec())
                    .send()
                    .await
                    .map_err(|e| client.failure(pin, &url, e))?;
                checked(&url, response)?;
            }
            UploadMode::Multipart => {
                let part =
                    reqwest::multipart::Part::bytes(content.to_vec()).file_name(name.clone());
                let form = reqwest::multipart::Form::new().part(settings.field.clone(), part);
                let response = authorize(client.http.post(&settings.url), settings, password)
                    .multipart(form)
                    .send()
                    .await
                    .map_err(|e| client.failure(pin, &settings.url, e))?;
                checked(&settings.url, response)?;
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
        let request = match old {
            Some(content) => {
                authorize(client.http.put(url), settings, password).body(content.clone())
            }
            None => authorize(client.http.delete(url), settings, password),
        };
        let response = request
            .send()
            .await
            .map_err(|e| client.failure(pin, url, e))?;
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
