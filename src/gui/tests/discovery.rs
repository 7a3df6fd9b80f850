//! The Discovery screen: a wide range waits for a yes, a scan shows its progress and Cancel, and
//! what it found (from a real TLS server on loopback, scanned by the window's own scan function)
//! is listed with an Adopt button.

use super::*;
use crate::gui::discovery as screen;
use std::sync::atomic::AtomicBool;

/// A TLS server on 127.0.0.1 (rustls, a self-signed certificate for `web.test`), answering
/// handshakes until the test ends; its port.
fn tls_server(runtime: &tokio::runtime::Runtime) -> u16 {
    let key = rcgen::KeyPair::generate().unwrap();
    let params = rcgen::CertificateParams::new(vec!["web.test".to_string()]).unwrap();
    let cert = params.self_signed(&key).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![cert.der().clone()],
        rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
    )
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let _ = acceptor.accept(stream).await;
                });
            }
        });
        port
    })
}

fn send(app: &mut App, message: screen::Message) {
    let _ = app.update(Message::Discovery(message));
}

#[test]
fn a_wide_range_waits_for_a_yes_and_a_too_wide_one_is_refused() {
    let (mut app, _dir) = inventory_app();
    let _ = app.update(Message::Show(Screen::Discovery));
    send(&mut app, screen::Message::Targets("10.0.0.0/21".into()));
    send(&mut app, screen::Message::Scan);
    {
        let mut ui = window(app.view());
        ui.find(fl!("discovery-confirm", count = 2048).as_str())
            .expect("the window asks before scanning 2,048 addresses");
    }
    send(&mut app, screen::Message::Dismiss);
    send(&mut app, screen::Message::Targets("10.0.0.0/15".into()));
    send(&mut app, screen::Message::Scan);
    let mut ui = window(app.view());
    ui.find(fl!("discovery-too-wide", count = 131_072).as_str())
        .expect("wider than a /16 is refused with the count");
}

#[test]
fn a_scan_shows_progress_then_lists_what_it_found_with_adopt() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let port = tls_server(&runtime);
    let (mut app, dir) = inventory_app();
    app.settings.data_dir = Some(dir.path().to_path_buf());
    let _ = app.update(Message::Show(Screen::Discovery));
    send(&mut app, screen::Message::Targets("127.0.0.1".into()));
    send(&mut app, screen::Message::Ports(format!("tls:{port}")));
    send(&mut app, screen::Message::Scan);
    send(
        &mut app,
        screen::Message::Progress(crate::scan::Progress {
            done: 0,
            total: 1,
            served: 0,
        }),
    );
    {
        let mut ui = window(app.view());
        ui.find(fl!("discovery-progress", done = 0, total = 1, served = 0).as_str())
            .expect("the progress is shown");
        ui.click(fl!("discovery-cancel").as_str())
            .expect("a running scan can be cancelled");
    }

    // What the scan's task does, done here with the same function, then fed back.
    let progress: Arc<dyn Fn(crate::scan::Progress) + Send + Sync> = Arc::new(|_| {});
    let finished = runtime.block_on(screen::run_scan(
        vec![crate::scan::Target::parse("127.0.0.1").unwrap()],
        crate::scan::targets::parse_ports(&format!("tls:{port}")).unwrap(),
        app.settings.clone(),
        Arc::new(AtomicBool::new(false)),
        progress,
    ));
    let (answered, record, _) = finished.as_ref().expect("the scan runs");
    assert_eq!((*answered, record.new), (1, 1));
    send(&mut app, screen::Message::Finished(finished));
    let endpoint = format!("127.0.0.1:{port}");
    let mut ui = window(app.view());
    ui.find(fl!("discovery-finished", answered = 1, new = 1, silent = 0).as_str())
        .expect("the outcome is said");
    ui.find(endpoint.as_str()).expect("the endpoint is listed");
    ui.click(fl!("discovery-adopt").as_str())
        .expect("an endpoint no node uses can be adopted");
    let messages: Vec<Message> = ui.into_messages().collect();
    run_messages(&mut app, messages);
    send(&mut app, screen::Message::AdoptName("web-edge".into()));
    let mut ui = window(app.view());
    ui.find(fl!("discovery-adopt-save").as_str())
        .expect("the adoption asks for a node name");
}

/// Ten thousand endpoints (a /21 on five ports) are listed in a table that builds only the rows
/// in view: the first is there, the last is not until the table is scrolled to it.
#[test]
fn ten_thousand_endpoints_are_listed_in_a_windowed_table() {
    let dir = tempfile::tempdir().unwrap();
    let inventory = test_inventory(dir.path());
    let now = OffsetDateTime::now_utc();
    let mut loaded = inventory::load_from(&inventory, now, 30).unwrap();
    loaded.endpoints = (0..10_000u32)
        .map(|n| crate::store::endpoints::EndpointRow {
            id: i64::from(n),
            host: format!("10.1.{}.{}", n / 250, n % 250),
            port: 443,
            protocol: "tls".into(),
            sni: None,
            first_seen: now.unix_timestamp(),
            last_seen: now.unix_timestamp(),
            last_scanned: now.unix_timestamp(),
            state: "served".into(),
            detail: None,
            tls_version: Some("TLSv1.3".into()),
            cipher: None,
            leaf_fingerprint: None,
            chain: Vec::new(),
            weak_signature: false,
            leaf_subject: Some(format!("CN=host{n}.example.com")),
            leaf_not_after: None,
            managed_id: Some(1),
        })
        .collect();
    let (mut app, _) = App::new(Vec::new());
    let _ = app.update(Message::InventoryLoaded(Ok(Arc::new(loaded))));
    let _ = app.update(Message::Show(Screen::Discovery));

    let mut ui = window(app.view());
    ui.find("10.1.0.0:443")
        .expect("the first endpoint is in view");
    ui.find("host0.example.com").expect("with what it serves");
    assert!(
        ui.find("10.1.39.249:443").is_err(),
        "the last endpoint is not built before the table is scrolled to it"
    );
}
