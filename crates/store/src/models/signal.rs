//! Signals (signaalfunctie): observations about trends and groups. The codes
//! (theme, life domain, district, date, severity, source) are plain so the
//! trend can be counted in SQL; the description is sealed with the signal's
//! own data key.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::data_key;
use crate::schema::signals;

const TABLE: &str = "signals";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = signals)]
pub struct SignalRow {
    pub id: String,
    pub tenant_id: String,
    pub data_key_id: String,
    pub source: String,
    pub theme: String,
    pub life_domain: String,
    pub district_slug: Option<String>,
    /// ISO date `YYYY-MM-DD`.
    pub observed_on: String,
    pub severity: String,
    pub description_enc: Vec<u8>,
    pub author_user_id: String,
    pub author_org_id: String,
    pub created_at: i64,
    /// The case (LIVC-R referral) made from this signal, once referred.
    pub case_id: Option<String>,
}

/// What is needed to store a signal.
#[derive(Debug)]
pub struct NewSignal<'a> {
    pub tenant_id: &'a TenantId,
    pub source: &'a str,
    pub theme: &'a str,
    pub life_domain: &'a str,
    pub district_slug: Option<&'a str>,
    /// ISO date.
    pub observed_on: &'a str,
    pub severity: &'a str,
    pub description: &'a str,
    pub author_user_id: &'a str,
    pub author_org_id: &'a str,
}

/// Stores a signal with its sealed description.
pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    new: &NewSignal<'_>,
    now_ms: i64,
) -> StoreResult<SignalRow> {
    let id = uuid::Uuid::new_v4().to_string();
    let key = data_key::create(conn, keyring, new.tenant_id.as_str(), "signal", now_ms)?;
    let row = SignalRow {
        description_enc: key.seal_str(TABLE, "description", &id, new.description)?,
        id,
        tenant_id: new.tenant_id.as_str().to_owned(),
        data_key_id: key.id.to_string(),
        source: new.source.to_owned(),
        theme: new.theme.to_owned(),
        life_domain: new.life_domain.to_owned(),
        district_slug: new.district_slug.map(str::to_owned),
        observed_on: new.observed_on.to_owned(),
        severity: new.severity.to_owned(),
        author_user_id: new.author_user_id.to_owned(),
        author_org_id: new.author_org_id.to_owned(),
        created_at: now_ms,
        case_id: None,
    };
    diesel::insert_into(signals::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// A signal of `tenant`; another tenant's is "not found".
pub fn find(conn: &mut DbConn, tenant: &TenantId, id: &str) -> StoreResult<SignalRow> {
    signals::table
        .filter(signals::tenant_id.eq(tenant.as_str()))
        .filter(signals::id.eq(id))
        .select(SignalRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// Records the case referral made from a signal. Only a signal not yet
/// referred is linked: one that is gives [`StoreError::Conflict`] (the
/// earlier link stays), one that does not exist [`StoreError::NotFound`].
pub fn link_case(conn: &mut DbConn, tenant: &TenantId, id: &str, case_id: &str) -> StoreResult<()> {
    let n = diesel::update(
        signals::table
            .filter(signals::tenant_id.eq(tenant.as_str()))
            .filter(signals::id.eq(id))
            .filter(signals::case_id.is_null()),
    )
    .set(signals::case_id.eq(Some(case_id)))
    .execute(conn)?;
    if n == 0 {
        find(conn, tenant, id)?;
        return Err(StoreError::Conflict(ALREADY_REFERRED));
    }
    Ok(())
}

/// The signal a case was referred from, if any.
pub fn find_by_case(
    conn: &mut DbConn,
    tenant: &TenantId,
    case_id: &str,
) -> StoreResult<Option<SignalRow>> {
    Ok(signals::table
        .filter(signals::tenant_id.eq(tenant.as_str()))
        .filter(signals::case_id.eq(case_id))
        .select(SignalRow::as_select())
        .first(conn)
        .optional()?)
}

/// The [`StoreError::Conflict`] of a signal already referred to the LIVC-R.
pub const ALREADY_REFERRED: &str = "signal already referred";

/// Which signals to list; every field narrows when set.
#[derive(Debug, Clone, Default)]
pub struct SignalFilter {
    /// Only this author's signals (a reference person or partner sees only their own).
    pub author_user_id: Option<String>,
    pub theme: Option<String>,
    pub life_domain: Option<String>,
    pub district_slug: Option<String>,
    pub severity: Option<String>,
    /// ISO dates, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    /// At most this many, newest first (0: no limit).
    pub limit: i64,
}

/// The tenant's signals, newest observation first.
pub fn list(conn: &mut DbConn, tenant: &TenantId, f: &SignalFilter) -> StoreResult<Vec<SignalRow>> {
    let mut q = signals::table
        .filter(signals::tenant_id.eq(tenant.as_str()))
        .into_boxed();
    if let Some(a) = &f.author_user_id {
        q = q.filter(signals::author_user_id.eq(a.clone()));
    }
    if let Some(v) = &f.theme {
        q = q.filter(signals::theme.eq(v.clone()));
    }
    if let Some(v) = &f.life_domain {
        q = q.filter(signals::life_domain.eq(v.clone()));
    }
    if let Some(v) = &f.district_slug {
        q = q.filter(signals::district_slug.eq(v.clone()));
    }
    if let Some(v) = &f.severity {
        q = q.filter(signals::severity.eq(v.clone()));
    }
    if let Some(v) = &f.from {
        q = q.filter(signals::observed_on.ge(v.clone()));
    }
    if let Some(v) = &f.to {
        q = q.filter(signals::observed_on.le(v.clone()));
    }
    q = q.order((signals::observed_on.desc(), signals::created_at.desc()));
    if f.limit > 0 {
        q = q.limit(f.limit);
    }
    Ok(q.select(SignalRow::as_select()).load(conn)?)
}

/// The description, decrypted. The caller asked the policy and audits.
pub fn description(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &SignalRow,
) -> StoreResult<String> {
    data_key::open(conn, keyring, &row.data_key_id)?.open_string(
        TABLE,
        "description",
        &row.id,
        &row.description_enc,
    )
}

/// (observed on, theme) of the tenant's signals between two ISO dates
/// (inclusive): what the trend per month and theme counts. No free text.
pub fn dates_and_themes(
    conn: &mut DbConn,
    tenant: &TenantId,
    from: &str,
    to: &str,
) -> StoreResult<Vec<(String, String)>> {
    Ok(signals::table
        .filter(signals::tenant_id.eq(tenant.as_str()))
        .filter(signals::observed_on.ge(from))
        .filter(signals::observed_on.le(to))
        .select((signals::observed_on, signals::theme))
        .load(conn)?)
}
