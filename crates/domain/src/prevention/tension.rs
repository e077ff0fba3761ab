//! The register of social tensions (maatschappelijke spanningen, plan
//! "Preventie" 3): each tension with the groups involved (never
//! individuals), its severity over time, a Brandsma analysis and the actions
//! the city took (counter-messages, dialogue, advice to page admins).
//!
//! The analysis follows Bart Brandsma ("Inzicht in de dynamiek van wij-zij
//! denken"): polarisation is a thought construct and a feelings-driven
//! us-versus-them dynamic between two poles; pushers (aanjagers) drive it,
//! joiners (meelopers) choose a side, the silent middle (stille midden)
//! chooses neither, bridge builders try to connect the poles, and the
//! scapegoat (zondebok) is whom the poles end up blaming — often the middle.
//! The four game changers: change the target audience (talk to the middle,
//! not the poles), the topic (from identity to shared concerns), the position
//! (in the middle, not above it) and the tone (mediating).
//!
//! The register is about groups, never individuals, with the person rule of
//! signals ([`check_person`]): no text of a tension may hold an e-mail
//! address or an identifying number, whatever the writer confirms; the
//! description, the groups and the analysis are refused when they look like
//! they name someone (two capitalised words, an `@handle`) until the writer
//! rewrites them or confirms that no one is recognisable.
//!
//! Every text here is free text and may hold personal data despite the
//! rules: the parsed types print only lengths.

use std::fmt;

use super::coded::coded_enum;
use super::network::{FieldError, FieldErrors, past_date, required_choice, required_text, text};
use super::signal::{PersonFinding, Severity, check_person, personal_detail};
use crate::case::Date;

/// Longest title.
pub const TITLE_MAX_CHARS: usize = 200;
/// Longest description, description of the groups, note or analysis field.
pub const TEXT_MAX_CHARS: usize = 4000;

coded_enum!(
    /// Where a tension stands.
    TensionStatus {
        Open => "open",
        /// Calmer, still followed (opvolging).
        Monitoring => "monitoring",
        Closed => "closed",
    }
);

coded_enum!(
    /// What the city did about a tension (plan 3.3).
    ActionKind {
        /// A counter-message (tegengeluid): "boodschappen en verhalen die een
        /// extreem en/of polariserend discours ondermijnen".
        CounterMessage => "counter_message",
        /// A dialogue between the groups, or with the middle.
        Dialogue => "dialogue",
        /// Advice to the admins of (local) social-media pages.
        PageAdminAdvice => "page_admin_advice",
        /// Advice or tailored support for a local organisation.
        OrganisationSupport => "organisation_support",
        Other => "other",
    }
);

coded_enum!(
    /// The fields of a Brandsma analysis, in the order of the model: the
    /// roles first, then the four game changers chosen.
    AnalysisField {
        /// The first pole and its narrative.
        PoleA => "pole_a",
        /// The second pole and its narrative.
        PoleB => "pole_b",
        /// Pushers (aanjagers), as groups or channels.
        Pushers => "pushers",
        /// Joiners (meelopers), as groups or channels.
        Joiners => "joiners",
        /// The silent middle (stille midden).
        SilentMiddle => "silent_middle",
        /// Bridge builders (bruggenbouwers).
        BridgeBuilders => "bridge_builders",
        /// The risk that someone is made the scapegoat (zondebok).
        ScapegoatRisk => "scapegoat_risk",
        /// Game changer: change the target audience (the middle, not the poles).
        TargetAudience => "target_audience",
        /// Game changer: change the topic (from identity to shared concerns).
        Topic => "topic",
        /// Game changer: change the position (in the middle, not above it).
        Position => "position",
        /// Game changer: change the tone (mediating).
        Tone => "tone",
    }
);

impl AnalysisField {
    /// One of the four game changers (the rest are the roles of the model).
    pub fn is_game_changer(self) -> bool {
        matches!(
            self,
            AnalysisField::TargetAudience
                | AnalysisField::Topic
                | AnalysisField::Position
                | AnalysisField::Tone
        )
    }
}

/// Any text of a tension: refused when it holds an e-mail address or an
/// identifying number (phone, national register, account).
fn no_personal_detail(t: &str) -> Result<(), FieldError> {
    match personal_detail(t) {
        Some(d) => Err(FieldError::PersonalDetail(d)),
        None => Ok(()),
    }
}

