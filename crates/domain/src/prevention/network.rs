//! The network of reference persons (netwerk referentiepersonen, plan
//! "Preventie" 2): since 2016, people across the life domains (teachers,
//! youth workers, care workers, pupil counsellors, civil society) who pick up
//! signals early and pass them to the expert.
//!
//! Here: what a person's record holds and how it is parsed, and the rule for
//! what training is due ([`training_due`]). Also the field errors that the
//! tension register, the network and the trainings share.
//!
//! Names, organisations and contact details are personal data: the parsed
//! types never print them.

use std::fmt;

use super::coded::Coded;
use super::contact::{ContactError, optional_text, parse_email, parse_phone};
use super::signal::{LifeDomain, PersonalDetail};
use super::training::{Attendance, TrainingKind};
use crate::case::{Date, DateError};

/// Longest name or organisation.
pub const NAME_MAX_CHARS: usize = 200;

/// A reference person is due a refresher this many years after the last
/// reference-person training they attended. Three years: the plan asks for
/// "continue deskundigheidsbevordering" without a number; the 2016 training
/// was followed by a new two-day training, and three years keeps each
/// person within one legislature's action plan of a training.
pub const REFRESHER_YEARS: u16 = 3;

/// Why a field of the tension register, the network or a training was
/// refused. Every variant has a translated message (`network-error-...`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    /// A required field left empty.
    Required,
    /// A value outside the closed list (a tampered form or a wrong API code).
    UnknownChoice,
    /// A district that is not one of the profile's.
    UnknownDistrict,
    /// Longer than `max` characters (it has `len`).
    TooLong {
        max: usize,
        len: usize,
    },
    /// Control characters other than line breaks and tabs.
    ControlCharacter,
    EmailInvalid,
    PhoneInvalid,
    /// A date that cannot be read.
    Date(DateError),
    /// A date after today where only the past makes sense.
    DateInFuture,
    /// A whole number outside `min..=max`, or not a number.
    NumberOutOfRange {
        min: u32,
        max: u32,
    },
    /// Evaluation or attendance of a session that has not taken place yet.
    BeforeSession,
    /// Text about groups looks like it names an individual (a name, an
    /// `@handle`): refused until the writer confirms no one is recognisable.
    LooksPersonal,
    /// The text holds an e-mail address or an identifying number: refused
    /// whatever the writer confirms (the register is about groups, never
    /// individuals).
    PersonalDetail(PersonalDetail),
    /// Not a reference person of this network.
    UnknownPerson,
    /// Not an account with the reference-person role of this tenant.
    UnknownAccount,
    /// Not a signal of this tenant.
    UnknownSignal,
}

impl FieldError {
    /// A stable code (for the API).
    pub fn code(self) -> &'static str {
        match self {
            FieldError::Required => "required",
            FieldError::UnknownChoice => "unknown_choice",
            FieldError::UnknownDistrict => "unknown_district",
            FieldError::TooLong { .. } => "too_long",
            FieldError::ControlCharacter => "control_character",
            FieldError::EmailInvalid => "email_invalid",
            FieldError::PhoneInvalid => "phone_invalid",
            FieldError::Date(_) => "date_invalid",
            FieldError::DateInFuture => "date_in_future",
            FieldError::NumberOutOfRange { .. } => "number_out_of_range",
            FieldError::BeforeSession => "before_session",
            FieldError::LooksPersonal => "looks_personal",
            FieldError::PersonalDetail(_) => "personal_detail",
            FieldError::UnknownPerson => "unknown_person",
            FieldError::UnknownAccount => "unknown_account",
            FieldError::UnknownSignal => "unknown_signal",
        }
    }

    /// The key of the translated message shown next to the field.
    pub fn message_key(self) -> &'static str {
        match self {
            FieldError::Required => "network-error-required",
            FieldError::UnknownChoice => "network-error-unknown-choice",
            FieldError::UnknownDistrict => "network-error-unknown-district",
            FieldError::TooLong { .. } => "network-error-too-long",
            FieldError::ControlCharacter => "network-error-control-character",
            FieldError::EmailInvalid => "network-error-email",
            FieldError::PhoneInvalid => "network-error-phone",
            FieldError::Date(e) => e.message_key(),
            FieldError::DateInFuture => "network-error-date-in-future",
            FieldError::NumberOutOfRange { .. } => "network-error-number",
            FieldError::BeforeSession => "network-error-before-session",
            FieldError::LooksPersonal => "network-error-looks-personal",
            FieldError::PersonalDetail(_) => "network-error-personal-detail",
            FieldError::UnknownPerson => "network-error-unknown-person",
            FieldError::UnknownAccount => "network-error-unknown-account",
            FieldError::UnknownSignal => "network-error-unknown-signal",
        }
    }

    /// The arguments of the message.
    pub fn args(self) -> Vec<(&'static str, String)> {
        match self {
            FieldError::TooLong { max, len } => {
                vec![("max", max.to_string()), ("len", len.to_string())]
            }
            FieldError::NumberOutOfRange { min, max } => {
                vec![("min", min.to_string()), ("max", max.to_string())]
            }
            FieldError::PersonalDetail(d) => d.args(),
            _ => Vec::new(),
        }
    }
}

