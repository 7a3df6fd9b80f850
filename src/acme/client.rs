//! Talking to an ACME CA: the HTTPS client (Mozilla roots, plus the root of an internal CA when
//! the account names one), accounts (new with the CA's terms agreed and External Account Binding
//! when asked, restored from the vault, deactivated), revocation, the directory's metadata, and
//! the CA's errors sorted so that nothing ever loops against a CA.
//!
//! `badNonce` is retried by instant-acme itself. A `rateLimited` problem, or HTTP 429/503, stops
//! the account until its `Retry-After` (an hour when the CA gives none): the wrapper below sees the
//! header, which instant-acme does not pass on.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::Request;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use instant_acme::{
    Account, AccountCredentials, BodyWrapper, BytesResponse, ExternalAccountKey, HttpClient,
    NewAccount, RevocationReason, RevocationRequest,
};
use rustls_pki_types::CertificateDer;
use serde::Serialize;
use time::OffsetDateTime;

use super::AcmeError;

/// How long one request to the CA may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// How long to leave a CA alone that rate-limits without saying until when.
const DEFAULT_BACK_OFF: Duration = Duration::from_secs(3600);

type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

/// The HTTPS client instant-acme sends through; remembers the last `Retry-After` it was given.
#[derive(Clone)]
pub struct Http {
    client: HyperClient<Connector, BodyWrapper<Bytes>>,
    retry_after: Arc<Mutex<Option<SystemTime>>>,
}

/// TLS trusting the Mozilla roots and, for an internal CA, `extra_root_pem`.
fn tls_config(extra_root_pem: Option<&str>) -> Result<rustls::ClientConfig, AcmeError> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(pem) = extra_root_pem {
        let mut added = 0;
        for block in crate::pki::pem::scan(pem.as_bytes())
            .iter()
            .filter(|b| b.label == "CERTIFICATE")
        {
            let der = block
                .body
                .clone()
                .map_err(|e| AcmeError::Invalid(format!("the CA's root certificate: {e}")))?;
            roots
                .add(CertificateDer::from(der))
                .map_err(|e| AcmeError::Invalid(format!("the CA's root certificate: {e}")))?;
            added += 1;
        }
        if added == 0 {
            return Err(AcmeError::Invalid(
                "the CA's root certificate: no PEM certificate found".into(),
            ));
        }
    }
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| AcmeError::Invalid(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(config)
}

impl Http {
    /// A client trusting the Mozilla roots and, for an internal CA, `extra_root_pem`.
    pub fn new(extra_root_pem: Option<&str>) -> Result<Self, AcmeError> {
        let config = tls_config(extra_root_pem)?;
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(config)
            .https_only()
            .enable_http1()
            .enable_http2()
            .build();
        Ok(Self {
            client: HyperClient::builder(TokioExecutor::new()).build(connector),
            retry_after: Arc::new(Mutex::new(None)),
        })
    }

    /// The `Retry-After` of the last 429/503 answer, if any.
    fn take_retry_after(&self) -> Option<SystemTime> {
        self.retry_after
            .lock()
            .ok()
            .and_then(|mut slot| slot.take())
    }
}

impl HttpClient for Http {
    fn request(
        &self,
        request: Request<BodyWrapper<Bytes>>,
    ) -> Pin<Box<dyn Future<Output = Result<BytesResponse, instant_acme::Error>> + Send>> {
        let sent = HttpClient::request(&self.client, request);
        let slot = self.retry_after.clone();
        Box::pin(async move {
            let response = tokio::time::timeout(REQUEST_TIMEOUT, sent)
                .await
                .map_err(|_| {
                    instant_acme::Error::Other(
                        format!("no answer within {} s", REQUEST_TIMEOUT.as_secs()).into(),
                    )
                })??;
            let status = response.parts.status.as_u16();
            if status == 429 || status == 503 {
                let until = response
                    .parts
                    .headers
                    .get(http::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(parse_retry_after)
                    .unwrap_or_else(|| SystemTime::now() + DEFAULT_BACK_OFF);
                if let Ok(mut slot) = slot.lock() {
                    *slot = Some(until);
                }
            }
            Ok(response)
        })
    }
}

/// `Retry-After`: seconds, or an HTTP date.
fn parse_retry_after(value: &str) -> Option<SystemTime> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(SystemTime::now() + Duration::from_secs(seconds.min(7 * 86_400)));
    }
    httpdate::parse_http_date(value).ok()
}

