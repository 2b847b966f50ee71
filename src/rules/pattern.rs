//! `pattern`: every occurrence of a phrase is a finding (placeholders, vague
//! quantifiers, claims of perfection).

use std::sync::OnceLock;

use regex::Regex;

use serde::Deserialize;
use toml::Spanned;

use super::{BuildCtx, Cx, Detector, DetectorDef, Finding, Outcome, detector};
use crate::document::Role;
use crate::error::Error;

pub const DOCS: &str = "\
## How `pattern` decides

Each of the rule's `patterns` (Rust regexes) is searched for in the prose of
the document: paragraphs, list items, table rows and headings, never code
blocks or URLs. Every match is reported at its exact span, with the rule's
`message` (`{match}` is replaced by the text found; when the pattern has a
group named `m`, only that group is reported and the rest is context, as in
`(?:^|: )(?P<m>to be decided)`). A match is skipped when
the sentence around it also matches one of the rule's `unless` patterns, so
\"no design is perfect\" is not read as a claim of perfection, and, with
`unless-near-number`, when its block or the block before it has a number
(\"very low!\" right after the figure), and, with `not-in-requirements`,
when it sits in the requirements (\"no single point of failure\" is a target
there, not a claim). Quoted speech, advice to the reader,
links, learning objectives and checklist goals are not the author's claims
and are not searched. For a finding
rule, each report costs `penalty` points, at most `max-penalty` in all.";

struct Pattern {
    /// The patterns searched for in the rubric's one pass over the prose
    /// (multi-line, so that `^` and `$` hold at the ends of each block), or
    /// none when one of them cannot be.
    shared: Vec<String>,
    /// The set can be searched over the whole document's prose at once (no
    /// pattern anchors at `^` or `$` outside multi-line mode).
    whole_document: bool,
    /// All patterns in one set: a block that matches none is skipped in one pass.
    any: regex_automata::meta::Regex,
    patterns: Vec<Lazy>,
    unless: Vec<Lazy>,
    /// Skip a match when its block, or the block before it, has a number.
    unless_near_number: bool,
    /// Skip matches in a scope phase (requirements are needs, not claims).
    not_in_requirements: bool,
}

/// A pattern checked when the rubric is read and compiled on its first use:
/// most documents match few of a rule's patterns, and compiling each one
/// costs more at startup than linting a write-up.
struct Lazy {
    pattern: String,
    re: OnceLock<Option<Regex>>,
}

impl Lazy {
    fn new(pattern: &str) -> Self {
        Lazy {
            pattern: pattern.to_string(),
            re: OnceLock::new(),
        }
    }

    /// `None` only for a pattern too large alone, which the set it belongs
    /// to (checked at load, with a larger limit) already rules out.
    fn get(&self) -> Option<&Regex> {
        self.re
            .get_or_init(|| crate::text::build_regex_within(&self.pattern, SET_LIMIT).ok())
            .as_ref()
    }
}

/// The size limit of the set of a rule's patterns, and so of each one.
const SET_LIMIT: usize = 8 << 20;

/// Check each pattern's syntax (errors at its span), without compiling it.
fn checked(cx: &BuildCtx, list: &Option<Vec<Spanned<String>>>, key: &str) -> Result<Vec<Lazy>, Error> {
    let src = cx.source_of(key);
    list.iter()
        .flatten()
        .map(|p| super::check_syntax(p, src).map(|()| Lazy::new(p.get_ref())))
        .collect()
}

fn has_digit(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
}

/// The parameters of `pattern`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// What to report (regexes).
    pub patterns: Option<Vec<Spanned<String>>>,
    /// Skip a match whose sentence matches one of these.
    pub unless: Option<Vec<Spanned<String>>>,
    /// No finding where the block or the one before it has a number.
    pub unless_near_number: Option<bool>,
    /// A match in a scope phase (the requirements) is a need stated, not a
    /// claim made ("No single point of failure" as a target).
    pub not_in_requirements: Option<bool>,
}

pub const DETECTOR: DetectorDef = detector::<Params>("pattern", build, DOCS, &["message", "help"], false);

