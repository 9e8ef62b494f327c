//! `frontline play` and the interactive trainer: drive a session from the keyboard or
//! from an answers file, and show the debrief.

use std::io::{BufRead, Read as _, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{Failure, Outcome, fresh_seed, load_library_at, print_json, render, resolve_scenario};
use crate::core::load::Loaded;
use crate::core::session::{Awaiting, Input, Session, SessionEvent};

/// An answers file larger than this is refused.
const MAX_ANSWERS_BYTES: u64 = 1024 * 1024;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario id (see `frontline list`) or path to a .ron file
    scenario: String,
    /// Seed for names, line variants and option order; the same seed replays the session
    #[arg(long)]
    seed: Option<u64>,
    /// Take replies from this file, one a line: a bare number picks that option,
    /// anything else is a typed reply ("-" reads standard input)
    #[arg(long, value_name = "FILE")]
    answers: Option<PathBuf>,
    /// Print the result as JSON
    #[arg(long)]
    json: bool,
}

/// Where replies come from.
trait Replies {
    /// The next reply and the time taken to give it; `None` when there are no more.
    fn next(&mut self, awaiting: &Awaiting) -> Result<Option<(String, Duration)>, Failure>;
    /// Tell the trainee an answer could not be used. Returns false when that is fatal.
    fn reject(&mut self, why: &str) -> Result<(), Failure>;
}

struct Keyboard<'a> {
    input: Box<dyn BufRead + 'a>,
}

impl Replies for Keyboard<'_> {
    fn next(&mut self, awaiting: &Awaiting) -> Result<Option<(String, Duration)>, Failure> {
        let prompt = match awaiting {
            Awaiting::Choice { options } => format!("your choice [1-{options}]> "),
            _ => "you> ".to_string(),
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{prompt}");
        let _ = err.flush();
        let started = Instant::now();
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) => Ok(None),
            Ok(_) => Ok(Some((
                line.trim_end_matches(['\r', '\n']).to_string(),
                started.elapsed(),
            ))),
            Err(e) => Err(Failure::Problems(format!("cannot read the keyboard: {e}"))),
        }
    }

    fn reject(&mut self, why: &str) -> Result<(), Failure> {
        let _ = writeln!(std::io::stderr(), "  {why}");
        Ok(())
    }
}

struct AnswersFile {
    name: String,
    lines: Vec<String>,
    at: usize,
}

impl AnswersFile {
    fn open(path: &Path) -> Result<AnswersFile, Failure> {
        let text = if path == Path::new("-") {
            let mut s = String::new();
            std::io::Read::read_to_string(
                &mut std::io::stdin().take(MAX_ANSWERS_BYTES + 1),
                &mut s,
            )
            .map_err(|e| Failure::Usage(format!("cannot read answers from standard input: {e}")))?;
            s
        } else {
            let meta = std::fs::metadata(path).map_err(|e| {
                Failure::Usage(format!("cannot read answers file {}: {e}", path.display()))
            })?;
            if meta.len() > MAX_ANSWERS_BYTES {
                return Err(Failure::Usage(format!(
                    "answers file {} is {} bytes; the limit is {MAX_ANSWERS_BYTES}",
                    path.display(),
                    meta.len()
                )));
            }
            let bytes = std::fs::read(path).map_err(|e| {
                Failure::Usage(format!("cannot read answers file {}: {e}", path.display()))
            })?;
            String::from_utf8(bytes).map_err(|_| {
                Failure::Usage(format!("answers file {} is not UTF-8 text", path.display()))
            })?
        };
        if text.len() as u64 > MAX_ANSWERS_BYTES {
            return Err(Failure::Usage(format!(
                "answers are over {MAX_ANSWERS_BYTES} bytes"
            )));
        }
        Ok(AnswersFile {
            name: path.display().to_string(),
            lines: text.lines().map(String::from).collect(),
            at: 0,
        })
    }
}

impl Replies for AnswersFile {
    fn next(&mut self, _: &Awaiting) -> Result<Option<(String, Duration)>, Failure> {
        while let Some(line) = self.lines.get(self.at) {
            self.at += 1;
            if !line.trim().is_empty() {
                return Ok(Some((line.trim().to_string(), Duration::ZERO)));
            }
        }
        Ok(None)
    }

    fn reject(&mut self, why: &str) -> Result<(), Failure> {
        Err(Failure::Problems(format!(
            "{}:{}: {why}",
            self.name, self.at
        )))
    }
}

