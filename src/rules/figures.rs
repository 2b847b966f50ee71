//! `inconsistent-figures` (DL601): the same quantity of the same system stated
//! with materially different values in two places.
//!
//! Every figure of the write-up (a number with its unit, or a bare number
//! under a label or in a table) becomes a statement: its value in base units
//! (`src/estimate/`'s unit model), its dimension (a count, a rate, bytes, a
//! duration, a percentage, a multiplier), whether it is a bound (`< 200 ms`)
//! or a value, and what it counts — the words that name it, wherever the
//! writer put them: after the number (`100M DAU`, `30K queries/sec`), in a
//! label before it (`Photos uploaded per day: 100 million`), in the row and
//! column of a table, or just before it (`polling every 5 s`). Qualifiers
//! stay part of what it counts (peak, average, p99, reads, writes, per
//! server), so a peak is never compared with an average.
//!
//! Two statements of the same thing disagree when their values differ by more
//! than the estimate tolerance ([`crate::estimate::agree`]). Figures that are
//! not the write-up's own settled numbers are left out: scenarios ("if we
//! grow to 1B users", "at 10×", a section about the future or an example),
//! before/after pairs (`200 ms → 20 ms`), comparisons and alternatives
//! ("vs", "instead of"), and operands of an expression, which keep only the
//! words written with them.

use foldhash::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use super::params::NoParams;
use super::words;
use super::{BuildCtx, Cx, Detector, DetectorDef, Finding, Outcome, detector};
use crate::document::{Block, BlockKind, Document, Role};
use crate::error::Error;
use crate::estimate::{self, MentionKind};

pub const DOCS: &str = "\
## How `inconsistent-figures` decides

Each figure of the author's own text (sentences, lists, tables and
plain-text code; not checklists, objectives, links, advice, quotes or
diagrams) becomes a statement of a quantity: its value in base units, its
dimension (count, rate, bytes, bytes per time, duration, percentage,
multiplier), whether it is a bound (`< 200 ms`, `at least`) or a value, and
the words that say what it counts: after the number (`100M DAU`), in the
label of its line (`Peak QPS: 12K`), in its table row and column, or just
before it (`polling every 5 s`). A number without a unit is a figure only
at the start of a table cell or a line, or as the stated result of a
calculation (`= 6,120 concurrent jobs`). A line of a calculation that
continues the one above (`= 2,315 × 3`) is named by that line's label
(`Peak requests/sec = Average × 3`). A count said by a qualifier alone
(`10M concurrent`) is of users, and peak, average or \"at once\" said
earlier in the sentence (`During busy hours, 3,000 …`, `At any moment,
100K jobs …`) qualifies the figure. A period
said after it (`5 billion tweets delivered per day`) makes it a rate. Words are compared by stem
(`photos uploaded` and `photo uploads` meet); qualifiers stay (peak,
average, p50, p99, concurrent, capacity, a variant in parentheses such as
`(compressed)` after the figure or in its label), so a peak is compared
only with a peak and a compressed size only with a compressed size. Two
statements are of one quantity when their words are the same, or when one
adds words to the other and the shorter still names it by two words
(`search queries`, `product search queries`) or by one word and a
qualifier (`p99 latency`, `peak concurrent users`; not requests or
transactions, which write-ups split into parts), and the added words name
no other part (a cache, an index, a log).

They contradict each other when their values differ by more than the
estimate tolerance (15 %, or rounding to one significant figure), by at
most 200× (beyond that they are a size and a total, not one figure), and
not by exactly 60 (a figure read in seconds for minutes). Reported once per
quantity and dimension, at the second place, with the first one labelled.
A part of the requests (their reads, writes, uploads or downloads) stated
larger than all of them (`peak read requests` above `peak requests`) is a
contradiction too; a part of another thing is not (`paste reads` are not a
part of the pastes written). So is a peak of a count or a rate stated
below the plain figure it peaks over (`peak concurrent users` below
`concurrent users`); a peak above it is what a peak is.

