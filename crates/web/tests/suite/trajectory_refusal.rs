//! Refusing a proposed action of the follow-up trajectory (issue 3, item 8;
//! plan 2.4.4: every step is known to and accepted by every partner), and the
//! due date of a new action. An organisation at the table refuses for itself
//! with a required reason, sealed at rest and shown to the table; one refusal
//! keeps the action from starting; accepting later replaces it; a started,
//! done or stopped action is not refused; every refusal is audited. A new
//! action is not due before today (the application's clock). Pages and JSON
//! API, SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, Resp, TestApp};
use serde_json::{Value, json};

const CAW: &str = "CAW Oost-Vlaanderen";
const POLICE: &str = "Lokale politie Sint-Niklaas";
const DAY: i64 = 24 * 60 * 60 * 1000;
/// A refusal reason with a marker to look for at rest and in the trail.
const REASON: &str = "Geen capaciteit tot januari, weigering-rf71";
const MARKER: &str = "weigering-rf71";

/// The accounts of the organisations at the Sint-Niklaas Partnertafel.
const TABLE: [&str; 6] = [
    "deskundige",
    "politie",
    "caw",
    "clb",
    "vdab",
    "justitiehuis",
];

struct Setup {
    expert: Client,
    ecsrf: String,
    police: Client,
    pcsrf: String,
    id: String,
    code: String,
}

/// A case in socio-preventive follow-up, through the API.
async fn setup(app: &TestApp) -> Setup {
    let (mut police, pcsrf) = common::api_with_ethics(app, "politie").await;
    let (mut expert, ecsrf) = common::api_with_ethics(app, "deskundige").await;
    let (id, code) = common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
    Setup {
        expert,
        ecsrf,
        police,
        pcsrf,
        id,
        code,
    }
}

