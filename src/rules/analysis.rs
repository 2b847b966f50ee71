//! What every rule needs from a document, computed once: which heading
//! synonyms each section matches, every keyword hit in prose, and which blocks
//! are placeholders rather than content.

use std::ops::Range;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{LazyLock, OnceLock};

use super::Phase;
use super::index::{HeadingIndex, ProseSet, TermIndex};
use crate::document::{BlockKind, Document};

/// One keyword occurrence, in 16 bytes (a big file has millions).
#[derive(Debug, Clone)]
pub struct Hit {
    term: u32,
    block: u32,
    start: u32,
    end: u32,
}

impl Hit {
    fn new(term: usize, block: usize, range: Range<usize>) -> Hit {
        // Offsets into a document under 4 GiB ([`crate::text::decode`]).
        let n = |x: usize| u32::try_from(x).expect("a document under 4 GiB");
        Hit {
            term: n(term),
            block: n(block),
            start: n(range.start),
            end: n(range.end),
        }
    }

    /// The term's id in the rubric's [`TermIndex`].
    pub fn term(&self) -> usize {
        self.term as usize
    }

    /// Index of the block the hit is in.
    pub fn block(&self) -> usize {
        self.block as usize
    }

    /// Plain-text range in the block.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

#[derive(Debug)]
pub struct Analysis {
    /// Per section: ids of the heading patterns its title matches.
    pub section_headings: Vec<Vec<usize>>,
    /// Keyword hits in prose, headings and plain-text code blocks (not code in
    /// a language, not URLs, not placeholder blocks), in document order.
    pub hits: Vec<Hit>,
    /// Term id → indices into `hits`.
    pub by_term: Vec<Vec<usize>>,
    /// Blocks whose content is only a placeholder ("TBD", "TODO: estimates").
    pub placeholder: Vec<bool>,
    /// Per section: words of prose that are content (placeholders excluded)
    /// in the section and its subsections; for the preamble (section 0), in
    /// its own blocks. ([`Document::subtree_words`] counts every prose word
    /// of a subtree.)
    pub content_words: Vec<usize>,
    /// Per section: the rubric phase its heading names, or its parent's.
    pub section_phase: Vec<Option<usize>>,
    /// Paragraphs and list items that open with a short label ("Requirements:
    /// …", "Storage: …"): (block, heading pattern ids the label matches). In a
    /// write-up without headings, a label is where a heading would be; empty
    /// in one with headings ([`Document::has_headings`]), where "Security: …"
    /// is an item of some other section's list.
    pub labels: Vec<(usize, Vec<usize>)>,
    /// Code blocks that are diagrams (mermaid, ASCII art …), in document order.
    pub diagrams: Vec<usize>,
    /// The plain text of every prose block and heading, one after another
    /// (each followed by a newline), so that a rule can search the whole
    /// document in one call instead of one call per block.
    pub prose: Prose,
    /// What kind of document this is (a write-up, an overview of other files, a
    /// guide), and the figures it was decided from.
    pub kind: crate::document::kind::Kind,
    pub kind_signals: crate::document::kind::Signals,
    /// Per block: a row of a table framed by reasons (a "Why" column).
    pub reason_rows: Vec<bool>,
    /// Per section: does its heading frame reasons ([`super::evidence::frames_reasons`])?
    pub frames_reasons: Vec<bool>,
    /// Per block: what rules ask of its text again and again, each worked
    /// out when first asked ([`Analysis::gives_reason`],
    /// [`Analysis::describes_mechanism`]).
    asked: Box<[AtomicU8]>,
    /// Per rule with patterns in the rubric's [`ProseSet`] (its code): the
    /// blocks where one of them may match.
    prose_matches: Vec<(String, Vec<usize>)>,
}

/// Prose and headings of a document in one string.
#[derive(Debug, Default)]
pub struct Prose {
    /// (block, offset of its text in the string), in document order.
    pub starts: Vec<(usize, usize)>,
    /// The string, made when a rule first asks for it ([`Prose::text`]).
    /// The analysis makes it once for the rubric's pass and drops it: on a
    /// big file it is nearly the size of the file, and most runs need it
    /// only for that pass.
    text: OnceLock<String>,
}

impl Prose {
    fn new(doc: &Document) -> Prose {
        let mut starts = Vec::new();
        let mut len = 0;
        for (i, b) in doc.blocks.iter().enumerate() {
            if b.is_prose() || b.is_heading() {
                starts.push((i, len));
                len += b.text.len() + 1;
            }
        }
        Prose {
            starts,
            text: OnceLock::new(),
        }
    }

