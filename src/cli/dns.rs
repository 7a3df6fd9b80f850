//! `certdeck dns`: the DNS servers that take DNS-01 records by RFC 2136 with a TSIG key.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::inventory::{open, print_json};
use super::{InventoryArgs, read_password_file, runtime};
use crate::acme::renew;
use crate::store::acme::DnsServer;

#[derive(Debug, Subcommand)]
pub enum DnsCommand {
    /// A DNS server taking RFC 2136 updates with a TSIG key (its secret goes to the keychain).
    Add(DnsAddArgs),
    List {
        #[arg(long)]
        json: bool,
    },
    /// Replace a DNS server's TSIG secret in place (a rotated key), where it lives now.
    SetSecret {
        name: String,
        /// The new TSIG secret (base64), first line of this file; `-` reads standard input.
        #[arg(long, value_name = "F")]
        secret_file: std::path::PathBuf,
    },
    /// Send the server an update signed with the stored TSIG key that changes nothing (its only
    /// prerequisite: the zone's SOA exists): exit 0 when it takes it, 1 when it refuses the key
    /// or is not the zone's primary.
    Test {
        name: String,
    },
    Remove {
        name: String,
    },
}

#[derive(Debug, Args)]
pub struct DnsAddArgs {
    pub name: String,
    /// host:port of the zone's primary (port 53 when left out).
    #[arg(long)]
    pub server: String,
    #[arg(long)]
    pub zone: String,
    #[arg(long)]
    pub key_name: String,
    #[arg(long, default_value = "hmac-sha256")]
    pub algorithm: String,
    /// A file holding the TSIG secret (base64, as `tsig-keygen` prints it).
    #[arg(long, value_name = "F")]
    pub secret_file: PathBuf,
    /// The zone's authoritative servers to check before the CA is told (default: its NS).
    #[arg(long, value_name = "HOST:PORT")]
    pub check_server: Vec<String>,
}

pub fn dns(command: DnsCommand, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let mut store = open(inventory)?;
    match command {
        DnsCommand::Add(args) => {
            let secret = read_password_file(&args.secret_file)?;
            // Checked before anything is stored: a secret that is not base64 is refused here.
            crate::acme::dns::Tsig::from_base64(&args.key_name, &args.algorithm, &secret)?;
            let server = DnsServer {
                name: args.name.clone(),
                server: args.server.clone(),
                zone: args.zone.clone(),
                key_name: args.key_name.clone(),
                algorithm: args.algorithm.to_ascii_lowercase(),
                check_servers: args.check_server.clone(),
            };
            // The server first: a name that exists already is refused before its working
            // secret is touched (issue 29); a secret that cannot be stored takes the new server
            // away again.
            store.add_dns_server(&server)?;
            let place = match renew::store_tsig(&mut store, &args.name, &secret) {
                Ok(place) => place,
                Err(error) => {
                    let _ = store.remove_dns_server(&args.name);
                    anyhow::bail!(error);
                }
            };
            println!(
                "DNS server {} ({} for {}) added; its TSIG secret is in the {}",
                args.name,
                args.server,
                args.zone,
                super::node::place_words(place)
            );
            Ok(0)
        }
        DnsCommand::List { json } => {
            let servers = store.dns_servers()?;
            if json {
                print_json(&servers)?;
            } else {
                for s in &servers {
                    println!(
                        "{}\t{}\tzone {}\tkey {} ({})",
                        s.name, s.server, s.zone, s.key_name, s.algorithm
                    );
                }
            }
            Ok(0)
        }
        DnsCommand::SetSecret { name, secret_file } => {
            let server = store.dns_server(&name)?;
            let secret = read_password_file(&secret_file)?;
            // Checked before anything is replaced: the working secret stays if this one is bad.
            crate::acme::dns::Tsig::from_base64(&server.key_name, &server.algorithm, &secret)?;
            let place =
                renew::store_tsig(&mut store, &name, &secret).map_err(anyhow::Error::msg)?;
            println!(
                "the TSIG secret of {name} was replaced; it is in the {}",
                super::node::place_words(place)
            );
            Ok(0)
        }
        DnsCommand::Test { name } => {
            use crate::acme::renew::Secrets;
            let server = store.dns_server(&name)?;
            let tsig = renew::Keychain.tsig(&mut store, &server)?;
            drop(store);
            let asked = runtime()?.block_on(async {
                let address = crate::acme::dns::resolve(&server.server).await?;
                crate::acme::dns::check_key(address, &server.zone, &tsig).await
            });
            match asked {
                Ok(()) => {
                    println!(
                        "{name}: {} takes updates of {} signed with the key {}",
                        server.server, server.zone, server.key_name
                    );
                    Ok(0)
                }
                Err(error) => {
                    eprintln!("{name}: {error}");
                    Ok(1)
                }
            }
        }
        DnsCommand::Remove { name } => {
            store.remove_dns_server(&name)?;
            renew::forget_tsig(&mut store, &name);
            println!("DNS server {name} removed");
            Ok(0)
        }
    }
}
