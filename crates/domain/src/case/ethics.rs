//! Professional ethics (deontologie, plan 2.4.4) for information items
//! (bijdragen), enforced rather than displayed.
//!
//! The plan's principles and where they are enforced here:
//! - partners decide themselves whether and what they share: the owner picks
//!   [`Sharing`] per item and may withdraw it ([`may_view_item`]);
//! - information is shared only in the person's interest, when necessary and
//!   relevant: every item states why ([`NecessityReason`]);
//! - information is used only with the consent of the partner that brought it,
//!   who stays its owner ([`may_use_in_step`]);
//! - all partners shield the origin of information ([`may_see_origin`]): the
//!   origin never leaves the table, and an owner may shield it even there.
//!
//! These functions look at one item; whether the viewer may open the case at
//! all is decided first by [`super::access::may_open_case`], and
//! [`super::access::may_view_item_in_case`] combines the two.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::text::required_text_type;
use crate::{OrganisationId, Role};

/// The risk domains of the terugkoppelingsfiche (feedback form, plan 2.4.2),
/// along which a case is assessed and every item is tagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskDomain {
    /// Overtuigingen, opvattingen, ideologie: convictions, views, ideology.
    Overtuigingen,
    /// Sociale context: social context.
    SocialeContext,
    /// Intentie: intention.
    Intentie,
    /// Psychische stoornissen: psychological disorders.
    PsychischeStoornissen,
    /// Bijkomende relevante informatie: other relevant information.
    BijkomendeInformatie,
}

impl RiskDomain {
    /// In the order of the terugkoppelingsfiche.
    pub const ALL: [RiskDomain; 5] = [
        RiskDomain::Overtuigingen,
        RiskDomain::SocialeContext,
        RiskDomain::Intentie,
        RiskDomain::PsychischeStoornissen,
        RiskDomain::BijkomendeInformatie,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RiskDomain::Overtuigingen => "overtuigingen",
            RiskDomain::SocialeContext => "sociale_context",
            RiskDomain::Intentie => "intentie",
            RiskDomain::PsychischeStoornissen => "psychische_stoornissen",
            RiskDomain::BijkomendeInformatie => "bijkomende_informatie",
        }
    }

    pub fn parse(code: &str) -> Option<RiskDomain> {
        RiskDomain::ALL.into_iter().find(|d| d.code() == code)
    }
}

/// Who the owner lets see an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sharing {
    /// Only the expert (and the owner).
    ExpertOnly,
    /// Every seat holder of the case's table.
    Table,
}

impl Sharing {
    pub const ALL: [Sharing; 2] = [Sharing::ExpertOnly, Sharing::Table];

    pub fn code(self) -> &'static str {
        match self {
            Sharing::ExpertOnly => "expert_only",
            Sharing::Table => "table",
        }
    }

    pub fn parse(code: &str) -> Option<Sharing> {
        Sharing::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The facts about one item that the rules need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemFacts {
    /// The organisation that brought the item; it stays the owner.
    pub owner_org: OrganisationId,
    pub sharing: Sharing,
    /// Withdrawn by the owner: nobody else sees or uses it (the audit keeps that it existed).
    pub withdrawn: bool,
    /// The owner hides from the other partners that the item is theirs.
    pub origin_shielded: bool,
    /// The item falls under professional secrecy (beroepsgeheim, lifted only
    /// within the case consultation, art. 458ter Sw.).
    pub professional_secrecy: bool,
    /// The owner's consent is recorded for the use being asked about.
    pub consent_for_use: bool,
}

/// Who looks at an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemViewer {
    pub role: Role,
    pub org: OrganisationId,
    /// Holds a seat at the table that handles this case.
    pub holds_seat_at_case_table: bool,
}

impl ItemViewer {
    /// At the case's table: a seat holder, or the expert, who coordinates every table.
    fn at_case_table(&self) -> bool {
        match self.role {
            Role::Expert => true,
            Role::Partner => self.holds_seat_at_case_table,
            Role::Admin | Role::Steering | Role::Reference | Role::Auditor => false,
        }
    }
}

