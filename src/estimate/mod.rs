//! DL105 `estimate-arithmetic`: back-of-the-envelope arithmetic, checked with units.
//!
//! ## What it does
//!
//! Finds every arithmetic claim in a paragraph, list item, table row or code line —
//! an expression, a relation and a stated result, such as `10M / 86,400 = ~115/s` or
//! `10M × 300 B = 3 GB/day` — evaluates the expression with its units, and says whether
//! the stated result is right. A wrong result is reported on the claim, with the right
//! value written in the stated unit.
//!
//! ## Why is this bad?
//!
//! Capacity estimates drive the design: a QPS that is ten times too high buys a fleet of
//! servers, a storage figure that forgot a `× 1,000` picks the wrong database. An
//! interviewer checks the arithmetic; a reviewer of a design doc should not have to.
//!
//! ## Example
//!
//! ```text
//! Writes: 10M / 86,400 = 1,150/s
//! Storage: 10M × 300 B = 30 GB/day
//! ```
//!
//! Use instead:
//!
//! ```text
//! Writes: 10M / 86,400 = ~116/s
//! Storage: 10M × 300 B = 3 GB/day
//! ```
//!
#![doc = include_str!("DOCS.md")]

mod change;
mod claims;
mod eval;
mod fmt;
mod lex;
mod parse;
mod totals;
mod units;

use std::fmt as stdfmt;
use std::ops::Range;
use std::sync::LazyLock;

use parse::{Operand, Parser, Scale};

/// The dimension of a quantity: exponents of bytes, bits and seconds.
///
/// `GB` is `{ bytes: 1 }`, `Gbps` `{ bits: 1, time: -1 }`, `QPS` `{ time: -1 }`, a count
/// or a percentage `{}`, `ms` `{ time: 1 }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Unit {
    pub bytes: i8,
    pub bits: i8,
    pub time: i8,
}

impl Unit {
    /// A plain count (also percentages, which are stored as fractions).
    pub const COUNT: Unit = Unit {
        bytes: 0,
        bits: 0,
        time: 0,
    };

    pub fn is_count(&self) -> bool {
        *self == Unit::COUNT
    }

    /// Bytes or bits, to any power.
    pub fn is_information(&self) -> bool {
        self.bytes != 0 || self.bits != 0
    }

    /// Something per unit of time.
    pub fn is_rate(&self) -> bool {
        self.time < 0
    }
}

/// A dimensioned quantity: value in base units (bytes, bits, seconds, or a plain count)
/// plus its dimension. `3 GB/day` is `34,722.2` bytes per second; `20%` is `0.2`.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub value: f64,
    pub unit: Unit,
}

