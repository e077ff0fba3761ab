//! Cooperation agreements (samenwerkingsovereenkomsten) of partner organisations.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::StoreResult;
use crate::models::data_key;
use crate::schema::cooperation_agreements;

const TABLE: &str = "cooperation_agreements";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cooperation_agreements)]
pub struct AgreementRow {
    pub id: String,
    pub tenant_id: String,
    pub organisation_id: String,
    /// ISO date.
    pub signed_on: String,
    pub data_key_id: String,
    pub scope_enc: Vec<u8>,
    pub recorded_by_user_id: String,
    pub recorded_at: i64,
}

/// A new agreement.
#[derive(Debug)]
pub struct NewAgreement<'a> {
    pub organisation_id: &'a str,
    /// ISO date.
    pub signed_on: &'a str,
    pub scope: &'a str,
    pub by_user: &'a str,
}

pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    new: &NewAgreement<'_>,
    now_ms: i64,
) -> StoreResult<AgreementRow> {
    let (org, signed_on_iso, scope, by_user) =
        (new.organisation_id, new.signed_on, new.scope, new.by_user);
    let key = data_key::create(conn, keyring, tenant.as_str(), "agreement", now_ms)?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = AgreementRow {
        scope_enc: key.seal_str(TABLE, "scope", &id, scope)?,
        id,
        tenant_id: tenant.as_str().to_owned(),
        organisation_id: org.to_owned(),
        signed_on: signed_on_iso.to_owned(),
        data_key_id: key.id.to_string(),
        recorded_by_user_id: by_user.to_owned(),
        recorded_at: now_ms,
    };
    diesel::insert_into(cooperation_agreements::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// The tenant's agreements with their scope decrypted, newest first.
pub fn list(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
) -> StoreResult<Vec<(AgreementRow, String)>> {
    let rows: Vec<AgreementRow> = cooperation_agreements::table
        .filter(cooperation_agreements::tenant_id.eq(tenant.as_str()))
        .order(cooperation_agreements::signed_on.desc())
        .select(AgreementRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            let scope = data_key::open(conn, keyring, &r.data_key_id)?.open_string(
                TABLE,
                "scope",
                &r.id,
                &r.scope_enc,
            )?;
            Ok((r, scope))
        })
        .collect()
}
