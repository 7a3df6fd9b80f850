//! TLS probe: connect to an endpoint, capture the chain it presents (trusted or not), and judge
//! it: protocol, cipher, trust verdict with the reason, name match, expiry, completeness.
//!
//! The handshake accepts any certificate so that untrusted chains can be shown, but the
//! handshake signature is still verified with the presented key: what is reported was really
//! served by the holder of that key. rustls speaks TLS 1.2 and 1.3 with (EC)DHE key exchange;
//! servers that offer only TLS 1.0/1.1 or RSA key exchange are reported as such.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use serde::Serialize;
use time::OffsetDateTime;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use crate::pki::{CertPool, Certificate, Purpose, TrustSource, Verdict, Verifier};
use crate::scan::starttls::Protocol;

/// Where to connect.
#[derive(Clone, Debug)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    /// The name to send as SNI and to check the certificate against (default: `host`).
    pub sni: Option<String>,
    /// How the connection turns into TLS: from the first byte, or after a STARTTLS exchange.
    pub starttls: Protocol,
}

impl Endpoint {
    /// Parses `host:port`, `[v6]:port`, or `host` (port 443).
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (host, port) = if let Some(rest) = text.strip_prefix('[') {
            let (host, after) = rest
                .split_once(']')
                .ok_or_else(|| format!("{text:?}: missing ]"))?;
            let port = after
                .strip_prefix(':')
                .map(|p| p.parse::<u16>())
                .transpose();
            (
                host.to_string(),
                port.map_err(|_| format!("{text:?}: bad port"))?
                    .unwrap_or(443),
            )
        } else {
            match text.rsplit_once(':') {
                Some((host, port)) if !host.contains(':') => (
                    host.to_string(),
                    port.parse().map_err(|_| format!("{text:?}: bad port"))?,
                ),
                _ => (text.to_string(), 443),
            }
        };
        if host.is_empty() {
            return Err(format!("{text:?}: no host"));
        }
        Ok(Self {
            host,
            port,
            sni: None,
            starttls: Protocol::Tls,
        })
    }

    fn name(&self) -> &str {
        self.sni.as_deref().unwrap_or(&self.host)
    }
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&address(&self.host, self.port))
    }
}

/// `host:port`, or `[v6]:port` for an IPv6 address.
pub fn address(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// What a probe found.
#[derive(Clone, Debug, Serialize)]
pub struct ProbeReport {
    pub endpoint: String,
    pub sni: String,
    /// `TLSv1.3` or `TLSv1.2`.
    pub protocol: String,
    pub cipher: String,
    /// The presented chain, leaf first.
    #[serde(skip)]
    pub chain: Vec<Arc<Certificate>>,
    pub verdict: Verdict,
    pub name_matches: bool,
    pub days_left: i64,
    /// The presented chain reaches a trusted root without help.
    pub chain_complete: bool,
    /// What the server should also send, when the chain is incomplete but could be completed.
    pub missing: Option<String>,
    /// A certificate in the presented chain is signed with SHA-1 (or weaker).
    pub weak_signature: bool,
    /// The OCSP response the server stapled to the handshake (RFC 6066 §8), judged; `None`
    /// when it stapled none.
    pub stapled_ocsp: Option<StapledOcsp>,
}

/// A stapled OCSP response, judged as one fetched from the responder (without a nonce: a
/// server staples a response it fetched earlier).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StapledOcsp {
    /// `good`, `revoked`, `unknown`, or `unusable` (see `problem`).
    pub status: &'static str,
    #[serde(with = "time::serde::rfc3339::option")]
    pub this_update: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_update: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    pub reason: Option<String>,
    /// `the issuing CA` or the delegated responder's subject.
    pub signed_by: Option<String>,
    /// Why the response cannot be taken (damaged, out of date, not about this certificate…).
    pub problem: Option<String>,
}

