//! Handing a case to another LIVC-R (plan: "Bij verhuis wordt de casus
//! doorgegeven aan de LIVC-R van de nieuwe woonplaats van de persoon"): what
//! goes into the transfer package, how the receiving side reads it back, and
//! what kind of case it becomes there. Pure; the sealing and signing is
//! `verbind_crypto::package`.
//!
//! What travels ([`contents`]), and only for a case in state Overgedragen:
//! - the identity from the vault, the target groups, the minor and
//!   protective-measure flags, the reason for referral, the sending LIVC-R's
//!   pseudonym code, and the dates of the state history (not its notes);
//! - the information items whose owner consented to their use, except items
//!   under professional secrecy (lifted only inside this LIVC-R's case
//!   consultation, art. 458ter Sw.) and withdrawn items ([`may_transfer_item`]);
//! - never the owning organisation of an item, nor the referring organisation:
//!   the origin never leaves the table ([`super::ethics::may_see_origin`] with
//!   [`super::ethics::Audience::Export`]);
//! - never decisions, votes, minutes or assessments: they are this table's.
//!
//! The payload is JSON (`"format": "verbind-case-transfer-contents-v1"`):
//! [`TransferContents::to_json`] and [`TransferContents::from_json`], which
//! parses everything from outside into checked domain types.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::date::Date;
use super::ethics::{ItemFacts, NecessityReason, RiskDomain, Step, UseError, may_use_in_step};
use super::identity::{CaseCode, NationalNumber};
use super::lifecycle::CaseState;
use super::referral::{
    ReferralReason, ReferralSource, TargetGroups, is_minor, protective_measure_flag,
};
use super::text::required_text;

/// The payload format this code writes and reads.
pub const CONTENTS_FORMAT: &str = "verbind-case-transfer-contents-v1";
/// Most items one package may carry.
pub const MAX_ITEMS: usize = 1000;
/// Most history steps one package may carry.
pub const MAX_HISTORY: usize = 1000;
/// Longest name, as in the referral form.
pub const NAME_MAX_CHARS: usize = 200;
/// Longest address, as in the referral form.
pub const ADDRESS_MAX_CHARS: usize = 300;
/// Longest item text, as in the item form.
pub const ITEM_CONTENT_MAX_CHARS: usize = 8000;

/// The person, as kept in the identity vault.
#[derive(Clone, PartialEq, Eq)]
pub struct TransferIdentity {
    pub name: String,
    pub date_of_birth: Option<Date>,
    pub address: Option<String>,
    pub national_number: Option<NationalNumber>,
}

impl std::fmt::Debug for TransferIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never who it is, not even in a test failure.
        f.write_str("TransferIdentity(..)")
    }
}

/// One step of the sending case's history, as stored there.
#[derive(Clone, PartialEq, Eq)]
pub struct HistoryFact {
    pub on: Date,
    pub from: CaseState,
    pub to: CaseState,
    /// The step's note: free text of this table, never transferred.
    pub note: Option<String>,
}

impl std::fmt::Debug for HistoryFact {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HistoryFact")
            .field("on", &self.on)
            .field("from", &self.from)
            .field("to", &self.to)
            .finish_non_exhaustive()
    }
}

/// One information item of the sending case, with everything known about it.
#[derive(Clone, PartialEq, Eq)]
pub struct ItemCandidate {
    pub facts: ItemFacts,
    /// The owning organisation's name: known here, never transferred.
    pub owner_name: String,
    pub risk_domain: RiskDomain,
    pub necessity: String,
    pub content: String,
    pub added_on: Date,
}

impl std::fmt::Debug for ItemCandidate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemCandidate")
            .field("facts", &self.facts)
            .field("risk_domain", &self.risk_domain)
            .finish_non_exhaustive()
    }
}

/// The facts of a case that the sending side reads before building a package.
#[derive(Clone)]
pub struct TransferFacts {
    pub state: CaseState,
    pub code: CaseCode,
    pub identity: TransferIdentity,
    pub groups: TargetGroups,
    pub minor_at_referral: bool,
    pub protective_measure: bool,
    /// The reason for referral, as stored (checked again here).
    pub reason: String,
    /// The organisation that referred the case: never transferred.
    pub referred_by_org: Option<String>,
    pub referred_on: Date,
    pub transferred_on: Date,
    pub history: Vec<HistoryFact>,
    pub items: Vec<ItemCandidate>,
}

