//! Acceptance of the LIVC-R's code of ethics (deontologische code), per user and version.

use diesel::prelude::*;
use verbind_domain::{TenantId, UserId};

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::schema::ethics_acceptances;

/// Whether `user` accepted `version`.
pub fn accepted(conn: &mut DbConn, user: &UserId, version: &str) -> StoreResult<bool> {
    let n: i64 = ethics_acceptances::table
        .filter(ethics_acceptances::user_id.eq(user.as_str()))
        .filter(ethics_acceptances::version.eq(version))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Records that `user` accepted `version` (idempotent).
pub fn accept(
    conn: &mut DbConn,
    tenant: &TenantId,
    user: &UserId,
    version: &str,
    now_ms: i64,
) -> StoreResult<()> {
    if accepted(conn, user, version)? {
        return Ok(());
    }
    diesel::insert_into(ethics_acceptances::table)
        .values((
            ethics_acceptances::id.eq(uuid::Uuid::new_v4().to_string()),
            ethics_acceptances::tenant_id.eq(tenant.as_str()),
            ethics_acceptances::user_id.eq(user.as_str()),
            ethics_acceptances::version.eq(version),
            ethics_acceptances::accepted_at.eq(now_ms),
        ))
        .execute(conn)
        .map_err(|e| StoreError::conflict_on_unique(e, "ethics acceptance"))?;
    Ok(())
}