impl From<ContactError> for FieldError {
    fn from(e: ContactError) -> Self {
        match e {
            ContactError::TooLong { max, len } => FieldError::TooLong { max, len },
            ContactError::ControlCharacter => FieldError::ControlCharacter,
            ContactError::EmailInvalid => FieldError::EmailInvalid,
            ContactError::PhoneInvalid => FieldError::PhoneInvalid,
            ContactError::Date(d) => FieldError::Date(d),
            ContactError::DateInFuture => FieldError::DateInFuture,
            ContactError::UnknownChoice => FieldError::UnknownChoice,
            _ => FieldError::Required,
        }
    }
}

/// Refused fields: (field name, why), in form order.
pub type FieldErrors = Vec<(&'static str, FieldError)>;

/// Optional free text: trimmed, bounded, no control characters; `None` when empty.
pub fn text(input: &str, max: usize) -> Result<Option<String>, FieldError> {
    optional_text(input, max).map_err(FieldError::from)
}

/// Required free text; a refusal is pushed under `field`.
pub(crate) fn required_text(
    input: &str,
    max: usize,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<String> {
    match text(input, max) {
        Ok(Some(t)) => Some(t),
        Ok(None) => {
            errors.push((field, FieldError::Required));
            None
        }
        Err(e) => {
            errors.push((field, e));
            None
        }
    }
}

/// A required code of a closed list; a refusal is pushed under `field`.
pub(crate) fn required_choice<T: Coded>(
    input: &str,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<T> {
    match input.trim() {
        "" => {
            errors.push((field, FieldError::Required));
            None
        }
        c => T::parse(c).or_else(|| {
            errors.push((field, FieldError::UnknownChoice));
            None
        }),
    }
}

/// A required date that is today or earlier.
pub(crate) fn past_date(
    input: &str,
    today: Date,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<Date> {
    if input.trim().is_empty() {
        errors.push((field, FieldError::Required));
        return None;
    }
    match Date::parse_dd_mm_yyyy(input) {
        Ok(d) if d > today => {
            errors.push((field, FieldError::DateInFuture));
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.push((field, FieldError::Date(e)));
            None
        }
    }
}

/// A reference person as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonInput<'a> {
    pub name: &'a str,
    pub organisation: &'a str,
    /// One of [`LifeDomain`].
    pub life_domain: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    /// The id of an account with the reference-person role, or empty.
    pub account: &'a str,
    pub active: bool,
    /// `dd/mm/yyyy` or empty: in the network since.
    pub since: &'a str,
}

/// A reference person that passed every rule.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedPerson {
    pub name: String,
    pub organisation: String,
    pub life_domain: LifeDomain,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub account: Option<String>,
    pub active: bool,
    pub since: Option<Date>,
}

impl fmt::Debug for ParsedPerson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print who it is, not even in a test failure.
        f.debug_struct("ParsedPerson")
            .field("life_domain", &self.life_domain)
            .field("has_email", &self.email.is_some())
            .field("has_phone", &self.phone.is_some())
            .field("linked", &self.account.is_some())
            .field("active", &self.active)
            .field("since", &self.since)
            .finish_non_exhaustive()
    }
}

