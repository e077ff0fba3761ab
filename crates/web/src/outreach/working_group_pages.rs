//! Pages of the working group on polarisation: `/werkgroep` (members, the
//! link to its meetings, the scope in phases and the signals to the city
//! board, with a form for each), `/werkgroep/fasen/{id}` and
//! `/werkgroep/signalen/{id}` (change a phase; record the board's answer).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::outreach::FieldErrors;

use super::working_group::{self as service, GroupRef, Member, Overview, PhaseForm, SignalForm};
use super::{Refusals, form_body, refused_page, require, show_iso};
use crate::contact::FormData;
use crate::error::AppResult;
use crate::i18n::{Tr, format_date, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

const MANAGE: PreventionAction = PreventionAction::ManageWorkingGroup;

fn read_phase(d: &FormData) -> PhaseForm {
    PhaseForm {
        phase: d.get("fase").to_owned(),
        starts_on: d.get("vanaf").to_owned(),
        scope: d.get("reikwijdte").to_owned(),
        note: d.get("notitie").to_owned(),
    }
}

fn read_signal(d: &FormData) -> SignalForm {
    SignalForm {
        sent_on: d.get("datum").to_owned(),
        subject: d.get("onderwerp").to_owned(),
        summary: d.get("samenvatting").to_owned(),
        addressee: d.get("aan").to_owned(),
        answer: d.get("antwoord").to_owned(),
        answered_on: d.get("antwoord_op").to_owned(),
    }
}

fn group_slug(d: &FormData) -> Option<String> {
    Some(d.get("orgaan").trim().to_owned()).filter(|s| !s.is_empty())
}

pub struct PhaseLine {
    pub id: String,
    pub phase: i32,
    pub starts_on: String,
    pub scope: String,
    pub note: String,
    pub in_force: bool,
}

pub struct SignalLine {
    pub id: String,
    pub sent_on: String,
    pub subject: String,
    pub addressee: String,
    pub answered_on: String,
    pub answered: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "outreach/werkgroep.html")]
pub struct OverviewPage {
    pub page: Page,
    /// `None`: the profile has no working group.
    pub group: Option<GroupRef>,
    pub groups: Vec<GroupRef>,
    pub members: Vec<Member>,
    pub phases: Vec<PhaseLine>,
    pub signals: Vec<SignalLine>,
    pub phase: PhaseForm,
    pub signal: SignalForm,
    /// `phase` or `signal`: the form that was refused.
    pub section: &'static str,
    pub errors: Refusals,
}

