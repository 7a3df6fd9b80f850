//! A private PostgreSQL server for the team tests: Debian's `postgresql` binaries, `initdb` in a
//! temporary folder — as the `postgres` system user when the tests run as root (PostgreSQL
//! refuses to run as root), else as the user running them — listening on a free loopback port
//! and on a socket in that folder; stopped and removed when dropped.
//! Local connections are trusted (`--auth=trust`), so a test logs in as any member's role by
//! naming it, and the roles and row-level security the team schema sets up are what decide.
//! The server speaks TLS with a certificate for 127.0.0.1 from a CA made here (rcgen); certdeck
//! connects with `sslmode=verify-full` and that CA as `sslrootcert` ([`Postgres::url`]). Raw
//! connections that play an attacker's psql use [`Postgres::raw_url`] (no TLS, which the server
//! also accepts on loopback).

use std::path::{Path, PathBuf};
use std::process::Command;

use certdeck::team::{Role, Team, audit};

use super::net::free_port;

pub struct Postgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    pub port: u16,
}

/// The owner role `initdb` creates (a superuser, as a database administrator would be).
pub const OWNER: &str = "dba";

impl Postgres {
    /// The server's binaries (`/usr/lib/postgresql/<version>/bin`).
    fn bin() -> PathBuf {
        let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .map(|entry| entry.path().join("bin"))
            .filter(|bin| bin.join("initdb").exists())
            .collect();
        found.sort();
        found
            .pop()
            .expect("PostgreSQL is not installed: apt-get install postgresql")
    }

    /// `program` of the server's binaries, as the user the server runs as.
    fn command(&self, program: &str) -> Command {
        if running_as_root() {
            let mut command = Command::new("runuser");
            command
                .args(["-u", "postgres", "--"])
                .arg(self.bin.join(program));
            command
        } else {
            Command::new(self.bin.join(program))
        }
    }

