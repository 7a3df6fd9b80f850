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

#[test]
fn a_move_reports_its_tables_and_the_window_reloads_when_it_is_done() {
    use crate::gui::shared_inventory::{Action, Message, Place, State, Step};
    use crate::store::VaultOptions;

    let place = || Place {
        dir: None,
        team_url: Some("postgres://ann@127.0.0.1:1/team".into()),
        vault: VaultOptions::default(),
    };
    let mut state = State::default();
    // Without a data folder nothing starts, and the screen says why.
    assert!(matches!(state.update(Message::Use, place()), Action::None));
    assert!(!state.busy());
    let folder = tempfile::tempdir().unwrap();
    let with_folder = || Place {
        dir: Some(folder.path().to_path_buf()),
        ..place()
    };
    assert!(matches!(
        state.update(Message::Leave, with_folder()),
        Action::Run(_)
    ));
    assert!(state.busy(), "a move is under way");
    assert!(
        matches!(state.update(Message::Use, with_folder()), Action::None),
        "one move at a time"
    );
    let _ = state.update(
        Message::Progress(Step::Table("certificates".into(), 12)),
        with_folder(),
    );
    assert!(matches!(
        state.update(
            Message::Progress(Step::Done(Ok("moved".into()))),
            with_folder()
        ),
        Action::Reload
    ));
    assert!(!state.busy());
    // A failed move leaves the window as it is.
    let _ = state.update(Message::Leave, with_folder());
    assert!(matches!(
        state.update(
            Message::Progress(Step::Done(Err("refused".into()))),
            with_folder()
        ),
        Action::None
    ));
}