impl StapledOcsp {
    /// Judges `der`, stapled for `leaf`, with the issuer found among `candidates`.
    fn judge<'a>(
        der: &[u8],
        leaf: &Certificate,
        candidates: impl IntoIterator<Item = &'a Arc<Certificate>>,
        now: OffsetDateTime,
    ) -> Self {
        use crate::revocation::ocsp::{Question, Signer, Status};
        let unusable = |problem: String| Self {
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
                Self {
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
}

/// Why a probe could not get a chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[non_exhaustive]
pub enum ProbeError {
    #[error("{0}: cannot resolve the host name: {1}")]
    Resolve(String, String),
    #[error("{0}: cannot connect: {1}")]
    Connect(String, String),
    #[error("{0}: no answer within {1} seconds")]
    Timeout(String, u64),
    #[error(
        "{0}: the server speaks only TLS 1.0/1.1 or RSA key exchange, which certdeck refuses (insecure); upgrade the server to TLS 1.2 with ECDHE"
    )]
    Legacy(String),
    #[error("{0}: TLS handshake failed: {1}")]
    Handshake(String, String),
    #[error("{0}: STARTTLS failed: {1}")]
    Starttls(String, String),
    #[error("{0}: {1}")]
    Invalid(String, String),
}

impl ProbeError {
    /// A stable code for JSON: `resolve`, `connect`, `timeout`, `legacy_tls`, `handshake`,
    /// `starttls`, `invalid`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Resolve(..) => "resolve",
            Self::Connect(..) => "connect",
            Self::Timeout(..) => "timeout",
            Self::Legacy(..) => "legacy_tls",
            Self::Handshake(..) => "handshake",
            Self::Starttls(..) => "starttls",
            Self::Invalid(..) => "invalid",
        }
    }
}

/// Records what a server presents and decides by its pin: accept anything (probes, which judge
/// afterwards) or only the pinned certificate (uploads to appliances). Either way the handshake
/// signature is still verified with the presented key.
#[derive(Debug)]
pub(crate) struct Capture {
    pub(crate) chain: Mutex<Vec<CertificateDer<'static>>>,
    /// The OCSP response stapled to the handshake (empty: none).
    pub(crate) ocsp: Mutex<Vec<u8>>,
    /// `None`: accept any certificate. `Some(pin)`: accept only the certificate whose SHA-256 is
    /// `pin` (`Some(None)`: nothing pinned yet, refuse after recording).
    pub(crate) pin: Option<Option<String>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl Capture {
    pub(crate) fn new(pin: Option<Option<String>>, provider: &CryptoProvider) -> Self {
        Self {
            chain: Mutex::new(Vec::new()),
            ocsp: Mutex::new(Vec::new()),
            pin,
            algorithms: provider.signature_verification_algorithms,
        }
    }

    /// SHA-256 (lowercase hex) of the certificate the server presented.
    pub(crate) fn leaf_fingerprint(&self) -> Option<String> {
        use sha2::Digest;
        let chain = self.chain.lock().ok()?;
        chain
            .first()
            .map(|c| hex::encode(sha2::Sha256::digest(c.as_ref())))
    }
}

impl ServerCertVerifier for Capture {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut stapled) = self.ocsp.lock() {
            *stapled = ocsp.to_vec();
        }
        if let Ok(mut chain) = self.chain.lock() {
            chain.clear();
            chain.push(end_entity.clone().into_owned());
            chain.extend(intermediates.iter().map(|c| c.clone().into_owned()));
        }
        match &self.pin {
            None => Ok(ServerCertVerified::assertion()),
            Some(pin) if pin.is_some() && *pin == self.leaf_fingerprint() => {
                Ok(ServerCertVerified::assertion())
            }
            Some(_) => Err(rustls::Error::General("certificate not pinned".into())),
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

/// Trust for judging probes: the administrator's CAs, and the Mozilla roots unless left out.
pub struct ProbeTrust {
    pub trusted: Vec<Arc<Certificate>>,
    pub system_roots: bool,
    /// Extra chain material (the inventory) to say what an incomplete chain lacks.
    pub known: Vec<Arc<Certificate>>,
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
        crate::scan::starttls::upgrade(&mut stream, endpoint.starttls, endpoint.name())
            .await
            .map_err(|reason| ProbeError::Starttls(label.clone(), reason))?;
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
        let judged = StapledOcsp::judge(&stapled, &leaf, candidates, now);
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
