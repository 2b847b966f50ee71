//! One policy for every entry point: which rubric, rules, severities and
//! minimum score apply to a file. `check`, `check --watch` and `lsp` all ask
//! [`Policy::for_file`], so a file gets the same answer everywhere.
//!
//! Precedence, highest first:
//! 1. command-line flags (`--rubric`, `--select`, `--ignore`, `--min-score`);
//! 2. the file's front matter (`designlint: { rubric: adr }`);
//! 3. the `[[overrides]]` whose `paths` match the file (a later entry over an earlier one);
//! 4. the config's top level;
//!
//! and the built-in `interview` rubric when nothing names one. A `select` list
//! replaces the one below it; `ignore` lists add up; `[severity]` entries add
//! up, the higher level winning for the same rule.
//!
//! A rule named in the config or on the command line must belong to a rubric
//! in use: the config's, an override's, `--rubric`'s, or a built-in one (any
//! file can pick a built-in rubric in its front matter). For one file, the
//! names its rubric does not have are left out: a selector of the `adr`
//! rubric does not apply to an interview write-up, and when none of a
//! `select` list applies to a file, every rule of its rubric runs.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use toml::Spanned;

use crate::config::{Config, Override, parse_level};
use crate::document::Document;
use crate::engine::{self, Diagnostic, FileResult, Settings};
use crate::error::{Error, PlainError, SourceError, SourceFile};
use crate::rubric::{self, Rubric};
use crate::rules::Severity;

/// What the command line says, above everything else.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// `--rubric`: a built-in name or a path relative to the working directory.
    pub rubric: Option<String>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub min_score: Option<f64>,
}

/// Compiled rubrics by base directory and name, so each is compiled once per
/// run (or once per editor session) and shared by every file that uses it.
#[derive(Debug, Default)]
pub struct Rubrics(Mutex<HashMap<(PathBuf, String), Arc<Rubric>>>);

impl Rubrics {
    /// The rubric `spec` (a built-in name or a path relative to `base`).
    pub fn load(&self, spec: &str, base: &Path) -> Result<Arc<Rubric>, Error> {
        let base = if rubric::builtin_names().contains(&spec) {
            PathBuf::new()
        } else {
            base.to_path_buf()
        };
        let key = (base, spec.to_string());
        let mut cache = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = cache.get(&key) {
            return Ok(r.clone());
        }
        let r = Arc::new(rubric::load(spec, &key.0)?);
        cache.insert(key, r.clone());
        Ok(r)
    }

    /// Forget every compiled rubric (a rubric file may have changed).
    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// A file's minimum score and where it was set, for messages.
#[derive(Debug, Clone, PartialEq)]
pub struct MinScore {
    pub value: f64,
    /// The name of the config file that set it; `None` for `--min-score`.
    pub config: Option<String>,
}

impl std::fmt::Display for MinScore {
    /// "--min-score 70", or "min-score 70 in designlint.toml".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.config {
            None => write!(f, "--min-score {}", self.value),
            Some(file) => write!(f, "min-score {} in {file}", self.value),
        }
    }
}

/// What applies to one file.
#[derive(Debug, Clone)]
pub struct FilePolicy {
    pub rubric: Arc<Rubric>,
    pub settings: Settings,
    pub min_score: Option<MinScore>,
}

impl FilePolicy {
    /// Lint a document with this policy: the engine's result, and a warning at
    /// each suppression comment that names a rule this rubric does not have
    /// (it suppresses nothing: a typo, or a rule of another rubric).
    pub fn lint(&self, doc: &Document) -> FileResult {
        let mut result = engine::lint_document(doc, &self.rubric, &self.settings);
        let before = result.diagnostics.len();
        for d in &doc.directives {
            for name in d.rules.iter().filter(|n| !self.rubric.selector_known(n)) {
                result
                    .diagnostics
                    .push(unknown_suppression(&self.rubric, name, d.span.clone()));
            }
        }
        if result.diagnostics.len() > before {
            result.diagnostics.sort_by(|a, b| {
                (a.span.start, a.span.end, &a.code, &a.message).cmp(&(
                    b.span.start,
                    b.span.end,
                    &b.code,
                    &b.message,
                ))
            });
        }
        result
    }
}

