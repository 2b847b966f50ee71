//! Totals stated against the values above them: a table row labelled `Total`,
//! `Subtotal` or `Sum` against the rows above it, column by column; and after a list of
//! `label: value` lines, a `Total: value` line or a parenthesised subtotal that the next
//! step carries on (`Mirrored: (42 TB) × 2 = 84 TB`).

use std::ops::Range;

use super::eval::{Reading, Val, accept, eval_operand};
use super::fmt::fix;
use super::lex::{Rel, Tk, Token, lex};
use super::parse::{Operand, Parser, Scale};
use super::{Claim, Form, Quantity, Unit, Verdict};

/// Labels of a line or row that states a total.
const TOTAL_WORDS: [&str; 4] = ["total", "subtotal", "sum", "grand"];

/// Labels that make a list a series over time (`Daily: 3 GB`, `Yearly: 1 TB`), whose
/// values are not parts of one whole.
const PERIOD_WORDS: [&str; 9] = [
    "daily",
    "weekly",
    "monthly",
    "yearly",
    "annual",
    "annually",
    "hourly",
    "per",
    "cumulative",
];

/// Words that say a total is more than the sum of the values (`Total with buffer`,
/// `Total (3× replication)`): such a total is not checked.
const QUALIFIERS: [&str; 22] = [
    "with",
    "including",
    "incl",
    "inc",
    "plus",
    "buffer",
    "replication",
    "replicated",
    "replicas",
    "copies",
    "overhead",
    "headroom",
    "margin",
    "redundancy",
    "backup",
    "backups",
    "peak",
    "growth",
    "after",
    "before",
    "compressed",
    "per",
];

/// A total label that says the total is more than, or other than, the sum of the values
/// above: a qualifier (`with buffer`), a number (`Total (5 years)`, `Total for 3
/// regions`, `Total 3x`), a period (`Total yearly`), or a factor sign (`Total ×3`).
fn qualified(words: &str) -> bool {
    words.bytes().any(|b| b.is_ascii_digit())
        || words.contains(['×', '*'])
        || words.split(|c: char| !c.is_alphanumeric()).any(|w| {
            QUALIFIERS
                .iter()
                .chain(PERIOD_WORDS.iter())
                .any(|q| w.eq_ignore_ascii_case(q))
        })
}

/// Nothing but the value: no words after it (`~90 TB (with buffer)` is not a plain sum).
fn bare_value(text: &str, op: &Operand, end: usize) -> bool {
    text[op.core_end..end]
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '.' | ',' | ';' | '*' | '_' | ')'))
}

fn is_total_label(w: &str) -> bool {
    TOTAL_WORDS.iter().any(|t| w.eq_ignore_ascii_case(t))
}

/// One value of a sum, evaluated for both readings of `KB`.
struct Part {
    op: Operand,
    /// Value in base units with `K` = 1000 and with `K` = 1024.
    v: [f64; 2],
    dims: (i8, i8, i8, bool),
}

fn part(op: Operand) -> Option<Part> {
    if op.poison || op.percent || op.pow.is_some() {
        return None;
    }
    let bytes = matches!(op.scale, Scale::Amb { .. }).then_some(op.prefer_bytes);
    let ev = |kb: f64| -> Option<Val> {
        let r = Reading {
            kb_l: kb,
            kb_r: kb,
            ..Reading::public(0)
        };
        eval_operand(&op, &r, kb, bytes)
    };
    let (a, b) = (ev(1000.0)?, ev(1024.0)?);
    if a.v < 0.0 {
        return None;
    }
    Some(Part {
        dims: (a.bytes, a.bits, a.time, op.currency),
        v: [a.v, b.v],
        op,
    })
}

fn approx(text: &str, op: &Operand) -> bool {
    text[op.start..op.num_start].contains(['~', '∼', '～'])
}

