//! An issuer's public key parsed once for all the certificates it signed. Checking a leaf's
//! signature through `x509_parser::verify::verify_signature` parses the issuer's key into a new
//! aws-lc key object each time, and the RSA Montgomery set-up that comes with it was 4.5 % of a
//! 100,000-certificate import (docs/performance.md). [`kept_key`] keeps the parsed keys, for
//! chains built here ([`verifies`]) and for webpki's checks (`signature_cache.rs`) alike.
//!
//! Written by hand: the choice of aws-lc-rs algorithm from the signature's OID repeats, for the
//! common algorithms only (RSA PKCS#1 v1.5 with SHA-256/384/512, ECDSA on P-256/P-384 with
//! SHA-256/384), what x509-parser does privately; any other signature goes through x509-parser
//! as before, so the outcome never depends on this cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use aws_lc_rs::signature::{self, ParsedPublicKey, VerificationAlgorithm};
use x509_parser::asn1_rs::{BitString, FromDer};
use x509_parser::x509::{AlgorithmIdentifier, SubjectPublicKeyInfo};

use super::cert::Certificate;

/// The OIDs (content octets) this cache knows.
const SHA256_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
const SHA384_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c];
const SHA512_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d];
const ECDSA_WITH_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
const ECDSA_WITH_SHA384: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03];
const P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];

/// Parsed keys kept per algorithm before the memory starts again (issuers: a handful).
const KEYS_KEPT: usize = 256;

/// The kept keys, by the address of their aws-lc-rs algorithm (a static), then their bytes.
type Keys = Mutex<HashMap<usize, HashMap<Vec<u8>, Arc<ParsedPublicKey>>>>;
static KEYS: OnceLock<Keys> = OnceLock::new();

/// `public_key` (the subjectPublicKey's bits) parsed for `algorithm`, parsed once and kept;
/// `None` when it is not a key for that algorithm.
pub(crate) fn kept_key(
    algorithm: &'static dyn VerificationAlgorithm,
    public_key: &[u8],
) -> Option<Arc<ParsedPublicKey>> {
    let keys = KEYS.get_or_init(Keys::default);
    let id = (algorithm as *const dyn VerificationAlgorithm).cast::<()>() as usize;
    let found = keys
        .lock()
        .ok()
        .and_then(|keys| keys.get(&id)?.get(public_key).cloned());
    if found.is_some() {
        return found;
    }
    let key = Arc::new(ParsedPublicKey::new(algorithm, public_key).ok()?);
    if let Ok(mut keys) = keys.lock() {
        let kept = keys.entry(id).or_default();
        if kept.len() >= KEYS_KEPT {
            kept.clear();
        }
        kept.insert(public_key.to_vec(), key.clone());
    }
    Some(key)
}

/// Whether `public_key` is kept parsed (for any algorithm).
#[cfg(test)]
pub(crate) fn is_kept(public_key: &[u8]) -> bool {
    KEYS.get()
        .and_then(|keys| keys.lock().ok())
        .is_some_and(|keys| keys.values().any(|kept| kept.contains_key(public_key)))
}

/// The bits of an issuer's subjectPublicKey (what the kept keys are parsed from).
#[cfg(test)]
fn key_bits(spki_der: &[u8]) -> Vec<u8> {
    SubjectPublicKeyInfo::from_der(spki_der)
        .unwrap()
        .1
        .subject_public_key
        .data
        .to_vec()
}

/// Whether `child`'s signature verifies with `issuer_spki_der`, the key parsed once.
pub fn verifies(child: &Certificate, issuer_spki_der: &[u8]) -> bool {
    let signed = child.signed_part();
    let Ok((rest, algorithm_id)) = AlgorithmIdentifier::from_der(signed.algorithm) else {
        return false;
    };
    let Ok((_, signature)) = BitString::from_der(rest) else {
        return false;
    };
    let Ok((_, spki)) = SubjectPublicKeyInfo::from_der(issuer_spki_der) else {
        return false;
    };
    let Some(algorithm) = choose(&algorithm_id, &spki) else {
        return child.signature_verifies_with(issuer_spki_der);
    };
    match kept_key(algorithm, &spki.subject_public_key.data) {
        Some(key) => key.verify_sig(signed.tbs, &signature.data).is_ok(),
        None => false,
    }
}

