//! `keywords` and `required-section`: a topic found by its heading synonyms
//! and its keyword groups.

use serde::Deserialize;

use super::evidence::{Need, value};
use super::params::GroupDef;
use super::{BuildCtx, Cx, Detector, DetectorDef, Evidence, Outcome, Strength, detector};
use crate::error::Error;

pub const DOCS: &str = "\
## How `keywords` decides

Each keyword group (or each keyword, when the rule lists plain `keywords`)
is found where its words appear, and counts by the strength of the place it
is found in (see \"How evidence is weighed\" below): 1 for strong evidence,
0.4 for weak, nothing for a link, a learning objective, a table-of-contents
entry, advice to the reader, a heading or code in a programming language.
Coverage is the sum over the groups of their best strength, over
`min-groups` (or `min-keywords`), capped at 1. With `min-hits`, every
occurrence counts by its strength instead, over `min-hits`. A keyword right
after \"no\", \"without\", \"never\" or \"zero\" is not evidence: \"no
bottlenecks\" does not discuss bottlenecks; nor is a line that is only a
placeholder (\"Tradeoffs: TBD\").

Content under a heading matching the rule's `headings` (or, in a write-up
with fewer than three headings, a paragraph opening with such a label:
\"Storage: …\") adds its substance: its words of strong evidence over
`min-words` (default 30). For a rule that asks for things to be named, that
is the list itself (the items under \"Functional requirements\" are the
requirements); for one that asks for reasons, the heading only frames them:

    credit = max(coverage, s × substance + (1 − s) × coverage)
    s = 0.6 for named topics, 0.3 for reasoned ones

A topic found only in other parts of a write-up with headings (a retry
mentioned in the API, encryption in a requirement), with no part of its
own, earns at most 0.8: it is covered, not discussed. So a heading alone earns nothing, titling content that is already there
changes little, and a topic named only in passing (\"we'll add caching\")
or only in a list of names, for a rule that asks for reasons, stays at or
under 0.4. Keywords match whole words, case-insensitively, with plurals;
`scal*` matches any word that starts so; \"trade-off\" also finds \"trade
off\" and \"tradeoff\".";

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

/// Words of strong evidence in a matched section and its subsections,
/// leaving out the subsections whose headings belong to other rules: the
/// "Non-functional" subsection of a "Requirements" section is not functional
/// requirements.
pub(crate) fn own_substance(cx: &Cx, s: usize) -> usize {
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
        words += doc.sections[x]
            .blocks
            .clone()
            .filter(|&b| !cx.an.placeholder[b] && cx.strength(b) == Some(Strength::Strong))
            .map(|b| doc.blocks[b].words())
            .sum::<usize>();
    }
    words
}

/// Per section: does it lie in the subtree of one of `sections`? (Asked
/// once per hit: one pass here instead of a scan of `sections` each time.)
pub(crate) fn within(doc: &crate::document::Document, sections: &[usize]) -> Vec<bool> {
    let mut inside = vec![false; doc.sections.len()];
    for &s in sections {
        for x in &mut inside[s..doc.sections[s].subtree_end] {
            *x = true;
        }
    }
    inside
}

/// The most a topic found only in other parts of the write-up earns.
const IN_PASSING: f64 = 0.8;

/// One dimension of a topic: found when any of its terms appears.
pub struct Group {
    pub name: String,
    pub terms: Vec<usize>,
    /// Hits count only in blocks that have a number.
    pub with_number: bool,
}

/// The parameters of `keywords` and `required-section`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub keywords: Option<Vec<String>>,
    pub groups: Option<Vec<GroupDef>>,
    /// Keywords needed for full coverage (default 3, or fewer if fewer are listed).
    pub min_keywords: Option<usize>,
    /// Groups needed for full coverage (default: all).
    pub min_groups: Option<usize>,
    /// Words of strong evidence under the rule's heading for full substance.
    pub min_words: Option<usize>,
    /// Every occurrence counts, over this many.
    pub min_hits: Option<usize>,
    /// Outside the rule's sections and diagrams, a term counts in full only
    /// in a block that names this many of the rule's groups: the parts of a
    /// system are named together ("the API servers write to Postgres and
    /// read through Redis"), a word alone is a mention.
    pub named_together: Option<usize>,
}

pub const KEYWORDS: DetectorDef = detector::<Params>(
    "keywords",
    build_keywords,
    DOCS,
    &["message", "partial", "help"],
    true,
);
pub const REQUIRED_SECTION: DetectorDef = detector::<Params>(
    "required-section",
    build_required_section,
    DOCS_REQUIRED,
    &["message", "partial", "help"],
    true,
);

/// The rule's `groups`, and its plain `keywords` as one group each, added
/// to the rubric's keyword index.
pub fn groups(
    cx: &mut BuildCtx,
    keywords: &Option<Vec<String>>,
    groups: &Option<Vec<GroupDef>>,
) -> Vec<Group> {
    let mut out = Vec::new();
    for g in groups.iter().flatten() {
        let terms = g.keywords.iter().map(|k| cx.terms.add(k)).collect();
        out.push(Group {
            name: g.name.clone(),
            terms,
            with_number: g.with_number.unwrap_or(false),
        });
    }
    for k in keywords.iter().flatten() {
        let id = cx.terms.add(k);
        out.push(Group {
            name: k.trim_end_matches('*').to_string(),
            terms: vec![id],
            with_number: false,
        });
    }
    out
}

/// Hits of a group's terms that count as evidence (see [`super::evidence`]),
/// with their strength. Yields hit indices in document order per term.
pub fn evidence<'a>(cx: &'a Cx, g: &'a Group) -> impl Iterator<Item = usize> + 'a {
    strong_and_weak(cx, g).map(|(h, _)| h)
}

/// Hits of a group's terms with their strength as evidence for the rule.
pub fn strong_and_weak<'a>(cx: &'a Cx, g: &'a Group) -> impl Iterator<Item = (usize, Strength)> + 'a {
    g.terms.iter().flat_map(move |&t| {
        cx.an.by_term[t].iter().filter_map(move |&h| {
            let b = cx.an.hits[h].block();
            if g.with_number && !cx.doc.blocks[b].text.bytes().any(|c| c.is_ascii_digit()) {
                return None;
            }
            cx.strength(b).map(|s| (h, s))
        })
    })
}

struct Topic {
    groups: Vec<Group>,
    /// Count occurrences instead of distinct groups (`min-hits`).
    min_hits: Option<usize>,
    needed: usize,
    min_words: usize,
    /// `required-section`: no credit without the section.
    section_required: bool,
    /// See `named-together` in the rubric.
    together: usize,
}

fn build_keywords(cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    build(cx, false)
}

fn build_required_section(cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    cx.require(&cx.def.headings, "headings")?;
    build(cx, true)
}

fn build(mut cx: BuildCtx, section_required: bool) -> Result<Box<dyn Detector>, Error> {
    let d: Params = cx.params()?;
    let groups = groups(&mut cx, &d.keywords, &d.groups);
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
        together: d.named_together.unwrap_or(1),
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
    ) -> super::Finding {
        let r = cx.rule;
        let missing = if found.len() >= self.needed {
            Vec::new()
        } else {
            missing
        };
        let mut f = cx.shortfall(&found, &missing);
        let title = sections.first().map(|&s| cx.doc.sections[s].title.clone());
        let thin = |t: &str| match words {
            0 => format!("The \"{t}\" section is empty."),
            1 => format!("The \"{t}\" section has only 1 word of content."),
            w if w < self.min_words => format!("The \"{t}\" section has only {w} words of content."),
            _ => format!("The \"{t}\" section is there, but says little of it."),
        };
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
        } else if let Some(t) = &title
            && (missing.is_empty() || found.is_empty() || plain_keywords)
        {
            // The section is there; it lacks substance or the topic's content.
            f.message = format!("{} {}", r.summary, thin(t)).trim().to_string();
        } else if let Some(t) = title.as_deref().filter(|_| words < self.min_words) {
            // Partly covered, and its own section is thin: say both.
            f.message = format!("{} {}", f.message, thin(t));
        }
        f
    }
}