    /// The text of every prose block and heading, each followed by a newline.
    fn make(&self, doc: &Document) -> String {
        let len = self
            .starts
            .last()
            .map_or(0, |&(i, o)| o + doc.blocks[i].text.len() + 1);
        let mut text = String::with_capacity(len);
        for &(i, _) in &self.starts {
            text.push_str(doc.blocks[i].text);
            text.push('\n');
        }
        text
    }

    /// The prose and headings in one string, each block's text followed by
    /// a newline, at its offset in [`Prose::starts`].
    pub fn text(&self, doc: &Document) -> &str {
        self.text.get_or_init(|| self.make(doc))
    }

    /// The blocks whose own text has a non-empty match of `re`, each once, in
    /// document order: one search for the whole document, then one per
    /// matching block. `re` must not use `^` or `$` outside multi-line mode,
    /// which would mean the ends of each block rather than of this string.
    pub fn blocks_matching(&self, doc: &Document, re: &regex_automata::meta::Regex) -> Vec<usize> {
        let text = self.text(doc);
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(m) = re.search(&regex_automata::Input::new(text).range(at..)) else {
                break;
            };
            let k = self.starts.partition_point(|&(_, o)| o <= m.start()) - 1;
            let next = self.starts.get(k + 1).map_or(text.len(), |&(_, o)| o);
            // The newline after the block's text.
            let sep = next - 1;
            if m.start() >= sep {
                at = next;
            } else if !m.is_empty() && m.end() <= sep {
                out.push(self.starts[k].0);
                at = next;
            } else {
                // Empty, or running into the next block: a match of this
                // block's own may still start further on.
                at = crate::text::ceil_char_boundary(text, m.start() + 1);
            }
        }
        out
    }
}

/// "Requirements: crawl 1B pages …" → "Requirements" (at most five words before the colon).
static LABEL: LazyLock<crate::text::Matcher> =
    LazyLock::new(|| crate::text::Matcher::new(r"^\s*([A-Za-z][A-Za-z0-9 /&'()-]{1,40}?)\s*:\s+\S"));

/// A placeholder token: TODO, TBD, FIXME, XXX, ???, "to be decided", "coming soon".
pub static PLACEHOLDER: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"\b(?:TODO|TBD|TBA|FIXME|XXX)\b|\?{3,}|(?i:\bto be (?:decided|determined|defined|done|added|written)\b|\bcoming soon\b|\blorem ipsum\b|\bfill (?:this|me) in\b)",
    )
});

/// Is this text nothing but a placeholder, maybe behind a label ("Tradeoffs: TBD.")?
pub fn is_placeholder_only(text: &str) -> bool {
    let Some(m) = PLACEHOLDER.find(text) else {
        return false;
    };
    let before = text[..m.start()].trim();
    let after = text[m.end()..].trim();
    let label_ok = before.is_empty()
        || (before.ends_with([':', '-', '–', '—', '(']) && crate::document::count_words(before) <= 4);
    let rest_ok = crate::document::count_words(after) <= 4;
    label_ok && rest_ok
}

/// Does the text before a keyword negate it ("no bottlenecks", "without a
/// single point of failure", "never fails")? A denied topic is not covered.
fn negated(before: &str) -> bool {
    let tail = before.trim_end();
    let start = tail.len().saturating_sub(24);
    let start = crate::text::ceil_char_boundary(tail, start);
    let neg = |w: &str| {
        ["no", "without", "never", "zero", "nor"]
            .iter()
            .any(|n| w.eq_ignore_ascii_case(n))
    };
    let mut words = tail[start..].split_whitespace().rev();
    match (words.next(), words.next()) {
        (Some(w), _) if neg(w) => true,
        (Some(_), Some(w)) => neg(w),
        _ => false,
    }
}

