//! `certdeck push NODE...`, `certdeck node verify NODE`, `certdeck push-log`.

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use clap::Args;

use super::inventory::open;
use super::{InventoryArgs, cancel_on_ctrl_c, moment, runtime};
use crate::push::journal::Journal;
use crate::push::{Driver, Progress, PushOptions, PushResult, verify_endpoints};
use crate::store::Inventory;

#[derive(Debug, Args)]
pub struct PushArgs {
    /// Nodes to push their assigned certificate and trusted CAs to.
    #[arg(value_name = "NODE")]
    pub nodes: Vec<String>,
    /// Also a node to push to (repeatable).
    #[arg(long = "node", value_name = "NODE")]
    pub more_nodes: Vec<String>,
    /// Every node that has a driver.
    #[arg(long)]
    pub all: bool,
    /// Show the plan only.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not probe the endpoints afterwards (no rollback either).
    #[arg(long)]
    pub no_verify: bool,
    /// Nodes pushed at once.
    #[arg(long, default_value_t = 4)]
    pub parallel: usize,
    /// Finish pushes that were interrupted (certdeck killed, power lost): put back what they had
    /// changed (`rollback`, the default) or write the rest (`complete`).
    #[arg(long, value_name = "HOW", num_args = 0..=1, default_missing_value = "rollback", conflicts_with_all = ["nodes", "more_nodes", "all", "journal"])]
    pub resume: Option<crate::push::resume::Resume>,
    /// Show the push journal (the newest pushes, with what each changed), or one push by id.
    #[arg(long, value_name = "PUSH", num_args = 0..=1, default_missing_value = "0", conflicts_with_all = ["nodes", "more_nodes", "all"])]
    pub journal: Option<i64>,
    #[arg(long)]
    pub json: bool,
    /// A team's database: each node's push lock is taken there first (a node another member is
    /// pushing to is skipped, saying who), and every outcome goes into the team's audit log.
    #[arg(long, env = "CERTDECK_TEAM_URL", value_name = "URL")]
    pub team_url: Option<String>,
}

/// Node names in the order given, each once (`push web1 --all` pushes web1 once).
fn unique_names(args: &PushArgs, store: &Inventory) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = args.nodes.iter().chain(&args.more_nodes).cloned().collect();
    if args.all {
        names.extend(
            store
                .nodes()?
                .into_iter()
                .filter(|n| n.driver != "none")
                .map(|n| n.name),
        );
    }
    let mut seen = std::collections::HashSet::new();
    names.retain(|name| seen.insert(name.clone()));
    Ok(names)
}

