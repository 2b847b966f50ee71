//! Rules and their detectors: the checks that need code, implemented once and
//! named from a rubric's TOML (`detector = "keywords"`). Each detector file is
//! named after its detector and holds its documentation and its parameter
//! type; a rule is a TOML entry that picks a detector and gives it parameters
//! ([`rule`]). A detector reads the [`Document`] and the [`Analysis`] and
//! returns a credit and findings; it never prints, reads files, or knows the
//! output format.
//!
//! What a detector sees and builds from lives here, below the rubric loader
//! (`crate::rubric`), which compiles rubric files into these types.

pub mod analysis;
mod api;
mod arithmetic;
mod data_model;
mod deep_dive;
mod design_before_requirements;
mod diagram;
mod document_kind;
mod empty_section;
pub mod evidence;
mod field_value;
mod figures;
pub mod index;
mod keywords;
pub mod params;
mod pattern;
mod phase_balance;
mod request_flow;
mod rule;
mod section_order;
mod served;
mod statements;
mod title;
mod undeclared;
mod words;

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::document::Document;
use crate::error::{Error, SourceError, SourceFile, toml_error};
pub use analysis::Analysis;
pub use evidence::{Evidence, Strength};
use index::{TermIndex, TermIndexBuilder};
pub use rule::{Phase, Rule, RuleDef, Severity};

/// What a detector sees while checking one document.
pub struct Cx<'a> {
    pub doc: &'a Document<'a>,
    pub an: &'a Analysis,
    pub rule: &'a Rule,
    /// The rubric's phases, in order.
    pub phases: &'a [Phase],
    /// The rubric's keyword index.
    pub terms: &'a TermIndex,
}

/// One diagnostic a detector wants to report.
#[derive(Debug, Clone)]
pub struct Finding {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
    /// Overrides the rule's severity (unless the user configured one).
    pub severity: Option<Severity>,
    /// Other places the finding is about (the first statement of a figure
    /// that a later one contradicts), each with what it says there.
    pub related: Vec<(Range<usize>, String)>,
}

impl Finding {
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Self {
        Finding {
            span,
            message: message.into(),
            help: None,
            severity: None,
            related: Vec::new(),
        }
    }

    /// Another place this finding is about, with a label for it.
    pub fn related(mut self, span: Range<usize>, message: impl Into<String>) -> Self {
        self.related.push((span, message.into()));
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn severity(mut self, s: Severity) -> Self {
        self.severity = Some(s);
        self
    }
}

/// A detector's verdict on one document.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Credit in [0, 1] for a rubric item; `None` for a finding rule.
    pub credit: Option<f64>,
    pub findings: Vec<Finding>,
    /// What earned the credit, strongest first.
    pub evidence: Vec<Evidence>,
    /// The most the document can score, whatever else it earns (a document
    /// that is not a write-up is scored as what it is).
    pub cap: Option<f64>,
}

pub trait Detector: Send + Sync {
    fn check(&self, cx: &Cx) -> Outcome;
    /// Patterns this detector searches each document's prose for, to be
    /// searched together with other rules' in one pass ([`index::ProseSet`]);
    /// [`Analysis::prose_blocks`] then gives the blocks where they match.
    fn prose_patterns(&self) -> Vec<String> {
        Vec::new()
    }
}

/// One key of a rule as it stands after `extends`, with the file that set it.
pub struct Param<'a> {
    pub key: &'a str,
    pub value: &'a Spanned<DeValue<'a>>,
    pub src: &'a SourceFile,
}

/// What a detector's constructor gets: the rule's common keys, its own
/// parameters (read with [`BuildCtx::params`]), and where each was written,
/// for errors with spans.
pub struct BuildCtx<'a> {
    pub code: &'a str,
    pub def: &'a RuleDef,
    /// Every key of the rule, merged over `extends`, in key order.
    pub keys: Vec<Param<'a>>,
    /// The file of the rule's most derived table.
    pub src: &'a SourceFile,
    /// The span of the rule's table in that file.
    pub span: Range<usize>,
    pub terms: &'a mut TermIndexBuilder,
}

