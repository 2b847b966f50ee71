//! Finding claims: relations, their left-hand expressions, their stated results, chains.

use super::eval::{Judged, Kind, Reading, eval_expr, eval_operand, judge};
use super::fmt::fix;
use super::lex::{Rel, Tk, Token};
use super::parse::{Expr, Operand, Parser, Scale};
use super::units::{Class, classify};
use super::{Claim, Form, Quantity, Unit, Verdict};

/// Consecutive relation tokens (`= ~`, `≈`, `= roughly`) form one relation.
struct Group {
    start: usize,
    end: usize,
    rel: Rel,
}

/// Can the token end the number part of an operand (`365`, `3 GB`, `(…)`, `20%`)?
/// Labels cannot: `from ~12 to ~20` has no relation in it.
fn ends_quantity(text: &str, t: &Token) -> bool {
    match t.kind {
        Tk::Num(_) | Tk::RParen | Tk::RBrace | Tk::Percent => true,
        Tk::Word => !matches!(classify(&text[t.start..t.end]), Class::Word),
        _ => false,
    }
}

fn relation_groups(text: &str, t: &[Token]) -> Vec<Group> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let first = match t[i].kind {
            Tk::Rel(r) => Some(r),
            // `3 GB × 365 ~ 1 TB`: a `~` after an operand and before a number
            Tk::Tilde
                if i > 0
                    && ends_quantity(text, &t[i - 1])
                    && matches!(t.get(i + 1).map(|x| x.kind), Some(Tk::Num(_) | Tk::Currency)) =>
            {
                Some(Rel::Approx)
            }
            _ => None,
        };
        let Some(mut rel) = first else {
            i += 1;
            continue;
        };
        let mut start = i;
        // `is about`, `are roughly`: the verb belongs to the relation
        if rel == Rel::Approx
            && i > 0
            && t[i - 1].kind == Tk::Word
            && text.as_bytes()[t[i].start].is_ascii_alphabetic()
            && ["is", "are", "was", "gives", "makes"]
                .iter()
                .any(|v| text[t[i - 1].start..t[i - 1].end].eq_ignore_ascii_case(v))
        {
            start = i - 1;
        }
        i += 1;
        while let Some(Tk::Rel(r)) = t.get(i).map(|x| x.kind) {
            if r == Rel::Approx && rel == Rel::Exact {
                rel = Rel::Approx;
            }
            i += 1;
        }
        out.push(Group { start, end: i, rel });
    }
    out
}

/// What a relation left behind for the next one in a chain.
struct Link {
    st: Operand,
    /// Token index where the stated result starts.
    st_tok: usize,
    /// The expression the chain started from.
    expr: Option<Expr>,
    verdict: Option<Verdict>,
}

pub(crate) fn find(text: &str, toks: &[Token]) -> Vec<Claim> {
    let groups = relation_groups(text, toks);
    if groups.is_empty() {
        return Vec::new();
    }
    let p = Parser::new(text, toks);
    let mut out = Vec::new();
    let mut floor = 0;
    let mut prev: Option<Link> = None;
    for (gi, g) in groups.iter().enumerate() {
        let hi = groups.get(gi + 1).map_or(toks.len(), |n| n.start);
        let ls = (floor..g.start)
            .rev()
            .find(|&k| toks[k].kind == Tk::Break)
            .map_or(floor, |k| k + 1);
        let chained = prev.take().filter(|l| l.st_tok == ls && l.st.end_tok == g.start);
        prev = p
            .stated(g.end, hi)
            .map(|st| relation(&p, g, ls, st, chained, &mut out));
        floor = g.end;
    }
    out.sort_by_key(|c| (c.span.start, c.span.end));
    out
}

/// The claim is a quotation (`"2 + 2 * 2 = 8"`): an example, not the writer's estimate.
fn quoted(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].trim_end().chars().next_back();
    let after = text[end..].trim_start().chars().next();
    matches!(
        (before, after),
        (Some('"'), Some('"'))
            | (Some('\''), Some('\''))
            | (Some('“'), Some('”'))
            | (Some('‘'), Some('’'))
            | (Some('«'), Some('»'))
    )
}

