//! Pages of the network of reference persons: `/referentiepersonen` (the
//! network with what training is due and the signals each passed; the
//! search in names is sent as a form body, never in the URL),
//! `/referentiepersonen/nieuw` and `/referentiepersonen/{id}` (the person,
//! the trainings followed, and the form to change the record).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::network::{FieldErrors, REFRESHER_YEARS, TrainingDue};
use verbind_domain::prevention::signal::{LifeDomain, Severity};
use verbind_domain::prevention::theme::Theme;
use verbind_domain::prevention::training::{Attendance, TrainingKind};

use super::persons::{self as service, PersonFilter, PersonForm, PersonView};
use super::{Choice, choices, label, messages, require, show_iso};
use crate::contact::FormData;
use crate::error::{AppError, AppResult};
use crate::i18n::{Tr, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

const MANAGE: PreventionAction = PreventionAction::ManageReferenceNetwork;

fn form_body(headers: &HeaderMap, body: &Bytes) -> AppResult<FormData> {
    FormData::parse(headers, body).map_err(|_| AppError::bad_request())
}

/// What is due, in words.
pub fn due_text(tr: Tr, due: TrainingDue) -> String {
    match due {
        TrainingDue::Inactive => tr.t("person-due-inactive"),
        TrainingDue::BasicDue => tr.t("person-due-basic"),
        TrainingDue::RefresherDue { last, due_since } => tr.t_args(
            "person-due-refresher",
            &[("since", due_since.to_string()), ("last", last.to_string())],
        ),
        TrainingDue::UpToDate { last, next_due } => tr.t_args(
            "person-due-up-to-date",
            &[("next", next_due.to_string()), ("last", last.to_string())],
        ),
    }
}

/// The due rule in words, with the number of years.
pub fn due_rule(tr: Tr) -> String {
    tr.t_args(
        "persons-due-rule",
        &[("years", REFRESHER_YEARS.to_string())],
    )
}

// ------------------------------------------------------------ list

/// A line of the network.
pub struct Line {
    pub id: String,
    pub name: String,
    pub organisation: String,
    pub domain: String,
    pub active: bool,
    pub due: String,
    pub is_due: bool,
    pub signals: Option<i64>,
    pub trainings: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "network/persons.html")]
pub struct ListPage {
    pub page: Page,
    pub lines: Vec<Line>,
    pub domains: Vec<Choice>,
    pub active: String,
    pub due_only: bool,
    pub query: String,
    /// The due rule in words.
    pub due_rule: String,
}

fn filter_value(v: &str) -> Option<String> {
    Some(v.trim().chars().take(200).collect::<String>()).filter(|v| !v.is_empty())
}

async fn list_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    filter: PersonFilter,
) -> AppResult<Response> {
    let rows = service::list(state, s, filter.clone()).await?;
    Ok(ListPage {
        page: Page::for_session(
            tr,
            state.config.demo,
            s,
            "persons-title",
            "/referentiepersonen",
        ),
        lines: rows
            .into_iter()
            .map(|v| Line {
                domain: label::<LifeDomain>(tr, "signal-domain", &v.life_domain),
                due: due_text(tr, v.due),
                is_due: v.due.is_due(),
                signals: v.signals_passed,
                trainings: v
                    .trainings
                    .iter()
                    .filter(|t| t.attendance == "present")
                    .count(),
                id: v.id,
                name: v.name,
                organisation: v.organisation,
                active: v.active,
            })
            .collect(),
        domains: choices::<LifeDomain>(
            tr,
            "signal-domain",
            filter.life_domain.as_deref().unwrap_or(""),
        ),
        active: match filter.active {
            Some(true) => "ja".into(),
            Some(false) => "nee".into(),
            None => String::new(),
        },
        due_only: filter.due_only,
        query: filter.query.unwrap_or_default(),
        due_rule: due_rule(tr),
    }
    .into_response())
}

fn filter_from(domain: &str, active: &str, due: &str, query: Option<String>) -> PersonFilter {
    PersonFilter {
        life_domain: filter_value(domain),
        active: match active.trim() {
            "ja" => Some(true),
            "nee" => Some(false),
            _ => None,
        },
        due_only: !due.trim().is_empty(),
        query,
    }
}

/// GET /referentiepersonen: filters on codes may be in the URL.
pub async fn list(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let get = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    let filter = filter_from(get("domein"), get("actief"), get("te_volgen"), None);
    list_page(&state, &s, Tr::new(l), filter).await
}

/// POST /referentiepersonen: the filters with a search in names and organisations.
pub async fn search(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let data = form_body(&headers, &body)?;
    let filter = filter_from(
        data.get("domein"),
        data.get("actief"),
        data.get("te_volgen"),
        filter_value(data.get("zoek")),
    );
    list_page(&state, &s, Tr::new(l), filter).await
}

// ------------------------------------------------------------ new and edit

