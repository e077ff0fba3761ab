#![allow(dead_code)]
//! Shared test helper: a fresh database per test, on SQLite (always) or on
//! PostgreSQL (when `VERBIND_TEST_PG_URL` is set; with
//! `VERBIND_TEST_REQUIRE_SERVICES=1` a missing URL fails the test instead of
//! skipping it, so CI proves the PostgreSQL tests ran).

use std::ops::Deref;
use std::path::PathBuf;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use verbind_store::Database;

/// A fresh database, removed when dropped. Derefs to [`Database`].
pub struct TestDb {
    db: Option<Database>,
    /// Scratch space for key files, backups and (for SQLite) the database itself.
    pub dir: tempfile::TempDir,
    /// The URL the database was opened with.
    pub url: String,
    /// The SQLite file, when SQLite.
    pub sqlite_path: Option<PathBuf>,
    /// (server URL, database name) to drop at the end, when PostgreSQL.
    pg: Option<(String, String)>,
}

impl Deref for TestDb {
    type Target = Database;
    fn deref(&self) -> &Database {
        self.db.as_ref().expect("database is open until drop")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // Close the pool first, then drop the database (best effort).
        self.db.take();
        if let Some((server, name)) = &self.pg {
            let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            if let Ok(mut c) = PgConnection::establish(server) {
                let _ = c.batch_execute(&sql);
            }
        }
    }
}

/// A fresh SQLite database in its own temporary directory.
pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("verbind.db");
    let url = path.to_string_lossy().into_owned();
    let db = Database::open(&url).expect("open sqlite");
    TestDb {
        db: Some(db),
        dir,
        url,
        sqlite_path: Some(path),
        pg: None,
    }
}

/// The PostgreSQL server URL, or `None` (after printing why) when the test
/// should be skipped. Panics when services are required but not configured.
pub fn pg_server_url() -> Option<String> {
    match std::env::var("VERBIND_TEST_PG_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url.trim().to_owned()),
        _ => {
            if std::env::var("VERBIND_TEST_REQUIRE_SERVICES").as_deref() == Ok("1") {
                panic!("VERBIND_TEST_REQUIRE_SERVICES=1 but VERBIND_TEST_PG_URL is not set");
            }
            println!("skipped: VERBIND_TEST_PG_URL not set");
            None
        }
    }
}

/// A fresh, empty PostgreSQL database `verbind_t_<random hex>`, migrated;
/// `None` when skipped (see [`pg_server_url`]).
pub fn postgres() -> Option<TestDb> {
    let server = pg_server_url()?;
    let name = format!("verbind_t_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::establish(&server).expect("connect to VERBIND_TEST_PG_URL");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("CREATE DATABASE");
    drop(admin);
    let url = with_database(&server, &name);
    let dir = tempfile::tempdir().expect("tempdir");
    // Build the guard before opening so a failed open still drops the database.
    let mut t = TestDb {
        db: None,
        dir,
        url: url.clone(),
        sqlite_path: None,
        pg: Some((server, name)),
    };
    t.db = Some(Database::open(&url).expect("open postgres"));
    Some(t)
}

/// `url` with its database name replaced by `name` (query string kept).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let host_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[host_start..]
        .find('/')
        .map_or(base.len(), |i| i + host_start);
    let mut out = format!("{}/{name}", &base[..path_start]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}
