//! Messages that say what is wrong: a thin section is called thin (not
//! missing), an empty one empty, and a short but real required section counts.

use designlint::engine::{self, FileResult, Settings};
use designlint::rubric::{self, Rubric};

fn lint(text: &str, rubric: &Rubric) -> FileResult {
    engine::lint(text, rubric, &Settings::default())
}

fn interview() -> Rubric {
    rubric::load("interview", std::path::Path::new(".")).unwrap()
}

/// The message and help of the one diagnostic of `code`.
fn diagnostic(r: &FileResult, code: &str) -> (String, String) {
    let ds: Vec<_> = r.diagnostics.iter().filter(|d| d.code == code).collect();
    assert_eq!(ds.len(), 1, "{code}: {:#?}", r.diagnostics);
    (ds[0].message.clone(), ds[0].help.clone().unwrap_or_default())
}

fn credit(r: &FileResult, code: &str) -> f64 {
    r.score.rules.iter().find(|x| x.code == code).unwrap().credit
}

const THIN: &str = "# Design a chat service

## Requirements

Users send messages to each other and to groups, delivered in order within a
conversation. If a gateway fails, clients retry against another one; metrics on
dashboards and alerts page the on-call engineer.

## High-level design

Clients connect to a gateway over websockets. The gateway forwards messages to
the chat service, which stores them in Cassandra and fans them out.

## Failure handling

Retries on failure.

## Operations

Dashboards and alerts.

## Security
";

#[test]
fn a_thin_section_is_called_thin_not_missing() {
    let r = lint(THIN, &interview());
    for (code, section) in [("DL402", "Failure handling"), ("DL404", "Operations")] {
        let (message, help) = diagnostic(&r, code);
        assert!(
            message.contains(&format!("The \"{section}\" section has only")),
            "{code}: {message}"
        );
        assert!(!message.contains("no section"), "{code}: {message}");
        assert!(!help.contains("a section of its own"), "{code}: {help}");
    }
}

#[test]
fn an_empty_section_is_called_empty() {
    let r = lint(THIN, &interview());
    let (message, _) = diagnostic(&r, "DL405");
    assert!(
        message.ends_with("The \"Security\" section is empty."),
        "{message}"
    );
    assert!(
        !r.diagnostics.iter().any(|d| d.message.contains("only 0 words")),
        "{:#?}",
        r.diagnostics
    );
}

const TEAM: &str = r#"
name = "team"

[[phases]]
id = "rollout"
title = "Rollout"

[rules.TEAM001]
name = "rollback-plan"
phase = "rollout"
weight = 1
detector = "required-section"
summary = "A rollback plan."
headings = ["(?i)rollback"]
message = "No rollback plan: say how a bad release is undone."
"#;

#[test]
fn a_short_but_real_required_section_counts_and_an_empty_one_does_not() {
    let team: Rubric = TEAM.parse().unwrap();
    let short = "# Payments v2\n\n## Rollback\n\nFlip the flag back; migrations stay backward compatible for one release.\n";
    let r = lint(short, &team);
    assert_eq!(credit(&r, "TEAM001"), 1.0, "{:#?}", r.diagnostics);
    assert!(r.diagnostics.is_empty(), "{:#?}", r.diagnostics);

    let empty = "# Payments v2\n\n## Rollback\n\n## Notes\n\nNothing else.\n";
    let r = lint(empty, &team);
    assert_eq!(credit(&r, "TEAM001"), 0.0);
    let (message, help) = diagnostic(&r, "TEAM001");
    assert_eq!(message, "A rollback plan. The \"Rollback\" section is empty.");
    assert!(
        !message.contains("in passing") && !help.contains("section of its own"),
        "{help}"
    );

    let placeholder = "# Payments v2\n\n## Rollback\n\nTODO\n";
    let (message, _) = diagnostic(&lint(placeholder, &team), "TEAM001");
    assert!(message.ends_with("section is empty."), "{message}");
}
