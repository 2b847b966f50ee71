//! `check --watch`: the real binary on a temp directory: a first report, then
//! a second after a Markdown file changes. Killed at the end; every wait has a timeout.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::support;

const TIMEOUT: Duration = Duration::from_secs(20);

/// Lines up to and including the next summary line ("… linted: …").
fn next_report(rx: &Receiver<String>) -> String {
    let deadline = Instant::now() + TIMEOUT;
    let mut report = String::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx
            .recv_timeout(left)
            .unwrap_or_else(|e| panic!("no report: {e}; got so far:\n{report}"));
        report.push_str(&line);
        report.push('\n');
        if line.contains(" linted: ") {
            return report;
        }
    }
}

/// `designlint check --watch PATH` started in `dir`, and its stdout lines as they come.
fn watch(dir: &Path, path: &str) -> (Child, Receiver<String>) {
    let mut child = support::designlint()
        .args(["check", "--watch", path])
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start designlint check --watch");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { return };
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    (child, rx)
}

#[test]
fn relints_when_a_markdown_file_changes() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("design.md");
    std::fs::write(&doc, "# Design\n\nUsers can shorten URLs.\n").unwrap();
    let (mut child, rx) = watch(dir.path(), ".");
    let first = next_report(&rx);
    assert!(first.contains("design.md"), "{first}");
    assert!(!first.contains("DL505"), "{first}");
    // Not a terminal: no screen clearing.
    assert!(!first.contains("\x1b[2J"), "{first:?}");

    // A non-Markdown file does not trigger a lint; the Markdown change does.
    std::fs::write(dir.path().join("notes.txt"), "TODO").unwrap();
    std::thread::sleep(Duration::from_millis(400));
    std::fs::write(&doc, "# Design\n\nUsers can shorten URLs. TODO: expiry.\n").unwrap();
    let second = next_report(&rx);
    assert!(second.contains("DL505"), "{second}");
    assert!(rx.try_recv().is_err(), "exactly one report per change");

    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn reloads_the_config_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join("design.md"), "# Design\n\nTODO: everything.\n").unwrap();
    let config = dir.path().join("designlint.toml");
    std::fs::write(&config, "ignore = [\"placeholders\"]\n").unwrap();
    let (mut child, rx) = watch(dir.path(), "docs");
    let first = next_report(&rx);
    assert!(!first.contains("DL505"), "{first}");
    // The config is outside the watched directory; changing it is a new run with it.
    std::fs::write(&config, "[severity]\nDL505 = \"error\"\n").unwrap();
    let second = next_report(&rx);
    assert!(second.contains("DL505"), "{second}");
    assert!(second.contains("1 error"), "{second}");
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn watch_refuses_stdin_and_missing_paths() {
    for args in [
        &["check", "--watch", "-"][..],
        &["check", "--watch", "no/such/dir"],
    ] {
        let out = support::run(&std::env::temp_dir(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
    }
}
