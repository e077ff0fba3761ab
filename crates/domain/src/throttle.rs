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
