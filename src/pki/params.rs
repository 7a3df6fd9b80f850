//! DH and EC parameter blocks ("TLS parameters") that travel with a server certificate, as
//! Pexip Infinity and OpenSSL-based appliances append them to the certificate file.

use der::asn1::{ObjectIdentifier, UintRef};
use der::{Decode, Tag, Tagged};

use super::error::Problem;
use super::oids;
use super::pem;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TlsParametersKind {
    /// Finite-field Diffie-Hellman group.
    /// `generator` is `None` when it is not a small number (DSA-style groups from `-dsaparam`).
    Dh { bits: u32, generator: Option<u64> },
    /// A named curve (or explicit curve parameters).
    Ec { curve: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsParameters {
    pub kind: TlsParametersKind,
    der: Vec<u8>,
    label: &'static str,
}

#[derive(der::Sequence)]
struct DhParameter<'a> {
    prime: UintRef<'a>,
    base: UintRef<'a>,
    #[asn1(optional = "true")]
    private_value_length: Option<UintRef<'a>>,
}

/// X9.42 `DomainParameters` (`X9.42 DH PARAMETERS`): p, g, q, …
#[derive(der::Sequence)]
struct X942Parameters<'a> {
    prime: UintRef<'a>,
    base: UintRef<'a>,
    subprime: UintRef<'a>,
}

/// SEC1 `SpecifiedECDomain`, checked field by field so that arbitrary SEQUENCEs are refused.
#[derive(der::Sequence)]
struct SpecifiedEcDomain<'a> {
    version: u8,
    field_id: FieldId<'a>,
    curve: der::asn1::AnyRef<'a>,
    base: &'a der::asn1::OctetStringRef,
    order: UintRef<'a>,
    #[asn1(optional = "true")]
    cofactor: Option<UintRef<'a>>,
}

#[derive(der::Sequence)]
struct FieldId<'a> {
    field_type: ObjectIdentifier,
    parameters: der::asn1::AnyRef<'a>,
}

fn bits(n: &UintRef<'_>) -> u32 {
    let bytes = n.as_bytes();
    match bytes.first() {
        Some(&first) => (bytes.len() as u32 - 1) * 8 + (8 - first.leading_zeros()),
        None => 0,
    }
}

fn small(n: &UintRef<'_>) -> Option<u64> {
    let bytes = n.as_bytes();
    (bytes.len() <= 8).then(|| bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

impl TlsParameters {
    /// PKCS#3 `DHParameter`.
    pub fn dh_from_der(der: &[u8]) -> Result<Self, Problem> {
        let params = DhParameter::from_der(der)
            .map_err(|e| Problem::invalid(format!("DH parameters: {e}")))?;
        let _ = params.private_value_length;
        Ok(Self {
            kind: TlsParametersKind::Dh {
                bits: bits(&params.prime),
                generator: small(&params.base),
            },
            der: der.to_vec(),
            label: "DH PARAMETERS",
        })
    }

    pub fn x942_from_der(der: &[u8]) -> Result<Self, Problem> {
        let params = X942Parameters::from_der(der)
            .map_err(|e| Problem::invalid(format!("X9.42 DH parameters: {e}")))?;
        let _ = params.subprime;
        Ok(Self {
            kind: TlsParametersKind::Dh {
                bits: bits(&params.prime),
                generator: small(&params.base),
            },
            der: der.to_vec(),
            label: "X9.42 DH PARAMETERS",
        })
    }

    /// `ECParameters`: a named curve OID or explicit parameters.
    pub fn ec_from_der(der: &[u8]) -> Result<Self, Problem> {
        let any = der::asn1::AnyRef::from_der(der)
            .map_err(|e| Problem::invalid(format!("EC parameters: {e}")))?;
        let curve = if any.tag() == Tag::ObjectIdentifier {
            let oid: ObjectIdentifier = any
                .decode_as()
                .map_err(|e| Problem::invalid(format!("EC parameters: {e}")))?;
            oids::curve_name(&oid.to_string())
                .map(|(name, _)| name.to_string())
                .unwrap_or_else(|| oid.to_string())
        } else if any.tag() == Tag::Sequence {
            let explicit = SpecifiedEcDomain::from_der(der)
                .map_err(|e| Problem::invalid(format!("explicit EC parameters: {e}")))?;
            let _ = (
                explicit.version,
                explicit.field_id.field_type,
                explicit.field_id.parameters,
            );
            let _ = (explicit.curve, explicit.base, explicit.cofactor);
            format!("explicit ({} bits)", bits(&explicit.order))
        } else {
            return Err(Problem::invalid(
                "EC parameters: neither a curve OID nor explicit parameters",
            ));
        };
        Ok(Self {
            kind: TlsParametersKind::Ec { curve },
            der: der.to_vec(),
            label: "EC PARAMETERS",
        })
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub fn to_pem(&self) -> String {
        pem::encode(self.label, &self.der)
    }

    pub fn describe(&self) -> String {
        match &self.kind {
            TlsParametersKind::Dh {
                bits,
                generator: Some(generator),
            } => format!("DH parameters, {bits} bits, generator {generator}"),
            TlsParametersKind::Dh {
                bits,
                generator: None,
            } => format!("DH parameters, {bits} bits (DSA-style group)"),
            TlsParametersKind::Ec { curve } => format!("EC parameters, curve {curve}"),
        }
    }
}
