//! The register of social tensions (maatschappelijke spanningen): a tension,
//! its Brandsma analysis, its severity over time, the actions taken and the
//! signals it is linked to.
//!
//! Each tension has its own data key; its title, description, groups, every
//! analysis field, the severity notes and the actions are sealed with it
//! (the AAD names table, column and row, so a blob moved elsewhere does not
//! open). Codes and dates stay plain for filters. The caller asks the policy
//! and audits.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::data_key::{self, OpenKey};
use crate::models::signal::SignalRow;
use crate::schema::{signals, tension_actions, tension_severities, tension_signals, tensions};

const TABLE: &str = "tensions";
const SEVERITIES: &str = "tension_severities";
const ACTIONS: &str = "tension_actions";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = tensions)]
pub struct TensionRow {
    pub id: String,
    pub tenant_id: String,
    pub data_key_id: String,
    pub title_enc: Vec<u8>,
    pub description_enc: Vec<u8>,
    pub groups_enc: Vec<u8>,
    pub district_slug: Option<String>,
    /// ISO date.
    pub noted_on: String,
    pub status: String,
    pub pole_a_enc: Option<Vec<u8>>,
    pub pole_b_enc: Option<Vec<u8>>,
    pub pushers_enc: Option<Vec<u8>>,
    pub joiners_enc: Option<Vec<u8>>,
    pub silent_middle_enc: Option<Vec<u8>>,
    pub bridge_builders_enc: Option<Vec<u8>>,
    pub scapegoat_risk_enc: Option<Vec<u8>>,
    pub target_audience_enc: Option<Vec<u8>>,
    pub topic_enc: Option<Vec<u8>>,
    pub position_enc: Option<Vec<u8>>,
    pub tone_enc: Option<Vec<u8>>,
    pub analysed_at: Option<i64>,
    pub created_by_user_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The analysis columns, by the code of the analysis field (the column is
/// the code with `_enc`).
pub const ANALYSIS_FIELDS: [&str; 11] = [
    "pole_a",
    "pole_b",
    "pushers",
    "joiners",
    "silent_middle",
    "bridge_builders",
    "scapegoat_risk",
    "target_audience",
    "topic",
    "position",
    "tone",
];

impl TensionRow {
    fn analysis_blob(&self, field: &str) -> Option<&Vec<u8>> {
        match field {
            "pole_a" => self.pole_a_enc.as_ref(),
            "pole_b" => self.pole_b_enc.as_ref(),
            "pushers" => self.pushers_enc.as_ref(),
            "joiners" => self.joiners_enc.as_ref(),
            "silent_middle" => self.silent_middle_enc.as_ref(),
            "bridge_builders" => self.bridge_builders_enc.as_ref(),
            "scapegoat_risk" => self.scapegoat_risk_enc.as_ref(),
            "target_audience" => self.target_audience_enc.as_ref(),
            "topic" => self.topic_enc.as_ref(),
            "position" => self.position_enc.as_ref(),
            "tone" => self.tone_enc.as_ref(),
            _ => None,
        }
    }
}

/// The sealed texts of a tension, opened.
#[derive(Clone, PartialEq, Eq)]
pub struct TensionText {
    pub title: String,
    pub description: String,
    pub groups: String,
}

impl std::fmt::Debug for TensionText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TensionText(..)")
    }
}

/// What a tension holds, as the caller parsed it.
#[derive(Debug)]
pub struct TensionFields<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub groups: &'a str,
    pub district_slug: Option<&'a str>,
    /// ISO date.
    pub noted_on: &'a str,
    pub status: &'a str,
}

fn key(conn: &mut DbConn, keyring: &MasterKeyring, row: &TensionRow) -> StoreResult<OpenKey> {
    data_key::open(conn, keyring, &row.data_key_id)
}

