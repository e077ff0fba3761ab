//! The public contact point (stedelijk aanspreekpunt) and the expert's contact
//! register (issue 4, items 1 and 2), through the real pages and the JSON API:
//! the anonymous form in Dutch with its privacy notice and language switch;
//! oversize, malformed and repeated posts with clear Dutch messages and never
//! a 500; the honeypot; a confirmation that echoes nothing; the message
//! encrypted at rest; the expert notified, finding the message, linking it
//! to a signal and turning it into a referral (the text only with consent);
//! and every other role refused. SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, Resp, TestApp};
use diesel::prelude::*;
use serde_json::json;
use verbind_store::models::contact;
use verbind_store::schema::contacts;

const MESSAGE: &str = "Mijn neef deelt filmpjes van een extremistische groep, bericht-cp71";
const NAME: &str = "Aanvrager Canarius-cp71";
const EMAIL: &str = "canarius-cp71@example.be";

/// Sends raw bytes with a content type, keeping the client's cookies.
async fn post_raw(
    c: &mut Client,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
    csrf_header: Option<&str>,
) -> Resp {
    let cookie = c
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let mut rb = c
        .http
        .post(format!("{}{path}", c.base))
        .header("content-type", content_type)
        .body(body);
    if !cookie.is_empty() {
        rb = rb.header("cookie", cookie);
    }
    if let Some(t) = csrf_header {
        rb = rb.header("x-csrf-token", t);
    }
    let res = rb.send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = res.text().await.unwrap();
    Resp {
        status,
        headers,
        body,
    }
}

fn count_contacts(app: &TestApp) -> i64 {
    app.db
        .read(|c| Ok(contacts::table.count().get_result::<i64>(c)?))
        .unwrap()
}

/// An anonymous visitor with the form's CSRF token.
async fn visitor(app: &TestApp) -> (Client, String) {
    let mut c = Client::new(app);
    let page = c.get("/aanspreekpunt").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let csrf = common::csrf_in(&page.body).unwrap();
    (c, csrf)
}

async fn send(c: &mut Client, csrf: &str, extra: &[(&str, &str)]) -> Resp {
    let mut f = vec![("csrf", csrf)];
    f.extend_from_slice(extra);
    c.post_form("/aanspreekpunt", &f).await
}

fn valid<'a>() -> Vec<(&'a str, &'a str)> {
    vec![("soort", "report_person"), ("bericht", MESSAGE)]
}

scenario!(
    the_public_form_speaks_dutch_and_shows_the_privacy_notice,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        let r = c.get("/aanspreekpunt").await;
        assert_eq!(r.status, 200);
        for text in [
            "<html lang=\"nl\"",
            "Stedelijk aanspreekpunt extremisme en polarisering",
            "Ik maak me zorgen over een persoon",
            "Ik wil tips voor een gesprek met iemand",
            "Wat gebeurt er met uw bericht?",
            "Uw privacy",
            "Wie verwerkt uw gegevens?",
            "Sint-Niklaas",
            "ten hoogste 24 maanden",
            "Vlaamse Toezichtcommissie",
            "Bel dan meteen 112",
            "name=\"website\"",
            "name=\"toestemming\"",
        ] {
            assert!(r.body.contains(text), "{text} missing");
        }
        assert!(
            c.cookies.contains_key("__Host-verbind-pre"),
            "the anonymous CSRF cookie is set"
        );
        assert_eq!(r.header("cache-control").as_deref(), Some("no-store"));
        // The login page points anonymous visitors here.
        let login = Client::new(&app).get("/aanmelden").await;
        assert!(login.body.contains("href=\"/aanspreekpunt\""));
        // The language switch returns to the form, in French.
        let csrf = common::csrf_in(&r.body).unwrap();
        let sw = c
            .post_form(
                "/taal",
                &[
                    ("csrf", &csrf),
                    ("locale", "fr-BE"),
                    ("terug", "/aanspreekpunt"),
                ],
            )
            .await;
        assert_eq!(sw.status, 303);
        assert_eq!(sw.header("location").as_deref(), Some("/aanspreekpunt"));
        let fr = c.get("/aanspreekpunt").await;
        assert!(
            fr.body.contains("Point de contact de la ville"),
            "{}",
            fr.body
        );
        // Only local paths: another site is never the way back.
        let sw = c
            .post_form(
                "/taal",
                &[
                    ("csrf", &csrf),
                    ("locale", "nl-BE"),
                    ("terug", "//evil.example/"),
                ],
            )
            .await;
        assert_eq!(sw.header("location").as_deref(), Some("/"));
    }
);

