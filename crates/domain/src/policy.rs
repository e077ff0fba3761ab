//! The access policy: the one function that decides who may see or do what.
//!
//! Deny by default. Every path (web page, JSON API, export, report, CLI) asks
//! [`decide`] before it reads or changes anything; later modules (cases,
//! information items) extend [`Action`] and the rules here, not elsewhere.

use crate::case::access::{
    CaseDecision, CaseDenyReason, CaseViewer, may_open_case, may_reveal_identity,
    may_view_agenda_item,
};
pub use crate::prevention::{PreventionAction, PreventionContext};
use crate::profile::BodyKind;
use crate::{OrganisationId, Role, TenantId, UserId};

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub tenant_id: TenantId,
    pub organisation_id: OrganisationId,
    pub role: Role,
    /// False while an account that must use MFA has not completed it in this session.
    pub mfa_satisfied: bool,
}

/// What they want to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See the own dashboard and navigation.
    ViewDashboard,
    /// See and change the own account: password, language, MFA.
    ManageOwnAccount,
    /// Create, disable and reset accounts; send set-password links; reset MFA.
    ManageUsers,
    /// See and end any user's sessions.
    ManageSessions,
    /// See the organisations, bodies and seats of the tenant.
    ViewOrganisation,
    /// Load or change the municipality profile (organisations, bodies, seats).
    ManageProfile,
    /// Read the audit trail.
    ReadAuditTrail,
    /// See the LIVC-R cases menu (which cases, and what in them, is decided by
    /// [`decide_case`]).
    ViewCases,
    /// See the meetings menu: the roles that sit at a body that meets
    /// (Partnertafel, Stuurgroep, Werkgroep). Which bodies' meetings, and what
    /// in them, is decided by [`decide_meeting`] and [`decide_case`].
    ViewMeetings,
    /// Keep the register of partner LIVC-Rs that cases are handed to and
    /// received from (their transfer public keys): the administrator.
    ManageTransferPartners,
    /// See, print and export the Stuurgroep report: anonymised case overview
    /// and aggregate tables with small-cell suppression, no name or case
    /// detail. The Stuurgroep, and the expert who reports to it. Every path
    /// (page, PDF, CSV, JSON, CLI) asks this one action.
    ViewStuurgroepReport,
    /// See what needs attention today (open questions, consents, overdue
    /// actions, stalled cases, meetings behind the norm, contacts waiting,
    /// trainings due): the expert, who coordinates.
    ViewAttention,
    /// Publish a new version of the code of ethics (deontologische code),
    /// which every user who sees cases must then accept again: the
    /// administrator, who keeps the LIVC-R's configuration. It changes who
    /// may open cases until they accept, so the handlers also ask for a fresh
    /// re-authentication.
    PublishEthicsVersion,
}

impl Action {
    pub const ALL: [Action; 13] = [
        Action::ViewDashboard,
        Action::ManageOwnAccount,
        Action::ManageUsers,
        Action::ManageSessions,
        Action::ViewOrganisation,
        Action::ManageProfile,
        Action::ReadAuditTrail,
        Action::ViewCases,
        Action::ViewMeetings,
        Action::ManageTransferPartners,
        Action::ViewStuurgroepReport,
        Action::ViewAttention,
        Action::PublishEthicsVersion,
    ];
}

/// Why access was refused; logged and audited, never shown in detail to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DenyReason {
    OtherTenant,
    RoleNotAllowed,
    MfaRequired,
    /// A case rule refused it (seat, code of ethics, re-authentication, purpose).
    Case(CaseDenyReason),
    /// Only the police information officer at the case's table records the LTF check.
    NotPoliceAtTable,
    /// Steps of the case flow are taken by the expert, who coordinates the table.
    NotCoordinator,
}

