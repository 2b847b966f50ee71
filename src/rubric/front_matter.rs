//! The rubric a write-up asks for in its front matter:
//!
//! ```yaml
//! designlint: { rubric: adr }
//! # or
//! designlint:
//!   rubric: adr
//! ```
//!
//! ```toml
//! [designlint]
//! rubric = "adr"
//! # or: designlint = { rubric = "adr" }, designlint.rubric = "adr"
//! ```
//!
//! Only this one key is read, line by line: no YAML parser is needed and
//! nothing else in the front matter can fail the lint.

use crate::document::FrontMatterKind;

/// The value of `designlint.rubric` in front matter `content`, if set.
pub fn rubric(content: &str, kind: FrontMatterKind) -> Option<String> {
    match kind {
        FrontMatterKind::Yaml => yaml(content),
        FrontMatterKind::Toml => toml(content),
    }
    .filter(|v| !v.is_empty())
}

fn yaml(content: &str) -> Option<String> {
    let mut inside = false;
    for line in content.lines() {
        let indented = line.starts_with([' ', '\t']);
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if !indented {
            inside = false;
            if let Some(rest) = strip_key(t, "designlint", ':') {
                let rest = rest.trim();
                if rest.starts_with('{') {
                    return flow(rest, ':');
                }
                inside = rest.is_empty() || rest.starts_with('#');
            }
        } else if inside && let Some(v) = strip_key(t, "rubric", ':') {
            return Some(scalar(v));
        }
    }
    None
}

fn toml(content: &str) -> Option<String> {
    let mut table: Option<String> = None;
    for line in content.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if t.starts_with('[') {
            table = Some(t.trim_matches(['[', ']']).trim().to_string());
            continue;
        }
        match table.as_deref() {
            Some("designlint") => {
                if let Some(v) = strip_key(t, "rubric", '=') {
                    return Some(scalar(v));
                }
            }
            Some(_) => {}
            None => {
                if let Some(rest) = strip_key(t, "designlint", '=') {
                    return flow(rest.trim(), '=');
                }
                if let Some(v) = strip_key(t, "designlint.rubric", '=') {
                    return Some(scalar(v));
                }
            }
        }
    }
    None
}

/// `key <sep> rest` → `rest` (the key may be quoted).
fn strip_key<'a>(line: &'a str, key: &str, sep: char) -> Option<&'a str> {
    let unquoted = line.trim_start_matches(['"', '\'']);
    let rest = unquoted.strip_prefix(key)?;
    let rest = rest.trim_start_matches(['"', '\'']).trim_start();
    rest.strip_prefix(sep)
}

/// `{ rubric: adr, other: x }` → `adr`.
fn flow(text: &str, sep: char) -> Option<String> {
    let inner = text.strip_prefix('{')?;
    let inner = &inner[..inner.find('}').unwrap_or(inner.len())];
    inner
        .split(',')
        .find_map(|kv| strip_key(kv.trim(), "rubric", sep))
        .map(scalar)
}

/// A scalar value: quotes removed, or a trailing comment when unquoted.
fn scalar(v: &str) -> String {
    let v = v.trim();
    for q in ['"', '\''] {
        if let Some(rest) = v.strip_prefix(q) {
            return rest[..rest.find(q).unwrap_or(rest.len())].to_string();
        }
    }
    v.split(" #").next().unwrap_or(v).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use FrontMatterKind::{Toml, Yaml};

    #[test]
    fn yaml_forms() {
        assert_eq!(
            rubric("title: X\ndesignlint: { rubric: adr }\n", Yaml).as_deref(),
            Some("adr")
        );
        assert_eq!(
            rubric("designlint: {rubric: \"design-doc\", x: 1}", Yaml).as_deref(),
            Some("design-doc")
        );
        assert_eq!(
            rubric(
                "designlint:\n  other: 1\n  rubric: adr  # the ADR rubric\ntags: [a]\n",
                Yaml
            )
            .as_deref(),
            Some("adr")
        );
        assert_eq!(
            rubric("designlint:\n\trubric: 'team.toml'\n", Yaml).as_deref(),
            Some("team.toml")
        );
        // `rubric` outside the designlint map is someone else's key.
        assert_eq!(rubric("designlint:\n  x: 1\nrubric: adr\n", Yaml), None);
        assert_eq!(rubric("rubric: adr\n", Yaml), None);
        assert_eq!(rubric("designlint_x: { rubric: adr }", Yaml), None);
        assert_eq!(rubric("designlint: { rubric: }", Yaml), None);
        assert_eq!(rubric("", Yaml), None);
    }

    #[test]
    fn toml_forms() {
        assert_eq!(
            rubric("title = \"X\"\n[designlint]\nrubric = \"adr\"\n", Toml).as_deref(),
            Some("adr")
        );
        assert_eq!(
            rubric("designlint = { rubric = \"adr\" }", Toml).as_deref(),
            Some("adr")
        );
        assert_eq!(rubric("designlint.rubric = 'adr'", Toml).as_deref(), Some("adr"));
        assert_eq!(rubric("[other]\nrubric = \"adr\"\n", Toml), None);
        assert_eq!(rubric("rubric = \"adr\"\n", Toml), None);
        assert_eq!(rubric("[designlint]\n[x]\nrubric = \"adr\"", Toml), None);
    }
}
