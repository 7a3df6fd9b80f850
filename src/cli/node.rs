//! `certdeck node`: the nodes (appliances and servers) certificates are pushed to, their
//! certificates and trusted CAs, and their TLS endpoints.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Subcommand;
use zeroize::Zeroizing;

use super::inventory::{open, print_json};
use super::{InventoryArgs, moment, read_password_file};

// Parsed once per run: the size of the biggest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum NodeCommand {
    /// Add a node.
    Add {
        name: String,
        #[arg(long)]
        fqdn: String,
        /// Alternative names the node answers to (repeatable).
        #[arg(long = "alt", value_name = "NAME")]
        alt_names: Vec<String>,
        /// The node terminates SIP over TLS (wildcard certificates are refused for it).
        #[arg(long)]
        sip: bool,
        /// What the node's certificate is for: server, client or both (mutual TLS).
        #[arg(long, default_value = "server", value_parser = ["server", "client", "both"])]
        role: String,
    },
    /// List nodes with their certificate.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Assign a server certificate to a node (replaces the previous one).
    Assign { name: String, certificate: String },
    /// How the node is reached: TLS endpoints to verify and the driver that pushes to it.
    Configure {
        name: String,
        /// TLS endpoint to verify after a push, host:port (repeatable; SIP TLS is 5061).
        #[arg(long = "endpoint", value_name = "HOST:PORT")]
        endpoints: Vec<String>,
        /// none | folder | ssh | https | pexip.
        #[arg(long, default_value = "none")]
        driver: String,
        /// folder: where to write the files.
        #[arg(long, value_name = "DIR")]
        path: Option<PathBuf>,
        /// folder, ssh: a CRL file (PEM or DER) to ship with the certificate (folder: as
        /// crl.pem; ssh: to --crl-path), read at each push.
        #[arg(long, value_name = "FILE")]
        crl: Option<PathBuf>,
        /// folder, ssh: ship this local CA's CRL, signed afresh (valid 7 days) at each push.
        #[arg(long, value_name = "CA_ID", conflicts_with = "crl")]
        crl_from_ca: Option<i64>,
        /// ssh: remote path of the CRL (what the endpoint's tls-crl option names).
        #[arg(long, value_name = "PATH")]
        crl_path: Option<String>,
        /// folder: a local command to run after writing; ssh: a command run on the node.
        #[arg(long, value_name = "COMMAND")]
        reload: Option<String>,
        /// ssh: the node's address (default: its FQDN).
        #[arg(long)]
        ssh_host: Option<String>,
        #[arg(long, default_value_t = 22)]
        ssh_port: u16,
        /// ssh: the user to log in as.
        #[arg(long)]
        ssh_user: Option<String>,
        /// ssh: remote path of the certificate (with chain).
        #[arg(long, value_name = "PATH")]
        cert_path: Option<String>,
        /// ssh: remote path of the private key (mode 0600).
        #[arg(long, value_name = "PATH")]
        key_path: Option<String>,
        /// ssh: remote path of the trusted CA list.
        #[arg(long, value_name = "PATH")]
        ca_path: Option<String>,
        /// https: the folder URL (WebDAV, ending in /) or the upload form's URL.
        #[arg(long)]
        url: Option<String>,
        /// https: webdav or multipart.
        #[arg(long, default_value = "webdav")]
        upload_mode: String,
        /// https: basic or digest authentication.
        #[arg(long, default_value = "basic")]
        http_auth: String,
        /// https, multipart: the form field that carries the file.
        #[arg(long, default_value = "file")]
        form_field: String,
        /// https, pexip: the user for Basic authentication (password via `node credential`).
        #[arg(long)]
        http_user: Option<String>,
        /// pexip: the node's name in Pexip Infinity (default: the certdeck node's name).
        #[arg(long)]
        pexip_node: Option<String>,
    },
    /// Show one node: names, driver, endpoints, certificate, trust list, last result.
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Remove a node (its certificate stays in the inventory; its keychain secrets are deleted).
    Remove { name: String },
    /// Store the node's login secret in the OS keychain (never in the inventory).
    Credential {
        name: String,
        /// File with the password (first line).
        #[arg(long, value_name = "F")]
        password_file: Option<PathBuf>,
        /// OpenSSH private key file for SSH.
        #[arg(long, value_name = "F")]
        ssh_key: Option<PathBuf>,
    },
    /// Connect to the node's driver and show its host key; --accept pins it.
    Test {
        name: String,
        /// Pin the key or certificate shown (first contact).
        #[arg(long)]
        accept: bool,
        /// The node's key or certificate changed (reinstalled, renewed) and you checked the new
        /// one on the node: show the old and the new fingerprint and pin the new one.
        #[arg(long, conflicts_with = "accept")]
        replace_pin: bool,
    },
    /// Set the node's trusted CA list (ids or fingerprints of stored CA certificates).
    Trust { name: String, cas: Vec<String> },
    /// The policy the node's certificate is judged under: web, private, or auto (web when its
    /// chain ends at a public root, private otherwise).
    Policy {
        name: String,
        #[arg(value_parser = ["web", "private", "auto"])]
        policy: String,
    },
    /// Read the alarms of a Pexip Infinity node's platform.
    Alarms {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Probe the node's endpoints: do they serve its assigned certificate?
    Verify {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Approve, on this machine, what a shared inventory's node would run or write here (a
    /// folder node's folder and reload command, set by a teammate): shown with who set it, then
    /// asked (--yes: approve without asking).
    Approve {
        name: String,
        #[arg(long)]
        yes: bool,
    },
    /// The commands, folders and scans approved on this machine; --revoke HASH withdraws one.
    Approvals {
        #[arg(long, value_name = "HASH")]
        revoke: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn node(command: NodeCommand, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let now = moment(None)?;
    let mut store = open(inventory)?;
    match command {
        NodeCommand::Add {
            name,
            fqdn,
            alt_names,
            sip,
            role,
        } => {
            let role = if sip { format!("{role},sip") } else { role };
            let id = store.add_node(&name, &fqdn, &alt_names, &role, now)?;
            println!("added node #{id} {name}");
        }
        NodeCommand::List { json } => {
            let nodes = store.nodes()?;
            if json {
                print_json(&nodes)?;
            } else {
                for n in &nodes {
                    let cert = n
                        .certificate_id
                        .map(|c| format!("#{c}"))
                        .unwrap_or_else(|| "no certificate".into());
                    println!("{:<20} {:<32} {cert}", n.name, n.fqdn);
                }
            }
        }
        NodeCommand::Configure {
            name,
            endpoints,
            driver,
            path,
            crl,
            crl_from_ca,
            crl_path,
            reload,
            ssh_host,
            ssh_port,
            ssh_user,
            cert_path,
            key_path,
            ca_path,
            url,
            upload_mode,
            http_auth,
            form_field,
            http_user,
            pexip_node,
        } => {
            let node = store.node(&name)?;
            let fields = crate::push::setup::DriverFields {
                path,
                crl,
                crl_from_ca,
                crl_path,
                reload,
                ssh_host,
                ssh_port,
                ssh_user,
                certificate_path: cert_path,
                key_path,
                trusted_ca_path: ca_path,
                url,
                upload_mode,
                http_auth,
                form_field,
                http_user,
                pexip_node,
            };
            let settings =
                crate::push::setup::driver_settings(&driver, &name, &node.fqdn, &fields)?;
            store.configure_node(&name, &endpoints, &driver, &settings)?;
            // What the user typed here is approved here (on a shared inventory; a local one
            // needs no approval).
            let configured = store.node(&name)?;
            if let Some(dir) = &configured.approvals_dir {
                let mut approvals =
                    crate::store::approvals::Approvals::load(dir).map_err(anyhow::Error::msg)?;
                for request in crate::store::approvals::node_requests(&configured) {
                    approvals
                        .approve(&request, now)
                        .map_err(anyhow::Error::msg)?;
                }
            }
            println!(
                "node {name}: driver {driver}, endpoints {}",
                endpoints.join(", ")
            );
        }
        NodeCommand::Policy { name, policy } => {
            let chosen = match policy.as_str() {
                "web" => Some(crate::pki::rules::Policy::Web),
                "private" => Some(crate::pki::rules::Policy::Private),
                _ => None,
            };
            store.set_node_policy(&name, chosen)?;
            println!(
                "node {name}: its certificate is judged under {}",
                chosen
                    .map(|p| format!("the {} policy", p.name()))
                    .unwrap_or_else(|| "the policy its chain's root calls for".into())
            );
        }
        NodeCommand::Trust { name, cas } => {
            let mut ids = Vec::new();
            for reference in &cas {
                let (row, _) = store.find(reference)?;
                if !row.facts.is_ca {
                    bail!("{} is not a CA certificate", row.subject);
                }
                ids.push(row.id);
            }
            store.set_node_trust(&name, &ids)?;
            println!("node {name} trusts {} CA(s)", ids.len());
        }
        NodeCommand::Credential {
            name,
            password_file,
            ssh_key,
        } => {
            store.node(&name)?;
            use crate::push::setup::{Secret, store_secret};
            if let Some(file) = password_file {
                let password = read_password_file(&file)?;
                let place = store_secret(&mut store, &name, Secret::Password, &password)
                    .map_err(anyhow::Error::msg)?;
                println!("password for {name} stored in the {}", place_words(place));
            }
            if let Some(file) = ssh_key {
                let key = Zeroizing::new(
                    std::fs::read_to_string(&file)
                        .with_context(|| format!("reading {}", file.display()))?,
                );
                let place = store_secret(&mut store, &name, Secret::SshKey, &key)
                    .map_err(anyhow::Error::msg)?;
                println!("SSH key for {name} stored in the {}", place_words(place));
            }
        }
        NodeCommand::Show { name, json } => {
            let node = store.node(&name)?;
            if json {
                print_json(&node)?;
            } else {
                println!("{} ({})", node.name, node.fqdn);
                println!("  alternative names  {}", node.alt_names.join(", "));
                println!("  role               {}", node.role);
                println!("  driver             {} {}", node.driver, node.settings);
                println!("  endpoints          {}", node.endpoints.join(", "));
                println!(
                    "  pinned host key    {}",
                    node.pinned.as_deref().unwrap_or("-")
                );
                match node.certificate_id {
                    Some(id) => {
                        let (row, _) = store.find(&id.to_string())?;
                        let coverage = crate::store::nodes::san_coverage(&node, &row.san);
                        println!("  certificate        #{id} {}", row.name);
                        println!("  names covered      {}", coverage);
                    }
                    None => println!("  certificate        none"),
                }
                println!("  trusted CAs        {:?}", node.trusted_cas);
                println!(
                    "  last result        {}",
                    node.last_result.as_deref().unwrap_or("-")
                );
            }
        }
        NodeCommand::Remove { name } => {
            store.remove_node(&name)?;
            crate::push::setup::forget_secrets(&mut store, &name);
            println!("removed node {name}");
        }
        NodeCommand::Test {
            name,
            accept,
            replace_pin,
        } => {
            drop(store);
            if replace_pin {
                return super::push::replace_pin(&name, inventory);
            }
            return super::push::test_node(&name, accept, inventory);
        }
        NodeCommand::Alarms { name, json } => {
            drop(store);
            return super::push::pexip_alarms(&name, json, inventory);
        }
        NodeCommand::Verify { name, json } => {
            drop(store);
            return super::push::verify_node(&name, json, inventory);
        }
        NodeCommand::Approve { name, yes } => {
            let node = store.node(&name)?;
            let challenge = store.issuer(&name).ok().map(|i| i.challenge);
            return approve_node(&node, challenge.as_ref(), yes, now);
        }
        NodeCommand::Approvals { revoke, json } => {
            let dir = store.dir().to_path_buf();
            let mut approvals =
                crate::store::approvals::Approvals::load(&dir).map_err(anyhow::Error::msg)?;
            if let Some(hash) = revoke {
                let removed = approvals.revoke(&hash).map_err(anyhow::Error::msg)?;
                println!("{removed} approval(s) withdrawn");
                return Ok(if removed == 0 { 1 } else { 0 });
            }
            if json {
                print_json(&approvals.entries())?;
            } else {
                for entry in approvals.entries() {
                    println!(
                        "{}  {:<14} {:<20} {:?} (set by {}, approved {})",
                        &entry.hash[..12],
                        entry.kind.words(),
                        entry.owner,
                        entry.text,
                        entry.set_by.as_deref().unwrap_or("?"),
                        entry.approved_at
                    );
                }
            }
        }
        NodeCommand::Assign { name, certificate } => {
            let (row, _) = store.find(&certificate)?;
            store.assign(&name, row.id, now)?;
            println!("node {name} now uses #{} {}", row.id, row.name);
        }
    }
    Ok(0)
}

/// `node approve`: shows what the node would run or write on this machine, with who set it,
/// and approves it when the user says so (or with --yes).
fn approve_node(
    node: &crate::store::Node,
    issuer: Option<&crate::acme::Challenge>,
    yes: bool,
    now: time::OffsetDateTime,
) -> anyhow::Result<u8> {
    let Some(dir) = &node.approvals_dir else {
        println!(
            "{}: a node of this machine's own inventory needs no approval",
            node.name
        );
        return Ok(0);
    };
    let mut approvals =
        crate::store::approvals::Approvals::load(dir).map_err(anyhow::Error::msg)?;
    let mut requests = crate::store::approvals::node_requests(node);
    if let Some(challenge) = issuer {
        requests.extend(crate::store::approvals::issuer_requests(node, challenge));
    }
    let pending = approvals.unapproved(requests);
    if pending.is_empty() {
        println!("{}: nothing to approve", node.name);
        return Ok(0);
    }
    for request in &pending {
        println!("{}", request.describe());
    }
    if !yes && !super::inventory::confirm("Approve: let it run or write on this machine as you?") {
        eprintln!("not approved (without a terminal to ask on, approve with --yes)");
        return Ok(1);
    }
    for request in &pending {
        approvals
            .approve(request, now)
            .map_err(anyhow::Error::msg)?;
    }
    println!("approved on this machine");
    Ok(0)
}

/// Where a secret went, for a message.
pub(super) fn place_words(place: crate::store::secrets::Place) -> &'static str {
    match place {
        crate::store::secrets::Place::Keychain => "OS keychain",
        crate::store::secrets::Place::Vault => {
            "vault (no keychain is usable here: sealed in the inventory with the vault passphrase or the team key)"
        }
    }
}