Not compared: two figures in one block (the steps of one calculation), two
operands or two results of calculations (each has its own inputs), and
figures that a calculation of the write-up derives one from the other. An
operand is compared with the result of another calculation; a result that
only converts its own operand to another unit (`20K pings/sec × 86,400 sec
= 1.7 billion pings/day`) counts as that operand, and a variant named in
the label of an operand's line (`Cart contents (hot data): 30,000 accounts
× 2 KB`) is a variant of the operand. Left out: figures in a scenario (a sentence
with \"if\", \"would\", \"could\" (but not how much the system could
handle or how many could run at once), \"initially\", \"at 10×\", \"in 5 years\", \"for
example\"; a list introduced by such a sentence; a section about the
future, growth, examples or alternatives (not one that splits the design's
own figures, such as \"Read vs write traffic\"), or whose heading carries a figure,
such as \"At 10M users\"; a table row or column named by a figure, such as
\"5 chars\" or \"5 years\"), before/after pairs (`200 ms → 20 ms`,
\"from … to …\", \"reduced\"), comparisons (\"vs\", \"instead of\"), asides
in parentheses after another figure, figures in a line's label (`Storage
for 30 days: …`), labels that add things up or list several things (`URL + metadata`,
`Rider ID, Driver ID`), and users
of no kind (`50M users`: registered, daily or at once?).";

pub const DETECTOR: DetectorDef = detector::<NoParams>("inconsistent-figures", build, DOCS, &[], false);

fn build(_cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    Ok(Box::new(Figures))
}

struct Figures;

/// What a figure measures, in the unit model's base units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Dim {
    Count,
    Rate,
    Bytes,
    ByteRate,
    Duration,
    Percent,
    Multiplier,
}

/// A bound is compared only with a bound of the same direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Bound {
    Value,
    Upper,
    Lower,
}

/// One figure as the write-up states it.
#[derive(Debug, Clone)]
struct Statement {
    /// Source bytes of the number and its unit.
    span: Range<usize>,
    value: f64,
    dim: Dim,
    bound: Bound,
    /// What it counts: canonical stems, sorted, qualifiers included.
    key: Vec<String>,
    /// The figure as written, for the message.
    shown: String,
    /// The number as written, before a period or a label's unit applied to
    /// it (what a calculation in the text uses).
    raw: f64,
    /// The 1-based line of the figure.
    line: usize,
    /// What it counts, in the writer's words (for the message).
    name: String,
    /// A plain statement, an operand of a calculation or its result.
    form: Form,
    /// The block it is in.
    block: usize,
}

/// How a figure takes part in a calculation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Plain,
    Operand,
    Result,
}

/// The figures of a document, and the calculations that derive one figure
/// from others (an operand and the result, as numbers).
#[derive(Default)]
struct Read {
    statements: Vec<Statement>,
    /// Results by their operands' magnitudes ([`bucket`]), both ways.
    derived: HashMap<i64, Vec<(f64, f64)>>,
    /// The block being read.
    block: usize,
}

impl Read {
    /// Does a calculation of the write-up derive one of these from the other?
    fn derives(&self, a: &Statement, b: &Statement) -> bool {
        let near = |x: f64, y: f64| (x - y).abs() <= 0.05 * x.abs().max(y.abs());
        let k = bucket(a.raw);
        (k.saturating_sub(1)..=k.saturating_add(1))
            .filter_map(|k| self.derived.get(&k))
            .flatten()
            .any(|&(x, y)| near(x, a.raw) && near(y, b.raw))
    }

    /// An operand `o` of a calculation whose result is `r`.
    fn derive(&mut self, o: f64, r: f64) {
        self.derived.entry(bucket(o)).or_default().push((o, r));
        self.derived.entry(bucket(r)).or_default().push((r, o));
    }
}

/// The magnitude of a value, in steps of about 5 %.
fn bucket(x: f64) -> i64 {
    if x == 0.0 || !x.is_finite() {
        return i64::MIN;
    }
    (x.abs().log10() * 40.0).round() as i64
}

impl Detector for Figures {
    fn check(&self, cx: &Cx) -> Outcome {
        let read = statements(cx.doc);
        let statements = &read.statements;
        let mut findings = Vec::new();
        // The statements so far of each key, and the keys of each kind
        // (dimension, bound, qualifiers); each quantity is reported once.
        let mut by_key: HashMap<(Dim, Bound, &[String]), Vec<usize>> = HashMap::default();
        let mut kinds: HashMap<Kind, Vec<&[String]>> = HashMap::default();
        let mut reported: HashSet<(Dim, Bound, &[String])> = HashSet::default();
        for (j, b) in statements.iter().enumerate() {
            let kind = (b.dim, b.bound, qualifiers(&b.key));
            // The keys of its kind, and of the kind that adds or drops "peak"
            // (a peak is compared with the plain figure it peaks over).
            let mut candidates: Vec<&[String]> = Vec::new();
            if let Some(keys) = kinds.get(&kind) {
                candidates.extend(keys.iter().take(MAX_COMPARED));
            }
            if let Some(partner) = peak_partner(&kind)
                && let Some(keys) = kinds.get(&partner)
            {
                candidates.extend(keys.iter().take(MAX_COMPARED));
            }
            if !reported.contains(&(b.dim, b.bound, b.key.as_slice())) {
                // The first earlier statement of the same quantity it
                // contradicts: of its own key and of the keys that say more
                // or less (their first and latest few statements).
                let first = candidates
                    .iter()
                    .filter(|k| !reported.contains(&(b.dim, b.bound, **k)))
                    .filter_map(|k| relation(k, &b.key).map(|r| (k, r)))
                    .flat_map(|(k, r)| {
                        let members = &by_key[&(b.dim, b.bound, *k)];
                        let n = members.len();
                        members
                            .iter()
                            .take(8)
                            .chain(members.iter().skip(n.saturating_sub(8).max(8)))
                            .map(move |&i| (i, r))
                    })
                    .find(|&(i, r)| match r.bound(&statements[i], b) {
                        None => contradicts(&read, &statements[i], b),
                        Some((low, high)) => exceeds(&read, low, high),
                    });
                if let Some((i, r)) = first {
                    reported.insert((b.dim, b.bound, &statements[i].key));
                    reported.insert((b.dim, b.bound, &b.key));
                    findings.push(match r.bound(&statements[i], b) {
                        None => finding(&statements[i], b),
                        Some((low, high)) => order_finding(r, &statements[i], b, low, high),
                    });
                }
            }
            let members = by_key.entry((b.dim, b.bound, b.key.as_slice())).or_default();
            if members.is_empty() {
                kinds.entry(kind).or_default().push(&b.key);
            }
            members.push(j);
        }
        Outcome {
            credit: None,
            findings,
            ..Default::default()
        }
    }
}

/// Do two statements of one quantity contradict each other? Not when they
/// agree within the estimate tolerance, sit on one line (a figure and its
/// restatement, or the parts of one calculation), when the write-up derives
/// one from the other, or when they are apart by exactly a unit conversion
/// (a per-day figure read as a total: the reading, not the writer, is wrong).
///
/// Two operands, or two results, are not compared: each calculation has its
/// own inputs, and a figure computed twice differs where its inputs are
/// stated. Nor are figures in one block (the steps of one calculation) or
/// more than 200× apart (a size of one item and a total, not one quantity
/// misstated: the contradictions reviewers find are up to about 100× apart).
fn contradicts(read: &Read, a: &Statement, b: &Statement) -> bool {
    if estimate::agree(a.value, b.value)
        || a.block == b.block
        || (a.form != Form::Plain && a.form == b.form)
        || read.derives(a, b)
    {
        return false;
    }
    let (lo, hi) = (a.value.abs().min(b.value.abs()), a.value.abs().max(b.value.abs()));
    lo > 0.0 && hi / lo <= MAX_RATIO && (hi / lo / CONVERSION - 1.0).abs() >= 0.02
}

/// A kind of quantity: its dimension, bound and qualifiers.
type Kind<'a> = (Dim, Bound, Vec<&'a str>);

/// How many keys of a kind a statement is compared with.
const MAX_COMPARED: usize = 256;

/// The qualifiers of a key (peak, average, p99, concurrent …).
fn qualifiers(key: &[String]) -> Vec<&str> {
    key.iter()
        .map(String::as_str)
        .filter(|w| is_qualifier(w))
        .collect()
}

/// A qualifier (peak, p99 …) or a variant named in parentheses (`~compress`).
fn is_qualifier(w: &str) -> bool {
    QUALIFIERS.contains(&w) || w.starts_with('~')
}

/// How two keys of one kind relate: one quantity, or a part (its reads or
/// its writes) and the whole.
#[derive(Debug, Clone, Copy)]
enum Relation {
    Same,
    /// `earlier`: the earlier statement's key is the part.
    Part {
        earlier: bool,
    },
    /// A peak and the plain figure it peaks over (`peak concurrent users`
    /// and `concurrent users`); `earlier`: the earlier one is the peak.
    Peak {
        earlier: bool,
    },
}

impl Relation {
    /// For a relation that orders its two figures, the one that must not be
    /// the larger (the part, the plain figure) and the one it must not exceed.
    fn bound<'s>(
        self,
        earlier: &'s Statement,
        later: &'s Statement,
    ) -> Option<(&'s Statement, &'s Statement)> {
        match self {
            Relation::Same => None,
            Relation::Part { earlier: first } => {
                Some(if first { (earlier, later) } else { (later, earlier) })
            }
            Relation::Peak { earlier: first } => {
                Some(if first { (later, earlier) } else { (earlier, later) })
            }
        }
    }
}

/// The kind that is `kind` with "peak" added or dropped: of counts and
/// rates (how many, how often) only, and not of an average.
fn peak_partner<'a>(kind: &Kind<'a>) -> Option<Kind<'a>> {
    let (dim, bound, quals) = kind;
    if !matches!(dim, Dim::Count | Dim::Rate | Dim::ByteRate) || quals.contains(&"avg") {
        return None;
    }
    let mut q: Vec<&str> = if quals.contains(&"peak") {
        quals.iter().copied().filter(|w| *w != "peak").collect()
    } else {
        quals.iter().copied().chain(["peak"]).collect()
    };
    q.sort_unstable();
    Some((*dim, *bound, q))
}

fn relation(earlier: &[String], later: &[String]) -> Option<Relation> {
    let peak = |k: &[String]| k.iter().any(|w| w == "peak");
    if peak(earlier) != peak(later) {
        let (peaked, plain) = if peak(earlier) {
            (earlier, later)
        } else {
            (later, earlier)
        };
        let over: Vec<String> = peaked.iter().filter(|w| *w != "peak").cloned().collect();
        return (!plain.iter().any(|w| w == "avg") && same_quantity(&over, plain)).then_some(
            Relation::Peak {
                earlier: peak(earlier),
            },
        );
    }
    if same_quantity(earlier, later) {
        return Some(Relation::Same);
    }
    if part_of(earlier, later) {
        return Some(Relation::Part { earlier: true });
    }
    part_of(later, earlier).then_some(Relation::Part { earlier: false })
}

/// Is `part` the reads, writes, uploads or downloads of the requests of
/// `whole` (`peak read requests` of `peak requests`)? Of requests only:
/// "paste reads" are not a part of "pastes" (the pastes written).
fn part_of(part: &[String], whole: &[String]) -> bool {
    part.len() == whole.len() + 1
        && whole.iter().all(|w| part.contains(w))
        && part.iter().any(|w| {
            !whole.contains(w) && matches!(w.as_str(), "read" | "writ" | "write" | "upload" | "download")
        })
        && whole.iter().any(|w| w == "request" || w == "transaction")
}

/// A part stated larger than its whole (reads at 1.7M requests/s of a peak
/// of 1.2M requests/s): two figures that contradict each other, the part's
/// the larger.
fn exceeds(read: &Read, part: &Statement, whole: &Statement) -> bool {
    part.value > whole.value && contradicts(read, part, whole)
}

/// Do two keys with the same qualifiers name one quantity? When their words
/// are the same, or when one says more than the other and the shorter one
/// still names the thing by two words or more ("search queries" and
/// "product search queries"; not "requests" and "search requests").
fn same_quantity(a: &[String], b: &[String]) -> bool {
    if a == b {
        return true;
    }
    // A variant named in parentheses (`(compressed)`) is compared only
    // with the same variant.
    let variants = |k: &[String]| {
        k.iter()
            .filter(|w| w.starts_with('~'))
            .cloned()
            .collect::<Vec<_>>()
    };
    if variants(a) != variants(b) {
        return false;
    }
    let (small, big) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let content = small.iter().filter(|w| !is_qualifier(w)).count();
    // What the longer adds must not name another part (the cache of the
    // catalog is not the catalog).
    let extra_part = big
        .iter()
        .any(|w| !small.contains(w) && PARTS.contains(&w.as_str()));
    // One word and a qualifier name it too (`p99 latency`, `peak concurrent
    // users`), except requests, which the write-up splits into parts
    // (`peak requests` and `peak read requests` are not one figure).
    let named = content >= 2
        || (content == 1 && small.len() > 1 && !small.iter().any(|w| w == "request" || w == "transaction"));
    named && !extra_part && small.iter().all(|w| big.contains(w))
}

/// Stems that name a part of the system holding or copying data, or one
/// place of several.
const PARTS: &[&str] = &[
    "cach",
    "index",
    "log",
    "backup",
    "replica",
    "metadata",
    "thumbnail",
    "snapshot",
    "queu",
    "db",
    "databas",
    "shard",
    "partition",
    "bucket",
    "archiv",
    // One place of several: a city's drivers are not all drivers.
    "city",
    "region",
    "country",
];

/// Beyond this ratio two figures are not one quantity stated twice.
const MAX_RATIO: f64 = 200.0;

/// Minutes and seconds, hours and minutes: the one unit conversion under
/// [`MAX_RATIO`] that a figure read without its unit is off by.
const CONVERSION: f64 = 60.0;

fn finding(first: &Statement, second: &Statement) -> Finding {
    let line = |s: &Statement| s.line;
    let what = format!("`{}`", second.name);
    let (lo, hi) = if first.value.abs() <= second.value.abs() {
        (first.value.abs(), second.value.abs())
    } else {
        (second.value.abs(), first.value.abs())
    };
    let apart = if lo > 0.0 {
        format!(", {} apart", times(hi / lo))
    } else {
        String::new()
    };
    Finding::new(
        second.span.clone(),
        format!(
            "{what} is `{}` here but `{}` on line {}{apart}.",
            second.shown,
            first.shown,
            line(first)
        ),
    )
    .help(format!(
        "The write-up states {what} twice with different values: `{}` (line {}) and `{}` (line {}). Use one figure throughout, or say what differs (average or peak, reads or writes, per server or in total, today or at a later scale).",
        first.shown,
        line(first),
        second.shown,
        line(second)
    ))
    .related(first.span.clone(), format!("first stated as `{}`", first.shown))
}

