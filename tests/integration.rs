//! The integration tests, gathered into one test binary so the library (with iced) is linked once
//! rather than once per file — a build of many test binaries ran a CI disk out of space.
//! `tests/keychain.rs` stays apart: it needs a keychain session and `.ci/run` runs it on its own.

mod common;

// Starts Linux servers (Pebble, BIND, sshd): Linux CI only.
#[cfg(unix)]
mod acme;
// The window's renewal pass against the same servers.
#[cfg(all(unix, feature = "gui"))]
mod acme_window;
mod chain;
mod cli;
mod decode_formats;
mod details;
mod export;
mod https_forms;
mod https_upload;
mod inventory_cli;
mod limbo;
mod node_setup;
mod nodes;
// Issue 29: notification channels against a real SMTP relay and a loopback webhook receiver.
#[cfg(unix)]
mod notify;
mod ocsp;
mod overview;
mod pexip;
mod probe;
mod push;
// Starts Linux servers (sshd, a shell for reload commands, tmpfs): Linux CI only.
#[cfg(unix)]
mod push_journal;
mod requests;
mod revocation;
mod robustness;
mod scan;
// Issue 29: secrets sealed by the vault where no keychain works.
mod secrets;
// Starts PostgreSQL as the postgres system user: Linux CI only.
#[cfg(unix)]
mod shared_inventory;
// Starts Linux servers (sshd, a shell for reload commands, tmpfs): Linux CI only.
#[cfg(unix)]
mod ssh;
mod status;
mod store;
// Starts PostgreSQL as the postgres system user: Linux CI only.
#[cfg(unix)]
mod team;
// Issue 28's attacks, against PostgreSQL, the command line and loopback listeners: Linux CI only.
mod translations;
#[cfg(unix)]
mod trust_boundaries;
