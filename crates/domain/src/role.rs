//! Roles: what kind of user someone is (MISSION.md "People").

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Beheerder: manages accounts, organisations, bodies and configuration. Sees no case content.
    Admin,
    /// Deskundige extremisme en polarisering: the coordinator.
    Expert,
    /// Lid Partnertafel: a partner organisation's member at the case table.
    Partner,
    /// Lid Stuurgroep: sees anonymised reports only, never a name or case detail.
    Steering,
    /// Referentiepersoon: passes signals to the expert.
    Reference,
    /// Functionaris gegevensbescherming (DPO): reads the audit trail.
    Auditor,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::Expert,
        Role::Partner,
        Role::Steering,
        Role::Reference,
        Role::Auditor,
    ];

    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Expert => "expert",
            Role::Partner => "partner",
            Role::Steering => "steering",
            Role::Reference => "reference",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Whether this role can ever see case data (names, case content).
    pub fn can_see_case_data(self) -> bool {
        matches!(self, Role::Expert | Role::Partner)
    }

    /// MFA is mandatory for every account that can see case data, and for the
    /// accounts that manage security or read the audit trail (QUALITY.md §1.2).
    pub fn requires_mfa(self) -> bool {
        matches!(
            self,
            Role::Expert | Role::Partner | Role::Admin | Role::Auditor
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn every_role_that_sees_cases_requires_mfa() {
        for r in Role::ALL {
            if r.can_see_case_data() {
                assert!(r.requires_mfa(), "{r:?}");
            }
        }
        assert!(!Role::Steering.can_see_case_data());
        assert!(!Role::Reference.can_see_case_data());
    }
}
