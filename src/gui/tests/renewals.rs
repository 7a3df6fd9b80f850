//! The Renewals screen and its dialogs: the timeline, accounts, DNS servers and log drawn from a
//! real inventory; the Get certificate wizard checked step by step and saved; the account and
//! DNS server forms refusing what cannot work. (The pass itself runs against Pebble and BIND in
//! tests/acme_window.rs.)

use super::wizards::assert_snapshot;
use super::*;
use crate::acme::client::DirectoryInfo;
use crate::acme::{Challenge, KeyPolicy, Window};
use crate::gui::account_dialog::{self, CaOption};
use crate::gui::dns_dialog::{self, Field};
use crate::gui::issuer_dialog::{self, ChallengeKind, Choice, Step};
use crate::gui::renewals::Message as Renewals;
use crate::gui::renewals_view;
use crate::store::acme::{DnsServer, Issuer, IssuerState, NewAcmeAccount, RenewalRun};

/// A base64 TSIG secret (32 bytes).
const SECRET: &str = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTEyMzQ=";

/// An inventory with the nodes `web1` and `sip2`, an ACME account `lab` and a DNS server
/// `ns1`; `sip2` renews by hand and failed twice, `web1` through `ns1` in a weekend window.
fn renewals_app() -> (App, tempfile::TempDir, crate::store::Inventory) {
    let (mut app, dir, mut inventory) = app_with_node("web1", "server");
    let now = NOW;
    inventory
        .add_node("sip2", "sip2.example.com", &[], "sip", now)
        .unwrap();
    inventory
        .add_acme_account(
            &NewAcmeAccount {
                name: "lab",
                directory_url: "https://127.0.0.1:14000/dir",
                contact: &["admin@example.com".to_string()],
                account_url: "https://127.0.0.1:14000/acct/1",
                credentials: b"{}",
                ca_root_pem: None,
                eab_kid: None,
            },
            now,
        )
        .unwrap();
    inventory
        .add_dns_server(&DnsServer {
            name: "ns1".into(),
            server: "127.0.0.1:5353".into(),
            zone: "example.com".into(),
            key_name: "certdeck.".into(),
            algorithm: "hmac-sha256".into(),
            check_servers: Vec::new(),
        })
        .unwrap();
    let issuer = |node: &str, challenge: Challenge, window: Option<Window>| Issuer {
        node: node.into(),
        account: "lab".into(),
        challenge,
        profile: None,
        key_policy: KeyPolicy::New,
        key_type: "p256".into(),
        csr_id: None,
        window,
        renew_fraction: 0.67,
        rehearse_with: None,
        state: IssuerState::default(),
    };
    let weekend = Window::parse("sat,sun 01:00-05:00", time::UtcOffset::UTC).unwrap();
    inventory
        .set_issuer(&issuer(
            "web1",
            Challenge::Dns01 {
                server: "ns1".into(),
            },
            Some(weekend),
        ))
        .unwrap();
    inventory
        .set_issuer(&issuer(
            "sip2",
            Challenge::Manual {
                check_servers: vec!["127.0.0.1:5353".into()],
            },
            None,
        ))
        .unwrap();
    let failing = IssuerState {
        failures: 2,
        next_attempt: Some((now + time::Duration::hours(2)).unix_timestamp()),
        ..IssuerState::default()
    };
    inventory
        .record_renewal(
            "sip2",
            &failing,
            &RenewalRun {
                at: now.unix_timestamp(),
                node: "sip2".into(),
                outcome: "failed".into(),
                detail: "the CA cannot be reached: connection refused".into(),
                certificate_id: None,
            },
        )
        .unwrap();
    reload_at(&mut app, &inventory, NOW);
    let _ = app.update(Message::Show(Screen::Renewals));
    // What the scheduler said when asked (the check is a task the runtime would run).
    let _ = app.update(Message::Renewals(Renewals::ScheduleChecked(false)));
    (app, dir, inventory)
}

