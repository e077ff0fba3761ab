//! Unanimous decisions of the Partnertafel (plan 2.4.3, issue 3 point 9).
//!
//! Three decisions need the whole table: closing a case, concluding a security
//! risk, and sending a terugkoppelingsfiche to the police. Every partner
//! organisation present votes; the decision is adopted only when all of them
//! agree. A single dissent, abstention or missing vote blocks it.
//!
//! Choices where the plan is silent:
//! - one vote per organisation, not per person: the plan speaks of partners;
//! - an abstention blocks like a dissent: "unanimous" means everyone agrees;
//! - two votes from one organisation are an error, not "last one counts":
//!   the store keeps one vote per organisation, so a duplicate means a bug or
//!   an unsettled disagreement inside the organisation, and an audited
//!   decision must not depend on the order in which votes were read;
//! - votes from organisations not present are ignored and reported;
//! - with nobody present there is nothing to adopt: an error.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::OrganisationId;

/// A decision that needs unanimity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// Close the case (afsluiten).
    Close,
    /// Conclude a possible security risk: the case goes to police and justice.
    SecurityRisk,
    /// Send a terugkoppelingsfiche to the police.
    SendTerugkoppelingsficheToPolice,
}

impl DecisionKind {
    pub const ALL: [DecisionKind; 3] = [
        DecisionKind::Close,
        DecisionKind::SecurityRisk,
        DecisionKind::SendTerugkoppelingsficheToPolice,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DecisionKind::Close => "close",
            DecisionKind::SecurityRisk => "security_risk",
            DecisionKind::SendTerugkoppelingsficheToPolice => "send_terugkoppelingsfiche_to_police",
        }
    }

    pub fn parse(code: &str) -> Option<DecisionKind> {
        DecisionKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One organisation's vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vote {
    Agree,
    Disagree,
    /// Blocks like [`Vote::Disagree`], but is recorded as what it is.
    Abstain,
}

impl Vote {
    pub const ALL: [Vote; 3] = [Vote::Agree, Vote::Disagree, Vote::Abstain];

    pub fn code(self) -> &'static str {
        match self {
            Vote::Agree => "agree",
            Vote::Disagree => "disagree",
            Vote::Abstain => "abstain",
        }
    }

    pub fn parse(code: &str) -> Option<Vote> {
        Vote::ALL.into_iter().find(|v| v.code() == code)
    }
}

/// Whether a decision was reached. The lists are sorted, so equal inputs give
/// equal outcomes whatever the order of the votes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Adopted,
    Blocked {
        /// Present, but no vote yet.
        missing: Vec<OrganisationId>,
        /// Voted against.
        dissent: Vec<OrganisationId>,
        /// Abstained.
        abstained: Vec<OrganisationId>,
    },
}

/// The result of counting the votes on one decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub outcome: Outcome,
    /// Organisations that voted but were not present; their votes did not count.
    pub ignored: Vec<OrganisationId>,
}

impl Tally {
    pub fn is_adopted(&self) -> bool {
        self.outcome == Outcome::Adopted
    }

    /// What the case lifecycle needs to know about this tally.
    pub fn vote_outcome(&self, kind: DecisionKind) -> VoteOutcome {
        VoteOutcome {
            kind,
            adopted: self.is_adopted(),
        }
    }
}

/// A held vote as the case lifecycle sees it: which decision, and whether the
/// table adopted it unanimously. Tying the vote to its kind keeps a vote to
/// close from being used to conclude a security risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VoteOutcome {
    pub kind: DecisionKind,
    pub adopted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TallyError {
    #[error("no partner organisation is present")]
    NobodyPresent,
    #[error("organisation {0} voted more than once")]
    DuplicateVote(OrganisationId),
}

impl TallyError {
    pub fn code(&self) -> &'static str {
        match self {
            TallyError::NobodyPresent => "nobody_present",
            TallyError::DuplicateVote(_) => "duplicate_vote",
        }
    }

    pub fn message_key(&self) -> &'static str {
        match self {
            TallyError::NobodyPresent => "decision-error-nobody-present",
            TallyError::DuplicateVote(_) => "decision-error-duplicate-vote",
        }
    }
}