fn build(cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    let p: Params = cx.params()?;
    cx.require(&p.patterns, "patterns")?;
    // The patterns are checked by building their set below; the `unless`
    // patterns, compiled when first asked, are checked here.
    let patterns = p
        .patterns
        .iter()
        .flatten()
        .map(|p| Lazy::new(p.get_ref()))
        .collect::<Vec<_>>();
    let unless = checked(&cx, &p.unless, "unless")?;
    // No prefilter: the literals of these patterns ("is", "no", "very") are
    // so common that a prefilter stops at every other word, and the lazy DFA
    // alone reads a block in one pass.
    let any = regex_automata::meta::Regex::builder()
        .configure(
            regex_automata::meta::Config::new()
                .auto_prefilter(false)
                .nfa_size_limit(Some(SET_LIMIT))
                .hybrid_cache_capacity(2 << 20),
        )
        .build_many(
            &patterns
                .iter()
                .map(|r| crate::text::ascii_word_boundaries(&r.pattern))
                .collect::<Vec<_>>(),
        )
        .map_err(|e| {
            // Name the pattern that is malformed, or too large on its own, else the set.
            if let Err(one) = checked(&cx, &p.patterns, "patterns") {
                return one;
            }
            match cx.regexes(&p.patterns, "patterns") {
                Err(one) => one,
                Ok(_) => cx.error(cx.span.clone(), format!("patterns too large together: {e}")),
            }
        })?;
    let whole_document = patterns.iter().all(|r| within_blocks(&r.pattern));
    // In the rubric's one pass over the prose, `^` and `$` are each line's:
    // a block's start and end among them.
    let lines = patterns.iter().map(|r| format!("(?m){}", r.pattern));
    let shared = lines
        .filter(|p| within_blocks(p))
        .map(|p| crate::text::ascii_word_boundaries(&p))
        .collect::<Vec<_>>();
    Ok(Box::new(Pattern {
        shared: if shared.len() == patterns.len() {
            shared
        } else {
            Vec::new()
        },
        whole_document,
        any,
        patterns,
        unless,
        unless_near_number: p.unless_near_number.unwrap_or(false),
        not_in_requirements: p.not_in_requirements.unwrap_or(false),
    }))
}

/// Whether a pattern can be searched for in the prose of a whole document
/// and find what it finds in each block: no `^` or `$` outside multi-line mode.
fn within_blocks(pattern: &str) -> bool {
    use regex_syntax::hir::Look;
    // Without `^`, `$`, `\A` or `\z` it has neither (parsing costs a
    // one-file run more than building the pattern's automaton).
    if !pattern.contains(['^', '$']) && !pattern.contains("\\A") && !pattern.contains("\\z") {
        return true;
    }
    regex_syntax::parse(&crate::text::ascii_word_boundaries(pattern)).is_ok_and(|h| {
        let looks = h.properties().look_set();
        !(looks.contains(Look::Start) || looks.contains(Look::End))
    })
}

/// The sentence of `text` around `at`.
fn sentence(text: &str, r: std::ops::Range<usize>) -> &str {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '\n' | ';');
    let start = text[..r.start].rfind(is_end).map_or(0, |i| i + 1);
    let end = text[r.end..].find(is_end).map_or(text.len(), |i| r.end + i);
    &text[start..end]
}

impl Detector for Pattern {
    fn prose_patterns(&self) -> Vec<String> {
        self.shared.clone()
    }

