//! `--format markdown`: a summary for a pull-request comment. A table of the
//! files with score, grade and the marks of each phase (one table per rubric
//! when the files use several, each with its rubric's phases), then the
//! findings grouped by file (one collapsible block per file) with rule codes
//! and line numbers. Written at the end (the table's columns are the union of
//! phases).

use std::fmt::Write as _;
use std::io::Write;

use super::{FileReport, Formatter, Summary, relative_path};
use crate::rules::Severity;

struct Row {
    path: String,
    rubric: String,
    total: f64,
    grade: String,
    phases: Vec<(String, f64, f64)>,
    failed: bool,
    findings: Vec<String>,
}

#[derive(Default)]
pub struct Markdown {
    rubric: String,
    rows: Vec<Row>,
}

impl Markdown {
    pub fn new(rubric: &str) -> Self {
        Markdown {
            rubric: rubric.to_string(),
            rows: Vec::new(),
        }
    }
}

/// Escape text so that Markdown shows it as written (and no HTML gets in).
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "🔴 error",
        Severity::Warning => "🟡 warning",
        Severity::Info => "🔵 info",
    }
}

impl Formatter for Markdown {
    fn file(&mut self, _out: &mut dyn Write, f: &FileReport) -> std::io::Result<()> {
        let s = &f.result.score;
        let findings = f
            .result
            .diagnostics
            .iter()
            .map(|d| {
                let lc = f.line_col(d.span.start);
                let mut line = format!(
                    "- line {}: {} **{}** `{}`: {}",
                    lc.line,
                    icon(d.severity),
                    d.code,
                    d.name,
                    md_escape(&d.message)
                );
                if let Some(h) = d.help.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
                    let _ = write!(line, "<br>_{}_", md_escape(h));
                }
                line
            })
            .collect();
        self.rows.push(Row {
            path: relative_path(&f.path),
            rubric: f.rubric.name.clone(),
            total: s.total,
            grade: s.grade.clone(),
            phases: s
                .phases
                .iter()
                .map(|p| (p.phase.clone(), p.earned, p.max))
                .collect(),
            failed: f.count(Severity::Error) > 0 || f.below_min_score(),
            findings,
        });
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> std::io::Result<()> {
        let mut md = String::new();
        let _ = writeln!(md, "## designlint report\n");
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        // The rubrics of the files, in the order first seen.
        let mut rubrics: Vec<&str> = Vec::new();
        for r in &self.rows {
            if !rubrics.contains(&r.rubric.as_str()) {
                rubrics.push(&r.rubric);
            }
        }
        if rubrics.is_empty() {
            rubrics.push(&self.rubric);
        }
        let names: Vec<String> = rubrics.iter().map(|r| format!("`{}`", md_escape(r))).collect();
        let _ = writeln!(
            md,
            "{} linted with the {} {}: mean score **{:.1}**, {}, {}, {}.\n",
            plural(s.files, "file"),
            crate::rules::join_list(&names),
            if names.len() == 1 { "rubric" } else { "rubrics" },
            s.mean_score(),
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "info"),
        );
        if self.rows.is_empty() {
            let _ = writeln!(md, "No files linted.");
            return out.write_all(md.as_bytes());
        }
        for rubric in &rubrics {
            let rows: Vec<&Row> = self.rows.iter().filter(|r| r.rubric == *rubric).collect();
            if rubrics.len() > 1 {
                let _ = writeln!(
                    md,
                    "### `{}` rubric: {}\n",
                    md_escape(rubric),
                    plural(rows.len(), "file")
                );
            }
            table(&mut md, &rows);
            if rubrics.len() > 1 {
                md.push('\n');
            }
        }
        if self.rows.iter().any(|r| !r.findings.is_empty()) {
            let _ = writeln!(md, "\n### Findings");
            for r in self.rows.iter().filter(|r| !r.findings.is_empty()) {
                let _ = writeln!(
                    md,
                    "\n<details{}><summary><code>{}</code>: {}</summary>\n",
                    if r.failed { " open" } else { "" },
                    super::junit::xml_escape(&r.path),
                    plural(r.findings.len(), "finding")
                );
                for f in &r.findings {
                    let _ = writeln!(md, "{f}");
                }
                let _ = writeln!(md, "\n</details>");
            }
        }
        out.write_all(md.as_bytes())
    }
}

/// One table: a row per file, a column per phase (the union of the rows' phases).
fn table(md: &mut String, rows: &[&Row]) {
    // The union of the phases, in the order first seen.
    let mut phases: Vec<String> = Vec::new();
    for r in rows {
        for (p, _, _) in &r.phases {
            if !phases.contains(p) {
                phases.push(p.clone());
            }
        }
    }
    let _ = write!(*md, "| | File | Score | Grade |");
    for p in &phases {
        let _ = write!(*md, " {} |", md_escape(p));
    }
    let _ = write!(*md, "\n|---|---|---:|:---:|");
    for _ in &phases {
        md.push_str("---:|");
    }
    md.push('\n');
    for r in rows {
        let _ = write!(
            md,
            "| {} | `{}` | {:.1} | {} |",
            if r.failed { "❌" } else { "✅" },
            r.path.replace('`', "'").replace('|', "\\|"),
            r.total,
            r.grade
        );
        for p in &phases {
            match r.phases.iter().find(|(q, _, _)| q == p) {
                Some((_, e, m)) => {
                    let _ = write!(*md, " {e:.1} / {m:.1} |");
                }
                None => md.push_str(" – |"),
            }
        }
        md.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markdown() {
        assert_eq!(md_escape("a|b *c* <!-- x -->"), "a\\|b \\*c\\* &lt;!-- x --&gt;");
        assert_eq!(md_escape("line\r\nnext"), "line next");
    }
}
