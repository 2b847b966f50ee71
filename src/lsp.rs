//! `designlint lsp`: a language server over stdio.
//!
//! It lints the editor's in-memory text (no file is read but `designlint.toml`
//! and rubric files) with the config found from the document's directory
//! upward, and publishes:
//! - one diagnostic per finding: UTF-16 range, `code` = rule code,
//!   `source` = "designlint", `data` = `{rule, name, explain}`;
//! - a score summary: an Information diagnostic on line 0 (the title line),
//!   "designlint score 72.5/100 (C)" with the per-phase marks. A diagnostic
//!   rather than a code lens, because every client shows diagnostics.
//!
//! Hover on a diagnostic's range shows what `designlint explain RULE` prints.
//! Text sync is incremental. Lints run when the queue of incoming messages is
//! empty, so a burst of keystrokes is linted once. A detector that panics is
//! caught and reported as a diagnostic; the server keeps running.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use crossbeam_channel::TryRecvError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{HoverRequest, Request as _};
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Hover, HoverContents, HoverParams,
    HoverProviderCapability, Location, MarkupContent, MarkupKind, NumberOrString, Position,
    PublishDiagnosticsParams, Range, SaveOptions, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};

use crate::config::{self, Config};
use crate::document::{Document, LineIndex};
use crate::engine::{FileResult, Settings};
use crate::error::{Error, PlainError};
use crate::policy::{FilePolicy, Flags, Policy, Rubrics};
use crate::rubric::Rubric;
use crate::rules::Severity;

/// A policy and the config text it was built from (`None`: no config file).
type PolicyEntry = (Option<Result<String, String>>, Result<Arc<Policy>, String>);

/// Run the server on stdin/stdout until `exit`. Exit code 0 after `shutdown`, 1 without.
pub fn run() -> Result<ExitCode, Error> {
    let (connection, io_threads) = Connection::stdio();
    let caps = ServerCapabilities {
        position_encoding: Some(lsp_types::PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                include_text: Some(true),
            })),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..Default::default()
    };
    let init = serde_json::json!({
        "capabilities": caps,
        "serverInfo": {"name": "designlint", "version": env!("CARGO_PKG_VERSION")},
    });
    let started = connection
        .initialize_start()
        .and_then(|(id, _params)| connection.initialize_finish(id, init));
    if let Err(e) = started {
        return Err(Box::new(PlainError::new(
            "designlint::lsp",
            format!("the language client did not initialize: {e}"),
        )));
    }
    let mut server = Server::new(connection);
    let code = server.main_loop();
    drop(server);
    let _ = io_threads.join();
    Ok(code)
}

/// One open document.
struct Doc {
    text: String,
    dirty: bool,
    /// The last lint, with the rubric it used, for hover.
    last: Option<Linted>,
}

struct Linted {
    rubric: Arc<Rubric>,
    result: FileResult,
    lines: LineIndex,
    /// The text the result is about (hover positions are mapped with it).
    text: String,
}

struct Server {
    conn: Connection,
    docs: HashMap<Uri, Doc>,
    /// Compiled rubrics, so a keystroke does not recompile regexes.
    rubrics: Arc<Rubrics>,
    /// Policies by config file (or directory without one), with the config text they were built from.
    policies: HashMap<PathBuf, PolicyEntry>,
    shutdown: bool,
}

impl Server {
    fn new(conn: Connection) -> Self {
        Server {
            conn,
            docs: HashMap::new(),
            rubrics: Default::default(),
            policies: HashMap::new(),
            shutdown: false,
        }
    }

