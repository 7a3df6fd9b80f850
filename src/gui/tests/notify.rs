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

/// Issue 29: Settings → Unattended renewal lists the channels and where each secret lives
/// (never its value), runs the doctor's checks on a click and shows their verdict.
#[test]
fn settings_say_whether_this_machine_renews_unattended() {
    use crate::gui::{health, settings_screen};
    use crate::notify::{Channel, Format, Transport, WebhookSettings};
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = super::test_inventory(dir.path());
    let now = OffsetDateTime::now_utc();
    let url = "https://hooks.example.test/T0/B0/secret-token";
    inventory
        .add_channel(
            &Channel {
                name: "ops".into(),
                transport: Transport::Webhook(WebhookSettings {
                    shown: "https://hooks.example.test/…".into(),
                    format: Format::Slack,
                }),
            },
            Some(url),
            now,
        )
        .unwrap();
    let (mut app, _) = App::new(Vec::new());
    let _ = app.update(Message::Show(Screen::Settings));
    let mut listing = health::listing_in(&mut inventory).unwrap();
    assert!(
        listing.waiting.is_empty(),
        "a local inventory's rows are the user's own"
    );
    // What a teammate's issuer on a shared inventory would look like (the core's list is
    // tested against PostgreSQL in tests/trust_boundaries.rs).
    listing.waiting.push(crate::store::approvals::Request {
        kind: crate::store::approvals::Kind::Listener,
        inventory: inventory.id().unwrap(),
        owner: "conf7".into(),
        text: "0.0.0.0:80".into(),
        set_by: Some("otto".into()),
        set_at: Some(now.unix_timestamp()),
    });
    let place = match listing.secrets[0].1 {
        crate::store::secrets::Place::Keychain => fl!("doctor-in-keychain"),
        crate::store::secrets::Place::Vault => fl!("doctor-in-vault"),
    };
    let _ = app.update(Message::Settings(settings_screen::Message::Health(
        health::Message::Listed(Ok(listing)),
    )));
    {
        let mut ui = window(app.view());
        ui.find(fl!("doctor-title")).expect("the panel is drawn");
        ui.find("ops — webhook https://hooks.example.test/… (Slack)")
            .expect("the channel, as it is shown (no secret part)");
        ui.find(fl!("doctor-test"))
            .expect("the channel can be tested");
        let secret_line = format!("{}: {place}", inventory.stored_secrets().unwrap()[0].what);
        ui.find(secret_line.as_str())
            .expect("where the webhook's URL lives");
        assert!(ui.find(url).is_err(), "the secret itself is never shown");
        ui.find("0.0.0.0:80")
            .expect("the teammate's setting, exactly");
        ui.find(fl!("doctor-approve-explained"))
            .expect("what approving means here");
        ui.find(fl!("push-approve-button"))
            .expect("approved by a click, after reading");
    }
    // A click asks for the checks; their result is shown with the verdict.
    let clicked = click_text(&app, &fl!("doctor-check"));
    assert!(
        clicked.iter().any(|m| matches!(
            m,
            Message::Settings(settings_screen::Message::Health(health::Message::Check))
        )),
        "{clicked:?}"
    );
    let checks = crate::app::doctor::examine(&mut inventory, false, now);
    let _ = app.update(Message::Settings(settings_screen::Message::Health(
        health::Message::Checked(Ok(checks)),
    )));
    let mut ui = window(app.view());
    ui.find(fl!("doctor-warnings"))
        .expect("no scheduler entry and no issuer yet: a warning, not a failure");
    ui.find(fl!("doctor-name-scheduler"))
        .expect("the check, named in the window's language");
}
