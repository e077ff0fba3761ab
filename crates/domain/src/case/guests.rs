//! Guests at a Partnertafel meeting (plan 1.1: "Indien gemandateerde
//! vertegenwoordigers van andere diensten worden uitgenodigd worden de leden
//! hiervan vooraf verwittigd").
//!
//! A guest is a mandated representative of another service with a partner
//! account, invited by the expert for one case's agenda item of one meeting.
//! The members are told beforehand: a guest is invited only while the meeting
//! is planned and has not started, and every member sees the guests on the
//! meeting page. What a guest then sees is decided by
//! [`super::access::may_view_agenda_item`]: that agenda item, never the case
//! file or the identity.

use crate::Role;

/// The facts an invitation is checked against, read by the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvitationFacts {
    /// The meeting is still planned (not held, not cancelled).
    pub meeting_planned: bool,
    /// The meeting has started (members can no longer be told beforehand).
    pub meeting_started: bool,
    /// The invited account's role.
    pub invitee_role: Role,
    /// The invited account holds a seat at this table: a member, not a guest.
    pub invitee_holds_seat: bool,
    /// The case is on this meeting's agenda.
    pub case_on_agenda: bool,
}

/// Why an invitation (or its withdrawal) is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GuestError {
    /// The meeting was held or cancelled.
    MeetingNotPlanned,
    /// The meeting has started: the members can no longer be told beforehand.
    MeetingStarted,
    /// Only a partner account (someone of a service who may see cases) can be
    /// a guest; the Stuurgroep, reference persons, administrators and the DPO
    /// never see a case.
    NotAPartnerAccount,
    /// The account already sits at this table.
    AlreadyAMember,
    /// The case is not on this meeting's agenda.
    NotOnAgenda,
}

impl GuestError {
    pub const ALL: [GuestError; 5] = [
        GuestError::MeetingNotPlanned,
        GuestError::MeetingStarted,
        GuestError::NotAPartnerAccount,
        GuestError::AlreadyAMember,
        GuestError::NotOnAgenda,
    ];

    /// The stable code (API, audit).
    pub fn code(self) -> &'static str {
        match self {
            GuestError::MeetingNotPlanned => "meeting_not_planned",
            GuestError::MeetingStarted => "meeting_started",
            GuestError::NotAPartnerAccount => "not_a_partner_account",
            GuestError::AlreadyAMember => "already_a_member",
            GuestError::NotOnAgenda => "not_on_agenda",
        }
    }

    /// The key of the translated message.
    pub fn message_key(self) -> &'static str {
        match self {
            GuestError::MeetingNotPlanned => "meeting-guest-error-not-planned",
            GuestError::MeetingStarted => "meeting-guest-error-started",
            GuestError::NotAPartnerAccount => "meeting-guest-error-not-partner",
            GuestError::AlreadyAMember => "meeting-guest-error-member",
            GuestError::NotOnAgenda => "meeting-guest-error-not-on-agenda",
        }
    }
}

/// Whether a guest may be invited (or the invitation withdrawn) now. The
/// meeting checks come first: after the start nothing changes.
pub fn check_invitation(f: &InvitationFacts) -> Result<(), GuestError> {
    if !f.meeting_planned {
        return Err(GuestError::MeetingNotPlanned);
    }
    if f.meeting_started {
        return Err(GuestError::MeetingStarted);
    }
    if f.invitee_role != Role::Partner {
        return Err(GuestError::NotAPartnerAccount);
    }
    if f.invitee_holds_seat {
        return Err(GuestError::AlreadyAMember);
    }
    if !f.case_on_agenda {
        return Err(GuestError::NotOnAgenda);
    }
    Ok(())
}

/// Whether a planned invitation may be withdrawn: only before the meeting.
pub fn check_withdrawal(meeting_planned: bool, meeting_started: bool) -> Result<(), GuestError> {
    if !meeting_planned {
        return Err(GuestError::MeetingNotPlanned);
    }
    if meeting_started {
        return Err(GuestError::MeetingStarted);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::collections::HashSet;

    const B: [bool; 2] = [false, true];

    /// Every combination against the rule in words.
    #[test]
    fn matrix() {
        let mut n = 0;
        for role in Role::ALL {
            for planned in B {
                for started in B {
                    for seat in B {
                        for on_agenda in B {
                            let f = InvitationFacts {
                                meeting_planned: planned,
                                meeting_started: started,
                                invitee_role: role,
                                invitee_holds_seat: seat,
                                case_on_agenda: on_agenda,
                            };
                            let ok =
                                planned && !started && role == Role::Partner && !seat && on_agenda;
                            assert_eq!(check_invitation(&f).is_ok(), ok, "{f:?}");
                            if !planned {
                                assert_eq!(
                                    check_invitation(&f),
                                    Err(GuestError::MeetingNotPlanned)
                                );
                            } else if started {
                                assert_eq!(check_invitation(&f), Err(GuestError::MeetingStarted));
                            }
                            n += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(n, 6 * 16);
    }

    #[test]
    fn withdrawal_only_before_the_meeting() {
        assert_eq!(check_withdrawal(true, false), Ok(()));
        assert_eq!(
            check_withdrawal(true, true),
            Err(GuestError::MeetingStarted)
        );
        assert_eq!(
            check_withdrawal(false, false),
            Err(GuestError::MeetingNotPlanned)
        );
    }

    #[test]
    fn codes_and_keys_are_distinct() {
        let codes: HashSet<_> = GuestError::ALL.iter().map(|e| e.code()).collect();
        let keys: HashSet<_> = GuestError::ALL.iter().map(|e| e.message_key()).collect();
        assert_eq!(codes.len(), GuestError::ALL.len());
        assert_eq!(keys.len(), GuestError::ALL.len());
    }
}
