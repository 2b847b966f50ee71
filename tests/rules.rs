//! Rule tests, one folder per detector: `fixtures/rules/<detector>/*.md` are
//! small write-ups whose expected diagnostics are written in the fixture
//! itself, in HTML comments (which designlint does not read as text):
//!
//! - `<!-- expect: DL304 -->` at the end of a line: a DL304 diagnostic starts
//!   on this line. Several codes (`DL506, DL506`) are several diagnostics; a
//!   quoted text after a code is a part of its message (`DL105 "about 231"`).
//! - `<!-- expect-none: DL304 -->`: no DL304 diagnostic anywhere in the file.
//! - `<!-- expect-credit: DL201 = 1 -->` (or `>=`, `<=`, `>`, `<`): the rule's
//!   credit, as the JSON report gives it (two decimals).
//!
//! Every rule a fixture names is checked whole: each of its diagnostics must
//! be expected on its line, and each expectation met. Rules it does not name
//! are not looked at. A fixture is linted the way `designlint check` lints
//! it with no config: the rubric is the one its front matter names, else
//! `interview`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use designlint::config::Config;
use designlint::document::Document;
use designlint::engine::FileResult;
use designlint::policy::{Flags, Policy, Rubrics};
use designlint::rubric::Rubric;
use regex::Regex;

use crate::support::fixtures;

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules")
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Eq,
    Ge,
    Le,
    Gt,
    Lt,
}

impl Op {
    fn holds(self, a: f64, b: f64) -> bool {
        match self {
            Op::Eq => (a - b).abs() < 1e-9,
            Op::Ge => a >= b - 1e-9,
            Op::Le => a <= b + 1e-9,
            Op::Gt => a > b + 1e-9,
            Op::Lt => a < b - 1e-9,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ge => ">=",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Lt => "<",
        }
    }
}

/// A diagnostic that must start on `line`.
#[derive(Debug)]
struct Expect {
    line: usize,
    code: String,
    contains: Option<String>,
}

/// What a fixture says about itself.
#[derive(Debug, Default)]
struct Expectations {
    diagnostics: Vec<Expect>,
    /// (line of the comment, code)
    none: Vec<(usize, String)>,
    /// (line of the comment, code, op, value)
    credits: Vec<(usize, String, Op, f64)>,
    /// Directives that could not be read.
    errors: Vec<String>,
}

impl Expectations {
    /// Every rule the fixture names, in order, once each.
    fn codes(&self) -> Vec<String> {
        let mut codes: Vec<String> = self
            .diagnostics
            .iter()
            .map(|e| e.code.clone())
            .chain(self.none.iter().map(|n| n.1.clone()))
            .chain(self.credits.iter().map(|c| c.1.clone()))
            .collect();
        codes.sort();
        codes.dedup();
        codes
    }
}

static DIRECTIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<!--\s*(expect(?:-none|-credit)?)\s*:(.*?)-->").unwrap());
static ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\s*([A-Za-z][A-Za-z0-9_-]*)\s*(?:"([^"]*)")?\s*(?:,|$)"#).unwrap());
static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([A-Za-z][A-Za-z0-9_-]*)\s*(>=|<=|=|>|<)\s*([0-9]+(?:\.[0-9]+)?)\s*$").unwrap()
});

/// `CODE "text", CODE`: codes, each with the text its message must contain.
fn items(mut body: &str) -> Option<Vec<(String, Option<String>)>> {
    let mut out = Vec::new();
    while !body.trim().is_empty() {
        let m = ITEM.captures(body)?;
        out.push((m[1].to_string(), m.get(2).map(|s| s.as_str().to_string())));
        body = &body[m.get(0).unwrap().end()..];
    }
    (!out.is_empty()).then_some(out)
}

fn parse(text: &str) -> Expectations {
    let mut ex = Expectations::default();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        for c in DIRECTIVE.captures_iter(line) {
            let body = &c[2];
            match &c[1] {
                "expect" => {
                    if line[..c.get(0).unwrap().start()].trim().is_empty() {
                        ex.errors.push(format!(
                            "line {n}: `expect:` goes at the end of the line the diagnostic starts on, not on a line of its own"
                        ));
                    }
                    match items(body) {
                        Some(list) => {
                            ex.diagnostics
                                .extend(list.into_iter().map(|(code, contains)| Expect {
                                    line: n,
                                    code,
                                    contains,
                                }))
                        }
                        None => ex.errors.push(format!("line {n}: cannot read `{}`", body.trim())),
                    }
                }
                "expect-none" => match items(body).filter(|l| l.iter().all(|i| i.1.is_none())) {
                    Some(list) => ex.none.extend(list.into_iter().map(|(code, _)| (n, code))),
                    None => ex.errors.push(format!("line {n}: cannot read `{}`", body.trim())),
                },
                _ => match CREDIT.captures(body) {
                    Some(m) => {
                        let op = match &m[2] {
                            "=" => Op::Eq,
                            ">=" => Op::Ge,
                            "<=" => Op::Le,
                            ">" => Op::Gt,
                            _ => Op::Lt,
                        };
                        ex.credits.push((n, m[1].to_string(), op, m[3].parse().unwrap()));
                    }
                    None => ex.errors.push(format!(
                        "line {n}: cannot read `{}` (write `CODE >= 0.6`)",
                        body.trim()
                    )),
                },
            }
        }
    }
    ex
}

