//! `certdeck notify`: where failures and warnings go — mail and webhooks, set once per
//! inventory (issue 29).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::inventory::{open, print_json};
use super::{InventoryArgs, moment, read_password_file, runtime};
use crate::notify::{Channel, Format, Notice, Security, SmtpSettings, Transport, WebhookSettings};

#[derive(Debug, Subcommand)]
pub enum NotifyCommand {
    /// Add a channel: mail through an SMTP relay, or a webhook.
    Add(Box<AddArgs>),
    /// The channels (never their secrets).
    List {
        #[arg(long)]
        json: bool,
    },
    Remove {
        name: String,
    },
    /// Send a test notice through every channel (or one).
    Test {
        name: Option<String>,
    },
    /// What was delivered, or not, lately.
    Log {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    pub name: String,
    /// Mail: the relay, HOST or HOST:PORT (587 with STARTTLS, 465 with --tls, 25 with --no-tls).
    #[arg(long, value_name = "HOST[:PORT]", conflicts_with_all = ["webhook", "webhook_file"], required_unless_present_any = ["webhook", "webhook_file"])]
    pub smtp: Option<String>,
    /// Mail: TLS from the first byte (SMTPS) instead of STARTTLS.
    #[arg(long, requires = "smtp", conflicts_with = "no_tls")]
    pub tls: bool,
    /// Mail: no TLS at all — only to a relay on this machine.
    #[arg(long, requires = "smtp")]
    pub no_tls: bool,
    #[arg(long, requires = "smtp", value_name = "ADDRESS")]
    pub from: Option<String>,
    /// Mail: a recipient (repeatable).
    #[arg(long, requires = "smtp", value_name = "ADDRESS")]
    pub to: Vec<String>,
    /// Mail: the relay login (its password from --password-file).
    #[arg(long, requires = "smtp")]
    pub user: Option<String>,
    #[arg(long, requires = "user", value_name = "F")]
    pub password_file: Option<PathBuf>,
    /// Mail: the CA (PEM) the relay's certificate chains to, for a private CA.
    #[arg(long, requires = "smtp", value_name = "F")]
    pub ca_file: Option<PathBuf>,
    /// A webhook's URL (it usually holds a secret: --webhook-file keeps it out of the process
    /// list).
    #[arg(long, value_name = "URL", conflicts_with = "webhook_file")]
    pub webhook: Option<String>,
    /// The webhook's URL from the first line of a file (`-`: standard input).
    #[arg(long, value_name = "F")]
    pub webhook_file: Option<PathBuf>,
    /// How the webhook's body is shaped: json, teams, slack or ntfy.
    #[arg(long, default_value = "json")]
    pub format: String,
}

pub fn notify(command: NotifyCommand, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(None)?;
    let mut store = open(inventory)?;
    match command {
        NotifyCommand::Add(args) => {
            let (channel, secret) = channel(&args)?;
            store.add_channel(&channel, secret.as_deref().map(String::as_str), now)?;
            println!("channel {}: {}", channel.name, channel.describe());
            Ok(0)
        }
        NotifyCommand::List { json } => {
            let channels = store.channels()?;
            if json {
                print_json(&channels)?;
            } else if channels.is_empty() {
                println!(
                    "no notification channels: certdeck notify add NAME --smtp … | --webhook-file …"
                );
            } else {
                for channel in &channels {
                    println!("{:<16} {}", channel.name, channel.describe());
                }
            }
            Ok(0)
        }
        NotifyCommand::Remove { name } => {
            store.remove_channel(&name)?;
            println!("channel {name} removed");
            Ok(0)
        }
        NotifyCommand::Test { name } => {
            let mut targets = store.notify_targets()?;
            if let Some(name) = &name {
                targets.retain(|(c, _)| c.name == *name);
                if targets.is_empty() {
                    anyhow::bail!("no notification channel {name}");
                }
            }
            let notice = Notice::test();
            let deliveries = runtime()?.block_on(crate::notify::deliver(
                &targets,
                std::slice::from_ref(&notice),
            ));
            store.log_deliveries(&deliveries, now)?;
            let mut failed = 0;
            for delivery in &deliveries {
                match &delivery.error {
                    None => println!("{}: delivered", delivery.channel),
                    Some(error) => {
                        failed += 1;
                        eprintln!("{}: NOT delivered: {error}", delivery.channel);
                    }
                }
            }
            Ok(if failed == 0 { 0 } else { 1 })
        }
        NotifyCommand::Log { json } => {
            let log = store.notify_log(200)?;
            if json {
                print_json(&log)?;
            } else {
                for line in &log {
                    let at = time::OffsetDateTime::from_unix_timestamp(line.at)
                        .map(crate::store::journal::rfc3339)
                        .unwrap_or_default();
                    println!("{at}\t{}\t{}\t{}", line.channel, line.notice, line.result);
                }
            }
            Ok(0)
        }
    }
}

/// The channel the arguments describe, and its secret.
fn channel(args: &AddArgs) -> anyhow::Result<(Channel, Option<zeroize::Zeroizing<String>>)> {
    if let Some(relay) = &args.smtp {
        let security = if args.tls {
            Security::Tls
        } else if args.no_tls {
            Security::None
        } else {
            Security::Starttls
        };
        let (host, port) = match relay.rsplit_once(':') {
            Some((host, port)) if !host.contains(':') || host.starts_with('[') => (
                host.trim_matches(['[', ']']).to_string(),
                port.parse()
                    .map_err(|_| anyhow::anyhow!("{relay}: the port is not a number"))?,
            ),
            _ => (
                relay.clone(),
                match security {
                    Security::Starttls => 587,
                    Security::Tls => 465,
                    Security::None => 25,
                },
            ),
        };
        if security == Security::None && !crate::notify::is_local(&host) {
            anyhow::bail!(
                "{host}: mail without TLS goes only to a relay on this machine (127.0.0.1, ::1, localhost)"
            );
        }
        let from = args
            .from
            .clone()
            .ok_or_else(|| anyhow::anyhow!("mail needs --from ADDRESS"))?;
        if args.to.is_empty() {
            anyhow::bail!("mail needs at least one --to ADDRESS");
        }
        let password = args
            .password_file
            .as_deref()
            .map(read_password_file)
            .transpose()?;
        let settings = SmtpSettings {
            host,
            port,
            security,
            from,
            to: args.to.clone(),
            user: args.user.clone(),
            ca_file: args.ca_file.as_ref().map(|f| f.display().to_string()),
        };
        return Ok((
            Channel {
                name: args.name.clone(),
                transport: Transport::Smtp(settings),
            },
            password,
        ));
    }
    let url = match (&args.webhook, &args.webhook_file) {
        (Some(url), _) => {
            super::warn_secret_argument("--webhook", "--webhook-file");
            zeroize::Zeroizing::new(url.clone())
        }
        (None, Some(file)) => read_password_file(file)?,
        (None, None) => anyhow::bail!("give --smtp HOST or --webhook-file F"),
    };
    let shown = crate::notify::shown_url(&url).map_err(anyhow::Error::msg)?;
    let parsed = reqwest::Url::parse(&url)?;
    if parsed.scheme() == "http" && !crate::notify::is_local(parsed.host_str().unwrap_or_default())
    {
        anyhow::bail!(
            "{shown}: a webhook's URL holds its secret: https only (http to this machine only)"
        );
    }
    let format = Format::parse(&args.format).map_err(anyhow::Error::msg)?;
    Ok((
        Channel {
            name: args.name.clone(),
            transport: Transport::Webhook(WebhookSettings { shown, format }),
        },
        Some(url),
    ))
}
