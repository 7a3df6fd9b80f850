//! Signature checks remembered across the paths of one batch.
//!
//! webpki checks every signature of a path for every leaf: verifying 10,000 leaves issued by the
//! same intermediate checked that intermediate's signature (by an RSA-3072 root) 10,000 times,
//! more than half of `verify --batch`. The same key, message and signature always give the same
//! answer, so each of webpki's algorithms is wrapped to remember the successes it has seen, keyed
//! by a SHA-256 of the three (with their lengths); failures are not remembered. Written by hand:
//! webpki accepts any `SignatureVerificationAlgorithm`, and no crate offers a remembering one.
//!
//! Each check a leaf needs is still made, but with its issuer's key parsed once: webpki's
//! aws-lc-rs algorithms parse the key at every check (with RSA's Montgomery set-up, a tenth of
//! `inspect`), so the common ones use the keys `issuer_key::kept_key` keeps parsed (with the
//! same aws-lc-rs algorithm webpki's uses).

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use aws_lc_rs::signature::{self as lc, VerificationAlgorithm};

use rustls_pki_types::{AlgorithmIdentifier, InvalidSignature, SignatureVerificationAlgorithm};
use sha2::{Digest, Sha256};

/// Successes kept per algorithm before the memory starts again (32 bytes each).
const REMEMBERED: usize = 1 << 16;

/// The aws-lc-rs algorithm behind each of webpki's common ones (the one webpki's uses), whose
/// keys are worth keeping parsed.
fn parseable(
    inner: &'static dyn SignatureVerificationAlgorithm,
) -> Option<&'static dyn VerificationAlgorithm> {
    use webpki::aws_lc_rs as w;
    let table: [(
        &'static dyn SignatureVerificationAlgorithm,
        &'static dyn VerificationAlgorithm,
    ); 10] = [
        (
            w::RSA_PKCS1_2048_8192_SHA256,
            &lc::RSA_PKCS1_2048_8192_SHA256,
        ),
        (
            w::RSA_PKCS1_2048_8192_SHA384,
            &lc::RSA_PKCS1_2048_8192_SHA384,
        ),
        (
            w::RSA_PKCS1_2048_8192_SHA512,
            &lc::RSA_PKCS1_2048_8192_SHA512,
        ),
        (
            w::RSA_PKCS1_2048_8192_SHA256_ABSENT_PARAMS,
            &lc::RSA_PKCS1_2048_8192_SHA256,
        ),
        (
            w::RSA_PKCS1_2048_8192_SHA384_ABSENT_PARAMS,
            &lc::RSA_PKCS1_2048_8192_SHA384,
        ),
        (
            w::RSA_PKCS1_2048_8192_SHA512_ABSENT_PARAMS,
            &lc::RSA_PKCS1_2048_8192_SHA512,
        ),
        (w::ECDSA_P256_SHA256, &lc::ECDSA_P256_SHA256_ASN1),
        (w::ECDSA_P256_SHA384, &lc::ECDSA_P256_SHA384_ASN1),
        (w::ECDSA_P384_SHA256, &lc::ECDSA_P384_SHA256_ASN1),
        (w::ECDSA_P384_SHA384, &lc::ECDSA_P384_SHA384_ASN1),
    ];
    table
        .into_iter()
        .find(|(theirs, _)| std::ptr::addr_eq(*theirs, inner))
        .map(|(_, ours)| ours)
}

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
                    parsed_with: parseable(inner),
                }));
                remembering as &'static dyn SignatureVerificationAlgorithm
            })
            .collect()
    })
}

struct Remembering {
    inner: &'static dyn SignatureVerificationAlgorithm,
    seen: Mutex<HashSet<[u8; 32]>>,
    /// The aws-lc-rs algorithm to keep keys parsed with, for the common algorithms.
    parsed_with: Option<&'static dyn VerificationAlgorithm>,
}

impl std::fmt::Debug for Remembering {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Remembering")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

impl Remembering {
    /// Checks the signature as `inner` does, with the key parsed once where that is kept.
    fn check(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        let Some(algorithm) = self.parsed_with else {
            return self.inner.verify_signature(public_key, message, signature);
        };
        // webpki's own restriction on EC key encodings (RFC 5480 2.2), kept.
        if self.inner.public_key_alg_id() != rustls_pki_types::alg_id::RSA_ENCRYPTION
            && !matches!(public_key.first(), Some(0x02..=0x04))
        {
            return Err(InvalidSignature);
        }
        let key = super::issuer_key::kept_key(algorithm, public_key).ok_or(InvalidSignature)?;
        key.verify_sig(message, signature)
            .map_err(|_| InvalidSignature)
    }
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
        self.check(public_key, message, signature)?;
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

    /// A certificate self-signed with `key`: its DER, then what a signature check takes — the
    /// key's bits, the signed tbsCertificate and the signature.
    fn self_signed(key: &rcgen::KeyPair) -> (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>) {
        let params = rcgen::CertificateParams::new(vec!["a.example".into()]).unwrap();
        let cert = params.self_signed(key).unwrap();
        let (_, x509) =
            <x509_parser::certificate::X509Certificate as x509_parser::prelude::FromDer<_>>::from_der(
                cert.der(),
            )
            .unwrap();
        (
            cert.der().to_vec(),
            x509.public_key().subject_public_key.data.to_vec(),
            x509.tbs_certificate.as_ref().to_vec(),
            x509.signature_value.data.to_vec(),
        )
    }

    /// A remembered success never vouches for another message or signature, and a failure is
    /// never remembered.
    #[test]
    fn only_the_same_key_message_and_signature_are_remembered() {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let (der, public_key, message, signature) = self_signed(&key);
        let parsed = crate::pki::Certificate::from_der(&der).unwrap();
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

    /// The kept parsed keys answer as webpki's own algorithms do, for RSA and EC keys, a good
    /// signature, a changed message and another key.
    #[test]
    fn kept_keys_answer_as_webpki_does() {
        let rsa =
            rcgen::KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, rcgen::RsaKeySize::_2048)
                .unwrap();
        let p384 = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap();
        let other = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap();
        let cases = [
            (&rsa, webpki::aws_lc_rs::RSA_PKCS1_2048_8192_SHA256),
            (&p384, webpki::aws_lc_rs::ECDSA_P384_SHA384),
        ];
        for (key, inner) in cases {
            let ours = Remembering {
                inner,
                seen: Mutex::new(HashSet::new()),
                parsed_with: parseable(inner),
            };
            assert!(ours.parsed_with.is_some());
            let (_, public_key, message, signature) = self_signed(key);
            let mut changed = message.clone();
            changed[10] ^= 1;
            let stranger = other.public_key_raw().to_vec();
            for _ in 0..2 {
                assert!(ours.check(&public_key, &message, &signature).is_ok());
                assert!(ours.check(&public_key, &changed, &signature).is_err());
                assert!(ours.check(&stranger, &message, &signature).is_err());
                assert!(
                    inner
                        .verify_signature(&stranger, &message, &signature)
                        .is_err()
                );
            }
            assert!(crate::pki::issuer_key::is_kept(&public_key));
        }
        // An algorithm left to webpki keeps nothing.
        assert!(parseable(webpki::aws_lc_rs::ED25519).is_none());
    }
}
