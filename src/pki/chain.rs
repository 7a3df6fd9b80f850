//! Chains of trust: build the path leaf → intermediates → root from a pool of certificates and
//! trust anchors, and check every link the way an administrator would read it.
//!
//! The verdict for a purpose and a host comes from rustls-webpki (see [`super::verify`]), which
//! only returns a path on success; this module builds and explains the path itself, including
//! where and why it breaks.

pub use super::check_phrase::Phrase;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use time::OffsetDateTime;
use x509_parser::prelude::FromDer;
use x509_parser::x509::X509Name;

use super::cert::Certificate;
use super::der::wrap_sequence;
use super::display::colon_hex;
use super::name::DistinguishedName;
use super::status::ChainState;

mod report;
pub use report::*;

/// Longest path followed (leaf included); real chains have 2–5 certificates.
pub const MAX_PATH_LENGTH: usize = 10;

/// Why a certificate or anchor is trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrustSource {
    /// The Mozilla root store shipped with certdeck (webpki-roots).
    Builtin,
    /// The administrator's trusted CA list (or `--trust` files).
    Custom,
    /// A root CA supplied together with the certificates being inspected.
    Supplied,
}

/// A built-in root: only its name and key are known (webpki-roots carries no full certificates).
#[derive(Clone, Debug)]
struct Anchor {
    spki_der: Vec<u8>,
    subject: DistinguishedName,
}

#[derive(Clone, Debug)]
struct Entry {
    cert: Arc<Certificate>,
    trust: Option<TrustSource>,
}

/// Certificates and anchors paths are built from.
#[derive(Debug, Default)]
pub struct CertPool {
    entries: Vec<Entry>,
    by_subject: HashMap<Vec<u8>, Vec<usize>>,
    by_fingerprint: HashMap<String, usize>,
    anchors: Vec<Anchor>,
    anchors_by_subject: HashMap<Vec<u8>, Vec<usize>>,
    /// Signature checks of CA → CA links, shared by every path through them.
    verified: Mutex<HashMap<(String, String), bool>>,
}

/// The names of the built-in Mozilla roots (webpki-roots keeps names and keys, not certificates).
pub fn builtin_root_names() -> Vec<DistinguishedName> {
    webpki_roots::TLS_SERVER_ROOTS
        .iter()
        .map(|anchor| anchor_name(&wrap_sequence(anchor.subject.as_ref())))
        .collect()
}

fn anchor_name(subject_der: &[u8]) -> DistinguishedName {
    X509Name::from_der(subject_der)
        .map(|(_, name)| DistinguishedName::from_x509(&name))
        .unwrap_or_default()
}

impl CertPool {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the Mozilla roots (webpki-roots) as trust anchors.
    pub fn with_builtin_roots(mut self) -> Self {
        for anchor in webpki_roots::TLS_SERVER_ROOTS {
            let subject_der = wrap_sequence(anchor.subject.as_ref());
            let subject = anchor_name(&subject_der);
            let index = self.anchors.len();
            self.anchors_by_subject
                .entry(subject_der)
                .or_default()
                .push(index);
            self.anchors.push(Anchor {
                spki_der: wrap_sequence(anchor.subject_public_key_info.as_ref()),
                subject,
            });
        }
        self
    }

    /// Number of certificates (anchors not counted).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a certificate; `trust` makes it a trust anchor. Adding the same certificate again only
    /// upgrades its trust.
    pub fn add(&mut self, cert: Arc<Certificate>, trust: Option<TrustSource>) {
        if let Some(&index) = self.by_fingerprint.get(&cert.fingerprint_sha256) {
            if self.entries[index].trust.is_none() {
                self.entries[index].trust = trust;
            }
            return;
        }
        let index = self.entries.len();
        self.by_fingerprint
            .insert(cert.fingerprint_sha256.clone(), index);
        self.by_subject
            .entry(cert.subject_der().to_vec())
            .or_default()
            .push(index);
        self.entries.push(Entry { cert, trust });
    }

