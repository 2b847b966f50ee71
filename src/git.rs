//! What changed since a git revision, through the `git` command itself: the
//! changed paths (`git diff --name-status -z -M REV`, plus untracked files
//! from `git ls-files --others --exclude-standard -z`) and a file's content at
//! the revision (`git cat-file blob REV:PATH`). Nothing here reads git's own
//! files; the only output parsed is the NUL-separated lists that `-z` asks for.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A repository, seen from the working directory.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The top of the working tree (absolute, as git prints it).
    pub root: PathBuf,
    /// The revision asked for, as the user wrote it.
    pub rev: String,
    /// The commit it names.
    pub commit: String,
}

/// One path that differs between the revision and the working tree. Paths are
/// relative to the top of the working tree, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Not at the revision (committed since, or untracked).
    Added {
        path: String,
    },
    Modified {
        path: String,
    },
    Deleted {
        path: String,
    },
    /// Renamed (or copied) from `from`, maybe edited too.
    Renamed {
        from: String,
        path: String,
    },
}

impl Change {
    /// The path in the working tree, `None` for a deleted file.
    pub fn path(&self) -> Option<&str> {
        match self {
            Change::Added { path } | Change::Modified { path } | Change::Renamed { path, .. } => Some(path),
            Change::Deleted { .. } => None,
        }
    }

    /// The path at the revision, `None` for a new file.
    pub fn old_path(&self) -> Option<&str> {
        match self {
            Change::Modified { path } | Change::Deleted { path } => Some(path),
            Change::Renamed { from, .. } => Some(from),
            Change::Added { .. } => None,
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        // Reading only: do not take the index lock to refresh stat data.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .map_err(|e| format!("cannot run git ({e}); --diff-base needs git on the PATH"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            err.trim().lines().next().unwrap_or("no message")
        ))
    }
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes)
        .trim_end_matches(['\n', '\r'])
        .to_string()
}

impl Repo {
    /// The repository around `dir` and the commit `rev` names.
    pub fn open(dir: &Path, rev: &str) -> Result<Repo, String> {
        let root = git(dir, &["rev-parse", "--show-toplevel"])
            .map_err(|e| format!("--diff-base needs a git working tree: {e}"))?;
        let root = PathBuf::from(text(root));
        if rev.starts_with('-') {
            return Err(format!("`{rev}` is not a revision"));
        }
        let spec = format!("{rev}^{{commit}}");
        let commit = git(
            dir,
            &["rev-parse", "--verify", "--quiet", "--end-of-options", &spec],
        )
        .map(text)
        .map_err(|_| format!("`{rev}` is not a commit of this repository"))?;
        Ok(Repo {
            root,
            rev: rev.to_string(),
            commit,
        })
    }

    /// Every path that differs between the revision and the working tree
    /// (committed, staged, unstaged or untracked), sorted by path.
    pub fn changes(&self) -> Result<Vec<Change>, String> {
        let diff = git(
            &self.root,
            &[
                "-c",
                "diff.renames=true",
                "diff",
                "--name-status",
                "-z",
                "-M",
                "--no-ext-diff",
                "--no-textconv",
                "--ignore-submodules",
                &self.commit,
                "--",
            ],
        )?;
        let mut changes = parse_name_status(&diff)?;
        let untracked = git(&self.root, &["ls-files", "--others", "--exclude-standard", "-z"])?;
        for p in untracked.split(|b| *b == 0).filter(|p| !p.is_empty()) {
            changes.push(Change::Added {
                path: String::from_utf8_lossy(p).into_owned(),
            });
        }
        changes.sort_by(|a, b| {
            let key = |c: &Change| c.path().or(c.old_path()).unwrap_or_default().to_string();
            key(a).cmp(&key(b))
        });
        Ok(changes)
    }

    /// The bytes of `path` (relative to the top) at the revision.
    pub fn blob(&self, path: &str) -> Result<Vec<u8>, String> {
        git(
            &self.root,
            &["cat-file", "blob", &format!("{}:{path}", self.commit)],
        )
    }
}

/// `git diff --name-status -z` output: a status letter (with a score for
/// renames and copies), then one path, or two for renames and copies, each
/// ended by NUL.
fn parse_name_status(out: &[u8]) -> Result<Vec<Change>, String> {
    let mut fields = out
        .split(|b| *b == 0)
        .map(|f| String::from_utf8_lossy(f).into_owned());
    let mut changes = Vec::new();
    let next = |what: &str, fields: &mut dyn Iterator<Item = String>| {
        fields
            .next()
            .filter(|f| !f.is_empty())
            .ok_or_else(|| format!("git diff --name-status: {what} missing"))
    };
    while let Some(status) = fields.next() {
        if status.is_empty() {
            break;
        }
        let change = match status.as_bytes()[0] {
            b'A' => Change::Added {
                path: next("path", &mut fields)?,
            },
            b'D' => Change::Deleted {
                path: next("path", &mut fields)?,
            },
            b'R' => {
                let from = next("source path", &mut fields)?;
                Change::Renamed {
                    from,
                    path: next("destination path", &mut fields)?,
                }
            }
            b'C' => {
                // A copy: the source is still there; the copy is new content
                // whose "before" is the source.
                let from = next("source path", &mut fields)?;
                Change::Renamed {
                    from,
                    path: next("destination path", &mut fields)?,
                }
            }
            // M (modified), T (type changed), U (unmerged): the file is there at both ends.
            _ => Change::Modified {
                path: next("path", &mut fields)?,
            },
        };
        changes.push(change);
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_name_status_lists() {
        let out =
            b"M\0docs/a.md\0R087\0old name.md\0docs/new name.md\0D\0gone.md\0A\0x.md\0C100\0a.md\0b.md\0";
        let c = parse_name_status(out).unwrap();
        assert_eq!(
            c,
            vec![
                Change::Modified {
                    path: "docs/a.md".into()
                },
                Change::Renamed {
                    from: "old name.md".into(),
                    path: "docs/new name.md".into()
                },
                Change::Deleted {
                    path: "gone.md".into()
                },
                Change::Added { path: "x.md".into() },
                Change::Renamed {
                    from: "a.md".into(),
                    path: "b.md".into()
                },
            ]
        );
        assert_eq!(c[1].old_path(), Some("old name.md"));
        assert_eq!(c[2].path(), None);
        assert!(parse_name_status(b"").unwrap().is_empty());
        assert!(parse_name_status(b"R100\0only-one\0").is_err());
    }
}
