//! What a node's ACME issuer is made of: how it proves its names, which key it gets.

use serde::{Deserialize, Serialize};

/// How a node proves to the CA that it holds its names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "kebab-case")]
pub enum Challenge {
    /// DNS-01 by an RFC 2136 update signed with TSIG to the named DNS server. When
    /// `_acme-challenge.NAME` is a CNAME into that server's zone (the acme-dns pattern), the
    /// record is written at the CNAME's target, so the main zone's key is never needed.
    Dns01 { server: String },
    /// DNS-01 by hand: the TXT record is shown, and certdeck waits until the zone's
    /// authoritative servers (`check_servers`, or the name's NS) answer it.
    Manual {
        #[serde(default)]
        check_servers: Vec<String>,
    },
    /// HTTP-01 answered by a listener certdeck opens on this machine (`address:port`; port 80
    /// must reach it, by a port forward for instance).
    Http01Listen { listen: String },
    /// HTTP-01 through the node's driver: the token file is written into the node's web root
    /// (`.well-known/acme-challenge/` below it) over SSH or into its folder, and removed after.
    Http01Webroot { webroot: String },
}

impl Challenge {
    pub fn describe(&self) -> String {
        match self {
            Challenge::Dns01 { server } => format!("DNS-01 through {server} (RFC 2136)"),
            Challenge::Manual { .. } => "DNS-01 by hand".into(),
            Challenge::Http01Listen { listen } => format!("HTTP-01 on {listen}"),
            Challenge::Http01Webroot { webroot } => format!("HTTP-01 in {webroot} on the node"),
        }
    }
}

/// Which key the new certificate gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum KeyPolicy {
    /// A new key for every certificate, sealed in the vault.
    New,
    /// The key of the node's current certificate.
    Keep,
    /// The appliance's own signing request: its key never leaves the box.
    Csr,
}

impl KeyPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyPolicy::New => "new",
            KeyPolicy::Keep => "keep",
            KeyPolicy::Csr => "csr",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "new" => Some(KeyPolicy::New),
            "keep" => Some(KeyPolicy::Keep),
            "csr" => Some(KeyPolicy::Csr),
            _ => None,
        }
    }
}

/// What an order is doing, for the window's progress and the command line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum OrderEvent {
    /// The setup is rehearsed at a staging account first; the orders that follow (until
    /// [`OrderEvent::Rehearsed`]) go there and their certificate is thrown away.
    Rehearsing {
        account: String,
    },
    Rehearsed {
        account: String,
    },
    Ordering {
        names: Vec<String>,
    },
    Proving {
        name: String,
        how: String,
    },
    /// Manual DNS-01: the record the administrator must create.
    ShowRecord {
        record: String,
        value: String,
    },
    /// `_acme-challenge.NAME` is a CNAME: the record is written at its target.
    Delegated {
        record: String,
        target: String,
    },
    Waiting {
        record: String,
    },
    Finalizing,
    Downloading,
}
