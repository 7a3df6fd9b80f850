//! The wizards run to the end: the signing request (new and renewal).

use super::*;
use crate::gui::csr_wizard::{self, Field, KeyOption, Message as Csr, NodeOption};
use crate::pki::request::KeyType;
use crate::store::requests::KeyChoice;

/// Compares a headless frame with its committed baseline (`tests/snapshots/NAME-tiny-skia.sha256`).
/// A missing baseline is written, and `.ci/run` fails on snapshot files git does not know: new
/// baselines are committed on purpose, never made silently on CI.
pub(super) fn assert_snapshot(ui: &mut iced_test::Simulator<'_, Message>, name: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    let snapshot = ui
        .snapshot(&iced::Theme::Light)
        .expect("the frame is drawn");
    // To look at the frames: CERTDECK_SNAPSHOT_PNG=folder writes each one there as a PNG.
    if let Some(folder) = std::env::var_os("CERTDECK_SNAPSHOT_PNG") {
        let png = PathBuf::from(folder).join(name);
        let _ = std::fs::remove_file(png.with_file_name(format!("{name}-tiny-skia.png")));
        let _ = snapshot.matches_image(&png);
    }
    assert!(
        snapshot
            .matches_hash(&path)
            .expect("the baseline is readable"),
        "the {name} frame differs from its baseline; if the change is wanted, delete \
         tests/snapshots/{name}-*.sha256, run the test again and commit the new baseline"
    );
}

fn checks(app: &App) -> Result<Vec<(pki::status::Severity, String)>, String> {
    app.csr().expect("the wizard is open").checks()
}

