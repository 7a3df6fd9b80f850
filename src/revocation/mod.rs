//! CRLs from the distribution points certificates name, fetched over HTTP(S) and kept in the
//! inventory until their nextUpdate, for `certdeck verify --revocation soft|hard`. What a CRL
//! says is applied by the verifier (`pki::verify`); this module only gets them.

pub mod ocsp;

pub(crate) use crate::net::http::{BodyError, read_capped, without_url};
use std::collections::HashMap;
use std::time::Duration;

use time::OffsetDateTime;

use crate::pki::verify::KnownStatus;
use crate::pki::{Certificate, Crl};
use crate::store::Inventory;

/// Larger answers are refused: a CRL of a big public CA is a few MB.
const MAX_CRL_BYTES: usize = 32 << 20;

/// How long one distribution point may take.
const TIMEOUT: Duration = Duration::from_secs(15);

/// How revocation is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Not checked (CRLs given with --crl still apply).
    Off,
    /// CRLs fetched from the distribution points; a certificate whose status cannot be
    /// learned (unreachable, damaged CRL) is not refused for it.
    Soft,
    /// As soft, but a certificate whose status cannot be learned is refused.
    Hard,
}

/// The HTTP(S) CRL distribution points of `certs`, each once, in order.
pub fn distribution_points<'a>(certs: impl IntoIterator<Item = &'a Certificate>) -> Vec<String> {
    use crate::pki::extensions::ExtensionValue;
    let mut urls: Vec<String> = Vec::new();
    for cert in certs {
        for extension in &cert.extensions() {
            let ExtensionValue::CrlDistributionPoints { points } = &extension.value else {
                continue;
            };
            for name in points.iter().flat_map(|p| &p.names) {
                if let Some(url) = name.strip_prefix("URI:")
                    && (url.starts_with("http://") || url.starts_with("https://"))
                    && !urls.iter().any(|u| u == url)
                {
                    urls.push(url.to_string());
                }
            }
        }
    }
    urls
}

/// The CRLs at `urls` (with the URL each came from; DER), from the cache while current, else
/// fetched and cached; and, for those that could not be had, why (`url: reason`).
pub async fn gather(
    urls: &[String],
    cache: Option<&std::sync::Mutex<Inventory>>,
    now: OffsetDateTime,
) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
    let mut crls = Vec::new();
    let mut problems = Vec::new();
    let client = match http_client() {
        Ok(client) => client,
        Err(problem) => {
            problems.push(problem);
            return (crls, problems);
        }
    };
    for url in urls {
        let cached = cache.and_then(|c| c.lock().ok()?.cached_crl(url, now).ok().flatten());
        if let Some(der) = cached {
            crls.push((url.clone(), der));
            continue;
        }
        match fetch(&client, url).await {
            Ok((der, crl)) => {
                if let Some(cache) = cache
                    && let Ok(mut inventory) = cache.lock()
                {
                    let _ = inventory.cache_crl(url, &der, crl.next_update, now);
                }
                crls.push((url.clone(), der));
            }
            Err(reason) => problems.push(format!("{url}: {reason}")),
        }
    }
    (crls, problems)
}

