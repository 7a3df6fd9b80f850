//! `certdeck verify CERT [--chain FILE]... [--trust FILE]...`

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};

use crate::pki::chain::ChainReport;
use crate::pki::rules::Policy;
use crate::pki::verify::{Check, PolicyVerdict};
use crate::pki::{self, CertPool, Certificate, DecodeOptions, Purpose, TrustSource, Verifier};

use super::{PurposeArg, VerifyArgs, json, moment, passwords};

/// One certificate's verdict and explained path.
pub struct Verification {
    pub cert: Arc<Certificate>,
    pub verdict: PolicyVerdict,
    pub path: ChainReport,
}

fn certificates_of(
    files: &[PathBuf],
    options: &DecodeOptions,
    role: &str,
) -> anyhow::Result<Vec<Arc<Certificate>>> {
    let mut certs = Vec::new();
    for file in files {
        let decoded = pki::decode_file(file, options);
        for error in &decoded.errors {
            eprintln!("certdeck: warning: {role}: {error}");
        }
        let before = certs.len();
        // The decoded certificates are shared, not copied (a batch holds tens of thousands).
        certs.extend(decoded.certificates_arc().cloned());
        if certs.len() == before {
            bail!("{role} file {} holds no certificate", file.display());
        }
    }
    Ok(certs)
}

pub fn run(args: &VerifyArgs, inventory: &super::InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(args.at.as_deref())?;
    let options = DecodeOptions {
        passwords: passwords(&args.passwords)?,
        ..Default::default()
    };
    let purpose = match args.purpose {
        PurposeArg::Server => Purpose::Server,
        PurposeArg::Client => Purpose::Client,
    };
    let subjects = certificates_of(std::slice::from_ref(&args.cert), &options, "certificate")?;
    let chain = certificates_of(&args.chain, &options, "chain")?;
    let trusted = certificates_of(&args.trust, &options, "trust")?;

    // Without --batch the file is "leaf + its chain": the first end-entity certificate is verified.
    let (leaves, mut intermediates): (Vec<Arc<Certificate>>, Vec<Arc<Certificate>>) = if args.batch
    {
        (subjects, Vec::new())
    } else {
        let leaf_index = subjects.iter().position(|c| !c.is_ca).unwrap_or(0);
        let mut rest = subjects;
        let leaf = rest.remove(leaf_index);
        (vec![leaf], rest)
    };
    intermediates.extend(chain);

    let verifier = Verifier::new(
        trusted.iter().map(Arc::as_ref),
        intermediates.iter().map(Arc::as_ref),
        !args.no_system_roots,
    )
    .context("cannot use the trusted certificates")?;
    let mut pool = if args.no_system_roots {
        CertPool::new()
    } else {
        CertPool::new().with_builtin_roots()
    };
    for cert in &trusted {
        pool.add(cert.clone(), Some(TrustSource::Custom));
    }
    for cert in &intermediates {
        pool.add(cert.clone(), None);
    }

    let host = args.host.as_deref();
    let mut crls = read_crls(&args.crl)?;
    let mut ocsp = Vec::new();
    if args.revocation != crate::revocation::Mode::Off {
        let answers = ask_responders(&leaves, &intermediates, &trusted, now)?;
        // CRLs only for what no responder answered (the answers follow leaves, then
        // intermediates).
        let (for_leaves, for_intermediates) = answers.split_at(leaves.len());
        let unanswered = |certs: &[Arc<Certificate>], answers: &[Option<_>]| -> Vec<_> {
            certs
                .iter()
                .zip(answers)
                .filter(|(_, answer)| answer.is_none())
                .map(|(cert, _)| cert.clone())
                .collect()
        };
        crls.extend(fetch_crls(
            &unanswered(&leaves, for_leaves),
            &unanswered(&intermediates, for_intermediates),
            inventory,
            now,
        )?);
        ocsp = answers.into_iter().flatten().collect();
    }
    let check = Check {
        host,
        purpose,
        now,
        policy: args.policy.unwrap_or(if args.trust.is_empty() {
            Policy::Web
        } else {
            Policy::Private
        }),
        max_intermediates: args.max_intermediates,
        crls: &crls,
        revocation_required: args.revocation == crate::revocation::Mode::Hard,
        ocsp: &ocsp,
    };
    let file = args.cert.display().to_string();
    let stdout = std::io::stdout();
    // Nothing a certificate holds reaches the terminal as a control (crate::sanitize).
    let mut out = std::io::BufWriter::new(crate::sanitize::Visible::new(stdout.lock()));
    // A batch is written as it is verified. What fails for one leaf fails for all (a host name
    // that is not one): said before any output, as when the whole batch was verified first.
    if args.batch
        && let Some(first) = leaves.first()
    {
        verify_one(first, &verifier, &pool, &check)?;
    }
    if args.json && args.batch {
        // Each leaf verified as its JSON is written (on every core) and dropped: 100,000
        // explained paths held at once were a gigabyte.
        let pretty = std::io::IsTerminal::is_terminal(&std::io::stdout());
        let all_trusted = std::sync::atomic::AtomicBool::new(true);
        let failure: std::sync::Mutex<Option<anyhow::Error>> = std::sync::Mutex::new(None);
        let object = |i: usize| match verify_one(&leaves[i], &verifier, &pool, &check) {
            Ok(o) => {
                if !o.verdict.verdict.trusted {
                    all_trusted.store(false, std::sync::atomic::Ordering::Relaxed);
                }
                Some(json::verify(&file, &o.path, &o.cert, &o.verdict, &check))
            }
            Err(error) => {
                if let Ok(mut first) = failure.lock() {
                    first.get_or_insert(error);
                }
                None
            }
        };
        json::write_array(&mut out, leaves.len(), object, &[], pretty)?;
        out.flush()?;
        if let Some(error) = failure.into_inner().ok().flatten() {
            return Err(error);
        }
        std::mem::forget(leaves);
        return Ok(if all_trusted.into_inner() { 0 } else { 1 });
    }
    if args.batch {
        let all_trusted = write_batch_text(&mut out, &leaves, &verifier, &pool, &check)?;
        out.flush()?;
        std::mem::forget(leaves);
        return Ok(if all_trusted { 0 } else { 1 });
    }
    let outcomes = verify_batch(&leaves, &verifier, &pool, &check)?;
    if args.json {
        // One certificate (a batch's JSON was written above).
        if let Some(o) = outcomes.first() {
            let single = json::verify(&file, &o.path, &o.cert, &o.verdict, &check);
            serde_json::to_writer_pretty(&mut out, &single)?;
            writeln!(out)?;
        }
    } else {
        for outcome in &outcomes {
            print_text(&mut out, outcome, false)?;
        }
    }
    out.flush()?;
    let code = if outcomes.iter().all(|o| o.verdict.verdict.trusted) {
        0
    } else {
        1
    };
    // Certificates and verdicts (public data) are left to the system, which takes the process's
    // memory back at once: freeing them one by one took a twentieth of a batch's run.
    std::mem::forget((outcomes, leaves));
    Ok(code)
}

