//! Translations: Fluent files in `locales/{nl-BE,fr-BE,en}`, compiled into the
//! binary. Dutch is the first language and the fallback.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use verbind_domain::Locale;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../../locales",
        fallback_language: "nl-BE",
        // No Unicode isolation marks: they would end up inside HTML attributes.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

fn langid(locale: Locale) -> LanguageIdentifier {
    match locale {
        Locale::NlBe => fluent_templates::langid!("nl-BE"),
        Locale::FrBe => fluent_templates::langid!("fr-BE"),
        Locale::En => fluent_templates::langid!("en"),
    }
}

/// A translator for one locale, handed to every template.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    pub locale: Locale,
}

impl Tr {
    pub fn new(locale: Locale) -> Self {
        Self { locale }
    }

    /// The text for `key`; the key itself if missing (a test keeps that from happening).
    pub fn t(&self, key: &str) -> String {
        LOCALES
            .try_lookup(&langid(self.locale), key)
            .unwrap_or_else(|| key.to_owned())
    }

    /// The text for `key` with named arguments.
    pub fn t_args(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            // A whole number goes in as a number, so plural variants
            // (`[one]`, `*[other]`) select on it.
            .map(|(k, v)| {
                let value = match v.parse::<i64>() {
                    Ok(n) => FluentValue::from(n),
                    Err(_) => FluentValue::from(v.clone()),
                };
                (Cow::Borrowed(*k), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(&langid(self.locale), key, &map)
            .unwrap_or_else(|| key.to_owned())
    }

    /// Whether `key` exists in this locale itself, without falling back to
    /// Dutch. A message with variables counts as present even though it cannot
    /// be formatted without them.
    pub fn has(&self, key: &str) -> bool {
        // fluent-templates keeps its error type private; "message not found" is
        // the only error that means the key is missing (others are about variables).
        match LOCALES.lookup_single_language::<&str>(&langid(self.locale), key, None) {
            Ok(_) => true,
            Err(e) => !e.to_string().starts_with("Couldn't retrieve message"),
        }
    }
}

/// Formats a timestamp as the Belgian date and time (`28/11/2026 14:05`), Europe/Brussels.
pub fn format_datetime(ms: i64) -> String {
    let Ok(utc) = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
    else {
        return String::new();
    };
    let local = utc.to_offset(brussels_offset(utc));
    format!(
        "{:02}/{:02}/{} {:02}:{:02}",
        local.day(),
        u8::from(local.month()),
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// Formats a timestamp as a Belgian date (`28/11/2026`), Europe/Brussels.
pub fn format_date(ms: i64) -> String {
    format_datetime(ms)
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Europe/Brussels: CET (+1), and CEST (+2) from the last Sunday of March 01:00 UTC
/// to the last Sunday of October 01:00 UTC (the EU rule, fixed since 1996).
fn brussels_offset(utc: time::OffsetDateTime) -> time::UtcOffset {
    fn last_sunday(year: i32, month: time::Month) -> Option<time::OffsetDateTime> {
        let next_month_first = if month == time::Month::December {
            time::Date::from_calendar_date(year + 1, time::Month::January, 1).ok()?
        } else {
            time::Date::from_calendar_date(year, month.next(), 1).ok()?
        };
        let mut d = next_month_first.previous_day()?;
        while d.weekday() != time::Weekday::Sunday {
            d = d.previous_day()?;
        }
        Some(d.with_hms(1, 0, 0).ok()?.assume_utc())
    }
    let year = utc.year();
    let summer = match (
        last_sunday(year, time::Month::March),
        last_sunday(year, time::Month::October),
    ) {
        (Some(start), Some(end)) => utc >= start && utc < end,
        _ => false,
    };
    time::UtcOffset::from_hms(if summer { 2 } else { 1 }, 0, 0).unwrap_or(time::UtcOffset::UTC)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Every key of every locale file exists in every other locale.
    #[test]
    fn every_locale_has_every_key() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales");
        let mut keys: HashMap<Locale, std::collections::BTreeSet<String>> = HashMap::new();
        for l in Locale::ALL {
            let dir = root.join(l.tag());
            let mut set = std::collections::BTreeSet::new();
            for entry in std::fs::read_dir(&dir).unwrap() {
                let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
                for line in text.lines() {
                    if let Some((id, _)) = line.split_once(" =")
                        && !id.starts_with([' ', '#', '.', '-'])
                        && !id.is_empty()
                    {
                        set.insert(id.trim().to_owned());
                    }
                }
            }
            assert!(set.len() > 50, "{} has only {} keys", l.tag(), set.len());
            keys.insert(l, set);
        }
        let nl = &keys[&Locale::NlBe];
        for l in [Locale::FrBe, Locale::En] {
            let other = &keys[&l];
            let missing: Vec<_> = nl.difference(other).collect();
            let extra: Vec<_> = other.difference(nl).collect();
            assert!(missing.is_empty(), "{} misses keys: {missing:?}", l.tag());
            assert!(
                extra.is_empty(),
                "{} has keys Dutch lacks: {extra:?}",
                l.tag()
            );
            for k in nl {
                assert!(Tr::new(l).has(k), "{} cannot resolve {k}", l.tag());
            }
        }
    }

    #[test]
    fn counts_choose_their_plural() {
        let nl = Tr::new(Locale::NlBe);
        let one = nl.t_args("login-throttled", &[("seconds", "1".into())]);
        assert!(one.ends_with("over 1 seconde."), "{one}");
        let many = nl.t_args("login-throttled", &[("seconds", "12".into())]);
        assert!(many.ends_with("over 12 seconden."), "{many}");
        let en = Tr::new(Locale::En).t_args("login-throttled", &[("seconds", "1".into())]);
        assert!(en.ends_with("in 1 second."), "{en}");
        // Text stays text.
        let text = nl.t_args("login-throttled", &[("seconds", "een paar".into())]);
        assert!(text.contains("een paar seconden"), "{text}");
    }

    #[test]
    fn dates_are_belgian() {
        // 2026-11-28 13:05 UTC is 14:05 in Brussels (winter time).
        assert_eq!(format_datetime(1_795_871_100_000), "28/11/2026 14:05");
        // 2026-07-01 10:00 UTC is 12:00 in Brussels (summer time).
        assert_eq!(format_datetime(1_782_900_000_000), "01/07/2026 12:00");
        assert_eq!(format_date(1_795_871_100_000), "28/11/2026");
    }
}

#[cfg(test)]
mod has_tests {
    use super::*;

    #[test]
    fn has_sees_messages_with_variables_and_misses_unknown_keys() {
        for l in Locale::ALL {
            assert!(Tr::new(l).has("login-throttled"));
            assert!(!Tr::new(l).has("no-such-key-anywhere"));
        }
    }
}
