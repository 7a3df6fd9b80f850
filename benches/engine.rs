//! `cargo bench --bench engine`: the engine's speed on large inputs (release builds need the
//! default features: iced_test, a dev-dependency, does not compile in release without a renderer).
//!
//! Builds (once, cached in `target/bench-data/`) a PKI of one root, 10 intermediates and 10,000
//! leaves, then measures:
//! - decode + judge + JSON of the 10,000-certificate PEM bundle (what `inspect --json` does);
//! - verifying the 10,000 leaves against the 10 intermediates and the root (what
//!   `verify --batch` does), webpki verdict and explained path for each.
//!
//! Results and the matching CLI commands are recorded in docs/performance.md.

mod common;
use common::best_of;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use certdeck::pki::{
    self, CertPool, Certificate, DecodeOptions, InspectOptions, Purpose, TrustSource, Verifier,
};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, PKCS_RSA_SHA256,
};

const LEAVES: usize = 10_000;
const INTERMEDIATES: usize = 10;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data")
}

fn dn(cn: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CountryName, "NO");
    dn.push(DnType::OrganizationName, "Certdeck Bench");
    dn.push(DnType::CommonName, cn);
    dn
}

fn ca_params(cn: &str) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = dn(cn);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    params.not_before = rcgen::date_time_ymd(2024, 1, 1);
    params.not_after = rcgen::date_time_ymd(2040, 1, 1);
    params.use_authority_key_identifier_extension = true;
    params
}

/// Writes root.pem, intermediates.pem and leaves.pem unless they exist.
fn ensure_data() -> PathBuf {
    let dir = data_dir();
    if dir.join("leaves.pem").exists() {
        return dir;
    }
    std::fs::create_dir_all(&dir).expect("bench data folder");
    eprintln!("generating {LEAVES} leaves under {INTERMEDIATES} intermediates (once)…");
    let root_key = KeyPair::generate_for(&PKCS_RSA_SHA256).expect("root key");
    let root_params = ca_params("Bench Root");
    let root = root_params.self_signed(&root_key).expect("root");
    let root_issuer = Issuer::from_params(&root_params, &root_key);
    let mut intermediates = Vec::new();
    let mut inter_pem = String::new();
    for i in 0..INTERMEDIATES {
        let key = KeyPair::generate_for(&PKCS_RSA_SHA256).expect("intermediate key");
        let params = ca_params(&format!("Bench Intermediate {i}"));
        let cert = params.signed_by(&key, &root_issuer).expect("intermediate");
        inter_pem.push_str(&cert.pem());
        intermediates.push((params, key));
    }
    let mut leaves = String::new();
    for n in 0..LEAVES {
        let (inter_params, inter_key) = &intermediates[n % INTERMEDIATES];
        let issuer = Issuer::from_params(inter_params, inter_key);
        let host = format!("node{n}.example.com");
        let mut params = CertificateParams::new(vec![host.clone(), format!("sip{n}.example.com")])
            .expect("sans");
        params.distinguished_name = dn(&host);
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        params.not_before = rcgen::date_time_ymd(2025, 1, 1);
        params.not_after = rcgen::date_time_ymd(2027, 1, 1 + (n % 28) as u8);
        params.use_authority_key_identifier_extension = true;
        let key = KeyPair::generate().expect("leaf key");
        leaves.push_str(&params.signed_by(&key, &issuer).expect("leaf").pem());
    }
    std::fs::write(dir.join("root.pem"), root.pem()).expect("write");
    std::fs::write(dir.join("intermediates.pem"), inter_pem).expect("write");
    std::fs::write(dir.join("leaves.pem"), leaves).expect("write");
    dir
}

