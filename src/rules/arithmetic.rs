//! `arithmetic`: every estimate's arithmetic checked with units (DL105).
//! The checking itself lives in [`crate::estimate`]; this detector feeds it
//! the write-up's text and maps its claims back to source spans.

use super::{BuildCtx, Cx, Detector, Finding, Outcome};
use crate::error::Error;
use crate::estimate::{self, Verdict};
use crate::rubric::Severity;

/// How the rule decides: the estimate module's documentation, printed by `explain`.
pub const DOCS: &str = concat!(
    "## How `arithmetic` decides\n\n",
    "Claims are looked for in paragraphs, list items, table rows, and code blocks that\n",
    "are plain text (no language, or `text`, `txt`, `plain`, `math`, `markdown`): estimates are often\n",
    "written in a ``` block, while a block in a programming language is code, not a claim.\n",
    "A wrong claim is an error at its exact span, with the right value in the help. With\n",
    "claims, the credit is the share that are right; with none at all it is 0 and an info\n",
    "diagnostic says the numbers are not shown to be derived.\n\n",
    include_str!("../estimate/DOCS.md")
);

struct Arithmetic;

pub fn build(_cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    Ok(Box::new(Arithmetic))
}

impl Detector for Arithmetic {
    fn check(&self, cx: &Cx) -> Outcome {
        let (mut right, mut wrong) = (0usize, 0usize);
        let mut findings = Vec::new();
        for b in &cx.doc.blocks {
            let checkable = b.is_prose() || b.is_plain_text_code();
            if !checkable {
                continue;
            }
            for c in estimate::check(&b.text) {
                if b.is_masked(&c.span) {
                    continue;
                }
                match c.verdict {
                    Verdict::Correct => right += 1,
                    Verdict::Wrong => {
                        wrong += 1;
                        findings.push(
                            Finding::new(b.source_range(c.span.clone()), c.message(&b.text))
                                .help(c.help(&b.text))
                                .severity(Severity::Error),
                        );
                    }
                }
            }
        }
        let total = right + wrong;
        let credit = if total == 0 {
            0.0
        } else {
            right as f64 / total as f64
        };
        if total == 0 {
            findings.push(cx.shortfall(&[], &[]).severity(Severity::Info));
        }
        Outcome {
            credit: Some(credit),
            findings,
            ..Default::default()
        }
    }
}
