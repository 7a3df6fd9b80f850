//! `certdeck acme …` (accounts, issuers, revocation), `certdeck dns …` (RFC 2136 servers),
//! `certdeck renew` (one pass of the renewal pipeline) and `certdeck schedule …` (the OS
//! scheduler's entry for it). Thin: the work is in [`crate::acme`].

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use time::UtcOffset;

use super::inventory::{open, print_json};
use super::{InventoryArgs, cancel_on_ctrl_c, moment, read_password_file, runtime};
use crate::acme::client::{self, Eab, Reason};
use crate::acme::renew::{self, Keychain, NodeReport, Options, RenewEvent, Selection};
use crate::acme::{Challenge, DEFAULT_RENEW_FRACTION, KeyPolicy, Window, directory_url, schedule};
use crate::push::journal::Journal;
use crate::store::acme::{DnsServer, Issuer, IssuerState, NewAcmeAccount};

#[derive(Debug, Subcommand)]
pub enum AcmeCommand {
    /// ACME accounts: add (with the CA's terms agreed), list, deactivate.
    #[command(subcommand)]
    Account(AccountCommand),
    /// What a CA's directory offers: terms of service, EAB, profiles, renewal information.
    Directory {
        /// The directory URL, or a known CA: letsencrypt, letsencrypt-staging, zerossl, google,
        /// buypass, buypass-staging.
        url: String,
        #[arg(long, value_name = "PEM")]
        ca_root: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// How a node gets its certificates: account, challenge, profile, key, maintenance window.
    Issuer(IssuerArgs),
    /// The nodes' issuers and where their renewals stand.
    Issuers {
        #[arg(long)]
        json: bool,
    },
    /// Revoke a certificate obtained with an account.
    Revoke {
        /// The certificate (inventory id or fingerprint).
        certificate: String,
        #[arg(long)]
        account: String,
        #[arg(long, value_enum, default_value = "unspecified")]
        reason: Reason,
    },
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Register an account with a CA (its key is sealed in the vault).
    Add(AccountAddArgs),
    List {
        #[arg(long)]
        json: bool,
    },
    /// Deactivate the account at the CA: it can never order again.
    Deactivate { name: String },
}

#[derive(Debug, Args)]
pub struct AccountAddArgs {
    /// A name for the account in certdeck.
    pub name: String,
    /// The CA's directory URL, or a known CA (see `certdeck acme directory`).
    #[arg(long)]
    pub directory: String,
    /// Contact e-mail (repeatable): the CA writes here about expiry and incidents.
    #[arg(long, value_name = "EMAIL")]
    pub contact: Vec<String>,
    /// Agree to the CA's terms of service (read them first: `certdeck acme directory URL`).
    #[arg(long)]
    pub agree_terms: bool,
    /// External Account Binding key id, for CAs that require one (ZeroSSL, Google, many
    /// internal CAs).
    #[arg(long, value_name = "KID", requires = "eab_hmac_file")]
    pub eab_kid: Option<String>,
    /// A file holding the EAB HMAC key (base64url) the CA gave.
    #[arg(long, value_name = "F", requires = "eab_kid")]
    pub eab_hmac_file: Option<PathBuf>,
    /// The root certificate (PEM) of an internal CA's own HTTPS (step-ca, a lab CA). It checks
    /// the CA's HTTPS only: the certificates the CA issues are trusted once their issuing root
    /// is (--trust-issuing-root, or `certdeck trust add ROOT.pem`).
    #[arg(long, value_name = "PEM")]
    pub ca_root: Option<PathBuf>,
    /// The CA issues under the same root as its HTTPS (step-ca's default): show that root's
    /// fingerprint and trust it in the inventory, so what the CA issues is verified and pushed
    /// as trusted.
    #[arg(long, requires = "ca_root", conflicts_with = "issuing_root_url")]
    pub trust_issuing_root: bool,
    /// The CA issues under another root than its HTTPS: fetch it from where the CA publishes
    /// it (step-ca: https://CA:9000/roots.pem; Pebble: https://HOST:15000/roots/0), over
    /// HTTPS checked with --ca-root, show its fingerprint and trust it.
    #[arg(long, value_name = "URL")]
    pub issuing_root_url: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ChallengeArg {
    /// DNS-01 by RFC 2136 update to a DNS server (`--dns-server`); CNAME delegation followed.
    Dns01,
    /// DNS-01 by hand: the record is shown; certdeck waits for the authoritative servers.
    Manual,
    /// HTTP-01 answered by a listener on this machine (`--listen`).
    Http01Listen,
    /// HTTP-01 through the node's driver into its web root (`--webroot`).
    Http01Webroot,
}

#[derive(Debug, Args)]
pub struct IssuerArgs {
    pub node: String,
    /// Take the node's ACME issuer away (its certificates stay).
    #[arg(long, conflicts_with_all = ["account", "challenge"])]
    pub remove: bool,
    #[arg(long, required_unless_present = "remove")]
    pub account: Option<String>,
    #[arg(long, value_enum, required_unless_present = "remove")]
    pub challenge: Option<ChallengeArg>,
    /// The DNS server (`certdeck dns add`) for dns01.
    #[arg(long, value_name = "NAME")]
    pub dns_server: Option<String>,
    /// The authoritative servers to check for manual DNS-01 (host[:port], repeatable).
    #[arg(long, value_name = "HOST:PORT")]
    pub check_server: Vec<String>,
    /// Address:port of the HTTP-01 listener (port 80 must reach it).
    #[arg(long, value_name = "ADDR:PORT", default_value = "0.0.0.0:80")]
    pub listen: String,
    /// The node's web root for HTTP-01 (absolute path on the node).
    #[arg(long, value_name = "PATH")]
    pub webroot: Option<String>,
    /// The CA's profile (`certdeck acme directory` lists them), e.g. tlsserver, shortlived.
    #[arg(long)]
    pub profile: Option<String>,
    #[arg(long, value_enum, default_value = "new")]
    pub key: KeyPolicy,
    /// Type of new keys.
    #[arg(long, value_enum, default_value = "p256")]
    pub key_type: super::authority::KeyArg,
    /// The appliance's own request (an id from `certdeck csr list`), with --key csr.
    #[arg(long, value_name = "ID")]
    pub csr_id: Option<i64>,
    /// Maintenance window: when a push may happen, e.g. "Sat,Sun 01:00-05:00" (local time).
    #[arg(long, value_name = "DAYS HH:MM-HH:MM")]
    pub window: Option<String>,
    /// Without the CA's renewal information, renew after this part of the lifetime.
    #[arg(long, default_value_t = DEFAULT_RENEW_FRACTION, value_name = "FRACTION")]
    pub renew_at: f64,
    /// Rehearse the setup at this (staging) account before the node's CA is asked, until a
    /// rehearsal passes; again whenever the account or challenge changes.
    #[arg(long, value_name = "ACCOUNT")]
    pub rehearse_with: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum DnsCommand {
    /// A DNS server taking RFC 2136 updates with a TSIG key (its secret goes to the keychain).
    Add(DnsAddArgs),
    List {
        #[arg(long)]
        json: bool,
    },
    /// Replace a DNS server's TSIG secret in place (a rotated key), where it lives now.
    SetSecret {
        name: String,
        /// The new TSIG secret (base64), first line of this file; `-` reads standard input.
        #[arg(long, value_name = "F")]
        secret_file: std::path::PathBuf,
    },
    /// Send the server an update signed with the stored TSIG key that changes nothing (its only
    /// prerequisite: the zone's SOA exists): exit 0 when it takes it, 1 when it refuses the key
    /// or is not the zone's primary.
    Test {
        name: String,
    },
    Remove {
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct DnsAddArgs {
    pub name: String,
    /// host:port of the zone's primary (port 53 when left out).
    #[arg(long)]
    pub server: String,
    #[arg(long)]
    pub zone: String,
    #[arg(long)]
    pub key_name: String,
    #[arg(long, default_value = "hmac-sha256")]
    pub algorithm: String,
    /// A file holding the TSIG secret (base64, as `tsig-keygen` prints it).
    #[arg(long, value_name = "F")]
    pub secret_file: PathBuf,
    /// The zone's authoritative servers to check before the CA is told (default: its NS).
    #[arg(long, value_name = "HOST:PORT")]
    pub check_server: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RenewArgs {
    /// Nodes to renew now (with --force); without names, every node with an issuer.
    pub nodes: Vec<String>,
    /// One pass over every node: renew what is due (what the scheduler runs).
    #[arg(long, conflicts_with = "force")]
    pub due: bool,
    /// Renew the named nodes now, whatever their dates.
    #[arg(long, requires = "nodes")]
    pub force: bool,
    /// Say what would be done; order nothing, push nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Show the renewal log instead.
    #[arg(long, conflicts_with_all = ["due", "force", "dry_run"])]
    pub log: bool,
    /// Judge at this time instead of now (RFC 3339).
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    #[arg(long, default_value_t = 8)]
    pub parallel: usize,
    #[arg(long)]
    pub json: bool,
    /// A team's database: each push takes its node's lock there first and is logged there.
    #[arg(long, env = "CERTDECK_TEAM_URL", value_name = "URL")]
    pub team_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Install the OS scheduler's entry running `certdeck renew --due` every hour (as you; with
    /// --service-user, system-wide as that account: run as root).
    Install {
        /// System-wide, as this service account (Linux: a systemd system timer with `User=`
        /// and the vault passphrase file as a credential, or /etc/cron.d without systemd;
        /// Windows: a Task Scheduler task run as the account whether or not anyone is logged
        /// on, the passphrase file readable by that account only).
        #[arg(long, value_name = "USER")]
        service_user: Option<String>,
    },
    Status,
    Remove {
        /// The system-wide entry (as root).
        #[arg(long)]
        service_user: bool,
    },
    /// Print the entry for this system (or another) without installing it.
    Show {
        /// linux (systemd), cron, windows or macos (launchd).
        #[arg(long, value_enum)]
        system: Option<SystemArg>,
        /// The system-wide entry for this service account.
        #[arg(long, value_name = "USER")]
        service_user: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SystemArg {
    #[value(alias = "linux")]
    Systemd,
    Cron,
    Windows,
    #[value(alias = "macos")]
    Launchd,
}

fn read_pem(path: &Option<PathBuf>) -> anyhow::Result<Option<String>> {
    path.as_ref()
        .map(|p| std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display())))
        .transpose()
}

pub fn acme(command: AcmeCommand, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    match command {
        AcmeCommand::Account(AccountCommand::Add(args)) => add_account(&args, inventory),
        AcmeCommand::Account(AccountCommand::List { json }) => {
            let store = open(inventory)?;
            let accounts = store.acme_accounts()?;
            if json {
                print_json(&accounts)?;
            } else {
                let mut out = crate::sanitize::Visible::new(std::io::stdout().lock());
                for a in &accounts {
                    let state = if a.deactivated_at.is_some() {
                        " (deactivated)"
                    } else {
                        ""
                    };
                    writeln!(
                        out,
                        "{}{state}\t{}\t{}",
                        a.name,
                        a.directory_url,
                        a.contact.join(", ")
                    )?;
                }
            }
            Ok(0)
        }
        AcmeCommand::Account(AccountCommand::Deactivate { name }) => {
            let mut store = open(inventory)?;
            let (account, credentials) = store.acme_login(&name)?;
            runtime()?.block_on(async {
                client::deactivate(client::connect(&account, &credentials).await?).await
            })?;
            store.deactivate_acme_account(&name, moment(None)?)?;
            println!("account {name} deactivated at the CA");
            Ok(0)
        }
        AcmeCommand::Directory { url, ca_root, json } => {
            let root = read_pem(&ca_root)?;
            let url = directory_url(&url);
            let info = runtime()?.block_on(client::directory(&url, root.as_deref()))?;
            if json {
                print_json(&info)?;
            } else {
                let mut out = crate::sanitize::Visible::new(std::io::stdout().lock());
                writeln!(out, "directory: {url}")?;
                writeln!(
                    out,
                    "terms of service: {}",
                    info.terms_of_service.as_deref().unwrap_or("(none given)")
                )?;
                writeln!(
                    out,
                    "external account binding required: {}",
                    if info.external_account_required {
                        "yes"
                    } else {
                        "no"
                    }
                )?;
                writeln!(
                    out,
                    "renewal information (ARI): {}",
                    if info.renewal_info { "yes" } else { "no" }
                )?;
                if info.profiles.is_empty() {
                    writeln!(out, "profiles: none")?;
                }
                for (name, description) in &info.profiles {
                    writeln!(out, "profile {name}: {description}")?;
                }
            }
            Ok(0)
        }
        AcmeCommand::Issuer(args) => set_issuer(&args, inventory),
        AcmeCommand::Issuers { json } => {
            let store = open(inventory)?;
            if json {
                print_json(&store.issuers()?)?;
                return Ok(0);
            }
            let now = moment(None)?;
            let mut out = crate::sanitize::Visible::new(std::io::stdout().lock());
            for o in crate::acme::outlook::outlook(&store, now)? {
                let i = &o.issuer;
                let window = i
                    .window
                    .as_ref()
                    .map(Window::describe)
                    .unwrap_or_else(|| "any time".into());
                let last = i.state.last_result.as_deref().unwrap_or("never run");
                let next = crate::store::journal::rfc3339(o.next_action(now));
                writeln!(
                    out,
                    "{}\t{}\t{}\twindow: {window}\tnext: {next}\tlast: {last}",
                    i.node,
                    i.account,
                    i.challenge.describe()
                )?;
            }
            Ok(0)
        }
        AcmeCommand::Revoke {
            certificate,
            account,
            reason,
        } => {
            let mut store = open(inventory)?;
            let (_, cert) = store.find(&certificate)?;
            let (account, credentials) = store.acme_login(&account)?;
            runtime()?.block_on(async {
                client::revoke(
                    &client::connect(&account, &credentials).await?,
                    cert.der(),
                    reason,
                )
                .await
            })?;
            println!("revoked {} ({reason:?})", cert.subject);
            Ok(0)
        }
    }
}

fn add_account(args: &AccountAddArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let mut store = open(inventory)?;
    let url = directory_url(&args.directory);
    let root = read_pem(&args.ca_root)?;
    let hmac = args
        .eab_hmac_file
        .as_deref()
        .map(read_password_file)
        .transpose()?;
    let eab = match (&args.eab_kid, &hmac) {
        (Some(kid), Some(key)) => Some(Eab {
            kid,
            hmac_key_b64: key,
        }),
        _ => None,
    };
    // Unlock the vault before the CA is asked: an account it cannot keep is never made.
    store.vault()?;
    // The issuing root first: a root that cannot be had leaves no account behind.
    let issuing_root = match &args.issuing_root_url {
        Some(url) => {
            let ders = runtime()?.block_on(client::issuing_roots(url, root.as_deref()))?;
            Some((url, ders))
        }
        None => None,
    };
    let created = runtime()?.block_on(client::create_account(
        &url,
        &args.contact,
        args.agree_terms,
        eab,
        root.as_deref(),
    ))?;
    store.add_acme_account(
        &NewAcmeAccount {
            name: &args.name,
            directory_url: &url,
            contact: &args.contact,
            account_url: &created.account_url,
            credentials: &created.credentials,
            ca_root_pem: root.as_deref(),
            eab_kid: args.eab_kid.as_deref(),
        },
        moment(None)?,
    )?;
    println!(
        "account {} registered at {url}: {}",
        args.name, created.account_url
    );
    if let Some((url, ders)) = issuing_root {
        let text: String = ders
            .iter()
            .map(|der| crate::pki::pem::encode("CERTIFICATE", der))
            .collect();
        trust_issuing_root(
            &mut store,
            crate::store::ImportInput::Text {
                name: url.clone(),
                text,
            },
            url,
        )?;
        return Ok(0);
    }
    match (&args.ca_root, args.trust_issuing_root) {
        (Some(file), true) => trust_issuing_root(
            &mut store,
            crate::store::ImportInput::Path(file.to_path_buf()),
            &file.display().to_string(),
        )?,
        (Some(file), false) => eprintln!(
            "note: {} checks the CA's HTTPS only; what the CA issues is trusted once its issuing \
             root is (--trust-issuing-root when it is the same root, --issuing-root-url URL \
             where the CA publishes another, or certdeck trust add ROOT.pem)",
            file.display()
        ),
        (None, _) => {}
    }
    Ok(0)
}

/// Trusts the CA certificates of `input` (an internal CA's root, from `source`), saying each
/// one's SHA-256 fingerprint: what an administrator compares with the CA's own.
fn trust_issuing_root(
    store: &mut crate::store::Inventory,
    input: crate::store::ImportInput,
    source: &str,
) -> anyhow::Result<()> {
    use crate::store::NoPasswords;
    let now = moment(None)?;
    let report = store.import(
        &[input],
        &crate::pki::DecodeOptions::default(),
        &mut NoPasswords,
        now,
    )?;
    let mut roots = Vec::new();
    for id in report
        .outcomes
        .iter()
        .filter(|o| o.kind == "certificate")
        .filter_map(|o| o.id)
    {
        let (row, _) = store.find(&id.to_string())?;
        if row.facts.is_ca {
            println!(
                "trusting the issuing root {}\n  SHA-256 {}",
                row.subject,
                crate::pki::display::colon_hex_text(&row.fingerprint_sha256)
            );
            roots.push(id);
        }
    }
    if roots.is_empty() {
        anyhow::bail!("{source} holds no CA certificate to trust");
    }
    store.trust_many(&roots, now)?;
    Ok(())
}

fn set_issuer(args: &IssuerArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let mut store = open(inventory)?;
    if args.remove {
        store.remove_issuer(&args.node)?;
        println!("node {} has no ACME issuer any more", args.node);
        return Ok(0);
    }
    let challenge = match args.challenge {
        Some(ChallengeArg::Dns01) => Challenge::Dns01 {
            server: args
                .dns_server
                .clone()
                .context("--challenge dns01 needs --dns-server")?,
        },
        Some(ChallengeArg::Manual) => {
            if args.check_server.is_empty() {
                anyhow::bail!(
                    "--challenge manual needs --check-server (the zone's authoritative servers)"
                );
            }
            Challenge::Manual {
                check_servers: args.check_server.clone(),
            }
        }
        Some(ChallengeArg::Http01Listen) => Challenge::Http01Listen {
            listen: args.listen.clone(),
        },
        Some(ChallengeArg::Http01Webroot) => Challenge::Http01Webroot {
            webroot: args
                .webroot
                .clone()
                .context("--challenge http01-webroot needs --webroot")?,
        },
        None => anyhow::bail!("--challenge is needed"),
    };
    if args.key == KeyPolicy::Csr && args.csr_id.is_none() {
        anyhow::bail!(
            "--key csr needs --csr-id (import the appliance's request, then `certdeck csr list`)"
        );
    }
    if !(0.05..=0.95).contains(&args.renew_at) {
        anyhow::bail!("--renew-at is a part of the lifetime between 0.05 and 0.95");
    }
    // The window is in this machine's local time (its offset today).
    let offset = UtcOffset::from_whole_seconds(chrono::Local::now().offset().local_minus_utc())
        .unwrap_or(UtcOffset::UTC);
    let window = args
        .window
        .as_deref()
        .map(|w| Window::parse(w, offset))
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let issuer = Issuer {
        node: args.node.clone(),
        account: args.account.clone().context("--account is needed")?,
        challenge,
        profile: args.profile.clone(),
        key_policy: args.key,
        key_type: crate::pki::request::KeyType::from(args.key_type)
            .name()
            .to_string(),
        csr_id: args.csr_id,
        window,
        renew_fraction: args.renew_at,
        rehearse_with: args.rehearse_with.clone(),
        // Only the settings are written: a node's renewal state stays as it is.
        state: IssuerState::default(),
    };
    store.set_issuer(&issuer)?;
    println!(
        "node {}: certificates from {} by {}{}",
        issuer.node,
        issuer.account,
        issuer.challenge.describe(),
        issuer
            .window
            .as_ref()
            .map(|w| format!(", pushed {}", w.describe()))
            .unwrap_or_default()
    );
    Ok(0)
}

pub fn dns(command: DnsCommand, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let mut store = open(inventory)?;
    match command {
        DnsCommand::Add(args) => {
            let secret = read_password_file(&args.secret_file)?;
            // Checked before anything is stored: a secret that is not base64 is refused here.
            crate::acme::dns::Tsig::from_base64(&args.key_name, &args.algorithm, &secret)?;
            let server = DnsServer {
                name: args.name.clone(),
                server: args.server.clone(),
                zone: args.zone.clone(),
                key_name: args.key_name.clone(),
                algorithm: args.algorithm.to_ascii_lowercase(),
                check_servers: args.check_server.clone(),
            };
            // The server first: a name that exists already is refused before its working
            // secret is touched (issue 29); a secret that cannot be stored takes the new server
            // away again.
            store.add_dns_server(&server)?;
            let place = match renew::store_tsig(&mut store, &args.name, &secret) {
                Ok(place) => place,
                Err(error) => {
                    let _ = store.remove_dns_server(&args.name);
                    anyhow::bail!(error);
                }
            };
            println!(
                "DNS server {} ({} for {}) added; its TSIG secret is in the {}",
                args.name,
                args.server,
                args.zone,
                super::node::place_words(place)
            );
            Ok(0)
        }
        DnsCommand::List { json } => {
            let servers = store.dns_servers()?;
            if json {
                print_json(&servers)?;
            } else {
                for s in &servers {
                    println!(
                        "{}\t{}\tzone {}\tkey {} ({})",
                        s.name, s.server, s.zone, s.key_name, s.algorithm
                    );
                }
            }
            Ok(0)
        }
        DnsCommand::SetSecret { name, secret_file } => {
            let server = store.dns_server(&name)?;
            let secret = read_password_file(&secret_file)?;
            // Checked before anything is replaced: the working secret stays if this one is bad.
            crate::acme::dns::Tsig::from_base64(&server.key_name, &server.algorithm, &secret)?;
            let place =
                renew::store_tsig(&mut store, &name, &secret).map_err(anyhow::Error::msg)?;
            println!(
                "the TSIG secret of {name} was replaced; it is in the {}",
                super::node::place_words(place)
            );
            Ok(0)
        }
        DnsCommand::Test { name } => {
            use crate::acme::renew::Secrets;
            let server = store.dns_server(&name)?;
            let tsig = renew::Keychain.tsig(&mut store, &server)?;
            drop(store);
            let asked = runtime()?.block_on(async {
                let address = crate::acme::dns::resolve(&server.server).await?;
                crate::acme::dns::check_key(address, &server.zone, &tsig).await
            });
            match asked {
                Ok(()) => {
                    println!(
                        "{name}: {} takes updates of {} signed with the key {}",
                        server.server, server.zone, server.key_name
                    );
                    Ok(0)
                }
                Err(error) => {
                    eprintln!("{name}: {error}");
                    Ok(1)
                }
            }
        }
        DnsCommand::Remove { name } => {
            store.remove_dns_server(&name)?;
            renew::forget_tsig(&mut store, &name);
            println!("DNS server {name} removed");
            Ok(0)
        }
    }
}

pub fn renew(args: &RenewArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let store = open(inventory)?;
    if args.log {
        let runs = store.renewal_runs(200)?;
        if args.json {
            print_json(&runs)?;
        } else {
            for run in &runs {
                let at = time::OffsetDateTime::from_unix_timestamp(run.at)
                    .map(crate::store::journal::rfc3339)
                    .unwrap_or_default();
                println!("{at}\t{}\t{}\t{}", run.node, run.outcome, run.detail);
            }
        }
        return Ok(0);
    }
    if !args.due && !args.force && !args.dry_run {
        anyhow::bail!(
            "say what to do: --due (every node that is due), NODE… --force, or --dry-run"
        );
    }
    // A vault that does not open (a wrong or missing passphrase) means no pass can run, even
    // when nothing is due now: said at once, exit status 2, so a scheduler or a monitor sees it
    // the first hour, not the day a certificate is due (issue 29).
    let mut store = store;
    if let Err(error) = store.vault() {
        eprintln!("certdeck: the renewal pass could not run: {error}");
        return Ok(super::EXIT_ERROR);
    }
    let now = moment(args.at.as_deref())?;
    let selection = if args.force {
        Selection::Force(args.nodes.clone())
    } else {
        Selection::Due
    };
    let trust = Arc::new(crate::push::session::trust(&store)?);
    let journal = Journal::new(store);
    let mut options = Options {
        dry_run: args.dry_run,
        parallel: args.parallel,
        ..Options::default()
    };
    let runtime = runtime()?;
    if let Some(url) = &args.team_url {
        let team = runtime
            .block_on(crate::team::Team::open(url))
            .map_err(anyhow::Error::msg)?;
        options.team = Some(Arc::new(team));
    }
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let cancel = Arc::new(AtomicBool::new(false));
    let json = args.json;
    let reports = runtime.block_on(async move {
        let printer = tokio::spawn(async move {
            while let Some(event) = receiver.recv().await {
                match event {
                    // The record to create by hand is shown even with --json (on stderr).
                    RenewEvent::Order(node, crate::acme::issue::Event::ShowRecord { record, value }) => {
                        eprintln!("{node}: create this DNS record now, certdeck waits for it:\n  {record}. 60 IN TXT \"{value}\"");
                    }
                    _ if json => {}
                    RenewEvent::Order(node, event) => eprintln!("{node}: {}", describe(&event)),
                    RenewEvent::Pushing(node) => eprintln!("{node}: pushing and verifying over TLS…"),
                    RenewEvent::Done(_) => {}
                }
            }
        });
        cancel_on_ctrl_c(&cancel, "nodes not yet started");
        let context = renew::Context {
            journal,
            secrets: Arc::new(Keychain),
            trust,
        };
        let reports = renew::run(context, selection, options, sender, cancel, now).await;
        let _ = printer.await;
        reports
    })?;
    print_reports(&reports, json)?;
    if args.due && !args.dry_run {
        scheduled_scans(inventory, now)?;
    }
    if !args.dry_run {
        tell_channels(inventory, &reports, args.due, now);
    }
    let failed: Vec<&NodeReport> = reports.iter().filter(|r| r.failed()).collect();
    if !failed.is_empty() {
        notify_failures(&failed);
    }
    Ok(if failed.is_empty() { 0 } else { 1 })
}

/// Tells the inventory's notification channels what a person must know after a pass: each
/// failure, drift and certificates entering the warning window or expired (each alarm once),
/// and on the scheduled pass the weekly digest. A channel that fails is said and logged; it
/// never fails the pass.
fn tell_channels(
    inventory: &InventoryArgs,
    reports: &[NodeReport],
    scheduled: bool,
    now: time::OffsetDateTime,
) {
    let told = (|| -> anyhow::Result<Vec<crate::notify::Delivery>> {
        let mut store = open(inventory)?;
        let targets = store.notify_targets()?;
        if targets.is_empty() {
            return Ok(Vec::new());
        }
        let alarms = store.alarms(now, crate::store::report::DEFAULT_ALARM_DAYS)?;
        let fresh = store.alarms_to_tell(&alarms)?;
        let mut notices = crate::notify::notices_for_pass(reports, &fresh);
        let digest = scheduled && store.digest_due(now)?;
        if digest {
            notices.push(crate::notify::digest(&alarms));
        }
        if notices.is_empty() {
            return Ok(Vec::new());
        }
        let deliveries = runtime()?.block_on(crate::notify::deliver(&targets, &notices));
        store.log_deliveries(&deliveries, now)?;
        // Told once a channel took it; when every channel failed, the next pass tries again.
        if deliveries.iter().any(|d| d.error.is_none()) {
            store.mark_told(&alarms, &fresh, now)?;
            if digest {
                store.mark_digest(now)?;
            }
        }
        Ok(deliveries)
    })();
    match told {
        Ok(deliveries) => {
            for delivery in deliveries {
                if let Some(error) = delivery.error {
                    eprintln!(
                        "certdeck: notification channel {} did not take \"{}\": {error}",
                        delivery.channel, delivery.notice
                    );
                }
            }
        }
        Err(error) => eprintln!("certdeck: notification channels not told: {error:#}"),
    }
}

/// The scheduled pass also runs the saved scans that are due (`certdeck scan --save NAME
/// --every HOURS`), so drift and vanished endpoints are found without anyone asking.
fn scheduled_scans(inventory: &InventoryArgs, now: time::OffsetDateTime) -> anyhow::Result<()> {
    let mut store = open(inventory)?;
    let due = store.due_scans(now)?;
    if due.is_empty() {
        return Ok(());
    }
    let runtime = runtime()?;
    for name in due {
        let cancel = Arc::new(AtomicBool::new(false));
        match runtime.block_on(crate::scan::run_saved(&mut store, &name, now, cancel)) {
            Ok((answered, record)) => eprintln!(
                "scan {name}: {answered} endpoint(s) answered, {} new, {} known but silent",
                record.new, record.silent
            ),
            Err(error) => eprintln!("scan {name}: {error}"),
        }
    }
    Ok(())
}

fn describe(event: &crate::acme::issue::Event) -> String {
    use crate::acme::issue::Event;
    match event {
        Event::Rehearsing { account } => format!("rehearsing the order at {account} first"),
        Event::Rehearsed { account } => {
            format!("the rehearsal at {account} passed; now the node's own CA")
        }
        Event::Ordering { names } => format!("ordering a certificate for {}", names.join(", ")),
        Event::Proving { name, how } => format!("proving {name} ({how})"),
        Event::ShowRecord { record, value } => format!("TXT {record} = {value}"),
        Event::Delegated { record, target } => format!("{record} is delegated to {target}"),
        Event::Waiting { record } => {
            format!("waiting until the authoritative servers answer {record}")
        }
        Event::Finalizing => "finalizing the order".into(),
        Event::Downloading => "downloading the certificate".into(),
    }
}

fn print_reports(reports: &[NodeReport], json: bool) -> anyhow::Result<()> {
    if json {
        return print_json(&reports);
    }
    let mut out = crate::sanitize::Visible::new(std::io::stdout().lock());
    if reports.is_empty() {
        writeln!(
            out,
            "no node has an ACME issuer (certdeck acme issuer NODE --account …)"
        )?;
    }
    for r in reports {
        let next = r
            .next
            .as_deref()
            .map(|n| format!(" (next: {n})"))
            .unwrap_or_default();
        writeln!(out, "{}: {} — {}{next}", r.node, r.outcome, r.detail)?;
    }
    Ok(())
}

/// Failures are said on stderr (the scheduler's log) and, where a desktop is, as a notification.
fn notify_failures(failed: &[&NodeReport]) {
    for report in failed {
        eprintln!(
            "certdeck: renewal of {} failed: {}",
            report.node, report.detail
        );
    }
    #[cfg(feature = "gui")]
    {
        let names: Vec<&str> = failed.iter().map(|r| r.node.as_str()).collect();
        let _ = notify_rust::Notification::new()
            .summary("certdeck: renewal failed")
            .body(&format!(
                "{} — it is retried at the next pass; see `certdeck renew --log`",
                names.join(", ")
            ))
            .appname("certdeck")
            .timeout(notify_rust::Timeout::Milliseconds(10_000))
            .show();
    }
}

pub fn schedule_command(command: ScheduleCommand, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let program = std::env::current_exe().context("cannot tell where certdeck is installed")?;
    let invocation = schedule::Invocation::renew(
        program,
        inventory.data_dir.as_deref(),
        inventory.vault_passphrase_file.as_deref(),
    );
    let system_pass = |user: &str| -> anyhow::Result<schedule::SystemPass> {
        let data_dir = inventory.data_dir.clone().ok_or_else(|| {
            anyhow::anyhow!(
                "a system-wide pass needs the inventory's folder: --data-dir DIR (the service \
                 account's, e.g. /var/lib/certdeck)"
            )
        })?;
        Ok(schedule::SystemPass {
            program: std::env::current_exe()?,
            user: user.to_string(),
            data_dir,
            passphrase_file: inventory.vault_passphrase_file.clone(),
        })
    };
    // What the entry carries of the vault passphrase: a file, by its path; a variable cannot
    // be carried (and must not be written into an entry).
    let passphrase_note = || match &inventory.vault_passphrase_file {
        Some(file) => eprintln!(
            "the entry reads the vault passphrase from {} (keep it readable by the account that \
             renews, and only by it)",
            file.display()
        ),
        None if std::env::var_os("CERTDECK_VAULT_PASSPHRASE").is_some() => eprintln!(
            "certdeck: warning: the vault passphrase came from CERTDECK_VAULT_PASSPHRASE, which \
             the scheduled pass will not have: give --vault-passphrase-file FILE (or rely on the \
             keychain)"
        ),
        None => {}
    };
    let message = match command {
        ScheduleCommand::Install { service_user: None } => {
            passphrase_note();
            schedule::install(&invocation)
        }
        ScheduleCommand::Install {
            service_user: Some(user),
        } => {
            passphrase_note();
            schedule::install_system(&system_pass(&user)?)
        }
        ScheduleCommand::Status => schedule::status(),
        ScheduleCommand::Remove {
            service_user: false,
        } => schedule::remove(),
        ScheduleCommand::Remove { service_user: true } => schedule::remove_system(),
        ScheduleCommand::Show {
            system,
            service_user: Some(user),
        } => {
            let pass = system_pass(&user)?;
            match system.unwrap_or(SystemArg::Systemd) {
                SystemArg::Systemd => pass.systemd_units().map(|(service, timer)| {
                    format!(
                        "# {0}/{1}.service\n{service}\n# {0}/{1}.timer\n{timer}",
                        schedule::SYSTEM_UNIT_DIR,
                        schedule::UNIT
                    )
                }),
                SystemArg::Cron => pass
                    .cron_entry()
                    .map(|entry| format!("# {}\n{entry}", schedule::CRON_FILE)),
                SystemArg::Windows => pass.windows_task("2026-01-01T00:00:00").map(|xml| {
                    format!(
                        "REM schtasks /Create /TN {} /XML <this file, UTF-16> /F\n{xml}",
                        schedule::WINDOWS_SYSTEM_TASK
                    )
                }),
                SystemArg::Launchd => Err(
                    "on macOS a pass runs as the account that renews: `certdeck schedule \
                     install` as that account (a launchd agent)"
                        .to_string(),
                ),
            }
        }
        ScheduleCommand::Show {
            system,
            service_user: None,
        } => {
            let system = system.unwrap_or(if cfg!(windows) {
                SystemArg::Windows
            } else if cfg!(target_os = "macos") {
                SystemArg::Launchd
            } else {
                SystemArg::Systemd
            });
            Ok(match system {
                SystemArg::Cron => {
                    return Err(anyhow::anyhow!(
                        "cron runs the system-wide pass: give --service-user USER"
                    ));
                }
                SystemArg::Systemd => {
                    let (service, timer) = schedule::systemd_units(&invocation);
                    format!(
                        "# {0}.service\n{service}\n# {0}.timer\n{timer}",
                        schedule::UNIT
                    )
                }
                SystemArg::Windows => schedule::windows_task(&invocation, "2026-01-01T00:00:00"),
                // launchd does not expand `~`: the log's path is this account's, whole.
                SystemArg::Launchd => schedule::launchd_plist(
                    &invocation,
                    &directories::BaseDirs::new()
                        .map(|d| d.home_dir().to_path_buf())
                        .unwrap_or_else(|| std::path::PathBuf::from("/Users/Shared"))
                        .join("Library/Logs/certdeck-renew.log"),
                ),
            })
        }
    }
    .map_err(anyhow::Error::msg)?;
    println!("{message}");
    Ok(0)
}