/// Lint a fixture as `designlint check` would with no config: its rubric and result.
fn lint<'t>(
    path: &Path,
    text: &'t str,
    arena: &'t designlint::document::Arena,
) -> Result<(Document<'t>, Arc<Rubric>, FileResult), String> {
    static POLICY: LazyLock<Policy> = LazyLock::new(|| {
        Policy::new(Config::default(), Flags::default(), Arc::new(Rubrics::default()))
            .expect("the default policy")
    });
    let doc = Document::parse(text, arena);
    let fp = POLICY.for_file(Some(path), &doc).map_err(|e| format!("{e:?}"))?;
    let result = fp.lint(&doc);
    Ok((doc, fp.rubric, result))
}

/// What checking one fixture found.
#[derive(Debug, Default)]
struct Report {
    /// Every way the fixture fails its own expectations.
    failures: Vec<String>,
    /// The detectors of the rules it names.
    detectors: Vec<String>,
    /// … of the rules it expects diagnostics of: a failing case for them.
    failing: Vec<String>,
    /// … of the rules it expects none of: a passing case.
    passing: Vec<String>,
}

fn check(path: &Path, text: &str) -> Report {
    let ex = parse(text);
    let mut failures = ex.errors.clone();
    let arena = designlint::document::Arena::new();
    let (doc, rubric, result) = match lint(path, text, &arena) {
        Ok(r) => r,
        Err(e) => {
            return Report {
                failures: vec![format!("cannot lint: {e}")],
                ..Report::default()
            };
        }
    };
    let codes = ex.codes();
    if codes.is_empty() {
        failures.push("names no rule: add `<!-- expect: … -->`, `expect-none` or `expect-credit`".into());
    }
    let (mut detectors, mut failing, mut passing) = (Vec::new(), Vec::new(), Vec::new());
    for code in &codes {
        let Some(rule) = rubric.rule(code).filter(|r| r.code == *code) else {
            failures.push(format!(
                "{code} is not a rule code of the `{}` rubric",
                rubric.name
            ));
            continue;
        };
        detectors.push(rule.detector_name.clone());
        let expected: Vec<&Expect> = ex.diagnostics.iter().filter(|e| e.code == *code).collect();
        if !expected.is_empty() {
            failing.push(rule.detector_name.clone());
        }
        if ex.none.iter().any(|n| n.1 == *code) {
            if expected.is_empty() {
                passing.push(rule.detector_name.clone());
            } else {
                failures.push(format!("{code} is named by both `expect` and `expect-none`"));
            }
        }
        // Each diagnostic of the rule, with its line; matched off one by one.
        let mut actual: Vec<Option<(usize, &str)>> = result
            .diagnostics
            .iter()
            .filter(|d| d.code == *code)
            .map(|d| Some((doc.line_col(d.span.start).line, d.message.as_str())))
            .collect();
        for e in &expected {
            let hit = actual.iter_mut().find(|a| {
                a.is_some_and(|(line, msg)| {
                    line == e.line && e.contains.as_ref().is_none_or(|c| msg.contains(c.as_str()))
                })
            });
            match hit {
                Some(a) => *a = None,
                None => {
                    let what = match &e.contains {
                        Some(c) => format!(" containing {c:?}"),
                        None => String::new(),
                    };
                    let got: Vec<String> = result
                        .diagnostics
                        .iter()
                        .filter(|d| d.code == *code)
                        .map(|d| format!("line {}: {}", doc.line_col(d.span.start).line, d.message))
                        .collect();
                    failures.push(format!(
                        "line {}: expected a {code} diagnostic{what}; {code} gave {}",
                        e.line,
                        if got.is_empty() {
                            "none".to_string()
                        } else {
                            got.join(" | ")
                        }
                    ));
                }
            }
        }
        for (line, msg) in actual.into_iter().flatten() {
            failures.push(format!("line {line}: unexpected {code}: {msg}"));
        }
        for (line, _, op, want) in ex.credits.iter().filter(|c| c.1 == *code) {
            match result.score.rules.iter().find(|r| r.code == *code) {
                Some(r) if op.holds(r.credit, *want) => {}
                Some(r) => failures.push(format!(
                    "line {line}: expected {code} credit {} {want}, got {}",
                    op.as_str(),
                    r.credit
                )),
                None => failures.push(format!("line {line}: {code} has no credit (not a rubric item)")),
            }
        }
    }
    Report {
        failures,
        detectors,
        failing,
        passing,
    }
}

