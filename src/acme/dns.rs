//! DNS for DNS-01 with hickory (no hand-written DNS): RFC 2136 dynamic updates signed with TSIG
//! (BIND, PowerDNS, Knot, Windows DNS), TXT and CNAME lookups straight at the zone's authoritative
//! servers, and the wait until every one of them answers the record (so the CA, which asks them
//! too, finds it).

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use hickory_net::client::{Client, ClientHandle};
use hickory_net::proto::op::ResponseCode;
use hickory_net::proto::rr::rdata::{TXT, tsig::TsigAlgorithm};
use hickory_net::proto::rr::{DNSClass, Name, RData, Record, RecordType, TSigner};
use hickory_net::runtime::TokioRuntimeProvider;
use hickory_net::udp::UdpClientStream;
use zeroize::Zeroizing;

use super::AcmeError;

/// How long to wait for DNS records to reach every authoritative server, and how often to ask.
#[derive(Clone, Copy, Debug)]
pub struct Propagation {
    pub timeout: Duration,
    pub every: Duration,
}

impl Default for Propagation {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(300),
            every: Duration::from_secs(2),
        }
    }
}

/// How long one DNS exchange may take.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(5);

/// A TSIG key: its name, algorithm and secret (from the OS keychain, wiped after use).
pub struct Tsig {
    pub key_name: String,
    pub algorithm: String,
    pub secret: Zeroizing<Vec<u8>>,
}

impl Tsig {
    /// From the base64 secret as BIND's `tsig-keygen` prints it.
    pub fn from_base64(key_name: &str, algorithm: &str, secret: &str) -> Result<Self, AcmeError> {
        use base64::Engine;
        let secret = base64::engine::general_purpose::STANDARD
            .decode(secret.trim())
            .map_err(|e| AcmeError::Invalid(format!("the TSIG secret is not base64: {e}")))?;
        let tsig = Tsig {
            key_name: key_name.to_string(),
            algorithm: algorithm.to_ascii_lowercase(),
            secret: Zeroizing::new(secret),
        };
        tsig.algorithm()?;
        Ok(tsig)
    }

    fn algorithm(&self) -> Result<TsigAlgorithm, AcmeError> {
        match self.algorithm.trim_end_matches('.') {
            "hmac-sha256" => Ok(TsigAlgorithm::HmacSha256),
            "hmac-sha384" => Ok(TsigAlgorithm::HmacSha384),
            "hmac-sha512" => Ok(TsigAlgorithm::HmacSha512),
            other => Err(AcmeError::Invalid(format!(
                "TSIG algorithm {other} is not supported (hmac-sha256, hmac-sha384 or hmac-sha512)"
            ))),
        }
    }

    fn signer(&self) -> Result<TSigner, AcmeError> {
        TSigner::new(
            self.secret.to_vec(),
            self.algorithm()?,
            name(&self.key_name)?,
            300,
        )
        .map_err(|e| AcmeError::Invalid(format!("TSIG key {}: {e}", self.key_name)))
    }
}

/// A DNS name, absolute.
pub fn name(text: &str) -> Result<Name, AcmeError> {
    let mut name = Name::from_ascii(text.trim())
        .map_err(|e| AcmeError::Invalid(format!("{text:?} is not a DNS name: {e}")))?;
    name.set_fqdn(true);
    Ok(name)
}

/// `host:port` (port 53 when left out) to an address.
pub async fn resolve(server: &str) -> Result<SocketAddr, AcmeError> {
    let server = server.trim();
    if let Ok(address) = server.parse::<SocketAddr>() {
        return Ok(address);
    }
    if let Ok(ip) = server.parse::<std::net::IpAddr>() {
        return Ok(SocketAddr::new(ip, 53));
    }
    let with_port = match server.rsplit_once(':') {
        Some((_, port)) if port.parse::<u16>().is_ok() => server.to_string(),
        _ => format!("{server}:53"),
    };
    tokio::net::lookup_host(&with_port)
        .await
        .map_err(|e| AcmeError::Dns(format!("{server}: {e}")))?
        .next()
        .ok_or_else(|| AcmeError::Dns(format!("{server}: no address")))
}

