//! Files dropped onto the window: reviewed (what each holds, what will happen), unlocked with
//! their password inline, then imported.

use super::*;
use crate::gui::import_review::{self, Message as Review};
use crate::store::{Action, ImportInput};

/// A window over an inventory holding only the test root.
fn app_with_root() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = test_inventory(dir.path());
    let now = OffsetDateTime::now_utc();
    let root = vec![ImportInput::Path(fixture("root.pem"))];
    inventory
        .import(
            &root,
            &DecodeOptions::default(),
            &mut crate::store::NoPasswords,
            now,
        )
        .unwrap();
    let loaded = inventory::load_from(&inventory, now, 30).unwrap();
    let (mut app, _) = App::new(Vec::new());
    let _ = app.update(Message::InventoryLoaded(Ok(Arc::new(loaded))));
    (app, dir)
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn outcome<'a>(app: &'a App, name: &str, kind: &str) -> &'a crate::store::ImportOutcome {
    let report = app.review().unwrap().report().expect("previewed");
    report
        .outcomes
        .iter()
        .find(|o| o.effects.name == name && o.kind == kind)
        .unwrap_or_else(|| panic!("{name} ({kind}) in {:#?}", report.outcomes))
}

#[test]
fn dropped_files_are_reviewed_unlocked_inline_then_imported() {
    let (mut app, dir) = app_with_root();
    let mut inventory = test_inventory(dir.path());
    let now = OffsetDateTime::now_utc();
    let garbage = dir.path().join("notes.pem");
    std::fs::write(&garbage, "-----BEGIN CERTIFICATE-----\nnot base64!\n").unwrap();

    // Three files dropped one after the other: one review, the later ones wait for the first.
    for name in ["openssl3-default.pfx", "root.pem"] {
        let _ = app.update(Message::Intake(intake::Message::FileDropped(fixture(name))));
    }
    let _ = app.update(Message::Intake(intake::Message::FileDropped(
        garbage.clone(),
    )));
    assert!(app.review().is_some(), "the review opens at once, reading");

    // What the worker threads do: the first file, then the two that waited, added to it.
    let first = crate::store::decode_inputs(
        &[ImportInput::Path(fixture("openssl3-default.pfx"))],
        &DecodeOptions::default(),
    );
    let preview = inventory::preview_in(&mut inventory, first, now).unwrap();
    let _ = app.update(Message::Modal(modal::Message::Review(Review::Previewed(
        Ok(preview),
    ))));
    let mut all = Decoded::clone(&app.review().unwrap().decoded().unwrap());
    all.extend(crate::store::decode_inputs(
        &[
            ImportInput::Path(fixture("root.pem")),
            ImportInput::Path(garbage.clone()),
        ],
        &DecodeOptions::default(),
    ));
    let preview = inventory::preview_in(&mut inventory, all, now).unwrap();
    let _ = app.update(Message::Modal(modal::Message::Review(Review::Previewed(
        Ok(preview),
    ))));

    assert_eq!(
        outcome(&app, "Certdeck Test Root", "certificate").action,
        Action::Unchanged
    );
    let report = app.review().unwrap().report().unwrap();
    assert_eq!(
        report.count(Action::Error),
        2,
        "the locked file and the broken one"
    );
    {
        let mut ui = window(app.view());
        ui.find(fl!("review-locked", file = "openssl3-default.pfx"))
            .expect("the locked file asks for its password");
        ui.find(fl!("review-unchanged"))
            .expect("the root is already kept");
    }

    // The password typed inline, Enter opens the file.
    let typed: Vec<Message> = {
        let mut ui = window(app.view());
        ui.click(iced::widget::Id::from(import_review::password_id(0)))
            .expect("the password field is drawn");
        ui.typewrite("test1234");
        ui.tap_key(iced::keyboard::key::Named::Enter);
        ui.into_messages().collect()
    };
    assert!(matches!(
        typed.last(),
        Some(Message::Modal(modal::Message::Review(Review::Unlock(0))))
    ));
    run_messages(&mut app, typed);
    let (decoded, input, password) = app.review().unwrap().unlock_request(0).unwrap();
    assert_eq!(password.as_str(), "test1234");
    let opened = inventory::unlock(&decoded, &input, password);
    let preview = inventory::preview_in(&mut inventory, opened, now).unwrap();
    let _ = app.update(Message::Modal(modal::Message::Review(Review::Previewed(
        Ok(preview),
    ))));

    let leaf = outcome(&app, "conf1.example.com", "certificate");
    assert_eq!(leaf.action, Action::Added);
    assert!(leaf.effects.paired, "paired with the key in the same file");
    let intermediate = outcome(&app, "Certdeck Test Intermediate", "certificate");
    assert_eq!(
        intermediate.effects.role,
        Some(crate::store::Role::Intermediate)
    );
    {
        let mut ui = window(app.view());
        ui.find(format!("{} · {}", fl!("role-server"), fl!("review-paired")))
            .expect("the pairing is said");
        assert!(
            ui.find(fl!("review-locked", file = "openssl3-default.pfx"))
                .is_err(),
            "no longer locked"
        );
    }
    assert!(
        inventory
            .list(&crate::store::ListFilter::default(), now, 30)
            .unwrap()
            .len()
            == 1,
        "nothing is stored before Import"
    );

    // Import: what the worker does, then its result.
    let clicked = click_id(&app, import_review::IMPORT_ID);
    assert!(matches!(
        clicked.as_slice(),
        [Message::Modal(modal::Message::Review(Review::Import))]
    ));
    let decoded = app.review().unwrap().decoded().unwrap();
    run_messages(&mut app, clicked);
    let report = inventory.import_objects(&decoded, now).unwrap();
    let loaded = inventory::load_from(&inventory, now, 30).unwrap();
    let _ = app.update(Message::Modal(modal::Message::Review(Review::Imported(
        Ok((Arc::new(report), Arc::new(loaded))),
    ))));
    assert!(app.review().is_none(), "the review closes");
    let names: Vec<&str> = app
        .loaded
        .as_ref()
        .unwrap()
        .rows
        .iter()
        .map(|(row, _)| row.name.as_str())
        .collect();
    assert!(names.contains(&"conf1.example.com"), "{names:?}");
    assert!(
        row(&app, "conf1.example.com").has_private_key,
        "imported with its key"
    );
}

