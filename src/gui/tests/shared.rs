//! The window and a team's shared inventory: a burst of members' changes costs one reload, and
//! a lost connection is said.

use crate::gui::team_watch::Event;
use crate::gui::{App, Message};

#[test]
fn a_burst_of_members_changes_reloads_once_after_it_settles() {
    let (mut app, _) = App::new(Vec::new());
    let _ = app.update(Message::Shared(Event::Changed("nodes".into())));
    assert!(app.reload_due, "a reload is coming");
    for table in ["certificates", "certificate_der", "trusted_cas"] {
        let _ = app.update(Message::Shared(Event::Changed(table.into())));
        assert!(app.reload_due);
    }
    let _ = app.update(Message::SharedSettled);
    assert!(
        !app.reload_due,
        "reloaded; the next change schedules another"
    );
    let _ = app.update(Message::Shared(Event::Lost("connection refused".into())));
    let said = app.notes.latest().unwrap_or_default();
    assert!(said.contains("connection refused"), "{said}");
}
