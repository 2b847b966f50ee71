//! The role of each block: whose words they are and what they do.
//!
//! A reviewer reads "Redis" in a tech-stack list, in a table-of-contents
//! entry, in a learning objective and in a sentence that says why the feed is
//! cached in Redis very differently. Rules weigh evidence by these roles, one
//! way for all of them: a sentence of the author's own prose can reason, a
//! label only names, and a link, an objective or a checklist line describes
//! some other text (or the reader's homework) rather than the design.
//!
//! Roles are decided from the block's form and its place, never from the
//! topic it is about.

use std::sync::LazyLock;

use super::{Block, BlockKind, Document};

/// Does a text name two or more Markdown files (`02_design.md`)?
fn names_files(text: &str) -> bool {
    // One search first: most texts (and long code blocks) name no file.
    if !text.contains(".md") {
        return false;
    }
    text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '`' | '"' | '\''))
        .filter(|w| {
            let w = w.trim_end_matches(|c: char| c.is_ascii_punctuation());
            w.len() > 3 && w.ends_with(".md")
        })
        .nth(1)
        .is_some()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Heading,
    /// A sentence (or more) of the author's own prose.
    Sentence,
    /// A short noun phrase or name: a tech-stack item, "High availability".
    Label,
    /// A row of a table.
    TableRow,
    /// A link to another document or place with little text of its own: a
    /// table-of-contents entry, "see X", a reference list item.
    Link,
    /// A checklist line (`- [ ]`, ✅): a tick of something claimed elsewhere.
    Checklist,
    /// Anything under a "What you'll learn", "Table of contents" or
    /// "Prerequisites" heading: it describes other text or the reader's homework.
    Objective,
    /// Quoted speech, an example question in quotes, a transcript line.
    Quote,
    /// Advice to the reader ("You should ask about the scale first").
    Advice,
    /// A code block (what it is, a program or plain text, is on the block).
    Code,
    /// A diagram: a mermaid or plantuml block, box-drawing or ASCII art.
    Diagram,
    Html,
}

impl Role {
    /// Could this block's words be the author's evidence of a part of the design?
    pub fn is_evidence(self) -> bool {
        matches!(
            self,
            Role::Sentence | Role::Label | Role::TableRow | Role::Quote | Role::Checklist
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Heading => "heading",
            Role::Sentence => "sentence",
            Role::Label => "label",
            Role::TableRow => "table row",
            Role::Link => "link",
            Role::Checklist => "checklist line",
            Role::Objective => "objective or contents entry",
            Role::Quote => "quote",
            Role::Advice => "advice to the reader",
            Role::Code => "code",
            Role::Diagram => "diagram",
            Role::Html => "HTML",
        }
    }
}

/// Headings of sections that describe other text or the reader's work.
static ABOUT_OTHER_TEXT: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)what you(?:'|’| wi)?ll (?:learn|build|get|need)|\byou will learn\b|learning (?:objectives?|goals|outcomes|path)|^(?:key )?(?:objectives|goals of this (?:guide|chapter))$|table of contents|^contents$|^toc$|(?:topics|concepts|what(?:'s| is)) (?:covered|included)|covered (?:here|in this)|in this (?:guide|chapter|document|article|tutorial|series)|navigation|^prerequisites|further reading|\breferences$|\bresources$|^related (?:topics|reading|links|chapters)|study (?:plan|guide|checklist)|time to read|reading (?:order|list|time)|how to (?:use|read) this|^(?:interview )?checklist$|practice (?:questions|problems|exercises)|\bthis (?:guide|course|chapter|book|repo(?:sitory)?|tutorial|series)\b|interview (?:tips|questions|prep\w*|checklist|q ?& ?a)|\btips\b|interviewers? (?:look|expect|want|ask)|quick ?start(?:$|\s*\()|getting started|how to (?:use|read|study|prepare|approach|practice)|^for (?:interview|hands-on|quick|beginners)|common (?:beginner |interview )?(?:mistakes|pitfalls|questions)|learning path|mock interview|interview simulation|what to (?:study|practice) first",
    )
});

