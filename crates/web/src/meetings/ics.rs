//! Meeting invitations as iCalendar (RFC 5545), written by hand: one VEVENT
//! with a stable UID per meeting, DTSTART/DTEND in UTC, the body's name as
//! SUMMARY and the place as LOCATION. Never a case code, a name or anything
//! of the agenda: an invitation ends up in mail boxes and phone calendars.

use super::when::ics_utc;

/// What an invitation says.
#[derive(Debug, Clone)]
pub struct Invitation<'a> {
    pub meeting_id: &'a str,
    /// The host part of the UID, e.g. the public host name.
    pub uid_domain: &'a str,
    pub body_name: &'a str,
    pub place: &'a str,
    /// A fixed, translated line (e.g. the confidentiality reminder).
    pub description: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub cancelled: bool,
    pub sequence: i32,
    pub stamp_ms: i64,
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
fn text(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, never inside a UTF-8 character
/// (RFC 5545 §3.1), and ends it with CRLF.
fn fold(line: &str, out: &mut String) {
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

/// The lines that open a calendar, before its events.
const HEAD: [&str; 5] = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Verbind//Vergaderingen//NL",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
];

/// The lines of one VEVENT, folded and ended with CRLF, onto `out`.
fn event(inv: &Invitation<'_>, out: &mut String) {
    let lines = [
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@{}", inv.meeting_id, text(inv.uid_domain)),
        format!("DTSTAMP:{}", ics_utc(inv.stamp_ms)),
        format!("DTSTART:{}", ics_utc(inv.starts_at)),
        format!("DTEND:{}", ics_utc(inv.ends_at)),
        format!("SEQUENCE:{}", inv.sequence.max(0)),
        format!("SUMMARY:{}", text(inv.body_name)),
        format!("LOCATION:{}", text(inv.place)),
        format!("DESCRIPTION:{}", text(inv.description)),
        format!(
            "STATUS:{}",
            if inv.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            }
        ),
        "CLASS:CONFIDENTIAL".to_owned(),
        "TRANSP:OPAQUE".to_owned(),
        "END:VEVENT".to_owned(),
    ];
    for l in &lines {
        fold(l, out);
    }
}

/// The whole `.ics` file of one invitation.
pub fn render(inv: &Invitation<'_>) -> String {
    let mut out = String::new();
    for l in HEAD {
        fold(l, &mut out);
    }
    event(inv, &mut out);
    fold("END:VCALENDAR", &mut out);
    out
}

