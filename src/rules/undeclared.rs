//! `undeclared-component` (DL603): the architecture diagram and the text
//! disagree about the components. A box of the diagram that the text never
//! mentions, or a component the design text relies on that no diagram shows,
//! reported once per component and only where there is a diagram.
//!
//! Components are read from the diagram's source: mermaid node labels
//! (`api[API Gateway]`, `db[(Postgres)]`, `participant Feed`), PlantUML
//! elements (`[Fanout Service]`, `database "Users"`), Graphviz nodes
//! (`cache [label="Redis"]`) and the boxes of ASCII or box-drawing art
//! (`| Feed Service |`). Group titles (`subgraph`), edge labels and numbers
//! are not components; a diagram whose boxes are mostly figures (a chart of
//! an estimate) is not an architecture diagram.

use foldhash::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use super::params::NoParams;
use super::words;
use super::{BuildCtx, Cx, Detector, DetectorDef, Finding, Outcome, detector};
use crate::document::{Block, Document, Role};
use crate::error::Error;

pub const DOCS: &str = "\
## How `undeclared-component` decides

Only where the write-up has an architecture diagram in its source (mermaid,
PlantUML, Graphviz, or ASCII and box-drawing art; an image cannot be read).
The diagram's components are its node labels and the first line of each
box (the lines under it say what it runs on or holds), without icons,
figures and what parentheses add; group titles, edge labels, sequence
messages, notes with a figure (\"Cache for 10 min\") and diagrams of data
(ER, class, state, Gantt, pie) are left out, and so is a diagram whose boxes
are mostly figures.

A box is reported when it has a distinctive name (not only generic words
such as service, database, cache, load balancer, gateway, CDN, nor the users
and clients at the edge) and none of its distinctive words (by stem) is
anywhere in the text outside the diagrams.

The other way: a component the design text relies on is a name of one to
three capitalised words followed by a component noun (\"Fanout Service\",
\"Feed Cache\", \"Key Generation Service\") said at least twice in the
author's sentences; it is missing when no diagram box shares a distinctive
word with it. Each component is reported once.";

pub const DETECTOR: DetectorDef = detector::<NoParams>("undeclared-component", build, DOCS, &[], false);

fn build(_cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    Ok(Box::new(Undeclared))
}

struct Undeclared;

/// Words that name a kind of component rather than this one.
const GENERIC: &[&str] = &[
    "service",
    "servic",
    "server",
    "serv",
    "db",
    "database",
    "databas",
    "cache",
    "cach",
    "queue",
    "api",
    "app",
    "application",
    "client",
    "user",
    "system",
    "layer",
    "cluster",
    "node",
    "store",
    "storag",
    "stor",
    "worker",
    "work",
    "tier",
    "the",
    "and",
    "of",
    "for",
    "to",
    "a",
    "an",
    "in",
    "on",
    "with",
    "web",
    "backend",
    "frontend",
    "primary",
    "secondary",
    "master",
    "slave",
    "replica",
    "leader",
    "follower",
    "main",
    "core",
    "instance",
    "instanc",
    "gateway",
    "load",
    "balancer",
    "balanc",
    "message",
    "messag",
    "broker",
    "manager",
    "manag",
    "handler",
    "handl",
    "processor",
    "process",
    "engine",
    "engin",
    "module",
    "modul",
    "component",
    "compon",
    "external",
    "extern",
    "internal",
    "intern",
    "public",
    "private",
    "mobile",
    "browser",
    "request",
    "response",
    "read",
    "write",
    "data",
    "table",
    "bucket",
    "object",
    "blob",
    "file",
    "storage",
    "pool",
    "group",
    "box",
    "backup",
    "standby",
    "active",
    "passive",
    "hot",
    "cold",
    "svc",
    "services",
    "servers",
    "workers",
    // Infrastructure at the edge and around the system.
    "cdn",
    "edge",
    "network",
    "waf",
    "alb",
    "elb",
    "nlb",
    "dns",
    "proxy",
    "reverse",
    "firewall",
    "boundary",
    "region",
    "zone",
    "az",
    "vpc",
    "internet",
    "external",
    "api-gateway",
    "gateway",
    "lb",
];

/// Short forms a name made of generic words is often written as.
const SHORT: &[(&str, &[&str])] = &[
    ("lb", &["load", "balanc"]),
    ("db", &["databas"]),
    ("mq", &["messag", "queue"]),
    ("gw", &["gateway"]),
    ("api", &["api"]),
];

/// Diagram languages whose boxes are data, states or time, not components.
static NOT_ARCHITECTURE: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)^\s*(?:erdiagram|classdiagram|statediagram|statediagram-v2|gantt|pie|journey|gitgraph|mindmap|timeline|quadrantchart|xychart|sankey|requirementdiagram|@startgantt|@startmindmap|@startjson|@startyaml)",
    )
});

