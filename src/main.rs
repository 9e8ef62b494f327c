//! The `frontline` binary: parse arguments and run a command (or the interactive trainer).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    frontline::cli::run(frontline::cli::Cli::parse())
}
