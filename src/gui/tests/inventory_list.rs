//! The inventory list: rows, their detail and chain, the filter, sorting, the view picker, the
//! keyboard, deleting and exporting the selected certificate; and the settings screen.

use iced::Event;
use zeroize::Zeroizing;

use super::*;
use crate::pki::{self, DecodeOptions};

const INTERMEDIATE: &str = "C=NO, O=Certdeck Test, CN=Certdeck Test Intermediate";

#[test]
fn clicking_a_row_shows_that_certificate_and_its_chain() {
    let (mut app, _dir) = inventory_app();
    assert_eq!(app.screen, Screen::Inventory);
    // On load the top row of the list (worst status first, then soonest expiry) is selected.
    let first = app
        .list
        .row_report
        .as_ref()
        .expect("the first row is selected on load");
    assert_eq!(first.cert.display_name(), visible_names(&app)[0]);
    assert_ne!(first.cert.display_name(), "conf1.example.com");

    let mut ui = window(app.view());
    ui.click("conf1.example.com").expect("conf1's row is drawn");
    let messages: Vec<Message> = ui.into_messages().collect();
    run_messages(&mut app, messages);
    let leaf = app.list.row_report.as_ref().unwrap();
    assert_eq!(leaf.cert.display_name(), "conf1.example.com");
    assert!(leaf.has_private_key);
    assert!(
        app.list
            .pem_view
            .text()
            .starts_with("-----BEGIN CERTIFICATE-----")
    );
    let mut ui = window(app.view());
    ui.find(INTERMEDIATE)
        .expect("conf1's chain of trust names its intermediate");

    ui.click("Certdeck Test Root")
        .expect("the root's row is drawn");
    let messages: Vec<Message> = ui.into_messages().collect();
    run_messages(&mut app, messages);
    let root = app.list.row_report.as_ref().unwrap();
    assert_eq!(root.cert.display_name(), "Certdeck Test Root");
    let mut ui = window(app.view());
    assert!(
        ui.find(INTERMEDIATE).is_err(),
        "the root's own chain does not mention the intermediate"
    );
}

#[test]
fn typing_in_the_filter_narrows_the_list() {
    let (mut app, _dir) = inventory_app();
    let mut ui = window(app.view());
    ui.find(fl!("objects-count", count = 3))
        .expect("three rows");
    ui.click(iced::widget::Id::new(list::FILTER_ID))
        .expect("the filter field is drawn");
    let _ = ui.typewrite("conf1");
    let messages: Vec<Message> = ui.into_messages().collect();
    run_messages(&mut app, messages);
    assert_eq!(app.list.filter, "conf1");
    assert_eq!(visible_names(&app), ["conf1.example.com"]);

    let mut ui = window(app.view());
    ui.find(fl!("objects-count", count = 1))
        .expect("one row left");
    ui.find("conf1.example.com").expect("conf1 stays listed");
}

fn visible_names(app: &App) -> Vec<String> {
    let loaded = app.loaded.as_ref().unwrap();
    app.list
        .visible
        .iter()
        .map(|&i| loaded.rows[i].0.name.clone())
        .collect()
}

#[test]
fn column_headers_sort_and_a_second_click_reverses() {
    let (mut app, _dir) = inventory_app();
    let _ = app.update(Message::List(list::Message::SortBy(list::SortColumn::Name)));
    assert_eq!(
        visible_names(&app),
        [
            "Certdeck Test Intermediate",
            "Certdeck Test Root",
            "conf1.example.com"
        ]
    );
    let _ = app.update(Message::List(list::Message::SortBy(list::SortColumn::Name)));
    assert_eq!(
        visible_names(&app),
        [
            "conf1.example.com",
            "Certdeck Test Root",
            "Certdeck Test Intermediate"
        ]
    );
    // Kind: server certificates before intermediates before roots.
    let _ = app.update(Message::List(list::Message::SortBy(list::SortColumn::Kind)));
    assert_eq!(
        visible_names(&app),
        [
            "conf1.example.com",
            "Certdeck Test Intermediate",
            "Certdeck Test Root"
        ]
    );
    // The view draws the rows in that order.
    let mut ui = window(app.view());
    let leaf = ui.find("conf1.example.com").unwrap().bounds();
    let root = ui.find("Certdeck Test Root").unwrap().bounds();
    assert!(leaf.y < root.y);
}