/// Two figures in an order the write-up breaks (a part above its whole, a
/// peak below the plain figure it peaks over), `low` the one that must not
/// be the larger: at the later place, the earlier labelled.
fn order_finding(
    r: Relation,
    first: &Statement,
    second: &Statement,
    low: &Statement,
    high: &Statement,
) -> Finding {
    let apart = times(low.value.abs() / high.value.abs().max(f64::MIN_POSITIVE));
    let (message, help) = if matches!(r, Relation::Peak { .. }) {
        (
            format!(
                "`{}` is `{}` (line {}), less than `{}` of `{}` (line {}): {apart}.",
                high.name, high.shown, high.line, low.name, low.shown, low.line
            ),
            format!(
                "A peak cannot be lower than the figure it peaks over: `{}` is `{}` but `{}` is `{}`. Use one set of figures, or say what the larger one is (a capacity target, a later scale).",
                high.name, high.shown, low.name, low.shown
            ),
        )
    } else {
        (
            format!(
                "`{}` is `{}` (line {}), more than the whole `{}` of `{}` (line {}): {apart}.",
                low.name, low.shown, low.line, high.name, high.shown, high.line
            ),
            format!(
                "A part of the traffic cannot exceed the whole: `{}` is `{}` but `{}` is `{}`. Use one set of figures, or say what differs (average or peak, today or at a later scale).",
                low.name, low.shown, high.name, high.shown
            ),
        )
    };
    Finding::new(second.span.clone(), message)
        .help(help)
        .related(first.span.clone(), format!("stated as `{}`", first.shown))
}

/// A ratio as people write it: "10×", "1.4×".
fn times(r: f64) -> String {
    if r >= 10.0 {
        format!("{:.0}×", r)
    } else {
        format!("{:.1}×", r)
    }
}

// ── Reading the figures ─────────────────────────────────────────────────────

/// A heading that puts what follows in another situation than the design's
/// own: the future, growth, an example, an alternative, a comparison.
static SCENARIO_HEADING: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\b(?:future|evolution|evolv\w*|roadmap|growth|growing|what[- ]if|examples?|worked example|real[- ]world|case stud\w*|benchmarks?|comparisons?|compared|alternatives?|vs\.?|versus|faq|migration|conversions?|cheat[- ]?sheet|rules? of thumb|handy|reference|extensions?|follow[- ]ups?|next steps|improvements?|optimi[sz]ations?|v2|version 2|phase [2-9]|stage [2-9]|scaling (?:roadmap|plan|journey|path|strategy)|scale to|10x|\d+×|\d+x)\b",
    )
});

/// A sentence that states a scenario, a comparison or a change rather than
/// the design's settled figure.
static SCENARIO: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\b(?:if|unless|suppose|supposing|imagine|hypothetical\w*|would|might|grows?|grew|grown|growing|growth|future|eventually|later|next year|years? \d+|in \d+ (?:years|months)|after \d+ (?:years|months)|by (?:the )?(?:end|year|20\d\d)|for example|for instance|e\.g|example|say we|real[- ]world|in reality|in practice|actual(?:ly)?|industry|for reference|for comparison|compared|comparison|vs\.?|versus|instead|rather than|alternative\w*|without|before|after|from [^.;,]{1,40}? to\b|reduc\w+|sav(?:e|es|ed|ing|ings)|cut|improv\w+|faster|slower|cheaper|increase[sd]?|decrease[sd]?|drops?|dropped|upgrade\w*|migrat\w+|initially|at first|at launch|to start with|worst[- ]case|best[- ]case|conversion|rule of thumb|cheat[- ]?sheet|handy|at \d+(?:\.\d+)?\s*[x×]|\d+(?:\.\d+)?\s*[x×] (?:growth|scale|traffic|users|more|bigger|larger)|10x|100x)\b|[→⇒⟶➜➔]|->|=>|^\s*(?:[-*•]\s*)?with\s+~?\d",
    )
});

/// Does a sentence state a scenario ([`SCENARIO`])? "Could" does, except
/// in a capacity: how much the system could handle, or how many could be
/// going on at once (`100K jobs could be running simultaneously`).
fn scenario(sentence: &str) -> bool {
    static COULD: LazyLock<crate::text::Matcher> =
        LazyLock::new(|| crate::text::Matcher::new(r"(?i)\bcould\b"));
    SCENARIO.is_match(sentence)
        || (COULD.is_match(sentence)
            && !words::split(&normalized(sentence))
                .iter()
                .any(|(_, w)| *w == "concurrent" || *w == "capacity"))
}

/// `10x`, `3×`, `2.5x`: a multiplier (not the digits after a thousands
/// comma: `10,000 × 3` multiplies ten thousand).
static MULTIPLIER: LazyLock<crate::text::Matcher> =
    LazyLock::new(|| crate::text::Matcher::new(r"(?:^|[^\w.,])(\d+(?:\.\d+)?)\s?[x×](?:[^\w]|$)"));

/// A bare number: `500,000`, `3`, `1.5`.
static BARE: LazyLock<crate::text::Matcher> =
    LazyLock::new(|| crate::text::Matcher::new(r"(?:^|[^\w.,/:#$€£-])(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"));

/// Phrases that name one thing in several ways, and qualifiers in one form.
const PHRASES: &[(&str, &str)] = &[
    (r"\bdaily active users?\b|\bdaily active\b|\bdaily users\b", "dau"),
    (
        r"\bmonthly active users?\b|\bmonthly active\b|\bmonthly users\b",
        "mau",
    ),
    (
        r"\bconcurrently\b|\bsimultaneous(?:ly)?\b|\bin[- ]flight\b|\bat (?:once|the same time|any (?:moment|time|given time))\b",
        "concurrent",
    ),
    (r"\bresponse times?\b", "latency"),
    (
        r"\b(?:can|could) (?:handle|support|serve|process|sustain)\b|\bcapacity\b|\bmax(?:imum)? throughput\b|\bheadroom\b|\bover[- ]?provision\w*",
        "capacity",
    ),
    (r"\b(?:queries|query|reqs?|requests?|qps|rps|calls)\b", "request"),
    (r"\b(?:tps|transactions?|txns?)\b", "transaction"),
    (r"\b(?:average|avg|mean|typical|normal|steady[- ]state)\b", "avg"),
    (
        r"\b(?:peak|max|maximum|busiest|burst|spikes?|busy hours?|rush hours?)\b",
        "peak",
    ),
    (r"\bmedian\b|\b50th percentile\b", "p50"),
    (r"\b99th percentile\b", "p99"),
    (r"\b95th percentile\b", "p95"),
    (r"\bp99\.9\b", "p999"),
];

/// [`PHRASES`] as one pattern, a group for each, read in one pass: where two
/// overlap they start together, and the earlier one wins, as it would
/// replaced first. No replacement makes a later phrase, so one pass gives
/// what replacing each phrase in turn gives (a unit test holds them equal).
static PHRASE: LazyLock<crate::text::Matcher> = LazyLock::new(phrase_matcher);

fn phrase_matcher() -> crate::text::Matcher {
    let groups: Vec<String> = PHRASES.iter().map(|(p, _)| format!("({p})")).collect();
    crate::text::Matcher::new(&format!("(?i){}", groups.join("|")))
}

/// Words that say nothing about what a figure counts (compared by stem).
const GENERIC: &[&str] = &[
    "need",
    "support",
    "handl",
    "serv",
    "expect",
    "assum",
    "estimat",
    "approx",
    "approximately",
    "about",
    "around",
    "rough",
    "total",
    "overall",
    "number",
    "count",
    "amount",
    "system",
    "across",
    "all",
    "each",
    "every",
    "most",
    "least",
    "target",
    "goal",
    "requir",
    "low",
    "high",
    "fast",
    "achiev",
    "value",
    "metric",
    "sla",
    "slo",
    "nfr",
    "over",
    "under",
    "less",
    "more",
    "within",
    "below",
    "above",
    "min",
    "minimum",
    "ok",
    "good",
    "great",
    "key",
    "main",
    "core",
    "new",
    "store",
    "keep",
    "get",
    "gets",
    "use",
    "using",
    "process",
    "generat",
    "produc",
    "creat",
    "mak",
    "result",
    "resulting",
    "giv",
    "give",
    "gives",
    "equal",
    "lead",
    "leads",
    "means",
    "mean",
    "design",
    "plan",
    "we'll",
    "let",
    "it's",
    "during",
    "scal",
    "scale",
    "grow",
    "reach",
    "roughly",
    "nearly",
    "almost",
    "least",
];

/// Words that only name the dimension ("storage" for bytes, "traffic" for a
/// rate), for each kind of dimension ([`dim_group`]).
const GENERIC_OF: [&[&str]; 5] = [
    &[
        "size",
        "storag",
        "space",
        "disk",
        "stor",
        "footprint",
        "capacity",
        "volum",
        "bandwidth",
        "throughput",
    ],
    // "API requests" are the requests.
    &["traffic", "throughput", "load", "volum", "rate", "api"],
    &["time", "duration", "period", "interval"],
    &["percent", "percentag", "share", "ratio", "fraction", "portion"],
    &["scale", "volum"],
];