/// Parses a reference person. `reference_accounts` are the ids of the
/// tenant's accounts with the reference-person role that may be linked.
pub fn parse_person(
    input: &PersonInput<'_>,
    reference_accounts: &[String],
    today: Date,
) -> Result<ParsedPerson, FieldErrors> {
    let mut errors = FieldErrors::new();
    let name = required_text(input.name, NAME_MAX_CHARS, "name", &mut errors);
    let organisation = required_text(
        input.organisation,
        NAME_MAX_CHARS,
        "organisation",
        &mut errors,
    );
    let life_domain = required_choice::<LifeDomain>(input.life_domain, "life_domain", &mut errors);
    let email = parse_email(input.email)
        .map_err(|e| errors.push(("email", e.into())))
        .ok()
        .flatten();
    let phone = parse_phone(input.phone)
        .map_err(|e| errors.push(("phone", e.into())))
        .ok()
        .flatten();
    let account = match input.account.trim() {
        "" => None,
        a if reference_accounts.iter().any(|r| r == a) => Some(a.to_owned()),
        _ => {
            errors.push(("account", FieldError::UnknownAccount));
            None
        }
    };
    let since = if input.since.trim().is_empty() {
        None
    } else {
        past_date(input.since, today, "since", &mut errors)
    };
    match (name, organisation, life_domain) {
        (Some(name), Some(organisation), Some(life_domain)) if errors.is_empty() => {
            Ok(ParsedPerson {
                name,
                organisation,
                life_domain,
                email,
                phone,
                account,
                active: input.active,
                since,
            })
        }
        _ => Err(errors),
    }
}

/// `d` moved `years` years on; 29 February becomes 28 February in a year
/// without it.
pub fn add_years(d: Date, years: u16) -> Option<Date> {
    let y = d.year().checked_add(years)?;
    Date::new(y, d.month(), d.day())
        .or_else(|_| Date::new(y, d.month(), 28))
        .ok()
}

/// A session a person took part in: its kind, date and their attendance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Participation {
    pub kind: TrainingKind,
    pub date: Date,
    pub attendance: Attendance,
}

/// What training is due for a reference person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainingDue {
    /// No longer active in the network: nothing is due.
    Inactive,
    /// Never attended the basic training (the 2016 training or the two-day
    /// training): it is due now.
    BasicDue,
    /// The last reference-person training (on `last`) is more than
    /// [`REFRESHER_YEARS`] ago: a refresher has been due since `due_since`.
    RefresherDue { last: Date, due_since: Date },
    /// Trained; the next refresher is due on `next_due`.
    UpToDate { last: Date, next_due: Date },
}

impl TrainingDue {
    /// A stable code: `inactive`, `basic_due`, `refresher_due`, `up_to_date`.
    pub fn code(self) -> &'static str {
        match self {
            TrainingDue::Inactive => "inactive",
            TrainingDue::BasicDue => "basic_due",
            TrainingDue::RefresherDue { .. } => "refresher_due",
            TrainingDue::UpToDate { .. } => "up_to_date",
        }
    }

    /// Something is due now.
    pub fn is_due(self) -> bool {
        matches!(
            self,
            TrainingDue::BasicDue | TrainingDue::RefresherDue { .. }
        )
    }
}

