//! `frontline validate`: every problem in every file, compiler style.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Failure, Outcome, library_dir};
use crate::core::load;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files or folders [default: the library]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

pub fn run(args: Args, library: Option<&Path>) -> Outcome {
    let paths = if args.paths.is_empty() {
        vec![library_dir(library)]
    } else {
        args.paths
    };
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        return Err(Failure::Usage(format!(
            "no such file or folder: {}",
            missing.display()
        )));
    }
    let lib = load::load_library(&paths);
    match args.format {
        Format::Json => super::print_json(&lib.diagnostics)?,
        Format::Text => {
            let mut out = std::io::stdout().lock();
            for d in &lib.diagnostics {
                let _ = writeln!(out, "{d}\n");
            }
            let _ = writeln!(
                out,
                "checked {} file(s): {} error(s), {} warning(s)",
                lib.files,
                lib.errors(),
                lib.warnings()
            );
        }
    }
    if lib.errors() > 0 {
        Err(Failure::Reported)
    } else {
        Ok(())
    }
}
