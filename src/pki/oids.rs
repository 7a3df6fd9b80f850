//! Object identifiers certdeck names, and their human names.

use der::asn1::ObjectIdentifier as Oid;

pub const RSA_ENCRYPTION: Oid = Oid::new_unwrap("1.2.840.113549.1.1.1");
pub const RSASSA_PSS: Oid = Oid::new_unwrap("1.2.840.113549.1.1.10");
pub const EC_PUBLIC_KEY: Oid = Oid::new_unwrap("1.2.840.10045.2.1");
pub const ED25519: Oid = Oid::new_unwrap("1.3.101.112");
pub const ED448: Oid = Oid::new_unwrap("1.3.101.113");
pub const DSA: Oid = Oid::new_unwrap("1.2.840.10040.4.1");

/// PKCS#12 password-based encryption (RFC 7292 appendix C), used by OpenSSL 1.0 for keys.
pub const PBE_SHA1_RC4_128: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.1");
pub const PBE_SHA1_RC4_40: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.2");
pub const PBE_SHA1_3DES: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.3");
pub const PBE_SHA1_2DES: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.4");
pub const PBE_SHA1_RC2_128: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.5");
pub const PBE_SHA1_RC2_40: Oid = Oid::new_unwrap("1.2.840.113549.1.12.1.6");

/// An OID as dotted text ("2.5.29.17"). asn1-rs's `to_id_string` goes through a big integer and
/// a string per arc (x509-parser turns on its `bigint` feature), which was the largest single
/// cost of decoding a certificate; arcs that fit in 64 bits are written directly here.
pub fn dotted(oid: &x509_parser::der_parser::oid::Oid<'_>) -> String {
    use std::fmt::Write;
    match oid.iter() {
        Some(arcs) => {
            let mut text = String::with_capacity(24);
            for (i, arc) in arcs.enumerate() {
                if i > 0 {
                    text.push('.');
                }
                let _ = write!(text, "{arc}");
            }
            text
        }
        None => oid.to_id_string(),
    }
}

/// Named curves: (OID, name, field bits).
const CURVES: &[(&str, &str, u32)] = &[
    ("1.2.840.10045.3.1.7", "P-256", 256),
    ("1.3.132.0.34", "P-384", 384),
    ("1.3.132.0.35", "P-521", 521),
    ("1.3.132.0.33", "P-224", 224),
    ("1.2.840.10045.3.1.1", "P-192", 192),
    ("1.3.132.0.10", "secp256k1", 256),
    ("1.3.36.3.3.2.8.1.1.7", "brainpoolP256r1", 256),
    ("1.3.36.3.3.2.8.1.1.11", "brainpoolP384r1", 384),
    ("1.3.36.3.3.2.8.1.1.13", "brainpoolP512r1", 512),
    ("1.2.156.10197.1.301", "SM2", 256),
];

/// Name and size of a named curve.
pub fn curve_name(oid: &str) -> Option<(&'static str, u32)> {
    CURVES
        .iter()
        .find(|(o, _, _)| *o == oid)
        .map(|(_, name, bits)| (*name, *bits))
}

/// Public key algorithms other than RSA/EC/EdDSA.
pub fn algorithm_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.3.101.110" => "X25519",
        "1.3.101.111" => "X448",
        "1.2.840.10040.4.1" => "DSA",
        "1.2.840.10046.2.1" => "DH",
        "1.2.840.113549.1.3.1" => "DH",
        "1.2.643.2.2.19" | "1.2.643.7.1.1.1.1" | "1.2.643.7.1.1.1.2" => "GOST",
        _ => return None,
    })
}

