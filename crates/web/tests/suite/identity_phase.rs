//! Who may still learn the identity behind a case, by phase (issue 3, point
//! 3; plan 2.4.1 and the code of ethics: professional secrecy is lifted only
//! within the case consultation): a partner at the table while the case goes
//! to or is at the table, never once the LTF check found a counter-indication
//! or the table does not handle the case; the expert always. Pages and API,
//! SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, TestApp};
use serde_json::json;

const NAME: &str = "Fictieve Fase-Persoon";

/// The police refers a case; the expert starts its screening. Returns its id.
async fn screened_case(police: &mut Client, pcsrf: &str, e: &mut Client, ecsrf: &str) -> String {
    let r = police
        .post_json(
            "/api/v1/cases",
            json!({"target_groups": ["a"], "name": NAME,
                "date_of_birth": "01/04/1990", "lives_in_area": true,
                "socially_active_in_area": false,
                "reason": "Uitspraken in de sportclub", "source": "partner_member"}),
            Some(pcsrf),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    let r = e
        .post_json(
            &format!("/api/v1/cases/{id}/transitions"),
            json!({"transition": "start_screening"}),
            Some(ecsrf),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    id
}

async fn reveal(app: &TestApp, c: &mut Client, csrf: &str, id: &str) -> common::Resp {
    common::fresh_reauth(app, c);
    c.post_json(
        &format!("/api/v1/cases/{id}/identity"),
        json!({"purpose": "voorbereiding van de kennischeck"}),
        Some(csrf),
    )
    .await
}

scenario!(
    a_partner_learns_the_identity_only_while_the_table_handles_the_case,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut e, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;

        // In screening, the LTF check still open: the partners need to know
        // who it is for the known / followed-up check.
        let a = screened_case(&mut police, &pcsrf, &mut e, &ecsrf).await;
        let r = reveal(&app, &mut caw, &ccsrf, &a).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.json()["name"], NAME);

        // The LTF check finds a counter-indication: the case stops, and no
        // partner learns the identity any more; the expert still does.
        let r = police
            .post_json(
                &format!("/api/v1/cases/{a}/ltf"),
                json!({"status": "counter_indication"}),
                Some(&pcsrf),
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let r = reveal(&app, &mut caw, &ccsrf, &a).await;
        assert_eq!(r.status, 403, "{}", r.body);
        assert_eq!(r.json()["error"], "identity_closed_to_table");
        assert!(!r.body.contains(NAME));
        let r = reveal(&app, &mut police, &pcsrf, &a).await;
        assert_eq!(r.status, 403, "{}", r.body);
        let r = reveal(&app, &mut e, &ecsrf, &a).await;
        assert_eq!(r.status, 200, "{}", r.body);
        // Audited as refused.
        let trail = common::audit_rows(&app, 500);
        assert!(trail.iter().any(|x| x.action == "case.identity_revealed"
            && x.outcome == "denied"
            && x.object_id.as_deref() == Some(a.as_str())));

        // Referred elsewhere at screening: the table does not handle it.
        let b = screened_case(&mut police, &pcsrf, &mut e, &ecsrf).await;
        let r = e
            .post_json(
                &format!("/api/v1/cases/{b}/transitions"),
                json!({"transition": "refer_elsewhere", "note": "Naar het CAW"}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let r = reveal(&app, &mut caw, &ccsrf, &b).await;
        assert_eq!(r.status, 403, "{}", r.body);
        assert_eq!(r.json()["error"], "identity_closed_to_table");
        let r = reveal(&app, &mut e, &ecsrf, &b).await;
        assert_eq!(r.status, 200, "{}", r.body);

        // On the page: no reveal form for the partner, the expert keeps it.
        let mut caw_page = Client::new(&app);
        caw_page.login_demo("caw").await;
        let file = caw_page.get(&format!("/casussen/{b}")).await;
        assert_eq!(file.status, 200, "{}", file.body);
        assert!(!file.body.contains(&format!("/casussen/{b}/identiteit")));
        let mut e_page = Client::new(&app);
        e_page.login_demo("deskundige").await;
        let file = e_page.get(&format!("/casussen/{b}")).await;
        assert!(file.body.contains(&format!("/casussen/{b}/identiteit")));
        // A post anyway: refused with the reason, no identity.
        let page = caw_page.get(&format!("/casussen/{b}")).await;
        let ccsrf_page = common::csrf_in(&page.body).unwrap();
        common::fresh_reauth(&app, &caw_page);
        let r = caw_page
            .post_form(
                &format!("/casussen/{b}/identiteit"),
                &[("csrf", ccsrf_page.as_str()), ("doel", "nieuwsgierig")],
            )
            .await;
        assert_eq!(r.status, 403, "{}", r.body);
        assert!(
            r.body
                .contains("alleen de deskundige kan de identiteit nog tonen")
        );
        assert!(!r.body.contains(NAME));
    }
);
