//! Meetings of the bodies (Partnertafel, Stuurgroep, Werkgroep): when and
//! where, planned or ad hoc, their status, attendance per seat, the
//! confidentiality acknowledgement (art. 458ter Sw.) of each attendee, the
//! agenda as it stood when the meeting started (read back from the cases'
//! history, and kept when it is marked held), the minutes per case, and the
//! guests invited for an agenda item.
//!
//! Every query takes the tenant it is scoped to; another tenant's meeting is
//! "not found". Minutes are about a case and are sealed with the case's data
//! key (table `meeting_minutes`, column `text`, the minutes row id), so
//! shredding a case erases its minutes in every meeting. Status changes are
//! conditional updates, so two browser tabs cannot both cancel and hold.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::case::CaseRow;
use crate::models::data_key;
use crate::schema::{
    case_events, cases, meeting_acknowledgements, meeting_agenda_items, meeting_attendance,
    meeting_guests, meeting_minutes, meetings,
};

const MINUTES: &str = "meeting_minutes";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = meetings)]
pub struct MeetingRow {
    pub id: String,
    pub tenant_id: String,
    pub body_id: String,
    /// UTC milliseconds.
    pub starts_at: i64,
    pub ends_at: i64,
    /// Free text, not personal: a room or an address of a service.
    pub place: String,
    /// `planned` or `ad_hoc`.
    pub kind: String,
    /// For an ad hoc meeting: the member who asked for it.
    pub requested_by_user_id: Option<String>,
    /// `planned`, `held` or `cancelled`.
    pub status: String,
    /// The iCalendar SEQUENCE of the invitation.
    pub sequence: i32,
    pub planned_by_user_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl MeetingRow {
    pub fn tenant(&self) -> TenantId {
        TenantId::from_db(self.tenant_id.clone())
    }
}

/// What is needed to plan a meeting (already validated by the caller).
#[derive(Debug)]
pub struct NewMeeting<'a> {
    pub tenant_id: &'a TenantId,
    pub body_id: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: &'a str,
    pub kind: &'a str,
    pub requested_by_user_id: Option<&'a str>,
    pub planned_by_user_id: &'a str,
}

