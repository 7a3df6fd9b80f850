//! Where certdeck connects: a host and port, the name it sends, how the connection turns into
//! TLS.

use serde::{Deserialize, Serialize};

use super::invalid::{Invalid, Value};

/// How a port is spoken to before TLS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// TLS from the first byte (HTTPS, SIPS, LDAPS, IMAPS, …).
    Tls,
    Smtp,
    Imap,
    Pop3,
    Ldap,
    Xmpp,
}

impl Protocol {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tls => "tls",
            Self::Smtp => "smtp",
            Self::Imap => "imap",
            Self::Pop3 => "pop3",
            Self::Ldap => "ldap",
            Self::Xmpp => "xmpp",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text.to_ascii_lowercase().as_str() {
            "tls" => Self::Tls,
            "smtp" => Self::Smtp,
            "imap" => Self::Imap,
            "pop3" => Self::Pop3,
            "ldap" => Self::Ldap,
            "xmpp" => Self::Xmpp,
            _ => return None,
        })
    }

    /// The protocol a well-known port speaks: STARTTLS on the plain-text ports of mail,
    /// directory and chat services, TLS from the start everywhere else.
    pub fn of_port(port: u16) -> Self {
        match port {
            25 | 587 => Self::Smtp,
            143 => Self::Imap,
            110 => Self::Pop3,
            389 => Self::Ldap,
            5222 => Self::Xmpp,
            _ => Self::Tls,
        }
    }
}

impl std::fmt::Display for Protocol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

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
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let text = text.trim();
        let bad = |why: &str| Invalid::new(Value::Endpoint, text, format!("{text:?}: {why}"));
        let (host, port) = if let Some(rest) = text.strip_prefix('[') {
            let (host, after) = rest.split_once(']').ok_or_else(|| bad("missing ]"))?;
            let port = after
                .strip_prefix(':')
                .map(|p| p.parse::<u16>())
                .transpose();
            (
                host.to_string(),
                port.map_err(|_| bad("bad port"))?.unwrap_or(443),
            )
        } else {
            match text.rsplit_once(':') {
                Some((host, port)) if !host.contains(':') => {
                    (host.to_string(), port.parse().map_err(|_| bad("bad port"))?)
                }
                _ => (text.to_string(), 443),
            }
        };
        if host.is_empty() {
            return Err(bad("no host"));
        }
        Ok(Self {
            host,
            port,
            sni: None,
            starttls: Protocol::Tls,
        })
    }

    pub fn name(&self) -> &str {
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
