//! Identity: the national register number and the case pseudonym.
//!
//! A case is known everywhere by its [`CaseCode`] (`SN-2026-007`); the name,
//! date of birth, address and [`NationalNumber`] live encrypted in the identity
//! vault and are revealed only to seat holders of the case's table (see
//! [`super::access::may_reveal_identity`]). The types here are built so that
//! the number cannot leak by accident: its `Display` and `Debug` mask all but
//! the check digits, and it has no serde implementation.

use thiserror::Error;

use super::date::Date;

/// A Belgian national register number (rijksregisternummer) or bis number,
/// checked with mod 97. Birth years 1900-2099.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct NationalNumber {
    /// Exactly 11 ASCII digits.
    digits: String,
    /// Which check matched: the one with "2" prepended (born from 2000).
    born_from_2000: bool,
}

/// Regular numbers are issued by the national register; bis numbers by the
/// Crossroads Bank for Social Security to people not (yet) registered, with
/// 20 (sex unknown) or 40 (sex known) added to the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NationalNumberKind {
    Regular,
    Bis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum NationalNumberError {
    #[error("a national register number has 11 digits")]
    Format,
    #[error("this is not a valid national register number (month or day part)")]
    DatePart,
    #[error("the check digits of this national register number are wrong")]
    CheckDigits,
}

impl NationalNumberError {
    pub const ALL: [NationalNumberError; 3] = [
        NationalNumberError::Format,
        NationalNumberError::DatePart,
        NationalNumberError::CheckDigits,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NationalNumberError::Format => "format",
            NationalNumberError::DatePart => "date_part",
            NationalNumberError::CheckDigits => "check_digits",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            NationalNumberError::Format => "identity-error-national-number-format",
            NationalNumberError::DatePart => "identity-error-national-number-date-part",
            NationalNumberError::CheckDigits => "identity-error-national-number-check-digits",
        }
    }
}

/// The mod-97 check digits of a 9-digit base (for births from 2000, pass the
/// base with 2_000_000_000 added). Always 1..=97.
fn check_digits(base: u64) -> u64 {
    97 - base % 97
}

impl NationalNumber {
    /// Accepts the 11 digits with or without the usual separators
    /// (`85.07.30-033.28`, `85073003328`, `850730 033 28`).
    pub fn parse(input: &str) -> Result<NationalNumber, NationalNumberError> {
        let mut digits = String::with_capacity(11);
        for c in input.trim().chars() {
            match c {
                '0'..='9' => digits.push(c),
                '.' | '-' | ' ' => {}
                _ => return Err(NationalNumberError::Format),
            }
        }
        if digits.len() != 11 {
            return Err(NationalNumberError::Format);
        }
        let (Ok(base), Ok(check)) = (digits[..9].parse::<u64>(), digits[9..].parse::<u64>()) else {
            return Err(NationalNumberError::Format);
        };
        let (month, day) = raw_month_day(&digits);
        let month_ok = matches!(month, 0..=12 | 20..=32 | 40..=52);
        if !month_ok || day > 31 {
            return Err(NationalNumberError::DatePart);
        }
        // 2_000_000_000 is not a multiple of 97, so at most one century matches.
        let born_from_2000 = if check_digits(base) == check {
            false
        } else if check_digits(2_000_000_000 + base) == check {
            true
        } else {
            return Err(NationalNumberError::CheckDigits);
        };
        Ok(NationalNumber {
            digits,
            born_from_2000,
        })
    }

    /// The 11 digits, for the (encrypted) identity vault.
    pub fn as_digits(&self) -> &str {
        &self.digits
    }

    /// `85.07.30-033.28`: the full number, for a revealed identity only.
    pub fn formatted(&self) -> String {
        let d = &self.digits;
        format!(
            "{}.{}.{}-{}.{}",
            &d[0..2],
            &d[2..4],
            &d[4..6],
            &d[6..9],
            &d[9..11]
        )
    }

