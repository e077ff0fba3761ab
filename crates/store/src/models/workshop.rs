//! The school registry (loaded from the profile) and the resilience
//! workshops given in those schools. Each workshop has its own data key: the
//! provider, the classes and the evaluation text are sealed; school, date,
//! status, pupils, topics and score stay plain, so the coverage per school
//! year is counted without opening anything (the Stuurgroep sees it).

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::data_key;
use crate::schema::{school_workshops, schools};

const TABLE: &str = "school_workshops";

/// A school of the registry.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = schools)]
pub struct SchoolRow {
    pub id: String,
    pub tenant_id: String,
    pub slug: String,
    pub name: String,
    pub network: Option<String>,
    pub district_slug: Option<String>,
    pub has_second_grade: bool,
    pub first_wave_2022: bool,
}

/// The tenant's schools, by name.
pub fn schools(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<SchoolRow>> {
    Ok(schools::table
        .filter(schools::tenant_id.eq(tenant.as_str()))
        .order(schools::name.asc())
        .select(SchoolRow::as_select())
        .load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = school_workshops)]
pub struct WorkshopRow {
    pub id: String,
    pub tenant_id: String,
    pub school_id: String,
    pub data_key_id: String,
    /// ISO date.
    pub held_on: String,
    pub status: String,
    pub provider_enc: Vec<u8>,
    pub classes_enc: Option<Vec<u8>>,
    pub pupils: Option<i32>,
    /// Topic codes, `a,b`.
    pub topics: String,
    pub evaluation_score: Option<i32>,
    pub evaluation_enc: Option<Vec<u8>>,
    pub created_by_user_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A workshop's sealed fields, opened.
#[derive(Clone, PartialEq, Eq)]
pub struct WorkshopText {
    pub provider: String,
    pub classes: Option<String>,
    pub evaluation: Option<String>,
}

impl std::fmt::Debug for WorkshopText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WorkshopText(..)")
    }
}

#[derive(Debug)]
pub struct WorkshopFields<'a> {
    /// The school's id (the caller checked it is of the tenant).
    pub school_id: &'a str,
    /// ISO date.
    pub held_on: &'a str,
    pub status: &'a str,
    pub provider: &'a str,
    pub classes: Option<&'a str>,
    pub pupils: Option<i32>,
    pub topics: &'a str,
    pub evaluation_score: Option<i32>,
    pub evaluation: Option<&'a str>,
}

pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    f: &WorkshopFields<'_>,
    by_user: &str,
    now_ms: i64,
) -> StoreResult<WorkshopRow> {
    let key = data_key::create(conn, keyring, tenant.as_str(), "workshop", now_ms)?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = WorkshopRow {
        provider_enc: key.seal_str(TABLE, "provider", &id, f.provider)?,
        classes_enc: f
            .classes
            .map(|c| key.seal_str(TABLE, "classes", &id, c))
            .transpose()?,
        evaluation_enc: f
            .evaluation
            .map(|e| key.seal_str(TABLE, "evaluation", &id, e))
            .transpose()?,
        id,
        tenant_id: tenant.as_str().to_owned(),
        school_id: f.school_id.to_owned(),
        data_key_id: key.id.to_string(),
        held_on: f.held_on.to_owned(),
        status: f.status.to_owned(),
        pupils: f.pupils,
        topics: f.topics.to_owned(),
        evaluation_score: f.evaluation_score,
        created_by_user_id: by_user.to_owned(),
        created_at: now_ms,
        updated_at: now_ms,
    };
    diesel::insert_into(school_workshops::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn update(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &WorkshopRow,
    f: &WorkshopFields<'_>,
    now_ms: i64,
) -> StoreResult<()> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    let id = &row.id;
    diesel::update(
        school_workshops::table
            .filter(school_workshops::tenant_id.eq(&row.tenant_id))
            .filter(school_workshops::id.eq(id)),
    )
    .set((
        school_workshops::school_id.eq(f.school_id),
        school_workshops::held_on.eq(f.held_on),
        school_workshops::status.eq(f.status),
        school_workshops::provider_enc.eq(key.seal_str(TABLE, "provider", id, f.provider)?),
        school_workshops::classes_enc.eq(f
            .classes
            .map(|c| key.seal_str(TABLE, "classes", id, c))
            .transpose()?),
        school_workshops::pupils.eq(f.pupils),
        school_workshops::topics.eq(f.topics),
        school_workshops::evaluation_score.eq(f.evaluation_score),
        school_workshops::evaluation_enc.eq(f
            .evaluation
            .map(|e| key.seal_str(TABLE, "evaluation", id, e))
            .transpose()?),
        school_workshops::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, tenant: &TenantId, id: &str) -> StoreResult<WorkshopRow> {
    school_workshops::table
        .filter(school_workshops::tenant_id.eq(tenant.as_str()))
        .filter(school_workshops::id.eq(id))
        .select(WorkshopRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The tenant's workshops, latest first. Nothing is opened: the coverage
/// reads only the plain columns.
pub fn list(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<WorkshopRow>> {
    Ok(school_workshops::table
        .filter(school_workshops::tenant_id.eq(tenant.as_str()))
        .order((
            school_workshops::held_on.desc(),
            school_workshops::created_at.desc(),
        ))
        .select(WorkshopRow::as_select())
        .load(conn)?)
}

pub fn open(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &WorkshopRow,
) -> StoreResult<WorkshopText> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    let opt = |column: &str, blob: &Option<Vec<u8>>| -> StoreResult<Option<String>> {
        blob.as_ref()
            .map(|b| key.open_string(TABLE, column, &row.id, b))
            .transpose()
    };
    Ok(WorkshopText {
        provider: key.open_string(TABLE, "provider", &row.id, &row.provider_enc)?,
        classes: opt("classes", &row.classes_enc)?,
        evaluation: opt("evaluation", &row.evaluation_enc)?,
    })
}