impl stdfmt::Display for Quantity {
    /// A readable form in base units: `3,000,000,000 bytes`, `115.74/s`, `86,400 s`.
    fn fmt(&self, f: &mut stdfmt::Formatter<'_>) -> stdfmt::Result {
        let mut out = fmt::fmt_precise(self.value);
        let mut num = Vec::new();
        let mut den = Vec::new();
        for (exp, name) in [
            (self.unit.bytes, "bytes"),
            (self.unit.bits, "bits"),
            (self.unit.time, "s"),
        ] {
            let side = if exp > 0 { &mut num } else { &mut den };
            match exp.unsigned_abs() {
                0 => {}
                1 => side.push(name.to_string()),
                n => side.push(format!("{name}^{n}")),
            }
        }
        if !num.is_empty() {
            out.push(' ');
            out.push_str(&num.join("·"));
        }
        if !den.is_empty() {
            out.push('/');
            out.push_str(&den.join("·"));
        }
        f.write_str(&out)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Correct,
    Wrong,
}

/// One arithmetic claim: an expression, a relation and a stated result.
#[derive(Debug, Clone)]
pub struct Claim {
    /// Byte range of the whole claim, e.g. `10M / 86,400 = ~115/s`.
    pub span: Range<usize>,
    /// The left-hand expression (for a link of a chain, the previous result).
    pub expr_span: Range<usize>,
    /// The stated result, with its `~` and unit.
    pub result_span: Range<usize>,
    /// The relation: `=`, `≈`, `about`, …
    pub relation_span: Range<usize>,
    /// What the expression evaluates to (SI prefixes, bits kept as bits).
    pub computed: Quantity,
    /// What the text says it is (same conventions).
    pub stated: Quantity,
    pub verdict: Verdict,
    /// |stated − computed| / |computed|, in the reading that decided the verdict.
    pub relative_error: f64,
    fix: fmt::Fix,
    form: Form,
}

/// The shape of a claim, for its message.
#[derive(Debug, Clone)]
enum Form {
    /// An expression and its result: `10M × 300 B = 3 GB`.
    Expr,
    /// Two values and the factor or percentage between them: `200 ms → 10 ms (20× faster)`.
    Change {
        kind: change::ChangeKind,
        /// The two values as a change: `200 ms → 10 ms`.
        pair: String,
        /// The computed factor or percentage, as printed.
        number: String,
        /// Availabilities compared by their downtimes: `0.5% → 0.01%`.
        downtime: Option<String>,
    },
    /// A total against the values above it (`rows`: in a table).
    Total { items: Vec<String>, rows: bool },
}

fn snippet(text: &str, span: &Range<usize>) -> String {
    text.get(span.clone())
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Claim {
    /// A ratio or percentage change between two stated values (`200 ms → 10 ms, 20×
    /// faster`): arithmetic, but not an estimate derived from inputs.
    pub fn is_change(&self) -> bool {
        matches!(self.form, Form::Change { .. })
    }

    /// One line, what is wrong: "`10M × 300 B` is 3 GB, not 30 GB".
    pub fn message(&self, text: &str) -> String {
        let expr = snippet(text, &self.expr_span);
        let stated = snippet(text, &self.result_span);
        let about = if self.fix.rounded { "about " } else { "" };
        let not = match self.verdict {
            Verdict::Wrong => format!("not `{stated}`"),
            Verdict::Correct => format!("`{stated}` is within tolerance"),
        };
        match &self.form {
            Form::Expr => {}
            Form::Change {
                kind,
                pair,
                number,
                downtime,
            } => {
                return match (kind, downtime) {
                    (change::ChangeKind::Factor, Some(d)) => {
                        format!("`{pair}` is {about}{number}× less downtime ({d}), {not}")
                    }
                    (change::ChangeKind::Factor, None) => {
                        format!("`{pair}` is a change of {about}{number}×, {not}")
                    }
                    (change::ChangeKind::Percent, Some(d)) => {
                        format!("`{pair}` is {about}{number}% less downtime ({d}), {not}")
                    }
                    (change::ChangeKind::Percent, None) => {
                        format!("`{pair}` is a change of {about}{number}%, {not}")
                    }
                };
            }
            Form::Total { items, rows } => {
                let what = if *rows { "rows" } else { "values" };
                return format!(
                    "the {} {what} above add up to {about}{}, {not}",
                    items.len(),
                    self.fix.plain
                );
            }
        }
        match self.verdict {
            Verdict::Wrong => format!("`{expr}` is {about}{}, not {stated}", self.fix.plain),
            Verdict::Correct => format!(
                "`{expr}` is {about}{}: `{stated}` is within tolerance",
                self.fix.plain
            ),
        }
    }

    /// What to write instead, with the right value in the stated unit:
    /// "10M × 300 B = 3 GB (3,000,000,000 bytes); write `= 3 GB`".
    pub fn help(&self, text: &str) -> String {
        let eq = if self.fix.rounded { "≈" } else { "=" };
        match &self.form {
            Form::Expr => {}
            Form::Change { .. } => {
                let stated = snippet(text, &self.result_span);
                let value = &self.fix.value;
                return format!("{}; write `{value}` instead of `{stated}`", self.explain_change());
            }
            Form::Total { items, .. } => {
                return format!(
                    "{} {eq} {}; write `{}`",
                    items.join(" + "),
                    self.fix.plain,
                    self.fix.value
                );
            }
        }
        let expr = snippet(text, &self.expr_span);
        let rel = snippet(text, &self.relation_span);
        let base = self
            .fix
            .base
            .as_ref()
            .map_or(String::new(), |b| format!(" ({b})"));
        format!(
            "{expr} {eq} {}{base}; write `{rel} {}`",
            self.fix.plain, self.fix.value
        )
    }

    /// How a change was computed: "200 ms → 10 ms is 20×".
    fn explain_change(&self) -> String {
        let Form::Change {
            kind,
            pair,
            number,
            downtime,
        } = &self.form
        else {
            return String::new();
        };
        let about = if self.fix.rounded { "about " } else { "" };
        let unit = match kind {
            change::ChangeKind::Factor => "×",
            change::ChangeKind::Percent => "%",
        };
        match downtime {
            Some(d) => format!("downtime {d} is {about}{number}{unit} less"),
            None => format!("{pair} is {about}{number}{unit}"),
        }
    }
}

/// Relation symbols outside ASCII (`≈`, `→`, a full-width `＝` …).
const WIDE_RELATIONS: [char; 17] = [
    '≈', '≃', '≅', '≒', '≊', '≋', '→', '⇒', '⟶', '⟹', '➔', '➜', '⇨', '↦', '～', '∼', '＝',
];

/// Relation words, and the TeX commands of relations.
const RELATION_WORDS: [&str; 15] = [
    "about",
    "roughly",
    "approx",
    "approximately",
    "around",
    "equals",
    "\\sim",
    "\\simeq",
    "\\approx",
    "\\cong",
    "\\to",
    "\\implies",
    "\\rightarrow",
    "\\longrightarrow",
    "\\Longrightarrow",
];

static RELATION_WORD: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(RELATION_WORDS)
        .expect("relation words")
});

