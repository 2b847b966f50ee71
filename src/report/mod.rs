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
use std::sync::Arc;

use crate::engine::FileResult;
use crate::policy::{FilePolicy, MinScore};
use crate::rubric::{Rubric, Severity};

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
    pub comparison: Option<Box<crate::baseline::Comparison>>,
}

impl FileReport {
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
    pub removed: Vec<crate::baseline::Removed>,
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

    /// Count a compared file's new, existing and fixed findings (before any are hidden).
    pub fn add_comparison(&mut self, c: &crate::baseline::Comparison) {
        let new = c.new_count();
        self.new += new;
        self.existing += c.states.len() - new;
        self.fixed += c.fixed.len();
    }

    pub fn mean_score(&self) -> f64 {
        if self.files == 0 {
            0.0
        } else {
            ((self.score_sum / self.files as f64) * 10.0).round() / 10.0
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
