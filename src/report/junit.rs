//! `--format junit`: JUnit XML for CI test reports. One `<testsuite>`, one
//! `<testcase>` per file, its `classname` naming the file's rubric
//! (`designlint.adr`); a file fails (`<failure>`) when it has an
//! error-level diagnostic or scores under `--min-score`. Every diagnostic and
//! the score are listed in the testcase's `<system-out>`. Written at the end
//! (the suite's counts come first).

use std::fmt::Write as _;
use std::io::Write;

use super::{FileReport, Formatter, Summary, relative_path};
use crate::rules::Severity;

#[derive(Default)]
pub struct Junit {
    cases: String,
    tests: usize,
    failures: usize,
}

impl Junit {
    pub fn new() -> Self {
        Self::default()
    }
}

/// Escape text for XML 1.0 content and attribute values. Characters XML 1.0
/// cannot hold (most C0 controls) are written as `\u{..}`.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

impl Formatter for Junit {
    fn file(&mut self, _out: &mut dyn Write, f: &FileReport) -> std::io::Result<()> {
        self.tests += 1;
        let path = relative_path(&f.path);
        let s = &f.result.score;
        let errors = f.count(Severity::Error);
        let mut reasons = Vec::new();
        if errors > 0 {
            reasons.push(format!("{errors} error{}", if errors == 1 { "" } else { "s" }));
        }
        if f.below_min_score() {
            reasons.push(format!("score {:.1} below {}", s.total, f.min_score_label()));
        }
        let mut lines = String::new();
        for d in &f.result.diagnostics {
            let lc = f.line_col(d.span.start);
            let _ = writeln!(
                lines,
                "{path}:{}:{}: {} {} {}: {}",
                lc.line,
                lc.column,
                d.severity.as_str(),
                d.code,
                d.name,
                d.message
            );
        }
        let _ = writeln!(
            self.cases,
            "    <testcase name=\"{}\" classname=\"designlint.{}\">",
            xml_escape(&path),
            xml_escape(&f.rubric.name)
        );
        if !reasons.is_empty() {
            self.failures += 1;
            let errs: String = f
                .result
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| {
                    let lc = f.line_col(d.span.start);
                    format!(
                        "{path}:{}:{}: {} {}: {}\n",
                        lc.line, lc.column, d.code, d.name, d.message
                    )
                })
                .collect();
            let _ = writeln!(
                self.cases,
                "      <failure message=\"{}\" type=\"designlint\">{}</failure>",
                xml_escape(&reasons.join("; ")),
                xml_escape(&errs)
            );
        }
        let _ = write!(
            self.cases,
            "      <system-out>score {:.1}/{} (grade {})\n{}</system-out>\n    </testcase>\n",
            s.total,
            s.max,
            s.grade,
            xml_escape(&lines)
        );
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _s: &Summary) -> std::io::Result<()> {
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            out,
            "<testsuites name=\"designlint\" tests=\"{t}\" failures=\"{f}\" errors=\"0\">\n  <testsuite name=\"designlint\" tests=\"{t}\" failures=\"{f}\" errors=\"0\" skipped=\"0\">",
            t = self.tests,
            f = self.failures
        )?;
        out.write_all(self.cases.as_bytes())?;
        writeln!(out, "  </testsuite>\n</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml() {
        assert_eq!(
            xml_escape("a<b>&\"c\" 'd'"),
            "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;"
        );
        assert_eq!(xml_escape("x\u{1}y\tz"), "x\\u{1}y\tz");
        assert_eq!(xml_escape("é ✓"), "é ✓");
    }
}