scenario!(
    a_message_is_stored_encrypted_and_the_confirmation_echoes_nothing,
    |app: TestApp| async move {
        let (mut c, csrf) = visitor(&app).await;
        let r = send(
            &mut c,
            &csrf,
            &[
                ("soort", "report_person"),
                ("bericht", MESSAGE),
                ("ik_ben", "citizen"),
                ("naam", NAME),
                ("email", EMAIL),
                ("voorkeur", "email"),
                ("toestemming", "1"),
                ("website", ""),
            ],
        )
        .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(
            r.header("location").as_deref(),
            Some("/aanspreekpunt/verzonden")
        );
        assert!(!r.body.contains("cp71"));
        let done = c.get("/aanspreekpunt/verzonden").await;
        assert_eq!(done.status, 200);
        assert!(done.body.contains("Bedankt voor uw bericht"));
        assert!(done.body.contains("Wat gebeurt er met uw bericht?"));
        for m in [MESSAGE, NAME, EMAIL, "cp71"] {
            assert!(!done.body.contains(m), "the confirmation echoes {m}");
        }
        // At rest: no column of the row holds the text in clear.
        let rows: Vec<contact::ContactRow> = app
            .db
            .read(|c| {
                Ok(contacts::table
                    .select(contact::ContactRow::as_select())
                    .load(c)?)
            })
            .unwrap();
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        let raw = format!("{row:?}");
        for blob in [
            Some(&row.message_enc),
            row.name_enc.as_ref(),
            row.email_enc.as_ref(),
        ] {
            let blob = blob.expect("sealed");
            for m in [MESSAGE, NAME, EMAIL, "cp71"] {
                assert!(
                    !blob.windows(m.len()).any(|w| w == m.as_bytes()),
                    "{m} in clear"
                );
            }
        }
        assert!(!raw.contains("cp71"));
        assert_eq!(row.channel, "public_form");
        assert_eq!(row.status, "new");
        assert!(row.consent_livc);
        assert_eq!(row.preferred_contact.as_deref(), Some("email"));
        assert!(row.created_by_user_id.is_none());
        // And it opens with the key.
        let text = app
            .db
            .read(|c| contact::text(c, &app.state.keyring, row))
            .unwrap();
        assert_eq!(text.message, MESSAGE);
        assert_eq!(text.email.as_deref(), Some(EMAIL));
        // Received is audited, without an actor and without the text.
        let trail = common::audit_rows(&app, 500);
        let got = trail
            .iter()
            .find(|e| e.action == "contact_point.received")
            .expect("audited");
        assert_eq!(got.object_id.as_deref(), Some(row.id.as_str()));
        assert!(got.actor_user_id.is_none());
        assert!(!format!("{got:?}").contains("cp71"));
    }
);

scenario!(
    malformed_and_oversize_posts_get_clear_dutch_messages_and_never_a_500,
    |app: TestApp| async move {
        let (mut c, csrf) = visitor(&app).await;
        let mut statuses = Vec::new();

        // Nothing filled in.
        let r = send(&mut c, &csrf, &[]).await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Kies waarmee we u kunnen helpen."));
        assert!(r.body.contains("Schrijf uw vraag of bezorgdheid."));
        statuses.push(r.status);

        // A kind that is not on the list.
        let r = send(&mut c, &csrf, &[("soort", "prank"), ("bericht", "x")]).await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains("Kies een van de mogelijkheden uit de lijst.")
        );
        statuses.push(r.status);

        // One character too long: the count is in the message.
        let long = "é".repeat(4001);
        let r = send(&mut c, &csrf, &[("soort", "advice"), ("bericht", &long)]).await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains("Deze tekst is te lang: maximaal 4000 tekens, u schreef er 4001."),
            "{}",
            r.body
        );
        statuses.push(r.status);

        // Contact details that cannot be right.
        let r = send(
            &mut c,
            &csrf,
            &[
                ("soort", "advice"),
                ("bericht", "vraag"),
                ("email", "geen-adres"),
                ("telefoon", "bel me"),
                ("voorkeur", "email"),
            ],
        )
        .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Dit lijkt geen e-mailadres."));
        assert!(r.body.contains("Dit lijkt geen telefoonnummer."));
        statuses.push(r.status);
        let r = send(
            &mut c,
            &csrf,
            &[
                ("soort", "advice"),
                ("bericht", "vraag"),
                ("voorkeur", "phone"),
            ],
        )
        .await;
        assert!(
            r.body
                .contains("U koos voor telefoon: vul ook uw telefoonnummer in.")
        );
        statuses.push(r.status);

        // Bytes that are not UTF-8.
        let body = format!("csrf={csrf}&soort=advice&bericht=%FF%FEvraag").into_bytes();
        let r = post_raw(
            &mut c,
            "/aanspreekpunt",
            "application/x-www-form-urlencoded",
            body,
            None,
        )
        .await;
        assert_eq!(r.status, 400);
        assert!(
            r.body.contains("tekens die we niet kunnen lezen"),
            "{}",
            r.body
        );
        statuses.push(r.status);

        // JSON sent to the form: without a token it is refused as a forged
        // form; with the token it is told to use the form.
        let json = serde_json::to_vec(&json!({"soort": "advice", "bericht": "vraag"})).unwrap();
        let r = post_raw(
            &mut c,
            "/aanspreekpunt",
            "application/json",
            json.clone(),
            None,
        )
        .await;
        assert_eq!(r.status, 403);
        assert!(r.body.contains("Formulier verlopen"), "{}", r.body);
        statuses.push(r.status);
        let r = post_raw(
            &mut c,
            "/aanspreekpunt",
            "application/json",
            json,
            Some(&csrf),
        )
        .await;
        assert_eq!(r.status, 415);
        assert!(
            r.body.contains("Dit formulier kon niet gelezen worden."),
            "{}",
            r.body
        );
        statuses.push(r.status);

        // Far beyond any limit.
        let huge = format!(
            "csrf={csrf}&soort=advice&bericht={}",
            "a".repeat(300 * 1024)
        )
        .into_bytes();
        let r = post_raw(
            &mut c,
            "/aanspreekpunt",
            "application/x-www-form-urlencoded",
            huge,
            None,
        )
        .await;
        assert_eq!(r.status, 413);
        assert!(r.body.contains("Te groot"), "{}", r.body);
        statuses.push(r.status);

        // No token at all.
        let r = c
            .post_form(
                "/aanspreekpunt",
                &[("soort", "advice"), ("bericht", "vraag")],
            )
            .await;
        assert_eq!(r.status, 403);
        statuses.push(r.status);

        // An unknown LIVC-R.
        assert_eq!(c.get("/aanspreekpunt/atlantis").await.status, 404);

        assert!(statuses.iter().all(|s| *s < 500), "{statuses:?}");
        assert_eq!(count_contacts(&app), 0, "nothing refused was stored");
        // A correct message still goes through afterwards.
        assert_eq!(send(&mut c, &csrf, &valid()).await.status, 303);
        assert_eq!(count_contacts(&app), 1);
    }
);

