//! The contact point (stedelijk aanspreekpunt, plan "Preventie" 1) and the
//! contact register the expert keeps of every contact.
//!
//! Anyone may come with a question or a concern: through the public form
//! (no account) or by phone, e-mail, at the desk, or through a reference
//! person. Whatever reaches the register is parsed here first: the closed
//! lists (channel, kind of requester, themes, kind of request, what was
//! done, status), the bounds of the free text, and the few rules between
//! fields (a preferred way of contact needs that contact detail; a contact
//! is handled only once what was done is recorded).
//!
//! Free text can hold personal data: the parsed types print only lengths.

use std::fmt;

use super::coded::{Coded, coded_enum, parse_set};
use super::theme::Theme;
use crate::case::{Date, DateError};

/// Longest message (question or concern), in characters.
pub const MESSAGE_MAX_CHARS: usize = 4000;
/// Longest name.
pub const NAME_MAX_CHARS: usize = 200;
/// Longest e-mail address (RFC 5321 path limit).
pub const EMAIL_MAX_CHARS: usize = 254;
/// Longest phone number as typed.
pub const PHONE_MAX_CHARS: usize = 32;
/// Longest note of the expert.
pub const NOTES_MAX_CHARS: usize = 8000;

/// How long the contact point keeps a message after the contact is handled,
/// in months. Said in the privacy notice; one place for the number.
pub const RETENTION_MONTHS: u32 = 24;

/// The moment before which a handled contact's text is destroyed: the
/// retention period counted in 30-day months, so never later than promised.
pub fn retention_cutoff_ms(now_ms: i64) -> i64 {
    now_ms - i64::from(RETENTION_MONTHS) * 30 * 24 * 60 * 60 * 1000
}

coded_enum!(
    /// How the contact reached the expert.
    Channel {
        /// The public form of the contact point.
        PublicForm => "public_form",
        Phone => "phone",
        Email => "email",
        /// At the desk (binnengelopen).
        WalkIn => "walk_in",
        /// Passed on by a reference person.
        ReferencePerson => "reference_person",
    }
);

impl Channel {
    /// The channels the expert enters by hand (the public form fills itself).
    pub fn entered_by_expert(self) -> bool {
        self != Channel::PublicForm
    }
}

coded_enum!(
    /// Who asked (kind of requester).
    RequesterKind {
        Citizen => "citizen",
        Teacher => "teacher",
        YouthWorker => "youth_worker",
        CareWorker => "care_worker",
        /// Leerlingenbegeleider.
        PupilCounsellor => "pupil_counsellor",
        Organisation => "organisation",
        Other => "other",
    }
);

coded_enum!(
    /// What the requester asks for (plan "Preventie" 1).
    RequestKind {
        Information => "information",
        Advice => "advice",
        /// Individual guidance (individuele begeleiding).
        Guidance => "guidance",
        /// Tips for a conversation with someone who may be radicalising.
        ConversationTips => "conversation_tips",
        /// A report about a person who may be radicalising.
        ReportPerson => "report_person",
    }
);

coded_enum!(
    /// What the expert did with the contact (several may apply).
    ActionTaken {
        Information => "information",
        Advice => "advice",
        IndividualGuidance => "individual_guidance",
        /// Referred: to the LIVC-R or to another service.
        Referral => "referral",
    }
);

coded_enum!(
    /// Where the contact stands.
    ContactStatus {
        New => "new",
        InProgress => "in_progress",
        Handled => "handled",
    }
);

coded_enum!(
    /// How the requester prefers to be contacted, if at all.
    PreferredContact {
        Email => "email",
        Phone => "phone",
    }
);

/// Why a field was refused. Every variant has a translated message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactError {
    /// No kind of request chosen.
    KindRequired,
    /// A value outside the closed list (a tampered form or a wrong API code).
    UnknownChoice,
    /// The message is empty.
    MessageRequired,
    /// The text is longer than `max` characters (it has `len`).
    TooLong {
        max: usize,
        len: usize,
    },
    /// Control characters other than line breaks and tabs.
    ControlCharacter,
    EmailInvalid,
    PhoneInvalid,
    /// E-mail preferred, but no address given.
    PreferredNeedsEmail,
    /// Phone preferred, but no number given.
    PreferredNeedsPhone,
    /// A date that cannot be read.
    Date(DateError),
    /// The date of a contact lies after today.
    DateInFuture,
    /// Marked handled before recording what was done.
    HandledWithoutAction,
    /// A channel the public form owns, chosen by hand.
    ChannelNotManual,
}

