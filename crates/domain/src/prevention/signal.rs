//! Signals (signaalfunctie, plan "Preventie" 1 and 2): observations about
//! trends and groups that the contact point, reference persons, the working
//! group, the police and partners pass to the expert, so that current needs
//! and tendencies are mapped (theme, life domain, district, month).
//!
//! A signal is about trends and groups, never about a named person: a
//! concern about a person is a contact for the expert, who may refer it to
//! the LIVC-R. Software cannot tell a name from any other word, so
//! [`description_hints`] only points at what *looks like* a name, an e-mail
//! address or an identifying number, and the submitter confirms or rewrites.

use std::collections::BTreeMap;
use std::fmt;

use super::coded::{Coded, coded_enum};
use super::contact::{ContactError, optional_text};
use super::theme::Theme;
use crate::Role;
use crate::case::Date;

/// Longest description, in characters.
pub const DESCRIPTION_MAX_CHARS: usize = 2000;

coded_enum!(
    /// The life domain (levensdomein) where the signal was picked up.
    LifeDomain {
        Education => "education",
        Youth => "youth",
        Sport => "sport",
        Work => "work",
        Care => "care",
        Online => "online",
        /// The neighbourhood (wijk, buurt).
        Neighbourhood => "neighbourhood",
    }
);

coded_enum!(
    /// How serious the submitter judges the signal.
    Severity {
        Low => "low",
        Medium => "medium",
        High => "high",
    }
);

coded_enum!(
    /// Who passed the signal on.
    SignalSource {
        /// The contact point (entered by the expert, often from a contact).
        ContactPoint => "contact_point",
        ReferencePerson => "reference_person",
        /// The working group on polarisation.
        WorkingGroup => "working_group",
        Police => "police",
        Partner => "partner",
    }
);

impl SignalSource {
    /// The source of a signal passed by someone other than the expert
    /// follows from who they are; the expert chooses (`None`).
    pub fn of_submitter(role: Role, is_police: bool) -> Option<SignalSource> {
        match role {
            Role::Reference => Some(SignalSource::ReferencePerson),
            Role::Partner if is_police => Some(SignalSource::Police),
            Role::Partner => Some(SignalSource::Partner),
            _ => None,
        }
    }
}

/// Why a signal field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalError {
    /// A value outside the closed list.
    UnknownChoice,
    /// A required choice left open.
    Required,
    /// A district that is not one of the profile's.
    UnknownDistrict,
    DescriptionRequired,
    /// Too long, bad characters, an unreadable date, a date in the future.
    Field(ContactError),
    /// The description looks like it holds a name, an address or a number
    /// that identifies someone; the submitter rewrites it or confirms.
    LooksPersonal,
}

impl SignalError {
    pub fn code(self) -> &'static str {
        match self {
            SignalError::UnknownChoice => "unknown_choice",
            SignalError::Required => "required",
            SignalError::UnknownDistrict => "unknown_district",
            SignalError::DescriptionRequired => "description_required",
            SignalError::Field(e) => e.code(),
            SignalError::LooksPersonal => "looks_personal",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            SignalError::UnknownChoice => "contact-error-unknown-choice",
            SignalError::Required => "signal-error-required",
            SignalError::UnknownDistrict => "signal-error-unknown-district",
            SignalError::DescriptionRequired => "signal-error-description-required",
            SignalError::Field(e) => e.message_key(),
            SignalError::LooksPersonal => "signal-error-looks-personal",
        }
    }

    pub fn args(self) -> Vec<(&'static str, String)> {
        match self {
            SignalError::Field(e) => e.args(),
            _ => Vec::new(),
        }
    }
}

/// Refused fields: (field name, why), in form order.
pub type SignalErrors = Vec<(&'static str, SignalError)>;

/// What in a description looks like it points at a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Hint {
    /// Something shaped like an e-mail address.
    EmailAddress,
    /// A run of nine or more digits: a phone or national register number.
    IdentifyingNumber,
    /// Two capitalised words in a row inside a sentence, as names are written
    /// (also place and organisation names: a hint, not a finding).
    CapitalisedWords,
}

