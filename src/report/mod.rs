//! Output formats. A formatter reads the results and never re-runs rules.
//! Output is streamed file by file, in the order the files were given.

pub mod github;
pub mod gitlab;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod pr;
pub mod sarif;

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use crate::baseline::{self, FailOn};
use crate::engine::{Diagnostic, FileResult};
use crate::policy::{FilePolicy, MinScore};
use crate::rubric::Rubric;
use crate::rules::{Rule, Severity};

/// One linted file, as the formatters see it.
pub struct FileReport {
    /// The path as the user gave it or as found walking (relative where possible).
    pub path: String,
    pub source: String,
    pub lines: crate::document::LineIndex,
    pub result: FileResult,
    /// The rubric the file was linted with (files of one run may use different ones).
    pub rubric: Arc<Rubric>,
    /// The minimum score for this file, if any.
    pub min_score: Option<MinScore>,
    /// With `--diff-base` or `--baseline`: the file compared with its earlier version.
    pub comparison: Option<Box<baseline::Comparison>>,
}

impl FileReport {
    /// The identities of this file's diagnostics, in order (see [`baseline::findings`]).
    pub fn findings(&self) -> Vec<baseline::Finding> {
        baseline::findings(&self.source, &self.lines, &self.result.diagnostics)
    }

    /// Whether a compared file fails the run, and why.
    pub fn failures(&self, fail_on: FailOn, max_drop: Option<f64>) -> Vec<String> {
        let mut why = Vec::new();
        let Some(c) = &self.comparison else {
            return why;
        };
        let errors = self
            .result
            .diagnostics
            .iter()
            .zip(&c.states)
            .filter(|(d, s)| d.severity == Severity::Error && (fail_on == FailOn::All || s.is_new()))
            .count();
        if errors > 0 {
            let what = if fail_on == FailOn::New {
                "new error"
            } else {
                "error"
            };
            why.push(format!("{errors} {what}{}", if errors == 1 { "" } else { "s" }));
        }
        if self.below_min_score() {
            why.push(format!(
                "score {:.1} under {}",
                self.result.score.total,
                self.min_score_label()
            ));
        }
        if let (Some(max), Some(d)) = (max_drop, c.delta(&self.result.score))
            && -d > max
        {
            why.push(format!("score fell by {:.1}, more than --max-drop {max}", -d));
        }
        why
    }

    /// Keep only the new diagnostics (the formats that show what a change introduced).
    pub fn keep_new_only(&mut self) {
        let Some(c) = &mut self.comparison else {
            return;
        };
        let mut states = c.states.iter();
        self.result
            .diagnostics
            .retain(|_| states.next().is_some_and(|s| s.is_new()));
        c.states.retain(|s| s.is_new());
    }

    /// With the line index the document model already built for `source`.
    pub fn with_lines(
        path: String,
        source: String,
        lines: crate::document::LineIndex,
        result: FileResult,
        policy: FilePolicy,
    ) -> Self {
        FileReport {
            path,
            source,
            lines,
            result,
            rubric: policy.rubric,
            min_score: policy.min_score,
            comparison: None,
        }
    }

    pub fn line_col(&self, offset: usize) -> crate::document::LineCol {
        self.lines.line_col(&self.source, offset)
    }

    pub fn below_min_score(&self) -> bool {
        self.min_score
            .as_ref()
            .is_some_and(|m| self.result.score.total < m.value)
    }

    /// "--min-score 70" or "min-score 70 in designlint.toml": what the score is below.
    pub fn min_score_label(&self) -> String {
        self.min_score.as_ref().map(|m| m.to_string()).unwrap_or_default()
    }

    pub fn count(&self, s: Severity) -> usize {
        self.result.diagnostics.iter().filter(|d| d.severity == s).count()
    }
}

/// Totals over all files.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub score_sum: f64,
    pub below_min: usize,
    /// Per rule code: (name, count), for `--statistics`.
    pub by_rule: std::collections::BTreeMap<String, (String, usize)>,
    /// With `--diff-base` or `--baseline`: what is compared with.
    pub base: Option<String>,
    /// Findings that are new, existing, and no longer there.
    pub new: usize,
    pub existing: usize,
    pub fixed: usize,
    /// Files that were there at the base and are gone.
    pub removed: Vec<baseline::Removed>,
}

impl Summary {
    pub fn add(&mut self, f: &FileReport) {
        self.files += 1;
        self.errors += f.count(Severity::Error);
        self.warnings += f.count(Severity::Warning);
        self.infos += f.count(Severity::Info);
        self.score_sum += f.result.score.total;
        if f.below_min_score() {
            self.below_min += 1;
        }
        for d in &f.result.diagnostics {
            self.by_rule
                .entry(d.code.clone())
                .or_insert_with(|| (d.name.clone(), 0))
                .1 += 1;
        }
    }

    /// Count a compared file's new, existing and fixed findings.
    pub fn add_comparison(&mut self, c: Compared) {
        self.new += c.new;
        self.existing += c.existing;
        self.fixed += c.fixed;
    }

    pub fn mean_score(&self) -> f64 {
        if self.files == 0 {
            0.0
        } else {
            ((self.score_sum / self.files as f64) * 10.0).round() / 10.0
        }
    }
}

/// A compared file's new, existing and fixed findings, counted before any are hidden.
#[derive(Debug, Clone, Copy)]
pub struct Compared {
    pub new: usize,
    pub existing: usize,
    pub fixed: usize,
}

impl Compared {
    pub fn of(c: &baseline::Comparison) -> Self {
        let new = c.new_count();
        Compared {
            new,
            existing: c.states.len() - new,
            fixed: c.fixed.len(),
        }
    }
}

