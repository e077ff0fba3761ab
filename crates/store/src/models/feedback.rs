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
    /// Set on feedback to the referrer outside the table: the signal (of a
    /// reference person) the case was referred from. Such feedback is read on
    /// that signal; `recipient_org_id` is then the author's organisation.
    pub signal_id: Option<String>,
}

/// A feedback message to one partner organisation.
#[derive(Debug)]
pub struct NewFeedback<'a> {
    pub recipient_org: &'a str,
    pub author: &'a str,
    pub text: &'a str,
    pub cited: &'a [String],
    /// Feedback to the referrer outside the table: the signal it answers.
    pub signal: Option<&'a str>,
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
        signal_id: new.signal.map(str::to_owned),
    };
    diesel::insert_into(case_feedback::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// Feedback of a case; `recipient` narrows to what one organisation received
/// at the table (never the feedback to a referrer outside it).
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
        q = q
            .filter(case_feedback::recipient_org_id.eq(r.to_owned()))
            .filter(case_feedback::signal_id.is_null());
    }
    Ok(q.order(case_feedback::created_at.desc())
        .select(FeedbackRow::as_select())
        .load(conn)?)
}

/// The feedback to the referrer outside the table who passed signal
/// `signal_id`, on the case referred from it; newest first.
pub fn for_signal(
    conn: &mut DbConn,
    tenant: &TenantId,
    case_id: &str,
    signal_id: &str,
) -> StoreResult<Vec<FeedbackRow>> {
    Ok(case_feedback::table
        .filter(case_feedback::tenant_id.eq(tenant.as_str()))
        .filter(case_feedback::case_id.eq(case_id))
        .filter(case_feedback::signal_id.eq(signal_id))
        .order(case_feedback::created_at.desc())
        .select(FeedbackRow::as_select())
        .load(conn)?)
}

/// Of `signal_ids`, those whose author got feedback as the referrer
/// outside the table.
pub fn signals_answered(
    conn: &mut DbConn,
    tenant: &TenantId,
    signal_ids: &[String],
) -> StoreResult<std::collections::HashSet<String>> {
    if signal_ids.is_empty() {
        return Ok(Default::default());
    }
    let ids: Vec<Option<String>> = case_feedback::table
        .filter(case_feedback::tenant_id.eq(tenant.as_str()))
        .filter(case_feedback::signal_id.eq_any(signal_ids))
        .select(case_feedback::signal_id)
        .distinct()
        .load(conn)?;
    Ok(ids.into_iter().flatten().collect())
}

/// How many of `author`'s signals got feedback as the referrer outside the table.
pub fn answered_signals_of(conn: &mut DbConn, tenant: &TenantId, author: &str) -> StoreResult<i64> {
    use crate::schema::signals;
    let own = signals::table
        .filter(signals::tenant_id.eq(tenant.as_str()))
        .filter(signals::author_user_id.eq(author))
        .select(signals::id.nullable());
    Ok(case_feedback::table
        .filter(case_feedback::tenant_id.eq(tenant.as_str()))
        .filter(case_feedback::signal_id.eq_any(own))
        .select(diesel::dsl::count(case_feedback::signal_id).aggregate_distinct())
        .get_result(conn)?)
}

pub fn text(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    f: &FeedbackRow,
) -> StoreResult<String> {
    data_key::open(conn, keyring, &case.data_key_id)?.open_string(TABLE, "text", &f.id, &f.text_enc)
}
