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

pub use deliver::{Delivery, deliver, digest, notices_for_pass};

use serde::{Deserialize, Serialize};

/// What a notice is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// A renewal that failed (with what certdeck did about it).
    RenewalFailed,
    /// A push that failed or was rolled back.
    PushFailed,
    /// A node serves another certificate than the one assigned to it.
    Drift,
    /// A certificate entered the warning window.
    Expiring,
    /// An expired certificate is still served (or still assigned).
    Expired,
    /// The weekly summary.
    Digest,
    /// `certdeck notify test`.
    Test,
}

impl NoticeKind {
    pub fn word(self) -> &'static str {
        match self {
            NoticeKind::RenewalFailed => "renewal failed",
            NoticeKind::PushFailed => "push failed",
            NoticeKind::Drift => "drift",
            NoticeKind::Expiring => "expiring",
            NoticeKind::Expired => "expired",
            NoticeKind::Digest => "weekly digest",
            NoticeKind::Test => "test",
        }
    }
}

/// One thing to tell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub kind: NoticeKind,
    /// One line: what happened where.
    pub title: String,
    /// The details: the reason and what certdeck did about it.
    pub body: String,
    pub node: Option<String>,
}

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

/// How a mail channel secures its connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// STARTTLS required (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No TLS: only to a relay on this machine (127.0.0.1, ::1, localhost).
    None,
}

/// A mail channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub from: String,
    pub to: Vec<String>,
    /// The login, when the relay wants one (the password is a secret).
    pub user: Option<String>,
    /// A PEM file of the CA the relay's certificate chains to, for a private CA.
    pub ca_file: Option<String>,
}

/// How a webhook's body is shaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// `{"source":"certdeck","kind":…,"title":…,"text":…,"node":…}`.
    Json,
    /// A Microsoft Teams message card.
    Teams,
    /// A Slack (or Mattermost, Rocket.Chat) incoming webhook.
    Slack,
    /// An ntfy topic: the text as the body, the title as a header.
    Ntfy,
}

impl Format {
    pub fn parse(word: &str) -> Result<Format, String> {
        match word {
            "json" => Ok(Format::Json),
            "teams" => Ok(Format::Teams),
            "slack" => Ok(Format::Slack),
            "ntfy" => Ok(Format::Ntfy),
            other => Err(format!(
                "{other} is not a format: json, teams, slack or ntfy"
            )),
        }
    }
}

/// A webhook channel; its URL is a secret, `shown` what can be listed (scheme and host).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookSettings {
    pub shown: String,
    pub format: Format,
}

/// Where a channel sends.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Transport {
    Smtp(SmtpSettings),
    Webhook(WebhookSettings),
}

/// A notification channel as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Channel {
    pub name: String,
    pub transport: Transport,
}

impl Channel {
    /// The name of its secret in `store::secrets` (`notify:INVENTORY:NAME:password|url`).
    pub fn secret_name(&self, inventory: &str) -> String {
        let what = match self.transport {
            Transport::Smtp(_) => "password",
            Transport::Webhook(_) => "url",
        };
        format!("notify:{inventory}:{}:{what}", self.name)
    }

    /// In one line, for lists (never a secret).
    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Smtp(s) => format!(
                "mail via {}:{} ({}) from {} to {}",
                s.host,
                s.port,
                match s.security {
                    Security::Starttls => "STARTTLS",
                    Security::Tls => "TLS",
                    Security::None => "no TLS, this machine only",
                },
                s.from,
                s.to.join(", ")
            ),
            Transport::Webhook(w) => format!("webhook {} ({:?})", w.shown, w.format),
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
