//! The languages Verbind speaks: Dutch first, then French and English.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Locale {
    #[default]
    #[serde(rename = "nl-BE")]
    NlBe,
    #[serde(rename = "fr-BE")]
    FrBe,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::NlBe, Locale::FrBe, Locale::En];

    /// The BCP 47 tag, as stored and as used for the Fluent bundles.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::NlBe => "nl-BE",
            Locale::FrBe => "fr-BE",
            Locale::En => "en",
        }
    }

    /// The language's own name, shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::NlBe => "Nederlands",
            Locale::FrBe => "Français",
            Locale::En => "English",
        }
    }

    /// The two-letter code for `<html lang>`.
    pub fn html_lang(self) -> &'static str {
        match self {
            Locale::NlBe => "nl",
            Locale::FrBe => "fr",
            Locale::En => "en",
        }
    }

    /// Accepts a tag or a bare language code, case-insensitively.
    pub fn parse(s: &str) -> Option<Locale> {
        match s.trim().to_ascii_lowercase().as_str() {
            "nl-be" | "nl" => Some(Locale::NlBe),
            "fr-be" | "fr" => Some(Locale::FrBe),
            "en" | "en-gb" | "en-us" => Some(Locale::En),
            _ => None,
        }
    }

    /// Picks the best locale from an `Accept-Language` header; Dutch when nothing matches.
    pub fn from_accept_language(header: &str) -> Locale {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .find_map(|tag| Locale::parse(tag).or_else(|| Locale::parse(tag.split('-').next()?)))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags_and_headers() {
        assert_eq!(Locale::parse("fr-BE"), Some(Locale::FrBe));
        assert_eq!(Locale::parse("NL"), Some(Locale::NlBe));
        assert_eq!(Locale::parse("de"), None);
        assert_eq!(
            Locale::from_accept_language("fr-FR,fr;q=0.9,en;q=0.8"),
            Locale::FrBe
        );
        assert_eq!(Locale::from_accept_language("de-DE"), Locale::NlBe);
        assert_eq!(Locale::from_accept_language("en-US,en;q=0.5"), Locale::En);
        for l in Locale::ALL {
            assert_eq!(Locale::parse(l.tag()), Some(l));
        }
    }
}
