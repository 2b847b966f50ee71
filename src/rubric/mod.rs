//! Rubrics as data: the TOML format, the built-ins, `extends`, and validation
//! with spans into the TOML.
//!
//! A rubric file names its phases and its rules keyed by code. Each rule picks
//! a detector (implemented once in Rust, `src/rules/`) and gives it parameters.
//! This layer does no Markdown work; it turns TOML into a checked [`Rubric`],
//! built of the types of `crate::rules` (what a rule and a phase are, the
//! heading and keyword indexes).

pub mod front_matter;

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::{Error, PlainError, SourceError, SourceFile, toml_error};
use crate::rules::index;
use crate::rules::{self, Phase, Rule, RuleDef, Severity};
use crate::text::edit_distance;

/// The built-in rubrics, compiled into the binary so it works anywhere.
pub const BUILTINS: &[(&str, &str)] = &[
    ("interview", include_str!("../../rules/interview.toml")),
    ("design-doc", include_str!("../../rules/design-doc.toml")),
    ("adr", include_str!("../../rules/adr.toml")),
];

/// A rubric file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RubricFile {
    pub name: Option<String>,
    pub description: Option<String>,
    pub extends: Option<Spanned<String>>,
    #[serde(default)]
    pub phases: Vec<PhaseDef>,
    /// Read raw, with spans, and merged key by key (see `compile`).
    #[serde(default)]
    pub rules: Option<serde::de::IgnoredAny>,
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

/// The texts of a rule that only some detectors show.
const TEXTS: &[&str] = &["message", "partial", "help"];
/// The keys read by detectors that weigh evidence by strength.
const EVIDENCE_KEYS: &[&str] = &["evidence", "own-phase", "counts-in-scope", "needs-design"];

/// A compiled rubric: phases, rules in code order, and the shared indexes
/// (one heading RegexSet, one keyword automaton, one set of the patterns rules
/// search the prose for) every document is scanned with once.
#[derive(Debug)]
pub struct Rubric {
    pub name: String,
    pub description: String,
    pub phases: Vec<Phase>,
    pub rules: Vec<Rule>,
    pub headings: index::HeadingIndex,
    pub terms: index::TermIndex,
    pub prose: index::ProseSet,
}

impl Rubric {
    /// The analysis every rule of this rubric reads, of one document.
    pub fn analyse(&self, doc: &crate::document::Document) -> rules::Analysis {
        rules::Analysis::new(doc, &self.headings, &self.terms, &self.prose, &self.phases)
    }

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

/// Load a rubric by built-in name or path. Relative paths resolve against `base_dir`.
pub fn load(spec: &str, base_dir: &Path) -> Result<Rubric, Error> {
    let mut chain = Vec::new();
    resolve_chain(spec, base_dir, &mut chain, &mut Vec::new())?;
    compile(chain)
}

/// A rubric from its TOML text, as if read from a file in the working
/// directory (`extends` names a built-in rubric or a path relative to it):
/// `text.parse::<Rubric>()`, for tests and tools that hold the text already.
impl std::str::FromStr for Rubric {
    type Err = Error;

    fn from_str(text: &str) -> Result<Rubric, Error> {
        let src = SourceFile {
            path: PathBuf::from("<rubric text>"),
            text: text.to_string(),
        };
        let mut chain = Vec::new();
        resolve_source(src, Path::new("."), &mut chain, &mut Vec::new())?;
        compile(chain)
    }
}

pub fn builtin_names() -> Vec<&'static str> {
    BUILTINS.iter().map(|(n, _)| *n).collect()
}

