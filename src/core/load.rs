//! Reading scenario files and libraries, with every problem located.
//!
//! The one place in the core that touches the file system.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use ron::error::{Error as RonError, SpannedError};
use ron::extensions::Extensions;

use super::diagnostic::{Diagnostic, Severity, sort};
use super::scenario::Scenario;
use super::spans::{self, Spanned, offset_of};
use super::validate;

/// Limits that keep a hostile or broken file from hanging or exhausting the app.
pub mod limits {
    /// A scenario file larger than this is refused unread.
    pub const MAX_FILE_BYTES: u64 = 1024 * 1024;
    pub const MAX_NODES: usize = 2_000;
    pub const MAX_CHOICES: usize = 12;
    pub const MAX_VARIANTS: usize = 32;
    /// Characters in any one piece of text (a line, a choice, a phrase).
    pub const MAX_TEXT_CHARS: usize = 4_000;
    pub const MAX_FILES: usize = 10_000;
    /// Unknown-field errors reported per file before giving up on recovery.
    pub const MAX_RECOVERIES: usize = 100;
}

/// A scenario that parsed, with where it came from and where its parts stand.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    pub source: String,
    pub scenario: Scenario,
    pub spans: Spanned,
}

/// The outcome of loading one file: the scenario if it parsed, and everything found.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub loaded: Option<Loaded>,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The scenarios of a library and the problems found in it.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Scenarios that loaded without errors, in path order.
    pub scenarios: Vec<Loaded>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many scenario files were read.
    pub files: usize,
}

impl Library {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// A scenario by id, or by the path it was loaded from.
    pub fn find(&self, id_or_path: &str) -> Option<&Loaded> {
        self.scenarios
            .iter()
            .find(|l| l.scenario.id == id_or_path)
            .or_else(|| {
                let want = Path::new(id_or_path);
                self.scenarios.iter().find(|l| l.path == want)
            })
    }
}

/// RON options for scenarios: `implicit_some` so trainers never write `Some(..)`.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Read and check one scenario file.
pub fn load_file(path: &Path) -> FileReport {
    match read_limited(path) {
        Ok(src) => load_str(path, &src),
        Err(d) => FileReport {
            loaded: None,
            diagnostics: vec![d],
        },
    }
}

fn read_limited(path: &Path) -> Result<String, Diagnostic> {
    let fail = |msg: String| Diagnostic::whole_file(path, Severity::Error, msg);
    let meta = fs::metadata(path).map_err(|e| fail(format!("cannot read file: {e}")))?;
    if meta.len() > limits::MAX_FILE_BYTES {
        return Err(fail(format!(
            "file is {} bytes; a scenario may be at most {} bytes",
            meta.len(),
            limits::MAX_FILE_BYTES
        )));
    }
    let bytes = fs::read(path).map_err(|e| fail(format!("cannot read file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let src = String::from_utf8_lossy(e.as_bytes()).into_owned();
        Diagnostic::at(
            path,
            &src,
            e.utf8_error().valid_up_to(),
            Severity::Error,
            "file is not valid UTF-8 text; save it as UTF-8".to_string(),
        )
    })
}

/// Parse and check scenario text that claims to come from `path`.
pub fn load_str(path: &Path, src: &str) -> FileReport {
    let mut diagnostics = Vec::new();
    if src.len() as u64 > limits::MAX_FILE_BYTES {
        diagnostics.push(Diagnostic::whole_file(
            path,
            Severity::Error,
            format!(
                "text is {} bytes; a scenario may be at most {} bytes",
                src.len(),
                limits::MAX_FILE_BYTES
            ),
        ));
        return FileReport {
            loaded: None,
            diagnostics,
        };
    }
    // Unknown and duplicate fields are reported, blanked out and the text parsed again,
    // so a trainer sees every typo at once. Blanking keeps newlines, so later positions
    // stay true to the original file.
    let mut text = src.to_string();
    let mut parsed = None;
    for _ in 0..=limits::MAX_RECOVERIES {
        match ron_options().from_str::<Scenario>(&text) {
            Ok(s) => {
                parsed = Some(s);
                break;
            }
            Err(err) => {
                diagnostics.push(ron_diagnostic(path, src, &err));
                if !blank_offending_field(&mut text, &err) {
                    break;
                }
            }
        }
    }
    let Some(scenario) = parsed else {
        return FileReport {
            loaded: None,
            diagnostics,
        };
    };
    if !diagnostics.is_empty() {
        // The text only parsed once typos were removed; judging the rest would report
        // consequences of those typos, so stop at the field errors.
        return FileReport {
            loaded: None,
            diagnostics,
        };
    }
    let Some(tree) = spans::scan(src) else {
        // ron accepted what our scanner cannot follow; report it rather than guess.
        diagnostics.push(Diagnostic::whole_file(
            path,
            Severity::Error,
            "the file parsed but its layout could not be indexed for error positions; \
             avoid exotic RON syntax (byte strings, raw identifiers)"
                .to_string(),
        ));
        return FileReport {
            loaded: None,
            diagnostics,
        };
    };
    let loaded = Loaded {
        path: path.to_path_buf(),
        source: src.to_string(),
        scenario,
        spans: tree,
    };
    diagnostics.extend(validate::check(&loaded));
    sort(&mut diagnostics);
    FileReport {
        loaded: Some(loaded),
        diagnostics,
    }
}

fn ron_diagnostic(path: &Path, src: &str, err: &SpannedError) -> Diagnostic {
    let message = match &err.code {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let hint = closest(found, expected)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            format!(
                "unknown field `{found}`{}{hint}; expected one of: {}",
                outer
                    .as_ref()
                    .map(|o| format!(" in {o}"))
                    .unwrap_or_default(),
                expected.join(", ")
            )
        }
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let hint = closest(found, expected)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            format!(
                "unknown value `{found}`{}{hint}; expected one of: {}",
                outer
                    .as_ref()
                    .map(|o| format!(" for {o}"))
                    .unwrap_or_default(),
                expected.join(", ")
            )
        }
        RonError::MissingStructField { field, outer } => format!(
            "missing field `{field}`{}",
            outer
                .as_ref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default()
        ),
        RonError::DuplicateStructField { field, outer } => format!(
            "field `{field}` is given twice{}",
            outer
                .as_ref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default()
        ),
        RonError::ExceededRecursionLimit => "nesting is too deep".to_string(),
        other => format!("syntax error: {other}"),
    };
    let (line, col) = (err.span.start.line.max(1), err.span.start.col.max(1));
    Diagnostic::at_line_col(path, src, line, col, Severity::Error, message)
}

