//! The canary test of QUALITY.md §2.3 for the case module: every personal or
//! free-text field of a case gets a unique marker; then every page, API call,
//! error path and the audit trail is driven as every demo account, and the
//! markers appear only where that account may see them. The process's logs
//! are captured and must hold none of them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::{Client, Db, spawn};
use verbind_domain::Clock;

/// Captures everything the app logs in this test process.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

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
const FEEDBACK: &str = "KANARIE-TERUGKOPPELING-91c4";
const MINUTES: &str = "KANARIE-NOTULEN-91c4";
const DOB_SHOWN: &str = "29/03/1997";

/// Markers that only a reveal (seat + re-authentication + purpose) may show.
const IDENTITY: [&str; 3] = [NAME, ADDRESS, DOB_SHOWN];
/// Case content the table may see.
const CONTENT: [&str; 9] = [
    REASON, NOTE, ITEM, NECESSITY, FINDING, MISSING, ACTION, FEEDBACK, MINUTES,
];

/// A valid national register number of someone born on 29/03/1997.
fn valid_nrn() -> String {
    let base: u64 = 970_329_123;
    format!("{base:09}{:02}", 97 - base % 97)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn canary_markers_stay_where_they_belong() {
    let capture = Capture::default();
    let writer = capture.clone();
    let _ = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .try_init();
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
        "/audit".into(),
        "/audit.csv".into(),
        "/api/v1/me".into(),
        "/api/v1/cases".into(),
        format!("/api/v1/cases/{id}"),
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
        for p in &pages {
            let r = c.get(p).await;
            let text = format!("{:?}{}", r.headers, r.body);
            for m in IDENTITY.iter().chain([nrn.as_str(), PURPOSE].iter()) {
                assert!(!text.contains(m), "{}: {m} on {p}", account.username);
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

    // The audit trail holds none of the markers, in any column.
    let rows = app
        .db
        .read(|c| {
            verbind_store::models::audit::list(
                c,
                &verbind_store::models::audit::Filter {
                    limit: 1000,
                    ..Default::default()
                },
            )
        })
        .unwrap();
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
    {
        assert!(!logs.contains(m), "log holds {m}");
    }
}