/// The kind of dimension a figure is, for [`GENERIC_OF`]: bytes, rates,
/// durations, percentages, counts.
fn dim_group(dim: Dim) -> usize {
    match dim {
        Dim::Bytes | Dim::ByteRate => 0,
        Dim::Rate => 1,
        Dim::Duration => 2,
        Dim::Percent => 3,
        Dim::Count | Dim::Multiplier => 4,
    }
}

/// Qualifiers: they refine a subject but are not one.
const QUALIFIERS: &[&str] = &[
    "avg",
    "peak",
    "p50",
    "p90",
    "p95",
    "p99",
    "p999",
    "concurrent",
    "daily",
    "capacity",
];

/// Scale and unit words, which are the value, not what it counts.
fn is_unit_word(w: &str) -> bool {
    let l = w.to_ascii_lowercase();
    matches!(
        l.as_str(),
        "k" | "m"
            | "b"
            | "t"
            | "bn"
            | "mn"
            | "thousand"
            | "thousands"
            | "million"
            | "millions"
            | "billion"
            | "billions"
            | "trillion"
            | "trillions"
            | "mil"
            | "per"
            | "percent"
            | "pct"
            | "x"
            | "×"
    ) || !matches!(estimate_class(&l), UnitClass::Word)
}

#[derive(PartialEq)]
enum UnitClass {
    Word,
    Unit,
}

/// Is `w` a unit the estimate model reads (`GB`, `ms`, `day`, `QPS`)?
/// Asked once per word and thread.
fn estimate_class(w: &str) -> UnitClass {
    thread_local! {
        static KNOWN: std::cell::RefCell<HashMap<String, bool>> = std::cell::RefCell::new(HashMap::default());
    }
    let unit = KNOWN.with(|k| {
        if let Some(&u) = k.borrow().get(w) {
            return u;
        }
        let u = ask_estimate(w) == UnitClass::Unit;
        let mut k = k.borrow_mut();
        // A long document's words: keep the table small.
        if k.len() > 4096 {
            k.clear();
        }
        k.insert(w.to_string(), u);
        u
    });
    if unit { UnitClass::Unit } else { UnitClass::Word }
}

fn ask_estimate(w: &str) -> UnitClass {
    // Ask the estimate parser: "1 w" is a quantity with a unit exactly when w is one.
    let probe = format!("1 {w}");
    match estimate::mentions(&probe).first() {
        Some(m)
            if m.span.end == probe.len() && !matches!(m.kind, MentionKind::Users | MentionKind::Count) =>
        {
            UnitClass::Unit
        }
        _ => UnitClass::Word,
    }
}

/// A value found in a piece of text, before its words are read.
struct Value {
    range: Range<usize>,
    value: f64,
    dim: Dim,
    /// A bare number: it needs a label or a table cell to mean anything.
    bare: bool,
}

/// The figures of one piece of text (a paragraph, a list item, a table cell,
/// a line of a plain-text block), in order.
fn values(t: &str) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for m in estimate::mentions(t) {
        let dim = match m.kind {
            MentionKind::Count | MentionKind::Users => Dim::Count,
            MentionKind::Rate => Dim::Rate,
            MentionKind::Storage => Dim::Bytes,
            MentionKind::Bandwidth => Dim::ByteRate,
            MentionKind::Latency => Dim::Duration,
            MentionKind::Percent => Dim::Percent,
            MentionKind::Other if m.quantity.unit.time > 0 && !m.quantity.unit.is_information() => {
                Dim::Duration
            }
            MentionKind::Other => continue,
        };
        // Money is read as a count with a currency sign: not a figure of the system.
        if t[..m.span.start].ends_with(['$', '€', '£', '¥'])
            || t[m.span.clone()].starts_with(['$', '€', '£', '¥'])
        {
            continue;
        }
        // Bits are compared as bytes.
        let value = if m.quantity.unit.bits != 0 {
            m.quantity.value / 8f64.powi(i32::from(m.quantity.unit.bits))
        } else {
            m.quantity.value
        };
        out.push(Value {
            range: m.span.clone(),
            value,
            dim,
            bare: false,
        });
    }
    let taken =
        |r: &Range<usize>, out: &[Value]| out.iter().any(|v| v.range.start < r.end && r.start < v.range.end);
    for g in multipliers(t) {
        let end = t[g.end..]
            .char_indices()
            .find(|(_, ch)| *ch == 'x' || *ch == '×')
            .map_or(g.end, |(i, ch)| g.end + i + ch.len_utf8());
        let r = g.start..end;
        if taken(&r, &out) {
            continue;
        }
        if let Ok(v) = t[g].parse::<f64>() {
            out.push(Value {
                range: r,
                value: v,
                dim: Dim::Multiplier,
                bare: false,
            });
        }
    }
    for (num, g) in bare_numbers(t) {
        let r = num.start..g.end;
        if taken(&r, &out) {
            continue;
        }
        let after = &t[g.end..];
        // Dates, times, versions, ranges, ids, money: not figures.
        if after.starts_with([':', '.', '/', '-', '–', '%', '$'])
            && after.chars().nth(1).is_some_and(|c| c.is_ascii_digit())
            || after.starts_with(['-', '–'])
            || t[..num.start].ends_with(['$', '€', '£', '#', 'v', 'V'])
        {
            continue;
        }
        // Only a number that begins its piece of text (a table cell, a line
        // of a plain-text block): one inside a sentence without a unit is
        // an id, a count of examples or a price more often than a figure.
        // Or the stated result of a calculation (`= 6,120 concurrent jobs`).
        let result = t[..num.start].trim_end().ends_with(['=', '≈'])
            && !t[g.end..]
                .split(['=', '≈', '\n'])
                .next()
                .is_some_and(|rest| rest.contains(['×', '*', '/', '÷', '+']));
        if g.start != num.start && !result {
            continue;
        }
        let text = t[r.clone()].replace(',', "");
        let Ok(v) = text.parse::<f64>() else { continue };
        if !text.contains(',') && !text.contains('.') && (1900.0..=2100.0).contains(&v) {
            continue;
        }
        out.push(Value {
            range: r,
            value: v,
            dim: Dim::Count,
            bare: true,
        });
    }
    out.sort_by_key(|v| v.range.start);
    out
}

/// The number of each match of [`MULTIPLIER`] (its group 1), found
/// without asking for groups (a search for groups is several times
/// slower): the digits after the one character before them, and their
/// decimals.
fn multipliers(t: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    MULTIPLIER.find_iter(t).map(|m| {
        let start = first_digit(t, m.range());
        let mut end = digits_end(t, start);
        if t[end..].starts_with('.') && t[end + 1..].starts_with(|c: char| c.is_ascii_digit()) {
            end = digits_end(t, end + 1);
        }
        start..end
    })
}

/// The number of each match of [`BARE`] (its group 1, the decimals left
/// out), and the whole match.
fn bare_numbers(t: &str) -> impl Iterator<Item = (Range<usize>, Range<usize>)> + '_ {
    BARE.find_iter(t).map(|m| {
        let start = first_digit(t, m.range());
        // A `.` in the match starts its decimals (the group has none).
        let end = t[start..m.end()].find('.').map_or(m.end(), |k| start + k);
        (start..end, m.range())
    })
}

fn first_digit(t: &str, r: Range<usize>) -> usize {
    r.start + t[r].find(|c: char| c.is_ascii_digit()).unwrap_or(0)
}

fn digits_end(t: &str, from: usize) -> usize {
    t[from..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(t.len(), |k| from + k)
}

/// The context a piece of text sits in.
#[derive(Default, Clone)]
struct Context {
    /// Words that name the row of a table (its first cell) and the column.
    row: String,
    column: String,
    /// The piece of text is a table cell: a bare number in it is a figure.
    cell: bool,
    /// The label of the line a continuation line (`= 2,315 × 3`) continues.
    inherited: Option<String>,
}

/// Every statement of the document, in order.
fn statements(doc: &Document) -> Read {
    let scenario_section = scenario_sections(doc);
    let mut out = Read::default();
    let mut scenario_list = false;
    // The header of the table the rows below belong to.
    let mut header: Vec<String> = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        out.block = i;
        match b.kind {
            BlockKind::TableRow { header: true } => {
                header = b.text.split(" | ").map(str::to_string).collect();
            }
            BlockKind::TableRow { header: false } => {}
            _ => header.clear(),
        }
        // A paragraph that introduces a scenario ("If we grow to 1B users:")
        // makes the list under it a scenario too.
        if b.kind == BlockKind::Paragraph {
            scenario_list = b.text.trim_end().ends_with(':') && scenario(b.text);
        } else if !matches!(b.kind, BlockKind::ListItem { .. }) {
            scenario_list = false;
        }
        if scenario_section[b.section()] || (scenario_list && matches!(b.kind, BlockKind::ListItem { .. })) {
            continue;
        }
        // The author's own statements: not a checklist tick, an objective,
        // a link, advice to the reader or a quote.
        let own = match b.role {
            Role::Sentence | Role::Label | Role::TableRow => true,
            Role::Code => b.is_plain_text_code(),
            _ => false,
        };
        if !own || b.quote {
            continue;
        }
        let text = clean_latex(b.text);
        match b.kind {
            BlockKind::TableRow { header: true } => {}
            BlockKind::TableRow { header: false } => row(b, &header, &text, &mut out),
            BlockKind::Code { .. } => {
                // A calculation: a line with a label, then lines that continue it.
                let mut at = 0;
                let mut head: Option<String> = None;
                for line in text.split_inclusive('\n') {
                    let l = line.trim_end_matches(['\n', '\r']);
                    let cont = is_continuation(l);
                    if !cont {
                        head = leading_label(l);
                    }
                    let cx = Context {
                        inherited: if cont { head.clone() } else { None },
                        ..Context::default()
                    };
                    piece(b, l, at, &cx, &mut out);
                    at += line.len();
                }
            }
            _ => piece(b, &text, 0, &Context::default(), &mut out),
        }
    }
    for s in &mut out.statements {
        s.line = doc.line_col(s.span.start).line;
    }
    out
}

