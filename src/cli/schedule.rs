//! `certdeck schedule`: the OS scheduler's hourly entry running `certdeck renew --due` — the
//! user's own, or system-wide as a service account.

use anyhow::Context;
use clap::{Subcommand, ValueEnum};

use super::InventoryArgs;
use crate::acme::{schedule, system_schedule};

#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Install the OS scheduler's entry running `certdeck renew --due` every hour (as you; with
    /// --service-user, system-wide as that account: run as root).
    Install {
        /// System-wide, as this service account (Linux: a systemd system timer with `User=`
        /// and the vault passphrase file as a credential, or /etc/cron.d without systemd;
        /// Windows: a Task Scheduler task run as the account whether or not anyone is logged
        /// on, the passphrase file readable by that account only).
        #[arg(long, value_name = "USER")]
        service_user: Option<String>,
    },
    Status,
    Remove {
        /// The system-wide entry (as root).
        #[arg(long)]
        service_user: bool,
    },
    /// Print the entry for this system (or another) without installing it.
    Show {
        /// linux (systemd), cron, windows or macos (launchd).
        #[arg(long, value_enum)]
        system: Option<SystemArg>,
        /// The system-wide entry for this service account.
        #[arg(long, value_name = "USER")]
        service_user: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SystemArg {
    #[value(alias = "linux")]
    Systemd,
    Cron,
    Windows,
    #[value(alias = "macos")]
    Launchd,
}

pub fn schedule_command(command: ScheduleCommand, inventory: &InventoryArgs) -> anyhow::Result<u8> {
    let program = std::env::current_exe().context("cannot tell where certdeck is installed")?;
    let invocation = schedule::Invocation::renew(
        program,
        inventory.data_dir.as_deref(),
        inventory.vault_passphrase_file.as_deref(),
    );
    let system_pass = |user: &str| -> anyhow::Result<system_schedule::SystemPass> {
        let data_dir = inventory.data_dir.clone().ok_or_else(|| {
            anyhow::anyhow!(
                "a system-wide pass needs the inventory's folder: --data-dir DIR (the service \
                 account's, e.g. /var/lib/certdeck)"
            )
        })?;
        Ok(system_schedule::SystemPass {
            program: std::env::current_exe()?,
            user: user.to_string(),
            data_dir,
            passphrase_file: inventory.vault_passphrase_file.clone(),
        })
    };
    // What the entry carries of the vault passphrase: a file, by its path; a variable cannot
    // be carried (and must not be written into an entry).
    let passphrase_note = || match &inventory.vault_passphrase_file {
        Some(file) => eprintln!(
            "the entry reads the vault passphrase from {} (keep it readable by the account that \
             renews, and only by it)",
            file.display()
        ),
        None if std::env::var_os("CERTDECK_VAULT_PASSPHRASE").is_some() => eprintln!(
            "certdeck: warning: the vault passphrase came from CERTDECK_VAULT_PASSPHRASE, which \
             the scheduled pass will not have: give --vault-passphrase-file FILE (or rely on the \
             keychain)"
        ),
        None => {}
    };
    let message = match command {
        ScheduleCommand::Install { service_user: None } => {
            passphrase_note();
            schedule::install(&invocation)
        }
        ScheduleCommand::Install {
            service_user: Some(user),
        } => {
            passphrase_note();
            system_schedule::install_system(&system_pass(&user)?)
        }
        ScheduleCommand::Status => schedule::status(),
        ScheduleCommand::Remove {
            service_user: false,
        } => schedule::remove(),
        ScheduleCommand::Remove { service_user: true } => system_schedule::remove_system(),
        ScheduleCommand::Show {
            system,
            service_user: Some(user),
        } => {
            let pass = system_pass(&user)?;
            match system.unwrap_or(SystemArg::Systemd) {
                SystemArg::Systemd => pass.systemd_units().map(|(service, timer)| {
                    format!(
                        "# {0}/{1}.service\n{service}\n# {0}/{1}.timer\n{timer}",
                        system_schedule::SYSTEM_UNIT_DIR,
                        schedule::UNIT
                    )
                }),
                SystemArg::Cron => pass
                    .cron_entry()
                    .map(|entry| format!("# {}\n{entry}", system_schedule::CRON_FILE)),
                SystemArg::Windows => pass.windows_task("2026-01-01T00:00:00").map(|xml| {
                    format!(
                        "REM schtasks /Create /TN {} /XML <this file, UTF-16> /F\n{xml}",
                        system_schedule::WINDOWS_SYSTEM_TASK
                    )
                }),
                SystemArg::Launchd => Err(
                    "on macOS a pass runs as the account that renews: `certdeck schedule \
                     install` as that account (a launchd agent)"
                        .to_string(),
                ),
            }
        }
        ScheduleCommand::Show {
            system,
            service_user: None,
        } => {
            let system = system.unwrap_or(if cfg!(windows) {
                SystemArg::Windows
            } else if cfg!(target_os = "macos") {
                SystemArg::Launchd
            } else {
                SystemArg::Systemd
            });
            Ok(match system {
                SystemArg::Cron => {
                    return Err(anyhow::anyhow!(
                        "cron runs the system-wide pass: give --service-user USER"
                    ));
                }
                SystemArg::Systemd => {
                    let (service, timer) = schedule::systemd_units(&invocation);
                    format!(
                        "# {0}.service\n{service}\n# {0}.timer\n{timer}",
                        schedule::UNIT
                    )
                }
                SystemArg::Windows => schedule::windows_task(&invocation, "2026-01-01T00:00:00"),
                // launchd does not expand `~`: the log's path is this account's, whole.
                SystemArg::Launchd => schedule::launchd_plist(
                    &invocation,
                    &directories::BaseDirs::new()
                        .map(|d| d.home_dir().to_path_buf())
                        .unwrap_or_else(|| std::path::PathBuf::from("/Users/Shared"))
                        .join("Library/Logs/certdeck-renew.log"),
                ),
            })
        }
    }
    .map_err(anyhow::Error::msg)?;
    println!("{message}");
    Ok(0)
}
