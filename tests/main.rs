//! The integration tests, one binary: each test binary links the whole crate
//! and its dependencies, so fifteen files as fifteen binaries spent most of a
//! cold `cargo test` linking. Each file of `tests/` is a module here
//! (`Cargo.toml` sets `autotests = false`); `every_test_file_is_a_module`
//! fails for a file that is not, so none is silently left out.
//!
//! Run one file's tests with `cargo test --test suite cli::`, one test with
//! `cargo test --test suite cli::exit_0_when_clean`.

mod support;

mod architecture;
mod cli;
mod explain;
mod formats;
mod lsp;
mod messages;
mod new;
mod parity;
mod quality;
mod readme;
mod robustness;
mod rubrics;
mod rules;
mod snapshots;
mod team;
mod watch;

/// Every `tests/*.rs` file is declared above: with `autotests = false`, a
/// file that is not would never be compiled or run.
#[test]
fn every_test_file_is_a_module() {
    let dir = support::root().join("tests");
    let main = std::fs::read_to_string(dir.join("main.rs")).unwrap();
    let mut missing = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(module) = name.strip_suffix(".rs")
            && module != "main"
            && !main.lines().any(|l| l == format!("mod {module};"))
        {
            missing.push(format!("mod {module};"));
        }
    }
    assert!(
        missing.is_empty(),
        "tests/main.rs does not declare {}: add the line(s), or the file's tests never run",
        missing.join(" ")
    );
}
