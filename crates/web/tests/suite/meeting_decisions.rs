//! The meeting page lists the decisions put to it (issue 3): per decision the
//! case's code only (never a name), its kind, status, count and every
//! organisation's vote, on `/vergaderingen/{id}` and in
//! `GET /api/v1/meetings/{id}`, behind exactly the agenda's gates: after the
//! code of ethics and this meeting's confidentiality acknowledgement
//! (art. 458ter Sw.), a guest only for the case it is invited for, nothing at
//! the Stuurgroep, nothing for who has no access to the table. SQLite and
//! PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, Resp, TestApp};
use serde_json::{Value, json};

/// The name `common::api_case_in_follow_up` refers every case with.
const NAME: &str = "Vergader Fictief";
/// In the reason of the security-risk proposal: case-file content only.
const REASON: &str = "Begeleiding weigert hij, reden-md47.";

async fn post(c: &mut Client, csrf: &str, path: &str, body: Value) -> Resp {
    c.post_json(path, body, Some(csrf)).await
}

/// The caller's organisation (id, name) and own id.
async fn me(c: &mut Client) -> (String, String, String) {
    let v = c.get("/api/v1/me").await.json();
    let text = |x: &Value| x.as_str().unwrap().to_owned();
    (
        text(&v["organisation"]["id"]),
        text(&v["organisation"]["name"]),
        text(&v["id"]),
    )
}

