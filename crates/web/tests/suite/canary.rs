//! The canary test of QUALITY.md §2.3 for the case module and prevention's
//! contact point and signals: every personal or free-text field of a case, a
//! contact and a signal gets a unique marker; then every page, API call,
//! error path and the audit trail is driven as every demo account, and the
//! markers appear only where that account may see them. The process's logs
//! are captured and must hold none of them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, Db, log_capture, spawn};
use verbind_domain::Clock;

const NAME: &str = "KANARIE-NAAM-91c4";
const ADDRESS: &str = "KANARIE-ADRES-91c4";
const REASON: &str = "KANARIE-REDEN-91c4";
const NOTE: &str = "KANARIE-NOTITIE-91c4";
const ITEM: &str = "KANARIE-BIJDRAGE-91c4";
const NECESSITY: &str = "KANARIE-NOODZAAK-91c4";
const PURPOSE: &str = "KANARIE-DOEL-91c4";
const SHIELDED: &str = "KANARIE-AFGESCHERMD-91c4";
const FINDING: &str = "KANARIE-BEVINDING-91c4";
const MISSING: &str = "KANARIE-ONTBREEKT-91c4";
const ACTION: &str = "KANARIE-ACTIE-91c4";
const REFUSAL: &str = "KANARIE-WEIGERING-91c4";
const FEEDBACK: &str = "KANARIE-TERUGKOPPELING-91c4";
const MINUTES: &str = "KANARIE-NOTULEN-91c4";
const DOB_SHOWN: &str = "29/03/1997";

/// Prevention: a public message with contact details, the expert's notes and a
/// contact taken by phone (the expert only), and signals (their author and the
/// expert only).
const CP_MESSAGE: &str = "KANARIE-AANSPREEKPUNT-91c4";
const CP_NAME: &str = "KANARIE-MELDER-91c4";
const CP_EMAIL: &str = "kanarie-melder-91c4@example.be";
const CP_PHONE: &str = "0470 91 49 14";
const CP_NOTES: &str = "KANARIE-CONTACTNOTITIE-91c4";
const CP_PHONE_CONTACT: &str = "KANARIE-TELEFONISCH-91c4";
const SIGNAL_REF: &str = "KANARIE-SIGNAAL-REF-91c4";
const SIGNAL_POLICE: &str = "KANARIE-SIGNAAL-POL-91c4";
const CONTACT_MARKERS: [&str; 6] = [
    CP_MESSAGE,
    CP_NAME,
    CP_EMAIL,
    CP_PHONE,
    CP_NOTES,
    CP_PHONE_CONTACT,
];
const PREVENTION: [&str; 8] = [
    CP_MESSAGE,
    CP_NAME,
    CP_EMAIL,
    CP_PHONE,
    CP_NOTES,
    CP_PHONE_CONTACT,
    SIGNAL_REF,
    SIGNAL_POLICE,
];

/// Markers that only a reveal (seat + re-authentication + purpose) may show.
const IDENTITY: [&str; 3] = [NAME, ADDRESS, DOB_SHOWN];
/// Case content the table may see.
const CONTENT: [&str; 10] = [
    REASON, NOTE, ITEM, NECESSITY, FINDING, MISSING, ACTION, REFUSAL, FEEDBACK, MINUTES,
];

