//! Inventory commands: import, list, show, delete, trust, alarms, report (nodes: node.rs).

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use serde::Serialize;
use zeroize::Zeroizing;

use super::{InventoryArgs, PasswordArgs, moment, passwords, read_password_file};
use crate::pki::display::{colon_hex_text, display_date, display_time};
use crate::pki::{DecodeOptions, StatusCode};
use crate::settings::Settings;
use crate::store::report::DEFAULT_ALARM_DAYS;
use crate::store::{
    Action, ImportInput, Inventory, ListFilter, PasswordSource, Role, VaultOptions,
};

/// The data folder and the vault passphrase the global options name.
pub(super) fn folder_and_passphrase(
    args: &InventoryArgs,
) -> anyhow::Result<(std::path::PathBuf, Option<Zeroizing<String>>)> {
    // The folder chosen in the window's settings applies here too, unless one is given.
    let settings = match &args.data_dir {
        Some(_) => Settings::default(),
        None => Settings::default_path()
            .map(|path| Settings::load(&path))
            .transpose()
            .map_err(anyhow::Error::msg)?
            .unwrap_or_default(),
    };
    let dir = settings
        .data_dir(args.data_dir.as_deref())
        .context("no data folder on this system: give --data-dir")?;
    let passphrase = match &args.vault_passphrase_file {
        Some(file) => Some(read_password_file(file)?),
        None => std::env::var("CERTDECK_VAULT_PASSPHRASE")
            .ok()
            .map(Zeroizing::new),
    };
    Ok((dir, passphrase))
}

/// Opens the inventory named by the global options.
pub(super) fn open(args: &InventoryArgs) -> anyhow::Result<Inventory> {
    let (dir, passphrase) = folder_and_passphrase(args)?;
    let options = VaultOptions {
        passphrase,
        keychain: !args.no_keychain,
    };
    let store = Inventory::open(&dir, options)
        .with_context(|| format!("cannot open the inventory in {}", dir.display()))?;
    // Every command says so while a push is left unfinished: a node may be half-changed.
    if let Some(warning) = crate::push::session::unfinished_warning(&store) {
        eprintln!("warning: {warning}");
    }
    Ok(store)
}

fn pretty() -> bool {
    std::io::stdout().is_terminal()
}

pub(super) fn print_json(value: &impl Serialize) -> anyhow::Result<()> {
    // serde_json writes in small pieces: through a buffer, not the locked stdout's line writer
    // (a seventh of `list --json` at 100,000 certificates).
    let mut out = std::io::BufWriter::with_capacity(
        1 << 16,
        crate::sanitize::Visible::new(std::io::stdout().lock()),
    );
    if pretty() {
        serde_json::to_writer_pretty(&mut out, value)?;
    } else {
        serde_json::to_writer(&mut out, value)?;
    }
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Files or folders to import; "-" reads PEM text from standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub passwords: PasswordArgs,
    /// Judge and record at this time instead of now (RFC 3339).
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Machine-readable report (see docs/cli-json.md).
    #[arg(long)]
    pub json: bool,
}

/// Asks on the terminal; gives up when there is none.
pub(super) struct TerminalPasswords;

impl PasswordSource for TerminalPasswords {
    fn password(&mut self, file: &str, object: &str, again: bool) -> Option<Zeroizing<String>> {
        if !std::io::stdin().is_terminal() {
            return None;
        }
        let prompt = if again {
            format!("Wrong password. Password for {file} ({object}): ")
        } else {
            format!("Password for {file} ({object}): ")
        };
        rpassword::prompt_password(prompt).ok().map(Zeroizing::new)
    }
}

