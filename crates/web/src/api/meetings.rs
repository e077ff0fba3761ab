//! Meetings in the JSON API (issue 3, item 6): the overview per body with the
//! yearly norm, planning, the meeting with its attendance, guests, agenda and
//! the decisions put to it with their votes, the status, attendance, the
//! confidentiality acknowledgement (art. 458ter Sw.), minutes per case and
//! guests.
//!
//! Every handler calls the same service as the pages
//! (`crate::meetings::service`), which asks `decide_meeting` and, per case on
//! the agenda, `decide_case`, and audits. The agenda shows case codes only;
//! its content (and the minutes) only after the code of ethics and this
//! meeting's acknowledgement, exactly as on the page.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::cases::{RuleError, object_body, rfc3339, rule_error, with_location};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::meetings::service::{
    self, AgendaGate, Change, MeetingDetail, MeetingSummary, PlanInput, PlanOutcome,
};
use crate::middleware::request_id::RequestId;
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;

// ---------------------------------------------------------------- schemas

/// One meeting in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingItem {
    pub id: String,
    /// RFC 3339, UTC.
    pub starts_at: String,
    /// RFC 3339, UTC.
    pub ends_at: String,
    pub place: String,
    /// `planned` or `ad_hoc`.
    pub kind: String,
    /// `planned`, `held` or `cancelled`.
    pub status: String,
}

/// A body's count against its yearly norm (for the expert).
#[derive(Debug, Serialize, ToSchema)]
pub struct NormCount {
    pub year: u16,
    pub held: u32,
    /// Planned from today until the end of the year.
    pub planned_rest: u32,
    /// The yearly minimum (Partnertafel 6, Stuurgroep 2); null without a norm.
    pub min: Option<u32>,
    /// `met`, `on_track` or `behind`.
    pub status: String,
}

/// The meetings of one body this user may see.
#[derive(Debug, Serialize, ToSchema)]
pub struct BodyMeetingList {
    pub body_id: String,
    pub name: String,
    /// `partnertafel`, `stuurgroep`, `werkgroep`.
    pub kind: String,
    pub meetings: Vec<MeetingItem>,
    pub norm: Option<NormCount>,
}

/// A meeting this user attends as a guest.
#[derive(Debug, Serialize, ToSchema)]
pub struct GuestMeetingItem {
    pub body: String,
    pub meeting: MeetingItem,
}

/// `GET /api/v1/meetings`.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingOverview {
    pub year: u16,
    pub bodies: Vec<BodyMeetingList>,
    /// This user plans meetings (the expert).
    pub may_plan: bool,
    pub as_guest: Vec<GuestMeetingItem>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct YearQuery {
    /// The calendar year; this year by default.
    pub year: Option<u16>,
}

/// A meeting to plan. Date `dd/mm/yyyy` or `yyyy-mm-dd`, times `hh:mm`,
/// Belgian time.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PlanRequest {
    pub body_id: String,
    #[schema(example = "05/12/2026")]
    pub date: String,
    #[schema(example = "14:00")]
    pub start: String,
    #[schema(example = "16:00")]
    pub end: String,
    pub place: String,
    /// `planned` or `ad_hoc`.
    #[schema(example = "planned")]
    pub kind: String,
    /// For `ad_hoc`: the user id of the member who asked for it.
    pub requested_by: Option<String>,
}

/// A refused field of a plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanFieldError {
    /// `body_id`, `date`, `start`, `end`, `place`, `kind` or `requested_by`.
    pub field: String,
    pub message: String,
    pub code: String,
}

/// `422` of a plan: every refused field.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanRefused {
    /// `validation`.
    pub error: String,
    pub fields: Vec<PlanFieldError>,
    pub request_id: Option<String>,
}

/// The meeting a plan created.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingCreated {
    pub id: String,
}

/// One seat's attendance.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeatAttendanceItem {
    pub seat_id: String,
    pub title: String,
    pub organisation: String,
    /// The seat holder's name; null for a vacant seat.
    pub holder: Option<String>,
    /// `present`, `excused`, `absent`; null while not recorded.
    pub presence: Option<String>,
    /// The holder acknowledged this meeting's confidentiality.
    pub acknowledged: bool,
}

