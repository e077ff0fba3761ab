//! The socio-preventive follow-up trajectory (plan 2.4.3): actions with a
//! responsible partner, a due date, a status and a result. Every step is known
//! to and accepted by every partner of the table (plan 2.4.4): an action is
//! only started once every organisation at the table has accepted it.

use std::collections::BTreeSet;

use crate::OrganisationId;
use crate::case::Date;

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionPhase {
    /// Waiting for acceptance by every organisation at the table.
    Proposed,
    /// Accepted by all: the responsible partner carries it out.
    Accepted,
    /// Done, with a result.
    Done,
    /// Stopped by the table.
    Cancelled,
}

impl ActionPhase {
    pub fn code(self) -> &'static str {
        match self {
            ActionPhase::Proposed => "proposed",
            ActionPhase::Accepted => "accepted",
            ActionPhase::Done => "done",
            ActionPhase::Cancelled => "cancelled",
        }
    }
}

/// The phase of an action that is not done or cancelled: accepted only when
/// every organisation at the table accepted it (an empty table accepts nothing).
pub fn phase(table: &[OrganisationId], accepted_by: &[OrganisationId]) -> ActionPhase {
    let table: BTreeSet<&OrganisationId> = table.iter().collect();
    let accepted: BTreeSet<&OrganisationId> = accepted_by.iter().collect();
    if !table.is_empty() && table.is_subset(&accepted) {
        ActionPhase::Accepted
    } else {
        ActionPhase::Proposed
    }
}

/// The organisations of the table that have not accepted yet.
pub fn missing_acceptances(
    table: &[OrganisationId],
    accepted_by: &[OrganisationId],
) -> Vec<OrganisationId> {
    let accepted: BTreeSet<&OrganisationId> = accepted_by.iter().collect();
    let mut out: Vec<OrganisationId> = table
        .iter()
        .filter(|o| !accepted.contains(o))
        .cloned()
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether an action is overdue on `today`: past its due date and not finished.
pub fn is_overdue(due: Date, today: Date, finished: bool) -> bool {
    !finished && due < today
}

/// Why marking an action done was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinishError {
    /// Not every partner accepted it: it has not started.
    NotAccepted,
    /// Only the responsible partner reports its result.
    NotResponsible,
}

impl FinishError {
    pub fn message_key(self) -> &'static str {
        match self {
            FinishError::NotAccepted => "action-error-not-accepted",
            FinishError::NotResponsible => "action-error-not-responsible",
        }
    }
}

/// Whether `by` may mark the action done.
pub fn may_finish(
    phase: ActionPhase,
    responsible: &OrganisationId,
    by: &OrganisationId,
) -> Result<(), FinishError> {
    if phase != ActionPhase::Accepted {
        return Err(FinishError::NotAccepted);
    }
    if responsible != by {
        return Err(FinishError::NotResponsible);
    }
    Ok(())
}

/// The table's judgement of an action when it evaluates the trajectory
/// (plan 2.4.3: the trajectory is evaluated at every following table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// On track.
    OnTrack,
    /// Delayed, but the action goes on.
    Delayed,
    /// The action must be adjusted (what, in the note).
    Adjust,
    /// The table stops the action.
    Stop,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::OnTrack,
        Verdict::Delayed,
        Verdict::Adjust,
        Verdict::Stop,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Verdict::OnTrack => "on_track",
            Verdict::Delayed => "delayed",
            Verdict::Adjust => "adjust",
            Verdict::Stop => "stop",
        }
    }

    pub fn parse(s: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.code() == s)
    }

    /// Adjusting or stopping an action says what changes or why it stops.
    pub fn needs_note(self) -> bool {
        matches!(self, Verdict::Adjust | Verdict::Stop)
    }
}

/// Why an evaluation was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvaluateError {
    /// A finished (done or stopped) action is no longer evaluated.
    Finished,
    /// An action can only be evaluated at a meeting held after it was proposed.
    MeetingBeforeAction,
}

impl EvaluateError {
    pub fn message_key(self) -> &'static str {
        match self {
            EvaluateError::Finished => "action-error-finished",
            EvaluateError::MeetingBeforeAction => "action-error-meeting-before",
        }
    }
}

/// Whether an action in `phase`, proposed at `proposed_at_ms`, may be
/// evaluated at a meeting ending at `meeting_ends_ms`: a running action, at
/// a meeting that had not ended before it was proposed (an action proposed
/// during a meeting may get its first evaluation at that meeting).
pub fn may_evaluate(
    phase: ActionPhase,
    proposed_at_ms: i64,
    meeting_ends_ms: i64,
) -> Result<(), EvaluateError> {
    if matches!(phase, ActionPhase::Done | ActionPhase::Cancelled) {
        return Err(EvaluateError::Finished);
    }
    if meeting_ends_ms < proposed_at_ms {
        return Err(EvaluateError::MeetingBeforeAction);
    }
    Ok(())
}

