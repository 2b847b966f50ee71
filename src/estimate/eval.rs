//! Evaluation with units, the readings a claim is tried under, and the tolerance.

use super::parse::{Expr, Node, Op, Operand, Scale};
use super::units::{Atom, Kb};

/// Relative tolerance: a stated value within 15 % of the computed one is right.
pub(crate) const TOLERANCE: f64 = 0.15;
/// Order-of-magnitude rounding after `≈`/`~`: `840 bytes ≈ 1 KB`.
const POW10_FACTOR: f64 = 1.5;
/// At most this many ambiguous `B`s in one claim are tried both ways.
const MAX_AMBIGUOUS: u8 = 6;

/// Bare numbers that convert between time units (`× 60`, `/ 86,400`, `× 365`).
const TIME_CONSTANTS: [f64; 17] = [
    7.0,
    12.0,
    24.0,
    30.0,
    31.0,
    52.0,
    60.0,
    365.0,
    366.0,
    1e3,
    3_600.0,
    1e5,
    86_400.0,
    604_800.0,
    2_592_000.0,
    2_628_000.0,
    31_536_000.0,
];
/// Bare numbers that convert between byte prefixes (`÷ 1,000,000,000`, `/ 1024`).
const PREFIX_CONSTANTS: [f64; 9] = [
    1e3,
    1e6,
    1e9,
    1e12,
    1e15,
    1024.0,
    1_048_576.0,
    1_073_741_824.0,
    1_099_511_627_776.0,
];

/// A value with its dimensions: exponents of bytes, bits and seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Val {
    pub v: f64,
    pub bytes: i8,
    pub bits: i8,
    pub time: i8,
}

impl Val {
    fn same_dims(&self, o: &Val) -> bool {
        self.bytes == o.bytes && self.bits == o.bits && self.time == o.time
    }
}

/// One way of reading the units of a claim.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reading {
    /// What `K` in `KB` means on the left / right side: 1000 or 1024.
    pub kb_l: f64,
    pub kb_r: f64,
    /// Count bits as bytes (÷ 8) so bits and bytes compare; off for reporting.
    pub merge_bits: bool,
    /// Count a bit as a byte: the writer converted with an explicit `× 8` or `/ 8`.
    pub bits_as_bytes: bool,
    /// Time units count as written (`5 years` = 5, `/day` = 1): the writer converted with
    /// an explicit `× 365`, `/ 86,400`, or the two sides differ in `per time`.
    pub time_written: bool,
    /// Every literal rounded to one significant figure.
    pub round: bool,
    /// Bit k set: the k-th ambiguous `B` is bytes (else billion).
    pub mask: u32,
}

impl Reading {
    pub(crate) fn strict(mask: u32) -> Self {
        Reading {
            kb_l: 1000.0,
            kb_r: 1000.0,
            merge_bits: true,
            bits_as_bytes: false,
            time_written: false,
            round: false,
            mask,
        }
    }

    /// SI units, bits kept apart: the reading reported in `Quantity`.
    pub(crate) fn public(mask: u32) -> Self {
        Reading {
            merge_bits: false,
            ..Reading::strict(mask)
        }
    }
}

pub(crate) fn round1(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let p = 10f64.powf(x.abs().log10().floor());
    (x / p).round() * p
}

fn apply(val: &mut Val, a: Atom, e: i8, r: &Reading, kb: f64) {
    let (f, db, dbit, dt) = match a {
        Atom::Bytes { pow, kb: k } => {
            let base = match k {
                Kb::Si => 1000.0,
                Kb::Bin => 1024.0,
                Kb::Either => kb,
            };
            (f64::powi(base, i32::from(pow)), 1, 0, 0)
        }
        Atom::Bits { pow } => {
            let f = f64::powi(1000.0, i32::from(pow));
            if !r.merge_bits {
                (f, 0, 1, 0)
            } else if r.bits_as_bytes {
                (f, 1, 0, 0)
            } else {
                (f / 8.0, 1, 0, 0)
            }
        }
        Atom::Time(s) => (if r.time_written { 1.0 } else { s }, 0, 0, 1),
    };
    if e > 0 {
        val.v *= f;
    } else {
        val.v /= f;
    }
    val.bytes = val.bytes.saturating_add(db * e);
    val.bits = val.bits.saturating_add(dbit * e);
    val.time = val.time.saturating_add(dt * e);
}

