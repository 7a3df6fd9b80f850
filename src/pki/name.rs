//! Distinguished names, kept in the order they are encoded.

use std::borrow::Cow;

use serde::Serialize;
use x509_parser::x509::X509Name;

/// One attribute of a relative distinguished name.
///
/// The name and OID of the common attributes are static text: a certificate's two names hold
/// eight or so attributes, and owning those strings took about 30 MB of a 100,000-certificate
/// import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NameAttribute {
    /// Short name (`CN`, `O`, …) or dotted OID when there is none.
    pub name: Cow<'static, str>,
    pub oid: Cow<'static, str>,
    /// The value as UTF-8; undecodable values as `#` + hex of the DER, like RFC 4514.
    pub value: String,
}

/// A distinguished name: RDNs in encoded order, each with one or more attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DistinguishedName {
    pub rdns: Vec<Vec<NameAttribute>>,
}

impl DistinguishedName {
    pub fn from_x509(name: &X509Name<'_>) -> Self {
        let rdns = name
            .iter_rdn()
            .map(|rdn| {
                rdn.iter()
                    .map(|attr| {
                        let dotted = crate::pki::oids::dotted(attr.attr_type());
                        let (name, oid) = match known(&dotted) {
                            Some((oid, short)) => (Cow::Borrowed(short), Cow::Borrowed(oid)),
                            None => (Cow::Owned(dotted.clone()), Cow::Owned(dotted)),
                        };
                        // Escaped as decoded: a name is shown everywhere, and must never
                        // drive a terminal or reverse its text (crate::sanitize).
                        let value = match attr.as_str() {
                            Ok(value) => crate::sanitize::visible(value).into_owned(),
                            Err(_) => format!("#{}", hex::encode(attr.attr_value().data)),
                        };
                        NameAttribute { name, oid, value }
                    })
                    .collect()
            })
            .collect();
        Self { rdns }
    }

    pub fn is_empty(&self) -> bool {
        self.rdns.is_empty()
    }

    /// Every attribute in order.
    pub fn attributes(&self) -> impl Iterator<Item = &NameAttribute> {
        self.rdns.iter().flatten()
    }

    /// The first value of an attribute by short name, e.g. `CN`.
    pub fn first(&self, short: &str) -> Option<&str> {
        self.attributes()
            .find(|a| a.name == short)
            .map(|a| a.value.as_str())
    }

    /// The most specific common name (the last CN), as administrators name certificates.
    pub fn common_name(&self) -> Option<&str> {
        self.attributes()
            .filter(|a| a.name == "CN")
            .last()
            .map(|a| a.value.as_str())
    }
}

impl std::fmt::Display for DistinguishedName {
    /// `C=NO, O=Example, CN=host.example.com` in encoded order (as `openssl x509 -subject`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut first = true;
        for rdn in &self.rdns {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            for (i, attr) in rdn.iter().enumerate() {
                if i > 0 {
                    f.write_str(" + ")?;
                }
                write!(f, "{}={}", attr.name, attr.value)?;
            }
        }
        Ok(())
    }
}

/// The attributes with a short name: (dotted OID, short name).
const KNOWN: &[(&str, &str)] = &[
    ("2.5.4.3", "CN"),
    ("2.5.4.4", "SN"),
    ("2.5.4.5", "serialNumber"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.9", "street"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.12", "title"),
    ("2.5.4.13", "description"),
    ("2.5.4.17", "postalCode"),
    ("2.5.4.42", "GN"),
    ("2.5.4.43", "initials"),
    ("2.5.4.46", "dnQualifier"),
    ("2.5.4.65", "pseudonym"),
    ("2.5.4.97", "organizationIdentifier"),
    ("0.9.2342.19200300.100.1.1", "UID"),
    ("0.9.2342.19200300.100.1.25", "DC"),
    ("1.2.840.113549.1.9.1", "emailAddress"),
    ("1.3.6.1.4.1.311.60.2.1.3", "jurisdictionC"),
    ("1.3.6.1.4.1.311.60.2.1.2", "jurisdictionST"),
    ("1.3.6.1.4.1.311.60.2.1.1", "jurisdictionL"),
    ("2.5.4.15", "businessCategory"),
];

/// The static OID text and short name of a known attribute.
fn known(oid: &str) -> Option<(&'static str, &'static str)> {
    KNOWN.iter().copied().find(|(known, _)| *known == oid)
}
