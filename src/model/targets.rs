//! What a scan covers: hosts, DNS names and address ranges, times ports, each port with the way
//! it is spoken to (TLS from the start, or one of the STARTTLS protocols).

use std::collections::HashMap;
use std::net::IpAddr;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::endpoint::Protocol;
use super::invalid::{Invalid, Value};

/// The ports scanned when none are given: TLS from the start (HTTPS, SIPS, alternative HTTPS,
/// LDAPS, IMAPS, POP3S, SMTPS, FTPS, global catalog over TLS, XMPP over TLS), then the
/// STARTTLS ports (SMTP, submission, IMAP, POP3, LDAP, XMPP).
pub const DEFAULT_PORTS: &[u16] = &[
    443, 5061, 8443, 636, 993, 995, 465, 990, 3269, 5223, 25, 587, 143, 110, 389, 5222,
];

/// The widest range a scan accepts: a /16 (65,536 addresses).
pub const MAX_ADDRESSES: u128 = 1 << 16;

/// Ranges wider than a /22 (1,024 addresses) are confirmed before they are scanned.
pub const CONFIRM_ABOVE: u128 = 1 << 10;

/// One host, name or range to scan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Target {
    Address(IpAddr),
    Name(String),
    Range(IpNet),
}

impl Target {
    /// `192.0.2.7`, `2001:db8::7`, `192.0.2.0/24`, `2001:db8::/120` or a DNS name.
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let text = text.trim();
        let bad = |message: String| Invalid::new(Value::Target, text, message);
        if text.is_empty() {
            return Err(bad("an empty target".into()));
        }
        if let Ok(address) = text.parse::<IpAddr>() {
            return Ok(Self::Address(address));
        }
        if text.contains('/') {
            let net: IpNet = text
                .parse()
                .map_err(|_| bad(format!("{text:?} is not an address range (CIDR)")))?;
            let net = net.trunc();
            let count = address_count(&net);
            if count > MAX_ADDRESSES {
                return Err(bad(format!(
                    "{text} holds {count} addresses; a scan covers at most a /16 ({MAX_ADDRESSES}) \
                     at a time"
                ))
                .over_limit());
            }
            return Ok(Self::Range(net));
        }
        let name = text.trim_end_matches('.').to_ascii_lowercase();
        let valid = name.len() <= 253
            && name.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && label
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            });
        if !valid {
            return Err(bad(format!(
                "{text:?} is not a host name, an address or a range"
            )));
        }
        Ok(Self::Name(name))
    }

    /// How many addresses it stands for (a name: one).
    pub fn addresses(&self) -> u128 {
        match self {
            Self::Range(net) => address_count(net),
            _ => 1,
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Address(address) => write!(f, "{address}"),
            Self::Name(name) => f.write_str(name),
            Self::Range(net) => write!(f, "{net}"),
        }
    }
}

impl From<Target> for String {
    fn from(target: Target) -> Self {
        target.to_string()
    }
}

impl TryFrom<String> for Target {
    type Error = Invalid;

    fn try_from(text: String) -> Result<Self, Invalid> {
        Self::parse(&text)
    }
}

fn address_count(net: &IpNet) -> u128 {
    let host_bits = u32::from(net.max_prefix_len() - net.prefix_len());
    1u128.checked_shl(host_bits).unwrap_or(u128::MAX)
}

/// A port and how it is spoken to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PortSpec {
    pub port: u16,
    pub protocol: Protocol,
}

impl PortSpec {
    pub fn new(port: u16) -> Self {
        Self {
            port,
            protocol: Protocol::of_port(port),
        }
    }
}

impl std::fmt::Display for PortSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.protocol == Protocol::of_port(self.port) {
            write!(f, "{}", self.port)
        } else {
            write!(f, "{}:{}", self.protocol, self.port)
        }
    }
}

/// The default port set.
pub fn default_ports() -> Vec<PortSpec> {
    DEFAULT_PORTS.iter().map(|&p| PortSpec::new(p)).collect()
}

/// Parses `443,8443,8000-8010,smtp:2525,tls:25`: ports and ranges take their well-known
/// protocol; `PROTOCOL:PORT` names it (`tls`, `smtp`, `imap`, `pop3`, `ldap`, `xmpp`).
pub fn parse_ports(text: &str) -> Result<Vec<PortSpec>, Invalid> {
    let bad = |message: String| Invalid::new(Value::Ports, text, message);
    const MAX_PORTS: usize = 1024;
    let mut ports: Vec<PortSpec> = Vec::new();
    for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let (protocol, range) = match item.split_once(':') {
            Some((name, range)) => (
                Some(Protocol::parse(name).ok_or_else(|| {
                    bad(format!(
                        "{name:?} is not a protocol (tls, smtp, imap, pop3, ldap, xmpp)"
                    ))
                })?),
                range,
            ),
            None => (None, item),
        };
        let port = |text: &str| -> Result<u16, Invalid> {
            match text.trim().parse::<u16>() {
                Ok(0) | Err(_) => Err(bad(format!("{text:?} is not a port (1–65535)"))),
                Ok(port) => Ok(port),
            }
        };
        let (first, last) = match range.split_once('-') {
            Some((a, b)) => (port(a)?, port(b)?),
            None => (port(range)?, port(range)?),
        };
        if first > last {
            return Err(bad(format!("{item:?}: the range runs backwards")));
        }
        for number in first..=last {
            let spec = PortSpec {
                port: number,
                protocol: protocol.unwrap_or(Protocol::of_port(number)),
            };
            if !ports.iter().any(|p| p.port == number) {
                ports.push(spec);
            }
            if ports.len() > MAX_PORTS {
                return Err(bad(format!("more than {MAX_PORTS} ports in one scan")).over_limit());
            }
        }
    }
    if ports.is_empty() {
        return Err(bad("no ports given".into()));
    }
    Ok(ports)
}