/// A valid national register number of someone born on 29/03/1997.
fn valid_nrn() -> String {
    let base: u64 = 970_329_123;
    format!("{base:09}{:02}", 97 - base % 97)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn canary_markers_stay_where_they_belong() {
    let capture = log_capture();
    let nrn = valid_nrn();
    let app = spawn(Db::Sqlite, true).await.unwrap();

    // Fill every field of a case with markers, through the pages.
    let mut police = Client::new(&app);
    police.login_demo("politie").await;
    let csrf = common::csrf_in(&police.get("/deontologie").await.body).unwrap();
    police.post_form("/deontologie", &[("csrf", &csrf)]).await;
    let csrf = police.csrf_from("/casussen/nieuw").await;
    let r = police
        .post_form(
            "/casussen/nieuw",
            &[
                ("csrf", &csrf),
                ("groep_a", "1"),
                ("woont", "1"),
                ("naam", NAME),
                ("geboortedatum", DOB_SHOWN),
                ("adres", ADDRESS),
                ("rijksregisternummer", &nrn),
                ("reden", REASON),
                ("bron", "partner_member"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id = r
        .header("location")
        .unwrap()
        .trim_start_matches("/casussen/")
        .to_owned();
    let items = format!("/casussen/{id}/bijdragen");
    let code = app
        .db
        .read(|c| {
            let t = verbind_store::models::tenant::find_by_slug(c, "sint-niklaas")?
                .ok_or(verbind_store::StoreError::NotFound)?
                .tenant_id();
            verbind_store::models::case::find(c, &t, &id)
        })
        .unwrap()
        .code;
    for (content, shield) in [(ITEM, false), (SHIELDED, true)] {
        let mut f = vec![
            ("csrf", csrf.as_str()),
            ("domein", "intentie"),
            ("inhoud", content),
            ("noodzaak", NECESSITY),
            ("delen", "table"),
        ];
        if shield {
            f.push(("afschermen", "1"));
        }
        assert_eq!(police.post_form(&items, &f).await.status, 303);
    }
    let mut expert = Client::new(&app);
    expert.login_demo("deskundige").await;
    let ecsrf = common::csrf_in(&expert.get("/deontologie").await.body).unwrap();
    expert.post_form("/deontologie", &[("csrf", &ecsrf)]).await;
    assert_eq!(
        expert
            .post_form(
                &format!("/casussen/{id}/stap"),
                &[
                    ("csrf", &ecsrf),
                    ("stap", "start_screening"),
                    ("notitie", NOTE)
                ]
            )
            .await
            .status,
        303
    );
    // To the table, and into socio-preventive follow-up: the phase where
    // the table assesses and starts a trajectory.
    let r = police
        .post_form(
            &format!("/casussen/{id}/ltf"),
            &[("csrf", csrf.as_str()), ("ltf", "cleared")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    for step in [
        "put_on_agenda",
        "open_assessment",
        "conclude_socio_preventive",
    ] {
        let r = expert
            .post_form(
                &format!("/casussen/{id}/stap"),
                &[("csrf", &ecsrf), ("stap", step)],
            )
            .await;
        assert_eq!(r.status, 303, "{step}: {}", r.body);
    }
    // Assessment, trajectory, feedback and meeting minutes, all marked.
    let org = |slug: &str| {
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
    };
    let caw_org = org("caw-oost-vlaanderen");
    let r = expert
        .post_form(
            &format!("/casussen/{id}/beoordeling"),
            &[
                ("csrf", &ecsrf),
                ("bevinding_intentie", FINDING),
                ("radicalisering", "unclear"),
                ("veiligheidsrisico", "no"),
                ("ontbreekt", MISSING),
                ("wie", &caw_org),
                ("tegen", "15/12/2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = expert
        .post_form(
            &format!("/casussen/{id}/traject"),
            &[
                ("csrf", &ecsrf),
                ("omschrijving", ACTION),
                ("verantwoordelijke", &caw_org),
                ("tegen", "01/12/2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    // The police refuses the action, with a reason the table reads.
    let trajectory = police.get(&format!("/casussen/{id}/traject")).await.body;
    let refuse = trajectory
        .split("action=\"")
        .filter_map(|rest| rest.split('"').next())
        .find(|path| path.ends_with("/weigeren"))
        .unwrap_or_else(|| panic!("no refusal form: {trajectory}"))
        .to_owned();
    let r = police
        .post_form(
            &refuse,
            &[
                ("csrf", &common::csrf_in(&trajectory).unwrap()),
                ("reden", REFUSAL),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = expert
        .post_form(
            &format!("/casussen/{id}/terugkoppeling"),
            &[("csrf", &ecsrf), ("aan", &caw_org), ("tekst", FEEDBACK)],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let sn_tenant = app
        .db
        .read(|c| verbind_store::models::tenant::find_by_slug(c, "sint-niklaas"))
        .unwrap()
        .unwrap();
    let table = app
        .db
        .read(|c| {
            verbind_store::models::body::find_by_slug(c, &sn_tenant.tenant_id(), "partnertafel")
        })
        .unwrap()
        .unwrap();
    let r = expert
        .post_form(
            "/vergaderingen/nieuw",
            &[
                ("csrf", &ecsrf),
                ("orgaan", &table.id),
                ("datum", "10/12/2026"),
                ("beginuur", "14:00"),
                ("einduur", "16:00"),
                ("plaats", "Stadhuis"),
                ("soort", "planned"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let meeting = r.header("location").unwrap();
    // Put the case on the agenda so it shows in the meeting, then minutes.
    let pcsrf = common::csrf_in(&police.get(&format!("/casussen/{id}")).await.body).unwrap();
    police
        .post_form(
            &format!("/casussen/{id}/ltf"),
            &[("csrf", &pcsrf), ("ltf", "cleared")],
        )
        .await;
    expert
        .post_form(
            &format!("/casussen/{id}/stap"),
            &[("csrf", &ecsrf), ("stap", "put_on_agenda")],
        )
        .await;
    assert_eq!(
        expert
            .post_form(&format!("{meeting}/geheimhouding"), &[("csrf", &ecsrf)])
            .await
            .status,
        303
    );
    let r = expert
        .post_form(
            &format!("{meeting}/notulen"),
            &[("csrf", &ecsrf), ("casus", &id), ("tekst", MINUTES)],
        )
        .await;
    assert!(
        r.status == 303 || r.status == 200,
        "minutes: {} {}",
        r.status,
        r.body
    );
    assert!(
        expert.get(&meeting).await.body.contains(MINUTES),
        "the expert reads the minutes"
    );
    // A guest (a partner without a seat) is invited for this case's item:
    // the guest sees the code, never the content.
    let guest = app
        .db
        .read(|c| verbind_store::models::user::find_by_username(c, "jeugddienst"))
        .unwrap()
        .unwrap();
    let r = expert
        .post_form(
            &format!("{meeting}/gasten"),
            &[("csrf", &ecsrf), ("gast", &guest.id), ("casus", &id)],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    // A reveal, with a marked purpose.
    let hash = verbind_crypto::token::token_hash(&expert.cookies["__Host-verbind"]);
    let now = app.clock.now_ms();
    app.db
        .write(|c| verbind_store::models::session::set_reauth(c, &hash, now))
        .unwrap();
    let reveal = expert
        .post_form(
            &format!("/casussen/{id}/identiteit"),
            &[("csrf", &ecsrf), ("doel", PURPOSE)],
        )
        .await;
    assert!(
        reveal.body.contains(NAME),
        "the reveal shows the identity to the expert"
    );

    // Prevention: a public message, the expert's notes and a phone contact,
    // and a signal of a reference person and one of the police.
    let contact_id = {
        let mut visitor = Client::new(&app);
        let vcsrf = common::csrf_in(&visitor.get("/aanspreekpunt").await.body).unwrap();
        let r = visitor
            .post_form(
                "/aanspreekpunt",
                &[
                    ("csrf", &vcsrf),
                    ("soort", "report_person"),
                    ("bericht", CP_MESSAGE),
                    ("naam", CP_NAME),
                    ("email", CP_EMAIL),
                    ("telefoon", CP_PHONE),
                    ("voorkeur", "phone"),
                    ("toestemming", "1"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let done = visitor.get("/aanspreekpunt/verzonden").await;
        for m in PREVENTION {
            assert!(!done.body.contains(m), "the confirmation echoes {m}");
        }
        app.db
            .read(|c| {
                use diesel::prelude::*;
                Ok(verbind_store::schema::contacts::table
                    .select(verbind_store::schema::contacts::id)
                    .first::<String>(c)?)
            })
            .unwrap()
    };
    let r = expert
        .post_form(
            &format!("/contacten/{contact_id}"),
            &[
                ("csrf", &ecsrf),
                ("soort", "report_person"),
                ("thema", "polarisation"),
                ("notities", CP_NOTES),
                ("status", "in_progress"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = expert
        .post_form(
            "/contacten/nieuw",
            &[
                ("csrf", &ecsrf),
                ("datum", "27/11/2026"),
                ("kanaal", "phone"),
                ("bericht", CP_PHONE_CONTACT),
                ("soort", "advice"),
                ("status", "new"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let phone_contact = r.header("location").unwrap();
    let mut signal_ids = Vec::new();
    for (account, text) in [("referentie", SIGNAL_REF), ("politie", SIGNAL_POLICE)] {
        let mut c = Client::new(&app);
        c.login_demo(account).await;
        let csrf = common::csrf_in(&c.get("/signalen/nieuw").await.body).unwrap();
        let r = c
            .post_form(
                "/signalen/nieuw",
                &[
                    ("csrf", &csrf),
                    ("thema", "polarisation"),
                    ("domein", "online"),
                    ("datum", "20/11/2026"),
                    ("ernst", "low"),
                    ("beschrijving", text),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        signal_ids.push(r.header("location").unwrap());
    }
    let prevention_pages = [
        "/".to_owned(),
        "/aanspreekpunt".into(),
        "/aanspreekpunt/verzonden".into(),
        "/contacten".into(),
        "/contacten?status=new&kanaal=public_form".into(),
        format!("/contacten/{contact_id}"),
        phone_contact.clone(),
        format!("/signalen/nieuw?contact={contact_id}"),
        format!("/casussen/nieuw?contact={contact_id}"),
        "/signalen".into(),
        signal_ids[0].clone(),
        signal_ids[1].clone(),
        "/signalen/tendensen".into(),
        "/api/v1/contacts".into(),
        format!("/api/v1/contacts/{contact_id}"),
        "/api/v1/signals".into(),
        format!(
            "/api/v1/signals/{}",
            signal_ids[0].trim_start_matches("/signalen/")
        ),
        format!(
            "/api/v1/signals/{}",
            signal_ids[1].trim_start_matches("/signalen/")
        ),
        "/api/v1/signals/trends".into(),
        "/audit".into(),
        "/audit.csv".into(),
        "/metrics".into(),
        "/contacten/bestaat-niet".into(),
        "/api/v1/signals/bestaat-niet".into(),
    ];
    for account in verbind_store::demo::DEMO_ACCOUNTS {
        let mut c = Client::new(&app);
        c.login_demo(account.username).await;
        if account.role.can_see_case_data() {
            let csrf = common::csrf_in(&c.get("/deontologie").await.body).unwrap_or_default();
            c.post_form("/deontologie", &[("csrf", &csrf)]).await;
        }
        let expert_account = account.username == "deskundige";
        for p in &prevention_pages {
            let r = c.get(p).await;
            let text = format!("{:?}{}", r.headers, r.body);
            if !expert_account {
                for m in CONTACT_MARKERS {
                    assert!(!text.contains(m), "{}: {m} on {p}", account.username);
                }
            }
            if !(expert_account || account.username == "referentie") {
                assert!(
                    !text.contains(SIGNAL_REF),
                    "{}: {SIGNAL_REF} on {p}",
                    account.username
                );
            }
            if !(expert_account || account.username == "politie") {
                assert!(
                    !text.contains(SIGNAL_POLICE),
                    "{}: {SIGNAL_POLICE} on {p}",
                    account.username
                );
            }
            assert!(
                r.status < 500,
                "{}: {p} gave {}",
                account.username,
                r.status
            );
        }
        // Where they may, they do see it (so this test can fail).
        if expert_account {
            let page = c.get(&format!("/contacten/{contact_id}")).await;
            for m in [CP_MESSAGE, CP_NAME, CP_EMAIL, CP_PHONE, CP_NOTES] {
                assert!(page.body.contains(m), "the expert reads {m}");
            }
            assert!(c.get("/signalen").await.body.contains(SIGNAL_POLICE));
        }
        if account.username == "referentie" {
            assert!(c.get(&signal_ids[0]).await.body.contains(SIGNAL_REF));
        }
        if account.username == "politie" {
            assert!(c.get("/api/v1/signals").await.body.contains(SIGNAL_POLICE));
        }
    }

    // Drive every page and API call as every account.
    let pages = [
        "/".to_owned(),
        format!("/casussen/{id}/beoordeling"),
        format!("/casussen/{id}/traject"),
        format!("/casussen/{id}/terugkoppeling"),
        "/vergaderingen".into(),
        meeting.clone(),
        format!("{meeting}.ics"),
        "/casussen".into(),
        format!("/casussen/{id}"),
        items.clone(),
        "/organisaties".into(),
        "/account".into(),
        "/beheer/gebruikers".into(),
        "/beheer/sessies".into(),
        "/beheer/deontologie".into(),
        "/api/v1/ethics".into(),
        "/audit".into(),
        "/audit.csv".into(),
        "/api/v1/me".into(),
        "/api/v1/cases".into(),
        format!("/api/v1/cases/{id}"),
        format!("/api/v1/cases/{id}/items"),
        format!("/api/v1/cases/{id}/assessment"),
        format!("/api/v1/cases/{id}/trajectory"),
        format!("/api/v1/cases/{id}/feedback"),
        format!("/api/v1/cases/{id}/fiche"),
        "/api/v1/meetings".into(),
        meeting.replace("/vergaderingen/", "/api/v1/meetings/"),
        "/api/v1/openapi.json".into(),
        "/metrics".into(),
        "/casussen/00000000-0000-4000-8000-000000000000".into(),
        "/api/v1/cases/bestaat-niet".into(),
    ];
    let table = [
        "deskundige",
        "politie",
        "caw",
        "clb",
        "vdab",
        "justitiehuis",
    ];
    for account in verbind_store::demo::DEMO_ACCOUNTS {
        let mut c = Client::new(&app);
        c.login_demo(account.username).await;
        if account.role.can_see_case_data() {
            let csrf = common::csrf_in(&c.get("/deontologie").await.body).unwrap_or_default();
            c.post_form("/deontologie", &[("csrf", &csrf)]).await;
        }
        if account.username == "jeugddienst" {
            // The guest acknowledges the meeting and sees its item by code.
            let csrf = common::csrf_in(&c.get(&meeting).await.body).unwrap();
            let r = c
                .post_form(&format!("{meeting}/geheimhouding"), &[("csrf", &csrf)])
                .await;
            assert_eq!(r.status, 303);
            let page = c.get(&meeting).await;
            assert!(page.body.contains(&code), "the guest sees the item's code");
        }
        for p in &pages {
            let r = c.get(p).await;
            let text = format!("{:?}{}", r.headers, r.body);
            for m in IDENTITY.iter().chain([nrn.as_str()].iter()) {
                assert!(!text.contains(m), "{}: {m} on {p}", account.username);
            }
            // The purpose of the reveal: the auditor reads it in the audit
            // trail (page and export), and nobody anywhere else.
            let auditor = account.username == "dpo";
            if !(auditor && p.starts_with("/audit")) {
                assert!(
                    !text.contains(PURPOSE),
                    "{}: {PURPOSE} on {p}",
                    account.username
                );
            }
            if auditor && p == "/audit.csv" {
                assert!(text.contains(PURPOSE), "the auditor reads the purpose");
            }
            let may_see_content = table.contains(&account.username);
            for m in CONTENT {
                if !may_see_content {
                    assert!(!text.contains(m), "{}: {m} on {p}", account.username);
                }
            }
            if !may_see_content {
                assert!(
                    !text.contains(SHIELDED),
                    "{}: shielded item on {p}",
                    account.username
                );
            }
            assert!(
                r.status < 500,
                "{}: {p} gave {}",
                account.username,
                r.status
            );
        }
    }
    // The Stuurgroep report, on every path (page, PDF, JSON, every CSV), as
    // the two accounts that may see it: not one marker, not the case code,
    // not even for the expert who may read the file itself.
    for who in ["stuurgroep", "deskundige"] {
        let mut c = Client::new(&app);
        c.login_demo(who).await;
        let paths = crate::report::report_paths(&mut c).await;
        assert!(paths.len() > 15, "{paths:?}");
        for p in &paths {
            let r = c.get(p).await;
            assert_eq!(r.status, 200, "{who}: {p}");
            let text = format!("{:?}{}", r.headers, r.body);
            for m in IDENTITY
                .iter()
                .chain(CONTENT.iter())
                .chain([PURPOSE, SHIELDED, nrn.as_str(), code.as_str()].iter())
                .chain(PREVENTION.iter())
            {
                assert!(!text.contains(m), "{who}: {m} in {p}");
            }
        }
    }

    // The table sees the content where it belongs (so the test can fail).
    let mut caw = Client::new(&app);
    caw.login_demo("caw").await;
    let csrf = common::csrf_in(&caw.get("/deontologie").await.body).unwrap();
    caw.post_form("/deontologie", &[("csrf", &csrf)]).await;
    assert!(
        caw.get(&format!("/casussen/{id}"))
            .await
            .body
            .contains(REASON)
    );
    assert!(caw.get(&items).await.body.contains(ITEM));
    assert!(
        caw.get(&format!("/casussen/{id}/traject"))
            .await
            .body
            .contains(REFUSAL)
    );

    // The audit trail holds none of the markers, in any column.
    let rows = common::audit_rows(&app, 1000);
    assert!(rows.len() > 50);
    for r in rows {
        let text = format!(
            "{:?}{:?}{:?}{:?}",
            r.detail, r.object_id, r.object_type, r.action
        );
        let reason = r.reason.unwrap_or_default();
        for m in IDENTITY
            .iter()
            .chain(CONTENT.iter())
            .chain([PURPOSE, SHIELDED, nrn.as_str()].iter())
            .chain(PREVENTION.iter())
        {
            assert!(!text.contains(m), "audit row {}: {m}", r.seq);
            assert!(
                !reason.windows(m.len()).any(|w| w == m.as_bytes()),
                "audit reason {}: {m}",
                r.seq
            );
        }
    }

    // And the logs hold none of them either.
    let logs = String::from_utf8_lossy(&capture.0.lock().unwrap()).into_owned();
    assert!(logs.contains("request done"), "the capture works");
    for m in IDENTITY
        .iter()
        .chain(CONTENT.iter())
        .chain([PURPOSE, SHIELDED, nrn.as_str()].iter())
        .chain(PREVENTION.iter())
    {
        assert!(!logs.contains(m), "log holds {m}");
    }
}

// ------------------------------------------------------------ tensions, network, trainings

/// Markers in every free-text and personal field of the tension register,
/// the network of reference persons and trainings (issue 4, items 4 to 6):
/// only the expert may see them.
const NETWORK_MARKERS: [&str; 25] = [
    "KANARIE-SPANNING-TITEL-5e2b",
    "KANARIE-SPANNING-BESCHRIJVING-5e2b",
    "KANARIE-SPANNING-GROEPEN-5e2b",
    "KANARIE-POOL-A-5e2b",
    "KANARIE-POOL-B-5e2b",
    "KANARIE-AANJAGERS-5e2b",
    "KANARIE-MEELOPERS-5e2b",
    "KANARIE-STILLE-MIDDEN-5e2b",
    "KANARIE-BRUGGENBOUWERS-5e2b",
    "KANARIE-ZONDEBOK-5e2b",
    "KANARIE-DOELGROEP-5e2b",
    "KANARIE-ONDERWERP-5e2b",
    "KANARIE-POSITIE-5e2b",
    "KANARIE-TOON-5e2b",
    "KANARIE-ERNST-NOTITIE-5e2b",
    "KANARIE-ACTIE-5e2b",
    "KANARIE-RESULTAAT-5e2b",
    "KANARIE-REFERENTIE-NAAM-5e2b",
    "KANARIE-REFERENTIE-ORG-5e2b",
    "kanarie-referentie-5e2b@example.be",
    "0470 52 25 25",
    "KANARIE-VORMING-TITEL-5e2b",
    "KANARIE-AANBIEDER-5e2b",
    "KANARIE-PLAATS-5e2b",
    "KANARIE-EVALUATIE-5e2b",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn canary_tensions_network_and_trainings() {
    let capture = log_capture();
    let app = spawn(Db::Sqlite, true).await.unwrap();
    let m = NETWORK_MARKERS;
    let mut expert = Client::new(&app);
    expert.login_demo("deskundige").await;
    let csrf = common::csrf_in(&expert.get("/").await.body).unwrap();
    let r = expert
        .post_form(
            "/spanningen/nieuw",
            &[
                ("csrf", &csrf),
                ("titel", m[0]),
                ("beschrijving", m[1]),
                ("groepen", m[2]),
                ("vastgesteld_op", "02/11/2026"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let tension = r.header("location").unwrap();
    let names = [
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
    let mut analysis: Vec<(&str, &str)> = vec![("csrf", &csrf)];
    analysis.extend(names.iter().zip(&m[3..14]).map(|(n, v)| (*n, *v)));
    for (path, fields) in [
        (format!("{tension}/analyse"), analysis),
        (
            format!("{tension}/ernst"),
            vec![
                ("csrf", csrf.as_str()),
                ("datum", "20/11/2026"),
                ("ernst", "high"),
                ("notitie", m[14]),
            ],
        ),
        (
            format!("{tension}/acties"),
            vec![
                ("csrf", csrf.as_str()),
                ("datum", "21/11/2026"),
                ("soort", "counter_message"),
                ("beschrijving", m[15]),
                ("resultaat", m[16]),
            ],
        ),
    ] {
        let r = expert.post_form(&path, &fields).await;
        assert_eq!(r.status, 303, "{path}: {}", r.body);
    }
    let r = expert
        .post_form(
            "/referentiepersonen/nieuw",
            &[
                ("csrf", &csrf),
                ("naam", m[17]),
                ("organisatie", m[18]),
                ("domein", "youth"),
                ("email", m[19]),
                ("telefoon", m[20]),
                ("actief", "1"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let person = r.header("location").unwrap();
    let person_id = person.trim_start_matches("/referentiepersonen/").to_owned();
    let r = expert
        .post_form(
            "/vormingen/nieuw",
            &[
                ("csrf", &csrf),
                ("soort", "reference_two_day"),
                ("titel", m[21]),
                ("aanbieder", m[22]),
                ("plaats", m[23]),
                ("datum", "12/10/2026"),
                ("score", "4"),
                ("evaluatie", m[24]),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let training = r.header("location").unwrap();
    let r = expert
        .post_form(
            &format!("{training}/aanwezigheid"),
            &[
                ("csrf", &csrf),
                ("deelnemer", &person_id),
                ("status", "present"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);

    let api = |p: &str| p.replacen("/spanningen/", "/api/v1/tensions/", 1);
    let pages = [
        "/".to_owned(),
        "/spanningen".into(),
        tension.clone(),
        "/referentiepersonen".into(),
        person.clone(),
        "/vormingen".into(),
        training.clone(),
        "/api/v1/tensions".into(),
        api(&tension),
        "/api/v1/reference-persons".into(),
        person.replace("/referentiepersonen/", "/api/v1/reference-persons/"),
        "/api/v1/trainings".into(),
        training.replace("/vormingen/", "/api/v1/trainings/"),
        "/api/v1/openapi.json".into(),
        "/audit".into(),
        "/audit.csv".into(),
        "/metrics".into(),
        "/spanningen/00000000-0000-4000-8000-000000000000".into(),
        "/api/v1/trainings/bestaat-niet".into(),
    ];
    // The expert sees every marker where it belongs (so the test can fail).
    let mut seen = String::new();
    for p in &pages[..13] {
        seen.push_str(&expert.get(p).await.body);
    }
    for x in m {
        assert!(seen.contains(x), "the expert sees {x}");
    }
    for account in verbind_store::demo::DEMO_ACCOUNTS {
        let mut c = Client::new(&app);
        c.login_demo(account.username).await;
        let ccsrf = common::csrf_in(&c.get("/").await.body).unwrap_or_default();
        for p in &pages {
            let r = c.get(p).await;
            assert!(
                r.status < 500,
                "{}: {p} gave {}",
                account.username,
                r.status
            );
            if account.username != "deskundige" {
                let text = format!("{:?}{}", r.headers, r.body);
                for x in m {
                    assert!(!text.contains(x), "{}: {x} on {p}", account.username);
                }
            }
        }
        // Error paths: a refused form and a refused API body.
        let r = c
            .post_form(
                &format!("{tension}/acties"),
                &[("csrf", &ccsrf), ("beschrijving", m[15])],
            )
            .await;
        assert!(r.status < 500);
        let r = c
            .post_json(
                "/api/v1/reference-persons",
                serde_json::json!({"name": m[17], "email": "fout"}),
                Some(&ccsrf),
            )
            .await;
        assert!(r.status < 500);
        assert!(
            !r.body.contains(m[17]),
            "{}: an error echoes the name",
            account.username
        );
    }

    // The Stuurgroep report shows the tension register without any of its
    // text, and no training's title, provider, place or evaluation.
    for who in ["stuurgroep", "deskundige"] {
        let mut c = Client::new(&app);
        c.login_demo(who).await;
        for p in crate::report::report_paths(&mut c).await {
            let r = c.get(&p).await;
            assert_eq!(r.status, 200, "{who}: {p}");
            for x in m {
                assert!(!r.body.contains(x), "{who}: {x} in {p}");
            }
        }
    }

    // The audit trail holds none of the markers.
    let rows = common::audit_rows(&app, 5000);
    assert!(
        rows.iter()
            .any(|r| r.action == "training.attendance_recorded")
    );
    for r in rows {
        let text = format!(
            "{:?}{:?}{:?}{}",
            r.detail,
            r.object_id,
            r.object_type,
            String::from_utf8_lossy(&r.reason.unwrap_or_default())
        );
        for x in m {
            assert!(!text.contains(x), "audit row {}: {x}", r.seq);
        }
    }
    // Nor do the logs.
    let logs = String::from_utf8_lossy(&capture.0.lock().unwrap()).into_owned();
    assert!(logs.contains("request done"), "the capture works");
    for x in m {
        assert!(!logs.contains(x), "log holds {x}");
    }
}

// ------------------------------------------------------------ outreach: kennisbank, working group, silent middle, workshops, action plan

/// Markers in every free-text field of the outreach modules (issue 4, items
/// 1 and 7 to 10). The action plan's indicators and notes are for the expert
/// and the Stuurgroep; everything else for the expert only (a draft page of
/// the kennisbank too: it is not public until published).
const OUTREACH_EXPERT_ONLY: [&str; 17] = [
    "KANARIE-FASE-8f3e",
    "KANARIE-FASE-NOTITIE-8f3e",
    "KANARIE-BESTUUR-ONDERWERP-8f3e",
    "KANARIE-BESTUUR-SAMENVATTING-8f3e",
    "KANARIE-BESTUUR-AAN-8f3e",
    "KANARIE-BESTUUR-ANTWOORD-8f3e",
    "KANARIE-PAGINABEHEERDER-8f3e",
    "KANARIE-ADVIESVRAAG-8f3e",
    "KANARIE-ADVIES-8f3e",
    "KANARIE-OP-MAAT-8f3e",
    "KANARIE-TEGENGELUID-8f3e",
    "KANARIE-TEGENGELUID-TEKST-8f3e",
    "KANARIE-WS-AANBIEDER-8f3e",
    "KANARIE-WS-KLASSEN-8f3e",
    "KANARIE-WS-EVALUATIE-8f3e",
    "KANARIE-ONTWERP-TITEL-8f3e",
    "KANARIE-ONTWERP-TEKST-8f3e",
];
const OUTREACH_PLAN: [&str; 2] = ["KANARIE-INDICATOR-8f3e", "KANARIE-EVALUATIENOTA-8f3e"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn canary_outreach() {
    let capture = log_capture();
    let app = spawn(Db::Sqlite, true).await.unwrap();
    let m = OUTREACH_EXPERT_ONLY;
    let mut expert = Client::new(&app);
    expert.login_demo("deskundige").await;
    let csrf = common::csrf_in(&expert.get("/").await.body).unwrap();
    let post = |path: &'static str, fields: Vec<(&'static str, &'static str)>| (path, fields);
    let mut created = Vec::new();
    for (path, fields) in [
        post(
            "/werkgroep/fasen",
            vec![
                ("fase", "1"),
                ("vanaf", "01/09/2022"),
                ("reikwijdte", m[0]),
                ("notitie", m[1]),
            ],
        ),
        post(
            "/werkgroep/signalen",
            vec![
                ("datum", "10/10/2026"),
                ("onderwerp", m[2]),
                ("samenvatting", m[3]),
                ("aan", m[4]),
                ("antwoord", m[5]),
                ("antwoord_op", "20/10/2026"),
            ],
        ),
        post(
            "/stille-midden/advies/nieuw",
            vec![
                ("soort", "page_admin"),
                ("naam", m[6]),
                ("platform", "facebook"),
                ("vraag", m[7]),
                ("advies", m[8]),
                ("ondersteuning", m[9]),
                ("gestart_op", "01/11/2026"),
                ("status", "support"),
            ],
        ),
        post(
            "/stille-midden/tegengeluiden/nieuw",
            vec![
                ("datum", "02/11/2026"),
                ("kanaal", "press"),
                ("thema", "polarisation"),
                ("titel", m[10]),
                ("beschrijving", m[11]),
            ],
        ),
        post(
            "/workshops/nieuw",
            vec![
                ("school", "forum-da-vinci"),
                ("datum", "10/10/2026"),
                ("status", "held"),
                ("aanbieder", m[12]),
                ("klassen", m[13]),
                ("onderwerp", "fake_news"),
                ("evaluatie", m[14]),
            ],
        ),
        post(
            "/kennisbank/beheer/nieuw",
            vec![
                ("adres", "kanarie-ontwerp"),
                ("onderwerp", "polarisation"),
                ("status", "draft"),
                ("titel_nl", m[15]),
                ("tekst_nl", m[16]),
            ],
        ),
        post(
            "/actieplan/P4",
            vec![("indicatoren", OUTREACH_PLAN[0]), ("status", "in_progress")],
        ),
        post(
            "/actieplan/P4/evaluaties",
            vec![("periode", "2026-H2"), ("notitie", OUTREACH_PLAN[1])],
        ),
    ] {
        let mut f = vec![("csrf", csrf.as_str())];
        f.extend(fields);
        let r = expert.post_form(path, &f).await;
        assert_eq!(r.status, 303, "{path}: {}", r.body);
        created.push(
            r.header("location")
                .unwrap()
                .split('#')
                .next()
                .unwrap()
                .to_owned(),
        );
    }
    let wg = expert.get("/api/v1/working-group").await.json();
    let signal = wg["board_signals"][0]["id"].as_str().unwrap().to_owned();
    let (advice, counter, workshop, page) = (&created[2], &created[3], &created[4], &created[5]);
    let api = |p: &str, from: &str, to: &str| p.replacen(from, to, 1);
    let pages = [
        "/".to_owned(),
        "/werkgroep".into(),
        format!("/werkgroep/signalen/{signal}"),
        "/stille-midden".into(),
        advice.clone(),
        counter.clone(),
        "/workshops".into(),
        workshop.clone(),
        "/kennisbank/beheer".into(),
        page.clone(),
        "/actieplan".into(),
        "/actieplan/P4".into(),
        "/api/v1/working-group".into(),
        format!("/api/v1/working-group/board-signals/{signal}"),
        "/api/v1/advice-trajectories".into(),
        api(
            advice,
            "/stille-midden/advies/",
            "/api/v1/advice-trajectories/",
        ),
        "/api/v1/counter-messages".into(),
        api(
            counter,
            "/stille-midden/tegengeluiden/",
            "/api/v1/counter-messages/",
        ),
        "/api/v1/workshops".into(),
        api(workshop, "/workshops/", "/api/v1/workshops/"),
        "/api/v1/knowledge-pages".into(),
        api(page, "/kennisbank/beheer/", "/api/v1/knowledge-pages/"),
        "/api/v1/action-plan".into(),
        "/api/v1/action-plan/P4".into(),
        // Pages and calls where no marker belongs, for anyone.
        "/workshops/bereik".into(),
        "/api/v1/workshops/coverage".into(),
        "/kennisbank".into(),
        "/kennisbank/kanarie-ontwerp".into(),
        "/api/v1/public/knowledge-pages".into(),
        "/api/v1/public/knowledge-pages/kanarie-ontwerp".into(),
        "/api/v1/openapi.json".into(),
        "/audit".into(),
        "/audit.csv".into(),
        "/metrics".into(),
        "/stille-midden/advies/00000000-0000-4000-8000-000000000000".into(),
        "/api/v1/workshops/bestaat-niet".into(),
    ];
    // The expert sees every marker where it belongs (so the test can fail).
    let mut seen = String::new();
    for p in &pages[..24] {
        seen.push_str(&expert.get(p).await.body);
    }
    for x in m.iter().chain(OUTREACH_PLAN.iter()) {
        assert!(seen.contains(x), "the expert sees {x}");
    }
    let mut visitors: Vec<Option<&str>> = vec![None];
    visitors.extend(
        verbind_store::demo::DEMO_ACCOUNTS
            .iter()
            .map(|a| Some(a.username)),
    );
    for who in visitors {
        let mut c = Client::new(&app);
        if let Some(u) = who {
            c.login_demo(u).await;
        }
        let name = who.unwrap_or("anonymous");
        let ccsrf = common::csrf_in(&c.get("/").await.body).unwrap_or_default();
        let mut plan_seen = String::new();
        for p in &pages {
            let r = c.get(p).await;
            assert!(r.status < 500, "{name}: {p} gave {}", r.status);
            if name == "deskundige" {
                continue;
            }
            let text = format!("{:?}{}", r.headers, r.body);
            for x in m {
                assert!(!text.contains(x), "{name}: {x} on {p}");
            }
            if name != "stuurgroep" {
                for x in OUTREACH_PLAN {
                    assert!(!text.contains(x), "{name}: {x} on {p}");
                }
            }
            plan_seen.push_str(&text);
        }
        if name == "stuurgroep" {
            for x in OUTREACH_PLAN {
                assert!(plan_seen.contains(x), "the Stuurgroep sees {x}");
            }
        }
        // Error paths: refused forms and API bodies never echo a marker to someone else.
        let r = c
            .post_form(
                &format!("/werkgroep/signalen/{signal}"),
                &[("csrf", &ccsrf), ("onderwerp", m[2])],
            )
            .await;
        assert!(r.status < 500);
        let r = c
            .post_json(
                "/api/v1/advice-trajectories",
                serde_json::json!({"recipient": m[6], "platform": "myspace"}),
                Some(&ccsrf),
            )
            .await;
        assert!(r.status < 500);
        if name != "deskundige" {
            assert!(
                !r.body.contains(m[6]),
                "{name}: an error echoes the recipient"
            );
        }
    }

    // The Stuurgroep report lists the measures and their state, never the
    // free text of indicators, notes or anything else of outreach.
    for who in ["stuurgroep", "deskundige"] {
        let mut c = Client::new(&app);
        c.login_demo(who).await;
        for p in crate::report::report_paths(&mut c).await {
            let r = c.get(&p).await;
            assert_eq!(r.status, 200, "{who}: {p}");
            for x in OUTREACH_EXPERT_ONLY.iter().chain(OUTREACH_PLAN.iter()) {
                assert!(!r.body.contains(x), "{who}: {x} in {p}");
            }
        }
    }

    // The audit trail holds none of the markers.
    let rows = common::audit_rows(&app, 5000);
    assert!(rows.iter().any(|r| r.action == "action_plan.evaluated"));
    for r in rows {
        let text = format!(
            "{:?}{:?}{:?}{}",
            r.detail,
            r.object_id,
            r.object_type,
            String::from_utf8_lossy(&r.reason.unwrap_or_default())
        );
        for x in m.iter().chain(OUTREACH_PLAN.iter()) {
            assert!(!text.contains(x), "audit row {}: {x}", r.seq);
        }
    }
    // Nor do the logs.
    let logs = String::from_utf8_lossy(&capture.0.lock().unwrap()).into_owned();
    assert!(logs.contains("request done"), "the capture works");
    for x in m.iter().chain(OUTREACH_PLAN.iter()) {
        assert!(!logs.contains(x), "log holds {x}");
    }
}
