//! Markdown → [`Document`]: the one model every rule reads.
//!
//! A file is parsed exactly once, with pulldown-cmark's offset iterator, into
//! an outline of [`Section`]s (one per heading, plus a preamble) that own
//! [`Block`]s: paragraphs, list items, table rows, code blocks, HTML. Each block
//! keeps its *plain text* (markup stripped, inline code kept, link targets
//! dropped) and a map from plain-text offsets back to source bytes, so a rule
//! can search plain text and still report the exact source span.
//!
//! Invariants: every span is a byte range into the file as read (BOM and front
//! matter keep their bytes), lies inside the file and on char boundaries. This
//! layer does no I/O.

pub mod kind;
pub mod lines;
pub mod pieces;
pub mod roles;

use std::ops::Range;

use pulldown_cmark::{
    BrokenLink, CodeBlockKind, Event, LinkType, MetadataBlockKind, Options, Parser, Tag, TagEnd,
};
use std::sync::LazyLock;

pub use lines::{LineCol, LineIndex};
pub use roles::Role;

/// Where a [`Document`] keeps its blocks' texts and their maps to the
/// source: one bump arena for them all, made by the caller and alive as
/// long as the document (a big file has hundreds of thousands of blocks,
/// and an allocation of each would cost its own overhead). A block whose
/// text is its source verbatim (a heading, a one-line item, most code)
/// keeps nothing there: its text is the source's.
pub type Arena = bumpalo::Bump;

/// The parsed write-up.
#[derive(Debug)]
pub struct Document<'a> {
    /// The whole file as read.
    pub source: &'a str,
    pub lines: LineIndex,
    /// What is linted: after the BOM and the front matter.
    pub body: Range<usize>,
    pub front_matter: Option<FrontMatter>,
    /// `sections[0]` is the preamble (text before the first heading, possibly empty).
    pub sections: Vec<Section>,
    pub blocks: Vec<Block<'a>>,
    pub links: Vec<Link>,
    pub directives: Vec<Directive>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterKind {
    Yaml,
    Toml,
}

#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub kind: FrontMatterKind,
    /// The whole block, delimiters included.
    pub span: Range<usize>,
    /// The content between the delimiters.
    pub content: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// Index into [`Document::blocks`] of the heading; `None` for the preamble.
    pub heading: Option<usize>,
    /// The heading's plain text ("" for the preamble).
    pub title: String,
    /// 1–6 for ATX/setext headings; a bold pseudo-heading sits one level below
    /// the heading it follows. 0 for the preamble.
    pub level: u8,
    /// A paragraph that is only bold text (`**Storage**`), used as a heading.
    pub pseudo: bool,
    /// From the heading to the next heading of any level.
    pub span: Range<usize>,
    /// The section's own blocks (the heading block excluded, subsections excluded).
    pub blocks: Range<usize>,
    /// `sections[i..subtree_end]` is this section and all its subsections.
    pub subtree_end: usize,
    pub parent: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Heading {
        level: u8,
        pseudo: bool,
    },
    Paragraph,
    ListItem {
        ordered: bool,
        depth: u8,
    },
    /// A table row; the plain text joins its cells with " | ".
    TableRow {
        header: bool,
    },
    Code {
        /// Boxed twice, so that a kind is 16 bytes: few blocks are code.
        info: Box<String>,
        fenced: bool,
    },
    Html,
}

#[derive(Debug, Clone)]
pub struct Block<'a> {
    pub kind: BlockKind,
    pub span: Range<usize>,
    /// Plain text: emphasis markers stripped, inline code and link text kept,
    /// soft breaks as a space, hard breaks as `\n`. In the document's
    /// [`Arena`], or the source itself when it is the source verbatim.
    pub text: &'a str,
    /// The segments that map the text to the source, then the masked
    /// ranges ([`Block::masked`]), the last `masked` of them: one slice
    /// for both keeps a block at 80 bytes.
    maps: &'a [Seg],
    masked: u32,
    /// Index of the section that owns the block ([`Block::section`]).
    section: u32,
    /// Words of prose ([`Block::words`]).
    words: u32,
    /// Inside a block quote.
    pub quote: bool,
    /// What the block does in the write-up (see [`roles`]).
    pub role: Role,
}

