//! Certificate signing requests: what to ask for (key, subject, names, purposes), the checks an
//! administrator wants before sending it to a CA, and the request itself (made with rcgen).

use std::net::IpAddr;

use rcgen::{
    CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, KeyPair,
    KeyUsagePurpose, SanType, string::Ia5String,
};
use serde::Serialize;
use zeroize::Zeroizing;

/// Key algorithms certdeck makes keys with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyType {
    Rsa2048,
    Rsa3072,
    Rsa4096,
    EcdsaP256,
    EcdsaP384,
    Ed25519,
}

impl KeyType {
    pub const ALL: [KeyType; 6] = [
        Self::Rsa2048,
        Self::Rsa3072,
        Self::Rsa4096,
        Self::EcdsaP256,
        Self::EcdsaP384,
        Self::Ed25519,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Rsa2048 => "rsa2048",
            Self::Rsa3072 => "rsa3072",
            Self::Rsa4096 => "rsa4096",
            Self::EcdsaP256 => "p256",
            Self::EcdsaP384 => "p384",
            Self::Ed25519 => "ed25519",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.name() == text.to_ascii_lowercase())
    }

    /// The kind of key a certificate has, to renew it with a key of the same kind.
    pub fn like(key: &super::KeySummary) -> Self {
        match (key.algorithm.as_str(), key.bits) {
            ("RSA", Some(bits)) if bits > 3072 => Self::Rsa4096,
            ("RSA", Some(bits)) if bits > 2048 => Self::Rsa3072,
            ("EC", Some(bits)) if bits > 256 => Self::EcdsaP384,
            ("EC", _) => Self::EcdsaP256,
            ("Ed25519", _) => Self::Ed25519,
            _ => Self::Rsa2048,
        }
    }

    /// What a key of this kind will look like, for checking a request before the key is made.
    pub fn summary(self) -> super::KeySummary {
        let (algorithm, bits, curve) = match self {
            Self::Rsa2048 => ("RSA", Some(2048), None),
            Self::Rsa3072 => ("RSA", Some(3072), None),
            Self::Rsa4096 => ("RSA", Some(4096), None),
            Self::EcdsaP256 => ("EC", Some(256), Some("P-256")),
            Self::EcdsaP384 => ("EC", Some(384), Some("P-384")),
            Self::Ed25519 => ("Ed25519", Some(256), None),
        };
        super::KeySummary {
            algorithm: algorithm.to_string(),
            bits,
            curve: curve.map(str::to_string),
        }
    }

    /// Generates a key pair (RSA takes up to a second).
    pub fn generate(self) -> Result<KeyPair, String> {
        use rcgen::{
            PKCS_ECDSA_P256_SHA256, PKCS_ECDSA_P384_SHA384, PKCS_ED25519, PKCS_RSA_SHA256,
            RsaKeySize,
        };
        let result = match self {
            Self::Rsa2048 => KeyPair::generate_rsa_for(&PKCS_RSA_SHA256, RsaKeySize::_2048),
            Self::Rsa3072 => KeyPair::generate_rsa_for(&PKCS_RSA_SHA256, RsaKeySize::_3072),
            Self::Rsa4096 => KeyPair::generate_rsa_for(&PKCS_RSA_SHA256, RsaKeySize::_4096),
            Self::EcdsaP256 => KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256),
            Self::EcdsaP384 => KeyPair::generate_for(&PKCS_ECDSA_P384_SHA384),
            Self::Ed25519 => KeyPair::generate_for(&PKCS_ED25519),
        };
        result.map_err(|e| format!("cannot generate a {} key: {e}", self.name()))
    }
}

/// What the certificate will be used for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Usage {
    #[default]
    Server,
    /// Mutual TLS clients.
    Client,
    Both,
}

impl Usage {
    pub fn purposes(self) -> Vec<ExtendedKeyUsagePurpose> {
        match self {
            Self::Server => vec![ExtendedKeyUsagePurpose::ServerAuth],
            Self::Client => vec![ExtendedKeyUsagePurpose::ClientAuth],
            Self::Both => vec![
                ExtendedKeyUsagePurpose::ServerAuth,
                ExtendedKeyUsagePurpose::ClientAuth,
            ],
        }
    }
}

/// The subject, as entered; written in the conventional order C, ST, L, O, OU, CN whatever order
/// it was entered in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Subject {
    pub common_name: Option<String>,
    pub organization: Option<String>,
    pub organizational_unit: Option<String>,
    pub locality: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub email: Option<String>,
}