    pub fn kind(&self) -> NationalNumberKind {
        if raw_month_day(&self.digits).0 >= 20 {
            NationalNumberKind::Bis
        } else {
            NationalNumberKind::Regular
        }
    }

    /// The birth year, from the first two digits and the century the check
    /// digits imply.
    pub fn birth_year(&self) -> u16 {
        let yy = self.digits[0..2].parse::<u16>().unwrap_or(0);
        if self.born_from_2000 {
            2000 + yy
        } else {
            1900 + yy
        }
    }

    /// The date of birth the number encodes, when it encodes a real date.
    /// Whether this number can belong to someone born on `dob`: its date
    /// part is that date, or (partly) unknown.
    pub fn matches_birth_date(&self, dob: Date) -> bool {
        self.birth_date().is_none_or(|d| d == dob)
    }

    /// Numbers of people whose birth date is (partly) unknown carry 00 for the
    /// month or day; bis numbers add 20 or 40 to the month.
    pub fn birth_date(&self) -> Option<Date> {
        let (raw_month, day) = raw_month_day(&self.digits);
        let month = match raw_month {
            40.. => raw_month - 40,
            20.. => raw_month - 20,
            _ => raw_month,
        };
        if month == 0 || day == 0 {
            return None;
        }
        Date::new(self.birth_year(), month, day).ok()
    }
}

fn raw_month_day(digits: &str) -> (u8, u8) {
    let month = digits
        .get(2..4)
        .and_then(|s| s.parse().ok())
        .unwrap_or(u8::MAX);
    let day = digits
        .get(4..6)
        .and_then(|s| s.parse().ok())
        .unwrap_or(u8::MAX);
    (month, day)
}

/// Masked: `**.**.**-***.28`. Enough to tell two numbers apart on screen or in
/// a log without revealing the person.
impl std::fmt::Display for NationalNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "**.**.**-***.{}", &self.digits[9..11])
    }
}

impl std::fmt::Debug for NationalNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NationalNumber({self})")
    }
}

/// The pseudonym of a case, shown everywhere instead of a name:
/// `<TENANT-PREFIX>-<YEAR>-<NNN>`, e.g. `SN-2026-007`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseCode {
    prefix: String,
    year: u16,
    seq: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum CaseCodeError {
    #[error("a case code looks like SN-2026-007")]
    Format,
    #[error("the prefix of a case code has 2 to 4 capital letters")]
    Prefix,
    #[error("the year of a case code has 4 digits")]
    Year,
    #[error("the number of a case code runs from 001 to 999999")]
    Sequence,
}

impl CaseCodeError {
    pub const ALL: [CaseCodeError; 4] = [
        CaseCodeError::Format,
        CaseCodeError::Prefix,
        CaseCodeError::Year,
        CaseCodeError::Sequence,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CaseCodeError::Format => "format",
            CaseCodeError::Prefix => "prefix",
            CaseCodeError::Year => "year",
            CaseCodeError::Sequence => "sequence",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            CaseCodeError::Format => "case-code-error-format",
            CaseCodeError::Prefix => "case-code-error-prefix",
            CaseCodeError::Year => "case-code-error-year",
            CaseCodeError::Sequence => "case-code-error-sequence",
        }
    }
}

impl CaseCode {
    pub const MAX_SEQ: u32 = 999_999;

