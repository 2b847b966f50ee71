//! Operands (`100M users`, `300 B`, `~115 posts/s`, `20%`) and expressions over them.

use std::cell::OnceCell;

use super::lex::{Tk, Token};
use super::units::{Atom, Class, Kb, UnitWord, classify, is_stop_word, is_storage_word, is_users_word};

/// Units of one operand: at most this many factors (`GB`, `/s`, `/day`, …).
const MAX_ATOMS: usize = 6;
/// Label words allowed after a number (`100M daily active users`).
const MAX_LABELS: u8 = 4;
/// How far back from a relation an expression may start, in tokens.
const MAX_EXPR_TOKENS: usize = 64;
/// Nesting limit for parentheses.
const MAX_DEPTH: u32 = 16;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Scale {
    One,
    Fixed(f64),
    /// `B` (billion or bytes) or `b` (billion or bits), decided per claim.
    Amb {
        bits: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct UnitRef {
    pub start: usize,
    pub end: usize,
    pub word: UnitWord,
}

/// A number with what follows it: scale, unit, labels, `per`-suffixes.
#[derive(Debug, Clone)]
pub(crate) struct Operand {
    /// Start of the operand, including a leading `~` or currency sign.
    pub start: usize,
    pub num_start: usize,
    /// End of the first numeric literal.
    pub lit_end: usize,
    /// End of the number, including an absorbed `^k` or `× 10^k`.
    pub num_end: usize,
    /// End of the number and its scale, unit, percent sign and per-suffixes
    /// (label words count only when a per-suffix follows them: `reads/day`).
    pub core_end: usize,
    pub literal: f64,
    pub pow: Option<f64>,
    pub sci: f64,
    pub scale: Scale,
    pub scale_span: Option<(usize, usize)>,
    pub unit: Option<UnitRef>,
    atoms: [(Atom, i8); MAX_ATOMS],
    n_atoms: usize,
    pub percent: bool,
    pub currency: bool,
    pub users_end: Option<usize>,
    /// An amount per thing that is not a unit (`per user`, `/request`): a share of a
    /// total, not the total.
    pub per_entity: bool,
    pub poison: bool,
    /// For `Scale::Amb`: the reading preferred when the dimensions do not decide.
    pub prefer_bytes: bool,
    /// Token index after everything consumed (labels and parenthesised labels too).
    pub end_tok: usize,
}

impl Operand {
    fn new(start: usize, num: &Token, literal: f64) -> Self {
        Operand {
            start,
            num_start: num.start,
            lit_end: num.end,
            num_end: num.end,
            core_end: num.end,
            literal,
            pow: None,
            sci: 1.0,
            scale: Scale::One,
            scale_span: None,
            unit: None,
            atoms: [(Atom::Time(1.0), 0); MAX_ATOMS],
            n_atoms: 0,
            percent: false,
            currency: false,
            users_end: None,
            per_entity: false,
            poison: false,
            prefer_bytes: false,
            end_tok: 0,
        }
    }

    pub(crate) fn atoms(&self) -> &[(Atom, i8)] {
        &self.atoms[..self.n_atoms]
    }

    fn push_atom(&mut self, a: Atom, e: i8) {
        if self.n_atoms < MAX_ATOMS {
            self.atoms[self.n_atoms] = (a, e);
            self.n_atoms += 1;
        } else {
            self.poison = true;
        }
    }

    fn set_unit(&mut self, t: &Token, word: UnitWord) {
        self.unit = Some(UnitRef {
            start: t.start,
            end: t.end,
            word,
        });
        if let Some(a) = word.main {
            self.push_atom(a, 1);
        }
        if word.per_second {
            self.push_atom(Atom::Time(1.0), -1);
        }
        self.core_end = t.end;
    }

    /// The number as written, with its scale: `10B` → 1e10 (billion reading), `20%` → 20.
    pub(crate) fn mantissa(&self, billion: bool) -> f64 {
        let mut v = self.pow.map_or(self.literal, |k| self.literal.powf(k)) * self.sci;
        match self.scale {
            Scale::Fixed(f) => v *= f,
            Scale::Amb { .. } if billion => v *= 1e9,
            _ => {}
        }
        v
    }

    /// A plain number: no scale, unit, percent or currency (labels allowed).
    pub(crate) fn is_bare(&self) -> bool {
        self.scale == Scale::One && self.n_atoms == 0 && !self.percent && !self.currency
    }

    /// Has a `KB`/`MB`/`GB` unit that may be read as 1000 or 1024.
    pub(crate) fn has_either(&self) -> bool {
        self.atoms()
            .iter()
            .any(|(a, _)| matches!(a, Atom::Bytes { kb: Kb::Either, .. }))
    }

    /// Has a real unit (bytes, bits, a duration or a rate), not only labels.
    pub(crate) fn has_unit(&self) -> bool {
        self.n_atoms > 0
    }

    /// The text of the unit part: `GB/day`, `req/s`.
    pub(crate) fn unit_text<'t>(&self, text: &'t str) -> &'t str {
        let after = self.scale_span.map_or(self.num_end, |s| s.1);
        text.get(after..self.core_end).unwrap_or("").trim()
    }
}

