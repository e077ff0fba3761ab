//! The kennisbank (issue 4, item 1): the expert writes information pages in
//! Dutch, French and English and publishes them; anyone reads the published
//! ones at `/kennisbank` without an account, in their language with Dutch as
//! fallback, with a link to the contact point. Drafts are never public;
//! HTML in a page is shown escaped; only the expert edits; the texts are
//! sealed at rest; every change is audited. On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use crate::outreach_support;

use common::{Client, TestApp};
use outreach_support::{
    OUTSIDERS, audit_text, audited, id_from, in_blobs, logged_in, post_raw, put_json, shows,
};

const LANG_COOKIE: &str = "__Host-verbind-lang";

fn page_form<'a>(
    csrf: &'a str,
    slug: &'a str,
    status: &'a str,
    extra: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut f = vec![
        ("csrf", csrf),
        ("adres", slug),
        ("onderwerp", "fake_news"),
        ("onderwerp", "conspiracy_thinking"),
        ("status", status),
        ("titel_nl", "Nepnieuws herkennen"),
        ("samenvatting_nl", "Een paar vragen helpen."),
        (
            "tekst_nl",
            "Eerste alinea.\n\n- Wie zegt dit?\n- Waarom?\n\n## Twijfel je?\nDeel het niet.",
        ),
    ];
    f.extend_from_slice(extra);
    f
}

fn visitor(app: &TestApp, locale: Option<&str>) -> Client {
    let mut c = Client::new(app);
    if let Some(l) = locale {
        c.cookies.insert(LANG_COOKIE.to_owned(), l.to_owned());
    }
    c
}

