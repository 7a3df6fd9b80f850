//! The TLS verifier every connection certdeck judges for itself goes through: probes and scans
//! (any certificate, judged afterwards), pushes to appliances (only the pinned one) and the
//! team database's `sslmode=require` (any, as libpq).

use std::sync::Mutex;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

/// Records what a server presents and decides by its pin: accept anything (probes, which judge
/// afterwards) or only the pinned certificate (uploads to appliances). Either way the handshake
/// signature is still verified with the presented key.
#[derive(Debug)]
pub(crate) struct Capture {
    pub(crate) chain: Mutex<Vec<CertificateDer<'static>>>,
    /// The OCSP response stapled to the handshake (empty: none).
    pub(crate) ocsp: Mutex<Vec<u8>>,
    /// `None`: accept any certificate. `Some(pin)`: accept only the certificate whose SHA-256 is
    /// `pin` (`Some(None)`: nothing pinned yet, refuse after recording).
    pub(crate) pin: Option<Option<String>>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl Capture {
    pub(crate) fn new(pin: Option<Option<String>>, provider: &CryptoProvider) -> Self {
        Self {
            chain: Mutex::new(Vec::new()),
            ocsp: Mutex::new(Vec::new()),
            pin,
            algorithms: provider.signature_verification_algorithms,
        }
    }

    /// SHA-256 (lowercase hex) of the certificate the server presented.
    pub(crate) fn leaf_fingerprint(&self) -> Option<String> {
        use sha2::Digest;
        let chain = self.chain.lock().ok()?;
        chain
            .first()
            .map(|c| hex::encode(sha2::Sha256::digest(c.as_ref())))
    }
}

impl ServerCertVerifier for Capture {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        ocsp: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if let Ok(mut stapled) = self.ocsp.lock() {
            *stapled = ocsp.to_vec();
        }
        if let Ok(mut chain) = self.chain.lock() {
            chain.clear();
            chain.push(end_entity.clone().into_owned());
            chain.extend(intermediates.iter().map(|c| c.clone().into_owned()));
        }
        match &self.pin {
            None => Ok(ServerCertVerified::assertion()),
            Some(pin) if pin.is_some() && *pin == self.leaf_fingerprint() => {
                Ok(ServerCertVerified::assertion())
            }
            Some(_) => Err(rustls::Error::General("certificate not pinned".into())),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}
