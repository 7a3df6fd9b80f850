//! The verdict under a policy for the certificate selected in the inventory: webpki's path and
//! certdeck's rules (`Verifier::verify_policy`, as `certdeck verify` judges), computed on a
//! worker thread when the selection changes, shown with every rule broken link by link.

use std::sync::Arc;

use iced::widget::{Column, column, container, row, text};
use iced::{Element, Fill};

use super::inventory::Loaded;
use super::style;
use super::widgets::{SPACING, section};
use crate::fl;
use crate::pki::chain::{ChainEnd, TrustSource};
use crate::pki::rules::Policy;
use crate::pki::status::Severity;
use crate::pki::verify::{Check, PolicyVerdict, Purpose, Verifier};

/// The verdict for certificate `id` of `loaded` (blocking: call from a worker thread). The
/// policy is `web` for a chain ending at a built-in (public) root, `private` otherwise.
pub fn judge(loaded: &Loaded, id: i64) -> Result<Option<PolicyVerdict>, String> {
    let Some(report) = loaded.report(id) else {
        return Ok(None);
    };
    if report.cert.is_ca {
        return Ok(None);
    }
    // A node using the certificate may say which policy applies; else its chain's root does.
    let chosen = loaded
        .nodes
        .iter()
        .filter(|n| n.certificate_id == Some(id))
        .find_map(|n| n.policy);
    let policy = chosen.unwrap_or(match &report.chain.end {
        ChainEnd::TrustedRoot {
            source: TrustSource::Builtin,
            ..
        } => Policy::Web,
        _ => Policy::Private,
    });
    let certificate = |row_id: i64| loaded.issuers.get(&row_id).cloned();
    let trusted: Vec<Arc<crate::pki::Certificate>> = loaded
        .rows
        .iter()
        .filter(|(row, _)| row.trusted)
        .filter_map(|(row, _)| certificate(row.id))
        .collect();
    let intermediates: Vec<Arc<crate::pki::Certificate>> = loaded
        .rows
        .iter()
        .filter(|(row, _)| !row.trusted && row.facts.is_ca)
        .filter_map(|(row, _)| certificate(row.id))
        .collect();
    let verifier = Verifier::new(
        trusted.iter().map(Arc::as_ref),
        intermediates.iter().map(Arc::as_ref),
        policy == Policy::Web,
    )
    .map_err(|e| e.to_string())?;
    let purpose = match report.cert.extended_key_usage.as_deref() {
        Some(ekus)
            if !ekus.iter().any(|e| e == "serverAuth")
                && ekus.iter().any(|e| e == "clientAuth") =>
        {
            Purpose::Client
        }
        _ => Purpose::Server,
    };
    verifier
        .verify_policy(
            &report.cert,
            &Check {
                host: None,
                purpose,
                now: loaded.now,
                policy,
                max_intermediates: None,
                crls: &[],
                revocation_required: false,
                ocsp: &[],
            },
        )
        .map(Some)
        .map_err(|e| e.to_string())
}

/// The card: acceptable or not under the policy, and each rule broken.
pub fn card<'a, M: 'a>(verdict: &'a PolicyVerdict) -> Element<'a, M> {
    let policy = match verdict.policy {
        Policy::Web => fl!("policy-web"),
        Policy::Private => fl!("policy-private"),
    };
    let (word, severity) = if verdict.verdict.trusted {
        (fl!("policy-acceptable"), Severity::Info)
    } else {
        (fl!("policy-not-acceptable"), Severity::Error)
    };
    let mut body: Column<'a, M> = column![
        row![
            container(text(word).size(12))
                .padding([2, 8])
                .style(style::badge(severity)),
            text(policy).size(13).width(Fill),
        ]
        .spacing(SPACING)
        .align_y(iced::Center)
    ]
    .spacing(4);
    if !verdict.verdict.trusted && verdict.violations.is_empty() {
        body = body.push(text(verdict.verdict.reason.clone()).size(13));
    }
    for violation in &verdict.violations {
        body = body.push(
            column![
                text(fl!(
                    "policy-link",
                    position = violation.position,
                    subject = violation.subject.clone()
                ))
                .size(12),
                text(format!(
                    "{} — {}",
                    rule_words(violation.rule, &violation.text),
                    violation.source
                ))
                .size(13),
            ]
            .spacing(2),
        );
    }
    section(fl!("policy-title"), body.into())
}

/// A rule in the user's language (the core's English words for one it does not know).
fn rule_words(rule: &str, english: &str) -> String {
    match rule {
        "serial-positive" => fl!("rule-serial-positive"),
        "serial-length" => fl!("rule-serial-length"),
        "aki-present" => fl!("rule-aki-present"),
        "aki-not-critical" => fl!("rule-aki-not-critical"),
        "ski-present" => fl!("rule-ski-present"),
        "ski-not-critical" => fl!("rule-ski-not-critical"),
        "ca-subject" => fl!("rule-ca-subject"),
        "keycertsign-needs-ca" => fl!("rule-keycertsign-needs-ca"),
        "san-critical-without-subject" => fl!("rule-san-critical-without-subject"),
        "dns-name-syntax" => fl!("rule-dns-name-syntax"),
        "basic-constraints-present" | "basic-constraints-critical" | "anchor-is-ca" => {
            fl!("rule-anchor-basic-constraints")
        }
        "ca-keycertsign" => fl!("rule-ca-keycertsign"),
        "critical-extensions-known" => fl!("rule-critical-extensions-known"),
        "anchor-valid" => fl!("rule-anchor-valid"),
        "name-constraints-in-ca" => fl!("rule-name-constraints-in-ca"),
        "name-constraints-critical" => fl!("rule-name-constraints-critical"),
        "name-constraints-syntax" | "name-constraints-not-empty" | "dns-constraint-syntax" => {
            fl!("rule-name-constraints-syntax")
        }
        "policy-constraints-critical" => fl!("rule-policy-constraints-critical"),
        "crl-number" | "crl-number-not-critical" => fl!("rule-crl-number"),
        "crl-signer" => fl!("rule-crl-signer"),
        "max-chain-depth" => fl!("rule-max-chain-depth"),
        "aia-syntax" => fl!("rule-aia-syntax"),
        "eku-present" => fl!("rule-eku-present"),
        "eku-not-critical" => fl!("rule-eku-not-critical"),
        "eku-not-any" => fl!("rule-eku-not-any"),
        "root-without-eku" => fl!("rule-root-without-eku"),
        "rsa-2048" | "rsa-bytes" | "key-algorithm" => fl!("rule-key-strength"),
        "san-not-critical" => fl!("rule-san-not-critical"),
        "wildcard-not-public-suffix" => fl!("rule-wildcard-not-public-suffix"),
        "common-name-in-san" => fl!("rule-common-name-in-san"),
        "root-aki-key-id" | "root-aki-key-id-only" | "root-aki-matches-ski" => {
            fl!("rule-root-aki")
        }
        _ => english.to_string(),
    }
}
