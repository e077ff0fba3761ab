//! The register of social tensions (issue 4, item 4) through the real pages
//! and the JSON API: a tension with its Brandsma analysis, severity over
//! time, actions and linked signals; Dutch messages next to the fields and
//! no 500 on hostile input; only the expert gets in; every text sealed at
//! rest; every read and write audited. SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use crate::network_support;

use common::TestApp;
use diesel::prelude::*;
use network_support::{
    OTHERS, audit_codes, audit_text, expert, id_from, in_blobs, logged_in, post_raw, put_json,
    signal,
};
use serde_json::json;

/// A tension through the page; its id.
async fn new_tension(c: &mut common::Client, csrf: &str, title: &str, groups: &str) -> String {
    let r = c
        .post_form(
            "/spanningen/nieuw",
            &[
                ("csrf", csrf),
                ("titel", title),
                (
                    "beschrijving",
                    "Na een incident circuleren polariserende berichten.",
                ),
                ("groepen", groups),
                ("wijk", "belsele"),
                ("vastgesteld_op", "02/11/2026"),
                ("status", "open"),
            ],
        )
        .await;
    id_from(&r, "/spanningen/")
}

scenario!(
    the_expert_keeps_the_register_through_pages_and_api,
    |app: TestApp| async move {
        let (mut c, csrf) = expert(&app).await;
        let older = signal(&app, "referentie", "polarisation", "2026-10-01");
        let newer = signal(&app, "politie", "hate_speech", "2026-11-20");

        // The register and the form, with the plan's definitions as help.
        let list = c.get("/spanningen").await;
        assert_eq!(list.status, 200);
        assert!(list.body.contains("Maatschappelijke spanningen"));
        assert!(
            list.body.contains("href=\"/spanningen\""),
            "in the navigation"
        );
        let form = c.get("/spanningen/nieuw").await;
        assert_eq!(form.status, 200);
        assert!(
            form.body
                .contains("De verscherping van tegenstellingen tussen groepen in de samenleving")
        );
        assert!(
            form.body.contains(
                "ongeacht of ze van politieke, ideologische, confessionele of filosofische"
            )
        );
        assert!(
            form.body
                .contains("Een dynamisch proces dat begint met een vervreemding")
        );
        assert!(form.body.contains("nooit individuen"));

        let id = new_tension(
            &mut c,
            &csrf,
            "Onrust rond het jeugdhuis",
            "Jongeren uit twee wijken",
        )
        .await;
        let page = c.get(&format!("/spanningen/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Onrust rond het jeugdhuis"));
        assert!(page.body.contains("Jongeren uit twee wijken"));
        assert!(page.body.contains("Belsele"));
        assert!(page.body.contains("Nog geen ernst geregistreerd"));

        // The Brandsma analysis: roles and the game changers chosen.
        let r = c
            .post_form(
                &format!("/spanningen/{id}/analyse"),
                &[
                    ("csrf", &csrf),
                    ("pool_a", "Buurtbewoners: 'zij maken lawaai'"),
                    ("pool_b", "Jongeren: 'zij willen ons weg'"),
                    ("aanjagers", "Een lokale Facebookgroep"),
                    ("stille_midden", "De meeste ouders en handelaars"),
                    ("doelgroep", "De ouders en handelaars in de straat"),
                    ("toon", "Bemiddelend"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let page = c.get(&format!("/spanningen/{id}")).await.body;
        assert!(page.contains("Een lokale Facebookgroep"));
        assert!(
            page.contains("Andere doelgroep, Andere toon"),
            "game changers chosen"
        );

        // Severity over time: the current one is the latest by date.
        for (date, sev) in [("20/11/2026", "high"), ("05/11/2026", "low")] {
            let r = c
                .post_form(
                    &format!("/spanningen/{id}/ernst"),
                    &[
                        ("csrf", &csrf),
                        ("datum", date),
                        ("ernst", sev),
                        ("notitie", "Na het weekend"),
                    ],
                )
                .await;
            assert_eq!(r.status, 303, "{}", r.body);
        }
        let page = c.get(&format!("/spanningen/{id}")).await.body;
        assert!(
            page.contains("<dt>Huidige ernst</dt><dd>Hoog</dd>"),
            "{page}"
        );

        // An action and the linked signals.
        let r = c
            .post_form(
                &format!("/spanningen/{id}/acties"),
                &[
                    ("csrf", &csrf),
                    ("datum", "21/11/2026"),
                    ("soort", "page_admin_advice"),
                    ("beschrijving", "Gesprek met de beheerders van de groep"),
                    ("resultaat", "Huisregels vastgepind"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let r = c
            .post_form(
                &format!("/spanningen/{id}/signalen"),
                &[("csrf", &csrf), ("signaal", &older), ("signaal", &newer)],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let page = c.get(&format!("/spanningen/{id}")).await.body;
        assert!(page.contains("Advies aan paginabeheerders"));
        assert!(page.contains("Huisregels vastgepind"));
        assert!(page.contains(&format!("href=\"/signalen/{older}\"")));
        assert!(page.contains("01/10/2026 · Polarisering"));

        // Changing the tension itself.
        let r = c
            .post_form(
                &format!("/spanningen/{id}"),
                &[
                    ("csrf", &csrf),
                    ("titel", "Onrust rond het jeugdhuis (opvolging)"),
                    ("beschrijving", "Het is rustiger geworden."),
                    ("groepen", "Jongeren uit twee wijken"),
                    ("wijk", ""),
                    ("vastgesteld_op", "02/11/2026"),
                    ("status", "monitoring"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);

        // The register filters on status and searches titles in a form body.
        let other = new_tension(
            &mut c,
            &csrf,
            "Stickers aan de bushaltes",
            "Een extreemrechtse groep",
        )
        .await;
        let list = c.get("/spanningen?status=monitoring").await.body;
        assert!(list.contains("(opvolging)") && !list.contains("Stickers"));
        let found = c
            .post_form("/spanningen", &[("csrf", &csrf), ("zoek", "sticker")])
            .await;
        assert_eq!(found.status, 200);
        assert!(found.body.contains(&format!("/spanningen/{other}")));
        assert!(!found.body.contains(&format!("/spanningen/{id}\"")));

        // The same register through the API.
        let api = c.get("/api/v1/tensions").await.json();
        let item = api["tensions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id.as_str())
            .unwrap()
            .clone();
        assert_eq!(item["status"], "monitoring");
        assert_eq!(item["current_severity"], "high");
        assert_eq!(item["signal_count"], 2);
        assert_eq!(item["district"], serde_json::Value::Null);
        let v = c.get(&format!("/api/v1/tensions/{id}")).await.json();
        assert_eq!(v["analysis"]["pushers"], "Een lokale Facebookgroep");
        assert_eq!(v["analysis"]["topic"], serde_json::Value::Null);
        assert_eq!(v["game_changers"], json!(["target_audience", "tone"]));
        assert_eq!(v["severities"].as_array().unwrap().len(), 2);
        assert_eq!(v["severities"][0]["date"], "2026-11-05", "oldest first");
        assert_eq!(v["actions"][0]["kind"], "page_admin_advice");
        assert_eq!(v["signals"].as_array().unwrap().len(), 2);
        assert!(v["signals"][0].get("description").is_none(), "codes only");

        let r = c
            .post_json(
                "/api/v1/tensions",
                json!({"title": "Spanning via de API", "description": "Beschrijving",
                       "groups": "Twee supportersgroepen", "district": "sinaai",
                       "noted_on": "2026-11-01"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let api_id = r.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(
            r.header("location").unwrap(),
            format!("/api/v1/tensions/{api_id}")
        );
        let r = put_json(
            &mut c,
            &format!("/api/v1/tensions/{api_id}"),
            json!({"title": "Spanning via de API", "description": "Anders",
                   "groups": "Twee supportersgroepen", "noted_on": "01/11/2026", "status": "closed"}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let r = put_json(
            &mut c,
            &format!("/api/v1/tensions/{api_id}/analysis"),
            json!({"pole_a": "Supporters A", "position": "In het midden"}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let r = c
            .post_json(
                &format!("/api/v1/tensions/{api_id}/severities"),
                json!({"date": "2026-11-10", "severity": "medium"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let r = c
            .post_json(
                &format!("/api/v1/tensions/{api_id}/actions"),
                json!({"date": "2026-11-11", "kind": "dialogue", "description": "Gesprek met beide clubs"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let r = put_json(
            &mut c,
            &format!("/api/v1/tensions/{api_id}/signals"),
            json!({"signal_ids": [newer]}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let v = c.get(&format!("/api/v1/tensions/{api_id}")).await.json();
        assert_eq!(v["status"], "closed");
        assert_eq!(v["district"], serde_json::Value::Null);
        assert_eq!(v["description"], "Anders");
        assert_eq!(v["current_severity"], "medium");
        assert_eq!(v["game_changers"], json!(["position"]));
        assert_eq!(v["actions"][0]["description"], "Gesprek met beide clubs");
        assert_eq!(v["signals"][0]["id"], newer.as_str());
        assert_eq!(v["signals"][0]["theme"], "hate_speech");
        // An empty analysis clears it.
        let r = put_json(
            &mut c,
            &format!("/api/v1/tensions/{api_id}/analysis"),
            json!({}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 204);
        let v = c.get(&format!("/api/v1/tensions/{api_id}")).await.json();
        assert_eq!(v["analysis"]["pole_a"], serde_json::Value::Null);

        // The OpenAPI document describes the endpoints.
        let doc = c.get("/api/v1/openapi.json").await.body;
        for p in [
            "/api/v1/tensions/{id}/analysis",
            "/api/v1/tensions/{id}/signals",
        ] {
            assert!(doc.contains(p), "{p}");
        }

        // Every read and write was audited.
        let codes = audit_codes(&app);
        for code in [
            "tension.list_viewed",
            "tension.created",
            "tension.viewed",
            "tension.updated",
            "tension.analysed",
            "tension.severity_recorded",
            "tension.action_recorded",
            "tension.signals_linked",
        ] {
            assert!(codes.iter().any(|c| c == code), "{code} missing");
        }
    }
);

scenario!(
    refused_input_gets_dutch_messages_and_never_a_500,
    |app: TestApp| async move {
        let (mut c, csrf) = expert(&app).await;
        // Everything wrong at once: each message next to its field.
        let long = "x".repeat(201);
        let r = c
            .post_form(
                "/spanningen/nieuw",
                &[
                    ("csrf", &csrf),
                    ("titel", &long),
                    ("beschrijving", ""),
                    ("groepen", "Contact: jan.peeters@example.be"),
                    ("wijk", "atlantis"),
                    ("vastgesteld_op", "01/01/2027"),
                    ("status", "escalated"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        for (id, text) in [
            (
                "titel-error",
                "Dit is te lang: hoogstens 200 tekens (nu 201).",
            ),
            ("beschrijving-error", "Vul dit veld in."),
            (
                "groepen-error",
                "Deze tekst bevat een e-mailadres. Haal het weg: het register beschrijft groepen of kanalen, nooit individuen.",
            ),
            ("wijk-error", "Kies een wijk of deelgemeente uit de lijst."),
            ("vastgesteld-error", "Deze datum ligt in de toekomst."),
            (
                "status-error",
                "Kies een van de mogelijkheden uit de lijst.",
            ),
        ] {
            let at = r
                .body
                .find(&format!("id=\"{id}\""))
                .unwrap_or_else(|| panic!("{id}"));
            assert!(r.body[at..].contains(text), "{id}: {text}");
        }
        assert!(
            r.body.contains("jan.peeters@example.be"),
            "what was typed stays in the form"
        );
        let r = c
            .post_form(
                "/spanningen/nieuw",
                &[("csrf", &csrf), ("vastgesteld_op", "31/02/2026")],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body.contains("Deze dag bestaat niet in die maand."),
            "{}",
            r.body
        );

        let id = new_tension(&mut c, &csrf, "Spanning", "Twee groepen").await;
        // Each form of the detail page answers next to its own fields.
        let r = c
            .post_form(
                &format!("/spanningen/{id}/ernst"),
                &[("csrf", &csrf), ("datum", "gisteren"), ("ernst", "extreme")],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("id=\"ernst-datum-error\""));
        assert!(r.body.contains("id=\"ernst-keuze-error\""));
        assert!(
            !r.body.contains("id=\"titel-error\""),
            "other forms stay clean"
        );
        let r = c
            .post_form(
                &format!("/spanningen/{id}/analyse"),
                &[("csrf", &csrf), ("aanjagers", "Bel 0470 12 34 56")],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("id=\"aanjagers-error\""));
        let r = c
            .post_form(
                &format!("/spanningen/{id}/acties"),
                &[
                    ("csrf", &csrf),
                    ("datum", "21/11/2026"),
                    ("soort", ""),
                    ("beschrijving", ""),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("id=\"actie-soort-error\""));
        assert!(r.body.contains("id=\"actie-beschrijving-error\""));
        let r = c
            .post_form(
                &format!("/spanningen/{id}/signalen"),
                &[
                    ("csrf", &csrf),
                    ("signaal", "00000000-0000-4000-8000-000000000000"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Dit signaal bestaat niet (meer)."));

        // Unknown ids are "not found", on every path.
        let ghost = "00000000-0000-4000-8000-000000000000";
        assert_eq!(c.get(&format!("/spanningen/{ghost}")).await.status, 404);
        assert_eq!(c.get("/spanningen/%27%3B--").await.status, 404);
        let r = c
            .post_form(
                &format!("/spanningen/{ghost}/ernst"),
                &[("csrf", &csrf), ("datum", "20/11/2026"), ("ernst", "low")],
            )
            .await;
        assert_eq!(r.status, 404);
        assert_eq!(
            c.get(&format!("/api/v1/tensions/{ghost}")).await.status,
            404
        );
        let r = put_json(
            &mut c,
            &format!("/api/v1/tensions/{ghost}/analysis"),
            json!({}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 404);

        // The API: field errors with codes and Dutch messages.
        let r = c
            .post_json("/api/v1/tensions", json!({"groups": "x@y.be"}), Some(&csrf))
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        let v = r.json();
        assert_eq!(v["error"], "validation");
        let fields = v["fields"].as_array().unwrap();
        let f = |name: &str| fields.iter().find(|f| f["field"] == name).unwrap().clone();
        assert_eq!(f("title")["code"], "required");
        assert_eq!(f("title")["message"], "Vul dit veld in.");
        assert_eq!(f("groups")["code"], "personal_detail");
        assert_eq!(f("noted_on")["code"], "required");
        assert!(!r.body.contains("x@y.be"), "never echoes what was sent");
        let r = c
            .post_json(
                &format!("/api/v1/tensions/{id}/severities"),
                json!({"date": "2026-13-01", "severity": "low"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 422);
        let r = put_json(
            &mut c,
            &format!("/api/v1/tensions/{id}/signals"),
            json!({"signal_ids": ["nope"]}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 422);
        assert_eq!(r.json()["fields"][0]["code"], "unknown_signal");

        // Hostile bodies: wrong types, not an object, not JSON, too large.
        for body in [
            json!({"title": 5}),
            json!({"noted_on": []}),
            json!(["a"]),
            json!("tekst"),
        ] {
            let r = c
                .post_json("/api/v1/tensions", body.clone(), Some(&csrf))
                .await;
            assert_eq!(r.status, 422, "{body}: {}", r.body);
            assert_eq!(r.json()["error"], "invalid_body");
        }
        for body in [
            json!({"signal_ids": "s"}),
            json!({"signal_ids": [5]}),
            json!(null),
        ] {
            let r = put_json(
                &mut c,
                &format!("/api/v1/tensions/{id}/signals"),
                body.clone(),
                &csrf,
            )
            .await;
            assert_eq!(r.status, 422, "{body}: {}", r.body);
            assert_eq!(r.json()["error"], "invalid_body");
        }
        let r = post_raw(
            &mut c,
            "/api/v1/tensions",
            "application/json",
            b"{\"title\":".to_vec(),
            &csrf,
        )
        .await;
        assert!(r.status == 400 || r.status == 422, "{}", r.status);
        let huge = format!("{{\"title\": \"{}\"}}", "x".repeat(300 * 1024));
        let r = post_raw(
            &mut c,
            "/api/v1/tensions",
            "application/json",
            huge.into_bytes(),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 413);
        let r = post_raw(
            &mut c,
            "/spanningen/nieuw",
            "application/x-www-form-urlencoded",
            format!("csrf={csrf}&titel=%FF%FE").into_bytes(),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 400);
        let r = post_raw(
            &mut c,
            "/spanningen/nieuw",
            "application/json",
            b"{}".to_vec(),
            &csrf,
        )
        .await;
        assert!(r.status < 500 && r.status >= 400, "{}", r.status);
        // An oversize text is refused with a message, not stored.
        let big = "y".repeat(5000);
        let r = c
            .post_form(
                &format!("/spanningen/{id}/acties"),
                &[
                    ("csrf", &csrf),
                    ("datum", "21/11/2026"),
                    ("soort", "dialogue"),
                    ("beschrijving", &big),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("hoogstens 4000 tekens"));
    }
);

scenario!(
    only_the_expert_reaches_the_register,
    |app: TestApp| async move {
        let (mut c, csrf) = expert(&app).await;
        let id = new_tension(&mut c, &csrf, "Spanning", "Twee groepen").await;
        let pages = [
            "/spanningen".to_owned(),
            "/spanningen/nieuw".into(),
            format!("/spanningen/{id}"),
            "/api/v1/tensions".into(),
            format!("/api/v1/tensions/{id}"),
        ];
        let forms = [
            "/spanningen".to_owned(),
            "/spanningen/nieuw".into(),
            format!("/spanningen/{id}"),
            format!("/spanningen/{id}/analyse"),
            format!("/spanningen/{id}/ernst"),
            format!("/spanningen/{id}/acties"),
            format!("/spanningen/{id}/signalen"),
        ];
        let body = json!({"title": "T", "description": "D", "groups": "G", "noted_on": "2026-11-01",
                      "date": "2026-11-01", "severity": "low", "kind": "dialogue", "signal_ids": []});
        for who in OTHERS {
            let (mut o, ocsrf) = logged_in(&app, who).await;
            let home = o.get("/").await.body;
            assert!(
                !home.contains("href=\"/spanningen\""),
                "{who}: no link in the navigation"
            );
            for p in &pages {
                let r = o.get(p).await;
                assert_eq!(r.status, 403, "{who} GET {p}");
                assert!(!r.body.contains("Twee groepen"));
            }
            for p in &forms {
                let r = o
                    .post_form(
                        p,
                        &[
                            ("csrf", &ocsrf),
                            ("titel", "X"),
                            ("beschrijving", "Y"),
                            ("groepen", "Z"),
                            ("vastgesteld_op", "01/11/2026"),
                            ("datum", "01/11/2026"),
                            ("ernst", "low"),
                            ("soort", "dialogue"),
                        ],
                    )
                    .await;
                assert_eq!(r.status, 403, "{who} POST {p}");
            }
            let r = o
                .post_json("/api/v1/tensions", body.clone(), Some(&ocsrf))
                .await;
            assert_eq!(r.status, 403, "{who} POST api");
            for p in [
                format!("/api/v1/tensions/{id}/severities"),
                format!("/api/v1/tensions/{id}/actions"),
            ] {
                let r = o.post_json(&p, body.clone(), Some(&ocsrf)).await;
                assert_eq!(r.status, 403, "{who} POST {p}");
            }
            for p in [
                format!("/api/v1/tensions/{id}"),
                format!("/api/v1/tensions/{id}/analysis"),
                format!("/api/v1/tensions/{id}/signals"),
            ] {
                let r = put_json(&mut o, &p, body.clone(), &ocsrf).await;
                assert_eq!(r.status, 403, "{who} PUT {p}");
            }
            // Even a hostile body is refused before it is read.
            let r = post_raw(
                &mut o,
                "/api/v1/tensions",
                "application/json",
                b"[1".to_vec(),
                &ocsrf,
            )
            .await;
            assert_eq!(r.status, 403, "{who}");
        }
        // Nothing changed.
        let v = c.get(&format!("/api/v1/tensions/{id}")).await.json();
        assert_eq!(v["title"], "Spanning");
        assert!(v["severities"].as_array().unwrap().is_empty());
        assert!(v["actions"].as_array().unwrap().is_empty());
        assert_eq!(
            c.get("/api/v1/tensions").await.json()["tensions"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
);

scenario!(every_text_is_sealed_at_rest, |app: TestApp| async move {
    use verbind_store::models::tension::{ActionRow, SeverityRow, TensionRow};
    use verbind_store::schema::{tension_actions, tension_severities, tensions};
    let (mut c, csrf) = expert(&app).await;
    let markers = [
        "ZEGEL-TITEL-41",
        "ZEGEL-BESCHRIJVING-41",
        "ZEGEL-GROEPEN-41",
        "ZEGEL-POOLA-41",
        "ZEGEL-POOLB-41",
        "ZEGEL-AANJAGERS-41",
        "ZEGEL-MEELOPERS-41",
        "ZEGEL-MIDDEN-41",
        "ZEGEL-BRUG-41",
        "ZEGEL-ZONDEBOK-41",
        "ZEGEL-DOELGROEP-41",
        "ZEGEL-ONDERWERP-41",
        "ZEGEL-POSITIE-41",
        "ZEGEL-TOON-41",
        "ZEGEL-NOTITIE-41",
        "ZEGEL-ACTIE-41",
        "ZEGEL-RESULTAAT-41",
    ];
    let r = c
        .post_form(
            "/spanningen/nieuw",
            &[
                ("csrf", &csrf),
                ("titel", markers[0]),
                ("beschrijving", markers[1]),
                ("groepen", markers[2]),
                ("vastgesteld_op", "02/11/2026"),
            ],
        )
        .await;
    let id = id_from(&r, "/spanningen/");
    let analysis = [
        "pool_a",
        "pool_b",
        "aanjagers",
        "meelopers",
        "stille_midden",
        "bruggenbouwers",
        "zondebok",
        "doelgroep",
        "onderwerp",
        "positie",
        "toon",
    ];
    let mut fields: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    for (i, name) in analysis.iter().enumerate() {
        fields.push((name, markers[3 + i]));
    }
    assert_eq!(
        c.post_form(&format!("/spanningen/{id}/analyse"), &fields)
            .await
            .status,
        303
    );
    assert_eq!(
        c.post_form(
            &format!("/spanningen/{id}/ernst"),
            &[
                ("csrf", &csrf),
                ("datum", "20/11/2026"),
                ("ernst", "high"),
                ("notitie", markers[14])
            ]
        )
        .await
        .status,
        303
    );
    assert_eq!(
        c.post_form(
            &format!("/spanningen/{id}/acties"),
            &[
                ("csrf", &csrf),
                ("datum", "20/11/2026"),
                ("soort", "counter_message"),
                ("beschrijving", markers[15]),
                ("resultaat", markers[16])
            ]
        )
        .await
        .status,
        303
    );
    // The expert reads every one of them back.
    let page = c.get(&format!("/spanningen/{id}")).await.body;
    for m in markers {
        assert!(page.contains(m), "{m} shown to the expert");
    }
    // None is in a raw row.
    let (t, s, a) = app
        .db
        .read(|conn| {
            let t: Vec<TensionRow> = tensions::table.select(TensionRow::as_select()).load(conn)?;
            let s: Vec<SeverityRow> = tension_severities::table
                .select(SeverityRow::as_select())
                .load(conn)?;
            let a: Vec<ActionRow> = tension_actions::table
                .select(ActionRow::as_select())
                .load(conn)?;
            Ok((t, s, a))
        })
        .unwrap();
    let mut blobs: Vec<Vec<u8>> = Vec::new();
    for r in &t {
        blobs.extend([
            r.title_enc.clone(),
            r.description_enc.clone(),
            r.groups_enc.clone(),
        ]);
        for b in [
            &r.pole_a_enc,
            &r.pole_b_enc,
            &r.pushers_enc,
            &r.joiners_enc,
            &r.silent_middle_enc,
            &r.bridge_builders_enc,
            &r.scapegoat_risk_enc,
            &r.target_audience_enc,
            &r.topic_enc,
            &r.position_enc,
            &r.tone_enc,
        ] {
            blobs.push(b.clone().expect("every analysis field was filled"));
        }
        // Codes stay plain; nothing else holds text.
        assert_eq!(r.status, "open");
        assert!(!format!("{:?}{:?}", r.district_slug, r.noted_on).contains("ZEGEL"));
    }
    for r in &s {
        blobs.push(r.note_enc.clone().unwrap());
    }
    for r in &a {
        blobs.push(r.description_enc.clone());
        blobs.push(r.result_enc.clone().unwrap());
    }
    assert_eq!(blobs.len(), 3 + 11 + 1 + 2);
    for m in markers {
        assert!(!in_blobs(&blobs, m), "{m} stored in the clear");
        assert!(!in_blobs(&blobs, &m[6..]), "{m} (part) stored in the clear");
    }
    // Each tension has its own data key.
    let second = c
        .post_form(
            "/spanningen/nieuw",
            &[
                ("csrf", &csrf),
                ("titel", "Tweede"),
                ("beschrijving", "B"),
                ("groepen", "G"),
                ("vastgesteld_op", "02/11/2026"),
            ],
        )
        .await;
    let second = id_from(&second, "/spanningen/");
    let keys: Vec<(String, String)> = app
        .db
        .read(|conn| {
            Ok(tensions::table
                .select((tensions::id, tensions::data_key_id))
                .load(conn)?)
        })
        .unwrap();
    assert_eq!(keys.len(), 2);
    assert_ne!(keys[0].1, keys[1].1);
    assert!(keys.iter().any(|(k, _)| *k == second));
    // The audit trail names ids and codes, never the text.
    let trail = audit_text(&app);
    assert!(trail.contains(&id));
    for m in markers {
        assert!(!trail.contains(m), "{m} in the audit trail");
    }
});

fn count_signals(app: &TestApp) -> i64 {
    use verbind_store::schema::signals;
    app.db
        .read(|c| Ok(signals::table.count().get_result(c)?))
        .unwrap()
}

fn count_tensions(app: &TestApp) -> i64 {
    use verbind_store::schema::tensions;
    app.db
        .read(|c| Ok(tensions::table.count().get_result(c)?))
        .unwrap()
}

scenario!(
    a_signal_with_an_address_or_a_phone_number_is_refused_even_when_confirmed,
    |app: TestApp| async move {
        let (mut r, csrf) = logged_in(&app, "referentie").await;
        // The form points to the contact point for a concern about one person.
        let form = r.get("/signalen/nieuw").await;
        assert_eq!(form.status, 200);
        assert!(
            form.body.contains(
                "neem dan contact op met de deskundige via <a href=\"/aanspreekpunt\">het aanspreekpunt</a>."
            ),
            "{}",
            form.body
        );
        assert!(
            form.body
                .contains("<option value=\"\">Hele stad, online of onbekend</option>")
        );
        let fields = |text: &'static str, confirm: bool| {
            let mut f = vec![
                ("csrf", csrf.clone()),
                ("thema", "polarisation".to_owned()),
                ("domein", "youth".to_owned()),
                ("wijk", String::new()),
                ("datum", "20/11/2026".to_owned()),
                ("ernst", "low".to_owned()),
                ("beschrijving", text.to_owned()),
            ];
            if confirm {
                f.push(("bevestig", "1".to_owned()));
            }
            f
        };
        // The reviewer's post, confirmed: refused, with what to remove.
        for (text, message) in [
            (
                "Jongeren delen filmpjes; mail jonas@example.org, 0470 99 88 77",
                "Deze tekst bevat een e-mailadres en een telefoon-, rijksregister- of rekeningnummer. Haal ze weg",
            ),
            (
                "Jongeren delen filmpjes, info via jonas@example.org",
                "Deze tekst bevat een e-mailadres. Haal het weg",
            ),
            (
                "Jongeren delen filmpjes, bel 0470/99.88.77",
                "Deze tekst bevat een telefoonnummer, een rijksregisternummer of een rekeningnummer. Haal het weg",
            ),
        ] {
            for confirm in [false, true] {
                let f = fields(text, confirm);
                let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let res = r.post_form("/signalen/nieuw", &f).await;
                assert_eq!(res.status, 422, "{text} {confirm}");
                assert!(res.body.contains(message), "{text}: {}", res.body);
                assert!(res.body.contains("Bevestigen kan hier niet."));
                assert!(
                    res.body.contains(
                        "Niet alles is goed ingevuld. Kijk de velden met een melding na."
                    )
                );
            }
        }
        assert_eq!(count_signals(&app), 0, "nothing was stored");

        // The API: the same rule, whatever `confirm_no_person` says.
        for description in [
            "mail jonas@example.org, 0470 99 88 77",
            "bel +32 470 99 88 77",
            "rijksregisternummer 85.07.30-033.61",
        ] {
            let res = r
                .post_json(
                    "/api/v1/signals",
                    json!({
                        "theme": "hate_speech", "life_domain": "online", "date": "2026-11-20",
                        "severity": "high", "description": description,
                        "confirm_no_person": true
                    }),
                    Some(&csrf),
                )
                .await;
            assert_eq!(res.status, 422, "{description}: {}", res.body);
            let v = res.json();
            assert_eq!(v["fields"][0]["field"], "description");
            assert_eq!(v["fields"][0]["code"], "personal_detail");
            assert!(
                v["fields"][0]["message"].as_str().unwrap().contains("Haal"),
                "{v}"
            );
            assert!(!res.body.contains("jonas@example.org"), "never echoed");
        }
        assert_eq!(count_signals(&app), 0, "nothing was stored");

        // A name-like hint may still be confirmed, on the page and the API.
        let text = "Volgens de jeugdwerker deelt Jan Peeters dit in de jeugdclub.";
        let f = fields(text, false);
        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let res = r.post_form("/signalen/nieuw", &f).await;
        assert_eq!(res.status, 422);
        assert!(res.body.contains("name=\"bevestig\""));
        let f = fields(text, true);
        let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(r.post_form("/signalen/nieuw", &f).await.status, 303);
        let res = r
            .post_json(
                "/api/v1/signals",
                json!({
                    "theme": "hate_speech", "life_domain": "online", "date": "2026-11-20",
                    "severity": "high", "description": "Het account @janpeeters deelt haatberichten",
                }),
                Some(&csrf),
            )
            .await;
        assert_eq!(res.status, 422);
        assert_eq!(res.json()["fields"][0]["code"], "looks_personal");
        assert_eq!(res.json()["hints"], json!(["social_handle"]));
        let res = r
            .post_json(
                "/api/v1/signals",
                json!({
                    "theme": "hate_speech", "life_domain": "online", "date": "2026-11-20",
                    "severity": "high", "description": "Het account @janpeeters deelt haatberichten",
                    "confirm_no_person": true
                }),
                Some(&csrf),
            )
            .await;
        assert_eq!(res.status, 201, "{}", res.body);
        assert_eq!(count_signals(&app), 2);
    }
);

scenario!(
    tensions_refuse_addresses_and_ask_to_confirm_names,
    |app: TestApp| async move {
        let (mut c, csrf) = expert(&app).await;
        let before = count_tensions(&app);
        let base = |groups: &str, description: &str| {
            json!({"title": "Spanning rond een jeugdclub", "description": description,
                   "groups": groups, "noted_on": "2026-11-01"})
        };
        // Names in the groups: refused with a hint, until confirmed.
        for groups in ["Jan Peeters en zijn vrienden", "Mohamed El Amrani"] {
            let r = c
                .post_json(
                    "/api/v1/tensions",
                    base(groups, "Polariserende berichten."),
                    Some(&csrf),
                )
                .await;
            assert_eq!(r.status, 422, "{groups}: {}", r.body);
            let v = r.json();
            assert_eq!(v["fields"][0]["field"], "groups");
            assert_eq!(v["fields"][0]["code"], "looks_personal");
            assert!(
                v["fields"][0]["message"]
                    .as_str()
                    .unwrap()
                    .contains("bevestig"),
                "{v}"
            );
        }
        assert_eq!(count_tensions(&app), before, "nothing was stored");
        let mut confirmed = base("Jan Peeters en zijn vrienden", "Polariserende berichten.");
        confirmed["confirm_no_person"] = json!(true);
        let r = c
            .post_json("/api/v1/tensions", confirmed, Some(&csrf))
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let id = r.json()["id"].as_str().unwrap().to_owned();

        // An address in the description: refused, confirmed or not.
        let mut with_mail = base(
            "Twee groepen jongeren",
            "Jan Peeters deelt posts, mail jan@example.org",
        );
        for confirm in [false, true] {
            with_mail["confirm_no_person"] = json!(confirm);
            let r = c
                .post_json("/api/v1/tensions", with_mail.clone(), Some(&csrf))
                .await;
            assert_eq!(r.status, 422, "{}", r.body);
            let v = r.json();
            assert_eq!(v["fields"][0]["field"], "description");
            assert_eq!(v["fields"][0]["code"], "personal_detail");
            assert!(!r.body.contains("jan@example.org"), "never echoed");
        }
        // Changing a tension follows the same rule.
        let r = put_json(
            &mut c,
            &format!("/api/v1/tensions/{id}"),
            base("Jan Peeters en zijn vrienden", "Rustiger."),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 422, "{}", r.body);
        let r = put_json(
            &mut c,
            &format!("/api/v1/tensions/{id}"),
            base("Twee groepen, bel 0470 99 88 77", "Rustiger."),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.json()["fields"][0]["code"], "personal_detail");
        assert_eq!(count_tensions(&app), before + 1);
        let v = c.get(&format!("/api/v1/tensions/{id}")).await.json();
        assert_eq!(v["description"], "Polariserende berichten.", "unchanged");

        // The analysis: an @handle and a name are a hint; a number is refused.
        let path = format!("/api/v1/tensions/{id}/analysis");
        let r = put_json(
            &mut c,
            &path,
            json!({"pushers": "account @janpeeters en Jan Peeters"}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.json()["fields"][0]["field"], "pushers");
        assert_eq!(r.json()["fields"][0]["code"], "looks_personal");
        let r = put_json(
            &mut c,
            &path,
            json!({"pushers": "Telegramgroep X", "tone": "Bel 0470 12 34 56", "confirm_no_person": true}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.json()["fields"][0]["field"], "tone");
        assert_eq!(r.json()["fields"][0]["code"], "personal_detail");
        let v = c.get(&format!("/api/v1/tensions/{id}")).await.json();
        assert_eq!(
            v["analysis"]["pushers"],
            serde_json::Value::Null,
            "not saved"
        );
        let r = put_json(
            &mut c,
            &path,
            json!({"pushers": "account @janpeeters en Jan Peeters", "confirm_no_person": true}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let v = c.get(&format!("/api/v1/tensions/{id}")).await.json();
        assert_eq!(
            v["analysis"]["pushers"],
            "account @janpeeters en Jan Peeters"
        );
        assert!(
            v["analysis"].get("confirm_no_person").is_none(),
            "request only: {v}"
        );
        // A channel is fine without confirming.
        let r = put_json(
            &mut c,
            &path,
            json!({"pushers": "Telegramgroep X en twee lokale Facebookgroepen"}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);

        // The pages: the hint comes with a confirmation checkbox.
        let page_fields = |groups: &'static str, description: &'static str, confirm: bool| {
            let mut f = vec![
                ("csrf", csrf.as_str()),
                ("titel", "Spanning rond een jeugdclub"),
                ("beschrijving", description),
                ("groepen", groups),
                ("wijk", ""),
                ("vastgesteld_op", "02/11/2026"),
                ("status", "open"),
            ];
            if confirm {
                f.push(("bevestig", "1"));
            }
            f
        };
        let form = c.get("/spanningen/nieuw").await.body;
        assert!(
            !form.contains("name=\"bevestig\""),
            "offered only when needed"
        );
        assert!(form.contains("<option value=\"\">Hele stad, online of onbekend</option>"));
        let r = c
            .post_form(
                "/spanningen/nieuw",
                &page_fields("Jan Peeters en zijn vrienden", "Berichten.", false),
            )
            .await;
        assert_eq!(r.status, 422);
        let at = r.body.find("id=\"groepen-error\"").unwrap();
        assert!(r.body[at..].contains("Dit lijkt een naam of het account"));
        assert!(r.body.contains("name=\"bevestig\""));
        assert!(
            r.body
                .contains("Niet alles is goed ingevuld. Kijk de velden met een melding na.")
        );
        let r = c
            .post_form(
                "/spanningen/nieuw",
                &page_fields("Twee groepen", "Mail jan@example.org", true),
            )
            .await;
        assert_eq!(r.status, 422);
        let at = r.body.find("id=\"beschrijving-error\"").unwrap();
        assert!(r.body[at..].contains("Deze tekst bevat een e-mailadres. Haal het weg"));
        assert_eq!(count_tensions(&app), before + 1, "nothing more was stored");
        let r = c
            .post_form(
                "/spanningen/nieuw",
                &page_fields("Jan Peeters en zijn vrienden", "Berichten.", true),
            )
            .await;
        let page_id = id_from(&r, "/spanningen/");
        let page = c.get(&format!("/spanningen/{page_id}")).await.body;
        assert!(page.contains("<dd>Hele stad, online of onbekend</dd>"));
        // Its groups look like a name: the edit form offers the confirmation
        // at once, and a change without it is refused.
        assert!(page.contains("name=\"bevestig\""));
        let mut f = page_fields("Jan Peeters en zijn vrienden", "Berichten.", false);
        f[6] = ("status", "monitoring");
        let r = c.post_form(&format!("/spanningen/{page_id}"), &f).await;
        assert_eq!(r.status, 422);
        f.push(("bevestig", "1"));
        let r = c.post_form(&format!("/spanningen/{page_id}"), &f).await;
        assert_eq!(r.status, 303, "{}", r.body);
        // The analysis form on the page.
        let r = c
            .post_form(
                &format!("/spanningen/{page_id}/analyse"),
                &[("csrf", &csrf), ("aanjagers", "Het account @janpeeters")],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("id=\"aanjagers-error\""));
        assert!(r.body.contains("name=\"bevestig\""));
        let r = c
            .post_form(
                &format!("/spanningen/{page_id}/analyse"),
                &[
                    ("csrf", &csrf),
                    ("aanjagers", "Het account @janpeeters, 0470 99 88 77"),
                    ("bevestig", "1"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Bevestigen kan hier niet."));
        let r = c
            .post_form(
                &format!("/spanningen/{page_id}/analyse"),
                &[
                    ("csrf", &csrf),
                    ("aanjagers", "Het account @janpeeters"),
                    ("bevestig", "1"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);

        // The OpenAPI document names the confirmation on both bodies.
        let doc = c.get("/api/v1/openapi.json").await.json();
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["TensionRequest"]["properties"]["confirm_no_person"]["type"],
            "boolean"
        );
        assert!(
            schemas["Analysis"]["properties"]
                .get("confirm_no_person")
                .is_some()
        );
    }
);