fn main() {
    let dir = ensure_data();
    let now = time::macros::datetime!(2026-06-01 00:00 UTC);
    let bundle = std::fs::read(dir.join("leaves.pem")).expect("bundle");
    let options = DecodeOptions::default();

    let (decode_time, decoded) = best_of(5, || pki::decode_bytes(&bundle, "leaves.pem", &options));
    assert_eq!(decoded.items.len(), LEAVES);
    let (judge_time, reports) = best_of(5, || pki::inspect(&decoded, &InspectOptions::at(now)));
    assert_eq!(reports.len(), LEAVES);
    let (whole_time, bytes) = best_of(5, || {
        let decoded = pki::decode_bytes(&bundle, "leaves.pem", &options);
        let reports = pki::inspect(&decoded, &InspectOptions::at(now));
        // Serialising the same shape `inspect --json` prints.
        let mut out = Vec::with_capacity(64 << 20);
        certdeck::cli::write_inspect_json(&mut out, &decoded, &reports, false).expect("json");
        out.len()
    });
    println!(
        "inspect: 10,000-certificate PEM bundle ({} KiB)",
        bundle.len() / 1024
    );
    println!(
        "  decode            {:>8.1} ms",
        decode_time.as_secs_f64() * 1e3
    );
    println!(
        "  statuses + chains {:>8.1} ms",
        judge_time.as_secs_f64() * 1e3
    );
    println!(
        "  end to end + JSON {:>8.1} ms ({} KiB of JSON)",
        whole_time.as_secs_f64() * 1e3,
        bytes / 1024
    );

    let load = |name: &str| -> Vec<Arc<Certificate>> {
        pki::decode_file(&dir.join(name), &options)
            .certificates()
            .map(|c| Arc::new(c.clone()))
            .collect()
    };
    let (root, intermediates, leaves) = (
        load("root.pem"),
        load("intermediates.pem"),
        load("leaves.pem"),
    );
    let (verify_time, trusted) = best_of(3, || {
        let verifier = Verifier::new(
            root.iter().map(Arc::as_ref),
            intermediates.iter().map(Arc::as_ref),
            false,
        )
        .expect("verifier");
        let mut pool = CertPool::new();
        pool.add(root[0].clone(), Some(TrustSource::Custom));
        for c in &intermediates {
            pool.add(c.clone(), None);
        }
        certdeck::cli::verify_batch(
            &leaves,
            &verifier,
            &pool,
            &certdeck::pki::verify::Check {
                host: None,
                purpose: Purpose::Server,
                now,
                policy: certdeck::pki::rules::Policy::Private,
                max_intermediates: None,
                crls: &[],
                revocation_required: false,
                ocsp: &[],
            },
        )
        .expect("verify")
        .iter()
        .filter(|v| v.verdict.verdict.trusted && v.path.is_sound())
        .count()
    });
    assert_eq!(trusted, LEAVES, "every leaf must verify");
    println!("verify: {LEAVES} leaves, {INTERMEDIATES} intermediates, 1 root");
    println!(
        "  verdicts + paths  {:>8.1} ms",
        verify_time.as_secs_f64() * 1e3
    );

    // The inventory: import root + intermediates + leaves (10,011) into an empty inventory, then
    // list them with their statuses.
    let mut everything = std::fs::read(dir.join("root.pem")).expect("root");
    everything.extend(std::fs::read(dir.join("intermediates.pem")).expect("intermediates"));
    everything.extend(&bundle);
    std::fs::write(dir.join("all.pem"), &everything).expect("write all.pem");
    let options = certdeck::store::VaultOptions {
        passphrase: None,
        keychain: false,
    };
    let (import_time, imported) = best_of(3, || {
        let folder = tempfile::tempdir().expect("temp dir");
        let mut inventory =
            certdeck::store::Inventory::open(folder.path(), options.clone()).expect("open");
        let report = inventory
            .import(
                &[certdeck::store::ImportInput::Path(dir.join("all.pem"))],
                &DecodeOptions::default(),
                &mut certdeck::store::NoPasswords,
                now,
            )
            .expect("import");
        report.count(certdeck::store::Action::Added)
    });
    assert_eq!(imported, LEAVES + INTERMEDIATES + 1);
    let folder = tempfile::tempdir().expect("temp dir");
    let mut inventory = certdeck::store::Inventory::open(folder.path(), options).expect("open");
    inventory
        .import(
            &[certdeck::store::ImportInput::Path(dir.join("all.pem"))],
            &DecodeOptions::default(),
            &mut certdeck::store::NoPasswords,
            now,
        )
        .expect("import");
    let (list_time, listed) = best_of(5, || {
        inventory
            .list(&certdeck::store::ListFilter::default(), now, 60)
            .expect("list")
            .len()
    });
    assert_eq!(listed, LEAVES + INTERMEDIATES + 1);
    let complete = inventory
        .list(&certdeck::store::ListFilter::default(), now, 60)
        .expect("list")
        .iter()
        .filter(|(row, _)| row.chain_complete)
        .count();
    assert_eq!(complete, listed, "every chain reaches the imported root");
    println!("inventory: 10,011 certificates");
    println!(
        "  import into an empty inventory {:>8.1} ms",
        import_time.as_secs_f64() * 1e3
    );
    println!(
        "  list with statuses             {:>8.1} ms",
        list_time.as_secs_f64() * 1e3
    );
    println!("data: {}", dir.display());
}
