//! Notifications: new alarms in the window's list (once each), the bell, and the desktop's own
//! notification through a real notification daemon.

use super::*;
use crate::gui::notes;

#[test]
fn new_alarms_are_noted_once_and_listed_under_the_bell() {
    let (mut app, _dir, mut inventory) = app_with_node("conf2", "server");
    let now = OffsetDateTime::now_utc();

    // What the worker thread does after a load, then its result.
    let alarms = app.loaded.as_ref().unwrap().alarms.clone();
    let fresh = inventory.fresh_alarms(&alarms, now).unwrap();
    assert_eq!(fresh.len(), 1, "the node without a certificate");
    let _ = app.update(Message::FreshAlarms(Ok(fresh)));
    let said = fl!(
        "notes-alarm",
        alarm = fl!("alarm-node-without-certificate", node = "conf2")
    );
    assert_eq!(app.notes.latest(), Some(said.as_str()));
    assert!(
        inventory.fresh_alarms(&alarms, now).unwrap().is_empty(),
        "the next load finds nothing new"
    );

    // The bell counts it; a click lists everything.
    let clicked: Vec<Message> = {
        let mut ui = window(app.view());
        ui.find(fl!("notes-bell", count = 1))
            .expect("the bell counts one");
        ui.click(iced::widget::Id::new(notes::BELL_ID))
            .expect("the bell is drawn");
        ui.into_messages().collect()
    };
    run_messages(&mut app, clicked);
    {
        let mut ui = window(app.view());
        ui.find(fl!("notes-title")).expect("the list is open");
        ui.find(fl!("notes-bell", count = 0)).expect("read now");
    }

    // A desktop without a notification service: said once, then the window alone tells.
    let _ = app.update(Message::Announced(Err("no notification service".into())));
    assert!(app.desktop_silent);
    assert_eq!(
        app.notes.latest(),
        Some(fl!("notes-desktop-refused", reason = "no notification service").as_str())
    );
    let _ = app.update(Message::Notes(notes::Message::Clear));
    assert_eq!(app.notes.latest(), None);
}

/// Needs a notification daemon on the session bus: `.ci/run` runs it in
/// `xvfb-run dbus-run-session` with dunst, whose history shows what arrived.
#[test]
#[ignore]
fn new_alarms_reach_the_desktop() {
    let texts: Vec<String> = (1..=5)
        .map(|n| format!("conf{n}.example.com expires in {n} days"))
        .collect();
    notes::announce(&texts).expect("the notification service answers");
    let run = |args: &[&str]| {
        std::process::Command::new("dunstctl")
            .args(args)
            .output()
            .expect("dunstctl runs")
    };
    run(&["close-all"]);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let history = String::from_utf8_lossy(&run(&["history"]).stdout).into_owned();
    for text in &texts[..3] {
        assert!(history.contains(text.as_str()), "{text} in {history}");
    }
    assert!(
        !history.contains(texts[3].as_str()),
        "more than three become one summary"
    );
    assert!(
        history.contains(&fl!("notes-more-alarms", count = 2)),
        "{history}"
    );
}
