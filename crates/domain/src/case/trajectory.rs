//! The socio-preventive follow-up trajectory (plan 2.4.3): actions with a
//! responsible partner, a due date, a status and a result. Every step is known
//! to and accepted by every partner of the table (plan 2.4.4): an action is
//! only started once every organisation at the table has accepted it. Each
//! organisation answers for itself, accepting or refusing with a reason; its
//! latest answer counts, and one refusal keeps the action from starting.

use std::collections::{BTreeMap, BTreeSet};

use crate::OrganisationId;
use crate::case::Date;
use crate::case::text::required_text_type;

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionPhase {
    /// Waiting for acceptance by every organisation at the table.
    Proposed,
    /// An organisation at the table refused it: not started (until that
    /// organisation accepts after all, or the table stops it).
    Refused,
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
            ActionPhase::Refused => "refused",
            ActionPhase::Accepted => "accepted",
            ActionPhase::Done => "done",
            ActionPhase::Cancelled => "cancelled",
        }
    }
}

/// An organisation's answer to a proposed action. Each organisation at the
/// table answers for itself; its latest answer replaces an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    Accepted,
    /// Not accepted, with a reason ([`RefusalReason`]) the table sees.
    Refused,
}

impl Answer {
    pub const ALL: [Answer; 2] = [Answer::Accepted, Answer::Refused];

    pub fn code(self) -> &'static str {
        match self {
            Answer::Accepted => "accepted",
            Answer::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<Answer> {
        Answer::ALL.into_iter().find(|a| a.code() == s)
    }
}

/// The answer that counts per organisation at the table: the last one of
/// `answers` (oldest first) for it. Answers of organisations not at the
/// table do not count.
fn table_answers<'a>(
    table: &'a [OrganisationId],
    answers: &'a [(OrganisationId, Answer)],
) -> BTreeMap<&'a OrganisationId, Answer> {
    let table: BTreeSet<&OrganisationId> = table.iter().collect();
    answers
        .iter()
        .filter(|(o, _)| table.contains(o))
        .map(|(o, a)| (o, *a))
        .collect()
}

/// The phase of an action that is not done or cancelled, from the answers
/// given (oldest first): refused while any organisation at the table refuses
/// it; accepted only when every organisation at the table accepted it (an
/// empty table accepts nothing); proposed otherwise.
pub fn phase(table: &[OrganisationId], answers: &[(OrganisationId, Answer)]) -> ActionPhase {
    let latest = table_answers(table, answers);
    if latest.values().any(|a| *a == Answer::Refused) {
        return ActionPhase::Refused;
    }
    let accepted = latest.values().filter(|a| **a == Answer::Accepted).count();
    let table: BTreeSet<&OrganisationId> = table.iter().collect();
    if !table.is_empty() && accepted == table.len() {
        ActionPhase::Accepted
    } else {
        ActionPhase::Proposed
    }
}

/// The organisations of the table that have not answered yet, sorted.
pub fn awaiting_answer(
    table: &[OrganisationId],
    answers: &[(OrganisationId, Answer)],
) -> Vec<OrganisationId> {
    let latest = table_answers(table, answers);
    let mut out: Vec<OrganisationId> = table
        .iter()
        .filter(|o| !latest.contains_key(o))
        .cloned()
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The organisations of the table whose answer that counts is a refusal, sorted.
pub fn refused_by(
    table: &[OrganisationId],
    answers: &[(OrganisationId, Answer)],
) -> Vec<OrganisationId> {
    table_answers(table, answers)
        .into_iter()
        .filter(|(_, a)| *a == Answer::Refused)
        .map(|(o, _)| o.clone())
        .collect()
}

required_text_type!(
    /// Why an organisation does not accept a proposed action. Shown to the
    /// table like the action itself; personal data, sealed at rest and never
    /// in a log.
    RefusalReason,
    4000
);

/// Why a refusal was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefuseError {
    /// Done or stopped: nothing left to refuse.
    Finished,
    /// Every organisation at the table accepted it: it runs, and only the
    /// table's evaluation adjusts or stops it.
    Started,
    /// A refusal says why.
    ReasonRequired,
    /// The reason is too long or holds control characters.
    ReasonInvalid,
}

