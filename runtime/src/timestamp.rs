//! Smithy timestamps: an instant in UTC to the nanosecond, and the three
//! text forms `@timestampFormat` names.
//!
//! The calendar arithmetic is the proleptic Gregorian one of RFC 3339, done
//! here (days from the civil date and back) rather than through a date
//! crate: it is a few lines, and every generated crate compiles it.

use std::fmt;
use std::time::{Duration, SystemTime};

/// A Smithy `timestamp`: an instant in UTC, from year 0000 to 9999, to the
/// nanosecond.
///
/// In JSON it is written as the JSON protocols do by default, a number of seconds
/// since the Unix epoch, and read from such a number, RFC 3339 text or an
/// HTTP date. Members whose model asks for another format are written in it
/// (see [`TimestampFormat`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Timestamp {
    seconds: i64,
    /// Always below one second.
    nanos: u32,
}

/// The formats of Smithy's `@timestampFormat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    /// Seconds since the Unix epoch, with up to millisecond precision.
    EpochSeconds,
    /// RFC 3339 in UTC, such as `1985-04-12T23:20:50.52Z`.
    DateTime,
    /// The IMF-fixdate of HTTP, such as `Tue, 29 Apr 2014 18:30:38 GMT`.
    HttpDate,
}

/// `0000-01-01T00:00:00Z`.
const MIN_SECONDS: i64 = -62_167_219_200;
/// `9999-12-31T23:59:59Z`.
const MAX_SECONDS: i64 = 253_402_300_799;
const NANOS_PER_SECOND: u32 = 1_000_000_000;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Timestamp {
    /// `1970-01-01T00:00:00Z`.
    pub const UNIX_EPOCH: Self = Self {
        seconds: 0,
        nanos: 0,
    };

    /// Whole seconds since the Unix epoch and nanoseconds after them;
    /// instants outside years 0000 to 9999 saturate at those ends.
    pub fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Self {
        let seconds = seconds.saturating_add(i64::from(nanos / NANOS_PER_SECOND));
        let nanos = nanos % NANOS_PER_SECOND;
        if seconds < MIN_SECONDS {
            Self {
                seconds: MIN_SECONDS,
                nanos: 0,
            }
        } else if seconds > MAX_SECONDS {
            Self {
                seconds: MAX_SECONDS,
                nanos: NANOS_PER_SECOND - 1,
            }
        } else {
            Self { seconds, nanos }
        }
    }

    /// Seconds since the Unix epoch, as a float; NaN gives the epoch, and
    /// values out of range saturate.
    pub fn from_epoch_seconds(seconds: f64) -> Self {
        if seconds.is_nan() {
            return Self::UNIX_EPOCH;
        }
        let whole = seconds.floor();
        let nanos = ((seconds - whole) * 1e9).round() as u32;
        // `as` saturates a float beyond the integer's range.
        Self::from_secs_and_nanos(whole as i64, nanos)
    }

    /// Seconds since the Unix epoch, with the fraction.
    pub fn as_epoch_seconds(&self) -> f64 {
        self.seconds as f64 + f64::from(self.nanos) / 1e9
    }

    /// Whole seconds since the Unix epoch (rounded down).
    pub fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds after [`Self::secs`].
    pub fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// The instant as a [`SystemTime`], when the platform's can hold it.
    pub fn to_system_time(&self) -> Option<SystemTime> {
        let after = Duration::new(self.seconds.unsigned_abs(), 0);
        let whole = if self.seconds >= 0 {
            SystemTime::UNIX_EPOCH.checked_add(after)
        } else {
            SystemTime::UNIX_EPOCH.checked_sub(after)
        };
        whole?.checked_add(Duration::from_nanos(u64::from(self.nanos)))
    }

    /// The instant as text in `format`.
    pub fn format(&self, format: TimestampFormat) -> String {
        match format {
            TimestampFormat::EpochSeconds => {
                let millis = self.epoch_millis();
                let sign = if millis < 0 { "-" } else { "" };
                let (seconds, fraction) =
                    (millis.unsigned_abs() / 1000, millis.unsigned_abs() % 1000);
                if fraction == 0 {
                    format!("{sign}{seconds}")
                } else {
                    format!("{sign}{seconds}.{fraction:03}")
                        .trim_end_matches('0')
                        .to_owned()
                }
            }
            TimestampFormat::DateTime => self.to_string(),
            TimestampFormat::HttpDate => {
                let (date, (hour, minute, second)) = self.civil();
                let weekday = (self.seconds.div_euclid(86_400) + 3).rem_euclid(7);
                format!(
                    "{}, {:02} {} {:04} {hour:02}:{minute:02}:{second:02} GMT",
                    WEEKDAYS[weekday as usize],
                    date.day,
                    MONTHS[usize::from(date.month) - 1],
                    date.year,
                )
            }
        }
    }

    /// Reads a timestamp written in any of the three formats: services are
    /// not always consistent about which one they send.
    pub fn parse(text: &str) -> Result<Self, ParseTimestampError> {
        let text = text.trim();
        parse_date_time(text)
            .or_else(|| parse_http_date(text))
            .or_else(|| Self::from_epoch_text(text))
            .ok_or_else(|| ParseTimestampError(text.to_owned()))
    }

    /// A decimal number of seconds, read from its digits so that no
    /// precision goes through `f64`; an exponent falls back to `f64`.
    pub fn from_epoch_text(text: &str) -> Option<Self> {
        if text.contains(['e', 'E']) {
            let seconds: f64 = text.parse().ok()?;
            return seconds
                .is_finite()
                .then(|| Self::from_epoch_seconds(seconds));
        }
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let whole: i64 = whole.parse().unwrap_or(i64::MAX);
        let nanos = fraction_nanos(fraction);
        Some(if negative && nanos > 0 {
            Self::from_secs_and_nanos(-whole - 1, NANOS_PER_SECOND - nanos)
        } else if negative {
            Self::from_secs_and_nanos(-whole, 0)
        } else {
            Self::from_secs_and_nanos(whole, nanos)
        })
    }

    /// Milliseconds since the epoch, the precision Smithy gives epoch seconds.
    fn epoch_millis(&self) -> i64 {
        self.seconds * 1000 + i64::from(self.nanos / 1_000_000)
    }

    /// The instant as a JSON number of seconds, to the millisecond: an
    /// integer when there is no fraction, so whole seconds are not `1.0`.
    pub(crate) fn epoch_number(&self) -> EpochNumber {
        let millis = self.epoch_millis();
        if millis % 1000 == 0 {
            EpochNumber::Whole(millis / 1000)
        } else {
            EpochNumber::Fractional(millis as f64 / 1000.0)
        }
    }

    /// The calendar date and the time of day.
    fn civil(&self) -> (Date, (u32, u32, u32)) {
        let days = self.seconds.div_euclid(86_400);
        let of_day = self.seconds.rem_euclid(86_400) as u32;
        (
            Date::from_days(days),
            (of_day / 3600, of_day / 60 % 60, of_day % 60),
        )
    }
}

