//! Signature checks remembered across the paths of one batch.
//!
//! webpki checks every signature of a path for every leaf: verifying 10,000 leaves issued by the
//! same intermediate checked that intermediate's signature (by an RSA-3072 root) 10,000 times,
//! more than half of `verify --batch`. The same key, message and signature always give the same
//! answer, so each of webpki's algorithms is wrapped to remember the successes it has seen, keyed
//! by a SHA-256 of the three (with their lengths); failures are not remembered. Written by hand:
//! webpki accepts any `SignatureVerificationAlgorithm`, and no crate offers a remembering one.

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use rustls_pki_types::{AlgorithmIdentifier, InvalidSignature, SignatureVerificationAlgorithm};
use sha2::{Digest, Sha256};

/// Successes kept per algorithm before the memory starts again (32 bytes each).
const REMEMBERED: usize = 1 << 16;

/// webpki's algorithms (all it supports with aws-lc-rs), each remembering its successes.
pub fn algorithms() -> &'static [&'static dyn SignatureVerificationAlgorithm] {
    static ALGORITHMS: OnceLock<Vec<&'static dyn SignatureVerificationAlgorithm>> = OnceLock::new();
    ALGORITHMS.get_or_init(|| {
        webpki::ALL_VERIFICATION_ALGS
            .iter()
            .map(|&inner| {
                // Made once per process, for its whole life.
                let remembering: &'static Remembering = Box::leak(Box::new(Remembering {
                    inner,
                    seen: Mutex::new(HashSet::new()),
                }));
                remembering as &'static dyn SignatureVerificationAlgorithm
            })
            .collect()
    })
}

#[derive(Debug)]
struct Remembering {
    inner: &'static dyn SignatureVerificationAlgorithm,
    seen: Mutex<HashSet<[u8; 32]>>,
}

fn fingerprint(public_key: &[u8], message: &[u8], signature: &[u8]) -> [u8; 32] {
    let mut hash = Sha256::new();
    for part in [public_key, message, signature] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    hash.finalize().into()
}

impl SignatureVerificationAlgorithm for Remembering {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        let key = fingerprint(public_key, message, signature);
        if self.seen.lock().is_ok_and(|seen| seen.contains(&key)) {
            return Ok(());
        }
        self.inner
            .verify_signature(public_key, message, signature)?;
        if let Ok(mut seen) = self.seen.lock() {
            if seen.len() >= REMEMBERED {
                seen.clear();
            }
            seen.insert(key);
        }
        Ok(())
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        self.inner.public_key_alg_id()
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.inner.signature_alg_id()
    }

    fn fips(&self) -> bool {
        self.inner.fips()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A remembered success never vouches for another message or signature, and a failure is
    /// never remembered.
    #[test]
    fn only_the_same_key_message_and_signature_are_remembered() {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let params = rcgen::CertificateParams::new(vec!["a.example".into()]).unwrap();
        let cert = params.self_signed(&key).unwrap();
        let parsed = crate::pki::Certificate::from_der(cert.der()).unwrap();
        let (_, x509) =
            <x509_parser::certificate::X509Certificate as x509_parser::prelude::FromDer<_>>::from_der(
                cert.der(),
            )
            .unwrap();
        let public_key = x509.public_key().subject_public_key.data.to_vec();
        let message = x509.tbs_certificate.as_ref().to_vec();
        let signature = x509.signature_value.data.to_vec();
        let algorithm = algorithms()
            .iter()
            .find(|a| {
                a.signature_alg_id() == rustls_pki_types::alg_id::ECDSA_SHA256
                    && a.public_key_alg_id() == rustls_pki_types::alg_id::ECDSA_P256
            })
            .unwrap();
        assert!(parsed.self_signed);
        for _ in 0..2 {
            assert!(
                algorithm
                    .verify_signature(&public_key, &message, &signature)
                    .is_ok()
            );
        }
        let mut changed = message.clone();
        changed[10] ^= 1;
        for _ in 0..2 {
            assert!(
                algorithm
                    .verify_signature(&public_key, &changed, &signature)
                    .is_err()
            );
        }
    }
}
