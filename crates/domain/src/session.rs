//! Session lifetime rules (QUALITY.md §1.4).

/// A session ends after 15 minutes without a request.
pub const IDLE_TIMEOUT_MS: i64 = 15 * 60 * 1000;
/// A session ends 8 hours after login, whatever happens.
pub const ABSOLUTE_TIMEOUT_MS: i64 = 8 * 60 * 60 * 1000;
/// A re-authentication counts for 5 minutes for sensitive actions.
pub const REAUTH_WINDOW_MS: i64 = 5 * 60 * 1000;
/// A one-time set-password link is valid for 24 hours.
pub const SET_PASSWORD_LINK_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    Active,
    IdleExpired,
    AbsoluteExpired,
}

/// Whether a session created at `created_ms` and last used at `last_seen_ms` is still valid at `now_ms`.
pub fn session_state(created_ms: i64, last_seen_ms: i64, now_ms: i64) -> SessionState {
    if now_ms.saturating_sub(created_ms) >= ABSOLUTE_TIMEOUT_MS {
        SessionState::AbsoluteExpired
    } else if now_ms.saturating_sub(last_seen_ms) >= IDLE_TIMEOUT_MS {
        SessionState::IdleExpired
    } else {
        SessionState::Active
    }
}

/// Whether a re-authentication at `reauth_ms` still covers a sensitive action at `now_ms`.
pub fn reauth_fresh(reauth_ms: Option<i64>, now_ms: i64) -> bool {
    reauth_ms.is_some_and(|t| now_ms >= t && now_ms - t < REAUTH_WINDOW_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_and_absolute() {
        let t0 = 1_000_000;
        assert_eq!(
            session_state(t0, t0, t0 + IDLE_TIMEOUT_MS - 1),
            SessionState::Active
        );
        assert_eq!(
            session_state(t0, t0, t0 + IDLE_TIMEOUT_MS),
            SessionState::IdleExpired
        );
        // Kept alive by activity, but never past 8 hours.
        let late = t0 + ABSOLUTE_TIMEOUT_MS;
        assert_eq!(
            session_state(t0, late - 1, late),
            SessionState::AbsoluteExpired
        );
        assert_eq!(session_state(t0, late - 2, late - 1), SessionState::Active);
    }

    #[test]
    fn reauth_window() {
        assert!(!reauth_fresh(None, 10));
        assert!(reauth_fresh(Some(10), 10 + REAUTH_WINDOW_MS - 1));
        assert!(!reauth_fresh(Some(10), 10 + REAUTH_WINDOW_MS));
        assert!(
            !reauth_fresh(Some(100), 50),
            "a re-authentication in the future does not count"
        );
    }
}
