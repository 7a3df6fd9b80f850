//! The window's tests: the headless simulator (iced_test, tiny-skia) drives the real views;
//! what worker threads do is done in the test and its result fed back as the runtime would.

mod discovery;
mod import;
mod notify;
mod overview;
mod push;
mod renewals;
mod revocation;
mod structure;
mod wizards;

use std::path::PathBuf;
use std::sync::Arc;

use iced::{Event, event};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::*;
use crate::pki::{self, DecodeOptions, Decoded};

/// The open dialog, by kind (`None` when another or none is open).
impl App {
    pub(super) fn review(&self) -> Option<&import_review::State> {
        match &self.modal {
            Some(Modal::Review(review)) => Some(review),
            _ => None,
        }
    }

    pub(super) fn export(&self) -> Option<&export_dialog::State> {
        match &self.modal {
            Some(Modal::Export(dialog)) => Some(dialog),
            _ => None,
        }
    }

    pub(super) fn push(&self) -> Option<&push_dialog::State> {
        match &self.modal {
            Some(Modal::Push(dialog)) => Some(dialog),
            _ => None,
        }
    }

    pub(super) fn csr(&self) -> Option<&csr_wizard::State> {
        match &self.modal {
            Some(Modal::Csr(wizard)) => Some(wizard),
            _ => None,
        }
    }

    pub(super) fn node_form(&self) -> Option<&node_dialog::State> {
        match &self.modal {
            Some(Modal::Node(form)) => Some(form),
            _ => None,
        }
    }

    /// The certificate waiting for its deletion to be confirmed.
    pub(super) fn confirm_delete(&self) -> Option<i64> {
        match &self.modal {
            Some(Modal::ConfirmDelete(id, _)) => Some(*id),
            _ => None,
        }
    }

    pub(super) fn confirm_remove_node(&self) -> Option<&str> {
        match &self.modal {
            Some(Modal::ConfirmRemoveNode(name)) => Some(name),
            _ => None,
        }
    }
}

#[test]
fn dropped_files_become_import_messages() {
    let path = PathBuf::from("/tmp/server.pfx");
    let message = window_event(
        Event::Window(iced::window::Event::FileDropped(path.clone())),
        event::Status::Ignored,
        iced::window::Id::unique(),
    );
    assert!(matches!(message, Some(Message::Intake(intake::Message::FileDropped(p))) if p == path));
    let hover = window_event(
        Event::Window(iced::window::Event::FileHovered(path)),
        event::Status::Ignored,
        iced::window::Id::unique(),
    );
    assert!(matches!(
        hover,
        Some(Message::Intake(intake::Message::FileHovered))
    ));
}

#[test]
fn imported_objects_are_listed_and_files_needing_a_password_remembered() {
    let (mut app, _) = App::new(Vec::new());
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let pfx = inspect::Source::File(fixtures.join("openssl3-default.pfx"));
    let leaf = inspect::Source::File(fixtures.join("fullchain.pem"));
    let mut decoded = pki::decode_file(&fixtures.join("fullchain.pem"), &DecodeOptions::default());
    decoded.extend(pki::decode_file(
        &fixtures.join("openssl3-default.pfx"),
        &DecodeOptions::default(),
    ));
    let _ = app.update(Message::Inspect(inspect::Message::Imported(
        inspect::Imported {
            decoded: Arc::new(decoded),
            sources: vec![leaf, pfx],
        },
    )));
    assert_eq!(app.inspect.decoded.items.len(), 2);
    assert_eq!(app.inspect.selected, Some(0));
    assert!(
        app.inspect
            .pem_view
            .text()
            .starts_with("-----BEGIN CERTIFICATE-----")
    );
    assert_eq!(app.inspect.needs_password.len(), 1);
    assert!(app.inspect.decoded.errors[0].wants_password());
    // The password is asked beside the file that needs it, not in the header.
    let _ = app.update(Message::Show(Screen::Inspect));
    let mut ui = window(app.view());
    ui.click(iced::widget::Id::new(inspect::PASSWORD_ID))
        .expect("a password field beside the file's error");
}

#[test]
fn no_password_field_waits_in_the_header() {
    let (app, _) = App::new(Vec::new());
    let mut ui = window(app.view());
    assert!(
        ui.click(iced::widget::Id::new(inspect::PASSWORD_ID))
            .is_err()
    );
}

/// The test inventory in `dir` (created on first use), opened with its vault passphrase.
pub(super) fn test_inventory(dir: &std::path::Path) -> crate::store::Inventory {
    use crate::store::{Inventory, VaultOptions};
    Inventory::open(
        dir,
        VaultOptions {
            passphrase: Some(Zeroizing::new("gui test".to_string())),
            keychain: false,
        },
    )
    .unwrap()
}

