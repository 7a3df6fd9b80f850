//! certdeck: a certificate manager for administrators of TLS appliances and servers.
//!
//! - [`pki`]: the certificate engine (decode, details, statuses, chains, verification). It never
//!   touches a user interface or the clock.
//! - [`cli`]: the command line, a thin shell over the engine.
//! - `gui` (feature `gui`): the desktop window, another thin shell.
//! - [`locale`]: dates and numbers in the user's locale, for the window.

pub mod acme;
pub mod app;
pub mod child;
pub mod cli;
#[cfg(feature = "gui")]
pub mod gui;
pub mod limits;
pub mod locale;
pub mod model;
pub mod net;
pub mod notify;
pub mod pki;
pub mod probe;
pub mod push;
pub mod revocation;
pub mod sanitize;
pub mod scan;
pub mod settings;
pub mod store;
pub mod team;
