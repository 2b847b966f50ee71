//! Machine output formats, from the real binary: `--format json` against our
//! schema, `--format sarif` against the official SARIF 2.1.0 schema, and the
//! shape of the GitHub, GitLab, JUnit and Markdown outputs.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::support::schemas::{self, sarif_schema, validate};
use crate::support::{self, root};

const FIXTURES: &[&str] = &[
    "fixtures/interview/strong-url-shortener.md",
    "fixtures/interview/weak-outline-only.md",
    "fixtures/findings/multibyte.md",
    "fixtures/findings/suppressions.md",
    "fixtures/adr/weak-adr.md",
];

fn designlint(args: &[&str], dir: &Path) -> Output {
    support::run(dir, args)
}

fn run_json(args: &[&str], dir: &Path) -> Value {
    let out = designlint(args, dir);
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: not JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

#[test]
fn json_output_matches_its_schema() {
    let schema = schemas::output_schema();
    let mut args = vec!["check", "--format", "json"];
    args.extend(FIXTURES);
    let doc = run_json(&args, &root());
    validate(&schema, &doc, "json output");
    assert_eq!(doc["files"].as_array().unwrap().len(), FIXTURES.len());
    assert!(
        doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| !f["diagnostics"].as_array().unwrap().is_empty())
    );

    // A directory, and no files at all after --select of a rule that never fires.
    let doc = run_json(&["check", "--format", "json", "fixtures/adr"], &root());
    validate(&schema, &doc, "json output of a directory");

    // Standard input with --stdin-filename.
    let out = support::run_with_stdin(
        &root(),
        &[
            "check",
            "-",
            "--format",
            "json",
            "--stdin-filename",
            "docs/from stdin.md",
        ],
        b"# Design\n\nTODO: everything. It will be very fast.\n",
    );
    let doc = support::json(&out);
    validate(&schema, &doc, "json output of stdin");
    assert_eq!(doc["files"][0]["path"], "docs/from stdin.md");
}

#[test]
fn sarif_output_matches_the_official_schema() {
    let mut args = vec!["check", "--format", "sarif"];
    args.extend(FIXTURES);
    let doc = run_json(&args, &root());
    let run = &doc["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "designlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r["id"] == "DL505" && r["name"] == "placeholders")
    );
    for r in rules {
        assert!(r["shortDescription"]["text"].is_string(), "{r}");
        assert!(r["defaultConfiguration"]["level"].is_string(), "{r}");
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for res in results {
        let i = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], res["ruleId"]);
        let region = &res["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["startColumn"].as_u64().unwrap() >= 1);
        assert!(region["byteLength"].is_u64());
    }
    assert_eq!(run["artifacts"].as_array().unwrap().len(), FIXTURES.len());
    if let Some(schema) = sarif_schema() {
        validate(&schema, &doc, "sarif output");
    }
}

#[test]
fn sarif_uris_are_relative_and_percent_encoded() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("my docs")).unwrap();
    std::fs::write(dir.path().join("my docs/a#1.md"), "# Design\n\nTBD.\n").unwrap();
    let doc = run_json(
        &["check", "--format", "sarif", "--select", "DL505", "my docs"],
        dir.path(),
    );
    let loc = &doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "my%20docs/a%231.md");
    assert_eq!(loc["region"]["startLine"], 3);
    assert_eq!(loc["region"]["startColumn"], 1);
    assert_eq!(loc["region"]["endColumn"], 4);
    assert_eq!(loc["region"]["byteOffset"], 10);
    assert_eq!(loc["region"]["byteLength"], 3);
    if let Some(schema) = sarif_schema() {
        validate(&schema, &doc, "sarif output");
    }
}

