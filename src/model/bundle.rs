//! What a push sends to a node.

use zeroize::Zeroizing;

/// What goes to a node: its server certificate with chain, key and parameters, and its trusted
/// CAs — or the trusted CAs alone (`certificate_pem` empty) for a node that only checks others,
/// such as a phone verifying its PBX.
#[derive(Clone)]
pub struct Bundle {
    pub subject: String,
    pub fingerprint_sha256: String,
    /// The leaf as PEM.
    pub certificate_pem: String,
    /// The intermediates as PEM (may be empty).
    pub chain_pem: String,
    /// Unencrypted PKCS#8 PEM: devices need the key in clear; it only lives in memory here.
    pub key_pem: Option<Zeroizing<String>>,
    pub parameters_pem: Option<String>,
    pub trusted_cas_pem: String,
    /// A CRL to ship with the files (PEM), for endpoints that check revocation themselves
    /// (Genesys' `tls-crl`): a file the node names, or a local CA's, signed for the push.
    pub crl_pem: Option<String>,
}

impl Bundle {
    /// The node gets its trusted CAs only: no server certificate, nothing to verify it serves.
    pub fn trust_only(&self) -> bool {
        self.certificate_pem.is_empty()
    }
}
