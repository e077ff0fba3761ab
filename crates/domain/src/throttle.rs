//! Brute-force throttling (QUALITY.md §1.3): failures are counted per account
//! name (whether or not it exists, so the answer reveals nothing) and per
//! source; after a few free tries each further failure doubles the wait, up to
//! a cap. The cap is what keeps an attacker from locking a real user out for
//! good: the wait never grows past it, and a success clears the account's count.

/// Failures allowed before any wait.
pub const FREE_ATTEMPTS: u32 = 3;
/// Longest wait for an account name.
pub const ACCOUNT_CAP_MS: i64 = 15 * 60 * 1000;
/// Longest wait for a source address.
pub const SOURCE_CAP_MS: i64 = 60 * 60 * 1000;
/// A source gets more free tries: many people may share one address (a school, a city network).
pub const SOURCE_FREE_ATTEMPTS: u32 = 20;

/// How long to wait after the last failure, given `failures` so far.
pub fn wait_ms(failures: u32, free: u32, cap_ms: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let exp = (failures - free).min(30);
    (1000_i64 << exp).min(cap_ms)
}

/// When the next attempt is allowed for an account name.
pub fn account_retry_at(failures: u32, last_failure_ms: i64) -> i64 {
    last_failure_ms + wait_ms(failures, FREE_ATTEMPTS, ACCOUNT_CAP_MS)
}

/// When the next attempt is allowed from a source.
pub fn source_retry_at(failures: u32, last_failure_ms: i64) -> i64 {
    last_failure_ms + wait_ms(failures, SOURCE_FREE_ATTEMPTS, SOURCE_CAP_MS)
}

/// Public contact point: messages accepted from one source before any wait.
pub const CONTACT_POINT_FREE_MESSAGES: u32 = 5;
/// Longest wait between two messages from one source at the contact point.
pub const CONTACT_POINT_CAP_MS: i64 = 60 * 60 * 1000;
/// A source that sent nothing for this long starts afresh, so a school or a
/// city network that sends a few messages a week is never slowed down. It is
/// longer than the cap, so waiting out the cap does not reset the count.
pub const CONTACT_POINT_QUIET_MS: i64 = 24 * 60 * 60 * 1000;

/// The messages from a source that still count at `now_ms`: none after a
/// quiet period.
pub fn contact_point_count(messages: u32, last_message_ms: i64, now_ms: i64) -> u32 {
    if now_ms - last_message_ms >= CONTACT_POINT_QUIET_MS {
        0
    } else {
        messages
    }
}

/// When a source may send its next message to the public contact point,
/// given the `messages` that still count and when it sent the last one.
pub fn contact_point_retry_at(messages: u32, last_message_ms: i64) -> i64 {
    last_message_ms + wait_ms(messages, CONTACT_POINT_FREE_MESSAGES, CONTACT_POINT_CAP_MS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn doubles_after_free_attempts() {
        assert_eq!(wait_ms(0, 3, ACCOUNT_CAP_MS), 0);
        assert_eq!(wait_ms(2, 3, ACCOUNT_CAP_MS), 0);
        assert_eq!(wait_ms(3, 3, ACCOUNT_CAP_MS), 1000);
        assert_eq!(wait_ms(4, 3, ACCOUNT_CAP_MS), 2000);
        assert_eq!(wait_ms(6, 3, ACCOUNT_CAP_MS), 8000);
    }

    #[test]
    fn the_contact_point_allows_a_few_messages_then_slows_a_source_down() {
        let t0 = 1_000_000;
        for n in 0..CONTACT_POINT_FREE_MESSAGES {
            assert_eq!(contact_point_retry_at(n, t0), t0, "{n}");
        }
        assert_eq!(
            contact_point_retry_at(CONTACT_POINT_FREE_MESSAGES, t0),
            t0 + 1000
        );
        assert_eq!(contact_point_retry_at(1000, t0), t0 + CONTACT_POINT_CAP_MS);
        // A quiet source starts afresh; waiting out the cap is not quiet enough.
        assert_eq!(contact_point_count(40, t0, t0 + CONTACT_POINT_CAP_MS), 40);
        assert_eq!(contact_point_count(40, t0, t0 + CONTACT_POINT_QUIET_MS), 0);
    }

    proptest! {
        #[test]
        fn never_exceeds_cap(n in 0u32..10_000) {
            prop_assert!(wait_ms(n, FREE_ATTEMPTS, ACCOUNT_CAP_MS) <= ACCOUNT_CAP_MS);
            prop_assert!(wait_ms(n, SOURCE_FREE_ATTEMPTS, SOURCE_CAP_MS) <= SOURCE_CAP_MS);
        }

        #[test]
        fn monotonic(n in 0u32..1000) {
            prop_assert!(wait_ms(n, FREE_ATTEMPTS, ACCOUNT_CAP_MS) <= wait_ms(n + 1, FREE_ATTEMPTS, ACCOUNT_CAP_MS));
        }
    }
}
