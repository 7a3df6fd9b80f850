//! Exports read back by the `openssl` command (both PKCS#12 profiles, RSA/EC/Ed25519, empty and
//! non-ASCII passwords), PEM keys encrypted unless confirmed, file names, atomic writes.

use crate::common;

use std::path::Path;

use crate::on_both_engines;
use certdeck::pki::DecodeOptions;
use certdeck::store::export::{ExportFormat, ExportRequest, Pkcs12Profile, write_atomic};
use certdeck::store::{ImportInput, Inventory, NoPasswords, VaultOptions};
use common::engines::Engine;
use common::*;
use zeroize::Zeroizing;

on_both_engines!(
    pkcs12_in_both_profiles_is_read_by_openssl_for_rsa_ec_and_ed25519,
    pem_keys_are_encrypted_unless_the_plain_key_is_confirmed,
    pkcs7_der_and_trusted_ca_exports,
    writing_is_atomic_and_never_silently_overwrites,
);

fn inventory_with(engine: Engine, dir: &Path, files: &[&str]) -> (Inventory, Vec<i64>) {
    let mut inventory = crate::common::engines::inventory(
        engine,
        dir,
        VaultOptions {
            passphrase: Some(Zeroizing::new("vault".into())),
            keychain: false,
        },
    );
    let inputs: Vec<ImportInput> = files
        .iter()
        .map(|f| ImportInput::Path(fixture(f)))
        .collect();
    let report = inventory
        .import(
            &inputs,
            &DecodeOptions::with_password(PASSWORD),
            &mut NoPasswords,
            fixture_time(),
        )
        .unwrap();
    let ids = report
        .outcomes
        .iter()
        .filter(|o| o.kind == "certificate")
        .filter_map(|o| o.id)
        .collect();
    (inventory, ids)
}

fn request(
    ids: Vec<i64>,
    format: ExportFormat,
    chain: bool,
    key: bool,
    passphrase: Option<&str>,
) -> ExportRequest {
    ExportRequest {
        ids,
        format,
        chain,
        key,
        passphrase: passphrase.map(|p| Zeroizing::new(p.to_string())),
        allow_plain_key: false,
    }
}

fn openssl(args: &[&str]) -> String {
    let out = run("openssl", args);
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

fn pkcs12_in_both_profiles_is_read_by_openssl_for_rsa_ec_and_ed25519(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let (mut inventory, ids) = inventory_with(
        engine,
        dir.path(),
        &[
            "keycert-with-dh.pem",
            "root.pem",
            "ec256.pem",
            "ec256.key",
            "ed25519.pem",
            "ed25519.key",
        ],
    );
    let out = tempfile::tempdir().unwrap();
    let servers = [ids[0], ids[3], ids[4]]; // conf1 (RSA), ec256, ed25519
    for (profile, marker) in [
        (Pkcs12Profile::Modern, "AES-256-CBC"),
        (Pkcs12Profile::Compatible, "3-KeyTripleDES"),
    ] {
        for password in ["test1234", "", "pässwörd€"] {
            for &id in &servers {
                let bundle = inventory
                    .export(&request(
                        vec![id],
                        ExportFormat::Pkcs12(profile),
                        true,
                        true,
                        Some(password),
                    ))
                    .unwrap();
                assert!(
                    bundle.file_name.ends_with("_keycert.pfx"),
                    "{}",
                    bundle.file_name
                );
                let path = out
                    .path()
                    .join(format!("{id}-{profile:?}-{}.pfx", password.len()));
                write_atomic(&bundle, &path, false).unwrap();
                let file = path.display().to_string();
                let pass = format!("pass:{password}");
                let info = openssl(&[
                    "pkcs12", "-in", &file, "-passin", &pass, "-info", "-nokeys", "-noout",
                ]);
                assert!(info.contains(marker), "{profile:?}: {info}");
                if profile == Pkcs12Profile::Compatible {
                    assert!(info.contains("MAC: sha1"), "{info}");
                }
                // The key openssl extracts matches the certificate it extracts.
                let key = openssl(&[
                    "pkcs12", "-in", &file, "-passin", &pass, "-nocerts", "-nodes",
                ]);
                let cert = openssl(&[
                    "pkcs12", "-in", &file, "-passin", &pass, "-clcerts", "-nokeys",
                ]);
                let decoded = certdeck::pki::decode_bytes(
                    format!("{key}{cert}").as_bytes(),
                    &file,
                    &DecodeOptions::default(),
                );
                let report = certdeck::pki::inspect(
                    &decoded,
                    &certdeck::pki::InspectOptions::at(fixture_time()),
                );
                assert!(report.iter().flatten().all(|r| r.has_private_key), "{file}");
                // And our own reader agrees.
                let ours =
                    certdeck::pki::decode_file(&path, &DecodeOptions::with_password(password));
                assert!(ours.errors.is_empty(), "{:?}", ours.errors);
                assert_eq!(ours.private_keys().count(), 1);
            }
        }
    }
    // The chain travels with the RSA leaf: leaf + intermediate, not the root.
    let bundle = inventory
        .export(&request(
            vec![ids[0]],
            ExportFormat::Pkcs12(Pkcs12Profile::Modern),
            true,
            true,
            Some("x"),
        ))
        .unwrap();
    let path = out.path().join("chain.pfx");
    write_atomic(&bundle, &path, false).unwrap();
    let certs = openssl(&[
        "pkcs12",
        "-in",
        &path.display().to_string(),
        "-passin",
        "pass:x",
        "-nokeys",
    ]);
    assert_eq!(certs.matches("BEGIN CERTIFICATE").count(), 2);
    assert!(certs.contains("localKeyID"));
}

fn pem_keys_are_encrypted_unless_the_plain_key_is_confirmed(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let (mut inventory, ids) =
        inventory_with(engine, dir.path(), &["keycert-with-dh.pem", "root.pem"]);
    let mut plain = request(vec![ids[0]], ExportFormat::Pem, true, true, None);
    assert!(
        inventory.export(&plain).is_err(),
        "an unencrypted key needs confirmation"
    );
    plain.allow_plain_key = true;
    let bundle = inventory.export(&plain).unwrap();
    assert_eq!(bundle.file_name, "conf1.example.com_keycert.pem");
    let text = String::from_utf8(bundle.bytes.to_vec()).unwrap();
    assert_eq!(text.matches("BEGIN CERTIFICATE").count(), 2);
    assert!(text.contains("BEGIN PRIVATE KEY"));
    // The DH parameters imported with the certificate travel with it.
    assert!(text.contains("BEGIN X9.42 DH PARAMETERS"), "{text}");
    let again =
        certdeck::pki::decode_bytes(text.as_bytes(), "again.pem", &DecodeOptions::default());
    assert!(again.errors.is_empty(), "{:?}", again.errors);

    let bundle = inventory
        .export(&request(
            vec![ids[0]],
            ExportFormat::Pem,
            false,
            true,
            Some("s3cret"),
        ))
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let path = write_atomic(&bundle, out.path(), false).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("BEGIN ENCRYPTED PRIVATE KEY"));
    let file = path.display().to_string();
    openssl(&["pkey", "-in", &file, "-passin", "pass:s3cret", "-noout"]);
    assert!(
        !run(
            "openssl",
            &["pkey", "-in", &file, "-passin", "pass:wrong", "-noout"]
        )
        .status
        .success()
    );
}