scenario!(
    the_honeypot_drops_the_message_without_telling_the_bot,
    |app: TestApp| async move {
        let (mut c, csrf) = visitor(&app).await;
        let mut f = valid();
        f.push(("website", "http://spam.example"));
        let r = send(&mut c, &csrf, &f).await;
        assert_eq!(r.status, 303, "the bot sees the usual confirmation");
        assert_eq!(
            r.header("location").as_deref(),
            Some("/aanspreekpunt/verzonden")
        );
        assert_eq!(count_contacts(&app), 0, "but nothing is stored");
        let trail = common::audit_rows(&app, 500);
        assert!(trail.iter().any(
            |e| e.action == "contact_point.refused" && e.detail.as_deref() == Some("honeypot")
        ));
        // The field is there for bots, hidden from people and screen readers.
        let page = c.get("/aanspreekpunt").await;
        assert!(
            page.body
                .contains("class=\"visually-hidden\" aria-hidden=\"true\"")
        );
        assert!(page.body.contains("tabindex=\"-1\""));
    }
);

scenario!(
    repeated_posts_from_one_source_are_slowed_down,
    |app: TestApp| async move {
        let (mut c, csrf) = visitor(&app).await;
        for i in 0..5 {
            let r = send(&mut c, &csrf, &valid()).await;
            assert_eq!(r.status, 303, "message {i}: {}", r.body);
        }
        let r = send(&mut c, &csrf, &valid()).await;
        assert_eq!(r.status, 429);
        assert!(
            r.body
                .contains("U stuurde al verschillende berichten kort na elkaar."),
            "{}",
            r.body
        );
        assert!(
            r.body.contains("Probeer het opnieuw over een seconde"),
            "{}",
            r.body
        );
        assert_eq!(r.header("retry-after").as_deref(), Some("1"));
        assert!(
            r.body.contains(MESSAGE),
            "what was typed is kept in the form"
        );
        // The API shares the limit: it is the same source.
        let r = c
            .post_json(
                "/api/v1/contact-point",
                json!({"kind": "advice", "message": "nog een vraag"}),
                None,
            )
            .await;
        assert_eq!(r.status, 429, "{}", r.body);
        assert_eq!(r.json()["error"], "throttled");
        assert_eq!(count_contacts(&app), 5);
        // After the wait, one more; then a longer wait.
        app.clock.advance_ms(1_000);
        assert_eq!(send(&mut c, &csrf, &valid()).await.status, 303);
        let r = send(&mut c, &csrf, &valid()).await;
        assert_eq!(r.status, 429);
        assert_eq!(r.header("retry-after").as_deref(), Some("2"));
        // A day of quiet and the source starts afresh.
        app.clock.advance_ms(24 * 60 * 60 * 1000);
        for _ in 0..5 {
            assert_eq!(send(&mut c, &csrf, &valid()).await.status, 303);
        }
        assert_eq!(count_contacts(&app), 11);
    }
);

