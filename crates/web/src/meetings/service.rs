//! The meeting engine: planning, the invitation, attendance per seat, the
//! confidentiality acknowledgement (art. 458ter Sw.), the agenda, the minutes
//! per case and the yearly count against the norm. Every function asks the
//! policy first (`decide_meeting` for the meeting, `decide_case` for each
//! case on the agenda) and audits what it did; every access to the case
//! content of a meeting is audited.

use std::collections::HashMap;

use verbind_domain::audit::AuditAction;
use verbind_domain::case::guests::{self, InvitationFacts};
use verbind_domain::case::meeting_norm::{NormStatus, norm_status};
use verbind_domain::case::{CaseState, Date};
use verbind_domain::policy::{
    Action, CaseAction, Decision, MeetingAction, MeetingContext, decide_case, decide_meeting,
};
use verbind_domain::profile::BodyKind;
use verbind_domain::{BodyId, TenantId, UserId};
use verbind_store::models::body::{self, Body, Seat};
use verbind_store::models::case::{self as cases, CaseRow};
use verbind_store::models::meeting::{self as meetings, MeetingRow, NewMeeting};
use verbind_store::models::{audit, organisation, user};
use verbind_store::{DbConn, StoreError};

use super::ics;
use super::when::{self, DAY_MS};
use crate::cases::service::{context as case_context, decision_on_record, today};
use crate::error::{AppError, AppResult};
use crate::middleware::session::CurrentSession;
use crate::state::{AppState, Inner};

/// Longest place text.
pub const PLACE_MAX: usize = 200;
/// Longest minutes text of one case.
pub const MINUTES_MAX: usize = 20_000;
/// How far ahead a meeting can be planned.
pub const PLAN_AHEAD_DAYS: i64 = 2 * 366;
/// Longest meeting.
pub const MAX_DURATION_MS: i64 = 12 * when::HOUR_MS;

/// Whether a meeting was planned in the calendar or convened ad hoc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingKind {
    Planned,
    AdHoc,
}

impl MeetingKind {
    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::Planned => "planned",
            MeetingKind::AdHoc => "ad_hoc",
        }
    }
    pub fn parse(s: &str) -> Option<MeetingKind> {
        [MeetingKind::Planned, MeetingKind::AdHoc]
            .into_iter()
            .find(|k| k.code() == s)
    }
}

/// Where a meeting stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingStatus {
    Planned,
    Held,
    Cancelled,
}

impl MeetingStatus {
    pub fn code(self) -> &'static str {
        match self {
            MeetingStatus::Planned => "planned",
            MeetingStatus::Held => "held",
            MeetingStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<MeetingStatus> {
        [
            MeetingStatus::Planned,
            MeetingStatus::Held,
            MeetingStatus::Cancelled,
        ]
        .into_iter()
        .find(|k| k.code() == s)
    }
}

/// Attendance of one seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Present,
    Excused,
    Absent,
}

impl Presence {
    pub const ALL: [Presence; 3] = [Presence::Present, Presence::Excused, Presence::Absent];
    pub fn code(self) -> &'static str {
        match self {
            Presence::Present => "present",
            Presence::Excused => "excused",
            Presence::Absent => "absent",
        }
    }
    pub fn parse(s: &str) -> Option<Presence> {
        Presence::ALL.into_iter().find(|p| p.code() == s)
    }
}

fn body_kind(b: &Body) -> Option<BodyKind> {
    BodyKind::ALL.into_iter().find(|k| k.as_str() == b.kind)
}

/// Bodies that meet: every kind but the network of reference persons.
fn meets(kind: BodyKind) -> bool {
    kind != BodyKind::Netwerk
}

fn entry(s: &CurrentSession, action: AuditAction, outcome: &str) -> audit::NewEntry {
    audit::NewEntry::new(action, outcome)
        .tenant(&s.tenant_id)
        .actor(s.user_id.as_str(), s.organisation_id.as_str())
}

fn refuse(d: Decision) -> AppError {
    if let Decision::Deny(r) = d {
        tracing::warn!(reason = ?r, "meeting access denied");
    }
    AppError::denied(d)
}

/// The facts `decide_meeting` needs about this user and this body.
fn meeting_context(seats: &[Seat], b: &Body) -> Option<MeetingContext> {
    Some(MeetingContext {
        body_kind: body_kind(b)?,
        holds_seat_at_body: seats.iter().any(|s| s.body_id == b.id),
        is_guest: false,
    })
}

/// The case ids of `m`'s agenda items this user is invited to as a guest.
fn guest_cases(
    c: &mut DbConn,
    s: &CurrentSession,
    m: &MeetingRow,
) -> Result<Vec<String>, StoreError> {
    Ok(meetings::guests(c, m)?
        .into_iter()
        .filter(|g| g.user_id == s.user_id.as_str())
        .map(|g| g.case_id)
        .collect())
}

/// Asks the policy about the meetings of body `b`, or about meeting `m` of
/// it (where an invited guest counts too).
fn decide_for(
    c: &mut DbConn,
    s: &CurrentSession,
    b: &Body,
    m: Option<&MeetingRow>,
    action: MeetingAction,
) -> Result<Decision, StoreError> {
    let seats = body::seats_of_user(c, &s.tenant_id, &s.user_id)?;
    let is_guest = match m {
        Some(m) => !guest_cases(c, s, m)?.is_empty(),
        None => false,
    };
    let ctx = meeting_context(&seats, b).map(|ctx| MeetingContext { is_guest, ..ctx });
    Ok(match ctx {
        Some(ctx) if meets(ctx.body_kind) => decide_meeting(
            &s.actor(),
            &TenantId::from_db(b.tenant_id.clone()),
            action,
            &ctx,
        ),
        _ => Decision::Deny(verbind_domain::policy::DenyReason::RoleNotAllowed),
    })
}

fn find_meeting(c: &mut DbConn, tenant: &TenantId, id: &str) -> Result<MeetingRow, StoreError> {
    if uuid::Uuid::try_parse(id).is_err() {
        return Err(StoreError::NotFound);
    }
    meetings::find(c, tenant, id)
}

fn find_body(c: &mut DbConn, tenant: &TenantId, id: &str) -> Result<Body, StoreError> {
    body::find(c, tenant, &BodyId::from_db(id.to_owned()))
}

/// Loads a meeting of the session's tenant by an id from outside, with its
/// body, and asks the policy for `action`: the first lines of every meeting
/// handler. A malformed or unknown id (or another tenant's) is "not found"; a
/// refusal comes back as the inner `Err` for the caller to turn into a 403.
fn authorised_meeting(
    c: &mut DbConn,
    s: &CurrentSession,
    id: &str,
    action: MeetingAction,
) -> Result<Result<(MeetingRow, Body), Decision>, StoreError> {
    let m = find_meeting(c, &s.tenant_id, id)?;
    let b = find_body(c, &s.tenant_id, &m.body_id)?;
    let d = decide_for(c, s, &b, Some(&m), action)?;
    Ok(if d.is_allowed() { Ok((m, b)) } else { Err(d) })
}

/// One meeting in a list.
#[derive(Debug, Clone)]
pub struct MeetingSummary {
    pub id: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub place: String,
    pub kind: MeetingKind,
    pub status: MeetingStatus,
}