async fn client(server: SocketAddr, signer: Option<TSigner>) -> Client<TokioRuntimeProvider> {
    let stream = UdpClientStream::builder(server, TokioRuntimeProvider::default())
        .with_timeout(Some(EXCHANGE_TIMEOUT))
        .with_signer(signer)
        .build();
    let (client, background) = Client::<TokioRuntimeProvider>::from_sender(stream);
    tokio::spawn(background);
    client
}

fn txt_record(name: Name, value: &str) -> Record {
    Record::from_rdata(name, 60, RData::TXT(TXT::new(vec![value.to_string()])))
}

fn refused(server: SocketAddr, what: &str, code: ResponseCode) -> AcmeError {
    let hint = match code {
        ResponseCode::NotAuth => {
            " (the TSIG key was not accepted: wrong key name, algorithm or secret)"
        }
        ResponseCode::Refused => " (the server does not allow this key to update the zone)",
        ResponseCode::NotZone => " (the name is not inside the zone)",
        _ => "",
    };
    AcmeError::Dns(format!("{server} refused {what}: {code}{hint}"))
}

/// Adds a TXT record by an RFC 2136 update signed with `tsig` (other TXT values of the name stay).
pub async fn add_txt(
    server: SocketAddr,
    zone: &str,
    record: &str,
    value: &str,
    tsig: &Tsig,
) -> Result<(), AcmeError> {
    change_txt(server, zone, record, value, tsig, Change::Add).await
}

/// Removes exactly the TXT value certdeck added (other values of the name stay).
pub async fn remove_txt(
    server: SocketAddr,
    zone: &str,
    record: &str,
    value: &str,
    tsig: &Tsig,
) -> Result<(), AcmeError> {
    change_txt(server, zone, record, value, tsig, Change::Remove).await
}

#[derive(Clone, Copy)]
enum Change {
    Add,
    Remove,
}

/// One signed RFC 2136 update of one TXT value.
async fn change_txt(
    server: SocketAddr,
    zone: &str,
    record: &str,
    value: &str,
    tsig: &Tsig,
    change: Change,
) -> Result<(), AcmeError> {
    let (zone, record) = (name(zone)?, name(record)?);
    if !zone.zone_of(&record) {
        return Err(AcmeError::Invalid(format!(
            "{record} is not inside the zone {zone}"
        )));
    }
    let mut client = client(server, Some(tsig.signer()?)).await;
    let rrset = txt_record(record.clone(), value);
    let (sent, what) = match change {
        Change::Add => (client.append(rrset, zone, false), "update"),
        Change::Remove => (client.delete_by_rdata(rrset, zone), "removal"),
    };
    let response = sent
        .await
        .map_err(|e| signed_exchange_failed(server, &format!("the {what} of {record}"), e))?;
    match response.metadata.response_code {
        ResponseCode::NoError => Ok(()),
        code => Err(refused(server, &format!("the {what} of {record}"), code)),
    }
}

/// A signed exchange that failed. A server that refuses the key answers BADKEY or BADSIG with
/// an empty MAC, which the DNS library reports as a TSIG verification failure in its own words
/// ("… truncated HMACs …"): said here as what it means.
fn signed_exchange_failed(
    server: SocketAddr,
    what: &str,
    error: impl std::fmt::Debug + std::fmt::Display,
) -> AcmeError {
    if format!("{error:?}").to_ascii_lowercase().contains("tsig") {
        AcmeError::Dns(format!(
            "{server} refused the TSIG key for {what} (BADKEY or BADSIG): the key's name, \
             algorithm or secret differs from the server's — `certdeck dns set-secret` replaces \
             the secret"
        ))
    } else {
        AcmeError::Dns(format!("{what} at {server}: {error}"))
    }
}

