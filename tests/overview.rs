//! The overview: counts by status, the expiry timeline's weeks and months (stacked by kind and
//! by node role), node health, from a real inventory and through `certdeck overview`.

use crate::common;

use crate::on_both_engines;
use certdeck::pki::StatusCode;
use certdeck::store::ListFilter;
use certdeck::store::overview::{Health, MONTHS, Overview, WEEKS};
use certdeck::store::report::{AlarmEntry, AlarmKind};
use common::engines::Engine;
use common::*;

on_both_engines!(the_overview_counts_buckets_and_judges_nodes,);

fn the_overview_counts_buckets_and_judges_nodes(engine: Engine) {
    let now = ymd(2026, 6, 1) + time::Duration::hours(15);
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = crate::store::open_on(engine, dir.path());
    let ca = root("Overview CA");
    let leaf_until = |host: &str, until: time::OffsetDateTime| {
        leaf_with(
            leaf_params(Some(host), &[host], ymd(2025, 1, 1), until),
            &ca,
        )
        .0
    };
    let soon = leaf_until("soon.test", ymd(2026, 6, 3)); // this week
    let later = leaf_until("later.test", ymd(2026, 6, 20)); // week 2 (from 1 June)
    let summer = leaf_until("summer.test", ymd(2026, 8, 15)); // week 10, August
    let next_year = leaf_until("next.test", ymd(2027, 3, 1)); // beyond the weeks; March 2027
    let gone = leaf_until("gone.test", ymd(2026, 5, 1)); // expired
    let ders: Vec<&[u8]> = [&soon, &later, &summer, &next_year, &gone]
        .iter()
        .map(|c| c.der())
        .chain([ca.der.as_slice()])
        .collect();
    crate::store::import_pem(&mut inventory, "estate.pem", &ders, now);
    let id = |cert: &certdeck::pki::Certificate| {
        inventory
            .list(&ListFilter::default(), now, 30)
            .unwrap()
            .into_iter()
            .find(|(row, _)| row.fingerprint_sha256 == cert.fingerprint_sha256)
            .unwrap()
            .0
            .id
    };
    let (soon_id, summer_id, next_id, later_id) =
        (id(&soon), id(&summer), id(&next_year), id(&later));
    for (name, role, certificate, result) in [
        ("conf1", "server", Some(soon_id), None),
        ("sip1", "sip", Some(summer_id), Some("verified")),
        ("pbx", "server", None, None),
        (
            "edge",
            "server",
            Some(next_id),
            Some("failed: the upload was refused"),
        ),
        ("web", "server", Some(later_id), Some("verified")),
        ("web2", "server", Some(next_id), Some("verified")),
        ("quiet", "server", Some(next_id), None),
    ] {
        inventory
            .add_node(name, &format!("{name}.test"), &[], role, now)
            .unwrap();
        if let Some(certificate) = certificate {
            inventory.assign(name, certificate, now).unwrap();
        }
        if let Some(result) = result {
            inventory.set_node_result(name, result).unwrap();
        }
    }
    let rows = inventory.list(&ListFilter::default(), now, 30).unwrap();
    let nodes = inventory.nodes().unwrap();
    let mut alarms = inventory.alarms(now, 30).unwrap();
    // What a scan would have said about web2 (tests/scan.rs raises the real one).
    alarms.push(AlarmEntry {
        kind: AlarmKind::Drift,
        subject: "web2".into(),
        certificate_id: Some(next_id),
        node: Some("web2".into()),
        endpoint: Some("192.0.2.7:443".into()),
        message: String::new(),
    });
    let overview = Overview::of(&rows, &nodes, &alarms, now, 30);

    assert_eq!(overview.weeks.len(), WEEKS);
    assert_eq!(overview.months.len(), MONTHS);
    assert_eq!(overview.weeks[0].start, ymd(2026, 6, 1));
    let week_totals: Vec<usize> = overview.weeks.iter().map(|w| w.total).collect();
    assert_eq!(week_totals, [1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    assert_eq!(overview.months[0].start, ymd(2026, 6, 1));
    assert_eq!(overview.months[11].end, ymd(2027, 6, 1));
    let month_totals: Vec<usize> = overview.months.iter().map(|m| m.total).collect();
    assert_eq!(month_totals, [2, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    assert_eq!(overview.expired, 1);
    // The root (2040) is past the year: in no bucket.
    assert_eq!(overview.weeks[0].by_kind.get("leaf"), Some(&1));
    assert_eq!(overview.weeks[10].by_node_role.get("sip"), Some(&1));
    assert_eq!(overview.months[9].by_node_role.get("server"), Some(&1));
    assert_eq!(overview.weeks[0].by_node_role.get("server"), Some(&1));

    let total: usize = overview.by_status.iter().map(|(_, n)| n).sum();
    assert_eq!(total, rows.len());
    assert!(overview.by_status.contains(&(StatusCode::Expired, 1)));

    let health: Vec<(&str, Health)> = overview
        .nodes
        .iter()
        .map(|t| (t.name.as_str(), t.health))
        .collect();
    assert_eq!(
        health,
        [
            ("pbx", Health::NoCertificate),
            ("edge", Health::Failing),
            ("web2", Health::Drift),
            ("conf1", Health::Expiring),
            ("web", Health::Expiring),
            ("quiet", Health::Unverified),
            ("sip1", Health::Verified),
        ]
    );
    assert_eq!(overview.nodes[3].days_left, Some(1));

    // The command line shows the same.
    drop(inventory);
    let output = certdeck_in(
        dir.path(),
        &["overview", "--json", "--at", "2026-06-01T15:00:00Z"],
    );
    let json = json_of(&output);
    assert_eq!(json["expired"], 1);
    assert_eq!(json["weeks"][2]["total"], 1);
    assert_eq!(json["nodes"][0]["health"], "no_certificate");
}
