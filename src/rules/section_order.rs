//! `section-order`: listed sections appear in this relative order.

use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use super::{BuildCtx, Cx, Detector, DetectorDef, Finding, Outcome, detector};
use crate::error::Error;

pub const DOCS: &str = "\
## How `section-order` decides

The rule lists `sections` as heading patterns, in the order they should
appear. For each pattern the first matching heading is found; a section that
is missing is skipped here (its own rule reports it, not this one). Every
section that comes before one listed ahead of it is reported at its heading.
As a rubric item, the credit is the share of present sections in order.
The help is the rule's `help`; without one, it lists the sections in order
by their patterns, which must then read as plain names.";

/// The parameters of `section-order`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Heading patterns, in the order the sections should appear.
    pub sections: Option<Vec<Spanned<String>>>,
}

pub const DETECTOR: DetectorDef = detector::<Params>("section-order", build, DOCS, &["help"], false);

struct Order {
    sections: Vec<Regex>,
    help: String,
}

fn build(cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    let p: Params = cx.params()?;
    let list = cx.require(&p.sections, "sections")?;
    let sections = cx.regexes(&p.sections, "sections")?;
    let help = match &cx.def.help {
        Some(h) => h.clone(),
        None => {
            let mut names = Vec::new();
            for s in list {
                match label(s.get_ref()) {
                    Some(n) => names.push(n),
                    None => {
                        return Err(Box::new(
                            crate::error::SourceError::new(
                                "designlint::rubric",
                                &cx.source_of("sections").path,
                                &cx.source_of("sections").text,
                                s.span(),
                                format!("rule {} has no `help`, and this pattern is not a name to show", cx.code),
                            )
                            .label("shown to the writer as the section's name")
                            .help("give the rule a `help` that names the sections in order, e.g. \"Order the record as Context → Decision → Consequences.\""),
                        ));
                    }
                }
            }
            format!("order these sections as: {}", names.join(" → "))
        }
    };
    Ok(Box::new(Order { sections, help }))
}

/// The name a plain heading pattern stands for ("(?i)^context$" is
/// "context"), or `None` when the pattern is more than a name.
fn label(pattern: &str) -> Option<String> {
    let name = pattern
        .trim_start_matches("(?i)")
        .trim_start_matches('^')
        .trim_end_matches('$')
        .replace("\\b", "");
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '\''));
    plain.then_some(name)
}

impl Detector for Order {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        // (position in list, section index) of each present section
        let present: Vec<(usize, usize)> = self
            .sections
            .iter()
            .enumerate()
            .filter_map(|(i, re)| {
                (1..doc.sections.len())
                    .find(|&s| re.is_match(&super::index::normalize_heading(&doc.sections[s].title)))
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
                    .help(self.help.clone()),
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
