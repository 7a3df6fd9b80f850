//! `certdeck csr ...` and `certdeck ca ...`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};

use super::inventory::open;
use super::{InventoryArgs, moment};
use crate::pki::pem;
use crate::pki::request::{KeyType, RequestSpec, Subject, Usage};
use crate::pki::status::Severity;
use crate::store::export::{ExportBundle, write_atomic};
use crate::store::requests::{IssueSource, KeyChoice};

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum KeyArg {
    Rsa2048,
    Rsa3072,
    Rsa4096,
    P256,
    P384,
    Ed25519,
}

impl From<KeyArg> for KeyType {
    fn from(key: KeyArg) -> Self {
        match key {
            KeyArg::Rsa2048 => KeyType::Rsa2048,
            KeyArg::Rsa3072 => KeyType::Rsa3072,
            KeyArg::Rsa4096 => KeyType::Rsa4096,
            KeyArg::P256 => KeyType::EcdsaP256,
            KeyArg::P384 => KeyType::EcdsaP384,
            KeyArg::Ed25519 => KeyType::Ed25519,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum UsageArg {
    Server,
    Client,
    Both,
}

impl From<UsageArg> for Usage {
    fn from(usage: UsageArg) -> Self {
        match usage {
            UsageArg::Server => Usage::Server,
            UsageArg::Client => Usage::Client,
            UsageArg::Both => Usage::Both,
        }
    }
}

#[derive(Debug, Args)]
pub struct SubjectArgs {
    /// Common name (CN), usually the host name.
    #[arg(long)]
    pub cn: Option<String>,
    /// Organisation (O).
    #[arg(long)]
    pub o: Option<String>,
    /// Organisational unit (OU).
    #[arg(long)]
    pub ou: Option<String>,
    /// Locality (L).
    #[arg(long)]
    pub l: Option<String>,
    /// State or province (ST).
    #[arg(long)]
    pub st: Option<String>,
    /// Country (C), two letters.
    #[arg(long)]
    pub c: Option<String>,
    /// E-mail address in the subject.
    #[arg(long)]
    pub email: Option<String>,
}

impl SubjectArgs {
    fn subject(&self) -> Subject {
        Subject {
            common_name: self.cn.clone(),
            organization: self.o.clone(),
            organizational_unit: self.ou.clone(),
            locality: self.l.clone(),
            state: self.st.clone(),
            country: self.c.clone(),
            email: self.email.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum CsrCommand {
    /// Make a new request: the key goes into the vault, the request is kept as pending.
    New(CsrNewArgs),
    /// A request for a stored certificate's subject and names, with extra names.
    Renew(CsrRenewArgs),
    /// List requests (pending and completed).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Write a request as PEM.
    Export {
        id: i64,
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Args)]
pub struct CsrNewArgs {
    #[command(flatten)]
    pub subject: SubjectArgs,
    /// Subject alternative names: DNS:x, IP:x, email:x, URI:x or bare (repeatable).
    #[arg(long = "san", value_name = "NAME")]
    pub names: Vec<String>,
    /// Do not add the CN to the alternative names.
    #[arg(long)]
    pub no_cn_san: bool,
    #[arg(long, value_enum, default_value = "rsa2048")]
    pub key: KeyArg,
    /// Reuse the key of this stored certificate (id or fingerprint) instead of a new one.
    #[arg(long, value_name = "CERT")]
    pub key_of: Option<String>,
    #[arg(long, value_enum, default_value = "server")]
    pub usage: UsageArg,
    /// The node the certificate is for: its names must be covered.
    #[arg(long, value_name = "NAME")]
    pub node: Option<String>,
    /// Make the request even when a check fails.
    #[arg(long)]
    pub force: bool,
    /// Also write the request to this file or folder.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CsrRenewArgs {
    /// The certificate to renew (id or fingerprint).
    pub certificate: String,
    /// Extra alternative names (repeatable).
    #[arg(long = "add-san", value_name = "NAME")]
    pub add_names: Vec<String>,
    /// Key type of the new key (default: like the certificate's).
    #[arg(long, value_enum, conflicts_with = "reuse_key")]
    pub key: Option<KeyArg>,
    /// Keep the certificate's key (it must be in the vault).
    #[arg(long)]
    pub reuse_key: bool,
    #[arg(long)]
    pub force: bool,
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

fn print_request(
    outcome: &crate::store::requests::RequestOutcome,
    json: bool,
    out: Option<&PathBuf>,
) -> anyhow::Result<()> {
    if let Some(target) = out {
        let bundle = ExportBundle {
            file_name: format!(
                "{}_request.csr",
                crate::store::export::file_stem(
                    outcome.subject.rsplit("CN=").next().unwrap_or("request")
                )
            ),
            bytes: zeroize::Zeroizing::new(outcome.pem.clone().into_bytes()),
        };
        let path = write_atomic(&bundle, target, false)?;
        eprintln!("wrote {}", path.display());
    }
    if json {
        super::inventory::print_json(outcome)?;
        return Ok(());
    }
    let mut stdout = crate::sanitize::Visible::new(std::io::stdout().lock());
    writeln!(
        stdout,
        "request #{} for {} ({} key, in the vault)",
        outcome.id, outcome.subject, outcome.key
    )?;
    writeln!(stdout, "  names: {}", outcome.san.join(", "))?;
    for lint in &outcome.lints {
        let word = if lint.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        writeln!(stdout, "  {word}: {}", lint.message)?;
    }
    write!(stdout, "{}", outcome.pem)?;
    Ok(())
}

pub fn csr(command: CsrCommand, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(None)?;
    let mut store = open(inventory)?;
    match command {
        CsrCommand::New(args) => {
            let spec = RequestSpec {
                subject: args.subject.subject(),
                names: args.names.clone(),
                cn_in_san: !args.no_cn_san,
                usage: args.usage.into(),
                node: None,
            };
            let outcome = store.create_request(
                spec,
                KeyChoice::New(args.key.into()),
                args.node.as_deref(),
                args.force,
                now,
            )?;
            print_request(&outcome, args.json, args.out.as_ref())?;
        }
        CsrCommand::Renew(args) => {
            let (row, _) = store.find(&args.certificate)?;
            let key = if args.reuse_key {
                Some(KeyChoice::OfCertificate(row.id))
            } else {
                args.key.map(|k| KeyChoice::New(k.into()))
            };
            let outcome = store.renew_request(row.id, &args.add_names, key, args.force, now)?;
            print_request(&outcome, args.json, args.out.as_ref())?;
        }
        CsrCommand::List { json } => {
            let rows = store.requests()?;
            if json {
                super::inventory::print_json(&rows)?;
            } else {
                for r in &rows {
                    let cert = r
                        .certificate_id
                        .map(|c| format!(" -> certificate #{c}"))
                        .unwrap_or_default();
                    println!(
                        "#{:<4} {:<9} {:<7} {}{cert}",
                        r.id, r.status, r.usage, r.subject
                    );
                }
            }
        }
        CsrCommand::Export { id, out, force } => {
            let der = store.request_der(id)?;
            let bundle = ExportBundle {
                file_name: format!("request-{id}.csr"),
                bytes: zeroize::Zeroizing::new(
                    pem::encode("CERTIFICATE REQUEST", &der).into_bytes(),
                ),
            };
            let path = write_atomic(&bundle, &out.unwrap_or_else(|| PathBuf::from(".")), force)?;
            println!("wrote {}", path.display());
        }
    }
    Ok(0)
}

#[derive(Debug, Subcommand)]
pub enum CaCommand {
    /// Create a root CA (and an intermediate): keys into the vault, the root onto the trusted list.
    Init {
        #[command(flatten)]
        subject: SubjectArgs,
        /// Also create an intermediate with this common name, which will issue certificates.
        #[arg(long, value_name = "CN")]
        intermediate_cn: Option<String>,
        #[arg(long, value_enum, default_value = "p256")]
        key: KeyArg,
        /// Lifetime of the root in days (the intermediate gets two thirds).
        #[arg(long, default_value_t = 3650)]
        days: i64,
        #[arg(long)]
        json: bool,
    },
    /// Issue a certificate from a request file, a pending request, or for a node.
    Issue {
        /// A CSR file (PEM or DER).
        #[arg(value_name = "CSR", conflicts_with_all = ["request", "node"])]
        csr: Option<PathBuf>,
        /// A pending request of the inventory (its id).
        #[arg(long, value_name = "ID", conflicts_with = "node")]
        request: Option<i64>,
        /// Issue directly for a node: subject and names from the node, a new key, assigned to it.
        #[arg(long, value_name = "NAME")]
        node: Option<String>,
        /// The local CA to use (default: the newest intermediate, else the root).
        #[arg(long, value_name = "ID")]
        ca: Option<i64>,
        #[arg(long, default_value_t = 397)]
        days: i64,
        #[arg(long, value_enum, default_value = "server")]
        usage: UsageArg,
        /// Key type for --node.
        #[arg(long, value_enum, default_value = "p256")]
        key: KeyArg,
        #[arg(long)]
        json: bool,
    },
    /// List local CAs.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Revoke a certificate a local CA issued; it is listed on that CA's next CRL.
    Revoke {
        /// The certificate (inventory id or fingerprint).
        certificate: String,
        #[arg(long, value_enum, default_value = "unspecified")]
        reason: crate::pki::authority::RevocationReason,
        #[arg(long)]
        json: bool,
    },
    /// Sign the local CA's next CRL (every certificate it revoked), valid for --days.
    Crl {
        /// The local CA (default: the issuing one, as for `ca issue`).
        #[arg(long, value_name = "ID")]
        ca: Option<i64>,
        /// Days until the CRL's nextUpdate: publish a new one before then.
        #[arg(long, default_value_t = 7)]
        days: i64,
        /// Write the CRL (PEM) here instead of printing it.
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        /// Write it as DER (what many appliances and `tls-crl` settings read).
        #[arg(long)]
        der: bool,
    },
    /// Write a CA certificate for clients' trust stores (default: the root).
    Export {
        #[arg(long, value_name = "ID")]
        ca: Option<i64>,
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
        #[arg(long)]
        force: bool,
    },
}

pub fn ca(command: CaCommand, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(None)?;
    let mut store = open(inventory)?;
    match command {
        CaCommand::Init {
            subject,
            intermediate_cn,
            key,
            days,
            json,
        } => {
            let root = subject.subject();
            let intermediate = intermediate_cn.map(|cn| Subject {
                common_name: Some(cn),
                ..root.clone()
            });
            let ids = store.create_ca(&root, intermediate.as_ref(), key.into(), days, now)?;
            let cas = store.cas()?;
            let made: Vec<_> = cas.into_iter().filter(|c| ids.contains(&c.id)).collect();
            if json {
                super::inventory::print_json(&made)?;
            } else {
                for ca in &made {
                    println!(
                        "CA #{} ({}): {} — certificate #{}, valid until {}",
                        ca.id, ca.kind, ca.subject, ca.certificate_id, ca.not_after
                    );
                }
            }
        }
        CaCommand::Issue {
            csr,
            request,
            node,
            ca,
            days,
            usage,
            key,
            json,
        } => {
            let source = match (csr, request, node) {
                (Some(path), _, _) => IssueSource::Csr {
                    der: crate::store::Inventory::read_request_file(&path)?,
                    usage: usage.into(),
                },
                (None, Some(id), _) => IssueSource::Request(id),
                (None, None, Some(name)) => IssueSource::Node {
                    name,
                    key_type: key.into(),
                    usage: usage.into(),
                },
                (None, None, None) => {
                    anyhow::bail!("say what to issue for: a CSR file, --request ID or --node NAME")
                }
            };
            let outcome = store.issue(source, ca, days, now)?;
            if json {
                super::inventory::print_json(&outcome)?;
            } else {
                println!(
                    "issued certificate #{} for {} (serial {}), valid until {}, by {}; {}",
                    outcome.certificate_id,
                    outcome.subject,
                    outcome.serial,
                    outcome.not_after,
                    outcome.issued_by,
                    outcome.detail
                );
                if let Some(node) = &outcome.node {
                    println!("assigned to node {node}");
                }
            }
        }
        CaCommand::List { json } => {
            let cas = store.cas()?;
            if json {
                super::inventory::print_json(&cas)?;
            } else {
                for ca in &cas {
                    println!(
                        "#{:<3} {:<12} issued {:<5} until {}  {}",
                        ca.id, ca.kind, ca.issued, ca.not_after, ca.subject
                    );
                }
            }
        }
        CaCommand::Revoke {
            certificate,
            reason,
            json,
        } => {
            let revoked = store.revoke_issued(&certificate, reason, now)?;
            if json {
                super::inventory::print_json(&revoked)?;
            } else {
                println!(
                    "revoked {} (serial {}, {}); run `certdeck ca crl` to publish it",
                    revoked.subject,
                    revoked.serial,
                    reason.as_str()
                );
            }
        }
        CaCommand::Crl { ca, days, out, der } => {
            let crl = store.local_ca_crl(ca, days, now)?;
            let bytes = if der {
                crl.der.clone()
            } else {
                crl.to_pem().into_bytes()
            };
            match out {
                Some(path) => {
                    std::fs::write(&path, &bytes)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    eprintln!(
                        "wrote CRL number {} of local CA {} ({} revoked) to {}",
                        crl.number,
                        crl.ca_id,
                        crl.revoked,
                        path.display()
                    );
                }
                None => std::io::Write::write_all(&mut std::io::stdout(), &bytes)?,
            }
        }
        CaCommand::Export { ca, out, force } => {
            let cas = store.cas()?;
            let chosen = match ca {
                Some(id) => cas.iter().find(|c| c.id == id),
                None => cas.iter().find(|c| c.kind == "root"),
            }
            .context("no such local CA")?;
            let der = store.certificate_der(chosen.certificate_id)?;
            let cert =
                crate::pki::Certificate::from_der(&der).map_err(|e| anyhow::anyhow!("{e:?}"))?;
            let bundle = ExportBundle {
                file_name: format!(
                    "{}_certificate.pem",
                    crate::store::export::file_stem(&cert.display_name())
                ),
                bytes: zeroize::Zeroizing::new(cert.to_pem().into_bytes()),
            };
            let path = write_atomic(&bundle, &out.unwrap_or_else(|| PathBuf::from(".")), force)?;
            println!("wrote {}", path.display());
        }
    }
    Ok(0)
}
