//! Pushing through the core's one orchestration (journal, apply, verify, roll back, log) from the
//! driver tests, and comparing a node's folder byte for byte before and after.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use certdeck::probe::ProbeTrust;
use certdeck::push::journal::Journal;
use certdeck::push::{Bundle, Driver, Job, NodeOutcome, PushOptions, push};
use certdeck::store::{Inventory, VaultOptions};
use zeroize::Zeroizing;

use super::{fixture_time, runtime};

/// The vault passphrase of the push tests' inventories.
pub const PASSPHRASE: &str = "push test";

/// An inventory for the journal (passphrase vault, no keychain).
pub fn inventory(dir: &Path) -> Inventory {
    Inventory::open(
        dir,
        VaultOptions {
            passphrase: Some(Zeroizing::new(PASSPHRASE.into())),
            keychain: false,
        },
    )
    .unwrap()
}

pub fn job(node: &str, driver: Driver, bundle: Bundle, endpoints: Vec<String>) -> Job {
    Job {
        node: node.into(),
        fqdn: format!("{node}.example.com"),
        endpoints,
        driver,
        bundle,
    }
}

/// Verification tried once, at once (the tests' endpoints answer or they do not).
pub fn quick() -> PushOptions {
    PushOptions {
        attempts: 1,
        pause: Duration::ZERO,
        timeout: Duration::from_secs(5),
        ..PushOptions::default()
    }
}

/// Pushes `jobs` with a journal in the inventory at `data`.
pub fn push_jobs(data: &Path, jobs: Vec<Job>, options: PushOptions) -> Vec<NodeOutcome> {
    runtime().block_on(push_jobs_async(data, jobs, options))
}

/// [`push_jobs`] inside a test that already runs on tokio.
pub async fn push_jobs_async(
    data: &Path,
    jobs: Vec<Job>,
    options: PushOptions,
) -> Vec<NodeOutcome> {
    let journal = Journal::new(inventory(data));
    let (sender, _receiver) = tokio::sync::mpsc::unbounded_channel();
    let trust = Arc::new(ProbeTrust {
        trusted: Vec::new(),
        system_roots: false,
        known: Vec::new(),
    });
    push(
        jobs,
        journal,
        trust,
        options,
        sender,
        Arc::new(AtomicBool::new(false)),
        fixture_time(),
    )
    .await
}

/// One node's push.
pub fn push_one(data: &Path, job: Job, options: PushOptions) -> NodeOutcome {
    push_jobs(data, vec![job], options).remove(0)
}

/// Every file under `dir` (relative name → content and permission bits): what a node holds.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, u32)> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                pending.push(path);
                continue;
            }
            #[cfg(unix)]
            let mode = {
                use std::os::unix::fs::PermissionsExt;
                meta.permissions().mode() & 0o777
            };
            #[cfg(not(unix))]
            let mode = 0;
            files.insert(
                path.strip_prefix(dir).unwrap().to_path_buf(),
                (std::fs::read(&path).unwrap_or_default(), mode),
            );
        }
    }
    files
}

/// A bundle with recognisable contents (the drivers do not parse what they carry).
pub fn bundle(tag: &str) -> Bundle {
    Bundle {
        subject: "CN=test".into(),
        fingerprint_sha256: format!("fingerprint-{tag}"),
        certificate_pem: format!("{tag} CERT\n"),
        chain_pem: "CHAIN\n".into(),
        key_pem: Some(Zeroizing::new(format!("{tag} KEY\n"))),
        parameters_pem: None,
        trusted_cas_pem: format!("{tag} CAS\n"),
        crl_pem: Some(format!("{tag} CRL\n")),
    }
}

/// A loopback port nothing listens on: verification there fails at once.
pub fn closed_endpoint() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("127.0.0.1:{port}")
}

/// A small tmpfs mounted at `dir` (root only): a node's disk that fills up. Unmounted on drop.
pub struct SmallDisk(pub std::path::PathBuf);

impl SmallDisk {
    pub fn mount(dir: &Path, bytes: usize) -> Self {
        std::fs::create_dir_all(dir).unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}")])
            .arg("tmpfs")
            .arg(dir)
            .status()
            .expect("mount runs");
        assert!(
            status.success(),
            "mounting a tmpfs needs root (the tests run sshd as root too)"
        );
        Self(dir.to_path_buf())
    }

    /// Fills the disk until `free_pages` pages of 4 KiB are left.
    pub fn fill_leaving(&self, free_pages: usize) {
        let filler = self.0.join("filler");
        let mut size = 0usize;
        let chunk = vec![0u8; 4096];
        let mut file = std::fs::File::create(&filler).unwrap();
        use std::io::Write;
        while file
            .write_all(&chunk)
            .and_then(|()| file.sync_all())
            .is_ok()
        {
            size += chunk.len();
        }
        drop(file);
        let keep = size.saturating_sub(free_pages * 4096);
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&filler)
            .unwrap();
        file.set_len(keep as u64).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}
