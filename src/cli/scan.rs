//! `certdeck scan TARGET... [--ports LIST] [--save NAME | --saved NAME]`, `certdeck endpoints`
//! and `certdeck adopt HOST:PORT --name NODE`: discovery from the command line.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use clap::Args;
use serde::Serialize;

use super::{InventoryArgs, moment, runtime};
use crate::pki::display::display_time;
use crate::scan::targets::{self, Target};
use crate::scan::{Progress, ScanLimits, ScanSpec, Seen};

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Hosts, DNS names and address ranges (CIDR, at most a /16); @FILE reads them from a file,
    /// one per line.
    #[arg(value_name = "TARGET", required_unless_present_any = ["saved", "approve"])]
    pub targets: Vec<String>,
    /// Ports: 443,8443,8000-8010; PROTOCOL:PORT speaks STARTTLS (smtp, imap, pop3, ldap, xmpp) or
    /// TLS (tls) on another port. Default: the well-known TLS and STARTTLS ports.
    #[arg(long, value_name = "LIST")]
    pub ports: Option<String>,
    /// Connections open at once.
    #[arg(long, default_value_t = ScanLimits::default().parallel)]
    pub parallel: usize,
    /// New connections per second (0: no limit).
    #[arg(long, default_value_t = ScanLimits::default().rate)]
    pub rate: u32,
    /// Seconds each endpoint gets (connection, STARTTLS and handshake).
    #[arg(long, default_value_t = ScanLimits::default().timeout_seconds)]
    pub timeout: u64,
    /// Save this scan (targets, ports and limits) under NAME.
    #[arg(long, value_name = "NAME")]
    pub save: Option<String>,
    /// With --save: the hourly scheduled pass (`certdeck schedule install`, which runs
    /// `certdeck renew --due`) runs it again every HOURS hours.
    #[arg(long, value_name = "HOURS", requires = "save", value_parser = clap::value_parser!(u32).range(1..))]
    pub every: Option<u32>,
    /// Run the scan saved under NAME.
    #[arg(long, value_name = "NAME", conflicts_with = "targets")]
    pub saved: Option<String>,
    /// Approve, on this machine, the shared inventory's scan saved under NAME (a teammate's:
    /// it would connect from here): shown, then asked (--yes: without asking).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["targets", "saved", "save"])]
    pub approve: Option<String>,
    /// With --approve: approve without asking.
    #[arg(long, requires = "approve")]
    pub yes: bool,
    /// Do not name addresses by reverse DNS (for SNI).
    #[arg(long)]
    pub no_reverse_dns: bool,
    /// Look only: do not record what was found in the inventory.
    #[arg(long)]
    pub no_record: bool,
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EndpointsArgs {
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct AdoptArgs {
    /// The endpoint, as `certdeck endpoints` shows it (host:port).
    #[arg(value_name = "HOST:PORT")]
    pub endpoint: String,
    /// The new node's name.
    #[arg(long)]
    pub name: String,
}

#[derive(Serialize)]
struct SeenJson<'a> {
    endpoint: String,
    protocol: &'a str,
    sni: Option<&'a str>,
    /// `served`, or why not (`connect`, `timeout`, `legacy_tls`, `handshake`, `starttls`, …).
    state: &'a str,
    message: Option<String>,
    tls_version: Option<&'a str>,
    cipher: Option<&'a str>,
    subject: Option<String>,
    not_after: Option<String>,
    days_left: Option<i64>,
    trusted: Option<bool>,
    chain: Vec<&'a str>,
}

