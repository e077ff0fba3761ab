//! Failed-login counters, per account name and per source, shared by every
//! server instance through the database.

use diesel::prelude::*;

use crate::db::DbConn;
use crate::error::StoreResult;
use crate::schema::login_throttle;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    pub failures: u32,
    pub last_failure_at: i64,
}

pub fn get(conn: &mut DbConn, key: &str) -> StoreResult<Option<Counter>> {
    let row: Option<(i32, i64)> = login_throttle::table
        .find(key)
        .select((login_throttle::failures, login_throttle::last_failure_at))
        .first(conn)
        .optional()?;
    Ok(row.map(|(f, at)| Counter {
        failures: u32::try_from(f).unwrap_or(0),
        last_failure_at: at,
    }))
}

/// Adds one failure. Must run in a write transaction.
pub fn record_failure(conn: &mut DbConn, key: &str, now_ms: i64) -> StoreResult<u32> {
    let n = diesel::update(login_throttle::table.find(key))
        .set((
            login_throttle::failures.eq(login_throttle::failures + 1),
            login_throttle::last_failure_at.eq(now_ms),
        ))
        .execute(conn)?;
    if n == 0 {
        diesel::insert_into(login_throttle::table)
            .values((
                login_throttle::key.eq(key),
                login_throttle::failures.eq(1),
                login_throttle::last_failure_at.eq(now_ms),
            ))
            .execute(conn)?;
    }
    Ok(get(conn, key)?.map(|c| c.failures).unwrap_or(1))
}

pub fn clear(conn: &mut DbConn, key: &str) -> StoreResult<()> {
    diesel::delete(login_throttle::table.find(key)).execute(conn)?;
    Ok(())
}

/// Forgets counters whose last failure is older than `before_ms` (their wait is long over).
pub fn purge_older_than(conn: &mut DbConn, before_ms: i64) -> StoreResult<usize> {
    Ok(
        diesel::delete(login_throttle::table.filter(login_throttle::last_failure_at.lt(before_ms)))
            .execute(conn)?,
    )
}