impl ContactError {
    /// A stable code (for the API).
    pub fn code(self) -> &'static str {
        match self {
            ContactError::KindRequired => "kind_required",
            ContactError::UnknownChoice => "unknown_choice",
            ContactError::MessageRequired => "message_required",
            ContactError::TooLong { .. } => "too_long",
            ContactError::ControlCharacter => "control_character",
            ContactError::EmailInvalid => "email_invalid",
            ContactError::PhoneInvalid => "phone_invalid",
            ContactError::PreferredNeedsEmail => "preferred_needs_email",
            ContactError::PreferredNeedsPhone => "preferred_needs_phone",
            ContactError::Date(_) => "date_invalid",
            ContactError::DateInFuture => "date_in_future",
            ContactError::HandledWithoutAction => "handled_without_action",
            ContactError::ChannelNotManual => "channel_not_manual",
        }
    }

    /// The key of the translated message shown next to the field.
    pub fn message_key(self) -> &'static str {
        match self {
            ContactError::KindRequired => "contact-error-kind-required",
            ContactError::UnknownChoice => "contact-error-unknown-choice",
            ContactError::MessageRequired => "contact-error-message-required",
            ContactError::TooLong { .. } => "contact-error-too-long",
            ContactError::ControlCharacter => "contact-error-control-character",
            ContactError::EmailInvalid => "contact-error-email-invalid",
            ContactError::PhoneInvalid => "contact-error-phone-invalid",
            ContactError::PreferredNeedsEmail => "contact-error-preferred-needs-email",
            ContactError::PreferredNeedsPhone => "contact-error-preferred-needs-phone",
            ContactError::Date(e) => e.message_key(),
            ContactError::DateInFuture => "contact-error-date-in-future",
            ContactError::HandledWithoutAction => "contact-error-handled-without-action",
            ContactError::ChannelNotManual => "contact-error-channel-not-manual",
        }
    }

    /// The arguments of the message (`max` and `len` for a text too long).
    pub fn args(self) -> Vec<(&'static str, String)> {
        match self {
            ContactError::TooLong { max, len } => {
                vec![("max", max.to_string()), ("len", len.to_string())]
            }
            _ => Vec::new(),
        }
    }
}

/// Refused fields: (field name, why), in form order.
pub type FieldErrors = Vec<(&'static str, ContactError)>;

/// Trims free text and checks its bounds: `Ok(None)` when empty.
pub(crate) fn optional_text(input: &str, max: usize) -> Result<Option<String>, ContactError> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let len = t.chars().count();
    if len > max {
        return Err(ContactError::TooLong { max, len });
    }
    if t.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(ContactError::ControlCharacter);
    }
    Ok(Some(t.to_owned()))
}

/// A plausible e-mail address: one `@`, something before it, a dotted domain
/// after it, no spaces. Whether it exists is not ours to know.
pub fn parse_email(input: &str) -> Result<Option<String>, ContactError> {
    let Some(e) = optional_text(input, EMAIL_MAX_CHARS)? else {
        return Ok(None);
    };
    let ok = match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if ok {
        Ok(Some(e))
    } else {
        Err(ContactError::EmailInvalid)
    }
}

/// A phone number as people write it: digits with spaces, dots, dashes,
/// slashes, brackets and a leading `+`; 6 to 15 digits (E.164 has at most 15).
pub fn parse_phone(input: &str) -> Result<Option<String>, ContactError> {
    let Some(p) = optional_text(input, PHONE_MAX_CHARS)? else {
        return Ok(None);
    };
    let allowed = p
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || " .-/()".contains(c) || (c == '+' && i == 0));
    let digits = p.chars().filter(char::is_ascii_digit).count();
    if allowed && (6..=15).contains(&digits) {
        Ok(Some(p))
    } else {
        Err(ContactError::PhoneInvalid)
    }
}