/// Play one session to its end. Text goes to `show` (if any); returns the session.
fn drive(
    loaded: &Loaded,
    seed: u64,
    replies: &mut dyn Replies,
    mut show: Option<&mut dyn Write>,
) -> Result<Session, Failure> {
    let mut session = Session::new(&loaded.scenario, seed);
    let mut pending = session
        .advance(Input::Begin)
        .map_err(|e| Failure::Problems(e.to_string()))?;
    loop {
        if let Some(out) = show.as_deref_mut() {
            for e in &pending {
                if let Some(text) = render::event(e, session.customer()) {
                    let _ = write!(out, "{text}");
                }
                if let SessionEvent::Ended(d) = e {
                    let _ = write!(out, "{}", render::debrief(d, session.locale()));
                }
            }
            let _ = out.flush();
        }
        if session.is_finished() {
            return Ok(session);
        }
        let awaiting = session.awaiting();
        let Some((line, took)) = replies.next(&awaiting)? else {
            return Err(Failure::Problems(format!(
                "the replies ended before the conversation did (at node `{}`)",
                session.current_node().unwrap_or("?")
            )));
        };
        let input = match awaiting {
            Awaiting::Choice { options } => match line.trim().parse::<usize>() {
                Ok(n) if (1..=options).contains(&n) => Input::Choose(n),
                _ => {
                    replies.reject(&format!(
                        "expected an option number from 1 to {options}, got \"{line}\""
                    ))?;
                    pending = Vec::new();
                    continue;
                }
            },
            _ => Input::Reply(line),
        };
        pending = Vec::new();
        if !took.is_zero() {
            pending.extend(
                session
                    .advance(Input::Elapsed(took))
                    .map_err(|e| Failure::Problems(e.to_string()))?,
            );
            if session.is_finished() {
                continue;
            }
        }
        match session.advance(input) {
            Ok(events) => pending.extend(events),
            Err(e) => replies.reject(&e.to_string())?,
        }
    }
}

pub fn run(args: Args, library: Option<&Path>) -> Outcome {
    let loaded = resolve_scenario(&args.scenario, library)?;
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let session = match &args.answers {
        Some(path) => {
            let mut file = AnswersFile::open(path)?;
            let mut stdout = std::io::stdout().lock();
            let show: Option<&mut dyn Write> = if args.json { None } else { Some(&mut stdout) };
            let session = drive(&loaded, seed, &mut file, show)?;
            let left = file.lines[file.at..]
                .iter()
                .filter(|l| !l.trim().is_empty())
                .count();
            if left > 0 {
                let _ = writeln!(
                    std::io::stderr(),
                    "note: {left} answer line(s) after the end were not used"
                );
            }
            session
        }
        None => {
            let stdin = std::io::stdin();
            let mut keys = Keyboard {
                input: Box::new(stdin.lock()),
            };
            // With --json the conversation is shown on stderr, keeping stdout clean.
            let mut stderr = std::io::stderr();
            let mut stdout = std::io::stdout();
            let show: &mut dyn Write = if args.json { &mut stderr } else { &mut stdout };
            drive(&loaded, seed, &mut keys, Some(show))?
        }
    };
    if args.json
        && let Some(d) = session.debrief()
    {
        print_json(d)?;
    }
    Ok(())
}

/// No command given: choose a scenario from the library, play, repeat.
pub fn interactive_menu(library: Option<&Path>) -> Outcome {
    let lib = load_library_at(library)?;
    if lib.scenarios.is_empty() {
        return Err(Failure::Problems(
            "the scenario library is empty or every file has errors; run `frontline validate`"
                .into(),
        ));
    }
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut out = std::io::stdout();
    loop {
        let _ = writeln!(
            out,
            "\nFrontline: customer-service practice. Pick a scenario:\n"
        );
        for (i, l) in lib.scenarios.iter().enumerate() {
            let s = &l.scenario;
            let _ = writeln!(
                out,
                "{:>3}) [{}] {} ({}, {}, tier {})",
                i + 1,
                s.locale,
                s.title,
                s.duty,
                s.channel,
                s.tier
            );
        }
        let _ = write!(out, "\nnumber or id (q to quit)> ");
        let _ = out.flush();
        let mut line = String::new();
        if input
            .read_line(&mut line)
            .map_err(|e| Failure::Problems(e.to_string()))?
            == 0
        {
            return Ok(());
        }
        let pick = line.trim();
        if pick.eq_ignore_ascii_case("q") || pick.eq_ignore_ascii_case("quit") {
            return Ok(());
        }
        let chosen = pick
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| lib.scenarios.get(i))
            .or_else(|| lib.find(pick));
        let Some(loaded) = chosen else {
            let _ = writeln!(out, "no scenario \"{pick}\"");
            continue;
        };
        if let Some(s) = &loaded.scenario.objectives.first() {
            let _ = write!(out, "\nobjective: {}", render::wrap(s, ""));
        }
        let mut keys = Keyboard {
            input: Box::new(&mut input),
        };
        let played = drive(loaded, fresh_seed(), &mut keys, Some(&mut out));
        drop(keys);
        match played {
            Ok(_) => {
                // Let the trainee read the debrief before the menu scrolls it away.
                let _ = write!(out, "(press Enter for the menu) ");
                let _ = out.flush();
                let mut pause = String::new();
                if input.read_line(&mut pause).unwrap_or(0) == 0 {
                    return Ok(());
                }
            }
            Err(Failure::Problems(m)) if m.starts_with("the replies ended") => {
                let _ = writeln!(out, "\nsession abandoned");
                return Ok(());
            }
            Err(e) => return Err(e),
        }
    }
}
