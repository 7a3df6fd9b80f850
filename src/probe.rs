//! TLS probe: connect to an endpoint, capture the chain it presents (trusted or not), and judge
//! it: protocol, cipher, trust verdict with the reason, name match, expiry, completeness.
//!
//! The handshake accepts any certificate so that untrusted chains can be shown, but the
//! handshake signature is still verified with the presented key: what is reported was really
//! served by the holder of that key. rustls speaks TLS 1.2 and 1.3 with (EC)DHE key exchange;
//! servers that offer only TLS 1.0/1.1 or RSA key exchange are reported as such.

use std::sync::Arc;
use std::time::Duration;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName};
use time::OffsetDateTime;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

pub use crate::model::endpoint::{Endpoint, address};
pub use crate::model::probe::{ProbeError, ProbeReport, StapledOcsp};
use crate::net::tls::Capture;
use crate::pki::{CertPool, Certificate, Purpose, TrustSource, Verifier};

/// Judges `der`, stapled for `leaf`, with the issuer found among `candidates`.
fn judge_stapled<'a>(
    der: &[u8],
    leaf: &Certificate,
    candidates: impl IntoIterator<Item = &'a Arc<Certificate>>,
    now: OffsetDateTime,
) -> StapledOcsp {
    use crate::revocation::ocsp::{Question, Signer, Status};
    let unusable = |problem: String| StapledOcsp {
        status: "unusable",
        this_update: None,
        next_update: None,
        revoked_at: None,
        reason: None,
        signed_by: None,
        problem: Some(problem),
    };
    let Some(issuer) = candidates.into_iter().find(|issuer| leaf.issued_by(issuer)) else {
        return unusable(format!(
            "cannot be checked: the issuer {} is not at hand",
            leaf.issuer
        ));
    };
    let answer = Question::with_nonce(leaf, issuer, None).and_then(|q| q.judge(der, now));
    match answer {
        Err(problem) => unusable(problem),
        Ok(answer) => {
            let (status, revoked_at, reason) = match answer.status {
                Status::Good => ("good", None, None),
                Status::Unknown => ("unknown", None, None),
                Status::Revoked { at, reason } => ("revoked", Some(at), reason),
            };
            StapledOcsp {
                status,
                this_update: Some(answer.this_update),
                next_update: answer.next_update,
                revoked_at,
                reason,
                signed_by: Some(match answer.signer {
                    Signer::Issuer => "the issuing CA".into(),
                    Signer::Delegated(subject) => subject,
                }),
                problem: None,
            }
        }
    }
}

/// Trust for judging probes: the administrator's CAs, and the Mozilla roots unless left out.
pub struct ProbeTrust {
    pub trusted: Vec<Arc<Certificate>>,
    pub system_roots: bool,
    /// Extra chain material (the inventory) to say what an incomplete chain lacks.
    pub known: Vec<Arc<Certificate>>,
}

impl ProbeTrust {
    /// The inventory's trusted CAs and the Mozilla roots: what pushes are verified with.
    pub fn of_inventory(store: &crate::store::Inventory) -> Result<Self, crate::store::StoreError> {
        let mut trusted = Vec::new();
        for ca in store.trusted_cas(false)? {
            if let Some(id) = ca.id {
                trusted.push(Arc::new(store.find(&id.to_string())?.1));
            }
        }
        Ok(Self {
            trusted,
            system_roots: true,
            known: Vec::new(),
        })
    }
}

