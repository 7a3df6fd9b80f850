//! Notification channels and what they carry: notices and their deliveries.

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
    pub fn parse(word: &str) -> Result<Format, super::invalid::Invalid> {
        match word {
            "json" => Ok(Format::Json),
            "teams" => Ok(Format::Teams),
            "slack" => Ok(Format::Slack),
            "ntfy" => Ok(Format::Ntfy),
            other => Err(super::invalid::Invalid::new(
                super::invalid::Value::Format,
                other,
                format!("{other} is not a format: json, teams, slack or ntfy"),
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

/// What one channel did with one notice.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Delivery {
    pub channel: String,
    pub notice: String,
    /// `None`: delivered; else why not.
    pub error: Option<String>,
}
