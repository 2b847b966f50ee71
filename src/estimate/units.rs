//! The vocabulary: scale suffixes, units, and the label words the other rules care about.

/// How a `KB`/`MB`/`GB` prefix is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kb {
    /// Always 1000: prefix-free `bytes`, and a `B` read as bytes.
    Si,
    /// Always 1024 (`KiB`, `MiB`, …).
    Bin,
    /// `KB`, `MB`, `GB`, … : 1000 or 1024, whichever reading is being tried.
    Either,
}

/// One factor of a unit: bytes or bits with a prefix power, or a duration in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Atom {
    Bytes { pow: u8, kb: Kb },
    Bits { pow: u8 },
    Time(f64),
}

/// The family a prefixed unit belongs to, so a suggestion can move to a better prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    SiBytes,
    BinBytes,
    Bits,
    BitRate,
    ByteRate,
    Plain,
}

impl Family {
    pub(crate) fn names(self) -> &'static [&'static str] {
        match self {
            Family::SiBytes => &["B", "KB", "MB", "GB", "TB", "PB", "EB"],
            Family::BinBytes => &["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"],
            Family::Bits => &["bits", "Kb", "Mb", "Gb", "Tb", "Pb"],
            Family::BitRate => &["bps", "Kbps", "Mbps", "Gbps", "Tbps", "Pbps"],
            Family::ByteRate => &["Bps", "KBps", "MBps", "GBps", "TBps", "PBps"],
            Family::Plain => &[],
        }
    }
}

/// A unit word such as `GB`, `Gbps`, `ms`, `QPS`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct UnitWord {
    /// Bytes, bits or a duration; `None` for a bare rate such as `QPS`.
    pub main: Option<Atom>,
    /// The word itself means "per second" (`Gbps`, `MBps`, `QPS`).
    pub per_second: bool,
    pub family: Family,
    /// Prefix power within the family (`GB` → 3).
    pub pow: u8,
}

/// What a word after a number means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Class {
    /// `K`, `M`, `T`, `bn`, `thousand`, `million`, …
    Scale(f64),
    /// `B`: billion or bytes.
    AmbBytes,
    /// `b`: billion or bits.
    AmbBits,
    Unit(UnitWord),
    /// `percent`, `pct`.
    Percent,
    /// Anything else: a label (`users`, `reads`) or, directly attached to a number, unknown.
    Word,
}

const fn bytes(pow: u8, kb: Kb, family: Family) -> Class {
    Class::Unit(UnitWord {
        main: Some(Atom::Bytes { pow, kb }),
        per_second: false,
        family,
        pow,
    })
}

const fn bits(pow: u8, family: Family) -> Class {
    Class::Unit(UnitWord {
        main: Some(Atom::Bits { pow }),
        per_second: false,
        family,
        pow,
    })
}

const fn bit_rate(pow: u8) -> Class {
    Class::Unit(UnitWord {
        main: Some(Atom::Bits { pow }),
        per_second: true,
        family: Family::BitRate,
        pow,
    })
}

const fn byte_rate(pow: u8) -> Class {
    Class::Unit(UnitWord {
        main: Some(Atom::Bytes { pow, kb: Kb::Either }),
        per_second: true,
        family: Family::ByteRate,
        pow,
    })
}

const fn time(secs: f64) -> Class {
    Class::Unit(UnitWord {
        main: Some(Atom::Time(secs)),
        per_second: false,
        family: Family::Plain,
        pow: 0,
    })
}

const PER_SECOND: Class = Class::Unit(UnitWord {
    main: None,
    per_second: true,
    family: Family::Plain,
    pow: 0,
});

pub(crate) const MINUTE: f64 = 60.0;
pub(crate) const HOUR: f64 = 3_600.0;
pub(crate) const DAY: f64 = 86_400.0;
pub(crate) const WEEK: f64 = 7.0 * DAY;
/// A month is read as 30 days.
pub(crate) const MONTH: f64 = 30.0 * DAY;
/// A year is read as 365 days.
pub(crate) const YEAR: f64 = 365.0 * DAY;

