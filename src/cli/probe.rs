//! `certdeck probe HOST:PORT... [--sni NAME] [--json]`

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use serde::Serialize;

use super::{InventoryArgs, moment, runtime};
use crate::pki::display::{colon_hex_text, display_time};
use crate::pki::{DecodeOptions, decode_file};
use crate::probe::{Endpoint, ProbeReport, ProbeTrust, probe_all};

#[derive(Debug, Args)]
pub struct ProbeArgs {
    /// Endpoints: host:port, [IPv6]:port, or host (443). SIP over TLS is port 5061.
    #[arg(value_name = "HOST:PORT", required_unless_present_any = ["node", "all_nodes"])]
    pub endpoints: Vec<String>,
    /// Probe this node's endpoints (repeatable), with its FQDN as SNI; the result is kept with
    /// the node as what it really serves.
    #[arg(long, value_name = "NAME")]
    pub node: Vec<String>,
    /// Probe every node's endpoints.
    #[arg(long)]
    pub all_nodes: bool,
    /// Name to send as SNI and to check the certificate against (default: the host).
    #[arg(long, value_name = "NAME")]
    pub sni: Option<String>,
    /// Files with trusted CA certificates.
    #[arg(long, value_name = "FILE")]
    pub trust: Vec<PathBuf>,
    /// Also trust the inventory's trusted CA list, and use its certificates to say what an
    /// incomplete chain lacks.
    #[arg(long)]
    pub inventory: bool,
    #[arg(long)]
    pub no_system_roots: bool,
    /// Probes at once.
    #[arg(long, default_value_t = 8)]
    pub parallel: usize,
    /// Seconds to wait for each endpoint.
    #[arg(long, default_value_t = 10)]
    pub timeout: u64,
    #[arg(long, value_name = "RFC3339")]
    pub at: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct ProbeJson<'a> {
    endpoint: &'a str,
    sni: &'a str,
    protocol: &'a str,
    cipher: &'a str,
    trusted: bool,
    reason: &'a str,
    code: Option<&'a str>,
    name_matches: bool,
    chain_complete: bool,
    missing: Option<&'a str>,
    days_left: i64,
    weak_signature: bool,
    /// The OCSP response stapled to the handshake, judged (null: none stapled).
    stapled_ocsp: Option<&'a crate::probe::StapledOcsp>,
    chain: Vec<ChainEntry>,
}

#[derive(Serialize)]
struct ChainEntry {
    subject: String,
    issuer: String,
    not_after: String,
    fingerprint_sha256: String,
    signature_algorithm: String,
}

#[derive(Serialize)]
struct ErrorJson {
    endpoint: String,
    /// See [`ProbeError::code`].
    error: &'static str,
    message: String,
}

pub fn run(args: &ProbeArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(args.at.as_deref())?;
    let mut endpoints = Vec::new();
    // Which node each endpoint belongs to, to keep the results with the nodes.
    let mut owners: Vec<Option<String>> = Vec::new();
    for text in &args.endpoints {
        let mut endpoint = Endpoint::parse(text).map_err(anyhow::Error::msg)?;
        endpoint.sni = args.sni.clone();
        endpoints.push(endpoint);
        owners.push(None);
    }
    if !args.node.is_empty() || args.all_nodes {
        let store = super::inventory::open(inventory)?;
        for node in store.nodes()? {
            if !args.all_nodes && !args.node.contains(&node.name) {
                continue;
            }
            for text in &node.endpoints {
                let mut endpoint = Endpoint::parse(text).map_err(anyhow::Error::msg)?;
                endpoint.sni = Some(node.fqdn.clone());
                endpoints.push(endpoint);
                owners.push(Some(node.name.clone()));
            }
        }
    }
    let mut trusted = Vec::new();
    for file in &args.trust {
        let decoded = decode_file(file, &DecodeOptions::default());
        if let Some(error) = decoded.errors.first() {
            anyhow::bail!("{error}");
        }
        trusted.extend(decoded.certificates().map(|c| Arc::new(c.clone())));
    }
    let mut known = Vec::new();
    if args.inventory {
        let store = super::inventory::open(inventory)?;
        for ca in store.trusted_cas(false)? {
            if let Some(id) = ca.id {
                trusted.push(Arc::new(store.find(&id.to_string())?.1));
            }
        }
        for (row, _) in store.list(&Default::default(), now, 60)? {
            if row.facts.is_ca {
                known.push(Arc::new(store.find(&row.id.to_string())?.1));
            }
        }
    }
    let trust = Arc::new(ProbeTrust {
        trusted,
        system_roots: !args.no_system_roots,
        known,
    });
    let runtime = runtime()?;
    let results = runtime.block_on(probe_all(
        &endpoints,
        trust,
        args.parallel,
        Duration::from_secs(args.timeout),
        now,
    ));
    let mut out = crate::sanitize::Visible::new(std::io::stdout().lock());
    if args.json {
        let values: Vec<serde_json::Value> = results
            .iter()
            .zip(&endpoints)
            .map(|(result, endpoint)| match result {
                Ok(report) => serde_json::to_value(to_json(report)),
                Err(error) => serde_json::to_value(ErrorJson {
                    endpoint: endpoint.to_string(),
                    error: error.code(),
                    message: error.to_string(),
                }),
            })
            .collect::<Result<_, _>>()?;
        serde_json::to_writer_pretty(&mut out, &values)?;
        writeln!(out)?;
    } else {
        for result in &results {
            match result {
                Ok(report) => print_report(&mut out, report)?,
                Err(error) => writeln!(out, "ERROR {error}\n")?,
            }
        }
    }
    Ok(if results.iter().any(Result::is_err) {
        super::EXIT_ERROR
    } else if results.iter().flatten().all(|r| r.verdict.trusted) {
        0
    } else {
        1
    })
}

