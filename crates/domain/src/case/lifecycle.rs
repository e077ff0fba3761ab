//! The case lifecycle (plan 2.4.1-2.4.3): a state machine that refuses every
//! step the plan does not allow.
//!
//! ```text
//!  Aangemeld ──StartScreening──▶ Screening ──PutOnAgenda [LTF clear]──▶ Geagendeerd ◀───────────┐
//!                                  │  ├──ReferElsewhere──▶ Doorverwezen                │           │
//!                                  │  └──HandleInOwnWork─▶ EigenWerking           OpenAssessment   │
//!                                  │                                                   ▼    ReturnToAgenda
//!                                  │                                              InBeoordeling   [LTF clear]
//!                                  │      ConcludeNotEnoughInformation ─▶ OnvoldoendeInformatie ──┤
//!                                  │      ConcludeSocioPreventive ──────▶ SocioPreventief ────────┘
//!                                  │      ConcludeSecurityRisk [unanimous, reason] ─▶ Veiligheidsrisico
//!                                  │      ConcludeOutsideScope ─────────▶ BuitenScope
//!  Close [unanimous]: from every active state ─▶ Afgesloten
//!  Transfer [receiving LIVC-R]: from Aangemeld, Screening and every active state ─▶ Overgedragen
//!  StartScreening: also from Doorverwezen, EigenWerking, BuitenScope (re-screening)
//! ```
//!
//! Choices where the plan is silent:
//! - the decisions after screening (agenda, refer elsewhere, own work) are taken
//!   in screening, "samen met de aanmelder", never straight from Aangemeld;
//! - the LTF guard holds for every step onto an agenda, ReturnToAgenda too: a
//!   counter-indication recorded later stops the case from returning; the
//!   table can then still close it (unanimously) or transfer it;
//! - a case is closed only by a unanimous vote, from any active state: the vote
//!   itself happens at a table, whichever state the case is in;
//! - a security risk is concluded only in an assessment (InBeoordeling): the
//!   table must weigh it there, help before police;
//! - Afgesloten, Veiligheidsrisico and Overgedragen are final: reopening would
//!   undo a unanimous decision, hand back a case the table is "in geen geval"
//!   responsible for, or take a case from the LIVC-R that now holds it. A
//!   renewed concern becomes a new referral;
//! - Doorverwezen, EigenWerking and BuitenScope end the table's work but are not
//!   a table decision: when the concern comes back, the same case may be
//!   screened again (keeping its history), and the LTF check runs again
//!   before any agenda.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::decision::{DecisionKind, VoteOutcome};
use super::referral::LtfCheck;
use super::text::required_text_type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    /// Referred (aangemeld): waiting for screening by the expert.
    Aangemeld,
    /// The expert analyses the case with the referrer.
    Screening,
    /// On the agenda (geagendeerd) of the next Partnertafel.
    Geagendeerd,
    /// Not put on the agenda: referred elsewhere (doorverwezen).
    Doorverwezen,
    /// Not put on the agenda: the referrer handles it in its own work (eigen werking).
    EigenWerking,
    /// Being assessed (in beoordeling) at a table.
    InBeoordeling,
    /// Not enough information (onvoldoende informatie): returns at the next table.
    OnvoldoendeInformatie,
    /// Socio-preventive follow-up trajectory (socio-preventief): evaluated at every table.
    SocioPreventief,
    /// Security risk (veiligheidsrisico): handed to police and justice; the
    /// table is no longer responsible.
    Veiligheidsrisico,
    /// Outside the LIVC's scope (buiten scope): referred elsewhere.
    BuitenScope,
    /// Closed (afgesloten) by a unanimous decision.
    Afgesloten,
    /// Transferred (overgedragen) to the LIVC-R of the person's new municipality.
    Overgedragen,
}

impl CaseState {
    pub const ALL: [CaseState; 12] = [
        CaseState::Aangemeld,
        CaseState::Screening,
        CaseState::Geagendeerd,
        CaseState::Doorverwezen,
        CaseState::EigenWerking,
        CaseState::InBeoordeling,
        CaseState::OnvoldoendeInformatie,
        CaseState::SocioPreventief,
        CaseState::Veiligheidsrisico,
        CaseState::BuitenScope,
        CaseState::Afgesloten,
        CaseState::Overgedragen,
    ];

