//! Credits → total, phases, grade.
//!
//! `score = Σ weight × credit` over the rubric items that ran, scaled to 100,
//! minus the findings' penalties (each rule's capped by its `max-penalty`, all
//! of them together by [`PENALTY_CAP`] and by half the points earned), never
//! below 0. Rounded to one decimal
//! so that the same input gives the same score, byte for byte.

use serde::Serialize;

use crate::rubric::Rubric;
use crate::rules::{Evidence, Rule};

/// The most that findings can take off a score, in points.
pub const PENALTY_CAP: f64 = 30.0;

/// What one rule produced, before scoring.
pub struct RuleResult<'r> {
    pub rule: &'r Rule,
    pub credit: Option<f64>,
    pub penalty: f64,
    pub evidence: Vec<Evidence>,
    /// The most the document can score (see [`crate::rules::Outcome::cap`]).
    pub cap: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Score {
    pub total: f64,
    pub max: f64,
    pub grade: String,
    pub phases: Vec<PhaseScore>,
    pub rules: Vec<RuleScore>,
    /// Points taken off by findings (not in the JSON schema; shown to people).
    #[serde(skip)]
    pub penalty: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct PhaseScore {
    pub phase: String,
    pub earned: f64,
    pub max: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct RuleScore {
    pub code: String,
    pub name: String,
    pub credit: f64,
    pub weight: f64,
    /// What earned the credit (serialized by the formatters, which know lines).
    #[serde(skip)]
    pub evidence: Vec<Evidence>,
}

pub fn grade(total: f64) -> &'static str {
    match total {
        t if t >= 90.0 => "A",
        t if t >= 80.0 => "B",
        t if t >= 70.0 => "C",
        t if t >= 60.0 => "D",
        _ => "F",
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

pub fn compute(rubric: &Rubric, results: &[RuleResult]) -> Score {
    let total_weight: f64 = results
        .iter()
        .filter(|r| r.credit.is_some())
        .map(|r| r.rule.weight)
        .sum();
    let scale = if total_weight > 0.0 {
        100.0 / total_weight
    } else {
        0.0
    };
    let mut phases: Vec<PhaseScore> = Vec::new();
    for (i, p) in rubric.phases.iter().enumerate() {
        let (mut earned, mut max) = (0.0, 0.0);
        for r in results.iter().filter(|r| r.rule.phase == Some(i)) {
            if let Some(c) = r.credit {
                earned += r.rule.weight * c * scale;
                max += r.rule.weight * scale;
            }
        }
        if max > 0.0 {
            phases.push(PhaseScore {
                phase: p.id.clone(),
                earned: round1(earned),
                max: round1(max),
            });
        }
    }
    let rules = results
        .iter()
        .filter_map(|r| {
            r.credit.map(|c| RuleScore {
                code: r.rule.code.clone(),
                name: r.rule.name.clone(),
                credit: c,
                weight: r.rule.weight,
                evidence: r.evidence.clone(),
            })
        })
        .collect();
    let earned: f64 = results
        .iter()
        .filter_map(|r| r.credit.map(|c| r.rule.weight * c * scale))
        .sum();
    // Findings can take at most half of what was earned: a write-up with real
    // content and many findings still ranks above one with no content.
    let penalty: f64 = results
        .iter()
        .map(|r| r.penalty)
        .sum::<f64>()
        .min(PENALTY_CAP)
        .min(earned * 0.5);
    // A document that is not a write-up is scored as what it is.
    let cap = results.iter().filter_map(|r| r.cap).fold(100.0, f64::min);
    let total = if total_weight > 0.0 {
        round1((earned - penalty).clamp(0.0, cap))
    } else {
        0.0
    };
    Score {
        total,
        max: 100.0,
        grade: grade(total).to_string(),
        phases,
        rules,
        penalty: round1(penalty),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_at_the_boundaries() {
        assert_eq!(grade(90.0), "A");
        assert_eq!(grade(89.9), "B");
        assert_eq!(grade(80.0), "B");
        assert_eq!(grade(70.0), "C");
        assert_eq!(grade(60.0), "D");
        assert_eq!(grade(59.9), "F");
        assert_eq!(grade(0.0), "F");
    }
}
