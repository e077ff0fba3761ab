//! Versions of the code of ethics (deontologische code, issue 3 point 6):
//! the administrator publishes a new version on `/beheer/deontologie` or
//! through `POST /api/v1/ethics/versions`, after a fresh re-authentication
//! and audited; nobody else may. From then on an acceptance of the earlier
//! version no longer counts: the page sends a user to `/deontologie`, the API
//! answers `ethics_code_not_accepted`, until the new version is accepted,
//! which records that version. The summary of changes is sealed at rest.

use serde_json::{Value, json};
use verbind_store::demo::DEMO_PASSWORD;

use crate::common::{self, Client, TestApp};

const SUMMARY_MARKER: &str = "WIJZIGING-MARKER-e7v2";

/// The audit entries of `action`, newest first.
fn audit_of(app: &TestApp, action: &str) -> Vec<verbind_store::models::audit::AuditRow> {
    common::audit_rows(app, 1000)
        .into_iter()
        .filter(|r| r.action == action)
        .collect()
}

/// Every published version's stored row (label, sealed summary).
fn stored_versions(app: &TestApp) -> Vec<verbind_store::models::ethics::VersionRow> {
    use diesel::prelude::*;
    use verbind_store::models::ethics::VersionRow;
    use verbind_store::schema::ethics_versions;
    app.db
        .read(|c| {
            Ok(ethics_versions::table
                .order(ethics_versions::seq.asc())
                .select(VersionRow::as_select())
                .load(c)?)
        })
        .unwrap()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The administrator, logged in through the API and freshly re-authenticated.
async fn api_admin(app: &TestApp) -> (Client, String) {
    let (mut admin, csrf) = common::api_login(app, "beheerder").await;
    let r = admin
        .post_json(
            "/api/v1/session/reauth",
            json!({"password": DEMO_PASSWORD}),
            Some(&csrf),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.body);
    (admin, csrf)
}

async fn publish_api(c: &mut Client, csrf: &str, version: &str, summary: &str) -> common::Resp {
    c.post_json(
        "/api/v1/ethics/versions",
        json!({"version": version, "summary": summary}),
        Some(csrf),
    )
    .await
}

async fn publish_page(c: &mut Client, csrf: &str, version: &str, summary: &str) -> common::Resp {
    c.post_form(
        "/beheer/deontologie",
        &[
            ("csrf", csrf),
            ("versie", version),
            ("samenvatting", summary),
        ],
    )
    .await
}

/// The publish form with the password in it (the re-authentication in the same post).
async fn publish_with_password(
    c: &mut Client,
    csrf: &str,
    version: &str,
    summary: &str,
    password: &str,
) -> common::Resp {
    c.post_form(
        "/beheer/deontologie",
        &[
            ("csrf", csrf),
            ("versie", version),
            ("samenvatting", summary),
            ("wachtwoord", password),
        ],
    )
    .await
}

fn assert_rule(r: &common::Resp, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.json()["error"], code, "{}", r.body);
}

