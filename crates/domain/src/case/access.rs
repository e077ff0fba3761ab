//! Who may open a case and who may reveal the identity behind its code.
//!
//! The access policy ([`crate::policy::decide`]) checks tenant and MFA, then
//! calls these functions for case actions; they hold the case-specific rules
//! of MISSION.md and issue 3:
//! - only the expert and Partnertafel members with a seat at the case's table
//!   ever open a case; the Stuurgroep, reference persons, administrators and
//!   the DPO never do, whatever else they are;
//! - nobody opens a case before accepting the current version of the code of
//!   ethics (deontologische code), the expert included (plan 2.4.4: everyone
//!   handling personal data is bound by it);
//! - an invited guest (a mandated representative of another service) sees only
//!   the agenda item of the case it was invited for, never the case file;
//! - revealing the identity needs a seat at the table, a fresh
//!   re-authentication and a stated purpose, and is audited by the caller.

use super::ethics::{ItemFacts, ItemViewer, may_view_item};
use super::lifecycle::CaseState;
use super::referral::LtfCheck;
use super::text::required_text_type;
use crate::policy::DenyReason;
use crate::{OrganisationId, Role};

/// Who asks for a case, with the facts about them and this case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseViewer {
    pub role: Role,
    pub org: OrganisationId,
    /// Holds a seat at the table (Partnertafel) that handles this case.
    pub holds_seat_at_case_table: bool,
    /// Invited as a guest for this case's agenda item of the current meeting.
    pub is_guest_for_item: bool,
    /// Has accepted the current version of the LIVC-R's code of ethics.
    pub ethics_code_accepted: bool,
}

impl CaseViewer {
    /// The same person as seen by the item rules of [`super::ethics`].
    pub fn item_viewer(&self) -> ItemViewer {
        ItemViewer {
            role: self.role,
            org: self.org.clone(),
            holds_seat_at_case_table: self.holds_seat_at_case_table,
        }
    }

    /// At the case's table: a seat holder, or the expert, who coordinates
    /// every table of the LIVC-R.
    fn at_case_table(&self) -> bool {
        match self.role {
            Role::Expert => true,
            Role::Partner => self.holds_seat_at_case_table,
            Role::Admin | Role::Steering | Role::Reference | Role::Auditor => false,
        }
    }
}

/// Why a case action was refused; logged and audited, never shown in detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseDenyReason {
    /// The role never sees case data.
    RoleNotAllowed,
    /// Not at the table that handles this case.
    NotAtCaseTable,
    /// The current code of ethics is not accepted yet.
    EthicsCodeNotAccepted,
    /// Revealing an identity needs a fresh re-authentication.
    ReauthRequired,
    /// Revealing an identity needs a stated purpose.
    PurposeRequired,
    /// The information item is not shared with this viewer.
    ItemNotShared,
    /// The table does not (or no longer) handle the case, or the LTF check
    /// stopped it: only the expert may still learn who the person is.
    IdentityClosedToTable,
}

impl CaseDenyReason {
    pub const ALL: [CaseDenyReason; 7] = [
        CaseDenyReason::RoleNotAllowed,
        CaseDenyReason::NotAtCaseTable,
        CaseDenyReason::EthicsCodeNotAccepted,
        CaseDenyReason::ReauthRequired,
        CaseDenyReason::PurposeRequired,
        CaseDenyReason::ItemNotShared,
        CaseDenyReason::IdentityClosedToTable,
    ];

    /// The stable code for the audit trail.
    pub fn code(self) -> &'static str {
        match self {
            CaseDenyReason::RoleNotAllowed => "role_not_allowed",
            CaseDenyReason::NotAtCaseTable => "not_at_case_table",
            CaseDenyReason::EthicsCodeNotAccepted => "ethics_code_not_accepted",
            CaseDenyReason::ReauthRequired => "reauth_required",
            CaseDenyReason::PurposeRequired => "purpose_required",
            CaseDenyReason::ItemNotShared => "item_not_shared",
            CaseDenyReason::IdentityClosedToTable => "identity_closed_to_table",
        }
    }

    /// The general policy reason, where one fits.
    pub fn as_policy_reason(self) -> Option<DenyReason> {
        match self {
            CaseDenyReason::RoleNotAllowed => Some(DenyReason::RoleNotAllowed),
            _ => None,
        }
    }

    /// What the user is asked to do, where the user can do something: accept
    /// the code, re-authenticate, state a purpose. Other refusals show the
    /// general "not allowed" page.
    pub fn message_key(self) -> &'static str {
        match self {
            CaseDenyReason::EthicsCodeNotAccepted => "case-deny-ethics-code-not-accepted",
            CaseDenyReason::ReauthRequired => "case-deny-reauth-required",
            CaseDenyReason::PurposeRequired => "case-deny-purpose-required",
            CaseDenyReason::IdentityClosedToTable => "case-deny-identity-closed",
            CaseDenyReason::RoleNotAllowed
            | CaseDenyReason::NotAtCaseTable
            | CaseDenyReason::ItemNotShared => "case-deny-not-allowed",
        }
    }
}

