//! The LIVC-R case flow through the JSON API only (issue 3, item 12): the code
//! of ethics, referral with validation, the list and file by code, the steps
//! and their guards, the LTF check, re-authentication and the identity reveal;
//! CSRF on every POST, the roles that never see cases, unknown ids, hostile
//! bodies, the OpenAPI document, and the canary of QUALITY.md §2.3 for the
//! identity. SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, Resp, TestApp};
use serde_json::{Value, json};
use verbind_store::demo::DEMO_PASSWORD;

/// Unique markers for every identity field (the canary).
const NAME: &str = "Quirinus Canarius-api9c4e";
const ADDRESS: &str = "Kanariestraat 9c4e, 9100 Sint-Niklaas";
/// A valid national register number (mod 97) for 30/07/1985.
const NRN: &str = "85.07.30-033.28";
const NRN_DIGITS: &str = "85073003328";
const DOB_ISO: &str = "1985-07-30";
const REASON: &str = "Zorgwekkende uitspraken in de jeugdclub, reden-api9c4e";

/// Every response body an API client saw, to search for the canary.
#[derive(Default)]
struct Seen(Vec<(String, Resp)>);

impl Seen {
    fn keep(&mut self, what: &str, r: Resp) -> Value {
        let v = if r.body.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&r.body).unwrap_or(Value::Null)
        };
        self.0.push((what.to_owned(), r));
        v
    }
}

fn referral() -> Value {
    json!({
        "target_groups": ["a"],
        "name": NAME,
        "date_of_birth": DOB_ISO,
        "address": ADDRESS,
        "national_number": NRN,
        "lives_in_area": true,
        "socially_active_in_area": false,
        "reason": REASON,
        "source": "partner_member",
    })
}

/// Refers the canary person through the API; returns (id, code).
async fn refer(c: &mut Client, csrf: &str) -> (String, String) {
    let r = c.post_json("/api/v1/cases", referral(), Some(csrf)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let v = r.json();
    let id = v["id"].as_str().unwrap().to_owned();
    assert_eq!(
        r.header("location").as_deref(),
        Some(format!("/api/v1/cases/{id}").as_str())
    );
    (id, v["code"].as_str().unwrap().to_owned())
}

async fn step(c: &mut Client, csrf: &str, id: &str, body: Value) -> Resp {
    c.post_json(&format!("/api/v1/cases/{id}/transitions"), body, Some(csrf))
        .await
}

/// A POST with a raw body and content type (for hostile input).
async fn post_raw(
    c: &mut Client,
    path: &str,
    body: Vec<u8>,
    ctype: Option<&str>,
    csrf: &str,
) -> Resp {
    let cookie = c
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let mut rb = c
        .http
        .post(format!("{}{path}", c.base))
        .header("cookie", cookie)
        .header("x-csrf-token", csrf)
        .body(body);
    if let Some(t) = ctype {
        rb = rb.header("content-type", t);
    }
    let res = rb.send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    Resp {
        status,
        headers,
        body: res.text().await.unwrap(),
    }
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
    assert_eq!(
        r.header("x-request-id").as_deref(),
        v["request_id"].as_str(),
        "the same id as the header"
    );
}

/// A case the police refers and the expert brings to socio-preventive
/// follow-up, through the API only; returns its id.
async fn case_in_follow_up(
    police: &mut Client,
    pcsrf: &str,
    expert: &mut Client,
    ecsrf: &str,
) -> String {
    let (id, _) = refer(police, pcsrf).await;
    let r = step(expert, ecsrf, &id, json!({"transition": "start_screening"})).await;
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
        let r = step(expert, ecsrf, &id, json!({"transition": t})).await;
        assert_eq!(r.status, 200, "{t}: {}", r.body);
    }
    id
}

/// The id of the caller's organisation, from `GET /api/v1/me`.
async fn org_of(c: &mut Client) -> String {
    let r = c.get("/api/v1/me").await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["organisation"]["id"].as_str().unwrap().to_owned()
}

async fn propose(c: &mut Client, csrf: &str, id: &str, body: Value) -> Resp {
    c.post_json(&format!("/api/v1/cases/{id}/decisions"), body, Some(csrf))
        .await
}

async fn vote(c: &mut Client, csrf: &str, id: &str, decision: &str, v: &str) -> Resp {
    c.post_json(
        &format!("/api/v1/cases/{id}/decisions/{decision}/votes"),
        json!({"vote": v}),
        Some(csrf),
    )
    .await
}

