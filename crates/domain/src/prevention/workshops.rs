//! Resilience of young people (plan "Preventie" 4, weerbaarheid van
//! jongeren): free workshops for the second grade of the secondary schools
//! on conspiracy thinking, fake news, identity and polarisation, given by
//! StampMedia (or another provider). "In het voorjaar van 2022 worden
//! workshops gegeven in 5 scholen ... De volgende jaren komen ook alle
//! andere secundaire scholen aan bod."
//!
//! The schools are the profile's registry. A workshop is planned, held or
//! cancelled; an evaluation belongs to a held workshop. [`coverage`] says,
//! per school year (1 September to 31 August), which schools were reached,
//! which have a workshop planned and which are still to reach; the goal is
//! every secondary school of the registry. The coverage holds no personal
//! data: the Stuurgroep sees it.

use super::coded::{Coded, coded_enum, parse_set};
use super::outreach::{
    FieldError, FieldErrors, LONG_TEXT_MAX_CHARS, SHORT_TEXT_MAX_CHARS, choice, date, number,
    optional, redacted_debug, required,
};
use crate::case::Date;
use std::fmt;

/// The most pupils one workshop record can hold.
pub const PUPILS_MAX: u32 = 2_000;
/// The provider the plan names.
pub const DEFAULT_PROVIDER: &str = "StampMedia";

coded_enum!(
    /// What a workshop is about (the plan's four topics).
    WorkshopTopic {
        ConspiracyThinking => "conspiracy_thinking",
        FakeNews => "fake_news",
        Identity => "identity",
        Polarisation => "polarisation",
    }
);

coded_enum!(
    /// Where a workshop stands.
    WorkshopStatus {
        Planned => "planned",
        Held => "held",
        Cancelled => "cancelled",
    }
);

/// A school year: from 1 September of `start` to 31 August of the year after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchoolYear {
    start: u16,
}

impl SchoolYear {
    /// The school year that begins in September of `start` (1 to 9998).
    pub fn starting(start: u16) -> Option<SchoolYear> {
        (1..=9998).contains(&start).then_some(SchoolYear { start })
    }

    /// The school year `date` falls in.
    pub fn of(date: Date) -> SchoolYear {
        let start = if date.month() >= 9 {
            date.year()
        } else {
            date.year().saturating_sub(1)
        };
        SchoolYear { start }
    }

    /// The calendar year it starts in.
    pub fn start_year(self) -> u16 {
        self.start
    }

    /// 1 September.
    pub fn first_day(self) -> Option<Date> {
        Date::new(self.start, 9, 1).ok()
    }

    /// 31 August of the next year.
    pub fn last_day(self) -> Option<Date> {
        Date::new(self.start.checked_add(1)?, 8, 31).ok()
    }

    pub fn contains(self, date: Date) -> bool {
        SchoolYear::of(date) == self
    }

    pub fn previous(self) -> Option<SchoolYear> {
        SchoolYear::starting(self.start.checked_sub(1)?)
    }

    pub fn next(self) -> Option<SchoolYear> {
        SchoolYear::starting(self.start.checked_add(1)?)
    }

    /// `2026-2027`.
    pub fn label(self) -> String {
        format!("{}-{}", self.start, u32::from(self.start) + 1)
    }

    /// Reads `2026-2027` (or `2026`); the second year must follow the first.
    pub fn parse(input: &str) -> Option<SchoolYear> {
        let t = input.trim();
        let (a, b) = match t.split_once('-') {
            Some((a, b)) => (a, Some(b)),
            None => (t, None),
        };
        if a.len() != 4 || !a.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let start: u16 = a.parse().ok()?;
        if !(2000..=2100).contains(&start) {
            return None;
        }
        if let Some(b) = b
            && (b.len() != 4 || b.parse::<u32>().ok()? != u32::from(start) + 1)
        {
            return None;
        }
        SchoolYear::starting(start)
    }
}

