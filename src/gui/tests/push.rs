//! The push dialog run to the end with the folder driver: choose, see the plan, push with
//! progress per node, see the result; and Cancel skipping nodes not yet started.

use std::sync::atomic::AtomicBool;

use super::*;
use crate::gui::push_dialog::{self, Message as Push};
use crate::push::{Progress, PushResult};
use crate::store::NodeSetup;

/// Runs a push as the dialog's task does (`cancelled`: Cancel was pressed before it started);
/// returns each node's outcome and the progress events sent on the way.
fn run_push(
    jobs: Vec<crate::push::Job>,
    data: &std::path::Path,
    cancelled: bool,
    now: OffsetDateTime,
) -> (Vec<crate::push::NodeOutcome>, Vec<Progress>) {
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let inventory = test_inventory(data);
    let trust = crate::probe::ProbeTrust::of_inventory(&inventory).unwrap();
    let journal = crate::push::journal::Journal::new(inventory);
    let outcomes = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(crate::push::push(
            jobs,
            journal,
            Arc::new(trust),
            crate::push::PushOptions::default(),
            sender,
            Arc::new(AtomicBool::new(cancelled)),
            now,
        ));
    let mut events = Vec::new();
    while let Ok(event) = receiver.try_recv() {
        events.push(event);
    }
    (outcomes, events)
}

/// Adds a node pushed through the folder driver into `kit`.
fn folder_node(inventory: &mut crate::store::Inventory, name: &str, kit: &std::path::Path) {
    let setup = NodeSetup {
        name: name.into(),
        fqdn: format!("{name}.example.com"),
        role: "server".into(),
        driver: "folder".into(),
        settings: serde_json::json!({ "path": kit }),
        ..NodeSetup::default()
    };
    inventory
        .save_node(&setup, OffsetDateTime::now_utc())
        .unwrap();
}

#[test]
fn a_certificate_is_pushed_to_a_chosen_node_with_progress_and_result() {
    let (mut app, dir) = inventory_app();
    let mut inventory = test_inventory(dir.path());
    let now = OffsetDateTime::now_utc();
    let kit = dir.path().join("kit");
    folder_node(&mut inventory, "phone1", &kit);
    reload(&mut app, &inventory);
    let conf1 = row_id(&app, "conf1.example.com");
    let _ = app.update(Message::List(list::Message::SelectRow(conf1)));

    // Push… in the certificate's detail; the node does not serve it yet, so it is offered.
    let clicked = click_text(&app, fl!("detail-push").as_str());
    run_messages(&mut app, clicked);
    {
        let mut ui = window(app.view());
        ui.find(fl!("push-will-assign", name = "conf1.example.com"))
            .expect("the node would get the certificate");
    }
    let _ = app.update(Message::Modal(modal::Message::Push(Push::Toggle(
        "phone1".into(),
        true,
    ))));
    let dialog = app.push().unwrap();
    assert_eq!(dialog.chosen(), (vec!["phone1".to_string()], Some(conf1)));

    // The plan: what the folder driver will write; nothing is assigned or written yet.
    let clicked = click_id(&app, push_dialog::PLAN_ID);
    assert!(matches!(
        clicked.as_slice(),
        [Message::Modal(modal::Message::Push(Push::Plan))]
    ));
    run_messages(&mut app, clicked);
    let names = vec!["phone1".to_string()];
    let plans = inventory::push_plan_in(&mut inventory, &names, Some(conf1)).unwrap();
    assert!(
        plans[0].steps.iter().any(|s| s.contains("certificate.pem")),
        "{plans:?}"
    );
    let _ = app.update(Message::Modal(modal::Message::Push(Push::Planned(Ok(
        plans,
    )))));
    assert_eq!(inventory.node("phone1").unwrap().certificate_id, None);
    assert!(!kit.exists());

    // Push now: the worker's steps, its progress fed to the window as it comes.
    let clicked = click_id(&app, push_dialog::RUN_ID);
    run_messages(&mut app, clicked);
    assert!(app.push().unwrap().running());
    let work = inventory::push_jobs_in(&mut inventory, &names, Some(conf1), now).unwrap();
    let (outcomes, events) = run_push(work, dir.path(), false, now);
    assert!(matches!(events.first(), Some(Progress::Applying(node)) if node == "phone1"));
    for event in events {
        let _ = app.update(Message::Modal(modal::Message::Push(Push::Progress(event))));
    }
    let loaded = inventory::load_from(&inventory, now, 30).unwrap();
    let _ = app.update(Message::Modal(modal::Message::Push(Push::Finished(Ok(
        Arc::new(loaded),
    )))));
    assert!(!app.push().unwrap().running());
    {
        let mut ui = window(app.view());
        ui.find(fl!("push-applied"))
            .expect("the node's result is shown");
    }

    // What the node got, and what the inventory remembers.
    assert_eq!(outcomes[0].result, PushResult::Applied, "{:?}", outcomes[0]);
    let written = std::fs::read_to_string(kit.join("certificate.pem")).unwrap();
    let served = app.loaded.as_ref().unwrap().certificate(conf1).unwrap();
    assert!(
        written.starts_with(&served.to_pem()),
        "the leaf first, then its chain"
    );
    let node = inventory.node("phone1").unwrap();
    assert_eq!(
        node.certificate_id,
        Some(conf1),
        "assigned when the push ran"
    );
    assert!(node.last_result.as_deref().unwrap().starts_with("applied"));

    let _ = app.update(Message::Modal(modal::Message::Push(Push::Close)));
    assert!(app.push().is_none());
}

