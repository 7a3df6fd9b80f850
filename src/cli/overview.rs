//! `certdeck overview [--days N] [--json]`: the estate at a glance — counts by status, the
//! expiry timeline and each node's health (what the window's home screen draws).

use std::io::Write;

use super::inventory::AlarmsArgs;
use super::{InventoryArgs, moment};
use crate::store::ListFilter;
use crate::store::overview::Overview;

pub fn overview(args: &AlarmsArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(args.at.as_deref())?;
    let store = super::inventory::open(inventory)?;
    let rows = store.list(&ListFilter::default(), now, args.days)?;
    let nodes = store.nodes()?;
    let alarms = store.alarms(now, args.days)?;
    let overview = Overview::of(&rows, &nodes, &alarms, now, args.days);
    let mut out = std::io::BufWriter::new(crate::sanitize::Visible::new(std::io::stdout().lock()));
    if args.json {
        serde_json::to_writer_pretty(&mut out, &overview)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(0);
    }
    writeln!(out, "{} certificate(s)", rows.len())?;
    for (status, count) in &overview.by_status {
        writeln!(out, "  {:<16} {count}", status.as_str())?;
    }
    writeln!(
        out,
        "\nexpiring per week ({} already expired)",
        overview.expired
    )?;
    for week in &overview.weeks {
        writeln!(
            out,
            "  {}  {:>5}  {}",
            week.start.date(),
            week.total,
            "#".repeat(week.total.min(60))
        )?;
    }
    writeln!(out, "\nexpiring per month")?;
    for month in &overview.months {
        writeln!(
            out,
            "  {}-{:02}  {:>5}  {}",
            month.start.year(),
            u8::from(month.start.month()),
            month.total,
            "#".repeat(month.total.min(60))
        )?;
    }
    if !overview.nodes.is_empty() {
        writeln!(out, "\nnodes")?;
        for tile in &overview.nodes {
            let days = tile
                .days_left
                .map(|d| format!(" ({d} days left)"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {:<24} {:<14}{days}",
                tile.name,
                serde_json::to_value(tile.health)?
                    .as_str()
                    .unwrap_or_default()
            )?;
        }
    }
    out.flush()?;
    Ok(0)
}