impl BuildCtx<'_> {
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> Error {
        Box::new(SourceError::new(
            "designlint::rubric",
            &self.src.path,
            &self.src.text,
            span,
            message,
        ))
    }

    /// The detector's parameters as its own type. Each file's table was
    /// type-checked when the rubric was read, so this fails only on a value
    /// that is wrong once merged.
    pub fn params<P: DeserializeOwned>(&self) -> Result<P, Error> {
        let fields = params::fields_of::<P>();
        let mut table = DeTable::new();
        for p in self.keys.iter().filter(|p| fields.contains(&p.key)) {
            table.insert(
                Spanned::new(0..0, std::borrow::Cow::Borrowed(p.key)),
                p.value.clone(),
            );
        }
        let de = toml::de::ValueDeserializer::from(Spanned::new(self.span.clone(), DeValue::Table(table)));
        P::deserialize(de).map_err(|e| {
            let at = e
                .span()
                .and_then(|s| self.keys.iter().find(|p| p.value.span().contains(&s.start)))
                .map_or(self.src, |p| p.src);
            toml_error(at, &e)
        })
    }

    /// The file a key was written in (the rule's file when it is not set).
    pub fn source_of(&self, key: &str) -> &SourceFile {
        self.keys
            .iter()
            .find(|p| p.key == key)
            .map_or(self.src, |p| p.src)
    }

    /// A parameter this detector needs, or an error at the rule.
    pub fn require<'b, T>(&self, v: &'b Option<T>, key: &str) -> Result<&'b T, Error> {
        v.as_ref().ok_or_else(|| {
            self.error(
                self.span.clone(),
                format!("rule {} needs `{key}` for its detector", self.code),
            )
        })
    }

    /// A list of regexes given as parameter `key` as one set (one compile,
    /// one search), errors at the pattern that is wrong.
    pub fn regex_set(
        &self,
        list: &Option<Vec<Spanned<String>>>,
        key: &str,
    ) -> Result<regex::RegexSet, Error> {
        let src = self.source_of(key);
        let list = list.as_deref().unwrap_or_default();
        crate::text::build_regex_set(list.iter().map(|p| p.get_ref().as_str())).or_else(|e| {
            // Name the pattern that is malformed, or too large on its own, else the set.
            for p in list {
                check_syntax(p, src)?;
            }
            self.regexes(&Some(list.to_vec()), key)?;
            Err(self.error(self.span.clone(), format!("`{key}` too large together: {e}")))
        })
    }

    /// Compile a list of regexes given as parameter `key`, errors at the pattern.
    pub fn regexes(
        &self,
        list: &Option<Vec<Spanned<String>>>,
        key: &str,
    ) -> Result<Vec<regex::Regex>, Error> {
        let src = self.source_of(key);
        list.iter().flatten().map(|p| check_regex(p, src)).collect()
    }
}

/// Compile a regex given in a rubric, or an error at the pattern.
pub fn check_regex(pat: &Spanned<String>, src: &SourceFile) -> Result<regex::Regex, Error> {
    crate::text::build_regex(pat.get_ref()).map_err(|e| regex_error(pat, src, &e.to_string()))
}

/// A regex's syntax checked without compiling it (errors at the pattern).
pub fn check_syntax(pat: &Spanned<String>, src: &SourceFile) -> Result<(), Error> {
    regex_syntax::ParserBuilder::new()
        .nest_limit(64)
        .build()
        .parse(&crate::text::ascii_word_boundaries(pat.get_ref()))
        .map(drop)
        .map_err(|e| regex_error(pat, src, &e.to_string()))
}

pub fn regex_error(pat: &Spanned<String>, src: &SourceFile, error: &str) -> Error {
    Box::new(
        SourceError::new(
            "designlint::rubric",
            &src.path,
            &src.text,
            pat.span(),
            "invalid regular expression",
        )
        .label(what_is_wrong(error))
        .help("heading synonyms and patterns are Rust regexes, e.g. \"(?i)trade-?offs\""),
    )
}

/// The line of a regex error that says what is wrong. A syntax error runs
/// over several lines (`regex parse error:`, the pattern, a caret under the
/// place) and says what is wrong on its last (`error: unclosed group`); a
/// size limit is one line.
fn what_is_wrong(error: &str) -> String {
    error
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or_default()
        .to_string()
}

type BuildFn = fn(BuildCtx) -> Result<Box<dyn Detector>, Error>;

