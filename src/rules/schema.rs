//! `data-model`: entities with their fields and relationships, in prose,
//! tables or schema code (SQL, type definitions, field lists).

use std::sync::LazyLock;

use regex::Regex;

use super::keywords::{Group, concentrated, evidence, groups};
use super::{BuildCtx, Cx, Detector, Outcome};
use crate::document::{Block, BlockKind};
use crate::error::Error;

pub const DOCS: &str = "\
## How `data-model` decides

A data model is usually written as schema, not prose, so this detector reads
code blocks and tables as well. It looks for three things:
- **entities**: `CREATE TABLE`, a type, class, message or table definition, a
  table whose header says entity or table, or the rule's entity keywords in
  prose;
- **fields**: three or more `name: type` or `name TYPE` lines in a code block,
  the columns of a `CREATE TABLE`, a table whose header says field, column,
  attribute or type, or the rule's field keywords in prose;
- **relationships**: primary and foreign keys, `REFERENCES`, indexes,
  partition keys, cardinalities (1:N, N:M), in prose, tables or code.

Each found earns a third of the coverage, and a section under a data-model
heading earns substance for its prose and its schema lines (a schema line
counts as five words):

    credit = max(coverage, 0.6 × substance + 0.4 × coverage)

In a write-up with headings, a data model without a section of its own
counts at most 0.75 of its coverage, unless what was found sits under one
heading the rubric does not know (\"What we store\").";

static FIELD_LINE: LazyLock<Regex> = LazyLock::new(|| {
    crate::rubric::builtin_regex(concat!(
        r"(?im)^\s*[\x22']?[a-z_][a-z0-9_]*[\x22']?\??\s*(?::|\s)\s*\[?",
        r"(?:string|str|text|varchar|char|int|integer|bigint|smallint|long|float|double|decimal|numeric|bool|boolean|uuid|timestamp|timestamptz|datetime|date|time|json|jsonb|bytes|blob|binary|int32|int64|uint32|uint64|serial|bigserial|enum|list|array|map|set|object|number|id)\b"
    ))
    .unwrap()
});
static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    crate::rubric::builtin_regex(
        r"(?im)\bcreate\s+table\b|^\s*(?:type|class|message|struct|interface|table|entity|model|record)\s+[A-Za-z_]\w*|(?-i:^\s*[A-Z][A-Za-z0-9_]*\s*(?:\{|\(\s*[a-z_]))",
    )
    .unwrap()
});
static RELATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::rubric::builtin_regex(
        r"(?i)\b(?:primary key|foreign key|references|pk|fk|index|indexed|unique|partition key|sort key|clustering key|one-to-many|many-to-many|1:n|n:m|1:1)\b",
    )
    .unwrap()
});
static SCHEMA_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    crate::rubric::builtin_regex(
        r"(?i)\b(?:fields?|columns?|attributes?|types?|entit(?:y|ies)|tables?|schema)\b",
    )
    .unwrap()
});

struct DataModel {
    groups: Vec<Group>,
    min_words: usize,
}

pub fn build(mut cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    let min_words = cx.def.min_words.unwrap_or(20).max(6);
    Ok(Box::new(DataModel {
        groups: groups(&mut cx),
        min_words,
    }))
}

/// What a code block or a table row shows: (entities, field lines, relationships).
fn structure(b: &Block, header: Option<&str>) -> (bool, usize, bool) {
    match &b.kind {
        BlockKind::Code { .. } => {
            let t = b.text.as_str();
            let fields = FIELD_LINE.find_iter(t).count();
            let entities = ENTITY.is_match(t) && fields > 0;
            (
                entities,
                if fields >= 3 { fields } else { 0 },
                RELATION.is_match(t) && fields > 0,
            )
        }
        BlockKind::TableRow { header: false } => {
            let schema = header.is_some_and(|h| SCHEMA_HEADER.is_match(h));
            if !schema {
                return (false, 0, false);
            }
            let h = header.unwrap_or("").to_ascii_lowercase();
            let entities = h.contains("entit") || h.contains("table") || b.text.contains(',');
            (entities, 1, RELATION.is_match(&b.text))
        }
        _ => (false, 0, false),
    }
}

