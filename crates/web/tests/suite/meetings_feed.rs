//! The calendar feed of meetings (`/vergaderingen.ics`): one iCalendar file
//! with every meeting, from 90 days ago on, of every body whose meetings the
//! account sees on the meetings page (and the meetings it is a guest at),
//! each event as in the meeting's own invitation and never anything of the
//! agenda; refused to the accounts that see no meetings; audited. SQLite and
//! PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use crate::meetings::{body_id, logged_in, logged_in_with_ethics, post_on_meeting, user_id};
use common::{Client, TestApp};
use verbind_domain::case::CaseState;
use verbind_store::models::audit;
use verbind_store::models::case::CaseRow;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// An active case of the Sint-Niklaas Partnertafel (so on every planned
/// meeting's agenda), with `marker` in its personal fields.
fn new_case(app: &TestApp, marker: &str) -> CaseRow {
    crate::meetings::new_case(app, CaseState::SocioPreventief, marker)
}

/// Plans a meeting of body `slug` through the planning form; returns its id.
async fn plan(app: &TestApp, expert: &mut Client, slug: &str, date: &str, place: &str) -> String {
    crate::meetings::plan(expert, &body_id(app, slug), date, "19:00", "21:00", place).await
}

/// One VEVENT of a feed: its unfolded content lines.
struct Event(Vec<String>);

impl Event {
    /// The value of the one property `name` (without parameters).
    fn get(&self, name: &str) -> &str {
        let found: Vec<&str> = self
            .0
            .iter()
            .filter_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':')))
            .collect();
        assert_eq!(found.len(), 1, "{name} once in {:?}", self.0);
        found[0]
    }
    fn uid_meeting(&self) -> &str {
        self.get("UID").split('@').next().unwrap()
    }
}

/// Checks the structure of an iCalendar file line by line (RFC 5545 §3.1,
/// §3.4, §3.6.1) and returns its events.
fn parse_feed(ics: &str) -> Vec<Event> {
    assert!(ics.ends_with("\r\n"), "the last line ends with CRLF");
    assert_eq!(
        ics.matches('\n').count(),
        ics.matches("\r\n").count(),
        "no bare LF"
    );
    assert_eq!(
        ics.matches('\r').count(),
        ics.matches("\r\n").count(),
        "no bare CR"
    );
    let physical: Vec<&str> = ics.trim_end_matches("\r\n").split("\r\n").collect();
    for l in &physical {
        assert!(l.len() <= 75, "a line longer than 75 octets: {l}");
        assert!(!l.is_empty(), "an empty line");
    }
    // Unfold: a line starting with a space continues the previous one.
    let mut lines: Vec<String> = Vec::new();
    for l in physical {
        match l.strip_prefix(' ') {
            Some(rest) => lines
                .last_mut()
                .expect("a fold at the start")
                .push_str(rest),
            None => lines.push(l.to_owned()),
        }
    }
    for l in &lines {
        let (name, _) = l.split_once(':').unwrap_or_else(|| panic!("no colon: {l}"));
        let name = name.split(';').next().unwrap();
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'),
            "not a property name: {l}"
        );
    }
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    for once in ["BEGIN:VCALENDAR", "END:VCALENDAR", "VERSION:2.0"] {
        assert_eq!(lines.iter().filter(|l| *l == once).count(), 1, "{once}");
    }
    for once in ["PRODID:", "X-WR-CALNAME:"] {
        assert_eq!(
            lines.iter().filter(|l| l.starts_with(once)).count(),
            1,
            "{once}"
        );
    }
    let mut events = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for l in &lines[1..lines.len() - 1] {
        match (l.as_str(), current.as_mut()) {
            ("BEGIN:VEVENT", None) => current = Some(Vec::new()),
            ("BEGIN:VEVENT", Some(_)) => panic!("a VEVENT inside a VEVENT"),
            ("END:VEVENT", Some(_)) => events.push(Event(current.take().unwrap())),
            ("END:VEVENT", None) => panic!("END:VEVENT without BEGIN"),
            (l, _) if l.starts_with("BEGIN:") || l.starts_with("END:") => {
                panic!("an unexpected component: {l}")
            }
            (_, Some(e)) => e.push(l.clone()),
            (_, None) => {}
        }
    }
    assert!(current.is_none(), "an unclosed VEVENT");
    for e in &events {
        for p in [
            "UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "SUMMARY", "LOCATION", "STATUS",
        ] {
            e.get(p);
        }
        assert!(e.get("DTSTART") < e.get("DTEND"));
        assert!(["CONFIRMED", "CANCELLED"].contains(&e.get("STATUS")));
    }
    // Earliest first.
    let starts: Vec<&str> = events.iter().map(|e| e.get("DTSTART")).collect();
    assert!(starts.is_sorted(), "{starts:?}");
    events
}