/// Whether `viewer` may see the content of `item`.
///
/// Only people at the case's table ever do: the Stuurgroep, reference persons,
/// administrators and the DPO never, and neither does a colleague of the owner
/// without a seat. At the table, the owner organisation always sees its own
/// item (also when withdrawn, so it can manage it); the expert sees it unless
/// withdrawn; the other seat holders see it only when shared with the table and
/// not withdrawn.
pub fn may_view_item(viewer: &ItemViewer, item: &ItemFacts) -> bool {
    if !viewer.at_case_table() {
        return false;
    }
    if viewer.org == item.owner_org {
        return true;
    }
    if item.withdrawn {
        return false;
    }
    match viewer.role {
        Role::Expert => true,
        _ => item.sharing == Sharing::Table,
    }
}

/// To whom the origin (the owning organisation) of an item would be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    /// A seat holder of the case's table other than the owner.
    TableMember,
    /// The expert, when not the owner.
    Expert,
    /// The owner organisation itself.
    OwnerOrg,
    /// Feedback (terugkoppeling) to a referrer who does not sit at the table.
    ReferrerOutsideTable,
    /// Any export (CSV, transfer package, terugkoppelingsfiche).
    Export,
    /// Any report (Stuurgroep, yearly figures).
    Report,
}

impl Audience {
    pub const ALL: [Audience; 6] = [
        Audience::TableMember,
        Audience::Expert,
        Audience::OwnerOrg,
        Audience::ReferrerOutsideTable,
        Audience::Export,
        Audience::Report,
    ];
}

/// Whether `audience` may learn which organisation brought `item`.
///
/// The origin never leaves the table: feedback to a referrer outside it,
/// exports and reports never name the owner. At the table the origin is
/// shown unless the owner shielded it; a shielded origin is hidden from the
/// expert too, because the plan asks every partner to guarantee the shielding
/// and the expert needs no name to route a consent request (the platform
/// sends it to the owner). Presupposes that the audience may see the item at
/// all ([`may_view_item`]).
pub fn may_see_origin(audience: Audience, item: &ItemFacts) -> bool {
    match audience {
        Audience::OwnerOrg => true,
        Audience::TableMember | Audience::Expert => !item.origin_shielded,
        Audience::ReferrerOutsideTable | Audience::Export | Audience::Report => false,
    }
}

/// [`may_see_origin`] for a person on screen: the audience follows from who
/// they are, and nobody learns the origin of an item they may not see.
pub fn viewer_may_see_origin(viewer: &ItemViewer, item: &ItemFacts) -> bool {
    if !may_view_item(viewer, item) {
        return false;
    }
    let audience = if viewer.org == item.owner_org {
        Audience::OwnerOrg
    } else if viewer.role == Role::Expert {
        Audience::Expert
    } else {
        Audience::TableMember
    };
    may_see_origin(audience, item)
}

/// A step that uses information (issue 3, points 5, 7, 9, 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// An action of a follow-up trajectory.
    Action,
    /// Feedback (terugkoppeling) to a partner or the referrer after a table.
    Feedback,
    /// The terugkoppelingsfiche sent to the police.
    Terugkoppelingsfiche,
    /// The package handed to another LIVC-R.
    Transfer,
    /// A finding in the table's assessment (beoordeling).
    Assessment,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Action,
        Step::Feedback,
        Step::Terugkoppelingsfiche,
        Step::Transfer,
        Step::Assessment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Step::Action => "action",
            Step::Feedback => "feedback",
            Step::Terugkoppelingsfiche => "terugkoppelingsfiche",
            Step::Transfer => "transfer",
            Step::Assessment => "assessment",
        }
    }

    pub fn parse(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Why an item may not be used in a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum UseError {
    #[error("the item was withdrawn by its owner")]
    Withdrawn,
    #[error("the item falls under professional secrecy and never goes into a terugkoppelingsfiche")]
    ProfessionalSecrecy,
    #[error("the owner of the item has not consented to this use")]
    ConsentMissing,
    #[error("the owner shared the item with the expert only, so it cannot go to another partner")]
    NotSharedWithRecipient,
    #[error("feedback to a referrer outside the table is text only: no item leaves the table")]
    OutsideTable,
}

impl UseError {
    pub const ALL: [UseError; 5] = [
        UseError::Withdrawn,
        UseError::ProfessionalSecrecy,
        UseError::ConsentMissing,
        UseError::NotSharedWithRecipient,
        UseError::OutsideTable,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UseError::Withdrawn => "withdrawn",
            UseError::ProfessionalSecrecy => "professional_secrecy",
            UseError::ConsentMissing => "consent_missing",
            UseError::NotSharedWithRecipient => "not_shared_with_recipient",
            UseError::OutsideTable => "not_for_referrer_outside_table",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            UseError::Withdrawn => "item-error-withdrawn",
            UseError::ProfessionalSecrecy => "item-error-professional-secrecy",
            UseError::ConsentMissing => "item-error-consent-missing",
            UseError::NotSharedWithRecipient => "item-error-not-shared-with-recipient",
            UseError::OutsideTable => "item-error-outside-table",
        }
    }
}

