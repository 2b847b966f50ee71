//! `pattern`: every occurrence of a phrase is a finding (placeholders, vague
//! quantifiers, claims of perfection).

use regex::Regex;

use super::{BuildCtx, Cx, Detector, Finding, Outcome};
use crate::error::Error;

pub const DOCS: &str = "\
## How `pattern` decides

Each of the rule's `patterns` (Rust regexes) is searched for in the prose of
the document: paragraphs, list items, table rows and headings, never code
blocks or URLs. Every match is reported at its exact span, with the rule's
`message` (`{match}` is replaced by the text found). A match is skipped when
the sentence around it also matches one of the rule's `unless` patterns, so
\"no design is perfect\" is not read as a claim of perfection. For a finding
rule, each report costs `penalty` points, at most `max-penalty` in all.";

struct Pattern {
    /// All patterns in one set: a block that matches none is skipped in one pass.
    any: regex_automata::meta::Regex,
    patterns: Vec<Regex>,
    unless: Vec<Regex>,
}

pub fn build(cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    cx.require(&cx.def.patterns, "patterns")?;
    let patterns = cx.regexes(&cx.def.patterns)?;
    // No prefilter: the literals of these patterns ("is", "no", "very") are
    // so common that a prefilter stops at every other word, and the lazy DFA
    // alone reads a block in one pass.
    let any = regex_automata::meta::Regex::builder()
        .configure(
            regex_automata::meta::Config::new()
                .auto_prefilter(false)
                .nfa_size_limit(Some(8 << 20))
                .hybrid_cache_capacity(2 << 20),
        )
        .build_many(&patterns.iter().map(|r| r.as_str()).collect::<Vec<_>>())
        .map_err(|e| cx.error(cx.span.clone(), format!("patterns too large together: {e}")))?;
    Ok(Box::new(Pattern {
        any,
        patterns,
        unless: cx.regexes(&cx.def.unless)?,
    }))
}

/// The sentence of `text` around `at`.
fn sentence(text: &str, r: std::ops::Range<usize>) -> &str {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n' | ';');
    let start = text[..r.start].rfind(is_end).map_or(0, |i| i + 1);
    let end = text[r.end..].find(is_end).map_or(text.len(), |i| r.end + i);
    &text[start..end]
}

impl Detector for Pattern {
    fn check(&self, cx: &Cx) -> Outcome {
        let mut findings = Vec::new();
        for b in &cx.doc.blocks {
            if !(b.is_prose() || b.is_heading()) || !self.any.is_match(&b.text) {
                continue;
            }
            // Every match of every pattern; where two overlap, the earlier and longer one wins.
            let mut ms: Vec<regex::Match> = self
                .patterns
                .iter()
                .flat_map(|re| re.find_iter(&b.text))
                .filter(|m| !m.is_empty() && !b.is_masked(&m.range()))
                .collect();
            ms.sort_by_key(|m| (m.start(), std::cmp::Reverse(m.end())));
            let mut last_end = 0;
            for m in ms {
                if m.start() < last_end {
                    continue;
                }
                let s = sentence(&b.text, m.range());
                if self.unless.iter().any(|u| u.is_match(s)) {
                    continue;
                }
                last_end = m.end();
                let msg = cx.rule.message.replace("{match}", m.as_str());
                findings.push(
                    Finding::new(b.source_range(m.range()), msg)
                        .help(cx.rule.help.replace("{match}", m.as_str())),
                );
            }
        }
        Outcome {
            credit: cx
                .rule
                .is_item()
                .then_some(if findings.is_empty() { 1.0 } else { 0.0 }),
            findings,
        }
    }
}
