//! Rubrics as data: the documented format, the built-in rubrics, `extends`,
//! per-path and per-file selection, and errors in rubric files. Most tests run
//! the binary, as a user would.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use designlint::engine::{self, Settings};
use designlint::rubric;

use crate::support::{designlint as bin, json, stderr, stdout};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// A fresh empty directory under the system temp dir.
fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let d = std::env::temp_dir().join(format!(
        "designlint-rubrics-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

/// Codes of the rules scored for file `i` of a JSON report.
fn scored_codes(v: &serde_json::Value, i: usize) -> Vec<String> {
    v["files"][i]["score"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_string())
        .collect()
}

fn check_json(rubric: &str, path: &str) -> serde_json::Value {
    let o = bin()
        .current_dir(ROOT)
        .args([
            "check",
            "--exit-zero",
            "--format",
            "json",
            "--rubric",
            rubric,
            path,
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    json(&o)
}

fn total(v: &serde_json::Value) -> f64 {
    v["files"][0]["score"]["total"].as_f64().unwrap()
}

// ── docs/rubric-format.md ───────────────────────────────────────────────────

/// The complete team rubric of the format documentation.
fn doc_example() -> String {
    let doc = std::fs::read_to_string(Path::new(ROOT).join("docs/rubric-format.md")).unwrap();
    let start = doc
        .find("````toml\n# team.toml")
        .expect("the team rubric example")
        + "````toml\n".len();
    let len = doc[start..].find("\n````").expect("the end of the example");
    doc[start..start + len].to_string()
}

#[test]
fn the_documented_team_rubric_loads_and_does_what_it_says() {
    let team: rubric::Rubric = doc_example().parse().unwrap_or_else(|e| panic!("{e:?}"));
    let base = rubric::load("interview", Path::new(ROOT)).unwrap();
    assert_eq!(team.name, "team");
    assert!(team.rule("DL204").is_none(), "DL204 is disabled");
    assert_eq!(team.rule("DL102").unwrap().weight, 12.0);
    assert_eq!(
        team.rule("DL102").unwrap().summary,
        base.rule("DL102").unwrap().summary
    );
    let privacy = team.rule("privacy-review").unwrap();
    assert_eq!(privacy.code, "TEAM001");
    assert_eq!(team.phases[privacy.phase.unwrap()].id, "wrap-up");
    assert_eq!(team.rules.len(), base.rules.len());
    assert_eq!(team.rule("DL303").unwrap().headings.len(), 4);

    // The added heading synonym gives a "Costs" section to the tradeoffs rule.
    let costs = "# Feed\n\n## Costs\n\nPushing every post to every follower's timeline makes reading \
                 instant for almost everyone. Writing gets slower for accounts with millions of \
                 followers, and storage grows with the number of followers, not posts. We accept \
                 that for reads.\n";
    let credit = |r: &rubric::Rubric| {
        let res = engine::lint(costs, r, &Settings::default());
        res.score.rules.iter().find(|s| s.code == "DL303").unwrap().credit
    };
    // (A heading frames reasons; the sentences under it earn: the synonym
    // adds the section's substance, not a full credit.)
    assert!(
        credit(&team) >= credit(&base) + 0.15,
        "{} vs {}",
        credit(&team),
        credit(&base)
    );

    // The new data rule works.
    let with = "# Accounts\n\n## Privacy\n\nWe store email addresses (PII) for login only. Accounts \
                deleted by their owner are purged after 30 days under our GDPR retention policy, \
                and backups roll off after another 30 days.\n";
    let res = engine::lint(with, &team, &Settings::default());
    let c = res
        .score
        .rules
        .iter()
        .find(|s| s.code == "TEAM001")
        .unwrap()
        .credit;
    assert!(c > 0.9, "{c}");
    let res = engine::lint("# Accounts\n\nNothing here.\n", &team, &Settings::default());
    assert!(
        res.diagnostics
            .iter()
            .any(|d| d.code == "TEAM001" && d.message.starts_with("No privacy review"))
    );
}

/// A rubric from its text, with no file: `extends` reaches the built-in
/// rubrics, and an error points into the text.
#[test]
fn a_rubric_parses_from_its_text() {
    let r: rubric::Rubric = "extends = \"adr\"\n\n[rules.ADR001]\nweight = 4\n"
        .parse()
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(r.rule("ADR001").unwrap().weight, 4.0);
    assert!(r.rule("ADR006").is_some());
    let e = format!("{PHASE}[rules.X001]\nphase = \"q\"\nweight = 1\ndetector = \"title\"\n")
        .parse::<rubric::Rubric>()
        .unwrap_err();
    assert!(format!("{e:?}").contains("unknown phase `q`"), "{e:?}");
}

// ── extends ─────────────────────────────────────────────────────────────────

#[test]
fn extends_merges_field_by_field_through_a_chain() {
    let dir = temp_dir("extends");
    write(
        &dir,
        "base.toml",
        "extends = \"interview\"\nname = \"base\"\n[rules.DL101]\nweight = 9\n[rules.DL506]\nenabled = false\n",
    );
    write(
        &dir,
        "sub/leaf.toml",
        "extends = \"../base.toml\"\n[rules.DL101]\nseverity = \"error\"\n\
         [rules.X100]\nname = \"glossary\"\nphase = \"wrap-up\"\nweight = 1\ndetector = \"keywords\"\nkeywords = [\"glossary\"]\n",
    );
    let r = rubric::load("sub/leaf.toml", &dir).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(r.name, "base", "the name is inherited");
    let dl101 = r.rule("DL101").unwrap();
    assert_eq!(dl101.weight, 9.0);
    assert_eq!(dl101.severity.as_str(), "error");
    assert_eq!(dl101.name, "functional-requirements");
    assert!(r.rule("DL506").is_none());
    assert!(r.rule("glossary").is_some());
}

#[test]
fn an_extends_cycle_is_an_error_not_a_hang() {
    let dir = temp_dir("cycle");
    write(&dir, "a.toml", "extends = \"b.toml\"\n");
    write(&dir, "b.toml", "extends = \"a.toml\"\n");
    let o = bin()
        .current_dir(&dir)
        .args(["rules", "--rubric", "a.toml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("cycle: a.toml → b.toml → a.toml"), "{e}");
    assert!(
        e.contains("extends = \"a.toml\""),
        "points at the extends line: {e}"
    );
    // A file that extends itself.
    write(&dir, "self.toml", "extends = \"self.toml\"\n");
    let o = bin()
        .current_dir(&dir)
        .args(["rules", "--rubric", "self.toml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cycle"), "{}", stderr(&o));
}

// ── rubric files that are wrong ─────────────────────────────────────────────

const PHASE: &str = "[[phases]]\nid = \"p\"\ntitle = \"P\"\n\n";

/// `designlint rules --rubric bad.toml` exits 2, and stderr shows `line` and `message`.
fn assert_rubric_error(toml: &str, line: &str, message: &str) {
    let dir = temp_dir("bad");
    write(&dir, "bad.toml", toml);
    let o = bin()
        .current_dir(&dir)
        .args(["rules", "--rubric", "bad.toml"])
        .output()
        .unwrap();
    let e = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{e}");
    assert!(e.contains(message), "expected {message:?} in:\n{e}");
    assert!(e.contains(line), "expected the line {line:?} in:\n{e}");
    assert!(e.contains("bad.toml"), "{e}");
}

#[test]
fn unknown_detector_suggests_the_closest() {
    assert_rubric_error(
        &format!(
            "{PHASE}[rules.X001]\nphase = \"p\"\nweight = 1\ndetector = \"required-sectoin\"\nheadings = [\"a\"]\n"
        ),
        "detector = \"required-sectoin\"",
        "did you mean `required-section`?",
    );
}

#[test]
fn bad_regex_is_shown_at_the_pattern() {
    assert_rubric_error(
        &format!(
            "{PHASE}[rules.X001]\nphase = \"p\"\nweight = 1\ndetector = \"required-section\"\nheadings = [\"(?i)trade(offs\"]\n"
        ),
        "headings = [\"(?i)trade(offs\"]",
        "invalid regular expression",
    );
}

#[test]
fn a_malformed_pattern_among_good_ones_is_the_one_shown() {
    // The set of a rule's patterns is built first; when it fails, each
    // pattern is checked alone to point at the one that is wrong.
    assert_rubric_error(
        &format!(
            "{PHASE}[rules.X001]\nphase = \"p\"\nweight = 1\ndetector = \"pattern\"\nmessage = \"m\"\npatterns = [\n  \"(?i)fine\",\n  \"bro(ken\",\n]\n"
        ),
        "\"bro(ken\"",
        "unclosed group",
    );
    assert_rubric_error(
        &format!(
            "{PHASE}[rules.X001]\nphase = \"p\"\nweight = 1\ndetector = \"required-section\"\nheadings = [\n  \"(?i)fine\",\n  \"[z-a]\",\n]\n"
        ),
        "\"[z-a]\"",
        "invalid character class range",
    );
}

#[test]
fn a_pathological_regex_is_rejected_quickly() {
    assert_rubric_error(
        &format!(
            "{PHASE}[rules.X001]\nphase = \"p\"\nweight = 1\ndetector = \"pattern\"\npatterns = [\"(a{{1000}}){{1000}}\"]\n"
        ),
        "patterns = [\"(a{1000}){1000}\"]",
        "invalid regular expression",
    );
    // In a heading synonym too.
    assert_rubric_error(
        &format!(
            "{PHASE}[rules.X001]\nphase = \"p\"\nweight = 1\ndetector = \"required-section\"\nheadings = [\"((((a{{100}}){{100}}){{100}}){{100}})\"]\n"
        ),
        "headings = [",
        "exceeds size limit",
    );
}

#[test]
fn duplicate_code_is_a_toml_error_at_the_second_table() {
    assert_rubric_error(
        &format!(
            "{PHASE}[rules.X001]\nphase = \"p\"\nweight = 1\ndetector = \"keywords\"\nkeywords = [\"a\"]\n\n\
             [rules.X001]\nphase = \"p\"\nweight = 2\n"
        ),
        "[rules.X001]",
        "duplicate key",
    );
}

#[test]
fn duplicate_names_point_at_the_second_name() {
    assert_rubric_error(
        &format!(
            "{PHASE}[rules.X001]\nname = \"same\"\nphase = \"p\"\nweight = 1\ndetector = \"keywords\"\nkeywords = [\"a\"]\n\n\
             [rules.X002]\nname = \"Same\"\nphase = \"p\"\nweight = 1\ndetector = \"keywords\"\nkeywords = [\"b\"]\n"
        ),
        "name = \"Same\"",
        "rules X001 and X002 have the same name `Same`",
    );
}

#[test]
fn weights_adding_up_to_zero() {
    assert_rubric_error(
        &format!(
            "{PHASE}[rules.X001]\nphase = \"p\"\nweight = 0\ndetector = \"keywords\"\nkeywords = [\"a\"]\n"
        ),
        "weight = 0",
        "add up to 0",
    );
}

#[test]
fn unknown_keys_are_errors() {
    assert_rubric_error(
        &format!(
            "{PHASE}[rules.X001]\nphase = \"p\"\nweight = 1\ndetector = \"keywords\"\nkeyword = [\"a\"]\n"
        ),
        "keyword = [\"a\"]",
        "`keyword` is not a parameter of the `keywords` detector",
    );
    assert_rubric_error(
        &format!(
            "{PHASE}[rules.X001]\nphase = \"p\"\nweight = 1\ndetector = \"keywords\"\nkeyword = [\"a\"]\n"
        ),
        "keyword = [\"a\"]",
        "did you mean `keywords`?",
    );
    assert_rubric_error("nmae = \"x\"\n", "nmae = \"x\"", "unknown field `nmae`");
}

/// Parameters a detector does not read were accepted and ignored (issue 13):
/// each is an error at its key, naming the detector.
#[test]
fn a_parameter_the_detector_does_not_read_is_an_error_at_its_key() {
    let rule = "[rules.X001]\nphase = \"p\"\nweight = 1\ndetector = \"keywords\"\nkeywords = [\"a\"]\n";
    for (extra, line) in [
        ("unless = [\"(?i)no\"]\n", "unless = ["),
        ("values = [\"accepted\"]\n", "values = ["),
        ("sections = [\"(?i)context\"]\n", "sections = ["),
    ] {
        let key = line.split(' ').next().unwrap();
        assert_rubric_error(
            &format!("{PHASE}{rule}{extra}"),
            line,
            &format!("`{key}` is not a parameter of the `keywords` detector"),
        );
    }
    // A key of another detector, in an extending file: shown in that file.
    assert_rubric_error(
        "extends = \"interview\"\n[rules.DL304]\nmax-score = 10\n",
        "max-score = 10",
        "`max-score` is not a parameter of the `statements` detector",
    );
    // A wrong type is reported in the file that writes it, too.
    assert_rubric_error(
        "extends = \"interview\"\n[rules.DL304]\nmin-hits = \"two\"\n",
        "min-hits = \"two\"",
        "invalid type",
    );
}

/// A text the detector never shows (section-order writes its own message;
/// design-before-requirements and phase-balance too) is an error, not
/// silently dropped; so is an evidence option of a detector that does not
/// weigh evidence.
#[test]
fn a_text_or_option_the_detector_ignores_is_an_error() {
    assert_rubric_error(
        &format!(
            "{PHASE}[rules.X001]\nphase = \"findings\"\npenalty = 1\ndetector = \"section-order\"\n\
             sections = [\"(?i)^context\", \"(?i)^decision\"]\nmessage = \"Out of order.\"\n"
        ),
        "message = \"Out of order.\"",
        "`message` is not shown by the `section-order` detector",
    );
    assert_rubric_error(
        &format!(
            "{PHASE}[rules.X001]\nphase = \"findings\"\npenalty = 1\ndetector = \"phase-balance\"\nmessage = \"Unbalanced.\"\n"
        ),
        "message = \"Unbalanced.\"",
        "`message` is not shown by the `phase-balance` detector",
    );
    assert_rubric_error(
        &format!(
            "{PHASE}[rules.X001]\nphase = \"findings\"\npenalty = 1\ndetector = \"pattern\"\npatterns = [\"TBD\"]\nown-phase = true\n"
        ),
        "own-phase = true",
        "`own-phase` is not read by the `pattern` detector",
    );
}

/// `section-order` showed its patterns as prose ("context → (?:the
/// )?decision → consequences"): its help is the rule's help, or the
/// sections' names when they are plain, never a regex.
#[test]
fn section_order_help_never_shows_a_regex() {
    let adr = rubric::load("adr", Path::new(ROOT)).unwrap();
    let text = "# ADR 3: Queue\n\n## Decision\n\nWe use SQS for the job queue.\n\n\
                ## Context\n\nJobs are lost when a worker restarts mid-run.\n\n\
                ## Consequences\n\nWorkers must be idempotent.\n";
    let res = engine::lint(text, &adr, &Settings::default());
    let d = res
        .diagnostics
        .iter()
        .find(|d| d.code == "ADR101")
        .expect("out of order");
    let help = d.help.as_deref().unwrap_or_default();
    assert_eq!(help, "Order the record as Context → Decision → Consequences.");
    // Without a help: plain patterns are names; a pattern that is not one is an error at it.
    let dir = temp_dir("order");
    let order = |sections: &str| {
        format!(
            "{PHASE}[rules.X001]\nphase = \"p\"\nweight = 1\ndetector = \"section-order\"\nsections = {sections}\n"
        )
    };
    write(
        &dir,
        "plain.toml",
        &order("[\"(?i)^context$\", \"(?i)^decision$\"]"),
    );
    let plain = rubric::load("plain.toml", &dir).unwrap_or_else(|e| panic!("{e:?}"));
    let res = engine::lint(
        "# T\n\n## Decision\n\nA.\n\n## Context\n\nB.\n",
        &plain,
        &Settings::default(),
    );
    assert_eq!(
        res.diagnostics[0].help.as_deref(),
        Some("order these sections as: context → decision")
    );
    assert_rubric_error(
        &order("[\"(?i)^context\", \"(?i)^(?:the )?decision\"]"),
        "(?:the )?decision",
        "rule X001 has no `help`, and this pattern is not a name to show",
    );
}

/// An extending rubric's `min-hits` was dropped by a hand-written merge
/// (issue 13): every key a rule sets now reaches its detector.
#[test]
fn every_key_an_extending_rubric_sets_reaches_the_detector() {
    let dir = temp_dir("min-hits");
    write(
        &dir,
        "one.toml",
        "extends = \"interview\"\n[rules.DL304]\nmin-hits = 1\n",
    );
    let one = rubric::load("one.toml", &dir).unwrap_or_else(|e| panic!("{e:?}"));
    let base = rubric::load("interview", &dir).unwrap();
    let text = "# Paste bin\n\n## Storage\n\nPastes go to S3 because they are large, immutable blobs.\n";
    let credit = |r: &rubric::Rubric| {
        let res = engine::lint(text, r, &Settings::default());
        res.score.rules.iter().find(|s| s.code == "DL304").unwrap().credit
    };
    assert!(credit(&base) < 1.0, "{}", credit(&base));
    assert_eq!(credit(&one), 1.0);
}

#[test]
fn unknown_phase_lists_the_phases() {
    assert_rubric_error(
        &format!(
            "{PHASE}[rules.X001]\nphase = \"wrapup\"\nweight = 1\ndetector = \"keywords\"\nkeywords = [\"a\"]\n"
        ),
        "phase = \"wrapup\"",
        "unknown phase `wrapup`",
    );
}

#[test]
fn an_error_in_an_extended_file_is_shown_in_that_file() {
    let dir = temp_dir("nested");
    write(
        &dir,
        "base.toml",
        "extends = \"interview\"\n[rules.DL101]\nwieght = 3\n",
    );
    write(&dir, "team.toml", "extends = \"base.toml\"\n");
    let o = bin()
        .current_dir(&dir)
        .args(["rules", "--rubric", "team.toml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains("base.toml") && e.contains("wieght = 3"), "{e}");
    // An unknown built-in is reported at the `extends` line.
    write(&dir, "typo.toml", "extends = \"interveiw\"\n");
    let o = bin()
        .current_dir(&dir)
        .args(["rules", "--rubric", "typo.toml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("unknown rubric `interveiw`") && e.contains("extends = \"interveiw\""),
        "{e}"
    );
}

// ── rules and explain, for every rubric ─────────────────────────────────────

#[test]
fn rules_and_explain_work_for_every_rubric() {
    let dir = temp_dir("every");
    write(&dir, "team.toml", &doc_example());
    let mut specs: Vec<String> = rubric::builtin_names().iter().map(|s| s.to_string()).collect();
    assert!(specs.contains(&"design-doc".to_string()) && specs.contains(&"adr".to_string()));
    specs.push("team.toml".into());
    for spec in &specs {
        let r = rubric::load(spec, &dir).unwrap_or_else(|e| panic!("{spec}: {e:?}"));
        let o = bin()
            .current_dir(&dir)
            .args(["rules", "--rubric", spec])
            .output()
            .unwrap();
        assert!(o.status.success(), "{spec}: {}", stderr(&o));
        let listing = stdout(&o);
        for rule in &r.rules {
            assert!(listing.contains(&rule.code), "{spec}: {} not listed", rule.code);
            let o = bin()
                .current_dir(&dir)
                .args(["explain", &rule.name, "--rubric", spec])
                .output()
                .unwrap();
            assert!(o.status.success(), "{spec} {}: {}", rule.code, stderr(&o));
            let text = stdout(&o);
            assert!(
                text.starts_with(&format!("# {} {}", rule.code, rule.name)),
                "{text}"
            );
            assert!(
                text.contains("## How `"),
                "{spec} {}: no detector docs",
                rule.code
            );
            if *spec != "interview" {
                for part in ["## What it does", "## Why is this bad?", "## Example"] {
                    assert!(text.contains(part), "{spec} {}: no {part}", rule.code);
                }
            }
        }
    }
}

// ── the design-doc and adr rubrics on their fixtures ────────────────────────

#[test]
fn good_design_docs_score_clearly_higher_than_weak_ones() {
    let good = total(&check_json(
        "design-doc",
        "fixtures/design-doc/good-rate-limiter-service.md",
    ));
    let weak = total(&check_json(
        "design-doc",
        "fixtures/design-doc/weak-design-doc.md",
    ));
    assert!(
        good >= 85.0 && weak <= 50.0 && good - weak >= 30.0,
        "good {good}, weak {weak}"
    );
}

#[test]
fn good_adrs_score_clearly_higher_than_weak_ones() {
    let good = total(&check_json("adr", "fixtures/adr/good-0007-use-postgres.md"));
    let weak = total(&check_json("adr", "fixtures/adr/weak-adr.md"));
    let bad_status = total(&check_json("adr", "fixtures/adr/bad-status-adr.md"));
    assert!(
        good >= 90.0 && weak <= 70.0 && good - weak >= 25.0,
        "good {good}, weak {weak}"
    );
    assert!(bad_status < good, "{bad_status}");
}

#[test]
fn a_status_outside_the_fixed_set_is_reported_at_the_value() {
    let path = "fixtures/adr/bad-status-adr.md";
    let v = check_json("adr", path);
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let d = diags
        .iter()
        .find(|d| d["code"] == "ADR002")
        .expect("ADR002 reported");
    assert!(d["message"].as_str().unwrap().contains("\"Maybe\""), "{d}");
    let text = std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap();
    let (off, len) = (
        d["span"]["offset"].as_u64().unwrap() as usize,
        d["span"]["length"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[off..off + len], "Maybe");
    // The good ADR's status passes; the weak one has none.
    let v = check_json("adr", "fixtures/adr/good-0007-use-postgres.md");
    assert!(
        !v["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "ADR002")
    );
    let v = check_json("adr", "fixtures/adr/weak-adr.md");
    let d = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "ADR002")
        .cloned();
    assert!(d.unwrap()["message"].as_str().unwrap().starts_with("No status"));
}

#[test]
fn status_is_found_in_front_matter_and_in_a_section() {
    let adr = rubric::load("adr", Path::new(ROOT)).unwrap();
    let credit = |text: &str| {
        let res = engine::lint(text, &adr, &Settings::default());
        res.score
            .rules
            .iter()
            .find(|s| s.code == "ADR002")
            .unwrap()
            .credit
    };
    assert_eq!(credit("---\ntitle: X\nstatus: accepted\n---\n# 3. Queue\n"), 1.0);
    assert_eq!(credit("+++\nstatus = \"Superseded\"\n+++\n# 3. Queue\n"), 1.0);
    assert_eq!(
        credit("# 3. Queue\n\n## Status\n\nDeprecated since ADR 9.\n"),
        1.0
    );
    assert_eq!(credit("# 3. Queue\n\n**Status:** Accepted (2024-05-01)\n"), 1.0);
    assert_eq!(credit("# 3. Queue\n\n## Status\n\nWIP\n"), 0.5);
    assert_eq!(credit("# 3. Queue\n\nSome text.\n"), 0.0);
}

#[test]
fn snapshots_of_the_fixtures_under_their_rubric() {
    for (rubric, path) in [
        ("design-doc", "fixtures/design-doc/good-rate-limiter-service.md"),
        ("design-doc", "fixtures/design-doc/weak-design-doc.md"),
        ("adr", "fixtures/adr/good-0007-use-postgres.md"),
        ("adr", "fixtures/adr/weak-adr.md"),
        ("adr", "fixtures/adr/bad-status-adr.md"),
    ] {
        let mut v = check_json(rubric, path);
        v["tool"]["version"] = "[version]".into();
        let name = Path::new(path)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        insta::assert_json_snapshot!(name, v);
    }
}

// ── which rubric a file gets ────────────────────────────────────────────────

const ADR_TEXT: &str = "# 1. Use a queue\n\nStatus: Accepted\n\n## Context\n\nOrders are slow.\n";

#[test]
fn config_overrides_pick_a_rubric_per_path() {
    let dir = temp_dir("overrides");
    write(
        &dir,
        "designlint.toml",
        "[[overrides]]\npaths = [\"docs/adr/**\"]\nrubric = \"adr\"\n",
    );
    write(&dir, "docs/adr/0001-queue.md", ADR_TEXT);
    write(&dir, "docs/design.md", "# Design\n\nSome text.\n");
    let o = bin()
        .current_dir(&dir)
        .args(["check", "--exit-zero", "--format", "json", "docs"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["files"][0]["path"], "docs/adr/0001-queue.md");
    assert!(scored_codes(&v, 0).iter().all(|c| c.starts_with("ADR")), "{v}");
    assert!(scored_codes(&v, 1).iter().all(|c| c.starts_with("DL")), "{v}");
    // --rubric on the command line wins over the overrides.
    let o = bin()
        .current_dir(&dir)
        .args([
            "check",
            "--exit-zero",
            "--format",
            "json",
            "--rubric",
            "design-doc",
            "docs",
        ])
        .output()
        .unwrap();
    let v = json(&o);
    assert!(scored_codes(&v, 0).iter().all(|c| c.starts_with("DD")), "{v}");
    assert!(scored_codes(&v, 1).iter().all(|c| c.starts_with("DD")), "{v}");
}

#[test]
fn front_matter_picks_a_rubric_per_file() {
    let dir = temp_dir("front");
    write(
        &dir,
        "designlint.toml",
        "[[overrides]]\npaths = [\"docs/adr/**\"]\nrubric = \"adr\"\n",
    );
    write(
        &dir,
        "a-yaml.md",
        &format!("---\ntitle: Queue\ndesignlint: {{ rubric: adr }}\n---\n{ADR_TEXT}"),
    );
    write(
        &dir,
        "b-block.md",
        &format!("---\ndesignlint:\n  rubric: adr\n---\n{ADR_TEXT}"),
    );
    write(
        &dir,
        "c-toml.md",
        &format!("+++\n[designlint]\nrubric = \"adr\"\n+++\n{ADR_TEXT}"),
    );
    write(&dir, "d-none.md", ADR_TEXT);
    // Front matter wins over the config's overrides.
    write(
        &dir,
        "docs/adr/e-doc.md",
        "---\ndesignlint: { rubric: design-doc }\n---\n# Design\n\nText.\n",
    );
    // A path is relative to the file.
    write(&dir, "f/team.toml", &doc_example());
    write(
        &dir,
        "f/g-file.md",
        "---\ndesignlint: { rubric: team.toml }\n---\n# Design\n\nText.\n",
    );
    let o = bin()
        .current_dir(&dir)
        .args(["check", "--exit-zero", "--format", "json", "."])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let codes = |name: &str| scored_codes(&v, paths.iter().position(|p| p.ends_with(name)).unwrap());
    for f in ["a-yaml.md", "b-block.md", "c-toml.md"] {
        assert!(
            codes(f).iter().all(|c| c.starts_with("ADR")),
            "{f}: {:?}",
            codes(f)
        );
    }
    assert!(codes("d-none.md").iter().all(|c| c.starts_with("DL")));
    assert!(
        codes("e-doc.md").iter().all(|c| c.starts_with("DD")),
        "{:?}",
        codes("e-doc.md")
    );
    assert!(codes("g-file.md").contains(&"TEAM001".to_string()));
    // --rubric on the command line wins over front matter.
    let o = bin()
        .current_dir(&dir)
        .args([
            "check",
            "--exit-zero",
            "--format",
            "json",
            "--rubric",
            "interview",
            "a-yaml.md",
        ])
        .output()
        .unwrap();
    assert!(scored_codes(&json(&o), 0).iter().all(|c| c.starts_with("DL")));
}

#[test]
fn an_unknown_rubric_in_front_matter_is_an_error_naming_the_file() {
    let dir = temp_dir("front-bad");
    write(
        &dir,
        "bad.md",
        "---\ndesignlint: { rubric: adrr }\n---\n# X\n\nText.\n",
    );
    write(&dir, "good.md", "# Y\n\nText.\n");
    let o = bin()
        .current_dir(&dir)
        .args(["check", "--format", "json", "bad.md", "good.md"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("bad.md") && e.contains("adrr") && e.contains("front matter"),
        "{e}"
    );
    // The other file is still linted.
    let v = json(&o);
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    assert_eq!(v["files"][0]["path"], "good.md");
}