fn uids(events: &[Event]) -> Vec<String> {
    events.iter().map(|e| e.uid_meeting().to_owned()).collect()
}

/// The feed of `c`, checked for its headers and structure.
async fn feed(c: &mut Client) -> (String, Vec<Event>) {
    let r = c.get("/vergaderingen.ics").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("text/calendar; charset=utf-8")
    );
    assert_eq!(
        r.header("content-disposition").as_deref(),
        Some("attachment; filename=\"vergaderingen.ics\"")
    );
    let events = parse_feed(&r.body);
    (r.body, events)
}

fn exports_by(app: &TestApp, username: &str) -> Vec<audit::AuditRow> {
    let actor = user_id(app, username);
    app.db
        .read(|c| {
            audit::list(
                c,
                &audit::Filter {
                    action: Some("meeting.calendar_exported".to_owned()),
                    actor_user_id: Some(actor.clone()),
                    limit: 100,
                    ..Default::default()
                },
            )
        })
        .unwrap()
}

scenario!(
    the_experts_feed_holds_every_meeting_from_90_days_ago_and_no_case_content,
    |app: TestApp| async move {
        let now = app.state.now_ms();
        let case = new_case(&app, "feed-5e2a");
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let next = common::table_meeting(&app, &[]);
        let cancelled = common::table_meeting_at(&app, &[], now + 14 * DAY_MS);
        let held = common::table_meeting_at(&app, &[], now - 30 * DAY_MS);
        let too_old = common::table_meeting_at(&app, &[], now - 100 * DAY_MS);
        let steering = plan(
            &app,
            &mut expert,
            "stuurgroep",
            "10/12/2026",
            "Stadhuis, schepenzaal",
        )
        .await;
        let group = plan(
            &app,
            &mut expert,
            "werkgroep-polarisering",
            "17/12/2026",
            "Bib, zaal 1",
        )
        .await;
        for (id, status) in [(&cancelled, "cancelled"), (&held, "held")] {
            let r = post_on_meeting(&mut expert, id, "status", &[("status", status)]).await;
            assert_eq!(r.status, 303, "{status}: {}", r.body);
        }
        // The case is on the agenda of the next meeting: the page shows its code.
        let r = post_on_meeting(&mut expert, &next, "geheimhouding", &[]).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let page = expert.get(&format!("/vergaderingen/{next}")).await;
        assert!(page.body.contains(&case.code), "the agenda holds the case");

        let (ics, events) = feed(&mut expert).await;
        assert_eq!(
            uids(&events),
            [&held, &next, &steering, &cancelled, &group]
                .map(|s| s.to_owned())
                .to_vec(),
            "every meeting from 90 days ago on, earliest first"
        );
        assert!(!ics.contains(&too_old), "older than 90 days");
        assert!(ics.contains("\r\nX-WR-CALNAME:Verbind: vergaderingen\r\n"));
        for e in &events {
            assert!(e.get("UID").starts_with(&format!("{}@", e.uid_meeting())));
            assert_eq!(e.get("CLASS"), "CONFIDENTIAL");
            assert!(e.get("DESCRIPTION").starts_with("Vertrouwelijk overleg."));
        }
        let by_id = |id: &str| events.iter().find(|e| e.uid_meeting() == id).unwrap();
        assert_eq!(by_id(&next).get("SUMMARY"), "Partnertafel LIVC-R");
        assert_eq!(by_id(&next).get("LOCATION"), "Stadhuis\\, zaal 2");
        assert_eq!(by_id(&next).get("STATUS"), "CONFIRMED");
        assert_eq!(by_id(&next).get("SEQUENCE"), "0");
        assert_eq!(by_id(&cancelled).get("STATUS"), "CANCELLED");
        assert_eq!(by_id(&cancelled).get("SEQUENCE"), "1");
        assert_eq!(by_id(&held).get("STATUS"), "CONFIRMED");
        assert_eq!(by_id(&steering).get("LOCATION"), "Stadhuis\\, schepenzaal");
        assert_eq!(by_id(&steering).get("DTSTART"), "20261210T180000Z");
        assert_eq!(by_id(&group).get("LOCATION"), "Bib\\, zaal 1");
        // Each event is the one of the meeting's own invitation (same UID,
        // times, status and sequence).
        for id in [&next, &cancelled, &steering] {
            let single = expert.get(&format!("/vergaderingen/{id}.ics")).await;
            assert_eq!(single.status, 200);
            let one = parse_feed_single(&single.body);
            let e = by_id(id);
            for p in [
                "UID",
                "DTSTART",
                "DTEND",
                "SEQUENCE",
                "SUMMARY",
                "LOCATION",
                "STATUS",
                "DESCRIPTION",
            ] {
                assert_eq!(e.get(p), one.get(p), "{p} of {id}");
            }
        }
        // Never a case code, a name or anything of the agenda.
        for secret in [
            case.code.as_str(),
            "SN-2026",
            "feed-5e2a",
            "NAAM",
            "ADRES",
            "REDEN",
        ] {
            assert!(!ics.contains(secret), "{secret} in the feed");
        }
        // Audited, with the number of meetings and nothing else.
        let rows = exports_by(&app, "deskundige");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].outcome, "ok");
        assert_eq!(rows[0].detail.as_deref(), Some("meetings=5"));
    }
);

