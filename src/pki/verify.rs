//! The trust verdict, from rustls-webpki: the same code TLS clients built on rustls run, at an
//! injected time, for a purpose and an optional host name (DNS name or IP address).

use std::time::Duration;

use rustls_pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};
use serde::Serialize;
use time::OffsetDateTime;
use webpki::{EndEntityCert, KeyUsage};
use x509_parser::prelude::{FromDer, X509Certificate};

use super::cert::Certificate;
use super::error::VerifyError;
use super::rules::{self, Policy, Violation};

mod explain;
pub use explain::explain;
use explain::{purpose_words, rfc5280_may_differ, untrusted};

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
    /// The administrator's trusted certificates whole, to check the end of a path with
    /// [`rules`] (the built-in roots are known by name and key only).
    anchor_certs: Vec<Vec<u8>>,
    /// Each of `anchor_certs`' subject and public key (DER), to find it from a webpki anchor
    /// without parsing it again for every path.
    anchor_keys: Vec<(Vec<u8>, Vec<u8>)>,
    intermediates: Vec<CertificateDer<'static>>,
    /// What the rules found for a CA in a role (see [`Verifier::judge_links`]).
    links: std::sync::Mutex<std::collections::HashMap<LinkKey, Vec<Violation>>>,
}

/// A CA's DER (address, length), role, position, policy and judgement time.
type LinkKey = (usize, usize, rules::Role, usize, Policy, i64);

/// What [`Verifier::verify_policy`] checks beyond the chain: the policy, a depth limit and CRLs.
#[derive(Clone, Copy, Debug)]
pub struct Check<'a> {
    pub host: Option<&'a str>,
    pub purpose: Purpose,
    pub now: OffsetDateTime,
    pub policy: Policy,
    /// At most this many intermediates (self-issued ones not counted).
    pub max_intermediates: Option<usize>,
    /// CRLs (DER) to check the path's certificates against; a certificate none of them covers
    /// is not refused for it, unless `revocation_required`.
    pub crls: &'a [Vec<u8>],
    /// Refuse a path one of whose certificates (below the trust anchor) no CRL covers: hard
    /// fail (`--revocation hard`).
    pub revocation_required: bool,
    /// What OCSP responders said of certificates (a path with a revoked one is refused; under
    /// `revocation_required` a certificate is known by a CRL or by one of these).
    pub ocsp: &'a [KnownStatus],
}

/// What an OCSP responder said of one certificate (as issued by the CA with `issuer_spki`):
/// revoked (when, why) or not; `source` names the responder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KnownStatus {
    pub issuer_spki: Vec<u8>,
    /// Lower-case hex, as [`Certificate::serial`].
    pub serial: String,
    pub revoked: Option<(OffsetDateTime, Option<String>)>,
    pub source: String,
}

/// A verdict under a policy: webpki's, then certdeck's rules on the path it built.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PolicyVerdict {
    #[serde(flatten)]
    pub verdict: Verdict,
    pub policy: Policy,
    /// The rules the best path breaks (empty when trusted).
    pub violations: Vec<Violation>,
    /// When trusted through webpki: the issuer whose key it verified the leaf's signature with,
    /// so that explaining the path does not verify that signature again.
    #[serde(skip)]
    pub leaf_signed_by: Option<SignedBy>,
}

/// The issuer of a verified leaf: an intermediate (its DER) or a trust anchor (its key, DER).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignedBy {
    Certificate(Vec<u8>),
    Key(Vec<u8>),
}

impl SignedBy {
    /// `cert` is that issuer (or has its key).
    pub fn is(&self, cert: &Certificate) -> bool {
        match self {
            SignedBy::Certificate(der) => cert.der() == der.as_slice(),
            SignedBy::Key(spki) => cert.spki_der() == *spki,
        }
    }
}

/// Returned to webpki for a path certdeck's rules refuse, so that it tries another path; it
/// is never raised otherwise without CRL reason partitions, which certdeck does not pass.
const REFUSED_BY_RULES: webpki::Error = webpki::Error::UnsupportedRevocationReasonsPartitioning;