scenario!(
    drafts_stay_private_and_published_pages_are_public_in_the_visitors_language,
    |app: TestApp| async move {
        let (mut expert, csrf) = logged_in(&app, "deskundige").await;
        let r = expert
            .post_form(
                "/kennisbank/beheer/nieuw",
                &page_form(
                    &csrf,
                    "nepnieuws",
                    "draft",
                    &[
                        ("titel_fr", "Reconnaître les fausses nouvelles"),
                        ("tekst_fr", "Premier paragraphe."),
                    ],
                ),
            )
            .await;
        let id = id_from(&r, "/kennisbank/beheer/");

        // A draft: not in the list, not at its address, not in the API.
        let mut anon = visitor(&app, None);
        let list = anon.get("/kennisbank").await;
        assert_eq!(list.status, 200, "{}", list.body);
        assert!(
            !list.body.contains("Nepnieuws herkennen"),
            "a draft is listed"
        );
        assert!(
            list.body.contains("href=\"/aanspreekpunt\""),
            "the contact point is linked"
        );
        assert_eq!(anon.get("/kennisbank/nepnieuws").await.status, 404);
        assert_eq!(
            anon.get("/api/v1/public/knowledge-pages/nepnieuws")
                .await
                .status,
            404
        );
        let api = anon.get("/api/v1/public/knowledge-pages").await.json();
        assert_eq!(api["pages"].as_array().unwrap().len(), 0);

        // The expert publishes it.
        let r = expert
            .post_form(
                &format!("/kennisbank/beheer/{id}"),
                &page_form(
                    &csrf,
                    "nepnieuws",
                    "published",
                    &[
                        ("titel_fr", "Reconnaître les fausses nouvelles"),
                        ("tekst_fr", "Premier paragraphe."),
                    ],
                ),
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);

        // Dutch by default: paragraphs, a list and a subheading; the contact point.
        let list = anon.get("/kennisbank").await;
        assert!(
            list.body.contains("href=\"/kennisbank/nepnieuws\""),
            "{}",
            list.body
        );
        let p = anon.get("/kennisbank/nepnieuws").await;
        assert_eq!(p.status, 200, "{}", p.body);
        assert!(
            p.body.contains("<h1>Nepnieuws herkennen</h1>"),
            "{}",
            p.body
        );
        assert!(p.body.contains("<li>Wie zegt dit?</li>"));
        assert!(p.body.contains("<h2>Twijfel je?</h2>"));
        assert!(p.body.contains("href=\"/aanspreekpunt\""));
        assert!(
            !p.body.contains("<article lang="),
            "Dutch for a Dutch visitor is no fallback"
        );

        // A French visitor reads the French version.
        let mut fr = visitor(&app, Some("fr-BE"));
        let p = fr.get("/kennisbank/nepnieuws").await;
        assert!(
            p.body.contains("Reconnaître les fausses nouvelles"),
            "{}",
            p.body
        );
        assert!(!p.body.contains("Nepnieuws herkennen"));
        // An English visitor falls back to Dutch, marked as Dutch and said so.
        let mut en = visitor(&app, Some("en"));
        let p = en.get("/kennisbank/nepnieuws").await;
        assert!(p.body.contains("<article lang=\"nl\">"), "{}", p.body);
        assert!(p.body.contains("Nepnieuws herkennen"));
        assert!(p.body.contains("You are reading the Dutch version"));
        // The same through the public API, with ?lang=.
        let j = anon
            .get("/api/v1/public/knowledge-pages/nepnieuws?lang=fr")
            .await
            .json();
        assert_eq!(j["language"], "fr-BE");
        assert_eq!(j["title"], "Reconnaître les fausses nouvelles");
        let j = anon
            .get("/api/v1/public/knowledge-pages/nepnieuws?lang=en")
            .await
            .json();
        assert_eq!(j["language"], "nl-BE");
        assert_eq!(j["contact_point"], "/aanspreekpunt");
        assert_eq!(j["blocks"][1]["kind"], "list");
        assert_eq!(j["blocks"][1]["lines"][0], "Wie zegt dit?");
        let list = anon
            .get("/api/v1/public/knowledge-pages?lang=fr")
            .await
            .json();
        assert_eq!(list["pages"][0]["slug"], "nepnieuws");
        assert_eq!(list["pages"][0]["language"], "fr-BE");

        // Back to draft: gone from the public side again.
        let r = expert
            .post_form(
                &format!("/kennisbank/beheer/{id}"),
                &page_form(&csrf, "nepnieuws", "draft", &[]),
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        assert_eq!(anon.get("/kennisbank/nepnieuws").await.status, 404);
        // The French version was removed with the form left empty.
        let j = expert
            .get(&format!("/api/v1/knowledge-pages/{id}"))
            .await
            .json();
        assert!(j["fr"].is_null(), "{j}");
        assert_eq!(j["nl"]["title"], "Nepnieuws herkennen");

        // Audited by id only.
        assert!(audited(&app, "knowledge_page.created", &id));
        assert!(audited(&app, "knowledge_page.updated", &id));
        assert!(!audit_text(&app).contains("Nepnieuws"));
    }
);

scenario!(
    hostile_input_is_refused_in_dutch_or_shown_escaped_never_a_500,
    |app: TestApp| async move {
        let (mut expert, csrf) = logged_in(&app, "deskundige").await;
        // HTML and script in the body and title: stored as text, shown escaped.
        let evil = "<script>alert('x')</script><img src=x onerror=alert(1)>";
        let r = expert
            .post_form(
                "/kennisbank/beheer/nieuw",
                &[
                    ("csrf", &csrf),
                    ("adres", "veilig"),
                    ("onderwerp", "polarisation"),
                    ("status", "published"),
                    ("titel_nl", "<b>Titel</b>"),
                    ("tekst_nl", evil),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let mut anon = Client::new(&app);
        let p = anon.get("/kennisbank/veilig").await;
        assert_eq!(p.status, 200);
        assert!(!p.body.contains("<script>alert"), "script is not escaped");
        assert!(!p.body.contains("<img src=x"), "markup is not escaped");
        assert!(!p.body.contains("<b>Titel</b>"));
        assert!(
            outreach_support::shows_script_as_text(&p.body),
            "{}",
            p.body
        );
        assert!(p.body.contains("&lt;b&gt;Titel") || p.body.contains("&#60;b&#62;Titel"));

        // Oversize, bad address, taken address, half a translation, no topic.
        let long = "x".repeat(12_001);
        let r = expert
            .post_form(
                "/kennisbank/beheer/nieuw",
                &[
                    ("csrf", &csrf),
                    ("adres", "Fake News!"),
                    ("status", "live"),
                    ("titel_nl", "Titel"),
                    ("tekst_nl", &long),
                    ("titel_en", "Only a title"),
                ],
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        for message in [
            "Gebruik 3 tot 80 kleine letters",
            "Kies minstens één onderwerp.",
            "Kies een van de mogelijkheden uit de lijst.",
            "Dit is te lang: hoogstens 12000 tekens (nu 12001).",
            "Vul bij een vertaling zowel de titel als de tekst in",
        ] {
            assert!(shows(&r.body, message), "missing {message}: {}", r.body);
        }
        assert!(r.body.contains("aria-invalid=\"true\""));
        let r = expert
            .post_form(
                "/kennisbank/beheer/nieuw",
                &[
                    ("csrf", &csrf),
                    ("adres", "veilig"),
                    ("onderwerp", "polarisation"),
                    ("titel_nl", "Nog een"),
                    ("tekst_nl", "Tekst"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Er bestaat al een pagina met dit adres."));
        // A reserved word is not a page address.
        let r = expert
            .post_form(
                "/kennisbank/beheer/nieuw",
                &[
                    ("csrf", &csrf),
                    ("adres", "beheer"),
                    ("onderwerp", "polarisation"),
                    ("titel_nl", "Beheer"),
                    ("tekst_nl", "Tekst"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);

        // Unknown ids and addresses; bodies that are not forms or not objects.
        for path in [
            "/kennisbank/beheer/00000000-0000-4000-8000-000000000000",
            "/kennisbank/bestaat-niet",
            "/kennisbank/..%2f..%2fetc",
            "/api/v1/knowledge-pages/bestaat-niet",
        ] {
            let r = expert.get(path).await;
            assert_eq!(r.status, 404, "{path}: {}", r.body);
        }
        let r = post_raw(
            &mut expert,
            "/kennisbank/beheer/nieuw",
            "application/json",
            b"{}".to_vec(),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 400, "{}", r.body);
        let r = expert
            .post_json(
                "/api/v1/knowledge-pages",
                serde_json::json!([1, 2]),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 422);
        assert_eq!(r.json()["error"], "invalid_body");
        let r = post_raw(
            &mut expert,
            "/api/v1/knowledge-pages",
            "application/json",
            b"{\"slug\": ".to_vec(),
            &csrf,
        )
        .await;
        assert!(r.status >= 400 && r.status < 500, "{}", r.status);
        let r = expert
            .post_json(
                "/api/v1/knowledge-pages",
                serde_json::json!({"slug": "api-pagina", "topics": ["astrologie"], "nl": {"title": "T", "body": "B"}}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.status, 422, "{}", r.body);
        let j = r.json();
        assert_eq!(j["fields"][0]["field"], "topics");
        assert_eq!(j["fields"][0]["code"], "unknown_choice");
        assert_eq!(
            j["fields"][0]["message"],
            "Kies een van de mogelijkheden uit de lijst."
        );
        let r = put_json(
            &mut expert,
            "/api/v1/knowledge-pages/00000000-0000-4000-8000-000000000000",
            serde_json::json!({"slug": "x-y-z", "topics": ["fake_news"], "nl": {"title": "T", "body": "B"}}),
            &csrf,
        )
        .await;
        assert_eq!(r.status, 404);
    }
);

scenario!(
    the_default_set_quotes_the_plan_and_loads_as_drafts,
    |app: TestApp| async move {
        let (mut expert, csrf) = logged_in(&app, "deskundige").await;
        let r = expert
            .post_form("/kennisbank/beheer/standaard", &[("csrf", &csrf)])
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let list = expert.get("/api/v1/knowledge-pages").await.json();
        let pages = list["pages"].as_array().unwrap();
        assert_eq!(pages.len(), 6, "{list}");
        assert!(pages.iter().all(|p| p["status"] == "draft"));
        assert!(
            pages
                .iter()
                .all(|p| p["languages"].as_array().unwrap().len() == 3)
        );
        // Drafts: nothing public yet.
        let mut anon = Client::new(&app);
        assert_eq!(anon.get("/kennisbank/definities").await.status, 404);
        // A second load adds nothing.
        let r = expert
            .post_json(
                "/api/v1/knowledge-pages/defaults",
                serde_json::json!({}),
                Some(&csrf),
            )
            .await;
        assert_eq!(r.json()["added"], 0);

        // Publish the definitions through the API, keeping its texts.
        let id = pages.iter().find(|p| p["slug"] == "definities").unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut page = expert
            .get(&format!("/api/v1/knowledge-pages/{id}"))
            .await
            .json();
        page["status"] = "published".into();
        let r = put_json(
            &mut expert,
            &format!("/api/v1/knowledge-pages/{id}"),
            page,
            &csrf,
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let p = anon.get("/kennisbank/definities").await;
        assert_eq!(p.status, 200);
        for quote in [
            verbind_domain::prevention::knowledge_base::DEFINITION_EXTREMISM_NL,
            verbind_domain::prevention::knowledge_base::DEFINITION_RADICALISATION_NL,
            verbind_domain::prevention::knowledge_base::DEFINITION_POLARISATION_NL,
        ] {
            assert!(
                shows(&p.body, quote),
                "the plan's definition is missing: {quote}"
            );
        }
        let mut fr = Client::new(&app);
        fr.cookies
            .insert(LANG_COOKIE.to_owned(), "fr-BE".to_owned());
        let p = fr.get("/kennisbank/definities").await;
        assert!(
            p.body
                .contains("Extrémisme, radicalisation et polarisation"),
            "{}",
            p.body
        );
        assert!(audit_text(&app).contains("added=6"));
    }
);

scenario!(
    only_the_expert_edits_and_everyone_reads_the_public_side,
    |app: TestApp| async move {
        let (mut expert, csrf) = logged_in(&app, "deskundige").await;
        let r = expert
            .post_form(
                "/kennisbank/beheer/nieuw",
                &page_form(&csrf, "openbaar", "published", &[]),
            )
            .await;
        let id = id_from(&r, "/kennisbank/beheer/");
        // Anonymous: the editing pages send to the login, the API says 401.
        let mut anon = Client::new(&app);
        assert_eq!(anon.get("/kennisbank/beheer").await.status, 303);
        assert_eq!(anon.get("/api/v1/knowledge-pages").await.status, 401);
        for who in ["stuurgroep"].iter().chain(OUTSIDERS.iter()) {
            let (mut c, ccsrf) = logged_in(&app, who).await;
            for path in [
                "/kennisbank/beheer".to_owned(),
                "/kennisbank/beheer/nieuw".to_owned(),
                format!("/kennisbank/beheer/{id}"),
                "/api/v1/knowledge-pages".to_owned(),
                format!("/api/v1/knowledge-pages/{id}"),
            ] {
                let r = c.get(&path).await;
                assert_eq!(r.status, 403, "{who} {path}");
                assert!(!r.body.contains("Nepnieuws herkennen"));
            }
            let r = c
                .post_form(
                    &format!("/kennisbank/beheer/{id}"),
                    &page_form(&ccsrf, "openbaar", "draft", &[]),
                )
                .await;
            assert_eq!(r.status, 403, "{who}");
            let r = c
                .post_form(
                    "/kennisbank/beheer/nieuw",
                    &page_form(&ccsrf, "andere", "published", &[]),
                )
                .await;
            assert_eq!(r.status, 403, "{who}");
            let r = c
                .post_form("/kennisbank/beheer/standaard", &[("csrf", &ccsrf)])
                .await;
            assert_eq!(r.status, 403, "{who}");
            let r = c
                .post_json(
                    "/api/v1/knowledge-pages",
                    serde_json::json!({"slug": "via-api", "topics": ["fake_news"], "nl": {"title": "T", "body": "B"}}),
                    Some(&ccsrf),
                )
                .await;
            assert_eq!(r.status, 403, "{who}");
            let r = put_json(
                &mut c,
                &format!("/api/v1/knowledge-pages/{id}"),
                serde_json::json!({"slug": "openbaar", "topics": ["fake_news"], "status": "draft", "nl": {"title": "T", "body": "B"}}),
                &ccsrf,
            )
            .await;
            assert_eq!(r.status, 403, "{who}");
            // The public side is for them too, and unchanged.
            let p = c.get("/kennisbank/openbaar").await;
            assert_eq!(p.status, 200, "{who}");
            assert!(p.body.contains("Nepnieuws herkennen"));
            // No navigation link to editing.
            assert!(
                !c.get("/")
                    .await
                    .body
                    .contains("href=\"/kennisbank/beheer\""),
                "{who}"
            );
        }
        assert!(
            expert
                .get("/")
                .await
                .body
                .contains("href=\"/kennisbank/beheer\"")
        );
    }
);

scenario!(page_texts_are_sealed_at_rest, |app: TestApp| async move {
    use diesel::prelude::*;
    use verbind_store::models::knowledge_page::TextRow;
    use verbind_store::schema::knowledge_page_texts;
    let (mut expert, csrf) = logged_in(&app, "deskundige").await;
    let r = expert
        .post_form(
            "/kennisbank/beheer/nieuw",
            &[
                ("csrf", &csrf),
                ("adres", "verzegeld"),
                ("onderwerp", "polarisation"),
                ("titel_nl", "KB-TITEL-MARKER-7d1"),
                ("samenvatting_nl", "KB-SAMENVATTING-MARKER-7d1"),
                ("tekst_nl", "KB-TEKST-MARKER-7d1"),
                ("titel_en", "KB-TITLE-EN-MARKER-7d1"),
                ("tekst_en", "KB-BODY-EN-MARKER-7d1"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let rows: Vec<TextRow> = app
        .db
        .read(|c| {
            Ok(knowledge_page_texts::table
                .select(TextRow::as_select())
                .load(c)?)
        })
        .unwrap();
    assert_eq!(rows.len(), 2);
    let blobs: Vec<Vec<u8>> = rows
        .iter()
        .flat_map(|r| {
            [
                r.title_enc.clone(),
                r.summary_enc.clone().unwrap_or_default(),
                r.body_enc.clone(),
            ]
        })
        .collect();
    for m in [
        "KB-TITEL-MARKER-7d1",
        "KB-SAMENVATTING-MARKER-7d1",
        "KB-TEKST-MARKER-7d1",
        "KB-TITLE-EN-MARKER-7d1",
        "KB-BODY-EN-MARKER-7d1",
    ] {
        assert!(!in_blobs(&blobs, m), "{m} stored in the clear");
    }
    // And they do open again (so the test would see plain text if stored so).
    let page = expert.get("/kennisbank/beheer").await;
    assert!(page.body.contains("KB-TITEL-MARKER-7d1"));
});

/// Every value of the outreach modules' closed lists, every refusal message
/// and the chapters of the plan have a text in Dutch, French and English.
#[test]
fn every_outreach_label_and_message_is_translated() {
    use verbind_domain::Locale;
    use verbind_domain::prevention::action_plan::MeasureStatus;
    use verbind_domain::prevention::coded::Coded;
    use verbind_domain::prevention::knowledge_base::{PageStatus, Topic};
    use verbind_domain::prevention::outreach::{
        AdviceStatus, Channel, FieldError, Platform, RecipientKind,
    };
    use verbind_domain::prevention::workshops::{WorkshopStatus, WorkshopTopic};
    use verbind_web::i18n::Tr;
    fn keys<T: Coded>(prefix: &str) -> Vec<String> {
        T::ALL.iter().map(|v| v.label_key(prefix)).collect()
    }
    let mut all = Vec::new();
    all.extend(keys::<Topic>("kennisbank-topic"));
    all.extend(keys::<PageStatus>("kennisbank-status"));
    all.extend(keys::<RecipientKind>("silent-recipient"));
    all.extend(keys::<Platform>("silent-platform"));
    all.extend(keys::<AdviceStatus>("silent-status"));
    all.extend(keys::<Channel>("silent-channel"));
    all.extend(keys::<WorkshopStatus>("workshop-status"));
    all.extend(keys::<WorkshopTopic>("workshop-topic"));
    all.extend(keys::<MeasureStatus>("plan-status"));
    all.extend(FieldError::ALL.iter().map(|e| e.message_key().to_owned()));
    for chapter in [
        verbind_domain::profile::CHAPTER_PREVENTIE,
        verbind_domain::profile::CHAPTER_CURATIE,
    ] {
        all.push(format!("plan-chapter-{chapter}"));
    }
    for reach in ["reached", "planned", "to-reach"] {
        all.push(format!("coverage-{reach}"));
    }
    for l in ["nl", "fr", "en"] {
        all.push(format!("kennisbank-language-{l}"));
    }
    assert!(all.len() > 60);
    for l in Locale::ALL {
        for k in &all {
            assert!(Tr::new(l).has(k), "{} lacks {k}", l.tag());
        }
    }
}