/// A single invitation read with the same checks; its one event.
fn parse_feed_single(ics: &str) -> Event {
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    let body = ics.replace("METHOD:PUBLISH\r\n", "METHOD:PUBLISH\r\nX-WR-CALNAME:x\r\n");
    let mut events = parse_feed(&body);
    assert_eq!(events.len(), 1);
    events.remove(0)
}

scenario!(
    each_account_sees_the_meetings_the_overview_shows_it,
    |app: TestApp| async move {
        let case = new_case(&app, "wie-3b7f");
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let table = common::table_meeting(&app, &[]);
        let steering = plan(
            &app,
            &mut expert,
            "stuurgroep",
            "10/12/2026",
            "Stadhuis, schepenzaal",
        )
        .await;
        let group = plan(
            &app,
            &mut expert,
            "werkgroep-polarisering",
            "17/12/2026",
            "Bib, zaal 1",
        )
        .await;
        // The partners with a seat at the table: the Partnertafel's meetings
        // only (they sit at no other body).
        for name in ["politie", "caw", "clb", "vdab", "justitiehuis"] {
            let mut c = logged_in(&app, name).await;
            let (ics, events) = feed(&mut c).await;
            assert_eq!(uids(&events), vec![table.clone()], "{name}");
            assert_eq!(events[0].get("SUMMARY"), "Partnertafel LIVC-R");
            assert!(!ics.contains(&steering) && !ics.contains(&group), "{name}");
            assert!(!ics.contains(&case.code), "{name}");
            // What the overview shows, the feed holds.
            let list = c.get("/vergaderingen").await.body;
            assert!(list.contains(&table) && !list.contains(&steering), "{name}");
            assert!(list.contains("href=\"/vergaderingen.ics\""), "{name}");
            assert!(list.contains("Agenda downloaden (.ics)"), "{name}");
            assert_eq!(exports_by(&app, name).len(), 1, "{name}");
        }
        // The Stuurgroep: its own meetings, never the Partnertafel's (the
        // policy: a Partnertafel is for roles that see case data) nor the
        // Werkgroep's (no seat there).
        let mut s = logged_in(&app, "stuurgroep").await;
        let (ics, events) = feed(&mut s).await;
        assert_eq!(uids(&events), vec![steering.clone()]);
        assert_eq!(events[0].get("SUMMARY"), "Stuurgroep LIVC-R");
        assert!(!ics.contains(&table) && !ics.contains(&group));
        assert!(!ics.contains("Partnertafel"));
        // A partner without a seat: an empty calendar, until invited as a
        // guest; then that meeting, as on the overview.
        let mut guest = logged_in(&app, "jeugddienst").await;
        let (_, events) = feed(&mut guest).await;
        assert!(events.is_empty());
        let r = post_on_meeting(&mut expert, &table, "geheimhouding", &[]).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let r = post_on_meeting(
            &mut expert,
            &table,
            "gasten",
            &[("gast", &user_id(&app, "jeugddienst")), ("casus", &case.id)],
        )
        .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert!(guest.get("/vergaderingen").await.body.contains(&table));
        let (ics, events) = feed(&mut guest).await;
        assert_eq!(uids(&events), vec![table.clone()]);
        assert!(!ics.contains(&case.code), "the guest's item stays out too");
        // Accounts that see no meetings are refused, like the overview.
        for name in ["beheerder", "dpo", "referentie"] {
            let mut c = logged_in(&app, name).await;
            assert_eq!(c.get("/vergaderingen").await.status, 403, "{name}");
            let r = c.get("/vergaderingen.ics").await;
            assert_eq!(r.status, 403, "{name}");
            assert!(!r.body.contains("BEGIN:VCALENDAR"), "{name}");
            assert!(exports_by(&app, name).is_empty(), "{name}");
        }
        // Without a session: no calendar.
        let mut anon = Client::new(&app);
        let r = anon.get("/vergaderingen.ics").await;
        assert_ne!(r.status, 200);
        assert!(!r.body.contains("BEGIN:VCALENDAR"));
    }
);