fn choice<T: Coded>(input: &str) -> Result<Option<T>, ContactError> {
    match input.trim() {
        "" => Ok(None),
        c => T::parse(c).map(Some).ok_or(ContactError::UnknownChoice),
    }
}

/// How the requester can be reached, if they want to be.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct ContactDetails {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred: Option<PreferredContact>,
}

impl fmt::Debug for ContactDetails {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print who it is, not even in a test failure.
        f.debug_struct("ContactDetails")
            .field("name", &self.name.as_ref().map(|_| ".."))
            .field("email", &self.email.as_ref().map(|_| ".."))
            .field("phone", &self.phone.as_ref().map(|_| ".."))
            .field("preferred", &self.preferred)
            .finish()
    }
}

/// Contact details as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct DetailsInput<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    /// `email`, `phone`, or empty (or `none`) for no preference.
    pub preferred: &'a str,
}

fn parse_details(input: &DetailsInput<'_>, errors: &mut FieldErrors) -> ContactDetails {
    let name = optional_text(input.name, NAME_MAX_CHARS)
        .map_err(|e| errors.push(("name", e)))
        .ok()
        .flatten();
    let email = parse_email(input.email)
        .map_err(|e| errors.push(("email", e)))
        .ok()
        .flatten();
    let phone = parse_phone(input.phone)
        .map_err(|e| errors.push(("phone", e)))
        .ok()
        .flatten();
    let preferred = match input.preferred.trim() {
        "" | "none" => None,
        p => match PreferredContact::parse(p) {
            Some(PreferredContact::Email) if email.is_none() => {
                // Only when the address itself was not refused already.
                if !errors.iter().any(|(f, _)| *f == "email") {
                    errors.push(("email", ContactError::PreferredNeedsEmail));
                }
                None
            }
            Some(PreferredContact::Phone) if phone.is_none() => {
                if !errors.iter().any(|(f, _)| *f == "phone") {
                    errors.push(("phone", ContactError::PreferredNeedsPhone));
                }
                None
            }
            Some(p) => Some(p),
            None => {
                errors.push(("preferred", ContactError::UnknownChoice));
                None
            }
        },
    };
    ContactDetails {
        name,
        email,
        phone,
        preferred,
    }
}

/// What a visitor typed into the public form.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublicInput<'a> {
    /// One of [`RequestKind`].
    pub kind: &'a str,
    pub message: &'a str,
    /// Optional: one of [`RequesterKind`].
    pub requester: &'a str,
    pub details: DetailsInput<'a>,
    /// May the message be passed on to the LIVC-R if needed.
    pub consent: bool,
}

/// A public message that passed every rule.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicSubmission {
    pub kind: RequestKind,
    pub message: String,
    pub requester: Option<RequesterKind>,
    pub details: ContactDetails,
    pub consent: bool,
}

impl fmt::Debug for PublicSubmission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicSubmission")
            .field("kind", &self.kind)
            .field(
                "message",
                &format_args!("<{} chars>", self.message.chars().count()),
            )
            .field("requester", &self.requester)
            .field("details", &self.details)
            .field("consent", &self.consent)
            .finish()
    }
}

/// Parses the public form; every refused field is reported at once.
pub fn parse_public(input: &PublicInput<'_>) -> Result<PublicSubmission, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = match choice::<RequestKind>(input.kind) {
        Ok(Some(k)) => Some(k),
        Ok(None) => {
            errors.push(("kind", ContactError::KindRequired));
            None
        }
        Err(e) => {
            errors.push(("kind", e));
            None
        }
    };
    let message = match optional_text(input.message, MESSAGE_MAX_CHARS) {
        Ok(Some(m)) => Some(m),
        Ok(None) => {
            errors.push(("message", ContactError::MessageRequired));
            None
        }
        Err(e) => {
            errors.push(("message", e));
            None
        }
    };
    let requester = choice::<RequesterKind>(input.requester)
        .map_err(|e| errors.push(("requester", e)))
        .ok()
        .flatten();
    let details = parse_details(&input.details, &mut errors);
    match (kind, message) {
        (Some(kind), Some(message)) if errors.is_empty() => Ok(PublicSubmission {
            kind,
            message,
            requester,
            details,
            consent: input.consent,
        }),
        _ => Err(errors),
    }
}

