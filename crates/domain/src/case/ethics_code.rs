//! The versions of the LIVC-R's code of ethics (deontologische code, plan
//! 2.4.4): every user who may see case data accepts the version in force
//! before first access to any case, and accepts every new version again.
//!
//! The administrator publishes a new version with a label and a summary of
//! what changed. The version in force in a tenant is the one it published
//! last; a tenant that never published one has the built-in
//! [`BUILT_IN_VERSION`]. Acceptance is recorded per label, so an acceptance of
//! an earlier version no longer counts once a new one is in force, and a label
//! can never be used twice (else old acceptances would count again).

use std::ops::Range;

use thiserror::Error;

use super::TextError;
use super::text::required_text_type;

/// The version in force where none was published: the text in the Fluent
/// files since the first release.
pub const BUILT_IN_VERSION: &str = "2026-1";

/// The version in force: the one published last, or the built-in one.
pub fn version_in_force(latest_published: Option<&str>) -> &str {
    latest_published.unwrap_or(BUILT_IN_VERSION)
}

/// The label of a published version, e.g. `2027-1`: 1 to
/// [`VersionLabel::MAX_CHARS`] characters, ASCII letters and digits with one
/// `.`, `-` or `_` between them (never two in a row, never first or last).
/// Safe in a URL, a log line, an audit detail and HTML without escaping, and
/// unambiguous to read aloud: labels that differ only in letter case or in
/// which separator they use count as one ([`VersionLabel::same_as`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionLabel(String);

/// Why a version label or its summary was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum VersionError {
    #[error("the version label is empty")]
    LabelEmpty,
    #[error("the version label is longer than {max} characters", max = VersionLabel::MAX_CHARS)]
    LabelTooLong,
    #[error("the version label has a character outside letters, digits, '.', '-' and '_'")]
    LabelCharacters,
    /// Two separators in a row (`v1..2`): one between two parts only.
    #[error("the version label has two separators in a row")]
    LabelSeparators,
    /// The label was used before in this tenant (or is the built-in one).
    #[error("the version label was used before")]
    LabelTaken,
    #[error("the summary of changes: {0}")]
    Summary(TextError),
}

impl VersionError {
    /// The field the error belongs to: `version` or `summary`.
    pub fn field(self) -> &'static str {
        match self {
            VersionError::Summary(_) => "summary",
            _ => "version",
        }
    }

    /// A stable code for the API.
    pub fn code(self) -> &'static str {
        match self {
            VersionError::LabelEmpty => "version_empty",
            VersionError::LabelTooLong => "version_too_long",
            VersionError::LabelCharacters => "version_characters",
            VersionError::LabelSeparators => "version_separators",
            VersionError::LabelTaken => "version_taken",
            VersionError::Summary(_) => "summary_invalid",
        }
    }

    /// The key of the translated message shown next to the field.
    pub fn message_key(self) -> &'static str {
        match self {
            VersionError::LabelEmpty => "ethics-version-error-empty",
            VersionError::LabelTooLong => "ethics-version-error-too-long",
            VersionError::LabelCharacters => "ethics-version-error-characters",
            VersionError::LabelSeparators => "ethics-version-error-separators",
            VersionError::LabelTaken => "ethics-version-error-taken",
            VersionError::Summary(TextError::Empty) => "ethics-summary-error-empty",
            VersionError::Summary(TextError::TooLong { .. }) => "ethics-summary-error-too-long",
            VersionError::Summary(TextError::ControlCharacter) => {
                "ethics-summary-error-control-character"
            }
        }
    }
}

impl VersionLabel {
    /// The longest label, in characters.
    pub const MAX_CHARS: usize = 40;