pub fn scan(args: &ScanArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(args.at.as_deref())?;
    let mut store = super::inventory::open(inventory)?;
    if let Some(name) = &args.approve {
        return approve_scan(&store, name, args.yes, now);
    }
    let spec = match &args.saved {
        Some(name) => store.saved_scan(name)?,
        None => ScanSpec {
            targets: read_targets(&args.targets)?,
            ports: match &args.ports {
                Some(list) => targets::parse_ports(list).map_err(anyhow::Error::msg)?,
                None => targets::default_ports(),
            },
            limits: ScanLimits {
                parallel: args.parallel,
                rate: args.rate,
                timeout_seconds: args.timeout,
                reverse_dns: !args.no_reverse_dns,
            },
        },
    };
    // Addresses the nodes are known by give their names for SNI.
    let (names, trust) = crate::scan::inventory_context(&store)?;
    let planned = targets::plan(&spec.targets, &spec.ports, &names);
    let cancel = Arc::new(AtomicBool::new(false));
    let total = planned.len();
    let runtime = runtime()?;
    let seen: Vec<Seen> = runtime.block_on(async {
        super::cancel_on_ctrl_c(&cancel, "endpoints not yet looked at");
        crate::scan::scan(
            planned,
            trust,
            &spec.limits,
            now,
            progress_line(),
            cancel.clone(),
        )
        .await
    });
    if std::io::stderr().is_terminal() {
        eprintln!();
    }
    let record = if args.no_record {
        None
    } else {
        Some(store.record_scan(&seen)?)
    };
    if let Some(name) = &args.save {
        store.save_scan(name, &spec, args.every, now)?;
        // Saved here, by this user: approved here (a shared inventory's other members approve
        // it on their own machines).
        if let Some(request) = store.saved_scan_request(name)? {
            crate::store::approvals::approve_all(store.dir(), &[request], now)
                .map_err(anyhow::Error::msg)?;
        }
    }
    if let Some(name) = args.save.as_ref().or(args.saved.as_ref()) {
        store.saved_scan_ran(name, now)?;
    }
    let answered: Vec<&Seen> = seen.iter().filter(|s| s.answered()).collect();
    let mut out = std::io::BufWriter::new(crate::sanitize::Visible::new(std::io::stdout().lock()));
    if args.json {
        let values: Vec<SeenJson> = answered.iter().map(|s| seen_json(s, now)).collect();
        serde_json::to_writer_pretty(&mut out, &values)?;
        writeln!(out)?;
    } else {
        for s in &answered {
            let json = seen_json(s, now);
            match (&json.subject, &json.message) {
                (Some(subject), _) => writeln!(
                    out,
                    "{:<28} {:<5} {:<8} {} (until {}, {} days){}",
                    json.endpoint,
                    json.protocol,
                    json.tls_version.unwrap_or_default(),
                    subject,
                    json.not_after.as_deref().unwrap_or_default(),
                    json.days_left.unwrap_or_default(),
                    if json.trusted == Some(false) {
                        ", not trusted"
                    } else {
                        ""
                    }
                )?,
                (None, message) => writeln!(
                    out,
                    "{:<28} {:<5} {}",
                    json.endpoint,
                    json.protocol,
                    message.as_deref().unwrap_or(json.state)
                )?,
            }
        }
        let cancelled = if cancel.load(Ordering::Relaxed) {
            format!(" (cancelled: {} of {total} looked at)", seen.len())
        } else {
            String::new()
        };
        writeln!(
            out,
            "{} endpoint(s) answered of {} looked at{cancelled}",
            answered.len(),
            seen.len()
        )?;
        if let Some(record) = record {
            writeln!(
                out,
                "recorded: {} new, {} seen again, {} known but silent, {} certificate(s) seen for the first time",
                record.new, record.seen_again, record.silent, record.new_certificates
            )?;
        }
    }
    out.flush()?;
    Ok(if cancel.load(Ordering::Relaxed) {
        super::EXIT_ERROR
    } else {
        0
    })
}

/// Targets from the arguments; `@FILE` stands for the file's lines (blank lines and `#`
/// comments skipped).
fn read_targets(arguments: &[String]) -> anyhow::Result<Vec<Target>> {
    let mut targets = Vec::new();
    for argument in arguments {
        if let Some(path) = argument.strip_prefix('@') {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("{path}: cannot read the target list: {e}"))?;
            for (number, line) in text.lines().enumerate() {
                let line = line.split('#').next().unwrap_or_default().trim();
                if line.is_empty() {
                    continue;
                }
                targets.push(
                    Target::parse(line)
                        .map_err(|e| anyhow::anyhow!("{path}, line {}: {e}", number + 1))?,
                );
            }
        } else {
            targets.push(Target::parse(argument).map_err(anyhow::Error::msg)?);
        }
    }
    let addresses: u128 = targets.iter().map(Target::addresses).sum();
    if addresses > targets::MAX_ADDRESSES {
        anyhow::bail!(
            "the targets hold {addresses} addresses; a scan covers at most {} at a time",
            targets::MAX_ADDRESSES
        );
    }
    Ok(targets)
}