/// What someone wants to do with LIVC-R cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseAction {
    /// See the list of cases (codes only) of the tables one sits at.
    List,
    /// Refer a case (aanmelding) to a table.
    Refer,
    /// Open a case file.
    Open,
    /// Take a step of the case flow (screening, agenda, conclusions, closing).
    Step,
    /// Record the LTF check (no counter-indication, or one).
    RecordLtf,
    /// Reveal the identity behind the case code.
    RevealIdentity,
    /// See the case's agenda item (code and state) in a meeting: everyone who
    /// may open the case, and a guest invited for this item.
    ViewAgendaItem,
    /// Download the signed, encrypted transfer package of a transferred case
    /// for the receiving LIVC-R: the expert, after a fresh re-authentication.
    ExportTransfer,
    /// Turn a received transfer package into a new referral at the table: the
    /// expert, after a fresh re-authentication.
    ImportTransfer,
}

impl CaseAction {
    pub const ALL: [CaseAction; 9] = [
        CaseAction::List,
        CaseAction::Refer,
        CaseAction::Open,
        CaseAction::Step,
        CaseAction::RecordLtf,
        CaseAction::RevealIdentity,
        CaseAction::ViewAgendaItem,
        CaseAction::ExportTransfer,
        CaseAction::ImportTransfer,
    ];
}

/// The facts about the asker and the case that the case rules need, read by
/// the caller from the database (seats, acceptances, the session).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CaseContext {
    /// Holds a seat at the table (Partnertafel) of the case, or, for `List` and
    /// `Refer`, at any Partnertafel of the tenant.
    pub holds_seat_at_case_table: bool,
    /// Invited as a guest for this case's agenda item.
    pub is_guest_for_item: bool,
    /// Accepted the current version of the code of ethics.
    pub ethics_code_accepted: bool,
    /// The asker's organisation is the police and holds the table seat.
    pub is_police_at_table: bool,
    /// Re-authenticated in the last few minutes.
    pub reauth_fresh: bool,
    /// Stated why the identity is needed.
    pub purpose_given: bool,
    /// The partners at the table may still learn the identity
    /// ([`crate::case::access::identity_open_to_table`]).
    pub identity_open_to_table: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny(DenyReason),
}

impl Decision {
    pub fn is_allowed(self) -> bool {
        matches!(self, Decision::Allow)
    }
}

/// Decides whether `actor` may do `action` on data of `tenant`.
pub fn decide(actor: &Actor, action: Action, tenant: &TenantId) -> Decision {
    if &actor.tenant_id != tenant {
        return Decision::Deny(DenyReason::OtherTenant);
    }
    if !actor.mfa_satisfied && action != Action::ManageOwnAccount {
        return Decision::Deny(DenyReason::MfaRequired);
    }
    let allowed = match action {
        Action::ViewDashboard | Action::ManageOwnAccount => true,
        Action::ManageUsers
        | Action::ManageSessions
        | Action::ManageProfile
        | Action::ManageTransferPartners
        | Action::PublishEthicsVersion => actor.role == Role::Admin,
        Action::ViewOrganisation => matches!(actor.role, Role::Admin | Role::Expert),
        Action::ReadAuditTrail => actor.role == Role::Auditor,
        Action::ViewCases => actor.role.can_see_case_data(),
        Action::ViewMeetings => matches!(actor.role, Role::Expert | Role::Partner | Role::Steering),
        Action::ViewStuurgroepReport => matches!(actor.role, Role::Expert | Role::Steering),
        Action::ViewAttention => actor.role == Role::Expert,
    };
    if allowed {
        Decision::Allow
    } else {
        Decision::Deny(DenyReason::RoleNotAllowed)
    }
}

