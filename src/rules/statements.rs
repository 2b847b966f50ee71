//! `statements`: a topic written as statements, counted one by one
//! (decisions with their reasons, approaches compared).

use std::collections::HashMap;

use serde::Deserialize;

use super::evidence::count_credit;
use super::keywords::{Group, groups};
use super::params::GroupDef;
use super::{BuildCtx, Cx, Detector, DetectorDef, Evidence, Outcome, Strength, detector};
use crate::error::Error;

pub const DOCS: &str = "\
## How `statements` decides

It counts the statements of the topic one by one: a sentence, list item or
table row that contains one of the rule's `keywords` (for reasons:
\"because\", \"so that\", \"to avoid\", \"instead of\" …), or that sits
under a heading matching the rule's `headings` (\"Why PostgreSQL?\",
\"Rationale\", \"Push vs pull\", \"Option B\"; with `approach-headings`,
also sibling headings that name approaches to one subject: \"Short URL -
hashing\" and \"Short URL - counter\"). Each statement counts once,
by its strength as evidence (a sentence or a reasoned row counts 1, a bare
name or a quote 0.4, and all the weak ones together at most 0.4 of the
need; a link, an objective, advice to the reader or a heading nothing), and
`min-hits` of them give full credit. With `subjects`, a
statement counts only when it also names one of them (a storage choice is a
reason next to a database). A heading alone earns nothing: only the
statements under it count.";

struct Statements {
    groups: Vec<Group>,
    /// When not empty, a statement must also name one of these.
    subjects: Vec<usize>,
    min_hits: usize,
    /// See `approach-headings` in the rubric.
    approaches: bool,
}

/// Sibling sections whose titles name one subject and differ after a
/// separator: "Short URL - hashing" and "Short URL - counter" are two
/// approaches to short URLs.
pub fn approach_sections(doc: &crate::document::Document) -> Vec<usize> {
    let subject = |t: &str| -> Option<String> {
        [" - ", " – ", " — ", ": "]
            .iter()
            .find_map(|sep| t.split_once(sep))
            .filter(|(a, b)| !a.trim().is_empty() && !b.trim().is_empty())
            .map(|(a, _)| a.trim().to_lowercase())
    };
    // Sections by parent, level and subject, with how many carry each title:
    // a section's siblings of its subject are those with another title. (One
    // pass: comparing every section with every other is quadratic.)
    let subjects: Vec<Option<String>> = doc.sections.iter().map(|s| subject(&s.title)).collect();
    type Key<'a> = (Option<usize>, u8, &'a str);
    let mut groups: HashMap<Key, (usize, HashMap<&str, usize>)> = HashMap::new();
    for (sec, subj) in doc.sections.iter().zip(&subjects).skip(1) {
        if let Some(subj) = subj {
            let g = groups.entry((sec.parent, sec.level, subj)).or_default();
            g.0 += 1;
            *g.1.entry(&sec.title).or_default() += 1;
        }
    }
    (1..doc.sections.len())
        .filter(|&s| {
            let sec = &doc.sections[s];
            subjects[s].as_deref().is_some_and(|subj| {
                let (all, titles) = &groups[&(sec.parent, sec.level, subj)];
                all > &titles[sec.title.as_str()]
            })
        })
        .collect()
}

/// The parameters of `statements`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub keywords: Option<Vec<String>>,
    pub groups: Option<Vec<GroupDef>>,
    /// What a statement must name to count.
    pub subjects: Option<Vec<String>>,
    /// Statements needed for full credit (default 4).
    pub min_hits: Option<usize>,
    /// Sibling sections that name approaches to one thing ("Short URL -
    /// hashing", "Short URL - counter") count as the rule's sections.
    pub approach_headings: Option<bool>,
}

pub const DETECTOR: DetectorDef =
    detector::<Params>("statements", build, DOCS, &["message", "partial", "help"], true);

