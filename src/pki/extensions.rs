//! Certificate and request extensions decoded into owned, serialisable values.

use serde::Serialize;
use x509_parser::extensions::{
    DistributionPointName, GeneralName, GeneralSubtree, ParsedExtension, X509Extension,
};

use super::display::colon_hex;
use super::name::DistinguishedName;
use super::oids;

/// One extension: what it is, whether it is critical, and its decoded value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Extension {
    pub oid: String,
    /// Human name, or the OID when unknown.
    pub name: String,
    pub critical: bool,
    pub value: ExtensionValue,
}

/// Decoded extension values. Unknown or undecodable extensions keep their bytes as hex.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ExtensionValue {
    SubjectAltName {
        names: Vec<String>,
    },
    IssuerAltName {
        names: Vec<String>,
    },
    KeyUsage {
        usages: Vec<String>,
    },
    ExtendedKeyUsage {
        purposes: Vec<String>,
    },
    BasicConstraints {
        ca: bool,
        path_len: Option<u32>,
    },
    SubjectKeyIdentifier {
        key_id: String,
    },
    AuthorityKeyIdentifier {
        key_id: Option<String>,
        issuer: Vec<String>,
        serial: Option<String>,
    },
    AuthorityInfoAccess {
        entries: Vec<AccessEntry>,
    },
    SubjectInfoAccess {
        entries: Vec<AccessEntry>,
    },
    CrlDistributionPoints {
        points: Vec<DistributionPoint>,
    },
    CertificatePolicies {
        policies: Vec<Policy>,
    },
    NameConstraints {
        permitted: Vec<String>,
        excluded: Vec<String>,
    },
    PolicyConstraints {
        require_explicit_policy: Option<u32>,
        inhibit_policy_mapping: Option<u32>,
    },
    PolicyMappings {
        mappings: Vec<(String, String)>,
    },
    InhibitAnyPolicy {
        skip_certs: u32,
    },
    SignedCertificateTimestamps {
        scts: Vec<Sct>,
    },
    NetscapeCertType {
        types: String,
    },
    Text {
        text: String,
    },
    CrlNumber {
        number: String,
    },
    Unknown {
        hex: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccessEntry {
    /// `OCSP`, `CA Issuers`, … or the OID.
    pub method: String,
    pub location: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DistributionPoint {
    pub names: Vec<String>,
    pub reasons: Option<String>,
    pub crl_issuer: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Policy {
    pub oid: String,
    pub name: Option<String>,
    /// CPS URIs and user notices, as text.
    pub qualifiers: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sct {
    pub version: u8,
    /// Log ID as lowercase hex.
    pub log_id: String,
    /// Milliseconds since the Unix epoch.
    pub timestamp: u64,
    pub signature_algorithm: String,
}

/// Formats a general name as `DNS:…`, `IP:…`, `email:…`, `URI:…`, `DirName:…`, `RID:…`.
pub fn general_name(name: &GeneralName<'_>) -> String {
    crate::sanitize::visible_owned(general_name_raw(name))
}

fn general_name_raw(name: &GeneralName<'_>) -> String {
    match name {
        GeneralName::DNSName(dns) => format!("DNS:{dns}"),
        GeneralName::IPAddress(bytes) => format!("IP:{}", ip_address(bytes)),
        GeneralName::RFC822Name(email) => format!("email:{email}"),
        GeneralName::URI(uri) => format!("URI:{uri}"),
        GeneralName::DirectoryName(dn) => {
            format!("DirName:{}", DistinguishedName::from_x509(dn))
        }
        GeneralName::RegisteredID(oid) => format!("RID:{}", crate::pki::oids::dotted(oid)),
        GeneralName::OtherName(oid, value) => other_name(&crate::pki::oids::dotted(oid), value),
        GeneralName::X400Address(_) => "X400Name:<unsupported>".to_string(),
        GeneralName::EDIPartyName(_) => "EdiPartyName:<unsupported>".to_string(),
        GeneralName::Invalid(tag, bytes) => {
            format!("invalid(tag {}):{}", tag.0, hex::encode(bytes))
        }
    }
}

fn other_name(oid: &str, value: &[u8]) -> String {
    // Microsoft UPN: [0] EXPLICIT UTF8String
    if oid == "1.3.6.1.4.1.311.20.2.3"
        && let Ok((_, any)) = x509_parser::der_parser::parse_der(value)
        && let Ok(inner) = any.as_slice()
        && let Ok((_, text)) = x509_parser::der_parser::parse_der(inner)
        && let Ok(upn) = text.as_str()
    {
        return format!("othername:UPN:{upn}");
    }
    format!("othername:{oid}:{}", hex::encode(value))
}

/// IPv4 / IPv6 addresses, and address/mask pairs as found in name constraints.
pub fn ip_address(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => std::net::Ipv4Addr::from([bytes[0], bytes[1], bytes[2], bytes[3]]).to_string(),
        16 => {
            let mut octets = [0u8; 16];
            octets.copy_from_slice(bytes);
            std::net::Ipv6Addr::from(octets).to_string()
        }
        8 => format!("{}/{}", ip_address(&bytes[..4]), ip_address(&bytes[4..])),
        32 => format!("{}/{}", ip_address(&bytes[..16]), ip_address(&bytes[16..])),
        _ => hex::encode(bytes),
    }
}

fn names(list: &[GeneralName<'_>]) -> Vec<String> {
    list.iter().map(general_name).collect()
}

fn subtrees(list: &Option<Vec<GeneralSubtree<'_>>>) -> Vec<String> {
    list.iter()
        .flatten()
        .map(|subtree| general_name(&subtree.base))
        .collect()
}

pub(crate) fn key_usage_names(flags: u16) -> Vec<String> {
    const NAMES: [&str; 9] = [
        "digitalSignature",
        "nonRepudiation",
        "keyEncipherment",
        "dataEncipherment",
        "keyAgreement",
        "keyCertSign",
        "cRLSign",
        "encipherOnly",
        "decipherOnly",
    ];
    NAMES
        .iter()
        .enumerate()
        .filter(|(bit, _)| flags & (1 << bit) != 0)
        .map(|(_, name)| name.to_string())
        .collect()
}

fn access_method(oid: &str) -> String {
    match oid {
        "1.3.6.1.5.5.7.48.1" => "OCSP".into(),
        "1.3.6.1.5.5.7.48.2" => "CA Issuers".into(),
        "1.3.6.1.5.5.7.48.3" => "Time Stamping".into(),
        "1.3.6.1.5.5.7.48.5" => "CA Repository".into(),
        other => other.into(),
    }
}

fn policy_qualifier(oid: &str, raw: &[u8]) -> String {
    let text = x509_parser::der_parser::parse_der(raw)
        .ok()
        .and_then(|(_, obj)| obj.as_str().ok().map(str::to_string));
    match (oid, text) {
        ("1.3.6.1.5.5.7.2.1", Some(uri)) => format!("CPS: {uri}"),
        (_, Some(text)) => text,
        ("1.3.6.1.5.5.7.2.2", None) => format!("User notice: {}", hex::encode(raw)),
        (oid, None) => format!("{oid}: {}", hex::encode(raw)),
    }
}

fn reason_flags(flags: u16) -> String {
    const NAMES: [&str; 9] = [
        "unused",
        "keyCompromise",
        "cACompromise",
        "affiliationChanged",
        "superseded",
        "cessationOfOperation",
        "certificateHold",
        "privilegeWithdrawn",
        "aACompromise",
    ];
    NAMES
        .iter()
        .enumerate()
        .filter(|(bit, _)| flags & (1 << bit) != 0)
        .map(|(_, name)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn eku_purposes(eku: &x509_parser::extensions::ExtendedKeyUsage<'_>) -> Vec<String> {
    let mut purposes = Vec::new();
    let flags = [
        (eku.server_auth, "serverAuth"),
        (eku.client_auth, "clientAuth"),
        (eku.code_signing, "codeSigning"),
        (eku.email_protection, "emailProtection"),
        (eku.time_stamping, "timeStamping"),
        (eku.ocsp_signing, "OCSPSigning"),
        (eku.any, "anyExtendedKeyUsage"),
    ];
    purposes.extend(
        flags
            .iter()
            .filter(|(set, _)| *set)
            .map(|(_, n)| n.to_string()),
    );
    purposes.extend(eku.other.iter().map(|oid| {
        let oid = crate::pki::oids::dotted(oid);
        oids::eku_name(&oid).map(str::to_string).unwrap_or(oid)
    }));
    purposes
}

/// Decodes one extension.
pub fn decode(ext: &X509Extension<'_>) -> Extension {
    let oid = crate::pki::oids::dotted(&ext.oid);
    let name = oids::extension_name(&oid)
        .map(str::to_string)
        .unwrap_or_else(|| oid.clone());
    let unknown = || ExtensionValue::Unknown {
        hex: hex::encode(ext.value),
    };
    let value = match ext.parsed_extension() {
        ParsedExtension::SubjectAlternativeName(san) => ExtensionValue::SubjectAltName {
            names: names(&san.general_names),
        },
        ParsedExtension::IssuerAlternativeName(ian) => ExtensionValue::IssuerAltName {
            names: names(&ian.general_names),
        },
        ParsedExtension::KeyUsage(ku) => ExtensionValue::KeyUsage {
            usages: key_usage_names(ku.flags),
        },
        ParsedExtension::ExtendedKeyUsage(eku) => ExtensionValue::ExtendedKeyUsage {
            purposes: eku_purposes(eku),
        },
        ParsedExtension::BasicConstraints(bc) => ExtensionValue::BasicConstraints {
            ca: bc.ca,
            path_len: bc.path_len_constraint,
        },
        ParsedExtension::SubjectKeyIdentifier(id) => ExtensionValue::SubjectKeyIdentifier {
            key_id: colon_hex(id.0),
        },
        ParsedExtension::AuthorityKeyIdentifier(aki) => ExtensionValue::AuthorityKeyIdentifier {
            key_id: aki.key_identifier.as_ref().map(|id| colon_hex(id.0)),
            issuer: aki
                .authority_cert_issuer
                .as_deref()
                .map(names)
                .unwrap_or_default(),
            serial: aki.authority_cert_serial.map(colon_hex),
        },
        ParsedExtension::AuthorityInfoAccess(aia) => ExtensionValue::AuthorityInfoAccess {
            entries: access_entries(&aia.accessdescs),
        },
        ParsedExtension::SubjectInfoAccess(sia) => ExtensionValue::SubjectInfoAccess {
            entries: access_entries(&sia.accessdescs),
        },
        ParsedExtension::CRLDistributionPoints(cdp) => ExtensionValue::CrlDistributionPoints {
            points: cdp
                .points
                .iter()
                .map(|point| DistributionPoint {
                    names: match &point.distribution_point {
                        Some(DistributionPointName::FullName(list)) => names(list),
                        Some(DistributionPointName::NameRelativeToCRLIssuer(rdn)) => {
                            vec![format!("relative: {} attribute(s)", rdn.iter().count())]
                        }
                        None => Vec::new(),
                    },
                    reasons: point.reasons.as_ref().map(|r| reason_flags(r.flags)),
                    crl_issuer: point.crl_issuer.as_deref().map(names).unwrap_or_default(),
                })
                .collect(),
        },
        ParsedExtension::CertificatePolicies(policies) => ExtensionValue::CertificatePolicies {
            policies: policies
                .iter()
                .map(|p| {
                    let oid = crate::pki::oids::dotted(&p.policy_id);
                    Policy {
                        name: oids::policy_name(&oid).map(str::to_string),
                        qualifiers: p
                            .policy_qualifiers
                            .iter()
                            .flatten()
                            .map(|q| {
                                policy_qualifier(
                                    &crate::pki::oids::dotted(&q.policy_qualifier_id),
                                    q.qualifier,
                                )
                            })
                            .collect(),
                        oid,
                    }
                })
                .collect(),
        },
        ParsedExtension::NameConstraints(nc) => ExtensionValue::NameConstraints {
            permitted: subtrees(&nc.permitted_subtrees),
            excluded: subtrees(&nc.excluded_subtrees),
        },
        ParsedExtension::PolicyConstraints(pc) => ExtensionValue::PolicyConstraints {
            require_explicit_policy: pc.require_explicit_policy,
            inhibit_policy_mapping: pc.inhibit_policy_mapping,
        },
        ParsedExtension::PolicyMappings(pm) => ExtensionValue::PolicyMappings {
            mappings: pm
                .mappings
                .iter()
                .map(|m| {
                    (
                        crate::pki::oids::dotted(&m.issuer_domain_policy),
                        crate::pki::oids::dotted(&m.subject_domain_policy),
                    )
                })
                .collect(),
        },
        ParsedExtension::InhibitAnyPolicy(iap) => ExtensionValue::InhibitAnyPolicy {
            skip_certs: iap.skip_certs,
        },
        ParsedExtension::SCT(scts) => ExtensionValue::SignedCertificateTimestamps {
            scts: scts
                .iter()
                .map(|sct| Sct {
                    version: sct.version.0,
                    log_id: hex::encode(sct.id.key_id),
                    timestamp: sct.timestamp,
                    signature_algorithm: sct_algorithm(
                        sct.signature.hash_alg_id,
                        sct.signature.sign_alg_id,
                    ),
                })
                .collect(),
        },
        ParsedExtension::NSCertType(t) => ExtensionValue::NetscapeCertType {
            types: t.to_string(),
        },
        ParsedExtension::NsCertComment(text) => ExtensionValue::Text {
            text: text.to_string(),
        },
        ParsedExtension::CRLNumber(n) => ExtensionValue::CrlNumber {
            number: n.to_string(),
        },
        _ => unknown(),
    };
    Extension {
        oid,
        name,
        critical: ext.critical,
        value,
    }
}

fn access_entries(list: &[x509_parser::extensions::AccessDescription<'_>]) -> Vec<AccessEntry> {
    list.iter()
        .map(|desc| AccessEntry {
            method: access_method(&crate::pki::oids::dotted(&desc.access_method)),
            location: general_name(&desc.access_location),
        })
        .collect()
}

fn sct_algorithm(hash: u8, sign: u8) -> String {
    let hash = match hash {
        4 => "SHA256",
        5 => "SHA384",
        6 => "SHA512",
        _ => "hash?",
    };
    let sign = match sign {
        1 => "RSA",
        3 => "ECDSA",
        _ => "sig?",
    };
    format!("{sign}-{hash}")
}

impl ExtensionValue {
    /// The value as display lines (for the CLI's text output and the desktop detail pane).
    pub fn lines(&self) -> Vec<String> {
        match self {
            Self::SubjectAltName { names } | Self::IssuerAltName { names } => names.clone(),
            Self::KeyUsage { usages } => vec![usages.join(", ")],
            Self::ExtendedKeyUsage { purposes } => vec![purposes.join(", ")],
            Self::BasicConstraints { ca, path_len } => vec![match (ca, path_len) {
                (true, Some(n)) => format!("CA: yes, path length ≤ {n}"),
                (true, None) => "CA: yes".to_string(),
                (false, _) => "CA: no".to_string(),
            }],
            Self::SubjectKeyIdentifier { key_id } => vec![key_id.clone()],
            Self::AuthorityKeyIdentifier {
                key_id,
                issuer,
                serial,
            } => {
                let mut lines: Vec<String> = key_id.iter().map(|k| format!("key id {k}")).collect();
                lines.extend(issuer.iter().map(|i| format!("issuer {i}")));
                lines.extend(serial.iter().map(|s| format!("serial {s}")));
                lines
            }
            Self::AuthorityInfoAccess { entries } | Self::SubjectInfoAccess { entries } => entries
                .iter()
                .map(|e| format!("{} - {}", e.method, e.location))
                .collect(),
            Self::CrlDistributionPoints { points } => points
                .iter()
                .flat_map(|p| p.names.iter().cloned())
                .collect(),
            Self::CertificatePolicies { policies } => policies
                .iter()
                .flat_map(|p| {
                    let head = match &p.name {
                        Some(name) => format!("{} ({name})", p.oid),
                        None => p.oid.clone(),
                    };
                    std::iter::once(head).chain(p.qualifiers.iter().map(|q| format!("  {q}")))
                })
                .collect(),
            Self::NameConstraints {
                permitted,
                excluded,
            } => permitted
                .iter()
                .map(|p| format!("permitted {p}"))
                .chain(excluded.iter().map(|e| format!("excluded {e}")))
                .collect(),
            Self::PolicyConstraints {
                require_explicit_policy,
                inhibit_policy_mapping,
            } => vec![format!(
                "requireExplicitPolicy {require_explicit_policy:?}, inhibitPolicyMapping {inhibit_policy_mapping:?}"
            )],
            Self::PolicyMappings { mappings } => {
                mappings.iter().map(|(a, b)| format!("{a} → {b}")).collect()
            }
            Self::InhibitAnyPolicy { skip_certs } => vec![format!("skip {skip_certs}")],
            Self::SignedCertificateTimestamps { scts } => scts
                .iter()
                .map(|s| {
                    format!(
                        "log {} at {} ({})",
                        s.log_id, s.timestamp, s.signature_algorithm
                    )
                })
                .collect(),
            Self::NetscapeCertType { types } => vec![types.clone()],
            Self::Text { text } => vec![text.clone()],
            Self::CrlNumber { number } => vec![number.clone()],
            Self::Unknown { hex } => vec![hex.clone()],
        }
    }
}
