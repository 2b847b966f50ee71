//! Hostile and degenerate inputs: nothing panics, every span lies inside its
//! file on char boundaries, the CLI reports what it cannot read and goes on.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::LazyLock;

use designlint::document::Document;
use designlint::engine::{self, FileResult, Settings};
use designlint::rubric::{self, Rubric};

use crate::support::{self, fixtures, stderr, stdout};

static RUBRIC: LazyLock<Rubric> =
    LazyLock::new(|| rubric::load("interview", Path::new(".")).expect("built-in rubric"));

/// Every diagnostic span lies inside `src` and on char boundaries.
fn assert_spans_ok(src: &str, result: &FileResult) {
    for d in &result.diagnostics {
        let r = &d.span;
        assert!(
            r.start <= r.end && r.end <= src.len(),
            "{} span {r:?} out of bounds (len {})",
            d.code,
            src.len()
        );
        assert!(
            src.is_char_boundary(r.start) && src.is_char_boundary(r.end),
            "{} span {r:?} not on char boundaries",
            d.code
        );
    }
    let t = result.score.total;
    assert!(t.is_finite() && (0.0..=100.0).contains(&t), "score {t}");
}

/// Lint with the built-in rubric, check the spans, and return the result.
fn lint(src: &str) -> FileResult {
    let result = engine::lint(src, &RUBRIC, &Settings::default());
    assert_spans_ok(src, &result);
    result
}

/// Parse once, check the blocks' spans, lint, and check the diagnostics'
/// spans. Not timed: how fast big inputs go is measured by `scripts/bench`
/// (release build, medians), not asserted here.
fn lint_big(src: &str) -> FileResult {
    let arena = designlint::document::Arena::new();
    let doc = Document::parse(src, &arena);
    for b in &doc.blocks {
        assert!(
            b.span.end <= src.len() && src.is_char_boundary(b.span.start) && src.is_char_boundary(b.span.end)
        );
    }
    let r = engine::lint_document(&doc, &RUBRIC, &Settings::default());
    assert_spans_ok(src, &r);
    r
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    support::run(dir, args)
}

/// A fresh scratch directory under the target dir.
fn tempdir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("robustness-{name}"));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const GOOD: &str = "# URL shortener\n\n## Requirements\n\nShorten URLs; 100M writes per day.\n\n## API\n\n`POST /urls` returns a short code.\n";

// ---------------------------------------------------------------- library

#[test]
fn empty_and_whitespace() {
    for src in [
        "",
        " ",
        "\n",
        "\n\n\n",
        "   \t  \n \r\n\t",
        "\u{feff}",
        "\u{feff}\n",
    ] {
        lint(src);
    }
}

#[test]
fn front_matter_only() {
    for src in [
        "---\ntitle: x\n---\n",
        "---\ntitle: x\n---",
        "---\n---\n",
        "+++\ntitle = \"x\"\n+++\n",
        "+++\n+++",
        "---\ntitle: never closed\n",
        "\u{feff}---\ntitle: x\n---\n",
        "---\r\ntitle: x\r\n---\r\n",
    ] {
        lint(src);
    }
}

#[test]
fn bom_crlf_and_mixed_line_endings() {
    let crlf = GOOD.replace('\n', "\r\n");
    lint(&crlf);
    lint(&format!("\u{feff}{GOOD}"));
    lint(&format!("\u{feff}{crlf}"));
    let mixed: String = GOOD
        .split('\n')
        .enumerate()
        .map(|(i, l)| format!("{l}{}", ["\n", "\r\n", "\r"][i % 3]))
        .collect();
    lint(&mixed);
    lint("# Title\r\rOnly carriage returns\r- a\r- b\r");
}

#[test]
fn multibyte_everywhere() {
    let s = "# Café — 設計 🚀\n\n## Réquirements 😀\n\n- ñ 100 QPS × 3 = 300 QPS ✓\n\n| ü | 表 |\n|---|---|\n| é | 🚀 |\n\n> 引用 **太字**\n";
    lint(s);
    // Combining marks and a lone ZWJ sequence at every position of a heading.
    lint("# e\u{301}\u{301}\u{301}\n\n👨\u{200d}👩\u{200d}👧 TODO TBD ???\n");
}

