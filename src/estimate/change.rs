//! Ratio and percentage-change claims: two values of one quantity, written as a change
//! (`200 ms → 10 ms`, `from 10K to 40K`, `10 ms vs 100 ms`, or two cells of a table row),
//! and the factor or percentage the text says lies between them (`20× faster`,
//! `93 % savings`, `reduced by 70 %`).

use std::ops::Range;

use super::eval::{Reading, accept, eval_operand};
use super::fmt::{Fix, fmt_sig, round3};
use super::lex::{Rel, Tk, Token, lex};
use super::parse::{Operand, Parser, Scale};
use super::{Claim, Form, Quantity, Unit, Verdict};

/// Comparatives that make `N×` a statement about two values (`10× faster`).
const FACTOR_WORDS: [&str; 22] = [
    "more",
    "less",
    "lower",
    "higher",
    "faster",
    "slower",
    "quicker",
    "fewer",
    "cheaper",
    "smaller",
    "larger",
    "bigger",
    "greater",
    "improvement",
    "reduction",
    "increase",
    "decrease",
    "speedup",
    "growth",
    "drop",
    "shorter",
    "longer",
];

/// Words that make `P%` a change between two values (`70% savings`, `80% reduction`).
const CHANGE_WORDS: [&str; 22] = [
    "saving",
    "savings",
    "reduction",
    "decrease",
    "drop",
    "cut",
    "less",
    "lower",
    "fewer",
    "cheaper",
    "smaller",
    "faster",
    "slower",
    "shorter",
    "improvement",
    "increase",
    "growth",
    "more",
    "higher",
    "larger",
    "bigger",
    "gain",
];

/// Verbs of a change before `by P%` (`cuts the bill by 70%`).
const CHANGE_VERBS: [&str; 24] = [
    "reduce",
    "reduces",
    "reduced",
    "reducing",
    "cut",
    "cuts",
    "cutting",
    "lower",
    "lowers",
    "lowered",
    "decrease",
    "decreases",
    "decreased",
    "increase",
    "increases",
    "increased",
    "improve",
    "improves",
    "improved",
    "save",
    "saves",
    "saved",
    "drops",
    "dropped",
];

/// After a comparative, a word that says another property is compared, not the two
/// values (`10× more expensive (100 ms → 10 ms)` is about money, not latency).
const OTHER_PROPERTY: [&str; 20] = [
    "expensive",
    "costly",
    "complex",
    "complicated",
    "reliable",
    "available",
    "efficient",
    "scalable",
    "secure",
    "consistent",
    "durable",
    "difficult",
    "likely",
    "resilient",
    "robust",
    "accurate",
    "flexible",
    "maintainable",
    "effort",
    "work",
];

/// Words that say the percentages are availabilities whose complements are compared.
const DOWNTIME_WORDS: [&str; 6] = [
    "downtime",
    "unavailability",
    "outage",
    "outages",
    "failures",
    "errors",
];

/// What a word says the compared values measure, when it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Measure {
    Time,
    Bytes,
    Money,
    Rate,
}

fn measure_of(w: &str) -> Option<Measure> {
    let lw = w.to_ascii_lowercase();
    Some(match lw.as_str() {
        "latency" | "latencies" | "time" | "times" | "delay" | "delays" | "response" | "responses"
        | "faster" | "slower" | "quicker" | "shorter" | "longer" => Measure::Time,
        "storage" | "memory" | "disk" | "space" | "bandwidth" | "egress" | "ingress" => Measure::Bytes,
        "cost" | "costs" | "cheaper" | "price" | "prices" | "spend" | "bill" | "savings" | "saving" => {
            Measure::Money
        }
        "throughput" | "qps" | "rps" | "tps" | "requests" | "writes" | "reads" => Measure::Rate,
        _ => return None,
    })
}

fn is_one_of(w: &str, list: &[&str]) -> bool {
    list.iter().any(|x| w.eq_ignore_ascii_case(x))
}

