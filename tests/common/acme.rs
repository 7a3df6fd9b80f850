//! Real servers for the ACME tests, on loopback, started by the tests and stopped when dropped:
//! BIND 9 (`named`, Debian `bind9`) serving test zones that take RFC 2136 updates signed with a
//! TSIG key, Pebble (Debian `pebble`) as the ACME CA validating through that BIND, and a TLS
//! server that reads a node's certificate files at every handshake (a service that reloads).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use certdeck::acme::dns::Tsig;
use certdeck::acme::renew::{self, NodeReport, Options, Secrets, Selection};
use certdeck::acme::{
    AcmeError, Challenge, DEFAULT_RENEW_FRACTION, KeyPolicy, Propagation, client,
};
use certdeck::push::journal::Journal;
use certdeck::push::ssh::SshCredentials;
use certdeck::push::{Driver, PushError, PushOptions};
use certdeck::store::acme::{DnsServer, Issuer, IssuerState, NewAcmeAccount};
use certdeck::store::{ImportInput, Inventory, NoPasswords, Node};
use time::OffsetDateTime;

use super::net::{free_port, runtime, wait_until_listening};
use super::pushing::inventory;
use super::sshd::{Sshd, whoami};

/// The TSIG key the test zones accept.
pub const KEY_NAME: &str = "certdeck-test.";

/// `named` with two zones: `example.test` (updatable with the TSIG key; every name resolves to
/// 127.0.0.1) and `main.test`, where the key may only write TXT records below `acme.main.test`
/// and `_acme-challenge.app.main.test` is a CNAME to `app.acme.main.test` (the acme-dns
/// delegation: the main names themselves cannot be changed with the key).
pub struct Bind {
    child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
    /// The TSIG secret, base64.
    pub secret: String,
}

impl Drop for Bind {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn random_secret() -> String {
    use base64::Engine;
    let mut bytes = [0u8; 32];
    aws_lc_rs::rand::fill(&mut bytes).unwrap();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

impl Bind {
    pub fn available() -> bool {
        Path::new("/usr/sbin/named").exists()
    }

    pub fn start() -> Self {
        assert!(Self::available(), "install bind9 (see .ci/run)");
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display().to_string();
        let port = free_port();
        let secret = random_secret();
        let soa = |zone: &str| {
            format!(
                "$TTL 60\n@ IN SOA ns.example.test. admin.example.test. 1 60 60 600 60\n@ IN NS ns.example.test.\n; {zone}\n"
            )
        };
        std::fs::write(
            dir.path().join("example.test.zone"),
            soa("example.test") + "ns IN A 127.0.0.1\n* IN A 127.0.0.1\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("main.test.zone"),
            soa("main.test")
                + "app IN A 127.0.0.1\n_acme-challenge.app IN CNAME app.acme.main.test.\n",
        )
        .unwrap();
        let config = format!(
            r#"options {{
    directory "{d}";
    listen-on port {port} {{ 127.0.0.1; }};
    listen-on-v6 {{ none; }};
    pid-file "{d}/named.pid";
    recursion no;
    dnssec-validation no;
    notify no;
    allow-query {{ any; }};
}};
controls {{ }};
key "{KEY_NAME}" {{ algorithm hmac-sha256; secret "{secret}"; }};
zone "example.test" {{ type primary; file "{d}/example.test.zone"; allow-update {{ key "{KEY_NAME}"; }}; }};
zone "main.test" {{ type primary; file "{d}/main.test.zone"; update-policy {{ grant {KEY_NAME} subdomain acme.main.test. TXT; }}; }};
"#
        );
        std::fs::write(dir.path().join("named.conf"), config).unwrap();
        let log = std::fs::File::create(dir.path().join("named.log")).unwrap();
        let child = Command::new("/usr/sbin/named")
            .args(["-g", "-4", "-c", &format!("{d}/named.conf")])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("named starts");
        wait_until_listening(port, "named");
        Self {
            child,
            port,
            dir,
            secret,
        }
    }