    /// Trims and checks the form of a label (not whether it is new: see
    /// [`parse_publication`]).
    pub fn parse(input: &str) -> Result<Self, VersionError> {
        let t = input.trim();
        if t.is_empty() {
            return Err(VersionError::LabelEmpty);
        }
        if t.chars().count() > Self::MAX_CHARS {
            return Err(VersionError::LabelTooLong);
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || is_separator(c);
        let starts_and_ends_plain = t.starts_with(|c: char| c.is_ascii_alphanumeric())
            && t.ends_with(|c: char| c.is_ascii_alphanumeric());
        // `v1..2` or `v1-_2`: one separator between two parts, no more.
        let doubled = t
            .as_bytes()
            .windows(2)
            .any(|w| is_separator(char::from(w[0])) && is_separator(char::from(w[1])));
        if !t.chars().all(allowed) || !starts_and_ends_plain {
            return Err(VersionError::LabelCharacters);
        }
        if doubled {
            return Err(VersionError::LabelSeparators);
        }
        Ok(Self(t.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this label is `other` up to letter case and the choice of
    /// separator: `V2` and `v2`, or `2026.1`, `2026_1` and `2026-1`, would
    /// read as one version, so they count as the same label.
    pub fn same_as(&self, other: &str) -> bool {
        comparison_key(&self.0) == comparison_key(other.trim())
    }
}

/// `.`, `-` and `_`: the separators a label may use, all alike.
fn is_separator(c: char) -> bool {
    matches!(c, '.' | '-' | '_')
}

/// A label as compared for uniqueness: lower case, every separator `-`.
fn comparison_key(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if is_separator(c) {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

required_text_type!(
    /// What changed in a new version of the code, for the users who must
    /// accept it again. Free text: sealed at rest.
    ChangeSummary,
    4000
);

/// A new version, checked: a label that is new in this tenant and a summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub label: VersionLabel,
    pub summary: ChangeSummary,
}

/// Checks a new version against the labels the tenant used before
/// (`earlier`; the built-in label always counts as used). Returns every
/// refusal, at most one per field, so a form can show each next to its field.
pub fn parse_publication<'a>(
    label: &str,
    summary: &str,
    earlier: impl IntoIterator<Item = &'a str>,
) -> Result<Publication, Vec<VersionError>> {
    let label = VersionLabel::parse(label).and_then(|l| {
        let mut earlier = earlier.into_iter().chain([BUILT_IN_VERSION]);
        if earlier.any(|e| l.same_as(e)) {
            Err(VersionError::LabelTaken)
        } else {
            Ok(l)
        }
    });
    let summary = ChangeSummary::parse(summary).map_err(VersionError::Summary);
    match (label, summary) {
        (Ok(label), Ok(summary)) => Ok(Publication { label, summary }),
        (label, summary) => Err([label.err(), summary.err()].into_iter().flatten().collect()),
    }
}

/// Which published versions' summaries to show a user who is asked to accept
/// the version in force: the index range into `published` (oldest first, the
/// last one in force) of the versions after the newest one the user accepted.
///
/// - The user accepted a published version: the ones after it (none when the
///   version in force is accepted).
/// - The user accepted only a version not published here (the built-in one):
///   every published version is newer, so all of them.
/// - The user never accepted any version: the text is new to them as a whole;
///   the latest summary only.
pub fn changes_to_show<S: AsRef<str>>(published: &[S], accepted: &[S]) -> Range<usize> {
    let is_accepted = |label: &str| accepted.iter().any(|a| a.as_ref() == label);
    match published.iter().rposition(|p| is_accepted(p.as_ref())) {
        Some(i) => i + 1..published.len(),
        None if !accepted.is_empty() => 0..published.len(),
        None => published.len().saturating_sub(1)..published.len(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_label_is_short_plain_ascii() {
        for ok in [
            "2027-1",
            "2027.2",
            "v3",
            "V_4",
            "  2028-1 ",
            "a",
            &"9".repeat(40),
        ] {
            assert_eq!(
                VersionLabel::parse(ok).map(|l| l.as_str().to_owned()),
                Ok(ok.trim().to_owned()),
                "{ok:?}"
            );
        }
        assert_eq!(VersionLabel::parse(""), Err(VersionError::LabelEmpty));
        assert_eq!(VersionLabel::parse("   "), Err(VersionError::LabelEmpty));
        assert_eq!(
            VersionLabel::parse(&"9".repeat(41)),
            Err(VersionError::LabelTooLong)
        );
        for bad in [
            "2027 1",
            "2027/1",
            "<b>2027</b>",
            "versie\u{0}",
            "é2027",
            "2027-",
            "-2027",
            ".2027",
            "2027_",
            "a\nb",
            "'; drop",
            "２０２７",
        ] {
            assert_eq!(
                VersionLabel::parse(bad),
                Err(VersionError::LabelCharacters),
                "{bad:?}"
            );
        }
        // Two separators in a row: one between two parts, no more.
        for bad in ["v1..2", "v1-_2", "2027--1", "2027._1", "a-.-b"] {
            assert_eq!(
                VersionLabel::parse(bad),
                Err(VersionError::LabelSeparators),
                "{bad:?}"
            );
        }
        // A separator at either end stays refused, doubled or not.
        for bad in ["..2027", "2027__", "-.2027"] {
            assert!(VersionLabel::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_label_is_new_and_the_built_in_one_is_taken() {
        let earlier = ["2026-2", "2027-1"];
        assert!(parse_publication("2027-2", "Nieuwe regel 9.", earlier).is_ok());
        for taken in ["2026-1", "2026-2", "2027-1", " 2027-1 "] {
            assert_eq!(
                parse_publication(taken, "Iets", earlier),
                Err(vec![VersionError::LabelTaken]),
                "{taken}"
            );
        }
        // Letter case does not make a label new.
        let earlier = ["V2"];
        assert_eq!(
            parse_publication("v2", "Iets", earlier),
            Err(vec![VersionError::LabelTaken])
        );
        assert!(parse_publication("v3", "Iets", earlier).is_ok());
    }

    #[test]
    fn the_separator_does_not_make_a_label_new() {
        // Easily confused with the built-in `2026-1`.
        for taken in ["2026.1", "2026_1", " 2026_1 "] {
            assert_eq!(
                parse_publication(taken, "Iets", []),
                Err(vec![VersionError::LabelTaken]),
                "{taken}"
            );
        }
        let earlier = ["V2.1", "2027_3"];
        for taken in ["v2-1", "V2_1", "v2.1", "2027-3", "2027.3"] {
            assert_eq!(
                parse_publication(taken, "Iets", earlier),
                Err(vec![VersionError::LabelTaken]),
                "{taken}"
            );
        }
        // A separator still separates: other digits are another label.
        for new in ["20261", "2026-11", "2026-1-1", "v21", "2027-3-1"] {
            assert!(parse_publication(new, "Iets", earlier).is_ok(), "{new}");
        }
        let l = VersionLabel::parse("2027.1").unwrap();
        assert!(l.same_as("2027-1") && l.same_as("2027_1") && l.same_as(" 2027.1 "));
        assert!(!l.same_as("20271") && !l.same_as("2027-1-"));
    }

    #[test]
    fn every_field_reports_its_own_error() {
        assert_eq!(
            parse_publication("", "", []),
            Err(vec![
                VersionError::LabelEmpty,
                VersionError::Summary(TextError::Empty)
            ])
        );
        let long = "x".repeat(ChangeSummary::MAX_CHARS + 1);
        assert_eq!(
            parse_publication("2027-1", &long, []),
            Err(vec![VersionError::Summary(TextError::TooLong {
                max: ChangeSummary::MAX_CHARS
            })])
        );
        assert_eq!(
            parse_publication("2027-1", "a\u{7}b", []),
            Err(vec![VersionError::Summary(TextError::ControlCharacter)])
        );
        let p = parse_publication(" 2027-1 ", "  Regel 3 herschreven.\n ", []).unwrap();
        assert_eq!(p.label.as_str(), "2027-1");
        assert_eq!(p.summary.as_str(), "Regel 3 herschreven.");
        assert!(
            !format!("{p:?}").contains("herschreven"),
            "no text in Debug"
        );
        for e in [
            VersionError::LabelEmpty,
            VersionError::LabelTooLong,
            VersionError::LabelCharacters,
            VersionError::LabelSeparators,
            VersionError::LabelTaken,
        ] {
            assert_eq!(e.field(), "version");
            assert!(e.message_key().starts_with("ethics-version-error-"));
        }
        assert_eq!(VersionError::Summary(TextError::Empty).field(), "summary");
    }

    #[test]
    fn the_version_in_force_falls_back_to_the_built_in_one() {
        assert_eq!(version_in_force(None), "2026-1");
        assert_eq!(version_in_force(Some("2027-1")), "2027-1");
    }

    #[test]
    fn changes_since_the_last_accepted_version() {
        let published = ["2026-2", "2027-1", "2027-2"];
        let none: [&str; 0] = [];
        // Accepted the built-in version only: everything published since.
        assert_eq!(changes_to_show(&published, &["2026-1"]), 0..3);
        // Accepted a published one: the ones after it.
        assert_eq!(changes_to_show(&published, &["2026-1", "2026-2"]), 1..3);
        assert_eq!(changes_to_show(&published, &["2027-1"]), 2..3);
        // The newest accepted counts, whatever the order of acceptance.
        assert_eq!(changes_to_show(&published, &["2027-1", "2026-2"]), 2..3);
        // In force and accepted: nothing to show.
        assert_eq!(changes_to_show(&published, &["2027-2"]), 3..3);
        // Never accepted anything: the latest summary.
        assert_eq!(changes_to_show(&published, &none), 2..3);
        // Nothing published: nothing to show.
        assert_eq!(changes_to_show(&none, &["2026-1"]), 0..0);
        assert_eq!(changes_to_show(&none, &none), 0..0);
    }

    proptest! {
        /// Whatever comes in, parsing never panics and what it accepts is
        /// within the bounds and the character set.
        #[test]
        fn parsing_is_total(label in "\\PC{0,60}", summary in "\\PC{0,80}") {
            if let Ok(p) = parse_publication(&label, &summary, ["2027-1"]) {
                let l = p.label.as_str();
                prop_assert!(!l.is_empty() && l.chars().count() <= VersionLabel::MAX_CHARS);
                prop_assert!(l.chars().all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c)));
                prop_assert!(!l.eq_ignore_ascii_case("2027-1") && l != BUILT_IN_VERSION);
                prop_assert!(!p.summary.as_str().is_empty());
                // Never two separators in a row, never one at either end.
                let sep = |c: char| ".-_".contains(c);
                prop_assert!(!l.starts_with(sep) && !l.ends_with(sep));
                prop_assert!(!l.as_bytes().windows(2).any(|w| sep(char::from(w[0])) && sep(char::from(w[1]))));
            }
        }

        /// Two labels that differ only in letter case and separators count as
        /// one; a label with other letters or digits is another one.
        #[test]
        fn sameness_ignores_case_and_separator(
            parts in proptest::collection::vec("[a-zA-Z0-9]{1,4}", 1..4),
            seps in proptest::collection::vec(proptest::sample::select(vec!['.', '-', '_']), 3),
            other_seps in proptest::collection::vec(proptest::sample::select(vec!['.', '-', '_']), 3),
        ) {
            let join = |seps: &[char], upper: bool| {
                let mut out = String::new();
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        out.push(seps[i - 1]);
                    }
                    out.push_str(&if upper { p.to_ascii_uppercase() } else { p.to_ascii_lowercase() });
                }
                out
            };
            let a = join(&seps, false);
            let b = join(&other_seps, true);
            let parsed = VersionLabel::parse(&a).unwrap();
            prop_assert!(parsed.same_as(&b));
            prop_assert_eq!(
                parse_publication(&b, "Iets", [a.as_str()]),
                Err(vec![VersionError::LabelTaken])
            );
            // One more character is another label.
            let longer = format!("{b}x");
            prop_assert!(!parsed.same_as(&longer));
        }

        /// The range always lies within the list and ends at its end: the
        /// version in force is shown unless it was accepted.
        #[test]
        fn the_range_ends_at_the_version_in_force(
            n in 0usize..6,
            accepted in proptest::collection::vec(0usize..8, 0..4),
        ) {
            let published: Vec<String> = (0..n).map(|i| format!("v{i}")).collect();
            let accepted: Vec<String> = accepted.into_iter().map(|i| format!("v{i}")).collect();
            let r = changes_to_show(&published, &accepted);
            prop_assert!(r.start <= r.end && r.end == n);
            let in_force_accepted = published.last().is_some_and(|l| accepted.contains(l));
            prop_assert_eq!(r.is_empty(), n == 0 || in_force_accepted);
        }
    }
}