    /// The stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            CaseState::Aangemeld => "aangemeld",
            CaseState::Screening => "screening",
            CaseState::Geagendeerd => "geagendeerd",
            CaseState::Doorverwezen => "doorverwezen",
            CaseState::EigenWerking => "eigen_werking",
            CaseState::InBeoordeling => "in_beoordeling",
            CaseState::OnvoldoendeInformatie => "onvoldoende_informatie",
            CaseState::SocioPreventief => "socio_preventief",
            CaseState::Veiligheidsrisico => "veiligheidsrisico",
            CaseState::BuitenScope => "buiten_scope",
            CaseState::Afgesloten => "afgesloten",
            CaseState::Overgedragen => "overgedragen",
        }
    }

    pub fn parse(code: &str) -> Option<CaseState> {
        CaseState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Before the table: referred or in screening.
    pub fn is_pending(self) -> bool {
        matches!(self, CaseState::Aangemeld | CaseState::Screening)
    }

    /// The table follows the case: it returns at every table until closed, so
    /// every active case belongs on the next agenda.
    pub fn is_active(self) -> bool {
        matches!(
            self,
            CaseState::Geagendeerd
                | CaseState::InBeoordeling
                | CaseState::OnvoldoendeInformatie
                | CaseState::SocioPreventief
        )
    }

    /// The table's work on the case has ended.
    pub fn is_terminal(self) -> bool {
        !self.is_pending() && !self.is_active()
    }

    /// Terminal with no way out (see the module docs).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            CaseState::Afgesloten | CaseState::Veiligheidsrisico | CaseState::Overgedragen
        )
    }
}

/// A step in the lifecycle; each is audited with its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    /// The expert starts the joint analysis with the referrer.
    StartScreening,
    /// Screening decides: on the Partnertafel's agenda. Needs the LTF cleared.
    PutOnAgenda,
    /// Screening decides: referred elsewhere.
    ReferElsewhere,
    /// Screening decides: the referrer handles it in its own work.
    HandleInOwnWork,
    /// The table starts assessing the case.
    OpenAssessment,
    /// Assessment: not enough information; what is missing is recorded.
    ConcludeNotEnoughInformation,
    /// Assessment: a socio-preventive trajectory.
    ConcludeSocioPreventive,
    /// Assessment: a security risk. Unanimous only, with the reason why
    /// guidance is no longer enough.
    ConcludeSecurityRisk,
    /// Assessment: outside the LIVC's scope; a good referral is sought.
    ConcludeOutsideScope,
    /// A not-enough-information or socio-preventive case returns at the next table.
    ReturnToAgenda,
    /// Close the case. Unanimous only.
    Close,
    /// The person moved: hand the case to the LIVC-R of the new municipality.
    Transfer,
}

impl Transition {
    pub const ALL: [Transition; 12] = [
        Transition::StartScreening,
        Transition::PutOnAgenda,
        Transition::ReferElsewhere,
        Transition::HandleInOwnWork,
        Transition::OpenAssessment,
        Transition::ConcludeNotEnoughInformation,
        Transition::ConcludeSocioPreventive,
        Transition::ConcludeSecurityRisk,
        Transition::ConcludeOutsideScope,
        Transition::ReturnToAgenda,
        Transition::Close,
        Transition::Transfer,
    ];

    /// The stable code stored in the audit trail.
    pub fn code(self) -> &'static str {
        match self {
            Transition::StartScreening => "start_screening",
            Transition::PutOnAgenda => "put_on_agenda",
            Transition::ReferElsewhere => "refer_elsewhere",
            Transition::HandleInOwnWork => "handle_in_own_work",
            Transition::OpenAssessment => "open_assessment",
            Transition::ConcludeNotEnoughInformation => "conclude_not_enough_information",
            Transition::ConcludeSocioPreventive => "conclude_socio_preventive",
            Transition::ConcludeSecurityRisk => "conclude_security_risk",
            Transition::ConcludeOutsideScope => "conclude_outside_scope",
            Transition::ReturnToAgenda => "return_to_agenda",
            Transition::Close => "close",
            Transition::Transfer => "transfer",
        }
    }

    pub fn parse(code: &str) -> Option<Transition> {
        Transition::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The unanimous decision this step needs, if any.
    pub fn required_decision(self) -> Option<DecisionKind> {
        match self {
            Transition::Close => Some(DecisionKind::Close),
            Transition::ConcludeSecurityRisk => Some(DecisionKind::SecurityRisk),
            _ => None,
        }
    }
}