/// Options every formatter may read.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    pub color: bool,
    pub quiet: bool,
    pub statistics: bool,
    pub width: usize,
    /// Files are compared with a base (`--diff-base`, `--baseline`): `markdown`
    /// is then the pull-request comment of what changed.
    pub compared: bool,
    /// `human`: list the evidence of each rule under the score (`--show-evidence`).
    pub show_evidence: bool,
}

pub trait Formatter {
    fn begin(&mut self, _out: &mut dyn Write, _rubric: &Rubric) -> std::io::Result<()> {
        Ok(())
    }
    fn file(&mut self, out: &mut dyn Write, file: &FileReport) -> std::io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> std::io::Result<()>;
    /// For a format whose report of a file depends on that file alone: what
    /// renders it apart from the formatter, so that `check` renders each file
    /// on the worker thread that linted it and hands the text to `rendered`,
    /// in input order.
    fn renderer(&self) -> Option<Box<dyn Render>> {
        None
    }
    /// Write a file's report made by `renderer`.
    fn rendered(&mut self, out: &mut dyn Write, _file: &FileReport, text: &[u8]) -> std::io::Result<()> {
        out.write_all(text)
    }
}

/// Renders one file's report (see [`Formatter::renderer`]).
pub trait Render: Send + Sync {
    fn render(&self, out: &mut Vec<u8>, file: &FileReport) -> std::io::Result<()>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Gitlab,
    Junit,
    Markdown,
}

impl Format {
    /// Whether the format carries existing findings when files are compared with
    /// a base: JSON and SARIF mark each finding's state, and GitLab compares
    /// Code Quality reports itself. The others show new findings only.
    pub fn shows_existing(self) -> bool {
        matches!(self, Format::Json | Format::Sarif | Format::Gitlab)
    }
}

pub fn formatter(format: Format, opts: ReportOptions, rubric_name: &str) -> Box<dyn Formatter> {
    match format {
        Format::Human => Box::new(human::Human::new(opts)),
        Format::Json => Box::new(json::Json::new(rubric_name)),
        Format::Sarif => Box::new(sarif::Sarif::new(rubric_name)),
        Format::Github => Box::new(github::Github::new()),
        Format::Gitlab => Box::new(gitlab::Gitlab::new()),
        Format::Junit => Box::new(junit::Junit::new()),
        Format::Markdown if opts.compared => Box::new(pr::PrComment::new(rubric_name)),
        Format::Markdown => Box::new(markdown::Markdown::new(rubric_name)),
    }
}

/// The text `explain` prints for a rule: its docs, then how its detector decides.
pub fn explain_text(rubric: &Rubric, r: &Rule) -> String {
    let phase = r
        .phase
        .map_or("findings".to_string(), |p| rubric.phases[p].title.clone());
    let mut s = format!("# {} {}\n\n{}\n\nPhase: {}. ", r.code, r.name, r.summary, phase);
    if r.is_item() {
        s.push_str(&format!("Weight: {} of {}. ", r.weight, rubric.total_weight()));
    } else {
        let unit = if r.penalty == 1.0 { "point" } else { "points" };
        s.push_str(&format!("Penalty: {} {unit} per finding. ", r.penalty));
    }
    s.push_str(&format!("Severity: {}.\n\n", r.severity.as_str()));
    s.push_str(r.docs.trim());
    s.push('\n');
    if let Some(d) = crate::rules::detector_docs(&r.detector_name) {
        s.push('\n');
        s.push_str(d.trim());
        s.push('\n');
    }
    if r.is_item() {
        s.push('\n');
        s.push_str(crate::rules::evidence::DOCS.trim());
        s.push('\n');
    }
    s
}

/// A report path relative to the working directory where possible, with
/// forward slashes and no leading `./`.
pub fn relative_path(path: &str) -> String {
    let p = Path::new(path);
    let rel = if p.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| p.strip_prefix(&cwd).ok().map(|r| r.to_path_buf()))
            .unwrap_or_else(|| p.to_path_buf())
    } else {
        p.to_path_buf()
    };
    let mut s = rel.to_string_lossy().replace('\\', "/");
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.to_string();
    }
    s
}

/// A stable fingerprint of a diagnostic in a file, as 16 hex digits.
pub fn fingerprint(path: &str, d: &Diagnostic) -> String {
    let path = relative_path(path);
    let span = format!("{}..{}", d.span.start, d.span.end);
    format!(
        "{:016x}",
        crate::text::fnv1a64(&[
            path.as_bytes(),
            d.code.as_bytes(),
            d.message.as_bytes(),
            span.as_bytes()
        ])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative() {
        assert_eq!(relative_path("./docs/a b.md"), "docs/a b.md");
        assert_eq!(relative_path("docs\\x.md"), "docs/x.md");
        let cwd = std::env::current_dir().unwrap();
        let abs = cwd.join("docs").join("y.md");
        assert_eq!(relative_path(&abs.display().to_string()), "docs/y.md");
    }

    #[test]
    fn fingerprints_are_stable() {
        let d = Diagnostic {
            code: "DL505".into(),
            name: "placeholders".into(),
            severity: Severity::Warning,
            message: "Placeholder left in the text: \"TODO\".".into(),
            help: None,
            span: 10..14,
            related: Vec::new(),
        };
        // Pinned: changing it would re-open every finding in GitLab.
        assert_eq!(fingerprint("./docs/a.md", &d), fingerprint("docs/a.md", &d));
        assert_eq!(fingerprint("docs/a.md", &d), "045086d193ab3db8");
        let mut e = d.clone();
        e.span = 11..15;
        assert_ne!(fingerprint("docs/a.md", &d), fingerprint("docs/a.md", &e));
    }
}
