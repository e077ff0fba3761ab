//! The action plan (issue 4, item 10): the measures come from the profile;
//! the expert records owner, indicators and status; the Stuurgroep reads
//! the plan and writes its evaluation notes per period (and may change
//! nothing else); reference persons, partners, the administrator and the
//! DPO are refused. Indicators and notes sealed at rest; every read and
//! change audited. On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use crate::outreach_support;

use common::TestApp;
use outreach_support::{
    OUTSIDERS, audit_text, audited, in_blobs, logged_in, post_raw, put_json, shows, tenant,
};

scenario!(
    the_expert_keeps_the_plan_and_the_stuurgroep_evaluates_it,
    |app: TestApp| async move {
        let (mut expert, csrf) = logged_in(&app, "deskundige").await;
        // Every measure of the profile, in the plan's order, not started.
        let plan = expert.get("/api/v1/action-plan").await.json();
        let codes: Vec<&str> = plan["measures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["code"].as_str().unwrap())
            .collect();
        assert_eq!(
            codes,
            [
                "P1", "P2", "P3", "P3.1", "P3.2", "P3.3", "P4", "C1", "C2", "C3"
            ]
        );
        assert!(
            plan["measures"]
                .as_array()
                .unwrap()
                .iter()
                .all(|m| m["status"] == "not_started")
        );
        assert_eq!(plan["counts"][0]["status"], "not_started");
        assert_eq!(plan["counts"][0]["count"], 10);
        let page = expert.get("/actieplan").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Weerbaarheid van jongeren verhogen"));

        // The expert records the follow-up of P4: owner, indicators, status.
        let detail = expert.get("/actieplan/P4").await;
        assert!(
            detail.body.contains("name=\"trekker\""),
            "the expert gets the form"
        );
        let dsp = plan["measures"][6]["owner_id"].as_str().unwrap().to_owned();
        let r = expert
            .post_form(
                "/actieplan/P4",
                &[
                    ("csrf", &csrf),
                    ("trekker", &dsp),
                    (
                        "indicatoren",
                        "Elke secundaire school met een tweede graad bereikt.",
                    ),
                    ("status", "in_progress"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        // And through the API, refused then accepted.
        let r = put_json(
            &mut expert,
            "/api/v1/action-plan/P3.2",
            serde_json::json!({"owner_id": "andere-organisatie", "status": "klaar"}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 422);
        let fields: Vec<String> = r.json()["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(fields, ["unknown_organisation", "unknown_choice"]);
        let r = put_json(
            &mut expert,
            "/api/v1/action-plan/P3.2",
            serde_json::json!({"owner_id": dsp, "indicators": "Vier bijeenkomsten per schooljaar.", "status": "done"}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);

        // The Stuurgroep reads the plan and the measure ...
        let (mut steering, scsrf) = logged_in(&app, "stuurgroep").await;
        assert!(steering.get("/").await.body.contains("href=\"/actieplan\""));
        let p = steering.get("/actieplan").await;
        assert_eq!(p.status, 200);
        assert!(
            p.body.contains("Lopend") && p.body.contains("Gerealiseerd"),
            "{}",
            p.body
        );
        let d = steering.get("/actieplan/P4").await;
        assert_eq!(d.status, 200);
        assert!(
            d.body
                .contains("Elke secundaire school met een tweede graad bereikt.")
        );
        assert!(
            !d.body.contains("name=\"trekker\""),
            "no follow-up form for the Stuurgroep"
        );
        assert!(d.body.contains("name=\"periode\""), "the note form");
        // ... writes an evaluation note (a period that has begun) ...
        let r = steering
            .post_form(
                "/actieplan/P4/evaluaties",
                &[
                    ("csrf", &scsrf),
                    ("periode", "2027-H1"),
                    ("notitie", "Te vroeg"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body.contains("Deze periode is nog niet begonnen."),
            "{}",
            r.body
        );
        let r = steering
            .post_form(
                "/actieplan/P4/evaluaties",
                &[
                    ("csrf", &scsrf),
                    ("periode", "2026-H2"),
                    ("notitie", "Op schema; ook de derde graad bekijken."),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let r = steering
            .post_json(
                "/api/v1/action-plan/P3.2/evaluations",
                serde_json::json!({"period": "2026", "note": "Goed werk van de werkgroep."}),
                Some(&scsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        // ... shown with its organisation and role, never the person.
        let d = expert.get("/actieplan/P4").await;
        assert!(d.body.contains("Op schema; ook de derde graad bekijken."));
        assert!(d.body.contains("(Lid Stuurgroep)"), "{}", d.body);
        assert!(!d.body.contains("Stefaan Stuur"));
        let j = steering.get("/api/v1/action-plan/P3.2").await.json();
        assert_eq!(j["evaluations"][0]["period"], "2026");
        assert_eq!(j["evaluations"][0]["by_role"], "steering");
        assert_eq!(j["status"], "done");
        // The expert writes notes too.
        let r = expert
            .post_form(
                "/actieplan/P1/evaluaties",
                &[
                    ("csrf", &csrf),
                    ("periode", "2026-h2"),
                    ("notitie", "Bekendmaking loopt."),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        assert!(expert.get("/actieplan").await.body.contains("2026-H2"));

        // But the Stuurgroep changes nothing else.
        let r = steering
            .post_form("/actieplan/P4", &[("csrf", &scsrf), ("status", "stopped")])
            .await;
        assert_eq!(r.status, 403);
        let r = put_json(
            &mut steering,
            "/api/v1/action-plan/P4",
            serde_json::json!({"status": "stopped"}),
            &scsrf,
        )
        .await;
        assert_eq!(r.status, 403);
        assert_eq!(
            expert.get("/api/v1/action-plan/P4").await.json()["status"],
            "in_progress"
        );

        // Unknown measures, hostile bodies.
        for path in [
            "/actieplan/P99",
            "/api/v1/action-plan/X1",
            "/actieplan/%3Cscript%3E",
        ] {
            assert_eq!(steering.get(path).await.status, 404, "{path}");
        }
        let r = steering
            .post_json(
                "/api/v1/action-plan/P99/evaluations",
                serde_json::json!({"period": "2026", "note": "x"}),
                Some(&scsrf),
            )
            .await;
        assert_eq!(r.status, 404);
        let r = steering
            .post_json(
                "/api/v1/action-plan/P4/evaluations",
                serde_json::json!({"period": 2026}),
                Some(&scsrf),
            )
            .await;
        assert_eq!(r.status, 422);
        let long = "n".repeat(4001);
        let r = steering
            .post_form(
                "/actieplan/P4/evaluaties",
                &[("csrf", &scsrf), ("periode", "Q3"), ("notitie", &long)],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains("Schrijf de periode als 2026, 2026-H1 of 2026-H2.")
        );
        assert!(
            r.body
                .contains("Dit is te lang: hoogstens 4000 tekens (nu 4001).")
        );
        let r = post_raw(
            &mut steering,
            "/actieplan/P4/evaluaties",
            "application/json",
            b"{}".to_vec(),
            &scsrf,
        )
        .await;
        assert_eq!(r.status, 400);
        let r = steering
            .post_form(
                "/actieplan/P4/evaluaties",
                &[
                    ("csrf", &scsrf),
                    ("periode", "2026"),
                    ("notitie", "<script>alert(1)</script>"),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        let d = expert.get("/actieplan/P4").await;
        assert!(
            !d.body.contains("<script>alert(1)") && outreach_support::shows_script_as_text(&d.body),
            "{}",
            d.body
        );

        let t = tenant(&app);
        let p4 = app
            .db
            .read(|c| verbind_store::models::action_plan::find_measure(c, &t, "P4"))
            .unwrap();
        assert!(audited(&app, "action_plan.measure_updated", &p4.id));
        assert!(audited(&app, "action_plan.evaluated", &p4.id));
        assert!(audited(&app, "action_plan.viewed", &p4.id));
        let text = audit_text(&app);
        assert!(text.contains("code=P4 period=2026-H2"));
        assert!(!text.contains("Op schema"));
        assert!(shows(
            &steering.get("/actieplan/P3.2").await.body,
            "Vier bijeenkomsten per schooljaar."
        ));
    }
);

scenario!(
    reference_persons_partners_admin_and_dpo_are_refused,
    |app: TestApp| async move {
        for who in OUTSIDERS {
            let (mut c, ccsrf) = logged_in(&app, who).await;
            for path in [
                "/actieplan",
                "/actieplan/P4",
                "/api/v1/action-plan",
                "/api/v1/action-plan/P4",
            ] {
                let r = c.get(path).await;
                assert_eq!(r.status, 403, "{who} {path}");
                assert!(!r.body.contains("Weerbaarheid van jongeren"));
            }
            let r = c
                .post_form("/actieplan/P4", &[("csrf", &ccsrf), ("status", "done")])
                .await;
            assert_eq!(r.status, 403, "{who}");
            let r = c
                .post_form(
                    "/actieplan/P4/evaluaties",
                    &[("csrf", &ccsrf), ("periode", "2026"), ("notitie", "x")],
                )
                .await;
            assert_eq!(r.status, 403, "{who}");
            let r = c
                .post_json(
                    "/api/v1/action-plan/P4/evaluations",
                    serde_json::json!({"period": "2026", "note": "x"}),
                    Some(&ccsrf),
                )
                .await;
            assert_eq!(r.status, 403, "{who}");
            let r = put_json(
                &mut c,
                "/api/v1/action-plan/P4",
                serde_json::json!({"status": "done"}),
                &ccsrf,
            )
            .await;
            assert_eq!(r.status, 403, "{who}");
            assert!(
                !c.get("/").await.body.contains("href=\"/actieplan\""),
                "{who}"
            );
        }
        // Nothing was written.
        let (mut expert, _) = logged_in(&app, "deskundige").await;
        let j = expert.get("/api/v1/action-plan/P4").await.json();
        assert_eq!(j["status"], "not_started");
        assert!(j["evaluations"].as_array().unwrap().is_empty());
    }
);

scenario!(
    indicators_and_notes_are_sealed_at_rest,
    |app: TestApp| async move {
        let (mut expert, csrf) = logged_in(&app, "deskundige").await;
        let r = put_json(
            &mut expert,
            "/api/v1/action-plan/P2",
            serde_json::json!({"indicators": "AP-INDICATORS-3f", "status": "in_progress"}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let (mut steering, scsrf) = logged_in(&app, "stuurgroep").await;
        let r = steering
            .post_json(
                "/api/v1/action-plan/P2/evaluations",
                serde_json::json!({"period": "2026-H2", "note": "AP-NOTE-3f"}),
                Some(&scsrf),
            )
            .await;
        assert_eq!(r.status, 201);
        let t = tenant(&app);
        let (entries, notes) = app
            .db
            .read(|c| {
                Ok((
                    verbind_store::models::action_plan::entries(c, &t)?,
                    verbind_store::models::action_plan::evaluations(c, &t)?,
                ))
            })
            .unwrap();
        let blobs: Vec<Vec<u8>> = entries
            .into_iter()
            .map(|e| e.indicators_enc.unwrap())
            .chain(notes.into_iter().map(|n| n.note_enc))
            .collect();
        assert_eq!(blobs.len(), 2);
        for m in ["AP-INDICATORS-3f", "AP-NOTE-3f"] {
            assert!(!in_blobs(&blobs, m), "{m} stored in the clear");
            assert!(!audit_text(&app).contains(m));
        }
        assert!(
            steering
                .get("/actieplan/P2")
                .await
                .body
                .contains("AP-NOTE-3f")
        );
    }
);
