//! `arithmetic`: every estimate's arithmetic checked with units (DL105).
//! The checking itself lives in [`crate::estimate`]; this detector feeds it
//! the write-up's text and maps its claims back to source spans.

use std::ops::Range;

use super::{BuildCtx, Cx, Detector, Finding, Outcome};
use crate::document::{Block, BlockKind, Document};
use crate::error::Error;
use crate::estimate::{self, Claim, MentionKind, Verdict};
use crate::rubric::Severity;

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

pub fn build(_cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
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
    let plain: Vec<Claim> = estimate::check(&b.text)
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
            text: b.text.clone(),
            source,
        });
    }
    let masked: Vec<Range<usize>> = b.masked.iter().map(|m| b.source_range(m.clone())).collect();
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
        let mut starts = Vec::new();
        let mut at = 0;
        let lines: Vec<&str> = b
            .text
            .split('\n')
            .map(|l| {
                starts.push(at);
                at += l.len() + 1;
                l
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
            text: b.text.clone(),
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
                let texts: Vec<&str> = group.iter().map(|b| b.text.as_str()).collect();
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
                    && blocks[j].section == b.section
                {
                    j += 1;
                }
                let group: Vec<&Block> = blocks[i..j].iter().collect();
                let texts: Vec<&str> = group.iter().map(|b| b.text.as_str()).collect();
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
    for b in doc.blocks.iter().filter(|b| b.is_prose() || b.is_plain_text_code()) {
        for m in estimate::mentions(&b.text) {
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