#[test]
fn cancel_stops_the_nodes_not_yet_started() {
    let (mut app, dir) = inventory_app();
    let mut inventory = test_inventory(dir.path());
    let now = OffsetDateTime::now_utc();
    folder_node(&mut inventory, "phone1", &dir.path().join("kit"));
    reload(&mut app, &inventory);
    let conf1 = app.loaded.as_ref().unwrap().rows[0].0.id;
    let _ = app.update(Message::List(list::Message::SelectRow(conf1)));
    let _ = app.update(Message::Intent(Intent::AskPush(true, None)));
    let _ = app.update(Message::Modal(modal::Message::Push(Push::Toggle(
        "phone1".into(),
        true,
    ))));
    let names = vec!["phone1".to_string()];
    let plans = inventory::push_plan_in(&mut inventory, &names, Some(conf1));
    let _ = app.update(Message::Modal(modal::Message::Push(Push::Planned(plans))));
    let _ = app.update(Message::Modal(modal::Message::Push(Push::Run)));

    // Esc does not close a running push; Cancel asks it to stop.
    let _ = app.update(Message::Shortcut(Shortcut::Escape));
    assert!(app.push().is_some());
    let clicked = click_id(&app, push_dialog::CANCEL_ID);
    run_messages(&mut app, clicked);
    {
        let mut ui = window(app.view());
        ui.find(fl!("push-cancelling")).expect("the window says so");
    }

    // The core honours the flag: a node not yet started is not touched.
    let work = inventory::push_jobs_in(&mut inventory, &names, Some(conf1), now).unwrap();
    let (outcomes, _) = run_push(work, dir.path(), true, now);
    assert_eq!(outcomes[0].result, PushResult::Failed);
    assert!(!dir.path().join("kit").exists(), "nothing was written");
}