/// Classify a word that follows a number.
pub(crate) fn classify(w: &str) -> Class {
    use Family::*;
    // Case-sensitive short forms first: `Mb` is megabits, `MB` megabytes, `M` million.
    match w {
        "K" | "k" => return Class::Scale(1e3),
        "M" | "mn" | "mln" => return Class::Scale(1e6),
        "T" | "tn" => return Class::Scale(1e12),
        "B" => return Class::AmbBytes,
        "b" => return Class::AmbBits,
        "bn" | "Bn" | "BN" => return Class::Scale(1e9),
        "KB" | "kB" | "kb" => return bytes(1, Kb::Either, SiBytes),
        "MB" | "mb" => return bytes(2, Kb::Either, SiBytes),
        "GB" | "gb" => return bytes(3, Kb::Either, SiBytes),
        "TB" | "tb" => return bytes(4, Kb::Either, SiBytes),
        "PB" | "pb" => return bytes(5, Kb::Either, SiBytes),
        "EB" => return bytes(6, Kb::Either, SiBytes),
        "KiB" | "kiB" => return bytes(1, Kb::Bin, BinBytes),
        "MiB" => return bytes(2, Kb::Bin, BinBytes),
        "GiB" => return bytes(3, Kb::Bin, BinBytes),
        "TiB" => return bytes(4, Kb::Bin, BinBytes),
        "PiB" => return bytes(5, Kb::Bin, BinBytes),
        "EiB" => return bytes(6, Kb::Bin, BinBytes),
        "Kb" | "Kbit" | "kbit" | "Kbits" | "kbits" => return bits(1, Bits),
        "Mb" | "Mbit" | "Mbits" => return bits(2, Bits),
        "Gb" | "Gbit" | "Gbits" => return bits(3, Bits),
        "Tb" | "Tbit" | "Tbits" => return bits(4, Bits),
        "Pb" => return bits(5, Bits),
        "bps" => return bit_rate(0),
        "Kbps" | "kbps" => return bit_rate(1),
        "Mbps" | "mbps" => return bit_rate(2),
        "Gbps" | "gbps" => return bit_rate(3),
        "Tbps" | "tbps" => return bit_rate(4),
        "Bps" => return byte_rate(0),
        "KBps" | "kBps" => return byte_rate(1),
        "MBps" => return byte_rate(2),
        "GBps" => return byte_rate(3),
        "TBps" => return byte_rate(4),
        "ns" => return time(1e-9),
        "µs" | "μs" | "us" => return time(1e-6),
        "ms" => return time(1e-3),
        "s" => return time(1.0),
        "h" => return time(HOUR),
        "d" => return time(DAY),
        _ => {}
    }
    let mut buf = [0u8; 16];
    let Some(lw) = lower(w, &mut buf) else {
        return Class::Word;
    };
    match lw {
        "thousand" | "thousands" => Class::Scale(1e3),
        "million" | "millions" | "mil" => Class::Scale(1e6),
        "billion" | "billions" => Class::Scale(1e9),
        "trillion" | "trillions" => Class::Scale(1e12),
        "byte" | "bytes" => bytes(0, Kb::Si, Plain),
        "kilobyte" | "kilobytes" => bytes(1, Kb::Either, Plain),
        "megabyte" | "megabytes" => bytes(2, Kb::Either, Plain),
        "gigabyte" | "gigabytes" => bytes(3, Kb::Either, Plain),
        "terabyte" | "terabytes" => bytes(4, Kb::Either, Plain),
        "petabyte" | "petabytes" => bytes(5, Kb::Either, Plain),
        "exabyte" | "exabytes" => bytes(6, Kb::Either, Plain),
        "bit" | "bits" => bits(0, Plain),
        "kilobit" | "kilobits" => bits(1, Plain),
        "megabit" | "megabits" => bits(2, Plain),
        "gigabit" | "gigabits" => bits(3, Plain),
        "terabit" | "terabits" => bits(4, Plain),
        "nanosecond" | "nanoseconds" => time(1e-9),
        "microsecond" | "microseconds" => time(1e-6),
        "msec" | "msecs" | "millisecond" | "milliseconds" => time(1e-3),
        "sec" | "secs" | "second" | "seconds" => time(1.0),
        "min" | "mins" | "minute" | "minutes" => time(MINUTE),
        "hr" | "hrs" | "hour" | "hours" => time(HOUR),
        "day" | "days" => time(DAY),
        "wk" | "wks" | "week" | "weeks" => time(WEEK),
        "mo" | "mos" | "month" | "months" => time(MONTH),
        "yr" | "yrs" | "year" | "years" => time(YEAR),
        "qps" | "rps" | "tps" | "iops" => PER_SECOND,
        "percent" | "pct" => Class::Percent,
        _ => Class::Word,
    }
}

