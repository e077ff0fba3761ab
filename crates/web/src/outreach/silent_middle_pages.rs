//! Pages of the silent middle: `/stille-midden` (advice trajectories and
//! counter-messages, with search and filters), `/stille-midden/advies/...`
//! and `/stille-midden/tegengeluiden/...` (new and change).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::outreach::{
    AdviceStatus, Channel, FieldErrors, Platform, RecipientKind,
};
use verbind_domain::prevention::theme::Theme;

use super::silent_middle::{self as service, AdviceForm, CounterForm, Filter};
use super::{Choice, Refusals, choices, form_body, label, refused_page, require, show_iso};
use crate::contact::FormData;
use crate::error::AppResult;
use crate::i18n::{Tr, format_date, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

const MANAGE: PreventionAction = PreventionAction::ManageSilentMiddle;

fn read_advice(d: &FormData) -> AdviceForm {
    AdviceForm {
        recipient_kind: d.get("soort").to_owned(),
        recipient: d.get("naam").to_owned(),
        platform: d.get("platform").to_owned(),
        question: d.get("vraag").to_owned(),
        advice: d.get("advies").to_owned(),
        support: d.get("ondersteuning").to_owned(),
        started_on: d.get("gestart_op").to_owned(),
        follow_up_on: d.get("opvolging_op").to_owned(),
        status: d.get("status").to_owned(),
    }
}

fn read_counter(d: &FormData) -> CounterForm {
    CounterForm {
        published_on: d.get("datum").to_owned(),
        channel: d.get("kanaal").to_owned(),
        theme: d.get("thema").to_owned(),
        title: d.get("titel").to_owned(),
        description: d.get("beschrijving").to_owned(),
        reach: d.get("bereik").to_owned(),
    }
}

// ------------------------------------------------------------ overview

pub struct AdviceLine {
    pub id: String,
    pub recipient: String,
    pub kind: String,
    pub platform: String,
    pub status: String,
    pub started_on: String,
    pub follow_up_on: String,
    pub due: bool,
}

pub struct CounterLine {
    pub id: String,
    pub date: String,
    pub title: String,
    pub channel: String,
    pub theme: String,
    pub reach: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "outreach/stille_midden.html")]
pub struct OverviewPage {
    pub page: Page,
    pub advice: Vec<AdviceLine>,
    pub counters: Vec<CounterLine>,
    pub query: String,
    pub statuses: Vec<Choice>,
    pub platforms: Vec<Choice>,
    pub channels: Vec<Choice>,
    pub themes: Vec<Choice>,
}