/// Whether `server` takes an update signed with `tsig` for the zone: an RFC 2136 update whose
/// only prerequisite is that the zone's SOA exists (RFC 2136 §2.4.1) and which changes nothing.
/// It proves what a renewal needs and a query cannot (DNS libraries and servers sign and check
/// queries only on request): the key's name, algorithm and secret are the server's, the server
/// is the zone's primary, and it takes updates from the key (a per-name `update-policy` is
/// checked at the first real update).
pub async fn check_key(server: SocketAddr, zone: &str, tsig: &Tsig) -> Result<(), AcmeError> {
    use hickory_net::DnsHandle;
    use hickory_net::proto::op::{DnsRequest, Message, OpCode, Query, UpdateMessage};
    use hickory_net::xfer::FirstAnswer;
    let zone = name(zone)?;
    let client = client(server, Some(tsig.signer()?)).await;
    let mut message = Message::query();
    message.metadata.op_code = OpCode::Update;
    message.metadata.recursion_desired = false;
    let mut section = Query::new();
    section
        .set_name(zone.clone())
        .set_query_class(DNSClass::IN)
        .set_query_type(RecordType::SOA);
    message.add_zone(section);
    let mut soa_exists = Record::update0(zone.clone(), 0, RecordType::SOA);
    soa_exists.dns_class = DNSClass::ANY;
    message.add_pre_requisite(soa_exists.into_record_of_rdata());
    let what = format!("a signed no-change update of {zone}");
    let response = client
        .send(DnsRequest::from(message))
        .first_answer()
        .await
        .map_err(|e| signed_exchange_failed(server, &what, e))?;
    match response.metadata.response_code {
        ResponseCode::NoError => Ok(()),
        code => Err(refused(server, &what, code)),
    }
}

async fn query(
    server: SocketAddr,
    record: &Name,
    kind: RecordType,
) -> Result<Vec<Record>, AcmeError> {
    let mut client = client(server, None).await;
    let response = client
        .query(record.clone(), DNSClass::IN, kind)
        .await
        .map_err(|e| AcmeError::Dns(format!("{server} did not answer for {record}: {e}")))?;
    match response.metadata.response_code {
        ResponseCode::NoError | ResponseCode::NXDomain => Ok(response.answers.clone()),
        code => Err(AcmeError::Dns(format!(
            "{server} answered {code} for {record}"
        ))),
    }
}

/// The TXT values `server` answers for `record` (following no CNAME: the answer section as is).
pub async fn txt_values(server: SocketAddr, record: &str) -> Result<Vec<String>, AcmeError> {
    let answers = query(server, &name(record)?, RecordType::TXT).await?;
    Ok(answers
        .iter()
        .filter_map(|r| match &r.data {
            RData::TXT(txt) => Some(
                txt.txt_data
                    .iter()
                    .map(|part| String::from_utf8_lossy(part).into_owned())
                    .collect::<String>(),
            ),
            _ => None,
        })
        .collect())
}

/// Where `record` points when it is a CNAME (the acme-dns delegation), as `server` answers.
pub async fn cname_target(server: SocketAddr, record: &str) -> Result<Option<String>, AcmeError> {
    let wanted = name(record)?;
    let answers = query(server, &wanted, RecordType::CNAME).await?;
    Ok(answers.iter().find_map(|r| match &r.data {
        RData::CNAME(target) if r.name == wanted => Some(target.to_string()),
        _ => None,
    }))
}

/// The zone's authoritative servers by its NS records (asked at `via`), on port 53.
pub async fn name_servers(via: SocketAddr, zone: &str) -> Result<Vec<SocketAddr>, AcmeError> {
    let answers = query(via, &name(zone)?, RecordType::NS).await?;
    let mut servers = Vec::new();
    for record in answers {
        if let RData::NS(ns) = &record.data {
            let host = ns.to_string();
            if let Ok(address) = resolve(host.trim_end_matches('.')).await {
                servers.push(address);
            }
        }
    }
    Ok(servers)
}

/// Waits until every server answers `value` for `record` (asking every `propagation.every`, at
/// most `propagation.timeout`); `cancel` stops the wait.
pub async fn wait_for_txt(
    servers: &[SocketAddr],
    record: &str,
    value: &str,
    propagation: Propagation,
    cancel: &Arc<AtomicBool>,
) -> Result<(), AcmeError> {
    let Propagation { timeout, every } = propagation;
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let mut missing = Vec::new();
        for server in servers {
            match txt_values(*server, record).await {
                Ok(values) if values.iter().any(|v| v == value) => {}
                Ok(_) => missing.push(format!("{server} does not answer it yet")),
                Err(error) => missing.push(error.to_string()),
            }
        }
        if missing.is_empty() {
            return Ok(());
        }
        if cancel.load(Ordering::Relaxed) {
            return Err(AcmeError::Cancelled);
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(AcmeError::Dns(format!(
                "TXT {record} = \"{value}\" did not reach every authoritative server within {} s: {}",
                timeout.as_secs(),
                missing.join("; ")
            )));
        }
        tokio::time::sleep(every).await;
    }
}
