//! `data-model`: entities with their fields and relationships, in prose,
//! tables or schema code (SQL, type definitions, field lists).

use std::sync::LazyLock;

use super::Evidence;
use super::Strength::{Strong, Weak};
use super::keywords::{Group, groups};
use serde::Deserialize;

use super::params::GroupDef;
use super::{BuildCtx, Cx, Detector, DetectorDef, Outcome, detector};
use crate::document::{Block, BlockKind};
use crate::error::Error;

pub const DOCS: &str = "\
## How `data-model` decides

A data model is usually written as schema, not prose, so this detector reads
code blocks and tables as well. It looks for three things:
- **entities**: `CREATE TABLE`, a type, class, message or table definition, a
  table whose header says entity or table, an entity with its fields on one
  line (`users(id, name, created_at)`), a JSON record under the data model's
  heading, or the rule's entity keywords in prose;
- **fields**: three or more `name: type` or `name TYPE` lines in a code block,
  the columns of a `CREATE TABLE`, a table whose header says field, column,
  attribute or type, or the rule's field keywords in prose;
- **relationships**: primary and foreign keys, `REFERENCES`, indexes,
  partition keys, cardinalities (1:N, N:M), in prose, tables or code.

Each found in a schema, a table or a code block earns a third of the
coverage; one only named in prose (\"each link has an owner id\") earns 0.4
of that third. A section under a data-model
heading earns substance for its own prose (not links or objectives) and its schema lines (a schema line
counts as five words):

    credit = max(coverage, 0.6 × substance + 0.4 × coverage)

A data model only described elsewhere (a link, a learning objective) is not
one.";

static FIELD_LINE: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(concat!(
        r"(?im)^\s*[\x22']?[a-z_][a-z0-9_]*[\x22']?\??\s*(?::|\s)\s*\[?",
        r"(?:string|str|text|varchar|char|int|integer|bigint|smallint|long|float|double|decimal|numeric|bool|boolean|uuid|timestamp|timestamptz|datetime|date|time|json|jsonb|bytes|blob|binary|int32|int64|uint32|uint64|serial|bigserial|enum|list|array|map|set|object|number|id)\b"
    ))
});
static ENTITY: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?im)\bcreate\s+table\b|^\s*(?:type|class|message|struct|interface|table|entity|model|record)\s+[A-Za-z_]\w*|(?-i:^\s*[A-Z][A-Za-z0-9_]*\s*(?:\{|\(\s*[a-z_]))",
    )
});
static RELATION: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\b(?:primary key|foreign key|references|pk|fk|index|indexed|unique|partition key|sort key|clustering key|one-to-many|many-to-many|1:n|n:m|1:1)\b",
    )
});
/// An entity with its fields on one line: `users(id, name, created_at)`,
/// `Url(short_code PK, long_url, user_id FK)`. The name is a noun (snake case
/// or capitalised), not a camel-case call such as `sendMessage(a, b, c)`.
static ENTITY_LINE: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?m)(?:^|[\s:;,*-])([A-Za-z][A-Za-z0-9_]*)\s*\(\s*([A-Za-z_]\w*(?:\s+[A-Za-z]\w*)?(?:\s*,\s*[A-Za-z_]\w*(?:\s+[A-Za-z]\w*)?){2,})\s*,?\s*\)",
    )
});

/// `"key": value` lines of a JSON record.
static JSON_FIELD: LazyLock<crate::text::Matcher> =
    LazyLock::new(|| crate::text::Matcher::new(r#"(?m)^\s*"[A-Za-z_][\w]*"\s*:"#));

/// A field of a record layout written for sizing: `- user_id (8 bytes)`,
/// `Driver ID: 8 bytes`, `"email": "a@b.c",  // 50 bytes`.
static SIZED_FIELD: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?im)^[ \t]*(?:[-*+][ \t]+)?[\x22']?[A-Za-z][A-Za-z0-9_ /,.'()\x22-]{0,60}?(?::|\(|//)[ \t]*~?\d[\d,.]*[ \t]*(?:bytes?|B|KB)\b",
    )
});
/// The name of an identifier in a field: `id`, `user_id`, `userId`, `Driver ID`.
static ID_NAME: LazyLock<crate::text::Matcher> =
    LazyLock::new(|| crate::text::Matcher::new(r"(?m)(?:\b(?i:id)\b|[A-Za-z]_(?i:id)\b|[a-z]Id\b)"));