/// A line that continues the calculation of the line above (`= 2,315 × 3`).
fn is_continuation(line: &str) -> bool {
    let t = line.trim_start();
    ["=", "≈", "~", "→", "=>", "×", "*", "+", "÷"]
        .iter()
        .any(|p| t.starts_with(p))
}

/// The label of a line of a calculation: the words before its first `:` or
/// `=`, when they hold no figure (`Peak requests/sec = Average × 3`).
fn leading_label(line: &str) -> Option<String> {
    let k = line.find(':').or_else(|| {
        line.find('=')
            .filter(|&k| !line[..k].contains(['×', '*', '÷', '+', '^']) && !divides(&line[..k]))
    })?;
    let label = figureless(line[..k].trim().trim_start_matches(['-', '*', '•']));
    let label = label.trim();
    (!label.is_empty() && crate::document::count_words(label) <= 8).then(|| label.to_string())
}

/// A `/` that divides (`30M / 86,400`), not one of a unit (`requests/sec`).
fn divides(t: &str) -> bool {
    let b = t.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c == b'/'
            && !(i > 0 && b[i - 1].is_ascii_alphabetic() && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic))
    })
}

/// LaTeX as write-ups use it for estimates (`$$200 \space million \times 5$$`),
/// read as plain text of the same length: commands become their symbol or
/// spaces, braces and dollars spaces.
fn clean_latex(t: &str) -> std::borrow::Cow<'_, str> {
    if !t.contains('\\') && !t.contains('$') {
        return std::borrow::Cow::Borrowed(t);
    }
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(c) = rest.chars().next() {
        if c == '\\' {
            let name_len = rest[1..].bytes().take_while(u8::is_ascii_alphabetic).count();
            let len = 1 + name_len.max(usize::from(rest.len() > 1));
            let mut len = crate::text::ceil_char_boundary(rest, len.min(rest.len()));
            // `\begin{gather*}`: the environment's name is not text.
            if matches!(&rest[1..1 + name_len], "begin" | "end")
                && rest[len..].starts_with('{')
                && let Some(close) = rest[len..].find('}')
            {
                len += close + 1;
            }
            let sym = match &rest[1..1 + name_len] {
                "times" | "cdot" => "×",
                "sim" | "approx" | "simeq" => "~",
                "div" => "/",
                _ => "",
            };
            let sym = if sym.len() <= len { sym } else { "" };
            out.push_str(sym);
            out.extend(std::iter::repeat_n(' ', len - sym.len()));
            rest = &rest[len..];
        } else if matches!(c, '{' | '}' | '$' | '&') {
            out.push(' ');
            rest = &rest[1..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Sections (with their subsections) whose heading puts them in a scenario.
/// Two parts of the design's own traffic or data set against each other.
static SPLIT: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    let part = r"(?:reads?|writes?|uploads?|downloads?|ingress|egress|inbound|outbound|peak|average|avg|storage|bandwidth|compute|hot|cold)";
    crate::text::Matcher::new(&format!(r"(?i)\b{part}\s*(?:vs\.?|versus|/)\s*{part}\b"))
});

fn scenario_sections(doc: &Document) -> Vec<bool> {
    let mut out = vec![false; doc.sections.len()];
    for s in 1..doc.sections.len() {
        if out[s] {
            continue;
        }
        let t = &doc.sections[s].title;
        // Not its number: "3.1 User metrics".
        let t = t
            .trim_start()
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')');
        // "Read vs write traffic" splits the design's own figures; it
        // compares no alternatives.
        let t = SPLIT.replace_all(t, " ");
        if SCENARIO_HEADING.is_match(&t) || !estimate::mentions(&t).is_empty() {
            let end = doc.sections[s].subtree_end;
            out[s..end].fill(true);
        }
    }
    out
}

/// A table row: each cell after the first is read with its row label (the
/// first cell) and its column header. The first cell names the row: its
/// figures (`5 chars`, `Year 2`) are the row's key, not statements.
fn row(b: &Block, header: &[String], text: &str, out: &mut Read) {
    // A header that makes each row a scenario: "Year", "Phase", "Scale".
    if header
        .first()
        .is_some_and(|c| SCENARIO_HEADING.is_match(c) || TIMELINE.is_match(c.trim()))
        || scenario(text)
    {
        return;
    }
    let cells = cells(text);
    let Some((first, _)) = cells.first() else { return };
    // A row named by a figure (`5 chars`, `Year 2`) is one case of several.
    if !values(first).is_empty() {
        return;
    }
    for (k, (cell, r)) in cells.iter().enumerate().skip(1) {
        let column = header.get(k).cloned().unwrap_or_default();
        // So is a column named by one (`1 Year`, `5 Years`).
        if BEFORE_AFTER.is_match(column.trim()) || !values(&column).is_empty() {
            continue;
        }
        let cx = Context {
            row: first.to_string(),
            column,
            cell: true,
            inherited: None,
        };
        piece(b, cell, r.start, &cx, out);
    }
}

/// The first column of a timeline: each row is another time or scale.
static TIMELINE: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)^(?:year|month|phase|stage|step|tier|scale|users|dau|load|scenario|period|time|date|version|milestone|quarter|q[1-4])s?$",
    )
});

/// A column that holds a state before or after a change, or another case.
static BEFORE_AFTER: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)^(?:before|after|old|new|previous|proposed|improved|improvement|optimi[sz]ed|without .*|with .*|worst case|best case|if .*)$",
    )
});

/// The cells of a row's plain text (joined with " | "), with their ranges.
fn cells(text: &str) -> Vec<(&str, Range<usize>)> {
    let mut out = Vec::new();
    let mut at = 0;
    for c in text.split(" | ") {
        out.push((c, at..at + c.len()));
        at += c.len() + 3;
    }
    out
}

/// Where the clause around `p` starts: sentences, semicolons, commas
/// between words, dashes and line breaks end a clause.
fn clause_start(t: &str, p: usize) -> usize {
    let b = t.as_bytes();
    let mut start = 0;
    for i in 0..p.min(b.len()) {
        let c = b[i];
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        let prev = if i > 0 { b[i - 1] } else { b' ' };
        let brk = match c {
            b'.' | b'!' | b'?' => next == b' ' || next == b'\n',
            b';' | b'\n' | b'|' => true,
            b',' => !(prev.is_ascii_digit() && next.is_ascii_digit()),
            b'-' => prev == b' ' && next == b' ',
            _ => false,
        };
        if brk {
            start = i + 1;
        }
    }
    // Em and en dashes between words.
    for d in ["—", "–"] {
        if let Some(k) = t[..p].rfind(d)
            && k + d.len() > start
            && t[..k].ends_with(' ')
        {
            start = k + d.len();
        }
    }
    start
}

/// Where the sentence around `p` starts and ends.
fn sentence_range(t: &str, p: usize) -> Range<usize> {
    let b = t.as_bytes();
    let ends = |i: usize| {
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        (matches!(b[i], b'.' | b'!' | b'?') && (next == b' ' || next == b'\n'))
            || matches!(b[i], b';' | b'\n')
    };
    let start = (0..p.min(b.len())).rev().find(|&i| ends(i)).map_or(0, |i| i + 1);
    let end = (p..b.len()).find(|&i| ends(i)).unwrap_or(t.len());
    start..end.max(start)
}

/// Operators of an expression: a figure next to one is an operand.
fn next_to_operator(t: &str, r: &Range<usize>) -> bool {
    let before = t[..r.start].trim_end();
    let after = t[r.end..].trim_start();
    let op =
        |s: &str| s.starts_with(['×', '*', '/', '÷', '+', '·']) || s.starts_with("x ") || s.starts_with("- ");
    let op_end =
        |s: &str| s.ends_with(['×', '*', '/', '÷', '+', '·', '(']) || s.ends_with(" x") || s.ends_with(" -");
    op(after) || op_end(before)
}

/// After a relation: the stated result of a calculation.
fn after_relation(t: &str, r: &Range<usize>) -> bool {
    let before = t[..r.start].trim_end();
    before.ends_with(['=', '≈', '~', '≃']) || before.ends_with("~=") || before.ends_with("about")
}