/// Whether `item` may be used in `step`.
///
/// A withdrawn item is never used. Items under professional secrecy never go
/// into a terugkoppelingsfiche, whatever the owner consents to (checked before
/// consent, because consent cannot cure it). Every use needs the owner's
/// consent, recorded for that use: the step stays blocked until then.
pub fn may_use_in_step(item: &ItemFacts, step: Step) -> Result<(), UseError> {
    if item.withdrawn {
        return Err(UseError::Withdrawn);
    }
    if step == Step::Terugkoppelingsfiche && item.professional_secrecy {
        return Err(UseError::ProfessionalSecrecy);
    }
    if !item.consent_for_use {
        return Err(UseError::ConsentMissing);
    }
    Ok(())
}

/// Who receives feedback (terugkoppeling) after a table (plan point 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackRecipient<'a> {
    /// An organisation with a seat at the case's table.
    TablePartner(&'a OrganisationId),
    /// The referrer who does not sit at the table: the reference person whose
    /// signal led to the case. Not bound by the table's shared professional
    /// secrecy (art. 458ter Sw.), so they hear how it went, never what the
    /// partners brought.
    ReferrerOutsideTable,
}

/// Whether the author of the signal a case was referred from is a referrer
/// outside the table, who gets feedback on that signal: a reference person.
/// A partner or the expert who passed a signal hears through the case file
/// at the table, never beside it.
pub fn is_referrer_outside_table(author_role: crate::Role) -> bool {
    author_role == crate::Role::Reference
}

/// Whether `item` may be cited in feedback (terugkoppeling) to `recipient`.
///
/// Feedback to a referrer outside the table is text only: no item, and so no
/// origin, ever leaves the table. To a partner at the table an item may be
/// cited when it may be used in feedback ([`may_use_in_step`]), and feedback
/// never widens who sees an item, so an item the owner shared with the expert
/// only goes to nobody but the owner.
pub fn may_cite_in_feedback(
    item: &ItemFacts,
    recipient: FeedbackRecipient<'_>,
) -> Result<(), UseError> {
    let org = match recipient {
        FeedbackRecipient::ReferrerOutsideTable => return Err(UseError::OutsideTable),
        FeedbackRecipient::TablePartner(org) => org,
    };
    may_use_in_step(item, Step::Feedback)?;
    if item.sharing == Sharing::ExpertOnly && &item.owner_org != org {
        return Err(UseError::NotSharedWithRecipient);
    }
    Ok(())
}

/// Whether `item` may go into a terugkoppelingsfiche, which the police at the
/// table read: it may be used there ([`may_use_in_step`]: never professional
/// secrecy), and, as with feedback, the fiche never widens who sees an item,
/// so an item shared with the expert only stays out.
pub fn may_put_in_fiche(item: &ItemFacts) -> Result<(), UseError> {
    may_use_in_step(item, Step::Terugkoppelingsfiche)?;
    if item.sharing == Sharing::ExpertOnly {
        return Err(UseError::NotSharedWithRecipient);
    }
    Ok(())
}

required_text_type!(
    /// Why an item is necessary and relevant for helping the person (plan
    /// 2.4.4: information is shared only in the person's interest). Required
    /// for every item.
    NecessityReason,
    2000
);