/// Words a sentence has and a bare name lacks.
static FUNCTION_WORDS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "can", "could",
    "should", "must", "may", "might", "does", "do", "did", "we", "it", "they", "our", "this", "that",
    "which", "when", "if", "because", "so", "then", "to", "its", "their", "each", "every", "into", "onto",
    "gets", "uses", "use", "needs", "need", "takes", "keeps", "stores", "sends", "reads", "writes",
    "returns", "calls", "makes", "lets", "allows", "means", "costs", "avoids", "goes",
];

/// Second person, as a guide speaks to its reader.
static SECOND_PERSON: LazyLock<crate::text::Matcher> =
    LazyLock::new(|| crate::text::Matcher::new(r"(?i)\b(?:you|you'll|you're|you'd|you've|your|yourself)\b"));

/// A transcript line: "Interviewer: …", "Q: …", "Candidate: …".
static SPEAKER: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)^\s*(?:interviewer|candidate|interviewee|you|me|q|a|question|answer)\s*[:：]",
    )
});

/// A pointer to other text: "Refer to [X] for …", "see [Y]", "covered in [Z]".
static POINTER: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\b(?:refer to|see|check out|read more|more details|for details|for more|covered in|described in|discussed in|explained in|as explained|links? (?:directly )?to)\b",
    )
});

/// Empty boxes people type at the start of a to-do line. (Ticks and crosses,
/// ✅ ❌, mark pros and cons as often as done items: they are not checklists.)
const CHECK_MARKS: &[char] = &['☐', '⬜', '🔲', '🔳'];

/// Is `w` (lower-case) a function word?
fn is_function_word(w: &str) -> bool {
    FUNCTION_WORDS.contains(&w)
}

/// A list of names written on one line: "Topics: caching, sharding,
/// trade-offs, monitoring and security" (four items or more, each of three
/// words or fewer, after an optional label).
fn is_enumeration(text: &str) -> bool {
    let t = text.trim().trim_end_matches('.');
    let body = t.split_once(':').map_or(t, |(_, b)| b);
    let items: Vec<&str> = body
        .split(',')
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    items.len() >= 4 && items.iter().all(|p| p.split_whitespace().count() <= 3)
}

/// Does the text read as a sentence rather than a name? Seven words or more do;
/// shorter text does when it has a function word or ends like a sentence.
pub fn reads_as_sentence(text: &str, words: usize) -> bool {
    if is_enumeration(text) {
        return false;
    }
    if words >= 7 {
        return true;
    }
    if words < 4 {
        return false;
    }
    let t = text.trim_end();
    if t.ends_with(['.', '!', '?']) && words >= 5 {
        return true;
    }
    // A subject pronoun opens a clause: "We shard by user id".
    let first = t.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
    if matches!(first.as_str(), "we" | "it" | "they" | "each" | "every") {
        return true;
    }
    let mut function = 0;
    for w in t.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        if !w.is_empty() && is_function_word(&w.to_ascii_lowercase()) {
            function += 1;
        }
    }
    function >= 2 || (function >= 1 && words >= 6)
}