#[test]
fn github_gitlab_junit_markdown_outputs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# Design, v2: plan\n\nTODO: write <this> & that.\n\nIt is very fast.\n",
    )
    .unwrap();
    let sel = ["--select", "DL505,DL506"];

    let out = designlint(
        &[&["check", "--format", "github", "a.md"][..], &sel].concat(),
        dir.path(),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with(
            "::warning file=a.md,line=3,col=1,endLine=3,endColumn=5,title=DL505 placeholders::Placeholder"
        ),
        "{text}"
    );
    assert!(lines[0].contains("%0Ahelp: "), "{text}");
    assert!(
        lines[1].starts_with("::warning file=a.md,line=5,col=7,"),
        "{text}"
    );
    assert!(
        lines[2].starts_with("::notice file=a.md,title=designlint score::score "),
        "{text}"
    );

    let out = designlint(
        &[&["check", "--format", "gitlab", "a.md"][..], &sel].concat(),
        dir.path(),
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let issues = doc.as_array().unwrap();
    assert_eq!(issues.len(), 2);
    assert_eq!(issues[0]["check_name"], "DL505");
    assert_eq!(issues[0]["severity"], "minor");
    assert_eq!(issues[0]["location"]["path"], "a.md");
    assert_eq!(issues[0]["location"]["lines"]["begin"], 3);
    let fp = issues[0]["fingerprint"].as_str().unwrap();
    assert_eq!(fp.len(), 16);
    let again = designlint(
        &[&["check", "--format", "gitlab", "a.md"][..], &sel].concat(),
        dir.path(),
    );
    let again: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(again, doc, "fingerprints are stable across runs");
    assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);

    // JUnit: a file with an error-level diagnostic fails; XML special characters are escaped.
    std::fs::write(
        dir.path().join("designlint.toml"),
        "[severity]\nDL505 = \"error\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("b.md"), "# Clean\n\nNothing to see.\n").unwrap();
    let out = designlint(
        &[&["check", "--format", "junit", "a.md", "b.md"][..], &sel].concat(),
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"),
        "{xml}"
    );
    assert_eq!(xml.matches("<testsuite ").count(), 1, "{xml}");
    assert_eq!(xml.matches("<testcase ").count(), 2, "{xml}");
    assert_eq!(xml.matches("<failure ").count(), 1, "{xml}");
    assert!(xml.contains("tests=\"2\" failures=\"1\""), "{xml}");
    assert!(xml.contains("<failure message=\"1 error\""), "{xml}");
    assert!(!xml.contains("<this>"), "{xml}");
    assert!(xml.contains("&quot;"), "{xml}");

    // Markdown: a table row per file, findings grouped by file with codes and lines.
    let out = designlint(
        &[
            &[
                "check",
                "--format",
                "markdown",
                "--min-score",
                "0",
                "a.md",
                "b.md",
            ][..],
            &sel,
        ]
        .concat(),
        dir.path(),
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("| ❌ | `a.md` |"), "{md}");
    assert!(md.contains("| ✅ | `b.md` |"), "{md}");
    assert!(md.contains("<code>a.md</code>: 2 findings"), "{md}");
    assert!(md.contains("- line 3: 🔴 error **DL505** `placeholders`"), "{md}");
    assert!(
        md.contains("- line 5: 🟡 warning **DL506** `vague-quantifiers`"),
        "{md}"
    );
    assert!(!md.contains("<code>b.md</code>"), "{md}");
}

/// A run over files that use three rubrics (by `[[overrides]]` and by front matter).
fn mixed_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &str, to: &str, front: &str| {
        let p = dir.path().join(to);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let text = std::fs::read_to_string(root().join(from)).unwrap();
        std::fs::write(p, format!("{front}{text}")).unwrap();
    };
    copy("fixtures/adr/weak-adr.md", "docs/adr/0001.md", "");
    copy(
        "fixtures/design-doc/weak-design-doc.md",
        "docs/limits.md",
        "---\ndesignlint: { rubric: design-doc }\n---\n",
    );
    copy("fixtures/interview/medium-pastebin.md", "docs/pastebin.md", "");
    std::fs::write(
        dir.path().join("designlint.toml"),
        "[[overrides]]\npaths = [\"docs/adr/**\"]\nrubric = \"adr\"\n",
    )
    .unwrap();
    dir
}

#[test]
fn a_run_that_mixes_rubrics_names_each_file_s_rubric() {
    let dir = mixed_repo();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/designlint-output.schema.json")).unwrap(),
    )
    .unwrap();
    let doc = run_json(&["check", "--format", "json", "docs"], dir.path());
    validate(&schema, &doc, "json output of a mixed run");
    let rubrics: Vec<(&str, &str)> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["rubric"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rubrics,
        [
            ("docs/adr/0001.md", "adr"),
            ("docs/limits.md", "design-doc"),
            ("docs/pastebin.md", "interview")
        ]
    );
    // The run's own rubric is the default one.
    assert_eq!(doc["rubric"], "interview");

    // JUnit: each test case is classed under its file's rubric.
    let out = designlint(&["check", "--format", "junit", "docs"], dir.path());
    let xml = String::from_utf8(out.stdout).unwrap();
    for (path, rubric) in &rubrics {
        assert!(
            xml.contains(&format!(
                "<testcase name=\"{path}\" classname=\"designlint.{rubric}\">"
            )),
            "{xml}"
        );
    }

    // Markdown: one table per rubric, each with that rubric's phases.
    let out = designlint(&["check", "--format", "markdown", "docs"], dir.path());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("3 files linted with the `adr`, `design-doc` and `interview` rubrics"),
        "{md}"
    );
    let tables: Vec<&str> = md.split("\n### ").skip(1).collect();
    assert!(tables.len() >= 3, "{md}");
    let table = |name: &str| {
        tables
            .iter()
            .find(|t| t.starts_with(&format!("`{name}` rubric")))
            .unwrap()
    };
    assert!(
        table("adr").contains("| context |") && !table("adr").contains("requirements"),
        "{md}"
    );
    assert!(
        table("adr").contains("`docs/adr/0001.md`") && !table("adr").contains("pastebin"),
        "{md}"
    );
    assert!(
        table("interview").contains("| requirements |") && !table("interview").contains("| context |"),
        "{md}"
    );
    assert!(table("design-doc").contains("`docs/limits.md`"), "{md}");

    // SARIF: the rules of every rubric are described in full.
    let doc = run_json(&["check", "--format", "sarif", "docs"], dir.path());
    let rules = doc["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    for r in rules {
        assert!(r["shortDescription"]["text"].is_string(), "{r}");
    }
    assert!(rules.iter().any(|r| r["id"] == "ADR002"));
    if let Some(schema) = sarif_schema() {
        validate(&schema, &doc, "sarif output of a mixed run");
    }
}