#[test]
fn a_new_request_is_checked_while_typed_then_made_saved_and_listed() {
    use pki::status::Severity;
    let (mut app, dir, mut inventory) = app_with_node("sip1", "sip");
    let now = OffsetDateTime::now_utc();
    let _ = app.update(Message::Show(Screen::Requests));

    // The Requests screen's button opens the wizard.
    let clicked = click_id(&app, requests_view::NEW_REQUEST_ID);
    assert!(matches!(
        clicked.as_slice(),
        [Message::Intent(Intent::NewRequest)]
    ));
    run_messages(&mut app, clicked);
    {
        let mut ui = window(
            app.csr()
                .unwrap()
                .view()
                .map(|m| Message::Modal(modal::Message::Csr(m))),
        );
        assert_snapshot(&mut ui, "csr-wizard-empty");
    }
    assert!(
        checks(&app)
            .unwrap()
            .contains(&(Severity::Error, fl!("lint-no-san"))),
        "an empty form cannot be sent"
    );

    // Typing the common name into its field: it becomes the request's first name.
    let typed: Vec<Message> = {
        let mut ui = window(app.view());
        ui.click(iced::widget::Id::new(csr_wizard::COMMON_NAME_ID))
            .expect("the CN field is drawn");
        ui.typewrite("sip1.example.com");
        ui.into_messages().collect()
    };
    run_messages(&mut app, typed);
    assert_eq!(checks(&app).unwrap(), Vec::new(), "nothing to object to");

    // For the SIP node, a wildcard name stops the request, and the Make button with it.
    let _ = app.update(Message::Modal(modal::Message::Csr(Csr::Node(NodeOption(
        Some("sip1".into()),
    )))));
    let typed: Vec<Message> = {
        let mut ui = window(app.view());
        ui.click(iced::widget::Id::new(csr_wizard::NAME_INPUT_ID))
            .expect("the name field is drawn");
        ui.typewrite("*.example.com");
        ui.tap_key(iced::keyboard::key::Named::Enter);
        ui.into_messages().collect()
    };
    run_messages(&mut app, typed);
    let wildcard = fl!(
        "lint-wildcard-sip",
        names = "DNS:*.example.com",
        node = "sip1"
    );
    assert!(
        checks(&app).unwrap().contains(&(Severity::Error, wildcard)),
        "{:?}",
        checks(&app)
    );
    assert!(app.csr().unwrap().plan().is_none());
    {
        let mut ui = window(app.view());
        ui.click(iced::widget::Id::new(csr_wizard::CREATE_ID))
            .expect("the button is drawn");
        assert_eq!(
            ui.into_messages().count(),
            0,
            "disabled while an error stands"
        );
    }
    let _ = app.update(Message::Modal(modal::Message::Csr(Csr::RemoveName(0))));

    // Field mistakes are named in the user's language before anything is made.
    let _ = app.update(Message::Modal(modal::Message::Csr(Csr::Field(
        Field::Country,
        "Norway".into(),
    ))));
    assert_eq!(
        checks(&app).unwrap_err(),
        fl!("csr-bad-country", country = "Norway")
    );
    let _ = app.update(Message::Modal(modal::Message::Csr(Csr::Field(
        Field::Country,
        "NO".into(),
    ))));
    let _ = app.update(Message::Modal(modal::Message::Csr(Csr::NameInput(
        "bad name!".into(),
    ))));
    assert_eq!(
        checks(&app).unwrap_err(),
        fl!("csr-bad-name", name = "bad name!")
    );
    let _ = app.update(Message::Modal(modal::Message::Csr(Csr::NameInput(
        "192.0.2.10".into(),
    ))));
    let _ = app.update(Message::Modal(modal::Message::Csr(Csr::AddName)));
    let _ = app.update(Message::Modal(modal::Message::Csr(Csr::Key(
        KeyOption::New(KeyType::Ed25519),
    ))));
    assert_eq!(
        checks(&app).unwrap(),
        vec![(Severity::Warning, fl!("lint-ed25519"))],
        "a key many appliances refuse is a warning"
    );
    let _ = app.update(Message::Modal(modal::Message::Csr(Csr::Key(
        KeyOption::New(KeyType::EcdsaP256),
    ))));

    let clicked = click_id(&app, csr_wizard::CREATE_ID);
    assert!(matches!(
        clicked.as_slice(),
        [Message::Modal(modal::Message::Csr(Csr::Create))]
    ));
    let plan = app.csr().unwrap().plan().expect("ready to make");
    assert_eq!(plan.node.as_deref(), Some("sip1"));
    run_messages(&mut app, clicked);

    // What the worker thread does, then its result: the request is shown and listed.
    let made = inventory::request_in(&mut inventory, plan, now, 30).unwrap();
    let _ = app.update(Message::Modal(modal::Message::Csr(Csr::Created(Ok(
        made.clone()
    )))));
    let loaded = app.loaded.as_ref().unwrap();
    assert_eq!(loaded.requests.len(), 1);
    assert!(loaded.requests[0].has_private_key, "its key is kept");
    let target = dir.path().join("sip1.example.com.csr");
    {
        let mut ui = window(app.view());
        ui.find(iced::widget::Id::new(csr_wizard::SAVE_ID))
            .expect("the result offers Save as…");
    }
    let _ = app.update(Message::Modal(modal::Message::Csr(Csr::Chosen(Some(
        target.clone(),
    )))));
    let saved = csr_wizard::save(&made.outcome.pem, &target).unwrap();
    let _ = app.update(Message::Modal(modal::Message::Csr(Csr::Saved(Ok(saved)))));
    assert_eq!(
        app.notes.latest(),
        Some(fl!("csr-saved", path = target.display().to_string()).as_str())
    );

    // The file is a request a CA reads: the names, the P-256 key, the server purpose.
    let decoded = pki::decode_file(&target, &DecodeOptions::default());
    let [item] = decoded.items.as_slice() else {
        panic!("one request in {decoded:?}")
    };
    let pki::Object::Csr(csr) = &item.object else {
        panic!("a CSR, not {}", item.object.kind())
    };
    assert_eq!(csr.subject.to_string(), "C=NO, CN=sip1.example.com");
    assert_eq!(csr.san, ["DNS:sip1.example.com", "IP:192.0.2.10"]);
    assert_eq!(csr.key.curve.as_deref(), Some("P-256"));
    assert!(csr.signature_valid, "signed by its own key");

    // Esc closes the wizard.
    let _ = app.update(Message::Shortcut(Shortcut::Escape));
    assert!(app.csr().is_none());
}