/// The expert's classification of a contact, as typed.
#[derive(Debug, Clone, Default)]
pub struct ClassificationInput<'a> {
    pub requester: &'a str,
    pub themes: Vec<&'a str>,
    pub kind: &'a str,
    pub actions: Vec<&'a str>,
    /// `dd/mm/yyyy` or empty.
    pub follow_up: &'a str,
    pub notes: &'a str,
    pub status: &'a str,
}

/// The expert's classification of a contact, parsed.
#[derive(Clone, PartialEq, Eq)]
pub struct Classification {
    pub requester: Option<RequesterKind>,
    pub themes: Vec<Theme>,
    pub kind: RequestKind,
    pub actions: Vec<ActionTaken>,
    pub follow_up: Option<Date>,
    pub notes: Option<String>,
    pub status: ContactStatus,
}

impl fmt::Debug for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Classification")
            .field("requester", &self.requester)
            .field("themes", &self.themes)
            .field("kind", &self.kind)
            .field("actions", &self.actions)
            .field("follow_up", &self.follow_up)
            .field("notes", &self.notes.as_ref().map(|n| n.chars().count()))
            .field("status", &self.status)
            .finish()
    }
}

fn parse_classification_into(
    input: &ClassificationInput<'_>,
    errors: &mut FieldErrors,
) -> Option<Classification> {
    let before = errors.len();
    let requester = choice::<RequesterKind>(input.requester)
        .map_err(|e| errors.push(("requester", e)))
        .ok()
        .flatten();
    let themes = parse_set::<Theme>(input.themes.iter().copied()).unwrap_or_else(|| {
        errors.push(("themes", ContactError::UnknownChoice));
        Vec::new()
    });
    let kind = match choice::<RequestKind>(input.kind) {
        Ok(Some(k)) => Some(k),
        Ok(None) => {
            errors.push(("kind", ContactError::KindRequired));
            None
        }
        Err(e) => {
            errors.push(("kind", e));
            None
        }
    };
    let actions = parse_set::<ActionTaken>(input.actions.iter().copied()).unwrap_or_else(|| {
        errors.push(("actions", ContactError::UnknownChoice));
        Vec::new()
    });
    let follow_up = match input.follow_up.trim() {
        "" => None,
        d => match Date::parse_dd_mm_yyyy(d) {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(("follow_up", ContactError::Date(e)));
                None
            }
        },
    };
    let notes = optional_text(input.notes, NOTES_MAX_CHARS)
        .map_err(|e| errors.push(("notes", e)))
        .ok()
        .flatten();
    let status = match input.status.trim() {
        "" => Some(ContactStatus::New),
        s => ContactStatus::parse(s).or_else(|| {
            errors.push(("status", ContactError::UnknownChoice));
            None
        }),
    };
    if status == Some(ContactStatus::Handled) && actions.is_empty() {
        errors.push(("actions", ContactError::HandledWithoutAction));
    }
    match (kind, status) {
        (Some(kind), Some(status)) if errors.len() == before => Some(Classification {
            requester,
            themes,
            kind,
            actions,
            follow_up,
            notes,
            status,
        }),
        _ => None,
    }
}

/// Parses the expert's classification of an existing contact.
pub fn parse_classification(
    input: &ClassificationInput<'_>,
) -> Result<Classification, FieldErrors> {
    let mut errors = FieldErrors::new();
    match parse_classification_into(input, &mut errors) {
        Some(c) if errors.is_empty() => Ok(c),
        _ => Err(errors),
    }
}

/// A contact the expert enters by hand, as typed.
#[derive(Debug, Clone, Default)]
pub struct RegisterInput<'a> {
    /// `dd/mm/yyyy`.
    pub date: &'a str,
    pub channel: &'a str,
    /// The question or concern, in the expert's words.
    pub message: &'a str,
    pub details: DetailsInput<'a>,
    pub consent: bool,
    pub classification: ClassificationInput<'a>,
}