#[test]
fn the_view_picker_shows_only_that_kind_of_certificate() {
    let (mut app, _dir) = inventory_app();
    let _ = app.update(Message::List(list::Message::SortBy(list::SortColumn::Name)));
    let _ = app.update(Message::List(list::Message::ShowOnly(
        list::Show::Authorities,
    )));
    assert_eq!(
        visible_names(&app),
        ["Certdeck Test Intermediate", "Certdeck Test Root"]
    );
    let _ = app.update(Message::List(list::Message::ShowOnly(list::Show::WithKey)));
    assert_eq!(visible_names(&app), ["conf1.example.com"]);
    // Combined with the text filter.
    let _ = app.update(Message::List(list::Message::Filter("no such name".into())));
    assert!(visible_names(&app).is_empty());
    let _ = app.update(Message::List(list::Message::ShowOnly(list::Show::All)));
    // Case-insensitive, and issuers count: conf1 is issued by the intermediate.
    let _ = app.update(Message::List(list::Message::Filter(
        "TEST INTERMEDIATE".into(),
    )));
    assert_eq!(
        visible_names(&app),
        ["Certdeck Test Intermediate", "conf1.example.com"]
    );
}

/// A key press as the window delivers it, with the given modifiers.
pub(super) fn key_press(key: iced::keyboard::Key, modifiers: iced::keyboard::Modifiers) -> Event {
    let mut event = iced_test::simulator::press_key(key, None);
    if let Event::Keyboard(iced::keyboard::Event::KeyPressed { modifiers: m, .. }) = &mut event {
        *m = modifiers;
    }
    event
}

#[test]
fn keyboard_shortcuts_are_recognised() {
    use iced::keyboard::{Key, Modifiers, key::Named};
    let shortcut = |key: Key, modifiers, status| match window_event(
        key_press(key, modifiers),
        status,
        iced::window::Id::unique(),
    ) {
        Some(Message::Shortcut(shortcut)) => Some(shortcut),
        _ => None,
    };
    let ignored = event::Status::Ignored;
    let o = Key::Character("o".into());
    assert_eq!(
        shortcut(o.clone(), Modifiers::COMMAND, ignored),
        Some(Shortcut::Import)
    );
    assert_eq!(
        shortcut(o, Modifiers::default(), ignored),
        None,
        "a plain o is typing"
    );
    assert_eq!(
        shortcut(Key::Character("f".into()), Modifiers::COMMAND, ignored),
        Some(Shortcut::Find)
    );
    let escape = Key::Named(Named::Escape);
    assert_eq!(
        shortcut(escape, Modifiers::default(), ignored),
        Some(Shortcut::Escape)
    );
    let down = Key::Named(Named::ArrowDown);
    assert_eq!(
        shortcut(down.clone(), Modifiers::default(), ignored),
        Some(Shortcut::Next)
    );
    assert_eq!(
        shortcut(down, Modifiers::default(), event::Status::Captured),
        None,
        "arrows in a text field stay there"
    );
}

#[test]
fn arrows_walk_the_list_in_its_order_and_escape_clears_the_filter() {
    let (mut app, _dir) = inventory_app();
    let _ = app.update(Message::List(list::Message::SortBy(list::SortColumn::Name)));
    let selected = |app: &App| app.list.row_report.as_ref().unwrap().cert.display_name();
    let _ = app.update(Message::List(list::Message::SelectRow(
        app.loaded.as_ref().unwrap().rows[app.list.visible[0]].0.id,
    )));
    assert_eq!(selected(&app), "Certdeck Test Intermediate");
    let _ = app.update(Message::Shortcut(Shortcut::Next));
    assert_eq!(selected(&app), "Certdeck Test Root");
    let _ = app.update(Message::Shortcut(Shortcut::Next));
    assert_eq!(selected(&app), "conf1.example.com");
    let _ = app.update(Message::Shortcut(Shortcut::Next));
    assert_eq!(
        selected(&app),
        "conf1.example.com",
        "the last row stays selected"
    );
    let _ = app.update(Message::Shortcut(Shortcut::Previous));
    assert_eq!(selected(&app), "Certdeck Test Root");

    let _ = app.update(Message::List(list::Message::Filter("conf1".into())));
    assert_eq!(app.list.visible.len(), 1);
    let _ = app.update(Message::Shortcut(Shortcut::Escape));
    assert!(app.list.filter.is_empty());
    assert_eq!(app.list.visible.len(), 3);
}