/// The aws-lc-rs algorithm for a signature, when it is one of the common ones.
fn choose(
    signature_algorithm: &AlgorithmIdentifier,
    issuer_key: &SubjectPublicKeyInfo,
) -> Option<&'static dyn VerificationAlgorithm> {
    let oid = signature_algorithm.algorithm.as_bytes();
    let rsa: Option<&'static dyn VerificationAlgorithm> = match oid {
        SHA256_WITH_RSA => Some(&signature::RSA_PKCS1_2048_8192_SHA256),
        SHA384_WITH_RSA => Some(&signature::RSA_PKCS1_2048_8192_SHA384),
        SHA512_WITH_RSA => Some(&signature::RSA_PKCS1_2048_8192_SHA512),
        _ => None,
    };
    if rsa.is_some() {
        return rsa;
    }
    let curve = issuer_key.algorithm.parameters.as_ref()?.as_oid().ok()?;
    match (oid, curve.as_bytes()) {
        (ECDSA_WITH_SHA256, P256) => Some(&signature::ECDSA_P256_SHA256_ASN1),
        (ECDSA_WITH_SHA384, P256) => Some(&signature::ECDSA_P256_SHA384_ASN1),
        (ECDSA_WITH_SHA256, P384) => Some(&signature::ECDSA_P384_SHA256_ASN1),
        (ECDSA_WITH_SHA384, P384) => Some(&signature::ECDSA_P384_SHA384_ASN1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{CertificateParams, IsCa, Issuer, KeyPair, RsaKeySize};

    fn certificate(der: &[u8]) -> Certificate {
        Certificate::from_der(der).unwrap()
    }

    /// An issuer with `key` and a leaf it signs with `algorithm`'s key type.
    fn chain(issuer_key: &KeyPair, leaf_key: &KeyPair) -> (Certificate, Certificate) {
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let ca_cert = ca.clone().self_signed(issuer_key).unwrap();
        let issuer = Issuer::new(ca, issuer_key);
        let leaf = CertificateParams::new(vec!["leaf.example.com".into()])
            .unwrap()
            .signed_by(leaf_key, &issuer)
            .unwrap();
        (certificate(ca_cert.der()), certificate(leaf.der()))
    }

    #[test]
    fn a_parsed_key_agrees_with_x509_parser_for_rsa_and_ec_and_refuses_a_stranger() {
        let rsa = KeyPair::generate_rsa_for(&rcgen::PKCS_RSA_SHA256, RsaKeySize::_2048).unwrap();
        let p256 = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let p384 = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap();
        for issuer_key in [&rsa, &p256, &p384] {
            let (ca, leaf) = chain(issuer_key, &p256);
            for _ in 0..2 {
                assert!(verifies(&leaf, ca.spki_der()));
                assert!(leaf.signature_verifies_with(ca.spki_der()));
            }
            assert!(is_kept(&key_bits(ca.spki_der())), "parsed once, kept");
            // Another issuer's leaf, same name: its signature does not verify with this key.
            let (_, stranger) = chain(
                &KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap(),
                &p256,
            );
            assert!(!verifies(&stranger, ca.spki_der()));
            assert!(!stranger.signature_verifies_with(ca.spki_der()));
        }
    }

    #[test]
    fn a_signature_with_another_algorithm_goes_through_x509_parser() {
        // Ed25519 is not among the cached algorithms: verified the general way, nothing kept.
        let ed = KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
        let p256 = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let (ca, leaf) = chain(&ed, &p256);
        assert!(verifies(&leaf, ca.spki_der()));
        assert!(!is_kept(&key_bits(ca.spki_der())));
    }
}