fn summary(m: &MeetingRow) -> MeetingSummary {
    MeetingSummary {
        id: m.id.clone(),
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        place: m.place.clone(),
        kind: MeetingKind::parse(&m.kind).unwrap_or(MeetingKind::Planned),
        status: MeetingStatus::parse(&m.status).unwrap_or(MeetingStatus::Planned),
    }
}

/// The yearly count of a body against its norm, for the expert.
#[derive(Debug, Clone)]
pub struct NormView {
    pub year: u16,
    pub held: u32,
    pub planned_rest: u32,
    pub min: Option<u32>,
    pub status: NormStatus,
}

/// The meetings of one body in one year.
#[derive(Debug, Clone)]
pub struct BodyMeetings {
    pub body_id: String,
    pub name: String,
    pub kind: BodyKind,
    pub meetings: Vec<MeetingSummary>,
    pub norm: Option<NormView>,
}

/// The meetings page: per body the user may see.
#[derive(Debug, Clone)]
pub struct Overview {
    pub year: u16,
    pub current_year: u16,
    pub bodies: Vec<BodyMeetings>,
    pub may_plan: bool,
    /// Meetings of bodies this user does not sit at, where they are invited
    /// as a guest: (body name, meeting).
    pub as_guest: Vec<(String, MeetingSummary)>,
}

/// Counts a body's meetings of `today`'s year against its norm: held ones
/// up to today, and planned ones from today on (a meeting planned for today
/// that is not marked held yet is still to be held).
pub fn count_norm(c: &mut DbConn, b: &Body, today: Date) -> Result<Option<NormView>, StoreError> {
    let Some((from, to)) = when::year_bounds_utc(today.year()) else {
        return Ok(None);
    };
    let mut held = 0u32;
    let mut planned_rest = 0u32;
    for m in meetings::list_for_body(c, &TenantId::from_db(b.tenant_id.clone()), &b.id, from, to)? {
        let Some(day) = when::brussels_date(m.starts_at) else {
            continue;
        };
        match MeetingStatus::parse(&m.status) {
            Some(MeetingStatus::Held) if day <= today => held += 1,
            Some(MeetingStatus::Planned) if day >= today => planned_rest += 1,
            _ => {}
        }
    }
    let min = b.min_meetings_per_year.and_then(|n| u32::try_from(n).ok());
    Ok(Some(NormView {
        year: today.year(),
        held,
        planned_rest,
        min,
        status: norm_status(held, planned_rest, min, today),
    }))
}

/// The bodies whose meetings this user may see (`decide_meeting` with
/// [`MeetingAction::View`]), with the facts the policy was asked with. The
/// meetings page and the calendar feed both ask it here, so they show the
/// same bodies.
fn visible_bodies(
    c: &mut DbConn,
    s: &CurrentSession,
) -> Result<Vec<(Body, MeetingContext)>, StoreError> {
    let seats = body::seats_of_user(c, &s.tenant_id, &s.user_id)?;
    let actor = s.actor();
    let mut out = Vec::new();
    for b in body::list(c, &s.tenant_id)? {
        let Some(ctx) = meeting_context(&seats, &b) else {
            continue;
        };
        if !meets(ctx.body_kind) {
            continue;
        }
        let tenant = TenantId::from_db(b.tenant_id.clone());
        if decide_meeting(&actor, &tenant, MeetingAction::View, &ctx).is_allowed() {
            out.push((b, ctx));
        }
    }
    Ok(out)
}

/// The meetings this user is invited to as a guest, of bodies other than
/// `seen` (body ids whose meetings they see anyway), that the policy lets
/// them see: (body, meeting).
fn guest_meetings(
    c: &mut DbConn,
    s: &CurrentSession,
    seen: &[&str],
) -> Result<Vec<(Body, MeetingRow)>, StoreError> {
    let mut out = Vec::new();
    for id in meetings::meetings_as_guest(c, &s.tenant_id, s.user_id.as_str())? {
        let m = meetings::find(c, &s.tenant_id, &id)?;
        if seen.contains(&m.body_id.as_str()) {
            continue;
        }
        let b = find_body(c, &s.tenant_id, &m.body_id)?;
        if decide_for(c, s, &b, Some(&m), MeetingAction::View)?.is_allowed() {
            out.push((b, m));
        }
    }
    Ok(out)
}

/// The meetings page: every body whose meetings this user may see, with the
/// meetings of `year` (default: this year) and, for the expert, the count
/// against the norm.
pub async fn overview(
    state: &AppState,
    s: &CurrentSession,
    year: Option<u16>,
) -> AppResult<Overview> {
    s.require(Action::ViewMeetings)?;
    let s = s.clone();
    state
        .read(move |c, st| {
            let today = today(st).ok_or(StoreError::Invalid("clock out of range".into()))?;
            let year = year.unwrap_or(today.year());
            let mut out = Vec::new();
            let mut may_plan = false;
            let actor = s.actor();
            for (b, ctx) in visible_bodies(c, &s)? {
                let tenant = TenantId::from_db(b.tenant_id.clone());
                let manage =
                    decide_meeting(&actor, &tenant, MeetingAction::Manage, &ctx).is_allowed();
                may_plan |= manage;
                let list = match when::year_bounds_utc(year) {
                    Some((from, to)) => meetings::list_for_body(c, &tenant, &b.id, from, to)?
                        .iter()
                        .map(summary)
                        .collect(),
                    None => Vec::new(),
                };
                let norm = if manage {
                    count_norm(c, &b, today)?
                } else {
                    None
                };
                out.push(BodyMeetings {
                    body_id: b.id.clone(),
                    name: b.name.clone(),
                    kind: ctx.body_kind,
                    meetings: list,
                    norm,
                });
            }
            // The Partnertafel first, then the Stuurgroep and the working groups.
            out.sort_by_key(|b| match b.kind {
                BodyKind::Partnertafel => 0,
                BodyKind::Stuurgroep => 1,
                _ => 2,
            });
            let seen: Vec<&str> = out.iter().map(|b| b.body_id.as_str()).collect();
            let mut as_guest: Vec<(String, MeetingSummary)> = guest_meetings(c, &s, &seen)?
                .into_iter()
                .map(|(b, m)| (b.name, summary(&m)))
                .collect();
            as_guest.sort_by_key(|(_, m)| m.starts_at);
            Ok(Overview {
                year,
                current_year: today.year(),
                bodies: out,
                may_plan,
                as_guest,
            })
        })
        .await
}

/// A member who can ask for an ad hoc meeting.
#[derive(Debug, Clone)]
pub struct MemberOption {
    pub user_id: String,
    pub label: String,
}

/// A body the expert can plan for, with its members.
#[derive(Debug, Clone)]
pub struct PlanBody {
    pub id: String,
    pub name: String,
    pub kind: BodyKind,
    pub members: Vec<MemberOption>,
}

/// Everything the planning form offers.
pub async fn plan_options(state: &AppState, s: &CurrentSession) -> AppResult<Vec<PlanBody>> {
    s.require(Action::ViewMeetings)?;
    let s = s.clone();
    let options = state.read(move |c, st| plan_bodies(c, st, &s)).await?;
    if options.is_empty() {
        return Err(AppError::forbidden());
    }
    Ok(options)
}

