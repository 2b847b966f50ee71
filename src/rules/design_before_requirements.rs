//! `design-before-requirements`: the design comes before any requirement is
//! stated, or there is design and no requirements at all.

use regex::RegexSet;

use super::keywords::{Group, groups, strong_and_weak};
use serde::Deserialize;
use toml::Spanned;

use super::params::GroupDef;
use super::{BuildCtx, Cx, Detector, DetectorDef, Finding, Outcome, detector};
use crate::error::Error;

pub const DOCS: &str = "\
## How `design-before-requirements` decides

Requirements are first stated at the earliest of: a heading that matches the
rule's `headings` (requirements, scope, features, use cases …) and a
requirement keyword in prose (\"functional requirement\", \"users can\",
\"should be able to\" …). The design starts at the first heading that
matches the rule's `patterns` (architecture, high-level design, components,
API, data model …) or the first diagram. The title heading never counts as
design. When the design comes first, the finding points at where it starts;
when the write-up has a design and no requirement anywhere, it points there
too.";

struct Jump {
    /// The design headings' patterns, as one set.
    design: RegexSet,
    req: Vec<Group>,
}

/// The parameters of `design-before-requirements`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Headings of design sections.
    pub patterns: Option<Vec<Spanned<String>>>,
    /// What states a requirement.
    pub keywords: Option<Vec<String>>,
    pub groups: Option<Vec<GroupDef>>,
}

pub const DETECTOR: DetectorDef =
    detector::<Params>("design-before-requirements", build, DOCS, &["help"], true);

fn build(mut cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    let p: Params = cx.params()?;
    cx.require(&p.patterns, "patterns")?;
    let design = cx.regex_set(&p.patterns, "patterns")?;
    Ok(Box::new(Jump {
        design,
        req: groups(&mut cx, &p.keywords, &p.groups),
    }))
}

impl Detector for Jump {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        let title = doc.title_section().filter(|&t| doc.sections[t].level == 1);
        let heading_pos = |s: usize| doc.section_anchor(s).start;
        let req_heading = cx
            .rule_sections()
            .into_iter()
            .filter(|&s| Some(s) != title)
            .map(heading_pos)
            .min();
        // A requirement stated: a keyword in a block that is strong evidence
        // (a sentence, a listed item, a target with its number), not a link,
        // an objective or a word in passing.
        let req_kw = self
            .req
            .iter()
            .flat_map(|g| strong_and_weak(cx, g))
            .filter(|&(_, s)| s == super::Strength::Strong)
            .map(|(h, _)| doc.blocks[cx.an.hits[h].block()].span.start)
            .min();
        let req = match (req_heading, req_kw) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        // A design heading over content of its own (not over a list of links
        // to the chapters that hold the design).
        let has_content = |s: usize| {
            doc.blocks[doc.subtree_blocks(s)]
                .iter()
                .any(|b| b.role.is_evidence() || b.role == crate::document::Role::Diagram)
        };
        let design_heading = (1..doc.sections.len())
            .filter(|&s| Some(s) != title)
            .find(|&s| {
                let t = super::index::normalize_heading(&doc.sections[s].title);
                self.design.is_match(&t) && has_content(s)
            })
            .map(|s| (doc.section_anchor(s), doc.sections[s].title.clone()));
        let diagram = cx.an.diagrams.first().map(|&i| &doc.blocks[i]).map(|b| {
            (
                b.span.start..b.span.start + doc.source[b.span.clone()].find('\n').unwrap_or(b.span.len()),
                "a diagram".to_string(),
            )
        });
        let design = match (design_heading, diagram) {
            (Some(a), Some(b)) => Some(if a.0.start <= b.0.start { a } else { b }),
            (a, b) => a.or(b),
        };
        let mut out = Outcome::default();
        if let Some((span, what)) = design {
            let msg = match req {
                None => Some(format!(
                    "The write-up goes to the design (\"{what}\") and never states the requirements."
                )),
                Some(r) if span.start < r => {
                    let line = doc.line_col(r).line;
                    Some(format!(
                        "The design (\"{what}\") starts before any requirement is stated (the first is on line {line})."
                    ))
                }
                _ => None,
            };
            if let Some(m) = msg {
                out.findings
                    .push(Finding::new(span, m).help(cx.rule.help.clone()));
            }
        }
        if cx.rule.is_item() {
            out.credit = Some(if out.findings.is_empty() { 1.0 } else { 0.0 });
        }
        out
    }
}