/// One connection a scan makes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    /// An address or a DNS name.
    pub host: String,
    pub port: u16,
    pub protocol: Protocol,
    /// The name sent as SNI and checked against the certificate.
    pub sni: Option<String>,
}

/// Every (host, port) of `targets` × `ports`, addresses named after `names` (addresses the
/// inventory's nodes are known by) for SNI. Ranges give their usable hosts (not the network and
/// broadcast addresses of IPv4 ranges wider than /31).
pub fn plan(
    targets: &[Target],
    ports: &[PortSpec],
    names: &HashMap<IpAddr, String>,
) -> Vec<Planned> {
    let mut hosts: Vec<(String, Option<String>)> = Vec::new();
    let named = |address: IpAddr| (address.to_string(), names.get(&address).cloned());
    for target in targets {
        match target {
            Target::Address(address) => hosts.push(named(*address)),
            Target::Name(name) => hosts.push((name.clone(), Some(name.clone()))),
            Target::Range(net) => hosts.extend(net.hosts().map(named)),
        }
    }
    let mut seen = std::collections::HashSet::new();
    hosts.retain(|(host, _)| seen.insert(host.clone()));
    let mut planned = Vec::with_capacity(hosts.len() * ports.len());
    for (host, sni) in &hosts {
        for spec in ports {
            planned.push(Planned {
                host: host.clone(),
                port: spec.port,
                protocol: spec.protocol,
                sni: sni.clone(),
            });
        }
    }
    planned
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_addresses_names_or_ranges_up_to_a_16() {
        assert_eq!(
            Target::parse("192.0.2.7"),
            Ok(Target::Address("192.0.2.7".parse().unwrap()))
        );
        assert_eq!(
            Target::parse("Conf1.Example.com."),
            Ok(Target::Name("conf1.example.com".into()))
        );
        assert_eq!(
            Target::parse("10.1.2.3/24").unwrap().to_string(),
            "10.1.2.0/24"
        );
        assert_eq!(Target::parse("10.0.0.0/16").unwrap().addresses(), 65_536);
        use crate::model::invalid::{Reason, Value};
        for wide in ["10.0.0.0/15", "2001:db8::/64"] {
            let refused = Target::parse(wide).unwrap_err();
            assert_eq!(
                (refused.value, refused.reason),
                (Value::Target, Reason::OverLimit)
            );
            assert_eq!(refused.text, wide);
        }
        assert_eq!(
            Target::parse("not a host!").unwrap_err().reason,
            Reason::Malformed
        );
        assert_eq!(Target::parse("2001:db8::/112").unwrap().addresses(), 65_536);
        assert!(Target::parse("not a host!").is_err());
        assert!(Target::parse("10.0.0.0/33").is_err());
    }

    #[test]
    fn ports_take_their_protocol_or_the_one_named() {
        let ports = parse_ports("443, 25,smtp:2525, 8000-8002, tls:587").unwrap();
        let shown: Vec<String> = ports.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["443", "25", "smtp:2525", "8000", "8001", "8002", "tls:587"]
        );
        assert!(parse_ports("0").is_err());
        assert!(parse_ports("10-5").is_err());
        assert!(parse_ports("gopher:70").is_err());
        let refused = parse_ports("1-65535").unwrap_err();
        assert_eq!(
            (refused.value, refused.reason),
            (
                crate::model::invalid::Value::Ports,
                crate::model::invalid::Reason::OverLimit
            )
        );
        assert!(parse_ports(" , ").is_err());
    }

    #[test]
    fn a_plan_is_hosts_times_ports_with_sni_from_names() {
        let names = HashMap::from([("192.0.2.1".parse().unwrap(), "conf1.example.com".into())]);
        let targets = [
            Target::parse("192.0.2.0/30").unwrap(),
            Target::parse("192.0.2.1").unwrap(),
            Target::parse("pbx.example.com").unwrap(),
        ];
        let planned = plan(&targets, &[PortSpec::new(443), PortSpec::new(25)], &names);
        let hosts: Vec<(&str, u16, Option<&str>)> = planned
            .iter()
            .map(|p| (p.host.as_str(), p.port, p.sni.as_deref()))
            .collect();
        assert_eq!(
            hosts,
            [
                ("192.0.2.1", 443, Some("conf1.example.com")),
                ("192.0.2.1", 25, Some("conf1.example.com")),
                ("192.0.2.2", 443, None),
                ("192.0.2.2", 25, None),
                ("pbx.example.com", 443, Some("pbx.example.com")),
                ("pbx.example.com", 25, Some("pbx.example.com")),
            ]
        );
        assert_eq!(planned[1].protocol, Protocol::Smtp);
    }
}