fn pkcs7_der_and_trusted_ca_exports(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let (mut inventory, ids) = inventory_with(
        engine,
        dir.path(),
        &["keycert-with-dh.pem", "root.pem", "ec256.pem"],
    );
    let out = tempfile::tempdir().unwrap();
    let bundle = inventory
        .export(&request(
            vec![ids[0], ids[3]],
            ExportFormat::Pkcs7,
            true,
            false,
            None,
        ))
        .unwrap();
    assert_eq!(bundle.file_name, "all_certificates.p7b");
    let path = write_atomic(&bundle, out.path(), false).unwrap();
    let printed = openssl(&[
        "pkcs7",
        "-in",
        &path.display().to_string(),
        "-inform",
        "DER",
        "-print_certs",
        "-noout",
    ]);
    assert_eq!(printed.matches("subject=").count(), 3, "{printed}");

    let bundle = inventory
        .export(&request(
            vec![ids[0]],
            ExportFormat::Der,
            false,
            false,
            None,
        ))
        .unwrap();
    assert_eq!(bundle.file_name, "conf1.example.com_certificate.der");
    assert_eq!(
        bundle.bytes.as_slice(),
        std::fs::read(fixture("leaf.der")).unwrap()
    );
    assert!(
        inventory
            .export(&request(vec![ids[0]], ExportFormat::Der, false, true, None))
            .is_err()
    );

    let cas = inventory.export_trusted_cas().unwrap();
    assert_eq!(cas.file_name, "ca-certificates.pem");
    let decoded =
        certdeck::pki::decode_bytes(&cas.bytes, "ca-certificates.pem", &DecodeOptions::default());
    let names: Vec<_> = decoded.certificates().map(|c| c.display_name()).collect();
    assert_eq!(names, ["Certdeck Test Root"]);
}

fn writing_is_atomic_and_never_silently_overwrites(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let (mut inventory, ids) = inventory_with(engine, dir.path(), &["leaf.pem"]);
    let bundle = inventory
        .export(&request(
            vec![ids[0]],
            ExportFormat::Pem,
            false,
            false,
            None,
        ))
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let first = write_atomic(&bundle, out.path(), false).unwrap();
    assert_eq!(
        first.file_name().unwrap(),
        "conf1.example.com_certificate.pem"
    );
    std::fs::write(&first, "keep me").unwrap();
    let error = write_atomic(&bundle, out.path(), false)
        .unwrap_err()
        .to_string();
    assert!(error.contains("exists"), "{error}");
    assert_eq!(std::fs::read_to_string(&first).unwrap(), "keep me");
    write_atomic(&bundle, out.path(), true).unwrap();
    assert!(
        std::fs::read_to_string(&first)
            .unwrap()
            .starts_with("-----BEGIN CERTIFICATE-----")
    );
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&first).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn file_names_are_safe_on_every_system() {
    use certdeck::store::export::file_stem;
    assert_eq!(file_stem("*.example.com"), "example.com");
    assert_eq!(file_stem("a/b\\c:d"), "a_b_c_d");
    assert_eq!(file_stem("東京.example"), "東京.example");
    assert_eq!(file_stem("..."), "certificate");
}
