//! `diagram`: an architecture diagram in any of the forms people draw one.

use super::{BuildCtx, Cx, Detector, Outcome};
use crate::document::Block;
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

struct Diagram;

pub fn build(_cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    Ok(Box::new(Diagram))
}

const LANGS: &[&str] = &[
    "mermaid", "plantuml", "puml", "dot", "graphviz", "d2", "ditaa", "svgbob", "nomnoml", "uml",
];
const STARTS: &[&str] = &[
    "@startuml",
    "graph ",
    "graph\n",
    "flowchart",
    "sequencediagram",
    "digraph",
    "classdiagram",
    "erdiagram",
    "c4context",
];

/// Is this code block a diagram?
pub fn is_diagram(b: &Block) -> bool {
    let Some(lang) = b.code_lang() else { return false };
    if LANGS.contains(&lang.as_str()) {
        return true;
    }
    let head = b
        .text
        .trim_start()
        .get(..20)
        .unwrap_or(b.text.trim_start())
        .to_ascii_lowercase();
    if STARTS.iter().any(|s| head.starts_with(s)) {
        return true;
    }
    let art_lines = b
        .text
        .lines()
        .filter(|l| {
            (!l.is_ascii()
                && l.chars()
                    .any(|c| ('\u{2500}'..='\u{257F}').contains(&c) || "►▼◄▲→←↓↑▶◀".contains(c)))
                || ((l.contains("+--") || l.contains("--+") || l.contains("|"))
                    && (l.contains("->") || l.contains("--") || l.contains("|")))
                || l.contains("-->")
                || l.contains("==>")
                || l.contains("<--")
        })
        .count();
    art_lines >= 3
}

impl Detector for Diagram {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        let mut credit: f64 = 0.0;
        if !cx.an.diagrams.is_empty() {
            credit = 1.0;
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
