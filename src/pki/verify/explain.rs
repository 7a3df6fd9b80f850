//! webpki's refusals in an administrator's words.

use super::*;

/// webpki's refusals RFC 5280 may not share: a CA certificate as the leaf, path lengths and
/// name constraints across self-issued certificates, directoryName and rfc822Name constraints
/// (a failed signature is what webpki reports when only a self-issued path would do).
pub(super) fn rfc5280_may_differ(error: &webpki::Error) -> bool {
    matches!(
        error,
        webpki::Error::CaUsedAsEndEntity
            | webpki::Error::NameConstraintViolation
            | webpki::Error::PathLenConstraintViolated
            | webpki::Error::InvalidSignatureForPublicKey
    )
}

pub(super) fn purpose_words(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Server => "TLS server authentication",
        Purpose::Client => "TLS client authentication",
    }
}

pub(super) fn untrusted(error: &webpki::Error) -> Verdict {
    let code = format!("{error:?}");
    let code = code
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_string();
    Verdict {
        trusted: false,
        reason: explain(error),
        code: Some(code),
        wrong_name: matches!(error, webpki::Error::CertNotValidForName(_)),
    }
}

pub(super) fn unix(t: UnixTime) -> String {
    OffsetDateTime::from_unix_timestamp(t.as_secs() as i64)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| t.as_secs().to_string())
}

/// webpki's reasons in the words an administrator uses.
pub fn explain(error: &webpki::Error) -> String {
    use webpki::Error as E;
    match error {
        E::CertExpired { time, not_after } => format!(
            "a certificate in the chain expired on {} (checked at {})",
            unix(*not_after),
            unix(*time)
        ),
        E::CertNotValidYet { time, not_before } => format!(
            "a certificate in the chain is not valid before {} (checked at {})",
            unix(*not_before),
            unix(*time)
        ),
        E::UnknownIssuer => "the issuer is unknown: no path to a trusted root certificate (intermediate missing, or the root is not trusted)".into(),
        E::CertNotValidForName(context) => name_mismatch(context),
        E::CaUsedAsEndEntity => "a CA certificate is used as a server or client certificate".into(),
        E::EndEntityUsedAsCa => "a certificate that is not a CA signed another certificate".into(),
        E::RequiredEkuNotFoundContext(_) => {
            "the extended key usage does not allow this purpose (serverAuth / clientAuth missing)".into()
        }
        E::InvalidSignatureForPublicKey => "a signature in the chain does not verify".into(),
        E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => {
            "a signature algorithm in the chain is not accepted (SHA-1, MD5, or RSA keys under 2048 bits)".into()
        }
        E::PathLenConstraintViolated => "a CA's path length limit is exceeded".into(),
        E::NameConstraintViolation => "a CA's name constraints forbid this name".into(),
        E::UnsupportedCriticalExtension => "the certificate has a critical extension that is not understood".into(),
        E::CertRevoked => "the certificate is revoked".into(),
        E::UnknownRevocationStatus => {
            "the revocation status of a certificate in the chain is unknown (no current CRL covers it)".into()
        }
        E::MaximumPathDepthExceeded | E::MaximumPathBuildCallsExceeded | E::MaximumSignatureChecksExceeded => {
            "the chain is too long or too tangled to verify".into()
        }
        E::BadDer | E::BadDerTime | E::TrailingData(_) => "a certificate is malformed".into(),
        E::UnsupportedCertVersion => "the certificate is not an X.509 version 3 certificate".into(),
        other => format!("not trusted: {other:?}"),
    }
}

pub(super) fn name_mismatch(context: &webpki::InvalidNameContext) -> String {
    let expected = match &context.expected {
        ServerName::DnsName(name) => name.as_ref().to_string(),
        ServerName::IpAddress(ip) => std::net::IpAddr::from(*ip).to_string(),
        other => format!("{other:?}"),
    };
    // webpki lists names as `DnsName("a")`, `IpAddress(1.2.3.4)`: keep only the value.
    let presented: Vec<String> = context
        .presented
        .iter()
        .filter(|p| p.starts_with("DnsName") || p.starts_with("IpAddress"))
        .map(|p| {
            p.split_once('(')
                .map(|(_, rest)| rest.trim_end_matches(')').trim_matches('"').to_string())
                .unwrap_or_else(|| p.clone())
        })
        .collect();
    if presented.is_empty() {
        format!("the certificate is not valid for {expected}: it has no DNS or IP names")
    } else {
        format!(
            "the certificate is not valid for {expected}: it is valid for {}",
            presented.join(", ")
        )
    }
}
