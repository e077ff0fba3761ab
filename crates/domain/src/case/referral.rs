//! Referral (aanmelding, plan 2.3 and 2.4.1): who the Partnertafel is for, and
//! the facts a referral must carry before the case can be screened.
//!
//! The table is for persons who live and/or are socially active in the area,
//! in target group (a) or (b); group (c), minors, is not chosen but computed
//! from the date of birth, so that a minor is never missed because a box was
//! left unticked.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::date::Date;
use super::text::required_text_type;
use crate::Role;

/// Age of majority in Belgium.
pub const AGE_OF_MAJORITY: u32 = 18;

/// A date of birth more than this many years ago is taken for a typing error.
pub const MAX_PLAUSIBLE_AGE: u32 = 130;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ReferralError {
    #[error("choose at least one target group")]
    NoTargetGroup,
    #[error("unknown target group")]
    UnknownTargetGroup,
    #[error("the person must live or be socially active in the area")]
    NoLocalTie,
    #[error("the date of birth lies in the future")]
    DateOfBirthInFuture,
    #[error("the date of birth is implausibly long ago")]
    DateOfBirthImplausible,
}

impl ReferralError {
    pub const ALL: [ReferralError; 5] = [
        ReferralError::NoTargetGroup,
        ReferralError::UnknownTargetGroup,
        ReferralError::NoLocalTie,
        ReferralError::DateOfBirthInFuture,
        ReferralError::DateOfBirthImplausible,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReferralError::NoTargetGroup => "no_target_group",
            ReferralError::UnknownTargetGroup => "unknown_target_group",
            ReferralError::NoLocalTie => "no_local_tie",
            ReferralError::DateOfBirthInFuture => "date_of_birth_in_future",
            ReferralError::DateOfBirthImplausible => "date_of_birth_implausible",
        }
    }

    /// The key of the translated message shown next to the field.
    pub fn message_key(self) -> &'static str {
        match self {
            ReferralError::NoTargetGroup => "referral-error-no-target-group",
            ReferralError::UnknownTargetGroup => "referral-error-unknown-target-group",
            ReferralError::NoLocalTie => "referral-error-no-local-tie",
            ReferralError::DateOfBirthInFuture => "referral-error-date-of-birth-in-future",
            ReferralError::DateOfBirthImplausible => "referral-error-date-of-birth-implausible",
        }
    }
}

/// Whole years of age on `on`. A person born on 29 February becomes a year
/// older on 1 March in common years (the birthday has not yet come on
/// 28 February). Before the date of birth the age is 0; referral input is
/// refused earlier by [`validate_date_of_birth`].
pub fn age_on(date_of_birth: Date, on: Date) -> u32 {
    if on <= date_of_birth {
        return 0;
    }
    let years = u32::from(on.year() - date_of_birth.year());
    let birthday_passed = (on.month(), on.day()) >= (date_of_birth.month(), date_of_birth.day());
    if birthday_passed { years } else { years - 1 }
}

/// Target group (c): under 18 on `on`.
pub fn is_minor(date_of_birth: Date, on: Date) -> bool {
    age_on(date_of_birth, on) < AGE_OF_MAJORITY
}

/// A date of birth may not lie after `today` nor more than
/// [`MAX_PLAUSIBLE_AGE`] years before it.
pub fn validate_date_of_birth(date_of_birth: Date, today: Date) -> Result<(), ReferralError> {
    if date_of_birth > today {
        return Err(ReferralError::DateOfBirthInFuture);
    }
    if age_on(date_of_birth, today) > MAX_PLAUSIBLE_AGE {
        return Err(ReferralError::DateOfBirthImplausible);
    }
    Ok(())
}

/// A chosen target group of the Partnertafel (plan 2.3). Minors, group (c),
/// are computed: see [`is_minor`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetGroup {
    /// (a) Worrying signs of alienation (vervreemding) and suspected radicalisation.
    Alienation,
    /// (b) Returned from a conflict zone, or tried to travel to join a terrorist group.
    ReturneeOrTraveller,
}

impl TargetGroup {
    pub const ALL: [TargetGroup; 2] = [TargetGroup::Alienation, TargetGroup::ReturneeOrTraveller];

