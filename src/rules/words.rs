//! Words as the coherence rules compare them: split, lower-cased and reduced
//! to a stem, so that "followers", "following" and "follow", or "expires",
//! "expiry" and "expiration", are one word.
//!
//! The stemmer is deliberately light (a handful of English suffixes, one
//! pass): it only has to make the forms of one word in one document meet.
//! Two stems are the same word when they are equal, or when the shorter has
//! at least five letters and begins the longer ("config" and "configur",
//! "notif" and "notific").

use std::ops::Range;

/// Articles, prepositions, pronouns and auxiliaries: words that never say
/// what a figure counts or what a requirement asks for.
#[rustfmt::skip]
pub const STOP_WORDS: &[&str] = &[
    "the", "a", "an", "of", "for", "in", "on", "at", "to", "with", "by", "from", "and", "or", "our", "we", "us", "it",
    "its", "is", "are", "be", "been", "will", "should", "must", "can", "could", "may", "shall", "has", "have", "there", "this", "that", "these",
    "those", "which", "than", "then", "also", "just", "so", "as", "such", "like", "up", "out", "into", "per", "only",
];

/// Is `w` (lower-case) one of the [`STOP_WORDS`]?
pub fn is_stop(w: &str) -> bool {
    STOP_WORDS.contains(&w)
}

/// The words of `text` (letters, digits, apostrophes and inner hyphens or
/// dots, as in "p99", "e-mail", "node.js"), with their byte ranges.
pub fn split(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let b = text.as_bytes();
    for (i, c) in text.char_indices() {
        let inner = (c == '-' || c == '.' || c == '\'' || c == '’')
            && start.is_some()
            && text[i + c.len_utf8()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
        if c.is_alphanumeric() || inner {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push((s..i, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s..b.len(), &text[s..]));
    }
    out
}

/// The stem of one word (lower-cased first).
pub fn stem(word: &str) -> String {
    let mut w: String = if word.is_ascii() {
        // Nearly every word: lower-cased byte by byte.
        let mut w = String::with_capacity(word.len());
        w.extend(
            word.bytes()
                .filter(|&b| b != b'\'')
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        w
    } else {
        word.chars()
            .filter(|c| *c != '\'' && *c != '’')
            .flat_map(char::to_lowercase)
            .collect()
    };
    if !w.is_ascii() || w.len() <= 3 || w.bytes().any(|b| b.is_ascii_digit()) {
        return w;
    }
    // Plurals first ("replies" → "reply", "caches" → "cache", "users" → "user").
    if let Some(s) = w.strip_suffix("ies").filter(|s| s.len() >= 2) {
        w = format!("{s}y");
    } else if w.ends_with("sses") || w.ends_with("shes") || w.ends_with("ches") || w.ends_with("xes") {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.pop();
    }
    // One derivational or inflectional suffix, longest first, keeping a stem
    // of four letters or more.
    const SUFFIXES: &[&str] = &[
        "ational", "ization", "isation", "ability", "ibility", "ations", "ation", "ition", "ments", "ment",
        "ness", "able", "ible", "ings", "ing", "ion", "ity", "ers", "er", "ed", "al", "ly", "ful", "ive",
    ];
    // (A suffix is compared only when the word ends in its last letter.)
    let last = w.as_bytes()[w.len() - 1];
    for s in SUFFIXES.iter().filter(|s| s.as_bytes()[s.len() - 1] == last) {
        if let Some(rest) = w.strip_suffix(s)
            && rest.len() >= 4
        {
            w.truncate(rest.len());
            break;
        }
    }
    // "expire"/"expiry" → "expir", "share"/"sharing" → "shar".
    if (w.len() > 4 && w.ends_with('e')) || (w.len() > 5 && w.ends_with('y')) {
        w.pop();
    }
    // "running" → "runn" → "run".
    let b = w.as_bytes();
    if b.len() >= 4 && b[b.len() - 1] == b[b.len() - 2] && !b"aeiouls".contains(&b[b.len() - 1]) {
        w.pop();
    }
    w
}

/// Are two stems the same word?
pub fn same(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 5 && long.starts_with(short)
}

/// A text without its asides in parentheses (and in square brackets when
/// `square`), and the asides, each followed by a space.
pub fn split_asides(text: &str, square: bool) -> (String, String) {
    let (mut plain, mut inside) = (String::with_capacity(text.len()), String::new());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            '[' if square => depth += 1,
            ')' => {
                if depth == 1 {
                    inside.push(' ');
                }
                depth = depth.saturating_sub(1);
            }
            ']' if square => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => inside.push(c),
        }
    }
    (plain, inside)
}

/// A text without its asides ([`split_asides`]).
pub fn outside_asides(text: &str, square: bool) -> String {
    split_asides(text, square).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asides_are_split_from_the_text() {
        let (plain, inside) = split_asides("Product images (compressed) [S3] (v2)", false);
        assert_eq!(plain, "Product images  [S3] ");
        assert_eq!(inside, "compressed v2 ");
        assert_eq!(
            outside_asides("Follow users (and [pages]) x)", true),
            "Follow users  x"
        );
    }

    fn same_word(a: &str, b: &str) -> bool {
        same(&stem(a), &stem(b))
    }

    #[test]
    fn forms_of_one_word_meet() {
        for (a, b) in [
            ("follow", "followers"),
            ("follow", "following"),
            ("share", "sharing"),
            ("share", "shared"),
            ("expire", "expiration"),
            ("expire", "expiry"),
            ("expires", "expired"),
            ("notification", "notify"),
            ("configuration", "config"),
            ("queries", "query"),
            ("caches", "cache"),
            ("users", "user"),
            ("replicas", "replica"),
            ("replication", "replicated"),
            ("retrieval", "retrieve"),
            ("available", "availability"),
        ] {
            assert!(same_word(a, b), "{a} / {b}: {} {}", stem(a), stem(b));
        }
        for (a, b) in [
            ("user", "use"),
            ("read", "ready"),
            ("post", "posture"),
            ("cart", "card"),
            ("like", "link"),
        ] {
            assert!(!same_word(a, b), "{a} / {b}: {} {}", stem(a), stem(b));
        }
    }

    #[test]
    fn splits_words_with_inner_marks() {
        let w: Vec<&str> = split("p99 < 200ms, e-mail (node.js) users' feed.")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(w, vec!["p99", "200ms", "e-mail", "node.js", "users", "feed"]);
    }
}
