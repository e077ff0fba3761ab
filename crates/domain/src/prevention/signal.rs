//! Signals (signaalfunctie, plan "Preventie" 1 and 2): observations about
//! trends and groups that the contact point, reference persons, the working
//! group, the police and partners pass to the expert, so that current needs
//! and tendencies are mapped (theme, life domain, district, month).
//!
//! A signal is about trends and groups, never about a named person: a
//! concern about a person is a contact for the expert, who may refer it to
//! the LIVC-R. [`description_hints`] points at what *looks like* it
//! identifies someone, and [`check_person`] is the rule (shared with the
//! register of social tensions): an e-mail address or an identifying number
//! (phone, national register, account number) is refused outright, since no
//! group has one; what only looks like a name or an individual's account
//! (software cannot tell a name from any other word) is refused until the
//! submitter rewrites the text or confirms that no one is recognisable.

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
    /// The description looks like it holds a name or an individual's
    /// account; the submitter rewrites it or confirms.
    LooksPersonal,
    /// The description holds an e-mail address or an identifying number:
    /// refused whatever the submitter confirms.
    PersonalDetail(PersonalDetail),
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
            SignalError::PersonalDetail(_) => "personal_detail",
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
            SignalError::PersonalDetail(_) => "signal-error-personal-detail",
        }
    }

    pub fn args(self) -> Vec<(&'static str, String)> {
        match self {
            SignalError::Field(e) => e.args(),
            SignalError::PersonalDetail(d) => d.args(),
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
    /// A phone number, a national register number or an account number.
    IdentifyingNumber,
    /// Two capitalised words in a row, as names are written (also place and
    /// organisation names: a hint, not a finding).
    CapitalisedWords,
    /// A lone `@handle`: the account of one person on social media (a
    /// channel's name, "Telegramgroep X", is not one).
    SocialHandle,
}

impl Hint {
    pub fn code(self) -> &'static str {
        match self {
            Hint::EmailAddress => "email_address",
            Hint::IdentifyingNumber => "identifying_number",
            Hint::CapitalisedWords => "capitalised_words",
            Hint::SocialHandle => "social_handle",
        }
    }

    /// Only one person has it: refused, whatever the submitter confirms.
    pub fn is_personal_detail(self) -> bool {
        matches!(self, Hint::EmailAddress | Hint::IdentifyingNumber)
    }
}

/// What a text holds that only an individual has; it may never be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonalDetail {
    EmailAddress,
    IdentifyingNumber,
    Both,
}

impl PersonalDetail {
    /// From the hints of a text; `None` when it holds neither.
    pub fn of(hints: &[Hint]) -> Option<PersonalDetail> {
        let email = hints.contains(&Hint::EmailAddress);
        let number = hints.contains(&Hint::IdentifyingNumber);
        match (email, number) {
            (true, true) => Some(PersonalDetail::Both),
            (true, false) => Some(PersonalDetail::EmailAddress),
            (false, true) => Some(PersonalDetail::IdentifyingNumber),
            (false, false) => None,
        }
    }

    /// The `what` of the message: `email`, `number` or `both`.
    pub fn code(self) -> &'static str {
        match self {
            PersonalDetail::EmailAddress => "email",
            PersonalDetail::IdentifyingNumber => "number",
            PersonalDetail::Both => "both",
        }
    }

    /// The arguments of the translated message (it names what to remove).
    pub fn args(self) -> Vec<(&'static str, String)> {
        vec![("what", self.code().to_owned())]
    }
}

/// Why a text failed the person rule ([`check_person`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonFinding {
    /// An e-mail address or an identifying number: refused outright.
    Detail(PersonalDetail),
    /// Looks like a name or an individual's account, and not confirmed.
    NameLike,
}

/// The person rule of signals and of the register of social tensions: a
/// text may not hold an e-mail address or an identifying number, confirmed
/// or not; what looks like a name or an individual's account passes only
/// once the writer `confirmed` that no one is recognisable.
pub fn check_person(text: &str, confirmed: bool) -> Result<(), PersonFinding> {
    let hints = description_hints(text);
    if let Some(d) = PersonalDetail::of(&hints) {
        return Err(PersonFinding::Detail(d));
    }
    if !confirmed && hints.iter().any(|h| !h.is_personal_detail()) {
        return Err(PersonFinding::NameLike);
    }
    Ok(())
}