/// After an unknown or duplicate field error, blank that field's entry in `text`.
fn blank_offending_field(text: &mut String, err: &SpannedError) -> bool {
    if !matches!(
        err.code,
        RonError::NoSuchStructField { .. } | RonError::DuplicateStructField { .. }
    ) {
        return false;
    }
    let Some(tree) = spans::scan(text) else {
        return false;
    };
    let at = offset_of(text, err.span.start.line, err.span.start.col);
    let mut fields = Vec::new();
    tree.walk_fields(&mut fields);
    let Some(field) = fields
        .iter()
        .find(|f| f.name_span.contains(&at) || f.name_span.start == at)
    else {
        return false;
    };
    let range = field.entry_span.clone();
    let blanked: String = text[range.clone()]
        .chars()
        .map(|c| if c == '\n' { '\n' } else { ' ' })
        .collect();
    text.replace_range(range, &blanked);
    true
}

/// The candidate nearest to `found` by edit distance, if it is plausibly a typo.
fn closest<'a>(found: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(found, c), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Every `.ron` file under `paths` (files are taken as given), sorted, at most
/// `limits::MAX_FILES`; unreadable directories become diagnostics.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut files, &mut diags, 0);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            diags.push(Diagnostic::whole_file(
                p,
                Severity::Error,
                "no such file or directory".into(),
            ));
        }
    }
    files.sort();
    files.dedup();
    if files.len() > limits::MAX_FILES {
        let first_dropped = files[limits::MAX_FILES].clone();
        files.truncate(limits::MAX_FILES);
        diags.push(Diagnostic::whole_file(
            &first_dropped,
            Severity::Error,
            format!(
                "more than {} scenario files; the rest were not read",
                limits::MAX_FILES
            ),
        ));
    }
    (files, diags)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, diags: &mut Vec<Diagnostic>, depth: usize) {
    if depth > 16 {
        diags.push(Diagnostic::whole_file(
            dir,
            Severity::Error,
            "folders nested too deeply".into(),
        ));
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(Diagnostic::whole_file(
                dir,
                Severity::Error,
                format!("cannot read folder: {e}"),
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let p = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&p, files, diags, depth + 1);
        } else if p.extension().is_some_and(|e| e == "ron") {
            files.push(p);
        }
    }
}

/// Load every scenario under `paths`, checking each file and ids across files.
pub fn load_library(paths: &[PathBuf]) -> Library {
    let (files, mut diagnostics) = discover(paths);
    let mut lib = Library {
        files: files.len(),
        ..Library::default()
    };
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    for file in &files {
        let report = load_file(file);
        let has_errors = report.has_errors();
        diagnostics.extend(report.diagnostics);
        let Some(loaded) = report.loaded else {
            continue;
        };
        let id = loaded.scenario.id.clone();
        if let Some(first) = seen.get(&id) {
            let at = id_offset(&loaded);
            diagnostics.push(Diagnostic::at(
                &loaded.path,
                &loaded.source,
                at,
                Severity::Error,
                format!("scenario id `{id}` is already used by {}", first.display()),
            ));
            continue;
        }
        seen.insert(id, loaded.path.clone());
        if !has_errors {
            lib.scenarios.push(loaded);
        }
    }
    lib.diagnostics = diagnostics;
    lib
}

fn id_offset(l: &Loaded) -> usize {
    l.spans
        .get(&[spans::Key::Field("id")])
        .map_or(0, |s| s.span.start)
}