scenario!(
    the_administrator_publishes_on_the_page_after_confirming,
    |app: TestApp| async move {
        let mut admin = Client::new(&app);
        admin.login_demo("beheerder").await;
        // The admin's menu and dashboard link to the page.
        let home = admin.get("/").await.body;
        assert!(home.contains("href=\"/beheer/deontologie\""), "linked");
        let page = admin.get("/beheer/deontologie").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("2026-1"), "the built-in version");
        assert!(page.body.contains("Ingebouwde versie"));
        assert!(page.body.contains("0 van "), "nobody accepted yet");
        // The form asks for the password itself: nothing typed is lost on
        // the way to a confirmation page.
        assert!(page.body.contains("name=\"wachtwoord\""));
        assert!(!page.body.contains("/account/bevestigen"));
        let csrf = common::csrf_in(&page.body).unwrap();
        let summary = format!("Regel 6 verduidelijkt. {SUMMARY_MARKER}");
        // Without the password: the form again, as typed; nothing published.
        let r = publish_page(&mut admin, &csrf, "2027-1", &summary).await;
        assert_eq!(r.status, 401, "{}", r.body);
        assert!(r.body.contains("U bevestigt eerst uw identiteit"));
        assert!(r.body.contains("value=\"2027-1\""), "label kept");
        assert!(r.body.contains(SUMMARY_MARKER), "summary kept");
        assert!(stored_versions(&app).is_empty());
        // A wrong password: the same, with the reason next to the field.
        let r = publish_with_password(&mut admin, &csrf, "2027-1", &summary, "fout").await;
        assert_eq!(r.status, 401, "{}", r.body);
        assert!(r.body.contains("Controleer uw wachtwoord"));
        assert!(r.body.contains("id=\"wachtwoord-error\""));
        assert!(r.body.contains("value=\"2027-1\"") && r.body.contains(SUMMARY_MARKER));
        assert!(!r.body.contains("fout"), "the password is never echoed");
        assert!(stored_versions(&app).is_empty());
        // The right password with a bad label: confirmed, the label's error shown.
        let r = publish_with_password(&mut admin, &csrf, "2027 1", &summary, DEMO_PASSWORD).await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert!(r.body.contains("alleen letters, cijfers"));
        assert!(r.body.contains(SUMMARY_MARKER), "summary kept");
        assert!(
            !r.body.contains("name=\"wachtwoord\""),
            "no longer asked to confirm"
        );
        // Bad input: a clear Dutch message next to the field, the input kept.
        for (version, text, message) in [
            ("", summary.as_str(), "Vul de naam van de nieuwe versie in."),
            ("2027 1", &summary, "alleen letters, cijfers"),
            ("<b>2027</b>", &summary, "alleen letters, cijfers"),
            ("2026-1", &summary, "al gebruikt voor een vorige versie"),
            ("2027-1", "   ", "Vat samen wat er"),
        ] {
            let r = publish_page(&mut admin, &csrf, version, text).await;
            assert_eq!(r.status, 422, "{version:?}: {}", r.status);
            assert!(r.body.contains(message), "{version:?}: {message}");
            assert!(r.body.contains("aria-invalid=\"true\""), "{version:?}");
            assert!(!r.body.contains("<b>2027</b>"), "escaped");
            if !text.trim().is_empty() {
                assert!(r.body.contains(SUMMARY_MARKER), "{version:?}: summary kept");
            }
            if version == "2027 1" {
                assert!(r.body.contains("value=\"2027 1\""), "label kept");
            }
        }
        let r = publish_page(&mut admin, &csrf, &"1".repeat(41), "x").await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("hoogstens 40 tekens"));
        assert!(
            stored_versions(&app).is_empty(),
            "nothing refused was stored"
        );
        // A good one: published, in force, shown with who published it.
        let r = publish_page(&mut admin, &csrf, " 2027-1 ", &summary).await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(r.header("location").as_deref(), Some("/beheer/deontologie"));
        let page = admin.get("/beheer/deontologie").await.body;
        assert!(page.contains("id=\"version-in-force\">2027-1<"), "{page}");
        assert!(page.contains(SUMMARY_MARKER));
        assert!(page.contains("(beheerder)"), "published by");
        assert!(page.contains("28/11/2026"), "published on");
        assert!(page.contains("0 van "));
        assert!(!page.contains("Ingebouwde versie"));
        // The same label again: refused.
        for again in ["2027-1", "2027-1 "] {
            let r = publish_page(&mut admin, &csrf, again, "Opnieuw").await;
            assert_eq!(r.status, 422);
            assert!(r.body.contains("al gebruikt voor een vorige versie"));
        }
        assert_eq!(stored_versions(&app).len(), 1);
        // Audited with the label, never with the summary.
        let rows = audit_of(&app, "ethics.version_published");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].detail.as_deref(), Some("version=2027-1"));
        assert_eq!(rows[0].object_type.as_deref(), Some("ethics_version"));
        for r in common::audit_rows(&app, 1000) {
            assert!(
                !format!("{:?} {:?}", r.detail, r.object_id).contains(SUMMARY_MARKER),
                "summary in the audit trail"
            );
        }
        // The summary is sealed at rest: not in the stored row, yet it opens.
        let stored = stored_versions(&app);
        assert_eq!(stored[0].version, "2027-1");
        assert_eq!(stored[0].seq, 1);
        assert!(!contains(&stored[0].summary_enc, SUMMARY_MARKER));
        assert!(!contains(&stored[0].summary_enc, "verduidelijkt"));
        let opened = app
            .db
            .read(|c| {
                let t = verbind_store::models::tenant::find_by_slug(c, "sint-niklaas")?
                    .unwrap()
                    .tenant_id();
                verbind_store::models::ethics::versions(c, &app.state.keyring, &t)
            })
            .unwrap();
        assert_eq!(opened[0].summary, summary);
    }
);

