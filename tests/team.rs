//! A team's design-doc repository: `check --diff-base` in a real git
//! repository, baselines, the HTML report in headless Chromium, and the
//! composite GitHub Action's commands.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::support::git::git;
use crate::support::schemas::{output_schema, sarif_schema, validate};
use crate::support::{self, fixtures, root};

/// `designlint ARGS` in `dir` (with none of the CI's variables, which links in
/// the pull-request comment follow: see [`support::designlint`]).
fn designlint(args: &[&str], dir: &Path) -> Output {
    support::run(dir, args)
}

fn json(args: &[&str], dir: &Path) -> (Value, i32) {
    let out = designlint(args, dir);
    let code = out.status.code().unwrap();
    assert!(code < 2, "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{args:?}: not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (v, code)
}

fn succeeded(out: Output, what: &str) -> Output {
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A design doc with findings of several rules, among them a wrong estimate
/// (an error) that is there before any edit.
const DESIGN: &str = "# Snippet store

## Requirements

- Users can save a snippet of text and get a short link back.
- Users can open a snippet by its link, without an account.
- Snippets expire after thirty days unless the owner pins them.

Non-functional: p99 read latency under 200 ms, 99.9% availability, and no saved snippet is lost.

## Estimates

We expect 2M new snippets per day: 2M / 86,400 ≈ 23 writes/s on average.
Reads are ten times the writes, about 230 reads/s.
Each snippet is about 2 KB, so storage grows by 2M × 2 KB = 40 GB per day.

## API

- `POST /v1/snippets {text} → 201 {id, url}`
- `GET /v1/snippets/{id} → 200 {text, created_at}`

TODO: say how the list endpoint pages.

## Data model

`Snippet(id PK, text, owner_id, created_at, expires_at, pinned)`

## Design

Clients call an API service behind a load balancer. The service writes snippets to PostgreSQL
and keeps hot snippets in Redis, because reads dominate writes ten to one.

1. The client sends `GET /v1/snippets/{id}`.
2. The service looks the id up in Redis, then in PostgreSQL on a miss.
3. It returns the text and caches it for an hour.
";

/// Ten lines, a section with a wrong estimate, added above the estimates.
const PEAK: &str = "## Peak hours

Traffic is not flat: most snippets are opened during the working day.
At the morning peak we see 3M reads per hour, so 3M / 3,600 ≈ 8,300 reads/s.
The Redis cache takes that peak; PostgreSQL sees only the misses.
Expired snippets are removed by a nightly job, outside the peak.

The peak decides the number of API servers, not the average.
It is planned for in the capacity review each quarter.

";

/// The same ten lines with the arithmetic right.
fn peak_right() -> String {
    PEAK.replace("8,300 reads/s", "833 reads/s")
}

const ADR: &str = "# ADR 3: Store snippets in PostgreSQL

Status: accepted

## Context

Snippets are small texts read far more often than written.

## Decision

We store them in PostgreSQL, because the team runs it already.

## Consequences

Backups follow the existing PostgreSQL schedule.
";

const NOTES: &str = "# Caching notes

The cache holds hot snippets for an hour. TBD: the eviction policy.
";

/// A repository with three docs committed on `main`.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    std::fs::create_dir_all(d.join("docs/adr")).unwrap();
    std::fs::write(d.join("docs/design.md"), DESIGN).unwrap();
    std::fs::write(d.join("docs/adr/0003-postgres.md"), ADR).unwrap();
    std::fs::write(d.join("docs/notes.md"), NOTES).unwrap();
    std::fs::write(d.join("README.txt"), "not Markdown\n").unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "docs"]);
    dir
}

/// `designlint baseline docs -o designlint-baseline.json`: the file it wrote.
fn record_baseline(d: &Path) -> String {
    succeeded(
        designlint(&["baseline", "docs", "-o", "designlint-baseline.json"], d),
        "designlint baseline",
    );
    std::fs::read_to_string(d.join("designlint-baseline.json")).unwrap()
}

