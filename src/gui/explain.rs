//! Status explanations and chain checks in the window's language. The engine's `Status::reason` is English (the
//! command line and JSON keep it); the window words each status from its code and the
//! certificate's own fields instead.

use super::i18n;
use crate::fl;
use crate::pki::chain::{ChainEnd, Phrase};
use crate::pki::status::Status;
use crate::pki::{CertificateReport, StatusCode};

/// Why a certificate has `status`, in the user's language.
pub fn status_reason(status: &Status, report: &CertificateReport) -> String {
    let cert = &report.cert;
    let days_left = report.assessment.days_left;
    match status.code {
        // The store's words: when, why, and which CRL or CA says so.
        StatusCode::Revoked => fl!("reason-revoked", detail = status.reason.clone()),
        StatusCode::Expired => {
            let days_ago: i64 = -days_left;
            fl!(
                "reason-expired",
                date = i18n::date(cert.not_after),
                days = days_ago
            )
        }
        StatusCode::NotYetValid => fl!("reason-not-yet-valid", date = i18n::date(cert.not_before)),
        StatusCode::Expiring => fl!(
            "reason-expiring",
            days = days_left,
            date = i18n::date(cert.not_after)
        ),
        StatusCode::WeakSignature => fl!(
            "reason-weak-signature",
            algorithm = cert.signature_algorithm.clone()
        ),
        StatusCode::WeakKey => fl!("reason-weak-key", key = cert.key.to_string()),
        StatusCode::IncompleteChain => match &report.chain.end {
            ChainEnd::MissingIssuer { issuer, .. } => {
                fl!("reason-incomplete-chain", name = issuer.clone())
            }
            ChainEnd::UntrustedRoot { name } => {
                fl!("reason-incomplete-chain-untrusted", name = name.clone())
            }
            // The stored verdict and the path built now disagree (a CA was added since):
            // the engine's words say what it saw.
            _ => status.reason.clone(),
        },
        StatusCode::KeyMissing => fl!("reason-key-missing"),
        StatusCode::Temporary => fl!("reason-temporary"),
        StatusCode::EmptySubject => fl!("reason-empty-subject"),
        StatusCode::NoSan => fl!("reason-no-san"),
        StatusCode::Wildcard => {
            let name = cert
                .san
                .iter()
                .find(|name| name.contains('*'))
                .cloned()
                .unwrap_or_default();
            fl!("reason-wildcard", name = name)
        }
        StatusCode::Ca => match cert.path_len {
            Some(limit) => {
                let limit = i64::from(limit);
                fl!("reason-ca-path-length", limit = limit)
            }
            None => fl!("reason-ca"),
        },
        StatusCode::Good => fl!("status-good"),
    }
}

/// What one check of the chain found, in the user's language.
pub fn check(phrase: &Phrase) -> String {
    match phrase {
        Phrase::BuiltinAnchor => fl!("check-builtin-anchor"),
        Phrase::IssuerNotFound {
            issuer,
            key_id: Some(key_id),
        } => fl!(
            "check-issuer-not-found-key-id",
            name = issuer.clone(),
            key_id = key_id.clone()
        ),
        Phrase::IssuerNotFound {
            issuer,
            key_id: None,
        } => fl!("check-issuer-not-found", name = issuer.clone()),
        Phrase::ValidUntil(t) => fl!("check-valid-until", date = i18n::date_time(*t)),
        Phrase::NotValidBefore(t) => fl!("check-not-valid-before", date = i18n::date_time(*t)),
        Phrase::ExpiredOn(t) => fl!("check-expired-on", date = i18n::date_time(*t)),
        Phrase::SelfSigned => fl!("check-self-signed"),
        Phrase::IssuerNameMatches(name) => fl!("check-issuer-name", name = name.clone()),
        Phrase::IssuerNameMatchesBuiltin => fl!("check-issuer-name-builtin"),
        Phrase::KeyIdMatches(id) => fl!("check-key-id-matches", key_id = id.clone()),
        Phrase::KeyIdDiffers { own, issuer } => fl!(
            "check-key-id-differs",
            key_id = own.clone(),
            issuer_key_id = issuer.clone()
        ),
        Phrase::NoKeyIds => fl!("check-no-key-ids"),
        Phrase::SignatureVerified {
            algorithm,
            by_root: false,
        } => fl!("check-signature-issuer", algorithm = algorithm.clone()),
        Phrase::SignatureVerified {
            algorithm,
            by_root: true,
        } => fl!("check-signature-root", algorithm = algorithm.clone()),
        Phrase::SignatureFails { by_root: false } => fl!("check-signature-fails-issuer"),
        Phrase::SignatureFails { by_root: true } => fl!("check-signature-fails-root"),
        Phrase::IssuerIsCa => fl!("check-issuer-is-ca"),
        Phrase::IssuerNotCa => fl!("check-issuer-not-ca"),
        Phrase::IssuerMaySign => fl!("check-issuer-may-sign"),
        Phrase::IssuerLacksKeyCertSign => fl!("check-issuer-lacks-cert-sign"),
        Phrase::PathLengthExceeded { below, limit } => {
            let (below, limit) = (*below as i64, i64::from(*limit));
            fl!("check-path-length-exceeded", below = below, limit = limit)
        }
        Phrase::PathLengthOk { below, limit } => {
            let (below, limit) = (*below as i64, i64::from(*limit));
            fl!("check-path-length-ok", below = below, limit = limit)
        }
        Phrase::NoPathLengthLimit => fl!("check-no-path-length"),
    }
}