fn pick(q: &HashMap<String, String>, key: &str) -> Option<String> {
    q.get(key)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// GET /stille-midden
pub async fn overview(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    // Codes only in the address: words searched for go in a POST (below),
    // so an organisation's or a page's name never ends up in a URL or a log.
    let f = Filter {
        status: pick(&q, "status"),
        platform: pick(&q, "platform"),
        channel: pick(&q, "kanaal"),
        theme: pick(&q, "thema"),
        query: None,
    };
    overview_page(&state, &s, Tr::new(l), f).await
}

/// POST /stille-midden: the same list, searched for words (and filtered).
pub async fn search(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let d = form_body(&headers, &body)?;
    let get = |k: &str| Some(d.get(k).trim().to_owned()).filter(|v| !v.is_empty());
    // Filters, not a form to refuse: an unknown value matches nothing and shows so.
    let f = Filter {
        status: get("status"),
        platform: get("platform"),
        channel: get("kanaal"),
        theme: get("thema"),
        query: get("zoek").map(|v| v.chars().take(100).collect()),
    };
    overview_page(&state, &s, Tr::new(l), f).await
}

async fn overview_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    f: Filter,
) -> AppResult<Response> {
    let o = service::overview(state, s, f.clone()).await?;
    Ok(OverviewPage {
        page: Page::for_session(tr, state.config.demo, s, "silent-title", "/stille-midden"),
        advice: o
            .advice
            .into_iter()
            .map(|v| AdviceLine {
                kind: label::<RecipientKind>(tr, "silent-recipient", &v.recipient_kind),
                platform: label::<Platform>(tr, "silent-platform", &v.platform),
                status: label::<AdviceStatus>(tr, "silent-status", &v.status),
                started_on: show_iso(&v.started_on),
                follow_up_on: v.follow_up_on.as_deref().map(show_iso).unwrap_or_default(),
                due: v.follow_up_due,
                id: v.id,
                recipient: v.recipient,
            })
            .collect(),
        counters: o
            .counters
            .into_iter()
            .map(|v| CounterLine {
                date: show_iso(&v.published_on),
                channel: label::<Channel>(tr, "silent-channel", &v.channel),
                theme: label::<Theme>(tr, "theme", &v.theme),
                reach: v.reach.map(|n| n.to_string()).unwrap_or_default(),
                id: v.id,
                title: v.title,
            })
            .collect(),
        query: f.query.clone().unwrap_or_default(),
        statuses: choices::<AdviceStatus>(tr, "silent-status", f.status.as_deref().unwrap_or("")),
        platforms: choices::<Platform>(tr, "silent-platform", f.platform.as_deref().unwrap_or("")),
        channels: choices::<Channel>(tr, "silent-channel", f.channel.as_deref().unwrap_or("")),
        themes: choices::<Theme>(tr, "theme", f.theme.as_deref().unwrap_or("")),
    }
    .into_response())
}

// ------------------------------------------------------------ advice

#[derive(Template, WebTemplate)]
#[template(path = "outreach/advice_edit.html")]
pub struct AdvicePage {
    pub page: Page,
    pub heading: String,
    pub action: String,
    pub form: AdviceForm,
    pub kinds: Vec<Choice>,
    pub platforms: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub due: bool,
    pub updated: String,
    pub errors: Refusals,
}

#[allow(clippy::too_many_arguments)]
fn advice_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: Option<&str>,
    form: AdviceForm,
    due: bool,
    updated: String,
    errors: &FieldErrors,
) -> AdvicePage {
    let (key, action) = match id {
        Some(id) => ("silent-advice-title", format!("/stille-midden/advies/{id}")),
        None => (
            "silent-advice-new",
            "/stille-midden/advies/nieuw".to_owned(),
        ),
    };
    let status = if form.status.is_empty() {
        "requested"
    } else {
        form.status.as_str()
    };
    AdvicePage {
        page: Page::for_session(tr, state.config.demo, s, key, "/stille-midden"),
        heading: tr.t(key),
        action,
        kinds: choices::<RecipientKind>(tr, "silent-recipient", &form.recipient_kind),
        platforms: choices::<Platform>(tr, "silent-platform", &form.platform),
        statuses: choices::<AdviceStatus>(tr, "silent-status", status),
        form,
        due,
        updated,
        errors: Refusals::new(tr, errors),
    }
}

/// GET /stille-midden/advies/nieuw
pub async fn new_advice(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = AdviceForm {
        started_on: format_date(state.now_ms()),
        ..AdviceForm::default()
    };
    Ok(advice_page(
        &state,
        &s,
        Tr::new(l),
        None,
        form,
        false,
        String::new(),
        &Vec::new(),
    )
    .into_response())
}

/// POST /stille-midden/advies/nieuw
pub async fn create_advice(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = read_advice(&form_body(&headers, &body)?);
    match service::create_advice(&state, &s, form.clone()).await? {
        Ok(id) => Ok(Redirect::to(&format!("/stille-midden/advies/{id}")).into_response()),
        Err(e) => Ok(refused_page(advice_page(
            &state,
            &s,
            Tr::new(l),
            None,
            form,
            false,
            String::new(),
            &e,
        ))),
    }
}