/// `check --baseline designlint-baseline.json --format json docs`: the output and the exit code.
fn against_baseline(d: &Path) -> (Value, i32) {
    json(
        &[
            "check",
            "--baseline",
            "designlint-baseline.json",
            "--format",
            "json",
            "docs",
        ],
        d,
    )
}

fn with_section(section: &str) -> String {
    DESIGN.replace("## Estimates", &format!("{section}## Estimates"))
}

fn diags(file: &Value) -> &Vec<Value> {
    file["diagnostics"].as_array().unwrap()
}

fn line(d: &Value) -> u64 {
    d["span"]["start"]["line"].as_u64().unwrap()
}

#[test]
fn diff_base_scores_before_and_after_and_marks_new_findings() {
    let dir = repo();
    let d = dir.path();
    // A baseline made before the edit.
    record_baseline(d);
    let before_edit = json(&["check", "--format", "json", "docs/design.md"], d).0;

    // The edit: a section added above the estimates (ten lines, so the rest moves
    // down by ten), with a wrong estimate in it.
    std::fs::write(d.join("docs/design.md"), with_section(PEAK)).unwrap();
    let (doc, code) = json(&["check", "--diff-base", "main", "--format", "json"], d);
    validate(&output_schema(), &doc, "json output with --diff-base");
    assert_eq!(code, 1, "a new error fails under the default --fail-on new");
    let files = doc["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "only the changed doc: {doc:#}");
    let f = &files[0];
    assert_eq!(f["path"], "docs/design.md");

    // Before is the doc as committed, after the doc as it is, each as `check` scores it alone.
    let now = json(&["check", "--format", "json", "docs/design.md"], d).0;
    // (`before` is the score without its evidence: the lines are those of another text.)
    assert_eq!(f["before"], without_evidence(&before_edit["files"][0]["score"]));
    assert_eq!(f["score"], now["files"][0]["score"]);
    let phases = |s: &Value| -> Vec<(String, f64)> {
        s["phases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["phase"].as_str().unwrap().to_string(),
                    p["earned"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    let (b, a) = (phases(&f["before"]), phases(&f["score"]));
    let changed: Vec<&str> = b
        .iter()
        .zip(&a)
        .filter(|(x, y)| (x.1 - y.1).abs() > 1e-9)
        .map(|(x, _)| x.0.as_str())
        .collect();
    // The wrong estimate costs requirements marks (the new section's own
    // reasoning may earn a little elsewhere: it is new content).
    assert!(changed.contains(&"requirements"), "{changed:?}");
    let req = |s: &[(String, f64)]| s.iter().find(|p| p.0 == "requirements").unwrap().1;
    assert!(req(&a) < req(&b), "the wrong estimate costs requirements marks");
    // The same section with the arithmetic right scores higher.
    let right = d.join("right.md");
    std::fs::write(&right, with_section(&peak_right())).unwrap();
    let right_score =
        json(&["check", "--format", "json", "right.md"], d).0["files"][0]["score"]["total"].as_f64();
    std::fs::remove_file(&right).unwrap();
    assert!(
        f["score"]["total"].as_f64() < right_score,
        "{} vs {right_score:?}",
        f["score"]["total"]
    );

    // The wrong estimate is the only new finding; every other one moved ten lines down
    // (or stayed above the edit) and is existing.
    let new: Vec<&Value> = diags(f).iter().filter(|x| x["baseline_state"] == "new").collect();
    assert_eq!(
        new.len(),
        1,
        "{:#}",
        Value::from(new.clone().into_iter().cloned().collect::<Vec<_>>())
    );
    assert_eq!(new[0]["code"], "DL105");
    assert!(
        new[0]["message"].as_str().unwrap().contains("3M / 3,600"),
        "{}",
        new[0]
    );
    let old: Vec<&Value> = diags(&before_edit["files"][0]).iter().collect();
    let existing: Vec<&Value> = diags(f)
        .iter()
        .filter(|x| x["baseline_state"] == "existing")
        .collect();
    assert_eq!(existing.len(), old.len());
    let moved = existing.iter().filter(|x| line(x) > 11).count();
    assert!(moved >= 5, "findings below the new section: {moved}");
    for e in &existing {
        let was = old
            .iter()
            .find(|o| o["code"] == e["code"] && o["span"]["length"] == e["span"]["length"]);
        let was = was.unwrap_or_else(|| panic!("{e} was not there before"));
        let shift = if line(was) >= 11 { 10 } else { 0 };
        assert_eq!(line(e), line(was) + shift, "{e}");
    }
    assert_eq!(f["fixed"].as_array().unwrap().len(), 0);
    assert_eq!(doc["summary"]["new"], 1);
    assert_eq!(doc["summary"]["existing"], old.len());

    // --fail-on all fails on the existing wrong estimate too; --exit-zero never fails.
    let run = |args: &[&str]| {
        designlint(&[&["check", "--diff-base", "main"][..], args].concat(), d)
            .status
            .code()
    };
    assert_eq!(run(&["--fail-on", "all"]), Some(1));
    assert_eq!(run(&["--exit-zero"]), Some(0));

    // SARIF: every result has a baselineState, and the log matches the official schema.
    let (sarif, _) = json(&["check", "--diff-base", "main", "--format", "sarif"], d);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let state = |s: &str| results.iter().filter(|r| r["baselineState"] == s).count();
    assert_eq!(state("new"), 1);
    assert_eq!(state("unchanged") + state("updated"), old.len());
    assert_eq!(
        state("new") + state("unchanged") + state("updated"),
        results.len()
    );
    if let Some(schema) = sarif_schema() {
        validate(&schema, &sarif, "sarif output with --diff-base");
    }

    // GitHub annotations: the new finding only (plus the score notice).
    let out = designlint(&["check", "--diff-base", "main", "--format", "github"], d);
    let text = String::from_utf8(out.stdout).unwrap();
    let findings: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains("title=designlint score"))
        .collect();
    assert_eq!(findings.len(), 1, "{text}");
    assert!(
        findings[0].starts_with("::error file=docs/design.md,line=14,"),
        "{text}"
    );
    assert!(text.contains("before "), "{text}");

    // The pull-request comment: before → after with the grade, phase deltas, the new finding with a link.
    let out = designlint(&["check", "--diff-base", "main", "--format", "markdown"], d);
    let md = String::from_utf8(out.stdout).unwrap();
    let (bt, at) = (
        f["before"]["total"].as_f64().unwrap(),
        f["score"]["total"].as_f64().unwrap(),
    );
    let row = format!(
        "| ❌ | `docs/design.md` | {bt:.1} → {at:.1} ({:+.1}) | F |",
        at - bt
    );
    assert!(md.contains(&row), "{row}\n{md}");
    let (rb, ra) = (b[0].1, a[0].1);
    assert!(
        md.contains(&format!("| {rb:.1} → {ra:.1} ({:+.1}) |", ra - rb)),
        "{md}"
    );
    assert!(md.contains(&format!("| {:.1} (±0) |", a[1].1)), "{md}");
    assert!(md.contains("**1 new finding**"), "{md}");
    let items: Vec<&str> = md.lines().filter(|l| l.starts_with("- [")).collect();
    assert_eq!(items.len(), 1, "{md}");
    assert!(
        items[0].starts_with("- [`docs/design.md` line 14](docs/design.md#L14): 🔴 error **DL105**"),
        "{md}"
    );
    assert!(md.contains("❌ `docs/design.md`: 1 new error."), "{md}");

    // A baseline made before the edit reports the same single new finding.
    let (doc, code) = against_baseline(d);
    validate(&output_schema(), &doc, "json output with --baseline");
    assert_eq!(code, 1);
    let all: Vec<&Value> = doc["files"].as_array().unwrap().iter().flat_map(diags).collect();
    let new: Vec<&&Value> = all.iter().filter(|x| x["baseline_state"] == "new").collect();
    assert_eq!(new.len(), 1, "{doc:#}");
    assert_eq!(new[0]["code"], "DL105");
    assert!(all.len() > 10);
    for f in doc["files"].as_array().unwrap() {
        assert!(
            f["before"].is_object(),
            "every doc is in the baseline: {}",
            f["path"]
        );
    }
    let human = designlint(&["check", "--baseline", "designlint-baseline.json", "docs"], d);
    let text = String::from_utf8(human.stdout).unwrap();
    assert_eq!(text.matches("DL105 estimate-arithmetic").count(), 1, "{text}");
    assert!(
        text.contains("Compared with designlint-baseline.json: 1 new finding,"),
        "{text}"
    );
}

#[test]
fn fail_on_follows_new_findings_and_score_drops() {
    let dir = repo();
    let d = dir.path();
    // The section with its arithmetic right: nothing new is an error.
    std::fs::write(d.join("docs/design.md"), with_section(&peak_right())).unwrap();
    let run = |args: &[&str]| {
        designlint(&[&["check", "--diff-base", "main"][..], args].concat(), d)
            .status
            .code()
    };
    assert_eq!(run(&[]), Some(0), "only the existing wrong estimate is an error");
    assert_eq!(run(&["--fail-on", "new"]), Some(0));
    assert_eq!(run(&["--fail-on", "all"]), Some(1));
    // --min-score holds for a doc only when its score fell (or it is new).
    let (doc, _) = json(&["check", "--diff-base", "main", "--format", "json"], d);
    let f = &doc["files"][0];
    let (before, after) = (
        f["before"]["total"].as_f64().unwrap(),
        f["score"]["total"].as_f64().unwrap(),
    );
    let high = format!("{}", after.max(before) + 1.0);
    let fell = after < before;
    assert_eq!(run(&["--min-score", &high]), Some(if fell { 1 } else { 0 }));
    assert_eq!(run(&["--min-score", &high, "--fail-on", "all"]), Some(1));

    // --max-drop: a doc whose score fell by more than N fails.
    let design = DESIGN.find("## Design").unwrap();
    std::fs::write(d.join("docs/design.md"), &DESIGN[..design]).unwrap();
    let (doc, _) = json(&["check", "--diff-base", "main", "--format", "json"], d);
    let f = &doc["files"][0];
    let drop = f["before"]["total"].as_f64().unwrap() - f["score"]["total"].as_f64().unwrap();
    assert!(drop > 1.0, "removing the design section costs points: {drop}");
    assert_eq!(run(&["--max-drop", &format!("{}", drop + 0.5)]), Some(0));
    assert_eq!(run(&["--max-drop", &format!("{}", drop - 0.5)]), Some(1));
    let out = designlint(
        &[
            "check",
            "--diff-base",
            "main",
            "--format",
            "markdown",
            "--max-drop",
            "0",
        ],
        d,
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("more than --max-drop 0"), "{md}");

    // Usage errors: a base that is not a commit, or --fail-on new without a base.
    let out = designlint(&["check", "--diff-base", "no-such-branch"], d);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-branch"));
    assert_eq!(
        designlint(&["check", "--fail-on", "new", "docs"], d)
            .status
            .code(),
        Some(2)
    );
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("a.md"), NOTES).unwrap();
    let out = designlint(&["check", "--diff-base", "HEAD"], outside.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("git"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn new_deleted_and_renamed_files() {
    let dir = repo();
    let d = dir.path();
    git(d, &["mv", "docs/notes.md", "docs/caching.md"]);
    git(d, &["rm", "-q", "docs/adr/0003-postgres.md"]);
    std::fs::write(d.join("docs/new.md"), "# Queue\n\nTODO: everything.\n").unwrap();
    git(d, &["add", "docs/new.md"]);
    git(d, &["commit", "-q", "-m", "move things"]);
    // And an untracked doc, not yet added: new too.
    std::fs::write(d.join("docs/draft.md"), "# Draft\n\nTBD.\n").unwrap();
    let (doc, code) = json(&["check", "--diff-base", "HEAD~1", "--format", "json"], d);
    validate(
        &output_schema(),
        &doc,
        "json output with new, deleted and renamed files",
    );
    assert_eq!(code, 0, "no new error");
    let paths: Vec<&str> = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["docs/caching.md", "docs/draft.md", "docs/new.md"]);
    let file = |p: &str| {
        doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == p)
            .unwrap()
    };
    let renamed = file("docs/caching.md");
    assert_eq!(renamed["previous_path"], "docs/notes.md");
    assert_eq!(renamed["before"], without_evidence(&renamed["score"]));
    assert!(diags(renamed).iter().all(|x| x["baseline_state"] == "existing"));
    for p in ["docs/draft.md", "docs/new.md"] {
        assert!(file(p)["before"].is_null());
        assert!(diags(file(p)).iter().all(|x| x["baseline_state"] == "new"));
    }
    let deleted = doc["deleted"].as_array().unwrap();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0]["path"], "docs/adr/0003-postgres.md");
    assert!(deleted[0]["before"]["total"].as_f64().unwrap() > 0.0);

    let out = designlint(&["check", "--diff-base", "HEAD~1", "--format", "markdown"], d);
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("| `docs/caching.md` (renamed from `docs/notes.md`) |"),
        "{md}"
    );
    assert!(md.contains("| `docs/new.md` (new) |"), "{md}");
    assert!(
        md.contains("| 🗑️ | `docs/adr/0003-postgres.md` (deleted) |"),
        "{md}"
    );

    // Paths narrow the changed files; nothing changed is not an error.
    let (doc, code) = json(
        &["check", "--diff-base", "HEAD~1", "--format", "json", "docs/adr"],
        d,
    );
    assert_eq!((code, doc["files"].as_array().unwrap().len()), (0, 0));
    assert_eq!(doc["deleted"].as_array().unwrap().len(), 1);
    let (doc, code) = json(
        &["check", "--diff-base", "HEAD", "--format", "json", "docs/new.md"],
        d,
    );
    assert_eq!((code, doc["files"].as_array().unwrap().len()), (0, 0));
}

#[test]
fn baseline_file_is_stable_and_prunes_fixed_findings() {
    let dir = repo();
    let d = dir.path();
    let record = || record_baseline(d);
    let first = record();
    assert_eq!(record(), first, "the same findings give the same bytes");
    let b: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(b["designlint_baseline"], 1);
    let keys: Vec<&String> = b["files"].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["docs/adr/0003-postgres.md", "docs/design.md", "docs/notes.md"]
    );
    let findings = b["files"]["docs/design.md"]["findings"].as_array().unwrap();
    let mut sorted = findings.clone();
    sorted.sort_by_key(|f| {
        (
            f["code"].as_str().unwrap().to_string(),
            f["fingerprint"].as_str().unwrap().to_string(),
        )
    });
    assert_eq!(&sorted, findings);
    assert!(!first.contains(&d.display().to_string()), "no absolute paths");

    // From another directory, the paths resolve against the baseline's own directory.
    let (doc, code) = json(
        &[
            "check",
            "--baseline",
            "../designlint-baseline.json",
            "--format",
            "json",
            ".",
        ],
        &d.join("docs"),
    );
    assert_eq!(code, 0);
    assert_eq!(doc["summary"]["new"], 0);

    // Fix the placeholder in the notes: reported as fixed, then pruned.
    std::fs::write(
        d.join("docs/notes.md"),
        NOTES.replace(" TBD: the eviction policy.", ""),
    )
    .unwrap();
    let (doc, _) = against_baseline(d);
    let notes = doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "docs/notes.md")
        .unwrap();
    let fixed = notes["fixed"].as_array().unwrap();
    assert_eq!(fixed.len(), 1, "{notes:#}");
    assert_eq!(fixed[0]["code"], "DL505");
    assert_eq!(doc["summary"]["fixed"], 1);
    let out = designlint(
        &["baseline", "--prune", "docs", "-o", "designlint-baseline.json"],
        d,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("pruned 1 finding"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (doc, _) = against_baseline(d);
    assert_eq!(
        (doc["summary"]["fixed"].as_u64(), doc["summary"]["new"].as_u64()),
        (Some(0), Some(0))
    );
    // A deleted doc's entries are fixed, then pruned with it.
    std::fs::remove_file(d.join("docs/adr/0003-postgres.md")).unwrap();
    let (doc, _) = against_baseline(d);
    assert_eq!(doc["deleted"][0]["path"], "docs/adr/0003-postgres.md");
    designlint(
        &["baseline", "--prune", "docs", "-o", "designlint-baseline.json"],
        d,
    );
    let b: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("designlint-baseline.json")).unwrap()).unwrap();
    assert!(b["files"].get("docs/adr/0003-postgres.md").is_none());
    // A missing or foreign baseline is a usage error.
    assert_eq!(
        designlint(&["check", "--baseline", "nope.json", "docs"], d)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        designlint(&["baseline", "--prune", "docs", "-o", "nope.json"], d)
            .status
            .code(),
        Some(2)
    );
}

