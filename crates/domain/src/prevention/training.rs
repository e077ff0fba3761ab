//! Trainings (deskundigheidsbevordering, plan "Preventie" 2 and 3.1): the
//! sessions of every kind the expert keeps track of, who took part and how
//! they were evaluated.
//!
//! - The reference persons' own trainings: the 2016 training ("om op een
//!   juiste manier signalen van radicalisme en extremisme te herkennen"), the
//!   new two-day training by an external organisation, and continuing
//!   development after that. Attending one updates what is due for that
//!   person ([`super::network::training_due`]).
//! - Internal training for city staff (3.1): awareness of polarisation, and
//!   the extra course on hate speech and polarising comments for staff who
//!   run the city's social-media channels.
//! - The expert's own training on new tendencies and current themes.
//!
//! Participants are reference persons from the network (with attendance per
//! person) and, for staff sessions, a number of participants; the names of
//! city staff are not kept. Title, provider, place and the evaluation text
//! are free text: the parsed types print only their lengths.

use std::fmt;

use super::coded::{Coded, coded_enum};
use super::network::{FieldError, FieldErrors, required_text, text};
use crate::case::Date;

/// Longest title, provider or place.
pub const SHORT_TEXT_MAX_CHARS: usize = 200;
/// Longest evaluation text.
pub const EVALUATION_MAX_CHARS: usize = 4000;
/// The largest head count of a staff session.
pub const STAFF_COUNT_MAX: u32 = 10_000;

coded_enum!(
    /// What kind of session it is.
    TrainingKind {
        /// The 2016 training of the reference persons (opleiding 2016).
        Reference2016 => "reference_2016",
        /// The two-day training of reference persons by an external organisation.
        ReferenceTwoDay => "reference_two_day",
        /// Later continuing development of the reference persons (bijscholing).
        ReferenceContinuing => "reference_continuing",
        /// Awareness of polarisation for city staff (3.1).
        StaffAwareness => "staff_awareness",
        /// Hate speech and polarising comments, for staff who run the city's
        /// social-media channels (3.1).
        HateSpeechCourse => "hate_speech_course",
        /// The expert's own training on new tendencies and themes.
        ExpertTraining => "expert_training",
        Other => "other",
    }
);

impl TrainingKind {
    /// A training of the network of reference persons: attending it counts
    /// for what is due.
    pub fn is_reference_training(self) -> bool {
        matches!(
            self,
            TrainingKind::Reference2016
                | TrainingKind::ReferenceTwoDay
                | TrainingKind::ReferenceContinuing
        )
    }

    /// The basic training every reference person needs: the 2016 training or
    /// the new two-day training.
    pub fn is_basic(self) -> bool {
        matches!(
            self,
            TrainingKind::Reference2016 | TrainingKind::ReferenceTwoDay
        )
    }
}

coded_enum!(
    /// A participant's attendance.
    Attendance {
        /// Taking part; attendance not recorded yet.
        Registered => "registered",
        Present => "present",
        Absent => "absent",
        /// Absent with notice (verontschuldigd).
        Excused => "excused",
    }
);

impl Attendance {
    /// Whether this says what happened at the session (and so needs the
    /// session to have taken place).
    pub fn is_recorded(self) -> bool {
        matches!(self, Attendance::Present | Attendance::Absent)
    }
}

/// A session as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct TrainingInput<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub provider: &'a str,
    /// `dd/mm/yyyy`; a planned session may lie in the future.
    pub date: &'a str,
    pub place: &'a str,
    /// Staff who took part (a number, or empty).
    pub staff_count: &'a str,
    /// 1 to 5, or empty.
    pub score: &'a str,
    pub evaluation: &'a str,
}

/// A session that passed every rule.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedTraining {
    pub kind: TrainingKind,
    pub title: String,
    pub provider: String,
    pub date: Date,
    pub place: Option<String>,
    pub staff_count: Option<u32>,
    pub score: Option<u8>,
    pub evaluation: Option<String>,
}