/// A sum of `items` (each with its text) stated as `total` in `text`. `None` when the
/// values are not all of one kind, or there are fewer than two of them.
fn judge(text: &str, total: &Part, items: &[(Part, &str)], rows: bool) -> Option<Claim> {
    if items.len() < 2 || items.iter().any(|(p, _)| p.dims != total.dims) {
        return None;
    }
    let st = &total.op;
    let billion = matches!(st.scale, Scale::Amb { .. }) && !st.prefer_bytes;
    let mant = st.mantissa(billion);
    if mant <= 0.0 {
        return None;
    }
    let ax = approx(text, st);
    let disp = |v: f64, k: usize| v / (total.v[k] / mant);
    let mut right = false;
    for k in 0..2 {
        let sum: f64 = items.iter().map(|(p, _)| p.v[k]).sum();
        // the sum, or one of the values (a total carried from one line, a running total)
        right |= accept(disp(sum, k), mant, ax, false)
            || items
                .iter()
                .any(|(p, _)| accept(disp(p.v[k], k), mant, ax, false));
    }
    let sum: f64 = items.iter().map(|(p, _)| p.v[0]).sum();
    let c_disp = disp(sum, 0);
    let f = fix(text, st, c_disp, billion, 1000.0);
    let span = st.start..st.core_end;
    Some(Claim {
        span: span.clone(),
        expr_span: span.clone(),
        result_span: span.clone(),
        relation_span: span,
        computed: Quantity {
            value: sum,
            unit: unit_of(total),
        },
        stated: Quantity {
            value: total.v[0],
            unit: unit_of(total),
        },
        verdict: if right { Verdict::Correct } else { Verdict::Wrong },
        relative_error: ((mant - c_disp) / c_disp).abs(),
        fix: f,
        form: Form::Total {
            items: items
                .iter()
                .map(|(p, t)| {
                    t[p.op.start..p.op.core_end]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect(),
            rows,
        },
    })
}

fn unit_of(p: &Part) -> Unit {
    Unit {
        bytes: p.dims.0,
        bits: p.dims.1,
        time: p.dims.2,
    }
}

/// What a line of a list is.
enum Shape {
    /// `label: value`
    Item(Operand),
    /// `Total …: value`
    Total(Operand),
    /// `label: (value) × …`: a subtotal carried on to the next step
    Carried(Operand),
    Other,
}

/// Where the label of a list line ends: its first `:` or `=`, with at least one word
/// before it and no other relation. Leading list markers (`-`, `*`, `1.`) are skipped.
fn label_end(text: &str, toks: &[Token]) -> Option<(usize, usize)> {
    let mut first = 0;
    while let Some(t) = toks.get(first) {
        let marker = match t.kind {
            Tk::Sub | Tk::Add | Tk::Mul => true,
            Tk::Break => !matches!(&text[t.start..t.end], ":"),
            Tk::Num(_) => {
                first == 0
                    && toks.get(1).is_some_and(|n| {
                        (n.kind == Tk::Break && &text[n.start..n.end] == ".") || n.kind == Tk::RParen
                    })
            }
            _ => false,
        };
        if !marker {
            break;
        }
        first += if matches!(t.kind, Tk::Num(_)) { 2 } else { 1 };
    }
    let sep = (first..toks.len()).find(|&k| {
        let t = &toks[k];
        (t.kind == Tk::Break && &text[t.start..t.end] == ":") || matches!(t.kind, Tk::Rel(_))
    })?;
    if !matches!(toks[sep].kind, Tk::Break | Tk::Rel(Rel::Exact)) {
        return None;
    }
    toks[first..sep]
        .iter()
        .any(|t| t.kind == Tk::Word)
        .then_some((first, sep))
}

fn shape(text: &str, toks: &[Token]) -> Shape {
    let Some((first, sep)) = label_end(text, toks) else {
        return Shape::Other;
    };
    let label: Vec<&str> = toks[first..sep]
        .iter()
        .filter(|t| t.kind == Tk::Word)
        .map(|t| &text[t.start..t.end])
        .collect();
    if label
        .iter()
        .any(|w| PERIOD_WORDS.iter().any(|p| w.eq_ignore_ascii_case(p)))
    {
        return Shape::Other;
    }
    let total = label.first().is_some_and(|w| is_total_label(w));
    if total && qualified(&text[toks[first].start..toks[sep].start]) {
        return Shape::Other;
    }
    let p = Parser::new(text, toks);
    let n = toks.len();
    // trailing punctuation is not part of the value
    let mut end = n;
    while end > sep + 1 && toks[end - 1].kind == Tk::Break {
        end -= 1;
    }
    let k = sep + 1;
    if toks.get(k).is_some_and(|t| t.kind == Tk::LParen)
        && let Some(op) = p.operand(k + 1, n)
        && toks.get(op.end_tok).is_some_and(|t| t.kind == Tk::RParen)
    {
        let after = op.end_tok + 1;
        let carried = match toks.get(after).map(|t| t.kind) {
            Some(Tk::Mul | Tk::Div) => p.starts_operand(after + 1, n),
            Some(Tk::Word) => p.is_x_op(after, n),
            _ => false,
        };
        return if carried { Shape::Carried(op) } else { Shape::Other };
    }
    match p.operand(k, end) {
        Some(op) if op.end_tok == end && !op.poison => {
            if !total {
                Shape::Item(op)
            } else if bare_value(text, &op, text.len()) {
                Shape::Total(op)
            } else {
                Shape::Other
            }
        }
        _ => Shape::Other,
    }
}

/// Totals in a list of lines (the lines of a code block, or the items of a list):
/// claims with the index of their line.
pub(crate) fn in_lines(lines: &[&str]) -> Vec<(usize, Claim)> {
    let shapes: Vec<Shape> = lines
        .iter()
        .map(|l| {
            if l.bytes().any(|b| b.is_ascii_digit()) {
                shape(l, &lex(l))
            } else {
                Shape::Other
            }
        })
        .collect();
    let mut out = Vec::new();
    for (t, s) in shapes.iter().enumerate() {
        let (Shape::Total(op) | Shape::Carried(op)) = s else {
            continue;
        };
        let mut items = Vec::new();
        for k in (0..t).rev() {
            let Shape::Item(o) = &shapes[k] else {
                break;
            };
            match part(o.clone()) {
                Some(p) => items.push((p, lines[k])),
                None => {
                    items.clear();
                    break;
                }
            }
        }
        items.reverse();
        if let Some(total) = part(op.clone())
            && let Some(c) = judge(lines[t], &total, &items, false)
        {
            out.push((t, c));
        }
    }
    out
}

/// The byte ranges of the cells of a table row's plain text (cells joined by ` | `).
pub(crate) fn cells(row: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(k) = row[start..].find(" | ") {
        out.push(start..start + k);
        start += k + 3;
    }
    out.push(start..row.len());
    out
}

/// A cell that holds one value, and nothing else.
fn cell_value(row: &str, toks: &[Token], c: &Range<usize>) -> Option<Operand> {
    let lo = toks.partition_point(|t| t.start < c.start);
    let hi = toks.partition_point(|t| t.start < c.end);
    if lo == hi {
        return None;
    }
    let op = Parser::new(row, toks).operand(lo, hi)?;
    (op.end_tok == hi).then_some(op)
}

/// An empty cell, or a dash for nothing.
fn is_blank(cell: &str) -> bool {
    let c = cell.trim();
    c.is_empty() || matches!(c, "-" | "—" | "–" | "n/a" | "N/A")
}

/// Totals in a table (its rows' plain texts, the header first): claims with the index of
/// their row.
pub(crate) fn in_table(rows: &[&str]) -> Vec<(usize, Claim)> {
    let Some(header) = rows.first() else {
        return Vec::new();
    };
    let ncols = cells(header).len();
    let parsed: Vec<(Vec<Range<usize>>, Vec<Token>)> = rows.iter().map(|r| (cells(r), lex(r))).collect();
    let is_total = |r: usize| {
        let (cs, _) = &parsed[r];
        rows[r][cs[0].clone()]
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .is_some_and(is_total_label)
    };
    let mut out = Vec::new();
    for r in 1..rows.len() {
        if !is_total(r) || parsed[r].0.len() != ncols || qualified(&rows[r][parsed[r].0[0].clone()]) {
            continue;
        }
        // the rows since the last total row, and all the rows that are not totals
        let since = (1..r).rev().find(|&k| is_total(k)).map_or(1, |k| k + 1);
        let scopes: Vec<Vec<usize>> = {
            let a: Vec<usize> = (since..r).collect();
            let b: Vec<usize> = (1..r).filter(|&k| !is_total(k)).collect();
            if a == b { vec![a] } else { vec![a, b] }
        };
        for c in 1..ncols {
            let (cs, toks) = &parsed[r];
            let Some(total) = cell_value(rows[r], toks, &cs[c])
                .filter(|op| bare_value(rows[r], op, cs[c].end))
                .and_then(part)
            else {
                continue;
            };
            let mut claim: Option<Claim> = None;
            for scope in &scopes {
                let mut items = Vec::new();
                let ok = scope.iter().all(|&k| {
                    let (cs, toks) = &parsed[k];
                    if cs.len() != ncols {
                        return false;
                    }
                    if is_blank(&rows[k][cs[c].clone()]) {
                        return true;
                    }
                    match cell_value(rows[k], toks, &cs[c]).and_then(part) {
                        Some(p) => {
                            items.push((p, rows[k]));
                            true
                        }
                        None => false,
                    }
                });
                if !ok {
                    continue;
                }
                let Some(j) = judge(rows[r], &total, &items, true) else {
                    continue;
                };
                let right = j.verdict == Verdict::Correct;
                if claim.is_none() || right {
                    claim = Some(j);
                }
                if right {
                    break;
                }
            }
            if let Some(j) = claim {
                out.push((r, j));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Verdict, check_lines, check_table};

    fn table(rows: &[&str]) -> Vec<(usize, Verdict)> {
        check_table(rows)
            .into_iter()
            .map(|(r, c)| (r, c.verdict))
            .collect()
    }

    fn lines(ls: &[&str]) -> Vec<(usize, Verdict)> {
        check_lines(ls).into_iter().map(|(r, c)| (r, c.verdict)).collect()
    }

    #[test]
    fn table_column_totals() {
        let right = [
            "Data | Per day | Per year",
            "Photos | 40 TB | 14.6 PB",
            "Videos | 100 TB | 36.5 PB",
            "Metadata | 2 TB | -",
            "Total | 142 TB | 51.1 PB",
        ];
        assert_eq!(table(&right), vec![(4, Verdict::Correct), (4, Verdict::Correct)]);
        let wrong = [
            "Data | Per day",
            "Photos | 40 TB",
            "Videos | 100 TB",
            "Metadata | 2 TB",
            "Total | 182 TB",
        ];
        let found = check_table(&wrong);
        assert_eq!(found.len(), 1);
        let (r, c) = &found[0];
        assert_eq!((*r, c.verdict.clone()), (4, Verdict::Wrong));
        assert_eq!(
            c.message(wrong[4]),
            "the 3 rows above add up to 142 TB, not `182 TB`"
        );
        assert_eq!(c.help(wrong[4]), "40 TB + 100 TB + 2 TB = 142 TB; write `142 TB`");
    }

    #[test]
    fn kilobytes_either_way_and_subtotals() {
        // 1,024 MB to a GB: 3 × 512 MB is 1.5 GB either way
        assert_eq!(
            table(&[
                "Part | Size",
                "a | 512 MB",
                "b | 512 MB",
                "c | 512 MB",
                "Total | 1.5 GB"
            ]),
            vec![(4, Verdict::Correct)]
        );
        // a subtotal row, then a total of the rows since it or of all the parts
        let rows = [
            "Cost | Monthly",
            "Compute | $9,000",
            "Storage | $3,000",
            "Subtotal | $12,000",
            "Egress | $6,000",
            "Total | $18,000",
        ];
        assert_eq!(table(&rows), vec![(3, Verdict::Correct), (5, Verdict::Correct)]);
    }

    #[test]
    fn totals_that_are_more_than_a_sum_are_not_checked() {
        for label in [
            "Total with 3× replication",
            "Total (incl. buffer)",
            "Total per user",
            "Total (5 years)",
            "Total for 3 regions",
            "Total yearly",
        ] {
            let rows = [
                "Item | Size",
                "a | 10 GB",
                "b | 20 GB",
                &format!("{label} | 90 GB"),
            ];
            assert_eq!(table(&rows), vec![], "{label}");
        }
        // the values are of different kinds
        assert_eq!(
            table(&["Item | Value", "Users | 10M", "Storage | 20 GB", "Total | 30"]),
            vec![]
        );
    }

    #[test]
    fn list_totals() {
        let ls = ["Users: 5 GB", "Posts: 300 GB", "Media: 80 TB", "Total: 80.3 TB"];
        assert_eq!(lines(&ls), vec![(3, Verdict::Correct)]);
        let ls = [
            "- Users: 5 GB",
            "- Posts: 300 GB",
            "- Media: 80 TB",
            "- Total: 50 TB",
        ];
        assert_eq!(lines(&ls), vec![(3, Verdict::Wrong)]);
        // a subtotal carried on to the next step: `(sum) × copies`
        let ls = [
            "Users: 5 GB",
            "Posts: 300 GB",
            "Media: 80 TB",
            "Mirrored: (50 TB) × 2 = 100 TB",
        ];
        let found = check_lines(&ls);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1.verdict, Verdict::Wrong);
        assert_eq!(
            found[0].1.message(ls[3]),
            "the 3 values above add up to about 80.3 TB, not `50 TB`"
        );
        let ls = [
            "Users: 5 GB",
            "Posts: 300 GB",
            "Media: 80 TB",
            "Mirrored: (80 TB) × 2 = 160 TB",
        ];
        assert_eq!(lines(&ls), vec![(3, Verdict::Correct)]);
    }

    #[test]
    fn series_and_qualified_totals_are_not_sums() {
        // values over time are not parts of one whole
        assert_eq!(
            lines(&["Daily: 3 GB", "Monthly: 90 GB", "Yearly: 1.1 TB", "Total: 2 TB"]),
            vec![]
        );
        assert_eq!(
            lines(&["Text: 1 GB", "Images: 9 GB", "Total with replicas: 30 GB"]),
            vec![]
        );
        assert_eq!(
            lines(&["Text: 1 GB", "Images: 9 GB", "Total: ~30 GB (3 copies)"]),
            vec![]
        );
        assert_eq!(
            lines(&["Text: 1 GB", "Images: 9 GB", "Total (3 years): 30 GB"]),
            vec![]
        );
        // a single value above is not a sum
        assert_eq!(lines(&["Text: 1 GB", "Total: 3 GB"]), vec![]);
    }
}
