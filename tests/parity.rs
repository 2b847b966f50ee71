//! The same file, the same answer: for every fixture, and for a small
//! repository with a config, `[[overrides]]` and front matter, the language
//! server's diagnostics and score equal what `check --format json` reports for
//! that file. Positions are compared in LSP terms (0-based lines, UTF-16
//! columns), computed here from the JSON's byte offsets.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::lsp_client::{Client, initialize};
use crate::support::{self, fixtures, root};

/// `designlint check --format json FILE...` run once in `dir`: each file's
/// entry, in the order given (one run, so the suite does not start the
/// binary once per fixture).
fn check_all(dir: &Path, files: &[String]) -> Vec<Value> {
    let mut args = vec!["check", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let out = support::run(dir, &args);
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{files:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let entries = v["files"].as_array().expect("a list of files");
    assert_eq!(entries.len(), files.len(), "{files:?}: {v}");
    files
        .iter()
        .map(|f| {
            entries
                .iter()
                .find(|e| e["path"] == f.as_str())
                .unwrap_or_else(|| panic!("{f}: not in the report"))
                .clone()
        })
        .collect()
}

/// `designlint check --format json FILE` run in `dir`: the file's entry.
fn check(dir: &Path, file: &str) -> Value {
    check_all(dir, &[file.to_string()]).remove(0)
}

/// A diagnostic as both sides can state it.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Diag {
    start: (u64, u64),
    end: (u64, u64),
    code: String,
    severity: u64,
    message: String,
}

/// The LSP position of a byte offset: 0-based line, UTF-16 column.
fn position(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line as u64, text[start..offset].encode_utf16().count() as u64)
}

fn from_json(text: &str, d: &Value) -> Diag {
    let offset = d["span"]["offset"].as_u64().unwrap() as usize;
    let length = d["span"]["length"].as_u64().unwrap() as usize;
    let mut message = d["message"].as_str().unwrap().to_string();
    if let Some(h) = d["help"].as_str() {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    Diag {
        start: position(text, offset),
        end: position(text, offset + length),
        code: d["code"].as_str().unwrap().to_string(),
        severity: match d["severity"].as_str().unwrap() {
            "error" => 1,
            "warning" => 2,
            _ => 3,
        },
        message,
    }
}

fn from_lsp(d: &Value) -> Diag {
    let pos = |p: &Value| (p["line"].as_u64().unwrap(), p["character"].as_u64().unwrap());
    Diag {
        start: pos(&d["range"]["start"]),
        end: pos(&d["range"]["end"]),
        code: d["code"].as_str().unwrap_or_default().to_string(),
        severity: d["severity"].as_u64().unwrap(),
        message: d["message"].as_str().unwrap().to_string(),
    }
}

/// The numbers of a score: total, grade, each phase's earned and max.
fn score_from_json(score: &Value) -> (String, String, Vec<String>) {
    let num = |v: &Value| {
        let x = v.as_f64().unwrap();
        if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            format!("{x:.1}")
        }
    };
    let phases = score["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{}/{}", num(&p["earned"]), num(&p["max"])))
        .collect();
    (
        num(&score["total"]),
        score["grade"].as_str().unwrap().to_string(),
        phases,
    )
}

/// The same from the server's "designlint score 72.5/100 (C) — Requirements 18/25 · …".
fn score_from_lsp(message: &str) -> (String, String, Vec<String>) {
    let rest = message.strip_prefix("designlint score ").unwrap();
    let (head, phases) = rest.split_once(" — ").unwrap_or((rest, ""));
    let (total, grade) = head.split_once(' ').unwrap();
    let total = total.strip_suffix("/100").unwrap().to_string();
    let grade = grade.trim_matches(['(', ')']).to_string();
    let phases = phases
        .split(" · ")
        .filter(|p| !p.is_empty() && !p.starts_with("findings"))
        .map(|p| p.rsplit(' ').next().unwrap().to_string())
        .collect();
    (total, grade, phases)
}

/// The rule codes in the title-line hover's table of credits.
fn hover_rules(c: &mut Client, uri: &str) -> Vec<String> {
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
    let value = h["result"]["contents"]["value"].as_str().unwrap_or_default();
    value
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|code| *code != "rule" && code.chars().all(|c| c.is_ascii_alphanumeric()))
        .map(str::to_string)
        .collect()
}

/// Open `path` (relative to `dir`) in the server and compare with `json`,
/// its entry in the report of `check` run in `dir`.
fn same_answer(c: &mut Client, dir: &Path, path: &str, json: &Value) {
    let abs = dir.join(path);
    let text = std::fs::read_to_string(&abs).unwrap();
    let uri = format!("file://{}", abs.display());
    let lsp = c.open(&uri, &text);

    let (score, diags): (Vec<&Value>, Vec<&Value>) = lsp.iter().partition(|d| {
        d["code"].is_null()
            && d["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("designlint score "))
    });
    let others: Vec<&&Value> = diags.iter().filter(|d| d["code"].is_null()).collect();
    assert!(others.is_empty(), "{path}: the server reports {others:#?}");
    assert_eq!(score.len(), 1, "{path}: {lsp:#?}");

    let mut expected: Vec<Diag> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| from_json(&text, d))
        .collect();
    let mut got: Vec<Diag> = diags.iter().map(|d| from_lsp(d)).collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected, "{path}: diagnostics differ");

    assert_eq!(
        score_from_lsp(score[0]["message"].as_str().unwrap()),
        score_from_json(&json["score"]),
        "{path}: scores differ"
    );
    let rules: Vec<String> = json["score"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(hover_rules(c, &uri), rules, "{path}: rubric items differ");
}

