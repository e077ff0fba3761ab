//! User accounts. Personal fields (display name, e-mail) and the TOTP secret are
//! sealed with the user's own data key; the username is the login handle and is
//! kept in clear so login can find the account.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::username::Username;
use verbind_domain::{Locale, OrganisationId, Role, TenantId, UserId};

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::data_key::{self, OpenKey};
use crate::schema::{recovery_codes, users};

const TABLE: &str = "users";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub tenant_id: String,
    pub organisation_id: String,
    pub username: String,
    pub role: String,
    pub data_key_id: String,
    pub display_name_enc: Vec<u8>,
    pub email_enc: Option<Vec<u8>>,
    pub password_hash: Option<String>,
    pub password_changed_at: Option<i64>,
    pub totp_secret_enc: Option<Vec<u8>>,
    pub totp_pending_enc: Option<Vec<u8>>,
    pub totp_last_step: Option<i64>,
    pub mfa_enabled: bool,
    pub locale: String,
    pub disabled_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl UserRow {
    pub fn user_id(&self) -> UserId {
        UserId::from_db(self.id.clone())
    }
    pub fn tenant(&self) -> TenantId {
        TenantId::from_db(self.tenant_id.clone())
    }
    pub fn organisation(&self) -> OrganisationId {
        OrganisationId::from_db(self.organisation_id.clone())
    }
    /// An unknown role code (a newer release's role) is treated as the least privileged.
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Reference)
    }
    pub fn locale(&self) -> Locale {
        Locale::parse(&self.locale).unwrap_or_default()
    }
    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }
}

/// What is needed to create an account.
#[derive(Debug)]
pub struct NewUser<'a> {
    pub tenant_id: &'a TenantId,
    pub organisation_id: &'a OrganisationId,
    pub username: &'a Username,
    pub role: Role,
    pub display_name: &'a str,
    pub email: Option<&'a str>,
    pub locale: Locale,
    pub password_hash: Option<String>,
}

/// The decrypted personal fields of a user, for screens that may show them.
#[derive(Debug, Clone)]
pub struct UserDetails {
    pub display_name: String,
    pub email: Option<String>,
}

pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    new: &NewUser<'_>,
    now_ms: i64,
) -> StoreResult<UserRow> {
    if find_by_username(conn, new.username.as_str())?.is_some() {
        return Err(StoreError::Conflict("username"));
    }
    // The organisation must belong to the same tenant.
    crate::models::organisation::find(conn, new.tenant_id, new.organisation_id)?;
    let id = UserId::new().into_string();
    let key = data_key::create(conn, keyring, new.tenant_id.as_str(), "user", now_ms)?;
    let row = UserRow {
        display_name_enc: key.seal_str(TABLE, "display_name", &id, new.display_name)?,
        email_enc: new
            .email
            .map(|e| key.seal_str(TABLE, "email", &id, e))
            .transpose()?,
        id,
        tenant_id: new.tenant_id.as_str().to_owned(),
        organisation_id: new.organisation_id.as_str().to_owned(),
        username: new.username.as_str().to_owned(),
        role: new.role.code().to_owned(),
        data_key_id: key.id.to_string(),
        password_changed_at: new.password_hash.as_ref().map(|_| now_ms),
        password_hash: new.password_hash.clone(),
        totp_secret_enc: None,
        totp_pending_enc: None,
        totp_last_step: None,
        mfa_enabled: false,
        locale: new.locale.tag().to_owned(),
        disabled_at: None,
        created_at: now_ms,
        updated_at: now_ms,
    };
    diesel::insert_into(users::table)
        .values(&row)
        .execute(conn)
        .map_err(|e| StoreError::conflict_on_unique(e, "username"))?;
    Ok(row)
}

