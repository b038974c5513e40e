use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // clap exits 2 on a usage error and 0 for --help and --version.
    let cli = caseboard::cli::Cli::parse();
    match caseboard::cli::run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("caseboard: {e:#}");
            ExitCode::from(1)
        }
    }
}