/// `verify --batch` in words: verified in rounds on every core, each leaf's lines written and
/// its outcome dropped there (holding 100,000 explained paths until the end took a gigabyte;
/// freeing them on one thread afterwards cost a third of the run). Says whether every leaf is
/// trusted.
fn write_batch_text(
    out: &mut impl Write,
    leaves: &[Arc<Certificate>],
    verifier: &Verifier,
    pool: &CertPool,
    check: &Check<'_>,
) -> anyhow::Result<bool> {
    let mut trusted = 0;
    crate::pki::parallel::in_rounds(
        leaves.len(),
        crate::pki::parallel::OUTPUT_ROUND,
        256,
        |range| -> anyhow::Result<(Vec<u8>, usize)> {
            let mut text = Vec::new();
            let mut trusted = 0;
            for cert in &leaves[range] {
                let outcome = verify_one(cert, verifier, pool, check)?;
                if outcome.verdict.verdict.trusted {
                    trusted += 1;
                }
                print_text(&mut text, &outcome, true)?;
            }
            Ok((text, trusted))
        },
        |_| bail!("a verification thread failed"),
        |part| -> anyhow::Result<()> {
            let (text, part_trusted) = part?;
            out.write_all(&text)?;
            trusted += part_trusted;
            Ok(())
        },
    )?;
    writeln!(out, "{trusted} of {} certificate(s) trusted", leaves.len())?;
    Ok(trusted == leaves.len())
}

/// Verifies leaves on every core: a bundle of thousands is a batch job.
pub fn verify_batch(
    leaves: &[Arc<Certificate>],
    verifier: &Verifier,
    pool: &CertPool,
    check: &Check<'_>,
) -> anyhow::Result<Vec<Verification>> {
    let results = crate::pki::parallel::in_parts(
        leaves.len(),
        1,
        |range| -> anyhow::Result<Vec<Verification>> {
            leaves[range]
                .iter()
                .map(|cert| verify_one(cert, verifier, pool, check))
                .collect()
        },
        |_| bail!("a verification thread failed"),
    );
    let mut all = Vec::with_capacity(leaves.len());
    for part in results {
        all.extend(part?);
    }
    Ok(all)
}