/// Read the figures of one piece of text into statements.
fn piece(b: &Block, t: &str, base: usize, cx: &Context, out: &mut Read) {
    if !t.bytes().any(|c| c.is_ascii_digit()) {
        return;
    }
    let vals = values(t);
    if vals.is_empty() {
        return;
    }
    // Only a text with a relation holds a calculation.
    let claims = if t.contains(['=', '≈', '~', '→', '≃']) || t.contains("about") || t.contains("->") {
        estimate::check(t)
    } else {
        Vec::new()
    };
    // A unit conversion (`40 requests/s = 100M requests/month`) states no figure of the system.
    let conversion = |r: &Range<usize>| {
        claims.iter().any(|c| {
            let e = &t[c.expr_span.clone()];
            !e.contains(['×', '*', '/', '÷', '+', '^'])
                && !e.contains(" x ")
                && !e.contains(" - ")
                && c.span.start <= r.start
                && r.end <= c.span.end
        })
    };
    let within = |r: &Range<usize>, of: &Range<usize>| of.start <= r.start && r.end <= of.end;
    let in_result = |r: &Range<usize>| claims.iter().any(|c| within(r, &c.result_span));
    let in_expr = |r: &Range<usize>| claims.iter().any(|c| within(r, &c.expr_span));
    // What each calculation derives from what.
    for c in &claims {
        for o in vals.iter().filter(|v| within(&v.range, &c.expr_span)) {
            for r in vals.iter().filter(|v| within(&v.range, &c.result_span)) {
                out.derive(o.value, r.value);
            }
        }
    }
    let first_new = out.statements.len();
    // The label of a `label: value` line, for every figure after its colon.
    let colon = t
        .find(':')
        .filter(|&k| k < t.len() && crate::document::count_words(&t[..k]) <= 8);
    // Whether each sentence (by its start) states a scenario: asked once.
    let mut scenarios: Vec<(usize, bool)> = Vec::new();
    for v in &vals {
        if !cx.cell {
            let r = sentence_range(t, v.range.start);
            let is = match scenarios.iter().find(|(s, _)| *s == r.start) {
                Some(&(_, is)) => is,
                None => {
                    let is = scenario(&t[r.clone()]);
                    scenarios.push((r.start, is));
                    is
                }
            };
            if is {
                continue;
            }
        }
        // An aside in parentheses (`top 10 % of users (50M users)`), or a
        // parameter of a line's label (`Storage for 30 days: 15 GB`).
        let start = clause_start(t, v.range.start);
        if aside(t, start, &v.range, &vals)
            || colon.is_some_and(|k| v.range.end <= k && vals.iter().any(|o| o.range.start > k))
        {
            continue;
        }
        if near_arrow(t, &v.range) || conversion(&v.range) {
            continue;
        }
        // `x = 30M / 86,400`: after a relation but the start of an expression.
        let result = in_result(&v.range) || (after_relation(t, &v.range) && !starts_expression(t, &v.range));
        let operand = !result && (in_expr(&v.range) || next_to_operator(t, &v.range));
        let seg = &t[start..v.range.start];
        let figure_before = vals
            .iter()
            .any(|o| o.range.start >= start && o.range.end <= v.range.start);
        // What names the figure, before it: the whole clause when it holds no
        // other figure; for a result, the label of the clause; else the
        // words right before it.
        let (own, trailing_end) = own_words(t, &v.range);
        // The figure's own words name it (`200 million daily active users`):
        // of the words after an earlier figure, only qualifiers (`peak of`).
        let named = !canonical(&own, v.dim).is_empty();
        let mut label = if operand {
            String::new()
        } else if !figure_before {
            last_words(seg, 8).to_string()
        } else if result {
            leading_label(&t[start..]).unwrap_or_default()
        } else if named {
            qualifiers_of(prefix_of(seg))
        } else {
            prefix_of(seg).to_string()
        };
        if label.trim().is_empty()
            && !operand
            && let Some(h) = &cx.inherited
        {
            label = h.clone();
        }
        let paren = parenthetical(t, trailing_end);
        let line_label = match colon {
            Some(k) if k < v.range.start => figureless(&t[..k]),
            _ => String::new(),
        };
        // A bare number is a figure under a label: of its line
        // (`Concurrent users: 500,000`), its clause or its table cell.
        if v.bare && label.trim().is_empty() && line_label.trim().is_empty() && !cx.cell {
            continue;
        }
        // A label that adds things up (`Original URL + metadata`) or lists
        // several (`Rider ID, Driver ID`) names no one quantity.
        let lists =
            |l: &str| l.contains('+') || l.contains(" & ") || l.contains(" and ") || l.trim().contains(", ");
        if lists(&line_label) || label.contains(" + ") {
            continue;
        }
        // An operand keeps only its own words (and the period of its line).
        // Words in parentheses in a label (`Product images (compressed)`)
        // name a variant, as a parenthesis after the figure does.
        let mut words = String::new();
        let mut variant = String::from(paren);
        // An operand's line label names no quantity for it, but a variant in
        // it does (`Account balances (hot data): 50,000 accounts × 200 bytes`).
        for (w, names) in [
            (cx.row.as_str(), true),
            (cx.column.as_str(), true),
            (line_label.as_str(), !operand),
            (label.as_str(), true),
        ] {
            let (plain, inside) = words::split_asides(w, false);
            if names {
                words.push(' ');
                words.push_str(&plain);
            }
            variant.push(' ');
            variant.push_str(&inside);
        }
        words.push(' ');
        words.push_str(&own);
        let hint = if v.dim == Dim::Count {
            unit_hint(&normalized(&format!(
                "{} {} {} {} {}",
                cx.row,
                cx.column,
                line_label,
                label,
                if v.bare { "" } else { own.as_str() }
            )))
        } else {
            None
        };
        // A period said after the figure's words (`5 billion tweets
        // delivered per day`, `12.7 GB of new content per month`).
        let period = || match v.dim {
            Dim::Count | Dim::Bytes => period_after(t, trailing_end),
            _ => None,
        };
        let (dim, value) = match (hint, v.dim) {
            (Some((d, f)), _) => (d, v.value * f),
            (None, Dim::Count) if let Some(secs) = period() => (Dim::Rate, v.value / secs),
            (None, Dim::Bytes) if let Some(secs) = period() => (Dim::ByteRate, v.value / secs),
            (None, d) => (d, v.value),
        };
        let mut key = canonical(&words, dim);
        // A parenthesis after the figure names a variant of it
        // (`(compressed)`, `(cache hit)`): compared only with the same one.
        for w in canonical(&variant, dim) {
            let w = if QUALIFIERS.contains(&w.as_str()) || key.contains(&w) {
                w
            } else {
                format!("~{w}")
            };
            if !key.contains(&w) {
                key.push(w);
            }
        }
        // Peak or average said earlier in the sentence (`During busy
        // hours, ~1,700 people click …`) qualifies the figure too, and so
        // does "at once" of a count (`At any moment, 100K jobs …`).
        let has = |key: &[String], w: &str| key.iter().any(|k| k == w);
        let wants_level = !has(&key, "peak") && !has(&key, "avg");
        let wants_once = dim == Dim::Count && !has(&key, "concurrent");
        if !operand && (wants_level || wants_once) {
            let before = &t[sentence_range(t, v.range.start).start..v.range.start];
            for q in canonical(before, dim) {
                let take = match q.as_str() {
                    "peak" | "avg" => wants_level,
                    "concurrent" => wants_once,
                    _ => false,
                };
                if take && !key.contains(&q) {
                    key.push(q);
                }
            }
        }
        // "10M concurrent", "50M daily": a count said by its qualifier alone
        // is of users.
        if dim == Dim::Count && key.len() == 1 && (key[0] == "concurrent" || key[0] == "daily") {
            key.push("user".to_string());
        }
        key.sort();
        let content: Vec<&String> = key.iter().filter(|w| !is_qualifier(w)).collect();
        // Nothing but qualifiers, or users of no kind (registered? active?
        // at once?): not one quantity.
        if content.is_empty()
            || (dim == Dim::Count && content.len() == 1 && content[0] == "user" && key.len() == 1)
        {
            continue;
        }
        let bound = bound_before(&t[start.min(v.range.start)..v.range.start]);
        let span = b.source_range(base + v.range.start..base + v.range.end);
        let shown = t[v.range.clone()]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let name = name_of(&words, &key);
        out.statements.push(Statement {
            span,
            value,
            dim,
            bound,
            key,
            shown,
            raw: v.value,
            line: 0,
            name,
            form: if operand {
                Form::Operand
            } else if result {
                Form::Result
            } else {
                Form::Plain
            },
            block: out.block,
        });
    }
    if t.contains(['×', '*']) {
        conversions(out, first_new);
    }
}

/// A result of a multiplication equal to one of its operands in base units
/// restates that operand in another unit (`1.32M updates/sec × 86,400 sec
/// = 114 billion updates/day`): it is read as the operand it converts, and
/// so is compared with the same figures.
fn conversions(out: &mut Read, from: usize) {
    let new = &out.statements[from..];
    let conv: Vec<usize> = new
        .iter()
        .enumerate()
        .filter(|(_, r)| r.form == Form::Result)
        .filter(|(_, r)| {
            new.iter()
                .any(|o| o.form == Form::Operand && o.dim == r.dim && estimate::agree(o.value, r.value))
        })
        .map(|(i, _)| from + i)
        .collect();
    for i in conv {
        out.statements[i].form = Form::Operand;
    }
}