/// One contiguous piece of plain text and the source bytes it came from.
/// Offsets are `u32` (12 bytes a segment; a block has one per piece of text
/// and per soft break): [`Document::parse`] takes text under 4 GiB, as
/// [`crate::text::decode`] does.
#[derive(Debug, Clone, Copy)]
struct Seg {
    plain: u32,
    src: u32,
    /// The source length, and in the top bit whether the plain text is the
    /// source bytes verbatim, so that offsets map one to one.
    src_len: u32,
}

const EXACT: u32 = 1 << 31;

impl Seg {
    fn new(plain: usize, src: Range<usize>, exact: bool) -> Seg {
        let n = |x: usize| u32::try_from(x).expect("a document under 4 GiB");
        let len = n(src.len());
        assert!(len < EXACT, "a piece of text under 2 GiB");
        Seg {
            plain: n(plain),
            src: n(src.start),
            src_len: len | if exact { EXACT } else { 0 },
        }
    }

    fn plain(self) -> usize {
        self.plain as usize
    }

    fn src(self) -> usize {
        self.src as usize
    }

    fn src_len(self) -> usize {
        (self.src_len & !EXACT) as usize
    }

    fn exact(self) -> bool {
        self.src_len & EXACT != 0
    }
}

#[derive(Debug, Clone)]
pub struct Link {
    pub url: String,
    pub span: Range<usize>,
    /// The link text's range in its block's plain text.
    pub text: Range<usize>,
    pub image: bool,
    /// Index of the block the link sits in (the next block when it opens one).
    pub block: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    Disable,
    Enable,
    DisableNextLine,
    DisableFile,
}

/// A `<!-- designlint-… -->` suppression comment.
#[derive(Debug, Clone)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// Rule codes or names as written; empty means every rule.
    pub rules: Vec<String>,
    pub span: Range<usize>,
}

impl Block<'_> {
    /// Index of the section that owns the block.
    pub fn section(&self) -> usize {
        self.section as usize
    }

    /// Words of prose (tokens with a letter or digit).
    pub fn words(&self) -> usize {
        self.words as usize
    }

    /// The segments that map the plain text to the source.
    fn segs(&self) -> &[Seg] {
        &self.maps[..self.maps.len() - self.masked as usize]
    }

    /// Plain-text ranges that are not prose: URLs and autolinks.
    pub fn masked(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.maps[self.maps.len() - self.masked as usize..]
            .iter()
            .map(|m| m.plain()..m.src())
    }

    pub fn is_prose(&self) -> bool {
        matches!(
            self.kind,
            BlockKind::Paragraph | BlockKind::ListItem { .. } | BlockKind::TableRow { .. }
        )
    }

    pub fn is_heading(&self) -> bool {
        matches!(self.kind, BlockKind::Heading { .. })
    }

    pub fn is_code(&self) -> bool {
        matches!(self.kind, BlockKind::Code { .. })
    }

    /// A code block of plain text rather than a program: no info string, or
    /// `text`, `txt`, `plain`, `plaintext`, `math`, `estimates`, `markdown`. Write-ups put estimates and
    /// box diagrams in such blocks; their words are the author's prose.
    pub fn is_plain_text_code(&self) -> bool {
        self.code_lang().is_some_and(|l| {
            matches!(
                l.as_str(),
                "" | "text"
                    | "txt"
                    | "plain"
                    | "plaintext"
                    | "math"
                    | "none"
                    | "estimates"
                    | "markdown"
                    | "md"
            )
        })
    }

    /// The info string's first word of a code block, lower-cased ("" when none).
    pub fn code_lang(&self) -> Option<String> {
        match &self.kind {
            BlockKind::Code { info, .. } => Some(
                info.split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase(),
            ),
            _ => None,
        }
    }

    /// Is plain-text offset `at` inside a masked (non-prose) range?
    pub fn is_masked(&self, r: &Range<usize>) -> bool {
        self.masked().any(|m| m.start < r.end && r.start < m.end)
    }

    /// The source byte range of a plain-text range of this block.
    pub fn source_range(&self, r: Range<usize>) -> Range<usize> {
        if self.segs().is_empty() {
            return self.span.start..self.span.start;
        }
        let start = self.map(r.start, false);
        let end = self.map(r.end, true).max(start);
        start..end
    }

    fn map(&self, p: usize, is_end: bool) -> usize {
        // Last segment whose plain start is <= p (for an end, < p).
        let segs = self.segs();
        let i = segs
            .partition_point(|s| if is_end { s.plain() < p } else { s.plain() <= p })
            .saturating_sub(1);
        let s = segs[i];
        let off = p.saturating_sub(s.plain());
        if s.exact() {
            s.src() + off.min(s.src_len())
        } else if is_end {
            s.src() + s.src_len()
        } else {
            s.src()
        }
    }
}