/// One leaf's verdict under the policy, with its explained path.
pub fn verify_one(
    cert: &Arc<Certificate>,
    verifier: &Verifier,
    pool: &CertPool,
    check: &Check<'_>,
) -> anyhow::Result<Verification> {
    let verdict = verifier.verify_policy(cert, check)?;
    let path = pool.build_path_known(cert, check.now, verdict.leaf_signed_by.as_ref());
    Ok(Verification {
        cert: cert.clone(),
        verdict,
        path,
    })
}

fn print_text(out: &mut impl Write, outcome: &Verification, brief: bool) -> std::io::Result<()> {
    let verdict = &outcome.verdict.verdict;
    let word = if verdict.trusted {
        "TRUSTED"
    } else {
        "NOT TRUSTED"
    };
    writeln!(out, "{word}: {} — {}", outcome.cert.subject, verdict.reason)?;
    if brief && verdict.trusted {
        return Ok(());
    }
    // The rules broken, link by link (0 is the certificate itself).
    for violation in &outcome.verdict.violations {
        writeln!(
            out,
            "  link {} ({}): {} [{}: {}]",
            violation.position, violation.subject, violation.text, violation.rule, violation.source
        )?;
    }
    super::text::chain_links(out, &outcome.path, "  ")
}

/// The CRLs the certificates' distribution points serve, through the inventory's cache when
/// it can be opened; those that cannot be had are said on stderr.
fn fetch_crls(
    leaves: &[Arc<Certificate>],
    intermediates: &[Arc<Certificate>],
    inventory: &super::InventoryArgs,
    now: time::OffsetDateTime,
) -> anyhow::Result<Vec<Vec<u8>>> {
    let urls =
        crate::revocation::distribution_points(leaves.iter().chain(intermediates).map(Arc::as_ref));
    let cache = match super::inventory::open(inventory) {
        Ok(store) => Some(std::sync::Mutex::new(store)),
        Err(error) => {
            eprintln!("certdeck: warning: CRLs are not cached (the inventory: {error})");
            None
        }
    };
    let (crls, problems) =
        super::runtime()?.block_on(crate::revocation::gather(&urls, cache.as_ref(), now));
    for problem in problems {
        eprintln!("certdeck: warning: CRL {problem}");
    }
    Ok(crls.into_iter().map(|(_, der)| der).collect())
}

/// What the OCSP responders the leaves and intermediates name say of them, one entry per
/// certificate (leaves, then intermediates; their issuers looked for among all the certificates
/// given); what could not be learned is said on stderr.
fn ask_responders(
    leaves: &[Arc<Certificate>],
    intermediates: &[Arc<Certificate>],
    trusted: &[Arc<Certificate>],
    now: time::OffsetDateTime,
) -> anyhow::Result<Vec<Option<pki::verify::KnownStatus>>> {
    let certs: Vec<&Certificate> = leaves
        .iter()
        .chain(intermediates)
        .map(Arc::as_ref)
        .collect();
    let issuers: Vec<&Certificate> = intermediates
        .iter()
        .chain(trusted)
        .chain(leaves)
        .map(Arc::as_ref)
        .collect();
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let (known, problems) = super::runtime()?.block_on(crate::revocation::ask_responders(
        &certs,
        &issuers,
        now,
        &|_, _| {},
        &cancel,
    ));
    for problem in problems {
        eprintln!("certdeck: warning: {problem}");
    }
    Ok(known)
}

/// The CRLs given with --crl, as DER.
fn read_crls(files: &[PathBuf]) -> anyhow::Result<Vec<Vec<u8>>> {
    let mut crls = Vec::new();
    for file in files {
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let before = crls.len();
        if pki::pem::looks_like_pem(&bytes) {
            crls.extend(
                pki::pem::scan(&bytes)
                    .into_iter()
                    .filter(|block| block.label == "X509 CRL")
                    .filter_map(|block| block.body.clone().ok()),
            );
        } else {
            crls.push(bytes);
        }
        if crls.len() == before {
            bail!("{} holds no CRL", file.display());
        }
        for der in &crls[before..] {
            pki::Crl::from_der(der)
                .map_err(|e| anyhow::anyhow!("{}", e.at(&file.display().to_string(), "CRL")))?;
        }
    }
    Ok(crls)
}