/// Whether a running action still needs its evaluation from the latest table:
/// the action is not finished, existed when that meeting started, and was not
/// evaluated there. `None` when the table has not met since.
pub fn evaluation_due(
    phase: ActionPhase,
    proposed_at_ms: i64,
    latest_meeting_start_ms: Option<i64>,
    evaluated_at_latest: bool,
) -> bool {
    match latest_meeting_start_ms {
        Some(start) => {
            !matches!(phase, ActionPhase::Done | ActionPhase::Cancelled)
                && proposed_at_ms <= start
                && !evaluated_at_latest
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    fn orgs(n: usize) -> Vec<OrganisationId> {
        (0..n).map(|_| OrganisationId::new()).collect()
    }

    #[test]
    fn accepted_only_when_all_accepted() {
        let t = orgs(3);
        assert_eq!(phase(&t, &[]), ActionPhase::Proposed);
        assert_eq!(phase(&t, &t[..2]), ActionPhase::Proposed);
        assert_eq!(phase(&t, &t), ActionPhase::Accepted);
        assert_eq!(missing_acceptances(&t, &t[..1]).len(), 2);
        // Acceptance by an organisation not at the table does not count.
        let outsider = OrganisationId::new();
        assert_eq!(phase(&t[..1], &[outsider]), ActionPhase::Proposed);
        assert_eq!(
            phase(&[], &t),
            ActionPhase::Proposed,
            "an empty table accepts nothing"
        );
    }

    #[test]
    fn only_the_responsible_partner_finishes_an_accepted_action() {
        let t = orgs(2);
        assert_eq!(
            may_finish(ActionPhase::Proposed, &t[0], &t[0]),
            Err(FinishError::NotAccepted)
        );
        assert_eq!(
            may_finish(ActionPhase::Accepted, &t[0], &t[1]),
            Err(FinishError::NotResponsible)
        );
        assert_eq!(may_finish(ActionPhase::Accepted, &t[0], &t[0]), Ok(()));
    }

    #[test]
    fn overdue() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        assert!(is_overdue(d(2026, 11, 1), d(2026, 11, 28), false));
        assert!(!is_overdue(d(2026, 11, 1), d(2026, 11, 28), true));
        assert!(!is_overdue(d(2026, 11, 28), d(2026, 11, 28), false));
    }

    #[test]
    fn verdict_codes_round_trip() {
        for v in Verdict::ALL {
            assert_eq!(Verdict::parse(v.code()), Some(v));
        }
        assert_eq!(Verdict::parse("prima"), None);
        assert!(Verdict::Adjust.needs_note() && Verdict::Stop.needs_note());
        assert!(!Verdict::OnTrack.needs_note() && !Verdict::Delayed.needs_note());
    }

    #[test]
    fn only_running_actions_are_evaluated_at_a_later_meeting() {
        for ph in [ActionPhase::Done, ActionPhase::Cancelled] {
            assert_eq!(may_evaluate(ph, 10, 20), Err(EvaluateError::Finished));
        }
        for ph in [ActionPhase::Proposed, ActionPhase::Accepted] {
            assert_eq!(may_evaluate(ph, 10, 20), Ok(()));
            assert_eq!(may_evaluate(ph, 10, 10), Ok(()));
            assert_eq!(
                may_evaluate(ph, 30, 20),
                Err(EvaluateError::MeetingBeforeAction)
            );
        }
    }

    #[test]
    fn an_evaluation_is_due_after_every_table_until_finished() {
        let a = ActionPhase::Accepted;
        assert!(!evaluation_due(a, 10, None, false), "no table since");
        assert!(evaluation_due(a, 10, Some(20), false));
        assert!(!evaluation_due(a, 10, Some(20), true), "evaluated there");
        assert!(!evaluation_due(a, 30, Some(20), false), "proposed after it");
        assert!(evaluation_due(ActionPhase::Proposed, 10, Some(20), false));
        assert!(!evaluation_due(ActionPhase::Done, 10, Some(20), false));
        assert!(!evaluation_due(ActionPhase::Cancelled, 10, Some(20), false));
    }

    proptest! {
        #[test]
        fn one_missing_acceptance_keeps_it_proposed(n in 1usize..8, skip in 0usize..8) {
            let t = orgs(n);
            let skip = skip % n;
            let accepted: Vec<_> = t.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, o)| o.clone()).collect();
            prop_assert_eq!(phase(&t, &accepted), ActionPhase::Proposed);
            prop_assert_eq!(missing_acceptances(&t, &accepted), vec![t[skip].clone()]);
        }
    }
}