/// Blocks whose content is only a placeholder, and the keyword hits of every
/// other block of prose, headings and plain-text code, in document order.
fn keyword_hits(doc: &Document, terms: &TermIndex) -> (Vec<bool>, Vec<Hit>) {
    let mut placeholder = vec![false; doc.blocks.len()];
    let mut hits = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        // Code in a programming language is not evidence; a plain-text block is.
        if !(b.is_prose() || b.is_heading() || b.is_plain_text_code()) {
            continue;
        }
        if b.words() <= 12 && PLACEHOLDER.is_match(b.text) {
            placeholder[i] = true;
            if is_placeholder_only(b.text) || b.words() <= 6 {
                continue;
            }
        }
        for (term, range) in terms.scan(b.text) {
            if !b.is_masked(&range) && !negated(&b.text[..range.start]) {
                hits.push(Hit::new(term, i, range));
            }
        }
    }
    // Grown by doubling: give back what the last doubling left unused.
    hits.shrink_to_fit();
    (placeholder, hits)
}

/// Paragraphs and list items that open with a short label that a heading
/// pattern matches ([`Analysis::labels`]).
fn labels(doc: &Document, headings: &HeadingIndex) -> Vec<(usize, Vec<usize>)> {
    // Only where labels are used: otherwise every "X: …" paragraph would
    // run the whole heading set for nothing.
    let labelled_blocks = if doc.has_headings() { &[] } else { &doc.blocks[..] };
    labelled_blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem { .. }))
        .filter_map(|(i, b)| {
            let label = LABEL.captures(b.text)?.get(1)?.as_str();
            (crate::document::count_words(label) <= 5).then(|| (i, headings.matches(label)))
        })
        .filter(|(_, ids)| !ids.is_empty())
        .collect()
}

impl Analysis {
    pub fn new(
        doc: &Document,
        headings: &HeadingIndex,
        terms: &TermIndex,
        prose_set: &ProseSet,
        phases: &[Phase],
    ) -> Analysis {
        // The parts that do not depend on each other are made side by side
        // (a file that is linted alone uses every core). The prose's string
        // comes first, so that it is gone before the hits are made.
        let prose = Prose::new(doc);
        let (prose_matches, kind_signals) = rayon::join(
            || prose_set.scan(&prose.make(doc), &prose.starts),
            || doc.kind_signals(),
        );
        let ((placeholder, hits), (section_headings, labels, reason_rows)) = rayon::join(
            || keyword_hits(doc, terms),
            || {
                let section_headings: Vec<Vec<usize>> =
                    doc.sections.iter().map(|s| headings.matches(&s.title)).collect();
                (
                    section_headings,
                    labels(doc, headings),
                    super::evidence::rows_of_reasons(doc),
                )
            },
        );
        // Each term's list at its exact size.
        let mut counts = vec![0usize; terms.terms.len()];
        for h in &hits {
            counts[h.term()] += 1;
        }
        let mut by_term: Vec<Vec<usize>> = counts.into_iter().map(Vec::with_capacity).collect();
        for (i, h) in hits.iter().enumerate() {
            by_term[h.term()].push(i);
        }
        let content_words = (0..doc.sections.len())
            .map(|s| {
                let r = if s == 0 {
                    doc.sections[0].blocks.clone()
                } else {
                    doc.subtree_blocks(s)
                };
                doc.blocks[r.clone()]
                    .iter()
                    .zip(&placeholder[r])
                    .filter(|(b, p)| b.is_prose() && !**p)
                    .map(|(b, _)| b.words())
                    .sum()
            })
            .collect();
        let section_phase = phases_of_sections(doc, phases, &section_headings);
        Analysis {
            prose_matches,
            section_headings,
            hits,
            by_term,
            placeholder,
            content_words,
            section_phase,
            labels,
            diagrams: (0..doc.blocks.len())
                .filter(|&i| doc.blocks[i].role == crate::document::Role::Diagram)
                .collect(),
            prose,
            kind: crate::document::kind::classify(&kind_signals),
            kind_signals,
            reason_rows,
            frames_reasons: doc
                .sections
                .iter()
                .map(|s| super::evidence::frames_reasons(&s.title))
                .collect(),
            asked: doc.blocks.iter().map(|_| AtomicU8::new(0)).collect(),
        }
    }

