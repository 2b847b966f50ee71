//! `designlint.toml` / `.designlint.toml`: discovery upward from the working
//! directory, parsing, and validation with spans into the TOML. Which of its
//! settings apply to a file is decided in [`crate::policy`], which also checks
//! the rule names against the rubrics in use.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::engine::Level;
use crate::error::{Error, PlainError, SourceError, SourceFile};
use crate::rules::Severity;

pub const FILE_NAMES: &[&str] = &["designlint.toml", ".designlint.toml"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    rubric: Option<Spanned<String>>,
    min_score: Option<Spanned<f64>>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<String, Spanned<String>>>,
    #[serde(default)]
    overrides: Vec<OverrideFile>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct OverrideFile {
    paths: Vec<Spanned<String>>,
    rubric: Option<Spanned<String>>,
    min_score: Option<Spanned<f64>>,
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<String, Spanned<String>>>,
}

/// Per-path settings: later entries win.
#[derive(Debug)]
pub struct Override {
    pub paths: GlobSet,
    pub rubric: Option<String>,
    pub min_score: Option<f64>,
    pub select: Vec<Spanned<String>>,
    pub ignore: Vec<Spanned<String>>,
    pub severity: Vec<(String, Spanned<String>)>,
}

/// The configuration in force, from a file or the defaults.
#[derive(Debug, Default)]
pub struct Config {
    /// The file it came from, with its text (for spans in errors).
    pub source: Option<SourceFile>,
    /// Directory that relative paths in the config are relative to.
    pub root: PathBuf,
    pub rubric: Option<String>,
    pub min_score: Option<f64>,
    pub select: Vec<Spanned<String>>,
    pub ignore: Vec<Spanned<String>>,
    pub exclude: Option<GlobSet>,
    pub severity: Vec<(String, Spanned<String>)>,
    pub overrides: Vec<Override>,
}

/// Find the config file for `start`: the first `designlint.toml` or
/// `.designlint.toml` in it or a parent directory.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        for name in FILE_NAMES {
            let p = d.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        dir = d.parent();
    }
    None
}

pub fn load(path: &Path) -> Result<Config, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Box::new(PlainError::new(
            "designlint::io",
            format!("cannot read config {}: {e}", path.display()),
        )) as Error
    })?;
    parse(path, text)
}

pub fn parse(path: &Path, text: String) -> Result<Config, Error> {
    let src = SourceFile {
        path: path.to_path_buf(),
        text,
    };
    let file: ConfigFile = toml::from_str(&src.text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        Box::new(
            SourceError::new("designlint::config", &src.path, &src.text, span, format!("invalid config {}", src.path.display()))
                .label(e.message().to_string())
                .help("keys: rubric, min-score, select, ignore, exclude, [severity], [[overrides]] (see the README)"),
        ) as Error
    })?;
    let err = |span: std::ops::Range<usize>, msg: String, help: &str| -> Error {
        Box::new(
            SourceError::new("designlint::config", &src.path, &src.text, span, msg).help(help.to_string()),
        )
    };
    let globs = |list: &[Spanned<String>]| -> Result<GlobSet, Error> {
        let mut b = GlobSetBuilder::new();
        for g in list {
            let glob = Glob::new(g.get_ref()).map_err(|e| {
                err(
                    g.span(),
                    format!("invalid glob: {e}"),
                    "globs look like `drafts/**` or `**/*.draft.md`",
                )
            })?;
            b.add(glob);
        }
        b.build()
            .map_err(|e| err(0..0, format!("invalid globs: {e}"), ""))
    };
    let check_score = |s: &Option<Spanned<f64>>| -> Result<Option<f64>, Error> {
        match s {
            Some(v) if !(0.0..=100.0).contains(v.get_ref()) => Err(err(
                v.span(),
                "min-score is a number from 0 to 100".into(),
                "e.g. min-score = 70",
            )),
            Some(v) => Ok(Some(*v.get_ref())),
            None => Ok(None),
        }
    };
    for (_, v) in file
        .severity
        .iter()
        .flatten()
        .chain(file.overrides.iter().flat_map(|o| o.severity.iter().flatten()))
    {
        parse_level(v.get_ref()).ok_or_else(|| {
            err(
                v.span(),
                format!("unknown severity `{}`", v.get_ref()),
                "a severity is one of: error, warning, info, off",
            )
        })?;
    }
    let mut overrides = Vec::new();
    for o in &file.overrides {
        overrides.push(Override {
            paths: globs(&o.paths)?,
            rubric: o.rubric.as_ref().map(|r| r.get_ref().clone()),
            min_score: check_score(&o.min_score)?,
            select: o.select.clone().unwrap_or_default(),
            ignore: o.ignore.clone().unwrap_or_default(),
            severity: o.severity.clone().unwrap_or_default().into_iter().collect(),
        });
    }
    Ok(Config {
        root: root_of(path),
        rubric: file.rubric.as_ref().map(|r| r.get_ref().clone()),
        min_score: check_score(&file.min_score)?,
        select: file.select.unwrap_or_default(),
        ignore: file.ignore.unwrap_or_default(),
        exclude: file.exclude.as_deref().map(globs).transpose()?,
        severity: file.severity.unwrap_or_default().into_iter().collect(),
        overrides,
        source: Some(src),
    })
}

/// The directory of a config file, absolute: globs and rubric paths are
/// relative to it wherever the run starts.
fn root_of(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new(""));
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}

pub fn parse_level(s: &str) -> Option<Level> {
    Some(match s {
        "error" => Level::On(Severity::Error),
        "warning" | "warn" => Level::On(Severity::Warning),
        "info" => Level::On(Severity::Info),
        "off" => Level::Off,
        _ => return None,
    })
}

impl Config {
    /// The path of `file` relative to the config's root, for glob matching.
    fn relative<'a>(&self, file: &'a Path) -> std::borrow::Cow<'a, Path> {
        let f = file.strip_prefix("./").unwrap_or(file);
        match std::env::current_dir().ok().map(|cwd| cwd.join(f)) {
            Some(abs) => match abs.strip_prefix(&self.root) {
                Ok(rel) => rel.to_path_buf().into(),
                Err(_) => f.into(),
            },
            None => f.into(),
        }
    }

    pub fn is_excluded(&self, file: &Path) -> bool {
        self.exclude
            .as_ref()
            .is_some_and(|g| g.is_match(self.relative(file)) || g.is_match(file))
    }

    /// The overrides that apply to `file`, in order.
    pub fn overrides_for(&self, file: &Path) -> Vec<&Override> {
        let rel = self.relative(file);
        self.overrides
            .iter()
            .filter(|o| o.paths.is_match(&rel) || o.paths.is_match(file))
            .collect()
    }
}
