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
    rewrite_escapes(pattern, |c, in_class| match (c, in_class) {
        ('b', false) => Some("(?-u:\\b)"),
        ('w', false) => Some("[[:word:]]"),
        ('w', true) => Some("[:word:]"),
        ('d', false) => Some("[0-9]"),
        ('d', true) => Some("0-9"),
        _ => None,
    })
}

/// `pattern` with each escape `\\c` that `map` names (given whether it is
/// inside a `[…]` class) replaced, everything else as written.
fn rewrite_escapes(pattern: &str, map: impl Fn(char, bool) -> Option<&'static str>) -> String {
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
                Some(n) => match map(n, class > 0) {
                    Some(to) => out.push_str(to),
                    None => {
                        out.push('\\');
                        out.push(n);
                    }
                },
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

/// A match of a [`Matcher`]: where it is in the haystack, and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Found<'h> {
    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
}

/// The groups of one match of a [`Matcher`]; group 0 is the whole match.
#[derive(Debug, Clone)]
pub struct Groups<'h> {
    haystack: &'h str,
    slots: Vec<Option<(usize, usize)>>,
}

impl<'h> Groups<'h> {
    pub fn get(&self, i: usize) -> Option<Found<'h>> {
        let (start, end) = (*self.slots.get(i)?)?;
        Some(Found {
            haystack: self.haystack,
            start,
            end,
        })
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

impl std::ops::Index<usize> for Groups<'_> {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        self.get(i)
            .map(|m| m.as_str())
            .unwrap_or_else(|| panic!("no group {i} in this match"))
    }
}

macro_rules! groups_of {
    ($h:expr, $c:expr) => {{
        let c = $c;
        Groups {
            haystack: $h,
            slots: (0..c.len())
                .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                .collect(),
        }
    }};
}

/// A pattern of designlint's own.
///
/// Compiling the full regex engine (its automata and literal prefilters)
/// costs about 15 times what regex-lite's does, and in a run over one small
/// write-up compiling is most of the work. So a `Matcher` answers with
/// regex-lite until it has read [`Matcher::LITE_BUDGET`] bytes in all, and
/// then compiles the full engine once, which reads big inputs many times
/// faster. The two give the same answers: `\\b`, `\\w` and `\\d` are ASCII in
/// both ([`ascii_word_boundaries`]) and `\\s` is Unicode white space in both;
/// `(?i)` in regex-lite folds only ASCII letters, so it alone would not take
/// the Kelvin sign for a `k`.
pub struct Matcher {
    lite: regex_lite::Regex,
    full: std::sync::OnceLock<Regex>,
    read: std::sync::atomic::AtomicUsize,
    pattern: String,
}

impl Matcher {
    /// About what regex-lite reads (some 650 instructions a byte on these
    /// patterns) in the time the full engine takes to compile one (about
    /// 2 M). Measured with callgrind over the built-in patterns: a budget
    /// of 32 KB cost 1.6 times the instructions of 4 KB on 82 write-ups
    /// (1.7 MB), and 1 KB cost a one-file run 9 % more than 4 KB.
    pub const LITE_BUDGET: usize = 4 * 1024;

    /// Panics on a malformed pattern: it is designlint's own, checked by
    /// the tests that use it.
    pub fn new(pattern: &str) -> Matcher {
        // Unicode white space, as the full engine's `\\s`, in a class and alone.
        const SPACE: &str =
            r"\s\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}";
        const SPACE_CLASS: &str =
            r"[\s\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]";
        let lite = rewrite_escapes(pattern, |c, in_class| match (c, in_class) {
            ('s', false) => Some(SPACE_CLASS),
            ('s', true) => Some(SPACE),
            _ => None,
        });
        Matcher {
            lite: regex_lite::Regex::new(&lite).unwrap_or_else(|e| panic!("built-in pattern {pattern}: {e}")),
            full: std::sync::OnceLock::new(),
            read: std::sync::atomic::AtomicUsize::new(0),
            pattern: pattern.to_string(),
        }
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        match self.engine(haystack) {
            Engine::Lite(re) => re.is_match(haystack),
            Engine::Full(re) => re.is_match(haystack),
        }
    }

