//! Rubrics as data: the TOML format, the built-ins, `extends`, and validation
//! with spans into the TOML.
//!
//! A rubric file names its phases and its rules keyed by code. Each rule picks
//! a detector (implemented once in Rust, `src/rules/`) and gives it parameters.
//! This layer does no Markdown work; it turns TOML into a checked [`Rubric`].

pub mod front_matter;
pub mod index;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, PlainError, SourceError};
use crate::rules::{self, Detector};

/// The built-in rubrics, compiled into the binary so it works anywhere.
pub const BUILTINS: &[(&str, &str)] = &[
    ("interview", include_str!("../../rules/interview.toml")),
    ("design-doc", include_str!("../../rules/design-doc.toml")),
    ("adr", include_str!("../../rules/adr.toml")),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A rubric file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RubricFile {
    pub name: Option<String>,
    pub description: Option<String>,
    pub extends: Option<Spanned<String>>,
    #[serde(default)]
    pub phases: Vec<PhaseDef>,
    #[serde(default)]
    pub rules: BTreeMap<String, Spanned<RuleDef>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PhaseDef {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub headings: Vec<Spanned<String>>,
    /// The share of the write-up this phase should take, from the framework's time allocation.
    pub share: Option<[f64; 2]>,
    /// Explains the phase to a newcomer (used by `designlint new`).
    pub prompt: Option<String>,
    /// The phase states what is needed (requirements, scope): evidence found
    /// here for a rule of another phase is a need stated, not a design made,
    /// and counts one step weaker.
    pub scope: Option<bool>,
}

/// A group of keywords that counts as one dimension of a topic (e.g. one FCC-SLEDS letter).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GroupDef {
    pub name: String,
    pub keywords: Vec<String>,
    /// A hit counts only in a block that has a number ("100M DAU", not "users").
    pub with_number: Option<bool>,
}

/// One rule as written. Every field is optional so that a rubric that
/// `extends` another can override a single field.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleDef {
    pub name: Option<Spanned<String>>,
    pub enabled: Option<bool>,
    pub phase: Option<Spanned<String>>,
    pub weight: Option<Spanned<f64>>,
    pub penalty: Option<f64>,
    pub max_penalty: Option<f64>,
    pub severity: Option<Severity>,
    pub detector: Option<Spanned<String>>,
    pub summary: Option<String>,
    pub message: Option<String>,
    pub partial: Option<String>,
    pub help: Option<String>,
    pub docs: Option<String>,
    pub prompt: Option<String>,
    pub headings: Option<Vec<Spanned<String>>>,
    pub keywords: Option<Vec<String>>,
    pub groups: Option<Vec<GroupDef>>,
    pub patterns: Option<Vec<Spanned<String>>>,
    pub unless: Option<Vec<Spanned<String>>>,
    pub sections: Option<Vec<Spanned<String>>>,
    pub min_keywords: Option<usize>,
    pub min_hits: Option<usize>,
    pub min_groups: Option<usize>,
    pub min_words: Option<usize>,
    /// `field-value`: the values allowed (case-insensitive).
    pub values: Option<Vec<String>>,
    /// What the rule needs to see: things `named` (the default) or `reasoned`.
    pub evidence: Option<crate::rules::evidence::Need>,
    /// `document-kind`: the most a guide can score.
    pub max_score: Option<f64>,
    /// Evidence counts fully only in the sections of the rule's own phase
    /// (when the write-up has them): an NFR is stated in the requirements.
    pub own_phase: Option<bool>,
    /// `pattern`: no finding where the block or the one before it has a number.
    pub unless_near_number: Option<bool>,
    /// Evidence stated in a scope phase (the requirements) counts in full: a
    /// concrete policy stated as a requirement ("JWT, 100 requests/min per
    /// user") is the decision itself.
    pub counts_in_scope: Option<bool>,
    /// `statements`: what a statement must name to count.
    pub subjects: Option<Vec<String>>,
    /// `pattern`: a match in a scope phase (the requirements) is a need
    /// stated, not a claim made ("No single point of failure" as a target).
    pub not_in_requirements: Option<bool>,
    /// `keywords`: outside the rule's sections and diagrams, a term counts in
    /// full only in a block that names this many of the rule's groups: the
    /// parts of a system are named together ("the API servers write to
    /// Postgres and read through Redis"), a word alone is a mention.
    pub named_together: Option<usize>,
    /// `statements`: sibling sections that name approaches to one thing
    /// ("Short URL - hashing", "Short URL - counter") count as the rule's
    /// sections.
    pub approach_headings: Option<bool>,
    /// Evidence counts fully only in a document that designs something: it
    /// has a section of the rule's phase or a diagram. In notes on a
    /// technique, "the database" and "a cache" are mentions.
    pub needs_design: Option<bool>,
}

