//! What is new: each diagnostic's identity (a fingerprint of its rule and the
//! text it points at, with that line for context), matching the findings of a
//! file against those of an earlier version of it (`check --diff-base`) or a
//! recorded baseline (`check --baseline`), and the baseline file itself.
//!
//! A fingerprint never contains a line number, an offset or the message: a
//! finding keeps its identity when text is added above it, when its message's
//! counts change ("2 of the 4" → "3 of the 4": `updated`), and, through the
//! looser anchor, when the rest of its line is edited.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::document::LineIndex;
use crate::engine::Diagnostic;
use crate::score::Score;
use crate::text::fnv1a64;

/// The version of the baseline file's format.
pub const BASELINE_VERSION: u32 = 1;

/// A finding as it is remembered: its rule, its identity and its message.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Finding {
    pub code: String,
    pub name: String,
    /// Rule + the text it points at + the line around it.
    pub fingerprint: String,
    /// Rule + the text it points at: matches when the rest of the line was edited.
    pub anchor: String,
    pub message: String,
}

/// How a current finding relates to the earlier version (SARIF's `baselineState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    New,
    /// The same finding with the same message.
    Unchanged,
    /// The same finding, its message changed (a count, a value).
    Updated,
}

impl State {
    pub fn is_new(self) -> bool {
        self == State::New
    }

    /// `"new"` or `"existing"`, as in the JSON output.
    pub fn json(self) -> &'static str {
        if self.is_new() { "new" } else { "existing" }
    }

    /// SARIF's `baselineState`.
    pub fn sarif(self) -> &'static str {
        match self {
            State::New => "new",
            State::Unchanged => "unchanged",
            State::Updated => "updated",
        }
    }
}

/// A file compared with its earlier version.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    /// The score at the base; `None` for a file that is new.
    pub before: Option<Score>,
    /// The path at the base when the file was renamed.
    pub previous_path: Option<String>,
    /// One per diagnostic of the file, in the same order.
    pub states: Vec<State>,
    /// Findings of the earlier version that no longer occur.
    pub fixed: Vec<Finding>,
    /// The path relative to the top of the repository (for links), when known.
    pub repo_path: Option<String>,
    /// Why this file fails the run (empty when it passes): see [`failures`].
    pub failures: Vec<String>,
}

impl Comparison {
    pub fn new_count(&self) -> usize {
        self.states.iter().filter(|s| s.is_new()).count()
    }

    /// `after - before`, rounded to one decimal, when there is a before.
    pub fn delta(&self, after: &Score) -> Option<f64> {
        self.before.as_ref().map(|b| round1(after.total - b.total))
    }

    /// The earned points of a phase at the base.
    pub fn phase_before(&self, phase: &str) -> Option<f64> {
        self.before
            .as_ref()
            .and_then(|b| b.phases.iter().find(|p| p.phase == phase))
            .map(|p| p.earned)
    }
}