/// The detector folder a fixture sits in (`fixtures/rules/<detector>/…`).
fn folder_of(path: &Path) -> String {
    let rel = path.strip_prefix(rules_dir()).unwrap();
    rel.components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy()
        .into_owned()
}

fn detector_names() -> Vec<&'static str> {
    designlint::rules::DETECTORS.iter().map(|d| d.name).collect()
}

#[test]
fn every_rule_fixture_meets_its_expectations() {
    let paths = fixtures::markdown_files(&rules_dir());
    assert!(!paths.is_empty(), "no fixtures under {}", rules_dir().display());
    let mut failures = Vec::new();
    let mut failed = 0;
    for path in &paths {
        let text = std::fs::read_to_string(path).unwrap();
        let r = check(path, &text);
        let rel = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap()
            .display()
            .to_string();
        let folder = folder_of(path);
        if !r.detectors.contains(&folder) {
            failures.push(format!(
                "{rel}: names no rule of the `{folder}` detector (it names rules of: {})",
                r.detectors.join(", ")
            ));
        }
        failed += usize::from(!r.failures.is_empty());
        failures.extend(r.failures.into_iter().map(|f| format!("{rel}: {f}")));
    }
    assert!(
        failures.is_empty(),
        "{failed} of {} rule fixtures fail:\n{}",
        paths.len(),
        failures.join("\n")
    );
}

/// Each detector has its folder, with a case where a rule of it reports and
/// a case where it must not; each folder is a detector's.
#[test]
fn every_detector_has_a_failing_and_a_passing_fixture() {
    let names = detector_names();
    let mut problems = Vec::new();
    for e in std::fs::read_dir(rules_dir()).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !names.contains(&name.as_str()) {
            problems.push(format!(
                "fixtures/rules/{name} is not a detector ({})",
                names.join(", ")
            ));
        }
    }
    for d in names {
        let dir = rules_dir().join(d);
        let paths = if dir.is_dir() {
            fixtures::markdown_files(&dir)
        } else {
            Vec::new()
        };
        let (mut failing, mut passing) = (false, false);
        for p in &paths {
            let r = check(p, &std::fs::read_to_string(p).unwrap());
            failing |= r.failing.iter().any(|x| x == d);
            passing |= r.passing.iter().any(|x| x == d);
        }
        if paths.is_empty() {
            problems.push(format!("detector `{d}` has no fixtures in fixtures/rules/{d}/"));
            continue;
        }
        if !failing {
            problems.push(format!(
                "detector `{d}`: no fixture expects a diagnostic (`expect:`) of its rules"
            ));
        }
        if !passing {
            problems.push(format!(
                "detector `{d}`: no fixture expects none (`expect-none:`) of its rules"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The harness itself: wrong expectations fail, right ones pass.
#[test]
fn wrong_expectations_fail_the_harness() {
    let path = rules_dir().join("harness-self-test.md");
    let right = "# Notes\n\n## Storage <!-- expect: DL504 -->\n\n## Cache\n\nWe keep a lot of hot keys in memory. <!-- expect: DL506 \"a lot of\" -->\n";
    let r = check(&path, right);
    assert!(r.failures.is_empty(), "{:#?}", r.failures);
    assert_eq!(r.failing, ["empty-section", "pattern"]);

    let wrong = "# Notes <!-- expect-credit: DL101 = 1 -->\n\n\
                 ## Storage <!-- expect: DL504, DL504 -->\n\n\
                 ## Cache <!-- expect: DL504 -->\n\n\
                 We keep a lot of hot keys in memory. <!-- expect-none: DL506 -->\n\n\
                 Reads are very fast. <!-- expect: DL506 \"huge\", DL999 -->\n\n\
                 <!-- expect: DL103 -->\n<!-- expect-credit: DL101 about 1 -->\n";
    let r = check(&path, wrong);
    let want = [
        "line 1: unexpected DL101: ",
        "line 1: expected DL101 credit = 1, got 0",
        "line 1: unexpected DL103: ",
        "line 11: expected a DL103 diagnostic; DL103 gave line 1: ",
        "line 3: expected a DL504 diagnostic; DL504 gave line 3: ",
        "line 5: expected a DL504 diagnostic; DL504 gave line 3: ",
        "DL506 is named by both `expect` and `expect-none`",
        "line 9: expected a DL506 diagnostic containing \"huge\"; DL506 gave line 7: ",
        "line 7: unexpected DL506: ",
        "line 9: unexpected DL506: ",
        "DL999 is not a rule code of the `interview` rubric",
        "line 11: `expect:` goes at the end of the line",
        "line 12: cannot read `DL101 about 1`",
    ];
    for w in want {
        assert!(
            r.failures.iter().any(|f| f.starts_with(w)),
            "no failure {w:?} in:\n{}",
            r.failures.join("\n")
        );
    }
    assert_eq!(r.failures.len(), want.len(), "{:#?}", r.failures);
}