impl RefuseError {
    pub const ALL: [RefuseError; 4] = [
        RefuseError::Finished,
        RefuseError::Started,
        RefuseError::ReasonRequired,
        RefuseError::ReasonInvalid,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RefuseError::Finished => "action_finished",
            RefuseError::Started => "action_started",
            RefuseError::ReasonRequired => "reason_required",
            RefuseError::ReasonInvalid => "reason_invalid",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            RefuseError::Finished => "action-refuse-error-finished",
            RefuseError::Started => "action-refuse-error-started",
            RefuseError::ReasonRequired => "action-refuse-error-reason",
            RefuseError::ReasonInvalid => "action-refuse-error-reason-invalid",
        }
    }
}

/// Why an acceptance of an action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptError {
    /// Done or stopped: an acceptance would come after the fact.
    Finished,
}

impl AcceptError {
    pub fn code(self) -> &'static str {
        match self {
            AcceptError::Finished => "action_finished",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            AcceptError::Finished => "action-accept-error-finished",
        }
    }
}

/// Whether an organisation at the table may accept an action in `phase`:
/// while it is proposed or refused (accepting replaces its own refusal), and
/// again once started (nothing changes); never when it is done or stopped, so
/// the record never shows an acceptance after the fact.
pub fn may_accept(phase: ActionPhase) -> Result<(), AcceptError> {
    match phase {
        ActionPhase::Done | ActionPhase::Cancelled => Err(AcceptError::Finished),
        ActionPhase::Proposed | ActionPhase::Refused | ActionPhase::Accepted => Ok(()),
    }
}

/// Whether an organisation at the table may refuse an action in `phase`:
/// only before it started (proposed, or already refused by someone), never
/// once every organisation accepted it, nor when it is done or stopped.
pub fn may_refuse(phase: ActionPhase) -> Result<(), RefuseError> {
    match phase {
        ActionPhase::Done | ActionPhase::Cancelled => Err(RefuseError::Finished),
        ActionPhase::Accepted => Err(RefuseError::Started),
        ActionPhase::Proposed | ActionPhase::Refused => Ok(()),
    }
}

/// A refusal of an action in `phase` with `reason`: [`may_refuse`], and a
/// reason is required. Returns the checked reason.
pub fn check_refusal(phase: ActionPhase, reason: &str) -> Result<RefusalReason, RefuseError> {
    may_refuse(phase)?;
    RefusalReason::parse(reason).map_err(|e| match e {
        crate::case::TextError::Empty => RefuseError::ReasonRequired,
        crate::case::TextError::TooLong { .. } | crate::case::TextError::ControlCharacter => {
            RefuseError::ReasonInvalid
        }
    })
}

/// Why the due date of a new action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueError {
    /// Before today: an action is not proposed overdue.
    InPast,
    /// More than [`MAX_DUE_DAYS`] ahead: the table evaluates every action at
    /// its following meetings, so a step is planned within reach.
    TooFar,
}

/// How far ahead a new action may be due: two years.
pub const MAX_DUE_DAYS: i64 = 731;

impl DueError {
    pub fn code(self) -> &'static str {
        match self {
            DueError::InPast => "due_in_past",
            DueError::TooFar => "due_too_far",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            DueError::InPast => "action-error-due-in-past",
            DueError::TooFar => "action-error-due-too-far",
        }
    }
}

