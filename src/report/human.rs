//! For people: miette's graphical reports (snippet, label at the span, help,
//! rule code and name), then a score block per file with one bar per phase.
//! Parts missing from the write-up as a whole all point at its title: when
//! there are several, they are listed as one block (each with its help)
//! rather than as as many copies of the title's snippet.

use std::fmt;
use std::io::Write;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

use super::{FileReport, Formatter, Render, ReportOptions, Summary};
use crate::engine::Diagnostic;
use crate::rules::Severity;

#[derive(Clone)]
pub struct Human {
    opts: ReportOptions,
    handler: GraphicalReportHandler,
}

impl Human {
    pub fn new(opts: ReportOptions) -> Self {
        let theme = if opts.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(if opts.width == 0 { 100 } else { opts.width })
            .with_links(false)
            .with_context_lines(1);
        Human { opts, handler }
    }

    /// Each rule's credit and the lines that earned it (`--show-evidence`).
    fn evidence(&self, out: &mut dyn Write, f: &FileReport) -> std::io::Result<()> {
        writeln!(out, "  evidence")?;
        let dim = owo_colors::Style::new().dimmed();
        for r in &f.result.score.rules {
            writeln!(out, "    {} {:<28} {:.2}", r.code, r.name, r.credit)?;
            if r.evidence.is_empty() {
                writeln!(out, "      {}", self.paint("no evidence", dim))?;
            }
            for e in &r.evidence {
                let line = f.lines.line_of(e.span.start.min(f.source.len())) + 1;
                let strength = match e.strength {
                    crate::rules::Strength::Strong => "strong",
                    crate::rules::Strength::Weak => "weak",
                };
                writeln!(out, "      {}:{line}: {strength} — {}", f.path, e.note)?;
            }
        }
        Ok(())
    }

    fn paint(&self, s: &str, style: owo_colors::Style) -> String {
        if self.opts.color {
            use owo_colors::OwoColorize;
            s.style(style).to_string()
        } else {
            s.to_string()
        }
    }
}

/// A file's text with its name and line index, borrowed (miette's `NamedSource`
/// wants it owned).
struct Src<'a> {
    name: &'a str,
    text: &'a str,
    lines: &'a crate::document::LineIndex,
    /// Whether every line break is `\n` or `\r\n`: a lone `\r` ends a line for
    /// miette but not for the line index, so such a text is read whole.
    plain_breaks: bool,
}

impl<'a> Src<'a> {
    fn new(f: &'a FileReport) -> Self {
        let b = f.source.as_bytes();
        let plain_breaks = memchr::memchr_iter(b'\r', b).all(|i| b.get(i + 1) == Some(&b'\n'));
        Src {
            name: &f.path,
            text: &f.source,
            lines: &f.lines,
            plain_breaks,
        }
    }

    /// The byte range of whole lines around `span` that miette's reading of the
    /// whole text would look at: from a line at least one more than `before`
    /// above the span (so the span never starts the window unless the text
    /// does) to two more than `after` below it, or the text's ends. miette
    /// counts lines from byte 0 for each read; reading only this window keeps a
    /// report linear in the number of findings, not in findings × file size.
    fn window(&self, span: &SourceSpan, before: usize, after: usize) -> (usize, usize, usize) {
        let len = self.text.len();
        let first = self.lines.line_of(span.offset().min(len));
        let top = first.saturating_sub(before + 1);
        let last = self.lines.line_of((span.offset() + span.len()).min(len));
        let end_line = last + after + 2;
        let end = if end_line < self.lines.line_count() {
            self.lines.line_start(end_line)
        } else {
            len
        };
        (top, self.lines.line_start(top), end)
    }
}

impl SourceCode for Src<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let (line0, start, end) = if self.plain_breaks && span.offset() + span.len() <= self.text.len() {
            self.window(span, before, after)
        } else {
            (0, 0, self.text.len())
        };
        let inner = SourceSpan::new((span.offset() - start).into(), span.len());
        let c = self.text[start..end].read_span(&inner, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            c.data(),
            (c.span().offset() + start, c.span().len()).into(),
            c.line() + line0,
            c.column(),
            c.line_count() + line0,
        )))
    }
}

