//! Times `audit::verify` (what `verbind audit verify` runs) and reports its
//! throughput in the terms of `bench/audit_verify.sh`: entries per second and
//! the bytes that went into SHA-256 (the chain encoding of every entry, as
//! `crates/crypto/README.md` defines it, and the padded 64-byte blocks).
//!
//! ```text
//! cargo run --release -p verbind-store --example audit_verify_bench -- [ENTRIES] [DATABASE] [RUNS]
//! ```
//!
//! ENTRIES (default 200000): the chain is grown with `audit::append_batch`
//! (the same chain as `audit::append` once per entry) until it holds that
//! many entries. DATABASE: a SQLite file or a `postgres://` URL to use (and
//! keep); default a SQLite file in a temporary directory. RUNS (default 5).
//! Prints each run's wall-clock and CPU time (all threads), then the median.
//! Compare with `openssl speed -seconds 3 sha256`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use diesel::QueryableByName;
use diesel::RunQueryDsl;
use verbind_domain::audit::AuditAction;
use verbind_domain::{TenantId, UserId};
use verbind_store::models::audit::{self, NewEntry};
use verbind_store::{Backend, Database, DbConn};

/// Entries per `append_batch` transaction while filling.
const FILL_BATCH: usize = 20_000;

fn main() {
    let mut args = std::env::args().skip(1);
    let target: i64 = args.next().map_or(200_000, |a| a.parse().expect("ENTRIES"));
    let db_arg = args.next();
    let runs: usize = args.next().map_or(5, |a| a.parse().expect("RUNS"));

    let _tmp;
    let url = match db_arg {
        Some(url) => url,
        None => {
            _tmp = tempfile::tempdir().expect("tempdir");
            _tmp.path()
                .join("verbind.db")
                .to_string_lossy()
                .into_owned()
        }
    };
    let db = Database::open(&url).expect("open database");
    fill(&db, target);

    let (entries, msg, blocks) = hashed_bytes(&db);
    println!(
        "# {} database, {entries} entries; hashed {msg} bytes ({:.0} per entry), {blocks} padded",
        db.backend().name(),
        msg as f64 / entries as f64
    );
    let mut secs = Vec::with_capacity(runs);
    let cpu_start = cpu_seconds();
    for _ in 0..runs {
        let mut conn = db.conn().expect("connection");
        let mut calls = 0_u64;
        let cpu0 = cpu_seconds();
        let t0 = Instant::now();
        let v = audit::verify(&mut conn, None, |_| calls += 1).expect("verify");
        let s = t0.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu0;
        assert_eq!(v.entries, entries);
        println!(
            "RUN seconds={s:.3} cpu_seconds={cpu:.2} entries={} progress_calls={calls}",
            v.entries
        );
        secs.push(s);
    }
    if runs == 0 {
        return;
    }
    let cpu_per_run = (cpu_seconds() - cpu_start) / runs as f64;
    secs.sort_by(f64::total_cmp);
    let median = secs[secs.len() / 2];
    let mb = |b: u64| b as f64 / 1e6;
    println!(
        "median {median:.3} s = {:.0} entries/s; message bytes {:.1} MB/s; padded blocks {:.1} MB/s; \
         CPU {cpu_per_run:.3} s per run ({:.0} ns per entry)",
        entries as f64 / median,
        mb(msg) / median,
        mb(blocks) / median,
        cpu_per_run * 1e9 / entries as f64
    );
}

/// User and system CPU time of this process so far (all its threads), from
/// `/proc/self/stat` (in clock ticks of 1/100 s).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses): state is the
    // first, utime the 12th and stime the 13th.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Grows the chain to `target` entries with varied, realistic entries
/// (tenant, actor, organisation and object ids are UUIDs, as in production).
fn fill(db: &Database, target: i64) {
    let (mut seq, _) = db.read(audit::head).expect("head");
    if seq >= target {
        return;
    }
    let tenants: Vec<TenantId> = (0..7).map(|_| TenantId::new()).collect();
    let users: Vec<(String, String)> = (0..50)
        .map(|_| (UserId::new().into_string(), UserId::new().into_string()))
        .collect();
    let t0 = Instant::now();
    while seq < target {
        let n = usize::try_from(target - seq).unwrap().min(FILL_BATCH);
        let batch: Vec<(i64, NewEntry)> = (0..n)
            .map(|k| {
                let i = seq + 1 + k as i64;
                let u = &users[(i as usize * 7) % users.len()];
                let action = match i % 10 {
                    0 => AuditAction::CaseListViewed,
                    1 => AuditAction::ALL[(i as usize / 10) % AuditAction::ALL.len()],
                    _ => AuditAction::CaseViewed,
                };
                let mut e = NewEntry::new(action, if i % 50 == 0 { "denied" } else { "ok" })
                    .tenant(&tenants[i as usize % tenants.len()])
                    .actor(&u.0, &u.1);
                if action == AuditAction::CaseListViewed {
                    e = e.detail(format!("cases={}", i % 300));
                } else {
                    e = e
                        .object("case", &UserId::new().into_string())
                        .detail(format!("view=detail section=overview n={i}"));
                }
                if i % 97 == 0 {
                    e.reason = Some(vec![0x5a; 60 + (i as usize % 40)]);
                }
                (1_700_000_000_000 + i * 1_000, e)
            })
            .collect();
        seq = db
            .write(|c| audit::append_batch(c, batch))
            .expect("append_batch");
    }
    println!(
        "# filled to {seq} entries in {:.1} s",
        t0.elapsed().as_secs_f64()
    );
}

#[derive(QueryableByName)]
struct Sums {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    msg: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    blocks: i64,
}

/// (entries, message bytes, padded block bytes) as `bench/audit_verify.sh`
/// computes them.
fn hashed_bytes(db: &Database) -> (u64, u64, u64) {
    let len = |c: &str| match db.backend() {
        Backend::Sqlite => format!("length(CAST({c} AS BLOB))"),
        Backend::Postgres => format!("octet_length({c})"),
    };
    let lp = |c: &str| format!("(4 + {})", len(c));
    let opt = |c: &str| format!("(CASE WHEN {c} IS NULL THEN 1 ELSE 5 + {} END)", len(c));
    // lp("verbind-audit-v1") + prev + seq + at_ms
    let size = format!(
        "(20 + 32 + 8 + 8 + {} + {} + {} + {} + {} + {} + {} + {} + {})",
        opt("tenant_id"),
        opt("actor_user_id"),
        opt("actor_org_id"),
        lp("action"),
        opt("object_type"),
        opt("object_id"),
        lp("outcome"),
        opt("reason"),
        opt("detail"),
    );
    let sql = format!(
        "SELECT CAST(count(*) AS BIGINT) AS n, CAST(coalesce(sum(s), 0) AS BIGINT) AS msg,
         CAST(coalesce(sum((s + 9 + 63) / 64 * 64), 0) AS BIGINT) AS blocks
         FROM (SELECT {size} AS s FROM audit_log) t"
    );
    let mut conn = db.conn().expect("connection");
    let sums: Sums = match &mut *conn {
        DbConn::Sqlite(c) => diesel::sql_query(sql).get_result(c),
        DbConn::Pg(c) => diesel::sql_query(sql).get_result(c),
    }
    .expect("sums");
    (sums.n as u64, sums.msg as u64, sums.blocks as u64)
}
