//! The trust verdict, from rustls-webpki: the same code TLS clients built on rustls run, at an
//! injected time, for a purpose and an optional host name (DNS name or IP address).

use std::time::Duration;

use rustls_pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};
use serde::Serialize;
use time::OffsetDateTime;
use webpki::{EndEntityCert, KeyUsage};

use super::cert::Certificate;
use super::error::VerifyError;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// TLS server authentication (serverAuth EKU when an EKU is present).
    Server,
    /// TLS client authentication (mutual TLS).
    Client,
}

/// The verdict and, when not trusted, webpki's reason in plain words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub trusted: bool,
    pub reason: String,
    /// webpki's error variant (e.g. `UnknownIssuer`) for programs; `None` when trusted.
    pub code: Option<String>,
    /// The chain is fine but the certificate is not valid for the name asked for (decided from
    /// webpki's error value, not its text).
    #[serde(skip)]
    pub wrong_name: bool,
}

/// Trust anchors and intermediates prepared once, then used for many leaves.
pub struct Verifier {
    anchors: Vec<TrustAnchor<'static>>,
    intermediates: Vec<CertificateDer<'static>>,
}

impl Verifier {
    /// `trusted`: the administrator's trusted CAs; `system_roots`: add the Mozilla roots.
    pub fn new<'a>(
        trusted: impl IntoIterator<Item = &'a Certificate>,
        intermediates: impl IntoIterator<Item = &'a Certificate>,
        system_roots: bool,
    ) -> Result<Self, VerifyError> {
        let mut anchors = Vec::new();
        for cert in trusted {
            let der = CertificateDer::from(cert.der());
            let anchor = webpki::anchor_from_trusted_cert(&der)
                .map_err(|e| VerifyError::Unusable(format!("{}: {}", cert.subject, explain(&e))))?;
            anchors.push(anchor.to_owned());
        }
        if system_roots {
            anchors.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
        let intermediates = intermediates
            .into_iter()
            .map(|c| CertificateDer::from(c.der().to_vec()))
            .collect();
        Ok(Self {
            anchors,
            intermediates,
        })
    }

    /// Verifies `leaf` at `now` for `purpose`, and its name against `host` when given.
    pub fn verify(
        &self,
        leaf: &Certificate,
        host: Option<&str>,
        purpose: Purpose,
        now: OffsetDateTime,
    ) -> Result<Verdict, VerifyError> {
        let server_name = match host {
            Some(host) => Some(
                ServerName::try_from(host.to_string())
                    .map_err(|_| VerifyError::InvalidHostName(host.to_string()))?,
            ),
            None => None,
        };
        let der = CertificateDer::from(leaf.der());
        let end_entity = match EndEntityCert::try_from(&der) {
            Ok(ee) => ee,
            Err(e) => return Ok(untrusted(&e)),
        };
        let seconds = now.unix_timestamp().max(0) as u64;
        let time = UnixTime::since_unix_epoch(Duration::from_secs(seconds));
        let usage = match purpose {
            Purpose::Server => KeyUsage::server_auth(),
            Purpose::Client => KeyUsage::client_auth(),
        };
        if let Err(e) = end_entity.verify_for_usage(
            webpki::ALL_VERIFICATION_ALGS,
            &self.anchors,
            &self.intermediates,
            time,
            usage,
            None,
            None,
        ) {
            return Ok(untrusted(&e));
        }
        if let Some(name) = &server_name
            && let Err(e) = end_entity.verify_is_valid_for_subject_name(name)
        {
            return Ok(untrusted(&e));
        }
        Ok(Verdict {
            trusted: true,
            reason: match host {
                Some(host) => format!("trusted for {}, valid for {host}", purpose_words(purpose)),
                None => format!("trusted for {}", purpose_words(purpose)),
            },
            code: None,
            wrong_name: false,
        })
    }
}

fn purpose_words(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Server => "TLS server authentication",
        Purpose::Client => "TLS client authentication",
    }
}

fn untrusted(error: &webpki::Error) -> Verdict {
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

fn unix(t: UnixTime) -> String {
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
        E::MaximumPathDepthExceeded | E::MaximumPathBuildCallsExceeded | E::MaximumSignatureChecksExceeded => {
            "the chain is too long or too tangled to verify".into()
        }
        E::BadDer | E::BadDerTime | E::TrailingData(_) => "a certificate is malformed".into(),
        E::UnsupportedCertVersion => "the certificate is not an X.509 version 3 certificate".into(),
        other => format!("not trusted: {other:?}"),
    }
}

fn name_mismatch(context: &webpki::InvalidNameContext) -> String {
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
