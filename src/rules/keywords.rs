//! `keywords` and `required-section`: a topic found by its heading synonyms
//! and its keyword groups.

use super::{BuildCtx, Cx, Detector, Outcome};
use crate::error::Error;

pub const DOCS: &str = "\
## How `keywords` decides

The topic is looked for in two places: a section whose heading is one of the
rule's `headings` synonyms (with its subsections), and the prose of the whole
document (paragraphs, list items, table rows and headings over real content;
never code blocks, URLs, or a line that is only a placeholder such as
\"Tradeoffs: TBD\").

Each keyword group (or each keyword, when the rule lists plain `keywords`)
counts once when any of its words appears. Coverage is the number of groups
found over `min-groups` (or `min-keywords`), capped at 1. A section under a
matching heading earns credit for its substance: its words of prose over
`min-words` (default 30); an empty or placeholder-only section earns nothing.

    credit = max(coverage, 0.6 × substance + 0.4 × coverage)

So a write-up without headings can earn full credit from what it says, a
section with real content earns at least 0.6, and a topic only named once
(\"we'll add caching\") stays under 0.4. Keywords match whole words,
case-insensitively, with plurals; `scal*` matches any word that starts so;
\"trade-off\" also finds \"trade off\" and \"tradeoff\".";

pub const DOCS_REQUIRED: &str = "\
## How `required-section` decides

A heading matching one of the rule's `headings` synonyms must exist *and* have
substance under it: at least `min-words` words of prose (default 30) in the
section and its subsections, placeholders (TODO, TBD, ???) not counted. An
empty or placeholder-only section earns nothing. When the rule lists
`keywords` or `groups`, their coverage in that section adds to the credit:

    credit = 0.6 × substance + 0.4 × coverage   (substance alone when no keywords)

Heading matching is case-insensitive when the pattern says `(?i)`, and
tolerant of numbering, emoji and suffixes: \"## 3. Alternatives considered (v1)\"
is matched as \"Alternatives considered\".";

/// One dimension of a topic: found when any of its terms appears.
struct Group {
    name: String,
    terms: Vec<usize>,
}

struct Topic {
    groups: Vec<Group>,
    needed: usize,
    min_words: usize,
    /// `required-section`: no credit without the section.
    section_required: bool,
}

pub fn build_keywords(cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    build(cx, false)
}

pub fn build_required_section(cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    cx.require(&cx.def.headings, "headings")?;
    build(cx, true)
}

fn build(cx: BuildCtx, section_required: bool) -> Result<Box<dyn Detector>, Error> {
    let d = cx.def;
    let mut groups = Vec::new();
    for g in d.groups.iter().flatten() {
        let terms = g.keywords.iter().map(|k| cx.terms.add(k)).collect();
        groups.push(Group {
            name: g.name.clone(),
            terms,
        });
    }
    for k in d.keywords.iter().flatten() {
        let id = cx.terms.add(k);
        groups.push(Group {
            name: k.trim_end_matches('*').to_string(),
            terms: vec![id],
        });
    }
    if groups.is_empty() && !section_required {
        return Err(cx.error(
            cx.span.clone(),
            format!(
                "rule {} needs `keywords` or `groups` for the keywords detector",
                cx.code
            ),
        ));
    }
    let needed = if d.groups.is_some() {
        d.min_groups
    } else {
        d.min_keywords
    }
    .unwrap_or(if d.groups.is_some() {
        groups.len()
    } else {
        groups.len().min(3)
    })
    .clamp(1, groups.len().max(1));
    Ok(Box::new(Topic {
        groups,
        needed,
        min_words: d.min_words.unwrap_or(30).max(6),
        section_required,
    }))
}

impl Detector for Topic {
    fn check(&self, cx: &Cx) -> Outcome {
        let sections = cx.rule_sections();
        let words: usize = sections.iter().map(|&s| cx.an.subtree_words[s]).sum();
        let substance = if sections.is_empty() {
            0.0
        } else {
            ((words as f64 - 5.0) / (self.min_words as f64 - 5.0)).clamp(0.0, 1.0)
        };
        let in_scope = |block: usize| {
            !self.section_required
                || sections.iter().any(|&s| {
                    let sec = &cx.doc.sections[s];
                    let b = cx.doc.blocks[block].section;
                    b >= s && b < sec.subtree_end
                })
        };
        let mut found = Vec::new();
        let mut missing = Vec::new();
        for g in &self.groups {
            let hit = g.terms.iter().any(|&t| {
                cx.an.by_term[t].iter().any(|&h| {
                    let hit = &cx.an.hits[h];
                    let block = &cx.doc.blocks[hit.block];
                    // A heading names a topic only when there is something under it.
                    let ok = !block.is_heading() || cx.an.subtree_words[block.section] >= 10;
                    ok && in_scope(hit.block)
                })
            });
            if hit {
                found.push(g.name.clone())
            } else {
                missing.push(g.name.clone())
            }
        }
        let coverage = if self.groups.is_empty() {
            1.0
        } else {
            (found.len() as f64 / self.needed as f64).min(1.0)
        };
        let credit = if self.section_required {
            if self.groups.is_empty() {
                substance
            } else {
                0.6 * substance + 0.4 * coverage
            }
        } else {
            coverage.max(0.6 * substance + 0.4 * coverage)
        };
        let mut out = Outcome {
            credit: Some(credit),
            findings: Vec::new(),
        };
        if credit < 0.995 {
            let shown_missing: Vec<String> = if found.len() >= self.needed {
                Vec::new()
            } else {
                missing
            };
            let mut f = cx.shortfall(credit, &found, &shown_missing);
            if self.section_required && !sections.is_empty() && substance < 1.0 {
                f.message = format!("{} (the section has {words} words of content)", f.message);
            }
            out.findings.push(f);
        }
        out
    }
}