/// Cheap test before any tokenizing: a digit, and a relation symbol or word.
/// Runs on every block, so each test is a vectorised scan (memchr, Teddy).
fn may_have_claim(text: &str) -> bool {
    let b = text.as_bytes();
    // Without an early exit per byte, so that the compiler vectorises it.
    let has_digit = b
        .chunks(64)
        .any(|c| c.iter().fold(false, |acc, &x| acc | (x.wrapping_sub(b'0') < 10)));
    if !has_digit {
        return false;
    }
    static ARROW: LazyLock<crate::text::Substrings> = LazyLock::new(|| crate::text::Substrings::new(&["->"]));
    if memchr::memchr2(b'=', b'~', b).is_some() || ARROW.any_in(b) {
        return true;
    }
    if !text.is_ascii() && text.contains(WIDE_RELATIONS) {
        return true;
    }
    // A relation word stands as a word: a run of ASCII letters (a TeX command
    // starts with its backslash, whatever comes before it).
    RELATION_WORD.find_iter(b).any(|m| {
        let (s, e) = (m.start(), m.end());
        let starts = b[s] == b'\\' || s == 0 || !(b[s - 1].is_ascii_alphabetic() || b[s - 1] == b'\\');
        starts && !b.get(e).is_some_and(u8::is_ascii_alphabetic)
    })
}

/// Every arithmetic claim in `text` (one paragraph, list item, table row or code-block
/// line of a write-up), right and wrong, in order.
pub fn check(text: &str) -> Vec<Claim> {
    let claims = may_have_claim(text);
    let changes = may_have_change(text);
    if !claims && !changes {
        return Vec::new();
    }
    let toks = lex::lex(text);
    let mut out = if claims {
        claims::find(text, &toks)
    } else {
        Vec::new()
    };
    if changes {
        out.extend(change::find(text, &toks));
        out.sort_by_key(|c| (c.span.start, c.span.end));
    }
    out
}

/// Cheap test before looking for a ratio or a percentage change: a digit, two values
/// joined as a change (`→`, `->`, `=>`, `vs`, `from`), and a factor or a percentage.
fn may_have_change(text: &str) -> bool {
    let b = text.as_bytes();
    if !b.iter().any(u8::is_ascii_digit) {
        return false;
    }
    static JOINS: LazyLock<crate::text::Substrings> =
        LazyLock::new(|| crate::text::Substrings::new(&["→", "->", "=>", "vs", "versus", "from", "From"]));
    static FACTORS: LazyLock<crate::text::Substrings> =
        LazyLock::new(|| crate::text::Substrings::new(&["×", "times"]));
    JOINS.any_in(b)
        && (memchr::memchr(b'%', b).is_some()
            || FACTORS.any_in(b)
            || b.windows(2)
                .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'x' | b'X' | b' ')))
}

/// The claims of a table, given the plain text of each row with its cells joined by
/// ` | ` (the header first): ratios and percentage changes between two cells of a row
/// (`| Search | 1,200 ms | 80 ms | 15× faster |`), and a row labelled `Total`,
/// `Subtotal` or `Sum` against the rows above it, column by column. Each claim comes
/// with the index of its row, and its spans are in that row's text.
pub fn check_table(rows: &[&str]) -> Vec<(usize, Claim)> {
    let mut out = totals::in_table(rows);
    for (r, row) in rows.iter().enumerate().skip(1) {
        if row.bytes().any(|b| b.is_ascii_digit()) {
            let cells = totals::cells(row);
            out.extend(change::find_in_row(row, &cells).into_iter().map(|c| (r, c)));
        }
    }
    out.sort_by_key(|(r, c)| (*r, c.span.start));
    out
}

/// The totals of a list of lines (the lines of a code block, or the items of a list): a
/// `Total: value` line, or a parenthesised subtotal carried on (`(42 TB) × 2`), after
/// `label: value` lines of the same kind. Each claim comes with the index of its line,
/// and its spans are in that line.
pub fn check_lines(lines: &[&str]) -> Vec<(usize, Claim)> {
    totals::in_lines(lines)
}

/// Every number-with-unit the text mentions (not only in claims), for other rules:
/// `100M DAU`, `3 GB/day`, `~1,200 QPS`, `200 ms` in `p99 < 200 ms`, `99.99%`.
#[derive(Debug, Clone)]
pub struct Mention {
    pub span: Range<usize>,
    pub quantity: Quantity,
    pub kind: MentionKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// A scaled count: `10M posts`, `1.5 billion`.
    Count,
    /// `100M DAU`, `500M total users`, `10K concurrent users`.
    Users,
    /// Per time: `QPS`, `RPS`, `TPS`, `req/s`, `10M/day`.
    Rate,
    /// Bytes: `300 B`, `3 GB`.
    Storage,
    /// Bytes or bits per time: `3 GB/day`, `1 Gbps`.
    Bandwidth,
    /// Durations under an hour: `ms`, `s`, `µs`, `min`.
    Latency,
    /// `99.99%`, `20 percent`.
    Percent,
    /// Longer durations (`5 years`), money (`$5,000/month`), other units.
    Other,
}