/// The id of the organisation at the case's table called `name` (the expert sees them).
async fn table_org(expert: &mut Client, id: &str, name: &str) -> String {
    let t = expert
        .get(&format!("/api/v1/cases/{id}/trajectory"))
        .await
        .json();
    t["table_organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == name)
        .unwrap_or_else(|| panic!("{name} at the table: {t}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn propose(c: &mut Client, csrf: &str, id: &str, responsible: &str, due: &str) -> Resp {
    c.post_json(
        &format!("/api/v1/cases/{id}/trajectory/actions"),
        json!({"description": "Begeleidingsgesprek-rf71", "responsible": responsible, "due_date": due}),
        Some(csrf),
    )
    .await
}

/// The expert proposes an action the CAW carries out, due mid-December; its id.
async fn proposed_action(s: &mut Setup) -> String {
    let caw_org = table_org(&mut s.expert, &s.id, CAW).await;
    let r = propose(&mut s.expert, &s.ecsrf, &s.id, &caw_org, "2026-12-15").await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.json()["id"].as_str().unwrap().to_owned()
}

async fn step(c: &mut Client, csrf: &str, id: &str, action: &str, body: Value) -> Resp {
    c.post_json(
        &format!("/api/v1/cases/{id}/trajectory/actions/{action}"),
        body,
        Some(csrf),
    )
    .await
}

/// The action as `c` sees it in the trajectory.
async fn action_of(c: &mut Client, id: &str, action: &str) -> Value {
    let t = c.get(&format!("/api/v1/cases/{id}/trajectory")).await;
    assert_eq!(t.status, 200, "{}", t.body);
    t.json()["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == action)
        .unwrap_or_else(|| panic!("action {action} in {}", t.body))
        .clone()
}

fn assert_error(r: &Resp, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.json()["error"], code, "{}", r.body);
}

/// Every other organisation at the table (than `except`) accepts, each with
/// a fresh API session.
async fn others_accept(app: &TestApp, id: &str, action: &str, except: &[&str]) {
    for name in TABLE.iter().filter(|n| !except.contains(n)) {
        let (mut c, csrf) = common::api_with_ethics(app, name).await;
        let r = step(&mut c, &csrf, id, action, json!({"step": "accept"})).await;
        assert_eq!(r.status, 204, "{name}: {}", r.body);
    }
}

/// The "actions" line of a partner's "Te doen" on its start page.
async fn todo_actions(c: &mut Client) -> String {
    let body = c.get("/").await.body;
    crate::todo::line(&body, "actions").to_owned()
}

scenario!(
    a_partner_refuses_on_the_page_and_the_table_sees_why,
    |app: TestApp| async move {
        let mut s = setup(&app).await;
        let action = proposed_action(&mut s).await;
        let page = format!("/casussen/{}/traject", s.id);
        let refuse = format!("{page}/{action}/weigeren");

        // The CAW sees "Weigeren" with a reason next to "Aanvaarden".
        let (mut caw, _) = common::api_with_ethics(&app, "caw").await;
        let body = caw.get(&page).await.body;
        assert!(body.contains(&format!("action=\"{refuse}\"")), "{body}");
        assert!(body.contains(&format!("{page}/{action}/aanvaarden")));
        assert!(body.contains("Reden van de weigering"));
        let csrf = common::csrf_in(&body).unwrap();

        // Without a reason: refused next to the form, nothing recorded.
        let r = caw
            .post_form(&refuse, &[("csrf", &csrf), ("reden", "   ")])
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(
            r.body
                .contains("Geef de reden waarom uw organisatie deze actie weigert."),
            "{}",
            r.body
        );
        assert_eq!(
            action_of(&mut caw, &s.id, &action).await["phase"],
            "proposed"
        );

        // With a reason (markup in it stays text).
        let reason = format!("{REASON} <b>dringend</b>");
        let r = caw
            .post_form(&refuse, &[("csrf", &csrf), ("reden", &reason)])
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(r.header("location").as_deref(), Some(page.as_str()));

        // The expert and another partner at the table see who refused and why.
        let marker =
            format!("Geweigerd door {CAW}:</strong> {REASON} &#60;b&#62;dringend&#60;/b&#62;");
        for c in [&mut s.expert, &mut s.police] {
            let body = c.get(&page).await.body;
            assert!(body.contains("geweigerd, niet gestart"), "{body}");
            assert!(body.contains(&marker), "{body}");
            assert!(!body.contains("<b>dringend</b>"), "escaped");
        }
        // The CAW answered: no second refusal form, but it may still accept.
        let body = caw.get(&page).await.body;
        assert!(!body.contains(&refuse), "{body}");
        assert!(body.contains(&format!("{page}/{action}/aanvaarden")));
        // The police has not answered: it may accept or refuse.
        let body = s.police.get(&page).await.body;
        assert!(body.contains(&format!("{page}/{action}/weigeren")));

        // Outside the table: no page, no reason.
        let mut steering = Client::new(&app);
        steering.login_demo("stuurgroep").await;
        let r = steering.get(&page).await;
        assert_eq!(r.status, 403);
        assert!(!r.body.contains(MARKER));

        // In French and English, the same marker in their words.
        let csrf = common::csrf_in(&s.police.get(&page).await.body).unwrap();
        for (lang, words) in [("fr-BE", "Refusée par"), ("en", "Refused by")] {
            let r = s
                .police
                .post_form("/taal", &[("csrf", csrf.as_str()), ("locale", lang)])
                .await;
            assert!(r.status < 400, "{lang}: {}", r.status);
            let body = s.police.get(&page).await.body;
            assert!(
                body.contains(&format!("{words} {CAW}:</strong> {REASON}")),
                "{lang}: {body}"
            );
        }
    }
);

scenario!(
    a_refusal_blocks_the_start_until_that_partner_accepts,
    |app: TestApp| async move {
        let mut s = setup(&app).await;
        let action = proposed_action(&mut s).await;
        let id = s.id.clone();
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
        let (mut clb, _) = common::api_with_ethics(&app, "clb").await;

        // Before anyone answered: waiting for the police and the CLB in "Te doen".
        assert!(todo_actions(&mut s.police).await.contains(&s.code));
        assert!(todo_actions(&mut clb).await.contains(&s.code));

        // The police refuses, for itself, with a reason.
        let r = step(
            &mut s.police,
            &s.pcsrf,
            &id,
            &action,
            json!({"step": "refuse", "reason": REASON}),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let a = action_of(&mut s.expert, &id, &action).await;
        assert_eq!(a["phase"], "refused");
        assert_eq!(
            a["refused_by"],
            json!([{"organisation": POLICE, "reason": REASON}])
        );
        assert!(
            !a["awaiting_acceptance_by"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o == POLICE),
            "the police answered: {a}"
        );
        let mine = action_of(&mut s.police, &id, &action).await;
        assert_eq!(mine["may_refuse"], false, "already refused");
        assert_eq!(mine["may_accept"], true, "it may change its answer");
        assert_eq!(
            mine["refused_by"][0]["reason"], REASON,
            "the table reads it"
        );
        // "Te doen": the police answered; the CLB still has to.
        assert!(!todo_actions(&mut s.police).await.contains(&s.code));
        assert!(todo_actions(&mut clb).await.contains(&s.code));

        // Everyone else accepts: still refused, not started; the CAW cannot
        // report it done.
        others_accept(&app, &id, &action, &["politie"]).await;
        assert!(!todo_actions(&mut clb).await.contains(&s.code));
        let a = action_of(&mut caw, &id, &action).await;
        assert_eq!(a["phase"], "refused");
        assert_eq!(a["awaiting_acceptance_by"], json!([]));
        assert_eq!(a["may_finish"], false);
        let r = step(
            &mut caw,
            &ccsrf,
            &id,
            &action,
            json!({"step": "done", "result": "Gesprek gehad"}),
        )
        .await;
        assert_error(&r, 422, "action_refused");
        let page = caw.get(&format!("/casussen/{id}/traject")).await.body;
        assert!(!page.contains(&format!("{action}/uitgevoerd")), "{page}");

        // The police accepts after all: the refusal is replaced, the action starts.
        let r = step(
            &mut s.police,
            &s.pcsrf,
            &id,
            &action,
            json!({"step": "accept"}),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let a = action_of(&mut caw, &id, &action).await;
        assert_eq!(a["phase"], "accepted");
        assert_eq!(a["refused_by"], json!([]));
        assert_eq!(a["may_finish"], true);
        let r = step(
            &mut caw,
            &ccsrf,
            &id,
            &action,
            json!({"step": "done", "result": "Gesprek gehad"}),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        assert_eq!(action_of(&mut caw, &id, &action).await["phase"], "done");

        // Audited like an acceptance: who, which organisation, which action;
        // never the reason.
        let police_org = {
            let me = s.police.get("/api/v1/me").await.json();
            me["organisation"]["id"].as_str().unwrap().to_owned()
        };
        let rows = common::audit_rows(&app, 500);
        let refused: Vec<_> = rows
            .iter()
            .filter(|r| r.action == "case.action_refused")
            .collect();
        assert_eq!(refused.len(), 1, "{rows:?}");
        let e = refused[0];
        assert_eq!(e.object_type.as_deref(), Some("case"));
        assert_eq!(e.object_id.as_deref(), Some(id.as_str()));
        assert_eq!(e.actor_org_id.as_deref(), Some(police_org.as_str()));
        assert_eq!(
            e.detail.as_deref(),
            Some(format!("action={action}").as_str())
        );
        assert_eq!(e.outcome, "ok");
        for r in &rows {
            let text = format!("{:?} {:?} {:?}", r.detail, r.object_id, r.object_type);
            assert!(!text.contains(MARKER), "the reason in the trail: {text}");
            if let Some(b) = &r.reason {
                assert!(!b.windows(MARKER.len()).any(|w| w == MARKER.as_bytes()));
            }
        }
        // The auditor's page names the action in Dutch.
        let mut dpo = Client::new(&app);
        dpo.login_demo("dpo").await;
        let trail = dpo.get("/audit").await.body;
        assert!(trail.contains("Actie geweigerd"), "{trail}");
    }
);

scenario!(
    a_refusal_needs_a_reason_and_a_not_started_action,
    |app: TestApp| async move {
        let mut s = setup(&app).await;
        let action = proposed_action(&mut s).await;
        let id = s.id.clone();
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;

        // A reason is required, and bounded.
        for body in [
            json!({"step": "refuse"}),
            json!({"step": "refuse", "reason": " \n "}),
        ] {
            let r = step(&mut caw, &ccsrf, &id, &action, body).await;
            assert_error(&r, 422, "reason_required");
        }
        let r = step(
            &mut caw,
            &ccsrf,
            &id,
            &action,
            json!({"step": "refuse", "reason": "x".repeat(4001)}),
        )
        .await;
        assert_error(&r, 422, "reason_invalid");
        assert_eq!(action_of(&mut caw, &id, &action).await["phase"], "proposed");
        // An organisation without a seat at the table: no answer at all.
        let (mut youth, ycsrf) = common::api_with_ethics(&app, "jeugddienst").await;
        let r = step(
            &mut youth,
            &ycsrf,
            &id,
            &action,
            json!({"step": "refuse", "reason": REASON}),
        )
        .await;
        assert_error(&r, 403, "forbidden");

        // Refusing after accepting is allowed while the action has not started.
        let r = step(&mut caw, &ccsrf, &id, &action, json!({"step": "accept"})).await;
        assert_eq!(r.status, 204, "{}", r.body);
        let r = step(
            &mut caw,
            &ccsrf,
            &id,
            &action,
            json!({"step": "refuse", "reason": REASON}),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        assert_eq!(action_of(&mut caw, &id, &action).await["phase"], "refused");

        // Once every organisation accepted, it runs: refusing it is refused,
        // on the API and on the page.
        let r = step(&mut caw, &ccsrf, &id, &action, json!({"step": "accept"})).await;
        assert_eq!(r.status, 204, "{}", r.body);
        others_accept(&app, &id, &action, &["caw"]).await;
        let a = action_of(&mut s.police, &id, &action).await;
        assert_eq!(a["phase"], "accepted");
        assert_eq!(a["may_refuse"], false);
        let r = step(
            &mut s.police,
            &s.pcsrf,
            &id,
            &action,
            json!({"step": "refuse", "reason": REASON}),
        )
        .await;
        assert_error(&r, 422, "action_started");
        let page = format!("/casussen/{id}/traject");
        let body = s.police.get(&page).await.body;
        assert!(!body.contains(&format!("{action}/weigeren")), "{body}");
        let csrf = common::csrf_in(&body).unwrap();
        let r = s
            .police
            .post_form(
                &format!("{page}/{action}/weigeren"),
                &[("csrf", &csrf), ("reden", REASON)],
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(
            r.body
                .contains("Deze actie is door alle partners aanvaard en loopt"),
            "{}",
            r.body
        );
        assert_eq!(action_of(&mut caw, &id, &action).await["phase"], "accepted");

        // Done: no refusal either.
        let r = step(
            &mut caw,
            &ccsrf,
            &id,
            &action,
            json!({"step": "done", "result": "Gesprek gehad"}),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let r = step(
            &mut s.police,
            &s.pcsrf,
            &id,
            &action,
            json!({"step": "refuse", "reason": REASON}),
        )
        .await;
        assert_error(&r, 422, "action_finished");
        assert_eq!(
            common::audit_rows(&app, 500)
                .iter()
                .filter(|r| r.action == "case.action_refused")
                .count(),
            1,
            "only the refusal that was recorded is audited"
        );
    }
);

scenario!(
    the_table_can_still_stop_a_refused_action,
    |app: TestApp| async move {
        let mut s = setup(&app).await;
        let action = proposed_action(&mut s).await;
        let id = s.id.clone();
        let r = step(
            &mut s.police,
            &s.pcsrf,
            &id,
            &action,
            json!({"step": "refuse", "reason": REASON}),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        // The table meets (started an hour ago) and stops it.
        let meeting = common::table_meeting_at(&app, &[], app.state.now_ms() - 60 * 60 * 1000);
        let a = action_of(&mut s.expert, &id, &action).await;
        assert_eq!(a["phase"], "refused");
        assert_eq!(a["may_evaluate"], true);
        let r = s
            .expert
            .post_json(
                &format!("/api/v1/cases/{id}/trajectory/actions/{action}/evaluations"),
                json!({"meeting_id": meeting, "verdict": "stop", "note": "Geweigerd door de politie, stop-rf71"}),
                Some(&s.ecsrf),
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let a = action_of(&mut s.expert, &id, &action).await;
        assert_eq!(a["phase"], "cancelled");
        assert_eq!(
            a["refused_by"][0]["organisation"], POLICE,
            "the refusal stays on file"
        );
        // Stopped: nobody refuses it any more.
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
        let r = step(
            &mut caw,
            &ccsrf,
            &id,
            &action,
            json!({"step": "refuse", "reason": REASON}),
        )
        .await;
        assert_error(&r, 422, "action_finished");
        assert_eq!(action_of(&mut caw, &id, &action).await["may_refuse"], false);
        // Nor does anybody accept it after the fact.
        let r = step(&mut caw, &ccsrf, &id, &action, json!({"step": "accept"})).await;
        assert_error(&r, 422, "action_finished");
        let r = step(
            &mut s.police,
            &s.pcsrf,
            &id,
            &action,
            json!({"step": "accept"}),
        )
        .await;
        assert_error(&r, 422, "action_finished");
        let a = action_of(&mut s.expert, &id, &action).await;
        assert_eq!(a["phase"], "cancelled");
        assert_eq!(a["refused_by"][0]["organisation"], POLICE);
    }
);

scenario!(the_reason_is_sealed_at_rest, |app: TestApp| async move {
    let mut s = setup(&app).await;
    let action = proposed_action(&mut s).await;
    let r = step(
        &mut s.police,
        &s.pcsrf,
        &s.id,
        &action,
        json!({"step": "refuse", "reason": REASON}),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let rows: Vec<(String, String, Option<Vec<u8>>)> = app
        .db
        .read(|c| {
            use diesel::prelude::*;
            use verbind_store::schema::case_action_acceptances::dsl as t;
            Ok(t::case_action_acceptances
                .filter(t::action_id.eq(&action))
                .select((t::organisation_id, t::answer, t::reason_enc))
                .load(c)?)
        })
        .unwrap();
    assert_eq!(rows.len(), 1, "one answer");
    let (org, answer, sealed) = &rows[0];
    assert_eq!(answer, "refused");
    assert!(!org.contains(MARKER));
    let sealed = sealed.as_ref().expect("the reason is stored");
    assert!(sealed.len() > REASON.len(), "ciphertext with nonce and tag");
    for needle in [REASON, MARKER, "capaciteit"] {
        assert!(
            !sealed.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} in clear"
        );
    }
    // Yet the table reads it: it is the case key that opens it.
    let a = action_of(&mut s.expert, &s.id, &action).await;
    assert_eq!(a["refused_by"][0]["reason"], REASON);
    // Accepting after all removes the reason with the refusal.
    let r = step(
        &mut s.police,
        &s.pcsrf,
        &s.id,
        &action,
        json!({"step": "accept"}),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let rows: Vec<(String, Option<Vec<u8>>)> = app
        .db
        .read(|c| {
            use diesel::prelude::*;
            use verbind_store::schema::case_action_acceptances::dsl as t;
            Ok(t::case_action_acceptances
                .filter(t::action_id.eq(&action))
                .select((t::answer, t::reason_enc))
                .load(c)?)
        })
        .unwrap();
    assert_eq!(rows, vec![("accepted".to_owned(), None)]);
});

scenario!(
    a_new_action_is_not_due_in_the_past,
    |app: TestApp| async move {
        let mut s = setup(&app).await;
        let id = s.id.clone();
        let caw_org = table_org(&mut s.expert, &id, CAW).await;
        // The API: yesterday (28/11/2026 is the test clock's today) is refused,
        // in either date form; today and later are fine.
        for due in ["2026-11-27", "27/11/2026", "2025-12-31"] {
            let r = propose(&mut s.expert, &s.ecsrf, &id, &caw_org, due).await;
            assert_error(&r, 422, "due_in_past");
        }
        let t = s
            .expert
            .get(&format!("/api/v1/cases/{id}/trajectory"))
            .await
            .json();
        assert_eq!(t["actions"], json!([]), "nothing was proposed");
        let r = propose(&mut s.expert, &s.ecsrf, &id, &caw_org, "2026-11-28").await;
        assert_eq!(r.status, 201, "due today: {}", r.body);

        // The page: refused with a clear message, the typed form kept.
        let page = format!("/casussen/{id}/traject");
        let csrf = common::csrf_in(&s.expert.get(&page).await.body).unwrap();
        let r = s
            .expert
            .post_form(
                &page,
                &[
                    ("csrf", &csrf),
                    ("omschrijving", "Huisbezoek-rf71"),
                    ("verantwoordelijke", &caw_org),
                    ("tegen", "27/11/2026"),
                ],
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(
            r.body
                .contains("De termijn ligt in het verleden. Kies vandaag of een latere datum."),
            "{}",
            r.body
        );
        assert!(r.body.contains(">Huisbezoek-rf71</textarea>"), "{}", r.body);
        assert!(r.body.contains("value=\"27/11/2026\""), "{}", r.body);
        assert!(
            r.body
                .contains(&format!("<option value=\"{caw_org}\" selected>")),
            "{}",
            r.body
        );

        // It is the application's clock that says what today is: a day on,
        // yesterday's today is in the past.
        app.clock.advance_ms(DAY);
        let (mut expert, ecsrf) = common::api_login(&app, "deskundige").await;
        let r = propose(&mut expert, &ecsrf, &id, &caw_org, "2026-11-28").await;
        assert_error(&r, 422, "due_in_past");
        let r = propose(&mut expert, &ecsrf, &id, &caw_org, "2026-11-29").await;
        assert_eq!(r.status, 201, "{}", r.body);
        // The action due yesterday is now overdue; the new one is not.
        let t = expert
            .get(&format!("/api/v1/cases/{id}/trajectory"))
            .await
            .json();
        let overdue: Vec<(&str, bool)> = t["actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["due_date"].as_str().unwrap(),
                    a["overdue"].as_bool().unwrap(),
                )
            })
            .collect();
        assert_eq!(overdue, vec![("2026-11-28", true), ("2026-11-29", false)]);
    }
);

scenario!(
    the_api_document_describes_refusal,
    |app: TestApp| async move {
        let spec = Client::new(&app).get("/api/v1/openapi.json").await.json();
        let schemas = &spec["components"]["schemas"];
        let step = &schemas["ActionStepRequest"];
        assert!(step["properties"]["reason"].is_object(), "{step}");
        assert!(
            step["properties"]["step"]["description"]
                .as_str()
                .unwrap()
                .contains("`refuse`"),
            "{step}"
        );
        let action = &schemas["TrajectoryAction"]["properties"];
        assert!(action["refused_by"].is_object(), "{action}");
        assert!(action["may_refuse"].is_object(), "{action}");
        assert!(schemas["ActionRefusal"].is_object());
        let op = &spec["paths"]["/api/v1/cases/{id}/trajectory/actions/{action_id}"]["post"];
        let text = op.to_string();
        for code in [
            "reason_required",
            "action_started",
            "action_finished",
            "action_refused",
        ] {
            assert!(text.contains(code), "{code} in {text}");
        }
        let propose = spec["paths"]["/api/v1/cases/{id}/trajectory/actions"]["post"].to_string();
        assert!(propose.contains("due_in_past"), "{propose}");
    }
);
