//! The network of reference persons and trainings (issue 4, items 5 and 6)
//! through the real pages and the JSON API: what training is due and how
//! attending a reference-person training changes it, the signals each
//! person passed, attendance and evaluation; Dutch messages next to the
//! fields and no 500 on hostile input; only the expert gets in; personal
//! data sealed at rest; every read and write audited; the demo data loads.
//! SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use crate::network_support;

use common::{Client, TestApp};
use diesel::prelude::*;
use network_support::{
    OTHERS, audit_codes, audit_text, expert, id_from, in_blobs, logged_in, post_raw, put_json,
    signal, user,
};
use serde_json::json;

async fn new_person(c: &mut Client, csrf: &str, name: &str, account: &str) -> String {
    let r = c
        .post_form(
            "/referentiepersonen/nieuw",
            &[
                ("csrf", csrf),
                ("naam", name),
                ("organisatie", "Fictieve school"),
                ("domein", "education"),
                ("email", "leerkracht@example.org"),
                ("telefoon", "03 123 45 67"),
                ("account", account),
                ("actief", "1"),
                ("sinds", "01/09/2016"),
            ],
        )
        .await;
    id_from(&r, "/referentiepersonen/")
}

async fn new_training(c: &mut Client, csrf: &str, kind: &str, date: &str) -> String {
    let r = c
        .post_form(
            "/vormingen/nieuw",
            &[
                ("csrf", csrf),
                ("soort", kind),
                ("titel", "Signalen herkennen"),
                ("aanbieder", "Externe vormingsorganisatie"),
                ("datum", date),
                ("plaats", "Stadhuis"),
            ],
        )
        .await;
    id_from(&r, "/vormingen/")
}

