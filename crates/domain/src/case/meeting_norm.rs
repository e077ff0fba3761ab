//! The yearly meeting count against the norm (plan 1.2 and 2.2): the
//! Partnertafel meets at least 6 times a year, the Stuurgroep twice. The norm
//! comes from the profile's `min_meetings_per_year` of each body.
//!
//! Deliberately simple, for the expert's dashboard: every meeting held in the
//! calendar year counts, ad hoc ones included (the plan sets a floor on
//! meetings, not on planned ones), and a meeting planned for later in the year
//! is trusted to take place. A body is behind when even the planned meetings
//! do not reach the norm; the days left tell how urgent that is.

use super::date::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NormStatus {
    /// Enough meetings held this year already (or the body has no norm).
    Met,
    /// Not yet enough held, but the planned meetings will reach the norm.
    OnTrack { still_to_hold: u32 },
    /// Held and planned meetings together fall short by `short_by`;
    /// `days_left` days of the year remain after today to plan them.
    Behind { short_by: u32, days_left: u16 },
}

impl NormStatus {
    pub fn is_behind(self) -> bool {
        matches!(self, NormStatus::Behind { .. })
    }

    /// The key of the translated text on the dashboard.
    pub fn message_key(self) -> &'static str {
        match self {
            NormStatus::Met => "meeting-norm-met",
            NormStatus::OnTrack { .. } => "meeting-norm-on-track",
            NormStatus::Behind { .. } => "meeting-norm-behind",
        }
    }
}

/// Compares a body's meetings this calendar year with its yearly minimum.
/// `held_this_year`: meetings held from 1 January up to and including today;
/// `planned_rest_of_year`: meetings planned after today in the same year;
/// `min_per_year`: the norm (`None` or 0 for a body without one).
pub fn norm_status(
    held_this_year: u32,
    planned_rest_of_year: u32,
    min_per_year: Option<u32>,
    today: Date,
) -> NormStatus {
    let min = min_per_year.unwrap_or(0);
    if held_this_year >= min {
        return NormStatus::Met;
    }
    let still_to_hold = min - held_this_year;
    if planned_rest_of_year >= still_to_hold {
        NormStatus::OnTrack { still_to_hold }
    } else {
        NormStatus::Behind {
            short_by: still_to_hold - planned_rest_of_year,
            days_left: today.days_in_year() - today.day_of_year(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn partnertafel_and_stuurgroep_norms() {
        let today = d(2026, 9, 30); // day 273 of 365
        assert_eq!(norm_status(6, 0, Some(6), today), NormStatus::Met);
        assert_eq!(norm_status(7, 2, Some(6), today), NormStatus::Met);
        assert_eq!(
            norm_status(4, 2, Some(6), today),
            NormStatus::OnTrack { still_to_hold: 2 }
        );
        assert_eq!(
            norm_status(4, 1, Some(6), today),
            NormStatus::Behind {
                short_by: 1,
                days_left: 92
            }
        );
        assert_eq!(
            norm_status(0, 0, Some(2), today),
            NormStatus::Behind {
                short_by: 2,
                days_left: 92
            }
        );
        assert_eq!(
            norm_status(1, 1, Some(2), today),
            NormStatus::OnTrack { still_to_hold: 1 }
        );
        assert_eq!(norm_status(0, 0, None, today), NormStatus::Met);
        assert_eq!(norm_status(0, 0, Some(0), today), NormStatus::Met);
    }

    #[test]
    fn days_left_counts_after_today() {
        assert_eq!(
            norm_status(0, 0, Some(6), d(2026, 12, 31)),
            NormStatus::Behind {
                short_by: 6,
                days_left: 0
            }
        );
        assert_eq!(
            norm_status(0, 0, Some(6), d(2026, 1, 1)),
            NormStatus::Behind {
                short_by: 6,
                days_left: 364
            }
        );
        assert_eq!(
            norm_status(0, 0, Some(6), d(2024, 1, 1)),
            NormStatus::Behind {
                short_by: 6,
                days_left: 365
            }
        );
    }

    /// Exhaustive over small counts against the rule stated in words.
    #[test]
    fn small_grid() {
        let today = d(2026, 6, 1);
        for held in 0..=10 {
            for planned in 0..=10 {
                for min in 0..=8 {
                    let got = norm_status(held, planned, Some(min), today);
                    if held >= min {
                        assert_eq!(got, NormStatus::Met);
                    } else if held + planned >= min {
                        assert_eq!(
                            got,
                            NormStatus::OnTrack {
                                still_to_hold: min - held
                            }
                        );
                    } else {
                        assert!(
                            matches!(got, NormStatus::Behind { short_by, .. } if short_by == min - held - planned)
                        );
                    }
                    assert_eq!(got.is_behind(), held + planned < min);
                }
            }
        }
    }

    fn rank(s: NormStatus) -> (u8, u32) {
        match s {
            NormStatus::Met => (0, 0),
            NormStatus::OnTrack { still_to_hold } => (1, still_to_hold),
            NormStatus::Behind { short_by, .. } => (2, short_by),
        }
    }

    proptest! {
        /// Holding or planning one more meeting never makes the status worse.
        #[test]
        fn more_meetings_never_hurt(held in 0u32..1000, planned in 0u32..1000, min in 0u32..=365, day in 1i64..=365) {
            let today = d(2026, 1, 1).add_days(day - 1).unwrap();
            let base = rank(norm_status(held, planned, Some(min), today));
            prop_assert!(rank(norm_status(held + 1, planned, Some(min), today)) <= base);
            prop_assert!(rank(norm_status(held, planned + 1, Some(min), today)) <= base);
        }
    }
}
