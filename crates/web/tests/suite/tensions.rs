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
                "Beschrijf groepen of kanalen, nooit individuen",
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
        assert_eq!(f("groups")["code"], "looks_personal");
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
