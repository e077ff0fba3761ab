//! Signal pages. Filters are codes and dates only (they may sit in a URL);
//! the description is never part of a URL.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use verbind_domain::case::Date;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::signal::{
    DESCRIPTION_MAX_CHARS, LifeDomain, Severity, SignalError, SignalErrors, SignalSource,
};
use verbind_domain::prevention::theme::Theme;

use super::service::{self, SignalForm, SignalQuery, SignalView, SubmitOutcome};
use crate::contact::FormData;
use crate::contact::public::Choice;
use crate::contact::service as contact_service;
use crate::error::{AppError, AppResult};
use crate::i18n::{Tr, format_date, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

fn choices<T: Coded>(tr: Tr, prefix: &str, current: &str) -> Vec<Choice> {
    T::ALL
        .iter()
        .map(|v| Choice {
            code: v.code(),
            label: tr.t(&v.label_key(prefix)),
            selected: v.code() == current,
        })
        .collect()
}

fn district_choices(districts: &[(String, String)], current: &str) -> Vec<(String, String, bool)> {
    districts
        .iter()
        .map(|(slug, name)| (slug.clone(), name.clone(), slug == current))
        .collect()
}

fn label<T: Coded>(tr: Tr, prefix: &str, v: Option<T>) -> String {
    v.map(|v| tr.t(&v.label_key(prefix))).unwrap_or_default()
}

fn date_text(d: Option<Date>) -> String {
    d.map(|d| format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()))
        .unwrap_or_default()
}

// ------------------------------------------------------------ list

pub struct Row {
    pub id: String,
    pub date: String,
    pub theme: String,
    pub life_domain: String,
    pub district: String,
    pub severity: String,
    pub source: String,
    pub organisation: String,
    pub snippet: String,
    /// The author got feedback from the expert on it.
    pub has_feedback: bool,
}

fn row(tr: Tr, v: &SignalView) -> Row {
    const N: usize = 90;
    let mut snippet: String = v.description.chars().take(N).collect();
    if v.description.chars().count() > N {
        snippet.push('…');
    }
    Row {
        id: v.id.clone(),
        date: date_text(v.date),
        theme: label(tr, "theme", v.theme),
        life_domain: label(tr, "signal-domain", v.life_domain),
        district: v
            .district
            .as_ref()
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| tr.t("signal-district-none")),
        severity: label(tr, "signal-severity", v.severity),
        source: label(tr, "signal-source", v.source),
        organisation: v.organisation.clone(),
        snippet,
        has_feedback: v.has_feedback,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "signals/list.html")]
