//! `api`: the system's interface, as endpoints or signatures with inputs and outputs.

use std::sync::LazyLock;

use super::params::NoParams;
use super::{BuildCtx, Cx, Detector, DetectorDef, Outcome, detector};
use crate::error::Error;

pub const DOCS: &str = "\
## How `api` decides

It counts interface definitions anywhere in the write-up (prose, lists,
tables and code blocks):
- HTTP endpoints: a method and a path, `GET /api/v1/feed`, `POST /urls`;
- RPC and function signatures: `rpc Shorten(ShortenRequest) returns (…)`,
  `shorten(api_key, long_url) -> short_url`, `createPost(userId, content): Post`;
- GraphQL operations: `type Query`, `mutation`;
- `curl` examples against a URL with a path.

Two or more definitions earn 0.6, one earns 0.4. Inputs and outputs add the
rest: request parameters or a body, and a response, return value or status
code near the definitions (or in the API section). The diagnostic says which
part is missing.";

static ENDPOINT: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    // A method and a path, also in two cells of a table row ("POST | /v1/urls").
    crate::text::Matcher::new(r"\b(?:GET|POST|PUT|PATCH|DELETE|HEAD)\s+(?:\|\s*)?`?/[\w/{}:.\-~<>$]*")
});
static SIGNATURE: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(concat!(
        r"(?m)(?:\brpc\s+\w+\s*\([^)]*\)\s*returns\b",
        r"|\b[a-z][A-Za-z0-9_]{2,}\s*\(\s*[A-Za-z_]\w*\??(?:\s*:\s*[\w\[\]<>|]+)?(?:\s*,\s*[A-Za-z_]\w*\??(?:\s*:\s*[\w\[\]<>?|]+)?)*\s*\)\s*(?:->|=>|→|:\s*[A-Za-z\[{]|returns?\b)",
        r"|\btype\s+(?:Query|Mutation|Subscription)\b",
        // Unbounded, not {0,200}: bounded repetitions made this the costliest regex to compile.
        r"|\bcurl\b[^\n]*?(?:\\\n[^\n]*?)*https?://[^\s'\x22]+/[^\s'\x22]*)"
    ))
});
/// A typed signature with its return type first, one per line:
/// `List<Message> getMessages(fromId, lastMessageId)`, `void addServer(int id)`.
static TYPED: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?m)^[ \t]*(?:public |private |static |async )*([A-Za-z][\w.]*(?:<[\w<>, \[\]?]+>)?(?:\[\])?)\s+([a-z_][A-Za-z0-9_]*)\(([^()\n]*)\)",
    )
});

/// Words that start a sentence, not a return type ("The service (see below)").
const NOT_TYPES: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "our", "we", "it", "its", "each", "every", "all",
    "some", "any", "no", "if", "when", "then", "and", "or", "but", "to", "of", "in", "on", "for", "with",
    "by", "from", "use", "call", "see", "step", "is", "are", "was", "be", "can", "will",
];

/// Return types written in lower case.
const LOWER_TYPES: &[&str] = &[
    "void", "boolean", "bool", "int", "long", "float", "double", "string", "str", "byte", "char", "json",
    "object", "any", "uint", "i32", "i64", "u32", "u64",
];

/// Typed signatures in a text: a return type (a known one, a capitalised
/// name or a generic) that is not a word of a sentence, a name glued to its
/// parenthesis, and parameters that are names ("int serverId"), not prose.
fn typed_signatures(text: &str) -> usize {
    TYPED
        .captures_iter(text)
        .filter(|c| {
            let ty = c.get(1).map_or("", |m| m.as_str());
            let lower = ty.to_ascii_lowercase();
            let type_like = LOWER_TYPES.contains(&lower.as_str())
                || ty.contains('<')
                || ty.starts_with(|ch: char| ch.is_ascii_uppercase());
            let params = c.get(3).map_or("", |m| m.as_str());
            let params_ok = params.trim().is_empty()
                || params.split(',').all(|p| {
                    let p = p.trim();
                    p.starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '_')
                        && p.split_whitespace().count() <= 4
                });
            type_like && params_ok && !NOT_TYPES.contains(&lower.as_str())
        })
        .count()
}

static INPUT: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\b(?:request|body|payload|params?|parameters?|query string|input|arguments?|headers?)\b|\?\w+=|\{\s*\x22?\w+\x22?\s*[:,}]|\(\s*\w+\s*[:,)]",
    )
});
static OUTPUT: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\b(?:response|returns?|output|status code|[1-5]0[0-9] (?:ok|created|not found|no content|accepted|moved|found|bad request|unauthorized|too many)|[1-5]0[0-9]\b)|->|=>|→",
    )
});

struct Api;

pub const DETECTOR: DetectorDef =
    detector::<NoParams>("api", build, DOCS, &["message", "partial", "help"], false);

fn build(_cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    Ok(Box::new(Api))
}

