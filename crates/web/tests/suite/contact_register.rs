//! The expert's contact register (issue 4, item 2), what the black-box
//! review found: one referral and one signal per contact, whatever is posted
//! twice (pages, API, and the store's conditional link); classifying and
//! linking a contact through the JSON API; linking a contact to an existing
//! signal (page and API); the requester's details headed for the expert;
//! a signal moving a new contact to "in behandeling"; and the register's
//! filters by requester, kind of request, what was done and follow-up due.
//! SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, Resp, TestApp};
use diesel::prelude::*;
use serde_json::{Value, json};
use verbind_store::models::contact;
use verbind_store::schema::{cases, contacts, signals};

const SIGNAL_TEXT: &str = "Jongeren delen filmpjes van een extremistische groep in groepschats.";

fn count_cases(app: &TestApp) -> i64 {
    app.db
        .read(|c| Ok(cases::table.count().get_result::<i64>(c)?))
        .unwrap()
}

fn count_signals(app: &TestApp) -> i64 {
    app.db
        .read(|c| Ok(signals::table.count().get_result::<i64>(c)?))
        .unwrap()
}

fn row(app: &TestApp, id: &str) -> contact::ContactRow {
    let id = id.to_owned();
    app.db
        .read(move |c| {
            Ok(contacts::table
                .find(&id)
                .select(contact::ContactRow::as_select())
                .first(c)?)
        })
        .unwrap()
}

/// The expert on the pages, the code of ethics accepted.
async fn expert_pages(app: &TestApp) -> (Client, String) {
    let mut c = Client::new(app);
    c.login_demo("deskundige").await;
    let page = c.get("/deontologie").await;
    let csrf = common::csrf_in(&page.body).unwrap();
    c.post_form("/deontologie", &[("csrf", &csrf)]).await;
    (c, csrf)
}

/// Registers a contact through the API; returns its id.
async fn register(c: &mut Client, csrf: &str, extra: Value) -> String {
    let mut body = json!({
        "date": "2026-11-20",
        "channel": "phone",
        "message": "Moeder ongerust over haar zoon, register-cr19",
        "name": "Aanvrager Register-cr19",
        "email": "register-cr19@example.be",
        "preferred_contact": "email",
        "consent_livc": true,
        "request_kind": "report_person",
        "themes": ["extremism_religious"],
        "actions": ["information"],
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let r = c.post_json("/api/v1/contacts", body, Some(csrf)).await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.json()["id"].as_str().unwrap().to_owned()
}

fn referral_form<'a>(csrf: &'a str, contact: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("contact", contact),
        ("groep_a", "1"),
        ("woont", "1"),
        ("naam", "Fictieve Zoon (test)"),
        ("geboortedatum", "01/04/2008"),
        ("reden", "Zorgwekkende uitspraken volgens zijn moeder"),
        ("bron", "contact_point"),
    ]
}

fn signal_form<'a>(csrf: &'a str, contact: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf", csrf),
        ("contact", contact),
        ("thema", "extremism_religious"),
        ("domein", "online"),
        ("wijk", ""),
        ("datum", "20/11/2026"),
        ("ernst", "medium"),
        ("bron", "contact_point"),
        ("beschrijving", SIGNAL_TEXT),
    ]
}

fn signal_json(contact: &str) -> Value {
    json!({
        "theme": "extremism_religious",
        "life_domain": "online",
        "date": "2026-11-20",
        "severity": "medium",
        "description": SIGNAL_TEXT,
        "contact_id": contact,
    })
}

/// A 409 of the API: the code, a Dutch message, the request id, and the
/// `Location` of what the contact is linked to.
fn assert_conflict(r: &Resp, code: &str, dutch: &str, location: &str) {
    assert_eq!(r.status, 409, "{}", r.body);
    let v = r.json();
    assert_eq!(v["error"], code, "{v}");
    assert!(
        v["message"].as_str().unwrap().contains(dutch),
        "Dutch message: {v}"
    );
    let rid = v["request_id"].as_str().expect("request id");
    assert_eq!(r.header("x-request-id").as_deref(), Some(rid));
    assert_eq!(r.header("location").as_deref(), Some(location));
}