/// The moment the screen is judged at: fixed, so its dates (and its snapshot) never change.
const NOW: OffsetDateTime = time::macros::datetime!(2026-12-01 09:00 UTC);

/// The window shows `inventory` as judged at `at`.
fn reload_at(app: &mut App, inventory: &crate::store::Inventory, at: OffsetDateTime) {
    let loaded = inventory::load_from(inventory, at, 30).unwrap();
    let _ = app.update(Message::InventoryLoaded(Ok(Arc::new(loaded))));
}

#[test]
fn the_renewals_screen_shows_each_node_the_accounts_the_dns_servers_and_failures_with_reasons() {
    let (app, _dir, _inventory) = renewals_app();
    let loaded = app.loaded.as_ref().unwrap();
    let outlook = &loaded.renewals.outlook;
    assert_eq!(outlook.len(), 2);
    {
        let mut ui = window(app.view());
        ui.find(fl!("renewals-title")).expect("the screen's title");
        // web1 has no certificate yet: due now; sip2 failed twice and waits for its retry.
        ui.find(fl!("renewals-due-now")).expect("web1 is due now");
        let sip2 = outlook.iter().find(|o| o.issuer.node == "sip2").unwrap();
        ui.find(labels::decision_words(sip2, loaded.now))
            .expect("sip2's retry with its count");
        ui.find("the CA cannot be reached: connection refused")
            .expect("the failure's reason");
        ui.find(fl!("renewals-account-active"))
            .expect("the account");
        ui.find("https://127.0.0.1:14000/dir").expect("its CA");
        ui.find("ns1").expect("the DNS server");
        ui.find(fl!("renewals-schedule-off"))
            .expect("nothing renews unattended yet");
        assert_snapshot(&mut ui, "renewals-screen");
    }
    // The buttons say what they do.
    let clicked = click_id(&app, renewals_view::SCHEDULE_ID);
    assert!(matches!(
        clicked.as_slice(),
        [Message::Renewals(Renewals::SetSchedule(true))]
    ));
    let clicked = click_id(&app, renewals_view::RENEW_DUE_ID);
    assert!(matches!(
        clicked.as_slice(),
        [Message::Renewals(Renewals::RenewDue)]
    ));
    let clicked = click_text(&app, &fl!("renewals-renew-now"));
    assert!(
        matches!(clicked.as_slice(), [Message::Renewals(Renewals::RenewNow(node))] if node == "web1" || node == "sip2"),
        "{clicked:?}"
    );
}

#[test]
fn renew_now_shows_a_pass_with_its_node_and_cancel_stops_it() {
    let (mut app, _dir, _inventory) = renewals_app();
    // The pass itself is a task the runtime would run; here its events are fed back.
    let _ = app.update(Message::Renewals(Renewals::RenewNow("sip2".into())));
    assert!(app.renewals.running());
    let event = crate::acme::renew::RenewEvent::Order(
        "sip2".into(),
        crate::acme::issue::Event::ShowRecord {
            record: "_acme-challenge.sip2.example.com".into(),
            value: "abc123".into(),
        },
    );
    let _ = app.update(Message::Renewals(Renewals::Event(event)));
    {
        let mut ui = window(app.view());
        ui.find(fl!("renewals-record-explained"))
            .expect("the record to create is explained");
        ui.find("_acme-challenge.sip2.example.com. 60 IN TXT \"abc123\"")
            .expect("the record as a zone-file line");
    }
    let clicked = click_text(&app, &fl!("renewals-copy-value"));
    assert!(
        matches!(clicked.as_slice(), [Message::Renewals(Renewals::Copy(v))] if v == "abc123"),
        "{clicked:?}"
    );
    let clicked = click_id(&app, renewals_view::CANCEL_ID);
    run_messages(&mut app, clicked);
    assert!(app.renewals.pass.as_ref().unwrap().cancelling);
    let mut ui = window(app.view());
    ui.find(fl!("renewals-cancelling"))
        .expect("the window says it is cancelling");
}