/// Text about the tension and its groups: also refused when it looks like
/// it names someone, until the writer `confirmed` no one is recognisable.
fn about_groups(t: &str, confirmed: bool) -> Result<(), FieldError> {
    match check_person(t, confirmed) {
        Ok(()) => Ok(()),
        Err(PersonFinding::Detail(d)) => Err(FieldError::PersonalDetail(d)),
        Err(PersonFinding::NameLike) => Err(FieldError::LooksPersonal),
    }
}

/// Applies `rule` to a parsed text; a refusal is pushed under `field`.
fn checked(
    value: Option<String>,
    field: &'static str,
    errors: &mut FieldErrors,
    rule: impl Fn(&str) -> Result<(), FieldError>,
) -> Option<String> {
    let v = value?;
    match rule(&v) {
        Ok(()) => Some(v),
        Err(e) => {
            errors.push((field, e));
            None
        }
    }
}

/// A tension as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct TensionInput<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The groups involved (never individuals).
    pub groups: &'a str,
    /// A district slug of the profile, or empty (the whole city, online).
    pub district: &'a str,
    /// `dd/mm/yyyy`: when the tension was first noted.
    pub noted_on: &'a str,
    /// One of [`TensionStatus`]; empty means open.
    pub status: &'a str,
    /// The writer confirms that the description and the groups name no one,
    /// despite what looks like a name. An e-mail address or an identifying
    /// number is refused all the same.
    pub confirm_no_person: bool,
}

/// A tension that passed every rule.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedTension {
    pub title: String,
    pub description: String,
    pub groups: String,
    pub district: Option<String>,
    pub noted_on: Date,
    pub status: TensionStatus,
}

impl fmt::Debug for ParsedTension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParsedTension")
            .field(
                "title",
                &format_args!("<{} chars>", self.title.chars().count()),
            )
            .field("district", &self.district)
            .field("noted_on", &self.noted_on)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// Parses a tension. `districts` are the profile's district slugs.
pub fn parse_tension(
    input: &TensionInput<'_>,
    districts: &[String],
    today: Date,
) -> Result<ParsedTension, FieldErrors> {
    let mut errors = FieldErrors::new();
    let confirmed = input.confirm_no_person;
    let title = required_text(input.title, TITLE_MAX_CHARS, "title", &mut errors);
    let title = checked(title, "title", &mut errors, no_personal_detail);
    let description = required_text(
        input.description,
        TEXT_MAX_CHARS,
        "description",
        &mut errors,
    );
    let description = checked(description, "description", &mut errors, |t| {
        about_groups(t, confirmed)
    });
    let groups = required_text(input.groups, TEXT_MAX_CHARS, "groups", &mut errors);
    let groups = checked(groups, "groups", &mut errors, |t| {
        about_groups(t, confirmed)
    });
    let district = match input.district.trim() {
        "" => None,
        d if districts.iter().any(|x| x == d) => Some(d.to_owned()),
        _ => {
            errors.push(("district", FieldError::UnknownDistrict));
            None
        }
    };
    let noted_on = past_date(input.noted_on, today, "noted_on", &mut errors);
    let status = if input.status.trim().is_empty() {
        Some(TensionStatus::Open)
    } else {
        required_choice::<TensionStatus>(input.status, "status", &mut errors)
    };
    match (title, description, groups, noted_on, status) {
        (Some(title), Some(description), Some(groups), Some(noted_on), Some(status))
            if errors.is_empty() =>
        {
            Ok(ParsedTension {
                title,
                description,
                groups,
                district,
                noted_on,
                status,
            })
        }
        _ => Err(errors),
    }
}

/// A Brandsma analysis: every field optional, in [`AnalysisField`] order.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Analysis {
    pub fields: Vec<(AnalysisField, String)>,
}

impl fmt::Debug for Analysis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.fields.iter().map(|(k, v)| (k, v.chars().count())))
            .finish()
    }
}

