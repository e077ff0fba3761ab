//! Meeting times: typed as a Belgian date and a wall-clock time in
//! Europe/Brussels, stored as UTC milliseconds. The conversion checks itself
//! against [`crate::i18n::format_datetime`], the one place that knows the
//! Brussels summer-time rule, so pages and storage can never disagree.

use verbind_domain::case::{Date, DateError};

use crate::i18n::{format_date, format_datetime};

pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 3_600_000;
pub const DAY_MS: i64 = 86_400_000;

/// A date as typed: `05/12/2026` (also `5.12.2026`), or ISO `2026-12-05` as
/// sent by `<input type="date">`.
pub fn parse_date(input: &str) -> Result<Date, DateError> {
    let s = input.trim();
    let iso_like = s.len() == 10 && s.as_bytes().get(4) == Some(&b'-');
    if iso_like {
        Date::parse_iso(s)
    } else {
        Date::parse_dd_mm_yyyy(s)
    }
}

/// A wall-clock time `HH:MM` (24 hours; `H:MM`, `HH.MM` and `HHuMM` too).
pub fn parse_time(input: &str) -> Option<(u8, u8)> {
    let s = input.trim();
    let (h, m) = s.split_once([':', '.', 'u'])?;
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u8, u8) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some((h, m))
}

/// The UTC instant of a wall-clock time in Brussels. `None` for the hour
/// that does not exist when summer time starts. In the hour that happens
/// twice when it ends, the first (summer-time) one.
pub fn brussels_to_utc_ms(date: Date, hour: u8, minute: u8) -> Option<i64> {
    let naive = date
        .to_unix_days()
        .checked_mul(DAY_MS)?
        .checked_add(i64::from(hour) * HOUR_MS + i64::from(minute) * MINUTE_MS)?;
    let want = format!("{date} {hour:02}:{minute:02}");
    [2, 1]
        .into_iter()
        .map(|offset_h| naive - offset_h * HOUR_MS)
        .find(|utc| format_datetime(*utc) == want)
}

/// The Brussels calendar date of a UTC instant.
pub fn brussels_date(ms: i64) -> Option<Date> {
    Date::parse_dd_mm_yyyy(&format_date(ms)).ok()
}

/// The Brussels wall-clock time `HH:MM` of a UTC instant.
pub fn brussels_time(ms: i64) -> String {
    format_datetime(ms)
        .split(' ')
        .nth(1)
        .unwrap_or_default()
        .to_owned()
}

/// `[start, end)` of a Brussels calendar year, in UTC milliseconds.
pub fn year_bounds_utc(year: u16) -> Option<(i64, i64)> {
    let start = brussels_to_utc_ms(Date::new(year, 1, 1).ok()?, 0, 0)?;
    let end = brussels_to_utc_ms(Date::new(year.checked_add(1)?, 1, 1).ok()?, 0, 0)?;
    Some((start, end))
}

/// `20261205T130000Z`: an iCalendar UTC date-time (RFC 5545 §3.3.5, form #2).
pub fn ics_utc(ms: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000) {
        Ok(t) => format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => "19700101T000000Z".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn winter_and_summer_time() {
        // 28/11/2026 14:05 in Brussels is 13:05 UTC (winter time).
        assert_eq!(
            brussels_to_utc_ms(d(2026, 11, 28), 14, 5),
            Some(1_795_871_100_000)
        );
        // 01/07/2026 12:00 in Brussels is 10:00 UTC (summer time).
        assert_eq!(
            brussels_to_utc_ms(d(2026, 7, 1), 12, 0),
            Some(1_782_900_000_000)
        );
        assert_eq!(ics_utc(1_795_871_100_000), "20261128T130500Z");
        assert_eq!(brussels_time(1_795_871_100_000), "14:05");
        assert_eq!(brussels_date(1_795_871_100_000), Some(d(2026, 11, 28)));
    }

    #[test]
    fn the_skipped_and_the_doubled_hour() {
        // 29 March 2026: 02:00 jumps to 03:00.
        assert_eq!(brussels_to_utc_ms(d(2026, 3, 29), 2, 30), None);
        assert!(brussels_to_utc_ms(d(2026, 3, 29), 3, 0).is_some());
        // 25 October 2026: 02:30 happens twice; the first is 00:30 UTC.
        let first = brussels_to_utc_ms(d(2026, 10, 25), 2, 30).unwrap();
        assert_eq!(ics_utc(first), "20261025T003000Z");
    }

    #[test]
    fn every_quarter_hour_of_a_year_round_trips() {
        let mut day = d(2026, 1, 1);
        while day.year() == 2026 {
            for h in 0..24u8 {
                for m in [0u8, 15, 30, 45] {
                    if let Some(utc) = brussels_to_utc_ms(day, h, m) {
                        assert_eq!(brussels_date(utc), Some(day));
                        assert_eq!(brussels_time(utc), format!("{h:02}:{m:02}"));
                    } else {
                        assert_eq!((day, h), (d(2026, 3, 29), 2));
                    }
                }
            }
            day = day.add_days(1).unwrap();
        }
    }

    #[test]
    fn year_bounds_start_at_midnight_in_brussels() {
        let (start, end) = year_bounds_utc(2026).unwrap();
        assert_eq!(format_datetime(start), "01/01/2026 00:00");
        assert_eq!(format_datetime(end), "01/01/2027 00:00");
        assert_eq!(brussels_date(start - 1).unwrap().year(), 2025);
    }

    #[test]
    fn times_and_dates_as_typed() {
        assert_eq!(parse_time("14:30"), Some((14, 30)));
        assert_eq!(parse_time(" 9:05 "), Some((9, 5)));
        assert_eq!(parse_time("14u30"), Some((14, 30)));
        for bad in [
            "", "24:00", "12:60", "1230", "12:3", "ab:cd", "-1:00", "12:30:00",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert_eq!(parse_date("05/12/2026"), Ok(d(2026, 12, 5)));
        assert_eq!(parse_date("2026-12-05"), Ok(d(2026, 12, 5)));
        assert_eq!(parse_date("31/02/2026"), Err(DateError::Day));
        assert!(parse_date("morgen").is_err());
    }
}
