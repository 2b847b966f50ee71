//! `--format github`: GitHub Actions workflow commands, one per diagnostic
//! (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=DL105 estimate-arithmetic::message`;
//! warning → `::warning`, info → `::notice`), then one `::notice` per file with
//! its score and grade (`::error` when it is under `--min-score`).

use std::io::Write;

use super::{FileReport, Formatter, Summary, relative_path};
use crate::rules::Severity;

#[derive(Default)]
pub struct Github;

impl Github {
    pub fn new() -> Self {
        Github
    }
}

/// Escape the message part of a workflow command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a property value (`file=`, `title=`) of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

impl Formatter for Github {
    fn file(&mut self, out: &mut dyn Write, f: &FileReport) -> std::io::Result<()> {
        let path = escape_property(&relative_path(&f.path));
        for d in &f.result.diagnostics {
            let start = f.line_col(d.span.start);
            let end = f.line_col(d.span.end);
            let mut msg = d.message.clone();
            if let Some(h) = d.help.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
                msg.push_str("\nhelp: ");
                msg.push_str(h);
            }
            writeln!(
                out,
                "::{} file={path},line={},col={},endLine={},endColumn={},title={}::{}",
                command(d.severity),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&format!("{} {}", d.code, d.name)),
                escape_data(&msg),
            )?;
        }
        let s = &f.result.score;
        let phases: Vec<String> = s
            .phases
            .iter()
            .map(|p| format!("{} {:.1}/{:.1}", p.phase, p.earned, p.max))
            .collect();
        let mut text = format!("score {:.1}/{} (grade {})", s.total, s.max, s.grade);
        match f.comparison.as_ref().map(|c| &c.before) {
            Some(Some(b)) => text.push_str(&format!(
                ", before {:.1} ({})",
                b.total,
                crate::baseline::signed(s.total - b.total)
            )),
            Some(None) => text.push_str(", new file"),
            None => {}
        }
        if !phases.is_empty() {
            text.push_str(&format!(" — {}", phases.join(", ")));
        }
        let cmd = if f.below_min_score() {
            text.push_str(&format!("; below {}", f.min_score_label()));
            "error"
        } else {
            "notice"
        };
        writeln!(
            out,
            "::{cmd} file={path},title=designlint score::{}",
            escape_data(&text)
        )
    }

    fn finish(&mut self, _out: &mut dyn Write, _s: &Summary) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_data() {
        assert_eq!(escape_data("100% a\r\nb"), "100%25 a%0D%0Ab");
        assert_eq!(escape_data("a: b, c"), "a: b, c");
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn escapes_properties() {
        assert_eq!(escape_property("docs/a:b,c.md"), "docs/a%3Ab%2Cc.md");
        assert_eq!(escape_property("50%\n"), "50%25%0A");
        assert_eq!(
            escape_property("DL105 estimate-arithmetic"),
            "DL105 estimate-arithmetic"
        );
    }
}
