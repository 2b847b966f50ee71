//! What `check` compares with: a git revision (`--diff-base REF`: the
//! Markdown files changed since it, each linted as it was there and as it is
//! now) or a baseline file (`--baseline FILE`: the findings and scores
//! recorded by `designlint baseline`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::baseline::{self, Baseline, Comparison, Removed, absolute, relative_to};
use crate::config::Config;
use crate::discover::{Input, is_markdown};
use crate::git::{Change, Repo};
use crate::report::FileReport;

/// Lints a text as if it were the file at a path (with that path's policy).
pub type LintText<'a> = dyn Fn(String, String) -> Result<FileReport, String> + Sync + 'a;

pub enum Base {
    Git(GitBase),
    File(Baseline, String),
}

pub struct GitBase {
    repo: Repo,
    /// Report path of each changed file that is there now → its change.
    changes: HashMap<String, Change>,
    /// Report paths of the Markdown files to lint, sorted.
    pub inputs: Vec<Input>,
    /// Deleted Markdown files: (report path, path in the repository).
    deleted: Vec<(String, String)>,
}

/// A path as `check` reports it: relative to the working directory when
/// under it, else absolute.
fn report_path(cwd: &Path, abs: &Path) -> String {
    match abs.strip_prefix(cwd) {
        Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
        Err(_) => abs.display().to_string(),
    }
}

impl GitBase {
    /// The Markdown files under `paths` that differ between `rev` and the
    /// working tree, minus the config's `exclude`.
    pub fn new(rev: &str, paths: &[PathBuf], cfg: &Config) -> Result<GitBase, String> {
        let cwd = absolute(Path::new("."));
        let repo = Repo::open(&cwd, rev)?;
        let root = absolute(&repo.root);
        let wanted: Vec<PathBuf> = paths.iter().map(|p| absolute(p)).collect();
        let mut changes = HashMap::new();
        let mut inputs = Vec::new();
        let mut deleted = Vec::new();
        for c in repo.changes()? {
            let repo_path = c.path().or(c.old_path()).unwrap_or_default().to_string();
            let abs = root.join(&repo_path);
            let path = report_path(&cwd, &abs);
            if !is_markdown(&abs)
                || !wanted.iter().any(|w| abs.starts_with(w))
                || cfg.is_excluded(Path::new(&path))
            {
                continue;
            }
            match c {
                Change::Deleted { path: old } => deleted.push((path, old)),
                c => {
                    inputs.push(Input::File {
                        path: PathBuf::from(&path),
                        explicit: true,
                    });
                    changes.insert(path, c);
                }
            }
        }
        Ok(GitBase {
            repo,
            changes,
            inputs,
            deleted,
        })
    }

    /// A file's text at the revision, when it can be read as text.
    fn old_text(&self, repo_path: &str) -> Result<String, String> {
        let bytes = self.repo.blob(repo_path)?;
        crate::text::decode(bytes).map_err(|(m, _)| format!("{repo_path} at {}: {m}", self.repo.rev))
    }
}

impl Base {
    /// How the base is named in the output: the revision or the baseline file.
    pub fn label(&self) -> &str {
        match self {
            Base::Git(g) => &g.repo.rev,
            Base::File(_, name) => name,
        }
    }

    pub fn file(path: &Path) -> Result<Base, String> {
        Ok(Base::File(Baseline::load(path)?, path.display().to_string()))
    }

    /// Compare a linted file with its earlier version; sets `f.comparison`.
    pub fn compare(&self, f: &mut FileReport, lint: &LintText) -> Result<(), String> {
        let c = match self {
            Base::File(b, _) => b.compare(&f.path, &f.findings()),
            Base::Git(g) => {
                let change = g.changes.get(&f.path);
                let root = absolute(&g.repo.root);
                let repo_path = relative_to(&root, &absolute(Path::new(&f.path)));
                let before = match change.and_then(|c| c.old_path()) {
                    Some(old) => Some(lint(f.path.clone(), g.old_text(old)?)?),
                    None => None,
                };
                let after = f.findings();
                let earlier = before.as_ref().map(FileReport::findings).unwrap_or_default();
                let (states, fixed) = baseline::compare(&earlier, &after);
                Comparison {
                    before: before.map(|b| b.result.score),
                    previous_path: match change {
                        Some(Change::Renamed { from, .. }) => Some(from.clone()),
                        _ => None,
                    },
                    states,
                    fixed,
                    repo_path: Some(repo_path),
                    failures: Vec::new(),
                }
            }
        };
        f.comparison = Some(Box::new(c));
        Ok(())
    }

    /// The files there at the base and gone now, with their score there.
    pub fn removed(&self, lint: &LintText) -> Result<Vec<Removed>, String> {
        match self {
            Base::File(b, _) => Ok(b.removed()),
            Base::Git(g) => g
                .deleted
                .iter()
                .map(|(path, old)| {
                    let before = lint(path.clone(), g.old_text(old)?)?;
                    Ok(Removed {
                        path: path.clone(),
                        fixed: before.result.diagnostics.len(),
                        before: Some(before.result.score),
                    })
                })
                .collect(),
        }
    }
}