    pub fn address(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The DNS server as certdeck stores it, for `zone`.
    pub fn server(&self, name: &str, zone: &str) -> DnsServer {
        DnsServer {
            name: name.into(),
            server: self.address(),
            zone: zone.into(),
            key_name: KEY_NAME.into(),
            algorithm: "hmac-sha256".into(),
            check_servers: vec![self.address()],
        }
    }

    /// What `dig` answers for a TXT record (empty when none).
    pub fn txt(&self, name: &str) -> String {
        let out = Command::new("dig")
            .args([
                "+short",
                "-p",
                &self.port.to_string(),
                "@127.0.0.1",
                name,
                "TXT",
            ])
            .output()
            .expect("dig (bind9-dnsutils)");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("named.log")).unwrap_or_default()
    }
}

/// Pebble, validating names through `dns` (BIND), with its HTTPS certificate from a test root.
pub struct Pebble {
    child: Child,
    pub port: u16,
    pub management: u16,
    /// Where Pebble checks HTTP-01 answers (the listener or web server must be on it).
    pub http_port: u16,
    pub dir: tempfile::TempDir,
    /// The root of Pebble's own HTTPS certificate (PEM), for the account's `--ca-root`.
    pub https_root: String,
}

impl Drop for Pebble {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Pebble's options for one test.
#[derive(Default)]
pub struct PebbleOptions {
    /// External Account Binding keys (kid → base64url HMAC key); required when any.
    pub eab: Vec<(String, String)>,
    /// Percentage of good nonces Pebble rejects (`PEBBLE_WFE_NONCEREJECT`).
    pub reject_nonces: u8,
}

impl Pebble {
    pub fn available() -> bool {
        Path::new("/usr/bin/pebble").exists()
    }

    pub fn start(dns_port: u16, options: PebbleOptions) -> Self {
        assert!(Self::available(), "install pebble (see .ci/run)");
        let dir = tempfile::tempdir().unwrap();
        let (port, management, http_port, tls_port) =
            (free_port(), free_port(), free_port(), free_port());
        // Pebble's HTTPS certificate for 127.0.0.1, from a root of the test's own.
        let root = super::root("Pebble test HTTPS root");
        let mut params =
            rcgen::CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
                .unwrap();
        params.not_before = super::ymd(2020, 1, 1);
        params.not_after = super::ymd(2040, 1, 1);
        let (leaf, leaf_key) = super::issue(&params, &root);
        std::fs::write(
            dir.path().join("cert.pem"),
            certdeck::pki::pem::encode("CERTIFICATE", &leaf),
        )
        .unwrap();
        std::fs::write(dir.path().join("key.pem"), leaf_key.serialize_pem()).unwrap();
        let keys: serde_json::Map<String, serde_json::Value> = options
            .eab
            .iter()
            .map(|(kid, key)| (kid.clone(), serde_json::Value::String(key.clone())))
            .collect();
        let config = serde_json::json!({
            "pebble": {
                "listenAddress": format!("127.0.0.1:{port}"),
                "managementListenAddress": format!("127.0.0.1:{management}"),
                "certificate": dir.path().join("cert.pem"),
                "privateKey": dir.path().join("key.pem"),
                "httpPort": http_port,
                "tlsPort": tls_port,
                "ocspResponderURL": "",
                "externalAccountBindingRequired": !options.eab.is_empty(),
                "externalAccountMACKeys": keys,
            }
        });
        std::fs::write(dir.path().join("pebble.json"), config.to_string()).unwrap();
        let log = std::fs::File::create(dir.path().join("pebble.log")).unwrap();
        let child = Command::new("/usr/bin/pebble")
            .args([
                "-config",
                &dir.path().join("pebble.json").display().to_string(),
                "-dnsserver",
                &format!("127.0.0.1:{dns_port}"),
            ])
            .env("PEBBLE_VA_NOSLEEP", "1")
            .env("PEBBLE_AUTHZREUSE", "0")
            .env("PEBBLE_WFE_NONCEREJECT", options.reject_nonces.to_string())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("pebble starts");
        wait_until_listening(port, "pebble");
        wait_until_listening(management, "pebble management");
        Self {
            child,
            port,
            management,
            http_port,
            dir,
            https_root: root.cert().to_pem(),
        }
    }