    /// `prefix`: 2 to 4 capital letters A-Z (the tenant's); `year`: 1000-9999;
    /// `seq`: 1 up to [`CaseCode::MAX_SEQ`], per tenant and year.
    pub fn new(prefix: &str, year: u16, seq: u32) -> Result<CaseCode, CaseCodeError> {
        if !(2..=4).contains(&prefix.len()) || !prefix.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(CaseCodeError::Prefix);
        }
        if !(1000..=9999).contains(&year) {
            return Err(CaseCodeError::Year);
        }
        if !(1..=Self::MAX_SEQ).contains(&seq) {
            return Err(CaseCodeError::Sequence);
        }
        Ok(CaseCode {
            prefix: prefix.to_owned(),
            year,
            seq,
        })
    }

    /// Parses a code typed or read back. Letters may be typed in lower case;
    /// otherwise only the canonical form is accepted (the number padded to three
    /// digits, no further leading zeros), so one case has exactly one code.
    pub fn parse(input: &str) -> Result<CaseCode, CaseCodeError> {
        let s = input.trim();
        let mut parts = s.split('-');
        let (Some(prefix), Some(year), Some(seq), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(CaseCodeError::Format);
        };
        if !prefix.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(CaseCodeError::Prefix);
        }
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CaseCodeError::Year);
        }
        let canonical_seq = seq.len() >= 3
            && seq.bytes().all(|b| b.is_ascii_digit())
            && (seq.len() == 3 || !seq.starts_with('0'));
        if !canonical_seq || seq.len() > 6 {
            return Err(CaseCodeError::Sequence);
        }
        let year = year.parse().map_err(|_| CaseCodeError::Year)?;
        let seq = seq.parse().map_err(|_| CaseCodeError::Sequence)?;
        CaseCode::new(&prefix.to_ascii_uppercase(), year, seq)
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }
    pub fn year(&self) -> u16 {
        self.year
    }
    pub fn seq(&self) -> u32 {
        self.seq
    }
}

