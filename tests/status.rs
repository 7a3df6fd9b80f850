//! Statuses at an injected time: each code fires exactly when it should.

use crate::common;

use certdeck::pki::status::{ChainState, KeyPresence, Severity};
use certdeck::pki::{StatusCode, StatusContext, assess};
use common::*;

fn codes_at(cert: &certdeck::pki::Certificate, now: time::OffsetDateTime) -> Vec<StatusCode> {
    assess(cert, &StatusContext::at(now)).codes()
}

#[test]
fn validity_window_gives_good_expiring_expired_and_not_yet_valid() {
    let ca = root("Status Root");
    let (cert, _) = leaf("status.example.com", &ca); // 2024-01-01 .. 2026-01-01

    let good = assess(&cert, &StatusContext::at(ymd(2025, 1, 1)));
    assert_eq!(good.overall, StatusCode::Good);
    assert!(good.statuses.is_empty(), "{:?}", good.statuses);
    assert_eq!(good.days_left, 365);

    let soon = assess(&cert, &StatusContext::at(ymd(2025, 12, 2)));
    assert_eq!(soon.overall, StatusCode::Expiring);
    assert_eq!(soon.days_left, 30);
    assert!(
        soon.statuses[0].reason.starts_with("30 days left"),
        "{}",
        soon.statuses[0].reason
    );
    assert_eq!(soon.statuses[0].severity, Severity::Warning);

    // 60 days is the default threshold; 61 days left is still good.
    assert_eq!(codes_at(&cert, ymd(2025, 11, 2)), [StatusCode::Expiring]);
    assert!(codes_at(&cert, ymd(2025, 11, 1)).is_empty());
    let mut wide = StatusContext::at(ymd(2025, 11, 1));
    wide.expiring_within_days = 90;
    assert_eq!(assess(&cert, &wide).codes(), [StatusCode::Expiring]);

    let expired = assess(&cert, &StatusContext::at(ymd(2026, 3, 1)));
    assert_eq!(expired.overall, StatusCode::Expired);
    assert!(expired.days_left < 0);
    assert!(expired.statuses[0].reason.contains("expired on 2026-01-01"));

    assert_eq!(codes_at(&cert, ymd(2023, 6, 1)), [StatusCode::NotYetValid]);
}

#[test]
fn self_signed_leaf_is_temporary_and_a_root_is_a_ca() {
    let (temporary, _) = self_signed(leaf_params(
        Some("pexip.local"),
        &["pexip.local"],
        ymd(2024, 1, 1),
        ymd(2030, 1, 1),
    ));
    let result = assess(&temporary, &StatusContext::at(ymd(2025, 1, 1)));
    assert_eq!(result.overall, StatusCode::Temporary);

    let ca = root("A Root").cert();
    let result = assess(&ca, &StatusContext::at(ymd(2025, 1, 1)));
    assert_eq!(result.codes(), [StatusCode::Ca]);
    assert_eq!(
        result.overall,
        StatusCode::Good,
        "the CA flag alone is information"
    );
}

#[test]
fn names_wildcards_and_empty_subjects() {
    let ca = root("Names Root");
    let at = ymd(2025, 1, 1);

    let (wild, _) = leaf_with(
        leaf_params(
            Some("*.example.com"),
            &["*.example.com"],
            ymd(2024, 1, 1),
            ymd(2026, 1, 1),
        ),
        &ca,
    );
    let result = assess(&wild, &StatusContext::at(at));
    assert_eq!(result.overall, StatusCode::Wildcard);
    assert!(result.statuses[0].reason.contains("RFC 5922"));

    let (no_san, _) = leaf_with(
        leaf_params(
            Some("nosan.example.com"),
            &[],
            ymd(2024, 1, 1),
            ymd(2026, 1, 1),
        ),
        &ca,
    );
    assert_eq!(codes_at(&no_san, at), [StatusCode::NoSan]);

    let (empty, _) = leaf_with(
        leaf_params(
            None,
            &["bare.example.com"],
            ymd(2024, 1, 1),
            ymd(2026, 1, 1),
        ),
        &ca,
    );
    assert_eq!(codes_at(&empty, at), [StatusCode::EmptySubject]);
    assert_eq!(empty.display_name(), "bare.example.com");

    // The OpenSSL fixtures agree.
    let fixture_wild = only_certificate(&decode_fixture("wildcard.pem"));
    assert!(codes_at(&fixture_wild, fixture_time()).contains(&StatusCode::Wildcard));
    let fixture_empty = only_certificate(&decode_fixture("empty-subject.pem"));
    assert!(codes_at(&fixture_empty, fixture_time()).contains(&StatusCode::EmptySubject));
}

#[test]
fn weak_keys_and_weak_signatures() {
    let old = only_certificate(&decode_fixture("rsa1024-sha1.pem"));
    let result = assess(&old, &StatusContext::at(fixture_time()));
    assert_eq!(result.overall, StatusCode::WeakSignature);
    assert!(result.has(StatusCode::WeakKey));
    assert!(result.has(StatusCode::Temporary));
    let weak_key = result
        .statuses
        .iter()
        .find(|s| s.code == StatusCode::WeakKey)
        .unwrap();
    assert_eq!(
        weak_key.reason,
        "RSA key of 1024 bits: at least 2048 are required"
    );

    let strong = only_certificate(&decode_fixture("leaf.pem"));
    let result = assess(&strong, &StatusContext::at(fixture_time()));
    assert!(!result.has(StatusCode::WeakKey) && !result.has(StatusCode::WeakSignature));
}

#[test]
fn chain_and_key_context_add_their_codes() {
    let ca = root("Context Root");
    let (cert, _) = leaf("ctx.example.com", &ca);
    let mut ctx = StatusContext::at(ymd(2025, 1, 1));
    ctx.chain = ChainState::Incomplete {
        missing: "issuer CN=X not found".into(),
    };
    ctx.key = KeyPresence::Missing;
    let result = assess(&cert, &ctx);
    assert_eq!(
        result.codes(),
        [StatusCode::IncompleteChain, StatusCode::KeyMissing]
    );
    assert_eq!(result.overall, StatusCode::IncompleteChain);
    assert!(result.statuses[0].reason.contains("issuer CN=X not found"));
    ctx.chain = ChainState::Complete;
    ctx.key = KeyPresence::Present;
    assert_eq!(assess(&cert, &ctx).overall, StatusCode::Good);
}

#[test]
fn overall_status_follows_precedence() {
    // Expired beats everything; the order of the enum is the documented precedence.
    let (cert, _) = self_signed(leaf_params(
        Some("*.old.example"),
        &["*.old.example"],
        ymd(2010, 1, 1),
        ymd(2011, 1, 1),
    ));
    let result = assess(&cert, &StatusContext::at(ymd(2025, 1, 1)));
    assert_eq!(result.overall, StatusCode::Expired);
    assert_eq!(
        result.codes(),
        [
            StatusCode::Expired,
            StatusCode::Temporary,
            StatusCode::Wildcard
        ]
    );
    let mut sorted = StatusCode::ALL.to_vec();
    sorted.sort();
    assert_eq!(sorted, StatusCode::ALL);
}
