//! The indexes a rubric is compiled into, so that each document is scanned
//! once, whatever the number of rules: one lazy DFA over all heading
//! synonyms, one Aho-Corasick automaton over all keywords (an NFA for the
//! first megabyte of a run, then a DFA), one lazy DFA over the patterns that
//! rules search the prose for.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex::{RegexSet, RegexSetBuilder};
use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Every heading synonym of the rubric in one set.
///
/// Read with a lazy DFA alone: a `RegexSet` also builds a reverse automaton,
/// literal prefilters and the other engines of the full regex crate, which
/// cost a one-file run more than the whole lint. The `RegexSet` is built
/// only when the DFA cannot be (a Unicode `\B`, or a pattern too large,
/// whose error the set words as a rubric's author knows it) or gives up on
/// a heading.
pub struct HeadingIndex {
    dfa: Option<SetDfa>,
    patterns: Vec<String>,
    set: OnceLock<RegexSet>,
}

impl std::fmt::Debug for HeadingIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HeadingIndex")
            .field("patterns", &self.patterns)
            .finish_non_exhaustive()
    }
}

impl HeadingIndex {
    pub fn new(patterns: &[String]) -> Result<Self, regex::Error> {
        let patterns: Vec<String> = patterns
            .iter()
            .map(|p| crate::text::ascii_word_boundaries(p))
            .collect();
        let index = HeadingIndex {
            dfa: set_dfa(
                &patterns,
                8 << 20,
                regex_automata::util::syntax::Config::new().nest_limit(64),
            ),
            patterns,
            set: OnceLock::new(),
        };
        if index.dfa.is_none() {
            index.set()?;
        }
        Ok(index)
    }

    fn set(&self) -> Result<&RegexSet, regex::Error> {
        if let Some(s) = self.set.get() {
            return Ok(s);
        }
        let set = RegexSetBuilder::new(&self.patterns)
            .size_limit(8 << 20)
            .dfa_size_limit(8 << 20)
            .nest_limit(64)
            .build()?;
        Ok(self.set.get_or_init(|| set))
    }

    /// Pattern ids that match a heading (after numbering, emoji and suffixes are set aside).
    pub fn matches(&self, title: &str) -> Vec<usize> {
        if self.patterns.is_empty() {
            return Vec::new();
        }
        let title = normalize_heading(title);
        if let Some((dfa, pool)) = &self.dfa {
            let mut cache = pool.get();
            let mut found = regex_automata::PatternSet::new(self.patterns.len());
            let input = regex_automata::Input::new(&title);
            if dfa
                .try_which_overlapping_matches(&mut cache, &input, &mut found)
                .is_ok()
            {
                // At its exact size: a collect would take the capacity of
                // every pattern for each heading of a big file.
                let mut ids = Vec::with_capacity(found.len());
                ids.extend(found.iter().map(|p| p.as_usize()));
                return ids;
            }
        }
        self.set()
            .map(|s| s.matches(&title).into_iter().collect())
            .unwrap_or_default()
    }
}

static NUMBERING: std::sync::LazyLock<crate::text::Matcher> = std::sync::LazyLock::new(|| {
    crate::text::Matcher::new(
        r"^(?:(?i:step|phase|part|section|chapter)\s+\w{1,3}\s*[:.)\-–—]?\s*|\d+(?:\.\d+)*[.):]?\s+|[IVXivx]{1,4}[.)]\s+|[A-Za-z][.)]\s+)",
    )
});

/// "## 3.2 ✅ Alternatives considered (v1):" → "Alternatives considered".
pub fn normalize_heading(title: &str) -> String {
    let mut t = title.trim();
    // Leading emoji and punctuation, then numbering ("3.", "3.2", "IV.", "Step 2:", "A)").
    loop {
        let before = t;
        t = t.trim_start_matches(|c: char| !c.is_alphanumeric());
        if let Some(m) = NUMBERING.find(t) {
            t = &t[m.end()..];
        }
        if t == before {
            break;
        }
    }
    // Trailing parenthetical, colon and emoji.
    let mut t = t.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')' && c != '%');
    if t.ends_with(')')
        && let Some(i) = t.rfind('(')
        && i > 0
    {
        t = &t[..i];
    }
    t.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '%')
        .to_string()
}

/// One keyword of the rubric. `*` at the end makes it a prefix (`scal*`).
#[derive(Debug, Clone)]
pub struct Term {
    pub text: String,
    pub prefix: bool,
}

#[derive(Debug, Default)]
pub struct TermIndexBuilder {
    terms: Vec<Term>,
    /// (pattern as searched, term id)
    variants: Vec<(String, usize)>,
}