    /// The plan's letter, also the stored code.
    pub fn code(self) -> &'static str {
        match self {
            TargetGroup::Alienation => "a",
            TargetGroup::ReturneeOrTraveller => "b",
        }
    }

    pub fn parse(code: &str) -> Option<TargetGroup> {
        TargetGroup::ALL.into_iter().find(|g| g.code() == code)
    }
}

/// The target groups a referral names: at least one, both allowed (a returnee
/// may also show signs of alienation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TargetGroups {
    alienation: bool,
    returnee_or_traveller: bool,
}

impl TargetGroups {
    pub fn new(groups: &[TargetGroup]) -> Result<TargetGroups, ReferralError> {
        let set = TargetGroups {
            alienation: groups.contains(&TargetGroup::Alienation),
            returnee_or_traveller: groups.contains(&TargetGroup::ReturneeOrTraveller),
        };
        if set.alienation || set.returnee_or_traveller {
            Ok(set)
        } else {
            Err(ReferralError::NoTargetGroup)
        }
    }

    pub fn contains(self, group: TargetGroup) -> bool {
        match group {
            TargetGroup::Alienation => self.alienation,
            TargetGroup::ReturneeOrTraveller => self.returnee_or_traveller,
        }
    }

    /// The groups in the plan's order.
    pub fn groups(self) -> Vec<TargetGroup> {
        TargetGroup::ALL
            .into_iter()
            .filter(|g| self.contains(*g))
            .collect()
    }

    /// The stored form: `a`, `b` or `a,b`.
    pub fn code(self) -> String {
        self.groups()
            .iter()
            .map(|g| g.code())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Parses the stored form; each letter at most once.
    pub fn parse(code: &str) -> Result<TargetGroups, ReferralError> {
        let mut groups = Vec::new();
        for part in code.split(',') {
            let g = TargetGroup::parse(part).ok_or(ReferralError::UnknownTargetGroup)?;
            if groups.contains(&g) {
                return Err(ReferralError::UnknownTargetGroup);
            }
            groups.push(g);
        }
        TargetGroups::new(&groups)
    }
}

/// The protective-measure flag (beschermingsmaatregel, plan 2.3): a minor in
/// group (b). The plan names minors who *try to travel*; group (b) does not
/// separate attempted travellers from returnees, and a minor returnee needs the
/// same special attention, so the flag errs on the side of protection.
pub fn protective_measure_flag(is_minor: bool, groups: TargetGroups) -> bool {
    is_minor && groups.contains(TargetGroup::ReturneeOrTraveller)
}

/// The person's tie with the area (plan 2.3: "verblijven en/of sociaal actief").
/// At least one must hold, otherwise the case belongs to another LIVC-R.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LocalTie {
    lives_in_area: bool,
    socially_active_in_area: bool,
}

impl LocalTie {
    pub fn new(
        lives_in_area: bool,
        socially_active_in_area: bool,
    ) -> Result<LocalTie, ReferralError> {
        if lives_in_area || socially_active_in_area {
            Ok(LocalTie {
                lives_in_area,
                socially_active_in_area,
            })
        } else {
            Err(ReferralError::NoLocalTie)
        }
    }
    pub fn lives_in_area(self) -> bool {
        self.lives_in_area
    }
    pub fn socially_active_in_area(self) -> bool {
        self.socially_active_in_area
    }
}

/// How a referral reached the table (issue 3, point 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralSource {
    /// A Partnertafel member refers a case of its own organisation.
    PartnerMember,
    /// The expert, from an entry of the contact point (aanspreekpunt).
    ContactPoint,
    /// The expert, from a reference person's signal.
    ReferencePerson,
    /// Handed over by another LIVC-R as a signed transfer package (the person
    /// moved here). Never chosen in the referral form: only an import makes it.
    Transfer,
}

impl ReferralSource {
    pub const ALL: [ReferralSource; 4] = [
        ReferralSource::PartnerMember,
        ReferralSource::ContactPoint,
        ReferralSource::ReferencePerson,
        ReferralSource::Transfer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReferralSource::PartnerMember => "partner_member",
            ReferralSource::ContactPoint => "contact_point",
            ReferralSource::ReferencePerson => "reference_person",
            ReferralSource::Transfer => "transfer",
        }
    }

    pub fn parse(code: &str) -> Option<ReferralSource> {
        ReferralSource::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Any Partnertafel member may refer; concerns from the contact point and
    /// from reference persons reach the table only through the expert (plan
    /// 2.4.1). The expert is also a Partnertafel member. Reference persons pass
    /// signals to the expert and never refer directly.
    /// A transfer is never typed in: it comes only from an imported package.
    pub fn allowed_for(self, role: Role) -> bool {
        if self == ReferralSource::Transfer {
            return false;
        }
        match role {
            Role::Expert => true,
            Role::Partner => self == ReferralSource::PartnerMember,
            Role::Admin | Role::Steering | Role::Reference | Role::Auditor => false,
        }
    }
}

