//! The bundled fixtures, for tests. One file shared by the unit tests (the
//! library's `test_support` module) and the integration tests (`mod support`).

use std::path::{Path, PathBuf};

/// The Markdown files (`*.md`) under `dir`, in path order.
pub fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    paths.sort();
    paths
}

/// The paths of every Markdown fixture under `fixtures/`, in path order.
pub fn fixture_paths() -> Vec<PathBuf> {
    markdown_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"))
}

/// The text of every Markdown fixture under `fixtures/`, in path order.
pub fn fixture_texts() -> Vec<String> {
    let texts: Vec<String> = fixture_paths()
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert!(!texts.is_empty(), "no fixtures");
    texts
}
