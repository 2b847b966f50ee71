//! `deep-dive`: one part of the design examined in depth, wherever it sits.

use serde::Deserialize;

use super::keywords::{Group, groups};
use super::params::GroupDef;
use super::{BuildCtx, Cx, Detector, DetectorDef, Evidence, Outcome, Strength, detector};
use crate::error::Error;

pub const DOCS: &str = "\
## How `deep-dive` decides

A deep dive is a section (with its subsections) that goes into one part of
the design: at least `min-words` words (default 200) of strong evidence
(sentences, reasoned rows, worked examples in plain text; not names in a
list, links, objectives or advice), and at least two of the rule's
mechanisms (`keywords`: an algorithm, a data structure, an edge case) named
in it. Any heading will do (\"Use case: user posts a tweet\", \"Feed
fan-out\"); a heading that says \"Deep dive\" over a paragraph is not one.
The section that holds the whole write-up is not a deep dive, nor is one in
the requirements, nor one named for another part of the framework (\"High-level
design\", \"API\", \"Bottlenecks\"): its subsections may be.

    credit = min(1, words / min-words) × (0.5 + 0.25 × mechanisms, at most 1)

The best section earns the credit.";

struct DeepDive {
    mechanisms: Vec<Group>,
    min_words: usize,
}

/// The parameters of `deep-dive`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// The mechanisms a deep dive explains.
    pub keywords: Option<Vec<String>>,
    pub groups: Option<Vec<GroupDef>>,
    /// Words of substance for a full deep dive (default 200).
    pub min_words: Option<usize>,
}

pub const DETECTOR: DetectorDef = detector::<Params>("deep-dive", build, DOCS, &["message", "help"], true);

fn build(mut cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    let p: Params = cx.params()?;
    let mechanisms = groups(&mut cx, &p.keywords, &p.groups);
    Ok(Box::new(DeepDive {
        mechanisms,
        min_words: p.min_words.unwrap_or(200).max(20),
    }))
}

impl Detector for DeepDive {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        let n = doc.sections.len();
        // Strong words per block, and which mechanism terms each block names.
        let strong_words = |b: usize| -> usize {
            match cx.strength(b) {
                Some(Strength::Strong) if !cx.an.placeholder[b] => {
                    let bl = &doc.blocks[b];
                    if bl.is_code() {
                        crate::document::count_words(bl.text)
                    } else {
                        bl.words()
                    }
                }
                _ => 0,
            }
        };
        let mut mech_blocks: Vec<(usize, usize)> = Vec::new(); // (block, term)
        for g in &self.mechanisms {
            for &t in &g.terms {
                for &h in &cx.an.by_term[t] {
                    let b = cx.an.hits[h].block();
                    if cx.strength(b) == Some(Strength::Strong) {
                        mech_blocks.push((b, t));
                    }
                }
            }
        }
        // By block, so that a section's are one slice of it.
        mech_blocks.sort_unstable();
        let total: usize = (0..doc.blocks.len()).map(strong_words).sum();
        let scope = |s: usize| cx.an.section_phase[s].is_some_and(|p| cx.phases[p].scope);
        let mut best: Option<(f64, usize, usize, usize)> = None; // (credit, section, words, mechanisms)
        // The title names the whole write-up.
        let title = doc
            .title_section()
            .filter(|&t| doc.sections[t].level == 1 && doc.sections[t].subtree_end == n);
        // A section named for another part of the framework ("High-level
        // design", "API", "Bottlenecks") is that part, not a deep dive; its
        // subsections may be one.
        let other_part = |s: usize| {
            let ids = &cx.an.section_headings[s];
            cx.phases
                .iter()
                .enumerate()
                .any(|(p, ph)| Some(p) != cx.rule.phase && ids.iter().any(|id| ph.headings.contains(id)))
                && !cx
                    .rule
                    .phase
                    .is_some_and(|p| ids.iter().any(|id| cx.phases[p].headings.contains(id)))
        };
        for s in 1..n {
            if scope(s) || Some(s) == title || other_part(s) {
                continue;
            }
            let blocks = doc.subtree_blocks(s);
            let words: usize = blocks.clone().map(strong_words).sum();
            // The whole write-up under one heading is not one part of it.
            if words < 20 || (total > 0 && words * 10 > total * 8 && doc.has_headings()) {
                continue;
            }
            let from = mech_blocks.partition_point(|&(b, _)| b < blocks.start);
            let to = mech_blocks.partition_point(|&(b, _)| b < blocks.end);
            let mut terms: Vec<usize> = mech_blocks[from..to].iter().map(|&(_, t)| t).collect();
            terms.sort_unstable();
            terms.dedup();
            let depth = (words as f64 / self.min_words as f64).min(1.0);
            let credit = depth * (0.5 + 0.25 * terms.len() as f64).min(1.0);
            if best.is_none_or(|b| credit > b.0) {
                best = Some((credit, s, words, terms.len()));
            }
        }
        let mut out = Outcome::default();
        let credit = best.map_or(0.0, |b| b.0);
        out.credit = Some(credit);
        if let Some((_, s, words, mechs)) = best {
            out.evidence.push(Evidence {
                span: doc.section_anchor(s),
                strength: if credit >= 0.6 {
                    Strength::Strong
                } else {
                    Strength::Weak
                },
                note: format!(
                    "\"{}\": {words} words of substance, {mechs} mechanism{} named",
                    doc.sections[s].title,
                    if mechs == 1 { "" } else { "s" }
                ),
            });
        }
        if credit < 0.995 {
            let mut f = cx.shortfall(&[], &[]);
            if let Some((_, s, words, mechs)) = best.filter(|b| b.0 > 0.0) {
                f.message = format!(
                    "{} The deepest part, \"{}\", has {words} words of substance and names {mechs} mechanism{}.",
                    cx.rule.summary,
                    doc.sections[s].title,
                    if mechs == 1 { "" } else { "s" }
                );
            }
            out.findings.push(f);
        }
        out
    }
}
