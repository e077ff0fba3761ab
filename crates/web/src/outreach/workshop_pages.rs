//! Pages of the resilience workshops: `/workshops` (the expert's list with
//! filters), `/workshops/nieuw` and `/workshops/{id}`, and
//! `/workshops/bereik?schooljaar=2026-2027` (the coverage per school year:
//! the expert and the Stuurgroep).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::outreach::FieldErrors;
use verbind_domain::prevention::workshops::{
    DEFAULT_PROVIDER, SchoolYear, WorkshopStatus, WorkshopTopic,
};

use super::workshops::{self as service, Filter, School, WorkshopForm};
use super::{
    Choice, Refusals, allowed, choices, choices_multi, form_body, label, refused_page, require,
    set_labels, show_iso,
};
use crate::contact::FormData;
use crate::error::AppResult;
use crate::i18n::{Tr, format_date, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

const MANAGE: PreventionAction = PreventionAction::ManageWorkshops;
const COVERAGE: PreventionAction = PreventionAction::ViewWorkshopCoverage;

fn read(d: &FormData) -> WorkshopForm {
    WorkshopForm {
        school: d.get("school").to_owned(),
        date: d.get("datum").to_owned(),
        status: d.get("status").to_owned(),
        provider: d.get("aanbieder").to_owned(),
        classes: d.get("klassen").to_owned(),
        pupils: d.get("leerlingen").to_owned(),
        topics: d.all("onderwerp"),
        score: d.get("score").to_owned(),
        evaluation: d.get("evaluatie").to_owned(),
    }
}

fn school_choices(schools: &[School], selected: &str) -> Vec<Choice> {
    schools
        .iter()
        .map(|s| Choice {
            code: s.slug.clone(),
            label: s.name.clone(),
            selected: s.slug == selected,
        })
        .collect()
}

// ------------------------------------------------------------ list

pub struct Line {
    pub id: String,
    pub date: String,
    pub school: String,
    pub status: String,
    pub provider: String,
    pub pupils: String,
    pub topics: String,
    pub score: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "outreach/workshops.html")]
pub struct ListPage {
    pub page: Page,
    pub lines: Vec<Line>,
    pub year: String,
    pub schools: Vec<Choice>,
    pub statuses: Vec<Choice>,
}

/// GET /workshops (the Stuurgroep is sent on to the coverage)
pub async fn list(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    if !allowed(&s, MANAGE) && allowed(&s, COVERAGE) {
        return Ok(Redirect::to("/workshops/bereik").into_response());
    }
    require(&s, MANAGE)?;
    let tr = Tr::new(l);
    // Filters, not a form: what cannot be read shows everything.
    let year = q.get("schooljaar").and_then(|y| SchoolYear::parse(y));
    let school = q
        .get("school")
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    let status = q
        .get("status")
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    let rows = service::list(
        &state,
        &s,
        Filter {
            year,
            school: school.clone(),
            status: status.clone(),
        },
    )
    .await?;
    let schools = service::schools(&state, &s).await?;
    Ok(ListPage {
        page: Page::for_session(tr, state.config.demo, &s, "workshops-title", "/workshops"),
        lines: rows
            .into_iter()
            .map(|v| Line {
                date: show_iso(&v.date),
                status: label::<WorkshopStatus>(tr, "workshop-status", &v.status),
                pupils: v.pupils.map(|n| n.to_string()).unwrap_or_default(),
                topics: set_labels::<WorkshopTopic>(tr, "workshop-topic", &v.topics),
                score: v.score.map(|n| format!("{n}/5")).unwrap_or_default(),
                id: v.id,
                school: v.school_name,
                provider: v.provider,
            })
            .collect(),
        year: year.map(|y| y.label()).unwrap_or_default(),
        schools: school_choices(&schools, school.as_deref().unwrap_or("")),
        statuses: choices::<WorkshopStatus>(tr, "workshop-status", status.as_deref().unwrap_or("")),
    }
    .into_response())
}

// ------------------------------------------------------------ new and edit

#[derive(Template, WebTemplate)]
#[template(path = "outreach/workshop_edit.html")]
pub struct EditPage {
    pub page: Page,
    pub heading: String,
    pub action: String,
    pub form: WorkshopForm,
    pub schools: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub topics: Vec<Choice>,
    pub updated: String,
    pub errors: Refusals,
}

async fn edit_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: Option<&str>,
    form: WorkshopForm,
    updated: String,
    errors: &FieldErrors,
) -> AppResult<EditPage> {
    let schools = service::schools(state, s).await?;
    let (key, action) = match id {
        Some(id) => ("workshop-title", format!("/workshops/{id}")),
        None => ("workshop-new-title", "/workshops/nieuw".to_owned()),
    };
    let status = if form.status.is_empty() {
        "planned"
    } else {
        form.status.as_str()
    };
    Ok(EditPage {
        page: Page::for_session(tr, state.config.demo, s, key, "/workshops"),
        heading: tr.t(key),
        action,
        schools: school_choices(&schools, &form.school),
        statuses: choices::<WorkshopStatus>(tr, "workshop-status", status),
        topics: choices_multi::<WorkshopTopic>(tr, "workshop-topic", &form.topics),
        form,
        updated,
        errors: Refusals::new(tr, errors),
    })
}

