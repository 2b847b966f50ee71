//! `title`: the write-up has a title that names it (not a section name of
//! the rubric, not a single word).

use serde::Deserialize;

use super::index::normalize_heading;
use super::{BuildCtx, Cx, Detector, DetectorDef, Finding, Outcome, detector};
use crate::error::Error;

pub const DOCS: &str = "\
## How `title` decides

The document's title is its first heading, when it is a level-1 heading or
comes before any other text. It earns full credit when it has at least
`min-words` words (default 2) and is not a section name of the rubric (a first
heading such as \"Context\" that matches a phase's `headings` is a section,
not a title). A title that is too short earns half; no title earns nothing.";

/// The parameters of `title`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Words a title needs (default 2).
    pub min_words: Option<usize>,
}

pub const DETECTOR: DetectorDef =
    detector::<Params>("title", build, DOCS, &["message", "partial", "help"], false);

struct Title {
    min_words: usize,
}

fn build(cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    let p: Params = cx.params()?;
    Ok(Box::new(Title {
        min_words: p.min_words.unwrap_or(2).max(1),
    }))
}

impl Detector for Title {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        let r = cx.rule;
        let title = doc.sections.get(1).filter(|s| {
            let first = s.level == 1 || doc.sections[0].blocks.is_empty();
            let section_name = cx
                .phases
                .iter()
                .any(|p| cx.an.section_headings[1].iter().any(|id| p.headings.contains(id)));
            first && !s.pseudo && !section_name
        });
        let credit = match title {
            None => 0.0,
            Some(s) if crate::document::count_words(&normalize_heading(&s.title)) < self.min_words => 0.5,
            Some(_) => 1.0,
        };
        let mut findings = Vec::new();
        if credit < 1.0 {
            let anchor = match title {
                Some(_) => doc.section_anchor(1),
                None => doc.anchor(),
            };
            let message = match (title, &r.partial) {
                (Some(s), Some(t)) => t.replace("{found}", &s.title),
                _ => r.message.clone(),
            };
            findings.push(Finding::new(anchor, message).help(r.help.clone()));
        }
        Outcome {
            credit: r.is_item().then_some(credit),
            findings,
            ..Default::default()
        }
    }
}
