//! Status explanations in the window's language. The engine's `Status::reason` is English (the
//! command line and JSON keep it); the window words each status from its code and the
//! certificate's own fields instead.

use super::i18n;
use crate::fl;
use crate::pki::chain::ChainEnd;
use crate::pki::status::Status;
use crate::pki::{CertificateReport, StatusCode};

/// Why a certificate has `status`, in the user's language.
pub fn status_reason(status: &Status, report: &CertificateReport) -> String {
    let cert = &report.cert;
    let days_left = report.assessment.days_left;
    match status.code {
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
            Some(limit) => fl!("reason-ca-path-length", limit = limit),
            None => fl!("reason-ca"),
        },
        StatusCode::Good => fl!("status-good"),
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
}
