//! Answering the CA's challenges, one solver per method. Each remembers what it put in place and
//! removes it afterwards — also when the order fails or is cancelled.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::UnboundedSender;

use super::AcmeError;
use super::dns::{self, Propagation, Tsig};
use crate::model::acme::OrderEvent as Event;
use crate::push::{Driver, Session};

/// What a DNS-01 solver needs of its DNS server.
pub struct DnsTarget {
    pub server: SocketAddr,
    pub zone: String,
    pub tsig: Tsig,
    /// Asked until they all answer the record; the update server when empty.
    pub check: Vec<SocketAddr>,
}

pub(super) enum Solver {
    Dns {
        target: DnsTarget,
        added: Vec<(String, String)>,
    },
    Manual {
        check: Vec<SocketAddr>,
    },
    Listen {
        tokens: Arc<Mutex<HashMap<String, String>>>,
        server: tokio::task::JoinHandle<()>,
    },
    Webroot {
        session: Box<Option<Session>>,
        driver: Driver,
        webroot: String,
        written: Vec<String>,
    },
}

/// The record name DNS-01 asks for (a wildcard's is its base name's).
pub(super) fn challenge_record(identifier: &str) -> String {
    format!("_acme-challenge.{}", identifier.trim_start_matches("*."))
}

impl Solver {
    pub(super) fn dns(target: DnsTarget) -> Self {
        Solver::Dns {
            target,
            added: Vec::new(),
        }
    }

    pub(super) fn manual(check: Vec<SocketAddr>) -> Self {
        Solver::Manual { check }
    }

    /// Opens the HTTP-01 listener at once, so a port already taken fails before any order.
    pub(super) async fn listen(address: &str) -> Result<Self, AcmeError> {
        let listener = tokio::net::TcpListener::bind(address).await.map_err(|e| {
            AcmeError::Invalid(format!("cannot listen on {address} for HTTP-01: {e}"))
        })?;
        let tokens: Arc<Mutex<HashMap<String, String>>> = Arc::default();
        let served = tokens.clone();
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let served = served.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let answer = answer_challenge(&served, &request);
                        async move { Ok::<_, std::convert::Infallible>(answer) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Solver::Listen { tokens, server })
    }

    pub(super) fn webroot(driver: Driver, webroot: &str) -> Self {
        Solver::Webroot {
            session: Box::new(None),
            driver,
            webroot: webroot.trim_end_matches('/').to_string(),
            written: Vec::new(),
        }
    }

    /// The challenge type this solver answers.
    pub(super) fn kind(&self) -> instant_acme::ChallengeType {
        match self {
            Solver::Dns { .. } | Solver::Manual { .. } => instant_acme::ChallengeType::Dns01,
            Solver::Listen { .. } | Solver::Webroot { .. } => instant_acme::ChallengeType::Http01,
        }
    }

