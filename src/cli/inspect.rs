//! `certdeck inspect FILE...`

use std::collections::HashSet;
use std::io::{self, Write};

use crate::pki::{self, DecodeOptions, Decoded, InspectOptions};

use super::{InspectArgs, json, moment, passwords, text};

pub fn run(args: &InspectArgs) -> anyhow::Result<u8> {
    let now = moment(args.at.as_deref())?;
    let options = DecodeOptions {
        passwords: passwords(&args.passwords)?,
        ..Default::default()
    };
    let mut decoded = Decoded::default();
    for file in &args.files {
        decoded.extend(pki::decode_file(file, &options));
    }
    let mut inspect_options = InspectOptions::at(now);
    inspect_options.system_roots = !args.no_system_roots;
    inspect_options.expiring_within_days = args.expiring_days;
    let stdout = std::io::stdout();
    // Nothing a certificate holds reaches the terminal as a control (crate::sanitize).
    let mut out = std::io::BufWriter::new(crate::sanitize::Visible::new(stdout.lock()));
    let inspector = pki::Inspector::new(&decoded, &inspect_options);
    if args.json {
        let pretty = std::io::IsTerminal::is_terminal(&std::io::stdout());
        write_inspect_json(&mut out, &decoded, &inspector, pretty)?;
    } else {
        write_inspect_text(&mut out, &decoded, &inspector, args.pem)?;
        for error in &decoded.errors {
            writeln!(out, "error: {error}")?;
        }
        writeln!(
            out,
            "{} object(s) read, {} error(s)",
            decoded.items.len(),
            decoded.errors.len()
        )?;
    }
    out.flush()?;
    let code = if decoded.items.is_empty() {
        super::EXIT_ERROR
    } else {
        0
    };
    // Its chain pool (public certificates and indexes) goes with the certificates.
    std::mem::forget(inspector);
    leave_to_the_os(decoded);
    Ok(code)
}

/// Freeing tens of thousands of parsed certificates one allocation at a time took a tenth of
/// `inspect`'s run, just before the process ends and the system takes all its memory back at
/// once: certificates (public data) are left to it. Everything else, private keys above all, is
/// dropped as usual, so that keys are wiped.
fn leave_to_the_os(decoded: Decoded) {
    let (certificates, others): (Vec<_>, Vec<_>) = decoded
        .items
        .into_iter()
        .partition(|item| matches!(item.object, pki::Object::Certificate(_)));
    drop(others);
    std::mem::forget(certificates);
}

/// What `inspect` prints without `--json`, object by object: described in rounds on every core,
/// each certificate's report made as its text is written and dropped there (holding 100,000
/// explained paths until the end took 880 MB).
fn write_inspect_text(
    out: &mut impl Write,
    decoded: &Decoded,
    inspector: &pki::Inspector<'_>,
    with_pem: bool,
) -> io::Result<()> {
    pki::parallel::in_rounds(
        decoded.items.len(),
        pki::parallel::OUTPUT_ROUND,
        256,
        |range| -> io::Result<Vec<u8>> {
            let mut written = Vec::new();
            for item in &decoded.items[range] {
                let report = inspector.report(item);
                text::item(&mut written, item, report.as_ref(), with_pem)?;
            }
            Ok(written)
        },
        |_| Err(io::Error::other("an inspection thread failed")),
        |part| out.write_all(&part?),
    )
}

/// Writes what `inspect --json` prints: one JSON object per decoded object, then the errors.
/// `pretty` indents for people; pipes get compact JSON (a 10,000-certificate bundle is 48 MiB
/// indented), built on every core; each certificate's report is made as its JSON is written and
/// then dropped.
pub fn write_inspect_json(
    out: &mut impl Write,
    decoded: &Decoded,
    inspector: &pki::Inspector<'_>,
    pretty: bool,
) -> io::Result<()> {
    let cert_key_ids: HashSet<[u8; 32]> = decoded
        .certificates()
        .filter_map(|c| c.public_key.as_ref().map(|k| k.id()))
        .collect();
    let object = |index: usize| -> Option<json::InspectJson> {
        let item = &decoded.items[index];
        match inspector.report(item) {
            Some(report) => Some(json::certificate(item, report)),
            None => json::other(item, &cert_key_ids),
        }
    };
    let errors: Vec<json::InspectJson> = decoded.errors.iter().map(json::error).collect();
    json::write_array(out, decoded.items.len(), object, &errors, pretty)
}