impl std::fmt::Debug for TransferFacts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Codes and counts only: the rest is personal or the table's own.
        f.debug_struct("TransferFacts")
            .field("state", &self.state)
            .field("code", &self.code)
            .field("history", &self.history)
            .field("items", &self.items)
            .finish_non_exhaustive()
    }
}

/// A history step as it travels: dates and states only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryStep {
    pub on: Date,
    pub from: CaseState,
    pub to: CaseState,
}

/// An item as it travels: no owner, no sharing level, no origin.
#[derive(Clone, PartialEq, Eq)]
pub struct TransferItem {
    pub risk_domain: RiskDomain,
    pub necessity: NecessityReason,
    pub content: String,
    pub added_on: Date,
}

impl std::fmt::Debug for TransferItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransferItem")
            .field("risk_domain", &self.risk_domain)
            .field("added_on", &self.added_on)
            .finish_non_exhaustive()
    }
}

/// What a transfer package holds, checked.
#[derive(Clone, PartialEq, Eq)]
pub struct TransferContents {
    /// The sending LIVC-R's pseudonym code of the case.
    pub code: CaseCode,
    pub identity: TransferIdentity,
    pub groups: TargetGroups,
    pub minor_at_referral: bool,
    pub protective_measure: bool,
    pub reason: ReferralReason,
    pub referred_on: Date,
    pub transferred_on: Date,
    pub history: Vec<HistoryStep>,
    pub items: Vec<TransferItem>,
}

impl std::fmt::Debug for TransferContents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TransferContents")
            .field("code", &self.code)
            .field("history", &self.history.len())
            .field("items", &self.items.len())
            .finish_non_exhaustive()
    }
}

/// Why no package can be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TransferError {
    /// Only a case in state Overgedragen is handed over.
    #[error("only a transferred case can be handed over")]
    NotTransferred,
    /// A stored value does not pass the rules it passed when it was entered.
    #[error("the case holds a value that cannot be transferred: {0}")]
    Invalid(&'static str),
}

impl TransferError {
    pub fn code(self) -> &'static str {
        match self {
            TransferError::NotTransferred => "not_transferred",
            TransferError::Invalid(_) => "invalid",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            TransferError::NotTransferred => "transfer-error-not-transferred",
            TransferError::Invalid(_) => "transfer-error-invalid",
        }
    }
}

/// Whether an item may go into a transfer package: never a withdrawn item,
/// never an item under professional secrecy (whatever the owner consents to:
/// the secrecy is lifted only inside this LIVC-R's case consultation), and
/// otherwise only with the owner's consent ([`may_use_in_step`] for
/// [`Step::Transfer`]).
pub fn may_transfer_item(item: &ItemFacts) -> Result<(), UseError> {
    if item.withdrawn {
        return Err(UseError::Withdrawn);
    }
    if item.professional_secrecy {
        return Err(UseError::ProfessionalSecrecy);
    }
    may_use_in_step(item, Step::Transfer)
}

/// How many items go along, and why the others stay (for the expert's page).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ItemSelection {
    pub included: usize,
    pub withdrawn: usize,
    pub professional_secrecy: usize,
    pub consent_missing: usize,
}

/// Counts [`may_transfer_item`] over `items`.
pub fn item_selection<'a>(items: impl IntoIterator<Item = &'a ItemFacts>) -> ItemSelection {
    let mut s = ItemSelection::default();
    for item in items {
        match may_transfer_item(item) {
            Ok(()) => s.included += 1,
            Err(UseError::Withdrawn) => s.withdrawn += 1,
            Err(UseError::ProfessionalSecrecy) => s.professional_secrecy += 1,
            // `may_transfer_item` never refuses for sharing or the recipient:
            // the package goes to the receiving LIVC-R's expert, who decides
            // on its own table.
            Err(
                UseError::ConsentMissing
                | UseError::NotSharedWithRecipient
                | UseError::OutsideTable,
            ) => s.consent_missing += 1,
        }
    }
    s
}