    /// The leftmost-first match in `haystack`.
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Found<'h>> {
        let (start, end) = match self.engine(haystack) {
            Engine::Lite(re) => re.find(haystack).map(|m| (m.start(), m.end())),
            Engine::Full(re) => re.find(haystack).map(|m| (m.start(), m.end())),
        }?;
        Some(Found { haystack, start, end })
    }

    /// Every match in `haystack`, in order, without overlaps.
    pub fn find_iter<'h>(&self, haystack: &'h str) -> impl Iterator<Item = Found<'h>> + use<'_, 'h> {
        let (lite, full) = match self.engine(haystack) {
            Engine::Lite(re) => (Some(re.find_iter(haystack)), None),
            Engine::Full(re) => (None, Some(re.find_iter(haystack))),
        };
        let found = move |(start, end)| Found { haystack, start, end };
        lite.into_iter()
            .flatten()
            .map(|m| (m.start(), m.end()))
            .chain(full.into_iter().flatten().map(|m| (m.start(), m.end())))
            .map(found)
    }

    /// The groups of the leftmost-first match in `haystack`.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Groups<'h>> {
        match self.engine(haystack) {
            Engine::Lite(re) => re.captures(haystack).map(|c| groups_of!(haystack, c)),
            Engine::Full(re) => re.captures(haystack).map(|c| groups_of!(haystack, c)),
        }
    }

    /// The groups of every match in `haystack`, in order, without overlaps.
    pub fn captures_iter<'h>(&self, haystack: &'h str) -> impl Iterator<Item = Groups<'h>> + use<'_, 'h> {
        let (lite, full) = match self.engine(haystack) {
            Engine::Lite(re) => (Some(re.captures_iter(haystack)), None),
            Engine::Full(re) => (None, Some(re.captures_iter(haystack))),
        };
        lite.into_iter()
            .flatten()
            .map(move |c| groups_of!(haystack, c))
            .chain(full.into_iter().flatten().map(move |c| groups_of!(haystack, c)))
    }

    /// `haystack` with every match replaced by `with` (`$1`, `${name}`
    /// name groups, as in both engines).
    pub fn replace_all<'h>(&self, haystack: &'h str, with: &str) -> std::borrow::Cow<'h, str> {
        match self.engine(haystack) {
            Engine::Lite(re) => re.replace_all(haystack, with),
            Engine::Full(re) => re.replace_all(haystack, with),
        }
    }

    /// `haystack` with each match replaced by `with[g - 1]`, where `g` is
    /// the first capture group that took part in it (a pattern of
    /// alternatives, one group each, replaces each alternative by its own
    /// text). Borrowed when nothing matched.
    pub fn replace_groups<'h>(&self, haystack: &'h str, with: &[&str]) -> std::borrow::Cow<'h, str> {
        let (mut out, mut last) = (String::new(), 0);
        for c in self.captures_iter(haystack) {
            let Some(whole) = c.get(0) else { continue };
            let to = (1..c.len())
                .find(|&g| c.get(g).is_some())
                .and_then(|g| with.get(g - 1))
                .copied()
                .unwrap_or("");
            out.push_str(&haystack[last..whole.start()]);
            out.push_str(to);
            last = whole.end();
        }
        if last == 0 && out.is_empty() {
            return std::borrow::Cow::Borrowed(haystack);
        }
        out.push_str(&haystack[last..]);
        std::borrow::Cow::Owned(out)
    }

    /// Does any of `haystacks` have a match? The engine is chosen once for
    /// them all, as for one haystack of their total length: many small
    /// texts are not read with regex-lite where their whole would not be.
    pub fn is_match_any<'h, I>(&self, haystacks: I) -> bool
    where
        I: Iterator<Item = &'h str> + Clone,
    {
        let len = haystacks.clone().map(str::len).sum();
        match self.engine_for(len) {
            Engine::Lite(re) => haystacks.into_iter().any(|h| re.is_match(h)),
            Engine::Full(re) => haystacks.into_iter().any(|h| re.is_match(h)),
        }
    }

    /// The engine for reading `haystack`: regex-lite while this matcher has
    /// read less than its budget in all, then the full one.
    fn engine(&self, haystack: &str) -> Engine<'_> {
        self.engine_for(haystack.len())
    }

    /// The engine for reading `len` bytes.
    fn engine_for(&self, len: usize) -> Engine<'_> {
        if let Some(full) = self.full.get() {
            return Engine::Full(full);
        }
        let read = self.read.fetch_add(len, std::sync::atomic::Ordering::Relaxed);
        if read + len > Self::LITE_BUDGET {
            return Engine::Full(self.full());
        }
        Engine::Lite(&self.lite)
    }

    /// The pattern as written.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// The full engine, compiled on first use.
    fn full(&self) -> &Regex {
        self.full.get_or_init(|| {
            builtin_regex(&self.pattern).unwrap_or_else(|e| panic!("built-in pattern {}: {e}", self.pattern))
        })
    }
}