scenario!(
    attending_the_training_changes_what_is_due,
    |app: TestApp| async move {
        let (mut c, csrf) = expert(&app).await;
        let referent = user(&app, "referentie");

        // The form offers only accounts with the reference-person role.
        let form = c.get("/referentiepersonen/nieuw").await.body;
        assert!(form.contains(&format!("value=\"{}\"", referent.id)));
        assert!(!form.contains(&format!("value=\"{}\"", user(&app, "politie").id)));

        let rita = new_person(&mut c, &csrf, "Rita Testpersoon", &referent.id).await;
        let other = new_person(&mut c, &csrf, "Omar Tweede", "").await;
        let list = c.get("/referentiepersonen").await;
        assert_eq!(list.status, 200);
        assert!(
            list.body.contains("href=\"/referentiepersonen\""),
            "in the navigation"
        );
        assert!(list.body.contains("Rita Testpersoon"));
        assert!(list.body.contains("Basisopleiding nog te volgen"));
        assert!(
            list.body.contains("3 jaar na de laatste vorming"),
            "the rule is explained"
        );

        // Signals passed with the linked account are counted.
        signal(&app, "referentie", "polarisation", "2026-10-01");
        signal(&app, "referentie", "fake_news", "2026-11-01");
        signal(&app, "politie", "hate_speech", "2026-11-01");
        let v = c
            .get(&format!("/api/v1/reference-persons/{rita}"))
            .await
            .json();
        assert_eq!(v["signals_passed"], 2);
        assert_eq!(v["account_id"], referent.id.as_str());
        assert_eq!(v["due"]["status"], "basic_due");
        let v = c
            .get(&format!("/api/v1/reference-persons/{other}"))
            .await
            .json();
        assert_eq!(
            v["signals_passed"],
            serde_json::Value::Null,
            "no account, no count"
        );

        // The two-day training, attended: the person is up to date.
        let two_day = new_training(&mut c, &csrf, "reference_two_day", "12/10/2026").await;
        let page = c.get(&format!("/vormingen/{two_day}")).await.body;
        assert!(
            page.contains("Rita Testpersoon"),
            "the network is on the attendance list"
        );
        let r = c
            .post_form(
                &format!("/vormingen/{two_day}/aanwezigheid"),
                &[
                    ("csrf", &csrf),
                    ("deelnemer", &rita),
                    ("status", "present"),
                    ("deelnemer", &other),
                    ("status", "excused"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let page = c.get(&format!("/referentiepersonen/{rita}")).await.body;
        assert!(
            page.contains("In orde tot 12/10/2029 (laatste vorming 12/10/2026)"),
            "{page}"
        );
        assert!(page.contains("Tweedaagse opleiding referentiepersonen"));
        let page = c.get(&format!("/referentiepersonen/{other}")).await.body;
        assert!(
            page.contains("Basisopleiding nog te volgen"),
            "excused is not attended"
        );
        let v = c
            .get(&format!("/api/v1/reference-persons/{rita}"))
            .await
            .json();
        assert_eq!(v["due"]["status"], "up_to_date");
        assert_eq!(v["due"]["refresher_due_on"], "2029-10-12");
        assert_eq!(v["trainings"][0]["attendance"], "present");

        // Only the 2016 training: a refresher is due.
        let y2016 = new_training(&mut c, &csrf, "reference_2016", "10/05/2016").await;
        let r = put_json(
            &mut c,
            &format!("/api/v1/trainings/{y2016}/attendance"),
            json!({"participants": [{"reference_person_id": other, "status": "present"}]}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let v = c
            .get(&format!("/api/v1/reference-persons/{other}"))
            .await
            .json();
        assert_eq!(v["due"]["status"], "refresher_due");
        assert_eq!(v["due"]["last_training"], "2016-05-10");
        assert_eq!(v["due"]["refresher_due_on"], "2019-05-10");
        let due = c.get("/referentiepersonen?te_volgen=1").await.body;
        assert!(due.contains("Omar Tweede") && !due.contains("Rita Testpersoon"));
        assert!(due.contains("Opfrissing nodig sinds 10/05/2019"));

        // A staff session: a head count, no names; evaluated afterwards.
        let r = c
            .post_json(
                "/api/v1/trainings",
                json!({"kind": "hate_speech_course", "title": "Haatspraak op de stadskanalen",
                       "provider": "Vormingsorganisatie", "date": "2026-06-05",
                       "staff_count": 12, "score": 4, "evaluation": "Nuttige oefeningen"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let staff = r.json()["id"].as_str().unwrap().to_owned();
        let v = c.get(&format!("/api/v1/trainings/{staff}")).await.json();
        assert_eq!(v["staff_count"], 12);
        assert_eq!(v["score"], 4);
        assert_eq!(v["evaluation"], "Nuttige oefeningen");
        let r = put_json(
            &mut c,
            &format!("/api/v1/trainings/{staff}"),
            json!({"kind": "hate_speech_course", "title": "Haatspraak op de stadskanalen",
                   "provider": "Vormingsorganisatie", "date": "05/06/2026", "staff_count": 14, "score": 5}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let list = c
            .get("/api/v1/trainings?kind=hate_speech_course")
            .await
            .json();
        let items = list["trainings"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["staff_count"], 14);
        assert_eq!(items[0]["evaluation"], serde_json::Value::Null);
        let list = c.get("/api/v1/trainings?year=2016").await.json();
        assert_eq!(list["trainings"].as_array().unwrap().len(), 1);
        let page = c.get("/vormingen").await;
        assert_eq!(page.status, 200);
        assert!(
            page.body
                .contains("Vorming haatspraak en polariserende uitspraken")
        );
        assert!(page.body.contains("2 (1 aanwezig)"), "{}", page.body);

        // Persons through the API, and the page's search in names (a form body).
        let r = c
            .post_json(
                "/api/v1/reference-persons",
                json!({"name": "Api Persoon", "organisation": "Sportclub", "life_domain": "sport",
                       "member_since": "2020-01-01"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let api_person = r.json()["id"].as_str().unwrap().to_owned();
        let r = put_json(
            &mut c,
            &format!("/api/v1/reference-persons/{api_person}"),
            json!({"name": "Api Persoon", "organisation": "Sportclub", "life_domain": "sport",
                   "active": false}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let v = c
            .get(&format!("/api/v1/reference-persons/{api_person}"))
            .await
            .json();
        assert_eq!(v["active"], false);
        assert_eq!(v["due"]["status"], "inactive");
        assert_eq!(v["member_since"], serde_json::Value::Null);
        let all = c.get("/api/v1/reference-persons?active=true").await.json();
        assert_eq!(all["reference_persons"].as_array().unwrap().len(), 2);
        let found = c
            .post_form("/referentiepersonen", &[("csrf", &csrf), ("zoek", "omar")])
            .await;
        assert_eq!(found.status, 200);
        assert!(found.body.contains("Omar Tweede") && !found.body.contains("Rita Testpersoon"));

        // A person's record changes through the page.
        let r = c
            .post_form(
                &format!("/referentiepersonen/{other}"),
                &[
                    ("csrf", &csrf),
                    ("naam", "Omar Tweede"),
                    ("organisatie", "Jeugdhuis"),
                    ("domein", "youth"),
                    ("sinds", ""),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let v = c
            .get(&format!("/api/v1/reference-persons/{other}"))
            .await
            .json();
        assert_eq!(v["life_domain"], "youth");
        assert_eq!(v["active"], false, "an unchecked box is inactive");
        assert_eq!(v["email"], serde_json::Value::Null);

        let codes = audit_codes(&app);
        for code in [
            "reference_person.list_viewed",
            "reference_person.viewed",
            "reference_person.created",
            "reference_person.updated",
            "training.list_viewed",
            "training.viewed",
            "training.created",
            "training.updated",
            "training.attendance_recorded",
        ] {
            assert!(codes.iter().any(|c| c == code), "{code} missing");
        }
    }
);

scenario!(
    refused_input_gets_dutch_messages_and_never_a_500,
    |app: TestApp| async move {
        let (mut c, csrf) = expert(&app).await;
        let police = user(&app, "politie");
        let r = c
            .post_form(
                "/referentiepersonen/nieuw",
                &[
                    ("csrf", &csrf),
                    ("naam", ""),
                    ("organisatie", &"o".repeat(201)),
                    ("domein", "politics"),
                    ("email", "geen-adres"),
                    ("telefoon", "bel me"),
                    ("account", &police.id),
                    ("sinds", "01/01/2030"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        for (id, text) in [
            ("naam-error", "Vul dit veld in."),
            ("organisatie-error", "hoogstens 200 tekens"),
            (
                "domein-error",
                "Kies een van de mogelijkheden uit de lijst.",
            ),
            ("email-error", "Dit is geen geldig e-mailadres."),
            ("telefoon-error", "Dit is geen geldig telefoonnummer."),
            (
                "account-error",
                "Kies een account met de rol referentiepersoon.",
            ),
            ("sinds-error", "Deze datum ligt in de toekomst."),
        ] {
            let at = r
                .body
                .find(&format!("id=\"{id}\""))
                .unwrap_or_else(|| panic!("{id}"));
            assert!(r.body[at..].contains(text), "{id}: {text}");
        }

        let r = c
            .post_form(
                "/vormingen/nieuw",
                &[
                    ("csrf", &csrf),
                    ("soort", "yoga"),
                    ("datum", "15/01/2027"),
                    ("aantal_personeel", "-1"),
                    ("score", "6"),
                    ("evaluatie", "Al goed"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        for (id, text) in [
            ("soort-error", "Kies een van de mogelijkheden uit de lijst."),
            ("titel-error", "Vul dit veld in."),
            ("aanbieder-error", "Vul dit veld in."),
            ("aantal-error", "Geef een geheel getal van 0 tot 10000."),
            ("score-error", "Geef een geheel getal van 1 tot 5."),
            (
                "evaluatie-error",
                "Dit kan pas nadat de vorming heeft plaatsgevonden.",
            ),
        ] {
            let at = r
                .body
                .find(&format!("id=\"{id}\""))
                .unwrap_or_else(|| panic!("{id}"));
            assert!(r.body[at..].contains(text), "{id}: {text}");
        }

        // Attendance: present only after the session; only people of the network.
        let person = new_person(&mut c, &csrf, "Test Persoon", "").await;
        let planned = new_training(&mut c, &csrf, "reference_continuing", "15/01/2027").await;
        let r = c
            .post_form(
                &format!("/vormingen/{planned}/aanwezigheid"),
                &[
                    ("csrf", &csrf),
                    ("deelnemer", &person),
                    ("status", "present"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains("Dit kan pas nadat de vorming heeft plaatsgevonden.")
        );
        let r = c
            .post_form(
                &format!("/vormingen/{planned}/aanwezigheid"),
                &[
                    ("csrf", &csrf),
                    ("deelnemer", &person),
                    ("status", "registered"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "registering for a planned session is fine");
        let r = put_json(
            &mut c,
            &format!("/api/v1/trainings/{planned}/attendance"),
            json!({"participants": [{"reference_person_id": police.id, "status": "registered"}]}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 422);
        assert_eq!(r.json()["fields"][0]["code"], "unknown_person");
        // Mismatched parallel fields are a bad request, not a 500.
        let r = c
            .post_form(
                &format!("/vormingen/{planned}/aanwezigheid"),
                &[("csrf", &csrf), ("deelnemer", &person)],
            )
            .await;
        assert_eq!(r.status, 400);

        // The API: codes and Dutch messages; hostile bodies.
        let r = c
            .post_json(
                "/api/v1/reference-persons",
                json!({"email": "x"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 422);
        let v = r.json();
        let fields = v["fields"].as_array().unwrap();
        assert!(
            fields
                .iter()
                .any(|f| f["field"] == "name" && f["message"] == "Vul dit veld in.")
        );
        assert!(
            fields
                .iter()
                .any(|f| f["field"] == "email" && f["code"] == "email_invalid")
        );
        for body in [
            json!({"score": "vijf"}),
            json!({"staff_count": -1}),
            json!({"score": 300}),
            json!([1]),
        ] {
            let r = c
                .post_json("/api/v1/trainings", body.clone(), Some(&csrf))
                .await;
            assert_eq!(r.status, 422, "{body}: {}", r.body);
            assert_eq!(r.json()["error"], "invalid_body");
        }
        for body in [json!({"active": "ja"}), json!({"name": ["a"]})] {
            let r = c
                .post_json("/api/v1/reference-persons", body.clone(), Some(&csrf))
                .await;
            assert_eq!(r.status, 422, "{body}");
            assert_eq!(r.json()["error"], "invalid_body");
        }
        let r = put_json(
            &mut c,
            &format!("/api/v1/trainings/{planned}/attendance"),
            json!({"participants": [{"status": "present"}]}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 422);
        let r = post_raw(
            &mut c,
            "/api/v1/reference-persons",
            "application/json",
            format!("{{\"name\": \"{}\"}}", "n".repeat(300 * 1024)).into_bytes(),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 413);
        let r = post_raw(
            &mut c,
            "/referentiepersonen/nieuw",
            "application/x-www-form-urlencoded",
            format!("csrf={csrf}&naam=%C3%28").into_bytes(),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 400);

        // Unknown ids are "not found".
        let ghost = "00000000-0000-4000-8000-000000000000";
        for p in [
            format!("/referentiepersonen/{ghost}"),
            format!("/vormingen/{ghost}"),
            format!("/api/v1/reference-persons/{ghost}"),
            format!("/api/v1/trainings/{ghost}"),
        ] {
            assert_eq!(c.get(&p).await.status, 404, "{p}");
        }
        let r = put_json(
            &mut c,
            &format!("/api/v1/trainings/{ghost}/attendance"),
            json!({"participants": []}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 404);
        let r = c
            .post_form(
                &format!("/vormingen/{ghost}"),
                &[("csrf", &csrf), ("soort", "other")],
            )
            .await;
        assert_eq!(r.status, 404);
        // Filters that are not codes or years show everything, never an error.
        assert_eq!(
            c.get("/vormingen?jaar=twintig&soort=%3Cscript%3E")
                .await
                .status,
            200
        );
        assert_eq!(
            c.get("/referentiepersonen?actief=misschien&domein=x")
                .await
                .status,
            200
        );
    }
);

scenario!(
    only_the_expert_reaches_the_network,
    |app: TestApp| async move {
        let (mut c, csrf) = expert(&app).await;
        let person = new_person(&mut c, &csrf, "Verborgen Persoon", "").await;
        let training = new_training(&mut c, &csrf, "reference_two_day", "12/10/2026").await;
        let gets = [
            "/referentiepersonen".to_owned(),
            "/referentiepersonen/nieuw".into(),
            format!("/referentiepersonen/{person}"),
            "/vormingen".into(),
            "/vormingen/nieuw".into(),
            format!("/vormingen/{training}"),
            "/api/v1/reference-persons".into(),
            format!("/api/v1/reference-persons/{person}"),
            "/api/v1/trainings".into(),
            format!("/api/v1/trainings/{training}"),
        ];
        let forms = [
            "/referentiepersonen".to_owned(),
            "/referentiepersonen/nieuw".into(),
            format!("/referentiepersonen/{person}"),
            "/vormingen/nieuw".into(),
            format!("/vormingen/{training}"),
            format!("/vormingen/{training}/aanwezigheid"),
        ];
        let body = json!({"name": "N", "organisation": "O", "life_domain": "sport", "kind": "other",
                      "title": "T", "provider": "P", "date": "2026-11-01",
                      "participants": [{"reference_person_id": person, "status": "present"}]});
        for who in OTHERS {
            let (mut o, ocsrf) = logged_in(&app, who).await;
            let home = o.get("/").await.body;
            assert!(!home.contains("href=\"/referentiepersonen\""), "{who}");
            assert!(!home.contains("href=\"/vormingen\""), "{who}");
            for p in &gets {
                let r = o.get(p).await;
                assert_eq!(r.status, 403, "{who} GET {p}");
                assert!(!r.body.contains("Verborgen Persoon"));
            }
            for p in &forms {
                let r = o
                    .post_form(
                        p,
                        &[
                            ("csrf", &ocsrf),
                            ("naam", "N"),
                            ("organisatie", "O"),
                            ("domein", "sport"),
                            ("soort", "other"),
                            ("titel", "T"),
                            ("aanbieder", "P"),
                            ("datum", "01/11/2026"),
                            ("deelnemer", &person),
                            ("status", "present"),
                        ],
                    )
                    .await;
                assert_eq!(r.status, 403, "{who} POST {p}");
            }
            for p in ["/api/v1/reference-persons", "/api/v1/trainings"] {
                let r = o.post_json(p, body.clone(), Some(&ocsrf)).await;
                assert_eq!(r.status, 403, "{who} POST {p}");
            }
            for p in [
                format!("/api/v1/reference-persons/{person}"),
                format!("/api/v1/trainings/{training}"),
                format!("/api/v1/trainings/{training}/attendance"),
            ] {
                let r = put_json(&mut o, &p, body.clone(), &ocsrf).await;
                assert_eq!(r.status, 403, "{who} PUT {p}");
            }
        }
        // Nothing changed.
        let v = c.get(&format!("/api/v1/trainings/{training}")).await.json();
        assert!(v["participants"].as_array().unwrap().is_empty());
        assert_eq!(
            c.get("/api/v1/reference-persons").await.json()["reference_persons"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
);

scenario!(personal_data_is_sealed_at_rest, |app: TestApp| async move {
    use verbind_store::models::network::PersonRow;
    use verbind_store::models::training::TrainingRow;
    use verbind_store::schema::{reference_persons, trainings};
    let (mut c, csrf) = expert(&app).await;
    let m = [
        "ZEGEL-NAAM-52",
        "ZEGEL-ORG-52",
        "zegel-52@example.org",
        "0470 52 52 52",
        "ZEGEL-VORMING-52",
        "ZEGEL-AANBIEDER-52",
        "ZEGEL-PLAATS-52",
        "ZEGEL-EVALUATIE-52",
    ];
    let r = c
        .post_form(
            "/referentiepersonen/nieuw",
            &[
                ("csrf", &csrf),
                ("naam", m[0]),
                ("organisatie", m[1]),
                ("domein", "care"),
                ("email", m[2]),
                ("telefoon", m[3]),
                ("actief", "1"),
            ],
        )
        .await;
    let person = id_from(&r, "/referentiepersonen/");
    let r = c
        .post_form(
            "/vormingen/nieuw",
            &[
                ("csrf", &csrf),
                ("soort", "staff_awareness"),
                ("titel", m[4]),
                ("aanbieder", m[5]),
                ("plaats", m[6]),
                ("datum", "01/10/2026"),
                ("score", "3"),
                ("evaluatie", m[7]),
            ],
        )
        .await;
    let training = id_from(&r, "/vormingen/");
    let page = c.get(&format!("/referentiepersonen/{person}")).await.body;
    for x in &m[..4] {
        assert!(page.contains(x), "{x} shown to the expert");
    }
    let page = c.get(&format!("/vormingen/{training}")).await.body;
    for x in &m[4..] {
        assert!(page.contains(x), "{x} shown to the expert");
    }
    let (p, t) = app
        .db
        .read(|conn| {
            let p: Vec<PersonRow> = reference_persons::table
                .select(PersonRow::as_select())
                .load(conn)?;
            let t: Vec<TrainingRow> = trainings::table
                .select(TrainingRow::as_select())
                .load(conn)?;
            Ok((p, t))
        })
        .unwrap();
    let mut blobs = Vec::new();
    for r in &p {
        blobs.extend([
            r.name_enc.clone(),
            r.organisation_enc.clone(),
            r.email_enc.clone().unwrap(),
            r.phone_enc.clone().unwrap(),
        ]);
        assert_eq!(r.life_domain, "care");
    }
    for r in &t {
        blobs.extend([
            r.title_enc.clone(),
            r.provider_enc.clone(),
            r.place_enc.clone().unwrap(),
            r.evaluation_enc.clone().unwrap(),
        ]);
        assert_eq!(r.evaluation_score, Some(3));
    }
    assert_eq!(blobs.len(), 8);
    for x in m {
        assert!(!in_blobs(&blobs, x), "{x} stored in the clear");
    }
    assert_ne!(p[0].data_key_id, t[0].data_key_id, "a key per record");
    let trail = audit_text(&app);
    assert!(trail.contains(&person) && trail.contains(&training));
    for x in m {
        assert!(!trail.contains(x), "{x} in the audit trail");
    }
});

scenario!(the_demo_data_loads_and_shows, |app: TestApp| async move {
    let kr = app.state.keyring.clone();
    let now = app.state.now_ms();
    app.db
        .write(|c| {
            verbind_store::demo::seed_prevention(c, &kr, now)?;
            verbind_store::demo::seed_tensions_network(c, &kr, now)
        })
        .unwrap();
    let (mut c, _) = expert(&app).await;
    let tensions = c.get("/api/v1/tensions").await.json();
    let tensions = tensions["tensions"].as_array().unwrap();
    assert_eq!(tensions.len(), 3);
    assert!(
        tensions
            .iter()
            .all(|t| t["title"].as_str().unwrap().contains("(demo)"))
    );
    assert!(
        tensions
            .iter()
            .any(|t| t["signal_count"].as_i64().unwrap() > 0)
    );
    for t in tensions {
        let id = t["id"].as_str().unwrap();
        assert_eq!(c.get(&format!("/spanningen/{id}")).await.status, 200);
    }
    let persons = c.get("/api/v1/reference-persons").await.json();
    let persons = persons["reference_persons"].as_array().unwrap();
    assert_eq!(persons.len(), 5);
    let rita = persons
        .iter()
        .find(|p| p["name"] == "Rita Referent (demo)")
        .unwrap();
    assert_eq!(rita["due"]["status"], "up_to_date");
    assert!(rita["signals_passed"].as_i64().unwrap() >= 1);
    let trainings = c.get("/api/v1/trainings").await.json();
    assert_eq!(trainings["trainings"].as_array().unwrap().len(), 4);
    for p in ["/spanningen", "/referentiepersonen", "/vormingen"] {
        let r = c.get(p).await;
        assert_eq!(r.status, 200, "{p}");
        assert!(r.body.contains("(demo)"), "{p}");
    }
});

/// Every label of the closed lists of this slice exists in every language.
#[test]
fn every_label_is_translated() {
    use verbind_domain::Locale;
    use verbind_domain::prevention::coded::Coded;
    use verbind_domain::prevention::tension::{ActionKind, AnalysisField, TensionStatus};
    use verbind_domain::prevention::training::{Attendance, TrainingKind};
    use verbind_web::i18n::Tr;
    fn keys<T: Coded>(prefix: &str) -> Vec<String> {
        T::ALL.iter().map(|v| v.label_key(prefix)).collect()
    }
    let mut all = Vec::new();
    all.extend(keys::<TensionStatus>("tension-status"));
    all.extend(keys::<ActionKind>("tension-action-kind"));
    all.extend(keys::<AnalysisField>("tension-analysis"));
    all.extend(
        keys::<AnalysisField>("tension-analysis")
            .into_iter()
            .map(|k| format!("{k}-help")),
    );
    all.extend(keys::<TrainingKind>("training-kind"));
    all.extend(keys::<Attendance>("training-attendance"));
    for code in verbind_domain::audit::AuditAction::ALL
        .iter()
        .map(|a| a.code())
    {
        if ["tension.", "reference_person.", "training."]
            .iter()
            .any(|p| code.starts_with(p))
        {
            all.push(format!("audit-action-{}", code.replace(['.', '_'], "-")));
        }
    }
    assert!(all.len() > 40);
    for l in Locale::ALL {
        for k in &all {
            assert!(Tr::new(l).has(k), "{} lacks {k}", l.tag());
        }
    }
}

scenario!(
    the_expert_sees_which_signals_a_reference_person_passed,
    |app: TestApp| async move {
        let (mut c, csrf) = expert(&app).await;
        let referent = user(&app, "referentie");
        let rita = new_person(&mut c, &csrf, "Rita Testpersoon", &referent.id).await;
        let other = new_person(&mut c, &csrf, "Omar Tweede", "").await;

        // Linked, nothing passed yet.
        let page = c.get(&format!("/referentiepersonen/{rita}")).await.body;
        assert!(page.contains("Deze referentiepersoon gaf nog geen signalen door."));
        let v = c
            .get(&format!("/api/v1/reference-persons/{rita}"))
            .await
            .json();
        assert_eq!(v["signals"], json!([]));

        let older = signal(&app, "referentie", "polarisation", "2026-10-01");
        let newer = signal(&app, "referentie", "fake_news", "2026-11-01");
        let police = signal(&app, "politie", "hate_speech", "2026-11-02");

        // The page lists them, newest first, each a link; no description.
        let page = c.get(&format!("/referentiepersonen/{rita}")).await.body;
        assert!(page.contains("<h2 id=\"signalen\">Doorgegeven signalen</h2>"));
        let at_newer = page
            .find(&format!("<a href=\"/signalen/{newer}\">01/11/2026</a>"))
            .expect("the newer signal, linked");
        let at_older = page
            .find(&format!("<a href=\"/signalen/{older}\">01/10/2026</a>"))
            .expect("the older signal, linked");
        assert!(at_newer < at_older, "newest first");
        assert!(page[at_newer..].contains("<td>Fake news</td><td>Online</td><td>Middel</td>"));
        assert!(page[at_older..].contains("<td>Polarisering</td>"));
        assert!(!page.contains(&police), "another account's signal");
        assert!(
            !page.contains("lokale chatgroep"),
            "codes only, never the text"
        );
        // The link opens the signal for the expert.
        assert_eq!(c.get(&format!("/signalen/{newer}")).await.status, 200);
        // Without an account, there is nothing to list.
        let page = c.get(&format!("/referentiepersonen/{other}")).await.body;
        assert!(!page.contains("id=\"signalen\""));

        // The API: ids, dates and codes in the detail, not in the list.
        let v = c
            .get(&format!("/api/v1/reference-persons/{rita}"))
            .await
            .json();
        assert_eq!(v["signals_passed"], 2);
        let s = v["signals"].as_array().unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0]["id"], newer.as_str());
        assert_eq!(s[0]["observed_on"], "2026-11-01");
        assert_eq!(s[0]["theme"], "fake_news");
        assert_eq!(s[0]["life_domain"], "online");
        assert_eq!(s[0]["severity"], "medium");
        assert_eq!(s[1]["id"], older.as_str());
        assert!(s[0].get("description").is_none(), "codes only");
        let v = c
            .get(&format!("/api/v1/reference-persons/{other}"))
            .await
            .json();
        assert_eq!(v["signals"], json!([]));
        let list = c.get("/api/v1/reference-persons").await.json();
        assert!(
            list["reference_persons"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p.get("signals").is_none()),
            "the list keeps the count only"
        );
        let doc = c.get("/api/v1/openapi.json").await.json();
        assert!(
            doc["components"]["schemas"]["PersonItem"]["properties"]
                .get("signals")
                .is_some()
        );
    }
);