/// One calendar holding every event of `events` (a feed of meetings),
/// named `calendar_name` for the calendar application (`X-WR-CALNAME`).
/// Each event is exactly the one its single invitation holds.
pub fn render_feed(events: &[Invitation<'_>], calendar_name: &str) -> String {
    let mut out = String::new();
    for l in HEAD {
        fold(l, &mut out);
    }
    fold(&format!("X-WR-CALNAME:{}", text(calendar_name)), &mut out);
    for inv in events {
        event(inv, &mut out);
    }
    fold("END:VCALENDAR", &mut out);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn inv<'a>(place: &'a str) -> Invitation<'a> {
        Invitation {
            meeting_id: "0b8e1f5c-1111-4222-8333-444455556666",
            uid_domain: "verbind.example",
            body_name: "Partnertafel LIVC-R",
            place,
            description: "Vertrouwelijk overleg",
            starts_at: 1_795_871_100_000,
            ends_at: 1_795_878_300_000,
            cancelled: false,
            sequence: 0,
            stamp_ms: 1_795_000_000_000,
        }
    }

    #[test]
    fn a_valid_event() {
        let s = render(&inv("Stadhuis, zaal 2; Grote Markt 1"));
        assert!(s.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(s.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(s.contains("\r\nUID:0b8e1f5c-1111-4222-8333-444455556666@verbind.example\r\n"));
        assert!(s.contains("\r\nDTSTART:20261128T130500Z\r\n"));
        assert!(s.contains("\r\nDTEND:20261128T150500Z\r\n"));
        assert!(s.contains("\r\nSUMMARY:Partnertafel LIVC-R\r\n"));
        assert!(s.contains("\r\nLOCATION:Stadhuis\\, zaal 2\\; Grote Markt 1\r\n"));
        assert!(s.contains("\r\nSTATUS:CONFIRMED\r\n"));
        // Every line ends with CRLF; no bare LF.
        assert_eq!(s.matches('\n').count(), s.matches("\r\n").count());
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let place = "é".repeat(100);
        let s = render(&inv(&place));
        for line in s.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = s.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("LOCATION:{place}\r\n")));
    }

    #[test]
    fn hostile_text_cannot_add_properties() {
        let s = render(&inv("zaal\r\nATTENDEE:mailto:x@example.org\\"));
        assert!(!s.contains("\r\nATTENDEE"));
        assert!(s.contains("LOCATION:zaal\\nATTENDEE:mailto:x@example.org\\\\\r\n"));
    }

    /// `render` is exactly what it was before the feed shared its event lines.
    #[test]
    fn the_single_invitation_is_unchanged() {
        let expected = "BEGIN:VCALENDAR\r\n\
VERSION:2.0\r\n\
PRODID:-//Verbind//Vergaderingen//NL\r\n\
CALSCALE:GREGORIAN\r\n\
METHOD:PUBLISH\r\n\
BEGIN:VEVENT\r\n\
UID:0b8e1f5c-1111-4222-8333-444455556666@verbind.example\r\n\
DTSTAMP:20261118T110640Z\r\n\
DTSTART:20261128T130500Z\r\n\
DTEND:20261128T150500Z\r\n\
SEQUENCE:0\r\n\
SUMMARY:Partnertafel LIVC-R\r\n\
LOCATION:Stadhuis\\, zaal 2\r\n\
DESCRIPTION:Vertrouwelijk overleg\r\n\
STATUS:CONFIRMED\r\n\
CLASS:CONFIDENTIAL\r\n\
TRANSP:OPAQUE\r\n\
END:VEVENT\r\n\
END:VCALENDAR\r\n";
        assert_eq!(render(&inv("Stadhuis, zaal 2")), expected);
    }

    fn feed_of(n: usize) -> (Vec<String>, Vec<String>) {
        let ids: Vec<String> = (0..n)
            .map(|i| format!("0b8e1f5c-1111-4222-8333-44445555{i:04}"))
            .collect();
        let places: Vec<String> = (0..n).map(|i| format!("Zaal {i}; gang, links")).collect();
        (ids, places)
    }

    #[test]
    fn a_feed_is_one_calendar_with_every_event() {
        let (ids, places) = feed_of(3);
        let events: Vec<Invitation<'_>> = ids
            .iter()
            .zip(&places)
            .enumerate()
            .map(|(i, (id, place))| Invitation {
                meeting_id: id,
                cancelled: i == 1,
                sequence: i32::try_from(i).unwrap(),
                ..inv(place)
            })
            .collect();
        let s = render_feed(&events, "Verbind, vergaderingen; LIVC-R");
        assert!(s.starts_with(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Verbind//Vergaderingen//NL\r\n"
        ));
        assert!(s.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert_eq!(s.matches("BEGIN:VCALENDAR\r\n").count(), 1);
        assert_eq!(s.matches("END:VCALENDAR\r\n").count(), 1);
        assert_eq!(s.matches("\r\nBEGIN:VEVENT\r\n").count(), 3);
        assert_eq!(s.matches("\r\nEND:VEVENT\r\n").count(), 3);
        assert!(s.contains("\r\nX-WR-CALNAME:Verbind\\, vergaderingen\\; LIVC-R\r\n"));
        for (id, place) in ids.iter().zip(&places) {
            assert!(s.contains(&format!("\r\nUID:{id}@verbind.example\r\n")));
            let escaped = place.replace(';', "\\;").replace(',', "\\,");
            assert!(s.contains(&format!("\r\nLOCATION:{escaped}\r\n")));
        }
        assert_eq!(s.matches("\r\nSTATUS:CANCELLED\r\n").count(), 1);
        assert_eq!(s.matches("\r\nSTATUS:CONFIRMED\r\n").count(), 2);
        assert!(s.contains("\r\nSEQUENCE:2\r\n"));
        // Every line ends with CRLF; no bare LF or CR.
        assert_eq!(s.matches('\n').count(), s.matches("\r\n").count());
        assert_eq!(s.matches('\r').count(), s.matches("\r\n").count());
        // Each event is exactly the one of its single invitation.
        for e in &events {
            let single = render(e);
            let begin = single.find("BEGIN:VEVENT").unwrap();
            let end = single.find("END:VCALENDAR").unwrap();
            assert!(s.contains(&single[begin..end]));
        }
    }

    #[test]
    fn an_empty_feed_is_a_valid_empty_calendar() {
        let s = render_feed(&[], "Vergaderingen");
        assert_eq!(
            s,
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Verbind//Vergaderingen//NL\r\n\
             CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Vergaderingen\r\n\
             END:VCALENDAR\r\n"
        );
    }

    #[test]
    fn a_feed_folds_long_lines_and_escapes_hostile_text() {
        let long = "é".repeat(100);
        let hostile = "zaal\r\nEND:VCALENDAR\r\nBEGIN:VEVENT";
        let events = [inv(&long), inv(hostile)];
        let name = format!("Vergaderingen {}", "ë".repeat(60));
        let s = render_feed(&events, &name);
        for line in s.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        let unfolded = s.replace("\r\n ", "");
        assert!(unfolded.contains(&format!("\r\nLOCATION:{long}\r\n")));
        assert!(unfolded.contains(&format!("\r\nX-WR-CALNAME:{name}\r\n")));
        assert_eq!(s.matches("\r\nEND:VCALENDAR\r\n").count(), 1);
        assert_eq!(s.matches("\r\nBEGIN:VEVENT\r\n").count(), 2);
        assert!(s.contains("\r\nLOCATION:zaal\\nEND:VCALENDAR\\nBEGIN:VEVENT\r\n"));
    }
}