    pub fn directory(&self) -> String {
        format!("https://127.0.0.1:{}/dir", self.port)
    }

    /// The root Pebble issues certificates under (its management API; random per start).
    pub async fn issuing_root(&self) -> String {
        let root = reqwest::Certificate::from_pem(self.https_root.as_bytes()).unwrap();
        let client = reqwest::Client::builder()
            .tls_certs_only([root])
            .build()
            .unwrap();
        client
            .get(format!("https://127.0.0.1:{}/roots/0", self.management))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("pebble.log")).unwrap_or_default()
    }
}

/// Secrets handed to the pipeline directly (the keychain's are tested in tests/keychain.rs).
#[derive(Default, Clone)]
pub struct TestSecrets {
    pub tsig: HashMap<String, String>,
    pub ssh: Option<SshCredentials>,
}

impl Secrets for TestSecrets {
    fn driver(
        &self,
        _store: &mut certdeck::store::Inventory,
        node: &Node,
    ) -> Result<Driver, PushError> {
        Driver::with_secrets(
            &node.driver,
            &node.settings,
            node.pinned.clone(),
            self.ssh.clone().unwrap_or_default(),
        )
    }

    fn tsig(
        &self,
        _store: &mut certdeck::store::Inventory,
        server: &DnsServer,
    ) -> Result<Tsig, AcmeError> {
        let secret = self
            .tsig
            .get(&server.name)
            .ok_or_else(|| AcmeError::Dns(format!("no TSIG secret for {}", server.name)))?;
        Tsig::from_base64(&server.key_name, &server.algorithm, secret)
    }
}

/// A TLS server on loopback that reads `cert` (leaf then chain) and `key` at every handshake,
/// as a service that reloads after a push would serve them. Runs on the given runtime.
pub async fn file_tls_server(cert: PathBuf, key: PathBuf) -> u16 {
    #[derive(Debug)]
    struct FromFiles {
        cert: PathBuf,
        key: PathBuf,
    }
    impl rustls::server::ResolvesServerCert for FromFiles {
        fn resolve(
            &self,
            _hello: rustls::server::ClientHello<'_>,
        ) -> Option<Arc<rustls::sign::CertifiedKey>> {
            let pem = std::fs::read(&self.cert).ok()?;
            let chain: Vec<_> = certdeck::pki::decode_bytes(&pem, "cert", &Default::default())
                .certificates()
                .map(|c| rustls::pki_types::CertificateDer::from(c.der().to_vec()))
                .collect();
            let key_pem = std::fs::read(&self.key).ok()?;
            let decoded = certdeck::pki::decode_bytes(&key_pem, "key", &Default::default());
            let key = decoded.private_keys().next()?.pkcs8_der().to_vec();
            let key = rustls::pki_types::PrivateKeyDer::Pkcs8(key.into());
            let signer = rustls::crypto::aws_lc_rs::sign::any_supported_type(&key).ok()?;
            Some(Arc::new(rustls::sign::CertifiedKey::new(chain, signer)))
        }
    }
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_cert_resolver(Arc::new(FromFiles { cert, key }));
    super::net::serve_tls_handshakes(tokio_rustls::TlsAcceptor::from(Arc::new(config))).await
}

/// DNS-01 through the lab's DNS server `server` (`bind` or `main`).
pub fn dns01(server: &str) -> Challenge {
    Challenge::Dns01 {
        server: server.into(),
    }
}

/// One test's servers and inventory: BIND with the DNS servers `bind` (zone `example.test`)
/// and `main` (zone `main.test`) stored, Pebble, and the secrets the pipeline is handed.
pub struct Lab {
    pub bind: Bind,
    pub pebble: Pebble,
    pub data: tempfile::TempDir,
    pub secrets: TestSecrets,
}