#[test]
fn check_now_probes_the_endpoints_and_records_what_it_found() {
    let (mut app, dir) = inventory_app();
    let mut inventory = test_inventory(dir.path());
    folder_node(&mut inventory, "phone1", &dir.path().join("kit"));
    let conf1 = row_id(&app, "conf1.example.com");
    let now = OffsetDateTime::now_utc();
    inventory.assign("phone1", conf1, now).unwrap();
    // A loopback port nobody listens on: the node does not serve anything there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let node = inventory.node("phone1").unwrap();
    inventory
        .configure_node(
            "phone1",
            &[format!("127.0.0.1:{port}")],
            "folder",
            &node.settings,
        )
        .unwrap();
    reload(&mut app, &inventory);
    let _ = app.update(Message::Show(Screen::ByNode));
    let clicked = click_text(&app, &fl!("nodes-check"));
    assert!(
        matches!(clicked.as_slice(), [Message::Intent(Intent::CheckNode(name))] if name == "phone1")
    );
    run_messages(&mut app, clicked);

    // What the task does: the real probe, then the result recorded.
    let check = crate::push::session::check(&inventory, "phone1").unwrap();
    let checks = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(crate::push::verify_endpoints(
            &check.endpoints,
            &check.fqdn,
            &check.fingerprint,
            &check.trust,
            std::time::Duration::from_secs(5),
            now,
        ));
    assert!(!checks[0].ok, "nothing listens there");
    let result = crate::push::session::check_result(&checks);
    assert!(
        result.starts_with("verification failed: 127.0.0.1:"),
        "{result}"
    );
    let loaded = inventory::node_checked_in(&mut inventory, "phone1", &result, 30).unwrap();
    let _ = app.update(Message::NodeChecked("phone1".into(), Ok((checks, loaded))));
    assert_eq!(
        inventory.node("phone1").unwrap().last_result.as_deref(),
        Some(result.as_str())
    );
    assert_eq!(
        app.notes.latest(),
        Some(
            fl!(
                "nodes-check-failed",
                node = "phone1",
                detail = result.clone()
            )
            .as_str()
        ),
        "the window says so"
    );
    let mut ui = window(app.view());
    let shown = result.replacen("verification failed", &fl!("nodes-check-failed-word"), 1);
    ui.find(fl!("nodes-last-result", result = shown))
        .expect("the card shows what the check found");
}

#[test]
fn node_results_are_worded_in_the_window_language_with_their_details_kept() {
    use crate::gui::labels::node_result;
    assert_eq!(node_result("verified"), fl!("push-verified"));
    assert_eq!(
        node_result("applied: wrote /srv/kit/certificate.pem"),
        format!("{}: wrote /srv/kit/certificate.pem", fl!("push-applied"))
    );
    assert_eq!(
        node_result("rolled_back: verification failed (a:443: refused); rolled back: restored x"),
        format!(
            "{}: verification failed (a:443: refused); rolled back: restored x",
            fl!("push-rolled-back")
        )
    );
    assert_eq!(node_result("set by hand"), "set by hand");
}

#[test]
fn a_node_with_only_a_trust_list_can_be_pushed_its_cas() {
    let (mut app, dir) = inventory_app();
    let mut inventory = test_inventory(dir.path());
    let kit = dir.path().join("kit");
    folder_node(&mut inventory, "phone1", &kit);
    let root = row_id(&app, "Certdeck Test Root");
    inventory.set_node_trust("phone1", &[root]).unwrap();
    reload(&mut app, &inventory);
    let _ = app.update(Message::Show(Screen::ByNode));
    let clicked = click_text(&app, &fl!("node-push"));
    assert!(
        matches!(clicked.as_slice(), [Message::Intent(Intent::AskPush(false, Some(name)))] if name == "phone1"),
        "Push… is offered for a node with a trust list and no certificate"
    );
    run_messages(&mut app, clicked);
    {
        let mut ui = window(app.view());
        ui.find(fl!("push-trust-only", count = 1))
            .expect("it gets its trust list only");
    }
    let dialog = app.push().unwrap();
    assert_eq!(dialog.chosen(), (vec!["phone1".to_string()], None));
    let names = vec!["phone1".to_string()];
    let plans = inventory::push_plan_in(&mut inventory, &names, None).unwrap();
    assert!(
        plans[0]
            .steps
            .iter()
            .all(|s| !s.contains("certificate.pem ")),
        "{plans:?}"
    );
    let now = OffsetDateTime::now_utc();
    let work = inventory::push_jobs_in(&mut inventory, &names, None, now).unwrap();
    let (outcomes, _) = run_push(work, dir.path(), false, now);
    assert_eq!(outcomes[0].result, PushResult::Applied, "{:?}", outcomes[0]);
    assert!(kit.join("trusted-ca.pem").exists());
    assert!(!kit.join("certificate.pem").exists());
}

