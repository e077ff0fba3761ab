//! The expert's "Vandaag aandacht voor" on the start page and `GET
//! /api/v1/attention` (issue 5, point 4): open known / followed-up answers,
//! pending consents, overdue actions (with the test clock), cases without a
//! decision after two held tables, bodies behind the pro-rata meeting norm,
//! contacts waiting (with the contact point's new messages folded in) and
//! trainings due; made through the app and its API. The page lists codes and
//! no names; "Niets dringends vandaag." when every line is zero; the police,
//! the Stuurgroep and the administrator see their dashboard unchanged and get
//! 403 on the API. SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, Resp, TestApp};
use serde_json::{Value, json};

const HOUR: i64 = 60 * 60 * 1000;
const DAY: i64 = 24 * HOUR;
/// The person of the case made by `api_case_in_follow_up`.
const CASE_NAME: &str = "Vergader Fictief";
const PERSON_NAME: &str = "Referentie Aandachtpersoon-at51";
const CONTACT_MESSAGE: &str = "Bericht-at51 over mijn buurjongen";

/// A PUT with a JSON body (the shared client has POST and DELETE only).
async fn put_json(c: &mut Client, path: &str, body: Value, csrf: &str) -> Resp {
    c.put_json(path, body, Some(csrf)).await
}

/// The line of `kind` in the API's answer.
fn item<'a>(v: &'a Value, kind: &str) -> &'a Value {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == kind)
        .unwrap_or_else(|| panic!("{kind} in {v}"))
}

