//! Whether a node's certificate is due, and what a renewal pass does with the node now: order,
//! push a waiting certificate, hold it for the maintenance window, or wait (back-off, the CA's
//! rate limit). Pure: the store's facts and an injected time in, a decision out.

use time::{Duration, OffsetDateTime};

use crate::store::acme::{Issuer, IssuerState};

/// What to do with a node now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    NotDue {
        at: OffsetDateTime,
    },
    /// Nothing to do before `until` (back-off after a failure, the CA's rate limit).
    Waiting {
        until: OffsetDateTime,
        why: String,
    },
    Order {
        why: String,
    },
    /// A certificate is waiting to be pushed, and the window is open.
    Push {
        certificate_id: i64,
    },
    /// A certificate is waiting for the window.
    HoldForWindow {
        certificate_id: i64,
        opens: Option<OffsetDateTime>,
    },
}

/// The current certificate's validity, as the decision needs it.
#[derive(Clone, Copy, Debug)]
pub struct Validity {
    pub not_before: i64,
    pub not_after: i64,
}

/// When a certificate is due: the CA's suggested window (ARI) when known, otherwise after
/// `fraction` of its lifetime.
pub fn due_at(validity: Validity, state: &IssuerState, fraction: f64) -> OffsetDateTime {
    let at = match state.ari_start {
        Some(start) => start,
        None => {
            let life = (validity.not_after - validity.not_before).max(0) as f64;
            validity.not_before + (life * fraction.clamp(0.05, 0.95)) as i64
        }
    };
    moment(at)
}