/// An inventory in a temporary folder holding the test root, intermediate and conf1's
/// certificate with its key, loaded as the window loads it.
pub(super) fn inventory_app() -> (App, tempfile::TempDir) {
    use crate::store::{ImportInput, NoPasswords};
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = test_inventory(dir.path());
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let inputs: Vec<ImportInput> = ["root.pem", "inter.pem", "keycert-with-dh.pem"]
        .iter()
        .map(|name| ImportInput::Path(fixtures.join(name)))
        .collect();
    let now = OffsetDateTime::now_utc();
    inventory
        .import(&inputs, &DecodeOptions::default(), &mut NoPasswords, now)
        .unwrap();
    let loaded = inventory::load_from(&inventory, now, 30).unwrap();
    let (mut app, _) = App::new(Vec::new());
    let _ = app.update(Message::InventoryLoaded(Ok(Arc::new(loaded))));
    // The window opens on the overview; these tests start from the list.
    let _ = app.update(Message::Show(Screen::Inventory));
    (app, dir)
}

/// [`inventory_app`] with a node `name` (FQDN `name.example.com`, `role`), the inventory open.
pub(super) fn app_with_node(
    name: &str,
    role: &str,
) -> (App, tempfile::TempDir, crate::store::Inventory) {
    let (mut app, dir) = inventory_app();
    let mut inventory = test_inventory(dir.path());
    inventory
        .add_node(
            name,
            &format!("{name}.example.com"),
            &[],
            role,
            OffsetDateTime::now_utc(),
        )
        .unwrap();
    reload(&mut app, &inventory);
    (app, dir, inventory)
}

/// A headless window of the size the real one opens with.
pub(super) fn window(view: iced::Element<'_, Message>) -> iced_test::Simulator<'_, Message> {
    iced_test::Simulator::with_size(iced::Settings::default(), window::SIZE, view)
}

/// What a click on the widget with test id `id` sends.
pub(super) fn click_id(app: &App, id: &'static str) -> Vec<Message> {
    let mut ui = window(app.view());
    ui.click(iced::widget::Id::new(id))
        .unwrap_or_else(|e| panic!("{id} is not clickable: {e:?}"));
    ui.into_messages().collect()
}

/// What a click on the text `label` (a button's) sends.
pub(super) fn click_text(app: &App, label: &str) -> Vec<Message> {
    let mut ui = window(app.view());
    ui.click(label)
        .unwrap_or_else(|e| panic!("{label} is not clickable: {e:?}"));
    ui.into_messages().collect()
}

/// The inventory row named `name`.
pub(super) fn row<'a>(app: &'a App, name: &str) -> &'a crate::store::CertificateRow {
    app.loaded
        .as_ref()
        .expect("the inventory is loaded")
        .rows
        .iter()
        .find(|(row, _)| row.name == name)
        .map(|(row, _)| row)
        .unwrap_or_else(|| panic!("no row named {name}"))
}

/// The id of the inventory row named `name`.
pub(super) fn row_id(app: &App, name: &str) -> i64 {
    row(app, name).id
}

/// The window shows `inventory` as it is now.
pub(super) fn reload(app: &mut App, inventory: &crate::store::Inventory) {
    let loaded = inventory::load_from(inventory, OffsetDateTime::now_utc(), 30).unwrap();
    let _ = app.update(Message::InventoryLoaded(Ok(Arc::new(loaded))));
}

/// The result of a change made on a worker thread: `inventory` as it is now.
pub(super) fn changed(app: &mut App, inventory: &crate::store::Inventory) {
    let loaded = inventory::load_from(inventory, OffsetDateTime::now_utc(), 30).unwrap();
    let _ = app.update(Message::InventoryChanged(Ok(Arc::new(loaded))));
}

/// Feeds what the simulated user did back into the app, as the runtime would.
pub(super) fn run_messages(app: &mut App, messages: impl IntoIterator<Item = Message>) {
    for message in messages {
        let _ = app.update(message);
    }
}

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
fn alarms_are_listed_in_words_and_lead_to_their_certificate() {
    let (mut app, dir) = inventory_app();
    assert!(app.loaded.as_ref().unwrap().alarms.is_empty());

    // Two centuries on, the server certificate has expired; a node has no certificate.
    let mut inventory = test_inventory(dir.path());
    let later = OffsetDateTime::now_utc() + time::Duration::days(365 * 200);
    inventory
        .add_node("pexip-conf2", "conf2.example.com", &[], "server", later)
        .unwrap();
    let loaded = inventory::load_from(&inventory, later, 30).unwrap();
    let _ = app.update(Message::InventoryLoaded(Ok(Arc::new(loaded))));
    let _ = app.update(Message::Show(Screen::Alarms));

    let conf1 = row(&app, "conf1.example.com");
    let conf1 = (conf1.id, conf1.facts.not_after);
    let expired = fl!(
        "alarm-expired",
        name = "conf1.example.com",
        date = i18n::date(conf1.1)
    );
    let clicked: Vec<Message> = {
        let mut ui = window(app.view());
        ui.find(fl!("alarm-node-without-certificate", node = "pexip-conf2"))
            .expect("the node's alarm is listed");
        ui.click(expired.as_str())
            .expect("the expiry alarm is listed");
        ui.into_messages().collect()
    };
    assert!(
        matches!(clicked.as_slice(), [Message::Intent(Intent::ShowCertificate(id))] if *id == conf1.0)
    );
    run_messages(&mut app, clicked);
    assert_eq!(app.screen, Screen::Inventory);
    assert_eq!(app.list.selected_row, Some(conf1.0));
}

