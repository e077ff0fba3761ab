//! Connections: one diesel `MultiConnection` over SQLite and PostgreSQL, an r2d2
//! pool, embedded migrations, and the few places where the two backends differ.
//!
//! The backend is chosen by the URL: `postgres://` or `postgresql://` is
//! PostgreSQL, anything else is a SQLite file path (or `sqlite://PATH`). We do
//! not let diesel guess by trying each backend in turn: a PostgreSQL server that
//! is down must be an error, not a new SQLite file named like a URL.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{ManageConnection, Pool, PooledConnection, R2D2Connection};
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::error::StoreError;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// One connection, to either database.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgresql",
        }
    }
}

/// Opens connections for the pool and applies the SQLite settings to each.
#[derive(Debug, Clone)]
pub struct DbManager {
    url: String,
    backend: Backend,
}

impl DbManager {
    pub fn new(url: &str) -> Self {
        let backend = Backend::from_url(url);
        let url = match backend {
            Backend::Sqlite => url.strip_prefix("sqlite://").unwrap_or(url).to_owned(),
            Backend::Postgres => url.to_owned(),
        };
        Self { url, backend }
    }
}

/// WAL for concurrent readers, foreign keys enforced, a writer waits rather than
/// failing at once, and NORMAL sync (safe with WAL: a power cut may lose the
/// last transactions but never corrupts the file).
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 10000;
PRAGMA journal_mode = WAL;
PRAGMA foreign_keys = ON;
PRAGMA synchronous = NORMAL;";

impl ManageConnection for DbManager {
    type Connection = DbConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConn, Self::Error> {
        match self.backend {
            Backend::Sqlite => {
                let mut c = SqliteConnection::establish(&self.url)
                    .map_err(diesel::r2d2::Error::ConnectionError)?;
                c.batch_execute(SQLITE_PRAGMAS)
                    .map_err(diesel::r2d2::Error::QueryError)?;
                Ok(DbConn::Sqlite(c))
            }
            Backend::Postgres => PgConnection::establish(&self.url)
                .map(DbConn::Pg)
                .map_err(diesel::r2d2::Error::ConnectionError),
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        conn.ping().map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

pub type DbPool = Pool<DbManager>;
pub type PooledConn = PooledConnection<DbManager>;

/// The database: a pool plus what differs per backend.
#[derive(Clone)]
pub struct Database {
    pool: DbPool,
    backend: Backend,
    /// SQLite allows one writer at a time; taking this lock before a write
    /// transaction avoids the deadlock of two readers upgrading to writers at
    /// once. PostgreSQL needs no such lock.
    sqlite_write: Option<Arc<Mutex<()>>>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("backend", &self.backend)
            .finish()
    }
}

impl Database {
    /// Opens the pool and runs pending migrations.
    pub fn open(url: &str) -> Result<Self, StoreError> {
        let manager = DbManager::new(url);
        let backend = manager.backend;
        if backend == Backend::Sqlite {
            // Switch a new file to WAL once, alone: the pool opens connections
            // in parallel, and a journal-mode change does not wait for locks.
            let mut first = SqliteConnection::establish(&manager.url)
                .map_err(|e| StoreError::Pool(e.to_string()))?;
            first.batch_execute("PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL;")?;
        }
        let max = match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        };
        let pool = Pool::builder()
            .max_size(max)
            .connection_timeout(Duration::from_secs(10))
            .build(manager)
            .map_err(|e| StoreError::Pool(e.to_string()))?;
        let db = Self {
            pool,
            backend,
            sqlite_write: (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(()))),
        };
        db.migrate()?;
        Ok(db)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn conn(&self) -> Result<PooledConn, StoreError> {
        self.pool.get().map_err(|e| StoreError::Pool(e.to_string()))
    }

    /// Runs pending migrations (forward only). Returns how many ran.
    pub fn migrate(&self) -> Result<usize, StoreError> {
        let mut conn = self.conn()?;
        let ran = match &mut *conn {
            DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
            DbConn::Pg(c) => c.run_pending_migrations(PG_MIGRATIONS).map(|v| v.len()),
        }
        .map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(ran)
    }

    /// Runs `f` in a read-only use of one connection.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&mut DbConn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn()?;
        f(&mut conn)
    }