impl<'a> Document<'a> {
    /// Parse `source` (the whole file as read, BOM and front matter
    /// included), keeping the blocks' texts in `arena`.
    pub fn parse(source: &'a str, arena: &'a Arena) -> Document<'a> {
        Self::parse_in_pieces(source, arena, pieces::FROM, pieces::PIECE)
    }

    /// [`Document::parse`], a text from `from` bytes on in pieces of at
    /// least `piece` bytes (see [`pieces`]): the same document, with less
    /// memory for a big file.
    pub fn parse_in_pieces(source: &'a str, arena: &'a Arena, from: usize, piece: usize) -> Document<'a> {
        let text = &source[Builder::new_base(source)..];
        if text.len() >= from
            && let Some(plan) = pieces::Plan::new(text, options(), piece)
        {
            // A piece that defines a link label otherwise than the whole
            // document: parsed whole after all.
            return Builder::new(source, arena)
                .build_pieces(&plan)
                .unwrap_or_else(|| Builder::new(source, arena).build());
        }
        Builder::new(source, arena).build()
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines.line_col(self.source, offset)
    }

    /// Is the write-up laid out under headings: three or more (bold lines
    /// used as headings count)? A title and a section or two are not an
    /// outline; there a labelled paragraph ("Storage: …") stands where a
    /// heading would, and no part is missing for want of its heading.
    pub fn has_headings(&self) -> bool {
        // Section 0 is what comes before the first heading.
        self.sections.len() > 3
    }

    /// Index of the title section: the first heading when it is the only
    /// level-1 heading or the first thing in the document.
    pub fn title_section(&self) -> Option<usize> {
        (self.sections.len() > 1).then_some(1)
    }

    /// Where a diagnostic about something missing from the whole document
    /// points: the title heading, else the first line of text.
    pub fn anchor(&self) -> Range<usize> {
        if let Some(i) = self.title_section()
            && let Some(h) = self.sections[i].heading
        {
            return self.blocks[h].span.clone();
        }
        match self.blocks.first() {
            Some(b) => {
                // The first line of the first block (memchr: this is asked
                // once per rule, and the block can be a 5 MB line).
                let end = memchr::memchr2(b'\n', b'\r', &self.source.as_bytes()[b.span.clone()])
                    .map_or(b.span.end, |i| b.span.start + i);
                b.span.start..end
            }
            None => self.body.start..self.body.start,
        }
    }

    /// The heading span of a section, or the document anchor for the preamble.
    pub fn section_anchor(&self, section: usize) -> Range<usize> {
        match self.sections[section].heading {
            Some(h) => self.blocks[h].span.clone(),
            None => self.anchor(),
        }
    }

    /// Blocks of a section and all its subsections (the headings of subsections included).
    pub fn subtree_blocks(&self, section: usize) -> Range<usize> {
        let s = &self.sections[section];
        let last = &self.sections[s.subtree_end - 1];
        s.blocks.start..last.blocks.end
    }

    /// Words of prose in a section and its subsections.
    pub fn subtree_words(&self, section: usize) -> usize {
        self.blocks[self.subtree_blocks(section)]
            .iter()
            .filter(|b| b.is_prose())
            .map(|b| b.words())
            .sum()
    }
}

