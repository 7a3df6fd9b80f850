//! The command line: a thin shell over [`crate::pki`].

// Everything the command line prints with `println!`/`eprintln!` goes through
// `crate::sanitize::Visible`: a subject, a server's error text or a teammate's node name cannot
// drive the terminal (issue 28). These shadow std's macros in every module declared below; the
// text writers (inspect, verify, lists) wrap their stdout in the same writer.
macro_rules! println {
    () => { $crate::cli::print_visible(false, format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cli::print_visible(false, format_args!("{}\n", format_args!($($arg)*))) };
}
macro_rules! eprintln {
    () => { $crate::cli::print_visible(true, format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cli::print_visible(true, format_args!("{}\n", format_args!($($arg)*))) };
}

mod acme;
mod authority;
mod dns;
mod export;
mod generate;
mod inspect;
mod inventory;
mod json;
mod node;
mod notify;
mod overview;
mod probe;
mod push;
mod renew;
mod scan;
mod schedule;
mod secrets;
mod team;
mod text;
mod trust;
mod verify;

pub use inspect::write_inspect_json;
pub use verify::{Verification, verify_batch};

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use zeroize::Zeroizing;

/// Writes a line to stdout (or stderr) with control characters escaped (the `println!` above).
pub(crate) fn print_visible(to_stderr: bool, text: std::fmt::Arguments<'_>) {
    use std::io::Write;
    // As std's println!: a closed pipe is not an error of the command.
    let _ = if to_stderr {
        crate::sanitize::Visible::new(std::io::stderr().lock()).write_fmt(text)
    } else {
        crate::sanitize::Visible::new(std::io::stdout().lock()).write_fmt(text)
    };
}

/// Exit status when a command could not do its work at all.
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "certdeck",
    version,
    about = "Certificate manager for TLS appliances and servers",
    long_about = "certdeck decodes, checks and manages the certificates, keys and trust lists of \
                  TLS appliances and servers. Without a command it opens the desktop window."
)]
#[command(subcommand_precedence_over_arg = true)]
pub struct Cli {
    #[command(flatten)]
    pub inventory: InventoryArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Files to open in the window (as a file manager passes them).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// Where the inventory lives and how its key vault opens.
#[derive(Debug, Clone, Args)]
pub struct InventoryArgs {
    /// The inventory's folder (default: the platform data folder).
    #[arg(long, global = true, env = "CERTDECK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Read the key vault's passphrase from a file (used where no OS keychain is available;
    /// also taken from CERTDECK_VAULT_PASSPHRASE).
    #[arg(long, global = true, value_name = "F")]
    pub vault_passphrase_file: Option<PathBuf>,
    /// Do not use the OS keychain: the vault is protected by a passphrase and node, DNS and
    /// channel secrets are sealed by it (as `CERTDECK_KEYCHAIN=none`).
    #[arg(long, global = true)]
    pub no_keychain: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decode certificates, keys, CSRs, CRLs, PKCS#7 and PKCS#12 files and show their status.
    Inspect(InspectArgs),
    /// Verify a certificate's chain of trust for TLS server or client authentication.
    Verify(VerifyArgs),
    /// Import files, folders or PEM from standard input ("-") into the inventory.
    Import(inventory::ImportArgs),
    /// List the inventory's certificates with their statuses.
    List(inventory::ListArgs),
    /// Show one certificate of the inventory (by id or fingerprint).
    Show(inventory::ShowArgs),
    /// Export certificates, chains and keys (PEM, DER, PKCS#7, PKCS#12).
    Export(export::ExportArgs),
    /// Delete certificates from the inventory.
    Delete(inventory::DeleteArgs),
    /// The trusted CA list: list, add, remove, export.
    #[command(subcommand)]
    Trust(trust::TrustCommand),
    /// Nodes and their server certificate.
    #[command(subcommand)]
    Node(node::NodeCommand),
    /// What needs attention: nodes without certificates, expiry, incomplete chains.
    Alarms(inventory::AlarmsArgs),
    /// The estate at a glance: counts by status, expiry per week and month, each node's health.
    Overview(inventory::AlarmsArgs),
    /// Reports: the inventory as CSV, expiry dates as iCalendar.
    Report(inventory::ReportArgs),
    /// Certificate signing requests: new, renew, list, export.
    #[command(subcommand)]
    Csr(authority::CsrCommand),
    /// The local CA: init, issue, list, export.
    #[command(subcommand)]
    Ca(authority::CaCommand),
    /// Connect over TLS and report what the endpoint serves: chain, trust, name, expiry.
    Probe(probe::ProbeArgs),
    /// Find TLS endpoints (direct and STARTTLS) across hosts, names and ranges, and record what
    /// each serves.
    Scan(scan::ScanArgs),
    /// The endpoints scans found, with what each serves.
    Endpoints(scan::EndpointsArgs),
    /// Make a node from an endpoint a scan found.
    Adopt(scan::AdoptArgs),
    /// Push nodes' certificates and trusted CAs, verify over TLS, roll back on failure.
    Push(push::PushArgs),
    /// ACME: accounts at CAs, each node's issuer (challenge, profile, window), revocation.
    #[command(subcommand)]
    Acme(acme::AcmeCommand),
    /// DNS servers taking RFC 2136 updates with TSIG (for ACME DNS-01).
    #[command(subcommand)]
    Dns(dns::DnsCommand),
    /// Where nodes' logins and TSIG keys live (OS keychain or the vault), and moving them.
    #[command(subcommand)]
    Secrets(secrets::SecretsCommand),
    /// Where failures and warnings go: mail (SMTP) and webhooks (JSON, Teams, Slack, ntfy).
    #[command(subcommand)]
    Notify(notify::NotifyCommand),
    /// Can this machine renew unattended? The vault, the scheduler and its last pass, nodes'
    /// secrets and pins, DNS keys, ACME accounts, notification channels. Exit 0: all good; 1:
    /// warnings; 2: unattended renewal will fail.
    Doctor {
        #[arg(long)]
        json: bool,
        /// Check only what is stored: do not ask the DNS servers (a signed update that changes
        /// nothing, with each TSIG key) or the ACME CAs (whether each still knows its account).
        #[arg(long)]
        offline: bool,
    },
    /// Renew ACME certificates: one pass (--due), or named nodes now (--force); --log shows runs.
    Renew(renew::RenewArgs),
    /// The OS scheduler's entry that runs `certdeck renew --due` every hour.
    #[command(subcommand)]
    Schedule(schedule::ScheduleCommand),
    /// Check the inventory's certificates against their CAs' CRLs; the revoked ones get the
    /// Revoked status and alarm.
    #[command(subcommand)]
    Revocation(RevocationCommand),
    /// The push log: who pushed what where, and how it went (--json to export it); --verify
    /// checks the hash chain of the team's audit log of the shared inventory this folder uses.
    #[command(alias = "push-log")]
    Log {
        #[arg(long, conflicts_with = "verify")]
        json: bool,
        #[arg(long)]
        verify: bool,
    },
    /// A team's shared inventory on PostgreSQL: create it, members, their sealed team key, the
    /// hash-chained audit log.
    #[command(subcommand)]
    Team(team::TeamCommand),
    /// Print shell completions (bash, zsh, fish, elvish, powershell) to standard output.
    Completions(generate::CompletionsArgs),
    /// Write the manual pages (certdeck.1 and one per command) into a folder; packages ship them.
    #[command(hide = true)]
    Manpages(generate::ManpagesArgs),
}

#[derive(Debug, Args)]
pub struct PasswordArgs {
    /// Password for PKCS#12 files and encrypted keys (may be repeated; each is tried in turn).
    #[arg(long, value_name = "P")]
    pub password: Vec<String>,
    /// Read the password from the first line of a file.
    #[arg(long, value_name = "F", conflicts_with = "password")]
    pub password_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Files to decode (format detected from content).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub passwords: PasswordArgs,
    /// Judge validity at this time instead of now (RFC 3339, e.g. 2027-01-31T12:00:00Z).
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Days before expiry from which a certificate counts as expiring.
    #[arg(long, default_value_t = 60, value_name = "DAYS")]
    pub expiring_days: i64,
    /// Do not use the built-in Mozilla roots when checking chains.
    #[arg(long)]
    pub no_system_roots: bool,
    /// Print the PEM text of each object (always included in --json).
    #[arg(long)]
    pub pem: bool,
    /// Machine-readable output (see docs/cli-json.md).
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PurposeArg {
    Server,
    Client,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The certificate to verify (its first end-entity certificate; any other certificates in the
    /// file are used as intermediates).
    #[arg(value_name = "CERT")]
    pub cert: PathBuf,
    /// Files with intermediate certificates.
    #[arg(long, value_name = "FILE")]
    pub chain: Vec<PathBuf>,
    /// Files with trusted root (or intermediate) certificates.
    #[arg(long, value_name = "FILE")]
    pub trust: Vec<PathBuf>,
    /// Do not trust the built-in Mozilla roots.
    #[arg(long)]
    pub no_system_roots: bool,
    /// Check that the certificate is valid for this DNS name or IP address.
    #[arg(long, value_name = "NAME")]
    pub host: Option<String>,
    /// Verify at this time instead of now (RFC 3339).
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    #[arg(long, value_enum, default_value = "server")]
    pub purpose: PurposeArg,
    /// Verify every certificate in CERT as a leaf (bundles of many certificates).
    #[arg(long)]
    pub batch: bool,
    /// The profile the path is judged against: `web` (the CA/Browser Forum's Baseline
    /// Requirements on top of RFC 5280) or `private` (RFC 5280, for internal PKIs). Default:
    /// `private` when --trust is given, `web` otherwise.
    #[arg(long, value_enum)]
    pub policy: Option<crate::pki::rules::Policy>,
    /// A CRL (PEM or DER) to check the path's certificates against (repeatable).
    #[arg(long, value_name = "FILE")]
    pub crl: Vec<PathBuf>,
    /// At most this many intermediates between the certificate and its trust anchor.
    #[arg(long, value_name = "N")]
    pub max_intermediates: Option<usize>,
    /// Revocation through the CRL distribution points the certificates name (fetched, kept in
    /// the inventory until their nextUpdate): `soft` refuses what a CRL revokes, `hard` also
    /// what no current CRL covers.
    #[arg(long, value_enum, default_value = "off")]
    pub revocation: crate::revocation::Mode,
    #[command(flatten)]
    pub passwords: PasswordArgs,
    /// Machine-readable output (see docs/cli-json.md).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum RevocationCommand {
    /// Check every certificate (or the ones named): the local CA's revocations and the CRLs
    /// their distribution points serve. Exits 1 when one is revoked.
    Check {
        /// Inventory ids or fingerprints (default: every certificate with an issuer).
        certificates: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

/// `certdeck revocation check`.
fn check_revocation(
    references: &[String],
    json: bool,
    inventory: &InventoryArgs,
) -> anyhow::Result<u8> {
    let store = inventory::open(inventory)?;
    let scope = if references.is_empty() {
        crate::revocation::Scope::All
    } else {
        let mut ids = Vec::new();
        for reference in references {
            ids.push(store.find(reference)?.0.id);
        }
        crate::revocation::Scope::Only(ids)
    };
    let store = std::sync::Mutex::new(store);
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let now = moment(None)?;
    let summary = runtime()?
        .block_on(async {
            cancel_on_ctrl_c(&cancel, "certificates not yet checked");
            crate::revocation::check_inventory(&store, scope, now, |_, _| {}, &cancel).await
        })
        .map_err(anyhow::Error::msg)?;
    for problem in &summary.problems {
        eprintln!("certdeck: warning: CRL {problem}");
    }
    if json {
        inventory::print_json(&summary)?;
    } else {
        for revoked in &summary.revoked {
            println!(
                "REVOKED: {} (#{}) on {}{}, says {}",
                revoked.subject,
                revoked.id,
                revoked.revoked_at,
                revoked
                    .reason
                    .as_deref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default(),
                revoked.source
            );
        }
        println!(
            "{} checked, {} revoked, {} without a current CRL",
            summary.checked,
            summary.revoked.len(),
            summary.unknown
        );
    }
    Ok(if summary.revoked.is_empty() { 0 } else { 1 })
}

/// Runs a command and returns the process exit status.
pub fn run(command: Command, inventory: &InventoryArgs) -> ExitCode {
    if inventory.no_keychain {
        crate::store::keychain::switch_off();
    }
    let result = match command {
        Command::Inspect(args) => inspect::run(&args),
        Command::Verify(args) => verify::run(&args, inventory),
        Command::Import(args) => inventory::import(&args, inventory),
        Command::List(args) => inventory::list(&args, inventory),
        Command::Show(args) => inventory::show(&args, inventory),
        Command::Export(args) => export::run(&args, inventory),
        Command::Delete(args) => inventory::delete(&args, inventory),
        Command::Trust(command) => trust::trust(command, inventory),
        Command::Node(command) => node::node(command, inventory),
        Command::Alarms(args) => inventory::alarms(&args, inventory),
        Command::Overview(args) => overview::overview(&args, inventory),
        Command::Report(args) => inventory::report(&args, inventory),
        Command::Csr(command) => authority::csr(command, inventory),
        Command::Ca(command) => authority::ca(command, inventory),
        Command::Probe(args) => probe::run(&args, inventory),
        Command::Scan(args) => scan::scan(&args, inventory),
        Command::Endpoints(args) => scan::endpoints(&args, inventory),
        Command::Adopt(args) => scan::adopt(&args, inventory),
        Command::Push(args) => push::run(&args, inventory),
        Command::Log { verify: true, .. } => team::team(
            team::TeamCommand::Log {
                url: Default::default(),
                verify: true,
                json: false,
                csv: false,
            },
            inventory,
        ),
        Command::Log { json, .. } => push::log(json, inventory),
        Command::Acme(command) => acme::acme(command, inventory),
        Command::Dns(command) => dns::dns(command, inventory),
        Command::Secrets(command) => secrets::secrets(command, inventory),
        Command::Notify(command) => notify::notify(command, inventory),
        Command::Doctor { json, offline } => doctor(json, offline, inventory),
        Command::Renew(args) => renew::renew(&args, inventory),
        Command::Schedule(command) => schedule::schedule_command(command, inventory),
        Command::Revocation(RevocationCommand::Check { certificates, json }) => {
            check_revocation(&certificates, json, inventory)
        }
        Command::Team(command) => team::team(command, inventory),
        Command::Completions(args) => generate::completions(&args),
        Command::Manpages(args) => generate::manpages(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("certdeck: {error:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// The moment to judge at: `--at`, else the clock (read here, at the edge, never in the core).
fn moment(at: Option<&str>) -> anyhow::Result<OffsetDateTime> {
    match at {
        Some(text) => OffsetDateTime::parse(text, &Rfc3339)
            .map_err(|e| anyhow::anyhow!("--at {text:?} is not an RFC 3339 time: {e}")),
        None => Ok(OffsetDateTime::now_utc()),
    }
}

/// The runtime a command's network work runs on.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

/// Ctrl+C stops what has not started; what is under way finishes. Call inside the runtime.
/// Sets `cancel` on Ctrl-C, saying `what` is skipped.
fn cancel_on_ctrl_c(cancel: &std::sync::Arc<std::sync::atomic::AtomicBool>, what: &'static str) {
    let stop = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("cancelling: {what} are skipped");
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    });
}

/// Says once that a secret given as an argument can be read by others on this machine (the
/// process list, the shell's history), and which forms keep it out of sight.
pub(crate) fn warn_secret_argument(flag: &str, file_flag: &str) {
    eprintln!(
        "certdeck: warning: {flag} on the command line is visible to other users of this \
         machine (process list) and kept in shell history: use {file_flag} FILE, {file_flag} - \
         (standard input) or, at a terminal, leave it out to be asked"
    );
}

fn passwords(args: &PasswordArgs) -> anyhow::Result<Vec<Zeroizing<String>>> {
    if !args.password.is_empty() {
        warn_secret_argument("--password", "--password-file");
    }
    let mut list: Vec<Zeroizing<String>> = args
        .password
        .iter()
        .map(|p| Zeroizing::new(p.clone()))
        .collect();
    if let Some(path) = &args.password_file {
        list.push(read_password_file(path)?);
    }
    Ok(list)
}

/// The first line of a password file; `-` is standard input (a pipe from a secret store).
fn read_password_file(path: &Path) -> anyhow::Result<Zeroizing<String>> {
    if path == Path::new("-") {
        let mut line = Zeroizing::new(String::new());
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|e| anyhow::anyhow!("cannot read the password from standard input: {e}"))?;
        return Ok(Zeroizing::new(
            line.trim_end_matches(['\r', '\n']).to_string(),
        ));
    }
    let text = Zeroizing::new(
        std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read password file {}: {e}", path.display()))?,
    );
    let first = text.lines().next().unwrap_or_default();
    Ok(Zeroizing::new(first.to_string()))
}

/// `certdeck doctor`: [`crate::app::doctor::examine`], in words or JSON, its verdict as the exit
/// status.
fn doctor(json: bool, offline: bool, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let mut store = inventory::open(inventory)?;
    let (mut checks, reachable) = crate::app::doctor::stored(&mut store, moment(None)?);
    drop(store);
    if !offline {
        checks.extend(runtime()?.block_on(crate::app::doctor::reach(reachable)));
    }
    if json {
        inventory::print_json(&checks)?;
    } else {
        for check in &checks {
            let word = match check.verdict {
                crate::app::doctor::Verdict::Ok => "ok  ",
                crate::app::doctor::Verdict::Warn => "warn",
                crate::app::doctor::Verdict::Fail => "FAIL",
            };
            println!("{word} {:<14} {}", check.name, check.detail);
        }
    }
    Ok(crate::app::doctor::exit_status(&checks))
}
