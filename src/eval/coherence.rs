//! The coherence rules (DL6xx) against a reviewer's labels of
//! self-contradictions: `coherence-figures.tsv` (the same quantity stated
//! with two values, at two lines), `coherence-requirements.tsv` (a
//! requirement the design never serves, at its line) and
//! `coherence-docs.tsv` (every document examined, so that a document with no
//! defect is labelled too). The format is in `shared/corpus/real/LABELS.md`.
//!
//! A labelled defect is caught when the rule reports on one of its lines (a
//! diagnostic's own lines or the lines of its related places); a diagnostic
//! in an examined document that touches no labelled line is a false alarm.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Linted, bad_labels, read_tsv};
use crate::engine::{self, Diagnostic, Settings};
use crate::error::{Error, PlainError};
use crate::rubric::Rubric;

/// The detectors whose rules are measured here, and the labels of each.
const FIGURES: &str = "inconsistent-figures";
const REQUIREMENTS: &str = "unserved-requirement";
const COMPONENTS: &str = "undeclared-component";

/// The label files, found beside the labels or given on the command line.
#[derive(Debug, Clone, Default)]
pub struct Paths {
    pub figures: Option<PathBuf>,
    pub requirements: Option<PathBuf>,
    pub docs: Option<PathBuf>,
}

impl Paths {
    /// The files given, else those beside `labels` (when they exist).
    pub fn resolve(
        labels: &Path,
        figures: Option<PathBuf>,
        requirements: Option<PathBuf>,
        docs: Option<PathBuf>,
    ) -> Paths {
        let beside = |name: &str| labels.parent().map(|p| p.join(name)).filter(|p| p.is_file());
        Paths {
            figures: figures.or_else(|| beside("coherence-figures.tsv")),
            requirements: requirements.or_else(|| beside("coherence-requirements.tsv")),
            docs: docs.or_else(|| beside("coherence-docs.tsv")),
        }
    }
}

/// One labelled defect: a file and the lines where it is.
#[derive(Debug, Clone)]
struct Defect {
    file: String,
    lines: Vec<usize>,
    what: String,
}

/// One document examined, and whether it has both a requirements and a design part.
#[derive(Debug, Clone)]
struct Examined {
    file: String,
    requirements_and_design: bool,
}

/// How one coherence rule does against the labels.
#[derive(Debug, Clone, Serialize)]
pub struct RuleOutcome {
    pub code: String,
    pub name: String,
    /// Labelled defects (`None`: this rule has no labels).
    pub labelled: Option<usize>,
    pub caught: usize,
    /// Diagnostics in the documents examined.
    pub diagnostics: usize,
    /// Diagnostics that touch no labelled line.
    pub false_alarms: usize,
    /// Documents examined.
    pub documents: usize,
    pub missed: Vec<Miss>,
    pub alarms: Vec<Alarm>,
}

impl RuleOutcome {
    /// Diagnostics on a labelled defect, of all diagnostics.
    pub fn precision(&self) -> Option<f64> {
        (self.diagnostics > 0)
            .then(|| (self.diagnostics - self.false_alarms) as f64 / self.diagnostics as f64)
    }

    pub fn recall(&self) -> Option<f64> {
        self.labelled
            .filter(|&n| n > 0)
            .map(|n| self.caught as f64 / n as f64)
    }