#[test]
fn settings_are_checked_saved_and_applied_without_restart() {
    use settings_screen::Message as Edit;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.json");
    let (mut app, _) =
        App::with_settings(Vec::new(), Settings::default(), Some(path.clone()), None);
    let _ = app.update(Message::Show(Screen::Settings));

    // Typing into the warning field (found by id) edits the draft: "30" becomes "305".
    let mut ui = window(app.view());
    ui.click(iced::widget::Id::new(settings_screen::WARNING_DAYS_ID))
        .expect("the warning days field is drawn");
    ui.typewrite("5");
    let typed: Vec<Message> = ui.into_messages().collect();
    run_messages(&mut app, typed);
    assert_eq!(app.settings_screen.draft().unwrap().warning_days, 305);

    // An impossible period is refused in place and nothing is saved.
    let _ = app.update(Message::Settings(Edit::WarningDays("0".into())));
    {
        let mut ui = window(app.view());
        ui.find(fl!("settings-warning-days-invalid"))
            .expect("the reason is shown");
    }
    assert!(matches!(
        app.settings_screen.update(Edit::Save),
        settings_screen::Action::None
    ));
    assert!(!path.exists());

    let _ = app.update(Message::Settings(Edit::WarningDays("45".into())));
    let _ = app.update(Message::Settings(Edit::Theme(
        settings_screen::ThemeOption(crate::settings::ThemeChoice::Dark),
    )));
    // What the Save task does on its worker thread, then its result message.
    let draft = app.settings_screen.draft().unwrap();
    draft.save(&path).unwrap();
    let _ = app.update(Message::Settings(Edit::Saved(Ok(draft.clone()))));
    assert_eq!(Settings::load(&path).unwrap(), draft);
    assert_eq!(app.settings.warning_days, 45);
    assert_eq!(window::theme(&app.settings), Some(iced::Theme::Dark));
    assert!(
        app.loaded.is_none(),
        "a new warning period reloads the inventory"
    );
}

#[test]
fn delete_asks_first_then_removes_the_certificate_and_selects_the_next() {
    let (mut app, dir) = inventory_app();
    let _ = app.update(Message::List(list::Message::SortBy(list::SortColumn::Name)));
    let root_id = app.loaded.as_ref().unwrap().rows[app.list.visible[1]].0.id;
    let _ = app.update(Message::List(list::Message::SelectRow(root_id)));

    // The Delete key asks; Esc and Cancel keep everything.
    let delete_key = key_press(
        iced::keyboard::Key::Named(iced::keyboard::key::Named::Delete),
        iced::keyboard::Modifiers::default(),
    );
    let asked = window_event(
        delete_key,
        event::Status::Ignored,
        iced::window::Id::unique(),
    );
    assert!(matches!(asked, Some(Message::Shortcut(Shortcut::Delete))));
    let _ = app.update(asked.unwrap());
    assert_eq!(app.confirm_delete(), Some(root_id));
    let _ = app.update(Message::Shortcut(Shortcut::Escape));
    assert!(app.confirm_delete().is_none());
    assert_eq!(app.list.visible.len(), 3);

    // Asked again, the dialog's Delete button (found by id) confirms.
    let _ = app.update(Message::Intent(Intent::AskDelete));
    let confirmed: Vec<Message> = {
        let mut ui = window(app.view());
        ui.find(fl!("delete-title", name = "Certdeck Test Root"))
            .expect("the dialog names the certificate");
        ui.click(iced::widget::Id::new(modal::CONFIRM_DELETE_ID))
            .expect("the Delete button is drawn");
        ui.into_messages().collect()
    };
    assert!(matches!(
        confirmed.as_slice(),
        [Message::Modal(modal::Message::Confirm)]
    ));
    let _ = app.update(Message::Modal(modal::Message::Confirm));
    assert!(app.confirm_delete().is_none());

    // What the worker thread does, then its result.
    let mut inventory = test_inventory(dir.path());
    let now = OffsetDateTime::now_utc();
    inventory.delete(root_id, now).unwrap();
    let loaded = inventory::load_from(&inventory, now, 30).unwrap();
    let _ = app.update(Message::Deleted(
        "Certdeck Test Root".into(),
        Ok(Arc::new(loaded)),
    ));
    assert_eq!(
        visible_names(&app),
        ["Certdeck Test Intermediate", "conf1.example.com"]
    );
    assert_eq!(
        app.list.row_report.as_ref().unwrap().cert.display_name(),
        "conf1.example.com",
        "the next row is selected"
    );
    assert_eq!(
        app.notes.latest(),
        Some(fl!("deleted", name = "Certdeck Test Root").as_str())
    );
}

