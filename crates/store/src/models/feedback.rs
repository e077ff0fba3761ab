//! Feedback (terugkoppeling) from the expert to a partner after a table.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::StoreResult;
use crate::models::case::CaseRow;
use crate::models::data_key;
use crate::schema::case_feedback;

const TABLE: &str = "case_feedback";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_feedback)]
pub struct FeedbackRow {
    pub id: String,
    pub tenant_id: String,
    pub case_id: String,
    pub recipient_org_id: String,
    pub author_user_id: String,
    pub created_at: i64,
    pub text_enc: Vec<u8>,
    /// Comma-separated item ids.
    pub cited_items: String,
}

/// A feedback message to one partner organisation.
#[derive(Debug)]
pub struct NewFeedback<'a> {
    pub recipient_org: &'a str,
    pub author: &'a str,
    pub text: &'a str,
    pub cited: &'a [String],
}

pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    new: &NewFeedback<'_>,
    now_ms: i64,
) -> StoreResult<FeedbackRow> {
    let (recipient_org, author, text, cited) = (new.recipient_org, new.author, new.text, new.cited);
    let id = uuid::Uuid::new_v4().to_string();
    let row = FeedbackRow {
        text_enc: data_key::open(conn, keyring, &case.data_key_id)?
            .seal_str(TABLE, "text", &id, text)?,
        id,
        tenant_id: case.tenant_id.clone(),
        case_id: case.id.clone(),
        recipient_org_id: recipient_org.to_owned(),
        author_user_id: author.to_owned(),
        created_at: now_ms,
        cited_items: cited.join(","),
    };
    diesel::insert_into(case_feedback::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// Feedback of a case; `recipient` narrows to what one organisation received.
pub fn list(
    conn: &mut DbConn,
    tenant: &TenantId,
    case_id: &str,
    recipient: Option<&str>,
) -> StoreResult<Vec<FeedbackRow>> {
    let mut q = case_feedback::table
        .filter(case_feedback::tenant_id.eq(tenant.as_str()))
        .filter(case_feedback::case_id.eq(case_id))
        .into_boxed();
    if let Some(r) = recipient {
        q = q.filter(case_feedback::recipient_org_id.eq(r.to_owned()));
    }
    Ok(q.order(case_feedback::created_at.desc())
        .select(FeedbackRow::as_select())
        .load(conn)?)
}

pub fn text(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    f: &FeedbackRow,
) -> StoreResult<String> {
    data_key::open(conn, keyring, &case.data_key_id)?.open_string(TABLE, "text", &f.id, &f.text_enc)
}
