//! `arithmetic`: every estimate's arithmetic checked with units (DL105).
//! The checking itself lives in [`crate::estimate`]; this detector feeds it
//! the write-up's text and maps its claims back to source spans.

use std::ops::Range;

use super::params::NoParams;
use super::{BuildCtx, Cx, Detector, DetectorDef, Finding, Outcome, Severity, detector};
use crate::document::{Block, BlockKind, Document};
use crate::error::Error;
use crate::estimate::{self, Claim, MentionKind, Verdict};

/// How the rule decides: the estimate module's documentation, printed by `explain`.
pub const DOCS: &str = concat!(
    "## How `arithmetic` decides\n\n",
    "Claims are looked for in paragraphs, list items, table rows, and code blocks that\n",
    "are plain text (no language, or `text`, `txt`, `plain`, `math`, `markdown`): estimates are often\n",
    "written in a ``` block, while a block in a programming language is code, not a claim.\n",
    "Arithmetic is read from the source where Markdown emphasis would split it\n",
    "(`3600*24*365` is a product, not `3600` *24* `365`). A table's total row is checked\n",
    "against the rows above it, and a list's total line against the lines above it.\n",
    "A wrong claim is an error at its exact span, with the right value in the help. With\n",
    "claims, the credit is the share that are right; a ratio or percentage change between\n",
    "two stated values costs credit when wrong but earns none when right, since it derives\n",
    "no estimate. With none at all the credit is 0, and\n",
    "when the write-up gives quantities of a system (users, rates, sizes, bandwidth) an info\n",
    "diagnostic says none of them is shown to be derived; a write-up that estimates nothing\n",
    "gets no diagnostic here (DL104 asks for estimates).\n\n",
    include_str!("../estimate/DOCS.md")
);

/// A write-up with at least this many quantities of a system and no claim is told that
/// its numbers are not derived.
const MIN_QUANTITIES: usize = 2;

struct Arithmetic;

pub const DETECTOR: DetectorDef =
    detector::<NoParams>("arithmetic", build, DOCS, &["message", "help"], false);

fn build(_cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    Ok(Box::new(Arithmetic))
}

/// A claim with the text its spans refer to and its span in the source.
pub(crate) struct Found {
    pub claim: Claim,
    pub text: String,
    pub source: Range<usize>,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Does a source line have a `*` between two numbers (`3600*24`, `2*(3+4)`), which
/// Markdown may have read as emphasis and dropped from the plain text?
fn star_between_numbers(line: &str) -> bool {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'*' {
            i += 1;
            continue;
        }
        let s = i;
        while i < b.len() && b[i] == b'*' {
            i += 1;
        }
        let before = s > 0 && (b[s - 1].is_ascii_digit() || matches!(b[s - 1], b'%' | b')'));
        let after = i < b.len() && (b[i].is_ascii_digit() || b[i] == b'(');
        if before && after && i - s <= 2 {
            return true;
        }
    }
    false
}

/// The source lines of a prose block where emphasis may have split arithmetic.
fn split_lines(doc: &Document, b: &Block) -> Vec<Range<usize>> {
    let src = &doc.source[b.span.clone()];
    let mut out = Vec::new();
    let mut at = b.span.start;
    for line in src.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if star_between_numbers(body) {
            out.push(at..at + body.len());
        }
        at += line.len();
    }
    out
}

/// Every claim of one block, with source spans. In a prose block, a source line where
/// emphasis may have split arithmetic is read from the source instead of the plain text.
fn block_claims(doc: &Document, b: &Block, out: &mut Vec<Found>) {
    let plain: Vec<Claim> = estimate::check(b.text)
        .into_iter()
        .filter(|c| !b.is_masked(&c.span))
        .collect();
    let lines = if b.is_prose() {
        split_lines(doc, b)
    } else {
        Vec::new()
    };
    for c in plain {
        let source = b.source_range(c.span.clone());
        if lines.iter().any(|l| overlaps(l, &source)) {
            continue;
        }
        out.push(Found {
            claim: c,
            text: b.text.to_string(),
            source,
        });
    }
    let masked: Vec<Range<usize>> = b.masked().map(|m| b.source_range(m)).collect();
    for l in lines {
        let text = &doc.source[l.clone()];
        for c in estimate::check(text) {
            let source = l.start + c.span.start..l.start + c.span.end;
            if masked.iter().any(|m| overlaps(m, &source)) {
                continue;
            }
            out.push(Found {
                claim: c,
                text: text.to_string(),
                source,
            });
        }
    }
    // totals after a list of values, in a plain-text code block
    if b.is_plain_text_code() {
        let lines: Vec<&str> = b.text.split('\n').collect();
        let starts: Vec<usize> = lines
            .iter()
            .scan(0, |at, l| {
                let s = *at;
                *at += l.len() + 1;
                Some(s)
            })
            .collect();
        for (k, c) in estimate::check_lines(&lines) {
            let span = starts[k] + c.span.start..starts[k] + c.span.end;
            out.push(Found {
                source: b.source_range(span),
                text: lines[k].to_string(),
                claim: c,
            });
        }
    }
}