/// A connected account and the client it speaks through.
pub struct Connected {
    pub account: Account,
    http: Http,
}

impl Connected {
    /// Sorts an instant-acme error: rate limits (with until when), refusals, unreachable CA.
    pub fn error(&self, error: instant_acme::Error) -> AcmeError {
        classify(error, self.http.take_retry_after())
    }
}

pub(crate) fn classify(error: instant_acme::Error, retry_after: Option<SystemTime>) -> AcmeError {
    use instant_acme::Error as E;
    match error {
        E::Api(problem) => {
            let kind = problem.r#type.clone().unwrap_or_default();
            let detail = problem.to_string();
            if kind.ends_with(":rateLimited") || retry_after.is_some() {
                let until = retry_after.unwrap_or_else(|| SystemTime::now() + DEFAULT_BACK_OFF);
                AcmeError::RateLimited {
                    until: OffsetDateTime::from(until),
                    detail,
                }
            } else {
                AcmeError::Refused(detail)
            }
        }
        E::Unsupported(what) => AcmeError::Refused(format!("the CA does not support {what}")),
        E::Timeout(_) => AcmeError::Unreachable("the CA did not finish in time".into()),
        E::Http(e) => AcmeError::Unreachable(e.to_string()),
        E::Hyper(e) => AcmeError::Unreachable(e.to_string()),
        E::InvalidUri(e) => AcmeError::Invalid(format!("the directory URL: {e}")),
        E::Other(e) => AcmeError::Unreachable(source_chain(e.as_ref())),
        other => AcmeError::Refused(other.to_string()),
    }
}

/// An error with its causes (hyper's own message is only "client error (Connect)").
fn source_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut words = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        words.push_str(": ");
        words.push_str(&cause.to_string());
        source = cause.source();
    }
    words
}

/// External Account Binding (RFC 8555 §7.3.4): the key id and the base64url HMAC key the CA gave.
pub struct Eab<'a> {
    pub kid: &'a str,
    pub hmac_key_b64: &'a str,
}

/// A new account: its credentials (to seal) and URL.
pub struct Created {
    pub credentials: zeroize::Zeroizing<Vec<u8>>,
    pub account_url: String,
}

/// Registers a new account with the CA. `agree_terms` must be the administrator's explicit yes.
pub async fn create_account(
    directory_url: &str,
    contact: &[String],
    agree_terms: bool,
    eab: Option<Eab<'_>>,
    extra_root_pem: Option<&str>,
) -> Result<Created, AcmeError> {
    if !agree_terms {
        return Err(AcmeError::Invalid(
            "the CA's terms of service must be agreed to (--agree-terms) before an account is made"
                .into(),
        ));
    }
    let http = Http::new(extra_root_pem)?;
    let mailto: Vec<String> = contact
        .iter()
        .map(|c| {
            if c.starts_with("mailto:") {
                c.clone()
            } else {
                format!("mailto:{c}")
            }
        })
        .collect();
    let contact: Vec<&str> = mailto.iter().map(String::as_str).collect();
    let key = match eab {
        Some(eab) => {
            use base64::Engine;
            let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(eab.hmac_key_b64.trim().trim_end_matches('='))
                .map_err(|e| {
                    AcmeError::Invalid(format!("the EAB HMAC key is not base64url: {e}"))
                })?;
            Some(ExternalAccountKey::new(eab.kid.to_string(), &raw))
        }
        None => None,
    };
    let (account, credentials) = Account::builder_with_http(Box::new(http.clone()))
        .create(
            &NewAccount {
                contact: &contact,
                terms_of_service_agreed: true,
                only_return_existing: false,
            },
            directory_url.to_string(),
            key.as_ref(),
        )
        .await
        .map_err(|e| classify(e, http.take_retry_after()))?;
    let json = serde_json::to_vec(&credentials).map_err(|e| AcmeError::Invalid(e.to_string()))?;
    Ok(Created {
        credentials: zeroize::Zeroizing::new(json),
        account_url: account.id().to_string(),
    })
}