scenario!(
    the_administrator_publishes_through_the_api,
    |app: TestApp| async move {
        let (mut admin, csrf) = common::api_login(&app, "beheerder").await;
        // Without the CSRF header: refused by the middleware.
        for token in [None, Some("fout")] {
            let r = admin
                .post_json(
                    "/api/v1/ethics/versions",
                    json!({"version": "2027-1", "summary": "x"}),
                    token,
                )
                .await;
            assert_rule(&r, 403, "csrf");
        }
        // Without a fresh re-authentication.
        let r = publish_api(&mut admin, &csrf, "2027-1", "Nieuw").await;
        assert_rule(&r, 403, "reauth_required");
        assert!(stored_versions(&app).is_empty());
        let (mut admin, csrf) = api_admin(&app).await;
        // Bad input: a stable code and a translated message.
        for (body, status, code) in [
            (json!({"version": "", "summary": "x"}), 422, "version_empty"),
            (
                json!({"version": "2027 1", "summary": "x"}),
                422,
                "version_characters",
            ),
            (
                json!({"version": "1".repeat(41), "summary": "x"}),
                422,
                "version_too_long",
            ),
            (
                json!({"version": "2027-1", "summary": ""}),
                422,
                "summary_invalid",
            ),
            (
                json!({"version": "2027-1", "summary": "x".repeat(4001)}),
                422,
                "summary_invalid",
            ),
            (
                json!({"version": "2026-1", "summary": "x"}),
                409,
                "version_taken",
            ),
            (json!({"version": 5, "summary": "x"}), 422, "invalid_body"),
            (json!(["2027-1"]), 422, "invalid_body"),
            (
                json!({"version": "2027-1", "summary": "x", "extra": 1}),
                422,
                "invalid_body",
            ),
        ] {
            let r = admin
                .post_json("/api/v1/ethics/versions", body.clone(), Some(&csrf))
                .await;
            assert_rule(&r, status, code);
            assert!(r.json()["message"].is_string(), "{body}: {}", r.body);
        }
        let r = publish_api(&mut admin, &csrf, "2027-1", "x").await;
        let v = r.json();
        assert_eq!(r.status, 201, "{}", r.body);
        assert_eq!(v["version"], "2027-1");
        assert_eq!(v["published_at"], "2026-11-28T13:05:00Z");
        assert_eq!(r.header("location").as_deref(), Some("/api/v1/ethics"));
        // A label used before, whatever its letter case, is refused.
        let r = publish_api(&mut admin, &csrf, "V2", "Tweede").await;
        assert_eq!(r.status, 201, "{}", r.body);
        let r = publish_api(&mut admin, &csrf, "v2", "Derde").await;
        assert_rule(&r, 409, "version_taken");
        assert_eq!(
            r.json()["message"],
            "Deze naam werd al gebruikt voor een vorige versie. Kies een nieuwe naam."
        );
        let r = publish_api(&mut admin, &csrf, "2027-1", "Derde").await;
        assert_rule(&r, 409, "version_taken");
        let stored: Vec<(String, i32)> = stored_versions(&app)
            .into_iter()
            .map(|v| (v.version, v.seq))
            .collect();
        assert_eq!(stored, vec![("2027-1".into(), 1), ("V2".into(), 2)]);
        assert_eq!(audit_of(&app, "ethics.version_published").len(), 2);
        // The document describes the new path and its bodies.
        let spec = admin.get("/api/v1/openapi.json").await.json();
        assert!(spec["paths"]["/api/v1/ethics/versions"]["post"].is_object());
        for schema in [
            "EthicsVersionRequest",
            "EthicsVersionPublished",
            "EthicsChange",
        ] {
            assert!(
                spec["components"]["schemas"][schema].is_object(),
                "{schema}"
            );
        }
        let status = &spec["components"]["schemas"]["EthicsStatus"]["properties"];
        for p in ["version", "published_at", "summary", "changes", "accepted"] {
            assert!(status[p].is_object(), "EthicsStatus.{p}");
        }
    }
);