/// A diagnostic with its file, as miette wants it.
struct Shown<'a> {
    d: &'a Diagnostic,
    src: &'a Src<'a>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.d.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.d.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("{} {}", self.d.code, self.d.name)))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let label = match self.d.severity {
            Severity::Error => "here",
            _ => "",
        };
        let span = LabeledSpan::new_with_span(
            (!label.is_empty()).then(|| label.to_string()),
            (self.d.span.start, self.d.span.len()),
        );
        // The other places the diagnostic is about, each with its label.
        let related = self
            .d
            .related
            .iter()
            .map(|r| LabeledSpan::new_with_span(Some(r.message.clone()), (r.span.start, r.span.len())));
        Some(Box::new(std::iter::once(span).chain(related)))
    }
}

const BAR: usize = 20;

impl Human {
    /// The diagnostics at the title, one after another, each with its help.
    fn missing_block(&self, out: &mut dyn Write, f: &FileReport, ds: &[&Diagnostic]) -> std::io::Result<()> {
        let lc = f.line_col(f.result.anchor.start);
        writeln!(
            out,
            "{}:{}:{}: {} parts missing or thin in the write-up as a whole\n",
            self.paint(&f.path, owo_colors::Style::new().bold()),
            lc.line,
            lc.column,
            ds.len()
        )?;
        for d in ds {
            let (mark, style) = match d.severity {
                Severity::Error => ("×", owo_colors::Style::new().red()),
                Severity::Warning => ("⚠", owo_colors::Style::new().yellow()),
                Severity::Info => ("☞", owo_colors::Style::new().cyan()),
            };
            writeln!(
                out,
                "  {} {}: {}",
                self.paint(mark, style),
                self.paint(&format!("{} {}", d.code, d.name), style.bold()),
                d.message
            )?;
            if let Some(h) = &d.help {
                writeln!(out, "    help: {h}")?;
            }
        }
        writeln!(out)
    }
}

impl Render for Human {
    fn render(&self, out: &mut Vec<u8>, f: &FileReport) -> std::io::Result<()> {
        self.write_file(out, f)
    }
}

impl Human {
    fn write_file(&self, out: &mut dyn Write, f: &FileReport) -> std::io::Result<()> {
        let src = Src::new(f);
        let at_title = |d: &&Diagnostic| d.span == f.result.anchor;
        let missing: Vec<&Diagnostic> = f.result.diagnostics.iter().filter(at_title).collect();
        let grouped = missing.len() > 1;
        if grouped {
            self.missing_block(out, f, &missing)?;
        }
        for d in &f.result.diagnostics {
            if grouped && at_title(&d) {
                continue;
            }
            let mut s = String::new();
            let shown = Shown { d, src: &src };
            if self.handler.render_report(&mut s, &shown).is_ok() {
                out.write_all(s.as_bytes())?;
            }
        }
        if self.opts.quiet {
            return Ok(());
        }
        let sc = &f.result.score;
        let grade_style = match sc.grade.as_str() {
            "A" | "B" => owo_colors::Style::new().green().bold(),
            "C" | "D" => owo_colors::Style::new().yellow().bold(),
            _ => owo_colors::Style::new().red().bold(),
        };
        let below = if f.below_min_score() {
            format!("  (below {})", f.min_score_label())
        } else {
            String::new()
        };
        let cmp = f.comparison.as_ref();
        let was = cmp.map_or(String::new(), |c| match &c.before {
            Some(b) => format!(
                "  (before {:.1} {}, {})",
                b.total,
                b.grade,
                crate::baseline::signed(sc.total - b.total)
            ),
            None => "  (new)".to_string(),
        });
        // A score over part of the rubric (--select, --ignore, disable-file) is
        // scaled to 100 all the same: say so.
        let items = f.rubric.rules.iter().filter(|r| r.is_item()).count();
        let part = if sc.rules.len() < items {
            format!("  ({} of {items} rubric items scored)", sc.rules.len())
        } else {
            String::new()
        };
        writeln!(
            out,
            "{}  score {}/100  grade {}{part}{below}{was}",
            self.paint(&f.path, owo_colors::Style::new().bold()),
            self.paint(&format!("{:.1}", sc.total), grade_style),
            self.paint(&sc.grade, grade_style),
        )?;
        for p in &sc.phases {
            let filled = if p.max > 0.0 {
                ((p.earned / p.max) * BAR as f64).round() as usize
            } else {
                0
            };
            let bar = format!(
                "{}{}",
                "█".repeat(filled.min(BAR)),
                "░".repeat(BAR - filled.min(BAR))
            );
            let delta = cmp
                .and_then(|c| c.phase_before(&p.phase))
                .map_or(String::new(), |b| {
                    format!("  {}", crate::baseline::signed(p.earned - b))
                });
            writeln!(
                out,
                "  {:<14} {} {:>5.1} / {:.1}{delta}",
                p.phase, bar, p.earned, p.max
            )?;
        }
        if sc.penalty > 0.0 {
            writeln!(out, "  {:<14} {:>27}", "findings", format!("-{:.1}", sc.penalty))?;
        }
        if let Some(c) = cmp.filter(|c| !c.fixed.is_empty()) {
            writeln!(out, "  fixed: {}", crate::baseline::fixed_list(&c.fixed))?;
        }
        if self.opts.show_evidence {
            self.evidence(out, f)?;
        }
        writeln!(out)?;
        Ok(())
    }
}