impl fmt::Debug for ParsedTraining {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParsedTraining")
            .field("kind", &self.kind)
            .field(
                "title",
                &format_args!("<{} chars>", self.title.chars().count()),
            )
            .field("date", &self.date)
            .field("staff_count", &self.staff_count)
            .field("score", &self.score)
            .finish_non_exhaustive()
    }
}

fn number(input: &str, min: u32, max: u32) -> Result<Option<u32>, FieldError> {
    match input.trim() {
        "" => Ok(None),
        t => match t.parse::<u32>() {
            Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
            _ => Err(FieldError::NumberOutOfRange { min, max }),
        },
    }
}

/// Parses a session. `today` bounds the evaluation: a session is evaluated
/// once it took place.
pub fn parse_training(
    input: &TrainingInput<'_>,
    today: Date,
) -> Result<ParsedTraining, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = match input.kind.trim() {
        "" => {
            errors.push(("kind", FieldError::Required));
            None
        }
        c => TrainingKind::parse(c).or_else(|| {
            errors.push(("kind", FieldError::UnknownChoice));
            None
        }),
    };
    let title = required_text(input.title, SHORT_TEXT_MAX_CHARS, "title", &mut errors);
    let provider = required_text(
        input.provider,
        SHORT_TEXT_MAX_CHARS,
        "provider",
        &mut errors,
    );
    let date = match Date::parse_dd_mm_yyyy(input.date) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(("date", FieldError::Date(e)));
            None
        }
    };
    let place = text(input.place, SHORT_TEXT_MAX_CHARS)
        .map_err(|e| errors.push(("place", e)))
        .ok()
        .flatten();
    let staff_count = number(input.staff_count, 0, STAFF_COUNT_MAX)
        .map_err(|e| errors.push(("staff_count", e)))
        .ok()
        .flatten();
    let score = number(input.score, 1, 5)
        .map_err(|e| errors.push(("score", e)))
        .ok()
        .flatten()
        .and_then(|n| u8::try_from(n).ok());
    let evaluation = text(input.evaluation, EVALUATION_MAX_CHARS)
        .map_err(|e| errors.push(("evaluation", e)))
        .ok()
        .flatten();
    if let Some(d) = date
        && d > today
    {
        if score.is_some() {
            errors.push(("score", FieldError::BeforeSession));
        }
        if evaluation.is_some() {
            errors.push(("evaluation", FieldError::BeforeSession));
        }
    }
    match (kind, title, provider, date) {
        (Some(kind), Some(title), Some(provider), Some(date)) if errors.is_empty() => {
            Ok(ParsedTraining {
                kind,
                title,
                provider,
                date,
                place,
                staff_count,
                score,
                evaluation,
            })
        }
        _ => Err(errors),
    }
}

