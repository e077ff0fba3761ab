//! Outreach of prevention (plan "Preventie" 3.2 and 3.3), and the field
//! rules the kennisbank, the workshops and the action plan share with it.
//!
//! - The working group on polarisation (werkgroep polarisering): its scope,
//!   extended in phases to other target groups or phenomena ("We breiden het
//!   toepassingsgebied van deze werkgroep gefaseerd uit"), and the signals it
//!   passes to the city board ("op tijd signalen doorgeven aan het
//!   stadsbestuur") with the board's answer. Its members are the seats of the
//!   profile's Werkgroep body; its meetings run on the meeting engine.
//! - Strengthening the silent middle (stille midden versterken): advice
//!   trajectories for local organisations and admins of popular local
//!   social-media pages, and the city's counter-messages (tegengeluiden:
//!   "boodschappen en verhalen die een extreem en/of polariserend discours
//!   ondermijnen").
//!
//! Every free-text field can hold personal data (an admin's page, a
//! question about a named post): the parsed types print only lengths.

use std::fmt;

use super::coded::{Coded, coded_enum};
use super::contact::{ContactError, optional_text};
use super::theme::Theme;
use crate::case::{Date, DateError};

/// Longest title, subject, name of an organisation or page, or addressee.
pub const SHORT_TEXT_MAX_CHARS: usize = 200;
/// Longest note, question, advice, summary or answer.
pub const LONG_TEXT_MAX_CHARS: usize = 4000;
/// The largest phase number of the working group's scope.
pub const PHASE_MAX: u32 = 99;
/// The largest reach of a counter-message (people reached).
pub const REACH_MAX: u32 = 10_000_000;

/// Why a field of the kennisbank, the working group, the silent middle, the
/// workshops or the action plan was refused. Every variant has a translated
/// message (`outreach-error-...`, or the shared date messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    /// A required field left empty.
    Required,
    /// A value outside the closed list (a tampered form or a wrong API code).
    UnknownChoice,
    /// Longer than `max` characters (it has `len`).
    TooLong { max: usize, len: usize },
    /// Control characters other than line breaks and tabs.
    ControlCharacter,
    /// A date that cannot be read.
    Date(DateError),
    /// A date after today where only the past makes sense.
    DateInFuture,
    /// A date before the date it follows (an answer before the signal, a
    /// follow-up before the start).
    DateBeforeStart,
    /// A whole number outside `min..=max`, or not a number.
    NumberOutOfRange { min: u32, max: u32 },
    /// A page address that is not lowercase letters, digits and hyphens
    /// (3 to 80), or a reserved word.
    SlugInvalid,
    /// Another page of this LIVC-R already has this address.
    SlugTaken,
    /// A language version with a title but no text, or the other way round.
    TranslationIncomplete,
    /// Not a school of the profile's registry.
    UnknownSchool,
    /// Not an organisation of this LIVC-R.
    UnknownOrganisation,
    /// A period not written as `2026`, `2026-H1` or `2026-H2`.
    PeriodInvalid,
    /// A period that has not started yet.
    PeriodInFuture,
    /// This phase number is already recorded.
    PhaseTaken,
    /// Held (or evaluated) on a date that has not come yet.
    NotYetHeld,
    /// An evaluation of a workshop that was not held.
    EvaluationNeedsHeld,
    /// A status that needs a text this record lacks (advice given without
    /// the advice, say).
    StatusNeedsText,
    /// Nothing chosen where at least one is needed.
    ChooseAtLeastOne,
}