/// A record whose fields name an identifier: (entity with fields, foreign key).
/// A record layout with sizes, or a JSON record with three or more keys.
fn keyed_record(text: &str) -> Option<(usize, bool)> {
    let sized: Vec<&str> = SIZED_FIELD.find_iter(text).map(|m| m.as_str()).collect();
    let json: Vec<&str> = JSON_FIELD.find_iter(text).map(|m| m.as_str()).collect();
    let fields = if sized.len() >= 3 {
        sized
    } else if json.len() >= 3 {
        json
    } else {
        return None;
    };
    let id_count = fields.iter().map(|f| ID_NAME.find_iter(f).count()).sum::<usize>();
    (id_count >= 1).then_some((fields.len(), id_count >= 2))
}

/// Entity lines in a text (each with three or more fields).
fn entity_lines(text: &str) -> usize {
    ENTITY_LINE
        .captures_iter(text)
        .filter(|c| {
            let name = c.get(1).map_or("", |m| m.as_str());
            let camel = name.starts_with(|ch: char| ch.is_ascii_lowercase())
                && name.chars().any(|ch| ch.is_ascii_uppercase());
            // A record has a key or a column-like name among its fields.
            let fields = c.get(2).map_or("", |m| m.as_str());
            let keyed = fields.split(',').any(|f| {
                let mut words = f.split_whitespace();
                let f = words.next().unwrap_or("");
                let l = f.to_ascii_lowercase();
                // `user_id`, `created_at`, `userId`, or a key marker after
                // the name (`short_code PK`); an acronym (`SMS`, `ETA`) is
                // a word of prose, not a column.
                let camel = f.starts_with(|ch: char| ch.is_ascii_lowercase())
                    && f.chars().any(|ch| ch.is_ascii_uppercase());
                let marker = words
                    .next()
                    .is_some_and(|w| matches!(w.to_ascii_lowercase().as_str(), "pk" | "fk" | "key"));
                l == "id" || l == "key" || l.contains('_') || camel || marker
            });
            !camel && keyed
        })
        .count()
}

/// The header of a table that lists a schema: `Field | Type`, `Column | Type
/// | Notes`, `Entity | Attributes`. `Data Type | Size` is a storage estimate.
static SCHEMA_HEADER: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\b(?:fields?|columns?|attributes?|entit(?:y|ies)|tables?|schema)\b|\b(?:name|key)\b.*\btype\b",
    )
});

struct DataModel {
    groups: Vec<Group>,
    min_words: usize,
}

/// The parameters of `data-model`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub keywords: Option<Vec<String>>,
    pub groups: Option<Vec<GroupDef>>,
    /// Words of prose a data-model section needs (default 20).
    pub min_words: Option<usize>,
}

pub const DETECTOR: DetectorDef =
    detector::<Params>("data-model", build, DOCS, &["message", "partial", "help"], true);

fn build(mut cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    let p: Params = cx.params()?;
    let min_words = p.min_words.unwrap_or(20).max(6);
    Ok(Box::new(DataModel {
        groups: groups(&mut cx, &p.keywords, &p.groups),
        min_words,
    }))
}

/// What a table's header row says of the rows under it, read once per table.
#[derive(Clone, Copy)]
struct Header {
    /// Its columns describe a schema (see [`SCHEMA_HEADER`]).
    schema: bool,
    /// It names entities or tables.
    entities: bool,
}

impl Header {
    fn of(text: &str) -> Header {
        let lower = text.to_ascii_lowercase();
        Header {
            schema: SCHEMA_HEADER.is_match(text),
            entities: lower.contains("entit") || lower.contains("table"),
        }
    }
}

