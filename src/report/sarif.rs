//! `--format sarif`: one SARIF 2.1.0 log with a single run, for GitHub code
//! scanning and other SARIF viewers.
//!
//! Every rule of the rubric is a `reportingDescriptor` in `tool.driver.rules`;
//! each diagnostic is a `result` pointing at its rule by `ruleId` and
//! `ruleIndex`, with a `physicalLocation` whose URI is relative to the working
//! directory and whose region carries lines, columns (Unicode scalar values,
//! hence `columnKind: unicodeCodePoints`) and UTF-8 byte offsets. Each file is
//! an `artifact` whose `properties` hold its score; the run's `properties`
//! hold the rubric and the summary. Results are streamed as each file is
//! ready, pretty-printed into a spool (a temporary file once it passes a few
//! hundred kilobytes), and so are the artifacts; the log is written around
//! them at the end (it needs the complete rule list and the summary), so
//! memory stays flat with the number of files and findings.

use std::collections::HashMap;
use std::io::Write;

use serde_json::{Value, json};

use super::{FileReport, Formatter, Summary, relative_path};
use crate::rubric::Rubric;
use crate::rules::{Rule, Severity};

pub const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
pub const INFORMATION_URI: &str = "https://github.com/designlint/designlint";

pub struct Sarif {
    rubric: String,
    rules: Vec<Value>,
    index: HashMap<String, usize>,
    artifacts: Spool,
    results: Spool,
}

/// The artifacts or the results, pretty-printed one after another (each
/// preceded by its separator and indented as in the log), in memory until
/// they pass `SPILL` bytes and in an anonymous temporary file after (in memory
/// still if no temporary file can be made).
#[derive(Default)]
struct Spool {
    buf: Vec<u8>,
    file: Option<std::io::BufWriter<std::fs::File>>,
    count: usize,
    /// One result, pretty-printed before it is indented.
    scratch: Vec<u8>,
}

const SPILL: usize = 256 << 10;
/// An artifact's or a result's indentation in the log: `{"runs": [{"results": [ here`.
const ITEM_INDENT: &str = "        ";
/// The keys of the spooled arrays, in the order the log has them, and what
/// stands in for each while the rest of the log is serialized.
const HOLES: [(&str, &str); 2] = [
    ("artifacts", "designlint:artifacts"),
    ("results", "designlint:results"),
];

impl Spool {
    fn push(&mut self, item: &Value) -> std::io::Result<()> {
        self.scratch.clear();
        serde_json::to_writer_pretty(&mut self.scratch, item)?;
        self.buf
            .extend_from_slice(if self.count == 0 { b"\n" } else { b",\n" });
        self.count += 1;
        // Newlines in pretty JSON are only between tokens (strings escape theirs).
        for line in self.scratch.split(|&b| b == b'\n') {
            if line.as_ptr() != self.scratch.as_ptr() {
                self.buf.push(b'\n');
            }
            self.buf.extend_from_slice(ITEM_INDENT.as_bytes());
            self.buf.extend_from_slice(line);
        }
        if self.file.is_none()
            && self.buf.len() > SPILL
            && let Ok(f) = tempfile::tempfile()
        {
            self.file = Some(std::io::BufWriter::new(f));
        }
        if let Some(f) = &mut self.file {
            f.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// The array, from `[` to `]`.
    fn write_to(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        use std::io::Seek;
        if self.count == 0 {
            return out.write_all(b"[]");
        }
        out.write_all(b"[")?;
        if let Some(f) = self.file.take() {
            let mut f = f.into_inner().map_err(|e| e.into_error())?;
            f.rewind()?;
            std::io::copy(&mut f, out)?;
        }
        out.write_all(&self.buf)?;
        write!(out, "\n{}]", &ITEM_INDENT[2..])
    }
}

impl Sarif {
    pub fn new(rubric: &str) -> Self {
        Sarif {
            rubric: rubric.to_string(),
            rules: Vec::new(),
            index: HashMap::new(),
            artifacts: Spool::default(),
            results: Spool::default(),
        }
    }

    fn rule_index(&mut self, rubric: &Rubric, code: &str, name: &str, severity: Severity) -> usize {
        if let Some(i) = self.index.get(code) {
            return *i;
        }
        // A rule of another rubric (a file's front matter or an `[[overrides]]` entry).
        let i = self.rules.len();
        self.rules.push(match rubric.rule(code) {
            Some(r) => descriptor(rubric, r),
            None => json!({
                "id": code,
                "name": name,
                "defaultConfiguration": {"level": level(severity)},
            }),
        });
        self.index.insert(code.to_string(), i);
        i
    }
}

/// The SARIF `level` of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn descriptor(rubric: &Rubric, r: &Rule) -> Value {
    let mut props = serde_json::Map::new();
    let phase = r.phase.map_or("findings", |p| rubric.phases[p].id.as_str());
    props.insert("tags".into(), json!([phase]));
    if r.is_item() {
        props.insert("weight".into(), json!(r.weight));
    } else {
        props.insert("penalty".into(), json!(r.penalty));
    }
    let docs = r.docs.trim();
    let mut d = json!({
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "defaultConfiguration": {"level": level(r.severity)},
        "properties": props,
    });
    if !docs.is_empty() {
        d["fullDescription"] = json!({"text": docs, "markdown": docs});
    }
    if !r.help.trim().is_empty() {
        d["help"] = json!({"text": r.help.trim()});
    }
    d
}

/// Percent-encode a path for a URI: everything but unreserved characters and `/`.
pub fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The artifact location of a report path: relative URIs against `%SRCROOT%`,
/// `file://` URIs for absolute paths outside the working directory.
pub fn artifact_location(path: &str) -> Value {
    let rel = relative_path(path);
    if rel.starts_with('/') {
        json!({"uri": format!("file://{}", percent_encode(&rel))})
    } else {
        json!({"uri": percent_encode(&rel), "uriBaseId": "%SRCROOT%"})
    }
}

impl Formatter for Sarif {
    fn begin(&mut self, _out: &mut dyn Write, rubric: &Rubric) -> std::io::Result<()> {
        for r in &rubric.rules {
            self.index.insert(r.code.clone(), self.rules.len());
            self.rules.push(descriptor(rubric, r));
        }
        Ok(())
    }