/// `bytes`: for an ambiguous `B`, whether this reading takes it as bytes (or bits).
pub(crate) fn eval_operand(op: &Operand, r: &Reading, kb: f64, bytes: Option<bool>) -> Option<Val> {
    let lit = if r.round && op.pow.is_none() {
        round1(op.literal)
    } else {
        op.literal
    };
    let v = op.pow.map_or(lit, |k| lit.powf(k)) * op.sci;
    let mut val = Val {
        v,
        bytes: 0,
        bits: 0,
        time: 0,
    };
    match op.scale {
        Scale::One => {}
        Scale::Fixed(f) => val.v *= f,
        Scale::Amb { bits } => {
            if bytes == Some(true) {
                let a = if bits {
                    Atom::Bits { pow: 0 }
                } else {
                    Atom::Bytes { pow: 0, kb: Kb::Si }
                };
                apply(&mut val, a, 1, r, kb);
            } else {
                val.v *= 1e9;
            }
        }
    }
    if op.percent {
        val.v *= 0.01;
    }
    for &(a, e) in op.atoms() {
        apply(&mut val, a, e, r, kb);
    }
    val.v.is_finite().then_some(val)
}

fn bit(b: Option<u8>, mask: u32) -> Option<bool> {
    b.map(|b| mask >> b & 1 == 1)
}

fn eval_node(e: &Expr, amb: &[Option<u8>], r: &Reading, n: usize) -> Option<Val> {
    match e.nodes[n] {
        Node::Leaf(k) => eval_operand(&e.ops[k], r, r.kb_l, bit(amb[k], r.mask)),
        Node::Bin(op, a, b) => {
            let x = eval_node(e, amb, r, a)?;
            let y = eval_node(e, amb, r, b)?;
            let out = match op {
                Op::Add | Op::Sub => {
                    if !x.same_dims(&y) {
                        return None;
                    }
                    let v = if op == Op::Add { x.v + y.v } else { x.v - y.v };
                    Val { v, ..x }
                }
                Op::Mul => Val {
                    v: x.v * y.v,
                    bytes: x.bytes.saturating_add(y.bytes),
                    bits: x.bits.saturating_add(y.bits),
                    time: x.time.saturating_add(y.time),
                },
                Op::Div => {
                    if y.v == 0.0 {
                        return None;
                    }
                    Val {
                        v: x.v / y.v,
                        bytes: x.bytes.saturating_sub(y.bytes),
                        bits: x.bits.saturating_sub(y.bits),
                        time: x.time.saturating_sub(y.time),
                    }
                }
                Op::Pow => {
                    if y.bytes != 0 || y.bits != 0 || y.time != 0 || y.v.abs() > 400.0 {
                        return None;
                    }
                    let dimensioned = x.bytes != 0 || x.bits != 0 || x.time != 0;
                    if dimensioned && y.v.fract() != 0.0 {
                        return None;
                    }
                    let k = y.v as i8;
                    Val {
                        v: x.v.powf(y.v),
                        bytes: x.bytes.saturating_mul(k),
                        bits: x.bits.saturating_mul(k),
                        time: x.time.saturating_mul(k),
                    }
                }
            };
            out.v.is_finite().then_some(out)
        }
    }
}

pub(crate) fn eval_expr(e: &Expr, amb: &[Option<u8>], r: &Reading) -> Option<Val> {
    eval_node(e, amb, r, e.root)
}

fn rel_err(c: f64, s: f64) -> f64 {
    if c == 0.0 {
        if s == 0.0 { 0.0 } else { f64::INFINITY }
    } else {
        ((s - c) / c).abs()
    }
}