pub fn run(args: &PushArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    if let Some(how) = args.resume {
        return resume(how, args.json, inventory);
    }
    if let Some(push) = args.journal {
        return show_journal(push, args.json, inventory);
    }
    let now = moment(None)?;
    let mut store = open(inventory)?;
    let mut jobs = Vec::new();
    let mut out = crate::sanitize::Visible::new(std::io::stdout().lock());
    let names = unique_names(args, &store)?;
    if names.is_empty() {
        anyhow::bail!("name the nodes to push to (or --all)");
    }
    let nodes = crate::push::session::nodes(&store, &names).map_err(anyhow::Error::msg)?;
    // A teammate's folder or reload command runs here only once approved here: asked for at a
    // terminal, refused by the plan otherwise (crate::store::approvals).
    for node in &nodes {
        ask_approval(node, now)?;
    }
    for planned in
        crate::push::session::plan(&mut store, &nodes, now).map_err(anyhow::Error::msg)?
    {
        if !args.json {
            let job = &planned.job;
            writeln!(
                out,
                "plan for {} ({} driver): {}",
                job.node,
                job.driver.name(),
                job.bundle.subject
            )?;
            // Where the key goes was set by someone: on a shared inventory, say who.
            if let Some(node) = nodes.iter().find(|n| n.name == job.node)
                && node.approvals_dir.is_some()
            {
                writeln!(
                    out,
                    "  its driver, address and pin set by {} at {}",
                    node.changed_by.as_deref().unwrap_or("an unknown member"),
                    node.changed_at
                        .and_then(|at| time::OffsetDateTime::from_unix_timestamp(at).ok())
                        .map(crate::pki::display::display_time)
                        .unwrap_or_else(|| "an unknown time".into())
                )?;
            }
            for step in &planned.steps {
                writeln!(out, "  {step}")?;
            }
            for endpoint in &job.endpoints {
                writeln!(out, "  then verify {endpoint} serves it")?;
            }
        }
        jobs.push(planned.job);
    }
    if args.dry_run {
        return Ok(0);
    }
    let options = PushOptions {
        parallel: args.parallel,
        verify: !args.no_verify,
        ..PushOptions::default()
    };
    let prepared = crate::app::session::prepare(store).map_err(anyhow::Error::msg)?;
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let cancel = Arc::new(AtomicBool::new(false));
    let json = args.json;
    let team_url = args.team_url.clone();
    let (outcomes, refused) = runtime()?.block_on(async move {
        // In a team, only the nodes whose locks this member holds are pushed.
        let session = prepared
            .open(team_url.as_deref())
            .await
            .map_err(anyhow::Error::msg)?;

        let printer = tokio::spawn(async move {
            while let Some(event) = receiver.recv().await {
                if json {
                    continue;
                }
                match event {
                    Progress::Applying(node) => eprintln!("{node}: applying…"),
                    Progress::Applied(node, detail) => eprintln!("{node}: {detail}"),
                    Progress::Verifying(node) => eprintln!("{node}: verifying over TLS…"),
                    Progress::Done(_) => {}
                }
            }
        });
        // What is under way finishes (and is verified).
        cancel_on_ctrl_c(&cancel, "nodes not yet started");
        let (outcomes, refused) = session
            .push(jobs, options, sender, cancel, now)
            .await
            .map_err(anyhow::Error::msg)?;
        let _ = printer.await;
        anyhow::Ok((outcomes, refused))
    })?;
    for busy in &refused {
        eprintln!("certdeck: skipped: {busy}");
    }
    print_outcomes(&mut out, &outcomes, json)?;
    let ok = refused.is_empty()
        && outcomes
            .iter()
            .all(|o| matches!(o.result, PushResult::Verified | PushResult::Applied));
    Ok(if ok { 0 } else { 1 })
}

fn print_outcomes(
    out: &mut impl Write,
    outcomes: &[crate::push::NodeOutcome],
    json: bool,
) -> anyhow::Result<()> {
    if json {
        serde_json::to_writer_pretty(&mut *out, outcomes)?;
        writeln!(out)?;
        return Ok(());
    }
    for outcome in outcomes {
        writeln!(
            out,
            "{}: {} — {}",
            outcome.node,
            crate::push::session::result_word(&outcome.result),
            outcome.detail
        )?;
        for check in &outcome.endpoints {
            writeln!(
                out,
                "  {} {}: {}",
                if check.ok { "ok  " } else { "FAIL" },
                check.endpoint,
                check.detail
            )?;
        }
    }
    Ok(())
}

/// `certdeck push --resume [rollback|complete]`.
fn resume(
    how: crate::push::resume::Resume,
    json: bool,
    inventory: &InventoryArgs,
) -> anyhow::Result<u8> {
    let now = moment(None)?;
    let mut store = open(inventory)?;
    let unfinished = crate::push::session::unfinished(&mut store)?;
    if unfinished.is_empty() {
        if json {
            println!("[]");
        } else {
            println!("no unfinished pushes");
        }
        return Ok(0);
    }
    if !json {
        for entry in &unfinished {
            let summary = entry.push.summary();
            eprintln!(
                "push #{} to {} ({}, started {} by {}) changed or may have changed: {}",
                summary.id,
                summary.node,
                summary.driver,
                summary.started_at,
                summary.who,
                if summary.touched.is_empty() {
                    "nothing".to_string()
                } else {
                    summary.touched.join(", ")
                }
            );
        }
    }
    let journal = Journal::new(store);
    let outcomes = runtime()?.block_on(crate::push::resume::resume(
        journal,
        unfinished,
        how,
        crate::push::session::who(),
        now,
    ));
    print_outcomes(
        &mut crate::sanitize::Visible::new(std::io::stdout().lock()),
        &outcomes,
        json,
    )?;
    let ok = outcomes.iter().all(|o| {
        matches!(
            o.result,
            PushResult::RolledBack | PushResult::Applied | PushResult::Verified
        )
    });
    Ok(if ok { 0 } else { 1 })
}

