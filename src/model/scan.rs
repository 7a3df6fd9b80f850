//! What a scan covers, how it runs, and what it saw at each endpoint.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::endpoint::Protocol;
use super::probe::{ProbeError, ProbeReport};
use super::targets::{PortSpec, Target};

/// How a scan runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanLimits {
    /// Connections open at once.
    pub parallel: usize,
    /// New connections per second (0: no limit).
    pub rate: u32,
    /// Seconds each endpoint gets, STARTTLS and handshake included.
    pub timeout_seconds: u64,
    /// Addresses no node names are named by reverse DNS (when they accept a connection), and
    /// that name is sent as SNI.
    #[serde(default = "yes")]
    pub reverse_dns: bool,
}

fn yes() -> bool {
    true
}

impl Default for ScanLimits {
    fn default() -> Self {
        Self {
            parallel: 64,
            rate: 1000,
            timeout_seconds: 5,
            reverse_dns: true,
        }
    }
}

/// What a scan covers, as saved under a name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanSpec {
    pub targets: Vec<Target>,
    pub ports: Vec<PortSpec>,
    pub limits: ScanLimits,
}

/// How far a scan is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    /// Endpoints that served a certificate so far.
    pub served: usize,
}

/// One endpoint's result.
#[derive(Clone, Debug)]
pub struct Seen {
    pub host: String,
    pub port: u16,
    pub protocol: Protocol,
    pub sni: Option<String>,
    pub at: OffsetDateTime,
    pub outcome: Result<ProbeReport, ProbeError>,
}

impl Seen {
    /// Whether anything listened: a refused or silent port is not an endpoint.
    pub fn answered(&self) -> bool {
        !matches!(
            self.outcome,
            Err(ProbeError::Connect(..) | ProbeError::Timeout(..) | ProbeError::Resolve(..))
        )
    }
}
