//! What kind of document this is: a design write-up, an overview page that
//! indexes other files, or a guide about design interviews.
//!
//! Decided from the form of the text, deterministically: how many other
//! Markdown files it links to, how much it speaks to the reader, how often it
//! talks about interviews, and whether it carries numbers of a system at all.

use std::sync::LazyLock;

use super::{Document, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A design write-up (the default).
    WriteUp,
    /// An index of other files: a README that links to its chapters.
    Overview,
    /// Advice about design interviews or about how to design, not a design.
    Guide,
}

/// Figures the decision is made from (kept for the diagnostic and tests).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Signals {
    /// Distinct relative links to other Markdown files.
    pub sibling_files: usize,
    /// Words of prose, headings excluded.
    pub words: usize,
    /// "you", "your" … per thousand words.
    pub second_person: f64,
    /// "interview", "interviewer", "candidate" per thousand words.
    pub interview: f64,
    /// Numbers with a unit or a scale ("10M", "200 ms", "99.9%") per thousand words.
    pub figures: f64,
}

/// Distinct sibling files that make a page an index of them.
pub const OVERVIEW_LINKS: usize = 5;

static SECOND_PERSON: LazyLock<crate::text::Matcher> =
    LazyLock::new(|| crate::text::Matcher::new(r"(?i)\b(?:you|your|you'll|you're|yourself)\b"));
static INTERVIEW: LazyLock<crate::text::Matcher> =
    LazyLock::new(|| crate::text::Matcher::new(r"(?i)\b(?:interview\w*|candidates?)\b"));
static FIGURE: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"(?i)\b\d[\d,.]*\s?(?:[kmbt]\b|[kmgtp]i?b\b|ms\b|s\b|%|/s|/sec|/day|qps\b|rps\b|tps\b|thousand|million|billion|trillion|bytes?\b|users\b|requests\b)",
    )
});

impl Document<'_> {
    /// The signals [`Document::kind`] decides from.
    pub fn kind_signals(&self) -> Signals {
        let mut files: Vec<&str> = self
            .links
            .iter()
            .filter(|l| !l.image && is_sibling_markdown(&l.url))
            .map(|l| l.url.split('#').next().unwrap_or(""))
            .collect();
        files.sort_unstable();
        files.dedup();
        let (mut words, mut you, mut interview, mut figures) = (0usize, 0usize, 0usize, 0usize);
        for b in &self.blocks {
            let own = b.is_prose() || b.is_plain_text_code();
            if !own || b.role == Role::Heading {
                continue;
            }
            words += if b.is_code() {
                super::count_words(b.text)
            } else {
                b.words()
            };
            you += SECOND_PERSON.find_iter(b.text).count();
            interview += INTERVIEW.find_iter(b.text).count();
            figures += FIGURE.find_iter(b.text).count();
        }
        let per_k = |n: usize| {
            if words == 0 {
                0.0
            } else {
                n as f64 * 1000.0 / words as f64
            }
        };
        Signals {
            sibling_files: files.len(),
            words,
            second_person: per_k(you),
            interview: per_k(interview),
            figures: per_k(figures),
        }
    }

    /// What kind of document this is.
    pub fn kind(&self) -> Kind {
        classify(&self.kind_signals())
    }
}

/// The decision: an index of five or more sibling files is an overview; a
/// text that speaks to the reader about interviews and gives no figures of
/// a system is a guide; anything else is a write-up.
pub fn classify(s: &Signals) -> Kind {
    if s.sibling_files >= OVERVIEW_LINKS {
        Kind::Overview
    } else if s.words >= 150 && s.interview >= 6.0 && s.second_person >= 4.0 && s.figures < 3.0 {
        Kind::Guide
    } else {
        Kind::WriteUp
    }
}

/// A link to another Markdown file of the same repository.
pub(super) fn is_sibling_markdown(url: &str) -> bool {
    let u = url.trim();
    if u.contains("://") || u.starts_with("mailto:") || u.starts_with('#') {
        return false;
    }
    let path = u.split(['#', '?']).next().unwrap_or("").to_ascii_lowercase();
    path.ends_with(".md") || path.ends_with(".markdown")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Arena;

    #[test]
    fn sibling_links() {
        assert!(is_sibling_markdown("02_api.md"));
        assert!(is_sibling_markdown("./docs/03-cache.md#ttl"));
        assert!(!is_sibling_markdown("https://example.com/a.md"));
        assert!(!is_sibling_markdown("#requirements"));
        assert!(!is_sibling_markdown("diagram.png"));
    }

    #[test]
    fn an_index_page_is_an_overview() {
        let mut src = String::from("# Payments\n\nA guide in six parts.\n\n");
        for i in 1..=6 {
            src.push_str(&format!("- [Part {i}](0{i}_part.md)\n"));
        }
        assert_eq!(Document::parse(&src, &Arena::new()).kind(), Kind::Overview);
    }

    #[test]
    fn advice_about_interviews_is_a_guide() {
        let para = "In the interview, you should ask your interviewer what the system must do before you draw anything. ";
        let src = format!("# Interviews\n\n{}\n", para.repeat(12));
        let arena = Arena::new();
        let d = Document::parse(&src, &arena);
        assert_eq!(d.kind(), Kind::Guide, "{:?}", d.kind_signals());
        // The same advice next to the figures of a real system is a write-up.
        let figures = "We expect 10M users, 200 ms p99 and 5,000 requests/s at peak, 3 TB/day of writes. ";
        let src = format!("# Chat\n\n{}\n\n{}\n", para.repeat(12), figures.repeat(4));
        assert_eq!(Document::parse(&src, &Arena::new()).kind(), Kind::WriteUp);
    }
}
