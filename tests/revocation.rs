//! `certdeck verify --crl`: CRLs made by a CA that `openssl ca` runs (the way many labs and
//! appliances' own CAs publish them), a revoked certificate refused, a valid one trusted, a CRL
//! of another CA not applied, and a damaged CRL file refused with its name and reason.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::engines::Engine;
use crate::common::json_of;
use crate::common::openssl_ca::OpensslCa;
use crate::on_both_engines;

on_both_engines!(
    crls_are_fetched_from_the_distribution_point_kept_until_next_update_and_hard_fail_refuses_the_unknown,
    the_inventory_check_marks_revoked_certificates_with_a_status_and_an_alarm,
    a_push_ships_the_local_cas_fresh_crl_with_the_kit,
);

fn verify(cert: &Path, host: &str, ca: &OpensslCa, crls: &[&Path]) -> std::process::Output {
    let (cert, trust) = (
        cert.display().to_string(),
        ca.path("ca.pem").display().to_string(),
    );
    let mut args = vec![
        "verify".to_string(),
        cert,
        "--trust".into(),
        trust,
        "--no-system-roots".into(),
        "--host".into(),
        host.into(),
        "--json".into(),
    ];
    for crl in crls {
        args.push("--crl".into());
        args.push(crl.display().to_string());
    }
    Command::new(env!("CARGO_BIN_EXE_certdeck"))
        .args(&args)
        .output()
        .unwrap()
}

