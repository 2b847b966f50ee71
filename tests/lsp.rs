//! End to end: the real `designlint lsp` binary, JSON-RPC with Content-Length
//! framing over its stdin/stdout. Every wait has a timeout so a broken server
//! fails the test instead of hanging the suite.

use std::process::Child;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::lsp_client::{Client, TIMEOUT, initialize};

fn wait_exit(child: &mut Child) -> Option<i32> {
    let deadline = Instant::now() + TIMEOUT;
    while Instant::now() < deadline {
        if let Some(s) = child.try_wait().unwrap() {
            return s.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("the server did not exit");
}

#[test]
fn diagnostics_hover_close_and_shutdown() {
    let mut c = Client::start();
    let init = initialize(&mut c);
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["hoverProvider"], json!(true), "{init}");
    assert!(caps["textDocumentSync"].is_object(), "{init}");

    let uri = "file:///nonexistent-designlint-test/design.md";
    // Line 2: "咖啡 ☕🚀 " before TODO: 咖 啡 space ☕ 🚀 space = 1+1+1+1+2+1 = 7 UTF-16 units
    // (☕ U+2615 is one unit, 🚀 U+1F680 two), while it is 6 chars and 18 bytes.
    let text = "# 咖啡店 URL shortener\n\n咖啡 ☕🚀 TODO: pick the cache TTL.\n\nMore text here.\n";
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
    );
    let diags = c.diagnostics(uri);
    let todo: Vec<&Value> = diags.iter().filter(|d| d["code"] == "DL505").collect();
    assert_eq!(todo.len(), 1, "{diags:#?}");
    let d = todo[0];
    assert_eq!(d["source"], "designlint");
    assert_eq!(d["severity"], json!(2), "placeholders are warnings: {d}");
    assert_eq!(d["range"]["start"], json!({"line": 2, "character": 7}), "{d}");
    assert_eq!(d["range"]["end"]["line"], json!(2), "{d}");
    assert_eq!(d["range"]["end"]["character"], json!(11), "{d}");
    assert_eq!(d["data"]["rule"], "DL505");
    // The score summary sits on the title line.
    let score: Vec<&Value> = diags
        .iter()
        .filter(|d| d["message"].as_str().unwrap().starts_with("designlint score "))
        .collect();
    assert_eq!(score.len(), 1, "{diags:#?}");
    assert_eq!(score[0]["severity"], json!(3));
    assert_eq!(score[0]["range"]["start"], json!({"line": 0, "character": 0}));
    // Every rubric item that fired has its code; every range is inside the document.
    for d in &diags {
        assert!(d["range"]["start"]["line"].as_u64().unwrap() <= 5, "{d}");
    }

    // Hover on the TODO shows the rule's explanation.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 2, "character": 8}}),
    );
    let value = h["result"]["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.contains("DL505"), "{h}");
    assert!(value.contains("## What it does"), "{h}");
    // Hover on the title line shows the score; out-of-range and unknown documents answer null.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}),
    );
    assert!(
        h["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("designlint score"),
        "{h}"
    );
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 999, "character": 999}}),
    );
    assert_eq!(h["result"], Value::Null, "{h}");
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nope.md"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(h["result"], Value::Null, "{h}");
    assert!(h.get("error").is_none(), "{h}");
    // An unknown request gets an error, not a crash.
    let r = c.request("designlint/unknown", json!({}));
    assert!(r["error"].is_object(), "{r}");

    // Remove "TODO: " (UTF-16 columns 7..13) with an incremental change: DL505 goes away.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 2, "character": 7}, "end": {"line": 2, "character": 13}}, "text": ""}
        ]}),
    );
    let diags = c.diagnostics(uri);
    assert!(!diags.iter().any(|d| d["code"] == "DL505"), "{diags:#?}");
    assert!(
        diags
            .iter()
            .any(|d| d["message"].as_str().unwrap().starts_with("designlint score "))
    );

    // A full-text change puts it back, at the same UTF-16 column.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": text}]}),
    );
    let diags = c.diagnostics(uri);
    let d = diags
        .iter()
        .find(|d| d["code"] == "DL505")
        .expect("DL505 is back");
    assert_eq!(d["range"]["start"], json!({"line": 2, "character": 7}));

    // Bad input does not kill the server: a change to an unknown document, garbage params.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///unknown.md", "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    c.notify("textDocument/didOpen", json!({"bogus": true}));

    c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    let diags = c.diagnostics(uri);
    assert!(diags.is_empty(), "{diags:#?}");

    let r = c.request("shutdown", Value::Null);
    assert_eq!(r["result"], Value::Null, "{r}");
    assert!(r.get("error").is_none(), "{r}");
    c.notify("exit", Value::Null);
    drop(c.stdin.take());
    assert_eq!(wait_exit(&mut c.child), Some(0));
}

#[test]
fn exit_without_shutdown_is_code_1() {
    let mut c = Client::start();
    initialize(&mut c);
    c.notify("exit", Value::Null);
    drop(c.stdin.take());
    assert_eq!(wait_exit(&mut c.child), Some(1));
}

#[test]
fn config_from_the_document_directory_is_used() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("designlint.toml"),
        "ignore = [\"placeholders\"]\n",
    )
    .unwrap();
    let path = dir.path().join("doc.md");
    let uri = format!("file://{}", path.display());
    let mut c = Client::start();
    initialize(&mut c);
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1,
               "text": "# T\n\nTODO: everything.\n"}}),
    );
    let diags = c.diagnostics(&uri);
    assert!(!diags.iter().any(|d| d["code"] == "DL505"), "{diags:#?}");
    assert!(diags.iter().any(|d| d["code"] == "DL101"), "{diags:#?}");
}