/// Parses the attendance list of a session: (reference person id, status)
/// per line; an empty status means "not a participant". `known` are the ids
/// of the tenant's reference persons; `session` is the session's date.
/// Present and absent are recorded once the session took place; registered
/// and excused at any time. A person listed twice counts once (the last).
pub fn parse_attendance(
    lines: &[(&str, &str)],
    known: &[String],
    session: Date,
    today: Date,
) -> Result<Vec<(String, Attendance)>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut out: Vec<(String, Attendance)> = Vec::new();
    for (person, status) in lines {
        let person = person.trim();
        if !known.iter().any(|k| k == person) {
            errors.push(("attendance", FieldError::UnknownPerson));
            continue;
        }
        let status = match status.trim() {
            "" => {
                out.retain(|(p, _)| p != person);
                continue;
            }
            s => match Attendance::parse(s) {
                Some(a) => a,
                None => {
                    errors.push(("attendance", FieldError::UnknownChoice));
                    continue;
                }
            },
        };
        if status.is_recorded() && session > today {
            errors.push(("attendance", FieldError::BeforeSession));
            continue;
        }
        out.retain(|(p, _)| p != person);
        out.push((person.to_owned(), status));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        errors.dedup();
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 28).unwrap()
    }

    fn input<'a>() -> TrainingInput<'a> {
        TrainingInput {
            kind: "reference_two_day",
            title: "Tweedaagse opleiding referentiepersonen",
            provider: "Externe vormingsorganisatie",
            date: "12/10/2026",
            place: "Stadhuis",
            staff_count: "",
            score: "4",
            evaluation: "Sterke casusbesprekingen.",
        }
    }

    #[test]
    fn a_session_parses() {
        let t = parse_training(&input(), today()).unwrap();
        assert_eq!(t.kind, TrainingKind::ReferenceTwoDay);
        assert_eq!(t.score, Some(4));
        assert_eq!(t.date, Date::new(2026, 10, 12).unwrap());
        assert!(t.kind.is_basic() && t.kind.is_reference_training());
        assert!(!TrainingKind::HateSpeechCourse.is_reference_training());
        assert!(TrainingKind::ReferenceContinuing.is_reference_training());
        assert!(!TrainingKind::ReferenceContinuing.is_basic());
    }

    #[test]
    fn every_field_is_checked() {
        let long = "x".repeat(SHORT_TEXT_MAX_CHARS + 1);
        let i = TrainingInput {
            kind: "yoga",
            title: "",
            provider: &long,
            date: "31/02/2026",
            place: "a\u{0}b",
            staff_count: "-3",
            score: "6",
            evaluation: "",
        };
        let e = parse_training(&i, today()).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec![
                "kind",
                "title",
                "provider",
                "date",
                "place",
                "staff_count",
                "score"
            ]
        );
        assert_eq!(e[0].1, FieldError::UnknownChoice);
        assert_eq!(e[1].1, FieldError::Required);
        assert_eq!(e[2].1.code(), "too_long");
        assert_eq!(e[4].1, FieldError::ControlCharacter);
        assert_eq!(e[6].1, FieldError::NumberOutOfRange { min: 1, max: 5 });
        let mut i = input();
        i.score = "0";
        assert!(parse_training(&i, today()).is_err());
        i.score = "";
        i.staff_count = "25";
        assert_eq!(parse_training(&i, today()).unwrap().staff_count, Some(25));
    }

    #[test]
    fn a_planned_session_is_not_evaluated_yet() {
        let mut i = input();
        i.date = "15/01/2027";
        assert_eq!(
            parse_training(&i, today()).unwrap_err(),
            vec![
                ("score", FieldError::BeforeSession),
                ("evaluation", FieldError::BeforeSession)
            ]
        );
        i.score = "";
        i.evaluation = "";
        assert!(parse_training(&i, today()).is_ok());
    }

    #[test]
    fn attendance_only_for_known_people_and_after_the_session() {
        let known = vec!["p1".to_owned(), "p2".to_owned()];
        let past = Date::new(2026, 10, 12).unwrap();
        let future = Date::new(2027, 1, 15).unwrap();
        assert_eq!(
            parse_attendance(
                &[("p1", "present"), ("p2", "excused")],
                &known,
                past,
                today()
            )
            .unwrap(),
            vec![
                ("p1".to_owned(), Attendance::Present),
                ("p2".to_owned(), Attendance::Excused)
            ]
        );
        assert_eq!(
            parse_attendance(&[("p3", "present")], &known, past, today()).unwrap_err(),
            vec![("attendance", FieldError::UnknownPerson)]
        );
        assert_eq!(
            parse_attendance(&[("p1", "present")], &known, future, today()).unwrap_err(),
            vec![("attendance", FieldError::BeforeSession)]
        );
        assert_eq!(
            parse_attendance(&[("p1", "registered"), ("p2", "")], &known, future, today()).unwrap(),
            vec![("p1".to_owned(), Attendance::Registered)]
        );
        assert_eq!(
            parse_attendance(&[("p1", "late")], &known, past, today()).unwrap_err(),
            vec![("attendance", FieldError::UnknownChoice)]
        );
        // Listed twice: the last line counts.
        assert_eq!(
            parse_attendance(
                &[("p1", "present"), ("p1", "absent")],
                &known,
                past,
                today()
            )
            .unwrap(),
            vec![("p1".to_owned(), Attendance::Absent)]
        );
    }
}