/// Puts decision `kind` on `case` to meeting `m`; returns its id.
async fn propose(c: &mut Client, csrf: &str, case: &str, m: &str, kind: &str) -> String {
    let mut body = json!({"kind": kind, "meeting_id": m});
    if kind == "security_risk" {
        body["reason"] = json!(REASON);
    }
    let r = post(c, csrf, &format!("/api/v1/cases/{case}/decisions"), body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    let f = c.get(&format!("/api/v1/cases/{case}")).await.json();
    f["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == kind && d["status"] == "open")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn vote(c: &mut Client, csrf: &str, case: &str, decision: &str, v: &str) {
    let r = post(
        c,
        csrf,
        &format!("/api/v1/cases/{case}/decisions/{decision}/votes"),
        json!({ "vote": v }),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
}

async fn meeting(c: &mut Client, m: &str) -> Value {
    let r = c.get(&format!("/api/v1/meetings/{m}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(!r.body.contains(NAME), "never a name: {}", r.body);
    assert!(
        !r.body.contains("reden-md47"),
        "never the reason: {}",
        r.body
    );
    r.json()
}

async fn acknowledge(c: &mut Client, csrf: &str, m: &str) {
    let r = post(
        c,
        csrf,
        &format!("/api/v1/meetings/{m}/acknowledgement"),
        json!({}),
    )
    .await;
    assert_eq!(r.status, 204, "{}", r.body);
}

/// The decisions section of a meeting page, or None when it has none.
fn section(page: &str) -> Option<&str> {
    let rest = page.split("id=\"besluiten\"").nth(1)?;
    Some(rest.split("</section>").next().unwrap())
}

fn decision<'a>(v: &'a Value, decision_id: &str) -> &'a Value {
    v["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == decision_id)
        .unwrap_or_else(|| panic!("decision {decision_id} not in {v}"))
}

/// The vote the organisation named `org` cast on decision `d`.
fn vote_of<'a>(d: &'a Value, org: &str) -> &'a Value {
    &d["votes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["organisation"] == org)
        .unwrap_or_else(|| panic!("{org} not among the voters of {d}"))["vote"]
}

scenario!(
    decisions_show_behind_the_agenda_gates,
    |app: TestApp| async move {
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
        let (a, a_code) =
            common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let (b, b_code) =
            common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let ((pol, pol_name, _), (dsp, dsp_name, _), (cawo, caw_name, _)) = (
            me(&mut police).await,
            me(&mut expert).await,
            me(&mut caw).await,
        );
        // A table a week from now, the police, the expert's service and the
        // CAW present: they vote.
        let m = common::table_meeting(&app, &[&pol, &dsp, &cawo]);
        // A partner of another service, invited for case A only.
        let (mut guest, gcsrf) = common::api_with_ethics(&app, "jeugddienst").await;
        let (_, _, guest_id) = me(&mut guest).await;
        let r = post(
            &mut expert,
            &ecsrf,
            &format!("/api/v1/meetings/{m}/guests"),
            json!({"user_id": guest_id, "case_id": a}),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        // The day comes: the table sits and votes.
        common::meeting_begins(&app, &m);

        // A: closing blocked by the police, a fiche withdrawn, a security
        // risk still missing votes. B: closed unanimously (adopted).
        let a_close = propose(&mut expert, &ecsrf, &a, &m, "close").await;
        vote(&mut expert, &ecsrf, &a, &a_close, "agree").await;
        vote(&mut caw, &ccsrf, &a, &a_close, "agree").await;
        vote(&mut police, &pcsrf, &a, &a_close, "disagree").await;
        let a_fiche = propose(
            &mut expert,
            &ecsrf,
            &a,
            &m,
            "send_terugkoppelingsfiche_to_police",
        )
        .await;
        let r = post(
            &mut expert,
            &ecsrf,
            &format!("/api/v1/cases/{a}/decisions/{a_fiche}/withdraw"),
            json!({}),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let a_risk = propose(&mut expert, &ecsrf, &a, &m, "security_risk").await;
        vote(&mut expert, &ecsrf, &a, &a_risk, "agree").await;
        let b_close = propose(&mut expert, &ecsrf, &b, &m, "close").await;
        for (c, t) in [
            (&mut expert, &ecsrf),
            (&mut police, &pcsrf),
            (&mut caw, &ccsrf),
        ] {
            vote(c, t, &b, &b_close, "agree").await;
        }
        let r = post(
            &mut expert,
            &ecsrf,
            &format!("/api/v1/cases/{b}/transitions"),
            json!({"transition": "close"}),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.body);

        // A seat holder before this meeting's acknowledgement: nothing.
        let v = meeting(&mut police, &m).await;
        assert_eq!(v["agenda_gate"], "acknowledgement");
        assert_eq!(v["decisions"], json!([]));
        let mut police_pages = Client::new(&app);
        police_pages.login_demo("politie").await;
        let page = police_pages.get(&format!("/vergaderingen/{m}")).await;
        assert_eq!(page.status, 200);
        assert!(section(&page.body).is_none(), "no decisions before");
        assert!(!page.body.contains(&b_code));
        // A seat holder who has not accepted the code of ethics: nothing either.
        let (mut clb, _) = common::api_login(&app, "clb").await;
        let v = meeting(&mut clb, &m).await;
        assert_eq!(v["agenda_gate"], "ethics_code");
        assert_eq!(v["decisions"], json!([]));

        // After the acknowledgement: every decision, by code, with its votes.
        acknowledge(&mut police, &pcsrf, &m).await;
        let v = meeting(&mut police, &m).await;
        assert_eq!(v["agenda_gate"], "open");
        assert_eq!(v["decisions"].as_array().unwrap().len(), 4, "{v}");
        let d = decision(&v, &a_close);
        assert_eq!(d["case_id"], a.as_str());
        assert_eq!(d["code"], a_code.as_str());
        assert_eq!(d["kind"], "close");
        assert_eq!(d["status"], "open");
        assert_eq!(d["outcome"], "blocked");
        assert_eq!(d["adopted"], false);
        // One line per organisation present, each with its vote.
        let mut voters: Vec<&str> = d["votes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["organisation"].as_str().unwrap())
            .collect();
        voters.sort_unstable();
        let mut present = vec![pol_name.as_str(), dsp_name.as_str(), caw_name.as_str()];
        present.sort_unstable();
        assert_eq!(voters, present);
        assert_eq!(vote_of(d, &pol_name), "disagree");
        assert_eq!(vote_of(d, &dsp_name), "agree");
        assert_eq!(vote_of(d, &caw_name), "agree");
        let d = decision(&v, &a_fiche);
        assert_eq!(
            (d["kind"].as_str(), d["status"].as_str()),
            (
                Some("send_terugkoppelingsfiche_to_police"),
                Some("withdrawn")
            )
        );
        assert!(d["closed_at"].is_string());
        let d = decision(&v, &a_risk);
        assert_eq!(d["kind"], "security_risk");
        assert_eq!(d["outcome"], "votes_missing");
        assert_eq!(vote_of(d, &pol_name), &Value::Null);
        let d = decision(&v, &b_close);
        assert_eq!(d["code"], b_code.as_str());
        assert_eq!(
            (d["status"].as_str(), d["outcome"].as_str(), &d["adopted"]),
            (Some("adopted"), Some("unanimous"), &json!(true))
        );
        // The same on the page, codes linked to the case files.
        let page = police_pages.get(&format!("/vergaderingen/{m}")).await;
        assert_eq!(page.status, 200);
        let s = section(&page.body).expect("a decisions section");
        assert!(page.body.contains("<h2 id=\"besluiten\">Besluiten</h2>"));
        assert!(
            s.contains(&format!("<a href=\"/casussen/{a}\">{a_code}</a>")),
            "{s}"
        );
        assert!(
            s.contains(&format!("<a href=\"/casussen/{b}\">{b_code}</a>")),
            "{s}"
        );
        for label in [
            "Casus afsluiten",
            "Terugkoppelingsfiche naar de politie sturen",
            "Veiligheidsrisico",
            "ter stemming",
            "aanvaard en uitgevoerd",
            "ingetrokken",
            "tegengehouden door een tegenstem of onthouding",
            "unaniem akkoord",
            "nog niet elke aanwezige organisatie stemde",
            "niet akkoord",
            "nog niet gestemd",
            &pol_name,
            &caw_name,
        ] {
            assert!(s.contains(label), "{label} in {s}");
        }
        assert!(!page.body.contains(NAME), "never a name");
        assert!(!page.body.contains("reden-md47"), "never the reason");
        // Audited with the agenda.
        let seen = common::audit_rows(&app, 50).into_iter().find(|e| {
            e.action == "meeting.content_viewed" && e.object_id.as_deref() == Some(m.as_str())
        });
        assert!(
            seen.unwrap()
                .detail
                .unwrap_or_default()
                .ends_with("decisions=4")
        );

        // The guest: after its own acknowledgement, only case A's decisions,
        // never a link to the file; nothing of case B.
        let v = meeting(&mut guest, &m).await;
        assert_eq!(v["decisions"], json!([]), "not before the acknowledgement");
        acknowledge(&mut guest, &gcsrf, &m).await;
        let r = guest.get(&format!("/api/v1/meetings/{m}")).await;
        assert!(
            !r.body.contains(&b_code) && !r.body.contains(&b),
            "nothing of B"
        );
        let v = meeting(&mut guest, &m).await;
        let mut ids: Vec<&str> = v["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                assert_eq!(d["code"], a_code.as_str());
                d["id"].as_str().unwrap()
            })
            .collect();
        ids.sort_unstable();
        let mut want = vec![a_close.as_str(), a_fiche.as_str(), a_risk.as_str()];
        want.sort_unstable();
        assert_eq!(ids, want);
        let mut guest_pages = Client::new(&app);
        guest_pages.login_demo("jeugddienst").await;
        let page = guest_pages.get(&format!("/vergaderingen/{m}")).await;
        let s = section(&page.body).expect("the guest's decisions");
        assert!(s.contains(&a_code) && s.contains("Casus afsluiten"), "{s}");
        assert!(!page.body.contains(&format!("/casussen/{a}")), "no link");
        assert!(!page.body.contains(&b_code), "nothing of B");
        assert!(!page.body.contains(NAME));

        // No access to the table: refused, nothing shown.
        for name in ["stuurgroep", "referentie", "dpo"] {
            let mut c = Client::new(&app);
            c.login_demo(name).await;
            for path in [
                format!("/vergaderingen/{m}"),
                format!("/api/v1/meetings/{m}"),
            ] {
                let r = c.get(&path).await;
                assert_eq!(r.status, 403, "{name} {path}");
                assert!(!r.body.contains(&a_code) && !r.body.contains(&b_code));
            }
        }
        // The Stuurgroep's own meeting has no cases, so no decisions.
        let r = post(
            &mut expert,
            &ecsrf,
            "/api/v1/meetings",
            json!({"body_id": crate::meetings::body_id(&app, "stuurgroep"),
                "date": "10/12/2026", "start": "19:00", "end": "21:00",
                "place": "Stadhuis, schepenzaal", "kind": "planned"}),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let steering = r.json()["id"].as_str().unwrap().to_owned();
        let (mut s, _) = common::api_login(&app, "stuurgroep").await;
        let v = meeting(&mut s, &steering).await;
        assert_eq!(v["agenda_gate"], "no_case_content");
        assert_eq!(v["decisions"], json!([]));
        let mut s = Client::new(&app);
        s.login_demo("stuurgroep").await;
        let page = s.get(&format!("/vergaderingen/{steering}")).await;
        assert_eq!(page.status, 200);
        assert!(section(&page.body).is_none());
        assert!(!page.body.contains("SN-2026"));
    }
);

scenario!(
    the_api_documents_the_decisions_of_a_meeting,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        let doc = c.get("/api/v1/openapi.json").await.json();
        let schemas = &doc["components"]["schemas"];
        // `MeetingView` flattens `MeetingItem`: its own properties are the
        // second part of an `allOf`.
        let decisions = schemas["MeetingView"]["allOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|part| &part["properties"]["decisions"])
            .find(|p| !p.is_null())
            .unwrap_or_else(|| panic!("no decisions in {}", schemas["MeetingView"]));
        assert_eq!(
            decisions["items"]["$ref"], "#/components/schemas/MeetingDecisionItem",
            "{decisions}"
        );
        let item = &schemas["MeetingDecisionItem"]["properties"];
        for p in [
            "id", "case_id", "code", "kind", "status", "outcome", "adopted", "votes",
        ] {
            assert!(item[p].is_object(), "{p} in {item}");
        }
        assert!(item["reason"].is_null(), "never the reason");
    }
);