impl OverviewPage {
    /// The message for `field` of form `section`, if it was refused.
    pub fn error_for(&self, section: &str, field: &str) -> Option<&str> {
        if self.section == section {
            self.errors.get(field)
        } else {
            None
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn overview_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    o: Option<Overview>,
    section: &'static str,
    phase: PhaseForm,
    signal: SignalForm,
    errors: &FieldErrors,
) -> OverviewPage {
    let (group, groups, members, phases, signals) = match o {
        Some(o) => (Some(o.group), o.groups, o.members, o.phases, o.signals),
        None => (None, Vec::new(), Vec::new(), Vec::new(), Vec::new()),
    };
    OverviewPage {
        page: Page::for_session(tr, state.config.demo, s, "werkgroep-title", "/werkgroep"),
        group,
        groups,
        members,
        phases: phases
            .into_iter()
            .map(|p| PhaseLine {
                starts_on: show_iso(&p.starts_on),
                note: p.note.unwrap_or_default(),
                id: p.id,
                phase: p.phase,
                scope: p.scope,
                in_force: p.in_force,
            })
            .collect(),
        signals: signals
            .into_iter()
            .map(|v| SignalLine {
                sent_on: show_iso(&v.sent_on),
                answered: v.answer.is_some(),
                answered_on: v.answered_on.as_deref().map(show_iso).unwrap_or_default(),
                id: v.id,
                subject: v.subject,
                addressee: v.addressee,
            })
            .collect(),
        phase,
        signal,
        section,
        errors: Refusals::new(tr, errors),
    }
}

/// GET /werkgroep (`?orgaan=slug` for another working group of the profile)
pub async fn overview(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let slug = q
        .get("orgaan")
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    let o = service::overview(&state, &s, slug).await?;
    let today = format_date(state.now_ms());
    let signal = SignalForm {
        sent_on: today,
        ..SignalForm::default()
    };
    Ok(overview_page(
        &state,
        &s,
        Tr::new(l),
        o,
        "",
        PhaseForm::default(),
        signal,
        &Vec::new(),
    )
    .into_response())
}

fn back(slug: &Option<String>, anchor: &str) -> String {
    match slug {
        Some(s) => format!("/werkgroep?orgaan={s}#{anchor}"),
        None => format!("/werkgroep#{anchor}"),
    }
}

/// POST /werkgroep/fasen
pub async fn add_phase(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let data = form_body(&headers, &body)?;
    let slug = group_slug(&data);
    let form = read_phase(&data);
    match service::add_phase(&state, &s, slug.clone(), form.clone()).await? {
        Ok(_) => Ok(Redirect::to(&back(&slug, "fasen")).into_response()),
        Err(e) => {
            let o = service::overview(&state, &s, slug).await?;
            Ok(refused_page(overview_page(
                &state,
                &s,
                Tr::new(l),
                o,
                "phase",
                form,
                SignalForm::default(),
                &e,
            )))
        }
    }
}

/// POST /werkgroep/signalen
pub async fn add_signal(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let data = form_body(&headers, &body)?;
    let slug = group_slug(&data);
    let form = read_signal(&data);
    match service::add_signal(&state, &s, slug.clone(), form.clone()).await? {
        Ok(_) => Ok(Redirect::to(&back(&slug, "signalen")).into_response()),
        Err(e) => {
            let o = service::overview(&state, &s, slug).await?;
            Ok(refused_page(overview_page(
                &state,
                &s,
                Tr::new(l),
                o,
                "signal",
                PhaseForm::default(),
                form,
                &e,
            )))
        }
    }
}

// ------------------------------------------------------------ one phase, one signal

#[derive(Template, WebTemplate)]
#[template(path = "outreach/werkgroep_phase.html")]
pub struct PhasePage {
    pub page: Page,
    pub id: String,
    pub phase: PhaseForm,
    pub errors: Refusals,
}

impl PhasePage {
    pub fn error_for(&self, _section: &str, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

async fn phase_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    form: Option<PhaseForm>,
    errors: &FieldErrors,
) -> AppResult<PhasePage> {
    let v = service::open_phase(state, s, id).await?;
    Ok(PhasePage {
        page: Page::for_session(
            tr,
            state.config.demo,
            s,
            "werkgroep-phase-edit-title",
            "/werkgroep",
        ),
        phase: form.unwrap_or_else(|| v.form()),
        id: v.id,
        errors: Refusals::new(tr, errors),
    })
}

/// GET /werkgroep/fasen/{id}
pub async fn phase_form(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    Ok(phase_page(&state, &s, Tr::new(l), id, None, &Vec::new())
        .await?
        .into_response())
}

/// POST /werkgroep/fasen/{id}
pub async fn update_phase(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = read_phase(&form_body(&headers, &body)?);
    match service::update_phase(&state, &s, id.clone(), form.clone()).await? {
        Ok(()) => Ok(Redirect::to("/werkgroep#fasen").into_response()),
        Err(e) => Ok(refused_page(
            phase_page(&state, &s, Tr::new(l), id, Some(form), &e).await?,
        )),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "outreach/werkgroep_signal.html")]
pub struct SignalPage {
    pub page: Page,
    pub id: String,
    pub summary: String,
    pub updated: String,
    pub signal: SignalForm,
    pub errors: Refusals,
}

impl SignalPage {
    pub fn error_for(&self, _section: &str, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

async fn signal_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    form: Option<SignalForm>,
    errors: &FieldErrors,
) -> AppResult<SignalPage> {
    let v = service::open_signal(state, s, id).await?;
    Ok(SignalPage {
        page: Page::for_session(
            tr,
            state.config.demo,
            s,
            "werkgroep-signal-title",
            "/werkgroep",
        ),
        signal: form.unwrap_or_else(|| v.form()),
        summary: v.summary.clone(),
        updated: format_datetime(v.updated_at),
        id: v.id,
        errors: Refusals::new(tr, errors),
    })
}

/// GET /werkgroep/signalen/{id}
pub async fn signal_form(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    Ok(signal_page(&state, &s, Tr::new(l), id, None, &Vec::new())
        .await?
        .into_response())
}

/// POST /werkgroep/signalen/{id}
pub async fn update_signal(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = read_signal(&form_body(&headers, &body)?);
    match service::update_signal(&state, &s, id.clone(), form.clone()).await? {
        Ok(()) => Ok(Redirect::to("/werkgroep#signalen").into_response()),
        Err(e) => Ok(refused_page(
            signal_page(&state, &s, Tr::new(l), id, Some(form), &e).await?,
        )),
    }
}
