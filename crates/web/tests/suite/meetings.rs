//! Meetings of the bodies through the real pages (issue 3, item 6): planning
//! with validation, the `.ics` invitation, attendance per seat, the
//! confidentiality acknowledgement (art. 458ter Sw.) before case content, the
//! agenda of active cases, sealed minutes, the yearly norm, and who may see
//! what. SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, TestApp};
use verbind_domain::case::CaseState;
use verbind_domain::{Clock, TenantId};
use verbind_store::models::case::{self as cases, CaseRow, Identity, Move, NewCase};
use verbind_store::models::{audit, body, meeting, tenant, user};

/// 28/11/2026 14:05 in Brussels: the test clock.
const NOW: i64 = 1_795_871_100_000;

pub(crate) async fn logged_in(app: &TestApp, username: &str) -> Client {
    let mut c = Client::new(app);
    c.login_demo(username).await;
    c
}

pub(crate) async fn logged_in_with_ethics(app: &TestApp, username: &str) -> Client {
    let mut c = logged_in(app, username).await;
    let page = c.get("/deontologie").await;
    let csrf = common::csrf_in(&page.body).unwrap();
    assert_eq!(
        c.post_form("/deontologie", &[("csrf", &csrf)]).await.status,
        303
    );
    c
}

pub(crate) fn sn(app: &TestApp) -> TenantId {
    app.db
        .read(|c| tenant::find_by_slug(c, "sint-niklaas"))
        .unwrap()
        .unwrap()
        .tenant_id()
}

pub(crate) fn body_id(app: &TestApp, slug: &str) -> String {
    let t = sn(app);
    app.db
        .read(|c| body::find_by_slug(c, &t, slug))
        .unwrap()
        .unwrap()
        .id
}

pub(crate) fn user_id(app: &TestApp, username: &str) -> String {
    app.db
        .read(|c| user::find_by_username(c, username))
        .unwrap()
        .unwrap()
        .id
}

/// A case of the Sint-Niklaas Partnertafel in `state`, with markers in its
/// personal fields.
pub(crate) fn new_case(app: &TestApp, state: CaseState, marker: &str) -> CaseRow {
    let t = sn(app);
    let table = body_id(app, "partnertafel");
    let kr = app.state.keyring.clone();
    let ident = Identity {
        name: format!("NAAM-{marker}"),
        date_of_birth: Some("2008-04-01".into()),
        address: Some(format!("ADRES-{marker}")),
        national_number: None,
    };
    let reason = format!("REDEN-{marker}");
    app.db
        .write(|c| {
            cases::create(
                c,
                &kr,
                &NewCase {
                    tenant_id: &t,
                    body_id: &table,
                    code_prefix: "SN",
                    year: 2026,
                    state: state.code(),
                    target_group: "a",
                    minor_at_referral: false,
                    protective_measure: false,
                    lives_in_area: true,
                    socially_active_in_area: false,
                    referral_source: "partner_member",
                    referred_by_user_id: None,
                    referred_by_org_id: None,
                    reason: &reason,
                    ltf_status: "cleared",
                    identity: &ident,
                },
                app.clock.now_ms(),
            )
        })
        .unwrap()
}

/// Moves a case as the expert would (the state machine is the case pages' business).
fn move_case(app: &TestApp, case: &CaseRow, from: CaseState, to: CaseState, transition: &str) {
    let kr = app.state.keyring.clone();
    let expert = app
        .db
        .read(|c| user::find_by_username(c, "deskundige"))
        .unwrap()
        .unwrap();
    let case = app.db.read(|c| cases::find(c, &sn(app), &case.id)).unwrap();
    app.db
        .write(|c| {
            cases::apply_move(
                c,
                &kr,
                &case,
                &Move {
                    from: from.code(),
                    to: to.code(),
                    transition,
                    actor_user_id: &expert.id,
                    actor_org_id: &expert.organisation_id,
                    note: None,
                },
                app.clock.now_ms(),
            )
        })
        .unwrap();
}