/// Progress on standard error when it is a terminal, at most ten times a second.
fn progress_line() -> Arc<dyn Fn(Progress) + Send + Sync> {
    if !std::io::stderr().is_terminal() {
        return Arc::new(|_| {});
    }
    let started = std::time::Instant::now();
    let last = AtomicU64::new(0);
    Arc::new(move |p: Progress| {
        let tenths = started.elapsed().as_millis() as u64 / 100;
        if p.done == p.total || last.swap(tenths, Ordering::Relaxed) != tenths {
            eprint!(
                "\rscanned {}/{} endpoints, {} serving TLS ",
                p.done, p.total, p.served
            );
        }
    })
}

fn seen_json(seen: &Seen, now: time::OffsetDateTime) -> SeenJson<'_> {
    let mut json = SeenJson {
        endpoint: crate::probe::address(&seen.host, seen.port),
        protocol: seen.protocol.as_str(),
        sni: seen.sni.as_deref(),
        state: "served",
        message: None,
        tls_version: None,
        cipher: None,
        subject: None,
        not_after: None,
        days_left: None,
        trusted: None,
        chain: Vec::new(),
    };
    match &seen.outcome {
        Ok(report) => {
            let leaf = &report.chain[0];
            json.tls_version = Some(&report.protocol);
            json.cipher = Some(&report.cipher);
            json.subject = Some(leaf.subject.to_string());
            json.not_after = Some(display_time(leaf.not_after));
            json.days_left = Some(leaf.days_left(now));
            json.trusted = Some(report.verdict.trusted);
            json.chain = report
                .chain
                .iter()
                .map(|c| c.fingerprint_sha256.as_str())
                .collect();
        }
        Err(error) => {
            json.state = error.code();
            json.message = Some(error.to_string());
        }
    }
    json
}

pub fn endpoints(args: &EndpointsArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let store = super::inventory::open(inventory)?;
    let rows = store.endpoints()?;
    let mut out = std::io::BufWriter::new(crate::sanitize::Visible::new(std::io::stdout().lock()));
    if args.json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{:<28} {:<5} {:<10} {:<8} {:<20} SERVES",
            "ENDPOINT", "PROTO", "STATE", "TLS", "LAST SEEN"
        )?;
        for row in &rows {
            let last_seen = time::OffsetDateTime::from_unix_timestamp(row.last_seen)
                .map(display_time)
                .unwrap_or_default();
            let serves = match (&row.leaf_subject, row.managed_id) {
                (Some(subject), Some(id)) => format!("{subject} (#{id})"),
                (Some(subject), None) => format!("{subject} (not in the inventory)"),
                (None, _) => row.detail.clone().unwrap_or_default(),
            };
            writeln!(
                out,
                "{:<28} {:<5} {:<10} {:<8} {:<20} {serves}",
                row.address(),
                row.protocol,
                row.state,
                row.tls_version.as_deref().unwrap_or("-"),
                last_seen
            )?;
        }
    }
    out.flush()?;
    Ok(0)
}

pub fn adopt(args: &AdoptArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let mut store = super::inventory::open(inventory)?;
    let now = time::OffsetDateTime::now_utc();
    store.adopt(&args.endpoint, &args.name, now)?;
    let node = store.node(&args.name)?;
    println!(
        "node {} made from {} (host name {}{})",
        node.name,
        args.endpoint,
        node.fqdn,
        if node.certificate_id.is_some() {
            ", its served certificate assigned"
        } else {
            "; the certificate it serves is not in the inventory: import it or issue one"
        }
    );
    Ok(0)
}

/// `scan --approve NAME`: shows the saved scan's specification and approves it on this machine.
fn approve_scan(
    store: &crate::store::Inventory,
    name: &str,
    yes: bool,
    now: time::OffsetDateTime,
) -> anyhow::Result<u8> {
    let Some(request) = store.saved_scan_request(name)? else {
        println!("{name}: a scan of this machine's own inventory needs no approval");
        return Ok(0);
    };
    println!("{}", request.describe());
    if !yes && !super::inventory::confirm("Approve: let it connect from this machine?") {
        eprintln!("not approved (without a terminal to ask on, approve with --yes)");
        return Ok(1);
    }
    crate::store::approvals::approve_all(store.dir(), &[request], now)
        .map_err(anyhow::Error::msg)?;
    println!("approved on this machine");
    Ok(0)
}