#[test]
fn an_interrupted_push_is_announced_and_rolled_back_from_the_banner() {
    use crate::push::resume::Resume;
    use crate::store::journal::{Content, PlannedStep, StepKind, StepState};
    let (mut app, dir) = inventory_app();
    let mut inventory = test_inventory(dir.path());
    let kit = dir.path().join("kit");
    folder_node(&mut inventory, "phone1", &kit);
    // A push that wrote one file and was then killed: the journal holds it as running.
    std::fs::create_dir_all(&kit).unwrap();
    let file = kit.join("trusted-ca.pem");
    std::fs::write(&file, "NEW CAS\n").unwrap();
    let context = crate::push::journal::Context {
        node: "phone1".into(),
        driver: "folder",
        what: "trusted CAs only".into(),
        who: "test".into(),
        now: OffsetDateTime::now_utc(),
    };
    let push = inventory
        .journal_begin(
            &context.node,
            context.driver,
            &context.what,
            &context.who,
            &[PlannedStep {
                kind: StepKind::File,
                target: file.display().to_string(),
                private: false,
                before: Content::Present(Zeroizing::new(b"OLD CAS\n".to_vec())),
                after: Content::Present(Zeroizing::new(b"NEW CAS\n".to_vec())),
            }],
            context.now,
        )
        .unwrap();
    inventory
        .journal_step(push, 0, StepState::Done, None)
        .unwrap();
    reload(&mut app, &inventory);
    {
        let mut ui = window(app.view());
        ui.find(fl!("push-unfinished", count = 1, nodes = "phone1"))
            .expect("the banner names the half-changed node");
    }

    // Roll back: the banner says it is working, the core resumes, the window loads again.
    let clicked = click_text(&app, &fl!("push-unfinished-rollback"));
    assert!(matches!(
        clicked.as_slice(),
        [Message::Intent(Intent::ResumePushes(Resume::Rollback))]
    ));
    run_messages(&mut app, clicked);
    {
        let mut ui = window(app.view());
        ui.find(fl!("push-unfinished-working"))
            .expect("the banner shows the work under way");
    }
    let unfinished = crate::push::session::unfinished(&mut inventory).unwrap();
    let journal = crate::push::journal::Journal::new(test_inventory(dir.path()));
    let outcomes = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(crate::push::resume::resume(
            journal,
            unfinished,
            Resume::Rollback,
            "test".into(),
            OffsetDateTime::now_utc(),
        ));
    assert_eq!(outcomes[0].result, PushResult::RolledBack, "{outcomes:?}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "OLD CAS\n");
    let loaded = inventory::load_from(&inventory, OffsetDateTime::now_utc(), 30).unwrap();
    assert!(loaded.unfinished_pushes.is_empty());
    let _ = app.update(Message::PushesResumed(Ok((outcomes, Arc::new(loaded)))));
    let mut ui = window(app.view());
    assert!(
        ui.find(fl!("push-unfinished-rollback")).is_err(),
        "the banner is gone"
    );
}

/// In a team (Settings → Team database), a node another member is pushing to is left out: the
/// dialog shows it skipped, naming who pushes and since when (the core's locks are tested
/// against PostgreSQL in tests/team.rs).
#[test]
fn a_node_another_team_member_is_pushing_to_is_shown_skipped_with_their_name() {
    let (mut app, dir) = inventory_app();
    let mut inventory = test_inventory(dir.path());
    let kit = dir.path().join("kit");
    folder_node(&mut inventory, "phone1", &kit);
    inventory
        .assign(
            "phone1",
            row_id(&app, "conf1.example.com"),
            OffsetDateTime::now_utc(),
        )
        .unwrap();
    reload(&mut app, &inventory);
    let _ = app.update(Message::Intent(Intent::AskPush(
        false,
        Some("phone1".into()),
    )));
    let names = vec!["phone1".to_string()];
    let plans = inventory::push_plan_in(&mut inventory, &names, None).unwrap();
    let _ = app.update(Message::Modal(modal::Message::Push(Push::Planned(Ok(
        plans,
    )))));
    let clicked = click_id(&app, push_dialog::RUN_ID);
    run_messages(&mut app, clicked);
    assert!(app.push().unwrap().running());

    let busy = crate::team::Busy {
        node: "phone1".into(),
        holder: Some(("ann".into(), "2026-11-30 09:12:03 UTC".into())),
    };
    let _ = app.update(Message::Modal(modal::Message::Push(Push::Busy(busy))));
    let loaded = inventory::load_from(&inventory, OffsetDateTime::now_utc(), 30).unwrap();
    let _ = app.update(Message::Modal(modal::Message::Push(Push::Finished(Ok(
        Arc::new(loaded),
    )))));
    let mut ui = window(app.view());
    ui.find(fl!("push-skipped"))
        .expect("the node is marked skipped");
    ui.find(fl!(
        "push-busy",
        who = "ann",
        since = "2026-11-30 09:12:03 UTC"
    ))
    .expect("who is pushing, and since when");
    assert!(!kit.exists(), "nothing was written");
}

/// Issue 28: a teammate's reload command (a shared inventory's folder node) is shown — the
/// node, the exact command, who set it — and approved on this machine before any plan is made.
#[test]
fn a_teammates_command_is_shown_and_approved_on_this_machine_before_the_plan() {
    let (mut app, dir) = inventory_app();
    app.settings.data_dir = Some(dir.path().to_path_buf());
    let mut inventory = test_inventory(dir.path());
    let kit = dir.path().join("kit");
    folder_node(&mut inventory, "phone1", &kit);
    reload(&mut app, &inventory);
    let conf1 = row_id(&app, "conf1.example.com");
    let _ = app.update(Message::List(list::Message::SelectRow(conf1)));
    let clicked = click_text(&app, fl!("detail-push").as_str());
    run_messages(&mut app, clicked);
    let _ = app.update(Message::Modal(modal::Message::Push(Push::Toggle(
        "phone1".into(),
        true,
    ))));
    let request = crate::store::approvals::Request {
        kind: crate::store::approvals::Kind::ReloadCommand,
        inventory: inventory.id().unwrap(),
        owner: "phone1".into(),
        text: "systemctl reload kamailio".into(),
        set_by: Some("bob".into()),
        set_at: Some(1_796_000_000),
    };
    // The planning task found it unapproved: the dialog asks, nothing is planned yet.
    let _ = app.update(Message::Modal(modal::Message::Push(Push::NeedsApproval(
        vec![request.clone()],
    ))));
    {
        let mut ui = window(app.view());
        ui.find("systemctl reload kamailio")
            .expect("the exact command is shown");
        ui.find(fl!("push-approve-explained"))
            .expect("what approving means is said");
        ui.find(format!("phone1 — {}", fl!("approve-kind-reload")))
            .expect("the node and what it is");
        // To look at it: CERTDECK_SNAPSHOT_PNG=folder writes the frame there (no baseline: the
        // list behind the dialog shows days left, which move).
        if let Some(folder) = std::env::var_os("CERTDECK_SNAPSHOT_PNG") {
            let frame = ui
                .snapshot(&iced::Theme::Light)
                .expect("the frame is drawn");
            let _ = frame.matches_image(std::path::PathBuf::from(folder).join("push-approval"));
        }
    }
    let clicked = click_id(&app, push_dialog::APPROVE_ID);
    assert!(matches!(
        clicked.as_slice(),
        [Message::Modal(modal::Message::Push(Push::Approve))]
    ));
    // The Approve task: written on this machine's list, in this data folder.
    inventory::approve(std::slice::from_ref(&request), &app.settings).unwrap();
    let approvals = crate::store::approvals::Approvals::load(dir.path()).unwrap();
    assert!(approvals.is_approved(&request));
    assert_eq!(approvals.entries()[0].set_by.as_deref(), Some("bob"));
}