/// Clicks the wizard's Next button.
fn next(app: &mut App) {
    let clicked = click_id(app, issuer_dialog::NEXT_ID);
    run_messages(app, clicked);
}

#[test]
fn the_get_certificate_wizard_checks_each_step_and_saves_the_issuer() {
    let (mut app, dir, mut inventory) = renewals_app();
    inventory
        .add_node(
            "gate",
            "gate.example.com",
            &["10.0.0.7".into()],
            "server",
            NOW,
        )
        .unwrap();
    reload_at(&mut app, &inventory, NOW);
    let clicked = click_id(&app, renewals_view::GET_CERTIFICATE_ID);
    run_messages(&mut app, clicked);
    let wizard = |app: &App| {
        app.renewals
            .wizard
            .as_ref()
            .expect("the wizard is open")
            .step()
    };
    assert_eq!(wizard(&app), Step::Node);
    // Next does nothing before a node is chosen.
    assert!(click_id(&app, issuer_dialog::NEXT_ID).is_empty());
    let send = |app: &mut App, message: issuer_dialog::Message| {
        let _ = app.update(Message::Renewals(Renewals::Wizard(message)));
    };
    send(
        &mut app,
        issuer_dialog::Message::Node(Choice(Some("gate".into()), "gate".into())),
    );
    {
        let mut ui = window(app.view());
        ui.find(fl!("issuer-names", names = "gate.example.com, 10.0.0.7"))
            .expect("the names ordered");
    }
    next(&mut app);
    assert_eq!(wizard(&app), Step::Ca, "the only account is chosen");
    // Rehearsing at the node's own account is no rehearsal.
    send(
        &mut app,
        issuer_dialog::Message::Rehearse(Choice(Some("lab".into()), "lab".into())),
    );
    assert_eq!(
        app.renewals.wizard.as_ref().unwrap().problem(Step::Ca),
        Some(fl!("issuer-rehearse-same"))
    );
    assert!(click_id(&app, issuer_dialog::NEXT_ID).is_empty());
    send(
        &mut app,
        issuer_dialog::Message::Rehearse(Choice(None, String::new())),
    );
    next(&mut app);
    assert_eq!(wizard(&app), Step::Challenge);

    // Each challenge's fields are checked before going on.
    let problem = |app: &App| {
        app.renewals
            .wizard
            .as_ref()
            .unwrap()
            .problem(Step::Challenge)
    };
    send(
        &mut app,
        issuer_dialog::Message::Kind(ChallengeKind::Manual),
    );
    assert_eq!(problem(&app), Some(fl!("issuer-missing-check-servers")));
    assert!(click_id(&app, issuer_dialog::NEXT_ID).is_empty());
    send(
        &mut app,
        issuer_dialog::Message::Kind(ChallengeKind::Webroot),
    );
    send(&mut app, issuer_dialog::Message::Webroot("var/www".into()));
    assert_eq!(problem(&app), Some(fl!("issuer-bad-webroot")));
    send(
        &mut app,
        issuer_dialog::Message::Kind(ChallengeKind::Listen),
    );
    send(&mut app, issuer_dialog::Message::Listen("port 80".into()));
    assert_eq!(
        problem(&app),
        Some(fl!("issuer-bad-listen", listen = "port 80"))
    );
    send(&mut app, issuer_dialog::Message::Kind(ChallengeKind::Dns01));
    assert_eq!(problem(&app), None, "ns1 is chosen");
    assert_snapshot(&mut window(app.view()), "issuer-wizard-challenge");
    next(&mut app);
    assert_eq!(wizard(&app), Step::Options);

    let options = |app: &App| app.renewals.wizard.as_ref().unwrap().problem(Step::Options);
    send(
        &mut app,
        issuer_dialog::Message::Window("someday 9-5".into()),
    );
    assert!(
        options(&app).is_some(),
        "a window that does not parse is refused"
    );
    send(
        &mut app,
        issuer_dialog::Message::Window("mon-fri 22:00-04:00".into()),
    );
    send(&mut app, issuer_dialog::Message::RenewAt("99".into()));
    assert_eq!(options(&app), Some(fl!("issuer-bad-renew-at")));
    send(&mut app, issuer_dialog::Message::RenewAt("50".into()));
    send(
        &mut app,
        issuer_dialog::Message::Key(issuer_dialog::KeyOption::Csr),
    );
    assert_eq!(options(&app), Some(fl!("issuer-missing-request")));
    send(
        &mut app,
        issuer_dialog::Message::Key(issuer_dialog::KeyOption::New(
            crate::pki::request::KeyType::EcdsaP384,
        )),
    );
    assert_eq!(options(&app), None);
    next(&mut app);
    assert_eq!(wizard(&app), Step::Review);
    {
        let mut ui = window(app.view());
        ui.find(fl!("challenge-dns01", server = "ns1"))
            .expect("the challenge reviewed");
    }

    // Save and get certificate: what the worker does (the issuer stored), then its answer.
    let clicked = click_id(&app, issuer_dialog::GET_NOW_ID);
    assert!(matches!(
        clicked.as_slice(),
        [Message::Renewals(Renewals::Wizard(
            issuer_dialog::Message::Save(true)
        ))]
    ));
    let issuer = app.renewals.wizard.as_ref().unwrap().issuer().unwrap();
    let mut store = test_inventory(dir.path());
    store.set_issuer(&issuer).unwrap();
    let loaded = inventory::load_from(&store, NOW, 30).unwrap();
    send(
        &mut app,
        issuer_dialog::Message::Saved(Ok(Arc::new(loaded)), true),
    );
    assert!(app.renewals.wizard.is_none(), "the wizard closed");
    assert_eq!(app.screen, Screen::Renewals);
    let pass = app.renewals.pass.as_ref().expect("a pass for gate started");
    assert!(pass.running);
    assert_eq!(pass.nodes[0].node, "gate");

    let stored = store.issuer("gate").unwrap();
    assert_eq!(stored.account, "lab");
    assert_eq!(
        stored.challenge,
        Challenge::Dns01 {
            server: "ns1".into()
        }
    );
    assert_eq!(stored.key_type, "p384");
    assert_eq!(
        stored.window.unwrap().text(),
        "mon,tue,wed,thu,fri 22:00-04:00"
    );
    assert!((stored.renew_fraction - 0.5).abs() < 1e-9);

    // Opened again on the node, the wizard shows its issuer for editing.
    let _ = app.update(Message::Renewals(Renewals::GetCertificate(Some(
        "web1".into(),
    ))));
    let wizard = app.renewals.wizard.as_ref().unwrap();
    assert_eq!(wizard.step(), Step::Ca, "the node is given");
    let edited = wizard.issuer().unwrap();
    assert_eq!(
        edited.challenge,
        Challenge::Dns01 {
            server: "ns1".into()
        }
    );
    assert_eq!(edited.window.unwrap().text(), "sat,sun 01:00-05:00");
}