/// A text of the rule that a detector may show: `message`, `partial`, `help`.
pub type Text = &'static str;

/// A detector as a rubric names it: how it is built, how it decides
/// (printed by `explain`), which parameters and texts it reads. The rubric
/// loader rejects any other key at its span.
pub struct DetectorDef {
    pub name: &'static str,
    pub build: BuildFn,
    pub docs: &'static str,
    /// The keys of its parameter type.
    pub params: fn() -> &'static [&'static str],
    /// Type-checks one file's table of its parameters.
    pub check: fn(toml::de::ValueDeserializer<'_>) -> Result<(), toml::de::Error>,
    /// The rule texts it shows.
    pub texts: &'static [Text],
    /// It weighs evidence by strength ([`Cx::strength`]), so it reads
    /// `evidence`, `own-phase`, `needs-design` and `counts-in-scope`.
    pub weighs_evidence: bool,
}

fn check_as<P: DeserializeOwned>(de: toml::de::ValueDeserializer<'_>) -> Result<(), toml::de::Error> {
    P::deserialize(de).map(drop)
}

/// A detector whose parameters are `P`.
pub const fn detector<P: DeserializeOwned>(
    name: &'static str,
    build: BuildFn,
    docs: &'static str,
    texts: &'static [Text],
    weighs_evidence: bool,
) -> DetectorDef {
    DetectorDef {
        name,
        build,
        docs,
        params: params::fields_of::<P>,
        check: check_as::<P>,
        texts,
        weighs_evidence,
    }
}

/// Every detector a rubric can name.
pub const DETECTORS: &[DetectorDef] = &[
    keywords::KEYWORDS,
    keywords::REQUIRED_SECTION,
    section_order::DETECTOR,
    pattern::DETECTOR,
    empty_section::DETECTOR,
    diagram::DETECTOR,
    api::DETECTOR,
    data_model::DETECTOR,
    arithmetic::DETECTOR,
    request_flow::DETECTOR,
    design_before_requirements::DETECTOR,
    phase_balance::DETECTOR,
    field_value::DETECTOR,
    document_kind::DETECTOR,
    statements::DETECTOR,
    deep_dive::DETECTOR,
    title::DETECTOR,
    figures::DETECTOR,
    served::DETECTOR,
    undeclared::DETECTOR,
];

/// The detector of this name, or an error at the name that lists them all.
pub fn find(name: &Spanned<String>, src: &SourceFile) -> Result<&'static DetectorDef, Error> {
    if let Some(d) = DETECTORS.iter().find(|d| d.name == name.get_ref()) {
        return Ok(d);
    }
    let names: Vec<&str> = DETECTORS.iter().map(|d| d.name).collect();
    let close = names
        .iter()
        .min_by_key(|n| crate::text::edit_distance(name.get_ref(), n))
        .filter(|n| crate::text::edit_distance(name.get_ref(), n) <= 3);
    let e = SourceError::new(
        "designlint::rubric",
        &src.path,
        &src.text,
        name.span(),
        format!("unknown detector `{}`", name.get_ref()),
    )
    .label("not a detector")
    .help(match close {
        Some(c) => format!("did you mean `{c}`? Detectors: {}", names.join(", ")),
        None => format!("detectors: {}", names.join(", ")),
    });
    Err(Box::new(e))
}

/// How a detector decides, for `designlint explain`.
pub fn detector_docs(name: &str) -> Option<&'static str> {
    DETECTORS.iter().find(|d| d.name == name).map(|d| d.docs)
}