/// A signing request's pre-flight finding in the user's language; `node` is the node the request
/// is for. Codes this window does not know keep the engine's English.
pub fn lint(lint: &crate::pki::request::Lint, node: Option<&str>) -> String {
    let node = node.unwrap_or_default().to_string();
    let about = lint.about.clone();
    match lint.code {
        "no_san" => fl!("lint-no-san"),
        "empty_subject" => fl!("lint-empty-subject"),
        "wildcard_sip" => fl!("lint-wildcard-sip", names = about, node = node),
        "node_name_not_covered" => fl!("lint-name-not-covered", name = about, node = node),
        "wildcard" => fl!("lint-wildcard", names = about),
        "weak_key" => fl!("lint-weak-key", key = about),
        "ed25519" => fl!("lint-ed25519"),
        _ => lint.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::{DecodeOptions, InspectOptions, decode_file, inspect};

    /// Every status of the fixture, judged `years` after now, worded by the window.
    fn reasons(fixture: &str, years: i64) -> Vec<(StatusCode, String)> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        let decoded = decode_file(&path, &DecodeOptions::default());
        let at = time::OffsetDateTime::now_utc() + time::Duration::days(365 * years);
        let report = inspect(&decoded, &InspectOptions::at(at))
            .into_iter()
            .flatten()
            .next()
            .expect("a certificate");
        report
            .assessment
            .statuses
            .iter()
            .map(|status| (status.code, status_reason(status, &report)))
            .collect()
    }

    #[test]
    fn statuses_are_worded_from_the_certificate_itself() {
        let wildcard = reasons("wildcard.pem", 0);
        let (_, text) = wildcard
            .iter()
            .find(|(code, _)| *code == StatusCode::Wildcard)
            .expect("the wildcard status");
        assert!(
            text.contains("*.example.com") && text.contains("RFC 5922"),
            "{text}"
        );

        let expired = reasons("wildcard.pem", 200);
        let (_, text) = expired
            .iter()
            .find(|(code, _)| *code == StatusCode::Expired)
            .expect("expired two centuries later");
        // Fluent's English for "expired", with the locale's date and the plural of days.
        assert!(
            text.starts_with("Expired on ") && text.ends_with(" days ago)."),
            "{text}"
        );
    }

    #[test]
    fn chain_checks_are_worded_from_what_they_found() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fullchain.pem");
        let decoded = decode_file(&path, &DecodeOptions::default());
        let report = inspect(
            &decoded,
            &InspectOptions::at(time::OffsetDateTime::now_utc()),
        )
        .into_iter()
        .flatten()
        .next()
        .unwrap();
        let worded: Vec<String> = report
            .chain
            .links
            .iter()
            .flat_map(|link| link.checks.iter().map(|c| check(&c.phrase)))
            .collect();
        assert!(
            worded.iter().any(|w| w
                .starts_with("Issuer C=NO, O=Certdeck Test, CN=Certdeck Test Root (key id ")
                && w.ends_with(") not found")),
            "{worded:?}"
        );
        assert!(worded.contains(&"Issuer is a CA".to_string()), "{worded:?}");
        assert!(
            worded.contains(&"0 intermediate CAs below, 0 allowed".to_string()),
            "{worded:?}"
        );
    }
}