#[test]
fn renewing_a_certificate_fills_the_form_and_can_keep_its_key() {
    let (mut app, dir) = inventory_app();
    let conf1 = row_id(&app, "conf1.example.com");
    let _ = app.update(Message::List(list::Message::SelectRow(conf1)));
    let clicked = click_text(&app, fl!("detail-renew").as_str());
    assert!(matches!(
        clicked.as_slice(),
        [Message::List(list::Message::Intent(Intent::RenewSelected))]
    ));
    run_messages(&mut app, clicked);
    assert_eq!(checks(&app).unwrap(), Vec::new(), "the renewal is clean");

    let _ = app.update(Message::Modal(modal::Message::Csr(Csr::Key(
        KeyOption::Keep,
    ))));
    let plan = app.csr().unwrap().plan().unwrap();
    assert!(matches!(plan.key, KeyChoice::OfCertificate(id) if id == conf1));
    let mut inventory = test_inventory(dir.path());
    let now = OffsetDateTime::now_utc();
    let made = inventory::request_in(&mut inventory, plan, now, 30).unwrap();
    let _ = app.update(Message::Modal(modal::Message::Csr(Csr::Created(Ok(
        made.clone()
    )))));

    let old = app.list.row_report.as_ref().unwrap().cert.clone();
    let pem = made.outcome.pem.as_bytes();
    let decoded = pki::decode_bytes(pem, "renewal.csr", &DecodeOptions::default());
    let pki::Object::Csr(csr) = &decoded.items[0].object else {
        panic!("a CSR")
    };
    assert_eq!(csr.subject.to_string(), old.subject.to_string());
    assert_eq!(csr.san, old.san);
    assert_eq!(
        csr.key.to_string(),
        old.key.to_string(),
        "the certificate's own key signs the renewal"
    );
}