#[test]
fn every_fixture_gets_the_same_answer_from_check_and_the_server() {
    let files = fixtures::fixture_paths();
    assert!(files.len() >= 20, "{files:?}");
    let rels: Vec<String> = files
        .iter()
        .map(|f| f.strip_prefix(root()).unwrap().to_str().unwrap().to_string())
        .collect();
    let reports = check_all(&root(), &rels);
    let mut c = Client::start();
    initialize(&mut c);
    for (rel, json) in rels.iter().zip(&reports) {
        same_answer(&mut c, &root(), rel, json);
    }
}

const CONFIG: &str = r#"# A team repository: interview write-ups by default, ADRs and design docs by path.
rubric = "interview"
min-score = 20
ignore = ["vague-quantifiers"]
exclude = ["docs/drafts/**"]

[severity]
DL503 = "info"
ADR103 = "error"            # a rule of the adr rubric, which the overrides use

[[overrides]]
paths = ["docs/adr/**"]
rubric = "adr"

[[overrides]]
paths = ["docs/design/**"]
rubric = "design-doc"
select = ["DD1", "DD2", "DD3"]
min-score = 30
"#;

/// The repository: fixtures copied under paths the config treats differently,
/// and ADRs that pick their rubric in front matter where no override does.
fn team_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = |p: &str| std::fs::read_to_string(root().join("fixtures").join(p)).unwrap();
    let with_front_matter = |fm: &str, body: String| format!("---\n{fm}\n---\n{body}");
    let files = [
        ("designlint.toml", CONFIG.to_string()),
        (
            "docs/adr/0007-use-postgres.md",
            fixture("adr/good-0007-use-postgres.md"),
        ),
        ("docs/adr/weak.md", fixture("adr/weak-adr.md")),
        (
            "docs/notes/0007-by-front-matter.md",
            with_front_matter(
                "title: Use Postgres\ndesignlint: { rubric: adr }",
                fixture("adr/good-0007-use-postgres.md"),
            ),
        ),
        (
            "docs/notes/placeholders-adr.md",
            with_front_matter(
                "designlint:\n  rubric: adr",
                fixture("adr/bad-status-adr.md") + "\nTODO: link the benchmark.\n",
            ),
        ),
        (
            "docs/design/rate-limiter.md",
            fixture("design-doc/good-rate-limiter-service.md"),
        ),
        (
            "docs/design/weak.md",
            with_front_matter(
                "designlint: { rubric: adr }",
                fixture("design-doc/weak-design-doc.md"),
            ),
        ),
        ("docs/pastebin.md", fixture("interview/medium-pastebin.md")),
        ("docs/vague.md", fixture("findings/vague-quantifiers.md")),
    ];
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

#[test]
fn a_repository_with_overrides_and_front_matter_gets_the_same_answer() {
    let repo = team_repo();
    let rels: Vec<String> = fixtures::markdown_files(&repo.path().join("docs"))
        .iter()
        .map(|f| f.strip_prefix(repo.path()).unwrap().to_str().unwrap().to_string())
        .collect();
    let reports = check_all(repo.path(), &rels);
    let mut c = Client::start();
    initialize(&mut c);
    for (rel, json) in rels.iter().zip(&reports) {
        same_answer(&mut c, repo.path(), rel, json);
    }
    // And the policy is the one the config describes.
    let rules = |file: &str| -> Vec<String> {
        check(repo.path(), file)["score"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(rules("docs/adr/weak.md").iter().all(|c| c.starts_with("ADR")));
    assert!(
        rules("docs/notes/0007-by-front-matter.md")
            .iter()
            .all(|c| c.starts_with("ADR"))
    );
    // Front matter wins over the override of docs/design/.
    assert!(rules("docs/design/weak.md").iter().all(|c| c.starts_with("ADR")));
    let design = rules("docs/design/rate-limiter.md");
    assert!(
        !design.is_empty()
            && design
                .iter()
                .all(|c| ["DD1", "DD2", "DD3"].iter().any(|p| c.starts_with(p)))
    );
    assert!(rules("docs/pastebin.md").iter().all(|c| c.starts_with("DL")));
    let codes = |file: &str| -> Vec<(String, String)> {
        check(repo.path(), file)["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    // The top-level ignore and severities reach every rubric that has the rule.
    assert!(!codes("docs/vague.md").iter().any(|(c, _)| c == "DL506"));
    assert!(codes("docs/notes/placeholders-adr.md").contains(&("ADR103".into(), "error".into())));
}