impl fmt::Display for SchoolYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// A workshop as typed.
#[derive(Debug, Clone, Default)]
pub struct WorkshopInput<'a> {
    /// A school slug of the registry.
    pub school: &'a str,
    /// `dd/mm/yyyy`; a planned workshop may lie ahead.
    pub date: &'a str,
    pub status: &'a str,
    pub provider: &'a str,
    /// The classes, e.g. "3A, 3B, 4C".
    pub classes: &'a str,
    pub pupils: &'a str,
    pub topics: Vec<&'a str>,
    /// 1 to 5, once held.
    pub score: &'a str,
    /// Once held.
    pub evaluation: &'a str,
}

/// A workshop that passed every rule.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedWorkshop {
    pub school: String,
    pub date: Date,
    pub status: WorkshopStatus,
    pub provider: String,
    pub classes: Option<String>,
    pub pupils: Option<u32>,
    pub topics: Vec<WorkshopTopic>,
    pub score: Option<u8>,
    pub evaluation: Option<String>,
}
redacted_debug!(ParsedWorkshop {
    school,
    date,
    status,
    pupils,
    topics,
    score
});

/// Parses a workshop against the registry (`schools`: slugs) and `today`.
/// A held workshop lies in the past; an evaluation needs a held workshop.
pub fn parse_workshop(
    input: &WorkshopInput<'_>,
    schools: &[&str],
    today: Date,
) -> Result<ParsedWorkshop, FieldErrors> {
    let mut errors = FieldErrors::new();
    let school = match input.school.trim() {
        "" => {
            errors.push(("school", FieldError::Required));
            None
        }
        s if schools.contains(&s) => Some(s.to_owned()),
        _ => {
            errors.push(("school", FieldError::UnknownSchool));
            None
        }
    };
    let day = date(input.date, "date", &mut errors);
    let status = if input.status.trim().is_empty() {
        Some(WorkshopStatus::Planned)
    } else {
        choice::<WorkshopStatus>(input.status, "status", &mut errors)
    };
    let provider = if input.provider.trim().is_empty() {
        Some(DEFAULT_PROVIDER.to_owned())
    } else {
        required(
            input.provider,
            SHORT_TEXT_MAX_CHARS,
            "provider",
            &mut errors,
        )
    };
    let classes = optional(input.classes, SHORT_TEXT_MAX_CHARS, "classes", &mut errors);
    let pupils = number(input.pupils, 0, PUPILS_MAX, "pupils", &mut errors);
    let topics = match parse_set::<WorkshopTopic>(input.topics.iter().copied()) {
        Some(t) if t.is_empty() => {
            errors.push(("topics", FieldError::ChooseAtLeastOne));
            None
        }
        Some(t) => Some(t),
        None => {
            errors.push(("topics", FieldError::UnknownChoice));
            None
        }
    };
    let score = number(input.score, 1, 5, "score", &mut errors).and_then(|n| u8::try_from(n).ok());
    let evaluation = optional(
        input.evaluation,
        LONG_TEXT_MAX_CHARS,
        "evaluation",
        &mut errors,
    );
    if status == Some(WorkshopStatus::Held)
        && let Some(d) = day
        && d > today
    {
        errors.push(("status", FieldError::NotYetHeld));
    }
    if status.is_some_and(|s| s != WorkshopStatus::Held) {
        if score.is_some() {
            errors.push(("score", FieldError::EvaluationNeedsHeld));
        }
        if evaluation.is_some() {
            errors.push(("evaluation", FieldError::EvaluationNeedsHeld));
        }
    }
    match (school, day, status, provider, topics) {
        (Some(school), Some(date), Some(status), Some(provider), Some(topics))
            if errors.is_empty() =>
        {
            Ok(ParsedWorkshop {
                school,
                date,
                status,
                provider,
                classes,
                pupils,
                topics,
                score,
                evaluation,
            })
        }
        _ => Err(errors),
    }
}

/// What the coverage needs of a workshop: no free text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkshopFact {
    pub school: String,
    pub date: Date,
    pub status: WorkshopStatus,
    pub pupils: Option<u32>,
    pub topics: Vec<WorkshopTopic>,
}

/// Where a school stands in a school year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reach {
    /// At least one workshop held.
    Reached,
    /// None held, at least one planned.
    Planned,
    /// None held or planned.
    ToReach,
}