pub struct ListPage {
    pub page: Page,
    pub rows: Vec<Row>,
    /// The list stopped at its limit.
    pub capped: bool,
    pub all: bool,
    pub may_submit: bool,
    pub themes: Vec<Choice>,
    pub domains: Vec<Choice>,
    pub severities: Vec<Choice>,
    pub districts: Vec<(String, String, bool)>,
    pub from: String,
    pub to: String,
    pub errors: Vec<(&'static str, String)>,
}

impl ListPage {
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// GET /signalen (`thema`, `domein`, `wijk`, `ernst`, `van`, `tot`)
pub async fn list(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    let get = |k: &str| q.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let mut errors: Vec<(&'static str, String)> = Vec::new();
    let code = |_: &'static str, v: &str| Some(v.to_owned()).filter(|v| !v.is_empty());
    let (theme, domain, severity, district) =
        (get("thema"), get("domein"), get("ernst"), get("wijk"));
    let mut query = SignalQuery::default();
    if let Some(v) = code("theme", &theme) {
        match Theme::parse(&v) {
            Some(t) => query.theme = Some(t),
            None => errors.push(("theme", tr.t("contact-error-unknown-choice"))),
        }
    }
    if let Some(v) = code("life_domain", &domain) {
        match LifeDomain::parse(&v) {
            Some(t) => query.life_domain = Some(t),
            None => errors.push(("life_domain", tr.t("contact-error-unknown-choice"))),
        }
    }
    if let Some(v) = code("severity", &severity) {
        match Severity::parse(&v) {
            Some(t) => query.severity = Some(t),
            None => errors.push(("severity", tr.t("contact-error-unknown-choice"))),
        }
    }
    query.district = Some(district.clone()).filter(|d| !d.is_empty());
    let (from, to) = (get("van"), get("tot"));
    for (field, v, slot) in [("from", &from, &mut query.from), ("to", &to, &mut query.to)] {
        if !v.is_empty() {
            match Date::parse_dd_mm_yyyy(v) {
                Ok(d) => *slot = Some(d),
                Err(e) => errors.push((field, tr.t(e.message_key()))),
            }
        }
    }
    let views = service::list(&state, &s, query).await?;
    let districts = service::districts(&state, &s).await?;
    let page = ListPage {
        page: Page::for_session(tr, state.config.demo, &s, "signals-title", "/signalen"),
        rows: views.iter().map(|v| row(tr, v)).collect(),
        capped: views.len() as i64 >= service::LIST_LIMIT,
        all: service::may_see_all(&s),
        may_submit: service::may_submit(&s),
        themes: choices::<Theme>(tr, "theme", &theme),
        domains: choices::<LifeDomain>(tr, "signal-domain", &domain),
        severities: choices::<Severity>(tr, "signal-severity", &severity),
        districts: district_choices(&districts, &district),
        from,
        to,
        errors,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok((status, page).into_response())
}

// ------------------------------------------------------------ new

#[derive(Template, WebTemplate)]
#[template(path = "signals/new.html")]
pub struct NewPage {
    pub page: Page,
    pub form: SignalForm,
    pub themes: Vec<Choice>,
    pub domains: Vec<Choice>,
    pub severities: Vec<Choice>,
    pub sources: Vec<Choice>,
    pub districts: Vec<(String, String, bool)>,
    pub expert: bool,
    pub from_contact: bool,
    pub looks_personal: bool,
    pub errors: Vec<(&'static str, String)>,
    pub max_chars: usize,
}

impl NewPage {
    pub fn error_for(&self, field: &str) -> Option<&str> {
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
    form: SignalForm,
    errors: &SignalErrors,
) -> AppResult<NewPage> {
    let districts = service::districts(state, s).await?;
    Ok(NewPage {
        page: Page::for_session(tr, state.config.demo, s, "signal-new-title", "/signalen"),
        themes: choices::<Theme>(tr, "theme", &form.theme),
        domains: choices::<LifeDomain>(tr, "signal-domain", &form.life_domain),
        severities: choices::<Severity>(tr, "signal-severity", &form.severity),
        sources: choices::<SignalSource>(tr, "signal-source", &form.source),
        districts: district_choices(&districts, &form.district),
        expert: service::may_see_all(s),
        from_contact: form.contact.is_some(),
        looks_personal: errors.iter().any(|(_, e)| *e == SignalError::LooksPersonal)
            || form.confirm_no_person,
        errors: errors
            .iter()
            .map(|(f, e)| (*f, tr.t_args(e.message_key(), &e.args())))
            .collect(),
        max_chars: DESCRIPTION_MAX_CHARS,
        form,
    })
}

/// GET /signalen/nieuw; `?contact={id}` (the expert) starts from a contact:
/// its theme, date and message, which the expert rewrites about trends and
/// groups.
pub async fn new_form(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    if !service::may_submit(&s) {
        return Err(AppError::forbidden());
    }
    let mut form = SignalForm {
        date: format_date(state.now_ms()),
        ..SignalForm::default()
    };
    if let Some(contact) = q.get("contact") {
        let v = contact_service::open(&state, &s, contact.clone(), "signal").await?;
        if let Some(sid) = &v.signal_id {
            return Ok(Redirect::to(&format!("/signalen/{sid}")).into_response());
        }
        form.theme = v
            .themes
            .first()
            .map(|t| t.code().to_owned())
            .unwrap_or_default();
        form.date = date_text(v.date);
        form.description = v.text.message.clone();
        form.source = SignalSource::ContactPoint.code().to_owned();
        form.contact = Some(v.id);
    }
    Ok(new_page(&state, &s, Tr::new(l), form, &Vec::new())
        .await?
        .into_response())
}

/// POST /signalen/nieuw
pub async fn create(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    if !service::may_submit(&s) {
        return Err(AppError::forbidden());
    }
    let data = FormData::parse(&headers, &body).map_err(|_| AppError::bad_request())?;
    let form = SignalForm {
        theme: data.get("thema").to_owned(),
        life_domain: data.get("domein").to_owned(),
        district: data.get("wijk").to_owned(),
        date: data.get("datum").to_owned(),
        severity: data.get("ernst").to_owned(),
        description: data.get("beschrijving").to_owned(),
        source: data.get("bron").to_owned(),
        confirm_no_person: data.checked("bevestig"),
        contact: Some(data.get("contact").to_owned()).filter(|c| !c.is_empty()),
    };
    match service::submit(&state, &s, form.clone()).await? {
        SubmitOutcome::Created(id) => Ok(match &form.contact {
            Some(contact) => Redirect::to(&format!("/contacten/{contact}")),
            None => Redirect::to(&format!("/signalen/{id}")),
        }
        .into_response()),
        // Made from this contact before (a second post): nothing new, go to
        // the signal it has.
        SubmitOutcome::ContactHasSignal(existing) => {
            Ok(Redirect::to(&format!("/signalen/{existing}")).into_response())
        }
        SubmitOutcome::Invalid(errors) => {
            let mut res = new_page(&state, &s, Tr::new(l), form, &errors)
                .await?
                .into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

// ------------------------------------------------------------ detail

#[derive(Template, WebTemplate)]
#[template(path = "signals/detail.html")]
pub struct DetailPage {
    pub page: Page,
    pub row: Row,
    pub description: String,
    pub created: String,
    pub contact_id: Option<String>,
    pub expert: bool,
    /// (id, code) of the case referred from this signal (the expert).
    pub case: Option<(String, String)>,
    /// (when, text) of the expert's feedback to the author, the referrer
    /// outside the table, newest first.
    pub feedback: Vec<(String, String)>,
}

/// GET /signalen/{id}
pub async fn detail(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let v = service::open(&state, &s, id).await?;
    let tr = Tr::new(l);
    Ok(DetailPage {
        page: Page::for_session(tr, state.config.demo, &s, "signal-title", "/signalen"),
        row: row(tr, &v),
        description: v.description.clone(),
        created: format_date(v.created_at),
        contact_id: v.contact_id.clone(),
        expert: service::may_see_all(&s),
        case: v.case.clone(),
        feedback: v
            .feedback
            .iter()
            .map(|f| (format_datetime(f.at_ms), f.text.clone()))
            .collect(),
    }
    .into_response())
}

// ------------------------------------------------------------ trends

/// Months shown in the trend view.
pub const TREND_MONTHS: usize = 12;

#[derive(Template, WebTemplate)]
#[template(path = "signals/trends.html")]
pub struct TrendsPage {
    pub page: Page,
    pub themes: Vec<String>,
    /// (month label, counts per theme, total)
    pub rows: Vec<(String, Vec<u32>, u32)>,
    pub totals: Vec<u32>,
    pub total: u32,
}

/// GET /signalen/tendensen: signals per month and theme (the expert).
pub async fn trends(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Response> {
    let t = service::trend(&state, &s, TREND_MONTHS).await?;
    let tr = Tr::new(l);
    let rows = t
        .months
        .iter()
        .zip(t.counts.iter())
        .zip(t.month_totals.iter())
        .map(|((m, c), total)| (m.label(), c.clone(), *total))
        .collect();
    Ok(TrendsPage {
        page: Page::for_session(
            tr,
            state.config.demo,
            &s,
            "signal-trends-title",
            "/signalen",
        ),
        themes: Theme::ALL
            .iter()
            .map(|t| tr.t(&t.label_key("theme")))
            .collect(),
        rows,
        total: t.theme_totals.iter().sum(),
        totals: t.theme_totals,
    }
    .into_response())
}
