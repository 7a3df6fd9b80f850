//! Bad input gets a clear error naming the file: never a panic, never a hang.

use crate::common;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use certdeck::pki::{self, DecodeOptions, Decoded};
use common::*;

/// Generous bound that only a hang (not a slow machine) exceeds: a hostile iteration count would
/// run for hours.
const HANG: Duration = Duration::from_secs(60);

fn decode_with_guard(path: &Path, options: DecodeOptions) -> Decoded {
    let (tx, rx) = mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(pki::decode_file(&owned, &options));
    });
    rx.recv_timeout(HANG)
        .unwrap_or_else(|_| panic!("decoding {} hung or panicked", path.display()))
}

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/broken");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 30,
        "corpus missing: run tests/corpus/make.py"
    );
    files
}

#[test]
fn every_broken_input_gives_a_clean_error_naming_the_file() {
    for path in corpus() {
        let decoded = decode_with_guard(&path, DecodeOptions::with_password(PASSWORD));
        let name = path.display().to_string();
        let kinds: Vec<_> = decoded.items.iter().map(|i| i.object.kind()).collect();
        assert!(kinds.is_empty(), "{name} decoded to {kinds:?}");
        assert!(!decoded.errors.is_empty(), "{name}: no error reported");
        for error in &decoded.errors {
            assert_eq!(error.file(), name);
            let message = error.to_string();
            assert!(message.starts_with(&name), "{message}");
            assert!(message.len() > name.len() + 5, "no reason given: {message}");
        }
    }
}

#[test]
fn hostile_iteration_counts_are_refused_with_the_reason() {
    for (file, words) in [
        ("pbkdf2-huge-iterations.pem", "iteration count"),
        ("scrypt-huge-cost.pem", "scrypt parameters"),
        ("pkcs12-pbe-huge-iterations.pem", "iteration count"),
        ("pfx-huge-mac-iterations.pfx", "iteration"),
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus/broken")
            .join(file);
        let decoded = decode_with_guard(&path, DecodeOptions::with_password(PASSWORD));
        let message = decoded.errors[0].to_string();
        assert!(message.contains(words), "{file}: {message}");
        assert!(
            !decoded.errors[0].wants_password(),
            "{file}: a new password would not help"
        );
    }
}

#[test]
fn truncating_or_flipping_any_fixture_never_panics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let options = DecodeOptions::with_password(PASSWORD);
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        let step = (bytes.len() / 16).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let decoded = pki::decode_bytes(&bytes[..cut], &name, &options);
            for error in &decoded.errors {
                assert_eq!(error.file(), name);
            }
        }
        for at in (0..bytes.len()).step_by(step) {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x5A;
            let _ = pki::decode_bytes(&flipped, &name, &options);
        }
    }
}

#[test]
fn unreadable_paths_are_errors_too() {
    let decoded = pki::decode_file(
        Path::new("/nonexistent/cert.pem"),
        &DecodeOptions::default(),
    );
    assert!(
        decoded.errors[0]
            .to_string()
            .starts_with("/nonexistent/cert.pem: ")
    );
    let dir = tempfile::tempdir().unwrap();
    let decoded = pki::decode_file(dir.path(), &DecodeOptions::default());
    assert!(decoded.errors[0].to_string().contains("folder"));
}

/// A file over the input limit is refused by its size, never read: a sparse file of the limit
/// plus one byte takes no disk and would take 256 MiB of memory if it were read.
#[test]
fn a_file_over_the_input_limit_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.pem");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(certdeck::pki::decode::MAX_INPUT_SIZE + 1)
        .unwrap();
    let decoded = certdeck::pki::decode_file(&path, &Default::default());
    assert!(decoded.items.is_empty());
    let message = decoded.errors[0].to_string();
    assert!(
        message.contains("huge.pem") && message.contains("larger than"),
        "{message}"
    );
}