/// A figure in parentheses after another figure of its clause: an aside
/// that restates or splits it (`top 10 % of users (50M users)`).
fn aside(t: &str, clause: usize, r: &Range<usize>, vals: &[Value]) -> bool {
    let mut depth = 0i32;
    let mut open = None;
    for (i, c) in t[..r.start].bytes().enumerate() {
        match c {
            b'(' => {
                depth += 1;
                open.get_or_insert(i);
            }
            b')' => {
                depth = (depth - 1).max(0);
                if depth == 0 {
                    open = None;
                }
            }
            _ => {}
        }
    }
    open.is_some_and(|o| {
        vals.iter()
            .any(|v| v.range.end <= o && v.range.start >= clause.min(o))
    })
}

/// A label without its figures (`Total API requests/sec (peak 3x)` →
/// `Total API requests/sec (peak )`), and without "3× average", which
/// relates it to another figure.
fn figureless(label: &str) -> String {
    static RELATIVE: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
        crate::text::Matcher::new(
            r"(?i)\d+(?:\.\d+)?\s*[x×]\s*(?:the\s+)?(?:average|avg|normal|mean|baseline)",
        )
    });
    // `95th percentile` is a qualifier, not a figure: `p95`.
    static PERCENTILE: LazyLock<crate::text::Matcher> =
        LazyLock::new(|| crate::text::Matcher::new(r"(?i)\b(\d+)(?:\.(\d+))?(?:st|nd|rd|th)\s+percentile\b"));
    let label = RELATIVE.replace_all(label, " ");
    let label = PERCENTILE.replace_all(&label, "p$1$2");
    let mut out = label.to_string();
    for v in values(&label).iter().rev() {
        out.replace_range(v.range.clone(), " ");
    }
    out
}

/// A figure right before an operator starts an expression (`30M / 86,400`).
fn starts_expression(t: &str, r: &Range<usize>) -> bool {
    let after = t[r.end..].trim_start();
    after.starts_with(['×', '*', '/', '÷', '+', '·']) || after.starts_with("x ")
}

/// The period a figure is counted over, said in its clause after it ("per
/// day", "a month", "every second", "daily"), in seconds.
fn period_after(t: &str, from: usize) -> Option<f64> {
    static PERIOD: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
        crate::text::Matcher::new(
            r"(?i)^[^,;:.()\d]{0,40}?(?:\b(?:per|a|an|each|every)\s+|/\s*)(second|sec|minute|min|hour|hr|day|week|month|year)s?\b|^[^,;:.()\d]{0,40}?\b(daily|hourly|weekly|monthly|yearly|annually)\b",
        )
    });
    let c = PERIOD.captures(&t[from..])?;
    let w = c.get(1).or(c.get(2))?.as_str().to_ascii_lowercase();
    Some(match w.as_str() {
        "second" | "sec" => 1.0,
        "minute" | "min" => 60.0,
        "hour" | "hr" | "hourly" => 3600.0,
        "day" | "daily" => 86_400.0,
        "week" | "weekly" => 7.0 * 86_400.0,
        "month" | "monthly" => 30.0 * 86_400.0,
        _ => 365.0 * 86_400.0,
    })
}

/// What a figure counts in the writer's words: the words behind its key,
/// in the order written.
fn name_of(words: &str, key: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut used: Vec<&String> = Vec::new();
    for (_, w) in words::split(words) {
        let s = words::stem(w);
        if let Some(k) = key.iter().find(|k| words::same(k, &s))
            && !used.contains(&k)
        {
            used.push(k);
            out.push(w.to_string());
        }
    }
    // Keys made by a phrase ("peak", "dau") keep their canonical form; a
    // qualifier said elsewhere in the sentence goes first, as it is said
    // ("peak jobs", "concurrent deliveries").
    let mut first: Vec<String> = Vec::new();
    for k in key {
        if !used.contains(&k) {
            match k.as_str() {
                "dau" | "mau" | "p50" | "p90" | "p95" | "p99" | "p999" => out.push(k.to_uppercase()),
                "avg" => first.push("average".to_string()),
                "peak" | "concurrent" | "daily" => first.push(k.clone()),
                _ => out.push(k.clone()),
            }
        }
    }
    first.extend(out);
    first.join(" ")
}

/// The last `n` words of `seg`, from the first of them to its end.
fn last_words(seg: &str, n: usize) -> &str {
    let ws = words::split(seg);
    let keep = ws.len().saturating_sub(n);
    ws.get(keep).map_or("", |(r, _)| &seg[r.start..])
}

/// A figure next to an arrow is one side of a change (`200 ms → 20 ms`).
fn near_arrow(t: &str, r: &Range<usize>) -> bool {
    let before = t[..r.start].trim_end();
    let after = t[r.end..].trim_start();
    const ARROWS: [&str; 7] = ["→", "->", "=>", "⇒", "⟶", "➜", "➔"];
    ARROWS.iter().any(|a| before.ends_with(a) || after.starts_with(a))
}

/// Up to four words right before the figure, after the last figure or
/// operator before it.
fn prefix_of(seg: &str) -> &str {
    let cut = seg
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit() || "×*/+=()[]:".contains(*c))
        .map(|(i, c)| i + c.len_utf8())
        .next_back()
        .unwrap_or(0);
    last_words(&seg[cut..], 4)
}

/// The words written with the figure (`photos uploaded` in `1B photos
/// uploaded per day`) and up to three words after it, up to a stop word or a
/// mark; and where they end.
fn own_words(t: &str, r: &Range<usize>) -> (String, usize) {
    let mut out = String::new();
    for (_, w) in words::split(&t[r.clone()]) {
        if w.chars().any(|c| c.is_ascii_digit()) && !w.chars().next().is_some_and(char::is_alphabetic) {
            continue;
        }
        if is_unit_word(w)
            && !matches!(
                w.to_ascii_lowercase().as_str(),
                "qps" | "rps" | "tps" | "dau" | "mau"
            )
        {
            continue;
        }
        out.push(' ');
        out.push_str(w);
    }
    let rest = &t[r.end..];
    let mut end = r.end;
    let mut taken = 0;
    let mut of = false;
    for (wr, w) in words::split(rest) {
        // Only spaces (or a slash of a unit) between the words.
        let gap = &rest[end - r.end..wr.start];
        if !gap.chars().all(|c| c == ' ' || c == '/') || taken >= 3 {
            break;
        }
        let l = w.to_ascii_lowercase();
        if l == "of" && !of && taken == 0 {
            of = true;
            end = r.end + wr.end;
            continue;
        }
        if w.chars().any(|c| c.is_ascii_digit()) && !w.chars().next().is_some_and(char::is_alphabetic) {
            break;
        }
        if STOP.contains(&l.as_str()) {
            break;
        }
        if l == "per" {
            // "per server": a qualifier; "per second": a unit already read.
            out.push_str(" per");
        }
        out.push(' ');
        out.push_str(w);
        taken += 1;
        end = r.end + wr.end;
    }
    (out, end)
}

/// Words that end the words after a figure.
const STOP: &[&str] = &[
    "the", "a", "an", "in", "on", "at", "to", "with", "by", "from", "and", "or", "but", "for", "is", "are",
    "was", "were", "be", "will", "would", "should", "can", "could", "that", "which", "who", "we", "it",
    "this", "these", "those", "as", "than", "into", "each", "every", "if", "when", "so", "then", "via",
    "using", "vs", "versus", "across", "over", "under", "after", "before", "during", "while", "about",
    "around", "our", "their", "its",
];

/// A short parenthetical right after the figure's words: `(peak)`, `(P99)`.
fn parenthetical(t: &str, at: usize) -> &str {
    let rest = t[at..].trim_start();
    let Some(inner) = rest.strip_prefix('(') else {
        return "";
    };
    let Some(close) = inner.find(')') else { return "" };
    // The first phrase of it: `(cache hit, 80% of requests)` → `cache hit`.
    let inner = inner[..close].split([',', ';']).next().unwrap_or("");
    let ws = words::split(inner);
    if ws.is_empty()
        || ws.len() > 3
        || ws
            .iter()
            .any(|(_, w)| w.chars().all(|c| c.is_ascii_digit() || c == '.'))
    {
        return "";
    }
    inner
}

/// A unit written in a label or a column header: "per day", "(ms)", "QPS".
fn unit_hint(label: &str) -> Option<(Dim, f64)> {
    static HINT: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
        crate::text::Matcher::new(
            r"(?i)(?:\bper\s+|/\s*)(second|sec|s|minute|min|hour|hr|day|week|month|year)\b|\b(daily|hourly|monthly|yearly|annual(?:ly)?)\b|\b(qps|rps|tps)\b|\((ms|s|sec|seconds|minutes|min|hours|days|kb|mb|gb|tb|pb|bytes|%)\)",
        )
    });
    let c = HINT.captures(label)?;
    let per = |w: &str| -> Option<(Dim, f64)> {
        let secs = match w {
            "second" | "sec" | "s" => 1.0,
            "minute" | "min" => 60.0,
            "hour" | "hr" | "hourly" => 3600.0,
            "day" | "daily" => 86_400.0,
            "week" => 7.0 * 86_400.0,
            "month" | "monthly" => 30.0 * 86_400.0,
            _ => 365.0 * 86_400.0,
        };
        Some((Dim::Rate, 1.0 / secs))
    };
    if let Some(w) = c.get(1).or(c.get(2)) {
        return per(&w.as_str().to_ascii_lowercase());
    }
    if c.get(3).is_some() {
        return Some((Dim::Rate, 1.0));
    }
    let u = c.get(4)?.as_str().to_ascii_lowercase();
    Some(match u.as_str() {
        "ms" => (Dim::Duration, 1e-3),
        "s" | "sec" | "seconds" => (Dim::Duration, 1.0),
        "minutes" | "min" => (Dim::Duration, 60.0),
        "hours" => (Dim::Duration, 3600.0),
        "days" => (Dim::Duration, 86_400.0),
        "kb" => (Dim::Bytes, 1e3),
        "mb" => (Dim::Bytes, 1e6),
        "gb" => (Dim::Bytes, 1e9),
        "tb" => (Dim::Bytes, 1e12),
        "pb" => (Dim::Bytes, 1e15),
        "bytes" => (Dim::Bytes, 1.0),
        _ => (Dim::Percent, 0.01),
    })
}