/// `N×` or `P%` and the words that say what changed.
#[derive(Debug, Clone)]
struct Statement {
    /// Tokens `[first, last)`.
    first: usize,
    last: usize,
    /// Bytes of the statement, from its number (or verb) to its last word.
    span: Range<usize>,
    /// The number as written and its byte range.
    value: f64,
    num: Range<usize>,
    /// `N×` (else `P%`).
    factor: bool,
    approx: bool,
    /// The words say what is measured (`latency`, `cost`), when they do.
    measures: Vec<Measure>,
    /// The words mention downtime: percentages are availabilities.
    downtime: bool,
    /// The words say another property is compared (`more expensive`).
    other: bool,
}

fn word<'a>(text: &'a str, t: &Token) -> Option<&'a str> {
    (t.kind == Tk::Word).then(|| &text[t.start..t.end])
}

/// Words following token `k` up to a non-word, at most `n`.
fn words_after<'a>(text: &'a str, toks: &[Token], k: usize, n: usize) -> Vec<(usize, &'a str)> {
    toks.iter()
        .enumerate()
        .skip(k)
        .take(n)
        .map_while(|(i, t)| word(text, t).map(|w| (i, w)))
        .collect()
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_operator(t: &Token) -> bool {
    matches!(t.kind, Tk::Mul | Tk::Star | Tk::Div | Tk::Add | Tk::Sub | Tk::Pow)
}

/// A number at token `i`, after an optional `~`: (approximate, its token, value).
fn number_at(toks: &[Token], i: usize) -> Option<(bool, usize, f64)> {
    let (approx, n) = match toks.get(i)?.kind {
        Tk::Tilde => (true, i + 1),
        _ => (false, i),
    };
    match toks.get(n)?.kind {
        Tk::Num(v) => Some((approx, n, v)),
        _ => None,
    }
}

/// Token `i` follows an operator that follows an operand: it is inside an expression
/// (a list marker `- ` at the start of a line is not an operator).
fn after_operator(toks: &[Token], i: usize) -> bool {
    i >= 2 && is_operator(&toks[i - 1]) && toks[i - 2].is_operand_end()
}

/// Fill in what the words of a statement (and a few after it) say.
fn describe(text: &str, toks: &[Token], s: &mut Statement, words_from: usize) {
    for (_, w) in words_after(text, toks, words_from, 4) {
        if let Some(m) = measure_of(w) {
            s.measures.push(m);
        }
        s.downtime |= is_one_of(w, &DOWNTIME_WORDS);
        s.other |= is_one_of(w, &OTHER_PROPERTY);
    }
}

/// A factor statement at token `i`: `10×`/`10x`/`10 times` and a comparative.
fn factor_at(text: &str, toks: &[Token], i: usize) -> Option<Statement> {
    let (approx, n, v) = number_at(toks, i)?;
    if after_operator(toks, n) {
        return None;
    }
    let x = toks.get(n + 1)?;
    let is_x = match x.kind {
        Tk::Mul => true,
        Tk::Word => matches!(&text[x.start..x.end], "x" | "X" | "times"),
        _ => false,
    };
    if !is_x {
        return None;
    }
    let cmp = toks.get(n + 2)?;
    let cw = word(text, cmp)?;
    if !is_one_of(cw, &FACTOR_WORDS) {
        return None;
    }
    let mut s = Statement {
        first: i,
        last: n + 3,
        span: toks[i].start..cmp.end,
        value: v,
        num: toks[n].start..toks[n].end,
        factor: true,
        approx,
        measures: Vec::new(),
        downtime: false,
        other: false,
    };
    describe(text, toks, &mut s, n + 2);
    Some(s)
}

/// A percentage statement at token `i`: `70% savings`, `70% cost reduction`.
fn percent_at(text: &str, toks: &[Token], i: usize) -> Option<Statement> {
    let (approx, n, v) = number_at(toks, i)?;
    if after_operator(toks, n) {
        return None;
    }
    let pct = toks.get(n + 1)?;
    let is_pct = pct.kind == Tk::Percent || word(text, pct).is_some_and(|w| is_one_of(w, &["percent"]));
    if !is_pct {
        return None;
    }
    let ws = words_after(text, toks, n + 2, 3);
    let (k, _) = ws.iter().find(|(_, w)| is_one_of(w, &CHANGE_WORDS))?;
    let mut s = Statement {
        first: i,
        last: k + 1,
        span: toks[i].start..toks[*k].end,
        value: v,
        num: toks[n].start..toks[n].end,
        factor: false,
        approx,
        measures: Vec::new(),
        downtime: false,
        other: false,
    };
    describe(text, toks, &mut s, n + 2);
    Some(s)
}

/// `reduces the bill by 70%`: a change verb, up to two words, `by`, a percentage.
fn by_percent_at(text: &str, toks: &[Token], i: usize) -> Option<Statement> {
    if !word(text, &toks[i]).is_some_and(|w| is_one_of(w, &CHANGE_VERBS)) {
        return None;
    }
    let ws = words_after(text, toks, i + 1, 3);
    let (by, _) = ws.iter().find(|(_, w)| w.eq_ignore_ascii_case("by"))?;
    let (approx, n, v) = number_at(toks, by + 1)?;
    let pct = toks.get(n + 1)?;
    if pct.kind != Tk::Percent {
        return None;
    }
    let mut s = Statement {
        first: i,
        last: n + 2,
        span: toks[i].start..pct.end,
        value: v,
        num: toks[n].start..toks[n].end,
        factor: false,
        approx,
        measures: Vec::new(),
        downtime: false,
        other: false,
    };
    describe(text, toks, &mut s, i + 1);
    Some(s)
}

fn statements(text: &str, toks: &[Token]) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let s = factor_at(text, toks, i)
            .or_else(|| percent_at(text, toks, i))
            .or_else(|| by_percent_at(text, toks, i));
        match s {
            Some(s) => {
                i = s.last;
                out.push(s);
            }
            None => i += 1,
        }
    }
    out
}

