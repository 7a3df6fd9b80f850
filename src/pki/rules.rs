//! certdeck's own checks of a certification path, layered over rustls-webpki (which keeps the
//! signatures, path building, validity, basic constraints, name constraints and EKU chaining):
//! what RFC 5280 requires of every certificate in a path, and what the CA/Browser Forum's
//! Baseline Requirements add for the web. Each check is a named rule with its source, applied
//! to one link of the path; the conformance suite x509-limbo (tests/limbo.rs) is what they are
//! measured against. Written here because no crate checks a path against these profiles.

use serde::Serialize;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::{FromDer, X509Certificate};
use x509_parser::public_key::PublicKey;

mod link;

/// Which profile a path is judged against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// What browsers and the CA/Browser Forum's Baseline Requirements demand (public TLS).
    Web,
    /// RFC 5280's profile, for internal PKIs (most appliances, private CAs).
    Private,
}

impl Policy {
    pub fn name(self) -> &'static str {
        match self {
            Policy::Web => "web",
            Policy::Private => "private",
        }
    }
}

/// A rule one certificate of the path breaks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The rule's name, e.g. `serial-positive`.
    pub rule: &'static str,
    /// Where it is written, e.g. `RFC 5280 §4.1.2.2`.
    pub source: &'static str,
    /// The link: 0 is the leaf, the last is the trust anchor.
    pub position: usize,
    pub subject: String,
    /// What is wrong, in words.
    pub text: String,
}

/// What the path is checked for.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub policy: Policy,
    /// At most this many intermediates (self-issued ones not counted), when limited.
    pub max_intermediates: Option<usize>,
    /// When the path is judged (Unix seconds): the trust anchor's own validity is checked too.
    pub now: i64,
    /// The name the leaf is checked for, when one is given.
    pub host: Option<&'a str>,
}

/// The rules `path` (leaf first; DER) breaks under `context`. `with_anchor`: the path's last
/// certificate is its trust anchor (a built-in root is known by name and key only and is then
/// left out).
pub fn check(path: &[&[u8]], with_anchor: bool, context: &Context<'_>) -> Vec<Violation> {
    let last = path.len().saturating_sub(1);
    let mut found = Vec::new();
    for (position, der) in path.iter().enumerate() {
        found.extend(check_link(
            der,
            role_at(position, last, with_anchor),
            position,
            context,
        ));
    }
    found.extend(check_depth(path, with_anchor, context));
    found
}

/// The role of the certificate at `position` in a path whose last index is `last`.
pub fn role_at(position: usize, last: usize, with_anchor: bool) -> Role {
    if position == 0 {
        Role::Leaf
    } else if position == last && with_anchor {
        Role::Anchor
    } else {
        Role::Intermediate
    }
}

/// The rules one certificate breaks in its role (the same for every path it is in, so
/// callers may keep the answer for CAs).
pub fn check_link(
    der: &[u8],
    role: Role,
    position: usize,
    context: &Context<'_>,
) -> Vec<Violation> {
    let mut found = Vec::new();
    let Ok((_, cert)) = X509Certificate::from_der(der) else {
        found.push(violation(
            "well-formed",
            "RFC 5280 §4.1",
            position,
            String::new(),
            "the certificate cannot be parsed".into(),
        ));
        return found;
    };
    let mut link = Link {
        cert: &cert,
        role,
        position,
        context,
        found: &mut found,
    };
    link.rfc5280();
    if context.policy == Policy::Web {
        link.baseline_requirements();
    }
    found
}

/// The depth limit: intermediates (self-issued ones not counted) beyond `max_intermediates`.
pub fn check_depth(path: &[&[u8]], with_anchor: bool, context: &Context<'_>) -> Option<Violation> {
    let max = context.max_intermediates?;
    let end = if with_anchor {
        path.len().saturating_sub(1)
    } else {
        path.len()
    };
    let intermediates = path
        .get(1..end.max(1))
        .unwrap_or_default()
        .iter()
        .filter_map(|der| X509Certificate::from_der(der).ok().map(|(_, c)| c))
        .filter(|c| c.subject().as_raw() != c.issuer().as_raw())
        .count();
    (intermediates > max).then(|| {
        violation(
            "max-chain-depth",
            "certdeck --max-intermediates",
            0,
            String::new(),
            format!("{intermediates} intermediates, at most {max} allowed"),
        )
    })
}