    /// Does the block's text give a reason or a cost ([`super::evidence::gives_reason`])?
    pub fn gives_reason(&self, doc: &Document, block: usize) -> bool {
        self.once(block, 0, || super::evidence::gives_reason(doc.blocks[block].text))
    }

    /// Does the block's text describe a mechanism with its figures
    /// ([`super::evidence::describes_mechanism`])?
    pub fn describes_mechanism(&self, doc: &Document, block: usize) -> bool {
        self.once(block, 2, || {
            super::evidence::describes_mechanism(doc.blocks[block].text)
        })
    }

    /// A question about a block's text, answered once: at bit `at` of the
    /// block's byte, whether it was asked; at the next bit, the answer. Rules
    /// running side by side may both work it out; the answer is the same.
    fn once(&self, block: usize, at: u8, answer: impl FnOnce() -> bool) -> bool {
        let known = self.asked[block].load(Ordering::Relaxed);
        if known >> at & 1 == 1 {
            return known >> (at + 1) & 1 == 1;
        }
        let yes = answer();
        self.asked[block].fetch_or((1 | u8::from(yes) << 1) << at, Ordering::Relaxed);
        yes
    }

    /// The blocks where one of the rule's [`Detector::prose_patterns`] may
    /// match (every block where one does, in order), or `None` when the
    /// rule is to search on its own.
    ///
    /// [`Detector::prose_patterns`]: super::Detector::prose_patterns
    pub fn prose_blocks(&self, code: &str) -> Option<&[usize]> {
        self.prose_matches
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, b)| b.as_slice())
    }

    /// Words of prose in a section's own blocks, placeholders excluded.
    pub fn own_words(&self, doc: &Document, section: usize) -> usize {
        let r = doc.sections[section].blocks.clone();
        doc.blocks[r.clone()]
            .iter()
            .zip(&self.placeholder[r])
            .filter(|(b, p)| b.is_prose() && !**p)
            .map(|(b, _)| b.words())
            .sum()
    }

    /// Sections whose heading matches any of the pattern ids, outermost first
    /// (a match nested inside another match is left out).
    pub fn sections_matching(&self, doc: &Document, patterns: &[usize]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        if patterns.is_empty() {
            return out;
        }
        // The title of the whole write-up ("# Chat app: high-level design")
        // names the document, not one of its parts.
        let title = doc
            .title_section()
            .filter(|&t| doc.sections[t].level == 1 && doc.sections[t].subtree_end == doc.sections.len());
        for (i, ids) in self.section_headings.iter().enumerate() {
            if i == 0 || Some(i) == title || !ids.iter().any(|id| patterns.contains(id)) {
                continue;
            }
            // Kept sections are disjoint subtrees in document order, so only the
            // last can contain `i` (checking them all was quadratic).
            if out.last().is_some_and(|&o| i < doc.sections[o].subtree_end) {
                continue;
            }
            out.push(i);
        }
        out
    }
}