/// Two values written as a change.
#[derive(Debug, Clone)]
struct Pair {
    first: usize,
    /// Token after the second value.
    last: usize,
    span: Range<usize>,
    /// The two values as a change, for messages: `200 ms → 10 ms`.
    text: String,
    a: Operand,
    b: Operand,
}

/// The operand is a factor (`10x`, `3× average`): the number is followed by `x`/`×`.
fn is_factor(text: &str, toks: &[Token], op: &Operand) -> bool {
    let k = toks.partition_point(|t| t.start < op.num_end);
    let Some(t) = toks.get(k) else {
        return false;
    };
    match t.kind {
        Tk::Word => matches!(&text[toks[k].start..toks[k].end], "x" | "X" | "times"),
        Tk::Mul => !toks.get(k + 1).is_some_and(Token::is_operand_start),
        _ => false,
    }
}

/// A value of a pair: one operand, not part of an expression, not a factor.
fn value(p: &Parser, i: usize, hi: usize) -> Option<Operand> {
    let op = p.operand(i, hi)?;
    if op.poison || op.pow.is_some() || is_factor(p.text, p.toks, &op) {
        return None;
    }
    if after_operator(p.toks, i) {
        return None;
    }
    let continues = match p.toks.get(op.end_tok).map(|t| t.kind) {
        Some(Tk::Mul | Tk::Star | Tk::Div | Tk::Add | Tk::Sub | Tk::Pow) => {
            p.starts_operand(op.end_tok + 1, hi)
        }
        _ => false,
    };
    (!continues).then_some(op)
}