/// Assign a role to every block of `doc`. `tasks` marks the blocks that
/// opened with a task-list marker (`- [ ]`).
pub(super) fn assign(doc: &mut Document, tasks: &[bool]) {
    // Sections (with their subsections) about other text.
    let mut about_other = vec![false; doc.sections.len()];
    for s in 1..doc.sections.len() {
        if about_other[s] {
            continue;
        }
        if ABOUT_OTHER_TEXT.is_match(&doc.sections[s].title) {
            about_other[s..doc.sections[s].subtree_end].fill(true);
        }
    }
    // Per block: words of link text (links to anything, images excluded),
    // and whether it links to another Markdown file.
    let mut link_words = vec![0usize; doc.blocks.len()];
    let mut to_file = vec![false; doc.blocks.len()];
    for l in &doc.links {
        if l.image || l.block >= doc.blocks.len() {
            continue;
        }
        let b = &doc.blocks[l.block];
        if let Some(t) = b.text.get(l.text.clone()) {
            link_words[l.block] += super::count_words(t);
        }
        to_file[l.block] |= super::kind::is_sibling_markdown(&l.url);
    }
    // A section introduced by a link to another file (its heading is the
    // link, or its first block points there) describes that file.
    for s in 1..doc.sections.len() {
        if about_other[s] {
            continue;
        }
        let sec = &doc.sections[s];
        let mostly_link = |b: usize| to_file[b] && link_words[b] * 5 >= doc.blocks[b].words().max(1) * 3;
        let heading_link = sec.heading.is_some_and(mostly_link);
        let first_points = doc.blocks[sec.blocks.clone()]
            .iter()
            .position(|b| b.is_prose())
            .is_some_and(|i| {
                let b = sec.blocks.start + i;
                to_file[b] && (link_words[b] + 3 >= doc.blocks[b].words() || mostly_link(b))
            });
        if heading_link || first_points {
            about_other[s..sec.subtree_end].fill(true);
        }
    }
    for (i, &lw) in link_words.iter().enumerate() {
        let b = &doc.blocks[i];
        let role = match &b.kind {
            BlockKind::Heading { .. } => Role::Heading,
            // A reading path ("1. Read: 01_requirements.md → …") points at
            // other files, whatever its arrows.
            BlockKind::Code { .. } if names_files(b.text) => Role::Link,
            BlockKind::Code { .. } if is_diagram(b) => Role::Diagram,
            BlockKind::Code { .. } => Role::Code,
            BlockKind::Html => Role::Html,
            _ if about_other[b.section()] => Role::Objective,
            _ if tasks.get(i).copied().unwrap_or(false) => Role::Checklist,
            _ if b.text.trim_start().starts_with(CHECK_MARKS) => Role::Checklist,
            _ if lw > 0 && (b.words() <= lw + 3 || lw * 5 >= b.words() * 3 || POINTER.is_match(b.text)) => {
                Role::Link
            }
            BlockKind::TableRow { .. } => Role::TableRow,
            _ if b.quote || is_quoted(b.text) || SPEAKER.is_match(b.text) => Role::Quote,
            _ if SECOND_PERSON.is_match(b.text) => Role::Advice,
            _ if reads_as_sentence(b.text, b.words()) => Role::Sentence,
            _ => Role::Label,
        };
        doc.blocks[i].role = role;
    }
}

/// A block wholly in quotation marks (an example question, a quoted claim),
/// or one that opens with a quoted question (an interview Q&A line:
/// "How do we scale reads?" → replicas).
fn is_quoted(text: &str) -> bool {
    let t = text.trim();
    let open = t.starts_with(['"', '“', '‘']);
    let close = t.trim_end_matches(['.', ',', ';']).ends_with(['"', '”', '’']);
    let question = open && (t.contains("?\"") || t.contains("?”"));
    (open && close && t.chars().count() > 2) || question
}

const LANGS: &[&str] = &[
    "mermaid", "plantuml", "puml", "dot", "graphviz", "d2", "ditaa", "svgbob", "nomnoml", "uml",
];
const STARTS: &[&str] = &[
    "@startuml",
    "graph ",
    "graph\n",
    "flowchart",
    "sequencediagram",
    "digraph",
    "classdiagram",
    "erdiagram",
    "c4context",
];

/// Is this code block a diagram: a diagram language (mermaid, plantuml, dot …)
/// or three lines of box-drawing or ASCII art?
/// Do a line's arrows join names ("Client → LB → App"), not sentences
/// ("User makes 100 requests to server A → allowed")?
fn arrows_join_names(line: &str) -> bool {
    line.split(|c: char| "►▼◄▲→←↓↑▶◀".contains(c))
        .all(|part| part.split_whitespace().count() <= 5)
}