    fn main_loop(&mut self) -> ExitCode {
        loop {
            let msg = if self.docs.values().any(|d| d.dirty) {
                match self.conn.receiver.try_recv() {
                    Ok(m) => m,
                    Err(TryRecvError::Empty) => {
                        self.lint_dirty();
                        continue;
                    }
                    Err(TryRecvError::Disconnected) => return ExitCode::from(1),
                }
            } else {
                match self.conn.receiver.recv() {
                    Ok(m) => m,
                    Err(_) => return ExitCode::from(1),
                }
            };
            match msg {
                Message::Request(req) => self.request(req),
                Message::Notification(n) if n.method == "exit" => {
                    return if self.shutdown {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::from(1)
                    };
                }
                Message::Notification(n) => self.notification(n),
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, m: impl Into<Message>) {
        let _ = self.conn.sender.send(m.into());
    }

    fn request(&mut self, req: Request) {
        if self.shutdown {
            self.send(Response::new_err(
                req.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".into(),
            ));
            return;
        }
        match req.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                self.send(Response::new_ok(req.id, ()));
            }
            HoverRequest::METHOD => match serde_json::from_value::<HoverParams>(req.params) {
                Ok(p) => {
                    let h = self.hover(&p);
                    self.send(Response::new_ok(req.id, h));
                }
                Err(e) => self.send(Response::new_err(
                    req.id,
                    ErrorCode::InvalidParams as i32,
                    e.to_string(),
                )),
            },
            _ => self.send(Response::new_err(
                req.id,
                ErrorCode::MethodNotFound as i32,
                format!("designlint does not handle {}", req.method),
            )),
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params) {
                    self.docs.insert(
                        p.text_document.uri,
                        Doc {
                            text: p.text_document.text,
                            dirty: true,
                            last: None,
                        },
                    );
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params)
                    && let Some(doc) = self.docs.get_mut(&p.text_document.uri)
                {
                    for c in p.content_changes {
                        apply_change(&mut doc.text, c.range, &c.text);
                    }
                    doc.dirty = true;
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(n.params) {
                    // A saved designlint.toml or rubric may change every result: recompile.
                    self.rubrics.clear();
                    self.policies.clear();
                    if let Some(doc) = self.docs.get_mut(&p.text_document.uri) {
                        if let Some(t) = p.text {
                            doc.text = t;
                        }
                        doc.dirty = true;
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params) {
                    self.docs.remove(&p.text_document.uri);
                    self.publish(p.text_document.uri, Vec::new());
                }
            }
            _ => {}
        }
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        };
        self.send(Notification::new(PublishDiagnostics::METHOD.into(), params));
    }

    fn lint_dirty(&mut self) {
        let dirty: Vec<Uri> = self
            .docs
            .iter()
            .filter(|(_, d)| d.dirty)
            .map(|(u, _)| u.clone())
            .collect();
        for uri in dirty {
            let diags = self.lint(&uri);
            self.publish(uri, diags);
        }
    }

    /// Lint one open document, remember the result, and return its LSP diagnostics.
    fn lint(&mut self, uri: &Uri) -> Vec<Diagnostic> {
        let Some(text) = self.docs.get(uri).map(|d| d.text.clone()) else {
            return Vec::new();
        };
        let path = uri_to_path(uri);
        let policy = self.policy(path.as_deref());
        let lines = LineIndex::new(&text);
        let linted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let arena = crate::document::Arena::new();
            let doc = Document::parse(&text, &arena);
            let (file, error) = match &policy {
                Ok(p) if path.as_deref().is_some_and(|f| p.is_excluded(f)) => return None,
                Ok(p) => match p.for_file(path.as_deref(), &doc) {
                    Ok(f) => (f, None),
                    Err(e) => (self.fallback(), Some(error_text(&e))),
                },
                Err(e) => (self.fallback(), Some(e.clone())),
            };
            let result = file.lint(&doc);
            Some((file.rubric, result, error))
        }));
        let mut out = Vec::new();
        match linted {
            // Left out by the config's `exclude`: nothing to say, as `check` says nothing.
            Ok(None) => {
                if let Some(doc) = self.docs.get_mut(uri) {
                    doc.dirty = false;
                    doc.last = None;
                }
            }
            Ok(Some((rubric, result, error))) => {
                if let Some(e) = error {
                    out.push(line0(
                        &text,
                        DiagnosticSeverity::ERROR,
                        format!("designlint config: {e}"),
                    ));
                }
                out.extend(to_lsp(uri, &text, &lines, &result));
                out.push(score_diagnostic(&text, &rubric, &result));
                if let Some(doc) = self.docs.get_mut(uri) {
                    doc.dirty = false;
                    doc.last = Some(Linted {
                        rubric,
                        result,
                        lines,
                        text,
                    });
                }
            }
            Err(_) => {
                out.push(line0(
                    &text,
                    DiagnosticSeverity::ERROR,
                    "designlint failed on this document (a bug: please report it with the text)".into(),
                ));
                if let Some(doc) = self.docs.get_mut(uri) {
                    doc.dirty = false;
                    doc.last = None;
                }
            }
        }
        out
    }

    /// The policy for a document at `path` (None: not a file): the config found
    /// from its directory upward, as `check` run there would use it. Rebuilt
    /// when the config's text changes; an error is shown on the document.
    fn policy(&mut self, path: Option<&Path>) -> Result<Arc<Policy>, String> {
        let dir = path
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."));
        let found = config::discover(&dir);
        let text = found
            .as_ref()
            .map(|p| std::fs::read_to_string(p).map_err(|e| e.to_string()));
        let key = found.clone().unwrap_or_else(|| dir.clone());
        if let Some((t, p)) = self.policies.get(&key)
            && *t == text
        {
            return p.clone();
        }
        let cfg = match (&found, &text) {
            (Some(p), Some(Ok(t))) => config::parse(p, t.clone()),
            (Some(p), _) => config::load(p),
            (None, _) => Ok(Config {
                root: dir,
                ..Config::default()
            }),
        };
        let policy = cfg
            .and_then(|c| Policy::new(c, Flags::default(), self.rubrics.clone()))
            .map(Arc::new)
            .map_err(|e| error_text(&e));
        self.policies.insert(key, (text, policy.clone()));
        policy
    }

    /// What a document is linted with when its config or rubric cannot be loaded.
    fn fallback(&self) -> FilePolicy {
        FilePolicy {
            rubric: self
                .rubrics
                .load("interview", Path::new("."))
                .expect("the built-in rubric loads"),
            settings: Settings::default(),
            min_score: None,
        }
    }

    fn hover(&mut self, p: &HoverParams) -> Option<Hover> {
        let uri = &p.text_document_position_params.text_document.uri;
        if self.docs.get(uri)?.dirty {
            let diags = self.lint(uri);
            self.publish(uri.clone(), diags);
        }
        let last = self.docs.get(uri)?.last.as_ref()?;
        let pos = p.text_document_position_params.position;
        if pos.line as usize >= last.lines.line_count() {
            return None;
        }
        let at = last.lines.offset_of_utf16(&last.text, pos.line, pos.character);
        let mut seen = BTreeSet::new();
        let mut rules = Vec::new();
        for d in &last.result.diagnostics {
            // Inclusive end, so that hovering just after a one-word span still finds it.
            let hit = d.span.start <= at && at <= d.span.end;
            if hit
                && seen.insert(d.code.clone())
                && let Some(rule) = last.rubric.rule(&d.code)
            {
                rules.push(rule);
            }
        }
        let mut parts = Vec::new();
        if pos.line == 0 {
            parts.push(score_markdown(&last.rubric, &last.result));
        }
        match rules.as_slice() {
            [] => {}
            // One rule here: its whole explanation.
            [rule] => parts.push(crate::report::explain_text(&last.rubric, rule)),
            // Many (rubric items that are missing altogether sit on the title): one line each.
            many => parts.push(
                many.iter()
                    .map(|r| {
                        format!(
                            "- **{} {}**: {} (`designlint explain {}`)",
                            r.code, r.name, r.summary, r.code
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        }
        if parts.is_empty() {
            return None;
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: parts.join("\n---\n\n"),
            }),
            range: None,
        })
    }
}