#[test]
fn a_node_is_added_from_the_form_then_edited_with_its_trust_list_and_pin() {
    use crate::gui::node_dialog::{self, DriverOption, Input, Message as Form};
    use crate::push::setup::{Contact, Identity};
    let (mut app, dir) = inventory_app();
    let _ = app.update(Message::Show(Screen::ByNode));
    let clicked = click_id(&app, nodes_view::ADD_NODE_ID);
    assert!(matches!(
        clicked.as_slice(),
        [Message::Intent(Intent::EditNode(None))]
    ));
    run_messages(&mut app, clicked);
    {
        let mut ui = window(
            app.node_form()
                .unwrap()
                .view()
                .map(|m| Message::Modal(modal::Message::Node(m))),
        );
        assert_snapshot(&mut ui, "node-form-empty");
    }

    // Name and FQDN typed into their fields; the folder driver needs its folder.
    let typed: Vec<Message> = {
        let mut ui = window(app.view());
        ui.click(iced::widget::Id::new(node_dialog::NAME_ID))
            .expect("the name field is drawn");
        ui.typewrite("conf1");
        ui.click(iced::widget::Id::new(node_dialog::FQDN_ID))
            .expect("the FQDN field is drawn");
        ui.typewrite("conf1.example.com");
        ui.into_messages().collect()
    };
    run_messages(&mut app, typed);
    let form = |app: &App| app.node_form().expect("the form is open").plan();
    assert!(form(&app).is_ok(), "a node without a driver is complete");
    let _ = app.update(Message::Modal(modal::Message::Node(Form::Driver(
        DriverOption("folder"),
    ))));
    assert_eq!(form(&app).unwrap_err(), fl!("node-needs-path"));
    let kit = dir.path().join("kit");
    let _ = app.update(Message::Modal(modal::Message::Node(Form::Text(
        Input::Path,
        kit.display().to_string(),
    ))));
    let _ = app.update(Message::Modal(modal::Message::Node(Form::Text(
        Input::Endpoints,
        "conf1.example.com:https".into(),
    ))));
    assert_eq!(
        form(&app).unwrap_err(),
        fl!("node-bad-endpoint", endpoint = "conf1.example.com:https")
    );
    let _ = app.update(Message::Modal(modal::Message::Node(Form::Text(
        Input::Endpoints,
        "conf1.example.com:443, conf1.example.com:5061".into(),
    ))));

    let clicked = click_id(&app, node_dialog::SAVE_ID);
    assert!(matches!(
        clicked.as_slice(),
        [Message::Modal(modal::Message::Node(Form::Save))]
    ));
    let plan = form(&app).unwrap();
    run_messages(&mut app, clicked);

    // What the worker thread does, then its result: the form closes, the node is listed.
    let mut inventory = test_inventory(dir.path());
    let now = OffsetDateTime::now_utc();
    let loaded = inventory::save_node_in(
        &mut inventory,
        &plan.setup,
        &plan.typed_secrets().unwrap(),
        now,
        30,
    )
    .unwrap();
    let _ = app.update(Message::Modal(modal::Message::Node(Form::Saved(Ok(
        Arc::new(loaded),
    )))));
    assert!(app.node_form().is_none(), "the form closes");
    let node = inventory.node("conf1").unwrap();
    assert_eq!(node.fqdn, "conf1.example.com");
    assert_eq!(node.driver, "folder");
    assert_eq!(node.settings["path"], kit.display().to_string());
    assert_eq!(
        node.endpoints,
        ["conf1.example.com:443", "conf1.example.com:5061"]
    );
    {
        let mut ui = window(app.view());
        ui.find("conf1").expect("the node is listed");
    }

    // Edit: the form comes back filled in; trust the root CA, switch to HTTPS and pin what the
    // connection test found.
    let clicked = click_text(&app, fl!("node-edit").as_str());
    assert!(
        matches!(clicked.as_slice(), [Message::Intent(Intent::EditNode(Some(name)))] if name == "conf1")
    );
    run_messages(&mut app, clicked);
    let again = form(&app).unwrap();
    assert_eq!(again.setup.settings, node.settings, "read back unchanged");
    assert_eq!(again.setup.original.as_deref(), Some("conf1"));
    let root = row_id(&app, "Certdeck Test Root");
    let _ = app.update(Message::Modal(modal::Message::Node(Form::Trust(
        root, true,
    ))));
    let _ = app.update(Message::Modal(modal::Message::Node(Form::Driver(
        DriverOption("https"),
    ))));
    let _ = app.update(Message::Modal(modal::Message::Node(Form::Text(
        Input::Url,
        "https://conf1.example.com/upload/".into(),
    ))));
    let clicked = click_id(&app, node_dialog::TEST_ID);
    assert!(matches!(
        clicked.as_slice(),
        [Message::Modal(modal::Message::Node(Form::Test))]
    ));
    let fingerprint = "ab".repeat(32);
    let _ = app.update(Message::Modal(modal::Message::Node(Form::Tested(Ok(
        Some(Contact {
            identity: Identity::TlsCertificate,
            fingerprint: fingerprint.clone(),
            pinned: false,
            logged_in_as: None,
        }),
    )))));
    let clicked: Vec<Message> = {
        let mut ui = window(app.view());
        ui.find(fl!(
            "node-tls-certificate",
            fingerprint = fingerprint.clone()
        ))
        .expect("the certificate's fingerprint is shown to compare");
        ui.click(iced::widget::Id::new(node_dialog::PIN_ID))
            .expect("and can be pinned");
        ui.into_messages().collect()
    };
    run_messages(&mut app, clicked);
    let plan = form(&app).unwrap();
    assert_eq!(plan.setup.pinned.as_deref(), Some(fingerprint.as_str()));
    let loaded = inventory::save_node_in(
        &mut inventory,
        &plan.setup,
        &plan.typed_secrets().unwrap(),
        now,
        30,
    )
    .unwrap();
    let _ = app.update(Message::Modal(modal::Message::Node(Form::Saved(Ok(
        Arc::new(loaded),
    )))));
    let node = inventory.node("conf1").unwrap();
    assert_eq!(node.driver, "https");
    assert_eq!(node.trusted_cas, [root]);
    assert_eq!(node.pinned.as_deref(), Some(fingerprint.as_str()));
}