/// Plans a meeting; it starts as `planned`.
pub fn create(conn: &mut DbConn, new: &NewMeeting<'_>, now_ms: i64) -> StoreResult<MeetingRow> {
    if new.ends_at <= new.starts_at {
        return Err(StoreError::Invalid("a meeting ends after it starts".into()));
    }
    let row = MeetingRow {
        id: uuid::Uuid::new_v4().to_string(),
        tenant_id: new.tenant_id.as_str().to_owned(),
        body_id: new.body_id.to_owned(),
        starts_at: new.starts_at,
        ends_at: new.ends_at,
        place: new.place.to_owned(),
        kind: new.kind.to_owned(),
        requested_by_user_id: new.requested_by_user_id.map(str::to_owned),
        status: "planned".into(),
        sequence: 0,
        planned_by_user_id: new.planned_by_user_id.to_owned(),
        created_at: now_ms,
        updated_at: now_ms,
    };
    diesel::insert_into(meetings::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// A meeting of `tenant`; another tenant's meeting is "not found".
pub fn find(conn: &mut DbConn, tenant: &TenantId, id: &str) -> StoreResult<MeetingRow> {
    meetings::table
        .filter(meetings::tenant_id.eq(tenant.as_str()))
        .filter(meetings::id.eq(id))
        .select(MeetingRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The meetings of a body starting in `[from_ms, to_ms)`, earliest first.
pub fn list_for_body(
    conn: &mut DbConn,
    tenant: &TenantId,
    body_id: &str,
    from_ms: i64,
    to_ms: i64,
) -> StoreResult<Vec<MeetingRow>> {
    Ok(meetings::table
        .filter(meetings::tenant_id.eq(tenant.as_str()))
        .filter(meetings::body_id.eq(body_id))
        .filter(meetings::starts_at.ge(from_ms))
        .filter(meetings::starts_at.lt(to_ms))
        .order((meetings::starts_at.asc(), meetings::id.asc()))
        .select(MeetingRow::as_select())
        .load(conn)?)
}

/// Moves a meeting from status `from` to `to` and raises its invitation's
/// sequence. `Conflict` when it is no longer in `from`.
pub fn set_status(
    conn: &mut DbConn,
    tenant: &TenantId,
    id: &str,
    from: &str,
    to: &str,
    now_ms: i64,
) -> StoreResult<()> {
    let n = diesel::update(
        meetings::table
            .filter(meetings::tenant_id.eq(tenant.as_str()))
            .filter(meetings::id.eq(id))
            .filter(meetings::status.eq(from)),
    )
    .set((
        meetings::status.eq(to),
        meetings::sequence.eq(meetings::sequence + 1),
        meetings::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::Conflict("meeting status changed meanwhile"));
    }
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = meeting_attendance)]
pub struct AttendanceRow {
    pub meeting_id: String,
    pub seat_id: String,
    pub tenant_id: String,
    /// `present`, `excused` or `absent`.
    pub status: String,
    pub recorded_by_user_id: String,
    pub recorded_at: i64,
}

/// The recorded attendance of a meeting, one row per seat recorded.
pub fn attendance(
    conn: &mut DbConn,
    tenant: &TenantId,
    meeting_id: &str,
) -> StoreResult<Vec<AttendanceRow>> {
    Ok(meeting_attendance::table
        .filter(meeting_attendance::tenant_id.eq(tenant.as_str()))
        .filter(meeting_attendance::meeting_id.eq(meeting_id))
        .select(AttendanceRow::as_select())
        .load(conn)?)
}

/// Records (or changes) the attendance of one seat. The caller checks that
/// the seat belongs to the meeting's body.
pub fn record_attendance(
    conn: &mut DbConn,
    meeting: &MeetingRow,
    seat_id: &str,
    status: &str,
    by_user: &str,
    now_ms: i64,
) -> StoreResult<()> {
    diesel::delete(
        meeting_attendance::table
            .filter(meeting_attendance::tenant_id.eq(&meeting.tenant_id))
            .filter(meeting_attendance::meeting_id.eq(&meeting.id))
            .filter(meeting_attendance::seat_id.eq(seat_id)),
    )
    .execute(conn)?;
    diesel::insert_into(meeting_attendance::table)
        .values((
            meeting_attendance::meeting_id.eq(&meeting.id),
            meeting_attendance::seat_id.eq(seat_id),
            meeting_attendance::tenant_id.eq(&meeting.tenant_id),
            meeting_attendance::status.eq(status),
            meeting_attendance::recorded_by_user_id.eq(by_user),
            meeting_attendance::recorded_at.eq(now_ms),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = meeting_acknowledgements)]
pub struct AcknowledgementRow {
    pub meeting_id: String,
    pub user_id: String,
    pub tenant_id: String,
    pub organisation_id: String,
    pub acknowledged_at: i64,
}

/// When `user` acknowledged the confidentiality of this meeting, if they did.
pub fn acknowledged_at(
    conn: &mut DbConn,
    meeting: &MeetingRow,
    user: &str,
) -> StoreResult<Option<i64>> {
    Ok(meeting_acknowledgements::table
        .filter(meeting_acknowledgements::tenant_id.eq(&meeting.tenant_id))
        .filter(meeting_acknowledgements::meeting_id.eq(&meeting.id))
        .filter(meeting_acknowledgements::user_id.eq(user))
        .select(meeting_acknowledgements::acknowledged_at)
        .first(conn)
        .optional()?)
}

/// Records the acknowledgement of `user`; returns false when it was already
/// recorded (the first one stands).
pub fn acknowledge(
    conn: &mut DbConn,
    meeting: &MeetingRow,
    user: &str,
    organisation: &str,
    now_ms: i64,
) -> StoreResult<bool> {
    if acknowledged_at(conn, meeting, user)?.is_some() {
        return Ok(false);
    }
    diesel::insert_into(meeting_acknowledgements::table)
        .values((
            meeting_acknowledgements::meeting_id.eq(&meeting.id),
            meeting_acknowledgements::user_id.eq(user),
            meeting_acknowledgements::tenant_id.eq(&meeting.tenant_id),
            meeting_acknowledgements::organisation_id.eq(organisation),
            meeting_acknowledgements::acknowledged_at.eq(now_ms),
        ))
        .execute(conn)
        .map_err(|e| StoreError::conflict_on_unique(e, "already acknowledged"))?;
    Ok(true)
}

/// Every acknowledgement of a meeting.
pub fn acknowledgements(
    conn: &mut DbConn,
    meeting: &MeetingRow,
) -> StoreResult<Vec<AcknowledgementRow>> {
    Ok(meeting_acknowledgements::table
        .filter(meeting_acknowledgements::tenant_id.eq(&meeting.tenant_id))
        .filter(meeting_acknowledgements::meeting_id.eq(&meeting.id))
        .order(meeting_acknowledgements::acknowledged_at.asc())
        .select(AcknowledgementRow::as_select())
        .load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = meeting_guests)]
pub struct GuestRow {
    pub meeting_id: String,
    pub case_id: String,
    pub user_id: String,
    pub tenant_id: String,
    pub organisation_id: String,
    pub invited_by_user_id: String,
    pub invited_at: i64,
}

/// Invites `user` (of `organisation`) as a guest for the agenda item of
/// `case_id`; returns false when that invitation already stands. The caller
/// checks the rules (`verbind_domain::case::guests`).
pub fn invite_guest(
    conn: &mut DbConn,
    meeting: &MeetingRow,
    case_id: &str,
    user: &str,
    organisation: &str,
    by_user: &str,
    now_ms: i64,
) -> StoreResult<bool> {
    let exists = meeting_guests::table
        .filter(meeting_guests::tenant_id.eq(&meeting.tenant_id))
        .filter(meeting_guests::meeting_id.eq(&meeting.id))
        .filter(meeting_guests::case_id.eq(case_id))
        .filter(meeting_guests::user_id.eq(user))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if exists {
        return Ok(false);
    }
    diesel::insert_into(meeting_guests::table)
        .values((
            meeting_guests::meeting_id.eq(&meeting.id),
            meeting_guests::case_id.eq(case_id),
            meeting_guests::user_id.eq(user),
            meeting_guests::tenant_id.eq(&meeting.tenant_id),
            meeting_guests::organisation_id.eq(organisation),
            meeting_guests::invited_by_user_id.eq(by_user),
            meeting_guests::invited_at.eq(now_ms),
        ))
        .execute(conn)
        .map_err(|e| StoreError::conflict_on_unique(e, "already invited"))?;
    Ok(true)
}

/// Withdraws one invitation; returns false when there was none.
pub fn withdraw_guest(
    conn: &mut DbConn,
    meeting: &MeetingRow,
    case_id: &str,
    user: &str,
) -> StoreResult<bool> {
    let n = diesel::delete(
        meeting_guests::table
            .filter(meeting_guests::tenant_id.eq(&meeting.tenant_id))
            .filter(meeting_guests::meeting_id.eq(&meeting.id))
            .filter(meeting_guests::case_id.eq(case_id))
            .filter(meeting_guests::user_id.eq(user)),
    )
    .execute(conn)?;
    Ok(n > 0)
}

/// The guests of a meeting, in the order they were invited.
pub fn guests(conn: &mut DbConn, meeting: &MeetingRow) -> StoreResult<Vec<GuestRow>> {
    Ok(meeting_guests::table
        .filter(meeting_guests::tenant_id.eq(&meeting.tenant_id))
        .filter(meeting_guests::meeting_id.eq(&meeting.id))
        .order((
            meeting_guests::invited_at.asc(),
            meeting_guests::user_id.asc(),
        ))
        .select(GuestRow::as_select())
        .load(conn)?)
}

/// The meetings (ids) `user` is invited to as a guest.
pub fn meetings_as_guest(
    conn: &mut DbConn,
    tenant: &TenantId,
    user: &str,
) -> StoreResult<Vec<String>> {
    let mut ids: Vec<String> = meeting_guests::table
        .filter(meeting_guests::tenant_id.eq(tenant.as_str()))
        .filter(meeting_guests::user_id.eq(user))
        .select(meeting_guests::meeting_id)
        .load(conn)?;
    ids.sort();
    ids.dedup();
    Ok(ids)
}

/// Freezes the agenda of a meeting (when it is held): the cases it held.
/// Cases already listed stay listed.
pub fn freeze_agenda(
    conn: &mut DbConn,
    meeting: &MeetingRow,
    case_ids: &[String],
) -> StoreResult<()> {
    let existing = frozen_agenda(conn, meeting)?;
    for case_id in case_ids {
        if existing.contains(case_id) {
            continue;
        }
        diesel::insert_into(meeting_agenda_items::table)
            .values((
                meeting_agenda_items::meeting_id.eq(&meeting.id),
                meeting_agenda_items::case_id.eq(case_id),
                meeting_agenda_items::tenant_id.eq(&meeting.tenant_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The cases of `meeting`'s table as they stood when it started: every case
/// created by then, with its phase at `starts_at` read back from its history
/// (the phase a case left at its first step after the start, or its current
/// phase when it has not moved since). The caller keeps the active ones: so
/// a case decided during the meeting stays on its agenda, and a case
/// referred or put on the agenda after the start waits for the next table.
/// A step at the very millisecond of the start counts as before it.
pub fn phases_at_start(
    conn: &mut DbConn,
    meeting: &MeetingRow,
) -> StoreResult<Vec<(CaseRow, String)>> {
    let rows: Vec<CaseRow> = cases::table
        .filter(cases::tenant_id.eq(&meeting.tenant_id))
        .filter(cases::body_id.eq(&meeting.body_id))
        .filter(cases::created_at.le(meeting.starts_at))
        .select(CaseRow::as_select())
        .load(conn)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    // (case id, at, from, to) of every step after the start, earliest first.
    let later: Vec<(String, i64, String, String)> = case_events::table
        .filter(case_events::tenant_id.eq(&meeting.tenant_id))
        .filter(case_events::case_id.eq_any(&ids))
        .filter(case_events::at_ms.gt(meeting.starts_at))
        .order((case_events::at_ms.asc(), case_events::id.asc()))
        .select((
            case_events::case_id,
            case_events::at_ms,
            case_events::from_state,
            case_events::to_state,
        ))
        .load(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mine: Vec<&(String, i64, String, String)> =
            later.iter().filter(|e| e.0 == row.id).collect();
        let state = match mine.first() {
            None => row.state.clone(),
            Some(first) => {
                // Steps in the same millisecond: the one that starts the chain
                // (its phase is no other's outcome) came first.
                let same: Vec<_> = mine.iter().filter(|e| e.1 == first.1).collect();
                same.iter()
                    .find(|e| !same.iter().any(|o| o.3 == e.2))
                    .map_or_else(|| first.2.clone(), |e| e.2.clone())
            }
        };
        out.push((row, state));
    }
    Ok(out)
}

/// The frozen agenda of a meeting (case ids); empty until the meeting is held.
pub fn frozen_agenda(conn: &mut DbConn, meeting: &MeetingRow) -> StoreResult<Vec<String>> {
    Ok(meeting_agenda_items::table
        .filter(meeting_agenda_items::tenant_id.eq(&meeting.tenant_id))
        .filter(meeting_agenda_items::meeting_id.eq(&meeting.id))
        .select(meeting_agenda_items::case_id)
        .load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = meeting_minutes)]
pub struct MinutesRow {
    pub id: String,
    pub tenant_id: String,
    pub meeting_id: String,
    pub case_id: String,
    pub text_enc: Vec<u8>,
    pub written_by_user_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The minutes of a meeting, one row per case that has minutes.
pub fn minutes_of_meeting(conn: &mut DbConn, meeting: &MeetingRow) -> StoreResult<Vec<MinutesRow>> {
    Ok(meeting_minutes::table
        .filter(meeting_minutes::tenant_id.eq(&meeting.tenant_id))
        .filter(meeting_minutes::meeting_id.eq(&meeting.id))
        .select(MinutesRow::as_select())
        .load(conn)?)
}

/// Writes (or rewrites) the minutes of `case` at `meeting`, sealed with the
/// case's data key. The row keeps its id, so the sealed text stays bound to it.
pub fn write_minutes(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    meeting: &MeetingRow,
    case: &CaseRow,
    text: &str,
    by_user: &str,
    now_ms: i64,
) -> StoreResult<MinutesRow> {
    if case.tenant_id != meeting.tenant_id || case.body_id != meeting.body_id {
        return Err(StoreError::NotFound);
    }
    let key = data_key::open(conn, keyring, &case.data_key_id)?;
    let existing: Option<MinutesRow> = meeting_minutes::table
        .filter(meeting_minutes::tenant_id.eq(&meeting.tenant_id))
        .filter(meeting_minutes::meeting_id.eq(&meeting.id))
        .filter(meeting_minutes::case_id.eq(&case.id))
        .select(MinutesRow::as_select())
        .first(conn)
        .optional()?;
    match existing {
        Some(mut row) => {
            row.text_enc = key.seal_str(MINUTES, "text", &row.id, text)?;
            row.written_by_user_id = by_user.to_owned();
            row.updated_at = now_ms;
            diesel::update(meeting_minutes::table.filter(meeting_minutes::id.eq(&row.id)))
                .set((
                    meeting_minutes::text_enc.eq(&row.text_enc),
                    meeting_minutes::written_by_user_id.eq(by_user),
                    meeting_minutes::updated_at.eq(now_ms),
                ))
                .execute(conn)?;
            Ok(row)
        }
        None => {
            let id = uuid::Uuid::new_v4().to_string();
            let row = MinutesRow {
                text_enc: key.seal_str(MINUTES, "text", &id, text)?,
                id,
                tenant_id: meeting.tenant_id.clone(),
                meeting_id: meeting.id.clone(),
                case_id: case.id.clone(),
                written_by_user_id: by_user.to_owned(),
                created_at: now_ms,
                updated_at: now_ms,
            };
            diesel::insert_into(meeting_minutes::table)
                .values((
                    meeting_minutes::id.eq(&row.id),
                    meeting_minutes::tenant_id.eq(&row.tenant_id),
                    meeting_minutes::meeting_id.eq(&row.meeting_id),
                    meeting_minutes::case_id.eq(&row.case_id),
                    meeting_minutes::text_enc.eq(&row.text_enc),
                    meeting_minutes::written_by_user_id.eq(&row.written_by_user_id),
                    meeting_minutes::created_at.eq(now_ms),
                    meeting_minutes::updated_at.eq(now_ms),
                ))
                .execute(conn)
                .map_err(|e| StoreError::conflict_on_unique(e, "minutes written meanwhile"))?;
            Ok(row)
        }
    }
}

/// Decrypts minutes. Fails when the case's key was destroyed (shredded) or
/// the blob was moved to another row.
pub fn open_minutes(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    row: &MinutesRow,
) -> StoreResult<String> {
    if row.case_id != case.id || row.tenant_id != case.tenant_id {
        return Err(StoreError::NotFound);
    }
    data_key::open(conn, keyring, &case.data_key_id)?.open_string(
        MINUTES,
        "text",
        &row.id,
        &row.text_enc,
    )
}