/// `certdeck push --journal [PUSH]`.
fn show_journal(push: i64, json: bool, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let mut store = open(inventory)?;
    if push == 0 {
        let recent = store.journal_recent(50)?;
        if json {
            super::inventory::print_json(&recent)?;
        } else {
            for p in &recent {
                println!(
                    "#{} {} {} {} ({}, by {}): {}",
                    p.id, p.started_at, p.node, p.state, p.driver, p.who, p.what
                );
            }
        }
        return Ok(0);
    }
    let record = store.journal_push(push)?;
    let steps: Vec<serde_json::Value> = record
        .steps
        .iter()
        .map(|s| {
            serde_json::json!({
                "seq": s.seq,
                "kind": s.kind,
                "target": s.target,
                "private": s.private,
                "before_sha256": s.before.sha256(),
                "after_sha256": s.after.sha256(),
                "backup": s.backup,
                "created": s.created,
                "state": s.state,
                "note": s.note,
            })
        })
        .collect();
    if json {
        super::inventory::print_json(&serde_json::json!({
            "push": record.summary(),
            "steps": steps,
        }))?;
    } else {
        let summary = record.summary();
        println!(
            "push #{} to {} ({}) by {} at {}: {} — {}",
            summary.id,
            summary.node,
            summary.driver,
            summary.who,
            summary.started_at,
            summary.state,
            summary.what
        );
        for s in &record.steps {
            println!(
                "  {:>2} {:<7} {:<7} {}{}",
                s.seq,
                format!("{:?}", s.state).to_lowercase(),
                format!("{:?}", s.kind).to_lowercase(),
                s.target,
                s.note
                    .as_deref()
                    .filter(|n| !n.is_empty())
                    .map(|n| format!(" — {n}"))
                    .unwrap_or_default()
            );
        }
    }
    Ok(0)
}

/// Probes a node's endpoints for its assigned certificate.
pub fn verify_node(name: &str, json: bool, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(None)?;
    let mut store = open(inventory)?;
    let check = crate::push::session::check(&store, name).map_err(anyhow::Error::msg)?;
    let runtime = runtime()?;
    let checks = runtime.block_on(verify_endpoints(
        &check.endpoints,
        &check.fqdn,
        &check.fingerprint,
        &check.trust,
        Duration::from_secs(10),
        now,
    ));
    let ok = checks.iter().all(|c| c.ok);
    store.set_node_result(name, &crate::push::session::check_result(&checks))?;
    if json {
        super::inventory::print_json(&checks)?;
    } else {
        for check in &checks {
            println!(
                "{} {}: {}",
                if check.ok { "ok  " } else { "FAIL" },
                check.endpoint,
                check.detail
            );
        }
    }
    Ok(if ok { 0 } else { 1 })
}

pub fn log(json: bool, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let store = open(inventory)?;
    let entries = store.push_log()?;
    if json {
        super::inventory::print_json(&entries)?;
    } else {
        for e in &entries {
            println!(
                "{} {} {} {} {}: {} ({})",
                e.at, e.who, e.node, e.driver, e.result, e.detail, e.what
            );
        }
    }
    Ok(0)
}

fn driver_for(
    store: &mut crate::store::Inventory,
    node: &crate::store::Node,
) -> anyhow::Result<Driver> {
    crate::push::setup::driver_for(store, node).map_err(|e| anyhow::anyhow!("{}: {e}", node.name))
}