fn mention_kind(op: &Operand, q: &Quantity) -> Option<MentionKind> {
    let u = q.unit;
    if op.percent {
        return Some(MentionKind::Percent);
    }
    if u.is_information() {
        return Some(if u.time < 0 {
            MentionKind::Bandwidth
        } else if u.time == 0 {
            MentionKind::Storage
        } else {
            MentionKind::Other
        });
    }
    if u.time < 0 {
        return Some(MentionKind::Rate);
    }
    if u.time > 0 {
        let short = op
            .unit
            .and_then(|r| r.word.main)
            .is_some_and(|a| matches!(a, units::Atom::Time(s) if s < units::HOUR));
        return Some(if short {
            MentionKind::Latency
        } else {
            MentionKind::Other
        });
    }
    if op.users_end.is_some() {
        return Some(MentionKind::Users);
    }
    if op.scale != Scale::One {
        return Some(MentionKind::Count);
    }
    (op.currency || op.has_unit()).then_some(MentionKind::Other)
}

/// Do two statements of one quantity (in the same base unit) agree within
/// the estimate tolerance: within 15 % of each other, or the same number
/// rounded to one significant figure (`115/s` and `~100/s`)?
pub fn agree(a: f64, b: f64) -> bool {
    if !(a.is_finite() && b.is_finite()) {
        return true;
    }
    let (lo, hi) = (a.abs().min(b.abs()), a.abs().max(b.abs()));
    hi == 0.0
        || (hi - lo) / lo.max(f64::MIN_POSITIVE) <= eval::TOLERANCE + 1e-9
        || eval::round1(lo) == eval::round1(hi)
}

