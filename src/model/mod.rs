//! The data every part of certdeck shares and the store saves: nodes' issuers and windows,
//! endpoints and scans, bundles, notification channels, approvals. No I/O here: only the
//! types, their parsing and their words. Everything else depends on this module; it depends
//! on nothing of certdeck's but `pki` (issue 30).

pub mod acme;
pub mod bundle;
pub mod endpoint;
pub mod invalid;
pub mod node;
pub mod notify;
pub mod probe;
pub mod scan;
pub mod targets;
pub mod window;