fn plan_bodies(
    c: &mut DbConn,
    st: &Inner,
    s: &CurrentSession,
) -> Result<Vec<PlanBody>, StoreError> {
    let seats = body::seats_of_user(c, &s.tenant_id, &s.user_id)?;
    let orgs: HashMap<String, String> = organisation::list(c, &s.tenant_id)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut out = Vec::new();
    for b in body::list(c, &s.tenant_id)? {
        let Some(ctx) = meeting_context(&seats, &b) else {
            continue;
        };
        if !meets(ctx.body_kind)
            || !decide_meeting(
                &s.actor(),
                &TenantId::from_db(b.tenant_id.clone()),
                MeetingAction::Manage,
                &ctx,
            )
            .is_allowed()
        {
            continue;
        }
        let mut members = Vec::new();
        for seat in body::seats(c, &s.tenant_id, &BodyId::from_db(b.id.clone()))? {
            let Some(holder) = &seat.holder_user_id else {
                continue;
            };
            let name = holder_name(c, st, &s.tenant_id, holder)?;
            members.push(MemberOption {
                user_id: holder.clone(),
                label: format!(
                    "{name} · {} ({})",
                    seat.title,
                    orgs.get(&seat.organisation_id).cloned().unwrap_or_default()
                ),
            });
        }
        out.push(PlanBody {
            id: b.id,
            name: b.name,
            kind: ctx.body_kind,
            members,
        });
    }
    Ok(out)
}

fn holder_name(
    c: &mut DbConn,
    st: &Inner,
    tenant: &TenantId,
    user_id: &str,
) -> Result<String, StoreError> {
    let u = user::find(c, tenant, &UserId::from_db(user_id.to_owned()))?;
    Ok(match user::details(c, &st.keyring, &u) {
        Ok(d) => d.display_name,
        Err(_) => u.username,
    })
}

/// A planning form as typed.
#[derive(Debug, Clone, Default)]
pub struct PlanInput {
    pub body_id: String,
    pub date: String,
    pub start: String,
    pub end: String,
    pub place: String,
    pub kind: String,
    pub requested_by: String,
}

/// Field errors: (field name, translation key).
pub type FieldErrors = Vec<(&'static str, &'static str)>;

/// A plan that passed every rule.
#[derive(Debug)]
struct ParsedPlan {
    starts_at: i64,
    ends_at: i64,
    place: String,
    kind: MeetingKind,
    requested_by: Option<String>,
}

/// Checks a planning form against the rules; `members` are the user ids of
/// the chosen body's seat holders (for who asked for an ad hoc meeting).
fn parse_plan(
    input: &PlanInput,
    members: Option<&[String]>,
    now_ms: i64,
) -> Result<ParsedPlan, FieldErrors> {
    let mut errors: FieldErrors = Vec::new();
    if members.is_none() {
        errors.push(("body", "meeting-field-body-invalid"));
    }
    let date = match when::parse_date(&input.date) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(("date", e.message_key()));
            None
        }
    };
    let start = when::parse_time(&input.start);
    if start.is_none() {
        errors.push(("start", "meeting-field-time-invalid"));
    }
    let end = when::parse_time(&input.end);
    if end.is_none() {
        errors.push(("end", "meeting-field-time-invalid"));
    }
    let mut starts_at = None;
    let mut ends_at = None;
    if let (Some(d), Some((sh, sm))) = (date, start) {
        match when::brussels_to_utc_ms(d, sh, sm) {
            None => errors.push(("start", "meeting-field-time-does-not-exist")),
            Some(t) => {
                let today = when::brussels_date(now_ms);
                if today.is_some_and(|today| d < today) {
                    errors.push(("date", "meeting-field-date-past"));
                } else if t > now_ms + PLAN_AHEAD_DAYS * DAY_MS {
                    errors.push(("date", "meeting-field-date-too-far"));
                } else {
                    starts_at = Some(t);
                }
            }
        }
    }
    if let (Some(d), Some((eh, em)), Some(s)) = (date, end, starts_at) {
        match when::brussels_to_utc_ms(d, eh, em) {
            None => errors.push(("end", "meeting-field-time-does-not-exist")),
            Some(e) if e <= s => errors.push(("end", "meeting-field-end-before-start")),
            Some(e) if e - s > MAX_DURATION_MS => {
                errors.push(("end", "meeting-field-too-long"));
            }
            Some(e) => ends_at = Some(e),
        }
    }
    let place = input.place.trim();
    if place.is_empty() {
        errors.push(("place", "text-error-empty"));
    } else if place.chars().count() > PLACE_MAX {
        errors.push(("place", "text-error-too-long"));
    } else if place.chars().any(char::is_control) {
        errors.push(("place", "text-error-control-character"));
    }
    let kind = MeetingKind::parse(input.kind.trim());
    if kind.is_none() {
        errors.push(("kind", "meeting-field-kind-invalid"));
    }
    let requested_by = match kind {
        Some(MeetingKind::AdHoc) => {
            let who = input.requested_by.trim();
            match members {
                Some(m) if !who.is_empty() && m.iter().any(|u| u == who) => Some(who.to_owned()),
                Some(_) if who.is_empty() => {
                    errors.push(("requested_by", "meeting-field-requested-by-required"));
                    None
                }
                _ => {
                    errors.push(("requested_by", "meeting-field-requested-by-invalid"));
                    None
                }
            }
        }
        _ => None,
    };
    match (starts_at, ends_at, kind) {
        (Some(starts_at), Some(ends_at), Some(kind)) if errors.is_empty() => Ok(ParsedPlan {
            starts_at,
            ends_at,
            place: place.to_owned(),
            kind,
            requested_by,
        }),
        _ => Err(errors),
    }
}

/// The outcome of planning.
#[derive(Debug)]
pub enum PlanOutcome {
    Planned { id: String },
    Invalid(FieldErrors),
}

/// Plans a meeting (the expert); audited.
pub async fn plan(
    state: &AppState,
    s: &CurrentSession,
    input: PlanInput,
) -> AppResult<PlanOutcome> {
    s.require(Action::ViewMeetings)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            // The policy first: who may not plan learns nothing from field errors.
            let options = plan_bodies(c, st, &s)?;
            if options.is_empty() {
                return Ok(Err(Decision::Deny(
                    verbind_domain::policy::DenyReason::NotCoordinator,
                )));
            }
            let chosen = options.iter().find(|b| b.id == input.body_id.trim());
            let members: Option<Vec<String>> =
                chosen.map(|b| b.members.iter().map(|m| m.user_id.clone()).collect());
            let parsed = match parse_plan(&input, members.as_deref(), now) {
                Ok(p) => p,
                Err(e) => return Ok(Ok(PlanOutcome::Invalid(e))),
            };
            let Some(b) = chosen else {
                return Ok(Ok(PlanOutcome::Invalid(vec![(
                    "body",
                    "meeting-field-body-invalid",
                )])));
            };
            let b = find_body(c, &s.tenant_id, &b.id)?;
            let d = decide_for(c, &s, &b, None, MeetingAction::Manage)?;
            if !d.is_allowed() {
                return Ok(Err(d));
            }
            let row = meetings::create(
                c,
                &NewMeeting {
                    tenant_id: &s.tenant_id,
                    body_id: &b.id,
                    starts_at: parsed.starts_at,
                    ends_at: parsed.ends_at,
                    place: &parsed.place,
                    kind: parsed.kind.code(),
                    requested_by_user_id: parsed.requested_by.as_deref(),
                    planned_by_user_id: s.user_id.as_str(),
                },
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::MeetingPlanned, "ok")
                    .object("meeting", &row.id)
                    .detail(format!(
                        "body={} kind={} starts_at={}",
                        b.slug,
                        parsed.kind.code(),
                        parsed.starts_at
                    )),
            )?;
            Ok(Ok(PlanOutcome::Planned { id: row.id }))
        })
        .await?
        .map_err(refuse)
}

