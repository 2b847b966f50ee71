//! `request-flow`: a request walked through the system, step by step.

use std::sync::LazyLock;

use serde::Deserialize;

use super::keywords::{Group, evidence, groups};
use super::params::GroupDef;
use super::{BuildCtx, Cx, Detector, DetectorDef, Evidence, Outcome, Strength, detector};
use crate::document::BlockKind;
use crate::error::Error;

pub const DOCS: &str = "\
## How `request-flow` decides

It looks for a request walked through the system:
- numbered steps: an ordered list of three or more items outside the
  requirements, half of which move the request along (\"sends\",
  \"forwards\", \"queries\", \"returns\" …), or a bulleted one where two
  thirds do (0.7);
- an arrow chain through at least three parts, in prose or in a code block:
  `client → load balancer → API → cache`, or a `sequenceDiagram`, names the
  parts a request passes without saying what each does: 0.3;
- the rule's keyword groups (\"read path\", \"write path\", \"then\", …) add
  the rest: any of them with steps earns 0.3 more; without steps they earn
  at most 0.4.

Steps are said, not listed: an item counts when it is a sentence or moves
the request along; a link, an objective or a chapter title does not. A flow
told in prose counts as steps too: one sentence that moves the request
through three actions (\"the API checks the preferences, renders the template
and puts a message on a queue\").";

/// A list item that moves a request along: "The web server forwards the request to …".
static FLOW_VERB: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\b(?:sends?|forwards?|calls?|routes?|submits?|distributes?|queries|query|writes?|reads?|stores?|looks? up|returns?|publishes|pushes|fetch(?:es)?|hits?|checks?|retrieves?|responds?|passes|enqueues?|consumes?|redirects?|puts?|pulls?|renders?|validates?|generates?|inserts?|updates?|uploads?|downloads?|notifies|emits?|receives?|processes|assigns?|serves?|caches|appends?|acknowledges?|acks|delivers?|dispatch(?:es)?|polls?|picks? up)\b",
    )
});

/// Does a line chain at least three parts with arrows ("client → LB → API")?
/// A plain scan: a regex with bounded repetitions here was the slowest thing in the linter.
fn arrow_chain(text: &str) -> bool {
    // Most blocks have no arrow at all: three memchr scans say so.
    if !(text.contains('>') || text.contains('→') || text.contains('⟶')) {
        return false;
    }
    text.lines().any(|line| {
        let arrows = ["-->", "->", "→", "=>", "⟶"];
        let mut count = 0;
        let mut rest = line;
        while let Some((i, a)) = arrows.iter().filter_map(|a| rest.find(a).map(|i| (i, *a))).min() {
            count += 1;
            rest = &rest[i + a.len()..];
        }
        count >= 2 && line.chars().filter(|c| c.is_alphanumeric()).count() >= 3
    })
}

struct Flow {
    groups: Vec<Group>,
}

/// The parameters of `request-flow`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub keywords: Option<Vec<String>>,
    pub groups: Option<Vec<GroupDef>>,
}

pub const DETECTOR: DetectorDef =
    detector::<Params>("request-flow", build, DOCS, &["message", "partial", "help"], true);

fn build(mut cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    let p: Params = cx.params()?;
    Ok(Box::new(Flow {
        groups: groups(&mut cx, &p.keywords, &p.groups),
    }))
}

