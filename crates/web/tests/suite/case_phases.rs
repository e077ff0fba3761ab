//! What work a case takes in each phase (issue 3, points 1, 2, 7 and 8),
//! through the API and the pages: nothing is assessed or started before the
//! table, a case the table no longer handles is read-only, and an LTF
//! counter-indication recorded later stops the case. Also: refused forms keep
//! what was typed, only who may refer gets the referral form, and accepting
//! the code of ethics leads back to where the user was going. SQLite and
//! PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, Resp, TestApp};
use serde_json::json;

fn refused(r: &Resp, code: &str) {
    assert_eq!(r.status, 409, "{}", r.body);
    let v = r.json();
    assert_eq!(v["error"], code, "{}", r.body);
    assert!(
        v["message"].as_str().is_some_and(|m| m.len() > 20),
        "a message that says what to do: {}",
        r.body
    );
    assert!(v["request_id"].as_str().is_some_and(|s| !s.is_empty()));
}

async fn refer(c: &mut Client, csrf: &str) -> String {
    let r = c
        .post_json(
            "/api/v1/cases",
            json!({"target_groups": ["a"], "name": "Fase Fictief", "date_of_birth": "01/02/1991",
                "lives_in_area": true, "socially_active_in_area": false,
                "reason": "Uitspraken op school", "source": "partner_member"}),
            Some(csrf),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.json()["id"].as_str().unwrap().to_owned()
}

fn item() -> serde_json::Value {
    json!({"domain": "sociale_context", "content": "Bijdrage", "necessity": "Nodig voor het traject.",
           "sharing": "table"})
}

fn action() -> serde_json::Value {
    json!({"description": "Gesprek met de jongere", "responsible": "", "due_date": "15/12/2026"})
}

fn assessment() -> serde_json::Value {
    json!({"findings": {"intentie": "Bevinding"}, "cited_items": [],
           "radicalisation": "unclear", "security_risk": "no"})
}

scenario!(
    a_case_takes_only_the_work_of_its_phase,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;

        // Before the table: items and the known / followed-up check, nothing else.
        let id = refer(&mut police, &pcsrf).await;
        let case = |p: &str| format!("/api/v1/cases/{id}{p}");
        let r = police
            .post_json(&case("/items"), item(), Some(&pcsrf))
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let r = police
            .post_json(&case("/assessment"), assessment(), Some(&pcsrf))
            .await;
        // The police may not assess at all; the expert is refused for the phase.
        assert!(r.status == 403 || r.status == 409, "{}", r.body);
        refused(
            &expert
                .post_json(&case("/assessment"), assessment(), Some(&ecsrf))
                .await,
            "case_not_yet_at_table",
        );
        refused(
            &expert
                .post_json(&case("/trajectory/actions"), action(), Some(&ecsrf))
                .await,
            "case_not_yet_at_table",
        );

        // Referred elsewhere after screening: the table no longer handles it.
        let t = case("/transitions");
        for step in ["start_screening", "refer_elsewhere"] {
            let r = expert
                .post_json(&t, json!({"transition": step}), Some(&ecsrf))
                .await;
            assert_eq!(r.status, 200, "{step}: {}", r.body);
        }
        refused(
            &police
                .post_json(&case("/items"), item(), Some(&pcsrf))
                .await,
            "case_no_longer_at_table",
        );
        let r = police
            .put_json(
                &case("/knowledge"),
                json!({"known": true, "followed_up": false}),
                Some(&pcsrf),
            )
            .await;
        refused(&r, "case_no_longer_at_table");
        // The file still reads.
        assert_eq!(police.get(&case("")).await.status, 200);

        // Someone who may not open the case learns nothing of its phase.
        let (mut stuurgroep, scsrf) = common::api_login(&app, "stuurgroep").await;
        let r = stuurgroep
            .post_json(&case("/items"), item(), Some(&scsrf))
            .await;
        assert_eq!(r.status, 403, "{}", r.body);
        assert!(!r.body.contains("case_no_longer_at_table"));
    }
);

scenario!(
    a_later_ltf_counter_indication_stops_the_case,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let id = refer(&mut police, &pcsrf).await;
        let case = |p: &str| format!("/api/v1/cases/{id}{p}");
        let t = case("/transitions");
        let r = expert
            .post_json(&t, json!({"transition": "start_screening"}), Some(&ecsrf))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let ltf = |status: &'static str| json!({ "status": status });
        let r = police
            .post_json(&case("/ltf"), ltf("cleared"), Some(&pcsrf))
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let r = expert
            .post_json(&t, json!({"transition": "put_on_agenda"}), Some(&ecsrf))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);

        // On the agenda, the police information officer records a counter-indication.
        let r = police
            .post_json(&case("/ltf"), ltf("counter_indication"), Some(&pcsrf))
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let r = expert
            .post_json(&t, json!({"transition": "open_assessment"}), Some(&ecsrf))
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.json()["error"], "ltf_counter_indication", "{}", r.body);
        refused(
            &police
                .post_json(&case("/items"), item(), Some(&pcsrf))
                .await,
            "case_stopped_by_ltf",
        );
        // Cleared again, the table takes it up.
        let r = police
            .post_json(&case("/ltf"), ltf("cleared"), Some(&pcsrf))
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let r = expert
            .post_json(&t, json!({"transition": "open_assessment"}), Some(&ecsrf))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
);

