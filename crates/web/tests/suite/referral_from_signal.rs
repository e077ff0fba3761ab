//! A referral (aanmelding) by the expert from a reference person's signal
//! (issue 3, point 2): through the JSON API and the pages, one case per
//! signal (a second try is 409 or goes to the case), the signal records the
//! case and shows it to the expert, only the expert may refer from a signal,
//! and never from a contact and a signal at once. SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, TestApp};
use diesel::prelude::*;
use serde_json::{Value, json};
use verbind_store::schema::{cases, signals};

const SIGNAL_TEXT: &str = "Complotfilmpjes circuleren in de tweede graad, signaal-rf31";

fn count_cases(app: &TestApp) -> i64 {
    app.db
        .read(|c| Ok(cases::table.count().get_result::<i64>(c)?))
        .unwrap()
}

fn signal_case(app: &TestApp, id: &str) -> Option<String> {
    let id = id.to_owned();
    app.db
        .read(move |c| {
            Ok(signals::table
                .find(&id)
                .select(signals::case_id)
                .first::<Option<String>>(c)?)
        })
        .unwrap()
}

fn case_source(app: &TestApp, id: &str) -> String {
    let id = id.to_owned();
    app.db
        .read(move |c| {
            Ok(cases::table
                .find(&id)
                .select(cases::referral_source)
                .first::<String>(c)?)
        })
        .unwrap()
}