impl FieldError {
    /// A stable code (for the API).
    pub fn code(self) -> &'static str {
        match self {
            FieldError::Required => "required",
            FieldError::UnknownChoice => "unknown_choice",
            FieldError::TooLong { .. } => "too_long",
            FieldError::ControlCharacter => "control_character",
            FieldError::Date(_) => "date_invalid",
            FieldError::DateInFuture => "date_in_future",
            FieldError::DateBeforeStart => "date_before_start",
            FieldError::NumberOutOfRange { .. } => "number_out_of_range",
            FieldError::SlugInvalid => "slug_invalid",
            FieldError::SlugTaken => "slug_taken",
            FieldError::TranslationIncomplete => "translation_incomplete",
            FieldError::UnknownSchool => "unknown_school",
            FieldError::UnknownOrganisation => "unknown_organisation",
            FieldError::PeriodInvalid => "period_invalid",
            FieldError::PeriodInFuture => "period_in_future",
            FieldError::PhaseTaken => "phase_taken",
            FieldError::NotYetHeld => "not_yet_held",
            FieldError::EvaluationNeedsHeld => "evaluation_needs_held",
            FieldError::StatusNeedsText => "status_needs_text",
            FieldError::ChooseAtLeastOne => "choose_at_least_one",
        }
    }

    /// The key of the translated message shown next to the field.
    pub fn message_key(self) -> &'static str {
        match self {
            FieldError::Required => "outreach-error-required",
            FieldError::UnknownChoice => "outreach-error-unknown-choice",
            FieldError::TooLong { .. } => "outreach-error-too-long",
            FieldError::ControlCharacter => "outreach-error-control-character",
            FieldError::Date(e) => e.message_key(),
            FieldError::DateInFuture => "outreach-error-date-in-future",
            FieldError::DateBeforeStart => "outreach-error-date-before-start",
            FieldError::NumberOutOfRange { .. } => "outreach-error-number",
            FieldError::SlugInvalid => "outreach-error-slug",
            FieldError::SlugTaken => "outreach-error-slug-taken",
            FieldError::TranslationIncomplete => "outreach-error-translation-incomplete",
            FieldError::UnknownSchool => "outreach-error-unknown-school",
            FieldError::UnknownOrganisation => "outreach-error-unknown-organisation",
            FieldError::PeriodInvalid => "outreach-error-period",
            FieldError::PeriodInFuture => "outreach-error-period-in-future",
            FieldError::PhaseTaken => "outreach-error-phase-taken",
            FieldError::NotYetHeld => "outreach-error-not-yet-held",
            FieldError::EvaluationNeedsHeld => "outreach-error-evaluation-needs-held",
            FieldError::StatusNeedsText => "outreach-error-status-needs-text",
            FieldError::ChooseAtLeastOne => "outreach-error-choose-one",
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
            _ => Vec::new(),
        }
    }

    /// Every variant once (with sample arguments), for tests of the messages.
    pub const ALL: [FieldError; 20] = [
        FieldError::Required,
        FieldError::UnknownChoice,
        FieldError::TooLong { max: 1, len: 2 },
        FieldError::ControlCharacter,
        FieldError::Date(DateError::Format),
        FieldError::DateInFuture,
        FieldError::DateBeforeStart,
        FieldError::NumberOutOfRange { min: 0, max: 1 },
        FieldError::SlugInvalid,
        FieldError::SlugTaken,
        FieldError::TranslationIncomplete,
        FieldError::UnknownSchool,
        FieldError::UnknownOrganisation,
        FieldError::PeriodInvalid,
        FieldError::PeriodInFuture,
        FieldError::PhaseTaken,
        FieldError::NotYetHeld,
        FieldError::EvaluationNeedsHeld,
        FieldError::StatusNeedsText,
        FieldError::ChooseAtLeastOne,
    ];
}

