//! Resilience workshops (issue 4, item 9): the expert plans workshops in the
//! schools of the profile's registry, records them as held with an
//! evaluation, and sees the coverage per school year; the Stuurgroep sees
//! the coverage (no personal data) and nothing else; everyone else is
//! refused. Hostile input refused in Dutch, free text sealed at rest, every
//! read and change audited. On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use crate::outreach_support;

use common::TestApp;
use outreach_support::{
    OUTSIDERS, audit_text, audited, id_from, in_blobs, logged_in, post_raw, put_json, tenant,
};

/// The test clock is 28/11/2026: school year 2026-2027.
const YEAR: &str = "2026-2027";

scenario!(
    workshops_are_planned_held_and_counted_per_school_year,
    |app: TestApp| async move {
        let (mut expert, csrf) = logged_in(&app, "deskundige").await;
        // The registry comes from the profile.
        let schools = expert.get("/api/v1/schools").await.json();
        assert_eq!(schools["schools"].as_array().unwrap().len(), 12);
        let form = expert.get("/workshops/nieuw").await;
        assert!(form.body.contains("Forum Da Vinci"));
        assert!(form.body.contains("value=\"StampMedia\""));

        // Held in October at Forum Da Vinci; planned in March at CDO Newton.
        let r = expert
            .post_form(
                "/workshops/nieuw",
                &[
                    ("csrf", &csrf),
                    ("school", "forum-da-vinci"),
                    ("datum", "10/10/2026"),
                    ("status", "held"),
                    ("aanbieder", "StampMedia"),
                    ("klassen", "3A, 3B"),
                    ("leerlingen", "48"),
                    ("onderwerp", "fake_news"),
                    ("onderwerp", "identity"),
                    ("score", "4"),
                    ("evaluatie", "Goed onthaald, vraag naar een vervolg."),
                ],
            )
            .await;
        let held = id_from(&r, "/workshops/");
        let r = expert
            .post_json(
                "/api/v1/workshops",
                serde_json::json!({"school": "cdo-newton", "date": "2027-03-15",
                    "topics": ["conspiracy_thinking", "polarisation"]}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let planned = r.json()["id"].as_str().unwrap().to_owned();
        let j = expert
            .get(&format!("/api/v1/workshops/{planned}"))
            .await
            .json();
        assert_eq!(j["status"], "planned");
        assert_eq!(j["provider"], "StampMedia");
        // A cancelled one does not count.
        let r = expert
            .post_json(
                "/api/v1/workshops",
                serde_json::json!({"school": "broederschool", "date": "2026-11-02", "status": "cancelled",
                    "topics": ["identity"]}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);

        // The coverage of this school year.
        let c = expert.get("/workshops/bereik").await;
        assert_eq!(c.status, 200, "{}", c.body);
        assert!(c.body.contains(YEAR));
        assert!(
            c.body
                .contains("1 van de 12 scholen bereikt, 1 gepland, 10 nog te bereiken."),
            "{}",
            c.body
        );
        let j = expert
            .get(&format!("/api/v1/workshops/coverage?school_year={YEAR}"))
            .await
            .json();
        assert_eq!(
            (
                j["goal"].as_u64(),
                j["reached"].as_u64(),
                j["planned"].as_u64(),
                j["to_reach"].as_u64()
            ),
            (Some(12), Some(1), Some(1), Some(10))
        );
        assert_eq!(j["pupils"], 48);
        let by = |slug: &str| {
            j["schools"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["school"] == slug)
                .unwrap()
                .clone()
        };
        assert_eq!(by("forum-da-vinci")["reach"], "reached");
        assert_eq!(
            by("forum-da-vinci")["topics"],
            serde_json::json!(["fake_news", "identity"])
        );
        assert_eq!(by("cdo-newton")["reach"], "planned");
        assert_eq!(by("broederschool")["reach"], "to_reach");
        // Last school year: nobody reached; and the held one counts as "before" next year.
        let j = expert
            .get("/api/v1/workshops/coverage?school_year=2025-2026")
            .await
            .json();
        assert_eq!(j["reached"], 0);
        let j = expert
            .get("/api/v1/workshops/coverage?school_year=2027-2028")
            .await
            .json();
        assert_eq!(j["reached_ever"], 1);
        let r = expert
            .get("/api/v1/workshops/coverage?school_year=volgend")
            .await;
        assert_eq!(r.status, 422);
        assert_eq!(r.json()["message"], "Schrijf het schooljaar als 2026-2027.");

        // The planned one takes place: recorded as held.
        let r = put_json(
            &mut expert,
            &format!("/api/v1/workshops/{planned}"),
            serde_json::json!({"school": "cdo-newton", "date": "2026-11-20", "status": "held", "pupils": 50,
                "topics": ["conspiracy_thinking"], "score": 5}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let j = expert.get("/api/v1/workshops/coverage").await.json();
        assert_eq!(j["school_year"], YEAR);
        assert_eq!(j["reached"], 2);
        assert_eq!(j["pupils"], 98);

        // The list filters by school year, school and status.
        let list = expert
            .get(&format!("/workshops?schooljaar={YEAR}&status=held"))
            .await;
        assert!(
            list.body.contains("<td>Forum Da Vinci</td>")
                && list.body.contains("<td>CDO Newton</td>")
        );
        assert!(!list.body.contains("<td>Broederschool</td>"));
        let j = expert
            .get("/api/v1/workshops?school=broederschool")
            .await
            .json();
        assert_eq!(j["workshops"].as_array().unwrap().len(), 1);
        // The API applies every filter it documents, or refuses the value.
        let all = expert.get("/api/v1/workshops").await.json()["workshops"]
            .as_array()
            .unwrap()
            .len();
        let only_held = expert.get("/api/v1/workshops?status=held").await.json()["workshops"]
            .as_array()
            .unwrap()
            .clone();
        assert!(
            !only_held.is_empty() && only_held.len() < all,
            "{only_held:?}"
        );
        assert!(only_held.iter().all(|w| w["status"] == "held"));
        for (status, n) in [("cancelled", 1), ("held", 0)] {
            let j = expert
                .get(&format!(
                    "/api/v1/workshops?school_year={YEAR}&school=broederschool&status={status}"
                ))
                .await
                .json();
            assert_eq!(j["workshops"].as_array().unwrap().len(), n, "{status}");
        }
        let j = expert
            .get("/api/v1/workshops?school_year=2020-2021")
            .await
            .json();
        assert_eq!(j["workshops"].as_array().unwrap().len(), 0);
        for (q, code) in [
            ("status=gepland", "invalid_filter"),
            ("school=onbekende-school", "invalid_filter"),
            ("school_year=volgend-jaar", "school_year_invalid"),
        ] {
            let r = expert.get(&format!("/api/v1/workshops?{q}")).await;
            assert_eq!(r.status, 422, "{q}");
            assert_eq!(r.json()["error"], code, "{q}");
            assert!(r.json()["message"].as_str().is_some_and(|m| !m.is_empty()));
        }

        assert!(audited(&app, "workshop.created", &held));
        assert!(audited(&app, "workshop.updated", &planned));
        assert!(audited(&app, "workshop.viewed", &planned));
        assert!(audit_text(&app).contains("school_year=2026-2027 reached=1 planned=1 to_reach=10"));
    }
);

scenario!(
    workshop_rules_and_hostile_input,
    |app: TestApp| async move {
        let (mut expert, csrf) = logged_in(&app, "deskundige").await;
        // Held in the future; an evaluation of a planned workshop.
        let r = expert
            .post_form(
                "/workshops/nieuw",
                &[
                    ("csrf", &csrf),
                    ("school", "forum-da-vinci"),
                    ("datum", "10/12/2026"),
                    ("status", "held"),
                    ("onderwerp", "identity"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body.contains("Een workshop die nog moet plaatsvinden"),
            "{}",
            r.body
        );
        let r = expert
            .post_form(
                "/workshops/nieuw",
                &[
                    ("csrf", &csrf),
                    ("school", "forum-da-vinci"),
                    ("datum", "10/12/2026"),
                    ("status", "planned"),
                    ("onderwerp", "identity"),
                    ("score", "3"),
                    ("evaluatie", "Te vroeg"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains("Een evaluatie hoort bij een gegeven workshop.")
        );
        // A school outside the registry, too many pupils, no topic, a bad date, oversize.
        let long = "k".repeat(201);
        let r = expert
            .post_form(
                "/workshops/nieuw",
                &[
                    ("csrf", &csrf),
                    ("school", "school-elders"),
                    ("datum", "32/01/2027"),
                    ("leerlingen", "5000"),
                    ("klassen", &long),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        for m in [
            "Kies een school uit de lijst van secundaire scholen.",
            "Geef een geheel getal van 0 tot 2000.",
            "Kies minstens één onderwerp.",
            "Dit is te lang: hoogstens 200 tekens (nu 201).",
        ] {
            assert!(r.body.contains(m), "missing {m}");
        }
        // Markup in free text is shown escaped.
        let r = expert
            .post_json(
                "/api/v1/workshops",
                serde_json::json!({"school": "tisca", "date": "2026-10-01", "status": "held",
                    "topics": ["identity"], "evaluation": "<script>alert(1)</script>"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let id = r.json()["id"].as_str().unwrap().to_owned();
        let page = expert.get(&format!("/workshops/{id}")).await;
        assert!(!page.body.contains("<script>alert(1)"));
        assert!(outreach_support::shows_script_as_text(&page.body));
        // Unknown ids, wrong types, not a form.
        for path in [
            "/workshops/00000000-0000-4000-8000-000000000000",
            "/api/v1/workshops/bestaat-niet",
        ] {
            assert_eq!(expert.get(path).await.status, 404, "{path}");
        }
        let r = expert
            .post_json(
                "/api/v1/workshops",
                serde_json::json!({"pupils": "veel"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 422);
        assert_eq!(r.json()["error"], "invalid_body");
        let r = post_raw(
            &mut expert,
            "/workshops/nieuw",
            "application/json",
            b"{}".to_vec(),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 400);
        // A filter that cannot be read shows everything, never an error.
        assert_eq!(
            expert
                .get("/workshops?schooljaar=%00&school=%3Cx%3E")
                .await
                .status,
            200
        );
        assert_eq!(
            expert.get("/workshops/bereik?schooljaar=abc").await.status,
            200
        );
    }
);

scenario!(
    the_stuurgroep_sees_the_coverage_only_and_others_nothing,
    |app: TestApp| async move {
        let (mut expert, csrf) = logged_in(&app, "deskundige").await;
        let r = expert
            .post_json(
                "/api/v1/workshops",
                serde_json::json!({"school": "forum-da-vinci", "date": "2026-10-10", "status": "held",
                    "classes": "KLAS-MARKER-44", "provider": "AANBIEDER-MARKER-44", "pupils": 20,
                    "topics": ["fake_news"], "score": 4, "evaluation": "EVALUATIE-MARKER-44"}),
                Some(&csrf),
            )
            .await;
        let id = r.json()["id"].as_str().unwrap().to_owned();
        let markers = [
            "KLAS-MARKER-44",
            "AANBIEDER-MARKER-44",
            "EVALUATIE-MARKER-44",
        ];

        let (mut steering, scsrf) = logged_in(&app, "stuurgroep").await;
        // The coverage, as a page and through the API; the registry too.
        let page = steering.get("/workshops/bereik").await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("Forum Da Vinci"));
        let api = steering.get("/api/v1/workshops/coverage").await;
        assert_eq!(api.status, 200);
        assert_eq!(api.json()["reached"], 1);
        assert_eq!(steering.get("/api/v1/schools").await.status, 200);
        for text in [&page.body, &api.body] {
            for m in markers {
                assert!(!text.contains(m), "the Stuurgroep sees {m}");
            }
        }
        // The list sends the Stuurgroep to the coverage; the rest is refused.
        let r = steering.get("/workshops").await;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location").as_deref(), Some("/workshops/bereik"));
        assert!(steering.get("/").await.body.contains("href=\"/workshops\""));
        for path in [
            "/workshops/nieuw".to_owned(),
            format!("/workshops/{id}"),
            "/api/v1/workshops".to_owned(),
            format!("/api/v1/workshops/{id}"),
        ] {
            let r = steering.get(&path).await;
            assert_eq!(r.status, 403, "{path}");
            for m in markers {
                assert!(!r.body.contains(m));
            }
        }
        let r = steering
            .post_form(
                &format!("/workshops/{id}"),
                &[("csrf", &scsrf), ("school", "tisca")],
            )
            .await;
        assert_eq!(r.status, 403);
        let r = steering
            .post_json(
                "/api/v1/workshops",
                serde_json::json!({"school": "tisca"}),
                Some(&scsrf),
            )
            .await;
        assert_eq!(r.status, 403);

        // Reference persons, partners, the administrator and the DPO: nothing.
        for who in OUTSIDERS {
            let (mut c, ccsrf) = logged_in(&app, who).await;
            for path in [
                "/workshops".to_owned(),
                "/workshops/bereik".to_owned(),
                "/workshops/nieuw".to_owned(),
                format!("/workshops/{id}"),
                "/api/v1/schools".to_owned(),
                "/api/v1/workshops".to_owned(),
                "/api/v1/workshops/coverage".to_owned(),
                format!("/api/v1/workshops/{id}"),
            ] {
                assert_eq!(c.get(&path).await.status, 403, "{who} {path}");
            }
            let r = c
                .post_form("/workshops/nieuw", &[("csrf", &ccsrf), ("school", "tisca")])
                .await;
            assert_eq!(r.status, 403, "{who}");
            let r = put_json(
                &mut c,
                &format!("/api/v1/workshops/{id}"),
                serde_json::json!({}),
                &ccsrf,
            )
            .await;
            assert_eq!(r.status, 403, "{who}");
            assert!(
                !c.get("/").await.body.contains("href=\"/workshops\""),
                "{who}"
            );
        }
    }
);

scenario!(workshop_text_is_sealed_at_rest, |app: TestApp| async move {
    let (mut expert, csrf) = logged_in(&app, "deskundige").await;
    let r = expert
        .post_form(
            "/workshops/nieuw",
            &[
                ("csrf", &csrf),
                ("school", "tisca"),
                ("datum", "01/10/2026"),
                ("status", "held"),
                ("aanbieder", "WS-PROVIDER-5c"),
                ("klassen", "WS-CLASSES-5c"),
                ("onderwerp", "polarisation"),
                ("evaluatie", "WS-EVALUATION-5c"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let t = tenant(&app);
    let rows = app
        .db
        .read(|c| verbind_store::models::workshop::list(c, &t))
        .unwrap();
    assert_eq!(rows.len(), 1);
    let blobs: Vec<Vec<u8>> = rows
        .into_iter()
        .flat_map(|r| {
            [
                r.provider_enc,
                r.classes_enc.unwrap(),
                r.evaluation_enc.unwrap(),
            ]
        })
        .collect();
    for m in ["WS-PROVIDER-5c", "WS-CLASSES-5c", "WS-EVALUATION-5c"] {
        assert!(!in_blobs(&blobs, m), "{m} stored in the clear");
        assert!(!audit_text(&app).contains(m));
    }
    let list = expert.get("/workshops").await.body;
    assert!(
        list.contains("WS-PROVIDER-5c"),
        "opened again for the expert"
    );
});