/// Signature algorithms: (OID, name, weak hash).
const SIGNATURES: &[(&str, &str, bool)] = &[
    ("1.2.840.113549.1.1.2", "md2WithRSAEncryption", true),
    ("1.2.840.113549.1.1.3", "md4WithRSAEncryption", true),
    ("1.2.840.113549.1.1.4", "md5WithRSAEncryption", true),
    ("1.2.840.113549.1.1.5", "sha1WithRSAEncryption", true),
    ("1.3.14.3.2.29", "sha1WithRSAEncryption", true),
    ("1.2.840.113549.1.1.14", "sha224WithRSAEncryption", false),
    ("1.2.840.113549.1.1.11", "sha256WithRSAEncryption", false),
    ("1.2.840.113549.1.1.12", "sha384WithRSAEncryption", false),
    ("1.2.840.113549.1.1.13", "sha512WithRSAEncryption", false),
    ("1.2.840.113549.1.1.10", "rsassaPss", false),
    ("1.2.840.10045.4.1", "ecdsa-with-SHA1", true),
    ("1.2.840.10045.4.3.1", "ecdsa-with-SHA224", false),
    ("1.2.840.10045.4.3.2", "ecdsa-with-SHA256", false),
    ("1.2.840.10045.4.3.3", "ecdsa-with-SHA384", false),
    ("1.2.840.10045.4.3.4", "ecdsa-with-SHA512", false),
    ("1.2.840.10040.4.3", "dsa-with-SHA1", true),
    ("2.16.840.1.101.3.4.3.2", "dsa-with-SHA256", false),
    ("1.3.101.112", "Ed25519", false),
    ("1.3.101.113", "Ed448", false),
    ("1.2.156.10197.1.501", "SM2-with-SM3", false),
];

/// Name of a signature algorithm and whether its hash is broken (MD2, MD4, MD5, SHA-1).
pub fn signature_name(oid: &str) -> (String, bool) {
    SIGNATURES
        .iter()
        .find(|(o, _, _)| *o == oid)
        .map(|(_, name, weak)| (name.to_string(), *weak))
        .unwrap_or_else(|| (oid.to_string(), false))
}

/// Extended key usage purposes.
pub fn eku_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "1.3.6.1.5.5.7.3.1" => "serverAuth",
        "1.3.6.1.5.5.7.3.2" => "clientAuth",
        "1.3.6.1.5.5.7.3.3" => "codeSigning",
        "1.3.6.1.5.5.7.3.4" => "emailProtection",
        "1.3.6.1.5.5.7.3.8" => "timeStamping",
        "1.3.6.1.5.5.7.3.9" => "OCSPSigning",
        "1.3.6.1.5.5.7.3.17" => "ipsecIKE",
        "1.3.6.1.4.1.311.20.2.2" => "msSmartcardLogin",
        "1.3.6.1.4.1.311.10.3.12" => "msDocumentSigning",
        "2.5.29.37.0" => "anyExtendedKeyUsage",
        _ => return None,
    })
}

/// Extension names.
pub fn extension_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.29.14" => "Subject Key Identifier",
        "2.5.29.15" => "Key Usage",
        "2.5.29.17" => "Subject Alternative Name",
        "2.5.29.18" => "Issuer Alternative Name",
        "2.5.29.19" => "Basic Constraints",
        "2.5.29.30" => "Name Constraints",
        "2.5.29.31" => "CRL Distribution Points",
        "2.5.29.32" => "Certificate Policies",
        "2.5.29.33" => "Policy Mappings",
        "2.5.29.35" => "Authority Key Identifier",
        "2.5.29.36" => "Policy Constraints",
        "2.5.29.37" => "Extended Key Usage",
        "2.5.29.54" => "Inhibit anyPolicy",
        "1.3.6.1.5.5.7.1.1" => "Authority Information Access",
        "1.3.6.1.5.5.7.1.11" => "Subject Information Access",
        "1.3.6.1.5.5.7.1.24" => "TLS Feature",
        "1.3.6.1.4.1.11129.2.4.2" => "Signed Certificate Timestamps",
        "1.3.6.1.4.1.11129.2.4.3" => "Precertificate Poison",
        "2.16.840.1.113730.1.1" => "Netscape Cert Type",
        "2.16.840.1.113730.1.13" => "Netscape Comment",
        "1.3.6.1.4.1.311.20.2" => "Microsoft Certificate Template Name",
        "1.3.6.1.4.1.311.21.7" => "Microsoft Certificate Template",
        "1.3.6.1.4.1.311.21.10" => "Microsoft Application Policies",
        _ => return None,
    })
}

/// Well-known certificate policies.
pub fn policy_name(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.23.140.1.2.1" => "CA/B domain validated",
        "2.23.140.1.2.2" => "CA/B organization validated",
        "2.23.140.1.2.3" => "CA/B individual validated",
        "2.23.140.1.1" => "CA/B extended validation",
        "2.5.29.32.0" => "anyPolicy",
        _ => return None,
    })
}
