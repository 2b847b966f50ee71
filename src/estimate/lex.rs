//! Tokenizer: text → numbers, words, operators and relations, with byte spans.
//!
//! One pass over the bytes, no allocation per character. Things that contain digits but
//! are not quantities — dates (`2024-01-15`, `01/02/2024`, `15.01.2024`), times (`10:30`),
//! ratios (`100:1`), versions and IP addresses (`1.2.3`, `10.0.0.1`), ranges (`10-20`,
//! `10–25`), phone numbers, zero-padded ids, hex (`0x1F`), URLs and identifiers with
//! digits (`a1b2c3`, `v2.0`, `base32`) — become a single `Break` or `Word` token, so no
//! number can be read out of them. A few LaTeX commands (`\times`, `\frac`, `\sim`,
//! `\space`, `\text{…}`) are understood because write-ups put estimates in math blocks.

/// Relation between an expression and its stated result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rel {
    /// `=`, `equals`
    Exact,
    /// `≈`, `~`, `~=`, `=~`, `≃`, `≅`, `about`, `roughly`, `approximately`, `around`, `approx.`
    Approx,
    /// `→`, `=>`, `->`
    Arrow,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Tk {
    Num(f64),
    Word,
    Mul,
    /// A `*` that is either multiplication or stray Markdown emphasis; resolved after lexing.
    Star,
    Div,
    Add,
    Sub,
    Pow,
    LParen,
    RParen,
    LBrace,
    RBrace,
    Frac,
    Percent,
    Currency,
    Tilde,
    Rel(Rel),
    /// Punctuation, line ends and opaque digit runs: nothing arithmetic spans across one.
    Break,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Token {
    pub kind: Tk,
    pub start: usize,
    pub end: usize,
    /// Whitespace (or ignored markup) came before this token.
    pub space: bool,
}

impl Token {
    pub(crate) fn is_operand_start(&self) -> bool {
        matches!(
            self.kind,
            Tk::Num(_) | Tk::LParen | Tk::LBrace | Tk::Frac | Tk::Tilde | Tk::Currency
        )
    }

    pub(crate) fn is_operand_end(&self) -> bool {
        matches!(
            self.kind,
            Tk::Num(_) | Tk::Word | Tk::RParen | Tk::RBrace | Tk::Percent
        )
    }
}

pub(crate) fn lex(text: &str) -> Vec<Token> {
    let mut lx = Lexer {
        text,
        b: text.as_bytes(),
        i: 0,
        space: true,
        out: Vec::new(),
        braces: Vec::new(),
    };
    while lx.i < lx.b.len() {
        let c = lx.b[lx.i];
        if c < 0x80 {
            lx.ascii(c);
        } else {
            lx.unicode();
        }
    }
    resolve_stars(lx.out)
}

/// A `*` is multiplication only between an operand and an operand (`10M * 300 B`);
/// otherwise it is emphasis markup (`*10M* × 300 B`) and is dropped.
fn resolve_stars(toks: Vec<Token>) -> Vec<Token> {
    if !toks.iter().any(|t| t.kind == Tk::Star) {
        return toks;
    }
    let mut out: Vec<Token> = Vec::with_capacity(toks.len());
    for (k, t) in toks.iter().enumerate() {
        if t.kind != Tk::Star {
            out.push(*t);
            continue;
        }
        let prev_ok = out.last().is_some_and(Token::is_operand_end);
        let next_ok = toks.get(k + 1).is_some_and(Token::is_operand_start);
        if prev_ok && next_ok {
            out.push(Token { kind: Tk::Mul, ..*t });
        }
    }
    out
}

struct Lexer<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    space: bool,
    out: Vec<Token>,
    /// Open braces: `true` for the braces of `\text{…}` (dropped), `false` for grouping.
    braces: Vec<bool>,
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

fn superscript_digit(ch: char) -> Option<u32> {
    match ch {
        '⁰' => Some(0),
        '¹' => Some(1),
        '²' => Some(2),
        '³' => Some(3),
        '⁴'..='⁹' => Some(ch as u32 - '⁰' as u32),
        _ => None,
    }
}

impl Lexer<'_> {
    fn at(&self, k: usize) -> u8 {
        self.b.get(k).copied().unwrap_or(0)
    }

    fn push(&mut self, kind: Tk, start: usize, end: usize) {
        self.out.push(Token {
            kind,
            start,
            end,
            space: self.space,
        });
        self.space = false;
        self.i = end;
    }

    fn skip_nonspace(&self, mut j: usize) -> usize {
        while j < self.b.len() && !self.b[j].is_ascii_whitespace() {
            j += 1;
        }
        self.char_boundary(j)
    }

    fn char_boundary(&self, mut j: usize) -> usize {
        while j < self.b.len() && !self.text.is_char_boundary(j) {
            j += 1;
        }
        j
    }

    fn ascii(&mut self, c: u8) {
        let i = self.i;
        match c {
            b' ' | b'\t' | b'\r' | b'`' | 0x0b | 0x0c => {
                self.i += 1;
                self.space = true;
            }
            b'\n' => {
                self.push(Tk::Break, i, i + 1);
                self.space = true;
            }
            b'0'..=b'9' => self.number(),
            b'.' if self.at(i + 1).is_ascii_digit() && !(i > 0 && self.b[i - 1].is_ascii_alphanumeric()) => {
                self.number()
            }
            b'a'..=b'z' | b'A'..=b'Z' => self.word(),
            b'_' => self.i += 1,
            b'*' => match self.at(i + 1) {
                b'*' => self.i += 2,
                b'=' => self.push(Tk::Break, i, i + 2),
                _ => self.push(Tk::Star, i, i + 1),
            },
            b'/' => match self.at(i + 1) {
                b'/' | b'=' | b'*' => self.push(Tk::Break, i, i + 2),
                _ => self.push(Tk::Div, i, i + 1),
            },
            b'+' => match self.at(i + 1) {
                b'+' | b'=' => self.push(Tk::Break, i, i + 2),
                _ => self.push(Tk::Add, i, i + 1),
            },
            b'-' => self.minus(),
            b'^' => self.caret(),
            b'(' => self.push(Tk::LParen, i, i + 1),
            b')' => self.push(Tk::RParen, i, i + 1),
            b'{' => {
                self.braces.push(false);
                self.push(Tk::LBrace, i, i + 1);
            }
            b'}' => match self.braces.pop() {
                Some(true) => self.i += 1,
                _ => self.push(Tk::RBrace, i, i + 1),
            },
            b'%' => self.push(Tk::Percent, i, i + 1),
            b'$' => self.push(Tk::Currency, i, i + 1),
            b'~' => {
                if self.at(i + 1) == b'=' {
                    self.push(Tk::Rel(Rel::Approx), i, i + 2);
                } else {
                    self.push(Tk::Tilde, i, i + 1);
                }
            }
            b'=' => self.equals(),
            b'\\' => self.backslash(),
            _ => self.push(Tk::Break, i, i + 1),
        }
    }

    fn minus(&mut self) {
        let i = self.i;
        match self.at(i + 1) {
            b'>' => self.push(Tk::Rel(Rel::Arrow), i, i + 2),
            b'-' | b'=' => {
                let mut k = i + 1;
                while matches!(self.at(k), b'-' | b'=') {
                    k += 1;
                }
                self.push(Tk::Break, i, k);
            }
            // `a - b` with spaces is subtraction; `10-20`, `a-z`, `-5` are not.
            b' ' | b'\t' | 0 if self.space => self.push(Tk::Sub, i, i + 1),
            _ => self.push(Tk::Break, i, i + 1),
        }
    }

    fn caret(&mut self) {
        let i = self.i;
        self.push(Tk::Pow, i, i + 1);
        if self.at(self.i) == b'-' && self.at(self.i + 1).is_ascii_digit() {
            let s = self.i;
            self.i += 1;
            let before = self.out.len();
            self.number();
            if let Some(t) = self.out.get_mut(before)
                && let Tk::Num(v) = t.kind
            {
                t.kind = Tk::Num(-v);
                t.start = s;
            }
        }
    }

    fn equals(&mut self) {
        let i = self.i;
        let prev = if i > 0 { self.b[i - 1] } else { 0 };
        // `!=`, `<=`, `>=`, `==`, `:=`, `+=`, `-=`, `/=`, `%=` … are code, not claims.
        if matches!(
            prev,
            b'!' | b'<' | b'>' | b'=' | b':' | b'+' | b'-' | b'/' | b'%' | b'^' | b'&' | b'|'
        ) {
            self.push(Tk::Break, i, i + 1);
            return;
        }
        match self.at(i + 1) {
            b'=' => {
                let mut k = i;
                while self.at(k) == b'=' {
                    k += 1;
                }
                self.push(Tk::Break, i, k);
            }
            b'>' => self.push(Tk::Rel(Rel::Arrow), i, i + 2),
            b'~' => self.push(Tk::Rel(Rel::Approx), i, i + 2),
            _ => self.push(Tk::Rel(Rel::Exact), i, i + 1),
        }
    }

    fn backslash(&mut self) {
        let i = self.i;
        let n1 = self.at(i + 1);
        if n1.is_ascii_alphabetic() {
            let mut k = i + 1;
            while self.at(k).is_ascii_alphabetic() {
                k += 1;
            }
            match &self.text[i + 1..k] {
                "times" | "cdot" | "ast" | "cross" => self.push(Tk::Mul, i, k),
                "div" => self.push(Tk::Div, i, k),
                "approx" | "simeq" | "cong" | "thickapprox" | "doteq" => {
                    self.push(Tk::Rel(Rel::Approx), i, k)
                }
                "sim" => self.push(Tk::Tilde, i, k),
                "frac" | "dfrac" | "tfrac" => self.push(Tk::Frac, i, k),
                "to" | "rightarrow" | "Rightarrow" | "implies" | "longrightarrow" | "Longrightarrow" => {
                    self.push(Tk::Rel(Rel::Arrow), i, k)
                }
                "space" | "quad" | "qquad" | "enspace" | "thinspace" | "medspace" | "thickspace" | "left"
                | "right" | "displaystyle" | "textstyle" | "big" | "Big" | "bigl" | "bigr" => {
                    self.i = k;
                    self.space = true;
                }
                "text" | "mathrm" | "textrm" | "textbf" | "mathbf" | "mbox" | "operatorname" | "textit"
                | "mathit" | "textsf" | "mathsf" => {
                    self.i = k;
                    self.space = true;
                    while self.at(self.i) == b' ' {
                        self.i += 1;
                    }
                    if self.at(self.i) == b'{' {
                        self.braces.push(true);
                        self.i += 1;
                    }
                }
                _ => self.push(Tk::Break, i, k),
            }
            return;
        }
        match n1 {
            b',' | b';' | b':' | b'!' | b' ' | b'>' => {
                self.i += 2;
                self.space = true;
            }
            b'%' => self.push(Tk::Percent, i, i + 2),
            b'$' => self.push(Tk::Currency, i, i + 2),
            b'*' => self.push(Tk::Star, i, i + 2),
            b'~' => self.push(Tk::Tilde, i, i + 2),
            b'_' => self.i += 2,
            b'\\' | b'{' | b'}' | b'#' | b'&' | b'=' | b'-' | b'+' | b'|' => self.push(Tk::Break, i, i + 2),
            _ => self.push(Tk::Break, i, i + 1),
        }
    }

    fn unicode(&mut self) {
        let i = self.i;
        let Some(ch) = self.text[i..].chars().next() else {
            self.i = self.b.len();
            return;
        };
        let end = i + ch.len_utf8();
        match ch {
            '×' | '✕' | '✖' | '⨯' | '·' | '⋅' | '∙' | '∗' => self.push(Tk::Mul, i, end),
            '÷' | '∕' => self.push(Tk::Div, i, end),
            '−' => self.push(Tk::Sub, i, end),
            '≈' | '≃' | '≅' | '≒' | '≊' | '≋' => {
                let e = if self.at(end) == b'>' { end + 1 } else { end };
                self.push(Tk::Rel(Rel::Approx), i, e);
            }
            '→' | '⇒' | '⟶' | '⟹' | '➔' | '➜' | '⇨' | '↦' => {
                self.push(Tk::Rel(Rel::Arrow), i, end)
            }
            '～' | '∼' => self.push(Tk::Tilde, i, end),
            '＝' => self.push(Tk::Rel(Rel::Exact), i, end),
            '％' => self.push(Tk::Percent, i, end),
            '€' | '£' | '¥' | '₹' => self.push(Tk::Currency, i, end),
            '\u{a0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{200a}' | '\u{200b}' | '\u{202f}'
            | '\u{feff}' | '\u{3000}' => {
                self.i = end;
                self.space = true;
            }
            c if superscript_digit(c).is_some() || c == '⁻' => {
                if !self.superscripts() {
                    self.push(Tk::Break, i, end);
                }
            }
            c if c.is_alphabetic() => self.word(),
            _ => self.push(Tk::Break, i, end),
        }
    }

    /// `10⁹`: superscript digits become `^` and a number. Returns whether any were read.
    fn superscripts(&mut self) -> bool {
        let s = self.i;
        let mut j = s;
        let mut v: f64 = 0.0;
        let mut neg = false;
        let mut any = false;
        for ch in self.text[s..].chars() {
            if ch == '⁻' && !any && !neg {
                neg = true;
                j += ch.len_utf8();
                continue;
            }
            let Some(d) = superscript_digit(ch) else {
                break;
            };
            v = v * 10.0 + f64::from(d);
            any = true;
            j += ch.len_utf8();
        }
        if !any {
            return false;
        }
        self.push(Tk::Pow, s, j);
        self.push(Tk::Num(if neg { -v } else { v }), s, j);
        true
    }

    fn three_digits(&self, k: usize) -> bool {
        self.at(k).is_ascii_digit()
            && self.at(k + 1).is_ascii_digit()
            && self.at(k + 2).is_ascii_digit()
            && !self.at(k + 3).is_ascii_digit()
    }

    /// Length of the digit run at `k`.
    fn digits(&self, mut k: usize) -> usize {
        let s = k;
        while self.at(k).is_ascii_digit() {
            k += 1;
        }
        k - s
    }

    /// `01/02/2024`, `2022/10/24`: a date, given the first part's length and the index
    /// of the second part (after the first `/`).
    fn slash_date(&self, first: usize, k: usize) -> bool {
        let second = self.digits(k);
        if !(1..=2).contains(&second) || self.at(k + second) != b'/' {
            return false;
        }
        let k3 = k + second + 1;
        let third = self.digits(k3);
        let ok = match first {
            1 | 2 => matches!(third, 2 | 4),
            4 => matches!(third, 1 | 2),
            _ => false,
        };
        ok && !(self.at(k3 + third) == b'/' && self.at(k3 + third + 1).is_ascii_digit())
    }

    fn is_dash_at(&self, j: usize) -> bool {
        // U+2013 EN DASH, U+2014 EM DASH
        self.at(j) == 0xE2 && self.at(j + 1) == 0x80 && matches!(self.at(j + 2), 0x93 | 0x94)
    }

    fn skip_opaque(&self, mut j: usize) -> usize {
        loop {
            let c = self.at(j);
            if c.is_ascii_alphanumeric() || matches!(c, b':' | b'-' | b'.' | b'/' | b'+' | b'_') {
                j += 1;
            } else if self.is_dash_at(j) {
                j += 3;
            } else {
                return j;
            }
        }
    }

    fn number(&mut self) {
        let s = self.i;
        let n = self.b.len();
        let mut j = s;
        while j < n && self.b[j].is_ascii_digit() {
            j += 1;
        }
        let int_len = j - s;
        let mut grouped = false;
        loop {
            if self.at(j) == b',' && self.three_digits(j + 1) {
                j += 4;
                grouped = true;
            } else if self.at(j) == 0xE2
                && self.at(j + 1) == 0x80
                && matches!(self.at(j + 2), 0x89 | 0xAF)
                && self.three_digits(j + 3)
            {
                // thin-space thousands separators: 86 400
                j += 6;
                grouped = true;
            } else {
                break;
            }
        }
        if self.at(j) == b'.' && self.at(j + 1).is_ascii_digit() {
            j += 1;
            while self.at(j).is_ascii_digit() {
                j += 1;
            }
            if self.at(j) == b'.' && self.at(j + 1).is_ascii_digit() {
                // a version, an IP address or a dotted date
                while self.at(j).is_ascii_alphanumeric() || self.at(j) == b'.' {
                    j += 1;
                }
                self.push(Tk::Break, s, j);
                return;
            }
        }
        if matches!(self.at(j), b'e' | b'E') {
            let mut k = j + 1;
            if matches!(self.at(k), b'+' | b'-') {
                k += 1;
            }
            if self.at(k).is_ascii_digit() {
                while self.at(k).is_ascii_digit() {
                    k += 1;
                }
                if !self.at(k).is_ascii_alphabetic() {
                    j = k;
                }
            }
        }
        let c = self.at(j);
        let c1 = self.at(j + 1);
        let opaque = match c {
            b':' | b'-' => c1.is_ascii_digit(),
            b'/' => !grouped && j == s + int_len && self.slash_date(int_len, j + 1),
            b'_' => true,
            b'x' | b'X' => &self.text[s..j] == "0" && c1.is_ascii_hexdigit(),
            _ => self.is_dash_at(j) && self.at(j + 3).is_ascii_digit(),
        };
        if opaque {
            let e = self.skip_opaque(j);
            self.push(Tk::Break, s, e);
            return;
        }
        if c == b'-' && c1.is_ascii_alphabetic() {
            // `5-min`, `90-day`: a compound adjective, not a quantity
            let mut k = j + 1;
            while self.at(k).is_ascii_alphanumeric() || self.at(k) == b'-' {
                k += 1;
            }
            self.push(Tk::Word, s, k);
            return;
        }
        if int_len > 1 && self.b[s] == b'0' && !grouped {
            // zero-padded: an id, a code or a date part
            let e = self.skip_opaque(j);
            self.push(Tk::Break, s, e);
            return;
        }
        let lit = &self.text[s..j];
        let parsed = if grouped {
            let clean: String = lit
                .chars()
                .filter(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
                .collect();
            clean.parse::<f64>()
        } else {
            lit.parse::<f64>()
        };
        match parsed {
            Ok(v) if v.is_finite() => self.push(Tk::Num(v), s, j),
            _ => self.push(Tk::Break, s, j),
        }
        if self.i < n && self.b[self.i] >= 0x80 {
            self.superscripts();
        }
    }

    fn word(&mut self) {
        let s = self.i;
        let n = self.b.len();
        let rest = &self.b[s..];
        if starts_with_ci(rest, b"http://")
            || starts_with_ci(rest, b"https://")
            || starts_with_ci(rest, b"ftp://")
            || starts_with_ci(rest, b"www.")
        {
            let e = self.skip_nonspace(s);
            self.push(Tk::Break, s, e);
            return;
        }
        let mut j = s;
        while j < n {
            let c = self.b[j];
            if c.is_ascii_alphanumeric() {
                j += 1;
            } else if c >= 0x80 {
                match self.text[j..].chars().next() {
                    Some(ch) if ch.is_alphabetic() && superscript_digit(ch).is_none() => j += ch.len_utf8(),
                    _ => break,
                }
            } else if matches!(c, b'_' | b'\'' | b'.' | b'-') && self.at(j + 1).is_ascii_alphanumeric() {
                j += 1;
            } else {
                break;
            }
        }
        if self.b[j..].starts_with(b"://") {
            let e = self.skip_nonspace(j);
            self.push(Tk::Break, s, e);
            return;
        }
        let w = &self.text[s..j];
        if ["about", "roughly", "approximately", "around"]
            .iter()
            .any(|r| w.eq_ignore_ascii_case(r))
        {
            self.push(Tk::Rel(Rel::Approx), s, j);
            return;
        }
        if w.eq_ignore_ascii_case("approx") {
            let e = if self.at(j) == b'.' { j + 1 } else { j };
            self.push(Tk::Rel(Rel::Approx), s, e);
            return;
        }
        if w.eq_ignore_ascii_case("equals") {
            self.push(Tk::Rel(Rel::Exact), s, j);
            return;
        }
        // `base62^7`: the number of codes of length 7 in base 62
        if w.len() > 4
            && w.is_char_boundary(4)
            && w[..4].eq_ignore_ascii_case("base")
            && w[4..].bytes().all(|c| c.is_ascii_digit())
            && self.at(j) == b'^'
            && let Ok(v) = w[4..].parse::<f64>()
        {
            self.push(Tk::Num(v), s, j);
            return;
        }
        self.push(Tk::Word, s, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Tk> {
        lex(text).into_iter().map(|t| t.kind).collect()
    }

    fn texts(text: &str) -> Vec<&str> {
        lex(text).into_iter().map(|t| &text[t.start..t.end]).collect()
    }

    #[test]
    fn numbers_with_separators_decimals_and_exponents() {
        assert_eq!(kinds("86,400"), vec![Tk::Num(86_400.0)]);
        assert_eq!(kinds("1,000,000"), vec![Tk::Num(1e6)]);
        assert_eq!(kinds("0.5"), vec![Tk::Num(0.5)]);
        assert_eq!(kinds("1e6"), vec![Tk::Num(1e6)]);
        assert_eq!(kinds("1.2e9"), vec![Tk::Num(1.2e9)]);
        assert_eq!(kinds("86\u{202f}400"), vec![Tk::Num(86_400.0)]);
        assert_eq!(kinds("10⁹"), vec![Tk::Num(10.0), Tk::Pow, Tk::Num(9.0)]);
        assert_eq!(kinds("10^-3"), vec![Tk::Num(10.0), Tk::Pow, Tk::Num(-3.0)]);
    }

    #[test]
    fn suffixes_are_separate_attached_words() {
        let toks = lex("300B 10 M");
        assert_eq!(toks[1].kind, Tk::Word);
        assert!(!toks[1].space);
        assert!(toks[3].space);
        assert_eq!(texts("3GB/day"), vec!["3", "GB", "/", "day"]);
        assert_eq!(texts("200µs"), vec!["200", "µs"]);
    }

    #[test]
    fn opaque_digit_runs_are_breaks() {
        for s in [
            "2024-01-15",
            "01/02/2024",
            "2022/10/24",
            "15.01.2024",
            "10:30",
            "1.2.3",
            "10.0.0.1",
            "10-20",
            "10–25",
            "555-123-4567",
            "100:1",
            "0x1F",
            "007",
            "http://x/api/v1/items?limit=10",
        ] {
            assert_eq!(kinds(s), vec![Tk::Break], "{s}");
        }
        assert_eq!(kinds("a1b2c3"), vec![Tk::Word]);
        assert_eq!(kinds("41/1000/3600")[..2], [Tk::Num(41.0), Tk::Div]);
        assert_eq!(kinds("v2.0"), vec![Tk::Word]);
        assert_eq!(kinds("5-min"), vec![Tk::Word]);
    }

    #[test]
    fn operators_and_relations() {
        assert_eq!(
            kinds("a × b ÷ c − d"),
            vec![Tk::Word, Tk::Mul, Tk::Word, Tk::Div, Tk::Word, Tk::Sub, Tk::Word]
        );
        assert_eq!(
            kinds("= ≈ ~= =~ → => ->")[..4],
            [
                Tk::Rel(Rel::Exact),
                Tk::Rel(Rel::Approx),
                Tk::Rel(Rel::Approx),
                Tk::Rel(Rel::Approx)
            ]
        );
        assert_eq!(kinds("→ => ->"), vec![Tk::Rel(Rel::Arrow); 3]);
        assert_eq!(kinds("about approx. roughly"), vec![Tk::Rel(Rel::Approx); 3]);
        assert_eq!(kinds("x != y")[1], Tk::Break);
        assert_eq!(kinds("x := y")[2], Tk::Break);
        assert_eq!(kinds("a == b")[1], Tk::Break);
        // hyphens: only a spaced one is a minus
        assert_eq!(kinds("5 - 3"), vec![Tk::Num(5.0), Tk::Sub, Tk::Num(3.0)]);
        assert_eq!(kinds("a-z")[..], [Tk::Word]);
    }

    #[test]
    fn stars_are_multiplication_or_markup() {
        assert_eq!(kinds("2 * 3"), vec![Tk::Num(2.0), Tk::Mul, Tk::Num(3.0)]);
        assert_eq!(kinds("*2* × 3"), vec![Tk::Num(2.0), Tk::Mul, Tk::Num(3.0)]);
        assert_eq!(kinds("**2** × 3"), vec![Tk::Num(2.0), Tk::Mul, Tk::Num(3.0)]);
    }

    #[test]
    fn latex() {
        assert_eq!(
            kinds(r"\frac{1 \space billion}{24 \times 3600} = \sim 12K"),
            vec![
                Tk::Frac,
                Tk::LBrace,
                Tk::Num(1.0),
                Tk::Word,
                Tk::RBrace,
                Tk::LBrace,
                Tk::Num(24.0),
                Tk::Mul,
                Tk::Num(3600.0),
                Tk::RBrace,
                Tk::Rel(Rel::Exact),
                Tk::Tilde,
                Tk::Num(12.0),
                Tk::Word
            ]
        );
        assert_eq!(kinds(r"5 \text{ GB}"), vec![Tk::Num(5.0), Tk::Word]);
    }

    #[test]
    fn spans_are_char_boundaries() {
        let text = "容量：10M × 300 B ≈ 3 GB 🚀 µs";
        for t in lex(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
    }
}