#[test]
fn a_certificate_revoked_by_an_openssl_ca_is_refused_and_a_valid_one_trusted() {
    let ca = OpensslCa::new("Lab CA");
    let revoked = ca.issue("pbx1.lab.example");
    let valid = ca.issue("pbx2.lab.example");
    ca.revoke(&revoked);
    let crl = ca.crl();

    let out = verify(&revoked, "pbx1.lab.example", &ca, &[&crl]);
    let verdict = json_of(&out);
    assert_eq!(out.status.code(), Some(1), "{verdict}");
    assert_eq!(verdict["trusted"], false);
    assert_eq!(verdict["code"], "CertRevoked");
    assert_eq!(verdict["policy"], "private");

    let out = verify(&valid, "pbx2.lab.example", &ca, &[&crl]);
    assert_eq!(out.status.code(), Some(0), "{}", json_of(&out));

    // Without the CRL the revoked certificate is trusted: nothing tells otherwise.
    let out = verify(&revoked, "pbx1.lab.example", &ca, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", json_of(&out));

    // Another CA's CRL revoking the same serial does not apply to this certificate.
    let other = OpensslCa::new("Other CA");
    std::fs::write(other.path("serial"), "1000\n").unwrap();
    let twin = other.issue("pbx1.lab.example");
    other.revoke(&twin);
    let other_crl = other.crl();
    let out = verify(&revoked, "pbx1.lab.example", &ca, &[&other_crl]);
    assert_eq!(out.status.code(), Some(0), "{}", json_of(&out));
}

#[test]
fn a_damaged_crl_file_is_refused_with_its_name_and_reason() {
    let ca = OpensslCa::new("Lab CA");
    let cert = ca.issue("pbx1.lab.example");
    let crl = ca.crl();
    let mut bytes = std::fs::read(&crl).unwrap();
    let pem = String::from_utf8(bytes.clone()).unwrap();
    // Cut the CRL's body in half: still PEM, no longer a CRL.
    let body_start = pem.find('\n').unwrap() + 1;
    bytes.truncate(body_start + (pem.len() - body_start) / 2);
    bytes.extend_from_slice(b"\n-----END X509 CRL-----\n");
    let damaged = ca.path("damaged.crl");
    std::fs::write(&damaged, &bytes).unwrap();
    let out = verify(&cert, "pbx1.lab.example", &ca, &[&damaged]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("damaged.crl"), "{stderr}");
    let garbage = ca.path("garbage.crl");
    std::fs::write(&garbage, b"\x30\x82\xff\xff not a CRL").unwrap();
    let out = verify(&cert, "pbx1.lab.example", &ca, &[&garbage]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("garbage.crl") && stderr.contains("CRL"),
        "{stderr}"
    );
}

/// `openssl verify -crl_check` of the certificate file `leaf` under the trusted `root`, through
/// `chain`, with the CRL file `crl`.
fn openssl_crl_check(root: &str, chain: &str, crl: &str, leaf: &str) -> std::process::Output {
    Command::new("openssl")
        .args(["verify", "-crl_check", "-CAfile", root, "-untrusted", chain])
        .args(["-CRLfile", crl, leaf])
        .output()
        .unwrap()
}

/// A local CA (`{name} Root` over `{name} Issuing CA`, P-256) in `inventory`, and for each of
/// `nodes` (added with `role`, names `NODE.lab.example`) a server certificate it issued.
pub(crate) fn local_lab(
    inventory: &mut certdeck::store::Inventory,
    name: &str,
    nodes: &[&str],
    role: &str,
    now: time::OffsetDateTime,
) -> Vec<certdeck::store::requests::IssueOutcome> {
    use certdeck::pki::request::{KeyType, Subject, Usage};
    use certdeck::store::requests::IssueSource;
    let subject = |cn: String| Subject {
        common_name: Some(cn),
        organization: Some(name.into()),
        ..Default::default()
    };
    inventory
        .create_ca(
            &subject(format!("{name} Root")),
            Some(&subject(format!("{name} Issuing CA"))),
            KeyType::EcdsaP256,
            3650,
            now,
        )
        .unwrap();
    nodes
        .iter()
        .map(|node| {
            inventory
                .add_node(node, &format!("{node}.lab.example"), &[], role, now)
                .unwrap();
            let source = IssueSource::Node {
                name: node.to_string(),
                key_type: KeyType::EcdsaP256,
                usage: Usage::Server,
            };
            inventory.issue(source, None, 397, now).unwrap()
        })
        .collect()
}

/// The local CA revokes what it issued and signs numbered CRLs that OpenSSL and certdeck's
/// verifier both read: the revoked certificate is refused, the others still trusted.
#[test]
fn the_local_ca_revokes_and_publishes_a_crl_openssl_and_certdeck_apply() {
    use certdeck::pki::Certificate;
    use certdeck::pki::authority::RevocationReason;
    use certdeck::pki::rules::Policy;
    use certdeck::pki::verify::{Check, Purpose, Verifier};
    use time::OffsetDateTime;

    let dir = tempfile::tempdir().unwrap();
    let mut inventory = crate::common::pushing::inventory(dir.path());
    let now = OffsetDateTime::now_utc();
    let issued = local_lab(&mut inventory, "Lab", &["sip1", "sip2"], "sip", now);
    let first = inventory.local_ca_crl(None, 7, now).unwrap();
    assert_eq!((first.number, first.revoked), (1, 0));

    let id = issued[0].certificate_id.to_string();
    let revoked = inventory
        .revoke_issued(&id, RevocationReason::KeyCompromise, now)
        .unwrap();
    assert_eq!(revoked.reason, RevocationReason::KeyCompromise);
    let again = inventory
        .revoke_issued(&id, RevocationReason::Superseded, now)
        .unwrap_err()
        .to_string();
    assert!(again.contains("already revoked"), "{again}");
    let crl = inventory.local_ca_crl(None, 7, now).unwrap();
    assert_eq!((crl.number, crl.revoked), (2, 1), "numbers grow");

    // OpenSSL reads the CRL, checks its signature and refuses the revoked certificate.
    let files = tempfile::tempdir().unwrap();
    let pem_of = |id: i64| {
        Certificate::from_der(&inventory.certificate_der(id).unwrap())
            .unwrap()
            .to_pem()
    };
    let cas = inventory.cas().unwrap();
    let (root, issuing) = (pem_of(cas[0].certificate_id), pem_of(cas[1].certificate_id));
    let file = |name: &str, text: &str| {
        let path = files.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let root_file = file("root.pem", &root);
    let chain_file = file("issuing.pem", &issuing);
    let crl_file = file("issuing.crl", &crl.to_pem());
    let leaf_files: Vec<String> = issued
        .iter()
        .enumerate()
        .map(|(i, o)| file(&format!("leaf{i}.pem"), &pem_of(o.certificate_id)))
        .collect();
    let openssl_verify = |leaf: &str| openssl_crl_check(&root_file, &chain_file, &crl_file, leaf);
    let refused = openssl_verify(&leaf_files[0]);
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stdout).contains("revoked")
            || String::from_utf8_lossy(&refused.stderr).contains("revoked"),
        "{refused:?}"
    );
    let accepted = openssl_verify(&leaf_files[1]);
    assert!(accepted.status.success(), "{accepted:?}");

    // certdeck's verifier, under the private policy the local CA's certificates meet.
    let certificate = |pem: &str| {
        certdeck::pki::decode_bytes(pem.as_bytes(), "t", &Default::default())
            .certificates()
            .next()
            .unwrap()
            .clone()
    };
    let (root, issuing) = (certificate(&root), certificate(&issuing));
    let verifier = Verifier::new([&root], [&issuing], false).unwrap();
    let crls = [crl.der.clone()];
    for (index, host) in ["sip1.lab.example", "sip2.lab.example"].iter().enumerate() {
        let leaf = certificate(&pem_of(issued[index].certificate_id));
        let verdict = verifier
            .verify_policy(
                &leaf,
                &Check {
                    host: Some(host),
                    purpose: Purpose::Server,
                    now,
                    policy: Policy::Private,
                    max_intermediates: None,
                    crls: &crls,
                    revocation_required: false,
                    ocsp: &[],
                },
            )
            .unwrap();
        if index == 0 {
            assert_eq!(verdict.verdict.code.as_deref(), Some("CertRevoked"));
        } else {
            assert!(verdict.verdict.trusted, "{:?}", verdict);
        }
    }

    // Only the CA that issued a certificate can revoke it.
    let foreign = inventory
        .import(
            &[certdeck::store::ImportInput::Path(crate::common::fixture(
                "keycert-with-dh.pem",
            ))],
            &Default::default(),
            &mut certdeck::store::NoPasswords,
            now,
        )
        .unwrap();
    let foreign_id = foreign
        .outcomes
        .iter()
        .find_map(|o| o.id)
        .unwrap()
        .to_string();
    let refused = inventory
        .revoke_issued(&foreign_id, RevocationReason::Unspecified, now)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("not issued by a local CA"), "{refused}");
}