/// Finds an account by login name, in any tenant (usernames are unique across the deployment).
pub fn find_by_username(conn: &mut DbConn, username: &str) -> StoreResult<Option<UserRow>> {
    Ok(users::table
        .filter(users::username.eq(username))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// Finds a user of `tenant`; another tenant's user is "not found".
pub fn find(conn: &mut DbConn, tenant: &TenantId, id: &UserId) -> StoreResult<UserRow> {
    users::table
        .filter(users::tenant_id.eq(tenant.as_str()))
        .filter(users::id.eq(id.as_str()))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

pub fn list(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<UserRow>> {
    Ok(users::table
        .filter(users::tenant_id.eq(tenant.as_str()))
        .order(users::username)
        .select(UserRow::as_select())
        .load(conn)?)
}

pub fn count(conn: &mut DbConn) -> StoreResult<i64> {
    Ok(users::table.count().get_result(conn)?)
}

pub fn count_admins(conn: &mut DbConn) -> StoreResult<i64> {
    Ok(users::table
        .filter(users::role.eq(Role::Admin.code()))
        .filter(users::disabled_at.is_null())
        .count()
        .get_result(conn)?)
}

fn key_of(conn: &mut DbConn, keyring: &MasterKeyring, user: &UserRow) -> StoreResult<OpenKey> {
    data_key::open(conn, keyring, &user.data_key_id)
}

pub fn details(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    user: &UserRow,
) -> StoreResult<UserDetails> {
    let key = key_of(conn, keyring, user)?;
    Ok(UserDetails {
        display_name: key.open_string(TABLE, "display_name", &user.id, &user.display_name_enc)?,
        email: user
            .email_enc
            .as_ref()
            .map(|b| key.open_string(TABLE, "email", &user.id, b))
            .transpose()?,
    })
}

pub fn set_password_hash(
    conn: &mut DbConn,
    user: &UserId,
    phc: &str,
    now_ms: i64,
) -> StoreResult<()> {
    diesel::update(users::table.find(user.as_str()))
        .set((
            users::password_hash.eq(Some(phc)),
            users::password_changed_at.eq(Some(now_ms)),
            users::updated_at.eq(now_ms),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_disabled(
    conn: &mut DbConn,
    tenant: &TenantId,
    user: &UserId,
    disabled: bool,
    now_ms: i64,
) -> StoreResult<()> {
    let n = diesel::update(
        users::table
            .filter(users::tenant_id.eq(tenant.as_str()))
            .filter(users::id.eq(user.as_str())),
    )
    .set((
        users::disabled_at.eq(disabled.then_some(now_ms)),
        users::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub fn set_locale(
    conn: &mut DbConn,
    user: &UserId,
    locale: Locale,
    now_ms: i64,
) -> StoreResult<()> {
    diesel::update(users::table.find(user.as_str()))
        .set((users::locale.eq(locale.tag()), users::updated_at.eq(now_ms)))
        .execute(conn)?;
    Ok(())
}

/// Stores a TOTP secret the user is enrolling, until they confirm it with a code.
pub fn set_totp_pending(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    user: &UserRow,
    secret: &[u8],
    now_ms: i64,
) -> StoreResult<()> {
    let key = key_of(conn, keyring, user)?;
    let blob = key.seal(TABLE, "totp_pending", &user.id, secret)?;
    diesel::update(users::table.find(&user.id))
        .set((
            users::totp_pending_enc.eq(Some(blob)),
            users::updated_at.eq(now_ms),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn totp_pending(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    user: &UserRow,
) -> StoreResult<Option<zeroize::Zeroizing<Vec<u8>>>> {
    let Some(blob) = &user.totp_pending_enc else {
        return Ok(None);
    };
    let key = key_of(conn, keyring, user)?;
    Ok(Some(key.open_bytes(
        TABLE,
        "totp_pending",
        &user.id,
        blob,
    )?))
}

pub fn totp_secret(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    user: &UserRow,
) -> StoreResult<Option<zeroize::Zeroizing<Vec<u8>>>> {
    let Some(blob) = &user.totp_secret_enc else {
        return Ok(None);
    };
    let key = key_of(conn, keyring, user)?;
    Ok(Some(key.open_bytes(
        TABLE,
        "totp_secret",
        &user.id,
        blob,
    )?))
}

/// Makes the pending secret the active one; MFA is on from now.
pub fn activate_totp(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    user: &UserRow,
    secret: &[u8],
    step: i64,
    now_ms: i64,
) -> StoreResult<()> {
    let key = key_of(conn, keyring, user)?;
    let blob = key.seal(TABLE, "totp_secret", &user.id, secret)?;
    diesel::update(users::table.find(&user.id))
        .set((
            users::totp_secret_enc.eq(Some(blob)),
            users::totp_pending_enc.eq(None::<Vec<u8>>),
            users::totp_last_step.eq(Some(step)),
            users::mfa_enabled.eq(true),
            users::updated_at.eq(now_ms),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records that the TOTP code of `step` was used. Returns false when that step
/// (or a later one) was already used: the code is a replay. The condition is in
/// the UPDATE itself so two concurrent logins cannot both use one code.
pub fn consume_totp_step(conn: &mut DbConn, user: &UserId, step: i64) -> StoreResult<bool> {
    let n = diesel::update(
        users::table.filter(users::id.eq(user.as_str())).filter(
            users::totp_last_step
                .is_null()
                .or(users::totp_last_step.lt(step)),
        ),
    )
    .set(users::totp_last_step.eq(Some(step)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Turns MFA off and forgets the secret and recovery codes (admin reset).
pub fn reset_mfa(
    conn: &mut DbConn,
    tenant: &TenantId,
    user: &UserId,
    now_ms: i64,
) -> StoreResult<()> {
    let n = diesel::update(
        users::table
            .filter(users::tenant_id.eq(tenant.as_str()))
            .filter(users::id.eq(user.as_str())),
    )
    .set((
        users::totp_secret_enc.eq(None::<Vec<u8>>),
        users::totp_pending_enc.eq(None::<Vec<u8>>),
        users::mfa_enabled.eq(false),
        users::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user.as_str())))
        .execute(conn)?;
    Ok(())
}

/// Replaces the user's recovery codes with the given hashes.
pub fn replace_recovery_codes(
    conn: &mut DbConn,
    user: &UserId,
    hashes: &[String],
) -> StoreResult<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user.as_str())))
        .execute(conn)?;
    for h in hashes {
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::id.eq(uuid::Uuid::new_v4().to_string()),
                recovery_codes::user_id.eq(user.as_str()),
                recovery_codes::code_hash.eq(h),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Uses a recovery code once. Returns false when unknown or already used.
pub fn consume_recovery_code(
    conn: &mut DbConn,
    user: &UserId,
    hash: &str,
    now_ms: i64,
) -> StoreResult<bool> {
    let n = diesel::update(
        recovery_codes::table
            .filter(recovery_codes::user_id.eq(user.as_str()))
            .filter(recovery_codes::code_hash.eq(hash))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(Some(now_ms)))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn unused_recovery_codes(conn: &mut DbConn, user: &UserId) -> StoreResult<i64> {
    Ok(recovery_codes::table
        .filter(recovery_codes::user_id.eq(user.as_str()))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Finds a user by id in any tenant: only for flows that start from a secret the
/// user holds (a set-password link), never from an id in a URL.
pub fn find_any(conn: &mut DbConn, id: &UserId) -> StoreResult<UserRow> {
    users::table
        .filter(users::id.eq(id.as_str()))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}