    /// The trust of a certificate in the pool, if any.
    pub fn trust_of(&self, cert: &Certificate) -> Option<TrustSource> {
        self.by_fingerprint
            .get(&cert.fingerprint_sha256)
            .and_then(|&i| self.entries[i].trust)
            .or_else(|| {
                // A built-in root given as a full certificate: same name and key as the anchor.
                self.anchors_by_subject
                    .get(cert.subject_der())
                    .into_iter()
                    .flatten()
                    .any(|&i| self.anchors[i].spki_der == cert.spki_der())
                    .then_some(TrustSource::Builtin)
            })
    }

    fn signature_ok(&self, child: &Certificate, parent: &Certificate) -> bool {
        if !child.is_ca {
            // Leaves: many per issuer, each checked once — the issuer's key parsed once.
            return super::issuer_key::verifies(child, parent.spki_der());
        }
        let key = (
            child.fingerprint_sha256.clone(),
            parent.fingerprint_sha256.clone(),
        );
        if let Ok(cache) = self.verified.lock()
            && let Some(&ok) = cache.get(&key)
        {
            return ok;
        }
        let ok = child.signature_verifies_with(parent.spki_der());
        if let Ok(mut cache) = self.verified.lock() {
            cache.insert(key, ok);
        }
        ok
    }

    /// Builds and checks the path from `leaf` at `now`.
    pub fn build_path(&self, leaf: &Arc<Certificate>, now: OffsetDateTime) -> ChainReport {
        self.build_path_known(leaf, now, None)
    }

    /// As [`CertPool::build_path`], with the issuer a verifier already checked `leaf`'s
    /// signature with: that signature is not verified a second time.
    pub fn build_path_known(
        &self,
        leaf: &Arc<Certificate>,
        now: OffsetDateTime,
        signed_by: Option<&super::verify::SignedBy>,
    ) -> ChainReport {
        let mut path: Vec<Arc<Certificate>> = vec![leaf.clone()];
        let mut links = Vec::new();
        let end = loop {
            let index = path.len() - 1;
            let current = path[index].clone();
            let mut checks = vec![validity_check(&current, now)];
            if let Some(trust) = self.trust_of(&current)
                && (current.self_signed || index > 0 || trust != TrustSource::Supplied)
            {
                if current.self_signed {
                    checks.push(self_signature_check());
                }
                links.push(link(&current, Some(trust), checks));
                break ChainEnd::TrustedRoot {
                    name: current.subject.to_string(),
                    source: trust,
                };
            }
            if current.self_signed {
                checks.push(self_signature_check());
                links.push(link(&current, None, checks));
                break ChainEnd::UntrustedRoot {
                    name: current.subject.to_string(),
                };
            }
            if path.len() >= MAX_PATH_LENGTH {
                links.push(link(&current, None, checks));
                break ChainEnd::TooLong;
            }
            let known = if index == 0 { signed_by } else { None };
            match self.find_issuer(&current, &path, now, known) {
                Some((Issuer::Cert(parent), signature)) => {
                    checks.extend(issuer_checks(&current, &parent, signature, index));
                    links.push(link(&current, None, checks));
                    path.push(parent);
                }
                Some((Issuer::Anchor(anchor), signature)) => {
                    checks.extend(anchor_checks(&current, signature));
                    links.push(link(&current, None, checks));
                    links.push(ChainLink {
                        subject: anchor.subject.to_string(),
                        fingerprint_sha256: None,
                        trust: Some(TrustSource::Builtin),
                        checks: vec![Check::new(
                            CheckKind::TrustAnchor,
                            Outcome::Pass,
                            Phrase::BuiltinAnchor,
                        )],
                    });
                    break ChainEnd::TrustedRoot {
                        name: anchor.subject.to_string(),
                        source: TrustSource::Builtin,
                    };
                }
                None => {
                    let aki = current.authority_key_id.as_deref().map(colon_hex);
                    checks.push(Check::new(
                        CheckKind::IssuerFound,
                        Outcome::Fail,
                        Phrase::IssuerNotFound {
                            issuer: current.issuer.to_string(),
                            key_id: aki.clone(),
                        },
                    ));
                    links.push(link(&current, None, checks));
                    break ChainEnd::MissingIssuer {
                        issuer: current.issuer.to_string(),
                        authority_key_id: aki,
                    };
                }
            }
        };
        ChainReport { links, end }
    }