/// A file that was there at the base and is gone now.
#[derive(Debug, Clone)]
pub struct Removed {
    pub path: String,
    pub before: Option<Score>,
    pub fixed: usize,
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `+2.5`, `-1.0`, `±0`.
pub fn signed(d: f64) -> String {
    if d.abs() < 0.05 {
        "±0".to_string()
    } else {
        format!("{d:+.1}")
    }
}

/// `DL505 placeholders ×2, DL106 quantified-targets`: fixed findings by rule.
pub fn fixed_list(fixed: &[Finding]) -> String {
    let mut by_rule: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for f in fixed {
        *by_rule.entry((&f.code, &f.name)).or_default() += 1;
    }
    by_rule
        .into_iter()
        .map(|((code, name), n)| {
            if n == 1 {
                format!("{code} {name}")
            } else {
                format!("{code} {name} ×{n}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whitespace runs as one space, trimmed, at most 200 characters.
fn normalize(s: &str) -> String {
    let mut out = String::new();
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
        if out.len() > 400 {
            break;
        }
    }
    out.chars().take(200).collect()
}

fn hex(h: u64) -> String {
    format!("{h:016x}")
}

/// The identity of a diagnostic in a file's text.
pub fn finding(source: &str, lines: &LineIndex, d: &Diagnostic) -> Finding {
    let span = d.span.start.min(source.len())..d.span.end.min(source.len());
    let pointed = source.get(span.clone()).unwrap_or("");
    // A span over several lines is known by its first one.
    let anchor = normalize(pointed.lines().find(|l| !l.trim().is_empty()).unwrap_or(""));
    let line = lines.line_range(lines.line_of(span.start), source.len());
    let context = normalize(source.get(line).unwrap_or(""));
    Finding {
        code: d.code.clone(),
        name: d.name.clone(),
        fingerprint: hex(fnv1a64(&[
            d.code.as_bytes(),
            anchor.as_bytes(),
            context.as_bytes(),
        ])),
        anchor: hex(fnv1a64(&[d.code.as_bytes(), anchor.as_bytes()])),
        message: d.message.clone(),
    }
}

/// The identities of a file's diagnostics, in order.
pub fn findings(source: &str, lines: &LineIndex, diagnostics: &[Diagnostic]) -> Vec<Finding> {
    diagnostics.iter().map(|d| finding(source, lines, d)).collect()
}

/// Match the current findings against earlier ones: first by fingerprint,
/// then what is left by anchor, each earlier finding used once. Returns the
/// state of each current finding and the earlier findings left unmatched.
pub fn compare(before: &[Finding], after: &[Finding]) -> (Vec<State>, Vec<Finding>) {
    let mut used = vec![false; before.len()];
    let mut matched: Vec<Option<usize>> = vec![None; after.len()];
    for pass in 0..2 {
        let key = |f: &Finding| {
            if pass == 0 {
                f.fingerprint.clone()
            } else {
                f.anchor.clone()
            }
        };
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, b) in before.iter().enumerate().filter(|(i, _)| !used[*i]) {
            by_key.entry(key(b)).or_default().push(i);
        }
        // Same message first, so that two findings with one key pair up exactly.
        for exact in [true, false] {
            for (j, a) in after.iter().enumerate() {
                if matched[j].is_some() {
                    continue;
                }
                let Some(cands) = by_key.get_mut(&key(a)) else {
                    continue;
                };
                let pos = cands
                    .iter()
                    .position(|&i| !used[i] && (!exact || before[i].message == a.message));
                if let Some(p) = pos {
                    let i = cands.remove(p);
                    used[i] = true;
                    matched[j] = Some(i);
                }
            }
        }
    }
    let states = after
        .iter()
        .zip(&matched)
        .map(|(a, m)| match m {
            None => State::New,
            Some(i) if before[*i].message == a.message => State::Unchanged,
            Some(_) => State::Updated,
        })
        .collect();
    let fixed = before
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(b, _)| b.clone())
        .collect();
    (states, fixed)
}

/// When `check` fails, given a base to compare with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Only new error-level findings (and a new or fallen file under --min-score)
    New,
    /// Every error-level finding (and every file under --min-score)
    All,
}

/// Under `--fail-on new`, `--min-score` holds only for a file that is new or
/// whose score fell: an old document that did not get worse does not fail.
pub fn min_score_applies(c: &Comparison, after: &Score, fail_on: FailOn) -> bool {
    fail_on == FailOn::All || c.before.as_ref().is_none_or(|b| after.total < b.total)
}

// ---------------------------------------------------------------------------
// The baseline file.

/// `designlint-baseline.json`: per file (relative to the file's directory,
/// `/`-separated, sorted) its score and findings, sorted. No timestamps, no
/// absolute paths: the same findings give the same bytes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub designlint_baseline: u32,
    pub files: BTreeMap<String, BaselineFile>,
    /// The directory the file's paths are relative to (where the baseline file is).
    #[serde(skip)]
    pub dir: PathBuf,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineFile {
    pub score: Score,
    pub findings: Vec<Finding>,
}

/// The absolute form of a path, without `.` and `..` where they can be resolved.
pub fn absolute(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // A path that does not exist (a deleted file): its parent may.
    match (abs.parent(), abs.file_name()) {
        (Some(parent), Some(name)) if parent != abs => absolute(parent).join(name),
        _ => abs,
    }
}

/// `path` relative to `dir` (both absolute), `/`-separated, with `..` where needed.
pub fn relative_to(dir: &Path, path: &Path) -> String {
    let a: Vec<_> = dir.components().collect();
    let b: Vec<_> = path.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

impl Baseline {
    pub fn new(dir: PathBuf) -> Self {
        Baseline {
            designlint_baseline: BASELINE_VERSION,
            files: BTreeMap::new(),
            dir,
        }
    }

    /// Read a baseline file; its paths are relative to its directory.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            format!(
                "cannot read the baseline {}: {}",
                path.display(),
                crate::discover::io_message(&e)
            )
        })?;
        let mut b: Baseline = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a designlint baseline: {e}", path.display()))?;
        if b.designlint_baseline != BASELINE_VERSION {
            return Err(format!(
                "{} is a baseline of version {}; this designlint reads version {BASELINE_VERSION}",
                path.display(),
                b.designlint_baseline
            ));
        }
        b.dir = absolute(path).parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(b)
    }

    /// The key of a report path in this baseline.
    pub fn key(&self, path: &str) -> String {
        relative_to(&self.dir, &absolute(Path::new(path)))
    }

    /// Record a file as it is now: its report path, score and findings.
    pub fn record(&mut self, path: &str, score: &Score, mut findings: Vec<Finding>) {
        findings.sort();
        self.files.insert(
            self.key(path),
            BaselineFile {
                score: score.clone(),
                findings,
            },
        );
    }

    /// Compare a linted file (its report path and findings) with what the baseline recorded for it.
    pub fn compare(&self, path: &str, after: &[Finding]) -> Comparison {
        let (states, fixed) = match self.files.get(&self.key(path)) {
            Some(b) => compare(&b.findings, after),
            None => compare(&[], after),
        };
        Comparison {
            before: self.files.get(&self.key(path)).map(|b| b.score.clone()),
            previous_path: None,
            states,
            fixed,
            repo_path: None,
            failures: Vec::new(),
        }
    }

    /// Files of the baseline that no longer exist.
    pub fn removed(&self) -> Vec<Removed> {
        self.files
            .iter()
            .filter(|(k, _)| !self.dir.join(k).exists())
            .map(|(k, b)| Removed {
                path: k.clone(),
                before: Some(b.score.clone()),
                fixed: b.findings.len(),
            })
            .collect()
    }

    /// JSON with files sorted by path, each file's score on one line and each
    /// finding on its own line (sorted), so a review diff shows one line per
    /// finding added or removed. Ends with a newline.
    pub fn to_json(&self) -> String {
        let mut s = format!(
            "{{\n  \"designlint_baseline\": {},\n  \"files\": {{",
            self.designlint_baseline
        );
        for (i, (path, f)) in self.files.iter().enumerate() {
            s.push_str(if i == 0 { "\n" } else { ",\n" });
            s.push_str(&format!(
                "    {}: {{\n      \"score\": {},\n      \"findings\": [",
                line(path),
                line(&f.score)
            ));
            for (k, x) in f.findings.iter().enumerate() {
                s.push_str(if k == 0 { "\n        " } else { ",\n        " });
                s.push_str(&line(x));
            }
            s.push_str(if f.findings.is_empty() {
                "]\n    }"
            } else {
                "\n      ]\n    }"
            });
        }
        s.push_str(if self.files.is_empty() {
            "}\n}\n"
        } else {
            "\n  }\n}\n"
        });
        s
    }
}

