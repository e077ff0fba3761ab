//! Information items (bijdragen) of a case. The rules of who may see and use
//! them are the domain's (`verbind_domain::case::ethics`); this file stores
//! them, sealed with the case key.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::case::CaseRow;
use crate::models::data_key;
use crate::schema::case_items;

const TABLE: &str = "case_items";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_items)]
pub struct ItemRow {
    pub id: String,
    pub tenant_id: String,
    pub case_id: String,
    pub owner_org_id: String,
    pub author_user_id: String,
    pub risk_domain: String,
    pub professional_secrecy: bool,
    pub sharing: String,
    pub origin_shielded: bool,
    pub necessity_enc: Vec<u8>,
    pub content_enc: Vec<u8>,
    pub consent_for_use: bool,
    pub consent_at: Option<i64>,
    pub withdrawn_at: Option<i64>,
    pub created_at: i64,
}

/// A new item, in clear, before sealing.
#[derive(Debug)]
pub struct NewItem<'a> {
    pub owner_org_id: &'a str,
    pub author_user_id: &'a str,
    pub risk_domain: &'a str,
    pub professional_secrecy: bool,
    pub sharing: &'a str,
    pub origin_shielded: bool,
    pub necessity: &'a str,
    pub content: &'a str,
}

pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    new: &NewItem<'_>,
    now_ms: i64,
) -> StoreResult<ItemRow> {
    let key = data_key::open(conn, keyring, &case.data_key_id)?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = ItemRow {
        necessity_enc: key.seal_str(TABLE, "necessity", &id, new.necessity)?,
        content_enc: key.seal_str(TABLE, "content", &id, new.content)?,
        id,
        tenant_id: case.tenant_id.clone(),
        case_id: case.id.clone(),
        owner_org_id: new.owner_org_id.to_owned(),
        author_user_id: new.author_user_id.to_owned(),
        risk_domain: new.risk_domain.to_owned(),
        professional_secrecy: new.professional_secrecy,
        sharing: new.sharing.to_owned(),
        origin_shielded: new.origin_shielded,
        consent_for_use: false,
        consent_at: None,
        withdrawn_at: None,
        created_at: now_ms,
    };
    diesel::insert_into(case_items::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn list(conn: &mut DbConn, tenant: &TenantId, case_id: &str) -> StoreResult<Vec<ItemRow>> {
    Ok(case_items::table
        .filter(case_items::tenant_id.eq(tenant.as_str()))
        .filter(case_items::case_id.eq(case_id))
        .order(case_items::created_at.asc())
        .select(ItemRow::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConn, tenant: &TenantId, id: &str) -> StoreResult<ItemRow> {
    case_items::table
        .filter(case_items::tenant_id.eq(tenant.as_str()))
        .filter(case_items::id.eq(id))
        .select(ItemRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The item's text and the reason it is necessary, decrypted.
pub fn texts(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    item: &ItemRow,
) -> StoreResult<(String, String)> {
    let key = data_key::open(conn, keyring, &case.data_key_id)?;
    Ok((
        key.open_string(TABLE, "content", &item.id, &item.content_enc)?,
        key.open_string(TABLE, "necessity", &item.id, &item.necessity_enc)?,
    ))
}

/// The owner withdraws the item: nobody else sees or uses it from now on.
pub fn withdraw(conn: &mut DbConn, item: &ItemRow, now_ms: i64) -> StoreResult<()> {
    diesel::update(case_items::table.find(&item.id))
        .set(case_items::withdrawn_at.eq(Some(now_ms)))
        .execute(conn)?;
    Ok(())
}

/// The owner records its consent for the item's use in the case's steps.
pub fn consent(conn: &mut DbConn, item: &ItemRow, given: bool, now_ms: i64) -> StoreResult<()> {
    diesel::update(case_items::table.find(&item.id))
        .set((
            case_items::consent_for_use.eq(given),
            case_items::consent_at.eq(Some(now_ms)),
        ))
        .execute(conn)?;
    Ok(())
}
