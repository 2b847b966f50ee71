//! `document-kind`: a document that is not a design write-up says so, and
//! is scored as what it is.

use serde::Deserialize;

use super::{BuildCtx, Cx, Detector, DetectorDef, Finding, Outcome, Severity, detector};
use crate::document::kind::{Kind, OVERVIEW_LINKS};
use crate::error::Error;

pub const DOCS: &str = "\
## How `document-kind` decides

From the form of the text, never its topic:
- an **overview page** links to five or more other Markdown files (a README
  that indexes its chapters). It is scored on its own content; its table of
  contents, learning objectives and links to the chapters earn nothing (as
  everywhere). The diagnostic is informational.
- a **guide** speaks to the reader about interviews (at least 6 mentions of
  interviews or candidates and 4 of \"you\" per thousand words) and gives no
  figures of a system (fewer than 3 numbers with a unit per thousand words).
  It designs nothing, so its score is capped at `max-score` (default 15),
  and this is its only diagnostic: what a write-up would lack does not apply.
- anything else is a write-up and gets no diagnostic.";

struct DocumentKind {
    max_score: f64,
}

/// The parameters of `document-kind`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// The most a guide can score (default 15).
    pub max_score: Option<f64>,
}

pub const DETECTOR: DetectorDef = detector::<Params>("document-kind", build, DOCS, &[], false);

fn build(cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    let p: Params = cx.params()?;
    let max_score = p.max_score.unwrap_or(15.0);
    if !(0.0..=100.0).contains(&max_score) {
        return Err(cx.error(cx.span.clone(), "`max-score` is a number from 0 to 100"));
    }
    Ok(Box::new(DocumentKind { max_score }))
}

impl Detector for DocumentKind {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        let s = cx.an.kind_signals;
        let mut out = Outcome::default();
        match cx.an.kind {
            Kind::WriteUp => {}
            Kind::Overview => out.findings.push(
                Finding::new(
                    doc.anchor(),
                    format!(
                        "This is an overview page: it links to {} other Markdown files. Only its own content is scored; its table of contents, objectives and links earn nothing.",
                        s.sibling_files
                    ),
                )
                .help(format!(
                    "Lint the chapters themselves (`designlint check {}`), or ignore this rule for index pages. A page is an overview when it links to {OVERVIEW_LINKS} or more Markdown files.",
                    "DIR"
                ))
                .severity(Severity::Info),
            ),
            Kind::Guide => {
                out.findings.push(
                    Finding::new(
                        doc.anchor(),
                        format!(
                            "This reads as a guide to design interviews, not a design write-up: it speaks to the reader and gives no figures of a system. Scored as one (at most {}).",
                            self.max_score
                        ),
                    )
                    .help(
                        "If it is a write-up, design one system: state its requirements and numbers, and describe the design in your own words (\"we shard by user id\"), not as advice to the reader.",
                    ),
                );
                out.cap = Some(self.max_score);
            }
        }
        out
    }
}