    /// Puts the answer in place and waits until the CA can see it.
    pub(super) async fn present(
        &mut self,
        identifier: &str,
        token: &str,
        key_authorization: &instant_acme::KeyAuthorization,
        propagation: Propagation,
        events: &UnboundedSender<Event>,
        cancel: &Arc<AtomicBool>,
    ) -> Result<(), AcmeError> {
        // The token becomes a file name in a web root: only what RFC 8555 §8.3 allows (base64url)
        // is accepted, so a CA cannot write `../../.ssh/authorized_keys`.
        if matches!(self, Solver::Listen { .. } | Solver::Webroot { .. }) && !is_token(token) {
            return Err(AcmeError::Challenge(format!(
                "the CA's HTTP-01 token is not base64url ({}): refused, nothing was written",
                crate::sanitize::visible(token)
            )));
        }
        match self {
            Solver::Dns { target, added } => {
                let mut record = challenge_record(identifier);
                // acme-dns delegation: `_acme-challenge.host` CNAME into a zone we may update.
                let ask = target.check.first().copied().unwrap_or(target.server);
                if let Some(alias) = dns::cname_target(ask, &record).await? {
                    let _ = events.send(Event::Delegated {
                        record: record.clone(),
                        target: alias.clone(),
                    });
                    record = alias;
                }
                let value = key_authorization.dns_value();
                dns::add_txt(target.server, &target.zone, &record, &value, &target.tsig).await?;
                added.push((record.clone(), value.clone()));
                let _ = events.send(Event::Waiting {
                    record: record.clone(),
                });
                let check = if target.check.is_empty() {
                    vec![target.server]
                } else {
                    target.check.clone()
                };
                dns::wait_for_txt(&check, &record, &value, propagation, cancel).await
            }
            Solver::Manual { check } => {
                let record = challenge_record(identifier);
                let value = key_authorization.dns_value();
                let _ = events.send(Event::ShowRecord {
                    record: record.clone(),
                    value: value.clone(),
                });
                dns::wait_for_txt(check, &record, &value, propagation, cancel).await
            }
            Solver::Listen { tokens, .. } => {
                if let Ok(mut tokens) = tokens.lock() {
                    tokens.insert(token.to_string(), key_authorization.as_str().to_string());
                }
                Ok(())
            }
            Solver::Webroot {
                session,
                driver,
                webroot,
                written,
            } => {
                if session.is_none() {
                    **session = Some(driver.connect().await.map_err(|e| {
                        AcmeError::Challenge(format!("cannot reach the node's web root: {e}"))
                    })?);
                }
                let path = format!("{webroot}/.well-known/acme-challenge/{token}");
                let Some(open) = session.as_mut() else {
                    return Err(AcmeError::Challenge("no session to the node".into()));
                };
                open.put_public(&path, key_authorization.as_str().as_bytes())
                    .await
                    .map_err(|e| AcmeError::Challenge(format!("cannot write {path}: {e}")))?;
                written.push(path);
                Ok(())
            }
        }
    }

    /// Removes what [`Solver::present`] put in place; says what could not be removed.
    pub(super) async fn clean_up(self) -> Vec<String> {
        let mut left = Vec::new();
        match self {
            Solver::Dns { target, added } => {
                for (record, value) in added {
                    if let Err(error) =
                        dns::remove_txt(target.server, &target.zone, &record, &value, &target.tsig)
                            .await
                    {
                        left.push(format!("TXT {record} was left in place: {error}"));
                    }
                }
            }
            Solver::Manual { .. } => {}
            Solver::Listen { server, .. } => server.abort(),
            Solver::Webroot {
                session, written, ..
            } => {
                if let Some(mut open) = *session {
                    for path in written {
                        if let Err(error) = open.remove_public(&path).await {
                            left.push(format!("{path} was left on the node: {error}"));
                        }
                    }
                    open.close().await;
                }
            }
        }
        left
    }
}

/// The listener's answer: the key authorization for a known token, 404 for anything else.
fn answer_challenge<B>(
    tokens: &Mutex<HashMap<String, String>>,
    request: &http::Request<B>,
) -> http::Response<http_body_util::Full<bytes::Bytes>> {
    let token = request
        .uri()
        .path()
        .strip_prefix("/.well-known/acme-challenge/")
        .unwrap_or_default();
    let answer = tokens.lock().ok().and_then(|t| t.get(token).cloned());
    let (status, body) = match answer {
        Some(body) => (http::StatusCode::OK, body),
        None => (http::StatusCode::NOT_FOUND, String::new()),
    };
    let mut response = http::Response::new(http_body_util::Full::new(bytes::Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain"),
    );
    response
}

/// An ACME token as RFC 8555 §8.1 defines it: base64url characters only (at least 128 bits of
/// entropy, so 22 or more), bounded in length.
pub(super) fn is_token(token: &str) -> bool {
    (22..=256).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod token_tests {
    use super::is_token;

    #[test]
    fn only_base64url_tokens_become_file_names() {
        assert!(is_token("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"));
        for hostile in [
            "../../../../root/.ssh/authorized_keys",
            "..%2f..%2fetc",
            "abc/def/ghi/jkl/mno/pqrstuvwxyz",
            "token\\with\\backslashes\\in\\it",
            "short",
            "",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.",
        ] {
            assert!(!is_token(hostile), "{hostile}");
        }
        assert!(!is_token(&"a".repeat(257)));
    }
}