required_text_type!(
    /// Why guidance is no longer enough (plan 2.4.4: help and guidance come
    /// first, before police follow-up). Required for a security-risk proposal.
    SecurityRiskReason,
    4000
);

required_text_type!(
    /// The LIVC-R that receives a transferred case (the new municipality's).
    ReceivingLivc,
    200
);

/// The facts the guards need, read by the caller from the case's records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Guards {
    /// The LTF check recorded by the police information officer.
    pub ltf: LtfCheck,
    /// The vote held at this table on the decision this step needs, if any.
    pub vote: Option<VoteOutcome>,
    /// A [`SecurityRiskReason`] was given with the security-risk proposal.
    pub security_risk_reason_given: bool,
    /// The receiving LIVC-R of a transfer (the date is the transition's own).
    pub receiving_livc: Option<ReceivingLivc>,
}

/// Why a step was refused. `Display` is English for logs; users see the
/// translated message of [`TransitionError::message_key`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TransitionError {
    #[error("a case in state {} cannot {}", .from.code(), .transition.code())]
    NotAllowed {
        from: CaseState,
        transition: Transition,
    },
    #[error(
        "the police information officer has not yet recorded that the LTF has no counter-indication"
    )]
    LtfNotCleared,
    #[error("the LTF has a counter-indication: the case cannot go on an agenda")]
    LtfCounterIndication,
    #[error("this step needs a unanimous vote on {}, and none was held", .required.code())]
    VoteMissing { required: DecisionKind },
    #[error("this step needs a vote on {}, not on {}", .required.code(), .held.code())]
    VoteForOtherDecision {
        required: DecisionKind,
        held: DecisionKind,
    },
    #[error("the vote on {} was not unanimous", .kind.code())]
    NotUnanimous { kind: DecisionKind },
    #[error("a security risk needs the reason why guidance is no longer enough")]
    SecurityRiskReasonMissing,
    #[error("a transfer needs the receiving LIVC-R")]
    ReceivingLivcMissing,
}

impl TransitionError {
    pub fn code(self) -> &'static str {
        match self {
            TransitionError::NotAllowed { .. } => "transition_not_allowed",
            TransitionError::LtfNotCleared => "ltf_not_cleared",
            TransitionError::LtfCounterIndication => "ltf_counter_indication",
            TransitionError::VoteMissing { .. } => "vote_missing",
            TransitionError::VoteForOtherDecision { .. } => "vote_for_other_decision",
            TransitionError::NotUnanimous { .. } => "not_unanimous",
            TransitionError::SecurityRiskReasonMissing => "security_risk_reason_missing",
            TransitionError::ReceivingLivcMissing => "receiving_livc_missing",
        }
    }

    /// The key of the translated message.
    pub fn message_key(self) -> &'static str {
        match self {
            TransitionError::NotAllowed { .. } => "case-error-transition-not-allowed",
            TransitionError::LtfNotCleared => "case-error-ltf-not-cleared",
            TransitionError::LtfCounterIndication => "case-error-ltf-counter-indication",
            TransitionError::VoteMissing { .. } => "case-error-vote-missing",
            TransitionError::VoteForOtherDecision { .. } => "case-error-vote-for-other-decision",
            TransitionError::NotUnanimous { .. } => "case-error-not-unanimous",
            TransitionError::SecurityRiskReasonMissing => "case-error-security-risk-reason-missing",
            TransitionError::ReceivingLivcMissing => "case-error-receiving-livc-missing",
        }
    }
}

