//! Inventory commands: import, list, show, delete, trust, node, alarms, report.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};
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
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
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
struct TerminalPasswords;

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
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
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
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
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
    let mut out = std::io::stdout().lock();
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

#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// The trusted CA list (--builtin adds the Mozilla roots).
    List {
        #[arg(long)]
        builtin: bool,
        #[arg(long)]
        json: bool,
    },
    /// Trust a stored CA (by id or fingerprint) or the CA certificates of a file.
    Add { reference: String },
    /// Stop trusting a CA (it stays in the inventory as chain material).
    Remove { reference: String },
    /// Write the trusted CA list as ca-certificates.pem.
    Export {
        /// File or folder (default: the current folder).
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        #[arg(long)]
        force: bool,
    },
}

pub fn trust(command: TrustCommand, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(None)?;
    let mut store = open(inventory)?;
    match command {
        TrustCommand::List { builtin, json } => {
            let list = store.trusted_cas(builtin)?;
            if json {
                print_json(&list)?;
            } else {
                for ca in &list {
                    let id = ca
                        .id
                        .map(|i| format!("#{i}"))
                        .unwrap_or_else(|| "built-in".into());
                    println!("{id:>9}  {}", ca.subject);
                }
            }
        }
        TrustCommand::Add { reference } => {
            let path = PathBuf::from(&reference);
            if path.exists() {
                let report = store.import(
                    &[ImportInput::Path(path)],
                    &DecodeOptions::default(),
                    &mut TerminalPasswords,
                    now,
                )?;
                // The file's CA certificates, trusted together (one relink of the inventory).
                let mut cas = Vec::new();
                for outcome in report.outcomes.iter().filter(|o| o.kind == "certificate") {
                    if let Some(id) = outcome.id {
                        let (row, _) = store.find(&id.to_string())?;
                        if row.facts.is_ca && !cas.iter().any(|(known, _)| *known == id) {
                            cas.push((id, row.subject));
                        }
                    }
                }
                let ids: Vec<i64> = cas.iter().map(|(id, _)| *id).collect();
                store.trust_many(&ids, now)?;
                for (id, subject) in cas {
                    println!("trusted #{id} {subject}");
                }
            } else {
                let (row, _) = store.find(&reference)?;
                store.trust(row.id, now)?;
                println!("trusted #{} {}", row.id, row.subject);
            }
        }
        TrustCommand::Remove { reference } => {
            let (row, _) = store.find(&reference)?;
            store.distrust(row.id, now)?;
            println!("no longer trusted: #{} {}", row.id, row.subject);
        }
        TrustCommand::Export { out, force } => {
            let bundle = store.export_trusted_cas()?;
            let target = out.unwrap_or_else(|| PathBuf::from("."));
            let path = crate::store::export::write_atomic(&bundle, &target, force)?;
            println!("wrote {}", path.display());
        }
    }
    Ok(0)
}

