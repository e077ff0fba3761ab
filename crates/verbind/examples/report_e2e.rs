//! Times the Stuurgroep report end to end for one LIVC-R (QUALITY.md §4:
//! "steering-group report over a year of one LIVC-R < 200 ms"): the policy
//! check, reading every fact from SQLite (opening each case's identity for
//! its age band and re-referral), building and protecting the tables, the
//! audit entry, and rendering the document as JSON and as PDF.
//!
//! `cargo run --release -p verbind --example report_e2e [CASES] [SIGNALS]`
//! (default 200 cases and 3 300 signals: the national-scale data of
//! QUALITY.md §4 spread over 300 LIVC-Rs). A fresh SQLite database in a temp
//! directory with the demo profile and accounts; 15 runs, median and worst.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::SecretString;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::{Clock, Locale, OrganisationId, Role, SystemClock, TenantId, UserId};
use verbind_store::Database;
use verbind_store::models::{signal, tenant, user};
use verbind_web::i18n::Tr;
use verbind_web::middleware::session::CurrentSession;
use verbind_web::report::service::{self, Format};
use verbind_web::state::{AppState, WebConfig};

const THEMES: [&str; 4] = [
    "extremism_right",
    "polarisation",
    "hate_speech",
    "fake_news",
];

fn main() {
    let mut args = std::env::args().skip(1);
    let cases: usize = args.next().map_or(200, |a| a.parse().expect("cases"));
    let signals: usize = args.next().map_or(3_300, |a| a.parse().expect("signals"));
    let dir = tempfile::tempdir().unwrap();
    let keyring = MasterKeyring::load_or_create(&dir.path().join("master.key")).unwrap();
    let db = Database::open(&dir.path().join("verbind.db").to_string_lossy()).unwrap();
    let now = SystemClock.now_ms();
    let phc = verbind_crypto::password::hash_password(&SecretString::from(
        verbind_store::demo::DEMO_PASSWORD,
    ))
    .unwrap();
    let t0 = Instant::now();
    db.write(|c| {
        verbind_store::demo::seed(c, &keyring, &phc, now)?;
        // The demo's five cases, again and again: new codes, keys and
        // identities each time, spread over the past year.
        for i in 0..cases.div_ceil(5) {
            let at = now - (i as i64 % 52) * 7 * 24 * 3_600_000;
            verbind_store::demo::seed_cases(c, &keyring, at)?;
        }
        verbind_store::demo::seed_prevention(c, &keyring, now)?;
        verbind_store::demo::seed_tensions_network(c, &keyring, now)?;
        verbind_store::demo::seed_outreach(c, &keyring, now)
    })
    .unwrap();
    let (tid, author) = db
        .read(|c| {
            let t = tenant::find_by_slug(c, "sint-niklaas")?.unwrap();
            let u = user::find_by_username(c, "referentie")?.unwrap();
            Ok((t.tenant_id(), u))
        })
        .unwrap();
    db.write(|c| {
        for i in 0..signals {
            let day =
                verbind_domain::case::Date::from_unix_days(now / 86_400_000 - (i as i64 % 365))
                    .unwrap();
            signal::create(
                c,
                &keyring,
                &signal::NewSignal {
                    tenant_id: &tid,
                    source: "reference_person",
                    theme: THEMES[i % THEMES.len()],
                    life_domain: "school",
                    district_slug: None,
                    observed_on: &day.to_iso(),
                    severity: "low",
                    description: "Benchmarksignaal zonder persoonsgegevens.",
                    author_user_id: &author.id,
                    author_org_id: &author.organisation_id,
                },
                now,
            )?;
        }
        Ok(())
    })
    .unwrap();
    println!(
        "seeded {} cases and {signals} signals in {:.1} s",
        cases.div_ceil(5) * 5,
        t0.elapsed().as_secs_f64()
    );

    let state = AppState::new(
        db,
        Arc::new(keyring),
        Arc::new(SystemClock),
        WebConfig::default(),
    );
    let session = CurrentSession {
        id_hash: String::new(),
        csrf: String::new(),
        mfa_done: true,
        reauth_at: None,
        user_id: UserId::from_db(author.id.clone()),
        tenant_id: TenantId::from_db(tid.as_str().to_owned()),
        organisation_id: OrganisationId::from_db(author.organisation_id.clone()),
        role: Role::Steering,
        username: "stuurgroep".into(),
        locale: Locale::default(),
        mfa_enabled: false,
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let year = verbind_domain::case::Date::from_unix_days(now / 86_400_000)
        .unwrap()
        .year()
        .to_string();
    let req = service::parse_request(&state, Some(&year), None).unwrap();
    let mut json = Vec::new();
    let mut pdf = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        let doc = rt
            .block_on(service::stuurgroep(
                &state,
                &session,
                req,
                Format::Json,
                Tr::new(Locale::default()),
            ))
            .unwrap();
        let text = serde_json::to_vec(&doc).unwrap();
        std::hint::black_box(&text);
        json.push(t.elapsed());
        let t = Instant::now();
        let bytes = verbind_web::report::pdf::render(&doc);
        std::hint::black_box(&bytes);
        pdf.push(t.elapsed());
    }
    let doc = rt
        .block_on(service::stuurgroep(
            &state,
            &session,
            req,
            Format::Json,
            Tr::new(Locale::default()),
        ))
        .unwrap();
    let overview = doc
        .sections
        .iter()
        .flat_map(|s| s.tables.iter())
        .find(|t| t.id == "casussen-overzicht")
        .unwrap();
    println!(
        "the report for {year} lists {} cases in its overview",
        overview.rows.len()
    );
    let show = |name: &str, v: &mut Vec<Duration>| {
        v.sort();
        println!(
            "{name}: median {:.1} ms, worst {:.1} ms",
            v[v.len() / 2].as_secs_f64() * 1e3,
            v[v.len() - 1].as_secs_f64() * 1e3
        );
    };
    show("report as JSON (facts, tables, audit)", &mut json);
    show("PDF rendering of that report", &mut pdf);
}