impl Detector for DataModel {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        let sections = cx.rule_sections();
        let in_section = |b: &Block| {
            sections
                .iter()
                .any(|&s| b.section >= s && b.section < doc.sections[s].subtree_end)
        };
        let (mut entities, mut fields, mut relations) = (false, 0usize, false);
        let mut section_schema_lines = 0usize;
        let mut header: Option<&str> = None;
        for b in &doc.blocks {
            if let BlockKind::TableRow { header: true } = b.kind {
                header = Some(b.text.as_str());
                continue;
            }
            if !matches!(b.kind, BlockKind::TableRow { .. }) {
                header = if b.is_code() { header } else { None };
            }
            let (e, f, r) = structure(b, header);
            entities |= e;
            fields += f;
            relations |= r;
            if in_section(b) {
                section_schema_lines += f;
            }
        }
        // The rule's groups name, in order: entities, fields, relationships.
        let by_words: Vec<bool> = self
            .groups
            .iter()
            .map(|g| evidence(cx, g).next().is_some())
            .collect();
        let found_flags = [
            entities || by_words.first().copied().unwrap_or(false),
            fields >= 3 || by_words.get(1).copied().unwrap_or(false),
            relations || by_words.get(2).copied().unwrap_or(false),
        ];
        let names = ["entities", "fields", "relationships"];
        let found: Vec<String> = names
            .iter()
            .zip(found_flags)
            .filter(|(_, f)| *f)
            .map(|(n, _)| n.to_string())
            .collect();
        let missing: Vec<String> = names
            .iter()
            .zip(found_flags)
            .filter(|(_, f)| !*f)
            .map(|(n, _)| n.to_string())
            .collect();
        let words: usize =
            sections.iter().map(|&s| cx.an.subtree_words[s]).sum::<usize>() + 5 * section_schema_lines;
        // As for every topic: in a write-up with headings, a data model without a
        // section of its own is only covered in passing.
        let by_word_count = by_words.iter().filter(|x| **x).count();
        let passing =
            if doc.sections.len() > 3 && words < 10 && !concentrated(cx, &self.groups, by_word_count) {
                0.75
            } else {
                1.0
            };
        let coverage = found.len() as f64 / 3.0 * passing;
        let substance = if sections.is_empty() {
            0.0
        } else {
            ((words as f64 - 5.0) / (self.min_words as f64 - 5.0)).clamp(0.0, 1.0)
        };
        let credit = coverage.max(0.6 * substance + 0.4 * coverage);
        let mut out = Outcome {
            credit: Some(credit),
            findings: Vec::new(),
        };
        if credit < 0.995 {
            let f = if passing < 1.0 && missing.is_empty() {
                cx.in_passing(&found)
            } else {
                cx.shortfall(&found, &missing)
            };
            out.findings.push(f);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_shapes() {
        let sql = "CREATE TABLE urls (\n  short_code VARCHAR(7) PRIMARY KEY,\n  long_url TEXT,\n  user_id BIGINT REFERENCES users(id)\n);";
        assert!(ENTITY.is_match(sql));
        assert_eq!(FIELD_LINE.find_iter(sql).count(), 3);
        assert!(RELATION.is_match(sql));
        let ts = "type Post {\n  id: uuid\n  author_id: uuid\n  body: string\n  created_at: timestamp\n}";
        assert!(ENTITY.is_match(ts));
        assert_eq!(FIELD_LINE.find_iter(ts).count(), 4);
        assert!(!ENTITY.is_match("x = a * b\nprint(x)"));
        assert_eq!(
            FIELD_LINE
                .find_iter("for i in range(10):\n    total += i")
                .count(),
            0
        );
    }
}
