//! The window's renewal pass (`gui::renewals::run_pass`, what *Renew now* runs) against Pebble
//! and BIND on loopback: its progress as the Renewals screen shows it, the TXT record shown for
//! manual DNS-01 while certdeck waits for the administrator, Cancel, and the inventory the
//! screen is drawn from afterwards.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use certdeck::acme::Challenge;
use certdeck::acme::issue::Event;
use certdeck::acme::renew::{Decision, RenewEvent, Selection};
use certdeck::gui::inventory::Loaded;
use certdeck::gui::renewals::{Message, Pass, run_pass};
use certdeck::push::journal::Journal;
use iced::futures::StreamExt;
use time::OffsetDateTime;

use crate::acme::create_txt_by_hand;
use crate::common::acme::{Lab, PebbleOptions};
use crate::common::runtime;

/// What the administrator does when the window shows the record.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Answer {
    CreateRecord,
    Cancel,
}

/// Runs the window's pass over `node`, answering the record as `answer` says; returns the pass
/// as the screen shows it, the record shown, and the inventory loaded afterwards.
fn window_pass(
    lab: &Lab,
    node: &str,
    answer: Answer,
) -> (Pass, Option<(String, String)>, Arc<Loaded>) {
    let store = lab.store();
    let trust = Arc::new(certdeck::probe::ProbeTrust::of_inventory(&store).unwrap());
    let journal = Journal::new(store);
    let cancel = Arc::new(AtomicBool::new(false));
    let (sender, mut receiver) = iced::futures::channel::mpsc::channel(64);
    let secrets = Arc::new(lab.secrets.clone());
    let selection = Selection::Force(vec![node.to_string()]);
    runtime().block_on(async {
        let pass = tokio::spawn(run_pass(
            journal,
            trust,
            secrets,
            selection,
            Lab::options(),
            cancel.clone(),
            30,
            sender,
        ));
        let mut shown = Pass {
            running: true,
            ..Pass::default()
        };
        let mut record = None;
        while let Some(message) = receiver.next().await {
            let Message::Event(event) = message else {
                panic!("the pass sends only its events");
            };
            if let RenewEvent::Order(
                _,
                Event::ShowRecord {
                    record: name,
                    value,
                },
            ) = &event
            {
                record = Some((name.clone(), value.clone()));
                match answer {
                    Answer::CreateRecord => create_txt_by_hand(lab, name, value),
                    Answer::Cancel => cancel.store(true, Ordering::Relaxed),
                }
            }
            shown.absorb(event);
        }
        let (reports, loaded) = pass.await.unwrap().expect("the pass runs");
        for report in reports {
            shown.absorb(RenewEvent::Done(report));
        }
        shown.running = false;
        (shown, record, loaded)
    })
}

#[test]
fn the_windows_pass_shows_each_step_and_the_record_to_create_then_the_node_is_renewed() {
    let lab = Lab::start(PebbleOptions::default());
    lab.account("pebble", None).unwrap();
    let manual = Challenge::Manual {
        check_servers: vec![lab.bind.address()],
    };
    lab.node("desk", "desk.example.test", manual.clone());
    lab.node("lobby", "lobby.example.test", manual);

    // Cancelled while certdeck waits for the record: nothing obtained, the reason said.
    let (pass, record, loaded) = window_pass(&lab, "lobby", Answer::Cancel);
    assert_eq!(
        record.as_ref().map(|(name, _)| name.as_str()),
        Some("_acme-challenge.lobby.example.test")
    );
    let line = &pass.nodes[0];
    let report = line.report.as_ref().expect("the node's outcome is shown");
    assert_eq!(report.outcome, "failed", "{report:?}");
    assert!(report.detail.contains("cancelled"), "{report:?}");
    assert_eq!(line.record, None, "the record is no longer asked for");
    assert_eq!(lab.store().node("lobby").unwrap().certificate_id, None);
    assert_eq!(loaded.renewals.runs[0].outcome, "failed");

    // The administrator creates the record the window shows: the node gets its certificate.
    let (pass, record, loaded) = window_pass(&lab, "desk", Answer::CreateRecord);
    let (name, value) = record.expect("the window showed the record to create");
    assert_eq!(name, "_acme-challenge.desk.example.test");
    assert_eq!(value.len(), 43, "a base64url SHA-256 digest: {value}");
    let line = &pass.nodes[0];
    let report = line.report.as_ref().unwrap();
    assert_eq!(report.outcome, "renewed", "{report:?}");
    let issued = report.certificate_id.expect("the new certificate's id");
    assert_eq!(
        lab.store().node("desk").unwrap().certificate_id,
        Some(issued)
    );
    // What the Renewals screen is drawn from: the run logged, the node not due again soon.
    let desk = loaded
        .renewals
        .outlook
        .iter()
        .find(|o| o.issuer.node == "desk")
        .unwrap();
    assert!(
        matches!(desk.decision, Decision::NotDue { at } if at > OffsetDateTime::now_utc()),
        "{:?}",
        desk.decision
    );
    assert!(desk.expires.is_some());
    assert_eq!(loaded.renewals.runs[0].node, "desk");
    assert_eq!(loaded.renewals.runs[0].outcome, "renewed");
    assert!(
        loaded.rows.iter().any(|(row, _)| row.id == issued),
        "the issued certificate is in the inventory the window shows"
    );
    // docs/screenshots/make.sh shows the Renewals screen of this inventory.
    if let Some(keep) = std::env::var_os("CERTDECK_KEEP_LAB") {
        let keep = std::path::PathBuf::from(keep);
        std::fs::create_dir_all(&keep).unwrap();
        for entry in std::fs::read_dir(lab.data.path()).unwrap().flatten() {
            std::fs::copy(entry.path(), keep.join(entry.file_name())).unwrap();
        }
    }
}