/// GET /workshops/nieuw
pub async fn new_form(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = WorkshopForm {
        date: format_date(state.now_ms()),
        provider: DEFAULT_PROVIDER.to_owned(),
        topics: WorkshopTopic::ALL
            .iter()
            .map(|t| t.code().to_owned())
            .collect(),
        ..WorkshopForm::default()
    };
    Ok(edit_page(
        &state,
        &s,
        Tr::new(l),
        None,
        form,
        String::new(),
        &Vec::new(),
    )
    .await?
    .into_response())
}

/// POST /workshops/nieuw
pub async fn create(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = read(&form_body(&headers, &body)?);
    match service::create(&state, &s, form.clone()).await? {
        Ok(id) => Ok(Redirect::to(&format!("/workshops/{id}")).into_response()),
        Err(e) => Ok(refused_page(
            edit_page(&state, &s, Tr::new(l), None, form, String::new(), &e).await?,
        )),
    }
}

/// GET /workshops/{id}
pub async fn detail(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let v = service::open(&state, &s, id).await?;
    Ok(edit_page(
        &state,
        &s,
        Tr::new(l),
        Some(&v.id),
        v.form(),
        format_datetime(v.updated_at),
        &Vec::new(),
    )
    .await?
    .into_response())
}

/// POST /workshops/{id}
pub async fn update(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = read(&form_body(&headers, &body)?);
    match service::update(&state, &s, id.clone(), form.clone()).await? {
        Ok(()) => Ok(Redirect::to(&format!("/workshops/{id}")).into_response()),
        Err(e) => {
            let v = service::open(&state, &s, id).await?;
            Ok(refused_page(
                edit_page(
                    &state,
                    &s,
                    Tr::new(l),
                    Some(&v.id),
                    form,
                    format_datetime(v.updated_at),
                    &e,
                )
                .await?,
            ))
        }
    }
}

// ------------------------------------------------------------ coverage

pub struct CoverageLine {
    pub name: String,
    /// `reached`, `planned` or `to_reach` (also a CSS hook; the text says it).
    pub reach: &'static str,
    pub reach_label: String,
    pub held: u32,
    pub planned: u32,
    pub pupils: u32,
    pub dates: String,
    pub topics: String,
    pub before: String,
    pub notes: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "outreach/coverage.html")]
pub struct CoveragePage {
    pub page: Page,
    pub year: String,
    pub previous: String,
    pub next: String,
    pub goal: usize,
    pub reached: usize,
    pub planned: usize,
    pub to_reach: usize,
    pub reached_ever: usize,
    pub workshops_held: u32,
    pub pupils: u32,
    pub summary: String,
    pub lines: Vec<CoverageLine>,
    pub manage: bool,
}

/// GET /workshops/bereik?schooljaar=2026-2027 (the running school year by default)
pub async fn coverage(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    require(&s, COVERAGE)?;
    let tr = Tr::new(l);
    let year = match q.get("schooljaar").and_then(|y| SchoolYear::parse(y)) {
        Some(y) => y,
        None => service::this_school_year(&state)?,
    };
    let v = service::coverage(&state, &s, year).await?;
    let c = &v.coverage;
    let lines = c
        .schools
        .iter()
        .map(|sc| {
            let school = v.schools.get(&sc.school);
            let mut notes = Vec::new();
            if school.is_some_and(|x| x.first_wave_2022) {
                notes.push(tr.t("coverage-first-wave"));
            }
            if school.is_some_and(|x| !x.has_second_grade) {
                notes.push(tr.t("coverage-no-second-grade"));
            }
            CoverageLine {
                name: school
                    .map(|x| x.name.clone())
                    .unwrap_or_else(|| sc.school.clone()),
                reach: sc.reach.code(),
                reach_label: tr.t(&format!("coverage-{}", sc.reach.code().replace('_', "-"))),
                held: sc.held,
                planned: sc.planned,
                pupils: sc.pupils,
                dates: sc
                    .dates
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                topics: sc
                    .topics
                    .iter()
                    .map(|t| tr.t(&t.label_key("workshop-topic")))
                    .collect::<Vec<_>>()
                    .join(", "),
                before: sc
                    .last_reached_before
                    .map(|y| y.label())
                    .unwrap_or_default(),
                notes: notes.join("; "),
            }
        })
        .collect();
    let summary = tr.t_args(
        "coverage-summary",
        &[
            ("reached", c.reached.to_string()),
            ("goal", c.goal.to_string()),
            ("planned", c.planned.to_string()),
            ("to_reach", c.to_reach.to_string()),
        ],
    );
    Ok(CoveragePage {
        page: Page::for_session(tr, state.config.demo, &s, "coverage-title", "/workshops"),
        year: year.label(),
        previous: year.previous().map(|y| y.label()).unwrap_or_default(),
        next: year.next().map(|y| y.label()).unwrap_or_default(),
        goal: c.goal,
        reached: c.reached,
        planned: c.planned,
        to_reach: c.to_reach,
        reached_ever: c.reached_ever,
        workshops_held: c.workshops_held,
        pupils: c.pupils,
        summary,
        lines,
        manage: allowed(&s, MANAGE),
    }
    .into_response())
}