fn clean_line(input: &str, max: usize, field: &'static str) -> Result<String, &'static str> {
    let t = required_text(input, max).map_err(|_| field)?;
    if t.chars().any(char::is_control) {
        return Err(field);
    }
    Ok(t)
}

fn clean_optional_line(
    input: Option<&str>,
    max: usize,
    field: &'static str,
) -> Result<Option<String>, &'static str> {
    match input.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => clean_line(t, max, field).map(Some),
    }
}

fn item_content(input: &str) -> Result<String, &'static str> {
    required_text(input, ITEM_CONTENT_MAX_CHARS).map_err(|_| "items.content")
}

/// Decides what goes into the package of a transferred case (see the module
/// docs). Items that may not go are left out silently; the caller shows
/// [`item_selection`] beforehand.
pub fn contents(facts: &TransferFacts) -> Result<TransferContents, TransferError> {
    if facts.state != CaseState::Overgedragen {
        return Err(TransferError::NotTransferred);
    }
    let invalid = TransferError::Invalid;
    let identity = TransferIdentity {
        name: clean_line(&facts.identity.name, NAME_MAX_CHARS, "identity.name").map_err(invalid)?,
        date_of_birth: facts.identity.date_of_birth,
        address: clean_optional_line(
            facts.identity.address.as_deref(),
            ADDRESS_MAX_CHARS,
            "identity.address",
        )
        .map_err(invalid)?,
        national_number: facts.identity.national_number.clone(),
    };
    let reason = ReferralReason::parse(&facts.reason).map_err(|_| invalid("referral_reason"))?;
    let mut items = Vec::new();
    for c in &facts.items {
        if may_transfer_item(&c.facts).is_err() {
            continue;
        }
        // The owner, its sharing level and its shielding stay here: an export
        // is never an audience that may learn the origin.
        items.push(TransferItem {
            risk_domain: c.risk_domain,
            necessity: NecessityReason::parse(&c.necessity)
                .map_err(|_| invalid("items.necessity"))?,
            content: item_content(&c.content).map_err(invalid)?,
            added_on: c.added_on,
        });
    }
    if items.len() > MAX_ITEMS || facts.history.len() > MAX_HISTORY {
        return Err(invalid("too_many"));
    }
    Ok(TransferContents {
        code: facts.code.clone(),
        identity,
        groups: facts.groups,
        minor_at_referral: facts.minor_at_referral,
        protective_measure: facts.protective_measure,
        reason,
        referred_on: facts.referred_on,
        transferred_on: facts.transferred_on,
        history: facts
            .history
            .iter()
            .map(|h| HistoryStep {
                on: h.on,
                from: h.from,
                to: h.to,
            })
            .collect(),
        items,
    })
}

/// Why a received payload was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ContentsError {
    #[error("the package contents are not valid JSON of the expected shape")]
    NotJson,
    #[error("the package contents have an unknown format")]
    UnknownFormat,
    #[error("the package contents hold an invalid value: {0}")]
    Invalid(&'static str),
}

