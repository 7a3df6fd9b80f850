//! `certdeck trust`: the CAs this inventory trusts (added, listed, taken off).

use std::path::PathBuf;

use clap::Subcommand;

use super::inventory::{TerminalPasswords, open, print_json};
use super::{InventoryArgs, moment};
use crate::pki::DecodeOptions;
use crate::store::ImportInput;

#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// The trusted CA list (--builtin adds the Mozilla roots).
    List {
        #[arg(long)]
        builtin: bool,
        #[arg(long)]
        json: bool,
    },
    /// Trust a stored CA (by id or fingerprint) or the CA certificates of a file.
    Add { reference: String },
    /// Stop trusting a CA (it stays in the inventory as chain material).
    Remove { reference: String },
    /// Write the trusted CA list as ca-certificates.pem.
    Export {
        /// File or folder (default: the current folder).
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        #[arg(long)]
        force: bool,
    },
}

pub fn trust(command: TrustCommand, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(None)?;
    let mut store = open(inventory)?;
    match command {
        TrustCommand::List { builtin, json } => {
            let list = store.trusted_cas(builtin)?;
            if json {
                print_json(&list)?;
            } else {
                for ca in &list {
                    let id = ca
                        .id
                        .map(|i| format!("#{i}"))
                        .unwrap_or_else(|| "built-in".into());
                    println!("{id:>9}  {}", ca.subject);
                }
            }
        }
        TrustCommand::Add { reference } => {
            let path = PathBuf::from(&reference);
            if path.exists() {
                let report = store.import(
                    &[ImportInput::Path(path)],
                    &DecodeOptions::default(),
                    &mut TerminalPasswords,
                    now,
                )?;
                // The file's CA certificates, trusted together (one relink of the inventory).
                let mut cas = Vec::new();
                for outcome in report.outcomes.iter().filter(|o| o.kind == "certificate") {
                    if let Some(id) = outcome.id {
                        let (row, _) = store.find(&id.to_string())?;
                        if row.facts.is_ca && !cas.iter().any(|(known, _)| *known == id) {
                            cas.push((id, row.subject));
                        }
                    }
                }
                let ids: Vec<i64> = cas.iter().map(|(id, _)| *id).collect();
                store.trust_many(&ids, now)?;
                for (id, subject) in cas {
                    println!("trusted #{id} {subject}");
                }
            } else {
                let (row, _) = store.find(&reference)?;
                store.trust(row.id, now)?;
                println!("trusted #{} {}", row.id, row.subject);
            }
        }
        TrustCommand::Remove { reference } => {
            let (row, _) = store.find(&reference)?;
            store.distrust(row.id, now)?;
            println!("no longer trusted: #{} {}", row.id, row.subject);
        }
        TrustCommand::Export { out, force } => {
            let bundle = store.export_trusted_cas()?;
            let target = out.unwrap_or_else(|| PathBuf::from("."));
            let path = crate::store::export::write_atomic(&bundle, &target, force)?;
            println!("wrote {}", path.display());
        }
    }
    Ok(0)
}