impl Formatter for Human {
    fn file(&mut self, out: &mut dyn Write, f: &FileReport) -> std::io::Result<()> {
        self.write_file(out, f)
    }

    fn renderer(&self) -> Option<Box<dyn Render>> {
        Some(Box::new(self.clone()))
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary) -> std::io::Result<()> {
        if self.opts.statistics && !s.by_rule.is_empty() {
            let mut rows: Vec<_> = s.by_rule.iter().collect();
            rows.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(a.0.cmp(b.0)));
            for (code, (name, n)) in rows {
                writeln!(out, "{n:>5}  {code}  {name}")?;
            }
            writeln!(out)?;
        }
        if self.opts.quiet {
            return Ok(());
        }
        let plural = |n: usize, w: &str| {
            if n == 1 {
                format!("{n} {w}")
            } else {
                format!("{n} {w}s")
            }
        };
        if let Some(base) = &s.base {
            for r in &s.removed {
                writeln!(out, "{}  deleted since {base}", r.path)?;
            }
            writeln!(
                out,
                "Compared with {base}: {}, {} existing (not shown), {} fixed",
                plural(s.new, "new finding"),
                s.existing,
                s.fixed
            )?;
        }
        writeln!(
            out,
            "{} linted: {}, {}, {}; mean score {:.1}",
            plural(s.files, "file"),
            plural(s.errors, "error"),
            plural(s.warnings, "warning"),
            plural(s.infos, "info"),
            s.mean_score()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::LineIndex;

    /// Reading a window of lines gives what miette's reading of the whole text
    /// gives, for every span, context and kind of line break.
    #[test]
    fn window_reads_as_the_whole_text() {
        let texts = [
            "# T\n\nline one\nline two é\n\n## S\ntext\n",
            "a\r\nb\r\n\r\nc é\r\nd",
            "one\rtwo\nthree\r\nfour\n",
            "\n\n\nx\n\n\n",
            "",
        ];
        for text in texts {
            let lines = LineIndex::new(text);
            let b = text.as_bytes();
            let src = Src {
                name: "f.md",
                text,
                lines: &lines,
                plain_breaks: memchr::memchr_iter(b'\r', b).all(|i| b.get(i + 1) == Some(&b'\n')),
            };
            for start in 0..=text.len() {
                for len in 0..=(text.len() - start).min(12) {
                    for ctx in 0..3 {
                        let span = SourceSpan::new(start.into(), len);
                        let want = text.read_span(&span, ctx, ctx);
                        let got = src.read_span(&span, ctx, ctx);
                        match (want, got) {
                            (Ok(w), Ok(g)) => {
                                let at = format!("{text:?} {start}+{len} ctx {ctx}");
                                assert_eq!(w.data(), g.data(), "{at}");
                                assert_eq!(w.span(), g.span(), "{at}");
                                assert_eq!(w.line(), g.line(), "{at}");
                                assert_eq!(w.column(), g.column(), "{at}");
                                assert_eq!(w.line_count(), g.line_count(), "{at}");
                            }
                            (Err(_), Err(_)) => {}
                            (w, g) => panic!("{text:?} {start}+{len}: {:?} vs {:?}", w.is_ok(), g.is_ok()),
                        }
                    }
                }
            }
        }
    }
}