pub fn is_diagram(b: &Block) -> bool {
    let Some(lang) = b.code_lang() else { return false };
    if LANGS.contains(&lang.as_str()) {
        return true;
    }
    let head = b
        .text
        .trim_start()
        .get(..20)
        .unwrap_or(b.text.trim_start())
        .to_ascii_lowercase();
    if STARTS.iter().any(|s| head.starts_with(s)) {
        return true;
    }
    let art_lines = b
        .text
        .lines()
        .filter(|l| {
            // Box-drawing characters and arrows are not ASCII: an ASCII line
            // (most lines of a long code block) is not read char by char.
            let wide = !l.is_ascii();
            (wide && l.chars().any(|c| ('\u{2500}'..='\u{257F}').contains(&c))
                || wide && l.chars().any(|c| "►▼◄▲→←↓↑▶◀".contains(c)) && arrows_join_names(l))
                || ((l.contains("+--") || l.contains("--+") || l.contains("|"))
                    && (l.contains("->") || l.contains("--") || l.contains("|")))
                || l.contains("-->")
                || l.contains("==>")
                || l.contains("<--")
        })
        .count();
    // A chain of three or more names, even on one line: `[Clients] → [LB] → [App]`.
    let chain = b.text.lines().any(|l| {
        !l.is_ascii() && l.chars().filter(|c| "→←".contains(*c)).count() >= 2 && arrows_join_names(l)
            || l.matches("->").count() >= 2 && l.split("->").all(|p| p.split_whitespace().count() <= 5)
    });
    art_lines >= 3 || chain
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Arena;

    fn roles(src: &str) -> Vec<(String, Role)> {
        let arena = Arena::new();
        let d = Document::parse(src, &arena);
        d.blocks.iter().map(|b| (b.text.to_string(), b.role)).collect()
    }

    fn role_of(src: &str, text: &str) -> Role {
        roles(src)
            .into_iter()
            .find(|(t, _)| t == text)
            .unwrap_or_else(|| panic!("no block `{text}` in {:?}", roles(src)))
            .1
    }

    #[test]
    fn a_reading_path_is_not_a_diagram() {
        let path = "1. Read: 01_scope.md (10 min)\n   → the numbers\n2. Read: 02_design.md (20 min)\n   → the boxes\n";
        let arch = "Client → API → Queue\n              ↓\n           Worker → Postgres\n";
        let src = format!("## Paths\n\n```\n{path}```\n\n## Design\n\n```\n{arch}```\n");
        assert_eq!(role_of(&src, path), Role::Link);
        assert_eq!(role_of(&src, arch), Role::Diagram);
    }

    #[test]
    fn arrows_between_sentences_are_not_a_diagram() {
        let story = "Two requests to server A → allowed\nThe same user sends 100 requests to server B → allowed as well\nIn total 200 requests got through → the limit was bypassed\n";
        let src = format!("## Why\n\n```\n{story}```\n");
        assert_eq!(role_of(&src, story), Role::Code);
        let chain = "[Clients] → [Load balancer] → [App servers] → [Postgres]\n";
        let src = format!("## Design\n\n```\n{chain}```\n");
        assert_eq!(role_of(&src, chain), Role::Diagram);
    }

    #[test]
    fn a_list_of_names_on_one_line_is_not_a_sentence() {
        assert!(!reads_as_sentence(
            "Covered here: caching, sharding, trade-offs, monitoring and security.",
            9
        ));
        assert!(reads_as_sentence(
            "We cache feeds, shard by user id, and retry failed writes twice.",
            11
        ));
    }

    #[test]
    fn sentences_and_labels() {
        let src = "- Redis cache\n- High availability\n- The feed is cached in Redis because reads dominate.\n- We shard by user id\n";
        assert_eq!(role_of(src, "Redis cache"), Role::Label);
        assert_eq!(role_of(src, "High availability"), Role::Label);
        assert_eq!(
            role_of(src, "The feed is cached in Redis because reads dominate."),
            Role::Sentence
        );
        assert_eq!(role_of(src, "We shard by user id"), Role::Sentence);
    }

    #[test]
    fn links_and_tables_of_contents() {
        let src = "## Contents\n\n1. [Requirements](#requirements)\n\n## Parts\n\nThe design, part by part.\n\n- [API design](02_api.md)\n- **File:** [`03_cache.md`](03_cache.md)\n- See [the cache chapter](03_cache.md) for how entries expire.\n- The cache keeps entries for ten minutes, see [the cache chapter](03_cache.md) for the reasons why.\n- Entries expire after ten minutes; [Redis](https://redis.io) evicts the least recently used first.\n";
        assert_eq!(role_of(src, "Requirements"), Role::Objective);
        assert_eq!(role_of(src, "API design"), Role::Link);
        assert_eq!(role_of(src, "File: 03_cache.md"), Role::Link);
        assert_eq!(
            role_of(src, "See the cache chapter for how entries expire."),
            Role::Link
        );
        assert_eq!(
            role_of(
                src,
                "The cache keeps entries for ten minutes, see the cache chapter for the reasons why."
            ),
            Role::Link
        );
        assert_eq!(
            role_of(
                src,
                "Entries expire after ten minutes; Redis evicts the least recently used first."
            ),
            Role::Sentence
        );
    }

    #[test]
    fn a_section_about_another_file_describes_that_file() {
        let src = "## 2. Caching\n\n**File:** [`02_cache.md`](02_cache.md)\n\n- Redis holds hot keys for ten minutes\n\n**[03_database.md](03_database.md)**\n\n- Postgres with two read replicas\n\n## 3. Own words\n\n- Redis holds hot keys for ten minutes\n";
        let r = roles(src);
        let items: Vec<Role> = r
            .iter()
            .filter(|(t, _)| t.starts_with("Redis") || t.starts_with("Postgres"))
            .map(|(_, role)| *role)
            .collect();
        assert_eq!(items, vec![Role::Objective, Role::Objective, Role::Sentence]);
    }

    #[test]
    fn objectives_checklists_quotes_and_advice() {
        let src = "## Step 2\n\n**What you'll learn:**\n\n- How caching cuts database load\n\n## Checks\n\n- [ ] Estimate the QPS\n- ☐ Draw the diagram\n- ✅ Sharded by region\n\n## Talk\n\n- \"How many users do we expect?\"\n- Interviewer: what about hot keys?\n\n> The cache is a single point of failure.\n\nYou should ask about the read to write ratio before drawing anything.\n";
        assert_eq!(role_of(src, "How caching cuts database load"), Role::Objective);
        assert_eq!(role_of(src, "Estimate the QPS"), Role::Checklist);
        assert_eq!(role_of(src, "☐ Draw the diagram"), Role::Checklist);
        // A tick marks a pro as often as a done item: read it for what it says.
        assert_eq!(role_of(src, "✅ Sharded by region"), Role::Label);
        assert_eq!(role_of(src, "\"How many users do we expect?\""), Role::Quote);
        assert_eq!(role_of(src, "Interviewer: what about hot keys?"), Role::Quote);
        assert_eq!(
            role_of(src, "The cache is a single point of failure."),
            Role::Quote
        );
        assert_eq!(
            role_of(
                src,
                "You should ask about the read to write ratio before drawing anything."
            ),
            Role::Advice
        );
    }

    #[test]
    fn rows_code_and_headings() {
        let src = "# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```\n";
        let r = roles(src);
        assert_eq!(r[0].1, Role::Heading);
        assert_eq!(r[1].1, Role::TableRow);
        assert_eq!(r[2].1, Role::TableRow);
        assert_eq!(r[3].1, Role::Code);
    }
}
