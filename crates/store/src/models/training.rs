//! Trainings (deskundigheidsbevordering): sessions of any kind and the
//! attendance of the reference persons who took part. Each session has its
//! own data key: title, provider, place and the evaluation text are sealed;
//! kind, date, head count and score stay plain (no personal data; they are
//! counted and averaged). The caller asks the policy and audits.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::data_key;
use crate::schema::{training_attendance, trainings};

const TABLE: &str = "trainings";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = trainings)]
pub struct TrainingRow {
    pub id: String,
    pub tenant_id: String,
    pub data_key_id: String,
    pub kind: String,
    pub title_enc: Vec<u8>,
    pub provider_enc: Vec<u8>,
    /// ISO date.
    pub held_on: String,
    pub place_enc: Option<Vec<u8>>,
    pub staff_count: Option<i32>,
    pub evaluation_score: Option<i32>,
    pub evaluation_enc: Option<Vec<u8>>,
    pub created_by_user_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A session's sealed fields, opened.
#[derive(Clone, PartialEq, Eq)]
pub struct TrainingText {
    pub title: String,
    pub provider: String,
    pub place: Option<String>,
    pub evaluation: Option<String>,
}

impl std::fmt::Debug for TrainingText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TrainingText(..)")
    }
}

/// What a session holds, as the caller parsed it.
#[derive(Debug)]
pub struct TrainingFields<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub provider: &'a str,
    /// ISO date.
    pub held_on: &'a str,
    pub place: Option<&'a str>,
    pub staff_count: Option<i32>,
    pub evaluation_score: Option<i32>,
    pub evaluation: Option<&'a str>,
}

