//! Network primitives the store and the features share: the TLS verifier that records what a
//! server presents, the STARTTLS exchanges, and bounded HTTP bodies. Below the store: it knows no inventory.

pub mod http;
pub mod starttls;
pub mod tls;