/// Whether a new action may be due on `due`, proposed on `today` (the
/// application's date in Europe/Brussels): today or later, and at most
/// [`MAX_DUE_DAYS`] ahead.
pub fn check_new_due(due: Date, today: Date) -> Result<(), DueError> {
    if due < today {
        Err(DueError::InPast)
    } else if due.to_unix_days() - today.to_unix_days() > MAX_DUE_DAYS {
        Err(DueError::TooFar)
    } else {
        Ok(())
    }
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
    /// A partner at the table refused it: it has not started.
    Refused,
    /// Only the responsible partner reports its result.
    NotResponsible,
    /// Its result was reported already.
    AlreadyDone,
    /// The table stopped it.
    Cancelled,
}

impl FinishError {
    pub fn message_key(self) -> &'static str {
        match self {
            FinishError::NotAccepted => "action-error-not-accepted",
            FinishError::Refused => "action-refuse-error-not-started",
            FinishError::NotResponsible => "action-error-not-responsible",
            FinishError::AlreadyDone => "action-error-already-done",
            FinishError::Cancelled => "action-error-cancelled",
        }
    }
}

/// Whether `by` may mark the action done.
pub fn may_finish(
    phase: ActionPhase,
    responsible: &OrganisationId,
    by: &OrganisationId,
) -> Result<(), FinishError> {
    match phase {
        ActionPhase::Accepted => {}
        ActionPhase::Refused => return Err(FinishError::Refused),
        ActionPhase::Proposed => return Err(FinishError::NotAccepted),
        ActionPhase::Done => return Err(FinishError::AlreadyDone),
        ActionPhase::Cancelled => return Err(FinishError::Cancelled),
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

    fn accepting(orgs: &[OrganisationId]) -> Vec<(OrganisationId, Answer)> {
        orgs.iter().map(|o| (o.clone(), Answer::Accepted)).collect()
    }

    #[test]
    fn an_action_is_accepted_only_until_it_is_finished() {
        use ActionPhase as P;
        for p in [P::Proposed, P::Refused, P::Accepted] {
            assert_eq!(may_accept(p), Ok(()), "{p:?}");
        }
        for p in [P::Done, P::Cancelled] {
            assert_eq!(may_accept(p), Err(AcceptError::Finished), "{p:?}");
        }
    }

    #[test]
    fn accepted_only_when_all_accepted() {
        let t = orgs(3);
        assert_eq!(phase(&t, &[]), ActionPhase::Proposed);
        assert_eq!(phase(&t, &accepting(&t[..2])), ActionPhase::Proposed);
        assert_eq!(phase(&t, &accepting(&t)), ActionPhase::Accepted);
        assert_eq!(awaiting_answer(&t, &accepting(&t[..1])).len(), 2);
        // Acceptance by an organisation not at the table does not count.
        let outsider = OrganisationId::new();
        assert_eq!(
            phase(&t[..1], &accepting(&[outsider])),
            ActionPhase::Proposed
        );
        assert_eq!(
            phase(&[], &accepting(&t)),
            ActionPhase::Proposed,
            "an empty table accepts nothing"
        );
    }

    #[test]
    fn one_refusal_at_the_table_keeps_it_from_starting() {
        let t = orgs(3);
        let mut answers = accepting(&t[..2]);
        answers.push((t[2].clone(), Answer::Refused));
        assert_eq!(phase(&t, &answers), ActionPhase::Refused);
        assert_eq!(refused_by(&t, &answers), vec![t[2].clone()]);
        assert!(awaiting_answer(&t, &answers).is_empty(), "all answered");
        // A refusal before anyone else answered refuses it too.
        let only = vec![(t[0].clone(), Answer::Refused)];
        assert_eq!(phase(&t, &only), ActionPhase::Refused);
        assert_eq!(awaiting_answer(&t, &only), {
            let mut rest = t[1..].to_vec();
            rest.sort();
            rest
        });
        // A refusal by an organisation not (or no longer) at the table does not count.
        let outsider = OrganisationId::new();
        let mut answers = accepting(&t);
        answers.push((outsider.clone(), Answer::Refused));
        assert_eq!(phase(&t, &answers), ActionPhase::Accepted);
        assert!(refused_by(&t, &answers).is_empty());
    }

    #[test]
    fn the_latest_answer_of_an_organisation_counts() {
        let t = orgs(2);
        // Accepting later replaces a refusal: the action starts.
        let answers = vec![
            (t[0].clone(), Answer::Accepted),
            (t[1].clone(), Answer::Refused),
            (t[1].clone(), Answer::Accepted),
        ];
        assert_eq!(phase(&t, &answers), ActionPhase::Accepted);
        assert!(refused_by(&t, &answers).is_empty());
        // Refusing after accepting (before it started) refuses it.
        let answers = vec![
            (t[0].clone(), Answer::Accepted),
            (t[0].clone(), Answer::Refused),
        ];
        assert_eq!(phase(&t, &answers), ActionPhase::Refused);
        assert_eq!(refused_by(&t, &answers), vec![t[0].clone()]);
    }

    #[test]
    fn only_a_not_started_action_is_refused_and_only_with_a_reason() {
        for ph in [ActionPhase::Proposed, ActionPhase::Refused] {
            assert_eq!(
                check_refusal(ph, "  Niet binnen onze opdracht \n").map(RefusalReason::into_string),
                Ok("Niet binnen onze opdracht".to_owned())
            );
            assert_eq!(check_refusal(ph, " \n "), Err(RefuseError::ReasonRequired));
            assert_eq!(
                check_refusal(ph, &"x".repeat(RefusalReason::MAX_CHARS + 1)),
                Err(RefuseError::ReasonInvalid)
            );
            assert_eq!(
                check_refusal(ph, "a\u{0}b"),
                Err(RefuseError::ReasonInvalid)
            );
            assert!(check_refusal(ph, &"é".repeat(RefusalReason::MAX_CHARS)).is_ok());
        }
        assert_eq!(
            check_refusal(ActionPhase::Accepted, "te laat"),
            Err(RefuseError::Started)
        );
        for ph in [ActionPhase::Done, ActionPhase::Cancelled] {
            assert_eq!(check_refusal(ph, "te laat"), Err(RefuseError::Finished));
        }
        assert_eq!(may_refuse(ActionPhase::Proposed), Ok(()));
        assert_eq!(may_refuse(ActionPhase::Refused), Ok(()));
        assert_eq!(may_refuse(ActionPhase::Accepted), Err(RefuseError::Started));
        // The phase is judged first: a started action is not refused, reason or not.
        assert_eq!(
            check_refusal(ActionPhase::Accepted, ""),
            Err(RefuseError::Started)
        );
    }

    #[test]
    fn a_refused_action_is_not_finished_but_the_table_still_evaluates_it() {
        let t = orgs(1);
        assert_eq!(
            may_finish(ActionPhase::Refused, &t[0], &t[0]),
            Err(FinishError::Refused)
        );
        assert_eq!(may_evaluate(ActionPhase::Refused, 10, 20), Ok(()));
        assert!(evaluation_due(ActionPhase::Refused, 10, Some(20), false));
        // Still overdue once past its due date: the table has to act on it.
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        assert!(is_overdue(d(2026, 11, 1), d(2026, 11, 28), false));
    }

    #[test]
    fn a_finished_action_says_so_when_reported_again() {
        let t = orgs(2);
        assert_eq!(may_finish(ActionPhase::Accepted, &t[0], &t[0]), Ok(()));
        assert_eq!(
            may_finish(ActionPhase::Done, &t[0], &t[0]),
            Err(FinishError::AlreadyDone)
        );
        assert_eq!(
            may_finish(ActionPhase::Cancelled, &t[0], &t[0]),
            Err(FinishError::Cancelled)
        );
        assert_eq!(
            may_finish(ActionPhase::Proposed, &t[0], &t[0]),
            Err(FinishError::NotAccepted)
        );
        assert_eq!(
            may_finish(ActionPhase::Accepted, &t[0], &t[1]),
            Err(FinishError::NotResponsible)
        );
    }

    #[test]
    fn a_new_action_is_due_today_or_later() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        let today = d(2026, 11, 28);
        assert_eq!(check_new_due(today, today), Ok(()));
        assert_eq!(check_new_due(d(2026, 11, 29), today), Ok(()));
        assert_eq!(check_new_due(d(2027, 1, 1), today), Ok(()));
        assert_eq!(check_new_due(d(2026, 11, 27), today), Err(DueError::InPast));
        assert_eq!(check_new_due(d(2025, 12, 31), today), Err(DueError::InPast));
        assert_eq!(check_new_due(d(2028, 11, 28), today), Ok(()));
        assert_eq!(check_new_due(d(2028, 12, 31), today), Err(DueError::TooFar));
        assert_eq!(check_new_due(d(9999, 12, 31), today), Err(DueError::TooFar));
        assert_eq!(DueError::TooFar.code(), "due_too_far");
        assert_eq!(DueError::InPast.code(), "due_in_past");
    }

    #[test]
    fn answer_and_error_codes_are_stable_and_distinct() {
        for a in Answer::ALL {
            assert_eq!(Answer::parse(a.code()), Some(a));
        }
        assert_eq!(Answer::parse("misschien"), None);
        let codes: BTreeSet<_> = RefuseError::ALL.iter().map(|e| e.code()).collect();
        let keys: BTreeSet<_> = RefuseError::ALL.iter().map(|e| e.message_key()).collect();
        assert_eq!(codes.len(), RefuseError::ALL.len());
        assert_eq!(keys.len(), RefuseError::ALL.len());
        assert_eq!(ActionPhase::Refused.code(), "refused");
        assert_ne!(
            FinishError::Refused.message_key(),
            FinishError::NotAccepted.message_key()
        );
    }

    #[test]
    fn a_refusal_reason_does_not_leak_in_debug() {
        let r = check_refusal(ActionPhase::Proposed, "geheime-reden").unwrap();
        assert!(!format!("{r:?}").contains("geheime"));
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
        for ph in [
            ActionPhase::Proposed,
            ActionPhase::Refused,
            ActionPhase::Accepted,
        ] {
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
            let accepted: Vec<_> = t.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, o)| (o.clone(), Answer::Accepted)).collect();
            prop_assert_eq!(phase(&t, &accepted), ActionPhase::Proposed);
            prop_assert_eq!(awaiting_answer(&t, &accepted), vec![t[skip].clone()]);
        }

        /// Whatever was answered before, the phase follows from each table
        /// organisation's last answer: refused if any is a refusal, else
        /// accepted exactly when all accepted.
        #[test]
        fn the_phase_follows_the_last_answers(
            n in 1usize..6,
            history in proptest::collection::vec((0usize..8, any::<bool>()), 0..20),
        ) {
            let t = orgs(n);
            let outsider = OrganisationId::new();
            let answers: Vec<(OrganisationId, Answer)> = history
                .iter()
                .map(|(i, accept)| {
                    let o = if *i < n { t[*i].clone() } else { outsider.clone() };
                    (o, if *accept { Answer::Accepted } else { Answer::Refused })
                })
                .collect();
            let last = |o: &OrganisationId| answers.iter().rev().find(|(x, _)| x == o).map(|(_, a)| *a);
            let any_refused = t.iter().any(|o| last(o) == Some(Answer::Refused));
            let all_accepted = t.iter().all(|o| last(o) == Some(Answer::Accepted));
            let expected = if any_refused {
                ActionPhase::Refused
            } else if all_accepted {
                ActionPhase::Accepted
            } else {
                ActionPhase::Proposed
            };
            prop_assert_eq!(phase(&t, &answers), expected);
            prop_assert_eq!(refused_by(&t, &answers).is_empty(), !any_refused);
            for o in awaiting_answer(&t, &answers) {
                prop_assert!(last(&o).is_none());
            }
        }
    }
}