/// One seat's line in the attendance table.
#[derive(Debug, Clone)]
pub struct SeatAttendance {
    pub seat_id: String,
    pub title: String,
    pub organisation: String,
    pub holder: Option<String>,
    pub presence: Option<Presence>,
    /// The holder acknowledged the confidentiality of this meeting.
    pub acknowledged: bool,
}

/// One case on the agenda, by code only.
#[derive(Debug, Clone)]
pub struct AgendaItem {
    pub case_id: String,
    pub code: String,
    /// The case's phase now.
    pub state: CaseState,
    /// Its phase at this meeting: when the meeting started (the agenda is
    /// fixed from then on), or now for a meeting still to come.
    pub phase_at_meeting: CaseState,
    /// The person was a minor when referred: marked everywhere.
    pub minor: bool,
    /// A minor under a protective measure (only for who may open the case).
    pub protective_measure: bool,
    /// The minutes, when written and this user may open the case.
    pub minutes: Option<String>,
    /// The minutes exist but can no longer be read (the case was shredded).
    pub minutes_unreadable: bool,
    /// This user may open the case file (a guest sees the item only).
    pub may_open: bool,
}

/// A unanimous decision put to this meeting, on a case of its agenda that
/// this user sees there: by the case's code only, with its kind, status,
/// count and every organisation's vote (never the reason of a security-risk
/// proposal: that is in the case file).
#[derive(Debug, Clone)]
pub struct MeetingDecision {
    pub case_id: String,
    pub code: String,
    /// This user may open the case file (a link); a guest may not.
    pub may_open: bool,
    pub decision: crate::cases::service::DecisionView,
}

/// A guest of the meeting, as announced to the members: who, from which
/// service, invited by whom and when. The case the guest is invited for is
/// case content: its id and code only behind the agenda's gates
/// ([`AgendaGate::Open`]), else `None`.
#[derive(Debug, Clone)]
pub struct GuestView {
    pub user_id: String,
    pub name: String,
    pub organisation: String,
    pub case_id: Option<String>,
    /// The case code of the agenda item the guest is invited for.
    pub code: Option<String>,
    pub invited_by: String,
    pub invited_at: i64,
}

/// Why the agenda is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgendaGate {
    /// The body has no case content (Stuurgroep, Werkgroep).
    NoCaseContent,
    /// The meeting was cancelled.
    Cancelled,
    /// The code of ethics is not accepted yet.
    EthicsCode,
    /// The confidentiality of this meeting is not acknowledged yet.
    Acknowledgement,
    /// Shown.
    Open,
}

/// The meeting page.
#[derive(Debug, Clone)]
pub struct MeetingDetail {
    pub meeting: MeetingSummary,
    pub body_name: String,
    pub body_kind: BodyKind,
    pub requested_by: Option<String>,
    pub attendance: Vec<SeatAttendance>,
    pub may_manage: bool,
    pub may_acknowledge: bool,
    pub acknowledged_at: Option<i64>,
    pub gate: AgendaGate,
    pub agenda: Vec<AgendaItem>,
    /// The decisions put to this meeting, behind the same gates as the
    /// agenda and per case as its item: empty unless the agenda is open, and
    /// only on the items this user sees (a guest: the one it was invited for).
    pub decisions: Vec<MeetingDecision>,
    /// The meeting has started (it can be marked held).
    pub started: bool,
    /// The guests: every one for a member; a guest sees only their own
    /// invitations.
    pub guests: Vec<GuestView>,
    /// This user is here as a guest.
    pub is_guest: bool,
    /// For the expert, while guests can still be invited: partner accounts
    /// without a seat at this table.
    pub guest_options: Vec<MemberOption>,
    /// Guests can still be invited or withdrawn (the expert, before the start).
    pub may_invite: bool,
}

/// One case on a meeting's agenda.
struct AgendaCase {
    row: CaseRow,
    /// Its phase at the meeting: when the meeting started, or now for a
    /// meeting still to come.
    phase: CaseState,
}

/// The agenda of a meeting. Before it starts: every active case of the
/// table, live (a case returns at every table until it is closed, and a newly
/// screened one joins). From its start on, fixed: the cases that were active
/// when it started, with the phase they had then (read back from their
/// history), so a case decided during the meeting stays on it and one put on
/// the agenda after the start waits for the next table; plus every case put
/// to a decision at this meeting, the cases frozen when it was marked held
/// (meetings held before this rule), and every case with minutes here.
fn agenda_cases(c: &mut DbConn, m: &MeetingRow, now: i64) -> Result<Vec<AgendaCase>, StoreError> {
    let tenant = m.tenant();
    let parse = |s: &str| CaseState::parse(s).unwrap_or(CaseState::Aangemeld);
    let mut out: Vec<AgendaCase> = Vec::new();
    let mut at_start: HashMap<String, CaseState> = HashMap::new();
    if m.starts_at > now && m.status == MeetingStatus::Planned.code() {
        for row in active_cases(c, m)? {
            let phase = parse(&row.state);
            out.push(AgendaCase { row, phase });
        }
    } else {
        for (row, state) in meetings::phases_at_start(c, m)? {
            let phase = parse(&state);
            at_start.insert(row.id.clone(), phase);
            if phase.is_active() {
                out.push(AgendaCase { row, phase });
            }
        }
    }
    let mut extra: Vec<String> = meetings::frozen_agenda(c, m)?;
    extra.extend(
        verbind_store::models::decision::at_meeting(c, &tenant, &m.id)?
            .into_iter()
            .map(|d| d.case_id),
    );
    extra.extend(
        meetings::minutes_of_meeting(c, m)?
            .into_iter()
            .map(|r| r.case_id),
    );
    for id in extra {
        if out.iter().any(|a| a.row.id == id) {
            continue;
        }
        let row = cases::find(c, &tenant, &id)?;
        if row.body_id == m.body_id {
            let phase = at_start
                .get(&row.id)
                .copied()
                .unwrap_or_else(|| parse(&row.state));
            out.push(AgendaCase { row, phase });
        }
    }
    out.sort_by(|a, b| a.row.code.cmp(&b.row.code));
    Ok(out)
}