/// The nanoseconds of a fraction's digits; digits past the ninth are cut.
fn fraction_nanos(digits: &str) -> u32 {
    digits
        .bytes()
        .take(9)
        .enumerate()
        .map(|(index, digit)| u32::from(digit - b'0') * 10u32.pow(8 - index as u32))
        .sum()
}

/// RFC 3339, with a fraction of any length and any offset.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (date, (hour, minute, second)) = self.civil();
        write!(
            f,
            "{:04}-{:02}-{:02}T{hour:02}:{minute:02}:{second:02}",
            date.year, date.month, date.day
        )?;
        if self.nanos > 0 {
            let fraction = format!("{:09}", self.nanos);
            write!(f, ".{}", fraction.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Instants before the epoch included; out of range saturates.
impl From<SystemTime> for Timestamp {
    fn from(value: SystemTime) -> Self {
        match value.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => Self::from_secs_and_nanos(
                i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                after.subsec_nanos(),
            ),
            Err(before) => {
                let before = before.duration();
                let seconds = i64::try_from(before.as_secs()).unwrap_or(i64::MAX);
                match before.subsec_nanos() {
                    0 => Self::from_secs_and_nanos(-seconds, 0),
                    nanos => Self::from_secs_and_nanos(-seconds - 1, NANOS_PER_SECOND - nanos),
                }
            }
        }
    }
}

/// A timestamp as a JSON number of seconds.
pub(crate) enum EpochNumber {
    Whole(i64),
    Fractional(f64),
}

/// Text that is none of the timestamp formats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseTimestampError(String);

impl fmt::Display for ParseTimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid timestamp `{}`", self.0)
    }
}

impl std::error::Error for ParseTimestampError {}

/// A day of the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Date {
    year: i64,
    month: u8,
    day: u8,
}

impl Date {
    /// The date `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
    fn from_days(days: i64) -> Self {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_index = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u8;
        let month = if month_index < 10 {
            month_index + 3
        } else {
            month_index - 9
        } as u8;
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Self { year, month, day }
    }

