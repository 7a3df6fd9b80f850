//! RFC 5280 §6.1 path validation for the *private* policy, where rustls-webpki refuses what the
//! RFC allows: a CA certificate as the leaf, self-issued certificates (key rollover) counted in
//! path lengths or checked against name constraints, and directoryName and rfc822Name
//! constraints, which webpki does not evaluate. [`super::verify`] asks this only after webpki
//! refused a path for one of those reasons; the path found is then judged by the same
//! [`super::rules`]. Written here because no maintained crate validates paths by RFC 5280.

use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::{FromDer, X509Certificate, X509Name};

/// At most this many certificates between the leaf and its trust anchor.
const MAX_DEPTH: usize = 8;

/// What a path is validated for.
pub struct Request<'a> {
    /// `serverAuth` or `clientAuth` (dotted OID).
    pub purpose_oid: &'a str,
    pub now: i64,
    /// The name the leaf is presented for: checked against name constraints too (RFC 9525's
    /// reading, so that a wildcard cannot carry an excluded name past them).
    pub host: Option<&'a str>,
}

/// A path from `leaf` to one of `trusted` through `intermediates` that RFC 5280 §6.1 accepts
/// (DER, leaf first, anchor last), or why none does.
pub fn find_path(
    leaf: &[u8],
    intermediates: &[Vec<u8>],
    trusted: &[Vec<u8>],
    request: &Request<'_>,
) -> Result<Vec<Vec<u8>>, String> {
    let mut path = vec![leaf.to_vec()];
    let mut last_error = String::from("no path to a trusted certificate");
    if search(&mut path, intermediates, trusted, request, &mut last_error) {
        Ok(path)
    } else {
        Err(last_error)
    }
}

/// Depth-first: the certificates whose subject is the current one's issuer and whose key
/// verifies its signature; a trusted one ends the path if the whole path validates.
fn search(
    path: &mut Vec<Vec<u8>>,
    intermediates: &[Vec<u8>],
    trusted: &[Vec<u8>],
    request: &Request<'_>,
    last_error: &mut String,
) -> bool {
    if path.len() > MAX_DEPTH + 1 {
        return false;
    }
    let Some(current) = path.last().cloned() else {
        return false;
    };
    let Ok((_, cert)) = X509Certificate::from_der(&current) else {
        return false;
    };
    for (is_anchor, candidate) in trusted
        .iter()
        .map(|c| (true, c))
        .chain(intermediates.iter().map(|c| (false, c)))
    {
        if path.contains(candidate) {
            continue;
        }
        let Ok((_, issuer)) = X509Certificate::from_der(candidate) else {
            continue;
        };
        if issuer.subject().as_raw() != cert.issuer().as_raw()
            || !strong_signature(&cert)
            || cert.verify_signature(Some(issuer.public_key())).is_err()
        {
            continue;
        }
        path.push(candidate.clone());
        if is_anchor {
            match validate(path, request) {
                Ok(()) => return true,
                Err(error) => *last_error = error,
            }
        } else if search(path, intermediates, trusted, request, last_error) {
            return true;
        }
        path.pop();
    }
    false
}

/// Signature algorithms accepted (as webpki does): RSA PKCS#1 v1.5 and PSS, ECDSA and Ed25519
/// with SHA-2; SHA-1 and MD5 are refused.
fn strong_signature(cert: &X509Certificate<'_>) -> bool {
    matches!(
        crate::pki::oids::dotted(&cert.signature_algorithm.algorithm).as_str(),
        "1.2.840.113549.1.1.11"
            | "1.2.840.113549.1.1.12"
            | "1.2.840.113549.1.1.13"
            | "1.2.840.113549.1.1.10"
            | "1.2.840.10045.4.3.2"
            | "1.2.840.10045.4.3.3"
            | "1.2.840.10045.4.3.4"
            | "1.3.101.112"
    )
}

fn self_issued(cert: &X509Certificate<'_>) -> bool {
    cert.subject().as_raw() == cert.issuer().as_raw()
}

