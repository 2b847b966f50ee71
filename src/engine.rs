//! A rubric over a document → credits and diagnostics.
//!
//! The engine parses nothing itself: it builds the [`Document`] once, the
//! [`Analysis`] once, runs every enabled rule's detector, applies severities
//! and suppression comments, and hands the credits to [`crate::score`].
//! It never prints and never reads files.

use std::collections::BTreeMap;
use std::ops::Range;

use rayon::prelude::*;

use crate::document::{DirectiveKind, Document};
use crate::rubric::Rubric;
use crate::rules::{Cx, Outcome, Rule, Severity};
use crate::score::{self, RuleResult, Score};
use crate::text::clamp_span;

/// One problem found in a file, at a span of its bytes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Diagnostic {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub span: Range<usize>,
    /// Other places the diagnostic is about (DL601: where a figure was
    /// first stated), each with its label.
    pub related: Vec<Related>,
}

/// Another place a diagnostic is about, with what it says there.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Related {
    pub span: Range<usize>,
    pub message: String,
}

/// A rule's severity as configured, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// Which rules run and how loud they are (from the config and the command line).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Selectors (codes, code prefixes, names); empty means every rule.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Code → level; applied after select/ignore.
    pub levels: BTreeMap<String, Level>,
}

impl Settings {
    /// The level of a rule, or `None` when it does not run.
    pub fn level(&self, rule: &Rule) -> Option<Severity> {
        let selected =
            self.select.is_empty() || self.select.iter().any(|s| Rubric::selector_matches(s, rule));
        let ignored = self.ignore.iter().any(|s| Rubric::selector_matches(s, rule));
        if !selected || ignored {
            return None;
        }
        match self.levels.get(&rule.code) {
            Some(Level::Off) => None,
            Some(Level::On(s)) => Some(*s),
            None => Some(rule.severity),
        }
    }
}

/// The result of linting one file.
#[derive(Debug, Clone)]
pub struct FileResult {
    pub diagnostics: Vec<Diagnostic>,
    pub score: Score,
    /// Where diagnostics about parts missing from the whole write-up point:
    /// its title, or its first line.
    pub anchor: Range<usize>,
}

/// Lint one file's text with a rubric.
pub fn lint(source: &str, rubric: &Rubric, settings: &Settings) -> FileResult {
    let arena = crate::document::Arena::new();
    let doc = Document::parse(source, &arena);
    lint_document(&doc, rubric, settings)
}