    /// Where the path from `cert` goes, without explaining it: the issuer's fingerprint, whether a
    /// trusted root is reached, and what is missing otherwise. What inventories store per row.
    pub fn summary(&self, cert: &Arc<Certificate>, now: OffsetDateTime) -> ChainSummary {
        let mut path: Vec<Arc<Certificate>> = vec![cert.clone()];
        let mut issuer_fingerprint = None;
        loop {
            let current = path[path.len() - 1].clone();
            if let Some(trust) = self.trust_of(&current)
                && (current.self_signed || path.len() > 1 || trust != TrustSource::Supplied)
            {
                return ChainSummary::complete(issuer_fingerprint);
            }
            if current.self_signed {
                return ChainSummary::incomplete(
                    issuer_fingerprint,
                    format!(
                        "the path ends at {}, which is not a trusted root",
                        current.subject
                    ),
                );
            }
            if path.len() >= MAX_PATH_LENGTH {
                return ChainSummary::incomplete(
                    issuer_fingerprint,
                    format!("the path is longer than {MAX_PATH_LENGTH} certificates"),
                );
            }
            match self.find_issuer(&current, &path, now, None) {
                Some((Issuer::Cert(parent), verified)) => {
                    if path.len() == 1 {
                        issuer_fingerprint = Some(parent.fingerprint_sha256.clone());
                    }
                    // Only a certificate whose key verifies the signature is the issuer: one
                    // that merely has the name (an old intermediate re-keyed under the same
                    // name, say) leaves the chain incomplete, so the alarm points at it.
                    if !verified {
                        return ChainSummary::incomplete(
                            issuer_fingerprint,
                            format!(
                                "the signature of {} does not verify with the key of {}, the \
                                 certificate with its issuer's name",
                                current.subject, parent.subject
                            ),
                        );
                    }
                    path.push(parent);
                }
                Some((Issuer::Anchor(_), _)) => {
                    return ChainSummary::complete(issuer_fingerprint);
                }
                None => {
                    return ChainSummary::incomplete(
                        issuer_fingerprint,
                        format!("issuer {} not found", current.issuer),
                    );
                }
            }
        }
    }