/// Decides whether `actor` may do `action` on a case (or the cases) of
/// `case_tenant`. The same order as [`decide`]: tenant, then MFA, then the case
/// rules of [`crate::case::access`].
pub fn decide_case(
    actor: &Actor,
    case_tenant: &TenantId,
    action: CaseAction,
    ctx: &CaseContext,
) -> Decision {
    if &actor.tenant_id != case_tenant {
        return Decision::Deny(DenyReason::OtherTenant);
    }
    if !actor.mfa_satisfied {
        return Decision::Deny(DenyReason::MfaRequired);
    }
    let viewer = CaseViewer {
        role: actor.role,
        org: actor.organisation_id.clone(),
        holds_seat_at_case_table: ctx.holds_seat_at_case_table,
        is_guest_for_item: ctx.is_guest_for_item,
        ethics_code_accepted: ctx.ethics_code_accepted,
    };
    let case_rule = |d: CaseDecision| match d {
        CaseDecision::Allow => Decision::Allow,
        CaseDecision::Deny(r) => Decision::Deny(DenyReason::Case(r)),
    };
    match action {
        CaseAction::List | CaseAction::Refer | CaseAction::Open => {
            case_rule(may_open_case(&viewer))
        }
        CaseAction::Step => match case_rule(may_open_case(&viewer)) {
            Decision::Allow if actor.role == Role::Expert => Decision::Allow,
            Decision::Allow => Decision::Deny(DenyReason::NotCoordinator),
            deny => deny,
        },
        CaseAction::RecordLtf => match case_rule(may_open_case(&viewer)) {
            Decision::Allow if ctx.is_police_at_table && actor.role == Role::Partner => {
                Decision::Allow
            }
            Decision::Allow => Decision::Deny(DenyReason::NotPoliceAtTable),
            deny => deny,
        },
        CaseAction::RevealIdentity => case_rule(may_reveal_identity(
            &viewer,
            ctx.reauth_fresh,
            ctx.purpose_given,
            ctx.identity_open_to_table,
        )),
        CaseAction::ViewAgendaItem => case_rule(may_view_agenda_item(&viewer)),
        // The identity leaves (or enters) the LIVC-R: as guarded as a reveal.
        CaseAction::ExportTransfer | CaseAction::ImportTransfer => {
            match case_rule(may_open_case(&viewer)) {
                Decision::Allow if actor.role != Role::Expert => {
                    Decision::Deny(DenyReason::NotCoordinator)
                }
                Decision::Allow if !ctx.reauth_fresh => {
                    Decision::Deny(DenyReason::Case(CaseDenyReason::ReauthRequired))
                }
                other => other,
            }
        }
    }
}

/// Decides whether `actor` may do `action` in prevention (contact point,
/// signals, tensions, reference network, trainings, working group, silent
/// middle, workshops, action plan, kennisbank) of `tenant`. Tenant, then MFA,
/// then the rules of [`crate::prevention::access`].
pub fn decide_prevention(
    actor: &Actor,
    tenant: &TenantId,
    action: PreventionAction,
    ctx: &PreventionContext,
) -> Decision {
    if &actor.tenant_id != tenant {
        return Decision::Deny(DenyReason::OtherTenant);
    }
    if !actor.mfa_satisfied {
        return Decision::Deny(DenyReason::MfaRequired);
    }
    if crate::prevention::access::may(actor.role, action, ctx) {
        Decision::Allow
    } else {
        Decision::Deny(DenyReason::RoleNotAllowed)
    }
}

/// What someone wants to do with the meetings of a body (Partnertafel,
/// Stuurgroep, Werkgroep): the same engine serves every body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingAction {
    /// See the body's meetings: date, place, status, attendance, invitation.
    View,
    /// Plan a meeting, record attendance, mark it held or cancelled, write
    /// the minutes: the expert, who runs the agendas.
    Manage,
    /// Acknowledge the confidentiality of the case consultation (art. 458ter
    /// Sw.) for one meeting, before its case content opens. Only a body that
    /// handles cases (the Partnertafel) has case content.
    Acknowledge,
}

impl MeetingAction {
    pub const ALL: [MeetingAction; 3] = [
        MeetingAction::View,
        MeetingAction::Manage,
        MeetingAction::Acknowledge,
    ];
}

/// The facts about the asker and the body that the meeting rules need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeetingContext {
    pub body_kind: BodyKind,
    /// Holds a seat at this body.
    pub holds_seat_at_body: bool,
    /// Invited as a guest (a mandated representative of another service) for
    /// an agenda item of this meeting.
    pub is_guest: bool,
}