impl ContentsError {
    pub fn code(self) -> &'static str {
        match self {
            ContentsError::NotJson => "not_json",
            ContentsError::UnknownFormat => "unknown_format",
            ContentsError::Invalid(_) => "invalid_value",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            ContentsError::UnknownFormat => "transfer-error-unknown-format",
            ContentsError::NotJson | ContentsError::Invalid(_) => "transfer-error-contents",
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    format: String,
    case_code: String,
    identity: WireIdentity,
    /// `a`, `b` or `a,b` ([`TargetGroups::code`]).
    target_groups: String,
    minor_at_referral: bool,
    protective_measure: bool,
    referral_reason: String,
    /// ISO dates.
    referred_on: String,
    transferred_on: String,
    history: Vec<WireStep>,
    items: Vec<WireItem>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireIdentity {
    name: String,
    date_of_birth: Option<String>,
    address: Option<String>,
    /// Eleven digits.
    national_number: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireStep {
    on: String,
    /// [`CaseState::code`].
    from: String,
    to: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WireItem {
    /// [`RiskDomain::code`].
    risk_domain: String,
    necessity: String,
    content: String,
    added_on: String,
}

fn date(s: &str, field: &'static str) -> Result<Date, ContentsError> {
    Date::parse_iso(s).map_err(|_| ContentsError::Invalid(field))
}

fn state(s: &str, field: &'static str) -> Result<CaseState, ContentsError> {
    CaseState::parse(s).ok_or(ContentsError::Invalid(field))
}

impl TransferContents {
    /// The payload: UTF-8 JSON, see the module docs. Field names and codes are
    /// the stored codes of the domain types, so they never change by accident.
    pub fn to_json(&self) -> Result<Vec<u8>, ContentsError> {
        let wire = Wire {
            format: CONTENTS_FORMAT.to_owned(),
            case_code: self.code.to_string(),
            identity: WireIdentity {
                name: self.identity.name.clone(),
                date_of_birth: self.identity.date_of_birth.map(Date::to_iso),
                address: self.identity.address.clone(),
                national_number: self
                    .identity
                    .national_number
                    .as_ref()
                    .map(|n| n.as_digits().to_owned()),
            },
            target_groups: self.groups.code(),
            minor_at_referral: self.minor_at_referral,
            protective_measure: self.protective_measure,
            referral_reason: self.reason.as_str().to_owned(),
            referred_on: self.referred_on.to_iso(),
            transferred_on: self.transferred_on.to_iso(),
            history: self
                .history
                .iter()
                .map(|h| WireStep {
                    on: h.on.to_iso(),
                    from: h.from.code().to_owned(),
                    to: h.to.code().to_owned(),
                })
                .collect(),
            items: self
                .items
                .iter()
                .map(|i| WireItem {
                    risk_domain: i.risk_domain.code().to_owned(),
                    necessity: i.necessity.as_str().to_owned(),
                    content: i.content.clone(),
                    added_on: i.added_on.to_iso(),
                })
                .collect(),
        };
        serde_json::to_vec(&wire).map_err(|_| ContentsError::NotJson)
    }

    /// Parses a received payload into checked types: every value passes the
    /// same rules as when it is typed in here (names, dates, national register
    /// number, reason, item texts), within the size limits above.
    pub fn from_json(bytes: &[u8]) -> Result<TransferContents, ContentsError> {
        // The format first, so a future version is named as such and not as garbage.
        #[derive(Deserialize)]
        struct Head {
            format: String,
        }
        let head: Head = serde_json::from_slice(bytes).map_err(|_| ContentsError::NotJson)?;
        if head.format != CONTENTS_FORMAT {
            return Err(ContentsError::UnknownFormat);
        }
        let w: Wire = serde_json::from_slice(bytes).map_err(|_| ContentsError::NotJson)?;
        let invalid = ContentsError::Invalid;
        if w.items.len() > MAX_ITEMS || w.history.len() > MAX_HISTORY {
            return Err(invalid("too_many"));
        }
        let code = CaseCode::parse(&w.case_code).map_err(|_| invalid("case_code"))?;
        let identity = TransferIdentity {
            name: clean_line(&w.identity.name, NAME_MAX_CHARS, "identity.name").map_err(invalid)?,
            date_of_birth: w
                .identity
                .date_of_birth
                .as_deref()
                .map(|d| date(d, "identity.date_of_birth"))
                .transpose()?,
            address: clean_optional_line(
                w.identity.address.as_deref(),
                ADDRESS_MAX_CHARS,
                "identity.address",
            )
            .map_err(invalid)?,
            national_number: w
                .identity
                .national_number
                .as_deref()
                .map(|n| NationalNumber::parse(n).map_err(|_| invalid("identity.national_number")))
                .transpose()?,
        };
        let groups = TargetGroups::parse(&w.target_groups).map_err(|_| invalid("target_groups"))?;
        let reason =
            ReferralReason::parse(&w.referral_reason).map_err(|_| invalid("referral_reason"))?;
        let history = w
            .history
            .iter()
            .map(|h| {
                Ok(HistoryStep {
                    on: date(&h.on, "history.on")?,
                    from: state(&h.from, "history.from")?,
                    to: state(&h.to, "history.to")?,
                })
            })
            .collect::<Result<Vec<_>, ContentsError>>()?;
        let items = w
            .items
            .iter()
            .map(|i| {
                Ok(TransferItem {
                    risk_domain: RiskDomain::parse(&i.risk_domain)
                        .ok_or(invalid("items.risk_domain"))?,
                    necessity: NecessityReason::parse(&i.necessity)
                        .map_err(|_| invalid("items.necessity"))?,
                    content: item_content(&i.content).map_err(invalid)?,
                    added_on: date(&i.added_on, "items.added_on")?,
                })
            })
            .collect::<Result<Vec<_>, ContentsError>>()?;
        Ok(TransferContents {
            code,
            identity,
            groups,
            minor_at_referral: w.minor_at_referral,
            protective_measure: w.protective_measure,
            reason,
            referred_on: date(&w.referred_on, "referred_on")?,
            transferred_on: date(&w.transferred_on, "transferred_on")?,
            history,
            items,
        })
    }
}

/// The facts of the case a received package becomes: a new referral at the
/// receiving LIVC-R's Partnertafel, in state Aangemeld, with its own code and
/// its own LTF check (the sending side's check does not carry over).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportPlan {
    pub state: CaseState,
    pub groups: TargetGroups,
    /// Computed again from the date of birth on the day of the import, so a
    /// minor is never missed; without a date of birth, the sending side's flag.
    pub minor: bool,
    pub protective_measure: bool,
    /// The person moved here: that is why the case was handed over.
    pub lives_in_area: bool,
    pub socially_active_in_area: bool,
    pub source: ReferralSource,
}

/// What a received package becomes on `today`.
pub fn import_plan(c: &TransferContents, today: Date) -> ImportPlan {
    let minor = match c.identity.date_of_birth {
        Some(dob) => is_minor(dob, today),
        None => c.minor_at_referral,
    };
    ImportPlan {
        state: CaseState::Aangemeld,
        groups: c.groups,
        minor,
        protective_measure: protective_measure_flag(minor, c.groups),
        lives_in_area: true,
        socially_active_in_area: false,
        source: ReferralSource::Transfer,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::OrganisationId;
    use crate::case::ethics::Sharing;
    use crate::case::referral::TargetGroup;
    use proptest::prelude::*;

    const NAME: &str = "Zeno Canarius-9b1c";
    const OWNER: &str = "Lokale politie Canarius-Org";

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn item(text: &str, owner: &OrganisationId, f: impl FnOnce(&mut ItemFacts)) -> ItemCandidate {
        let mut facts = ItemFacts {
            owner_org: owner.clone(),
            sharing: Sharing::Table,
            withdrawn: false,
            origin_shielded: false,
            professional_secrecy: false,
            consent_for_use: true,
        };
        f(&mut facts);
        ItemCandidate {
            facts,
            owner_name: OWNER.to_owned(),
            risk_domain: RiskDomain::SocialeContext,
            necessity: "Om de begeleiding af te stemmen.".to_owned(),
            content: text.to_owned(),
            added_on: d(2026, 5, 2),
        }
    }

    fn facts() -> TransferFacts {
        let owner = OrganisationId::new();
        TransferFacts {
            state: CaseState::Overgedragen,
            code: CaseCode::parse("SN-2026-007").unwrap(),
            identity: TransferIdentity {
                name: NAME.to_owned(),
                date_of_birth: Some(d(2010, 4, 1)),
                address: Some("Grote Markt 1, 9160 Lokeren".to_owned()),
                national_number: Some(NationalNumber::parse("85.07.30-033.28").unwrap()),
            },
            groups: TargetGroups::new(&[TargetGroup::Alienation]).unwrap(),
            minor_at_referral: true,
            protective_measure: false,
            reason: "Zorgwekkende uitspraken op school".to_owned(),
            referred_by_org: Some(OWNER.to_owned()),
            referred_on: d(2026, 3, 1),
            transferred_on: d(2026, 11, 20),
            history: vec![
                HistoryFact {
                    on: d(2026, 3, 2),
                    from: CaseState::Aangemeld,
                    to: CaseState::Screening,
                    note: Some("notitie-canarius van de tafel".to_owned()),
                },
                HistoryFact {
                    on: d(2026, 11, 20),
                    from: CaseState::Screening,
                    to: CaseState::Overgedragen,
                    note: None,
                },
            ],
            items: vec![
                item("ITEM-CONSENT", &owner, |_| {}),
                item("ITEM-NO-CONSENT", &owner, |f| f.consent_for_use = false),
                item("ITEM-SECRECY", &owner, |f| f.professional_secrecy = true),
                item("ITEM-WITHDRAWN", &owner, |f| f.withdrawn = true),
                item("ITEM-SHIELDED", &owner, |f| f.origin_shielded = true),
            ],
        }
    }

    #[test]
    fn only_consented_items_without_secrecy_go_along() {
        let f = facts();
        let c = contents(&f).unwrap();
        let texts: Vec<&str> = c.items.iter().map(|i| i.content.as_str()).collect();
        assert_eq!(texts, ["ITEM-CONSENT", "ITEM-SHIELDED"]);
        assert_eq!(
            item_selection(f.items.iter().map(|i| &i.facts)),
            ItemSelection {
                included: 2,
                withdrawn: 1,
                professional_secrecy: 1,
                consent_missing: 1,
            }
        );
    }

    #[test]
    fn secrecy_blocks_even_with_consent_and_withdrawal_comes_first() {
        let owner = OrganisationId::new();
        let secret = item("x", &owner, |f| f.professional_secrecy = true);
        assert!(secret.facts.consent_for_use);
        assert_eq!(
            may_transfer_item(&secret.facts),
            Err(UseError::ProfessionalSecrecy)
        );
        let both = item("x", &owner, |f| {
            f.professional_secrecy = true;
            f.withdrawn = true;
        });
        assert_eq!(may_transfer_item(&both.facts), Err(UseError::Withdrawn));
        let none = item("x", &owner, |f| f.consent_for_use = false);
        assert_eq!(
            may_transfer_item(&none.facts),
            Err(UseError::ConsentMissing)
        );
    }

    #[test]
    fn no_organisation_and_no_notes_in_the_package() {
        let f = facts();
        let owner_id = f.items[0].facts.owner_org.as_str().to_owned();
        let json = String::from_utf8(contents(&f).unwrap().to_json().unwrap()).unwrap();
        assert!(!json.contains(OWNER), "no organisation name");
        assert!(!json.contains("Canarius-Org"));
        assert!(!json.contains(&owner_id), "no organisation id");
        assert!(!json.contains("notitie-canarius"), "no history notes");
        assert!(!json.contains("sharing") && !json.contains("shield"));
        // What must be there is there.
        assert!(json.contains(NAME));
        assert!(json.contains("SN-2026-007"));
        assert!(json.contains("\"2026-11-20\""));
        assert!(json.contains("85073003328"));
    }

    #[test]
    fn only_a_transferred_case_is_handed_over() {
        for state in CaseState::ALL {
            let mut f = facts();
            f.state = state;
            let r = contents(&f);
            if state == CaseState::Overgedragen {
                assert!(r.is_ok());
            } else {
                assert_eq!(r.unwrap_err(), TransferError::NotTransferred, "{state:?}");
            }
        }
    }

    #[test]
    fn json_round_trip() {
        let c = contents(&facts()).unwrap();
        let back = TransferContents::from_json(&c.to_json().unwrap()).unwrap();
        assert_eq!(back, c);
        assert_eq!(back.history.len(), 2);
        assert_eq!(back.history[1].to, CaseState::Overgedragen);
        // Without the optional fields too.
        let mut f = facts();
        f.identity.date_of_birth = None;
        f.identity.address = None;
        f.identity.national_number = None;
        f.items.clear();
        f.history.clear();
        let c = contents(&f).unwrap();
        assert_eq!(
            TransferContents::from_json(&c.to_json().unwrap()).unwrap(),
            c
        );
    }

    #[test]
    fn hostile_payloads_are_refused_with_a_reason() {
        let good = String::from_utf8(contents(&facts()).unwrap().to_json().unwrap()).unwrap();
        let cases: [(&str, ContentsError); 9] = [
            ("", ContentsError::NotJson),
            ("[]", ContentsError::NotJson),
            (
                &good.replace(CONTENTS_FORMAT, "verbind-case-transfer-contents-v2"),
                ContentsError::UnknownFormat,
            ),
            (
                &good.replace("\"case_code\"", "\"extra\":1,\"case_code\""),
                ContentsError::NotJson,
            ),
            (
                &good.replace("85073003328", "85073003329"),
                ContentsError::Invalid("identity.national_number"),
            ),
            (
                &good.replace("SN-2026-007", "<script>"),
                ContentsError::Invalid("case_code"),
            ),
            (
                &good.replace("\"target_groups\":\"a\"", "\"target_groups\":\"z\""),
                ContentsError::Invalid("target_groups"),
            ),
            (
                &good.replace(NAME, "bad\\u0000name"),
                ContentsError::Invalid("identity.name"),
            ),
            (
                &good.replace("\"2026-11-20\"", "\"2026-02-30\""),
                ContentsError::Invalid("history.on"),
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(
                TransferContents::from_json(input.as_bytes()),
                Err(expected),
                "{expected:?}"
            );
        }
        let long = good.replace("ITEM-CONSENT", &"x".repeat(ITEM_CONTENT_MAX_CHARS + 1));
        assert_eq!(
            TransferContents::from_json(long.as_bytes()),
            Err(ContentsError::Invalid("items.content"))
        );
    }

    #[test]
    fn the_received_case_starts_anew_and_minors_are_computed_again() {
        let mut c = contents(&facts()).unwrap();
        let plan = import_plan(&c, d(2026, 11, 28));
        assert_eq!(plan.state, CaseState::Aangemeld);
        assert!(plan.minor, "born 2010: a minor in 2026");
        assert_eq!(plan.source, ReferralSource::Transfer);
        assert!(plan.lives_in_area);
        assert!(!plan.protective_measure);
        // Grown up since the first referral.
        assert!(!import_plan(&c, d(2030, 1, 1)).minor);
        // Group (b) and a minor: the protective-measure flag.
        c.groups = TargetGroups::new(&[TargetGroup::ReturneeOrTraveller]).unwrap();
        assert!(import_plan(&c, d(2026, 11, 28)).protective_measure);
        // Without a date of birth the sender's flag holds.
        c.identity.date_of_birth = None;
        c.minor_at_referral = false;
        assert!(!import_plan(&c, d(2026, 11, 28)).minor);
    }

    #[test]
    fn debug_output_names_nobody() {
        let f = facts();
        let c = contents(&f).unwrap();
        for shown in [format!("{f:?}"), format!("{c:?}")] {
            assert!(!shown.contains(NAME), "{shown}");
            assert!(!shown.contains("ITEM-CONSENT"), "{shown}");
            assert!(!shown.contains("Grote Markt"), "{shown}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever a partner's package holds, parsing never panics.
        #[test]
        fn from_json_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = TransferContents::from_json(&bytes);
        }

        /// Mangled valid payloads: never a panic, and anything accepted still
        /// round-trips.
        #[test]
        fn mangled_payloads_never_panic(pos in any::<usize>(), byte in any::<u8>()) {
            let mut json = contents(&facts()).unwrap().to_json().unwrap();
            let i = pos % json.len();
            json[i] = byte;
            if let Ok(c) = TransferContents::from_json(&json) {
                let again = TransferContents::from_json(&c.to_json().unwrap()).unwrap();
                prop_assert_eq!(again, c);
            }
        }

        /// Any name and item text that the forms accept round-trips.
        #[test]
        fn texts_round_trip(name in "[A-Za-zÀ-ÿ' .-]{1,60}", text in "\\PC{1,200}") {
            prop_assume!(!name.trim().is_empty() && !text.trim().is_empty());
            let mut f = facts();
            f.identity.name = name;
            f.items[0].content = text;
            let c = contents(&f).unwrap();
            prop_assert_eq!(TransferContents::from_json(&c.to_json().unwrap()).unwrap(), c);
        }
    }
}