fn filled(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl Subject {
    pub fn is_empty(&self) -> bool {
        self.fields().is_empty()
    }

    fn fields(&self) -> Vec<(DnType, &str)> {
        let mut out = Vec::new();
        let pairs = [
            (DnType::CountryName, &self.country),
            (DnType::StateOrProvinceName, &self.state),
            (DnType::LocalityName, &self.locality),
            (DnType::OrganizationName, &self.organization),
            (DnType::OrganizationalUnitName, &self.organizational_unit),
            (DnType::CommonName, &self.common_name),
        ];
        for (kind, value) in pairs {
            if let Some(value) = filled(value) {
                out.push((kind, value));
            }
        }
        if let Some(email) = filled(&self.email) {
            out.push((
                DnType::CustomDnType(vec![1, 2, 840, 113549, 1, 9, 1]),
                email,
            ));
        }
        out
    }

    /// The first field a request cannot carry, if any.
    pub fn problem(&self) -> Option<SubjectProblem> {
        if let Some(country) = filled(&self.country)
            && (country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()))
        {
            return Some(SubjectProblem::Country(country.to_string()));
        }
        self.fields()
            .into_iter()
            .find(|(_, value)| value.chars().count() > 64)
            .map(|(_, value)| SubjectProblem::TooLong(value.to_string()))
    }

    fn validate(&self) -> Result<DistinguishedName, String> {
        if let Some(problem) = self.problem() {
            return Err(problem.to_string());
        }
        let mut dn = DistinguishedName::new();
        for (kind, value) in self.fields() {
            dn.push(kind, value);
        }
        Ok(dn)
    }

    /// Reads a certificate's subject back into fields (renewals).
    pub fn from_name(name: &super::DistinguishedName) -> Self {
        let get = |short: &str| {
            name.attributes()
                .filter(|a| a.name == short)
                .last()
                .map(|a| a.value.clone())
        };
        Self {
            common_name: get("CN"),
            organization: get("O"),
            organizational_unit: get("OU"),
            locality: get("L"),
            state: get("ST"),
            country: get("C"),
            email: get("emailAddress"),
        }
    }
}

/// A subject field a request cannot carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubjectProblem {
    /// Not two capital letters.
    Country(String),
    /// Longer than the 64 characters X.520 allows.
    TooLong(String),
}

impl std::fmt::Display for SubjectProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Country(country) => write!(
                f,
                "country {country:?} must be two capital letters (ISO 3166), e.g. NO or DE"
            ),
            Self::TooLong(value) => write!(
                f,
                "{value:?} is longer than the 64 characters a name field allows"
            ),
        }
    }
}

/// One subject alternative name, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Name {
    Dns(String),
    Ip(IpAddr),
    Email(String),
    Uri(String),
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Dns(n) => write!(f, "DNS:{n}"),
            Self::Ip(ip) => write!(f, "IP:{ip}"),
            Self::Email(e) => write!(f, "email:{e}"),
            Self::Uri(u) => write!(f, "URI:{u}"),
        }
    }
}

impl Name {
    /// Parses `DNS:x`, `IP:x`, `email:x`, `URI:x`, or a bare value (IP addresses, addresses with
    /// `@`, URIs with `:` are recognised; anything else is a DNS name). International domain
    /// names are converted to punycode.
    pub fn parse(input: &str) -> Result<Self, String> {
        let input = input.trim();
        let (kind, value) = match input.split_once(':') {
            Some((k, v))
                if ["dns", "ip", "email", "uri"].contains(&k.to_ascii_lowercase().as_str()) =>
            {
                (Some(k.to_ascii_lowercase()), v.trim())
            }
            _ => (None, input),
        };
        if value.is_empty() {
            return Err("an empty name".into());
        }
        match kind.as_deref() {
            Some("ip") => value
                .parse()
                .map(Self::Ip)
                .map_err(|_| format!("{value:?} is not an IPv4 or IPv6 address")),
            Some("email") => email(value),
            Some("uri") => uri(value),
            Some(_) => dns(value),
            None if value.parse::<IpAddr>().is_ok() => {
                Ok(Self::Ip(value.parse().map_err(|_| "bad IP")?))
            }
            // SIP URIs hold an `@` too: recognise URIs before e-mail addresses.
            None if value.contains("://")
                || value.starts_with("sip:")
                || value.starts_with("sips:") =>
            {
                uri(value)
            }
            None if value.contains('@') => email(value),
            None => dns(value),
        }
    }

