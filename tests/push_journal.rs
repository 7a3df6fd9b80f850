//! The push journal with the folder driver: a failure injected at every step leaves the folder
//! byte for byte as it was; a push killed with SIGKILL is found by the next command and rolled
//! back (or completed) by `certdeck push --resume`; many pushes with random failures and random
//! deaths never leave a live file with anything but its old or its new content; the key file is
//! never seen with a mode other than 0600.

use crate::common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::engines::Engine;
use crate::on_both_engines;
use certdeck::push::files::{self, FileChange, FilePlan, Remote};
use certdeck::push::folder::{FolderRemote, FolderSettings};
use certdeck::push::journal::{Context, Journal};
use certdeck::push::{Driver, PushError, PushResult};
use common::pushing::{bundle, closed_endpoint, inventory, job, push_one, quick, snapshot};
use common::*;
use zeroize::Zeroizing;

on_both_engines!(
    a_push_killed_mid_way_is_found_by_the_next_command_and_rolled_back,
    a_push_killed_mid_way_can_be_completed_instead,
    a_node_named_twice_is_pushed_once,
);

fn folder_driver(path: &Path, reload: Option<&str>) -> Driver {
    Driver::folder(FolderSettings {
        path: path.to_path_buf(),
        reload: reload.map(str::to_string),
        only_commands: None,
    })
}

/// A kit folder as a node has it, with an unrelated file and a leftover of an older tool.
fn live_kit(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("certificate.pem"), "OLD CERT\n").unwrap();
    std::fs::write(dir.join("certificate-key.pem"), "OLD KEY\n").unwrap();
    std::fs::write(dir.join("trusted-ca.pem"), "OLD CAS\n").unwrap();
    std::fs::write(dir.join("certificate-key.pem.certdeck-previous"), "STALE\n").unwrap();
    std::fs::write(dir.join("service.conf"), "tls on\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            dir.join("certificate-key.pem"),
            std::fs::Permissions::from_mode(0o600),
        )
        .unwrap();
    }
}

/// Makes the write of `name` fail: its temporary name is taken by a folder with a file in it.
fn block(dir: &Path, name: &str) {
    let blocker = dir.join(format!("{name}.certdeck-new"));
    std::fs::create_dir_all(&blocker).unwrap();
    std::fs::write(blocker.join("in-the-way"), "x").unwrap();
}

#[test]
fn a_failure_at_any_step_leaves_the_folder_byte_for_byte_as_it_was() {
    let cases = [
        ("first", Some("certificate.pem"), "true", false),
        ("middle", Some("certificate-key.pem"), "true", false),
        ("last", Some("certdeck-options.txt"), "true", false),
        ("reload", None, "echo cannot reload >&2; exit 4", false),
        ("verification", None, "true", true),
    ];
    for (position, blocked, reload, verify) in cases {
        let root = tempfile::tempdir().unwrap();
        let kit = root.path().join("kit");
        live_kit(&kit);
        if let Some(name) = blocked {
            block(&kit, name);
        }
        let before = snapshot(&kit);
        let endpoints = if verify {
            vec![closed_endpoint()]
        } else {
            Vec::new()
        };
        let outcome = push_one(
            root.path(),
            job(
                "node1",
                folder_driver(&kit, Some(reload)),
                bundle("NEW"),
                endpoints,
            ),
            quick(),
        );
        assert!(
            matches!(outcome.result, PushResult::Failed | PushResult::RolledBack),
            "{position}: {outcome:?}"
        );
        assert!(
            outcome.detail.contains("rolled back"),
            "{position}: {}",
            outcome.detail
        );
        assert_eq!(snapshot(&kit), before, "{position}: {}", outcome.detail);
    }
}