pub fn import(args: &ImportArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(args.at.as_deref())?;
    let mut store = open(inventory)?;
    let mut inputs = Vec::new();
    for path in &args.paths {
        if path.as_os_str() == "-" {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading standard input")?;
            inputs.push(ImportInput::Text {
                name: "<standard input>".into(),
                text,
            });
        } else {
            inputs.push(ImportInput::Path(path.clone()));
        }
    }
    let options = DecodeOptions {
        passwords: passwords(&args.passwords)?,
        ..Default::default()
    };
    let report = store.import(&inputs, &options, &mut TerminalPasswords, now)?;
    if !inventory.no_keychain && store.vault_kind()?.as_deref() == Some("passphrase") {
        eprintln!(
            "note: no OS keychain is usable here, so private keys are protected by the vault \
             passphrase (Argon2id) instead: keep it safe, without it the keys cannot be opened"
        );
    }
    if args.json {
        print_json(&report)?;
    } else {
        // Buffered: one line per object, and stdout alone writes each line with its own call.
        let mut out =
            std::io::BufWriter::new(crate::sanitize::Visible::new(std::io::stdout().lock()));
        for o in &report.outcomes {
            let action = format!("{:?}", o.action).to_lowercase();
            let id = o.id.map(|id| format!(" #{id}")).unwrap_or_default();
            writeln!(
                out,
                "{action:<9} {}{id}: {} {}",
                o.kind,
                o.detail,
                location(&o.file, &o.location)
            )?;
        }
        writeln!(out, "{}", report.summary())?;
        out.flush()?;
    }
    let anything = report.outcomes.iter().any(|o| o.action != Action::Error);
    Ok(if anything { 0 } else { super::EXIT_ERROR })
}

