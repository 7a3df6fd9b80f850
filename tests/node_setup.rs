//! Setting a node up: driver settings from the form's fields (refused when incomplete), and the
//! first contact that shows the appliance's HTTPS certificate so it can be pinned — through the
//! core function the window calls and through `certdeck node test`, against a loopback HTTPS
//! server presenting the fixtures' certificate.

use crate::common;

use std::time::Duration;

use crate::on_both_engines;
use certdeck::push::PushError;
use certdeck::push::setup::{DriverFields, Identity, driver_settings, first_contact};
use common::engines::Engine;
use common::net::runtime;
use common::server::{self, Response};
use common::*;
use sha2::{Digest, Sha256};

on_both_engines!(
    driver_settings_are_checked_when_entered_and_read_back_for_editing,
    the_first_contact_shows_the_appliance_certificate_until_it_is_pinned,
    a_node_saved_from_the_form_is_checked_like_a_configured_one,
    an_ssh_node_ships_a_crl_only_when_both_source_and_path_are_named,
);

/// The SHA-256 of the certificate the loopback server presents.
fn served_fingerprint() -> String {
    hex::encode(Sha256::digest(std::fs::read(fixture("leaf.der")).unwrap()))
}

fn driver_settings_are_checked_when_entered_and_read_back_for_editing(engine: Engine) {
    let fields = DriverFields {
        ssh_user: None,
        certificate_path: Some("/etc/ssl/conf1.pem".into()),
        ..DriverFields::default()
    };
    let refused = driver_settings("ssh", "conf1", "conf1.example.com", &fields).unwrap_err();
    assert!(
        matches!(&refused, PushError::Settings(detail) if detail.contains("user")),
        "{refused}"
    );
    assert!(matches!(
        driver_settings("telnet", "conf1", "conf1.example.com", &fields),
        Err(PushError::Settings(_))
    ));

    let fields = DriverFields {
        ssh_user: Some("certdeck".into()),
        reload: Some("systemctl reload nginx".into()),
        ..fields
    };
    let settings = driver_settings("ssh", "conf1", "conf1.example.com", &fields).unwrap();
    assert_eq!(settings["host"], "conf1.example.com", "the FQDN by default");
    assert_eq!(settings["port"], 22);

    let dir = tempfile::tempdir().unwrap();
    let mut inventory = crate::store::open_on(engine, dir.path());
    let now = fixture_time();
    inventory
        .add_node("conf1", "conf1.example.com", &[], "server", now)
        .unwrap();
    inventory
        .configure_node("conf1", &["conf1.example.com:443".into()], "ssh", &settings)
        .unwrap();
    let back = DriverFields::of(&inventory.node("conf1").unwrap());
    assert_eq!(back.ssh_user.as_deref(), Some("certdeck"));
    assert_eq!(back.certificate_path.as_deref(), Some("/etc/ssl/conf1.pem"));
    assert_eq!(back.reload.as_deref(), Some("systemctl reload nginx"));
    assert_eq!(
        driver_settings("ssh", "conf1", "conf1.example.com", &back).unwrap(),
        settings,
        "editing without changes stores the same settings"
    );
}