fn read_spec(spec: &str, base_dir: &Path) -> Result<SourceFile, Error> {
    if let Some((name, text)) = BUILTINS.iter().find(|(n, _)| *n == spec) {
        return Ok(SourceFile {
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
    Ok(SourceFile { path, text })
}

/// Files from the most basic (first) to the most derived (last). `stack`
/// holds the rubrics being loaded, so that a cycle of `extends` is an error.
fn resolve_chain(
    spec: &str,
    base_dir: &Path,
    chain: &mut Vec<(SourceFile, RubricFile)>,
    stack: &mut Vec<String>,
) -> Result<(), Error> {
    resolve_source(read_spec(spec, base_dir)?, base_dir, chain, stack)
}

/// [`resolve_chain`] for a rubric already read.
fn resolve_source(
    src: SourceFile,
    base_dir: &Path,
    chain: &mut Vec<(SourceFile, RubricFile)>,
    stack: &mut Vec<String>,
) -> Result<(), Error> {
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

/// One rule's table as one rubric file writes it.
struct Layer<'a> {
    src: &'a SourceFile,
    span: Range<usize>,
    table: DeTable<'a>,
}

fn source_error(src: &SourceFile, span: Range<usize>, message: impl Into<String>) -> SourceError {
    SourceError::new("designlint::rubric", &src.path, &src.text, span, message)
}

/// Every rule's tables, from the most basic file of the chain to the most derived.
fn rule_layers(chain: &[(SourceFile, RubricFile)]) -> Result<BTreeMap<String, Vec<Layer<'_>>>, Error> {
    let mut out: BTreeMap<String, Vec<Layer>> = BTreeMap::new();
    for (src, _) in chain {
        let root = DeTable::parse(&src.text)
            .map_err(|e| toml_error(src, &e))?
            .into_inner();
        let Some(rules) = root.get("rules") else {
            continue;
        };
        let DeValue::Table(rules) = rules.get_ref() else {
            return Err(Box::new(
                source_error(src, rules.span(), "`rules` is not a table")
                    .help("rules are tables keyed by their code, e.g. `[rules.TEAM001]`"),
            ));
        };
        for (code, t) in rules.iter() {
            let DeValue::Table(table) = t.get_ref() else {
                return Err(Box::new(
                    source_error(src, t.span(), format!("rule {} is not a table", code.get_ref())).help(
                        format!("write it as `[rules.{}]` with its keys below", code.get_ref()),
                    ),
                ));
            };
            out.entry(code.get_ref().to_string()).or_default().push(Layer {
                src,
                span: t.span(),
                table: table.clone(),
            });
        }
    }
    Ok(out)
}

/// The keys of `table` that `keep` accepts, as a value to deserialize.
fn sub_table<'a>(
    table: &DeTable<'a>,
    span: Range<usize>,
    keep: impl Fn(&str) -> bool,
) -> toml::de::ValueDeserializer<'a> {
    let mut t = DeTable::new();
    for (k, v) in table.iter().filter(|(k, _)| keep(k.get_ref())) {
        t.insert(k.clone(), v.clone());
    }
    toml::de::ValueDeserializer::from(Spanned::new(span, DeValue::Table(t)))
}

/// Check every key of a rule against what its detector reads, in the file
/// that writes it: an unknown or misspelt parameter, or a text or option the
/// detector would ignore, is an error at the key.
fn check_keys(code: &str, layers: &[Layer], det: &rules::DetectorDef) -> Result<(), Error> {
    let common = rules::params::fields_of::<RuleDef>();
    let own = (det.params)();
    let takes = |key: &str| {
        if TEXTS.contains(&key) {
            det.texts.contains(&key)
        } else if EVIDENCE_KEYS.contains(&key) {
            det.weighs_evidence
        } else {
            common.contains(&key) || own.contains(&key)
        }
    };
    for l in layers {
        for (k, _) in l.table.iter() {
            let key: &str = k.get_ref();
            if takes(key) {
                continue;
            }
            let e = source_error(l.src, k.span(), unread_message(key, det))
                .label(format!("rule {code} does not read it"));
            return Err(Box::new(e.help(unread_help(key, det, &takes))));
        }
        (det.check)(sub_table(&l.table, l.span.clone(), |k| own.contains(&k)))
            .map_err(|e| toml_error(l.src, &e))?;
    }
    Ok(())
}

fn unread_message(key: &str, det: &rules::DetectorDef) -> String {
    if TEXTS.contains(&key) {
        let shows = if det.texts.is_empty() {
            "it writes all its own texts".to_string()
        } else {
            format!("it shows only {}", quoted(det.texts))
        };
        format!("`{key}` is not shown by the `{}` detector: {shows}", det.name)
    } else if EVIDENCE_KEYS.contains(&key) {
        format!(
            "`{key}` is not read by the `{}` detector: it does not weigh evidence",
            det.name
        )
    } else {
        format!("`{key}` is not a parameter of the `{}` detector", det.name)
    }
}

