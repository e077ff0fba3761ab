//! Meeting pages: `/vergaderingen` (per body, with the norm for the expert),
//! `/vergaderingen/nieuw` (plan), `/vergaderingen/{id}` (details, attendance,
//! the confidentiality acknowledgement, the agenda by case code with the
//! minutes, the decisions put to the meeting with their votes), `/vergaderingen/{id}.ics` (the invitation) and
//! `/vergaderingen.ics` (every meeting the user sees, as one calendar).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use verbind_domain::case::meeting_norm::NormStatus;

use super::service::{
    self, AgendaGate, BodyMeetings, FieldErrors, MeetingDecision, MeetingDetail, MeetingKind,
    MeetingStatus, MeetingSummary, NormView, PlanBody, PlanInput, PlanOutcome, Presence,
};
use super::when;
use crate::error::AppResult;
use crate::i18n::{Tr, format_date, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

/// A meeting in a list, with its labels translated.
pub struct MeetingLine {
    pub id: String,
    pub date: String,
    pub time: String,
    pub place: String,
    pub kind: String,
    pub status: String,
}

fn kind_label(tr: Tr, k: MeetingKind) -> String {
    tr.t(&format!("meeting-kind-{}", k.code().replace('_', "-")))
}

fn status_label(tr: Tr, s: MeetingStatus) -> String {
    tr.t(&format!("meeting-status-{}", s.code()))
}

fn line(tr: Tr, m: &MeetingSummary) -> MeetingLine {
    MeetingLine {
        id: m.id.clone(),
        date: format_date(m.starts_at),
        time: format!(
            "{}–{}",
            when::brussels_time(m.starts_at),
            when::brussels_time(m.ends_at)
        ),
        place: m.place.clone(),
        kind: kind_label(tr, m.kind),
        status: status_label(tr, m.status),
    }
}

/// The count against the norm in words.
pub fn norm_text(tr: Tr, n: &NormView) -> String {
    let base = [
        ("year", n.year.to_string()),
        ("held", n.held.to_string()),
        ("planned", n.planned_rest.to_string()),
        ("min", n.min.unwrap_or(0).to_string()),
    ];
    let Some(_) = n.min.filter(|m| *m > 0) else {
        return tr.t_args("meeting-norm-none", &base);
    };
    let mut args = base.to_vec();
    match n.status {
        NormStatus::Met => {}
        NormStatus::OnTrack { still_to_hold } => args.push(("still", still_to_hold.to_string())),
        NormStatus::Behind {
            short_by,
            days_left,
        } => {
            args.push(("short", short_by.to_string()));
            args.push(("days", days_left.to_string()));
        }
    }
    tr.t_args(n.status.message_key(), &args)
}

pub struct BodySection {
    pub name: String,
    pub anchor: String,
    pub norm: Option<String>,
    pub behind: bool,
    pub meetings: Vec<MeetingLine>,
}

fn section(tr: Tr, i: usize, b: &BodyMeetings) -> BodySection {
    BodySection {
        name: b.name.clone(),
        anchor: format!("orgaan-{i}"),
        norm: b.norm.as_ref().map(|n| norm_text(tr, n)),
        behind: b.norm.as_ref().is_some_and(|n| n.status.is_behind()),
        meetings: b.meetings.iter().map(|m| line(tr, m)).collect(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings/list.html")]
pub struct ListPage {
    pub page: Page,
    pub year: u16,
    pub years: Vec<u16>,
    pub bodies: Vec<BodySection>,
    pub may_plan: bool,
    /// Meetings this user attends as a guest: (body name, line).
    pub as_guest: Vec<(String, MeetingLine)>,
    /// What the calendar feed (`/vergaderingen.ics`) holds, in words.
    pub feed_hint: String,
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub jaar: Option<String>,
}

/// GET /vergaderingen
pub async fn list(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    // A year that is not a year shows this year (a filter, not a form).
    let year = q
        .jaar
        .as_deref()
        .and_then(|y| y.trim().parse::<u16>().ok())
        .filter(|y| (2000..=2100).contains(y));
    let o = service::overview(&state, &s, year).await?;
    let tr = Tr::new(l);
    let first = o.current_year.saturating_sub(3).min(o.year);
    let last = (o.current_year + 1).max(o.year);
    Ok(ListPage {
        page: Page::for_session(
            tr,
            state.config.demo,
            &s,
            "meetings-title",
            "/vergaderingen",
        ),
        year: o.year,
        years: (first..=last).rev().collect(),
        bodies: o
            .bodies
            .iter()
            .enumerate()
            .map(|(i, b)| section(tr, i, b))
            .collect(),
        may_plan: o.may_plan,
        as_guest: o
            .as_guest
            .iter()
            .map(|(name, m)| (name.clone(), line(tr, m)))
            .collect(),
        feed_hint: tr.t_args(
            "meetings-ics-feed-hint",
            &[("days", service::FEED_PAST_DAYS.to_string())],
        ),
    }
    .into_response())
}

/// The planning form's fields.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    pub orgaan: String,
    #[serde(default)]
    pub datum: String,
    #[serde(default)]
    pub beginuur: String,
    #[serde(default)]
    pub einduur: String,
    #[serde(default)]
    pub plaats: String,
    #[serde(default)]
    pub soort: String,
    #[serde(default)]
    pub aangevraagd_door: String,
}

impl PlanForm {
    fn input(&self) -> PlanInput {
        PlanInput {
            body_id: self.orgaan.clone(),
            date: self.datum.clone(),
            start: self.beginuur.clone(),
            end: self.einduur.clone(),
            place: self.plaats.clone(),
            kind: self.soort.clone(),
            requested_by: self.aangevraagd_door.clone(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings/new.html")]
pub struct NewPage {
    pub page: Page,
    pub form: PlanForm,
    pub bodies: Vec<PlanBody>,
    pub errors: Vec<(&'static str, String)>,
}

impl NewPage {
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

fn new_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    form: PlanForm,
    bodies: Vec<PlanBody>,
    errors: &FieldErrors,
) -> NewPage {
    NewPage {
        page: Page::for_session(
            tr,
            state.config.demo,
            s,
            "meeting-new-title",
            "/vergaderingen",
        ),
        form,
        bodies,
        errors: errors.iter().map(|(f, k)| (*f, tr.t(k))).collect(),
    }
}

/// GET /vergaderingen/nieuw
pub async fn new_form(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Response> {
    let bodies = service::plan_options(&state, &s).await?;
    let form = PlanForm {
        orgaan: bodies
            .iter()
            .find(|b| b.kind == verbind_domain::profile::BodyKind::Partnertafel)
            .or(bodies.first())
            .map(|b| b.id.clone())
            .unwrap_or_default(),
        soort: MeetingKind::Planned.code().into(),
        ..PlanForm::default()
    };
    Ok(new_page(&state, &s, Tr::new(l), form, bodies, &Vec::new()).into_response())
}

/// POST /vergaderingen/nieuw
pub async fn submit_new(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Form(form): Form<PlanForm>,
) -> AppResult<Response> {
    match service::plan(&state, &s, form.input()).await? {
        PlanOutcome::Planned { id } => {
            Ok(Redirect::to(&format!("/vergaderingen/{id}")).into_response())
        }
        PlanOutcome::Invalid(errors) => {
            let bodies = service::plan_options(&state, &s).await?;
            let mut res = new_page(&state, &s, Tr::new(l), form, bodies, &errors).into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

/// A seat's line on the meeting page.
pub struct SeatLine {
    pub seat_id: String,
    pub title: String,
    pub organisation: String,
    pub holder: String,
    pub presence: String,
    pub presence_code: String,
    pub acknowledged: bool,
}

/// A case on the agenda, by code.
pub struct AgendaLine {
    pub case_id: String,
    pub code: String,
    /// Its phase at the meeting (at the start, for a meeting that began).
    pub phase: String,
    /// Its phase now, when it moved on since the meeting started.
    pub now: Option<String>,
    /// Marked like in the case list.
    pub minor: bool,
    pub protective: bool,
    pub minutes: Option<String>,
    pub minutes_unreadable: bool,
    /// Link to the case file (never for a guest).
    pub may_open: bool,
}

/// A decision put to this meeting, its labels translated.
pub struct DecisionLine {
    pub case_id: String,
    /// The case code (never a name).
    pub code: String,
    /// Link to the case file (never for a guest).
    pub may_open: bool,
    pub kind: String,
    /// Open, adopted or withdrawn.
    pub status: String,
    /// The count: unanimous, blocked, votes missing ("" when it cannot be counted).
    pub outcome: String,
    pub adopted: bool,
    /// The meeting is marked held: the votes are final.
    pub votes_final: bool,
    /// (organisation, vote) of every organisation present.
    pub votes: Vec<(String, String)>,
}

fn decision_line(tr: Tr, d: &MeetingDecision) -> DecisionLine {
    let v = &d.decision;
    DecisionLine {
        case_id: d.case_id.clone(),
        code: d.code.clone(),
        may_open: d.may_open,
        kind: tr.t(&format!(
            "decision-kind-{}",
            v.kind.code().replace('_', "-")
        )),
        status: tr.t(&format!("decision-status-{}", v.status.code())),
        outcome: v
            .outcome
            .map(|o| tr.t(&format!("decision-outcome-{}", o.replace('_', "-"))))
            .unwrap_or_default(),
        adopted: v.adopted,
        votes_final: v.votes_final,
        votes: v
            .votes
            .iter()
            .map(|l| {
                let vote = match l.vote {
                    Some(vote) => tr.t(&format!("decision-vote-{}", vote.code())),
                    None => tr.t("decision-vote-missing"),
                };
                (l.organisation.clone(), vote)
            })
            .collect(),
    }
}

/// A guest's line on the meeting page. The case is shown only behind the
/// agenda's gates (else `None`).
pub struct GuestLine {
    pub user_id: String,
    pub name: String,
    pub organisation: String,
    pub case_id: Option<String>,
    pub code: Option<String>,
    pub invited_by: String,
    pub invited_at: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "meetings/detail.html")]
pub struct DetailPage {
    pub page: Page,
    pub id: String,
    pub body_name: String,
    pub date: String,
    pub time: String,
    pub place: String,
    pub kind: String,
    pub requested_by: Option<String>,
    pub status: String,
    pub is_planned: bool,
    pub is_cancelled: bool,
    pub is_held: bool,
    /// The expert may still record attendance: planned (frozen once held).
    pub attendance_editable: bool,
    pub started: bool,
    pub partnertafel: bool,
    pub may_manage: bool,
    pub may_acknowledge: bool,
    pub acknowledged_at: Option<String>,
    pub gate: &'static str,
    pub seats: Vec<SeatLine>,
    pub presences: Vec<(&'static str, String)>,
    pub agenda: Vec<AgendaLine>,
    /// The decisions put to this meeting, behind the agenda's gates.
    pub decisions: Vec<DecisionLine>,
    pub message: Option<String>,
    /// Minutes typed but refused, given back in their form: (case id, text).
    pub draft: Option<(String, String)>,
    pub guests: Vec<GuestLine>,
    pub is_guest: bool,
    /// Partner accounts the expert can invite (empty when nobody can be invited now).
    pub guest_options: Vec<(String, String)>,
    /// Guests can still be invited or withdrawn (planned, not started, the expert).
    pub may_invite: bool,
    /// The agenda items a guest can be invited for: (case id, code).
    pub guest_cases: Vec<(String, String)>,
}

impl DetailPage {
    /// The text of the minutes form of a case: a refused draft, or what is written.
    pub fn minutes_value(&self, a: &AgendaLine) -> String {
        match &self.draft {
            Some((case, text)) if *case == a.case_id => text.clone(),
            _ => a.minutes.clone().unwrap_or_default(),
        }
    }
}

/// The label of a case phase.
fn state_label(tr: Tr, s: verbind_domain::case::CaseState) -> String {
    tr.t(&format!("case-state-{}", s.code().replace('_', "-")))
}

fn gate_code(g: AgendaGate) -> &'static str {
    match g {
        AgendaGate::NoCaseContent => "none",
        AgendaGate::Cancelled => "cancelled",
        AgendaGate::EthicsCode => "ethics",
        AgendaGate::Acknowledgement => "acknowledge",
        AgendaGate::Open => "open",
    }
}

fn detail_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    d: MeetingDetail,
    message: Option<String>,
    draft: Option<(String, String)>,
) -> DetailPage {
    let m = &d.meeting;
    DetailPage {
        page: Page::for_session(tr, state.config.demo, s, "meeting-title", "/vergaderingen"),
        id,
        body_name: d.body_name.clone(),
        date: format_date(m.starts_at),
        time: format!(
            "{}–{}",
            when::brussels_time(m.starts_at),
            when::brussels_time(m.ends_at)
        ),
        place: m.place.clone(),
        kind: kind_label(tr, m.kind),
        requested_by: d.requested_by.clone(),
        status: status_label(tr, m.status),
        is_planned: m.status == MeetingStatus::Planned,
        is_cancelled: m.status == MeetingStatus::Cancelled,
        is_held: m.status == MeetingStatus::Held,
        attendance_editable: d.may_manage && m.status == MeetingStatus::Planned,
        started: d.started,
        partnertafel: d.body_kind == verbind_domain::profile::BodyKind::Partnertafel,
        may_manage: d.may_manage,
        may_acknowledge: d.may_acknowledge,
        acknowledged_at: d.acknowledged_at.map(format_datetime),
        gate: gate_code(d.gate),
        seats: d
            .attendance
            .iter()
            .map(|a| SeatLine {
                seat_id: a.seat_id.clone(),
                title: a.title.clone(),
                organisation: a.organisation.clone(),
                holder: a
                    .holder
                    .clone()
                    .unwrap_or_else(|| tr.t("meeting-seat-vacant")),
                presence: match a.presence {
                    Some(p) => tr.t(&format!("meeting-presence-{}", p.code())),
                    None => tr.t("meeting-presence-unknown"),
                },
                presence_code: a.presence.map(|p| p.code().to_owned()).unwrap_or_default(),
                acknowledged: a.acknowledged,
            })
            .collect(),
        presences: Presence::ALL
            .iter()
            .map(|p| (p.code(), tr.t(&format!("meeting-presence-{}", p.code()))))
            .collect(),
        agenda: d
            .agenda
            .iter()
            .map(|a| AgendaLine {
                case_id: a.case_id.clone(),
                code: a.code.clone(),
                phase: state_label(tr, a.phase_at_meeting),
                now: (a.state != a.phase_at_meeting).then(|| state_label(tr, a.state)),
                minor: a.minor,
                protective: a.protective_measure,
                minutes: a.minutes.clone(),
                minutes_unreadable: a.minutes_unreadable,
                may_open: a.may_open,
            })
            .collect(),
        decisions: d.decisions.iter().map(|x| decision_line(tr, x)).collect(),
        message,
        draft,
        guests: d
            .guests
            .iter()
            .map(|g| GuestLine {
                user_id: g.user_id.clone(),
                name: g.name.clone(),
                organisation: g.organisation.clone(),
                case_id: g.case_id.clone(),
                code: g.code.clone(),
                invited_by: g.invited_by.clone(),
                invited_at: format_datetime(g.invited_at),
            })
            .collect(),
        is_guest: d.is_guest,
        may_invite: d.may_invite,
        guest_options: d
            .guest_options
            .iter()
            .map(|o| (o.user_id.clone(), o.label.clone()))
            .collect(),
        guest_cases: d
            .agenda
            .iter()
            .map(|a| (a.case_id.clone(), a.code.clone()))
            .collect(),
    }
}

/// GET /vergaderingen/{id} and /vergaderingen/{id}.ics
pub async fn detail_or_ics(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    if id.ends_with(".ics") {
        let (text, starts_at) =
            service::invitation(&state, &s, id, tr.t("meeting-ics-description")).await?;
        let day = when::brussels_date(starts_at)
            .map(|d| d.to_iso())
            .unwrap_or_default();
        let disposition = format!("attachment; filename=\"vergadering-{day}.ics\"");
        return Ok((
            [
                (
                    header::CONTENT_TYPE,
                    "text/calendar; charset=utf-8".to_owned(),
                ),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            text,
        )
            .into_response());
    }
    let d = service::open(&state, &s, id.clone()).await?;
    Ok(detail_page(&state, &s, tr, id, d, None, None).into_response())
}

/// GET /vergaderingen.ics: every meeting this user may see, from
/// [`service::FEED_PAST_DAYS`] ago on, as one calendar.
pub async fn feed(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    let text = service::calendar_feed(
        &state,
        &s,
        tr.t("meeting-ics-description"),
        tr.t("meetings-ics-calendar-name"),
    )
    .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"vergaderingen.ics\"",
            ),
        ],
        text,
    )
        .into_response())
}

/// Re-renders the meeting page with a message, as 422.
async fn with_message(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    key: &str,
    draft: Option<(String, String)>,
) -> AppResult<Response> {
    let d = service::open(state, s, id.clone()).await?;
    let mut res = detail_page(state, s, tr, id, d, Some(tr.t(key)), draft).into_response();
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

async fn after(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    outcome: service::Change,
    anchor: &str,
    draft: Option<(String, String)>,
) -> AppResult<Response> {
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/vergaderingen/{id}{anchor}")).into_response()),
        Err(key) => with_message(state, s, tr, id, key, draft).await,
    }
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    pub status: String,
}

/// POST /vergaderingen/{id}/status: held or cancelled.
pub async fn status(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Form(f): Form<StatusForm>,
) -> AppResult<Response> {
    let r = service::set_status(&state, &s, id.clone(), f.status).await?;
    after(&state, &s, Tr::new(l), id, r, "", None).await
}

/// The prefix of an attendance field: `zetel-<seat id>`.
const SEAT_FIELD: &str = "zetel-";

/// POST /vergaderingen/{id}/aanwezigheid
pub async fn attendance(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let entries: Vec<(String, String)> = fields
        .into_iter()
        .filter_map(|(k, v)| k.strip_prefix(SEAT_FIELD).map(|seat| (seat.to_owned(), v)))
        .collect();
    let r = service::record_attendance(&state, &s, id.clone(), entries).await?;
    after(&state, &s, Tr::new(l), id, r, "#aanwezigheid", None).await
}

/// POST /vergaderingen/{id}/geheimhouding
pub async fn acknowledge(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let r = service::acknowledge(&state, &s, id.clone()).await?;
    after(&state, &s, Tr::new(l), id, r, "#agenda", None).await
}

#[derive(Deserialize)]
pub struct MinutesForm {
    #[serde(default)]
    pub casus: String,
    #[serde(default)]
    pub tekst: String,
}

/// POST /vergaderingen/{id}/notulen
pub async fn minutes(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Form(f): Form<MinutesForm>,
) -> AppResult<Response> {
    let draft = Some((f.casus.clone(), f.tekst.clone()));
    let r = service::write_minutes(&state, &s, id.clone(), f.casus, f.tekst).await?;
    after(&state, &s, Tr::new(l), id, r, "#agenda", draft).await
}

#[derive(Deserialize)]
pub struct GuestForm {
    #[serde(default)]
    pub gast: String,
    #[serde(default)]
    pub casus: String,
}

/// POST /vergaderingen/{id}/gasten: the expert invites a guest for one agenda item.
pub async fn invite_guest(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Form(f): Form<GuestForm>,
) -> AppResult<Response> {
    let r = service::invite_guest(&state, &s, id.clone(), f.gast, f.casus).await?;
    after(&state, &s, Tr::new(l), id, r, "#gasten", None).await
}

/// POST /vergaderingen/{id}/gasten/intrekken: the expert withdraws an invitation.
pub async fn withdraw_guest(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Form(f): Form<GuestForm>,
) -> AppResult<Response> {
    let r = service::withdraw_guest(&state, &s, id.clone(), f.gast, f.casus).await?;
    after(&state, &s, Tr::new(l), id, r, "#gasten", None).await
}
