//! What work a case takes in each phase of its lifecycle (issue 3, points
//! 1, 2, 7 and 8): the table works on a case only while it is responsible
//! for it, and only after the case came to a table where that work belongs.
//!
//! - Before the table (referred, screening): partners answer the known /
//!   followed-up check and bring information items, to prepare the table;
//!   nothing is assessed, decided on a trajectory or fed back yet.
//! - At the table (on the agenda, assessment, not enough information,
//!   socio-preventive follow-up): all work. Trajectory actions are proposed
//!   only in socio-preventive follow-up, the outcome that starts a trajectory;
//!   actions already agreed are still accepted, reported and evaluated at
//!   every table the case returns to.
//! - After the table (closed, handed to police and justice, referred
//!   elsewhere, handled by the referrer, outside the scope, transferred): the
//!   table is no longer responsible, so the file is read-only, except that the
//!   expert still sends the terugkoppeling of the table that ended it.
//! - An LTF counter-indication stops the case (plan 2.4.1): no work at all
//!   until the police information officer records otherwise.

use serde::{Deserialize, Serialize};

use super::lifecycle::CaseState;
use super::referral::LtfCheck;

/// A kind of work on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseWork {
    /// An organisation answers the known / followed-up check.
    AnswerKnowledge,
    /// An organisation brings an information item (withdrawing or consenting
    /// to one it owns stays possible in every phase: it only narrows use).
    AddItem,
    /// The table's assessment (beoordeling).
    Assess,
    /// A new action of the follow-up trajectory.
    ProposeAction,
    /// Accepting, reporting on or evaluating an agreed action.
    WorkOnAction,
    /// The terugkoppeling to a partner after a table.
    SendFeedback,
}

impl CaseWork {
    pub const ALL: [CaseWork; 6] = [
        CaseWork::AnswerKnowledge,
        CaseWork::AddItem,
        CaseWork::Assess,
        CaseWork::ProposeAction,
        CaseWork::WorkOnAction,
        CaseWork::SendFeedback,
    ];
}

/// Why a case takes no such work now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorkRefusal {
    /// The case has not been at a table yet.
    NotYetAtTable,
    /// Trajectory actions start only with socio-preventive follow-up.
    NoTrajectory,
    /// The table is no longer responsible: closed, handed over or referred.
    TableNoLongerResponsible,
    /// The LTF recorded a counter-indication: the case is stopped.
    LtfCounterIndication,
}

impl WorkRefusal {
    pub const ALL: [WorkRefusal; 4] = [
        WorkRefusal::NotYetAtTable,
        WorkRefusal::NoTrajectory,
        WorkRefusal::TableNoLongerResponsible,
        WorkRefusal::LtfCounterIndication,
    ];

    /// The stable code in API errors.
    pub fn code(self) -> &'static str {
        match self {
            WorkRefusal::NotYetAtTable => "case_not_yet_at_table",
            WorkRefusal::NoTrajectory => "case_without_trajectory",
            WorkRefusal::TableNoLongerResponsible => "case_no_longer_at_table",
            WorkRefusal::LtfCounterIndication => "case_stopped_by_ltf",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            WorkRefusal::NotYetAtTable => "case-work-not-yet-at-table",
            WorkRefusal::NoTrajectory => "case-work-no-trajectory",
            WorkRefusal::TableNoLongerResponsible => "case-work-no-longer-at-table",
            WorkRefusal::LtfCounterIndication => "case-work-ltf-counter-indication",
        }
    }
}

/// Whether a case in `state`, with LTF check `ltf`, takes `work` now.
pub fn may_work(state: CaseState, ltf: LtfCheck, work: CaseWork) -> Result<(), WorkRefusal> {
    if ltf == LtfCheck::CounterIndication {
        return Err(WorkRefusal::LtfCounterIndication);
    }
    if state.is_pending() {
        return match work {
            CaseWork::AnswerKnowledge | CaseWork::AddItem => Ok(()),
            CaseWork::Assess
            | CaseWork::ProposeAction
            | CaseWork::WorkOnAction
            | CaseWork::SendFeedback => Err(WorkRefusal::NotYetAtTable),
        };
    }
    if state.is_active() {
        return match work {
            CaseWork::ProposeAction if state != CaseState::SocioPreventief => {
                Err(WorkRefusal::NoTrajectory)
            }
            _ => Ok(()),
        };
    }
    // Terminal: the table is no longer responsible.
    match work {
        CaseWork::SendFeedback => Ok(()),
        _ => Err(WorkRefusal::TableNoLongerResponsible),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use CaseState as S;
    use CaseWork as W;
    use std::collections::HashSet;

    /// Written out from the plan, phase by phase.
    fn expected(state: CaseState, work: CaseWork) -> Result<(), WorkRefusal> {
        let before = [S::Aangemeld, S::Screening];
        let at = [
            S::Geagendeerd,
            S::InBeoordeling,
            S::OnvoldoendeInformatie,
            S::SocioPreventief,
        ];
        if before.contains(&state) {
            if matches!(work, W::AnswerKnowledge | W::AddItem) {
                Ok(())
            } else {
                Err(WorkRefusal::NotYetAtTable)
            }
        } else if at.contains(&state) {
            if work == W::ProposeAction && state != S::SocioPreventief {
                Err(WorkRefusal::NoTrajectory)
            } else {
                Ok(())
            }
        } else if work == W::SendFeedback {
            Ok(())
        } else {
            Err(WorkRefusal::TableNoLongerResponsible)
        }
    }

    #[test]
    fn every_phase_and_work() {
        for state in CaseState::ALL {
            for work in CaseWork::ALL {
                for ltf in [LtfCheck::Pending, LtfCheck::NoCounterIndication] {
                    assert_eq!(
                        may_work(state, ltf, work),
                        expected(state, work),
                        "{state:?} {work:?} {ltf:?}"
                    );
                }
                assert_eq!(
                    may_work(state, LtfCheck::CounterIndication, work),
                    Err(WorkRefusal::LtfCounterIndication),
                    "{state:?} {work:?}"
                );
            }
        }
    }

    #[test]
    fn a_closed_case_is_read_only_but_for_the_last_feedback() {
        for state in [
            S::Afgesloten,
            S::Veiligheidsrisico,
            S::Overgedragen,
            S::Doorverwezen,
            S::EigenWerking,
            S::BuitenScope,
        ] {
            for work in CaseWork::ALL {
                assert_eq!(
                    may_work(state, LtfCheck::NoCounterIndication, work).is_ok(),
                    work == W::SendFeedback,
                    "{state:?} {work:?}"
                );
            }
        }
    }

    #[test]
    fn codes_and_keys_are_unique() {
        let codes: HashSet<_> = WorkRefusal::ALL.iter().map(|r| r.code()).collect();
        let keys: HashSet<_> = WorkRefusal::ALL.iter().map(|r| r.message_key()).collect();
        assert_eq!(codes.len(), WorkRefusal::ALL.len());
        assert_eq!(keys.len(), WorkRefusal::ALL.len());
    }
}