impl Hint {
    pub fn code(self) -> &'static str {
        match self {
            Hint::EmailAddress => "email_address",
            Hint::IdentifyingNumber => "identifying_number",
            Hint::CapitalisedWords => "capitalised_words",
        }
    }
}

fn capitalised(word: &str) -> bool {
    let mut cs = word.chars();
    match cs.next() {
        Some(first) if first.is_uppercase() => {
            let rest: Vec<char> = cs.collect();
            !rest.is_empty()
                && rest
                    .iter()
                    .all(|c| c.is_lowercase() || *c == '-' || *c == '\'')
        }
        _ => false,
    }
}

/// Points at what in `text` looks like it could identify a person. It does
/// not and cannot detect names: it flags shapes, so the submitter looks again.
pub fn description_hints(text: &str) -> Vec<Hint> {
    let mut hints = Vec::new();
    // E-mail: a word with an `@` and a dot after it.
    if text.split_whitespace().any(|w| {
        w.split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
    }) {
        hints.push(Hint::EmailAddress);
    }
    // Numbers: digits with the separators people type inside phone numbers.
    let mut run = 0usize;
    let mut longest = 0usize;
    for c in text.chars() {
        if c.is_ascii_digit() {
            run += 1;
            longest = longest.max(run);
        } else if !matches!(c, ' ' | '.' | '-' | '+' | '(' | ')') {
            run = 0;
        }
    }
    if longest >= 9 {
        hints.push(Hint::IdentifyingNumber);
    }
    // Two capitalised words in a row, the first not opening a sentence.
    let mut sentence_start = true;
    let mut previous_capitalised = false;
    for raw in text.split_whitespace() {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'');
        let cap = capitalised(word);
        if cap && previous_capitalised {
            hints.push(Hint::CapitalisedWords);
            break;
        }
        previous_capitalised = cap && !sentence_start;
        sentence_start = raw.ends_with(['.', '!', '?', ':']);
    }
    hints
}

/// A signal as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct SignalInput<'a> {
    pub theme: &'a str,
    pub life_domain: &'a str,
    /// A district slug of the profile, or empty (the whole city, online, unknown).
    pub district: &'a str,
    /// `dd/mm/yyyy`: when it was observed.
    pub date: &'a str,
    pub severity: &'a str,
    pub description: &'a str,
    /// The expert's choice of source; ignored for everyone else.
    pub source: &'a str,
    /// The submitter confirms the description names no one, despite hints.
    pub confirm_no_person: bool,
}

/// A signal that passed every rule.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedSignal {
    pub theme: Theme,
    pub life_domain: LifeDomain,
    pub district: Option<String>,
    pub date: Date,
    pub severity: Severity,
    pub description: String,
    pub source: SignalSource,
}

impl fmt::Debug for ParsedSignal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParsedSignal")
            .field("theme", &self.theme)
            .field("life_domain", &self.life_domain)
            .field("district", &self.district)
            .field("date", &self.date)
            .field("severity", &self.severity)
            .field(
                "description",
                &format_args!("<{} chars>", self.description.chars().count()),
            )
            .field("source", &self.source)
            .finish()
    }
}

/// Who submits, for the source rule.
#[derive(Debug, Clone, Copy)]
pub struct Submitter {
    pub role: Role,
    /// Their organisation is the police.
    pub is_police: bool,
}

fn required<T: Coded>(input: &str, field: &'static str, errors: &mut SignalErrors) -> Option<T> {
    match input.trim() {
        "" => {
            errors.push((field, SignalError::Required));
            None
        }
        c => T::parse(c).or_else(|| {
            errors.push((field, SignalError::UnknownChoice));
            None
        }),
    }
}