/// What the OCSP responders named by `certs` say of them, one entry per certificate in order
/// (`None`: not learned; each asked once, about the certificate as issued by the first of
/// `issuers` that issued it), and, for those that
/// could not be learned, why (`subject: reason`). A responder that cannot be reached is not
/// asked again in the same run. `progress(done, total)` is told after each certificate;
/// `cancel` stops between questions.
pub async fn ask_responders(
    certs: &[&Certificate],
    issuers: &[&Certificate],
    now: OffsetDateTime,
    progress: &dyn Fn(usize, usize),
    cancel: &std::sync::atomic::AtomicBool,
) -> (Vec<Option<KnownStatus>>, Vec<String>) {
    let mut known = vec![None; certs.len()];
    let mut problems = Vec::new();
    let client = match http_client() {
        Ok(client) => client,
        Err(problem) => {
            problems.push(problem);
            return (known, problems);
        }
    };
    let mut unreachable: Vec<String> = Vec::new();
    for (done, cert) in certs.iter().enumerate() {
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            break;
        }
        progress(done, certs.len());
        let responders = ocsp::responders(cert);
        if responders.is_empty() || cert.self_signed {
            continue;
        }
        let Some(issuer) = issuers.iter().find(|issuer| cert.issued_by(issuer)) else {
            problems.push(format!(
                "{}: OCSP not asked (its issuer {} is not at hand)",
                cert.subject, cert.issuer
            ));
            continue;
        };
        let question = match ocsp::Question::new(cert, issuer) {
            Ok(question) => question,
            Err(reason) => {
                problems.push(format!("{}: {reason}", cert.subject));
                continue;
            }
        };
        for url in &responders {
            if unreachable.contains(url) {
                problems.push(format!(
                    "{}: OCSP {url}: not asked (it could not be reached)",
                    cert.subject
                ));
                continue;
            }
            match ocsp::ask(&client, &question, url, now).await {
                Ok(answer) => {
                    let revoked = match answer.status {
                        ocsp::Status::Good => None,
                        ocsp::Status::Revoked { at, reason } => Some((at, reason)),
                        ocsp::Status::Unknown => {
                            problems.push(format!(
                                "{}: OCSP {url}: the responder does not know this certificate",
                                cert.subject
                            ));
                            continue;
                        }
                    };
                    known[done] = Some(KnownStatus {
                        issuer_spki: issuer.spki_der().to_vec(),
                        serial: cert.serial.clone(),
                        revoked,
                        source: format!("OCSP {url}"),
                    });
                    break;
                }
                Err(reason) => {
                    if reason.starts_with("the responder cannot be reached") {
                        unreachable.push(url.clone());
                    }
                    problems.push(format!("{}: OCSP {url}: {reason}", cert.subject));
                }
            }
        }
    }
    (known, problems)
}

/// One distribution point: the CRL it serves (DER or PEM), checked to be a CRL.
async fn fetch(client: &reqwest::Client, url: &str) -> Result<(Vec<u8>, Crl), String> {
    let response = client
        .get(url)
        .send()
        .await
        .map_err(|e| format!("cannot be fetched ({})", without_url(&e)))?;
    if response.status().is_redirection() {
        return Err(format!(
            "the server answered {} (a redirect, which certdeck does not follow)",
            response.status()
        ));
    }
    if !response.status().is_success() {
        return Err(format!("the server answered {}", response.status()));
    }
    let body = read_capped(response, MAX_CRL_BYTES)
        .await
        .map_err(|error| match error {
            BodyError::CutOff(why) => format!("cut off ({why})"),
            BodyError::TooLarge => format!("larger than {} MB", MAX_CRL_BYTES >> 20),
        })?;
    let der = if crate::pki::pem::looks_like_pem(&body) {
        crate::pki::pem::scan(&body)
            .into_iter()
            .find(|block| block.label == "X509 CRL")
            .and_then(|block| block.body.clone().ok())
            .ok_or("not a CRL (PEM without an X509 CRL block)")?
    } else {
        body
    };
    let crl = Crl::from_der(&der).map_err(|e| match e {
        crate::pki::error::Problem::Invalid(reason)
        | crate::pki::error::Problem::Unsupported(reason) => reason,
        other => format!("{other:?}"),
    })?;
    Ok((der, crl))
}

/// The HTTP client for distribution points and responders (per-request time limit, certdeck's
/// user agent), or why there is none.
fn http_client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .timeout(TIMEOUT)
        .user_agent(concat!("certdeck/", env!("CARGO_PKG_VERSION")))
        // A certificate names its distribution point and responder: a redirect would let it
        // send certdeck anywhere (an internal address, a file:// or a slow host), so none is
        // followed (RFC 5280 CDPs are fetched at the address they name).
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|error| format!("no HTTP client: {error}"))
}

/// What a revocation check of the inventory found.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct CheckSummary {
    /// Certificates whose status was learned (revoked or not).
    pub checked: usize,
    /// Certificates no current CRL covers (no distribution point, unreachable, stale).
    pub unknown: usize,
    /// The revoked ones: inventory id, name, why.
    pub revoked: Vec<RevokedCertificate>,
    /// Distribution points that could not be had, and why.
    pub problems: Vec<String>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct RevokedCertificate {
    pub id: i64,
    pub subject: String,
    pub revoked_at: String,
    pub reason: Option<String>,
    pub source: String,
}