/// The code of the warning about a suppression comment naming an unknown rule.
pub const UNKNOWN_SUPPRESSION: &str = "suppression";

/// The built-in rubric other than `except` that has a rule `name` (a code,
/// code prefix or name), for "it is a rule of the `adr` rubric" hints.
pub fn builtin_with_rule(name: &str, except: &str) -> Option<&'static str> {
    static BUILTINS: std::sync::OnceLock<Vec<(&'static str, Rubric)>> = std::sync::OnceLock::new();
    BUILTINS
        .get_or_init(|| {
            rubric::builtin_names()
                .into_iter()
                .filter_map(|b| Some((b, rubric::load(b, Path::new(".")).ok()?)))
                .collect()
        })
        .iter()
        .find(|(b, r)| *b != except && r.selector_known(name))
        .map(|(b, _)| *b)
}

fn unknown_suppression(rubric: &Rubric, name: &str, span: Range<usize>) -> Diagnostic {
    let elsewhere = builtin_with_rule(name, &rubric.name);
    let help = match (elsewhere, rubric.closest(name)) {
        (Some(other), _) => format!(
            "`{name}` is a rule of the `{other}` rubric; this file is linted with `{}`",
            rubric.name
        ),
        (None, Some(c)) => format!("did you mean `{c}`? `designlint rules` lists the rules"),
        (None, None) => "`designlint rules` lists the rules".to_string(),
    };
    Diagnostic {
        code: UNKNOWN_SUPPRESSION.into(),
        name: "unknown-rule".into(),
        severity: Severity::Warning,
        message: format!(
            "This suppression comment names `{name}`, which is not a rule of the `{}` rubric: it suppresses nothing.",
            rubric.name
        ),
        help: Some(help),
        span,
        related: Vec::new(),
    }
}

/// The config and the command line, ready to answer for any file.
#[derive(Debug)]
pub struct Policy {
    cfg: Config,
    flags: Flags,
    rubrics: Arc<Rubrics>,
    /// `--rubric`, else the config's `rubric`, else `interview`.
    default: Arc<Rubric>,
}

impl Policy {
    /// Check the config and flags against the rubrics in use; errors point into the TOML.
    pub fn new(cfg: Config, flags: Flags, rubrics: Arc<Rubrics>) -> Result<Policy, Error> {
        if let Some(m) = flags.min_score
            && !(0.0..=100.0).contains(&m)
        {
            return Err(Box::new(PlainError::new(
                "designlint::usage",
                "--min-score takes a number from 0 to 100",
            )));
        }
        let default = match (&flags.rubric, &cfg.rubric) {
            (Some(r), _) => rubrics.load(r, Path::new("."))?,
            (None, Some(r)) => rubrics.load(r, &cfg.root)?,
            (None, None) => rubrics.load("interview", Path::new("."))?,
        };
        let policy = Policy {
            cfg,
            flags,
            rubrics,
            default,
        };
        policy.validate()?;
        Ok(policy)
    }

    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// The rubric of a file that names none: `--rubric`, the config's, or `interview`.
    pub fn default_rubric(&self) -> &Arc<Rubric> {
        &self.default
    }

