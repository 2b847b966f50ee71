//! `field-value`: a field of a record's header (an ADR's `Status:
//! Accepted`), found in front matter, a `Label: value` line, or a section of
//! its own.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::index::normalize_heading;
use super::{BuildCtx, Cx, Detector, DetectorDef, Finding, Outcome, detector};
use crate::error::Error;

pub const DOCS: &str = "\
## How `field-value` decides

The rule's `headings` are patterns for the field's label (e.g. `(?i)^status$`).
The field is looked for, first found wins:

1. in the front matter, a `label: value` (YAML) or `label = \"value\"` (TOML) line;
2. in the prose and headings, a line `Label: value` (also `**Label:** value`,
   or after a `|` as in `Author: A | Status: Accepted`);
3. a section whose heading is the label (`## Status`): the first word of the
   first paragraph or list item under it.

The value is its first word, compared case-insensitively with the rule's
`values`. A field with a value in the list earns full credit; a field with
any other value earns half and is reported at the value (`partial`, with
`{found}` the value given and `{missing}` the values allowed); no field at
all earns nothing and reports `message`. Without `values`, any non-empty
value is accepted.";

/// The last matching `Label: value` in a line: label group 1, value group 2.
static LABELED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^|\|)[ \t]*([A-Za-z][A-Za-z0-9 _/-]{0,40}?)[ \t]*:[ \t]*([^|\n]*)").unwrap()
});

/// Front matter: `key: value` or `key = "value"`.
static FRONT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?m)^[ \t]*([A-Za-z][\w-]*)[ \t]*[:=][ \t]*["']?([^"'\n#]*)"#).unwrap());

/// The first word of a value: letters, digits, `-` and `_`.
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{L}\p{N}][\p{L}\p{N}_-]*").unwrap());

struct FieldValue {
    labels: Vec<Regex>,
    values: Vec<String>,
}

/// The parameters of `field-value`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// The values allowed (case-insensitive); any value without it.
    pub values: Option<Vec<String>>,
}

pub const DETECTOR: DetectorDef =
    detector::<Params>("field-value", build, DOCS, &["message", "partial", "help"], false);

fn build(cx: BuildCtx) -> Result<Box<dyn Detector>, Error> {
    let p: Params = cx.params()?;
    cx.require(&cx.def.headings, "headings")?;
    let labels = cx.regexes(&cx.def.headings, "headings")?;
    let values = p
        .values
        .iter()
        .flatten()
        .map(|v| v.trim().to_lowercase())
        .collect();
    Ok(Box::new(FieldValue { labels, values }))
}

impl FieldValue {
    fn is_label(&self, label: &str) -> bool {
        let l = normalize_heading(label);
        !l.is_empty() && self.labels.iter().any(|re| re.is_match(&l))
    }

    /// The field's value as (text, source span), first found wins.
    fn find(&self, cx: &Cx) -> Option<(String, Range<usize>)> {
        let doc = cx.doc;
        if let Some(fm) = &doc.front_matter {
            let text = &doc.source[fm.content.clone()];
            for c in FRONT.captures_iter(text) {
                if self.is_label(&c[1])
                    && let Some(w) = WORD.find(&c[2])
                {
                    let at = fm.content.start + c.get(2).unwrap().start() + w.start();
                    return Some((w.as_str().to_string(), at..at + w.len()));
                }
            }
        }
        for b in &doc.blocks {
            if !(b.is_prose() || b.is_heading()) {
                continue;
            }
            for c in LABELED.captures_iter(b.text) {
                if !self.is_label(&c[1]) {
                    continue;
                }
                let v = c.get(2).unwrap();
                if let Some(w) = WORD.find(v.as_str()) {
                    let r = v.start() + w.start()..v.start() + w.end();
                    return Some((w.as_str().to_string(), b.source_range(r)));
                }
            }
        }
        for s in cx.rule_sections() {
            let blocks = doc.subtree_blocks(s);
            if let Some(b) = doc.blocks[blocks].iter().find(|b| b.is_prose())
                && let Some(w) = WORD.find(b.text)
            {
                return Some((w.as_str().to_string(), b.source_range(w.range())));
            }
        }
        None
    }
}

impl Detector for FieldValue {
    fn check(&self, cx: &Cx) -> Outcome {
        let r = cx.rule;
        let (credit, finding) = match self.find(cx) {
            None => (
                0.0,
                Some(Finding::new(cx.doc.anchor(), r.message.clone()).help(r.help.clone())),
            ),
            Some((v, _)) if self.values.is_empty() || self.values.contains(&v.to_lowercase()) => (1.0, None),
            Some((v, span)) => {
                let allowed = self.values.join(", ");
                let message = match &r.partial {
                    Some(t) => t.replace("{found}", &v).replace("{missing}", &allowed),
                    None => format!("\"{v}\" is not an allowed value: use one of {allowed}."),
                };
                let help = r.help.replace("{found}", &v).replace("{missing}", &allowed);
                (0.5, Some(Finding::new(span, message).help(help)))
            }
        };
        Outcome {
            credit: r.is_item().then_some(credit),
            findings: finding.into_iter().collect(),
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labeled_lines() {
        let c = LABELED.captures("Author: A | Status: In review").unwrap();
        assert_eq!(&c[1], "Author");
        let all: Vec<(String, String)> = LABELED
            .captures_iter("Author: A | Status: In review\nDate: 2024-01-01")
            .map(|c| (c[1].to_string(), c[2].trim().to_string()))
            .collect();
        assert_eq!(
            all,
            vec![
                ("Author".into(), "A".into()),
                ("Status".into(), "In review".into()),
                ("Date".into(), "2024-01-01".into())
            ]
        );
        let f = FRONT.captures("status = \"accepted\"").unwrap();
        assert_eq!((&f[1], &f[2]), ("status", "accepted"));
    }
}