scenario!(
    refused_case_forms_keep_what_was_typed,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut api_expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (id, _) =
            common::api_case_in_follow_up(&mut police, &pcsrf, &mut api_expert, &ecsrf).await;
        let mut expert = Client::new(&app);
        expert.login_demo("deskundige").await;
        let csrf = expert.csrf_from(&format!("/casussen/{id}")).await;

        // The assessment without conclusions: refused, the findings stay.
        let r = expert
            .post_form(
                &format!("/casussen/{id}/beoordeling"),
                &[
                    ("csrf", &csrf),
                    ("bevinding_intentie", "Bevinding-bewaard-k41"),
                    ("ontbreekt", "Ontbreekt-bewaard-k41"),
                ],
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(r.body.contains("Bevinding-bewaard-k41"));
        assert!(r.body.contains("Ontbreekt-bewaard-k41"));

        // An action without a due date: refused, the description stays.
        let r = expert
            .post_form(
                &format!("/casussen/{id}/traject"),
                &[("csrf", &csrf), ("omschrijving", "Actie-bewaard-k41")],
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(r.body.contains("Actie-bewaard-k41"));

        // Feedback to nobody: refused, the text stays.
        let r = expert
            .post_form(
                &format!("/casussen/{id}/terugkoppeling"),
                &[("csrf", &csrf), ("tekst", "Terugkoppeling-bewaard-k41")],
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(r.body.contains("Terugkoppeling-bewaard-k41"));

        // Closing without a vote: refused, the note stays.
        let r = expert
            .post_form(
                &format!("/casussen/{id}/stap"),
                &[
                    ("csrf", &csrf),
                    ("stap", "close"),
                    ("notitie", "Notitie-bewaard-k41"),
                ],
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(r.body.contains("Notitie-bewaard-k41"));
    }
);

scenario!(
    only_who_may_refer_gets_the_form_and_ethics_lead_back,
    |app: TestApp| async move {
        // A partner without a seat at the Partnertafel gets no form to fill in.
        let mut youth = Client::new(&app);
        youth.login_demo("jeugddienst").await;
        let csrf = youth.csrf_from("/deontologie").await;
        youth.post_form("/deontologie", &[("csrf", &csrf)]).await;
        assert_eq!(youth.get("/casussen/nieuw").await.status, 403);
        // Its home page does not tell it that it refers cases.
        let home = youth.get("/").await;
        assert!(
            home.body.contains("geen zetel aan de Partnertafel"),
            "{}",
            home.body
        );
        assert!(!home.body.contains("U meldt casussen aan"));

        // A seat holder who has not accepted the code yet goes there first,
        // and then back to the referral it was making.
        let mut caw = Client::new(&app);
        caw.login_demo("caw").await;
        let r = caw.get("/casussen/nieuw").await;
        assert_eq!(r.status, 303);
        let to = r.header("location").unwrap();
        assert_eq!(to, "/deontologie?terug=%2Fcasussen%2Fnieuw");
        let page = caw.get(&to).await;
        assert!(
            page.body
                .contains("name=\"terug\" value=\"/casussen/nieuw\"")
        );
        let csrf = common::csrf_in(&page.body).unwrap();
        let r = caw
            .post_form(
                "/deontologie",
                &[("csrf", &csrf), ("terug", "/casussen/nieuw")],
            )
            .await;
        assert_eq!(r.header("location").as_deref(), Some("/casussen/nieuw"));

        // Never anywhere else.
        let mut clb = Client::new(&app);
        clb.login_demo("clb").await;
        let page = clb.get("/deontologie?terug=%2F%2Fevil.example%2F").await;
        assert!(!page.body.contains("evil.example"));
        let csrf = common::csrf_in(&page.body).unwrap();
        for hostile in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
        ] {
            let r = clb
                .post_form("/deontologie", &[("csrf", &csrf), ("terug", hostile)])
                .await;
            assert_eq!(
                r.header("location").as_deref(),
                Some("/casussen"),
                "{hostile}"
            );
        }
    }
);

scenario!(
    a_national_number_must_fit_the_birth_date_and_links_fit_the_reader,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let body = |dob: &str| {
            json!({"target_groups": ["a"], "name": "Nummer Fictief", "date_of_birth": dob,
                "national_number": "85.07.30-033.28", "lives_in_area": true,
                "socially_active_in_area": false, "reason": "Uitspraken op het werk",
                "source": "partner_member"})
        };
        let r = police
            .post_json("/api/v1/cases", body("05/05/1990"), Some(&pcsrf))
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        let fields = r.json()["fields"].as_array().unwrap().clone();
        assert!(
            fields.iter().any(|f| f["field"] == "national_number"
                && f["message"].as_str().unwrap().contains("geboortedatum")),
            "{fields:?}"
        );
        let r = police
            .post_json("/api/v1/cases", body("30/07/1985"), Some(&pcsrf))
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let id = r.json()["id"].as_str().unwrap().to_owned();

        // The fiche is offered to those who read it: the police at the table and
        // the expert, not another partner.
        let mut page = Client::new(&app);
        page.login_demo("politie").await;
        let fiche = format!("href=\"/casussen/{id}/fiche\"");
        assert!(
            page.get(&format!("/casussen/{id}"))
                .await
                .body
                .contains(&fiche)
        );
        let (_caw, _) = common::api_with_ethics(&app, "caw").await;
        let mut caw = Client::new(&app);
        caw.login_demo("caw").await;
        let file = caw.get(&format!("/casussen/{id}")).await;
        assert_eq!(file.status, 200);
        assert!(!file.body.contains(&fiche));
    }
);
