//! The `certdeck` binary: `inspect` and `verify`, their JSON and their exit codes.

use crate::common;

use std::process::Output;

use common::*;
use serde_json::Value;

fn certdeck(args: &[&str]) -> Output {
    run(env!("CARGO_BIN_EXE_certdeck"), args)
}

fn path(name: &str) -> String {
    fixture(name).display().to_string()
}

fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

#[test]
fn inspect_json_has_the_documented_fields() {
    let out = certdeck(&[
        "inspect",
        &path("keycert-with-dh.pem"),
        &path("root.pem"),
        "--at",
        "2030-01-01T00:00:00Z",
        "--json",
    ]);
    assert!(out.status.success());
    let objects = json(&out);
    let objects = objects.as_array().unwrap();
    let kinds: Vec<_> = objects
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "certificate",
            "private_key",
            "certificate",
            "tls_parameters",
            "certificate"
        ]
    );
    let leaf = &objects[0];
    for field in [
        "file",
        "kind",
        "subject",
        "issuer",
        "serial",
        "not_before",
        "not_after",
        "fingerprint_sha256",
        "is_ca",
        "self_signed",
        "san",
        "key",
        "signature_algorithm",
        "statuses",
        "status",
        "days_left",
        "has_private_key",
    ] {
        assert!(leaf.get(field).is_some(), "missing {field}");
    }
    assert_eq!(
        leaf["status"], "good",
        "root supplied in the input completes the chain: {leaf:#}"
    );
    assert_eq!(leaf["has_private_key"], true);
    assert_eq!(leaf["san"][2], "IP:192.0.2.10");
    assert_eq!(leaf["key"]["algorithm"], "RSA");
    assert_eq!(leaf["key"]["bits"], 2048);
    let fp = leaf["fingerprint_sha256"].as_str().unwrap();
    assert_eq!(fp.len(), 64);
    assert!(
        fp.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    );
    assert!(leaf["not_after"].as_str().unwrap().ends_with('Z'));
    assert_eq!(leaf["chain"]["end"], "trusted_root");
    assert_eq!(leaf["chain"]["links"].as_array().unwrap().len(), 3);
    assert_eq!(objects[1]["matches_certificate"], true);
    assert_eq!(objects[3]["parameters"], "dh");
    assert_eq!(objects[3]["bits"], 2048);
}