/// Stores a new tension with its own data key.
pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    f: &TensionFields<'_>,
    by_user: &str,
    now_ms: i64,
) -> StoreResult<TensionRow> {
    let key = data_key::create(conn, keyring, tenant.as_str(), "tension", now_ms)?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = TensionRow {
        title_enc: key.seal_str(TABLE, "title", &id, f.title)?,
        description_enc: key.seal_str(TABLE, "description", &id, f.description)?,
        groups_enc: key.seal_str(TABLE, "groups", &id, f.groups)?,
        id,
        tenant_id: tenant.as_str().to_owned(),
        data_key_id: key.id.to_string(),
        district_slug: f.district_slug.map(str::to_owned),
        noted_on: f.noted_on.to_owned(),
        status: f.status.to_owned(),
        pole_a_enc: None,
        pole_b_enc: None,
        pushers_enc: None,
        joiners_enc: None,
        silent_middle_enc: None,
        bridge_builders_enc: None,
        scapegoat_risk_enc: None,
        target_audience_enc: None,
        topic_enc: None,
        position_enc: None,
        tone_enc: None,
        analysed_at: None,
        created_by_user_id: by_user.to_owned(),
        created_at: now_ms,
        updated_at: now_ms,
    };
    diesel::insert_into(tensions::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// Changes the base fields of a tension (not its analysis).
pub fn update(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &TensionRow,
    f: &TensionFields<'_>,
    now_ms: i64,
) -> StoreResult<()> {
    let key = key(conn, keyring, row)?;
    let id = &row.id;
    diesel::update(
        tensions::table
            .filter(tensions::tenant_id.eq(&row.tenant_id))
            .filter(tensions::id.eq(id)),
    )
    .set((
        tensions::title_enc.eq(key.seal_str(TABLE, "title", id, f.title)?),
        tensions::description_enc.eq(key.seal_str(TABLE, "description", id, f.description)?),
        tensions::groups_enc.eq(key.seal_str(TABLE, "groups", id, f.groups)?),
        tensions::district_slug.eq(f.district_slug),
        tensions::noted_on.eq(f.noted_on),
        tensions::status.eq(f.status),
        tensions::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    Ok(())
}

/// A tension of `tenant`; another tenant's is "not found".
pub fn find(conn: &mut DbConn, tenant: &TenantId, id: &str) -> StoreResult<TensionRow> {
    tensions::table
        .filter(tensions::tenant_id.eq(tenant.as_str()))
        .filter(tensions::id.eq(id))
        .select(TensionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The tenant's tensions, most recently noted first.
pub fn list(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<TensionRow>> {
    Ok(tensions::table
        .filter(tensions::tenant_id.eq(tenant.as_str()))
        .order((tensions::noted_on.desc(), tensions::created_at.desc()))
        .select(TensionRow::as_select())
        .load(conn)?)
}

/// Title, description and groups, decrypted.
pub fn open(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &TensionRow,
) -> StoreResult<TensionText> {
    let key = key(conn, keyring, row)?;
    Ok(TensionText {
        title: key.open_string(TABLE, "title", &row.id, &row.title_enc)?,
        description: key.open_string(TABLE, "description", &row.id, &row.description_enc)?,
        groups: key.open_string(TABLE, "groups", &row.id, &row.groups_enc)?,
    })
}

/// The title only (for lists).
pub fn title(conn: &mut DbConn, keyring: &MasterKeyring, row: &TensionRow) -> StoreResult<String> {
    key(conn, keyring, row)?.open_string(TABLE, "title", &row.id, &row.title_enc)
}

/// The filled analysis fields, decrypted: (field code, text) in
/// [`ANALYSIS_FIELDS`] order.
pub fn analysis(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &TensionRow,
) -> StoreResult<Vec<(&'static str, String)>> {
    let key = key(conn, keyring, row)?;
    let mut out = Vec::new();
    for field in ANALYSIS_FIELDS {
        if let Some(blob) = row.analysis_blob(field) {
            let column = format!("{field}_enc");
            out.push((field, key.open_string(TABLE, &column, &row.id, blob)?));
        }
    }
    Ok(out)
}

#[derive(AsChangeset)]
#[diesel(table_name = tensions, treat_none_as_null = true)]
struct AnalysisChanges {
    pole_a_enc: Option<Vec<u8>>,
    pole_b_enc: Option<Vec<u8>>,
    pushers_enc: Option<Vec<u8>>,
    joiners_enc: Option<Vec<u8>>,
    silent_middle_enc: Option<Vec<u8>>,
    bridge_builders_enc: Option<Vec<u8>>,
    scapegoat_risk_enc: Option<Vec<u8>>,
    target_audience_enc: Option<Vec<u8>>,
    topic_enc: Option<Vec<u8>>,
    position_enc: Option<Vec<u8>>,
    tone_enc: Option<Vec<u8>>,
    analysed_at: Option<i64>,
    updated_at: i64,
}

/// Replaces the whole analysis: `fields` are (field code, text); a field
/// not named is cleared. An unknown code is refused.
pub fn set_analysis(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &TensionRow,
    fields: &[(&str, &str)],
    now_ms: i64,
) -> StoreResult<()> {
    let key = key(conn, keyring, row)?;
    if let Some((bad, _)) = fields.iter().find(|(f, _)| !ANALYSIS_FIELDS.contains(f)) {
        return Err(StoreError::Invalid(format!("unknown analysis field {bad}")));
    }
    let seal = |field: &str| -> StoreResult<Option<Vec<u8>>> {
        match fields.iter().find(|(f, _)| *f == field) {
            Some((_, text)) => Ok(Some(key.seal_str(
                TABLE,
                &format!("{field}_enc"),
                &row.id,
                text,
            )?)),
            None => Ok(None),
        }
    };
    let changes = AnalysisChanges {
        pole_a_enc: seal("pole_a")?,
        pole_b_enc: seal("pole_b")?,
        pushers_enc: seal("pushers")?,
        joiners_enc: seal("joiners")?,
        silent_middle_enc: seal("silent_middle")?,
        bridge_builders_enc: seal("bridge_builders")?,
        scapegoat_risk_enc: seal("scapegoat_risk")?,
        target_audience_enc: seal("target_audience")?,
        topic_enc: seal("topic")?,
        position_enc: seal("position")?,
        tone_enc: seal("tone")?,
        analysed_at: Some(now_ms),
        updated_at: now_ms,
    };
    diesel::update(
        tensions::table
            .filter(tensions::tenant_id.eq(&row.tenant_id))
            .filter(tensions::id.eq(&row.id)),
    )
    .set(&changes)
    .execute(conn)?;
    Ok(())
}

// ---------------------------------------------------------------- severity over time

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = tension_severities)]
pub struct SeverityRow {
    pub id: String,
    pub tenant_id: String,
    pub tension_id: String,
    /// ISO date.
    pub observed_on: String,
    pub severity: String,
    pub note_enc: Option<Vec<u8>>,
    pub recorded_by_user_id: String,
    pub created_at: i64,
}

/// A severity entry to record.
#[derive(Debug)]
pub struct NewSeverity<'a> {
    /// ISO date.
    pub observed_on: &'a str,
    pub severity: &'a str,
    pub note: Option<&'a str>,
    pub by_user: &'a str,
}

/// Records the severity of `tension` on a date, with an optional note.
pub fn add_severity(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tension: &TensionRow,
    new: &NewSeverity<'_>,
    now_ms: i64,
) -> StoreResult<SeverityRow> {
    let key = key(conn, keyring, tension)?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = SeverityRow {
        note_enc: new
            .note
            .map(|n| key.seal_str(SEVERITIES, "note", &id, n))
            .transpose()?,
        id,
        tenant_id: tension.tenant_id.clone(),
        tension_id: tension.id.clone(),
        observed_on: new.observed_on.to_owned(),
        severity: new.severity.to_owned(),
        recorded_by_user_id: new.by_user.to_owned(),
        created_at: now_ms,
    };
    diesel::insert_into(tension_severities::table)
        .values(&row)
        .execute(conn)?;
    diesel::update(tensions::table.filter(tensions::id.eq(&tension.id)))
        .set(tensions::updated_at.eq(now_ms))
        .execute(conn)?;
    Ok(row)
}

/// The severity entries of a tension with their notes decrypted, oldest first.
pub fn severities(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tension: &TensionRow,
) -> StoreResult<Vec<(SeverityRow, Option<String>)>> {
    let rows: Vec<SeverityRow> = tension_severities::table
        .filter(tension_severities::tenant_id.eq(&tension.tenant_id))
        .filter(tension_severities::tension_id.eq(&tension.id))
        .order((
            tension_severities::observed_on.asc(),
            tension_severities::created_at.asc(),
        ))
        .select(SeverityRow::as_select())
        .load(conn)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let key = key(conn, keyring, tension)?;
    rows.into_iter()
        .map(|r| {
            let note = r
                .note_enc
                .as_ref()
                .map(|b| key.open_string(SEVERITIES, "note", &r.id, b))
                .transpose()?;
            Ok((r, note))
        })
        .collect()
}

/// Every severity entry of the tenant without notes: (tension id, observed
/// on, recorded at, severity), for the current severity in lists.
pub fn all_severities(
    conn: &mut DbConn,
    tenant: &TenantId,
) -> StoreResult<Vec<(String, String, i64, String)>> {
    Ok(tension_severities::table
        .filter(tension_severities::tenant_id.eq(tenant.as_str()))
        .select((
            tension_severities::tension_id,
            tension_severities::observed_on,
            tension_severities::created_at,
            tension_severities::severity,
        ))
        .load(conn)?)
}

// ---------------------------------------------------------------- actions

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = tension_actions)]
pub struct ActionRow {
    pub id: String,
    pub tenant_id: String,
    pub tension_id: String,
    /// ISO date.
    pub taken_on: String,
    pub kind: String,
    pub description_enc: Vec<u8>,
    pub result_enc: Option<Vec<u8>>,
    pub recorded_by_user_id: String,
    pub created_at: i64,
}

/// An action as opened: its row, description and result.
pub type OpenAction = (ActionRow, String, Option<String>);

/// An action to record.
#[derive(Debug)]
pub struct NewAction<'a> {
    /// ISO date.
    pub taken_on: &'a str,
    pub kind: &'a str,
    pub description: &'a str,
    pub result: Option<&'a str>,
    pub by_user: &'a str,
}

/// Records an action taken about `tension`.
pub fn add_action(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tension: &TensionRow,
    new: &NewAction<'_>,
    now_ms: i64,
) -> StoreResult<ActionRow> {
    let key = key(conn, keyring, tension)?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = ActionRow {
        description_enc: key.seal_str(ACTIONS, "description", &id, new.description)?,
        result_enc: new
            .result
            .map(|r| key.seal_str(ACTIONS, "result", &id, r))
            .transpose()?,
        id,
        tenant_id: tension.tenant_id.clone(),
        tension_id: tension.id.clone(),
        taken_on: new.taken_on.to_owned(),
        kind: new.kind.to_owned(),
        recorded_by_user_id: new.by_user.to_owned(),
        created_at: now_ms,
    };
    diesel::insert_into(tension_actions::table)
        .values(&row)
        .execute(conn)?;
    diesel::update(tensions::table.filter(tensions::id.eq(&tension.id)))
        .set(tensions::updated_at.eq(now_ms))
        .execute(conn)?;
    Ok(row)
}

/// The actions taken about a tension, decrypted, in date order.
pub fn actions(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tension: &TensionRow,
) -> StoreResult<Vec<OpenAction>> {
    let rows: Vec<ActionRow> = tension_actions::table
        .filter(tension_actions::tenant_id.eq(&tension.tenant_id))
        .filter(tension_actions::tension_id.eq(&tension.id))
        .order((
            tension_actions::taken_on.asc(),
            tension_actions::created_at.asc(),
        ))
        .select(ActionRow::as_select())
        .load(conn)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let key = key(conn, keyring, tension)?;
    rows.into_iter()
        .map(|r| {
            let d = key.open_string(ACTIONS, "description", &r.id, &r.description_enc)?;
            let res = r
                .result_enc
                .as_ref()
                .map(|b| key.open_string(ACTIONS, "result", &r.id, b))
                .transpose()?;
            Ok((r, d, res))
        })
        .collect()
}

// ---------------------------------------------------------------- linked signals

/// Replaces the signals linked to `tension` by `signal_ids` (which the
/// caller checked belong to the tenant).
pub fn set_signals(
    conn: &mut DbConn,
    tension: &TensionRow,
    signal_ids: &[String],
    by_user: &str,
    now_ms: i64,
) -> StoreResult<()> {
    diesel::delete(
        tension_signals::table
            .filter(tension_signals::tenant_id.eq(&tension.tenant_id))
            .filter(tension_signals::tension_id.eq(&tension.id)),
    )
    .execute(conn)?;
    for s in signal_ids {
        diesel::insert_into(tension_signals::table)
            .values((
                tension_signals::tension_id.eq(&tension.id),
                tension_signals::signal_id.eq(s),
                tension_signals::tenant_id.eq(&tension.tenant_id),
                tension_signals::linked_by_user_id.eq(by_user),
                tension_signals::linked_at.eq(now_ms),
            ))
            .execute(conn)?;
    }
    diesel::update(tensions::table.filter(tensions::id.eq(&tension.id)))
        .set(tensions::updated_at.eq(now_ms))
        .execute(conn)?;
    Ok(())
}

/// The signals linked to `tension`, newest observation first. The caller
/// shows their codes (theme, date, severity), not their description.
pub fn linked_signals(conn: &mut DbConn, tension: &TensionRow) -> StoreResult<Vec<SignalRow>> {
    Ok(tension_signals::table
        .inner_join(signals::table.on(signals::id.eq(tension_signals::signal_id)))
        .filter(tension_signals::tenant_id.eq(&tension.tenant_id))
        .filter(signals::tenant_id.eq(&tension.tenant_id))
        .filter(tension_signals::tension_id.eq(&tension.id))
        .order(signals::observed_on.desc())
        .select(SignalRow::as_select())
        .load(conn)?)
}

/// How many signals each tension of the tenant is linked to: (tension id, count).
pub fn signal_counts(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<(String, i64)>> {
    Ok(tension_signals::table
        .filter(tension_signals::tenant_id.eq(tenant.as_str()))
        .group_by(tension_signals::tension_id)
        .select((tension_signals::tension_id, diesel::dsl::count_star()))
        .load(conn)?)
}