/// Parses a signal. `districts` are the slugs of the profile's districts;
/// `today` bounds the date. Everything refused is reported at once; hints in
/// the description refuse it until the submitter confirms.
pub fn parse_signal(
    input: &SignalInput<'_>,
    who: Submitter,
    districts: &[String],
    today: Date,
) -> Result<ParsedSignal, SignalErrors> {
    let mut errors = SignalErrors::new();
    let theme = required::<Theme>(input.theme, "theme", &mut errors);
    let life_domain = required::<LifeDomain>(input.life_domain, "life_domain", &mut errors);
    let district = match input.district.trim() {
        "" => None,
        d if districts.iter().any(|x| x == d) => Some(d.to_owned()),
        _ => {
            errors.push(("district", SignalError::UnknownDistrict));
            None
        }
    };
    let date = match Date::parse_dd_mm_yyyy(input.date) {
        Ok(d) if d > today => {
            errors.push(("date", SignalError::Field(ContactError::DateInFuture)));
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(("date", SignalError::Field(ContactError::Date(e))));
            None
        }
    };
    let severity = required::<Severity>(input.severity, "severity", &mut errors);
    let description = match optional_text(input.description, DESCRIPTION_MAX_CHARS) {
        Ok(Some(d)) => {
            if !input.confirm_no_person && !description_hints(&d).is_empty() {
                errors.push(("description", SignalError::LooksPersonal));
            }
            Some(d)
        }
        Ok(None) => {
            errors.push(("description", SignalError::DescriptionRequired));
            None
        }
        Err(e) => {
            errors.push(("description", SignalError::Field(e)));
            None
        }
    };
    let source = match SignalSource::of_submitter(who.role, who.is_police) {
        Some(s) => Some(s),
        None => match input.source.trim() {
            "" => Some(SignalSource::ContactPoint),
            c => SignalSource::parse(c).or_else(|| {
                errors.push(("source", SignalError::UnknownChoice));
                None
            }),
        },
    };
    match (theme, life_domain, date, severity, description, source) {
        (
            Some(theme),
            Some(life_domain),
            Some(date),
            Some(severity),
            Some(description),
            Some(source),
        ) if errors.is_empty() => Ok(ParsedSignal {
            theme,
            life_domain,
            district,
            date,
            severity,
            description,
            source,
        }),
        _ => Err(errors),
    }
}

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    pub year: u16,
    /// 1 to 12.
    pub month: u8,
}

impl Month {
    pub fn of(d: Date) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    /// The month before.
    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year.saturating_sub(1),
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// `11/2026`, as a Belgian reads it.
    pub fn label(self) -> String {
        format!("{:02}/{}", self.month, self.year)
    }

    /// `2026-11`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
}

/// Signals counted per month and theme: the trend the expert follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    /// The months shown, oldest first.
    pub months: Vec<Month>,
    /// `counts[i][j]`: signals in `months[i]` about `Theme::ALL[j]`.
    pub counts: Vec<Vec<u32>>,
    /// Per theme, over all months shown.
    pub theme_totals: Vec<u32>,
    /// Per month, over all themes.
    pub month_totals: Vec<u32>,
}