    /// False alarms per ten documents examined.
    pub fn alarms_per_10(&self) -> f64 {
        if self.documents == 0 {
            0.0
        } else {
            self.false_alarms as f64 * 10.0 / self.documents as f64
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    pub file: String,
    pub lines: Vec<usize>,
    pub what: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Alarm {
    pub file: String,
    pub line: usize,
    pub related: Vec<usize>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub documents: usize,
    pub rules: Vec<RuleOutcome>,
}

fn figures(path: &Path) -> Result<Vec<Defect>, Error> {
    let (header, rows) = read_tsv(path)?;
    let col = |n: &str| header.iter().position(|h| h == n);
    let (Some(f), Some(la), Some(lb), Some(q)) = (col("file"), col("line_a"), col("line_b"), col("quantity"))
    else {
        return Err(bad_labels(
            path,
            1,
            "the header needs the columns file, quantity, line_a and line_b",
        ));
    };
    rows.into_iter()
        .map(|(n, c)| {
            let cell = |i: usize| c.get(i).map(String::as_str).unwrap_or("");
            let line = |i: usize| {
                cell(i)
                    .parse::<usize>()
                    .map_err(|_| bad_labels(path, n, format!("`{}` is not a line number", cell(i))))
            };
            Ok(Defect {
                file: cell(f).to_string(),
                lines: vec![line(la)?, line(lb)?],
                what: cell(q).to_string(),
            })
        })
        .collect()
}

fn requirements(path: &Path) -> Result<Vec<Defect>, Error> {
    let (header, rows) = read_tsv(path)?;
    let col = |n: &str| header.iter().position(|h| h == n);
    let (Some(f), Some(l), Some(r)) = (col("file"), col("line"), col("requirement")) else {
        return Err(bad_labels(
            path,
            1,
            "the header needs the columns file, line and requirement",
        ));
    };
    rows.into_iter()
        .map(|(n, c)| {
            let cell = |i: usize| c.get(i).map(String::as_str).unwrap_or("");
            Ok(Defect {
                file: cell(f).to_string(),
                lines: vec![
                    cell(l)
                        .parse()
                        .map_err(|_| bad_labels(path, n, format!("`{}` is not a line number", cell(l))))?,
                ],
                what: cell(r).to_string(),
            })
        })
        .collect()
}

fn examined(path: &Path) -> Result<Vec<Examined>, Error> {
    let (header, rows) = read_tsv(path)?;
    let col = |n: &str| header.iter().position(|h| h == n);
    let (Some(f), Some(y)) = (col("file"), col("has_requirements_and_design")) else {
        return Err(bad_labels(
            path,
            1,
            "the header needs the columns file and has_requirements_and_design",
        ));
    };
    rows.into_iter()
        .map(|(n, c)| {
            let cell = |i: usize| c.get(i).map(String::as_str).unwrap_or("");
            Ok(Examined {
                file: cell(f).to_string(),
                requirements_and_design: match cell(y) {
                    "yes" => true,
                    "no" => false,
                    v => return Err(bad_labels(path, n, format!("`{v}` is not yes or no"))),
                },
            })
        })
        .collect()
}

/// A document and the lines of its diagnostics.
struct Doc {
    source: String,
    diagnostics: Vec<Diagnostic>,
}

/// Every line a diagnostic touches: its own span's and its related places'.
fn lines_of(d: &Diagnostic, source: &str) -> (usize, Vec<usize>) {
    let idx = crate::document::LineIndex::new(source);
    let line = |o: usize| idx.line_col(source, o).line;
    let span_lines =
        |r: &std::ops::Range<usize>| line(r.start)..=line(r.end.max(r.start + 1) - 1).max(line(r.start));
    let mut all: Vec<usize> = span_lines(&d.span).collect();
    for r in &d.related {
        all.extend(span_lines(&r.span));
    }
    (line(d.span.start), all)
}

/// Measure the coherence rules of `rubric` against the label files in
/// `paths`, on the documents in `docs` (already linted ones are reused).
/// `None` when no `coherence-docs.tsv` is found: without the list of
/// documents examined, false alarms cannot be counted.
pub fn measure(
    paths: &Paths,
    docs: &Path,
    linted: &[Linted],
    rubric: &Rubric,
) -> Result<Option<Outcome>, Error> {
    let Some(docs_path) = &paths.docs else {
        return Ok(None);
    };
    let examined = examined(docs_path)?;
    let figures = paths.figures.as_deref().map(figures).transpose()?;
    let requirements = paths.requirements.as_deref().map(requirements).transpose()?;
    // Lint each examined document (reusing the results of `eval`'s own run).
    let mut by_file: BTreeMap<&str, Doc> = BTreeMap::new();
    for e in &examined {
        if let Some(l) = linted.iter().find(|l| l.labels.file == e.file) {
            by_file.insert(
                &e.file,
                Doc {
                    source: l.source.clone(),
                    diagnostics: l.result.diagnostics.clone(),
                },
            );
            continue;
        }
        let path = docs.join(&e.file);
        let bytes = std::fs::read(&path).map_err(|err| {
            Box::new(PlainError::new(
                "designlint::io",
                format!("cannot read {}: {err}", path.display()),
            )) as Error
        })?;
        let source = String::from_utf8_lossy(&bytes).into_owned();
        let result = engine::lint(&source, rubric, &Settings::default());
        by_file.insert(
            &e.file,
            Doc {
                source,
                diagnostics: result.diagnostics,
            },
        );
    }
    let mut rules = Vec::new();
    for (detector, labels, only_with_design) in [
        (FIGURES, figures.as_deref(), false),
        (REQUIREMENTS, requirements.as_deref(), true),
        (COMPONENTS, None, false),
    ] {
        let Some(rule) = rubric.rules.iter().find(|r| r.detector_name == detector) else {
            continue;
        };
        let mut o = RuleOutcome {
            code: rule.code.clone(),
            name: rule.name.clone(),
            labelled: labels.map(<[Defect]>::len),
            caught: 0,
            diagnostics: 0,
            false_alarms: 0,
            documents: examined.len(),
            missed: Vec::new(),
            alarms: Vec::new(),
        };
        let empty: &[Defect] = &[];
        let labels = labels.unwrap_or(empty);
        for e in &examined {
            let doc = &by_file[e.file.as_str()];
            let mine: Vec<(usize, Vec<usize>, &Diagnostic)> = doc
                .diagnostics
                .iter()
                .filter(|d| d.code == rule.code)
                .map(|d| {
                    let (first, all) = lines_of(d, &doc.source);
                    (first, all, d)
                })
                .collect();
            let defects: Vec<&Defect> = labels.iter().filter(|d| d.file == e.file).collect();
            for d in &defects {
                let hit = mine
                    .iter()
                    .any(|(_, all, _)| d.lines.iter().any(|l| all.contains(l)));
                if hit {
                    o.caught += 1;
                } else {
                    o.missed.push(Miss {
                        file: d.file.clone(),
                        lines: d.lines.clone(),
                        what: d.what.clone(),
                    });
                }
            }
            for (first, all, d) in &mine {
                o.diagnostics += 1;
                let judged = !only_with_design || e.requirements_and_design;
                let on_defect = judged && defects.iter().any(|x| x.lines.iter().any(|l| all.contains(l)));
                if !on_defect {
                    o.false_alarms += 1;
                    let idx = crate::document::LineIndex::new(&doc.source);
                    o.alarms.push(Alarm {
                        file: e.file.clone(),
                        line: *first,
                        related: d
                            .related
                            .iter()
                            .map(|r| idx.line_col(&doc.source, r.span.start).line)
                            .collect(),
                        message: d.message.clone(),
                    });
                }
            }
        }
        rules.push(o);
    }
    Ok(Some(Outcome {
        documents: examined.len(),
        rules,
    }))
}

fn pct(x: Option<f64>) -> String {
    x.map_or("–".into(), |v| format!("{:.0} %", v * 100.0))
}

/// The coherence part of the human report.
pub fn human(o: &Outcome) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nCoherence rules against the reviewer's labels ({} documents examined):\n",
        o.documents
    );
    let _ = writeln!(
        s,
        "| rule | name | caught | false alarms | per 10 documents | precision |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|");
    for r in &o.rules {
        let caught = match r.labelled {
            Some(n) => format!("{} of {n} ({})", r.caught, pct(r.recall())),
            None => "– (no labels)".into(),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {caught} | {} of {} diagnostics | {:.1} | {} |",
            r.code,
            r.name,
            r.false_alarms,
            r.diagnostics,
            r.alarms_per_10(),
            pct(r.precision())
        );
    }
    for r in &o.rules {
        for m in &r.missed {
            let lines: Vec<String> = m.lines.iter().map(usize::to_string).collect();
            let _ = writeln!(
                s,
                "- {}: {} misses line {} ({})",
                m.file,
                r.code,
                lines.join(" / "),
                m.what
            );
        }
        for a in &r.alarms {
            let rel = if a.related.is_empty() {
                String::new()
            } else {
                let l: Vec<String> = a.related.iter().map(usize::to_string).collect();
                format!(" (and line {})", l.join(", "))
            };
            let _ = writeln!(
                s,
                "- {}:{}: {} fires on no labelled defect{rel}: {}",
                a.file, a.line, r.code, a.message
            );
        }
    }
    s
}

/// The coherence part of the JSON report.
pub fn json(o: &Outcome) -> serde_json::Value {
    let r3 = |x: f64| (x * 1000.0).round() / 1000.0;
    serde_json::json!({
        "documents": o.documents,
        "rules": o.rules.iter().map(|r| serde_json::json!({
            "code": r.code,
            "name": r.name,
            "labelled": r.labelled,
            "caught": r.caught,
            "recall": r.recall().map(r3),
            "diagnostics": r.diagnostics,
            "false_alarms": r.false_alarms,
            "false_alarms_per_10_documents": r3(r.alarms_per_10()),
            "precision": r.precision().map(r3),
            "missed": r.missed,
            "alarms": r.alarms,
        })).collect::<Vec<_>>(),
    })
}