enum Engine<'a> {
    Lite(&'a regex_lite::Regex),
    Full(&'a Regex),
}

/// A few short substrings, each with its searcher built once (building a
/// searcher costs about what searching a short block does, and the model
/// and the rules ask of every block).
pub struct Substrings(Vec<memchr::memmem::Finder<'static>>);

impl Substrings {
    pub fn new(needles: &[&'static str]) -> Substrings {
        Substrings(
            needles
                .iter()
                .map(|n| memchr::memmem::Finder::new(n.as_bytes()))
                .collect(),
        )
    }

    /// Does `haystack` hold any of them?
    pub fn any_in(&self, haystack: &[u8]) -> bool {
        self.0.iter().any(|f| f.find(haystack).is_some())
    }
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
    // The document model keeps offsets in 32 bits (`document::Seg`).
    if u32::try_from(bytes.len()).is_err() {
        return Err((
            format!(
                "is too large ({} bytes): designlint reads files under 4 GiB",
                bytes.len()
            ),
            false,
        ));
    }
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
    fn substrings_any_in() {
        let s = Substrings::new(&["→", "->", "vs"]);
        assert!(s.any_in("10 ms → 2 ms".as_bytes()));
        assert!(s.any_in(b"a->b"));
        assert!(s.any_in(b"SQL vs NoSQL"));
        assert!(!s.any_in(b"SQL or NoSQL, -> not here".split_at(13).0));
        assert!(!s.any_in(b""));
        assert!(!Substrings::new(&[]).any_in(b"anything"));
    }

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
    fn a_matcher_answers_as_the_full_engine_before_and_after_its_budget() {
        let patterns = [
            r"(?i)\bcach\w*\s+layer",
            r"(?i)(?:\bav[a-z]{0,3}lab\w*|\buptime\b)[^.;]{0,40}?\b\d{2}(?:\.\d+)?\s*%",
            r"^\s*(?:[-*•]\s*)?with\s+~?\d",
            r"[→⇒]|->",
        ];
        let texts = [
            "A caching layer in front",
            "a cachér layer",
            "CACHE\u{a0}layer",
            "Availability of 99.9 % a year",
            "availability: 99.95%",
            "uptime\u{2003}99 %",
            "  - with ~5 nodes",
            "\u{a0}with\u{a0}3",
            "200 ms → 20 ms",
            "none at all",
        ];
        for p in patterns {
            let full = builtin_regex(p).unwrap();
            let m = Matcher::new(p);
            let answers = |m: &Matcher| texts.iter().map(|t| m.is_match(t)).collect::<Vec<_>>();
            let expected: Vec<bool> = texts.iter().map(|t| full.is_match(t)).collect();
            assert_eq!(answers(&m), expected, "regex-lite: {p}");
            assert!(m.full.get().is_none(), "compiled early: {p}");
            // Past its budget it compiles the full engine, with the same answers.
            assert!(!m.is_match(&"x".repeat(Matcher::LITE_BUDGET)));
            assert!(m.full.get().is_some(), "{p}");
            assert_eq!(answers(&m), expected, "full engine: {p}");
        }
    }

    #[test]
    fn a_matcher_asked_of_many_texts_chooses_its_engine_for_their_total() {
        let m = Matcher::new(r"(?i)\bcach\w*");
        let small = ["a queue", "the CACHES", "none"];
        assert!(m.is_match_any(small.iter().copied()));
        assert!(!m.is_match_any(small[..1].iter().chain(&small[2..]).copied()));
        assert!(!m.is_match_any(std::iter::empty()));
        assert!(
            m.full.get().is_none(),
            "a few small texts are read with regex-lite"
        );
        // Small texts past the budget together: the full engine, at once.
        let many = vec!["x".repeat(64); Matcher::LITE_BUDGET / 64 + 1];
        assert!(!m.is_match_any(many.iter().map(String::as_str)));
        assert!(m.full.get().is_some());
        assert!(m.is_match_any(small.iter().copied()));
        assert!(!m.is_match_any(["acache", "a queue"].into_iter()));
    }

    #[test]
    fn a_matcher_finds_captures_and_replaces_as_the_full_engine_before_and_after_its_budget() {
        let pattern = r"(?i)(\d+)\s?(ms|s)\b|(cach\w*)";
        let texts = [
            "a 20 ms read, 3s write",
            "Caching\u{a0}layer: 5 S",
            "x",
            "é 7ms cachér",
        ];
        let full = builtin_regex(pattern).unwrap();
        let expected = |t: &str| {
            let finds: Vec<_> = full.find_iter(t).map(|m| m.range()).collect();
            let groups: Vec<Vec<Option<Range<usize>>>> = full
                .captures_iter(t)
                .map(|c| (0..c.len()).map(|i| c.get(i).map(|m| m.range())).collect())
                .collect();
            (finds, groups, full.replace_all(t, "<$1>").into_owned())
        };
        let answers = |m: &Matcher, t: &str| {
            let finds: Vec<_> = m.find_iter(t).map(|f| f.range()).collect();
            let groups: Vec<Vec<Option<Range<usize>>>> = m
                .captures_iter(t)
                .map(|c| (0..c.len()).map(|i| c.get(i).map(|f| f.range())).collect())
                .collect();
            assert_eq!(m.find(t).map(|f| f.range()), finds.first().cloned(), "{t}");
            (finds, groups, m.replace_all(t, "<$1>").into_owned())
        };
        let m = Matcher::new(pattern);
        for t in texts {
            assert_eq!(answers(&m, t), expected(t), "regex-lite: {t}");
        }
        assert_eq!(
            m.replace_groups("20 ms caches", &["TIME", "", "CACHE"]),
            "TIME CACHE"
        );
        assert!(matches!(
            m.replace_groups("none", &["T"]),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(m.full.get().is_none());
        m.is_match(&"x".repeat(Matcher::LITE_BUDGET));
        assert!(m.full.get().is_some());
        for t in texts {
            assert_eq!(answers(&m, t), expected(t), "full engine: {t}");
        }
        assert_eq!(
            m.replace_groups("20 ms caches", &["TIME", "", "CACHE"]),
            "TIME CACHE"
        );
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("keywords", "keywrods"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("日本", "日本"), 0);
    }
}
