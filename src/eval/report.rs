//! The two forms of an `eval` result: a report for people and JSON.

use std::fmt::Write as _;

use super::{Disagreement, Mark, Outcome, Rate};

fn pct(r: &Rate) -> String {
    if r.n == 0 {
        "–".into()
    } else {
        format!("{:.0} % ({}/{})", r.value() * 100.0, r.hits, r.n)
    }
}

/// The report for people: the headline figures, per-rule agreement, then
/// every disagreement with its file, rule, credit and evidence.
pub fn human(o: &Outcome) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "designlint eval: the `{}` rubric against {} labelled documents\n",
        o.rubric, o.n
    );
    let _ = writeln!(s, "| figure | value |");
    let _ = writeln!(s, "|---|---|");
    let _ = writeln!(s, "| Spearman ρ between tier and score | {:.2} |", o.spearman);
    let _ = writeln!(s, "| scores inside the labelled band | {} |", pct(&o.bands_hit));
    let _ = writeln!(
        s,
        "| off-topic documents under 20 | {} |",
        pct(&o.offtopic_under_20)
    );
    let _ = writeln!(
        s,
        "| rule labelled present, credited ≥ 0.6 | {} |",
        pct(&o.present_credited)
    );
    let _ = writeln!(
        s,
        "| rule labelled absent, credited ≤ 0.4 | {} |",
        pct(&o.absent_uncredited)
    );
    let f = &o.findings;
    let _ = writeln!(
        s,
        "| findings caught / false alarms | {} of {} / {} of {} clean |",
        f.caught, f.planted, f.false_alarms, f.clean
    );
    let a = &o.arithmetic;
    let _ = writeln!(
        s,
        "| wrong arithmetic claims caught / right ones flagged | {} of {} / {} of {} |",
        a.caught, a.wrong, a.false_alarms, a.right
    );
    for k in &o.kinds {
        let _ = writeln!(
            s,
            "| mean score of `{}` documents ({}) | {:.1} |",
            k.kind, k.n, k.mean
        );
    }
    let _ = writeln!(s, "\n| rule | name | present, credited | absent, not credited |");
    let _ = writeln!(s, "|---|---|---|---|");
    for r in &o.rules {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            r.code,
            r.name,
            pct(&r.present_credited),
            pct(&r.absent_uncredited)
        );
    }
    if !o.findings_by_rule.is_empty() {
        let _ = writeln!(s, "\n| finding | caught | false alarms |");
        let _ = writeln!(s, "|---|---|---|");
        for f in &o.findings_by_rule {
            let _ = writeln!(
                s,
                "| {} | {} of {} | {} of {} clean |",
                f.code, f.caught, f.planted, f.false_alarms, f.clean
            );
        }
    }
    let _ = writeln!(s, "\n| document | tier | score | band |");
    let _ = writeln!(s, "|---|---|---|---|");
    for d in &o.scores {
        let mark = if d.score < d.min || d.score > d.max {
            " ✗"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "| {} | {} | {:.1}{mark} | {:.0}–{:.0} |",
            d.file, d.tier, d.score, d.min, d.max
        );
    }
    if let Some(c) = &o.coherence {
        s.push_str(&super::coherence::human(c));
    }
    if !o.disagreements.is_empty() {
        let _ = writeln!(s, "\nDisagreements ({}):", o.disagreements.len());
    }
    for d in &o.disagreements {
        match d {
            Disagreement::Band {
                file,
                tier,
                score,
                min,
                max,
            } => {
                let _ = writeln!(
                    s,
                    "- {file}: score {score:.1} is outside the band {min:.0}–{max:.0} of a {tier} write-up"
                );
            }
            Disagreement::Rule {
                file,
                code,
                label,
                credit,
                evidence,
            } => {
                let want = match label {
                    Mark::Present => "present, so ≥ 0.6",
                    _ => "absent, so ≤ 0.4",
                };
                let _ = writeln!(s, "- {file}: {code} credit {credit:.2}, labelled {want}");
                for e in evidence {
                    let _ = writeln!(s, "    line {}: {} — {}", e.line, e.strength, e.note);
                }
            }
            Disagreement::Finding {
                file,
                code,
                labelled,
                reported,
                lines,
            } => {
                if *labelled == 0 {
                    let l: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                    let _ = writeln!(
                        s,
                        "- {file}: {code} reported {reported}× (line {}), labelled clean",
                        l.join(", ")
                    );
                } else {
                    let _ = writeln!(s, "- {file}: {code} not reported, labelled {labelled}×");
                }
            }
            Disagreement::Arithmetic {
                file,
                line,
                claim,
                correct,
                ..
            } => {
                if *correct {
                    let _ = writeln!(s, "- {file}:{line}: DL105 flags a right claim: {claim}");
                } else {
                    let _ = writeln!(s, "- {file}:{line}: DL105 misses a wrong claim: {claim}");
                }
            }
        }
    }
    s
}

/// The JSON form: rates as fractions 0–1 with their counts.
pub fn json(o: &Outcome) -> serde_json::Value {
    use serde_json::json;
    let rate = |r: &Rate| json!(round3(r.value()));
    json!({
        "rubric": o.rubric,
        "n": o.n,
        "spearman": round3(o.spearman),
        "bands_hit": rate(&o.bands_hit),
        "bands_hit_count": o.bands_hit.hits,
        "offtopic_under_20": rate(&o.offtopic_under_20),
        "present_credited": rate(&o.present_credited),
        "absent_uncredited": rate(&o.absent_uncredited),
        "rules": o.rules.iter().map(|r| json!({
            "code": r.code,
            "name": r.name,
            "present_credited": rate(&r.present_credited),
            "absent_uncredited": rate(&r.absent_uncredited),
            "n_present": r.present_credited.n,
            "n_absent": r.absent_uncredited.n,
        })).collect::<Vec<_>>(),
        "findings": o.findings,
        "findings_by_rule": o.findings_by_rule,
        "arithmetic": o.arithmetic,
        "kinds": o.kinds,
        "scores": o.scores,
        "disagreements": o.disagreements,
        "coherence": o.coherence.as_ref().map(super::coherence::json),
    })
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
