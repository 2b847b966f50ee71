//! A big file is parsed in pieces, so that pulldown-cmark's tree of the
//! whole file (some three times its size) is not alive while the document
//! model is built beside it.
//!
//! A first parse of the whole text says where a piece may begin: at an ATX
//! heading of the top level, at the start of its line. Nothing runs on past
//! such a heading (a fenced block, an HTML comment or a front matter still
//! open there would hold it, and it would not be a heading), so the blocks of
//! each piece are the blocks of the whole. What pulldown-cmark keeps for the
//! whole document goes with every piece: the link reference definitions, for
//! the links of a piece whose definition is in another (a piece's parser asks
//! [`Plan::lookup`]). The plan gives up, and the file is parsed whole, when a
//! piece could still read otherwise than the whole: a footnote whose only
//! definitions are in other pieces, references expanded past the budget
//! pulldown-cmark gives a text (its length), or a piece defining a label
//! otherwise than the document's first definition of it ([`Plan::agrees`]).
//! `tests.rs` checks that a document parsed in small pieces is the document
//! parsed whole, on every fixture.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, RefDefs, Tag};
use unicase::UniCase;

/// Files from this size on are parsed in pieces: below it the tree of the
/// whole file is small beside the rest of a run, and the first parse that
/// plans the pieces would cost more time than the memory is worth.
pub const FROM: usize = 32 << 20;

/// A piece is at least this long (it ends at the first heading past it).
pub const PIECE: usize = 4 << 20;

/// Where the pieces of a text begin, and what every piece must know.
#[derive(Debug)]
pub struct Plan {
    /// Where each piece begins (0 first), then the text's length.
    pub cuts: Vec<usize>,
    /// The document's link reference definitions (the first of each label):
    /// label → (destination, title).
    defs: HashMap<UniCase<String>, (String, String)>,
}

impl Plan {
    /// The pieces of `text` (at least `piece` bytes each), or `None` when it
    /// cannot be parsed in two pieces or more with the same outcome.
    pub fn new(text: &str, options: Options, piece: usize) -> Option<Plan> {
        let bytes = text.as_bytes();
        let mut headings = Vec::new();
        // Footnotes: each label's definitions, and every reference.
        let mut notes: HashMap<String, Vec<usize>> = HashMap::new();
        let mut refs: Vec<(usize, String)> = Vec::new();
        // Where a reference link was expanded, and what that spent.
        let mut spent: Vec<(usize, usize)> = Vec::new();
        let mut depth = 0usize;
        let mut events = Parser::new_ext(text, options).into_offset_iter();
        for (event, r) in &mut events {
            match event {
                Event::Start(tag) => {
                    match &tag {
                        Tag::Heading { .. }
                            if depth == 0
                                && bytes.get(r.start) == Some(&b'#')
                                && (r.start == 0 || bytes[r.start - 1] == b'\n') =>
                        {
                            headings.push(r.start);
                        }
                        Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            ..
                        }
                        | Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            ..
                        } if matches!(
                            link_type,
                            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut
                        ) =>
                        {
                            spent.push((r.start, dest_url.len() + title.len()));
                        }
                        Tag::FootnoteDefinition(label) => {
                            notes.entry(label.to_string()).or_default().push(r.start);
                        }
                        _ => {}
                    }
                    depth += 1;
                }
                Event::End(_) => depth = depth.saturating_sub(1),
                Event::FootnoteReference(label) => refs.push((r.start, label.to_string())),
                _ => {}
            }
        }
        let defs = events
            .reference_definitions()
            .iter()
            .map(|(label, d)| {
                (
                    UniCase::new(label.to_string()),
                    (d.dest.to_string(), d.title.as_deref().unwrap_or("").to_string()),
                )
            })
            .collect();
        // The tree of the whole text goes here, before the model is built.
        drop(events);
        // A footnote reference and its nearest definition stay in one piece
        // (a label only defined otherwise than written: no pieces).
        let mut held: Vec<Range<usize>> = Vec::new();
        for (at, label) in &refs {
            let near = notes.get(label)?.iter().min_by_key(|d| d.abs_diff(*at))?;
            held.push((*at).min(*near)..(*at).max(*near));
        }
        held.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::new();
        for r in held {
            match merged.last_mut() {
                Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
                _ => merged.push(r),
            }
        }
        let splits = |h: usize| {
            let i = merged.partition_point(|r| r.start < h);
            i > 0 && h <= merged[i - 1].end
        };
        let mut cuts = vec![0];
        for h in headings {
            if h - cuts[cuts.len() - 1] >= piece && !splits(h) {
                cuts.push(h);
            }
        }
        cuts.push(text.len());
        if cuts.len() < 3 {
            return None;
        }
        // pulldown-cmark expands references while their lengths add up to
        // less than the text's length (at least 100,000): within that budget
        // in the whole text and in each piece, every one is expanded.
        let budget = |len: usize| len.max(100_000);
        if spent.iter().map(|s| s.1).sum::<usize>() >= budget(text.len()) {
            return None;
        }
        for w in cuts.windows(2) {
            let lo = spent.partition_point(|s| s.0 < w[0]);
            let hi = spent.partition_point(|s| s.0 < w[1]);
            if spent[lo..hi].iter().map(|s| s.1).sum::<usize>() >= budget(w[1] - w[0]) {
                return None;
            }
        }
        Some(Plan { cuts, defs })
    }

    /// The destination and title of a link label defined in the document,
    /// for a piece that does not define it.
    pub fn lookup(&self, label: &str) -> Option<(String, String)> {
        self.defs.get(&UniCase::new(label.to_string())).cloned()
    }

    /// Does every definition a piece makes agree with the document's (the
    /// first of its label)?
    pub fn agrees(&self, piece: &RefDefs<'_>) -> bool {
        piece.iter().all(|(label, d)| {
            self.defs
                .get(&UniCase::new(label.to_string()))
                .is_some_and(|(dest, title)| *dest == *d.dest && *title == *d.title.as_deref().unwrap_or(""))
        })
    }
}
