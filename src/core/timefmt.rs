//! Formatting instants and durations for people. The evaluation time is always an argument:
//! the core never reads a clock (it would panic in the browser build and make reports
//! unreproducible).

use std::fmt::Write as _;

use time::{OffsetDateTime, UtcOffset};

/// `YYYY-MM-DD`, `sep`, `hh:mm:ss` of `t` in its own offset: the calendar is the `time` crate's, the digits are
/// written here (its format-description machinery would be most of the page's date code). Years are within ±9999
/// (`from_unix_timestamp`'s range): four digits, zero-padded, `-` before a year before 0.
fn write_date_time(out: &mut String, t: OffsetDateTime, sep: char) {
    let year = t.year();
    let sign = if year < 0 { "-" } else { "" };
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "{sign}{:04}-{:02}-{:02}{sep}{:02}:{:02}:{:02}",
        year.unsigned_abs(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    );
}

/// `2026-11-20 09:00:00 UTC`, or the raw number when it is out of range.
pub fn format_utc(unix: i64) -> String {
    match OffsetDateTime::from_unix_timestamp(unix) {
        Ok(t) => {
            let mut out = String::with_capacity(23);
            write_date_time(&mut out, t, ' ');
            out.push_str(" UTC");
            out
        }
        Err(_) => format!("{unix} (outside the representable range)"),
    }
}

/// `2026-11-20T09:00:00Z`: the RFC 3339 form used in machine-readable output.
pub fn format_rfc3339(unix: i64) -> String {
    match OffsetDateTime::from_unix_timestamp(unix) {
        Ok(t) => {
            let mut out = String::with_capacity(20);
            write_date_time(&mut out, t, 'T');
            out.push('Z');
            out
        }
        Err(_) => unix.to_string(),
    }
}

/// The instant in a fixed offset from UTC (the browser's local offset), e.g.
/// `2026-11-20 10:00:00 UTC+01:00`.
pub fn format_local(unix: i64, offset_minutes: i32) -> String {
    let offset =
        UtcOffset::from_whole_seconds(offset_minutes.saturating_mul(60)).unwrap_or(UtcOffset::UTC);
    // `to_offset` panics when the local date leaves the years ±9999; such instants (a crafted
    // link's time, a token's absurd `exp`) are shown in UTC instead.
    match OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.checked_to_offset(offset)
                .or_else(|| t.checked_to_offset(UtcOffset::UTC))
        }) {
        Some(t) => {
            let mut out = String::with_capacity(29);
            write_date_time(&mut out, t, ' ');
            let o = t.offset();
            let sign = if o.is_negative() { '-' } else { '+' };
            let _ = write!(
                out,
                " UTC{sign}{:02}:{:02}",
                o.whole_hours().unsigned_abs(),
                o.minutes_past_hour().unsigned_abs()
            );
            out
        }
        None => unix.to_string(),
    }
}

/// A duration in the two largest units: `23 h 5 min`, `3 days 2 h`, `45 s` (the sign is
/// ignored: callers say "in" or "ago"). Any integer type: the difference of two `i64` instants
/// is an `abs_diff` (`u64`) or an `i128`, never a subtraction that can overflow.
pub fn format_duration(seconds: impl Into<i128>) -> String {
    // Beyond u64 seconds (not reachable from two i64 instants) the text is a lower bound anyway.
    format_seconds(u64::try_from(seconds.into().unsigned_abs()).unwrap_or(u64::MAX))
}

/// Seconds in a mean Gregorian year (365.2425 days).
const SECONDS_PER_YEAR: u64 = 31_556_952;

/// From this many years on, a duration is shown in years: far past the dates that can be
/// written (years ±9999), where a count of days says nothing to a reader.
const YEARS_SHOWN_AS_YEARS: u64 = 10_000;

