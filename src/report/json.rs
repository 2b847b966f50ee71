//! `--format json`: one JSON document, `schema_version` 1 (see
//! `schemas/designlint-output.schema.json`). Streamed: the header, then each
//! file as it is ready, then the summary.

use std::io::Write;

use serde::Serialize;

use super::{FileReport, Formatter, Summary};
use crate::document::LineCol;
use crate::score::{PhaseScore, Score};

pub const SCHEMA_VERSION: u32 = 1;

pub struct Json {
    rubric: String,
    first: bool,
}

impl Json {
    pub fn new(rubric: &str) -> Self {
        Json {
            rubric: rubric.to_string(),
            first: true,
        }
    }
}

#[derive(Serialize)]
pub struct Span {
    pub offset: usize,
    pub length: usize,
    pub start: LineCol,
    pub end: LineCol,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    span: Span,
    /// With a base: `"new"` or `"existing"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    /// Other places the diagnostic is about (additive: absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    span: Span,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    /// The rubric this file was linted with (files of one run may use different ones).
    rubric: &'a str,
    score: JsonScore<'a>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    /// With a base: the score there, `null` for a new file.
    #[serde(skip_serializing_if = "Option::is_none")]
    before: Option<Option<&'a Score>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    previous_path: Option<&'a str>,
    /// With a base: the findings there that are gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<Vec<JsonFixed<'a>>>,
}

#[derive(Serialize)]
struct JsonFixed<'a> {
    code: &'a str,
    name: &'a str,
    message: &'a str,
}

/// The score with each rule's evidence located by line and column.
#[derive(Serialize)]
struct JsonScore<'a> {
    total: f64,
    max: f64,
    grade: &'a str,
    phases: &'a [PhaseScore],
    rules: Vec<JsonRule<'a>>,
}

#[derive(Serialize)]
struct JsonRule<'a> {
    code: &'a str,
    name: &'a str,
    credit: f64,
    weight: f64,
    evidence: Vec<JsonEvidence<'a>>,
}

#[derive(Serialize)]
struct JsonEvidence<'a> {
    span: Span,
    strength: &'static str,
    note: &'a str,
}

fn score<'a>(f: &FileReport, s: &'a Score) -> JsonScore<'a> {
    JsonScore {
        total: s.total,
        max: s.max,
        grade: &s.grade,
        phases: &s.phases,
        rules: s
            .rules
            .iter()
            .map(|r| JsonRule {
                code: &r.code,
                name: &r.name,
                credit: r.credit,
                weight: r.weight,
                evidence: r
                    .evidence
                    .iter()
                    .map(|e| JsonEvidence {
                        span: span(f, &e.span),
                        strength: e.strength.as_str(),
                        note: &e.note,
                    })
                    .collect(),
            })
            .collect(),
    }
}

pub fn span(f: &FileReport, r: &std::ops::Range<usize>) -> Span {
    Span {
        offset: r.start,
        length: r.len(),
        start: f.line_col(r.start),
        end: f.line_col(r.end),
    }
}

impl Formatter for Json {
    fn begin(&mut self, out: &mut dyn Write, _rubric: &crate::rubric::Rubric) -> std::io::Result<()> {
        let tool = serde_json::json!({"name": "designlint", "version": env!("CARGO_PKG_VERSION")});
        write!(
            out,
            "{{\n  \"schema_version\": {SCHEMA_VERSION},\n  \"tool\": {},\n  \"rubric\": {},\n  \"files\": [",
            tool,
            serde_json::to_string(&self.rubric).unwrap()
        )
    }

    fn file(&mut self, out: &mut dyn Write, f: &FileReport) -> std::io::Result<()> {
        let c = f.comparison.as_ref();
        let file = JsonFile {
            path: &f.path,
            rubric: &f.rubric.name,
            score: score(f, &f.result.score),
            diagnostics: f
                .result
                .diagnostics
                .iter()
                .enumerate()
                .map(|(i, d)| JsonDiagnostic {
                    code: &d.code,
                    name: &d.name,
                    severity: d.severity.as_str(),
                    message: &d.message,
                    help: d.help.as_deref(),
                    span: span(f, &d.span),
                    baseline_state: c.and_then(|c| c.states.get(i)).map(|s| s.json()),
                    related: d
                        .related
                        .iter()
                        .map(|r| JsonRelated {
                            span: span(f, &r.span),
                            message: &r.message,
                        })
                        .collect(),
                })
                .collect(),
            before: c.map(|c| c.before.as_ref()),
            previous_path: c.and_then(|c| c.previous_path.as_deref()),
            fixed: c.map(|c| {
                c.fixed
                    .iter()
                    .map(|x| JsonFixed {
                        code: &x.code,
                        name: &x.name,
                        message: &x.message,
                    })
                    .collect()
            }),
        };
        let sep = if self.first { "\n    " } else { ",\n    " };
        self.first = false;
        out.write_all(sep.as_bytes())?;
        serde_json::to_writer(&mut *out, &file)?;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> std::io::Result<()> {
        let mut summary = serde_json::json!({
            "files": s.files, "errors": s.errors, "warnings": s.warnings, "infos": s.infos,
            "mean_score": s.mean_score(),
        });
        let close = if self.first { "]" } else { "\n  ]" };
        write!(out, "{close},")?;
        if let Some(base) = &s.base {
            for (k, v) in [
                ("base", serde_json::json!(base)),
                ("new", s.new.into()),
                ("existing", s.existing.into()),
                ("fixed", s.fixed.into()),
            ] {
                summary[k] = v;
            }
            let deleted: Vec<_> = s
                .removed
                .iter()
                .map(|r| serde_json::json!({"path": r.path, "before": r.before, "fixed": r.fixed}))
                .collect();
            write!(out, "\n  \"deleted\": {},", serde_json::Value::from(deleted))?;
        }
        writeln!(out, "\n  \"summary\": {summary}\n}}")
    }
}
