//! Who may do what in prevention.
//!
//! - The expert (deskundige extremisme en polarisering) runs prevention and
//!   may do everything here.
//! - Reference persons, Partnertafel members (police and partners) pass
//!   signals, and read only the signals they passed themselves.
//! - The Stuurgroep sees no personal data anywhere: of prevention it sees the
//!   workshop coverage per school year and the action plan, and writes its
//!   evaluation notes on the action plan.
//! - The administrator and the DPO do no prevention work.

use crate::Role;

/// What someone wants to do in prevention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PreventionAction {
    /// Keep the contact register: read and write contacts, link them to a
    /// signal or a case referral. Contacts hold personal data.
    ManageContacts,
    /// Pass a signal (an observation about trends and groups).
    SubmitSignal,
    /// Read one signal: the expert any, a submitter only their own
    /// ([`PreventionContext::is_author`]).
    ReadSignal,
    /// See every signal and their trend per month and theme.
    ViewSignalTrends,
    /// Keep the register of social tensions with its Brandsma analysis.
    ManageTensions,
    /// Keep the network of reference persons and the trainings they followed.
    ManageReferenceNetwork,
    /// Keep training sessions, participants, attendance and evaluation.
    ManageTrainings,
    /// Keep the working group's scope and the signals it passes on.
    ManageWorkingGroup,
    /// Keep advice trajectories for organisations and page admins, and the
    /// city's counter-messages (the silent middle).
    ManageSilentMiddle,
    /// Keep the school registry's workshops.
    ManageWorkshops,
    /// See the workshop coverage per school year (no personal data).
    ViewWorkshopCoverage,
    /// Keep the action plan: owners, indicators, status.
    ManageActionPlan,
    /// See the action plan and its evaluation notes (no personal data).
    ViewActionPlan,
    /// Write the Stuurgroep's evaluation notes on the action plan per period.
    EvaluateActionPlan,
    /// Write and publish the public information pages (kennisbank).
    ManageKnowledgeBase,
}

impl PreventionAction {
    pub const ALL: [PreventionAction; 15] = [
        PreventionAction::ManageContacts,
        PreventionAction::SubmitSignal,
        PreventionAction::ReadSignal,
        PreventionAction::ViewSignalTrends,
        PreventionAction::ManageTensions,
        PreventionAction::ManageReferenceNetwork,
        PreventionAction::ManageTrainings,
        PreventionAction::ManageWorkingGroup,
        PreventionAction::ManageSilentMiddle,
        PreventionAction::ManageWorkshops,
        PreventionAction::ViewWorkshopCoverage,
        PreventionAction::ManageActionPlan,
        PreventionAction::ViewActionPlan,
        PreventionAction::EvaluateActionPlan,
        PreventionAction::ManageKnowledgeBase,
    ];
}

/// The facts about the asker and the object that the prevention rules need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PreventionContext {
    /// The asker passed this signal (for [`PreventionAction::ReadSignal`]).
    pub is_author: bool,
}

/// Whether `role` may do `action` (tenant and MFA are checked by the policy).
pub fn may(role: Role, action: PreventionAction, ctx: &PreventionContext) -> bool {
    use PreventionAction as A;
    match role {
        Role::Expert => true,
        Role::Partner | Role::Reference => match action {
            A::SubmitSignal => true,
            A::ReadSignal => ctx.is_author,
            _ => false,
        },
        Role::Steering => matches!(
            action,
            A::ViewWorkshopCoverage | A::ViewActionPlan | A::EvaluateActionPlan
        ),
        Role::Admin | Role::Auditor => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every role x action x author, against the rules in words.
    #[test]
    fn matrix() {
        use PreventionAction as A;
        let mut n = 0;
        for role in Role::ALL {
            for action in PreventionAction::ALL {
                for author in [false, true] {
                    let ctx = PreventionContext { is_author: author };
                    let expected = match role {
                        Role::Expert => true,
                        Role::Partner | Role::Reference => {
                            action == A::SubmitSignal || (action == A::ReadSignal && author)
                        }
                        Role::Steering => [
                            A::ViewWorkshopCoverage,
                            A::ViewActionPlan,
                            A::EvaluateActionPlan,
                        ]
                        .contains(&action),
                        Role::Admin | Role::Auditor => false,
                    };
                    assert_eq!(
                        may(role, action, &ctx),
                        expected,
                        "{role:?} {action:?} {author}"
                    );
                    n += 1;
                }
            }
        }
        assert_eq!(n, 6 * 15 * 2);
    }

    #[test]
    fn the_stuurgroep_never_reaches_personal_data() {
        let ctx = PreventionContext { is_author: true };
        for action in [
            PreventionAction::ManageContacts,
            PreventionAction::ReadSignal,
            PreventionAction::ViewSignalTrends,
            PreventionAction::ManageTensions,
            PreventionAction::ManageReferenceNetwork,
            PreventionAction::ManageTrainings,
            PreventionAction::ManageSilentMiddle,
        ] {
            assert!(!may(Role::Steering, action, &ctx), "{action:?}");
        }
    }

    #[test]
    fn a_reference_person_reads_only_own_signals() {
        let own = PreventionContext { is_author: true };
        let other = PreventionContext { is_author: false };
        assert!(may(Role::Reference, PreventionAction::ReadSignal, &own));
        assert!(!may(Role::Reference, PreventionAction::ReadSignal, &other));
        assert!(!may(
            Role::Reference,
            PreventionAction::ViewSignalTrends,
            &own
        ));
    }
}