#[test]
fn export_dialog_checks_the_choices_and_writes_what_openssl_reads() {
    use export_dialog::{Format, FormatOption, Message as Edit, What, WhatOption};
    let (mut app, dir) = inventory_app();
    let _ = app.update(Message::List(list::Message::SortBy(list::SortColumn::Name)));
    let conf1 = app.loaded.as_ref().unwrap().rows[app.list.visible[2]].0.id;
    let _ = app.update(Message::List(list::Message::SelectRow(conf1)));

    // Ctrl+E opens the dialog for the selected certificate, key included by default.
    let ctrl_e = key_press(
        iced::keyboard::Key::Character("e".into()),
        iced::keyboard::Modifiers::CTRL,
    );
    let shortcut = window_event(ctrl_e, event::Status::Ignored, iced::window::Id::unique());
    let _ = app.update(shortcut.expect("Ctrl+E is a shortcut"));
    let dialog = app.export().expect("the export dialog is open");
    assert_eq!(
        dialog.request().err().unwrap(),
        fl!("export-plain-key-unconfirmed"),
        "a key in PEM needs a passphrase or a confirmation"
    );

    // Impossible combinations are explained, not attempted.
    let _ = app.update(Message::Modal(modal::Message::Export(Edit::Format(
        FormatOption(Format::Der),
    ))));
    assert_eq!(
        app.export().unwrap().request().err().unwrap(),
        fl!("export-key-needs-pem-or-pfx")
    );
    let _ = app.update(Message::Modal(modal::Message::Export(Edit::What(
        WhatOption(What::WithChain),
    ))));
    assert_eq!(
        app.export().unwrap().request().err().unwrap(),
        fl!("export-der-one-certificate")
    );

    // A compatible PKCS#12 with its key and chain, protected by a passphrase.
    let _ = app.update(Message::Modal(modal::Message::Export(Edit::What(
        WhatOption(What::WithKey),
    ))));
    let _ = app.update(Message::Modal(modal::Message::Export(Edit::Format(
        FormatOption(Format::PfxCompatible),
    ))));
    let _ = app.update(Message::Modal(modal::Message::Export(Edit::Passphrase(
        "s3cret".into(),
    ))));
    let clicked = click_id(&app, export_dialog::SAVE_ID);
    assert!(matches!(
        clicked.as_slice(),
        [Message::Modal(modal::Message::Export(Edit::Save))]
    ));
    let Ok(request) = app.export().unwrap().request() else {
        panic!("the choices are complete")
    };
    let _ = app.update(Message::Modal(modal::Message::Export(Edit::Save)));

    // What the worker threads do, then their results.
    let mut inventory = test_inventory(dir.path());
    let bundle = export_dialog::Bundle(Arc::new(inventory.export(&request).unwrap()));
    assert_eq!(bundle.0.file_name, "conf1.example.com_keycert.pfx");
    let _ = app.update(Message::Modal(modal::Message::Export(Edit::Built(Ok(
        bundle.clone(),
    )))));
    let target = dir.path().join(&bundle.0.file_name);
    let _ = app.update(Message::Modal(modal::Message::Export(Edit::Chosen(Some(
        target.clone(),
    )))));
    let written = export_dialog::write(&bundle, &target).unwrap();
    let _ = app.update(Message::Modal(modal::Message::Export(Edit::Saved(Ok(
        written.clone(),
    )))));
    assert!(app.export().is_none(), "the dialog closes");
    assert_eq!(
        app.notes.latest(),
        Some(fl!("exported", path = written.display().to_string()).as_str())
    );

    let opened = pki::decode_file(
        &written,
        &DecodeOptions {
            passwords: vec![Zeroizing::new("s3cret".to_string())],
            ..Default::default()
        },
    );
    assert!(opened.errors.is_empty(), "{:?}", opened.errors);
    let kinds: Vec<&str> = opened.items.iter().map(|i| i.object.kind()).collect();
    assert!(kinds.contains(&"private_key"), "{kinds:?}");
    assert_eq!(
        kinds.iter().filter(|k| **k == "certificate").count(),
        2,
        "leaf and intermediate"
    );
}

#[test]
fn the_team_database_is_checked_in_place_and_kept_in_the_settings() {
    use settings_screen::Message as Edit;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("settings.json");
    let (mut app, _) =
        App::with_settings(Vec::new(), Settings::default(), Some(path.clone()), None);
    let _ = app.update(Message::Show(Screen::Settings));
    let _ = app.update(Message::Settings(Edit::TeamUrl("postgres://[oops".into())));
    {
        let mut ui = window(app.view());
        ui.click(iced::widget::Id::new(settings_screen::TEAM_URL_ID))
            .expect("the team database field is drawn");
        let reason = "postgres://[oops"
            .parse::<tokio_postgres::Config>()
            .unwrap_err()
            .to_string();
        let said = app.settings_screen.draft().unwrap_err();
        assert_eq!(said, fl!("settings-team-invalid", reason = reason));
        ui.find(said).expect("the reason is shown beside the field");
    }
    assert!(matches!(
        app.settings_screen.update(Edit::Save),
        settings_screen::Action::None
    ));
    let url = "postgres://ann@db.example.com/certdeck?sslmode=require";
    let _ = app.update(Message::Settings(Edit::TeamUrl(format!("  {url} "))));
    assert_eq!(
        app.settings_screen.draft().unwrap().team_url.as_deref(),
        Some(url)
    );
    let _ = app.update(Message::Settings(Edit::TeamUrl(String::new())));
    assert_eq!(app.settings_screen.draft().unwrap().team_url, None);
}