/// Apply one content change (a range in UTF-16 positions, or the whole text).
fn apply_change(text: &mut String, range: Option<Range>, new: &str) {
    match range {
        None => *text = new.to_string(),
        Some(r) => {
            let ix = LineIndex::new(text);
            let s = ix.offset_of_utf16(text, r.start.line, r.start.character);
            let e = ix.offset_of_utf16(text, r.end.line, r.end.character).max(s);
            text.replace_range(s..e, new);
        }
    }
}

/// A `file://` URI as a path (percent-decoded), or None for other schemes.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // file://host/path: only the local host (empty or localhost) is a local path.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    if !path.starts_with('/') {
        return None;
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = path
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(h);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    let decoded = String::from_utf8(out).ok()?;
    // Windows: file:///C:/x → C:/x
    let decoded = if decoded.len() > 2 && decoded.as_bytes()[2] == b':' {
        decoded[1..].to_string()
    } else {
        decoded
    };
    Some(PathBuf::from(decoded))
}

fn error_text(e: &Error) -> String {
    let mut s = e.to_string();
    if let Some(h) = e.help() {
        s.push_str(&format!(" ({h})"));
    }
    s
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

fn position(lines: &LineIndex, text: &str, offset: usize) -> Position {
    let (line, character) = lines.utf16_position(text, offset);
    Position { line, character }
}

/// The LSP diagnostics of a lint result (`uri`: the document's, for the
/// related information of a diagnostic about several places).
pub fn to_lsp(uri: &Uri, text: &str, lines: &LineIndex, result: &FileResult) -> Vec<Diagnostic> {
    result
        .diagnostics
        .iter()
        .map(|d| {
            let mut message = d.message.clone();
            if let Some(h) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(h);
            }
            Diagnostic {
                range: Range {
                    start: position(lines, text, d.span.start),
                    end: position(lines, text, d.span.end),
                },
                severity: Some(severity(d.severity)),
                code: Some(NumberOrString::String(d.code.clone())),
                code_description: None,
                source: Some("designlint".into()),
                message,
                related_information: (!d.related.is_empty()).then(|| {
                    d.related
                        .iter()
                        .map(|r| DiagnosticRelatedInformation {
                            location: Location {
                                uri: uri.clone(),
                                range: Range {
                                    start: position(lines, text, r.span.start),
                                    end: position(lines, text, r.span.end),
                                },
                            },
                            message: r.message.clone(),
                        })
                        .collect()
                }),
                tags: None,
                data: Some(serde_json::json!({
                    "rule": d.code,
                    "name": d.name,
                    "explain": format!("designlint explain {}", d.code),
                })),
            }
        })
        .collect()
}

