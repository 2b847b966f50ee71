//! The modules depend one way: each imports only modules on lower layers, as
//! the layer table in ARCHITECTURE.md says (read from there, so the document
//! and this test cannot drift apart), and the files inside one module import
//! each other without a cycle. Test code (`#[cfg(test)]` modules, `tests.rs`)
//! may import anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Module → layer (0 is the bottom), from the fenced block under "## Layers".
fn layers() -> BTreeMap<String, usize> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let section = text
        .split("\n## Layers")
        .nth(1)
        .expect("ARCHITECTURE.md has a \"## Layers\" section");
    let block = section
        .split("```")
        .nth(1)
        .expect("the Layers section has a fenced block");
    // Top layer first; the first line of the block is its info string.
    let rows: Vec<&str> = block.lines().skip(1).filter(|l| !l.trim().is_empty()).collect();
    let mut out = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        for m in row.split_whitespace() {
            assert!(
                out.insert(m.to_string(), rows.len() - 1 - i).is_none(),
                "{m} is twice in the layer table"
            );
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The code of a file without its comments (a doc link is not an import) and
/// its test module (by convention at the end).
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let code = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => &text,
    };
    code.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The names a file's code reaches through `prefix` (`crate::`, `super::`):
/// `crate::rules::Rule` and `use crate::{rules, score}` give `rules`, `score`.
fn reached(code: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            // The items of the group, up to its closing brace.
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.push(std::mem::take(&mut item));
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            out.push(item);
        } else {
            out.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    out.into_iter()
        .map(|s| s.trim().split("::").next().unwrap_or("").trim().to_string())
        .filter(|s| !s.is_empty() && s != "self")
        .collect()
}

/// `src/rules/keywords.rs` → ("rules", "keywords"); `src/cli.rs` → ("cli", "").
fn module_of(path: &Path) -> (String, String) {
    let rel = path.strip_prefix(root().join("src")).unwrap();
    let parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (parts[0].clone(), parts.get(1).cloned().unwrap_or_default())
}

#[test]
fn modules_import_only_lower_layers() {
    let layers = layers();
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for f in &files {
        let (module, file) = module_of(f);
        if module == "main" || module == "lib" || file == "tests" {
            continue;
        }
        let Some(&layer) = layers.get(&module) else {
            wrong.push(format!(
                "src/{module} is not in the layer table of ARCHITECTURE.md"
            ));
            continue;
        };
        let mut targets = reached(&code(f), "crate::");
        targets.sort();
        targets.dedup();
        for target in targets {
            if target == module {
                continue;
            }
            match layers.get(&target) {
                Some(&t) if t < layer => {}
                Some(_) => wrong.push(format!(
                    "{} imports crate::{target}, which is not on a lower layer than {module}",
                    f.strip_prefix(root()).unwrap().display()
                )),
                None => wrong.push(format!(
                    "{} imports crate::{target}, which is not in the layer table",
                    f.strip_prefix(root()).unwrap().display()
                )),
            }
        }
    }
    let modules: Vec<String> = files.iter().map(|f| module_of(f).0).collect();
    for m in layers.keys() {
        if !modules.contains(m) {
            wrong.push(format!(
                "the layer table names {m}, which is not a module of src/"
            ));
        }
    }
    assert!(wrong.is_empty(), "upward imports:\n{}", wrong.join("\n"));
}

#[test]
fn files_of_a_module_import_each_other_without_a_cycle() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    // Per module, sibling file → the siblings it imports (`super::x`, `crate::m::x`).
    let mut graph: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut siblings: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &files {
        let (module, file) = module_of(f);
        if !file.is_empty() && file != "mod" && file != "tests" {
            siblings.entry(module).or_default().push(file);
        }
    }
    for f in &files {
        let (module, file) = module_of(f);
        let Some(sib) = siblings.get(&module) else {
            continue;
        };
        if !sib.contains(&file) {
            continue;
        }
        let code = code(f);
        let mut to: Vec<String> = reached(&code, "super::");
        to.extend(reached(&code, &format!("crate::{module}::")));
        to.retain(|t| sib.contains(t) && *t != file);
        to.sort();
        to.dedup();
        graph.insert((module, file), to);
    }
    // Depth-first search for a cycle.
    fn visit(
        node: &(String, String),
        graph: &BTreeMap<(String, String), Vec<String>>,
        path: &mut Vec<String>,
        done: &mut Vec<(String, String)>,
    ) -> Option<String> {
        if let Some(i) = path.iter().position(|p| *p == node.1) {
            let mut cycle = path[i..].to_vec();
            cycle.push(node.1.clone());
            return Some(format!("src/{}: {}", node.0, cycle.join(" → ")));
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.1.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(&(node.0.clone(), next.clone()), graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.push(node.clone());
        None
    }
    let mut done = Vec::new();
    for node in graph.keys() {
        if let Some(c) = visit(node, &graph, &mut Vec::new(), &mut done) {
            panic!("files of one module import each other in a cycle: {c}");
        }
    }
}

#[test]
fn the_import_reader_sees_every_form() {
    let code = "use crate::{rules::{Rule, Severity}, score};\nlet x = crate::text::clamp_span(a, b);\n\
                use super::index::TermIndex;\nmy_crate::nope();";
    assert_eq!(reached(code, "crate::"), ["rules", "score", "text"]);
    assert_eq!(reached(code, "super::"), ["index"]);
}