impl Detector for Flow {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        let req_phase = cx.phases.iter().position(|p| p.id == "requirements");
        // Runs of list items at the same depth in the same section, outside the
        // requirements: numbered ones are steps; bulleted ones are when most
        // items move the request along ("the web server forwards …").
        let mut best_run = 0usize;
        // Where the best run of steps starts, and where the flow is told or chained.
        let mut best_at: Option<usize> = None;
        let mut run_start = 0usize;
        let mut run = (0usize, 0usize, false); // (items, items with a flow verb, ordered)
        let mut prev: Option<(usize, u8)> = None;
        for (i, b) in doc.blocks.iter().enumerate() {
            match b.kind {
                BlockKind::ListItem { ordered, depth } => {
                    let in_req = req_phase.is_some() && cx.an.section_phase[b.section()] == req_phase;
                    if in_req {
                        run = (0, 0, false);
                        prev = None;
                        continue;
                    }
                    if prev != Some((b.section(), depth)) {
                        run = (0, 0, ordered);
                        run_start = i;
                    }
                    // A step is said, not listed: a sentence, or an item that
                    // moves the request ("sends", "queries"); a link, an
                    // objective or a chapter title is no step.
                    let verb = FLOW_VERB.is_match(b.text);
                    let said = matches!(
                        b.role,
                        crate::document::Role::Sentence | crate::document::Role::Quote
                    ) || verb;
                    if !b.role.is_evidence() || !said {
                        continue;
                    }
                    run.0 += 1;
                    run.1 += usize::from(verb);
                    prev = Some((b.section(), depth));
                    // Numbered items are steps when half of them move the
                    // request (a numbered list of requirements or sizing
                    // steps is not a flow); bulleted ones when two thirds do.
                    let steps = if run.2 && run.1 * 2 >= run.0 {
                        run.0
                    } else if run.1 * 3 >= run.0 * 2 {
                        run.1
                    } else {
                        0
                    };
                    if steps > best_run {
                        best_run = steps;
                        best_at = Some(run_start);
                    }
                }
                _ => {
                    if !b.is_heading() {
                        prev = prev.filter(|(s, _)| *s == b.section());
                    }
                }
            }
        }
        // A flow told in prose: one sentence that moves the request through
        // three steps ("the API checks …, renders … and puts … on a queue").
        let told = doc.blocks.iter().position(|b| {
            b.role == crate::document::Role::Sentence
                && !(req_phase.is_some() && cx.an.section_phase[b.section()] == req_phase)
                && FLOW_VERB.find_iter(b.text).count() >= 3
        });
        if let Some(t) = told
            && best_run < 3
        {
            best_run = 3;
            best_at = Some(t);
        }
        let chain_at = doc.blocks.iter().position(|b| {
            (b.is_prose() || b.is_code())
                && (arrow_chain(b.text) || b.text.trim_start().starts_with("sequenceDiagram"))
        });
        let chain = chain_at.is_some();
        let found: Vec<&Group> = self
            .groups
            .iter()
            .filter(|g| evidence(cx, g).next().is_some())
            .collect();
        let kw = if self.groups.is_empty() {
            0.0
        } else {
            found.len() as f64 / self.groups.len() as f64
        };
        // An arrow chain names the parts a request passes; it does not walk
        // through what each does, so alone it stays under 0.4.
        let structural: f64 = if best_run >= 3 {
            0.7
        } else if chain {
            0.3
        } else {
            0.0
        };
        // Steps plus any named path or step words are a full walk-through.
        let credit = if best_run >= 3 {
            structural + if found.is_empty() { 0.0 } else { 0.3 }
        } else {
            structural.max(0.4 * kw)
        };
        let mut out = Outcome {
            credit: Some(credit),
            findings: Vec::new(),
            ..Default::default()
        };
        let shown = if best_run >= 3 {
            best_at.map(|b| {
                (
                    b,
                    Strength::Strong,
                    format!("{best_run} steps that move the request"),
                )
            })
        } else {
            chain_at.map(|b| {
                (
                    b,
                    Strength::Weak,
                    "an arrow chain: the parts, not what each does".to_string(),
                )
            })
        };
        if let Some((b, strength, note)) = shown {
            out.evidence.push(Evidence {
                span: doc.blocks[b].span.clone(),
                strength,
                note: format!("{note} ({})", doc.blocks[b].role.as_str()),
            });
        }
        for g in &found {
            if let Some(h) = evidence(cx, g).min() {
                let hit = &cx.an.hits[h];
                let b = &doc.blocks[hit.block()];
                out.evidence.push(Evidence {
                    span: b.source_range(hit.range()),
                    strength: Strength::Weak,
                    note: format!("{} ({})", g.name, b.role.as_str()),
                });
            }
        }
        if credit < 0.995 {
            let mut f: Vec<String> = found.iter().map(|g| g.name.clone()).collect();
            let mut m: Vec<String> = self
                .groups
                .iter()
                .filter(|g| !found.iter().any(|x| x.name == g.name))
                .map(|g| g.name.clone())
                .collect();
            if best_run >= 3 {
                f.insert(0, "numbered steps".into());
            } else if chain {
                f.insert(0, "an arrow chain".into());
            } else {
                m.insert(0, "numbered steps".into());
            }
            out.findings.push(cx.shortfall(&f, &m));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::arrow_chain;

    #[test]
    fn arrow_chains() {
        assert!(arrow_chain("client → load balancer → API → cache"));
        assert!(arrow_chain("web -> app -> db"));
        assert!(arrow_chain("first line\nA --> B --> C"));
        assert!(!arrow_chain("A -> B"));
        assert!(!arrow_chain("no arrows here"));
    }
}
