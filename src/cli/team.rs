//! `certdeck team`: a shared inventory on PostgreSQL — create it, manage its members and their
//! sealed team key, read and verify its audit log.

use clap::{Args, Subcommand};

use super::InventoryArgs;
use super::inventory::{folder_and_passphrase, print_json};
use crate::store::{Inventory, VaultOptions, migrate, shared};
use crate::team::keys::IdentityStore;
use crate::team::{Role, Team};

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Print this user's team recipient (age1…), making the identity on first use; an admin adds
    /// you with it. Its secret half stays in the OS keychain (or the vault passphrase's file).
    Identity,
    /// Create the team in an empty PostgreSQL database: schema, roles, team key; you become its
    /// first admin (your login role must be allowed to create roles).
    Init(UrlArgs),
    /// Bring the team's schema up to this certdeck's version (an admin, once, after updating
    /// certdeck; the shared inventory refuses an older schema until then).
    Upgrade(UrlArgs),
    /// The members with their roles.
    Members {
        #[command(flatten)]
        url: UrlArgs,
        #[arg(long)]
        json: bool,
    },
    /// Add a member: their login role gets the certdeck role, the team key is sealed for them.
    Add {
        #[command(flatten)]
        url: UrlArgs,
        /// Their PostgreSQL login role (created without a password if missing: set how they log
        /// in the way your database administrator does).
        name: String,
        #[arg(long, value_parser = Role::parse)]
        role: Role,
        /// Their recipient, from `certdeck team identity` on their machine.
        #[arg(long)]
        recipient: String,
    },
    /// Remove a member and rotate the team key, so they cannot open keys added afterwards.
    Remove {
        #[command(flatten)]
        url: UrlArgs,
        name: String,
    },
    /// Copy this data folder's own inventory up to the team's (--from-local; the folder then
    /// uses the team's, its own file stays as it was), or the team's down into the folder's own
    /// empty one (--to-local; the folder then uses its own again). Every object is compared
    /// after the copy.
    Migrate {
        #[arg(
            long,
            required_unless_present = "to_local",
            conflicts_with = "to_local"
        )]
        from_local: bool,
        #[arg(long)]
        to_local: bool,
        /// The team database (with --from-local).
        #[arg(long, env = "CERTDECK_TEAM_URL", required_unless_present = "to_local")]
        url: Option<String>,
    },
    /// Point this data folder at the team's shared inventory (no copy: a member joining), or
    /// back at its own (--local).
    Use {
        /// The team database.
        #[arg(required_unless_present = "local", conflicts_with = "local")]
        url: Option<String>,
        #[arg(long)]
        local: bool,
    },
    /// The audit log (oldest first); --verify checks its hash chain, --json or --csv export it.
    Log {
        #[command(flatten)]
        url: UrlArgs,
        #[arg(long)]
        verify: bool,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        #[arg(long)]
        csv: bool,
    },
}

#[derive(Debug, Args, Default)]
pub struct UrlArgs {
    /// The team database: postgres://USER@HOST:PORT/DATABASE (add ?sslmode=require across a
    /// network). Without it, the shared inventory this data folder uses.
    #[arg(long, env = "CERTDECK_TEAM_URL")]
    pub url: Option<String>,
}

impl UrlArgs {
    /// The address given, else the one the data folder `dir` uses.
    fn address(&self, dir: &std::path::Path) -> anyhow::Result<String> {
        match &self.url {
            Some(url) => Ok(url.clone()),
            // `certdeck log --verify` builds these arguments itself: the environment last.
            None => shared::address(dir)?
                .or_else(|| std::env::var("CERTDECK_TEAM_URL").ok())
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "give the team database (--url or CERTDECK_TEAM_URL): {} uses its own \
                     inventory",
                        dir.display()
                    )
                }),
        }
    }
}

