//! One-time set-password links, made by an administrator, valid 24 hours.
//! Only the token's hash is stored.

use diesel::prelude::*;
use verbind_domain::UserId;

use crate::db::DbConn;
use crate::error::StoreResult;
use crate::schema::set_password_tokens;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = set_password_tokens)]
pub struct SetPasswordToken {
    pub token_hash: String,
    pub user_id: String,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// Stores a new link for `user`, replacing any unused earlier one.
pub fn create(conn: &mut DbConn, row: &SetPasswordToken) -> StoreResult<()> {
    diesel::delete(
        set_password_tokens::table
            .filter(set_password_tokens::user_id.eq(&row.user_id))
            .filter(set_password_tokens::used_at.is_null()),
    )
    .execute(conn)?;
    diesel::insert_into(set_password_tokens::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Finds a link that is unused and not expired.
pub fn find_valid(
    conn: &mut DbConn,
    token_hash: &str,
    now_ms: i64,
) -> StoreResult<Option<SetPasswordToken>> {
    Ok(set_password_tokens::table
        .find(token_hash)
        .filter(set_password_tokens::used_at.is_null())
        .filter(set_password_tokens::expires_at.gt(now_ms))
        .select(SetPasswordToken::as_select())
        .first(conn)
        .optional()?)
}

/// Marks the link used; false if it was used meanwhile.
pub fn consume(
    conn: &mut DbConn,
    token_hash: &str,
    user: &UserId,
    now_ms: i64,
) -> StoreResult<bool> {
    let n = diesel::update(
        set_password_tokens::table
            .filter(set_password_tokens::token_hash.eq(token_hash))
            .filter(set_password_tokens::user_id.eq(user.as_str()))
            .filter(set_password_tokens::used_at.is_null()),
    )
    .set(set_password_tokens::used_at.eq(Some(now_ms)))
    .execute(conn)?;
    Ok(n == 1)
}