scenario!(a_case_through_the_api_only, |app: TestApp| async move {
    let (mut police, pcsrf) = common::api_login(&app, "politie").await;
    // The code of ethics comes first.
    let r = police.get("/api/v1/ethics").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["accepted"], false);
    assert!(r.json()["version"].as_str().is_some_and(|v| !v.is_empty()));
    let r = police.get("/api/v1/cases").await;
    assert_error(&r, 403, "ethics_code_not_accepted");
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("deontologische code")
    );
    let r = police
        .post_json("/api/v1/cases", referral(), Some(&pcsrf))
        .await;
    assert_error(&r, 403, "ethics_code_not_accepted");
    let r = police
        .post_json("/api/v1/ethics/accept", json!({}), Some(&pcsrf))
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(police.get("/api/v1/ethics").await.json()["accepted"], true);
    assert_eq!(police.get("/api/v1/cases").await.json(), json!([]));

    // The police refers, with an ISO date of birth.
    let (id, code) = refer(&mut police, &pcsrf).await;
    assert_eq!(code, "SN-2026-001");
    let list = police.get("/api/v1/cases").await;
    assert_eq!(list.status, 200);
    assert!(
        !list.body.contains(NAME),
        "the list shows the code, not the name"
    );
    let rows = list.json();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    let row = &rows[0];
    assert_eq!(row["id"], id.as_str());
    assert_eq!(row["code"], "SN-2026-001");
    assert_eq!(row["state"], "aangemeld");
    assert_eq!(row["target_groups"], json!(["a"]));
    assert_eq!(row["minor"], false);
    assert_eq!(row["protective_measure"], false);
    assert_eq!(row["ltf"], "pending");
    assert!(row["updated_at"].as_str().unwrap().ends_with('Z'));

    // The expert screens; the agenda waits for the LTF check.
    let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
    let file = expert.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(file.status, 200, "{}", file.body);
    let f = file.json();
    assert_eq!(f["code"], "SN-2026-001");
    assert_eq!(f["reason"], REASON);
    assert_eq!(f["referral_source"], "partner_member");
    assert_eq!(f["lives_in_area"], true);
    assert_eq!(f["socially_active_in_area"], false);
    assert_eq!(f["may_step"], true);
    assert_eq!(f["may_record_ltf"], false);
    assert_eq!(f["history"], json!([]));
    assert!(
        f["allowed_transitions"]
            .as_array()
            .unwrap()
            .contains(&json!("start_screening"))
    );
    for key in ["name", "date_of_birth", "address", "national_number"] {
        assert!(f.get(key).is_none(), "no {key} in the case file");
    }
    let r = step(
        &mut expert,
        &ecsrf,
        &id,
        json!({"transition": "start_screening", "note": "analyse met de aanmelder"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json(), json!({"state": "screening"}));
    let r = step(
        &mut expert,
        &ecsrf,
        &id,
        json!({"transition": "put_on_agenda"}),
    )
    .await;
    assert_error(&r, 422, "ltf_not_cleared");
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("LTF-toets is nog niet geregistreerd")
    );

    // A partner takes no steps; only the police at the table records the LTF check.
    let r = step(
        &mut police,
        &pcsrf,
        &id,
        json!({"transition": "put_on_agenda"}),
    )
    .await;
    assert_error(&r, 403, "forbidden");
    let r = expert
        .post_json(
            &format!("/api/v1/cases/{id}/ltf"),
            json!({"status": "cleared"}),
            Some(&ecsrf),
        )
        .await;
    assert_error(&r, 403, "forbidden");
    let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
    let r = caw
        .post_json(
            &format!("/api/v1/cases/{id}/ltf"),
            json!({"status": "cleared"}),
            Some(&ccsrf),
        )
        .await;
    assert_error(&r, 403, "forbidden");
    assert_eq!(
        police.get(&format!("/api/v1/cases/{id}")).await.json()["may_record_ltf"],
        true
    );
    let r = police
        .post_json(
            &format!("/api/v1/cases/{id}/ltf"),
            json!({"status": "maybe"}),
            Some(&pcsrf),
        )
        .await;
    assert_error(&r, 422, "ltf_status_invalid");
    let r = police
        .post_json(
            &format!("/api/v1/cases/{id}/ltf"),
            json!({"status": "cleared"}),
            Some(&pcsrf),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.body);
    assert!(r.body.is_empty());

    // Now the agenda, the assessment and a conclusion.
    for (t, to) in [
        ("put_on_agenda", "geagendeerd"),
        ("open_assessment", "in_beoordeling"),
    ] {
        let r = step(&mut expert, &ecsrf, &id, json!({"transition": t})).await;
        assert_eq!(r.status, 200, "{t}: {}", r.body);
        assert_eq!(r.json()["state"], to);
    }
    let r = step(
        &mut expert,
        &ecsrf,
        &id,
        json!({"transition": "conclude_security_risk"}),
    )
    .await;
    assert_error(&r, 422, "security_risk_reason_missing");
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("begeleiding niet meer volstaat")
    );
    let r = step(
        &mut expert,
        &ecsrf,
        &id,
        json!({"transition": "conclude_socio_preventive"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["state"], "socio_preventief");
    // Closing needs a unanimous vote of the partners present.
    let r = step(&mut expert, &ecsrf, &id, json!({"transition": "close"})).await;
    assert_error(&r, 422, "vote_missing");
    assert!(
        r.json()["message"]
            .as_str()
            .unwrap()
            .contains("unanieme stemming")
    );
    // Illegal and unknown steps are refused; nothing changes.
    let r = step(
        &mut expert,
        &ecsrf,
        &id,
        json!({"transition": "start_screening"}),
    )
    .await;
    assert_error(&r, 422, "transition_not_allowed");
    let r = step(
        &mut expert,
        &ecsrf,
        &id,
        json!({"transition": "'; drop table cases; --"}),
    )
    .await;
    assert_error(&r, 422, "transition_not_allowed");
    let r = step(
        &mut expert,
        &ecsrf,
        &id,
        json!({"transition": "close", "note": "x".repeat(5000)}),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);

    let f = expert.get(&format!("/api/v1/cases/{id}")).await.json();
    assert_eq!(f["state"], "socio_preventief");
    assert_eq!(f["ltf"], "cleared");
    let history = f["history"].as_array().unwrap();
    let transitions: Vec<&str> = history
        .iter()
        .map(|h| h["transition"].as_str().unwrap())
        .collect();
    assert_eq!(
        transitions,
        [
            "start_screening",
            "put_on_agenda",
            "open_assessment",
            "conclude_socio_preventive"
        ]
    );
    assert_eq!(history[0]["from"], "aangemeld");
    assert_eq!(history[0]["to"], "screening");
    assert_eq!(history[0]["note"], "analyse met de aanmelder");
    assert!(history[0]["at"].as_str().unwrap().starts_with("20"));

    // Every step is audited, refused ones too; no personal data in the details.
    let rows = app
        .db
        .read(|c| {
            verbind_store::models::audit::list(
                c,
                &verbind_store::models::audit::Filter {
                    object_id: Some(id.clone()),
                    limit: 200,
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    for a in [
        "case.referred",
        "case.viewed",
        "case.transitioned",
        "case.ltf_recorded",
        "case.transition_refused",
    ] {
        assert!(actions.contains(&a), "{a} not audited");
    }
    for r in &rows {
        let d = r.detail.clone().unwrap_or_default();
        assert!(!d.contains("Canarius") && !d.contains("api9c4e"));
    }
});

scenario!(
    unanimous_closure_through_the_api_only,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
        let (mut vdab, vcsrf) = common::api_with_ethics(&app, "vdab").await;
        let id = case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let file = format!("/api/v1/cases/{id}");

        // The case file names the organisations at the table: the ids to mark present.
        let f = expert.get(&file).await.json();
        assert_eq!(f["state"], "socio_preventief");
        assert_eq!(f["decisions"], json!([]));
        let table = f["table_organisations"].as_array().unwrap().clone();
        let name_of = |org: &str| -> String {
            table
                .iter()
                .find(|o| o["id"] == org)
                .and_then(|o| o["name"].as_str())
                .unwrap_or_else(|| panic!("{org} is not at the table: {table:?}"))
                .to_owned()
        };
        let pol = org_of(&mut police).await;
        let dsp = org_of(&mut expert).await;
        let cawo = org_of(&mut caw).await;
        let vd = org_of(&mut vdab).await;
        for org in [&pol, &dsp, &cawo, &vd] {
            assert!(!name_of(org).is_empty());
        }
        let r = step(&mut expert, &ecsrf, &id, json!({"transition": "close"})).await;
        assert_error(&r, 422, "vote_missing");

        // Only the expert puts a decision to the table.
        // A decision is taken at a meeting: who votes follows from its
        // attendance (VDAB absent), never from the request.
        let m3 = common::sitting_meeting(&app, &[&pol, &dsp, &cawo]);
        let nobody = common::sitting_meeting(&app, &[]);
        let cf = expert.get(&format!("/api/v1/cases/{id}")).await.json();
        let offered = cf["decision_meetings"].as_array().unwrap();
        let m3_line = offered.iter().find(|m| m["id"] == m3.as_str()).unwrap();
        assert_eq!(m3_line["present"].as_array().unwrap().len(), 3);
        assert!(
            !offered.iter().any(|m| m["id"] == nobody.as_str()),
            "a meeting without attendance is not offered"
        );
        let close_with_three = json!({"kind": "close", "meeting_id": m3});
        for (c, csrf) in [(&mut police, &pcsrf), (&mut caw, &ccsrf)] {
            let r = propose(c, csrf, &id, close_with_three.clone()).await;
            assert_error(&r, 403, "forbidden");
        }
        // The rules of a proposal, in Dutch; nothing is proposed.
        for (body, code, text) in [
            (
                json!({"kind": "close"}),
                "meeting",
                "Kies een vergadering van deze tafel",
            ),
            (
                json!({"kind": "close", "meeting_id": nobody}),
                "nobody_present",
                "Registreer eerst de aanwezigheden",
            ),
            (
                json!({"kind": "close", "meeting_id": "00000000-0000-4000-8000-000000000000"}),
                "meeting",
                "Kies een vergadering van deze tafel",
            ),
            (
                json!({"kind": "close", "meeting_id": "niet-een-id"}),
                "meeting",
                "Kies een vergadering van deze tafel",
            ),
            (
                json!({"kind": "reopen", "meeting_id": m3}),
                "decision_kind_invalid",
                "Kies een geldig besluit",
            ),
            (
                json!({"kind": "security_risk", "meeting_id": m3}),
                "security_risk_reason_missing",
                "begeleiding niet meer volstaat",
            ),
            (
                json!({"kind": "security_risk", "meeting_id": m3, "reason": "   "}),
                "security_risk_reason_missing",
                "begeleiding niet meer volstaat",
            ),
        ] {
            let r = propose(&mut expert, &ecsrf, &id, body.clone()).await;
            assert_error(&r, 422, code);
            assert!(
                r.json()["message"].as_str().unwrap().contains(text),
                "{body}: {}",
                r.body
            );
        }
        assert_eq!(expert.get(&file).await.json()["decisions"], json!([]));

        // Put closing to the vote with police, expert and CAW present (VDAB is not).
        let r = propose(&mut expert, &ecsrf, &id, close_with_three).await;
        assert_eq!(r.status, 201, "{}", r.body);
        assert_eq!(r.header("location").as_deref(), Some(file.as_str()));
        let f = caw.get(&file).await.json();
        let decisions = f["decisions"].as_array().unwrap();
        assert_eq!(decisions.len(), 1, "{f}");
        let d = &decisions[0];
        assert_eq!(d["kind"], "close");
        assert_eq!(d["adopted"], false);
        assert_eq!(d["may_vote"], true);
        let mut voters: Vec<String> = d["votes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                assert_eq!(v["vote"], Value::Null, "no vote yet: {v}");
                v["organisation"].as_str().unwrap().to_owned()
            })
            .collect();
        voters.sort();
        let mut expected = vec![name_of(&pol), name_of(&dsp), name_of(&cawo)];
        expected.sort();
        assert_eq!(voters, expected);
        let decision = d["id"].as_str().unwrap().to_owned();
        assert_eq!(
            vdab.get(&file).await.json()["decisions"][0]["may_vote"],
            false
        );
        // Votes missing: not unanimous yet.
        let r = step(&mut expert, &ecsrf, &id, json!({"transition": "close"})).await;
        assert_error(&r, 422, "not_unanimous");

        // Police and expert agree, CAW disagrees: one dissent blocks.
        for (c, csrf, v) in [
            (&mut expert, &ecsrf, "agree"),
            (&mut police, &pcsrf, "agree"),
            (&mut caw, &ccsrf, "disagree"),
        ] {
            let r = vote(c, csrf, &id, &decision, v).await;
            assert_eq!(r.status, 204, "{v}: {}", r.body);
            assert!(r.body.is_empty());
        }
        let r = step(&mut expert, &ecsrf, &id, json!({"transition": "close"})).await;
        assert_error(&r, 422, "not_unanimous");
        assert!(
            r.json()["message"]
                .as_str()
                .unwrap()
                .contains("unanieme stemming")
        );
        let f = expert.get(&file).await.json();
        assert_eq!(f["state"], "socio_preventief");
        let d = &f["decisions"][0];
        assert_eq!(d["adopted"], false);
        let vote_of = |d: &Value, org: &str| -> Value {
            d["votes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|v| v["organisation"] == name_of(org).as_str())
                .map(|v| v["vote"].clone())
                .unwrap()
        };
        assert_eq!(vote_of(d, &cawo), "disagree");
        assert_eq!(vote_of(d, &pol), "agree");
        assert_eq!(vote_of(d, &dsp), "agree");

        // VDAB holds a seat but was not present: it cannot vote.
        let r = vote(&mut vdab, &vcsrf, &id, &decision, "agree").await;
        assert_error(&r, 403, "forbidden");
        // A bad vote, and decisions that are not this case's.
        for v in ["ja", "", "AGREE", "stem akkoord"] {
            let r = vote(&mut caw, &ccsrf, &id, &decision, v).await;
            assert_error(&r, 422, "vote_invalid");
            assert!(
                r.json()["message"]
                    .as_str()
                    .unwrap()
                    .contains("akkoord, niet akkoord of onthouding")
            );
        }
        let other = {
            let (other, _) = refer(&mut police, &pcsrf).await;
            let r = propose(
                &mut expert,
                &ecsrf,
                &other,
                json!({"kind": "close", "meeting_id": common::sitting_meeting(&app, &[&cawo])}),
            )
            .await;
            assert_eq!(r.status, 201, "{}", r.body);
            let f = caw.get(&format!("/api/v1/cases/{other}")).await.json();
            (other, f["decisions"][0]["id"].as_str().unwrap().to_owned())
        };
        for (case, dec) in [
            (id.as_str(), other.1.as_str()),
            (other.0.as_str(), decision.as_str()),
            (id.as_str(), "00000000-0000-4000-8000-000000000000"),
            (id.as_str(), "niet-een-id"),
            (id.as_str(), "1%20OR%201=1"),
            ("00000000-0000-4000-8000-000000000000", decision.as_str()),
        ] {
            let r = vote(&mut caw, &ccsrf, case, dec, "agree").await;
            assert_error(&r, 404, "not_found");
        }

        // An abstention blocks too.
        let r = vote(&mut caw, &ccsrf, &id, &decision, "abstain").await;
        assert_eq!(r.status, 204, "{}", r.body);
        let f = expert.get(&file).await.json();
        assert_eq!(vote_of(&f["decisions"][0], &cawo), "abstain");
        let r = step(&mut expert, &ecsrf, &id, json!({"transition": "close"})).await;
        assert_error(&r, 422, "not_unanimous");

        // Every organisation present agrees: the case closes, and the decision is used.
        let r = vote(&mut caw, &ccsrf, &id, &decision, "agree").await;
        assert_eq!(r.status, 204, "{}", r.body);
        let f = expert.get(&file).await.json();
        assert_eq!(f["decisions"][0]["adopted"], true);
        let r = step(
            &mut expert,
            &ecsrf,
            &id,
            json!({"transition": "close", "note": "unaniem afgesloten"}),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.json(), json!({"state": "afgesloten"}));
        let f = expert.get(&file).await.json();
        assert_eq!(f["state"], "afgesloten");
        // The adopted decision is used, and stays on file with its votes.
        assert_eq!(f["decisions"].as_array().unwrap().len(), 1);
        assert_eq!(
            f["decisions"][0]["status"], "adopted",
            "the decision is used"
        );
        assert_eq!(
            f["history"].as_array().unwrap().last().unwrap()["transition"],
            "close"
        );

        // The vote is over.
        let r = vote(&mut police, &pcsrf, &id, &decision, "disagree").await;
        assert_error(&r, 422, "decision_closed");
        assert!(
            r.json()["message"]
                .as_str()
                .unwrap()
                .contains("niet meer gestemd")
        );
        let r = vote(&mut vdab, &vcsrf, &id, &decision, "agree").await;
        assert_error(&r, 403, "forbidden");
        assert_eq!(caw.get(&file).await.json()["state"], "afgesloten");

        // Audited: the proposal and every vote cast, without personal data.
        let rows = app
            .db
            .read(|c| {
                verbind_store::models::audit::list(
                    c,
                    &verbind_store::models::audit::Filter {
                        object_id: Some(id.clone()),
                        limit: 500,
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        let count = |a: &str| rows.iter().filter(|r| r.action == a).count();
        assert_eq!(count("case.decision_proposed"), 1);
        assert_eq!(count("case.vote_cast"), 5, "every vote cast is audited");
        for r in &rows {
            let d = r.detail.clone().unwrap_or_default();
            assert!(!d.contains("Canarius") && !d.contains("api9c4e"));
        }
    }
);

scenario!(a_minor_is_marked_in_the_list, |app: TestApp| async move {
    let (mut police, csrf) = common::api_with_ethics(&app, "politie").await;
    let mut body = referral();
    body["date_of_birth"] = json!("01/04/2012");
    body["national_number"] = json!(null);
    body["target_groups"] = json!(["b"]);
    let r = police.post_json("/api/v1/cases", body, Some(&csrf)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let rows = police.get("/api/v1/cases").await.json();
    assert_eq!(rows[0]["minor"], true);
    assert_eq!(
        rows[0]["protective_measure"], true,
        "a minor who tried to travel"
    );
    assert_eq!(rows[0]["target_groups"], json!(["b"]));
});

scenario!(
    every_post_needs_the_csrf_header,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (id, _) = refer(&mut police, &pcsrf).await;
        let org = org_of(&mut police).await;
        let decision = uuid::Uuid::new_v4().to_string();
        let (mut expert, _) = common::api_login(&app, "deskundige").await;
        let posts: Vec<(String, Value)> = vec![
            ("/api/v1/ethics/accept".into(), json!({})),
            ("/api/v1/cases".into(), referral()),
            (
                format!("/api/v1/cases/{id}/transitions"),
                json!({"transition": "start_screening"}),
            ),
            (
                format!("/api/v1/cases/{id}/ltf"),
                json!({"status": "cleared"}),
            ),
            (
                format!("/api/v1/cases/{id}/identity"),
                json!({"purpose": "p"}),
            ),
            (
                "/api/v1/session/reauth".into(),
                json!({"password": DEMO_PASSWORD}),
            ),
            (
                format!("/api/v1/cases/{id}/decisions"),
                json!({"kind": "close", "meeting_id": "x"}),
            ),
            (
                format!("/api/v1/cases/{id}/decisions/{decision}/votes"),
                json!({"vote": "disagree"}),
            ),
        ];
        for c in [&mut police, &mut expert] {
            for (path, body) in &posts {
                for token in [None, Some("fout"), Some("")] {
                    let r = c.post_json(path, body.clone(), token).await;
                    assert_error(&r, 403, "csrf");
                }
            }
        }
        // Nothing happened.
        assert_eq!(expert.get("/api/v1/ethics").await.json()["accepted"], false);
        let list = police.get("/api/v1/cases").await.json();
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!(list[0]["state"], "aangemeld");
        assert_eq!(list[0]["ltf"], "pending");
        let file = format!("/api/v1/cases/{id}");
        assert_eq!(police.get(&file).await.json()["decisions"], json!([]));
        // An open decision: neither replaced nor voted on without the token.
        let (mut ready, rcsrf) = common::api_with_ethics(&app, "deskundige").await;
        let meeting = common::sitting_meeting(&app, &[&org]);
        let r = propose(
            &mut ready,
            &rcsrf,
            &id,
            json!({"kind": "close", "meeting_id": meeting}),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let decision = police.get(&file).await.json()["decisions"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        for token in [None, Some("fout"), Some("")] {
            let r = ready
                .post_json(
                    &format!("{file}/decisions"),
                    json!({"kind": "close", "meeting_id": meeting}),
                    token,
                )
                .await;
            assert_error(&r, 403, "csrf");
            let r = police
                .post_json(
                    &format!("{file}/decisions/{decision}/votes"),
                    json!({"vote": "agree"}),
                    token,
                )
                .await;
            assert_error(&r, 403, "csrf");
        }
        let decisions = police.get(&file).await.json()["decisions"].clone();
        assert_eq!(decisions.as_array().unwrap().len(), 1);
        assert_eq!(decisions[0]["id"], decision.as_str(), "not replaced");
        assert_eq!(decisions[0]["votes"][0]["vote"], Value::Null, "no vote");
        // The token of another session does not count either.
        let r = police
            .post_json(
                &format!("{file}/decisions/{decision}/votes"),
                json!({"vote": "agree"}),
                Some(&rcsrf),
            )
            .await;
        assert_error(&r, 403, "csrf");
        // One session's token does not work for another.
        let (_, ecsrf) = common::api_login(&app, "deskundige").await;
        let r = police
            .post_json(
                &format!("/api/v1/cases/{id}/ltf"),
                json!({"status": "cleared"}),
                Some(&ecsrf),
            )
            .await;
        assert_error(&r, 403, "csrf");
        // And without a session: 403 on POST (no token to check), 401 on GET.
        let mut anon = Client::new(&app);
        assert_error(&anon.get("/api/v1/cases").await, 401, "unauthorized");
        assert_error(
            &anon.get(&format!("/api/v1/cases/{id}")).await,
            401,
            "unauthorized",
        );
        let r = anon.post_json("/api/v1/cases", referral(), Some("x")).await;
        assert_eq!(r.status, 403);
    }
);

scenario!(
    roles_without_cases_get_403_everywhere,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (id, _) = refer(&mut police, &pcsrf).await;
        for name in ["stuurgroep", "referentie", "dpo", "beheerder"] {
            let (mut c, csrf) = common::api_login(&app, name).await;
            // Even freshly re-authenticated.
            let r = c
                .post_json(
                    "/api/v1/session/reauth",
                    json!({"password": DEMO_PASSWORD}),
                    Some(&csrf),
                )
                .await;
            assert_eq!(r.status, 204, "{name}: {}", r.body);
            for path in [
                "/api/v1/ethics".to_owned(),
                "/api/v1/cases".to_owned(),
                format!("/api/v1/cases/{id}"),
                "/api/v1/cases/00000000-0000-4000-8000-000000000000".to_owned(),
            ] {
                let r = c.get(&path).await;
                assert_error(&r, 403, "forbidden");
                assert!(!r.body.contains("SN-2026"), "{name} {path}");
            }
            for (path, body) in [
                ("/api/v1/ethics/accept".to_owned(), json!({})),
                ("/api/v1/cases".to_owned(), referral()),
                ("/api/v1/cases".to_owned(), json!({"name": 5})),
                (
                    format!("/api/v1/cases/{id}/transitions"),
                    json!({"transition": "start_screening"}),
                ),
                (
                    format!("/api/v1/cases/{id}/ltf"),
                    json!({"status": "cleared"}),
                ),
                (
                    format!("/api/v1/cases/{id}/identity"),
                    json!({"purpose": "nieuwsgierig"}),
                ),
                (
                    format!("/api/v1/cases/{id}/decisions"),
                    json!({"kind": "close", "meeting_id": "x"}),
                ),
                (
                    format!(
                        "/api/v1/cases/{id}/decisions/00000000-0000-4000-8000-000000000000/votes"
                    ),
                    json!({"vote": "agree"}),
                ),
            ] {
                let r = c.post_json(&path, body, Some(&csrf)).await;
                assert_error(&r, 403, "forbidden");
                assert!(!r.body.contains(NAME), "{name} {path}");
            }
        }
        // Nothing changed, nothing was referred by them.
        let list = police.get("/api/v1/cases").await.json();
        assert_eq!(list.as_array().unwrap().len(), 1);
        assert_eq!(list[0]["state"], "aangemeld");
        // A partner without a seat at the table: free the VDAB seat and try.
        let (mut vdab, vcsrf) = common::api_with_ethics(&app, "vdab").await;
        assert_eq!(vdab.get(&format!("/api/v1/cases/{id}")).await.status, 200);
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
        assert_error(
            &vdab.get(&format!("/api/v1/cases/{id}")).await,
            403,
            "forbidden",
        );
        assert_eq!(
            vdab.get("/api/v1/cases").await.status,
            403,
            "no seat, no list"
        );
        let r = vdab
            .post_json(
                &format!("/api/v1/cases/{id}/identity"),
                json!({"purpose": "p"}),
                Some(&vcsrf),
            )
            .await;
        assert_eq!(r.status, 403);
        assert!(!r.body.contains(NAME));
    }
);

scenario!(
    unknown_and_malformed_ids_are_404,
    |app: TestApp| async move {
        let (mut expert, csrf) = common::api_with_ethics(&app, "deskundige").await;
        assert_eq!(
            expert
                .post_json(
                    "/api/v1/session/reauth",
                    json!({"password": DEMO_PASSWORD}),
                    Some(&csrf)
                )
                .await
                .status,
            204
        );
        for id in [
            "00000000-0000-4000-8000-000000000000",
            &uuid::Uuid::new_v4().to_string(),
            "niet-een-id",
            "1%20OR%201=1",
            "SN-2026-001",
            "%2e%2e",
        ] {
            assert_error(
                &expert.get(&format!("/api/v1/cases/{id}")).await,
                404,
                "not_found",
            );
            for (suffix, body) in [
                ("transitions", json!({"transition": "start_screening"})),
                ("ltf", json!({"status": "cleared"})),
                ("identity", json!({"purpose": "voorbereiding"})),
                ("decisions", json!({"kind": "close", "meeting_id": "x"})),
                (
                    "decisions/00000000-0000-4000-8000-000000000000/votes",
                    json!({"vote": "agree"}),
                ),
            ] {
                let r = expert
                    .post_json(&format!("/api/v1/cases/{id}/{suffix}"), body, Some(&csrf))
                    .await;
                assert_error(&r, 404, "not_found");
            }
        }
        assert_eq!(
            expert
                .get("/api/v1/cases/00000000-0000-4000-8000-000000000000/onbekend")
                .await
                .status,
            404
        );
    }
);

scenario!(
    hostile_referral_bodies_never_give_a_500,
    |app: TestApp| async move {
        let (mut police, csrf) = common::api_with_ethics(&app, "politie").await;
        // Wrong types, wrong shapes, unknown properties: 422 `invalid_body`, never the value back.
        for body in [
            json!({"lives_in_area": "ja", "name": NAME}),
            json!({"target_groups": "a", "name": NAME}),
            json!({"target_groups": [1, 2], "name": NAME}),
            json!({"name": {"first": NAME}}),
            json!({"naam": NAME}),
            json!([NAME]),
            json!(null),
            json!(42),
        ] {
            let r = police
                .post_json("/api/v1/cases", body.clone(), Some(&csrf))
                .await;
            assert_error(&r, 422, "invalid_body");
            assert!(!r.body.contains("Canarius"), "{body}: {}", r.body);
            assert!(r.json()["message"].as_str().is_some_and(|m| !m.is_empty()));
        }
        // Not JSON at all, or not said to be JSON.
        for (raw, ctype, status, code) in [
            (b"{".to_vec(), Some("application/json"), 400, "bad_request"),
            (
                b"\xff\xfe\x00".to_vec(),
                Some("application/json"),
                400,
                "bad_request",
            ),
            (b"{}".to_vec(), None, 415, "unsupported_media_type"),
            (
                b"naam=x".to_vec(),
                Some("application/x-www-form-urlencoded"),
                415,
                "unsupported_media_type",
            ),
        ] {
            let r = post_raw(&mut police, "/api/v1/cases", raw, ctype, &csrf).await;
            assert_error(&r, status, code);
        }
        // Deep nesting: refused by the parser's depth limit or by the types, never a stack overflow.
        for raw in [
            "[".repeat(100_000),
            format!("{{\"name\":{}", "{\"a\":".repeat(40_000)),
        ] {
            let r = post_raw(
                &mut police,
                "/api/v1/cases",
                raw.into_bytes(),
                Some("application/json"),
                &csrf,
            )
            .await;
            assert!(r.status == 400 || r.status == 422, "{}", r.status);
            assert!(r.json()["error"].is_string());
        }
        // 300 kB: refused before it is read whole.
        let big = json!({"name": "x".repeat(300 * 1024), "reason": "r"});
        let r = police.post_json("/api/v1/cases", big, Some(&csrf)).await;
        assert_error(&r, 413, "payload_too_large");
        // Missing fields: every rule said next to its field, in Dutch.
        let r = police
            .post_json("/api/v1/cases", json!({}), Some(&csrf))
            .await;
        assert_error(&r, 422, "invalid");
        let v = r.json();
        let fields: Vec<(String, String, String)> = v["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["field"].as_str().unwrap().to_owned(),
                    f["message"].as_str().unwrap().to_owned(),
                    f["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let has = |field: &str, text: &str| {
            fields
                .iter()
                .any(|(f, m, _)| f == field && m.contains(text))
        };
        assert!(
            has("target_groups", "Kies minstens één doelgroep"),
            "{fields:?}"
        );
        assert!(
            has("lives_in_area", "woont of er sociaal actief is"),
            "{fields:?}"
        );
        assert!(has("name", "Vul de naam in"), "{fields:?}");
        assert!(has("date_of_birth", "dd/mm/jjjj"), "{fields:?}");
        assert!(has("reason", "Vul dit veld in"), "{fields:?}");
        assert!(has("source", "Kies een geldige herkomst"), "{fields:?}");
        assert!(
            fields
                .iter()
                .any(|(f, _, c)| f == "target_groups" && c == "referral-error-no-target-group")
        );
        // Rules on values: an unknown group, impossible dates (both forms), a bad
        // national number, a partner posing as the contact point, too long, control characters.
        let cases: Vec<(Value, &str, &str)> = vec![
            (
                json!({"target_groups": ["a", "c"]}),
                "target_groups",
                "Onbekende doelgroep",
            ),
            (
                json!({"date_of_birth": "31/02/2010"}),
                "date_of_birth",
                "Deze dag bestaat niet",
            ),
            (
                json!({"date_of_birth": "2010-02-31"}),
                "date_of_birth",
                "Deze dag bestaat niet",
            ),
            (
                json!({"date_of_birth": "2090-01-01"}),
                "date_of_birth",
                "in de toekomst",
            ),
            (
                json!({"date_of_birth": "2010/01/01"}),
                "date_of_birth",
                "dd/mm/jjjj",
            ),
            (
                json!({"national_number": "85.07.30-033.29"}),
                "national_number",
                "controlecijfers",
            ),
            (
                json!({"source": "contact_point"}),
                "source",
                "Kies een geldige herkomst",
            ),
            (
                json!({"name": "x".repeat(5000)}),
                "name",
                "Deze tekst is te lang",
            ),
            (
                json!({"name": format!("{NAME}\u{0007}")}),
                "name",
                "Deze tekst is te lang",
            ),
            (json!({"reason": "x".repeat(20_000)}), "reason", "te lang"),
            (
                json!({"lives_in_area": false, "socially_active_in_area": false}),
                "lives_in_area",
                "sociaal actief",
            ),
        ];
        for (patch, field, text) in cases {
            let mut body = referral();
            for (k, v) in patch.as_object().unwrap() {
                body[k] = v.clone();
            }
            let r = police.post_json("/api/v1/cases", body, Some(&csrf)).await;
            assert_error(&r, 422, "invalid");
            let v = r.json();
            let fields = v["fields"].as_array().unwrap();
            assert!(
                fields
                    .iter()
                    .any(|f| f["field"] == field && f["message"].as_str().unwrap().contains(text)),
                "{patch}: {}",
                r.body
            );
            assert!(
                !r.body.contains("Canarius"),
                "{patch}: the name is not echoed"
            );
        }
        // Hostile transition and LTF bodies too.
        let (id, _) = refer(&mut police, &csrf).await;
        for body in [
            json!({}),
            json!({"transition": 1}),
            json!({"transition": "close", "x": 1}),
        ] {
            let r = police
                .post_json(
                    &format!("/api/v1/cases/{id}/transitions"),
                    body,
                    Some(&csrf),
                )
                .await;
            assert!(r.status == 422 || r.status == 403, "{}", r.status);
        }
        for body in [json!({}), json!({"status": true}), json!([])] {
            let r = police
                .post_json(&format!("/api/v1/cases/{id}/ltf"), body, Some(&csrf))
                .await;
            assert_error(&r, 422, "invalid_body");
        }
        let r = post_raw(
            &mut police,
            &format!("/api/v1/cases/{id}/identity"),
            b"{\"purpose\":".to_vec(),
            Some("application/json"),
            &csrf,
        )
        .await;
        assert_error(&r, 400, "bad_request");
        // Decisions and votes: wrong shapes are 422 `invalid_body`, broken JSON 400, never a 500.
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let org = org_of(&mut police).await;
        let meeting = common::sitting_meeting(&app, &[&org]);
        let r = propose(
            &mut expert,
            &ecsrf,
            &id,
            json!({"kind": "close", "meeting_id": meeting}),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let decision =
            police.get(&format!("/api/v1/cases/{id}")).await.json()["decisions"][0]["id"]
                .as_str()
                .unwrap()
                .to_owned();
        let decisions = format!("/api/v1/cases/{id}/decisions");
        let votes = format!("/api/v1/cases/{id}/decisions/{decision}/votes");
        for body in [
            json!({}),
            json!({"present": [org]}),
            json!({"kind": 1, "meeting_id": meeting}),
            json!({"kind": "close", "meeting_id": [meeting]}),
            json!({"kind": "close", "meeting_id": 1}),
            json!({"kind": "close", "meeting_id": meeting, "reason": 5}),
            json!({"kind": "close", "meeting_id": meeting, "x": 1}),
            json!([NAME]),
            json!(["close", [org]]),
            json!(null),
        ] {
            let r = expert
                .post_json(&decisions, body.clone(), Some(&ecsrf))
                .await;
            assert_error(&r, 422, "invalid_body");
            assert!(!r.body.contains("Canarius"), "{body}: {}", r.body);
        }
        for body in [
            json!({}),
            json!({"vote": true}),
            json!({"vote": ["agree"]}),
            json!({"vote": "agree", "decision": decision}),
            json!("agree"),
            json!(["agree"]),
            json!(null),
        ] {
            let r = police.post_json(&votes, body.clone(), Some(&csrf)).await;
            assert_error(&r, 422, "invalid_body");
        }
        for path in [&decisions, &votes] {
            for (raw, ctype, status, code) in [
                (b"{".to_vec(), Some("application/json"), 400, "bad_request"),
                (
                    b"{\"vote\": \"agree\"".to_vec(),
                    Some("application/json"),
                    400,
                    "bad_request",
                ),
                (
                    b"\xff\xfe\x00".to_vec(),
                    Some("application/json"),
                    400,
                    "bad_request",
                ),
                (
                    b"{\"vote\": \"agree\"}".to_vec(),
                    None,
                    415,
                    "unsupported_media_type",
                ),
                (
                    b"vote=agree".to_vec(),
                    Some("application/x-www-form-urlencoded"),
                    415,
                    "unsupported_media_type",
                ),
            ] {
                let c = if path == &decisions {
                    &mut expert
                } else {
                    &mut police
                };
                let t = if path == &decisions { &ecsrf } else { &csrf };
                let r = post_raw(c, path, raw, ctype, t).await;
                assert_error(&r, status, code);
            }
            let r = post_raw(
                &mut police,
                path,
                "[".repeat(100_000).into_bytes(),
                Some("application/json"),
                &csrf,
            )
            .await;
            assert!(r.status == 400 || r.status == 422, "{}", r.status);
            assert!(r.json()["error"].is_string());
        }
        let big = json!({"kind": "close", "meeting_id": "x".repeat(300 * 1024)});
        let r = expert.post_json(&decisions, big, Some(&ecsrf)).await;
        assert_error(&r, 413, "payload_too_large");
        // Still the one open decision, without votes.
        let f = police.get(&format!("/api/v1/cases/{id}")).await.json();
        assert_eq!(f["decisions"].as_array().unwrap().len(), 1);
        assert_eq!(f["decisions"][0]["id"], decision.as_str());
        assert_eq!(f["decisions"][0]["votes"][0]["vote"], Value::Null);
        // Only the one valid referral exists.
        let list = police.get("/api/v1/cases").await.json();
        assert_eq!(list.as_array().unwrap().len(), 1);
    }
);

scenario!(
    revealing_needs_reauthentication_then_a_purpose,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (id, _) = refer(&mut police, &pcsrf).await;
        let (mut expert, csrf) = common::api_with_ethics(&app, "deskundige").await;
        let path = format!("/api/v1/cases/{id}/identity");
        let r = expert
            .post_json(
                &path,
                json!({"purpose": "voorbereiding gesprek"}),
                Some(&csrf),
            )
            .await;
        assert_error(&r, 403, "reauth_required");
        assert!(r.json()["message"].as_str().unwrap().contains("Bevestig"));
        // A wrong password is refused (and audited).
        let r = expert
            .post_json(
                "/api/v1/session/reauth",
                json!({"password": "fout-fout-fout"}),
                Some(&csrf),
            )
            .await;
        assert_error(&r, 401, "reauth_failed");
        let r = expert
            .post_json(
                &path,
                json!({"purpose": "voorbereiding gesprek"}),
                Some(&csrf),
            )
            .await;
        assert_error(&r, 403, "reauth_required");
        let r = expert
            .post_json(
                "/api/v1/session/reauth",
                json!({"password": DEMO_PASSWORD}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
        for body in [json!({"purpose": "   "}), json!({}), json!({"purpose": ""})] {
            let r = expert.post_json(&path, body, Some(&csrf)).await;
            assert_error(&r, 403, "purpose_required");
            assert!(
                r.json()["message"]
                    .as_str()
                    .unwrap()
                    .contains("waarom u de identiteit nodig hebt")
            );
            assert!(!r.body.contains(NAME));
        }
        // Too long a purpose is said as such, not as a missing one.
        let r = expert
            .post_json(&path, json!({"purpose": "w".repeat(501)}), Some(&csrf))
            .await;
        assert_error(&r, 422, "purpose_too_long");
        assert!(r.json()["message"].as_str().unwrap().contains("500"));
        assert!(!r.body.contains(NAME));
        let r = expert
            .post_json(
                &path,
                json!({"purpose": "voorbereiding gesprek met de ouders"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(
            r.json(),
            json!({
                "name": NAME,
                "date_of_birth": DOB_ISO,
                "address": ADDRESS,
                "national_number": NRN_DIGITS,
            })
        );
        assert_eq!(r.header("cache-control").as_deref(), Some("no-store"));
        // Audited, with the purpose sealed.
        let rows = app
            .db
            .read(|c| {
                verbind_store::models::audit::list(
                    c,
                    &verbind_store::models::audit::Filter {
                        action: Some("case.identity_revealed".into()),
                        limit: 20,
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        assert_eq!(rows.iter().filter(|r| r.outcome == "ok").count(), 1);
        assert!(rows.iter().filter(|r| r.outcome == "denied").count() >= 5);
        let reauths = app
            .db
            .read(|c| {
                verbind_store::models::audit::list(
                    c,
                    &verbind_store::models::audit::Filter {
                        action: Some("reauth.failed".into()),
                        limit: 20,
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        assert_eq!(reauths.len(), 1, "the failed re-authentication is audited");
        // A partner at the table may reveal too, on the same terms.
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
        let r = caw
            .post_json(&path, json!({"purpose": "begeleiding"}), Some(&ccsrf))
            .await;
        assert_error(&r, 403, "reauth_required");
    }
);

scenario!(
    canary_the_identity_appears_only_in_the_reveal,
    |app: TestApp| async move {
        let mut seen = Seen::default();
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let r = police
            .post_json("/api/v1/cases", referral(), Some(&pcsrf))
            .await;
        let id = seen.keep("refer", r)["id"].as_str().unwrap().to_owned();
        let ids = id.as_str();
        let case = |p: &str| format!("/api/v1/cases/{ids}{p}");
        seen.keep("list police", police.get("/api/v1/cases").await);
        seen.keep("list expert", expert.get("/api/v1/cases").await);
        seen.keep("file police", police.get(&case("")).await);
        seen.keep("file expert", expert.get(&case("")).await);
        for (who, c, csrf) in [
            ("police", &mut police, pcsrf.as_str()),
            ("expert", &mut expert, ecsrf.as_str()),
        ] {
            for t in [
                "start_screening",
                "put_on_agenda",
                "close",
                "conclude_security_risk",
                "onbekend",
            ] {
                let r = step(c, csrf, ids, json!({"transition": t})).await;
                seen.keep(&format!("step {t} {who}"), r);
            }
            for status in ["cleared", "fout"] {
                let r = c
                    .post_json(&case("/ltf"), json!({"status": status}), Some(csrf))
                    .await;
                seen.keep(&format!("ltf {status} {who}"), r);
            }
            let r = c
                .post_json(&case("/identity"), json!({"purpose": "p"}), Some(csrf))
                .await;
            seen.keep(&format!("reveal without reauth {who}"), r);
            seen.keep(&format!("file after {who}"), c.get(&case("")).await);
            seen.keep(&format!("me {who}"), c.get("/api/v1/me").await);
            seen.keep(&format!("ethics {who}"), c.get("/api/v1/ethics").await);
        }
        let r = step(
            &mut expert,
            &ecsrf,
            ids,
            json!({"transition": "open_assessment"}),
        )
        .await;
        seen.keep("open assessment", r);
        // Error paths: a second referral of the same person with one bad field, 404s, CSRF.
        let mut bad = referral();
        bad["date_of_birth"] = json!("31/02/1985");
        let r = police.post_json("/api/v1/cases", bad, Some(&pcsrf)).await;
        seen.keep("invalid referral", r);
        let mut wrong = referral();
        wrong["lives_in_area"] = json!(NAME);
        let r = police.post_json("/api/v1/cases", wrong, Some(&pcsrf)).await;
        seen.keep("wrong type", r);
        let r = police.post_json("/api/v1/cases", referral(), None).await;
        seen.keep("csrf", r);
        seen.keep("404", police.get("/api/v1/cases/niet-een-id").await);
        seen.keep("openapi", police.get("/api/v1/openapi.json").await);
        for (what, r) in &seen.0 {
            assert!(r.status < 500, "{what}: {}", r.status);
            for marker in [
                NAME,
                "Canarius",
                ADDRESS,
                "9c4e, 9100",
                NRN,
                NRN_DIGITS,
                DOB_ISO,
                "30/07/1985",
            ] {
                assert!(
                    !r.body.contains(marker),
                    "{marker} leaked in {what}: {}",
                    r.body
                );
                for (h, v) in &r.headers {
                    assert!(
                        !v.to_str().unwrap_or_default().contains(marker),
                        "{marker} in header {h} of {what}"
                    );
                }
            }
        }
        // The one place it shows: the reveal, after re-authentication and with a purpose.
        let r = expert
            .post_json(
                "/api/v1/session/reauth",
                json!({"password": DEMO_PASSWORD}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 204);
        let r = expert
            .post_json(
                &case("/identity"),
                json!({"purpose": "huisbezoek voorbereiden"}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 200);
        assert!(r.body.contains(NAME));
        assert!(r.body.contains(ADDRESS));
        // And not afterwards.
        let after = expert.get(&case("")).await;
        assert!(!after.body.contains(NAME));
        // Nor in the audit trail's readable columns.
        let rows = common::audit_rows(&app, 1000);
        for r in &rows {
            let text = format!("{:?} {:?} {:?}", r.action, r.detail, r.object_id);
            assert!(!text.contains("Canarius") && !text.contains(NRN_DIGITS));
        }
    }
);

scenario!(
    the_openapi_document_lists_every_case_path,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        let spec = c.get("/api/v1/openapi.json").await.json();
        for (path, methods) in [
            ("/api/v1/session", &["post", "delete"][..]),
            ("/api/v1/session/reauth", &["post"]),
            ("/api/v1/me", &["get"]),
            ("/api/v1/ethics", &["get"]),
            ("/api/v1/ethics/accept", &["post"]),
            ("/api/v1/ethics/versions", &["post"]),
            ("/api/v1/cases", &["get", "post"]),
            ("/api/v1/cases/{id}", &["get"]),
            ("/api/v1/cases/{id}/transitions", &["post"]),
            ("/api/v1/cases/{id}/ltf", &["post"]),
            ("/api/v1/cases/{id}/identity", &["post"]),
            ("/api/v1/cases/{id}/decisions", &["post"]),
            (
                "/api/v1/cases/{id}/decisions/{decision_id}/votes",
                &["post"],
            ),
        ] {
            for m in methods {
                assert!(spec["paths"][path][m].is_object(), "{m} {path} documented");
            }
        }
        for schema in [
            "CaseListItem",
            "CaseFile",
            "HistoryEntry",
            "ReferralRequest",
            "ReferralCreated",
            "ValidationError",
            "FieldError",
            "TransitionRequest",
            "StateResponse",
            "LtfRequest",
            "IdentityRequest",
            "IdentityResponse",
            "ReauthRequest",
            "EthicsStatus",
            "EthicsChange",
            "EthicsAcceptRequest",
            "EthicsVersionRequest",
            "EthicsVersionPublished",
            "RuleError",
            "CaseDecision",
            "DecisionVote",
            "DecisionRequest",
            "VoteRequest",
            "NamedRef",
        ] {
            assert!(
                spec["components"]["schemas"][schema].is_object(),
                "{schema} documented"
            );
        }
        // No identity property in anything but the reveal's response and the referral.
        let file_props = &spec["components"]["schemas"]["CaseFile"]["properties"];
        assert!(file_props["decisions"].is_object(), "CaseFile.decisions");
        assert!(
            file_props["table_organisations"].is_object(),
            "CaseFile.table_organisations"
        );
        for schema in [
            "CaseListItem",
            "CaseFile",
            "HistoryEntry",
            "StateResponse",
            "CaseDecision",
            "DecisionVote",
        ] {
            let props = &spec["components"]["schemas"][schema]["properties"];
            for p in ["name", "date_of_birth", "address", "national_number"] {
                assert!(props.get(p).is_none(), "{schema}.{p}");
            }
        }
        // Every documented route answers (not 404/405) for a logged-in expert.
        let (mut expert, _) = common::api_login(&app, "deskundige").await;
        for path in spec["paths"].as_object().unwrap().keys() {
            if spec["paths"][path]["get"].is_object() {
                let p = path.replace("{id}", "00000000-0000-4000-8000-000000000000");
                let r = expert.get(&p).await;
                assert!(r.status < 500, "{p}: {}", r.status);
                if !path.contains("{id}") {
                    assert_ne!(r.status, 404, "{p}");
                }
            }
        }
    }
);