fn the_first_contact_shows_the_appliance_certificate_until_it_is_pinned(engine: Engine) {
    let rt = runtime();
    let port = rt.block_on(server::start(|_, _| Response::new("200 OK", "phone")));
    let url = format!("https://127.0.0.1:{port}/upload/");

    // The core function (the window's Test connection).
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = crate::store::open_on(engine, dir.path());
    inventory
        .add_node("phone", "phone.example.com", &[], "server", fixture_time())
        .unwrap();
    let fields = DriverFields {
        url: Some(url.clone()),
        http_user: Some("admin".into()),
        ..DriverFields::default()
    };
    let settings = driver_settings("https", "phone", "phone.example.com", &fields).unwrap();
    inventory
        .configure_node("phone", &[], "https", &settings)
        .unwrap();
    let timeout = Duration::from_secs(10);
    let contact = rt
        .block_on(first_contact(
            &inventory.node("phone").unwrap(),
            Ok(Default::default()),
            timeout,
        ))
        .unwrap()
        .expect("an HTTPS node has someone to contact");
    assert_eq!(contact.identity, Identity::TlsCertificate);
    assert_eq!(contact.fingerprint, served_fingerprint());
    assert!(!contact.pinned);
    inventory.pin_node("phone", &contact.fingerprint).unwrap();
    let again = rt
        .block_on(first_contact(
            &inventory.node("phone").unwrap(),
            Ok(Default::default()),
            timeout,
        ))
        .unwrap()
        .unwrap();
    assert!(again.pinned, "the pinned certificate is recognised");

    // A folder kit connects to nothing.
    inventory
        .configure_node(
            "phone",
            &[],
            "folder",
            &serde_json::json!({"path": dir.path().join("kit")}),
        )
        .unwrap();
    let none = rt.block_on(first_contact(
        &inventory.node("phone").unwrap(),
        Ok(Default::default()),
        timeout,
    ));
    assert_eq!(none, Ok(None));

    // The command line: shown and refused until accepted, then pinned.
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| certdeck_in(data.path(), args);
    assert!(
        run(&["node", "add", "phone", "--fqdn", "phone.example.com"])
            .status
            .success()
    );
    let configured = run(&[
        "node",
        "configure",
        "phone",
        "--driver",
        "https",
        "--url",
        &url,
        "--http-user",
        "admin",
    ]);
    assert!(configured.status.success(), "{configured:?}");
    let first = run(&["node", "test", "phone"]);
    let printed = String::from_utf8_lossy(&first.stdout);
    assert_eq!(first.status.code(), Some(1), "{printed}");
    assert!(printed.contains(&served_fingerprint()), "{printed}");
    assert!(run(&["node", "test", "phone", "--accept"]).status.success());
    let pinned = run(&["node", "test", "phone"]);
    assert!(pinned.status.success());
    assert!(String::from_utf8_lossy(&pinned.stdout).contains("already pinned"));
}

fn a_node_saved_from_the_form_is_checked_like_a_configured_one(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let mut inventory = crate::store::open_on(engine, dir.path());
    let setup = certdeck::store::NodeSetup {
        name: "conf1".into(),
        fqdn: "conf1.example.com".into(),
        role: "server".into(),
        driver: "telnet".into(),
        ..Default::default()
    };
    let refused = inventory.save_node(&setup, fixture_time()).unwrap_err();
    assert!(refused.to_string().contains("unknown driver"), "{refused}");
    let bad_endpoint = certdeck::store::NodeSetup {
        driver: "none".into(),
        endpoints: vec!["conf1.example.com:https".into()],
        ..setup.clone()
    };
    assert!(inventory.save_node(&bad_endpoint, fixture_time()).is_err());
    assert!(inventory.nodes().unwrap().is_empty(), "nothing stored");
    let good = certdeck::store::NodeSetup {
        driver: "none".into(),
        ..setup
    };
    inventory.save_node(&good, fixture_time()).unwrap();
    assert_eq!(inventory.node("conf1").unwrap().driver, "none");
}

/// The CRL an SSH node gets: a path on the node needs something to ship there, a file and a
/// local CA are not both named, and what is kept is read back for editing.
fn an_ssh_node_ships_a_crl_only_when_both_source_and_path_are_named(engine: Engine) {
    let base = DriverFields {
        ssh_user: Some("certdeck".into()),
        certificate_path: Some("/etc/ssl/gw.pem".into()),
        crl_path: Some("/etc/ssl/lab.crl".into()),
        ..DriverFields::default()
    };
    let refused = driver_settings("ssh", "gw", "gw.example.com", &base).unwrap_err();
    assert!(
        matches!(&refused, PushError::Settings(d) if d.contains("--crl-from-ca")),
        "{refused}"
    );
    let both = DriverFields {
        crl: Some("/tmp/lab.crl".into()),
        crl_from_ca: Some(2),
        ..base.clone()
    };
    assert!(driver_settings("ssh", "gw", "gw.example.com", &both).is_err());
    let from_ca = DriverFields {
        crl_from_ca: Some(2),
        ..base
    };
    let settings = driver_settings("ssh", "gw", "gw.example.com", &from_ca).unwrap();
    assert_eq!(settings["crl_ca"], 2);
    assert_eq!(settings["crl_path"], "/etc/ssl/lab.crl");

    let dir = tempfile::tempdir().unwrap();
    let mut inventory = crate::store::open_on(engine, dir.path());
    inventory
        .add_node("gw", "gw.example.com", &[], "server", fixture_time())
        .unwrap();
    inventory
        .configure_node("gw", &[], "ssh", &settings)
        .unwrap();
    let read_back = DriverFields::of(&inventory.node("gw").unwrap());
    assert_eq!(read_back.crl_from_ca, Some(2));
    assert_eq!(read_back.crl_path.as_deref(), Some("/etc/ssl/lab.crl"));
}
