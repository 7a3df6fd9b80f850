//! `cargo bench --bench engine`: the engine's speed on an estate shaped like a real one
//! (`common::estate`: an RSA-3072 root, 10 RSA-2048 intermediates, leaves with P-256 and RSA keys,
//! expired and not-yet-valid ones), 10,000 leaves or `CERTDECK_BENCH_LEAVES`. Measures, in
//! process:
//! - decode + judge + JSON of `all.pem` (what `inspect --json` does);
//! - verifying the leaves against the intermediates and the root (what `verify --batch` does),
//!   verdict under the private policy and explained path for each;
//! - importing `all.pem` into an empty inventory, listing it, its alarms and what is due for
//!   renewal.
//!
//! (Release builds need the default features: iced_test, a dev-dependency, does not compile in
//! release without a renderer.) Results and the matching CLI commands are in
//! docs/performance.md; `benches/compare.py` times the CLI beside pyca and openssl.

mod common;
use common::{best_of, estate};

use std::path::Path;
use std::sync::Arc;

use certdeck::pki::{
    self, CertPool, Certificate, DecodeOptions, InspectOptions, Purpose, TrustSource, Verifier,
};

fn main() {
    let leaves_wanted = common::leaves_from_env();
    let dir = estate::ensure(leaves_wanted);
    let now = estate::NOW;
    let all = std::fs::read(dir.join("all.pem")).expect("all.pem");
    let total = leaves_wanted + estate::INTERMEDIATES + 1;
    let options = DecodeOptions::default();
    let runs = if leaves_wanted > 20_000 { 2 } else { 5 };

    let (decode_time, decoded) = best_of(runs, || pki::decode_bytes(&all, "all.pem", &options));
    assert_eq!(decoded.items.len(), total);
    let (judge_time, reports) = best_of(runs, || pki::inspect(&decoded, &InspectOptions::at(now)));
    assert_eq!(reports.len(), total);
    drop((decoded, reports));
    let (whole_time, bytes) = best_of(runs, || {
        let decoded = pki::decode_bytes(&all, "all.pem", &options);
        let inspect_options = InspectOptions::at(now);
        let inspector = pki::Inspector::new(&decoded, &inspect_options);
        // Judged and serialised as `inspect --json` does it.
        let mut out = Vec::with_capacity(all.len() * 4);
        certdeck::cli::write_inspect_json(&mut out, &decoded, &inspector, false).expect("json");
        out.len()
    });
    println!(
        "estate: {total} certificates ({} KiB of PEM) in {}",
        all.len() / 1024,
        dir.display()
    );
    println!("inspect:");
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    println!("  decode            {:>8.1} ms", ms(decode_time));
    println!("  statuses + chains {:>8.1} ms", ms(judge_time));
    println!(
        "  end to end + JSON {:>8.1} ms ({} KiB of JSON)",
        ms(whole_time),
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
    let valid_now = leaves
        .iter()
        .filter(|c| c.not_before <= now && now <= c.not_after)
        .count();
    let (verify_time, trusted) = best_of(runs.min(3), || {
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
    assert_eq!(
        trusted, valid_now,
        "every leaf valid now verifies, no other does"
    );
    println!(
        "verify: {} leaves ({valid_now} valid now), {} intermediates, 1 root",
        leaves.len(),
        intermediates.len()
    );
    println!("  verdicts + paths  {:>8.1} ms", ms(verify_time));

    // The inventory: import everything into an empty inventory, then list it with statuses,
    // its alarms and what is due for renewal.
    let vault = certdeck::store::VaultOptions {
        passphrase: Some(zeroize::Zeroizing::new("bench".into())),
        keychain: false,
    };
    let import = |folder: &Path| {
        let mut inventory = certdeck::store::Inventory::open(folder, vault.clone()).expect("open");
        let report = inventory
            .import(
                &[certdeck::store::ImportInput::Path(dir.join("all.pem"))],
                &DecodeOptions::default(),
                &mut certdeck::store::NoPasswords,
                now,
            )
            .expect("import");
        (inventory, report.count(certdeck::store::Action::Added))
    };
    let (import_time, imported) = best_of(runs.min(3), || {
        let folder = tempfile::tempdir().expect("temp dir");
        import(folder.path()).1
    });
    assert_eq!(imported, total);
    let folder = tempfile::tempdir().expect("temp dir");
    let (mut inventory, _) = import(folder.path());
    let nodes = with_nodes(&mut inventory, &leaves);
    let (list_time, listed) = best_of(5, || {
        inventory
            .list(&certdeck::store::ListFilter::default(), now, 60)
            .expect("list")
    });
    assert_eq!(listed.len(), total);
    let complete = listed.iter().filter(|(row, _)| row.chain_complete).count();
    assert_eq!(complete, total, "every chain reaches the imported root");
    drop(listed);
    let (alarms_time, alarms) = best_of(5, || inventory.alarms(now, 30).expect("alarms"));
    let (due_time, due) = best_of(5, || {
        certdeck::acme::outlook::overview(&inventory, now, 20)
            .expect("renewal outlook")
            .outlook
            .len()
    });
    println!("inventory: {total} certificates, {nodes} nodes renewed by ACME");
    println!(
        "  import into an empty inventory {:>8.1} ms",
        ms(import_time)
    );
    println!("  list with statuses             {:>8.1} ms", ms(list_time));
    println!(
        "  alarms                         {:>8.1} ms ({} alarms)",
        ms(alarms_time),
        alarms.len()
    );
    println!(
        "  renewal outlook (what is due)  {:>8.1} ms ({due} issuers)",
        ms(due_time)
    );
}

/// One node per 100 leaves (at least 10), each assigned a leaf and renewed by ACME (HTTP-01):
/// what the alarms and the renewal outlook go through. Returns how many.
fn with_nodes(inventory: &mut certdeck::store::Inventory, leaves: &[Arc<Certificate>]) -> usize {
    let now = estate::NOW;
    inventory
        .add_acme_account(
            &certdeck::store::acme::NewAcmeAccount {
                name: "bench-ca",
                directory_url: "https://acme.estate.example/directory",
                contact: &[],
                account_url: "https://acme.estate.example/acct/1",
                credentials: b"{}",
                ca_root_pem: None,
                eab_kid: None,
            },
            now,
        )
        .expect("account");
    let count = (leaves.len() / 100).max(10).min(leaves.len());
    for (n, leaf) in leaves
        .iter()
        .step_by(leaves.len() / count)
        .take(count)
        .enumerate()
    {
        let name = format!("node{n}");
        let fqdn = leaf.san.first().cloned().unwrap_or_default();
        let fqdn = fqdn.trim_start_matches("DNS:").to_string();
        inventory
            .add_node(&name, &fqdn, &[], "server", now)
            .expect("node");
        let id = inventory.find(&leaf.fingerprint_sha256).expect("leaf").0.id;
        inventory.assign(&name, id, now).expect("assign");
        inventory
            .set_issuer(&certdeck::store::acme::Issuer {
                node: name,
                account: "bench-ca".into(),
                challenge: certdeck::acme::Challenge::Http01Listen {
                    listen: "0.0.0.0:80".into(),
                },
                profile: None,
                key_policy: certdeck::acme::KeyPolicy::New,
                key_type: "ecdsa-p256".into(),
                csr_id: None,
                window: None,
                renew_fraction: 2.0 / 3.0,
                rehearse_with: None,
                state: Default::default(),
            })
            .expect("issuer");
    }
    count
}
