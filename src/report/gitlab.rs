//! `--format gitlab`: a GitLab Code Quality report (a JSON array of issues in
//! the Code Climate subset GitLab reads), streamed file by file.
//!
//! Severities map info → `info`, warning → `minor`, error → `major`; a file
//! that scores under `--min-score` adds one `critical` issue at its first line.
//! Fingerprints are a 64-bit FNV-1a hash of path, code, message and span: the
//! same finding has the same fingerprint on every run and every machine.

use std::io::Write;

use serde_json::json;

use super::sarif::relative_path;
use super::{FileReport, Formatter, Summary};
use crate::engine::Diagnostic;
use crate::rubric::Severity;

#[derive(Default)]
pub struct Gitlab {
    first: bool,
}

impl Gitlab {
    pub fn new() -> Self {
        Gitlab { first: true }
    }

    fn item(&mut self, out: &mut dyn Write, v: &serde_json::Value) -> std::io::Result<()> {
        out.write_all(if self.first { b"\n  " } else { b",\n  " })?;
        self.first = false;
        serde_json::to_writer(&mut *out, v)?;
        Ok(())
    }
}

/// 64-bit FNV-1a: small, fast and the same everywhere (unlike `RandomState`).
pub fn fnv1a64(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.iter().chain(std::iter::once(&0xFFu8)) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// A stable fingerprint of a diagnostic in a file, as 16 hex digits.
pub fn fingerprint(path: &str, d: &Diagnostic) -> String {
    let path = relative_path(path);
    let span = format!("{}..{}", d.span.start, d.span.end);
    format!(
        "{:016x}",
        fnv1a64(&[
            path.as_bytes(),
            d.code.as_bytes(),
            d.message.as_bytes(),
            span.as_bytes()
        ])
    )
}

pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Info => "info",
        Severity::Warning => "minor",
        Severity::Error => "major",
    }
}

impl Formatter for Gitlab {
    fn begin(&mut self, out: &mut dyn Write, _rubric: &crate::rubric::Rubric) -> std::io::Result<()> {
        out.write_all(b"[")
    }

    fn file(&mut self, out: &mut dyn Write, f: &FileReport) -> std::io::Result<()> {
        let path = relative_path(&f.path);
        for d in &f.result.diagnostics {
            let start = f.line_col(d.span.start);
            let end = f.line_col(d.span.end);
            let v = json!({
                "description": format!("{} {}: {}", d.code, d.name, d.message),
                "check_name": d.code,
                "fingerprint": fingerprint(&f.path, d),
                "severity": severity(d.severity),
                "location": {"path": path, "lines": {"begin": start.line, "end": end.line}},
            });
            self.item(out, &v)?;
        }
        if f.below_min_score() {
            let score = &f.result.score;
            let description = format!(
                "designlint score {:.1}/{} ({}) is below {}",
                score.total,
                score.max,
                score.grade,
                f.min_score_label()
            );
            let v = json!({
                "description": description,
                "check_name": "designlint-min-score",
                "fingerprint": format!("{:016x}", fnv1a64(&[path.as_bytes(), b"min-score"])),
                "severity": "critical",
                "location": {"path": path, "lines": {"begin": 1}},
            });
            self.item(out, &v)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _s: &Summary) -> std::io::Result<()> {
        out.write_all(if self.first { b"]\n" } else { b"\n]\n" })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_is_the_reference_hash() {
        // FNV-1a 64 of "a" is af63dc4c8601ec8c; our separator byte follows each part.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        h ^= u64::from(b'a');
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        assert_eq!(h, 0xaf63_dc4c_8601_ec8c);
        assert_ne!(fnv1a64(&[b"ab", b"c"]), fnv1a64(&[b"a", b"bc"]));
        assert_eq!(fnv1a64(&[b"x"]), fnv1a64(&[b"x"]));
    }

    #[test]
    fn fingerprints_are_stable() {
        let d = Diagnostic {
            code: "DL505".into(),
            name: "placeholders".into(),
            severity: Severity::Warning,
            message: "Placeholder left in the text: \"TODO\".".into(),
            help: None,
            span: 10..14,
        };
        // Pinned: changing it would re-open every finding in GitLab.
        assert_eq!(fingerprint("./docs/a.md", &d), fingerprint("docs/a.md", &d));
        assert_eq!(fingerprint("docs/a.md", &d), "045086d193ab3db8");
        let mut e = d.clone();
        e.span = 11..15;
        assert_ne!(fingerprint("docs/a.md", &d), fingerprint("docs/a.md", &e));
    }
}
