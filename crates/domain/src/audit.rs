//! What the audit trail records: a closed list of actions, so the trail can be
//! filtered and reasoned about (QUALITY.md §2.5).

/// An audited action. The code is stored; new actions are added at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    LoginSucceeded,
    LoginFailed,
    LoginThrottled,
    Logout,
    SessionExpired,
    SessionEnded,
    ReauthSucceeded,
    ReauthFailed,
    MfaEnrolled,
    MfaReset,
    RecoveryCodeUsed,
    RecoveryCodesRegenerated,
    PasswordChanged,
    PasswordLinkCreated,
    PasswordLinkUsed,
    UserCreated,
    UserDisabled,
    UserEnabled,
    LocaleChanged,
    SeatAssigned,
    ProfileLoaded,
    MasterKeyRotated,
    AuditTrailRead,
    AccessDenied,
    EthicsCodeAccepted,
    CaseReferred,
    CaseListViewed,
    CaseViewed,
    CaseTransitioned,
    LtfRecorded,
    IdentityRevealed,
    CaseTransitionRefused,
    CaseDecisionProposed,
    CaseVoteCast,
    CaseKnowledgeAnswered,
    CaseItemAdded,
    CaseItemViewed,
    CaseItemWithdrawn,
    CaseItemConsent,
    CaseActionProposed,
    CaseActionAccepted,
    CaseActionDone,
    CaseAssessed,
    CaseFeedbackSent,
    CaseFicheSent,
    MeetingPlanned,
    MeetingHeld,
    MeetingCancelled,
    MeetingAttendanceRecorded,
    MeetingConfidentialityAcknowledged,
    MeetingContentViewed,
    MeetingMinutesWritten,
    MeetingMinutesRead,
}

