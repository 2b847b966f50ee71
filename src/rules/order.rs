//! `section-order`: listed sections appear in this relative order.

use super::{BuildCtx, Cx, Detector, Finding, Outcome};
use crate::error::Error;
use regex::Regex;

pub const DOCS: &str = "\
## How `section-order` decides

The rule lists `sections` as heading patterns, in the order they should
appear. For each pattern the first matching heading is found; a section that
is missing is skipped here (its own rule reports it, not this one). Every
section that comes before one listed ahead of it is reported at its heading.
As a rubric item, the credit is the share of present sections in order.";

struct Order {
    sections: Vec<(String, Regex)>,
}

pub fn build(cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    let list = cx.require(&cx.def.sections, "sections")?;
    let regexes = cx.regexes(&cx.def.sections)?;
    let sections = list.iter().map(|s| s.get_ref().clone()).zip(regexes).collect();
    Ok(Box::new(Order { sections }))
}

fn label(pattern: &str) -> String {
    pattern
        .trim_start_matches("(?i)")
        .trim_matches(['^', '$'])
        .replace("\\s*", " ")
        .replace("\\b", "")
}

impl Detector for Order {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        // (position in list, section index) of each present section
        let present: Vec<(usize, usize)> = self
            .sections
            .iter()
            .enumerate()
            .filter_map(|(i, (_, re))| {
                (1..doc.sections.len())
                    .find(|&s| re.is_match(&crate::rubric::index::normalize_heading(&doc.sections[s].title)))
                    .map(|s| (i, s))
            })
            .collect();
        let mut findings = Vec::new();
        for (k, &(_, s)) in present.iter().enumerate() {
            // Listed earlier but written later than this one?
            if let Some(&(_, t)) = present[..k].iter().find(|&&(_, t)| t > s) {
                findings.push(
                    Finding::new(
                        doc.section_anchor(s),
                        format!(
                            "\"{}\" comes before \"{}\", which should precede it",
                            doc.sections[s].title, doc.sections[t].title
                        ),
                    )
                    .help(format!(
                        "order these sections as: {}",
                        self.sections
                            .iter()
                            .map(|(p, _)| label(p))
                            .collect::<Vec<_>>()
                            .join(" → ")
                    )),
                );
            }
        }
        let credit = cx.rule.is_item().then(|| {
            if present.is_empty() {
                0.0
            } else {
                1.0 - findings.len() as f64 / present.len() as f64
            }
        });
        Outcome {
            credit,
            findings,
            ..Default::default()
        }
    }
}
