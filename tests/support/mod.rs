//! What the integration tests share: the binary of this build and how to run
//! it, the repository's fixtures, git in a scratch repository, the JSON
//! schemas, a language client, and `../shared` (the corpus and schemas kept
//! beside the repository).
#![allow(dead_code)]

pub mod fixtures;
pub mod git;
pub mod lsp_client;
pub mod schemas;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `designlint` binary of this build, in an environment that does not
/// depend on the one the tests run in: no colour, and none of the CI
/// variables that links in a pull-request comment follow.
pub fn designlint() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_designlint"));
    c.env("NO_COLOR", "1");
    for v in [
        "GITHUB_SERVER_URL",
        "GITHUB_REPOSITORY",
        "GITHUB_SHA",
        "CI_PROJECT_URL",
        "CI_COMMIT_SHA",
    ] {
        c.env_remove(v);
    }
    c
}

/// Run `designlint ARGS` in `dir` with nothing on stdin.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    designlint()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run designlint")
}

/// Run `designlint ARGS` in `dir` with `input` on stdin.
pub fn run_with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = designlint()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run designlint");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// stdout as JSON, or a panic that shows both streams.
pub fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", stdout(o), stderr(o)))
}

/// Is this a CI run (`CI=true`, as GitHub Actions and GitLab set it)?
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// `../shared/REL` (or `$DESIGNLINT_SHARED/REL`), the data kept beside the
/// repository, when it is there. Where it is not, a test that needs it is
/// skipped with a notice on a developer's machine, and fails in CI: a CI run
/// that cannot see `../shared` would otherwise pass without checking.
pub fn shared(rel: &str, test: &str) -> Option<PathBuf> {
    let candidates: Vec<PathBuf> = [
        std::env::var_os("DESIGNLINT_SHARED").map(PathBuf::from),
        Some(root().join("../shared")),
        Some(root().join("../../shared")),
    ]
    .into_iter()
    .flatten()
    .map(|d| d.join(rel))
    .collect();
    if let Some(p) = candidates.iter().find(|p| p.exists()) {
        return Some(p.clone());
    }
    let tried: Vec<String> = candidates.iter().map(|p| p.display().to_string()).collect();
    assert!(
        !in_ci(),
        "{test}: shared/{rel} is missing (looked at {}); in CI (CI=true) it must sit beside the repository",
        tried.join(", ")
    );
    eprintln!(
        "notice: {test} skipped: shared/{rel} is absent (looked at {})",
        tried.join(", ")
    );
    None
}
