use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = certdeck::cli::Cli::parse();
    match cli.command {
        Some(command) => certdeck::cli::run(command, &cli.inventory),
        None => open_window(cli.files),
    }
}

#[cfg(feature = "gui")]
fn open_window(files: Vec<std::path::PathBuf>) -> ExitCode {
    match certdeck::gui::run(files) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("certdeck: cannot open the window: {error}");
            ExitCode::from(certdeck::cli::EXIT_ERROR)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_window(_files: Vec<std::path::PathBuf>) -> ExitCode {
    use clap::CommandFactory;
    eprintln!("certdeck was built without the desktop window (feature \"gui\"); use a command:\n");
    let _ = certdeck::cli::Cli::command().print_help();
    ExitCode::from(certdeck::cli::EXIT_ERROR)
}
