//! `diagram`: an architecture diagram in any of the forms people draw one.

use super::{BuildCtx, Cx, Detector, Outcome};
use crate::error::Error;

pub const DOCS: &str = "\
## How `diagram` decides

A diagram is any of:
- a fenced block in a diagram language: `mermaid`, `plantuml`/`puml`,
  `dot`/`graphviz`, `d2`, `ditaa`, `svgbob`, `nomnoml`, or one that starts
  with `@startuml`, `graph`, `flowchart`, `sequenceDiagram`, `digraph`;
- box-drawing or ASCII art in a code block: at least three lines with
  box-drawing characters (`┌─┐│└┘►▼`) or with boxes and arrows (`+---+`,
  `|`, `-->`, `->`, `==>`, `v`);
- an image (`![…](…)`), full credit when its text or file name says
  architecture, diagram, design, flow, overview or system, else 0.8.

No diagram earns nothing. Arrows in prose (\"client → server\") are a
request flow, not a diagram.";

struct Diagram {
    /// Component words: a diagram that names at least two is of the architecture.
    components: Vec<usize>,
}

pub fn build(mut cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    let components = super::keywords::groups(&mut cx)
        .into_iter()
        .flat_map(|g| g.terms)
        .collect();
    Ok(Box::new(Diagram { components }))
}

impl Diagram {
    /// Does a diagram name at least two components (or is there no list to check)?
    fn of_architecture(&self, cx: &Cx, text: &str) -> bool {
        if self.components.is_empty() {
            return true;
        }
        let mut seen: Vec<usize> = cx
            .rubric
            .terms
            .scan(text)
            .into_iter()
            .map(|(t, _)| t)
            .filter(|t| self.components.contains(t))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        seen.len() >= 2
    }
}

impl Detector for Diagram {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        let mut credit: f64 = 0.0;
        for &d in &cx.an.diagrams {
            // A chart of the estimates (users → requests → storage) is a
            // diagram, but not of the architecture.
            let c = if self.of_architecture(cx, &doc.blocks[d].text) { 1.0 } else { 0.3 };
            credit = credit.max(c);
        }
        for l in doc.links.iter().filter(|l| l.image) {
            let text = doc.source.get(l.span.clone()).unwrap_or("").to_ascii_lowercase();
            let named = [
                "architect",
                "diagram",
                "design",
                "flow",
                "overview",
                "system",
                "component",
                "hld",
            ]
            .iter()
            .any(|w| text.contains(w));
            credit = credit.max(if named { 1.0 } else { 0.8 });
        }
        let mut out = Outcome {
            credit: Some(credit),
            findings: Vec::new(),
            ..Default::default()
        };
        if credit < 0.995 {
            let f = if credit > 0.0 {
                cx.shortfall(&["an image".into()], &[])
                    .help("Name the image for what it shows (![High-level architecture](architecture.png)) or draw the boxes in a ```mermaid block.")
            } else {
                cx.shortfall(&[], &[])
            };
            out.findings.push(f);
        }
        out
    }
}