/// nginx serving files over plain HTTP on a loopback port (a CRL distribution point), with an
/// access log to count what was fetched.
struct CrlServer {
    server: crate::common::nginx::Nginx,
    dir: tempfile::TempDir,
}

impl CrlServer {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_path_buf();
        std::fs::create_dir_all(d.join("www")).unwrap();
        let server = crate::common::nginx::Nginx::start(&d, |port| {
            format!(
                "    listen 127.0.0.1:{port};\n    root {}/www;",
                d.display()
            )
        });
        Self { server, dir }
    }

    fn url(&self, name: &str) -> String {
        format!("http://127.0.0.1:{}/{name}", self.server.port)
    }

    fn publish(&self, name: &str, bytes: &[u8]) {
        std::fs::write(self.dir.path().join("www").join(name), bytes).unwrap();
    }

    /// How many times `name` was asked for.
    fn fetches(&self, name: &str) -> usize {
        std::fs::read_to_string(self.dir.path().join("logs/access.log"))
            .unwrap_or_default()
            .lines()
            .filter(|line| line.contains(&format!("GET /{name} ")))
            .count()
    }
}

/// A CA whose certificates name `crl` on a started CrlServer as their distribution point, with
/// `{host}1.lab.example` revoked and `{host}2.lab.example` valid, its CRL published there.
fn published(name: &str, crl: &str, host: &str) -> (CrlServer, OpensslCa, PathBuf, PathBuf) {
    let server = CrlServer::start();
    let ca = OpensslCa::with_distribution_point(name, &server.url(crl));
    let revoked = ca.issue(&format!("{host}1.lab.example"));
    let valid = ca.issue(&format!("{host}2.lab.example"));
    ca.revoke(&revoked);
    server.publish(crl, &std::fs::read(ca.crl()).unwrap());
    (server, ca, revoked, valid)
}

/// `certdeck verify --revocation MODE` with the inventory (the CRL cache) in `data`.
pub(crate) fn verify_online(
    cert: &Path,
    host: &str,
    ca: &OpensslCa,
    mode: &str,
    data: &Path,
) -> std::process::Output {
    crate::common::certdeck_in(
        data,
        &[
            "verify",
            &cert.display().to_string(),
            "--trust",
            &ca.path("ca.pem").display().to_string(),
            "--no-system-roots",
            "--host",
            host,
            "--revocation",
            mode,
            "--json",
        ],
    )
}

