//! Certificate revocation lists.

use time::OffsetDateTime;
use x509_parser::prelude::{FromDer, ParsedExtension};
use x509_parser::revocation_list::CertificateRevocationList;

use super::error::Problem;
use super::name::DistinguishedName;
use super::oids;
use super::pem;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crl {
    der: Vec<u8>,
    pub issuer: DistinguishedName,
    pub issuer_der: Vec<u8>,
    pub this_update: OffsetDateTime,
    pub next_update: Option<OffsetDateTime>,
    pub crl_number: Option<String>,
    pub signature_algorithm: String,
    pub entries: Vec<RevokedEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RevokedEntry {
    /// Serial number as lowercase hex.
    pub serial: String,
    #[serde(with = "time::serde::rfc3339")]
    pub revoked_at: OffsetDateTime,
    pub reason: Option<String>,
}

impl Crl {
    pub fn from_der(der: &[u8]) -> Result<Self, Problem> {
        let (rest, crl) = CertificateRevocationList::from_der(der)
            .map_err(|e| Problem::invalid(format!("not a valid CRL: {e}")))?;
        let der = &der[..der.len() - rest.len()];
        let entries = crl
            .iter_revoked_certificates()
            .map(|entry| RevokedEntry {
                serial: hex::encode(entry.raw_serial()),
                revoked_at: entry.revocation_date.to_datetime(),
                reason: entry.reason_code().map(|(_, code)| code.to_string()),
            })
            .collect();
        let crl_number = crl
            .extensions()
            .iter()
            .find_map(|ext| match ext.parsed_extension() {
                ParsedExtension::CRLNumber(n) => Some(n.to_string()),
                _ => None,
            });
        Ok(Self {
            issuer: DistinguishedName::from_x509(crl.issuer()),
            issuer_der: crl.issuer().as_raw().to_vec(),
            this_update: crl.last_update().to_datetime(),
            next_update: crl.next_update().map(|t| t.to_datetime()),
            crl_number,
            signature_algorithm: oids::signature_name(&crate::pki::oids::dotted(
                &crl.signature_algorithm.algorithm,
            ))
            .0,
            entries,
            der: der.to_vec(),
        })
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub fn to_pem(&self) -> String {
        pem::encode("X509 CRL", &self.der)
    }
}
