//! Real STARTTLS servers for the discovery tests, each from its Debian package and started on a
//! free loopback port with a generated certificate: Dovecot (IMAP and POP3), Exim (SMTP),
//! OpenLDAP's slapd (LDAP) and Prosody (XMPP). Each is stopped when dropped.
//! `.ci/run` installs the packages; their system services are not used.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::net::{free_port, wait_until_listening};

/// A server process, stopped (TERM, then KILL) when dropped.
pub struct Daemon {
    child: Child,
    pub ports: Vec<u16>,
    pub name: &'static str,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `program` and waits until it listens on every one of `ports`.
pub fn spawn_daemon(
    name: &'static str,
    program: &str,
    args: &[&str],
    ports: Vec<u16>,
    log: &Path,
) -> Daemon {
    let log = std::fs::File::create(log).expect("log file");
    let child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("log"))
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("{program} starts (is its Debian package installed?): {e}"));
    let daemon = Daemon {
        child,
        ports: ports.clone(),
        name,
    };
    for port in ports {
        wait_until_listening(port, name);
    }
    daemon
}

/// Writes `cert.pem` (the chain, leaf first) and `key.pem` into `dir`.
pub fn write_identity(dir: &Path, chain_pem: &str, key_pem: &str) -> (PathBuf, PathBuf) {
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert, chain_pem).unwrap();
    std::fs::write(&key, key_pem).unwrap();
    (cert, key)
}

/// Dovecot with IMAP and POP3 (STARTTLS on both); ports: IMAP, POP3.
pub fn dovecot(dir: &Path, chain_pem: &str, key_pem: &str) -> Daemon {
    let (cert, key) = write_identity(dir, chain_pem, key_pem);
    let (imap, pop3) = (free_port(), free_port());
    for sub in ["run", "state", "home"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let d = dir.display();
    let config = format!(
        "base_dir = {d}/run\nstate_dir = {d}/state\nlog_path = {d}/dovecot.log\n\
         protocols = imap pop3\nlisten = 127.0.0.1\nssl = yes\n\
         ssl_cert = <{cert}\nssl_key = <{key}\n\
         service imap-login {{\n inet_listener imap {{\n  port = {imap}\n }}\n inet_listener imaps {{\n  port = 0\n }}\n}}\n\
         service pop3-login {{\n inet_listener pop3 {{\n  port = {pop3}\n }}\n inet_listener pop3s {{\n  port = 0\n }}\n}}\n\
         passdb {{\n driver = static\n args = nopassword=y\n}}\n\
         userdb {{\n driver = static\n args = uid=nobody gid=nogroup home={d}/home\n}}\n",
        cert = cert.display(),
        key = key.display(),
    );
    let file = dir.join("dovecot.conf");
    std::fs::write(&file, config).unwrap();
    spawn_daemon(
        "dovecot",
        "dovecot",
        &["-F", "-c", &file.display().to_string()],
        vec![imap, pop3],
        &dir.join("dovecot.out"),
    )
}

/// Exim as an SMTP server offering STARTTLS; port: SMTP.
pub fn exim(dir: &Path, chain_pem: &str, key_pem: &str) -> Daemon {
    let (cert, key) = write_identity(dir, chain_pem, key_pem);
    let port = free_port();
    std::fs::create_dir_all(dir.join("spool")).unwrap();
    let d = dir.display();
    let config = format!(
        "primary_hostname = mail.test\ndaemon_smtp_ports = {port}\nlocal_interfaces = 127.0.0.1\n\
         tls_advertise_hosts = *\ntls_certificate = {cert}\ntls_privatekey = {key}\n\
         spool_directory = {d}/spool\nlog_file_path = {d}/%slog\npid_file_path = {d}/exim.pid\n\
         exim_user = root\nexim_group = root\nnever_users =\n\
         begin acl\nbegin routers\nbegin transports\n",
        cert = cert.display(),
        key = key.display(),
    );
    let file = dir.join("exim.conf");
    std::fs::write(&file, config).unwrap();
    spawn_daemon(
        "exim",
        "exim4",
        &[
            "-bdf",
            "-oX",
            &port.to_string(),
            "-C",
            &file.display().to_string(),
        ],
        vec![port],
        &dir.join("exim.out"),
    )
}

/// OpenLDAP's slapd with StartTLS (no database: the extended operation is all a scan needs);
/// port: LDAP.
pub fn slapd(dir: &Path, chain_pem: &str, key_pem: &str) -> Daemon {
    let (cert, key) = write_identity(dir, chain_pem, key_pem);
    let port = free_port();
    let config = format!(
        "pidfile {}/slapd.pid\nTLSCertificateFile {}\nTLSCertificateKeyFile {}\n",
        dir.display(),
        cert.display(),
        key.display()
    );
    let file = dir.join("slapd.conf");
    std::fs::write(&file, config).unwrap();
    spawn_daemon(
        "slapd",
        "slapd",
        &[
            "-h",
            &format!("ldap://127.0.0.1:{port}/"),
            "-f",
            &file.display().to_string(),
            "-d",
            "0",
        ],
        vec![port],
        &dir.join("slapd.out"),
    )
}

/// Prosody serving the XMPP domain `domain` with STARTTLS on its client port; port: c2s.
pub fn prosody(dir: &Path, domain: &str, chain_pem: &str, key_pem: &str) -> Daemon {
    let (cert, key) = write_identity(dir, chain_pem, key_pem);
    let port = free_port();
    std::fs::create_dir_all(dir.join("data")).unwrap();
    let d = dir.display();
    let config = format!(
        "run_as_root = true\ndaemonize = false\npidfile = \"{d}/prosody.pid\"\n\
         data_path = \"{d}/data\"\ncertificates = \"{d}\"\n\
         log = {{ info = \"{d}/prosody.log\"; error = \"{d}/prosody.err\" }}\n\
         interfaces = {{ \"127.0.0.1\" }}\nc2s_ports = {{ {port} }}\ns2s_ports = {{ }}\n\
         c2s_direct_tls_ports = {{ }}\ns2s_direct_tls_ports = {{ }}\n\
         modules_enabled = {{ \"tls\"; \"saslauth\"; \"disco\" }}\n\
         ssl = {{ certificate = \"{cert}\"; key = \"{key}\" }}\n\
         VirtualHost \"{domain}\"\n",
        cert = cert.display(),
        key = key.display(),
    );
    let file = dir.join("prosody.cfg.lua");
    std::fs::write(&file, config).unwrap();
    spawn_daemon(
        "prosody",
        "prosody",
        &["--config", &file.display().to_string()],
        vec![port],
        &dir.join("prosody.out"),
    )
}