impl Verifier {
    /// `trusted`: the administrator's trusted CAs; `system_roots`: add the Mozilla roots.
    pub fn new<'a>(
        trusted: impl IntoIterator<Item = &'a Certificate>,
        intermediates: impl IntoIterator<Item = &'a Certificate>,
        system_roots: bool,
    ) -> Result<Self, VerifyError> {
        let mut anchors = Vec::new();
        let mut anchor_certs = Vec::new();
        let mut anchor_keys = Vec::new();
        for cert in trusted {
            let der = CertificateDer::from(cert.der());
            let anchor = webpki::anchor_from_trusted_cert(&der)
                .map_err(|e| VerifyError::Unusable(format!("{}: {}", cert.subject, explain(&e))))?;
            anchors.push(anchor.to_owned());
            anchor_certs.push(cert.der().to_vec());
            anchor_keys.push((cert.subject_der().to_vec(), cert.spki_der().to_vec()));
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
            anchor_certs,
            anchor_keys,
            intermediates,
            links: Default::default(),
        })
    }

    /// The rules a path breaks; what its CAs break is kept, since the same few CAs end the
    /// paths of thousands of leaves (their DER lives in this verifier, so its address names it).
    fn judge_links(
        &self,
        path: &[&[u8]],
        with_anchor: bool,
        context: &rules::Context<'_>,
    ) -> Vec<Violation> {
        let last = path.len().saturating_sub(1);
        let mut found = Vec::new();
        for (position, der) in path.iter().enumerate() {
            let role = rules::role_at(position, last, with_anchor);
            if position == 0 {
                found.extend(rules::check_link(der, role, position, context));
                continue;
            }
            let key = (
                der.as_ptr() as usize,
                der.len(),
                role,
                position,
                context.policy,
                context.now,
            );
            let known = self.links.lock().ok().and_then(|m| m.get(&key).cloned());
            let links = match known {
                Some(links) => links,
                None => {
                    let links = rules::check_link(der, role, position, context);
                    if let Ok(mut memo) = self.links.lock()
                        && memo.len() < 10_000
                    {
                        memo.insert(key, links.clone());
                    }
                    links
                }
            };
            found.extend(links);
        }
        found.extend(rules::check_depth(path, with_anchor, context));
        found
    }

    /// The trusted certificate a path ends at, when the administrator gave it whole.
    fn anchor_der(&self, anchor: &TrustAnchor<'_>) -> Option<&[u8]> {
        // webpki keeps the contents of the name and key SEQUENCEs: the DER ends with them.
        self.anchor_keys
            .iter()
            .position(|(subject, spki)| {
                subject.ends_with(anchor.subject.as_ref())
                    && spki.ends_with(anchor.subject_public_key_info.as_ref())
            })
            .map(|i| self.anchor_certs[i].as_slice())
    }

    /// RFC 5280's own path validation, for what webpki refuses and the RFC allows: `None`
    /// when it finds no path either, else the rules' verdict on the path it found.
    fn rfc5280_path(
        &self,
        leaf: &Certificate,
        check: &Check<'_>,
        context: &rules::Context<'_>,
    ) -> Option<Result<(), Vec<Violation>>> {
        let intermediates: Vec<Vec<u8>> = self
            .intermediates
            .iter()
            .map(|c| c.as_ref().to_vec())
            .collect();
        let request = super::rfc5280::Request {
            purpose_oid: match check.purpose {
                Purpose::Server => "1.3.6.1.5.5.7.3.1",
                Purpose::Client => "1.3.6.1.5.5.7.3.2",
            },
            now: check.now.unix_timestamp(),
            host: check.host,
        };
        let path =
            super::rfc5280::find_path(leaf.der(), &intermediates, &self.anchor_certs, &request)
                .ok()?;
        let ders: Vec<&[u8]> = path.iter().map(Vec::as_slice).collect();
        let found = rules::check(&ders, true, context);
        Some(if found.is_empty() { Ok(()) } else { Err(found) })
    }

    /// Verifies `leaf` under `check.policy`: webpki builds and verifies a path (trying others
    /// when certdeck's rules refuse one), with the CRLs given; the name is checked last.
    pub fn verify_policy(
        &self,
        leaf: &Certificate,
        check: &Check<'_>,
    ) -> Result<PolicyVerdict, VerifyError> {
        let refuse = |verdict: Verdict, violations| PolicyVerdict {
            verdict,
            policy: check.policy,
            violations,
            leaf_signed_by: None,
        };
        let server_name = server_name(check.host)?;
        let der = CertificateDer::from(leaf.der());
        let end_entity = match EndEntityCert::try_from(&der) {
            Ok(ee) => ee,
            Err(e) => return Ok(refuse(untrusted(&e), Vec::new())),
        };
        let mut crls = Vec::new();
        for crl in check.crls {
            match webpki::BorrowedCertRevocationList::from_der(crl) {
                Ok(crl) => crls.push(webpki::CertRevocationList::from(crl)),
                Err(e) => return Ok(refuse(untrusted(&e), Vec::new())),
            }
        }
        if check.revocation_required && crls.is_empty() && check.ocsp.is_empty() {
            let verdict = untrusted(&webpki::Error::UnknownRevocationStatus);
            return Ok(refuse(verdict, Vec::new()));
        }
        let crl_refs: Vec<&webpki::CertRevocationList<'_>> = crls.iter().collect();
        let revocation = webpki::RevocationOptionsBuilder::new(&crl_refs)
            .ok()
            .map(|builder| {
                builder
                    // With OCSP answers, what no CRL covers may be known by OCSP: that is
                    // judged on each path below.
                    .with_status_policy(if check.revocation_required && check.ocsp.is_empty() {
                        webpki::UnknownStatusPolicy::Deny
                    } else {
                        webpki::UnknownStatusPolicy::Allow
                    })
                    .with_expiration_policy(webpki::ExpirationPolicy::Enforce)
                    .build()
            });
        let seconds = check.now.unix_timestamp().max(0) as u64;
        let time = UnixTime::since_unix_epoch(Duration::from_secs(seconds));
        let usage = match check.purpose {
            Purpose::Server => KeyUsage::server_auth(),
            Purpose::Client => KeyUsage::client_auth(),
        };
        let context = rules::Context {
            policy: check.policy,
            max_intermediates: check.max_intermediates,
            now: check.now.unix_timestamp(),
            host: check.host,
        };
        // The rules' findings on the last path refused, reported if no path passes.
        let refused: std::cell::RefCell<Vec<Violation>> = std::cell::RefCell::default();
        // The leaf's issuer on the path accepted last (the one webpki returns).
        let signed_by: std::cell::RefCell<Option<SignedBy>> = std::cell::RefCell::default();
        let crl_issuers = if check.revocation_required && !check.ocsp.is_empty() {
            crl_issuers(check.crls)
        } else {
            Vec::new()
        };
        let judge_path = |path: &webpki::VerifiedPath<'_>| -> Result<(), webpki::Error> {
            let intermediates: Vec<CertificateDer<'_>> =
                path.intermediate_certificates().map(|c| c.der()).collect();
            let mut ders: Vec<&[u8]> = vec![leaf.der()];
            ders.extend(intermediates.iter().map(|c| c.as_ref()));
            let anchor = self.anchor_der(path.anchor());
            if let Some(anchor) = anchor {
                ders.push(anchor);
            }
            if !check.ocsp.is_empty() {
                let anchor_spki = anchor.is_none().then(|| spki_of_anchor(path.anchor()));
                judge_ocsp(&ders, anchor_spki.as_deref(), check, &crl_issuers)?;
            }
            let mut found = self.judge_links(&ders, anchor.is_some(), &context);
            found.extend(rules::check_crls(&ders, check.crls));
            if found.is_empty() {
                // ders[1] is the first intermediate, or the anchor when it is a whole certificate.
                *signed_by.borrow_mut() = Some(match ders.get(1) {
                    Some(issuer) => SignedBy::Certificate(issuer.to_vec()),
                    None => SignedBy::Key(spki_of_anchor(path.anchor())),
                });
                Ok(())
            } else {
                *refused.borrow_mut() = found;
                Err(REFUSED_BY_RULES)
            }
        };
        let result = end_entity.verify_for_usage(
            super::signature_cache::algorithms(),
            &self.anchors,
            &self.intermediates,
            time,
            usage,
            revocation,
            Some(&judge_path),
        );
        let result = match result {
            Err(e)
                if check.policy == Policy::Private
                    && check.crls.is_empty()
                    && check.ocsp.is_empty()
                    && rfc5280_may_differ(&e) =>
            {
                match self.rfc5280_path(leaf, check, &context) {
                    Some(Ok(())) => Ok(()),
                    Some(Err(violations)) => {
                        *refused.borrow_mut() = violations;
                        Err(REFUSED_BY_RULES)
                    }
                    None => Err(e),
                }
            }
            other => other.map(|_| ()),
        };
        if let Err(e) = result {
            let violations = refused.take();
            if e == REFUSED_BY_RULES && !violations.is_empty() {
                let reason = violations
                    .iter()
                    .map(|v| format!("{} ({})", v.text, v.source))
                    .collect::<Vec<_>>()
                    .join("; ");
                let verdict = Verdict {
                    trusted: false,
                    reason: format!(
                        "not acceptable under the {} policy: {reason}",
                        check.policy.name()
                    ),
                    code: Some("PolicyViolation".into()),
                    wrong_name: false,
                };
                return Ok(refuse(verdict, violations));
            }
            return Ok(refuse(untrusted(&e), violations));
        }
        if let Some(name) = &server_name
            && let Err(e) = end_entity.verify_is_valid_for_subject_name(name)
        {
            return Ok(refuse(untrusted(&e), Vec::new()));
        }
        Ok(PolicyVerdict {
            verdict: Verdict {
                trusted: true,
                reason: format!(
                    "{} under the {} policy",
                    match check.host {
                        Some(host) => format!(
                            "trusted for {}, valid for {host}",
                            purpose_words(check.purpose)
                        ),
                        None => format!("trusted for {}", purpose_words(check.purpose)),
                    },
                    check.policy.name()
                ),
                code: None,
                wrong_name: false,
            },
            policy: check.policy,
            violations: Vec::new(),
            leaf_signed_by: signed_by.take(),
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
        let server_name = server_name(host)?;
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
            super::signature_cache::algorithms(),
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

/// The name to check the leaf for (a DNS name or an IP address), when one is given.
fn server_name(host: Option<&str>) -> Result<Option<ServerName<'static>>, VerifyError> {
    host.map(|host| {
        ServerName::try_from(host.to_string())
            .map_err(|_| VerifyError::InvalidHostName(host.to_string()))
    })
    .transpose()
}

/// Refuses a path one of whose certificates an OCSP responder said is revoked; under
/// `revocation_required`, also one with a certificate (below the anchor) that neither an OCSP
/// answer nor a CRL of its issuer (by name, in `crl_issuers`) covers. `ders`: leaf first, the
/// anchor last when it is a whole certificate, else `anchor_spki` is the anchor's key.
fn judge_ocsp(
    ders: &[&[u8]],
    anchor_spki: Option<&[u8]>,
    check: &Check<'_>,
    crl_issuers: &[Vec<u8>],
) -> Result<(), webpki::Error> {
    let certs: Vec<X509Certificate<'_>> = ders
        .iter()
        .filter_map(|der| X509Certificate::from_der(der).ok().map(|(_, c)| c))
        .collect();
    for (i, cert) in certs.iter().enumerate() {
        let issuer_spki = match certs.get(i + 1) {
            Some(issuer) => issuer.public_key().raw,
            None => match anchor_spki {
                Some(spki) => spki,
                None => break,
            },
        };
        let serial = hex::encode(cert.raw_serial());
        let known = check
            .ocsp
            .iter()
            .find(|k| k.serial == serial && k.issuer_spki == issuer_spki);
        match known {
            Some(KnownStatus {
                revoked: Some(_), ..
            }) => return Err(webpki::Error::CertRevoked),
            Some(_) => {}
            None if check.revocation_required
                && !crl_issuers
                    .iter()
                    .any(|name| name == cert.issuer().as_raw()) =>
            {
                return Err(webpki::Error::UnknownRevocationStatus);
            }
            None => {}
        }
    }
    Ok(())
}

/// The issuer names (DER) of `crls`.
fn crl_issuers(crls: &[Vec<u8>]) -> Vec<Vec<u8>> {
    use x509_parser::revocation_list::CertificateRevocationList;
    crls.iter()
        .filter_map(|der| CertificateRevocationList::from_der(der).ok())
        .map(|(_, crl)| crl.issuer().as_raw().to_vec())
        .collect()
}

/// A webpki trust anchor's SubjectPublicKeyInfo as DER (webpki keeps it without its outer
/// SEQUENCE header).
fn spki_of_anchor(anchor: &TrustAnchor<'_>) -> Vec<u8> {
    super::der::der_tlv(0x30, anchor.subject_public_key_info.as_ref())
}
