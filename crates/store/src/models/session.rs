//! Server-side sessions. The cookie holds a random token; the database holds
//! only its SHA-256, so a copy of the database cannot be used to log in.

use diesel::prelude::*;
use verbind_domain::{TenantId, UserId};

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::schema::sessions;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id_hash: String,
    pub user_id: String,
    pub tenant_id: String,
    pub csrf_token: String,
    pub mfa_done: bool,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub reauth_at: Option<i64>,
}

pub fn insert(conn: &mut DbConn, row: &SessionRow) -> StoreResult<()> {
    diesel::insert_into(sessions::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, id_hash: &str) -> StoreResult<Option<SessionRow>> {
    Ok(sessions::table
        .find(id_hash)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn touch(conn: &mut DbConn, id_hash: &str, now_ms: i64) -> StoreResult<()> {
    diesel::update(sessions::table.find(id_hash))
        .set(sessions::last_seen_at.eq(now_ms))
        .execute(conn)?;
    Ok(())
}

pub fn set_reauth(conn: &mut DbConn, id_hash: &str, now_ms: i64) -> StoreResult<()> {
    diesel::update(sessions::table.find(id_hash))
        .set(sessions::reauth_at.eq(Some(now_ms)))
        .execute(conn)?;
    Ok(())
}

pub fn set_mfa_done(conn: &mut DbConn, id_hash: &str) -> StoreResult<()> {
    diesel::update(sessions::table.find(id_hash))
        .set(sessions::mfa_done.eq(true))
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut DbConn, id_hash: &str) -> StoreResult<bool> {
    Ok(diesel::delete(sessions::table.find(id_hash)).execute(conn)? == 1)
}

/// Ends every session of a user (logout everywhere, disabling, password change).
pub fn delete_for_user(conn: &mut DbConn, user: &UserId) -> StoreResult<usize> {
    Ok(
        diesel::delete(sessions::table.filter(sessions::user_id.eq(user.as_str())))
            .execute(conn)?,
    )
}

/// Ends one session of `tenant` by its hash; an admin of another tenant gets "not found".
pub fn delete_in_tenant(conn: &mut DbConn, tenant: &TenantId, id_hash: &str) -> StoreResult<()> {
    let n = diesel::delete(
        sessions::table
            .filter(sessions::tenant_id.eq(tenant.as_str()))
            .filter(sessions::id_hash.eq(id_hash)),
    )
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub fn list_for_tenant(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<SessionRow>> {
    Ok(sessions::table
        .filter(sessions::tenant_id.eq(tenant.as_str()))
        .order(sessions::last_seen_at.desc())
        .select(SessionRow::as_select())
        .load(conn)?)
}

/// Removes sessions past their idle or absolute limit.
pub fn purge_expired(conn: &mut DbConn, now_ms: i64) -> StoreResult<usize> {
    use verbind_domain::session::{ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS};
    Ok(diesel::delete(
        sessions::table.filter(
            sessions::last_seen_at
                .le(now_ms - IDLE_TIMEOUT_MS)
                .or(sessions::created_at.le(now_ms - ABSOLUTE_TIMEOUT_MS)),
        ),
    )
    .execute(conn)?)
}