fn pairs(p: &Parser) -> Vec<Pair> {
    let (text, toks) = (p.text, p.toks);
    let hi = toks.len();
    let mut out: Vec<Pair> = Vec::new();
    for i in 0..hi {
        if out.last().is_some_and(|q| i < q.last) || !p.starts_operand(i, hi) {
            continue;
        }
        let from = i > 0 && word(text, &toks[i - 1]).is_some_and(|w| w.eq_ignore_ascii_case("from"));
        let Some(a) = value(p, i, hi) else {
            continue;
        };
        let mut k = a.end_tok;
        let Some(t) = toks.get(k) else {
            continue;
        };
        let joined = match (t.kind, word(text, t)) {
            (Tk::Rel(Rel::Arrow), _) => true,
            (_, Some(w)) if w.eq_ignore_ascii_case("vs") || w.eq_ignore_ascii_case("versus") => {
                // `vs.`
                if toks
                    .get(k + 1)
                    .is_some_and(|n| n.kind == Tk::Break && &text[n.start..n.end] == ".")
                {
                    k += 1;
                }
                true
            }
            (_, Some(w)) => from && w.eq_ignore_ascii_case("to"),
            _ => false,
        };
        if !joined {
            continue;
        }
        let Some(b) = value(p, k + 1, hi) else {
            continue;
        };
        // `from A to B` is the change; in `from A → B` the arrow is
        let by_to = word(text, t).is_some_and(|w| w.eq_ignore_ascii_case("to"));
        let start = if from && by_to { toks[i - 1].start } else { a.start };
        out.push(Pair {
            first: if from { i - 1 } else { i },
            last: b.end_tok,
            span: start..b.core_end,
            text: squash(&text[start..b.core_end]),
            a,
            b,
        });
    }
    out
}

/// The two values of a pair, comparable: same dimensions, or one side per period and the
/// other not (`$60K → $15K/month`), or one side a bare number that shares the other's
/// unit (`200 → 10 ms`). `None` when they measure different things.
fn values(a: &Operand, b: &Operand) -> Option<(f64, f64, bool)> {
    if a.percent || b.percent {
        return (a.percent && b.percent).then(|| (a.mantissa(false), b.mantissa(false), true));
    }
    let ev = |op: &Operand, r: &Reading| {
        let bytes = matches!(op.scale, Scale::Amb { .. }).then_some(op.prefer_bytes);
        eval_operand(op, r, 1000.0, bytes)
    };
    let strict = Reading::public(0);
    let (x, y) = (ev(a, &strict)?, ev(b, &strict)?);
    let bare = |op: &Operand| !op.has_unit() && !op.currency;
    let (va, vb) = if x.bytes == y.bytes && x.bits == y.bits && x.time == y.time && a.currency == b.currency {
        (x.v, y.v)
    } else if x.bytes == y.bytes
        && x.bits == y.bits
        && a.currency == b.currency
        && x.time.min(y.time) == -1
        && x.time.max(y.time) == 0
    {
        let written = Reading {
            time_written: true,
            ..strict
        };
        (ev(a, &written)?.v, ev(b, &written)?.v)
    } else if bare(a) || bare(b) {
        let billion = |op: &Operand| !op.prefer_bytes;
        (a.mantissa(billion(a)), b.mantissa(billion(b)))
    } else {
        return None;
    };
    (va > 0.0 && vb > 0.0 && va.is_finite() && vb.is_finite()).then_some((va, vb, false))
}

/// What the pair measures, as far as its units say.
fn pair_measure(a: &Operand, b: &Operand) -> Option<Measure> {
    if a.currency || b.currency {
        return Some(Measure::Money);
    }
    let strict = Reading::public(0);
    let op = if a.has_unit() { a } else { b };
    let bytes = matches!(op.scale, Scale::Amb { .. }).then_some(op.prefer_bytes);
    let v = eval_operand(op, &strict, 1000.0, bytes)?;
    if v.bytes != 0 || v.bits != 0 {
        Some(Measure::Bytes)
    } else if v.time > 0 {
        Some(Measure::Time)
    } else if v.time < 0 {
        Some(Measure::Rate)
    } else {
        None
    }
}

/// Does the statement speak of what the pair measures?
fn fits(s: &Statement, a: &Operand, b: &Operand, percent: bool) -> bool {
    if s.other {
        return false;
    }
    if percent {
        return true;
    }
    let Some(m) = pair_measure(a, b) else {
        return true;
    };
    // a rate gets faster too (`2× faster: 100 → 200 req/s`)
    s.measures
        .iter()
        .all(|&w| w == m || (w == Measure::Time && m == Measure::Rate))
}