/// Which certificates a check looks at.
#[derive(Clone, Debug)]
pub enum Scope {
    /// Every certificate that has an issuer (roots cannot be revoked by a CRL).
    All,
    Only(Vec<i64>),
}

/// Checks the revocation of the inventory's certificates: the local CA's own revocations, then
/// the CRLs their distribution points serve (fetched, or kept while current), each CRL used
/// only for the certificates of the CA that signed it (its signature checked with that CA's
/// key, its nextUpdate not past). What is found is stored: the *Revoked* status and alarm come
/// from it. `progress(done, total)` is told as certificates are judged; `cancel` stops early.
pub async fn check_inventory(
    inventory: &std::sync::Mutex<Inventory>,
    scope: Scope,
    now: OffsetDateTime,
    progress: impl Fn(usize, usize),
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<CheckSummary, String> {
    let lock = || {
        inventory
            .lock()
            .map_err(|_| "the inventory is in use".to_string())
    };
    let (all, local) = {
        let store = lock()?;
        let all: Vec<(i64, Certificate)> = store
            .all_certificate_der()
            .map_err(|e| e.to_string())?
            .into_iter()
            .filter_map(|(id, der)| Some((id, Certificate::from_der(&der).ok()?)))
            .collect();
        (all, store.local_revocations().map_err(|e| e.to_string())?)
    };
    let targets: Vec<&(i64, Certificate)> = all
        .iter()
        .filter(|(id, cert)| match &scope {
            Scope::All => !cert.self_signed,
            Scope::Only(ids) => ids.contains(id),
        })
        .collect();
    let urls = distribution_points(targets.iter().map(|(_, cert)| cert));
    let (fetched, problems) = gather(&urls, Some(inventory), now).await;
    let crls = verified_crls(fetched, &all, now);
    let mut summary = CheckSummary {
        problems,
        ..CheckSummary::default()
    };
    // The local CA's own revocations and the CRLs first (no network once fetched), then the
    // OCSP responders of what they leave unknown.
    let mut states: Vec<_> = targets
        .iter()
        .map(|(id, cert)| match local.get(id) {
            Some((at, reason)) => Some((Some(*at), reason.clone(), "local CA".to_string())),
            None => judge_by_crls(cert, &crls),
        })
        .collect();
    let unknown: Vec<&Certificate> = targets
        .iter()
        .zip(&states)
        .filter(|(_, state)| state.is_none())
        .map(|((_, cert), _)| cert)
        .collect();
    let issuers: Vec<&Certificate> = all.iter().map(|(_, cert)| cert).collect();
    let (answers, ocsp_problems) = ask_responders(
        &unknown,
        &issuers,
        now,
        &|done, _| progress(targets.len() - unknown.len() + done, targets.len()),
        cancel,
    )
    .await;
    summary.problems.extend(ocsp_problems);
    // The answers follow `unknown`, that is the states still empty, in order.
    let mut answers = answers.into_iter();
    for state in states.iter_mut().filter(|state| state.is_none()) {
        if let Some(Some(known)) = answers.next() {
            *state = Some((
                known.revoked.as_ref().map(|(at, _)| at.unix_timestamp()),
                known
                    .revoked
                    .as_ref()
                    .and_then(|(_, reason)| reason.clone()),
                known.source,
            ));
        }
    }
    let mut found = Vec::new();
    for ((id, cert), state) in targets.iter().zip(states) {
        match state {
            Some((revoked_at, reason, source)) => {
                summary.checked += 1;
                if let Some(at) = revoked_at {
                    summary.revoked.push(RevokedCertificate {
                        id: *id,
                        subject: cert.subject.to_string(),
                        revoked_at: crate::store::journal::rfc3339(
                            OffsetDateTime::from_unix_timestamp(at)
                                .unwrap_or(OffsetDateTime::UNIX_EPOCH),
                        ),
                        reason: reason.clone(),
                        source: source.clone(),
                    });
                }
                found.push((*id, revoked_at, reason, source));
            }
            None => summary.unknown += 1,
        }
    }
    progress(targets.len(), targets.len());
    lock()?
        .record_revocation_checks(&found, now)
        .map_err(|e| e.to_string())?;
    Ok(summary)
}

/// A current CRL whose signature a CA of the inventory's key verifies: that key, and the
/// revoked serials by serial.
struct VerifiedCrl {
    url: String,
    issuer_der: Vec<u8>,
    issuer_spki: Vec<u8>,
    revoked: HashMap<String, crate::pki::crl::RevokedEntry>,
}

/// The fetched CRLs that are current at `now`, each verified once against the CAs named as its
/// issuer (one entry per CA whose key verifies it).
fn verified_crls(
    fetched: Vec<(String, Vec<u8>)>,
    all: &[(i64, Certificate)],
    now: OffsetDateTime,
) -> Vec<VerifiedCrl> {
    use x509_parser::prelude::FromDer;
    use x509_parser::revocation_list::CertificateRevocationList;
    use x509_parser::x509::SubjectPublicKeyInfo;
    let mut verified = Vec::new();
    for (url, der) in fetched {
        let Ok(crl) = Crl::from_der(&der) else {
            continue;
        };
        if crl.this_update > now || crl.next_update.is_some_and(|next| next <= now) {
            continue;
        }
        let Ok((_, parsed)) = CertificateRevocationList::from_der(&der) else {
            continue;
        };
        let signers = all.iter().map(|(_, c)| c).filter(|c| {
            c.subject_der() == crl.issuer_der
                && SubjectPublicKeyInfo::from_der(c.spki_der())
                    .is_ok_and(|(_, key)| parsed.verify_signature(&key).is_ok())
        });
        for signer in signers {
            verified.push(VerifiedCrl {
                url: url.clone(),
                issuer_der: crl.issuer_der.clone(),
                issuer_spki: signer.spki_der().to_vec(),
                revoked: crl
                    .entries
                    .iter()
                    .map(|e| (e.serial.clone(), e.clone()))
                    .collect(),
            });
        }
    }
    verified
}

/// What a current CRL signed by `cert`'s issuer (the key that verifies `cert`) says of it:
/// `(revoked at, reason, CRL's URL)`, or `None` when no such CRL is at hand.
#[allow(clippy::type_complexity)]
fn judge_by_crls(
    cert: &Certificate,
    crls: &[VerifiedCrl],
) -> Option<(Option<i64>, Option<String>, String)> {
    let crl = crls.iter().find(|crl| {
        crl.issuer_der == cert.issuer_der() && cert.signature_verifies_with(&crl.issuer_spki)
    })?;
    Some(match crl.revoked.get(&cert.serial) {
        Some(entry) => (
            Some(entry.revoked_at.unix_timestamp()),
            entry.reason.clone(),
            crl.url.clone(),
        ),
        None => (None, None, crl.url.clone()),
    })
}

#[cfg(test)]
mod redirect_tests {
    use std::io::{Read, Write};
    use std::net::TcpListener;

    /// A certificate's distribution point that redirects elsewhere (an internal address, a
    /// slow host): certdeck does not follow, and the other address is never contacted.
    #[test]
    fn a_redirecting_distribution_point_is_not_followed() {
        let elsewhere = TcpListener::bind("127.0.0.1:0").unwrap();
        elsewhere.set_nonblocking(true).unwrap();
        let target = elsewhere.local_addr().unwrap().port();
        let point = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = point.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (mut socket, _) = point.accept().unwrap();
            let mut request = [0u8; 2048];
            let _ = socket.read(&mut request);
            let answer = format!(
                "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{target}/internal.crl\r\n\
                 Content-Length: 0\r\nConnection: close\r\n\r\n"
            );
            socket.write_all(answer.as_bytes()).unwrap();
        });
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = super::http_client().unwrap();
        let url = format!("http://127.0.0.1:{port}/ca.crl");
        let refused = runtime
            .block_on(super::fetch(&client, &url))
            .expect_err("a redirect is not a CRL");
        assert!(refused.contains("redirect"), "{refused}");
        server.join().unwrap();
        assert!(
            elsewhere.accept().is_err(),
            "the redirect's target was contacted"
        );
    }
}
