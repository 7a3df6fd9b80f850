//! `certdeck secrets`: where each node login, TSIG key and notification secret lives — the OS
//! keychain or the inventory's vault — never its value, and moving them between the two
//! (issue 29).

use clap::Subcommand;

use super::InventoryArgs;
use super::inventory::{open, print_json};
use crate::store::secrets::Place;

#[derive(Debug, Subcommand)]
pub enum SecretsCommand {
    /// Every stored secret and where it lives (never its value).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Move secrets to the keychain or into the vault (a server without a keychain: the vault;
    /// a desktop: the keychain).
    Move {
        /// The secret's name as `secrets list` shows it; --all for every one.
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        name: Option<String>,
        #[arg(long)]
        all: bool,
        /// keychain or vault.
        #[arg(long, value_parser = ["keychain", "vault"])]
        to: String,
    },
}

pub fn secrets(command: SecretsCommand, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let mut store = open(inventory)?;
    match command {
        SecretsCommand::List { json } => {
            let stored = store.stored_secrets()?;
            if json {
                print_json(&stored)?;
            } else if stored.is_empty() {
                println!("no secrets stored");
            } else {
                for secret in &stored {
                    println!(
                        "{:<9} {:<40} {}",
                        secret.place.word(),
                        secret.what,
                        secret.name
                    );
                }
            }
            Ok(0)
        }
        SecretsCommand::Move { name, all, to } => {
            let to = Place::parse(&to).map_err(anyhow::Error::msg)?;
            let names: Vec<String> = if all {
                store
                    .stored_secrets()?
                    .into_iter()
                    .map(|secret| secret.name)
                    .collect()
            } else {
                name.into_iter().collect()
            };
            let mut moved = 0;
            for name in &names {
                if store.move_secret(name, to)? {
                    moved += 1;
                    println!("{name}: moved to the {}", to.word());
                }
            }
            println!(
                "{moved} secret(s) moved, {} already in the {}",
                names.len() - moved,
                to.word()
            );
            Ok(0)
        }
    }
}