    fn as_postgres(&self, program: &str, args: &[&str]) {
        let output = self
            .command(program)
            .args(args)
            .output()
            .expect("the PostgreSQL binaries run");
        assert!(
            output.status.success(),
            "{program} {args:?}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// A server for tests: no fsync (nothing here must survive a power cut).
    pub fn start() -> Self {
        Self::start_with("-c fsync=off", true)
    }

    /// A server that writes as a production one does (fsync on), for benchmarks.
    pub fn start_durable() -> Self {
        Self::start_with("", true)
    }

    /// A server without TLS (`ssl=off`): what a downgrade looks like to a client.
    pub fn start_plain() -> Self {
        Self::start_with("-c fsync=off", false)
    }

    fn start_with(settings: &str, tls: bool) -> Self {
        let bin = Self::bin();
        let dir = tempfile::Builder::new()
            .prefix("certdeck-pg")
            .tempdir()
            .unwrap();
        if running_as_root() {
            let status = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(dir.path())
                .status()
                .unwrap();
            assert!(status.success());
        }
        let server = Postgres {
            dir,
            bin,
            port: free_port(),
        };
        let data = server.data();
        server.as_postgres(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                OWNER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        let tls_settings = if tls {
            server.write_tls_files();
            format!(
                "-c ssl=on -c ssl_cert_file={data}/server.crt -c ssl_key_file={data}/server.key"
            )
        } else {
            "-c ssl=off".to_string()
        };
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 {tls_settings} {settings}",
            server.port,
            server.dir.path().display()
        );
        let log = server.dir.path().join("server.log");
        server.as_postgres(
            "pg_ctl",
            &[
                "-D",
                &data,
                "-o",
                &options,
                "-l",
                &log.to_string_lossy(),
                "-w",
                "start",
            ],
        );
        server
    }

    /// A CA (`root.crt` in the server's folder) and the server's certificate for 127.0.0.1
    /// with its key, in the data folder, owned by the server's user with mode 0600.
    fn write_tls_files(&self) {
        let ca = super::root("certdeck test PostgreSQL CA");
        let mut params = super::leaf_params(
            Some("127.0.0.1"),
            &[],
            super::ymd(2020, 1, 1),
            super::ymd(2039, 1, 1),
        );
        params.subject_alt_names = vec![rcgen::SanType::IpAddress(std::net::IpAddr::from([
            127, 0, 0, 1,
        ]))];
        let (der, key) = super::issue(&params, &ca);
        let pem = super::pem;
        std::fs::write(self.root_file(), pem("CERTIFICATE", &ca.der)).unwrap();
        let data = PathBuf::from(self.data());
        let files = [
            (data.join("server.crt"), pem("CERTIFICATE", &der)),
            (data.join("server.key"), key.serialize_pem()),
        ];
        for (path, text) in files {
            std::fs::write(&path, text).unwrap();
            let status = Command::new("chmod")
                .arg("600")
                .arg(&path)
                .status()
                .unwrap();
            assert!(status.success());
            if running_as_root() {
                let status = Command::new("chown")
                    .arg("postgres:postgres")
                    .arg(&path)
                    .status()
                    .unwrap();
                assert!(status.success());
            }
        }
    }

    /// The CA the server's certificate chains to (certdeck's `sslrootcert`).
    pub fn root_file(&self) -> PathBuf {
        self.dir.path().join("root.crt")
    }

    fn data(&self) -> String {
        self.dir.path().join("data").to_string_lossy().into_owned()
    }

    /// The address of database `postgres` for login role `user`, as certdeck is given it:
    /// TLS, the server's certificate checked against the test CA and its name.
    pub fn url(&self, user: &str) -> String {
        self.url_of(user, "postgres")
    }

    /// The address of `database` for login role `user` (as [`Postgres::url`]).
    pub fn url_of(&self, user: &str, database: &str) -> String {
        format!(
            "postgres://{user}@127.0.0.1:{}/{database}?sslmode=verify-full&sslrootcert={}",
            self.port,
            self.root_file().display()
        )
    }

    /// A plain-text address for `tokio_postgres::connect(…, NoTls)`: the tests' own raw
    /// connections (a member's psql, an attacker's), never certdeck's.
    pub fn raw_url(&self, user: &str) -> String {
        format!(
            "postgres://{user}@127.0.0.1:{}/postgres?sslmode=disable",
            self.port
        )
    }

    /// [`Postgres::raw_url`] for `database`.
    pub fn raw_url_of(&self, user: &str, database: &str) -> String {
        format!(
            "postgres://{user}@127.0.0.1:{}/{database}?sslmode=disable",
            self.port
        )
    }

    /// One server for the whole test binary, stopped and removed by a watchdog process when the
    /// binary exits (a static is never dropped).
    pub fn shared() -> &'static Postgres {
        static SHARED: std::sync::OnceLock<Postgres> = std::sync::OnceLock::new();
        SHARED.get_or_init(|| {
            let server = Postgres::start();
            let stop = format!(
                "{} {}/pg_ctl -D {} -m immediate -w stop",
                if running_as_root() { "runuser -u postgres --" } else { "" },
                server.bin.display(),
                server.data()
            );
            let watchdog = format!(
                "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf {dir}",
                pid = std::process::id(),
                dir = server.dir.path().display()
            );
            // Not waited for: it outlives this process, which is the point.
            #[allow(clippy::zombie_processes)]
            Command::new("sh")
                .args(["-c", &watchdog])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("sh runs");
            server
        })
    }

    /// The server's folder (socket, log).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

/// Whether the tests run as root (then the server runs as `postgres`).
fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self
            .command("pg_ctl")
            .args(["-D", &data, "-m", "immediate", "-w", "stop"])
            .output();
    }
}

/// A server with a team created by its DBA; the DBA's identity.
pub async fn team(server: &Postgres) -> (Team, age::x25519::Identity) {
    let identity = age::x25519::Identity::generate();
    let mut team = Team::connect(&server.url(OWNER)).await.unwrap();
    team.init(&identity.to_public().to_string(), Some(&identity))
        .await
        .unwrap();
    (team, identity)
}

/// Adds each of `names` with `role` (and an identity of their own, not kept: these members
/// never open the team key).
pub async fn add(admin: &mut Team, identity: &age::x25519::Identity, names: &[&str], role: Role) {
    for name in names {
        let theirs = age::x25519::Identity::generate();
        admin
            .add_member(name, role, &theirs.to_public().to_string(), identity)
            .await
            .unwrap();
    }
}

/// The newest row of the audit log as (who, action, object, result).
pub fn newest(entries: &[audit::Entry]) -> (&str, &str, &str, &str) {
    let last = entries.last().expect("the log has rows");
    (&last.who, &last.action, &last.object, &last.result)
}

/// A certdeck address (TLS, verified) as a plain-text one for the tests' raw connections.
pub fn raw(url: &str) -> String {
    let base = url.split('?').next().unwrap_or(url);
    format!("{base}?sslmode=disable")
}