scenario!(
    nobody_but_the_administrator_publishes,
    |app: TestApp| async move {
        for name in ["deskundige", "politie", "dpo", "stuurgroep"] {
            // Pages: even freshly confirmed.
            let mut c = Client::new(&app);
            c.login_demo(name).await;
            common::fresh_reauth(&app, &c);
            assert_eq!(c.get("/beheer/deontologie").await.status, 403, "{name}");
            assert!(
                !c.get("/").await.body.contains("/beheer/deontologie"),
                "{name}: not in the menu"
            );
            let csrf = common::csrf_in(&c.get("/").await.body).unwrap();
            let r = c
                .post_form(
                    "/beheer/deontologie",
                    &[
                        ("csrf", &csrf),
                        ("versie", "2027-1"),
                        ("samenvatting", "Niet van mij"),
                    ],
                )
                .await;
            assert_eq!(r.status, 403, "{name}");
            // API: even freshly re-authenticated.
            let (mut api, acsrf) = common::api_login(&app, name).await;
            let r = api
                .post_json(
                    "/api/v1/session/reauth",
                    json!({"password": DEMO_PASSWORD}),
                    Some(&acsrf),
                )
                .await;
            assert_eq!(r.status, 204, "{name}");
            let r = publish_api(&mut api, &acsrf, "2027-1", "Niet van mij").await;
            assert_rule(&r, 403, "forbidden");
        }
        assert!(stored_versions(&app).is_empty());
        assert!(audit_of(&app, "ethics.version_published").is_empty());
        // So the version in force is still the built-in one.
        let (mut police, _) = common::api_with_ethics(&app, "politie").await;
        let v = police.get("/api/v1/ethics").await.json();
        assert_eq!(v["version"], "2026-1");
        assert_eq!(v["accepted"], true);
        assert_eq!(v["published_at"], Value::Null);
        assert_eq!(v["summary"], Value::Null);
        assert_eq!(v["changes"], json!([]));
    }
);

