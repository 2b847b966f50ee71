//! Numbers for people: `116,000`, `1.1`, `3,000,000,000 bytes per day`.

use super::parse::{Operand, Scale};
use super::units::{Atom, Family, Kb, period_name};

/// `x` rounded to an integer, with thousands separators.
pub(crate) fn group_int(x: f64) -> String {
    let r = x.round();
    if !r.is_finite() || r.abs() >= 1e21 {
        return sci(x);
    }
    let digits = format!("{}", r.abs() as u128);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if r < 0.0 {
        out.push('-');
    }
    for (k, ch) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

fn trim_decimals(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Round to three significant figures.
pub(crate) fn round3(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let mag = x.abs().log10().floor() as i32;
    let p = 10f64.powi(mag - 2);
    (x / p).round() * p
}

/// Three significant figures: `115.74` → `116`, `115740` → `116,000`, `1.095` → `1.1`.
pub(crate) fn fmt_sig(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let ax = x.abs();
    if !x.is_finite() {
        return format!("{x}");
    }
    if !(1e-6..1e15).contains(&ax) {
        return sci(x);
    }
    if x.fract() == 0.0 && ax < 1e15 {
        return group_int(x);
    }
    let r = round3(x);
    let mag = r.abs().log10().floor() as i32;
    if mag >= 2 {
        return group_int(r);
    }
    trim_decimals(format!("{:.*}", (2 - mag) as usize, r))
}

/// `1.84e19`: three significant figures in scientific notation.
fn sci(x: f64) -> String {
    let exp = x.abs().log10().floor() as i32;
    let m = round3(x / 10f64.powi(exp));
    // rounding can carry into the next power (9.996 → 10.0)
    let (m, exp) = if m.abs() >= 10.0 {
        (m / 10.0, exp + 1)
    } else {
        (m, exp)
    };
    format!("{}e{exp}", trim_decimals(format!("{m:.2}")))
}

/// Exact enough for a base-unit figure: integers grouped, else up to two decimals.
pub(crate) fn fmt_precise(x: f64) -> String {
    let ax = x.abs();
    if ax >= 1000.0 {
        group_int(x)
    } else if ax >= 1.0 {
        trim_decimals(format!("{x:.2}"))
    } else {
        fmt_sig(x)
    }
}

/// The stated result rewritten with the computed value.
#[derive(Debug, Clone, Default)]
pub(crate) struct Fix {
    /// In the stated form, with its `~` if it had one: `~116/s`.
    pub value: String,
    /// Without a leading `~`: `116/s`.
    pub plain: String,
    /// The value in base units, when that says more: `3,000,000,000 bytes`.
    pub base: Option<String>,
    /// The value was rounded for display.
    pub rounded: bool,
}

const SCALES_LETTERS: [(f64, &str); 4] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")];
const SCALES_WORDS: [(f64, &str); 4] = [
    (1e12, " trillion"),
    (1e9, " billion"),
    (1e6, " million"),
    (1e3, " thousand"),
];

fn nice(n: f64) -> bool {
    (1.0..10_000.0).contains(&n.abs())
}

/// Rewrite the stated result `st` with `c_disp` (the computed value in its unit).
pub(crate) fn fix(text: &str, st: &Operand, c_disp: f64, billion: bool, kb: f64) -> Fix {
    let prefix = &text[st.start..st.num_start];
    let scale = match (st.scale, st.scale_span) {
        (Scale::Fixed(f), Some(span)) => Some((f, span)),
        (Scale::Amb { .. }, Some(span)) if billion => Some((1e9, span)),
        _ => None,
    };
    let (number, rest, shown) = if let Some((f, (ss, se))) = scale {
        let n = c_disp / f;
        let rest = text[se..st.core_end].to_string();
        // Under a thousand of the stated scale; else the scale people would write
        // (`3.52T`, not `3,520B`), unless there is none bigger.
        let biggest = f >= SCALES_LETTERS[0].0;
        if (1.0..1000.0).contains(&n.abs()) || (biggest && n.abs() >= 1.0) || c_disp.abs() < 1.0 {
            (fmt_sig(n) + &text[st.num_end..se], rest, n)
        } else {
            let table = if se - ss > 2 {
                &SCALES_WORDS
            } else {
                &SCALES_LETTERS
            };
            match table.iter().find(|(v, _)| c_disp.abs() >= *v) {
                Some((v, name)) => (fmt_sig(c_disp / v) + name, rest, c_disp / v),
                None => (fmt_sig(c_disp), rest, c_disp),
            }
        }
    } else if st.sci != 1.0 {
        // `1.8 × 10^19`: keep the power of ten
        let n = c_disp / st.sci;
        let number = fmt_sig(n) + &text[st.lit_end..st.num_end];
        (number, text[st.num_end..st.core_end].to_string(), n)
    } else {
        let after = st.num_end;
        let mut out = (fmt_sig(c_disp), text[after..st.core_end].to_string(), c_disp);
        if let Some(u) = st.unit
            && !nice(c_disp)
            && c_disp != 0.0
        {
            let names = u.word.family.names();
            let base = match u.word.family {
                Family::BinBytes => 1024.0,
                Family::SiBytes | Family::ByteRate => kb,
                _ => 1000.0,
            };
            if !names.is_empty() {
                let total = c_disp * f64::powi(base, i32::from(u.word.pow));
                let mut p = 0;
                while p + 1 < names.len() && total.abs() / f64::powi(base, p as i32 + 1) >= 1.0 {
                    p += 1;
                }
                let n = total / f64::powi(base, p as i32);
                let rest = format!(
                    "{}{}{}",
                    &text[after..u.start],
                    names[p],
                    &text[u.end..st.core_end]
                );
                out = (fmt_sig(n), rest, n);
            }
        }
        out
    };
    let value = format!("{prefix}{number}{rest}");
    let plain_prefix = prefix.trim_start_matches(['~', '∼', '～']).trim_start();
    let plain_prefix = if plain_prefix.starts_with('\\') {
        ""
    } else {
        plain_prefix
    };
    // integers below 1e15 are printed exactly, everything else to three figures
    let printed_exactly = shown.fract() == 0.0 && shown.abs() < 1e15;
    let rounded = !printed_exactly && (round3(shown) - shown).abs() > 1e-9 * shown.abs();
    Fix {
        plain: format!("{plain_prefix}{number}{rest}"),
        value,
        base: base_text(st, c_disp, billion, kb),
        rounded,
    }
}

/// `3,000,000,000 bytes`, `3,000,000,000 bytes per day`, `115.74 per second`, `300 seconds`.
fn base_text(st: &Operand, c_disp: f64, billion: bool, kb: f64) -> Option<String> {
    let mut main = st.unit.and_then(|u| u.word.main);
    if main.is_none()
        && let Scale::Amb { bits } = st.scale
        && !billion
    {
        main = Some(if bits {
            Atom::Bits { pow: 0 }
        } else {
            Atom::Bytes { pow: 0, kb: Kb::Si }
        });
    }
    let per = st.atoms().iter().rev().find_map(|&(a, e)| match a {
        Atom::Time(s) if e < 0 => Some(s),
        _ => None,
    });
    let per_text = per.map_or(String::new(), |s| {
        format!(" per {}", period_name(s).unwrap_or("period"))
    });
    match main {
        Some(Atom::Bytes { pow, kb: k }) => {
            let base = match k {
                Kb::Si => 1000.0,
                Kb::Bin => 1024.0,
                Kb::Either => kb,
            };
            let f = f64::powi(base, i32::from(pow));
            (f != 1.0 || per.is_some()).then(|| format!("{} bytes{per_text}", fmt_precise(c_disp * f)))
        }
        Some(Atom::Bits { pow }) => {
            let f = f64::powi(1000.0, i32::from(pow));
            (f != 1.0 || per.is_some()).then(|| format!("{} bits{per_text}", fmt_precise(c_disp * f)))
        }
        // a duration is clear in its own unit
        Some(Atom::Time(_)) => None,
        None => per.map(|_| format!("{}{per_text}", fmt_precise(c_disp))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_figures() {
        assert_eq!(fmt_sig(115.74), "116");
        assert_eq!(fmt_sig(115_740.7), "116,000");
        assert_eq!(fmt_sig(3.0), "3");
        assert_eq!(fmt_sig(1.0951), "1.1");
        assert_eq!(fmt_sig(0.36), "0.36");
        assert_eq!(fmt_sig(-2.5), "-2.5");
        assert_eq!(fmt_sig(4096.0), "4,096");
        assert_eq!(fmt_sig(18_446_744_073_709_551_616.0), "1.84e19");
        assert_eq!(fmt_sig(9.999e20), "1e21");
        assert_eq!(group_int(3e9), "3,000,000,000");
        assert_eq!(fmt_precise(115.7407), "115.74");
        assert_eq!(fmt_precise(3e9), "3,000,000,000");
    }
}
