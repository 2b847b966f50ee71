//! The README cannot drift from the tool. Every fenced block is closed; every
//! command in a `sh` block, a CI `yaml` block or after `$ ` in a `text` block
//! is run (in a small git repository with docs, with this build's
//! `designlint` first on the PATH) and must not fail with a usage, config or
//! I/O error; the outputs the README shows for bundled fixtures are what the
//! tool prints; every config parses and passes validation; every command or
//! flag named inline exists; the install commands name the repository in
//! Cargo.toml; the pre-commit example behaves as the README says. Commands
//! that cannot run here (installing, benchmarking, fuzzing, the test suite
//! itself, long-running servers) are listed in `not_run` with the reason.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::support::git::git;
use crate::support::root;

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// A fenced code block: its language, its text, the line it starts on.
struct Block {
    lang: String,
    text: String,
    line: usize,
    /// The block's source, fences included.
    raw: String,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

fn blocks(md: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<(String, usize, String)> = None;
    for (ev, range) in Parser::new(md).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                current = Some((info.to_string(), range.start, String::new()));
            }
            Event::Text(t) => {
                if let Some((_, _, text)) = &mut current {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((lang, start, text)) = current.take() {
                    out.push(Block {
                        lang,
                        text,
                        line: line_of(md, start),
                        raw: md[start..range.end].to_string(),
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// Inline code spans that name a designlint command (`designlint check …`).
fn inline_commands(md: &str) -> Vec<String> {
    let subcommands = ["check", "rules", "explain", "new", "lsp", "baseline", "report"];
    Parser::new(md)
        .filter_map(|ev| match ev {
            Event::Code(c) => Some(c.to_string()),
            _ => None,
        })
        .filter(|c| {
            c.strip_prefix("designlint ")
                .and_then(|rest| rest.split_whitespace().next())
                .is_some_and(|sub| subcommands.contains(&sub))
        })
        .collect()
}

/// The commands of a block: `sh` lines (continuations joined, comments cut),
/// CI steps (`run:` and script items) in `yaml`, `$ ` lines in `text`.
fn commands(b: &Block) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for line in b.text.lines() {
        let line = line.trim();
        let cmd = match b.lang.as_str() {
            "sh" => {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                if let Some(part) = line.strip_suffix('\\') {
                    pending.push_str(part);
                    continue;
                }
                let full = format!("{pending}{line}");
                pending.clear();
                // A comment after two spaces: `designlint new "X"   # print a skeleton`.
                full.split("  #").next().unwrap().trim().to_string()
            }
            "yaml" => {
                let item = line.strip_prefix("- ").unwrap_or("");
                let cmd = item.strip_prefix("run: ").unwrap_or(item);
                if !["designlint ", "cargo ", "git "]
                    .iter()
                    .any(|p| cmd.starts_with(p))
                {
                    continue;
                }
                cmd.to_string()
            }
            "text" => match line.strip_prefix("$ ") {
                Some(c) => c.to_string(),
                None => continue,
            },
            _ => continue,
        };
        out.push(cmd);
    }
    out
}

/// Why a command is not run here, or None: it is run.
fn not_run(cmd: &str) -> Option<&'static str> {
    let reasons: [(&str, &str); 10] = [
        (
            "cargo install",
            "installs from the network; its source is checked below",
        ),
        ("cargo test", "is this test suite"),
        (
            "cargo run --release --example",
            "a benchmark; the example must exist (checked below)",
        ),
        (
            "scripts/bench",
            "the benchmark (minutes); the script must exist (checked below)",
        ),
        (
            "BENCH_DIR=",
            "the benchmark (minutes); the script must exist (checked below)",
        ),
        ("cd fuzz", "fuzzing needs cargo-fuzz and ten minutes"),
        (
            "RUSTC_BOOTSTRAP=1 cargo fuzz",
            "fuzzing needs cargo-fuzz and ten minutes",
        ),
        ("git ", "git plumbing of a CI job"),
        ("designlint lsp", "a server until its client exits: tests/lsp.rs"),
        ("designlint check --watch", "runs until Ctrl-C: tests/watch.rs"),
    ];
    reasons
        .iter()
        .find(|(prefix, _)| cmd.starts_with(prefix))
        .map(|(_, why)| *why)
}

/// The directory of this build's `designlint`, to put first on the PATH.
fn bin_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_designlint"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn sh(dir: &Path, cmd: &str) -> Output {
    let path = format!(
        "{}:{}",
        bin_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("bash")
        .args(["-c", cmd])
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("CI_MERGE_REQUEST_DIFF_BASE_SHA", "main")
        .env("GITHUB_STEP_SUMMARY", dir.join("step-summary.md"))
        .stdin(Stdio::null())
        .output()
        .expect("run bash")
}

/// A repository as the README's commands expect one: the fixtures, docs/ with
/// write-ups and an ADR, my-design.md, a team rubric, committed on `main`,
/// then one doc changed (for `--diff-base main`).
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fixture = |p: &str| std::fs::read_to_string(root().join("fixtures").join(p)).unwrap();
    let files = [
        ("docs/pastebin.md", fixture("interview/medium-pastebin.md")),
        (
            "docs/url-shortener.md",
            fixture("interview/strong-url-shortener.md"),
        ),
        (
            "docs/adr/0007-use-postgres.md",
            fixture("adr/good-0007-use-postgres.md"),
        ),
        ("my-design.md", fixture("interview/weak-outline-only.md")),
        (
            "team.toml",
            "extends = \"interview\"\n\n[rules.DL204]\nenabled = false\n".to_string(),
        ),
    ];
    for (name, text) in files {
        let p = d.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let copy = Command::new("cp")
        .args(["-r", root().join("fixtures").to_str().unwrap(), "fixtures"])
        .current_dir(d)
        .status()
        .unwrap();
    assert!(copy.success());
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "docs"]);
    let p = d.join("docs/pastebin.md");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(p, format!("{text}\nAt peak, 3M / 3,600 ≈ 8,300 reads/s.\n")).unwrap();
    dir
}

#[test]
fn every_fenced_block_is_closed() {
    let md = readme();
    for b in blocks(&md) {
        let closing = b.raw.trim_end().lines().last().unwrap_or("").trim().to_string();
        assert!(
            closing.starts_with("```") && b.raw.trim_end().lines().count() > 1,
            "the ```{} block at line {} is never closed",
            b.lang,
            b.line
        );
        // A fence that opens inside a block: the block before it was not closed.
        assert!(
            !b.text.lines().any(|l| l.trim_start().starts_with("```")),
            "the ```{} block at line {} runs into the next one: a fence is missing",
            b.lang,
            b.line
        );
    }
    // And the sections after the editor setup are sections, not code.
    let headings: Vec<String> = {
        let mut v = Vec::new();
        let mut in_heading = false;
        for ev in Parser::new(&md) {
            match ev {
                Event::Start(Tag::Heading { .. }) => {
                    in_heading = true;
                    v.push(String::new());
                }
                Event::End(TagEnd::Heading(_)) => in_heading = false,
                Event::Text(t) | Event::Code(t) if in_heading => v.last_mut().unwrap().push_str(&t),
                _ => {}
            }
        }
        v
    };
    for h in [
        "In a team's repository",
        "CI integration",
        "Robustness",
        "Performance",
    ] {
        assert!(
            headings.iter().any(|x| x == h),
            "no heading {h:?} in {headings:?}"
        );
    }
}

#[test]
fn every_command_in_the_readme_runs() {
    let md = readme();
    let project = project();
    let mut ran = Vec::new();
    let mut skipped = BTreeSet::new();
    for b in blocks(&md) {
        for cmd in commands(&b) {
            let cmd = cmd.replace("cargo run --release -- ", "designlint ");
            if let Some(why) = not_run(&cmd) {
                skipped.insert(format!("{cmd}  ({why})"));
                continue;
            }
            assert!(
                cmd.starts_with("designlint "),
                "line {}: what runs `{cmd}`?",
                b.line
            );
            let out = sh(project.path(), &cmd);
            let code = out.status.code();
            assert!(
                matches!(code, Some(0 | 1)),
                "README line {}: `{cmd}` exited {code:?}:\n{}{}",
                b.line,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            ran.push(cmd);
        }
    }
    eprintln!("ran:\n{}", ran.join("\n"));
    eprintln!("not run:\n{}", skipped.into_iter().collect::<Vec<_>>().join("\n"));
    assert!(ran.len() >= 15, "only {} commands ran", ran.len());
}

#[test]
fn what_the_readme_shows_is_what_the_tool_prints() {
    let md = readme();
    // The quick start: the middling write-up exits 1 (it has a wrong estimate).
    let out = sh(&root(), "designlint check fixtures/interview/medium-pastebin.md");
    assert_eq!(out.status.code(), Some(1));
    let mut compared = 0;
    for b in blocks(&md).iter().filter(|b| b.lang == "text") {
        // An output of a bundled fixture: the rule's report, or the score block.
        let Some(path) = b
            .text
            .split(|c: char| c.is_whitespace() || c == '[' || c == ':')
            .find(|w| w.starts_with("fixtures/") && w.ends_with(".md"))
        else {
            continue;
        };
        let first = b.text.split_whitespace().next().unwrap_or("");
        // Evidence lines ("…:80: strong — …") are what `--show-evidence` adds.
        let cmd = if b.text.contains(": strong — ") || b.text.contains(": weak — ") {
            format!("designlint check --show-evidence {path}")
        } else if first.starts_with("DL") {
            format!("designlint check --select {first} {path}")
        } else {
            format!("designlint check {path}")
        };
        let out = String::from_utf8(sh(&root(), &cmd).stdout).unwrap();
        assert!(
            out.contains(b.text.trim_end()),
            "README line {}: `{cmd}` prints\n{out}\nnot\n{}",
            b.line,
            b.text
        );
        compared += 1;
    }
    assert!(compared >= 2, "{compared}");
}

/// `designlint SUB --help`.
fn help(sub: &str) -> String {
    let out = sh(&root(), &format!("designlint {sub} --help"));
    assert!(out.status.success(), "designlint {sub} --help");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_command_and_flag_the_readme_names_exists() {
    let md = readme();
    let mut named: Vec<String> = inline_commands(&md);
    // The synopsis in the Usage section.
    for b in blocks(&md).iter().filter(|b| b.lang == "text") {
        named.extend(
            b.text
                .lines()
                .filter(|l| l.starts_with("designlint "))
                .map(|l| l.split("  ").next().unwrap().to_string()),
        );
    }
    assert!(named.len() >= 15, "{named:?}");
    for cmd in &named {
        let mut words = cmd.split_whitespace().skip(1);
        let sub = words.next().unwrap();
        let text = help(sub);
        for flag in words.filter(|w| w.starts_with("--")) {
            let flag = flag.trim_end_matches([',', '.']);
            assert!(text.contains(flag), "`{cmd}`: `designlint {sub}` has no {flag}");
        }
    }
    // The options listed for `check`.
    let check = help("check");
    let listed = md
        .lines()
        .skip_while(|l| !l.starts_with("`check` options:"))
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let flags: Vec<&str> = listed
        .split('`')
        .filter(|s| s.starts_with("--"))
        .map(|s| s.split([' ', '=']).next().unwrap())
        .collect();
    assert!(flags.len() >= 10, "{listed}");
    for f in flags {
        assert!(check.contains(f), "check has no {f}");
    }
}

#[test]
fn every_config_in_the_readme_is_valid() {
    let md = readme();
    let mut configs = 0;
    for b in blocks(&md).iter().filter(|b| b.lang == "toml") {
        let value: toml::Value =
            toml::from_str(&b.text).unwrap_or_else(|e| panic!("README line {}: {e}", b.line));
        if value.get("language-server").is_some() {
            // Helix: the server is `designlint lsp`.
            assert_eq!(
                value["language-server"]["designlint"]["args"][0].as_str(),
                Some("lsp")
            );
            continue;
        }
        // A designlint.toml: `check` accepts it (rule names, rubrics, globs).
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("designlint.toml"), &b.text).unwrap();
        std::fs::create_dir_all(dir.path().join("docs/adr")).unwrap();
        std::fs::write(dir.path().join("docs/a.md"), "# A\n\nTODO\n").unwrap();
        std::fs::write(
            dir.path().join("docs/adr/1.md"),
            "# 1. Use X\n\nStatus: Accepted\n",
        )
        .unwrap();
        let out = sh(dir.path(), "designlint check docs");
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "README line {}: {}",
            b.line,
            String::from_utf8_lossy(&out.stderr)
        );
        configs += 1;
    }
    assert!(configs >= 1);
    for b in blocks(&md)
        .iter()
        .filter(|b| b.lang == "json" && !b.text.contains('…'))
    {
        serde_json::from_str::<serde_json::Value>(&b.text)
            .unwrap_or_else(|e| panic!("README line {}: {e}", b.line));
    }
    // Suppression comments: each one names rules designlint knows.
    for b in blocks(&md)
        .iter()
        .filter(|b| b.lang == "markdown" && b.text.contains("designlint-"))
    {
        let dir = tempfile::tempdir().unwrap();
        let doc = format!("# Design\n\n{}\nTODO: more.\n", b.text.replace('…', "Text."));
        std::fs::write(dir.path().join("a.md"), doc).unwrap();
        let out = sh(dir.path(), "designlint check --format json a.md");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let unknown: Vec<&serde_json::Value> = v["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["message"].as_str().unwrap().contains("unknown rule"))
            .collect();
        assert!(unknown.is_empty(), "README line {}: {unknown:?}", b.line);
    }
}

#[test]
fn install_commands_name_this_repository_and_ci_jobs_install_what_they_run() {
    let md = readme();
    let cargo = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let manifest: toml::Value = toml::from_str(&cargo).unwrap();
    let repo = manifest["package"]["repository"]
        .as_str()
        .expect("Cargo.toml names its repository");
    let inline = Parser::new(&md).filter_map(|ev| match ev {
        Event::Code(c) => Some(c.to_string()),
        _ => None,
    });
    let installs: Vec<String> = blocks(&md)
        .iter()
        .flat_map(commands)
        .chain(inline)
        .filter(|c| c.starts_with("cargo install ") && !c.contains("cargo-fuzz"))
        .collect();
    assert!(installs.len() >= 2, "{installs:?}");
    for c in &installs {
        assert!(
            c.contains(&format!("--git {repo} ")) || c == "cargo install --path .",
            "`{c}` does not install from {repo}"
        );
    }
    // Each CI job that runs designlint installs it first.
    for b in blocks(&md).iter().filter(|b| b.lang == "yaml") {
        let runs = b.text.find("designlint check");
        let gets = ["cargo install", "uses: designlint/designlint", "repo: local"]
            .iter()
            .filter_map(|i| b.text.find(i))
            .min();
        if let Some(r) = runs {
            assert!(
                gets.is_some_and(|g| g < r),
                "README line {}: a CI job runs designlint without installing it:\n{}",
                b.line,
                b.text
            );
        }
    }
    // No pre-commit `rev:` names a tag: none exists yet.
    assert!(!md.contains("rev: v"), "a pre-commit rev names a tag");
    // The examples the skipped commands name exist.
    for f in [
        "examples/parse_only.rs",
        "examples/stages.rs",
        "scripts/bench",
        "fuzz/fuzz_targets/lint.rs",
    ] {
        assert!(root().join(f).exists(), "{f}");
    }
}

#[test]
fn the_pre_commit_example_keeps_other_markdown_out() {
    let md = readme();
    let b = blocks(&md)
        .into_iter()
        .find(|b| b.lang == "yaml" && b.text.contains("repos:"))
        .expect("a pre-commit config");
    let field = |key: &str| -> String {
        b.text
            .lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{key}: ")))
            .unwrap_or_else(|| panic!("no {key}: in\n{}", b.text))
            .split(" #")
            .next()
            .unwrap()
            .trim()
            .to_string()
    };
    let entry = field("entry");
    let files = regex::Regex::new(&field("files")).unwrap();
    assert_eq!(field("types"), "[markdown]");
    // The repository's own hook runs the same command.
    let hooks = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    assert!(hooks.contains(&format!("entry: {entry}\n")), "{hooks}");

    // What pre-commit does: the staged files of the types, matching `files:`, by name.
    let dir = tempfile::tempdir().unwrap();
    let staged = [
        "README.md",
        "CHANGELOG.md",
        "docs/design.md",
        "docs/drafts/wip.md",
        "notes.txt",
    ];
    for f in staged {
        let p = dir.path().join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, "# Notes\n\nTODO: everything.\n").unwrap();
    }
    let passed: Vec<&str> = staged
        .iter()
        .copied()
        .filter(|f| f.ends_with(".md") && files.is_match(f))
        .collect();
    assert_eq!(passed, ["docs/design.md", "docs/drafts/wip.md"]);
    let out = sh(dir.path(), &format!("{entry} {}", passed.join(" ")));
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("README"));

    // With `exclude` in the config, as the README says: a commit of excluded
    // Markdown passes, even when pre-commit names them.
    let exclude = md
        .lines()
        .find_map(|l| l.split('`').find(|s| s.starts_with("exclude = [\"README.md\"")))
        .expect("the README's exclude example");
    std::fs::write(dir.path().join("designlint.toml"), format!("{exclude}\n")).unwrap();
    std::fs::create_dir_all(dir.path().join("drafts")).unwrap();
    std::fs::write(dir.path().join("drafts/wip.md"), "# WIP\n\nTODO\n").unwrap();
    let out = sh(
        dir.path(),
        &format!("{entry} README.md CHANGELOG.md drafts/wip.md"),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}