/// The rule: only sessions of the network ([`TrainingKind::is_reference_training`])
/// that the person attended (present) and that took place (on or before
/// `today`) count. Without a basic training, the basic training is due;
/// with it, a refresher is due [`REFRESHER_YEARS`] after the last
/// reference-person training attended. Inactive persons have nothing due.
pub fn training_due(active: bool, followed: &[Participation], today: Date) -> TrainingDue {
    if !active {
        return TrainingDue::Inactive;
    }
    let attended = followed.iter().filter(|p| {
        p.kind.is_reference_training() && p.attendance == Attendance::Present && p.date <= today
    });
    let mut has_basic = false;
    let mut last: Option<Date> = None;
    for p in attended {
        has_basic |= p.kind.is_basic();
        last = Some(last.map_or(p.date, |l| l.max(p.date)));
    }
    match last {
        Some(last) if has_basic => {
            let next = add_years(last, REFRESHER_YEARS).unwrap_or(last);
            if next <= today {
                TrainingDue::RefresherDue {
                    last,
                    due_since: next,
                }
            } else {
                TrainingDue::UpToDate {
                    last,
                    next_due: next,
                }
            }
        }
        _ => TrainingDue::BasicDue,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use proptest::prelude::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn today() -> Date {
        d(2026, 11, 28)
    }

    fn p(kind: TrainingKind, date: Date, attendance: Attendance) -> Participation {
        Participation {
            kind,
            date,
            attendance,
        }
    }

    #[test]
    fn without_the_basic_training_it_is_due() {
        assert_eq!(training_due(true, &[], today()), TrainingDue::BasicDue);
        // Continuing development alone is not the basic training.
        let only_continuing = [p(
            TrainingKind::ReferenceContinuing,
            d(2026, 3, 1),
            Attendance::Present,
        )];
        assert_eq!(
            training_due(true, &only_continuing, today()),
            TrainingDue::BasicDue
        );
        // Staff and expert trainings do not count for the network.
        let staff = [p(
            TrainingKind::StaffAwareness,
            d(2026, 3, 1),
            Attendance::Present,
        )];
        assert_eq!(training_due(true, &staff, today()), TrainingDue::BasicDue);
    }

    #[test]
    fn only_attended_sessions_that_took_place_count() {
        for a in [
            Attendance::Absent,
            Attendance::Excused,
            Attendance::Registered,
        ] {
            let s = [p(TrainingKind::ReferenceTwoDay, d(2026, 10, 12), a)];
            assert_eq!(
                training_due(true, &s, today()),
                TrainingDue::BasicDue,
                "{a:?}"
            );
        }
        let planned = [p(
            TrainingKind::ReferenceTwoDay,
            d(2027, 1, 15),
            Attendance::Present,
        )];
        assert_eq!(training_due(true, &planned, today()), TrainingDue::BasicDue);
    }

    #[test]
    fn a_refresher_is_due_three_years_after_the_last_training() {
        let trained_2016 = [p(
            TrainingKind::Reference2016,
            d(2016, 5, 10),
            Attendance::Present,
        )];
        assert_eq!(
            training_due(true, &trained_2016, today()),
            TrainingDue::RefresherDue {
                last: d(2016, 5, 10),
                due_since: d(2019, 5, 10)
            }
        );
        // The two-day training this year brings the person up to date.
        let mut both = trained_2016.to_vec();
        both.push(p(
            TrainingKind::ReferenceTwoDay,
            d(2026, 10, 12),
            Attendance::Present,
        ));
        assert_eq!(
            training_due(true, &both, today()),
            TrainingDue::UpToDate {
                last: d(2026, 10, 12),
                next_due: d(2029, 10, 12)
            }
        );
        // Continuing development after the basic training also counts as the last.
        let later = [
            p(
                TrainingKind::Reference2016,
                d(2016, 5, 10),
                Attendance::Present,
            ),
            p(
                TrainingKind::ReferenceContinuing,
                d(2024, 2, 1),
                Attendance::Present,
            ),
        ];
        assert_eq!(
            training_due(true, &later, today()),
            TrainingDue::UpToDate {
                last: d(2024, 2, 1),
                next_due: d(2027, 2, 1)
            }
        );
        // Exactly three years on, it is due that day.
        let edge = [p(
            TrainingKind::ReferenceTwoDay,
            d(2023, 11, 28),
            Attendance::Present,
        )];
        assert!(training_due(true, &edge, today()).is_due());
        let day_after = [p(
            TrainingKind::ReferenceTwoDay,
            d(2023, 11, 29),
            Attendance::Present,
        )];
        assert!(!training_due(true, &day_after, today()).is_due());
    }

    #[test]
    fn an_inactive_person_has_nothing_due() {
        assert_eq!(training_due(false, &[], today()), TrainingDue::Inactive);
        assert!(!TrainingDue::Inactive.is_due());
        assert_eq!(TrainingDue::BasicDue.code(), "basic_due");
    }

    #[test]
    fn leap_days_move_to_the_28th() {
        assert_eq!(add_years(d(2024, 2, 29), 3), Some(d(2027, 2, 28)));
        assert_eq!(add_years(d(2024, 2, 29), 4), Some(d(2028, 2, 29)));
        assert_eq!(add_years(d(9998, 1, 1), 3), None);
    }

    fn person<'a>() -> PersonInput<'a> {
        PersonInput {
            name: "Fictieve Leerkracht",
            organisation: "Fictieve school",
            life_domain: "education",
            email: "leerkracht@example.be",
            phone: "03 123 45 67",
            account: "",
            active: true,
            since: "01/09/2016",
        }
    }

    #[test]
    fn a_person_parses_and_every_field_is_checked() {
        let accounts = vec!["acc-1".to_owned()];
        let ok = parse_person(&person(), &accounts, today()).unwrap();
        assert_eq!(ok.life_domain, LifeDomain::Education);
        assert_eq!(ok.since, Some(d(2016, 9, 1)));
        // Debug never shows the name.
        assert!(!format!("{ok:?}").contains("Leerkracht"));
        let mut i = person();
        i.account = "acc-1";
        assert_eq!(
            parse_person(&i, &accounts, today())
                .unwrap()
                .account
                .as_deref(),
            Some("acc-1")
        );
        let long = "x".repeat(NAME_MAX_CHARS + 1);
        let bad = PersonInput {
            name: "",
            organisation: &long,
            life_domain: "politics",
            email: "not-an-address",
            phone: "call me",
            account: "acc-2",
            active: true,
            since: "01/01/2030",
        };
        let e = parse_person(&bad, &accounts, today()).unwrap_err();
        assert_eq!(
            e,
            vec![
                ("name", FieldError::Required),
                (
                    "organisation",
                    FieldError::TooLong {
                        max: NAME_MAX_CHARS,
                        len: NAME_MAX_CHARS + 1
                    }
                ),
                ("life_domain", FieldError::UnknownChoice),
                ("email", FieldError::EmailInvalid),
                ("phone", FieldError::PhoneInvalid),
                ("account", FieldError::UnknownAccount),
                ("since", FieldError::DateInFuture),
            ]
        );
    }

    proptest! {
        #[test]
        fn due_never_panics_and_attending_the_two_day_training_today_is_up_to_date(
            days in proptest::collection::vec(0i64..6000, 0..8),
        ) {
            let base = d(2010, 1, 1);
            let mut s: Vec<Participation> = days
                .iter()
                .map(|n| p(
                    TrainingKind::ALL[(*n as usize) % TrainingKind::ALL.len()],
                    base.add_days(*n).unwrap(),
                    Attendance::ALL[(*n as usize) % Attendance::ALL.len()],
                ))
                .collect();
            let _ = training_due(true, &s, today());
            s.push(p(TrainingKind::ReferenceTwoDay, today(), Attendance::Present));
            prop_assert!(!training_due(true, &s, today()).is_due());
        }

        #[test]
        fn person_parsing_never_panics(name in ".{0,300}", email in ".{0,60}", phone in ".{0,40}") {
            let i = PersonInput { name: &name, email: &email, phone: &phone, ..person() };
            let _ = parse_person(&i, &[], today());
        }
    }
}