scenario!(
    a_second_referral_from_a_contact_creates_no_second_case,
    |app: TestApp| async move {
        let (mut e, csrf) = expert_pages(&app).await;
        let id = register(&mut e, &csrf, json!({})).await;

        // The page, posted twice (a double click): one case, and the second
        // post lands on it.
        let first = e
            .post_form("/casussen/nieuw", &referral_form(&csrf, &id))
            .await;
        assert_eq!(first.status, 303, "{}", first.body);
        let case_path = first.header("location").unwrap();
        let case_id = case_path.trim_start_matches("/casussen/").to_owned();
        assert_eq!(count_cases(&app), 1);
        let again = e
            .post_form("/casussen/nieuw", &referral_form(&csrf, &id))
            .await;
        assert_eq!(again.status, 303, "{}", again.body);
        let existing = again.header("location").unwrap();
        assert_eq!(existing, format!("{case_path}?bestaand=1"));
        // It lands on the case saying that what was typed was not used.
        let page = e.get(&existing).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Dit was al aangemeld"));
        assert!(
            !e.get(&case_path)
                .await
                .body
                .contains("Dit was al aangemeld")
        );
        assert_eq!(count_cases(&app), 1, "no second case, no second identity");
        assert_eq!(row(&app, &id).case_id.as_deref(), Some(case_id.as_str()));

        // The API: 409 with the case it has, nothing created.
        let (mut a, acsrf) = common::api_with_ethics(&app, "deskundige").await;
        let body = json!({
            "target_groups": ["a"],
            "name": "Fictieve Zoon",
            "date_of_birth": "01/04/2008",
            "lives_in_area": true,
            "socially_active_in_area": false,
            "reason": "Zorgwekkende uitspraken volgens zijn moeder",
            "contact": id,
        });
        let r = a
            .post_json("/api/v1/cases", body.clone(), Some(&acsrf))
            .await;
        assert_conflict(
            &r,
            "contact_already_referred",
            "al aangemeld",
            &format!("/api/v1/cases/{case_id}"),
        );
        assert_eq!(count_cases(&app), 1);
        assert_eq!(row(&app, &id).case_id.as_deref(), Some(case_id.as_str()));

        // A fresh contact through the API: the first 201, the second 409.
        let other = register(&mut a, &acsrf, json!({})).await;
        let mut body = body;
        body["contact"] = json!(other);
        let r = a
            .post_json("/api/v1/cases", body.clone(), Some(&acsrf))
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let other_case = r.json()["id"].as_str().unwrap().to_owned();
        let r = a.post_json("/api/v1/cases", body, Some(&acsrf)).await;
        assert_conflict(
            &r,
            "contact_already_referred",
            "al aangemeld",
            &format!("/api/v1/cases/{other_case}"),
        );
        assert_eq!(count_cases(&app), 2);
        assert_eq!(
            row(&app, &other).case_id.as_deref(),
            Some(other_case.as_str())
        );
    }
);

scenario!(
    a_second_signal_from_a_contact_creates_no_second_signal,
    |app: TestApp| async move {
        let (mut e, csrf) = expert_pages(&app).await;
        let id = register(&mut e, &csrf, json!({})).await;

        let first = e
            .post_form("/signalen/nieuw", &signal_form(&csrf, &id))
            .await;
        assert_eq!(first.status, 303, "{}", first.body);
        assert_eq!(count_signals(&app), 1);
        let signal_id = row(&app, &id).signal_id.expect("linked");
        let again = e
            .post_form("/signalen/nieuw", &signal_form(&csrf, &id))
            .await;
        assert_eq!(again.status, 303, "{}", again.body);
        assert_eq!(
            again.header("location").unwrap(),
            format!("/signalen/{signal_id}")
        );
        assert_eq!(count_signals(&app), 1, "no second signal");
        assert_eq!(
            row(&app, &id).signal_id.as_deref(),
            Some(signal_id.as_str())
        );

        let (mut a, acsrf) = common::api_with_ethics(&app, "deskundige").await;
        let r = a
            .post_json("/api/v1/signals", signal_json(&id), Some(&acsrf))
            .await;
        assert_conflict(
            &r,
            "contact_already_has_signal",
            "heeft al een signaal",
            &format!("/api/v1/signals/{signal_id}"),
        );
        assert_eq!(count_signals(&app), 1);

        // A fresh contact through the API: the first 201, the second 409.
        let other = register(&mut a, &acsrf, json!({})).await;
        let r = a
            .post_json("/api/v1/signals", signal_json(&other), Some(&acsrf))
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let other_signal = r.json()["id"].as_str().unwrap().to_owned();
        let r = a
            .post_json("/api/v1/signals", signal_json(&other), Some(&acsrf))
            .await;
        assert_conflict(
            &r,
            "contact_already_has_signal",
            "heeft al een signaal",
            &format!("/api/v1/signals/{other_signal}"),
        );
        assert_eq!(count_signals(&app), 2);
        assert_eq!(
            row(&app, &other).signal_id.as_deref(),
            Some(other_signal.as_str())
        );
    }
);