fn crls_are_fetched_from_the_distribution_point_kept_until_next_update_and_hard_fail_refuses_the_unknown(
    engine: Engine,
) {
    let (server, ca, revoked, valid) = published("DP CA", "dp.crl", "sbc");
    let data = tempfile::tempdir().unwrap();
    crate::common::engines::prepare(engine, data.path());

    // Soft: the revoked certificate is refused by the CRL its distribution point serves.
    let out = verify_online(&revoked, "sbc1.lab.example", &ca, "soft", data.path());
    let verdict = json_of(&out);
    assert_eq!(verdict["code"], "CertRevoked", "{verdict}");
    assert_eq!(server.fetches("dp.crl"), 1);
    // The CRL is current (nextUpdate in 30 days): the next verification uses the kept copy.
    let out = verify_online(&valid, "sbc2.lab.example", &ca, "soft", data.path());
    assert_eq!(out.status.code(), Some(0), "{}", json_of(&out));
    assert_eq!(
        server.fetches("dp.crl"),
        1,
        "served from the inventory's cache"
    );

    // A distribution point that serves nothing: soft trusts (and says why), hard refuses.
    let lost = OpensslCa::with_distribution_point("Lost CA", &server.url("missing.crl"));
    let cert = lost.issue("sbc3.lab.example");
    let out = verify_online(&cert, "sbc3.lab.example", &lost, "soft", data.path());
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("missing.crl") && stderr.contains("404"),
        "{stderr}"
    );
    let out = verify_online(&cert, "sbc3.lab.example", &lost, "hard", data.path());
    let verdict = json_of(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(verdict["code"], "UnknownRevocationStatus", "{verdict}");

    // A distribution point serving something that is not a CRL: the same, with the reason.
    server.publish("missing.crl", b"<html>maintenance</html>");
    let out = verify_online(&cert, "sbc3.lab.example", &lost, "hard", data.path());
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("not a valid CRL") || stderr.contains("CRL"),
        "{stderr}"
    );

    // Nobody listening there: refused under hard, never a hang.
    let closed = format!("http://127.0.0.1:{}/x.crl", crate::common::free_port());
    let gone = OpensslCa::with_distribution_point("Gone CA", &closed);
    let cert = gone.issue("sbc4.lab.example");
    let out = verify_online(&cert, "sbc4.lab.example", &gone, "hard", data.path());
    assert_eq!(json_of(&out)["code"], "UnknownRevocationStatus");
    let out = verify_online(&cert, "sbc4.lab.example", &gone, "soft", data.path());
    assert_eq!(out.status.code(), Some(0));
}

/// The inventory-wide check: certificates imported from a CA run by `openssl ca`, its CRL
/// served by nginx at their distribution point; the revoked one gets the Revoked status and,
/// being a node's certificate, an alarm; the other stays good.
fn the_inventory_check_marks_revoked_certificates_with_a_status_and_an_alarm(engine: Engine) {
    let (server, ca, revoked, valid) = published("Inventory CA", "inv.crl", "gw");
    let data = tempfile::tempdir().unwrap();
    crate::common::engines::prepare(engine, data.path());
    let run = |args: &[&str]| crate::common::certdeck_in(data.path(), args);
    let path = |p: &Path| p.display().to_string();
    for file in [ca.path("ca.pem"), revoked.clone(), valid.clone()] {
        let out = run(&["import", &path(&file)]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let fingerprint = |cert: &Path| {
        let out = Command::new("openssl")
            .args([
                "x509",
                "-in",
                &path(cert),
                "-noout",
                "-fingerprint",
                "-sha256",
            ])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .rsplit('=')
            .next()
            .unwrap()
            .replace(':', "")
            .to_lowercase()
    };
    let (revoked_fp, valid_fp) = (fingerprint(&revoked), fingerprint(&valid));
    run(&["node", "add", "gw1", "--fqdn", "gw1.lab.example"]);
    let out = run(&["node", "assign", "gw1", &revoked_fp]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = run(&["revocation", "check", "--json"]);
    let summary = json_of(&out);
    assert_eq!(out.status.code(), Some(1), "revoked found: {summary}");
    assert_eq!(summary["revoked"].as_array().unwrap().len(), 1, "{summary}");
    assert!(
        summary["revoked"][0]["subject"]
            .as_str()
            .unwrap()
            .contains("gw1.lab.example")
    );
    assert_eq!(summary["revoked"][0]["source"], server.url("inv.crl"));
    assert_eq!(summary["checked"], 2, "{summary}");

    let status_of = |fp: &str| {
        let shown = json_of(&run(&["show", fp, "--json"]));
        shown.to_string()
    };
    assert!(
        status_of(&revoked_fp).contains("\"revoked\""),
        "{}",
        status_of(&revoked_fp)
    );
    assert!(!status_of(&valid_fp).contains("\"revoked\""));
    // The list says what the check found, for every certificate it judged.
    let list = json_of(&run(&["list", "--json"]));
    let entry = |fp: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["fingerprint_sha256"] == fp)
            .unwrap()
            .clone()
    };
    assert!(entry(&revoked_fp)["revocation"]["revoked_at"].is_number());
    assert!(entry(&valid_fp)["revocation"]["revoked_at"].is_null());
    assert_eq!(
        entry(&valid_fp)["revocation"]["source"],
        server.url("inv.crl")
    );
    let alarms = json_of(&run(&["alarms", "--json"]));
    assert!(
        alarms
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["kind"] == "revoked" && a["node"] == "gw1"),
        "{alarms}"
    );
}