impl Reach {
    pub fn code(self) -> &'static str {
        match self {
            Reach::Reached => "reached",
            Reach::Planned => "planned",
            Reach::ToReach => "to_reach",
        }
    }
}

/// One school in the coverage of a school year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolCoverage {
    pub school: String,
    pub reach: Reach,
    /// Workshops held and planned in the year.
    pub held: u32,
    pub planned: u32,
    /// Pupils of the held workshops.
    pub pupils: u32,
    /// Topics of the held workshops, in the plan's order.
    pub topics: Vec<WorkshopTopic>,
    /// Dates of the held and planned workshops, in order.
    pub dates: Vec<Date>,
    /// The latest earlier school year with a held workshop, if any.
    pub last_reached_before: Option<SchoolYear>,
}

/// The coverage of one school year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub year: SchoolYear,
    /// Every school of the registry, in registry order.
    pub schools: Vec<SchoolCoverage>,
    /// The goal: every secondary school of the registry.
    pub goal: usize,
    pub reached: usize,
    pub planned: usize,
    pub to_reach: usize,
    /// Schools reached in this or an earlier school year.
    pub reached_ever: usize,
    pub workshops_held: u32,
    pub pupils: u32,
}

/// The coverage of `year`: per school of the registry (slugs, in order)
/// whether it was reached, has a workshop planned, or is still to reach.
/// Cancelled workshops and workshops of schools outside the registry do
/// not count; a held workshop wins over a planned one.
pub fn coverage(schools: &[&str], workshops: &[WorkshopFact], year: SchoolYear) -> Coverage {
    let mut out = Vec::with_capacity(schools.len());
    let mut seen = std::collections::HashSet::new();
    for &school in schools {
        // A slug listed twice counts once.
        if !seen.insert(school) {
            continue;
        }
        let mine = workshops.iter().filter(|w| w.school == school);
        let mut c = SchoolCoverage {
            school: school.to_owned(),
            reach: Reach::ToReach,
            held: 0,
            planned: 0,
            pupils: 0,
            topics: Vec::new(),
            dates: Vec::new(),
            last_reached_before: None,
        };
        let mut topics = Vec::new();
        for w in mine {
            let in_year = year.contains(w.date);
            match w.status {
                WorkshopStatus::Held if in_year => {
                    c.held += 1;
                    c.pupils = c.pupils.saturating_add(w.pupils.unwrap_or(0));
                    topics.extend(w.topics.iter().copied());
                    c.dates.push(w.date);
                }
                WorkshopStatus::Planned if in_year => {
                    c.planned += 1;
                    c.dates.push(w.date);
                }
                WorkshopStatus::Held if SchoolYear::of(w.date) < year => {
                    let y = SchoolYear::of(w.date);
                    c.last_reached_before = Some(c.last_reached_before.map_or(y, |p| p.max(y)));
                }
                _ => {}
            }
        }
        c.topics = WorkshopTopic::ALL
            .iter()
            .copied()
            .filter(|t| topics.contains(t))
            .collect();
        c.dates.sort();
        c.reach = if c.held > 0 {
            Reach::Reached
        } else if c.planned > 0 {
            Reach::Planned
        } else {
            Reach::ToReach
        };
        out.push(c);
    }
    let count = |r: Reach| out.iter().filter(|c| c.reach == r).count();
    Coverage {
        year,
        goal: out.len(),
        reached: count(Reach::Reached),
        planned: count(Reach::Planned),
        to_reach: count(Reach::ToReach),
        reached_ever: out
            .iter()
            .filter(|c| c.reach == Reach::Reached || c.last_reached_before.is_some())
            .count(),
        workshops_held: out.iter().map(|c| c.held).sum(),
        pupils: out.iter().map(|c| c.pupils).fold(0u32, u32::saturating_add),
        schools: out,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        Date::parse_dd_mm_yyyy(s).unwrap()
    }
    fn today() -> Date {
        d("28/11/2026")
    }
    fn codes(e: &FieldErrors) -> Vec<(&'static str, &'static str)> {
        e.iter().map(|(f, e)| (*f, e.code())).collect()
    }
    fn fact(school: &str, date: &str, status: WorkshopStatus, pupils: u32) -> WorkshopFact {
        WorkshopFact {
            school: school.into(),
            date: d(date),
            status,
            pupils: Some(pupils),
            topics: vec![WorkshopTopic::FakeNews],
        }
    }

    #[test]
    fn a_school_year_runs_from_september_to_august() {
        let y = SchoolYear::of(today());
        assert_eq!(y.label(), "2026-2027");
        assert_eq!(y.first_day(), Some(d("01/09/2026")));
        assert_eq!(y.last_day(), Some(d("31/08/2027")));
        assert_eq!(SchoolYear::of(d("31/08/2026")).label(), "2025-2026");
        assert_eq!(SchoolYear::of(d("01/09/2026")), y);
        assert_eq!(SchoolYear::of(d("15/03/2022")).label(), "2021-2022");
        assert_eq!(SchoolYear::parse("2026-2027"), Some(y));
        assert_eq!(SchoolYear::parse("2026"), Some(y));
        for bad in [
            "2026-2028",
            "26-27",
            "",
            "abcd",
            "1999-2000",
            "2026-",
            "２０２６",
        ] {
            assert_eq!(SchoolYear::parse(bad), None, "{bad}");
        }
        assert_eq!(y.previous().unwrap().label(), "2025-2026");
        assert_eq!(y.next().unwrap().label(), "2027-2028");
    }

    #[test]
    fn coverage_counts_reached_planned_and_to_reach() {
        use WorkshopStatus::*;
        let schools = ["forum", "newton", "seminarie", "wetech", "vts"];
        let year = SchoolYear::of(today());
        let w = vec![
            // Reached this year: held wins over planned.
            fact("forum", "10/10/2026", Held, 48),
            fact("forum", "10/03/2027", Planned, 0),
            // Only planned this year; reached in spring 2022.
            fact("newton", "15/01/2027", Planned, 0),
            fact("newton", "20/04/2022", Held, 50),
            // Cancelled does not count; last year's held is "before".
            fact("seminarie", "01/12/2026", Cancelled, 0),
            fact("seminarie", "05/05/2026", Held, 30),
            // Outside the registry: ignored.
            fact("elders", "10/10/2026", Held, 99),
            // Next school year: not this one.
            fact("wetech", "01/09/2027", Planned, 0),
        ];
        let c = coverage(&schools, &w, year);
        assert_eq!((c.goal, c.reached, c.planned, c.to_reach), (5, 1, 1, 3));
        assert_eq!((c.workshops_held, c.pupils, c.reached_ever), (1, 48, 3));
        let by = |s: &str| c.schools.iter().find(|x| x.school == s).unwrap();
        assert_eq!(by("forum").reach, Reach::Reached);
        assert_eq!((by("forum").held, by("forum").planned), (1, 1));
        assert_eq!(by("forum").dates, vec![d("10/10/2026"), d("10/03/2027")]);
        assert_eq!(by("newton").reach, Reach::Planned);
        assert_eq!(
            by("newton").last_reached_before.unwrap().label(),
            "2021-2022"
        );
        assert_eq!(by("seminarie").reach, Reach::ToReach);
        assert_eq!(
            by("seminarie").last_reached_before.unwrap().label(),
            "2025-2026"
        );
        assert_eq!(by("wetech").reach, Reach::ToReach);
        assert_eq!(by("vts").reach, Reach::ToReach);
        assert_eq!(
            c.schools
                .iter()
                .map(|s| s.school.as_str())
                .collect::<Vec<_>>(),
            schools
        );
    }

    #[test]
    fn a_workshop_is_held_in_the_past_and_evaluated_once_held() {
        let schools = ["forum"];
        let ok = WorkshopInput {
            school: "forum",
            date: "10/10/2026",
            status: "held",
            provider: "",
            classes: "3A, 3B",
            pupils: "48",
            topics: vec!["fake_news", "identity"],
            score: "4",
            evaluation: "Goed onthaald",
        };
        let p = parse_workshop(&ok, &schools, today()).unwrap();
        assert_eq!(p.provider, DEFAULT_PROVIDER);
        assert_eq!(
            p.topics,
            vec![WorkshopTopic::FakeNews, WorkshopTopic::Identity]
        );
        let future_held = WorkshopInput {
            date: "10/12/2026",
            ..ok.clone()
        };
        assert_eq!(
            codes(&parse_workshop(&future_held, &schools, today()).unwrap_err()),
            vec![("status", "not_yet_held")]
        );
        let planned_evaluated = WorkshopInput {
            status: "planned",
            ..ok.clone()
        };
        assert_eq!(
            codes(&parse_workshop(&planned_evaluated, &schools, today()).unwrap_err()),
            vec![
                ("score", "evaluation_needs_held"),
                ("evaluation", "evaluation_needs_held")
            ]
        );
        let bad = WorkshopInput {
            school: "elders",
            pupils: "2001",
            topics: vec![],
            score: "6",
            ..ok.clone()
        };
        assert_eq!(
            codes(&parse_workshop(&bad, &schools, today()).unwrap_err()),
            vec![
                ("school", "unknown_school"),
                ("pupils", "number_out_of_range"),
                ("topics", "choose_at_least_one"),
                ("score", "number_out_of_range")
            ]
        );
    }

    fn arb_date() -> impl Strategy<Value = Date> {
        (2001u16..2100, 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| Date::new(y, m, d).unwrap())
    }

    proptest! {
        /// Every date lies in exactly one school year, between its first
        /// and last day; consecutive school years touch.
        #[test]
        fn school_years_partition_time(day in arb_date()) {
            let y = SchoolYear::of(day);
            prop_assert!(y.contains(day));
            prop_assert!(y.first_day().unwrap() <= day && day <= y.last_day().unwrap());
            prop_assert!(!y.previous().unwrap().contains(day));
            prop_assert!(!y.next().unwrap().contains(day));
            prop_assert_eq!(y.last_day().unwrap().add_days(1), y.next().unwrap().first_day());
            prop_assert_eq!(SchoolYear::parse(&y.label()), Some(y));
        }

        /// Whatever the workshops, each school is in exactly one state, the
        /// counts add up to the goal, and a school is reached exactly when a
        /// held workshop of it falls in the year.
        #[test]
        fn coverage_adds_up(
            ws in proptest::collection::vec((0usize..6, arb_date(), 0u8..3, 0u32..100), 0..30),
            start in 2000u16..2099,
        ) {
            let schools = ["a", "b", "c", "d", "e"];
            let names = ["a", "b", "c", "d", "e", "x"];
            let facts: Vec<WorkshopFact> = ws.iter().map(|(s, day, st, p)| WorkshopFact {
                school: names[*s].into(),
                date: *day,
                status: [WorkshopStatus::Planned, WorkshopStatus::Held, WorkshopStatus::Cancelled][*st as usize],
                pupils: Some(*p),
                topics: vec![WorkshopTopic::Identity],
            }).collect();
            let year = SchoolYear::starting(start).unwrap();
            let c = coverage(&schools, &facts, year);
            prop_assert_eq!(c.goal, schools.len());
            prop_assert_eq!(c.reached + c.planned + c.to_reach, c.goal);
            prop_assert!(c.reached_ever >= c.reached && c.reached_ever <= c.goal);
            for sc in &c.schools {
                let held = facts.iter().any(|f| f.school == sc.school && f.status == WorkshopStatus::Held && year.contains(f.date));
                let planned = facts.iter().any(|f| f.school == sc.school && f.status == WorkshopStatus::Planned && year.contains(f.date));
                let expected = if held { Reach::Reached } else if planned { Reach::Planned } else { Reach::ToReach };
                prop_assert_eq!(sc.reach, expected);
            }
            let pupils: u32 = facts.iter()
                .filter(|f| f.school != "x" && f.status == WorkshopStatus::Held && year.contains(f.date))
                .map(|f| f.pupils.unwrap_or(0)).sum();
            prop_assert_eq!(c.pupils, pupils);
        }
    }
}
