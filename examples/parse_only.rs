//! The floor for `designlint check`: read every Markdown file under the given
//! paths and parse it with pulldown-cmark alone (the options of
//! `src/document/mod.rs`), in parallel with rayon. Prints files, bytes, events
//! and the elapsed time to stderr.
//!
//! `cargo run --release --example parse_only -- DIR...`

use std::path::{Path, PathBuf};
use std::time::Instant;

use designlint::document::options;
use pulldown_cmark::Parser;
use rayon::prelude::*;

fn walk(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let Ok(rd) = std::fs::read_dir(p) else { return };
        for e in rd.flatten() {
            walk(&e.path(), out);
        }
    } else if designlint::discover::is_markdown(p) {
        out.push(p.to_path_buf());
    }
}

fn main() {
    let t = Instant::now();
    let mut files = Vec::new();
    for a in std::env::args().skip(1) {
        walk(Path::new(&a), &mut files);
    }
    let (bytes, events) = files
        .par_iter()
        .map(|p| {
            let Ok(b) = std::fs::read(p) else { return (0, 0) };
            let Ok(s) = String::from_utf8(b) else {
                return (0, 0);
            };
            let text = s.strip_prefix('\u{feff}').unwrap_or(&s);
            let n = Parser::new_ext(text, options()).into_offset_iter().count();
            (s.len(), n)
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    eprintln!(
        "{} files, {} bytes, {} events in {:.3}s",
        files.len(),
        bytes,
        events,
        t.elapsed().as_secs_f64()
    );
}