#[test]
fn a_server_certificate_is_assigned_to_a_node_from_its_detail() {
    let (mut app, _dir, mut inventory) = app_with_node("conf1", "server");
    let now = OffsetDateTime::now_utc();
    let conf1 = row_id(&app, "conf1.example.com");
    let _ = app.update(Message::List(list::Message::SelectRow(conf1)));
    let mut ui = window(app.view());
    ui.find(iced::widget::Id::new(inventory_view::ASSIGN_ID))
        .expect("the detail offers the nodes it does not serve yet");
    drop(ui);
    let _ = app.update(Message::Intent(Intent::Assign("conf1".into(), conf1)));
    inventory.assign("conf1", conf1, now).unwrap();
    changed(&mut app, &inventory);
    let mut ui = window(app.view());
    assert!(
        ui.find(iced::widget::Id::new(inventory_view::ASSIGN_ID))
            .is_err(),
        "no other node to offer"
    );
    ui.find("conf1").expect("the node is named in the detail");
}

#[test]
fn the_nodes_screen_says_how_each_node_is_reached_and_removes_one_after_asking() {
    use crate::gui::nodes_list;
    let (mut app, _dir, mut inventory) = app_with_node("phone1", "server");
    let settings = serde_json::json!({"host": "192.0.2.7", "port": 2222, "user": "admin",
        "certificate_path": "/etc/ssl/phone.pem"});
    inventory
        .configure_node("phone1", &["192.0.2.7:443".into()], "ssh", &settings)
        .unwrap();
    reload(&mut app, &inventory);
    let _ = app.update(Message::Show(Screen::Nodes));
    {
        let mut ui = window(app.view());
        ui.find(fl!(
            "nodes-list-ssh",
            user = "admin",
            host = "192.0.2.7",
            port = "2222"
        ))
        .expect("how the node is reached");
        ui.find(fl!("nodes-list-not-pinned"))
            .expect("an SSH node without a pin says so");
        ui.find(iced::widget::Id::new(nodes_list::ADD_ID))
            .expect("nodes are added here");
    }
    let clicked = click_text(&app, &fl!("nodes-list-remove"));
    assert!(
        matches!(clicked.as_slice(), [Message::Intent(Intent::AskRemoveNode(name))] if name == "phone1")
    );
    run_messages(&mut app, clicked);
    let _ = app.update(Message::Shortcut(Shortcut::Escape));
    assert!(app.confirm_remove_node().is_none(), "Esc keeps the node");
    let _ = app.update(Message::Intent(Intent::AskRemoveNode("phone1".into())));
    let clicked = click_id(&app, modal::CONFIRM_REMOVE_ID);
    assert!(matches!(
        clicked.as_slice(),
        [Message::Modal(modal::Message::Confirm)]
    ));
    run_messages(&mut app, clicked);
    // What the worker thread does, then its result.
    inventory.remove_node("phone1").unwrap();
    changed(&mut app, &inventory);
    assert!(app.loaded.as_ref().unwrap().nodes.is_empty());
    assert_eq!(
        app.notes.latest(),
        Some(fl!("node-removed", name = "phone1").as_str())
    );
}