/// mermaid `id[label]`, `id(label)`, `id{label}`, `id((label))`, `id[(label)]`, `id>label]`.
static MERMAID_NODE: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r#"(?:^|[\s;&>-])([A-Za-z_][\w-]*)\s*(?:\[\[|\[\(|\(\(|\(\[|\[/|\[\\|\[|\(|\{\{|\{|>)\s*"?([^\]\)\}"]+?)"?\s*(?:\]\]|\)\]|\)\)|\]\)|/\]|\\\]|\]|\)|\}\}|\})"#,
    )
});

/// mermaid sequence diagram participants and PlantUML/Graphviz elements.
static NAMED: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r#"(?im)^\s*(?:participant|actor|component|node|database|queue|rectangle|cloud|storage|collections|boundary|control|entity|frame|package)\s+(?:"([^"]+)"|(\S+))(?:\s+as\s+(?:"([^"]+)"|(\S+)))?"#,
    )
});

/// PlantUML `[Component Name]` and Graphviz `label="…"`.
static BRACKETED: LazyLock<crate::text::Matcher> =
    LazyLock::new(|| crate::text::Matcher::new(r#"\[([A-Za-z][^\[\]\n]{1,40})\]|label\s*=\s*"([^"]+)""#));

/// A component the text names: capitalised words and a component noun.
static TEXT_COMPONENT: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"\b((?:[A-Z][A-Za-z0-9]+[ -]){1,3}(?:Service|Server|Worker|Queue|Cache|Database|DB|Store|Gateway|Balancer|Broker|Scheduler|Manager|Cluster|Engine|Processor|Indexer|Crawler|Aggregator|Dispatcher|Coordinator))s?\b",
    )
});

/// A component of a diagram: its label and where it is.
struct Node {
    label: String,
    block: usize,
    /// The label's range in the block's text.
    range: Range<usize>,
}

