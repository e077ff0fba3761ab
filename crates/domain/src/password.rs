//! The password rules of QUALITY.md §1.1: 12 to 128 characters, no composition
//! rules, and no common or easily guessed password.

use thiserror::Error;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

/// A new password that passed the policy. Holds the text only long enough to hash it.
#[derive(Debug)]
pub struct NewPassword(String);

#[derive(Debug, Error, PartialEq, Eq, Clone, Copy)]
pub enum PasswordError {
    #[error("password must be at least 12 characters")]
    TooShort,
    #[error("password may be at most 128 characters")]
    TooLong,
    #[error("password is too common or too easy to guess")]
    Common,
    #[error("password must not contain the username")]
    ContainsUsername,
}

impl PasswordError {
    /// The translation key of the message shown next to the field.
    pub fn message_key(self) -> &'static str {
        match self {
            PasswordError::TooShort => "password-too-short",
            PasswordError::TooLong => "password-too-long",
            PasswordError::Common => "password-common",
            PasswordError::ContainsUsername => "password-contains-username",
        }
    }
}

impl NewPassword {
    /// Checks `input` against the policy. `context` holds words that must not
    /// make up the password (username, the product's name).
    pub fn parse(input: &str, username: &str) -> Result<Self, PasswordError> {
        let chars = input.chars().count();
        if chars < MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        let lower = input.to_lowercase();
        let user = username.trim().to_lowercase();
        if user.len() >= 3 && lower.contains(&user) {
            return Err(PasswordError::ContainsUsername);
        }
        // zxcvbn knows the common-password lists (and keyboard walks, repeats,
        // sequences, dates). Score 3 = "safely unguessable": ~10^8 guesses.
        let entropy = zxcvbn::zxcvbn(input, &[&user, "verbind", "sint-niklaas", "livc"]);
        if (entropy.score() as u8) < 3 {
            return Err(PasswordError::Common);
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_bounds() {
        assert_eq!(
            NewPassword::parse("kort", "x").err(),
            Some(PasswordError::TooShort)
        );
        let long = "ab-cd-".repeat(30);
        assert_eq!(
            NewPassword::parse(&long, "x").err(),
            Some(PasswordError::TooLong)
        );
        // Exactly 12 and exactly 128 characters are accepted when not guessable.
        assert!(NewPassword::parse("Wq7#pLz2!vNe", "x").is_ok());
        let max: String = "kV9q-Rt3z!Mw".chars().cycle().take(MAX_CHARS).collect();
        assert!(NewPassword::parse(&max, "x").is_ok());
    }

    #[test]
    fn counts_characters_not_bytes() {
        // 12 characters, more bytes.
        assert!(NewPassword::parse("éàüçñøåßðþæœ", "x").is_ok());
    }

    #[test]
    fn refuses_common_passwords() {
        for pw in [
            "password1234",
            "123456789012",
            "qwertyuiopas",
            "aaaaaaaaaaaa",
            "iloveyou1234",
            "welcome12345",
            "verbind-demo",
        ] {
            assert_eq!(
                NewPassword::parse(pw, "someone").err(),
                Some(PasswordError::Common),
                "{pw}"
            );
        }
    }

    #[test]
    fn refuses_username_inside() {
        assert_eq!(
            NewPassword::parse("deskundige-9!Zq", "deskundige").err(),
            Some(PasswordError::ContainsUsername)
        );
    }

    #[test]
    fn no_composition_rules() {
        // Only lowercase letters and spaces, but long and unguessable: fine.
        assert!(NewPassword::parse("paars kompas fietst langs waterput", "x").is_ok());
    }
}