/// Binary operators of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Node {
    Leaf(usize),
    Bin(Op, usize, usize),
}

/// A parsed left-hand side.
#[derive(Debug, Clone)]
pub(crate) struct Expr {
    pub nodes: Vec<Node>,
    pub ops: Vec<Operand>,
    pub root: usize,
    pub start: usize,
    pub end: usize,
    /// Binary operators, plus powers absorbed into an operand (`62^7`).
    pub n_ops: usize,
}

impl Expr {
    pub(crate) fn single(op: Operand) -> Self {
        Expr {
            start: op.start,
            end: op.core_end,
            nodes: vec![Node::Leaf(0)],
            ops: vec![op],
            root: 0,
            n_ops: 0,
        }
    }

    pub(crate) fn is_single(&self) -> bool {
        self.ops.len() == 1 && self.n_ops == 0
    }
}

pub(crate) struct Parser<'a> {
    pub text: &'a str,
    pub toks: &'a [Token],
    has_byte_units: OnceCell<bool>,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str, toks: &'a [Token]) -> Self {
        Parser {
            text,
            toks,
            has_byte_units: OnceCell::new(),
        }
    }

    fn kind(&self, i: usize, hi: usize) -> Option<Tk> {
        if i < hi {
            self.toks.get(i).map(|t| t.kind)
        } else {
            None
        }
    }

    pub(crate) fn word(&self, i: usize, hi: usize) -> Option<&'a str> {
        match self.toks.get(i) {
            Some(t) if i < hi && t.kind == Tk::Word => Some(&self.text[t.start..t.end]),
            _ => None,
        }
    }

    pub(crate) fn starts_operand(&self, i: usize, hi: usize) -> bool {
        i < hi && self.toks.get(i).is_some_and(Token::is_operand_start)
    }

    /// A word `x`/`X` between an operand and an operand is multiplication.
    pub(crate) fn is_x_op(&self, i: usize, hi: usize) -> bool {
        matches!(self.word(i, hi), Some("x" | "X"))
            && i > 0
            && self.toks[i - 1].is_operand_end()
            && self.starts_operand(i + 1, hi)
    }

    fn is_of_op(&self, i: usize, hi: usize) -> bool {
        self.word(i, hi).is_some_and(|w| w.eq_ignore_ascii_case("of")) && self.starts_operand(i + 1, hi)
    }

    /// The text mentions a byte unit other than a bare `B` (`KB`, `GB`, `bytes`, …).
    fn has_byte_units(&self) -> bool {
        *self.has_byte_units.get_or_init(|| {
            self.toks.iter().any(|t| {
                t.kind == Tk::Word
                    && matches!(classify(&self.text[t.start..t.end]),
                        Class::Unit(u) if matches!(u.main, Some(Atom::Bytes { .. })))
            })
        })
    }

    /// The rule for a `B` whose dimensions do not decide it: bytes when a storage word
    /// follows (`300 B per tweet`, `300B of metadata`), billion when a label follows
    /// (`10B reads/day`, `1.5B users`) or a currency sign precedes (`$2B`); otherwise
    /// bytes when the text has another byte unit, else billion. A lowercase `b` is billion.
    fn prefers_bytes(&self, op: &Operand, word_tok: usize, hi: usize, bits: bool) -> bool {
        if bits || op.currency {
            return false;
        }
        let next = word_tok + 1;
        if let Some(w) = self.word(next, hi) {
            if w.eq_ignore_ascii_case("per") {
                let per_time = self.word(next + 1, hi).is_some_and(
                    |w2| matches!(classify(w2), Class::Unit(u) if matches!(u.main, Some(Atom::Time(_)))),
                );
                return !per_time;
            }
            if is_storage_word(w) {
                return true;
            }
            if matches!(classify(w), Class::Word) {
                return false;
            }
        }
        self.has_byte_units()
    }

    fn exponent(&self, j: usize, hi: usize) -> Option<(f64, usize, usize)> {
        let ok = |k: f64| k.is_finite() && k.abs() <= 400.0;
        match self.kind(j, hi)? {
            Tk::Num(k) if ok(k) => Some((k, self.toks[j].end, j + 1)),
            Tk::LBrace | Tk::LParen => match (self.kind(j + 1, hi)?, self.kind(j + 2, hi)?) {
                (Tk::Num(k), Tk::RBrace | Tk::RParen) if ok(k) => Some((k, self.toks[j + 2].end, j + 3)),
                _ => None,
            },
            _ => None,
        }
    }

    /// `1.2 × 10^6`: a number in scientific notation, read as one number.
    fn sci(&self, j: usize, hi: usize) -> Option<(f64, usize, usize)> {
        let times = matches!(self.kind(j, hi)?, Tk::Mul) || self.is_x_op(j, hi);
        if !times || self.kind(j + 1, hi)? != Tk::Num(10.0) || self.kind(j + 2, hi)? != Tk::Pow {
            return None;
        }
        let t = &self.toks[j + 1];
        if &self.text[t.start..t.end] != "10" {
            return None;
        }
        let (k, end, nj) = self.exponent(j + 3, hi)?;
        if k.fract() != 0.0 || matches!(self.kind(nj, hi), Some(Tk::Pow)) {
            return None;
        }
        Some((10f64.powf(k), end, nj))
    }

    /// `(average)`, `(peak)`, `(10-s buckets/hour)`: words in parentheses after an operand.
    fn paren_label(&self, j: usize, hi: usize) -> Option<usize> {
        let mut k = j + 1;
        while k < hi && k < j + 12 {
            match self.toks[k].kind {
                Tk::Word | Tk::Div | Tk::Sub | Tk::Break | Tk::Percent => k += 1,
                Tk::RParen if k > j + 1 => return Some(k + 1),
                _ => return None,
            }
        }
        None
    }

    /// A per-suffix after `/` or `per`: `/s`, `/day`, `per second`, `/GB`; other words
    /// (`/connection`, `per user`) are labels.
    fn per(&self, op: &mut Operand, k: usize) {
        let t = &self.toks[k];
        match classify(&self.text[t.start..t.end]) {
            Class::Unit(u) => {
                if let Some(a) = u.main
                    && !u.per_second
                {
                    op.push_atom(a, -1);
                    op.core_end = t.end;
                }
            }
            _ => op.per_entity = true,
        }
    }

    /// Parse one operand starting at token `i0` (a number, or `~`/currency then a number).
    pub(crate) fn operand(&self, i0: usize, hi: usize) -> Option<Operand> {
        let t = self.toks;
        let mut j = i0;
        let mut approx = false;
        let mut currency = false;
        if self.kind(j, hi) == Some(Tk::Tilde) {
            approx = true;
            j += 1;
        }
        if self.kind(j, hi) == Some(Tk::Currency) {
            currency = true;
            j += 1;
        }
        if !approx && self.kind(j, hi) == Some(Tk::Tilde) {
            j += 1;
        }
        let Some(Tk::Num(lit)) = self.kind(j, hi) else {
            return None;
        };
        let mut op = Operand::new(t[i0].start, &t[j], lit);
        op.currency = currency;
        j += 1;
        if self.kind(j, hi) == Some(Tk::Pow) {
            let (k, end, nj) = self.exponent(j + 1, hi)?;
            op.pow = Some(k);
            op.num_end = end;
            j = nj;
        } else if let Some((m, end, nj)) = self.sci(j, hi) {
            op.sci = m;
            op.num_end = end;
            j = nj;
        }
        op.core_end = op.num_end;

        // scale and unit words right after the number
        if let Some(w) = self.word(j, hi) {
            let attached = !t[j].space;
            match classify(w) {
                Class::Scale(f) if attached || w.len() > 2 => {
                    op.scale = Scale::Fixed(f);
                    op.scale_span = Some((t[j].start, t[j].end));
                    op.core_end = t[j].end;
                    j += 1;
                }
                c @ (Class::AmbBytes | Class::AmbBits) => {
                    let bits = c == Class::AmbBits;
                    op.scale = Scale::Amb { bits };
                    op.scale_span = Some((t[j].start, t[j].end));
                    op.core_end = t[j].end;
                    op.prefer_bytes = self.prefers_bytes(&op, j, hi, bits);
                    j += 1;
                }
                Class::Unit(_) if matches!(w, "bit" | "byte") && op.mantissa(false) != 1.0 => {
                    // `64 bit`, `300 byte header`: a width, an adjective, not a quantity
                    op.poison = true;
                    j += 1;
                }
                Class::Unit(u) => {
                    op.set_unit(&t[j], u);
                    j += 1;
                }
                Class::Percent => {
                    op.percent = true;
                    op.core_end = t[j].end;
                    j += 1;
                }
                Class::Word | Class::Scale(_) => {
                    if attached && !matches!(w, "x" | "X") {
                        // `1st`, `42u8`, `19m`: not a quantity we understand
                        op.poison = true;
                    }
                }
            }
            if op.scale != Scale::One
                && op.unit.is_none()
                && let Some(w2) = self.word(j, hi)
            {
                match classify(w2) {
                    Class::Unit(u) => {
                        if matches!(op.scale, Scale::Amb { .. }) {
                            op.scale = Scale::Fixed(1e9);
                        }
                        op.set_unit(&t[j], u);
                        j += 1;
                    }
                    Class::Percent => {
                        op.percent = true;
                        op.core_end = t[j].end;
                        j += 1;
                    }
                    _ => {}
                }
            }
        }
        if !op.percent && op.unit.is_none() && self.kind(j, hi) == Some(Tk::Percent) {
            op.percent = true;
            op.core_end = t[j].end;
            j += 1;
        }

        // labels, per-suffixes and parenthesised labels
        let mut labels = 0u8;
        loop {
            match self.kind(j, hi) {
                Some(Tk::Word) => {
                    let w = &self.text[t[j].start..t[j].end];
                    if self.is_x_op(j, hi) || (op.percent && self.is_of_op(j, hi)) {
                        break;
                    }
                    if w.eq_ignore_ascii_case("per") {
                        if self.word(j + 1, hi).is_some() {
                            self.per(&mut op, j + 1);
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    if labels >= MAX_LABELS || is_stop_word(w) {
                        break;
                    }
                    if is_users_word(w) && op.users_end.is_none() {
                        op.users_end = Some(t[j].end);
                    }
                    labels += 1;
                    j += 1;
                }
                Some(Tk::Div) if self.word(j + 1, hi).is_some() && !self.is_x_op(j + 1, hi) => {
                    self.per(&mut op, j + 1);
                    j += 2;
                }
                Some(Tk::LParen) => match self.paren_label(j, hi) {
                    Some(nj) => j = nj,
                    None => break,
                },
                _ => break,
            }
        }
        op.end_tok = j;
        Some(op)
    }

    /// The stated result after a relation: one operand, not followed by an operator and
    /// another operand (then the right side is an expression, and not a result).
    pub(crate) fn stated(&self, i: usize, hi: usize) -> Option<Operand> {
        let op = self.operand(i, hi)?;
        // `≈ 10^5 seconds`, `= 2^32` are numbers; `= 62^7` is an expression
        let power_of_ten_or_two = op.literal == 10.0 || op.literal == 2.0;
        if op.poison || (op.pow.is_some() && !power_of_ten_or_two) {
            return None;
        }
        let j = op.end_tok;
        let continues = match self.kind(j, hi) {
            Some(Tk::Mul | Tk::Div | Tk::Add | Tk::Sub) => self.starts_operand(j + 1, hi),
            Some(Tk::Pow) => true,
            Some(Tk::Word) => self.is_x_op(j, hi) || (op.percent && self.is_of_op(j, hi)),
            _ => false,
        };
        if continues { None } else { Some(op) }
    }

    /// The longest expression that ends exactly at token `end` and starts at or after `lo`.
    pub(crate) fn left_expr(&self, lo: usize, end: usize) -> Option<Expr> {
        let from = lo.max(end.saturating_sub(MAX_EXPR_TOKENS));
        (from..end)
            .filter(|&s| self.toks[s].is_operand_start())
            .find_map(|s| {
                let mut ep = ExprParser {
                    p: self,
                    pos: s,
                    hi: end,
                    nodes: Vec::new(),
                    ops: Vec::new(),
                    last_end: self.toks[s].end,
                    n_ops: 0,
                    depth: 0,
                };
                let root = ep.expr()?;
                (ep.pos == end).then(|| Expr {
                    nodes: ep.nodes,
                    ops: ep.ops,
                    root,
                    start: self.toks[s].start,
                    end: ep.last_end,
                    n_ops: ep.n_ops,
                })
            })
    }
}

struct ExprParser<'p, 'a> {
    p: &'p Parser<'a>,
    pos: usize,
    hi: usize,
    nodes: Vec<Node>,
    ops: Vec<Operand>,
    last_end: usize,
    n_ops: usize,
    depth: u32,
}

impl ExprParser<'_, '_> {
    fn kind(&self) -> Option<Tk> {
        self.p.kind(self.pos, self.hi)
    }

    fn node(&mut self, n: Node) -> usize {
        if matches!(n, Node::Bin(..)) {
            self.n_ops += 1;
        }
        self.nodes.push(n);
        self.nodes.len() - 1
    }

    fn is_percent_leaf(&self, n: usize) -> bool {
        matches!(self.nodes[n], Node::Leaf(k) if self.ops[k].percent)
    }

    fn expr(&mut self) -> Option<usize> {
        let mut l = self.term()?;
        loop {
            let op = match self.kind() {
                Some(Tk::Add) => Op::Add,
                Some(Tk::Sub) => Op::Sub,
                _ => break,
            };
            if !self.p.starts_operand(self.pos + 1, self.hi) {
                break;
            }
            self.pos += 1;
            let r = self.term()?;
            l = self.node(Node::Bin(op, l, r));
        }
        Some(l)
    }

    fn term(&mut self) -> Option<usize> {
        let mut l = self.factor()?;
        loop {
            let op = match self.kind() {
                Some(Tk::Mul) => Op::Mul,
                Some(Tk::Div) => Op::Div,
                Some(Tk::Word)
                    if self.p.is_x_op(self.pos, self.hi)
                        || (self.is_percent_leaf(l) && self.p.is_of_op(self.pos, self.hi)) =>
                {
                    Op::Mul
                }
                _ => break,
            };
            if !self.p.starts_operand(self.pos + 1, self.hi) {
                break;
            }
            self.pos += 1;
            let r = self.factor()?;
            l = self.node(Node::Bin(op, l, r));
        }
        Some(l)
    }

    fn factor(&mut self) -> Option<usize> {
        let b = self.unary()?;
        if self.kind() == Some(Tk::Pow) {
            self.pos += 1;
            let e = self.factor()?;
            return Some(self.node(Node::Bin(Op::Pow, b, e)));
        }
        Some(b)
    }

    fn group(&mut self, close: Tk) -> Option<usize> {
        self.pos += 1;
        let e = self.expr()?;
        if self.kind() != Some(close) {
            return None;
        }
        self.last_end = self.p.toks[self.pos].end;
        self.pos += 1;
        Some(e)
    }

    fn unary(&mut self) -> Option<usize> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let out = match self.kind()? {
            Tk::LParen => {
                let e = self.group(Tk::RParen)?;
                if self.kind() == Some(Tk::LParen)
                    && let Some(nj) = self.p.paren_label(self.pos, self.hi)
                {
                    self.pos = nj;
                }
                Some(e)
            }
            Tk::LBrace => self.group(Tk::RBrace),
            Tk::Frac => {
                self.pos += 1;
                if self.kind() != Some(Tk::LBrace) {
                    return None;
                }
                let a = self.group(Tk::RBrace)?;
                if self.kind() != Some(Tk::LBrace) {
                    return None;
                }
                let b = self.group(Tk::RBrace)?;
                Some(self.node(Node::Bin(Op::Div, a, b)))
            }
            Tk::Num(_) | Tk::Tilde | Tk::Currency => {
                let op = self.p.operand(self.pos, self.hi)?;
                if op.poison {
                    return None;
                }
                self.pos = op.end_tok;
                self.last_end = op.core_end;
                if op.pow.is_some() {
                    self.n_ops += 1;
                }
                self.ops.push(op);
                Some(self.node(Node::Leaf(self.ops.len() - 1)))
            }
            _ => None,
        };
        self.depth -= 1;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::lex::lex;
    use super::*;

    fn op(text: &str) -> Operand {
        let toks = lex(text);
        Parser::new(text, &toks).operand(0, toks.len()).expect(text)
    }

    #[test]
    fn operands() {
        let o = op("100M users");
        assert_eq!(o.mantissa(true), 1e8);
        assert!(o.users_end.is_some());
        assert_eq!(o.core_end, 4);

        let o = op("10B reads/day");
        assert_eq!(o.scale, Scale::Amb { bits: false });
        assert!(!o.prefer_bytes);
        assert_eq!(o.atoms(), &[(Atom::Time(86_400.0), -1)]);
        assert_eq!(o.core_end, "10B reads/day".len());

        let o = op("~1,200 QPS");
        assert_eq!(o.start, 0);
        assert_eq!(o.num_start, 1);
        assert_eq!(o.unit_text("~1,200 QPS"), "QPS");

        let o = op("20%");
        assert!(o.percent);
        assert_eq!(o.mantissa(false), 20.0);

        let o = op("62^7");
        assert_eq!(o.pow, Some(7.0));

        let o = op("1.2 × 10^6 bytes");
        assert_eq!(o.mantissa(false), 1.2e6);
        assert!(o.has_unit());

        let o = op("$0.004/GB");
        assert!(o.currency);
        assert_eq!(o.atoms().len(), 1);

        assert!(op("42u8").poison);
        assert!(op("64 bit").poison);
        assert!(!op("1 byte").poison);
        assert_eq!(op("128K for memLevel").end_tok, 2);
        assert!(!op("3x average").poison);
    }

    #[test]
    fn b_preference() {
        let text = "10M × 300B = 3GB/day";
        let toks = lex(text);
        let p = Parser::new(text, &toks);
        let o = p.operand(3, toks.len()).unwrap();
        assert!(o.prefer_bytes);
        assert!(!op("$2B").prefer_bytes);
        assert!(op("300 B per tweet").prefer_bytes);
        assert!(!op("1.5B users").prefer_bytes);
    }

    #[test]
    fn expressions() {
        let text = "Reads: 100M users × 100 reads/day = 10B reads/day";
        let toks = lex(text);
        let p = Parser::new(text, &toks);
        let rel = toks.iter().position(|t| matches!(t.kind, Tk::Rel(_))).unwrap();
        let e = p.left_expr(0, rel).unwrap();
        assert_eq!(&text[e.start..e.end], "100M users × 100 reads/day");
        assert_eq!(e.n_ops, 1);
        let st = p.stated(rel + 1, toks.len()).unwrap();
        assert_eq!(&text[st.start..st.core_end], "10B reads/day");
    }

    #[test]
    fn right_side_expression_is_not_a_result() {
        let text = "1 day = 24 × 60 = 1,440 minutes";
        let toks = lex(text);
        let p = Parser::new(text, &toks);
        assert!(p.stated(3, toks.len()).is_none());
    }
}
