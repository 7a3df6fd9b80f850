//! `certdeck export ID... [--chain] [--key] [--format F] [--out PATH]`

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::inventory::open;
use super::{InventoryArgs, read_password_file};
use crate::store::export::{ExportFormat, ExportRequest, Pkcs12Profile, write_atomic};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Pem,
    Der,
    P7b,
    /// PKCS#12, AES-256 / PBKDF2-SHA256 / HMAC-SHA256.
    Pfx,
    /// PKCS#12, 3DES / SHA-1 MAC, for older Windows and appliances.
    PfxCompatible,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Inventory ids or fingerprints.
    #[arg(required = true)]
    pub references: Vec<String>,
    #[arg(long, value_enum, default_value = "pem")]
    pub format: FormatArg,
    /// Include the intermediates up to the trusted root.
    #[arg(long)]
    pub chain: bool,
    /// Include the private key (PEM or PKCS#12).
    #[arg(long)]
    pub key: bool,
    /// Passphrase for the PKCS#12 file or the PEM key (encrypted PKCS#8).
    #[arg(long, value_name = "P", conflicts_with = "passphrase_file")]
    pub passphrase: Option<String>,
    #[arg(long, value_name = "F")]
    pub passphrase_file: Option<PathBuf>,
    /// Write the key unencrypted in PEM (asked for explicitly on purpose).
    #[arg(long)]
    pub plain_key: bool,
    /// File or folder (default: the current folder, with the usual file name).
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Replace an existing file.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &ExportArgs, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let mut store = open(inventory)?;
    let mut ids = Vec::new();
    for reference in &args.references {
        ids.push(store.find(reference)?.0.id);
    }
    let passphrase = match (&args.passphrase, &args.passphrase_file) {
        (Some(p), _) => {
            super::warn_secret_argument("--passphrase", "--passphrase-file");
            Some(zeroize::Zeroizing::new(p.clone()))
        }
        (None, Some(file)) => Some(read_password_file(file)?),
        // A key going into a file, at a terminal: asked for (twice), never echoed.
        (None, None)
            if args.key
                && !args.plain_key
                && std::io::IsTerminal::is_terminal(&std::io::stdin()) =>
        {
            ask_passphrase()?
        }
        (None, None) => None,
    };
    let format = match args.format {
        FormatArg::Pem => ExportFormat::Pem,
        FormatArg::Der => ExportFormat::Der,
        FormatArg::P7b => ExportFormat::Pkcs7,
        FormatArg::Pfx => ExportFormat::Pkcs12(Pkcs12Profile::Modern),
        FormatArg::PfxCompatible => ExportFormat::Pkcs12(Pkcs12Profile::Compatible),
    };
    let mut allow_plain_key = args.plain_key;
    if args.key && format == ExportFormat::Pem && passphrase.is_none() && !allow_plain_key {
        allow_plain_key = super::inventory::confirm(
            "Write the private key UNENCRYPTED? Anyone who gets the file gets the key.",
        );
    }
    let request = ExportRequest {
        ids,
        format,
        chain: args.chain,
        key: args.key,
        passphrase,
        allow_plain_key,
    };
    let bundle = store.export(&request)?;
    let target = args.out.clone().unwrap_or_else(|| PathBuf::from("."));
    let path = write_atomic(&bundle, &target, args.force)?;
    println!("wrote {}", path.display());
    Ok(0)
}

/// The export passphrase typed at the terminal, twice; empty: none (the plain-key question
/// follows for PEM).
fn ask_passphrase() -> anyhow::Result<Option<zeroize::Zeroizing<String>>> {
    let first = zeroize::Zeroizing::new(rpassword::prompt_password(
        "Passphrase to encrypt the private key with (empty: none): ",
    )?);
    if first.is_empty() {
        return Ok(None);
    }
    let again = zeroize::Zeroizing::new(rpassword::prompt_password("The same passphrase again: ")?);
    if *first != *again {
        anyhow::bail!("the two passphrases differ: nothing was written");
    }
    Ok(Some(first))
}