impl AuditAction {
    pub const ALL: [AuditAction; 53] = [
        AuditAction::LoginSucceeded,
        AuditAction::LoginFailed,
        AuditAction::LoginThrottled,
        AuditAction::Logout,
        AuditAction::SessionExpired,
        AuditAction::SessionEnded,
        AuditAction::ReauthSucceeded,
        AuditAction::ReauthFailed,
        AuditAction::MfaEnrolled,
        AuditAction::MfaReset,
        AuditAction::RecoveryCodeUsed,
        AuditAction::RecoveryCodesRegenerated,
        AuditAction::PasswordChanged,
        AuditAction::PasswordLinkCreated,
        AuditAction::PasswordLinkUsed,
        AuditAction::UserCreated,
        AuditAction::UserDisabled,
        AuditAction::UserEnabled,
        AuditAction::LocaleChanged,
        AuditAction::SeatAssigned,
        AuditAction::ProfileLoaded,
        AuditAction::MasterKeyRotated,
        AuditAction::AuditTrailRead,
        AuditAction::AccessDenied,
        AuditAction::EthicsCodeAccepted,
        AuditAction::CaseReferred,
        AuditAction::CaseListViewed,
        AuditAction::CaseViewed,
        AuditAction::CaseTransitioned,
        AuditAction::LtfRecorded,
        AuditAction::IdentityRevealed,
        AuditAction::CaseTransitionRefused,
        AuditAction::CaseDecisionProposed,
        AuditAction::CaseVoteCast,
        AuditAction::CaseKnowledgeAnswered,
        AuditAction::CaseItemAdded,
        AuditAction::CaseItemViewed,
        AuditAction::CaseItemWithdrawn,
        AuditAction::CaseItemConsent,
        AuditAction::CaseActionProposed,
        AuditAction::CaseActionAccepted,
        AuditAction::CaseActionDone,
        AuditAction::CaseAssessed,
        AuditAction::CaseFeedbackSent,
        AuditAction::CaseFicheSent,
        AuditAction::MeetingPlanned,
        AuditAction::MeetingHeld,
        AuditAction::MeetingCancelled,
        AuditAction::MeetingAttendanceRecorded,
        AuditAction::MeetingConfidentialityAcknowledged,
        AuditAction::MeetingContentViewed,
        AuditAction::MeetingMinutesWritten,
        AuditAction::MeetingMinutesRead,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AuditAction::LoginSucceeded => "login.succeeded",
            AuditAction::LoginFailed => "login.failed",
            AuditAction::LoginThrottled => "login.throttled",
            AuditAction::Logout => "logout",
            AuditAction::SessionExpired => "session.expired",
            AuditAction::SessionEnded => "session.ended",
            AuditAction::ReauthSucceeded => "reauth.succeeded",
            AuditAction::ReauthFailed => "reauth.failed",
            AuditAction::MfaEnrolled => "mfa.enrolled",
            AuditAction::MfaReset => "mfa.reset",
            AuditAction::RecoveryCodeUsed => "mfa.recovery_code_used",
            AuditAction::RecoveryCodesRegenerated => "mfa.recovery_codes_regenerated",
            AuditAction::PasswordChanged => "password.changed",
            AuditAction::PasswordLinkCreated => "password.link_created",
            AuditAction::PasswordLinkUsed => "password.link_used",
            AuditAction::UserCreated => "user.created",
            AuditAction::UserDisabled => "user.disabled",
            AuditAction::UserEnabled => "user.enabled",
            AuditAction::LocaleChanged => "user.locale_changed",
            AuditAction::SeatAssigned => "seat.assigned",
            AuditAction::ProfileLoaded => "profile.loaded",
            AuditAction::MasterKeyRotated => "keys.master_rotated",
            AuditAction::AuditTrailRead => "audit.read",
            AuditAction::AccessDenied => "access.denied",
            AuditAction::EthicsCodeAccepted => "ethics.accepted",
            AuditAction::CaseReferred => "case.referred",
            AuditAction::CaseListViewed => "case.list_viewed",
            AuditAction::CaseViewed => "case.viewed",
            AuditAction::CaseTransitioned => "case.transitioned",
            AuditAction::LtfRecorded => "case.ltf_recorded",
            AuditAction::IdentityRevealed => "case.identity_revealed",
            AuditAction::CaseTransitionRefused => "case.transition_refused",
            AuditAction::CaseDecisionProposed => "case.decision_proposed",
            AuditAction::CaseVoteCast => "case.vote_cast",
            AuditAction::CaseKnowledgeAnswered => "case.knowledge_answered",
            AuditAction::CaseItemAdded => "case.item_added",
            AuditAction::CaseItemViewed => "case.item_viewed",
            AuditAction::CaseItemWithdrawn => "case.item_withdrawn",
            AuditAction::CaseItemConsent => "case.item_consent",
            AuditAction::CaseActionProposed => "case.action_proposed",
            AuditAction::CaseActionAccepted => "case.action_accepted",
            AuditAction::CaseActionDone => "case.action_done",
            AuditAction::CaseAssessed => "case.assessed",
            AuditAction::CaseFeedbackSent => "case.feedback_sent",
            AuditAction::CaseFicheSent => "case.fiche_sent",
            AuditAction::MeetingPlanned => "meeting.planned",
            AuditAction::MeetingHeld => "meeting.held",
            AuditAction::MeetingCancelled => "meeting.cancelled",
            AuditAction::MeetingAttendanceRecorded => "meeting.attendance_recorded",
            AuditAction::MeetingConfidentialityAcknowledged => {
                "meeting.confidentiality_acknowledged"
            }
            AuditAction::MeetingContentViewed => "meeting.content_viewed",
            AuditAction::MeetingMinutesWritten => "meeting.minutes_written",
            AuditAction::MeetingMinutesRead => "meeting.minutes_read",
        }
    }

    pub fn parse(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let codes: HashSet<_> = AuditAction::ALL.iter().map(|a| a.code()).collect();
        assert_eq!(codes.len(), AuditAction::ALL.len());
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.code()), Some(a));
        }
    }
}