/// Every active case of the meeting's table.
fn active_cases(c: &mut DbConn, m: &MeetingRow) -> Result<Vec<CaseRow>, StoreError> {
    let active: Vec<&str> = CaseState::ALL
        .into_iter()
        .filter(|s| s.is_active())
        .map(CaseState::code)
        .collect();
    Ok(cases::list(c, &m.tenant(), &active)?
        .into_iter()
        .filter(|r| r.body_id == m.body_id)
        .collect())
}

/// Opens a meeting: details and attendance for whoever may see the meeting;
/// the agenda and minutes only after the code of ethics and this meeting's
/// confidentiality acknowledgement, and per case only for those who may open
/// that case. Opening the case content is audited, each minutes read too.
pub async fn open(state: &AppState, s: &CurrentSession, id: String) -> AppResult<MeetingDetail> {
    s.require(Action::ViewMeetings)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let m = find_meeting(c, &s.tenant_id, &id)?;
            let b = find_body(c, &s.tenant_id, &m.body_id)?;
            let d = decide_for(c, &s, &b, Some(&m), MeetingAction::View)?;
            if !d.is_allowed() {
                audit::append(
                    c,
                    now,
                    &entry(&s, AuditAction::AccessDenied, "denied").object("meeting", &m.id),
                )?;
                return Ok(Err(d));
            }
            let kind = body_kind(&b).unwrap_or(BodyKind::Werkgroep);
            let may_manage = decide_for(c, &s, &b, Some(&m), MeetingAction::Manage)?.is_allowed();
            let may_acknowledge =
                decide_for(c, &s, &b, Some(&m), MeetingAction::Acknowledge)?.is_allowed();
            let status = MeetingStatus::parse(&m.status).unwrap_or(MeetingStatus::Planned);
            // Attendance per seat, and who acknowledged.
            let orgs: HashMap<String, String> = organisation::list(c, &s.tenant_id)?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect();
            let recorded = meetings::attendance(c, &s.tenant_id, &m.id)?;
            let acks = meetings::acknowledgements(c, &m)?;
            let mut attendance = Vec::new();
            for seat in body::seats(c, &s.tenant_id, &BodyId::from_db(b.id.clone()))? {
                let holder = match &seat.holder_user_id {
                    Some(u) => Some(holder_name(c, st, &s.tenant_id, u)?),
                    None => None,
                };
                attendance.push(SeatAttendance {
                    presence: recorded
                        .iter()
                        .find(|r| r.seat_id == seat.id)
                        .and_then(|r| Presence::parse(&r.status)),
                    acknowledged: seat
                        .holder_user_id
                        .as_ref()
                        .is_some_and(|u| acks.iter().any(|a| &a.user_id == u)),
                    seat_id: seat.id,
                    title: seat.title,
                    organisation: orgs.get(&seat.organisation_id).cloned().unwrap_or_default(),
                    holder,
                });
            }
            let requested_by = match &m.requested_by_user_id {
                Some(u) => Some(holder_name(c, st, &s.tenant_id, u)?),
                None => None,
            };
            let acknowledged_at = acks
                .iter()
                .find(|a| a.user_id == s.user_id.as_str())
                .map(|a| a.acknowledged_at);
            // Guests, announced to the members; a guest sees only their own.
            let my_guest_cases = guest_cases(c, &s, &m)?;
            let holds_seat = body::seats_of_user(c, &s.tenant_id, &s.user_id)?
                .iter()
                .any(|seat| seat.body_id == b.id);
            let is_guest = !my_guest_cases.is_empty() && !holds_seat && !may_manage;
            // The case content: only at the Partnertafel, after the gates.
            let gate = if kind != BodyKind::Partnertafel {
                AgendaGate::NoCaseContent
            } else if status == MeetingStatus::Cancelled {
                AgendaGate::Cancelled
            } else if !case_context(c, &s, None, false, false)?.ethics_code_accepted {
                AgendaGate::EthicsCode
            } else if !may_acknowledge || acknowledged_at.is_none() {
                AgendaGate::Acknowledgement
            } else {
                AgendaGate::Open
            };
            let mut guests = Vec::new();
            for g in meetings::guests(c, &m)? {
                if is_guest && g.user_id != s.user_id.as_str() {
                    continue;
                }
                // Which case a guest comes for is case content: behind the
                // same gates as the agenda.
                let case = if gate == AgendaGate::Open {
                    let code = cases::find(c, &s.tenant_id, &g.case_id)?.code;
                    Some((g.case_id, code))
                } else {
                    None
                };
                let (case_id, code) = case.unzip();
                guests.push(GuestView {
                    name: holder_name(c, st, &s.tenant_id, &g.user_id)?,
                    organisation: orgs.get(&g.organisation_id).cloned().unwrap_or_default(),
                    invited_by: holder_name(c, st, &s.tenant_id, &g.invited_by_user_id)?,
                    invited_at: g.invited_at,
                    user_id: g.user_id,
                    case_id,
                    code,
                });
            }
            let may_invite = may_manage
                && kind == BodyKind::Partnertafel
                && status == MeetingStatus::Planned
                && m.starts_at > now;
            let guest_options = if may_invite {
                guest_candidates(c, st, &s.tenant_id, &b)?
            } else {
                Vec::new()
            };
            let mut agenda = Vec::new();
            let mut decisions = Vec::new();
            if gate == AgendaGate::Open {
                let minutes = meetings::minutes_of_meeting(c, &m)?;
                let put_here = verbind_store::models::decision::at_meeting(c, &s.tenant_id, &m.id)?;
                let mut read = 0usize;
                for AgendaCase { row, phase } in agenda_cases(c, &m, now)? {
                    let mut ctx = case_context(c, &s, Some(&row), false, false)?;
                    ctx.is_guest_for_item = my_guest_cases.contains(&row.id);
                    let may_open =
                        decide_case(&s.actor(), &row.tenant(), CaseAction::Open, &ctx).is_allowed();
                    if !may_open
                        && !decide_case(&s.actor(), &row.tenant(), CaseAction::ViewAgendaItem, &ctx)
                            .is_allowed()
                    {
                        continue;
                    }
                    // Its decisions here, behind the same gate as the item.
                    for d in put_here.iter().filter(|d| d.case_id == row.id) {
                        decisions.push(MeetingDecision {
                            case_id: row.id.clone(),
                            code: row.code.clone(),
                            may_open,
                            decision: decision_on_record(
                                c,
                                d,
                                Some(&m),
                                &orgs,
                                s.organisation_id.as_str(),
                                now,
                            )?,
                        });
                    }
                    let mut item = AgendaItem {
                        case_id: row.id.clone(),
                        code: row.code.clone(),
                        state: CaseState::parse(&row.state).unwrap_or(CaseState::Aangemeld),
                        phase_at_meeting: phase,
                        minor: row.minor_at_referral,
                        // Only for who may open the file: it says more than the code.
                        protective_measure: may_open && row.protective_measure,
                        minutes: None,
                        minutes_unreadable: false,
                        may_open,
                    };
                    // The minutes are case content: never for a guest.
                    let written = minutes.iter().find(|mr| mr.case_id == row.id && may_open);
                    if let Some(mr) = written {
                        match meetings::open_minutes(c, &st.keyring, &row, mr) {
                            Ok(text) => {
                                item.minutes = Some(text);
                                read += 1;
                                audit::append(
                                    c,
                                    now,
                                    &entry(&s, AuditAction::MeetingMinutesRead, "ok")
                                        .object("case", &row.id)
                                        .detail(format!("meeting={}", m.id)),
                                )?;
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "minutes cannot be opened");
                                item.minutes_unreadable = true;
                            }
                        }
                    }
                    agenda.push(item);
                }
                audit::append(
                    c,
                    now,
                    &entry(&s, AuditAction::MeetingContentViewed, "ok")
                        .object("meeting", &m.id)
                        .detail(format!(
                            "agenda={} minutes={read} decisions={}",
                            agenda.len(),
                            decisions.len()
                        )),
                )?;
            }
            Ok(Ok(MeetingDetail {
                started: m.starts_at <= now,
                meeting: summary(&m),
                body_name: b.name.clone(),
                body_kind: kind,
                requested_by,
                attendance,
                may_manage,
                may_acknowledge,
                acknowledged_at,
                gate,
                agenda,
                decisions,
                guests,
                is_guest,
                guest_options,
                may_invite,
            }))
        })
        .await?
        .map_err(refuse)
}