/// Count words: whitespace-separated tokens with at least one letter or digit.
///
/// This runs on every block, so ASCII text is read 32 bytes at a time without
/// a branch per byte: a token is counted at its first letter or digit, which
/// is a letter or digit whose previous space-or-alphanumeric byte is a space
/// (or the start). Other text goes char by char. The same count as
/// `split_whitespace` + `any(is_alphanumeric)`.
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut words = 0usize;
    // Was the last space-or-alphanumeric character a space (or is there none)?
    let mut after_space = true;
    let mut i = 0;
    while i < bytes.len() {
        // The last chunk is padded with '-', which is neither a space nor
        // alphanumeric and so changes nothing.
        let mut padded = [b'-'; 32];
        let chunk: &[u8; 32] = match bytes.get(i..i + 32) {
            Some(c) => c.try_into().expect("32 bytes"),
            None => {
                padded[..bytes.len() - i].copy_from_slice(&bytes[i..]);
                &padded
            }
        };
        if chunk.iter().fold(0u8, |acc, &b| acc | b) >= 0x80 {
            i = count_words_chars(text, i, (i + 32).min(bytes.len()), &mut words, &mut after_space);
            continue;
        }
        let (mut space, mut alnum) = (0u32, 0u32);
        for (j, &b) in chunk.iter().enumerate() {
            let class = ASCII_CLASS[usize::from(b)];
            space |= u32::from(class == SPACE) << j;
            alnum |= u32::from(class == ALNUM) << j;
        }
        let other = !(space | alnum);
        // Positions right after a space; each begins a run of other bytes or is
        // itself a space or alphanumeric.
        let seeds = (space << 1) | u32::from(after_space);
        // Adding a seed at the start of a run of other bytes carries through
        // the run to the first position after it.
        let carried = (other.wrapping_add(seeds & other) ^ other) & !other;
        let after_space_here = (seeds & !other) | carried;
        words += (after_space_here & alnum).count_ones() as usize;
        let events = space | alnum;
        if events != 0 {
            after_space = space >> (31 - events.leading_zeros()) & 1 == 1;
        }
        i += 32;
    }
    words
}

const SPACE: u8 = 1;
const ALNUM: u8 = 2;
/// Per ASCII byte: SPACE (Unicode White_Space in ASCII: `is_ascii_whitespace`
/// plus vertical tab), ALNUM, or 0.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_whitespace() || b == 0x0B {
            SPACE
        } else if b.is_ascii_alphanumeric() {
            ALNUM
        } else {
            0
        };
        i += 1;
    }
    t
};

/// The word count of `text[from..]` up to the first char boundary at or after
/// `to`, char by char; returns where it stopped.
fn count_words_chars(text: &str, from: usize, to: usize, words: &mut usize, after_space: &mut bool) -> usize {
    let mut i = from;
    let bytes = text.as_bytes();
    while i < to {
        let b = bytes[i];
        let class = if b < 0x80 {
            i += 1;
            ASCII_CLASS[usize::from(b)]
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            if c.is_whitespace() {
                SPACE
            } else if c.is_alphanumeric() {
                ALNUM
            } else {
                0
            }
        };
        let alnum = class == ALNUM;
        *words += usize::from(alnum && *after_space);
        *after_space = class == SPACE || (*after_space && !alnum);
    }
    i
}

