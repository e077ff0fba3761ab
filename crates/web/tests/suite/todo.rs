//! A partner's "Te doen" on the start page: for its own organisation only,
//! actions to accept, votes pending, the known / followed-up check, feedback
//! received and the meetings ahead with their guests; case codes only, each
//! linked, and one audit entry like the case list. A partner without a seat
//! and the Stuurgroep see no such section. SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, TestApp};
use serde_json::json;

/// The part of the page of one "Te doen" line (empty when absent).
pub(crate) fn line<'a>(html: &'a str, kind: &str) -> &'a str {
    let marker = format!("data-todo=\"{kind}\"");
    let Some(i) = html.find(&marker) else {
        return "";
    };
    let rest = &html[i + marker.len()..];
    let end = rest
        .find("data-todo=")
        .or_else(|| rest.find("</section>"))
        .unwrap_or(rest.len());
    &rest[..end]
}

/// (id, code) of the demo cases, in the order they were referred.
fn demo_cases(app: &TestApp) -> Vec<(String, String)> {
    use verbind_store::models::{case, tenant};
    app.db
        .read(|c| {
            let t = tenant::find_by_slug(c, "sint-niklaas")?
                .unwrap()
                .tenant_id();
            let mut rows = case::list(c, &t, &[])?;
            rows.sort_by_key(|r| r.created_at);
            Ok(rows.into_iter().map(|r| (r.id, r.code)).collect())
        })
        .unwrap()
}

async fn dashboard(app: &TestApp, username: &str) -> String {
    let (mut c, _) = common::api_with_ethics(app, username).await;
    let r = c.get("/").await;
    assert_eq!(r.status, 200, "{username}: {}", r.body);
    r.body
}

scenario!(demo_partners, |app: TestApp| async move {
    common::seed_demo_data(&app);
    let cases = demo_cases(&app);
    let (on_agenda_id, on_agenda) = cases[2].clone();
    let (follow_up_id, follow_up) = cases[3].clone();

    // The CAW: the check on the case on the agenda, the meeting ahead; it
    // accepted the proposed action and received no feedback.
    let before = common::audit_rows(&app, 1)[0].seq;
    let caw = dashboard(&app, "caw").await;
    assert!(caw.contains("data-section=\"todo\""), "{caw}");
    assert!(caw.contains("Te doen"), "{caw}");
    let knowledge = line(&caw, "knowledge");
    assert!(
        knowledge.contains("Kennischeck nog te beantwoorden"),
        "{caw}"
    );
    assert!(
        knowledge.contains(&format!("href=\"/casussen/{on_agenda_id}\">{on_agenda}<")),
        "{caw}"
    );
    assert!(!knowledge.contains(&follow_up), "the CAW answered: {caw}");
    assert!(!line(&caw, "actions").contains(&follow_up), "{caw}");
    assert!(line(&caw, "feedback").is_empty(), "{caw}");
    assert!(!caw.contains("Terugkoppeling ontvangen"), "{caw}");
    let meetings = line(&caw, "meetings");
    assert!(meetings.contains("Komende vergaderingen"), "{caw}");
    assert!(meetings.contains("href=\"/vergaderingen/"), "{caw}");
    assert!(meetings.contains("gasten aangekondigd") || meetings.contains("gast aangekondigd"));
    assert!(!caw.contains("Fictief Persoon"), "no name: {caw}");
    // One audit entry like the case list, none per case.
    let rows: Vec<_> = common::audit_rows(&app, 50)
        .into_iter()
        .filter(|r| r.seq > before)
        .collect();
    let listed: Vec<_> = rows
        .iter()
        .filter(|r| r.detail.as_deref().unwrap_or("").contains("via=todo"))
        .collect();
    assert_eq!(listed.len(), 1, "{rows:?}");
    assert_eq!(listed[0].action, "case.list_viewed");
    assert!(
        rows.iter()
            .all(|r| r.object_type.as_deref() != Some("case")),
        "no entry per case: {rows:?}"
    );

    // The CLB: the action waiting for its agreement and the feedback it received.
    let clb = dashboard(&app, "clb").await;
    let actions = line(&clb, "actions");
    assert!(actions.contains("Acties wachten op uw akkoord"), "{clb}");
    assert!(
        actions.contains(&format!(
            "href=\"/casussen/{follow_up_id}/traject\">{follow_up}<"
        )),
        "{clb}"
    );
    let feedback = line(&clb, "feedback");
    assert!(feedback.contains("Terugkoppeling ontvangen"), "{clb}");
    assert!(
        feedback.contains(&format!(
            "href=\"/casussen/{follow_up_id}/terugkoppeling\">{follow_up}<"
        )),
        "{clb}"
    );
    assert!(!clb.contains("Fictief Persoon"), "no name: {clb}");

    // A partner without a seat and the Stuurgroep: no such section.
    for name in ["jeugddienst", "stuurgroep"] {
        let mut c = Client::new(&app);
        c.login_demo(name).await;
        let dash = c.get("/").await;
        assert_eq!(dash.status, 200, "{name}");
        assert!(!dash.body.contains("data-section=\"todo\""), "{name}");
        assert!(!dash.body.contains("Te doen"), "{name}: {}", dash.body);
    }

    // In French and English, the same section.
    let (mut c, csrf) = common::api_with_ethics(&app, "clb").await;
    for (lang, title) in [("fr-BE", "À faire"), ("en", "To do")] {
        let r = c
            .post_form("/taal", &[("csrf", csrf.as_str()), ("locale", lang)])
            .await;
        assert!(r.status < 400, "{lang}: {}", r.status);
        let body = c.get("/").await.body;
        assert!(body.contains(title), "{lang}: {body}");
    }
});

scenario!(vote_pending, |app: TestApp| async move {
    let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
    let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
    let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
    let (id, code) = common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
    let org_of = |v: serde_json::Value| v["organisation"]["id"].as_str().unwrap().to_owned();
    let dsp = org_of(expert.get("/api/v1/me").await.json());
    let police_org = org_of(police.get("/api/v1/me").await.json());
    let caw_org = org_of(caw.get("/api/v1/me").await.json());

    // Nothing to vote on yet.
    let dash = caw.get("/").await.body;
    assert!(dash.contains("data-section=\"todo\""), "{dash}");
    assert!(line(&dash, "votes").is_empty(), "{dash}");

    let meeting = common::sitting_meeting(&app, &[&dsp, &police_org, &caw_org]);
    let r = expert
        .post_json(
            &format!("/api/v1/cases/{id}/decisions"),
            json!({"kind": "send_terugkoppelingsfiche_to_police", "meeting_id": meeting}),
            Some(&ecsrf),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let decision = expert.get(&format!("/api/v1/cases/{id}")).await.json()["decisions"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let dash = caw.get("/").await.body;
    let votes = line(&dash, "votes");
    assert!(votes.contains("Stemmingen wachten op uw stem"), "{dash}");
    assert!(
        votes.contains(&format!("href=\"/casussen/{id}\">{code}<")),
        "{dash}"
    );
    assert!(!dash.contains("Vergader Fictief"), "no name: {dash}");
    // Its meeting is ahead.
    assert!(
        line(&dash, "meetings").contains(&format!("href=\"/vergaderingen/{meeting}\"")),
        "{dash}"
    );

    let r = caw
        .post_json(
            &format!("/api/v1/cases/{id}/decisions/{decision}/votes"),
            json!({"vote": "agree"}),
            Some(&ccsrf),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let dash = caw.get("/").await.body;
    assert!(!line(&dash, "votes").contains(&code), "{dash}");
    assert!(!dash.contains("Stemmingen wachten op uw stem"), "{dash}");
});