/// Claims that need several blocks: the rows of a table, the items of a list.
fn group_claims(blocks: &[&Block], found: Vec<(usize, Claim)>, out: &mut Vec<Found>) {
    for (k, c) in found {
        let b = blocks[k];
        if b.is_masked(&c.span) {
            continue;
        }
        out.push(Found {
            source: b.source_range(c.span.clone()),
            text: b.text.to_string(),
            claim: c,
        });
    }
}

/// Every claim of the write-up, in source order.
pub(crate) fn claims(doc: &Document) -> Vec<Found> {
    let mut out = Vec::new();
    let blocks = &doc.blocks;
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        if b.is_prose() || b.is_plain_text_code() {
            block_claims(doc, b, &mut out);
        }
        match b.kind {
            // a table: its header and the rows after it
            BlockKind::TableRow { header: true } => {
                let mut j = i + 1;
                while j < blocks.len() && blocks[j].kind == (BlockKind::TableRow { header: false }) {
                    j += 1;
                }
                let group: Vec<&Block> = blocks[i..j].iter().collect();
                let texts: Vec<&str> = group.iter().map(|b| b.text).collect();
                group_claims(&group, estimate::check_table(&texts), &mut out);
                for b in &blocks[i + 1..j] {
                    block_claims(doc, b, &mut out);
                }
                i = j;
                continue;
            }
            // a list: items of one depth, one after the other
            BlockKind::ListItem { ordered, depth } => {
                let mut j = i + 1;
                while j < blocks.len()
                    && blocks[j].kind == (BlockKind::ListItem { ordered, depth })
                    && blocks[j].section() == b.section()
                {
                    j += 1;
                }
                let group: Vec<&Block> = blocks[i..j].iter().collect();
                let texts: Vec<&str> = group.iter().map(|b| b.text).collect();
                group_claims(&group, estimate::check_lines(&texts), &mut out);
                for b in &blocks[i + 1..j] {
                    block_claims(doc, b, &mut out);
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.sort_by_key(|f| (f.source.start, f.source.end));
    out
}

/// Does the write-up give quantities of a system (users, rates, sizes, bandwidth, scaled
/// counts)? Then a write-up without a single derived figure is worth a word.
fn gives_quantities(doc: &Document) -> bool {
    let mut n = 0;
    for b in doc
        .blocks
        .iter()
        .filter(|b| b.is_prose() || b.is_plain_text_code())
    {
        for m in estimate::mentions(b.text) {
            if b.is_masked(&m.span) {
                continue;
            }
            if matches!(
                m.kind,
                MentionKind::Users
                    | MentionKind::Rate
                    | MentionKind::Storage
                    | MentionKind::Bandwidth
                    | MentionKind::Count
            ) {
                n += 1;
                if n >= MIN_QUANTITIES {
                    return true;
                }
            }
        }
    }
    false
}

impl Detector for Arithmetic {
    fn check(&self, cx: &Cx) -> Outcome {
        let (mut right, mut wrong) = (0usize, 0usize);
        let mut findings = Vec::new();
        for f in claims(cx.doc) {
            match f.claim.verdict {
                // a right ratio between two stated values derives no estimate
                Verdict::Correct if f.claim.is_change() => {}
                Verdict::Correct => right += 1,
                Verdict::Wrong => {
                    wrong += 1;
                    findings.push(
                        Finding::new(f.source, f.claim.message(&f.text))
                            .help(f.claim.help(&f.text))
                            .severity(Severity::Error),
                    );
                }
            }
        }
        let total = right + wrong;
        let credit = if total == 0 {
            0.0
        } else {
            right as f64 / total as f64
        };
        if total == 0 && gives_quantities(cx.doc) {
            findings.push(cx.shortfall(&[], &[]).severity(Severity::Info));
        }
        Outcome {
            credit: Some(credit),
            findings,
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Settings, lint};
    use crate::rubric;

    fn dl105(src: &str) -> Vec<(Severity, String, String)> {
        let rubric = rubric::load("interview", std::path::Path::new(".")).unwrap();
        let settings = Settings {
            select: vec!["DL105".into()],
            ..Settings::default()
        };
        lint(src, &rubric, &settings)
            .diagnostics
            .into_iter()
            .map(|d| (d.severity, src[d.span.clone()].to_string(), d.message))
            .collect()
    }

    fn claim_texts(src: &str) -> Vec<(String, Verdict)> {
        let arena = crate::document::Arena::new();
        let doc = Document::parse(src, &arena);
        claims(&doc)
            .into_iter()
            .map(|f| (src[f.source.clone()].to_string(), f.claim.verdict))
            .collect()
    }

    #[test]
    fn stars_between_numbers() {
        assert!(star_between_numbers("60*60*24 = 86,400"));
        assert!(star_between_numbers("2*(3+4) = 14"));
        assert!(star_between_numbers("99.9%*8760 = 8.76 h"));
        assert!(!star_between_numbers("**Total**: 30 GB"));
        assert!(!star_between_numbers("* 5 GB per user"));
        assert!(!star_between_numbers("10 *** 3"));
    }

    #[test]
    fn emphasis_inside_arithmetic_is_read_from_the_source() {
        // Markdown reads `*24*` as emphasis: the plain text is `60 24 365 …`
        let src = "# Sizing\n\nDowntime budget: 60*24*365*0.01% = 52.6 minutes a year.\n";
        assert_eq!(
            claim_texts(src),
            vec![("60*24*365*0.01% = 52.6 minutes".to_string(), Verdict::Correct)]
        );
        assert!(dl105(src).is_empty(), "{:?}", dl105(src));
        // and a wrong one is reported at its place in the source
        let src = "# Sizing\n\nIntro.\n\nPer day: 3600*24*2 = 17,280 requests.\n";
        let d = dl105(src);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].0, Severity::Error);
        assert_eq!(d[0].1, "3600*24*2 = 17,280");
        // the plain text is still read where there is no emphasis to undo
        let src = "We write 10M × 1 KB = 10 GB a day, and read *ten times* that.\n";
        assert_eq!(
            claim_texts(src),
            vec![("10M × 1 KB = 10 GB".to_string(), Verdict::Correct)]
        );
    }

    #[test]
    fn inline_code_inside_arithmetic() {
        let src = "Writes: `5M` / 86,400 ≈ `58` per second, reads `5M` × 20 = 100M a day.\n";
        assert_eq!(
            claim_texts(src),
            vec![
                ("5M` / 86,400 ≈ `58` per second".to_string(), Verdict::Correct),
                ("5M` × 20 = 100M".to_string(), Verdict::Correct)
            ]
        );
        let src = "Writes: `5M` / 86,400 ≈ `580` per second.\n";
        let d = dl105(src);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].1, "5M` / 86,400 ≈ `580` per second");
    }

    #[test]
    fn totals_of_tables_and_of_code_block_lists() {
        let src = "\
# Storage

| Data | Per year |
|---|---|
| Photos | 40 TB |
| Videos | 100 TB |
| Logs | 2 TB |
| **Total** | **182 TB** |

```
Photos: 40 TB
Videos: 100 TB
Logs:   2 TB
Total:  142 TB
```
";
        let d = dl105(src);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].1, "182 TB");
        assert_eq!(d[0].2, "the 3 rows above add up to 142 TB, not `182 TB`");
    }

    #[test]
    fn no_arithmetic_is_said_only_of_a_write_up_with_figures() {
        let shortfall = |src: &str| dl105(src).iter().any(|(s, _, _)| *s == Severity::Info);
        // figures of a system, none derived
        assert!(shortfall(
            "# Chat\n\nWe expect 50M daily users sending 40 messages each, 2 TB of new data a day.\n"
        ));
        // no figures at all: DL104 asks for estimates, this rule has nothing to say
        assert!(!shortfall(
            "# Chat\n\nUsers send messages to each other; the server stores them and fans them out.\n"
        ));
        // figures derived: no shortfall either
        assert!(!shortfall(
            "# Chat\n\n50M users × 40 messages = 2B messages a day.\n"
        ));
    }
}
