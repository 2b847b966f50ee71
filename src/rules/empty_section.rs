//! Detectors about the shape of the outline.

use super::params::NoParams;
use super::{BuildCtx, Cx, Detector, DetectorDef, Finding, Outcome, detector};
use crate::document::BlockKind;
use crate::error::Error;

pub const DOCS_EMPTY: &str = "\
## How `empty-section` decides

A heading is empty when nothing follows it before the next heading of the same
or a higher level: no paragraph, list, table, code block or image, and no
subsection. HTML comments do not count as content. A heading that only
introduces subsections is not empty. A bold line used as a heading
(`**Storage**`) is never reported: right before a heading it is a lead-in.";

struct EmptySection;

pub const DETECTOR: DetectorDef = detector::<NoParams>(
    "empty-section",
    build_empty_section,
    DOCS_EMPTY,
    &["message", "help"],
    false,
);

fn build_empty_section(_cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    Ok(Box::new(EmptySection))
}

impl Detector for EmptySection {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        let mut findings = Vec::new();
        // Sections holding an image, found in one pass over the links (an image
        // whose block is past the last one counts for every section).
        let mut has_image = vec![false; doc.sections.len()];
        let mut image_everywhere = false;
        for l in doc.links.iter().filter(|l| l.image) {
            match doc.blocks.get(l.block) {
                None => image_everywhere = true,
                Some(b) => {
                    if let Some(h) = has_image.get_mut(b.section()) {
                        *h = true;
                    }
                }
            }
        }
        for (i, s) in doc.sections.iter().enumerate().skip(1) {
            // A bold line before the next heading is a lead-in, not a heading left empty.
            if s.pseudo {
                continue;
            }
            let has_sub = s.subtree_end > i + 1;
            let has_content = doc.blocks[s.blocks.clone()]
                .iter()
                .any(|b| b.kind != BlockKind::Html)
                || image_everywhere
                || has_image[i];
            if !has_sub && !has_content {
                findings.push(
                    Finding::new(
                        doc.section_anchor(i),
                        cx.rule.message.replace("{heading}", &s.title),
                    )
                    .help(cx.rule.help.replace("{heading}", &s.title)),
                );
            }
        }
        Outcome {
            credit: cx
                .rule
                .is_item()
                .then_some(if findings.is_empty() { 1.0 } else { 0.0 }),
            findings,
            ..Default::default()
        }
    }
}