impl Detector for Api {
    fn check(&self, cx: &Cx) -> Outcome {
        let doc = cx.doc;
        let mut defs = 0usize;
        let (mut inputs, mut outputs) = (false, false);
        // The blocks that define operations, for the evidence (first few).
        let mut shown: Vec<(usize, usize)> = Vec::new();
        let api_sections = cx.rule_sections();
        let in_api_section = |section: usize| {
            api_sections
                .iter()
                .any(|&s| (s..doc.sections[s].subtree_end).contains(&section))
        };
        for (i, b) in doc.blocks.iter().enumerate() {
            if !(b.is_prose() || b.is_code()) {
                continue;
            }
            // A function in a program is the code's interface, not the
            // system's, unless it stands in the API section.
            let program = b.is_code() && !b.is_plain_text_code();
            if program && !in_api_section(b.section()) {
                continue;
            }
            if !b.role.is_evidence() && b.role != crate::document::Role::Code {
                continue;
            }
            // Cheap literal checks first: most blocks have no path and no call.
            let t = b.text;
            let endpoints = if t.contains('/') {
                ENDPOINT.find_iter(t).count()
            } else {
                0
            };
            let sigs = if t.contains('(') || t.contains("curl") || t.contains("type ") {
                SIGNATURE.find_iter(t).count().max(typed_signatures(t))
            } else {
                0
            };
            let n = endpoints + sigs;
            if n > 0 {
                shown.push((i, n));
                defs += n;
                inputs = inputs || INPUT.is_match(b.text);
                outputs = outputs || OUTPUT.is_match(b.text);
            }
        }
        // Inputs and outputs described in the API section itself count too.
        for s in cx.rule_sections() {
            for b in &doc.blocks[doc.subtree_blocks(s)] {
                if b.is_prose() || b.is_code() {
                    inputs = inputs || INPUT.is_match(b.text);
                    outputs = outputs || OUTPUT.is_match(b.text);
                }
            }
        }
        let base: f64 = match defs {
            0 => 0.0,
            1 => 0.4,
            _ => 0.6,
        };
        let credit = if defs == 0 {
            0.0
        } else {
            base + 0.2 * f64::from(u8::from(inputs)) + 0.2 * f64::from(u8::from(outputs))
        };
        let mut found = Vec::new();
        let mut missing = Vec::new();
        match defs {
            0 => missing.push("endpoints or signatures".to_string()),
            1 => {
                found.push("one endpoint".to_string());
                missing.push("the other operations".to_string());
            }
            n => found.push(format!("{n} endpoints or signatures")),
        }
        if inputs {
            found.push("inputs".into())
        } else {
            missing.push("their inputs".into())
        }
        if outputs {
            found.push("outputs".into())
        } else {
            missing.push("their outputs".into())
        }
        let mut out = Outcome {
            credit: Some(credit),
            findings: Vec::new(),
            ..Default::default()
        };
        for &(i, n) in shown.iter().take(5) {
            let b = &doc.blocks[i];
            out.evidence.push(super::Evidence {
                span: b.span.clone(),
                strength: super::Strength::Strong,
                note: format!(
                    "{n} endpoint{} or signature{} ({})",
                    if n == 1 { "" } else { "s" },
                    if n == 1 { "" } else { "s" },
                    b.role.as_str()
                ),
            });
        }
        if credit < 0.995 {
            let found = if defs == 0 { Vec::new() } else { found };
            out.findings.push(cx.shortfall(&found, &missing));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_and_signatures() {
        assert!(ENDPOINT.is_match("POST /api/v1/urls"));
        assert!(ENDPOINT.is_match("GET /{code}"));
        assert!(!ENDPOINT.is_match("we GET data"));
        assert!(ENDPOINT.is_match("POST | /api/v1/urls | create a short URL"));
        for s in [
            "shorten(api_key, long_url) -> short_url",
            "createPost(userId: string, content: string): Post",
            "rpc Send(SendRequest) returns (SendResponse)",
            "getFeed(user_id, cursor) returns a page of posts",
            "createURL(apiKey: string, originalURL: string, expiration?: Date): string",
            "$ curl -X POST --data '{ \"a\": 1 }' https://pastebin.com/api/v1/paste",
            "$ curl -X POST --data '{ \"a\": 1, \\\n    \"b\": 2 }' https://x.com/api/v1/paste",
        ] {
            assert!(SIGNATURE.is_match(s), "{s}");
        }
        for s in [
            "the system (see above) -> fast",
            "Use Redis (a cache) → speed",
            "f(x) = 2x",
        ] {
            assert!(!SIGNATURE.is_match(s), "{s}");
        }
    }

    #[test]
    fn typed_signatures_with_the_return_type_first() {
        for s in [
            "boolean sendMessage(fromId, toType, toId, content)",
            "List<Message> getMessages(fromId, lastMessageId)",
            "void addServer(int serverId)",
            "List<Integer> findNearby(double lat, double lon, double radius)",
            "JSON shortURL(String originalURL);",
        ] {
            assert_eq!(typed_signatures(s), 1, "{s}");
        }
        for s in [
            "The service (see below) keeps a copy.",
            "We shard (by user id) the table.",
            "call it (twice)",
            "Storage estimates (600 TB with buffer)",
            "Peak traffic(at 9 am on weekdays, when most users log in at once)",
        ] {
            assert_eq!(typed_signatures(s), 0, "{s}");
        }
    }
}