/// Decides whether `actor` may do `action` on the meetings of a body of
/// `body_tenant`. Tenant, then MFA, then:
/// - the expert coordinates every body and may do everything;
/// - a Partnertafel meeting is seen only by those who may see cases and hold a
///   seat at that table (never the Stuurgroep, reference persons, the
///   administrator or the DPO, whatever seat they hold);
/// - a meeting of another body is seen by its seat holders, except the
///   administrator and the DPO, who sit at no body;
/// - only the Partnertafel has case content, so only there is the
///   confidentiality acknowledgement asked, of every seat holder who attends;
/// - a guest invited for an agenda item of a Partnertafel meeting (a partner
///   account, who may see cases) sees that meeting and acknowledges its
///   confidentiality like a member, but never plans or records anything; which
///   agenda items the guest sees is decided per case by [`decide_case`]
///   ([`CaseAction::ViewAgendaItem`]).
///
/// What in a meeting's agenda a user sees is then decided per case by
/// [`decide_case`].
pub fn decide_meeting(
    actor: &Actor,
    body_tenant: &TenantId,
    action: MeetingAction,
    ctx: &MeetingContext,
) -> Decision {
    if &actor.tenant_id != body_tenant {
        return Decision::Deny(DenyReason::OtherTenant);
    }
    if !actor.mfa_satisfied {
        return Decision::Deny(DenyReason::MfaRequired);
    }
    let may_view = match (actor.role, ctx.body_kind) {
        (Role::Expert, _) => true,
        (Role::Admin | Role::Auditor, _) => false,
        (role, BodyKind::Partnertafel) => {
            role.can_see_case_data() && (ctx.holds_seat_at_body || ctx.is_guest)
        }
        (_, _) => ctx.holds_seat_at_body,
    };
    if !may_view {
        return Decision::Deny(DenyReason::RoleNotAllowed);
    }
    match action {
        MeetingAction::View => Decision::Allow,
        MeetingAction::Manage if actor.role == Role::Expert => Decision::Allow,
        MeetingAction::Manage => Decision::Deny(DenyReason::NotCoordinator),
        MeetingAction::Acknowledge if ctx.body_kind == BodyKind::Partnertafel => Decision::Allow,
        MeetingAction::Acknowledge => Decision::Deny(DenyReason::RoleNotAllowed),
    }
}

/// The translation key of a refusal, for the message a user sees.
pub fn deny_message_key(reason: DenyReason) -> &'static str {
    match reason {
        DenyReason::Case(CaseDenyReason::EthicsCodeNotAccepted) => "case-deny-ethics",
        DenyReason::Case(CaseDenyReason::ReauthRequired) => "case-deny-reauth",
        DenyReason::Case(CaseDenyReason::PurposeRequired) => "case-deny-purpose",
        DenyReason::Case(CaseDenyReason::IdentityClosedToTable) => "case-deny-identity-closed",
        DenyReason::NotPoliceAtTable => "case-deny-not-police",
        DenyReason::NotCoordinator => "case-deny-not-coordinator",
        DenyReason::MfaRequired => "case-deny-mfa",
        _ => "error-403-text",
    }
}

#[cfg(test)]
mod case_tests {
    use super::*;

    fn actor(role: Role, tenant: &TenantId, mfa: bool) -> Actor {
        Actor {
            user_id: UserId::new(),
            tenant_id: tenant.clone(),
            organisation_id: OrganisationId::new(),
            role,
            mfa_satisfied: mfa,
        }
    }