impl TermIndexBuilder {
    /// Add a keyword (case-insensitive) and get its id. Spelling variants with
    /// a hyphen, a space or nothing between words are added for you
    /// ("trade-off" also finds "trade off" and "tradeoff").
    pub fn add(&mut self, keyword: &str) -> usize {
        let k = keyword.trim().to_ascii_lowercase();
        let (text, prefix) = match k.strip_suffix('*') {
            Some(t) => (t.to_string(), true),
            None => (k.clone(), false),
        };
        if let Some(i) = self
            .terms
            .iter()
            .position(|t| t.text == text && t.prefix == prefix)
        {
            return i;
        }
        let id = self.terms.len();
        self.terms.push(Term {
            text: text.clone(),
            prefix,
        });
        let mut variants = vec![text.clone()];
        if text.contains('-') {
            variants.push(text.replace('-', " "));
            variants.push(text.replace('-', ""));
        } else if text.contains(' ') && text.split(' ').count() == 2 {
            variants.push(text.replace(' ', "-"));
        }
        for v in variants {
            if !v.is_empty() {
                self.variants.push((v, id));
            }
        }
        id
    }

    pub fn build(self) -> TermIndex {
        let (patterns, variant_term): (Vec<String>, Vec<usize>) = self.variants.into_iter().unzip();
        TermIndex {
            nfa: build_automaton(&patterns, AhoCorasickKind::NoncontiguousNFA),
            dfa: OnceLock::new(),
            scanned: AtomicUsize::new(0),
            patterns,
            terms: self.terms,
            variant_term,
        }
    }
}

fn build_automaton(patterns: &[String], kind: AhoCorasickKind) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .kind(Some(kind))
        .build(patterns)
        .expect("keyword automaton")
}

/// Text scanned with the NFA before the DFA is built: the DFA scans in about
/// 60% of the NFA's time but takes ~5 ms to build, which a run over one
/// write-up (the editor's, a pre-commit hook's) would spend for nothing.
const DFA_AFTER_BYTES: usize = 1 << 20;

/// All keywords of a rubric in one automaton.
#[derive(Debug)]
pub struct TermIndex {
    /// Cheapest to build (a non-contiguous NFA); scans the first megabyte of a run.
    nfa: AhoCorasick,
    /// The same automaton as a full DFA, built once a run has scanned
    /// [`DFA_AFTER_BYTES`]. Both find the same matches.
    dfa: OnceLock<AhoCorasick>,
    scanned: AtomicUsize,
    patterns: Vec<String>,
    pub terms: Vec<Term>,
    variant_term: Vec<usize>,
}

impl TermIndex {
    fn automaton(&self, len: usize) -> &AhoCorasick {
        if let Some(dfa) = self.dfa.get() {
            return dfa;
        }
        if self.scanned.fetch_add(len, Ordering::Relaxed) + len < DFA_AFTER_BYTES {
            return &self.nfa;
        }
        self.dfa
            .get_or_init(|| build_automaton(&self.patterns, AhoCorasickKind::DFA))
    }

    /// Every keyword occurrence in `text` that stands as a word (plurals and
    /// possessives allowed; prefix terms may run on): (term id, byte range).
    pub fn scan(&self, text: &str) -> Vec<(usize, Range<usize>)> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for m in self.automaton(text.len()).find_overlapping_iter(text) {
            let id = self.variant_term[m.pattern().as_usize()];
            let (s, e) = (m.start(), m.end());
            // A word boundary before, and not the tail of a hyphenated compound
            // ("non-functional" does not mention "functional").
            // Only for a term that starts with a letter or digit: "/s" may follow "requests".
            let term = &self.terms[id];
            let starts_word = term.text.as_bytes().first().is_some_and(|b| is_word_byte(*b));
            if starts_word
                && s > 0
                && (is_word_byte(bytes[s - 1])
                    || (bytes[s - 1] == b'-' && s > 1 && is_word_byte(bytes[s - 2])))
            {
                continue;
            }
            let Some(end) = term.word_end(bytes, e) else {
                continue;
            };
            out.push((id, s..end));
        }
        // Overlapping variants of one term can both match; keep one.
        out.sort_by_key(|(id, r)| (r.start, *id, std::cmp::Reverse(r.end)));
        out.dedup_by(|a, b| a.0 == b.0 && a.1.start == b.1.start);
        out
    }
}

