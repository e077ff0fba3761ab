//! Feedback (terugkoppeling) to the referrer outside the table (issue 3,
//! point 10): when the expert referred a case from a reference person's
//! signal, that reference person hears how it went, as text only, on their
//! own signal (page and API), never with an item, the origin of one or the
//! case code; partners at the table do not get it in their case file; the
//! sending and the reading are audited and the text is sealed at rest.
//! SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, TestApp};
use diesel::prelude::*;
use serde_json::{Value, json};
use verbind_store::schema::case_feedback;

const SIGNAL_TEXT: &str = "Een leerling deelt oproepen van een extremistische groep, signaal-tk10";
const FEEDBACK: &str = "Dank voor uw signaal: de LIVC-R volgt het op met de school, tk10-terug.";
const ITEM_TEXT: &str = "Politie: gekend in het dossier tk10-geheim van de wijkpost";

/// A reference person passes a signal; the expert refers a case from it and
/// brings it to the table, with an item of the police consented for feedback.
/// Returns (signal id, case id, case code, item id).
async fn case_from_signal(
    app: &TestApp,
    e: &mut Client,
    ecsrf: &str,
) -> (String, String, String, String) {
    let (mut r, rcsrf) = common::api_login(app, "referentie").await;
    let res = r
        .post_json(
            "/api/v1/signals",
            json!({
                "theme": "hate_speech", "life_domain": "education",
                "date": "2026-11-20", "severity": "medium", "description": SIGNAL_TEXT,
            }),
            Some(&rcsrf),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let signal = res.json()["id"].as_str().unwrap().to_owned();
    let res = e
        .post_json(
            "/api/v1/cases",
            json!({
                "signal": signal,
                "target_groups": ["a"],
                "name": "Fictieve Terugkoppeling",
                "date_of_birth": "01/04/2008",
                "lives_in_area": true,
                "socially_active_in_area": false,
                "reason": "Oproepen van een extremistische groep gedeeld",
                "source": "reference_person",
            }),
            Some(ecsrf),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    let (id, code) = (
        res.json()["id"].as_str().unwrap().to_owned(),
        res.json()["code"].as_str().unwrap().to_owned(),
    );
    let (mut police, pcsrf) = common::api_with_ethics(app, "politie").await;
    let path = format!("/api/v1/cases/{id}/transitions");
    let r = e
        .post_json(&path, json!({"transition": "start_screening"}), Some(ecsrf))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = police
        .post_json(
            &format!("/api/v1/cases/{id}/ltf"),
            json!({"status": "cleared"}),
            Some(&pcsrf),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let r = e
        .post_json(&path, json!({"transition": "put_on_agenda"}), Some(ecsrf))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = police
        .post_json(
            &format!("/api/v1/cases/{id}/items"),
            json!({
                "domain": "sociale_context",
                "content": ITEM_TEXT,
                "necessity": "Om een passend traject te zoeken.",
                "sharing": "table",
            }),
            Some(&pcsrf),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let item = r.json()["id"].as_str().unwrap().to_owned();
    let r = police
        .post_json(
            &format!("/api/v1/cases/{id}/items/{item}/consent"),
            json!({}),
            Some(&pcsrf),
        )
        .await;
    assert!(
        r.status == 204 || r.status == 200,
        "{} {}",
        r.status,
        r.body
    );
    (signal, id, code, item)
}

fn sealed_texts(app: &TestApp) -> Vec<Vec<u8>> {
    app.db
        .read(|c| {
            Ok(case_feedback::table
                .select(case_feedback::text_enc)
                .load::<Vec<u8>>(c)?)
        })
        .unwrap()
}

scenario!(
    the_referrer_outside_the_table_gets_text_only_feedback_through_the_api,
    |app: TestApp| async move {
        let (mut e, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (signal, id, code, item) = case_from_signal(&app, &mut e, &ecsrf).await;
        let fb = format!("/api/v1/cases/{id}/feedback");

        // The expert is offered the referrer outside the table.
        let list = e.get(&fb).await;
        assert_eq!(list.status, 200, "{}", list.body);
        let referrer = list.json()["referrer_outside_table"].clone();
        assert!(referrer.is_string(), "{}", list.body);

        // An item never goes to them, not even with its owner's consent...
        let r = e
            .post_json(
                &fb,
                json!({"recipient": "referrer", "text": FEEDBACK, "cited_items": [item]}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.json()["error"], "not_for_referrer_outside_table");
        // ...while the same item may go to a partner at the table.
        let table = e.get(&format!("/api/v1/cases/{id}")).await.json();
        let police_org = table["table_organisations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"].as_str().unwrap().contains("politie"))
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let r = e
            .post_json(
                &fb,
                json!({"recipient": police_org, "text": "Aan de politie.", "cited_items": [item]}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);

        // Text only: sent.
        let r = e
            .post_json(
                &fb,
                json!({"recipient": "referrer", "text": FEEDBACK}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let list = e.get(&fb).await.json();
        let sent: Vec<&Value> = list["feedback"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["to_referrer"] == true)
            .collect();
        assert_eq!(sent.len(), 1, "{list}");
        assert_eq!(sent[0]["text"], FEEDBACK);
        assert!(sent[0]["cited"].as_array().unwrap().is_empty());

        // The reference person reads it on their own signal: the text, no
        // case code, no item, no partner.
        let (mut rp, _) = common::api_login(&app, "referentie").await;
        let s = rp.get(&format!("/api/v1/signals/{signal}")).await;
        assert_eq!(s.status, 200, "{}", s.body);
        let v = s.json();
        let feedback = v["feedback"].as_array().unwrap();
        assert_eq!(feedback.len(), 1, "{v}");
        assert_eq!(feedback[0]["text"], FEEDBACK);
        assert!(v["case_id"].is_null() && v["case_code"].is_null(), "{v}");
        assert!(!s.body.contains(&code), "no case code: {}", s.body);
        assert!(!s.body.contains("tk10-geheim"), "no item: {}", s.body);
        assert!(!s.body.contains("Aan de politie"), "no other feedback");
        assert_eq!(v["has_feedback"], true);
        // The list of signals says there is feedback, without its text.
        let l = rp.get("/api/v1/signals").await;
        assert_eq!(l.status, 200, "{}", l.body);
        assert!(!l.body.contains("tk10-terug"), "{}", l.body);
        let listed = l.json();
        let mine = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == signal.as_str())
            .unwrap()
            .clone();
        assert_eq!(mine["has_feedback"], true, "{mine}");
        assert!(mine["feedback"].as_array().unwrap().is_empty());
        // They still never open the case.
        let c = rp.get(&format!("/api/v1/cases/{id}/feedback")).await;
        assert_eq!(c.status, 403, "{}", c.body);

        // A partner at the table does not get it in its case file.
        let (mut police, _) = common::api_with_ethics(&app, "politie").await;
        let p = police.get(&fb).await;
        assert_eq!(p.status, 200, "{}", p.body);
        assert!(!p.body.contains("tk10-terug"), "{}", p.body);
        assert!(p.body.contains("Aan de politie."), "{}", p.body);

        // Audited: sent to the referrer, and read on the signal.
        let trail = common::audit_rows(&app, 500);
        assert!(trail.iter().any(|a| a.action == "case.feedback_sent"
            && a.object_id.as_deref() == Some(id.as_str())
            && a.detail.as_deref().is_some_and(
                |d| d.contains("recipient=referrer") && d.contains(&format!("signal={signal}"))
            )));
        assert!(trail.iter().any(|a| a.action == "signal.viewed"
            && a.object_id.as_deref() == Some(signal.as_str())
            && a.detail.as_deref() == Some(format!("feedback=1 case={id}").as_str())));

        // Sealed at rest.
        let sealed = sealed_texts(&app);
        assert_eq!(sealed.len(), 2);
        for t in sealed {
            assert!(
                !t.windows(b"tk10-terug".len()).any(|w| w == b"tk10-terug"),
                "feedback text stored in plain text"
            );
        }
    }
);

scenario!(
    a_case_not_from_a_signal_has_no_referrer_outside_the_table,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut e, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (id, _) = common::api_case_in_follow_up(&mut police, &pcsrf, &mut e, &ecsrf).await;
        let fb = format!("/api/v1/cases/{id}/feedback");
        let list = e.get(&fb).await.json();
        assert!(list["referrer_outside_table"].is_null(), "{list}");
        let r = e
            .post_json(
                &fb,
                json!({"recipient": "referrer", "text": FEEDBACK}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.json()["error"], "no_referrer_outside_table");
        assert!(sealed_texts(&app).is_empty());
        let page = {
            let mut p = Client::new(&app);
            p.login_demo("deskundige").await;
            p.get(&format!("/casussen/{id}/terugkoppeling")).await
        };
        assert_eq!(page.status, 200);
        assert!(!page.body.contains("value=\"referrer\""));
    }
);

scenario!(
    the_referrer_outside_the_table_on_the_pages,
    |app: TestApp| async move {
        let (mut api, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (signal, id, code, item) = case_from_signal(&app, &mut api, &ecsrf).await;
        let mut e = Client::new(&app);
        e.login_demo("deskundige").await;
        let path = format!("/casussen/{id}/terugkoppeling");
        let page = e.get(&path).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("Aan de aanmelder buiten de tafel"));
        assert!(page.body.contains("value=\"referrer\""));
        let csrf = common::csrf_in(&page.body).unwrap();

        // With an item: refused, the text kept.
        let r = e
            .post_form(
                &path,
                &[
                    ("csrf", csrf.as_str()),
                    ("aan", "referrer"),
                    ("tekst", FEEDBACK),
                    ("bijdrage", item.as_str()),
                ],
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(r.body.contains("geen enkele bijdrage verlaat de tafel"));
        assert!(r.body.contains("tk10-terug"), "the text is kept");
        assert!(sealed_texts(&app).is_empty());

        let r = e
            .post_form(
                &path,
                &[
                    ("csrf", csrf.as_str()),
                    ("aan", "referrer"),
                    ("tekst", FEEDBACK),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let page = e.get(&path).await;
        assert!(page.body.contains("tk10-terug"));

        // The reference person's signal page shows it, without the case.
        let mut rp = Client::new(&app);
        rp.login_demo("referentie").await;
        let s = rp.get(&format!("/signalen/{signal}")).await;
        assert_eq!(s.status, 200, "{}", s.body);
        assert!(s.body.contains("Terugkoppeling van de deskundige"));
        assert!(s.body.contains("tk10-terug"));
        assert!(!s.body.contains(&code));
        assert!(!s.body.contains(&format!("/casussen/{id}")));
        assert!(!s.body.contains("tk10-geheim"));
        // Their start page and their list of signals say it is there.
        let home = rp.get("/").await;
        assert!(
            home.body
                .contains("De deskundige gaf terugkoppeling op 1 van uw signalen"),
            "{}",
            home.body
        );
        let list = rp.get("/signalen").await;
        assert!(list.body.contains("terugkoppeling ontvangen"));
        assert!(
            !list.body.contains("tk10-terug"),
            "the text only on the signal"
        );
        // Nobody else's start page says so.
        let home = e.get("/").await;
        assert!(!home.body.contains("gaf terugkoppeling op"));
    }
);

scenario!(
    a_partner_who_passed_the_signal_is_no_referrer_outside_the_table,
    |app: TestApp| async move {
        // The police passes a signal and sits at the table.
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let res = police
            .post_json(
                "/api/v1/signals",
                json!({
                    "theme": "hate_speech", "life_domain": "neighbourhood",
                    "date": "2026-11-20", "severity": "medium",
                    "description": "Stickers aan de bushaltes, politie-tk10",
                }),
                Some(&pcsrf),
            )
            .await;
        assert_eq!(res.status, 201, "{}", res.body);
        let signal = res.json()["id"].as_str().unwrap().to_owned();
        let (mut e, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let res = e
            .post_json(
                "/api/v1/cases",
                json!({
                    "signal": signal, "target_groups": ["a"],
                    "name": "Fictieve Politiesignaal", "date_of_birth": "01/04/2000",
                    "lives_in_area": true, "socially_active_in_area": false,
                    "reason": "Stickers van een extreemrechtse groep",
                    "source": "partner_member",
                }),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(res.status, 201, "{}", res.body);
        let id = res.json()["id"].as_str().unwrap().to_owned();
        let path = format!("/api/v1/cases/{id}/transitions");
        let r = e
            .post_json(
                &path,
                json!({"transition": "start_screening"}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let r = police
            .post_json(
                &format!("/api/v1/cases/{id}/ltf"),
                json!({"status": "cleared"}),
                Some(&pcsrf),
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let r = e
            .post_json(&path, json!({"transition": "put_on_agenda"}), Some(&ecsrf))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        // It hears through the case file: no feedback beside it.
        let fb = format!("/api/v1/cases/{id}/feedback");
        let list = e.get(&fb).await.json();
        assert!(list["referrer_outside_table"].is_null(), "{list}");
        let r = e
            .post_json(
                &fb,
                json!({"recipient": "referrer", "text": FEEDBACK}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.json()["error"], "no_referrer_outside_table");
        assert!(sealed_texts(&app).is_empty());
    }
);
