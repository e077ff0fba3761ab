//! The LIVC-R case flow through the real pages (issue 3, first slice): the
//! code of ethics, referral with validation, who sees which case, the steps
//! and their guards (LTF check, unanimity), the identity reveal. SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, TestApp};

async fn logged_in_with_ethics(app: &TestApp, username: &str) -> Client {
    let mut c = Client::new(app);
    c.login_demo(username).await;
    let r = c.get("/casussen").await;
    assert_eq!(r.status, 303, "{username}: the code of ethics comes first");
    assert_eq!(r.header("location").as_deref(), Some("/deontologie"));
    let page = c.get("/deontologie").await;
    assert!(page.body.contains("Deontologische code"));
    let csrf = common::csrf_in(&page.body).unwrap();
    assert_eq!(
        c.post_form("/deontologie", &[("csrf", &csrf)]).await.status,
        303
    );
    assert_eq!(c.get("/casussen").await.status, 200);
    c
}

const NAME: &str = "Zeno Canarius-7f3a";
const REASON: &str = "Zorgwekkende uitspraken op school, reden-7f3a";

async fn refer(c: &mut Client, name: &str, dob: &str) -> String {
    let csrf = c.csrf_from("/casussen/nieuw").await;
    let r = c
        .post_form(
            "/casussen/nieuw",
            &[
                ("csrf", &csrf),
                ("groep_a", "1"),
                ("woont", "1"),
                ("naam", name),
                ("geboortedatum", dob),
                ("adres", "Grote Markt 1, 9100 Sint-Niklaas"),
                ("rijksregisternummer", ""),
                ("reden", REASON),
                ("bron", "partner_member"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let loc = r.header("location").unwrap();
    loc.trim_start_matches("/casussen/").to_owned()
}

scenario!(
    referral_is_validated_with_messages_next_to_the_fields,
    |app: TestApp| async move {
        let mut c = logged_in_with_ethics(&app, "politie").await;
        let csrf = c.csrf_from("/casussen/nieuw").await;
        let r = c
            .post_form(
                "/casussen/nieuw",
                &[("csrf", &csrf), ("bron", "partner_member")],
            )
            .await;
        assert_eq!(r.status, 422);
        for msg in [
            "Kies minstens één doelgroep",
            "woont of er sociaal actief is",
            "Vul de naam in",
            "dd/mm/jjjj",
            "Vul dit veld in",
        ] {
            assert!(r.body.contains(msg), "{msg} missing");
        }
        let r = c
            .post_form(
                "/casussen/nieuw",
                &[
                    ("csrf", &csrf),
                    ("groep_b", "1"),
                    ("actief", "1"),
                    ("naam", "X"),
                    ("geboortedatum", "31/02/2010"),
                    ("rijksregisternummer", "85.07.30-033.29"),
                    ("reden", "r"),
                    ("bron", "partner_member"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Deze dag bestaat niet"));
        assert!(r.body.contains("controlecijfers"));
        let r = c
            .post_form(
                "/casussen/nieuw",
                &[
                    ("csrf", &csrf),
                    ("groep_a", "1"),
                    ("woont", "1"),
                    ("naam", "X"),
                    ("geboortedatum", "01/01/2090"),
                    ("reden", "r"),
                    ("bron", "contact_point"),
                ],
            )
            .await;
        assert!(r.body.contains("in de toekomst"));
        assert!(
            r.body.contains("Kies een geldige herkomst"),
            "a partner cannot refer as the contact point"
        );
        // Oversized and hostile input: a clear refusal, never a 500.
        let long = "x".repeat(5000);
        let r = c
            .post_form(
                "/casussen/nieuw",
                &[
                    ("csrf", &csrf),
                    ("groep_a", "1"),
                    ("woont", "1"),
                    ("naam", &long),
                    ("geboortedatum", "01/01/2010"),
                    ("reden", &long),
                    ("bron", "partner_member"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(
            r.body.contains("Deze tekst is te lang"),
            "too long is said next to the field"
        );
        assert!(c.get("/casussen").await.body.contains("nog) geen casussen"));
    }
);

scenario!(
    a_case_from_referral_through_the_guards,
    |app: TestApp| async move {
        let mut police = logged_in_with_ethics(&app, "politie").await;
        let id = refer(&mut police, NAME, "01/04/2012").await;
        // The list shows the code, never the name.
        let list = police.get("/casussen").await;
        assert!(list.body.contains("SN-2026-001"));
        assert!(list.body.contains("minderjarig"));
        assert!(!list.body.contains(NAME));
        // The file shows the reason to the table, not the identity.
        let file = police.get(&format!("/casussen/{id}")).await;
        assert_eq!(file.status, 200);
        assert!(file.body.contains(REASON));
        assert!(!file.body.contains(NAME));
        // The expert screens; the agenda waits for the LTF check.
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let path = format!("/casussen/{id}/stap");
        let csrf = common::csrf_in(&expert.get(&format!("/casussen/{id}")).await.body).unwrap();
        assert_eq!(
            expert
                .post_form(
                    &path,
                    &[
                        ("csrf", &csrf),
                        ("stap", "start_screening"),
                        ("notitie", "analyse met de aanmelder")
                    ]
                )
                .await
                .status,
            303
        );
        let r = expert
            .post_form(&path, &[("csrf", &csrf), ("stap", "put_on_agenda")])
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("LTF-toets is nog niet geregistreerd"));
        // A partner does not take steps, and the CAW cannot record the LTF check.
        let mut caw = logged_in_with_ethics(&app, "caw").await;
        let ccsrf = common::csrf_in(&caw.get(&format!("/casussen/{id}")).await.body).unwrap();
        assert_eq!(
            caw.post_form(&path, &[("csrf", &ccsrf), ("stap", "put_on_agenda")])
                .await
                .status,
            403
        );
        assert_eq!(
            caw.post_form(
                &format!("/casussen/{id}/ltf"),
                &[("csrf", &ccsrf), ("ltf", "cleared")]
            )
            .await
            .status,
            403
        );
        // The police information officer records it.
        let pcsrf = common::csrf_in(&police.get(&format!("/casussen/{id}")).await.body).unwrap();
        assert_eq!(
            police
                .post_form(
                    &format!("/casussen/{id}/ltf"),
                    &[("csrf", &pcsrf), ("ltf", "cleared")]
                )
                .await
                .status,
            303
        );
        assert_eq!(
            expert
                .post_form(&path, &[("csrf", &csrf), ("stap", "put_on_agenda")])
                .await
                .status,
            303
        );
        assert_eq!(
            expert
                .post_form(&path, &[("csrf", &csrf), ("stap", "open_assessment")])
                .await
                .status,
            303
        );
        // A security risk needs the reason why guidance no longer suffices, and unanimity.
        let r = expert
            .post_form(
                &path,
                &[("csrf", &csrf), ("stap", "conclude_security_risk")],
            )
            .await;
        assert!(r.body.contains("begeleiding niet meer volstaat"));
        assert_eq!(
            expert
                .post_form(
                    &path,
                    &[("csrf", &csrf), ("stap", "conclude_socio_preventive")]
                )
                .await
                .status,
            303
        );
        let r = expert
            .post_form(&path, &[("csrf", &csrf), ("stap", "close")])
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("unanieme stemming"));
        // Illegal and unknown steps are refused, nothing changes.
        let r = expert
            .post_form(&path, &[("csrf", &csrf), ("stap", "start_screening")])
            .await;
        assert!(r.body.contains("kan niet vanuit de huidige fase"));
        let r = expert
            .post_form(
                &path,
                &[("csrf", &csrf), ("stap", "'; drop table cases; --")],
            )
            .await;
        assert_eq!(r.status, 422);
        let file = expert.get(&format!("/casussen/{id}")).await;
        assert!(file.body.contains("socio-preventieve opvolging"));
        assert!(
            file.body.contains("analyse met de aanmelder"),
            "the sealed note is in the history"
        );
        // Every step is audited; refused ones too.
        let rows = app
            .db
            .read(|c| {
                verbind_store::models::audit::list(
                    c,
                    &verbind_store::models::audit::Filter {
                        object_id: Some(id.clone()),
                        limit: 100,
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
        for a in [
            "case.referred",
            "case.viewed",
            "case.transitioned",
            "case.ltf_recorded",
            "case.transition_refused",
        ] {
            assert!(actions.contains(&a), "{a} not audited");
        }
        for r in &rows {
            let d = r.detail.clone().unwrap_or_default();
            assert!(
                !d.contains("Canarius") && !d.contains("reden-7f3a"),
                "no personal data in the audit detail"
            );
        }
    }
);

scenario!(only_the_table_sees_cases, |app: TestApp| async move {
    let mut police = logged_in_with_ethics(&app, "politie").await;
    let id = refer(&mut police, NAME, "01/04/2000").await;
    for name in ["stuurgroep", "referentie", "dpo", "beheerder"] {
        let mut c = Client::new(&app);
        c.login_demo(name).await;
        assert_eq!(c.get("/casussen").await.status, 403, "{name}");
        assert_eq!(
            c.get(&format!("/casussen/{id}")).await.status,
            403,
            "{name}"
        );
        assert_eq!(c.get("/deontologie").await.status, 403, "{name}");
        assert!(
            !c.get("/").await.body.contains("/casussen"),
            "{name} has no cases link"
        );
    }
    // A partner without a seat at the table: free the VDAB seat and try.
    let mut vdab = logged_in_with_ethics(&app, "vdab").await;
    assert_eq!(vdab.get(&format!("/casussen/{id}")).await.status, 200);
    let sn = app
        .db
        .read(|c| verbind_store::models::tenant::find_by_slug(c, "sint-niklaas"))
        .unwrap()
        .unwrap();
    let seat = app
        .db
        .read(|c| {
            verbind_store::models::body::find_seat_by_slug(
                c,
                &sn.tenant_id(),
                "partnertafel",
                "partnertafel-vdab",
            )
        })
        .unwrap()
        .unwrap();
    app.db
        .write(|c| {
            verbind_store::models::body::assign_seat(
                c,
                &sn.tenant_id(),
                &verbind_domain::SeatId::from_db(seat.id.clone()),
                None,
            )
        })
        .unwrap();
    assert_eq!(vdab.get(&format!("/casussen/{id}")).await.status, 403);
    assert!(
        !vdab.get("/casussen").await.body.contains("SN-2026"),
        "no seat, no list"
    );
    // Guessing ids: 404, never another case.
    assert_eq!(
        police
            .get("/casussen/00000000-0000-4000-8000-000000000000")
            .await
            .status,
        404
    );
    assert_eq!(police.get("/casussen/niet-een-id").await.status, 404);
});

scenario!(
    revealing_an_identity_needs_reauthentication_and_a_purpose,
    |app: TestApp| async move {
        let mut police = logged_in_with_ethics(&app, "politie").await;
        let id = refer(&mut police, NAME, "15/06/2011").await;
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let reveal = format!("/casussen/{id}/identiteit");
        let csrf = common::csrf_in(&expert.get(&format!("/casussen/{id}")).await.body).unwrap();
        let r = expert
            .post_form(
                &reveal,
                &[("csrf", &csrf), ("doel", "voorbereiding gesprek")],
            )
            .await;
        // Not freshly re-authenticated: the file again, asking for the
        // password in the same form, with the purpose kept; no identity.
        assert_eq!(r.status, 401);
        assert!(r.body.contains("Bevestig eerst dat u het bent"));
        assert!(r.body.contains(r#"name="wachtwoord""#));
        assert!(r.body.contains(r#"value="voorbereiding gesprek""#));
        assert!(!r.body.contains(NAME));
        // A wrong password: refused, still no identity, purpose kept.
        let r = expert
            .post_form(
                &reveal,
                &[
                    ("csrf", &csrf),
                    ("doel", "voorbereiding gesprek"),
                    ("wachtwoord", "niet-het-wachtwoord"),
                ],
            )
            .await;
        assert_eq!(r.status, 401);
        assert!(r.body.contains("Bevestigen is niet gelukt"));
        assert!(r.body.contains(r#"value="voorbereiding gesprek""#));
        assert!(!r.body.contains(NAME));
        // The password in the same post: re-authenticated and revealed at once.
        let r = expert
            .post_form(
                &reveal,
                &[
                    ("csrf", &csrf),
                    ("doel", "voorbereiding gesprek"),
                    ("wachtwoord", "verbind-demo"),
                ],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.body.contains(NAME));
        // Now fresh: the form no longer asks for the password.
        let file = expert.get(&format!("/casussen/{id}")).await;
        assert!(!file.body.contains(r#"name="wachtwoord""#));
        common::fresh_reauth(&app, &expert);
        let r = expert
            .post_form(&reveal, &[("csrf", &csrf), ("doel", "   ")])
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("waarom u de identiteit nodig hebt"));
        assert!(!r.body.contains(NAME));
        // Too long: said as such, the text kept, no identity.
        let long = "w".repeat(501);
        let r = expert
            .post_form(&reveal, &[("csrf", &csrf), ("doel", &long)])
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Het doel is te lang: hoogstens 500 tekens"));
        assert!(r.body.contains(&long));
        assert!(!r.body.contains(NAME));
        let r = expert
            .post_form(
                &reveal,
                &[
                    ("csrf", &csrf),
                    ("doel", "voorbereiding gesprek met de ouders"),
                ],
            )
            .await;
        assert_eq!(r.status, 200);
        assert!(r.body.contains(NAME));
        assert!(r.body.contains("15/06/2011"));
        // Audited, with the purpose sealed (not readable in the table).
        let rows = app
            .db
            .read(|c| {
                verbind_store::models::audit::list(
                    c,
                    &verbind_store::models::audit::Filter {
                        action: Some("case.identity_revealed".into()),
                        limit: 10,
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        // Two reveals: with the password in the form, and after a fresh
        // re-authentication; both with the purpose sealed.
        let ok: Vec<_> = rows.iter().filter(|r| r.outcome == "ok").collect();
        assert_eq!(ok.len(), 2);
        for r in ok {
            let sealed = r.reason.clone().unwrap();
            assert!(!sealed.is_empty());
            assert!(!sealed.windows(10).any(|w| w == b"voorbereid"));
        }
        // The identity never appears in a URL or a later page.
        assert!(
            !expert
                .get(&format!("/casussen/{id}"))
                .await
                .body
                .contains(NAME)
        );
        // The steering group cannot reveal, even with re-authentication.
        let mut s = Client::new(&app);
        s.login_demo("stuurgroep").await;
        common::fresh_reauth(&app, &s);
        let scsrf = common::csrf_in(&s.get("/").await.body).unwrap();
        assert_eq!(
            s.post_form(&reveal, &[("csrf", &scsrf), ("doel", "nieuwsgierig")])
                .await
                .status,
            403
        );
    }
);

fn org_id(app: &TestApp, slug: &str) -> String {
    let sn = app
        .db
        .read(|c| verbind_store::models::tenant::find_by_slug(c, "sint-niklaas"))
        .unwrap()
        .unwrap();
    app.db
        .read(|c| verbind_store::models::organisation::find_by_slug(c, &sn.tenant_id(), slug))
        .unwrap()
        .unwrap()
        .id
}

/// Takes a fresh case to socio-preventive follow-up.
async fn case_in_follow_up(app: &TestApp, police: &mut Client, expert: &mut Client) -> String {
    let id = refer(police, NAME, "01/04/2005").await;
    let pcsrf = common::csrf_in(&police.get(&format!("/casussen/{id}")).await.body).unwrap();
    let csrf = common::csrf_in(&expert.get(&format!("/casussen/{id}")).await.body).unwrap();
    let path = format!("/casussen/{id}/stap");
    assert_eq!(
        expert
            .post_form(&path, &[("csrf", &csrf), ("stap", "start_screening")])
            .await
            .status,
        303
    );
    assert_eq!(
        police
            .post_form(
                &format!("/casussen/{id}/ltf"),
                &[("csrf", &pcsrf), ("ltf", "cleared")]
            )
            .await
            .status,
        303
    );
    for stap in [
        "put_on_agenda",
        "open_assessment",
        "conclude_socio_preventive",
    ] {
        assert_eq!(
            expert
                .post_form(&path, &[("csrf", &csrf), ("stap", stap)])
                .await
                .status,
            303,
            "{stap}"
        );
    }
    let _ = app;
    id
}

scenario!(
    closing_needs_every_present_partner_and_one_dissent_blocks,
    |app: TestApp| async move {
        let mut police = logged_in_with_ethics(&app, "politie").await;
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let mut caw = logged_in_with_ethics(&app, "caw").await;
        let mut vdab = logged_in_with_ethics(&app, "vdab").await;
        let id = case_in_follow_up(&app, &mut police, &mut expert).await;
        let csrf = common::csrf_in(&expert.get(&format!("/casussen/{id}")).await.body).unwrap();
        let (dsp, pol, cawo) = (
            org_id(&app, "dsp"),
            org_id(&app, "lokale-politie"),
            org_id(&app, "caw-oost-vlaanderen"),
        );
        // A decision is taken at a meeting of the table: none named is
        // refused, and so is a meeting where nobody was recorded present.
        let r = expert
            .post_form(
                &format!("/casussen/{id}/besluit"),
                &[("csrf", &csrf), ("soort", "close")],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Kies een vergadering van deze tafel"));
        let empty = common::sitting_meeting(&app, &[]);
        let r = expert
            .post_form(
                &format!("/casussen/{id}/besluit"),
                &[("csrf", &csrf), ("soort", "close"), ("vergadering", &empty)],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Registreer eerst de aanwezigheden"));
        // Three organisations present at this meeting; VDAB absent.
        let meeting = common::sitting_meeting(&app, &[&dsp, &pol, &cawo]);
        let file = expert.get(&format!("/casussen/{id}")).await;
        assert!(
            file.body.contains(&format!("<option value=\"{meeting}\">")),
            "the meeting is offered for the decision"
        );
        assert!(
            !file.body.contains("name=\"aanwezig\""),
            "the expert does not choose who votes"
        );
        let r = expert
            .post_form(
                &format!("/casussen/{id}/besluit"),
                &[
                    ("csrf", &csrf),
                    ("soort", "security_risk"),
                    ("vergadering", &meeting),
                ],
            )
            .await;
        assert!(r.body.contains("begeleiding niet meer volstaat"));
        // Put closing to the vote at that meeting: the attendance names who votes,
        // whatever else the form sends.
        let r = expert
            .post_form(
                &format!("/casussen/{id}/besluit"),
                &[
                    ("csrf", &csrf),
                    ("soort", "close"),
                    ("vergadering", &meeting),
                    ("aanwezig", &org_id(&app, "vdab")),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        let file = expert.get(&format!("/casussen/{id}")).await;
        let decision = file
            .body
            .split("name=\"besluit\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        assert_eq!(vote(&mut expert, &id, &decision, "agree").await.status, 303);
        assert_eq!(vote(&mut police, &id, &decision, "agree").await.status, 303);
        assert_eq!(vote(&mut caw, &id, &decision, "disagree").await.status, 303);
        // VDAB was not present: it cannot vote.
        assert_eq!(vote(&mut vdab, &id, &decision, "agree").await.status, 403);
        let r = close(&mut expert, &id).await;
        assert_eq!(r.status, 422, "one dissent blocks closing");
        assert!(r.body.contains("unanieme stemming"));
        assert!(
            expert
                .get(&format!("/casussen/{id}"))
                .await
                .body
                .contains("niet akkoord")
        );
        // An abstention blocks too.
        assert_eq!(vote(&mut caw, &id, &decision, "abstain").await.status, 303);
        assert_eq!(close(&mut expert, &id).await.status, 422);
        // All present agree: the case closes, and the decision is used.
        assert_eq!(vote(&mut caw, &id, &decision, "agree").await.status, 303);
        assert_eq!(close(&mut expert, &id).await.status, 303);
        let file = expert.get(&format!("/casussen/{id}")).await;
        assert!(file.body.contains("afgesloten"));
        let late = vote(&mut police, &id, &decision, "disagree").await;
        assert_eq!(late.status, 422, "the vote is over");
        assert!(late.body.contains("niet meer gestemd"));
        let rows = app
            .db
            .read(|c| {
                verbind_store::models::audit::list(
                    c,
                    &verbind_store::models::audit::Filter {
                        action: Some("case.vote_cast".into()),
                        limit: 100,
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        assert_eq!(rows.len(), 5, "every vote cast is audited");
    }
);

async fn vote(c: &mut Client, id: &str, decision: &str, v: &str) -> common::Resp {
    let csrf = common::csrf_in(&c.get(&format!("/casussen/{id}")).await.body).unwrap();
    c.post_form(
        &format!("/casussen/{id}/stem"),
        &[("csrf", &csrf), ("besluit", decision), ("stem", v)],
    )
    .await
}

async fn close(c: &mut Client, id: &str) -> common::Resp {
    let csrf = common::csrf_in(&c.get(&format!("/casussen/{id}")).await.body).unwrap();
    c.post_form(
        &format!("/casussen/{id}/stap"),
        &[("csrf", &csrf), ("stap", "close")],
    )
    .await
}

scenario!(
    every_partner_answers_known_and_followed_for_itself,
    |app: TestApp| async move {
        let mut police = logged_in_with_ethics(&app, "politie").await;
        let id = refer(&mut police, NAME, "01/04/2001").await;
        let file = police.get(&format!("/casussen/{id}")).await;
        assert!(
            file.body
                .contains("Organisaties die nog niet antwoordden: 6"),
            "six organisations hold a seat in the demo"
        );
        let csrf = common::csrf_in(&file.body).unwrap();
        let path = format!("/casussen/{id}/kennis");
        let r = police
            .post_form(&path, &[("csrf", &csrf), ("gekend", "ja")])
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Kies bij beide vragen ja of nee"));
        assert_eq!(
            police
                .post_form(
                    &path,
                    &[("csrf", &csrf), ("gekend", "ja"), ("opgevolgd", "nee")]
                )
                .await
                .status,
            303
        );
        let mut caw = logged_in_with_ethics(&app, "caw").await;
        let ccsrf = common::csrf_in(&caw.get(&format!("/casussen/{id}")).await.body).unwrap();
        assert_eq!(
            caw.post_form(
                &path,
                &[("csrf", &ccsrf), ("gekend", "nee"), ("opgevolgd", "nee")]
            )
            .await
            .status,
            303
        );
        // Changing the own answer replaces it; nobody answers for another organisation.
        assert_eq!(
            police
                .post_form(
                    &path,
                    &[("csrf", &csrf), ("gekend", "ja"), ("opgevolgd", "ja")]
                )
                .await
                .status,
            303
        );
        let file = police.get(&format!("/casussen/{id}")).await;
        assert!(
            file.body
                .contains("Organisaties die nog niet antwoordden: 4")
        );
        let row = |org: &str| {
            file.body
                .split("<tr><td>")
                .skip(1)
                .map(|r| r.split("</tr>").next().unwrap_or_default())
                .find(|r| r.starts_with(org))
                .unwrap_or_default()
                .to_owned()
        };
        let pol = row("Lokale politie");
        assert!(pol.contains("<td>ja</td><td>ja</td>"), "{pol}");
        let cw = row("CAW Oost-Vlaanderen");
        assert!(cw.contains("<td>nee</td><td>nee</td>"), "{cw}");
        // Sealed at rest, and the audit says only that an answer was given.
        let raw: Vec<Vec<u8>> = app
            .db
            .read(|c| {
                use diesel::prelude::*;
                use verbind_store::schema::case_knowledge;
                Ok(case_knowledge::table
                    .select(case_knowledge::answer_enc)
                    .load(c)?)
            })
            .unwrap();
        assert_eq!(raw.len(), 2);
        for b in raw {
            assert!(!b.windows(6).any(|w| w == b"known="));
        }
        let rows = app
            .db
            .read(|c| {
                verbind_store::models::audit::list(
                    c,
                    &verbind_store::models::audit::Filter {
                        action: Some("case.knowledge_answered".into()),
                        limit: 10,
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.detail.is_none()));
        // Outside the table: no answer, no view.
        let mut s = Client::new(&app);
        s.login_demo("stuurgroep").await;
        let scsrf = common::csrf_in(&s.get("/").await.body).unwrap();
        assert_eq!(
            s.post_form(
                &path,
                &[("csrf", &scsrf), ("gekend", "ja"), ("opgevolgd", "ja")]
            )
            .await
            .status,
            403
        );
    }
);

scenario!(
    information_items_follow_the_ethics_rules,
    |app: TestApp| async move {
        let mut police = logged_in_with_ethics(&app, "politie").await;
        let id = refer(&mut police, NAME, "01/04/2001").await;
        let items = format!("/casussen/{id}/bijdragen");
        let csrf = common::csrf_in(&police.get(&items).await.body).unwrap();
        // Necessity is required: shared only in the person's interest.
        let r = police
            .post_form(
                &items,
                &[
                    ("csrf", &csrf),
                    ("domein", "intentie"),
                    ("inhoud", "x"),
                    ("delen", "table"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Vul dit veld in"));
        // The police brings three items: for the table, shielded origin, expert only.
        for (inhoud, delen, afschermen) in [
            ("POL-TAFEL-7f3a", "table", false),
            ("POL-AFGESCHERMD-7f3a", "table", true),
            ("POL-DESKUNDIGE-7f3a", "expert_only", false),
        ] {
            let mut fields = vec![
                ("csrf", csrf.as_str()),
                ("domein", "sociale_context"),
                ("inhoud", inhoud),
                ("noodzaak", "Om een passend traject te zoeken."),
                ("delen", delen),
            ];
            if afschermen {
                fields.push(("afschermen", "1"));
            }
            assert_eq!(police.post_form(&items, &fields).await.status, 303);
        }
        // The CAW sees the table items; the shielded one without its origin; not the expert-only one.
        let mut caw = logged_in_with_ethics(&app, "caw").await;
        let page = caw.get(&items).await;
        assert!(page.body.contains("POL-TAFEL-7f3a") && page.body.contains("POL-AFGESCHERMD-7f3a"));
        assert!(!page.body.contains("POL-DESKUNDIGE-7f3a"));
        let shielded = page.body.split("POL-AFGESCHERMD-7f3a").nth(1).unwrap();
        assert!(
            shielded
                .split("</article>")
                .next()
                .unwrap()
                .contains("afgeschermd")
        );
        let open = page.body.split("POL-TAFEL-7f3a").nth(1).unwrap();
        assert!(
            open.split("</article>")
                .next()
                .unwrap()
                .contains("Lokale politie Sint-Niklaas")
        );
        // The expert sees all three; the shielded origin stays shielded for the expert too.
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let page = expert.get(&items).await;
        assert!(page.body.contains("POL-DESKUNDIGE-7f3a"));
        // Only the owner withdraws or consents.
        let item_id = |body: &str, marker: &str| {
            let before = body.split(marker).next().unwrap();
            let _ = before;
            let after = body.split(marker).nth(1).unwrap();
            after
                .split("/bijdragen/")
                .nth(1)
                .unwrap()
                .split('/')
                .next()
                .unwrap()
                .to_owned()
        };
        let own = police.get(&items).await;
        let table_item = item_id(&own.body, "POL-TAFEL-7f3a");
        let caw_csrf = common::csrf_in(&caw.get(&items).await.body).unwrap();
        let r = caw
            .post_form(
                &format!("{items}/{table_item}/intrekken"),
                &[("csrf", &caw_csrf)],
            )
            .await;
        assert_eq!(r.status, 403, "only the owner withdraws");
        assert_eq!(
            police
                .post_form(
                    &format!("{items}/{table_item}/toestemming"),
                    &[("csrf", &csrf)]
                )
                .await
                .status,
            303
        );
        assert!(
            police
                .get(&items)
                .await
                .body
                .contains("toestemming gegeven")
        );
        assert_eq!(
            police
                .post_form(
                    &format!("{items}/{table_item}/intrekken"),
                    &[("csrf", &csrf)]
                )
                .await
                .status,
            303
        );
        assert!(
            !caw.get(&items).await.body.contains("POL-TAFEL-7f3a"),
            "withdrawn: nobody else sees it"
        );
        // The owner sees who viewed its items.
        let own = police.get(&items).await;
        assert!(own.body.contains("Wie bekeek deze bijdrage"));
        assert!(own.body.contains("<td>caw</td>") && own.body.contains("<td>deskundige</td>"));
        // Sealed at rest.
        let raw: Vec<Vec<u8>> = app
            .db
            .read(|c| {
                use diesel::prelude::*;
                use verbind_store::schema::case_items;
                Ok(case_items::table.select(case_items::content_enc).load(c)?)
            })
            .unwrap();
        assert_eq!(raw.len(), 3);
        assert!(raw.iter().all(|b| !b.windows(4).any(|w| w == b"7f3a")));
        // Outside the table: nothing.
        let mut s = Client::new(&app);
        s.login_demo("stuurgroep").await;
        assert_eq!(s.get(&items).await.status, 403);
    }
);

scenario!(
    a_transfer_records_the_receiving_livc,
    |app: TestApp| async move {
        let mut police = logged_in_with_ethics(&app, "politie").await;
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let id = case_in_follow_up(&app, &mut police, &mut expert).await;
        let csrf = common::csrf_in(&expert.get(&format!("/casussen/{id}")).await.body).unwrap();
        let path = format!("/casussen/{id}/stap");
        let r = expert
            .post_form(&path, &[("csrf", &csrf), ("stap", "transfer")])
            .await;
        assert!(r.body.contains("Vul de ontvangende LIVC-R in"));
        let r = expert
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("stap", "transfer"),
                    ("ontvangende_livc", "LIVC-R Voorbeeldstad"),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        let sn = app
            .db
            .read(|c| verbind_store::models::tenant::find_by_slug(c, "sint-niklaas"))
            .unwrap()
            .unwrap();
        let row = app
            .db
            .read(|c| verbind_store::models::case::find(c, &sn.tenant_id(), &id))
            .unwrap();
        assert_eq!(row.state, "overgedragen");
        assert!(row.transferred_at.is_some() && row.closed_at.is_some());
        let kr = app.state.keyring.clone();
        let to = app
            .db
            .read(|c| verbind_store::models::case::transferred_to(c, &kr, &row))
            .unwrap();
        assert_eq!(to.as_deref(), Some("LIVC-R Voorbeeldstad"));
    }
);

scenario!(
    trajectory_actions_start_only_when_every_partner_accepts,
    |app: TestApp| async move {
        let mut police = logged_in_with_ethics(&app, "politie").await;
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let id = case_in_follow_up(&app, &mut police, &mut expert).await;
        let path = format!("/casussen/{id}/traject");
        let first = expert.get(&path).await;
        let csrf = common::csrf_in(&first.body)
            .unwrap_or_else(|| panic!("{} {}", first.status, first.body));
        let caw_org = org_id(&app, "caw-oost-vlaanderen");
        // Validation next to the form.
        let r = expert
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("omschrijving", "x"),
                    ("verantwoordelijke", &caw_org),
                    ("tegen", "32/12/2026"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("Deze dag bestaat niet"));
        let r = expert
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("omschrijving", "x"),
                    ("verantwoordelijke", "geen-partner"),
                    ("tegen", "01/12/2026"),
                ],
            )
            .await;
        assert!(r.body.contains("verantwoordelijke partner van deze tafel"));
        // A partner cannot propose actions.
        let pcsrf = common::csrf_in(&police.get(&path).await.body).unwrap();
        assert_eq!(
            police
                .post_form(
                    &path,
                    &[
                        ("csrf", &pcsrf),
                        ("omschrijving", "x"),
                        ("verantwoordelijke", &caw_org),
                        ("tegen", "01/12/2026")
                    ]
                )
                .await
                .status,
            403
        );
        // The expert proposes: the CAW guides the person, by tomorrow (a due
        // date before today is refused).
        assert_eq!(
            expert
                .post_form(
                    &path,
                    &[
                        ("csrf", &csrf),
                        ("omschrijving", "Begeleidingsgesprek-7f3a"),
                        ("verantwoordelijke", &caw_org),
                        ("tegen", "29/11/2026")
                    ]
                )
                .await
                .status,
            303
        );
        let page = expert.get(&path).await;
        assert!(page.body.contains("Begeleidingsgesprek-7f3a"));
        assert!(!page.body.contains("over tijd"), "due tomorrow");
        // Two days on, it is overdue (the sessions of two days ago ended).
        app.clock.advance_ms(2 * 24 * 60 * 60 * 1000);
        let mut expert = logged_in_with_ethics_again(&app, "deskundige").await;
        let mut police = logged_in_with_ethics_again(&app, "politie").await;
        let pcsrf = common::csrf_in(&police.get(&path).await.body).unwrap();
        let page = expert.get(&path).await;
        assert!(page.body.contains("Begeleidingsgesprek-7f3a"));
        assert!(page.body.contains("over tijd"));
        assert!(
            page.body
                .contains("voorgesteld, nog niet door iedereen aanvaard")
        );
        let action = page
            .body
            .split("/traject/")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        // The CAW cannot report a result before everyone accepted.
        let mut caw = logged_in_with_ethics(&app, "caw").await;
        let ccsrf = common::csrf_in(&caw.get(&path).await.body).unwrap();
        let r = caw
            .post_form(
                &format!("{path}/{action}/uitgevoerd"),
                &[("csrf", &ccsrf), ("resultaat", "gesprek gehad")],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("nog niet door alle partners aanvaard"));
        // Every organisation at the table accepts.
        for name in [
            "deskundige",
            "politie",
            "caw",
            "clb",
            "vdab",
            "justitiehuis",
        ] {
            // Deskundige, politie and caw accepted the code of ethics above.
            let mut c = if ["deskundige", "politie", "caw"].contains(&name) {
                logged_in_with_ethics_again(&app, name).await
            } else {
                logged_in_with_ethics(&app, name).await
            };
            let cs = common::csrf_in(&c.get(&path).await.body).unwrap();
            assert_eq!(
                c.post_form(&format!("{path}/{action}/aanvaarden"), &[("csrf", &cs)])
                    .await
                    .status,
                303,
                "{name}"
            );
        }
        assert!(
            expert
                .get(&path)
                .await
                .body
                .contains("aanvaard door alle partners")
        );
        // Only the responsible partner reports the result.
        let r = police
            .post_form(
                &format!("{path}/{action}/uitgevoerd"),
                &[("csrf", &pcsrf), ("resultaat", "x")],
            )
            .await;
        assert!(r.body.contains("Enkel de verantwoordelijke partner"));
        assert_eq!(
            caw.post_form(
                &format!("{path}/{action}/uitgevoerd"),
                &[("csrf", &ccsrf), ("resultaat", "Gesprek gehad-7f3a")]
            )
            .await
            .status,
            303
        );
        let page = expert.get(&path).await;
        assert!(page.body.contains("Gesprek gehad-7f3a") && page.body.contains("uitgevoerd"));
        assert!(!page.body.contains("over tijd"), "done is not overdue");
        // Outside the table: nothing.
        let mut s = Client::new(&app);
        s.login_demo("stuurgroep").await;
        assert_eq!(s.get(&path).await.status, 403);
    }
);

/// Logs in again (a second session) for an account whose code of ethics is already accepted.
async fn logged_in_with_ethics_again(app: &TestApp, username: &str) -> Client {
    let mut c = Client::new(app);
    c.login_demo(username).await;
    c
}

scenario!(
    an_assessment_cites_items_only_with_the_owners_consent,
    |app: TestApp| async move {
        let mut police = logged_in_with_ethics(&app, "politie").await;
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let id = case_in_follow_up(&app, &mut police, &mut expert).await;
        // The police brings an item, not yet consented for use.
        let items = format!("/casussen/{id}/bijdragen");
        let pcsrf = common::csrf_in(&police.get(&items).await.body).unwrap();
        police
            .post_form(
                &items,
                &[
                    ("csrf", &pcsrf),
                    ("domein", "intentie"),
                    ("inhoud", "Uitspraken online"),
                    ("noodzaak", "Om het risico in te schatten"),
                    ("delen", "table"),
                ],
            )
            .await;
        let own = police.get(&items).await;
        let item = own
            .body
            .split("/bijdragen/")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        let path = format!("/casussen/{id}/beoordeling");
        let page = expert.get(&path).await;
        assert_eq!(page.status, 200);
        let csrf = common::csrf_in(&page.body).unwrap();
        assert!(
            !page.body.contains(&item),
            "without consent the item is not offered for citing"
        );
        let r = expert
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("radicalisering", "no"),
                    ("veiligheidsrisico", "no"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("minstens één bevinding"));
        let r = expert
            .post_form(&path, &[("csrf", &csrf), ("bevinding_intentie", "x")])
            .await;
        assert!(r.body.contains("Beantwoord beide vragen"));
        let r = expert
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("bevinding_intentie", "x"),
                    ("radicalisering", "no"),
                    ("veiligheidsrisico", "no"),
                    ("bijdrage", &item),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("gaf nog geen toestemming"));
        // With consent it can be cited.
        assert_eq!(
            police
                .post_form(&format!("{items}/{item}/toestemming"), &[("csrf", &pcsrf)])
                .await
                .status,
            303
        );
        assert!(expert.get(&path).await.body.contains(&item));
        let clb = org_id(&app, "clb-go-waasland");
        let r = expert
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("bevinding_intentie", "Bevinding-7f3a"),
                    ("bevinding_sociale_context", "Isolement"),
                    ("radicalisering", "unclear"),
                    ("veiligheidsrisico", "no"),
                    ("bijdrage", &item),
                    ("ontbreekt", "Schoolverloop"),
                    ("wie", &clb),
                    ("tegen", "15/12/2026"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        // The table reads it; a partner cannot record one.
        let mut caw = logged_in_with_ethics(&app, "caw").await;
        let page = caw.get(&path).await;
        assert!(
            page.body.contains("Bevinding-7f3a")
                && page.body.contains("onduidelijk")
                && page.body.contains("Schoolverloop")
        );
        assert!(page.body.contains("CLB GO Waasland") && page.body.contains("15/12/2026"));
        let ccsrf = common::csrf_in(&page.body).unwrap();
        assert_eq!(
            caw.post_form(
                &path,
                &[
                    ("csrf", &ccsrf),
                    ("bevinding_intentie", "x"),
                    ("radicalisering", "no"),
                    ("veiligheidsrisico", "no")
                ]
            )
            .await
            .status,
            403
        );
        // Missing information needs all three fields.
        let r = expert
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("bevinding_intentie", "x"),
                    ("radicalisering", "no"),
                    ("veiligheidsrisico", "no"),
                    ("ontbreekt", "iets"),
                ],
            )
            .await;
        assert!(r.body.contains("alle drie de velden"));
        // Sealed at rest.
        let raw: Vec<Vec<u8>> = app
            .db
            .read(|c| {
                use diesel::prelude::*;
                use verbind_store::schema::case_assessments;
                Ok(case_assessments::table
                    .select(case_assessments::findings_enc)
                    .load(c)?)
            })
            .unwrap();
        assert!(raw.iter().all(|b| !b.windows(4).any(|w| w == b"7f3a")));
    }
);

scenario!(
    feedback_reaches_only_its_recipient_with_consented_items,
    |app: TestApp| async move {
        let mut police = logged_in_with_ethics(&app, "politie").await;
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let id = case_in_follow_up(&app, &mut police, &mut expert).await;
        let items = format!("/casussen/{id}/bijdragen");
        let pcsrf = common::csrf_in(&police.get(&items).await.body).unwrap();
        police
            .post_form(
                &items,
                &[
                    ("csrf", &pcsrf),
                    ("domein", "intentie"),
                    ("inhoud", "Politie-info-7f3a"),
                    ("noodzaak", "Om te helpen"),
                    ("delen", "table"),
                    ("afschermen", "1"),
                ],
            )
            .await;
        let item = police
            .get(&items)
            .await
            .body
            .split("/bijdragen/")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        let path = format!("/casussen/{id}/terugkoppeling");
        let csrf = common::csrf_in(&expert.get(&path).await.body).unwrap();
        let caw_org = org_id(&app, "caw-oost-vlaanderen");
        let clb_org = org_id(&app, "clb-go-waasland");
        // Without the owner's consent the item cannot travel.
        let r = expert
            .post_form(
                &path,
                &[
                    ("csrf", &csrf),
                    ("aan", &caw_org),
                    ("tekst", "Na de tafel"),
                    ("bijdrage", &item),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("gaf nog geen toestemming"));
        assert_eq!(
            police
                .post_form(&format!("{items}/{item}/toestemming"), &[("csrf", &pcsrf)])
                .await
                .status,
            303
        );
        assert_eq!(
            expert
                .post_form(
                    &path,
                    &[
                        ("csrf", &csrf),
                        ("aan", &caw_org),
                        ("tekst", "Voor-CAW-7f3a"),
                        ("bijdrage", &item)
                    ]
                )
                .await
                .status,
            303
        );
        assert_eq!(
            expert
                .post_form(
                    &path,
                    &[
                        ("csrf", &csrf),
                        ("aan", &clb_org),
                        ("tekst", "Voor-CLB-7f3a")
                    ]
                )
                .await
                .status,
            303
        );
        let r = expert
            .post_form(
                &path,
                &[("csrf", &csrf), ("aan", "iemand-anders"), ("tekst", "x")],
            )
            .await;
        assert!(r.body.contains("Kies een partner van deze tafel"));
        // The CAW reads its own feedback with the item, origin shielded; not the CLB's.
        let mut caw = logged_in_with_ethics(&app, "caw").await;
        let page = caw.get(&path).await;
        assert!(page.body.contains("Voor-CAW-7f3a") && page.body.contains("Politie-info-7f3a"));
        assert!(!page.body.contains("Voor-CLB-7f3a"));
        assert!(
            !page.body.contains("Lokale politie Sint-Niklaas)"),
            "the shielded origin is not named"
        );
        assert!(page.body.contains("afgeschermd"));
        // The expert sees both; a partner cannot send.
        let all = expert.get(&path).await;
        assert!(all.body.contains("Voor-CAW-7f3a") && all.body.contains("Voor-CLB-7f3a"));
        let ccsrf = common::csrf_in(&page.body).unwrap();
        assert_eq!(
            caw.post_form(
                &path,
                &[("csrf", &ccsrf), ("aan", &clb_org), ("tekst", "x")]
            )
            .await
            .status,
            403
        );
        // Withdrawn afterwards: the item no longer travels in sent feedback.
        assert_eq!(
            police
                .post_form(&format!("{items}/{item}/intrekken"), &[("csrf", &pcsrf)])
                .await
                .status,
            303
        );
        assert!(!caw.get(&path).await.body.contains("Politie-info-7f3a"));
    }
);

scenario!(
    the_terugkoppelingsfiche_needs_unanimity_and_never_holds_secrets,
    |app: TestApp| async move {
        let mut police = logged_in_with_ethics(&app, "politie").await;
        let mut expert = logged_in_with_ethics(&app, "deskundige").await;
        let mut caw = logged_in_with_ethics(&app, "caw").await;
        let id = case_in_follow_up(&app, &mut police, &mut expert).await;
        // The CAW brings two items with consent: one under professional secrecy.
        let items = format!("/casussen/{id}/bijdragen");
        let ccsrf = common::csrf_in(&caw.get(&items).await.body).unwrap();
        for (inhoud, geheim) in [("Deelbaar-7f3a", false), ("Geheim-7f3a", true)] {
            let mut f = vec![
                ("csrf", ccsrf.as_str()),
                ("domein", "sociale_context"),
                ("inhoud", inhoud),
                ("noodzaak", "Om te helpen"),
                ("delen", "table"),
            ];
            if geheim {
                f.push(("beroepsgeheim", "1"));
            }
            caw.post_form(&items, &f).await;
        }
        let own = caw.get(&items).await.body;
        for chunk in own.split("/bijdragen/").skip(1) {
            let item = chunk.split('/').next().unwrap();
            if chunk.starts_with(&format!("{item}/toestemming")) {
                caw.post_form(&format!("{items}/{item}/toestemming"), &[("csrf", &ccsrf)])
                    .await;
            }
        }
        let path = format!("/casussen/{id}/fiche");
        let csrf = common::csrf_in(&expert.get(&path).await.body).unwrap();
        let preview = expert.get(&path).await.body;
        assert!(preview.contains("Deelbaar-7f3a"));
        assert!(
            !preview.contains("Geheim-7f3a"),
            "never professional secrecy in the fiche"
        );
        assert!(!preview.contains("CAW Oost-Vlaanderen"), "never the origin");
        // Not without a unanimous decision.
        let r = expert.post_form(&path, &[("csrf", &csrf)]).await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("unanieme stemming"));
        let (dsp, pol, cawo) = (
            org_id(&app, "dsp"),
            org_id(&app, "lokale-politie"),
            org_id(&app, "caw-oost-vlaanderen"),
        );
        expert
            .post_form(
                &format!("/casussen/{id}/besluit"),
                &[
                    ("csrf", &csrf),
                    ("soort", "send_terugkoppelingsfiche_to_police"),
                    (
                        "vergadering",
                        &common::sitting_meeting(&app, &[&dsp, &pol, &cawo]),
                    ),
                ],
            )
            .await;
        let file = expert.get(&format!("/casussen/{id}")).await;
        let decision = file
            .body
            .split("name=\"besluit\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        vote(&mut expert, &id, &decision, "agree").await;
        vote(&mut police, &id, &decision, "agree").await;
        vote(&mut caw, &id, &decision, "disagree").await;
        assert_eq!(
            expert.post_form(&path, &[("csrf", &csrf)]).await.status,
            422,
            "a dissent blocks the fiche"
        );
        vote(&mut caw, &id, &decision, "agree").await;
        assert_eq!(
            expert.post_form(&path, &[("csrf", &csrf)]).await.status,
            303
        );
        // The police reads it; the CAW and the steering group do not.
        let sent = police.get(&path).await;
        assert_eq!(sent.status, 200);
        assert!(sent.body.contains("Verstuurd op") && sent.body.contains("Deelbaar-7f3a"));
        assert!(!sent.body.contains("Geheim-7f3a"));
        assert_eq!(caw.get(&path).await.status, 403);
        let mut s = Client::new(&app);
        s.login_demo("stuurgroep").await;
        assert_eq!(s.get(&path).await.status, 403);
    }
);
