//! Nodes in the inventory — added, edited from the form, their trust list, policy, pin, last
//! result and push log, removed — the same on both engines (SQLite and a team's PostgreSQL).

use certdeck::pki::rules::Policy;
use certdeck::store::nodes::PushLogEntry;
use certdeck::store::{NodeSetup, StoreError, VaultOptions};
use time::macros::datetime;

use crate::common::engines::{Engine, inventory};
use crate::on_both_engines;

on_both_engines!(
    nodes_are_added_edited_and_removed,
    the_push_log_keeps_order_and_the_newest_come_first,
    an_edit_from_a_stale_form_is_refused_and_says_who_changed_the_node,
    an_issuer_edit_from_a_stale_form_is_refused_too,
    changing_an_issuers_settings_ends_its_back_off,
);

fn vault() -> VaultOptions {
    VaultOptions {
        passphrase: Some(zeroize::Zeroizing::new("nodes test".into())),
        keychain: false,
    }
}

fn nodes_are_added_edited_and_removed(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = inventory(engine, dir.path(), vault());
    let at = datetime!(2026-11-30 10:00 UTC);
    let sip = store
        .add_node(
            "sip1",
            " sip1.example.com ",
            &["sip".into()],
            "server,sip",
            at,
        )
        .unwrap();
    let web = store
        .add_node("Web", "web.example.com", &[], "server", at)
        .unwrap();
    assert_ne!(sip, web);
    match store.add_node("sip1", "other.example.com", &[], "server", at) {
        Err(StoreError::Invalid(words)) => assert_eq!(words, "a node named sip1 exists already"),
        other => panic!("a second sip1 was not refused: {other:?}"),
    }
    assert!(matches!(
        store.add_node("  ", "x.example.com", &[], "server", at),
        Err(StoreError::Invalid(_))
    ));

    let names: Vec<String> = store.nodes().unwrap().into_iter().map(|n| n.name).collect();
    assert_eq!(names, ["sip1", "Web"], "ordered by name, whatever its case");
    let node = store.node("sip1").unwrap();
    assert_eq!(
        (
            node.fqdn.as_str(),
            node.alt_names.as_slice(),
            node.role.as_str()
        ),
        ("sip1.example.com", &["sip".to_string()][..], "server,sip")
    );
    assert_eq!((node.driver.as_str(), node.certificate_id), ("none", None));

    // The form's save: renamed, reached by folder, pinned, a policy; nothing else disturbed.
    let setup = NodeSetup {
        original: Some("sip1".into()),
        name: "sip-a".into(),
        fqdn: "sip-a.example.com".into(),
        alt_names: vec!["sip-a".into(), "sip-a.lab".into()],
        role: "both,sip".into(),
        endpoints: vec!["sip-a.example.com:5061".into()],
        driver: "folder".into(),
        settings: serde_json::json!({ "folder": "/srv/kit" }),
        pinned: Some("SHA256:abc".into()),
        trusted_cas: vec![],
        policy: Some(Policy::Private),
        version: None,
    };
    assert_eq!(store.save_node(&setup, at).unwrap(), sip, "edited in place");
    let node = store.node("sip-a").unwrap();
    assert_eq!(node.alt_names, ["sip-a", "sip-a.lab"]);
    assert_eq!(node.endpoints, ["sip-a.example.com:5061"]);
    assert_eq!(node.settings["folder"], "/srv/kit");
    assert_eq!(node.pinned.as_deref(), Some("SHA256:abc"));
    assert_eq!(node.policy, Some(Policy::Private));
    assert!(store.node("sip1").is_err());

    // Renaming onto another node's name is refused and changes nothing.
    let clash = NodeSetup {
        original: Some("sip-a".into()),
        name: "Web".into(),
        ..setup.clone()
    };
    assert!(matches!(
        store.save_node(&clash, at),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.node("sip-a").unwrap().fqdn, "sip-a.example.com");

    // A new node from the form; an unknown driver or a bad endpoint never reaches the store.
    let new = NodeSetup {
        original: None,
        name: "pbx".into(),
        ..setup.clone()
    };
    let pbx = store.save_node(&new, at).unwrap();
    assert!(pbx != sip && pbx != web);
    let bad_driver = NodeSetup {
        name: "x".into(),
        original: None,
        driver: "telnet".into(),
        ..setup.clone()
    };
    assert!(matches!(
        store.save_node(&bad_driver, at),
        Err(StoreError::Invalid(_))
    ));
    assert!(store.node("x").is_err());

    store.set_node_policy("pbx", None).unwrap();
    assert_eq!(store.node("pbx").unwrap().policy, None);
    assert!(matches!(
        store.set_node_policy("nobody", Some(Policy::Web)),
        Err(StoreError::NotFound(_))
    ));
    store.pin_node("Web", "SHA256:def").unwrap();
    store.set_node_result("Web", "verified").unwrap();
    let web_node = store.node("Web").unwrap();
    assert_eq!(web_node.pinned.as_deref(), Some("SHA256:def"));
    assert_eq!(web_node.last_result.as_deref(), Some("verified"));
    store
        .configure_node(
            "Web",
            &["web.example.com:443".into(), "10.0.0.5:8443".into()],
            "ssh",
            &serde_json::json!({ "user": "admin" }),
        )
        .unwrap();
    let web_node = store.node("Web").unwrap();
    assert_eq!(web_node.endpoints, ["web.example.com:443", "10.0.0.5:8443"]);
    assert_eq!(
        (web_node.driver.as_str(), &web_node.settings["user"]),
        ("ssh", &serde_json::json!("admin"))
    );

    store.remove_node("pbx").unwrap();
    assert!(matches!(
        store.remove_node("pbx"),
        Err(StoreError::NotFound(_))
    ));
    let names: Vec<String> = store.nodes().unwrap().into_iter().map(|n| n.name).collect();
    assert_eq!(names, ["sip-a", "Web"]);
}

fn the_push_log_keeps_order_and_the_newest_come_first(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = inventory(engine, dir.path(), vault());
    let entry = |node: &str, result: &str| PushLogEntry {
        at: String::new(),
        who: "ann".into(),
        node: node.into(),
        driver: "folder".into(),
        what: "certificate".into(),
        result: result.into(),
        detail: format!("{node} {result}"),
    };
    let times = [
        datetime!(2026-11-30 10:00 UTC),
        datetime!(2026-11-30 10:05 UTC),
        datetime!(2026-11-30 10:10 UTC),
    ];
    for (node, at) in ["a", "b", "c"].iter().zip(times) {
        store.log_push(&entry(node, "verified"), at).unwrap();
    }
    let log = store.push_log().unwrap();
    let nodes: Vec<&str> = log.iter().map(|e| e.node.as_str()).collect();
    assert_eq!(nodes, ["a", "b", "c"]);
    assert_eq!(log[0].at, "2026-11-30T10:00:00Z");
    assert_eq!(log[2].detail, "c verified");
    let recent: Vec<String> = store
        .recent_pushes(2)
        .unwrap()
        .into_iter()
        .map(|e| e.node)
        .collect();
    assert_eq!(recent, ["c", "b"]);
}

fn an_edit_from_a_stale_form_is_refused_and_says_who_changed_the_node(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut ann = inventory(engine, dir.path(), vault());
    let at = datetime!(2026-11-30 10:00 UTC);
    ann.add_node("sip1", "sip1.example.com", &[], "server", at)
        .unwrap();
    // Two windows on the same inventory open the node's form.
    let mut bob = inventory(engine, dir.path(), vault());
    let opened = ann.node("sip1").unwrap();
    assert_eq!(opened.version, bob.node("sip1").unwrap().version);
    let form = |node: &certdeck::store::Node, fqdn: &str| NodeSetup {
        original: Some(node.name.clone()),
        name: node.name.clone(),
        fqdn: fqdn.into(),
        alt_names: vec![],
        role: "server".into(),
        endpoints: vec![],
        driver: "none".into(),
        settings: serde_json::json!({}),
        pinned: None,
        trusted_cas: vec![],
        policy: None,
        version: Some(node.version),
    };
    let later = datetime!(2026-11-30 10:42 UTC);
    bob.save_node(&form(&opened, "sip1.bob.example.com"), later)
        .unwrap();
    let changed = bob.node("sip1").unwrap();
    assert!(changed.version > opened.version);
    assert_eq!(changed.changed_by.as_deref(), Some(bob.who().as_str()));
    assert_eq!(changed.changed_at, Some(later.unix_timestamp()));

    match ann.save_node(&form(&opened, "sip1.ann.example.com"), later) {
        Err(StoreError::Changed(words)) => {
            assert!(words.contains("node sip1 was changed by"), "{words}");
            assert!(words.contains(&bob.who()), "{words}");
            assert!(words.contains("2026-11-30 10:42"), "{words}");
        }
        other => panic!("a stale edit was not refused: {other:?}"),
    }
    assert_eq!(
        ann.node("sip1").unwrap().fqdn,
        "sip1.bob.example.com",
        "Bob's edit stands"
    );
    // Opened again, Ann's edit goes through; a pin from the command line also counts as a change.
    let fresh = ann.node("sip1").unwrap();
    ann.save_node(&form(&fresh, "sip1.ann.example.com"), later)
        .unwrap();
    let before_pin = ann.node("sip1").unwrap();
    bob.pin_node("sip1", "SHA256:abc").unwrap();
    assert!(matches!(
        ann.save_node(&form(&before_pin, "sip1.example.com"), later),
        Err(StoreError::Changed(_))
    ));
}

fn an_issuer_edit_from_a_stale_form_is_refused_too(engine: Engine) {
    use certdeck::acme::{Challenge, DEFAULT_RENEW_FRACTION, KeyPolicy};
    use certdeck::store::acme::{Issuer, IssuerState, NewAcmeAccount};

    let dir = tempfile::tempdir().unwrap();
    let mut ann = inventory(engine, dir.path(), vault());
    let at = datetime!(2026-11-30 10:00 UTC);
    ann.add_node("sip1", "sip1.example.com", &[], "server", at)
        .unwrap();
    ann.add_acme_account(
        &NewAcmeAccount {
            name: "lab",
            directory_url: "https://127.0.0.1:14000/dir",
            contact: &[],
            account_url: "https://127.0.0.1:14000/my-account/1",
            credentials: b"{}",
            ca_root_pem: None,
            eab_kid: None,
        },
        at,
    )
    .unwrap();
    let issuer = |profile: &str, version: i64| Issuer {
        node: "sip1".into(),
        account: "lab".into(),
        challenge: Challenge::Http01Listen {
            listen: "127.0.0.1:8080".into(),
        },
        profile: Some(profile.into()),
        key_policy: KeyPolicy::New,
        key_type: "p256".into(),
        csr_id: None,
        window: None,
        renew_fraction: DEFAULT_RENEW_FRACTION,
        rehearse_with: None,
        state: IssuerState {
            version,
            ..IssuerState::default()
        },
    };
    ann.set_issuer(&issuer("classic", 0)).unwrap();
    let opened = ann.issuer("sip1").unwrap().state;
    assert!(opened.version > 0);
    assert_eq!(opened.changed_by.as_deref(), Some(ann.who().as_str()));
    let mut bob = inventory(engine, dir.path(), vault());
    bob.set_issuer(&issuer("shortlived", opened.version))
        .unwrap();
    match ann.set_issuer(&issuer("tlsserver", opened.version)) {
        Err(StoreError::Changed(words)) => {
            assert!(
                words.contains("the ACME issuer of sip1 was changed by"),
                "{words}"
            )
        }
        other => panic!("a stale issuer edit was not refused: {other:?}"),
    }
    let now = ann.issuer("sip1").unwrap();
    assert_eq!(
        now.profile.as_deref(),
        Some("shortlived"),
        "Bob's edit stands"
    );
    ann.set_issuer(&issuer("tlsserver", now.state.version))
        .unwrap();
    assert_eq!(
        ann.issuer("sip1").unwrap().profile.as_deref(),
        Some("tlsserver")
    );
}

/// Issue 29, bug 3: the back-off earned by failed attempts holds the same settings back, and
/// ends when the settings change (a fixed account or challenge is tried at the next pass).
fn changing_an_issuers_settings_ends_its_back_off(engine: Engine) {
    use certdeck::acme::{Challenge, DEFAULT_RENEW_FRACTION, KeyPolicy};
    use certdeck::store::acme::{Issuer, IssuerState, NewAcmeAccount, RenewalRun};

    let dir = tempfile::tempdir().unwrap();
    let mut store = inventory(engine, dir.path(), vault());
    let at = datetime!(2026-11-30 10:00 UTC);
    store
        .add_node("sip1", "sip1.example.com", &[], "server", at)
        .unwrap();
    store
        .add_acme_account(
            &NewAcmeAccount {
                name: "lab",
                directory_url: "https://127.0.0.1:14000/dir",
                contact: &[],
                account_url: "https://127.0.0.1:14000/my-account/1",
                credentials: b"{}",
                ca_root_pem: None,
                eab_kid: None,
            },
            at,
        )
        .unwrap();
    let issuer = |profile: &str| Issuer {
        node: "sip1".into(),
        account: "lab".into(),
        challenge: Challenge::Http01Listen {
            listen: "127.0.0.1:8080".into(),
        },
        profile: Some(profile.into()),
        key_policy: KeyPolicy::New,
        key_type: "p256".into(),
        csr_id: None,
        window: None,
        renew_fraction: DEFAULT_RENEW_FRACTION,
        rehearse_with: None,
        state: IssuerState::default(),
    };
    store.set_issuer(&issuer("classic")).unwrap();
    let failed = IssuerState {
        failures: 3,
        next_attempt: Some((at + time::Duration::hours(4)).unix_timestamp()),
        ..IssuerState::default()
    };
    let run = RenewalRun {
        at: at.unix_timestamp(),
        node: "sip1".into(),
        outcome: "failed".into(),
        detail: "the CA said no".into(),
        certificate_id: None,
    };
    store.record_renewal("sip1", &failed, &run).unwrap();
    // Saved again unchanged: still backing off.
    store.set_issuer(&issuer("classic")).unwrap();
    let state = store.issuer("sip1").unwrap().state;
    assert_eq!(
        (state.failures, state.next_attempt),
        (3, failed.next_attempt)
    );
    // Another profile: a new start.
    store.set_issuer(&issuer("shortlived")).unwrap();
    let state = store.issuer("sip1").unwrap().state;
    assert_eq!((state.failures, state.next_attempt), (0, None));
}