pub fn lint_document(doc: &Document, rubric: &Rubric, settings: &Settings) -> FileResult {
    let an = rubric.analyse(doc);
    let sup = Suppressions::new(doc);
    // The rules read the document and the analysis and nothing else, so they
    // run side by side: one file's rules use every core when it is the only
    // file (an editor's check, a big file), and the workers of a directory
    // take them in turn. Their outcomes come back in the rubric's order.
    let outcomes: Vec<Option<(Severity, Outcome)>> = rubric
        .rules
        .par_iter()
        .map(|rule| {
            let severity = settings.level(rule).filter(|_| !sup.file_disabled(rule))?;
            let cx = Cx {
                doc,
                an: &an,
                rule,
                phases: &rubric.phases,
                terms: &rubric.terms,
            };
            Some((severity, rule.detector.check(&cx)))
        })
        .collect();
    let mut diagnostics = Vec::new();
    let mut results = Vec::new();
    for (rule, outcome) in rubric.rules.iter().zip(outcomes) {
        let Some((
            severity,
            Outcome {
                credit,
                findings,
                evidence,
                cap,
            },
        )) = outcome
        else {
            continue;
        };
        let credit = credit.map(|c| round2(c.clamp(0.0, 1.0)));
        let mut kept = 0usize;
        for f in findings {
            let span = clamp_span(doc.source, f.span);
            if sup.suppressed(rule, span.start) {
                continue;
            }
            kept += 1;
            diagnostics.push(Diagnostic {
                code: rule.code.clone(),
                name: rule.name.clone(),
                // A configured severity wins over what the detector proposes.
                severity: if settings.levels.contains_key(&rule.code) {
                    severity
                } else {
                    f.severity.unwrap_or(severity)
                },
                message: f.message,
                help: f.help.filter(|h| !h.is_empty()),
                span,
                related: f
                    .related
                    .into_iter()
                    .map(|(r, message)| Related {
                        span: clamp_span(doc.source, r),
                        message,
                    })
                    .collect(),
            });
        }
        let penalty = if rule.is_item() {
            0.0
        } else {
            (kept as f64 * rule.penalty).min(rule.max_penalty)
        };
        results.push(RuleResult {
            rule,
            credit: if rule.is_item() {
                Some(credit.unwrap_or(1.0))
            } else {
                None
            },
            penalty,
            evidence,
            // A suppressed finding caps nothing.
            cap: cap.filter(|_| kept > 0),
        });
    }
    // A document that is not a write-up (a guide, capped) says so in one
    // diagnostic: what a write-up would lack or get wrong does not apply.
    let capping: Vec<String> = results
        .iter()
        .filter(|r| r.cap.is_some())
        .map(|r| r.rule.code.clone())
        .collect();
    if !capping.is_empty() {
        diagnostics.retain(|d| capping.contains(&d.code));
        for r in results.iter_mut().filter(|r| r.cap.is_none()) {
            r.penalty = 0.0;
        }
    }
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.code, &a.message).cmp(&(b.span.start, b.span.end, &b.code, &b.message))
    });
    diagnostics.dedup();
    let score = score::compute(rubric, &results);
    FileResult {
        diagnostics,
        score,
        anchor: clamp_span(doc.source, doc.anchor()),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The suppression comments of a document, resolved to byte regions per rule.
struct Suppressions {
    /// (selectors or empty for all, region)
    regions: Vec<(Vec<String>, Range<usize>)>,
    file: Vec<Vec<String>>,
}

impl Suppressions {
    fn new(doc: &Document) -> Self {
        let mut regions = Vec::new();
        let mut file = Vec::new();
        let mut open: Vec<(Vec<String>, usize)> = Vec::new();
        for d in &doc.directives {
            match d.kind {
                DirectiveKind::DisableFile => file.push(d.rules.clone()),
                DirectiveKind::Disable => open.push((d.rules.clone(), d.span.end)),
                DirectiveKind::Enable => {
                    // Close every open region this enable covers.
                    let mut still = Vec::new();
                    for (rules, start) in open.drain(..) {
                        let closes = d.rules.is_empty()
                            || rules
                                .iter()
                                .any(|r| d.rules.iter().any(|e| e.eq_ignore_ascii_case(r)));
                        if closes {
                            regions.push((rules, start..d.span.start));
                        } else {
                            still.push((rules, start));
                        }
                    }
                    open = still;
                }
                DirectiveKind::DisableNextLine => {
                    // The next line with text (blank lines between are skipped).
                    let len = doc.source.len();
                    let next = (doc.lines.line_of(d.span.end) + 1..doc.lines.line_count())
                        .map(|l| doc.lines.line_range(l, len))
                        .find(|r| !doc.source[r.clone()].trim().is_empty());
                    if let Some(r) = next {
                        regions.push((d.rules.clone(), r));
                    }
                }
            }
        }
        for (rules, start) in open {
            regions.push((rules, start..doc.source.len()));
        }
        Suppressions { regions, file }
    }

    fn names(selectors: &[String], rule: &Rule) -> bool {
        selectors.is_empty() || selectors.iter().any(|s| Rubric::selector_matches(s, rule))
    }

    fn file_disabled(&self, rule: &Rule) -> bool {
        self.file.iter().any(|s| Self::names(s, rule))
    }

    fn suppressed(&self, rule: &Rule, at: usize) -> bool {
        self.regions
            .iter()
            .any(|(s, r)| r.start <= at && at < r.end && Self::names(s, rule))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules of a file run side by side, and the analysis's parts too:
    /// on four threads every fixture gets what it gets on one, diagnostic for
    /// diagnostic and credit for credit.
    #[test]
    fn side_by_side_is_the_one_thread_result() {
        let rubric = crate::rubric::load("interview", std::path::Path::new(".")).unwrap();
        let settings = Settings::default();
        let files = crate::test_support::fixture_paths();
        assert!(files.len() > 20, "the fixtures are there");
        let pool = |n| rayon::ThreadPoolBuilder::new().num_threads(n).build().unwrap();
        let (one, four) = (pool(1), pool(4));
        for f in &files {
            let src = std::fs::read_to_string(f).unwrap();
            let a = one.install(|| lint(&src, &rubric, &settings));
            let b = four.install(|| lint(&src, &rubric, &settings));
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{}", f.display());
        }
    }
}
