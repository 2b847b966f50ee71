//! Where `designlint check` spends its time, stage by stage, on one thread:
//! compiling the rubric, parsing alone (the floor), building the document
//! model, the shared analysis, and each rule's detector. Files are read into
//! memory first, so no stage includes I/O.
//!
//! `cargo run --release --example stages -- DIR... [--rubric NAME]`

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use designlint::document::{Document, options};
use designlint::rules::Cx;
use pulldown_cmark::Parser;

fn walk(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let Ok(rd) = std::fs::read_dir(p) else { return };
        let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        entries.sort();
        for e in entries {
            walk(&e, out);
        }
    } else if designlint::discover::is_markdown(p) {
        out.push(p.to_path_buf());
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut rubric_name = "interview".to_string();
    if let Some(i) = args.iter().position(|a| a == "--rubric") {
        rubric_name = args.get(i + 1).cloned().expect("--rubric NAME");
        args.drain(i..i + 2);
    }
    let mut files = Vec::new();
    for a in &args {
        walk(Path::new(a), &mut files);
    }
    let texts: Vec<String> = files
        .iter()
        .filter_map(|p| String::from_utf8(std::fs::read(p).ok()?).ok())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();

    let t = Instant::now();
    let rubric = designlint::rubric::load(&rubric_name, Path::new(".")).expect("rubric");
    let compile = t.elapsed();

    let t = Instant::now();
    let mut events = 0usize;
    for s in &texts {
        let body = s.strip_prefix('\u{feff}').unwrap_or(s);
        events += Parser::new_ext(body, options()).into_offset_iter().count();
    }
    let parse = t.elapsed();

    let mut model = Duration::ZERO;
    let mut analysis = Duration::ZERO;
    let mut per_rule = vec![Duration::ZERO; rubric.rules.len()];
    let mut findings = 0usize;
    for s in &texts {
        let t = Instant::now();
        let arena = designlint::document::Arena::new();
        let doc = Document::parse(s, &arena);
        model += t.elapsed();
        let t = Instant::now();
        let an = rubric.analyse(&doc);
        analysis += t.elapsed();
        for (i, rule) in rubric.rules.iter().enumerate() {
            let cx = Cx {
                doc: &doc,
                an: &an,
                rule,
                phases: &rubric.phases,
                terms: &rubric.terms,
            };
            let t = Instant::now();
            findings += rule.detector.check(&cx).findings.len();
            per_rule[i] += t.elapsed();
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let rules: Duration = per_rule.iter().sum();
    println!(
        "{} files, {:.1} MB, {events} events, {findings} findings, rubric {rubric_name}",
        texts.len(),
        bytes as f64 / 1e6
    );
    println!("{:<34} {:>9} {:>7}", "stage", "ms", "x parse");
    let row = |name: &str, d: Duration| {
        println!("{name:<34} {:>9.1} {:>7.2}", ms(d), ms(d) / ms(parse));
    };
    row("compile rubric", compile);
    row("parse only (floor)", parse);
    row("document model (incl. parse)", model);
    row("analysis", analysis);
    row("all rules", rules);
    row("total", compile + model + analysis + rules);
    let mut order: Vec<usize> = (0..per_rule.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(per_rule[i]));
    for i in order {
        let r = &rubric.rules[i];
        row(&format!("  {} {}", r.code, r.name), per_rule[i]);
    }
}