#[test]
fn a_full_disk_at_any_step_leaves_the_folder_as_it_was() {
    use common::pushing::SmallDisk;
    // Each file is 5 KiB (two pages); the push needs a copy and a new file per existing file.
    let big = |tag: &str| {
        let mut bundle = bundle(tag);
        bundle.certificate_pem = format!("{tag} {}\n", "C".repeat(5000));
        bundle.key_pem = Some(Zeroizing::new(format!("{tag} {}\n", "K".repeat(5000))));
        bundle.trusted_cas_pem = format!("{tag} {}\n", "A".repeat(5000));
        bundle
    };
    let mut failures = 0;
    for free_pages in [0, 1, 2, 3, 5, 7, 9, 11] {
        let root = tempfile::tempdir().unwrap();
        let kit = root.path().join("kit");
        let disk = SmallDisk::mount(&kit, 256 * 1024);
        live_kit(&kit);
        disk.fill_leaving(free_pages);
        let before = snapshot(&kit);
        let outcome = push_one(
            root.path(),
            job(
                "node1",
                folder_driver(&kit, Some("true")),
                big("NEW"),
                Vec::new(),
            ),
            quick(),
        );
        if outcome.result == PushResult::Failed {
            failures += 1;
            assert!(
                outcome.detail.contains("No space left") || outcome.detail.contains("os error 28"),
                "{free_pages} pages free: {}",
                outcome.detail
            );
            assert_eq!(
                snapshot(&kit),
                before,
                "{free_pages} pages free: {}",
                outcome.detail
            );
        }
        drop(disk);
    }
    assert!(failures >= 4, "the disk ran full in {failures} pushes only");
}