/// A contact entered by the expert, parsed.
#[derive(Clone, PartialEq, Eq)]
pub struct RegisterEntry {
    pub date: Date,
    pub channel: Channel,
    pub message: String,
    pub details: ContactDetails,
    pub consent: bool,
    pub classification: Classification,
}

impl fmt::Debug for RegisterEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RegisterEntry")
            .field("date", &self.date)
            .field("channel", &self.channel)
            .field(
                "message",
                &format_args!("<{} chars>", self.message.chars().count()),
            )
            .field("details", &self.details)
            .field("consent", &self.consent)
            .field("classification", &self.classification)
            .finish()
    }
}

/// Parses a contact the expert enters: a date not after `today`, a channel
/// other than the public form, the question, and the classification.
pub fn parse_register(
    input: &RegisterInput<'_>,
    today: Date,
) -> Result<RegisterEntry, FieldErrors> {
    let mut errors = FieldErrors::new();
    let date = match Date::parse_dd_mm_yyyy(input.date) {
        Ok(d) if d > today => {
            errors.push(("date", ContactError::DateInFuture));
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(("date", ContactError::Date(e)));
            None
        }
    };
    let channel = match Channel::parse(input.channel.trim()) {
        Some(c) if c.entered_by_expert() => Some(c),
        Some(_) => {
            errors.push(("channel", ContactError::ChannelNotManual));
            None
        }
        None => {
            errors.push(("channel", ContactError::UnknownChoice));
            None
        }
    };
    let message = match optional_text(input.message, MESSAGE_MAX_CHARS) {
        Ok(Some(m)) => Some(m),
        Ok(None) => {
            errors.push(("message", ContactError::MessageRequired));
            None
        }
        Err(e) => {
            errors.push(("message", e));
            None
        }
    };
    let details = parse_details(&input.details, &mut errors);
    let classification = parse_classification_into(&input.classification, &mut errors);
    match (date, channel, message, classification) {
        (Some(date), Some(channel), Some(message), Some(classification)) if errors.is_empty() => {
            Ok(RegisterEntry {
                date,
                channel,
                message,
                details,
                consent: input.consent,
                classification,
            })
        }
        _ => Err(errors),
    }
}

/// What a referral to the LIVC-R made from a contact starts with.
#[derive(Clone, PartialEq, Eq)]
pub enum ReferralCarry {
    /// The requester consented: their message becomes the referral reason.
    Message(String),
    /// No consent: the reason starts empty, and the expert is told why.
    NoConsent,
}

impl fmt::Debug for ReferralCarry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReferralCarry::Message(m) => write!(f, "Message(<{} chars>)", m.chars().count()),
            ReferralCarry::NoConsent => f.write_str("NoConsent"),
        }
    }
}

