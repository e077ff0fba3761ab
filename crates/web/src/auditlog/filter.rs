//! The audit trail's filters, parsed from the query string (parse, don't validate).
//!
//! Pure: no I/O. Dates are Belgian (`dd/mm/jjjj`) and mean whole days in
//! Europe/Brussels time; the actor is a username typed by the DPO, or the user
//! id that the page's own "older" and CSV links carry (ids, not names, in URLs).

use serde::Deserialize;
use time::{Date, Month};
use verbind_domain::UserId;
use verbind_domain::audit::AuditAction;
use verbind_domain::username::Username;

/// Longest object id accepted in the filter.
pub const MAX_OBJECT_CHARS: usize = 100;

/// The filter form's fields, as sent. Every field defaults to empty.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct AuditQuery {
    /// An action code (`login.failed`), or empty for all.
    #[serde(default)]
    pub actie: String,
    /// The actor's username.
    #[serde(default)]
    pub gebruiker: String,
    /// The actor's id (from the page's own links; wins over `gebruiker`).
    #[serde(default)]
    pub gebruiker_id: String,
    /// First day, `dd/mm/jjjj`.
    #[serde(default)]
    pub van: String,
    /// Last day (inclusive), `dd/mm/jjjj`.
    #[serde(default)]
    pub tot: String,
    /// An object id.
    #[serde(default)]
    pub object: String,
    /// Show entries before this sequence number (paging).
    #[serde(default)]
    pub voor: String,
}

/// Whose entries to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorFilter {
    Any,
    Username(Username),
    Id(UserId),
}

/// Valid filters; the actor still has to be found in the DPO's tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFilter {
    pub action: Option<AuditAction>,
    pub actor: ActorFilter,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub object: Option<String>,
    pub before_seq: Option<i64>,
}

/// The translation key of the message for each field that is wrong.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FilterErrors {
    pub action: Option<&'static str>,
    pub actor: Option<&'static str>,
    pub from: Option<&'static str>,
    pub to: Option<&'static str>,
    pub object: Option<&'static str>,
}

impl FilterErrors {
    pub fn is_empty(&self) -> bool {
        self.action.is_none()
            && self.actor.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.object.is_none()
    }
}

pub fn parse_filter(q: &AuditQuery) -> Result<ParsedFilter, FilterErrors> {
    let mut e = FilterErrors::default();

    let code = q.actie.trim();
    let action = if code.is_empty() {
        None
    } else {
        let a = AuditAction::parse(code);
        if a.is_none() {
            e.action = Some("audit-error-action");
        }
        a
    };

    let actor = if !q.gebruiker_id.trim().is_empty() {
        match UserId::parse(q.gebruiker_id.trim()) {
            Some(id) => ActorFilter::Id(id),
            None => {
                e.actor = Some("audit-error-actor");
                ActorFilter::Any
            }
        }
    } else if !q.gebruiker.trim().is_empty() {
        match Username::parse(&q.gebruiker) {
            Ok(u) => ActorFilter::Username(u),
            Err(_) => {
                e.actor = Some("audit-error-actor");
                ActorFilter::Any
            }
        }
    } else {
        ActorFilter::Any
    };

    let date = |raw: &str, slot: &mut Option<&'static str>| {
        let raw = raw.trim();
        if raw.is_empty() {
            return None;
        }
        let d = parse_date(raw);
        if d.is_none() {
            *slot = Some("audit-error-date");
        }
        d
    };
    let from = date(&q.van, &mut e.from);
    let to = date(&q.tot, &mut e.to);
    if matches!((from, to), (Some(f), Some(t)) if f > t) {
        e.to = Some("audit-error-date-order");
    }

    let object = q.object.trim();
    let object = if object.is_empty() {
        None
    } else if object.chars().count() > MAX_OBJECT_CHARS
        || !object
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
    {
        e.object = Some("audit-error-object");
        None
    } else {
        Some(object.to_owned())
    };

    // Paging comes from our own link; a bad value just means "the newest".
    let before_seq = q.voor.trim().parse::<i64>().ok().filter(|s| *s > 0);

    if e.is_empty() {
        Ok(ParsedFilter {
            action,
            actor,
            from,
            to,
            object,
            before_seq,
        })
    } else {
        Err(e)
    }
}