/// The direction of a bound written right before a figure.
fn bound_before(before: &str) -> Bound {
    let b = before.trim_end().to_ascii_lowercase();
    const UPPER: [&str; 12] = [
        "<",
        "≤",
        "<=",
        "under",
        "below",
        "less than",
        "within",
        "at most",
        "up to",
        "no more than",
        "max",
        "maximum",
    ];
    const LOWER: [&str; 9] = [
        ">",
        "≥",
        ">=",
        "at least",
        "more than",
        "over",
        "above",
        "min",
        "minimum",
    ];
    if UPPER.iter().any(|u| b.ends_with(u)) {
        Bound::Upper
    } else if LOWER.iter().any(|u| b.ends_with(u)) {
        Bound::Lower
    } else {
        Bound::Value
    }
}

/// What a figure counts, as sorted canonical stems.
/// Lower-cased, with the phrases that name one thing in several ways in
/// one form (`daily active users` → `dau`).
fn normalized(words: &str) -> String {
    normalized_with(&PHRASE, words)
}

fn normalized_with(phrase: &crate::text::Matcher, words: &str) -> String {
    static TO: LazyLock<Vec<&str>> = LazyLock::new(|| PHRASES.iter().map(|(_, to)| *to).collect());
    let text = words.to_lowercase();
    match phrase.replace_groups(&text, &TO) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(o) => o,
    }
}

/// The qualifiers among some words (`the peak of` → `peak`).
fn qualifiers_of(words: &str) -> String {
    let text = normalized(words);
    words::split(&text)
        .into_iter()
        .filter(|(_, w)| QUALIFIERS.contains(w))
        .map(|(_, w)| w)
        .collect::<Vec<_>>()
        .join(" ")
}

fn canonical(words: &str, dim: Dim) -> Vec<String> {
    let text = normalized(words);
    let mut out: Vec<String> = Vec::new();
    for (_, w) in words::split(&text) {
        if w.starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        with_word(w, |stem, names| {
            if names[dim_group(dim)] && !out.iter().any(|o| words::same(o, stem)) {
                out.push(stem.to_string());
            }
        });
    }
    out.sort();
    out
}

/// Calls `f` with a word's stem and, for each of [`GENERIC_OF`], whether
/// the word names what a figure of that dimension counts (not a stop word,
/// a generic word of the dimension, or a unit). Worked out once per word and
/// thread: a write-up names the same few things again and again.
fn with_word<R>(w: &str, f: impl FnOnce(&str, &[bool; 5]) -> R) -> R {
    thread_local! {
        static SEEN: std::cell::RefCell<HashMap<String, (String, [bool; 5])>> =
            std::cell::RefCell::new(HashMap::default());
    }
    SEEN.with(|seen| {
        if let Some((stem, names)) = seen.borrow().get(w) {
            return f(stem, names);
        }
        let s = words::stem(w);
        static GENERIC_SET: LazyLock<HashSet<&str>> = LazyLock::new(|| GENERIC.iter().copied().collect());
        // A unit word is not a name, but a request is both.
        let unit = is_unit_word(w) && !matches!(s.as_str(), "request" | "transaction" | "dau" | "mau");
        let plain =
            !(words::is_stop(w) || GENERIC_SET.contains(s.as_str()) || GENERIC_SET.contains(w) || unit);
        let names = GENERIC_OF.map(|generic| plain && !generic.iter().any(|g| words::same(g, &s)));
        let r = f(&s, &names);
        let mut seen = seen.borrow_mut();
        // A long document's words: keep the table small.
        if seen.len() > 8192 {
            seen.clear();
        }
        seen.insert(w.to_string(), (s, names));
        r
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(src: &str) -> Vec<(String, Vec<String>, f64)> {
        let arena = crate::document::Arena::new();
        let d = Document::parse(src, &arena);
        statements(&d)
            .statements
            .into_iter()
            .map(|s| (s.shown, s.key, s.value))
            .collect()
    }

    #[test]
    fn numbers_are_the_groups_of_their_matches() {
        // What `multipliers` and `bare_numbers` read from each match is the
        // pattern's group 1, on texts made of the characters around numbers.
        let alphabet = [
            '1', '2', '0', ',', '.', ' ', 'x', '×', 'a', '$', '-', '/', '\n', '(', 'é', '5', '3',
        ];
        let with_groups = |p: &str, t: &str| -> Vec<(Range<usize>, Range<usize>)> {
            crate::text::builtin_regex(p)
                .unwrap()
                .captures_iter(t)
                .map(|c| (c.get(1).unwrap().range(), c.get(0).unwrap().range()))
                .collect()
        };
        let mut seed = 7u64;
        let mut found = 0;
        for _ in 0..4000 {
            let mut t = String::new();
            for _ in 0..14 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                t.push(alphabet[(seed >> 33) as usize % alphabet.len()]);
            }
            let m: Vec<Range<usize>> = with_groups(MULTIPLIER.pattern(), &t)
                .into_iter()
                .map(|(g, _)| g)
                .collect();
            assert_eq!(multipliers(&t).collect::<Vec<_>>(), m, "{t:?}");
            let b = with_groups(BARE.pattern(), &t);
            assert_eq!(bare_numbers(&t).collect::<Vec<_>>(), b, "{t:?}");
            found += m.len() + b.len();
        }
        assert!(found > 1000, "{found}");
    }

    #[test]
    fn phrases_in_one_pass_as_in_turn() {
        let texts = [
            "Peak Daily Active Users at the same time",
            "max throughput vs maximum requests per sec",
            "the busiest hour: 5K QPS, median response time 20 ms, p99.9 and p99.95",
            "over-provisioned capacity, overprovisioning, in-flight txns",
            "steady-state avg TPS; can handle 50th percentile calls",
            "monthly users and daily users; at any given time; spikes",
            "MAX THROUGHPUT at once (Kelvin: \u{212a}) and 95th percentile / 99th percentile",
            "none of them",
        ];
        let in_turn = |t: &str| {
            let mut text = t.to_lowercase();
            for (p, to) in PHRASES {
                let re = crate::text::builtin_regex(&format!("(?i){p}")).unwrap();
                text = re.replace_all(&text, *to).into_owned();
            }
            text
        };
        let m = phrase_matcher();
        for t in texts {
            assert_eq!(normalized_with(&m, t), in_turn(t), "regex-lite: {t}");
        }
        normalized_with(&m, &"x".repeat(crate::text::Matcher::LITE_BUDGET));
        for t in texts {
            assert_eq!(normalized_with(&m, t), in_turn(t), "full engine: {t}");
        }
        assert_eq!(normalized("Peak QPS at once"), "peak request concurrent");
    }

    #[test]
    fn what_a_figure_counts() {
        let k = keys(
            "- Handle 100M DAU\n- Photos uploaded per day: 100 million\n- 1 billion photos uploaded per day\n",
        );
        assert_eq!(k[0].1, vec!["dau"]);
        assert_eq!(k[1].1, k[2].1, "{k:?}");
    }

    #[test]
    fn a_peak_is_compared_with_the_plain_figure_it_peaks_over() {
        let k = keys(
            "- Support 2 million concurrent users\n- Peak: 200,000 concurrent users\n- Average: 50,000 concurrent users\n- At any moment, 40K jobs are running\n",
        );
        assert_eq!(k[0].1, vec!["concurrent", "user"], "{k:?}");
        assert_eq!(k[1].1, vec!["concurrent", "peak", "user"], "{k:?}");
        assert!(matches!(
            relation(&k[0].1, &k[1].1),
            Some(Relation::Peak { earlier: false })
        ));
        assert!(
            relation(&k[2].1, &k[1].1).is_none(),
            "an average is not what a peak peaks over"
        );
        assert_eq!(k[3].1, vec!["concurrent", "job"], "{k:?}");
    }

    #[test]
    fn could_is_a_scenario_except_in_a_capacity() {
        assert!(scenario("A flash sale could bring 5 million orders per day."));
        assert!(!scenario(
            "At any moment, 100K jobs could be running simultaneously."
        ));
        assert!(!scenario("One server could handle 10K connections."));
    }

    #[test]
    fn a_bare_number_is_read_as_the_end_of_a_calculation_only() {
        let k =
            keys("- Total accounts = 400,000 × 1.5 = 600,000\n- Total restaurants = 20,000 × 10 cities\n");
        let shown: Vec<&str> = k.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(shown, vec!["600,000"], "{k:?}");
    }
}
