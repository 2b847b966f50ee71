//! `--format gitlab`: a GitLab Code Quality report (a JSON array of issues in
//! the Code Climate subset GitLab reads), streamed file by file.
//!
//! Severities map info → `info`, warning → `minor`, error → `major`; a file
//! that scores under `--min-score` adds one `critical` issue at its first line.
//! Fingerprints are a 64-bit FNV-1a hash of path, code, message and span: the
//! same finding has the same fingerprint on every run and every machine.

use std::io::Write;

use serde_json::json;

use super::{FileReport, Formatter, Summary, fingerprint, relative_path};
use crate::rules::Severity;
use crate::text::fnv1a64;

#[derive(Default)]
pub struct Gitlab {
    first: bool,
}

impl Gitlab {
    pub fn new() -> Self {
        Gitlab { first: true }
    }

    fn item(&mut self, out: &mut dyn Write, v: &serde_json::Value) -> std::io::Result<()> {
        out.write_all(if self.first { b"\n  " } else { b",\n  " })?;
        self.first = false;
        serde_json::to_writer(&mut *out, v)?;
        Ok(())
    }
}

pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "minor",
        Severity::Error => "major",
    }
}

impl Formatter for Gitlab {
    fn begin(&mut self, out: &mut dyn Write, _rubric: &crate::rubric::Rubric) -> std::io::Result<()> {
        out.write_all(b"[")
    }

    fn file(&mut self, out: &mut dyn Write, f: &FileReport) -> std::io::Result<()> {
        let path = relative_path(&f.path);
        for d in &f.result.diagnostics {
            let start = f.line_col(d.span.start);
            let end = f.line_col(d.span.end);
            let v = json!({
                "description": format!("{} {}: {}", d.code, d.name, d.message),
                "check_name": d.code,
                "fingerprint": fingerprint(&f.path, d),
                "severity": severity(d.severity),
                "location": {"path": path, "lines": {"begin": start.line, "end": end.line}},
            });
            self.item(out, &v)?;
        }
        if f.below_min_score() {
            let score = &f.result.score;
            let description = format!(
                "designlint score {:.1}/{} ({}) is below {}",
                score.total,
                score.max,
                score.grade,
                f.min_score_label()
            );
            let v = json!({
                "description": description,
                "check_name": "designlint-min-score",
                "fingerprint": format!("{:016x}", fnv1a64(&[path.as_bytes(), b"min-score"])),
                "severity": "critical",
                "location": {"path": path, "lines": {"begin": 1}},
            });
            self.item(out, &v)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _s: &Summary) -> std::io::Result<()> {
        out.write_all(if self.first { b"]\n" } else { b"\n]\n" })
    }
}