impl Cx<'_> {
    /// How strongly a block is evidence for this rule (see [`evidence`]): by
    /// its role and what the rule needs, one step weaker when it sits in a
    /// scope phase (requirements) and the rule belongs to another phase.
    pub fn strength(&self, block: usize) -> Option<Strength> {
        let b = &self.doc.blocks[block];
        let framed = self.an.frames_reasons[b.section()] || self.an.reason_rows[block];
        let s = evidence::of_block(b, self.rule.need, framed, &|| {
            self.an.gives_reason(self.doc, block)
        });
        match (self.an.section_phase[b.section()], self.rule.phase) {
            (Some(q), Some(p))
                if q != p
                    && self.phases[q].scope
                    && !self.rule.counts_in_scope
                    && !self.an.describes_mechanism(self.doc, block) =>
            {
                evidence::weaker(s)
            }
            // A rule bound to its own phase, outside it, in a write-up that has it.
            (q, Some(p))
                if self.rule.own_phase && q != Some(p) && self.an.section_phase.contains(&Some(p)) =>
            {
                evidence::weaker(s)
            }
            // Notes on a technique name parts without designing anything.
            // (A write-up without headings shows no phases: it is not judged so.)
            _ if self.rule.needs_design
                && self.an.diagrams.is_empty()
                && self.doc.has_headings()
                && !self
                    .rule
                    .phase
                    .is_some_and(|p| self.an.section_phase.contains(&Some(p))) =>
            {
                evidence::weaker(s)
            }
            // A guide about interviews tells the reader what to write; it
            // writes none of it.
            _ if self.an.kind == crate::document::kind::Kind::Guide => evidence::weaker(s),
            // An overview's lists and tables summarise chapters kept in other
            // files: they name what those chapters reason about.
            _ if self.an.kind == crate::document::kind::Kind::Overview
                && matches!(b.role, crate::document::Role::Label) =>
            {
                evidence::weaker(s)
            }
            _ => s,
        }
    }

    /// Sections whose heading is one of this rule's synonyms.
    pub fn rule_sections(&self) -> Vec<usize> {
        self.an.sections_matching(self.doc, &self.rule.headings)
    }

    /// Sections whose heading names this rule's phase.
    pub fn phase_sections(&self) -> Vec<usize> {
        match self.rule.phase {
            Some(p) => self.an.sections_matching(self.doc, &self.phases[p].headings),
            None => Vec::new(),
        }
    }

    /// Where a diagnostic about a missing part points: the rule's own section,
    /// else the section of its phase, else the document title (or first line).
    pub fn anchor(&self) -> Range<usize> {
        if let Some(&s) = self.rule_sections().first() {
            return self.doc.section_anchor(s);
        }
        if let Some(&s) = self.phase_sections().first() {
            return self.doc.section_anchor(s);
        }
        self.doc.anchor()
    }

    /// A diagnostic for a rubric item that did not earn full credit.
    pub fn shortfall(&self, found: &[String], missing: &[String]) -> Finding {
        let r = self.rule;
        // Say what was found whenever something was: "no X" only when there is none.
        let message = if found.is_empty() {
            r.message.clone()
        } else if missing.is_empty() {
            // Everything is there, but not enough of it is said.
            format!(
                "{} Found {}, but named more than discussed.",
                r.summary,
                join_list(found)
            )
            .trim()
            .to_string()
        } else {
            let t = r
                .partial
                .clone()
                .unwrap_or_else(|| format!("{} Found: {{found}}; missing: {{missing}}.", r.summary));
            t.replace("{found}", &join_list(found))
                .replace("{missing}", &join_list(missing))
        };
        Finding::new(self.anchor(), message).help(r.help.replace("{missing}", &join_list(missing)))
    }
}

impl Cx<'_> {
    /// A topic found, but only in passing: the write-up has no section for it.
    pub fn in_passing(&self, found: &[String]) -> Finding {
        let r = self.rule;
        Finding::new(
            self.anchor(),
            format!(
                "{} Found {}, but only in passing: the write-up has no section for it.",
                r.summary,
                join_list(found)
            )
            .trim()
            .to_string(),
        )
        .help(
            format!("Give it a section of its own. {}", r.help)
                .trim()
                .to_string(),
        )
    }
}

/// "a, b and c"
pub fn join_list(items: &[String]) -> String {
    match items {
        [] => "nothing".into(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regex_error_is_labelled_with_what_is_wrong() {
        let syntax = crate::text::build_regex("(?i)trade(offs")
            .unwrap_err()
            .to_string();
        assert!(syntax.starts_with("regex parse error:"), "{syntax}");
        assert_eq!(what_is_wrong(&syntax), "error: unclosed group");
        let size = crate::text::build_regex("(a{1000}){1000}")
            .unwrap_err()
            .to_string();
        assert_eq!(size.lines().count(), 1, "{size}");
        assert_eq!(what_is_wrong(&size), size.trim());
        assert_eq!(what_is_wrong(""), "");
    }
}