/// Refused fields: (field name, why), in form order.
pub type FieldErrors = Vec<(&'static str, FieldError)>;

/// Optional free text: trimmed, bounded, no control characters; `None` when empty.
pub fn text(input: &str, max: usize) -> Result<Option<String>, FieldError> {
    optional_text(input, max).map_err(|e| match e {
        ContactError::TooLong { max, len } => FieldError::TooLong { max, len },
        _ => FieldError::ControlCharacter,
    })
}

/// Optional free text; a refusal is pushed under `field`.
pub(crate) fn optional(
    input: &str,
    max: usize,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<String> {
    text(input, max)
        .map_err(|e| errors.push((field, e)))
        .ok()
        .flatten()
}

/// Required free text; a refusal is pushed under `field`.
pub(crate) fn required(
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
pub(crate) fn choice<T: Coded>(
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

/// A required date `dd/mm/yyyy`; a refusal is pushed under `field`.
pub(crate) fn date(input: &str, field: &'static str, errors: &mut FieldErrors) -> Option<Date> {
    if input.trim().is_empty() {
        errors.push((field, FieldError::Required));
        return None;
    }
    Date::parse_dd_mm_yyyy(input)
        .map_err(|e| errors.push((field, FieldError::Date(e))))
        .ok()
}

/// An optional date `dd/mm/yyyy`; a refusal is pushed under `field`.
pub(crate) fn optional_date(
    input: &str,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<Date> {
    if input.trim().is_empty() {
        return None;
    }
    Date::parse_dd_mm_yyyy(input)
        .map_err(|e| errors.push((field, FieldError::Date(e))))
        .ok()
}

/// An optional whole number in `min..=max`; a refusal is pushed under `field`.
pub(crate) fn number(
    input: &str,
    min: u32,
    max: u32,
    field: &'static str,
    errors: &mut FieldErrors,
) -> Option<u32> {
    match input.trim() {
        "" => None,
        t => match t.parse::<u32>() {
            Ok(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                errors.push((field, FieldError::NumberOutOfRange { min, max }));
                None
            }
        },
    }
}

/// A date not after `today`; a refusal is pushed under `field`.
pub(crate) fn not_future(
    d: Option<Date>,
    today: Date,
    field: &'static str,
    errors: &mut FieldErrors,
) {
    if let Some(d) = d
        && d > today
    {
        errors.push((field, FieldError::DateInFuture));
    }
}

/// Declares a `Debug` that prints the listed plain fields and hides the rest.
macro_rules! redacted_debug {
    ($name:ident { $($field:ident),* }) => {
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(stringify!($field), &self.$field))*
                    .finish_non_exhaustive()
            }
        }
    };
}
pub(crate) use redacted_debug;

// ------------------------------------------------------------ working group

/// A phase of the working group's scope, as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct PhaseInput<'a> {
    /// 1, 2, ...
    pub phase: &'a str,
    /// `dd/mm/yyyy`: from when the phase applies (may be planned ahead).
    pub starts_on: &'a str,
    /// The target groups or phenomena the working group covers from then on.
    pub scope: &'a str,
    pub note: &'a str,
}

/// A phase that passed every rule.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedPhase {
    pub phase: u32,
    pub starts_on: Date,
    pub scope: String,
    pub note: Option<String>,
}
redacted_debug!(ParsedPhase { phase, starts_on });

/// Parses a phase. `taken` are the phase numbers already recorded (without
/// the one being changed): a number is used once.
pub fn parse_phase(input: &PhaseInput<'_>, taken: &[u32]) -> Result<ParsedPhase, FieldErrors> {
    let mut errors = FieldErrors::new();
    let phase = if input.phase.trim().is_empty() {
        errors.push(("phase", FieldError::Required));
        None
    } else {
        number(input.phase, 1, PHASE_MAX, "phase", &mut errors)
    };
    if let Some(p) = phase
        && taken.contains(&p)
    {
        errors.push(("phase", FieldError::PhaseTaken));
    }
    let starts_on = date(input.starts_on, "starts_on", &mut errors);
    let scope = required(input.scope, LONG_TEXT_MAX_CHARS, "scope", &mut errors);
    let note = optional(input.note, LONG_TEXT_MAX_CHARS, "note", &mut errors);
    match (phase, starts_on, scope) {
        (Some(phase), Some(starts_on), Some(scope)) if errors.is_empty() => Ok(ParsedPhase {
            phase,
            starts_on,
            scope,
            note,
        }),
        _ => Err(errors),
    }
}

/// The phase in force on `today`: the one with the latest start on or
/// before today (the highest number on a tie); `None` before the first.
/// Phases are `(number, starts on)`.
pub fn phase_in_force(phases: &[(u32, Date)], today: Date) -> Option<u32> {
    phases
        .iter()
        .filter(|(_, d)| *d <= today)
        .max_by_key(|(n, d)| (*d, *n))
        .map(|(n, _)| *n)
}

/// A signal the working group passes to the city board, as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct BoardSignalInput<'a> {
    /// `dd/mm/yyyy`, not in the future.
    pub sent_on: &'a str,
    pub subject: &'a str,
    pub summary: &'a str,
    /// To whom: the college, a councillor, a service.
    pub addressee: &'a str,
    /// The board's answer, once it came.
    pub answer: &'a str,
    /// `dd/mm/yyyy`, on or after the signal, not in the future.
    pub answered_on: &'a str,
}

/// A board signal that passed every rule.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedBoardSignal {
    pub sent_on: Date,
    pub subject: String,
    pub summary: String,
    pub addressee: String,
    pub answer: Option<String>,
    pub answered_on: Option<Date>,
}
redacted_debug!(ParsedBoardSignal {
    sent_on,
    answered_on
});