/// A guest, as announced to the members: who, from which service, invited
/// by whom and when.
#[derive(Debug, Serialize, ToSchema)]
pub struct GuestItem {
    pub user_id: String,
    pub name: String,
    pub organisation: String,
    /// The case the guest is invited for: case content, so null unless
    /// `agenda_gate` is `open` (the same gates as the agenda).
    pub case_id: Option<String>,
    /// The code of the agenda item the guest is invited for; null unless
    /// `agenda_gate` is `open`.
    pub code: Option<String>,
    pub invited_by: String,
    /// RFC 3339, UTC.
    pub invited_at: String,
}

/// One case on the agenda, by code.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgendaEntry {
    pub case_id: String,
    pub code: String,
    /// The case's phase now.
    pub state: String,
    /// Its phase at this meeting: when the meeting started (from then on the
    /// agenda is fixed: the cases active at the start, plus any put to a
    /// decision here), or now for a meeting still to come.
    pub phase_at_meeting: String,
    /// The person was a minor when referred.
    pub minor: bool,
    /// A minor under a protective measure; only shown to who may open the case.
    pub protective_measure: bool,
    /// The minutes, for whoever may open the case; never for a guest.
    pub minutes: Option<String>,
    /// The minutes exist but the case's data was erased.
    pub minutes_unreadable: bool,
    /// This user may open the case file (a guest may not).
    pub may_open: bool,
}

/// A unanimous decision put to this meeting, on a case of its agenda that
/// this user sees there (the same gates as the agenda): by case code only,
/// never a name, and never the reason of a security-risk proposal (that is
/// in the case file).
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingDecisionItem {
    /// The decision; votes go to
    /// `POST /api/v1/cases/{case_id}/decisions/{id}/votes`.
    pub id: String,
    pub case_id: String,
    /// The case code (pseudonym), e.g. `SN-2026-005`.
    pub code: String,
    /// `close`, `security_risk` or `send_terugkoppelingsfiche_to_police`.
    pub kind: String,
    /// `open`, `adopted` (used by the step that needed it) or `withdrawn`
    /// (it stays on file with its votes).
    pub status: String,
    /// Every organisation present agreed (and it was not withdrawn).
    pub adopted: bool,
    /// The count of the votes: `unanimous`, `blocked` (a dissent or an
    /// abstention) or `votes_missing`; null when it cannot be counted.
    pub outcome: Option<String>,
    /// The meeting is marked held: the votes are final.
    pub votes_final: bool,
    /// RFC 3339, UTC.
    pub proposed_at: String,
    /// RFC 3339, UTC: when it was adopted (used) or withdrawn.
    pub closed_at: Option<String>,
    /// One line per organisation present at this meeting.
    pub votes: Vec<super::cases::DecisionVote>,
}

/// A meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingView {
    #[serde(flatten)]
    pub meeting: MeetingItem,
    pub body: String,
    /// `partnertafel`, `stuurgroep`, `werkgroep`.
    pub body_kind: String,
    pub requested_by: Option<String>,
    pub attendance: Vec<SeatAttendanceItem>,
    /// Every guest for a member; a guest sees only its own invitations.
    pub guests: Vec<GuestItem>,
    /// This user is here as a guest.
    pub is_guest: bool,
    pub may_manage: bool,
    pub may_acknowledge: bool,
    /// RFC 3339, UTC; null while this user has not acknowledged.
    pub acknowledged_at: Option<String>,
    /// Why the agenda is empty or not: `open`, `no_case_content` (not a
    /// Partnertafel), `cancelled`, `ethics_code` (accept the code of ethics
    /// first), `acknowledgement` (acknowledge this meeting's confidentiality first).
    pub agenda_gate: String,
    pub agenda: Vec<AgendaEntry>,
    /// The decisions put to this meeting with every organisation's vote,
    /// behind the same gates as `agenda`: empty unless `agenda_gate` is
    /// `open`, and per case only where its agenda item shows (a guest: only
    /// the case it is invited for).
    pub decisions: Vec<MeetingDecisionItem>,
    /// Guests can still be invited or withdrawn (the expert, before the start).
    pub may_invite: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusRequest {
    /// `held` (once started) or `cancelled` (while planned).
    pub status: String,
}

