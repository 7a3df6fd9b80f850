//! OpenSSH `sshd` on a free loopback port with generated host and client keys, for the SSH
//! driver's tests and the network benchmark (needs `openssh-server`, and root to run sshd with
//! its own configuration). Stopped when dropped.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use certdeck::push::ssh::SshCredentials;
use zeroize::Zeroizing;

use super::net::{free_port, wait_until_listening};

pub struct Sshd {
    child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn keygen(path: &Path) {
    let status = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-f",
            &path.display().to_string(),
        ])
        .status()
        .expect("ssh-keygen runs");
    assert!(status.success());
}

impl Sshd {
    /// Whether sshd is installed (tests require it; the benchmark skips without it).
    pub fn available() -> bool {
        Path::new("/usr/sbin/sshd").exists()
    }

    /// Starts sshd; `passwords` allows password logins, `extra` adds configuration lines (the
    /// benchmark raises MaxStartups and MaxSessions for 50 nodes at once).
    pub fn start(passwords: bool, extra: &str) -> Self {
        assert!(Self::available(), "install openssh-server (see .ci/run)");
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        keygen(&d.join("host_key"));
        keygen(&d.join("client_key"));
        std::fs::copy(d.join("client_key.pub"), d.join("authorized_keys")).unwrap();
        let port = free_port();
        let config = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host_key\nAuthorizedKeysFile {d}/authorized_keys\n\
             PidFile {d}/sshd.pid\nStrictModes no\nUsePAM no\nPermitRootLogin prohibit-password\n\
             PasswordAuthentication {}\nKbdInteractiveAuthentication no\nSubsystem sftp internal-sftp\nLogLevel VERBOSE\n{extra}",
            if passwords { "yes" } else { "no" },
            d = d.display()
        );
        std::fs::write(d.join("sshd_config"), config).unwrap();
        let _ = std::fs::create_dir_all("/run/sshd");
        let child = Command::new("/usr/sbin/sshd")
            .args([
                "-D",
                "-E",
                &d.join("sshd.log").display().to_string(),
                "-f",
                &d.join("sshd_config").display().to_string(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sshd starts (run as root)");
        wait_until_listening(port, "sshd");
        Self { child, port, dir }
    }

    /// The host key's SHA-256 fingerprint, as the driver pins it.
    pub fn fingerprint(&self) -> String {
        let out = Command::new("ssh-keygen")
            .args([
                "-l",
                "-E",
                "sha256",
                "-f",
                &self.dir.path().join("host_key.pub").display().to_string(),
            ])
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .split_whitespace()
            .nth(1)
            .unwrap()
            .to_string()
    }

    /// The client key sshd accepts.
    pub fn credentials(&self) -> SshCredentials {
        SshCredentials {
            password: None,
            private_key: Some(Zeroizing::new(
                std::fs::read_to_string(self.dir.path().join("client_key")).unwrap(),
            )),
        }
    }

    /// What sshd logged (VERBOSE: every login attempt).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("sshd.log")).unwrap_or_default()
    }

    /// A folder for the remote files, inside the test's own folder.
    pub fn remote(&self, name: &str) -> PathBuf {
        self.dir.path().join("remote").join(name)
    }
}

/// The user the tests run as (sshd logs in as the same user).
pub fn whoami() -> String {
    String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout)
        .unwrap()
        .trim()
        .to_string()
}
