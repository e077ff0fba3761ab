//! A small calendar date (proleptic Gregorian calendar, years 1 to 9999).
//!
//! The domain crate has no date library, and the case rules only need whole
//! days: a person's age on a given day, the birth date inside a national
//! register number, the day of the year, and dates written as `28/11/2026`
//! (QUALITY.md §5.1). Time zones are the caller's concern: turn "now" into
//! today's date in Europe/Brussels before asking these functions.

use thiserror::Error;

/// A valid calendar date. Field order makes the derived `Ord` chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum DateError {
    #[error("the date is not written as expected (dd/mm/yyyy)")]
    Format,
    #[error("the year must be between 1 and 9999")]
    Year,
    #[error("the month must be between 1 and 12")]
    Month,
    #[error("that day does not exist in that month")]
    Day,
}

impl DateError {
    pub fn code(self) -> &'static str {
        match self {
            DateError::Format => "format",
            DateError::Year => "year",
            DateError::Month => "month",
            DateError::Day => "day",
        }
    }

    /// The key of the translated message shown next to the field.
    pub fn message_key(self) -> &'static str {
        match self {
            DateError::Format => "date-error-format",
            DateError::Year => "date-error-year",
            DateError::Month => "date-error-month",
            DateError::Day => "date-error-day",
        }
    }
}

/// Gregorian leap years: every fourth year, except centuries not divisible by 400.
pub fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// The number of days in `month` (1-12) of `year`; `None` for another month.
pub fn days_in_month(year: u16, month: u8) -> Option<u8> {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if is_leap_year(year) => Some(29),
        2 => Some(28),
        _ => None,
    }
}

/// Days from 1970-01-01 to 0001-01-01 and 9999-12-31, the bounds of [`Date`].
const MIN_UNIX_DAY: i64 = -719_162;
const MAX_UNIX_DAY: i64 = 2_932_896;

impl Date {
    pub const MIN_YEAR: u16 = 1;
    pub const MAX_YEAR: u16 = 9999;

    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, DateError> {
        if !(Self::MIN_YEAR..=Self::MAX_YEAR).contains(&year) {
            return Err(DateError::Year);
        }
        let max_day = days_in_month(year, month).ok_or(DateError::Month)?;
        if day == 0 || day > max_day {
            return Err(DateError::Day);
        }
        Ok(Date { year, month, day })
    }

    pub fn year(self) -> u16 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Parses the Belgian way of writing a date: `28/11/2026`. Day and month may
    /// have one or two digits, the year has four; `.` or `-` may stand for `/`,
    /// the same separator twice. Surrounding spaces are ignored.
    pub fn parse_dd_mm_yyyy(input: &str) -> Result<Date, DateError> {
        let s = input.trim();
        let sep = s
            .chars()
            .find(|c| !c.is_ascii_digit())
            .ok_or(DateError::Format)?;
        if !matches!(sep, '/' | '.' | '-') {
            return Err(DateError::Format);
        }
        let mut parts = s.split(sep);
        let (Some(d), Some(m), Some(y), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(DateError::Format);
        };
        let day = number(d, 1, 2).ok_or(DateError::Format)?;
        let month = number(m, 1, 2).ok_or(DateError::Format)?;
        let year = number(y, 4, 4).ok_or(DateError::Format)?;
        Date::new(year, narrow(month)?, narrow(day)?)
    }