/// RFC 5280 §6.1 on one path (leaf first, trust anchor last): validity, CA status and key
/// usage of every issuer, path lengths (self-issued certificates not counted), name
/// constraints (self-issued intermediates exempt), unknown critical extensions, the purpose.
fn validate(path: &[Vec<u8>], request: &Request<'_>) -> Result<(), String> {
    let certs: Vec<X509Certificate<'_>> = path
        .iter()
        .map(|der| X509Certificate::from_der(der).map(|(_, c)| c))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("a certificate cannot be parsed: {e}"))?;
    let anchor = certs.len() - 1;
    let mut max_path = None::<u32>;
    let mut constraints: Vec<Constraints<'_>> = Vec::new();
    // From the anchor down to the leaf.
    for index in (0..=anchor).rev() {
        let cert = &certs[index];
        let subject = cert.subject().to_string();
        let validity = cert.validity();
        if index != anchor
            && (validity.not_before.timestamp() > request.now
                || validity.not_after.timestamp() < request.now)
        {
            return Err(format!("{subject} is outside its validity period"));
        }
        if index != anchor {
            let host = if index == 0 { request.host } else { None };
            for constraint in &constraints {
                if index == 0 || !self_issued(cert) {
                    constraint.check(cert, host)?;
                }
            }
        }
        if index != anchor
            && let Some(e) = cert
                .extensions()
                .iter()
                .find(|e| e.critical && e.parsed_extension().unsupported())
        {
            return Err(format!(
                "{subject} has an unknown critical extension {}",
                e.oid
            ));
        }
        if index == 0 {
            break;
        }
        // An issuer: a CA allowed to sign certificates.
        let bc = match cert.basic_constraints() {
            Ok(Some(bc)) if bc.value.ca => bc.value.path_len_constraint,
            _ => return Err(format!("{subject} issues certificates but is not a CA")),
        };
        if matches!(cert.key_usage(), Ok(Some(ku)) if !ku.value.key_cert_sign()) {
            return Err(format!("{subject} may not sign certificates (keyCertSign)"));
        }
        if index != anchor && !self_issued(cert) {
            match max_path {
                Some(0) => return Err(format!("{subject} exceeds a path length limit")),
                Some(n) => max_path = Some(n - 1),
                None => {}
            }
        }
        if let Some(limit) = bc {
            max_path = Some(max_path.map_or(limit, |n| n.min(limit)));
        }
        if let Some(nc) = cert
            .extensions()
            .iter()
            .find(|e| e.oid == x509_parser::oid_registry::OID_X509_EXT_NAME_CONSTRAINTS)
        {
            match nc.parsed_extension() {
                ParsedExtension::NameConstraints(nc) => constraints.push(Constraints {
                    permitted: nc
                        .permitted_subtrees
                        .iter()
                        .flatten()
                        .map(|s| &s.base)
                        .collect(),
                    excluded: nc
                        .excluded_subtrees
                        .iter()
                        .flatten()
                        .map(|s| &s.base)
                        .collect(),
                }),
                _ => return Err(format!("{subject}'s name constraints cannot be read")),
            }
        }
    }
    let leaf = &certs[0];
    if let Ok(Some(eku)) = leaf.extended_key_usage() {
        let wanted = match request.purpose_oid {
            "1.3.6.1.5.5.7.3.1" => eku.value.server_auth,
            "1.3.6.1.5.5.7.3.2" => eku.value.client_auth,
            _ => false,
        };
        if !wanted && !eku.value.any {
            return Err("the leaf's extended key usage does not allow this purpose".into());
        }
    }
    Ok(())
}

/// One CA's name constraints.
struct Constraints<'a> {
    permitted: Vec<&'a GeneralName<'a>>,
    excluded: Vec<&'a GeneralName<'a>>,
}

/// The kinds of names constraints speak of.
#[derive(PartialEq, Eq, Clone, Copy)]
enum Kind {
    Dns,
    Email,
    Ip,
    Directory,
    Other,
}

fn kind(name: &GeneralName<'_>) -> Kind {
    match name {
        GeneralName::DNSName(_) => Kind::Dns,
        GeneralName::RFC822Name(_) => Kind::Email,
        GeneralName::IPAddress(_) => Kind::Ip,
        GeneralName::DirectoryName(_) => Kind::Directory,
        _ => Kind::Other,
    }
}

impl Constraints<'_> {
    /// The certificate's names (subject, SAN, e-mail in the subject) against these constraints.
    fn check<'n>(
        &self,
        cert: &'n X509Certificate<'_>,
        host: Option<&'n str>,
    ) -> Result<(), String> {
        let mut names: Vec<GeneralName<'n>> = Vec::new();
        if let Some(host) = host.filter(|h| h.parse::<std::net::IpAddr>().is_err()) {
            names.push(GeneralName::DNSName(host));
        }
        if cert.subject().as_raw().len() > 2 {
            names.push(GeneralName::DirectoryName(cert.subject().clone()));
        }
        if let Ok(Some(san)) = cert.subject_alternative_name() {
            names.extend(san.value.general_names.iter().cloned());
        }
        for email in cert.subject().iter_email() {
            if let Ok(text) = email.as_str() {
                names.push(GeneralName::RFC822Name(text));
            }
        }
        let subject = cert.subject().to_string();
        for name in &names {
            let kind = kind(name);
            if self.excluded.iter().any(|base| excluded_by(base, name)) {
                return Err(format!(
                    "{subject}: a name is excluded by a CA's name constraints"
                ));
            }
            let permitted: Vec<&&GeneralName<'_>> = self
                .permitted
                .iter()
                .filter(|base| self::kind(base) == kind)
                .collect();
            if kind != Kind::Other
                && !permitted.is_empty()
                && !permitted.iter().any(|base| kind_matches(base, name))
            {
                return Err(format!(
                    "{subject}: a name is outside a CA's name constraints"
                ));
            }
        }
        if self
            .permitted
            .iter()
            .chain(&self.excluded)
            .any(|base| kind(base) == Kind::Other)
        {
            return Err("a CA constrains a kind of name certdeck does not evaluate".into());
        }
        Ok(())
    }
}