/// The host part of an invitation's UID: the public host name, or
/// `verbind.invalid` when none is configured.
fn uid_domain(state: &AppState) -> String {
    state
        .config
        .public_url
        .as_deref()
        .and_then(|u| u.split("://").nth(1))
        .and_then(|rest| rest.split(['/', ':']).next())
        .filter(|h| !h.is_empty())
        .unwrap_or("verbind.invalid")
        .to_owned()
}

/// What the invitation of meeting `m` of the body named `body_name` says:
/// the same in the single invitation and in the calendar feed.
fn invitation_of<'a>(
    m: &'a MeetingRow,
    body_name: &'a str,
    uid_domain: &'a str,
    description: &'a str,
    now: i64,
) -> ics::Invitation<'a> {
    ics::Invitation {
        meeting_id: &m.id,
        uid_domain,
        body_name,
        place: &m.place,
        description,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        cancelled: m.status == MeetingStatus::Cancelled.code(),
        sequence: m.sequence,
        stamp_ms: now,
    }
}

/// The invitation (`.ics`) of a meeting, for whoever may see the meeting.
pub async fn invitation(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    description: String,
) -> AppResult<(String, i64)> {
    s.require(Action::ViewMeetings)?;
    let now = state.now_ms();
    let uid_domain = uid_domain(state);
    let s = s.clone();
    state
        .read(move |c, _| {
            let id = id.strip_suffix(".ics").unwrap_or(&id);
            let m = find_meeting(c, &s.tenant_id, id)?;
            let b = find_body(c, &s.tenant_id, &m.body_id)?;
            let d = decide_for(c, &s, &b, Some(&m), MeetingAction::View)?;
            if !d.is_allowed() {
                return Ok(Err(d));
            }
            let text = ics::render(&invitation_of(&m, &b.name, &uid_domain, &description, now));
            Ok(Ok((text, m.starts_at)))
        })
        .await?
        .map_err(refuse)
}

/// How many days back the calendar feed reaches.
pub const FEED_PAST_DAYS: i64 = 90;

/// The calendar feed (`/vergaderingen.ics`): every meeting (planned, held or
/// cancelled) starting from [`FEED_PAST_DAYS`] ago on, of every body whose
/// meetings this user sees on the meetings page, and of the meetings they
/// are invited to as a guest there; each event exactly as in the meeting's
/// own invitation, so never anything of the agenda. Audited, with the
/// number of meetings it held.
pub async fn calendar_feed(
    state: &AppState,
    s: &CurrentSession,
    description: String,
    calendar_name: String,
) -> AppResult<String> {
    s.require(Action::ViewMeetings)?;
    let now = state.now_ms();
    let uid_domain = uid_domain(state);
    let s = s.clone();
    state
        .write(move |c, _| {
            let from = now.saturating_sub(FEED_PAST_DAYS * DAY_MS);
            let bodies = visible_bodies(c, &s)?;
            let mut found: Vec<(String, MeetingRow)> = Vec::new();
            for (b, _) in &bodies {
                let tenant = TenantId::from_db(b.tenant_id.clone());
                for m in meetings::list_for_body(c, &tenant, &b.id, from, i64::MAX)? {
                    found.push((b.name.clone(), m));
                }
            }
            let seen: Vec<&str> = bodies.iter().map(|(b, _)| b.id.as_str()).collect();
            for (b, m) in guest_meetings(c, &s, &seen)? {
                if m.starts_at >= from {
                    found.push((b.name, m));
                }
            }
            found.sort_by(|(_, x), (_, y)| (x.starts_at, &x.id).cmp(&(y.starts_at, &y.id)));
            let events: Vec<ics::Invitation<'_>> = found
                .iter()
                .map(|(name, m)| invitation_of(m, name, &uid_domain, &description, now))
                .collect();
            let text = ics::render_feed(&events, &calendar_name);
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::MeetingsCalendarExported, "ok")
                    .detail(format!("meetings={}", events.len())),
            )?;
            Ok(text)
        })
        .await
}

/// The outcome of a change on a meeting: done, or refused by a rule (with its message key).
pub type Change = Result<(), &'static str>;

/// Marks a meeting held (once it has started; its agenda is frozen) or
/// cancelled (while planned). The expert; audited.
pub async fn set_status(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    to: String,
) -> AppResult<Change> {
    s.require(Action::ViewMeetings)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, _| {
            let (m, b) = match authorised_meeting(c, &s, &id, MeetingAction::Manage)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            let to = match MeetingStatus::parse(to.trim()) {
                Some(t @ (MeetingStatus::Held | MeetingStatus::Cancelled)) => t,
                _ => return Ok(Ok(Err("meeting-error-status-invalid"))),
            };
            if m.status != MeetingStatus::Planned.code() {
                return Ok(Ok(Err("meeting-error-not-planned")));
            }
            if to == MeetingStatus::Held && m.starts_at > now {
                return Ok(Ok(Err("meeting-error-not-started")));
            }
            if to == MeetingStatus::Held {
                let ids: Vec<String> = agenda_cases(c, &m, now)?
                    .into_iter()
                    .map(|a| a.row.id)
                    .collect();
                meetings::freeze_agenda(c, &m, &ids)?;
            }
            match meetings::set_status(c, &s.tenant_id, &m.id, &m.status, to.code(), now) {
                Ok(()) => {}
                Err(StoreError::Conflict(_)) => {
                    return Ok(Ok(Err("meeting-error-changed-meanwhile")));
                }
                Err(e) => return Err(e),
            }
            let action = match to {
                MeetingStatus::Held => AuditAction::MeetingHeld,
                _ => AuditAction::MeetingCancelled,
            };
            audit::append(
                c,
                now,
                &entry(&s, action, "ok")
                    .object("meeting", &m.id)
                    .detail(format!("body={}", b.slug)),
            )?;
            Ok(Ok(Ok(())))
        })
        .await?
        .map_err(refuse)
}

