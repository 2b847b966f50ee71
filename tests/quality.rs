//! Score quality: the score orders write-ups as a reviewer would, moves the
//! right way when a part is deleted, ignores formatting, and is fair to a
//! write-up without headings.

use std::path::Path;

use designlint::document::Document;
use designlint::engine::{self, Settings};
use designlint::rubric::{self, Rubric};

fn rubric() -> Rubric {
    rubric::load("interview", Path::new(".")).unwrap()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new("fixtures/interview").join(name)).unwrap()
}

fn score(r: &Rubric, text: &str) -> f64 {
    engine::lint(text, r, &Settings::default()).score.total
}

#[test]
fn scores_follow_the_reviewers_ranking() {
    let r = rubric();
    let tsv = std::fs::read_to_string("fixtures/interview/quality.tsv").unwrap();
    let mut rows: Vec<(String, u32, f64)> = Vec::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let rank: u32 = cols[1].parse().unwrap();
        rows.push((cols[0].to_string(), rank, score(&r, &fixture(cols[0]))));
    }
    for (f, _, s) in &rows {
        eprintln!("{s:>5.1}  {f}");
    }
    // Clearly different quality (ranks two or more apart): same order.
    for a in &rows {
        for b in &rows {
            if a.1 + 2 <= b.1 {
                assert!(
                    a.2 > b.2,
                    "{} (rank {}, {}) should score above {} (rank {}, {})",
                    a.0,
                    a.1,
                    a.2,
                    b.0,
                    b.1,
                    b.2
                );
            }
        }
    }
    for (f, _, s) in &rows {
        if f.starts_with("offtopic") {
            assert!(*s < 20.0, "off-topic {f} scored {s}");
        }
        if f.starts_with("strong") {
            assert!(*s >= 85.0, "strong {f} scored {s}");
        }
    }
}

/// Remove the section whose heading contains `title` (with its subsections).
fn without_section(text: &str, title: &str) -> String {
    let arena = designlint::document::Arena::new();
    let doc = Document::parse(text, &arena);
    let i = (1..doc.sections.len())
        .find(|&i| {
            doc.sections[i]
                .title
                .to_lowercase()
                .contains(&title.to_lowercase())
        })
        .unwrap_or_else(|| panic!("no section {title}"));
    let s = &doc.sections[i];
    let end = if s.subtree_end < doc.sections.len() {
        doc.sections[s.subtree_end].span.start
    } else {
        text.len()
    };
    format!("{}{}", &text[..s.span.start], &text[end..])
}

