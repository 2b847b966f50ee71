//! `designlint explain` and `designlint rules`: structure, not the rule docs
//! themselves (those are still being edited).

use std::process::Output;

use crate::support;

fn designlint(args: &[&str]) -> Output {
    support::run(&std::env::temp_dir(), args)
}

#[test]
fn explain_by_code_and_by_name() {
    for key in ["DL505", "placeholders", "dl505", "PLACEHOLDERS"] {
        let out = designlint(&["explain", key]);
        assert_eq!(out.status.code(), Some(0), "{key}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with("# DL505 placeholders\n"), "{key}: {text}");
        assert!(text.contains("## What it does"), "{text}");
        assert!(text.contains("Severity: "), "{text}");
    }
    let out = designlint(&["explain", "DL102"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("# DL102 non-functional-requirements\n"),
        "{text}"
    );
    assert!(text.contains("Phase: ") && text.contains("Weight: "), "{text}");
}

#[test]
fn unknown_rule_suggests_the_closest_and_exits_2() {
    for (key, suggestion) in [
        ("plceholders", "placeholders"),
        ("DL5O5", "DL505"),
        ("trade-offs", "tradeoffs"),
    ] {
        let out = designlint(&["explain", key]);
        assert_eq!(out.status.code(), Some(2), "{key}");
        assert!(out.stdout.is_empty(), "{key}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("unknown rule `{key}`")), "{err}");
        assert!(err.contains(&format!("did you mean `{suggestion}`?")), "{err}");
    }
    // Nothing close: still a clear error, pointing at `designlint rules`.
    let out = designlint(&["explain", "qqqqqqqqqqqq"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown rule `qqqqqqqqqqqq`"), "{err}");
    assert!(err.contains("designlint rules"), "{err}");
    assert!(!err.contains("did you mean"), "{err}");
}

#[test]
fn a_rule_of_another_rubric_is_named_with_the_rubric_that_has_it() {
    for (key, rubric) in [("ADR002", "adr"), ("status", "adr"), ("DD101", "design-doc")] {
        let out = designlint(&["explain", key]);
        assert_eq!(out.status.code(), Some(2), "{key}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("unknown rule `{key}` in the `interview` rubric")),
            "{err}"
        );
        assert!(
            err.contains(&format!("`{key}` is a rule of the `{rubric}` rubric")),
            "{err}"
        );
        let out = designlint(&["explain", "--rubric", rubric, key]);
        assert_eq!(out.status.code(), Some(0), "{key}");
    }
}

#[test]
fn a_penalty_of_one_point_is_singular() {
    let out = designlint(&["explain", "DL506"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Penalty: 1 point per finding."), "{text}");
    let out = designlint(&["explain", "DL505"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(" points per finding."), "{text}");
}

#[test]
fn rules_lists_code_name_phase_weight_severity() {
    let out = designlint(&["rules"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let header = text
        .lines()
        .find(|l| l.starts_with("code"))
        .unwrap_or_else(|| panic!("no header:\n{text}"));
    let cols: Vec<&str> = header.split_whitespace().collect();
    assert_eq!(
        &cols[..5],
        ["code", "name", "phase", "weight", "severity"],
        "{header}"
    );
    let row = |code: &str| -> Vec<String> {
        let l = text
            .lines()
            .find(|l| l.starts_with(code))
            .unwrap_or_else(|| panic!("{code} missing:\n{text}"));
        l.split_whitespace().take(5).map(str::to_string).collect()
    };
    let r = row("DL101");
    assert_eq!(r[1], "functional-requirements");
    assert_eq!(r[2], "requirements");
    assert!(r[3].parse::<f64>().is_ok_and(|w| w > 0.0), "{r:?}");
    assert!(["error", "warning", "info"].contains(&r[4].as_str()), "{r:?}");
    // Findings have a penalty (a negative weight) and no phase.
    let r = row("DL505");
    assert_eq!(r[1], "placeholders");
    assert_eq!(r[2], "findings");
    assert!(r[3].starts_with('-'), "{r:?}");
    // Every rule is listed once, in code order.
    let codes: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| c.starts_with("DL") && c.len() == 5)
        .collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(codes, sorted);
    assert!(codes.len() >= 20, "{codes:?}");
}

/// Every rule of every built-in rubric carries its documentation: what it
/// does, why it matters, an example that passes, and how its detector decides.
#[test]
fn every_built_in_rule_is_documented() {
    for name in designlint::rubric::builtin_names() {
        let rubric = designlint::rubric::load(name, std::path::Path::new(".")).unwrap();
        for rule in &rubric.rules {
            let text = designlint::report::explain_text(&rubric, rule);
            for part in ["## What it does", "## Why", "## Example", "## How"] {
                assert!(text.contains(part), "{name} {} lacks {part}", rule.code);
            }
            assert!(
                !rule.summary.is_empty() && !rule.message.is_empty(),
                "{name} {}",
                rule.code
            );
        }
    }
}