impl ParsedBoardSignal {
    /// Whether the board answered.
    pub fn answered(&self) -> bool {
        self.answer.is_some()
    }
}

/// Parses a board signal against `today`.
pub fn parse_board_signal(
    input: &BoardSignalInput<'_>,
    today: Date,
) -> Result<ParsedBoardSignal, FieldErrors> {
    let mut errors = FieldErrors::new();
    let sent_on = date(input.sent_on, "sent_on", &mut errors);
    not_future(sent_on, today, "sent_on", &mut errors);
    let subject = required(input.subject, SHORT_TEXT_MAX_CHARS, "subject", &mut errors);
    let summary = required(input.summary, LONG_TEXT_MAX_CHARS, "summary", &mut errors);
    let addressee = required(
        input.addressee,
        SHORT_TEXT_MAX_CHARS,
        "addressee",
        &mut errors,
    );
    let answer = optional(input.answer, LONG_TEXT_MAX_CHARS, "answer", &mut errors);
    let answered_on = optional_date(input.answered_on, "answered_on", &mut errors);
    not_future(answered_on, today, "answered_on", &mut errors);
    if let (Some(s), Some(a)) = (sent_on, answered_on)
        && a < s
    {
        errors.push(("answered_on", FieldError::DateBeforeStart));
    }
    // An answer has a date and a date has an answer.
    if answer.is_some() && answered_on.is_none() && input.answered_on.trim().is_empty() {
        errors.push(("answered_on", FieldError::Required));
    }
    if answer.is_none() && answered_on.is_some() && input.answer.trim().is_empty() {
        errors.push(("answer", FieldError::Required));
    }
    match (sent_on, subject, summary, addressee) {
        (Some(sent_on), Some(subject), Some(summary), Some(addressee)) if errors.is_empty() => {
            Ok(ParsedBoardSignal {
                sent_on,
                subject,
                summary,
                addressee,
                answer,
                answered_on,
            })
        }
        _ => Err(errors),
    }
}

// ------------------------------------------------------------ silent middle

coded_enum!(
    /// Who asks for advice on polarising statements.
    RecipientKind {
        /// A local organisation (association, club, school, service).
        LocalOrganisation => "local_organisation",
        /// The admin(s) of a popular local social-media page or group.
        PageAdmin => "page_admin",
    }
);

coded_enum!(
    /// Where the polarising statements appear.
    Platform {
        Facebook => "facebook",
        Instagram => "instagram",
        TikTok => "tiktok",
        X => "x",
        YouTube => "youtube",
        WhatsApp => "whatsapp",
        Telegram => "telegram",
        /// A website or blog, comments included.
        Website => "website",
        /// Not online: a meeting, a club, a neighbourhood.
        Offline => "offline",
        Other => "other",
    }
);

coded_enum!(
    /// Where an advice trajectory stands.
    AdviceStatus {
        /// Asked; no advice yet.
        Requested => "requested",
        /// Advice given.
        Advised => "advised",
        /// Tailored support (ondersteuning op maat) under way.
        Support => "support",
        /// Finished.
        Closed => "closed",
    }
);

/// An advice trajectory, as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct AdviceInput<'a> {
    pub recipient_kind: &'a str,
    /// The organisation or the page.
    pub recipient: &'a str,
    pub platform: &'a str,
    pub question: &'a str,
    pub advice: &'a str,
    pub support: &'a str,
    /// `dd/mm/yyyy`, not in the future.
    pub started_on: &'a str,
    /// `dd/mm/yyyy`, on or after the start; may lie ahead.
    pub follow_up_on: &'a str,
    pub status: &'a str,
}

/// An advice trajectory that passed every rule.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedAdvice {
    pub recipient_kind: RecipientKind,
    pub recipient: String,
    pub platform: Platform,
    pub question: String,
    pub advice: Option<String>,
    pub support: Option<String>,
    pub started_on: Date,
    pub follow_up_on: Option<Date>,
    pub status: AdviceStatus,
}
redacted_debug!(ParsedAdvice {
    recipient_kind,
    platform,
    started_on,
    follow_up_on,
    status
});

