//! HTTPS upload for appliances with a web file manager (the Algo pattern: CA certificates go into
//! `certs/trusted`): WebDAV PUT, or a multipart POST form, with Basic or Digest authentication. The
//! appliance's own (often self-signed) certificate is pinned on first use: only that certificate
//! is accepted afterwards, and the handshake signature is still verified.
//!
//! WebDAV uploads go through the push engine (`files`): the previous files are read first and
//! journaled, so a failure puts them back; a form upload cannot be read back or rolled back, and
//! the plan says so.

use std::sync::Arc;
use std::time::Duration;

use crate::net::tls::Capture;
use serde::Deserialize;
use zeroize::Zeroizing;

use super::files::{FileChange, FilePlan, MAX_FILE, Remote, too_large};
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
    // One connection per request: appliances' small web servers often close kept-alive
    // connections without saying so, and a push makes a handful of requests.
    let http = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        // A redirect is refused, not followed: the password and the key go only to the address
        // the node was set up with (not to a host, or an http:// address, the server names).
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(0)
        .timeout(timeout)
        .build()
        .map_err(|e| PushError::Driver(format!("HTTPS client: {e}")))?;
    Ok(Client { http, verifier })
}

/// A push carries a private key and a password: only over TLS, to the pinned certificate. An
/// `http://` address (or any other scheme) is refused before anything is sent.
pub fn require_https(url: &str) -> Result<(), PushError> {
    match reqwest::Url::parse(url) {
        Ok(parsed) if parsed.scheme() == "https" && parsed.host_str().is_some() => Ok(()),
        Ok(parsed) => Err(PushError::Settings(format!(
            "{url}: a push sends the private key and the password, so it goes only over https \
             (not {}): give the appliance's https:// address",
            parsed.scheme()
        ))),
        Err(error) => Err(PushError::Settings(format!(
            "{url} is not an address: {error}"
        ))),
    }
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

fn files(settings: &HttpsSettings, bundle: &Bundle) -> Vec<FileChange> {
    let mut files = Vec::new();
    if !bundle.trust_only() {
        files.push(FileChange {
            path: settings.certificate_name.clone(),
            content: Zeroizing::new(
                format!("{}{}", bundle.certificate_pem, bundle.chain_pem).into_bytes(),
            ),
            private: false,
        });
    }
    if let (Some(name), Some(key)) = (&settings.key_name, &bundle.key_pem) {
        files.push(FileChange {
            path: name.clone(),
            content: Zeroizing::new(key.as_bytes().to_vec()),
            private: true,
        });
    }
    if !bundle.trusted_cas_pem.is_empty() {
        files.push(FileChange {
            path: settings.trusted_ca_name.clone(),
            content: Zeroizing::new(bundle.trusted_cas_pem.clone().into_bytes()),
            private: false,
        });
    }
    files
}

/// What a push uploads (file names; the URL is the remote's).
pub fn file_plan(settings: &HttpsSettings, bundle: &Bundle) -> FilePlan {
    FilePlan {
        files: files(settings, bundle),
        reload: None,
    }
}

pub fn plan(settings: &HttpsSettings, bundle: &Bundle) -> Vec<String> {
    let mut lines: Vec<String> = files(settings, bundle)
        .iter()
        .map(|file| match settings.mode {
            UploadMode::Webdav => format!("PUT {}{}", settings.url, file.path),
            UploadMode::Multipart => {
                format!("POST {} ({} = {})", settings.url, settings.field, file.path)
            }
        })
        .collect();
    lines.push(match settings.mode {
        UploadMode::Webdav => {
            "each file's previous content read first (GET) and kept in the journal; \
             no copy is left on the appliance (its folders may trust every file in them)"
                .to_string()
        }
        UploadMode::Multipart => {
            "a form upload cannot be read back: if the push fails, the appliance's \
             files cannot be restored by certdeck"
                .to_string()
        }
    });
    lines
}

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
        Err(PushError::Refused(format!(
            "{url}: the appliance refused the credentials ({status})"
        )))
    } else {
        Err(PushError::Refused(format!(
            "{url}: the appliance answered {status}"
        )))
    }
}

/// The appliance's folder (WebDAV) or upload form, for the push engine.
pub struct HttpsRemote {
    client: Client,
    settings: HttpsSettings,
    pin: Option<String>,
    password: Option<Zeroizing<String>>,
}

impl HttpsRemote {
    pub fn open(
        settings: &HttpsSettings,
        pin: &Option<String>,
        password: &Option<Zeroizing<String>>,
        timeout: Duration,
    ) -> Result<Self, PushError> {
        require_https(&settings.url)?;
        Ok(Self {
            client: client(pin.clone(), timeout)?,
            settings: settings.clone(),
            pin: pin.clone(),
            password: password.clone(),
        })
    }

    fn url(&self, name: &str) -> String {
        match self.settings.mode {
            UploadMode::Webdav => format!("{}{name}", self.settings.url),
            UploadMode::Multipart => self.settings.url.clone(),
        }
    }

    async fn send(
        &self,
        method: reqwest::Method,
        url: &str,
        body: Body<'_>,
    ) -> Result<reqwest::Response, PushError> {
        send(
            &self.client,
            &self.settings,
            &self.password,
            &self.pin,
            method,
            url,
            body,
        )
        .await
    }
}

