//! Certificate signing requests (PKCS#10).

use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::FromDer;

use super::error::Problem;
use super::extensions::{self, Extension};
use super::key::{KeySummary, PublicKeyMaterial};
use super::name::DistinguishedName;
use super::oids;
use super::pem;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Csr {
    der: Vec<u8>,
    pub subject: DistinguishedName,
    pub key: KeySummary,
    pub public_key: Option<PublicKeyMaterial>,
    pub signature_algorithm: String,
    /// The request is signed by the key it carries (proof of possession).
    pub signature_valid: bool,
    pub san: Vec<String>,
    /// Extensions the requester asks for.
    pub requested_extensions: Vec<Extension>,
}

impl Csr {
    pub fn from_der(der: &[u8]) -> Result<Self, Problem> {
        let (rest, csr) = X509CertificationRequest::from_der(der)
            .map_err(|e| Problem::invalid(format!("not a valid certificate request: {e}")))?;
        let der = &der[..der.len() - rest.len()];
        let info = &csr.certification_request_info;
        let public_key = PublicKeyMaterial::from_spki_der(info.subject_pki.raw).ok();
        let key = public_key
            .as_ref()
            .map(|k| k.summary())
            .unwrap_or(KeySummary {
                algorithm: crate::pki::oids::dotted(&info.subject_pki.algorithm.algorithm),
                bits: None,
                curve: None,
            });
        let mut requested_extensions = Vec::new();
        let mut san = Vec::new();
        if let Some(requested) = csr.requested_extensions() {
            for parsed in requested {
                if let ParsedExtension::SubjectAlternativeName(names) = parsed {
                    san.extend(names.general_names.iter().map(extensions::general_name));
                }
            }
        }
        // The raw extensions (with criticality) live in the extensionRequest attribute.
        for attribute in info.iter_attributes() {
            if let x509_parser::cri_attributes::ParsedCriAttribute::ExtensionRequest(req) =
                attribute.parsed_attribute()
            {
                requested_extensions.extend(req.extensions.iter().map(extensions::decode));
            }
        }
        let (signature_algorithm, _) = oids::signature_name(&crate::pki::oids::dotted(
            &csr.signature_algorithm.algorithm,
        ));
        Ok(Self {
            subject: DistinguishedName::from_x509(&info.subject),
            key,
            public_key,
            signature_algorithm,
            signature_valid: csr.verify_signature().is_ok(),
            san,
            requested_extensions,
            der: der.to_vec(),
        })
    }

    pub fn der(&self) -> &[u8] {
        &self.der
    }

    pub fn to_pem(&self) -> String {
        pem::encode("CERTIFICATE REQUEST", &self.der)
    }
}