/// Probes one endpoint at `now` (the clock is read by the caller).
pub async fn probe(
    endpoint: &Endpoint,
    trust: &ProbeTrust,
    timeout: Duration,
    now: OffsetDateTime,
) -> Result<ProbeReport, ProbeError> {
    let label = endpoint.to_string();
    let provider: Arc<CryptoProvider> = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let recorder = Arc::new(Capture::new(None, &provider));
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| ProbeError::Invalid(label.clone(), e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(recorder.clone())
        .with_no_client_auth();
    let server_name = ServerName::try_from(endpoint.name().to_string()).map_err(|_| {
        ProbeError::Invalid(
            label.clone(),
            format!("{:?} is not a host name or address", endpoint.name()),
        )
    })?;
    let work = async {
        // The name is resolved inside the timeout, without blocking a runtime thread: a DNS
        // server that does not answer counts against the probe's time like a silent port.
        let address = tokio::net::lookup_host((endpoint.host.as_str(), endpoint.port))
            .await
            .map_err(|e| ProbeError::Resolve(label.clone(), e.to_string()))?
            .next()
            .ok_or_else(|| ProbeError::Resolve(label.clone(), "no address".into()))?;
        let mut stream = TcpStream::connect(address)
            .await
            .map_err(|e| ProbeError::Connect(label.clone(), e.to_string()))?;
        crate::net::starttls::upgrade(&mut stream, endpoint.starttls, endpoint.name())
            .await
            .map_err(|reason| ProbeError::Starttls(label.clone(), reason.to_string()))?;
        let connector = TlsConnector::from(Arc::new(config));
        let tls = connector
            .connect(server_name, stream)
            .await
            .map_err(|e| classify(&label, &e))?;
        let (_, connection) = tls.get_ref();
        let protocol = match connection.protocol_version() {
            Some(rustls::ProtocolVersion::TLSv1_3) => "TLSv1.3".to_string(),
            Some(rustls::ProtocolVersion::TLSv1_2) => "TLSv1.2".to_string(),
            other => format!("{other:?}"),
        };
        let cipher = connection
            .negotiated_cipher_suite()
            .map(|s| format!("{:?}", s.suite()))
            .unwrap_or_default();
        Ok::<_, ProbeError>((protocol, cipher))
    };
    let seconds = timeout.as_secs();
    let (protocol, cipher) = tokio::time::timeout(timeout, work)
        .await
        .map_err(|_| ProbeError::Timeout(label.clone(), seconds))??;
    let ders = recorder.chain.lock().map(|c| c.clone()).unwrap_or_default();
    let stapled = recorder.ocsp.lock().map(|o| o.clone()).unwrap_or_default();
    let mut report = judge(endpoint, &ders, protocol, cipher, trust, now)?;
    if !stapled.is_empty() {
        let leaf = report.chain[0].clone();
        let candidates = report.chain[1..]
            .iter()
            .chain(&trust.trusted)
            .chain(&trust.known);
        let judged = judge_stapled(&stapled, &leaf, candidates, now);
        if judged.status == "revoked" && report.verdict.trusted {
            report.verdict.trusted = false;
            report.verdict.code = Some("CertRevoked".into());
            report.verdict.reason = "the certificate is revoked (the server's own stapled \
                                     OCSP response says so)"
                .into();
        }
        report.stapled_ocsp = Some(judged);
    }
    Ok(report)
}

fn classify(label: &str, error: &std::io::Error) -> ProbeError {
    let text = error.to_string();
    let legacy = text.contains("ProtocolVersion")
        || text.contains("protocol version")
        || text.contains("HandshakeFailure")
        || text.contains("IllegalParameter") && text.contains("version")
        || text.contains("NoCipherSuitesInCommon")
        || text.contains("peer is incompatible");
    if legacy {
        ProbeError::Legacy(label.to_string())
    } else {
        ProbeError::Handshake(label.to_string(), text)
    }
}

fn judge(
    endpoint: &Endpoint,
    ders: &[CertificateDer<'static>],
    protocol: String,
    cipher: String,
    trust: &ProbeTrust,
    now: OffsetDateTime,
) -> Result<ProbeReport, ProbeError> {
    let label = endpoint.to_string();
    let chain: Vec<Arc<Certificate>> = ders
        .iter()
        .map(|der| Certificate::from_der(der).map(Arc::new))
        .collect::<Result<_, _>>()
        .map_err(|e| {
            ProbeError::Invalid(
                label.clone(),
                format!("the server sent a certificate certdeck cannot read: {e:?}"),
            )
        })?;
    let leaf = chain.first().cloned().ok_or_else(|| {
        ProbeError::Invalid(label.clone(), "the server sent no certificate".into())
    })?;
    let name = endpoint.name().to_string();
    let verifier = Verifier::new(
        trust.trusted.iter().map(Arc::as_ref),
        chain[1..].iter().map(Arc::as_ref),
        trust.system_roots,
    )
    .map_err(|e| ProbeError::Invalid(label.clone(), e.to_string()))?;
    let verdict = verifier
        .verify(&leaf, Some(&name), Purpose::Server, now)
        .map_err(|e| ProbeError::Invalid(label.clone(), e.to_string()))?;
    let unnamed = verifier
        .verify(&leaf, None, Purpose::Server, now)
        .map_err(|e| ProbeError::Invalid(label.clone(), e.to_string()))?;
    let name_matches = !verdict.wrong_name;
    // Complete = trusted from what was presented. If not, would the inventory complete it?
    let chain_complete = unnamed.trusted;
    let missing = if chain_complete {
        None
    } else {
        let mut pool = if trust.system_roots {
            CertPool::new().with_builtin_roots()
        } else {
            CertPool::new()
        };
        for cert in &trust.trusted {
            pool.add(cert.clone(), Some(TrustSource::Custom));
        }
        for cert in chain.iter().chain(&trust.known) {
            pool.add(cert.clone(), None);
        }
        let report = pool.build_path(&leaf, now);
        let presented: Vec<&str> = chain
            .iter()
            .map(|c| c.fingerprint_sha256.as_str())
            .collect();
        let not_sent: Vec<String> = report
            .links
            .iter()
            .skip(1)
            .filter(|l| l.trust.is_none())
            .filter(|l| {
                l.fingerprint_sha256
                    .as_deref()
                    .is_some_and(|f| !presented.contains(&f))
            })
            .map(|l| l.subject.clone())
            .collect();
        match (&report.end, not_sent.is_empty()) {
            (crate::pki::chain::ChainEnd::TrustedRoot { .. }, false) => {
                Some(format!("the server does not send {}", not_sent.join(", ")))
            }
            _ => report.state_missing(),
        }
    };
    Ok(ProbeReport {
        endpoint: label,
        sni: name,
        protocol,
        cipher,
        weak_signature: chain.iter().any(|c| c.weak_signature && !c.self_signed),
        days_left: leaf.days_left(now),
        chain,
        verdict,
        name_matches,
        chain_complete,
        missing,
        stapled_ocsp: None,
    })
}

/// Probes many endpoints, at most `parallel` at once, in input order.
pub async fn probe_all(
    endpoints: &[Endpoint],
    trust: Arc<ProbeTrust>,
    parallel: usize,
    timeout: Duration,
    now: OffsetDateTime,
) -> Vec<Result<ProbeReport, ProbeError>> {
    // One socket each.
    let parallel = crate::limits::parallelism(parallel, 1);
    let semaphore = Arc::new(tokio::sync::Semaphore::new(parallel));
    let mut tasks = tokio::task::JoinSet::new();
    for (index, endpoint) in endpoints.iter().cloned().enumerate() {
        let (semaphore, trust) = (semaphore.clone(), trust.clone());
        tasks.spawn(async move {
            let _permit = semaphore.acquire_owned().await;
            (index, probe(&endpoint, &trust, timeout, now).await)
        });
    }
    let mut results: Vec<Option<Result<ProbeReport, ProbeError>>> = vec![None; endpoints.len()];
    while let Some(joined) = tasks.join_next().await {
        if let Ok((index, result)) = joined {
            results[index] = Some(result);
        }
    }
    results
        .into_iter()
        .zip(endpoints)
        .map(|(r, e)| {
            r.unwrap_or_else(|| {
                Err(ProbeError::Invalid(
                    e.to_string(),
                    "the probe stopped".into(),
                ))
            })
        })
        .collect()
}
