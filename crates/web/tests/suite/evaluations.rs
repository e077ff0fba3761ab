//! The follow-up trajectory is evaluated at every following table (issue 3,
//! item 8; plan 2.4.3): an action that existed when a meeting of the table
//! started shows as due until the expert records the table's verdict there;
//! adjusting or stopping needs a note; a stopped action is no longer
//! evaluated. Pages and JSON API, SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::TestApp;
use serde_json::{Value, json};

const NOTE: &str = "Begeleiding loopt, afspraak met de school verschoven, notitie-7e3b";
const STOP: &str = "Doel bereikt via een ander traject, stop-7e3b";

scenario!(
    actions_are_evaluated_at_every_following_table,
    |app: TestApp| async move {
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (id, _) = common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let caw_org = expert
            .get(&format!("/api/v1/cases/{id}/trajectory"))
            .await
            .json()["table_organisations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"].as_str().unwrap().contains("CAW"))
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let trajectory = format!("/api/v1/cases/{id}/trajectory");
        let r = expert
            .post_json(
                &format!("{trajectory}/actions"),
                json!({"description": "Begeleiding door het CAW", "responsible": caw_org, "due_date": "2027-01-15"}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let action = r.json()["id"].as_str().unwrap().to_owned();
        let evaluate = format!("{trajectory}/actions/{action}/evaluations");
        let t: Value = expert.get(&trajectory).await.json();
        assert_eq!(t["actions"][0]["evaluation_due"], false, "no table since");
        assert_eq!(t["evaluation_meetings"], json!([]));

        // A meeting next week: not started, so nothing to evaluate at yet.
        let meeting = common::table_meeting(&app, &[]);
        let r = expert
            .post_json(
                &evaluate,
                json!({"meeting_id": meeting, "verdict": "on_track"}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.json()["error"], "meeting");

        // A week later the table meets: the action is due for evaluation.
        app.clock
            .advance_ms(7 * 24 * 60 * 60 * 1000 + 30 * 60 * 1000);
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let t: Value = expert.get(&trajectory).await.json();
        assert_eq!(t["actions"][0]["evaluation_due"], true, "{t}");
        assert_eq!(t["evaluation_meetings"][0]["id"], meeting.as_str());
        assert_eq!(t["actions"][0]["may_evaluate"], true);
        let page = police.get(&format!("/casussen/{id}/traject")).await;
        assert!(
            page.body
                .contains("Nog niet geëvalueerd op de laatste tafel")
        );
        assert!(
            !page.body.contains("/evalueren"),
            "a partner does not evaluate"
        );

        // Only the expert evaluates; the rules, each with its code.
        let r = police
            .post_json(
                &evaluate,
                json!({"meeting_id": meeting, "verdict": "on_track"}),
                Some(&pcsrf),
            )
            .await;
        assert_eq!(r.status, 403);
        for (body, code) in [
            (
                json!({"meeting_id": meeting, "verdict": "prima"}),
                "verdict_invalid",
            ),
            (
                json!({"meeting_id": meeting, "verdict": "adjust"}),
                "note_required",
            ),
            (
                json!({"meeting_id": meeting, "verdict": "stop", "note": "   "}),
                "note_required",
            ),
            (
                json!({"meeting_id": "00000000-0000-4000-8000-000000000000", "verdict": "on_track"}),
                "meeting",
            ),
        ] {
            let r = expert
                .post_json(&evaluate, body.clone(), Some(&ecsrf))
                .await;
            assert_eq!(r.status, 422, "{body}: {}", r.body);
            assert_eq!(r.json()["error"], code, "{body}");
        }
        let r = expert
            .post_json(
                &evaluate,
                json!({"meeting_id": meeting, "verdict": "delayed", "note": NOTE}),
                None,
            )
            .await;
        assert_eq!(r.status, 403, "CSRF");
        let r = expert
            .post_json(
                &evaluate,
                json!({"meeting_id": meeting, "verdict": "delayed", "note": NOTE}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let t: Value = police.get(&trajectory).await.json();
        let a = &t["actions"][0];
        assert_eq!(a["evaluation_due"], false);
        assert_eq!(a["evaluations"][0]["verdict"], "delayed");
        assert_eq!(a["evaluations"][0]["note"], NOTE);
        assert_eq!(a["may_evaluate"], false, "the police does not evaluate");
        let page = police.get(&format!("/casussen/{id}/traject")).await;
        assert!(page.body.contains("vertraagd") && page.body.contains(NOTE));
        assert!(!page.body.contains("Nog niet geëvalueerd"));

        // The note is sealed at rest; the audit names no content.
        let raw: Vec<Vec<u8>> = app
            .db
            .read(|c| {
                use diesel::prelude::*;
                use verbind_store::schema::case_action_evaluations::dsl as e;
                Ok(e::case_action_evaluations
                    .select(e::note_enc)
                    .load::<Vec<u8>>(c)?)
            })
            .unwrap();
        assert_eq!(raw.len(), 1);
        assert!(!raw[0].windows(9).any(|w| w == b"notitie-7".as_slice()));
        let audit = app
            .db
            .read(|c| {
                verbind_store::models::audit::list(
                    c,
                    &verbind_store::models::audit::Filter {
                        action: Some("case.action_evaluated".into()),
                        limit: 10,
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        assert_eq!(audit.len(), 1);
        assert!(!format!("{:?}", audit[0].detail).contains("7e3b"));

        // Through the page: the table stops the action, with its reason.
        let page = expert.get(&format!("/casussen/{id}/traject")).await;
        assert!(page.body.contains(&format!("/traject/{action}/evalueren")));
        let csrf = common::csrf_in(&page.body).unwrap();
        let r = expert
            .post_form(
                &format!("/casussen/{id}/traject/{action}/evalueren"),
                &[
                    ("csrf", &csrf),
                    ("vergadering", &meeting),
                    ("oordeel", "stop"),
                    ("toelichting", ""),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("waarom de actie stopt"));
        let r = expert
            .post_form(
                &format!("/casussen/{id}/traject/{action}/evalueren"),
                &[
                    ("csrf", &csrf),
                    ("vergadering", &meeting),
                    ("oordeel", "stop"),
                    ("toelichting", STOP),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let t: Value = expert.get(&trajectory).await.json();
        let a = &t["actions"][0];
        assert_eq!(a["phase"], "cancelled");
        assert_eq!(
            a["evaluations"].as_array().unwrap().len(),
            1,
            "the same meeting: replaced"
        );
        assert_eq!(a["evaluations"][0]["verdict"], "stop");
        assert_eq!(a["may_evaluate"], false);
        let r = expert
            .post_json(
                &evaluate,
                json!({"meeting_id": meeting, "verdict": "on_track"}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.json()["error"], "action_finished");

        // Someone outside the table never sees the evaluations.
        let (mut steering, _) = common::api_login(&app, "stuurgroep").await;
        let r = steering.get(&trajectory).await;
        assert_eq!(r.status, 403);
        assert!(!r.body.contains("7e3b"));
    }
);

scenario!(
    a_new_action_is_not_offered_for_evaluation_at_an_earlier_table,
    |app: TestApp| async move {
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (id, _) = common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        // A table that met this morning and has ended.
        let hour = 60 * 60 * 1000;
        let earlier = common::table_meeting_at(&app, &[], app.state.now_ms() - 5 * hour);
        let trajectory = format!("/api/v1/cases/{id}/trajectory");
        let t: Value = expert.get(&trajectory).await.json();
        let caw_org = t["table_organisations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"].as_str().unwrap().contains("CAW"))
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let r = expert
            .post_json(
                &format!("{trajectory}/actions"),
                json!({"description": "Begeleiding door het CAW", "responsible": caw_org, "due_date": "2027-01-15"}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let action = r.json()["id"].as_str().unwrap().to_owned();
        let t: Value = expert.get(&trajectory).await.json();
        assert_eq!(t["evaluation_meetings"][0]["id"], earlier.as_str(), "{t}");
        // That table cannot evaluate an action proposed after it: no form.
        assert_eq!(t["actions"][0]["may_evaluate"], false, "{t}");
        let mut page = common::Client::new(&app);
        page.login_demo("deskundige").await;
        let body = page.get(&format!("/casussen/{id}/traject")).await.body;
        assert!(
            !body.contains(&format!("/traject/{action}/evalueren")),
            "{body}"
        );
        // Sent anyway: refused with the rule.
        let r = expert
            .post_json(
                &format!("{trajectory}/actions/{action}/evaluations"),
                json!({"meeting_id": earlier, "verdict": "on_track"}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.json()["error"], "meeting_before_action");
    }
);