/// Where `transition` leads from `state`, ignoring guards; `None` when the
/// plan does not allow it.
fn target(state: CaseState, transition: Transition) -> Option<CaseState> {
    use CaseState as S;
    use Transition as T;
    match (state, transition) {
        (S::Aangemeld | S::Doorverwezen | S::EigenWerking | S::BuitenScope, T::StartScreening) => {
            Some(S::Screening)
        }
        (S::Screening, T::PutOnAgenda) => Some(S::Geagendeerd),
        (S::Screening, T::ReferElsewhere) => Some(S::Doorverwezen),
        (S::Screening, T::HandleInOwnWork) => Some(S::EigenWerking),
        (S::Geagendeerd, T::OpenAssessment) => Some(S::InBeoordeling),
        (S::InBeoordeling, T::ConcludeNotEnoughInformation) => Some(S::OnvoldoendeInformatie),
        (S::InBeoordeling, T::ConcludeSocioPreventive) => Some(S::SocioPreventief),
        (S::InBeoordeling, T::ConcludeSecurityRisk) => Some(S::Veiligheidsrisico),
        (S::InBeoordeling, T::ConcludeOutsideScope) => Some(S::BuitenScope),
        (S::OnvoldoendeInformatie | S::SocioPreventief, T::ReturnToAgenda) => Some(S::Geagendeerd),
        (s, T::Close) if s.is_active() => Some(S::Afgesloten),
        (s, T::Transfer) if s.is_pending() || s.is_active() => Some(S::Overgedragen),
        _ => None,
    }
}

fn require_vote(required: DecisionKind, vote: Option<VoteOutcome>) -> Result<(), TransitionError> {
    match vote {
        None => Err(TransitionError::VoteMissing { required }),
        Some(v) if v.kind != required => Err(TransitionError::VoteForOtherDecision {
            required,
            held: v.kind,
        }),
        Some(VoteOutcome {
            adopted: false,
            kind,
        }) => Err(TransitionError::NotUnanimous { kind }),
        Some(_) => Ok(()),
    }
}

fn check_guards(transition: Transition, guards: &Guards) -> Result<(), TransitionError> {
    match transition {
        // The LTF check gates the agenda, and a counter-indication recorded
        // later stops the case before the table assesses it.
        Transition::PutOnAgenda | Transition::ReturnToAgenda | Transition::OpenAssessment => {
            match guards.ltf {
                LtfCheck::NoCounterIndication => Ok(()),
                LtfCheck::Pending => Err(TransitionError::LtfNotCleared),
                LtfCheck::CounterIndication => Err(TransitionError::LtfCounterIndication),
            }
        }
        Transition::Close => require_vote(DecisionKind::Close, guards.vote),
        // The reason comes first: without it the proposal is not put to a vote.
        Transition::ConcludeSecurityRisk => {
            if !guards.security_risk_reason_given {
                return Err(TransitionError::SecurityRiskReasonMissing);
            }
            require_vote(DecisionKind::SecurityRisk, guards.vote)
        }
        Transition::Transfer => match guards.receiving_livc {
            Some(_) => Ok(()),
            None => Err(TransitionError::ReceivingLivcMissing),
        },
        Transition::StartScreening
        | Transition::ReferElsewhere
        | Transition::HandleInOwnWork
        | Transition::ConcludeNotEnoughInformation
        | Transition::ConcludeSocioPreventive
        | Transition::ConcludeOutsideScope => Ok(()),
    }
}

/// Applies `transition` to a case in `state`. An illegal step is refused as
/// [`TransitionError::NotAllowed`] before any guard is looked at.
pub fn apply(
    state: CaseState,
    transition: Transition,
    guards: &Guards,
) -> Result<CaseState, TransitionError> {
    let next = target(state, transition).ok_or(TransitionError::NotAllowed {
        from: state,
        transition,
    })?;
    check_guards(transition, guards)?;
    Ok(next)
}

/// The steps the plan allows from `state`, in [`Transition::ALL`] order, for
/// the buttons a page offers. Guards are not checked: a button may still be
/// refused with a clear message (for example while the LTF check is pending).
pub fn allowed_transitions(state: CaseState) -> Vec<Transition> {
    Transition::ALL
        .into_iter()
        .filter(|t| target(state, *t).is_some())
        .collect()
}

