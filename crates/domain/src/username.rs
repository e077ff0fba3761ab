//! Usernames: parsed once, at the edge.

use thiserror::Error;

/// A login name: 3 to 64 characters of `a-z 0-9 . _ -`, stored lowercase.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

#[derive(Debug, Error, PartialEq, Eq)]
pub enum UsernameError {
    #[error("username must be 3 to 64 characters")]
    Length,
    #[error("username may only contain letters a-z, digits, '.', '_' and '-'")]
    Characters,
}

impl Username {
    pub fn parse(input: &str) -> Result<Self, UsernameError> {
        let s = input.trim().to_ascii_lowercase();
        if !(3..=64).contains(&s.chars().count()) {
            return Err(UsernameError::Length);
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        {
            return Err(UsernameError::Characters);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalises_and_rejects() {
        assert_eq!(
            Username::parse(" Politie ").map(|u| u.0),
            Ok("politie".into())
        );
        assert_eq!(Username::parse("ab"), Err(UsernameError::Length));
        assert_eq!(Username::parse("a b c"), Err(UsernameError::Characters));
        assert_eq!(Username::parse("émile"), Err(UsernameError::Characters));
    }

    proptest! {
        #[test]
        fn parsed_usernames_are_safe(s in ".{0,80}") {
            if let Ok(u) = Username::parse(&s) {
                prop_assert!(u.as_str().chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c)));
            }
        }
    }
}