impl Detector for Topic {
    fn check(&self, cx: &Cx) -> Outcome {
        let sections = cx.rule_sections();
        let mut words: usize = sections.iter().map(|&s| own_substance(cx, s)).sum();
        // What the message calls the section: empty, or thin by all its words
        // (strong evidence or not: a section of links is not empty).
        let said: usize = sections.iter().map(|&s| cx.an.content_words[s]).sum();
        // In a write-up without headings, a labelled paragraph ("Requirements: …")
        // is where the heading would be. (With headings, labels are list items
        // of some other section: "Security: …" in a list of requirements.)
        let labelled: Vec<usize> = if sections.is_empty() && !cx.doc.has_headings() {
            cx.an
                .labels
                .iter()
                .filter(|(b, ids)| {
                    ids.iter().any(|id| cx.rule.headings.contains(id))
                        && cx.strength(*b) == Some(Strength::Strong)
                })
                .map(|(b, _)| *b)
                .collect()
        } else {
            Vec::new()
        };
        words += labelled.iter().map(|&b| cx.doc.blocks[b].words()).sum::<usize>();
        let substance = if sections.is_empty() && labelled.is_empty() {
            0.0
        } else {
            ((words as f64 - 5.0) / (self.min_words as f64 - 5.0)).clamp(0.0, 1.0)
        };
        let inside = within(cx.doc, &sections);
        let in_scope = |block: usize| !self.section_required || inside[cx.doc.blocks[block].section()];
        let mut found = Vec::new();
        let mut missing = Vec::new();
        let mut evidence = Vec::new();
        let mut covered = 0.0;
        let (mut strong_hits, mut weak_hits) = (0usize, 0usize);
        let mut n_hits = 0;
        // How many of the rule's groups each block names (for `named-together`).
        let mut named_in: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        if self.together > 1 {
            for g in &self.groups {
                let mut blocks: Vec<usize> = g
                    .terms
                    .iter()
                    .flat_map(|&t| cx.an.by_term[t].iter().map(|&h| cx.an.hits[h].block()))
                    .collect();
                blocks.sort_unstable();
                blocks.dedup();
                for b in blocks {
                    *named_in.entry(b).or_default() += 1;
                }
            }
        }
        let under_heading = |block: usize| inside[cx.doc.blocks[block].section()];
        let alone = |block: usize| {
            self.together > 1
                && named_in.get(&block).copied().unwrap_or(0) < self.together
                && cx.doc.blocks[block].role != crate::document::Role::Diagram
                && !under_heading(block)
        };
        for g in &self.groups {
            let mut best: Option<(usize, Strength)> = None;
            for (h, st) in strong_and_weak(cx, g).filter(|&(h, _)| in_scope(cx.an.hits[h].block())) {
                let st = if st == Strength::Strong && alone(cx.an.hits[h].block()) {
                    Strength::Weak
                } else {
                    st
                };
                match st {
                    Strength::Strong => strong_hits += 1,
                    Strength::Weak => weak_hits += 1,
                }
                n_hits += 1;
                if best.is_none_or(|(bh, bs)| st > bs || (st == bs && h < bh)) {
                    best = Some((h, st));
                }
            }
            match best {
                Some((h, st)) => {
                    covered += value(Some(st));
                    found.push(g.name.clone());
                    let hit = &cx.an.hits[h];
                    let b = &cx.doc.blocks[hit.block()];
                    evidence.push(Evidence {
                        span: b.source_range(hit.range()),
                        strength: st,
                        note: format!("{} ({})", g.name, b.role.as_str()),
                    });
                }
                None => missing.push(g.name.clone()),
            }
        }
        let coverage = if let Some(n) = self.min_hits {
            super::evidence::count_credit(strong_hits, weak_hits, n)
        } else if self.groups.is_empty() {
            1.0
        } else {
            (covered / self.needed as f64).min(1.0)
        };
        // Content under the topic's own heading: a list under "Functional
        // requirements" is the requirements. For a rule that needs reasons,
        // the heading only frames them: what earns is what the text says.
        let heading_share = match cx.rule.need {
            Need::Named | Need::Specific => 0.6,
            Need::Reasoned => 0.3,
        };
        let credit = if self.section_required {
            if self.groups.is_empty() {
                substance
            } else {
                0.6 * substance + 0.4 * coverage
            }
        } else {
            let c = coverage.max(heading_share * substance + (1.0 - heading_share) * coverage);
            // Found only in passing in other parts (a retry named in the API,
            // encryption in a requirement): the topic is covered, not
            // discussed, and stays under full credit.
            // (In a write-up without headings, every topic is in passing.)
            if sections.is_empty()
                && labelled.is_empty()
                && !cx.rule.headings.is_empty()
                && cx.doc.has_headings()
            {
                c.min(IN_PASSING)
            } else {
                c
            }
        };
        if substance > 0.0 {
            let at = sections
                .first()
                .map(|&s| cx.doc.section_anchor(s))
                .or_else(|| labelled.first().map(|&b| cx.doc.blocks[b].span.clone()));
            if let Some(span) = at {
                evidence.push(Evidence {
                    span,
                    strength: Strength::Strong,
                    note: format!("{words} words of content under the topic's heading"),
                });
            }
        }
        super::evidence::sort_evidence(&mut evidence);
        let mut out = Outcome {
            credit: Some(credit),
            evidence,
            ..Default::default()
        };
        if credit < 0.995 {
            out.findings
                .push(self.diagnostic(cx, credit, n_hits, found, missing, &sections, said));
        }
        out
    }
}
