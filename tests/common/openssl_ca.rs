//! A CA run by `openssl ca` in a temporary folder, the way many labs and appliances' own CAs
//! issue, revoke and publish (CRLs with `openssl ca -gencrl`, OCSP with `openssl ocsp`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// A CA run by `openssl ca` in a temporary folder.
pub struct OpensslCa {
    dir: tempfile::TempDir,
}

impl OpensslCa {
    pub fn new(name: &str) -> Self {
        Self::with_distribution_point(name, "http://127.0.0.1/lab.crl")
    }

    /// A CA whose certificates name `crl_url` as their CRL distribution point.
    pub fn with_distribution_point(name: &str, crl_url: &str) -> Self {
        Self::with_access(name, &format!("crlDistributionPoints = URI:{crl_url}"))
    }

    /// A CA whose certificates name `ocsp_url` as their OCSP responder (and no CRL).
    pub fn with_responder(name: &str, ocsp_url: &str) -> Self {
        Self::with_access(name, &format!("authorityInfoAccess = OCSP;URI:{ocsp_url}"))
    }

    /// A CA whose certificates carry `access` (an extension line of `openssl ca`'s config).
    fn with_access(name: &str, access: &str) -> Self {
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
                 {access}\n\
                 [crl]\nauthorityKeyIdentifier = keyid\n\
                 [req]\ndistinguished_name = dn\n[dn]\n\
                 [ca_ext]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n\
                 subjectKeyIdentifier = hash\n\
                 [responder]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\n\
                 extendedKeyUsage = OCSPSigning\nsubjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid\n",
                d = d.display(),
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

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn openssl(&self, args: &[&str]) {
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
    pub fn issue(&self, host: &str) -> PathBuf {
        self.issue_as(host, "leaf")
    }

    /// A certificate for a delegated OCSP responder (extended key usage OCSPSigning).
    pub fn responder_certificate(&self, name: &str) -> PathBuf {
        self.issue_as(name, "responder")
    }

    /// A certificate named `host` with the extensions of config section `section`.
    pub fn issue_as(&self, host: &str, section: &str) -> PathBuf {
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
            section,
            "-in",
            &csr,
            "-out",
            &cert,
            "-notext",
        ]);
        self.path(&cert)
    }

    /// `openssl ocsp`'s answer (DER) to `request` from this CA's index, signed by `signer` with
    /// `key` (paths relative to the CA's folder or absolute), with `extra` arguments.
    pub fn ocsp_answer(
        &self,
        request: &[u8],
        signer: &Path,
        key: &Path,
        extra: &[&str],
    ) -> Vec<u8> {
        ocsp_answer_in(self.dir.path(), request, signer, key, extra, "answer")
    }

    pub fn revoke(&self, cert: &Path) {
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

    pub fn crl(&self) -> PathBuf {
        self.openssl(&[
            "ca", "-config", "ca.cnf", "-gencrl", "-crlexts", "crl", "-out", "lab.crl",
        ]);
        self.path("lab.crl")
    }
}

/// `openssl ocsp` answering on a loopback port from a CA's index, signing with `signer` (the
/// CA's certificate and key, or a delegated responder's); stopped when dropped.
///
/// OpenSSL 3.0's `ocsp -port` takes only a port and listens on every interface, and tests
/// touch loopback only: so a listener on 127.0.0.1 hands each POSTed request to `openssl ocsp
/// -reqin … -respout …` (the same responder, one request per run) and returns its answer.
pub struct OcspResponder {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    port: u16,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl OcspResponder {
    /// Answers for `ca` on `port`, signed by the certificate `signer` (PEM) and key `key`.
    pub fn start(ca: &OpensslCa, port: u16, signer: &Path, key: &Path) -> Self {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (dir, signer, key) = (ca.path(""), signer.to_path_buf(), key.to_path_buf());
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || {
            for (n, stream) in listener.incoming().enumerate() {
                if stopped.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    answer_one(stream, &dir, &signer, &key, n);
                }
            }
        });
        Self {
            stop,
            port,
            thread: Some(thread),
        }
    }
}

/// Reads one HTTP POST of an OCSP request, answers it with `openssl ocsp`.
fn answer_one(mut stream: std::net::TcpStream, dir: &Path, signer: &Path, key: &Path, n: usize) {
    use std::io::{Read, Write};
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    let body_at = loop {
        let Ok(read) = stream.read(&mut buf) else {
            return;
        };
        if read == 0 {
            return;
        }
        request.extend_from_slice(&buf[..read]);
        if let Some(at) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&request[..body_at]).to_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    while request.len() < body_at + length {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(read) => request.extend_from_slice(&buf[..read]),
        }
    }
    let body = ocsp_answer_in(
        dir,
        &request[body_at..],
        signer,
        key,
        &["-nmin", "60"],
        &n.to_string(),
    );
    let _ = stream.write_all(
        format!(
            "HTTP/1.0 200 OK\r\nContent-Type: application/ocsp-response\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    );
    let _ = stream.write_all(&body);
}

/// `openssl ocsp`'s answer (DER) to `request` from the index of the CA in `dir`, signed by
/// `signer` with `key` (paths, relative to `dir` or absolute), with `extra` arguments; its files
/// are named after `tag`.
fn ocsp_answer_in(
    dir: &Path,
    request: &[u8],
    signer: &Path,
    key: &Path,
    extra: &[&str],
    tag: &str,
) -> Vec<u8> {
    let (req, resp) = (
        dir.join(format!("req-{tag}.der")),
        dir.join(format!("resp-{tag}.der")),
    );
    std::fs::write(&req, request).unwrap();
    let out = Command::new("openssl")
        .args(["ocsp", "-index", "index.txt", "-CA", "ca.pem"])
        .arg("-rsigner")
        .arg(signer)
        .arg("-rkey")
        .arg(key)
        .arg("-reqin")
        .arg(&req)
        .arg("-respout")
        .arg(&resp)
        .args(extra)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "openssl ocsp: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&resp).unwrap()
}

impl Drop for OcspResponder {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        // Wakes the accept loop so that it sees the flag.
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