/// Stores a new session with its own data key.
pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    f: &TrainingFields<'_>,
    by_user: &str,
    now_ms: i64,
) -> StoreResult<TrainingRow> {
    let key = data_key::create(conn, keyring, tenant.as_str(), "training", now_ms)?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = TrainingRow {
        title_enc: key.seal_str(TABLE, "title", &id, f.title)?,
        provider_enc: key.seal_str(TABLE, "provider", &id, f.provider)?,
        place_enc: f
            .place
            .map(|p| key.seal_str(TABLE, "place", &id, p))
            .transpose()?,
        evaluation_enc: f
            .evaluation
            .map(|e| key.seal_str(TABLE, "evaluation", &id, e))
            .transpose()?,
        id,
        tenant_id: tenant.as_str().to_owned(),
        data_key_id: key.id.to_string(),
        kind: f.kind.to_owned(),
        held_on: f.held_on.to_owned(),
        staff_count: f.staff_count,
        evaluation_score: f.evaluation_score,
        created_by_user_id: by_user.to_owned(),
        created_at: now_ms,
        updated_at: now_ms,
    };
    diesel::insert_into(trainings::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// Changes a session, sealed with its existing key.
pub fn update(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &TrainingRow,
    f: &TrainingFields<'_>,
    now_ms: i64,
) -> StoreResult<()> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    let id = &row.id;
    diesel::update(
        trainings::table
            .filter(trainings::tenant_id.eq(&row.tenant_id))
            .filter(trainings::id.eq(id)),
    )
    .set((
        trainings::kind.eq(f.kind),
        trainings::title_enc.eq(key.seal_str(TABLE, "title", id, f.title)?),
        trainings::provider_enc.eq(key.seal_str(TABLE, "provider", id, f.provider)?),
        trainings::held_on.eq(f.held_on),
        trainings::place_enc.eq(f
            .place
            .map(|p| key.seal_str(TABLE, "place", id, p))
            .transpose()?),
        trainings::staff_count.eq(f.staff_count),
        trainings::evaluation_score.eq(f.evaluation_score),
        trainings::evaluation_enc.eq(f
            .evaluation
            .map(|e| key.seal_str(TABLE, "evaluation", id, e))
            .transpose()?),
        trainings::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    Ok(())
}

/// A session of `tenant`; another tenant's is "not found".
pub fn find(conn: &mut DbConn, tenant: &TenantId, id: &str) -> StoreResult<TrainingRow> {
    trainings::table
        .filter(trainings::tenant_id.eq(tenant.as_str()))
        .filter(trainings::id.eq(id))
        .select(TrainingRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The tenant's sessions, latest first.
pub fn list(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<TrainingRow>> {
    Ok(trainings::table
        .filter(trainings::tenant_id.eq(tenant.as_str()))
        .order((trainings::held_on.desc(), trainings::created_at.desc()))
        .select(TrainingRow::as_select())
        .load(conn)?)
}

/// Title, provider, place and evaluation, decrypted.
pub fn open(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &TrainingRow,
) -> StoreResult<TrainingText> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    let opt = |column: &str, blob: &Option<Vec<u8>>| -> StoreResult<Option<String>> {
        blob.as_ref()
            .map(|b| key.open_string(TABLE, column, &row.id, b))
            .transpose()
    };
    Ok(TrainingText {
        title: key.open_string(TABLE, "title", &row.id, &row.title_enc)?,
        provider: key.open_string(TABLE, "provider", &row.id, &row.provider_enc)?,
        place: opt("place", &row.place_enc)?,
        evaluation: opt("evaluation", &row.evaluation_enc)?,
    })
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = training_attendance)]
pub struct AttendanceRow {
    pub training_id: String,
    pub reference_person_id: String,
    pub tenant_id: String,
    pub status: String,
    pub recorded_by_user_id: String,
    pub recorded_at: i64,
}

/// Replaces the participants of a session: (reference person id, status).
/// The caller checked the people belong to the tenant.
pub fn set_attendance(
    conn: &mut DbConn,
    row: &TrainingRow,
    lines: &[(String, &str)],
    by_user: &str,
    now_ms: i64,
) -> StoreResult<()> {
    diesel::delete(
        training_attendance::table
            .filter(training_attendance::tenant_id.eq(&row.tenant_id))
            .filter(training_attendance::training_id.eq(&row.id)),
    )
    .execute(conn)?;
    for (person, status) in lines {
        diesel::insert_into(training_attendance::table)
            .values(&AttendanceRow {
                training_id: row.id.clone(),
                reference_person_id: person.clone(),
                tenant_id: row.tenant_id.clone(),
                status: (*status).to_owned(),
                recorded_by_user_id: by_user.to_owned(),
                recorded_at: now_ms,
            })
            .execute(conn)?;
    }
    diesel::update(trainings::table.filter(trainings::id.eq(&row.id)))
        .set(trainings::updated_at.eq(now_ms))
        .execute(conn)?;
    Ok(())
}

/// The participants of a session.
pub fn attendance(conn: &mut DbConn, row: &TrainingRow) -> StoreResult<Vec<AttendanceRow>> {
    Ok(training_attendance::table
        .filter(training_attendance::tenant_id.eq(&row.tenant_id))
        .filter(training_attendance::training_id.eq(&row.id))
        .select(AttendanceRow::as_select())
        .load(conn)?)
}

/// One person's part in one session: the codes and the date, no free text.
#[derive(Debug, Clone, Queryable)]
pub struct Participation {
    pub reference_person_id: String,
    pub training_id: String,
    pub kind: String,
    /// ISO date.
    pub held_on: String,
    pub status: String,
}

/// Every participation in the tenant, oldest session first, for what is due
/// per person and the head counts per session.
pub fn participations(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<Participation>> {
    Ok(training_attendance::table
        .inner_join(trainings::table.on(trainings::id.eq(training_attendance::training_id)))
        .filter(training_attendance::tenant_id.eq(tenant.as_str()))
        .filter(trainings::tenant_id.eq(tenant.as_str()))
        .order(trainings::held_on.asc())
        .select((
            training_attendance::reference_person_id,
            trainings::id,
            trainings::kind,
            trainings::held_on,
            training_attendance::status,
        ))
        .load::<Participation>(conn)?)
}
