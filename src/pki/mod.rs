//! The certificate engine: decoding, details, statuses, chains and verification.
//!
//! Nothing here knows about a user interface; the CLI and the desktop app are shells over it.

pub mod authority;
pub mod cert;
pub mod chain;
mod check_phrase;
pub mod crl;
pub mod csr;
pub mod decode;
pub(crate) mod der;
pub mod display;
pub mod error;
pub mod extensions;
mod issuer_key;
pub mod key;
mod key_crypt;
pub mod name;
pub mod oids;
pub mod parallel;
pub mod params;
pub mod pem;
pub mod pkcs12;
pub mod pkcs7;
pub mod report;
pub mod request;
mod rfc5280;
pub mod rules;
mod signature_cache;
pub mod status;
pub mod verify;

pub use cert::Certificate;
pub use chain::{CertPool, ChainReport, TrustSource};
pub use crl::Crl;
pub use csr::Csr;
pub use decode::{DecodeOptions, Decoded, Item, Object, decode_bytes, decode_file};
pub use error::{DecodeError, VerifyError};
pub use key::{KeySummary, PrivateKey, PublicKeyMaterial};
pub use name::DistinguishedName;
pub use params::TlsParameters;
pub use report::{CertificateReport, InspectOptions, Inspector, inspect};
pub use status::{Assessment, StatusCode, StatusContext, assess};
pub use verify::{Purpose, Verdict, Verifier};