/// The range of line 0 (the title line), in UTF-16 units.
fn line0_range(text: &str) -> Range {
    let first = text.split('\n').next().unwrap_or("");
    let first = first.strip_suffix('\r').unwrap_or(first);
    let end: usize = first.chars().map(char::len_utf16).sum();
    Range {
        start: Position {
            line: 0,
            character: 0,
        },
        end: Position {
            line: 0,
            character: end as u32,
        },
    }
}

fn line0(text: &str, sev: DiagnosticSeverity, message: String) -> Diagnostic {
    Diagnostic {
        range: line0_range(text),
        severity: Some(sev),
        source: Some("designlint".into()),
        message,
        ..Default::default()
    }
}

/// "designlint score 72.5/100 (C) — requirements 18/25 · design 20/30 …"
pub fn score_line(rubric: &Rubric, result: &FileResult) -> String {
    let s = &result.score;
    let phases: Vec<String> = s
        .phases
        .iter()
        .map(|p| {
            let title = rubric
                .phases
                .iter()
                .find(|ph| ph.id == p.phase)
                .map_or(p.phase.as_str(), |ph| ph.title.as_str());
            format!("{title} {}/{}", fmt_num(p.earned), fmt_num(p.max))
        })
        .collect();
    let mut line = format!(
        "designlint score {}/{} ({})",
        fmt_num(s.total),
        fmt_num(s.max),
        s.grade
    );
    if !phases.is_empty() {
        line.push_str(" — ");
        line.push_str(&phases.join(" · "));
    }
    if s.penalty > 0.0 {
        line.push_str(&format!(" · findings −{}", fmt_num(s.penalty)));
    }
    line
}

fn score_diagnostic(text: &str, rubric: &Rubric, result: &FileResult) -> Diagnostic {
    line0(text, DiagnosticSeverity::INFORMATION, score_line(rubric, result))
}

/// The hover on the title line: the score and every rubric item's credit.
fn score_markdown(rubric: &Rubric, result: &FileResult) -> String {
    let mut s = format!(
        "**{}**\n\n| rule | credit | weight |\n|---|---|---|\n",
        score_line(rubric, result)
    );
    for r in &result.score.rules {
        s.push_str(&format!(
            "| {} {} | {:.0}% | {} |\n",
            r.code,
            r.name,
            r.credit * 100.0,
            fmt_num(r.weight)
        ));
    }
    s
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incremental_changes_use_utf16_columns() {
        let mut t = "a🚀b\nc".to_string();
        // Replace "b" (after the emoji: UTF-16 column 3) with "xy".
        let r = Range {
            start: Position {
                line: 0,
                character: 3,
            },
            end: Position {
                line: 0,
                character: 4,
            },
        };
        apply_change(&mut t, Some(r), "xy");
        assert_eq!(t, "a🚀xy\nc");
        // Out-of-range positions clamp instead of panicking.
        let r = Range {
            start: Position {
                line: 9,
                character: 99,
            },
            end: Position {
                line: 0,
                character: 0,
            },
        };
        apply_change(&mut t, Some(r), "!");
        assert_eq!(t, "a🚀xy\nc!");
    }

    #[test]
    fn file_uris_become_paths() {
        let u: Uri = "file:///tmp/my%20docs/a.md".parse().unwrap();
        assert_eq!(uri_to_path(&u), Some(PathBuf::from("/tmp/my docs/a.md")));
        let u: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(uri_to_path(&u), None);
    }
}