impl RuleDef {
    /// Fields set in `over` replace those of `self`.
    fn merge(&mut self, over: RuleDef) {
        macro_rules! take {
            ($($f:ident),*) => { $( if over.$f.is_some() { self.$f = over.$f; } )* };
        }
        take!(
            name,
            enabled,
            phase,
            weight,
            penalty,
            max_penalty,
            severity,
            detector,
            summary,
            message,
            partial,
            help,
            docs,
            prompt,
            headings,
            keywords,
            groups,
            patterns,
            unless,
            sections,
            min_keywords,
            min_groups,
            min_words,
            values,
            evidence,
            max_score,
            own_phase,
            unless_near_number,
            counts_in_scope,
            subjects,
            not_in_requirements,
            named_together,
            approach_headings,
            needs_design
        );
    }
}

/// A phase of the rubric, ready to use.
#[derive(Debug)]
pub struct Phase {
    pub id: String,
    pub title: String,
    /// Pattern ids in the heading index.
    pub headings: Vec<usize>,
    pub share: Option<[f64; 2]>,
    pub prompt: Option<String>,
    /// See [`PhaseDef::scope`].
    pub scope: bool,
}

/// A rule, checked and with its detector built.
pub struct Rule {
    pub code: String,
    pub name: String,
    /// Index into [`Rubric::phases`]; `None` for findings.
    pub phase: Option<usize>,
    /// Rubric items have a weight; findings have a penalty.
    pub weight: f64,
    pub penalty: f64,
    pub max_penalty: f64,
    pub severity: Severity,
    pub summary: String,
    pub message: String,
    pub partial: Option<String>,
    pub help: String,
    pub docs: String,
    pub prompt: Option<String>,
    /// Heading pattern ids (in the rubric's heading index) that mark this rule's section.
    pub headings: Vec<usize>,
    /// What counts as evidence for it.
    pub need: crate::rules::evidence::Need,
    /// See [`RuleDef::own_phase`].
    pub own_phase: bool,
    /// See [`RuleDef::needs_design`].
    pub needs_design: bool,
    /// See [`RuleDef::counts_in_scope`].
    pub counts_in_scope: bool,
    pub detector_name: String,
    pub detector: Box<dyn Detector>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("code", &self.code)
            .field("name", &self.name)
            .finish()
    }
}

impl Rule {
    pub fn is_item(&self) -> bool {
        self.phase.is_some()
    }
}

/// A compiled rubric: phases, rules in code order, and the shared indexes
/// (one heading RegexSet, one keyword automaton) every document is scanned with once.
#[derive(Debug)]
pub struct Rubric {
    pub name: String,
    pub description: String,
    pub phases: Vec<Phase>,
    pub rules: Vec<Rule>,
    pub headings: index::HeadingIndex,
    pub terms: index::TermIndex,
}

