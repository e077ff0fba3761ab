//! The action plan: its measures (loaded from the profile), the follow-up
//! of each (who carries it, indicators, status) and the evaluation notes
//! per period. The indicators and each note are sealed (free text); the
//! status, the owner organisation, the period and who wrote a note (by
//! organisation and role) stay plain.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::data_key;
use crate::schema::{action_plan_entries, action_plan_evaluations, measures};

const ENTRIES: &str = "action_plan_entries";
const EVALUATIONS: &str = "action_plan_evaluations";

/// A measure of the plan, as the profile has it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = measures)]
pub struct MeasureRow {
    pub id: String,
    pub tenant_id: String,
    pub code: String,
    pub title: String,
    pub chapter: String,
    /// The profile's owner (the default until the expert sets one).
    pub owner_organisation_id: Option<String>,
}

/// The tenant's measures (unordered; the caller sorts them as the plan does).
pub fn measures(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<MeasureRow>> {
    Ok(measures::table
        .filter(measures::tenant_id.eq(tenant.as_str()))
        .select(MeasureRow::as_select())
        .load(conn)?)
}

/// The measure with this code; another tenant's is "not found".
pub fn find_measure(conn: &mut DbConn, tenant: &TenantId, code: &str) -> StoreResult<MeasureRow> {
    measures::table
        .filter(measures::tenant_id.eq(tenant.as_str()))
        .filter(measures::code.eq(code))
        .select(MeasureRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = action_plan_entries)]
pub struct EntryRow {
    pub measure_id: String,
    pub tenant_id: String,
    pub data_key_id: String,
    pub owner_organisation_id: Option<String>,
    pub indicators_enc: Option<Vec<u8>>,
    pub status: String,
    pub updated_by_user_id: String,
    pub updated_at: i64,
}

/// The follow-up as the caller parsed it.
#[derive(Debug)]
pub struct EntryFields<'a> {
    pub owner_organisation_id: Option<&'a str>,
    pub indicators: Option<&'a str>,
    pub status: &'a str,
}

/// The follow-up of every measure that has one.
pub fn entries(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<EntryRow>> {
    Ok(action_plan_entries::table
        .filter(action_plan_entries::tenant_id.eq(tenant.as_str()))
        .select(EntryRow::as_select())
        .load(conn)?)
}

/// The follow-up of one measure, if any.
pub fn entry(conn: &mut DbConn, measure: &MeasureRow) -> StoreResult<Option<EntryRow>> {
    Ok(action_plan_entries::table
        .filter(action_plan_entries::tenant_id.eq(&measure.tenant_id))
        .filter(action_plan_entries::measure_id.eq(&measure.id))
        .select(EntryRow::as_select())
        .first(conn)
        .optional()?)
}

/// Records the follow-up of a measure: the first time with a new data key,
/// later sealed with the same key.
pub fn save_entry(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    measure: &MeasureRow,
    f: &EntryFields<'_>,
    by_user: &str,
    now_ms: i64,
) -> StoreResult<()> {
    let id = &measure.id;
    match entry(conn, measure)? {
        Some(row) => {
            let key = data_key::open(conn, keyring, &row.data_key_id)?;
            diesel::update(
                action_plan_entries::table
                    .filter(action_plan_entries::tenant_id.eq(&measure.tenant_id))
                    .filter(action_plan_entries::measure_id.eq(id)),
            )
            .set((
                action_plan_entries::owner_organisation_id.eq(f.owner_organisation_id),
                action_plan_entries::indicators_enc.eq(f
                    .indicators
                    .map(|t| key.seal_str(ENTRIES, "indicators", id, t))
                    .transpose()?),
                action_plan_entries::status.eq(f.status),
                action_plan_entries::updated_by_user_id.eq(by_user),
                action_plan_entries::updated_at.eq(now_ms),
            ))
            .execute(conn)?;
        }
        None => {
            let key = data_key::create(conn, keyring, &measure.tenant_id, "action_plan", now_ms)?;
            diesel::insert_into(action_plan_entries::table)
                .values(&EntryRow {
                    measure_id: id.clone(),
                    tenant_id: measure.tenant_id.clone(),
                    data_key_id: key.id.to_string(),
                    owner_organisation_id: f.owner_organisation_id.map(str::to_owned),
                    indicators_enc: f
                        .indicators
                        .map(|t| key.seal_str(ENTRIES, "indicators", id, t))
                        .transpose()?,
                    status: f.status.to_owned(),
                    updated_by_user_id: by_user.to_owned(),
                    updated_at: now_ms,
                })
                .execute(conn)?;
        }
    }
    Ok(())
}

/// A follow-up's indicators, opened.
pub fn indicators(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &EntryRow,
) -> StoreResult<Option<String>> {
    match &row.indicators_enc {
        Some(b) => {
            let key = data_key::open(conn, keyring, &row.data_key_id)?;
            Ok(Some(key.open_string(
                ENTRIES,
                "indicators",
                &row.measure_id,
                b,
            )?))
        }
        None => Ok(None),
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = action_plan_evaluations)]
pub struct EvaluationRow {
    pub id: String,
    pub tenant_id: String,
    pub measure_id: String,
    pub data_key_id: String,
    /// `2026` or `2026-H2`.
    pub period: String,
    pub note_enc: Vec<u8>,
    pub by_user_id: String,
    pub by_organisation_id: String,
    /// The writer's role code (`steering`, `expert`).
    pub by_role: String,
    pub created_at: i64,
}

/// A new evaluation note.
#[derive(Debug)]
pub struct NewEvaluation<'a> {
    pub period: &'a str,
    pub note: &'a str,
    pub by_user: &'a str,
    pub by_organisation: &'a str,
    pub by_role: &'a str,
}

pub fn add_evaluation(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    measure: &MeasureRow,
    n: &NewEvaluation<'_>,
    now_ms: i64,
) -> StoreResult<EvaluationRow> {
    let key = data_key::create(
        conn,
        keyring,
        &measure.tenant_id,
        "action_plan_evaluation",
        now_ms,
    )?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = EvaluationRow {
        note_enc: key.seal_str(EVALUATIONS, "note", &id, n.note)?,
        id,
        tenant_id: measure.tenant_id.clone(),
        measure_id: measure.id.clone(),
        data_key_id: key.id.to_string(),
        period: n.period.to_owned(),
        by_user_id: n.by_user.to_owned(),
        by_organisation_id: n.by_organisation.to_owned(),
        by_role: n.by_role.to_owned(),
        created_at: now_ms,
    };
    diesel::insert_into(action_plan_evaluations::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// Every evaluation note of the tenant, latest period first.
pub fn evaluations(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<EvaluationRow>> {
    Ok(action_plan_evaluations::table
        .filter(action_plan_evaluations::tenant_id.eq(tenant.as_str()))
        .order((
            action_plan_evaluations::period.desc(),
            action_plan_evaluations::created_at.desc(),
        ))
        .select(EvaluationRow::as_select())
        .load(conn)?)
}

/// A note, opened.
pub fn note(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &EvaluationRow,
) -> StoreResult<String> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    key.open_string(EVALUATIONS, "note", &row.id, &row.note_enc)
}
