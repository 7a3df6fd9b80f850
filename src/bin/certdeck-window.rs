//! The desktop window as a program of its own, for launchers. On Windows it is built for the GUI
//! subsystem, so starting it from the Start menu or opening a certificate from Explorer shows no
//! console window; `certdeck.exe` stays a console program for the command line (the
//! `python.exe` / `pythonw.exe` pattern). The MSI's shortcut and *Open with* entries start this
//! one with the files to open; elsewhere `certdeck` with no command opens the same window.
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    let files = std::env::args_os()
        .skip(1)
        .map(std::path::PathBuf::from)
        .collect();
    match certdeck::gui::run(files) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // No console to print to on Windows: say it in a message box.
            rfd::MessageDialog::new()
                .set_level(rfd::MessageLevel::Error)
                .set_title("certdeck")
                .set_description(format!("certdeck cannot open its window: {error}"))
                .show();
            ExitCode::from(certdeck::cli::EXIT_ERROR)
        }
    }
}