fn person_form(data: &FormData) -> PersonForm {
    PersonForm {
        name: data.get("naam").to_owned(),
        organisation: data.get("organisatie").to_owned(),
        life_domain: data.get("domein").to_owned(),
        email: data.get("email").to_owned(),
        phone: data.get("telefoon").to_owned(),
        account: data.get("account").to_owned(),
        active: data.checked("actief"),
        since: data.get("sinds").to_owned(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "network/person_new.html")]
pub struct NewPage {
    pub page: Page,
    pub form: PersonForm,
    pub domains: Vec<Choice>,
    pub accounts: Vec<(String, String)>,
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

async fn new_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    form: PersonForm,
    errors: &FieldErrors,
) -> AppResult<NewPage> {
    let accounts = service::account_options(state, s).await?;
    Ok(NewPage {
        page: Page::for_session(
            tr,
            state.config.demo,
            s,
            "person-new-title",
            "/referentiepersonen",
        ),
        domains: choices::<LifeDomain>(tr, "signal-domain", &form.life_domain),
        form,
        accounts,
        errors: messages(tr, errors),
    })
}

/// GET /referentiepersonen/nieuw
pub async fn new_form(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = PersonForm {
        active: true,
        ..PersonForm::default()
    };
    Ok(new_page(&state, &s, Tr::new(l), form, &Vec::new())
        .await?
        .into_response())
}

/// POST /referentiepersonen/nieuw
pub async fn create(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = person_form(&form_body(&headers, &body)?);
    match service::create(&state, &s, form.clone()).await? {
        Ok(id) => Ok(Redirect::to(&format!("/referentiepersonen/{id}")).into_response()),
        Err(errors) => {
            let mut res = new_page(&state, &s, Tr::new(l), form, &errors)
                .await?
                .into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

// ------------------------------------------------------------ detail

/// A training the person took part in.
pub struct TrainingLine {
    pub id: String,
    pub date: String,
    pub kind: String,
    pub attendance: String,
}

/// A signal the person passed, by its codes (its text stays with the signal).
pub struct PassedSignalLine {
    pub id: String,
    pub date: String,
    pub theme: String,
    pub domain: String,
    pub severity: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "network/person_detail.html")]
pub struct DetailPage {
    pub page: Page,
    pub id: String,
    pub name: String,
    pub organisation: String,
    pub domain: String,
    pub email: String,
    pub phone: String,
    pub account: Option<String>,
    pub active: bool,
    pub since: String,
    pub due: String,
    pub is_due: bool,
    pub signals: Option<i64>,
    /// The signals passed with the linked account, newest first.
    pub passed_signals: Vec<PassedSignalLine>,
    pub trainings: Vec<TrainingLine>,
    pub updated_at: String,
    pub form: PersonForm,
    pub domains: Vec<Choice>,
    pub accounts: Vec<(String, String)>,
    pub errors: Vec<(&'static str, String)>,
    /// The due rule in words.
    pub due_rule: String,
}

impl DetailPage {
    /// The message for a refused field.
    pub fn field_error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

async fn detail_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    refused: Option<(PersonForm, FieldErrors)>,
) -> AppResult<Response> {
    let v: PersonView = service::open(state, s, id).await?;
    let accounts = service::account_options(state, s).await?;
    let (form, errors) = match refused {
        Some((f, e)) => (f, e),
        None => (v.form(), Vec::new()),
    };
    let page = DetailPage {
        page: Page::for_session(
            tr,
            state.config.demo,
            s,
            "person-title",
            "/referentiepersonen",
        ),
        id: v.id.clone(),
        name: v.name.clone(),
        organisation: v.organisation.clone(),
        domain: label::<LifeDomain>(tr, "signal-domain", &v.life_domain),
        email: v.email.clone().unwrap_or_default(),
        phone: v.phone.clone().unwrap_or_default(),
        account: v.account_label.clone(),
        active: v.active,
        since: v.since.as_deref().map(show_iso).unwrap_or_default(),
        due: due_text(tr, v.due),
        is_due: v.due.is_due(),
        signals: v.signals_passed,
        passed_signals: v
            .passed_signals
            .iter()
            .map(|r| PassedSignalLine {
                id: r.id.clone(),
                date: show_iso(&r.observed_on),
                theme: label::<Theme>(tr, "theme", &r.theme),
                domain: label::<LifeDomain>(tr, "signal-domain", &r.life_domain),
                severity: label::<Severity>(tr, "signal-severity", &r.severity),
            })
            .collect(),
        trainings: v
            .trainings
            .iter()
            .rev()
            .map(|t| TrainingLine {
                id: t.training_id.clone(),
                date: show_iso(&t.date),
                kind: label::<TrainingKind>(tr, "training-kind", &t.kind),
                attendance: label::<Attendance>(tr, "training-attendance", &t.attendance),
            })
            .collect(),
        updated_at: format_datetime(v.updated_at),
        domains: choices::<LifeDomain>(tr, "signal-domain", &form.life_domain),
        form,
        accounts,
        errors: messages(tr, &errors),
        due_rule: due_rule(tr),
    };
    let refused = !page.errors.is_empty();
    let mut res = page.into_response();
    if refused {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// GET /referentiepersonen/{id}
pub async fn detail(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    detail_page(&state, &s, Tr::new(l), id, None).await
}

/// POST /referentiepersonen/{id}: changes the record.
pub async fn update(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = person_form(&form_body(&headers, &body)?);
    match service::update(&state, &s, id.clone(), form.clone()).await? {
        Ok(()) => Ok(Redirect::to(&format!("/referentiepersonen/{id}")).into_response()),
        Err(errors) => detail_page(&state, &s, Tr::new(l), id, Some((form, errors))).await,
    }
}
