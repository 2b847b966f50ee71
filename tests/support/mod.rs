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

/// JSON text laid out one value a line, indented by two spaces, with its keys
/// in the order written (a snapshot's diff then shows what changed; parsing
/// into a `Value` would sort the keys).
pub fn pretty_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = text.trim().chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    out.push(chars.next().unwrap());
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out.push('\n');
    out
}

#[test]
fn pretty_json_keeps_the_order_and_the_strings() {
    let raw = r#"{"b":1,"a":[],"s":"x, {y}: \"z\" [","o":{"k":[1,{"m":null}]},"e":{}}"#;
    let pretty = pretty_json(raw);
    assert_eq!(
        pretty,
        "{\n  \"b\": 1,\n  \"a\": [],\n  \"s\": \"x, {y}: \\\"z\\\" [\",\n  \"o\": {\n    \"k\": [\n      1,\n      {\n        \"m\": null\n      }\n    ]\n  },\n  \"e\": {}\n}\n"
    );
    let a: Value = serde_json::from_str(raw).unwrap();
    let b: Value = serde_json::from_str(&pretty).unwrap();
    assert_eq!(a, b);
}