/// A duration of `s` seconds in the two largest units (see [`format_duration`]); beyond
/// 10 000 years, a lower bound in years: `more than 292 billion years`. The difference of two
/// `i64` instants, taken with `abs_diff`, always fits.
pub fn format_seconds(s: u64) -> String {
    let years = s / SECONDS_PER_YEAR;
    if years >= YEARS_SHOWN_AS_YEARS {
        return format!("more than {} years", format_count(years));
    }
    let (d, h, m, sec) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
    let unit = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    if d > 0 {
        if h > 0 {
            format!("{} {}", unit(d, "day", "days"), unit(h, "h", "h"))
        } else {
            unit(d, "day", "days")
        }
    } else if h > 0 {
        if m > 0 {
            format!("{h} h {m} min")
        } else {
            format!("{h} h")
        }
    } else if m > 0 {
        if sec > 0 {
            format!("{m} min {sec} s")
        } else {
            format!("{m} min")
        }
    } else {
        format!("{sec} s")
    }
}

/// A large count, rounded down: `12345`, `15 million`, `292 billion`.
fn format_count(n: u64) -> String {
    const BILLION: u64 = 1_000_000_000;
    const MILLION: u64 = 1_000_000;
    if n >= BILLION {
        format!("{} billion", n / BILLION)
    } else if n >= MILLION {
        format!("{} million", n / MILLION)
    } else {
        n.to_string()
    }
}

/// `in 23 h 5 min`, `3 days ago`, or `now`, relative to `at`.
pub fn format_relative(unix: i64, at: i64) -> String {
    let span = format_seconds(unix.abs_diff(at));
    match unix.cmp(&at) {
        std::cmp::Ordering::Equal => "now".to_string(),
        std::cmp::Ordering::Greater => format!("in {span}"),
        std::cmp::Ordering::Less => format!("{span} ago"),
    }
}

/// 9999-12-31T23:59:59Z: typed times beyond it are refused (a 13-digit number is milliseconds).
const MAX_TYPED_SECONDS: u64 = 253_402_300_799;

