//! Arbitrary bytes → text (as is when valid UTF-8, and lossily) → parse + lint.
//! Every span must lie inside the text and on char boundaries.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use designlint::document::Document;
use designlint::engine::{self, Settings};
use designlint::rubric::{self, Rubric};
use libfuzzer_sys::fuzz_target;

/// Every built-in rubric: each one drives a different set of detectors.
static RUBRICS: LazyLock<Vec<Rubric>> = LazyLock::new(|| {
    rubric::builtin_names()
        .into_iter()
        .map(|name| rubric::load(name, Path::new(".")).expect("built-in rubric"))
        .collect()
});

fn check_span(src: &str, r: &std::ops::Range<usize>, what: &str) {
    assert!(
        r.start <= r.end && r.end <= src.len(),
        "{what} span {r:?} out of bounds (len {})",
        src.len()
    );
    assert!(
        src.is_char_boundary(r.start) && src.is_char_boundary(r.end),
        "{what} span {r:?} not on char boundaries"
    );
}

fn run(src: &str) {
    let arena = designlint::document::Arena::new();
    let doc = Document::parse(src, &arena);
    for b in &doc.blocks {
        check_span(src, &b.span, "block");
    }
    for s in &doc.sections {
        check_span(src, &s.span, "section");
    }
    for rubric in RUBRICS.iter() {
        let result = engine::lint(src, rubric, &Settings::default());
        for d in &result.diagnostics {
            check_span(src, &d.span, &d.code);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        run(s);
    } else {
        run(&String::from_utf8_lossy(data));
    }
});