impl Analysis {
    /// The text of one field, if filled.
    pub fn get(&self, field: AnalysisField) -> Option<&str> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
    }

    /// The game changers chosen: those with a text saying how.
    pub fn game_changers(&self) -> Vec<AnalysisField> {
        self.fields
            .iter()
            .map(|(f, _)| *f)
            .filter(|f| f.is_game_changer())
            .collect()
    }
}

/// Parses an analysis from (field code, text) pairs. Unknown codes are
/// refused; an empty text clears the field; no field may hold an e-mail
/// address or an identifying number, and one that looks like it names
/// someone is refused unless the writer `confirmed` no one is recognisable.
pub fn parse_analysis(values: &[(&str, &str)], confirmed: bool) -> Result<Analysis, FieldErrors> {
    use super::coded::Coded;
    let mut errors = FieldErrors::new();
    let mut fields: Vec<(AnalysisField, String)> = Vec::new();
    for (code, value) in values {
        let Some(field) = AnalysisField::parse(code.trim()) else {
            errors.push(("analysis", FieldError::UnknownChoice));
            continue;
        };
        match text(value, TEXT_MAX_CHARS) {
            Ok(Some(t)) => {
                if let Err(e) = about_groups(&t, confirmed) {
                    errors.push((field.code(), e));
                    continue;
                }
                fields.retain(|(f, _)| *f != field);
                fields.push((field, t));
            }
            Ok(None) => fields.retain(|(f, _)| *f != field),
            Err(e) => errors.push((field.code(), e)),
        }
    }
    if errors.is_empty() {
        fields.sort_by_key(|(f, _)| AnalysisField::ALL.iter().position(|x| x == f));
        Ok(Analysis { fields })
    } else {
        Err(errors)
    }
}

/// A dated severity as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct SeverityInput<'a> {
    /// `dd/mm/yyyy`.
    pub date: &'a str,
    /// `low`, `medium` or `high`.
    pub severity: &'a str,
    pub note: &'a str,
}

/// A dated severity that passed every rule.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedSeverity {
    pub date: Date,
    pub severity: Severity,
    pub note: Option<String>,
}

impl fmt::Debug for ParsedSeverity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParsedSeverity")
            .field("date", &self.date)
            .field("severity", &self.severity)
            .finish_non_exhaustive()
    }
}

pub fn parse_severity(
    input: &SeverityInput<'_>,
    today: Date,
) -> Result<ParsedSeverity, FieldErrors> {
    let mut errors = FieldErrors::new();
    let date = past_date(input.date, today, "date", &mut errors);
    let severity = required_choice::<Severity>(input.severity, "severity", &mut errors);
    let note = text(input.note, TEXT_MAX_CHARS)
        .map_err(|e| errors.push(("note", e)))
        .ok()
        .flatten();
    let note = checked(note, "note", &mut errors, no_personal_detail);
    match (date, severity) {
        (Some(date), Some(severity)) if errors.is_empty() => Ok(ParsedSeverity {
            date,
            severity,
            note,
        }),
        _ => Err(errors),
    }
}

/// The current severity: that of the latest entry (by date; on the same
/// date, the one recorded last). `entries` are (date, recorded at, severity).
pub fn current_severity(entries: &[(Date, i64, Severity)]) -> Option<Severity> {
    entries
        .iter()
        .max_by_key(|(d, at, _)| (*d, *at))
        .map(|(_, _, s)| *s)
}

/// An action as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct ActionInput<'a> {
    /// `dd/mm/yyyy`.
    pub date: &'a str,
    /// One of [`ActionKind`].
    pub kind: &'a str,
    pub description: &'a str,
    /// What came of it (may follow later).
    pub result: &'a str,
}

/// An action that passed every rule.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedAction {
    pub date: Date,
    pub kind: ActionKind,
    pub description: String,
    pub result: Option<String>,
}

impl fmt::Debug for ParsedAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParsedAction")
            .field("date", &self.date)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