scenario!(
    a_new_version_must_be_accepted_again,
    |app: TestApp| async move {
        // The police accepted the built-in version (API and page) and refers a case.
        let (mut api, csrf) = common::api_with_ethics(&app, "politie").await;
        let r = api
            .post_json(
                "/api/v1/cases",
                json!({"target_groups": ["a"], "name": "Versie Fictief",
                    "date_of_birth": "01/04/1990", "lives_in_area": true,
                    "socially_active_in_area": false,
                    "reason": "Uitspraken op school", "source": "partner_member"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let id = r.json()["id"].as_str().unwrap().to_owned();
        let case_api = format!("/api/v1/cases/{id}");
        let case_page = format!("/casussen/{id}");
        let mut page = Client::new(&app);
        page.login_demo("politie").await;
        assert_eq!(page.get(&case_page).await.status, 200, "accepted 2026-1");
        assert_eq!(api.get(&case_api).await.status, 200);
        // The CAW accepted the built-in version too; the CLB never accepted any.
        let (mut caw, _) = common::api_with_ethics(&app, "caw").await;
        let (mut clb, _) = common::api_login(&app, "clb").await;

        // The administrator publishes 2027-1.
        let (mut admin, acsrf) = api_admin(&app).await;
        let first = format!("Eerste wijziging. {SUMMARY_MARKER}");
        let r = publish_api(&mut admin, &acsrf, "2027-1", &first).await;
        assert_eq!(r.status, 201, "{}", r.body);

        // The earlier acceptance no longer counts: page and API refuse.
        let r = page.get(&case_page).await;
        assert_eq!(r.status, 303);
        let to = r.header("location").unwrap();
        assert!(to.starts_with("/deontologie"), "{to}");
        assert_eq!(page.get("/casussen").await.status, 303);
        let r = api.get(&case_api).await;
        assert_rule(&r, 403, "ethics_code_not_accepted");
        assert_rule(
            &api.get("/api/v1/cases").await,
            403,
            "ethics_code_not_accepted",
        );
        // The case action of another kind is refused by the policy as well.
        let r = api
            .post_json(
                &format!("/api/v1/cases/{id}/ltf"),
                json!({"status": "cleared"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 403, "{}", r.body);

        // What the user is shown: the new version and what changed.
        let v = api.get("/api/v1/ethics").await.json();
        assert_eq!(v["version"], "2027-1");
        assert_eq!(v["accepted"], false);
        assert_eq!(v["published_at"], "2026-11-28T13:05:00Z");
        assert_eq!(v["summary"], first.as_str());
        assert_eq!(v["changes"].as_array().unwrap().len(), 1);
        assert_eq!(v["changes"][0]["version"], "2027-1");
        assert_eq!(v["changes"][0]["summary"], first.as_str());
        let shown = page.get(&to).await.body;
        assert!(shown.contains("id=\"ethics-version\">2027-1<"), "{shown}");
        assert!(shown.contains(SUMMARY_MARKER), "the summary of changes");
        assert!(shown.contains("name=\"versie\" value=\"2027-1\""));
        let pcsrf = common::csrf_in(&shown).unwrap();

        // Accepting a version that is no longer in force records nothing.
        let r = page
            .post_form(
                "/deontologie",
                &[
                    ("csrf", &pcsrf),
                    ("versie", "2026-1"),
                    ("terug", &case_page),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        assert!(
            r.header("location").unwrap().starts_with("/deontologie"),
            "back to the page with the version in force"
        );
        let r = api
            .post_json(
                "/api/v1/ethics/accept",
                json!({"version": "2026-1"}),
                Some(&csrf),
            )
            .await;
        assert_rule(&r, 409, "ethics_version_changed");
        assert_eq!(page.get(&case_page).await.status, 303, "still not accepted");
        assert_rule(&api.get(&case_api).await, 403, "ethics_code_not_accepted");

        // Accepting the version shown: the case opens again, on both paths
        // (one account, so the acceptance counts for its API session too).
        let r = page
            .post_form(
                "/deontologie",
                &[
                    ("csrf", &pcsrf),
                    ("versie", "2027-1"),
                    ("terug", &case_page),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location").as_deref(), Some(case_page.as_str()));
        assert_eq!(page.get(&case_page).await.status, 200);
        assert_eq!(api.get(&case_api).await.status, 200);
        let v = api.get("/api/v1/ethics").await.json();
        assert_eq!(v["accepted"], true);
        assert_eq!(v["changes"], json!([]), "nothing new since");
        let accepted = audit_of(&app, "ethics.accepted");
        assert_eq!(
            accepted[0].detail.as_deref(),
            Some("version=2027-1"),
            "the version accepted is recorded"
        );
        let page_admin = {
            let mut c = Client::new(&app);
            c.login_demo("beheerder").await;
            c.get("/beheer/deontologie").await.body
        };
        assert!(page_admin.contains("1 van "), "one account accepted 2027-1");

        // A second version: the police sees only what changed since 2027-1,
        // the CAW (who accepted the built-in one) both, the CLB (who never
        // accepted) the latest.
        let r = publish_api(&mut admin, &acsrf, "2027-2", "Tweede wijziging.").await;
        assert_eq!(r.status, 201, "{}", r.body);
        let changes = |v: &Value| -> Vec<String> {
            v["changes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["version"].as_str().unwrap().to_owned())
                .collect()
        };
        let v = api.get("/api/v1/ethics").await.json();
        assert_eq!(
            (v["version"].as_str(), v["accepted"].as_bool()),
            (Some("2027-2"), Some(false))
        );
        assert_eq!(changes(&v), ["2027-2"]);
        assert_eq!(
            changes(&caw.get("/api/v1/ethics").await.json()),
            ["2027-1", "2027-2"]
        );
        assert_eq!(changes(&clb.get("/api/v1/ethics").await.json()), ["2027-2"]);
        assert_rule(&api.get(&case_api).await, 403, "ethics_code_not_accepted");
        // Accepting through the API without naming a version accepts the one in force.
        let r = api
            .post_json("/api/v1/ethics/accept", json!({}), Some(&csrf))
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
        assert_eq!(api.get(&case_api).await.status, 200);
        assert_eq!(
            audit_of(&app, "ethics.accepted")[0].detail.as_deref(),
            Some("version=2027-2")
        );
    }
);

scenario!(
    a_label_differing_only_in_separators_is_taken,
    |app: TestApp| async move {
        let (mut admin, csrf) = api_admin(&app).await;
        // Easily confused with the built-in 2026-1: taken.
        for taken in ["2026.1", "2026_1", "2026-1"] {
            let r = publish_api(&mut admin, &csrf, taken, "x").await;
            assert_rule(&r, 409, "version_taken");
        }
        // Two separators in a row: refused, with its own message.
        for doubled in ["v1..2", "2027-_1"] {
            let r = publish_api(&mut admin, &csrf, doubled, "x").await;
            assert_rule(&r, 422, "version_separators");
            assert!(
                r.json()["message"]
                    .as_str()
                    .unwrap()
                    .contains("nooit twee na elkaar"),
                "{}",
                r.body
            );
        }
        for edge in ["-2027", "2027.", "_v2"] {
            let r = publish_api(&mut admin, &csrf, edge, "x").await;
            assert_rule(&r, 422, "version_characters");
        }
        assert!(stored_versions(&app).is_empty());
        let r = publish_api(&mut admin, &csrf, "2027.1", "x").await;
        assert_eq!(r.status, 201, "{}", r.body);
        for taken in ["2027-1", "2027_1", "2027.1"] {
            let r = publish_api(&mut admin, &csrf, taken, "x").await;
            assert_rule(&r, 409, "version_taken");
        }
        // The page says the same, next to the field, the input kept.
        let mut page = Client::new(&app);
        page.login_demo("beheerder").await;
        common::fresh_reauth(&app, &page);
        let pcsrf = common::csrf_in(&page.get("/beheer/deontologie").await.body).unwrap();
        let r = publish_page(&mut page, &pcsrf, "2026_1", "Iets").await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("al gebruikt voor een vorige versie"));
        let r = publish_page(&mut page, &pcsrf, "v1..2", "Iets").await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("nooit twee na elkaar"), "{}", r.body);
        assert!(r.body.contains("value=\"v1..2\""));
        let stored: Vec<String> = stored_versions(&app)
            .into_iter()
            .map(|v| v.version)
            .collect();
        assert_eq!(stored, ["2027.1"]);
    }
);