/// Counts the votes on one decision. `present_orgs` are the partner
/// organisations present at the table (repeats are harmless); `votes` one per
/// organisation.
pub fn tally(
    present_orgs: &[OrganisationId],
    votes: &[(OrganisationId, Vote)],
) -> Result<Tally, TallyError> {
    let present: BTreeSet<&OrganisationId> = present_orgs.iter().collect();
    if present.is_empty() {
        return Err(TallyError::NobodyPresent);
    }
    let mut by_org: BTreeMap<&OrganisationId, Vote> = BTreeMap::new();
    for (org, vote) in votes {
        if by_org.insert(org, *vote).is_some() {
            return Err(TallyError::DuplicateVote(org.clone()));
        }
    }
    let ignored = by_org
        .keys()
        .filter(|org| !present.contains(*org))
        .map(|org| (*org).clone())
        .collect();
    let (mut missing, mut dissent, mut abstained) = (Vec::new(), Vec::new(), Vec::new());
    for org in &present {
        match by_org.get(org) {
            Some(Vote::Agree) => {}
            Some(Vote::Disagree) => dissent.push((*org).clone()),
            Some(Vote::Abstain) => abstained.push((*org).clone()),
            None => missing.push((*org).clone()),
        }
    }
    let outcome = if missing.is_empty() && dissent.is_empty() && abstained.is_empty() {
        Outcome::Adopted
    } else {
        Outcome::Blocked {
            missing,
            dissent,
            abstained,
        }
    };
    Ok(Tally { outcome, ignored })
}

/// Where a proposal stands. An adopted decision was used by the step that
/// needed it; a withdrawn one stays on file with its votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionStatus {
    Open,
    Adopted,
    Withdrawn,
}

impl DecisionStatus {
    pub const ALL: [DecisionStatus; 3] = [
        DecisionStatus::Open,
        DecisionStatus::Adopted,
        DecisionStatus::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DecisionStatus::Open => "open",
            DecisionStatus::Adopted => "adopted",
            DecisionStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(code: &str) -> Option<DecisionStatus> {
        DecisionStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

impl Outcome {
    /// `unanimous` (every organisation present agreed), `blocked` (a dissent
    /// or an abstention) or `votes_missing` (no one against, not everyone voted).
    pub fn code(&self) -> &'static str {
        match self {
            Outcome::Adopted => "unanimous",
            Outcome::Blocked {
                dissent, abstained, ..
            } if !dissent.is_empty() || !abstained.is_empty() => "blocked",
            Outcome::Blocked { .. } => "votes_missing",
        }
    }
}

/// Where the meeting a decision is put to stands. The table votes while the
/// meeting is planned (before and during it); once it is marked held its
/// votes are final, and a cancelled meeting takes no decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeetingPhase {
    Planned,
    Held,
    Cancelled,
}

impl MeetingPhase {
    pub fn parse(code: &str) -> Option<MeetingPhase> {
        match code {
            "planned" => Some(MeetingPhase::Planned),
            "held" => Some(MeetingPhase::Held),
            "cancelled" => Some(MeetingPhase::Cancelled),
            _ => None,
        }
    }
}

/// An earlier proposal of the same kind on the same case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EarlierProposal {
    pub status: DecisionStatus,
    /// It was put to the same meeting as the new proposal.
    pub same_meeting: bool,
    /// An organisation present voted against it or abstained.
    pub dissent_or_abstention: bool,
}

/// Why a proposal, a vote or a withdrawal is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum DecisionError {
    #[error("the meeting was cancelled")]
    MeetingCancelled,
    #[error("the meeting is marked held: propose at a later meeting")]
    MeetingHeld,
    #[error("a proposal of this kind is still open: withdraw it first")]
    DecisionOpen,
    #[error("an organisation present at this meeting dissented or abstained on this kind")]
    DissentAtMeeting,
    #[error("the decision is no longer open")]
    DecisionClosed,
    #[error("the meeting is marked held: its votes are final")]
    VotesFinal,
    #[error("the meeting has not started: the table votes while it sits")]
    MeetingNotStarted,
}

impl DecisionError {
    pub const ALL: [DecisionError; 7] = [
        DecisionError::MeetingCancelled,
        DecisionError::MeetingHeld,
        DecisionError::DecisionOpen,
        DecisionError::DissentAtMeeting,
        DecisionError::DecisionClosed,
        DecisionError::VotesFinal,
        DecisionError::MeetingNotStarted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DecisionError::MeetingCancelled => "meeting",
            DecisionError::MeetingHeld | DecisionError::VotesFinal => "meeting_held",
            DecisionError::DecisionOpen => "decision_open",
            DecisionError::DissentAtMeeting => "dissent_at_meeting",
            DecisionError::DecisionClosed => "decision_closed",
            DecisionError::MeetingNotStarted => "meeting_not_started",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            DecisionError::MeetingCancelled => "decision-error-meeting",
            DecisionError::MeetingHeld => "decision-error-meeting-held",
            DecisionError::DecisionOpen => "decision-error-open",
            DecisionError::DissentAtMeeting => "decision-error-dissent-at-meeting",
            DecisionError::DecisionClosed => "decision-error-closed",
            DecisionError::VotesFinal => "decision-error-votes-final",
            DecisionError::MeetingNotStarted => "decision-error-not-started",
        }
    }
}

