//! The work on a case through the JSON API only: the known / followed-up
//! check, information items with their ethics rules (sharing, shielded
//! origin, withdrawal, consent), the assessment, the trajectory, feedback and
//! the terugkoppelingsfiche; the roles and partners outside the table, CSRF on
//! every state change, ids of another case, and the OpenAPI document.
//! SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, Resp, TestApp};
use serde_json::{Value, json};

const POLICE: &str = "Lokale politie Sint-Niklaas";
const CAW: &str = "CAW Oost-Vlaanderen";

/// Refers a person through the API; returns the case id.
async fn refer(c: &mut Client, csrf: &str) -> String {
    let r = c
        .post_json(
            "/api/v1/cases",
            json!({
                "target_groups": ["a"],
                "name": "Quirinus Werkman-cw51",
                "date_of_birth": "1990-03-14",
                "lives_in_area": true,
                "socially_active_in_area": false,
                "reason": "Zorgwekkende uitspraken, reden-cw51",
                "source": "partner_member",
            }),
            Some(csrf),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.json()["id"].as_str().unwrap().to_owned()
}

/// A case the police refers and the expert brings to socio-preventive follow-up.
async fn case_in_follow_up(
    police: &mut Client,
    pcsrf: &str,
    expert: &mut Client,
    ecsrf: &str,
) -> String {
    let id = refer(police, pcsrf).await;
    let transitions = format!("/api/v1/cases/{id}/transitions");
    let r = expert
        .post_json(
            &transitions,
            json!({"transition": "start_screening"}),
            Some(ecsrf),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = police
        .post_json(
            &format!("/api/v1/cases/{id}/ltf"),
            json!({"status": "cleared"}),
            Some(pcsrf),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.body);
    for t in [
        "put_on_agenda",
        "open_assessment",
        "conclude_socio_preventive",
    ] {
        let r = expert
            .post_json(&transitions, json!({"transition": t}), Some(ecsrf))
            .await;
        assert_eq!(r.status, 200, "{t}: {}", r.body);
    }
    id
}

/// A PUT with a JSON body (the shared client has POST and DELETE only).
async fn put_json(c: &mut Client, path: &str, body: Value, csrf: Option<&str>) -> Resp {
    c.put_json(path, body, csrf).await
}

/// The id of the caller's organisation, from `GET /api/v1/me`.
async fn org_of(c: &mut Client) -> String {
    let r = c.get("/api/v1/me").await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["organisation"]["id"].as_str().unwrap().to_owned()
}

fn assert_error(r: &Resp, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    let v = r.json();
    assert_eq!(v["error"], code, "{}", r.body);
    assert!(
        v["request_id"].as_str().is_some_and(|s| !s.is_empty()),
        "request id in {}",
        r.body
    );
}

/// The id of an organisation at the case's table, by name, from the case file.
async fn table_org(c: &mut Client, id: &str, name: &str) -> String {
    let file = c.get(&format!("/api/v1/cases/{id}")).await.json();
    file["table_organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == name)
        .unwrap_or_else(|| panic!("{name} at the table: {file}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Adds an item; returns its id.
async fn add_item(c: &mut Client, csrf: &str, id: &str, body: Value) -> String {
    let r = c
        .post_json(&format!("/api/v1/cases/{id}/items"), body, Some(csrf))
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(
        r.header("location").as_deref(),
        Some(format!("/api/v1/cases/{id}/items").as_str())
    );
    r.json()["id"].as_str().unwrap().to_owned()
}

fn item(content: &str, sharing: &str) -> Value {
    json!({
        "domain": "sociale_context",
        "content": content,
        "necessity": "Om een passend traject te zoeken.",
        "sharing": sharing,
    })
}

async fn owner_action(c: &mut Client, csrf: &str, id: &str, item: &str, action: &str) -> Resp {
    c.post_json(
        &format!("/api/v1/cases/{id}/items/{item}/{action}"),
        json!({}),
        Some(csrf),
    )
    .await
}

/// The items the caller sees.
async fn items(c: &mut Client, id: &str) -> Vec<Value> {
    let r = c.get(&format!("/api/v1/cases/{id}/items")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["items"].as_array().unwrap().clone()
}

fn find<'a>(items: &'a [Value], item_id: &str) -> Option<&'a Value> {
    items.iter().find(|i| i["id"] == item_id)
}

async fn vote(c: &mut Client, csrf: &str, id: &str, decision: &str, v: &str) {
    let r = c
        .post_json(
            &format!("/api/v1/cases/{id}/decisions/{decision}/votes"),
            json!({"vote": v}),
            Some(csrf),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.body);
}

fn assessment(cited: &[&str]) -> Value {
    json!({
        "findings": {"intentie": "Bevinding-cw51"},
        "cited_items": cited,
        "radicalisation": "unclear",
        "security_risk": "no",
    })
}

fn feedback_to(recipient: &str, text: &str, cited: &[&str]) -> Value {
    json!({"recipient": recipient, "text": text, "cited_items": cited})
}

scenario!(
    the_work_on_a_case_through_the_api_only,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
        let id = case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let case = |p: &str| format!("/api/v1/cases/{id}{p}");
        let caw_org = table_org(&mut expert, &id, CAW).await;
        let clb_org = table_org(&mut expert, &id, "CLB GO Waasland").await;
        let police_org = table_org(&mut expert, &id, POLICE).await;

        // 1. The known / followed-up check: each organisation for itself.
        for (c, csrf, known, followed) in [
            (&mut police, &pcsrf, true, false),
            (&mut caw, &ccsrf, false, false),
        ] {
            let r = put_json(
                c,
                &case("/knowledge"),
                json!({"known": known, "followed_up": followed}),
                Some(csrf),
            )
            .await;
            assert_eq!(r.status, 204, "{}", r.body);
        }
        let r = put_json(
            &mut police,
            &case("/knowledge"),
            json!({"known": "ja"}),
            Some(&pcsrf),
        )
        .await;
        assert_error(&r, 422, "invalid_body");
        let r = put_json(
            &mut police,
            &case("/knowledge"),
            json!([true, true]),
            Some(&pcsrf),
        )
        .await;
        assert_error(&r, 422, "invalid_body");
        let sn = app
            .db
            .read(|c| verbind_store::models::tenant::find_by_slug(c, "sint-niklaas"))
            .unwrap()
            .unwrap();
        let row = app
            .db
            .read(|c| verbind_store::models::case::find(c, &sn.tenant_id(), &id))
            .unwrap();
        let kr = app.state.keyring.clone();
        let answers = app
            .db
            .read(|c| verbind_store::models::knowledge::answers(c, &kr, &row))
            .unwrap();
        assert_eq!(answers.len(), 2);
        let of = |org: &str| answers.iter().find(|(o, _, _)| o == org).unwrap().1;
        assert!(of(&police_org).known && !of(&police_org).followed_up);
        assert!(!of(&caw_org).known);

        // 2. Information items.
        let r = police
            .post_json(
                &case("/items"),
                json!({"domain": "intentie", "content": "x", "sharing": "table"}),
                Some(&pcsrf),
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        let v = r.json();
        assert_eq!(v["error"], "invalid");
        assert_eq!(v["fields"][0]["field"], "necessity", "{v}");
        let r = police
            .post_json(
                &case("/items"),
                json!({"domain": "geen", "content": "x", "necessity": "n", "sharing": "iedereen"}),
                Some(&pcsrf),
            )
            .await;
        let fields: Vec<String> = r.json()["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap().to_owned())
            .collect();
        assert!(fields.contains(&"domain".to_owned()) && fields.contains(&"sharing".to_owned()));
        let r = police
            .post_json(&case("/items"), json!({"inhoud": "x"}), Some(&pcsrf))
            .await;
        assert_error(&r, 422, "invalid_body");
        let table_item = add_item(&mut police, &pcsrf, &id, item("POL-TAFEL-cw51", "table")).await;
        let expert_item = add_item(
            &mut police,
            &pcsrf,
            &id,
            item("POL-DESKUNDIGE-cw51", "expert_only"),
        )
        .await;
        // The CAW sees the table item with its origin, not the expert-only one.
        let seen = items(&mut caw, &id).await;
        let t = find(&seen, &table_item).unwrap();
        assert_eq!(t["content"], "POL-TAFEL-cw51");
        assert_eq!(t["origin"], POLICE);
        assert_eq!(t["mine"], false);
        assert_eq!(t["consent_for_use"], false);
        assert_eq!(t["viewers"], json!([]), "only the owner sees who viewed");
        assert!(find(&seen, &expert_item).is_none());
        // The expert sees both.
        let seen = items(&mut expert, &id).await;
        assert!(find(&seen, &expert_item).is_some() && find(&seen, &table_item).is_some());
        // Only the owner decides; an unknown action is not found.
        let r = owner_action(&mut caw, &ccsrf, &id, &table_item, "consent").await;
        assert_error(&r, 403, "forbidden");
        let r = owner_action(&mut police, &pcsrf, &id, &table_item, "publish").await;
        assert_error(&r, 404, "not_found");
        let r = owner_action(&mut police, &pcsrf, &id, &table_item, "consent").await;
        assert_eq!(r.status, 204, "{}", r.body);
        // The owner sees who viewed its items.
        let own = items(&mut police, &id).await;
        let t = find(&own, &table_item).unwrap();
        assert_eq!(t["mine"], true);
        assert_eq!(t["consent_for_use"], true);
        let viewers: Vec<&str> = t["viewers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["username"].as_str().unwrap())
            .collect();
        assert!(viewers.contains(&"caw") && viewers.contains(&"deskundige"));

        // 3. The assessment.
        let r = expert
            .post_json(
                &case("/assessment"),
                json!({"radicalisation": "no", "security_risk": "no"}),
                Some(&ecsrf),
            )
            .await;
        assert_error(&r, 422, "findings_missing");
        let r = expert
            .post_json(
                &case("/assessment"),
                json!({"findings": {"intentie": "x"}, "radicalisation": "misschien", "security_risk": "no"}),
                Some(&ecsrf),
            )
            .await;
        assert_error(&r, 422, "conclusions_invalid");
        let mut body = assessment(&[&table_item]);
        body["missing"] = json!({"what": "Schoolverloop-cw51"});
        let r = expert
            .post_json(&case("/assessment"), body.clone(), Some(&ecsrf))
            .await;
        assert_error(&r, 422, "missing_information_incomplete");
        body["missing"] =
            json!({"what": "Schoolverloop-cw51", "organisation": clb_org, "due": "2026-12-15"});
        let r = expert
            .post_json(&case("/assessment"), body.clone(), Some(&ecsrf))
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        assert_eq!(
            r.header("location").as_deref(),
            Some(case("/assessment").as_str())
        );
        // A partner cannot record one, but reads it.
        let r = caw
            .post_json(&case("/assessment"), body, Some(&ccsrf))
            .await;
        assert_error(&r, 403, "forbidden");
        let v = caw.get(&case("/assessment")).await.json();
        assert_eq!(v["may_assess"], false);
        assert_eq!(v["citable_items"], json!([]));
        assert_eq!(v["organisations"], json!([]));
        let a = &v["assessments"][0];
        assert_eq!(a["findings"][0]["domain"], "intentie");
        assert_eq!(a["findings"][0]["text"], "Bevinding-cw51");
        assert_eq!(a["cited_items"], 1);
        assert_eq!(a["radicalisation"], "unclear");
        assert_eq!(a["missing"]["what"], "Schoolverloop-cw51");
        assert_eq!(a["missing"]["organisation"]["name"], "CLB GO Waasland");
        assert_eq!(a["missing"]["due"], "2026-12-15");
        let v = expert.get(&case("/assessment")).await.json();
        assert_eq!(v["may_assess"], true);
        assert!(
            v["citable_items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["id"] == table_item.as_str())
        );

        // 4. The trajectory.
        let r = expert
            .post_json(
                &case("/trajectory/actions"),
                json!({"description": "x", "responsible": caw_org, "due_date": "2026-12-32"}),
                Some(&ecsrf),
            )
            .await;
        assert_error(&r, 422, "date_day");
        let r = expert
            .post_json(
                &case("/trajectory/actions"),
                json!({"description": "x", "responsible": caw_org, "due_date": "volgende week"}),
                Some(&ecsrf),
            )
            .await;
        assert_error(&r, 422, "date_format");
        let r = expert
            .post_json(
                &case("/trajectory/actions"),
                json!({"description": "x", "responsible": "geen-partner", "due_date": "2026-12-01"}),
                Some(&ecsrf),
            )
            .await;
        assert_error(&r, 422, "responsible_not_at_table");
        // Due tomorrow (the test clock is 28/11/2026): a date before today is refused.
        let proposal = json!({"description": "Begeleidingsgesprek-cw51", "responsible": caw_org, "due_date": "2026-11-29"});
        let r = police
            .post_json(&case("/trajectory/actions"), proposal.clone(), Some(&pcsrf))
            .await;
        assert_error(&r, 403, "forbidden");
        let r = expert
            .post_json(&case("/trajectory/actions"), proposal, Some(&ecsrf))
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let action = r.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(
            caw.get(&case("/trajectory")).await.json()["actions"][0]["overdue"],
            false,
            "due tomorrow"
        );
        // Two days on it is overdue; the sessions of two days ago ended.
        app.clock.advance_ms(2 * 24 * 60 * 60 * 1000);
        let (mut police, pcsrf) = common::api_login(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_login(&app, "deskundige").await;
        let (mut caw, ccsrf) = common::api_login(&app, "caw").await;
        let v = caw.get(&case("/trajectory")).await.json();
        let a = &v["actions"][0];
        assert_eq!(a["id"], action.as_str());
        assert_eq!(a["description"], "Begeleidingsgesprek-cw51");
        assert_eq!(a["responsible"]["name"], CAW);
        assert_eq!(a["due_date"], "2026-11-29");
        assert_eq!(a["phase"], "proposed");
        assert_eq!(a["overdue"], true);
        assert_eq!(a["may_accept"], true);
        assert_eq!(a["may_finish"], false);
        assert_eq!(v["may_propose"], false);
        let act = case(&format!("/trajectory/actions/{action}"));
        let r = caw
            .post_json(
                &act,
                json!({"step": "done", "result": "gesprek"}),
                Some(&ccsrf),
            )
            .await;
        assert_error(&r, 422, "action_not_accepted");
        let r = caw
            .post_json(&act, json!({"step": "cancel"}), Some(&ccsrf))
            .await;
        assert_error(&r, 422, "step_invalid");
        // Every organisation at the table accepts.
        for (c, csrf) in [
            (&mut expert, &ecsrf),
            (&mut police, &pcsrf),
            (&mut caw, &ccsrf),
        ] {
            let r = c
                .post_json(&act, json!({"step": "accept"}), Some(csrf))
                .await;
            assert_eq!(r.status, 204, "{}", r.body);
        }
        assert_eq!(
            caw.get(&case("/trajectory")).await.json()["actions"][0]["phase"],
            "proposed",
            "not everyone accepted yet"
        );
        for name in ["clb", "vdab", "justitiehuis"] {
            let (mut c, csrf) = common::api_with_ethics(&app, name).await;
            let r = c
                .post_json(&act, json!({"step": "accept"}), Some(&csrf))
                .await;
            assert_eq!(r.status, 204, "{name}: {}", r.body);
        }
        let v = caw.get(&case("/trajectory")).await.json();
        assert_eq!(v["actions"][0]["phase"], "accepted");
        assert_eq!(v["actions"][0]["awaiting_acceptance_by"], json!([]));
        let r = police
            .post_json(&act, json!({"step": "done", "result": "x"}), Some(&pcsrf))
            .await;
        assert_error(&r, 422, "not_responsible");
        let r = caw
            .post_json(&act, json!({"step": "done"}), Some(&ccsrf))
            .await;
        assert_error(&r, 422, "result_invalid");
        let r = caw
            .post_json(
                &act,
                json!({"step": "done", "result": "Gesprek gehad-cw51"}),
                Some(&ccsrf),
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let v = expert.get(&case("/trajectory")).await.json();
        assert_eq!(v["actions"][0]["phase"], "done");
        assert_eq!(v["actions"][0]["result"], "Gesprek gehad-cw51");
        assert_eq!(v["actions"][0]["overdue"], false, "done is not overdue");
        // Reported again: said to be done already; the first result stays.
        let r = caw
            .post_json(
                &act,
                json!({"step": "done", "result": "nog eens"}),
                Some(&ccsrf),
            )
            .await;
        assert_error(&r, 422, "action_done");
        assert!(r.json()["message"].as_str().unwrap().contains("al gemeld"));
        let v = expert.get(&case("/trajectory")).await.json();
        assert_eq!(v["actions"][0]["result"], "Gesprek gehad-cw51");
        assert!(
            v["table_organisations"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["id"] == caw_org.as_str())
        );

        // 5. Feedback: each partner reads what its organisation received.
        let r = expert
            .post_json(
                &case("/feedback"),
                feedback_to("iemand-anders", "x", &[]),
                Some(&ecsrf),
            )
            .await;
        assert_error(&r, 422, "recipient_not_at_table");
        let r = expert
            .post_json(
                &case("/feedback"),
                feedback_to(&caw_org, "Voor-CAW-cw51", &[&table_item]),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let r = expert
            .post_json(
                &case("/feedback"),
                feedback_to(&clb_org, "Voor-CLB-cw51", &[]),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let r = caw
            .post_json(
                &case("/feedback"),
                feedback_to(&clb_org, "x", &[]),
                Some(&ccsrf),
            )
            .await;
        assert_error(&r, 403, "forbidden");
        let r = caw.get(&case("/feedback")).await;
        assert!(!r.body.contains("Voor-CLB-cw51"), "not another's feedback");
        let v = r.json();
        assert_eq!(v["may_send"], false);
        assert_eq!(v["recipients"], json!([]));
        let list = v["feedback"].as_array().unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0]["text"], "Voor-CAW-cw51");
        assert_eq!(list[0]["recipient"]["name"], CAW);
        assert_eq!(list[0]["cited"][0]["content"], "POL-TAFEL-cw51");
        assert_eq!(list[0]["cited"][0]["origin"], POLICE);
        assert_eq!(
            police.get(&case("/feedback")).await.json()["feedback"],
            json!([])
        );
        let all = expert.get(&case("/feedback")).await.json();
        assert_eq!(all["feedback"].as_array().unwrap().len(), 2);
        assert_eq!(all["may_send"], true);

        // 6. The terugkoppelingsfiche: only after a unanimous decision.
        let v = expert.get(&case("/fiche")).await.json();
        assert_eq!(v["may_send"], true);
        assert_eq!(v["preview"][0]["text"], "POL-TAFEL-cw51");
        assert!(
            !v.to_string().contains(POLICE),
            "a fiche never names an origin"
        );
        let r = expert
            .post_json(&case("/fiche"), json!({}), Some(&ecsrf))
            .await;
        assert_error(&r, 422, "vote_missing");
        // The table decides at a meeting where the expert, the police and the CAW were present.
        let dsp = org_of(&mut expert).await;
        let meeting = common::sitting_meeting(&app, &[&dsp, &police_org, &caw_org]);
        let r = expert
            .post_json(
                &case("/decisions"),
                json!({"kind": "send_terugkoppelingsfiche_to_police", "meeting_id": meeting}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let decision = expert.get(&case("")).await.json()["decisions"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        vote(&mut expert, &ecsrf, &id, &decision, "agree").await;
        vote(&mut police, &pcsrf, &id, &decision, "agree").await;
        vote(&mut caw, &ccsrf, &id, &decision, "disagree").await;
        let r = expert
            .post_json(&case("/fiche"), json!({}), Some(&ecsrf))
            .await;
        assert_error(&r, 422, "not_unanimous");
        vote(&mut caw, &ccsrf, &id, &decision, "agree").await;
        let r = expert
            .post_json(&case("/fiche"), json!({}), Some(&ecsrf))
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        // The police reads it; the CAW does not.
        let v = police.get(&case("/fiche")).await.json();
        assert_eq!(v["may_send"], false);
        assert_eq!(v["preview"], json!([]));
        assert_eq!(v["sent"].as_array().unwrap().len(), 1);
        assert_eq!(v["sent"][0]["lines"][0]["domain"], "sociale_context");
        assert_eq!(v["sent"][0]["lines"][0]["text"], "POL-TAFEL-cw51");
        assert_error(&caw.get(&case("/fiche")).await, 403, "forbidden");
        // Everything above was audited.
        for a in [
            "case.knowledge_answered",
            "case.item_added",
            "case.item_viewed",
            "case.item_consent",
            "case.assessed",
            "case.action_proposed",
            "case.action_accepted",
            "case.action_done",
            "case.feedback_sent",
            "case.fiche_sent",
        ] {
            let rows = app
                .db
                .read(|c| {
                    verbind_store::models::audit::list(
                        c,
                        &verbind_store::models::audit::Filter {
                            action: Some(a.to_owned()),
                            limit: 1,
                            ..Default::default()
                        },
                    )
                })
                .unwrap();
            assert_eq!(rows.len(), 1, "{a} audited");
        }
    }
);

scenario!(
    items_for_the_expert_only_or_shielded_stay_so,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, _) = common::api_with_ethics(&app, "deskundige").await;
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
        let id = refer(&mut police, &pcsrf).await;
        let hidden = add_item(
            &mut police,
            &pcsrf,
            &id,
            item("POL-DESKUNDIGE-cw51", "expert_only"),
        )
        .await;
        let mut shielded = item("POL-AFGESCHERMD-cw51", "table");
        shielded["origin_shielded"] = json!(true);
        let shielded = add_item(&mut police, &pcsrf, &id, shielded).await;
        // The CAW: not the expert-only item, not even its id; the shielded
        // one without any trace of its owner.
        let r = caw.get(&format!("/api/v1/cases/{id}/items")).await;
        assert_eq!(r.status, 200);
        assert!(!r.body.contains("POL-DESKUNDIGE-cw51") && !r.body.contains(&hidden));
        assert!(r.body.contains("POL-AFGESCHERMD-cw51"));
        assert!(!r.body.contains(POLICE), "shielded origin: {}", r.body);
        let seen = r.json()["items"].as_array().unwrap().clone();
        assert_eq!(seen.len(), 1);
        assert_eq!(find(&seen, &shielded).unwrap()["origin"], Value::Null);
        // The expert sees both; the shielded origin stays shielded for the expert too.
        let r = expert.get(&format!("/api/v1/cases/{id}/items")).await;
        assert!(r.body.contains("POL-DESKUNDIGE-cw51"));
        let seen = r.json()["items"].as_array().unwrap().clone();
        assert_eq!(find(&seen, &shielded).unwrap()["origin"], Value::Null);
        assert_eq!(find(&seen, &hidden).unwrap()["origin"], POLICE);
        assert_eq!(find(&seen, &hidden).unwrap()["sharing"], "expert_only");
        // The owner sees its own origin.
        let own = items(&mut police, &id).await;
        assert_eq!(find(&own, &shielded).unwrap()["origin"], POLICE);
        // The CAW cannot act on an item it does not own, seen or not.
        for it in [&hidden, &shielded] {
            let r = owner_action(&mut caw, &ccsrf, &id, it, "withdraw").await;
            assert_error(&r, 403, "forbidden");
        }
        assert_eq!(items(&mut police, &id).await.len(), 2);
        assert!(
            items(&mut police, &id)
                .await
                .iter()
                .all(|i| i["withdrawn"] == false)
        );
    }
);

scenario!(
    a_withdrawn_item_is_gone_for_others,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut caw, _) = common::api_with_ethics(&app, "caw").await;
        let id = case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let caw_org = table_org(&mut expert, &id, CAW).await;
        let it = add_item(
            &mut police,
            &pcsrf,
            &id,
            item("POL-INGETROKKEN-cw51", "table"),
        )
        .await;
        assert_eq!(
            owner_action(&mut police, &pcsrf, &id, &it, "consent")
                .await
                .status,
            204
        );
        // Sent with the item while it could travel.
        let r = expert
            .post_json(
                &format!("/api/v1/cases/{id}/feedback"),
                feedback_to(&caw_org, "Na de tafel", &[&it]),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        assert!(
            caw.get(&format!("/api/v1/cases/{id}/feedback"))
                .await
                .body
                .contains("POL-INGETROKKEN-cw51")
        );
        assert!(find(&items(&mut caw, &id).await, &it).is_some());
        let r = owner_action(&mut police, &pcsrf, &id, &it, "withdraw").await;
        assert_eq!(r.status, 204, "{}", r.body);
        // Gone for the CAW and the expert, everywhere; the owner still sees it, withdrawn.
        for c in [&mut caw, &mut expert] {
            for p in ["items", "feedback", "assessment", "trajectory"] {
                let r = c.get(&format!("/api/v1/cases/{id}/{p}")).await;
                assert_eq!(r.status, 200, "{p}: {}", r.body);
                assert!(!r.body.contains("POL-INGETROKKEN-cw51"), "{p}: {}", r.body);
            }
        }
        let r = expert.get(&format!("/api/v1/cases/{id}/fiche")).await;
        assert!(!r.body.contains("POL-INGETROKKEN-cw51"));
        let own = items(&mut police, &id).await;
        assert_eq!(find(&own, &it).unwrap()["withdrawn"], true);
        // And it can no longer be used.
        let r = expert
            .post_json(
                &format!("/api/v1/cases/{id}/assessment"),
                assessment(&[&it]),
                Some(&ecsrf),
            )
            .await;
        assert_error(&r, 422, "withdrawn");
        let r = expert
            .post_json(
                &format!("/api/v1/cases/{id}/feedback"),
                feedback_to(&caw_org, "Nog eens", &[&it]),
                Some(&ecsrf),
            )
            .await;
        assert_error(&r, 422, "withdrawn");
    }
);

scenario!(
    an_item_without_consent_is_not_used,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
        let id = case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let case = |p: &str| format!("/api/v1/cases/{id}{p}");
        let caw_org = table_org(&mut expert, &id, CAW).await;
        let it = add_item(&mut police, &pcsrf, &id, item("POL-ZONDER-cw51", "table")).await;
        // The CAW's item under professional secrecy, with consent.
        let mut secret = item("CAW-GEHEIM-cw51", "table");
        secret["professional_secrecy"] = json!(true);
        let secret = add_item(&mut caw, &ccsrf, &id, secret).await;
        assert_eq!(
            owner_action(&mut caw, &ccsrf, &id, &secret, "consent")
                .await
                .status,
            204
        );
        // Not offered, and refused with the rule's code.
        let v = expert.get(&case("/assessment")).await.json();
        assert!(!v["citable_items"].to_string().contains(&it));
        let r = expert
            .post_json(&case("/assessment"), assessment(&[&it]), Some(&ecsrf))
            .await;
        assert_error(&r, 422, "consent_missing");
        assert!(r.json()["message"].as_str().is_some_and(|m| !m.is_empty()));
        assert_eq!(
            expert.get(&case("/assessment")).await.json()["assessments"],
            json!([])
        );
        let v = expert.get(&case("/feedback")).await.json();
        assert!(!v["citable_items"].to_string().contains(&it));
        let r = expert
            .post_json(
                &case("/feedback"),
                feedback_to(&caw_org, "Na de tafel", &[&it]),
                Some(&ecsrf),
            )
            .await;
        assert_error(&r, 422, "consent_missing");
        assert_eq!(
            caw.get(&case("/feedback")).await.json()["feedback"],
            json!([])
        );
        // The fiche leaves it out, and never holds professional secrecy.
        let preview = expert.get(&case("/fiche")).await;
        assert!(!preview.body.contains("POL-ZONDER-cw51"));
        assert!(!preview.body.contains("CAW-GEHEIM-cw51"));
        // An item from another case is not this case's to cite.
        let other = refer(&mut police, &pcsrf).await;
        let foreign = add_item(&mut police, &pcsrf, &other, item("ANDER-cw51", "table")).await;
        assert_eq!(
            owner_action(&mut police, &pcsrf, &other, &foreign, "consent")
                .await
                .status,
            204
        );
        let r = expert
            .post_json(&case("/assessment"), assessment(&[&foreign]), Some(&ecsrf))
            .await;
        assert_error(&r, 422, "item_not_in_case");
        let r = owner_action(&mut police, &pcsrf, &id, &foreign, "withdraw").await;
        assert_error(&r, 404, "not_found");
        // With consent, the same requests pass; taking it back blocks again.
        assert_eq!(
            owner_action(&mut police, &pcsrf, &id, &it, "consent")
                .await
                .status,
            204
        );
        let r = expert
            .post_json(&case("/assessment"), assessment(&[&it]), Some(&ecsrf))
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        assert!(
            expert
                .get(&case("/fiche"))
                .await
                .body
                .contains("POL-ZONDER-cw51")
        );
        assert_eq!(
            owner_action(&mut police, &pcsrf, &id, &it, "revoke_consent")
                .await
                .status,
            204
        );
        let r = expert
            .post_json(
                &case("/feedback"),
                feedback_to(&caw_org, "Na de tafel", &[&it]),
                Some(&ecsrf),
            )
            .await;
        assert_error(&r, 422, "consent_missing");
        assert!(
            !expert
                .get(&case("/fiche"))
                .await
                .body
                .contains("POL-ZONDER-cw51")
        );
    }
);

scenario!(
    outside_the_table_every_get_is_refused,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let id = case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let it = add_item(&mut police, &pcsrf, &id, item("POL-BUITEN-cw51", "table")).await;
        let gets = ["items", "assessment", "trajectory", "feedback", "fiche"];
        // Roles that never see cases.
        for name in ["stuurgroep", "referentie", "dpo", "beheerder"] {
            let (mut c, csrf) = common::api_login(&app, name).await;
            for p in gets {
                let r = c.get(&format!("/api/v1/cases/{id}/{p}")).await;
                assert_error(&r, 403, "forbidden");
                assert!(!r.body.contains("cw51"), "{name} {p}");
            }
            let r = put_json(
                &mut c,
                &format!("/api/v1/cases/{id}/knowledge"),
                json!({"known": true, "followed_up": true}),
                Some(&csrf),
            )
            .await;
            assert_error(&r, 403, "forbidden");
            let r = c
                .post_json(
                    &format!("/api/v1/cases/{id}/items"),
                    item("x", "table"),
                    Some(&csrf),
                )
                .await;
            assert_error(&r, 403, "forbidden");
        }
        // A partner at the table must accept the code of ethics first.
        let (mut clb, _) = common::api_login(&app, "clb").await;
        for p in gets {
            let r = clb.get(&format!("/api/v1/cases/{id}/{p}")).await;
            assert_error(&r, 403, "ethics_code_not_accepted");
        }
        // A partner without a seat at the table: free the VDAB seat.
        let (mut vdab, vcsrf) = common::api_with_ethics(&app, "vdab").await;
        assert_eq!(
            vdab.get(&format!("/api/v1/cases/{id}/items")).await.status,
            200
        );
        let sn = app
            .db
            .read(|c| verbind_store::models::tenant::find_by_slug(c, "sint-niklaas"))
            .unwrap()
            .unwrap();
        let seat = app
            .db
            .read(|c| {
                verbind_store::models::body::find_seat_by_slug(
                    c,
                    &sn.tenant_id(),
                    "partnertafel",
                    "partnertafel-vdab",
                )
            })
            .unwrap()
            .unwrap();
        app.db
            .write(|c| {
                verbind_store::models::body::assign_seat(
                    c,
                    &sn.tenant_id(),
                    &verbind_domain::SeatId::from_db(seat.id.clone()),
                    None,
                )
            })
            .unwrap();
        for p in gets {
            let r = vdab.get(&format!("/api/v1/cases/{id}/{p}")).await;
            assert_error(&r, 403, "forbidden");
            assert!(!r.body.contains("cw51"), "vdab {p}");
        }
        let r = put_json(
            &mut vdab,
            &format!("/api/v1/cases/{id}/knowledge"),
            json!({"known": true, "followed_up": true}),
            Some(&vcsrf),
        )
        .await;
        assert_error(&r, 403, "forbidden");
        let r = owner_action(&mut vdab, &vcsrf, &id, &it, "withdraw").await;
        assert_error(&r, 403, "forbidden");
        // The fiche: the expert and the police only, not another partner at the table.
        let (mut caw, _) = common::api_with_ethics(&app, "caw").await;
        assert_error(
            &caw.get(&format!("/api/v1/cases/{id}/fiche")).await,
            403,
            "forbidden",
        );
        assert_eq!(
            caw.get(&format!("/api/v1/cases/{id}/items")).await.status,
            200
        );
        // Unknown cases are not found.
        for p in gets {
            let r = expert
                .get(&format!(
                    "/api/v1/cases/00000000-0000-4000-8000-000000000000/{p}"
                ))
                .await;
            assert_error(&r, 404, "not_found");
            let r = expert.get(&format!("/api/v1/cases/niet-een-id/{p}")).await;
            assert_error(&r, 404, "not_found");
        }
    }
);

scenario!(
    every_state_change_needs_the_csrf_token,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let id = case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let caw_org = table_org(&mut expert, &id, CAW).await;
        let it = add_item(&mut police, &pcsrf, &id, item("POL-CSRF-cw51", "table")).await;
        let r = expert
            .post_json(
                &format!("/api/v1/cases/{id}/trajectory/actions"),
                json!({"description": "x", "responsible": caw_org, "due_date": "2026-12-01"}),
                Some(&ecsrf),
            )
            .await;
        let action = r.json()["id"].as_str().unwrap().to_owned();
        let case = |p: &str| format!("/api/v1/cases/{id}{p}");
        let posts = [
            (case("/items"), item("NIEUW-cw51", "table")),
            (case(&format!("/items/{it}/consent")), json!({})),
            (case(&format!("/items/{it}/withdraw")), json!({})),
            (
                case("/assessment"),
                json!({"findings": {"intentie": "x"}, "radicalisation": "no", "security_risk": "no"}),
            ),
            (
                case("/trajectory/actions"),
                json!({"description": "y", "responsible": caw_org, "due_date": "2026-12-01"}),
            ),
            (
                case(&format!("/trajectory/actions/{action}")),
                json!({"step": "accept"}),
            ),
            (case("/feedback"), feedback_to(&caw_org, "x", &[])),
            (case("/fiche"), json!({})),
        ];
        for c in [&mut police, &mut expert] {
            for (path, body) in &posts {
                for token in [None, Some("fout"), Some("")] {
                    let r = c.post_json(path, body.clone(), token).await;
                    assert_error(&r, 403, "csrf");
                }
            }
            for token in [None, Some("fout")] {
                let r = put_json(
                    c,
                    &case("/knowledge"),
                    json!({"known": true, "followed_up": true}),
                    token,
                )
                .await;
                assert_error(&r, 403, "csrf");
            }
        }
        // Another session's token does not count either.
        let r = police
            .post_json(
                &case(&format!("/items/{it}/withdraw")),
                json!({}),
                Some(&ecsrf),
            )
            .await;
        assert_error(&r, 403, "csrf");
        // Nothing happened.
        let own = items(&mut police, &id).await;
        assert_eq!(own.len(), 1);
        assert_eq!(own[0]["withdrawn"], false);
        assert_eq!(own[0]["consent_for_use"], false);
        let v = expert.get(&case("/assessment")).await.json();
        assert_eq!(v["assessments"], json!([]));
        let v = expert.get(&case("/trajectory")).await.json();
        assert_eq!(v["actions"].as_array().unwrap().len(), 1);
        assert_eq!(
            v["actions"][0]["awaiting_acceptance_by"]
                .as_array()
                .unwrap()
                .len(),
            6,
            "nobody accepted"
        );
        assert_eq!(
            expert.get(&case("/feedback")).await.json()["feedback"],
            json!([])
        );
        assert_eq!(expert.get(&case("/fiche")).await.json()["sent"], json!([]));
        let sn = app
            .db
            .read(|c| verbind_store::models::tenant::find_by_slug(c, "sint-niklaas"))
            .unwrap()
            .unwrap();
        let row = app
            .db
            .read(|c| verbind_store::models::case::find(c, &sn.tenant_id(), &id))
            .unwrap();
        let kr = app.state.keyring.clone();
        let answers = app
            .db
            .read(|c| verbind_store::models::knowledge::answers(c, &kr, &row))
            .unwrap();
        assert!(answers.is_empty());
    }
);

scenario!(
    the_openapi_document_lists_the_case_work,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        let r = c.get("/api/v1/openapi.json").await;
        assert_eq!(r.status, 200);
        let spec = r.json();
        for (path, methods) in [
            ("/api/v1/cases/{id}/knowledge", &["put"][..]),
            ("/api/v1/cases/{id}/items", &["get", "post"]),
            ("/api/v1/cases/{id}/items/{item_id}/{action}", &["post"]),
            ("/api/v1/cases/{id}/assessment", &["get", "post"]),
            ("/api/v1/cases/{id}/trajectory", &["get"]),
            ("/api/v1/cases/{id}/trajectory/actions", &["post"]),
            (
                "/api/v1/cases/{id}/trajectory/actions/{action_id}",
                &["post"],
            ),
            ("/api/v1/cases/{id}/feedback", &["get", "post"]),
            ("/api/v1/cases/{id}/fiche", &["get", "post"]),
        ] {
            for m in methods {
                let op = &spec["paths"][path][m];
                assert!(op.is_object(), "{m} {path} documented");
                assert!(op["responses"]["403"].is_object(), "{m} {path}: 403");
            }
        }
        for schema in [
            "KnowledgeRequest",
            "CaseItems",
            "CaseItem",
            "ItemViewer",
            "ItemRequest",
            "Created",
            "AssessmentRequest",
            "AssessmentList",
            "Assessment",
            "Findings",
            "Finding",
            "MissingRequest",
            "MissingInformation",
            "CitableItem",
            "Trajectory",
            "TrajectoryAction",
            "TrajectoryActionRequest",
            "ActionStepRequest",
            "FeedbackRequest",
            "FeedbackList",
            "FeedbackEntry",
            "CitedItem",
            "Fiches",
            "SentFiche",
            "FicheLine",
        ] {
            assert!(
                spec["components"]["schemas"][schema].is_object(),
                "{schema} in the document"
            );
        }
    }
);