    /// Is `path` left out by the config's `exclude`?
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.cfg.is_excluded(path)
    }

    /// The rubric, settings and minimum score for the file at `path` (None: a
    /// document with no path, such as an unsaved editor buffer) with this text.
    pub fn for_file(&self, path: Option<&Path>, doc: &Document) -> Result<FilePolicy, Error> {
        let ovs = path.map(|p| self.cfg.overrides_for(p)).unwrap_or_default();
        let rubric = match (&self.flags.rubric, front_matter_rubric(doc)) {
            (Some(_), _) => self.default.clone(),
            (None, Some(spec)) => {
                let base = path
                    .and_then(Path::parent)
                    .filter(|p| !p.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                self.rubrics
                    .load(&spec, base)
                    .map_err(|e| front_matter_error(&spec, &e))?
            }
            (None, None) => match ovs.iter().rev().find_map(|o| o.rubric.as_ref()) {
                Some(spec) => self.rubrics.load(spec, &self.cfg.root)?,
                None => self.default.clone(),
            },
        };
        let settings = self.settings(&rubric, &ovs);
        let min_score = match self.flags.min_score {
            Some(value) => Some(MinScore { value, config: None }),
            None => ovs
                .iter()
                .rev()
                .find_map(|o| o.min_score)
                .or(self.cfg.min_score)
                .map(|value| MinScore {
                    value,
                    config: self
                        .cfg
                        .source
                        .as_ref()
                        .and_then(|s| s.path.file_name().map(|n| n.to_string_lossy().into_owned())),
                }),
        };
        Ok(FilePolicy {
            rubric,
            settings,
            min_score,
        })
    }

    /// Top level, then each override, then the flags; only what `rubric` has.
    fn settings(&self, rubric: &Rubric, ovs: &[&Override]) -> Settings {
        let names = |v: &[Spanned<String>]| v.iter().map(|s| s.get_ref().clone()).collect::<Vec<_>>();
        let mut select = names(&self.cfg.select);
        let mut ignore = names(&self.cfg.ignore);
        let mut levels = BTreeMap::new();
        let mut severities = |sev: &[(String, Spanned<String>)]| {
            for (k, v) in sev {
                if let (Some(r), Some(l)) = (rubric.rule(k), parse_level(v.get_ref())) {
                    levels.insert(r.code.clone(), l);
                }
            }
        };
        severities(&self.cfg.severity);
        for o in ovs {
            if !o.select.is_empty() {
                select = names(&o.select);
            }
            ignore.extend(names(&o.ignore));
            severities(&o.severity);
        }
        if !self.flags.select.is_empty() {
            select = self.flags.select.clone();
        }
        ignore.extend(self.flags.ignore.iter().cloned());
        select.retain(|s| rubric.selector_known(s));
        ignore.retain(|s| rubric.selector_known(s));
        Settings {
            select,
            ignore,
            levels,
        }
    }

    /// Every rule named in the config or on the command line belongs to a rubric in use.
    fn validate(&self) -> Result<(), Error> {
        let mut known = Known::new(self);
        for s in self.flags.select.iter().chain(&self.flags.ignore) {
            if !known.selector(s)? {
                let mut e = PlainError::new(
                    "designlint::unknown-rule",
                    format!("unknown rule `{s}` in --select/--ignore"),
                );
                if let Some(c) = known.closest(s) {
                    e = e.help(format!("did you mean `{c}`?"));
                }
                return Err(Box::new(e));
            }
        }
        let Some(src) = &self.cfg.source else {
            return Ok(());
        };
        let levels = std::iter::once((&self.cfg.select, &self.cfg.ignore, &self.cfg.severity)).chain(
            self.cfg
                .overrides
                .iter()
                .map(|o| (&o.select, &o.ignore, &o.severity)),
        );
        for (select, ignore, severity) in levels {
            for s in select.iter().chain(ignore) {
                if !known.selector(s.get_ref())? {
                    return Err(known.unknown(src, s.span(), s.get_ref()));
                }
            }
            for (code, v) in severity {
                if !known.rule(code)? {
                    return Err(known.unknown(src, key_span(&src.text, code, v.span()), code));
                }
            }
        }
        Ok(())
    }
}