/// A bundle of thousands of certificates is reviewed in a list that builds only the lines in
/// view: the first objects are there, the last one is not until the list is scrolled to it,
/// and the summary counts every object.
#[test]
fn a_large_bundle_is_reviewed_in_a_windowed_list() {
    let (mut app, dir) = app_with_root();
    let mut inventory = test_inventory(dir.path());
    let now = OffsetDateTime::now_utc();
    let bundle = self_signed_bundle("bulk", 3000);
    let file = dir.path().join("bulk.pem");
    std::fs::write(&file, bundle).unwrap();
    let _ = app.update(Message::Intake(intake::Message::FileDropped(file.clone())));
    let decoded =
        crate::store::decode_inputs(&[ImportInput::Path(file)], &DecodeOptions::default());
    let preview = inventory::preview_in(&mut inventory, decoded, now).unwrap();
    let _ = app.update(Message::Modal(modal::Message::Review(Review::Previewed(
        Ok(preview),
    ))));
    let report = app.review().unwrap().report().expect("previewed");
    assert_eq!(report.count(Action::Added), 3000);

    let mut ui = window(app.view());
    ui.find("bulk.pem")
        .expect("the file's name heads its objects");
    ui.find("bulk0.example.com")
        .expect("the first object is in view");
    assert!(
        ui.find("bulk2999.example.com").is_err(),
        "the last object is not built before the list is scrolled to it"
    );
}