fn unread_help(key: &str, det: &rules::DetectorDef, takes: &dyn Fn(&str) -> bool) -> String {
    if TEXTS.contains(&key) || EVIDENCE_KEYS.contains(&key) {
        let readers: Vec<&str> = rules::DETECTORS
            .iter()
            .filter(|d| d.texts.contains(&key) || (EVIDENCE_KEYS.contains(&key) && d.weighs_evidence))
            .map(|d| d.name)
            .collect();
        return format!(
            "remove it; the detectors that read `{key}`: {}",
            readers.join(", ")
        );
    }
    let own = (det.params)();
    let close = own
        .iter()
        .chain(rules::params::fields_of::<RuleDef>())
        .filter(|k| takes(k))
        .map(|c| (edit_distance(key, c), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| format!("did you mean `{c}`? "))
        .unwrap_or_default();
    let own = if own.is_empty() {
        "no parameters of its own".to_string()
    } else {
        quoted(own)
    };
    format!(
        "{close}`{}` reads {own}; the keys every rule takes are in docs/rubric-format.md",
        det.name
    )
}

fn quoted(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn compile(chain: Vec<(SourceFile, RubricFile)>) -> Result<Rubric, Error> {
    let mut name = String::new();
    let mut description = String::new();
    let mut phase_defs: Vec<(PhaseDef, usize)> = Vec::new();
    for (i, (_, file)) in chain.iter().enumerate() {
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
    }
    let rules = rule_layers(&chain)?;
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
    let mut zero_weight_at: Option<(&SourceFile, Range<usize>)> = None;
    // Each rule's common keys, type-checked in the file that writes them, then merged.
    let common = rules::params::fields_of::<RuleDef>();
    let mut defs = Vec::new();
    for layers in rules.values() {
        for l in layers {
            RuleDef::deserialize(sub_table(&l.table, l.span.clone(), |k| common.contains(&k)))
                .map_err(|e| toml_error(l.src, &e))?;
        }
        // The rule's common keys after `extends`: each from the most derived file that sets it.
        let mut merged = DeTable::new();
        for l in layers {
            for (k, v) in l
                .table
                .iter()
                .filter(|(k, _)| common.contains(&k.get_ref().as_ref()))
            {
                merged.insert(k.clone(), v.clone());
            }
        }
        let d = RuleDef::deserialize(toml::de::ValueDeserializer::from(Spanned::new(
            layers.last().expect("a rule has a table").span.clone(),
            DeValue::Table(merged),
        )))
        .map_err(|e| toml_error(layers.last().expect("a rule has a table").src, &e))?;
        defs.push(d);
    }
    for ((code, layers), d) in rules.iter().zip(&defs) {
        let last = layers.last().expect("a rule has a table");
        // The rule's keys after `extends`: each from the most derived file that sets it.
        let mut keys: BTreeMap<&str, rules::Param> = BTreeMap::new();
        for l in layers {
            for (k, v) in l.table.iter() {
                keys.insert(
                    k.get_ref(),
                    rules::Param {
                        key: k.get_ref(),
                        value: v,
                        src: l.src,
                    },
                );
            }
        }
        let src_of = |key: &str| keys.get(key).map_or(last.src, |p| p.src);
        if !valid_code(code) {
            return Err(Box::new(source_error(
                last.src,
                last.span.clone(),
                format!("rule code `{code}` is not of the form LETTERS + DIGITS (e.g. `TEAM001`)"),
            )));
        }
        if d.enabled == Some(false) {
            continue;
        }
        let Some(detector_name) = &d.detector else {
            return Err(Box::new(
                source_error(
                    last.src,
                    last.span.clone(),
                    format!("rule {code} has no `detector`"),
                )
                .help(format!(
                    "pick one of: {}",
                    rules::DETECTORS
                        .iter()
                        .map(|d| d.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            ));
        };
        let det = rules::find(detector_name, src_of("detector"))?;
        check_keys(code, layers, det)?;
        let phase = match &d.phase {
            Some(p) if p.get_ref() == "findings" => None,
            Some(p) => match phases.iter().position(|ph| &ph.id == p.get_ref()) {
                Some(i) => Some(i),
                None => {
                    return Err(Box::new(
                        source_error(
                            src_of("phase"),
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
            return Err(Box::new(source_error(
                src_of("weight"),
                w.span(),
                "a weight is a number ≥ 0",
            )));
        }
        if let Some(w) = &d.weight
            && phase.is_none()
            && d.penalty.is_none()
            && weight > 0.0
        {
            return Err(Box::new(source_error(
                src_of("weight"),
                w.span(),
                format!("rule {code} has a weight but no `phase`: a rubric item belongs to a phase"),
            )));
        }
        let headings = d
            .headings
            .iter()
            .flatten()
            .map(|h| interned.intern(h, src_of("headings")))
            .collect::<Result<Vec<_>, _>>()?;
        let name = d
            .name
            .as_ref()
            .map(|n| n.get_ref().clone())
            .unwrap_or_else(|| code.to_ascii_lowercase());
        // Names are unique too, so that either can select a rule.
        if let Some((other, _)) = seen_names.iter().find(|(_, n)| n.eq_ignore_ascii_case(&name)) {
            let (src, span) = d
                .name
                .as_ref()
                .map_or((last.src, last.span.clone()), |n| (src_of("name"), n.span()));
            return Err(Box::new(
                source_error(
                    src,
                    span,
                    format!("rules {other} and {code} have the same name `{name}`"),
                )
                .label("a second rule with this name")
                .help("rule names select rules like codes do: give each rule its own name"),
            ));
        }
        seen_names.push((code.clone(), name.clone()));
        if phase.is_some() && zero_weight_at.is_none() {
            zero_weight_at = Some(
                d.weight
                    .as_ref()
                    .map_or((last.src, last.span.clone()), |w| (src_of("weight"), w.span())),
            );
        }
        let ctx = rules::BuildCtx {
            code,
            def: d,
            keys: keys.into_values().collect(),
            src: last.src,
            span: last.span.clone(),
            terms: &mut terms,
        };
        let detector = (det.build)(ctx)?;
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
    // The three automata of the whole rubric do not depend on each other:
    // they are built side by side (a one-file run waits for them).
    let prose_patterns = out
        .iter()
        .map(|r| (r.code.clone(), r.detector.prose_patterns()))
        .collect();
    let (headings, (prose, terms)) = rayon::join(
        || interned.index(),
        || rayon::join(|| index::ProseSet::new(prose_patterns), || terms.build()),
    );
    Ok(Rubric {
        name: if name.is_empty() { "custom".into() } else { name },
        description,
        phases,
        rules: out,
        headings: headings?,
        terms,
        prose,
    })
}

/// The heading synonyms of a rubric, each kept once with where it is first written.
#[derive(Default)]
struct Interned<'c> {
    patterns: Vec<String>,
    at: Vec<(&'c Spanned<String>, &'c SourceFile)>,
}

impl<'c> Interned<'c> {
    /// Nothing is checked here: the set is built once, and only when that
    /// fails is each pattern checked alone, to point at the one that is wrong
    /// (checking each first cost about half of building the set).
    fn intern(&mut self, pat: &'c Spanned<String>, src: &'c SourceFile) -> Result<usize, Error> {
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
        // Name the pattern that is malformed, or too large on its own, else the first.
        for (pat, src) in &self.at {
            rules::check_syntax(pat, src)?;
        }
        for (pat, src) in &self.at {
            rules::check_regex(pat, src)?;
        }
        let (pat, src) = self.at[0];
        Err(rules::regex_error(
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

#[cfg(test)]
mod tests {
    use super::*;

    const FORMAT: &str = include_str!("../../docs/rubric-format.md");

    /// The backticked names in a cell ("none" is none).
    fn names(cell: &str) -> Vec<&str> {
        cell.split('`').skip(1).step_by(2).collect()
    }

    /// The rows of the first table whose header row starts with `| {first} |`.
    fn table(first: &str, after: &str) -> Vec<Vec<&'static str>> {
        let from = FORMAT.find(after).expect("section in docs/rubric-format.md");
        let mut rows = Vec::new();
        let mut inside = false;
        for line in FORMAT[from..].lines() {
            if line.starts_with(&format!("| {first} ")) {
                inside = true;
                continue;
            }
            if inside {
                if !line.starts_with('|') {
                    break;
                }
                if !line.starts_with("|-") {
                    rows.push(line.split('|').map(str::trim).filter(|c| !c.is_empty()).collect());
                }
            }
        }
        rows
    }

    /// docs/rubric-format.md lists exactly the keys the types read: every
    /// detector's parameters, texts and evidence options, and the keys every
    /// rule takes.
    #[test]
    fn the_rubric_format_documents_every_key_the_types_read() {
        let rows = table("detector", "## Rules");
        let documented: Vec<&str> = rows.iter().map(|r| names(r[0])[0]).collect();
        let detectors: Vec<&str> = rules::DETECTORS.iter().map(|d| d.name).collect();
        assert_eq!(documented, detectors, "one row per detector, in DETECTORS order");
        for (row, d) in rows.iter().zip(rules::DETECTORS) {
            assert_eq!(names(row[1]), (d.params)(), "parameters of `{}`", d.name);
            assert_eq!(names(row[2]), d.texts, "texts of `{}`", d.name);
            assert_eq!(row[3] == "yes", d.weighs_evidence, "`{}` weighs evidence", d.name);
        }
        let mut params: Vec<&str> = rules::DETECTORS
            .iter()
            .flat_map(|d| (d.params)())
            .copied()
            .collect();
        params.sort();
        params.dedup();
        let mut meanings: Vec<&str> = table("parameter", "## Rules")
            .iter()
            .map(|r| names(r[0])[0])
            .collect();
        meanings.sort();
        assert_eq!(meanings, params, "every parameter has its meaning");
        let mut common: Vec<&str> = ["## Rules", "These texts are shown", "And these only"]
            .iter()
            .flat_map(|after| table("key", after).into_iter().map(|r| names(r[0])[0]))
            .collect();
        common.sort();
        common.dedup();
        let mut fields = rules::params::fields_of::<RuleDef>().to_vec();
        fields.sort();
        assert_eq!(common, fields, "the keys every rule takes");
    }
}
