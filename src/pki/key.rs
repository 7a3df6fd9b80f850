//! Public and private keys: what they are, how big, and which certificate they belong to.
//!
//! Keys are matched to certificates by comparing public key *structures* (RSA modulus and exponent,
//! EC curve and point, Ed25519 bytes), never by loading a key pair: the crypto provider refuses RSA
//! keys under 2048 bits and explicit curves, and those are exactly the old keys administrators
//! still have to sort out.

use der::asn1::{AnyRef, BitStringRef, ObjectIdentifier, OctetStringRef};
use der::{Decode, Encode, Tag, Tagged};
use serde::Serialize;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::error::Problem;
use super::oids;

/// A public key reduced to what identifies it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PublicKeyMaterial {
    Rsa {
        /// Big-endian modulus without leading zero bytes.
        modulus: Vec<u8>,
        /// Big-endian public exponent without leading zero bytes.
        exponent: Vec<u8>,
    },
    Ec {
        /// The named curve's OID, or the DER of explicit parameters.
        curve: Curve,
        /// The encoded point as found in the key (usually uncompressed `04 || X || Y`).
        point: Vec<u8>,
    },
    Ed25519(Vec<u8>),
    Ed448(Vec<u8>),
    /// Anything else (DSA, X25519, GOST…): compared by algorithm, parameters and key bits.
    Other {
        algorithm: String,
        parameters: Vec<u8>,
        key: Vec<u8>,
    },
}

/// An elliptic curve as written in a key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Curve {
    Named(String),
    Explicit(Vec<u8>),
}

/// Algorithm and size of a key, as shown to administrators.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeySummary {
    /// `RSA`, `EC`, `Ed25519`, `Ed448`, `DSA`, or the algorithm OID.
    pub algorithm: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bits: Option<u32>,
    /// Curve name for EC keys (`P-256`, `brainpoolP256r1`, `explicit`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub curve: Option<String>,
}

impl std::fmt::Display for KeySummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.curve, self.bits) {
            (Some(curve), _) => write!(f, "{} {}", self.algorithm, curve),
            (None, Some(bits)) => write!(f, "{} {}", self.algorithm, bits),
            (None, None) => f.write_str(&self.algorithm),
        }
    }
}

fn strip_leading_zeros(bytes: &[u8]) -> Vec<u8> {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes[first..].to_vec()
}

fn bit_length(big_endian: &[u8]) -> u32 {
    let stripped = strip_leading_zeros(big_endian);
    match stripped.first() {
        None => 0,
        Some(&first) => (stripped.len() as u32 - 1) * 8 + (8 - first.leading_zeros()),
    }
}

impl PublicKeyMaterial {
    /// Reads a DER `SubjectPublicKeyInfo`.
    pub fn from_spki_der(der: &[u8]) -> Result<Self, String> {
        let spki = spki::SubjectPublicKeyInfoRef::from_der(der).map_err(|e| e.to_string())?;
        let key = spki
            .subject_public_key
            .as_bytes()
            .ok_or("public key bit string is not byte-aligned")?;
        Self::from_parts(&spki.algorithm.oid, spki.algorithm.parameters.as_ref(), key)
    }

    fn from_parts(
        algorithm: &ObjectIdentifier,
        parameters: Option<&AnyRef<'_>>,
        key: &[u8],
    ) -> Result<Self, String> {
        match *algorithm {
            oids::RSA_ENCRYPTION | oids::RSASSA_PSS => Self::from_pkcs1_public(key),
            oids::EC_PUBLIC_KEY => Ok(Self::Ec {
                curve: curve_from_parameters(parameters)?,
                point: key.to_vec(),
            }),
            oids::ED25519 => Ok(Self::Ed25519(key.to_vec())),
            oids::ED448 => Ok(Self::Ed448(key.to_vec())),
            other => Ok(Self::Other {
                algorithm: other.to_string(),
                parameters: parameters.and_then(|p| p.to_der().ok()).unwrap_or_default(),
                key: key.to_vec(),
            }),
        }
    }

    /// Reads a PKCS#1 `RSAPublicKey`.
    pub fn from_pkcs1_public(der: &[u8]) -> Result<Self, String> {
        let key = RsaPublicKeyDer::from_der(der).map_err(|e| format!("RSA public key: {e}"))?;
        Ok(Self::Rsa {
            modulus: strip_leading_zeros(key.modulus.as_bytes()),
            exponent: strip_leading_zeros(key.public_exponent.as_bytes()),
        })
    }

