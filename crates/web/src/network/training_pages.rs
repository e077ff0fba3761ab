//! Pages of trainings (deskundigheidsbevordering): `/vormingen` (sessions,
//! filtered by kind and year), `/vormingen/nieuw` and `/vormingen/{id}`
//! (the session, its attendance list of reference persons, its evaluation
//! and the form to change it).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::network::FieldErrors;
use verbind_domain::prevention::training::{Attendance, TrainingKind};

use super::trainings::{self as service, TrainingFilter, TrainingForm, TrainingView};
use super::{Choice, choices, label, messages, require, show_iso};
use crate::contact::FormData;
use crate::error::{AppError, AppResult};
use crate::i18n::{Tr, format_date, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

const MANAGE: PreventionAction = PreventionAction::ManageTrainings;

fn form_body(headers: &HeaderMap, body: &Bytes) -> AppResult<FormData> {
    FormData::parse(headers, body).map_err(|_| AppError::bad_request())
}

fn kind_label(tr: Tr, code: &str) -> String {
    label::<TrainingKind>(tr, "training-kind", code)
}

// ------------------------------------------------------------ list

/// A line of the list of sessions.
pub struct Line {
    pub id: String,
    pub date: String,
    pub kind: String,
    pub title: String,
    pub provider: String,
    /// "3 (2 aanwezig)".
    pub participants: String,
    pub staff: String,
    pub score: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "network/trainings.html")]
pub struct ListPage {
    pub page: Page,
    pub lines: Vec<Line>,
    pub kinds: Vec<Choice>,
    pub year: String,
}

/// GET /vormingen
pub async fn list(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let tr = Tr::new(l);
    // A filter, not a form: a value that is not a kind or a year shows all.
    let kind = q
        .get("soort")
        .map(|k| k.trim().to_owned())
        .filter(|k| !k.is_empty());
    let year = q
        .get("jaar")
        .and_then(|y| y.trim().parse::<u16>().ok())
        .filter(|y| (2000..=2100).contains(y));
    let rows = service::list(
        &state,
        &s,
        TrainingFilter {
            kind: kind.clone(),
            year,
        },
    )
    .await?;
    Ok(ListPage {
        page: Page::for_session(tr, state.config.demo, &s, "trainings-title", "/vormingen"),
        lines: rows
            .into_iter()
            .map(|v| Line {
                date: show_iso(&v.date),
                kind: kind_label(tr, &v.kind),
                participants: tr.t_args(
                    "training-participants-count",
                    &[
                        ("n", v.participant_count.to_string()),
                        ("present", v.present_count.to_string()),
                    ],
                ),
                staff: v.staff_count.map(|n| n.to_string()).unwrap_or_default(),
                score: v.score.map(|n| format!("{n}/5")).unwrap_or_default(),
                id: v.id,
                title: v.title,
                provider: v.provider,
            })
            .collect(),
        kinds: choices::<TrainingKind>(tr, "training-kind", kind.as_deref().unwrap_or("")),
        year: year.map(|y| y.to_string()).unwrap_or_default(),
    }
    .into_response())
}

// ------------------------------------------------------------ new and edit