/// Restores a stored account with its credentials (from [`Inventory::acme_login`]); reads the
/// CA's directory.
///
/// [`Inventory::acme_login`]: crate::store::Inventory::acme_login
pub async fn connect(
    account: &crate::store::acme::AcmeAccount,
    credentials: &[u8],
) -> Result<Connected, AcmeError> {
    let http = Http::new(account.ca_root_pem.as_deref())?;
    let credentials: AccountCredentials = serde_json::from_slice(credentials)
        .map_err(|e| AcmeError::Invalid(format!("the stored account credentials: {e}")))?;
    let account = Account::builder_with_http(Box::new(http.clone()))
        .from_credentials(credentials)
        .await
        .map_err(|e| classify(e, http.take_retry_after()))?;
    Ok(Connected { account, http })
}

/// Asks the CA whether it still knows the account (a new-account request with
/// `onlyReturnExisting`, signed by the account's key: RFC 8555 §7.3.1). Creates nothing; a CA
/// that no longer knows the key answers `accountDoesNotExist`, one whose account was deactivated
/// `unauthorized`.
pub async fn check_account(
    account: &crate::store::acme::AcmeAccount,
    credentials: &[u8],
) -> Result<(), AcmeError> {
    let http = Http::new(account.ca_root_pem.as_deref())?;
    let credentials: AccountCredentials = serde_json::from_slice(credentials)
        .map_err(|e| AcmeError::Invalid(format!("the stored account credentials: {e}")))?;
    let der = credentials.private_key().clone_key();
    let key = instant_acme::Key::from_pkcs8_der(credentials.private_key().clone_key())
        .map_err(|e| AcmeError::Invalid(format!("the stored account key: {e}")))?;
    Account::builder_with_http(Box::new(http.clone()))
        .from_key((key, der.into()), account.directory_url.clone())
        .await
        .map(drop)
        .map_err(|e| classify(e, http.take_retry_after()))
}

/// Why a certificate is revoked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Serialize)]
pub enum Reason {
    Unspecified,
    KeyCompromise,
    Superseded,
    CessationOfOperation,
    AffiliationChanged,
}

impl Reason {
    fn acme(self) -> RevocationReason {
        match self {
            Reason::Unspecified => RevocationReason::Unspecified,
            Reason::KeyCompromise => RevocationReason::KeyCompromise,
            Reason::Superseded => RevocationReason::Superseded,
            Reason::CessationOfOperation => RevocationReason::CessationOfOperation,
            Reason::AffiliationChanged => RevocationReason::AffiliationChanged,
        }
    }
}

/// Revokes a certificate this account obtained.
pub async fn revoke(connected: &Connected, der: &[u8], reason: Reason) -> Result<(), AcmeError> {
    let certificate = CertificateDer::from(der.to_vec());
    connected
        .account
        .revoke(&RevocationRequest {
            certificate: &certificate,
            reason: Some(reason.acme()),
        })
        .await
        .map_err(|e| connected.error(e))
}

/// Deactivates the account at the CA (RFC 8555 §7.3.6): it can never order again.
pub async fn deactivate(connected: Connected) -> Result<(), AcmeError> {
    let http = connected.http.clone();
    connected
        .account
        .deactivate()
        .await
        .map_err(|e| classify(e, http.take_retry_after()))
}

/// What the CA's directory says of itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DirectoryInfo {
    pub terms_of_service: Option<String>,
    pub website: Option<String>,
    pub external_account_required: bool,
    /// Profiles (name, description), sorted by name.
    pub profiles: Vec<(String, String)>,
    /// Whether the CA offers ACME Renewal Information (RFC 9773).
    pub renewal_info: bool,
}

/// The most a CA's root file may weigh (a handful of PEM certificates).
const ROOTS_MAX: usize = 256 * 1024;