impl Lab {
    pub fn start(options: PebbleOptions) -> Self {
        Self::start_on(super::engines::Engine::Sqlite, options)
    }

    /// A lab whose inventory is on `engine` (a team's PostgreSQL database, or the folder's file).
    pub fn start_on(engine: super::engines::Engine, options: PebbleOptions) -> Self {
        let bind = Bind::start();
        let pebble = Pebble::start(bind.port, options);
        let mut secrets = TestSecrets::default();
        secrets.tsig.insert("bind".into(), bind.secret.clone());
        secrets.tsig.insert("main".into(), bind.secret.clone());
        let lab = Lab {
            bind,
            pebble,
            data: tempfile::tempdir().unwrap(),
            secrets,
        };
        super::engines::prepare_with(engine, lab.data.path(), super::pushing::PASSPHRASE);
        let mut store = lab.store();
        store
            .add_dns_server(&lab.bind.server("bind", "example.test"))
            .unwrap();
        store
            .add_dns_server(&lab.bind.server("main", "main.test"))
            .unwrap();
        lab
    }

    pub fn store(&self) -> Inventory {
        inventory(self.data.path())
    }

    /// Registers account `name` at Pebble (with EAB when given) and stores it.
    pub fn account(&self, name: &str, eab: Option<(&str, &str)>) -> Result<(), String> {
        let created = runtime()
            .block_on(client::create_account(
                &self.pebble.directory(),
                &["admin@example.test".to_string()],
                true,
                eab.map(|(kid, key)| client::Eab {
                    kid,
                    hmac_key_b64: key,
                }),
                Some(&self.pebble.https_root),
            ))
            .map_err(|e| e.to_string())?;
        self.store()
            .add_acme_account(
                &NewAcmeAccount {
                    name,
                    directory_url: &self.pebble.directory(),
                    contact: &["admin@example.test".to_string()],
                    account_url: &created.account_url,
                    credentials: &created.credentials,
                    ca_root_pem: Some(&self.pebble.https_root),
                    eab_kid: eab.map(|(kid, _)| kid),
                },
                OffsetDateTime::now_utc(),
            )
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    /// Stores account `name`: the key of the Pebble account `pebble`, filed at `directory`
    /// (a CA nobody serves, or a test CA on Pebble's HTTPS identity).
    pub fn account_at(&self, name: &str, directory: &str) {
        let mut store = self.store();
        let credentials = store
            .acme_credentials(store.acme_account("pebble").unwrap().id)
            .unwrap();
        let mut json: serde_json::Value = serde_json::from_slice(&credentials).unwrap();
        json["directory"] = serde_json::Value::String(directory.to_string());
        store
            .add_acme_account(
                &NewAcmeAccount {
                    name,
                    directory_url: directory,
                    contact: &[],
                    account_url: "https://127.0.0.1/acct/1",
                    credentials: json.to_string().as_bytes(),
                    ca_root_pem: Some(&self.pebble.https_root),
                    eab_kid: None,
                },
                OffsetDateTime::now_utc(),
            )
            .unwrap();
    }

    /// Trusts the root Pebble issues under (random per start), for the TLS verification.
    pub fn trust_pebble(&self) {
        let root = runtime().block_on(self.pebble.issuing_root());
        let mut store = self.store();
        let report = store
            .import(
                &[ImportInput::Text {
                    name: "pebble root".into(),
                    text: root,
                }],
                &Default::default(),
                &mut NoPasswords,
                OffsetDateTime::now_utc(),
            )
            .unwrap();
        // Pebble's root is self-signed with CA:TRUE *and* the serverAuth purpose, which the import
        // files as a temporary (self-signed server) certificate rather than a root, as it does
        // for appliances' own certificates: trusted explicitly, like `certdeck trust add`.
        let id = report.outcomes[0].id.unwrap();
        store.trust(id, OffsetDateTime::now_utc()).unwrap();
    }

    /// Gives `node` an issuer: account `pebble`, new P-256 keys.
    pub fn issuer(&self, node: &str, challenge: Challenge) {
        self.issuer_with_key(node, challenge, "p256");
    }

    pub fn issuer_with_key(&self, node: &str, challenge: Challenge, key_type: &str) {
        self.store()
            .set_issuer(&Issuer {
                node: node.into(),
                account: "pebble".into(),
                challenge,
                profile: None,
                key_policy: KeyPolicy::New,
                key_type: key_type.into(),
                csr_id: None,
                window: None,
                renew_fraction: DEFAULT_RENEW_FRACTION,
                rehearse_with: None,
                state: IssuerState::default(),
            })
            .unwrap();
    }

    /// A node without a driver, with its issuer.
    pub fn node(&self, name: &str, fqdn: &str, challenge: Challenge) {
        self.store()
            .add_node(name, fqdn, &[], "server", OffsetDateTime::now_utc())
            .unwrap();
        self.issuer(name, challenge);
    }

    /// A node pushed to by SSH into `folder` on `sshd` (its host key pinned, the client key in
    /// the secrets), served by a TLS server on `tls` reading that folder's files.
    pub fn ssh_node(
        &mut self,
        sshd: &Sshd,
        folder: &Path,
        name: &str,
        fqdn: &str,
        reload: Option<&str>,
        tls: &tokio::runtime::Runtime,
    ) {
        std::fs::create_dir_all(folder).unwrap();
        let port = tls.block_on(file_tls_server(
            folder.join("cert.pem"),
            folder.join("key.pem"),
        ));
        let mut store = self.store();
        store
            .add_node(name, fqdn, &[], "server", OffsetDateTime::now_utc())
            .unwrap();
        let settings = serde_json::json!({
            "host": "127.0.0.1",
            "port": sshd.port,
            "user": whoami(),
            "certificate_path": folder.join("cert.pem").display().to_string(),
            "key_path": folder.join("key.pem").display().to_string(),
            "reload": reload,
        });
        store
            .configure_node(name, &[format!("127.0.0.1:{port}")], "ssh", &settings)
            .unwrap();
        store.pin_node(name, &sshd.fingerprint()).unwrap();
        self.secrets.ssh = Some(sshd.credentials());
    }

    /// Options for quick tests: short DNS and verification waits.
    pub fn options() -> Options {
        Options {
            propagation: Propagation {
                timeout: Duration::from_secs(5),
                every: Duration::from_millis(200),
            },
            push: PushOptions {
                attempts: 3,
                pause: Duration::from_millis(300),
                timeout: Duration::from_secs(5),
                ..PushOptions::default()
            },
            ..Options::default()
        }
    }

    /// Renews `node` now, whatever its dates (`certdeck renew NODE --force`).
    pub fn force(&self, node: &str) -> Vec<NodeReport> {
        self.run(
            Selection::Force(vec![node.to_string()]),
            OffsetDateTime::now_utc(),
        )
    }

    pub fn run(&self, selection: Selection, now: OffsetDateTime) -> Vec<NodeReport> {
        self.run_with(selection, now, self.secrets.clone())
    }

    pub fn run_with(
        &self,
        selection: Selection,
        now: OffsetDateTime,
        secrets: TestSecrets,
    ) -> Vec<NodeReport> {
        self.pass(selection, now, secrets, Self::options())
    }

    /// One pass of the pipeline, as `certdeck renew` runs it.
    pub fn pass(
        &self,
        selection: Selection,
        now: OffsetDateTime,
        secrets: TestSecrets,
        options: Options,
    ) -> Vec<NodeReport> {
        let store = self.store();
        let trust = Arc::new(certdeck::probe::ProbeTrust::of_inventory(&store).unwrap());
        let (sender, _receiver) = tokio::sync::mpsc::unbounded_channel();
        runtime()
            .block_on(renew::run(
                renew::Context {
                    journal: Journal::new(store),
                    secrets: Arc::new(secrets),
                    trust,
                },
                selection,
                options,
                sender,
                Arc::new(AtomicBool::new(false)),
                now,
            ))
            .unwrap()
    }
}
