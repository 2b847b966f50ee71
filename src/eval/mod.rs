//! `designlint eval`: how far a rubric agrees with a reviewer's labels.
//!
//! A team that writes its own rubric calibrates it against documents its
//! reviewers already graded. The label format is the one of
//! `shared/corpus/real/LABELS.md`: one row per document with a tier, a band of
//! acceptable scores, `1`/`0`/`p` per rubric item and a count per finding,
//! and optionally a file of arithmetic claims marked right or wrong.
//!
//! This module reads the labels, lints every labelled document once and
//! compares; it prints nothing (see [`report`]).

pub mod coherence;
pub mod report;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::engine::{self, FileResult, Settings};
use crate::error::{Error, PlainError};
use crate::rubric::Rubric;

/// The credit at or above which a rubric item counts as credited, and at or
/// below which it counts as not credited (LABELS.md).
pub const CREDITED: f64 = 0.6;
pub const UNCREDITED: f64 = 0.4;

/// The reviewer's tiers, worst first.
pub const TIERS: &[&str] = &["offtopic", "poor", "mediocre", "good", "excellent"];

/// A rubric item's label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    /// `1`: present with substance.
    Present,
    /// `0`: absent, or only named in passing.
    Absent,
    /// `p`: partial or ambiguous, not scored.
    Partial,
}

/// One labelled document.
#[derive(Debug, Clone)]
pub struct DocLabels {
    pub file: String,
    /// Index into [`TIERS`].
    pub tier: usize,
    pub band: (f64, f64),
    /// Rubric items: code → mark.
    pub items: BTreeMap<String, Mark>,
    /// Findings: code → count of clear occurrences.
    pub findings: BTreeMap<String, u32>,
}

/// One arithmetic claim and whether it is right.
#[derive(Debug, Clone)]
pub struct Claim {
    pub file: String,
    /// 1-based line of the expression.
    pub line: usize,
    pub claim: String,
    pub correct: bool,
}

/// The rows of a TSV file: (1-based line, cells).
type Rows = Vec<(usize, Vec<String>)>;

/// A tab-separated file with a header row, as (header, rows).
fn read_tsv(path: &Path) -> Result<(Vec<String>, Rows), Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Box::new(PlainError::new(
            "designlint::io",
            format!("cannot read {}: {e}", path.display()),
        )) as Error
    })?;
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let header = lines
        .next()
        .map(|(_, l)| l.split('\t').map(|c| c.trim().to_string()).collect())
        .unwrap_or_default();
    let rows = lines
        .map(|(i, l)| (i + 1, l.split('\t').map(|c| c.trim().to_string()).collect()))
        .collect();
    Ok((header, rows))
}

fn bad_labels(path: &Path, line: usize, msg: impl std::fmt::Display) -> Error {
    Box::new(
        PlainError::new(
            "designlint::labels",
            format!("{}:{line}: {msg}", path.display()),
        )
        .help("the label format is described in shared/corpus/real/LABELS.md: file, tier, expected_score_min, expected_score_max, then one column per rule"),
    )
}