/// Parses an advice trajectory against `today`. Advice given needs the
/// advice; support needs what the support is.
pub fn parse_advice(input: &AdviceInput<'_>, today: Date) -> Result<ParsedAdvice, FieldErrors> {
    let mut errors = FieldErrors::new();
    let recipient_kind =
        choice::<RecipientKind>(input.recipient_kind, "recipient_kind", &mut errors);
    let recipient = required(
        input.recipient,
        SHORT_TEXT_MAX_CHARS,
        "recipient",
        &mut errors,
    );
    let platform = choice::<Platform>(input.platform, "platform", &mut errors);
    let question = required(input.question, LONG_TEXT_MAX_CHARS, "question", &mut errors);
    let advice = optional(input.advice, LONG_TEXT_MAX_CHARS, "advice", &mut errors);
    let support = optional(input.support, LONG_TEXT_MAX_CHARS, "support", &mut errors);
    let started_on = date(input.started_on, "started_on", &mut errors);
    not_future(started_on, today, "started_on", &mut errors);
    let follow_up_on = optional_date(input.follow_up_on, "follow_up_on", &mut errors);
    if let (Some(s), Some(f)) = (started_on, follow_up_on)
        && f < s
    {
        errors.push(("follow_up_on", FieldError::DateBeforeStart));
    }
    let status = if input.status.trim().is_empty() {
        Some(AdviceStatus::Requested)
    } else {
        choice::<AdviceStatus>(input.status, "status", &mut errors)
    };
    match status {
        Some(AdviceStatus::Advised) if advice.is_none() && input.advice.trim().is_empty() => {
            errors.push(("advice", FieldError::StatusNeedsText));
        }
        Some(AdviceStatus::Support) if support.is_none() && input.support.trim().is_empty() => {
            errors.push(("support", FieldError::StatusNeedsText));
        }
        _ => {}
    }
    match (
        recipient_kind,
        recipient,
        platform,
        question,
        started_on,
        status,
    ) {
        (
            Some(recipient_kind),
            Some(recipient),
            Some(platform),
            Some(question),
            Some(started_on),
            Some(status),
        ) if errors.is_empty() => Ok(ParsedAdvice {
            recipient_kind,
            recipient,
            platform,
            question,
            advice,
            support,
            started_on,
            follow_up_on,
            status,
        }),
        _ => Err(errors),
    }
}

/// Whether a trajectory's follow-up is due on `today`: it is not closed and
/// its follow-up date has come.
pub fn follow_up_due(status: AdviceStatus, follow_up_on: Option<Date>, today: Date) -> bool {
    status != AdviceStatus::Closed && follow_up_on.is_some_and(|d| d <= today)
}

coded_enum!(
    /// Where the city gives a counter-message.
    Channel {
        /// The city's website.
        CityWebsite => "city_website",
        /// The city's social-media channels.
        SocialMedia => "social_media",
        /// Press: a statement, an interview, an opinion piece.
        Press => "press",
        /// A campaign (posters, a video, a series).
        Campaign => "campaign",
        /// An event or a public moment.
        Event => "event",
        /// The city magazine or a newsletter.
        Newsletter => "newsletter",
        Other => "other",
    }
);

/// A counter-message (tegengeluid), as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct CounterMessageInput<'a> {
    /// `dd/mm/yyyy`, not in the future.
    pub published_on: &'a str,
    pub channel: &'a str,
    /// A theme of the contact point and signals.
    pub theme: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// People reached, if known.
    pub reach: &'a str,
}

/// A counter-message that passed every rule.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedCounterMessage {
    pub published_on: Date,
    pub channel: Channel,
    pub theme: Theme,
    pub title: String,
    pub description: String,
    pub reach: Option<u32>,
}
redacted_debug!(ParsedCounterMessage {
    published_on,
    channel,
    theme,
    reach
});