    /// Parses an ISO 8601 calendar date, `2026-11-28`, exactly (as stored and
    /// as sent by `<input type="date">`).
    pub fn parse_iso(input: &str) -> Result<Date, DateError> {
        let s = input.trim();
        let mut parts = s.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(DateError::Format);
        };
        let year = number(y, 4, 4).ok_or(DateError::Format)?;
        let month = number(m, 2, 2).ok_or(DateError::Format)?;
        let day = number(d, 2, 2).ok_or(DateError::Format)?;
        Date::new(year, narrow(month)?, narrow(day)?)
    }

    /// `2026-11-28`: the storage and API form.
    pub fn to_iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// 1 for 1 January, up to 365 or 366 for 31 December.
    pub fn day_of_year(self) -> u16 {
        let before: u16 = (1..self.month)
            .filter_map(|m| days_in_month(self.year, m))
            .map(u16::from)
            .sum();
        before + u16::from(self.day)
    }

    /// 365 or 366.
    pub fn days_in_year(self) -> u16 {
        if is_leap_year(self.year) { 366 } else { 365 }
    }

    /// Days since 1970-01-01 (negative before), for date arithmetic.
    /// (H. Hinnant's `days_from_civil`.)
    pub fn to_unix_days(self) -> i64 {
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12; // March = 0
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::to_unix_days`]; `None` outside years 1-9999.
    pub fn from_unix_days(days: i64) -> Option<Date> {
        if !(MIN_UNIX_DAY..=MAX_UNIX_DAY).contains(&days) {
            return None;
        }
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
        .ok()
    }

    /// The UTC calendar date of a [`crate::Clock`] reading.
    pub fn from_unix_ms_utc(ms: i64) -> Option<Date> {
        Date::from_unix_days(ms.div_euclid(86_400_000))
    }

    /// The date `days` days later (earlier when negative); `None` out of range.
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_unix_days(self.to_unix_days().checked_add(days)?)
    }
}

/// `28/11/2026`, as Belgian users write it.
impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

/// ASCII digits only, `min..=max` of them.
fn number(s: &str, min: usize, max: usize) -> Option<u16> {
    if !(min..=max).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn narrow(n: u16) -> Result<u8, DateError> {
    u8::try_from(n).map_err(|_| DateError::Format)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2024));
        assert!(is_leap_year(2000));
        assert!(is_leap_year(1600));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2100));
        assert!(!is_leap_year(2026));
    }

    #[test]
    fn day_counts() {
        assert_eq!(Date::new(2024, 2, 29), Ok(d(2024, 2, 29)));
        assert_eq!(Date::new(2026, 2, 29), Err(DateError::Day));
        assert_eq!(Date::new(1900, 2, 29), Err(DateError::Day));
        assert_eq!(Date::new(2000, 2, 29).map(Date::day), Ok(29));
        assert_eq!(Date::new(2026, 4, 31), Err(DateError::Day));
        assert_eq!(Date::new(2026, 12, 31).map(Date::day_of_year), Ok(365));
        assert_eq!(Date::new(2024, 12, 31).map(Date::day_of_year), Ok(366));
        assert_eq!(Date::new(2026, 0, 1), Err(DateError::Month));
        assert_eq!(Date::new(2026, 13, 1), Err(DateError::Month));
        assert_eq!(Date::new(2026, 1, 0), Err(DateError::Day));
        assert_eq!(Date::new(0, 1, 1), Err(DateError::Year));
        assert_eq!(Date::new(10_000, 1, 1), Err(DateError::Year));
        for m in 1..=12 {
            assert!(days_in_month(2026, m).is_some());
        }
        assert_eq!(days_in_month(2026, 0), None);
        assert_eq!(days_in_month(2026, 13), None);
    }

    #[test]
    fn parses_belgian_dates() {
        assert_eq!(Date::parse_dd_mm_yyyy("28/11/2026"), Ok(d(2026, 11, 28)));
        assert_eq!(Date::parse_dd_mm_yyyy(" 1/2/2026 "), Ok(d(2026, 2, 1)));
        assert_eq!(Date::parse_dd_mm_yyyy("01.02.2026"), Ok(d(2026, 2, 1)));
        assert_eq!(Date::parse_dd_mm_yyyy("01-02-2026"), Ok(d(2026, 2, 1)));
        assert_eq!(Date::parse_dd_mm_yyyy("29/02/2023"), Err(DateError::Day));
        assert_eq!(Date::parse_dd_mm_yyyy("28/13/2026"), Err(DateError::Month));
        for bad in [
            "",
            "28",
            "28/11",
            "28/11/26",
            "28/11/02026",
            "28/11-2026",
            "28/11/2026/1",
            "2026-11-28",
            "28 11 2026",
            "+1/11/2026",
            "28/11/２０２６",
            "x28/11/2026",
            "123/1/2026",
            "/11/2026",
        ] {
            assert_eq!(
                Date::parse_dd_mm_yyyy(bad),
                Err(DateError::Format),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn parses_iso_dates() {
        assert_eq!(Date::parse_iso("2026-11-28"), Ok(d(2026, 11, 28)));
        assert_eq!(Date::parse_iso("2024-02-29"), Ok(d(2024, 2, 29)));
        assert_eq!(Date::parse_iso("2023-02-29"), Err(DateError::Day));
        for bad in [
            "",
            "2026-1-28",
            "26-11-28",
            "2026/11/28",
            "2026-11-28T00:00",
            "2026-11",
            "+2026-11-28",
        ] {
            assert_eq!(Date::parse_iso(bad), Err(DateError::Format), "{bad:?}");
        }
    }

    #[test]
    fn displays_the_belgian_way() {
        assert_eq!(d(2026, 11, 28).to_string(), "28/11/2026");
        assert_eq!(d(2026, 2, 1).to_string(), "01/02/2026");
        assert_eq!(d(2026, 2, 1).to_iso(), "2026-02-01");
    }

    #[test]
    fn unix_days_known_values() {
        assert_eq!(d(1970, 1, 1).to_unix_days(), 0);
        assert_eq!(d(2000, 3, 1).to_unix_days(), 11_017);
        assert_eq!(d(1969, 12, 31).to_unix_days(), -1);
        assert_eq!(d(1, 1, 1).to_unix_days(), MIN_UNIX_DAY);
        assert_eq!(d(9999, 12, 31).to_unix_days(), MAX_UNIX_DAY);
        assert_eq!(Date::from_unix_days(MIN_UNIX_DAY - 1), None);
        assert_eq!(Date::from_unix_days(MAX_UNIX_DAY + 1), None);
        // 2026-11-28T12:00:00Z
        assert_eq!(
            Date::from_unix_ms_utc(1_795_867_200_000),
            Some(d(2026, 11, 28))
        );
        assert_eq!(Date::from_unix_ms_utc(-1), Some(d(1969, 12, 31)));
        assert_eq!(d(2024, 2, 28).add_days(1), Some(d(2024, 2, 29)));
        assert_eq!(d(2023, 2, 28).add_days(1), Some(d(2023, 3, 1)));
        assert_eq!(d(9999, 12, 31).add_days(1), None);
    }

    #[test]
    fn error_keys_are_distinct() {
        let all = [
            DateError::Format,
            DateError::Year,
            DateError::Month,
            DateError::Day,
        ];
        let keys: std::collections::HashSet<_> = all.iter().map(|e| e.message_key()).collect();
        let codes: std::collections::HashSet<_> = all.iter().map(|e| e.code()).collect();
        assert_eq!((keys.len(), codes.len()), (all.len(), all.len()));
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (MIN_UNIX_DAY..=MAX_UNIX_DAY).prop_map(|n| Date::from_unix_days(n).unwrap())
    }

    proptest! {
        #[test]
        fn text_forms_round_trip(date in any_date()) {
            prop_assert_eq!(Date::parse_iso(&date.to_iso()), Ok(date));
            prop_assert_eq!(Date::parse_dd_mm_yyyy(&date.to_string()), Ok(date));
        }

        #[test]
        fn unix_days_round_trip_and_order(a in MIN_UNIX_DAY..=MAX_UNIX_DAY, b in MIN_UNIX_DAY..=MAX_UNIX_DAY) {
            let (da, db) = (Date::from_unix_days(a).unwrap(), Date::from_unix_days(b).unwrap());
            prop_assert_eq!(da.to_unix_days(), a);
            prop_assert_eq!(da.cmp(&db), a.cmp(&b));
        }

        /// Consecutive days step through the calendar one day at a time: this checks
        /// the month lengths and leap years against the day arithmetic.
        #[test]
        fn next_day_is_the_calendar_successor(date in any_date()) {
            if let Some(next) = date.add_days(1) {
                let last = days_in_month(date.year(), date.month()).unwrap();
                if date.day() < last {
                    prop_assert_eq!(next, Date::new(date.year(), date.month(), date.day() + 1).unwrap());
                } else if date.month() < 12 {
                    prop_assert_eq!(next, Date::new(date.year(), date.month() + 1, 1).unwrap());
                    prop_assert_eq!(next.day_of_year(), date.day_of_year() + 1);
                } else {
                    prop_assert_eq!(next, Date::new(date.year() + 1, 1, 1).unwrap());
                    prop_assert_eq!(date.day_of_year(), date.days_in_year());
                }
            }
        }

        #[test]
        fn new_accepts_exactly_the_real_dates(y in 0u16..=10_001, m in 0u8..=14, day in 0u8..=32) {
            let real = (1..=9999).contains(&y)
                && (1..=12).contains(&m)
                && day >= 1
                && day <= days_in_month(y, m).unwrap_or(0);
            prop_assert_eq!(Date::new(y, m, day).is_ok(), real);
        }

        #[test]
        fn parsers_never_panic(s in "\\PC{0,16}") {
            let _ = Date::parse_dd_mm_yyyy(&s);
            let _ = Date::parse_iso(&s);
        }
    }
}