/// Parses a Belgian date: `28/11/2026` (also `28-11-2026`, `28.11.2026`, `1/2/2026`).
pub fn parse_date(input: &str) -> Option<Date> {
    let s = input.trim();
    let sep = s.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let mut parts = s.split(sep);
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let digits = |p: &str, min: usize, max: usize| {
        (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(d, 1, 2) && digits(m, 1, 2) && digits(y, 4, 4)) {
        return None;
    }
    let day: u8 = d.parse().ok()?;
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    let year: i32 = y.parse().ok()?;
    if year < 1970 {
        return None;
    }
    Date::from_calendar_date(year, month, day).ok()
}

/// The first millisecond of `date` in Europe/Brussels, as a Unix timestamp.
/// Midnight is never inside a daylight-saving jump (those are at 02:00 and
/// 03:00), so exactly one of the two offsets (+1, +2) gives local midnight;
/// which one is decided by the same rule the pages use to show times.
pub fn day_start_ms(date: Date) -> Option<i64> {
    let utc_midnight_ms = date.midnight().assume_utc().unix_timestamp() * 1000;
    let wanted = format!(
        "{:02}/{:02}/{} 00:00",
        date.day(),
        u8::from(date.month()),
        date.year()
    );
    [1_i64, 2]
        .into_iter()
        .map(|h| utc_midnight_ms - h * 3_600_000)
        .find(|ms| crate::i18n::format_datetime(*ms) == wanted)
}

/// The half-open range `[from, to)` in ms for whole days `from..=to`.
pub fn day_bounds(from: Option<Date>, to: Option<Date>) -> (Option<i64>, Option<i64>) {
    (
        from.and_then(day_start_ms),
        to.and_then(Date::next_day).and_then(day_start_ms),
    )
}

/// A date as the filter form shows it.
pub fn format_date(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use time::macros::date;

    #[test]
    fn belgian_dates() {
        assert_eq!(parse_date("28/11/2026"), Some(date!(2026 - 11 - 28)));
        assert_eq!(parse_date(" 1/2/2026 "), Some(date!(2026 - 02 - 01)));
        assert_eq!(parse_date("01-02-2026"), Some(date!(2026 - 02 - 01)));
        assert_eq!(parse_date("01.02.2026"), Some(date!(2026 - 02 - 01)));
        assert_eq!(parse_date("29/02/2028"), Some(date!(2028 - 02 - 29)));
        for bad in [
            "",
            "2026-11-28",
            "29/02/2026",
            "31/04/2026",
            "00/01/2026",
            "01/13/2026",
            "1/1/26",
            "01/01/2026/01",
            "+1/01/2026",
            "01/01/1969",
            "aa/bb/cccc",
            "01/01-2026",
            "１/01/2026",
        ] {
            assert_eq!(parse_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn days_are_brussels_days() {
        // Winter (CET, +1): 28/11/2026 starts at 27/11 23:00 UTC.
        assert_eq!(day_start_ms(date!(2026 - 11 - 28)), Some(1_795_820_400_000));
        // Summer (CEST, +2): 01/07/2026 starts at 30/06 22:00 UTC.
        assert_eq!(day_start_ms(date!(2026 - 07 - 01)), Some(1_782_856_800_000));
        // The day of the spring change has 23 hours, the autumn one 25.
        let spring = day_start_ms(date!(2026 - 03 - 29)).unwrap();
        let after = day_start_ms(date!(2026 - 03 - 30)).unwrap();
        assert_eq!(after - spring, 23 * 3_600_000);
        let autumn = day_start_ms(date!(2026 - 10 - 25)).unwrap();
        let after = day_start_ms(date!(2026 - 10 - 26)).unwrap();
        assert_eq!(after - autumn, 25 * 3_600_000);
        // A whole day, both ends.
        let (f, t) = day_bounds(Some(date!(2026 - 11 - 28)), Some(date!(2026 - 11 - 28)));
        assert_eq!(t.unwrap() - f.unwrap(), 24 * 3_600_000);
    }

    #[test]
    fn filters_parse_and_errors_name_the_field() {
        let id = UserId::new();
        let ok = parse_filter(&AuditQuery {
            actie: "login.failed".into(),
            gebruiker: "Politie".into(),
            van: "01/11/2026".into(),
            tot: "28/11/2026".into(),
            object: id.as_str().into(),
            voor: "42".into(),
            ..AuditQuery::default()
        })
        .unwrap();
        assert_eq!(ok.action, Some(AuditAction::LoginFailed));
        assert_eq!(
            ok.actor,
            ActorFilter::Username(Username::parse("politie").unwrap())
        );
        assert_eq!(ok.before_seq, Some(42));
        assert_eq!(ok.object.as_deref(), Some(id.as_str()));
        // The id from our own links wins over the typed name.
        let by_id = parse_filter(&AuditQuery {
            gebruiker: "politie".into(),
            gebruiker_id: id.as_str().into(),
            ..AuditQuery::default()
        })
        .unwrap();
        assert_eq!(by_id.actor, ActorFilter::Id(id));

        let e = parse_filter(&AuditQuery {
            actie: "drop table".into(),
            gebruiker: "x y".into(),
            van: "32/01/2026".into(),
            tot: "gisteren".into(),
            object: "<script>".into(),
            voor: "-1".into(),
            ..AuditQuery::default()
        })
        .unwrap_err();
        assert_eq!(e.action, Some("audit-error-action"));
        assert_eq!(e.actor, Some("audit-error-actor"));
        assert_eq!(e.from, Some("audit-error-date"));
        assert_eq!(e.to, Some("audit-error-date"));
        assert_eq!(e.object, Some("audit-error-object"));
        let e = parse_filter(&AuditQuery {
            van: "02/01/2026".into(),
            tot: "01/01/2026".into(),
            ..AuditQuery::default()
        })
        .unwrap_err();
        assert_eq!(e.to, Some("audit-error-date-order"));
        // Paging garbage is ignored, not an error.
        assert_eq!(
            parse_filter(&AuditQuery {
                voor: "abc".into(),
                ..AuditQuery::default()
            })
            .unwrap()
            .before_seq,
            None
        );
    }

    /// Random input never panics (seeded; the web crate has no proptest).
    #[test]
    fn random_input_never_panics() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let alphabet: Vec<char> = "0123456789/-. aZ\u{0}é_:".chars().collect();
        for _ in 0..5_000 {
            let n = rng.gen_range(0..16);
            let s: String = (0..n)
                .map(|_| alphabet[rng.gen_range(0..alphabet.len())])
                .collect();
            if let Some(d) = parse_date(&s) {
                assert!(day_start_ms(d).is_some(), "{s:?}");
                assert_eq!(parse_date(&format_date(d)), Some(d));
            }
            let _ = parse_filter(&AuditQuery {
                actie: s.clone(),
                gebruiker: s.clone(),
                van: s.clone(),
                tot: s.clone(),
                object: s.clone(),
                voor: s,
                ..AuditQuery::default()
            });
        }
    }
}
