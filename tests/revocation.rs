//! `certdeck verify --crl`: CRLs made by a CA that `openssl ca` runs (the way many labs and
//! appliances' own CAs publish them), a revoked certificate refused, a valid one trusted, a CRL
//! of another CA not applied, and a damaged CRL file refused with its name and reason.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::json_of;

/// A CA run by `openssl ca` in a temporary folder.
struct OpensslCa {
    dir: tempfile::TempDir,
}

impl OpensslCa {
    fn new(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("issued")).unwrap();
        std::fs::write(d.join("index.txt"), "").unwrap();
        std::fs::write(d.join("serial"), "1000\n").unwrap();
        std::fs::write(d.join("crlnumber"), "01\n").unwrap();
        std::fs::write(
            d.join("ca.cnf"),
            format!(
                "[ca]\ndefault_ca = lab\n[lab]\ndir = {d}\ndatabase = $dir/index.txt\nserial = $dir/serial\n\
                 crlnumber = $dir/crlnumber\nnew_certs_dir = $dir/issued\ncertificate = $dir/ca.pem\n\
                 private_key = $dir/ca.key\ndefault_md = sha256\ndefault_days = 365\ndefault_crl_days = 30\n\
                 policy = any\ncopy_extensions = copy\nunique_subject = no\n\
                 [any]\ncommonName = supplied\n\
                 [leaf]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature,keyEncipherment\n\
                 extendedKeyUsage = serverAuth\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n\
                 crlDistributionPoints = URI:http://127.0.0.1/lab.crl\n\
                 [crl]\nauthorityKeyIdentifier = keyid\n\
                 [req]\ndistinguished_name = dn\n[dn]\n\
                 [ca_ext]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n\
                 subjectKeyIdentifier = hash\n",
                d = d.display()
            ),
        )
        .unwrap();
        let ca = Self { dir };
        ca.openssl(&[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "3650",
            "-subj",
            &format!("/CN={name}"),
            "-config",
            "ca.cnf",
            "-extensions",
            "ca_ext",
        ]);
        ca
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn openssl(&self, args: &[&str]) {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("openssl");
        assert!(
            out.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A server certificate for `host`, issued by `openssl ca`.
    fn issue(&self, host: &str) -> PathBuf {
        let (key, csr, cert) = (
            format!("{host}.key"),
            format!("{host}.csr"),
            format!("{host}.pem"),
        );
        self.openssl(&[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &key,
            "-out",
            &csr,
            "-subj",
            &format!("/CN={host}"),
            "-addext",
            &format!("subjectAltName=DNS:{host}"),
            "-config",
            "ca.cnf",
        ]);
        self.openssl(&[
            "ca",
            "-batch",
            "-config",
            "ca.cnf",
            "-extensions",
            "leaf",
            "-in",
            &csr,
            "-out",
            &cert,
            "-notext",
        ]);
        self.path(&cert)
    }

    fn revoke(&self, cert: &Path) {
        let cert = cert.display().to_string();
        self.openssl(&[
            "ca",
            "-config",
            "ca.cnf",
            "-revoke",
            &cert,
            "-crl_reason",
            "keyCompromise",
        ]);
    }

    fn crl(&self) -> PathBuf {
        self.openssl(&[
            "ca", "-config", "ca.cnf", "-gencrl", "-crlexts", "crl", "-out", "lab.crl",
        ]);
        self.path("lab.crl")
    }
}

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