/// Whether `text` is an acceptable necessity reason (see [`NecessityReason`]).
pub fn necessity_reason_valid(text: &str) -> bool {
    NecessityReason::parse(text).is_ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use std::collections::HashSet;

    fn item(owner: &OrganisationId, sharing: Sharing, withdrawn: bool) -> ItemFacts {
        ItemFacts {
            owner_org: owner.clone(),
            sharing,
            withdrawn,
            origin_shielded: false,
            professional_secrecy: false,
            consent_for_use: true,
        }
    }

    /// The full matrix: role x (owner org / other org) x seat x sharing x withdrawn.
    #[test]
    fn view_matrix() {
        let owner = OrganisationId::new();
        let other = OrganisationId::new();
        for role in Role::ALL {
            for is_owner in [true, false] {
                for seat in [true, false] {
                    for sharing in Sharing::ALL {
                        for withdrawn in [true, false] {
                            let viewer = ItemViewer {
                                role,
                                org: if is_owner {
                                    owner.clone()
                                } else {
                                    other.clone()
                                },
                                holds_seat_at_case_table: seat,
                            };
                            let at_table = role == Role::Expert || (role == Role::Partner && seat);
                            let expected = at_table
                                && (is_owner
                                    || (!withdrawn
                                        && (role == Role::Expert || sharing == Sharing::Table)));
                            assert_eq!(
                                may_view_item(&viewer, &item(&owner, sharing, withdrawn)),
                                expected,
                                "{role:?} owner={is_owner} seat={seat} {sharing:?} withdrawn={withdrawn}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn roles_outside_the_table_never_see_an_item_even_of_their_own_organisation() {
        let owner = OrganisationId::new();
        for role in [Role::Steering, Role::Reference, Role::Admin, Role::Auditor] {
            let v = ItemViewer {
                role,
                org: owner.clone(),
                holds_seat_at_case_table: true,
            };
            assert!(
                !may_view_item(&v, &item(&owner, Sharing::Table, false)),
                "{role:?}"
            );
        }
        let colleague = ItemViewer {
            role: Role::Partner,
            org: owner.clone(),
            holds_seat_at_case_table: false,
        };
        assert!(!may_view_item(
            &colleague,
            &item(&owner, Sharing::Table, false)
        ));
    }

    /// Audience x shielded.
    #[test]
    fn origin_matrix() {
        let owner = OrganisationId::new();
        for audience in Audience::ALL {
            for shielded in [true, false] {
                let it = ItemFacts {
                    origin_shielded: shielded,
                    ..item(&owner, Sharing::Table, false)
                };
                let expected = match audience {
                    Audience::OwnerOrg => true,
                    Audience::TableMember | Audience::Expert => !shielded,
                    Audience::ReferrerOutsideTable | Audience::Export | Audience::Report => false,
                };
                assert_eq!(
                    may_see_origin(audience, &it),
                    expected,
                    "{audience:?} shielded={shielded}"
                );
            }
        }
    }

    #[test]
    fn the_origin_never_leaves_the_table() {
        let owner = OrganisationId::new();
        for shielded in [true, false] {
            for sharing in Sharing::ALL {
                let it = ItemFacts {
                    origin_shielded: shielded,
                    ..item(&owner, sharing, false)
                };
                for a in [
                    Audience::ReferrerOutsideTable,
                    Audience::Export,
                    Audience::Report,
                ] {
                    assert!(!may_see_origin(a, &it));
                }
            }
        }
    }

    /// Role x owner x seat x sharing x withdrawn x shielded for a person on screen.
    #[test]
    fn viewer_origin_matrix() {
        let owner = OrganisationId::new();
        let other = OrganisationId::new();
        for role in Role::ALL {
            for is_owner in [true, false] {
                for seat in [true, false] {
                    for sharing in Sharing::ALL {
                        for withdrawn in [true, false] {
                            for shielded in [true, false] {
                                let viewer = ItemViewer {
                                    role,
                                    org: if is_owner {
                                        owner.clone()
                                    } else {
                                        other.clone()
                                    },
                                    holds_seat_at_case_table: seat,
                                };
                                let it = ItemFacts {
                                    origin_shielded: shielded,
                                    ..item(&owner, sharing, withdrawn)
                                };
                                let expected =
                                    may_view_item(&viewer, &it) && (is_owner || !shielded);
                                assert_eq!(viewer_may_see_origin(&viewer, &it), expected);
                            }
                        }
                    }
                }
            }
        }
    }

    /// Step x withdrawn x consent x professional secrecy.
    #[test]
    fn use_matrix() {
        let owner = OrganisationId::new();
        for step in Step::ALL {
            for withdrawn in [true, false] {
                for consent in [true, false] {
                    for secrecy in [true, false] {
                        let it = ItemFacts {
                            consent_for_use: consent,
                            professional_secrecy: secrecy,
                            ..item(&owner, Sharing::Table, withdrawn)
                        };
                        let expected = if withdrawn {
                            Err(UseError::Withdrawn)
                        } else if secrecy && step == Step::Terugkoppelingsfiche {
                            Err(UseError::ProfessionalSecrecy)
                        } else if !consent {
                            Err(UseError::ConsentMissing)
                        } else {
                            Ok(())
                        };
                        assert_eq!(
                            may_use_in_step(&it, step),
                            expected,
                            "{step:?} withdrawn={withdrawn} consent={consent} secrecy={secrecy}"
                        );
                    }
                }
            }
        }
    }

    /// Feedback never widens who sees an item: sharing x recipient (owner or
    /// another organisation) x consent x withdrawn.
    #[test]
    fn feedback_matrix() {
        let owner = OrganisationId::new();
        let other = OrganisationId::new();
        for sharing in Sharing::ALL {
            for to_owner in [true, false] {
                for consent in [true, false] {
                    for withdrawn in [true, false] {
                        let it = ItemFacts {
                            consent_for_use: consent,
                            ..item(&owner, sharing, withdrawn)
                        };
                        let recipient = if to_owner { &owner } else { &other };
                        let expected = if withdrawn {
                            Err(UseError::Withdrawn)
                        } else if !consent {
                            Err(UseError::ConsentMissing)
                        } else if sharing == Sharing::ExpertOnly && !to_owner {
                            Err(UseError::NotSharedWithRecipient)
                        } else {
                            Ok(())
                        };
                        assert_eq!(
                            may_cite_in_feedback(&it, FeedbackRecipient::TablePartner(recipient)),
                            expected,
                            "{sharing:?} to_owner={to_owner} consent={consent} withdrawn={withdrawn}"
                        );
                        // Outside the table nothing travels, whatever the consent.
                        assert_eq!(
                            may_cite_in_feedback(&it, FeedbackRecipient::ReferrerOutsideTable),
                            Err(UseError::OutsideTable),
                            "{sharing:?} consent={consent} withdrawn={withdrawn}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_fiche_holds_only_items_shared_with_the_table() {
        let owner = OrganisationId::new();
        let table = item(&owner, Sharing::Table, false);
        let expert_only = item(&owner, Sharing::ExpertOnly, false);
        assert_eq!(may_put_in_fiche(&table), Ok(()));
        assert_eq!(
            may_put_in_fiche(&expert_only),
            Err(UseError::NotSharedWithRecipient)
        );
        let secret = ItemFacts {
            professional_secrecy: true,
            ..table
        };
        assert_eq!(
            may_put_in_fiche(&secret),
            Err(UseError::ProfessionalSecrecy)
        );
    }

    #[test]
    fn consent_never_lets_secret_items_into_the_terugkoppelingsfiche() {
        let owner = OrganisationId::new();
        let it = ItemFacts {
            professional_secrecy: true,
            ..item(&owner, Sharing::Table, false)
        };
        assert!(it.consent_for_use);
        assert_eq!(
            may_use_in_step(&it, Step::Terugkoppelingsfiche),
            Err(UseError::ProfessionalSecrecy)
        );
        assert_eq!(may_use_in_step(&it, Step::Assessment), Ok(()));
    }

    #[test]
    fn necessity_reason() {
        assert!(!necessity_reason_valid(""));
        assert!(!necessity_reason_valid(" \n\t "));
        assert!(necessity_reason_valid(
            "Nodig om de begeleiding af te stemmen"
        ));
        assert!(necessity_reason_valid(
            &"x".repeat(NecessityReason::MAX_CHARS)
        ));
        assert!(!necessity_reason_valid(
            &"x".repeat(NecessityReason::MAX_CHARS + 1)
        ));
    }

    #[test]
    fn codes_round_trip_and_are_unique() {
        for d in RiskDomain::ALL {
            assert_eq!(RiskDomain::parse(d.code()), Some(d));
        }
        for s in Sharing::ALL {
            assert_eq!(Sharing::parse(s.code()), Some(s));
        }
        for s in Step::ALL {
            assert_eq!(Step::parse(s.code()), Some(s));
        }
        let d: HashSet<_> = RiskDomain::ALL.iter().map(|d| d.code()).collect();
        assert_eq!(d.len(), RiskDomain::ALL.len());
        let s: HashSet<_> = Step::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(s.len(), Step::ALL.len());
        let keys: HashSet<_> = UseError::ALL.iter().map(|e| e.message_key()).collect();
        let codes: HashSet<_> = UseError::ALL.iter().map(|e| e.code()).collect();
        assert_eq!(
            (keys.len(), codes.len()),
            (UseError::ALL.len(), UseError::ALL.len())
        );
    }
}
