//! Located problems in scenario files, in the shape a compiler reports them.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

use super::spans::line_col;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem at one place in one file. Line and column are 1-based; the column counts
/// characters, not bytes, so it matches what an editor shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub severity: Severity,
    pub message: String,
    /// The text of the offending line, for rendering; not part of the JSON form.
    #[serde(skip)]
    pub source_line: String,
}

impl Diagnostic {
    /// A diagnostic at byte `offset` of `src`.
    pub fn at(file: &Path, src: &str, offset: usize, severity: Severity, message: String) -> Self {
        let (line, column) = line_col(src, offset);
        Diagnostic::at_line_col(file, src, line, column, severity, message)
    }

    pub fn at_line_col(
        file: &Path,
        src: &str,
        line: usize,
        column: usize,
        severity: Severity,
        message: String,
    ) -> Self {
        let source_line = src
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .to_string();
        Diagnostic {
            file: file.to_path_buf(),
            line,
            column,
            severity,
            message,
            source_line,
        }
    }

    /// A problem with a file as a whole (unreadable, too large).
    pub fn whole_file(file: &Path, severity: Severity, message: String) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            line: 1,
            column: 1,
            severity,
            message,
            source_line: String::new(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: severity: message`, then the source line and a caret, like rustc.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.severity,
            self.message
        )?;
        if !self.source_line.is_empty() {
            let gutter = self.line.to_string();
            let pad = " ".repeat(gutter.len());
            // Tabs keep their width so the caret lines up under the offending text.
            let lead: String = self
                .source_line
                .chars()
                .take(self.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(
                f,
                "\n{pad} |\n{gutter} | {}\n{pad} | {lead}^",
                self.source_line
            )?;
        }
        Ok(())
    }
}

/// Errors first by file order is the caller's job; this keeps one file's diagnostics in
/// reading order.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
}