static URL: LazyLock<crate::text::Matcher> =
    LazyLock::new(|| crate::text::Matcher::new(r#"(?i)\b(?:https?://|ftp://|www\.)[^\s<>"'`)\]]+"#));

static DIRECTIVE: LazyLock<crate::text::Matcher> = LazyLock::new(|| {
    crate::text::Matcher::new(
        r"<!--\s*designlint-(disable-next-line|disable-file|disable|enable)\b([^>]*?)\s*-->",
    )
});

/// The buffers of a block being read, empty, kept for the next.
#[derive(Default)]
struct Spare {
    text: String,
    segs: Vec<Seg>,
    masked: Vec<Range<usize>>,
    strong: Vec<Range<usize>>,
}

struct Open {
    kind: BlockKind,
    start: usize,
    end: usize,
    text: String,
    segs: Vec<Seg>,
    masked: Vec<Range<usize>>,
    strong: Vec<Range<usize>>,
    /// The end of the block is the end of its last text (list items, whose
    /// own range also covers nested lists).
    end_at_text: bool,
    /// Opened with a task-list marker (`- [ ]`).
    task: bool,
}

struct Builder<'a> {
    src: &'a str,
    arena: &'a Arena,
    /// The buffers of the block being read, kept from one block to the
    /// next (each block's own are in the arena).
    spare: Spare,
    base: usize,
    doc: Document<'a>,
    open: Option<Open>,
    quote_depth: usize,
    lists: Vec<bool>,
    item_depth: usize,
    in_metadata: bool,
    strong_starts: Vec<usize>,
    link_starts: Vec<(usize, usize, String, LinkType)>,
    last_real_level: u8,
    /// Per block: opened with a task-list marker.
    tasks: Vec<bool>,
    /// A task-list marker was read and its item's text has not begun yet.
    pending_task: bool,
}

/// The parser options of the document model (GFM tables, footnotes, strikethrough,
/// task lists, heading attributes, YAML and TOML front matter).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

impl<'a> Builder<'a> {
    /// Where the text begins: after a byte order mark.
    fn new_base(source: &str) -> usize {
        if source.starts_with('\u{feff}') { 3 } else { 0 }
    }

    fn new(source: &'a str, arena: &'a Arena) -> Self {
        let base = Self::new_base(source);
        let preamble = Section {
            heading: None,
            title: String::new(),
            level: 0,
            pseudo: false,
            span: base..source.len(),
            blocks: 0..0,
            subtree_end: 1,
            parent: None,
        };
        Builder {
            src: source,
            arena,
            spare: Spare::default(),
            base,
            doc: Document {
                source,
                lines: LineIndex::new(source),
                body: base..source.len(),
                front_matter: None,
                sections: vec![preamble],
                blocks: Vec::new(),
                links: Vec::new(),
                directives: Vec::new(),
            },
            open: None,
            quote_depth: 0,
            lists: Vec::new(),
            item_depth: 0,
            in_metadata: false,
            strong_starts: Vec::new(),
            link_starts: Vec::new(),
            last_real_level: 0,
            tasks: Vec::new(),
            pending_task: false,
        }
    }

    fn build(mut self) -> Document<'a> {
        let text = &self.src[self.base..];
        let parser = Parser::new_ext(text, options()).into_offset_iter();
        for (event, range) in parser {
            let r = (range.start + self.base)..(range.end + self.base);
            self.event(event, r);
        }
        self.finish()
    }

    /// The model from each piece's events in turn (the tree of one piece
    /// alive at a time); `None` when a piece defines a link label otherwise
    /// than the whole document.
    fn build_pieces(mut self, plan: &pieces::Plan) -> Option<Document<'a>> {
        let src = self.src;
        let text = &src[self.base..];
        for w in plan.cuts.windows(2) {
            let lookup = |l: BrokenLink<'a>| plan.lookup(&l.reference).map(|(d, t)| (d.into(), t.into()));
            let parser = Parser::new_with_broken_link_callback(&text[w[0]..w[1]], options(), Some(lookup));
            if !plan.agrees(parser.reference_definitions()) {
                return None;
            }
            let at = self.base + w[0];
            for (event, range) in parser.into_offset_iter() {
                self.event(event, (range.start + at)..(range.end + at));
            }
        }
        Some(self.finish())
    }

    fn finish(mut self) -> Document<'a> {
        self.flush();
        // Grown by doubling: give back what the last doubling left unused.
        self.doc.blocks.shrink_to_fit();
        self.finish_sections();
        roles::assign(&mut self.doc, &self.tasks);
        self.doc
    }

    fn begin(&mut self, kind: BlockKind, span: Range<usize>, end_at_text: bool) {
        self.flush();
        let spare = std::mem::take(&mut self.spare);
        self.open = Some(Open {
            kind,
            start: span.start,
            end: if end_at_text { span.start } else { span.end },
            text: spare.text,
            segs: spare.segs,
            masked: spare.masked,
            strong: spare.strong,
            end_at_text,
            task: false,
        });
    }

    /// The kind of block implied by where we are, for text outside an explicit block.
    fn context_kind(&self) -> BlockKind {
        if self.item_depth > 0 {
            BlockKind::ListItem {
                ordered: self.lists.last().copied().unwrap_or(false),
                depth: self.item_depth.min(255) as u8,
            }
        } else {
            BlockKind::Paragraph
        }
    }

    fn push_text(&mut self, text: &str, r: Range<usize>) {
        if self.in_metadata {
            return;
        }
        if self.open.is_none() {
            let kind = self.context_kind();
            self.begin(kind, r.clone(), true);
        }
        if std::mem::take(&mut self.pending_task)
            && let Some(o) = self.open.as_mut()
        {
            o.task = true;
        }
        let src = self.src;
        let o = self.open.as_mut().unwrap();
        let r = r.start.min(src.len())..r.end.min(src.len());
        let exact = src.get(r.clone()) == Some(text);
        let seg = Seg::new(o.text.len(), r.clone(), exact);
        match o.segs.last_mut() {
            // Text that goes on where the last piece ended, in the plain
            // text and in the source, both verbatim: one segment maps the
            // two as the pair of them did.
            Some(last)
                if exact
                    && last.exact()
                    && last.plain() + last.src_len() == seg.plain()
                    && last.src() + last.src_len() == seg.src() =>
            {
                *last = Seg::new(last.plain(), last.src()..r.end, true);
            }
            _ => o.segs.push(seg),
        }
        o.text.push_str(text);
        if o.end_at_text {
            o.end = o.end.max(r.end);
        }
    }

    fn flush(&mut self) {
        let Some(mut o) = self.open.take() else { return };
        self.close(&mut o);
        // The block's buffers, emptied, serve the next one.
        o.text.clear();
        o.segs.clear();
        o.masked.clear();
        o.strong.clear();
        self.spare = Spare {
            text: o.text,
            segs: o.segs,
            masked: o.masked,
            strong: o.strong,
        };
    }

    /// The block of `o`, when it is one, into the document.
    fn close(&mut self, o: &mut Open) {
        let keep =
            matches!(o.kind, BlockKind::Code { .. } | BlockKind::Heading { .. }) || !o.text.trim().is_empty();
        if !keep {
            return;
        }
        let mut kind = std::mem::replace(&mut o.kind, BlockKind::Html);
        // A paragraph that is only bold text (and maybe a colon) works as a heading.
        if kind == BlockKind::Paragraph && self.quote_depth == 0 && is_pseudo_heading(&o.text, &o.strong) {
            kind = BlockKind::Heading {
                level: (self.last_real_level + 1).min(7),
                pseudo: true,
            };
        }
        let t = o.text.as_bytes();
        static URL_MARKS: LazyLock<crate::text::Substrings> =
            LazyLock::new(|| crate::text::Substrings::new(&["://", "www."]));
        let has_url = URL_MARKS.any_in(t);
        for m in URL.find_iter(if has_url { &o.text } else { "" }) {
            o.masked.push(m.range());
        }
        let span = trim_span(self.src, o.start..o.end.max(o.start));
        let words = if matches!(kind, BlockKind::Code { .. } | BlockKind::Html) {
            0
        } else {
            count_words(&o.text)
        };
        // The source verbatim: one exact segment from the text's start to its end.
        let text: &'a str = match *o.segs {
            [s] if s.exact() && s.plain() == 0 && s.src_len() == o.text.len() => {
                &self.src[s.src()..s.src() + s.src_len()]
            }
            _ => self.arena.alloc_str(&o.text),
        };
        // The masked ranges after the segments, each as plain start and end.
        let n = |x: usize| u32::try_from(x).expect("a document under 4 GiB");
        let masked = n(o.masked.len());
        o.segs
            .extend(o.masked.iter().map(|m| Seg::new(m.start, m.end..m.end, false)));
        let heading = match kind {
            BlockKind::Heading { level, pseudo } => Some((level, pseudo)),
            _ => None,
        };
        let block = Block {
            kind,
            span,
            text,
            maps: self.arena.alloc_slice_copy(&o.segs),
            masked,
            section: n(self.doc.sections.len() - 1),
            quote: self.quote_depth > 0,
            words: n(words),
            role: Role::Label,
        };
        self.tasks.push(o.task);
        let idx = self.doc.blocks.len();
        if let Some((level, pseudo)) = heading {
            if !pseudo {
                self.last_real_level = level;
            }
            let title = block.text.trim().trim_end_matches(':').trim().to_string();
            self.doc.sections.push(Section {
                heading: Some(idx),
                title,
                level,
                pseudo,
                span: block.span.clone(),
                blocks: idx + 1..idx + 1,
                subtree_end: 0,
                parent: None,
            });
            let sec = self.doc.sections.len() - 1;
            self.doc.blocks.push(Block {
                section: n(sec),
                ..block
            });
        } else {
            self.doc.blocks.push(block);
            let s = self.doc.sections.last_mut().unwrap();
            if s.blocks.is_empty() {
                s.blocks = idx..idx + 1;
            } else {
                s.blocks.end = idx + 1;
            }
        }
    }

    fn finish_sections(&mut self) {
        let n = self.doc.sections.len();
        let body_end = self.src.len();
        // Section spans run to the next heading.
        for i in 0..n {
            let start = match self.doc.sections[i].heading {
                Some(h) => self.doc.blocks[h].span.start,
                None => self.doc.body.start,
            };
            let end = if i + 1 < n {
                let h = self.doc.sections[i + 1].heading.unwrap();
                self.doc.blocks[h].span.start
            } else {
                body_end
            };
            self.doc.sections[i].span = start..end.max(start);
            // A section with no block of its own has an empty range after its heading.
            let b = &mut self.doc.sections[i].blocks;
            if b.end < b.start {
                b.end = b.start;
            }
        }
        // Parents and subtrees from levels.
        let mut stack: Vec<usize> = vec![0];
        for i in 1..n {
            let level = self.doc.sections[i].level;
            while let Some(&top) = stack.last() {
                if top != 0 && self.doc.sections[top].level >= level {
                    let done = stack.pop().unwrap();
                    self.doc.sections[done].subtree_end = i;
                } else {
                    break;
                }
            }
            let parent = *stack.last().unwrap();
            self.doc.sections[i].parent = (parent != 0).then_some(parent);
            stack.push(i);
        }
        for s in stack {
            self.doc.sections[s].subtree_end = n;
        }
        // The preamble's subtree is only itself.
        self.doc.sections[0].subtree_end = 1;
    }

    fn directives_in(&mut self, r: Range<usize>) {
        let Some(text) = self.src.get(r.clone()) else {
            return;
        };
        if !text.contains("designlint-") {
            return;
        }
        for c in DIRECTIVE.captures_iter(text) {
            let kind = match &c[1] {
                "disable" => DirectiveKind::Disable,
                "enable" => DirectiveKind::Enable,
                "disable-next-line" => DirectiveKind::DisableNextLine,
                _ => DirectiveKind::DisableFile,
            };
            let rules = c[2]
                .split(|ch: char| ch.is_whitespace() || ch == ',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let m = c.get(0).unwrap();
            self.doc.directives.push(Directive {
                kind,
                rules,
                span: r.start + m.start()..r.start + m.end(),
            });
        }
    }

    fn event(&mut self, event: Event<'_>, r: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, r),
            Event::End(tag) => self.end(tag, r),
            Event::Text(t) => self.push_text(&t, r),
            Event::Code(t) => {
                // Inline code: keep its text (numbers, endpoints), mapped inside the backticks.
                let src = self.src.get(r.clone()).unwrap_or("");
                let inner = src.find(t.as_ref()).map(|i| r.start + i..r.start + i + t.len());
                self.push_text(&t, inner.unwrap_or(r));
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => self.push_text(&t, r),
            Event::Html(_) => {} // scanned whole at the start of its HTML block
            Event::InlineHtml(_) => self.directives_in(r),
            // A soft break is a space (wrapping never changes the text); a hard break a newline.
            Event::SoftBreak => {
                if self.open.is_some() && !self.in_metadata {
                    self.push_text(" ", r.start..r.start);
                }
            }
            Event::HardBreak => {
                if self.open.is_some() && !self.in_metadata {
                    self.push_text("\n", r.start..r.start);
                }
            }
            Event::TaskListMarker(_) => {
                if let Some(o) = self.open.as_mut() {
                    o.task = true;
                } else {
                    self.pending_task = true;
                }
            }
            Event::FootnoteReference(_) => {}
            Event::Rule => self.flush(),
        }
    }

    fn start(&mut self, tag: Tag<'_>, r: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                if self
                    .open
                    .as_ref()
                    .is_some_and(|o| matches!(o.kind, BlockKind::ListItem { .. }) && o.text.is_empty())
                {
                    // A loose list item's first paragraph: keep the item's block.
                    return;
                }
                let kind = self.context_kind();
                self.begin(kind, r, false);
            }
            Tag::Heading { level, .. } => self.begin(
                BlockKind::Heading {
                    level: level as u8,
                    pseudo: false,
                },
                r,
                false,
            ),
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote_depth += 1;
            }
            Tag::CodeBlock(kind) => {
                let (info, fenced) = match kind {
                    CodeBlockKind::Fenced(info) => (Box::new(info.to_string()), true),
                    CodeBlockKind::Indented => (Box::default(), false),
                };
                self.begin(BlockKind::Code { info, fenced }, r, false);
            }
            Tag::HtmlBlock => {
                self.directives_in(r.clone());
                self.begin(BlockKind::Html, r, false);
            }
            Tag::List(first) => {
                self.flush();
                self.lists.push(first.is_some());
            }
            Tag::Item => {
                self.item_depth += 1;
                let kind = self.context_kind();
                self.begin(kind, r, true);
            }
            Tag::FootnoteDefinition(_) => self.flush(),
            Tag::Table(_) => self.flush(),
            Tag::TableHead => {
                self.begin(BlockKind::TableRow { header: true }, r, false);
            }
            Tag::TableRow => self.begin(BlockKind::TableRow { header: false }, r, false),
            Tag::TableCell => {
                if let Some(o) = self.open.as_mut()
                    && !o.text.is_empty()
                {
                    o.segs.push(Seg::new(o.text.len(), r.start..r.start, false));
                    o.text.push_str(" | ");
                }
            }
            Tag::Strong => {
                let at = self.open.as_ref().map_or(0, |o| o.text.len());
                self.strong_starts.push(at);
            }
            Tag::Link {
                link_type, dest_url, ..
            }
            | Tag::Image {
                link_type, dest_url, ..
            } => {
                let at = self.open.as_ref().map_or(0, |o| o.text.len());
                self.link_starts
                    .push((r.start, at, dest_url.to_string(), link_type));
            }
            Tag::MetadataBlock(kind) => {
                self.flush();
                self.in_metadata = true;
                let (kind, delim) = match kind {
                    MetadataBlockKind::YamlStyle => (FrontMatterKind::Yaml, "---"),
                    MetadataBlockKind::PlusesStyle => (FrontMatterKind::Toml, "+++"),
                };
                let span = trim_span(self.src, r.clone());
                let text = &self.src[span.clone()];
                let cstart = text.find('\n').map_or(span.end, |i| span.start + i + 1);
                let cend = text.rfind(delim).map_or(span.end, |i| span.start + i).max(cstart);
                if self.doc.front_matter.is_none() {
                    self.doc.front_matter = Some(FrontMatter {
                        kind,
                        span: span.clone(),
                        content: cstart..cend,
                    });
                    self.doc.body = r.end.min(self.src.len())..self.src.len();
                }
            }
            Tag::Emphasis
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => {}
        }
    }

    fn end(&mut self, tag: TagEnd, r: Range<usize>) {
        match tag {
            TagEnd::Paragraph => {
                if let Some(o) = self.open.as_mut()
                    && matches!(o.kind, BlockKind::ListItem { .. })
                {
                    o.end = o.end.max(r.end);
                }
                self.flush();
            }
            TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock => self.flush(),
            TagEnd::TableHead | TagEnd::TableRow => {
                self.flush();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::Item => {
                self.flush();
                self.item_depth = self.item_depth.saturating_sub(1);
            }
            TagEnd::FootnoteDefinition | TagEnd::Table => self.flush(),
            TagEnd::Strong => {
                if let (Some(s), Some(o)) = (self.strong_starts.pop(), self.open.as_mut()) {
                    let e = o.text.len();
                    if s <= e {
                        o.strong.push(s..e);
                    }
                }
            }
            TagEnd::Link | TagEnd::Image => {
                if let Some((start, at, url, link_type)) = self.link_starts.pop() {
                    let image = matches!(tag, TagEnd::Image);
                    let block = self.doc.blocks.len();
                    if let Some(o) = self.open.as_mut()
                        && matches!(link_type, LinkType::Autolink | LinkType::Email)
                    {
                        let e = o.text.len();
                        if at <= e {
                            o.masked.push(at..e);
                        }
                    }
                    let end = self.open.as_ref().map_or(at, |o| o.text.len());
                    self.doc.links.push(Link {
                        url,
                        span: start..r.end.max(start),
                        text: at..end.max(at),
                        image,
                        block,
                    });
                }
            }
            TagEnd::MetadataBlock(_) => self.in_metadata = false,
            _ => {}
        }
    }
}

/// A paragraph whose every visible character is bold (a trailing colon aside),
/// short enough to be a label: `**Functional requirements**`, `**Storage:**`.
fn is_pseudo_heading(text: &str, strong: &[Range<usize>]) -> bool {
    let t = text.trim();
    if strong.is_empty() || t.is_empty() || t.len() > 80 || t.contains('\n') || count_words(t) > 8 {
        return false;
    }
    text.char_indices()
        .all(|(i, c)| c.is_whitespace() || c == ':' || strong.iter().any(|s| s.start <= i && i < s.end))
}

/// Drop trailing whitespace and line endings from a span, keep it on char boundaries.
fn trim_span(src: &str, r: Range<usize>) -> Range<usize> {
    let r = crate::text::clamp_span(src, r);
    r.start..r.start + src[r].trim_end().len()
}

#[cfg(test)]
mod tests;