/// Whether a decision may be put to `meeting`, given the earlier proposals
/// of the same kind on the case:
/// - only at a meeting that is neither cancelled nor marked held (the table
///   votes during the meeting; once held, the next meeting takes it up);
/// - not while one of that kind is open: a proposal is never replaced
///   silently, the expert withdraws it first (and it stays on file);
/// - not again at a meeting where an organisation present dissented or
///   abstained on that kind: withdrawing and re-proposing (perhaps after
///   changing the attendance) must not get round a dissent. The next
///   meeting may take it up again.
pub fn check_proposal(
    meeting: MeetingPhase,
    earlier: &[EarlierProposal],
) -> Result<(), DecisionError> {
    match meeting {
        MeetingPhase::Cancelled => return Err(DecisionError::MeetingCancelled),
        MeetingPhase::Held => return Err(DecisionError::MeetingHeld),
        MeetingPhase::Planned => {}
    }
    if earlier.iter().any(|e| e.status == DecisionStatus::Open) {
        return Err(DecisionError::DecisionOpen);
    }
    if earlier
        .iter()
        .any(|e| e.same_meeting && e.dissent_or_abstention)
    {
        return Err(DecisionError::DissentAtMeeting);
    }
    Ok(())
}

/// Whether a vote may be cast (or changed) on a decision: only while it is
/// open and its meeting is not marked held or cancelled (`None`: a decision
/// from before decisions were tied to meetings).
pub fn check_vote(
    status: DecisionStatus,
    meeting: Option<MeetingPhase>,
    meeting_started: bool,
) -> Result<(), DecisionError> {
    if status != DecisionStatus::Open {
        return Err(DecisionError::DecisionClosed);
    }
    match meeting {
        Some(MeetingPhase::Held) => Err(DecisionError::VotesFinal),
        Some(MeetingPhase::Cancelled) => Err(DecisionError::MeetingCancelled),
        Some(MeetingPhase::Planned) if !meeting_started => Err(DecisionError::MeetingNotStarted),
        Some(MeetingPhase::Planned) | None => Ok(()),
    }
}