fn violation(
    rule: &'static str,
    source: &'static str,
    position: usize,
    subject: String,
    text: String,
) -> Violation {
    Violation {
        rule,
        source,
        position,
        subject,
        text,
    }
}

/// Where a certificate stands in a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Leaf,
    Intermediate,
    Anchor,
}

struct Link<'c, 'a> {
    cert: &'c X509Certificate<'c>,
    role: Role,
    position: usize,
    context: &'c Context<'a>,
    found: &'c mut Vec<Violation>,
}

const OID_P192: &str = "1.2.840.10045.3.1.1";

/// What RFC 5280 asks of the CRLs a path is checked against (those issued by one of its
/// certificates): a CRL number, not critical (§5.2.3), from an issuer allowed to sign CRLs
/// (§4.2.1.3).
pub fn check_crls(path: &[&[u8]], crls: &[Vec<u8>]) -> Vec<Violation> {
    use x509_parser::revocation_list::CertificateRevocationList;
    if crls.is_empty() {
        // Nothing to judge: the path is not parsed again for nothing (every leaf of a batch).
        return Vec::new();
    }
    let certs: Vec<X509Certificate<'_>> = path
        .iter()
        .filter_map(|der| X509Certificate::from_der(der).ok().map(|(_, c)| c))
        .collect();
    let mut found = Vec::new();
    for der in crls {
        let Ok((_, crl)) = CertificateRevocationList::from_der(der) else {
            continue;
        };
        let Some((position, issuer)) = certs
            .iter()
            .enumerate()
            .find(|(_, c)| c.subject().as_raw() == crl.issuer().as_raw())
        else {
            continue;
        };
        let subject = issuer.subject().to_string();
        let mut push = |rule, source, text: &str| {
            found.push(violation(
                rule,
                source,
                position,
                subject.clone(),
                text.into(),
            ))
        };
        let number = crl
            .extensions()
            .iter()
            .find(|e| e.oid == x509_parser::oid_registry::OID_X509_EXT_CRL_NUMBER);
        match number {
            None => push(
                "crl-number",
                "RFC 5280 §5.2.3",
                "a CRL from this CA has no CRL number",
            ),
            Some(e) if e.critical => push(
                "crl-number-not-critical",
                "RFC 5280 §5.2.3",
                "a CRL from this CA marks its CRL number critical",
            ),
            Some(_) => {}
        }
        if matches!(issuer.key_usage(), Ok(Some(ku)) if !ku.value.crl_sign()) {
            push(
                "crl-signer",
                "RFC 5280 §4.2.1.3",
                "this CA signed a CRL although its key usage does not allow it (cRLSign)",
            );
        }
    }
    found
}

/// RFC 1034's preferred name syntax (letters, digits, hyphens; labels of 1–63), a leading `*.`
/// allowed for a wildcard.
fn preferred_name_syntax(name: &str) -> bool {
    let name = name.strip_prefix("*.").unwrap_or(name);
    let name = name.strip_suffix('.').unwrap_or(name);
    !name.is_empty()
        && name.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// Whether `name` is a public suffix (ICANN or private section of the Public Suffix List).
fn is_public_suffix(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    psl::suffix(name.as_bytes())
        .is_some_and(|suffix| suffix.is_known() && suffix.as_bytes() == name.as_bytes())
}

/// An IP address SAN in its canonical text (dotted decimal; RFC 5952 for IPv6).
fn ip_text(bytes: &[u8]) -> Option<String> {
    match bytes.len() {
        4 => Some(std::net::Ipv4Addr::from(<[u8; 4]>::try_from(bytes).ok()?).to_string()),
        16 => Some(std::net::Ipv6Addr::from(<[u8; 16]>::try_from(bytes).ok()?).to_string()),
        _ => None,
    }
}
