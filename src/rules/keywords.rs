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
With `min-hits`, coverage counts occurrences instead: hits over `min-hits`.
A keyword right after \"no\", \"without\", \"never\" or \"zero\" is not
evidence: \"no bottlenecks\" does not discuss bottlenecks.

    credit = max(coverage, 0.6 × substance + 0.4 × coverage)

In a write-up without headings (three at most), a paragraph or list item
that opens with a label matching the synonyms (\"Requirements: …\",
\"Storage: …\") counts as the topic's section.

In a write-up with headings (more than three), a topic that has synonyms
but no section of its own is only covered in passing: its coverage counts
at most 0.75, unless four fifths of what was found sits under one heading
(a section whose heading the rubric does not know). A write-up without headings is judged on its prose alone.

So a write-up without headings can earn full credit from what it says, a
section with real content earns at least 0.6, and a topic only named once
(\"we'll add caching\") stays under 0.4. Keywords match whole words,
case-insensitively, with plurals; `scal*` matches any word that starts so;
\"trade-off\" also finds \"trade off\" and \"tradeoff\".";

pub const DOCS_REQUIRED: &str = "\
## How `required-section` decides

A heading matching one of the rule's `headings` synonyms must exist *and* have
substance under it: at least `min-words` words of prose (default 10: a
sentence or two, so a short but real section such as \"Flip the flag back;
migrations stay backward compatible for one release.\" is enough) in the
section and its subsections, placeholders (TODO, TBD, ???) not counted. An
empty or placeholder-only section earns nothing, and the diagnostic says it
is empty. When the rule lists `keywords` or `groups`, their coverage in that
section adds to the credit:

    credit = 0.6 × substance + 0.4 × coverage   (substance alone when no keywords)

Heading matching is case-insensitive when the pattern says `(?i)`, and
tolerant of numbering, emoji and suffixes: \"## 3. Alternatives considered (v1)\"
is matched as \"Alternatives considered\".";

/// Words of prose in a matched section and its subsections, leaving out the
/// subsections whose headings belong to other rules: the "Non-functional"
/// subsection of a "Requirements" section is not functional requirements.
fn own_substance(cx: &Cx, s: usize) -> usize {
    let doc = cx.doc;
    let mut words = 0;
    let mut skip_until = 0;
    for x in s..doc.sections[s].subtree_end {
        if x < skip_until {
            continue;
        }
        let ids = &cx.an.section_headings[x];
        let others = x != s && !ids.is_empty() && !ids.iter().any(|id| cx.rule.headings.contains(id));
        if others {
            skip_until = doc.sections[x].subtree_end;
            continue;
        }
        words += cx.an.own_words(doc, x);
    }
    words
}

/// One dimension of a topic: found when any of its terms appears.
pub struct Group {
    pub name: String,
    pub terms: Vec<usize>,
}

/// The rule's `groups`, and its plain `keywords` as one group each.
pub fn groups(cx: &mut BuildCtx) -> Vec<Group> {
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
    groups
}

/// Hits of a group's terms that count as evidence: in prose, or in a heading
/// with something under it. Yields hit indices in document order per term.
pub fn evidence<'a>(cx: &'a Cx, g: &'a Group) -> impl Iterator<Item = usize> + 'a {
    g.terms.iter().flat_map(move |&t| {
        cx.an.by_term[t].iter().copied().filter(move |&h| {
            let block = &cx.doc.blocks[cx.an.hits[h].block];
            !block.is_heading() || cx.an.subtree_words[block.section] >= 10
        })
    })
}

struct Topic {
    groups: Vec<Group>,
    has_headings: bool,
    /// Count occurrences instead of distinct groups (`min-hits`).
    min_hits: Option<usize>,
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

fn build(mut cx: BuildCtx, section_required: bool) -> Result<Box<dyn Detector>, Error> {
    let groups = groups(&mut cx);
    let d = cx.def;
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
        has_headings: d.headings.as_ref().is_some_and(|h| !h.is_empty()),
        min_hits: d.min_hits.map(|n| n.max(1)),
        groups,
        needed,
        // A required section is there once it says something (a sentence or
        // two), unless the rubric asks for more; a topic needs more to be covered.
        min_words: d
            .min_words
            .unwrap_or(if section_required { 10 } else { 30 })
            .max(6),
        section_required,
    }))
}

impl Topic {
    /// What was found and what is missing, in words a writer can act on.
    #[allow(clippy::too_many_arguments)]
    fn diagnostic(
        &self,
        cx: &Cx,
        credit: f64,
        hits: usize,
        found: Vec<String>,
        missing: Vec<String>,
        sections: &[usize],
        words: usize,
        passing: f64,
    ) -> super::Finding {
        let r = cx.rule;
        let missing = if found.len() >= self.needed {
            Vec::new()
        } else {
            missing
        };
        let mut f = cx.shortfall(&found, &missing);
        let title = sections.first().map(|&s| cx.doc.sections[s].title.clone());
        let plain_keywords = cx.rule.partial.is_none() && self.min_hits.is_none();
        if hits == 0 && self.min_hits.is_some() {
            f.message = r.message.clone();
        } else if let Some(n) = self.min_hits {
            let found = format!("{hits} of the {n} a full write-up gives");
            f.message = r
                .partial
                .clone()
                .unwrap_or_else(|| format!("{} Found {{found}}.", r.summary))
                .replace("{found}", &found);
        } else if credit <= 0.4 && title.is_none() {
            // Absent or only named: the shortfall says what was found, if anything.
        } else if passing < 1.0 && missing.is_empty() && title.is_none() {
            f = cx.in_passing(&found);
        } else if let Some(t) = &title
            && (missing.is_empty() || found.is_empty() || plain_keywords)
        {
            // The section is there; it lacks substance or the topic's content.
            let what = match words {
                0 => format!("The \"{t}\" section is empty."),
                1 => format!("The \"{t}\" section has only 1 word of content."),
                w if w < self.min_words => format!("The \"{t}\" section has only {w} words of content."),
                _ => format!("The \"{t}\" section is there, but says little of it."),
            };
            f.message = format!("{} {what}", r.summary).trim().to_string();
        }
        f
    }
}

/// Is the evidence for the groups found concentrated in one section whose
/// heading the rubric does not know (an unusually named section that is this
/// topic's section after all: "What we store" for a data model)?
pub fn concentrated(cx: &Cx, groups: &[Group], found: usize) -> bool {
    if found == 0 {
        return false;
    }
    let doc = cx.doc;
    let title = doc.title_section().filter(|&t| doc.sections[t].level == 1);
    // Only a heading the rubric does not know: a known one ("API") is another topic's.
    (1..doc.sections.len())
        .filter(|&s| Some(s) != title && cx.an.section_headings[s].is_empty())
        .any(|s| {
            let end = doc.sections[s].subtree_end;
            let covered = groups
                .iter()
                .filter(|g| {
                    evidence(cx, g).any(|h| (s..end).contains(&doc.blocks[cx.an.hits[h].block].section))
                })
                .count();
            covered * 5 >= found * 4 && cx.an.subtree_words[s] >= 20
        })
}

impl Detector for Topic {
    fn check(&self, cx: &Cx) -> Outcome {
        let sections = cx.rule_sections();
        let mut words: usize = sections.iter().map(|&s| own_substance(cx, s)).sum();
        // In a write-up without headings, a labelled paragraph ("Requirements: …")
        // is where the heading would be. (With headings, labels are list items
        // of some other section: "Security: …" in a list of requirements.)
        let labelled: usize = if sections.is_empty() && crate::engine::analysis::labels_apply(cx.doc) {
            cx.an
                .labels
                .iter()
                .filter(|(_, ids)| ids.iter().any(|id| cx.rule.headings.contains(id)))
                .map(|(b, _)| cx.doc.blocks[*b].words)
                .sum()
        } else {
            0
        };
        words += labelled;
        let substance = if sections.is_empty() && labelled == 0 {
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
            let hit = evidence(cx, g).any(|h| in_scope(cx.an.hits[h].block));
            if hit {
                found.push(g.name.clone())
            } else {
                missing.push(g.name.clone())
            }
        }
        let hits: usize = self
            .groups
            .iter()
            .map(|g| evidence(cx, g).filter(|&h| in_scope(cx.an.hits[h].block)).count())
            .sum();
        let coverage = if let Some(n) = self.min_hits {
            (hits as f64 / n as f64).min(1.0)
        } else if self.groups.is_empty() {
            1.0
        } else {
            (found.len() as f64 / self.needed as f64).min(1.0)
        };
        // In a write-up with headings, a topic without a section of its own is
        // only covered in passing: mentions elsewhere earn at most 0.75.
        let structured = cx.doc.sections.len() > 3;
        let passing = if !self.has_headings
            || ((!sections.is_empty() || labelled > 0) && words >= 10)
            || !structured
            || concentrated(cx, &self.groups, found.len())
        {
            1.0
        } else {
            0.75
        };
        let coverage = coverage * passing;
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
            out.findings
                .push(self.diagnostic(cx, credit, hits, found, missing, &sections, words, passing));
        }
        out
    }
}
