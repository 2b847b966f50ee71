//! `designlint check --watch PATH...`: lint, then lint again whenever a
//! Markdown file under the paths is created, changed, renamed or removed.
//!
//! Events are debounced (a save often produces several) and the screen is
//! cleared between runs when stdout is a terminal. A file is watched through
//! its directory, so editors that save by renaming a temporary file over it
//! are seen. Ctrl-C ends it (the default signal action: nothing to clean up).
//! The config and rubric files are watched too: a change to them is a new
//! run, and each run reads them again.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::Duration;

use notify::{Event, EventKind, RecursiveMode, Watcher};

use crate::error::{Error, PlainError};

/// How long to wait for more events after one before linting again.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// What is watched: a directory (recursively) or one file.
#[derive(Debug, Clone)]
pub struct Target {
    pub path: PathBuf,
    pub dir: bool,
}

impl Target {
    pub fn new(path: &Path) -> Result<Target, Error> {
        let abs = std::fs::canonicalize(path).map_err(|e| {
            Box::new(PlainError::new(
                "designlint::io",
                format!(
                    "cannot watch {}: {}",
                    path.display(),
                    crate::discover::io_message(&e)
                ),
            )) as Error
        })?;
        Ok(Target {
            dir: abs.is_dir(),
            path: abs,
        })
    }
}

/// Does this event call for a new lint? A Markdown file or a TOML file (a
/// rubric) under a watched directory (not inside `.git`), a watched file, or
/// one of the `configs` (config and rubric files), created, changed or removed.
pub fn relevant(event: &Event, targets: &[Target], configs: &[PathBuf]) -> bool {
    if matches!(event.kind, EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|p| {
        configs.iter().any(|c| c == p)
            || (crate::discover::is_markdown(p) || is_toml(p))
                && !p.components().any(|c| c.as_os_str() == ".git")
                && targets.iter().any(|t| {
                    if t.dir {
                        p.starts_with(&t.path)
                    } else {
                        p == &t.path
                    }
                })
    })
}

fn is_toml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// A file to watch that may not exist yet, as an absolute path with its
/// directory resolved (events name files by their real directory).
fn config_path(path: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(path).ok()?;
    let dir = std::fs::canonicalize(abs.parent()?).ok()?;
    Some(dir.join(abs.file_name()?))
}

/// Run `lint` now and again after every relevant change, until interrupted.
/// `configs` are files (existing or not) whose change also calls for a run:
/// the config and rubric files.
pub fn run(
    paths: &[PathBuf],
    configs: &[PathBuf],
    mut lint: impl FnMut() -> Result<ExitCode, Error>,
) -> Result<ExitCode, Error> {
    if paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Box::new(PlainError::new(
            "designlint::usage",
            "--watch cannot read standard input: give files or directories",
        )));
    }
    let targets = paths
        .iter()
        .map(|p| Target::new(p))
        .collect::<Result<Vec<_>, _>>()?;
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(move |res| {
        let _ = tx.send(res);
    })
    .map_err(watch_error)?;
    for t in &targets {
        let (path, mode) = if t.dir {
            (t.path.as_path(), RecursiveMode::Recursive)
        } else {
            (t.path.parent().unwrap_or(&t.path), RecursiveMode::NonRecursive)
        };
        watcher.watch(path, mode).map_err(watch_error)?;
    }
    let configs: Vec<PathBuf> = configs.iter().filter_map(|c| config_path(c)).collect();
    for c in &configs {
        // Their directories, so that a file created or saved by renaming is seen.
        if let Some(dir) = c.parent()
            && !targets.iter().any(|t| t.dir && dir.starts_with(&t.path))
        {
            let _ = watcher.watch(dir, RecursiveMode::NonRecursive);
        }
    }
    let tty = std::io::stdout().is_terminal();
    loop {
        if tty {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(b"\x1b[2J\x1b[H").and_then(|_| out.flush());
        }
        if let Err(e) = lint() {
            crate::error::print_error(e);
        }
        crate::stdio::eprintln("[designlint] watching for changes to Markdown files; Ctrl-C to stop");
        // Wait for a relevant change…
        loop {
            match rx.recv() {
                Ok(Ok(ev)) if relevant(&ev, &targets, &configs) => break,
                Ok(Ok(_)) => {}
                Ok(Err(e)) => crate::stdio::eprintln(format_args!("[designlint] watch error: {e}")),
                Err(_) => return Ok(ExitCode::from(2)),
            }
        }
        // …then until the burst of events is over.
        loop {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Ok(ExitCode::from(2)),
            }
        }
    }
}

fn watch_error(e: notify::Error) -> Error {
    Box::new(
        PlainError::new("designlint::watch", format!("cannot watch for changes: {e}"))
            .help("on Linux, raise fs.inotify.max_user_watches if there are many directories"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, ModifyKind};

    fn ev(kind: EventKind, p: &str) -> Event {
        Event::new(kind).add_path(PathBuf::from(p))
    }

    #[test]
    fn only_markdown_changes_under_the_targets_count() {
        let targets = [
            Target {
                path: "/docs".into(),
                dir: true,
            },
            Target {
                path: "/notes/design.md".into(),
                dir: false,
            },
        ];
        let modify = EventKind::Modify(ModifyKind::Any);
        let configs = [PathBuf::from("/repo/designlint.toml")];
        let relevant = |e: &Event| relevant(e, &targets, &configs);
        assert!(relevant(&ev(modify, "/docs/a/b.md")));
        assert!(relevant(&ev(modify, "/docs/README.MARKDOWN")));
        assert!(relevant(&ev(EventKind::Create(CreateKind::File), "/docs/new.md")));
        assert!(relevant(&ev(modify, "/notes/design.md")));
        // The config, wherever it is, and a rubric under a watched directory.
        assert!(relevant(&ev(modify, "/repo/designlint.toml")));
        assert!(relevant(&ev(modify, "/docs/team-rubric.toml")));
        // Not Markdown, an editor's temp file, a sibling of a watched file, inside .git, a read.
        assert!(!relevant(&ev(modify, "/docs/a.txt")));
        assert!(!relevant(&ev(modify, "/docs/.a.md.swp")));
        assert!(!relevant(&ev(modify, "/notes/other.md")));
        assert!(!relevant(&ev(modify, "/notes/other.toml")));
        assert!(!relevant(&ev(modify, "/repo/Cargo.toml")));
        assert!(!relevant(&ev(modify, "/docs/.git/x.md")));
        assert!(!relevant(&ev(EventKind::Access(AccessKind::Any), "/docs/a.md")));
    }
}
