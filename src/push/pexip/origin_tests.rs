//! The Management Node's credentials go to its own origin only.

use super::*;

#[test]
fn credentials_go_only_to_the_configured_scheme_host_and_port() {
    let settings = PexipSettings {
        url: "https://pexmgr.example.com/".into(),
        user: "admin".into(),
        node_name: "conf1".into(),
    };
    let api = Api::new(
        &settings,
        &Some("SHA256:pin".into()),
        &None,
        Duration::from_secs(5),
    )
    .unwrap();
    assert_eq!(
        api.url("/api/admin/configuration/v1/tls_certificate/")
            .unwrap(),
        "https://pexmgr.example.com/api/admin/configuration/v1/tls_certificate/"
    );
    assert!(
        api.url("https://pexmgr.example.com:443/api/admin/status/v1/")
            .is_ok()
    );
    for elsewhere in [
        "https://collector.example.net/api/",
        "http://pexmgr.example.com/api/",
        "https://pexmgr.example.com:8443/api/",
        "https://pexmgr.example.com.evil.net/api/",
        "https://admin:pw@evil.net/api/",
        "@evil.net/api/",
    ] {
        let refused = api.url(elsewhere).unwrap_err().to_string();
        assert!(refused.contains("refused"), "{elsewhere}: {refused}");
    }
}
