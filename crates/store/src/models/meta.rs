//! Deployment-wide settings kept in the database (e.g. whether this is a demo database).

use diesel::prelude::*;

use crate::db::DbConn;
use crate::error::StoreResult;
use crate::schema::app_meta;

pub const DEMO_KEY: &str = "demo";

pub fn get(conn: &mut DbConn, key: &str) -> StoreResult<Option<String>> {
    Ok(app_meta::table
        .find(key)
        .select(app_meta::value)
        .first(conn)
        .optional()?)
}

pub fn set(conn: &mut DbConn, key: &str, value: &str) -> StoreResult<()> {
    // Delete-then-insert instead of an upsert: upserts do not compile through the
    // multi-backend connection, and this runs inside the caller's transaction.
    diesel::delete(app_meta::table.find(key)).execute(conn)?;
    diesel::insert_into(app_meta::table)
        .values((app_meta::key.eq(key), app_meta::value.eq(value)))
        .execute(conn)?;
    Ok(())
}

/// Whether this database holds the fictional demo data (then `serve` refuses it).
pub fn is_demo(conn: &mut DbConn) -> StoreResult<bool> {
    Ok(get(conn, DEMO_KEY)?.as_deref() == Some("true"))
}