impl Term {
    /// Where a match of this term ending at `e` ends as a word: plurals and
    /// possessives are taken in, prefix terms run on; `None` when the match
    /// stops inside a word ("cachet" is not "cache").
    fn word_end(&self, bytes: &[u8], e: usize) -> Option<usize> {
        if self.prefix {
            return Some(e + bytes[e..].iter().take_while(|b| is_word_byte(**b)).count());
        }
        let rest = &bytes[e..];
        let suffix = ["es", "s", "'s", "ed", "d", "ing"]
            .iter()
            .find(|suf| {
                rest.starts_with(suf.as_bytes()) && !rest.get(suf.len()).is_some_and(|b| is_word_byte(*b))
            })
            .map_or(0, |suf| suf.len());
        let ends_word = self.text.as_bytes().last().is_some_and(|b| is_word_byte(*b));
        if suffix == 0 && ends_word && rest.first().is_some_and(|b| is_word_byte(*b)) {
            return None;
        }
        Some(e + suffix)
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// A lazy DFA that reports every pattern matching, and a pool of its caches
/// for the threads.
type SetDfa = (regex_automata::hybrid::dfa::DFA, CachePool);

/// [`SetDfa`] of `patterns` (their NFA within 8 MB, `cache` bytes of states
/// per thread), or `None` when it cannot be built.
fn set_dfa(
    patterns: &[String],
    cache: usize,
    syntax: regex_automata::util::syntax::Config,
) -> Option<SetDfa> {
    use regex_automata::hybrid::dfa::DFA;
    let dfa = DFA::builder()
        .configure(
            DFA::config()
                .match_kind(regex_automata::MatchKind::All)
                .cache_capacity(cache),
        )
        .syntax(syntax)
        .thompson(regex_automata::nfa::thompson::Config::new().nfa_size_limit(Some(8 << 20)))
        .build_many(patterns)
        .ok()?;
    let d = dfa.clone();
    let pool: CachePool = regex_automata::util::pool::Pool::new(Box::new(move || d.create_cache()));
    Some((dfa, pool))
}

type CachePool = regex_automata::util::pool::Pool<
    regex_automata::hybrid::dfa::Cache,
    Box<dyn Fn() -> regex_automata::hybrid::dfa::Cache + Send + Sync>,
>;

/// Every pattern that rules search a document's prose for (see
/// [`crate::rules::Detector::prose_patterns`]) in one lazy DFA, so that the
/// prose is read once for all of them: each rule is handed the blocks where a
/// match of one of its patterns ends, and searches only those.
pub struct ProseSet {
    /// `None` when there are no patterns or they do not build together (each
    /// rule then searches on its own).
    dfa: Option<SetDfa>,
    /// Pattern id → its rule (an index into `rules`).
    owner: Vec<usize>,
    /// The codes of the rules with patterns in the set.
    rules: Vec<String>,
}

impl std::fmt::Debug for ProseSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProseSet")
            .field("rules", &self.rules)
            .finish_non_exhaustive()
    }
}

impl ProseSet {
    /// The set of each rule's patterns (its code, then its patterns).
    pub fn new(rules: Vec<(String, Vec<String>)>) -> Self {
        let (mut owner, mut patterns, mut codes) = (Vec::new(), Vec::new(), Vec::new());
        for (code, ps) in rules.into_iter().filter(|(_, ps)| !ps.is_empty()) {
            owner.extend(std::iter::repeat_n(codes.len(), ps.len()));
            patterns.extend(ps);
            codes.push(code);
        }
        let dfa = if patterns.is_empty() {
            None
        } else {
            set_dfa(&patterns, 2 << 20, regex_automata::util::syntax::Config::new())
        };
        ProseSet {
            owner,
            rules: if dfa.is_some() { codes } else { Vec::new() },
            dfa,
        }
    }