/// What a code block or a table row shows: (entities, field lines, relationships).
fn structure(b: &Block, header: Option<Header>) -> (bool, usize, bool) {
    match &b.kind {
        BlockKind::Code { .. } => {
            let t = b.text;
            let fields = FIELD_LINE.find_iter(t).count();
            let entities = ENTITY.is_match(t) && fields > 0;
            (
                entities,
                if fields >= 3 { fields } else { 0 },
                RELATION.is_match(t) && fields > 0,
            )
        }
        BlockKind::TableRow { header: false } => {
            let Some(h) = header.filter(|h| h.schema) else {
                return (false, 0, false);
            };
            let entities = h.entities || b.text.contains(',');
            (entities, 1, RELATION.is_match(b.text))
        }
        _ => (false, 0, false),
    }
}

static API_TITLE: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(r"(?i)\b(?:apis?|endpoints?|requests?|responses?|rpc|interfaces?)\b")
});

/// Is the block under a heading about an API (its examples are messages, not records)?
fn in_api_section(doc: &crate::document::Document, b: &Block) -> bool {
    let mut s = Some(b.section());
    while let Some(x) = s {
        if API_TITLE.is_match(&doc.sections[x].title) {
            return true;
        }
        s = doc.sections[x].parent;
    }
    false
}