/// Whether an open proposal may be withdrawn: only while open (also after
/// its meeting was held, so a blocked proposal can go to the next table).
pub fn check_withdrawal(status: DecisionStatus) -> Result<(), DecisionError> {
    if status == DecisionStatus::Open {
        Ok(())
    } else {
        Err(DecisionError::DecisionClosed)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    fn org(i: usize) -> OrganisationId {
        OrganisationId::from_db(format!("org-{i:02}"))
    }

    fn orgs(n: usize) -> Vec<OrganisationId> {
        (0..n).map(org).collect()
    }

    fn all_agree(present: &[OrganisationId]) -> Vec<(OrganisationId, Vote)> {
        present.iter().map(|o| (o.clone(), Vote::Agree)).collect()
    }

    #[test]
    fn everyone_agrees_adopts() {
        let p = orgs(3);
        let t = tally(&p, &all_agree(&p)).unwrap();
        assert!(t.is_adopted());
        assert!(t.ignored.is_empty());
        assert_eq!(
            t.vote_outcome(DecisionKind::Close),
            VoteOutcome {
                kind: DecisionKind::Close,
                adopted: true
            }
        );
    }

    #[test]
    fn one_dissent_abstention_or_missing_vote_blocks() {
        let p = orgs(3);
        let mut votes = all_agree(&p);
        votes[0].1 = Vote::Disagree;
        votes[1].1 = Vote::Abstain;
        votes.pop();
        let t = tally(&p, &votes).unwrap();
        assert_eq!(
            t.outcome,
            Outcome::Blocked {
                missing: vec![org(2)],
                dissent: vec![org(0)],
                abstained: vec![org(1)]
            }
        );
        assert!(!t.vote_outcome(DecisionKind::SecurityRisk).adopted);
    }

    #[test]
    fn votes_of_absent_organisations_are_ignored_and_reported() {
        let p = orgs(2);
        let mut votes = all_agree(&p);
        votes.push((org(7), Vote::Disagree));
        let t = tally(&p, &votes).unwrap();
        assert!(t.is_adopted());
        assert_eq!(t.ignored, vec![org(7)]);
        // An absent organisation's agreement cannot stand in for a present one's vote.
        let t = tally(&p, &[(org(0), Vote::Agree), (org(7), Vote::Agree)]).unwrap();
        assert_eq!(
            t.outcome,
            Outcome::Blocked {
                missing: vec![org(1)],
                dissent: vec![],
                abstained: vec![]
            }
        );
    }

    #[test]
    fn duplicate_votes_are_an_error_whatever_they_say() {
        let p = orgs(2);
        for (first, second) in [
            (Vote::Agree, Vote::Agree),
            (Vote::Disagree, Vote::Agree),
            (Vote::Agree, Vote::Abstain),
        ] {
            let votes = vec![(org(0), first), (org(1), Vote::Agree), (org(0), second)];
            assert_eq!(tally(&p, &votes), Err(TallyError::DuplicateVote(org(0))));
        }
        // Also for an organisation that is not present.
        let votes = vec![
            (org(0), Vote::Agree),
            (org(1), Vote::Agree),
            (org(9), Vote::Agree),
            (org(9), Vote::Agree),
        ];
        assert_eq!(tally(&p, &votes), Err(TallyError::DuplicateVote(org(9))));
    }

    #[test]
    fn nobody_present_is_an_error_and_repeated_presence_is_harmless() {
        assert_eq!(tally(&[], &[]), Err(TallyError::NobodyPresent));
        assert_eq!(
            tally(&[], &[(org(0), Vote::Agree)]),
            Err(TallyError::NobodyPresent)
        );
        let t = tally(&[org(0), org(0)], &[(org(0), Vote::Agree)]).unwrap();
        assert!(t.is_adopted());
    }

    #[test]
    fn codes_round_trip() {
        for k in DecisionKind::ALL {
            assert_eq!(DecisionKind::parse(k.code()), Some(k));
        }
        for v in Vote::ALL {
            assert_eq!(Vote::parse(v.code()), Some(v));
        }
        let errors = [TallyError::NobodyPresent, TallyError::DuplicateVote(org(0))];
        let keys: HashSet<_> = errors.iter().map(TallyError::message_key).collect();
        assert_eq!(keys.len(), errors.len());
    }

    #[test]
    fn outcome_codes() {
        let p = orgs(2);
        assert_eq!(
            tally(&p, &all_agree(&p)).unwrap().outcome.code(),
            "unanimous"
        );
        let t = tally(&p, &[(org(0), Vote::Agree)]).unwrap();
        assert_eq!(t.outcome.code(), "votes_missing");
        for v in [Vote::Disagree, Vote::Abstain] {
            let t = tally(&p, &[(org(0), Vote::Agree), (org(1), v)]).unwrap();
            assert_eq!(t.outcome.code(), "blocked");
        }
        // A dissent blocks even while another vote is missing.
        let t = tally(&orgs(3), &[(org(0), Vote::Disagree)]).unwrap();
        assert_eq!(t.outcome.code(), "blocked");
        for s in DecisionStatus::ALL {
            assert_eq!(DecisionStatus::parse(s.code()), Some(s));
        }
    }

    fn earlier(status: DecisionStatus, same_meeting: bool, dissent: bool) -> EarlierProposal {
        EarlierProposal {
            status,
            same_meeting,
            dissent_or_abstention: dissent,
        }
    }

    #[test]
    fn a_proposal_needs_a_planned_meeting_and_no_open_one() {
        use DecisionStatus::*;
        assert_eq!(check_proposal(MeetingPhase::Planned, &[]), Ok(()));
        assert_eq!(
            check_proposal(MeetingPhase::Held, &[]),
            Err(DecisionError::MeetingHeld)
        );
        assert_eq!(
            check_proposal(MeetingPhase::Cancelled, &[]),
            Err(DecisionError::MeetingCancelled)
        );
        // An open one of the kind is never replaced, wherever it was put.
        for same in [true, false] {
            assert_eq!(
                check_proposal(MeetingPhase::Planned, &[earlier(Open, same, false)]),
                Err(DecisionError::DecisionOpen)
            );
        }
        // A withdrawn proposal with a dissent blocks this meeting, not the next.
        assert_eq!(
            check_proposal(MeetingPhase::Planned, &[earlier(Withdrawn, true, true)]),
            Err(DecisionError::DissentAtMeeting)
        );
        assert_eq!(
            check_proposal(MeetingPhase::Planned, &[earlier(Withdrawn, false, true)]),
            Ok(())
        );
        // Withdrawn without a dissent (e.g. only missing votes): may be put again.
        assert_eq!(
            check_proposal(MeetingPhase::Planned, &[earlier(Withdrawn, true, false)]),
            Ok(())
        );
        assert_eq!(
            check_proposal(MeetingPhase::Planned, &[earlier(Adopted, false, false)]),
            Ok(())
        );
    }

    #[test]
    fn votes_are_final_once_the_meeting_is_held() {
        use DecisionStatus::*;
        assert_eq!(check_vote(Open, Some(MeetingPhase::Planned), true), Ok(()));
        assert_eq!(check_vote(Open, None, true), Ok(()));
        // Not before the meeting starts: the table votes while it sits.
        assert_eq!(
            check_vote(Open, Some(MeetingPhase::Planned), false),
            Err(DecisionError::MeetingNotStarted)
        );
        for started in [true, false] {
            assert_eq!(
                check_vote(Open, Some(MeetingPhase::Held), started),
                Err(DecisionError::VotesFinal)
            );
            assert_eq!(
                check_vote(Open, Some(MeetingPhase::Cancelled), started),
                Err(DecisionError::MeetingCancelled)
            );
        }
        for s in [Adopted, Withdrawn] {
            assert_eq!(
                check_vote(s, Some(MeetingPhase::Planned), true),
                Err(DecisionError::DecisionClosed)
            );
            assert_eq!(check_withdrawal(s), Err(DecisionError::DecisionClosed));
        }
        assert_eq!(check_withdrawal(Open), Ok(()));
        let all = DecisionError::ALL;
        let keys: HashSet<_> = all.iter().map(|e| e.message_key()).collect();
        assert_eq!(keys.len(), all.len());
    }

    /// 1-8 present organisations, and a vote (or none) for each of 10 candidates.
    fn scenario() -> impl Strategy<Value = (Vec<OrganisationId>, Vec<(OrganisationId, Vote)>)> {
        (
            1usize..=8,
            proptest::collection::vec(proptest::option::of(0usize..3), 10),
        )
            .prop_map(|(n, choices)| {
                let votes = choices
                    .into_iter()
                    .enumerate()
                    .filter_map(|(i, c)| c.map(|c| (org(i), Vote::ALL[c])))
                    .collect();
                (orgs(n), votes)
            })
    }

    proptest! {
        /// The reference rule: adopted exactly when every present organisation agreed.
        #[test]
        fn adopted_iff_every_present_organisation_agrees((present, votes) in scenario()) {
            let t = tally(&present, &votes).unwrap();
            let expected = present.iter().all(|p| votes.iter().any(|(o, v)| o == p && *v == Vote::Agree));
            prop_assert_eq!(t.is_adopted(), expected);
            let expected_ignored: Vec<_> = votes.iter().filter(|(o, _)| !present.contains(o)).map(|(o, _)| o.clone()).collect();
            prop_assert_eq!(t.ignored, expected_ignored);
        }

        #[test]
        fn order_of_votes_does_not_matter(
            (present, votes) in scenario().prop_flat_map(|(p, v)| (Just(p), Just(v).prop_shuffle())),
        ) {
            let mut sorted = votes.clone();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            let mut shuffled_present = present.clone();
            shuffled_present.reverse();
            prop_assert_eq!(tally(&present, &votes), tally(&shuffled_present, &sorted));
        }

        /// Turning any present organisation's agreement into a dissent blocks,
        /// and so does a newly present organisation that disagrees.
        #[test]
        fn a_dissent_always_blocks(n in 1usize..=8, who in 0usize..8, extra_vote in 0usize..3) {
            let present = orgs(n);
            let mut votes = all_agree(&present);
            prop_assert!(tally(&present, &votes).unwrap().is_adopted());
            votes[who % n].1 = Vote::Disagree;
            let t = tally(&present, &votes).unwrap();
            let blocked_by_dissent = matches!(&t.outcome, Outcome::Blocked { dissent, .. } if dissent == &vec![org(who % n)]);
            prop_assert!(blocked_by_dissent);

            // A newly present organisation that disagrees, abstains or has not voted blocks too.
            let more = orgs(n + 1);
            let mut votes = all_agree(&present);
            match extra_vote {
                0 => {}
                1 => votes.push((org(n), Vote::Abstain)),
                _ => votes.push((org(n), Vote::Disagree)),
            }
            prop_assert!(!tally(&more, &votes).unwrap().is_adopted());
        }

        #[test]
        fn removing_a_vote_always_blocks(n in 1usize..=8, who in 0usize..8) {
            let present = orgs(n);
            let mut votes = all_agree(&present);
            let removed = votes.remove(who % n).0;
            let t = tally(&present, &votes).unwrap();
            prop_assert_eq!(t.outcome, Outcome::Blocked { missing: vec![removed], dissent: vec![], abstained: vec![] });
        }
    }
}
