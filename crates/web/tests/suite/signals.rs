//! Signals (signaalfunctie, issue 4 item 3) through the real pages and the
//! JSON API: reference persons and partners pass signals and see only their
//! own (pages, API, lists); the expert sees all and their trend per month and
//! theme; the description is encrypted at rest; what looks like a name asks
//! for a second look; the Stuurgroep, the administrator and the DPO are
//! refused everywhere. SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, TestApp};
use diesel::prelude::*;
use serde_json::json;
use verbind_store::schema::signals;

const REF_TEXT: &str = "Complotfilmpjes circuleren in de tweede graad, signaal-sg42";
const POLICE_TEXT: &str = "Stickers van een extreemrechtse groep aan bushaltes, signaal-pol42";

async fn login(app: &TestApp, username: &str) -> (Client, String) {
    let mut c = Client::new(app);
    c.login_demo(username).await;
    let csrf = common::csrf_in(&c.get("/account").await.body).unwrap();
    (c, csrf)
}

/// Passes a signal through the form; returns its id.
async fn pass(c: &mut Client, csrf: &str, theme: &str, date: &str, text: &str) -> String {
    let r = c
        .post_form(
            "/signalen/nieuw",
            &[
                ("csrf", csrf),
                ("thema", theme),
                ("domein", "education"),
                ("wijk", "belsele"),
                ("datum", date),
                ("ernst", "medium"),
                ("beschrijving", text),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    r.header("location")
        .unwrap()
        .trim_start_matches("/signalen/")
        .to_owned()
}

scenario!(
    a_reference_person_sees_only_their_own_signals,
    |app: TestApp| async move {
        let (mut r, rcsrf) = login(&app, "referentie").await;
        let dash = r.get("/").await;
        assert!(
            dash.body.contains("href=\"/signalen\""),
            "the menu has signals"
        );
        assert!(!dash.body.contains("href=\"/contacten\""));
        let form = r.get("/signalen/nieuw").await;
        assert_eq!(form.status, 200);
        assert!(
            form.body.contains("niet over een persoon"),
            "help text about persons"
        );
        assert!(
            form.body.contains("Radicaliseringsproces"),
            "the plan's definitions"
        );
        assert!(
            !form.body.contains("name=\"bron\""),
            "the source follows from who passes it"
        );
        let own = pass(
            &mut r,
            &rcsrf,
            "conspiracy_thinking",
            "20/11/2026",
            REF_TEXT,
        )
        .await;
        let page = r.get(&format!("/signalen/{own}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains(REF_TEXT));
        assert!(page.body.contains("Referentiepersoon"));
        assert!(page.body.contains("Belsele"));

        let (mut p, pcsrf) = login(&app, "politie").await;
        let other = pass(&mut p, &pcsrf, "extremism_right", "21/11/2026", POLICE_TEXT).await;
        assert!(
            p.get(&format!("/signalen/{other}"))
                .await
                .body
                .contains("Politie")
        );

        // The list shows only one's own.
        let list = r.get("/signalen").await;
        assert!(list.body.contains(&format!("/signalen/{own}")));
        assert!(!list.body.contains(&format!("/signalen/{other}")));
        assert!(!list.body.contains("pol42"));
        assert!(list.body.contains("Alleen u en de deskundige zien ze."));
        // Another's signal: refused on the page and in the API, and audited.
        let r403 = r.get(&format!("/signalen/{other}")).await;
        assert_eq!(r403.status, 403);
        assert!(!r403.body.contains("pol42"));
        let api = r.get(&format!("/api/v1/signals/{other}")).await;
        assert_eq!(api.status, 403);
        assert!(!api.body.contains("pol42"));
        let api = r.get("/api/v1/signals").await;
        let v = api.json();
        assert_eq!(v.as_array().unwrap().len(), 1);
        assert_eq!(v[0]["id"], own.as_str());
        assert_eq!(v[0]["mine"], true);
        // Filters do not widen the view.
        let api = r.get("/api/v1/signals?theme=extremism_right").await;
        assert_eq!(api.json().as_array().unwrap().len(), 0);
        let trail = common::audit_rows(&app, 500);
        assert!(
            trail
                .iter()
                .any(|e| e.action == "access.denied"
                    && e.object_id.as_deref() == Some(other.as_str()))
        );
        assert!(trail.iter().any(|e| e.action == "signal.submitted"
            && e.detail.as_deref() == Some("source=reference_person theme=conspiracy_thinking")));
        // Trends are the expert's.
        assert_eq!(r.get("/signalen/tendensen").await.status, 403);
        assert_eq!(r.get("/api/v1/signals/trends").await.status, 403);
        // Unknown ids.
        assert_eq!(r.get("/signalen/niet-een-id").await.status, 404);
        assert_eq!(
            r.get("/signalen/00000000-0000-4000-8000-000000000000")
                .await
                .status,
            404
        );

        // The expert sees both, with who passed them.
        let (mut e, _) = login(&app, "deskundige").await;
        let list = e.get("/signalen").await;
        assert!(list.body.contains(&format!("/signalen/{own}")));
        assert!(list.body.contains(&format!("/signalen/{other}")));
        assert!(list.body.contains("Forum Da Vinci"), "{}", list.body);
        assert!(list.body.contains("Lokale politie Sint-Niklaas"));
        assert!(
            e.get(&format!("/signalen/{other}"))
                .await
                .body
                .contains(POLICE_TEXT)
        );
        let only = e.get("/signalen?thema=extremism_right").await;
        assert!(only.body.contains(&format!("/signalen/{other}")));
        assert!(!only.body.contains(&format!("/signalen/{own}")));
        let bad = e.get("/signalen?thema=aliens&van=xx").await;
        assert_eq!(bad.status, 400);
        assert!(
            bad.body
                .contains("Kies een van de mogelijkheden uit de lijst.")
        );
        assert_eq!(e.get("/api/v1/signals?severity=extreme").await.status, 400);
    }
);

scenario!(
    the_description_is_encrypted_at_rest,
    |app: TestApp| async move {
        let (mut r, csrf) = login(&app, "referentie").await;
        let id = pass(&mut r, &csrf, "fake_news", "20/11/2026", REF_TEXT).await;
        let row: verbind_store::models::signal::SignalRow = app
            .db
            .read(|c| {
                Ok(signals::table
                    .find(&id)
                    .select(verbind_store::models::signal::SignalRow::as_select())
                    .first(c)?)
            })
            .unwrap();
        assert!(
            !row.description_enc
                .windows(b"sg42".len())
                .any(|w| w == b"sg42"),
            "the description is not in clear"
        );
        assert!(!format!("{row:?}").contains("sg42"));
        assert_eq!(row.theme, "fake_news");
        assert_eq!(row.observed_on, "2026-11-20");
        assert_eq!(row.district_slug.as_deref(), Some("belsele"));
        let clear = app
            .db
            .read(|c| verbind_store::models::signal::description(c, &app.state.keyring, &row))
            .unwrap();
        assert_eq!(clear, REF_TEXT);
    }
);

scenario!(
    bad_signals_get_clear_messages_and_names_ask_for_a_second_look,
    |app: TestApp| async move {
        let (mut r, csrf) = login(&app, "referentie").await;
        let res = r
            .post_form(
                "/signalen/nieuw",
                &[
                    ("csrf", &csrf),
                    ("thema", ""),
                    ("domein", "space"),
                    ("wijk", "atlantis"),
                    ("datum", "01/12/2026"),
                    ("beschrijving", ""),
                ],
            )
            .await;
        assert_eq!(res.status, 422);
        for msg in [
            "Maak een keuze.",
            "Kies een van de mogelijkheden uit de lijst.",
            "Kies een wijk of deelgemeente uit de lijst.",
            "Deze datum ligt in de toekomst.",
            "Beschrijf wat u vaststelt.",
        ] {
            assert!(res.body.contains(msg), "{msg}");
        }
        let long = "x".repeat(2001);
        let base = |text: &'static str| {
            vec![
                ("thema", "polarisation"),
                ("domein", "youth"),
                ("wijk", ""),
                ("datum", "20/11/2026"),
                ("ernst", "low"),
                ("beschrijving", text),
            ]
        };
        let mut f = base("");
        f[5] = ("beschrijving", long.as_str());
        f.push(("csrf", csrf.as_str()));
        let res = r.post_form("/signalen/nieuw", &f).await;
        assert!(res.body.contains("maximaal 2000 tekens, u schreef er 2001"));

        // A name-like pair of words: rewrite or confirm.
        let mut f = base("Volgens de jeugdwerker deelt Jan Peeters dit in de jeugdclub.");
        f.push(("csrf", csrf.as_str()));
        let res = r.post_form("/signalen/nieuw", &f).await;
        assert_eq!(res.status, 422);
        assert!(
            res.body
                .contains("lijkt een naam, een e-mailadres of een nummer te bevatten")
        );
        assert!(res.body.contains("name=\"bevestig\""));
        f.push(("bevestig", "1"));
        assert_eq!(r.post_form("/signalen/nieuw", &f).await.status, 303);
        let n: i64 = app
            .db
            .read(|c| Ok(signals::table.count().get_result(c)?))
            .unwrap();
        assert_eq!(n, 1);

        // The API says the same, with the hints.
        let res = r
            .post_json(
                "/api/v1/signals",
                json!({
                    "theme": "hate_speech", "life_domain": "online", "date": "2026-11-20",
                    "severity": "high", "description": "Mail iemand@example.be of bel 0470 12 34 56"
                }),
                Some(&csrf),
            )
            .await;
        assert_eq!(res.status, 422);
        let v = res.json();
        assert_eq!(v["fields"][0]["code"], "personal_detail");
        assert_eq!(v["hints"], json!(["email_address", "identifying_number"]));
        // A reference person cannot pose as the police.
        let res = r
            .post_json(
                "/api/v1/signals",
                json!({
                    "theme": "hate_speech", "life_domain": "online", "date": "2026-11-20",
                    "severity": "high", "description": "Haatberichten onder lokale nieuwsposts",
                    "source": "police"
                }),
                Some(&csrf),
            )
            .await;
        assert_eq!(res.status, 201, "{}", res.body);
        let id = res.json()["id"].as_str().unwrap().to_owned();
        let v = r.get(&format!("/api/v1/signals/{id}")).await.json();
        assert_eq!(v["source"], "reference_person");
        let res = r
            .post_json("/api/v1/signals", json!(["x"]), Some(&csrf))
            .await;
        assert_eq!(res.json()["error"], "invalid_body");
        assert_eq!(
            r.post_json("/api/v1/signals", json!({}), None).await.status,
            403
        );
    }
);

scenario!(
    the_expert_follows_the_trend_per_month_and_theme,
    |app: TestApp| async move {
        let (mut e, csrf) = login(&app, "deskundige").await;
        let form = e.get("/signalen/nieuw").await;
        assert!(
            form.body.contains("name=\"bron\""),
            "the expert names the source"
        );
        pass(
            &mut e,
            &csrf,
            "fake_news",
            "03/11/2026",
            "Nepnieuws over de verkiezingen in buurtgroepen",
        )
        .await;
        pass(
            &mut e,
            &csrf,
            "fake_news",
            "20/11/2026",
            "Nepnieuws over vluchtelingen op sociale media",
        )
        .await;
        pass(
            &mut e,
            &csrf,
            "polarisation",
            "15/10/2026",
            "Spanningen tussen supportersgroepen",
        )
        .await;
        // Outside the twelve months.
        pass(
            &mut e,
            &csrf,
            "polarisation",
            "15/10/2025",
            "Oude vaststelling over spanningen",
        )
        .await;
        let v = e.get("/api/v1/signals/trends").await.json();
        let months: Vec<&str> = v["months"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], "2025-12");
        assert_eq!(months[11], "2026-11");
        let themes: Vec<&str> = v["themes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        let fake = themes.iter().position(|t| *t == "fake_news").unwrap();
        let pol = themes.iter().position(|t| *t == "polarisation").unwrap();
        assert_eq!(v["counts"][11][fake], 2);
        assert_eq!(v["counts"][10][pol], 1);
        assert_eq!(v["theme_totals"][pol], 1);
        assert_eq!(
            v["month_totals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap())
                .sum::<u64>(),
            3
        );
        let page = e.get("/signalen/tendensen").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("11/2026"));
        assert!(page.body.contains("Fake news"));
        assert!(
            !page.body.contains("Nepnieuws"),
            "the trend shows counts, no text"
        );
    }
);

scenario!(
    the_stuurgroep_the_administrator_and_the_dpo_are_refused_everywhere,
    |app: TestApp| async move {
        let (mut r, csrf) = login(&app, "referentie").await;
        let id = pass(&mut r, &csrf, "fake_news", "20/11/2026", REF_TEXT).await;
        for account in ["stuurgroep", "beheerder", "dpo"] {
            let (mut c, csrf) = login(&app, account).await;
            let dash = c.get("/").await;
            assert!(
                !dash.body.contains("href=\"/signalen\""),
                "{account}: no menu item"
            );
            for p in [
                "/signalen".to_owned(),
                "/signalen/nieuw".to_owned(),
                format!("/signalen/{id}"),
                "/signalen/tendensen".to_owned(),
                "/api/v1/signals".to_owned(),
                format!("/api/v1/signals/{id}"),
                "/api/v1/signals/trends".to_owned(),
                "/api/v1/signals?theme=bogus".to_owned(),
            ] {
                let res = c.get(&p).await;
                assert_eq!(res.status, 403, "{account}: GET {p}");
                assert!(!res.body.contains("sg42"), "{account}: {p}");
            }
            let res = c
                .post_form(
                    "/signalen/nieuw",
                    &[
                        ("csrf", &csrf),
                        ("thema", "fake_news"),
                        ("domein", "online"),
                        ("datum", "20/11/2026"),
                        ("ernst", "low"),
                        ("beschrijving", "x"),
                    ],
                )
                .await;
            assert_eq!(res.status, 403, "{account}: POST page");
            let res = c
                .post_json(
                    "/api/v1/signals",
                    json!({"theme": "fake_news", "life_domain": "online", "date": "2026-11-20", "severity": "low", "description": "x"}),
                    Some(&csrf),
                )
                .await;
            assert_eq!(res.status, 403, "{account}: POST API");
        }
        let n: i64 = app
            .db
            .read(|c| Ok(signals::table.count().get_result(c)?))
            .unwrap();
        assert_eq!(n, 1);
    }
);

scenario!(
    the_demo_has_fictional_signals_and_contacts,
    |app: TestApp| async move {
        let now = app.state.now_ms();
        app.db
            .write(|c| verbind_store::demo::seed_prevention(c, &app.state.keyring, now))
            .unwrap();
        let (mut e, _) = login(&app, "deskundige").await;
        let list = e.get("/signalen").await;
        assert_eq!(list.body.matches("Fictief:").count(), 4, "{}", list.body);
        let contacts = e.get("/contacten").await;
        assert_eq!(contacts.body.matches("Fictief:").count(), 3);
        assert!(
            e.get("/")
                .await
                .body
                .contains("Eén nieuw bericht via het aanspreekpunt")
        );
        let (mut r, _) = login(&app, "referentie").await;
        let own = r.get("/signalen").await;
        assert_eq!(
            own.body.matches("Fictief:").count(),
            2,
            "only the reference person's own"
        );
        let trend = e.get("/api/v1/signals/trends").await.json();
        assert_eq!(
            trend["month_totals"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_u64().unwrap())
                .sum::<u64>(),
            4
        );
    }
);