/// Counts `signals` (date observed, theme) for the `months` months that end
/// with `last`; signals outside them are not counted.
pub fn trend(
    signals: impl IntoIterator<Item = (Date, Theme)>,
    last: Month,
    months: usize,
) -> Trend {
    let mut shown = Vec::with_capacity(months);
    let mut m = last;
    for _ in 0..months {
        shown.push(m);
        m = m.previous();
    }
    shown.reverse();
    let index: BTreeMap<Month, usize> = shown.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let themes = Theme::ALL;
    let mut counts = vec![vec![0u32; themes.len()]; shown.len()];
    for (date, theme) in signals {
        if let (Some(i), Some(j)) = (
            index.get(&Month::of(date)),
            themes.iter().position(|t| *t == theme),
        ) {
            counts[*i][j] += 1;
        }
    }
    let theme_totals = (0..themes.len())
        .map(|j| counts.iter().map(|row| row[j]).sum())
        .collect();
    let month_totals = counts.iter().map(|row| row.iter().sum()).collect();
    Trend {
        months: shown,
        counts,
        theme_totals,
        month_totals,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    fn today() -> Date {
        Date::new(2026, 11, 28).unwrap()
    }

    fn input<'a>() -> SignalInput<'a> {
        SignalInput {
            theme: "conspiracy_thinking",
            life_domain: "education",
            district: "nieuwkerken",
            date: "20/11/2026",
            severity: "medium",
            description: "In meerdere klassen van het tweede jaar circuleren complotfilmpjes over vaccins.",
            source: "",
            confirm_no_person: false,
        }
    }

    fn districts() -> Vec<String> {
        vec!["nieuwkerken".into(), "belsele".into()]
    }

    const REFERENCE: Submitter = Submitter {
        role: Role::Reference,
        is_police: false,
    };

    #[test]
    fn a_reference_person_passes_a_signal() {
        let s = parse_signal(&input(), REFERENCE, &districts(), today()).unwrap();
        assert_eq!(s.theme, Theme::ConspiracyThinking);
        assert_eq!(s.life_domain, LifeDomain::Education);
        assert_eq!(s.district.as_deref(), Some("nieuwkerken"));
        assert_eq!(s.severity, Severity::Medium);
        assert_eq!(s.source, SignalSource::ReferencePerson);
    }

    #[test]
    fn the_source_follows_from_the_submitter_except_for_the_expert() {
        let mut i = input();
        i.source = "working_group";
        let police = Submitter {
            role: Role::Partner,
            is_police: true,
        };
        assert_eq!(
            parse_signal(&i, police, &districts(), today())
                .unwrap()
                .source,
            SignalSource::Police
        );
        let partner = Submitter {
            role: Role::Partner,
            is_police: false,
        };
        assert_eq!(
            parse_signal(&i, partner, &districts(), today())
                .unwrap()
                .source,
            SignalSource::Partner
        );
        assert_eq!(
            parse_signal(&i, REFERENCE, &districts(), today())
                .unwrap()
                .source,
            SignalSource::ReferencePerson
        );
        let expert = Submitter {
            role: Role::Expert,
            is_police: false,
        };
        assert_eq!(
            parse_signal(&i, expert, &districts(), today())
                .unwrap()
                .source,
            SignalSource::WorkingGroup
        );
        i.source = "";
        assert_eq!(
            parse_signal(&i, expert, &districts(), today())
                .unwrap()
                .source,
            SignalSource::ContactPoint
        );
        i.source = "rumour";
        assert_eq!(
            parse_signal(&i, expert, &districts(), today()).unwrap_err(),
            vec![("source", SignalError::UnknownChoice)]
        );
    }

    #[test]
    fn every_field_is_checked() {
        let i = SignalInput {
            theme: "",
            life_domain: "space",
            district: "atlantis",
            date: "01/12/2026",
            severity: "",
            description: "",
            source: "",
            confirm_no_person: false,
        };
        let e = parse_signal(&i, REFERENCE, &districts(), today()).unwrap_err();
        assert_eq!(
            e,
            vec![
                ("theme", SignalError::Required),
                ("life_domain", SignalError::UnknownChoice),
                ("district", SignalError::UnknownDistrict),
                ("date", SignalError::Field(ContactError::DateInFuture)),
                ("severity", SignalError::Required),
                ("description", SignalError::DescriptionRequired),
            ]
        );
        let mut i = input();
        i.district = "";
        assert_eq!(
            parse_signal(&i, REFERENCE, &districts(), today())
                .unwrap()
                .district,
            None
        );
        let long = "x".repeat(DESCRIPTION_MAX_CHARS + 1);
        i.description = &long;
        assert_eq!(
            parse_signal(&i, REFERENCE, &districts(), today()).unwrap_err()[0]
                .1
                .code(),
            "too_long"
        );
    }

    #[test]
    fn hints_point_at_what_looks_personal_and_the_submitter_confirms() {
        assert_eq!(
            description_hints("Jongeren delen memes in de jeugdhuizen."),
            vec![]
        );
        assert_eq!(
            description_hints("Mail naar iemand@example.be voor meer."),
            vec![Hint::EmailAddress]
        );
        assert_eq!(
            description_hints("Belde vanaf 0470 12 34 56 over het voorval."),
            vec![Hint::IdentifyingNumber]
        );
        assert_eq!(
            description_hints("Het gaat om 85.07.30-033.61 volgens de school."),
            vec![Hint::IdentifyingNumber]
        );
        // Dates and years are not numbers that identify someone.
        assert_eq!(
            description_hints("Sinds 12/03/2026 en in 2025 2026 vaker."),
            vec![]
        );
        assert_eq!(
            description_hints("Volgens de leerkracht zegt Jan Peeters dat vaak."),
            vec![Hint::CapitalisedWords]
        );
        // A sentence opening with a capital, followed by a capitalised word, is
        // not by itself a hint.
        assert_eq!(description_hints("Online. Jongeren delen dit."), vec![]);

        let mut i = input();
        i.description = "Volgens de leerkracht zegt Jan Peeters dat vaak.";
        assert_eq!(
            parse_signal(&i, REFERENCE, &districts(), today()).unwrap_err(),
            vec![("description", SignalError::LooksPersonal)]
        );
        i.confirm_no_person = true;
        assert!(parse_signal(&i, REFERENCE, &districts(), today()).is_ok());
    }

    #[test]
    fn trends_count_per_month_and_theme() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        let t = trend(
            [
                (d(2026, 11, 3), Theme::FakeNews),
                (d(2026, 11, 20), Theme::FakeNews),
                (d(2026, 10, 1), Theme::Polarisation),
                (d(2026, 1, 15), Theme::HateSpeech),
                // Outside the window.
                (d(2025, 11, 30), Theme::FakeNews),
            ],
            Month {
                year: 2026,
                month: 11,
            },
            12,
        );
        assert_eq!(t.months.len(), 12);
        assert_eq!(
            t.months[0],
            Month {
                year: 2025,
                month: 12
            }
        );
        assert_eq!(t.months[11].label(), "11/2026");
        let fake = Theme::ALL
            .iter()
            .position(|x| *x == Theme::FakeNews)
            .unwrap();
        assert_eq!(t.counts[11][fake], 2);
        assert_eq!(t.theme_totals[fake], 2);
        assert_eq!(t.month_totals[10], 1);
        assert_eq!(t.month_totals.iter().sum::<u32>(), 4);
    }

    proptest! {
        #[test]
        fn hints_never_panic(text in ".{0,400}") {
            let _ = description_hints(&text);
        }

        #[test]
        fn every_counted_signal_is_in_one_cell(days in proptest::collection::vec(0i64..800, 0..50)) {
            let base = Date::new(2025, 1, 1).unwrap();
            let signals: Vec<(Date, Theme)> = days
                .iter()
                .map(|n| (base.add_days(*n).unwrap(), Theme::ALL[(*n as usize) % Theme::ALL.len()]))
                .collect();
            let last = Month { year: 2026, month: 6 };
            let t = trend(signals.clone(), last, 12);
            let inside = signals
                .iter()
                .filter(|(d, _)| t.months.contains(&Month::of(*d)))
                .count() as u32;
            prop_assert_eq!(t.month_totals.iter().sum::<u32>(), inside);
            prop_assert_eq!(t.theme_totals.iter().sum::<u32>(), inside);
        }
    }
}