/// The LTF check (plan 2.4.1: "rekening houdend met de tegenindicaties van de
/// LTF"), recorded by the police information officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LtfCheck {
    /// Not yet recorded: the case cannot go on an agenda.
    #[default]
    Pending,
    /// The LTF has no counter-indication (stored as `cleared`).
    #[serde(rename = "cleared")]
    NoCounterIndication,
    /// The LTF has a counter-indication: the case must not go on an agenda.
    CounterIndication,
}

impl LtfCheck {
    pub const ALL: [LtfCheck; 3] = [
        LtfCheck::Pending,
        LtfCheck::NoCounterIndication,
        LtfCheck::CounterIndication,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LtfCheck::Pending => "pending",
            LtfCheck::NoCounterIndication => "cleared",
            LtfCheck::CounterIndication => "counter_indication",
        }
    }

    pub fn parse(code: &str) -> Option<LtfCheck> {
        LtfCheck::ALL.into_iter().find(|c| c.code() == code)
    }
}

required_text_type!(
    /// Why the case is referred (reden van aanmelding). Personal data: never
    /// shown outside the case, never in a log.
    ReferralReason,
    4000
);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::case::date::days_in_month;
    use proptest::prelude::*;
    use std::collections::HashSet;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn age_counts_whole_years() {
        let dob = d(2008, 11, 28);
        assert_eq!(age_on(dob, d(2026, 11, 27)), 17);
        assert_eq!(age_on(dob, d(2026, 11, 28)), 18);
        assert_eq!(age_on(dob, d(2026, 12, 1)), 18);
        assert_eq!(age_on(dob, dob), 0);
        assert_eq!(age_on(dob, d(2000, 1, 1)), 0);
        assert!(is_minor(dob, d(2026, 11, 27)));
        assert!(!is_minor(dob, d(2026, 11, 28)));
    }

    #[test]
    fn leap_day_birthdays_count_from_first_march_in_common_years() {
        let dob = d(2008, 2, 29);
        assert_eq!(age_on(dob, d(2026, 2, 28)), 17);
        assert_eq!(age_on(dob, d(2026, 3, 1)), 18);
        assert_eq!(age_on(dob, d(2028, 2, 28)), 19);
        assert_eq!(age_on(dob, d(2028, 2, 29)), 20);
    }

    #[test]
    fn date_of_birth_validation() {
        let today = d(2026, 11, 28);
        assert_eq!(validate_date_of_birth(today, today), Ok(()));
        assert_eq!(
            validate_date_of_birth(d(2026, 11, 29), today),
            Err(ReferralError::DateOfBirthInFuture)
        );
        assert_eq!(validate_date_of_birth(d(1896, 11, 28), today), Ok(()));
        assert_eq!(
            validate_date_of_birth(d(1895, 11, 28), today),
            Err(ReferralError::DateOfBirthImplausible)
        );
    }

    #[test]
    fn target_groups() {
        use TargetGroup::*;
        assert_eq!(TargetGroups::new(&[]), Err(ReferralError::NoTargetGroup));
        let a = TargetGroups::new(&[Alienation]).unwrap();
        let b = TargetGroups::new(&[ReturneeOrTraveller]).unwrap();
        let ab = TargetGroups::new(&[ReturneeOrTraveller, Alienation, Alienation]).unwrap();
        assert_eq!(
            (a.code(), b.code(), ab.code()),
            ("a".into(), "b".into(), "a,b".into())
        );
        for set in [a, b, ab] {
            assert_eq!(TargetGroups::parse(&set.code()), Ok(set));
        }
        for bad in ["", "c", "a,a", "A", "a,", ",b", "b,a,b", "a b"] {
            assert!(TargetGroups::parse(bad).is_err(), "{bad:?}");
        }
        // Order of the stored letters does not matter.
        assert_eq!(TargetGroups::parse("b,a"), Ok(ab));
        for g in TargetGroup::ALL {
            assert_eq!(TargetGroup::parse(g.code()), Some(g));
        }
    }

    /// Exhaustive: minor x every non-empty set of chosen groups.
    #[test]
    fn protective_measure_only_for_minors_in_group_b() {
        use TargetGroup::*;
        for minor in [false, true] {
            for groups in [
                vec![Alienation],
                vec![ReturneeOrTraveller],
                vec![Alienation, ReturneeOrTraveller],
            ] {
                let set = TargetGroups::new(&groups).unwrap();
                assert_eq!(
                    protective_measure_flag(minor, set),
                    minor && groups.contains(&ReturneeOrTraveller),
                    "minor={minor} {groups:?}"
                );
            }
        }
    }

    #[test]
    fn local_tie_needs_at_least_one() {
        for lives in [false, true] {
            for active in [false, true] {
                let got = LocalTie::new(lives, active);
                if lives || active {
                    let t = got.unwrap();
                    assert_eq!(
                        (t.lives_in_area(), t.socially_active_in_area()),
                        (lives, active)
                    );
                } else {
                    assert_eq!(got, Err(ReferralError::NoLocalTie));
                }
            }
        }
    }

    /// Exhaustive: role x source.
    #[test]
    fn who_may_refer_how() {
        for role in Role::ALL {
            for source in ReferralSource::ALL {
                let expected = source != ReferralSource::Transfer
                    && (role == Role::Expert
                        || (role == Role::Partner && source == ReferralSource::PartnerMember));
                assert_eq!(source.allowed_for(role), expected, "{role:?} {source:?}");
            }
        }
    }

    #[test]
    fn codes_round_trip_and_are_unique() {
        for s in ReferralSource::ALL {
            assert_eq!(ReferralSource::parse(s.code()), Some(s));
        }
        for c in LtfCheck::ALL {
            assert_eq!(LtfCheck::parse(c.code()), Some(c));
        }
        assert_eq!(LtfCheck::default(), LtfCheck::Pending);
        assert_eq!(
            LtfCheck::parse("cleared"),
            Some(LtfCheck::NoCounterIndication)
        );
        assert_eq!(LtfCheck::parse("no_counter_indication"), None);
        let keys: HashSet<_> = ReferralError::ALL.iter().map(|e| e.message_key()).collect();
        let codes: HashSet<_> = ReferralError::ALL.iter().map(|e| e.code()).collect();
        assert_eq!(
            (keys.len(), codes.len()),
            (ReferralError::ALL.len(), ReferralError::ALL.len())
        );
        assert!(keys.iter().all(|k| k.starts_with("referral-error-")));
    }

    #[test]
    fn referral_reason_is_required_and_not_logged() {
        assert!(ReferralReason::parse("  ").is_err());
        let r = ReferralReason::parse("Zorgwekkende uitspraken op school").unwrap();
        assert!(!format!("{r:?}").contains("uitspraken"));
    }

    fn date() -> impl Strategy<Value = Date> {
        (1900u16..=2100, 1u8..=12, 1u8..=31)
            .prop_map(|(y, m, day)| Date::new(y, m, day.min(days_in_month(y, m).unwrap())).unwrap())
    }

    proptest! {
        /// On the n-th birthday the age is n, and the day before it n - 1.
        #[test]
        fn birthdays(dob in date(), n in 1u16..=120) {
            if let Ok(birthday) = Date::new(dob.year() + n, dob.month(), dob.day()) {
                prop_assert_eq!(age_on(dob, birthday), u32::from(n));
                prop_assert_eq!(age_on(dob, birthday.add_days(-1).unwrap()), u32::from(n) - 1);
            }
        }

        #[test]
        fn age_never_decreases(dob in date(), a in date(), b in date()) {
            let (early, late) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(age_on(dob, early) <= age_on(dob, late));
        }

        /// A minor is exactly someone whose 18th birthday lies after the day.
        #[test]
        fn minor_means_eighteenth_birthday_not_reached(dob in date(), on in date()) {
            let adult_from = Date::new(dob.year() + 18, dob.month(), dob.day())
                .or_else(|_| Date::new(dob.year() + 18, 3, 1)) // born 29 February
                .unwrap();
            prop_assert_eq!(is_minor(dob, on), on < adult_from);
        }
    }
}