/// The values the statement may mean, and the one reported when it is wrong.
/// Two percentages that the words say are about downtime or errors, and that are
/// availabilities (both over half): their complements are compared (`99.9% → 99.99%`
/// is 0.1% against 0.01% of downtime). Error rates (`1% → 0.1% errors`) are compared
/// as they are.
fn availabilities(s: &Statement, va: f64, vb: f64, percent: bool) -> bool {
    percent && s.downtime && va > 50.0 && vb > 50.0 && va < 100.0 && vb < 100.0
}

fn readings(s: &Statement, va: f64, vb: f64, percent: bool) -> Vec<f64> {
    let mut pairs = Vec::new();
    let avail = availabilities(s, va, vb, percent);
    if !avail {
        pairs.push((va, vb));
    }
    // other percentages: their complements too (`95% → 99% success` is 5% vs 1% failing)
    if percent && va < 100.0 && vb < 100.0 && (avail || !s.downtime) {
        pairs.push((100.0 - va, 100.0 - vb));
    }
    let mut out = Vec::new();
    for (x, y) in pairs {
        if s.factor {
            out.push(x.max(y) / x.min(y));
        } else {
            let d = (x - y).abs();
            // relative to the first (the value before) or the second
            out.push(d / x * 100.0);
            out.push(d / y * 100.0);
        }
    }
    if percent && !s.factor && !s.downtime {
        // percentage points
        out.push((va - vb).abs());
    }
    out
}