/// A `certdeck` run on the inventory in `data` (see common::certdeck_in), not waited for.
fn spawn_certdeck(data: &Path, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_certdeck"))
        .args(args)
        .env("CERTDECK_DATA_DIR", data)
        .env("CERTDECK_VAULT_PASSPHRASE", "vault passphrase")
        .env("CERTDECK_KEYCHAIN", "none")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// An inventory with node `node1` holding the fixtures' server certificate, pushed through the
/// folder driver into `kit` with `reload`.
fn inventory_with_node(data: &Path, kit: &Path, reload: &str) {
    let run = |args: &[&str]| {
        let output = certdeck_in(data, args);
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    };
    let imported = json_of(&run(&[
        "import",
        &fixture("keycert-with-dh.pem").display().to_string(),
        "--json",
    ]));
    let leaf = imported["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "certificate")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    run(&["node", "add", "node1", "--fqdn", "conf1.example.com"]);
    run(&["node", "assign", "node1", &leaf]);
    let kit = kit.display().to_string();
    run(&[
        "node",
        "configure",
        "node1",
        "--driver",
        "folder",
        "--path",
        &kit,
        "--reload",
        reload,
    ]);
}

fn a_push_killed_mid_way_is_found_by_the_next_command_and_rolled_back(engine: Engine) {
    let data = tempfile::tempdir().unwrap();
    crate::common::engines::prepare(engine, data.path());
    let kit = data.path().join("kit");
    live_kit(&kit);
    let before = snapshot(&kit);
    // The reload hangs while `hang` exists: certdeck is killed while it waits, every file
    // written, the journal still open.
    let hang = data.path().join("hang");
    std::fs::write(&hang, "").unwrap();
    let started = data.path().join("reload-started");
    let reload = format!(
        "touch {started}; while [ -f {hang} ]; do sleep 0.05; done",
        started = started.display(),
        hang = hang.display()
    );
    inventory_with_node(data.path(), &kit, &reload);
    let mut pushing = spawn_certdeck(data.path(), &["push", "node1", "--no-verify"]);
    let waited = std::time::Instant::now();
    while !started.exists() {
        assert!(
            waited.elapsed() < Duration::from_secs(30),
            "the push reached its reload"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    pushing.kill().unwrap(); // SIGKILL
    pushing.wait().unwrap();
    std::fs::remove_file(&hang).unwrap();
    assert_ne!(snapshot(&kit), before, "the push had written the new files");

    // Any command now says a node is half-changed.
    let listed = certdeck_in(data.path(), &["node", "list"]);
    let warning = String::from_utf8_lossy(&listed.stderr);
    assert!(
        warning.contains("did not finish") && warning.contains("--resume"),
        "{warning}"
    );
    let journal = json_of(&certdeck_in(data.path(), &["push", "--journal", "--json"]));
    assert_eq!(journal[0]["state"], "running", "{journal:#}");
    assert_eq!(journal[0]["node"], "node1");

    let resumed = certdeck_in(data.path(), &["push", "--resume", "--json"]);
    let outcomes = json_of(&resumed);
    assert_eq!(outcomes[0]["result"], "rolled_back", "{outcomes:#}");
    assert!(resumed.status.success());
    // Byte for byte as before (the copies this push kept are removed with the rollback).
    assert_eq!(snapshot(&kit), before, "{outcomes:#}");
    let listed = certdeck_in(data.path(), &["node", "list"]);
    assert!(!String::from_utf8_lossy(&listed.stderr).contains("did not finish"));
    let log = json_of(&certdeck_in(data.path(), &["push-log", "--json"]));
    assert_eq!(log[0]["result"], "rolled_back", "{log:#}");
}

fn a_push_killed_mid_way_can_be_completed_instead(engine: Engine) {
    let data = tempfile::tempdir().unwrap();
    crate::common::engines::prepare(engine, data.path());
    let kit = data.path().join("kit");
    live_kit(&kit);
    let hang = data.path().join("hang");
    std::fs::write(&hang, "").unwrap();
    let started = data.path().join("reload-started");
    let reloads = data.path().join("reloads");
    let reload = format!(
        "echo x >> {reloads}; touch {started}; while [ -f {hang} ]; do sleep 0.05; done",
        reloads = reloads.display(),
        started = started.display(),
        hang = hang.display()
    );
    inventory_with_node(data.path(), &kit, &reload);
    let mut pushing = spawn_certdeck(data.path(), &["push", "node1", "--no-verify"]);
    while !started.exists() {
        std::thread::sleep(Duration::from_millis(20));
    }
    pushing.kill().unwrap();
    pushing.wait().unwrap();
    std::fs::remove_file(&hang).unwrap();
    let written = std::fs::read(kit.join("certificate.pem")).unwrap();

    let resumed = certdeck_in(data.path(), &["push", "--resume", "complete", "--json"]);
    let outcomes = json_of(&resumed);
    assert_eq!(outcomes[0]["result"], "applied", "{outcomes:#}");
    assert_eq!(std::fs::read(kit.join("certificate.pem")).unwrap(), written);
    assert_eq!(
        std::fs::read_to_string(&reloads).unwrap().lines().count(),
        2,
        "the interrupted reload ran again"
    );
}

fn a_node_named_twice_is_pushed_once(engine: Engine) {
    let data = tempfile::tempdir().unwrap();
    crate::common::engines::prepare(engine, data.path());
    let kit = data.path().join("kit");
    inventory_with_node(data.path(), &kit, "true");
    let pushed = certdeck_in(
        data.path(),
        &["push", "node1", "--all", "node1", "--no-verify", "--json"],
    );
    let outcomes = json_of(&pushed);
    assert_eq!(outcomes.as_array().unwrap().len(), 1, "{outcomes:#}");
    let log = json_of(&certdeck_in(data.path(), &["push-log", "--json"]));
    assert_eq!(log.as_array().unwrap().len(), 1, "{log:#}");
    assert_ne!(log[0]["who"], "unknown");
}

/// A folder whose operations fail or stop (as if certdeck died) at a chosen operation.
struct Flaky {
    inner: FolderRemote,
    operation: u32,
    fail_at: Option<u32>,
    die_at: Option<u32>,
}

impl Flaky {
    fn tick(&mut self) -> Result<(), PushError> {
        self.operation += 1;
        if Some(self.operation) == self.die_at {
            return Err(PushError::Driver("died".into()));
        }
        if Some(self.operation) == self.fail_at {
            return Err(PushError::Driver("injected failure".into()));
        }
        Ok(())
    }
}

impl Remote for Flaky {
    async fn read(&mut self, path: &str) -> Result<Option<Zeroizing<Vec<u8>>>, PushError> {
        self.inner.read(path).await
    }
    async fn replace(
        &mut self,
        path: &str,
        content: &[u8],
        private: bool,
    ) -> Result<(), PushError> {
        self.tick()?;
        self.inner.replace(path, content, private).await
    }
    async fn remove(&mut self, path: &str) -> Result<(), PushError> {
        self.inner.remove(path).await
    }
    async fn run(&mut self, command: &str) -> Result<String, PushError> {
        self.tick()?;
        self.inner.run(command).await
    }
    fn describe(&self, path: &str) -> String {
        self.inner.describe(path)
    }
    fn owns(&self, path: &str) -> bool {
        self.inner.owns(path)
    }
    fn may_run(&self, command: &str) -> bool {
        self.inner.may_run(command)
    }
}

/// A small seeded generator (xorshift): the same sequence on every run.
struct Seeded(u64);

impl Seeded {
    fn below(&mut self, n: u32) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as u32
    }
}

#[test]
fn many_pushes_with_random_failures_and_deaths_never_leave_a_wrong_file() {
    let root = tempfile::tempdir().unwrap();
    let kit = root.path().join("kit");
    live_kit(&kit);
    let settings = FolderSettings {
        path: kit.clone(),
        reload: Some("true".into()),
        only_commands: None,
    };
    let names = ["certificate.pem", "certificate-key.pem", "trusted-ca.pem"];
    let journal = Journal::new(inventory(root.path()));
    let rt = runtime();
    let mut random = Seeded(0x5eed_cafe_f00d);
    for round in 0..200 {
        let live: Vec<Vec<u8>> = names
            .iter()
            .map(|n| std::fs::read(kit.join(n)).unwrap())
            .collect();
        let new: Vec<Vec<u8>> = names
            .iter()
            .map(|n| format!("round {round} {n}\n").into_bytes())
            .collect();
        let plan = FilePlan {
            files: names
                .iter()
                .zip(&new)
                .map(|(name, content)| FileChange {
                    path: kit.join(name).display().to_string(),
                    content: Zeroizing::new(content.clone()),
                    private: name.contains("key"),
                })
                .collect(),
            reload: settings.reload.clone(),
        };
        // Operations: a copy and a write per file that existed, then the reload.
        let mut remote = Flaky {
            inner: FolderRemote::open(&settings).unwrap(),
            operation: 0,
            fail_at: None,
            die_at: None,
        };
        match random.below(3) {
            0 => remote.fail_at = Some(1 + random.below(7)),
            1 => remote.die_at = Some(1 + random.below(7)),
            _ => {}
        }
        let context = Context {
            node: "node1".into(),
            driver: "folder",
            what: format!("round {round}"),
            who: "test".into(),
            now: fixture_time(),
        };
        let died = remote.die_at.is_some();
        let outcome = rt.block_on(files::apply(&mut remote, &plan, &journal, &context));
        for (index, name) in names.iter().enumerate() {
            let now = std::fs::read(kit.join(name))
                .unwrap_or_else(|e| panic!("round {round}: {name} missing: {e}"));
            assert!(
                now == live[index] || now == new[index],
                "round {round}: {name} holds {:?}",
                String::from_utf8_lossy(&now)
            );
        }
        let finished_ok = match outcome {
            Ok((push, _)) => {
                journal
                    .with(|s| s.journal_finish(push, "applied", fixture_time()))
                    .unwrap();
                true
            }
            Err(failed) => {
                let Some(push) = failed.push else {
                    continue;
                };
                // A death leaves the journal open: the next start resumes it with a new
                // connection; a failure is rolled back at once.
                let mut fresh = FolderRemote::open(&settings).unwrap();
                if died {
                    let unfinished = journal.with(|s| s.journal_unfinished()).unwrap();
                    assert_eq!(unfinished.len(), 1, "round {round}");
                }
                rt.block_on(files::undo(&mut fresh, &journal, push, fixture_time()))
                    .unwrap_or_else(|e| panic!("round {round}: {e}"));
                false
            }
        };
        for (index, name) in names.iter().enumerate() {
            let now = std::fs::read(kit.join(name)).unwrap();
            let expected = if finished_ok {
                &new[index]
            } else {
                &live[index]
            };
            assert_eq!(&now, expected, "round {round}: {name}");
        }
        assert!(journal.with(|s| s.journal_unfinished()).unwrap().is_empty());
    }
}

#[test]
fn the_key_file_is_never_seen_with_another_mode() {
    use std::os::unix::fs::PermissionsExt;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let root = tempfile::tempdir().unwrap();
    let kit = root.path().join("kit");
    live_kit(&kit);
    let stop = Arc::new(AtomicBool::new(false));
    let watcher = {
        let (kit, stop) = (kit.clone(), stop.clone());
        std::thread::spawn(move || {
            let (mut looks, mut wrong) = (0u64, Vec::new());
            while !stop.load(Ordering::Relaxed) {
                for entry in std::fs::read_dir(&kit).into_iter().flatten().flatten() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    if name.starts_with("certificate-key.pem")
                        && !name.ends_with("-previous")
                        && let Ok(meta) = entry.metadata()
                    {
                        looks += 1;
                        let mode = meta.permissions().mode() & 0o777;
                        if mode != 0o600 {
                            wrong.push(format!("{name}: {mode:o}"));
                        }
                    }
                }
            }
            (looks, wrong)
        })
    };
    for round in 0..50 {
        let outcome = push_one(
            root.path(),
            job(
                "node1",
                folder_driver(&kit, None),
                bundle(&format!("R{round}")),
                Vec::new(),
            ),
            quick(),
        );
        assert_eq!(outcome.result, PushResult::Applied, "{}", outcome.detail);
    }
    stop.store(true, Ordering::Relaxed);
    let (looks, wrong) = watcher.join().unwrap();
    assert!(looks > 50, "the watcher looked {looks} times");
    assert!(wrong.is_empty(), "{wrong:?}");
}
