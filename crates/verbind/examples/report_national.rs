//! Times the Stuurgroep report on national-scale demo data (QUALITY.md §4:
//! "steering-group report over a year of one LIVC-R < 200 ms; over all
//! tenants < 2 s"), in one process, as `verbind report` and the web make it:
//! the policy check, reading every fact (opening each case's identity for
//! its age band and re-referral), building and protecting the tables, the
//! audit entry, and serialising to JSON.
//!
//! `cargo run --release -p verbind --example report_national -- DATA [PERIOD] [DATABASE_URL]`
//! on a data directory made by `verbind demo --scale national` (the master
//! key is read from `DATA/master.key`; the database is `DATA/verbind.db`
//! unless a URL is given). Measures the LIVC-R with the median number of
//! cases and the largest, 15 runs each, then every LIVC-R's own report one
//! after another (Verbind has no single report over all tenants: the
//! Stuurgroep's policy stops at its own LIVC-R), three rounds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::{Locale, OrganisationId, Role, SystemClock, TenantId, UserId};
use verbind_store::Database;
use verbind_store::models::tenant;
use verbind_store::schema::cases;
use verbind_web::i18n::Tr;
use verbind_web::middleware::session::CurrentSession;
use verbind_web::report::service::{self, Format};
use verbind_web::state::{AppState, WebConfig};

fn session(tid: &TenantId) -> CurrentSession {
    CurrentSession {
        id_hash: String::new(),
        csrf: String::new(),
        mfa_done: true,
        reauth_at: None,
        user_id: UserId::from_db("cli".into()),
        tenant_id: TenantId::from_db(tid.as_str().to_owned()),
        organisation_id: OrganisationId::from_db("cli".into()),
        role: Role::Steering,
        username: "cli".into(),
        locale: Locale::default(),
        mfa_enabled: false,
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().expect("DATA directory"));
    let period = args.next().unwrap_or_else(|| "2025".into());
    let url = args
        .next()
        .unwrap_or_else(|| data.join("verbind.db").to_string_lossy().into_owned());
    let keyring = MasterKeyring::load(&data.join("master.key")).unwrap();
    let db = Database::open(&url).unwrap();
    let tenants = db.read(tenant::list).unwrap();
    let mut sized: Vec<(i64, TenantId, String)> = tenants
        .iter()
        .map(|t| {
            let n: i64 = db
                .read(|c| {
                    Ok(cases::table
                        .filter(cases::tenant_id.eq(&t.id))
                        .count()
                        .get_result(c)?)
                })
                .unwrap();
            (n, t.tenant_id(), t.slug.clone())
        })
        .collect();
    sized.sort_by(|a, b| (a.0, &a.2).cmp(&(b.0, &b.2)));
    let state = AppState::new(
        db,
        Arc::new(keyring),
        Arc::new(SystemClock),
        WebConfig::default(),
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let req = service::parse_request(&state, Some(&period), None).unwrap();
    let once = |tid: &TenantId| -> (Duration, usize) {
        let t = Instant::now();
        let doc = rt
            .block_on(service::stuurgroep(
                &state,
                &session(tid),
                req,
                Format::Json,
                Tr::new(Locale::default()),
            ))
            .unwrap();
        let text = serde_json::to_vec(&doc).unwrap();
        let rows = doc
            .sections
            .iter()
            .flat_map(|s| s.tables.iter())
            .find(|t| t.id == "casussen-overzicht")
            .map_or(0, |t| t.rows.len());
        std::hint::black_box(&text);
        (t.elapsed(), rows)
    };
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{} LIVC-Rs, {} cases; period {period}",
        sized.len(),
        sized.iter().map(|s| s.0).sum::<i64>()
    );
    let median = &sized[sized.len() / 2];
    let largest = &sized[sized.len() - 1];
    for (label, (cases, tid, slug)) in [("median", median), ("largest", largest)] {
        let mut v: Vec<Duration> = Vec::new();
        let mut rows = 0;
        for _ in 0..15 {
            let (d, r) = once(tid);
            v.push(d);
            rows = r;
        }
        v.sort();
        println!(
            "one LIVC-R ({label}: {slug}, {cases} cases, {rows} in the period's overview): \
             median {:.1} ms, worst {:.1} ms",
            ms(v[v.len() / 2]),
            ms(v[v.len() - 1])
        );
    }
    for round in 1..=3 {
        let t = Instant::now();
        let mut worst = Duration::ZERO;
        for (_, tid, _) in &sized {
            let (d, _) = once(tid);
            worst = worst.max(d);
        }
        println!(
            "every LIVC-R's report one after another, round {round}: {:.2} s in all \
             ({} reports, slowest {:.1} ms)",
            t.elapsed().as_secs_f64(),
            sized.len(),
            ms(worst)
        );
    }
}