/// Mirrors [`crate::policy::Decision`] with the case-specific reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseDecision {
    Allow,
    Deny(CaseDenyReason),
}

impl CaseDecision {
    pub fn is_allowed(self) -> bool {
        matches!(self, CaseDecision::Allow)
    }

    fn from_result(r: Result<(), CaseDenyReason>) -> CaseDecision {
        match r {
            Ok(()) => CaseDecision::Allow,
            Err(reason) => CaseDecision::Deny(reason),
        }
    }
}

fn role_may_see_cases(role: Role) -> Result<(), CaseDenyReason> {
    if role.can_see_case_data() {
        Ok(())
    } else {
        Err(CaseDenyReason::RoleNotAllowed)
    }
}

fn open_case(viewer: &CaseViewer) -> Result<(), CaseDenyReason> {
    role_may_see_cases(viewer.role)?;
    if !viewer.at_case_table() {
        return Err(CaseDenyReason::NotAtCaseTable);
    }
    if !viewer.ethics_code_accepted {
        return Err(CaseDenyReason::EthicsCodeNotAccepted);
    }
    Ok(())
}

/// Whether `viewer` may open the case file (pages, API, exports of it).
pub fn may_open_case(viewer: &CaseViewer) -> CaseDecision {
    CaseDecision::from_result(open_case(viewer))
}

/// Whether `viewer` may see the case's agenda item in a meeting: everyone who
/// may open the case, and a Partner-role guest invited for this item. A guest
/// is bound by the code of ethics too.
pub fn may_view_agenda_item(viewer: &CaseViewer) -> CaseDecision {
    let r = open_case(viewer).or_else(|reason| {
        if reason == CaseDenyReason::NotAtCaseTable
            && viewer.role == Role::Partner
            && viewer.is_guest_for_item
        {
            if viewer.ethics_code_accepted {
                Ok(())
            } else {
                Err(CaseDenyReason::EthicsCodeNotAccepted)
            }
        } else {
            Err(reason)
        }
    });
    CaseDecision::from_result(r)
}

/// Whether the partners at the table may still learn who the person behind a
/// case is: while the case is on its way to the table (referred, screened:
/// the known / followed-up check needs it) or at it, and only as long as the
/// LTF check found no counter-indication. Professional secrecy is lifted only
/// within the case consultation (art. 458ter Sw.): once the table does not or
/// no longer handles the case (referred elsewhere, handled by the referrer,
/// closed, handed to police or justice, transferred) or the LTF check stopped
/// it, only the expert, who coordinates what follows, may.
pub fn identity_open_to_table(state: CaseState, ltf: LtfCheck) -> bool {
    (state.is_pending() || state.is_active()) && ltf != LtfCheck::CounterIndication
}

/// Whether `viewer` may reveal the identity behind the case code: only at the
/// case's table (never a guest), for a partner only while
/// [`identity_open_to_table`] (`open_to_table`), and only with a fresh
/// re-authentication and a stated purpose ([`RevealPurpose`]). The caller
/// audits every reveal.
pub fn may_reveal_identity(
    viewer: &CaseViewer,
    reauth_fresh: bool,
    purpose_given: bool,
    open_to_table: bool,
) -> CaseDecision {
    let phase = if viewer.role == Role::Expert || open_to_table {
        Ok(())
    } else {
        Err(CaseDenyReason::IdentityClosedToTable)
    };
    let step_up = match (reauth_fresh, purpose_given) {
        (false, _) => Err(CaseDenyReason::ReauthRequired),
        (true, false) => Err(CaseDenyReason::PurposeRequired),
        (true, true) => Ok(()),
    };
    CaseDecision::from_result(open_case(viewer).and(phase).and(step_up))
}