scenario!(
    the_json_contact_point_takes_messages_without_an_account,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        let r = c
            .post_json(
                "/api/v1/contact-point",
                json!({
                    "kind": "information",
                    "message": MESSAGE,
                    "email": EMAIL,
                    "preferred_contact": "email",
                    "consent_livc": false
                }),
                None,
            )
            .await;
        assert_eq!(r.status, 202, "{}", r.body);
        assert_eq!(r.json()["status"], "received");
        assert!(!r.body.contains("cp71"), "nothing is echoed");
        assert_eq!(count_contacts(&app), 1);

        let r = c
            .post_json(
                "/api/v1/contact-point",
                json!({"kind": "gossip", "message": ""}),
                None,
            )
            .await;
        assert_eq!(r.status, 422);
        let v = r.json();
        assert_eq!(v["error"], "invalid");
        let fields: Vec<&str> = v["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, vec!["kind", "message"]);
        assert_eq!(
            v["fields"][1]["message"],
            "Schrijf uw vraag of bezorgdheid."
        );

        let r = c
            .post_json("/api/v1/contact-point", json!(["advice", "x"]), None)
            .await;
        assert_eq!(r.status, 422);
        assert_eq!(r.json()["error"], "invalid_body");
        let r = c
            .post_json(
                "/api/v1/contact-point",
                json!({"kind": "advice", "message": "x", "extra": 1}),
                None,
            )
            .await;
        assert_eq!(
            r.json()["error"],
            "invalid_body",
            "unknown properties are refused"
        );
        let r = post_raw(
            &mut c,
            "/api/v1/contact-point",
            "application/json",
            b"{not json".to_vec(),
            None,
        )
        .await;
        assert_eq!(r.status, 400);
        // A form post to the JSON endpoint has no way past CSRF: refused
        // (415, as documented) before the handler runs.
        let r = c
            .post_form(
                "/api/v1/contact-point",
                &[("kind", "advice"), ("message", "x")],
            )
            .await;
        assert_eq!(r.status, 415);
        assert_eq!(r.json()["error"], "unsupported_media_type");
        let r = c
            .post_json(
                "/api/v1/contact-point",
                json!({"livc": "atlantis", "kind": "advice", "message": "x"}),
                None,
            )
            .await;
        assert_eq!(r.status, 404);
        assert_eq!(r.json()["error"], "unknown_livc");
        let big = json!({"kind": "advice", "message": "a".repeat(300 * 1024)});
        let r = c.post_json("/api/v1/contact-point", big, None).await;
        assert_eq!(r.status, 413);
        // The honeypot works here too.
        let r = c
            .post_json(
                "/api/v1/contact-point",
                json!({"kind": "advice", "message": "x", "website": "spam"}),
                None,
            )
            .await;
        assert_eq!(r.status, 202);
        assert_eq!(count_contacts(&app), 1);
        // The OpenAPI document describes it.
        let doc = c.get("/api/v1/openapi.json").await;
        for p in [
            "/api/v1/contact-point",
            "/api/v1/contacts",
            "/api/v1/contacts/{id}",
            "/api/v1/contacts/search",
            "/api/v1/signals",
            "/api/v1/signals/{id}",
            "/api/v1/signals/trends",
        ] {
            assert!(doc.body.contains(p), "{p} not in the OpenAPI document");
        }
    }
);

/// Submits a public message and returns the contact's id.
async fn public_message(app: &TestApp, message: &str, consent: bool) -> String {
    let before: Vec<String> = app
        .db
        .read(|c| Ok(contacts::table.select(contacts::id).load::<String>(c)?))
        .unwrap();
    let (mut c, csrf) = visitor(app).await;
    let mut f = vec![
        ("soort", "report_person"),
        ("bericht", message),
        ("naam", NAME),
    ];
    if consent {
        f.push(("toestemming", "1"));
    }
    assert_eq!(send(&mut c, &csrf, &f).await.status, 303);
    let after: Vec<String> = app
        .db
        .read(|c| Ok(contacts::table.select(contacts::id).load::<String>(c)?))
        .unwrap();
    after.into_iter().find(|id| !before.contains(id)).unwrap()
}

async fn expert(app: &TestApp) -> (Client, String) {
    let mut c = Client::new(app);
    c.login_demo("deskundige").await;
    let page = c.get("/deontologie").await;
    let csrf = common::csrf_in(&page.body).unwrap();
    c.post_form("/deontologie", &[("csrf", &csrf)]).await;
    (c, csrf)
}

