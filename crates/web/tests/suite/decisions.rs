//! Unanimous decisions as a record (issue 3, points 6 and 9): a dissent
//! cannot be got round (attendance of a held meeting is frozen, no proposal
//! at a held meeting, votes final once it is held, no silent re-proposal, no
//! re-proposal at the meeting where someone dissented); every decision stays
//! in the case file with its votes; the security-risk reason is shown to the
//! table and kept as the history note; the agenda of a started meeting is
//! fixed and marks minors. Pages and API, SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, Resp, TestApp};
use serde_json::{Value, json};

const HOUR: i64 = 3_600_000;

fn assert_error(r: &Resp, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.json()["error"], code, "{}", r.body);
}

async fn post(c: &mut Client, csrf: &str, path: &str, body: Value) -> Resp {
    c.post_json(path, body, Some(csrf)).await
}

/// The id of the caller's organisation.
async fn org_of(c: &mut Client) -> String {
    c.get("/api/v1/me").await.json()["organisation"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn propose(c: &mut Client, csrf: &str, case: &str, body: Value) -> Resp {
    post(c, csrf, &format!("/api/v1/cases/{case}/decisions"), body).await
}

async fn vote(c: &mut Client, csrf: &str, case: &str, decision: &str, v: &str) -> Resp {
    post(
        c,
        csrf,
        &format!("/api/v1/cases/{case}/decisions/{decision}/votes"),
        json!({ "vote": v }),
    )
    .await
}

async fn withdraw(c: &mut Client, csrf: &str, case: &str, decision: &str) -> Resp {
    post(
        c,
        csrf,
        &format!("/api/v1/cases/{case}/decisions/{decision}/withdraw"),
        json!({}),
    )
    .await
}

async fn step(c: &mut Client, csrf: &str, case: &str, body: Value) -> Resp {
    post(c, csrf, &format!("/api/v1/cases/{case}/transitions"), body).await
}

async fn file(c: &mut Client, case: &str) -> Value {
    let r = c.get(&format!("/api/v1/cases/{case}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()
}

/// The vote of the organisation named `org` on decision `d`.
fn vote_of(d: &Value, org: &str) -> Value {
    d["votes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["organisation"] == org)
        .unwrap_or_else(|| panic!("{org} not among the voters of {d}"))
        .clone()
}

/// The open decision of `kind` in case file `f` (the test clock is fixed, so
/// several proposals can share a millisecond: never pick one by position).
fn open_of(f: &Value, kind: &str) -> Value {
    f["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == kind && d["status"] == "open")
        .unwrap_or_else(|| panic!("no open {kind} decision in {f}"))
        .clone()
}

/// The name of organisation `id` at the case's table.
fn name_in(f: &Value, id: &str) -> String {
    f["table_organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == id)
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Marks the seats of organisation `org_name` at meeting `m` with `presence`.
async fn set_presence(c: &mut Client, csrf: &str, m: &str, org_name: &str, presence: &str) -> Resp {
    let v = c.get(&format!("/api/v1/meetings/{m}")).await.json();
    let seats: Vec<Value> = v["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["organisation"] == org_name)
        .map(|s| json!({"seat_id": s["seat_id"], "presence": presence}))
        .collect();
    assert!(!seats.is_empty(), "{org_name} has a seat");
    post(
        c,
        csrf,
        &format!("/api/v1/meetings/{m}/attendance"),
        json!({ "seats": seats }),
    )
    .await
}

/// The recorded presence of the seats of `org_name` at meeting `m`.
async fn presence_of(c: &mut Client, m: &str, org_name: &str) -> Vec<Value> {
    let v = c.get(&format!("/api/v1/meetings/{m}")).await.json();
    v["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["organisation"] == org_name)
        .map(|s| s["presence"].clone())
        .collect()
}

fn audit_count(app: &TestApp, case: &str, action: &str) -> usize {
    let rows = app
        .db
        .read(|c| {
            verbind_store::models::audit::list(
                c,
                &verbind_store::models::audit::Filter {
                    object_id: Some(case.to_owned()),
                    limit: 1000,
                    ..Default::default()
                },
            )
        })
        .unwrap();
    rows.iter().filter(|r| r.action == action).count()
}

/// A case the police refers (`dob`, `groups`) and the expert takes through
/// `steps` after the LTF check; returns its id.
async fn case_through(
    police: &mut Client,
    pcsrf: &str,
    expert: &mut Client,
    ecsrf: &str,
    dob: &str,
    groups: Value,
    steps: &[&str],
) -> String {
    let r = post(
        police,
        pcsrf,
        "/api/v1/cases",
        json!({"target_groups": groups, "name": "Besluit Fictief",
            "date_of_birth": dob, "lives_in_area": true,
            "socially_active_in_area": false,
            "reason": "Uitspraken in de sportclub", "source": "partner_member"}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let r = step(expert, ecsrf, &id, json!({"transition": "start_screening"})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = post(
        police,
        pcsrf,
        &format!("/api/v1/cases/{id}/ltf"),
        json!({"status": "cleared"}),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
    for t in steps {
        let r = step(expert, ecsrf, &id, json!({ "transition": t })).await;
        assert_eq!(r.status, 200, "{t}: {}", r.body);
    }
    id
}

const TO_FOLLOW_UP: [&str; 3] = [
    "put_on_agenda",
    "open_assessment",
    "conclude_socio_preventive",
];

scenario!(
    a_dissent_cannot_be_got_round_once_the_meeting_is_held,
    |app: TestApp| async move {
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
        let id = case_through(
            &mut police,
            &pcsrf,
            &mut expert,
            &ecsrf,
            "01/04/1990",
            json!(["a"]),
            &TO_FOLLOW_UP,
        )
        .await;
        let (pol, dsp, cawo) = (
            org_of(&mut police).await,
            org_of(&mut expert).await,
            org_of(&mut caw).await,
        );
        let f = file(&mut expert, &id).await;
        let police_name = name_in(&f, &pol);
        // The table sits now: it began an hour ago and is not marked held yet.
        let m = common::table_meeting_at(&app, &[&pol, &dsp, &cawo], app.state.now_ms() - HOUR);

        // Proposing and voting while the meeting sits.
        let r = propose(
            &mut expert,
            &ecsrf,
            &id,
            json!({"kind": "close", "meeting_id": m}),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let d1 = file(&mut expert, &id).await["decisions"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        for (c, t, v) in [
            (&mut expert, &ecsrf, "agree"),
            (&mut caw, &ccsrf, "agree"),
            (&mut police, &pcsrf, "disagree"),
        ] {
            assert_eq!(vote(c, t, &id, &d1, v).await.status, 204);
        }
        let r = step(&mut expert, &ecsrf, &id, json!({"transition": "close"})).await;
        assert_error(&r, 422, "not_unanimous");

        // A new proposal of the kind does not silently replace the open one.
        let r = propose(
            &mut expert,
            &ecsrf,
            &id,
            json!({"kind": "close", "meeting_id": m}),
        )
        .await;
        assert_error(&r, 422, "decision_open");
        assert!(
            r.json()["message"]
                .as_str()
                .unwrap()
                .contains("Trek het eerst in")
        );
        let f = file(&mut expert, &id).await;
        assert_eq!(f["decisions"].as_array().unwrap().len(), 1);
        assert_eq!(f["decisions"][0]["status"], "open");
        assert_eq!(f["decisions"][0]["outcome"], "blocked");
        assert_eq!(
            vote_of(&f["decisions"][0], &police_name)["vote"],
            "disagree"
        );

        // The meeting is marked held: attendance, votes and proposals are final.
        let r = post(
            &mut expert,
            &ecsrf,
            &format!("/api/v1/meetings/{m}/status"),
            json!({"status": "held"}),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let r = set_presence(&mut expert, &ecsrf, &m, &police_name, "absent").await;
        assert_error(&r, 422, "meeting_held");
        assert!(
            r.json()["message"]
                .as_str()
                .unwrap()
                .contains("aanwezigheden liggen vast"),
            "{}",
            r.body
        );
        assert!(
            presence_of(&mut expert, &m, &police_name)
                .await
                .iter()
                .all(|p| p == "present"),
            "the police stays recorded present"
        );
        for (c, t) in [(&mut police, &pcsrf), (&mut caw, &ccsrf)] {
            let r = vote(c, t, &id, &d1, "agree").await;
            assert_error(&r, 422, "meeting_held");
        }
        let f = file(&mut police, &id).await;
        assert_eq!(
            vote_of(&f["decisions"][0], &police_name)["vote"],
            "disagree"
        );
        assert_eq!(f["decisions"][0]["votes_final"], true);
        assert_eq!(f["decisions"][0]["may_vote"], false);
        assert!(
            !f["decision_meetings"]
                .as_array()
                .map(|a| a.iter().any(|x| x["id"] == m.as_str()))
                .unwrap_or(false),
            "a held meeting is not offered for proposals"
        );

        // Only the expert withdraws; the proposal stays on file with its votes.
        let r = withdraw(&mut police, &pcsrf, &id, &d1).await;
        assert_error(&r, 403, "forbidden");
        let r = withdraw(&mut expert, &ecsrf, &id, &d1).await;
        assert_eq!(r.status, 204, "{}", r.body);
        let r = withdraw(&mut expert, &ecsrf, &id, &d1).await;
        assert_error(&r, 422, "decision_closed");
        let f = file(&mut caw, &id).await;
        let d = &f["decisions"][0];
        assert_eq!(d["status"], "withdrawn");
        assert_eq!(d["adopted"], false);
        assert!(d["closed_at"].is_string());
        let pv = vote_of(d, &police_name);
        assert_eq!(pv["vote"], "disagree");
        assert!(pv["at"].as_str().is_some_and(|a| a.ends_with('Z')), "{pv}");
        let r = vote(&mut caw, &ccsrf, &id, &d1, "agree").await;
        assert_error(&r, 422, "decision_closed");

        // Not again at the held meeting.
        let r = propose(
            &mut expert,
            &ecsrf,
            &id,
            json!({"kind": "close", "meeting_id": m}),
        )
        .await;
        assert_error(&r, 422, "meeting_held");
        let r = step(&mut expert, &ecsrf, &id, json!({"transition": "close"})).await;
        assert_error(&r, 422, "vote_missing");
        assert_eq!(file(&mut expert, &id).await["state"], "socio_preventief");

        // The next table takes it up: everyone present there agrees.
        app.clock.advance_ms(60_000);
        let next = common::sitting_meeting(&app, &[&pol, &dsp, &cawo]);
        let r = propose(
            &mut expert,
            &ecsrf,
            &id,
            json!({"kind": "close", "meeting_id": next}),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let d2 = open_of(&file(&mut expert, &id).await, "close")["id"]
            .as_str()
            .unwrap()
            .to_owned();
        for (c, t) in [
            (&mut expert, &ecsrf),
            (&mut caw, &ccsrf),
            (&mut police, &pcsrf),
        ] {
            assert_eq!(vote(c, t, &id, &d2, "agree").await.status, 204);
        }
        let r = step(&mut expert, &ecsrf, &id, json!({"transition": "close"})).await;
        assert_eq!(r.status, 200, "{}", r.body);

        // The closed case keeps both decisions with their votes and outcome.
        let f = file(&mut police, &id).await;
        assert_eq!(f["state"], "afgesloten");
        let ds = f["decisions"].as_array().unwrap();
        assert_eq!(ds.len(), 2, "{f}");
        assert_eq!(ds[0]["id"], d1.as_str());
        assert_eq!(ds[0]["status"], "withdrawn");
        assert_eq!(ds[0]["outcome"], "blocked");
        assert_eq!(ds[0]["meeting_id"], m.as_str());
        assert_eq!(ds[1]["id"], d2.as_str());
        assert_eq!(ds[1]["status"], "adopted");
        assert_eq!(ds[1]["outcome"], "unanimous");
        assert_eq!(ds[1]["adopted"], true);
        assert_eq!(ds[1]["meeting_id"], next.as_str());
        assert!(ds[1]["meeting_starts_at"].is_string());
        assert_eq!(ds[1]["votes"].as_array().unwrap().len(), 3);
        for v in ds[1]["votes"].as_array().unwrap() {
            assert_eq!(v["vote"], "agree");
            assert!(v["at"].is_string());
        }
        assert!(
            ds.iter()
                .all(|d| d["may_vote"] == false && d["may_withdraw"] == false)
        );

        // Audited: both proposals, the withdrawal, every vote cast.
        assert_eq!(audit_count(&app, &id, "case.decision_proposed"), 2);
        assert_eq!(audit_count(&app, &id, "case.decision_withdrawn"), 1);
        assert_eq!(audit_count(&app, &id, "case.vote_cast"), 6);

        // The case page shows them too, to a partner, after the closure.
        let mut caw_page = common::Client::new(&app);
        caw_page.login_demo("caw").await;
        let page = caw_page.get(&format!("/casussen/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("ingetrokken"), "withdrawn shown");
        assert!(
            page.body.contains("aanvaard en uitgevoerd"),
            "adopted shown"
        );
        assert!(page.body.contains("tegengehouden door een tegenstem"));
        assert!(
            page.body.contains("niet akkoord"),
            "the dissent is on the page"
        );
        assert!(
            !page.body.contains("/besluit/intrekken"),
            "nothing to withdraw"
        );
        assert!(!page.body.contains("action=\"/casussen/{id}/stem\""));
    }
);

scenario!(
    a_dissent_is_not_undone_by_withdrawing_and_proposing_again,
    |app: TestApp| async move {
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
        let id = case_through(
            &mut police,
            &pcsrf,
            &mut expert,
            &ecsrf,
            "01/04/1990",
            json!(["a"]),
            &TO_FOLLOW_UP,
        )
        .await;
        let (pol, dsp, cawo) = (
            org_of(&mut police).await,
            org_of(&mut expert).await,
            org_of(&mut caw).await,
        );
        let police_name = name_in(&file(&mut expert, &id).await, &pol);
        let m = common::sitting_meeting(&app, &[&pol, &dsp, &cawo]);
        let r = propose(
            &mut expert,
            &ecsrf,
            &id,
            json!({"kind": "close", "meeting_id": m}),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let d1 = file(&mut expert, &id).await["decisions"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            vote(&mut police, &pcsrf, &id, &d1, "disagree").await.status,
            204
        );

        // The reviewer's bypass: withdraw, mark the police absent, propose again.
        assert_eq!(withdraw(&mut expert, &ecsrf, &id, &d1).await.status, 204);
        let r = set_presence(&mut expert, &ecsrf, &m, &police_name, "absent").await;
        assert_eq!(
            r.status, 204,
            "a planned meeting's attendance can still be corrected"
        );
        let r = propose(
            &mut expert,
            &ecsrf,
            &id,
            json!({"kind": "close", "meeting_id": m}),
        )
        .await;
        assert_error(&r, 422, "dissent_at_meeting");
        assert!(
            r.json()["message"]
                .as_str()
                .unwrap()
                .contains("volgende vergadering")
        );
        let f = file(&mut expert, &id).await;
        assert_eq!(f["decisions"].as_array().unwrap().len(), 1);
        let r = step(&mut expert, &ecsrf, &id, json!({"transition": "close"})).await;
        assert_error(&r, 422, "vote_missing");

        // An abstention counts as much as a dissent; another kind is another question.
        let r = propose(
            &mut expert,
            &ecsrf,
            &id,
            json!({"kind": "send_terugkoppelingsfiche_to_police", "meeting_id": m}),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let f = file(&mut caw, &id).await;
        let fiche = open_of(&f, "send_terugkoppelingsfiche_to_police");
        let d2 = fiche["id"].as_str().unwrap().to_owned();
        assert_eq!(
            fiche["votes"].as_array().unwrap().len(),
            2,
            "the police is absent now: two organisations vote"
        );
        assert_eq!(
            vote(&mut caw, &ccsrf, &id, &d2, "abstain").await.status,
            204
        );
        assert_eq!(withdraw(&mut expert, &ecsrf, &id, &d2).await.status, 204);
        let r = propose(
            &mut expert,
            &ecsrf,
            &id,
            json!({"kind": "send_terugkoppelingsfiche_to_police", "meeting_id": m}),
        )
        .await;
        assert_error(&r, 422, "dissent_at_meeting");

        // Withdrawn with only missing votes: the question may be put again here.
        let r = propose(
            &mut expert,
            &ecsrf,
            &id,
            json!({"kind": "security_risk", "meeting_id": m, "reason": "Begeleiding weigert hij."}),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let d3 = open_of(&file(&mut expert, &id).await, "security_risk")["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(withdraw(&mut expert, &ecsrf, &id, &d3).await.status, 204);
        let r = propose(
            &mut expert,
            &ecsrf,
            &id,
            json!({"kind": "security_risk", "meeting_id": m, "reason": "Begeleiding weigert hij."}),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);

        // Through the pages: the expert's withdraw button, a refusal in Dutch.
        let mut page_expert = common::Client::new(&app);
        page_expert.login_demo("deskundige").await;
        let page = page_expert.get(&format!("/casussen/{id}")).await;
        assert_eq!(page.status, 200);
        assert_eq!(
            page.body.matches("/besluit/intrekken").count(),
            1,
            "only the open proposal can be withdrawn"
        );
        let csrf = common::csrf_in(&page.body).unwrap();
        let r = page_expert
            .post_form(
                &format!("/casussen/{id}/besluit"),
                &[("csrf", &csrf), ("soort", "close"), ("vergadering", &m)],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("volgende vergadering"), "{}", r.body);
        let f = file(&mut expert, &id).await;
        let open = open_of(&f, "security_risk")["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let r = page_expert
            .post_form(
                &format!("/casussen/{id}/besluit/intrekken"),
                &[("csrf", &csrf), ("besluit", &open)],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let f = file(&mut expert, &id).await;
        assert_eq!(f["decisions"].as_array().unwrap().len(), 4);
        assert!(
            f["decisions"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d["status"] == "withdrawn"),
            "{f}"
        );
        let mut page_police = common::Client::new(&app);
        page_police.login_demo("politie").await;
        let page = page_police.get(&format!("/casussen/{id}")).await;
        assert!(
            !page.body.contains("/besluit/intrekken"),
            "not for a partner"
        );
        let csrf = common::csrf_in(&page.body).unwrap();
        let r = page_police
            .post_form(
                &format!("/casussen/{id}/besluit/intrekken"),
                &[("csrf", &csrf), ("besluit", &open)],
            )
            .await;
        assert_eq!(r.status, 403);
        assert_eq!(audit_count(&app, &id, "case.decision_withdrawn"), 4);
    }
);

scenario!(
    the_security_risk_reason_is_shown_and_kept_in_the_history,
    |app: TestApp| async move {
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
        let (mut vdab, _) = common::api_with_ethics(&app, "vdab").await;
        let id = case_through(
            &mut police,
            &pcsrf,
            &mut expert,
            &ecsrf,
            "01/04/1990",
            json!(["a"]),
            &["put_on_agenda", "open_assessment"],
        )
        .await;
        let (pol, dsp, cawo) = (
            org_of(&mut police).await,
            org_of(&mut expert).await,
            org_of(&mut caw).await,
        );
        let m = common::sitting_meeting(&app, &[&pol, &dsp, &cawo]);
        const REASON: &str =
            "REDEN-VR: drie aanbiedingen van begeleiding geweigerd,\nnu dreigementen.";
        let r = propose(
            &mut expert,
            &ecsrf,
            &id,
            json!({"kind": "security_risk", "meeting_id": m, "reason": REASON}),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);

        // Everyone who may open the case sees why, before voting; VDAB (at
        // the table, absent from the meeting) too.
        for c in [&mut police, &mut caw, &mut vdab, &mut expert] {
            let f = file(c, &id).await;
            assert_eq!(f["decisions"][0]["kind"], "security_risk");
            assert_eq!(f["decisions"][0]["reason"], REASON);
        }
        let mut caw_page = common::Client::new(&app);
        caw_page.login_demo("caw").await;
        let page = caw_page.get(&format!("/casussen/{id}")).await;
        assert!(page.body.contains("Waarom begeleiding niet meer volstaat"));
        assert!(
            page.body.contains(
                "REDEN-VR: drie aanbiedingen van begeleiding geweigerd,<br>nu dreigementen."
            ),
            "the reason, line by line"
        );
        // Sealed with the case key: never in clear in the database.
        let sealed: Vec<Option<Vec<u8>>> = app
            .db
            .read(|c| {
                use diesel::prelude::*;
                use verbind_store::schema::case_decisions::dsl as d;
                Ok(d::case_decisions
                    .filter(d::case_id.eq(&id))
                    .select(d::reason_enc)
                    .load(c)?)
            })
            .unwrap();
        assert_eq!(sealed.iter().flatten().count(), 1);
        for b in sealed.iter().flatten() {
            assert!(!b.windows(7).any(|w| w == b"REDEN-V"), "sealed");
        }

        let d = file(&mut expert, &id).await["decisions"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        for (c, t) in [
            (&mut expert, &ecsrf),
            (&mut police, &pcsrf),
            (&mut caw, &ccsrf),
        ] {
            assert_eq!(vote(c, t, &id, &d, "agree").await.status, 204);
        }
        let r = step(
            &mut expert,
            &ecsrf,
            &id,
            json!({"transition": "conclude_security_risk", "note": "Overgedragen aan de politie."}),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let f = file(&mut caw, &id).await;
        assert_eq!(f["state"], "veiligheidsrisico");
        let last = f["history"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["transition"], "conclude_security_risk");
        let note = last["note"].as_str().unwrap();
        assert!(note.starts_with(REASON), "{note}");
        assert!(note.ends_with("Overgedragen aan de politie."), "{note}");
        assert_eq!(f["decisions"][0]["status"], "adopted");
        assert_eq!(f["decisions"][0]["reason"], REASON);
        // The history note is sealed like every note.
        let notes: Vec<Option<Vec<u8>>> = app
            .db
            .read(|c| {
                use diesel::prelude::*;
                use verbind_store::schema::case_events::dsl as e;
                Ok(e::case_events
                    .filter(e::case_id.eq(&id))
                    .select(e::note_enc)
                    .load(c)?)
            })
            .unwrap();
        assert!(notes.iter().flatten().count() >= 1);
        for n in notes.iter().flatten() {
            assert!(
                !n.windows(7).any(|w| w == b"REDEN-V"),
                "the note is not stored in clear"
            );
        }
    }
);

scenario!(
    the_agenda_is_fixed_at_the_start_and_marks_minors,
    |app: TestApp| async move {
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
        // Before the meeting: an adult in follow-up, and a minor of group B
        // (a protective measure) on the agenda.
        let adult = case_through(
            &mut police,
            &pcsrf,
            &mut expert,
            &ecsrf,
            "01/04/1990",
            json!(["a"]),
            &TO_FOLLOW_UP,
        )
        .await;
        let minor = case_through(
            &mut police,
            &pcsrf,
            &mut expert,
            &ecsrf,
            "01/04/2012",
            json!(["b"]),
            &["put_on_agenda"],
        )
        .await;
        let (pol, dsp, cawo) = (
            org_of(&mut police).await,
            org_of(&mut expert).await,
            org_of(&mut caw).await,
        );
        let start = app.state.now_ms() + 2 * 60_000;
        let m = common::table_meeting_at(&app, &[&pol, &dsp, &cawo], start);
        let r = post(
            &mut expert,
            &ecsrf,
            &format!("/api/v1/meetings/{m}/acknowledgement"),
            json!({}),
        )
        .await;
        assert_eq!(r.status, 204);
        let agenda = |v: &Value| v["agenda"].as_array().unwrap().clone();
        let item = |v: &Value, case: &str| -> Option<Value> {
            agenda(v).into_iter().find(|a| a["case_id"] == case)
        };
        let before = expert.get(&format!("/api/v1/meetings/{m}")).await.json();
        assert!(item(&before, &adult).is_some() && item(&before, &minor).is_some());

        // The meeting begins; after the start a new case is put on the agenda.
        app.clock.advance_ms(3 * 60_000);
        let late = case_through(
            &mut police,
            &pcsrf,
            &mut expert,
            &ecsrf,
            "01/04/1991",
            json!(["a"]),
            &["put_on_agenda"],
        )
        .await;
        // The adult's case is closed at the meeting.
        let r = propose(
            &mut expert,
            &ecsrf,
            &adult,
            json!({"kind": "close", "meeting_id": m}),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let d = file(&mut expert, &adult).await["decisions"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        for (c, t) in [
            (&mut expert, &ecsrf),
            (&mut police, &pcsrf),
            (&mut caw, &ccsrf),
        ] {
            assert_eq!(vote(c, t, &adult, &d, "agree").await.status, 204);
        }
        let r = step(&mut expert, &ecsrf, &adult, json!({"transition": "close"})).await;
        assert_eq!(r.status, 200, "{}", r.body);

        let v = expert.get(&format!("/api/v1/meetings/{m}")).await.json();
        let a = item(&v, &adult).expect("a case closed at the meeting stays on its agenda");
        assert_eq!(a["phase_at_meeting"], "socio_preventief");
        assert_eq!(a["state"], "afgesloten");
        assert_eq!(a["minor"], false);
        assert!(
            item(&v, &late).is_none(),
            "put on the agenda after the start"
        );
        let mi = item(&v, &minor).unwrap();
        assert_eq!(mi["minor"], true);
        assert_eq!(mi["protective_measure"], true);
        assert_eq!(mi["phase_at_meeting"], "geagendeerd");
        // Minutes for the closed case can be written; not for the late one.
        let mpath = format!("/api/v1/meetings/{m}/minutes");
        let r = post(
            &mut expert,
            &ecsrf,
            &mpath,
            json!({"case_id": adult, "text": "Unaniem afgesloten."}),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let r = post(
            &mut expert,
            &ecsrf,
            &mpath,
            json!({"case_id": late, "text": "x"}),
        )
        .await;
        assert_error(&r, 422, "not_on_agenda");

        // Marked held: the same agenda.
        let r = post(
            &mut expert,
            &ecsrf,
            &format!("/api/v1/meetings/{m}/status"),
            json!({"status": "held"}),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let held = expert.get(&format!("/api/v1/meetings/{m}")).await.json();
        let ids = |v: &Value| {
            let mut ids: Vec<String> = agenda(v)
                .iter()
                .map(|a| a["case_id"].as_str().unwrap().to_owned())
                .collect();
            ids.sort();
            ids
        };
        assert_eq!(ids(&held), ids(&v));
        assert_eq!(ids(&held).len(), 2);

        // The page: the phase at the meeting, where it is now, the minor marked.
        let mut page_expert = common::Client::new(&app);
        page_expert.login_demo("deskundige").await;
        let page = page_expert.get(&format!("/vergaderingen/{m}")).await;
        assert_eq!(page.status, 200);
        let body = page.body.split("id=\"agenda\"").nth(1).unwrap().to_owned();
        let article = |case: &str| -> String {
            body.split("<article")
                .find(|a| a.contains(&format!("casus-{case}")))
                .unwrap_or_else(|| panic!("{case} on the page agenda"))
                .to_owned()
        };
        let a = article(&adult);
        assert!(a.contains("· socio-preventieve opvolging"), "{a}");
        assert!(a.contains("Nu:") && a.contains("afgesloten"), "{a}");
        assert!(!a.contains("minderjarig"));
        let mi = article(&minor);
        assert!(mi.contains("<strong>minderjarig</strong>"), "{mi}");
        assert!(mi.contains("beschermingsmaatregel"), "{mi}");
        assert!(!body.contains(&format!("casus-{late}")));
        // The attendance of the held meeting is frozen on the page too.
        assert!(page.body.contains("de aanwezigheden liggen vast"));
        assert!(!page.body.contains("/aanwezigheid\""), "no attendance form");
        let csrf = common::csrf_in(&page.body).unwrap();
        let seat = held["attendance"][0]["seat_id"]
            .as_str()
            .unwrap()
            .to_owned();
        let field = format!("zetel-{seat}");
        let r = page_expert
            .post_form(
                &format!("/vergaderingen/{m}/aanwezigheid"),
                &[("csrf", &csrf), (&field, "absent")],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("liggen vast"), "{}", r.body);
    }
);