scenario!(
    the_store_never_overwrites_a_link,
    |app: TestApp| async move {
        let (mut e, csrf) = expert_pages(&app).await;
        let id = register(&mut e, &csrf, json!({})).await;
        let r = e
            .post_form("/casussen/nieuw", &referral_form(&csrf, &id))
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let r = e
            .post_form("/signalen/nieuw", &signal_form(&csrf, &id))
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let before = row(&app, &id);
        let (case_id, signal_id) = (before.case_id.unwrap(), before.signal_id.unwrap());
        let tenant = verbind_domain::TenantId::from_db(before.tenant_id.clone());
        let now = app.state.now_ms();
        // Racing requests pointing elsewhere.
        let (t, i) = (tenant.clone(), id.clone());
        let err = app
            .db
            .write(move |c| contact::link_case(c, &t, &i, "another-case", now))
            .unwrap_err();
        assert!(
            matches!(err, verbind_store::StoreError::Conflict(_)),
            "{err:?}"
        );
        let (t, i) = (tenant.clone(), id.clone());
        let err = app
            .db
            .write(move |c| contact::link_signal(c, &t, &i, "another-signal", now))
            .unwrap_err();
        assert!(
            matches!(err, verbind_store::StoreError::Conflict(_)),
            "{err:?}"
        );
        let after = row(&app, &id);
        assert_eq!(after.case_id.as_deref(), Some(case_id.as_str()));
        assert_eq!(after.signal_id.as_deref(), Some(signal_id.as_str()));
        // An unknown contact is "not found", not a conflict.
        let t = tenant.clone();
        let err = app
            .db
            .write(move |c| {
                contact::link_case(c, &t, "00000000-0000-4000-8000-000000000000", "x", now)
            })
            .unwrap_err();
        assert!(
            matches!(err, verbind_store::StoreError::NotFound),
            "{err:?}"
        );
    }
);

scenario!(
    a_signal_moves_a_new_contact_to_in_behandeling,
    |app: TestApp| async move {
        let (mut e, csrf) = expert_pages(&app).await;
        let id = register(&mut e, &csrf, json!({"status": "new", "actions": []})).await;
        assert_eq!(row(&app, &id).status, "new");
        let r = e
            .post_form("/signalen/nieuw", &signal_form(&csrf, &id))
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let after = row(&app, &id);
        assert_eq!(after.status, "in_progress");
        assert_eq!(after.actions, "", "no action is invented");
        let page = e.get(&format!("/contacten/{id}")).await;
        assert!(page.body.contains("In behandeling"), "{}", page.body);
        let linked = common::audit_rows(&app, 50)
            .into_iter()
            .find(|r| r.action == "contact.linked")
            .expect("audited");
        assert_eq!(linked.object_id.as_deref(), Some(id.as_str()));
        assert_eq!(
            linked.detail.as_deref(),
            Some(format!("signal={}", after.signal_id.unwrap()).as_str())
        );
        // A handled contact stays handled.
        let handled = register(&mut e, &csrf, json!({"status": "handled"})).await;
        let r = e
            .post_form("/signalen/nieuw", &signal_form(&csrf, &handled))
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(row(&app, &handled).status, "handled");
    }
);

