//! Fixes after the acceptance review: every case page sends a user who has
//! not accepted the code of ethics in force to `/deontologie` and back (the
//! API keeps its 403); a meeting's guests are announced without the case
//! they come for until the agenda's gates are passed; a throttled
//! re-authentication says so (429, how long to wait) on the confirmation
//! page, the API and the identity reveal form.

use serde_json::{Value, json};
use verbind_store::demo::DEMO_PASSWORD;

use crate::common::{self, Client, TestApp};

/// The administrator publishes a new version of the code through the API.
async fn publish_new_version(app: &TestApp, version: &str) {
    let (mut admin, csrf) = common::api_login(app, "beheerder").await;
    let r = admin
        .post_json(
            "/api/v1/session/reauth",
            json!({"password": DEMO_PASSWORD}),
            Some(&csrf),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let r = admin
        .post_json(
            "/api/v1/ethics/versions",
            json!({"version": version, "summary": "Regel 4 herschreven."}),
            Some(&csrf),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
}

fn encoded(path: &str) -> String {
    serde_urlencoded::to_string([("terug", path)]).unwrap()
}

scenario!(
    every_case_page_sends_to_the_new_code_and_back,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert_api, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (id, _code) =
            common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert_api, &ecsrf).await;
        let meeting = common::table_meeting(&app, &[]);
        let mut expert = Client::new(&app);
        expert.login_demo("deskundige").await;
        let pages: Vec<String> = [
            "",
            "/traject",
            "/terugkoppeling",
            "/beoordeling",
            "/fiche",
            "/overdracht",
            "/bijdragen",
        ]
        .iter()
        .map(|sub| format!("/casussen/{id}{sub}"))
        .chain(["/casussen/nieuw".to_owned()])
        .collect();
        // Accepted: every page opens.
        for p in &pages {
            assert_eq!(expert.get(p).await.status, 200, "{p}");
        }

        publish_new_version(&app, "2027-1").await;

        // Refused only for the code: to /deontologie, and back to the page.
        for p in &pages {
            let r = expert.get(p).await;
            assert_eq!(r.status, 303, "{p}: {}", r.body);
            assert_eq!(
                r.header("location").as_deref(),
                Some(format!("/deontologie?{}", encoded(p)).as_str()),
                "{p}"
            );
        }
        // A form posted meanwhile: to the code too (nothing to come back to).
        let csrf = common::csrf_in(&expert.get("/").await.body).unwrap();
        let r = expert
            .post_form(
                &format!("/casussen/{id}/identiteit"),
                &[("csrf", &csrf), ("doel", "Opvolging")],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(r.header("location").as_deref(), Some("/deontologie"));
        // The meeting page links to the code and back to the meeting.
        let r = expert.get(&format!("/vergaderingen/{meeting}")).await;
        assert_eq!(r.status, 200);
        assert!(
            r.body.contains(&format!(
                "href=\"/deontologie?terug=%2Fvergaderingen%2F{meeting}\""
            )),
            "{}",
            r.body
        );
        // The API keeps answering 403 `ethics_code_not_accepted`.
        for sub in [
            "",
            "/trajectory",
            "/feedback",
            "/assessment",
            "/fiche",
            "/items",
        ] {
            let r = expert_api.get(&format!("/api/v1/cases/{id}{sub}")).await;
            assert_eq!(r.status, 403, "{sub}: {}", r.body);
            assert_eq!(r.json()["error"], "ethics_code_not_accepted", "{sub}");
        }

        // Accepting from the page it came from leads back there.
        let traject = format!("/casussen/{id}/traject");
        let shown = expert
            .get(&format!("/deontologie?{}", encoded(&traject)))
            .await;
        assert!(shown.body.contains("2027-1"));
        let csrf = common::csrf_in(&shown.body).unwrap();
        let r = expert
            .post_form(
                "/deontologie",
                &[("csrf", &csrf), ("versie", "2027-1"), ("terug", &traject)],
            )
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location").as_deref(), Some(traject.as_str()));
        for p in &pages {
            assert_eq!(expert.get(p).await.status, 200, "{p}");
        }
        // Where the code is not the reason (a role that never sees cases): 403.
        let mut dpo = Client::new(&app);
        dpo.login_demo("dpo").await;
        assert_eq!(dpo.get(&traject).await.status, 403);
    }
);

/// `GET /api/v1/meetings/{id}` as `c`.
async fn meeting_json(c: &mut Client, id: &str) -> (Value, String) {
    let r = c.get(&format!("/api/v1/meetings/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    (r.json(), r.body)
}

/// The guests section of a meeting page.
fn guests_section(body: &str) -> String {
    body.split("id=\"gasten\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap()
        .to_owned()
}

scenario!(
    a_guest_is_announced_without_the_case_until_the_agenda_opens,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (id, code) =
            common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let meeting = common::table_meeting(&app, &[]);
        let r = expert
            .post_json(
                &format!("/api/v1/meetings/{meeting}/acknowledgement"),
                json!({}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let (guest, _) = common::api_login(&app, "jeugddienst").await;
        let mut guest = guest;
        let guest_id = guest.get("/api/v1/me").await.json()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let r = expert
            .post_json(
                &format!("/api/v1/meetings/{meeting}/guests"),
                json!({"user_id": guest_id, "case_id": id}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.body);

        // The CLB sits at the table, accepted the code, has not acknowledged
        // this meeting: who comes, from where, when, but not for which case.
        let (mut clb, ccsrf) = common::api_with_ethics(&app, "clb").await;
        let (m, body) = meeting_json(&mut clb, &meeting).await;
        assert_eq!(m["agenda_gate"], "acknowledgement");
        let g = &m["guests"][0];
        assert_eq!(g["user_id"], guest_id.as_str());
        assert!(g["name"].as_str().unwrap().contains("Jeugd"), "{g}");
        assert!(!g["organisation"].as_str().unwrap().is_empty());
        assert!(g["invited_at"].is_string() && g["invited_by"].is_string());
        assert_eq!(g["code"], Value::Null);
        assert_eq!(g["case_id"], Value::Null);
        assert!(!body.contains(&code) && !body.contains(&id), "{body}");
        let mut clb_page = Client::new(&app);
        clb_page.login_demo("clb").await;
        let page = clb_page.get(&format!("/vergaderingen/{meeting}")).await;
        assert_eq!(page.status, 200);
        let guests = guests_section(&page.body);
        assert!(guests.contains("Jeugddienst"), "{guests}");
        assert!(guests.contains("Zichtbaar zodra de agenda voor u open is"));
        assert!(!page.body.contains(&code) && !page.body.contains(&id));

        // After the acknowledgement: the case too, on page and API.
        let r = clb
            .post_json(
                &format!("/api/v1/meetings/{meeting}/acknowledgement"),
                json!({}),
                Some(&ccsrf),
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let (m, _) = meeting_json(&mut clb, &meeting).await;
        assert_eq!(m["agenda_gate"], "open");
        assert_eq!(m["guests"][0]["code"], code.as_str());
        assert_eq!(m["guests"][0]["case_id"], id.as_str());
        let page = clb_page.get(&format!("/vergaderingen/{meeting}")).await;
        assert!(guests_section(&page.body).contains(&code));

        // The expert, past the gates, can still withdraw the invitation.
        let mut expert_page = Client::new(&app);
        expert_page.login_demo("deskundige").await;
        let page = expert_page.get(&format!("/vergaderingen/{meeting}")).await;
        assert!(
            page.body
                .contains(&format!("name=\"casus\" value=\"{id}\""))
        );
    }
);

fn assert_throttled_json(r: &common::Resp) {
    assert_eq!(r.status, 429, "{}", r.body);
    let v = r.json();
    assert_eq!(v["error"], "throttled", "{}", r.body);
    let wait = v["retry_after_seconds"].as_i64().unwrap();
    assert!(wait >= 1, "{}", r.body);
    assert_eq!(r.header("retry-after"), Some(wait.to_string()));
    assert_eq!(v["message"], throttled_text(&wait.to_string()));
}

scenario!(
    a_throttled_reauthentication_says_so,
    |app: TestApp| async move {
        // API: three wrong passwords, then the right one is throttled, not "wrong".
        let (mut api, csrf) = common::api_login(&app, "politie").await;
        let reauth = |pw: &'static str| json!({ "password": pw });
        for _ in 0..3 {
            let r = api
                .post_json("/api/v1/session/reauth", reauth("fout"), Some(&csrf))
                .await;
            assert_eq!(r.status, 401, "{}", r.body);
            assert_eq!(r.json()["error"], "reauth_failed");
        }
        let r = api
            .post_json(
                "/api/v1/session/reauth",
                json!({"password": DEMO_PASSWORD}),
                Some(&csrf),
            )
            .await;
        assert_throttled_json(&r);
        let throttled = common::audit_rows(&app, 50)
            .into_iter()
            .filter(|r| r.action == "reauth.failed")
            .filter(|r| r.detail.as_deref() == Some("throttled"))
            .count();
        assert!(throttled >= 1, "audited as throttled");
        // The document says so.
        let spec = api.get("/api/v1/openapi.json").await.json();
        let responses = &spec["paths"]["/api/v1/session/reauth"]["post"]["responses"];
        assert!(responses["429"].is_object(), "{responses}");
        let props = &spec["components"]["schemas"]["ThrottledError"]["properties"];
        assert!(props["retry_after_seconds"].is_object(), "{props}");
        // Once the wait is over, the right password confirms.
        app.clock.advance_ms(60_000);
        let r = api
            .post_json(
                "/api/v1/session/reauth",
                json!({"password": DEMO_PASSWORD}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.body);

        // The confirmation page, for another account.
        let mut caw = Client::new(&app);
        caw.login_demo("caw").await;
        let csrf = caw.csrf_from("/account/bevestigen?terug=/").await;
        for _ in 0..3 {
            let r = caw
                .post_form(
                    "/account/bevestigen",
                    &[("csrf", &csrf), ("password", "fout"), ("terug", "/")],
                )
                .await;
            assert_eq!(r.status, 401);
            assert!(r.body.contains("Controleer uw wachtwoord"));
        }
        let r = caw
            .post_form(
                "/account/bevestigen",
                &[("csrf", &csrf), ("password", DEMO_PASSWORD), ("terug", "/")],
            )
            .await;
        assert_eq!(r.status, 429, "{}", r.body);
        let wait = r.header("retry-after").unwrap();
        assert!(r.body.contains(&throttled_text(&wait)), "{}", r.body);
        assert!(!r.body.contains("Controleer uw wachtwoord"));
        app.clock.advance_ms(60_000);
        let r = caw
            .post_form(
                "/account/bevestigen",
                &[("csrf", &csrf), ("password", DEMO_PASSWORD), ("terug", "/")],
            )
            .await;
        assert_eq!(r.status, 303);
    }
);

scenario!(
    a_throttled_reveal_keeps_the_purpose_and_says_why,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert_api, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (id, _) =
            common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert_api, &ecsrf).await;
        let mut expert = Client::new(&app);
        expert.login_demo("deskundige").await;
        let page = expert.get(&format!("/casussen/{id}")).await;
        assert!(
            page.body.contains("name=\"wachtwoord\""),
            "asks the password"
        );
        let csrf = common::csrf_in(&page.body).unwrap();
        let path = format!("/casussen/{id}/identiteit");
        let purpose = "Doel-REVEAL-9c1";
        for _ in 0..3 {
            let r = expert
                .post_form(
                    &path,
                    &[("csrf", &csrf), ("doel", purpose), ("wachtwoord", "fout")],
                )
                .await;
            assert_eq!(r.status, 401);
            assert!(r.body.contains("Controleer uw wachtwoord"));
        }
        let r = expert
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("doel", purpose),
                    ("wachtwoord", DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(r.status, 429, "{}", r.body);
        let wait = r.header("retry-after").unwrap();
        assert!(r.body.contains(&throttled_text(&wait)));
        assert!(r.body.contains(&format!("value=\"{purpose}\"")), "kept");
        assert!(!r.body.contains("Vergader Fictief"), "no identity");
        app.clock.advance_ms(60_000);
        let r = expert
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("doel", purpose),
                    ("wachtwoord", DEMO_PASSWORD),
                ],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.body.contains("Vergader Fictief"));
    }
);

/// The throttle message for a wait of `wait` seconds, in Dutch.
fn throttled_text(wait: &str) -> String {
    let unit = if wait == "1" { "seconde" } else { "seconden" };
    format!("Te veel mislukte pogingen. Probeer opnieuw over {wait} {unit}.")
}
