//! Required free text (reasons, purposes): trimmed, non-empty, bounded.
//!
//! Free text in a case can hold personal data, so the types made here have no
//! `Display` and a `Debug` that prints only the length: a stray `{:?}` in a log
//! line cannot leak what a partner wrote. Control characters other than line
//! breaks and tabs are refused, because PostgreSQL refuses NUL in text and
//! invisible characters have no place in an audited reason.

use thiserror::Error;

/// Why a required text field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TextError {
    #[error("this field is required")]
    Empty,
    #[error("this text is longer than {max} characters")]
    TooLong { max: usize },
    #[error("this text contains control characters")]
    ControlCharacter,
}

impl TextError {
    pub fn code(self) -> &'static str {
        match self {
            TextError::Empty => "empty",
            TextError::TooLong { .. } => "too_long",
            TextError::ControlCharacter => "control_character",
        }
    }

    /// The key of the translated message shown next to the field.
    pub fn message_key(self) -> &'static str {
        match self {
            TextError::Empty => "text-error-empty",
            TextError::TooLong { .. } => "text-error-too-long",
            TextError::ControlCharacter => "text-error-control-character",
        }
    }
}

/// Trims `input` and checks it is non-empty, at most `max_chars` characters
/// (Unicode scalar values) and free of control characters except `\n`, `\r`, `\t`.
pub(crate) fn required_text(input: &str, max_chars: usize) -> Result<String, TextError> {
    let t = input.trim();
    if t.is_empty() {
        return Err(TextError::Empty);
    }
    if t.chars().count() > max_chars {
        return Err(TextError::TooLong { max: max_chars });
    }
    if t.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(TextError::ControlCharacter);
    }
    Ok(t.to_owned())
}

/// Declares a newtype over required, bounded free text with a redacted `Debug`.
macro_rules! required_text_type {
    ($(#[$doc:meta])* $name:ident, $max:expr) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// The longest accepted text, in characters.
            pub const MAX_CHARS: usize = $max;

            /// Trims and checks the text (see [`crate::case::TextError`]).
            pub fn parse(input: &str) -> Result<Self, $crate::case::TextError> {
                $crate::case::text::required_text(input, Self::MAX_CHARS).map(Self)
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(
                    f,
                    concat!(stringify!($name), "(<{} chars>)"),
                    self.0.chars().count()
                )
            }
        }
    };
}
pub(crate) use required_text_type;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    required_text_type!(
        /// A test type.
        Sample,
        10
    );

    #[test]
    fn trims_and_bounds() {
        assert_eq!(
            Sample::parse("  hallo \n").map(Sample::into_string),
            Ok("hallo".into())
        );
        assert_eq!(Sample::parse("   "), Err(TextError::Empty));
        assert_eq!(Sample::parse(""), Err(TextError::Empty));
        assert_eq!(
            Sample::parse("0123456789").map(|s| s.as_str().len()),
            Ok(10)
        );
        assert_eq!(
            Sample::parse("01234567890"),
            Err(TextError::TooLong { max: 10 })
        );
        // Characters, not bytes.
        assert!(Sample::parse("ééééééééé").is_ok());
        assert_eq!(Sample::parse("a\u{0}b"), Err(TextError::ControlCharacter));
        assert_eq!(
            Sample::parse("a\u{1b}[31mb"),
            Err(TextError::ControlCharacter)
        );
        assert!(Sample::parse("a\nb\tc").is_ok());
    }

    #[test]
    fn debug_does_not_leak_the_text() {
        let s = Sample::parse("geheim").unwrap();
        let shown = format!("{s:?}");
        assert!(!shown.contains("geheim"), "{shown}");
        assert_eq!(shown, "Sample(<6 chars>)");
    }

    #[test]
    fn error_keys_are_distinct() {
        let all = [
            TextError::Empty,
            TextError::TooLong { max: 1 },
            TextError::ControlCharacter,
        ];
        let keys: std::collections::HashSet<_> = all.iter().map(|e| e.message_key()).collect();
        let codes: std::collections::HashSet<_> = all.iter().map(|e| e.code()).collect();
        assert_eq!(keys.len(), all.len());
        assert_eq!(codes.len(), all.len());
    }

    proptest! {
        #[test]
        fn accepted_text_is_trimmed_bounded_and_clean(s in "\\PC{0,20}|[ \\t\\n\\x00\\x1b]{0,3}\\PC{0,5}") {
            if let Ok(v) = Sample::parse(&s) {
                let t = v.as_str();
                prop_assert!(!t.is_empty());
                prop_assert_eq!(t, t.trim());
                prop_assert!(t.chars().count() <= Sample::MAX_CHARS);
                prop_assert!(!t.chars().any(|c| c.is_control() && !"\n\r\t".contains(c)));
            }
        }
    }
}