fn codes(line: &Value) -> Vec<String> {
    line["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_owned())
        .collect()
}

/// Today's date in the app's Brussels calendar (as the API reports it).
async fn attention(c: &mut Client) -> Value {
    let r = c.get("/api/v1/attention").await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

async fn status(expert: &mut Client, csrf: &str, meeting: &str, to: &str) {
    let r = expert
        .post_json(
            &format!("/api/v1/meetings/{meeting}/status"),
            json!({ "status": to }),
            Some(csrf),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.body);
}

scenario!(
    the_expert_sees_what_needs_attention_today,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;

        // A fresh LIVC-R on 28/11/2026: nothing about cases yet, but no
        // meeting held this year, so the Partnertafel (6 a year: 5 due by
        // now) and the Stuurgroep (2 a year: 1 due) are behind.
        let v = attention(&mut expert).await;
        assert_eq!(v["date"], "2026-11-28");
        assert_eq!(v["case_codes_shown"], true);
        assert_eq!(v["items"].as_array().unwrap().len(), 7);
        for kind in [
            "knowledge_open",
            "consents_pending",
            "overdue_actions",
            "stalled_cases",
            "contacts_waiting",
            "trainings_due",
        ] {
            assert_eq!(item(&v, kind)["count"], 0, "{kind}");
        }
        let norm = item(&v, "meetings_behind_norm");
        assert_eq!(norm["link"], "/vergaderingen");
        let table = norm["bodies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["name"] == "Partnertafel LIVC-R")
            .unwrap_or_else(|| panic!("{norm}"))
            .clone();
        assert_eq!(table["held"], 0);
        assert_eq!(table["expected_by_now"], 5);
        assert_eq!(table["min_per_year"], 6);
        let behind_at_start = norm["count"].as_u64().unwrap();
        assert_eq!(
            behind_at_start, 2,
            "the Partnertafel and the Stuurgroep: {norm}"
        );

        // A case in follow-up: its table's organisations owe the
        // known / followed-up answer; the police gives its own.
        let (id, code) =
            common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let concluded_at = app.state.now_ms();
        let file = expert.get(&format!("/api/v1/cases/{id}")).await.json();
        let table_orgs = file["table_organisations"].as_array().unwrap().clone();
        assert!(table_orgs.len() >= 3, "{file}");
        let police_org = table_orgs
            .iter()
            .find(|o| o["name"] == "Lokale politie Sint-Niklaas")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let v = attention(&mut expert).await;
        assert_eq!(item(&v, "knowledge_open")["count"], table_orgs.len() as u64);
        let r = put_json(
            &mut police,
            &format!("/api/v1/cases/{id}/knowledge"),
            json!({"known": true, "followed_up": false}),
            &pcsrf,
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);

        // Two items of the police: consent given for one, pending for the other.
        let mut item_ids = Vec::new();
        for content in ["Bijdrage-at51 een", "Bijdrage-at51 twee"] {
            let r = police
                .post_json(
                    &format!("/api/v1/cases/{id}/items"),
                    json!({"domain": "sociale_context", "content": content,
                           "necessity": "Om een passend traject te zoeken.", "sharing": "table"}),
                    Some(&pcsrf),
                )
                .await;
            assert_eq!(r.status, 201, "{}", r.body);
            item_ids.push(r.json()["id"].as_str().unwrap().to_owned());
        }
        let r = police
            .post_json(
                &format!("/api/v1/cases/{id}/items/{}/consent", item_ids[0]),
                json!({}),
                Some(&pcsrf),
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.body);

        // The contact point gets a message; the expert registers a call
        // still in progress, and a reference person without a training.
        let mut public = Client::new(&app);
        let r = public
            .post_json(
                "/api/v1/contact-point",
                json!({"kind": "advice", "message": CONTACT_MESSAGE}),
                None,
            )
            .await;
        assert_eq!(r.status, 202, "{}", r.body);
        let r = expert
            .post_json(
                "/api/v1/contacts",
                json!({"date": "2026-11-20", "channel": "phone", "message": "Telefoon-at51",
                       "request_kind": "advice", "status": "in_progress"}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let r = expert
            .post_json(
                "/api/v1/reference-persons",
                json!({"name": PERSON_NAME, "organisation": "Sportclub-at51",
                       "life_domain": "sport"}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);

        // Two Partnertafel meetings after the table's conclusion, held
        // once they started (the agenda freezes with the active case).
        let m1 = common::table_meeting_at(&app, &[], concluded_at + HOUR);
        let m2 = common::table_meeting_at(&app, &[], concluded_at + 2 * HOUR);
        let v = attention(&mut expert).await;
        assert_eq!(item(&v, "stalled_cases")["count"], 0, "nothing held yet");
        app.clock.advance_ms(3 * HOUR);
        let (mut expert, ecsrf) = common::api_login(&app, "deskundige").await;
        status(&mut expert, &ecsrf, &m1, "held").await;
        let v = attention(&mut expert).await;
        assert_eq!(
            item(&v, "stalled_cases")["count"],
            0,
            "one table is not two"
        );
        status(&mut expert, &ecsrf, &m2, "held").await;

        // An action due tomorrow: not overdue today, overdue three days on.
        let r = expert
            .post_json(
                &format!("/api/v1/cases/{id}/trajectory/actions"),
                json!({"description": "Gesprek-at51", "responsible": police_org,
                       "due_date": "2026-11-29"}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let v = attention(&mut expert).await;
        assert_eq!(item(&v, "overdue_actions")["count"], 0, "due tomorrow");
        app.clock.advance_ms(3 * DAY);
        let (mut expert, _) = common::api_login(&app, "deskundige").await;

        let v = attention(&mut expert).await;
        assert_eq!(v["date"], "2026-12-01");
        assert_eq!(v["nothing_urgent"], false);
        let knowledge = item(&v, "knowledge_open");
        assert_eq!(knowledge["count"], table_orgs.len() as u64 - 1);
        assert_eq!(codes(knowledge), vec![code.clone()]);
        assert_eq!(knowledge["cases"][0]["link"], format!("/casussen/{id}"));
        let consents = item(&v, "consents_pending");
        assert_eq!(consents["count"], 1);
        assert_eq!(codes(consents), vec![code.clone()]);
        assert_eq!(
            consents["cases"][0]["link"],
            format!("/casussen/{id}/bijdragen")
        );
        let overdue = item(&v, "overdue_actions");
        assert_eq!(overdue["count"], 1);
        assert_eq!(codes(overdue), vec![code.clone()]);
        assert_eq!(
            overdue["cases"][0]["link"],
            format!("/casussen/{id}/traject")
        );
        let stalled = item(&v, "stalled_cases");
        assert_eq!(stalled["count"], 1, "one case");
        assert_eq!(codes(stalled), vec![code.clone()]);
        assert_eq!(
            stalled["cases"][0]["count"], 2,
            "two held tables without a decision"
        );
        assert_eq!(stalled["cases"][0]["link"], format!("/casussen/{id}"));
        let norm = item(&v, "meetings_behind_norm");
        let table = norm["bodies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["name"] == "Partnertafel LIVC-R")
            .unwrap()
            .clone();
        assert_eq!(table["held"], 2);
        assert_eq!(table["expected_by_now"], 5);
        let contacts = item(&v, "contacts_waiting");
        assert_eq!(contacts["count"], 2);
        assert_eq!(contacts["new_public"], 1);
        assert_eq!(
            contacts["link_new_public"],
            "/contacten?status=new&kanaal=public_form"
        );
        let trainings = item(&v, "trainings_due");
        assert_eq!(trainings["count"], 1);
        assert_eq!(trainings["link"], "/referentiepersonen?te_volgen=1");
        for text in [
            CASE_NAME,
            PERSON_NAME,
            CONTACT_MESSAGE,
            "Bijdrage-at51",
            "Gesprek-at51",
        ] {
            assert!(!v.to_string().contains(text), "{text} in {v}");
        }

        // The page: a heading, a list with the counts, codes linked to where
        // the expert acts, and no names.
        let mut page_client = Client::new(&app);
        page_client.login_demo("deskundige").await;
        let page = page_client.get("/").await;
        assert_eq!(page.status, 200);
        let body = &page.body;
        assert!(
            body.contains("<h2 id=\"attention-title\">Vandaag aandacht voor</h2>"),
            "{body}"
        );
        assert!(body.contains("<ul class=\"attention\">"));
        assert!(body.contains(&format!(
            "{} antwoorden op de kennischeck (gekend / opgevolgd) staan nog open",
            table_orgs.len() - 1
        )));
        assert!(body.contains("1 bijdrage wacht op de toestemming van haar eigenaar"));
        assert!(body.contains("1 actie van een traject is over tijd"));
        assert!(body.contains("1 casus zonder beslissing na twee tafels"));
        assert!(body.contains("Partnertafel LIVC-R: 2 gehouden, 5 verwacht tegen vandaag"));
        assert!(body.contains("2 contacten wachten op opvolging"));
        assert!(body.contains("Eén nieuw bericht via het aanspreekpunt wacht op u."));
        assert!(
            body.contains("href=\"/contacten?status=new&amp;kanaal=public_form\""),
            "{body}"
        );
        assert!(body.contains("1 referentiepersoon moet een vorming volgen"));
        assert!(body.contains("href=\"/referentiepersonen?te_volgen=1\""));
        assert!(body.contains(&format!(
            "<a href=\"/casussen/{id}/traject\">{code}<span class=\"visually-hidden\"> (traject van de casus openen)</span></a>"
        )));
        assert!(body.contains(&format!("href=\"/casussen/{id}/bijdragen\"")));
        assert!(!body.contains("Niets dringends vandaag."));
        // The old separate contact-point section is folded into the list.
        assert!(!body.contains("id=\"contacts-title\""));
        for text in [
            CASE_NAME,
            "01/04/1990",
            "1990-04-01",
            PERSON_NAME,
            CONTACT_MESSAGE,
            "Telefoon-at51",
            "Bijdrage-at51",
            "Gesprek-at51",
            "Uitspraken in de sportclub",
        ] {
            assert!(!body.contains(text), "{text} on the dashboard");
        }

        // Reading the codes is audited like a case list: how many, not which.
        let sn = app
            .db
            .read(|c| verbind_store::models::tenant::find_by_slug(c, "sint-niklaas"))
            .unwrap()
            .unwrap();
        let entries = app
            .db
            .read(|c| {
                verbind_store::models::audit::list(
                    c,
                    &verbind_store::models::audit::Filter {
                        tenant_id: Some(sn.tenant_id().as_str().to_owned()),
                        action: Some("case.list_viewed".into()),
                        limit: 100,
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        assert!(
            entries
                .iter()
                .any(|e| e.detail.as_deref() == Some("via=attention cases=1")),
            "{:?}",
            entries.iter().map(|e| &e.detail).collect::<Vec<_>>()
        );
    }
);

scenario!(
    nothing_urgent_and_only_for_the_expert,
    |app: TestApp| async move {
        // 10 January: no meeting is due yet by the pro-rata norm, and this
        // LIVC-R has no case, contact or reference person.
        app.clock.set(1_799_582_400_000); // 2027-01-10 12:00 UTC
        let mut e = Client::new(&app);
        e.login_demo("deskundige").await;
        let page = e.get("/").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Vandaag aandacht voor"), "{}", page.body);
        assert!(page.body.contains("<p>Niets dringends vandaag.</p>"));
        assert!(!page.body.contains("<ul class=\"attention\">"));
        let v = attention(&mut e).await;
        assert_eq!(v["date"], "2027-01-10");
        assert_eq!(v["nothing_urgent"], true);
        for i in v["items"].as_array().unwrap() {
            assert_eq!(i["count"], 0, "{i}");
        }

        // In French too.
        e.post_form(
            "/taal",
            &[
                ("csrf", &common::csrf_in(&page.body).unwrap()),
                ("locale", "fr-BE"),
            ],
        )
        .await;
        let fr = e.get("/").await.body;
        // (askama escapes the apostrophe.)
        assert!(fr.contains("À suivre aujourd"), "{fr}");
        assert!(fr.contains("urgent aujourd"), "{fr}");

        // Other roles: their dashboard without the list, and 403 on the API.
        for name in ["politie", "stuurgroep", "beheerder"] {
            let mut c = Client::new(&app);
            c.login_demo(name).await;
            let dash = c.get("/").await;
            assert_eq!(dash.status, 200, "{name}");
            assert!(!dash.body.contains("attention-title"), "{name}");
            assert!(!dash.body.contains("Vandaag aandacht voor"), "{name}");
            let r = c.get("/api/v1/attention").await;
            assert_eq!(r.status, 403, "{name}: {}", r.body);
            assert_eq!(r.json()["error"], "forbidden", "{name}");
            let (mut api, _) = common::api_login(&app, name).await;
            let r = api.get("/api/v1/attention").await;
            assert_eq!(r.status, 403, "{name}: {}", r.body);
        }
        // Described in the OpenAPI document.
        let doc = Client::new(&app).get("/api/v1/openapi.json").await.json();
        assert!(
            doc["paths"]["/api/v1/attention"]["get"].is_object(),
            "{}",
            doc["paths"]
        );
        assert!(doc["components"]["schemas"]["AttentionList"].is_object());
        // Without a session: 401.
        let r = Client::new(&app).get("/api/v1/attention").await;
        assert_eq!(r.status, 401, "{}", r.body);
    }
);

scenario!(
    case_codes_wait_for_the_code_of_ethics,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let r = police
            .post_json(
                "/api/v1/cases",
                json!({"target_groups": ["a"], "name": CASE_NAME,
                    "date_of_birth": "01/04/1990", "lives_in_area": true,
                    "socially_active_in_area": false,
                    "reason": "Uitspraken in de sportclub", "source": "partner_member"}),
                Some(&pcsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let code = r.json()["code"].as_str().unwrap().to_owned();
        // The expert has not accepted the code of ethics: counts, no codes.
        let (mut expert, _) = common::api_login(&app, "deskundige").await;
        let v = attention(&mut expert).await;
        assert_eq!(v["case_codes_shown"], false);
        let knowledge = item(&v, "knowledge_open");
        assert!(knowledge["count"].as_u64().unwrap() >= 1, "{v}");
        assert!(codes(knowledge).is_empty());
        assert!(!v.to_string().contains(&code));
        let mut e = Client::new(&app);
        e.login_demo("deskundige").await;
        let page = e.get("/").await.body;
        assert!(page.contains("antwoorden op de kennischeck"), "{page}");
        assert!(!page.contains(&code));
        assert!(page.contains("href=\"/deontologie\""));
        // Once accepted, the code is listed.
        let (mut expert, _) = common::api_with_ethics(&app, "deskundige").await;
        let v = attention(&mut expert).await;
        assert_eq!(v["case_codes_shown"], true);
        assert_eq!(codes(item(&v, "knowledge_open")), vec![code]);
    }
);

scenario!(the_demo_data_shows_the_feature, |app: TestApp| async move {
    common::seed_demo_data(&app);
    let (mut expert, _) = common::api_with_ethics(&app, "deskundige").await;
    let v = attention(&mut expert).await;
    let non_zero: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["count"].as_u64().unwrap() > 0)
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    for kind in ["knowledge_open", "contacts_waiting", "trainings_due"] {
        assert!(non_zero.contains(&kind), "{kind} in {v}");
    }
    let mut e = Client::new(&app);
    e.login_demo("deskundige").await;
    let page = e.get("/").await.body;
    assert!(page.contains("<ul class=\"attention\">"), "{page}");
    assert!(page.contains("SN-2026-"), "{page}");
    for text in [
        "Fictief Persoon",
        "Fictief:",
        "Rita Referent",
        "Fictieve Jeugdwerker",
        "Fictieve Trajectbegeleider",
    ] {
        assert!(!page.contains(text), "{text} on the dashboard");
    }
});