/// ASCII-lowercase `w` into `buf`; `None` when it does not fit or is not ASCII.
fn lower<'b>(w: &str, buf: &'b mut [u8; 16]) -> Option<&'b str> {
    if w.len() > buf.len() || !w.is_ascii() {
        return None;
    }
    let out = &mut buf[..w.len()];
    out.copy_from_slice(w.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

/// A label that makes a count a number of users (`100M DAU`, `500M total users`).
pub(crate) fn is_users_word(w: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        lower(w, &mut buf),
        Some(
            "users"
                | "user"
                | "dau"
                | "mau"
                | "wau"
                | "customers"
                | "subscribers"
                | "visitors"
                | "members"
                | "people"
                | "accounts"
                | "riders"
                | "players"
                | "viewers"
        )
    )
}

/// A word after `B` that says the `B` is bytes (`300 B per tweet`, `300B of metadata`).
pub(crate) fn is_storage_word(w: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        lower(w, &mut buf),
        Some(
            "storage"
                | "each"
                | "payload"
                | "size"
                | "data"
                | "record"
                | "records"
                | "row"
                | "rows"
                | "object"
                | "objects"
                | "file"
                | "files"
                | "metadata"
                | "overhead"
                | "blob"
                | "blobs"
                | "memory"
                | "ram"
                | "disk"
                | "cache"
                | "of"
                | "for"
                | "per"
                | "key"
                | "value"
                | "entry"
                | "entries"
                | "header"
                | "headers"
                | "text"
        )
    )
}

/// A word that ends the labels of a number: what follows is about something else
/// (`128K for memLevel = 8`, `10M / 86,400 is about 116/s`).
pub(crate) fn is_stop_word(w: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        lower(w, &mut buf),
        Some(
            "for"
                | "in"
                | "of"
                | "to"
                | "with"
                | "at"
                | "from"
                | "by"
                | "on"
                | "into"
                | "is"
                | "are"
                | "was"
                | "were"
                | "be"
                | "and"
                | "or"
                | "but"
                | "than"
                | "vs"
                | "as"
                | "if"
                | "when"
                | "which"
                | "that"
                | "so"
                | "then"
                | "because"
                | "while"
                | "where"
        )
    )
}

/// The name of a period for "per day"-style text.
pub(crate) fn period_name(secs: f64) -> Option<&'static str> {
    const NAMES: [(f64, &str); 10] = [
        (1e-9, "nanosecond"),
        (1e-6, "microsecond"),
        (1e-3, "millisecond"),
        (1.0, "second"),
        (MINUTE, "minute"),
        (HOUR, "hour"),
        (DAY, "day"),
        (WEEK, "week"),
        (MONTH, "month"),
        (YEAR, "year"),
    ];
    NAMES.iter().find(|(s, _)| *s == secs).map(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_matters_for_short_units() {
        assert!(matches!(classify("M"), Class::Scale(f) if f == 1e6));
        assert!(
            matches!(classify("MB"), Class::Unit(u) if u.main == Some(Atom::Bytes { pow: 2, kb: Kb::Either }))
        );
        assert!(matches!(classify("Mb"), Class::Unit(u) if u.main == Some(Atom::Bits { pow: 2 })));
        assert!(matches!(classify("Gbps"), Class::Unit(u) if u.per_second));
        assert_eq!(classify("B"), Class::AmbBytes);
        assert_eq!(classify("m"), Class::Word);
    }

    #[test]
    fn long_forms_ignore_case() {
        assert!(matches!(classify("Days"), Class::Unit(u) if u.main == Some(Atom::Time(DAY))));
        assert!(matches!(classify("BILLION"), Class::Scale(f) if f == 1e9));
        assert!(matches!(classify("QPS"), Class::Unit(u) if u.per_second && u.main.is_none()));
        assert_eq!(classify("percent"), Class::Percent);
        assert_eq!(classify("users"), Class::Word);
        assert_eq!(classify("a-very-long-word-indeed"), Class::Word);
    }

    #[test]
    fn label_words() {
        assert!(is_users_word("DAU"));
        assert!(is_users_word("Users"));
        assert!(!is_users_word("posts"));
        assert!(is_storage_word("per"));
        assert!(is_stop_word("For"));
        assert!(!is_stop_word("users"));
        assert!(!is_storage_word("reads"));
        assert_eq!(period_name(DAY), Some("day"));
        assert_eq!(period_name(2.0), None);
    }
}