/// The tolerance, in the stated unit: `c` computed, `s` stated, `approx` after `≈`/`~`,
/// `whole` when the stated value is a plain count of things (servers, workers).
pub(crate) fn accept(c: f64, s: f64, approx: bool, whole: bool) -> bool {
    if !(c.is_finite() && s.is_finite()) {
        return false;
    }
    if c == s {
        return true;
    }
    if c == 0.0 || s == 0.0 || (c < 0.0) != (s < 0.0) {
        return false;
    }
    let (c, s) = (c.abs(), s.abs());
    // 1. within 15 %
    if rel_err(c, s) <= TOLERANCE + 1e-9 {
        return true;
    }
    // 2. the computed value rounded to one significant figure (115.7 → 100, 14.6 → 10)
    let p = 10f64.powf(c.log10().floor());
    let q = s / p;
    if (q - q.round()).abs() < 1e-6 && (s - c).abs() <= 0.5 * p * (1.0 + 1e-9) {
        return true;
    }
    // 3. a fraction rounded up to a whole number (0.28 servers → 1 server)
    if whole && s.fract() == 0.0 && s >= 1.0 && c < s && s == c.ceil() {
        return true;
    }
    // 4. after ≈ / ~, a power of ten in its unit within a factor of 1.5 (840 bytes ≈ 1 KB)
    if approx {
        let l = s.log10();
        if (l - l.round()).abs() < 1e-9 && s.max(c) / s.min(c) <= POW10_FACTOR + 1e-9 {
            return true;
        }
    }
    false
}

/// With rounded operands only rule 1 applies: no rounding on top of rounding.
fn passes(c: f64, s: f64, approx: bool, whole: bool, rounded_operands: bool) -> bool {
    if rounded_operands {
        c.is_finite() && s.is_finite() && rel_err(c, s) <= TOLERANCE + 1e-9
    } else {
        accept(c, s, approx, whole)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An expression with an operator and its stated result.
    Expr,
    /// The next link of a chain `a × b = c ≈ d`: `c` against `d`.
    Chain,
    /// A unit conversion without an operator: `1 Gbps = 125 MB/s`.
    Conversion,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Judged {
    pub correct: bool,
    pub mask: u32,
    pub kb_r: f64,
    /// The computed value in the stated unit (the stated number's scale included).
    pub c_disp: f64,
    pub rel: f64,
    /// The stated ambiguous `B`, if any, is billion.
    pub st_billion: bool,
    /// The ambiguous-`B` bits of the left side, by operand index.
    pub amb: [Option<u8>; 16],
}

struct Flags {
    has8: bool,
    time_const: bool,
    prefix_const: bool,
}

impl Flags {
    fn of(e: &Expr) -> Self {
        let mut f = Flags {
            has8: false,
            time_const: false,
            prefix_const: false,
        };
        for op in e.ops.iter().filter(|o| o.is_bare()) {
            let v = op.mantissa(false);
            f.has8 |= v == 8.0;
            f.time_const |= TIME_CONSTANTS.contains(&v);
            f.prefix_const |= PREFIX_CONSTANTS.contains(&v);
        }
        f
    }
}

fn choices(allowed: bool) -> &'static [bool] {
    if allowed { &[false, true] } else { &[false] }
}

fn kbs(either: bool) -> &'static [f64] {
    if either { &[1000.0, 1024.0] } else { &[1000.0] }
}

