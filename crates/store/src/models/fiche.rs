//! Terugkoppelingsfiches sent to the police: sealed snapshots, one line per
//! entry (`domain<TAB>text`).

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::StoreResult;
use crate::models::case::CaseRow;
use crate::models::data_key;
use crate::schema::case_fiches;

const TABLE: &str = "case_fiches";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_fiches)]
pub struct FicheRow {
    pub id: String,
    pub tenant_id: String,
    pub case_id: String,
    pub decision_id: String,
    pub sent_by_user_id: String,
    pub sent_at: i64,
    pub content_enc: Vec<u8>,
}

pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    decision_id: &str,
    by_user: &str,
    lines: &[(String, String)],
    now_ms: i64,
) -> StoreResult<FicheRow> {
    let id = uuid::Uuid::new_v4().to_string();
    let text: String = lines
        .iter()
        .map(|(d, t)| format!("{d}\t{}", t.replace(['\t', '\n', '\r'], " ")))
        .collect::<Vec<_>>()
        .join("\n");
    let row = FicheRow {
        content_enc: data_key::open(conn, keyring, &case.data_key_id)?
            .seal_str(TABLE, "content", &id, &text)?,
        id,
        tenant_id: case.tenant_id.clone(),
        case_id: case.id.clone(),
        decision_id: decision_id.to_owned(),
        sent_by_user_id: by_user.to_owned(),
        sent_at: now_ms,
    };
    diesel::insert_into(case_fiches::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn list(conn: &mut DbConn, tenant: &TenantId, case_id: &str) -> StoreResult<Vec<FicheRow>> {
    Ok(case_fiches::table
        .filter(case_fiches::tenant_id.eq(tenant.as_str()))
        .filter(case_fiches::case_id.eq(case_id))
        .order(case_fiches::sent_at.desc())
        .select(FicheRow::as_select())
        .load(conn)?)
}

/// The fiche's lines (risk domain code, text), decrypted.
pub fn lines(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    f: &FicheRow,
) -> StoreResult<Vec<(String, String)>> {
    Ok(data_key::open(conn, keyring, &case.data_key_id)?
        .open_string(TABLE, "content", &f.id, &f.content_enc)?
        .lines()
        .filter_map(|l| {
            l.split_once('\t')
                .map(|(d, t)| (d.to_owned(), t.to_owned()))
        })
        .collect())
}
