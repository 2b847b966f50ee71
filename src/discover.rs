//! Paths → files: files as given, directories walked for Markdown honouring
//! `.gitignore`, `-` for standard input. Sorted within a directory, each file
//! once.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::Config;

/// One input to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File {
        path: PathBuf,
        /// Named on the command line (not found by walking a directory).
        explicit: bool,
    },
    Stdin,
}

/// A path that could not be walked or does not exist, or a directory without Markdown.
#[derive(Debug, Clone)]
pub struct DiscoverError {
    pub path: PathBuf,
    pub message: String,
    /// A directory with no Markdown file in it (nor one left out by `exclude`).
    pub no_markdown: bool,
}

/// Is this a Markdown file designlint lints (`*.md`, `*.markdown`, any case)?
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

fn clean(p: &Path) -> PathBuf {
    p.strip_prefix("./")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}

/// Expand `paths` into inputs, in the order given, each directory's files sorted.
/// A file named on the command line that the config's `exclude` matches is
/// skipped without a word, as one found walking would be (pre-commit passes
/// every staged file by name); a directory with no Markdown file is an error.
pub fn discover(paths: &[PathBuf], config: &Config) -> (Vec<Input>, Vec<DiscoverError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |p: PathBuf, explicit: bool, inputs: &mut Vec<Input>| {
        let key = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
        if seen.insert(key) {
            inputs.push(Input::File { path: p, explicit });
        }
    };
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Err(e) => errors.push(DiscoverError {
                path: p.clone(),
                message: io_message(&e),
                no_markdown: false,
            }),
            Ok(m) if m.is_dir() => {
                let walker = ignore::WalkBuilder::new(p)
                    .standard_filters(true)
                    .require_git(false)
                    .follow_links(false)
                    .sort_by_file_name(|a, b| a.cmp(b))
                    .build();
                let mut markdown = 0;
                let walk_errors = errors.len();
                for entry in walker {
                    match entry {
                        Ok(e) => {
                            let path = e.path();
                            if e.file_type().is_some_and(|t| t.is_file()) && is_markdown(path) {
                                markdown += 1;
                                if !config.is_excluded(path) {
                                    push(clean(path), false, &mut inputs);
                                }
                            }
                        }
                        Err(e) => errors.push(DiscoverError {
                            path: walk_error_path(&e).unwrap_or_else(|| p.clone()),
                            message: walk_error_message(&e),
                            no_markdown: false,
                        }),
                    }
                }
                if markdown == 0 && errors.len() == walk_errors {
                    errors.push(DiscoverError {
                        path: p.clone(),
                        message: "no Markdown files found".into(),
                        no_markdown: true,
                    });
                }
            }
            Ok(_) => {
                if !config.is_excluded(p) {
                    push(clean(p), true, &mut inputs);
                }
            }
        }
    }
    (inputs, errors)
}

fn walk_error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn walk_error_message(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => walk_error_message(err),
        ignore::Error::Io(io) => io_message(io),
        other => other.to_string(),
    }
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_string()
        }
    }
}