/// The phase each section belongs to: the phase whose heading synonyms its
/// title matches most (a tie goes to the later phase: "Design deep dive" is a
/// deep dive), else its parent's. A subsection of a scope phase stays in it.
fn phases_of_sections(doc: &Document, phases: &[Phase], matches: &[Vec<usize>]) -> Vec<Option<usize>> {
    let mut out: Vec<Option<usize>> = vec![None; doc.sections.len()];
    // The title ("# Design a URL shortener") names the whole write-up, not a phase.
    let title = doc.title_section().filter(|&t| doc.sections[t].level == 1);
    for i in (1..doc.sections.len()).filter(|&i| Some(i) != title) {
        let best = phases
            .iter()
            .enumerate()
            .map(|(p, ph)| (matches[i].iter().filter(|id| ph.headings.contains(id)).count(), p))
            .filter(|(n, _)| *n > 0)
            .max();
        let inherited = doc.sections[i].parent.and_then(|p| out[p]);
        out[i] = match (best, inherited) {
            // Under a scope phase (requirements), "Security" or "Scalability"
            // is a requirement of that kind, not the wrap-up's discussion.
            (_, Some(q)) if phases[q].scope => Some(q),
            (Some((_, p)), _) => Some(p),
            (None, q) => q,
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the analysis answers of a block, once and again, is what the
    /// evidence functions say of its text.
    #[test]
    fn answers_asked_twice_are_the_functions_answers() {
        let src = "# Design\n\nWe shard by user id because reads dominate.\n\n\
                   If a node fails, its shards move to a replica within 30 s.\n\n\
                   - Redis cache\n- Postgres, since the joins matter\n";
        let arena = crate::document::Arena::new();
        let doc = Document::parse(src, &arena);
        let rubric = crate::rubric::load("interview", std::path::Path::new(".")).unwrap();
        let an = rubric.analyse(&doc);
        let mut reasons = 0;
        for _ in 0..2 {
            for (i, b) in doc.blocks.iter().enumerate() {
                assert_eq!(
                    an.gives_reason(&doc, i),
                    super::super::evidence::gives_reason(b.text)
                );
                assert_eq!(
                    an.describes_mechanism(&doc, i),
                    super::super::evidence::describes_mechanism(b.text)
                );
                reasons += usize::from(an.gives_reason(&doc, i));
            }
        }
        assert_eq!(reasons, 4, "two blocks give a reason, asked twice");
        assert!((0..doc.blocks.len()).any(|i| an.describes_mechanism(&doc, i)));
    }

    #[test]
    fn hits_know_their_term_block_and_range() {
        let rubric = crate::rubric::load("interview", std::path::Path::new(".")).unwrap();
        let src = "# Design\n\nWe put a café cache in front of the database, and a cache of sessions.\n";
        let arena = crate::document::Arena::new();
        let doc = Document::parse(src, &arena);
        let an = rubric.analyse(&doc);
        let caches: Vec<&Hit> = an
            .hits
            .iter()
            .filter(|h| &doc.blocks[h.block()].text[h.range()] == "cache")
            .collect();
        assert_eq!(caches.len(), 2);
        assert!(caches.iter().all(|h| h.block() == 1));
        let t = caches[0].term();
        assert_eq!(&rubric.terms.terms[t].text, "cache");
        // Each term's list at its exact size, in document order.
        assert!(an.by_term.iter().all(|l| l.len() == l.capacity()));
        let ranges: Vec<_> = an.by_term[t].iter().map(|&h| an.hits[h].range()).collect();
        assert_eq!(ranges, [caches[0].range(), caches[1].range()]);
        assert_eq!(&src[doc.blocks[1].source_range(caches[1].range())], "cache");
    }

    #[test]
    fn negations() {
        assert!(negated("this design has no "));
        assert!(negated("it has no single "));
        assert!(negated("runs without "));
        assert!(!negated("the main "));
        assert!(!negated("we know the "));
        assert!(!negated(""));
    }

    #[test]
    fn placeholders_behind_labels() {
        assert!(is_placeholder_only("TBD"));
        assert!(is_placeholder_only("Tradeoffs: TBD."));
        assert!(is_placeholder_only("TODO: estimates"));
        assert!(is_placeholder_only("???"));
        assert!(!is_placeholder_only(
            "We shard by user id; the rebalancing plan is TBD but the key is fixed."
        ));
        assert!(!is_placeholder_only("a todo-list app"));
        assert!(!is_placeholder_only("Cassandra, because writes dominate"));
    }
}