/// Two single quantities make a conversion claim when both have real units, different
/// ones (`1 Gbps = 125 MB/s`, `1 day = 86,400 s`), and neither is a percentage. Units
/// that differ only in their labels are the same unit (`10 reads per user per day =
/// 1B reads/day` multiplies by a user count left implicit), and an amount per user, per
/// request, … is not converted into a total (`2 GB per user = 100 PB`).
fn conversion(text: &str, a: &Operand, b: &Operand) -> bool {
    a.has_unit()
        && b.has_unit()
        && !a.percent
        && !b.percent
        && a.per_entity == b.per_entity
        && !a.unit_text(text).eq_ignore_ascii_case(b.unit_text(text))
        && !same_unit(a, b)
}

/// Do both quantities have one unit: the same dimensions and the same factor from the
/// number as written to base units (`/day` and `per user per day`)?
fn same_unit(a: &Operand, b: &Operand) -> bool {
    let r = Reading::strict(0);
    let factor = |op: &Operand| {
        let bytes = matches!(op.scale, Scale::Amb { .. }).then_some(op.prefer_bytes);
        let v = eval_operand(op, &r, 1000.0, bytes)?;
        let m = op.mantissa(bytes == Some(false));
        (m != 0.0).then(|| (v.v / m, v.bytes, v.bits, v.time))
    };
    match (factor(a), factor(b)) {
        (Some((fa, ba, ta, sa)), Some((fb, bb, tb, sb))) => {
            (ba, ta, sa) == (bb, tb, sb) && ((fa - fb) / fb).abs() < 1e-9
        }
        _ => false,
    }
}

fn relation(
    p: &Parser,
    g: &Group,
    ls: usize,
    st: Operand,
    chained: Option<Link>,
    out: &mut Vec<Claim>,
) -> Link {
    let (lhs, kind, origin) = match chained {
        // `a × b = c = d` with `c` wrong: check `d` against `a × b`
        Some(Link {
            expr: Some(e),
            verdict: Some(Verdict::Wrong),
            ..
        }) => (Some(e.clone()), Kind::Expr, Some(e)),
        // `c` right (or not checkable): check `d` against `c`; without an expression
        // before `c`, only when both have units (`1 KB per job = 36,720 KB ≈ 36 MB`)
        Some(l) if l.expr.is_some() || (l.st.has_unit() && st.has_unit()) => {
            (Some(Expr::single(l.st)), Kind::Chain, l.expr)
        }
        Some(_) => (None, Kind::Expr, None),
        None => match p.left_expr(ls, g.start) {
            Some(e) if e.n_ops > 0 => (Some(e.clone()), Kind::Expr, Some(e)),
            Some(e) if g.rel != Rel::Arrow && e.is_single() && conversion(p.text, &e.ops[0], &st) => {
                (Some(e), Kind::Conversion, None)
            }
            _ => (None, Kind::Expr, None),
        },
    };
    let mut verdict = None;
    if let Some(e) = lhs
        && !quoted(p.text, e.start, st.core_end)
        && let Some(j) = judge(&e, &st, g.rel == Rel::Approx, kind)
    {
        let claim = build(p.text, &p.toks[g.start..g.end], &e, &st, &j);
        verdict = Some(claim.verdict.clone());
        out.push(claim);
    }
    Link {
        st,
        st_tok: g.end,
        expr: origin,
        verdict,
    }
}

fn quantity(v: Option<super::eval::Val>) -> Quantity {
    v.map_or(
        Quantity {
            value: f64::NAN,
            unit: Unit::COUNT,
        },
        |v| Quantity {
            value: v.v,
            unit: Unit {
                bytes: v.bytes,
                bits: v.bits,
                time: v.time,
            },
        },
    )
}

fn build(text: &str, rel: &[Token], e: &Expr, st: &Operand, j: &Judged) -> Claim {
    let r = Reading::public(j.mask);
    let st_bytes = matches!(st.scale, Scale::Amb { .. }).then_some(!j.st_billion);
    let computed = quantity(eval_expr(e, &j.amb[..e.ops.len()], &r));
    let stated = quantity(eval_operand(st, &r, 1000.0, st_bytes));
    let rel_span = rel.first().map_or(0, |t| t.start)..rel.last().map_or(0, |t| t.end);
    Claim {
        span: e.start..st.core_end,
        expr_span: e.start..e.end,
        result_span: st.start..st.core_end,
        relation_span: rel_span,
        computed,
        stated,
        verdict: if j.correct {
            Verdict::Correct
        } else {
            Verdict::Wrong
        },
        relative_error: j.rel,
        fix: fix(text, st, j.c_disp, j.st_billion, j.kb_r),
        form: Form::Expr,
    }
}