    fn check(&self, cx: &Cx) -> Outcome {
        let mut findings = Vec::new();
        // Blocks where a pattern may match: a block whose text has none
        // yields no finding below.
        let blocks: Vec<usize> = if let Some(b) = cx.an.prose_blocks(&cx.rule.code) {
            b.to_vec()
        } else if self.whole_document {
            cx.an.prose.blocks_matching(cx.doc, &self.any)
        } else {
            (0..cx.doc.blocks.len())
                .filter(|&i| {
                    let b = &cx.doc.blocks[i];
                    (b.is_prose() || b.is_heading()) && self.any.is_match(b.text)
                })
                .collect()
        };
        for (i, b) in blocks.iter().map(|&i| (i, &cx.doc.blocks[i])) {
            // Quoted speech, advice, links, objectives and checklist goals
            // are not the author's claims.
            if !matches!(
                b.role,
                Role::Sentence | Role::Label | Role::TableRow | Role::Heading
            ) {
                continue;
            }
            if self.not_in_requirements
                && cx.an.section_phase[b.section()].is_some_and(|p| cx.phases[p].scope)
            {
                continue;
            }
            // "Very low!" right after the figure that shows it is not vague.
            if self.unless_near_number
                && (has_digit(b.text) || i.checked_sub(1).is_some_and(|p| has_digit(cx.doc.blocks[p].text)))
            {
                continue;
            }
            // Every match of every pattern; where two overlap, the earlier and longer one wins.
            // A group named `m` is the part reported; the rest is context.
            let mut ms: Vec<regex::Match> = self
                .patterns
                .iter()
                .filter_map(Lazy::get)
                .flat_map(|re| {
                    re.captures_iter(b.text)
                        .filter_map(|c| c.name("m").or_else(|| c.get(0)))
                })
                .filter(|m| !m.is_empty() && !b.is_masked(&m.range()))
                .collect();
            ms.sort_by_key(|m| (m.start(), std::cmp::Reverse(m.end())));
            let mut last_end = 0;
            for m in ms {
                if m.start() < last_end {
                    continue;
                }
                let s = sentence(b.text, m.range());
                if self.unless.iter().filter_map(Lazy::get).any(|u| u.is_match(s)) {
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
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{Settings, lint};

    const RUBRIC: &str = r#"
[[phases]]
id = "p"
title = "P"

[rules.X001]
name = "todo-at-start"
detector = "pattern"
penalty = 1
message = "{match}"
patterns = ["^TODO"]

[rules.X002]
name = "vague"
detector = "pattern"
penalty = 1
message = "{match}"
patterns = ["(?i)very\\s+fast", "end\\s+start", "x*"]

[rules.X003]
name = "item"
phase = "p"
weight = 1
detector = "keywords"
keywords = ["cache"]
"#;

    /// (code, matched source text) of every diagnostic.
    fn findings(source: &str) -> Vec<(String, String)> {
        let rubric: crate::rubric::Rubric = RUBRIC.parse().unwrap();
        lint(source, &rubric, &Settings::default())
            .diagnostics
            .into_iter()
            .filter(|d| d.code != "X003")
            .map(|d| (d.code, source[d.span].to_string()))
            .collect()
    }

    /// Every rule's patterns are in the rubric's one pass over the prose
    /// (`^` included, as each block's start), which hands each rule its blocks.
    #[test]
    fn the_rubric_searches_the_prose_once_for_every_rule() {
        let rubric: crate::rubric::Rubric = RUBRIC.parse().unwrap();
        let source = "# T\n\nTODO now\n\nnot TODO\n\nvery fast\n";
        let arena = crate::document::Arena::new();
        let doc = crate::document::Document::parse(source, &arena);
        let an = rubric.analyse(&doc);
        let prose: Vec<usize> = an.prose.starts.iter().map(|&(b, _)| b).collect();
        assert_eq!(an.prose_blocks("X001"), Some(&prose[1..2]));
        // `x*` matches everywhere (nothing found where it matches empty).
        assert_eq!(an.prose_blocks("X002"), Some(&prose[..]));
        assert_eq!(an.prose_blocks("X003"), None);
    }

    #[test]
    fn the_whole_document_search_finds_what_each_block_has() {
        let doc = "# T\n\nIt is very\nfast.\n\n- it ends with the end\n- start of this one; and Very  fast ☕ too\n\nTODO later\n";
        assert_eq!(
            findings(doc),
            vec![
                ("X002".to_string(), "very\nfast".to_string()),
                ("X002".to_string(), "Very  fast".to_string()),
                // `^` is the start of the paragraph, not of the document.
                ("X001".to_string(), "TODO".to_string()),
            ]
        );
    }
}