impl Detector for Undeclared {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        let mut nodes: Vec<Node> = Vec::new();
        for &i in &cx.an.diagrams {
            let b = &doc.blocks[i];
            let found = components(b, i);
            // A chart of figures (an estimate chain) is not an architecture.
            let figures = found.iter().filter(|n| mostly_figures(&n.label)).count();
            if found.is_empty() || figures * 2 >= found.len() {
                continue;
            }
            nodes.extend(found.into_iter().filter(|n| !mostly_figures(&n.label)));
        }
        if nodes.is_empty() {
            return Outcome::default();
        }
        // The text: every block but the diagrams. A component named
        // anywhere (even in a list of chapters) is not unknown to the text.
        let mut vocab: HashSet<String> = HashSet::default();
        // Each word is stemmed once: the text repeats its words.
        let mut stemmed: HashSet<&str> = HashSet::default();
        for b in &doc.blocks {
            if b.role != Role::Diagram {
                for (_, w) in words::split(b.text) {
                    if stemmed.insert(w) {
                        vocab.insert(words::stem(w));
                    }
                }
            }
        }
        let mut findings = Vec::new();
        let mut seen: Vec<Vec<String>> = Vec::new();
        for n in &nodes {
            // A note with a figure ("Cache for 10 min") is not a component.
            if !crate::estimate::mentions(&n.label).is_empty() {
                continue;
            }
            // Its name, without what the parentheses add ("Load Balancer (ALB)").
            let name: String = words::outside_asides(&n.label, false);
            let stems: Vec<String> = words::split(&name)
                .into_iter()
                .filter(|(_, w)| w.chars().any(char::is_alphabetic))
                .map(|(_, w)| words::stem(w))
                .collect();
            if stems.is_empty() || seen.contains(&stems) {
                continue;
            }
            seen.push(stems.clone());
            // Generic infrastructure (a load balancer, a cache, "API
            // gateway") and the people or clients at the edge explain
            // themselves; a named component does not.
            if stems.iter().all(|s| is_generic(s) || is_actor(s)) || mentioned(&stems, &vocab) {
                continue;
            }
            let span = doc.blocks[n.block].source_range(n.range.clone());
            findings.push(
                Finding::new(
                    span,
                    format!(
                        "The diagram shows \"{}\", which the text never mentions.",
                        n.label
                    ),
                )
                .help(format!(
                    "Say what \"{}\" does in the design (its role, what it stores or serves), or remove it from the diagram.",
                    n.label
                )),
            );
        }
        // Components the text relies on that no diagram shows.
        let boxes: Vec<Vec<String>> = nodes
            .iter()
            .map(|n| {
                words::split(&n.label)
                    .into_iter()
                    .map(|(_, w)| words::stem(w))
                    .collect()
            })
            .collect();
        for (name, span) in relied_on(doc) {
            let distinctive: Vec<String> = words::split(&name)
                .into_iter()
                .map(|(_, w)| words::stem(w))
                .filter(|s| !is_generic(s))
                .collect();
            if distinctive.is_empty() {
                continue;
            }
            let shown = boxes
                .iter()
                .any(|b| distinctive.iter().any(|d| b.iter().any(|s| words::same(s, d))));
            if shown {
                continue;
            }
            let d = cx.an.diagrams.first().map(|&i| doc.blocks[i].span.clone());
            let mut f = Finding::new(
                span,
                format!("The text relies on the {name}, which the architecture diagram leaves out."),
            )
            .help(format!(
                "Draw the {name} in the diagram, with what calls it and what it calls, or say why it is not part of the architecture."
            ));
            if let Some(d) = d {
                let first_line = doc.source[d.clone()].find('\n').map_or(d.end, |k| d.start + k);
                f = f.related(d.start..first_line, "the architecture diagram");
            }
            findings.push(f);
        }
        Outcome {
            credit: None,
            findings,
            ..Default::default()
        }
    }
}

/// Who uses the system, drawn at its edge.
const ACTORS: &[&str] = &[
    "user", "users", "client", "customer", "rider", "driver", "browser", "mobil", "desktop", "web", "global",
    "internet", "end", "people", "admin", "android", "io", "phone", "device", "third", "party",
];

/// The stems of a list of words, as the words of a label are compared.
fn stems_of(list: &[&str]) -> HashSet<String> {
    list.iter()
        .flat_map(|w| [w.to_string(), words::stem(w)])
        .collect()
}

fn is_generic(stem: &str) -> bool {
    static STEMS: LazyLock<HashSet<String>> = LazyLock::new(|| stems_of(GENERIC));
    STEMS.contains(stem) || stem.len() <= 2
}

fn is_actor(stem: &str) -> bool {
    static STEMS: LazyLock<HashSet<String>> = LazyLock::new(|| stems_of(ACTORS));
    STEMS.contains(stem)
}

/// Is a component with these stems mentioned by the text?
fn mentioned(stems: &[String], vocab: &HashSet<String>) -> bool {
    let known = |s: &str| vocab.contains(s) || (s.len() >= 5 && vocab.iter().any(|v| words::same(v, s)));
    let distinctive: Vec<&String> = stems.iter().filter(|s| !is_generic(s)).collect();
    if !distinctive.is_empty() {
        return distinctive.iter().any(|s| known(s));
    }
    // A name made of generic words ("Load Balancer", "Cache", "DB"): any of
    // them, or its short form, will do.
    stems.iter().any(|s| known(s))
        || SHORT.iter().any(|(short, long)| {
            (stems.iter().any(|s| s == short) && long.iter().any(|l| known(l)))
                || (long.iter().all(|l| stems.iter().any(|s| s == l)) && known(short))
        })
}

