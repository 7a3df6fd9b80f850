//! Sending notices to every channel, and what a renewal pass has to tell.

use std::time::Duration;

use zeroize::Zeroizing;

use super::{Channel, Delivery, Notice, NoticeKind, Transport};
use crate::store::report::{AlarmEntry, AlarmKind};

/// How long one channel may take for one notice: the whole mail (connection, TLS, login,
/// data), or each webhook try.
const TIMEOUT: Duration = Duration::from_secs(30);

/// How long all of a pass's deliveries may take together: a relay that accepts and then stays
/// silent must not keep the pass (and with it the next hourly run) waiting.
const ALL_DELIVERIES: Duration = Duration::from_secs(300);

/// Alarm lines one notice lists at most (the rest are counted).
const MOST_LINES: usize = 50;

/// Sends every notice through every channel (each with its secret, read beforehand). Never
/// fails: a channel that cannot be reached is a [`Delivery`] with its error.
pub async fn deliver(
    channels: &[(Channel, Option<Zeroizing<String>>)],
    notices: &[Notice],
) -> Vec<Delivery> {
    let mut deliveries = Vec::new();
    let deadline = tokio::time::Instant::now() + ALL_DELIVERIES;
    for notice in notices {
        for (channel, secret) in channels {
            let send = async {
                match &channel.transport {
                    Transport::Smtp(settings) => {
                        let password = secret.as_deref().map(String::as_str);
                        super::smtp::send(settings, password, notice, TIMEOUT).await
                    }
                    Transport::Webhook(settings) => match secret {
                        Some(url) => {
                            super::webhook::send(url, settings.format, notice, TIMEOUT).await
                        }
                        None => Err("its URL is not stored (certdeck notify add again)".into()),
                    },
                }
            };
            // Each delivery whole, and all of them together, are bounded: lettre bounds only
            // the TCP connection, and a webhook retries.
            let limit = TIMEOUT
                .saturating_mul(4)
                .min(deadline.saturating_duration_since(tokio::time::Instant::now()));
            let sent = match tokio::time::timeout(limit, send).await {
                Ok(sent) => sent,
                Err(_) => Err(format!("no answer within {} s: given up", limit.as_secs())),
            };
            deliveries.push(Delivery {
                channel: channel.name.clone(),
                notice: notice.title.clone(),
                error: sent.err(),
            });
        }
    }
    deliveries
}

/// What a renewal pass tells: each node whose renewal or push failed (with the reason and what
/// certdeck did: the new certificate kept, the node rolled back, when it tries again), and the
/// alarms not told before that a person must act on — drift, a certificate entering the
/// warning window, an expired one still in use.
pub fn notices_for_pass(
    reports: &[crate::acme::renew::NodeReport],
    fresh_alarms: &[AlarmEntry],
) -> Vec<Notice> {
    let mut notices = Vec::new();
    for report in reports.iter().filter(|r| r.failed()) {
        let pushing = report.detail.contains("the new certificate is kept")
            || report.detail.contains("rolled back")
            || report.detail.contains("push");
        let kind = if pushing {
            NoticeKind::PushFailed
        } else {
            NoticeKind::RenewalFailed
        };
        let next = report
            .next
            .as_deref()
            .map(|next| format!("\n\ncertdeck tries again at {next}."))
            .unwrap_or_default();
        notices.push(Notice {
            kind,
            title: format!("{} on {}", kind.word(), report.node),
            body: format!("{}: {}{next}", report.node, report.detail),
            node: Some(report.node.clone()),
        });
    }
    // The alarms a person must act on, in one notice per kind (a scan can find thousands of
    // expiring certificates on the network: one message, not thousands).
    for kind in [NoticeKind::Expired, NoticeKind::Drift, NoticeKind::Expiring] {
        let of_kind: Vec<&AlarmEntry> = fresh_alarms
            .iter()
            .filter(|alarm| told_as(alarm.kind) == Some(kind))
            .collect();
        let Some(first) = of_kind.first() else {
            continue;
        };
        let title = match of_kind.len() {
            1 => format!("{}: {}", kind.word(), first.subject),
            n => format!("{}: {n} certificates or nodes", kind.word()),
        };
        let mut lines: Vec<String> = of_kind
            .iter()
            .take(MOST_LINES)
            .map(|a| a.message.clone())
            .collect();
        if of_kind.len() > MOST_LINES {
            lines.push(format!(
                "… and {} more (certdeck alarms lists them all)",
                of_kind.len() - MOST_LINES
            ));
        }
        notices.push(Notice {
            kind,
            title,
            body: lines.join("\n"),
            node: if of_kind.len() == 1 {
                first.node.clone()
            } else {
                None
            },
        });
    }
    notices
}

/// Which notice an alarm is told in, if any.
fn told_as(kind: AlarmKind) -> Option<NoticeKind> {
    match kind {
        AlarmKind::Drift => Some(NoticeKind::Drift),
        AlarmKind::Expiring | AlarmKind::UnmanagedExpiring => Some(NoticeKind::Expiring),
        AlarmKind::Expired => Some(NoticeKind::Expired),
        _ => None,
    }
}

/// The weekly digest: every current alarm, by kind, so a quiet week is seen to be quiet.
pub fn digest(alarms: &[AlarmEntry]) -> Notice {
    let body = if alarms.is_empty() {
        "No alarms: every node has its certificate, no certificate expires within the warning \
         window, every chain is complete."
            .to_string()
    } else {
        let mut lines = vec![format!("{} alarm(s):", alarms.len())];
        lines.extend(
            alarms
                .iter()
                .take(MOST_LINES)
                .map(|a| format!("- {}", a.message)),
        );
        if alarms.len() > MOST_LINES {
            lines.push(format!("- … and {} more", alarms.len() - MOST_LINES));
        }
        lines.join("\n")
    };
    Notice {
        kind: NoticeKind::Digest,
        title: format!("weekly digest: {} alarm(s)", alarms.len()),
        body,
        node: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::acme::renew::NodeReport;

    #[test]
    fn failures_and_the_alarms_a_person_must_act_on_become_notices() {
        let reports = [
            NodeReport {
                node: "sip1".into(),
                outcome: "failed".into(),
                detail: "the new certificate is kept; the push was rolled back: reload failed"
                    .into(),
                certificate_id: Some(7),
                next: Some("2026-12-07T04:00:00Z".into()),
            },
            NodeReport {
                node: "web1".into(),
                outcome: "renewed".into(),
                detail: "ok".into(),
                certificate_id: Some(8),
                next: None,
            },
        ];
        let alarm = |kind, subject: &str| AlarmEntry {
            kind,
            subject: subject.into(),
            certificate_id: None,
            node: Some("sip1".into()),
            endpoint: None,
            message: format!("{subject} needs a look"),
        };
        let alarms = [
            alarm(AlarmKind::Drift, "sip1"),
            alarm(AlarmKind::Expiring, "sip1.example.com"),
            alarm(AlarmKind::IncompleteChain, "lab"),
        ];
        let notices = notices_for_pass(&reports, &alarms);
        let kinds: Vec<NoticeKind> = notices.iter().map(|n| n.kind).collect();
        assert_eq!(
            kinds,
            [
                NoticeKind::PushFailed,
                NoticeKind::Drift,
                NoticeKind::Expiring
            ]
        );
        assert!(
            notices[0]
                .body
                .contains("tries again at 2026-12-07T04:00:00Z")
        );
    }
}