/// The root certificates an internal CA issues under, from where the CA publishes them
/// (step-ca: `https://CA/roots.pem`; Pebble: its management `/roots/0`), over HTTPS checked
/// with the public roots and `extra_root_pem`, no redirect followed. Only self-signed CA
/// certificates are returned (DER); anything else in the answer is refused, not skipped.
pub async fn issuing_roots(
    url: &str,
    extra_root_pem: Option<&str>,
) -> Result<Vec<Vec<u8>>, AcmeError> {
    if !url.starts_with("https://") {
        return Err(AcmeError::Invalid(format!(
            "{url}: the issuing root is fetched over https only"
        )));
    }
    let client = reqwest::Client::builder()
        .use_preconfigured_tls(tls_config(extra_root_pem)?)
        .https_only(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("certdeck/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| AcmeError::Invalid(format!("no HTTP client: {e}")))?;
    let response = client.get(url).send().await.map_err(|e| {
        AcmeError::Unreachable(format!("{url}: {}", crate::net::http::without_url(&e)))
    })?;
    let status = response.status();
    if !status.is_success() {
        return Err(AcmeError::Refused(format!(
            "{url} answered HTTP {status} (redirects are not followed)"
        )));
    }
    let body = crate::net::http::read_capped(response, ROOTS_MAX)
        .await
        .map_err(|e| match e {
            crate::net::http::BodyError::CutOff(why) => {
                AcmeError::Unreachable(format!("{url}: cut off ({why})"))
            }
            crate::net::http::BodyError::TooLarge => AcmeError::Refused(format!(
                "{url} answered more than a root file ({ROOTS_MAX} bytes)"
            )),
        })?;
    roots_of(url, &body)
}

/// The self-signed CA certificates of a root file (PEM, or one DER certificate).
fn roots_of(url: &str, body: &[u8]) -> Result<Vec<Vec<u8>>, AcmeError> {
    let blocks = crate::pki::pem::scan(body);
    let ders: Vec<Vec<u8>> = if blocks.is_empty() {
        vec![body.to_vec()]
    } else {
        blocks
            .iter()
            .filter(|b| b.label == "CERTIFICATE")
            .map(|b| {
                b.body
                    .clone()
                    .map_err(|e| AcmeError::Refused(format!("{url}: {e}")))
            })
            .collect::<Result<_, _>>()?
    };
    if ders.is_empty() {
        return Err(AcmeError::Refused(format!("{url} answered no certificate")));
    }
    for der in &ders {
        let (rest, cert) = x509_parser::parse_x509_certificate(der)
            .map_err(|e| AcmeError::Refused(format!("{url}: not a certificate: {e}")))?;
        if !rest.is_empty() {
            return Err(AcmeError::Refused(format!(
                "{url}: {} bytes follow the certificate",
                rest.len()
            )));
        }
        let is_ca = cert
            .basic_constraints()
            .ok()
            .flatten()
            .is_some_and(|b| b.value.ca);
        // Self-signed in fact, not only by name: its signature verifies with its own key.
        let self_signed = cert.subject() == cert.issuer() && cert.verify_signature(None).is_ok();
        if !is_ca || !self_signed {
            return Err(AcmeError::Refused(format!(
                "{url}: {} is not a root (a self-signed CA certificate)",
                cert.subject()
            )));
        }
    }
    Ok(ders)
}

/// Reads the CA's directory: its terms, whether it needs EAB, its profiles, ARI.
pub async fn directory(
    url: &str,
    extra_root_pem: Option<&str>,
) -> Result<DirectoryInfo, AcmeError> {
    let http = Http::new(extra_root_pem)?;
    let request = Request::get(url)
        .header(
            http::header::USER_AGENT,
            concat!("certdeck/", env!("CARGO_PKG_VERSION")),
        )
        .body(BodyWrapper::<Bytes>::default())
        .map_err(|e| AcmeError::Invalid(format!("the directory URL: {e}")))?;
    let mut response = http.request(request).await.map_err(|e| classify(e, None))?;
    let status = response.parts.status;
    let body = response
        .body
        .into_bytes()
        .await
        .map_err(|e| AcmeError::Unreachable(e.to_string()))?;
    if !status.is_success() {
        return Err(AcmeError::Refused(format!(
            "the directory answered HTTP {status}"
        )));
    }
    let json: serde_json::Value = serde_json::from_slice(&body)
        .map_err(|e| AcmeError::Refused(format!("the directory is not ACME JSON: {e}")))?;
    let meta = &json["meta"];
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    let mut profiles: Vec<(String, String)> = meta["profiles"]
        .as_object()
        .map(|p| {
            p.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    profiles.sort();
    if json["newOrder"].as_str().is_none() {
        return Err(AcmeError::Refused(format!(
            "{url} is not an ACME directory (no newOrder)"
        )));
    }
    Ok(DirectoryInfo {
        terms_of_service: text(&meta["termsOfService"]),
        website: text(&meta["website"]),
        external_account_required: meta["externalAccountRequired"].as_bool().unwrap_or(false),
        profiles,
        renewal_info: json["renewalInfo"].is_string(),
    })
}