    /// Runs `f` in a read-only transaction: one consistent view of the data
    /// (a snapshot), without the SQLite write lock, so that reads run side by
    /// side. PostgreSQL refuses any write in it; on SQLite `f` must not write.
    /// A read that must be audited writes its entry afterwards, in a short
    /// [`Database::write`], and shows nothing when that fails.
    pub fn read_snapshot<T>(
        &self,
        f: impl FnOnce(&mut DbConn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn()?;
        let conn: &mut DbConn = &mut conn;
        conn.transaction(|c| {
            if let DbConn::Pg(pg) = c {
                pg.batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
            }
            f(c)
        })
    }

    /// A read that is audited: `f` reads in a snapshot ([`Database::read_snapshot`])
    /// and says which audit entries record it; they are appended at `at_ms`
    /// in one short write. The result is returned only once they are
    /// committed, so nothing is shown that the trail does not hold.
    pub fn read_audited<T>(
        &self,
        at_ms: i64,
        f: impl FnOnce(&mut DbConn) -> Result<(T, Vec<crate::models::audit::NewEntry>), StoreError>,
    ) -> Result<T, StoreError> {
        let (out, entries) = self.read_snapshot(f)?;
        if !entries.is_empty() {
            self.write(|c| {
                for e in &entries {
                    crate::models::audit::append(c, at_ms, e)?;
                }
                Ok(())
            })?;
        }
        Ok(out)
    }

    /// Runs `f` in one write transaction: everything it does, including its
    /// audit entries, commits together or not at all.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut DbConn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let _guard = self
            .sqlite_write
            .as_ref()
            .map(|lock| lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
        let mut conn = self.conn()?;
        let conn: &mut DbConn = &mut conn;
        conn.transaction(f)
    }

    /// `PRAGMA integrity_check` on SQLite; a trivial query on PostgreSQL.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        #[derive(QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Text)]
            integrity_check: String,
        }
        let mut conn = self.conn()?;
        match &mut *conn {
            DbConn::Sqlite(c) => {
                let rows: Vec<Row> = diesel::sql_query("PRAGMA integrity_check").load(c)?;
                Ok(rows
                    .into_iter()
                    .map(|r| r.integrity_check)
                    .collect::<Vec<_>>()
                    .join("; "))
            }
            DbConn::Pg(c) => {
                c.batch_execute("SELECT 1")?;
                Ok("ok".into())
            }
        }
    }

    /// The tables and their columns, as the database itself reports them
    /// (used to check that both backends' migrations build the same schema).
    pub fn describe_schema(&self) -> Result<Vec<(String, Vec<String>)>, StoreError> {
        #[derive(QueryableByName)]
        struct Col {
            #[diesel(sql_type = diesel::sql_types::Text)]
            table_name: String,
            #[diesel(sql_type = diesel::sql_types::Text)]
            column_name: String,
        }
        let mut conn = self.conn()?;
        let cols: Vec<Col> = match &mut *conn {
            DbConn::Sqlite(c) => diesel::sql_query(
                "SELECT m.name AS table_name, p.name AS column_name
                 FROM sqlite_master m JOIN pragma_table_info(m.name) p
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
                   AND m.name <> '__diesel_schema_migrations'
                 ORDER BY m.name, p.name",
            )
            .load(c)?,
            DbConn::Pg(c) => diesel::sql_query(
                "SELECT table_name::text AS table_name, column_name::text AS column_name
                 FROM information_schema.columns
                 WHERE table_schema = current_schema()
                   AND table_name <> '__diesel_schema_migrations'
                 ORDER BY table_name, column_name",
            )
            .load(c)?,
        };
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for c in cols {
            match out.last_mut() {
                Some((t, list)) if *t == c.table_name => list.push(c.column_name),
                _ => out.push((c.table_name, vec![c.column_name])),
            }
        }
        Ok(out)
    }

    /// The database's size in bytes: on SQLite the pages of the file once
    /// the write-ahead log is folded into it (a checkpoint), on PostgreSQL
    /// `pg_database_size` of the current database.
    pub fn size_bytes(&self) -> Result<u64, StoreError> {
        #[derive(QueryableByName)]
        struct Size {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            bytes: i64,
        }
        let mut conn = self.conn()?;
        let rows: Vec<Size> = match &mut *conn {
            DbConn::Sqlite(c) => {
                c.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")?;
                diesel::sql_query(
                    "SELECT p.page_count * s.page_size AS bytes \
                     FROM pragma_page_count() p, pragma_page_size() s",
                )
                .load(c)?
            }
            DbConn::Pg(c) => {
                diesel::sql_query("SELECT pg_database_size(current_database()) AS bytes").load(c)?
            }
        };
        Ok(rows
            .first()
            .map_or(0, |r| u64::try_from(r.bytes).unwrap_or(0)))
    }

    /// A consistent online copy of a SQLite database (`VACUUM INTO`).
    pub fn sqlite_backup_to(&self, path: &std::path::Path) -> Result<(), StoreError> {
        let mut conn = self.conn()?;
        match &mut *conn {
            DbConn::Sqlite(c) => {
                let target = path.to_string_lossy().replace('\'', "''");
                c.batch_execute(&format!("VACUUM INTO '{target}'"))?;
                Ok(())
            }
            DbConn::Pg(_) => Err(StoreError::Invalid(
                "online backup of PostgreSQL is done with pg_dump".into(),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// `.cargo/config.toml` builds the bundled SQLite with the query planner
    /// stability guarantee; without it every statement with a bound `LIMIT`
    /// is parsed again at each execution.
    #[test]
    fn the_bundled_sqlite_keeps_its_plans() {
        #[derive(QueryableByName)]
        struct Opt {
            #[diesel(sql_type = diesel::sql_types::Text)]
            compile_options: String,
        }
        let mut c = SqliteConnection::establish(":memory:").unwrap();
        let opts: Vec<Opt> = diesel::sql_query("PRAGMA compile_options")
            .load(&mut c)
            .unwrap();
        assert!(
            opts.iter().any(|o| o.compile_options == "ENABLE_QPSG"),
            "SQLite built without SQLITE_ENABLE_QPSG"
        );
    }
}