fn location(file: &str, location: &str) -> String {
    if location.is_empty() {
        String::new()
    } else {
        format!("({file}, {location})")
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KindArg {
    Server,
    Leaf,
    Intermediate,
    Root,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only certificates with this status (expired, expiring, weak_signature, …).
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// Only the certificate assigned to this node.
    #[arg(long, value_name = "N")]
    pub node: Option<String>,
    /// Only this kind.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Text in subject, issuer, SANs, serial or fingerprint.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    #[arg(long, default_value_t = 60, value_name = "DAYS")]
    pub expiring_days: i64,
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct ListJson<'a> {
    id: i64,
    name: &'a str,
    subject: &'a str,
    issuer: &'a str,
    serial: &'a str,
    not_before: String,
    not_after: String,
    days_left: i64,
    status: StatusCode,
    statuses: Vec<StatusCode>,
    role: Role,
    has_private_key: bool,
    trusted: bool,
    chain_complete: bool,
    nodes: &'a [String],
    fingerprint_sha256: &'a str,
    /// What the last revocation check found (null when none ran).
    revocation: Option<&'a crate::store::RevocationState>,
}

fn rfc3339(t: time::OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn parse_status(text: &str) -> anyhow::Result<StatusCode> {
    StatusCode::ALL
        .into_iter()
        .find(|c| c.as_str() == text)
        .with_context(|| {
            let all: Vec<&str> = StatusCode::ALL.iter().map(|c| c.as_str()).collect();
            format!("unknown status {text:?}; one of {}", all.join(", "))
        })
}

pub fn list(args: &ListArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(args.at.as_deref())?;
    let store = open(inventory)?;
    let filter = ListFilter {
        role: args.kind.map(|k| match k {
            KindArg::Server => Role::Server,
            KindArg::Leaf => Role::Leaf,
            KindArg::Intermediate => Role::Intermediate,
            KindArg::Root => Role::Root,
        }),
        node: args.node.clone(),
        text: args.search.clone(),
        status: args.status.as_deref().map(parse_status).transpose()?,
    };
    let rows = store.list(&filter, now, args.expiring_days)?;
    if args.json {
        let items: Vec<ListJson<'_>> = rows
            .iter()
            .map(|(row, assessment)| ListJson {
                id: row.id,
                name: &row.name,
                subject: &row.subject,
                issuer: &row.issuer,
                serial: &row.serial,
                not_before: rfc3339(row.facts.not_before),
                not_after: rfc3339(row.facts.not_after),
                days_left: assessment.days_left,
                status: assessment.overall,
                statuses: assessment.codes(),
                role: row.role,
                has_private_key: row.has_private_key,
                trusted: row.trusted,
                chain_complete: row.chain_complete,
                nodes: &row.nodes,
                fingerprint_sha256: &row.fingerprint_sha256,
                revocation: row.revocation.as_ref(),
            })
            .collect();
        print_json(&items)?;
        // Rows are public data and the process ends here: freeing 100,000 of them one string at
        // a time was a tenth of the command; the OS takes them back at once.
        std::mem::forget(items);
        std::mem::forget(rows);
        return Ok(0);
    }
    let mut out = std::io::BufWriter::new(crate::sanitize::Visible::new(std::io::stdout().lock()));
    writeln!(
        out,
        "{:>5}  {:<18} {:<40} {:<12} {:>6}  {:<12} {:<4} NODES",
        "ID", "STATUS", "NAME", "EXPIRES", "DAYS", "KIND", "KEY"
    )?;
    for (row, assessment) in &rows {
        let name: String = row.name.chars().take(40).collect();
        writeln!(
            out,
            "{:>5}  {:<18} {:<40} {:<12} {:>6}  {:<12} {:<4} {}",
            row.id,
            assessment.overall.as_str(),
            name,
            display_date(row.facts.not_after),
            assessment.days_left,
            row.role.as_str(),
            if row.has_private_key { "yes" } else { "-" },
            row.nodes.join(",")
        )?;
    }
    writeln!(out, "{} certificate(s)", rows.len())?;
    out.flush()?;
    Ok(0)
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Inventory id or SHA-256 fingerprint (a unique prefix is enough).
    pub reference: String,
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    /// Print the PEM text.
    #[arg(long)]
    pub pem: bool,
    #[arg(long)]
    pub json: bool,
}

pub fn show(args: &ShowArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(args.at.as_deref())?;
    let store = open(inventory)?;
    let (row, cert) = store.find(&args.reference)?;
    let assessment = row.assess(now, 60);
    if args.json {
        #[derive(Serialize)]
        struct ShowJson<'a> {
            id: i64,
            role: Role,
            has_private_key: bool,
            trusted: bool,
            nodes: &'a [String],
            status: StatusCode,
            statuses: Vec<StatusCode>,
            days_left: i64,
            subject: String,
            issuer: String,
            serial: &'a str,
            san: &'a [String],
            fingerprint_sha256: &'a str,
            chain_complete: bool,
            chain_missing: Option<&'a str>,
            extensions: &'a [crate::pki::extensions::Extension],
            pem: String,
        }
        print_json(&ShowJson {
            id: row.id,
            role: row.role,
            has_private_key: row.has_private_key,
            trusted: row.trusted,
            nodes: &row.nodes,
            status: assessment.overall,
            statuses: assessment.codes(),
            days_left: assessment.days_left,
            subject: cert.subject.to_string(),
            issuer: cert.issuer.to_string(),
            serial: &cert.serial,
            san: &cert.san,
            fingerprint_sha256: &cert.fingerprint_sha256,
            chain_complete: row.chain_complete,
            chain_missing: row.chain_missing.as_deref(),
            extensions: &cert.extensions(),
            pem: cert.to_pem(),
        })?;
        return Ok(0);
    }
    let mut out = crate::sanitize::Visible::new(std::io::stdout().lock());
    writeln!(out, "#{} {} ({})", row.id, row.name, row.role.describe())?;
    writeln!(out, "  Status       {}", assessment.overall)?;
    for status in &assessment.statuses {
        writeln!(out, "               - {}: {}", status.code, status.reason)?;
    }
    writeln!(out, "  Subject      {}", cert.subject)?;
    writeln!(out, "  Issuer       {}", cert.issuer)?;
    writeln!(out, "  Serial       {}", colon_hex_text(&cert.serial))?;
    writeln!(
        out,
        "  Valid        {} to {}",
        display_time(cert.not_before),
        display_time(cert.not_after)
    )?;
    writeln!(
        out,
        "  Key          {} ({})",
        cert.key,
        if row.has_private_key {
            "private key in the vault"
        } else {
            "no private key"
        }
    )?;
    writeln!(out, "  SAN          {}", cert.san.join(", "))?;
    writeln!(
        out,
        "  SHA-256      {}",
        colon_hex_text(&cert.fingerprint_sha256)
    )?;
    writeln!(
        out,
        "  Trusted CA   {}",
        if row.trusted { "yes" } else { "no" }
    )?;
    writeln!(out, "  Nodes        {}", row.nodes.join(", "))?;
    writeln!(
        out,
        "  Chain        {}",
        if row.chain_complete {
            "complete".to_string()
        } else {
            row.chain_missing.clone().unwrap_or_default()
        }
    )?;
    if args.pem {
        write!(out, "{}", cert.to_pem())?;
    }
    Ok(0)
}

#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Inventory ids or fingerprints.
    #[arg(required = true)]
    pub references: Vec<String>,
    /// Do not ask for confirmation.
    #[arg(long, short)]
    pub yes: bool,
}

pub(super) fn confirm(question: &str) -> bool {
    if !std::io::stdin().is_terminal() {
        return false;
    }
    print!("{question} [y/N] ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).is_ok() && matches!(answer.trim(), "y" | "Y" | "yes")
}

pub fn delete(args: &DeleteArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(None)?;
    let mut store = open(inventory)?;
    // Every one found and confirmed first, then all deleted in one transaction (or none).
    let mut rows = Vec::new();
    for reference in &args.references {
        let (row, _) = store.find(reference)?;
        if !args.yes && !confirm(&format!("Delete #{} {}?", row.id, row.name)) {
            bail!("nothing deleted: confirm with --yes");
        }
        if !rows.iter().any(|(id, _)| *id == row.id) {
            rows.push((row.id, row.name));
        }
    }
    let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
    store.delete_many(&ids, now)?;
    for (id, name) in rows {
        println!("deleted #{id} {name}");
    }
    Ok(0)
}

#[derive(Debug, Args)]
pub struct AlarmsArgs {
    /// Raise an alarm this many days before expiry.
    #[arg(long, default_value_t = DEFAULT_ALARM_DAYS, value_name = "DAYS")]
    pub days: i64,
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    #[arg(long)]
    pub json: bool,
}

/// Exits 1 when there are alarms, so monitoring scripts can act on the status alone.
pub fn alarms(args: &AlarmsArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(args.at.as_deref())?;
    let store = open(inventory)?;
    let alarms = store.alarms(now, args.days)?;
    if args.json {
        print_json(&alarms)?;
    } else {
        for alarm in &alarms {
            println!("{:?}: {}", alarm.kind, alarm.message);
        }
        println!("{} alarm(s)", alarms.len());
    }
    Ok(if alarms.is_empty() { 0 } else { 1 })
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ReportKind {
    Csv,
    Ics,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[arg(value_enum)]
    pub kind: ReportKind,
    /// File to write (default: standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[arg(long)]
    pub force: bool,
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
}

pub fn report(args: &ReportArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(args.at.as_deref())?;
    let store = open(inventory)?;
    let (bytes, name) = match args.kind {
        ReportKind::Csv => (store.report_csv(now, 60)?, "certificates.csv"),
        ReportKind::Ics => (
            store.report_ics(now)?.into_bytes(),
            "certificate-expiry.ics",
        ),
    };
    match &args.out {
        Some(target) => {
            let bundle = crate::store::export::ExportBundle {
                file_name: name.to_string(),
                bytes: Zeroizing::new(bytes),
            };
            let path = crate::store::export::write_atomic(&bundle, target, args.force)?;
            println!("wrote {}", path.display());
        }
        None => std::io::stdout().write_all(&bytes)?,
    }
    Ok(0)
}
