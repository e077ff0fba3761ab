//! The working group on polarisation (issue 4, item 7) and the silent middle
//! (item 8), through the pages and the JSON API: members from the profile's
//! Werkgroep body, the scope in phases, signals to the city board and their
//! answer; advice trajectories and counter-messages. Only the expert: the
//! Stuurgroep, reference persons, partners, the administrator and the DPO
//! are refused everywhere. Free text sealed at rest, every read and change
//! audited, hostile input refused in Dutch. Also: the demo data of every
//! outreach module. On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use crate::outreach_support;

use common::TestApp;
use outreach_support::{
    OUTSIDERS, audit_text, audited, id_from, in_blobs, logged_in, post_raw, put_json, shows, tenant,
};
use verbind_domain::Clock;

scenario!(
    the_working_group_keeps_its_scope_in_phases_and_its_signals_to_the_board,
    |app: TestApp| async move {
        let (mut expert, csrf) = logged_in(&app, "deskundige").await;
        let page = expert.get("/werkgroep").await;
        assert_eq!(page.status, 200, "{}", page.body);
        // Members: the seats of the profile's Werkgroep body; meetings on the engine.
        assert!(
            page.body.contains("Vertegenwoordiger Jeugddienst"),
            "{}",
            page.body
        );
        assert!(
            page.body
                .contains("Deskundige extremisme en polarisering (trekker)")
        );
        assert!(page.body.contains("href=\"/vergaderingen\""));

        // Phase 1 (in force) and phase 2 (planned ahead).
        for (n, from, scope) in [
            ("1", "01/09/2022", "Scholen en jeugdverenigingen"),
            ("2", "01/09/2027", "Sportclubs en online gemeenschappen"),
        ] {
            let r = expert
                .post_form(
                    "/werkgroep/fasen",
                    &[
                        ("csrf", &csrf),
                        ("orgaan", "werkgroep-polarisering"),
                        ("fase", n),
                        ("vanaf", from),
                        ("reikwijdte", scope),
                    ],
                )
                .await;
            assert_eq!(r.status, 303, "{}", r.body);
        }
        let page = expert.get("/werkgroep").await;
        assert!(page.body.contains("Sportclubs en online gemeenschappen"));
        assert!(
            page.body.contains("Fase 1</a> (nu van toepassing)"),
            "{}",
            page.body
        );
        assert!(!page.body.contains("Fase 2</a> (nu van toepassing)"));
        // A phase number is used once.
        let r = expert
            .post_form(
                "/werkgroep/fasen",
                &[
                    ("csrf", &csrf),
                    ("fase", "2"),
                    ("vanaf", "01/01/2028"),
                    ("reikwijdte", "x"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body.contains("Deze fase is al geregistreerd."),
            "{}",
            r.body
        );

        // A signal to the city board; then the board's answer.
        let r = expert
            .post_form(
                "/werkgroep/signalen",
                &[
                    ("csrf", &csrf),
                    ("datum", "10/10/2026"),
                    ("onderwerp", "Spanningen aan de schoolpoort"),
                    (
                        "samenvatting",
                        "Meerdere scholen melden wij-zij-uitspraken.",
                    ),
                    ("aan", "College van burgemeester en schepenen"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let wg = expert.get("/api/v1/working-group").await.json();
        assert_eq!(wg["slug"], "werkgroep-polarisering");
        assert_eq!(wg["phases"].as_array().unwrap().len(), 2);
        assert_eq!(wg["phases"][0]["in_force"], true);
        assert_eq!(wg["phases"][1]["starts_on"], "2027-09-01");
        let signal = wg["board_signals"][0]["id"].as_str().unwrap().to_owned();
        assert!(wg["board_signals"][0]["answer"].is_null());
        assert!(
            wg["members"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["filled"] == true)
        );
        let page = expert.get("/werkgroep").await;
        assert!(page.body.contains("wacht op antwoord"));

        // An answer dated before the signal is refused next to the field.
        let answer = |on: &'static str| {
            vec![
                ("datum", "10/10/2026"),
                ("onderwerp", "Spanningen aan de schoolpoort"),
                (
                    "samenvatting",
                    "Meerdere scholen melden wij-zij-uitspraken.",
                ),
                ("aan", "College van burgemeester en schepenen"),
                ("antwoord", "Het college vraagt een gezamenlijke aanpak."),
                ("antwoord_op", on),
            ]
        };
        let mut f = vec![("csrf", csrf.as_str())];
        f.extend(answer("09/10/2026"));
        let r = expert
            .post_form(&format!("/werkgroep/signalen/{signal}"), &f)
            .await;
        assert_eq!(r.status, 422);
        assert!(
            shows(&r.body, "Deze datum ligt vóór de begindatum."),
            "{}",
            r.body
        );
        let mut f = vec![("csrf", csrf.as_str())];
        f.extend(answer("20/10/2026"));
        let r = expert
            .post_form(&format!("/werkgroep/signalen/{signal}"), &f)
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let j = expert
            .get(&format!("/api/v1/working-group/board-signals/{signal}"))
            .await
            .json();
        assert_eq!(j["answered_on"], "2026-10-20");
        assert_eq!(j["answer"], "Het college vraagt een gezamenlijke aanpak.");
        assert!(
            expert
                .get("/werkgroep")
                .await
                .body
                .contains("beantwoord op 20/10/2026")
        );

        // The API: a phase and a signal, refused and accepted.
        let r = expert
            .post_json(
                "/api/v1/working-group/phases",
                serde_json::json!({"phase": 3, "starts_on": "2028-09-01", "scope": "Online fenomenen"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let phase = r.json()["id"].as_str().unwrap().to_owned();
        let r = put_json(
            &mut expert,
            &format!("/api/v1/working-group/phases/{phase}"),
            serde_json::json!({"phase": 1, "starts_on": "2028-09-01", "scope": "Online fenomenen"}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 422);
        assert_eq!(r.json()["fields"][0]["code"], "phase_taken");
        let r = expert
            .post_json(
                "/api/v1/working-group/board-signals",
                serde_json::json!({"sent_on": "29/11/2026", "subject": "", "summary": "x", "addressee": "x"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 422);
        let codes: Vec<String> = r.json()["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{}:{}",
                    f["field"].as_str().unwrap(),
                    f["code"].as_str().unwrap()
                )
            })
            .collect();
        assert_eq!(codes, ["sent_on:date_in_future", "subject:required"]);
        // Unknown ids; another working group that does not exist.
        for path in [
            "/werkgroep/signalen/00000000-0000-4000-8000-000000000000",
            "/werkgroep/fasen/bestaat-niet",
            "/api/v1/working-group/board-signals/bestaat-niet",
            "/api/v1/working-group?body=bestaat-niet",
        ] {
            assert_eq!(expert.get(path).await.status, 404, "{path}");
        }
        assert!(audited(
            &app,
            "working_group.board_signal_recorded",
            &signal
        ));
        assert!(audited(&app, "working_group.board_signal_updated", &signal));
        assert!(audited(&app, "working_group.board_signal_viewed", &signal));
        assert!(audited(&app, "working_group.phase_recorded", &phase));
        assert!(!audit_text(&app).contains("Spanningen aan de schoolpoort"));
    }
);

scenario!(
    the_silent_middle_keeps_advice_trajectories_and_counter_messages,
    |app: TestApp| async move {
        let (mut expert, csrf) = logged_in(&app, "deskundige").await;
        // "Advice given" needs the advice.
        let advice = |status: &'static str, advice: &'static str| {
            vec![
                ("soort", "page_admin"),
                ("naam", "Buurtpagina Wij zijn Sint-Niklaas"),
                ("platform", "facebook"),
                ("vraag", "Hoe reageren op polariserende reacties?"),
                ("advies", advice),
                ("gestart_op", "02/11/2026"),
                ("opvolging_op", "20/11/2026"),
                ("status", status),
            ]
        };
        let mut f = vec![("csrf", csrf.as_str())];
        f.extend(advice("advised", ""));
        let r = expert.post_form("/stille-midden/advies/nieuw", &f).await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains("Deze status vraagt dat dit veld ingevuld is."),
            "{}",
            r.body
        );
        let mut f = vec![("csrf", csrf.as_str())];
        f.extend(advice(
            "advised",
            "Huisregels publiceren en het stille midden aanspreken.",
        ));
        let r = expert.post_form("/stille-midden/advies/nieuw", &f).await;
        let advice_id = id_from(&r, "/stille-midden/advies/");
        let r = expert
            .post_json(
                "/api/v1/advice-trajectories",
                serde_json::json!({"recipient_kind": "local_organisation", "recipient": "Voetbalclub",
                    "platform": "offline", "question": "Spanningen tussen supporters", "started_on": "2026-11-20"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let club = r.json()["id"].as_str().unwrap().to_owned();

        // A counter-message, through the page and the API.
        let r = expert
            .post_form(
                "/stille-midden/tegengeluiden/nieuw",
                &[
                    ("csrf", &csrf),
                    ("datum", "05/11/2026"),
                    ("kanaal", "social_media"),
                    ("thema", "polarisation"),
                    ("titel", "Buren van hier"),
                    ("beschrijving", "Verhalen van buren over wat hen verbindt."),
                    ("bereik", "14500"),
                ],
            )
            .await;
        let counter_id = id_from(&r, "/stille-midden/tegengeluiden/");
        let r = expert
            .post_json(
                "/api/v1/counter-messages",
                serde_json::json!({"published_on": "2026-11-20", "channel": "city_website", "theme": "fake_news",
                    "title": "Feiten over het opvangcentrum", "description": "Vraag en antwoord"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);

        // The overview, with filters and search; the due follow-up shows.
        let page = expert.get("/stille-midden").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Buurtpagina Wij zijn Sint-Niklaas"));
        assert!(page.body.contains("Voetbalclub"));
        assert!(page.body.contains("(opvolging nu)"), "{}", page.body);
        assert!(page.body.contains("Buren van hier"));
        let only_fb = expert.get("/stille-midden?platform=facebook").await;
        assert!(only_fb.body.contains("Buurtpagina Wij zijn Sint-Niklaas"));
        assert!(!only_fb.body.contains("Voetbalclub"));
        let search = expert
            .post_form("/stille-midden", &[("csrf", &csrf), ("zoek", "opvang")])
            .await;
        assert_eq!(search.status, 200);
        assert!(search.body.contains("Feiten over het opvangcentrum"));
        assert!(!search.body.contains("Buren van hier"));
        let j = expert
            .get("/api/v1/counter-messages?theme=polarisation")
            .await
            .json();
        assert_eq!(j["counter_messages"].as_array().unwrap().len(), 1);
        assert_eq!(j["counter_messages"][0]["reach"], 14500);
        let j = expert
            .get(&format!("/api/v1/advice-trajectories/{advice_id}"))
            .await
            .json();
        assert_eq!(j["status"], "advised");
        assert_eq!(j["follow_up_due"], true);
        // Closing it ends the follow-up.
        let r = put_json(
            &mut expert,
            &format!("/api/v1/advice-trajectories/{advice_id}"),
            serde_json::json!({"recipient_kind": "page_admin", "recipient": "Buurtpagina Wij zijn Sint-Niklaas",
                "platform": "facebook", "question": "Hoe reageren op polariserende reacties?",
                "advice": "Huisregels", "started_on": "02/11/2026", "follow_up_on": "20/11/2026", "status": "closed"}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let j = expert
            .get(&format!("/api/v1/advice-trajectories/{advice_id}"))
            .await
            .json();
        assert_eq!(j["follow_up_due"], false);

        // Hostile input: markup shown escaped, oversize and bad codes refused in Dutch.
        let r = put_json(
            &mut expert,
            &format!("/api/v1/advice-trajectories/{club}"),
            serde_json::json!({"recipient_kind": "page_admin", "recipient": "<script>alert(1)</script>",
                "platform": "offline", "question": "q", "started_on": "20/11/2026"}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 204);
        let page = expert.get(&format!("/stille-midden/advies/{club}")).await;
        assert!(!page.body.contains("<script>alert(1)"));
        assert!(outreach_support::shows_script_as_text(&page.body));
        let long = "x".repeat(4001);
        let r = expert
            .post_form(
                &format!("/stille-midden/tegengeluiden/{counter_id}"),
                &[
                    ("csrf", &csrf),
                    ("datum", "31/02/2026"),
                    ("kanaal", "duiven"),
                    ("thema", "polarisation"),
                    ("titel", "Buren van hier"),
                    ("beschrijving", &long),
                    ("bereik", "veel"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        for m in [
            "Dit is te lang: hoogstens 4000 tekens (nu 4001).",
            "Kies een van de mogelijkheden uit de lijst.",
            "Geef een geheel getal van 0 tot 10000000.",
        ] {
            assert!(r.body.contains(m), "missing {m}");
        }
        let r = post_raw(
            &mut expert,
            "/stille-midden/advies/nieuw",
            "text/plain",
            b"naam=x".to_vec(),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 400);
        let r = expert
            .post_json(
                "/api/v1/counter-messages",
                serde_json::json!("tekst"),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 422);
        for path in [
            "/stille-midden/advies/00000000-0000-4000-8000-000000000000",
            "/stille-midden/tegengeluiden/bestaat-niet",
            "/api/v1/advice-trajectories/bestaat-niet",
            "/api/v1/counter-messages/bestaat-niet",
        ] {
            assert_eq!(expert.get(path).await.status, 404, "{path}");
        }
        assert!(audited(&app, "silent_middle.advice_created", &advice_id));
        assert!(audited(&app, "silent_middle.advice_updated", &advice_id));
        assert!(audited(&app, "silent_middle.advice_viewed", &advice_id));
        assert!(audited(
            &app,
            "silent_middle.counter_message_created",
            &counter_id
        ));
        let text = audit_text(&app);
        assert!(text.contains("silent_middle.list_viewed"));
        assert!(!text.contains("Buurtpagina"));
    }
);

scenario!(
    the_stuurgroep_and_everyone_but_the_expert_are_refused,
    |app: TestApp| async move {
        let (mut expert, csrf) = logged_in(&app, "deskundige").await;
        let r = expert
            .post_form(
                "/werkgroep/signalen",
                &[
                    ("csrf", &csrf),
                    ("datum", "10/10/2026"),
                    ("onderwerp", "GEHEIM-ONDERWERP-31"),
                    ("samenvatting", "GEHEIME-SAMENVATTING-31"),
                    ("aan", "College"),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        let wg = expert.get("/api/v1/working-group").await.json();
        let signal = wg["board_signals"][0]["id"].as_str().unwrap().to_owned();
        let r = expert
            .post_json(
                "/api/v1/advice-trajectories",
                serde_json::json!({"recipient_kind": "page_admin", "recipient": "GEHEIME-PAGINA-31",
                    "platform": "tiktok", "question": "q", "started_on": "2026-11-20"}),
                Some(&csrf),
            )
            .await;
        let advice = r.json()["id"].as_str().unwrap().to_owned();
        for who in ["stuurgroep"].iter().chain(OUTSIDERS.iter()) {
            let (mut c, ccsrf) = logged_in(&app, who).await;
            for path in [
                "/werkgroep".to_owned(),
                format!("/werkgroep/signalen/{signal}"),
                "/stille-midden".to_owned(),
                "/stille-midden/advies/nieuw".to_owned(),
                format!("/stille-midden/advies/{advice}"),
                "/stille-midden/tegengeluiden/nieuw".to_owned(),
                "/api/v1/working-group".to_owned(),
                format!("/api/v1/working-group/board-signals/{signal}"),
                "/api/v1/advice-trajectories".to_owned(),
                format!("/api/v1/advice-trajectories/{advice}"),
                "/api/v1/counter-messages".to_owned(),
            ] {
                let r = c.get(&path).await;
                assert_eq!(r.status, 403, "{who} {path}");
                assert!(!r.body.contains("GEHEIM"), "{who} {path}");
            }
            for (path, fields) in [
                (
                    "/werkgroep/fasen".to_owned(),
                    vec![("fase", "9"), ("vanaf", "01/01/2026"), ("reikwijdte", "x")],
                ),
                (
                    "/werkgroep/signalen".to_owned(),
                    vec![
                        ("datum", "01/01/2026"),
                        ("onderwerp", "x"),
                        ("samenvatting", "x"),
                        ("aan", "x"),
                    ],
                ),
                (
                    format!("/werkgroep/signalen/{signal}"),
                    vec![("datum", "01/01/2026")],
                ),
                (
                    "/stille-midden/advies/nieuw".to_owned(),
                    vec![("naam", "x")],
                ),
                (
                    format!("/stille-midden/advies/{advice}"),
                    vec![("naam", "x")],
                ),
                (
                    "/stille-midden/tegengeluiden/nieuw".to_owned(),
                    vec![("titel", "x")],
                ),
            ] {
                let mut f = vec![("csrf", ccsrf.as_str())];
                f.extend(fields);
                assert_eq!(
                    c.post_form(&path, &f).await.status,
                    403,
                    "{who} POST {path}"
                );
            }
            for path in [
                "/api/v1/working-group/phases",
                "/api/v1/working-group/board-signals",
                "/api/v1/advice-trajectories",
                "/api/v1/counter-messages",
            ] {
                let r = c.post_json(path, serde_json::json!({}), Some(&ccsrf)).await;
                assert_eq!(r.status, 403, "{who} POST {path}");
            }
            let r = put_json(
                &mut c,
                &format!("/api/v1/working-group/board-signals/{signal}"),
                serde_json::json!({}),
                &ccsrf,
            )
            .await;
            assert_eq!(r.status, 403, "{who}");
            let nav = c.get("/").await.body;
            assert!(
                !nav.contains("href=\"/werkgroep\"") && !nav.contains("href=\"/stille-midden\""),
                "{who}"
            );
        }
        let nav = expert.get("/").await.body;
        assert!(nav.contains("href=\"/werkgroep\"") && nav.contains("href=\"/stille-midden\""));
    }
);

scenario!(
    working_group_and_silent_middle_text_is_sealed_at_rest,
    |app: TestApp| async move {
        use verbind_store::models::outreach as store;
        let (mut expert, csrf) = logged_in(&app, "deskundige").await;
        let m = [
            "WG-SCOPE-9a",
            "WG-NOTE-9a",
            "WG-SUBJECT-9a",
            "WG-SUMMARY-9a",
            "WG-TO-9a",
            "WG-ANSWER-9a",
            "SM-RECIPIENT-9a",
            "SM-QUESTION-9a",
            "SM-ADVICE-9a",
            "SM-SUPPORT-9a",
            "SM-TITLE-9a",
            "SM-DESCRIPTION-9a",
        ];
        let r = expert
            .post_form(
                "/werkgroep/fasen",
                &[
                    ("csrf", &csrf),
                    ("fase", "1"),
                    ("vanaf", "01/09/2022"),
                    ("reikwijdte", m[0]),
                    ("notitie", m[1]),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        let r = expert
            .post_form(
                "/werkgroep/signalen",
                &[
                    ("csrf", &csrf),
                    ("datum", "10/10/2026"),
                    ("onderwerp", m[2]),
                    ("samenvatting", m[3]),
                    ("aan", m[4]),
                    ("antwoord", m[5]),
                    ("antwoord_op", "12/10/2026"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let r = expert
            .post_form(
                "/stille-midden/advies/nieuw",
                &[
                    ("csrf", &csrf),
                    ("soort", "page_admin"),
                    ("naam", m[6]),
                    ("platform", "instagram"),
                    ("vraag", m[7]),
                    ("advies", m[8]),
                    ("ondersteuning", m[9]),
                    ("gestart_op", "01/11/2026"),
                    ("status", "support"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let r = expert
            .post_form(
                "/stille-midden/tegengeluiden/nieuw",
                &[
                    ("csrf", &csrf),
                    ("datum", "01/11/2026"),
                    ("kanaal", "press"),
                    ("thema", "hate_speech"),
                    ("titel", m[10]),
                    ("beschrijving", m[11]),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let t = tenant(&app);
        let group = app
            .db
            .read(|c| verbind_store::models::body::find_by_slug(c, &t, "werkgroep-polarisering"))
            .unwrap()
            .unwrap();
        let mut blobs: Vec<Vec<u8>> = Vec::new();
        app.db
            .read(|c| {
                for r in store::phases(c, &t, &group.id)? {
                    blobs.push(r.scope_enc);
                    blobs.push(r.note_enc.unwrap_or_default());
                }
                for r in store::board_signals(c, &t, &group.id)? {
                    blobs.extend([
                        r.subject_enc,
                        r.summary_enc,
                        r.addressee_enc,
                        r.answer_enc.unwrap_or_default(),
                    ]);
                }
                for r in store::list_advice(c, &t)? {
                    blobs.extend([
                        r.recipient_enc,
                        r.question_enc,
                        r.advice_enc.unwrap_or_default(),
                        r.support_enc.unwrap_or_default(),
                    ]);
                }
                for r in store::list_counter_messages(c, &t)? {
                    blobs.extend([r.title_enc, r.description_enc]);
                }
                Ok(())
            })
            .unwrap();
        assert_eq!(blobs.len(), 2 + 4 + 4 + 2);
        assert!(blobs.iter().all(|b| !b.is_empty()));
        for x in m {
            assert!(!in_blobs(&blobs, x), "{x} stored in the clear");
        }
        // The pages open them again; the audit trail holds none of them.
        let all = format!(
            "{}{}",
            expert.get("/werkgroep").await.body,
            expert.get("/stille-midden").await.body
        );
        for x in [m[0], m[1], m[2], m[4], m[6], m[10]] {
            assert!(all.contains(x), "{x} not shown");
        }
        let audit = audit_text(&app);
        for x in m {
            assert!(!audit.contains(x), "{x} in the audit trail");
        }
    }
);

scenario!(
    the_demo_data_of_every_outreach_module_shows,
    |app: TestApp| async move {
        let kr = app.state.keyring.clone();
        let now = app.clock.now_ms();
        app.db
            .write(|c| verbind_store::demo::seed_outreach(c, &kr, now))
            .unwrap();
        let (mut expert, _) = logged_in(&app, "deskundige").await;
        for (path, expect) in [
            (
                "/kennisbank/beheer",
                "Extremisme, radicalisering en polarisering",
            ),
            ("/werkgroep", "(demo)"),
            ("/stille-midden", "(demo)"),
            ("/workshops", "StampMedia"),
            ("/actieplan", "Lopend"),
            ("/actieplan/P4", "(demo)"),
        ] {
            let r = expert.get(path).await;
            assert_eq!(r.status, 200, "{path}");
            assert!(shows(&r.body, expect), "{path} lacks {expect}");
        }
        // Public: the default pages are published in the demo.
        let mut anon = common::Client::new(&app);
        assert_eq!(anon.get("/kennisbank/definities").await.status, 200);
        // The first wave of spring 2022: five schools reached in 2021-2022.
        let (mut steering, _) = logged_in(&app, "stuurgroep").await;
        let j = steering
            .get("/api/v1/workshops/coverage?school_year=2021-2022")
            .await
            .json();
        assert_eq!(j["reached"], 5, "{j}");
        assert_eq!(j["goal"], 12);
    }
);

scenario!(
    the_openapi_document_lists_every_outreach_path,
    |app: TestApp| async move {
        let mut c = common::Client::new(&app);
        let spec = c.get("/api/v1/openapi.json").await.json();
        for (path, methods) in [
            ("/api/v1/public/knowledge-pages", &["get"][..]),
            ("/api/v1/public/knowledge-pages/{id}", &["get"]),
            ("/api/v1/knowledge-pages", &["get", "post"]),
            ("/api/v1/knowledge-pages/defaults", &["post"]),
            ("/api/v1/knowledge-pages/{id}", &["get", "put"]),
            ("/api/v1/working-group", &["get"]),
            ("/api/v1/working-group/phases", &["post"]),
            ("/api/v1/working-group/phases/{id}", &["put"]),
            ("/api/v1/working-group/board-signals", &["post"]),
            ("/api/v1/working-group/board-signals/{id}", &["get", "put"]),
            ("/api/v1/advice-trajectories", &["get", "post"]),
            ("/api/v1/advice-trajectories/{id}", &["get", "put"]),
            ("/api/v1/counter-messages", &["get", "post"]),
            ("/api/v1/counter-messages/{id}", &["get", "put"]),
            ("/api/v1/schools", &["get"]),
            ("/api/v1/workshops", &["get", "post"]),
            ("/api/v1/workshops/coverage", &["get"]),
            ("/api/v1/workshops/{id}", &["get", "put"]),
            ("/api/v1/action-plan", &["get"]),
            ("/api/v1/action-plan/{id}", &["get", "put"]),
            ("/api/v1/action-plan/{id}/evaluations", &["post"]),
        ] {
            for m in methods {
                assert!(spec["paths"][path][m].is_object(), "{m} {path} documented");
            }
        }
        for schema in [
            "PublicPageView",
            "PageRequest",
            "WorkingGroup",
            "BoardSignalRequest",
            "Advice",
            "CounterMessage",
            "Workshop",
            "Coverage",
            "ActionPlan",
            "ActionPlanEvaluationRequest",
            "OutreachValidation",
        ] {
            assert!(
                spec["components"]["schemas"][schema].is_object(),
                "{schema} documented"
            );
        }
        // The coverage is described without any free text of a workshop.
        let props = &spec["components"]["schemas"]["SchoolCoverage"]["properties"];
        for p in ["classes", "provider", "evaluation"] {
            assert!(props.get(p).is_none(), "SchoolCoverage.{p}");
        }
    }
);