    /// Per rule of the set (its code), the blocks where a match of one of its
    /// patterns ends, in order: every block whose own text has a match, and
    /// maybe others (a match running over from the block before). `text` is
    /// the blocks' texts one after another, each followed by a newline, and
    /// `starts` gives (block, offset of its text in `text`) in order. Empty
    /// when there is no set or its search fails.
    pub fn scan(&self, text: &str, starts: &[(usize, usize)]) -> Vec<(String, Vec<usize>)> {
        use regex_automata::hybrid::dfa::OverlappingState;
        let Some((dfa, pool)) = &self.dfa else {
            return Vec::new();
        };
        let mut cache = pool.get();
        let input = regex_automata::Input::new(text);
        let mut state = OverlappingState::start();
        let mut blocks = vec![Vec::new(); self.rules.len()];
        loop {
            if dfa
                .try_search_overlapping_fwd(&mut cache, &input, &mut state)
                .is_err()
            {
                return Vec::new();
            }
            let Some(m) = state.get_match() else { break };
            // The block holding the match's last byte.
            let at = m.offset().saturating_sub(1);
            let Some(k) = starts.partition_point(|&(_, o)| o <= at).checked_sub(1) else {
                continue;
            };
            let list: &mut Vec<usize> = &mut blocks[self.owner[m.pattern().as_usize()]];
            if list.last() != Some(&starts[k].0) {
                list.push(starts[k].0);
            }
        }
        self.rules.iter().cloned().zip(blocks).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_synonyms_match_as_a_regex_set_would() {
        let same_as_a_set = |patterns: &[&str]| {
            let patterns: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
            let ix = HeadingIndex::new(&patterns).unwrap();
            let set = RegexSet::new(patterns.iter().map(|p| crate::text::ascii_word_boundaries(p))).unwrap();
            for title in [
                "## 2. Trade-offs",
                "Why an API?",
                "APIs and tradeoffs",
                "rapid",
                "Le café",
                "Cafés",
            ] {
                let expected: Vec<usize> = set.matches(&normalize_heading(title)).into_iter().collect();
                assert_eq!(ix.matches(title), expected, "{title}");
            }
            ix
        };
        let ix = same_as_a_set(&[r"(?i)trade-?offs?", r"(?i)\bapis?\b", r"(?i)^why\b", r"\bcafé\b"]);
        assert!(ix.dfa.is_some() && ix.set.get().is_none());
        // Kept per section of a big file: at its exact size.
        let ids = ix.matches("Why an API?");
        assert_eq!((ids.len(), ids.capacity()), (2, 2));
        // A Unicode `\B` is beyond the lazy DFA: the set answers instead.
        let ix = same_as_a_set(&[r"(?i)trade-?offs?", r"(?i)caf\B"]);
        assert!(ix.dfa.is_none() && ix.set.get().is_some());
        assert!(HeadingIndex::new(&["(a".to_string()]).is_err());
        assert!(HeadingIndex::new(&[]).unwrap().matches("Anything").is_empty());
    }

    #[test]
    fn the_prose_set_gives_each_rule_the_blocks_its_patterns_match() {
        let set = ProseSet::new(vec![
            (
                "A".into(),
                vec!["(?m)^to do".into(), "(?-u:\\b)fast(?-u:\\b)".into()],
            ),
            ("B".into(), vec![]),
            ("C".into(), vec!["very\\s+fast".into(), "(?i)slow".into()]),
        ]);
        // Blocks 0, 3, 4 and 7; block 3 is two lines.
        let text = "to do first\nit is\nvery\nfast\nnot to do, Slow\n";
        let starts = [(0, 0), (3, 12), (4, 24), (7, 29)];
        assert_eq!(
            set.scan(text, &starts),
            vec![
                // `^` at a block's start, not inside a line.
                ("A".to_string(), vec![0, 4]),
                // A match running over from block 3 is given to block 4.
                ("C".to_string(), vec![4, 7]),
            ]
        );
        assert!(
            ProseSet::new(vec![("B".into(), vec![])])
                .scan(text, &starts)
                .is_empty()
        );
    }

    #[test]
    fn headings_are_normalized_before_matching() {
        assert_eq!(
            normalize_heading("3. Alternatives considered (v1)"),
            "Alternatives considered"
        );
        assert_eq!(
            normalize_heading("✅ Step 2: High-level design"),
            "High-level design"
        );
        assert_eq!(normalize_heading("2.1) Data model:"), "Data model");
        assert_eq!(normalize_heading("A) Requirements"), "Requirements");
        assert_eq!(normalize_heading("Deep dive 🔍"), "Deep dive");
        assert_eq!(normalize_heading("99.99% availability"), "99.99% availability");
        let ix = HeadingIndex::new(&["(?i)^alternatives considered$".into(), "(?i)design".into()]).unwrap();
        assert_eq!(ix.matches("## 3. Alternatives considered (v1)"), vec![0]);
        assert_eq!(ix.matches("High-level design"), vec![1]);
    }

    #[test]
    fn keywords_match_whole_words_plurals_and_variants() {
        let mut b = TermIndexBuilder::default();
        let cache = b.add("cache");
        let tradeoff = b.add("trade-off");
        let scal = b.add("scal*");
        let lb = b.add("load balancer");
        let ix = b.build();
        let text =
            "Caches, a trade off, tradeoffs, scalability; cachet; Load-Balancers; http_cache; non-cache";
        let hits: Vec<(usize, &str)> = ix.scan(text).into_iter().map(|(id, r)| (id, &text[r])).collect();
        assert_eq!(
            hits,
            vec![
                (cache, "Caches"),
                (tradeoff, "trade off"),
                (tradeoff, "tradeoffs"),
                (scal, "scalability"),
                (lb, "Load-Balancers"),
            ]
        );
    }

    #[test]
    fn terms_that_start_with_punctuation_follow_a_word() {
        let mut b = TermIndexBuilder::default();
        let per_s = b.add("/s");
        let ix = b.build();
        let t = "50K requests/s, 385 pages/s and 3/sec";
        let found: Vec<(usize, &str)> = ix.scan(t).into_iter().map(|(id, r)| (id, &t[r])).collect();
        // "/s" after a word, but not the start of "/sec" (a term of its own).
        assert_eq!(found, vec![(per_s, "/s"), (per_s, "/s")]);
    }

    /// Every keyword of a TOML value (the `keywords` arrays of a rubric).
    fn keywords_of(v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    match (k.as_str(), v) {
                        ("keywords", toml::Value::Array(a)) => {
                            out.extend(a.iter().filter_map(|x| x.as_str().map(str::to_string)))
                        }
                        _ => keywords_of(v, out),
                    }
                }
            }
            toml::Value::Array(a) => a.iter().for_each(|x| keywords_of(x, out)),
            _ => {}
        }
    }

    /// The scan, written the slow and obvious way: every variant at every
    /// byte, then the word rules.
    fn brute_force(b: &TermIndexBuilder, text: &str) -> Vec<(usize, Range<usize>)> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        for s in 0..bytes.len() {
            for (v, id) in &b.variants {
                let Some(window) = bytes.get(s..s + v.len()) else {
                    continue;
                };
                if !window.eq_ignore_ascii_case(v.as_bytes()) {
                    continue;
                }
                let starts_word = is_word_byte(v.as_bytes()[0]);
                if starts_word
                    && s > 0
                    && (is_word_byte(bytes[s - 1])
                        || (bytes[s - 1] == b'-' && s > 1 && is_word_byte(bytes[s - 2])))
                {
                    continue;
                }
                if let Some(end) = b.terms[*id].word_end(bytes, s + v.len()) {
                    out.push((*id, s..end));
                }
            }
        }
        out.sort_by_key(|(id, r)| (r.start, *id, std::cmp::Reverse(r.end)));
        out.dedup_by(|a, b| a.0 == b.0 && a.1.start == b.1.start);
        out
    }

    #[test]
    fn scan_finds_what_a_brute_force_search_finds() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut words = Vec::new();
        for name in ["interview", "design-doc", "adr"] {
            let text = std::fs::read_to_string(root.join(format!("rules/{name}.toml"))).unwrap();
            keywords_of(&toml::from_str(&text).unwrap(), &mut words);
        }
        words.extend(["/s", "99.9%", "pub/sub", "scal*", "café"].map(String::from));
        let mut b = TermIndexBuilder::default();
        for w in &words {
            b.add(w);
        }
        let reference = TermIndexBuilder {
            terms: b.terms.clone(),
            variants: b.variants.clone(),
        };
        let ix = b.build();
        let mut texts = vec![
            "Non-functional: 50K requests/s, p99 < 200ms, 99.9% up; pub/sub, Pub/Sub-based CAFÉ café-au-lait"
                .to_string(),
            "tradeoffs trade-offs trade offs, re-caching; the cache's cached caches; scalability/scaling"
                .into(),
        ];
        for dir in ["fixtures/interview", "fixtures/design-doc", "fixtures/findings"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
                if e.path().extension().is_some_and(|x| x == "md") {
                    texts.push(std::fs::read_to_string(e.path()).unwrap());
                }
            }
        }
        // The same index twice: as built (the NFA scans first) and with its
        // DFA built.
        let with_dfa = TermIndexBuilder {
            terms: reference.terms.clone(),
            variants: reference.variants.clone(),
        }
        .build();
        with_dfa.automaton(DFA_AFTER_BYTES);
        assert!(with_dfa.dfa.get().is_some() && ix.dfa.get().is_none());
        let mut hits = 0;
        for t in &texts {
            let expected = brute_force(&reference, t);
            let found = ix.scan(t);
            hits += found.len();
            assert_eq!(found, expected, "NFA, in {:?}…", &t[..t.len().min(60)]);
            assert_eq!(with_dfa.scan(t), expected, "DFA, in {:?}…", &t[..t.len().min(60)]);
        }
        assert!(hits > 1000, "the fixtures mention many keywords ({hits})");
    }

    #[test]
    fn keywords_do_not_match_inside_non_ascii_words() {
        let mut b = TermIndexBuilder::default();
        b.add("cache");
        let ix = b.build();
        assert!(ix.scan("écache").is_empty());
        assert_eq!(ix.scan("日本 cache 日本").len(), 1);
    }
}