/// Records attendance per seat (`(seat id, presence code)`; an empty code
/// leaves a seat unrecorded). A seat that is not one of the body's is "not
/// found". Refused once the meeting is cancelled or marked held (the
/// attendance of a held meeting is frozen: it named who voted). The expert;
/// audited.
pub async fn record_attendance(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    entries: Vec<(String, String)>,
) -> AppResult<Change> {
    s.require(Action::ViewMeetings)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, _| {
            let (m, b) = match authorised_meeting(c, &s, &id, MeetingAction::Manage)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            if m.status == MeetingStatus::Cancelled.code() {
                return Ok(Ok(Err("meeting-error-cancelled")));
            }
            // Who was present decides who votes: once the meeting is marked
            // held, its attendance is part of the record and stays as it is.
            if m.status == MeetingStatus::Held.code() {
                return Ok(Ok(Err("meeting-error-meeting-held")));
            }
            let seats: Vec<String> = body::seats(c, &s.tenant_id, &BodyId::from_db(b.id.clone()))?
                .into_iter()
                .map(|seat| seat.id)
                .collect();
            let mut parsed = Vec::new();
            for (seat, code) in &entries {
                if !seats.contains(seat) {
                    return Err(StoreError::NotFound);
                }
                match code.trim() {
                    "" => {}
                    code => match Presence::parse(code) {
                        Some(p) => parsed.push((seat.clone(), p)),
                        None => return Ok(Ok(Err("meeting-error-presence-invalid"))),
                    },
                }
            }
            for (seat, p) in &parsed {
                meetings::record_attendance(c, &m, seat, p.code(), s.user_id.as_str(), now)?;
            }
            let count = |p: Presence| parsed.iter().filter(|(_, q)| *q == p).count();
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::MeetingAttendanceRecorded, "ok")
                    .object("meeting", &m.id)
                    .detail(format!(
                        "present={} excused={} absent={}",
                        count(Presence::Present),
                        count(Presence::Excused),
                        count(Presence::Absent)
                    )),
            )?;
            Ok(Ok(Ok(())))
        })
        .await?
        .map_err(refuse)
}

/// Records this member's confidentiality acknowledgement (art. 458ter Sw.)
/// for one Partnertafel meeting; audited once.
pub async fn acknowledge(state: &AppState, s: &CurrentSession, id: String) -> AppResult<Change> {
    s.require(Action::ViewMeetings)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, _| {
            let (m, _) = match authorised_meeting(c, &s, &id, MeetingAction::Acknowledge)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            if m.status == MeetingStatus::Cancelled.code() {
                return Ok(Ok(Err("meeting-error-cancelled")));
            }
            if meetings::acknowledge(c, &m, s.user_id.as_str(), s.organisation_id.as_str(), now)? {
                audit::append(
                    c,
                    now,
                    &entry(&s, AuditAction::MeetingConfidentialityAcknowledged, "ok")
                        .object("meeting", &m.id),
                )?;
            }
            Ok(Ok(Ok(())))
        })
        .await?
        .map_err(refuse)
}

/// Writes the minutes of one case on this meeting's agenda, sealed with the
/// case's key. The expert, who may open the case and acknowledged this
/// meeting's confidentiality; audited.
pub async fn write_minutes(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    case_id: String,
    text: String,
) -> AppResult<Change> {
    s.require(Action::ViewMeetings)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            // A refused write of case content is recorded like a refused read.
            let (m, _) = match authorised_meeting(c, &s, &id, MeetingAction::Manage)? {
                Ok(found) => found,
                Err(d) => {
                    audit::append(
                        c,
                        now,
                        &entry(&s, AuditAction::AccessDenied, "denied")
                            .object("meeting", &id)
                            .detail("minutes"),
                    )?;
                    return Ok(Err(d));
                }
            };
            if uuid::Uuid::try_parse(case_id.trim()).is_err() {
                return Err(StoreError::NotFound);
            }
            let case = cases::find(c, &s.tenant_id, case_id.trim())?;
            if case.body_id != m.body_id {
                return Err(StoreError::NotFound);
            }
            let ctx = case_context(c, &s, Some(&case), false, false)?;
            let d = decide_case(&s.actor(), &case.tenant(), CaseAction::Open, &ctx);
            if !d.is_allowed() {
                audit::append(
                    c,
                    now,
                    &entry(&s, AuditAction::AccessDenied, "denied")
                        .object("case", &case.id)
                        .detail(format!("minutes meeting={}", m.id)),
                )?;
                return Ok(Err(d));
            }
            if m.status == MeetingStatus::Cancelled.code() {
                return Ok(Ok(Err("meeting-error-cancelled")));
            }
            if meetings::acknowledged_at(c, &m, s.user_id.as_str())?.is_none() {
                return Ok(Ok(Err("meeting-error-acknowledge-first")));
            }
            if !agenda_cases(c, &m, now)?
                .iter()
                .any(|a| a.row.id == case.id)
            {
                return Ok(Ok(Err("meeting-error-not-on-agenda")));
            }
            let text = text.trim();
            if text.is_empty() {
                return Ok(Ok(Err("meeting-error-minutes-empty")));
            }
            if text.chars().count() > MINUTES_MAX {
                return Ok(Ok(Err("text-error-too-long")));
            }
            if text
                .chars()
                .any(|ch| ch.is_control() && !matches!(ch, '\n' | '\r' | '\t'))
            {
                return Ok(Ok(Err("text-error-control-character")));
            }
            meetings::write_minutes(c, &st.keyring, &m, &case, text, s.user_id.as_str(), now)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::MeetingMinutesWritten, "ok")
                    .object("case", &case.id)
                    .detail(format!("meeting={}", m.id)),
            )?;
            Ok(Ok(Ok(())))
        })
        .await?
        .map_err(refuse)
}

/// Partner accounts of the tenant without a seat at table `b`: who can be
/// invited as a guest, by name and organisation.
fn guest_candidates(
    c: &mut DbConn,
    st: &Inner,
    tenant: &TenantId,
    b: &Body,
) -> Result<Vec<MemberOption>, StoreError> {
    let seated: Vec<String> = body::seats(c, tenant, &BodyId::from_db(b.id.clone()))?
        .into_iter()
        .filter_map(|seat| seat.holder_user_id)
        .collect();
    let orgs: HashMap<String, String> = organisation::list(c, tenant)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut out = Vec::new();
    for u in user::list(c, tenant)? {
        if u.role != verbind_domain::Role::Partner.code()
            || seated.contains(&u.id)
            || u.disabled_at.is_some()
        {
            continue;
        }
        let name = holder_name(c, st, tenant, &u.id)?;
        out.push(MemberOption {
            label: format!(
                "{name} ({})",
                orgs.get(&u.organisation_id).cloned().unwrap_or_default()
            ),
            user_id: u.id,
        });
    }
    out.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(out)
}