scenario!(
    the_expert_finds_the_message_links_a_signal_and_refers_it_with_consent,
    |app: TestApp| async move {
        let id = public_message(&app, MESSAGE, true).await;
        let (mut e, csrf) = expert(&app).await;

        // Notified on the dashboard, with a link to the register.
        let dash = e.get("/").await;
        assert!(
            dash.body
                .contains("Eén nieuw bericht via het aanspreekpunt wacht op u."),
            "{}",
            dash.body
        );
        assert!(
            dash.body
                .contains("href=\"/contacten?status=new&amp;kanaal=public_form\"")
        );
        assert!(
            dash.body.contains("href=\"/contacten\""),
            "the menu has the register"
        );

        // The register lists it; the filters and the search find it.
        let list = e.get("/contacten?status=new&kanaal=public_form").await;
        assert_eq!(list.status, 200);
        assert!(list.body.contains(&format!("/contacten/{id}")));
        let none = e.get("/contacten?status=handled").await;
        assert!(!none.body.contains(&format!("/contacten/{id}")));
        let bad = e.get("/contacten?status=bogus&van=31/02/2026").await;
        assert_eq!(bad.status, 400);
        assert!(
            bad.body
                .contains("Kies een van de mogelijkheden uit de lijst.")
        );
        assert!(bad.body.contains("Deze dag bestaat niet in die maand."));
        let found = e
            .post_form(
                "/contacten",
                &[("csrf", &csrf), ("zoek", "EXTREMISTISCHE groep")],
            )
            .await;
        assert_eq!(found.status, 200);
        assert!(
            found.body.contains(&format!("/contacten/{id}")),
            "search is case-insensitive"
        );
        let found = e
            .post_form("/contacten", &[("csrf", &csrf), ("zoek", "canarius-cp71")])
            .await;
        assert!(
            found.body.contains(&format!("/contacten/{id}")),
            "search in the name"
        );
        let missed = e
            .post_form("/contacten", &[("csrf", &csrf), ("zoek", "voetbal")])
            .await;
        assert!(!missed.body.contains(&format!("/contacten/{id}")));
        assert!(missed.body.contains("Geen contacten gevonden."));

        // The contact itself.
        let page = e.get(&format!("/contacten/{id}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains(MESSAGE));
        assert!(page.body.contains(NAME));
        assert!(page.body.contains("Maak er een signaal van"));
        assert!(page.body.contains("Aanmelden bij de LIVC-R"));
        assert!(page.body.contains("de aanvrager ging akkoord"));

        // Classify it: handled needs what was done.
        let r = e
            .post_form(
                &format!("/contacten/{id}"),
                &[
                    ("csrf", &csrf),
                    ("soort", "report_person"),
                    ("thema", "extremism_right"),
                    ("thema", "hate_speech"),
                    ("status", "handled"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body
                .contains("Duid aan wat er gebeurde voor u het contact afhandelt.")
        );
        let r = e
            .post_form(
                &format!("/contacten/{id}"),
                &[
                    ("csrf", &csrf),
                    ("soort", "report_person"),
                    ("ik_ben", "citizen"),
                    ("thema", "extremism_right"),
                    ("thema", "hate_speech"),
                    ("gedaan", "advice"),
                    ("opvolging", "12/12/2026"),
                    ("notities", "Terugbellen na overleg"),
                    ("status", "in_progress"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let page = e.get(&r.header("location").unwrap()).await;
        assert!(page.body.contains("Opgeslagen."));
        assert!(page.body.contains("Extreemrechts, Haatspraak"));
        assert!(page.body.contains("12/12/2026"));
        let dash = e.get("/").await;
        assert!(
            dash.body
                .contains("Geen nieuwe berichten via het aanspreekpunt.")
        );

        // "Maak er een signaal van": theme and date come along, and the message
        // to rewrite.
        let form = e.get(&format!("/signalen/nieuw?contact={id}")).await;
        assert_eq!(form.status, 200);
        assert!(form.body.contains("value=\"extremism_right\" selected"));
        assert!(form.body.contains("value=\"28/11/2026\""));
        assert!(form.body.contains(MESSAGE));
        assert!(
            form.body
                .contains(&format!("name=\"contact\" value=\"{id}\""))
        );
        let r = e
            .post_form(
                "/signalen/nieuw",
                &[
                    ("csrf", &csrf),
                    ("contact", &id),
                    ("thema", "extremism_right"),
                    ("domein", "online"),
                    ("wijk", ""),
                    ("datum", "28/11/2026"),
                    ("ernst", "medium"),
                    ("bron", "contact_point"),
                    (
                        "beschrijving",
                        "Jongeren delen filmpjes van een extremistische groep in groepschats.",
                    ),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(r.header("location").unwrap(), format!("/contacten/{id}"));
        let page = e.get(&format!("/contacten/{id}")).await;
        assert!(page.body.contains("Signaal bekijken"));
        let signal_id = app
            .db
            .read(|c| {
                Ok(contacts::table
                    .find(&id)
                    .select(contacts::signal_id)
                    .first::<Option<String>>(c)?)
            })
            .unwrap()
            .expect("linked");
        let sig = e.get(&format!("/signalen/{signal_id}")).await;
        assert!(
            sig.body.contains(&format!("/contacten/{id}")),
            "the signal links back"
        );
        // A second "make a signal" goes to the one made.
        let again = e.get(&format!("/signalen/nieuw?contact={id}")).await;
        assert_eq!(again.status, 303);

        // "Aanmelden bij de LIVC-R": the message comes along (consent given).
        let form = e.get(&format!("/casussen/nieuw?contact={id}")).await;
        assert_eq!(form.status, 200, "{}", form.body);
        assert!(
            form.body.contains(&format!(">{MESSAGE}</textarea>")),
            "{}",
            form.body
        );
        assert!(form.body.contains("value=\"contact_point\" selected"));
        assert!(
            form.body
                .contains("de aanvrager ging akkoord dat ze doorgegeven wordt")
        );
        let r = e
            .post_form(
                "/casussen/nieuw",
                &[
                    ("csrf", &csrf),
                    ("contact", &id),
                    ("groep_a", "1"),
                    ("woont", "1"),
                    ("naam", "Fictieve Neef (test)"),
                    ("geboortedatum", "01/02/2005"),
                    ("reden", MESSAGE),
                    ("bron", "contact_point"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let case_path = r.header("location").unwrap();
        let case = e.get(&case_path).await;
        assert!(case.body.contains(MESSAGE));
        let page = e.get(&format!("/contacten/{id}")).await;
        assert!(page.body.contains("Aangemeld bij de LIVC-R als"));
        assert!(page.body.contains(&format!("href=\"{case_path}\"")));
        assert!(page.body.contains("SN-2026-001"));
        assert!(
            page.body.contains("Doorverwijzing"),
            "a referral was recorded as done"
        );
        // Referring again goes to the case.
        let again = e.get(&format!("/casussen/nieuw?contact={id}")).await;
        assert_eq!(again.status, 303);
        assert_eq!(again.header("location").unwrap(), case_path);

        // The API shows the links.
        let api = e.get(&format!("/api/v1/contacts/{id}")).await;
        let v = api.json();
        assert_eq!(v["case_code"], "SN-2026-001");
        assert_eq!(v["signal_id"], signal_id.as_str());
        assert_eq!(v["message"], MESSAGE);
        assert_eq!(v["themes"], json!(["extremism_right", "hate_speech"]));
    }
);

scenario!(
    without_consent_the_message_stays_out_of_the_referral,
    |app: TestApp| async move {
        let id = public_message(&app, MESSAGE, false).await;
        let (mut e, csrf) = expert(&app).await;
        let page = e.get(&format!("/contacten/{id}")).await;
        assert!(page.body.contains("De aanvrager ging niet akkoord"));
        let form = e.get(&format!("/casussen/nieuw?contact={id}")).await;
        assert_eq!(form.status, 200);
        assert!(
            !form.body.contains("cp71"),
            "the message does not come along"
        );
        assert!(
            form.body
                .contains("De aanvrager ging niet akkoord dat het bericht doorgegeven wordt")
        );
        assert!(
            form.body.contains("></textarea>"),
            "the reason starts empty"
        );
        // The expert writes the reason; the contact is linked all the same.
        let r = e
            .post_form(
                "/casussen/nieuw",
                &[
                    ("csrf", &csrf),
                    ("contact", &id),
                    ("groep_a", "1"),
                    ("woont", "1"),
                    ("naam", "Fictieve Neef (test)"),
                    ("geboortedatum", "01/02/2005"),
                    (
                        "reden",
                        "Zorgen gemeld via het aanspreekpunt; analyse met de melder.",
                    ),
                    ("bron", "contact_point"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let page = e.get(&format!("/contacten/{id}")).await;
        assert!(page.body.contains("SN-2026-001"));
        // A contact id that does not exist stops the referral before it is stored.
        let r = e
            .post_form(
                "/casussen/nieuw",
                &[
                    ("csrf", &csrf),
                    ("contact", "00000000-0000-4000-8000-000000000000"),
                    ("groep_a", "1"),
                    ("woont", "1"),
                    ("naam", "Iemand (test)"),
                    ("geboortedatum", "01/02/2005"),
                    ("reden", "Reden"),
                    ("bron", "contact_point"),
                ],
            )
            .await;
        assert_eq!(r.status, 404);
        let cases: i64 = app
            .db
            .read(|c| Ok(verbind_store::schema::cases::table.count().get_result(c)?))
            .unwrap();
        assert_eq!(cases, 1);
    }
);

scenario!(
    the_expert_registers_contacts_by_phone_and_through_the_api,
    |app: TestApp| async move {
        let (mut e, csrf) = expert(&app).await;
        let form = e.get("/contacten/nieuw").await;
        assert_eq!(form.status, 200);
        assert!(
            !form.body.contains("value=\"public_form\""),
            "the form's channel is not manual"
        );
        let r = e
            .post_form(
                "/contacten/nieuw",
                &[
                    ("csrf", &csrf),
                    ("datum", "29/11/2026"),
                    ("kanaal", "public_form"),
                    ("bericht", ""),
                    ("soort", ""),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        for msg in [
            "Deze datum ligt in de toekomst.",
            "Berichten via het openbare formulier komen vanzelf binnen.",
            "Schrijf uw vraag of bezorgdheid.",
            "Kies waarmee we u kunnen helpen.",
        ] {
            assert!(r.body.contains(msg), "{msg}");
        }
        let r = e
            .post_form(
                "/contacten/nieuw",
                &[
                    ("csrf", &csrf),
                    ("datum", "27/11/2026"),
                    ("kanaal", "phone"),
                    ("bericht", "Leerkracht vraagt tips voor een klasgesprek"),
                    ("ik_ben", "teacher"),
                    ("soort", "conversation_tips"),
                    ("thema", "polarisation"),
                    ("gedaan", "advice"),
                    ("status", "handled"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let list = e.get("/contacten?kanaal=phone&thema=polarisation").await;
        assert!(list.body.contains("Leerkracht vraagt tips"));
        assert!(list.body.contains("Afgehandeld"));
        assert!(
            !e.get("/contacten?thema=fake_news")
                .await
                .body
                .contains("Leerkracht vraagt tips")
        );

        let r = e
            .post_json(
                "/api/v1/contacts",
                json!({
                    "date": "2026-11-20",
                    "channel": "walk_in",
                    "message": "Buurtbewoner aan de balie over affiches",
                    "request_kind": "information",
                    "themes": ["extremism_left"],
                    "actions": ["information"],
                }),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let id = r.json()["id"].as_str().unwrap().to_owned();
        let list = e.get("/api/v1/contacts?channel=walk_in").await;
        let v = list.json();
        assert_eq!(v.as_array().unwrap().len(), 1);
        assert_eq!(v[0]["id"], id.as_str());
        assert!(v[0].get("message").is_none(), "lists carry no text");
        assert_eq!(e.get("/api/v1/contacts?status=weird").await.status, 400);
        let found = e
            .post_json(
                "/api/v1/contacts/search",
                json!({"text": "affiches"}),
                Some(&csrf),
            )
            .await;
        assert_eq!(found.json().as_array().unwrap().len(), 1);
        let r = e
            .post_json(
                "/api/v1/contacts",
                json!({"date": "gisteren", "channel": "fax", "message": "", "request_kind": ""}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 422);
        let fields: Vec<String> = r.json()["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(fields, vec!["date", "channel", "message", "request_kind"]);
        assert_eq!(e.get("/api/v1/contacts/niet-een-id").await.status, 404);
        // No CSRF token: refused.
        let r = e
            .post_json("/api/v1/contacts", json!({"channel": "phone"}), None)
            .await;
        assert_eq!(r.status, 403);
    }
);

scenario!(
    only_the_expert_keeps_the_register,
    |app: TestApp| async move {
        let id = public_message(&app, MESSAGE, true).await;
        let (mut e, _) = expert(&app).await;
        assert_eq!(e.get(&format!("/contacten/{id}")).await.status, 200);
        for account in [
            "stuurgroep",
            "beheerder",
            "dpo",
            "referentie",
            "politie",
            "caw",
        ] {
            let mut c = Client::new(&app);
            c.login_demo(account).await;
            let csrf = common::csrf_in(&c.get("/account").await.body).unwrap();
            let dash = c.get("/").await;
            assert!(!dash.body.contains("/contacten"), "{account}: no menu item");
            assert!(
                !dash.body.contains("aanspreekpunt wacht"),
                "{account}: no notice"
            );
            for p in [
                "/contacten".to_owned(),
                "/contacten?status=new".to_owned(),
                "/contacten/nieuw".to_owned(),
                format!("/contacten/{id}"),
                "/api/v1/contacts".to_owned(),
                format!("/api/v1/contacts/{id}"),
            ] {
                let r = c.get(&p).await;
                assert_eq!(r.status, 403, "{account}: GET {p}");
                assert!(!r.body.contains("cp71"), "{account}: {p}");
            }
            for (p, body) in [
                (
                    "/contacten",
                    vec![("csrf", csrf.as_str()), ("zoek", "cp71")],
                ),
                (
                    "/contacten/nieuw",
                    vec![("csrf", csrf.as_str()), ("kanaal", "phone")],
                ),
            ] {
                let r = c.post_form(p, &body).await;
                assert_eq!(r.status, 403, "{account}: POST {p}");
            }
            let r = c
                .post_form(
                    &format!("/contacten/{id}"),
                    &[
                        ("csrf", &csrf),
                        ("soort", "advice"),
                        ("status", "handled"),
                        ("gedaan", "advice"),
                    ],
                )
                .await;
            assert_eq!(r.status, 403, "{account}: classify");
            for (p, body) in [
                ("/api/v1/contacts", json!({"channel": "phone"})),
                ("/api/v1/contacts/search", json!({"text": "cp71"})),
            ] {
                let r = c.post_json(p, body, Some(&csrf)).await;
                assert_eq!(r.status, 403, "{account}: POST {p}");
                assert!(!r.body.contains("cp71"));
            }
            // Neither a signal nor a referral can be made from it.
            let r = c.get(&format!("/signalen/nieuw?contact={id}")).await;
            assert_eq!(r.status, 403, "{account}: signal from contact");
            assert!(!r.body.contains("cp71"));
        }
        // A partner may refer cases, but not from a contact: its text stays shut.
        let mut p = Client::new(&app);
        p.login_demo("politie").await;
        let csrf = common::csrf_in(&p.get("/deontologie").await.body).unwrap();
        p.post_form("/deontologie", &[("csrf", &csrf)]).await;
        assert_eq!(p.get("/casussen/nieuw").await.status, 200);
        let r = p.get(&format!("/casussen/nieuw?contact={id}")).await;
        assert_eq!(r.status, 403);
        assert!(!r.body.contains("cp71"));
        let row = app
            .db
            .read(|c| {
                Ok(contacts::table
                    .find(&id)
                    .select(contacts::status)
                    .first::<String>(c)?)
            })
            .unwrap();
        assert_eq!(row, "new", "nothing changed");
    }
);

scenario!(
    handled_contacts_lose_their_text_after_the_retention_period,
    |app: TestApp| async move {
        let handled = public_message(&app, MESSAGE, true).await;
        let open = public_message(&app, "Een open vraag, bericht-cp72", true).await;
        let (mut e, csrf) = expert(&app).await;
        let r = e
            .post_form(
                &format!("/contacten/{handled}"),
                &[
                    ("csrf", &csrf),
                    ("soort", "advice"),
                    ("thema", "polarisation"),
                    ("gedaan", "advice"),
                    ("status", "handled"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let shred = |at: i64| {
            app.db
                .write(|c| {
                    contact::shred_handled_before(
                        c,
                        verbind_domain::prevention::contact::retention_cutoff_ms(at),
                        at,
                    )
                })
                .unwrap()
        };
        // Not yet.
        assert_eq!(shred(app.state.now_ms() + 700 * 86_400_000), 0);
        let later = app.state.now_ms() + 721 * 86_400_000;
        assert_eq!(shred(later), 1, "only the handled contact");
        assert_eq!(shred(later), 0, "once");
        let page = e.get(&format!("/contacten/{handled}")).await;
        assert_eq!(page.status, 200);
        assert!(!page.body.contains("cp71"));
        assert!(page.body.contains("werden vernietigd na de bewaartermijn"));
        assert!(
            page.body.contains("Polarisering"),
            "the classification stays"
        );
        let list = e.get("/contacten").await;
        assert!(list.body.contains("(vernietigd)"));
        assert!(
            list.body.contains("cp72"),
            "the open contact keeps its text"
        );
        let v = e.get(&format!("/api/v1/contacts/{handled}")).await.json();
        assert_eq!(v["shredded"], true);
        assert_eq!(v["message"], "");
        let form = e.get(&format!("/casussen/nieuw?contact={handled}")).await;
        assert!(!form.body.contains("cp71"));
        assert!(
            e.get(&format!("/contacten/{open}"))
                .await
                .body
                .contains("cp72")
        );
        let shredded_rows = common::audit_rows(&app, 500)
            .into_iter()
            .filter(|r| r.action == "contact.shredded")
            .count();
        assert_eq!(shredded_rows, 1);
    }
);

scenario!(
    the_api_refers_a_case_from_a_contact_like_the_page,
    |app: TestApp| async move {
        let (mut e, csrf) = common::api_with_ethics(&app, "deskundige").await;
        let r = e
            .post_json(
                "/api/v1/contacts",
                json!({
                    "date": "2026-11-20",
                    "channel": "phone",
                    "message": "Moeder ongerust over haar zoon",
                    "request_kind": "report_person",
                    "themes": ["extremism_religious"],
                    "actions": ["information"],
                }),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let contact = r.json()["id"].as_str().unwrap().to_owned();
        let referral = |source: &str, contact: &str| {
            json!({
                "target_groups": ["a"],
                "name": "Fictieve Zoon",
                "date_of_birth": "01/04/2008",
                "lives_in_area": true,
                "socially_active_in_area": false,
                "reason": "Zorgwekkende uitspraken volgens zijn moeder",
                "source": source,
                "contact": contact,
            })
        };
        // Another source than the contact point is refused, saying why.
        let r = e
            .post_json(
                "/api/v1/cases",
                referral("partner_member", &contact),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        assert_eq!(r.json()["error"], "contact_needs_contact_point_source");
        // An unknown contact is "not found", and nothing is created.
        let r = e
            .post_json(
                "/api/v1/cases",
                referral("", "00000000-0000-4000-8000-000000000000"),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 404, "{}", r.body);
        assert_eq!(
            e.get("/api/v1/cases")
                .await
                .json()
                .as_array()
                .unwrap()
                .len(),
            0
        );
        // The source left empty: taken as the contact point; the case and
        // the contact are linked both ways.
        let r = e
            .post_json("/api/v1/cases", referral("", &contact), Some(&csrf))
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let case_id = r.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(
            r.header("location").as_deref(),
            Some(format!("/api/v1/cases/{case_id}").as_str())
        );
        let c = e.get(&format!("/api/v1/contacts/{contact}")).await.json();
        assert_eq!(c["case_id"], case_id.as_str());
        assert!(
            c["actions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a == "referral"),
            "{c}"
        );
        // A partner may refer, but not from the expert's register.
        let (mut p, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let r = p
            .post_json("/api/v1/cases", referral("", &contact), Some(&pcsrf))
            .await;
        assert_eq!(r.status, 403, "{}", r.body);
    }
);

scenario!(
    the_public_pages_name_the_dpo_and_lead_to_each_other,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        let page = c.get("/aanspreekpunt").await;
        assert_eq!(page.status, 200);
        // GDPR art. 13.1.b: how to reach the data protection officer, from the profile.
        assert!(
            page.body.contains("Functionaris voor gegevensbescherming"),
            "{}",
            page.body
        );
        assert!(page.body.contains("Grote Markt 1, 9100 Sint-Niklaas"));
        // A visitor is led to the kennisbank and back, never into the staff side.
        assert!(page.body.contains("href=\"/kennisbank\""));
        assert!(
            page.body
                .contains("class=\"brand\" href=\"/aanspreekpunt\"")
        );
        let kb = c.get("/kennisbank").await;
        assert_eq!(kb.status, 200);
        assert!(kb.body.contains("href=\"/aanspreekpunt\""));
        // Signed in, the brand leads home.
        c.login_demo("deskundige").await;
        let home = c.get("/").await;
        assert!(home.body.contains("class=\"brand\" href=\"/\""));
        assert!(!home.body.contains(">Aanmelden voor medewerkers<"));
    }
);

scenario!(
    a_visitor_without_cookies_can_still_write,
    |app: TestApp| async move {
        // A browser that keeps no cookies has no token; its own
        // Sec-Fetch-Site: same-origin (no page can set it) stands in.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let url = format!("http://{}/aanspreekpunt", app.addr);
        let post = |site: Option<&'static str>| {
            let mut rb = http.post(&url).form(&valid());
            if let Some(v) = site {
                rb = rb.header("sec-fetch-site", v);
            }
            rb.send()
        };
        for refused in [None, Some("cross-site"), Some("same-site"), Some("none")] {
            let r = post(refused).await.unwrap();
            assert_eq!(r.status().as_u16(), 403, "{refused:?}");
        }
        assert_eq!(count_contacts(&app), 0);
        let r = post(Some("same-origin")).await.unwrap();
        assert_eq!(r.status().as_u16(), 303);
        assert_eq!(
            r.headers().get("location").unwrap(),
            "/aanspreekpunt/verzonden"
        );
        assert_eq!(count_contacts(&app), 1);
        // Signed-in pages still need their token, whatever the browser says.
        let mut c = Client::new(&app);
        c.login_demo("deskundige").await;
        let cookie = c
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let r = http
            .post(&url)
            .header("cookie", cookie)
            .header("sec-fetch-site", "same-origin")
            .form(&valid())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 403);
    }
);