/// GET /stille-midden/advies/{id}
pub async fn advice(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let v = service::open_advice(&state, &s, id).await?;
    Ok(advice_page(
        &state,
        &s,
        Tr::new(l),
        Some(&v.id),
        v.form(),
        v.follow_up_due,
        format_datetime(v.updated_at),
        &Vec::new(),
    )
    .into_response())
}

/// POST /stille-midden/advies/{id}
pub async fn update_advice(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = read_advice(&form_body(&headers, &body)?);
    match service::update_advice(&state, &s, id.clone(), form.clone()).await? {
        Ok(()) => Ok(Redirect::to(&format!("/stille-midden/advies/{id}")).into_response()),
        Err(e) => {
            let v = service::open_advice(&state, &s, id).await?;
            Ok(refused_page(advice_page(
                &state,
                &s,
                Tr::new(l),
                Some(&v.id),
                form,
                v.follow_up_due,
                format_datetime(v.updated_at),
                &e,
            )))
        }
    }
}

// ------------------------------------------------------------ counter-messages

#[derive(Template, WebTemplate)]
#[template(path = "outreach/counter_edit.html")]
pub struct CounterPage {
    pub page: Page,
    pub heading: String,
    pub action: String,
    pub form: CounterForm,
    pub channels: Vec<Choice>,
    pub themes: Vec<Choice>,
    pub updated: String,
    pub errors: Refusals,
}

fn counter_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: Option<&str>,
    form: CounterForm,
    updated: String,
    errors: &FieldErrors,
) -> CounterPage {
    let (key, action) = match id {
        Some(id) => (
            "silent-counter-title",
            format!("/stille-midden/tegengeluiden/{id}"),
        ),
        None => (
            "silent-counter-new",
            "/stille-midden/tegengeluiden/nieuw".to_owned(),
        ),
    };
    CounterPage {
        page: Page::for_session(tr, state.config.demo, s, key, "/stille-midden"),
        heading: tr.t(key),
        action,
        channels: choices::<Channel>(tr, "silent-channel", &form.channel),
        themes: choices::<Theme>(tr, "theme", &form.theme),
        form,
        updated,
        errors: Refusals::new(tr, errors),
    }
}

/// GET /stille-midden/tegengeluiden/nieuw
pub async fn new_counter(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = CounterForm {
        published_on: format_date(state.now_ms()),
        ..CounterForm::default()
    };
    Ok(counter_page(
        &state,
        &s,
        Tr::new(l),
        None,
        form,
        String::new(),
        &Vec::new(),
    )
    .into_response())
}

/// POST /stille-midden/tegengeluiden/nieuw
pub async fn create_counter(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = read_counter(&form_body(&headers, &body)?);
    match service::create_counter(&state, &s, form.clone()).await? {
        Ok(id) => Ok(Redirect::to(&format!("/stille-midden/tegengeluiden/{id}")).into_response()),
        Err(e) => Ok(refused_page(counter_page(
            &state,
            &s,
            Tr::new(l),
            None,
            form,
            String::new(),
            &e,
        ))),
    }
}

/// GET /stille-midden/tegengeluiden/{id}
pub async fn counter(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let v = service::open_counter(&state, &s, id).await?;
    Ok(counter_page(
        &state,
        &s,
        Tr::new(l),
        Some(&v.id),
        v.form(),
        format_datetime(v.updated_at),
        &Vec::new(),
    )
    .into_response())
}

/// POST /stille-midden/tegengeluiden/{id}
pub async fn update_counter(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = read_counter(&form_body(&headers, &body)?);
    match service::update_counter(&state, &s, id.clone(), form.clone()).await? {
        Ok(()) => Ok(Redirect::to(&format!("/stille-midden/tegengeluiden/{id}")).into_response()),
        Err(e) => {
            let v = service::open_counter(&state, &s, id).await?;
            Ok(refused_page(counter_page(
                &state,
                &s,
                Tr::new(l),
                Some(&v.id),
                form,
                format_datetime(v.updated_at),
                &e,
            )))
        }
    }
}
