//! Snapshots of what a user sees: the human report (without colour, as on a
//! pipe) and the JSON report, for write-ups of graded quality and for each
//! single-purpose findings fixture. Review every change to these files.

use crate::support::{self, root};

fn run(args: &[&str]) -> String {
    let out = support::run(&root(), args);
    let text = String::from_utf8(out.stdout).expect("UTF-8 output");
    text.replace(env!("CARGO_PKG_VERSION"), "[version]")
}

fn name(path: &str) -> String {
    path.trim_end_matches(".md").replace('/', "__")
}

const WRITE_UPS: &[&str] = &[
    "fixtures/interview/strong-url-shortener.md",
    "fixtures/interview/good-no-headings.md",
    "fixtures/interview/medium-pastebin.md",
    "fixtures/interview/weak-jumps-to-solution.md",
    "fixtures/interview/offtopic-library-readme.md",
];

const FINDINGS: &[&str] = &[
    "fixtures/findings/arithmetic-correct.md",
    "fixtures/findings/arithmetic-changes-and-totals.md",
    "fixtures/findings/arithmetic-wrong.md",
    "fixtures/findings/design-before-requirements.md",
    "fixtures/findings/empty-sections.md",
    "fixtures/findings/multibyte.md",
    "fixtures/findings/perfection-claims.md",
    "fixtures/findings/phase-balance-requirements-sprawl.md",
    "fixtures/findings/placeholders.md",
    "fixtures/findings/suppressions.md",
    "fixtures/findings/vague-quantifiers.md",
];

#[test]
fn human_reports_of_graded_write_ups() {
    for f in WRITE_UPS {
        insta::assert_snapshot!(format!("human__{}", name(f)), run(&["check", f]));
    }
}

/// The JSON report, laid out one value a line so that a diff shows what
/// changed (the report itself writes each file's entry on one line, as it
/// streams them: checked here, since the snapshot no longer shows it).
#[test]
fn json_reports_of_graded_write_ups() {
    for f in WRITE_UPS {
        let json = run(&["check", "--format", "json", f]);
        let entries = json.lines().filter(|l| l.trim_start().starts_with("{\"path\":"));
        assert_eq!(entries.count(), 1, "one line for the file's entry:\n{json}");
        insta::assert_snapshot!(format!("json__{}", name(f)), support::pretty_json(&json));
    }
}

/// The findings fixtures, each with only the rules it is about (the rubric
/// items would drown them), so each snapshot shows exactly what it tests.
#[test]
fn human_reports_of_findings() {
    for f in FINDINGS {
        let select = if f.contains("arithmetic") || f.contains("multibyte") {
            "DL105,DL5"
        } else {
            "DL5"
        };
        insta::assert_snapshot!(
            format!("human__{}", name(f)),
            run(&["check", "--select", select, f])
        );
    }
}