#[test]
fn deleting_a_part_lowers_the_score_and_raises_its_rule() {
    let r = rubric();
    let text = fixture("strong-url-shortener.md");
    let full = engine::lint(&text, &r, &Settings::default());
    let cases = [
        ("Functional", "DL101"),
        ("Non-functional", "DL102"),
        ("Capacity", "DL104"),
        ("Data model", "DL201"),
        ("API", "DL202"),
        ("High-level design", "DL204"),
        ("Deep dive", "DL301"),
        ("Bottlenecks", "DL401"),
        ("Failure", "DL402"),
        ("Scaling", "DL403"),
        ("Operations", "DL404"),
        ("Security", "DL405"),
        ("Wrap-up", "DL406"),
    ];
    let mut failures = Vec::new();
    for (title, code) in cases {
        let cut = without_section(&text, title);
        let res = engine::lint(&cut, &r, &Settings::default());
        let before = full.score.rules.iter().find(|x| x.code == code).unwrap().credit;
        let after = res.score.rules.iter().find(|x| x.code == code).unwrap().credit;
        if !(res.score.total < full.score.total
            && after < before
            && res.diagnostics.iter().any(|d| d.code == code))
        {
            failures.push(format!(
                "deleting {title}: score {} → {}, {code} credit {before} → {after}",
                full.score.total, res.score.total
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn adding_a_missing_part_raises_the_score() {
    let r = rubric();
    let text = fixture("medium-pastebin.md");
    let before = score(&r, &text);
    let added = format!(
        "{text}\n## Operations\n\nWe watch QPS, p99 latency and the 5xx rate on dashboards per endpoint, page the on-call \
         engineer when the error rate stays above 1% for five minutes, and roll out every change as a canary to 1% of \
         traffic before the rest, with a feature flag to roll back.\n"
    );
    assert!(score(&r, &added) > before);
}

fn reformat_variants(text: &str) -> Vec<(&'static str, String)> {
    let deeper: String = text
        .lines()
        .map(|l| {
            if l.starts_with("##") {
                format!("#{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let stars: String = text
        .lines()
        .map(|l| match l.strip_prefix("- ") {
            Some(rest) => format!("* {rest}"),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let underscores = text.replace("**", "__");
    // Re-wrap: join the lines of each plain paragraph into one.
    let mut unwrapped = String::new();
    let mut in_code = false;
    let mut prev_plain = false;
    for l in text.lines() {
        if l.starts_with("```") {
            in_code = !in_code;
        }
        let plain = !in_code
            && !l.trim().is_empty()
            && !l.starts_with(['#', '-', '*', '|', '>', ' ', '`', '<', '!'])
            && !l.chars().next().unwrap().is_ascii_digit();
        if plain && prev_plain {
            unwrapped.pop();
            unwrapped.push(' ');
        }
        unwrapped.push_str(l);
        unwrapped.push('\n');
        prev_plain = plain;
    }
    let crlf = text.replace('\n', "\r\n");
    vec![
        ("heading levels", deeper),
        ("list markers", stars),
        ("emphasis", underscores),
        ("wrapping", unwrapped),
        ("CRLF", crlf),
    ]
}

#[test]
fn formatting_does_not_change_the_score() {
    let r = rubric();
    let mut failures = Vec::new();
    for name in [
        "strong-url-shortener.md",
        "strong-chat-unusual-headings.md",
        "medium-pastebin.md",
        "weak-jumps-to-solution.md",
    ] {
        let text = fixture(name);
        let base = score(&r, &text);
        for (what, v) in reformat_variants(&text) {
            let s = score(&r, &v);
            if s != base {
                failures.push(format!("{name}: changing {what} changed the score {base} → {s}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_write_up_without_headings_is_scored_on_its_content() {
    let r = rubric();
    assert!(score(&r, &fixture("good-no-headings.md")) >= 70.0);
    // The strong write-up with every heading turned into a plain sentence.
    let text = fixture("strong-url-shortener.md");
    let flat: String = text
        .lines()
        .map(|l| {
            if l.starts_with('#') {
                format!("{}.", l.trim_start_matches('#').trim())
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let (a, b) = (score(&r, &text), score(&r, &flat));
    assert!(b >= a - 15.0 && b >= 75.0, "headings stripped: {b} vs {a}");
}

#[test]
fn a_schema_in_a_code_block_is_a_data_model() {
    let r = rubric();
    let text = "# Design a URL shortener\n\n## Data model\n\n```sql\nCREATE TABLE urls (\n  short_code VARCHAR(7) PRIMARY KEY,\n  long_url TEXT NOT NULL,\n  user_id BIGINT REFERENCES users(id),\n  created_at TIMESTAMP\n);\n```\n";
    let res = engine::lint(text, &r, &Settings::default());
    let dl201 = res.score.rules.iter().find(|x| x.code == "DL201").unwrap();
    assert_eq!(dl201.credit, 1.0);
    // The same heading over a placeholder earns nothing.
    let empty = "# Design a URL shortener\n\n## Data model\n\nTBD\n";
    let res = engine::lint(empty, &r, &Settings::default());
    assert_eq!(
        res.score.rules.iter().find(|x| x.code == "DL201").unwrap().credit,
        0.0
    );
}

#[test]
fn a_label_is_a_heading_in_a_write_up_without_headings() {
    let r = rubric();
    let credit = |text: &str| {
        let res = engine::lint(text, &r, &Settings::default());
        res.score.rules.iter().find(|x| x.code == "DL404").unwrap().credit
    };
    // Operations described without the rule's keywords: only the label says what this is.
    let labelled = "Design a crawler.\n\nOperations: a weekly review of crawl health, a runbook for each way a \
                    fetch can break, and new parsers released to one region for a day before the others, so \
                    that a bad parser is caught early.\n";
    let unlabelled = labelled.replace("Operations: a", "A");
    assert!(
        credit(labelled) > credit(&unlabelled),
        "{} vs {}",
        credit(labelled),
        credit(&unlabelled)
    );
}

/// A labelled paragraph stands where a heading would in a write-up with fewer
/// than three headings (a title and a section or two), and the `keywords`
/// docs say so; with three headings, "Operations: …" is an item of some
/// other section.
#[test]
fn labels_stand_for_headings_below_three_headings_as_documented() {
    let r = rubric();
    let dl404 = |text: &str| credit(&r, text, "DL404");
    let labelled = "Operations: a weekly review of crawl health, a runbook for each way a fetch can break, \
                    and new parsers released to one region for a day before the others, so that a bad \
                    parser is caught early.";
    let unlabelled = labelled.replace("Operations: a", "A");
    let two = |body: &str| format!("# Design a crawler\n\n## Notes\n\n{body}\n");
    let three =
        |body: &str| format!("# Design a crawler\n\n## Scope\n\nThe public web.\n\n## Notes\n\n{body}\n");
    assert!(dl404(&two(labelled)) > dl404(&two(&unlabelled)));
    assert_eq!(dl404(&three(labelled)), dl404(&three(&unlabelled)));
    let docs = designlint::rules::detector_docs("keywords").unwrap();
    let words = docs.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("in a write-up with fewer than three headings"),
        "the keywords docs say where a label stands for a heading:\n{docs}"
    );
}

// ── Substance, not mention ──────────────────────────────────────────────────

fn substance(name: &str) -> String {
    std::fs::read_to_string(Path::new("fixtures/substance").join(name)).unwrap()
}

fn credit(r: &Rubric, text: &str, code: &str) -> f64 {
    engine::lint(text, r, &Settings::default())
        .score
        .rules
        .iter()
        .find(|x| x.code == code)
        .unwrap_or_else(|| panic!("no {code}"))
        .credit
}

/// Every fixture write-up, by name.
fn write_ups() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["fixtures/interview", "fixtures/substance"] {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        names.sort();
        for p in names {
            out.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
        }
    }
    out
}

#[test]
fn an_empty_heading_never_raises_a_score() {
    let r = rubric();
    let headings = [
        "## Trade-offs",
        "## Deep dive",
        "## Bottlenecks",
        "## Failure handling",
        "## Monitoring and alerting",
        "## Security",
        "## Wrap-up",
        "## Alternatives considered",
        "## Data model",
        "## API",
    ];
    let mut failures = Vec::new();
    for (name, text) in write_ups() {
        let before = score(&r, &text);
        for h in headings {
            let after = score(&r, &format!("{text}\n\n{h}\n"));
            if after > before {
                failures.push(format!("{name}: `{h}` at the end raised {before} to {after}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn titling_content_that_is_already_there_moves_the_score_by_at_most_a_point() {
    let r = rubric();
    // The comparison of rendering times sits in the "Key decisions" part; a
    // heading that names it changes nothing a reviewer would credit.
    let text = substance("forms-of-reasoning.md");
    let titled = text.replace(
        "### Template rendering: at send time or at enqueue time",
        "### Alternatives and tradeoffs\n\n#### Template rendering: at send time or at enqueue time",
    );
    assert_ne!(text, titled);
    let (a, b) = (score(&r, &text), score(&r, &titled));
    assert!((a - b).abs() <= 1.0, "{a} → {b}");
    // The same in the strong write-up: its deep dive already compares three approaches.
    let text = fixture("strong-url-shortener.md");
    let titled = text.replacen(
        "## Deep dive:",
        "## Alternatives and tradeoffs in the deep dive:",
        1,
    );
    assert_ne!(text, titled);
    let (a, b) = (score(&r, &text), score(&r, &titled));
    assert!((a - b).abs() <= 1.0, "{a} → {b}");
}

#[test]
fn contents_tips_and_links_earn_nothing() {
    let r = rubric();
    let extras = "\n## Table of contents\n\n- [Requirements](#requirements)\n- [Capacity estimates](#capacity-estimates)\n\
                  - [Deep dive](#deep-dive)\n\n## Interview tips\n\n- Ask your interviewer about the read to write ratio.\n\
                  - Always mention trade-offs, bottlenecks and failure handling before you are asked.\n\n\
                  ## Further reading\n\n- [Consistent hashing](https://en.wikipedia.org/wiki/Consistent_hashing)\n\
                  - [Rate limiting](https://en.wikipedia.org/wiki/Rate_limiting)\n";
    let mut failures = Vec::new();
    for name in [
        "strong-url-shortener.md",
        "medium-pastebin.md",
        "weak-outline-only.md",
    ] {
        let text = fixture(name);
        let (a, b) = (score(&r, &text), score(&r, &format!("{text}{extras}")));
        // Deleting them never lowers the score. (Five links to chapters make
        // the page an index, whose lists count as mentions: adding them can
        // lower it.)
        if b > a {
            failures.push(format!(
                "{name}: {a} without, {b} with a contents list, tips and links"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn mentions_are_not_coverage() {
    let r = rubric();
    let text = substance("mentions-only.md");
    let mut credited = Vec::new();
    // (Operations only asks to be named: "Metrics" and "Alerts" under its own
    // heading are a partial answer, not a mention, and are left out here.)
    for code in [
        "DL201", "DL207", "DL301", "DL302", "DL303", "DL304", "DL401", "DL402",
    ] {
        let c = credit(&r, &text, code);
        if c > 0.4 {
            credited.push(format!("{code} {c}"));
        }
    }
    assert!(
        credited.is_empty(),
        "named only, yet credited: {}",
        credited.join(", ")
    );
    assert!(score(&r, &text) < 35.0, "{}", score(&r, &text));
}

#[test]
fn reasoning_in_ordinary_forms_is_credited() {
    let r = rubric();
    let text = substance("forms-of-reasoning.md");
    let mut missed = Vec::new();
    // An API as a table, a flow told in prose, "X over Y — reason:", a "Why …?"
    // question over a list, a downside in prose, pros and cons lists, "Key takeaways".
    for code in ["DL202", "DL206", "DL302", "DL303", "DL304", "DL406"] {
        let c = credit(&r, &text, code);
        if c < 0.6 {
            missed.push(format!("{code} {c}"));
        }
    }
    assert!(
        missed.is_empty(),
        "written out, yet not credited: {}",
        missed.join(", ")
    );
}

#[test]
fn an_overview_page_is_scored_on_its_own_content() {
    let r = rubric();
    let text = substance("overview-index.md");
    let res = engine::lint(&text, &r, &Settings::default());
    let d = res.diagnostics.iter().find(|d| d.code == "DL507").expect("DL507");
    assert!(d.message.contains("overview page"), "{}", d.message);
    assert_eq!(d.severity, designlint::rules::Severity::Info);
    // Its objectives name requirements, numbers, trade-offs and failure
    // handling; none of them is the page's own design.
    for code in ["DL101", "DL102", "DL106", "DL303", "DL402"] {
        let c = credit(&r, &text, code);
        assert!(c <= 0.4, "{code} credited {c} from objectives and links");
    }
    assert!(res.score.total < 20.0, "{}", res.score.total);
}

#[test]
fn a_guide_about_interviews_scores_as_a_guide() {
    let r = rubric();
    let res = engine::lint(&substance("guide-interview-tips.md"), &r, &Settings::default());
    let d = res.diagnostics.iter().find(|d| d.code == "DL507").expect("DL507");
    assert!(d.message.contains("guide"), "{}", d.message);
    assert!(res.score.total <= 15.0, "{}", res.score.total);
    // Every write-up of the fixtures is a write-up.
    for (name, text) in write_ups() {
        if name.contains("guide") || name.contains("overview") {
            continue;
        }
        let res = engine::lint(&text, &r, &Settings::default());
        assert!(
            !res.diagnostics.iter().any(|d| d.code == "DL507"),
            "{name} is not a write-up?"
        );
    }
}
