//! The access policy: the one function that decides who may see or do what.
//!
//! Deny by default. Every path (web page, JSON API, export, report, CLI) asks
//! [`decide`] before it reads or changes anything; later modules (cases,
//! information items) extend [`Action`] and the rules here, not elsewhere.

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
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::ViewDashboard,
        Action::ManageOwnAccount,
        Action::ManageUsers,
        Action::ManageSessions,
        Action::ViewOrganisation,
        Action::ManageProfile,
        Action::ReadAuditTrail,
    ];
}

/// Why access was refused; logged and audited, never shown in detail to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DenyReason {
    OtherTenant,
    RoleNotAllowed,
    MfaRequired,
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
        Action::ManageUsers | Action::ManageSessions | Action::ManageProfile => {
            actor.role == Role::Admin
        }
        Action::ViewOrganisation => matches!(actor.role, Role::Admin | Role::Expert),
        Action::ReadAuditTrail => actor.role == Role::Auditor,
    };
    if allowed {
        Decision::Allow
    } else {
        Decision::Deny(DenyReason::RoleNotAllowed)
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
                            Action::ManageUsers | Action::ManageSessions | Action::ManageProfile,
                            Role::Admin,
                        ) => Decision::Allow,
                        (true, Action::ViewOrganisation, Role::Admin | Role::Expert) => {
                            Decision::Allow
                        }
                        (true, Action::ReadAuditTrail, Role::Auditor) => Decision::Allow,
                        _ => Decision::Deny(DenyReason::RoleNotAllowed),
                    };
                    assert_eq!(got, expected, "{role:?} {action:?} mfa={mfa}");
                }
            }
        }
    }

    #[test]
    fn admin_cannot_read_audit_and_auditor_cannot_manage_users() {
        let t = TenantId::new();
        assert!(!decide(&actor(Role::Admin, &t, true), Action::ReadAuditTrail, &t).is_allowed());
        assert!(!decide(&actor(Role::Auditor, &t, true), Action::ManageUsers, &t).is_allowed());
    }
}