/// Connects to the node's driver: shows (and with `accept`, pins) its SSH host key or its
/// appliance's TLS certificate.
pub fn test_node(name: &str, accept: bool, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    use crate::push::setup::{Identity, first_contact};
    let mut store = open(inventory)?;
    let node = store.node(name)?;
    let runtime = runtime()?;
    let stored = crate::push::setup::credentials(&mut store, &node.name);
    let contact = runtime
        .block_on(first_contact(&node, stored, Duration::from_secs(15)))
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    let Some(contact) = contact else {
        println!(
            "{name}: the {} driver needs no connection test",
            node.driver
        );
        return Ok(0);
    };
    let what = match contact.identity {
        Identity::SshHostKey => "host key",
        Identity::TlsCertificate => "the appliance presents a certificate with SHA-256",
    };
    if let Some(user) = &contact.logged_in_as {
        println!(
            "{name}: logged in as {user}; host key {} (pinned)",
            contact.fingerprint
        );
        return Ok(0);
    }
    println!("{name}: {what} {}", contact.fingerprint);
    if contact.pinned {
        println!("(already pinned)");
    } else if accept {
        store.pin_node(name, &contact.fingerprint)?;
        match contact.identity {
            Identity::SshHostKey => println!("pinned; run the test again to check the login"),
            Identity::TlsCertificate => println!("pinned"),
        }
    } else {
        match contact.identity {
            Identity::SshHostKey => println!(
                "check it on the node (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and pin it with --accept"
            ),
            Identity::TlsCertificate => {
                println!("check it on the appliance and pin it with --accept")
            }
        }
        return Ok(1);
    }
    Ok(0)
}

/// Re-pins a node whose host key or certificate changed, after the administrator checked the
/// new one: connects without the old pin to see the new fingerprint, shows both, pins the new.
pub fn replace_pin(name: &str, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    use crate::push::setup::first_contact;
    let mut store = open(inventory)?;
    let node = store.node(name)?;
    let Some(old) = node.pinned.clone() else {
        anyhow::bail!("{name} has nothing pinned yet: use certdeck node test {name} --accept");
    };
    let unpinned = crate::store::Node {
        pinned: None,
        ..node
    };
    let stored = crate::push::setup::credentials(&mut store, &unpinned.name);
    let contact = runtime()?
        .block_on(first_contact(&unpinned, stored, Duration::from_secs(15)))
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?
        .ok_or_else(|| anyhow::anyhow!("{name}: the {} driver pins nothing", unpinned.driver))?;
    if contact.fingerprint == old {
        println!("{name}: unchanged, still {old}");
        return Ok(0);
    }
    store.pin_node(name, &contact.fingerprint)?;
    println!("{name}: pinned {} (was {old})", contact.fingerprint);
    Ok(0)
}

/// The alarms of a Pexip Infinity platform, through a node configured with the pexip driver.
pub fn pexip_alarms(name: &str, json: bool, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let mut store = open(inventory)?;
    let node = store.node(name)?;
    let driver = driver_for(&mut store, &node)?;
    let Some(crate::push::pexip::PexipDriver {
        settings,
        pin,
        password,
    }) = driver.get::<crate::push::pexip::PexipDriver>()
    else {
        anyhow::bail!("{name} does not use the pexip driver");
    };
    let runtime = runtime()?;
    let alarms = runtime
        .block_on(crate::push::pexip::alarms(
            settings,
            pin,
            password,
            Duration::from_secs(15),
        ))
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    if json {
        super::inventory::print_json(&alarms)?;
    } else {
        for alarm in &alarms {
            println!(
                "{} {} on {}: {}",
                alarm.level, alarm.name, alarm.node, alarm.details
            );
        }
        println!("{} alarm(s)", alarms.len());
    }
    Ok(if alarms.is_empty() { 0 } else { 1 })
}

/// At a terminal, asks for what `node` (of a shared inventory) would run or write here and was
/// not approved yet; elsewhere leaves the refusal to the plan.
fn ask_approval(node: &crate::store::Node, now: time::OffsetDateTime) -> anyhow::Result<()> {
    let Some(dir) = &node.approvals_dir else {
        return Ok(());
    };
    let mut approvals =
        crate::store::approvals::Approvals::load(dir).map_err(anyhow::Error::msg)?;
    let pending = approvals.unapproved(crate::store::approvals::node_requests(node));
    if pending.is_empty() || !std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        return Ok(());
    }
    for request in &pending {
        println!("not approved on this machine yet: {}", request.describe());
    }
    if super::inventory::confirm("Approve: let it run or write on this machine as you?") {
        for request in &pending {
            approvals
                .approve(request, now)
                .map_err(anyhow::Error::msg)?;
        }
    }
    Ok(())
}
