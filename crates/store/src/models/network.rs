//! The network of reference persons (netwerk referentiepersonen). Each
//! person has their own data key: name, organisation, e-mail and phone are
//! sealed with it, so a person who leaves the network can be shredded
//! alone. The life domain, whether they are active, the date they joined and
//! the linked account stay plain. The caller asks the policy and audits.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::data_key;
use crate::schema::{reference_persons, signals};

const TABLE: &str = "reference_persons";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = reference_persons)]
pub struct PersonRow {
    pub id: String,
    pub tenant_id: String,
    pub data_key_id: String,
    pub name_enc: Vec<u8>,
    pub organisation_enc: Vec<u8>,
    pub life_domain: String,
    pub email_enc: Option<Vec<u8>>,
    pub phone_enc: Option<Vec<u8>>,
    /// The account (reference-person role) this person passes signals with.
    pub user_id: Option<String>,
    pub active: bool,
    /// ISO date.
    pub member_since: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A person's sealed fields, opened.
#[derive(Clone, PartialEq, Eq)]
pub struct PersonDetails {
    pub name: String,
    pub organisation: String,
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl std::fmt::Debug for PersonDetails {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PersonDetails(..)")
    }
}

/// What a person's record holds, as the caller parsed it.
#[derive(Debug)]
pub struct PersonFields<'a> {
    pub name: &'a str,
    pub organisation: &'a str,
    pub life_domain: &'a str,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub user_id: Option<&'a str>,
    pub active: bool,
    /// ISO date.
    pub member_since: Option<&'a str>,
}

/// Adds a person to the network, with their own data key.
pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    f: &PersonFields<'_>,
    now_ms: i64,
) -> StoreResult<PersonRow> {
    let key = data_key::create(conn, keyring, tenant.as_str(), "reference_person", now_ms)?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = PersonRow {
        name_enc: key.seal_str(TABLE, "name", &id, f.name)?,
        organisation_enc: key.seal_str(TABLE, "organisation", &id, f.organisation)?,
        email_enc: f
            .email
            .map(|e| key.seal_str(TABLE, "email", &id, e))
            .transpose()?,
        phone_enc: f
            .phone
            .map(|p| key.seal_str(TABLE, "phone", &id, p))
            .transpose()?,
        id,
        tenant_id: tenant.as_str().to_owned(),
        data_key_id: key.id.to_string(),
        life_domain: f.life_domain.to_owned(),
        user_id: f.user_id.map(str::to_owned),
        active: f.active,
        member_since: f.member_since.map(str::to_owned),
        created_at: now_ms,
        updated_at: now_ms,
    };
    diesel::insert_into(reference_persons::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// Changes a person's record, sealed with their existing key.
pub fn update(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &PersonRow,
    f: &PersonFields<'_>,
    now_ms: i64,
) -> StoreResult<()> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    let id = &row.id;
    diesel::update(
        reference_persons::table
            .filter(reference_persons::tenant_id.eq(&row.tenant_id))
            .filter(reference_persons::id.eq(id)),
    )
    .set((
        reference_persons::name_enc.eq(key.seal_str(TABLE, "name", id, f.name)?),
        reference_persons::organisation_enc.eq(key.seal_str(
            TABLE,
            "organisation",
            id,
            f.organisation,
        )?),
        reference_persons::email_enc.eq(f
            .email
            .map(|e| key.seal_str(TABLE, "email", id, e))
            .transpose()?),
        reference_persons::phone_enc.eq(f
            .phone
            .map(|p| key.seal_str(TABLE, "phone", id, p))
            .transpose()?),
        reference_persons::life_domain.eq(f.life_domain),
        reference_persons::user_id.eq(f.user_id),
        reference_persons::active.eq(f.active),
        reference_persons::member_since.eq(f.member_since),
        reference_persons::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    Ok(())
}

/// A person of `tenant`; another tenant's is "not found".
pub fn find(conn: &mut DbConn, tenant: &TenantId, id: &str) -> StoreResult<PersonRow> {
    reference_persons::table
        .filter(reference_persons::tenant_id.eq(tenant.as_str()))
        .filter(reference_persons::id.eq(id))
        .select(PersonRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The tenant's reference persons, oldest record first (the caller sorts
/// by name after opening).
pub fn list(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<PersonRow>> {
    Ok(reference_persons::table
        .filter(reference_persons::tenant_id.eq(tenant.as_str()))
        .order(reference_persons::created_at.asc())
        .select(PersonRow::as_select())
        .load(conn)?)
}

/// Name, organisation and contact details, decrypted.
pub fn open(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &PersonRow,
) -> StoreResult<PersonDetails> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    let opt = |column: &str, blob: &Option<Vec<u8>>| -> StoreResult<Option<String>> {
        blob.as_ref()
            .map(|b| key.open_string(TABLE, column, &row.id, b))
            .transpose()
    };
    Ok(PersonDetails {
        name: key.open_string(TABLE, "name", &row.id, &row.name_enc)?,
        organisation: key.open_string(TABLE, "organisation", &row.id, &row.organisation_enc)?,
        email: opt("email", &row.email_enc)?,
        phone: opt("phone", &row.phone_enc)?,
    })
}

/// How many signals each account of the tenant passed: (user id, count).
/// The signals a reference person passed are those of their linked account.
pub fn signals_passed(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<(String, i64)>> {
    Ok(signals::table
        .filter(signals::tenant_id.eq(tenant.as_str()))
        .group_by(signals::author_user_id)
        .select((signals::author_user_id, diesel::dsl::count_star()))
        .load(conn)?)
}