/// One value as one line of JSON.
fn line<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).expect("a baseline serializes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;

    fn diag(code: &str, span: std::ops::Range<usize>, message: &str) -> Diagnostic {
        Diagnostic {
            code: code.into(),
            name: "x".into(),
            severity: Severity::Warning,
            message: message.into(),
            help: None,
            span,
            related: Vec::new(),
        }
    }

    fn at(text: &str, needle: &str, code: &str, message: &str) -> Finding {
        let i = text.find(needle).unwrap();
        finding(
            text,
            &LineIndex::new(text),
            &diag(code, i..i + needle.len(), message),
        )
    }

    #[test]
    fn identity_ignores_position_and_message() {
        let a = "# T\n\nIt is TODO here.\n";
        let b = "# T\n\nnew\nlines\nabove\n\nIt is TODO here.\n";
        let fa = at(a, "TODO", "DL505", "2 of the 4");
        let fb = at(b, "TODO", "DL505", "3 of the 4");
        assert_eq!(fa.fingerprint, fb.fingerprint);
        let (states, fixed) = compare(std::slice::from_ref(&fa), &[fb]);
        assert_eq!(states, vec![State::Updated]);
        assert!(fixed.is_empty());
        // Another rule at the same text is another finding.
        assert_ne!(at(a, "TODO", "DL506", "m").fingerprint, fa.fingerprint);
        // The line edited around the text: the anchor still matches.
        let c = "# T\n\nIt is still TODO here, sorry.\n";
        let fc = at(c, "TODO", "DL505", "2 of the 4");
        assert_ne!(fc.fingerprint, fa.fingerprint);
        assert_eq!(
            compare(std::slice::from_ref(&fa), &[fc]).0,
            vec![State::Unchanged]
        );
        // Reflowed whitespace is the same text.
        let d = "# T\n\nIt   is TODO   here.\n";
        assert_eq!(at(d, "TODO", "DL505", "m").fingerprint, fa.fingerprint);
    }

    #[test]
    fn each_earlier_finding_matches_once() {
        let t = "A TODO.\n\nB TODO.\n";
        let one = at(t, "TODO", "DL505", "m");
        let i = t.rfind("TODO").unwrap();
        let two = finding(t, &LineIndex::new(t), &diag("DL505", i..i + 4, "m"));
        let (states, fixed) = compare(std::slice::from_ref(&one), &[one.clone(), two.clone()]);
        assert_eq!(states, vec![State::Unchanged, State::New]);
        assert!(fixed.is_empty());
        let (states, fixed) = compare(&[one.clone(), two.clone()], std::slice::from_ref(&two));
        assert_eq!(states, vec![State::Unchanged]);
        assert_eq!(fixed, vec![one]);
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_to(Path::new("/r"), Path::new("/r/docs/a.md")),
            "docs/a.md"
        );
        assert_eq!(
            relative_to(Path::new("/r/x"), Path::new("/r/docs/a.md")),
            "../docs/a.md"
        );
        assert_eq!(signed(2.54), "+2.5");
        assert_eq!(signed(-1.0), "-1.0");
        assert_eq!(signed(0.01), "±0");
    }
}
