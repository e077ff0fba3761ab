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

/// The whole `.ics` file.
pub fn render(inv: &Invitation<'_>) -> String {
    let mut out = String::new();
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Verbind//Vergaderingen//NL".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
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
        "END:VCALENDAR".to_owned(),
    ];
    for l in &lines {
        fold(l, &mut out);
    }
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
}
