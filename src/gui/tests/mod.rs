//! The window's tests: the headless simulator (iced_test, tiny-skia) drives the real views;
//! what worker threads do is done in the test and its result fed back as the runtime would.

mod discovery;
mod import;
mod inventory_list;
mod notify;
mod overview;
mod push;
mod renewals;
mod revocation;
mod shared;
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

/// `count` self-signed certificates named `{prefix}{n}.example.com` (one key), as PEM.
pub(super) fn self_signed_bundle(prefix: &str, count: usize) -> String {
    let key = rcgen::KeyPair::generate().unwrap();
    let mut bundle = String::new();
    for n in 0..count {
        let name = format!("{prefix}{n}.example.com");
        let mut params = rcgen::CertificateParams::new(vec![name.clone()]).unwrap();
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, name);
        bundle.push_str(&params.self_signed(&key).unwrap().pem());
    }
    bundle
}

/// A bundle of thousands of certificates on the Inspect screen is listed in rows built only
/// where they are in view: the first is there, the last is not until the list is scrolled.
#[test]
fn a_large_bundle_is_inspected_in_a_windowed_list() {
    let bundle = self_signed_bundle("many", 3000);
    let decoded = pki::decode_bytes(bundle.as_bytes(), "many.pem", &DecodeOptions::default());
    let (mut app, _) = App::new(Vec::new());
    let _ = app.update(Message::Show(Screen::Inspect));
    let _ = app.update(Message::Inspect(inspect::Message::Imported(
        inspect::Imported {
            decoded: Arc::new(decoded),
            sources: Vec::new(),
        },
    )));
    assert_eq!(app.inspect.decoded.items.len(), 3000);
    let mut ui = window(app.view());
    ui.find("many0.example.com")
        .expect("the first object is in view");
    assert!(
        ui.find("many2999.example.com").is_err(),
        "the last object is not built before the list is scrolled to it"
    );
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

/// Thousands of alarms (an estate whose intermediate is gone) are listed in lines built only
/// where they are in view: the first is there, the last is not until the list is scrolled.
#[test]
fn thousands_of_alarms_are_listed_in_a_windowed_list() {
    let dir = tempfile::tempdir().unwrap();
    let inventory = test_inventory(dir.path());
    let now = OffsetDateTime::now_utc();
    let mut loaded = inventory::load_from(&inventory, now, 30).unwrap();
    loaded.alarms = (0..5000)
        .map(|n| crate::store::report::AlarmEntry {
            kind: crate::store::report::AlarmKind::NodeWithoutCertificate,
            subject: format!("node{n:04}"),
            certificate_id: None,
            node: Some(format!("node{n:04}")),
            endpoint: None,
            message: String::new(),
        })
        .collect();
    let (mut app, _) = App::new(Vec::new());
    let _ = app.update(Message::InventoryLoaded(Ok(Arc::new(loaded))));
    let _ = app.update(Message::Show(Screen::Alarms));
    let first = fl!("alarm-node-without-certificate", node = "node0000");
    let last = fl!("alarm-node-without-certificate", node = "node4999");
    let mut ui = window(app.view());
    ui.find(first.as_str()).expect("the first alarm is in view");
    assert!(
        ui.find(last.as_str()).is_err(),
        "the last alarm is not built before the list is scrolled to it"
    );
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