/// A reference person passes a signal through the API; returns its id.
async fn reference_signal(app: &TestApp) -> String {
    let (mut r, csrf) = common::api_login(app, "referentie").await;
    let res = r
        .post_json(
            "/api/v1/signals",
            json!({
                "theme": "conspiracy_thinking", "life_domain": "education",
                "date": "2026-11-20", "severity": "medium", "description": SIGNAL_TEXT,
            }),
            Some(&csrf),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    res.json()["id"].as_str().unwrap().to_owned()
}

fn referral(extra: Value) -> Value {
    let mut body = json!({
        "target_groups": ["a"],
        "name": "Fictieve Leerling",
        "date_of_birth": "01/04/2008",
        "lives_in_area": true,
        "socially_active_in_area": false,
        "reason": "Zorgwekkende uitspraken volgens de referentiepersoon",
        "source": "",
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

scenario!(
    the_expert_refers_from_a_signal_through_the_api,
    |app: TestApp| async move {
        let signal = reference_signal(&app).await;
        let (mut e, csrf) = common::api_with_ethics(&app, "deskundige").await;
        let r = e
            .post_json(
                "/api/v1/cases",
                referral(json!({"signal": signal})),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let v = r.json();
        let case_id = v["id"].as_str().unwrap().to_owned();
        let code = v["code"].as_str().unwrap().to_owned();
        assert!(code.starts_with("SN-"), "{code}");
        assert_eq!(count_cases(&app), 1);
        assert_eq!(
            signal_case(&app, &signal).as_deref(),
            Some(case_id.as_str())
        );
        assert_eq!(case_source(&app, &case_id), "reference_person");
        // Audited, with the case.
        let trail = common::audit_rows(&app, 500);
        assert!(trail.iter().any(|a| a.action == "signal.referred"
            && a.object_id.as_deref() == Some(signal.as_str())
            && a.detail.as_deref() == Some(format!("case={case_id}").as_str())));
        // The signal shows the case to the expert.
        let mut pages = Client::new(&app);
        pages.login_demo("deskundige").await;
        let page = pages.get(&format!("/signalen/{signal}")).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("Aangemeld als"), "{}", page.body);
        assert!(page.body.contains(&format!("/casussen/{case_id}")));
        assert!(page.body.contains(&code));
        assert!(!page.body.contains("Aanmelden bij de LIVC-R"));

        // A second time: 409 with the case, nothing created.
        let r = e
            .post_json(
                "/api/v1/cases",
                referral(json!({"signal": signal, "name": "Andere Leerling"})),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 409, "{}", r.body);
        assert_eq!(r.json()["error"], "signal_already_referred");
        assert!(
            r.json()["message"]
                .as_str()
                .unwrap()
                .contains("al een casus")
        );
        assert_eq!(
            r.header("location").as_deref(),
            Some(format!("/api/v1/cases/{case_id}").as_str())
        );
        assert_eq!(count_cases(&app), 1);
        assert_eq!(
            signal_case(&app, &signal).as_deref(),
            Some(case_id.as_str())
        );

        // A source that does not fit the signal's.
        let other = reference_signal(&app).await;
        let r = e
            .post_json(
                "/api/v1/cases",
                referral(json!({"signal": other, "source": "partner_member"})),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.json()["error"], "signal_source_mismatch");
        // An unknown signal.
        let r = e
            .post_json(
                "/api/v1/cases",
                referral(json!({"signal": uuid::Uuid::new_v4().to_string()})),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 404, "{}", r.body);
        assert_eq!(count_cases(&app), 1);
        assert_eq!(signal_case(&app, &other), None);
    }
);

scenario!(
    only_the_expert_refers_from_a_signal_and_not_with_a_contact,
    |app: TestApp| async move {
        let signal = reference_signal(&app).await;
        // A partner may refer, but not from a signal.
        let (mut p, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let r = p
            .post_json(
                "/api/v1/cases",
                referral(json!({"signal": signal, "source": "partner_member"})),
                Some(&pcsrf),
            )
            .await;
        assert!(
            r.status == 403 || r.status == 422,
            "{} {}",
            r.status,
            r.body
        );
        assert_eq!(count_cases(&app), 0);
        assert_eq!(signal_case(&app, &signal), None);
        let mut pp = Client::new(&app);
        pp.login_demo("politie").await;
        let page = pp.get(&format!("/casussen/nieuw?signaal={signal}")).await;
        assert!(page.status == 403 || page.status == 303, "{}", page.status);
        assert!(!page.body.contains("name=\"signaal\""));

        // A contact and a signal together: refused, nothing created.
        let (mut e, csrf) = common::api_with_ethics(&app, "deskundige").await;
        let r = e
            .post_json(
                "/api/v1/cases",
                referral(json!({
                    "signal": signal,
                    "contact": uuid::Uuid::new_v4().to_string(),
                })),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.json()["error"], "contact_and_signal");
        assert_eq!(count_cases(&app), 0);
        assert_eq!(signal_case(&app, &signal), None);
    }
);

scenario!(
    the_expert_refers_from_a_signal_on_the_pages,
    |app: TestApp| async move {
        let signal = reference_signal(&app).await;
        let mut e = Client::new(&app);
        e.login_demo("deskundige").await;
        let page = e.get("/deontologie").await;
        let csrf = common::csrf_in(&page.body).unwrap();
        e.post_form("/deontologie", &[("csrf", &csrf)]).await;

        let detail = e.get(&format!("/signalen/{signal}")).await;
        assert_eq!(detail.status, 200);
        assert!(detail.body.contains("Aanmelden bij de LIVC-R"));
        assert!(
            detail
                .body
                .contains(&format!("/casussen/nieuw?signaal={signal}"))
        );

        let form = e.get(&format!("/casussen/nieuw?signaal={signal}")).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert!(
            form.body
                .contains(&format!("name=\"signaal\" value=\"{signal}\""))
        );
        assert!(
            !form.body.contains("signaal-rf31"),
            "the signal's description is not carried"
        );
        assert!(form.body.contains("value=\"reference_person\" selected"));
        let csrf = common::csrf_in(&form.body).unwrap();
        let fields = [
            ("csrf", csrf.as_str()),
            ("signaal", signal.as_str()),
            ("groep_a", "1"),
            ("woont", "1"),
            ("naam", "Fictieve Leerling"),
            ("geboortedatum", "01/04/2008"),
            (
                "reden",
                "Zorgwekkende uitspraken volgens de referentiepersoon",
            ),
            ("bron", "reference_person"),
        ];
        let r = e.post_form("/casussen/nieuw", &fields).await;
        assert_eq!(r.status, 303, "{}", r.body);
        let case_path = r.header("location").unwrap();
        let case_id = case_path.trim_start_matches("/casussen/").to_owned();
        assert_eq!(
            signal_case(&app, &signal).as_deref(),
            Some(case_id.as_str())
        );
        assert_eq!(count_cases(&app), 1);

        // A second post goes to the same case; the form too.
        let again = e.post_form("/casussen/nieuw", &fields).await;
        assert_eq!(again.status, 303);
        assert_eq!(
            again.header("location").unwrap(),
            format!("{case_path}?bestaand=1"),
            "the case, saying that what was typed was not used"
        );
        assert_eq!(count_cases(&app), 1);
        let form = e.get(&format!("/casussen/nieuw?signaal={signal}")).await;
        assert_eq!(form.status, 303);
        assert_eq!(form.header("location").unwrap(), case_path);

        let code = app
            .db
            .read({
                let id = case_id.clone();
                move |c| {
                    Ok(cases::table
                        .find(&id)
                        .select(cases::code)
                        .first::<String>(c)?)
                }
            })
            .unwrap();
        let detail = e.get(&format!("/signalen/{signal}")).await;
        assert!(detail.body.contains("Aangemeld als"));
        assert!(detail.body.contains(&code));
        assert!(!detail.body.contains("Aanmelden bij de LIVC-R"));
        // The reference person sees neither the link nor the case.
        let mut r = Client::new(&app);
        r.login_demo("referentie").await;
        let own = r.get(&format!("/signalen/{signal}")).await;
        assert_eq!(own.status, 200);
        assert!(!own.body.contains("Aangemeld als"));
        assert!(!own.body.contains(&code));
        assert!(!own.body.contains("Aanmelden bij de LIVC-R"));
    }
);

scenario!(
    simultaneous_referrals_from_one_signal_create_one_case,
    |app: TestApp| async move {
        const ROUNDS: usize = 4;
        let (mut a, acsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut b, bcsrf) = common::api_with_ethics(&app, "deskundige").await;
        // A first case of the year, so both requests below only count on.
        let r = a
            .post_json(
                "/api/v1/cases",
                referral(json!({"source": "partner_member"})),
                Some(&acsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        for round in 0..ROUNDS {
            let signal = reference_signal(&app).await;
            let body = referral(json!({ "signal": signal }));
            let (ra, rb) = tokio::join!(
                a.post_json("/api/v1/cases", body.clone(), Some(&acsrf)),
                b.post_json("/api/v1/cases", body, Some(&bcsrf)),
            );
            let (won, lost) = if ra.status == 201 {
                (&ra, &rb)
            } else {
                (&rb, &ra)
            };
            assert_eq!(won.status, 201, "round {round}: {}", won.body);
            assert_eq!(lost.status, 409, "round {round}: {}", lost.body);
            assert_eq!(lost.json()["error"], "signal_already_referred");
            let case_id = won.json()["id"].as_str().unwrap().to_owned();
            assert_eq!(
                lost.header("location").as_deref(),
                Some(format!("/api/v1/cases/{case_id}").as_str())
            );
            assert_eq!(
                signal_case(&app, &signal).as_deref(),
                Some(case_id.as_str())
            );
            // One case per signal: the losing request left nothing behind.
            assert_eq!(count_cases(&app), 2 + round as i64, "round {round}");
        }
        let referred = common::audit_rows(&app, 1000)
            .iter()
            .filter(|e| e.action == "case.referred")
            .count();
        assert_eq!(referred, 1 + ROUNDS);
    }
);
