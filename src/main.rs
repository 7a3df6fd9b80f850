use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = certdeck::cli::Cli::parse();
    match cli.command {
        Some(command) => certdeck::cli::run(command),
        None => open_window(),
    }
}

#[cfg(feature = "gui")]
fn open_window() -> ExitCode {
    match certdeck::gui::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("certdeck: cannot open the window: {error}");
            ExitCode::from(certdeck::cli::EXIT_ERROR)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_window() -> ExitCode {
    use clap::CommandFactory;
    eprintln!("certdeck was built without the desktop window (feature \"gui\"); use a command:\n");
    let _ = certdeck::cli::Cli::command().print_help();
    ExitCode::from(certdeck::cli::EXIT_ERROR)
}
