//! Byte offset → line/column conversion, shared by every output format.
//!
//! Lines and columns are 1-based. Columns count Unicode scalar values
//! (`char`s), as the JSON schema promises; [`LineIndex::utf16_col`] gives the
//! 0-based UTF-16 column the language server needs.

use crate::text::floor_char_boundary;

/// The start offset of every line of a text, for fast lookups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// 32-bit, as the document model's offsets are: a big file has
    /// millions of lines, and [`crate::text::decode`] takes files under 4 GiB.
    starts: Vec<u32>,
}

/// A 1-based line and column (column in Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let n = |i: usize| u32::try_from(i).expect("a text under 4 GiB");
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| n(i + 1)));
        LineIndex { starts }
    }

    /// 0-based index of the line that holds `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        // Past every line start (an offset beyond 4 GiB too): the last line.
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset at which 0-based line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.min(self.starts.len() - 1)] as usize
    }

    /// Byte range of 0-based line `line` in a text of `len` bytes, its line break included.
    pub fn line_range(&self, line: usize, len: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let end = self.starts.get(line + 1).map_or(len, |&e| e as usize);
        start..end.max(start)
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and column of `offset` in `text` (the text this index was built from).
    /// An offset inside a multi-byte character is rounded down to its start.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line] as usize;
        LineCol {
            line: line + 1,
            column: text[start..offset].chars().count() + 1,
        }
    }

    /// 0-based line and UTF-16 column of `offset`, as the Language Server Protocol counts.
    pub fn utf16_position(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line] as usize;
        let col: usize = text[start..offset].chars().map(char::len_utf16).sum();
        (line as u32, col as u32)
    }

    /// Byte offset of a 0-based line and UTF-16 column (clamped to the line).
    pub fn offset_of_utf16(&self, text: &str, line: u32, col: u32) -> usize {
        let line = line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line] as usize;
        let end = self.starts.get(line + 1).map_or(text.len(), |&e| e as usize);
        let mut units = 0u32;
        for (i, c) in text[start..end].char_indices() {
            if units >= col || c == '\n' {
                return start + i;
            }
            units += c.len_utf16() as u32;
        }
        end
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_lines_and_columns() {
        let t = "ab\ncd\n\nef";
        let ix = LineIndex::new(t);
        assert_eq!(ix.line_col(t, 0), LineCol { line: 1, column: 1 });
        assert_eq!(ix.line_col(t, 2), LineCol { line: 1, column: 3 });
        assert_eq!(ix.line_col(t, 3), LineCol { line: 2, column: 1 });
        assert_eq!(ix.line_col(t, 6), LineCol { line: 3, column: 1 });
        assert_eq!(ix.line_col(t, 8), LineCol { line: 4, column: 2 });
        assert_eq!(ix.line_col(t, 99), LineCol { line: 4, column: 3 });
        assert_eq!(ix.line_count(), 4);
    }

    #[test]
    fn columns_count_scalar_values_not_bytes() {
        // "é" is 2 bytes, "日本" 3 bytes each, "🚀" 4 bytes (2 UTF-16 units).
        let t = "é日本🚀x";
        let ix = LineIndex::new(t);
        let x = t.find('x').unwrap();
        assert_eq!(x, 2 + 6 + 4);
        assert_eq!(ix.line_col(t, x), LineCol { line: 1, column: 5 });
        assert_eq!(ix.utf16_position(t, x), (0, 5));
        assert_eq!(ix.offset_of_utf16(t, 0, 5), x);
        // An offset in the middle of 日 rounds down to its start.
        assert_eq!(ix.line_col(t, 3), LineCol { line: 1, column: 2 });
    }

    #[test]
    fn offsets_past_the_text_are_on_its_last_line() {
        let t = "a\nb\n";
        let ix = LineIndex::new(t);
        assert_eq!(ix.line_of(t.len()), 2);
        assert_eq!(ix.line_of(usize::MAX), 2);
        assert_eq!(ix.line_range(2, t.len()), 4..4);
        assert_eq!(ix.line_range(0, t.len()), 0..2);
    }

    #[test]
    fn crlf_keeps_carriage_return_on_its_line() {
        let t = "a\r\nbc\r\n";
        let ix = LineIndex::new(t);
        assert_eq!(ix.line_col(t, 1), LineCol { line: 1, column: 2 });
        assert_eq!(ix.line_col(t, 3), LineCol { line: 2, column: 1 });
        assert_eq!(ix.line_col(t, 4), LineCol { line: 2, column: 2 });
    }
}