/// Plans a meeting through the page; returns its id.
pub(crate) async fn plan(
    c: &mut Client,
    body: &str,
    date: &str,
    start: &str,
    end: &str,
    place: &str,
) -> String {
    let csrf = c.csrf_from("/vergaderingen/nieuw").await;
    let r = c
        .post_form(
            "/vergaderingen/nieuw",
            &[
                ("csrf", &csrf),
                ("orgaan", body),
                ("datum", date),
                ("beginuur", start),
                ("einduur", end),
                ("plaats", place),
                ("soort", "planned"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    r.header("location")
        .unwrap()
        .trim_start_matches("/vergaderingen/")
        .to_owned()
}

/// Plans a Partnertafel meeting on 05/12/2026 14:00-16:00 as the expert.
async fn partnertafel_meeting(app: &TestApp, expert: &mut Client) -> String {
    let table = body_id(app, "partnertafel");
    plan(
        expert,
        &table,
        "05/12/2026",
        "14:00",
        "16:00",
        "Stadhuis, zaal 2",
    )
    .await
}

pub(crate) async fn post_on_meeting(
    c: &mut Client,
    id: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> common::Resp {
    let page = c.get(&format!("/vergaderingen/{id}")).await;
    let csrf = match common::csrf_in(&page.body) {
        Some(t) => t,
        None => common::csrf_in(&c.get("/").await.body).unwrap(),
    };
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    c.post_form(&format!("/vergaderingen/{id}/{action}"), &all)
        .await
}

async fn acknowledge(c: &mut Client, id: &str) {
    let r = post_on_meeting(c, id, "geheimhouding", &[]).await;
    assert_eq!(r.status, 303, "{}", r.body);
}

async fn write_minutes(c: &mut Client, id: &str, case_id: &str, text: &str) -> common::Resp {
    post_on_meeting(c, id, "notulen", &[("casus", case_id), ("tekst", text)]).await
}

fn audit_actions(app: &TestApp, object: &str) -> Vec<audit::AuditRow> {
    app.db
        .read(|c| {
            audit::list(
                c,
                &audit::Filter {
                    object_id: Some(object.to_owned()),
                    limit: 500,
                    ..Default::default()
                },
            )
        })
        .unwrap()
}

fn all_audit(app: &TestApp) -> Vec<audit::AuditRow> {
    common::audit_rows(app, 1000)
}

scenario!(
    planning_is_validated_with_messages_next_to_the_fields,
    |app: TestApp| async move {
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let form = expert.get("/vergaderingen/nieuw").await;
        assert_eq!(form.status, 200);
        assert!(form.body.contains("Partnertafel LIVC-R"));
        assert!(form.body.contains("Stuurgroep LIVC-R"));
        assert!(
            !form.body.contains("Netwerk referentiepersonen"),
            "the network does not meet as a body"
        );
        let csrf = common::csrf_in(&form.body).unwrap();
        let table = body_id(&app, "partnertafel");
        // Nothing filled in: every field says what is wrong, 422, never a 500.
        let r = expert
            .post_form("/vergaderingen/nieuw", &[("csrf", &csrf)])
            .await;
        assert_eq!(r.status, 422);
        for msg in [
            "Kies een orgaan waarvoor u vergaderingen plant",
            "Schrijf de datum als dd/mm/jjjj",
            "Schrijf het uur als uu:mm",
            "Vul dit veld in",
            "Kies gepland of ad hoc",
        ] {
            assert!(r.body.contains(msg), "{msg} missing");
        }
        assert!(r.body.contains("aria-invalid=\"true\""));
        let attempt = |fields: Vec<(&'static str, String)>| {
            let mut all: Vec<(&str, String)> = vec![
                ("csrf", csrf.clone()),
                ("orgaan", table.clone()),
                ("datum", "05/12/2026".into()),
                ("beginuur", "14:00".into()),
                ("einduur", "16:00".into()),
                ("plaats", "Stadhuis".into()),
                ("soort", "planned".into()),
            ];
            for (k, v) in fields {
                all.retain(|(f, _)| *f != k);
                all.push((k, v));
            }
            all
        };
        let cases: Vec<(Vec<(&'static str, String)>, &str)> = vec![
            (vec![("datum", "27/11/2026".into())], "in het verleden"),
            (
                vec![("datum", "31/02/2027".into())],
                "Deze dag bestaat niet",
            ),
            (vec![("datum", "05/12/2031".into())], "hoogstens twee jaar"),
            (vec![("einduur", "13:00".into())], "moet na het beginuur"),
            (
                vec![("beginuur", "06:00".into()), ("einduur", "23:00".into())],
                "hoogstens 12 uur",
            ),
            (
                vec![
                    ("datum", "28/03/2027".into()),
                    ("beginuur", "02:30".into()),
                    ("einduur", "04:00".into()),
                ],
                "overgang naar zomertijd",
            ),
            (vec![("plaats", "x".repeat(5000))], "Deze tekst is te lang"),
            (vec![("soort", "ad_hoc".into())], "Kies het lid dat om deze"),
            (
                vec![
                    ("soort", "ad_hoc".into()),
                    ("aangevraagd_door", user_id(&app, "stuurgroep")),
                ],
                "Kies een lid van dit orgaan",
            ),
            (
                vec![("orgaan", body_id(&app, "netwerk-referentiepersonen"))],
                "Kies een orgaan waarvoor",
            ),
            (
                vec![("orgaan", "'; drop table meetings; --".into())],
                "Kies een orgaan",
            ),
        ];
        for (fields, msg) in cases {
            let owned = attempt(fields);
            let refs: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = expert.post_form("/vergaderingen/nieuw", &refs).await;
            assert_eq!(r.status, 422, "{msg}");
            assert!(r.body.contains(msg), "{msg} missing");
            assert!(
                r.body.contains("Stadhuis") || msg.contains("te lang"),
                "the form keeps what was typed"
            );
        }
        // Nothing was planned by the refused attempts.
        let planned = |app: &TestApp| {
            all_audit(app)
                .iter()
                .filter(|r| r.action == "meeting.planned")
                .count()
        };
        assert_eq!(planned(&app), 0);
        // An ad hoc meeting asked for by the police information officer.
        let politie = user_id(&app, "politie");
        let owned = attempt(vec![
            ("soort", "ad_hoc".into()),
            ("aangevraagd_door", politie.clone()),
            ("datum", "2026-11-28".into()),
            ("beginuur", "18:00".into()),
            ("einduur", "19:30".into()),
        ]);
        let refs: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = expert.post_form("/vergaderingen/nieuw", &refs).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let id = r
            .header("location")
            .unwrap()
            .trim_start_matches("/vergaderingen/")
            .to_owned();
        let page = expert.get(&format!("/vergaderingen/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("28/11/2026"));
        assert!(page.body.contains("18:00–19:30"), "Brussels time");
        assert!(page.body.contains("ad hoc, op vraag van een lid"));
        assert!(page.body.contains("Ilse Informatie (demo)"), "who asked");
        let stored = app.db.read(|c| meeting::find(c, &sn(&app), &id)).unwrap();
        assert_eq!(
            stored.starts_at,
            NOW + 3 * 3_600_000 + 55 * 60_000,
            "18:00 in Brussels, stored in UTC"
        );
        assert_eq!(
            stored.requested_by_user_id.as_deref(),
            Some(politie.as_str())
        );
        assert_eq!(stored.kind, "ad_hoc");
        assert_eq!(stored.status, "planned");
        // Planning is audited, without personal data.
        let rows = audit_actions(&app, &id);
        let p: Vec<_> = rows
            .iter()
            .filter(|r| r.action == "meeting.planned")
            .collect();
        assert_eq!(p.len(), 1);
        assert!(
            p[0].detail
                .as_deref()
                .unwrap()
                .contains("body=partnertafel")
        );
        assert_eq!(planned(&app), 1);
        // The list shows it, in the Partnertafel's section.
        let list = expert.get("/vergaderingen").await;
        assert!(list.body.contains(&format!("/vergaderingen/{id}")));
        // A partner neither plans nor sees the form.
        let mut police = logged_in_with_ethics(&app, "politie").await;
        assert_eq!(police.get("/vergaderingen/nieuw").await.status, 403);
        let pcsrf = common::csrf_in(&police.get("/vergaderingen").await.body).unwrap();
        let r = police
            .post_form(
                "/vergaderingen/nieuw",
                &[("csrf", &pcsrf), ("orgaan", &table), ("soort", "planned")],
            )
            .await;
        assert_eq!(r.status, 403, "a partner learns nothing from field errors");
        assert!(
            !police
                .get("/vergaderingen")
                .await
                .body
                .contains("/vergaderingen/nieuw")
        );
    }
);

scenario!(
    the_invitation_is_an_ics_without_any_case_content,
    |app: TestApp| async move {
        let case = new_case(&app, CaseState::InBeoordeling, "ics-7d1c");
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let id = partnertafel_meeting(&app, &mut expert).await;
        acknowledge(&mut expert, &id).await;
        assert_eq!(
            write_minutes(&mut expert, &id, &case.id, "NOTULEN-ics-7d1c besproken")
                .await
                .status,
            303
        );
        for who in ["deskundige", "politie"] {
            let mut c = logged_in(&app, who).await;
            let r = c.get(&format!("/vergaderingen/{id}.ics")).await;
            assert_eq!(r.status, 200, "{who}");
            assert!(
                r.header("content-type")
                    .unwrap()
                    .starts_with("text/calendar"),
                "{who}"
            );
            assert!(
                r.header("content-disposition")
                    .unwrap()
                    .contains("vergadering-2026-12-05.ics")
            );
            assert_eq!(r.header("cache-control").as_deref(), Some("no-store"));
            let ics = &r.body;
            assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
            assert!(ics.contains("\r\nBEGIN:VEVENT\r\n"));
            assert!(ics.contains(&format!("\r\nUID:{id}@")));
            assert!(
                ics.contains("\r\nDTSTART:20261205T130000Z\r\n"),
                "14:00 Brussels is 13:00 UTC"
            );
            assert!(ics.contains("\r\nDTEND:20261205T150000Z\r\n"));
            assert!(ics.contains("\r\nDTSTAMP:20261128T130500Z\r\n"));
            assert!(ics.contains("\r\nSUMMARY:Partnertafel LIVC-R\r\n"));
            assert!(ics.contains("\r\nLOCATION:Stadhuis\\, zaal 2\r\n"));
            assert!(ics.contains("\r\nSTATUS:CONFIRMED\r\n"));
            assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
            // Never a case code, a name or anything of the agenda or minutes.
            for secret in [case.code.as_str(), "SN-2026", "ics-7d1c", "NAAM", "NOTULEN"] {
                assert!(!ics.contains(secret), "{secret} in the invitation");
            }
            assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
        }
        // The same UID after a change; the cancellation raises the sequence.
        let r = post_on_meeting(&mut expert, &id, "status", &[("status", "cancelled")]).await;
        assert_eq!(r.status, 303);
        let ics = expert.get(&format!("/vergaderingen/{id}.ics")).await.body;
        assert!(ics.contains("\r\nSTATUS:CANCELLED\r\n"));
        assert!(ics.contains("\r\nSEQUENCE:1\r\n"));
        assert!(ics.contains(&format!("\r\nUID:{id}@")));
        let rows = audit_actions(&app, &id);
        assert!(rows.iter().any(|r| r.action == "meeting.cancelled"));
    }
);

scenario!(attendance_is_recorded_per_seat, |app: TestApp| async move {
    let mut expert = logged_in_with_ethics(&app, "deskundige").await;
    let id = partnertafel_meeting(&app, &mut expert).await;
    let t = sn(&app);
    let seat = |slug: &str| {
        app.db
            .read(|c| body::find_seat_by_slug(c, &t, "partnertafel", slug))
            .unwrap()
            .unwrap()
            .id
    };
    let (pol, caw, vdab) = (
        seat("partnertafel-information-officer"),
        seat("partnertafel-caw"),
        seat("partnertafel-vdab"),
    );
    let page = expert.get(&format!("/vergaderingen/{id}")).await;
    // Every seat of the body is listed, with a choice for the expert.
    let seats = app
        .db
        .read(|c| {
            body::seats(
                c,
                &t,
                &verbind_domain::BodyId::from_db(body_id(&app, "partnertafel")),
            )
        })
        .unwrap();
    for s in &seats {
        assert!(
            page.body.contains(&format!("name=\"zetel-{}\"", s.id)),
            "{}",
            s.title
        );
    }
    let (fp, fc, fv) = (
        format!("zetel-{pol}"),
        format!("zetel-{caw}"),
        format!("zetel-{vdab}"),
    );
    let r = post_on_meeting(
        &mut expert,
        &id,
        "aanwezigheid",
        &[(&fp, "present"), (&fc, "excused"), (&fv, "absent")],
    )
    .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // Members see who attends, and cannot change it.
    let mut caw_user = logged_in_with_ethics(&app, "caw").await;
    let page = caw_user.get(&format!("/vergaderingen/{id}")).await;
    assert_eq!(page.status, 200);
    let row_of = |body: &str, title: &str| {
        body.split("<tr>")
            .find(|r| r.contains(&format!("<th scope=\"row\">{title}</th>")))
            .unwrap_or_default()
            .to_owned()
    };
    let titles: std::collections::HashMap<&str, String> = seats
        .iter()
        .map(|s| (s.id.as_str(), s.title.clone()))
        .collect();
    assert!(row_of(&page.body, &titles[pol.as_str()]).contains("<td>aanwezig</td>"));
    assert!(row_of(&page.body, &titles[caw.as_str()]).contains("<td>verontschuldigd</td>"));
    assert!(row_of(&page.body, &titles[vdab.as_str()]).contains("<td>afwezig</td>"));
    assert!(
        page.body.contains("Carl Welzijn (demo)"),
        "the holder is named"
    );
    assert!(
        !page.body.contains("name=\"zetel-"),
        "no attendance form for a partner"
    );
    let r = post_on_meeting(&mut caw_user, &id, "aanwezigheid", &[(&fc, "present")]).await;
    assert_eq!(r.status, 403);
    // Changing one seat leaves the others.
    let r = post_on_meeting(&mut expert, &id, "aanwezigheid", &[(&fc, "present")]).await;
    assert_eq!(r.status, 303);
    let rows = app.db.read(|c| meeting::attendance(c, &t, &id)).unwrap();
    let of = |seat: &str| {
        rows.iter()
            .find(|r| r.seat_id == seat)
            .unwrap()
            .status
            .clone()
    };
    assert_eq!(of(&pol), "present");
    assert_eq!(of(&caw), "present");
    assert_eq!(of(&vdab), "absent");
    // A bad value is refused; a seat of another body is not found.
    let r = post_on_meeting(&mut expert, &id, "aanwezigheid", &[(&fc, "misschien")]).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Kies aanwezig, verontschuldigd of afwezig"));
    let other = app
        .db
        .read(|c| body::find_seat_by_slug(c, &t, "stuurgroep", "stuurgroep-burgemeester"))
        .unwrap()
        .unwrap()
        .id;
    let fo = format!("zetel-{other}");
    let r = post_on_meeting(&mut expert, &id, "aanwezigheid", &[(&fo, "present")]).await;
    assert_eq!(r.status, 404);
    let recorded = audit_actions(&app, &id)
        .iter()
        .filter(|r| r.action == "meeting.attendance_recorded")
        .count();
    assert_eq!(recorded, 2, "each saved attendance is audited");
});

scenario!(
    case_content_opens_only_after_the_confidentiality_acknowledgement,
    |app: TestApp| async move {
        let case = new_case(&app, CaseState::SocioPreventief, "ack-93be");
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let id = partnertafel_meeting(&app, &mut expert).await;
        // The expert too acknowledges before writing minutes.
        let r = write_minutes(&mut expert, &id, &case.id, "NOTULEN-ack-93be").await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Bevestig eerst de geheimhouding"));
        let page = expert.get(&format!("/vergaderingen/{id}")).await;
        assert!(!page.body.contains(&case.code));
        acknowledge(&mut expert, &id).await;
        assert_eq!(
            write_minutes(
                &mut expert,
                &id,
                &case.id,
                "NOTULEN-ack-93be\ntraject loopt"
            )
            .await
            .status,
            303
        );
        // A partner at the table: first the code of ethics, then the acknowledgement.
        let mut police = logged_in(&app, "politie").await;
        let page = police.get(&format!("/vergaderingen/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Aanvaard eerst de deontologische code"));
        assert!(!page.body.contains(&case.code));
        assert!(!page.body.contains("NOTULEN-ack-93be"));
        let csrf = common::csrf_in(&police.get("/deontologie").await.body).unwrap();
        police.post_form("/deontologie", &[("csrf", &csrf)]).await;
        let page = police.get(&format!("/vergaderingen/{id}")).await;
        assert!(page.body.contains("art. 458ter Strafwetboek"));
        assert!(page.body.contains("/geheimhouding"));
        assert!(
            !page.body.contains(&case.code),
            "no case code before the acknowledgement"
        );
        assert!(
            !page.body.contains("NOTULEN-ack-93be"),
            "no minutes before the acknowledgement"
        );
        let before = all_audit(&app)
            .iter()
            .filter(|r| r.action == "meeting.minutes_read")
            .count();
        acknowledge(&mut police, &id).await;
        let page = police.get(&format!("/vergaderingen/{id}")).await;
        assert!(page.body.contains(&case.code));
        assert!(
            page.body
                .contains(&format!("href=\"/casussen/{}\"", case.id))
        );
        assert!(page.body.contains("NOTULEN-ack-93be<br>traject loopt"));
        assert!(page.body.contains("U bevestigde de geheimhouding"));
        assert!(
            !page.body.contains("name=\"tekst\""),
            "a partner does not write minutes"
        );
        assert!(!page.body.contains("NAAM-ack-93be") && !page.body.contains("REDEN-ack-93be"));
        // A second acknowledgement changes nothing and is not audited twice.
        acknowledge(&mut police, &id).await;
        let rows = audit_actions(&app, &id);
        let politie = user_id(&app, "politie");
        let acks: Vec<_> = rows
            .iter()
            .filter(|r| r.action == "meeting.confidentiality_acknowledged")
            .collect();
        assert_eq!(acks.len(), 2, "expert and police, once each");
        assert!(
            acks.iter()
                .any(|r| r.actor_user_id.as_deref() == Some(politie.as_str()))
        );
        // Every opening of the case content is audited, each minutes read too.
        assert!(rows.iter().any(|r| r.action == "meeting.content_viewed"
            && r.actor_user_id.as_deref() == Some(politie.as_str())));
        let reads: Vec<_> = all_audit(&app)
            .into_iter()
            .filter(|r| r.action == "meeting.minutes_read")
            .collect();
        assert!(reads.len() > before);
        assert!(
            reads
                .iter()
                .all(|r| r.object_id.as_deref() == Some(case.id.as_str()))
        );
        assert!(
            audit_actions(&app, &case.id)
                .iter()
                .any(|r| r.action == "meeting.minutes_written")
        );
        // The acknowledgement is per meeting: a new meeting asks again.
        let second = plan(
            &mut expert,
            &body_id(&app, "partnertafel"),
            "19/12/2026",
            "09:00",
            "11:00",
            "Stadhuis",
        )
        .await;
        let page = police.get(&format!("/vergaderingen/{second}")).await;
        assert!(page.body.contains("/geheimhouding"));
        assert!(!page.body.contains(&case.code));
        // The acknowledgements show per seat.
        let page = expert.get(&format!("/vergaderingen/{id}")).await;
        assert!(page.body.contains("Geheimhouding bevestigd"));
        // Nothing personal in the audit details.
        for r in all_audit(&app) {
            let d = r.detail.unwrap_or_default();
            assert!(!d.contains("ack-93be"), "{d}");
        }
    }
);

scenario!(
    the_agenda_holds_exactly_the_active_cases,
    |app: TestApp| async move {
        let mut by_state = Vec::new();
        for (i, s) in CaseState::ALL.into_iter().enumerate() {
            by_state.push((s, new_case(&app, s, &format!("agenda-{i}"))));
        }
        // A case that was at the table and is closed leaves the agenda.
        let closed_later = new_case(&app, CaseState::SocioPreventief, "agenda-closed");
        move_case(
            &app,
            &closed_later,
            CaseState::SocioPreventief,
            CaseState::Afgesloten,
            "close",
        );
        // A case of another tenant never shows.
        let p = verbind_domain::profile::parse_profile(include_str!(
            "../../../../profiles/voorbeeldstad.toml"
        ))
        .unwrap();
        let kr = app.state.keyring.clone();
        let other = app
            .db
            .write(|c| {
                let (t, _) = verbind_store::models::profile::load(c, &p, NOW)?;
                let tid = t.tenant_id();
                let table = body::list(c, &tid)?
                    .into_iter()
                    .find(|b| b.kind == "partnertafel")
                    .unwrap();
                cases::create(
                    c,
                    &kr,
                    &NewCase {
                        tenant_id: &tid,
                        body_id: &table.id,
                        code_prefix: "VS",
                        year: 2026,
                        state: "geagendeerd",
                        target_group: "a",
                        minor_at_referral: false,
                        protective_measure: false,
                        lives_in_area: true,
                        socially_active_in_area: false,
                        referral_source: "partner_member",
                        referred_by_user_id: None,
                        referred_by_org_id: None,
                        reason: "r",
                        ltf_status: "cleared",
                        identity: &Identity {
                            name: "n".into(),
                            date_of_birth: None,
                            address: None,
                            national_number: None,
                        },
                    },
                    NOW,
                )
            })
            .unwrap();
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        // The table meets at 14:10 today; it is 14:05.
        let id = plan(
            &mut expert,
            &body_id(&app, "partnertafel"),
            "28/11/2026",
            "14:10",
            "16:00",
            "Stadhuis",
        )
        .await;
        acknowledge(&mut expert, &id).await;
        let page = expert.get(&format!("/vergaderingen/{id}")).await;
        let agenda = page.body.split("id=\"agenda\"").nth(1).unwrap().to_owned();
        for (s, c) in &by_state {
            assert_eq!(
                agenda.contains(&format!(">{}</a>", c.code)),
                s.is_active(),
                "{s:?} {}",
                c.code
            );
        }
        assert!(
            !agenda.contains(&closed_later.code),
            "closed, so off the agenda"
        );
        assert!(!agenda.contains(&other.code));
        let listed = agenda.matches("href=\"/casussen/").count();
        assert_eq!(
            listed, 4,
            "geagendeerd, in beoordeling, onvoldoende informatie, socio-preventief"
        );
        // Codes only: no name, no reason, no address.
        assert!(
            !agenda.contains("NAAM-") && !agenda.contains("REDEN-") && !agenda.contains("ADRES-")
        );
        // Minutes of the newly screened case, then the meeting is held: its agenda is frozen.
        let new_one = &by_state
            .iter()
            .find(|(s, _)| *s == CaseState::Geagendeerd)
            .unwrap()
            .1;
        assert_eq!(
            write_minutes(&mut expert, &id, &new_one.id, "eerste bespreking")
                .await
                .status,
            303
        );
        // A case not on the agenda (closed) gets no minutes here; another tenant's is not found.
        let r = write_minutes(&mut expert, &id, &closed_later.id, "x").await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("staat niet op de agenda"));
        assert_eq!(
            write_minutes(&mut expert, &id, &other.id, "x").await.status,
            404
        );
        let r = write_minutes(&mut expert, &id, &new_one.id, "   ").await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Schrijf de notulen"));
        // Not started yet at 14:05; at 14:15 it has, and can be held.
        let r = post_on_meeting(&mut expert, &id, "status", &[("status", "held")]).await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("nog niet begonnen"));
        app.clock.set(NOW + 10 * 60_000);
        let r = post_on_meeting(&mut expert, &id, "status", &[("status", "held")]).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let in_assessment = &by_state
            .iter()
            .find(|(s, _)| *s == CaseState::InBeoordeling)
            .unwrap()
            .1;
        move_case(
            &app,
            in_assessment,
            CaseState::InBeoordeling,
            CaseState::BuitenScope,
            "conclude_outside_scope",
        );
        let late = new_case(&app, CaseState::Geagendeerd, "agenda-late");
        let page = expert.get(&format!("/vergaderingen/{id}")).await;
        let agenda = page.body.split("id=\"agenda\"").nth(1).unwrap().to_owned();
        assert!(
            agenda.contains(&in_assessment.code),
            "the held meeting keeps what it discussed"
        );
        // With its phase at the meeting, and where it stands now.
        let item = agenda
            .split("<article")
            .find(|a| a.contains(&in_assessment.code))
            .unwrap();
        assert!(
            item.contains("in beoordeling") && item.contains("Nu:"),
            "{item}"
        );
        assert!(
            !agenda.contains(&late.code),
            "a case put on the agenda later is for the next table"
        );
        assert!(agenda.contains("eerste bespreking"));
        // The next planned table holds the active cases again, the late one included.
        let next = plan(
            &mut expert,
            &body_id(&app, "partnertafel"),
            "19/12/2026",
            "14:00",
            "16:00",
            "Stadhuis",
        )
        .await;
        acknowledge(&mut expert, &next).await;
        let page = expert.get(&format!("/vergaderingen/{next}")).await;
        let agenda = page.body.split("id=\"agenda\"").nth(1).unwrap().to_owned();
        assert!(agenda.contains(&late.code));
        assert!(!agenda.contains(&in_assessment.code));
        assert!(
            agenda.contains(&new_one.code),
            "a case returns at every table until closed"
        );
        // A future meeting cannot be marked held; a held one not again.
        let r = post_on_meeting(&mut expert, &next, "status", &[("status", "held")]).await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("nog niet begonnen"));
        let r = post_on_meeting(&mut expert, &id, "status", &[("status", "cancelled")]).await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Enkel een geplande vergadering"));
        assert!(
            audit_actions(&app, &id)
                .iter()
                .any(|r| r.action == "meeting.held")
        );
    }
);

scenario!(
    minutes_are_sealed_with_the_case_key,
    |app: TestApp| async move {
        const MARKER: &str = "NOTULEN-MARKER-5e0f2c";
        let case = new_case(&app, CaseState::InBeoordeling, "seal-5e0f");
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let id = partnertafel_meeting(&app, &mut expert).await;
        acknowledge(&mut expert, &id).await;
        let text = format!("{MARKER} de partners bespreken het traject");
        assert_eq!(
            write_minutes(&mut expert, &id, &case.id, &text)
                .await
                .status,
            303
        );
        // Rewriting keeps one row per case per meeting.
        let text2 = format!("{MARKER} bijgewerkt");
        assert_eq!(
            write_minutes(&mut expert, &id, &case.id, &text2)
                .await
                .status,
            303
        );
        let t = sn(&app);
        let m = app.db.read(|c| meeting::find(c, &t, &id)).unwrap();
        let rows = app.db.read(|c| meeting::minutes_of_meeting(c, &m)).unwrap();
        assert_eq!(rows.len(), 1);
        let needle = MARKER.as_bytes();
        assert!(!rows[0].text_enc.windows(needle.len()).any(|w| w == needle));
        assert!(!rows[0].text_enc.windows(9).any(|w| w == b"bijgewerk"));
        // Opened with the case key, bound to its row.
        let kr = app.state.keyring.clone();
        let opened = app
            .db
            .read(|c| meeting::open_minutes(c, &kr, &case, &rows[0]))
            .unwrap();
        assert_eq!(opened, text2);
        // The whole database, as bytes: the marker is nowhere (SQLite: a consistent copy).
        if app.db.backend() == verbind_store::Backend::Sqlite {
            let dir = tempfile::tempdir().unwrap();
            let copy = dir.path().join("copy.db");
            app.db.sqlite_backup_to(&copy).unwrap();
            let bytes = std::fs::read(&copy).unwrap();
            assert!(bytes.len() > 10_000);
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "marker in the database file"
            );
        } else {
            #[derive(diesel::QueryableByName)]
            struct N {
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                n: i64,
            }
            let n: Vec<N> = app
                .db
                .read(|c| {
                    use diesel::RunQueryDsl;
                    Ok(diesel::sql_query(
                        "SELECT COUNT(*) AS n FROM meeting_minutes \
                     WHERE position(convert_to('NOTULEN-MARKER', 'UTF8') in text_enc) > 0",
                    )
                    .load(c)?)
                })
                .unwrap();
            assert_eq!(n[0].n, 0);
        }
        // In the audit trail, only that minutes were written and read.
        for r in all_audit(&app) {
            assert!(!r.detail.unwrap_or_default().contains("MARKER"));
        }
        // Shredding the case erases its minutes: the page says so, never a 500.
        app.db
            .write(|c| cases::shred(c, &t, &case.id, NOW))
            .unwrap();
        let page = expert.get(&format!("/vergaderingen/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("niet meer leesbaar"));
        assert!(!page.body.contains(MARKER));
    }
);

scenario!(
    the_expert_sees_the_count_against_the_norm,
    |app: TestApp| async move {
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let page = expert.get("/vergaderingen").await;
        assert_eq!(page.status, 200);
        // 28/11/2026: 33 days left after today.
        assert!(page.body.contains(
        "Achter op de norm: 0 gehouden en 0 gepland in 2026, 6 te weinig voor de norm van 6. Nog 33 dagen dit jaar."
    ), "{}", page.body);
        assert!(
            page.body.contains("te weinig voor de norm van 2"),
            "the Stuurgroep's norm"
        );
        // Meetings held earlier this year count (registered in the store as held).
        let t = sn(&app);
        let table = body_id(&app, "partnertafel");
        let expert_id = user_id(&app, "deskundige");
        for month in 1..=4u8 {
            let start = verbind_domain::case::Date::new(2026, month * 2, 10)
                .unwrap()
                .to_unix_days()
                * 86_400_000
                + 12 * 3_600_000;
            app.db
                .write(|c| {
                    let m = meeting::create(
                        c,
                        &meeting::NewMeeting {
                            tenant_id: &t,
                            body_id: &table,
                            starts_at: start,
                            ends_at: start + 7_200_000,
                            place: "Stadhuis",
                            kind: "planned",
                            requested_by_user_id: None,
                            planned_by_user_id: &expert_id,
                        },
                        NOW,
                    )?;
                    meeting::set_status(c, &t, &m.id, "planned", "held", NOW)
                })
                .unwrap();
        }
        let table_line = |body: &str| {
            body.split("Partnertafel LIVC-R</h2>")
                .nth(1)
                .unwrap()
                .split("</p>")
                .next()
                .unwrap()
                .to_owned()
        };
        let page = expert.get("/vergaderingen").await;
        assert!(table_line(&page.body).contains("4 gehouden en 0 gepland in 2026, 2 te weinig"));
        // Two more planned in December: on track.
        partnertafel_meeting(&app, &mut expert).await;
        plan(
            &mut expert,
            &table,
            "19/12/2026",
            "14:00",
            "16:00",
            "Stadhuis",
        )
        .await;
        let page = expert.get("/vergaderingen").await;
        let line = table_line(&page.body);
        assert!(
            line.contains("Op schema: 4 gehouden in 2026 en 2 gepland; nog 2 te houden"),
            "{line}"
        );
        // A cancelled one does not count.
        let m = plan(
            &mut expert,
            &table,
            "22/12/2026",
            "14:00",
            "16:00",
            "Stadhuis",
        )
        .await;
        post_on_meeting(&mut expert, &m, "status", &[("status", "cancelled")]).await;
        let line = table_line(&expert.get("/vergaderingen").await.body);
        assert!(line.contains("2 gepland"), "{line}");
        // Two more held: the norm is met.
        for day in [1u8, 2] {
            let start = verbind_domain::case::Date::new(2026, 11, day)
                .unwrap()
                .to_unix_days()
                * 86_400_000
                + 12 * 3_600_000;
            app.db
                .write(|c| {
                    let m = meeting::create(
                        c,
                        &meeting::NewMeeting {
                            tenant_id: &t,
                            body_id: &table,
                            starts_at: start,
                            ends_at: start + 3_600_000,
                            place: "Stadhuis",
                            kind: "ad_hoc",
                            requested_by_user_id: None,
                            planned_by_user_id: &expert_id,
                        },
                        NOW,
                    )?;
                    meeting::set_status(c, &t, &m.id, "planned", "held", NOW)
                })
                .unwrap();
        }
        let line = table_line(&expert.get("/vergaderingen").await.body);
        assert!(
            line.contains("Norm gehaald: 6 vergadering(en) gehouden in 2026"),
            "{line}"
        );
        // Another year: its meetings, the norm of this year.
        let page = expert.get("/vergaderingen?jaar=2025").await;
        assert!(page.body.contains("Geen vergaderingen in dit jaar"));
        assert_eq!(
            expert.get("/vergaderingen?jaar=niet-een-jaar").await.status,
            200
        );
        // A partner sees the meetings but not the norm.
        let mut police = logged_in_with_ethics(&app, "politie").await;
        let page = police.get("/vergaderingen").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Partnertafel LIVC-R"));
        assert!(!page.body.contains("Norm gehaald") && !page.body.contains("op de norm"));
        assert!(
            !page.body.contains("Stuurgroep LIVC-R"),
            "the police officer has no Stuurgroep seat in the demo"
        );
    }
);

scenario!(
    roles_without_access_are_refused,
    |app: TestApp| async move {
        let case = new_case(&app, CaseState::Geagendeerd, "deny-44aa");
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let id = partnertafel_meeting(&app, &mut expert).await;
        acknowledge(&mut expert, &id).await;
        write_minutes(&mut expert, &id, &case.id, "NOTULEN-deny-44aa").await;
        let steering = plan(
            &mut expert,
            &body_id(&app, "stuurgroep"),
            "10/12/2026",
            "19:00",
            "21:00",
            "Stadhuis, schepenzaal",
        )
        .await;
        for name in ["stuurgroep", "referentie", "dpo", "beheerder"] {
            let mut c = logged_in(&app, name).await;
            let csrf = common::csrf_in(&c.get("/").await.body).unwrap();
            assert_eq!(
                c.get(&format!("/vergaderingen/{id}")).await.status,
                403,
                "{name}"
            );
            assert_eq!(
                c.get(&format!("/vergaderingen/{id}.ics")).await.status,
                403,
                "{name}"
            );
            assert_eq!(c.get("/vergaderingen/nieuw").await.status, 403, "{name}");
            for (action, fields) in [
                ("geheimhouding", vec![]),
                ("status", vec![("status", "cancelled")]),
                ("notulen", vec![("casus", case.id.as_str()), ("tekst", "x")]),
                ("aanwezigheid", vec![]),
            ] {
                let mut all = vec![("csrf", csrf.as_str())];
                all.extend(fields);
                let r = c
                    .post_form(&format!("/vergaderingen/{id}/{action}"), &all)
                    .await;
                assert_eq!(r.status, 403, "{name} {action}");
                assert!(!r.body.contains("deny-44aa"));
            }
        }
        for name in ["referentie", "dpo", "beheerder"] {
            let mut c = logged_in(&app, name).await;
            assert_eq!(c.get("/vergaderingen").await.status, 403, "{name}");
            assert!(
                !c.get("/").await.body.contains("/vergaderingen"),
                "{name} has no meetings link"
            );
        }
        // The Stuurgroep sees its own meetings (no case content there), never the Partnertafel's.
        let mut s = logged_in(&app, "stuurgroep").await;
        let list = s.get("/vergaderingen").await;
        assert_eq!(list.status, 200);
        assert!(list.body.contains(&steering));
        assert!(!list.body.contains(&id));
        assert!(!list.body.contains("Partnertafel LIVC-R"));
        let page = s.get(&format!("/vergaderingen/{steering}")).await;
        assert_eq!(page.status, 200);
        assert!(
            !page.body.contains("id=\"agenda\""),
            "no agenda of cases at the Stuurgroep"
        );
        assert!(!page.body.contains("SN-2026"));
        assert_eq!(
            s.get(&format!("/vergaderingen/{steering}.ics"))
                .await
                .status,
            200
        );
        let csrf = common::csrf_in(&page.body).unwrap();
        let r = s
            .post_form(
                &format!("/vergaderingen/{steering}/geheimhouding"),
                &[("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, 403, "no case content, no acknowledgement");
        // A partner without a seat at the table: refused once the seat is freed.
        let mut vdab = logged_in_with_ethics(&app, "vdab").await;
        assert_eq!(vdab.get(&format!("/vergaderingen/{id}")).await.status, 200);
        let t = sn(&app);
        let seat = app
            .db
            .read(|c| body::find_seat_by_slug(c, &t, "partnertafel", "partnertafel-vdab"))
            .unwrap()
            .unwrap();
        app.db
            .write(|c| {
                body::assign_seat(
                    c,
                    &t,
                    &verbind_domain::SeatId::from_db(seat.id.clone()),
                    None,
                )
            })
            .unwrap();
        assert_eq!(vdab.get(&format!("/vergaderingen/{id}")).await.status, 403);
        assert_eq!(
            vdab.get(&format!("/vergaderingen/{id}.ics")).await.status,
            403
        );
        assert!(!vdab.get("/vergaderingen").await.body.contains(&id));
        // Refusals are audited.
        assert!(
            audit_actions(&app, &id)
                .iter()
                .any(|r| r.action == "access.denied" && r.outcome == "denied")
        );
        let _ = app.clock.now_ms();
    }
);

scenario!(
    unknown_ids_and_other_tenants_are_not_found,
    |app: TestApp| async move {
        // A second LIVC-R with a meeting, a case and a seat of its own.
        let p = verbind_domain::profile::parse_profile(include_str!(
            "../../../../profiles/voorbeeldstad.toml"
        ))
        .unwrap();
        let kr = app.state.keyring.clone();
        let (other_meeting, other_case, other_seat) = app
            .db
            .write(|c| {
                let (t, _) = verbind_store::models::profile::load(c, &p, NOW)?;
                let tid = t.tenant_id();
                let org = verbind_store::models::organisation::list(c, &tid)?.remove(0);
                let u = user::create(
                    c,
                    &kr,
                    &user::NewUser {
                        tenant_id: &tid,
                        organisation_id: &org.organisation_id(),
                        username: &verbind_domain::username::Username::parse("vs-deskundige")
                            .unwrap(),
                        role: verbind_domain::Role::Expert,
                        display_name: "Vera Voorbeeld (fictief)",
                        email: None,
                        locale: verbind_domain::Locale::NlBe,
                        password_hash: Some(common::demo_hash().to_owned()),
                    },
                    NOW,
                )?;
                let table = body::list(c, &tid)?
                    .into_iter()
                    .find(|b| b.kind == "partnertafel")
                    .unwrap();
                let m = meeting::create(
                    c,
                    &meeting::NewMeeting {
                        tenant_id: &tid,
                        body_id: &table.id,
                        starts_at: NOW + 86_400_000,
                        ends_at: NOW + 90_000_000,
                        place: "Elders",
                        kind: "planned",
                        requested_by_user_id: None,
                        planned_by_user_id: &u.id,
                    },
                    NOW,
                )?;
                let case = cases::create(
                    c,
                    &kr,
                    &NewCase {
                        tenant_id: &tid,
                        body_id: &table.id,
                        code_prefix: "VS",
                        year: 2026,
                        state: "geagendeerd",
                        target_group: "a",
                        minor_at_referral: false,
                        protective_measure: false,
                        lives_in_area: true,
                        socially_active_in_area: false,
                        referral_source: "partner_member",
                        referred_by_user_id: None,
                        referred_by_org_id: None,
                        reason: "r",
                        ltf_status: "cleared",
                        identity: &Identity {
                            name: "n".into(),
                            date_of_birth: None,
                            address: None,
                            national_number: None,
                        },
                    },
                    NOW,
                )?;
                let seat =
                    body::seats(c, &tid, &verbind_domain::BodyId::from_db(table.id.clone()))?
                        .remove(0);
                Ok((m.id, case.id, seat.id))
            })
            .unwrap();
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let id = partnertafel_meeting(&app, &mut expert).await;
        acknowledge(&mut expert, &id).await;
        for path in [
            format!("/vergaderingen/{other_meeting}"),
            format!("/vergaderingen/{other_meeting}.ics"),
            "/vergaderingen/00000000-0000-4000-8000-000000000000".to_owned(),
            "/vergaderingen/00000000-0000-4000-8000-000000000000.ics".to_owned(),
            "/vergaderingen/niet-een-id".to_owned(),
            "/vergaderingen/..%2F..%2Fetc%2Fpasswd.ics".to_owned(),
        ] {
            assert_eq!(expert.get(&path).await.status, 404, "{path}");
        }
        let csrf = common::csrf_in(&expert.get("/").await.body).unwrap();
        for action in ["status", "geheimhouding", "notulen", "aanwezigheid"] {
            let r = expert
                .post_form(
                    &format!("/vergaderingen/{other_meeting}/{action}"),
                    &[
                        ("csrf", &csrf),
                        ("status", "cancelled"),
                        ("casus", &other_case),
                        ("tekst", "x"),
                    ],
                )
                .await;
            assert_eq!(r.status, 404, "{action}");
        }
        // Another tenant's case or seat on an own meeting: not found either.
        assert_eq!(
            write_minutes(&mut expert, &id, &other_case, "x")
                .await
                .status,
            404
        );
        assert_eq!(
            write_minutes(&mut expert, &id, "niet-een-id", "x")
                .await
                .status,
            404
        );
        let field = format!("zetel-{other_seat}");
        let r = post_on_meeting(&mut expert, &id, "aanwezigheid", &[(&field, "present")]).await;
        assert_eq!(r.status, 404);
        // The other tenant's meeting is untouched.
        let m = app
            .db
            .read(|c| {
                let t = tenant::find_by_slug(c, "voorbeeldstad")?
                    .unwrap()
                    .tenant_id();
                meeting::find(c, &t, &other_meeting)
            })
            .unwrap();
        assert_eq!(m.status, "planned");
        assert!(
            app.db
                .read(|c| meeting::find(c, &sn(&app), &other_meeting))
                .is_err()
        );
        // And its expert does not see Sint-Niklaas meetings.
        let mut vs = logged_in(&app, "vs-deskundige").await;
        assert_eq!(vs.get(&format!("/vergaderingen/{id}")).await.status, 404);
        let list = vs.get("/vergaderingen").await;
        assert!(!list.body.contains(&id));
        assert!(list.body.contains(&other_meeting));
    }
);

scenario!(
    guests_are_announced_and_see_only_their_agenda_item,
    |app: TestApp| async move {
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let invited = new_case(&app, CaseState::SocioPreventief, "GASTPUNT");
        let other = new_case(&app, CaseState::SocioPreventief, "ANDERPUNT");
        let id = partnertafel_meeting(&app, &mut expert).await;
        let guest_id = user_id(&app, "jeugddienst");
        // The expert sees whom he can invite: partner accounts without a seat.
        let page = expert.get(&format!("/vergaderingen/{id}")).await;
        assert!(page.body.contains("Er zijn geen gasten uitgenodigd."));
        acknowledge(&mut expert, &id).await;
        let page = expert.get(&format!("/vergaderingen/{id}")).await;
        assert!(
            page.body
                .contains(&format!("<option value=\"{guest_id}\">"))
        );
        assert!(
            !page
                .body
                .contains(&format!("<option value=\"{}\">", user_id(&app, "caw"))),
            "a member is not offered as a guest"
        );
        // The rules, each with its message; nothing is stored.
        for (who, case, text) in [
            (
                user_id(&app, "caw"),
                invited.id.clone(),
                "heeft een zetel aan deze tafel",
            ),
            (
                user_id(&app, "stuurgroep"),
                invited.id.clone(),
                "Enkel een partneraccount",
            ),
            (
                user_id(&app, "referentie"),
                invited.id.clone(),
                "Enkel een partneraccount",
            ),
            (
                guest_id.clone(),
                "00000000-0000-4000-8000-000000000000".to_owned(),
                "staat niet op de agenda",
            ),
            (
                "niet-een-id".to_owned(),
                invited.id.clone(),
                "Kies een account",
            ),
        ] {
            let r = post_on_meeting(
                &mut expert,
                &id,
                "gasten",
                &[("gast", &who), ("casus", &case)],
            )
            .await;
            assert_eq!(r.status, 422, "{text}");
            assert!(r.body.contains(text), "{text}");
        }
        let t = sn(&app);
        let m = app.db.read(|c| meeting::find(c, &t, &id)).unwrap();
        assert!(app.db.read(|c| meeting::guests(c, &m)).unwrap().is_empty());
        // A partner cannot invite.
        let mut caw = logged_in_with_ethics(&app, "caw").await;
        let r = post_on_meeting(
            &mut caw,
            &id,
            "gasten",
            &[("gast", &guest_id), ("casus", &invited.id)],
        )
        .await;
        assert_eq!(r.status, 403);
        // Before the guest is invited, the meeting is closed to them.
        let mut guest = logged_in(&app, "jeugddienst").await;
        assert_eq!(guest.get(&format!("/vergaderingen/{id}")).await.status, 403);
        let r = post_on_meeting(
            &mut expert,
            &id,
            "gasten",
            &[("gast", &guest_id), ("casus", &invited.id)],
        )
        .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert!(
            audit_actions(&app, &invited.id)
                .iter()
                .any(|e| e.action == "meeting.guest_invited")
        );
        // Announced to the members beforehand.
        let page = caw.get(&format!("/vergaderingen/{id}")).await;
        let guests = page.body.split("id=\"gasten\"").nth(1).unwrap();
        let guests = guests.split("</section>").next().unwrap();
        assert!(guests.contains("Joke Jeugd (demo)"), "{guests}");
        assert!(guests.contains("Jeugddienst Sint-Niklaas"));
        // Which case is case content: not before the acknowledgement.
        assert!(!guests.contains(&invited.code), "{guests}");
        // The expert writes minutes of both items.
        assert_eq!(
            write_minutes(&mut expert, &id, &invited.id, "NOTULEN-GASTPUNT")
                .await
                .status,
            303
        );
        assert_eq!(
            write_minutes(&mut expert, &id, &other.id, "NOTULEN-ANDERPUNT")
                .await
                .status,
            303
        );
        // The guest sees the meeting in the list, and accepts the code and
        // the confidentiality like a member.
        let list = guest.get("/vergaderingen").await;
        assert!(list.body.contains(&format!("/vergaderingen/{id}")));
        let page = guest.get(&format!("/vergaderingen/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("deontologische code"));
        assert!(!page.body.contains("NOTULEN-"));
        let mut guest = logged_in_with_ethics(&app, "jeugddienst").await;
        let page = guest.get(&format!("/vergaderingen/{id}")).await;
        assert!(page.body.contains("Ik bevestig de geheimhouding"));
        assert!(!page.body.contains(&other.code));
        acknowledge(&mut guest, &id).await;
        let page = guest.get(&format!("/vergaderingen/{id}")).await;
        assert!(page.body.contains("U bent uitgenodigd als gast"));
        let agenda = page.body.split("id=\"agenda\"").nth(1).unwrap();
        assert!(agenda.contains(&invited.code), "the invited item shows");
        assert!(
            !page.body.contains(&other.code),
            "no other item, not even in the guest list"
        );
        assert!(!page.body.contains("NOTULEN-"), "never the minutes");
        assert!(
            !page.body.contains(&format!("/casussen/{}", invited.id)),
            "no link to the case file"
        );
        assert!(!page.body.contains("GASTPUNT") && !page.body.contains("ANDERPUNT"));
        assert!(!page.body.contains("name=\"zetel-"));
        // Never the case file, the identity, the minutes form or the attendance.
        assert_eq!(
            guest.get(&format!("/casussen/{}", invited.id)).await.status,
            403
        );
        let r = guest.get("/api/v1/cases").await;
        assert_eq!(r.status, 403, "not at the table: no case list");
        assert!(!r.body.contains(&invited.code));
        for (action, fields) in [
            (
                "notulen",
                vec![("casus", invited.id.as_str()), ("tekst", "x")],
            ),
            ("aanwezigheid", vec![]),
            (
                "gasten",
                vec![("gast", guest_id.as_str()), ("casus", invited.id.as_str())],
            ),
        ] {
            let r = post_on_meeting(&mut guest, &id, action, &fields).await;
            assert_eq!(r.status, 403, "{action}");
        }
        // A member still sees every item and the minutes.
        let mut police = logged_in_with_ethics(&app, "politie").await;
        acknowledge(&mut police, &id).await;
        let page = police.get(&format!("/vergaderingen/{id}")).await;
        assert!(page.body.contains("NOTULEN-GASTPUNT") && page.body.contains("NOTULEN-ANDERPUNT"));
        // Another meeting stays closed to the guest.
        let table = body_id(&app, "partnertafel");
        let later = plan(
            &mut expert,
            &table,
            "12/12/2026",
            "14:00",
            "16:00",
            "Zaal 3",
        )
        .await;
        assert_eq!(
            guest.get(&format!("/vergaderingen/{later}")).await.status,
            403
        );
        // Withdrawn before the meeting: closed again, audited.
        let r = post_on_meeting(
            &mut expert,
            &id,
            "gasten/intrekken",
            &[("gast", &guest_id), ("casus", &invited.id)],
        )
        .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(guest.get(&format!("/vergaderingen/{id}")).await.status, 403);
        assert!(
            audit_actions(&app, &invited.id)
                .iter()
                .any(|e| e.action == "meeting.guest_withdrawn")
        );
    }
);

scenario!(
    guests_are_invited_only_before_the_meeting,
    |app: TestApp| async move {
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let case = new_case(&app, CaseState::SocioPreventief, "TELAAT");
        let t = sn(&app);
        let table = body_id(&app, "partnertafel");
        let expert_id = user_id(&app, "deskundige");
        // A meeting that started an hour ago (the test clock is fixed).
        let m = app
            .db
            .write(|c| {
                meeting::create(
                    c,
                    &meeting::NewMeeting {
                        tenant_id: &t,
                        body_id: &table,
                        starts_at: NOW - 3_600_000,
                        ends_at: NOW + 3_600_000,
                        place: "Zaal 1",
                        kind: "planned",
                        requested_by_user_id: None,
                        planned_by_user_id: &expert_id,
                    },
                    NOW - 86_400_000,
                )
            })
            .unwrap();
        acknowledge(&mut expert, &m.id).await;
        let page = expert.get(&format!("/vergaderingen/{}", m.id)).await;
        assert!(
            !page
                .body
                .contains(&format!("action=\"/vergaderingen/{}/gasten\"", m.id))
        );
        let r = post_on_meeting(
            &mut expert,
            &m.id,
            "gasten",
            &[("gast", &user_id(&app, "jeugddienst")), ("casus", &case.id)],
        )
        .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("al begonnen"), "{}", r.body);
        assert!(app.db.read(|c| meeting::guests(c, &m)).unwrap().is_empty());
    }
);
