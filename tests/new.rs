//! `designlint new`: the skeleton's structure, its snapshot on a small rubric,
//! and `-o` never overwriting a file.

use std::process::Output;

use crate::support;

fn designlint(args: &[&str], dir: &std::path::Path) -> Output {
    support::run(dir, args)
}

const MINI: &str = r#"
name = "mini"
description = "A two-phase rubric for the tests"

[[phases]]
id = "context"
title = "Context and scope"
prompt = "Why this is needed, and for whom."

[[phases]]
id = "decision"
title = "Decision"

[rules.T101]
name = "problem-statement"
phase = "context"
weight = 2
detector = "keywords"
summary = "The problem, in a paragraph."
keywords = ["problem"]

[rules.T102]
name = "non-goals"
phase = "context"
weight = 1
detector = "keywords"
summary = "What is out of scope."
keywords = ["out of scope"]

[rules.T201]
name = "api-choice"
phase = "decision"
weight = 1
detector = "keywords"
summary = "Which API."
prompt = "Name the API you chose -- and why (not only which)."
keywords = ["api"]
"#;

#[test]
fn skeleton_of_a_small_rubric() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mini.toml"), MINI).unwrap();
    let out = designlint(
        &["new", "  Design a\n URL shortener ", "--rubric", "mini.toml"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!(text);
}

#[test]
fn interview_skeleton_has_every_item_in_order_and_no_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let out = designlint(&["new", "Design a URL shortener", "-o", "design.md"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let text = std::fs::read_to_string(dir.path().join("design.md")).unwrap();
    assert!(text.starts_with("# Design a URL shortener\n"));
    // Phases in the framework's order, then each item under its phase.
    let order = [
        "## Requirements and scope",
        "### Functional requirements",
        "### Non-functional requirements",
        "### Capacity estimates",
        "## High-level design",
        "### API definition",
        "### Architecture diagram",
        "## Deep dive",
        "### Tradeoffs",
        "## Wrap-up",
        "### Bottlenecks",
        "### Security",
    ];
    let mut at = 0;
    for h in order {
        let i = text[at..]
            .find(&format!("{h}\n"))
            .unwrap_or_else(|| panic!("{h} missing or out of order:\n{text}"));
        at += i + h.len();
    }
    // Every rubric item is prompted, findings are not sections.
    for code in ["DL101", "DL102", "DL104", "DL204", "DL301", "DL406"] {
        assert!(text.contains(&format!("({code}) -->")), "{code}");
    }
    assert!(!text.contains("DL505"));

    // A fresh skeleton earns nothing from its prompts and has no placeholder findings.
    let out = designlint(&["check", "--format", "json", "design.md"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = &v["files"][0];
    assert_eq!(file["score"]["total"], serde_json::json!(0.0), "{file}");
    let diags = file["diagnostics"].as_array().unwrap();
    assert!(!diags.iter().any(|d| d["code"] == "DL505"), "{diags:#?}");
}

#[test]
fn output_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.md");
    std::fs::write(&path, "my notes\n").unwrap();
    let out = designlint(&["new", "X", "-o", "mine.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("already exists"), "{err}");
    assert!(err.contains("mine.md"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "my notes\n");
    // An unknown rubric is a usage error too.
    let out = designlint(&["new", "X", "--rubric", "nope"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_rubric_chosen_is_written_in_front_matter_and_no_heading_repeats() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("mini.toml"), MINI).unwrap();
    for (rubric, file) in [
        ("adr", "docs/0012-queue.md"),
        ("design-doc", "docs/rate-limits.md"),
        ("interview", "docs/shortener.md"),
        ("mini.toml", "docs/mini.md"),
    ] {
        let out = designlint(
            &["new", "Use a queue for uploads", "--rubric", rubric, "-o", file],
            dir.path(),
        );
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        // `check` on the new file, with no --rubric and no config, uses that rubric.
        let out = designlint(&["check", "--format", "json", file], dir.path());
        assert!(
            out.status.code().is_some_and(|c| c < 2),
            "{rubric}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let name = if rubric == "mini.toml" { "mini" } else { rubric };
        assert_eq!(v["files"][0]["rubric"], name, "{text}");
        // No section heading says what the one above it, or the title, says.
        let headings: Vec<String> = text
            .lines()
            .filter(|l| l.starts_with('#'))
            .map(|l| {
                let t = l.trim_start_matches('#').trim().to_lowercase();
                t.strip_prefix("the ").map(str::to_string).unwrap_or(t)
            })
            .collect();
        for (i, h) in headings.iter().enumerate() {
            assert!(
                !headings[..i].contains(h) && h != "title",
                "{rubric}: heading \"{h}\" repeats:\n{text}"
            );
        }
    }
    let adr = std::fs::read_to_string(dir.path().join("docs/0012-queue.md")).unwrap();
    assert!(
        adr.starts_with("---\ndesignlint: { rubric: adr }\n---\n# Use a queue for uploads\n"),
        "{adr}"
    );
    // A rubric file is named by its path from the new file.
    let mini = std::fs::read_to_string(dir.path().join("docs/mini.md")).unwrap();
    assert!(
        mini.starts_with("---\ndesignlint: { rubric: ../mini.toml }\n---\n"),
        "{mini}"
    );
    // Without --rubric, no front matter: the config or the default decides.
    let out = designlint(&["new", "X"], dir.path());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("# X\n"));
}