/// Read `labels.tsv`. Columns named after a rubric item take `1`, `0`, `p`
/// (or `-`, not labelled); columns named after a finding take a count.
/// Columns that name no rule of the rubric are an error.
pub fn read_labels(path: &Path, rubric: &Rubric) -> Result<Vec<DocLabels>, Error> {
    let (header, rows) = read_tsv(path)?;
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(file), Some(tier), Some(min), Some(max)) = (
        col("file"),
        col("tier"),
        col("expected_score_min"),
        col("expected_score_max"),
    ) else {
        return Err(bad_labels(
            path,
            1,
            "the header needs the columns file, tier, expected_score_min and expected_score_max",
        ));
    };
    let mut rule_cols = Vec::new();
    for (i, h) in header.iter().enumerate() {
        if [file, tier, min, max].contains(&i) {
            continue;
        }
        match rubric.rule(h) {
            Some(r) => rule_cols.push((i, r.code.clone(), r.is_item())),
            None => {
                return Err(bad_labels(
                    path,
                    1,
                    format!("column `{h}` names no rule of the `{}` rubric", rubric.name),
                ));
            }
        }
    }
    let mut out = Vec::new();
    for (line, cells) in rows {
        let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or("");
        let t = TIERS.iter().position(|t| *t == cell(tier)).ok_or_else(|| {
            bad_labels(
                path,
                line,
                format!("unknown tier `{}` (one of: {})", cell(tier), TIERS.join(", ")),
            )
        })?;
        let num = |i: usize| {
            cell(i)
                .parse::<f64>()
                .map_err(|_| bad_labels(path, line, format!("`{}` is not a score", cell(i))))
        };
        let mut d = DocLabels {
            file: cell(file).to_string(),
            tier: t,
            band: (num(min)?, num(max)?),
            items: BTreeMap::new(),
            findings: BTreeMap::new(),
        };
        for (i, code, item) in &rule_cols {
            let v = cell(*i);
            if v.is_empty() || v == "-" {
                continue;
            }
            if *item {
                let m = match v {
                    "1" => Mark::Present,
                    "0" => Mark::Absent,
                    "p" | "P" => Mark::Partial,
                    _ => {
                        return Err(bad_labels(
                            path,
                            line,
                            format!("{code}: `{v}` is not 1, 0, p or -"),
                        ));
                    }
                };
                d.items.insert(code.clone(), m);
            } else {
                let n = v
                    .parse::<u32>()
                    .map_err(|_| bad_labels(path, line, format!("{code}: `{v}` is not a count")))?;
                d.findings.insert(code.clone(), n);
            }
        }
        out.push(d);
    }
    Ok(out)
}

/// Read `arithmetic.tsv`: file, line, claim, correct (`yes`/`no`).
pub fn read_claims(path: &Path) -> Result<Vec<Claim>, Error> {
    let (header, rows) = read_tsv(path)?;
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(file), Some(lcol), Some(claim), Some(correct)) =
        (col("file"), col("line"), col("claim"), col("correct"))
    else {
        return Err(bad_labels(
            path,
            1,
            "the header needs the columns file, line, claim and correct",
        ));
    };
    rows.into_iter()
        .map(|(n, cells)| {
            let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or("");
            Ok(Claim {
                file: cell(file).to_string(),
                line: cell(lcol)
                    .parse()
                    .map_err(|_| bad_labels(path, n, format!("`{}` is not a line number", cell(lcol))))?,
                claim: cell(claim).to_string(),
                correct: match cell(correct) {
                    "yes" => true,
                    "no" => false,
                    v => return Err(bad_labels(path, n, format!("`{v}` is not yes or no"))),
                },
            })
        })
        .collect()
}

/// Optional: `MANIFEST.tsv` beside the documents gives each file a `kind`
/// (interview, other, theory, …); the report then compares mean scores by kind.
pub fn read_kinds(path: &Path) -> BTreeMap<String, String> {
    let Ok((header, rows)) = read_tsv(path) else {
        return BTreeMap::new();
    };
    let (Some(f), Some(k)) = (
        header.iter().position(|h| h == "file"),
        header.iter().position(|h| h == "kind"),
    ) else {
        return BTreeMap::new();
    };
    rows.into_iter()
        .filter_map(|(_, c)| Some((c.get(f)?.clone(), c.get(k)?.clone())))
        .collect()
}

/// What `eval` was given.
pub struct Inputs {
    pub labels: Vec<DocLabels>,
    pub claims: Vec<Claim>,
    pub kinds: BTreeMap<String, String>,
    pub docs: PathBuf,
}

/// One labelled document, linted.
pub struct Linted {
    pub labels: DocLabels,
    pub source: String,
    pub result: FileResult,
}

/// A rate and the counts behind it.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Rate {
    pub hits: usize,
    pub n: usize,
}

impl Rate {
    pub fn add(&mut self, hit: bool) {
        self.n += 1;
        self.hits += usize::from(hit);
    }