fn to_json(report: &ProbeReport) -> ProbeJson<'_> {
    ProbeJson {
        endpoint: &report.endpoint,
        sni: &report.sni,
        protocol: &report.protocol,
        cipher: &report.cipher,
        trusted: report.verdict.trusted,
        reason: &report.verdict.reason,
        code: report.verdict.code.as_deref(),
        name_matches: report.name_matches,
        chain_complete: report.chain_complete,
        missing: report.missing.as_deref(),
        days_left: report.days_left,
        weak_signature: report.weak_signature,
        stapled_ocsp: report.stapled_ocsp.as_ref(),
        chain: report
            .chain
            .iter()
            .map(|c| ChainEntry {
                subject: c.subject.to_string(),
                issuer: c.issuer.to_string(),
                not_after: c
                    .not_after
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default(),
                fingerprint_sha256: c.fingerprint_sha256.clone(),
                signature_algorithm: c.signature_algorithm.clone(),
            })
            .collect(),
    }
}

fn print_report(out: &mut impl Write, report: &ProbeReport) -> std::io::Result<()> {
    let word = if report.verdict.trusted {
        "TRUSTED"
    } else {
        "NOT TRUSTED"
    };
    writeln!(
        out,
        "{word} {} (SNI {}): {}",
        report.endpoint, report.sni, report.verdict.reason
    )?;
    writeln!(out, "  {} {}", report.protocol, report.cipher)?;
    writeln!(
        out,
        "  name {}",
        if report.name_matches {
            "matches"
        } else {
            "does NOT match"
        }
    )?;
    writeln!(out, "  expires in {} days", report.days_left)?;
    match &report.missing {
        None if report.chain_complete => writeln!(out, "  chain complete")?,
        None => writeln!(out, "  chain incomplete")?,
        Some(missing) => writeln!(out, "  chain incomplete: {missing}")?,
    }
    if report.weak_signature {
        writeln!(
            out,
            "  a certificate in the chain has a SHA-1 (or weaker) signature"
        )?;
    }
    match &report.stapled_ocsp {
        None => writeln!(out, "  no OCSP response stapled")?,
        Some(stapled) => match &stapled.problem {
            Some(problem) => writeln!(out, "  stapled OCSP response not usable: {problem}")?,
            None => {
                let next = stapled
                    .next_update
                    .map(|t| format!(", next update {}", display_time(t)))
                    .unwrap_or_default();
                let revoked = stapled
                    .revoked_at
                    .map(|t| {
                        let why = stapled.reason.as_deref().unwrap_or("no reason given");
                        format!(" on {} ({why})", display_time(t))
                    })
                    .unwrap_or_default();
                writeln!(
                    out,
                    "  stapled OCSP: {}{revoked} (signed by {}{next})",
                    stapled.status,
                    stapled.signed_by.as_deref().unwrap_or("?")
                )?;
            }
        },
    }
    for (depth, cert) in report.chain.iter().enumerate() {
        writeln!(out, "  {depth}: {}", cert.subject)?;
        writeln!(
            out,
            "     issuer {}  until {}",
            cert.issuer,
            display_time(cert.not_after)
        )?;
        writeln!(
            out,
            "     SHA-256 {}",
            colon_hex_text(&cert.fingerprint_sha256)
        )?;
    }
    writeln!(out)
}