/// Debian's Chromium (`.ci/run` installs it), or another Chromium on the PATH.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Run headless Chromium on a local file with the flags that work on a
/// machine without network, each run with a fresh profile.
fn headless(chrome: &Path, page: &Path, size: &str, extra: &[&str]) -> Output {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={size}"))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    succeeded(out, "chromium")
}

/// Appended to a copy of the page: what the browser laid out, as JSON in `<pre id=probe>`.
const PROBE: &str = r##"<script>
(function(){
  var rows = function(){ return Array.prototype.slice.call(document.querySelectorAll("#documents tbody tr")); };
  var shown = rows().filter(function(r){ var b = r.getBoundingClientRect(); return b.height > 0 && b.width > 0; })
    .map(function(r){ return r.cells[0].textContent; });
  document.querySelector("#documents th[data-col='1']").click();
  var up = rows().map(function(r){ return +r.cells[1].dataset.v; });
  document.querySelector("#documents th[data-col='1']").click();
  var down = rows().map(function(r){ return +r.cells[1].dataset.v; });
  var pre = document.createElement("pre");
  pre.id = "probe";
  pre.textContent = JSON.stringify({shown: shown, up: up, down: down,
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth});
  document.body.appendChild(pre);
})();
</script>"##;

#[test]
fn html_report_renders_in_headless_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let out = designlint(&["report", "fixtures", "--html", page.to_str().unwrap()], &root());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    let docs: Vec<String> = fixtures::fixture_paths()
        .iter()
        .map(|p| p.strip_prefix(root()).unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(docs.len() >= 15);
    for d in &docs {
        assert!(
            html.contains(&format!(">{}</a>", d.replace('/', "/<wbr>"))),
            "{d} is not in the table"
        );
    }
    for external in ["src=\"http", "href=\"http", "src=\"//", "@import", "url("] {
        assert!(!html.contains(external), "the page loads {external}");
    }

    let Some(chrome) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have Chromium: .ci/run installs it"
        );
        eprintln!("notice: no chromium on the PATH; the browser half of this test is skipped");
        return;
    };
    let probed = dir.path().join("probed.html");
    std::fs::write(&probed, html.replace("</body>", &format!("{PROBE}\n</body>"))).unwrap();
    for (size, phone) in [("1280,900", false), ("390,844", true)] {
        let out = headless(&chrome, &probed, size, &["--dump-dom"]);
        let dom = String::from_utf8_lossy(&out.stdout);
        let start = dom.find("<pre id=\"probe\">").expect("the probe ran") + "<pre id=\"probe\">".len();
        let end = start + dom[start..].find("</pre>").unwrap();
        let probe: Value = serde_json::from_str(&dom[start..end].replace("&amp;", "&")).unwrap();
        let shown: Vec<&str> = probe["shown"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let mut expected: Vec<&str> = docs.iter().map(String::as_str).collect();
        expected.sort();
        let mut got = shown.clone();
        got.sort();
        assert_eq!(got, expected, "the table shows every document ({size})");
        let up: Vec<f64> = probe["up"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert!(up.windows(2).all(|w| w[0] <= w[1]), "sorted by score: {up:?}");
        let down: Vec<f64> = probe["down"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert!(
            down.windows(2).all(|w| w[0] >= w[1]),
            "sorted by score, descending: {down:?}"
        );
        assert!(up.first() < up.last(), "the fixtures' scores differ");
        if phone {
            assert!(
                probe["scrollWidth"].as_u64() <= probe["innerWidth"].as_u64(),
                "the page fits a phone's width (only the table scrolls): {probe}"
            );
        }
    }

    // A screenshot: not blank (many colours, a good share of non-white pixels).
    let shot = dir.path().join("report.png");
    headless(
        &chrome,
        &page,
        "1280,1500",
        &[&format!("--screenshot={}", shot.display())],
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(channels).collect();
    let non_white = pixels.iter().filter(|p| p[..3].iter().any(|c| *c < 235)).count();
    let colours: std::collections::HashSet<&[u8]> = pixels.iter().copied().collect();
    assert!(
        (info.width, info.height) == (1280, 1500),
        "{}x{}",
        info.width,
        info.height
    );
    assert!(
        non_white * 100 > pixels.len() * 3,
        "mostly blank: {non_white} of {}",
        pixels.len()
    );
    assert!(colours.len() > 50, "{} colours", colours.len());
    // `DESIGNLINT_SCREENSHOT=docs/report.png cargo test --test suite team::html` refreshes the README's picture.
    if let Some(to) = std::env::var_os("DESIGNLINT_SCREENSHOT") {
        std::fs::copy(&shot, root().join(to)).unwrap();
    }
}

/// The `${{ … }}` expressions of action.yml, from a table; an expression the
/// table does not know fails the test (so the action cannot grow one untested).
fn expand(v: &str, ctx: &std::collections::HashMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = v;
    while let Some(i) = rest.find("${{") {
        out.push_str(&rest[..i]);
        let j = i + rest[i..].find("}}").expect("a closed expression");
        let expr = rest[i + 3..j].trim();
        let value = ctx
            .get(expr)
            .unwrap_or_else(|| panic!("the test does not know `{expr}`"));
        out.push_str(value);
        rest = &rest[j + 2..];
    }
    out.push_str(rest);
    out
}

/// What running the action's steps gave: each step's exit code and output.
struct ActionRun {
    codes: Vec<(String, i32)>,
    stdout: String,
    summary: String,
    sarif: Option<Value>,
}

/// Run the `run:` steps of action.yml as GitHub would on a pull request
/// (bash -eo pipefail, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the
/// designlint under test on the PATH), stopping at the first failing step;
/// a `uses:` step (the SARIF upload) is checked, not run.
fn run_action(dir: &Path, base_sha: &str) -> ActionRun {
    use yaml_rust2::{Yaml, YamlLoader};
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let action = YamlLoader::load_from_str(&text).unwrap().remove(0);
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let mut ctx = std::collections::HashMap::new();
    for (k, v) in action["inputs"].as_hash().unwrap() {
        let default = v["default"].as_str().unwrap_or("").to_string();
        ctx.insert(format!("inputs.{}", k.as_str().unwrap()), default);
    }
    ctx.insert("github.action_path".into(), root().display().to_string());
    ctx.insert("github.event.pull_request.base.sha".into(), base_sha.to_string());
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_designlint"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // Outside the workspace, as on a runner (the summary is Markdown: inside, it would be linted).
    let runner = tempfile::tempdir().unwrap();
    let summary = runner.path().join("step-summary.md");
    let mut run = ActionRun {
        codes: Vec::new(),
        stdout: String::new(),
        summary: String::new(),
        sarif: None,
    };
    for step in action["runs"]["steps"].as_vec().unwrap() {
        let name = step["name"].as_str().unwrap().to_string();
        if let Some(uses) = step["uses"].as_str() {
            assert!(uses.starts_with("github/codeql-action/upload-sarif@"), "{uses}");
            let file = expand(step["with"]["sarif_file"].as_str().unwrap(), &ctx);
            let text = std::fs::read_to_string(dir.join(&file))
                .unwrap_or_else(|e| panic!("the upload step's {file}: {e}"));
            run.sarif = Some(serde_json::from_str(&text).unwrap());
            continue;
        }
        assert_eq!(step["shell"].as_str(), Some("bash"), "{name}");
        let output = runner.path().join("github-output");
        std::fs::write(&output, "").unwrap();
        let mut cmd = Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(step["run"].as_str().unwrap())
            .current_dir(dir)
            .env("PATH", &path)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_OUTPUT", &output)
            .env("NO_COLOR", "1");
        if let Yaml::Hash(env) = &step["env"] {
            for (k, v) in env {
                cmd.env(k.as_str().unwrap(), expand(v.as_str().unwrap(), &ctx));
            }
        }
        let out = cmd.output().unwrap();
        run.stdout.push_str(&String::from_utf8_lossy(&out.stdout));
        let code = out.status.code().unwrap();
        run.codes.push((name, code));
        if let Some(id) = step["id"].as_str() {
            for line in std::fs::read_to_string(&output).unwrap().lines() {
                let (k, v) = line.split_once('=').unwrap();
                ctx.insert(format!("steps.{id}.outputs.{k}"), v.to_string());
            }
        }
        if code != 0 {
            break;
        }
    }
    run.summary = std::fs::read_to_string(&summary).unwrap_or_default();
    run
}

#[test]
fn github_action_runs_check_on_a_pull_request() {
    let dir = repo();
    let d = dir.path();
    let base = git(d, &["rev-parse", "HEAD"]).trim().to_string();
    git(d, &["checkout", "-q", "-b", "pull-request"]);
    std::fs::write(d.join("docs/design.md"), with_section(PEAK)).unwrap();
    git(d, &["commit", "-q", "-am", "peak hours"]);

    let run = run_action(d, &base);
    let names: Vec<&str> = run.codes.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Install designlint",
            "Lint the changed docs",
            "Fail on new errors"
        ]
    );
    assert!(run.stdout.contains("is already installed"), "{}", run.stdout);
    assert_eq!(run.codes[1].1, 0, "the lint step records the exit code");
    assert_eq!(run.codes[2].1, 1, "a new wrong estimate fails the action");
    assert!(
        run.summary
            .starts_with("## designlint: what this change does to the docs"),
        "{}",
        run.summary
    );
    assert!(
        run.summary.contains("| ❌ | `docs/design.md` |"),
        "{}",
        run.summary
    );
    assert!(run.summary.contains("**DL105**"), "{}", run.summary);
    let annotations: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error") || l.starts_with("::warning"))
        .collect();
    assert_eq!(annotations.len(), 1, "{}", run.stdout);
    assert!(annotations[0].starts_with("::error file=docs/design.md,line=14,"));
    let sarif = run.sarif.expect("the upload step found the SARIF file");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.iter().filter(|r| r["baselineState"] == "new").count(), 1);
    if let Some(schema) = sarif_schema() {
        validate(&schema, &sarif, "the action's SARIF");
    }

    // The estimate put right: the existing error alone does not fail the action.
    std::fs::write(d.join("docs/design.md"), with_section(&peak_right())).unwrap();
    git(d, &["commit", "-q", "-am", "right arithmetic"]);
    let run = run_action(d, &base);
    assert_eq!(run.codes.last().unwrap(), &("Fail on new errors".to_string(), 0));
    assert!(
        run.summary.contains("| ✅ | `docs/design.md` |"),
        "{}",
        run.summary
    );
}

#[test]
fn no_progress_bar_when_stderr_is_piped() {
    // Enough files for a bar on a terminal; stderr here is a pipe, so nothing is drawn.
    let dir = tempfile::tempdir().unwrap();
    for i in 0..designlint::progress::MANY_FILES {
        std::fs::write(dir.path().join(format!("d{i:03}.md")), "# Notes\n\nShort.\n").unwrap();
    }
    for args in [
        &["check", "--format", "json", "."][..],
        &["report", ".", "--html", "r.html"][..],
    ] {
        let out = designlint(args, dir.path());
        assert!(out.status.code().is_some_and(|c| c < 2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains('█') && !err.contains('\r'), "{args:?}: {err}");
        if args[0] == "check" {
            assert!(err.is_empty(), "{err}");
        }
    }
}

/// A score as JSON without each rule's `evidence`.
fn without_evidence(score: &Value) -> Value {
    let mut s = score.clone();
    if let Some(rules) = s["rules"].as_array_mut() {
        for r in rules {
            if let Some(o) = r.as_object_mut() {
                o.remove("evidence");
            }
        }
    }
    s
}
