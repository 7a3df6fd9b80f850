//! *Check revocation* on the inventory: the button starts the check, its progress shows with
//! Cancel, and what it found becomes notes and the inventory's statuses. (The check itself
//! runs against an openssl CA's CRL served by nginx in tests/revocation.rs.)

use super::*;
use crate::gui::revocation_check::{self, Message as Check};
use crate::revocation::{CheckSummary, RevokedCertificate};

#[test]
fn check_revocation_shows_progress_can_be_cancelled_and_notes_what_it_found() {
    let (mut app, _dir) = inventory_app();
    let clicked = click_id(&app, revocation_check::START_ID);
    assert!(matches!(
        clicked.as_slice(),
        [Message::List(list::Message::Revocation(Check::Start))]
    ));
    run_messages(&mut app, clicked);
    let _ = app.update(Message::Revocation(Check::Progress(3, 10)));
    {
        let mut ui = window(app.view());
        ui.find(fl!("revocation-checking", done = 3, total = 10))
            .expect("the progress is shown");
    }
    let cancel = click_id(&app, revocation_check::CANCEL_ID);
    run_messages(&mut app, cancel);
    {
        let mut ui = window(app.view());
        ui.find(fl!("revocation-cancelling"))
            .expect("it says it is stopping");
    }
    let loaded = app.loaded.clone().unwrap();
    let summary = CheckSummary {
        checked: 2,
        unknown: 1,
        revoked: vec![RevokedCertificate {
            id: 1,
            subject: "CN=gw1".into(),
            revoked_at: "2026-11-01T00:00:00Z".into(),
            reason: Some("KeyCompromise".into()),
            source: "http://127.0.0.1/lab.crl".into(),
        }],
        problems: vec!["http://127.0.0.1:9/x.crl: cannot be fetched".into()],
    };
    let _ = app.update(Message::Revocation(Check::Finished(Ok((
        Arc::new(summary),
        loaded,
    )))));
    let texts: Vec<String> = app.notes.texts().map(str::to_string).collect();
    assert!(
        texts.iter().any(|t| t.contains("CN=gw1")),
        "the revoked certificate is noted: {texts:?}"
    );
    assert!(texts.iter().any(|t| t.contains("x.crl")), "{texts:?}");
    // The button is back.
    assert!(!click_id(&app, revocation_check::START_ID).is_empty());
}

/// *Check revocation* on one certificate: offered for a certificate with an issuer, not for a
/// root; it checks that certificate only, and is not offered twice while a check runs.
#[test]
fn check_revocation_of_the_selected_certificate() {
    let (mut app, _dir) = inventory_app();
    let id = row_id(&app, "conf1.example.com");
    let _ = app.update(Message::List(list::Message::SelectRow(id)));
    let clicked = click_id(&app, revocation_check::START_ONE_ID);
    assert!(
        matches!(clicked.as_slice(), [Message::List(list::Message::Revocation(Check::StartOne(one)))] if *one == id),
        "{clicked:?}"
    );
    run_messages(&mut app, clicked);
    assert!(
        click_id(&app, revocation_check::START_ONE_ID).is_empty(),
        "not while a check runs"
    );
    let _ = app.update(Message::Revocation(Check::Progress(0, 1)));
    {
        let mut ui = window(app.view());
        ui.find(fl!("revocation-checking", done = 0, total = 1))
            .expect("the progress is shown above the list");
    }
    // A root is revoked by nobody: no button.
    let root = row_id(&app, "Certdeck Test Root");
    let _ = app.update(Message::List(list::Message::SelectRow(root)));
    let mut ui = window(app.view());
    assert!(
        ui.find(iced::widget::Id::new(revocation_check::START_ONE_ID))
            .is_err(),
        "no button for a root"
    );
    drop(ui);
    let _ = app.update(Message::List(list::Message::SelectRow(id)));
    let _ = app.update(Message::Revocation(Check::Cancel));
}