    /// The fraction, 0–1 (1 when there is nothing to count).
    pub fn value(&self) -> f64 {
        if self.n == 0 {
            1.0
        } else {
            self.hits as f64 / self.n as f64
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleAgreement {
    pub code: String,
    pub name: String,
    pub present_credited: Rate,
    pub absent_uncredited: Rate,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingAgreement {
    pub code: String,
    /// Documents with a labelled occurrence where the rule fired.
    pub caught: usize,
    /// Documents with a labelled occurrence.
    pub planted: usize,
    /// Documents labelled clean where the rule fired.
    pub false_alarms: usize,
    /// Documents labelled clean.
    pub clean: usize,
}

/// Where the rubric and the reviewer disagree.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Disagreement {
    /// The score is outside the labelled band.
    Band {
        file: String,
        tier: String,
        score: f64,
        min: f64,
        max: f64,
    },
    /// A rubric item credited against its label.
    Rule {
        file: String,
        code: String,
        label: Mark,
        credit: f64,
        evidence: Vec<Evidence>,
    },
    /// A finding that fired where none is labelled, or not where one is.
    Finding {
        file: String,
        code: String,
        labelled: u32,
        reported: usize,
        lines: Vec<usize>,
    },
    /// An arithmetic claim flagged although right, or not flagged although wrong.
    Arithmetic {
        file: String,
        line: usize,
        claim: String,
        correct: bool,
        flagged: bool,
    },
}

/// Evidence of a rule's credit, as shown with a disagreement.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub line: usize,
    pub strength: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindMean {
    pub kind: String,
    pub n: usize,
    pub mean: f64,
}

/// Everything `eval` measures.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub rubric: String,
    pub n: usize,
    pub spearman: f64,
    pub bands_hit: Rate,
    pub offtopic_under_20: Rate,
    pub present_credited: Rate,
    pub absent_uncredited: Rate,
    pub rules: Vec<RuleAgreement>,
    pub findings: FindingTotals,
    pub findings_by_rule: Vec<FindingAgreement>,
    pub arithmetic: ArithmeticTotals,
    pub kinds: Vec<KindMean>,
    pub scores: Vec<DocScore>,
    pub disagreements: Vec<Disagreement>,
    /// The coherence rules against their labels, when the label files are found.
    pub coherence: Option<coherence::Outcome>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct FindingTotals {
    pub caught: usize,
    pub planted: usize,
    pub false_alarms: usize,
    pub clean: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct ArithmeticTotals {
    pub caught: usize,
    pub wrong: usize,
    pub false_alarms: usize,
    pub right: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocScore {
    pub file: String,
    pub tier: String,
    pub score: f64,
    pub min: f64,
    pub max: f64,
}

/// Read the labels and the documents they name (`docs`, by default the labels' folder).
pub fn load(
    labels: &Path,
    docs: Option<&Path>,
    arithmetic: Option<&Path>,
    rubric: &Rubric,
) -> Result<Inputs, Error> {
    let docs = docs
        .map(Path::to_path_buf)
        .unwrap_or_else(|| labels.parent().map(Path::to_path_buf).unwrap_or_default());
    let labels = read_labels(labels, rubric)?;
    let claims = match arithmetic {
        Some(a) => read_claims(a)?,
        None => Vec::new(),
    };
    let kinds = read_kinds(&docs.join("MANIFEST.tsv"));
    Ok(Inputs {
        labels,
        claims,
        kinds,
        docs,
    })
}

/// Lint every labelled document (in parallel, results in label order).
pub fn lint_all(inputs: &Inputs, rubric: &Rubric) -> Result<Vec<Linted>, Error> {
    use rayon::prelude::*;
    inputs
        .labels
        .par_iter()
        .map(|l| {
            let path = inputs.docs.join(&l.file);
            let bytes = std::fs::read(&path).map_err(|e| {
                Box::new(PlainError::new(
                    "designlint::io",
                    format!("cannot read {}: {e}", path.display()),
                )) as Error
            })?;
            let source = String::from_utf8_lossy(&bytes).into_owned();
            let result = engine::lint(&source, rubric, &Settings::default());
            Ok(Linted {
                labels: l.clone(),
                source,
                result,
            })
        })
        .collect()
}

/// Spearman's rank correlation, ties given their mean rank.
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    fn ranks(v: &[f64]) -> Vec<f64> {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
        let mut r = vec![0.0; v.len()];
        let mut i = 0;
        while i < idx.len() {
            let mut j = i;
            while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
                j += 1;
            }
            let mean = (i + j) as f64 / 2.0 + 1.0;
            for k in i..=j {
                r[idx[k]] = mean;
            }
            i = j + 1;
        }
        r
    }
    let (rx, ry) = (ranks(x), ranks(y));
    let n = x.len() as f64;
    if n < 2.0 {
        return 0.0;
    }
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let cov: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - my)).sum();
    let vx: f64 = rx.iter().map(|a| (a - mx).powi(2)).sum();
    let vy: f64 = ry.iter().map(|b| (b - my).powi(2)).sum();
    if vx == 0.0 || vy == 0.0 {
        0.0
    } else {
        cov / (vx * vy).sqrt()
    }
}

/// Compare the linted documents with their labels.
pub fn measure(inputs: &Inputs, linted: &[Linted], rubric: &Rubric) -> Outcome {
    let mut dis = Vec::new();
    let mut bands = Rate::default();
    let mut offtopic = Rate::default();
    let mut scores = Vec::new();
    let mut per_rule: BTreeMap<String, (Rate, Rate)> = BTreeMap::new();
    let mut per_finding: BTreeMap<String, FindingAgreement> = BTreeMap::new();
    for d in linted {
        let l = &d.labels;
        let score = d.result.score.total;
        let hit = score >= l.band.0 - 1e-9 && score <= l.band.1 + 1e-9;
        bands.add(hit);
        if TIERS[l.tier] == "offtopic" {
            offtopic.add(score < 20.0);
        }
        scores.push(DocScore {
            file: l.file.clone(),
            tier: TIERS[l.tier].to_string(),
            score,
            min: l.band.0,
            max: l.band.1,
        });
        if !hit {
            dis.push(Disagreement::Band {
                file: l.file.clone(),
                tier: TIERS[l.tier].to_string(),
                score,
                min: l.band.0,
                max: l.band.1,
            });
        }
        for (code, mark) in &l.items {
            let Some(rs) = d.result.score.rules.iter().find(|r| &r.code == code) else {
                continue;
            };
            let e = per_rule.entry(code.clone()).or_default();
            let agrees = match mark {
                Mark::Present => {
                    e.0.add(rs.credit >= CREDITED);
                    rs.credit >= CREDITED
                }
                Mark::Absent => {
                    e.1.add(rs.credit <= UNCREDITED);
                    rs.credit <= UNCREDITED
                }
                Mark::Partial => true,
            };
            if !agrees {
                let lines = crate::document::LineIndex::new(&d.source);
                dis.push(Disagreement::Rule {
                    file: l.file.clone(),
                    code: code.clone(),
                    label: *mark,
                    credit: rs.credit,
                    evidence: rs
                        .evidence
                        .iter()
                        .map(|ev| Evidence {
                            line: lines.line_col(&d.source, ev.span.start).line,
                            strength: ev.strength.as_str().to_string(),
                            note: ev.note.clone(),
                        })
                        .collect(),
                });
            }
        }
        for (code, &count) in &l.findings {
            if rubric.rule(code).is_none() {
                continue;
            }
            let fired: Vec<usize> = d
                .result
                .diagnostics
                .iter()
                .filter(|x| &x.code == code)
                .map(|x| line_of(&d.source, x.span.start))
                .collect();
            let f = per_finding
                .entry(code.clone())
                .or_insert_with(|| FindingAgreement {
                    code: code.clone(),
                    caught: 0,
                    planted: 0,
                    false_alarms: 0,
                    clean: 0,
                });
            if count > 0 {
                f.planted += 1;
                f.caught += usize::from(!fired.is_empty());
            } else {
                f.clean += 1;
                f.false_alarms += usize::from(!fired.is_empty());
            }
            if (count > 0) == fired.is_empty() {
                dis.push(Disagreement::Finding {
                    file: l.file.clone(),
                    code: code.clone(),
                    labelled: count,
                    reported: fired.len(),
                    lines: fired,
                });
            }
        }
    }
    // Arithmetic: a DL105 diagnostic whose span covers the claim's line flags it.
    let mut arithmetic = ArithmeticTotals::default();
    let arith_code = rubric
        .rules
        .iter()
        .find(|r| r.detector_name == "arithmetic")
        .map(|r| r.code.clone());
    for c in &inputs.claims {
        let (Some(code), Some(d)) = (&arith_code, linted.iter().find(|d| d.labels.file == c.file)) else {
            continue;
        };
        let flagged = d.result.diagnostics.iter().any(|x| {
            &x.code == code
                && line_of(&d.source, x.span.start) <= c.line
                && c.line <= line_of(&d.source, x.span.end.max(x.span.start + 1) - 1)
        });
        if c.correct {
            arithmetic.right += 1;
            arithmetic.false_alarms += usize::from(flagged);
        } else {
            arithmetic.wrong += 1;
            arithmetic.caught += usize::from(flagged);
        }
        if flagged == c.correct {
            dis.push(Disagreement::Arithmetic {
                file: c.file.clone(),
                line: c.line,
                claim: c.claim.clone(),
                correct: c.correct,
                flagged,
            });
        }
    }
    let mut present = Rate::default();
    let mut absent = Rate::default();
    let rules = per_rule
        .into_iter()
        .map(|(code, (p, a))| {
            present.hits += p.hits;
            present.n += p.n;
            absent.hits += a.hits;
            absent.n += a.n;
            RuleAgreement {
                name: rubric.rule(&code).map(|r| r.name.clone()).unwrap_or_default(),
                code,
                present_credited: p,
                absent_uncredited: a,
            }
        })
        .collect();
    let mut findings = FindingTotals::default();
    let findings_by_rule: Vec<FindingAgreement> = per_finding.into_values().collect();
    for f in &findings_by_rule {
        findings.caught += f.caught;
        findings.planted += f.planted;
        findings.false_alarms += f.false_alarms;
        findings.clean += f.clean;
    }
    let mut by_kind: BTreeMap<String, (usize, f64)> = BTreeMap::new();
    for d in linted {
        if let Some(k) = inputs.kinds.get(&d.labels.file) {
            let e = by_kind.entry(k.clone()).or_default();
            e.0 += 1;
            e.1 += d.result.score.total;
        }
    }
    let tiers: Vec<f64> = linted.iter().map(|d| d.labels.tier as f64).collect();
    let totals: Vec<f64> = linted.iter().map(|d| d.result.score.total).collect();
    Outcome {
        rubric: rubric.name.clone(),
        n: linted.len(),
        spearman: spearman(&tiers, &totals),
        bands_hit: bands,
        offtopic_under_20: offtopic,
        present_credited: present,
        absent_uncredited: absent,
        rules,
        findings,
        findings_by_rule,
        arithmetic,
        kinds: by_kind
            .into_iter()
            .map(|(kind, (n, sum))| KindMean {
                kind,
                n,
                mean: (sum / n as f64 * 10.0).round() / 10.0,
            })
            .collect(),
        scores,
        disagreements: dis,
        coherence: None,
    }
}

fn line_of(source: &str, offset: usize) -> usize {
    source.as_bytes()[..offset.min(source.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spearman_of_ties_and_orders() {
        assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]) - 1.0).abs() < 1e-12);
        assert!((spearman(&[1.0, 2.0, 3.0], &[30.0, 20.0, 10.0]) + 1.0).abs() < 1e-12);
        // Ties get their mean rank: x ranks 1.5, 1.5, 3 against 1, 2, 3.
        let r = spearman(&[0.0, 0.0, 1.0], &[1.0, 2.0, 3.0]);
        assert!((r - 0.866_025_403_784_438_6).abs() < 1e-9, "{r}");
        assert_eq!(spearman(&[1.0], &[2.0]), 0.0);
    }

    #[test]
    fn rates() {
        let mut r = Rate::default();
        assert_eq!(r.value(), 1.0);
        r.add(true);
        r.add(false);
        assert_eq!((r.hits, r.n), (1, 2));
        assert_eq!(r.value(), 0.5);
    }
}