fn build(mut cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    let p: Params = cx.params()?;
    let groups = groups(&mut cx, &p.keywords, &p.groups);
    if groups.is_empty() {
        return Err(cx.error(
            cx.span.clone(),
            format!("rule {} needs `keywords` for the statements detector", cx.code),
        ));
    }
    let subjects = p.subjects.iter().flatten().map(|k| cx.terms.add(k)).collect();
    Ok(Box::new(Statements {
        groups,
        subjects,
        min_hits: p.min_hits.unwrap_or(4).max(1),
        approaches: p.approach_headings.unwrap_or(false),
    }))
}

/// Why a block is one of the statements: a keyword of a group (its name),
/// or the heading it sits under (its title). Written out only for the
/// blocks kept, once each: a big file has a hit of some group in most blocks.
enum Why<'a> {
    Group(&'a str),
    Under(&'a str),
}

impl std::fmt::Display for Why<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::Group(name) => write!(f, "\"{name}\""),
            Why::Under(title) => write!(f, "under \"{title}\""),
        }
    }
}

impl Detector for Statements {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        // Each block once: the strongest way it gives a reason.
        let mut by_block: Vec<(usize, Strength, Why)> = Vec::new();
        for g in &self.groups {
            for &t in &g.terms {
                for &h in &cx.an.by_term[t] {
                    let b = cx.an.hits[h].block();
                    if let Some(s) = cx.strength(b) {
                        by_block.push((b, s, Why::Group(&g.name)));
                    }
                }
            }
        }
        let mut sections = cx.rule_sections();
        if self.approaches {
            sections.extend(approach_sections(doc));
        }
        for s in sections {
            for i in doc.subtree_blocks(s) {
                let b = &doc.blocks[i];
                if !b.is_prose() || cx.an.placeholder[i] {
                    continue;
                }
                if let Some(st) = cx.strength(i) {
                    by_block.push((i, st, Why::Under(&doc.sections[b.section()].title)));
                }
            }
        }
        if !self.subjects.is_empty() {
            let mut named = vec![false; doc.blocks.len()];
            for &t in &self.subjects {
                for &h in &cx.an.by_term[t] {
                    named[cx.an.hits[h].block()] = true;
                }
            }
            by_block.retain(|x| named[x.0]);
        }
        by_block.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        by_block.dedup_by_key(|x| x.0);
        let strong = by_block.iter().filter(|x| x.1 == Strength::Strong).count();
        let credit = count_credit(strong, by_block.len() - strong, self.min_hits);
        let mut evidence: Vec<Evidence> = by_block
            .iter()
            .map(|(b, s, why)| Evidence {
                span: doc.blocks[*b].span.clone(),
                strength: *s,
                note: format!("{why} ({})", doc.blocks[*b].role.as_str()),
            })
            .collect();
        super::evidence::sort_evidence(&mut evidence);
        let mut out = Outcome {
            credit: Some(credit),
            evidence,
            ..Default::default()
        };
        if credit < 0.995 {
            let r = cx.rule;
            let n = by_block.iter().filter(|x| x.1 == Strength::Strong).count();
            let mut f = cx.shortfall(&[], &[]);
            if !by_block.is_empty() {
                let found = format!("{n} of the {} a full write-up gives", self.min_hits);
                f.message = r
                    .partial
                    .clone()
                    .unwrap_or_else(|| format!("{} Found {{found}}.", r.summary))
                    .replace("{found}", &found);
            }
            out.findings.push(f);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::approach_sections;
    use crate::document::Document;

    #[test]
    fn why_a_block_counts_is_written_as_the_note_says() {
        use super::Why;
        assert_eq!(Why::Group("reasons").to_string(), "\"reasons\"");
        assert_eq!(Why::Under("Why Redis?").to_string(), "under \"Why Redis?\"");
    }

    #[test]
    fn sibling_headings_that_name_approaches() {
        let arena = crate::document::Arena::new();
        let d = Document::parse(
            "# Links\n\n## Short code - hashing\n\nHash and retry.\n\n## Short code - counter\n\nA counter in base 62.\n\n## Storage\n\nPostgres.\n\n## Reads: the cache\n\nRedis.\n",
            &arena,
        );
        let titles: Vec<&str> = approach_sections(&d)
            .into_iter()
            .map(|s| d.sections[s].title.as_str())
            .collect();
        assert_eq!(titles, ["Short code - hashing", "Short code - counter"]);
    }
}