/// Judge a left side against a stated result. `None`: the claim is not checkable (the
/// two sides are not comparable, or a value is undefined).
pub(crate) fn judge(e: &Expr, st: &Operand, approx: bool, kind: Kind) -> Option<Judged> {
    if e.ops.len() > 16 {
        return None;
    }
    let mut amb = [None; 16];
    let mut nb: u8 = 0;
    let mut pref: u32 = 0;
    for (k, op) in e.ops.iter().enumerate() {
        if matches!(op.scale, Scale::Amb { .. }) {
            if op.prefer_bytes {
                pref |= 1 << nb;
            }
            amb[k] = Some(nb);
            nb += 1;
        }
    }
    let st_bit = if matches!(st.scale, Scale::Amb { .. }) {
        if st.prefer_bytes {
            pref |= 1 << nb;
        }
        nb += 1;
        Some(nb - 1)
    } else {
        None
    };
    if nb > MAX_AMBIGUOUS {
        return None;
    }
    let amb_l = &amb[..e.ops.len()];
    let flags = Flags::of(e);
    let kbs_l = kbs(e.ops.iter().any(Operand::has_either));
    let kbs_r = kbs(st.has_either());
    let is_expr = kind == Kind::Expr;
    let whole = st.is_bare() && st.pow.is_none() && st.sci == 1.0;

    let mut compatible = Vec::new();
    let mut mismatch = None;
    let masks = std::iter::once(pref).chain((0..1u32 << nb).filter(|&m| m != pref));
    for m in masks {
        let r = Reading::strict(m);
        let (Some(l), Some(s)) = (
            eval_expr(e, amb_l, &r),
            eval_operand(st, &r, r.kb_r, bit(st_bit, m)),
        ) else {
            continue;
        };
        if l.v < 0.0 || s.v < 0.0 {
            // negative results are not checked: `3 - 10 = 7` is more likely a range
            continue;
        }
        if l.bytes == s.bytes {
            if kind == Kind::Conversion && l.time != s.time {
                continue;
            }
            compatible.push((m, l.time != s.time));
        } else if mismatch.is_none() {
            mismatch = Some((m, l.bytes, s.bytes));
        }
    }

    let make = |correct, m: u32, kb_r, c_disp, mant| Judged {
        correct,
        mask: m,
        kb_r,
        c_disp,
        rel: rel_err(c_disp, mant),
        st_billion: bit(st_bit, m) == Some(false),
        amb,
    };

    let mut best: Option<(f64, Judged)> = None;
    for &(m, time_differs) in &compatible {
        let mant = st.mantissa(bit(st_bit, m) == Some(false));
        if mant == 0.0 {
            continue;
        }
        let tw_ok = kind != Kind::Conversion && (time_differs || flags.time_const);
        for &kb_l in kbs_l {
            for &kb_r in kbs_r {
                for &bits_as_bytes in choices(is_expr && flags.has8) {
                    for &time_written in choices(tw_ok) {
                        for &round in choices(is_expr) {
                            let r = Reading {
                                kb_l,
                                kb_r,
                                merge_bits: true,
                                bits_as_bytes,
                                time_written,
                                round,
                                mask: m,
                            };
                            let (Some(c), Some(s)) = (
                                eval_expr(e, amb_l, &r),
                                eval_operand(st, &Reading { round: false, ..r }, kb_r, bit(st_bit, m)),
                            ) else {
                                continue;
                            };
                            if s.v == 0.0 {
                                continue;
                            }
                            let c_disp = c.v / (s.v / mant);
                            if passes(c_disp, mant, approx, whole, round) {
                                // report the exact value, not the rounded-operand one
                                let exact = Reading { round: false, ..r };
                                let shown =
                                    eval_expr(e, amb_l, &exact).map_or(c_disp, |c| c.v / (s.v / mant));
                                let mut j = make(true, m, kb_r, shown, mant);
                                j.rel = rel_err(c_disp, mant);
                                return Some(j);
                            }
                            // the reported value: SI prefixes, as written; when the sides
                            // differ in time, time units as written (`10M × 300 B = 3 TB/day`
                            // is 3 GB per day, not 3 GB spread over a second)
                            if !round
                                && !bits_as_bytes
                                && kb_l == 1000.0
                                && kb_r == 1000.0
                                && time_written == time_differs
                            {
                                let score = (mant / c_disp).ln().abs();
                                let score = if score.is_nan() { f64::INFINITY } else { score };
                                if best.as_ref().is_none_or(|(b, _)| score < *b) {
                                    best = Some((score, make(false, m, kb_r, c_disp, mant)));
                                }
                            }
                        }
                    }
                }
            }
        }
        // The stated number as written: `48,300,000,000 bytes ÷ 1,000,000,000 = 48.3 GB`,
        // `(525,600 - 262.8) / 525,600 × 100 = 99.95%`.
        if (is_expr && flags.prefix_const) || st.percent {
            for &time_written in choices(kind != Kind::Conversion) {
                for &round in choices(is_expr) {
                    let r = Reading {
                        time_written,
                        round,
                        ..Reading::strict(m)
                    };
                    if let Some(c) = eval_expr(e, amb_l, &r)
                        && passes(c.v, mant, approx, whole, round)
                    {
                        return Some(make(true, m, 1000.0, c.v, mant));
                    }
                }
            }
        }
    }
    if let Some((_, j)) = best {
        // In a chain, `3 GB → 1 TB/year` leaves the period of `3 GB` implicit: a link
        // whose sides differ in time is not reported.
        let time_differs = compatible.iter().all(|&(_, t)| t);
        if kind == Kind::Chain && time_differs {
            return None;
        }
        return Some(j);
    }

    // No reading where both sides have the same information dimension. A count on one
    // side and bytes on the other (`640 × 3 = 1,920 GB`) is accepted when the numbers
    // agree as written or in base units, and otherwise skipped: the writer left the unit
    // implicit, and a false alarm is worse than a miss.
    if kind == Kind::Conversion {
        return None;
    }
    let (m, lb, sb) = mismatch?;
    if (lb == 0) == (sb == 0) {
        return None;
    }
    let mant = st.mantissa(bit(st_bit, m) == Some(false));
    if mant == 0.0 {
        return None;
    }
    for &kb_l in kbs_l {
        for &kb_r in kbs_r {
            for &time_written in &[false, true] {
                for &round in choices(is_expr) {
                    let r = Reading {
                        kb_l,
                        kb_r,
                        time_written,
                        round,
                        ..Reading::strict(m)
                    };
                    let (Some(c), Some(s)) = (
                        eval_expr(e, amb_l, &r),
                        eval_operand(st, &Reading { round: false, ..r }, kb_r, bit(st_bit, m)),
                    ) else {
                        continue;
                    };
                    // report the exact value, not the rounded-operand one
                    let exact = eval_expr(e, amb_l, &Reading { round: false, ..r }).map_or(c.v, |x| x.v);
                    if s.v != 0.0 && passes(c.v / (s.v / mant), mant, approx, whole, round) {
                        return Some(make(true, m, kb_r, exact / (s.v / mant), mant));
                    }
                    if passes(c.v, mant, approx, whole, round) {
                        return Some(make(true, m, kb_r, exact, mant));
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_rules() {
        assert!(accept(115.74, 115.0, false, false));
        assert!(accept(115.74, 120.0, false, false));
        assert!(accept(115.74, 100.0, false, false), "one significant figure");
        assert!(accept(1.095, 1.0, false, false));
        assert!(accept(14.6, 10.0, false, false));
        assert!(!accept(14.6, 20.0, false, false));
        assert!(!accept(115.74, 1150.0, true, false), "order of magnitude");
        assert!(!accept(115.74, 11.5, true, false));
        assert!(accept(0.36, 1.0, false, true), "rounded up to a whole server");
        assert!(!accept(0.1, 1.0, false, false), "1 TB for 100 GB");
        assert!(!accept(0.36, 2.0, false, true));
        assert!(accept(0.84, 1.0, true, false), "840 bytes ≈ 1 KB");
        assert!(!accept(0.84, 1.0, false, false));
        assert!(!accept(3.0, 30.0, true, false));
        assert!(!accept(-3.0, 3.0, false, false));
        assert!(accept(0.0, 0.0, false, false));
    }

    #[test]
    fn round_to_one_figure() {
        assert_eq!(round1(86_400.0), 90_000.0);
        assert_eq!(round1(365.0), 400.0);
        assert_eq!(round1(1_157.0), 1_000.0);
        assert_eq!(round1(0.0), 0.0);
    }
}