fn judge(text: &str, s: &Statement, p: &Pair) -> Option<Claim> {
    let (va, vb, percent) = values(&p.a, &p.b)?;
    if !fits(s, &p.a, &p.b, percent) || s.value <= 0.0 {
        return None;
    }
    let cands = readings(s, va, vb, percent);
    let right = cands.iter().any(|&c| accept(c, s.value, s.approx, false));
    // reported: the first reading (downtimes, when the text speaks of downtime)
    let shown = *cands.first()?;
    let number = fmt_sig(shown);
    let written = format!(
        "{}{}{}",
        &text[s.span.start..s.num.start],
        number,
        &text[s.num.end..s.span.end]
    );
    let (kind, scale) = if s.factor {
        (ChangeKind::Factor, 1.0)
    } else {
        (ChangeKind::Percent, 0.01)
    };
    let downtime = availabilities(s, va, vb, percent)
        .then(|| format!("{}% → {}%", fmt_sig(100.0 - va), fmt_sig(100.0 - vb)));
    Some(Claim {
        span: p.span.start.min(s.span.start)..p.span.end.max(s.span.end),
        expr_span: p.span.clone(),
        result_span: s.span.clone(),
        relation_span: p.span.clone(),
        computed: Quantity {
            value: shown * scale,
            unit: Unit::COUNT,
        },
        stated: Quantity {
            value: s.value * scale,
            unit: Unit::COUNT,
        },
        verdict: if right { Verdict::Correct } else { Verdict::Wrong },
        relative_error: ((s.value - shown) / shown).abs(),
        fix: Fix {
            value: written.clone(),
            plain: written,
            base: None,
            rounded: (round3(shown) - shown).abs() > 1e-9 * shown,
        },
        form: Form::Change {
            kind,
            pair: p.text.clone(),
            number,
            downtime,
        },
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChangeKind {
    Factor,
    Percent,
}

/// The tokens between a pair and a statement after it join them: `A → B (N× …`,
/// `A → B = N× …`, `A → B: N× …`, `A → B, N× …`, `A → B | N× …`.
fn joins(text: &str, between: &[Token]) -> bool {
    match between {
        [] => false,
        [t] => match t.kind {
            Tk::LParen | Tk::Rel(Rel::Exact | Rel::Approx) | Tk::Sub => true,
            Tk::Break => matches!(&text[t.start..t.end], ":" | "," | "|" | "—" | "–"),
            _ => false,
        },
        _ => false,
    }
}

/// A few words and a closing parenthesis from token `k` (`… $15K/month on egress)`).
fn closes(toks: &[Token], k: usize) -> bool {
    let words = toks[k.min(toks.len())..]
        .iter()
        .take_while(|t| t.kind == Tk::Word)
        .count();
    words <= 4 && toks.get(k + words).is_some_and(|t| t.kind == Tk::RParen)
}

/// Every ratio or percentage-change claim in `text`.
pub(crate) fn find(text: &str, toks: &[Token]) -> Vec<Claim> {
    let ss = statements(text, toks);
    if ss.is_empty() {
        return Vec::new();
    }
    let p = Parser::new(text, toks);
    let ps = pairs(&p);
    let mut used = vec![false; ps.len()];
    let mut out = Vec::new();
    for s in &ss {
        // `A → B (N× faster)`, `A → B = N× faster`: the pair right before the statement
        let before = ps
            .iter()
            .enumerate()
            .find(|(k, q)| !used[*k] && q.last <= s.first && joins(text, &toks[q.last..s.first]));
        // `N× faster for reads (A → B)`: a parenthesised pair after a few words
        let after = || {
            let mut k = s.last;
            let mut n = 0;
            while toks.get(k).is_some_and(|t| t.kind == Tk::Word) && n < 6 {
                k += 1;
                n += 1;
            }
            (toks.get(k)?.kind == Tk::LParen).then_some(())?;
            ps.iter()
                .enumerate()
                .find(|(j, q)| !used[*j] && q.first == k + 1 && closes(toks, q.last))
        };
        let Some((k, q)) = before.or_else(after) else {
            continue;
        };
        if let Some(c) = judge(text, s, q) {
            used[k] = true;
            out.push(c);
        }
    }
    out
}

/// A table row with two value cells side by side and a statement cell after them
/// (`| Search | 1,200 ms | 80 ms | 15× faster |`).
pub(crate) fn find_in_row(text: &str, cells: &[Range<usize>]) -> Vec<Claim> {
    let toks = lex(text);
    let p = Parser::new(text, &toks);
    let in_cell = |c: &Range<usize>| {
        let lo = toks.partition_point(|t| t.start < c.start);
        let hi = toks.partition_point(|t| t.start < c.end);
        (lo, hi)
    };
    // the cells that hold exactly one value
    let mut vals = Vec::new();
    let mut stmt = None;
    for (ci, c) in cells.iter().enumerate() {
        let (lo, hi) = in_cell(c);
        if lo == hi {
            continue;
        }
        if let Some(op) = p.operand(lo, hi)
            && !op.poison
            && op.pow.is_none()
            && op.end_tok == hi
            && !is_factor(text, &toks, &op)
        {
            vals.push((ci, op));
            continue;
        }
        if let Some(s) = statements(text, &toks[..hi]).into_iter().find(|s| s.first == lo) {
            stmt = Some((ci, s));
        }
    }
    let (Some((sc, s)), [(c1, a), (c2, b)]) = (stmt, vals.as_slice()) else {
        return Vec::new();
    };
    if *c2 != c1 + 1 || sc <= *c2 {
        return Vec::new();
    }
    let pair = Pair {
        first: 0,
        last: 0,
        span: a.start..b.core_end,
        text: format!(
            "{} → {}",
            squash(&text[a.start..a.core_end]),
            squash(&text[b.start..b.core_end])
        ),
        a: a.clone(),
        b: b.clone(),
    };
    judge(text, &s, &pair).into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::super::{Verdict, check, check_table};

    fn verdicts(text: &str) -> Vec<Verdict> {
        check(text).into_iter().map(|c| c.verdict).collect()
    }

    #[test]
    fn factors_between_two_values() {
        for text in [
            "p99 went from 400 ms → 25 ms (16× faster)",
            "p99: 400 ms → 25 ms = 16x lower latency",
            "Cold starts 9 s vs 3 s, 3 times faster",
            "Index size 12 GB → 3 GB (4× smaller)",
            "- 16x faster search (400 ms → 25 ms)",
            "Throughput 2K → 10K req/s: 5× higher",
        ] {
            assert_eq!(verdicts(text), vec![Verdict::Correct], "{text}");
        }
        for text in [
            "p99 went from 400 ms → 25 ms (8× faster)",
            "p99: 400 ms → 25 ms = 30x lower latency",
            "- 40x faster search (400 ms → 25 ms)",
            "Index size 12 GB → 3 GB (12× smaller)",
        ] {
            assert_eq!(verdicts(text), vec![Verdict::Wrong], "{text}");
        }
    }

    #[test]
    fn messages_name_the_two_values() {
        let text = "p99 went from 400 ms → 25 ms (8× faster)";
        let c = &check(text)[0];
        assert_eq!(
            c.message(text),
            "`400 ms → 25 ms` is a change of 16×, not `8× faster`"
        );
        assert_eq!(
            c.help(text),
            "400 ms → 25 ms is 16×; write `16× faster` instead of `8× faster`"
        );
        let text = "the bill went from $40K to $30K, 40% cheaper";
        let c = &check(text)[0];
        assert_eq!(
            c.message(text),
            "`from $40K to $30K` is a change of 25%, not `40% cheaper`"
        );
    }

    #[test]
    fn percentage_changes() {
        for text in [
            "Egress $60K → $15K/month: 75% savings",
            "Moving to spot cut compute from $40K to $30K, 25% cheaper",
            "- 75% cost reduction ($60K → $15K/month)",
            // percentage points between two percentages
            "Hit rate 70% → 90% (20% more hits)",
        ] {
            assert_eq!(verdicts(text), vec![Verdict::Correct], "{text}");
        }
        for text in [
            "Egress $60K → $15K/month: 40% savings",
            "- 25% cost reduction ($60K → $15K/month)",
        ] {
            assert_eq!(verdicts(text), vec![Verdict::Wrong], "{text}");
        }
    }

    #[test]
    fn availabilities_compare_their_downtimes() {
        // 0.1% of downtime against 0.01%
        assert_eq!(
            verdicts("99.9% → 99.99% = 10x less downtime"),
            vec![Verdict::Correct]
        );
        // 1% against 0.05% is 20×, not 5×
        let text = "Uptime 99% → 99.95% = 5x less downtime";
        let c = check(text);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].verdict, Verdict::Wrong);
        assert!(
            c[0].message(text).contains("20× less downtime"),
            "{}",
            c[0].message(text)
        );
        assert!(
            c[0].help(text).contains("write `20x less`"),
            "{}",
            c[0].help(text)
        );
        // error rates are compared as they are, not as availabilities
        for text in [
            "Error rate 2% → 0.2% (10x fewer errors)",
            "Error rate 2% → 0.2% (90% fewer errors)",
            "Downtime 0.5% → 0.1% = 5x less downtime",
        ] {
            assert_eq!(verdicts(text), vec![Verdict::Correct], "{text}");
        }
        assert_eq!(
            verdicts("Error rate 2% → 0.2% (20x fewer errors)"),
            vec![Verdict::Wrong]
        );
    }

    #[test]
    fn not_changes() {
        for text in [
            // the factor is about another property than the two values
            "10× more expensive (100 ms → 10 ms)",
            // two values, no factor stated
            "Thumbnails shrink images (4 MB → 200 KB)",
            // a factor of the expression, not of a change
            "Peak = 3x average → 1,200 req/s",
            "Reads grew 10x over the year",
        ] {
            let c = check(text);
            assert!(
                c.iter().all(|c| !c.is_change()),
                "{text}: {:?}",
                c.iter().map(|c| c.message(text)).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn table_rows_with_before_after_and_factor() {
        let rows = [
            "Query | Before | After | Gain",
            "Search | 1,200 ms | 80 ms | 15× faster",
            "Profile | 600 ms | 40 ms | 5× faster",
            "Feed | 900 ms | 300 ms | n/a",
        ];
        let found = check_table(&rows);
        let v: Vec<(usize, Verdict)> = found.iter().map(|(r, c)| (*r, c.verdict.clone())).collect();
        assert_eq!(v, vec![(1, Verdict::Correct), (2, Verdict::Wrong)]);
        let (r, c) = &found[1];
        assert!(c.message(rows[*r]).contains("15×"), "{}", c.message(rows[*r]));
    }
}
