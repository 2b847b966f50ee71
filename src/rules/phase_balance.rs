//! `phase-balance`: the share of the write-up per phase, against the
//! framework's time allocation.

use super::params::NoParams;
use super::{BuildCtx, Cx, Detector, DetectorDef, Finding, Outcome, detector};
use crate::error::Error;

pub const DOCS: &str = "\
## How `phase-balance` decides

Each section belongs to the phase its heading names (or its parent's), and
each phase's share is its words of prose over the words of all sections that
belong to a phase. A phase is reported when its share is above the upper
bound of its `share` in the rubric (requirements sprawling over half the
document), or when it is present but a one-liner: under the lower bound and
under 40 words (a deep dive of two sentences). It only judges write-ups with
at least 150 words and three phases under headings: without headings the
phases cannot be measured, and a short note is not out of balance.";

struct Balance;

pub const DETECTOR: DetectorDef = detector::<NoParams>("phase-balance", build, DOCS, &["help"], false);

fn build(_cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    Ok(Box::new(Balance))
}

impl Detector for Balance {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        let n = cx.phases.len();
        let mut words = vec![0usize; n];
        let mut first = vec![None; n];
        for s in 1..doc.sections.len() {
            if let Some(p) = cx.an.section_phase[s] {
                words[p] += cx.an.own_words(doc, s);
                first[p].get_or_insert(s);
            }
        }
        let total: usize = words.iter().sum();
        let present = first.iter().filter(|f| f.is_some()).count();
        let mut out = Outcome::default();
        if total >= 150 && present >= 3 {
            for (p, phase) in cx.phases.iter().enumerate() {
                let (Some([lo, hi]), Some(s)) = (phase.share, first[p]) else {
                    continue;
                };
                let share = words[p] as f64 / total as f64;
                let pct = (share * 100.0).round();
                let msg = if share > hi {
                    format!(
                        "{} takes {pct}% of the write-up; the framework gives it at most about {}%.",
                        phase.title,
                        (hi * 100.0).round()
                    )
                } else if share < lo && words[p] < 40 {
                    format!(
                        "{} is a one-liner ({} words, {pct}% of the write-up).",
                        phase.title, words[p]
                    )
                } else {
                    continue;
                };
                out.findings
                    .push(Finding::new(doc.section_anchor(s), msg).help(cx.rule.help.clone()));
            }
        }
        if cx.rule.is_item() {
            out.credit = Some(if out.findings.is_empty() { 1.0 } else { 0.5 });
        }
        out
    }
}