/// One seat's presence.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeatPresence {
    pub seat_id: String,
    /// `present`, `excused` or `absent`.
    pub presence: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingAttendanceRequest {
    pub seats: Vec<SeatPresence>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MinutesRequest {
    pub case_id: String,
    pub text: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GuestRequest {
    /// A partner account without a seat at this table.
    pub user_id: String,
    /// The agenda item (case) the guest is invited for.
    pub case_id: String,
}

// ---------------------------------------------------------------- mapping

fn item(m: &MeetingSummary) -> MeetingItem {
    MeetingItem {
        id: m.id.clone(),
        starts_at: rfc3339(m.starts_at),
        ends_at: rfc3339(m.ends_at),
        place: m.place.clone(),
        kind: m.kind.code().to_owned(),
        status: m.status.code().to_owned(),
    }
}

fn gate_code(g: AgendaGate) -> &'static str {
    match g {
        AgendaGate::NoCaseContent => "no_case_content",
        AgendaGate::Cancelled => "cancelled",
        AgendaGate::EthicsCode => "ethics_code",
        AgendaGate::Acknowledgement => "acknowledgement",
        AgendaGate::Open => "open",
    }
}

fn view(d: MeetingDetail) -> MeetingView {
    MeetingView {
        meeting: item(&d.meeting),
        body: d.body_name,
        body_kind: d.body_kind.as_str().to_owned(),
        requested_by: d.requested_by,
        attendance: d
            .attendance
            .into_iter()
            .map(|a| SeatAttendanceItem {
                seat_id: a.seat_id,
                title: a.title,
                organisation: a.organisation,
                holder: a.holder,
                presence: a.presence.map(|p| p.code().to_owned()),
                acknowledged: a.acknowledged,
            })
            .collect(),
        guests: d
            .guests
            .into_iter()
            .map(|g| GuestItem {
                user_id: g.user_id,
                name: g.name,
                organisation: g.organisation,
                case_id: g.case_id,
                code: g.code,
                invited_by: g.invited_by,
                invited_at: rfc3339(g.invited_at),
            })
            .collect(),
        is_guest: d.is_guest,
        may_manage: d.may_manage,
        may_acknowledge: d.may_acknowledge,
        acknowledged_at: d.acknowledged_at.map(rfc3339),
        agenda_gate: gate_code(d.gate).to_owned(),
        agenda: d
            .agenda
            .into_iter()
            .map(|a| AgendaEntry {
                case_id: a.case_id,
                code: a.code,
                state: a.state.code().to_owned(),
                phase_at_meeting: a.phase_at_meeting.code().to_owned(),
                minor: a.minor,
                protective_measure: a.protective_measure,
                minutes: a.minutes,
                minutes_unreadable: a.minutes_unreadable,
                may_open: a.may_open,
            })
            .collect(),
        decisions: d
            .decisions
            .into_iter()
            .map(|x| {
                let v = x.decision;
                MeetingDecisionItem {
                    id: v.id,
                    case_id: x.case_id,
                    code: x.code,
                    kind: v.kind.code().to_owned(),
                    status: v.status.code().to_owned(),
                    adopted: v.adopted,
                    outcome: v.outcome.map(str::to_owned),
                    votes_final: v.votes_final,
                    proposed_at: rfc3339(v.proposed_at),
                    closed_at: v.closed_at.map(rfc3339),
                    votes: v.votes.into_iter().map(Into::into).collect(),
                }
            })
            .collect(),
        may_invite: d.may_invite,
    }
}

/// The stable code of a meeting rule from its message key:
/// `meeting-error-not-started` -> `not_started`,
/// `meeting-guest-error-started` -> `guest_meeting_started`.
pub fn meeting_rule_code(key: &str) -> String {
    if let Some(rest) = key.strip_prefix("meeting-guest-error-") {
        return format!("guest_{}", rest.replace('-', "_"));
    }
    key.strip_prefix("meeting-error-")
        .or_else(|| key.strip_prefix("text-error-"))
        .unwrap_or(key)
        .replace('-', "_")
}

/// `204` when done, or `422` with the rule's code and message.
fn changed(outcome: Change, tr: Tr, rid: &str) -> Response {
    match outcome {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(key) => rule_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &meeting_rule_code(key),
            Some(tr.t(key)),
            rid,
        ),
    }
}

/// The API's name for a field of the planning form.
fn plan_field(field: &str) -> &str {
    match field {
        "body" => "body_id",
        other => other,
    }
}