// Parsed once per run: the size of the biggest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum NodeCommand {
    /// Add a node.
    Add {
        name: String,
        #[arg(long)]
        fqdn: String,
        /// Alternative names the node answers to (repeatable).
        #[arg(long = "alt", value_name = "NAME")]
        alt_names: Vec<String>,
        /// The node terminates SIP over TLS (wildcard certificates are refused for it).
        #[arg(long)]
        sip: bool,
        /// What the node's certificate is for: server, client or both (mutual TLS).
        #[arg(long, default_value = "server", value_parser = ["server", "client", "both"])]
        role: String,
    },
    /// List nodes with their certificate.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Assign a server certificate to a node (replaces the previous one).
    Assign { name: String, certificate: String },
    /// How the node is reached: TLS endpoints to verify and the driver that pushes to it.
    Configure {
        name: String,
        /// TLS endpoint to verify after a push, host:port (repeatable; SIP TLS is 5061).
        #[arg(long = "endpoint", value_name = "HOST:PORT")]
        endpoints: Vec<String>,
        /// none | folder | ssh | https | pexip.
        #[arg(long, default_value = "none")]
        driver: String,
        /// folder: where to write the files.
        #[arg(long, value_name = "DIR")]
        path: Option<PathBuf>,
        /// folder, ssh: a CRL file (PEM or DER) to ship with the certificate (folder: as
        /// crl.pem; ssh: to --crl-path), read at each push.
        #[arg(long, value_name = "FILE")]
        crl: Option<PathBuf>,
        /// folder, ssh: ship this local CA's CRL, signed afresh (valid 7 days) at each push.
        #[arg(long, value_name = "CA_ID", conflicts_with = "crl")]
        crl_from_ca: Option<i64>,
        /// ssh: remote path of the CRL (what the endpoint's tls-crl option names).
        #[arg(long, value_name = "PATH")]
        crl_path: Option<String>,
        /// folder: a local command to run after writing; ssh: a command run on the node.
        #[arg(long, value_name = "COMMAND")]
        reload: Option<String>,
        /// ssh: the node's address (default: its FQDN).
        #[arg(long)]
        ssh_host: Option<String>,
        #[arg(long, default_value_t = 22)]
        ssh_port: u16,
        /// ssh: the user to log in as.
        #[arg(long)]
        ssh_user: Option<String>,
        /// ssh: remote path of the certificate (with chain).
        #[arg(long, value_name = "PATH")]
        cert_path: Option<String>,
        /// ssh: remote path of the private key (mode 0600).
        #[arg(long, value_name = "PATH")]
        key_path: Option<String>,
        /// ssh: remote path of the trusted CA list.
        #[arg(long, value_name = "PATH")]
        ca_path: Option<String>,
        /// https: the folder URL (WebDAV, ending in /) or the upload form's URL.
        #[arg(long)]
        url: Option<String>,
        /// https: webdav or multipart.
        #[arg(long, default_value = "webdav")]
        upload_mode: String,
        /// https: basic or digest authentication.
        #[arg(long, default_value = "basic")]
        http_auth: String,
        /// https, multipart: the form field that carries the file.
        #[arg(long, default_value = "file")]
        form_field: String,
        /// https, pexip: the user for Basic authentication (password via `node credential`).
        #[arg(long)]
        http_user: Option<String>,
        /// pexip: the node's name in Pexip Infinity (default: the certdeck node's name).
        #[arg(long)]
        pexip_node: Option<String>,
    },
    /// Show one node: names, driver, endpoints, certificate, trust list, last result.
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Remove a node (its certificate stays in the inventory; its keychain secrets are deleted).
    Remove { name: String },
    /// Store the node's login secret in the OS keychain (never in the inventory).
    Credential {
        name: String,
        /// File with the password (first line).
        #[arg(long, value_name = "F")]
        password_file: Option<PathBuf>,
        /// OpenSSH private key file for SSH.
        #[arg(long, value_name = "F")]
        ssh_key: Option<PathBuf>,
    },
    /// Connect to the node's driver and show its host key; --accept pins it.
    Test {
        name: String,
        /// Pin the key or certificate shown (first contact).
        #[arg(long)]
        accept: bool,
        /// The node's key or certificate changed (reinstalled, renewed) and you checked the new
        /// one on the node: show the old and the new fingerprint and pin the new one.
        #[arg(long, conflicts_with = "accept")]
        replace_pin: bool,
    },
    /// Set the node's trusted CA list (ids or fingerprints of stored CA certificates).
    Trust { name: String, cas: Vec<String> },
    /// The policy the node's certificate is judged under: web, private, or auto (web when its
    /// chain ends at a public root, private otherwise).
    Policy {
        name: String,
        #[arg(value_parser = ["web", "private", "auto"])]
        policy: String,
    },
    /// Read the alarms of a Pexip Infinity node's platform.
    Alarms {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Probe the node's endpoints: do they serve its assigned certificate?
    Verify {
        name: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn node(command: NodeCommand, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(None)?;
    let mut store = open(inventory)?;
    match command {
        NodeCommand::Add {
            name,
            fqdn,
            alt_names,
            sip,
            role,
        } => {
            let role = if sip { format!("{role},sip") } else { role };
            let id = store.add_node(&name, &fqdn, &alt_names, &role, now)?;
            println!("added node #{id} {name}");
        }
        NodeCommand::List { json } => {
            let nodes = store.nodes()?;
            if json {
                print_json(&nodes)?;
            } else {
                for n in &nodes {
                    let cert = n
                        .certificate_id
                        .map(|c| format!("#{c}"))
                        .unwrap_or_else(|| "no certificate".into());
                    println!("{:<20} {:<32} {cert}", n.name, n.fqdn);
                }
            }
        }
        NodeCommand::Configure {
            name,
            endpoints,
            driver,
            path,
            crl,
            crl_from_ca,
            crl_path,
            reload,
            ssh_host,
            ssh_port,
            ssh_user,
            cert_path,
            key_path,
            ca_path,
            url,
            upload_mode,
            http_auth,
            form_field,
            http_user,
            pexip_node,
        } => {
            let node = store.node(&name)?;
            let fields = crate::push::setup::DriverFields {
                path,
                crl,
                crl_from_ca,
                crl_path,
                reload,
                ssh_host,
                ssh_port,
                ssh_user,
                certificate_path: cert_path,
                key_path,
                trusted_ca_path: ca_path,
                url,
                upload_mode,
                http_auth,
                form_field,
                http_user,
                pexip_node,
            };
            let settings =
                crate::push::setup::driver_settings(&driver, &name, &node.fqdn, &fields)?;
            store.configure_node(&name, &endpoints, &driver, &settings)?;
            println!(
                "node {name}: driver {driver}, endpoints {}",
                endpoints.join(", ")
            );
        }
        NodeCommand::Policy { name, policy } => {
            let chosen = match policy.as_str() {
                "web" => Some(crate::pki::rules::Policy::Web),
                "private" => Some(crate::pki::rules::Policy::Private),
                _ => None,
            };
            store.set_node_policy(&name, chosen)?;
            println!(
                "node {name}: its certificate is judged under {}",
                chosen
                    .map(|p| format!("the {} policy", p.name()))
                    .unwrap_or_else(|| "the policy its chain's root calls for".into())
            );
        }
        NodeCommand::Trust { name, cas } => {
            let mut ids = Vec::new();
            for reference in &cas {
                let (row, _) = store.find(reference)?;
                if !row.facts.is_ca {
                    bail!("{} is not a CA certificate", row.subject);
                }
                ids.push(row.id);
            }
            store.set_node_trust(&name, &ids)?;
            println!("node {name} trusts {} CA(s)", ids.len());
        }
        NodeCommand::Credential {
            name,
            password_file,
            ssh_key,
        } => {
            let scope = store.node(&name)?.inventory;
            use crate::push::setup::{Secret, store_secret};
            if let Some(file) = password_file {
                let password = read_password_file(&file)?;
                store_secret(&scope, &name, Secret::Password, &password)
                    .map_err(anyhow::Error::msg)?;
                println!("password for {name} stored in the keychain");
            }
            if let Some(file) = ssh_key {
                let key = Zeroizing::new(
                    std::fs::read_to_string(&file)
                        .with_context(|| format!("reading {}", file.display()))?,
                );
                store_secret(&scope, &name, Secret::SshKey, &key).map_err(anyhow::Error::msg)?;
                println!("SSH key for {name} stored in the keychain");
            }
        }
        NodeCommand::Show { name, json } => {
            let node = store.node(&name)?;
            if json {
                print_json(&node)?;
            } else {
                println!("{} ({})", node.name, node.fqdn);
                println!("  alternative names  {}", node.alt_names.join(", "));
                println!("  role               {}", node.role);
                println!("  driver             {} {}", node.driver, node.settings);
                println!("  endpoints          {}", node.endpoints.join(", "));
                println!(
                    "  pinned host key    {}",
                    node.pinned.as_deref().unwrap_or("-")
                );
                match node.certificate_id {
                    Some(id) => {
                        let (row, _) = store.find(&id.to_string())?;
                        let coverage = crate::store::nodes::san_coverage(&node, &row.san);
                        println!("  certificate        #{id} {}", row.name);
                        println!("  names covered      {}", coverage);
                    }
                    None => println!("  certificate        none"),
                }
                println!("  trusted CAs        {:?}", node.trusted_cas);
                println!(
                    "  last result        {}",
                    node.last_result.as_deref().unwrap_or("-")
                );
            }
        }
        NodeCommand::Remove { name } => {
            let scope = store.id()?;
            store.remove_node(&name)?;
            crate::push::setup::forget_secrets(&scope, &name);
            println!("removed node {name}");
        }
        NodeCommand::Test {
            name,
            accept,
            replace_pin,
        } => {
            drop(store);
            if replace_pin {
                return super::push::replace_pin(&name, inventory);
            }
            return super::push::test_node(&name, accept, inventory);
        }
        NodeCommand::Alarms { name, json } => {
            drop(store);
            return super::push::pexip_alarms(&name, json, inventory);
        }
        NodeCommand::Verify { name, json } => {
            drop(store);
            return super::push::verify_node(&name, json, inventory);
        }
        NodeCommand::Assign { name, certificate } => {
            let (row, _) = store.find(&certificate)?;
            store.assign(&name, row.id, now)?;
            println!("node {name} now uses #{} {}", row.id, row.name);
        }
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
