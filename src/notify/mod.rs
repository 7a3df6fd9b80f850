//! Telling a person (issue 29): the hourly pass on a server reaches no desktop, so failures and
//! warnings go to the inventory's notification channels — mail (SMTP with STARTTLS or implicit
//! TLS and authentication, through lettre) and webhooks (JSON, Microsoft Teams, Slack, ntfy).
//!
//! A channel's settings live in the inventory (`notify_channels`); its secrets — the SMTP
//! password, the webhook's whole URL (its path is the secret for Teams, Slack and ntfy) — live
//! where the other secrets do (`store::secrets`: keychain or vault). A failing channel never
//! fails what it reports on: its failure is written to the delivery log (`notify_log`) and
//! said.

mod deliver;
mod smtp;
mod webhook;

pub use crate::model::notify::Delivery;
pub use deliver::{deliver, digest, notices_for_pass};

pub use crate::model::notify::{
    Channel, Format, Notice, NoticeKind, Security, SmtpSettings, Transport, WebhookSettings,
};

impl Notice {
    /// The notice `notify test` and the window's *Test* send: it says where it came from.
    pub fn test() -> Self {
        Notice {
            kind: NoticeKind::Test,
            title: "test notice".into(),
            body: format!(
                "This is a test from certdeck on {}: failures and warnings will arrive here.",
                whoami::fallible::hostname().unwrap_or_else(|_| "this machine".into())
            ),
            node: None,
        }
    }
}

/// What a webhook URL shows when listed: its scheme, host and port — the path and query (where
/// Teams, Slack and ntfy put the secret) are left out.
pub fn shown_url(url: &str) -> Result<String, String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| format!("{url} is not an address: {e}"))?;
    if !matches!(parsed.scheme(), "https" | "http") {
        return Err(format!("{url}: a webhook is an http(s) address"));
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| format!("{url} names no host"))?;
    Ok(match parsed.port() {
        Some(port) => format!("{}://{host}:{port}/…", parsed.scheme()),
        None => format!("{}://{host}/…", parsed.scheme()),
    })
}

/// Whether `host` is this machine (a plain-text relay is allowed only there).
pub fn is_local(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1" | "[::1]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webhook_lists_without_its_secret_path() {
        assert_eq!(
            shown_url("https://hooks.slack.com/services/T0/B0/XXXXsecret").unwrap(),
            "https://hooks.slack.com/…"
        );
        assert_eq!(
            shown_url("http://127.0.0.1:8080/topic?auth=tk_secret").unwrap(),
            "http://127.0.0.1:8080/…"
        );
        assert!(shown_url("file:///etc/passwd").is_err());
        assert!(shown_url("not a url").is_err());
    }
}