/// Parses a counter-message against `today`.
pub fn parse_counter_message(
    input: &CounterMessageInput<'_>,
    today: Date,
) -> Result<ParsedCounterMessage, FieldErrors> {
    let mut errors = FieldErrors::new();
    let published_on = date(input.published_on, "published_on", &mut errors);
    not_future(published_on, today, "published_on", &mut errors);
    let channel = choice::<Channel>(input.channel, "channel", &mut errors);
    let theme = choice::<Theme>(input.theme, "theme", &mut errors);
    let title = required(input.title, SHORT_TEXT_MAX_CHARS, "title", &mut errors);
    let description = required(
        input.description,
        LONG_TEXT_MAX_CHARS,
        "description",
        &mut errors,
    );
    let reach = number(input.reach, 0, REACH_MAX, "reach", &mut errors);
    match (published_on, channel, theme, title, description) {
        (Some(published_on), Some(channel), Some(theme), Some(title), Some(description))
            if errors.is_empty() =>
        {
            Ok(ParsedCounterMessage {
                published_on,
                channel,
                theme,
                title,
                description,
                reach,
            })
        }
        _ => Err(errors),
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
    fn fields(e: &FieldErrors) -> Vec<(&'static str, &'static str)> {
        e.iter().map(|(f, e)| (*f, e.code())).collect()
    }

    #[test]
    fn error_codes_and_keys_are_distinct() {
        let codes: std::collections::HashSet<_> =
            FieldError::ALL.iter().map(|e| e.code()).collect();
        let keys: std::collections::HashSet<_> =
            FieldError::ALL.iter().map(|e| e.message_key()).collect();
        assert_eq!(codes.len(), FieldError::ALL.len());
        assert_eq!(keys.len(), FieldError::ALL.len());
    }

    #[test]
    fn a_phase_needs_a_free_number_a_date_and_a_scope() {
        let ok = PhaseInput {
            phase: "2",
            starts_on: "01/09/2027",
            scope: "Sportclubs en online gemeenschappen",
            note: "",
        };
        let p = parse_phase(&ok, &[1]).unwrap();
        assert_eq!((p.phase, p.starts_on), (2, d("01/09/2027")));
        assert_eq!(p.note, None);
        assert_eq!(
            fields(&parse_phase(&ok, &[1, 2]).unwrap_err()),
            vec![("phase", "phase_taken")]
        );
        let e = parse_phase(
            &PhaseInput {
                phase: "0",
                starts_on: "31/02/2026",
                scope: " ",
                note: "",
            },
            &[],
        )
        .unwrap_err();
        assert_eq!(
            fields(&e),
            vec![
                ("phase", "number_out_of_range"),
                ("starts_on", "date_invalid"),
                ("scope", "required")
            ]
        );
        let long = "x".repeat(LONG_TEXT_MAX_CHARS + 1);
        let e = parse_phase(&PhaseInput { scope: &long, ..ok }, &[]).unwrap_err();
        assert_eq!(fields(&e), vec![("scope", "too_long")]);
    }

    #[test]
    fn the_phase_in_force_is_the_latest_started() {
        let phases = [
            (1, d("01/09/2022")),
            (2, d("01/09/2024")),
            (3, d("01/09/2027")),
        ];
        assert_eq!(phase_in_force(&phases, d("31/08/2022")), None);
        assert_eq!(phase_in_force(&phases, d("01/09/2022")), Some(1));
        assert_eq!(phase_in_force(&phases, today()), Some(2));
        assert_eq!(phase_in_force(&phases, d("01/09/2027")), Some(3));
    }

    #[test]
    fn a_board_answer_has_a_date_after_the_signal() {
        let ok = BoardSignalInput {
            sent_on: "10/10/2026",
            subject: "Spanningen rond de schoolpoort",
            summary: "Fictief",
            addressee: "College van burgemeester en schepenen",
            answer: "",
            answered_on: "",
        };
        assert!(!parse_board_signal(&ok, today()).unwrap().answered());
        let answered = BoardSignalInput {
            answer: "Het college vraagt een voorstel",
            answered_on: "20/10/2026",
            ..ok
        };
        assert!(parse_board_signal(&answered, today()).unwrap().answered());
        let early = BoardSignalInput {
            answered_on: "09/10/2026",
            ..answered
        };
        assert_eq!(
            fields(&parse_board_signal(&early, today()).unwrap_err()),
            vec![("answered_on", "date_before_start")]
        );
        let no_date = BoardSignalInput {
            answered_on: "",
            ..answered
        };
        assert_eq!(
            fields(&parse_board_signal(&no_date, today()).unwrap_err()),
            vec![("answered_on", "required")]
        );
        let no_answer = BoardSignalInput {
            answer: "",
            ..answered
        };
        assert_eq!(
            fields(&parse_board_signal(&no_answer, today()).unwrap_err()),
            vec![("answer", "required")]
        );
        let future = BoardSignalInput {
            sent_on: "29/11/2026",
            ..ok
        };
        assert_eq!(
            fields(&parse_board_signal(&future, today()).unwrap_err()),
            vec![("sent_on", "date_in_future")]
        );
    }

    #[test]
    fn advice_given_needs_the_advice_and_support_needs_the_support() {
        let ok = AdviceInput {
            recipient_kind: "page_admin",
            recipient: "Fictieve buurtpagina",
            platform: "facebook",
            question: "Hoe reageren op haatdragende reacties?",
            advice: "",
            support: "",
            started_on: "02/11/2026",
            follow_up_on: "15/12/2026",
            status: "",
        };
        let p = parse_advice(&ok, today()).unwrap();
        assert_eq!(p.status, AdviceStatus::Requested);
        assert_eq!(p.platform, Platform::Facebook);
        let advised = AdviceInput {
            status: "advised",
            ..ok
        };
        assert_eq!(
            fields(&parse_advice(&advised, today()).unwrap_err()),
            vec![("advice", "status_needs_text")]
        );
        let support = AdviceInput {
            status: "support",
            advice: "Moderatieregels",
            ..ok
        };
        assert_eq!(
            fields(&parse_advice(&support, today()).unwrap_err()),
            vec![("support", "status_needs_text")]
        );
        let early = AdviceInput {
            follow_up_on: "01/11/2026",
            ..ok
        };
        assert_eq!(
            fields(&parse_advice(&early, today()).unwrap_err()),
            vec![("follow_up_on", "date_before_start")]
        );
        let tampered = AdviceInput {
            recipient_kind: "person",
            platform: "myspace",
            status: "done",
            ..ok
        };
        assert_eq!(
            fields(&parse_advice(&tampered, today()).unwrap_err()),
            vec![
                ("recipient_kind", "unknown_choice"),
                ("platform", "unknown_choice"),
                ("status", "unknown_choice")
            ]
        );
    }

    #[test]
    fn a_follow_up_is_due_until_closed() {
        let f = Some(d("20/11/2026"));
        assert!(follow_up_due(AdviceStatus::Advised, f, today()));
        assert!(!follow_up_due(AdviceStatus::Closed, f, today()));
        assert!(!follow_up_due(
            AdviceStatus::Advised,
            Some(d("29/11/2026")),
            today()
        ));
        assert!(!follow_up_due(AdviceStatus::Advised, None, today()));
    }

    #[test]
    fn a_counter_message_has_a_channel_a_theme_and_maybe_a_reach() {
        let ok = CounterMessageInput {
            published_on: "05/11/2026",
            channel: "social_media",
            theme: "polarisation",
            title: "Samen Sint-Niklaas",
            description: "Verhalen van buren",
            reach: "12000",
        };
        let p = parse_counter_message(&ok, today()).unwrap();
        assert_eq!(
            (p.channel, p.theme, p.reach),
            (Channel::SocialMedia, Theme::Polarisation, Some(12000))
        );
        let bad = CounterMessageInput {
            reach: "-3",
            theme: "",
            ..ok
        };
        assert_eq!(
            fields(&parse_counter_message(&bad, today()).unwrap_err()),
            vec![("theme", "required"), ("reach", "number_out_of_range")]
        );
    }

    #[test]
    fn debug_never_shows_free_text() {
        let p = parse_advice(
            &AdviceInput {
                recipient_kind: "local_organisation",
                recipient: "GEHEIM-ORGANISATIE",
                platform: "offline",
                question: "GEHEIME-VRAAG",
                started_on: "02/11/2026",
                ..AdviceInput::default()
            },
            today(),
        )
        .unwrap();
        let shown = format!("{p:?}");
        assert!(!shown.contains("GEHEIM"), "{shown}");
    }

    proptest! {
        /// Whatever is typed, parsing never panics, and what it accepts is
        /// trimmed and within bounds.
        #[test]
        fn parsers_never_panic_and_bound_the_text(
            a in "\\PC{0,300}", b in "\\PC{0,50}", n in "[0-9-]{0,12}"
        ) {
            let r = parse_counter_message(&CounterMessageInput {
                published_on: &b, channel: "press", theme: "fake_news",
                title: &a, description: &a, reach: &n,
            }, today());
            if let Ok(p) = r {
                prop_assert!(p.title.chars().count() <= SHORT_TEXT_MAX_CHARS);
                prop_assert_eq!(p.title.trim(), p.title.as_str());
                prop_assert!(p.published_on <= today());
            }
            let _ = parse_phase(&PhaseInput { phase: &n, starts_on: &b, scope: &a, note: &a }, &[]);
        }
    }
}