/// Reads an instant typed by a person or a script: unix seconds (`1763973478`) or RFC 3339
/// (`2026-11-20T10:00:00Z`, `2026-11-20T11:00:00+01:00`; a space may replace the `T`; without
/// seconds or offset, `2026-11-20T10:00` is read as UTC).
///
/// # Errors
/// Returns a sentence naming the accepted forms; a number past the year 9999 (milliseconds,
/// most likely) is refused with the seconds it probably means.
pub fn parse_instant(text: &str) -> Result<i64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("expected a time: unix seconds or RFC 3339 like 2026-11-20T10:00:00Z".into());
    }
    if let Ok(n) = t.parse::<i64>() {
        // Beyond year 9999 as seconds: most likely milliseconds (JavaScript's Date.now()).
        if n.unsigned_abs() > MAX_TYPED_SECONDS {
            let seconds = n / 1000;
            return Err(if seconds.unsigned_abs() <= MAX_TYPED_SECONDS {
                format!(
                    "`{t}` is past the year 9999 as seconds; as milliseconds it is {seconds} s = {}: type that instead",
                    format_utc(seconds)
                )
            } else {
                format!("`{t}` is past the year 9999; expected unix seconds")
            });
        }
        return Ok(n);
    }
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        // An integer that does not even fit in 64 bits.
        return Err(format!(
            "`{t}` is beyond the years ±9999 (and beyond 64-bit seconds); expected unix seconds"
        ));
    }
    let mut normalized = match t.get(10..11) {
        Some(" " | "t") => format!(
            "{}T{}",
            t.get(..10).unwrap_or_default(),
            t.get(11..).unwrap_or_default()
        ),
        _ => t.to_string(),
    };
    // Without an offset the time is taken as UTC (the page shows how it was read).
    match normalized.len() {
        16 => normalized.push_str(":00Z"),
        19 => normalized.push('Z'),
        _ => {}
    }
    OffsetDateTime::parse(&normalized, &time::format_description::well_known::Rfc3339)
        .map(OffsetDateTime::unix_timestamp)
        .map_err(|_| {
            format!(
                "`{t}` is not a time; expected unix seconds or RFC 3339 like 2026-11-20T10:00:00Z"
            )
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn parse_instant_forms() {
        assert_eq!(super::parse_instant(" 1763973478 "), Ok(1_763_973_478));
        assert_eq!(super::parse_instant("1970-01-01T01:00:00Z"), Ok(3600));
        assert_eq!(super::parse_instant("1970-01-01 02:00:00+01:00"), Ok(3600));
        assert!(
            super::parse_instant("tomorrow")
                .unwrap_err()
                .contains("RFC 3339")
        );
        // No offset: UTC; no seconds: :00.
        assert_eq!(super::parse_instant("1970-01-01T01:00"), Ok(3600));
        assert_eq!(super::parse_instant("1970-01-01 01:00"), Ok(3600));
        assert_eq!(super::parse_instant("1970-01-01T01:00:00"), Ok(3600));
        // Milliseconds are named as such, with the seconds they mean.
        let ms = super::parse_instant("1795168800000").unwrap_err();
        assert!(
            ms.contains("1795168800 s = 2026-11-20 10:00:00 UTC"),
            "{ms}"
        );
        assert_eq!(super::parse_instant("253402300799"), Ok(253_402_300_799));
        assert!(super::parse_instant("-99999999999999999").is_err());
    }

    #[test]
    fn parse_instant_beyond_i64_refused_with_range() {
        for t in [
            "99999999999999999999",
            "-99999999999999999999",
            "+18446744073709551616",
        ] {
            let e = super::parse_instant(t).unwrap_err();
            assert!(e.contains("beyond the years ±9999"), "{e}");
        }
        for t in ["9223372036854775807", "-9223372036854775808"] {
            let e = super::parse_instant(t).unwrap_err();
            assert!(e.contains("past the year 9999"), "{e}");
        }
        assert!(super::parse_instant("-").unwrap_err().contains("RFC 3339"));
    }

    use super::*;

    #[test]
    fn format_utc_known_instant() {
        assert_eq!(format_utc(1_764_056_278), "2025-11-25 07:37:58 UTC");
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert!(format_utc(i64::MAX).contains("outside"));
    }

    #[test]
    fn format_local_applies_offset() {
        assert_eq!(format_local(0, 90), "1970-01-01 01:30:00 UTC+01:30");
        assert_eq!(format_local(0, -300), "1969-12-31 19:00:00 UTC-05:00");
        // At the edges of the representable years the local form falls back to UTC, never panics.
        assert_eq!(
            format_local(253_402_300_799, 60),
            "9999-12-31 23:59:59 UTC+00:00"
        );
        assert_eq!(
            format_local(-377_705_116_800, -60),
            "-9999-01-01 00:00:00 UTC+00:00"
        );
        assert_eq!(format_local(i64::MAX, 60), i64::MAX.to_string());
    }

    #[test]
    fn format_relative_both_directions() {
        assert_eq!(format_relative(100 + 23 * 3600 + 300, 100), "in 23 h 5 min");
        assert_eq!(format_relative(0, 3 * 86_400), "3 days ago");
        assert_eq!(format_relative(5, 5), "now");
        assert_eq!(format_duration(86_400 + 3600), "1 day 1 h");
    }

    #[test]
    fn format_seconds_beyond_ten_thousand_years_counts_years() {
        // The widest span two i64 instants can have, and the widest one i64 can hold.
        assert_eq!(
            format_relative(i64::MIN, i64::MAX),
            "more than 584 billion years ago"
        );
        assert_eq!(
            format_relative(i64::MAX, i64::MIN),
            "in more than 584 billion years"
        );
        assert_eq!(format_duration(i64::MIN), "more than 292 billion years");
        assert_eq!(format_duration(i64::MAX), "more than 292 billion years");
        // Days below 10 000 years; years from there on, rounded down.
        assert_eq!(format_seconds(9_999 * 31_556_952), "3652059 days 18 h");
        assert_eq!(format_seconds(10_000 * 31_556_952), "more than 10000 years");
        assert_eq!(
            format_seconds(15_000_000 * 31_556_952),
            "more than 15 million years"
        );
        assert_eq!(format_seconds(0), "0 s");
    }
}
