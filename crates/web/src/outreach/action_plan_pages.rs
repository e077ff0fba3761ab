//! Pages of the action plan: `/actieplan` (every measure with its owner,
//! status and latest evaluation) and `/actieplan/{code}` (the measure, its
//! evaluation notes, the note form for the Stuurgroep and the expert, and
//! the follow-up form for the expert).

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use verbind_domain::Role;
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::action_plan::MeasureStatus;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::outreach::FieldErrors;

use super::action_plan::{self as service, EntryForm, EvaluationForm, MeasureView};
use super::{Choice, Refusals, allowed, choices, form_body, label, refused_page, require};
use crate::contact::FormData;
use crate::error::AppResult;
use crate::i18n::{Tr, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::{Page, role_label};

const VIEW: PreventionAction = PreventionAction::ViewActionPlan;
const MANAGE: PreventionAction = PreventionAction::ManageActionPlan;
const EVALUATE: PreventionAction = PreventionAction::EvaluateActionPlan;

fn status_label(tr: Tr, code: &str) -> String {
    label::<MeasureStatus>(tr, "plan-status", code)
}

fn chapter_label(tr: Tr, chapter: &str) -> String {
    tr.t(&format!("plan-chapter-{chapter}"))
}

fn by(tr: Tr, organisation: &str, role: &str) -> String {
    let role = Role::parse(role)
        .map(|r| role_label(tr, r))
        .unwrap_or_default();
    if role.is_empty() {
        organisation.to_owned()
    } else {
        format!("{organisation} ({role})")
    }
}

// ------------------------------------------------------------ list

pub struct Line {
    pub code: String,
    pub title: String,
    pub chapter: String,
    pub owner: String,
    pub status: String,
    pub latest: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "outreach/actieplan.html")]
pub struct ListPage {
    pub page: Page,
    pub counts: Vec<(String, usize)>,
    pub lines: Vec<Line>,
}

/// GET /actieplan
pub async fn list(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Response> {
    require(&s, VIEW)?;
    let tr = Tr::new(l);
    let plan = service::plan(&state, &s).await?;
    Ok(ListPage {
        page: Page::for_session(tr, state.config.demo, &s, "plan-title", "/actieplan"),
        counts: plan
            .counts
            .iter()
            .map(|(st, n)| (status_label(tr, st.code()), *n))
            .collect(),
        lines: plan
            .measures
            .into_iter()
            .map(|m| Line {
                chapter: chapter_label(tr, &m.chapter),
                status: status_label(tr, &m.status),
                latest: m
                    .evaluations
                    .first()
                    .map(|e| e.period.clone())
                    .unwrap_or_default(),
                code: m.code,
                title: m.title,
                owner: m.owner,
            })
            .collect(),
    }
    .into_response())
}

// ------------------------------------------------------------ one measure

pub struct NoteLine {
    pub period: String,
    pub note: String,
    pub by: String,
    pub at: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "outreach/measure.html")]
pub struct DetailPage {
    pub page: Page,
    pub code: String,
    pub title: String,
    pub chapter: String,
    pub owner: String,
    pub status: String,
    pub indicators: String,
    pub updated: String,
    pub notes: Vec<NoteLine>,
    pub can_manage: bool,
    pub can_evaluate: bool,
    pub entry: EntryForm,
    pub owners: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub evaluation: EvaluationForm,
    /// `entry` or `evaluation`: the form that was refused.
    pub section: &'static str,
    pub errors: Refusals,
}

impl DetailPage {
    pub fn error_for(&self, section: &str, field: &str) -> Option<&str> {
        if self.section == section {
            self.errors.get(field)
        } else {
            None
        }
    }
}

#[derive(Default)]
struct Refused {
    section: &'static str,
    errors: FieldErrors,
    entry: Option<EntryForm>,
    evaluation: Option<EvaluationForm>,
}

async fn detail_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    code: String,
    refused: Refused,
) -> AppResult<Response> {
    let m: MeasureView = service::measure(state, s, code).await?;
    let can_manage = allowed(s, MANAGE);
    let owners_list = if can_manage {
        service::organisations(state, s).await?
    } else {
        Vec::new()
    };
    let entry = refused.entry.unwrap_or_else(|| EntryForm {
        owner: m.owner_id.clone().unwrap_or_default(),
        indicators: m.indicators.clone().unwrap_or_default(),
        status: m.status.clone(),
    });
    let evaluation = match refused.evaluation {
        Some(e) => e,
        None => EvaluationForm {
            period: service::default_period(state)?,
            note: String::new(),
        },
    };
    let page = DetailPage {
        page: Page::for_session(tr, state.config.demo, s, "plan-measure-title", "/actieplan"),
        chapter: chapter_label(tr, &m.chapter),
        status: status_label(tr, &m.status),
        indicators: m.indicators.clone().unwrap_or_default(),
        updated: m.updated_at.map(format_datetime).unwrap_or_default(),
        notes: m
            .evaluations
            .iter()
            .map(|e| NoteLine {
                period: e.period.clone(),
                note: e.note.clone(),
                by: by(tr, &e.by_organisation, &e.by_role),
                at: format_datetime(e.created_at),
            })
            .collect(),
        can_manage,
        can_evaluate: allowed(s, EVALUATE),
        owners: owners_list
            .into_iter()
            .map(|(id, name)| Choice {
                selected: id == entry.owner,
                code: id,
                label: name,
            })
            .collect(),
        statuses: choices::<MeasureStatus>(tr, "plan-status", &entry.status),
        entry,
        evaluation,
        section: refused.section,
        errors: Refusals::new(tr, &refused.errors),
        code: m.code,
        title: m.title,
        owner: m.owner,
    };
    let failed = !page.errors.is_empty();
    Ok(if failed {
        refused_page(page)
    } else {
        page.into_response()
    })
}

/// GET /actieplan/{code}
pub async fn detail(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(code): Path<String>,
) -> AppResult<Response> {
    require(&s, VIEW)?;
    detail_page(&state, &s, Tr::new(l), code, Refused::default()).await
}

fn path_of(code: &str) -> String {
    // Codes are letters, digits and dots (profile rule): safe in a path.
    format!("/actieplan/{code}")
}

/// POST /actieplan/{code}: the expert records owner, indicators and status.
pub async fn update(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let d: FormData = form_body(&headers, &body)?;
    let form = EntryForm {
        owner: d.get("trekker").to_owned(),
        indicators: d.get("indicatoren").to_owned(),
        status: d.get("status").to_owned(),
    };
    match service::update(&state, &s, code.clone(), form.clone()).await? {
        Ok(()) => Ok(Redirect::to(&path_of(&code)).into_response()),
        Err(errors) => {
            let r = Refused {
                section: "entry",
                errors,
                entry: Some(form),
                ..Refused::default()
            };
            detail_page(&state, &s, Tr::new(l), code, r).await
        }
    }
}

/// POST /actieplan/{code}/evaluaties: an evaluation note (Stuurgroep, expert).
pub async fn evaluate(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, EVALUATE)?;
    let d: FormData = form_body(&headers, &body)?;
    let form = EvaluationForm {
        period: d.get("periode").to_owned(),
        note: d.get("notitie").to_owned(),
    };
    match service::evaluate(&state, &s, code.clone(), form.clone()).await? {
        Ok(_) => Ok(Redirect::to(&format!("{}#evaluaties", path_of(&code))).into_response()),
        Err(errors) => {
            let r = Refused {
                section: "evaluation",
                errors,
                evaluation: Some(form),
                ..Refused::default()
            };
            detail_page(&state, &s, Tr::new(l), code, r).await
        }
    }
}
