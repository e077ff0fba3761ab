//! The JSON API's later additions and corrections: request bodies described
//! by their own schema in the OpenAPI document, the known / followed-up
//! check as a read, the cooperation agreements, the referring organisation
//! and the transfer in the case file, the text of the code of ethics, the
//! contact point's 415 for a body that is not JSON, and list filters that do
//! what the document says (applied, or refused with 422 when unknown).

use std::collections::BTreeSet;

use crate::common;

use common::{Client, Resp, TestApp};
use serde_json::{Value, json};
use verbind_store::demo::DEMO_PASSWORD;

fn assert_error(r: &Resp, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    let v = r.json();
    assert_eq!(v["error"], code, "{}", r.body);
    assert!(
        v["message"].as_str().is_some_and(|m| !m.is_empty()),
        "a message: {}",
        r.body
    );
}

/// The property names of the JSON request body of `method path` in the document.
fn body_properties(spec: &Value, method: &str, path: &str) -> BTreeSet<String> {
    let r =
        spec["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {path} has a JSON body"));
    let name = r.trim_start_matches("#/components/schemas/");
    spec["components"]["schemas"][name]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("{name} has properties"))
        .keys()
        .cloned()
        .collect()
}

/// The query parameters `GET path` documents.
fn query_params(spec: &Value, path: &str) -> BTreeSet<String> {
    spec["paths"][path]["get"]["parameters"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .filter(|p| p["in"] == "query")
                .map(|p| p["name"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

fn audit_count(app: &TestApp, action: &str) -> usize {
    common::audit_rows(app, 100_000)
        .iter()
        .filter(|r| r.action == action)
        .count()
}

/// What the page shows for `text` (askama escapes these).
fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

scenario!(
    the_document_describes_each_request_body_by_its_own_type,
    |app: TestApp| async move {
        let mut anon = Client::new(&app);
        let spec = anon.get("/api/v1/openapi.json").await.json();
        // The three bodies that used to be described by another type's schema.
        let action = body_properties(&spec, "post", "/api/v1/cases/{id}/trajectory/actions");
        assert_eq!(action, set(&["description", "responsible", "due_date"]));
        assert_eq!(
            body_properties(&spec, "post", "/api/v1/meetings/{id}/attendance"),
            set(&["seats"])
        );
        let evaluation = body_properties(&spec, "post", "/api/v1/action-plan/{id}/evaluations");
        assert_eq!(evaluation, set(&["period", "note"]));
        assert_eq!(
            body_properties(
                &spec,
                "post",
                "/api/v1/cases/{id}/trajectory/actions/{action_id}/evaluations"
            ),
            set(&["meeting_id", "verdict", "note"])
        );
        // Their namesakes elsewhere keep their own.
        assert_ne!(
            body_properties(&spec, "post", "/api/v1/tensions/{id}/actions"),
            action
        );
        assert_ne!(
            body_properties(&spec, "put", "/api/v1/trainings/{id}/attendance"),
            set(&["seats"])
        );
        // Every JSON body of a POST or PUT names a schema that exists.
        for (path, item) in spec["paths"].as_object().unwrap() {
            for m in ["post", "put"] {
                if let Some(r) =
                    item[m]["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str()
                {
                    let name = r.trim_start_matches("#/components/schemas/");
                    assert!(
                        spec["components"]["schemas"][name].is_object(),
                        "{m} {path}: {name}"
                    );
                }
            }
        }

        // A body built from the documented properties is what the endpoint takes.
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (id, _) = common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let t = expert
            .get(&format!("/api/v1/cases/{id}/trajectory"))
            .await
            .json();
        let responsible = t["table_organisations"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut body = serde_json::Map::new();
        for p in &action {
            let v = match p.as_str() {
                "description" => json!("Gesprek-am11"),
                "responsible" => json!(responsible),
                "due_date" => json!("2026-12-01"),
                other => panic!("undocumented property {other}"),
            };
            body.insert(p.clone(), v);
        }
        let r = expert
            .post_json(
                &format!("/api/v1/cases/{id}/trajectory/actions"),
                Value::Object(body),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let (mut steering, scsrf) = common::api_login(&app, "stuurgroep").await;
        let mut body = serde_json::Map::new();
        for p in &evaluation {
            body.insert(
                p.clone(),
                json!(if p == "period" { "2026" } else { "Loopt-am11" }),
            );
        }
        let r = steering
            .post_json(
                "/api/v1/action-plan/P4/evaluations",
                Value::Object(body),
                Some(&scsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
    }
);

scenario!(
    the_knowledge_check_reads_as_the_case_page_shows_it,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (id, code) =
            common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let path = format!("/api/v1/cases/{id}/knowledge");
        let police_org = police.get("/api/v1/me").await.json()["organisation"]["name"]
            .as_str()
            .unwrap()
            .to_owned();

        let viewed = audit_count(&app, "case.viewed");
        let v = police.get(&path).await;
        assert_eq!(v.status, 200, "{}", v.body);
        let v = v.json();
        assert_eq!(v["code"], code.as_str());
        let lines = v["organisations"].as_array().unwrap().clone();
        assert!(lines.len() >= 5, "one line per organisation at the table");
        assert_eq!(v["open"], lines.len());
        assert_eq!(v["may_answer"], true);
        assert!(
            lines.iter().all(|l| l["answered"] == false
                && l["known"].is_null()
                && l["followed_up"].is_null())
        );
        assert_eq!(
            audit_count(&app, "case.viewed"),
            viewed + 1,
            "audited like the page"
        );

        let r = common_put(
            &mut police,
            &path,
            json!({"known": true, "followed_up": false}),
            &pcsrf,
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let v = police.get(&path).await.json();
        assert_eq!(v["open"], lines.len() - 1);
        let mine: Vec<&Value> = v["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["mine"] == true)
            .collect();
        assert_eq!(mine.len(), 1);
        assert_eq!(mine[0]["organisation"], police_org.as_str());
        assert_eq!(mine[0]["answered"], true);
        assert_eq!(mine[0]["known"], true);
        assert_eq!(mine[0]["followed_up"], false);
        // The expert sees the police's answer, not as its own.
        let v = expert.get(&path).await.json();
        let line = v["organisations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["organisation"] == police_org.as_str())
            .unwrap()
            .clone();
        assert_eq!(line["mine"], false);
        assert_eq!(line["known"], true);
        assert_eq!(line["followed_up"], false);
        // The same as on the case page.
        let page = expert.get(&format!("/casussen/{id}")).await;
        assert!(
            page.body.contains(&format!(
                "Organisaties die nog niet antwoordden: {}</p>",
                lines.len() - 1
            )),
            "the page counts the same open answers: {}",
            page.body
        );

        // Who may not open the case file may not read its check either.
        let (mut outsider, _) = common::api_with_ethics(&app, "jeugddienst").await;
        let r = outsider.get(&path).await;
        assert_eq!(r.status, 403, "{}", r.body);
        assert!(!r.body.contains(&police_org));
        let (mut steering, _) = common::api_login(&app, "stuurgroep").await;
        assert_eq!(steering.get(&path).await.status, 403);
        // The code of ethics comes first.
        let (mut caw, _) = common::api_login(&app, "caw").await;
        let r = caw.get(&path).await;
        assert_eq!(r.status, 403);
        assert_eq!(r.json()["error"], "ethics_code_not_accepted");
        // Documented.
        let spec = caw.get("/api/v1/openapi.json").await.json();
        assert!(spec["paths"]["/api/v1/cases/{id}/knowledge"]["get"].is_object());
        assert!(spec["paths"]["/api/v1/cases/{id}/knowledge"]["put"].is_object());
        assert!(
            spec["components"]["schemas"]["KnowledgeMatrix"]["properties"]["organisations"]
                .is_object()
        );
    }
);

async fn common_put(c: &mut Client, path: &str, body: Value, csrf: &str) -> Resp {
    c.put_json(path, body, Some(csrf)).await
}

scenario!(
    the_case_file_names_the_referrer_and_the_transfer_as_the_pages_do,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (id, _) = common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let police_org = police.get("/api/v1/me").await.json()["organisation"]["name"]
            .as_str()
            .unwrap()
            .to_owned();
        let file = expert.get(&format!("/api/v1/cases/{id}")).await.json();
        assert_eq!(file["referred_by_organisation"], police_org.as_str());
        assert!(file["transfer"].is_null());
        let page = expert.get(&format!("/casussen/{id}")).await;
        assert!(
            page.body.contains(&html_escaped(&police_org)),
            "the page shows it too"
        );
        // Another seat holder at the table sees what the page shows it.
        let (mut caw, _) = common::api_with_ethics(&app, "caw").await;
        let file = caw.get(&format!("/api/v1/cases/{id}")).await.json();
        assert_eq!(file["referred_by_organisation"], police_org.as_str());
        let page = caw.get(&format!("/casussen/{id}")).await;
        assert!(page.body.contains(&html_escaped(&police_org)));

        // Transferred: the receiving LIVC-R and when.
        let r = expert
            .post_json(
                &format!("/api/v1/cases/{id}/transitions"),
                json!({"transition": "transfer", "receiving_livc": "LIVC-R Gent-am31"}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let when = app.state.now_ms();
        for c in [&mut expert, &mut caw] {
            let file = c.get(&format!("/api/v1/cases/{id}")).await.json();
            assert_eq!(file["state"], "overgedragen");
            assert_eq!(file["transfer"]["receiving_livc"], "LIVC-R Gent-am31");
            let at = file["transfer"]["transferred_at"].as_str().unwrap();
            let at =
                time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339)
                    .unwrap();
            assert_eq!(
                (at.unix_timestamp_nanos() / 1_000_000) as i64,
                when,
                "the time of the step"
            );
            let page = c.get(&format!("/casussen/{id}/overdracht")).await;
            assert!(
                page.body.contains("LIVC-R Gent-am31"),
                "the page shows it too"
            );
        }
        // Not to someone who may not open the file.
        let (mut outsider, _) = common::api_with_ethics(&app, "jeugddienst").await;
        let r = outsider.get(&format!("/api/v1/cases/{id}")).await;
        assert_eq!(r.status, 403);
        assert!(!r.body.contains("Gent-am31"));
        // Documented.
        let spec = outsider.get("/api/v1/openapi.json").await.json();
        let props = &spec["components"]["schemas"]["CaseFile"]["properties"];
        assert!(props["referred_by_organisation"].is_object());
        assert!(props["transfer"].is_object());
    }
);

scenario!(
    the_code_of_ethics_comes_with_its_text_in_the_request_language,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_login(&app, "politie").await;
        let v = police.get("/api/v1/ethics").await.json();
        assert_eq!(v["accepted"], false);
        assert_eq!(v["language"], "nl-BE");
        assert_eq!(v["title"], "Deontologische code van de LIVC-R");
        let rules: Vec<String> = v["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(rules.len(), 8);
        let page = police.get("/deontologie").await;
        assert_eq!(page.status, 200);
        assert!(
            page.body
                .contains(&html_escaped(v["intro"].as_str().unwrap()))
        );
        for r in &rules {
            assert!(page.body.contains(&html_escaped(r)), "the page has: {r}");
        }
        assert!(rules[7].contains("458ter"));

        // In French once the account's language is French.
        let r = police
            .post_form("/taal", &[("csrf", &pcsrf), ("locale", "fr-BE")])
            .await;
        assert!(r.status < 400, "{}", r.body);
        let fr = police.get("/api/v1/ethics").await.json();
        assert_eq!(fr["language"], "fr-BE");
        assert_eq!(fr["version"], v["version"]);
        let fr_rules: Vec<String> = fr["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(fr_rules.len(), 8);
        assert_ne!(fr_rules, rules);
        let page = police.get("/deontologie").await;
        for r in &fr_rules {
            assert!(
                page.body.contains(&html_escaped(r)),
                "the French page has: {r}"
            );
        }
    }
);

scenario!(
    cooperation_agreements_through_the_api,
    |app: TestApp| async move {
        let (mut admin, acsrf) = common::api_login(&app, "beheerder").await;
        let orgs = admin.get("/api/v1/cooperation-agreements").await;
        assert_eq!(orgs.status, 200, "{}", orgs.body);
        let before = orgs.json().as_array().unwrap().len();
        let caw_id = app
            .db
            .read(|c| {
                let t = verbind_store::models::tenant::find_by_slug(c, "sint-niklaas")?
                    .unwrap()
                    .tenant_id();
                Ok(verbind_store::models::organisation::list(c, &t)?
                    .into_iter()
                    .find(|o| o.name.contains("CAW"))
                    .unwrap())
            })
            .unwrap();
        let valid = json!({"organisation_id": caw_id.id, "signed_on": "2026-09-01",
            "scope": "Reikwijdte-am41: casusoverleg en opvolging"});
        let path = "/api/v1/cooperation-agreements";

        // First a fresh re-authentication, as on the page.
        let r = admin.post_json(path, valid.clone(), Some(&acsrf)).await;
        assert_error(&r, 403, "reauth_required");
        let r = admin
            .post_json(
                "/api/v1/session/reauth",
                json!({"password": DEMO_PASSWORD}),
                Some(&acsrf),
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
        // Each rule of the page, with its code and message.
        let mut bad = valid.clone();
        bad["signed_on"] = json!("1 sept");
        assert_error(
            &admin.post_json(path, bad, Some(&acsrf)).await,
            422,
            "date_invalid",
        );
        let mut bad = valid.clone();
        bad["scope"] = json!("  ");
        assert_error(
            &admin.post_json(path, bad, Some(&acsrf)).await,
            422,
            "scope_invalid",
        );
        let mut bad = valid.clone();
        bad["organisation_id"] = json!("geen-id");
        assert_error(
            &admin.post_json(path, bad, Some(&acsrf)).await,
            422,
            "organisation_invalid",
        );
        let mut bad = valid.clone();
        bad["organisation_id"] = json!("00000000-0000-4000-8000-000000000000");
        assert_eq!(admin.post_json(path, bad, Some(&acsrf)).await.status, 404);
        let r = admin
            .post_json(path, json!({"organisation": "x"}), Some(&acsrf))
            .await;
        assert_error(&r, 422, "invalid_body");
        let recorded = audit_count(&app, "organisation.agreement_recorded");
        let r = admin.post_json(path, valid.clone(), Some(&acsrf)).await;
        assert_eq!(r.status, 201, "{}", r.body);
        let id = r.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(
            audit_count(&app, "organisation.agreement_recorded"),
            recorded + 1
        );

        // Listed for the administrator and the expert, as on the page.
        let list = admin.get(path).await.json();
        assert_eq!(list.as_array().unwrap().len(), before + 1);
        let a = list
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id.as_str())
            .unwrap()
            .clone();
        assert_eq!(a["organisation"]["id"], caw_id.id.as_str());
        assert_eq!(a["organisation"]["name"], caw_id.name.as_str());
        assert_eq!(a["signed_on"], "2026-09-01");
        assert_eq!(a["scope"], "Reikwijdte-am41: casusoverleg en opvolging");
        let page = admin.get("/organisaties").await;
        assert!(page.body.contains("Reikwijdte-am41") && page.body.contains("01/09/2026"));
        let (mut expert, ecsrf) = common::api_login(&app, "deskundige").await;
        let r = expert.get(path).await;
        assert_eq!(r.status, 200);
        assert!(r.body.contains("Reikwijdte-am41"));
        // The expert reads but does not record; a partner does neither.
        common::fresh_reauth(&app, &expert);
        let r = expert.post_json(path, valid.clone(), Some(&ecsrf)).await;
        assert_eq!(r.status, 403);
        let (mut police, pcsrf) = common::api_login(&app, "politie").await;
        let r = police.get(path).await;
        assert_eq!(r.status, 403);
        assert!(!r.body.contains("Reikwijdte-am41"));
        assert_eq!(
            police.post_json(path, valid, Some(&pcsrf)).await.status,
            403
        );
        // Documented.
        let spec = police.get("/api/v1/openapi.json").await.json();
        assert!(spec["paths"][path]["get"].is_object());
        assert_eq!(
            body_properties(&spec, "post", path),
            set(&["organisation_id", "signed_on", "scope"])
        );
    }
);

/// POSTs `body` with `content_type` and no session.
async fn post_raw(c: &mut Client, path: &str, content_type: &str, body: &'static str) -> Resp {
    let res = c
        .http
        .post(format!("{}{path}", c.base))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = res.text().await.unwrap();
    Resp {
        status,
        headers,
        body,
    }
}

scenario!(
    the_contact_point_answers_a_body_that_is_not_json_as_documented,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        let spec = c.get("/api/v1/openapi.json").await.json();
        assert!(spec["paths"]["/api/v1/contact-point"]["post"]["responses"]["415"].is_object());
        for (ctype, body) in [
            ("text/plain", "kind=advice&message=tekst-am51"),
            (
                "application/x-www-form-urlencoded",
                "kind=advice&message=tekst-am51",
            ),
            ("multipart/form-data; boundary=x", "--x--"),
        ] {
            let r = post_raw(&mut c, "/api/v1/contact-point", ctype, body).await;
            assert_error(&r, 415, "unsupported_media_type");
            assert_eq!(
                r.json()["message"],
                "Stuur de gegevens als JSON (Content-Type: application/json).",
                "{ctype}"
            );
            assert_eq!(r.json()["request_id"], r.header("x-request-id").unwrap());
        }
        // Nothing reached the register.
        let (mut expert, _) = common::api_login(&app, "deskundige").await;
        let list = expert.get("/api/v1/contacts").await;
        assert_eq!(list.status, 200, "{}", list.body);
        assert_eq!(list.json().as_array().unwrap().len(), 0);
        // JSON still works, and the protection of everything else is unchanged.
        let r = c
            .post_json(
                "/api/v1/contact-point",
                json!({"kind": "advice", "message": "Een vraag-am51"}),
                None,
            )
            .await;
        assert_eq!(r.status, 202, "{}", r.body);
        let r = post_raw(
            &mut c,
            "/api/v1/session",
            "application/x-www-form-urlencoded",
            "username=politie",
        )
        .await;
        assert_eq!(r.status, 403, "the API login still takes JSON only");
        let r = expert
            .post_form("/api/v1/signals", &[("theme", "polarisation")])
            .await;
        assert_eq!(r.status, 403, "a form without the token is refused");
        assert_eq!(r.json()["error"], "csrf");
    }
);

scenario!(
    list_filters_are_applied_or_refused_never_ignored,
    |app: TestApp| async move {
        let (mut expert, csrf) = common::api_login(&app, "deskundige").await;
        let spec = expert.get("/api/v1/openapi.json").await.json();
        assert_eq!(
            query_params(&spec, "/api/v1/advice-trajectories"),
            set(&["status", "platform"])
        );
        assert_eq!(
            query_params(&spec, "/api/v1/counter-messages"),
            set(&["channel", "theme"])
        );
        assert_eq!(
            query_params(&spec, "/api/v1/workshops"),
            set(&["school_year", "school", "status"])
        );
        assert_eq!(
            query_params(&spec, "/api/v1/workshops/coverage"),
            set(&["school_year"])
        );

        // Advice trajectories: by status and by platform.
        for body in [
            json!({"recipient_kind": "page_admin", "recipient": "Pagina-am61", "platform": "facebook",
                "question": "Hoe modereren?", "started_on": "2026-11-20"}),
            json!({"recipient_kind": "local_organisation", "recipient": "Club-am61", "platform": "offline",
                "question": "Spanningen", "advice": "Huisregels", "started_on": "2026-11-20", "status": "advised"}),
        ] {
            let r = expert
                .post_json("/api/v1/advice-trajectories", body, Some(&csrf))
                .await;
            assert_eq!(r.status, 201, "{}", r.body);
        }
        let recipients = |v: Value| -> Vec<String> {
            v["advice_trajectories"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["recipient"].as_str().unwrap().to_owned())
                .collect()
        };
        let all = recipients(expert.get("/api/v1/advice-trajectories").await.json());
        assert_eq!(all.len(), 2);
        assert_eq!(
            recipients(
                expert
                    .get("/api/v1/advice-trajectories?platform=facebook")
                    .await
                    .json()
            ),
            vec!["Pagina-am61"]
        );
        assert_eq!(
            recipients(
                expert
                    .get("/api/v1/advice-trajectories?status=advised")
                    .await
                    .json()
            ),
            vec!["Club-am61"]
        );
        assert!(
            recipients(
                expert
                    .get("/api/v1/advice-trajectories?status=advised&platform=facebook")
                    .await
                    .json()
            )
            .is_empty()
        );
        assert_eq!(
            recipients(
                expert
                    .get("/api/v1/advice-trajectories?status=&platform=")
                    .await
                    .json()
            )
            .len(),
            2,
            "empty means not given"
        );
        for q in ["status=lopend", "platform=myspace"] {
            let r = expert
                .get(&format!("/api/v1/advice-trajectories?{q}"))
                .await;
            assert_error(&r, 422, "invalid_filter");
            let param = q.split('=').next().unwrap();
            assert!(
                r.json()["message"].as_str().unwrap().contains(param),
                "{}",
                r.body
            );
        }

        // Counter-messages: by channel and by theme.
        for body in [
            json!({"published_on": "2026-11-20", "channel": "press", "theme": "polarisation",
                "title": "Pers-am61", "description": "Opiniestuk"}),
            json!({"published_on": "2026-11-20", "channel": "city_website", "theme": "fake_news",
                "title": "Website-am61", "description": "Vraag en antwoord"}),
        ] {
            let r = expert
                .post_json("/api/v1/counter-messages", body, Some(&csrf))
                .await;
            assert_eq!(r.status, 201, "{}", r.body);
        }
        let titles = |v: Value| -> Vec<String> {
            v["counter_messages"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| a["title"].as_str().unwrap().to_owned())
                .collect()
        };
        assert_eq!(
            titles(
                expert
                    .get("/api/v1/counter-messages?channel=press")
                    .await
                    .json()
            ),
            vec!["Pers-am61"]
        );
        assert_eq!(
            titles(
                expert
                    .get("/api/v1/counter-messages?theme=fake_news")
                    .await
                    .json()
            ),
            vec!["Website-am61"]
        );
        assert_eq!(
            titles(expert.get("/api/v1/counter-messages").await.json()).len(),
            2
        );
        for q in ["channel=radio", "theme=voetbal"] {
            let r = expert.get(&format!("/api/v1/counter-messages?{q}")).await;
            assert_error(&r, 422, "invalid_filter");
        }

        // Workshops: an unknown school, status or school year is refused.
        let r = expert.get("/api/v1/workshops?status=misschien").await;
        assert_error(&r, 422, "invalid_filter");
        let r = expert.get("/api/v1/workshops?school=bestaat-niet").await;
        assert_error(&r, 422, "invalid_filter");
        assert!(r.json()["message"].as_str().unwrap().contains("school"));
        let r = expert.get("/api/v1/workshops?school_year=volgend").await;
        assert_error(&r, 422, "school_year_invalid");
        for q in [
            "",
            "?school=broederschool",
            "?status=held",
            "?school_year=2026-2027",
        ] {
            let r = expert.get(&format!("/api/v1/workshops{q}")).await;
            assert_eq!(r.status, 200, "{q}: {}", r.body);
        }
    }
);