    /// Days from 1970-01-01 to this date (days_from_civil), when it exists.
    fn to_days(self) -> Option<i64> {
        let days_in_month = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if self.year % 4 == 0 && (self.year % 100 != 0 || self.year % 400 == 0) => 29,
            2 => 28,
            _ => return None,
        };
        if !(1..=days_in_month).contains(&self.day) {
            return None;
        }
        let year = self.year - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year.rem_euclid(400);
        let month = i64::from(self.month);
        let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5
            + i64::from(self.day)
            - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        Some(era * 146_097 + day_of_era - 719_468)
    }
}

/// Reads fixed-width fields of a date text.
struct Fields<'a>(&'a [u8]);

impl Fields<'_> {
    fn number(&self, at: usize, width: usize) -> Option<u32> {
        let digits = self.0.get(at..at + width)?;
        digits.iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    }

    fn byte(&self, at: usize, expected: u8) -> Option<()> {
        (self.0.get(at)?.eq_ignore_ascii_case(&expected)).then_some(())
    }
}

fn timestamp(
    date: Date,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    offset_seconds: i64,
) -> Option<Timestamp> {
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // A leap second is taken as the second before the next minute.
    let second = second.min(59);
    let seconds =
        date.to_days()? * 86_400 + i64::from(hour * 3600 + minute * 60 + second) - offset_seconds;
    (MIN_SECONDS..=MAX_SECONDS)
        .contains(&seconds)
        .then_some(Timestamp { seconds, nanos })
}

/// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`.
fn parse_date_time(text: &str) -> Option<Timestamp> {
    let fields = Fields(text.as_bytes());
    let date = Date {
        year: i64::from(fields.number(0, 4)?),
        month: u8::try_from(fields.number(5, 2)?).ok()?,
        day: u8::try_from(fields.number(8, 2)?).ok()?,
    };
    fields.byte(4, b'-')?;
    fields.byte(7, b'-')?;
    fields.byte(10, b'T')?;
    fields.byte(13, b':')?;
    fields.byte(16, b':')?;
    let (hour, minute, second) = (
        fields.number(11, 2)?,
        fields.number(14, 2)?,
        fields.number(17, 2)?,
    );
    let mut rest = &text[19..];
    let mut nanos = 0;
    if let Some(after) = rest.strip_prefix('.') {
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        nanos = fraction_nanos(&after[..digits]);
        rest = &after[digits..];
    }
    let offset = match rest.as_bytes() {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), ..] if rest.len() == 6 => {
            let offset = Fields(rest.as_bytes());
            offset.byte(3, b':')?;
            let (hours, minutes) = (offset.number(1, 2)?, offset.number(4, 2)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = i64::from(hours * 3600 + minutes * 60);
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    timestamp(date, hour, minute, second, nanos, offset)
}

fn month_number(name: &[u8]) -> Option<u8> {
    MONTHS
        .iter()
        .position(|m| m.as_bytes().eq_ignore_ascii_case(name))
        .map(|i| i as u8 + 1)
}

/// The three forms HTTP allows: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37
/// GMT`), the obsolete RFC 850 form (`Sunday, 06-Nov-94 08:49:37 GMT`) and
/// asctime (`Sun Nov  6 08:49:37 1994`).
fn parse_http_date(text: &str) -> Option<Timestamp> {
    let bytes = text.as_bytes();
    if let Some((_, rest)) = text.split_once(", ") {
        let fields = Fields(rest.as_bytes());
        let time_at = match rest.len() {
            // `06 Nov 1994 08:49:37 GMT`
            24 => {
                fields.byte(2, b' ')?;
                fields.byte(6, b' ')?;
                12
            }
            // `06-Nov-94 08:49:37 GMT`
            22 => {
                fields.byte(2, b'-')?;
                fields.byte(6, b'-')?;
                10
            }
            _ => return None,
        };
        let year = if time_at == 12 {
            i64::from(fields.number(7, 4)?)
        } else {
            // Two-digit years are read as the nearest past century would be.
            let short = i64::from(fields.number(7, 2)?);
            if short < 70 {
                2000 + short
            } else {
                1900 + short
            }
        };
        if !rest.ends_with(" GMT") {
            return None;
        }
        let date = Date {
            year,
            month: month_number(rest.as_bytes().get(3..6)?)?,
            day: u8::try_from(fields.number(0, 2)?).ok()?,
        };
        let (hour, minute, second) = clock(&fields, time_at)?;
        return timestamp(date, hour, minute, second, 0, 0);
    }
    // asctime: `Sun Nov  6 08:49:37 1994`
    if bytes.len() != 24 {
        return None;
    }
    let fields = Fields(bytes);
    let day = match bytes.get(8)? {
        b' ' => fields.number(9, 1)?,
        _ => fields.number(8, 2)?,
    };
    let date = Date {
        year: i64::from(fields.number(20, 4)?),
        month: month_number(bytes.get(4..7)?)?,
        day: u8::try_from(day).ok()?,
    };
    let (hour, minute, second) = clock(&fields, 11)?;
    timestamp(date, hour, minute, second, 0, 0)
}

/// `HH:MM:SS` at `at`.
fn clock(fields: &Fields<'_>, at: usize) -> Option<(u32, u32, u32)> {
    fields.byte(at + 2, b':')?;
    fields.byte(at + 5, b':')?;
    Some((
        fields.number(at, 2)?,
        fields.number(at + 3, 2)?,
        fields.number(at + 6, 2)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip_over_the_whole_range() {
        for days in (-719_528..2_932_897).step_by(997) {
            let date = Date::from_days(days);
            assert_eq!(date.to_days(), Some(days), "{date:?}");
        }
        assert_eq!(
            Date::from_days(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            Date::from_days(11_016),
            Date {
                year: 2000,
                month: 2,
                day: 29
            }
        );
        assert_eq!(
            Date {
                year: 2023,
                month: 2,
                day: 29
            }
            .to_days(),
            None
        );
    }

    #[test]
    fn the_three_formats_match_published_examples() {
        let instant = Timestamp::from_secs_and_nanos(1_576_540_098, 0);
        assert_eq!(
            instant.format(TimestampFormat::DateTime),
            "2019-12-16T23:48:18Z"
        );
        assert_eq!(
            instant.format(TimestampFormat::HttpDate),
            "Mon, 16 Dec 2019 23:48:18 GMT"
        );
        assert_eq!(instant.format(TimestampFormat::EpochSeconds), "1576540098");
        let fraction = Timestamp::from_secs_and_nanos(946_845_296, 123_000_000);
        assert_eq!(
            fraction.format(TimestampFormat::DateTime),
            "2000-01-02T20:34:56.123Z"
        );
        assert_eq!(
            fraction.format(TimestampFormat::EpochSeconds),
            "946845296.123"
        );
        let before = Timestamp::from_secs_and_nanos(-1, 500_000_000);
        assert_eq!(
            before.format(TimestampFormat::HttpDate),
            "Wed, 31 Dec 1969 23:59:59 GMT"
        );
        assert_eq!(before.format(TimestampFormat::EpochSeconds), "-0.5");
    }

    #[test]
    fn every_format_parses_back() {
        let instant = Timestamp::from_secs_and_nanos(784_111_777, 0);
        for text in [
            "1994-11-06T08:49:37Z",
            "1994-11-06t08:49:37z",
            "1994-11-06T09:49:37+01:00",
            "1994-11-06T07:49:37-01:00",
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "784111777",
            " 784111777.000 ",
        ] {
            assert_eq!(Timestamp::parse(text), Ok(instant), "{text}");
        }
        assert_eq!(
            Timestamp::parse("2019-12-16T22:48:18.5-01:00").unwrap(),
            Timestamp::from_secs_and_nanos(1_576_540_098, 500_000_000)
        );
        for bad in [
            "",
            "1994-13-06T08:49:37Z",
            "1994-02-30T08:49:37Z",
            "1994-11-06T08:49:37",
            "1994-11-06T24:00:00Z",
            "yesterday",
            "1.2.3",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "2019-12-16T22:48:18.Z",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn out_of_range_values_saturate() {
        assert_eq!(
            Timestamp::from_epoch_seconds(1e30).to_string(),
            "9999-12-31T23:59:59.999999999Z"
        );
        assert_eq!(
            Timestamp::from_epoch_seconds(-1e30).to_string(),
            "0000-01-01T00:00:00Z"
        );
        assert_eq!(
            Timestamp::from_epoch_seconds(f64::NAN),
            Timestamp::UNIX_EPOCH
        );
        assert_eq!(
            Timestamp::from_secs_and_nanos(0, 2_500_000_000),
            Timestamp::from_secs_and_nanos(2, 500_000_000)
        );
    }

    #[test]
    fn system_times_convert_both_ways() {
        let before = SystemTime::UNIX_EPOCH - Duration::new(1, 250_000_000);
        let timestamp = Timestamp::from(before);
        assert_eq!(timestamp, Timestamp::from_secs_and_nanos(-2, 750_000_000));
        assert_eq!(timestamp.to_system_time(), Some(before));
    }
}
