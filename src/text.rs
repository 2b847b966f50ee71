//! Small helpers on text that every layer shares: char boundaries, regexes
//! with ASCII word boundaries (and the size limits of a user's regex),
//! decoding bytes, a stable hash, edit distance. Imports nothing of the crate.

use std::ops::Range;

use regex::{Regex, RegexBuilder};

/// The largest char boundary ≤ `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary ≥ `i`.
pub fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Keep a span inside the text and on char boundaries (widened to whole chars).
pub fn clamp_span(text: &str, r: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, r.start.min(text.len()));
    let end = ceil_char_boundary(text, r.end.min(text.len())).max(start);
    start..end
}

/// `\\b`, `\\w` and `\\d` in their ASCII meaning: rubric patterns are
/// English phrases, a Unicode boundary makes the regex engine fall back to
/// its slowest strategy on any non-ASCII text, and a Unicode `\\w` (some 770
/// ranges of letters and digits) makes each pattern that uses it several
/// times larger to compile. `\\s` and literal text keep their meaning.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    // How deep inside `[…]` classes, and whether the class just opened (a
    // `]` right after `[` or `[^` is a literal).
    let mut class = 0usize;
    let mut opened = false;
    while let Some(c) = chars.next() {
        let just_opened = std::mem::take(&mut opened);
        match c {
            '\\' => match chars.next() {
                Some('b') if class == 0 => out.push_str("(?-u:\\b)"),
                Some('w') => out.push_str(if class == 0 { "[[:word:]]" } else { "[:word:]" }),
                Some('d') => out.push_str(if class == 0 { "[0-9]" } else { "0-9" }),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            },
            '[' => {
                out.push(c);
                // `[:word:]` inside a class is a named class, not a nested one.
                if class > 0 && chars.peek() == Some(&':') {
                    for n in chars.by_ref() {
                        out.push(n);
                        if n == ']' {
                            break;
                        }
                    }
                    continue;
                }
                class += 1;
                opened = true;
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
            }
            ']' if class > 0 && !just_opened => {
                out.push(c);
                class -= 1;
            }
            _ => out.push(c),
        }
    }
    out
}

/// A regex written in designlint's own code: ASCII word boundaries, default limits.
pub fn builtin_regex(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&ascii_word_boundaries(pattern))
}

/// Size limits for every user-given regex, so no rubric can make the linter hang or eat memory.
pub fn build_regex(pattern: &str) -> Result<Regex, regex::Error> {
    build_regex_within(pattern, 1 << 20)
}

/// [`build_regex`] with another size limit (a pattern that belongs to a set
/// checked with that limit).
pub fn build_regex_within(pattern: &str, limit: usize) -> Result<Regex, regex::Error> {
    RegexBuilder::new(&ascii_word_boundaries(pattern))
        .size_limit(limit)
        .dfa_size_limit(1 << 20)
        .nest_limit(64)
        .build()
}

/// A set of user-given patterns, each within [`build_regex`]'s limits (so
/// the set within eight times them).
pub fn build_regex_set<'a>(
    patterns: impl IntoIterator<Item = &'a str>,
) -> Result<regex::RegexSet, regex::Error> {
    regex::RegexSetBuilder::new(patterns.into_iter().map(ascii_word_boundaries))
        .size_limit(8 << 20)
        .dfa_size_limit(1 << 20)
        .nest_limit(64)
        .build()
}

/// UTF-8 text, or a message naming the problem and the offset of the first bad byte.
/// The flag says whether the input is binary (a NUL byte).
pub fn decode(bytes: Vec<u8>) -> Result<String, (String, bool)> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(("is not valid UTF-8: it is UTF-16 text (a UTF-16 byte order mark at offset 0); designlint reads UTF-8: convert the file".into(), false));
    }
    if let Some(i) = memchr::memchr(0, &bytes) {
        return Err((
            format!("is binary (a NUL byte at offset {i}), not Markdown"),
            true,
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let b = e.as_bytes()[at];
        let line = e.as_bytes()[..at].iter().filter(|c| **c == b'\n').count() + 1;
        (
            format!("is not valid UTF-8: byte 0x{b:02X} at offset {at} (line {line}); save it as UTF-8"),
            false,
        )
    })
}

/// 64-bit FNV-1a: small, fast and the same everywhere (unlike `RandomState`).
pub fn fnv1a64(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.iter().chain(std::iter::once(&0xFFu8)) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Levenshtein distance, for suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_boundaries() {
        let t = "a日b";
        assert_eq!(floor_char_boundary(t, 2), 1);
        assert_eq!(ceil_char_boundary(t, 2), 4);
        assert_eq!(floor_char_boundary(t, 100), t.len());
        assert_eq!(clamp_span(t, 2..3), 1..4);
        assert_eq!(clamp_span(t, 9..12), 5..5);
    }

    #[test]
    fn fnv_is_the_reference_hash() {
        // FNV-1a 64 of "a" is af63dc4c8601ec8c; our separator byte follows each part.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        h ^= u64::from(b'a');
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        assert_eq!(h, 0xaf63_dc4c_8601_ec8c);
        assert_ne!(fnv1a64(&[b"ab", b"c"]), fnv1a64(&[b"a", b"bc"]));
        assert_eq!(fnv1a64(&[b"x"]), fnv1a64(&[b"x"]));
    }

    #[test]
    fn word_classes_and_boundaries_are_ascii() {
        let a = ascii_word_boundaries;
        assert_eq!(a(r"\bcach\w*"), r"(?-u:\b)cach[[:word:]]*");
        assert_eq!(a(r"[^\w.,]\d+"), r"[^[:word:].,][0-9]+");
        assert_eq!(a(r"[^,;:.()\d]{0,40}"), r"[^,;:.()0-9]{0,40}");
        // A `]` first in a class is a literal; `[:word:]` and escapes stay.
        assert_eq!(a(r"[]\w][^]\d]\]\w"), r"[][:word:]][^]0-9]\][[:word:]]");
        assert_eq!(a(r"[[:alpha:]\w]\s\p{L}"), r"[[:alpha:][:word:]]\s\p{L}");
        // The same matches on ASCII text; a non-ASCII letter is not a word character.
        let re = builtin_regex(r"(?i)\bcach\w*").unwrap();
        assert_eq!(re.find("a Caching layer").map(|m| m.as_str()), Some("Caching"));
        assert_eq!(re.find("cachér").map(|m| m.as_str()), Some("cach"));
        let re = builtin_regex(r"(?:^|[^\w.,])(\d+)x").unwrap();
        assert!(re.is_match("é3x") && !re.is_match("10,000x"));
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("keywords", "keywrods"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("日本", "日本"), 0);
    }
}