impl Rubric {
    /// Find a rule by code (`DL105`) or name (`estimate-arithmetic`), case-insensitively.
    pub fn rule(&self, key: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(key) || r.name.eq_ignore_ascii_case(key))
    }

    /// The code or name closest to `key`, for "did you mean".
    pub fn closest(&self, key: &str) -> Option<String> {
        let key = key.to_ascii_lowercase();
        self.rules
            .iter()
            .flat_map(|r| [r.code.clone(), r.name.clone()])
            .map(|c| (edit_distance(&key, &c.to_ascii_lowercase()), c))
            .filter(|(d, c)| *d <= (c.len() / 3).max(2))
            .min()
            .map(|(_, c)| c)
    }

    /// Does a selector (code, code prefix like `DL1`, or name) name this rule?
    pub fn selector_matches(selector: &str, rule: &Rule) -> bool {
        let s = selector.trim();
        rule.name.eq_ignore_ascii_case(s)
            || (!s.is_empty() && rule.code.len() >= s.len() && rule.code[..s.len()].eq_ignore_ascii_case(s))
            || s.eq_ignore_ascii_case("all")
    }

    /// Is this selector known to the rubric (some rule matches it)?
    pub fn selector_known(&self, selector: &str) -> bool {
        self.rules.iter().any(|r| Rubric::selector_matches(selector, r))
    }

    pub fn total_weight(&self) -> f64 {
        self.rules.iter().filter(|r| r.is_item()).map(|r| r.weight).sum()
    }
}

/// Levenshtein distance, for suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Where a rubric came from, for error messages.
#[derive(Debug, Clone)]
pub struct RubricSource {
    pub path: PathBuf,
    pub text: String,
}

/// Load a rubric by built-in name or path. Relative paths resolve against `base_dir`.
pub fn load(spec: &str, base_dir: &Path) -> Result<Rubric, Error> {
    let mut chain = Vec::new();
    resolve_chain(spec, base_dir, &mut chain, &mut Vec::new())?;
    compile(chain)
}

pub fn builtin_names() -> Vec<&'static str> {
    BUILTINS.iter().map(|(n, _)| *n).collect()
}

fn read_spec(spec: &str, base_dir: &Path) -> Result<RubricSource, Error> {
    if let Some((name, text)) = BUILTINS.iter().find(|(n, _)| *n == spec) {
        return Ok(RubricSource {
            path: PathBuf::from(format!("<built-in rubric {name}>")),
            text: text.to_string(),
        });
    }
    let path = base_dir.join(spec);
    if !spec.ends_with(".toml") && !path.exists() {
        return Err(Box::new(
            PlainError::new("designlint::rubric", format!("unknown rubric `{spec}`")).help(format!(
                "use a built-in rubric ({}) or the path of a rubric TOML file",
                builtin_names().join(", ")
            )),
        ));
    }
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Box::new(PlainError::new(
            "designlint::io",
            format!("cannot read rubric {}: {e}", path.display()),
        )) as Error
    })?;
    Ok(RubricSource { path, text })
}

/// Files from the most basic (first) to the most derived (last). `stack`
/// holds the rubrics being loaded, so that a cycle of `extends` is an error.
fn resolve_chain(
    spec: &str,
    base_dir: &Path,
    chain: &mut Vec<(RubricSource, RubricFile)>,
    stack: &mut Vec<String>,
) -> Result<(), Error> {
    let src = read_spec(spec, base_dir)?;
    let id = if src.path.exists() {
        std::fs::canonicalize(&src.path)
            .unwrap_or_else(|_| src.path.clone())
            .display()
            .to_string()
    } else {
        src.path.display().to_string()
    };
    if let Some(i) = stack.iter().position(|s| *s == id) {
        let mut cycle: Vec<String> = stack[i..].iter().map(|s| short_name(s)).collect();
        cycle.push(short_name(&id));
        return Err(Box::new(
            PlainError::new(
                "designlint::rubric",
                format!("`extends` forms a cycle: {}", cycle.join(" → ")),
            )
            .help("a rubric cannot extend itself, directly or through others: remove one `extends`"),
        ));
    }
    let file: RubricFile = toml::from_str(&src.text).map_err(|e| toml_error(&src, &e))?;
    if let Some(ext) = &file.extends {
        if stack.len() >= 16 {
            return Err(Box::new(
                SourceError::new(
                    "designlint::rubric",
                    &src.path,
                    &src.text,
                    ext.span(),
                    "`extends` goes more than 16 rubrics deep",
                )
                .label("extended here"),
            ));
        }
        let dir = src
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| base_dir.to_path_buf());
        stack.push(id);
        let nested = resolve_chain(ext.get_ref(), &dir, chain, stack);
        stack.pop();
        nested.map_err(|e| {
            // An error located in the extended file is shown there; others at this `extends`.
            if e.labels().is_some() {
                return e;
            }
            let mut w = SourceError::new(
                "designlint::rubric",
                &src.path,
                &src.text,
                ext.span(),
                e.to_string(),
            )
            .label("this rubric cannot be loaded");
            if let Some(h) = e.help() {
                w = w.help(h.to_string());
            }
            Box::new(w) as Error
        })?;
    }
    chain.push((src, file));
    Ok(())
}

