//! `--format markdown` with `--diff-base` or `--baseline`: the pull-request
//! comment. A table of the changed documents with their score and grade
//! before → after and each phase's change, the reasons a document fails, then
//! the new findings only, each with a link to its line. Written at the end
//! (the table's columns are the union of phases).

use std::fmt::Write as _;
use std::io::Write;

use super::markdown::md_escape;
use super::{FileReport, Formatter, Summary, relative_path};
use crate::baseline::signed;
use crate::rules::Severity;
use crate::score::Score;

struct Row {
    path: String,
    note: String,
    before: Option<Score>,
    after: Option<Score>,
    failures: Vec<String>,
}

pub struct PrComment {
    rubric: String,
    rows: Vec<Row>,
    findings: Vec<String>,
}

impl PrComment {
    pub fn new(rubric: &str) -> Self {
        PrComment {
            rubric: rubric.to_string(),
            rows: Vec::new(),
            findings: Vec::new(),
        }
    }
}

/// The link to a line of a file: on the forge's web view of the commit when
/// the CI's environment names it (GitHub Actions, GitLab CI), else relative.
pub fn line_link(path: &str, line: usize) -> String {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let path = super::sarif::percent_encode(path);
    if let (Some(server), Some(repo), Some(sha)) = (
        var("GITHUB_SERVER_URL"),
        var("GITHUB_REPOSITORY"),
        var("GITHUB_SHA"),
    ) {
        return format!("{server}/{repo}/blob/{sha}/{path}#L{line}");
    }
    if let (Some(project), Some(sha)) = (var("CI_PROJECT_URL"), var("CI_COMMIT_SHA")) {
        return format!("{project}/-/blob/{sha}/{path}#L{line}");
    }
    format!("{path}#L{line}")
}

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "🔴 error",
        Severity::Warning => "🟡 warning",
        Severity::Info => "🔵 info",
    }
}

fn code(path: &str) -> String {
    format!("`{}`", path.replace('`', "'").replace('|', "\\|"))
}

/// `48.0 → 53.4 (+5.4)`, `21.2 (±0)`, or the value alone without a before.
fn change(before: Option<f64>, after: Option<f64>) -> String {
    match (before, after) {
        (Some(b), Some(a)) if (a - b).abs() < 0.05 => format!("{a:.1} (±0)"),
        (Some(b), Some(a)) => format!("{b:.1} → {a:.1} ({})", signed(a - b)),
        (None, Some(a)) => format!("{a:.1}"),
        (Some(b), None) => format!("{b:.1} → –"),
        (None, None) => "–".to_string(),
    }
}

fn phase(s: Option<&Score>, p: &str) -> Option<f64> {
    s.and_then(|s| s.phases.iter().find(|x| x.phase == p))
        .map(|x| x.earned)
}

impl Formatter for PrComment {
    fn file(&mut self, _out: &mut dyn Write, f: &FileReport) -> std::io::Result<()> {
        let c = f.comparison.as_deref().cloned().unwrap_or_default();
        let path = relative_path(&f.path);
        let link_path = c.repo_path.clone().unwrap_or_else(|| path.clone());
        let note = match (&c.before, &c.previous_path) {
            (None, _) => " (new)".to_string(),
            (Some(_), Some(p)) => format!(" (renamed from {})", code(p)),
            _ => String::new(),
        };
        for (d, _) in f
            .result
            .diagnostics
            .iter()
            .zip(&c.states)
            .filter(|(_, s)| s.is_new())
        {
            let line = f.line_col(d.span.start).line;
            let mut item = format!(
                "- [{} line {line}]({}): {} **{}** `{}`: {}",
                code(&path),
                line_link(&link_path, line),
                icon(d.severity),
                d.code,
                d.name,
                md_escape(&d.message)
            );
            if let Some(h) = d.help.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
                let _ = write!(item, "<br>_{}_", md_escape(h));
            }
            self.findings.push(item);
        }
        self.rows.push(Row {
            path,
            note,
            before: c.before.clone(),
            after: Some(f.result.score.clone()),
            failures: c.failures.clone(),
        });
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> std::io::Result<()> {
        for r in &s.removed {
            self.rows.push(Row {
                path: r.path.clone(),
                note: " (deleted)".to_string(),
                before: r.before.clone(),
                after: None,
                failures: Vec::new(),
            });
        }
        let base = s.base.as_deref().unwrap_or("the base");
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        let mut md = String::new();
        let _ = writeln!(md, "## designlint: what this change does to the docs\n");
        let _ = writeln!(
            md,
            "Compared with `{}` (`{}` rubric): {}, **{}**, {} already there, {} fixed.\n",
            md_escape(base),
            md_escape(&self.rubric),
            plural(self.rows.len(), "changed doc"),
            plural(s.new, "new finding"),
            s.existing,
            s.fixed,
        );
        if self.rows.is_empty() {
            let _ = writeln!(md, "No Markdown file changed.");
            return out.write_all(md.as_bytes());
        }
        let mut phases: Vec<String> = Vec::new();
        for r in &self.rows {
            for p in r.after.iter().chain(&r.before).flat_map(|s| &s.phases) {
                if !phases.contains(&p.phase) {
                    phases.push(p.phase.clone());
                }
            }
        }
        let _ = write!(md, "| | Doc | Score | Grade |");
        for p in &phases {
            let _ = write!(md, " {} |", md_escape(p));
        }
        let _ = write!(md, "\n|---|---|---:|:---:|");
        md.push_str(&"---:|".repeat(phases.len()));
        md.push('\n');
        for r in &self.rows {
            let mark = match (&r.after, r.failures.is_empty()) {
                (None, _) => "🗑️",
                (Some(_), true) => "✅",
                (Some(_), false) => "❌",
            };
            let grade = |s: &Option<Score>| s.as_ref().map_or("–".to_string(), |s| s.grade.clone());
            let grades = match &r.before {
                Some(_) if grade(&r.before) != grade(&r.after) => {
                    format!("{} → {}", grade(&r.before), grade(&r.after))
                }
                _ => grade(&r.after),
            };
            let _ = write!(
                md,
                "| {mark} | {}{} | {} | {grades} |",
                code(&r.path),
                r.note,
                change(
                    r.before.as_ref().map(|s| s.total),
                    r.after.as_ref().map(|s| s.total)
                ),
            );
            for p in &phases {
                let _ = write!(
                    md,
                    " {} |",
                    change(phase(r.before.as_ref(), p), phase(r.after.as_ref(), p))
                );
            }
            md.push('\n');
        }
        for r in self.rows.iter().filter(|r| !r.failures.is_empty()) {
            let _ = write!(md, "\n❌ {}: {}.", code(&r.path), r.failures.join("; "));
        }
        md.push('\n');
        if !self.findings.is_empty() {
            let _ = writeln!(md, "\n### New findings\n");
            for f in &self.findings {
                let _ = writeln!(md, "{f}");
            }
        }
        out.write_all(md.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_before_to_after() {
        assert_eq!(change(Some(48.0), Some(53.44)), "48.0 → 53.4 (+5.4)");
        assert_eq!(change(Some(21.2), Some(21.2)), "21.2 (±0)");
        assert_eq!(change(None, Some(7.0)), "7.0");
        assert_eq!(change(Some(40.0), None), "40.0 → –");
    }
}