#[test]
fn trusted_cas_are_listed_and_can_be_taken_off_and_back() {
    let (mut app, dir) = inventory_app();
    let _ = app.update(Message::Show(Screen::TrustedCas));
    let root = row_id(&app, "Certdeck Test Root");
    let builtin = app
        .loaded
        .as_ref()
        .unwrap()
        .trusted
        .iter()
        .filter(|ca| ca.builtin)
        .count();
    assert!(builtin > 100, "the Mozilla roots are listed ({builtin})");
    let clicked: Vec<Message> = {
        let mut ui = window(app.view());
        ui.find(fl!("trusted-custom", count = 1))
            .expect("one CA of the administrator's");
        ui.find(fl!("trusted-builtin", count = builtin))
            .expect("the built-in roots are counted");
        ui.click(fl!("trusted-remove").as_str())
            .expect("the imported root can be taken off");
        ui.into_messages().collect()
    };
    assert!(
        matches!(clicked.as_slice(), [Message::Intent(Intent::SetTrust(id, false))] if *id == root)
    );

    // What the worker thread does, then its result: the root is no longer trusted, and the
    // inventory's detail pane offers to trust it again.
    let _ = app.update(Message::Intent(Intent::SetTrust(root, false)));
    let mut inventory = test_inventory(dir.path());
    let now = OffsetDateTime::now_utc();
    inventory.distrust(root, now).unwrap();
    let loaded = inventory::load_from(&inventory, now, 30).unwrap();
    let _ = app.update(Message::InventoryChanged(Ok(Arc::new(loaded))));
    {
        let mut ui = window(app.view());
        ui.find(fl!("trusted-none"))
            .expect("no CA of the administrator's");
    }
    let _ = app.update(Message::Intent(Intent::ShowCertificate(root)));
    let mut ui = window(app.view());
    ui.find(fl!("trusted-add"))
        .expect("the root can be trusted again");
}

#[test]
fn nodes_show_their_certificate_and_take_a_new_one() {
    let (mut app, _dir, mut inventory) = app_with_node("conf1", "server");
    let now = OffsetDateTime::now_utc();
    let _ = app.update(Message::Show(Screen::ByNode));
    {
        let mut ui = window(app.view());
        ui.find("conf1").expect("the node is listed");
        ui.find(fl!("nodes-no-certificate"))
            .expect("its missing certificate is flagged");
        ui.find(fl!("nodes-alarms", count = 1))
            .expect("and counted as its alarm");
    }

    // Picking conf1.example.com: what the worker thread does, then its result.
    let conf1 = row_id(&app, "conf1.example.com");
    let _ = app.update(Message::Intent(Intent::Assign("conf1".into(), conf1)));
    inventory.assign("conf1", conf1, now).unwrap();
    changed(&mut app, &inventory);
    let clicked: Vec<Message> = {
        let mut ui = window(app.view());
        ui.find(fl!("nodes-alarms", count = 0))
            .expect("the node's alarm is gone");
        ui.click("conf1.example.com")
            .expect("the assigned certificate is shown");
        ui.into_messages().collect()
    };
    assert!(
        matches!(clicked.as_slice(), [Message::Intent(Intent::ShowCertificate(id))] if *id == conf1)
    );
}

#[test]
fn requests_waiting_for_their_ca_are_listed_with_their_kept_key() {
    use crate::pki::request::{KeyType, RequestSpec, Subject, Usage};
    use crate::store::requests::KeyChoice;
    let (mut app, dir) = inventory_app();
    let _ = app.update(Message::Show(Screen::Requests));
    {
        let mut ui = window(app.view());
        ui.find(fl!("requests-pending", count = 0))
            .expect("nothing waits yet");
    }
    let mut inventory = test_inventory(dir.path());
    let now = OffsetDateTime::now_utc();
    let spec = RequestSpec {
        subject: Subject {
            common_name: Some("conf9.example.com".into()),
            ..Subject::default()
        },
        names: Vec::new(),
        cn_in_san: true,
        usage: Usage::Server,
        node: None,
    };
    inventory
        .create_request(spec, KeyChoice::New(KeyType::EcdsaP256), None, false, now)
        .unwrap();
    reload(&mut app, &inventory);
    let mut ui = window(app.view());
    ui.find(fl!("requests-pending", count = 1))
        .expect("one request waits for its CA");
    ui.find("conf9.example.com").expect("named by its CN");
    ui.find(fl!("requests-waiting")).expect("marked as waiting");
    ui.find(fl!("requests-key-kept"))
        .expect("its key is kept for the answer");
}

/// The window's icon is decoded from the packaged PNG without iced's image codecs.
#[test]
fn the_window_icon_decodes() {
    assert!(window::icon().is_some());
}