fn training_form(data: &FormData) -> TrainingForm {
    TrainingForm {
        kind: data.get("soort").to_owned(),
        title: data.get("titel").to_owned(),
        provider: data.get("aanbieder").to_owned(),
        date: data.get("datum").to_owned(),
        place: data.get("plaats").to_owned(),
        staff_count: data.get("aantal_personeel").to_owned(),
        score: data.get("score").to_owned(),
        evaluation: data.get("evaluatie").to_owned(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "network/training_new.html")]
pub struct NewPage {
    pub page: Page,
    pub form: TrainingForm,
    pub kinds: Vec<Choice>,
    pub errors: Vec<(&'static str, String)>,
}

impl NewPage {
    /// The message for a refused field.
    pub fn field_error(&self, field: &str) -> Option<&str> {
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
    form: TrainingForm,
    errors: &FieldErrors,
) -> NewPage {
    NewPage {
        page: Page::for_session(tr, state.config.demo, s, "training-new-title", "/vormingen"),
        kinds: choices::<TrainingKind>(tr, "training-kind", &form.kind),
        form,
        errors: messages(tr, errors),
    }
}

/// GET /vormingen/nieuw
pub async fn new_form(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = TrainingForm {
        date: format_date(state.now_ms()),
        ..TrainingForm::default()
    };
    Ok(new_page(&state, &s, Tr::new(l), form, &Vec::new()).into_response())
}

/// POST /vormingen/nieuw
pub async fn create(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = training_form(&form_body(&headers, &body)?);
    match service::create(&state, &s, form.clone()).await? {
        Ok(id) => Ok(Redirect::to(&format!("/vormingen/{id}")).into_response()),
        Err(errors) => {
            let mut res = new_page(&state, &s, Tr::new(l), form, &errors).into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

// ------------------------------------------------------------ detail

/// A participant on the page.
pub struct ParticipantLine {
    pub name: String,
    pub organisation: String,
    pub status: String,
}

/// A line of the attendance form: a reference person and their status.
pub struct AttendanceLine {
    pub person_id: String,
    pub name: String,
    pub organisation: String,
    pub active: bool,
    /// The status code, or "" when not a participant.
    pub status: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "network/training_detail.html")]
pub struct DetailPage {
    pub page: Page,
    pub id: String,
    pub title: String,
    pub kind: String,
    pub provider: String,
    pub date: String,
    pub place: String,
    pub staff: String,
    pub score: String,
    pub evaluation: String,
    pub reference_training: bool,
    pub participants: Vec<ParticipantLine>,
    pub attendance: Vec<AttendanceLine>,
    pub statuses: Vec<Choice>,
    pub updated_at: String,
    pub form: TrainingForm,
    pub kinds: Vec<Choice>,
    /// `training` or `attendance`: the form that was refused.
    pub section: &'static str,
    pub errors: Vec<(&'static str, String)>,
}

impl DetailPage {
    /// The message for a refused field of the session form.
    pub fn field_error(&self, field: &str) -> Option<&str> {
        self.error_for("training", field)
    }

    /// The message for `field` of form `section`, if it was refused.
    pub fn error_for(&self, section: &str, field: &str) -> Option<&str> {
        if self.section != section {
            return None;
        }
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// A refused form and what was typed.
#[derive(Default)]
pub struct Refused {
    pub section: &'static str,
    pub errors: FieldErrors,
    pub form: Option<TrainingForm>,
    pub attendance: Option<Vec<(String, String)>>,
}

async fn detail_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    refused: Refused,
) -> AppResult<Response> {
    let v: TrainingView = service::open(state, s, id).await?;
    let people = service::person_options(state, s).await?;
    let current: Vec<(String, String)> = refused.attendance.clone().unwrap_or_else(|| {
        v.participants
            .iter()
            .map(|p| (p.person_id.clone(), p.status.clone()))
            .collect()
    });
    let form = refused.form.clone().unwrap_or_else(|| v.form());
    let page = DetailPage {
        page: Page::for_session(tr, state.config.demo, s, "training-title", "/vormingen"),
        id: v.id.clone(),
        title: v.title.clone(),
        kind: kind_label(tr, &v.kind),
        provider: v.provider.clone(),
        date: show_iso(&v.date),
        place: v.place.clone().unwrap_or_default(),
        staff: v.staff_count.map(|n| n.to_string()).unwrap_or_default(),
        score: v.score.map(|n| format!("{n}/5")).unwrap_or_default(),
        evaluation: v.evaluation.clone().unwrap_or_default(),
        reference_training: TrainingKind::parse(&v.kind).is_some_and(|k| k.is_reference_training()),
        participants: v
            .participants
            .iter()
            .map(|p| ParticipantLine {
                name: p.name.clone(),
                organisation: p.organisation.clone(),
                status: label::<Attendance>(tr, "training-attendance", &p.status),
            })
            .collect(),
        attendance: people
            .into_iter()
            .map(|p| AttendanceLine {
                status: current
                    .iter()
                    .rev()
                    .find(|(pid, _)| *pid == p.id)
                    .map(|(_, st)| st.clone())
                    .unwrap_or_default(),
                person_id: p.id,
                name: p.name,
                organisation: p.organisation,
                active: p.active,
            })
            // Inactive persons only when they already took part.
            .filter(|l| l.active || !l.status.is_empty())
            .collect(),
        statuses: choices::<Attendance>(tr, "training-attendance", ""),
        updated_at: format_datetime(v.updated_at),
        kinds: choices::<TrainingKind>(tr, "training-kind", &form.kind),
        form,
        section: refused.section,
        errors: messages(tr, &refused.errors),
    };
    let is_refused = !page.errors.is_empty();
    let mut res = page.into_response();
    if is_refused {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// GET /vormingen/{id}
pub async fn detail(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    detail_page(&state, &s, Tr::new(l), id, Refused::default()).await
}

/// POST /vormingen/{id}: changes the session.
pub async fn update(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = training_form(&form_body(&headers, &body)?);
    match service::update(&state, &s, id.clone(), form.clone()).await? {
        Ok(()) => Ok(Redirect::to(&format!("/vormingen/{id}")).into_response()),
        Err(errors) => {
            let r = Refused {
                section: "training",
                errors,
                form: Some(form),
                ..Refused::default()
            };
            detail_page(&state, &s, Tr::new(l), id, r).await
        }
    }
}

/// POST /vormingen/{id}/aanwezigheid: the attendance list, as parallel
/// `deelnemer` (person id) and `status` fields.
pub async fn attendance(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let data = form_body(&headers, &body)?;
    let people = data.all("deelnemer");
    let statuses = data.all("status");
    if people.len() != statuses.len() {
        return Err(AppError::bad_request());
    }
    let lines: Vec<(String, String)> = people.into_iter().zip(statuses).collect();
    match service::set_attendance(&state, &s, id.clone(), lines.clone()).await? {
        Ok(()) => Ok(Redirect::to(&format!("/vormingen/{id}#aanwezigheid")).into_response()),
        Err(errors) => {
            let r = Refused {
                section: "attendance",
                errors,
                attendance: Some(lines),
                ..Refused::default()
            };
            detail_page(&state, &s, Tr::new(l), id, r).await
        }
    }
}
