//! `diagram`: an architecture diagram in any of the forms people draw one.

use serde::Deserialize;

use super::params::GroupDef;
use super::{BuildCtx, Cx, Detector, DetectorDef, Outcome, detector};
use crate::error::Error;

pub const DOCS: &str = "\
## How `diagram` decides

A diagram is any of:
- a fenced block in a diagram language: `mermaid`, `plantuml`/`puml`,
  `dot`/`graphviz`, `d2`, `ditaa`, `svgbob`, `nomnoml`, or one that starts
  with `@startuml`, `graph`, `flowchart`, `sequenceDiagram`, `digraph`;
- box-drawing or ASCII art in a code block: at least three lines with
  box-drawing characters (`┌─┐│└┘`), arrows between names (`►▼→`), or
  boxes and arrows (`+---+`, `|`, `-->`, `->`, `==>`), or one chain of
  three names or more (`[Clients] → [LB] → [App servers]`). Arrows between
  sentences (\"100 requests to server A → allowed\") are an example, not a
  diagram;
- an image (`![…](…)`), full credit when its text or file name says
  architecture, diagram, design, flow, overview or system, else 0.8.

A diagram that names fewer than two components, or whose labels are
mostly figures (`10M users → 50M clicks/day → 578/s`: a chart of the
estimates), earns 0.3. No diagram earns nothing. Arrows in prose (\"client → server\") are a
request flow, not a diagram.";

struct Diagram {
    /// Component words: a diagram that names at least two is of the architecture.
    components: Vec<usize>,
}

/// The parameters of `diagram`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Names of components, for a diagram to be an architecture diagram.
    pub keywords: Option<Vec<String>>,
    pub groups: Option<Vec<GroupDef>>,
}

pub const DETECTOR: DetectorDef = detector::<Params>("diagram", build, DOCS, &["message", "help"], false);

fn build(mut cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    let p: Params = cx.params()?;
    let components = super::keywords::groups(&mut cx, &p.keywords, &p.groups)
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

/// Do most of a diagram's labels open with a figure ("50M clicks/day",
/// "578/s")? Then it charts an estimate, not the system, whose labels are
/// names ("Load balancer (2 instances)").
fn chart_of_figures(text: &str) -> bool {
    let mut labels = 0;
    let mut figures = 0;
    for line in text.lines().map(str::trim) {
        let first = line.split_whitespace().next().unwrap_or("");
        if matches!(
            first,
            "graph" | "flowchart" | "style" | "classDef" | "class" | "linkStyle"
        ) {
            continue;
        }
        // The labels of a mermaid line are in brackets right after a node
        // id (`A[10M users]`); a plain line is one label.
        let inner: Vec<&str> = line
            .match_indices(['[', '(', '{'])
            .filter(|&(i, _)| line[..i].ends_with(|c: char| c.is_alphanumeric()))
            .map(|(i, _)| line[i + 1..].split([']', ')', '}']).next().unwrap_or(""))
            .collect();
        let parts = if inner.is_empty() { vec![line] } else { inner };
        for p in parts {
            let p = p.trim_matches(|c: char| !c.is_alphanumeric());
            if p.chars().filter(|c| c.is_alphabetic()).count() < 3 {
                continue;
            }
            labels += 1;
            if p.starts_with(|c: char| c.is_ascii_digit()) {
                figures += 1;
            }
        }
    }
    labels >= 3 && figures * 3 >= labels * 2
}

impl Detector for Diagram {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        let mut credit: f64 = 0.0;
        let mut best: Option<(std::ops::Range<usize>, f64, &str)> = None;
        let mut keep = |span: std::ops::Range<usize>, c: f64, note: &'static str| {
            if best.as_ref().is_none_or(|b| c > b.1) {
                best = Some((span, c, note));
            }
        };
        for &d in &cx.an.diagrams {
            // A chart of the estimates (users → requests → storage) is a
            // diagram, but not of the architecture.
            let text = &doc.blocks[d].text;
            let (c, note) = if chart_of_figures(text) {
                (0.3, "a chart of figures, not of components")
            } else if self.of_architecture(cx, text) {
                (1.0, "a diagram that names its components")
            } else {
                (0.3, "a diagram that names fewer than two components")
            };
            keep(doc.blocks[d].span.clone(), c, note);
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
            if named {
                keep(l.span.clone(), 1.0, "an image named for the design");
            } else {
                keep(
                    l.span.clone(),
                    0.8,
                    "an image whose name does not say it shows the design",
                );
            }
        }
        let mut out = Outcome {
            findings: Vec::new(),
            ..Default::default()
        };
        if let Some((span, c, note)) = best {
            credit = c;
            out.evidence.push(super::Evidence {
                span,
                strength: if c >= 0.6 {
                    super::Strength::Strong
                } else {
                    super::Strength::Weak
                },
                note: note.to_string(),
            });
        }
        out.credit = Some(credit);
        if credit < 0.995 {
            let f = if credit > 0.0 {
                let mut f = cx.shortfall(&["an image".into()], &[]);
                let found = out.evidence.first().map_or("a diagram", |e| e.note.as_str());
                f.message = format!("{} Found {found}.", cx.rule.summary).trim().to_string();
                f.help("Name the image for what it shows (![High-level architecture](architecture.png)) or draw the boxes in a ```mermaid block.")
            } else {
                cx.shortfall(&[], &[])
            };
            out.findings.push(f);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::chart_of_figures;

    #[test]
    fn a_chart_of_the_estimates_is_not_the_architecture() {
        let chart = "graph LR\n  A[5M riders/day] --> B[40M trips/month]\n  B --> C[460 trips/s]\n  C --> D[1.4K trips/s peak]\n  style A fill:#eef\n";
        assert!(chart_of_figures(chart));
        let arch = "graph LR\n  C[Client] --> G[API gateway]\n  G --> T[Trip service]\n  T --> P[(Postgres, 3 replicas)]\n";
        assert!(!chart_of_figures(arch));
        let layers = "Clients\n   ↓\nLoad balancer (2 instances)\n   ↓\nAPI servers (3+ instances)\n   ↓\nPostgres (1 primary, 2 replicas)\n";
        assert!(!chart_of_figures(layers));
    }
}