    /// role x action x seat x ethics x police x reauth x purpose x MFA x tenant.
    #[test]
    fn case_matrix() {
        let own = TenantId::new();
        let other = TenantId::new();
        let bools = [false, true];
        for role in Role::ALL {
            for action in CaseAction::ALL {
                for seat in bools {
                    for guest in bools {
                        for ethics in bools {
                            for police in bools {
                                for reauth in bools {
                                    for purpose in bools {
                                        for (mfa, open) in [
                                            (false, false),
                                            (false, true),
                                            (true, false),
                                            (true, true),
                                        ] {
                                            let ctx = CaseContext {
                                                holds_seat_at_case_table: seat,
                                                is_guest_for_item: guest,
                                                ethics_code_accepted: ethics,
                                                is_police_at_table: police,
                                                reauth_fresh: reauth,
                                                purpose_given: purpose,
                                                identity_open_to_table: open,
                                            };
                                            let a = actor(role, &own, mfa);
                                            assert_eq!(
                                                decide_case(&a, &other, action, &ctx),
                                                Decision::Deny(DenyReason::OtherTenant)
                                            );
                                            let got = decide_case(&a, &own, action, &ctx);
                                            let at_table = role == Role::Expert
                                                || (role == Role::Partner && seat);
                                            let base_ok = mfa
                                                && role.can_see_case_data()
                                                && at_table
                                                && ethics;
                                            let expected_allowed = base_ok
                                                && match action {
                                                    CaseAction::List
                                                    | CaseAction::Refer
                                                    | CaseAction::Open => true,
                                                    CaseAction::Step => role == Role::Expert,
                                                    CaseAction::RecordLtf => {
                                                        role == Role::Partner && police
                                                    }
                                                    CaseAction::RevealIdentity => {
                                                        reauth
                                                            && purpose
                                                            && (role == Role::Expert || open)
                                                    }
                                                    CaseAction::ViewAgendaItem => true,
                                                    CaseAction::ExportTransfer
                                                    | CaseAction::ImportTransfer => {
                                                        role == Role::Expert && reauth
                                                    }
                                                };
                                            // A guest (a partner account without a
                                            // seat) sees only the agenda item.
                                            let guest_ok = mfa
                                                && role == Role::Partner
                                                && !seat
                                                && guest
                                                && ethics
                                                && action == CaseAction::ViewAgendaItem;
                                            let expected_allowed = expected_allowed || guest_ok;
                                            assert_eq!(
                                                got.is_allowed(),
                                                expected_allowed,
                                                "{role:?} {action:?} seat={seat} guest={guest} ethics={ethics} police={police} reauth={reauth} purpose={purpose} mfa={mfa} open={open}"
                                            );
                                            if !mfa {
                                                assert_eq!(
                                                    got,
                                                    Decision::Deny(DenyReason::MfaRequired)
                                                );
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Transfer packages: only the expert, only after re-authenticating; the
    /// refusal says which, so the page can ask for the right thing.
    #[test]
    fn only_a_freshly_confirmed_expert_exports_or_imports() {
        let t = TenantId::new();
        let ctx = |reauth| CaseContext {
            holds_seat_at_case_table: true,
            is_guest_for_item: false,
            ethics_code_accepted: true,
            is_police_at_table: false,
            reauth_fresh: reauth,
            purpose_given: false,
            identity_open_to_table: true,
        };
        for action in [CaseAction::ExportTransfer, CaseAction::ImportTransfer] {
            let expert = actor(Role::Expert, &t, true);
            assert_eq!(
                decide_case(&expert, &t, action, &ctx(true)),
                Decision::Allow
            );
            assert_eq!(
                decide_case(&expert, &t, action, &ctx(false)),
                Decision::Deny(DenyReason::Case(CaseDenyReason::ReauthRequired))
            );
            assert_eq!(
                decide_case(&actor(Role::Partner, &t, true), &t, action, &ctx(true)),
                Decision::Deny(DenyReason::NotCoordinator)
            );
            assert_eq!(
                decide_case(&actor(Role::Admin, &t, true), &t, action, &ctx(true)),
                Decision::Deny(DenyReason::Case(CaseDenyReason::RoleNotAllowed))
            );
            assert_eq!(
                decide_case(&expert, &TenantId::new(), action, &ctx(true)),
                Decision::Deny(DenyReason::OtherTenant)
            );
        }
        // The register of partner LIVC-Rs is the administrator's, not the expert's.
        assert!(
            decide(
                &actor(Role::Admin, &t, true),
                Action::ManageTransferPartners,
                &t
            )
            .is_allowed()
        );
        for role in [
            Role::Expert,
            Role::Partner,
            Role::Auditor,
            Role::Steering,
            Role::Reference,
        ] {
            assert!(
                !decide(&actor(role, &t, true), Action::ManageTransferPartners, &t).is_allowed()
            );
        }
    }

    #[test]
    fn steering_reference_admin_and_auditor_never_open_a_case() {
        let t = TenantId::new();
        let ctx = CaseContext {
            holds_seat_at_case_table: true,
            is_guest_for_item: true,
            ethics_code_accepted: true,
            is_police_at_table: true,
            reauth_fresh: true,
            purpose_given: true,
            identity_open_to_table: true,
        };
        for role in [Role::Steering, Role::Reference, Role::Admin, Role::Auditor] {
            for action in CaseAction::ALL {
                assert!(
                    !decide_case(&actor(role, &t, true), &t, action, &ctx).is_allowed(),
                    "{role:?} {action:?}"
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role, tenant: &TenantId, mfa: bool) -> Actor {
        Actor {
            user_id: UserId::new(),
            tenant_id: tenant.clone(),
            organisation_id: OrganisationId::new(),
            role,
            mfa_satisfied: mfa,
        }
    }

    /// The full matrix: role x action x (own tenant / other tenant) x MFA done or not.
    #[test]
    fn matrix() {
        let own = TenantId::new();
        let other = TenantId::new();
        for role in Role::ALL {
            for action in Action::ALL {
                for mfa in [true, false] {
                    let a = actor(role, &own, mfa);
                    assert_eq!(
                        decide(&a, action, &other),
                        Decision::Deny(DenyReason::OtherTenant),
                        "{role:?} {action:?} other tenant"
                    );
                    let got = decide(&a, action, &own);
                    let expected = match (mfa, action, role) {
                        (false, Action::ManageOwnAccount, _) => Decision::Allow,
                        (false, _, _) => Decision::Deny(DenyReason::MfaRequired),
                        (true, Action::ViewDashboard | Action::ManageOwnAccount, _) => {
                            Decision::Allow
                        }
                        (
                            true,
                            Action::ManageUsers
                            | Action::ManageSessions
                            | Action::ManageProfile
                            | Action::ManageTransferPartners
                            | Action::PublishEthicsVersion,
                            Role::Admin,
                        ) => Decision::Allow,
                        (true, Action::ViewOrganisation, Role::Admin | Role::Expert) => {
                            Decision::Allow
                        }
                        (true, Action::ReadAuditTrail, Role::Auditor) => Decision::Allow,
                        (true, Action::ViewCases, Role::Expert | Role::Partner) => Decision::Allow,
                        (
                            true,
                            Action::ViewMeetings,
                            Role::Expert | Role::Partner | Role::Steering,
                        ) => Decision::Allow,
                        (true, Action::ViewStuurgroepReport, Role::Expert | Role::Steering) => {
                            Decision::Allow
                        }
                        (true, Action::ViewAttention, Role::Expert) => Decision::Allow,
                        _ => Decision::Deny(DenyReason::RoleNotAllowed),
                    };
                    assert_eq!(got, expected, "{role:?} {action:?} mfa={mfa}");
                }
            }
        }
    }

    /// A new version of the code of ethics is published by the administrator
    /// only: not by the expert or a partner who must accept it, not by the
    /// DPO, and not before MFA or in another tenant.
    #[test]
    fn only_the_administrator_publishes_a_new_ethics_version() {
        let t = TenantId::new();
        let admin = actor(Role::Admin, &t, true);
        assert_eq!(
            decide(&admin, Action::PublishEthicsVersion, &t),
            Decision::Allow
        );
        for role in [
            Role::Expert,
            Role::Partner,
            Role::Steering,
            Role::Reference,
            Role::Auditor,
        ] {
            assert_eq!(
                decide(&actor(role, &t, true), Action::PublishEthicsVersion, &t),
                Decision::Deny(DenyReason::RoleNotAllowed),
                "{role:?}"
            );
        }
        assert_eq!(
            decide(
                &actor(Role::Admin, &t, false),
                Action::PublishEthicsVersion,
                &t
            ),
            Decision::Deny(DenyReason::MfaRequired)
        );
        assert_eq!(
            decide(&admin, Action::PublishEthicsVersion, &TenantId::new()),
            Decision::Deny(DenyReason::OtherTenant)
        );
    }

    #[test]
    fn admin_cannot_read_audit_and_auditor_cannot_manage_users() {
        let t = TenantId::new();
        assert!(!decide(&actor(Role::Admin, &t, true), Action::ReadAuditTrail, &t).is_allowed());
        assert!(!decide(&actor(Role::Auditor, &t, true), Action::ManageUsers, &t).is_allowed());
    }
}

#[cfg(test)]
mod meeting_tests {
    use super::*;

    fn actor(role: Role, tenant: &TenantId, mfa: bool) -> Actor {
        Actor {
            user_id: UserId::new(),
            tenant_id: tenant.clone(),
            organisation_id: OrganisationId::new(),
            role,
            mfa_satisfied: mfa,
        }
    }

    /// role x action x body kind x seat x MFA x tenant, against the rules in words.
    #[test]
    fn meeting_matrix() {
        let own = TenantId::new();
        let other = TenantId::new();
        let mut n = 0;
        for role in Role::ALL {
            for action in MeetingAction::ALL {
                for kind in BodyKind::ALL {
                    for seat in [false, true] {
                        for guest in [false, true] {
                            for mfa in [false, true] {
                                let ctx = MeetingContext {
                                    body_kind: kind,
                                    holds_seat_at_body: seat,
                                    is_guest: guest,
                                };
                                let a = actor(role, &own, mfa);
                                assert_eq!(
                                    decide_meeting(&a, &other, action, &ctx),
                                    Decision::Deny(DenyReason::OtherTenant)
                                );
                                let got = decide_meeting(&a, &own, action, &ctx);
                                let view = match role {
                                    Role::Expert => true,
                                    Role::Admin | Role::Auditor => false,
                                    Role::Partner => {
                                        seat || (guest && kind == BodyKind::Partnertafel)
                                    }
                                    Role::Steering | Role::Reference => {
                                        seat && kind != BodyKind::Partnertafel
                                    }
                                };
                                let expected = mfa
                                    && view
                                    && match action {
                                        MeetingAction::View => true,
                                        MeetingAction::Manage => role == Role::Expert,
                                        MeetingAction::Acknowledge => {
                                            kind == BodyKind::Partnertafel
                                        }
                                    };
                                assert_eq!(
                                    got.is_allowed(),
                                    expected,
                                    "{role:?} {action:?} {kind:?} seat={seat} guest={guest} mfa={mfa}"
                                );
                                if !mfa {
                                    assert_eq!(got, Decision::Deny(DenyReason::MfaRequired));
                                }
                                n += 1;
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(n, 6 * 3 * 4 * 2 * 2 * 2);
    }

    #[test]
    fn prevention_checks_tenant_and_mfa_first() {
        let own = TenantId::new();
        let other = TenantId::new();
        let ctx = PreventionContext { is_author: true };
        for role in Role::ALL {
            for action in PreventionAction::ALL {
                let a = actor(role, &own, true);
                assert_eq!(
                    decide_prevention(&a, &other, action, &ctx),
                    Decision::Deny(DenyReason::OtherTenant)
                );
                assert_eq!(
                    decide_prevention(&actor(role, &own, false), &own, action, &ctx),
                    Decision::Deny(DenyReason::MfaRequired)
                );
                assert_eq!(
                    decide_prevention(&a, &own, action, &ctx).is_allowed(),
                    crate::prevention::access::may(role, action, &ctx)
                );
            }
        }
    }

    #[test]
    fn the_partnertafel_is_closed_to_roles_that_never_see_cases() {
        let t = TenantId::new();
        let ctx = MeetingContext {
            body_kind: BodyKind::Partnertafel,
            holds_seat_at_body: true,
            is_guest: true,
        };
        for role in [Role::Steering, Role::Reference, Role::Admin, Role::Auditor] {
            for action in MeetingAction::ALL {
                assert!(
                    !decide_meeting(&actor(role, &t, true), &t, action, &ctx).is_allowed(),
                    "{role:?} {action:?}"
                );
            }
        }
        // A partner with a seat sees and acknowledges, but does not plan.
        let p = actor(Role::Partner, &t, true);
        assert!(decide_meeting(&p, &t, MeetingAction::View, &ctx).is_allowed());
        assert!(decide_meeting(&p, &t, MeetingAction::Acknowledge, &ctx).is_allowed());
        assert_eq!(
            decide_meeting(&p, &t, MeetingAction::Manage, &ctx),
            Decision::Deny(DenyReason::NotCoordinator)
        );
    }
}