#[test]
fn the_account_form_wants_a_name_the_terms_and_eab_when_the_ca_asks_for_it() {
    let (mut app, _dir, _inventory) = renewals_app();
    let _ = app.update(Message::Renewals(Renewals::AddAccount));
    let send = |app: &mut App, message: account_dialog::Message| {
        let _ = app.update(Message::Renewals(Renewals::Account(message)));
    };
    let missing = |app: &App| app.renewals.account.as_ref().unwrap().missing();
    assert_eq!(missing(&app), Some(fl!("account-missing-name")));
    send(&mut app, account_dialog::Message::Name("internal".into()));
    send(&mut app, account_dialog::Message::Ca(CaOption(None)));
    assert_eq!(missing(&app), Some(fl!("account-missing-url")));
    let url = "https://ca.example.net/acme/directory";
    send(&mut app, account_dialog::Message::Url(url.into()));
    assert_eq!(missing(&app), Some(fl!("account-missing-terms")));
    send(&mut app, account_dialog::Message::Agree(true));
    assert_eq!(missing(&app), None);
    // The directory says the CA needs external account binding: its fields are asked for.
    let info = DirectoryInfo {
        terms_of_service: Some("https://ca.example.net/terms.pdf".into()),
        external_account_required: true,
        profiles: vec![("tlsserver".into(), "TLS server".into())],
        ..DirectoryInfo::default()
    };
    send(
        &mut app,
        account_dialog::Message::Looked(url.into(), Ok(info)),
    );
    assert_eq!(missing(&app), Some(fl!("account-missing-eab")));
    {
        let mut ui = window(app.view());
        ui.find(fl!(
            "account-terms",
            terms = "https://ca.example.net/terms.pdf"
        ))
        .expect("the terms are shown");
        ui.find(fl!("account-eab-kid"))
            .expect("the EAB fields are shown");
        assert_snapshot(&mut ui, "account-dialog-eab");
    }
    send(&mut app, account_dialog::Message::EabKid("kid-1".into()));
    send(&mut app, account_dialog::Message::EabHmac("aGVsbG8".into()));
    assert_eq!(missing(&app), None);
    // A late answer for another CA is dropped.
    send(
        &mut app,
        account_dialog::Message::Looked("https://other.example/dir".into(), Err("down".into())),
    );
    assert_eq!(missing(&app), None);
    // Esc closes it.
    let _ = app.update(Message::Shortcut(Shortcut::Escape));
    assert!(app.renewals.account.is_none());
}