scenario!(
    the_api_classifies_a_contact_like_the_page,
    |app: TestApp| async move {
        let (mut a, csrf) = common::api_with_ethics(&app, "deskundige").await;
        let id = register(&mut a, &csrf, json!({"notes": "Eerste notitie cr19"})).await;
        let path = format!("/api/v1/contacts/{id}");
        let update = json!({
            "requester_kind": "teacher",
            "request_kind": "advice",
            "themes": ["hate_speech", "polarisation"],
            "actions": ["advice", "individual_guidance"],
            "follow_up": "2026-12-12",
            "status": "in_progress",
        });
        // Without the CSRF header: refused, nothing changed.
        let r = put_opt(&mut a, &path, update.clone(), None).await;
        assert_eq!(r.status, 403, "{}", r.body);
        assert_eq!(row(&app, &id).request_kind, "report_person");
        // The page's rules, per field, in the API's shape.
        let r = put_opt(&mut a, &path,
                json!({"request_kind": "", "requester_kind": "alien", "themes": ["nope"], "status": "handled", "follow_up": "31/02/2026"}),
                Some(&csrf),
        )
        .await;
        assert_eq!(r.status, 422, "{}", r.body);
        let v = r.json();
        assert_eq!(v["error"], "invalid");
        assert!(v["request_id"].is_string());
        let fields: Vec<(String, String)> = v["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["field"].as_str().unwrap().to_owned(),
                    f["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        for want in [
            ("request_kind", "kind_required"),
            ("requester_kind", "unknown_choice"),
            ("themes", "unknown_choice"),
            ("follow_up", "date_invalid"),
            ("actions", "handled_without_action"),
        ] {
            assert!(
                fields.contains(&(want.0.to_owned(), want.1.to_owned())),
                "{want:?} in {fields:?}"
            );
        }
        assert!(
            v["fields"][0]["message"].as_str().unwrap().len() > 5,
            "a translated message"
        );
        assert_eq!(row(&app, &id).request_kind, "report_person");
        // Not an object: invalid_body.
        let r = put_opt(&mut a, &path, json!(["x"]), Some(&csrf)).await;
        assert_eq!(r.status, 422);
        assert_eq!(r.json()["error"], "invalid_body");
        // Valid: saved and audited; notes left out stay.
        let r = put_opt(&mut a, &path, update.clone(), Some(&csrf)).await;
        assert_eq!(r.status, 204, "{}", r.body);
        let v = a.get(&path).await.json();
        assert_eq!(v["requester_kind"], "teacher");
        assert_eq!(v["request_kind"], "advice");
        let mut themes: Vec<&str> = v["themes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        themes.sort_unstable();
        assert_eq!(themes, ["hate_speech", "polarisation"]);
        assert_eq!(v["actions"], json!(["advice", "individual_guidance"]));
        assert_eq!(v["follow_up"], "2026-12-12");
        assert_eq!(v["status"], "in_progress");
        assert_eq!(v["notes"], "Eerste notitie cr19");
        let audited = common::audit_rows(&app, 20)
            .into_iter()
            .find(|r| r.action == "contact.updated")
            .expect("audited");
        assert_eq!(audited.object_id.as_deref(), Some(id.as_str()));
        assert_eq!(audited.outcome, "ok");
        // Status left out stays; notes given replace; "" clears.
        let r = put_opt(
            &mut a,
            &path,
            json!({"request_kind": "information", "notes": "Tweede notitie"}),
            Some(&csrf),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let v = a.get(&path).await.json();
        assert_eq!(v["status"], "in_progress");
        assert_eq!(v["notes"], "Tweede notitie");
        assert_eq!(v["requester_kind"], Value::Null);
        assert_eq!(v["follow_up"], Value::Null);
        let r = put_opt(&mut a, &path,
                json!({"request_kind": "information", "notes": "", "status": "handled", "actions": ["information"]}),
                Some(&csrf),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let v = a.get(&path).await.json();
        assert_eq!(v["status"], "handled");
        assert_eq!(v["notes"], Value::Null);
        // Unknown contact: 404; another role: 403.
        let mut missing = a
            .http
            .put(format!(
                "{}/api/v1/contacts/00000000-0000-4000-8000-000000000000",
                a.base
            ))
            .json(&update);
        missing = missing.header("x-csrf-token", &csrf);
        assert_eq!(send(&mut a, missing).await.status, 404);
        let (mut p, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let r = put_opt(&mut p, &path, update.clone(), Some(&pcsrf)).await;
        assert_eq!(r.status, 403);
        // Described in the OpenAPI document.
        let doc = a.get("/api/v1/openapi.json").await.json();
        let paths = &doc["paths"];
        assert!(paths["/api/v1/contacts/{id}"]["put"].is_object(), "{paths}");
        assert!(paths["/api/v1/contacts/{id}/signal"]["put"].is_object());
        assert!(paths["/api/v1/cases"]["post"]["responses"]["409"].is_object());
        assert!(paths["/api/v1/signals"]["post"]["responses"]["409"].is_object());
        let params: Vec<&str> = paths["/api/v1/contacts"]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        for want in [
            "requester_kind",
            "request_kind",
            "action",
            "follow_up_due",
            "open",
        ] {
            assert!(params.contains(&want), "{want} in {params:?}");
        }
    }
);

/// Sends a request built from the client's `http`, with its cookies.
async fn send(c: &mut Client, rb: reqwest::RequestBuilder) -> Resp {
    let cookie = c
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let res = rb.header("cookie", cookie).send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = res.text().await.unwrap();
    Resp {
        status,
        headers,
        body,
    }
}

async fn put_opt(c: &mut Client, path: &str, body: Value, csrf: Option<&str>) -> Resp {
    let mut rb = c.http.put(format!("{}{path}", c.base)).json(&body);
    if let Some(t) = csrf {
        rb = rb.header("x-csrf-token", t);
    }
    send(c, rb).await
}

async fn put_json(c: &mut Client, path: &str, body: Value, csrf: &str) -> Resp {
    c.put_json(path, body, Some(csrf)).await
}

scenario!(
    a_contact_is_linked_to_an_existing_signal,
    |app: TestApp| async move {
        let (mut e, csrf) = expert_pages(&app).await;
        // A signal passed on its own (no contact).
        let r = e
            .post_form(
                "/signalen/nieuw",
                &[
                    ("csrf", &csrf),
                    ("thema", "hate_speech"),
                    ("domein", "online"),
                    ("wijk", ""),
                    ("datum", "21/11/2026"),
                    ("ernst", "low"),
                    ("bron", "contact_point"),
                    ("beschrijving", SIGNAL_TEXT),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let signal_id = r
            .header("location")
            .unwrap()
            .trim_start_matches("/signalen/")
            .to_owned();
        let sig = e.get(&format!("/signalen/{signal_id}")).await;
        assert!(
            sig.body.contains(&signal_id),
            "the signal page shows its reference"
        );
        let id = register(&mut e, &csrf, json!({"status": "new", "actions": []})).await;

        // The contact page offers the recent signal and a reference field.
        let page = e.get(&format!("/contacten/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Aan een bestaand signaal koppelen"));
        assert!(
            page.body
                .contains(&format!("action=\"/contacten/{id}/signaal\""))
        );
        assert!(
            page.body.contains(&format!(
                "<option value=\"{signal_id}\">21/11/2026 · Haatspraak"
            )),
            "{}",
            page.body
        );
        // Nothing named, or an unknown reference: said next to the field.
        let path = format!("/contacten/{id}/signaal");
        let r = e.post_form(&path, &[("csrf", &csrf)]).await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Kies een signaal of typ zijn referentie."));
        let r = e
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("referentie", "00000000-0000-4000-8000-000000000000"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Er is geen signaal met deze referentie."));
        assert!(row(&app, &id).signal_id.is_none());
        // By its reference: linked, audited, the contact now in progress.
        let r = e
            .post_form(&path, &[("csrf", &csrf), ("referentie", &signal_id)])
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let after = row(&app, &id);
        assert_eq!(after.signal_id.as_deref(), Some(signal_id.as_str()));
        assert_eq!(after.status, "in_progress");
        let linked = common::audit_rows(&app, 20)
            .into_iter()
            .find(|r| r.action == "contact.linked")
            .expect("audited");
        assert_eq!(linked.object_id.as_deref(), Some(id.as_str()));
        assert_eq!(
            linked.detail.as_deref(),
            Some(format!("signal={signal_id}").as_str())
        );
        let page = e.get(&format!("/contacten/{id}")).await;
        assert!(
            page.body
                .contains(&format!("href=\"/signalen/{signal_id}\""))
        );
        assert!(!page.body.contains("Aan een bestaand signaal koppelen"));
        // Posting again: the link stays; we land on the signal.
        let r = e
            .post_form(&path, &[("csrf", &csrf), ("signaal", &signal_id)])
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(
            r.header("location").unwrap(),
            format!("/signalen/{signal_id}")
        );

        // The API: another contact, picked by id.
        let (mut a, acsrf) = common::api_with_ethics(&app, "deskundige").await;
        let other = register(&mut a, &acsrf, json!({})).await;
        let api_path = format!("/api/v1/contacts/{other}/signal");
        let r = put_json(&mut a, &api_path, json!({"signal_id": "nope"}), &acsrf).await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.json()["fields"][0]["field"], "signal_id");
        assert_eq!(r.json()["fields"][0]["code"], "unknown_signal");
        let r = put_json(&mut a, &api_path, json!({"signal_id": signal_id}), &acsrf).await;
        assert_eq!(r.status, 204, "{}", r.body);
        assert_eq!(
            row(&app, &other).signal_id.as_deref(),
            Some(signal_id.as_str())
        );
        let r = put_json(&mut a, &api_path, json!({"signal_id": signal_id}), &acsrf).await;
        assert_conflict(
            &r,
            "contact_already_has_signal",
            "heeft al een signaal",
            &format!("/api/v1/signals/{signal_id}"),
        );
        // No CSRF header: refused. Another role: refused.
        let rb = a
            .http
            .put(format!("{}{api_path}", a.base))
            .json(&json!({"signal_id": signal_id}));
        assert_eq!(send(&mut a, rb).await.status, 403);
        let (mut p, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let r = put_json(&mut p, &api_path, json!({"signal_id": signal_id}), &pcsrf).await;
        assert_eq!(r.status, 403);
        assert_eq!(count_signals(&app), 1, "linking creates no signal");
    }
);

scenario!(
    the_expert_sees_the_requesters_details_headed_for_the_expert,
    |app: TestApp| async move {
        let (mut e, csrf) = expert_pages(&app).await;
        let id = register(&mut e, &csrf, json!({})).await;
        let page = e.get(&format!("/contacten/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Contactgegevens van de aanvrager"));
        assert!(
            page.body
                .contains("Hoe wil de aanvrager gecontacteerd worden?")
        );
        assert!(!page.body.contains("Uw contactgegevens"));
        assert!(!page.body.contains("Hoe mogen we u contacteren?"));
        assert!(page.body.contains("Aanvrager Register-cr19"));
    }
);

scenario!(
    the_register_filters_by_requester_request_action_and_follow_up,
    |app: TestApp| async move {
        let (mut e, csrf) = expert_pages(&app).await;
        // The test clock says 28/11/2026.
        let teacher = register(
            &mut e,
            &csrf,
            json!({"requester_kind": "teacher", "request_kind": "advice", "actions": ["advice"], "follow_up": "2026-11-27"}),
        )
        .await;
        let citizen = register(
            &mut e,
            &csrf,
            json!({"requester_kind": "citizen", "actions": ["referral"], "follow_up": "2026-12-15"}),
        )
        .await;
        let closed = register(
            &mut e,
            &csrf,
            json!({"requester_kind": "citizen", "status": "handled", "follow_up": "2026-11-01"}),
        )
        .await;
        let today = register(
            &mut e,
            &csrf,
            json!({"requester_kind": "youth_worker", "status": "new", "actions": [], "follow_up": "2026-11-28"}),
        )
        .await;
        let all = [&teacher, &citizen, &closed, &today];
        let shows = |body: &str, want: &[&String]| {
            for id in all {
                assert_eq!(
                    body.contains(&format!("/contacten/{id}\"")),
                    want.contains(&id),
                    "{id} expected {}",
                    want.contains(&id)
                );
            }
        };
        let list = e.get("/contacten").await;
        assert_eq!(list.status, 200);
        assert!(list.body.contains("<th scope=\"col\">Soort aanvrager</th>"));
        assert!(list.body.contains("<td>Leerkracht</td>"));
        assert!(list.body.contains("href=\"/contacten?opvolging=1\""));
        shows(&list.body, &[&teacher, &citizen, &closed, &today]);
        shows(
            &e.get("/contacten?aanvrager=citizen").await.body,
            &[&citizen, &closed],
        );
        shows(&e.get("/contacten?soort=advice").await.body, &[&teacher]);
        shows(&e.get("/contacten?gedaan=referral").await.body, &[&citizen]);
        let due = e.get("/contacten?opvolging=1").await;
        assert_eq!(due.status, 200);
        shows(&due.body, &[&teacher, &today]);
        shows(
            &e.get("/contacten?open=1").await.body,
            &[&teacher, &citizen, &today],
        );
        shows(
            &e.get("/contacten?opvolging=1&aanvrager=teacher").await.body,
            &[&teacher],
        );
        let bad = e.get("/contacten?aanvrager=alien&gedaan=nope").await;
        assert_eq!(bad.status, 400);
        assert!(
            bad.body
                .contains("Kies een van de mogelijkheden uit de lijst.")
        );
        // The same filters in the search form.
        let found = e
            .post_form(
                "/contacten",
                &[
                    ("csrf", &csrf),
                    ("opvolging", "1"),
                    ("zoek", "register-cr19"),
                ],
            )
            .await;
        assert_eq!(found.status, 200);
        shows(&found.body, &[&teacher, &today]);

        // The API.
        let ids = |r: Resp| -> Vec<String> {
            assert_eq!(r.status, 200, "{}", r.body);
            r.json()
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_str().unwrap().to_owned())
                .collect()
        };
        let mut got = ids(e.get("/api/v1/contacts?follow_up_due=true").await);
        got.sort();
        let mut want = vec![teacher.clone(), today.clone()];
        want.sort();
        assert_eq!(got, want);
        assert_eq!(
            ids(e.get("/api/v1/contacts?requester_kind=teacher").await),
            vec![teacher.clone()]
        );
        assert_eq!(
            ids(e.get("/api/v1/contacts?request_kind=advice").await),
            vec![teacher.clone()]
        );
        assert_eq!(
            ids(e.get("/api/v1/contacts?action=referral").await),
            vec![citizen.clone()]
        );
        assert_eq!(ids(e.get("/api/v1/contacts?open=1").await).len(), 3);
        let r = e.get("/api/v1/contacts?follow_up_due=maybe").await;
        assert_eq!(r.status, 400);
        assert_eq!(r.json()["error"], "invalid_filter");
        let r = e.get("/api/v1/contacts?action=nope").await;
        assert_eq!(r.status, 400);
        let r = e
            .post_json(
                "/api/v1/contacts/search",
                json!({"follow_up_due": true, "requester_kind": "youth_worker"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(ids(r), vec![today.clone()]);

        // The dashboard's "waiting for follow-up" line lists the open ones.
        let dash = e.get("/").await;
        assert!(
            dash.body.contains("contacten wachten op opvolging"),
            "{}",
            dash.body
        );
        assert!(dash.body.contains("href=\"/contacten?open=1\""));
    }
);

/// A referral through the API, from `contact` when given.
fn referral_json(contact: Option<&str>) -> Value {
    let mut body = json!({
        "target_groups": ["a"],
        "name": "Fictieve Zoon (gelijktijdig)",
        "date_of_birth": "01/04/2008",
        "lives_in_area": true,
        "socially_active_in_area": false,
        "reason": "Zorgwekkende uitspraken volgens zijn moeder",
    });
    match contact {
        Some(id) => body["contact"] = json!(id),
        None => body["source"] = json!("partner_member"),
    }
    body
}

/// Rows of one table of the vault, counted directly.
fn count_identities(app: &TestApp) -> i64 {
    use verbind_store::schema::case_identities;
    app.db
        .read(|c| Ok(case_identities::table.count().get_result::<i64>(c)?))
        .unwrap()
}

scenario!(
    simultaneous_referrals_from_one_contact_create_one_case,
    |app: TestApp| async move {
        const ROUNDS: usize = 6;
        // Two sessions of the expert, as two tabs or two double-clicking browsers.
        let (mut a, acsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut b, bcsrf) = common::api_with_ethics(&app, "deskundige").await;
        // A first case of the year, so both requests below only count on.
        let r = a
            .post_json("/api/v1/cases", referral_json(None), Some(&acsrf))
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let first = r.json()["id"].as_str().unwrap().to_owned();
        let mut referred = Vec::new();
        for round in 0..ROUNDS {
            let id = register(&mut a, &acsrf, json!({})).await;
            let body = referral_json(Some(&id));
            let (ra, rb) = tokio::join!(
                a.post_json("/api/v1/cases", body.clone(), Some(&acsrf)),
                b.post_json("/api/v1/cases", body, Some(&bcsrf)),
            );
            let mut statuses = [ra.status, rb.status];
            statuses.sort_unstable();
            assert_eq!(
                statuses,
                [201, 409],
                "round {round}: {} | {}",
                ra.body,
                rb.body
            );
            let (won, lost) = if ra.status == 201 {
                (&ra, &rb)
            } else {
                (&rb, &ra)
            };
            let case_id = won.json()["id"].as_str().unwrap().to_owned();
            assert_conflict(
                lost,
                "contact_already_referred",
                "al aangemeld",
                &format!("/api/v1/cases/{case_id}"),
            );
            assert_eq!(row(&app, &id).case_id.as_deref(), Some(case_id.as_str()));
            referred.push((id, case_id));
        }
        // Exactly one case per contact, each linked to it: no orphan case,
        // identity or audit entry of the losing request.
        let list = a.get("/api/v1/cases").await;
        assert_eq!(list.status, 200, "{}", list.body);
        let mut listed: Vec<String> = list
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_owned())
            .collect();
        listed.sort();
        let mut expected: Vec<String> = referred.iter().map(|(_, c)| c.clone()).collect();
        expected.push(first.clone());
        expected.sort();
        assert_eq!(listed, expected);
        assert_eq!(count_cases(&app), 1 + ROUNDS as i64);
        assert_eq!(count_identities(&app), 1 + ROUNDS as i64);
        let trail = common::audit_rows(&app, 1000);
        let mut audited: Vec<String> = trail
            .iter()
            .filter(|e| e.action == "case.referred")
            .map(|e| e.object_id.clone().unwrap())
            .collect();
        audited.sort();
        assert_eq!(audited, expected, "one referral entry per case that exists");
        for (contact, case) in &referred {
            let links: Vec<_> = trail
                .iter()
                .filter(|e| {
                    e.action == "contact.linked" && e.object_id.as_deref() == Some(contact.as_str())
                })
                .collect();
            assert_eq!(links.len(), 1, "{contact}");
            assert_eq!(
                links[0].detail.as_deref(),
                Some(format!("case={case}").as_str())
            );
        }

        // The service alone, without the handlers' look before it (the window
        // the race used): the contact is referred already, so the link in the
        // referral's own transaction is refused and all of it rolls back.
        let (contact, case) = referred[0].clone();
        let expert = app
            .db
            .read(|c| verbind_store::models::user::find_by_username(c, "deskundige"))
            .unwrap()
            .unwrap();
        let session = verbind_web::middleware::session::CurrentSession {
            id_hash: String::new(),
            csrf: String::new(),
            mfa_done: true,
            reauth_at: None,
            user_id: verbind_domain::UserId::from_db(expert.id.clone()),
            tenant_id: verbind_domain::TenantId::from_db(expert.tenant_id.clone()),
            organisation_id: verbind_domain::OrganisationId::from_db(
                expert.organisation_id.clone(),
            ),
            role: verbind_domain::Role::Expert,
            username: expert.username.clone(),
            locale: verbind_domain::Locale::NlBe,
            mfa_enabled: false,
        };
        let trail_before = common::audit_rows(&app, 1000).len();
        let input = verbind_web::cases::service::ReferralInput {
            group_a: true,
            name: "Fictieve Zoon (gelijktijdig)".into(),
            date_of_birth: "01/04/2008".into(),
            lives_in_area: true,
            reason: "Zorgwekkende uitspraken volgens zijn moeder".into(),
            source: "contact_point".into(),
            ..Default::default()
        };
        let out = verbind_web::cases::service::refer(
            &app.state,
            &session,
            input,
            Some(verbind_web::cases::service::ReferredFrom::Contact(
                contact.clone(),
            )),
        )
        .await
        .unwrap();
        assert!(
            matches!(&out, verbind_web::cases::service::ReferOutcome::AlreadyReferred(c) if *c == case),
            "{out:?}"
        );
        assert_eq!(count_cases(&app), 1 + ROUNDS as i64);
        assert_eq!(count_identities(&app), 1 + ROUNDS as i64);
        assert_eq!(
            common::audit_rows(&app, 1000).len(),
            trail_before,
            "no audit entry of what was rolled back"
        );
        assert_eq!(row(&app, &contact).case_id.as_deref(), Some(case.as_str()));
    }
);