/// A selected certificate's verdict under its policy is judged off the UI thread and shown as
/// a card; a verdict for a certificate no longer selected is dropped.
#[test]
fn the_selected_certificates_verdict_under_its_policy_is_shown() {
    let (mut app, _dir) = inventory_app();
    let id = row_id(&app, "conf1.example.com");
    let _ = app.update(Message::List(list::Message::SelectRow(id)));
    let loaded = app.loaded.clone().unwrap();
    // What the worker does.
    let verdict = crate::gui::policy_view::judge(&loaded, id).unwrap();
    let verdict = verdict.expect("a server certificate is judged");
    assert_eq!(
        verdict.policy,
        crate::pki::rules::Policy::Private,
        "its root is the administrator's"
    );
    let trusted = verdict.verdict.trusted;
    let _ = app.update(Message::List(list::Message::PolicyJudged(
        id,
        Ok(Some(verdict.clone())),
    )));
    let mut ui = window(app.view());
    ui.find(fl!("policy-title")).expect("the card is drawn");
    ui.find(if trusted {
        fl!("policy-acceptable")
    } else {
        fl!("policy-not-acceptable")
    })
    .expect("the verdict in words");
    drop(ui);
    // A node using the certificate may choose the policy (kept in the inventory).
    let mut store = test_inventory(_dir.path());
    store
        .add_node(
            "pbx",
            "pbx.example.com",
            &[],
            "server",
            OffsetDateTime::now_utc(),
        )
        .unwrap();
    store.assign("pbx", id, OffsetDateTime::now_utc()).unwrap();
    store
        .set_node_policy("pbx", Some(crate::pki::rules::Policy::Web))
        .unwrap();
    let with_node = inventory::load_from(&store, OffsetDateTime::now_utc(), 30).unwrap();
    assert_eq!(
        with_node.nodes[0].policy,
        Some(crate::pki::rules::Policy::Web)
    );
    let under_web = crate::gui::policy_view::judge(&with_node, id)
        .unwrap()
        .unwrap();
    assert_eq!(under_web.policy, crate::pki::rules::Policy::Web);
    // A CA is not judged as a leaf.
    let root = row_id(&app, "Certdeck Test Root");
    assert!(
        crate::gui::policy_view::judge(&loaded, root)
            .unwrap()
            .is_none()
    );
    // A late verdict for another certificate is dropped.
    let _ = app.update(Message::List(list::Message::SelectRow(root)));
    let _ = app.update(Message::List(list::Message::PolicyJudged(
        id,
        Ok(Some(verdict)),
    )));
    assert!(app.list.policy_verdict.is_none());
}

/// The list's revocation column says what the last check found: revoked, OK, or not checked.
#[test]
fn the_revocation_column_shows_the_last_check() {
    let (mut app, dir) = inventory_app();
    let id = row_id(&app, "conf1.example.com");
    let root = row_id(&app, "Certdeck Test Root");
    let now = OffsetDateTime::now_utc();
    let mut store = test_inventory(dir.path());
    store
        .record_revocation_checks(
            &[
                (
                    id,
                    Some(now.unix_timestamp()),
                    Some("keyCompromise".into()),
                    "http://127.0.0.1/ca.crl".into(),
                ),
                (root, None, None, "local CA".into()),
            ],
            now,
        )
        .unwrap();
    reload(&mut app, &store);
    assert!(row(&app, "conf1.example.com").revocation.is_some());
    let mut ui = window(app.view());
    ui.find(fl!("column-revocation"))
        .expect("the column's title");
    ui.find(fl!("revocation-not-revoked"))
        .expect("the root was checked: OK");
    ui.find("—").expect("the intermediate was never checked");
    drop(ui);
    // Revoked is the first of statuses: the row sorts to the top and its badge says so.
    let first = app.list.visible[0];
    assert_eq!(app.loaded.as_ref().unwrap().rows[first].0.id, id);
    assert_eq!(
        app.loaded.as_ref().unwrap().rows[first].1.overall,
        crate::pki::StatusCode::Revoked
    );
}