    /// Picks the best issuer: signature verifies, key ids match, trusted, valid now; with
    /// whether its key verifies `child`'s signature (checked once here, not again by the
    /// caller: for a leaf it is an RSA or ECDSA verification that no cache spares).
    fn find_issuer(
        &self,
        child: &Certificate,
        path: &[Arc<Certificate>],
        now: OffsetDateTime,
        signed_by: Option<&super::verify::SignedBy>,
    ) -> Option<(Issuer<'_>, bool)> {
        let mut best: Option<(u32, Issuer<'_>)> = None;
        for &i in self
            .by_subject
            .get(child.issuer_der())
            .into_iter()
            .flatten()
        {
            let entry = &self.entries[i];
            let candidate = &entry.cert;
            if path
                .iter()
                .any(|p| p.fingerprint_sha256 == candidate.fingerprint_sha256)
            {
                continue;
            }
            let mut score = 0;
            if signed_by.is_some_and(|issuer| issuer.is(candidate))
                || self.signature_ok(child, candidate)
            {
                score += 8;
            }
            if child.authority_key_id.is_some()
                && child.authority_key_id == candidate.subject_key_id
            {
                score += 4;
            }
            if entry.trust.is_some() {
                score += 2;
            }
            if candidate.not_before <= now && now <= candidate.not_after {
                score += 1;
            }
            if best.as_ref().is_none_or(|(s, _)| score > *s) {
                best = Some((score, Issuer::Cert(candidate.clone())));
            }
        }
        if best.as_ref().is_some_and(|(score, _)| *score >= 8) {
            return best.map(|(_, issuer)| (issuer, true));
        }
        for &i in self
            .anchors_by_subject
            .get(child.issuer_der())
            .into_iter()
            .flatten()
        {
            let anchor = &self.anchors[i];
            if child.signature_verifies_with(&anchor.spki_der) {
                return Some((Issuer::Anchor(anchor), true));
            }
        }
        best.map(|(score, issuer)| (issuer, score >= 8))
    }
}

enum Issuer<'a> {
    Cert(Arc<Certificate>),
    Anchor(&'a Anchor),
}

fn link(cert: &Certificate, trust: Option<TrustSource>, checks: Vec<Check>) -> ChainLink {
    ChainLink {
        subject: cert.subject.to_string(),
        fingerprint_sha256: Some(cert.fingerprint_sha256.clone()),
        trust,
        checks,
    }
}

fn validity_check(cert: &Certificate, now: OffsetDateTime) -> Check {
    let (outcome, detail) = if now < cert.not_before {
        (Outcome::Fail, Phrase::NotValidBefore(cert.not_before))
    } else if now > cert.not_after {
        (Outcome::Fail, Phrase::ExpiredOn(cert.not_after))
    } else {
        (Outcome::Pass, Phrase::ValidUntil(cert.not_after))
    };
    Check::new(CheckKind::Validity, outcome, detail)
}

fn self_signature_check() -> Check {
    Check::new(CheckKind::Signature, Outcome::Pass, Phrase::SelfSigned)
}

fn issuer_checks(
    child: &Certificate,
    parent: &Certificate,
    signature: bool,
    index: usize,
) -> Vec<Check> {
    let mut checks = vec![Check::new(
        CheckKind::IssuerName,
        Outcome::Pass,
        Phrase::IssuerNameMatches(parent.subject.to_string()),
    )];
    checks.push(match (&child.authority_key_id, &parent.subject_key_id) {
        (Some(aki), Some(ski)) if aki == ski => Check::new(
            CheckKind::KeyIdentifier,
            Outcome::Pass,
            Phrase::KeyIdMatches(colon_hex(ski)),
        ),
        (Some(aki), Some(ski)) => Check::new(
            CheckKind::KeyIdentifier,
            Outcome::Fail,
            Phrase::KeyIdDiffers {
                own: colon_hex(aki),
                issuer: colon_hex(ski),
            },
        ),
        _ => Check::new(
            CheckKind::KeyIdentifier,
            Outcome::NotApplicable,
            Phrase::NoKeyIds,
        ),
    });
    checks.push(if signature {
        Check::new(
            CheckKind::Signature,
            Outcome::Pass,
            Phrase::SignatureVerified {
                algorithm: child.signature_algorithm.clone(),
                by_root: false,
            },
        )
    } else {
        Check::new(
            CheckKind::Signature,
            Outcome::Fail,
            Phrase::SignatureFails { by_root: false },
        )
    });
    checks.push(if parent.is_ca {
        Check::new(CheckKind::IssuerIsCa, Outcome::Pass, Phrase::IssuerIsCa)
    } else {
        Check::new(CheckKind::IssuerIsCa, Outcome::Fail, Phrase::IssuerNotCa)
    });
    checks.push(if parent.allows_cert_sign() {
        Check::new(
            CheckKind::IssuerKeyCertSign,
            Outcome::Pass,
            Phrase::IssuerMaySign,
        )
    } else {
        Check::new(
            CheckKind::IssuerKeyCertSign,
            Outcome::Fail,
            Phrase::IssuerLacksKeyCertSign,
        )
    });
    // Intermediates below the parent: every path member after the leaf up to the child.
    let below = index;
    checks.push(match parent.path_len {
        Some(limit) if below as u32 > limit => Check::new(
            CheckKind::PathLength,
            Outcome::Fail,
            Phrase::PathLengthExceeded { below, limit },
        ),
        Some(limit) => Check::new(
            CheckKind::PathLength,
            Outcome::Pass,
            Phrase::PathLengthOk { below, limit },
        ),
        None => Check::new(
            CheckKind::PathLength,
            Outcome::NotApplicable,
            Phrase::NoPathLengthLimit,
        ),
    });
    checks
}

fn anchor_checks(child: &Certificate, signature: bool) -> Vec<Check> {
    vec![
        Check::new(
            CheckKind::IssuerName,
            Outcome::Pass,
            Phrase::IssuerNameMatchesBuiltin,
        ),
        if signature {
            Check::new(
                CheckKind::Signature,
                Outcome::Pass,
                Phrase::SignatureVerified {
                    algorithm: child.signature_algorithm.clone(),
                    by_root: true,
                },
            )
        } else {
            Check::new(
                CheckKind::Signature,
                Outcome::Fail,
                Phrase::SignatureFails { by_root: true },
            )
        },
    ]
}