impl Detector for DataModel {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        let sections = cx.rule_sections();
        let inside = super::keywords::within(doc, &sections);
        let in_section = |b: &Block| inside[b.section()];
        let (mut entities, mut fields, mut relations) = (false, 0usize, false);
        let mut section_schema_lines = 0usize;
        let mut header: Option<Header> = None;
        // The first block that defines each part: entities, fields, relationships.
        let mut shown: [Option<(usize, &'static str)>; 3] = [None; 3];
        for (i, b) in doc.blocks.iter().enumerate() {
            if let BlockKind::TableRow { header: true } = b.kind {
                header = Some(Header::of(b.text));
                continue;
            }
            if !matches!(b.kind, BlockKind::TableRow { .. }) {
                header = if b.is_code() { header } else { None };
            }
            // A link, an objective or advice describes a data model elsewhere.
            if !(b.role.is_evidence() || b.is_code()) {
                continue;
            }
            let (mut e, mut f, r) = structure(b, header);
            // `users(id, name, created_at)` on a line is an entity with its fields.
            let lines = if b.is_prose() || b.is_plain_text_code() {
                entity_lines(b.text)
            } else {
                0
            };
            if lines > 0 {
                e = true;
                f += 3 * lines;
            }
            // A JSON record under the data model's heading lists its fields.
            if b.is_code() && in_section(b) {
                let keys = JSON_FIELD.find_iter(b.text).count();
                if keys >= 3 {
                    e = true;
                    f += keys;
                }
            }
            // Elsewhere, a record with an identifier among its fields (a
            // layout written to size storage, a JSON record that is not a
            // request or response) is an entity; two ids, a relationship.
            let mut r = r;
            if !e
                && (b.is_code() || b.is_prose())
                && !in_api_section(doc, b)
                && let Some((n, foreign)) = keyed_record(b.text)
            {
                e = true;
                f += n;
                r |= foreign;
            }
            let what = if lines > 0 {
                "an entity with its fields"
            } else if b.is_code() {
                "schema code"
            } else {
                "a schema table"
            };
            for (k, part) in [e, f > 0, r].into_iter().enumerate() {
                if part && shown[k].is_none() {
                    shown[k] = Some((i, what));
                }
            }
            entities |= e;
            fields += f;
            relations |= r;
            if in_section(b) {
                section_schema_lines += f;
            }
        }
        // The rule's groups name, in order: entities, fields, relationships.
        // A word in prose names a part of a data model; a schema defines it:
        // named only, a part counts as weak evidence (0.4).
        let by_words: Vec<bool> = self
            .groups
            .iter()
            .map(|g| super::keywords::strong_and_weak(cx, g).any(|(_, s)| s == Strong))
            .collect();
        let defined = [entities, fields >= 3, relations];
        let named = [0, 1, 2].map(|i| by_words.get(i).copied().unwrap_or(false));
        let found_flags = [0, 1, 2].map(|i| defined[i] || named[i]);
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
        let words: usize = sections
            .iter()
            .map(|&s| super::keywords::own_substance(cx, s))
            .sum::<usize>()
            + 5 * section_schema_lines;
        let coverage = (0..3)
            .map(|i| {
                if defined[i] {
                    1.0
                } else if named[i] {
                    super::evidence::value(Some(super::Strength::Weak))
                } else {
                    0.0
                }
            })
            .sum::<f64>()
            / 3.0;
        let substance = if sections.is_empty() {
            0.0
        } else {
            ((words as f64 - 5.0) / (self.min_words as f64 - 5.0)).clamp(0.0, 1.0)
        };
        let credit = coverage.max(0.6 * substance + 0.4 * coverage);
        let mut out = Outcome {
            credit: Some(credit),
            findings: Vec::new(),
            ..Default::default()
        };
        for (k, name) in names.iter().enumerate() {
            if let (true, Some((b, what))) = (defined[k], shown[k]) {
                let b = &doc.blocks[b];
                out.evidence.push(Evidence {
                    span: b.span.clone(),
                    strength: Strong,
                    note: format!("{name}: {what} ({})", b.role.as_str()),
                });
            } else if let Some(g) = self.groups.get(k).filter(|_| named[k]) {
                // Only named in prose: the first place it is.
                if let Some((h, _)) = super::keywords::strong_and_weak(cx, g)
                    .filter(|&(_, s)| s == Strong)
                    .min_by_key(|&(h, _)| h)
                {
                    let hit = &cx.an.hits[h];
                    let b = &doc.blocks[hit.block()];
                    out.evidence.push(Evidence {
                        span: b.source_range(hit.range()),
                        strength: Weak,
                        note: format!("{name}: named in prose ({})", b.role.as_str()),
                    });
                }
            }
        }
        if credit < 0.995 {
            out.findings.push(cx.shortfall(&found, &missing));
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

    #[test]
    fn entities_with_their_fields_on_a_line() {
        assert_eq!(entity_lines("users(id, name, password)"), 1);
        assert_eq!(
            entity_lines("Url(short_code PK, long_url, user_id FK, created_at)"),
            1
        );
        assert_eq!(
            entity_lines("- messages(id, from_id, to_id, body)\n- groups(id, name, owner_id)"),
            2
        );
        // A call is an API, and two fields are not a record.
        assert_eq!(entity_lines("sendMessage(fromId, toId, content)"), 0);
        assert_eq!(entity_lines("pairs(a, b)"), 0);
        assert_eq!(entity_lines("as noted (see above, and below, too)"), 0);
        // Acronyms and plain words in parentheses are prose.
        assert_eq!(entity_lines("- Maps API (geocoding, routing, ETA)"), 0);
        assert_eq!(entity_lines("Alerts (SMS, email, push)"), 0);
        assert_eq!(entity_lines("Order(orderId, total, status)"), 1);
    }

    #[test]
    fn record_layouts_written_for_sizing() {
        let layout = "Booking record:\n- Booking ID: 8 bytes\n- Guest ID, Room ID: 16 bytes\n- Check-in, check-out: 16 bytes\n- Notes: 200 bytes\n";
        assert_eq!(keyed_record(layout), Some((4, true)));
        let one_id = "Room:\n  - room_id (8 bytes)\n  - floor (2 bytes)\n  - rate (8 bytes)\n";
        assert_eq!(keyed_record(one_id), Some((3, false)));
        let json = "{\n  \"room_id\": \"R12\",   // 8 bytes\n  \"hotel_id\": \"H3\",\n  \"floor\": 4\n}";
        assert_eq!(keyed_record(json), Some((3, true)));
        // Sizes of things that are not fields of a record, and records without an id.
        assert_eq!(
            keyed_record("Photos: 2 MB\nVideos: 50 MB\nThumbnails: 20 KB\n"),
            None
        );
        assert_eq!(
            keyed_record("- name: 50 bytes\n- email: 50 bytes\n- bio: 200 bytes\n"),
            None
        );
    }
}