/// A label that is mostly a figure ("10M Daily Active Users", "1,734 req/s").
fn mostly_figures(label: &str) -> bool {
    let digits = label.chars().filter(char::is_ascii_digit).count();
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    digits > 0 && (digits * 2 >= letters || label.trim_start().starts_with(|c: char| c.is_ascii_digit()))
}

/// The components of one diagram block.
fn components(b: &Block, block: usize) -> Vec<Node> {
    let text = &b.text;
    if NOT_ARCHITECTURE.is_match(text) {
        return Vec::new();
    }
    let lang = b.code_lang().unwrap_or_default();
    let head = text.trim_start().to_ascii_lowercase();
    let mut out = Vec::new();
    let mut push = |raw: Range<usize>| {
        if let Some((label, range)) = clean(text, raw) {
            out.push(Node { label, block, range });
        }
    };
    let mermaid = lang == "mermaid"
        || head.starts_with("graph")
        || head.starts_with("flowchart")
        || head.starts_with("sequencediagram");
    let plantuml = matches!(lang.as_str(), "plantuml" | "puml" | "uml") || head.starts_with("@start");
    let dot = matches!(lang.as_str(), "dot" | "graphviz")
        || head.starts_with("digraph")
        || head.starts_with("graph {");
    if mermaid || plantuml || dot {
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let l = line.trim_end();
            let trimmed = l.trim_start().to_ascii_lowercase();
            let skip = [
                "subgraph",
                "style ",
                "classdef",
                "class ",
                "linkstyle",
                "click ",
                "%%",
                "note ",
                "title ",
                "skinparam",
                "'",
            ]
            .iter()
            .any(|p| trimmed.starts_with(p));
            if !skip {
                if mermaid {
                    for c in MERMAID_NODE.captures_iter(l) {
                        let g = c.get(2).unwrap();
                        push(at + g.start()..at + g.end());
                    }
                }
                for c in NAMED.captures_iter(l) {
                    if let Some(g) = c.get(3).or(c.get(1)).or(c.get(4)).or(c.get(2)) {
                        push(at + g.start()..at + g.end());
                    }
                }
                if plantuml || dot {
                    for c in BRACKETED.captures_iter(l) {
                        if let Some(g) = c.get(1).or(c.get(2)) {
                            push(at + g.start()..at + g.end());
                        }
                    }
                }
            }
            at += line.len();
        }
    } else {
        // ASCII or box-drawing art: the first line of text in a box (the
        // lines under it say what it runs on or holds).
        let mut at = 0;
        let mut above = "";
        for line in text.split_inclusive('\n') {
            for r in boxed(line) {
                // `[ Redis ]` is a box on one line.
                if line[..r.start].ends_with('[') || under_border(above, line, &r) {
                    push(at + r.start..at + r.end);
                }
            }
            above = line;
            at += line.len();
        }
    }
    out
}

/// The runs of text between two box sides (`|`, `│`, `[`…`]`) on one line
/// of ASCII art, not those between a box and an arrow.
fn boxed(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let sides: Vec<(usize, char)> = line
        .char_indices()
        .filter(|(_, c)| matches!(c, '|' | '│' | '┃' | '║' | '[' | ']'))
        .collect();
    for w in sides.windows(2) {
        let ((a, ca), (b, cb)) = (w[0], w[1]);
        let opens = matches!(ca, '|' | '│' | '┃' | '║' | '[');
        let closes = matches!(cb, '|' | '│' | '┃' | '║' | ']');
        if !(opens && closes) || (ca == '[' && cb != ']') || (ca != '[' && cb == ']') {
            continue;
        }
        let inner = a + ca.len_utf8()..b;
        let t = &line[inner.clone()];
        // An arrow or a run of box lines between: a gap between boxes.
        if t.contains("->")
            || t.contains("<-")
            || t.contains("──")
            || t.contains("--")
            || t.contains(['→', '←', '▶', '◀', '►', '◄', '▼', '▲', '↓', '↑'])
        {
            continue;
        }
        if t.trim().is_empty() {
            continue;
        }
        out.push(inner);
    }
    out
}

