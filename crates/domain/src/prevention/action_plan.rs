//! The action plan (actieplan "preventie van extremisme en polarisering"):
//! its measures (maatregelen) come from the profile; per measure the expert
//! keeps who carries it (an organisation of the LIVC-R), its indicators and
//! its status, and the Stuurgroep writes evaluation notes per period ("de
//! evaluatie en bijsturing van het actieplan"). No personal data: the
//! Stuurgroep reads all of it.

use std::cmp::Ordering;
use std::fmt;

use super::coded::{Coded, coded_enum};
use super::outreach::{
    FieldError, FieldErrors, LONG_TEXT_MAX_CHARS, optional, redacted_debug, required,
};
use crate::case::Date;
use crate::profile::{CHAPTER_CURATIE, CHAPTER_PREVENTIE};

coded_enum!(
    /// Where a measure stands.
    MeasureStatus {
        NotStarted => "not_started",
        InProgress => "in_progress",
        Done => "done",
        /// Stopped on purpose (with the reason in the indicators or a note).
        Stopped => "stopped",
    }
);

/// The period an evaluation note is about: a year, or a half of it (the
/// Stuurgroep meets twice a year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Period {
    Year(u16),
    /// (year, 1 or 2)
    Half(u16, u8),
}

impl Period {
    /// Reads `2026`, `2026-H1` or `2026-H2` (case and spaces ignored).
    pub fn parse(input: &str) -> Option<Period> {
        let t: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        let (y, half) = match t.split_once('-') {
            Some((y, h)) => (y, Some(h)),
            None => (t.as_str(), None),
        };
        if y.len() != 4 || !y.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: u16 = y.parse().ok()?;
        if !(2000..=2100).contains(&year) {
            return None;
        }
        match half {
            None => Some(Period::Year(year)),
            Some("H1") => Some(Period::Half(year, 1)),
            Some("H2") => Some(Period::Half(year, 2)),
            Some(_) => None,
        }
    }

    /// The first day of the period.
    pub fn first_day(self) -> Option<Date> {
        match self {
            Period::Year(y) | Period::Half(y, 1) => Date::new(y, 1, 1).ok(),
            Period::Half(y, _) => Date::new(y, 7, 1).ok(),
        }
    }

    /// `2026` or `2026-H1`.
    pub fn code(self) -> String {
        match self {
            Period::Year(y) => y.to_string(),
            Period::Half(y, h) => format!("{y}-H{h}"),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

/// A measure's follow-up, as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct EntryInput<'a> {
    /// An organisation id of the LIVC-R, or empty for none.
    pub owner: &'a str,
    pub indicators: &'a str,
    pub status: &'a str,
}

/// A measure's follow-up that passed the rules.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedEntry {
    pub owner: Option<String>,
    pub indicators: Option<String>,
    pub status: MeasureStatus,
}
redacted_debug!(ParsedEntry { owner, status });

/// Parses a measure's follow-up; `organisations` are the ids of the LIVC-R's
/// organisations.
pub fn parse_entry(
    input: &EntryInput<'_>,
    organisations: &[&str],
) -> Result<ParsedEntry, FieldErrors> {
    let mut errors = FieldErrors::new();
    let owner = match input.owner.trim() {
        "" => None,
        o if organisations.contains(&o) => Some(o.to_owned()),
        _ => {
            errors.push(("owner", FieldError::UnknownOrganisation));
            None
        }
    };
    let indicators = optional(
        input.indicators,
        LONG_TEXT_MAX_CHARS,
        "indicators",
        &mut errors,
    );
    let status = match input.status.trim() {
        "" => {
            errors.push(("status", FieldError::Required));
            None
        }
        c => MeasureStatus::parse(c).or_else(|| {
            errors.push(("status", FieldError::UnknownChoice));
            None
        }),
    };
    match status {
        Some(status) if errors.is_empty() => Ok(ParsedEntry {
            owner,
            indicators,
            status,
        }),
        _ => Err(errors),
    }
}

/// An evaluation note, as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct EvaluationInput<'a> {
    pub period: &'a str,
    pub note: &'a str,
}

/// An evaluation note that passed the rules.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedEvaluation {
    pub period: Period,
    pub note: String,
}
redacted_debug!(ParsedEvaluation { period });

/// Parses an evaluation note: a period that has begun by `today`, and a note.
pub fn parse_evaluation(
    input: &EvaluationInput<'_>,
    today: Date,
) -> Result<ParsedEvaluation, FieldErrors> {
    let mut errors = FieldErrors::new();
    let period = match input.period.trim() {
        "" => {
            errors.push(("period", FieldError::Required));
            None
        }
        p => match Period::parse(p) {
            Some(p) if p.first_day().is_some_and(|d| d > today) => {
                errors.push(("period", FieldError::PeriodInFuture));
                None
            }
            Some(p) => Some(p),
            None => {
                errors.push(("period", FieldError::PeriodInvalid));
                None
            }
        },
    };
    let note = required(input.note, LONG_TEXT_MAX_CHARS, "note", &mut errors);
    match (period, note) {
        (Some(period), Some(note)) if errors.is_empty() => Ok(ParsedEvaluation { period, note }),
        _ => Err(errors),
    }
}

/// The period a note written on `today` is most likely about: the half
/// year that is running.
pub fn current_period(today: Date) -> Period {
    Period::Half(today.year(), if today.month() <= 6 { 1 } else { 2 })
}