#[test]
fn inspect_reports_errors_as_objects_and_fails_only_when_nothing_was_read() {
    let garbage = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(garbage.path(), b"this is not a certificate").unwrap();
    let g = garbage.path().display().to_string();

    let out = certdeck(&["inspect", &path("leaf.pem"), &g, "--json"]);
    assert!(out.status.success(), "one file was read");
    let objects = json(&out);
    let error = objects
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["kind"] == "error")
        .unwrap();
    assert_eq!(error["file"], g);
    assert_eq!(error["error"], "unreadable");

    let out = certdeck(&["inspect", &g, "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)[0]["kind"], "error");

    let out = certdeck(&["inspect", &path("openssl3-default.pfx"), "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)[0]["error"], "password_required");
    let out = certdeck(&[
        "inspect",
        &path("openssl3-default.pfx"),
        "--password",
        "nope",
        "--json",
    ]);
    assert_eq!(json(&out)[0]["error"], "wrong_password");
}

#[test]
fn inspect_reads_the_password_from_a_file() {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), format!("{PASSWORD}\n")).unwrap();
    let out = certdeck(&[
        "inspect",
        &path("openssl3-legacy.pfx"),
        "--password-file",
        &file.path().display().to_string(),
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(json(&out)[0]["friendly_name"], "conf1 legacy");
}

#[test]
fn inspect_text_output_shows_status_and_chain() {
    let out = certdeck(&[
        "inspect",
        &path("fullchain.pem"),
        "--at",
        "2030-01-01T00:00:00Z",
        "--no-system-roots",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Status       incomplete_chain"), "{text}");
    assert!(
        text.contains("missing issuer C=NO, O=Certdeck Test, CN=Certdeck Test Root"),
        "{text}"
    );
    assert!(text.contains("2 object(s) read, 0 error(s)"));
}

#[test]
fn verify_exit_codes_are_0_trusted_1_not_2_error() {
    let trusted = certdeck(&[
        "verify",
        &path("leaf.pem"),
        "--chain",
        &path("inter.pem"),
        "--trust",
        &path("root.pem"),
        "--host",
        "conf1.example.com",
        "--at",
        "2030-01-01T00:00:00Z",
        "--no-system-roots",
        "--json",
    ]);
    assert_eq!(
        trusted.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&trusted.stdout)
    );
    let verdict = json(&trusted);
    assert_eq!(verdict["trusted"], true);
    assert_eq!(verdict["path"]["links"].as_array().unwrap().len(), 3);
    assert_eq!(
        verdict["path"]["links"][0]["checks"][0]["check"],
        "validity"
    );

    let untrusted = certdeck(&[
        "verify",
        &path("leaf.pem"),
        "--chain",
        &path("inter.pem"),
        "--at",
        "2030-01-01T00:00:00Z",
        "--json",
    ]);
    assert_eq!(untrusted.status.code(), Some(1));
    let verdict = json(&untrusted);
    assert_eq!(verdict["trusted"], false);
    assert_eq!(verdict["code"], "UnknownIssuer");

    let expired = certdeck(&[
        "verify",
        &path("fullchain.pem"),
        "--trust",
        &path("root.pem"),
        "--at",
        "2200-01-01T00:00:00Z",
        "--json",
    ]);
    assert_eq!(expired.status.code(), Some(1));
    assert_eq!(json(&expired)["code"], "CertExpired");

    let missing = certdeck(&["verify", "/nonexistent/cert.pem"]);
    assert_eq!(missing.status.code(), Some(2));
    let bad_time = certdeck(&["verify", &path("leaf.pem"), "--at", "yesterday"]);
    assert_eq!(bad_time.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_time.stderr).contains("RFC 3339"));
}

#[test]
fn verify_batch_checks_every_certificate() {
    let out = certdeck(&[
        "verify",
        "--batch",
        &path("with-text.pem"),
        "--trust",
        &path("root.pem"),
        "--chain",
        &path("inter.pem"),
        "--at",
        "2030-01-01T00:00:00Z",
        "--json",
    ]);
    let verdicts = json(&out);
    let verdicts = verdicts.as_array().unwrap();
    assert_eq!(verdicts.len(), 2);
    assert_eq!(verdicts[0]["trusted"], true);
    // With --trust the private policy (RFC 5280) is the default: it lets a CA certificate be
    // the end of a path, as the RFC does.
    assert_eq!(verdicts[1]["policy"], "private");
    assert_eq!(verdicts[1]["trusted"], true);
    assert_eq!(out.status.code(), Some(0));

    // Under the web policy a CA is not acceptable as a server certificate.
    let out = certdeck(&[
        "verify",
        "--batch",
        &path("with-text.pem"),
        "--trust",
        &path("root.pem"),
        "--chain",
        &path("inter.pem"),
        "--at",
        "2030-01-01T00:00:00Z",
        "--policy",
        "web",
        "--json",
    ]);
    let verdicts = json(&out);
    assert_eq!(verdicts[1]["policy"], "web");
    assert_eq!(verdicts[1]["trusted"], false);
    assert_eq!(verdicts[1]["code"], "CaUsedAsEndEntity");
    assert_eq!(out.status.code(), Some(1));
}

/// A server certificate for `host` valid from 2028 until `until`, signed by `root`, as PEM;
/// the key is shared (thousands of certificates are made at once).
fn leaf_pem(host: &str, until: time::OffsetDateTime, key: &rcgen::KeyPair, root: &Ca) -> String {
    let params = leaf_params(Some(host), &[host], ymd(2028, 1, 1), until);
    let der = params
        .signed_by(key, &root.issuer())
        .unwrap()
        .der()
        .to_vec();
    certdeck::pki::pem::encode("CERTIFICATE", &der)
}

/// `verify --batch` in words verifies and writes in rounds on every core: more leaves than one
/// round (4,096), some expired, come out in the bundle's order, each with the verdict `--json`
/// gives it, then the count, and the exit status says not all are trusted.
#[test]
fn verify_batch_in_words_keeps_the_bundles_order_across_rounds() {
    let dir = tempfile::tempdir().unwrap();
    let root = root("Rounds Root");
    let key = rcgen::KeyPair::generate().unwrap();
    let mut bundle = String::new();
    for n in 0..4200 {
        // One in seven expired before the moment verified.
        let until = if n % 7 == 3 {
            ymd(2029, 1, 1)
        } else {
            ymd(2031, 1, 1)
        };
        bundle.push_str(&leaf_pem(
            &format!("round{n}.example.com"),
            until,
            &key,
            &root,
        ));
    }
    let leaves = dir.path().join("leaves.pem");
    std::fs::write(&leaves, bundle).unwrap();
    let trust = dir.path().join("root.pem");
    std::fs::write(&trust, certdeck::pki::pem::encode("CERTIFICATE", &root.der)).unwrap();
    let args = |json: bool| {
        let mut args = vec![
            "verify".to_string(),
            "--batch".into(),
            leaves.display().to_string(),
            "--trust".into(),
            trust.display().to_string(),
            "--no-system-roots".into(),
            "--at".into(),
            "2030-01-01T00:00:00Z".into(),
        ];
        if json {
            args.push("--json".into());
        }
        args
    };
    let run = |json: bool| {
        let args = args(json);
        certdeck(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };

    let words = run(false);
    assert_eq!(words.status.code(), Some(1));
    let text = String::from_utf8(words.stdout).unwrap();
    let verdicts: Vec<(bool, String)> = text
        .lines()
        .filter_map(|line| {
            let (trusted, rest) = if let Some(rest) = line.strip_prefix("TRUSTED: ") {
                (true, rest)
            } else {
                (false, line.strip_prefix("NOT TRUSTED: ")?)
            };
            let cn = rest.split(" — ").next()?.rsplit("CN=").next()?.to_string();
            Some((trusted, cn))
        })
        .collect();
    assert_eq!(verdicts.len(), 4200);
    for (n, (trusted, cn)) in verdicts.iter().enumerate() {
        assert_eq!(cn, &format!("round{n}.example.com"), "line {n}");
        assert_eq!(*trusted, n % 7 != 3, "{cn}");
    }
    assert_eq!(
        text.lines().last(),
        Some("3600 of 4200 certificate(s) trusted")
    );

    let as_json = json(&run(true));
    let trusted_in_json: Vec<bool> = as_json
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["trusted"].as_bool().unwrap())
        .collect();
    let trusted_in_words: Vec<bool> = verdicts.iter().map(|(trusted, _)| *trusted).collect();
    assert_eq!(trusted_in_json, trusted_in_words);
}

/// `inspect` in words describes objects in rounds on every core: more than one round (4,096)
/// of certificates with a key among them come out in the input's order, each with its own
/// chain, then the count.
#[test]
fn inspect_in_words_keeps_the_inputs_order_across_rounds() {
    let dir = tempfile::tempdir().unwrap();
    let root = root("Inspect Rounds Root");
    let key = rcgen::KeyPair::generate().unwrap();
    let mut bundle = certdeck::pki::pem::encode("CERTIFICATE", &root.der);
    for n in 0..4200 {
        let host = format!("inspect{n}.example.com");
        bundle.push_str(&leaf_pem(&host, ymd(2031, 1, 1), &key, &root));
        if n == 2500 {
            bundle.push_str(&key.serialize_pem());
        }
    }
    let file = dir.path().join("bundle.pem");
    std::fs::write(&file, bundle).unwrap();
    let out = certdeck(&[
        "inspect",
        &file.display().to_string(),
        "--at",
        "2030-01-01T00:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let names: Vec<&str> = text
        .lines()
        .filter_map(|line| line.strip_prefix("  Certificate  "))
        .collect();
    assert_eq!(names.len(), 4201);
    assert_eq!(names[0], "Inspect Rounds Root");
    for (n, name) in names[1..].iter().enumerate() {
        assert_eq!(*name, format!("inspect{n}.example.com"));
    }
    // The key sits after the 2,502nd object (the root, then leaves 0 to 2,500).
    let key_at = text.find("PRIVATE KEY").unwrap();
    assert!(text[..key_at].contains("inspect2500.example.com"));
    assert!(!text[..key_at].contains("inspect2501.example.com"));
    assert_eq!(
        text.matches("-> trusted root C=NO, O=Certdeck Tests, CN=Inspect Rounds Root")
            .count(),
        4201
    );
    assert_eq!(text.lines().last(), Some("4202 object(s) read, 0 error(s)"));
}

/// Completions are real shell code for every command; bash parses what it gets.
#[test]
fn completions_cover_every_command_and_bash_parses_them() {
    let out = certdeck(&["completions", "bash"]);
    assert!(out.status.success());
    let script = String::from_utf8(out.stdout).unwrap();
    for command in [
        "inspect", "verify", "import", "export", "csr", "push", "probe",
    ] {
        assert!(script.contains(command), "bash completion lacks {command}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("certdeck.bash");
    std::fs::write(&file, &script).unwrap();
    let syntax = std::process::Command::new("bash")
        .arg("-n")
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "{}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let out = certdeck(&["completions", shell]);
        assert!(out.status.success() && out.stdout.len() > 1000, "{shell}");
    }
    assert!(!certdeck(&["completions", "tcsh"]).status.success());
}

/// The manual: one page for certdeck and one per command, in man(7) format.
#[test]
fn manual_pages_are_written_for_the_program_and_each_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = certdeck(&["manpages", "--out", &dir.path().display().to_string()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let main = std::fs::read_to_string(dir.path().join("certdeck.1")).unwrap();
    assert!(
        main.starts_with(".ie") || main.contains(".TH certdeck 1"),
        "{main:.200}"
    );
    assert!(
        main.contains("certdeck\\-inspect(1)"),
        "SEE ALSO lists the commands"
    );
    for page in [
        "certdeck-inspect.1",
        "certdeck-csr.1",
        "certdeck-csr-new.1",
        "certdeck-push.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join(page))
            .unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains(".SH SYNOPSIS"), "{page}");
    }
    assert!(
        !dir.path().join("certdeck-manpages.1").exists(),
        "the hidden generator has no page"
    );
}