#[test]
fn a_single_5mb_line() {
    let line = "word ".repeat(1_000_000);
    lint_big(&line);
    let mut dense = "x".repeat(5 * 1024 * 1024);
    dense.push('\n');
    lint_big(&dense);
}

/// Every fixture write-up, one after another, until the text is 4 MB: a
/// real document's mix of headings, lists, tables and estimates, many times
/// over, through every rule.
#[test]
fn four_megabytes_of_write_ups() {
    let parts = fixtures::fixture_texts();
    let mut src = String::with_capacity(5 << 20);
    while src.len() < 4_000_000 {
        for p in &parts {
            src.push_str(p);
            src.push_str("\n\n");
        }
    }
    let r = lint_big(&src);
    assert!(!r.diagnostics.is_empty());
}

/// A 100 MB file gets an answer from the binary (DESIGN.md: every input,
/// huge ones too): a write-up whose appendix is a 100 MB log in a code
/// block, read, decoded, parsed, linted and reported like any other. (The
/// time a 100 MB file of prose takes is `scripts/bench`'s.)
#[test]
fn a_100_mb_file() {
    let d = tempdir("huge");
    let mut src = String::from(GOOD);
    src.push_str("\n## Appendix: access logs\n\n```log\n");
    let line = "GET /urls/abc OK cache hit from the edge\n";
    src.reserve(100_000_000 + line.len());
    while src.len() < 100_000_000 {
        src.push_str(line);
    }
    src.push_str("```\n");
    std::fs::write(d.join("huge.md"), &src).unwrap();
    drop(src);
    let o = run_in(&d, &["check", "--exit-zero", "--format", "json", "huge.md"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["files"][0]["path"], "huge.md");
    assert!(v["files"][0]["score"]["total"].as_f64().is_some());
}

#[test]
fn ten_thousand_nested_block_quotes() {
    let src = format!("{}deep text TODO\n", "> ".repeat(10_000));
    lint_big(&src);
    let lines: String = (0..10_000)
        .map(|i| format!("{} q{i}\n", ">".repeat(i + 1)))
        .take(2000)
        .collect();
    lint_big(&lines);
}

#[test]
fn ten_thousand_nested_list_levels() {
    let src = format!("{}deep item\n", "- ".repeat(10_000));
    lint_big(&src);
    let ordered = format!("{}deep\n", "1. ".repeat(10_000));
    lint_big(&ordered);
}

#[test]
fn a_hundred_thousand_headings() {
    let mut src = String::with_capacity(3_000_000);
    for i in 0..100_000 {
        let level = 1 + i % 6;
        src.push_str(&"#".repeat(level));
        src.push_str(&format!(
            " Heading {i} requirements\n\nSome text about caching {i}.\n\n"
        ));
    }
    lint_big(&src);
}

#[test]
fn a_huge_table() {
    let cols = 20;
    let mut src = String::from("# Estimates\n\n");
    src.push_str(&format!(
        "|{}\n",
        (0..cols).map(|c| format!(" h{c} |")).collect::<String>()
    ));
    src.push_str(&format!("|{}\n", "---|".repeat(cols)));
    for r in 0..20_000 {
        src.push_str(&format!(
            "|{}\n",
            (0..cols).map(|c| format!(" {r}x{c} QPS |")).collect::<String>()
        ));
    }
    lint_big(&src);
}

#[test]
fn unterminated_code_fences() {
    for src in [
        "```",
        "```rust\nfn main() {",
        "# T\n\n~~~\n# not a heading\n",
        "````\n```\n```\n",
        "- item\n  ```\n  code\n",
        "> ```\n> never closed",
    ] {
        lint(src);
    }
    let many: String = (0..5_000).map(|i| format!("```{i}\ncode\n")).collect();
    lint_big(&many);
}

#[test]
fn html_blocks_and_comments_everywhere() {
    let src = "<!-- a -->\n# T<!-- b -->\n\n<div>\n\n**x** <!-- designlint-disable -->\n\n</div>\n\n- <span>i</span> <!-- designlint-enable DL1 -->\n\n<!-- unterminated\n\n| a | <b>x</b> |\n|---|---|\n| <!-- c --> | y |\n\n<!-- designlint-disable-next-line -->\n";
    lint(src);
    let heavy: String = (0..20_000)
        .map(|i| {
            format!(
                "<!-- designlint-disable-next-line DL{} -->\n<div>x{i}</div>\ntext <!--c-->\n\n",
                i % 300
            )
        })
        .collect();
    lint_big(&heavy);
    lint("<!--");
    lint("<!-- designlint-disable");
    lint("<script>\n</script");
}

#[test]
fn pathological_inline_markup() {
    lint_big(&"*".repeat(100_000));
    lint_big(&"[".repeat(100_000));
    lint_big(&"`".repeat(50_000));
    lint_big(&"**a ".repeat(50_000));
    lint_big(&"<a ".repeat(50_000));
    lint_big(&"[x](".repeat(20_000));
}

/// Every file of the shared corpus (real write-ups and hostile inputs).
#[test]
fn shared_corpus() {
    let mut n = 0;
    for sub in ["real", "robustness"] {
        let Some(dir) = support::shared(&format!("corpus/{sub}"), "shared_corpus") else {
            continue;
        };
        let rd = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        assert!(!paths.is_empty(), "{} is empty", dir.display());
        for p in paths {
            let Ok(bytes) = std::fs::read(&p) else { continue };
            let text = String::from_utf8_lossy(&bytes);
            let r = std::panic::catch_unwind(|| lint(&text));
            assert!(r.is_ok(), "panic on {}", p.display());
            n += 1;
        }
    }
    eprintln!("linted {n} corpus files");
}

// ---------------------------------------------------------------- CLI

#[test]
fn not_utf8_is_an_error_naming_file_and_offset_and_the_rest_is_linted() {
    let d = tempdir("encoding");
    std::fs::write(d.join("good.md"), GOOD).unwrap();
    let mut latin1 = b"# Caf".to_vec();
    latin1.push(0xE9); // é in Latin-1
    latin1.extend_from_slice(b"\n\ntext\n");
    std::fs::write(d.join("latin1.md"), &latin1).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("# Title\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    std::fs::write(d.join("utf16.md"), &utf16).unwrap();
    let o = run_in(&d, &["check", "--format", "json", "."]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("latin1.md") && err.contains("offset 5"), "{err}");
    assert!(
        err.contains("utf16.md") && err.contains("UTF-16") && err.contains("offset 0"),
        "{err}"
    );
    assert!(stdout(&o).contains("good.md"), "the good file is still linted");
}

#[test]
fn binary_explicit_is_reported_walked_is_skipped() {
    let d = tempdir("binary");
    std::fs::write(d.join("good.md"), GOOD).unwrap();
    std::fs::write(d.join("blob.md"), b"# x\0\x01\x02\0binary").unwrap();
    let o = run_in(&d, &["check", "blob.md", "good.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("blob.md") && stderr(&o).contains("binary"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).contains("good.md"));

    let o = run_in(&d, &["check", "--format", "json", "."]);
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stderr(&o).contains("blob.md"), "silent: {}", stderr(&o));
    assert!(!stdout(&o).contains("blob.md"));

    let o = run_in(&d, &["check", "--verbose", "--format", "json", "."]);
    assert!(stderr(&o).contains("blob.md"), "verbose: {}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn symlink_loop_and_odd_names() {
    let d = tempdir("walk");
    std::fs::create_dir_all(d.join("sub dir")).unwrap();
    std::fs::write(d.join("sub dir/with space.md"), GOOD).unwrap();
    std::fs::write(d.join("sub dir/ünïcødé 設計.md"), GOOD).unwrap();
    std::os::unix::fs::symlink("..", d.join("sub dir/loop")).unwrap();
    std::os::unix::fs::symlink("self", d.join("self")).unwrap();
    let o = run_in(&d, &["check", "--format", "json", "."]);
    let out = stdout(&o);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    assert!(
        out.contains("with space.md") && out.contains("ünïcødé 設計.md"),
        "{out}"
    );
    assert_eq!(out.matches("with space.md").count(), 1, "{out}");
}

#[cfg(unix)]
#[test]
fn unreadable_entries() {
    use std::os::unix::fs::PermissionsExt;
    let d = tempdir("perm");
    std::fs::write(d.join("good.md"), GOOD).unwrap();
    std::fs::write(d.join("secret.md"), GOOD).unwrap();
    std::fs::create_dir_all(d.join("locked")).unwrap();
    std::fs::write(d.join("locked/inner.md"), GOOD).unwrap();
    std::fs::set_permissions(d.join("secret.md"), std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let blocked = std::fs::read(d.join("secret.md")).is_err();
    let o = run_in(&d, &["check", "--format", "json", "."]);
    // Restore so the directory can be cleaned up.
    std::fs::set_permissions(d.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(d.join("secret.md"), std::fs::Permissions::from_mode(0o644)).unwrap();
    if !blocked {
        eprintln!("skipping unreadable_entries checks: running as root, chmod 000 does not block reads");
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
        return;
    }
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("secret.md") && err.contains("permission denied"),
        "{err}"
    );
    assert!(err.contains("locked"), "{err}");
    assert!(stdout(&o).contains("good.md"));
}

#[test]
fn a_path_given_twice_is_linted_once() {
    let d = tempdir("twice");
    std::fs::write(d.join("a.md"), GOOD).unwrap();
    let o = run_in(&d, &["check", "--format", "json", "a.md", "./a.md", ".", "a.md"]);
    let out = stdout(&o);
    assert_eq!(out.matches("\"a.md\"").count(), 1, "{out}");
}

/// A directory with enough files to fill several batches.
fn make_tree(name: &str) -> PathBuf {
    let d = tempdir(name);
    for i in 0..60 {
        let sub = d.join(format!("d{}", i % 5));
        std::fs::create_dir_all(&sub).unwrap();
        let body = format!(
            "# Design {i}\n\n## Requirements\n\n{} users, {} QPS TODO.\n\n## API\n\n- `GET /x/{i}` always works perfectly\n",
            i * 1000,
            i * 7
        );
        std::fs::write(sub.join(format!("f{i:03}.md")), body).unwrap();
    }
    d
}

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let d = make_tree("determinism");
    for format in ["json", "human"] {
        let outs: Vec<Output> = ["1", "2", "8", "2", "1"]
            .iter()
            .map(|t| {
                support::designlint()
                    .current_dir(&d)
                    .env("RAYON_NUM_THREADS", t)
                    .args(["check", "--format", format, "."])
                    .output()
                    .unwrap()
            })
            .collect();
        for o in &outs[1..] {
            assert_eq!(o.stdout, outs[0].stdout, "{format} output differs");
            assert_eq!(o.stderr, outs[0].stderr);
            assert_eq!(o.status.code(), outs[0].status.code());
        }
        assert!(!outs[0].stdout.is_empty());
    }
}

#[test]
fn never_writes_to_the_files_it_lints() {
    let d = make_tree("readonly");
    let snapshot = |d: &Path| -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
        let mut v = Vec::new();
        let mut stack = vec![d.to_path_buf()];
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap() {
                let e = e.unwrap();
                let m = e.metadata().unwrap();
                if m.is_dir() {
                    stack.push(e.path());
                } else {
                    v.push((e.path(), std::fs::read(e.path()).unwrap(), m.modified().unwrap()));
                }
            }
        }
        v.sort();
        v
    };
    let before = snapshot(&d);
    for args in [
        &["check", "."][..],
        &["check", "--format", "json", "."],
        &["check", "--quiet", "."],
    ] {
        run_in(&d, args);
    }
    assert_eq!(before, snapshot(&d));
}