    /// SHA-256 over a canonical encoding: equal for the same key however it was written.
    pub fn id(&self) -> [u8; 32] {
        let mut hash = Sha256::new();
        let mut field = |bytes: &[u8]| {
            hash.update((bytes.len() as u64).to_be_bytes());
            hash.update(bytes);
        };
        match self {
            Self::Rsa { modulus, exponent } => {
                field(b"rsa");
                field(modulus);
                field(exponent);
            }
            Self::Ec { curve, point } => {
                field(b"ec");
                match curve {
                    Curve::Named(oid) => field(oid.as_bytes()),
                    Curve::Explicit(der) => field(der),
                }
                field(point);
            }
            Self::Ed25519(key) => {
                field(b"ed25519");
                field(key);
            }
            Self::Ed448(key) => {
                field(b"ed448");
                field(key);
            }
            Self::Other {
                algorithm,
                parameters,
                key,
            } => {
                field(algorithm.as_bytes());
                field(parameters);
                field(key);
            }
        }
        hash.finalize().into()
    }

    pub fn summary(&self) -> KeySummary {
        match self {
            Self::Rsa { modulus, .. } => KeySummary {
                algorithm: "RSA".into(),
                bits: Some(bit_length(modulus)),
                curve: None,
            },
            Self::Ec { curve, point } => ec_summary(curve, point),
            Self::Ed25519(_) => KeySummary {
                algorithm: "Ed25519".into(),
                bits: Some(256),
                curve: None,
            },
            Self::Ed448(_) => KeySummary {
                algorithm: "Ed448".into(),
                bits: Some(456),
                curve: None,
            },
            Self::Other {
                algorithm,
                parameters,
                ..
            } => other_summary(algorithm, parameters),
        }
    }
}

fn ec_summary(curve: &Curve, point: &[u8]) -> KeySummary {
    let (name, bits) = match curve {
        Curve::Named(oid) => match oids::curve_name(oid) {
            Some((name, bits)) => (name.to_string(), Some(bits)),
            None => (oid.clone(), None),
        },
        Curve::Explicit(_) => ("explicit".to_string(), None),
    };
    // Unknown or explicit curves: the field size follows from the point length.
    let bits = bits.or(match point.first() {
        Some(4) => Some(((point.len() as u32).saturating_sub(1) / 2) * 8),
        Some(2) | Some(3) => Some((point.len() as u32).saturating_sub(1) * 8),
        _ => None,
    });
    KeySummary {
        algorithm: "EC".into(),
        bits,
        curve: Some(name),
    }
}

fn other_summary(algorithm: &str, parameters: &[u8]) -> KeySummary {
    if algorithm == oids::DSA.to_string() {
        // Dss-Parms ::= SEQUENCE { p INTEGER, q INTEGER, g INTEGER }
        let bits = DssParms::from_der(parameters)
            .ok()
            .map(|p| bit_length(p.p.as_bytes()));
        return KeySummary {
            algorithm: "DSA".into(),
            bits,
            curve: None,
        };
    }
    let name = oids::algorithm_name(algorithm).unwrap_or(algorithm);
    KeySummary {
        algorithm: name.to_string(),
        bits: None,
        curve: None,
    }
}

#[derive(der::Sequence)]
struct DssParms<'a> {
    p: der::asn1::UintRef<'a>,
    q: der::asn1::UintRef<'a>,
    g: der::asn1::UintRef<'a>,
}

pub(crate) fn curve_from_parameters(parameters: Option<&AnyRef<'_>>) -> Result<Curve, String> {
    let parameters = parameters.ok_or("EC key without curve parameters")?;
    if parameters.tag() == Tag::ObjectIdentifier {
        let oid: ObjectIdentifier = parameters
            .decode_as()
            .map_err(|e: der::Error| e.to_string())?;
        Ok(Curve::Named(oid.to_string()))
    } else {
        Ok(Curve::Explicit(
            parameters.to_der().map_err(|e| e.to_string())?,
        ))
    }
}

/// How a private key was stored in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyFormat {
    /// PKCS#1 `RSA PRIVATE KEY`
    Pkcs1,
    /// SEC1 `EC PRIVATE KEY`
    Sec1,
    /// PKCS#8 `PRIVATE KEY`
    Pkcs8,
    /// PKCS#8 `ENCRYPTED PRIVATE KEY`
    EncryptedPkcs8,
    /// OpenSSL's traditional `Proc-Type: 4,ENCRYPTED` PEM
    LegacyEncryptedPem,
    /// A key bag of a PKCS#12 file
    Pkcs12,
}