    fn file(&mut self, _out: &mut dyn Write, f: &FileReport) -> std::io::Result<()> {
        let location = artifact_location(&f.path);
        let artifact = self.artifacts.count;
        let score = &f.result.score;
        self.artifacts.push(&json!({
            "location": location,
            "length": f.source.len(),
            "properties": {
                "rubric": f.rubric.name,
                "score": score.total,
                "max": score.max,
                "grade": score.grade,
                "phases": score.phases,
                "belowMinScore": f.below_min_score(),
            },
        }))?;
        let states = f.comparison.as_ref().map(|c| &c.states);
        for (i, d) in f.result.diagnostics.iter().enumerate() {
            let rule_index = self.rule_index(&f.rubric, &d.code, &d.name, d.severity);
            let start = f.line_col(d.span.start);
            let end = f.line_col(d.span.end);
            let mut loc = location.clone();
            loc["index"] = json!(artifact);
            let text = match d.help.as_deref().map(str::trim) {
                Some(h) if !h.is_empty() => format!("{}\nhelp: {h}", d.message),
                _ => d.message.clone(),
            };
            // The other places the result is about (DL601: the first statement).
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let (s, e) = (f.line_col(r.span.start), f.line_col(r.span.end));
                    json!({
                        "id": i,
                        "physicalLocation": {
                            "artifactLocation": loc,
                            "region": {
                                "startLine": s.line,
                                "startColumn": s.column,
                                "endLine": e.line,
                                "endColumn": e.column,
                                "byteOffset": r.span.start,
                                "byteLength": r.span.len(),
                            },
                        },
                        "message": {"text": r.message},
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": rule_index,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": loc,
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column,
                            "byteOffset": d.span.start,
                            "byteLength": d.span.len(),
                        },
                    },
                }],
                "partialFingerprints": {
                    "designlint/v1": super::fingerprint(&f.path, d),
                },
            });
            if let Some(s) = states.and_then(|s| s.get(i)) {
                result["baselineState"] = json!(s.sarif());
            }
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            self.results.push(&result)?;
        }
        // Findings at the base that are gone: `absent`, as passes (not alerts).
        for x in f.comparison.iter().flat_map(|c| &c.fixed) {
            let rule_index = self.rule_index(&f.rubric, &x.code, &x.name, Severity::Info);
            let mut loc = location.clone();
            loc["index"] = json!(artifact);
            self.results.push(&json!({
                "ruleId": x.code,
                "ruleIndex": rule_index,
                "kind": "pass",
                "level": "none",
                "message": {"text": format!("Fixed: {}", x.message)},
                "locations": [{"physicalLocation": {"artifactLocation": loc}}],
                "baselineState": "absent",
            }))?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> std::io::Result<()> {
        let log = json!({
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "designlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": INFORMATION_URI,
                    "rules": std::mem::take(&mut self.rules),
                }},
                "columnKind": "unicodeCodePoints",
                "artifacts": HOLES[0].1,
                "results": HOLES[1].1,
                "properties": {
                    "rubric": self.rubric,
                    "summary": {
                        "files": s.files, "errors": s.errors, "warnings": s.warnings,
                        "infos": s.infos, "meanScore": s.mean_score(),
                    },
                },
            }],
        });
        let text = serde_json::to_string_pretty(&log)?;
        let mut rest = text.as_str();
        for ((key, hole), spool) in HOLES.iter().zip([&mut self.artifacts, &mut self.results]) {
            // The run's own key, at its indentation: no string holds a newline.
            let marked = format!("\n      \"{key}\": \"{hole}\"");
            let at = rest.find(&marked).expect("the spooled array's place in the log");
            let at = at + marked.len() - hole.len() - 2;
            out.write_all(&rest.as_bytes()[..at])?;
            spool.write_to(out)?;
            rest = &rest[at + hole.len() + 2..];
        }
        out.write_all(rest.as_bytes())?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_uris() {
        assert_eq!(percent_encode("docs/a b#%.md"), "docs/a%20b%23%25.md");
        assert_eq!(percent_encode("é.md"), "%C3%A9.md");
        assert_eq!(
            artifact_location("/elsewhere/z z.md")["uri"],
            "file:///elsewhere/z%20z.md"
        );
    }
}