// ---------------------------------------------------------------- handlers

/// The meetings of every body this user may see, in one year, with the count
/// against the norm for the expert, and the meetings this user attends as a guest.
#[utoipa::path(get, path = "/api/v1/meetings", tag = "meetings",
    params(YearQuery),
    responses(
        (status = 200, body = MeetingOverview),
        (status = 401, body = crate::api::ApiError),
        (status = 403, body = crate::api::ApiError),
    ))]
pub async fn list_meetings(
    State(state): State<AppState>,
    s: CurrentSession,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let year = q.year.filter(|y| (2000..=2100).contains(y));
    let o = service::overview(&state, &s, year).await?;
    Ok(Json(MeetingOverview {
        year: o.year,
        may_plan: o.may_plan,
        bodies: o
            .bodies
            .iter()
            .map(|b| BodyMeetingList {
                body_id: b.body_id.clone(),
                name: b.name.clone(),
                kind: b.kind.as_str().to_owned(),
                meetings: b.meetings.iter().map(item).collect(),
                norm: b.norm.as_ref().map(|n| NormCount {
                    year: n.year,
                    held: n.held,
                    planned_rest: n.planned_rest,
                    min: n.min,
                    status: match n.status {
                        verbind_domain::case::NormStatus::Met => "met",
                        verbind_domain::case::NormStatus::OnTrack { .. } => "on_track",
                        verbind_domain::case::NormStatus::Behind { .. } => "behind",
                    }
                    .to_owned(),
                }),
            })
            .collect(),
        as_guest: o
            .as_guest
            .iter()
            .map(|(body, m)| GuestMeetingItem {
                body: body.clone(),
                meeting: item(m),
            })
            .collect(),
    })
    .into_response())
}

/// Plan a meeting (the expert; needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/meetings", tag = "meetings",
    request_body = PlanRequest,
    responses(
        (status = 201, description = "Planned; `Location` names the meeting", body = MeetingCreated),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "Not the expert, or `csrf`", body = RuleError),
        (status = 422, description = "Every refused field with its message, or `invalid_body`", body = PlanRefused),
    ))]
pub async fn plan_meeting(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    let req: PlanRequest = match object_body(body, tr, &rid) {
        Ok(req) => req,
        Err(res) => return Ok(*res),
    };
    let input = PlanInput {
        body_id: req.body_id,
        date: req.date,
        start: req.start,
        end: req.end,
        place: req.place,
        kind: req.kind,
        requested_by: req.requested_by.unwrap_or_default(),
    };
    Ok(match service::plan(&state, &s, input).await? {
        PlanOutcome::Planned { id } => {
            let location = format!("/api/v1/meetings/{id}");
            with_location(
                (StatusCode::CREATED, Json(MeetingCreated { id })).into_response(),
                &location,
            )
        }
        PlanOutcome::Invalid(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(PlanRefused {
                error: "validation".into(),
                fields: errors
                    .iter()
                    .map(|(f, k)| PlanFieldError {
                        field: plan_field(f).to_owned(),
                        message: tr.t(k),
                        code: (*k).to_owned(),
                    })
                    .collect(),
                request_id: Some(rid),
            }),
        )
            .into_response(),
    })
}

/// A meeting: details, attendance, guests, and the agenda and the decisions
/// put to it (with every organisation's vote) once the code of ethics and
/// this meeting's confidentiality are accepted (codes only; the minutes for
/// those who may open each case). Opening the agenda is audited.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "meetings",
    params(("id" = String, Path, description = "The meeting id")),
    responses(
        (status = 200, body = MeetingView),
        (status = 401, body = crate::api::ApiError),
        (status = 403, body = crate::api::ApiError),
        (status = 404, body = crate::api::ApiError),
    ))]
pub async fn get_meeting(
    State(state): State<AppState>,
    s: CurrentSession,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let d = service::open(&state, &s, id).await?;
    Ok(Json(view(d)).into_response())
}

/// Mark a meeting held (once started; its agenda is frozen) or cancelled
/// (the expert; needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/status", tag = "meetings",
    request_body = StatusRequest,
    params(("id" = String, Path, description = "The meeting id")),
    responses(
        (status = 204, description = "Done"),
        (status = 403, body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, description = "`status_invalid`, `not_planned`, `not_started`, `changed_meanwhile`, or `invalid_body`", body = RuleError),
    ))]
