//! OCSP (RFC 6960) against `openssl ocsp`: as a responder on loopback for `certdeck verify
//! --revocation` and the inventory's check, and offline (`-reqin`/`-respout`) for answers
//! judged one by one — signed by the CA or a delegated responder, a responder that is not
//! the CA's, a replayed nonce, an out-of-date or damaged answer.

use std::path::{Path, PathBuf};

use certdeck::pki::Certificate;
use certdeck::revocation::ocsp::{Question, Signer, Status};
use time::OffsetDateTime;

use crate::common::json_of;
use crate::common::openssl_ca::{OcspResponder, OpensslCa};

/// A CA whose certificates name a responder on `port`, with `{host}1.lab.example` revoked and
/// `{host}2.lab.example` valid.
fn lab(name: &str, port: u16, host: &str) -> (OpensslCa, PathBuf, PathBuf) {
    let ca = OpensslCa::with_responder(name, &format!("http://127.0.0.1:{port}/"));
    let revoked = ca.issue(&format!("{host}1.lab.example"));
    let valid = ca.issue(&format!("{host}2.lab.example"));
    ca.revoke(&revoked);
    (ca, revoked, valid)
}

/// `certdeck verify CERT --trust CA --revocation MODE --json` with its own data folder.
fn verify(cert: &Path, host: &str, ca: &OpensslCa, mode: &str) -> std::process::Output {
    let data = tempfile::tempdir().unwrap();
    crate::revocation::verify_online(cert, host, ca, mode, data.path())
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_responder_signing_with_the_ca_key_revokes_and_vouches_under_soft_and_hard() {
    let port = crate::common::free_port();
    let (ca, revoked, valid) = lab("OCSP CA", port, "sip");
    let _responder = OcspResponder::start(&ca, port, &ca.path("ca.pem"), &ca.path("ca.key"));

    let out = verify(&revoked, "sip1.lab.example", &ca, "soft");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(json_of(&out)["code"], "CertRevoked");
    for mode in ["soft", "hard"] {
        let out = verify(&valid, "sip2.lab.example", &ca, mode);
        assert_eq!(out.status.code(), Some(0), "{mode}: {}", stderr(&out));
    }
    // Without revocation checking the revoked certificate passes: the refusal above is OCSP's.
    let out = verify(&revoked, "sip1.lab.example", &ca, "off");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_delegated_responder_is_trusted_only_with_the_ocsp_signing_usage() {
    let port = crate::common::free_port();
    let (ca, revoked, valid) = lab("Delegating CA", port, "pbx");
    let responder = ca.responder_certificate("ocsp.lab.example");
    let key = ca.path("ocsp.lab.example.key");
    {
        let _responder = OcspResponder::start(&ca, port, &responder, &key);
        let out = verify(&revoked, "pbx1.lab.example", &ca, "hard");
        assert_eq!(json_of(&out)["code"], "CertRevoked", "{}", stderr(&out));
        let out = verify(&valid, "pbx2.lab.example", &ca, "hard");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    // A certificate of the same CA without OCSPSigning may not answer for it.
    let impostor = ca.issue("web.lab.example");
    let _responder = OcspResponder::start(&ca, port, &impostor, &ca.path("web.lab.example.key"));
    let out = verify(&valid, "pbx2.lab.example", &ca, "hard");
    assert_eq!(json_of(&out)["code"], "UnknownRevocationStatus");
    assert!(stderr(&out).contains("OCSP signing"), "{}", stderr(&out));
    let out = verify(&revoked, "pbx1.lab.example", &ca, "soft");
    assert_eq!(out.status.code(), Some(0), "soft: not learned, not refused");
}

#[test]
fn a_responder_answering_for_another_issuer_is_not_believed() {
    let port = crate::common::free_port();
    let (ca, revoked, _) = lab("Real CA", port, "door");
    let other = OpensslCa::new("Other CA");
    let _responder =
        OcspResponder::start(&other, port, &other.path("ca.pem"), &other.path("ca.key"));
    let out = verify(&revoked, "door1.lab.example", &ca, "hard");
    assert_eq!(json_of(&out)["code"], "UnknownRevocationStatus");
    assert!(
        stderr(&out).contains("not issued by the certificate's CA"),
        "{}",
        stderr(&out)
    );
    let out = verify(&revoked, "door1.lab.example", &ca, "soft");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn an_unreachable_responder_fails_soft_open_and_hard_closed() {
    let port = crate::common::free_port();
    let (ca, _, valid) = lab("Silent CA", port, "vc");
    let out = verify(&valid, "vc2.lab.example", &ca, "soft");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cannot be reached"),
        "{}",
        stderr(&out)
    );
    let out = verify(&valid, "vc2.lab.example", &ca, "hard");
    assert_eq!(json_of(&out)["code"], "UnknownRevocationStatus");
}

/// The inventory's check asks the responder about what no CRL covers; the revoked one gets
/// the Revoked status with the responder as its source.
#[test]
fn the_inventory_check_asks_the_responder() {
    let port = crate::common::free_port();
    let (ca, revoked, valid) = lab("Inventory OCSP CA", port, "edge");
    let _responder = OcspResponder::start(&ca, port, &ca.path("ca.pem"), &ca.path("ca.key"));
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| crate::common::certdeck_in(data.path(), args);
    for file in [ca.path("ca.pem"), revoked, valid] {
        let out = run(&["import", &file.display().to_string()]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let out = run(&["revocation", "check", "--json"]);
    let summary = json_of(&out);
    assert_eq!(out.status.code(), Some(1), "{summary}");
    assert_eq!(summary["checked"], 2, "{summary}");
    let revoked = summary["revoked"].as_array().unwrap();
    assert_eq!(revoked.len(), 1, "{summary}");
    assert!(revoked[0]["subject"].as_str().unwrap().contains("edge1"));
    assert_eq!(
        revoked[0]["source"],
        format!("OCSP http://127.0.0.1:{port}/")
    );
    assert_eq!(revoked[0]["reason"], "KeyCompromise", "{summary}");
}

/// Answers made offline by `openssl ocsp -reqin … -respout …` to certdeck's own requests.
struct Offline {
    ca: OpensslCa,
    revoked: Certificate,
    valid: Certificate,
    issuer: Certificate,
}

impl Offline {
    fn new() -> Self {
        let (ca, revoked, valid) = lab("Offline CA", 9, "phone");
        let read = |p: &Path| {
            let pem = std::fs::read(p).unwrap();
            let block = certdeck::pki::pem::scan(&pem).remove(0);
            Certificate::from_der(block.body.as_ref().unwrap()).unwrap()
        };
        Self {
            revoked: read(&revoked),
            valid: read(&valid),
            issuer: read(&ca.path("ca.pem")),
            ca,
        }
    }

    /// `openssl ocsp`'s answer to `question`, signed by `signer` with `key`, with `extra` args.
    fn answer(&self, question: &Question, signer: &str, key: &str, extra: &[&str]) -> Vec<u8> {
        self.ca.ocsp_answer(
            &question.request_der().unwrap(),
            Path::new(signer),
            Path::new(key),
            extra,
        )
    }
}

#[test]
fn answers_are_judged_by_signer_certificate_nonce_and_dates() {
    let lab = Offline::new();
    let now = OffsetDateTime::now_utc();
    let ask = |cert: &Certificate, nonce: &[u8]| {
        Question::with_nonce(cert, &lab.issuer, Some(nonce.to_vec())).unwrap()
    };

    // Signed by the CA, nonce echoed: the revoked one is revoked, with when and why.
    let question = ask(&lab.revoked, b"nonce-one-0123456");
    let answer = question
        .judge(
            &lab.answer(&question, "ca.pem", "ca.key", &["-nmin", "60"]),
            now,
        )
        .unwrap();
    assert!(answer.nonce_echoed);
    assert_eq!(answer.signer, Signer::Issuer);
    let Status::Revoked { at, reason } = answer.status else {
        panic!("{:?}", answer.status)
    };
    assert!((now - at).whole_minutes() < 10, "revoked just now: {at}");
    assert_eq!(reason.as_deref(), Some("KeyCompromise"));

    // A delegated responder with OCSPSigning: good, and named.
    let responder = lab.ca.responder_certificate("ocsp.offline.example");
    let question = ask(&lab.valid, b"nonce-two-0123456");
    let answer = question
        .judge(
            &lab.answer(
                &question,
                &responder.display().to_string(),
                "ocsp.offline.example.key",
                &["-nmin", "60"],
            ),
            now,
        )
        .unwrap();
    assert_eq!(answer.status, Status::Good);
    assert!(matches!(answer.signer, Signer::Delegated(ref s) if s.contains("ocsp.offline")));

    // The same answer given to another question (another nonce): a replay, refused.
    let bytes = lab.answer(&question, "ca.pem", "ca.key", &["-nmin", "60"]);
    let other = ask(&lab.valid, b"nonce-three-01234");
    let refused = other.judge(&bytes, now).unwrap_err();
    assert!(refused.contains("nonce"), "{refused}");
    // An answer about the valid certificate offered for the revoked one.
    let about_revoked = ask(&lab.revoked, b"nonce-two-0123456");
    let refused = about_revoked.judge(&bytes, now).unwrap_err();
    assert!(refused.contains("another certificate"), "{refused}");
    // Out of date once its nextUpdate (an hour away) has passed.
    let later = now + time::Duration::hours(2);
    let refused = question.judge(&bytes, later).unwrap_err();
    assert!(refused.contains("out of date"), "{refused}");

    // Damaged: every truncation, and a flipped bit in the signed part, refused with a reason.
    for cut in [0, 1, 10, bytes.len() / 2, bytes.len() - 1] {
        let refused = question.judge(&bytes[..cut], now).unwrap_err();
        assert!(!refused.is_empty());
    }
    // A changed signed byte (the nonce, asked for as changed): the signature no longer holds.
    let at = bytes
        .windows(9)
        .position(|w| w == b"nonce-two")
        .expect("the nonce is in the answer");
    let mut changed = bytes.clone();
    changed[at + 6..at + 9].copy_from_slice(b"TWO");
    let refused = ask(&lab.valid, b"nonce-TWO-0123456")
        .judge(&changed, now)
        .unwrap_err();
    assert!(refused.contains("signature does not verify"), "{refused}");
    // Every single byte changed in turn: an answer or a reason, never a panic.
    for position in 0..bytes.len() {
        let mut damaged = bytes.clone();
        damaged[position] ^= 0xa5;
        let _ = question.judge(&damaged, now);
    }
    // A refusal by the responder is named.
    let tbs = b"\x30\x03\x0a\x01\x03"; // OCSPResponse { responseStatus tryLater }
    let refused = question.judge(tbs, now).unwrap_err();
    assert!(refused.contains("tryLater"), "{refused}");
}

/// nginx on loopback stapling an OCSP response made by `openssl ocsp` for `cert`
/// (`ssl_stapling_file`), or none.
fn stapling_nginx(
    ca: &OpensslCa,
    cert: &Path,
    staple: bool,
) -> (crate::common::nginx::Nginx, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    let key = cert.with_extension("key");
    let stapling = if staple {
        ca.openssl(&[
            "ocsp",
            "-issuer",
            "ca.pem",
            "-cert",
            &cert.display().to_string(),
            "-no_nonce",
            "-reqout",
            "staple-req.der",
        ]);
        let request = std::fs::read(ca.path("staple-req.der")).unwrap();
        let answer = ca.ocsp_answer(
            &request,
            Path::new("ca.pem"),
            Path::new("ca.key"),
            &["-nmin", "60"],
        );
        std::fs::write(ca.path("staple.der"), answer).unwrap();
        format!(
            "    ssl_stapling on;\n    ssl_stapling_file {};\n    ssl_trusted_certificate {};",
            ca.path("staple.der").display(),
            ca.path("ca.pem").display()
        )
    } else {
        String::new()
    };
    let server = crate::common::nginx::Nginx::start(&d, |port| {
        format!(
            "    listen 127.0.0.1:{port} ssl;\n    ssl_certificate {};\n    ssl_certificate_key {};\n{stapling}",
            cert.display(),
            key.display()
        )
    });
    (server, dir)
}

fn probe(port: u16, sni: &str, ca: &OpensslCa) -> serde_json::Value {
    let data = tempfile::tempdir().unwrap();
    let out = crate::common::certdeck_in(
        data.path(),
        &[
            "probe",
            &format!("127.0.0.1:{port}"),
            "--sni",
            sni,
            "--trust",
            &ca.path("ca.pem").display().to_string(),
            "--no-system-roots",
            "--json",
        ],
    );
    json_of(&out)[0].clone()
}

#[test]
fn probe_shows_the_stapled_ocsp_response() {
    let (ca, revoked, valid) = lab("Stapling CA", 9, "web");

    let (server, _dir) = stapling_nginx(&ca, &valid, true);
    let report = probe(server.port, "web2.lab.example", &ca);
    assert_eq!(report["trusted"], true, "{report}");
    assert_eq!(report["stapled_ocsp"]["status"], "good", "{report}");
    assert_eq!(report["stapled_ocsp"]["signed_by"], "the issuing CA");
    assert!(
        report["stapled_ocsp"]["next_update"].is_string(),
        "{report}"
    );
    drop(server);

    let (server, _dir) = stapling_nginx(&ca, &revoked, true);
    let report = probe(server.port, "web1.lab.example", &ca);
    assert_eq!(report["stapled_ocsp"]["status"], "revoked", "{report}");
    assert_eq!(report["stapled_ocsp"]["reason"], "KeyCompromise");
    assert_eq!(report["trusted"], false, "{report}");
    assert_eq!(report["code"], "CertRevoked");
    drop(server);

    let (server, _dir) = stapling_nginx(&ca, &valid, false);
    let report = probe(server.port, "web2.lab.example", &ca);
    assert!(report["stapled_ocsp"].is_null(), "{report}");
    assert_eq!(report["trusted"], true);
}
