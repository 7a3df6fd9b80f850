//! `certdeck acme …` (accounts, issuers, revocation), `certdeck dns …` (RFC 2136 servers),
//! `certdeck renew` (one pass of the renewal pipeline) and `certdeck schedule …` (the OS
//! scheduler's entry for it). Thin: the work is in [`crate::acme`].

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};
use time::UtcOffset;

use super::inventory::{open, print_json};
use super::{InventoryArgs, moment, read_password_file, runtime};
use crate::acme::client::{self, Eab, Reason};
use crate::acme::{Challenge, DEFAULT_RENEW_FRACTION, KeyPolicy, Window, directory_url};
use crate::store::acme::{Issuer, IssuerState, NewAcmeAccount};

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
    /// HTTPS checked with --ca-root, show its fingerprint and trust it once you confirm (at a
    /// terminal) or it matches --issuing-root-sha256.
    #[arg(long, value_name = "URL")]
    pub issuing_root_url: Option<String>,
    /// The SHA-256 fingerprint the fetched issuing root must have (as the CA's administrator
    /// gives it; colons optional): trusted without asking, refused when it differs.
    #[arg(long, value_name = "HEX", requires = "issuing_root_url")]
    pub issuing_root_sha256: Vec<String>,
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
            confirm_issuing_roots(url, &ders, &args.issuing_root_sha256)?;
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

/// Shows each fetched root by its SHA-256 fingerprint, and goes on only when every one is among
/// `expected` or the person at the terminal says yes: a root is trusted inventory-wide, so the
/// CA's own answer is never enough.
fn confirm_issuing_roots(url: &str, ders: &[Vec<u8>], expected: &[String]) -> anyhow::Result<()> {
    use sha2::Digest;
    let normal = |hex: &str| hex.replace(':', "").to_ascii_lowercase();
    let expected: Vec<String> = expected.iter().map(|e| normal(e)).collect();
    println!("{url} publishes {} root(s):", ders.len());
    let mut all_expected = true;
    for der in ders {
        let fingerprint = hex::encode(sha2::Sha256::digest(der));
        let subject = crate::pki::Certificate::from_der(der)
            .map(|c| c.subject.clone())
            .unwrap_or_default();
        println!(
            "  {}\n  SHA-256 {}",
            crate::sanitize::visible(&subject.to_string()),
            crate::pki::display::colon_hex_text(&fingerprint)
        );
        all_expected &= expected.contains(&fingerprint);
    }
    if !expected.is_empty() {
        if all_expected {
            return Ok(());
        }
        anyhow::bail!(
            "the root {url} serves is not the one --issuing-root-sha256 names: nothing was \
             trusted and no account was made"
        );
    }
    if super::inventory::confirm("Trust it for what this CA issues?") {
        return Ok(());
    }
    anyhow::bail!(
        "not trusted, and no account was made: compare the fingerprint with the CA's own, then \
         run again at a terminal or with --issuing-root-sha256 FINGERPRINT"
    )
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