/// A lab end to end: the local CA revokes one node's certificate, another node (folder kit,
/// `--crl-from-ca`) is pushed, and the kit carries the CA's fresh CRL, which OpenSSL reads to
/// refuse the revoked certificate; the next push ships the next CRL number.
fn a_push_ships_the_local_cas_fresh_crl_with_the_kit(engine: Engine) {
    use certdeck::pki::authority::RevocationReason;

    let data = tempfile::tempdir().unwrap();

    crate::common::engines::prepare(engine, data.path());
    let kit = tempfile::tempdir().unwrap();
    let now = time::OffsetDateTime::now_utc();
    let (issuing_id, revoked_pem, root_pem, issuing_pem) = {
        // The passphrase the command line gets (crate::common::certdeck_in).
        let mut inventory = certdeck::store::Inventory::open(
            data.path(),
            certdeck::store::VaultOptions {
                passphrase: Some(zeroize::Zeroizing::new("vault passphrase".into())),
                keychain: false,
            },
        )
        .unwrap();
        let issued = local_lab(&mut inventory, "Kit", &["gw1", "gw2"], "server", now);
        let first = issued[0].certificate_id.to_string();
        inventory
            .revoke_issued(&first, RevocationReason::KeyCompromise, now)
            .unwrap();
        let cas = inventory.cas().unwrap();
        let pem = |id: i64| {
            certdeck::pki::Certificate::from_der(&inventory.certificate_der(id).unwrap())
                .unwrap()
                .to_pem()
        };
        (
            cas[1].id,
            pem(issued[0].certificate_id),
            pem(cas[0].certificate_id),
            pem(cas[1].certificate_id),
        )
    };
    let run = |args: &[&str]| crate::common::certdeck_in(data.path(), args);
    let configured = run(&[
        "node",
        "configure",
        "gw2",
        "--driver",
        "folder",
        "--path",
        &kit.path().display().to_string(),
        "--crl-from-ca",
        &issuing_id.to_string(),
    ]);
    assert!(
        configured.status.success(),
        "{}",
        String::from_utf8_lossy(&configured.stderr)
    );
    let pushed = run(&["push", "gw2"]);
    assert!(
        pushed.status.success(),
        "{}",
        String::from_utf8_lossy(&pushed.stderr)
    );

    let file = |name: &str, text: &str| {
        let path = kit.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let (root, chain, revoked) = (
        file("root.test.pem", &root_pem),
        file("issuing.test.pem", &issuing_pem),
        file("revoked.test.pem", &revoked_pem),
    );
    let crl = kit.path().join("crl.pem").display().to_string();
    let openssl_verify = |leaf: &str| openssl_crl_check(&root, &chain, &crl, leaf);
    let refused = openssl_verify(&revoked);
    assert!(
        String::from_utf8_lossy(&refused.stdout).contains("revoked")
            || String::from_utf8_lossy(&refused.stderr).contains("revoked"),
        "{refused:?}"
    );
    let served = kit.path().join("certificate.pem").display().to_string();
    let accepted = openssl_verify(&served);
    assert!(accepted.status.success(), "{accepted:?}");
    // The snippet of options names the CRL (Genesys' tls-crl reads it).
    let options = std::fs::read_to_string(kit.path().join("certdeck-options.txt")).unwrap();
    assert!(options.contains("crl.pem"), "{options}");
    let number = |path: &str| {
        let out = Command::new("openssl")
            .args(["crl", "-in", path, "-noout", "-crlnumber"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let first_number = number(&crl);
    let pushed = run(&["push", "gw2"]);
    assert!(
        pushed.status.success(),
        "{}",
        String::from_utf8_lossy(&pushed.stderr)
    );
    assert_ne!(number(&crl), first_number, "each push signs the next CRL");
}
