//! Human-readable output of the CLI.

use std::io::{self, Write};

use crate::pki::chain::{ChainEnd, ChainReport, Outcome};
use crate::pki::display::{colon_hex_text as colon_hex, display_time};
use crate::pki::params::TlsParametersKind;
use crate::pki::{CertificateReport, Item, Object};

fn field(out: &mut impl Write, name: &str, value: impl std::fmt::Display) -> io::Result<()> {
    writeln!(out, "  {name:<13}{value}")
}

pub fn item(
    out: &mut impl Write,
    item: &Item,
    report: Option<&CertificateReport>,
    with_pem: bool,
) -> io::Result<()> {
    writeln!(out, "{}: {}", item.file, item.location)?;
    if let Some(name) = &item.friendly_name {
        field(out, "Name", name)?;
    }
    match (&item.object, report) {
        (Object::Certificate(_), Some(report)) => certificate(out, report, with_pem)?,
        (Object::PrivateKey(key), _) => {
            field(out, "Private key", &key.summary)?;
            if let Some(protection) = &key.protection {
                field(out, "Protected", protection)?;
            }
        }
        (Object::Csr(csr), _) => {
            field(out, "Request", &csr.subject)?;
            if !csr.san.is_empty() {
                field(out, "SAN", csr.san.join(", "))?;
            }
            field(out, "Key", &csr.key)?;
            field(out, "Signature", &csr.signature_algorithm)?;
            field(
                out,
                "Self-check",
                if csr.signature_valid {
                    "signature verifies with the request's key"
                } else {
                    "SIGNATURE DOES NOT VERIFY"
                },
            )?;
            if with_pem {
                write!(out, "{}", csr.to_pem())?;
            }
        }
        (Object::Crl(crl), _) => {
            field(out, "CRL issuer", &crl.issuer)?;
            field(out, "This update", display_time(crl.this_update))?;
            if let Some(next) = crl.next_update {
                field(out, "Next update", display_time(next))?;
            }
            field(
                out,
                "Revoked",
                format!("{} certificate(s)", crl.entries.len()),
            )?;
            for entry in crl.entries.iter().take(20) {
                writeln!(
                    out,
                    "    {} at {}",
                    colon_hex(&entry.serial),
                    display_time(entry.revoked_at)
                )?;
            }
        }
        (Object::TlsParameters(params), _) => {
            field(out, "Parameters", params.describe())?;
            if let TlsParametersKind::Dh { bits, .. } = params.kind
                && bits < 2048
            {
                field(
                    out,
                    "Warning",
                    "DH groups under 2048 bits are weak (Logjam)",
                )?;
            }
        }
        (Object::PublicKey(public), _) => field(out, "Public key", public.summary())?,
        (Object::Certificate(_), None) => {}
    }
    writeln!(out)
}

fn certificate(out: &mut impl Write, report: &CertificateReport, with_pem: bool) -> io::Result<()> {
    let cert = &report.cert;
    field(out, "Certificate", cert.display_name())?;
    let overall = report.assessment.overall;
    field(out, "Status", overall)?;
    for status in &report.assessment.statuses {
        writeln!(out, "  {:<13}- {}: {}", "", status.code, status.reason)?;
    }
    field(out, "Subject", &cert.subject)?;
    field(out, "Issuer", &cert.issuer)?;
    field(out, "Serial", colon_hex(&cert.serial))?;
    field(
        out,
        "Valid",
        format!(
            "{} to {} ({} days left)",
            display_time(cert.not_before),
            display_time(cert.not_after),
            report.assessment.days_left
        ),
    )?;
    field(out, "Key", &cert.key)?;
    field(out, "Signature", &cert.signature_algorithm)?;
    field(out, "SHA-1", colon_hex(&cert.fingerprint_sha1))?;
    field(out, "SHA-256", colon_hex(&cert.fingerprint_sha256))?;
    field(
        out,
        "Private key",
        if report.has_private_key {
            "present in the input"
        } else {
            "not in the input"
        },
    )?;
    let extensions = cert.extensions();
    if !extensions.is_empty() {
        writeln!(out, "  Extensions")?;
        for ext in &extensions {
            let critical = if ext.critical { " (critical)" } else { "" };
            writeln!(out, "    {}{critical}", ext.name)?;
            for line in ext.value.lines() {
                writeln!(out, "      {line}")?;
            }
        }
    }
    writeln!(out, "  Chain")?;
    chain_links(out, &report.chain, "    ")?;
    let end = match &report.chain.end {
        ChainEnd::TrustedRoot { name, source } => format!("trusted root {name} ({source:?})"),
        ChainEnd::UntrustedRoot { name } => format!("root {name} is not trusted"),
        ChainEnd::MissingIssuer { issuer, .. } => format!("missing issuer {issuer}"),
        ChainEnd::TooLong => "path too long".to_string(),
    };
    writeln!(out, "    -> {end}")?;
    if with_pem {
        write!(out, "{}", cert.to_pem())?;
    }
    Ok(())
}

/// The links of a path with a mark per check, indented by `indent`.
pub fn chain_links(out: &mut impl Write, chain: &ChainReport, indent: &str) -> io::Result<()> {
    for (depth, link) in chain.links.iter().enumerate() {
        writeln!(out, "{indent}{depth}: {}", link.subject)?;
        for check in &link.checks {
            let mark = match check.outcome {
                Outcome::Pass => "ok ",
                Outcome::Fail => "FAIL",
                Outcome::NotApplicable => " - ",
            };
            writeln!(out, "{indent}   [{mark}] {}", check.detail)?;
        }
    }
    Ok(())
}