pub fn parse_action(input: &ActionInput<'_>, today: Date) -> Result<ParsedAction, FieldErrors> {
    let mut errors = FieldErrors::new();
    let date = past_date(input.date, today, "date", &mut errors);
    let kind = required_choice::<ActionKind>(input.kind, "kind", &mut errors);
    let description = required_text(
        input.description,
        TEXT_MAX_CHARS,
        "description",
        &mut errors,
    );
    let description = checked(description, "description", &mut errors, no_personal_detail);
    let result = text(input.result, TEXT_MAX_CHARS)
        .map_err(|e| errors.push(("result", e)))
        .ok()
        .flatten();
    let result = checked(result, "result", &mut errors, no_personal_detail);
    match (date, kind, description) {
        (Some(date), Some(kind), Some(description)) if errors.is_empty() => Ok(ParsedAction {
            date,
            kind,
            description,
            result,
        }),
        _ => Err(errors),
    }
}

/// Checks the signal ids to link against the tenant's signals (`known`);
/// repeats count once.
pub fn parse_signal_links(ids: &[&str], known: &[String]) -> Result<Vec<String>, FieldErrors> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        let id = id.trim();
        if id.is_empty() {
            continue;
        }
        if !known.iter().any(|k| k == id) {
            return Err(vec![("signals", FieldError::UnknownSignal)]);
        }
        if !out.iter().any(|o| o == id) {
            out.push(id.to_owned());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::prevention::coded::Coded;
    use crate::prevention::signal::PersonalDetail;
    use proptest::prelude::*;

    fn today() -> Date {
        Date::new(2026, 11, 28).unwrap()
    }

    fn districts() -> Vec<String> {
        vec!["nieuwkerken".into(), "belsele".into()]
    }

    fn input<'a>() -> TensionInput<'a> {
        TensionInput {
            title: "Spanningen rond het jeugdhuis",
            description: "Na een incident circuleren polariserende berichten.",
            groups: "Jongeren van twee wijken; buurtbewoners",
            district: "nieuwkerken",
            noted_on: "02/11/2026",
            status: "",
            confirm_no_person: false,
        }
    }

    #[test]
    fn a_tension_parses_and_starts_open() {
        let t = parse_tension(&input(), &districts(), today()).unwrap();
        assert_eq!(t.status, TensionStatus::Open);
        assert_eq!(t.district.as_deref(), Some("nieuwkerken"));
        assert!(!format!("{t:?}").contains("jeugdhuis"));
    }

    #[test]
    fn every_field_is_checked() {
        let long = "x".repeat(TITLE_MAX_CHARS + 1);
        let i = TensionInput {
            title: &long,
            description: "",
            groups: "iemand@example.be",
            district: "atlantis",
            noted_on: "01/01/2027",
            status: "escalated",
            confirm_no_person: true,
        };
        let e = parse_tension(&i, &districts(), today()).unwrap_err();
        assert_eq!(
            e,
            vec![
                (
                    "title",
                    FieldError::TooLong {
                        max: TITLE_MAX_CHARS,
                        len: TITLE_MAX_CHARS + 1
                    }
                ),
                ("description", FieldError::Required),
                (
                    "groups",
                    FieldError::PersonalDetail(PersonalDetail::EmailAddress)
                ),
                ("district", FieldError::UnknownDistrict),
                ("noted_on", FieldError::DateInFuture),
                ("status", FieldError::UnknownChoice),
            ]
        );
    }

    #[test]
    fn groups_never_name_individuals_by_their_details() {
        let mut i = input();
        i.groups = "Bellers vanaf 0470 12 34 56";
        assert_eq!(
            parse_tension(&i, &districts(), today()).unwrap_err(),
            vec![(
                "groups",
                FieldError::PersonalDetail(PersonalDetail::IdentifyingNumber)
            )]
        );
        // Place and organisation names look like names: a hint the writer
        // confirms.
        i.groups = "Supporters van Sint-Niklaas Noord en de Grote Markt";
        assert_eq!(
            parse_tension(&i, &districts(), today()).unwrap_err(),
            vec![("groups", FieldError::LooksPersonal)]
        );
        i.confirm_no_person = true;
        assert!(parse_tension(&i, &districts(), today()).is_ok());
    }

    #[test]
    fn names_are_a_hint_to_confirm_and_details_are_refused_everywhere() {
        // Names in the groups: refused until confirmed.
        for groups in [
            "Jan Peeters en zijn vrienden",
            "Mohamed El Amrani",
            "Het account @janpeeters en zijn volgers",
        ] {
            let mut i = input();
            i.groups = groups;
            assert_eq!(
                parse_tension(&i, &districts(), today()).unwrap_err(),
                vec![("groups", FieldError::LooksPersonal)],
                "{groups}"
            );
            i.confirm_no_person = true;
            assert!(parse_tension(&i, &districts(), today()).is_ok(), "{groups}");
        }
        // The description follows the same rule; an address is never confirmed away.
        let mut i = input();
        i.description = "Jan Peeters deelt posts, mail jan@example.org";
        i.confirm_no_person = true;
        assert_eq!(
            parse_tension(&i, &districts(), today()).unwrap_err(),
            vec![(
                "description",
                FieldError::PersonalDetail(PersonalDetail::EmailAddress)
            )]
        );
        i.description = "Volgens de school deelt Jan Peeters posts.";
        assert!(parse_tension(&i, &districts(), today()).is_ok());
        i.confirm_no_person = false;
        assert_eq!(
            parse_tension(&i, &districts(), today()).unwrap_err(),
            vec![("description", FieldError::LooksPersonal)]
        );
        // A channel is not a person; the title may name places, not numbers.
        let mut i = input();
        i.groups = "Telegramgroep X en twee lokale Facebookgroepen";
        i.title = "Onrust in Nieuwkerken";
        assert!(parse_tension(&i, &districts(), today()).is_ok());
        i.title = "Oproepen vanaf 0470 99 88 77";
        i.confirm_no_person = true;
        assert_eq!(
            parse_tension(&i, &districts(), today()).unwrap_err(),
            vec![(
                "title",
                FieldError::PersonalDetail(PersonalDetail::IdentifyingNumber)
            )]
        );
        // Severity notes and actions hold no address or number either.
        let e = parse_severity(
            &SeverityInput {
                date: "20/11/2026",
                severity: "high",
                note: "Melder: 0470 12 34 56",
            },
            today(),
        )
        .unwrap_err();
        assert_eq!(
            e,
            vec![(
                "note",
                FieldError::PersonalDetail(PersonalDetail::IdentifyingNumber)
            )]
        );
        let e = parse_action(
            &ActionInput {
                date: "21/11/2026",
                kind: "page_admin_advice",
                description: "Mail aan beheerder@example.be",
                result: "Antwoord van admin@example.be",
            },
            today(),
        )
        .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["description", "result"]);
        // Actions may name organisations.
        assert!(
            parse_action(
                &ActionInput {
                    date: "21/11/2026",
                    kind: "dialogue",
                    description: "Gesprek met Jeugdhuis De Klinker",
                    result: "",
                },
                today(),
            )
            .is_ok()
        );
        let e = FieldError::PersonalDetail(PersonalDetail::Both);
        assert_eq!(e.code(), "personal_detail");
        assert_eq!(e.message_key(), "network-error-personal-detail");
        assert_eq!(e.args(), vec![("what", "both".to_owned())]);
    }

    #[test]
    fn every_analysis_field_follows_the_person_rule() {
        assert_eq!(
            parse_analysis(&[("pushers", "account @janpeeters en Jan Peeters")], false)
                .unwrap_err(),
            vec![("pushers", FieldError::LooksPersonal)]
        );
        assert!(parse_analysis(&[("pushers", "account @janpeeters en Jan Peeters")], true).is_ok());
        for code in ["pole_a", "silent_middle", "target_audience", "tone"] {
            assert_eq!(
                parse_analysis(&[(code, "Bel 0470 12 34 56")], true).unwrap_err(),
                vec![(
                    code,
                    FieldError::PersonalDetail(PersonalDetail::IdentifyingNumber)
                )],
                "{code}"
            );
        }
        assert!(parse_analysis(&[("pushers", "Telegramgroep X")], false).is_ok());
    }

    #[test]
    fn the_analysis_keeps_the_model_order_and_refuses_individuals() {
        let a = parse_analysis(
            &[
                ("tone", "Bemiddelend, niet veroordelend."),
                ("pole_a", "Groep A: 'zij nemen onze buurt over'."),
                ("pushers", "Twee lokale Facebookgroepen."),
                ("topic", ""),
            ],
            false,
        )
        .unwrap();
        let order: Vec<AnalysisField> = a.fields.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            order,
            vec![
                AnalysisField::PoleA,
                AnalysisField::Pushers,
                AnalysisField::Tone
            ]
        );
        assert_eq!(a.game_changers(), vec![AnalysisField::Tone]);
        assert_eq!(
            a.get(AnalysisField::Pushers),
            Some("Twee lokale Facebookgroepen.")
        );
        assert!(!format!("{a:?}").contains("Facebook"));
        assert_eq!(
            parse_analysis(&[("pushers", "beheerder@example.be")], true).unwrap_err(),
            vec![(
                "pushers",
                FieldError::PersonalDetail(PersonalDetail::EmailAddress)
            )]
        );
        // A game changer holds no address either, not even the city's.
        assert_eq!(
            parse_analysis(&[("target_audience", "Mail naar info@stad.be")], true).unwrap_err()[0]
                .0,
            "target_audience"
        );
        assert_eq!(
            parse_analysis(&[("villain", "x")], false).unwrap_err(),
            vec![("analysis", FieldError::UnknownChoice)]
        );
        let long = "x".repeat(TEXT_MAX_CHARS + 1);
        assert_eq!(
            parse_analysis(&[("silent_middle", long.as_str())], false).unwrap_err()[0].0,
            "silent_middle"
        );
        assert_eq!(AnalysisField::ALL.len(), 11);
        assert_eq!(
            AnalysisField::ALL
                .iter()
                .filter(|f| f.is_game_changer())
                .count(),
            4
        );
    }

    #[test]
    fn the_current_severity_is_the_latest() {
        let d = |m, day| Date::new(2026, m, day).unwrap();
        assert_eq!(current_severity(&[]), None);
        let entries = [
            (d(11, 2), 1, Severity::Medium),
            (d(11, 20), 5, Severity::Low),
            (d(11, 10), 9, Severity::High),
        ];
        assert_eq!(current_severity(&entries), Some(Severity::Low));
        // Same date: the one recorded last.
        let same = [(d(11, 2), 1, Severity::High), (d(11, 2), 2, Severity::Low)];
        assert_eq!(current_severity(&same), Some(Severity::Low));
    }

    #[test]
    fn severity_and_action_entries_are_checked() {
        let s = parse_severity(
            &SeverityInput {
                date: "20/11/2026",
                severity: "high",
                note: "Escalatie na een filmpje.",
            },
            today(),
        )
        .unwrap();
        assert_eq!(s.severity, Severity::High);
        let e = parse_severity(
            &SeverityInput {
                date: "",
                severity: "extreme",
                note: "",
            },
            today(),
        )
        .unwrap_err();
        assert_eq!(
            e,
            vec![
                ("date", FieldError::Required),
                ("severity", FieldError::UnknownChoice)
            ]
        );
        let a = parse_action(
            &ActionInput {
                date: "21/11/2026",
                kind: "counter_message",
                description: "Tegengeluid op de stadskanalen.",
                result: "",
            },
            today(),
        )
        .unwrap();
        assert_eq!(a.kind, ActionKind::CounterMessage);
        assert_eq!(a.result, None);
        let e = parse_action(
            &ActionInput {
                date: "2026-11-21",
                kind: "",
                description: "",
                result: "",
            },
            today(),
        )
        .unwrap_err();
        let fields: Vec<&str> = e.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, vec!["date", "kind", "description"]);
    }

    #[test]
    fn only_known_signals_are_linked() {
        let known = vec!["s1".to_owned(), "s2".to_owned()];
        assert_eq!(
            parse_signal_links(&["s2", "s1", "s2", ""], &known).unwrap(),
            vec!["s2".to_owned(), "s1".to_owned()]
        );
        assert_eq!(
            parse_signal_links(&["s3"], &known).unwrap_err(),
            vec![("signals", FieldError::UnknownSignal)]
        );
    }

    proptest! {
        #[test]
        fn parsing_never_panics(title in ".{0,300}", groups in ".{0,300}", date in ".{0,12}") {
            let i = TensionInput { title: &title, groups: &groups, noted_on: &date, ..input() };
            let _ = parse_tension(&i, &districts(), today());
            let _ = parse_analysis(&[("pole_a", groups.as_str()), (title.as_str(), "x")], true);
        }
    }
}