/// Whether `name` is excluded by the subtree `base`: within it, or a wildcard that covers a
/// name within it (`*.example.com` against an excluded `bar.example.com`).
fn excluded_by(base: &GeneralName<'_>, name: &GeneralName<'_>) -> bool {
    if let (GeneralName::DNSName(base), GeneralName::DNSName(name)) = (base, name)
        && let Some(parent) = name.strip_prefix("*.")
        && dns_within(base, parent)
    {
        return true;
    }
    kind_matches(base, name)
}

/// Whether `name` falls in the subtree `base` (of the same kind).
fn kind_matches(base: &GeneralName<'_>, name: &GeneralName<'_>) -> bool {
    match (base, name) {
        (GeneralName::DNSName(base), GeneralName::DNSName(name)) => dns_within(name, base),
        (GeneralName::RFC822Name(base), GeneralName::RFC822Name(name)) => email_within(name, base),
        (GeneralName::IPAddress(base), GeneralName::IPAddress(name)) => ip_within(name, base),
        (GeneralName::DirectoryName(base), GeneralName::DirectoryName(name)) => {
            dn_within(name, base)
        }
        _ => false,
    }
}

/// §4.2.1.10: a DNS name is within `base` when it is `base` or ends in `.base`.
fn dns_within(name: &str, base: &str) -> bool {
    let (name, base) = (name.to_ascii_lowercase(), base.to_ascii_lowercase());
    base.is_empty() || name == base || name.ends_with(&format!(".{base}"))
}

/// §4.2.1.10: a mailbox (`a@b`), all mailboxes of a host (`b`) or of a domain (`.b`); the
/// characters are literal (an asterisk is no wildcard).
fn email_within(name: &str, base: &str) -> bool {
    // One addr-spec: exactly one `@`, something on each side.
    let Some((local, host)) = name.split_once('@') else {
        return false;
    };
    if local.is_empty() || host.is_empty() || host.contains('@') {
        return false;
    }
    if let Some((base_local, base_host)) = base.rsplit_once('@') {
        local == base_local && host.eq_ignore_ascii_case(base_host)
    } else if let Some(domain) = base.strip_prefix('.') {
        host.to_ascii_lowercase()
            .ends_with(&format!(".{}", domain.to_ascii_lowercase()))
    } else {
        host.eq_ignore_ascii_case(base)
    }
}

/// An address and mask (8 or 32 octets) against an address of the same family.
fn ip_within(name: &[u8], base: &[u8]) -> bool {
    let half = base.len() / 2;
    base.len() == name.len() * 2
        && name
            .iter()
            .zip(&base[..half])
            .zip(&base[half..])
            .all(|((n, b), m)| n & m == b & m)
}

/// A directory name is within `base` when `base`'s RDNs begin it (compared attribute by
/// attribute, case-insensitively for strings).
fn dn_within(name: &X509Name<'_>, base: &X509Name<'_>) -> bool {
    let name: Vec<_> = name.iter_rdn().collect();
    let base: Vec<_> = base.iter_rdn().collect();
    base.len() <= name.len()
        && base.iter().zip(&name).all(|(b, n)| {
            let b: Vec<_> = b.iter().collect();
            let n: Vec<_> = n.iter().collect();
            b.len() == n.len()
                && b.iter().zip(&n).all(|(b, n)| {
                    b.attr_type() == n.attr_type()
                        && match (b.as_str(), n.as_str()) {
                            (Ok(b), Ok(n)) => normalize(b) == normalize(n),
                            _ => b.attr_value().data == n.attr_value().data,
                        }
                })
        })
}

/// RFC 4518's comparison, approximately: case and surrounding or repeated spaces ignored.
fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_within_subtrees() {
        assert!(dns_within("a.example.com", "example.com"));
        assert!(dns_within("EXAMPLE.com", "example.com"));
        assert!(!dns_within("badexample.com", "example.com"));
        assert!(email_within("foo@example.com", "foo@example.com"));
        assert!(email_within("foo@example.com", "example.com"));
        assert!(email_within("foo@mail.example.com", ".example.com"));
        assert!(!email_within("foo@example.com", ".example.com"));
        assert!(email_within("*@example.com", "*@example.com"));
        assert!(
            !email_within("a@b@example.com", "example.com"),
            "not one mailbox"
        );
        let excluded = GeneralName::DNSName("bar.example.com");
        assert!(excluded_by(
            &excluded,
            &GeneralName::DNSName("*.example.com")
        ));
        assert!(!excluded_by(
            &excluded,
            &GeneralName::DNSName("*.other.com")
        ));
        assert!(
            !email_within("bar@example.com", "*@example.com"),
            "no wildcard"
        );
        assert!(ip_within(&[10, 1, 2, 3], &[10, 0, 0, 0, 255, 0, 0, 0]));
        assert!(!ip_within(&[11, 1, 2, 3], &[10, 0, 0, 0, 255, 0, 0, 0]));
        assert!(!ip_within(&[10, 1, 2, 3], &[0; 32]), "another family");
    }
}