/// Only the part of the rule that no confirmation passes: `Some` when the
/// text holds an e-mail address or an identifying number.
pub fn personal_detail(text: &str) -> Option<PersonalDetail> {
    PersonalDetail::of(&description_hints(text))
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

/// Words that open a sentence with a capital only because they open it
/// (articles, prepositions, pronouns, conjunctions, a few adverbs; Dutch,
/// French, English). After one of them a capitalised word is one name, not
/// two words of a name: "In Nieuwkerken", "De Klinker".
const SENTENCE_OPENERS: &[&str] = &[
    // Dutch
    "de",
    "het",
    "een",
    "deze",
    "dit",
    "die",
    "dat",
    "in",
    "op",
    "aan",
    "bij",
    "van",
    "voor",
    "na",
    "naar",
    "met",
    "door",
    "over",
    "onder",
    "tussen",
    "tijdens",
    "sinds",
    "volgens",
    "rond",
    "rondom",
    "via",
    "uit",
    "tegen",
    "binnen",
    "buiten",
    "zonder",
    "vanuit",
    "ook",
    "er",
    "wij",
    "we",
    "zij",
    "ze",
    "hij",
    "men",
    "ik",
    "u",
    "jij",
    "je",
    "hun",
    "onze",
    "ons",
    "mijn",
    "uw",
    "zijn",
    "haar",
    "als",
    "toen",
    "omdat",
    "maar",
    "en",
    "of",
    "want",
    "dus",
    "nu",
    "vandaag",
    "gisteren",
    "hier",
    "daar",
    "veel",
    "enkele",
    "sommige",
    "alle",
    "meerdere",
    "twee",
    "drie",
    "elke",
    "iedere",
    "geen",
    "niet",
    "nog",
    "al",
    "vooral",
    // French
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "du",
    "au",
    "aux",
    "dans",
    "sur",
    "pour",
    "avec",
    "par",
    "selon",
    "depuis",
    "chez",
    "ce",
    "cette",
    "ces",
    "il",
    "elle",
    "ils",
    "elles",
    "nous",
    "vous",
    "on",
    "et",
    "ou",
    "mais",
    "quand",
    // English
    "the",
    "a",
    "an",
    "at",
    "for",
    "with",
    "by",
    "from",
    "since",
    "according",
    "this",
    "that",
    "these",
    "those",
    "some",
    "many",
    "several",
    "they",
    "he",
    "she",
    "it",
    "our",
    "their",
    "and",
    "or",
    "but",
    "when",
];

fn is_sentence_opener(word: &str) -> bool {
    let w = word.to_lowercase();
    SENTENCE_OPENERS.contains(&w.as_str())
}

/// The digits of a number as written: groups of digits and the separators
/// between them, and the two letters glued before it (an IBAN's country).
struct NumberRun {
    groups: Vec<usize>,
    seps: Vec<char>,
    starts_with_plus: bool,
    letters_before: bool,
}

impl NumberRun {
    fn digits(&self) -> usize {
        self.groups.iter().sum()
    }

    fn first_digit_zero(&self, text: &[char], start: usize) -> bool {
        text.get(start).is_some_and(|c| *c == '0')
    }

    /// `dd/mm/yyyy` or `dd.mm.yyyy` inside: a date, never a phone number.
    fn holds_date(&self) -> bool {
        self.groups.windows(3).enumerate().any(|(i, w)| {
            w[0] <= 2
                && w[1] <= 2
                && w[2] == 4
                && matches!(self.seps.get(i), Some('/' | '.' | '-'))
                && self.seps.get(i) == self.seps.get(i + 1)
        })
    }
}

/// Whether `text` holds a number that identifies one person: a phone number
/// (starts with 0 or +, 9 to 15 digits, written with spaces, dots, dashes,
/// slashes or brackets), a national register number (11 digits, as
/// `85.07.30-033.61`, `850730-033.61` or `85073003361`), an account number
/// (`BE68 5390 0754 7034`), or nine or more digits in a row. Years, dates,
/// amounts (`1.000.000`) and counts are not.
fn has_identifying_number(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let is_sep = |c: char| matches!(c, ' ' | '.' | '-' | '/' | '(' | ')');
    let mut i = 0;
    while i < chars.len() {
        let plus = chars[i] == '+' && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if !(chars[i].is_ascii_digit() || plus) {
            i += 1;
            continue;
        }
        // Glued to a word ("A12", "x2025"): not a number on its own, unless
        // two capitals open an account number ("BE68").
        let before = |k: usize| i.checked_sub(k).and_then(|j| chars.get(j)).copied();
        let letters_before = before(1).is_some_and(|c| c.is_ascii_uppercase())
            && before(2).is_some_and(|c| c.is_ascii_uppercase())
            && !before(3).is_some_and(char::is_alphanumeric);
        if before(1).is_some_and(char::is_alphanumeric) && !letters_before {
            // Always one step on (a `+` glued to a word is not alphanumeric).
            i += 1;
            while i < chars.len() && chars[i].is_alphanumeric() {
                i += 1;
            }
            continue;
        }
        let start = if plus { i + 1 } else { i };
        let mut run = NumberRun {
            groups: Vec::new(),
            seps: Vec::new(),
            starts_with_plus: plus,
            letters_before,
        };
        let mut j = start;
        loop {
            let g = j;
            while j < chars.len() && chars[j].is_ascii_digit() {
                j += 1;
            }
            run.groups.push(j - g);
            // At most three separators between groups ("0470 / 12", "(0)470").
            let s = j;
            while j < chars.len() && j - s < 3 && is_sep(chars[j]) {
                j += 1;
            }
            if j > s && j < chars.len() && chars[j].is_ascii_digit() {
                run.seps.push(
                    chars[s..j]
                        .iter()
                        .copied()
                        .find(|c| *c != ' ')
                        .unwrap_or(' '),
                );
                continue;
            }
            j = s;
            break;
        }
        let digits = run.digits();
        let plain_long = run.groups.iter().any(|g| *g >= 9);
        let phone = (run.starts_with_plus || run.first_digit_zero(&chars, start))
            && (9..=15).contains(&digits)
            && !run.holds_date();
        let national = digits == 11
            && matches!(
                run.groups.as_slice(),
                [2, 2, 2, 3, 2] | [6, 3, 2] | [6, 5] | [11]
            );
        let account = run.letters_before && (12..=30).contains(&digits);
        if plain_long || phone || national || account {
            return true;
        }
        i = j.max(i + 1);
    }
    false
}

/// Points at what in `text` looks like it could identify a person. It does
/// not and cannot detect names: it flags shapes, so the writer looks again.
pub fn description_hints(text: &str) -> Vec<Hint> {
    let mut hints = Vec::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    // E-mail: a word with an `@` and a dot after it.
    if words.iter().any(|w| {
        w.split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
    }) {
        hints.push(Hint::EmailAddress);
    }
    if has_identifying_number(text) {
        hints.push(Hint::IdentifyingNumber);
    }
    // Two capitalised words in a row, not across the end of a sentence; a
    // sentence's first word counts unless it is a common opener.
    let mut sentence_start = true;
    let mut previous_capitalised = false;
    for raw in &words {
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'');
        let cap = capitalised(word);
        if cap && previous_capitalised {
            hints.push(Hint::CapitalisedWords);
            break;
        }
        let ends_sentence = raw.ends_with(['.', '!', '?', ':', ';']);
        previous_capitalised =
            cap && !ends_sentence && (!sentence_start || !is_sentence_opener(word));
        sentence_start = ends_sentence;
    }
    // A lone `@handle` (an e-mail address has something before the `@`).
    if words.iter().any(|w| {
        let w = w.trim_start_matches(['(', '"', '\'', '“', '‘']);
        w.strip_prefix('@').is_some_and(|h| {
            h.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
                .count()
                >= 2
        })
    }) {
        hints.push(Hint::SocialHandle);
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
/// `today` bounds the date. Everything refused is reported at once; an
/// e-mail address or an identifying number in the description is refused
/// outright, a name-like hint until the submitter confirms.
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
            match check_person(&d, input.confirm_no_person) {
                Ok(()) => {}
                Err(PersonFinding::Detail(p)) => {
                    errors.push(("description", SignalError::PersonalDetail(p)));
                }
                Err(PersonFinding::NameLike) => {
                    errors.push(("description", SignalError::LooksPersonal));
                }
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
    fn e_mail_addresses_and_numbers_are_refused_even_when_confirmed() {
        let mut i = input();
        i.confirm_no_person = true;
        for (text, what) in [
            (
                "Jongeren verspreiden filmpjes; mail jonas@example.org, 0470 99 88 77",
                PersonalDetail::Both,
            ),
            (
                "Vragen over de groep via beheerder@example.be.",
                PersonalDetail::EmailAddress,
            ),
            (
                "De groep belt vanaf 0470/99.88.77 naar de school.",
                PersonalDetail::IdentifyingNumber,
            ),
            (
                "Volgens de school gaat het om 85.07.30-033.61.",
                PersonalDetail::IdentifyingNumber,
            ),
        ] {
            i.description = text;
            assert_eq!(
                parse_signal(&i, REFERENCE, &districts(), today()).unwrap_err(),
                vec![("description", SignalError::PersonalDetail(what))],
                "{text}"
            );
            i.confirm_no_person = !i.confirm_no_person;
        }
        let e = SignalError::PersonalDetail(PersonalDetail::EmailAddress);
        assert_eq!(e.code(), "personal_detail");
        assert_eq!(e.message_key(), "signal-error-personal-detail");
        assert_eq!(e.args(), vec![("what", "email".to_owned())]);
        assert_eq!(
            SignalError::PersonalDetail(PersonalDetail::IdentifyingNumber).args(),
            vec![("what", "number".to_owned())]
        );
        // A name-like hint with an e-mail address: the address is what must go.
        assert_eq!(
            check_person("Volgens Jan Peeters: jan@example.org", true),
            Err(PersonFinding::Detail(PersonalDetail::EmailAddress))
        );
        assert_eq!(
            check_person("Volgens de school zegt Jan Peeters dat.", false),
            Err(PersonFinding::NameLike)
        );
        assert_eq!(
            check_person("Volgens de school zegt Jan Peeters dat.", true),
            Ok(())
        );
        assert_eq!(check_person("Jongeren delen memes.", false), Ok(()));
    }

    #[test]
    fn numbers_that_identify_someone_and_numbers_that_do_not() {
        for text in [
            "Bel 0470 99 88 77 voor meer.",
            "Bel 0470/99.88.77 voor meer.",
            "Bel 0470998877.",
            "Bel +32 470 99 88 77.",
            "Bel +32 (0)470 99 88 77.",
            "Bel 03 123 45 67.",
            "Bel (03) 123.45.67.",
            "Nummer 85.07.30-033.61.",
            "Nummer 850730-033.61.",
            "Nummer 85073003361.",
            "Rekening BE68 5390 0754 7034.",
        ] {
            assert_eq!(
                description_hints(text),
                vec![Hint::IdentifyingNumber],
                "{text}"
            );
        }
        for text in [
            "In 2024 2025 2026 telkens meer meldingen.",
            "Het ging om 120 150 180 berichten.",
            "Een schade van 1.250.000 euro.",
            "Sinds 12/03/2026 en 01.12.2026 vaker.",
            "Van 01/12/2025 - 05/01/2026 vaker.",
            "Open van 09.00-12.00 en 13.00-17.00.",
            "In 9100 en 9111 vooral.",
            "Klas 2A2 en lokaal B12 345.",
        ] {
            assert_eq!(description_hints(text), vec![], "{text}");
        }
    }

    #[test]
    fn names_and_handles_are_hints_but_channels_and_sentences_are_not() {
        // A name opening the text, after a colon, or after a plain opener.
        for text in [
            "Jan Peeters en zijn vrienden",
            "Mohamed El Amrani",
            "Aanjagers: Jan Peeters en anderen.",
            "Jongeren volgen Jan Peeters online.",
        ] {
            assert_eq!(
                description_hints(text),
                vec![Hint::CapitalisedWords],
                "{text}"
            );
        }
        // A lone @handle is one person's account; an e-mail address is not a handle.
        assert_eq!(
            description_hints("account @janpeeters deelt filmpjes"),
            vec![Hint::SocialHandle]
        );
        assert_eq!(
            description_hints("account @janpeeters en Jan Peeters"),
            vec![Hint::CapitalisedWords, Hint::SocialHandle]
        );
        assert_eq!(
            description_hints("via info@stad.be"),
            vec![Hint::EmailAddress]
        );
        for text in [
            "Telegramgroep X deelt oproepen.",
            "In Nieuwkerken delen jongeren memes.",
            "De Klinker organiseert een avond.",
            "Online. Jongeren delen dit.",
            "Twee lokale Facebookgroepen en een Telegramkanaal.",
            "Een @ in de tekst, of @ 20 uur.",
            "Jongeren uit twee wijken; buurtbewoners",
        ] {
            assert_eq!(description_hints(text), vec![], "{text}");
        }
        assert!(check_person("@janpeeters", false).is_err());
        assert!(check_person("@janpeeters", true).is_ok());
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

    /// A `+` glued to a word once sent the scan into an endless loop.
    #[test]
    fn a_plus_glued_to_a_word_ends() {
        assert!(!has_identifying_number("a+1"));
        assert!(!has_identifying_number("C++ en a+b+1"));
        assert!(has_identifying_number("bel +32 470 12 34 56"));
    }

    proptest! {
        #[test]
        fn hints_never_panic(text in ".{0,400}") {
            let _ = description_hints(&text);
            let _ = check_person(&text, true);
        }

        #[test]
        fn no_confirmation_passes_an_address_or_a_phone_number(
            before in "[a-zA-Z ,.]{0,60}",
            after in "[a-zA-Z ,.]{0,60}",
            local in "[a-z][a-z0-9.]{0,15}",
            domain in "[a-z]{2,12}",
            digits in "[1-9][0-9]{7}",
        ) {
            let mail = format!("{before} {local}@{domain}.be {after}");
            prop_assert!(matches!(
                check_person(&mail, true),
                Err(PersonFinding::Detail(PersonalDetail::EmailAddress | PersonalDetail::Both))
            ));
            let phone = format!("{before} 0{digits} {after}");
            prop_assert!(matches!(
                check_person(&phone, true),
                Err(PersonFinding::Detail(PersonalDetail::IdentifyingNumber | PersonalDetail::Both))
            ));
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
