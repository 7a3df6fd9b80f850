//! `certdeck renew`: one unattended pass (`--due`, what the scheduler runs) or named nodes now
//! (`--force`), its log, what the channels are told, and the saved scans that are due.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use clap::Args;

use super::cancel_on_ctrl_c;
use super::inventory::{open, print_json};
use super::{InventoryArgs, moment, runtime};
use crate::acme::renew::{self, Keychain, NodeReport, Options, RenewEvent, Selection};

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
    let runtime = runtime()?;
    let session = runtime
        .block_on(
            crate::app::session::prepare(store)
                .map_err(anyhow::Error::msg)?
                .open(args.team_url.as_deref()),
        )
        .map_err(anyhow::Error::msg)?;
    let options = Options {
        dry_run: args.dry_run,
        parallel: args.parallel,
        team: session.team.clone(),
        ..Options::default()
    };
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
            journal: session.journal,
            secrets: Arc::new(Keychain),
            trust: session.trust,
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
