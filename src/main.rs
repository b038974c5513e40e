use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // clap exits 2 on a usage error and 0 for --help and --version.
    let cli = caseboard::cli::Cli::parse();
    match caseboard::cli::run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            // Errors quote what was typed and read: never let it drive the terminal.
            eprintln!(
                "caseboard: {}",
                caseboard::domain::text::display(&format!("{e:#}"))
            );
            ExitCode::from(1)
        }
    }
}