/// The file name of a rubric path, or a built-in's name, for messages.
fn short_name(id: &str) -> String {
    Path::new(id)
        .file_name()
        .map_or_else(|| id.to_string(), |f| f.to_string_lossy().into_owned())
}

/// A TOML syntax or schema error, with its span.
pub fn toml_error(src: &RubricSource, e: &toml::de::Error) -> Error {
    let span = e.span().unwrap_or(0..0);
    Box::new(
        SourceError::new(
            "designlint::toml",
            &src.path,
            &src.text,
            span,
            format!("invalid TOML in {}", src.path.display()),
        )
        .label(e.message().to_string()),
    )
}

struct Located<'a> {
    src: &'a RubricSource,
    def: RuleDef,
    span: Range<usize>,
}

fn compile(chain: Vec<(RubricSource, RubricFile)>) -> Result<Rubric, Error> {
    let mut name = String::new();
    let mut description = String::new();
    let mut phase_defs: Vec<(PhaseDef, usize)> = Vec::new();
    let mut rules: BTreeMap<String, Located> = BTreeMap::new();
    for (i, (src, file)) in chain.iter().enumerate() {
        if let Some(n) = &file.name {
            name = n.clone();
        }
        if let Some(d) = &file.description {
            description = d.clone();
        }
        for p in &file.phases {
            match phase_defs.iter_mut().find(|(q, _)| q.id == p.id) {
                Some(q) => *q = (p.clone(), i),
                None => phase_defs.push((p.clone(), i)),
            }
        }
        for (code, def) in &file.rules {
            let span = def.span();
            let def = def.get_ref().clone();
            match rules.get_mut(code) {
                Some(l) => {
                    l.def.merge(def);
                    l.src = src;
                    l.span = span;
                }
                None => {
                    rules.insert(code.clone(), Located { src, def, span });
                }
            }
        }
    }
    // Heading patterns of every phase and rule share one RegexSet; each is checked where it is written.
    let mut interned = Interned::default();
    let mut phases = Vec::new();
    for (p, i) in &phase_defs {
        let src = &chain[*i].0;
        let headings = p
            .headings
            .iter()
            .map(|h| interned.intern(h, src))
            .collect::<Result<Vec<_>, _>>()?;
        phases.push(Phase {
            id: p.id.clone(),
            title: p.title.clone(),
            headings,
            share: p.share,
            prompt: p.prompt.clone(),
            scope: p.scope.unwrap_or(false),
        });
    }
    let mut terms = index::TermIndexBuilder::default();
    let mut out = Vec::new();
    let mut seen_names: Vec<(String, String)> = Vec::new();
    let mut zero_weight_at: Option<(&RubricSource, Range<usize>)> = None;
    for (code, l) in &rules {
        let err = |span: Range<usize>, msg: String| -> Error {
            Box::new(SourceError::new(
                "designlint::rubric",
                &l.src.path,
                &l.src.text,
                span,
                msg,
            ))
        };
        if !valid_code(code) {
            return Err(err(
                l.span.clone(),
                format!("rule code `{code}` is not of the form LETTERS + DIGITS (e.g. `TEAM001`)"),
            ));
        }
        let d = &l.def;
        if d.enabled == Some(false) {
            continue;
        }
        let Some(detector_name) = &d.detector else {
            return Err(Box::new(
                SourceError::new(
                    "designlint::rubric",
                    &l.src.path,
                    &l.src.text,
                    l.span.clone(),
                    format!("rule {code} has no `detector`"),
                )
                .help(format!(
                    "pick one of: {}",
                    rules::DETECTORS
                        .iter()
                        .map(|d| d.0)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            ));
        };
        let phase = match &d.phase {
            Some(p) if p.get_ref() == "findings" => None,
            Some(p) => match phases.iter().position(|ph| &ph.id == p.get_ref()) {
                Some(i) => Some(i),
                None => {
                    return Err(Box::new(
                        SourceError::new(
                            "designlint::rubric",
                            &l.src.path,
                            &l.src.text,
                            p.span(),
                            format!("unknown phase `{}`", p.get_ref()),
                        )
                        .help(format!(
                            "phases of this rubric: {}, or `findings` for a rule with a penalty",
                            phases
                                .iter()
                                .map(|p| p.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    ));
                }
            },
            None => None,
        };
        let weight = d.weight.as_ref().map_or(0.0, |w| *w.get_ref());
        if let Some(w) = &d.weight
            && !(w.get_ref().is_finite() && *w.get_ref() >= 0.0)
        {
            return Err(err(w.span(), "a weight is a number ≥ 0".into()));
        }
        if let Some(w) = &d.weight
            && phase.is_none()
            && d.penalty.is_none()
            && weight > 0.0
        {
            return Err(err(
                w.span(),
                format!("rule {code} has a weight but no `phase`: a rubric item belongs to a phase"),
            ));
        }
        let headings = d
            .headings
            .iter()
            .flatten()
            .map(|h| interned.intern(h, l.src))
            .collect::<Result<Vec<_>, _>>()?;
        let name = d
            .name
            .as_ref()
            .map(|n| n.get_ref().clone())
            .unwrap_or_else(|| code.to_ascii_lowercase());
        // Names are unique too, so that either can select a rule.
        if let Some((other, _)) = seen_names.iter().find(|(_, n)| n.eq_ignore_ascii_case(&name)) {
            let span = d.name.as_ref().map_or(l.span.clone(), |n| n.span());
            return Err(Box::new(
                SourceError::new(
                    "designlint::rubric",
                    &l.src.path,
                    &l.src.text,
                    span,
                    format!("rules {other} and {code} have the same name `{name}`"),
                )
                .label("a second rule with this name")
                .help("rule names select rules like codes do: give each rule its own name"),
            ));
        }
        seen_names.push((code.clone(), name.clone()));
        if phase.is_some() && zero_weight_at.is_none() {
            let span = d.weight.as_ref().map_or(l.span.clone(), |w| w.span());
            zero_weight_at = Some((l.src, span));
        }
        let ctx = rules::BuildCtx {
            code,
            def: d,
            src: l.src,
            span: l.span.clone(),
            terms: &mut terms,
        };
        let detector = rules::build(detector_name, ctx)?;
        let summary = d.summary.clone().unwrap_or_default();
        out.push(Rule {
            message: d.message.clone().unwrap_or_else(|| summary.clone()),
            partial: d.partial.clone(),
            help: d.help.clone().unwrap_or_default(),
            docs: d.docs.clone().unwrap_or_default(),
            prompt: d.prompt.clone(),
            summary,
            severity: d.severity.unwrap_or(Severity::Warning),
            penalty: d.penalty.unwrap_or(0.0),
            max_penalty: d.max_penalty.unwrap_or(f64::INFINITY),
            code: code.clone(),
            name,
            phase,
            weight: if phase.is_some() { weight } else { 0.0 },
            headings,
            need: d.evidence.unwrap_or_default(),
            own_phase: d.own_phase.unwrap_or(false),
            needs_design: d.needs_design.unwrap_or(false),
            counts_in_scope: d.counts_in_scope.unwrap_or(false),
            detector_name: detector_name.get_ref().clone(),
            detector,
        });
    }
    if out.iter().all(|r| r.weight == 0.0)
        && let Some((src, span)) = zero_weight_at
    {
        return Err(Box::new(
            SourceError::new(
                "designlint::rubric",
                &src.path,
                &src.text,
                span,
                "the weights of this rubric's items add up to 0",
            )
            .label("the first rubric item, with no weight")
            .help("give at least one rule with a `phase` a `weight` above 0"),
        ));
    }
    let headings = interned.index()?;
    Ok(Rubric {
        name: if name.is_empty() { "custom".into() } else { name },
        description,
        phases,
        rules: out,
        headings,
        terms: terms.build(),
    })
}

/// The heading synonyms of a rubric, each kept once with where it is first written.
#[derive(Default)]
struct Interned<'c> {
    patterns: Vec<String>,
    at: Vec<(&'c Spanned<String>, &'c RubricSource)>,
}

impl<'c> Interned<'c> {
    /// Only the syntax is checked here (compiling each pattern alone cost more
    /// than the whole set); the size limit is checked when the set is built.
    fn intern(&mut self, pat: &'c Spanned<String>, src: &'c RubricSource) -> Result<usize, Error> {
        if let Err(e) = regex_syntax::ParserBuilder::new()
            .nest_limit(64)
            .build()
            .parse(&ascii_word_boundaries(pat.get_ref()))
        {
            return Err(regex_error(pat, src, &e.to_string()));
        }
        if let Some(i) = self.patterns.iter().position(|p| p == pat.get_ref()) {
            return Ok(i);
        }
        self.patterns.push(pat.get_ref().clone());
        self.at.push((pat, src));
        Ok(self.patterns.len() - 1)
    }

    fn index(&self) -> Result<index::HeadingIndex, Error> {
        let e = match index::HeadingIndex::new(&self.patterns) {
            Ok(ix) => return Ok(ix),
            Err(e) => e,
        };
        // Name the pattern that is too large on its own, else the first.
        for (pat, src) in &self.at {
            check_regex(pat, src)?;
        }
        let (pat, src) = self.at[0];
        Err(regex_error(
            pat,
            src,
            &format!("the heading synonyms are too large together: {e}"),
        ))
    }
}

fn valid_code(code: &str) -> bool {
    let letters = code.chars().take_while(|c| c.is_ascii_alphabetic()).count();
    letters > 0 && code.len() > letters && code[letters..].chars().all(|c| c.is_ascii_digit())
}

/// `\\b` as an ASCII word boundary: rubric patterns are English phrases, and
/// a Unicode boundary makes the regex engine fall back to its slowest
/// strategy on any non-ASCII text.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('b') => out.push_str("(?-u:\\b)"),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A regex written in designlint's own code: ASCII word boundaries, default limits.
pub fn builtin_regex(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&ascii_word_boundaries(pattern))
}

/// Size limits for every user-given regex, so no rubric can make the linter hang or eat memory.
pub fn build_regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(&ascii_word_boundaries(pattern))
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .nest_limit(64)
        .build()
}

pub fn check_regex(pat: &Spanned<String>, src: &RubricSource) -> Result<Regex, Error> {
    build_regex(pat.get_ref()).map_err(|e| regex_error(pat, src, &e.to_string()))
}

fn regex_error(pat: &Spanned<String>, src: &RubricSource, error: &str) -> Error {
    Box::new(
        SourceError::new(
            "designlint::rubric",
            &src.path,
            &src.text,
            pat.span(),
            "invalid regular expression",
        )
        .label(first_line(error))
        .help("heading synonyms and patterns are Rust regexes, e.g. \"(?i)trade-?offs\""),
    )
}

fn first_line(s: &str) -> String {
    s.lines().last().unwrap_or(s).trim().to_string()
}