/// A decoded private key. The key itself is kept only as zeroized PKCS#8 DER.
#[derive(Clone, PartialEq, Eq)]
pub struct PrivateKey {
    pub summary: KeySummary,
    /// The public half when it could be derived (needed for matching).
    pub public: Option<PublicKeyMaterial>,
    pub format: KeyFormat,
    /// How the key was protected in its file, e.g. `PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)`.
    pub protection: Option<String>,
    pkcs8: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for PrivateKey {
    // Never print key material.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrivateKey")
            .field("summary", &self.summary)
            .field("format", &self.format)
            .field("protection", &self.protection)
            .finish_non_exhaustive()
    }
}

impl PrivateKey {
    /// The unencrypted PKCS#8 DER. Handle with care: zeroize copies.
    pub fn pkcs8_der(&self) -> &[u8] {
        &self.pkcs8
    }

    /// True when this key is the private half of `public`.
    pub fn matches(&self, public: &PublicKeyMaterial) -> bool {
        self.public.as_ref() == Some(public)
    }

    pub(crate) fn with_protection(mut self, format: KeyFormat, protection: Option<String>) -> Self {
        self.format = format;
        self.protection = protection;
        self
    }

    /// Reads an unencrypted PKCS#8 `PrivateKeyInfo` (v1 or v2).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, Problem> {
        let info = pkcs8::PrivateKeyInfoRef::try_from(der)
            .map_err(|e| Problem::invalid(format!("PKCS#8 private key: {e}")))?;
        let oid = info.algorithm.oid;
        let inner = info.private_key.as_bytes();
        let embedded_public = info.public_key.as_ref().and_then(|k| k.as_bytes());
        let public = match oid {
            oids::RSA_ENCRYPTION | oids::RSASSA_PSS => Some(rsa_public_from_pkcs1(inner)?),
            oids::EC_PUBLIC_KEY => {
                let curve = curve_from_parameters(info.algorithm.parameters.as_ref())
                    .map_err(Problem::invalid)?;
                let sec1 = EcPrivateKeyLoose::from_der(inner)
                    .map_err(|e| Problem::invalid(format!("EC private key: {e}")))?;
                let point = match sec1.public_key.as_ref().and_then(|k| k.as_bytes()) {
                    Some(point) => Some(point.to_vec()),
                    None => derive_ec_point(&curve, der),
                };
                point.map(|point| PublicKeyMaterial::Ec { curve, point })
            }
            oids::ED25519 => Some(PublicKeyMaterial::Ed25519(match embedded_public {
                Some(key) => key.to_vec(),
                None => derive_ed25519(inner)?,
            })),
            oids::ED448 => embedded_public.map(|k| PublicKeyMaterial::Ed448(k.to_vec())),
            _ => None,
        };
        let summary = match &public {
            Some(public) => public.summary(),
            None => {
                let parameters = info
                    .algorithm
                    .parameters
                    .as_ref()
                    .and_then(|p| p.to_der().ok())
                    .unwrap_or_default();
                match oid {
                    oids::EC_PUBLIC_KEY => KeySummary {
                        algorithm: "EC".into(),
                        bits: None,
                        curve: curve_from_parameters(info.algorithm.parameters.as_ref())
                            .ok()
                            .map(|c| ec_summary(&c, &[]).curve.unwrap_or_default()),
                    },
                    _ => other_summary(&oid.to_string(), &parameters),
                }
            }
        };
        Ok(Self {
            summary,
            public,
            format: KeyFormat::Pkcs8,
            protection: None,
            pkcs8: Zeroizing::new(der.to_vec()),
        })
    }

    /// Reads a PKCS#1 `RSAPrivateKey` and keeps it as PKCS#8.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, Problem> {
        rsa_public_from_pkcs1(der)?;
        let null = AnyRef::from(der::asn1::Null);
        let pkcs8 = wrap_pkcs8(oids::RSA_ENCRYPTION, Some(null), der)?;
        Ok(Self::from_pkcs8_der(&pkcs8)?.with_protection(KeyFormat::Pkcs1, None))
    }

    /// Reads a SEC1 `ECPrivateKey` (named or explicit curve) and keeps it as PKCS#8.
    pub fn from_sec1_der(der: &[u8], curve_hint: Option<&[u8]>) -> Result<Self, Problem> {
        let sec1 = EcPrivateKeyLoose::from_der(der)
            .map_err(|e| Problem::invalid(format!("EC private key: {e}")))?;
        // The curve is inside the key, or in a separate `EC PARAMETERS` block before it.
        let parameters_der = match (&sec1.parameters, curve_hint) {
            (Some(p), _) => p.to_der().map_err(Problem::invalid)?,
            (None, Some(hint)) => hint.to_vec(),
            (None, None) => {
                return Err(Problem::invalid("EC private key without curve parameters"));
            }
        };
        let parameters = AnyRef::from_der(&parameters_der).map_err(Problem::invalid)?;
        let pkcs8 = wrap_pkcs8(oids::EC_PUBLIC_KEY, Some(parameters), der)?;
        Ok(Self::from_pkcs8_der(&pkcs8)?.with_protection(KeyFormat::Sec1, None))
    }
}

