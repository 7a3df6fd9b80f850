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
        [Message::Revocation(Check::Start)]
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