    fn to_san(&self) -> Result<SanType, String> {
        let ia5 = |s: &str| Ia5String::try_from(s.to_string()).map_err(|e| format!("{s:?}: {e}"));
        Ok(match self {
            Self::Dns(n) => SanType::DnsName(ia5(n)?),
            Self::Ip(ip) => SanType::IpAddress(*ip),
            Self::Email(e) => SanType::Rfc822Name(ia5(e)?),
            Self::Uri(u) => SanType::URI(ia5(u)?),
        })
    }
}

fn dns(value: &str) -> Result<Name, String> {
    let (wildcard, rest) = match value.strip_prefix("*.") {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    let ascii =
        idna::domain_to_ascii(rest).map_err(|_| format!("{value:?} is not a valid host name"))?;
    let valid = !ascii.is_empty()
        && ascii.len() <= 253
        && ascii.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if !valid {
        return Err(format!("{value:?} is not a valid host name"));
    }
    Ok(Name::Dns(if wildcard {
        format!("*.{ascii}")
    } else {
        ascii
    }))
}

fn email(value: &str) -> Result<Name, String> {
    match value.split_once('@') {
        Some((local, domain)) if !local.is_empty() && value.is_ascii() => {
            dns(domain)?;
            Ok(Name::Email(value.to_string()))
        }
        _ => Err(format!("{value:?} is not an e-mail address")),
    }
}

fn uri(value: &str) -> Result<Name, String> {
    let scheme_ok = value.split_once(':').is_some_and(|(scheme, rest)| {
        !scheme.is_empty()
            && !rest.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if scheme_ok && value.is_ascii() && !value.contains(char::is_whitespace) {
        Ok(Name::Uri(value.to_string()))
    } else {
        Err(format!(
            "{value:?} is not a URI (scheme:rest, ASCII, no spaces)"
        ))
    }
}

/// Everything a new request needs.
#[derive(Clone, Debug, Default)]
pub struct RequestSpec {
    pub subject: Subject,
    /// Names as entered (`DNS:`, `IP:`, `email:`, `URI:` or bare).
    pub names: Vec<String>,
    /// Add the CN to the SANs when missing (on by default: browsers ignore the CN).
    pub cn_in_san: bool,
    pub usage: Usage,
    /// The node the request is for: its names should be covered, and SIP nodes refuse wildcards.
    pub node: Option<NodeNames>,
}

/// A node's names, for the pre-flight checks.
#[derive(Clone, Debug, Default)]
pub struct NodeNames {
    pub name: String,
    pub fqdn: String,
    pub alt_names: Vec<String>,
    /// The node terminates SIP over TLS (RFC 5922 forbids wildcards there).
    pub sip: bool,
}

/// A pre-flight finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lint {
    /// `error` findings stop the request; `warning` ones are shown.
    pub severity: super::status::Severity,
    pub code: &'static str,
    pub message: String,
    /// What the finding is about (the names, the key, the node's name not covered), for
    /// wording it in another language; empty when the code says it all.
    #[serde(skip)]
    pub about: String,
}

/// The checked names and subject of a request.
#[derive(Clone, Debug)]
pub struct CheckedRequest {
    pub subject: DistinguishedName,
    pub names: Vec<Name>,
    pub usage: Usage,
    pub lints: Vec<Lint>,
}

impl RequestSpec {
    /// Validates every field and runs the pre-flight checks. Invalid input is an `Err` with a
    /// message naming the field; doubtful input becomes lints.
    pub fn check(&self, key: Option<&super::KeySummary>) -> Result<CheckedRequest, String> {
        use super::status::Severity;
        let subject = self.subject.validate()?;
        let mut names = Vec::new();
        for raw in &self.names {
            let name = Name::parse(raw).map_err(|e| format!("subject alternative name: {e}"))?;
            if !names.contains(&name) {
                names.push(name);
            }
        }
        if self.cn_in_san
            && let Some(cn) = filled(&self.subject.common_name)
            && let Ok(name) = Name::parse(cn)
            && !names.contains(&name)
        {
            names.insert(0, name);
        }
        let mut lints = Vec::new();
        let mut lint = |severity, code, message: String, about: String| {
            lints.push(Lint {
                severity,
                code,
                message,
                about,
            })
        };
        if names.is_empty() {
            lint(Severity::Error, "no_san", "no subject alternative name: browsers and most TLS clients will reject the certificate".into(), String::new());
        }
        if self.subject.is_empty() {
            lint(
                Severity::Warning,
                "empty_subject",
                "the subject is empty: some appliances cannot display or import such certificates"
                    .into(),
                String::new(),
            );
        }
        let wildcards: Vec<String> = names
            .iter()
            .filter(|n| matches!(n, Name::Dns(d) if d.starts_with("*.")))
            .map(|n| n.to_string())
            .collect();
        if let Some(node) = &self.node {
            if node.sip && !wildcards.is_empty() {
                lint(
                    Severity::Error,
                    "wildcard_sip",
                    format!(
                        "{}: SIP over TLS does not accept wildcards (RFC 5922), and {} is a SIP node",
                        wildcards.join(", "),
                        node.name
                    ),
                    wildcards.join(", "),
                );
            }
            for wanted in std::iter::once(&node.fqdn)
                .chain(&node.alt_names)
                .filter(|n| !n.is_empty())
            {
                let covered = match Name::parse(wanted) {
                    Ok(wanted) => names.iter().any(|n| covers(n, &wanted)),
                    Err(_) => false,
                };
                if !covered {
                    lint(
                        Severity::Warning,
                        "node_name_not_covered",
                        format!(
                            "the request does not cover {wanted}, a name of node {}",
                            node.name
                        ),
                        wanted.clone(),
                    );
                }
            }
        } else if !wildcards.is_empty() {
            lint(
                Severity::Warning,
                "wildcard",
                format!(
                    "{}: wildcards are not accepted for SIP over TLS (RFC 5922)",
                    wildcards.join(", ")
                ),
                wildcards.join(", "),
            );
        }
        if let Some(key) = key {
            let weak = match (key.algorithm.as_str(), key.bits) {
                ("RSA", Some(bits)) => bits < 2048,
                ("EC", Some(bits)) => bits < 256,
                _ => false,
            };
            if weak {
                lint(
                    Severity::Error,
                    "weak_key",
                    format!("{key} is too weak: use RSA 2048 or more, or P-256"),
                    key.to_string(),
                );
            }
            if key.algorithm == "Ed25519" {
                lint(Severity::Warning, "ed25519", "many appliances and public CAs do not accept Ed25519 keys yet: prefer RSA or P-256".into(), String::new());
            }
        }
        Ok(CheckedRequest {
            subject,
            names,
            usage: self.usage,
            lints,
        })
    }
}

/// True when `have` (possibly a wildcard) covers `wanted`.
fn covers(have: &Name, wanted: &Name) -> bool {
    match (have, wanted) {
        (Name::Dns(have), Name::Dns(wanted)) => {
            let have = have.to_ascii_lowercase();
            let wanted = wanted.to_ascii_lowercase();
            have == wanted
                || have.strip_prefix("*.").is_some_and(|base| {
                    wanted.split_once('.').is_some_and(|(_, rest)| rest == base)
                })
        }
        (a, b) => a == b,
    }
}

impl CheckedRequest {
    pub fn has_errors(&self) -> bool {
        self.lints
            .iter()
            .any(|l| l.severity == super::status::Severity::Error)
    }

    /// Certificate parameters carrying the subject, names and purposes.
    pub fn params(&self) -> Result<CertificateParams, String> {
        let mut params = CertificateParams::default();
        params.distinguished_name = self.subject.clone();
        params.subject_alt_names = self
            .names
            .iter()
            .map(Name::to_san)
            .collect::<Result<_, _>>()?;
        params.extended_key_usages = self.usage.purposes();
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        Ok(params)
    }

    /// The PKCS#10 request, signed with `key`.
    pub fn sign(&self, key: &KeyPair) -> Result<Vec<u8>, String> {
        let params = self.params()?;
        let csr = params
            .serialize_request(key)
            .map_err(|e| format!("cannot make the request: {e}"))?;
        Ok(csr.der().to_vec())
    }
}

/// A key pair from PKCS#8 DER (a key from the vault), for signing.
pub fn key_pair_from_pkcs8(der: &[u8]) -> Result<KeyPair, String> {
    KeyPair::try_from(der)
        .map_err(|e| format!("this key cannot sign (the crypto library refuses it): {e}"))
}

/// The PKCS#8 DER of a key pair, to be sealed in the vault.
pub fn pkcs8_of(key: &KeyPair) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(key.serialize_der())
}