/// The contact's message goes with a referral to the LIVC-R only when the
/// requester consented that it may be passed on (the deontology of the plan:
/// information is shared only with consent and when necessary).
pub fn referral_carry(consent: bool, message: &str) -> ReferralCarry {
    if consent {
        ReferralCarry::Message(message.to_owned())
    } else {
        ReferralCarry::NoConsent
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    fn public<'a>(kind: &'a str, message: &'a str) -> PublicInput<'a> {
        PublicInput {
            kind,
            message,
            ..PublicInput::default()
        }
    }

    fn fields(e: &FieldErrors) -> Vec<&'static str> {
        e.iter().map(|(f, _)| *f).collect()
    }

    #[test]
    fn a_public_message_needs_a_kind_and_a_message_only() {
        let s = parse_public(&public("advice", "  Mijn zoon kijkt rare filmpjes.  ")).unwrap();
        assert_eq!(s.kind, RequestKind::Advice);
        assert_eq!(s.message, "Mijn zoon kijkt rare filmpjes.");
        assert_eq!(s.details, ContactDetails::default());
        assert!(!s.consent);

        let e = parse_public(&public("", "")).unwrap_err();
        assert_eq!(
            e,
            vec![
                ("kind", ContactError::KindRequired),
                ("message", ContactError::MessageRequired)
            ]
        );
        let e = parse_public(&public("prank", "x")).unwrap_err();
        assert_eq!(e, vec![("kind", ContactError::UnknownChoice)]);
    }

    #[test]
    fn the_message_is_bounded_in_characters() {
        let just = "é".repeat(MESSAGE_MAX_CHARS);
        assert!(parse_public(&public("information", &just)).is_ok());
        let over = "é".repeat(MESSAGE_MAX_CHARS + 1);
        let e = parse_public(&public("information", &over)).unwrap_err();
        assert_eq!(
            e,
            vec![(
                "message",
                ContactError::TooLong {
                    max: MESSAGE_MAX_CHARS,
                    len: MESSAGE_MAX_CHARS + 1
                }
            )]
        );
        assert_eq!(e[0].1.args()[0], ("max", "4000".to_owned()));
        let e = parse_public(&public("information", "a\u{0}b")).unwrap_err();
        assert_eq!(e, vec![("message", ContactError::ControlCharacter)]);
        assert!(parse_public(&public("information", "regel 1\nregel 2\tb")).is_ok());
    }

    #[test]
    fn contact_details_are_checked_and_a_preference_needs_its_detail() {
        let mut input = public("guidance", "Vraag");
        input.details = DetailsInput {
            name: "An",
            email: "an@example.be",
            phone: "+32 3 123 45 67",
            preferred: "phone",
        };
        let s = parse_public(&input).unwrap();
        assert_eq!(s.details.preferred, Some(PreferredContact::Phone));
        assert_eq!(s.details.phone.as_deref(), Some("+32 3 123 45 67"));

        input.details = DetailsInput {
            preferred: "email",
            ..DetailsInput::default()
        };
        assert_eq!(
            parse_public(&input).unwrap_err(),
            vec![("email", ContactError::PreferredNeedsEmail)]
        );
        input.details = DetailsInput {
            preferred: "phone",
            ..DetailsInput::default()
        };
        assert_eq!(
            parse_public(&input).unwrap_err(),
            vec![("phone", ContactError::PreferredNeedsPhone)]
        );
        input.details = DetailsInput {
            preferred: "pigeon",
            ..DetailsInput::default()
        };
        assert_eq!(
            parse_public(&input).unwrap_err(),
            vec![("preferred", ContactError::UnknownChoice)]
        );
        // A refused address is reported once, as refused.
        input.details = DetailsInput {
            email: "geen-adres",
            preferred: "email",
            ..DetailsInput::default()
        };
        assert_eq!(
            parse_public(&input).unwrap_err(),
            vec![("email", ContactError::EmailInvalid)]
        );
    }

    #[test]
    fn emails_and_phone_numbers() {
        for ok in ["a@b.be", "voor.naam+tag@stad.sint-niklaas.be"] {
            assert!(parse_email(ok).unwrap().is_some(), "{ok}");
        }
        for bad in ["a", "@b.be", "a@b", "a@.be", "a@b.", "a b@c.be", "a@b@c.be"] {
            assert_eq!(parse_email(bad), Err(ContactError::EmailInvalid), "{bad}");
        }
        assert_eq!(parse_email("  "), Ok(None));
        for ok in [
            "03 123 45 67",
            "+32 470 12 34 56",
            "0470/12.34.56",
            "(03) 777-7777",
        ] {
            assert!(parse_phone(ok).unwrap().is_some(), "{ok}");
        }
        for bad in [
            "12345",
            "bel me",
            "03 123 45 67 ext 2",
            "32+470123456",
            "1234567890123456",
        ] {
            assert_eq!(parse_phone(bad), Err(ContactError::PhoneInvalid), "{bad}");
        }
    }

    fn today() -> Date {
        Date::new(2026, 11, 28).unwrap()
    }

    fn register<'a>() -> RegisterInput<'a> {
        RegisterInput {
            date: "27/11/2026",
            channel: "phone",
            message: "Leerkracht belt over uitspraken in de klas",
            details: DetailsInput::default(),
            consent: false,
            classification: ClassificationInput {
                requester: "teacher",
                themes: vec!["polarisation", "hate_speech"],
                kind: "conversation_tips",
                actions: vec!["advice"],
                follow_up: "05/12/2026",
                notes: "",
                status: "in_progress",
            },
        }
    }

    #[test]
    fn the_expert_registers_a_contact() {
        let e = parse_register(&register(), today()).unwrap();
        assert_eq!(e.channel, Channel::Phone);
        assert_eq!(
            e.classification.themes,
            vec![Theme::Polarisation, Theme::HateSpeech]
        );
        assert_eq!(e.classification.requester, Some(RequesterKind::Teacher));
        assert_eq!(e.classification.follow_up, Date::new(2026, 12, 5).ok());
        assert_eq!(e.classification.status, ContactStatus::InProgress);
    }

    #[test]
    fn register_rules() {
        let mut i = register();
        i.date = "29/11/2026";
        assert_eq!(
            parse_register(&i, today()).unwrap_err(),
            vec![("date", ContactError::DateInFuture)]
        );
        let mut i = register();
        i.channel = "public_form";
        assert_eq!(
            parse_register(&i, today()).unwrap_err(),
            vec![("channel", ContactError::ChannelNotManual)]
        );
        let mut i = register();
        i.classification.themes = vec!["aliens"];
        i.classification.status = "handled";
        i.classification.actions = vec![];
        let e = parse_register(&i, today()).unwrap_err();
        assert_eq!(fields(&e), vec!["themes", "actions"]);
        assert_eq!(e[1].1, ContactError::HandledWithoutAction);
        let mut i = register();
        i.date = "31/02/2026";
        i.classification.follow_up = "morgen";
        i.message = " ";
        let e = parse_register(&i, today()).unwrap_err();
        assert_eq!(fields(&e), vec!["date", "message", "follow_up"]);
    }

    #[test]
    fn the_retention_period_ends_no_later_than_promised() {
        let now = 1_795_871_100_000;
        let cutoff = retention_cutoff_ms(now);
        let days = (now - cutoff) / 86_400_000;
        assert_eq!(days, 720);
        // At most RETENTION_MONTHS calendar months (of at least 28 days... 31).
        assert!(days <= i64::from(RETENTION_MONTHS) * 31);
    }

    #[test]
    fn the_message_goes_to_a_referral_only_with_consent() {
        assert_eq!(
            referral_carry(true, "tekst"),
            ReferralCarry::Message("tekst".into())
        );
        assert_eq!(referral_carry(false, "tekst"), ReferralCarry::NoConsent);
    }

    #[test]
    fn debug_output_holds_no_text() {
        let mut input = public("report_person", "GEHEIM-BERICHT");
        input.details = DetailsInput {
            name: "GEHEIM-NAAM",
            email: "geheim@example.be",
            phone: "",
            preferred: "",
        };
        let s = parse_public(&input).unwrap();
        let shown = format!("{s:?} {:?}", referral_carry(true, &s.message));
        assert!(!shown.contains("GEHEIM"), "{shown}");
        assert!(!shown.contains("geheim"), "{shown}");
        let mut r = register();
        r.classification.notes = "GEHEIME-NOTITIE";
        let shown = format!("{:?}", parse_register(&r, today()).unwrap());
        assert!(!shown.contains("GEHEIM"), "{shown}");
    }

    proptest! {
        /// Whatever arrives, the parser answers (never panics), and what it
        /// accepts is within bounds.
        #[test]
        fn any_input_is_answered(kind in ".{0,20}", message in ".{0,300}", email in ".{0,40}", phone in ".{0,40}", preferred in ".{0,8}") {
            let input = PublicInput {
                kind: &kind,
                message: &message,
                requester: "",
                details: DetailsInput { name: "", email: &email, phone: &phone, preferred: &preferred },
                consent: false,
            };
            if let Ok(s) = parse_public(&input) {
                prop_assert!(!s.message.is_empty());
                prop_assert!(s.message.chars().count() <= MESSAGE_MAX_CHARS);
            }
        }
    }
}