/// The plan's order of measures: prevention first, then care and
/// follow-up, then by code with numbers compared as numbers (P3 before
/// P3.1 before P3.2 before P4 before P10).
pub fn measure_order(a: (&str, &str), b: (&str, &str)) -> Ordering {
    fn chapter_rank(c: &str) -> u8 {
        match c {
            CHAPTER_PREVENTIE => 0,
            CHAPTER_CURATIE => 1,
            _ => 2,
        }
    }
    fn key(code: &str) -> (String, Vec<u64>) {
        let prefix: String = code.chars().take_while(|c| !c.is_ascii_digit()).collect();
        let numbers = code[prefix.len()..]
            .split('.')
            .map(|n| n.parse::<u64>().unwrap_or(u64::MAX))
            .collect();
        (prefix, numbers)
    }
    chapter_rank(a.0)
        .cmp(&chapter_rank(b.0))
        .then_with(|| key(a.1).cmp(&key(b.1)))
        .then_with(|| a.1.cmp(b.1))
}

/// How many measures are in each status, in the list's order.
pub fn status_counts(statuses: &[MeasureStatus]) -> Vec<(MeasureStatus, usize)> {
    MeasureStatus::ALL
        .iter()
        .map(|s| (*s, statuses.iter().filter(|x| *x == s).count()))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        Date::parse_dd_mm_yyyy(s).unwrap()
    }
    fn codes(e: &FieldErrors) -> Vec<(&'static str, &'static str)> {
        e.iter().map(|(f, e)| (*f, e.code())).collect()
    }

    #[test]
    fn periods_are_years_or_halves() {
        assert_eq!(Period::parse("2026"), Some(Period::Year(2026)));
        assert_eq!(Period::parse(" 2026-h2 "), Some(Period::Half(2026, 2)));
        assert_eq!(Period::parse("2026 - H1"), Some(Period::Half(2026, 1)));
        for bad in ["", "26", "2026-H3", "2026-Q1", "1999", "2026-", "H1-2026"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::Half(2026, 2).code(), "2026-H2");
        assert_eq!(Period::Half(2026, 2).first_day(), Some(d("01/07/2026")));
        assert_eq!(current_period(d("28/11/2026")), Period::Half(2026, 2));
        assert_eq!(current_period(d("30/06/2026")), Period::Half(2026, 1));
    }

    #[test]
    fn a_note_is_about_a_period_that_began() {
        let today = d("28/11/2026");
        let ok = EvaluationInput {
            period: "2026-H2",
            note: "Op schema",
        };
        assert_eq!(
            parse_evaluation(&ok, today).unwrap().period,
            Period::Half(2026, 2)
        );
        let e = parse_evaluation(
            &EvaluationInput {
                period: "2027-H1",
                note: " ",
            },
            today,
        )
        .unwrap_err();
        assert_eq!(
            codes(&e),
            vec![("period", "period_in_future"), ("note", "required")]
        );
        let e = parse_evaluation(
            &EvaluationInput {
                period: "volgend jaar",
                note: "x",
            },
            today,
        )
        .unwrap_err();
        assert_eq!(codes(&e), vec![("period", "period_invalid")]);
    }

    #[test]
    fn an_entry_has_a_known_owner_and_a_status() {
        let orgs = ["org-1", "org-2"];
        let p = parse_entry(
            &EntryInput {
                owner: "org-2",
                indicators: "5 scholen per jaar",
                status: "in_progress",
            },
            &orgs,
        )
        .unwrap();
        assert_eq!(
            (p.owner.as_deref(), p.status),
            (Some("org-2"), MeasureStatus::InProgress)
        );
        let e = parse_entry(
            &EntryInput {
                owner: "andere-tenant",
                indicators: "",
                status: "finished",
            },
            &orgs,
        )
        .unwrap_err();
        assert_eq!(
            codes(&e),
            vec![
                ("owner", "unknown_organisation"),
                ("status", "unknown_choice")
            ]
        );
    }

    #[test]
    fn measures_follow_the_plan() {
        let mut m = [
            ("curatie", "C1"),
            ("preventie", "P10"),
            ("preventie", "P3.2"),
            ("preventie", "P4"),
            ("preventie", "P3"),
            ("preventie", "P1"),
            ("preventie", "P3.1"),
        ];
        m.sort_by(|a, b| measure_order(*a, *b));
        assert_eq!(
            m.iter().map(|x| x.1).collect::<Vec<_>>(),
            ["P1", "P3", "P3.1", "P3.2", "P4", "P10", "C1"]
        );
        let counts = status_counts(&[
            MeasureStatus::Done,
            MeasureStatus::Done,
            MeasureStatus::Stopped,
        ]);
        assert_eq!(counts[2], (MeasureStatus::Done, 2));
        assert_eq!(counts.iter().map(|c| c.1).sum::<usize>(), 3);
    }

    proptest! {
        #[test]
        fn measure_order_is_a_total_order(a in "[PC][0-9]{1,2}(\\.[0-9]{1,2})?", b in "[PC][0-9]{1,2}(\\.[0-9]{1,2})?") {
            let ab = measure_order(("preventie", &a), ("preventie", &b));
            let ba = measure_order(("preventie", &b), ("preventie", &a));
            prop_assert_eq!(ab, ba.reverse());
            prop_assert_eq!(ab == Ordering::Equal, a == b);
        }

        #[test]
        fn a_parsed_period_prints_back(s in "[0-9]{4}(-[Hh][12])?") {
            if let Some(p) = Period::parse(&s) {
                prop_assert_eq!(Period::parse(&p.code()), Some(p));
            }
        }
    }
}