impl Remote for HttpsRemote {
    async fn read(&mut self, name: &str) -> Result<Option<Zeroizing<Vec<u8>>>, PushError> {
        if self.settings.mode == UploadMode::Multipart {
            return Err(PushError::Driver(
                "a form upload cannot read files back".into(),
            ));
        }
        let url = self.url(name);
        let response = self.send(reqwest::Method::GET, &url, Body::Empty).await?;
        if response.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        let response = checked(&url, response)?;
        if response
            .content_length()
            .is_some_and(|length| length as usize > MAX_FILE)
        {
            return Err(too_large(&url));
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| self.client.failure(&self.pin, &url, e))?;
        if bytes.len() > MAX_FILE {
            return Err(too_large(&url));
        }
        Ok(Some(Zeroizing::new(bytes.to_vec())))
    }

    fn can_read(&self) -> bool {
        self.settings.mode == UploadMode::Webdav
    }

    async fn replace(
        &mut self,
        name: &str,
        content: &[u8],
        _private: bool,
    ) -> Result<(), PushError> {
        let url = self.url(name);
        let response = match self.settings.mode {
            // A WebDAV server writes the body to a temporary file and renames it (nginx,
            // Apache mod_dav): the old file is served until the new one is complete.
            UploadMode::Webdav => {
                self.send(reqwest::Method::PUT, &url, Body::Bytes(content))
                    .await?
            }
            UploadMode::Multipart => {
                let field = self.settings.field.clone();
                let body = Body::File {
                    field: &field,
                    name,
                    content,
                };
                self.send(reqwest::Method::POST, &url, body).await?
            }
        };
        checked(&url, response).map(|_| ())
    }

    async fn remove(&mut self, name: &str) -> Result<(), PushError> {
        if self.settings.mode == UploadMode::Multipart {
            return Err(PushError::Driver(
                "a form upload cannot remove files".into(),
            ));
        }
        let url = self.url(name);
        let response = self
            .send(reqwest::Method::DELETE, &url, Body::Empty)
            .await?;
        if response.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(());
        }
        checked(&url, response).map(|_| ())
    }

    async fn run(&mut self, command: &str) -> Result<String, PushError> {
        Err(PushError::Driver(format!(
            "the HTTPS driver cannot run {command:?}"
        )))
    }

    fn backup_name(&self, _path: &str, _push: i64) -> Option<String> {
        None
    }

    fn temporary_name(&self, _path: &str) -> Option<String> {
        None
    }

    fn describe(&self, name: &str) -> String {
        match self.settings.mode {
            UploadMode::Webdav => self.url(name),
            UploadMode::Multipart => format!("{} ({name})", self.settings.url),
        }
    }

    fn owns(&self, name: &str) -> bool {
        let name = super::files::copied_from(name);
        name == self.settings.certificate_name
            || name == self.settings.trusted_ca_name
            || self.settings.key_name.as_deref() == Some(name)
    }

    fn may_run(&self, _: &str) -> bool {
        // An upload runs nothing.
        false
    }
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

/// The HTTPS upload driver in the registry (`push::driver`).
pub const REGISTRATION: super::driver::Registration = super::driver::Registration {
    name: "https",
    configure: |configuration| {
        Ok(Arc::new(HttpsDriver {
            settings: super::driver::settings("https", configuration.settings)?,
            pin: configuration.pin,
            password: configuration.credentials.password,
        }))
    },
};

/// The HTTPS upload driver, configured: settings, the appliance's pinned certificate (SHA-256),
/// the login's password.
pub struct HttpsDriver {
    pub settings: HttpsSettings,
    pub pin: Option<String>,
    pub password: Option<Zeroizing<String>>,
}

impl super::driver::NodeDriver for HttpsDriver {
    fn name(&self) -> &'static str {
        "https"
    }

    fn plan(&self, bundle: &Bundle) -> Vec<String> {
        plan(&self.settings, bundle)
    }

    fn connect(
        &self,
    ) -> super::driver::Answer<'_, Result<Box<dyn super::driver::NodeSession>, PushError>> {
        Box::pin(async move {
            let remote = HttpsRemote::open(
                &self.settings,
                &self.pin,
                &self.password,
                super::DRIVER_TIMEOUT,
            )?;
            let settings = self.settings.clone();
            Ok(super::driver::FileSession::boxed(
                remote,
                Box::new(move |bundle| Ok(file_plan(&settings, bundle))),
            ))
        })
    }

    fn first_contact<'a>(
        &'a self,
        pinned: Option<&'a str>,
        timeout: Duration,
    ) -> super::driver::Answer<'a, Result<Option<super::driver::Contact>, PushError>> {
        Box::pin(tls_contact(&self.settings.url, pinned, timeout))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// Who answers at `url`: its HTTPS certificate's SHA-256, and whether it is `pinned`.
pub async fn tls_contact(
    url: &str,
    pinned: Option<&str>,
    timeout: Duration,
) -> Result<Option<super::driver::Contact>, PushError> {
    let probe = HttpsSettings {
        url: url.to_string(),
        mode: UploadMode::Webdav,
        user: None,
        auth: Default::default(),
        field: String::new(),
        certificate_name: String::new(),
        key_name: None,
        trusted_ca_name: String::new(),
    };
    let fingerprint = fingerprint(&probe, timeout).await?;
    Ok(Some(super::driver::Contact {
        identity: super::driver::Identity::TlsCertificate,
        pinned: pinned == Some(fingerprint.as_str()),
        fingerprint,
        logged_in_as: None,
    }))
}