/// Invites a partner account as a guest for one case's agenda item of a
/// planned Partnertafel meeting, before it starts (the members are told
/// beforehand: the guest shows on the meeting page). The expert; audited.
pub async fn invite_guest(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    guest_user_id: String,
    case_id: String,
) -> AppResult<Change> {
    s.require(Action::ViewMeetings)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, _| {
            let (m, b) = match authorised_meeting(c, &s, &id, MeetingAction::Manage)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            if body_kind(&b) != Some(BodyKind::Partnertafel) {
                return Err(StoreError::NotFound);
            }
            let (guest_id, case_id) = (guest_user_id.trim(), case_id.trim());
            if uuid::Uuid::try_parse(guest_id).is_err() || uuid::Uuid::try_parse(case_id).is_err() {
                return Ok(Ok(Err("meeting-guest-error-unknown")));
            }
            let guest = match user::find(c, &s.tenant_id, &UserId::from_db(guest_id.to_owned())) {
                Ok(u) if u.disabled_at.is_none() => u,
                Ok(_) | Err(StoreError::NotFound) => {
                    return Ok(Ok(Err("meeting-guest-error-unknown")));
                }
                Err(e) => return Err(e),
            };
            let holds_seat = body::seats(c, &s.tenant_id, &BodyId::from_db(b.id.clone()))?
                .iter()
                .any(|seat| seat.holder_user_id.as_deref() == Some(guest.id.as_str()));
            let facts = InvitationFacts {
                meeting_planned: m.status == MeetingStatus::Planned.code(),
                meeting_started: m.starts_at <= now,
                invitee_role: verbind_domain::Role::parse(&guest.role)
                    .unwrap_or(verbind_domain::Role::Auditor),
                invitee_holds_seat: holds_seat,
                case_on_agenda: agenda_cases(c, &m, now)?
                    .iter()
                    .any(|a| a.row.id == case_id),
            };
            if let Err(e) = guests::check_invitation(&facts) {
                return Ok(Ok(Err(e.message_key())));
            }
            let added = meetings::invite_guest(
                c,
                &m,
                case_id,
                &guest.id,
                &guest.organisation_id,
                s.user_id.as_str(),
                now,
            )?;
            if added {
                audit::append(
                    c,
                    now,
                    &entry(&s, AuditAction::MeetingGuestInvited, "ok")
                        .object("case", case_id)
                        .detail(format!("meeting={} guest={}", m.id, guest.id)),
                )?;
            }
            Ok(Ok(Ok(())))
        })
        .await?
        .map_err(refuse)
}

/// Withdraws a guest's invitation, before the meeting starts. The expert; audited.
pub async fn withdraw_guest(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    guest_user_id: String,
    case_id: String,
) -> AppResult<Change> {
    s.require(Action::ViewMeetings)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, _| {
            let (m, _) = match authorised_meeting(c, &s, &id, MeetingAction::Manage)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            if let Err(e) = guests::check_withdrawal(
                m.status == MeetingStatus::Planned.code(),
                m.starts_at <= now,
            ) {
                return Ok(Ok(Err(e.message_key())));
            }
            let (guest_id, case_id) = (guest_user_id.trim(), case_id.trim());
            if !meetings::withdraw_guest(c, &m, case_id, guest_id)? {
                return Err(StoreError::NotFound);
            }
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::MeetingGuestWithdrawn, "ok")
                    .object("case", case_id)
                    .detail(format!("meeting={} guest={guest_id}", m.id)),
            )?;
            Ok(Ok(Ok(())))
        })
        .await?
        .map_err(refuse)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const NOW: i64 = 1_795_871_100_000; // 28/11/2026 14:05 Brussels

    fn input() -> PlanInput {
        PlanInput {
            body_id: "b".into(),
            date: "05/12/2026".into(),
            start: "14:00".into(),
            end: "16:00".into(),
            place: "Stadhuis, zaal 2".into(),
            kind: "planned".into(),
            requested_by: String::new(),
        }
    }

    fn members() -> Vec<String> {
        vec!["u1".into(), "u2".into()]
    }

    fn errs(i: &PlanInput) -> Vec<(&'static str, &'static str)> {
        parse_plan(i, Some(&members()), NOW).unwrap_err()
    }

    #[test]
    fn a_good_plan() {
        let p = parse_plan(&input(), Some(&members()), NOW).unwrap();
        assert_eq!(when::ics_utc(p.starts_at), "20261205T130000Z");
        assert_eq!(when::ics_utc(p.ends_at), "20261205T150000Z");
        assert_eq!(p.kind, MeetingKind::Planned);
        assert_eq!(p.requested_by, None);
        let mut i = input();
        i.kind = "ad_hoc".into();
        i.requested_by = "u2".into();
        i.date = "2026-11-28".into();
        i.start = "18:00".into();
        i.end = "19:30".into();
        let p = parse_plan(&i, Some(&members()), NOW).unwrap();
        assert_eq!(p.requested_by.as_deref(), Some("u2"));
    }

    #[test]
    fn every_rule_has_its_message() {
        let mut i = input();
        i.date = "31/02/2027".into();
        assert_eq!(errs(&i), vec![("date", "date-error-day")]);
        i.date = "27/11/2026".into();
        assert_eq!(errs(&i), vec![("date", "meeting-field-date-past")]);
        i.date = "05/12/2030".into();
        assert_eq!(errs(&i), vec![("date", "meeting-field-date-too-far")]);
        let mut i = input();
        i.start = "25:00".into();
        i.end = "".into();
        assert_eq!(
            errs(&i),
            vec![
                ("start", "meeting-field-time-invalid"),
                ("end", "meeting-field-time-invalid")
            ]
        );
        let mut i = input();
        i.end = "13:00".into();
        assert_eq!(errs(&i), vec![("end", "meeting-field-end-before-start")]);
        i.start = "06:00".into();
        i.end = "23:00".into();
        assert_eq!(errs(&i), vec![("end", "meeting-field-too-long")]);
        let mut i = input();
        i.date = "28/03/2027".into();
        i.start = "02:30".into();
        i.end = "04:00".into();
        assert_eq!(
            errs(&i),
            vec![("start", "meeting-field-time-does-not-exist")]
        );
        let mut i = input();
        i.place = "   ".into();
        i.kind = "weekly".into();
        assert_eq!(
            errs(&i),
            vec![
                ("place", "text-error-empty"),
                ("kind", "meeting-field-kind-invalid")
            ]
        );
        i.place = "x".repeat(PLACE_MAX + 1);
        i.kind = "ad_hoc".into();
        assert_eq!(
            errs(&i),
            vec![
                ("place", "text-error-too-long"),
                ("requested_by", "meeting-field-requested-by-required")
            ]
        );
        i.place = "zaal\u{0}".into();
        i.requested_by = "someone-else".into();
        assert_eq!(
            errs(&i),
            vec![
                ("place", "text-error-control-character"),
                ("requested_by", "meeting-field-requested-by-invalid")
            ]
        );
        // An unknown body: said next to the body field.
        assert!(
            parse_plan(&input(), None, NOW)
                .unwrap_err()
                .contains(&("body", "meeting-field-body-invalid"))
        );
    }

    #[test]
    fn codes_round_trip() {
        for k in [MeetingKind::Planned, MeetingKind::AdHoc] {
            assert_eq!(MeetingKind::parse(k.code()), Some(k));
        }
        for st in [
            MeetingStatus::Planned,
            MeetingStatus::Held,
            MeetingStatus::Cancelled,
        ] {
            assert_eq!(MeetingStatus::parse(st.code()), Some(st));
        }
        for p in Presence::ALL {
            assert_eq!(Presence::parse(p.code()), Some(p));
        }
        assert_eq!(Presence::parse("maybe"), None);
    }
}