/// Is the text at `r` of `line` right under the top border of a box (the
/// line above is border there: `+----+`, `┌───┐`, `└──┬──┘`)?
fn under_border(above: &str, line: &str, r: &Range<usize>) -> bool {
    let (from, to) = (line[..r.start].chars().count(), line[..r.end].chars().count());
    let seg: Vec<char> = above.chars().skip(from).take(to - from).collect();
    seg.len() * 2 >= to - from
        && !seg.is_empty()
        && seg.iter().all(|c| "-─━═+┌┐└┘├┤┬┴┼╭╮╰╯▼▲↓v^|│ ".contains(*c))
        && seg.iter().filter(|c| "-─━═".contains(**c)).count() * 2 >= seg.len()
}

/// Trim a raw label to its name: the first line (`<br/>`), without icons,
/// quotes, markup and surrounding spaces. `None` when nothing nameable is left.
fn clean(text: &str, raw: Range<usize>) -> Option<(String, Range<usize>)> {
    let s = &text[raw.clone()];
    let first = s
        .split("<br")
        .next()
        .unwrap_or(s)
        .split("\\n")
        .next()
        .unwrap_or(s);
    // Skip leading icons and marks to the first letter or digit.
    let lead = first.find(|c: char| c.is_alphanumeric())?;
    let body = first[lead..].trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')');
    let body = body.trim();
    if body.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return None;
    }
    let start = raw.start + lead;
    Some((
        body.split_whitespace().collect::<Vec<_>>().join(" "),
        start..start + body.len(),
    ))
}

/// Components named in the author's design sentences at least twice, each
/// once, with the span of the first mention.
fn relied_on(doc: &Document) -> Vec<(String, Range<usize>)> {
    let mut counts: Vec<(String, Range<usize>, usize)> = Vec::new();
    for b in &doc.blocks {
        if b.role != Role::Sentence || b.quote {
            continue;
        }
        for m in TEXT_COMPONENT.find_iter(b.text) {
            let name = m.as_str().trim_end_matches('s');
            let name = ["The ", "A ", "An ", "Our ", "Each "]
                .iter()
                .find_map(|a| name.strip_prefix(a))
                .unwrap_or(name)
                .to_string();
            // A sentence that weighs alternatives does not rely on them.
            if ALTERNATIVE.is_match(b.text) {
                continue;
            }
            match counts.iter_mut().find(|(n, _, _)| n.eq_ignore_ascii_case(&name)) {
                Some(c) => c.2 += 1,
                None => counts.push((name, b.source_range(m.range()), 1)),
            }
        }
    }
    counts
        .into_iter()
        .filter(|c| c.2 >= 2)
        .map(|(n, s, _)| (n, s))
        .collect()
}

static ALTERNATIVE: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\b(?:instead of|rather than|alternative\w*|could (?:also )?use|we could|might|would|vs\.?|versus|compared|option|if we|in the future|later|eventually|out of scope)\b",
    )
});

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(src: &str) -> Vec<String> {
        let arena = crate::document::Arena::new();
        let d = Document::parse(src, &arena);
        d.blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.role == Role::Diagram)
            .flat_map(|(i, b)| components(b, i))
            .map(|n| n.label)
            .collect()
    }

    #[test]
    fn mermaid_nodes_and_ascii_boxes() {
        let m = "```mermaid\ngraph LR\n  subgraph Edge\n  lb[⚖️ Load Balancer<br/>2 nodes]\n  end\n  c((Client)) --> lb --> api[API Service]\n  api --> db[(Orders DB)]\n```\n";
        assert_eq!(
            labels(m),
            vec!["Load Balancer", "Client", "API Service", "Orders DB"]
        );
        let a = "```\n+--------+     +-------------+\n| Client | --> | Feed Service|\n+--------+     +-------------+\n          |\n          v\n     [ Redis ]\n```\n";
        assert_eq!(labels(a), vec!["Client", "Feed Service", "Redis"]);
    }
}