/// Whether `viewer` may see `item` of this case: may open the case, and the
/// ethics rules let them see the item ([`may_view_item`]).
pub fn may_view_item_in_case(viewer: &CaseViewer, item: &ItemFacts) -> CaseDecision {
    let r = open_case(viewer).and_then(|()| {
        if may_view_item(&viewer.item_viewer(), item) {
            Ok(())
        } else {
            Err(CaseDenyReason::ItemNotShared)
        }
    });
    CaseDecision::from_result(r)
}

required_text_type!(
    /// Why an identity is revealed, stated before the reveal and audited.
    RevealPurpose,
    500
);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::case::ethics::Sharing;
    use std::collections::HashSet;

    fn viewer(role: Role, seat: bool, guest: bool, ethics: bool) -> CaseViewer {
        CaseViewer {
            role,
            org: OrganisationId::new(),
            holds_seat_at_case_table: seat,
            is_guest_for_item: guest,
            ethics_code_accepted: ethics,
        }
    }

    const B: [bool; 2] = [false, true];

    /// The full matrix: role x seat x guest x ethics accepted x reauth x purpose,
    /// for opening, the agenda item and revealing the identity.
    #[test]
    fn matrix() {
        let mut n = 0;
        for role in Role::ALL {
            for seat in B {
                for guest in B {
                    for ethics in B {
                        let v = viewer(role, seat, guest, ethics);
                        let case_role = matches!(role, Role::Expert | Role::Partner);
                        let at_table = role == Role::Expert || (role == Role::Partner && seat);

                        let open = if !case_role {
                            CaseDecision::Deny(CaseDenyReason::RoleNotAllowed)
                        } else if !at_table {
                            CaseDecision::Deny(CaseDenyReason::NotAtCaseTable)
                        } else if !ethics {
                            CaseDecision::Deny(CaseDenyReason::EthicsCodeNotAccepted)
                        } else {
                            CaseDecision::Allow
                        };
                        assert_eq!(
                            may_open_case(&v),
                            open,
                            "{role:?} seat={seat} guest={guest} ethics={ethics}"
                        );

                        let agenda = if !case_role {
                            CaseDecision::Deny(CaseDenyReason::RoleNotAllowed)
                        } else if !(at_table || (role == Role::Partner && guest)) {
                            CaseDecision::Deny(CaseDenyReason::NotAtCaseTable)
                        } else if !ethics {
                            CaseDecision::Deny(CaseDenyReason::EthicsCodeNotAccepted)
                        } else {
                            CaseDecision::Allow
                        };
                        assert_eq!(
                            may_view_agenda_item(&v),
                            agenda,
                            "{role:?} seat={seat} guest={guest} ethics={ethics}"
                        );

                        for reauth in B {
                            for purpose in B {
                                for to_table in B {
                                    let reveal = match open {
                                        CaseDecision::Deny(_) => open,
                                        CaseDecision::Allow
                                            if role != Role::Expert && !to_table =>
                                        {
                                            CaseDecision::Deny(
                                                CaseDenyReason::IdentityClosedToTable,
                                            )
                                        }
                                        CaseDecision::Allow if !reauth => {
                                            CaseDecision::Deny(CaseDenyReason::ReauthRequired)
                                        }
                                        CaseDecision::Allow if !purpose => {
                                            CaseDecision::Deny(CaseDenyReason::PurposeRequired)
                                        }
                                        CaseDecision::Allow => CaseDecision::Allow,
                                    };
                                    assert_eq!(
                                        may_reveal_identity(&v, reauth, purpose, to_table),
                                        reveal,
                                        "{role:?} seat={seat} guest={guest} ethics={ethics} reauth={reauth} purpose={purpose} to_table={to_table}"
                                    );
                                    n += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(n, 6 * 2 * 2 * 2 * 2 * 2 * 2);
    }

    #[test]
    fn roles_without_case_access_are_refused_whatever_else_holds() {
        for role in [Role::Steering, Role::Reference, Role::Admin, Role::Auditor] {
            let v = viewer(role, true, true, true);
            assert_eq!(
                may_open_case(&v),
                CaseDecision::Deny(CaseDenyReason::RoleNotAllowed)
            );
            assert_eq!(
                may_view_agenda_item(&v),
                CaseDecision::Deny(CaseDenyReason::RoleNotAllowed)
            );
            assert_eq!(
                may_reveal_identity(&v, true, true, true),
                CaseDecision::Deny(CaseDenyReason::RoleNotAllowed)
            );
        }
    }

    #[test]
    fn a_guest_sees_the_agenda_item_but_never_the_file_or_the_identity() {
        let g = viewer(Role::Partner, false, true, true);
        assert!(may_view_agenda_item(&g).is_allowed());
        assert!(!may_open_case(&g).is_allowed());
        assert!(!may_reveal_identity(&g, true, true, true).is_allowed());
    }

    /// The partners learn the identity while the case goes to or is at the
    /// table, never once the table does not handle it or the LTF stopped it.
    #[test]
    fn the_identity_is_open_to_the_table_only_while_the_table_handles_the_case() {
        for state in CaseState::ALL {
            for ltf in LtfCheck::ALL {
                let expected =
                    (state.is_pending() || state.is_active()) && ltf != LtfCheck::CounterIndication;
                assert_eq!(
                    identity_open_to_table(state, ltf),
                    expected,
                    "{state:?} {ltf:?}"
                );
            }
        }
        assert!(identity_open_to_table(
            CaseState::Screening,
            LtfCheck::Pending
        ));
        assert!(identity_open_to_table(
            CaseState::SocioPreventief,
            LtfCheck::NoCounterIndication
        ));
        assert!(!identity_open_to_table(
            CaseState::Screening,
            LtfCheck::CounterIndication
        ));
        assert!(!identity_open_to_table(
            CaseState::Afgesloten,
            LtfCheck::NoCounterIndication
        ));
        assert!(!identity_open_to_table(
            CaseState::Doorverwezen,
            LtfCheck::NoCounterIndication
        ));
    }

    /// Role x seat x ethics x owner x sharing x withdrawn for an item of the case.
    #[test]
    fn item_in_case_matrix() {
        let owner = OrganisationId::new();
        for role in Role::ALL {
            for seat in B {
                for ethics in B {
                    for is_owner in B {
                        for sharing in Sharing::ALL {
                            for withdrawn in B {
                                let mut v = viewer(role, seat, false, ethics);
                                if is_owner {
                                    v.org = owner.clone();
                                }
                                let item = ItemFacts {
                                    owner_org: owner.clone(),
                                    sharing,
                                    withdrawn,
                                    origin_shielded: false,
                                    professional_secrecy: false,
                                    consent_for_use: false,
                                };
                                let expected = match may_open_case(&v) {
                                    CaseDecision::Deny(r) => CaseDecision::Deny(r),
                                    CaseDecision::Allow
                                        if may_view_item(&v.item_viewer(), &item) =>
                                    {
                                        CaseDecision::Allow
                                    }
                                    CaseDecision::Allow => {
                                        CaseDecision::Deny(CaseDenyReason::ItemNotShared)
                                    }
                                };
                                assert_eq!(may_view_item_in_case(&v, &item), expected);
                                if expected.is_allowed() {
                                    assert!(
                                        ethics
                                            && (role == Role::Expert
                                                || (role == Role::Partner && seat))
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn reasons_have_distinct_codes_and_map_to_the_policy() {
        let codes: HashSet<_> = CaseDenyReason::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), CaseDenyReason::ALL.len());
        assert_eq!(
            CaseDenyReason::RoleNotAllowed.as_policy_reason(),
            Some(DenyReason::RoleNotAllowed)
        );
        assert_eq!(CaseDenyReason::NotAtCaseTable.as_policy_reason(), None);
        // Only refusals the user can act on get their own message, and the
        // identity closed to the table, which says why.
        let own: HashSet<_> = CaseDenyReason::ALL
            .iter()
            .map(|r| r.message_key())
            .filter(|k| *k != "case-deny-not-allowed")
            .collect();
        assert_eq!(own.len(), 4);
    }

    #[test]
    fn reveal_purpose_is_required() {
        assert!(RevealPurpose::parse("").is_err());
        assert!(RevealPurpose::parse("Huisbezoek voorbereiden").is_ok());
        assert!(!format!("{:?}", RevealPurpose::parse("Huisbezoek").unwrap()).contains("Huis"));
    }
}