impl std::fmt::Display for CaseCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}-{:03}", self.prefix, self.year, self.seq)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    /// Builds a valid number from its first nine digits, as the register does.
    fn valid(first9: &str, born_from_2000: bool) -> String {
        let base: u64 = first9.parse().unwrap();
        let check = if born_from_2000 {
            check_digits(2_000_000_000 + base)
        } else {
            check_digits(base)
        };
        format!("{first9}{check:02}")
    }

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn the_published_example_is_valid() {
        // The format example of the national register: 85.07.30-033.28.
        let n = NationalNumber::parse("85.07.30-033.28").unwrap();
        assert_eq!(n.as_digits(), "85073003328");
        assert_eq!(n.formatted(), "85.07.30-033.28");
        assert_eq!(n.kind(), NationalNumberKind::Regular);
        assert_eq!(n.birth_date(), Some(d(1985, 7, 30)));
        assert_eq!(NationalNumber::parse("85073003328"), Ok(n.clone()));
        assert_eq!(NationalNumber::parse(" 850730 033 28 "), Ok(n));
    }

    #[test]
    fn born_from_2000_uses_the_prefixed_check() {
        let s = valid("080512345", true);
        let n = NationalNumber::parse(&s).unwrap();
        assert_eq!(n.birth_date(), Some(d(2008, 5, 12)));
        assert_eq!(n.birth_year(), 2008);
        // The same nine digits with the 1900s check are a different (valid) number.
        let old = NationalNumber::parse(&valid("080512345", false)).unwrap();
        assert_eq!(old.birth_date(), Some(d(1908, 5, 12)));
        assert_ne!(old, n);
    }

    #[test]
    fn bis_numbers() {
        for (month_part, expected) in [
            ("27", Some(d(1990, 7, 15))),
            ("47", Some(d(1990, 7, 15))),
            ("20", None),
            ("40", None),
        ] {
            let n = NationalNumber::parse(&valid(&format!("90{month_part}15001"), false)).unwrap();
            assert_eq!(n.kind(), NationalNumberKind::Bis, "{month_part}");
            assert_eq!(n.birth_date(), expected, "{month_part}");
        }
        // Unknown day or month in a regular number: valid, date unknown.
        assert_eq!(
            NationalNumber::parse(&valid("900000001", false))
                .unwrap()
                .birth_date(),
            None
        );
        assert_eq!(
            NationalNumber::parse(&valid("900700001", false))
                .unwrap()
                .birth_date(),
            None
        );
        // A day that does not exist in the month: accepted, date unknown.
        assert_eq!(
            NationalNumber::parse(&valid("900231001", false))
                .unwrap()
                .birth_date(),
            None
        );
    }

    #[test]
    fn refuses_bad_numbers() {
        use NationalNumberError::*;
        assert_eq!(NationalNumber::parse("85.07.30-033.29"), Err(CheckDigits));
        assert_eq!(NationalNumber::parse("85.07.30-033.00"), Err(CheckDigits));
        assert_eq!(NationalNumber::parse("85.07.30-033.2"), Err(Format));
        assert_eq!(NationalNumber::parse("85.07.30-033.288"), Err(Format));
        assert_eq!(NationalNumber::parse(""), Err(Format));
        assert_eq!(NationalNumber::parse("85/07/30-033.28"), Err(Format));
        assert_eq!(NationalNumber::parse("85.07.30-O33.28"), Err(Format));
        assert_eq!(NationalNumber::parse("８5073003328"), Err(Format));
        for month in ["13", "19", "33", "39", "53", "99"] {
            assert_eq!(
                NationalNumber::parse(&valid(&format!("85{month}30033"), false)),
                Err(DatePart),
                "{month}"
            );
        }
        assert_eq!(
            NationalNumber::parse(&valid("850732033", false)),
            Err(DatePart)
        );
    }

    #[test]
    fn display_and_debug_mask_the_number() {
        let n = NationalNumber::parse("85.07.30-033.28").unwrap();
        assert_eq!(n.to_string(), "**.**.**-***.28");
        assert_eq!(format!("{n:?}"), "NationalNumber(**.**.**-***.28)");
        assert!(!format!("{n:?}").contains("850730"));
    }

    #[test]
    fn case_codes() {
        let c = CaseCode::new("SN", 2026, 7).unwrap();
        assert_eq!(c.to_string(), "SN-2026-007");
        assert_eq!(CaseCode::parse("SN-2026-007"), Ok(c.clone()));
        assert_eq!(CaseCode::parse(" sn-2026-007 "), Ok(c));
        assert_eq!(
            CaseCode::new("SNWA", 2026, 1234).unwrap().to_string(),
            "SNWA-2026-1234"
        );
        assert_eq!(CaseCode::new("S", 2026, 1), Err(CaseCodeError::Prefix));
        assert_eq!(CaseCode::new("SNWAA", 2026, 1), Err(CaseCodeError::Prefix));
        assert_eq!(CaseCode::new("Sn", 2026, 1), Err(CaseCodeError::Prefix));
        assert_eq!(CaseCode::new("SÑ", 2026, 1), Err(CaseCodeError::Prefix));
        assert_eq!(CaseCode::new("SN", 999, 1), Err(CaseCodeError::Year));
        assert_eq!(CaseCode::new("SN", 2026, 0), Err(CaseCodeError::Sequence));
        assert_eq!(
            CaseCode::new("SN", 2026, 1_000_000),
            Err(CaseCodeError::Sequence)
        );
        for (bad, err) in [
            ("SN-2026-7", CaseCodeError::Sequence),
            ("SN-2026-0007", CaseCodeError::Sequence),
            ("SN-2026-000", CaseCodeError::Sequence),
            ("SN-2026-1000000", CaseCodeError::Sequence),
            ("SN-2026-+07", CaseCodeError::Sequence),
            ("SN-26-007", CaseCodeError::Year),
            ("S1-2026-007", CaseCodeError::Prefix),
            ("S-2026-007", CaseCodeError::Prefix),
            ("SN-2026", CaseCodeError::Format),
            ("SN-2026-007-1", CaseCodeError::Format),
            ("SN_2026_007", CaseCodeError::Format),
            ("", CaseCodeError::Format),
        ] {
            assert_eq!(CaseCode::parse(bad), Err(err), "{bad:?}");
        }
    }

    #[test]
    fn case_codes_sort_by_prefix_year_number() {
        let mut codes = [
            CaseCode::new("SN", 2026, 10).unwrap(),
            CaseCode::new("SN", 2025, 999).unwrap(),
            CaseCode::new("SN", 2026, 9).unwrap(),
        ];
        codes.sort();
        let shown: Vec<_> = codes.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["SN-2025-999", "SN-2026-009", "SN-2026-010"]);
    }

    #[test]
    fn error_keys_are_distinct() {
        let keys: HashSet<_> = NationalNumberError::ALL
            .iter()
            .map(|e| e.message_key())
            .chain(CaseCodeError::ALL.iter().map(|e| e.message_key()))
            .collect();
        assert_eq!(
            keys.len(),
            NationalNumberError::ALL.len() + CaseCodeError::ALL.len()
        );
    }

    /// Nine digits with a structurally valid month and day part.
    fn first9() -> impl Strategy<Value = String> {
        (
            0u8..=99,
            prop_oneof![0u8..=12, 20u8..=32, 40u8..=52],
            0u8..=31,
            0u16..=999,
        )
            .prop_map(|(yy, mm, dd, seq)| format!("{yy:02}{mm:02}{dd:02}{seq:03}"))
    }

    proptest! {
        #[test]
        fn constructed_numbers_parse_in_every_notation(f in first9(), from_2000 in any::<bool>()) {
            let s = valid(&f, from_2000);
            let n = NationalNumber::parse(&s).unwrap();
            prop_assert_eq!(n.as_digits(), s.as_str());
            prop_assert_eq!(NationalNumber::parse(&n.formatted()), Ok(n.clone()));
            prop_assert_eq!(n.birth_year() >= 2000, from_2000);
            prop_assert_eq!(n.to_string(), format!("**.**.**-***.{}", &s[9..]));
            if let Some(date) = n.birth_date() {
                prop_assert_eq!(date.year(), n.birth_year());
                prop_assert_eq!(date.year() % 100, s[0..2].parse::<u16>().unwrap());
            }
        }

        /// Mod 97 catches every single wrong digit; the only way a changed
        /// number still parses is by matching the check of the other century.
        #[test]
        fn a_single_wrong_digit_is_caught(f in first9(), from_2000 in any::<bool>(), pos in 0usize..11, delta in 1u8..=9) {
            let s = valid(&f, from_2000);
            let mut bytes = s.clone().into_bytes();
            bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
            let changed = String::from_utf8(bytes).unwrap();
            if let Ok(n) = NationalNumber::parse(&changed) {
                prop_assert_ne!(n.birth_year() >= 2000, from_2000);
            }
        }

        #[test]
        fn parse_never_panics_and_display_never_shows_more_than_two_digits(s in "[0-9 .\\-]{0,20}|\\PC{0,20}") {
            if let Ok(n) = NationalNumber::parse(&s) {
                let shown = n.to_string();
                prop_assert_eq!(shown.chars().filter(char::is_ascii_digit).count(), 2);
            }
        }

        #[test]
        fn case_codes_round_trip(prefix in "[A-Z]{2,4}", year in 1000u16..=9999, seq in 1u32..=999_999) {
            let c = CaseCode::new(&prefix, year, seq).unwrap();
            prop_assert_eq!(CaseCode::parse(&c.to_string()), Ok(c.clone()));
            prop_assert_eq!(CaseCode::parse(&c.to_string().to_lowercase()), Ok(c));
        }

        #[test]
        fn parsed_case_codes_are_canonical(s in "[A-Za-z]{1,5}-[0-9]{3,5}-[0-9]{1,7}|\\PC{0,16}") {
            if let Ok(c) = CaseCode::parse(&s) {
                prop_assert_eq!(c.to_string(), s.trim().to_ascii_uppercase());
            }
        }
    }

    #[test]
    fn the_number_must_fit_the_birth_date() {
        let nn = NationalNumber::parse("85.07.30-033.28").unwrap();
        assert!(nn.matches_birth_date(Date::new(1985, 7, 30).unwrap()));
        assert!(!nn.matches_birth_date(Date::new(1990, 5, 5).unwrap()));
    }
}