/// The rubrics in use, loaded only as far as a name needs: the default, each
/// override's, the config's (when `--rubric` replaced it), the built-ins.
struct Known<'a> {
    loaded: Vec<Arc<Rubric>>,
    pending: Vec<(String, PathBuf)>,
    rubrics: &'a Rubrics,
}

impl<'a> Known<'a> {
    fn new(p: &'a Policy) -> Self {
        let mut pending: Vec<(String, PathBuf)> = p
            .cfg
            .overrides
            .iter()
            .filter_map(|o| o.rubric.clone())
            .chain(p.cfg.rubric.clone().filter(|_| p.flags.rubric.is_some()))
            .map(|spec| (spec, p.cfg.root.clone()))
            .collect();
        pending.extend(
            rubric::builtin_names()
                .into_iter()
                .map(|n| (n.to_string(), PathBuf::new())),
        );
        Known {
            loaded: vec![p.default.clone()],
            pending,
            rubrics: &p.rubrics,
        }
    }

    /// Does some rubric in use pass `test`? Loads the next rubric until one does.
    fn any(&mut self, test: impl Fn(&Rubric) -> bool) -> Result<bool, Error> {
        if self.loaded.iter().any(|r| test(r)) {
            return Ok(true);
        }
        while !self.pending.is_empty() {
            let (spec, base) = self.pending.remove(0);
            let r = self.rubrics.load(&spec, &base)?;
            let hit = test(&r);
            if !self.loaded.iter().any(|l| Arc::ptr_eq(l, &r)) {
                self.loaded.push(r);
            }
            if hit {
                return Ok(true);
            }
        }
        Ok(false)
    }

    fn selector(&mut self, s: &str) -> Result<bool, Error> {
        self.any(|r| r.selector_known(s))
    }

    fn rule(&mut self, code: &str) -> Result<bool, Error> {
        self.any(|r| r.rule(code).is_some())
    }

    fn closest(&self, name: &str) -> Option<String> {
        self.loaded.iter().find_map(|r| r.closest(name))
    }

    fn names(&self) -> String {
        let mut names: Vec<String> = Vec::new();
        for r in &self.loaded {
            let n = format!("`{}`", r.name);
            if !names.contains(&n) {
                names.push(n);
            }
        }
        match names.as_slice() {
            [one] => format!("the {one} rubric"),
            _ => format!("any rubric in use ({})", names.join(", ")),
        }
    }

    fn unknown(&self, src: &SourceFile, span: Range<usize>, name: &str) -> Error {
        let e = SourceError::new(
            "designlint::config",
            &src.path,
            &src.text,
            span,
            format!("unknown rule `{name}`"),
        )
        .label(format!("not a rule of {}", self.names()));
        Box::new(e.help(match self.closest(name) {
            Some(c) => format!("did you mean `{c}`? `designlint rules` lists the rules"),
            None => {
                "`designlint rules` lists the rules; a selector is a code (DL105), a code prefix (DL1) or a name"
                    .into()
            }
        }))
    }
}

/// The rubric a document names in its front matter, if any.
pub fn front_matter_rubric(doc: &Document) -> Option<String> {
    let fm = doc.front_matter.as_ref()?;
    rubric::front_matter::rubric(&doc.source[fm.content.clone()], fm.kind)
}

fn front_matter_error(spec: &str, e: &Error) -> Error {
    let mut msg = format!("names rubric `{spec}` in its front matter, which cannot be loaded: {e}");
    if let Some(h) = e.help() {
        msg.push_str(&format!(" ({h})"));
    }
    Box::new(PlainError::new("designlint::rubric", msg))
}

/// The span of `key` in `text` on the line of `value_span` (TOML keys are not spanned here).
fn key_span(text: &str, key: &str, value_span: Range<usize>) -> Range<usize> {
    let line_start = text[..value_span.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    match text[line_start..value_span.start].find(key) {
        Some(i) => line_start + i..line_start + i + key.len(),
        None => value_span,
    }
}