pub fn team(command: TeamCommand, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let (dir, passphrase) = folder_and_passphrase(inventory)?;
    let options = || VaultOptions {
        passphrase: passphrase.clone(),
        keychain: !inventory.no_keychain,
    };
    let command = match command {
        TeamCommand::Migrate {
            from_local, url, ..
        } => return migrate(&dir, from_local, url.as_deref(), options),
        TeamCommand::Use { url, .. } => {
            if let Some(url) = &url {
                // Opened once, so a wrong address or a missing grant is said now.
                Inventory::open_shared(url, &dir, options())?;
            }
            shared::point(&dir, url.as_deref())?;
            match url {
                Some(url) => println!("{} now uses the shared inventory at {url}", dir.display()),
                None => println!("{} now uses its own inventory again", dir.display()),
            }
            return Ok(0);
        }
        other => other,
    };
    let vault = options();
    let identities = IdentityStore::of(&dir, &vault);
    let runtime = super::runtime()?;
    runtime.block_on(async {
        match command {
            TeamCommand::Identity => {
                let identity = identities.identity().map_err(anyhow::Error::msg)?;
                println!("{}", identity.to_public());
                Ok(0)
            }
            TeamCommand::Init(url) => {
                let me = Team::create(&url.address(&dir)?, &identities)
                    .await
                    .map_err(anyhow::Error::msg)?;
                println!("team created; {me} is its first admin");
                Ok(0)
            }
            TeamCommand::Upgrade(url) => {
                let mut team = Team::open(&url.address(&dir)?)
                    .await
                    .map_err(anyhow::Error::msg)?;
                let before = team.schema_version().await.map_err(anyhow::Error::msg)?;
                let now = team.migrate().await.map_err(anyhow::Error::msg)?;
                println!("team schema version {now} (was {before})");
                warn_takeover(&team).await;
                // An admin who upgrades signs the current team key (schema 4 checks it): read
                // through the key, which signs it when it is not signed yet.
                if let Ok(identity) = identities.identity()
                    && team.team_key(&identity).await.is_ok()
                {
                    println!("the current team key is signed");
                }
                Ok(0)
            }
            TeamCommand::Members { url, json } => {
                let team = Team::open(&url.address(&dir)?)
                    .await
                    .map_err(anyhow::Error::msg)?;
                let members = team.members().await.map_err(anyhow::Error::msg)?;
                warn_takeover(&team).await;
                if json {
                    print_json(&members)?;
                } else {
                    for member in &members {
                        println!(
                            "{:<24} {:<9} {} (added by {})",
                            member.name,
                            member.role.word(),
                            member.recipient,
                            member.added_by
                        );
                    }
                }
                Ok(0)
            }
            TeamCommand::Add {
                url,
                name,
                role,
                recipient,
            } => {
                let identity = identities.identity().map_err(anyhow::Error::msg)?;
                let mut team = Team::open(&url.address(&dir)?)
                    .await
                    .map_err(anyhow::Error::msg)?;
                team.add_member(&name, role, &recipient, &identity)
                    .await
                    .map_err(anyhow::Error::msg)?;
                println!("{name} added as {}", role.word());
                Ok(0)
            }
            TeamCommand::Remove { url, name } => {
                let identity = identities.identity().map_err(anyhow::Error::msg)?;
                let mut team = Team::open(&url.address(&dir)?)
                    .await
                    .map_err(anyhow::Error::msg)?;
                team.remove_member(&name, &identity)
                    .await
                    .map_err(anyhow::Error::msg)?;
                println!(
                    "{name} removed; the team key was replaced and every sealed key re-sealed"
                );
                Ok(0)
            }
            TeamCommand::Log {
                url,
                verify,
                json,
                csv,
            } => {
                let team = Team::open(&url.address(&dir)?)
                    .await
                    .map_err(anyhow::Error::msg)?;
                let entries = team.audit().await.map_err(anyhow::Error::msg)?;
                if verify {
                    use crate::team::head;
                    let team_id = team.team_id().await.map_err(anyhow::Error::msg)?;
                    let verdict = crate::team::audit::verify(&entries)
                        .and_then(|count| head::check(&dir, &team_id, &entries).map(|()| count));
                    return match verdict {
                        Ok(count) => {
                            head::remember(&dir, &team_id, &entries, super::moment(None)?)
                                .map_err(anyhow::Error::msg)?;
                            println!(
                                "the log holds: {count} rows, each linked to the one before, \
                                 the newest this machine verified before still there"
                            );
                            println!("{}", head::WHAT_IT_PROVES);
                            Ok(0)
                        }
                        Err(broken) => {
                            eprintln!("certdeck: {broken}");
                            Ok(1)
                        }
                    };
                }
                if json {
                    print_json(&entries)?;
                } else if csv {
                    print_csv(&entries)?;
                } else {
                    for e in &entries {
                        println!(
                            "{} {} {} {} {} {}",
                            e.at, e.who, e.action, e.object, e.result, e.detail
                        );
                    }
                }
                Ok(0)
            }
            TeamCommand::Migrate { .. } | TeamCommand::Use { .. } => {
                unreachable!("answered before the team's connection")
            }
        }
    })
}

/// `team migrate`: [`migrate::migrate_folder`], with what it copied.
fn migrate(
    dir: &std::path::Path,
    from_local: bool,
    url: Option<&str>,
    options: impl Fn() -> VaultOptions,
) -> anyhow::Result<u8> {
    let direction = if from_local {
        migrate::Direction::Up
    } else {
        migrate::Direction::Down
    };
    if from_local && url.is_none() {
        anyhow::bail!("give the team database (--url or CERTDECK_TEAM_URL)");
    }
    let copied = migrate::migrate_folder(
        dir,
        direction,
        url.filter(|_| from_local),
        &options(),
        &mut |table, rows| eprintln!("{table:<24} {rows:>8}"),
        &std::sync::atomic::AtomicBool::new(false),
    )?;
    println!(
        "{} sealed value(s) sealed again; every object compared; {} now uses {}",
        copied.resealed,
        dir.display(),
        if from_local {
            "the shared inventory"
        } else {
            "its own inventory"
        }
    );
    Ok(0)
}

/// The log as CSV (RFC 4180: fields quoted, quotes doubled).
fn print_csv(entries: &[crate::team::audit::Entry]) -> anyhow::Result<()> {
    use std::io::Write;
    // A field a spreadsheet would run as a formula is written as text (crate::sanitize).
    let quote = |field: &str| {
        let field = crate::sanitize::csv_cell(field);
        format!("\"{}\"", field.replace('"', "\"\""))
    };
    let mut out = std::io::BufWriter::new(crate::sanitize::Visible::new(std::io::stdout().lock()));
    writeln!(out, "id,at,who,action,object,result,detail")?;
    for e in entries {
        let at =
            e.at.format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default();
        writeln!(
            out,
            "{},{},{},{},{},{},{}",
            e.id,
            at,
            quote(&e.who),
            quote(&e.action),
            quote(&e.object),
            quote(&e.result),
            quote(&e.detail)
        )?;
    }
    out.flush()?;
    Ok(())
}

/// Names the login roles that could take the team over (PostgreSQL 15 and CREATEROLE).
async fn warn_takeover(team: &Team) {
    if let Ok(roles) = team.takeover_risks().await
        && !roles.is_empty()
    {
        eprintln!(
            "certdeck: warning: on PostgreSQL 15 a role with CREATEROLE can grant itself the \
             team's owner role: {} — remove it (ALTER ROLE … NOCREATEROLE) or move to PostgreSQL 16",
            roles.join(", ")
        );
    }
}
