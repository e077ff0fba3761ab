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