/// [`allowed_transitions`] as offered once the LTF check is `ltf`: after a
/// counter-indication the steps towards the table are not offered at all,
/// because nothing can lift it (a pending check still offers them, refused
/// with a message until the police records it).
pub fn offered_transitions(state: CaseState, ltf: LtfCheck) -> Vec<Transition> {
    let guards = Guards {
        ltf,
        vote: None,
        security_risk_reason_given: false,
        receiving_livc: None,
    };
    allowed_transitions(state)
        .into_iter()
        .filter(|t| {
            !matches!(
                check_guards(*t, &guards),
                Err(TransitionError::LtfCounterIndication)
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use CaseState as S;
    use Transition as T;
    use proptest::prelude::*;
    use std::collections::HashSet;

    /// The plan's case flow, written out by hand: every legal step, and only those.
    const LEGAL: [(CaseState, Transition, CaseState); 24] = [
        (S::Aangemeld, T::StartScreening, S::Screening),
        (S::Aangemeld, T::Transfer, S::Overgedragen),
        (S::Screening, T::PutOnAgenda, S::Geagendeerd),
        (S::Screening, T::ReferElsewhere, S::Doorverwezen),
        (S::Screening, T::HandleInOwnWork, S::EigenWerking),
        (S::Screening, T::Transfer, S::Overgedragen),
        (S::Geagendeerd, T::OpenAssessment, S::InBeoordeling),
        (S::Geagendeerd, T::Close, S::Afgesloten),
        (S::Geagendeerd, T::Transfer, S::Overgedragen),
        (
            S::InBeoordeling,
            T::ConcludeNotEnoughInformation,
            S::OnvoldoendeInformatie,
        ),
        (
            S::InBeoordeling,
            T::ConcludeSocioPreventive,
            S::SocioPreventief,
        ),
        (
            S::InBeoordeling,
            T::ConcludeSecurityRisk,
            S::Veiligheidsrisico,
        ),
        (S::InBeoordeling, T::ConcludeOutsideScope, S::BuitenScope),
        (S::InBeoordeling, T::Close, S::Afgesloten),
        (S::InBeoordeling, T::Transfer, S::Overgedragen),
        (S::OnvoldoendeInformatie, T::ReturnToAgenda, S::Geagendeerd),
        (S::OnvoldoendeInformatie, T::Close, S::Afgesloten),
        (S::OnvoldoendeInformatie, T::Transfer, S::Overgedragen),
        (S::SocioPreventief, T::ReturnToAgenda, S::Geagendeerd),
        (S::SocioPreventief, T::Close, S::Afgesloten),
        (S::SocioPreventief, T::Transfer, S::Overgedragen),
        (S::Doorverwezen, T::StartScreening, S::Screening),
        (S::EigenWerking, T::StartScreening, S::Screening),
        (S::BuitenScope, T::StartScreening, S::Screening),
    ];

    fn legal(from: CaseState, t: Transition) -> Option<CaseState> {
        LEGAL
            .iter()
            .find(|(f, tr, _)| *f == from && *tr == t)
            .map(|(_, _, to)| *to)
    }

    fn receiving() -> ReceivingLivc {
        ReceivingLivc::parse("LIVC-R Gent").unwrap()
    }

    /// Guards that satisfy whatever `t` needs.
    fn satisfied(t: Transition) -> Guards {
        Guards {
            ltf: LtfCheck::NoCounterIndication,
            vote: t.required_decision().map(|kind| VoteOutcome {
                kind,
                adopted: true,
            }),
            security_risk_reason_given: true,
            receiving_livc: Some(receiving()),
        }
    }

    /// The full table: every (state, transition) with satisfied guards gives
    /// the hand-written target, or NotAllowed.
    #[test]
    fn full_transition_table() {
        let mut checked = 0;
        for s in CaseState::ALL {
            for t in Transition::ALL {
                let got = apply(s, t, &satisfied(t));
                match legal(s, t) {
                    Some(to) => assert_eq!(got, Ok(to), "{s:?} {t:?}"),
                    None => assert_eq!(
                        got,
                        Err(TransitionError::NotAllowed {
                            from: s,
                            transition: t
                        }),
                        "{s:?} {t:?}"
                    ),
                }
                checked += 1;
            }
        }
        assert_eq!(checked, 144);
    }

    /// Illegal steps are refused as illegal whatever the guards say, so the
    /// message never suggests that a missing vote is the only obstacle.
    #[test]
    fn illegal_transitions_are_refused_before_guards() {
        for s in CaseState::ALL {
            for t in Transition::ALL {
                if legal(s, t).is_none() {
                    assert_eq!(
                        apply(s, t, &Guards::default()),
                        Err(TransitionError::NotAllowed {
                            from: s,
                            transition: t
                        }),
                        "{s:?} {t:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_counter_indication_offers_no_step_towards_the_table() {
        for state in CaseState::ALL {
            let all = allowed_transitions(state);
            assert_eq!(offered_transitions(state, LtfCheck::Pending), all);
            assert_eq!(
                offered_transitions(state, LtfCheck::NoCounterIndication),
                all
            );
            let stopped = offered_transitions(state, LtfCheck::CounterIndication);
            for t in [T::PutOnAgenda, T::ReturnToAgenda, T::OpenAssessment] {
                assert!(!stopped.contains(&t), "{state:?} {t:?}");
            }
            assert!(stopped.iter().all(|t| all.contains(t)));
        }
        assert!(
            offered_transitions(S::Screening, LtfCheck::CounterIndication)
                .contains(&T::ReferElsewhere)
        );
    }

    #[test]
    fn allowed_transitions_match_the_table() {
        for s in CaseState::ALL {
            let expected: Vec<_> = Transition::ALL
                .into_iter()
                .filter(|t| legal(s, *t).is_some())
                .collect();
            assert_eq!(allowed_transitions(s), expected, "{s:?}");
        }
    }

    #[test]
    fn agenda_needs_the_ltf_cleared() {
        for (from, t) in [
            (S::Screening, T::PutOnAgenda),
            (S::OnvoldoendeInformatie, T::ReturnToAgenda),
            (S::SocioPreventief, T::ReturnToAgenda),
        ] {
            for ltf in LtfCheck::ALL {
                let g = Guards {
                    ltf,
                    ..satisfied(t)
                };
                let expected = match ltf {
                    LtfCheck::NoCounterIndication => Ok(S::Geagendeerd),
                    LtfCheck::Pending => Err(TransitionError::LtfNotCleared),
                    LtfCheck::CounterIndication => Err(TransitionError::LtfCounterIndication),
                };
                assert_eq!(apply(from, t, &g), expected, "{from:?} {ltf:?}");
            }
        }
    }

    /// A counter-indication the police records after the case went on the
    /// agenda stops it before the table assesses it.
    #[test]
    fn a_later_counter_indication_stops_the_assessment() {
        for ltf in LtfCheck::ALL {
            let g = Guards {
                ltf,
                ..Guards::default()
            };
            let expected = match ltf {
                LtfCheck::NoCounterIndication => Ok(S::InBeoordeling),
                LtfCheck::Pending => Err(TransitionError::LtfNotCleared),
                LtfCheck::CounterIndication => Err(TransitionError::LtfCounterIndication),
            };
            assert_eq!(apply(S::Geagendeerd, T::OpenAssessment, &g), expected);
        }
    }

    #[test]
    fn a_counter_indication_leaves_only_other_ways_out_of_screening() {
        let g = Guards {
            ltf: LtfCheck::CounterIndication,
            receiving_livc: Some(receiving()),
            ..Guards::default()
        };
        assert!(apply(S::Screening, T::PutOnAgenda, &g).is_err());
        assert_eq!(
            apply(S::Screening, T::ReferElsewhere, &g),
            Ok(S::Doorverwezen)
        );
        assert_eq!(
            apply(S::Screening, T::HandleInOwnWork, &g),
            Ok(S::EigenWerking)
        );
        assert_eq!(apply(S::Screening, T::Transfer, &g), Ok(S::Overgedragen));
    }

    /// Close and ConcludeSecurityRisk x every kind of vote (none, each decision kind, adopted or not).
    #[test]
    fn unanimity_is_required_and_bound_to_its_decision() {
        let cases: Vec<(CaseState, Transition)> = LEGAL
            .iter()
            .filter(|(_, t, _)| t.required_decision().is_some())
            .map(|(f, t, _)| (*f, *t))
            .collect();
        assert_eq!(cases.len(), 5); // Close from the four active states, security risk from assessment.
        for (from, t) in cases {
            let required = t.required_decision().unwrap();
            let g = Guards {
                vote: None,
                ..satisfied(t)
            };
            assert_eq!(
                apply(from, t, &g),
                Err(TransitionError::VoteMissing { required })
            );
            for kind in DecisionKind::ALL {
                for adopted in [true, false] {
                    let g = Guards {
                        vote: Some(VoteOutcome { kind, adopted }),
                        ..satisfied(t)
                    };
                    let expected = if kind != required {
                        Err(TransitionError::VoteForOtherDecision {
                            required,
                            held: kind,
                        })
                    } else if !adopted {
                        Err(TransitionError::NotUnanimous { kind })
                    } else {
                        Ok(legal(from, t).unwrap())
                    };
                    assert_eq!(
                        apply(from, t, &g),
                        expected,
                        "{from:?} {t:?} {kind:?} {adopted}"
                    );
                }
            }
        }
    }

    #[test]
    fn security_risk_needs_the_reason_why_guidance_is_not_enough() {
        let g = Guards {
            security_risk_reason_given: false,
            ..satisfied(T::ConcludeSecurityRisk)
        };
        assert_eq!(
            apply(S::InBeoordeling, T::ConcludeSecurityRisk, &g),
            Err(TransitionError::SecurityRiskReasonMissing)
        );
        // Even before a vote is held.
        let g = Guards {
            security_risk_reason_given: false,
            vote: None,
            ..satisfied(T::ConcludeSecurityRisk)
        };
        assert_eq!(
            apply(S::InBeoordeling, T::ConcludeSecurityRisk, &g),
            Err(TransitionError::SecurityRiskReasonMissing)
        );
        assert!(SecurityRiskReason::parse(" ").is_err());
    }

    #[test]
    fn transfer_needs_the_receiving_livc() {
        for (from, t, _) in LEGAL.iter().filter(|(_, t, _)| *t == T::Transfer) {
            let g = Guards {
                receiving_livc: None,
                ..satisfied(*t)
            };
            assert_eq!(
                apply(*from, *t, &g),
                Err(TransitionError::ReceivingLivcMissing)
            );
        }
        assert!(ReceivingLivc::parse("").is_err());
    }

    /// Steps without a guard pass with default (nothing recorded) guards.
    #[test]
    fn unguarded_steps_need_nothing() {
        for (from, t, to) in LEGAL {
            let guarded = matches!(
                t,
                T::PutOnAgenda
                    | T::ReturnToAgenda
                    | T::OpenAssessment
                    | T::Close
                    | T::ConcludeSecurityRisk
                    | T::Transfer
            );
            assert_eq!(
                apply(from, t, &Guards::default()).is_ok(),
                !guarded,
                "{from:?} {t:?}"
            );
            if !guarded {
                assert_eq!(apply(from, t, &Guards::default()), Ok(to));
            }
        }
    }

    #[test]
    fn states_fall_into_exactly_one_phase() {
        for s in CaseState::ALL {
            let phases = [s.is_pending(), s.is_active(), s.is_terminal()];
            assert_eq!(phases.iter().filter(|p| **p).count(), 1, "{s:?}");
            if s.is_final() {
                assert!(s.is_terminal());
            }
        }
        let active: Vec<_> = CaseState::ALL
            .into_iter()
            .filter(|s| s.is_active())
            .collect();
        assert_eq!(
            active,
            [
                S::Geagendeerd,
                S::InBeoordeling,
                S::OnvoldoendeInformatie,
                S::SocioPreventief
            ]
        );
        let fin: Vec<_> = CaseState::ALL
            .into_iter()
            .filter(|s| s.is_final())
            .collect();
        assert_eq!(fin, [S::Veiligheidsrisico, S::Afgesloten, S::Overgedragen]);
    }

    #[test]
    fn final_states_have_no_way_out_and_other_terminal_states_only_rescreening() {
        for s in CaseState::ALL.into_iter().filter(|s| s.is_terminal()) {
            let allowed = allowed_transitions(s);
            if s.is_final() {
                assert!(allowed.is_empty(), "{s:?}");
            } else {
                assert_eq!(allowed, [T::StartScreening], "{s:?}");
            }
        }
    }

    /// The happy path of the browser test in issue 3, and the return loop.
    #[test]
    fn a_case_from_referral_to_unanimous_closure() {
        let mut s = S::Aangemeld;
        for t in [
            T::StartScreening,
            T::PutOnAgenda,
            T::OpenAssessment,
            T::ConcludeSocioPreventive,
            T::ReturnToAgenda,
            T::OpenAssessment,
            T::ConcludeNotEnoughInformation,
            T::ReturnToAgenda,
            T::OpenAssessment,
            T::Close,
        ] {
            s = apply(s, t, &satisfied(t)).unwrap();
        }
        assert_eq!(s, S::Afgesloten);
    }

    #[test]
    fn codes_round_trip_and_are_unique() {
        for s in CaseState::ALL {
            assert_eq!(CaseState::parse(s.code()), Some(s));
        }
        for t in Transition::ALL {
            assert_eq!(Transition::parse(t.code()), Some(t));
        }
        assert_eq!(CaseState::parse("Afgesloten"), None);
        let s: HashSet<_> = CaseState::ALL.iter().map(|s| s.code()).collect();
        let t: HashSet<_> = Transition::ALL.iter().map(|t| t.code()).collect();
        assert_eq!((s.len(), t.len()), (12, 12));
    }

    fn all_errors() -> Vec<TransitionError> {
        let k = DecisionKind::Close;
        vec![
            TransitionError::NotAllowed {
                from: S::Aangemeld,
                transition: T::Close,
            },
            TransitionError::LtfNotCleared,
            TransitionError::LtfCounterIndication,
            TransitionError::VoteMissing { required: k },
            TransitionError::VoteForOtherDecision {
                required: k,
                held: DecisionKind::SecurityRisk,
            },
            TransitionError::NotUnanimous { kind: k },
            TransitionError::SecurityRiskReasonMissing,
            TransitionError::ReceivingLivcMissing,
        ]
    }

    #[test]
    fn errors_have_distinct_codes_keys_and_english_text() {
        let errors = all_errors();
        let codes: HashSet<_> = errors.iter().map(|e| e.code()).collect();
        let keys: HashSet<_> = errors.iter().map(|e| e.message_key()).collect();
        assert_eq!((codes.len(), keys.len()), (errors.len(), errors.len()));
        assert!(keys.iter().all(|k| k.starts_with("case-error-")));
        assert_eq!(
            TransitionError::NotAllowed {
                from: S::Afgesloten,
                transition: T::ReturnToAgenda
            }
            .to_string(),
            "a case in state afgesloten cannot return_to_agenda"
        );
    }

    /// Every state reachable from Aangemeld through the hand-written table.
    fn reachable() -> HashSet<CaseState> {
        let mut seen = HashSet::from([S::Aangemeld]);
        let mut todo = vec![S::Aangemeld];
        while let Some(s) = todo.pop() {
            for (f, _, to) in LEGAL {
                if f == s && seen.insert(to) {
                    todo.push(to);
                }
            }
        }
        seen
    }

    #[test]
    fn every_state_is_reachable() {
        assert_eq!(reachable().len(), CaseState::ALL.len());
    }

    fn any_guards() -> impl Strategy<Value = Guards> {
        (
            prop::sample::select(LtfCheck::ALL.to_vec()),
            prop::option::of((
                prop::sample::select(DecisionKind::ALL.to_vec()),
                any::<bool>(),
            )),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(ltf, vote, reason, livc)| Guards {
                ltf,
                vote: vote.map(|(kind, adopted)| VoteOutcome { kind, adopted }),
                security_risk_reason_given: reason,
                receiving_livc: livc.then(receiving),
            })
    }

    proptest! {
        /// Random walks: only hand-written steps succeed, each only with its
        /// guards satisfied; a final state is never left; other terminal states
        /// are left only by re-screening.
        #[test]
        fn random_walks_obey_the_plan(
            steps in prop::collection::vec((prop::sample::select(Transition::ALL.to_vec()), any_guards()), 0..60),
        ) {
            let reach = reachable();
            let mut s = S::Aangemeld;
            for (t, g) in steps {
                let result = apply(s, t, &g);
                if s.is_final() {
                    prop_assert!(result.is_err());
                }
                if let Ok(next) = result {
                    prop_assert_eq!(legal(s, t), Some(next));
                    prop_assert!(reach.contains(&next));
                    if s.is_terminal() {
                        prop_assert_eq!(t, T::StartScreening);
                    }
                    if next == S::Geagendeerd {
                        prop_assert_eq!(g.ltf, LtfCheck::NoCounterIndication);
                    }
                    if let Some(kind) = t.required_decision() {
                        prop_assert_eq!(g.vote, Some(VoteOutcome { kind, adopted: true }));
                    }
                    if next == S::Veiligheidsrisico {
                        prop_assert!(g.security_risk_reason_given);
                    }
                    if next == S::Overgedragen {
                        prop_assert!(g.receiving_livc.is_some());
                    }
                    s = next;
                } else {
                    // A refused step changes nothing, and says why in a known way.
                    let e = result.unwrap_err();
                    prop_assert!(e.message_key().starts_with("case-error-"));
                }
            }
        }
    }
}