fn rsa_public_from_pkcs1(der: &[u8]) -> Result<PublicKeyMaterial, Problem> {
    let key = RsaPrivateKeyDer::from_der(der)
        .map_err(|e| Problem::invalid(format!("RSA private key: {e}")))?;
    Ok(PublicKeyMaterial::Rsa {
        modulus: strip_leading_zeros(key.modulus.as_bytes()),
        exponent: strip_leading_zeros(key.public_exponent.as_bytes()),
    })
}

fn wrap_pkcs8(
    algorithm: ObjectIdentifier,
    parameters: Option<AnyRef<'_>>,
    key: &[u8],
) -> Result<Zeroizing<Vec<u8>>, Problem> {
    let info = pkcs8::PrivateKeyInfoRef::new(
        spki::AlgorithmIdentifier {
            oid: algorithm,
            parameters,
        },
        OctetStringRef::new(key).map_err(Problem::invalid)?,
    );
    Ok(Zeroizing::new(info.to_der().map_err(Problem::invalid)?))
}

// PKCS#1 structures, read with `der` directly: the `pkcs1` crate cannot be used because russh
// pins a pre-release of it.

/// PKCS#1 `RSAPublicKey`.
#[derive(der::Sequence)]
struct RsaPublicKeyDer<'a> {
    modulus: der::asn1::UintRef<'a>,
    public_exponent: der::asn1::UintRef<'a>,
}

/// PKCS#1 `RSAPrivateKey` (two-prime or multi-prime).
#[derive(der::Sequence)]
struct RsaPrivateKeyDer<'a> {
    version: u8,
    modulus: der::asn1::UintRef<'a>,
    public_exponent: der::asn1::UintRef<'a>,
    private_exponent: der::asn1::UintRef<'a>,
    prime1: der::asn1::UintRef<'a>,
    prime2: der::asn1::UintRef<'a>,
    exponent1: der::asn1::UintRef<'a>,
    exponent2: der::asn1::UintRef<'a>,
    coefficient: der::asn1::UintRef<'a>,
    #[asn1(optional = "true")]
    other_prime_infos: Option<AnyRef<'a>>,
}

/// SEC1 `ECPrivateKey` that also accepts explicit curve parameters (the `sec1` crate does not).
#[derive(der::Sequence)]
struct EcPrivateKeyLoose<'a> {
    version: u8,
    private_key: &'a OctetStringRef,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    parameters: Option<AnyRef<'a>>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    public_key: Option<BitStringRef<'a>>,
}

/// Derives the public point when a SEC1 key omits it (named NIST curves only).
fn derive_ec_point(curve: &Curve, pkcs8: &[u8]) -> Option<Vec<u8>> {
    use aws_lc_rs::signature::{self, EcdsaKeyPair, KeyPair};
    let Curve::Named(oid) = curve else {
        return None;
    };
    let alg = match oid.as_str() {
        "1.2.840.10045.3.1.7" => &signature::ECDSA_P256_SHA256_ASN1_SIGNING,
        "1.3.132.0.34" => &signature::ECDSA_P384_SHA384_ASN1_SIGNING,
        "1.3.132.0.35" => &signature::ECDSA_P521_SHA512_ASN1_SIGNING,
        _ => return None,
    };
    let pair = EcdsaKeyPair::from_private_key_der(alg, pkcs8).ok()?;
    Some(pair.public_key().as_ref().to_vec())
}

fn derive_ed25519(inner: &[u8]) -> Result<Vec<u8>, Problem> {
    use aws_lc_rs::signature::{Ed25519KeyPair, KeyPair};
    let seed = <&OctetStringRef>::from_der(inner)
        .map_err(|e| Problem::invalid(format!("Ed25519 private key: {e}")))?;
    let pair = Ed25519KeyPair::from_seed_unchecked(seed.as_bytes())
        .map_err(|e| Problem::invalid(format!("Ed25519 private key: {e}")))?;
    Ok(pair.public_key().as_ref().to_vec())
}