pub async fn set_status(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    let req: StatusRequest = match object_body(body, tr, &rid) {
        Ok(req) => req,
        Err(res) => return Ok(*res),
    };
    let r = service::set_status(&state, &s, id, req.status).await?;
    Ok(changed(r, tr, &rid))
}

/// Record attendance per seat (the expert; needs `X-CSRF-Token`). Seats not
/// named keep what was recorded; a seat of another body is "not found".
/// Audited. Decisions on cases take who votes from this attendance.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/attendance", tag = "meetings",
    request_body = MeetingAttendanceRequest,
    params(("id" = String, Path, description = "The meeting id")),
    responses(
        (status = 204, description = "Recorded"),
        (status = 403, body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, description = "`presence_invalid`, `cancelled`, `meeting_held` (the attendance of a held meeting is frozen: it named who voted), or `invalid_body`", body = RuleError),
    ))]
pub async fn record_attendance(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    let req: MeetingAttendanceRequest = match object_body(body, tr, &rid) {
        Ok(req) => req,
        Err(res) => return Ok(*res),
    };
    let entries = req
        .seats
        .into_iter()
        .map(|p| (p.seat_id, p.presence))
        .collect();
    let r = service::record_attendance(&state, &s, id, entries).await?;
    Ok(changed(r, tr, &rid))
}

/// Acknowledge this meeting's confidentiality (art. 458ter Sw.) before its
/// case content opens (needs `X-CSRF-Token`). Audited once.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/acknowledgement", tag = "meetings",
    params(("id" = String, Path, description = "The meeting id")),
    responses(
        (status = 204, description = "Acknowledged"),
        (status = 403, body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, description = "`cancelled`", body = RuleError),
    ))]
pub async fn acknowledge(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let r = service::acknowledge(&state, &s, id).await?;
    Ok(changed(r, Tr::new(l), &rid))
}

/// Write the minutes of one case on the agenda, sealed with the case's key
/// (the expert, after acknowledging; needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/minutes", tag = "meetings",
    request_body = MinutesRequest,
    params(("id" = String, Path, description = "The meeting id")),
    responses(
        (status = 204, description = "Written"),
        (status = 403, body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, description = "`acknowledge_first`, `not_on_agenda`, `minutes_empty`, `too_long`, `control_character`, `cancelled`, or `invalid_body`", body = RuleError),
    ))]
pub async fn write_minutes(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    let req: MinutesRequest = match object_body(body, tr, &rid) {
        Ok(req) => req,
        Err(res) => return Ok(*res),
    };
    let r = service::write_minutes(&state, &s, id, req.case_id, req.text).await?;
    Ok(changed(r, tr, &rid))
}

/// Invite a guest (a partner account of another service, without a seat)
/// for one agenda item, before the meeting starts; every member then sees
/// the guest (the expert; needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/guests", tag = "meetings",
    request_body = GuestRequest,
    params(("id" = String, Path, description = "The meeting id")),
    responses(
        (status = 204, description = "Invited"),
        (status = 403, body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, description = "`guest_not_planned`, `guest_started`, `guest_not_partner`, `guest_member`, `guest_not_on_agenda`, `guest_unknown`, or `invalid_body`", body = RuleError),
    ))]
pub async fn invite_guest(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    let req: GuestRequest = match object_body(body, tr, &rid) {
        Ok(req) => req,
        Err(res) => return Ok(*res),
    };
    let r = service::invite_guest(&state, &s, id, req.user_id, req.case_id).await?;
    Ok(changed(r, tr, &rid))
}

/// Withdraw a guest's invitation, before the meeting starts (the expert;
/// needs `X-CSRF-Token`). Audited.
#[utoipa::path(delete, path = "/api/v1/meetings/{id}/guests/{case_id}/{user_id}", tag = "meetings",
    params(
        ("id" = String, Path, description = "The meeting id"),
        ("case_id" = String, Path, description = "The agenda item"),
        ("user_id" = String, Path, description = "The guest"),
    ),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 403, body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, description = "`guest_not_planned`, `guest_started`", body = RuleError),
    ))]
pub async fn withdraw_guest(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path((id, case_id, user_id)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let r = service::withdraw_guest(&state, &s, id, user_id, case_id).await?;
    Ok(changed(r, Tr::new(l), &rid))
}