fn moment(at: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(at).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The decision for one node (pure: the store's facts and the injected time in, a verdict out).
pub fn decide(
    issuer: &Issuer,
    current: Option<Validity>,
    rate_limited_until: Option<i64>,
    force: bool,
    now: OffsetDateTime,
) -> Decision {
    let stamp = now.unix_timestamp();
    if let Some(certificate_id) = issuer.state.pending_certificate_id {
        if let Some(window) = &issuer.window
            && !window.contains(now)
        {
            return Decision::HoldForWindow {
                certificate_id,
                opens: window.next_open(now),
            };
        }
        // The back-off announced after a failed push holds for the push too (issue 29); a
        // forced renewal pushes now.
        if !force && let Some(next) = issuer.state.next_attempt.filter(|n| *n > stamp) {
            return Decision::Waiting {
                until: moment(next),
                why: format!(
                    "pushing the new certificate failed ({} in a row); it is pushed again then",
                    issuer.state.failures
                ),
            };
        }
        return Decision::Push { certificate_id };
    }
    if let Some(until) = rate_limited_until.filter(|u| *u > stamp) {
        return Decision::Waiting {
            until: moment(until),
            why: "the CA rate-limits this account".into(),
        };
    }
    if force {
        return Decision::Order {
            why: "renewal forced".into(),
        };
    }
    if let Some(next) = issuer.state.next_attempt.filter(|n| *n > stamp) {
        return Decision::Waiting {
            until: moment(next),
            why: format!(
                "the last attempt failed ({} in a row); retried then",
                issuer.state.failures
            ),
        };
    }
    let Some(validity) = current else {
        return Decision::Order {
            why: "the node has no certificate yet".into(),
        };
    };
    if validity.not_after <= stamp {
        return Decision::Order {
            why: "the certificate has expired".into(),
        };
    }
    let due = due_at(validity, &issuer.state, issuer.renew_fraction);
    if now >= due {
        let why = if issuer.state.ari_start.is_some() {
            "inside the CA's suggested renewal window (ARI)".to_string()
        } else {
            format!(
                "{:.0} % of its lifetime has passed",
                issuer.renew_fraction * 100.0
            )
        };
        Decision::Order { why }
    } else {
        Decision::NotDue { at: due }
    }
}

/// Back-off after `failures` failures in a row: 1 h, 2 h, 4 h … at most a day; inside a
/// maintenance window the retry is the window's next opening after that.
pub(super) fn retry_at(issuer: &Issuer, failures: i64, now: OffsetDateTime) -> OffsetDateTime {
    let hours = 1i64 << failures.clamp(1, 5).saturating_sub(1);
    let after = now + Duration::hours(hours.min(24));
    match &issuer.window {
        Some(window) => window.next_open(after).unwrap_or(after),
        None => after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::acme::{Challenge, KeyPolicy};
    use time::macros::datetime;

    fn issuer() -> Issuer {
        Issuer {
            node: "n".into(),
            account: "a".into(),
            challenge: Challenge::Http01Listen {
                listen: "127.0.0.1:0".into(),
            },
            profile: None,
            key_policy: KeyPolicy::New,
            key_type: "p256".into(),
            csr_id: None,
            window: None,
            renew_fraction: super::super::DEFAULT_RENEW_FRACTION,
            rehearse_with: None,
            state: IssuerState::default(),
        }
    }

    fn validity(from: OffsetDateTime, days: i64) -> Validity {
        Validity {
            not_before: from.unix_timestamp(),
            not_after: (from + Duration::days(days)).unix_timestamp(),
        }
    }

    #[test]
    fn due_after_two_thirds_of_the_lifetime_without_ari() {
        let issued = datetime!(2026-11-01 00:00 UTC);
        let v = validity(issued, 90);
        let i = issuer();
        assert_eq!(
            decide(&i, Some(v), None, false, issued + Duration::days(59)),
            Decision::NotDue {
                at: issued + Duration::days(60)
            }
        );
        assert!(matches!(
            decide(&i, Some(v), None, false, issued + Duration::days(60)),
            Decision::Order { .. }
        ));
    }

    #[test]
    fn the_ca_window_wins_over_the_fraction() {
        let issued = datetime!(2026-11-01 00:00 UTC);
        let mut i = issuer();
        i.state.ari_start = Some((issued + Duration::days(10)).unix_timestamp());
        i.state.ari_end = Some((issued + Duration::days(12)).unix_timestamp());
        assert!(matches!(
            decide(&i, Some(validity(issued, 90)), None, false, issued + Duration::days(10)),
            Decision::Order { why } if why.contains("ARI")
        ));
    }

    #[test]
    fn a_failed_push_waits_for_its_back_off_unless_forced() {
        let now = datetime!(2026-12-02 12:00 UTC);
        let mut i = issuer();
        i.state.pending_certificate_id = Some(7);
        i.state.failures = 1;
        i.state.next_attempt = Some((now + Duration::hours(1)).unix_timestamp());
        assert!(matches!(
            decide(&i, None, None, false, now),
            Decision::Waiting { why, .. } if why.contains("pushed again")
        ));
        assert_eq!(
            decide(&i, None, None, true, now),
            Decision::Push { certificate_id: 7 }
        );
        assert_eq!(
            decide(&i, None, None, false, now + Duration::hours(1)),
            Decision::Push { certificate_id: 7 }
        );
    }

    #[test]
    fn back_off_rate_limits_and_windows_hold_the_node() {
        let now = datetime!(2026-12-02 12:00 UTC); // a Wednesday
        let mut i = issuer();
        i.state.failures = 2;
        i.state.next_attempt = Some((now + Duration::hours(2)).unix_timestamp());
        assert!(matches!(
            decide(&i, None, None, false, now),
            Decision::Waiting { .. }
        ));
        // --force goes past a back-off, never past the CA's rate limit.
        assert!(matches!(
            decide(&i, None, None, true, now),
            Decision::Order { .. }
        ));
        let limited = Some((now + Duration::hours(1)).unix_timestamp());
        assert!(matches!(
            decide(&i, None, limited, true, now),
            Decision::Waiting { .. }
        ));
        // Obtained certificates wait for the window.
        i.state.pending_certificate_id = Some(7);
        i.window =
            Some(super::super::Window::parse("Sat,Sun 01:00-05:00", time::UtcOffset::UTC).unwrap());
        assert_eq!(
            decide(&i, None, None, false, now),
            Decision::HoldForWindow {
                certificate_id: 7,
                opens: Some(datetime!(2026-12-05 01:00 UTC))
            }
        );
        assert_eq!(
            decide(&i, None, None, false, datetime!(2026-12-05 02:00 UTC)),
            Decision::Push { certificate_id: 7 }
        );
        // A retry after a failure inside a window waits for the next opening.
        assert_eq!(retry_at(&i, 1, now), datetime!(2026-12-05 01:00 UTC));
    }
}