#[test]
fn the_dns_server_form_refuses_a_secret_that_is_not_a_tsig_key() {
    let (mut app, _dir, _inventory) = renewals_app();
    let _ = app.update(Message::Renewals(Renewals::AddDns));
    let send = |app: &mut App, field: Field, value: &str| {
        let _ = app.update(Message::Renewals(Renewals::Dns(dns_dialog::Message::Edit(
            field,
            value.into(),
        ))));
    };
    let missing = |app: &App| app.renewals.dns.as_ref().unwrap().missing();
    assert_eq!(missing(&app), Some(fl!("dns-missing")));
    send(&mut app, Field::Name, "ns2");
    send(&mut app, Field::Server, "127.0.0.1:53");
    send(&mut app, Field::Zone, "example.org");
    send(&mut app, Field::KeyName, "certdeck.");
    send(&mut app, Field::Secret, "not base64 !!");
    assert!(
        missing(&app).is_some_and(|m| m != fl!("dns-missing")),
        "{:?}",
        missing(&app)
    );
    assert!(
        click_id(&app, dns_dialog::SAVE_ID).is_empty(),
        "Save is disabled"
    );
    send(&mut app, Field::Secret, SECRET);
    assert_eq!(missing(&app), None);
}

#[test]
fn deactivating_an_account_asks_first_then_says_it_is_under_way() {
    let (mut app, _dir, _inventory) = renewals_app();
    let clicked = click_text(&app, &fl!("renewals-deactivate"));
    assert!(
        matches!(clicked.as_slice(), [Message::Renewals(Renewals::Ask(crate::gui::renewals::Confirm::Deactivate(name)))] if name == "lab"),
        "{clicked:?}"
    );
    run_messages(&mut app, clicked);
    {
        let mut ui = window(app.view());
        ui.find(fl!("renewals-deactivate-warning"))
            .expect("what deactivating means is said first");
    }
    // Esc keeps the account.
    let _ = app.update(Message::Shortcut(Shortcut::Escape));
    assert!(app.renewals.confirm.is_none());
    let asked = click_text(&app, &fl!("renewals-deactivate"));
    run_messages(&mut app, asked);
    let confirmed = click_id(&app, renewals_view::CONFIRM_ID);
    run_messages(&mut app, confirmed);
    let mut ui = window(app.view());
    ui.find(fl!("renewals-deactivating", name = "lab"))
        .expect("the window says the CA is being asked");
}
