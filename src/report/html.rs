//! `designlint report --html FILE`: one self-contained HTML page about a
//! repository's documents. The mean score and the grade distribution, a
//! sortable table of documents (score, grade, rubric, a bar per phase), the
//! most frequent findings, and per document its diagnostics with their source
//! lines. Styles and the sorting script are inline; the page loads nothing
//! (no network, no fonts), so it opens from a CI artifact. It has no
//! timestamp: the same documents give the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::junit::xml_escape as esc;
use super::{FileReport, relative_path};
use crate::rules::Severity;

const GRADES: [&str; 5] = ["A", "B", "C", "D", "F"];

const STYLE: &str = r#"
:root{--fg:#1d2430;--muted:#5b6474;--line:#d9dee7;--bg:#fff;--soft:#f4f6f9;--bar:#3d7bd9;
--A:#1a8a4a;--B:#4f9a2a;--C:#c79a00;--D:#d9731a;--F:#c8372d}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1100px;margin:0 auto;padding:20px 16px 48px}
h1{font-size:1.5rem;margin:0 0 4px}h2{font-size:1.15rem;margin:32px 0 10px}
.muted{color:var(--muted)}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 16px;min-width:150px;flex:1 1 150px;background:var(--soft)}
.big{font-size:2rem;font-weight:700}
.dist{display:flex;flex-direction:column;gap:4px;flex:3 1 300px}
.dist div{display:grid;grid-template-columns:1.5em 1fr 2.5em;gap:8px;align-items:center}
.dist i{display:block;height:12px;border-radius:3px;min-width:2px}
.g{display:inline-block;min-width:1.8em;text-align:center;border-radius:4px;color:#fff;font-weight:700;padding:0 4px}
.gA{background:var(--A)}.gB{background:var(--B)}.gC{background:var(--C)}.gD{background:var(--D)}.gF{background:var(--F)}
.wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:var(--soft);white-space:nowrap}
th[data-col]{cursor:pointer;user-select:none}
th[data-col]::after{content:" ↕";color:var(--muted)}
th[aria-sort=ascending]::after{content:" ↑"}th[aria-sort=descending]::after{content:" ↓"}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.path{overflow-wrap:anywhere;min-width:10em}
.phases{display:grid;grid-template-columns:minmax(5.5em,auto) minmax(60px,1fr) auto;gap:2px 6px;align-items:center;font-size:.8rem;min-width:190px}
.track{background:#e6eaf0;border-radius:3px;height:8px;overflow:hidden}
.track i{display:block;height:100%;background:var(--bar)}
details{border:1px solid var(--line);border-radius:8px;margin:8px 0;padding:0 12px}
summary{cursor:pointer;padding:10px 0;font-weight:600}
.diag{border-top:1px solid var(--line);padding:8px 0}
.sev{font-size:.75rem;font-weight:700;text-transform:uppercase;border-radius:3px;padding:1px 5px;margin-right:6px;color:#fff}
.error{background:var(--F)}.warning{background:var(--D)}.info{background:var(--bar)}
.help{color:var(--muted)}
pre{background:var(--soft);border-radius:6px;padding:6px 8px;overflow-x:auto;margin:6px 0;font-size:.8rem;white-space:pre}
pre b{color:var(--muted);font-weight:400;user-select:none}
mark{background:#ffe08a;border-radius:2px}
@media (max-width:640px){body{font-size:14px}main{padding:12px 10px 32px}.hide-narrow{display:none}.big{font-size:1.6rem}
#documents thead tr{display:flex;flex-wrap:wrap}#documents thead th{border:0}#documents thead th:not([data-col]){display:none}
#documents tbody tr{display:grid;grid-template-columns:1fr auto auto;border-bottom:1px solid var(--line)}
#documents tbody td{border:0}#documents td.path{min-width:0}#documents td.ph{grid-column:1/-1;padding-top:0}#documents td.fc{display:none}}
"#;

const SCRIPT: &str = r#"
document.querySelectorAll("table.sortable").forEach(function(t){
  var heads=t.querySelectorAll("th[data-col]");
  heads.forEach(function(th){th.addEventListener("click",function(){
    var col=+th.dataset.col,num=th.dataset.type==="num";
    var dir=th.getAttribute("aria-sort")==="ascending"?-1:1;
    heads.forEach(function(h){h.removeAttribute("aria-sort")});
    th.setAttribute("aria-sort",dir>0?"ascending":"descending");
    var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,b){
      var x=a.cells[col].dataset.v,y=b.cells[col].dataset.v;
      return dir*(num?(+x)-(+y):x.localeCompare(y));
    });
    rows.forEach(function(r){body.appendChild(r)});
  })});
});
"#;

fn grade_badge(g: &str) -> String {
    format!("<span class=\"g g{0}\">{0}</span>", esc(g))
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The source lines of a span (at most three), numbered, the span marked.
fn source_lines(f: &FileReport, span: &std::ops::Range<usize>) -> String {
    let text = &f.source;
    let first = f.lines.line_of(span.start.min(text.len()));
    let last = f.lines.line_of(span.end.min(text.len())).min(first + 2);
    let mut out = String::from("<pre>");
    for line in first..=last {
        let r = f.lines.line_range(line, text.len());
        let body = text[r.clone()].trim_end_matches(['\n', '\r']);
        let end = r.start + body.len();
        let (a, b) = (span.start.clamp(r.start, end), span.end.clamp(r.start, end));
        let _ = write!(out, "<b>{:>4} │ </b>", line + 1);
        if a < b {
            let _ = write!(
                out,
                "{}<mark>{}</mark>{}",
                esc(&text[r.start..a]),
                esc(&text[a..b]),
                esc(&text[b..end])
            );
        } else {
            out.push_str(&esc(body));
        }
        out.push('\n');
    }
    out.push_str("</pre>");
    out
}

/// The page for these linted files.
pub fn render(files: &[FileReport]) -> String {
    let mut h = String::new();
    let n = files.len();
    let mean = if n == 0 {
        0.0
    } else {
        files.iter().map(|f| f.result.score.total).sum::<f64>() / n as f64
    };
    let mean = (mean * 10.0).round() / 10.0;
    let diagnostics: usize = files.iter().map(|f| f.result.diagnostics.len()).sum();
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>designlint report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>designlint report</h1>\n<p class=\"muted\">{n} document{}, {diagnostics} finding{}.</p>\n",
        if n == 1 { "" } else { "s" },
        if diagnostics == 1 { "" } else { "s" },
    );

    // Mean score and grade distribution.
    let mut by_grade: BTreeMap<&str, usize> = GRADES.iter().map(|g| (*g, 0)).collect();
    for f in files {
        *by_grade.entry(f.result.score.grade.as_str()).or_default() += 1;
    }
    let most = by_grade.values().copied().max().unwrap_or(0).max(1);
    let _ = write!(
        h,
        "<section class=\"cards\">\n<div class=\"card\"><div class=\"muted\">mean score</div>\
         <div class=\"big\">{mean:.1}</div><div>{} <span class=\"muted\">of 100</span></div></div>\n\
         <div class=\"card dist\" aria-label=\"grade distribution\"><div class=\"muted\" style=\"display:block\">grades</div>\n",
        grade_badge(crate::score::grade(mean))
    );
    for g in GRADES {
        let c = by_grade[g];
        let _ = writeln!(
            h,
            "<div>{}<i style=\"width:{:.1}%;background:var(--{g})\"></i><span>{c}</span></div>",
            grade_badge(g),
            c as f64 * 100.0 / most as f64
        );
    }
    h.push_str("</div>\n</section>\n");

    // The documents.
    h.push_str(
        "<h2>Documents</h2>\n<div class=\"wrap\">\n<table class=\"sortable\" id=\"documents\">\n<thead><tr>\
         <th data-col=\"0\">Document</th><th data-col=\"1\" data-type=\"num\">Score</th>\
         <th data-col=\"2\">Grade</th><th data-col=\"3\" class=\"hide-narrow\">Rubric</th>\
         <th>Phases</th><th data-col=\"5\" data-type=\"num\">Findings</th></tr></thead>\n<tbody>\n",
    );
    for (i, f) in files.iter().enumerate() {
        let s = &f.result.score;
        let path = relative_path(&f.path);
        let _ = write!(
            h,
            "<tr><td class=\"path\" data-v=\"{0}\"><a href=\"#doc-{i}\">{5}</a></td>\
             <td class=\"num\" data-v=\"{1}\">{1:.1}</td><td data-v=\"{2}\">{3}</td>\
             <td class=\"hide-narrow\" data-v=\"{4}\">{4}</td><td class=\"ph\"><div class=\"phases\">",
            esc(&path),
            s.total,
            esc(&s.grade),
            grade_badge(&s.grade),
            esc(&f.rubric.name),
            esc(&path).replace('/', "/<wbr>"),
        );
        for p in &s.phases {
            let pct = if p.max > 0.0 {
                p.earned * 100.0 / p.max
            } else {
                0.0
            };
            let _ = write!(
                h,
                "<span>{}</span><span class=\"track\" title=\"{0} {:.1} / {:.1}\"><i style=\"width:{pct:.0}%\"></i></span><span>{:.1}/{:.0}</span>",
                esc(&p.phase),
                p.earned,
                p.max,
                p.earned,
                p.max
            );
        }
        let _ = writeln!(
            h,
            "</div></td><td class=\"num fc\" data-v=\"{0}\">{0}</td></tr>",
            f.result.diagnostics.len()
        );
    }
    h.push_str("</tbody>\n</table>\n</div>\n");

    // The most frequent findings.
    let mut by_rule: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    for f in files {
        let mut seen = std::collections::HashSet::new();
        for d in &f.result.diagnostics {
            let e = by_rule.entry((&d.code, &d.name)).or_default();
            e.0 += 1;
            if seen.insert(&d.code) {
                e.1 += 1;
            }
        }
    }
    let mut top: Vec<_> = by_rule.into_iter().collect();
    top.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
    h.push_str("<h2>Most frequent findings</h2>\n");
    if top.is_empty() {
        h.push_str("<p>No findings.</p>\n");
    } else {
        h.push_str(
            "<div class=\"wrap\">\n<table>\n<thead><tr><th>Rule</th><th>Name</th><th>Findings</th><th>Documents</th></tr></thead>\n<tbody>\n",
        );
        for ((code, name), (count, docs)) in top.iter().take(15) {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{count}</td><td class=\"num\">{docs}</td></tr>",
                esc(code),
                esc(name)
            );
        }
        h.push_str("</tbody>\n</table>\n</div>\n");
    }

    // Each document's findings.
    h.push_str("<h2>Findings by document</h2>\n");
    for (i, f) in files.iter().enumerate() {
        let s = &f.result.score;
        let nd = f.result.diagnostics.len();
        let _ = writeln!(
            h,
            "<details id=\"doc-{i}\"><summary>{} — {:.1} {} · {nd} finding{}</summary>",
            esc(&relative_path(&f.path)),
            s.total,
            grade_badge(&s.grade),
            if nd == 1 { "" } else { "s" }
        );
        for d in &f.result.diagnostics {
            let lc = f.line_col(d.span.start);
            let _ = write!(
                h,
                "<div class=\"diag\"><span class=\"sev {0}\">{0}</span><strong>{1}</strong> {2} \
                 <span class=\"muted\">line {3}</span><div>{4}</div>",
                severity(d.severity),
                esc(&d.code),
                esc(&d.name),
                lc.line,
                esc(&d.message)
            );
            if let Some(help) = d.help.as_deref().filter(|x| !x.trim().is_empty()) {
                let _ = write!(h, "<div class=\"help\">{}</div>", esc(help));
            }
            h.push_str(&source_lines(f, &d.span));
            h.push_str("</div>\n");
        }
        h.push_str("</details>\n");
    }
    let _ = write!(h, "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(path: &str, text: &str) -> FileReport {
        let rubric =
            std::sync::Arc::new(crate::rubric::load("interview", std::path::Path::new(".")).unwrap());
        let result = crate::engine::lint(text, &rubric, &Default::default());
        let policy = crate::policy::FilePolicy {
            rubric,
            settings: Default::default(),
            min_score: None,
        };
        let lines = crate::document::LineIndex::new(text);
        FileReport::with_lines(path.into(), text.into(), lines, result, policy)
    }

    #[test]
    fn page_is_self_contained_and_escaped() {
        let f = report("docs/<a>.md", "# Design\n\nTODO: the <b>API</b>.\n");
        let page = render(&[f]);
        assert!(page.starts_with("<!doctype html>"));
        assert!(page.contains("docs/&lt;a&gt;.md"));
        assert!(!page.contains("<b>API</b>"));
        assert!(page.contains("<mark>TODO</mark>"), "{page}");
        // Nothing is fetched: no external URL in a src or href, no @import or url().
        for bad in ["src=\"http", "href=\"http", "@import", "url("] {
            assert!(!page.contains(bad), "{bad}");
        }
        assert_eq!(render(&[]).matches("<tr><td class=\"path\"").count(), 0);
    }
}
