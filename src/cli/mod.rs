//! The command line: one file per command; this file parses and dispatches.

mod calibrate;
mod explore;
mod list;
mod parity;
mod play;
mod render;
mod score;
mod validate;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::core::load::{self, Library, Loaded};

#[derive(Debug, Parser)]
#[command(
    name = "frontline",
    version,
    about = "Practise customer service on simulated customers; get explained scores.",
    long_about = "Practise customer service on simulated customers and get every reply scored on \
                  empathy, accuracy and resolution, with the evidence.\n\nWith no command, \
                  starts an interactive session: pick a scenario, play it, read the debrief."
)]
pub struct Cli {
    /// Folder of scenario files [default: ./scenarios, else the bundled library]
    #[arg(long, global = true, env = "FRONTLINE_SCENARIOS", value_name = "DIR")]
    library: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the scenarios in the library
    List(list::Args),
    /// Check scenario files and report every problem with its file:line:col
    Validate(validate::Args),
    /// Play a scenario interactively, or from an answers file
    Play(play::Args),
    /// Score one reply (or a file of replies) on empathy, accuracy and resolution
    Score(score::Args),
    /// Analyse a scenario's branches: reachability, paths, best and worst scores
    Explore(explore::Args),
    /// Compare automatic scores with human ratings in a CSV file
    Calibrate(calibrate::Args),
    /// Compare how the English and Indonesian lexicons judge parallel sentences
    Parity(parity::Args),
}

/// Why a command stopped: bad arguments (exit 2) or problems found (exit 1).
#[derive(Debug)]
pub enum Failure {
    Usage(String),
    Problems(String),
    /// Problems already reported on stderr.
    Reported,
}

pub type Outcome = Result<(), Failure>;

pub fn run(cli: Cli) -> ExitCode {
    let library = cli.library.clone();
    let result = match cli.command {
        None => play::interactive_menu(library.as_deref()),
        Some(Command::List(a)) => list::run(a, library.as_deref()),
        Some(Command::Validate(a)) => validate::run(a, library.as_deref()),
        Some(Command::Play(a)) => play::run(a, library.as_deref()),
        Some(Command::Score(a)) => score::run(a, library.as_deref()),
        Some(Command::Explore(a)) => explore::run(a, library.as_deref()),
        Some(Command::Calibrate(a)) => calibrate::run(a, library.as_deref()),
        Some(Command::Parity(a)) => parity::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            let (code, msg) = match f {
                Failure::Usage(m) => (2, Some(m)),
                Failure::Problems(m) => (1, Some(m)),
                Failure::Reported => (1, None),
            };
            if let Some(m) = msg {
                let _ = writeln!(std::io::stderr(), "error: {m}");
            }
            ExitCode::from(code)
        }
    }
}

/// The library folder: the flag or environment, else `./scenarios`, else the one that
/// ships with the source tree.
pub fn library_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    let local = PathBuf::from("scenarios");
    if local.is_dir() {
        return local;
    }
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    if bundled.is_dir() { bundled } else { local }
}

pub fn load_library_at(flag: Option<&Path>) -> Result<Library, Failure> {
    let dir = library_dir(flag);
    if !dir.is_dir() {
        return Err(Failure::Usage(format!(
            "no scenario library at {}; pass --library DIR or run from the Frontline folder",
            dir.display()
        )));
    }
    Ok(load::load_library(&[dir]))
}

/// A scenario named by id (from the library) or by path. A scenario with errors is
/// refused, with its diagnostics on stderr.
pub fn resolve_scenario(arg: &str, flag: Option<&Path>) -> Result<Loaded, Failure> {
    let as_path = Path::new(arg);
    if as_path.is_file() || arg.ends_with(".ron") {
        if !as_path.exists() {
            return Err(Failure::Usage(format!("no such scenario file: {arg}")));
        }
        let report = load::load_file(as_path);
        let errors: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).collect();
        if !errors.is_empty() {
            let mut err = std::io::stderr().lock();
            for d in &errors {
                let _ = writeln!(err, "{d}\n");
            }
            let _ = writeln!(
                err,
                "error: {arg} has {} error(s); fix them before playing",
                errors.len()
            );
            return Err(Failure::Reported);
        }
        return report.loaded.ok_or(Failure::Reported);
    }
    let lib = load_library_at(flag)?;
    match lib.find(arg) {
        Some(l) => Ok(l.clone()),
        None => {
            let broken = lib.diagnostics.iter().any(|d| d.is_error());
            let mut ids: Vec<&str> = lib
                .scenarios
                .iter()
                .map(|l| l.scenario.id.as_str())
                .collect();
            ids.sort_unstable();
            Err(Failure::Usage(format!(
                "no scenario `{arg}` in {}{}; known ids: {}",
                library_dir(flag).display(),
                if broken {
                    " (some files have errors: run `frontline validate`)"
                } else {
                    ""
                },
                if ids.is_empty() {
                    "none".to_string()
                } else {
                    ids.join(", ")
                }
            )))
        }
    }
}

/// A seed from the clock, for sessions the trainee did not ask to replay.
pub fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    // Keep seeds short enough to type back in.
    (nanos ^ u64::from(std::process::id()).rotate_left(32)) % 1_000_000_000
}

/// Print JSON to stdout; a closed pipe is not an error worth a panic.
pub fn print_json<T: serde::Serialize>(value: &T) -> Outcome {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Failure::Problems(format!("cannot write JSON: {e}")))?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
    Ok(())
}