/// Every number-with-unit in `text`, in order.
pub fn mentions(text: &str) -> Vec<Mention> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let toks = lex::lex(text);
    let p = Parser::new(text, &toks);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let start = matches!(toks[i].kind, lex::Tk::Num(_))
            || (matches!(toks[i].kind, lex::Tk::Tilde | lex::Tk::Currency)
                && matches!(
                    toks.get(i + 1).map(|t| t.kind),
                    Some(lex::Tk::Num(_) | lex::Tk::Currency)
                ));
        if start && let Some(op) = p.operand(i, toks.len()) {
            i = op.end_tok.max(i + 1);
            if op.poison {
                continue;
            }
            let bytes = matches!(op.scale, Scale::Amb { .. }).then_some(op.prefer_bytes);
            let r = eval::Reading::public(0);
            let Some(v) = eval::eval_operand(&op, &r, 1000.0, bytes) else {
                continue;
            };
            let quantity = Quantity {
                value: v.v,
                unit: Unit {
                    bytes: v.bytes,
                    bits: v.bits,
                    time: v.time,
                },
            };
            if let Some(kind) = mention_kind(&op, &quantity) {
                let end = if kind == MentionKind::Users {
                    op.users_end.unwrap_or(op.core_end).max(op.core_end)
                } else {
                    op.core_end
                };
                out.push(Mention {
                    span: op.start..end,
                    quantity,
                    kind,
                });
            }
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prefilter as first written, byte by byte: the reference for the fast one.
    fn may_have_claim_reference(text: &str) -> bool {
        let b = text.as_bytes();
        if !b.iter().any(u8::is_ascii_digit) {
            return false;
        }
        let mut prev = 0u8;
        let mut wide = false;
        for &c in b {
            match c {
                b'=' | b'~' => return true,
                b'>' if prev == b'-' => return true,
                0x80.. => wide = true,
                _ => {}
            }
            prev = c;
        }
        const SYMBOLS: [char; 17] = [
            '≈', '≃', '≅', '≒', '≊', '≋', '→', '⇒', '⟶', '⟹', '➔', '➜', '⇨', '↦', '～', '∼', '＝',
        ];
        if wide && text.contains(SYMBOLS) {
            return true;
        }
        const WORDS: [&[u8]; 15] = [
            b"about",
            b"roughly",
            b"approx",
            b"approximately",
            b"around",
            b"equals",
            b"\\sim",
            b"\\simeq",
            b"\\approx",
            b"\\cong",
            b"\\to",
            b"\\implies",
            b"\\rightarrow",
            b"\\longrightarrow",
            b"\\Longrightarrow",
        ];
        // whole words only, compared by length first
        let mut i = 0;
        while i < b.len() {
            if !(b[i].is_ascii_alphabetic() || b[i] == b'\\') {
                i += 1;
                continue;
            }
            let s = i;
            i += 1;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            let w = &b[s..i];
            if (3..=16).contains(&w.len())
                && WORDS
                    .iter()
                    .any(|x| x.len() == w.len() && x.eq_ignore_ascii_case(w))
            {
                return true;
            }
        }
        false
    }

    #[test]
    fn prefilter_agrees_with_the_byte_by_byte_reference() {
        let mut texts: Vec<String> = RIGHT.iter().map(|s| s.to_string()).collect();
        texts.extend(
            [
                "",
                "no digits = here",
                "3 apples",
                "3 about",
                "3 xabout",
                "3 aboutx",
                "3 About",
                "3 \\approx 4",
                "3x\\approx",
                "3 \\\\to",
                "3 \\tox",
                "3 -> 4",
                "3 - > 4",
                "3 ≈ 4",
                "3 → 4",
                "3 ＝ 4",
                "approximately 3",
                "approxim 3",
                "3 approx.",
                "rounds 3",
                "3 aroundabout",
                "a\\about 3",
                "é3 equals",
                "3\\sim",
                "3 ~",
                "3 =",
            ]
            .map(String::from),
        );
        for t in crate::test_support::fixture_texts() {
            texts.extend(t.lines().map(String::from));
        }
        for t in &texts {
            assert_eq!(may_have_claim(t), may_have_claim_reference(t), "{t:?}");
        }
    }

    /// Claims that are right, the way people write them in capacity estimates.
    const RIGHT: &[&str] = &[
        "10M / 86,400 = ~115/s",
        "100M users × 100 reads/day = 10B reads/day",
        "10B / 86,400 = ~115,000 reads/second",
        "10M × 300B = 3GB/day",
        "3GB × 365 = ~1TB/year",
        "100M × 1 KB = 100 GB",
        "500 GB/day × 365 × 5 = ~900 TB",
        "1,000 QPS × 2 KB = 2 MB/s",
        "62^7 ≈ 3.5 trillion",
        "base62^7 = 3.5 trillion",
        "1 Gbps = 125 MB/s",
        "10K RPS × 20% = 2K RPS",
        "Posts: 10M / 86,400 = ~100 posts/second",
        "10M posts / 86,400 s ≈ 115 posts/s",
        "- 50M DAU * 40 messages * 500 bytes = 1TB / day",
        "Write: 1M / 24 / 3600 ~= 10 QPS",
        "Storage: 250 bytes * 40B ~= 10TB",
        "Total: 73B × 5 KB = 365 TB",
        "0.9M pings/sec × 86400 sec = 77.8 billion pings/day",
        "Monthly bandwidth = 4 Gbps × 86400 sec × 30 days / 8 = 1.3 PB/month",
        "Bandwidth = 410 KB/s × 8 = 3.28 Mbps",
        "48,300,000,000 bytes ÷ 1,000,000,000 = 48.3 GB",
        "99.99% uptime: (525,600 - 262.8) / 525,600 × 100 = 99.95%",
        "- durability, 3600*24*365*0.01% = 52.6 min",
        "- timestamp 39 bits, 2^39/1000/3600/24/365 = 17.4 years",
        "24 hours × 60 = 1,440 minutes",
        "Concurrent calls = (9M × 8 min) / (24 × 60 min) = 50,000 calls",
        "Cold tier: 2 PB × $0.002/GB = $4,000/month",
        "1 KB = 1,024 bytes",
        "1 day = 86,400 seconds",
        r"\frac{500 \space million}{(24 \space hrs \times 3600 \space seconds)} = \sim 6K \space requests/second",
        r"(2 \space TB + 0.5 \space TB) \times 365 \space days \times 4 \space years = \sim 3.65 \space PB",
        "20% of 1M users = 200K users",
        "memory: 2M concurrent * 8K / connection = 16GB",
        "Backups: 640 × 3 = 1,920 GB ≈ 1.9 TB",
        "Storage for 30 days = 10.8 TB / 12 months = 0.9 TB ≈ 1 TB",
        "Required schedulers = 28 / 100 = 0.28 ≈ 1 scheduler",
        "Requests per second (avg) = 20B / 86,400 seconds = 231,481 req/sec",
        "Peak Total = 1.35 Gbps (in) + 4.2 Gbps (out) = 5.55 Gbps",
        "2 × 10^6 × 300 B = 600 MB",
        "Storage: 1B × 100 bytes → 100 GB/day",
        "100M × 1 KB = 95 GiB",
        "5 servers × 64 GB = 320 GB",
        "20 MB/sec × 86,400 sec/day × 30 days = 51,840 GB = 51 TB/month",
        "3 hops × 20 ms = 60 ms",
        "1 day = 60 * 60 * 24 ~= 10^5 seconds",
        "10M / 86,400 is about 116/s",
        "Pings per session = (15 × 60) / 20 = 45 pings/session",
        "Total cache = 120 GB + 60 GB + 15 GB = 195 GB",
        "10M × 300 B = 3 GB/day ≈ 1.1 TB/year",
        "Storage: 100MB * 1K * 10^5 = 10PB / day",
        "3 x 4 = 12",
        "read: 10^8*50/10^5 = 50K QPS",
        "Workers = 430 × 1.4 = 602 ≈ 600 workers",
        "10M writes / 86,400 is about 116 writes/s",
        "1 GB/sec = 8 Gbps. 150 GB/sec = 1,200 Gbps = 1.2 Tbps!",
        "1 day = 24 × 60 = 1,440",
    ];

    /// Claims that are wrong.
    const WRONG: &[&str] = &[
        "10M / 86,400 = 1,150/s",
        "10M × 300 B = 30 GB",
        "3 GB × 365 = 10 TB",
        "1,000 × 1,000 = 10,000",
        "100M × 1 KB = 1 TB",
        "100M users × 100 reads/day = 1B reads/day",
        "10B / 86,400 = ~11,500 reads/second",
        "1 Gbps = 1 GB/s",
        "500 GB/day × 365 = 18 TB",
        "1,000 QPS × 2 KB = 2 GB/s",
        "10M × 1 KB × 365 = 365 GB",
        "5,000 writes/s × 1 KB = 5 GB/s",
        "1 TB / 86,400 = 1.15 GB/s",
        "200M × 5 videos = 100M videos/day",
        "10M / 86,400 × 3 = 35 QPS",
        r"100 \space million \times 50 \space KB = 50 \space TB/day",
        "Storage: 5 years × 365 × 3 GB/day = 55 TB",
        "62^7 ≈ 2.8 trillion",
        "365 * 3 ~= 2*10^3 days",
        "10M/day × 300 B = 3 GB/s",
    ];

    /// Text with numbers and no arithmetic claim.
    const NONE: &[&str] = &[
        "Released on 2024-01-15, again on 01/02/2024 and 15.01.2024.",
        "Stand-up at 10:30, retro at 14:00.",
        "Requires Python 3.11, HTTP/1.1, v2.0 of the API, version 1.2.3.",
        "Ping 10.0.0.1 = gateway",
        "Batch size 10-20, timeout 3 - 10 minutes, retries 10–25 minutes.",
        "read:write = 100:1",
        "ratio 80/20 and 1/3 of users",
        "id a1b2c3 = primary",
        "Call 555-123-4567 = support",
        "GET http://x/api/v1/items?limit=10",
        "x = a * b",
        "i = i + 1",
        "count = 0",
        "limit = 100",
        "HTTP/1.1 200 OK",
        "10x growth = more servers",
        "flags = 0x1F",
        "mid = (start + end) / 2",
        "20,000 = a * 62^2 + b * 62 + c * 1 = abc",
        "if n != 10 && m == 20 { k := 5 }",
        "the committee has grown from ~12 to ~20 since RFC 4120",
        "- Avatar resizing (2MB → 40KB)",
        // a share per user equated with the total: the user count is left implicit
        "- 4 uploads per user per day = 200M uploads/day",
        "Quota: 2 GB per user = 100 PB",
        "30 reads/user/day = 1.5B reads/day",
        "99.95% (three and a half nines) = 4.38 hours downtime/year",
        "Peak (2x average) = 860 clicks/sec",
        "storage: 2TB * 1500 = 3PB / 5 years",
        "Daily order data = 5,000,000 × 3 = 15 GB/day",
        "t[1,0] = -2",
        "",
        "No numbers = nothing",
        "It mixes the bits using a 64 x 64 bit -> 128 bit multiply.",
        r#"let source = "2 + 2 * 2 = 8".to_string();"#,
        "That is: 128K for `windowBits` = 15 + 128K for `memLevel` = 8",
        r#"<!-- wrong: "20M / 86,400 ≈ 2,300 writes/s" (right: ~231/s) -->"#,
    ];

    fn verdicts(text: &str) -> Vec<Verdict> {
        check(text).into_iter().map(|c| c.verdict).collect()
    }

    #[test]
    fn right_claims() {
        for text in RIGHT {
            let claims = check(text);
            assert!(!claims.is_empty(), "no claim in {text:?}");
            for c in &claims {
                assert_eq!(
                    c.verdict,
                    Verdict::Correct,
                    "{text:?}: {} / {}",
                    c.message(text),
                    c.help(text)
                );
            }
        }
    }

    #[test]
    fn wrong_claims() {
        for text in WRONG {
            let claims = check(text);
            assert!(
                claims.iter().any(|c| c.verdict == Verdict::Wrong),
                "not flagged: {text:?}: {:?}",
                claims.iter().map(|c| c.message(text)).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn not_claims() {
        for text in NONE {
            let claims = check(text);
            assert!(
                claims.is_empty(),
                "{text:?}: {:?}",
                claims.iter().map(|c| c.message(text)).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn counts_of_claims() {
        assert!(RIGHT.len() + WRONG.len() >= 75);
        assert_eq!(
            verdicts("Daily: 10M × 300B = 3GB/day, Yearly: 3GB × 365 = ~1TB/year"),
            vec![Verdict::Correct, Verdict::Correct]
        );
        assert_eq!(
            verdicts("10M × 300 B = 3 GB = 3,000 MB"),
            vec![Verdict::Correct, Verdict::Correct]
        );
        // the second result is checked against the expression when the first is wrong
        let text = "10M × 300 B = 30 GB = 30,000 MB";
        let claims = check(text);
        assert_eq!(claims.len(), 2);
        assert!(claims.iter().all(|c| c.verdict == Verdict::Wrong));
        assert_eq!(&text[claims[1].span.clone()], text);
        assert_eq!(&text[claims[1].expr_span.clone()], "10M × 300 B");
    }

    #[test]
    fn spans_cover_the_claim() {
        let text = "Storage 🚀 容量：**10M** × 300 B ≈ ~30 GB/day (oops)";
        let claims = check(text);
        assert_eq!(claims.len(), 1);
        let c = &claims[0];
        assert_eq!(&text[c.span.clone()], "10M** × 300 B ≈ ~30 GB/day");
        assert_eq!(&text[c.expr_span.clone()], "10M** × 300 B");
        assert_eq!(&text[c.result_span.clone()], "~30 GB/day");
        assert_eq!(&text[c.relation_span.clone()], "≈");
        assert_eq!(c.verdict, Verdict::Wrong);

        let text = "→ Writes ≈ 1M × 2 ÷ 86,400 ≈ 23/s. Done.";
        let c = &check(text)[0];
        assert_eq!(&text[c.span.clone()], "1M × 2 ÷ 86,400 ≈ 23/s");
        assert_eq!(c.verdict, Verdict::Correct);
    }

    #[test]
    fn spans_are_on_char_boundaries() {
        let texts = [
            "µs: 5 µs × 1,000 = 5 ms ≈ 0.005 s → done ✅",
            "容量 10M×300B=3GB/日 🚀 3GB×365≈1TB",
            "10⁹ × 2 B ≈ 2 GB; ½ × 10 = 5",
        ];
        for text in texts {
            for c in check(text) {
                for s in [&c.span, &c.expr_span, &c.result_span, &c.relation_span] {
                    assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                    assert!(s.start <= s.end && s.end <= text.len());
                }
            }
            for m in mentions(text) {
                assert!(text.is_char_boundary(m.span.start) && text.is_char_boundary(m.span.end));
            }
        }
    }

    #[test]
    fn messages_read_well() {
        let text = "10M × 300 B = 30 GB";
        let c = &check(text)[0];
        assert_eq!(c.message(text), "`10M × 300 B` is 3 GB, not 30 GB");
        assert_eq!(
            c.help(text),
            "10M × 300 B = 3 GB (3,000,000,000 bytes); write `= 3 GB`"
        );

        let text = "Writes: 10M / 86,400 = ~1,150/s";
        let c = &check(text)[0];
        assert_eq!(c.message(text), "`10M / 86,400` is about 116/s, not ~1,150/s");
        assert_eq!(
            c.help(text),
            "10M / 86,400 ≈ 116/s (115.74 per second); write `= ~116/s`"
        );

        let text = "100M × 1 KB = 1 TB";
        let c = &check(text)[0];
        assert_eq!(c.message(text), "`100M × 1 KB` is 100 GB, not 1 TB");

        // a per-day result is corrected per day, not as if the product were per second
        // (86,400× too large)
        let text = "20M × 500 B = 10 TB/day";
        let c = &check(text)[0];
        assert_eq!(c.message(text), "`20M × 500 B` is 10 GB/day, not 10 TB/day");
        assert_eq!(
            c.help(text),
            "20M × 500 B = 10 GB/day (10,000,000,000 bytes per day); write `= 10 GB/day`"
        );
        let text = "4M uploads × 2 MB = 80 PB per day";
        let c = &check(text)[0];
        assert_eq!(
            c.message(text),
            "`4M uploads × 2 MB` is 8 TB per day, not 80 PB per day"
        );

        let text = "100M users × 100 reads/day = 1B reads/day";
        let c = &check(text)[0];
        assert_eq!(
            c.message(text),
            "`100M users × 100 reads/day` is 10B reads/day, not 1B reads/day"
        );

        let text = "1,000 QPS × 2 KB = 2 GB/s";
        let c = &check(text)[0];
        assert_eq!(c.message(text), "`1,000 QPS × 2 KB` is 2 MB/s, not 2 GB/s");
        assert_eq!(
            c.help(text),
            "1,000 QPS × 2 KB = 2 MB/s (2,000,000 bytes per second); write `= 2 MB/s`"
        );

        let text = "1,000 × 1,000 = 10,000";
        assert_eq!(
            check(text)[0].help(text),
            "1,000 × 1,000 = 1,000,000; write `= 1,000,000`"
        );

        // A result over a thousand of its scale is written in the next one.
        for (text, fix) in [
            ("2M users × 1,760,000 = 3.5B", "write `= 3.52T`"),
            ("3.3M × 1,300 = 4.3M", "write `= 4.29B`"),
            ("3.3 million × 1,300 ≈ 4.3 million", "write `≈ 4.29 billion`"),
            ("2,000T × 5 = 1,000T", "write `= 10,000T`"),
        ] {
            let help = check(text)[0].help(text);
            assert!(help.ends_with(fix), "{text}: {help}");
        }
    }

    #[test]
    fn quantities_are_in_base_units() {
        let c = &check("10M × 300 B = 3 GB/day")[0];
        assert_eq!(c.computed.value, 3e9);
        assert_eq!(
            c.computed.unit,
            Unit {
                bytes: 1,
                bits: 0,
                time: 0
            }
        );
        assert!((c.stated.value - 3e9 / 86_400.0).abs() < 1e-6);
        assert!(c.stated.unit.is_rate());

        let c = &check("1 Gbps = 125 MB/s")[0];
        assert_eq!(c.computed.value, 1e9);
        assert_eq!(
            c.computed.unit,
            Unit {
                bytes: 0,
                bits: 1,
                time: -1
            }
        );
        assert_eq!(c.computed.to_string(), "1,000,000,000 bits/s");

        let c = &check("10M / 86,400 = 1,150/s")[0];
        assert!(c.relative_error > 8.0 && c.relative_error < 9.0);
    }

    #[test]
    fn b_is_decided_by_dimensions() {
        // bytes: the result is bytes
        let c = &check("10M × 300B = 3GB")[0];
        assert_eq!(c.verdict, Verdict::Correct);
        assert_eq!(c.computed.unit.bytes, 1);
        // billion: the other operand is already bytes
        let c = &check("73B × 5 KB = 365 TB")[0];
        assert_eq!(c.verdict, Verdict::Correct);
        // billion: a count per second
        let c = &check("10B / 86,400 = 115K/s")[0];
        assert_eq!(c.verdict, Verdict::Correct);
        assert!(c.stated.unit.is_rate() && !c.stated.unit.is_information());
    }

    #[test]
    fn prefilter_and_no_panics() {
        assert!(!may_have_claim("no digits = here"));
        assert!(!may_have_claim("10 and 20"));
        assert!(may_have_claim("10 is about 20"));
        assert!(may_have_claim("10 ≈ 20"));
        assert!(may_have_claim("10 -> 20"));
        assert!(!may_have_claim("<b>10</b>"));
        assert!(may_have_claim(r"10 \implies 20"));
        assert!(may_have_claim(r"10 \Rightarrow 20"));
        assert!(!may_have_claim("10 aboutness"));
        for text in [
            "=",
            "~",
            "1 =",
            "= 1",
            "((((1",
            "1 × (",
            "1e400 × 2 = 3",
            "10^999 = 1",
            "1 / 0 = 5",
            "0 × 5 = 0",
            "\\frac{1}{0} = 2",
            "5 - 5 = 0",
            "1 B = 1 B",
            "2^^3 = 8",
            "} = 1 {",
            "¹²³ = 123",
            "⁻",
            "10 ⁻",
            "**",
            "*1* = *1*",
        ] {
            let _ = check(text);
            let _ = mentions(text);
        }
        let long = "1 × ".repeat(5_000) + "1 = 1";
        let _ = check(&long);
    }

    /// Random soups of the pieces claims are made of: no panic, spans inside the text and
    /// on character boundaries.
    #[test]
    fn random_soup_never_panics() {
        const PIECES: &[&str] = &[
            "10M",
            "86,400",
            "300B",
            "3 GB",
            "/day",
            "/s",
            " × ",
            " x ",
            "*",
            " / ",
            "÷",
            " + ",
            " - ",
            "−",
            "^",
            "7",
            "(",
            ")",
            "{",
            "}",
            "\\frac",
            "\\times",
            " = ",
            "≈",
            "~",
            " about ",
            "→",
            "=>",
            "%",
            "$",
            "1e6",
            "0.5",
            "10⁹",
            "µs",
            "容量",
            "🚀",
            "KiB",
            "Gbps",
            " users",
            " per ",
            "day",
            ",",
            ".",
            ":",
            "\n",
            "2024-01-15",
            "10:30",
            "1.2.3",
            "B",
            "b",
            "k",
            "m",
            "QPS",
            "**",
            "`",
            " of ",
            "1,000",
            "62",
            "base62",
            "\\text{",
            " ",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3_000 {
            let n = (next() % 24) as usize;
            let text: String = (0..n)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            for c in check(&text) {
                for s in [&c.span, &c.expr_span, &c.result_span, &c.relation_span] {
                    assert!(s.start <= s.end && s.end <= text.len(), "{text:?}");
                    assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                }
                let _ = (c.message(&text), c.help(&text));
            }
            for m in mentions(&text) {
                assert!(m.span.end <= text.len() && text.is_char_boundary(m.span.start));
                assert!(text.is_char_boundary(m.span.end), "{text:?}");
            }
        }
    }

    #[test]
    fn mentions_of_quantities() {
        let text = "100M DAU, 3 GB/day, ~1,200 QPS, p99 < 200 ms, 99.99% uptime, 500M total users, \
                    10M posts, 5 years, 1 Gbps, 300 B per tweet, 2024-01-15, Python 3.11";
        let got: Vec<(&str, MentionKind)> = mentions(text)
            .iter()
            .map(|m| (&text[m.span.clone()], m.kind))
            .collect();
        assert_eq!(
            got,
            vec![
                ("100M DAU", MentionKind::Users),
                ("3 GB/day", MentionKind::Bandwidth),
                ("~1,200 QPS", MentionKind::Rate),
                ("200 ms", MentionKind::Latency),
                ("99.99%", MentionKind::Percent),
                ("500M total users", MentionKind::Users),
                ("10M", MentionKind::Count),
                ("5 years", MentionKind::Other),
                ("1 Gbps", MentionKind::Bandwidth),
                ("300 B", MentionKind::Storage),
            ]
        );
        let m = &mentions("1.5B users")[0];
        assert_eq!(m.quantity.value, 1.5e9);
        assert_eq!(m.kind, MentionKind::Users);
        let m = &mentions("3 GB/day")[0];
        assert!((m.quantity.value - 3e9 / 86_400.0).abs() < 1e-6);
        assert!(mentions("no digits").is_empty());
    }
}
