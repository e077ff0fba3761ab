//! The expert's contact register: `/contacten` (list, filters, search),
//! `/contacten/nieuw` (a contact by phone, e-mail, at the desk or via a
//! reference person), `/contacten/{id}` (the contact, its classification,
//! and the links to a signal and to a referral to the LIVC-R) and
//! `/contacten/{id}/signaal` (link it to an existing signal).
//!
//! Filters on codes and dates may be in the URL (`GET`); the text search is
//! sent in a form body (`POST`), so that no name ever sits in a URL or a log.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use verbind_domain::case::Date;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::contact::{
    ActionTaken, Channel, ContactStatus, FieldErrors, MESSAGE_MAX_CHARS, NOTES_MAX_CHARS,
    RequestKind, RequesterKind,
};
use verbind_domain::prevention::theme::Theme;

use super::public::Choice;
use super::service::{
    self, ClassificationForm, ContactQuery, ContactView, LinkOutcome, RegisterForm,
};
use super::{BodyProblem, FormData};
use crate::error::{AppError, AppResult};
use crate::i18n::{Tr, format_date};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

fn choices<T: Coded>(tr: Tr, prefix: &str, current: &[&str]) -> Vec<Choice> {
    T::ALL
        .iter()
        .map(|v| Choice {
            code: v.code(),
            label: tr.t(&v.label_key(prefix)),
            selected: current.contains(&v.code()),
        })
        .collect()
}

fn label<T: Coded>(tr: Tr, prefix: &str, v: Option<T>) -> String {
    v.map(|v| tr.t(&v.label_key(prefix))).unwrap_or_default()
}

fn labels<T: Coded>(tr: Tr, prefix: &str, vs: &[T]) -> String {
    vs.iter()
        .map(|v| tr.t(&v.label_key(prefix)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn date_text(d: Option<Date>) -> String {
    d.map(|d| format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()))
        .unwrap_or_default()
}

/// The first characters of a message, for the list.
fn snippet(text: &str) -> String {
    const N: usize = 90;
    let t: String = text.chars().take(N).collect();
    if text.chars().count() > N {
        format!("{t}…")
    } else {
        t
    }
}

fn translate(tr: Tr, errors: &FieldErrors) -> Vec<(&'static str, String)> {
    errors
        .iter()
        .map(|(f, e)| (*f, tr.t_args(e.message_key(), &e.args())))
        .collect()
}

/// The classification's choices, shared by the new-contact and contact pages.
pub struct ClassificationChoices {
    pub requesters: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub themes: Vec<Choice>,
    pub actions: Vec<Choice>,
    pub statuses: Vec<Choice>,
}

fn classification_choices(tr: Tr, f: &ClassificationForm) -> ClassificationChoices {
    let themes: Vec<&str> = f.themes.iter().map(String::as_str).collect();
    let actions: Vec<&str> = f.actions.iter().map(String::as_str).collect();
    ClassificationChoices {
        requesters: choices::<RequesterKind>(tr, "contact-requester", &[&f.requester]),
        kinds: choices::<RequestKind>(tr, "contact-kind", &[&f.kind]),
        themes: choices::<Theme>(tr, "theme", &themes),
        actions: choices::<ActionTaken>(tr, "contact-action", &actions),
        statuses: choices::<ContactStatus>(tr, "contact-status", &[&f.status]),
    }
}

fn classification_from(data: &FormData) -> ClassificationForm {
    ClassificationForm {
        requester: data.get("ik_ben").to_owned(),
        themes: data.all("thema"),
        kind: data.get("soort").to_owned(),
        actions: data.all("gedaan"),
        follow_up: data.get("opvolging").to_owned(),
        notes: data.get("notities").to_owned(),
        status: data.get("status").to_owned(),
        ..ClassificationForm::default()
    }
}

/// A form body of the register; anything else is a plain 400 (these are
/// the expert's own pages: the public form explains more).
fn form_body(headers: &HeaderMap, body: &Bytes) -> AppResult<FormData> {
    FormData::parse(headers, body).map_err(|p| match p {
        BodyProblem::NotAForm | BodyProblem::Encoding => AppError::bad_request(),
    })
}

// ------------------------------------------------------------ list

/// A line of the register.
pub struct Row {
    pub id: String,
    pub date: String,
    pub channel: String,
    pub requester: String,
    pub kind: String,
    pub themes: String,
    pub status: String,
    pub is_new: bool,
    pub follow_up: String,
    pub snippet: String,
    pub has_signal: bool,
    pub case_code: Option<String>,
}

fn row(tr: Tr, v: &ContactView) -> Row {
    Row {
        id: v.id.clone(),
        date: date_text(v.date),
        channel: label(tr, "contact-channel", v.channel),
        requester: match v.requester {
            Some(r) => tr.t(&r.label_key("contact-requester")),
            None => tr.t("contact-unknown"),
        },
        kind: label(tr, "contact-kind", v.kind),
        themes: labels(tr, "theme", &v.themes),
        status: tr.t(&v.status.label_key("contact-status")),
        is_new: v.status == ContactStatus::New,
        follow_up: date_text(v.follow_up),
        snippet: if v.shredded {
            tr.t("contact-shredded-short")
        } else {
            snippet(&v.text.message)
        },
        has_signal: v.signal_id.is_some(),
        case_code: v.case.as_ref().map(|(_, code)| code.clone()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "contact/list.html")]
pub struct ListPage {
    pub page: Page,
    pub rows: Vec<Row>,
    pub capped: bool,
    pub searched: bool,
    pub filter: FilterValues,
    pub channels: Vec<Choice>,
    pub themes: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub requesters: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub actions: Vec<Choice>,
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

/// The filter values as typed, to show them again.
#[derive(Debug, Clone, Default)]
pub struct FilterValues {
    pub from: String,
    pub to: String,
    pub channel: String,
    pub theme: String,
    pub status: String,
    pub requester: String,
    pub kind: String,
    pub action: String,
    /// Only contacts whose follow-up date has come (`opvolging=1`).
    pub follow_up_due: bool,
    /// Only contacts not handled yet (`open=1`).
    pub open: bool,
    pub text: String,
}

impl FilterValues {
    /// The filters from a query string or a form body (`get` reads one field).
    fn read(get: impl Fn(&str) -> String) -> FilterValues {
        let flag = |v: String| matches!(v.trim(), "1" | "true" | "on");
        FilterValues {
            from: get("van"),
            to: get("tot"),
            channel: get("kanaal"),
            theme: get("thema"),
            status: get("status"),
            requester: get("aanvrager"),
            kind: get("soort"),
            action: get("gedaan"),
            follow_up_due: flag(get("opvolging")),
            open: flag(get("open")),
            text: String::new(),
        }
    }
}

type FilterErrors = Vec<(&'static str, &'static str)>;

fn opt_code<T: Coded>(field: &'static str, s: &str, errors: &mut FilterErrors) -> Option<T> {
    match s.trim() {
        "" => None,
        c => T::parse(c).or_else(|| {
            errors.push((field, "contact-error-unknown-choice"));
            None
        }),
    }
}

fn opt_date(field: &'static str, s: &str, errors: &mut FilterErrors) -> Option<Date> {
    match s.trim() {
        "" => None,
        d => Date::parse_dd_mm_yyyy(d)
            .map_err(|e| errors.push((field, e.message_key())))
            .ok(),
    }
}

fn parse_filter(v: &FilterValues) -> (ContactQuery, FilterErrors) {
    let mut errors = FilterErrors::new();
    let q = ContactQuery {
        from: opt_date("from", &v.from, &mut errors),
        to: opt_date("to", &v.to, &mut errors),
        channel: opt_code("channel", &v.channel, &mut errors),
        theme: opt_code("theme", &v.theme, &mut errors),
        status: opt_code("status", &v.status, &mut errors),
        requester: opt_code("requester", &v.requester, &mut errors),
        kind: opt_code("kind", &v.kind, &mut errors),
        action: opt_code("action", &v.action, &mut errors),
        follow_up_due: v.follow_up_due,
        open: v.open,
        text: Some(v.text.trim().to_owned()).filter(|t| !t.is_empty()),
    };
    (q, errors)
}

async fn list_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    filter: FilterValues,
) -> AppResult<Response> {
    service::require_register(s)?;
    let (q, errors) = parse_filter(&filter);
    let searched = q.text.is_some();
    let (views, capped) = service::list(state, s, q).await?;
    let page = ListPage {
        page: Page::for_session(tr, state.config.demo, s, "contacts-title", "/contacten"),
        rows: views.iter().map(|v| row(tr, v)).collect(),
        capped,
        searched,
        channels: choices::<Channel>(tr, "contact-channel", &[&filter.channel]),
        themes: choices::<Theme>(tr, "theme", &[&filter.theme]),
        statuses: choices::<ContactStatus>(tr, "contact-status", &[&filter.status]),
        requesters: choices::<RequesterKind>(tr, "contact-requester", &[&filter.requester]),
        kinds: choices::<RequestKind>(tr, "contact-kind", &[&filter.kind]),
        actions: choices::<ActionTaken>(tr, "contact-action", &[&filter.action]),
        errors: errors.into_iter().map(|(f, k)| (f, tr.t(k))).collect(),
        filter,
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok((status, page).into_response())
}

/// GET /contacten (`van`, `tot`, `kanaal`, `thema`, `status`, `aanvrager`,
/// `soort`, `gedaan`, `opvolging=1`, `open=1`: codes, dates and flags only)
pub async fn list(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let filter = FilterValues::read(|k| q.get(k).cloned().unwrap_or_default());
    list_page(&state, &s, Tr::new(l), filter).await
}

/// POST /contacten: the same filters and the text search, in the body.
pub async fn search(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    service::require_register(&s)?;
    let data = form_body(&headers, &body)?;
    let filter = FilterValues {
        text: data.get("zoek").chars().take(200).collect(),
        ..FilterValues::read(|k| data.get(k).to_owned())
    };
    list_page(&state, &s, Tr::new(l), filter).await
}

// ------------------------------------------------------------ new

#[derive(Template, WebTemplate)]
#[template(path = "contact/new.html")]
pub struct NewPage {
    pub page: Page,
    pub form: RegisterForm,
    pub cls: ClassificationForm,
    pub choices: ClassificationChoices,
    pub channels: Vec<Choice>,
    pub errors: Vec<(&'static str, String)>,
    pub max_chars: usize,
    pub notes_max: usize,
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
    form: RegisterForm,
    errors: &FieldErrors,
) -> NewPage {
    let manual: Vec<Choice> = choices::<Channel>(tr, "contact-channel", &[&form.channel])
        .into_iter()
        .filter(|c| c.code != Channel::PublicForm.code())
        .collect();
    NewPage {
        page: Page::for_session(tr, state.config.demo, s, "contact-new-title", "/contacten"),
        cls: form.classification.clone(),
        choices: classification_choices(tr, &form.classification),
        channels: manual,
        errors: translate(tr, errors),
        max_chars: MESSAGE_MAX_CHARS,
        notes_max: NOTES_MAX_CHARS,
        form,
    }
}

/// GET /contacten/nieuw
pub async fn new_form(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Response> {
    service::require_register(&s)?;
    let form = RegisterForm {
        date: format_date(state.now_ms()),
        channel: Channel::Phone.code().to_owned(),
        classification: ClassificationForm {
            status: ContactStatus::InProgress.code().to_owned(),
            ..ClassificationForm::default()
        },
        ..RegisterForm::default()
    };
    Ok(new_page(&state, &s, Tr::new(l), form, &Vec::new()).into_response())
}

/// POST /contacten/nieuw
pub async fn create(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    service::require_register(&s)?;
    let data = form_body(&headers, &body)?;
    let form = RegisterForm {
        date: data.get("datum").to_owned(),
        channel: data.get("kanaal").to_owned(),
        message: data.get("bericht").to_owned(),
        name: data.get("naam").to_owned(),
        email: data.get("email").to_owned(),
        phone: data.get("telefoon").to_owned(),
        preferred: data.get("voorkeur").to_owned(),
        consent: data.checked("toestemming"),
        classification: classification_from(&data),
    };
    match service::register(&state, &s, form.clone()).await? {
        Ok(id) => Ok(Redirect::to(&format!("/contacten/{id}")).into_response()),
        Err(errors) => {
            let mut res = new_page(&state, &s, Tr::new(l), form, &errors).into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

// ------------------------------------------------------------ detail

#[derive(Template, WebTemplate)]
#[template(path = "contact/detail.html")]
pub struct DetailPage {
    pub page: Page,
    pub id: String,
    pub heading: String,
    pub channel: String,
    pub requester: String,
    pub kind: String,
    pub themes: String,
    pub actions: String,
    pub follow_up: String,
    pub status: String,
    pub consent: bool,
    pub preferred: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub message: String,
    pub notes: String,
    pub signal_id: Option<String>,
    /// (case id, case code).
    pub case: Option<(String, String)>,
    pub shredded: bool,
    pub cls: ClassificationForm,
    pub choices: ClassificationChoices,
    pub errors: Vec<(&'static str, String)>,
    pub saved: bool,
    pub notes_max: usize,
    /// (signal id, label) of the recent signals the contact may be linked
    /// to; empty when it has a signal or this user sees no signals.
    pub signal_choices: Vec<(String, String)>,
    /// Whether the form to link an existing signal is shown.
    pub may_link_signal: bool,
    /// The reference typed in that form, and why it was refused.
    pub link_value: String,
    pub link_error: Option<String>,
}

impl DetailPage {
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

fn classification_of(v: &ContactView) -> ClassificationForm {
    ClassificationForm {
        requester: v.requester.map(|r| r.code().to_owned()).unwrap_or_default(),
        themes: v.themes.iter().map(|t| t.code().to_owned()).collect(),
        kind: v.kind.map(|k| k.code().to_owned()).unwrap_or_default(),
        actions: v.actions.iter().map(|a| a.code().to_owned()).collect(),
        follow_up: date_text(v.follow_up),
        notes: v.text.notes.clone().unwrap_or_default(),
        status: v.status.code().to_owned(),
        ..ClassificationForm::default()
    }
}

/// The form to link an existing signal: the recent signals to pick from
/// (none when the contact has a signal or this user sees no signals).
async fn link_choices(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    v: &ContactView,
) -> AppResult<(bool, Vec<(String, String)>)> {
    if v.signal_id.is_some() || !crate::signals::service::may_see_all(s) {
        return Ok((false, Vec::new()));
    }
    let recent = crate::signals::service::recent_choices(state, s, RECENT_SIGNALS).await?;
    let choices = recent
        .into_iter()
        .map(|c| {
            let mut parts = vec![date_text(c.date), label(tr, "theme", c.theme)];
            if let Some(d) = c.district {
                parts.push(d);
            }
            (c.id, parts.join(" · "))
        })
        .collect();
    Ok((true, choices))
}

/// How many recent signals the link form offers.
const RECENT_SIGNALS: i64 = 30;

#[allow(clippy::too_many_arguments)]
fn detail_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    v: ContactView,
    cls: ClassificationForm,
    errors: &FieldErrors,
    saved: bool,
    link: (bool, Vec<(String, String)>),
) -> DetailPage {
    DetailPage {
        page: Page::for_session(tr, state.config.demo, s, "contact-title", "/contacten"),
        id: v.id.clone(),
        heading: tr.t_args("contact-heading", &[("date", date_text(v.date))]),
        channel: label(tr, "contact-channel", v.channel),
        requester: label(tr, "contact-requester", v.requester),
        kind: label(tr, "contact-kind", v.kind),
        themes: labels(tr, "theme", &v.themes),
        actions: labels(tr, "contact-action", &v.actions),
        follow_up: date_text(v.follow_up),
        status: tr.t(&v.status.label_key("contact-status")),
        consent: v.consent,
        preferred: label(tr, "contact-preferred", v.preferred),
        name: v.text.name.clone().unwrap_or_default(),
        email: v.text.email.clone().unwrap_or_default(),
        phone: v.text.phone.clone().unwrap_or_default(),
        message: v.text.message.clone(),
        notes: v.text.notes.clone().unwrap_or_default(),
        signal_id: v.signal_id.clone(),
        case: v.case.clone(),
        shredded: v.shredded,
        choices: classification_choices(tr, &cls),
        cls,
        errors: translate(tr, errors),
        saved,
        notes_max: NOTES_MAX_CHARS,
        may_link_signal: link.0,
        signal_choices: link.1,
        link_value: String::new(),
        link_error: None,
    }
}

/// GET /contacten/{id}
pub async fn detail(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let v = service::open(&state, &s, id, "view").await?;
    let cls = classification_of(&v);
    let saved = q.get("bewaard").is_some_and(|x| x == "1");
    let tr = Tr::new(l);
    let link = link_choices(&state, &s, tr, &v).await?;
    Ok(detail_page(&state, &s, tr, v, cls, &Vec::new(), saved, link).into_response())
}

/// POST /contacten/{id}: the classification and notes.
pub async fn classify(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    service::require_register(&s)?;
    let data = form_body(&headers, &body)?;
    let cls = classification_from(&data);
    match service::classify(&state, &s, id.clone(), cls.clone()).await? {
        Ok(()) => Ok(Redirect::to(&format!("/contacten/{id}?bewaard=1")).into_response()),
        Err(errors) => {
            let v = service::open(&state, &s, id, "view").await?;
            let tr = Tr::new(l);
            let link = link_choices(&state, &s, tr, &v).await?;
            let mut res = detail_page(&state, &s, tr, v, cls, &errors, false, link).into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

/// POST /contacten/{id}/signaal: links the contact to an existing signal,
/// picked from the recent ones (`signaal`) or by its reference
/// (`referentie`, which wins when both are given). A contact that has a
/// signal already keeps it: this goes to that signal.
pub async fn link_signal(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    service::require_register(&s)?;
    let data = form_body(&headers, &body)?;
    let typed = data.get("referentie").trim().to_owned();
    let signal = if typed.is_empty() {
        data.get("signaal").trim().to_owned()
    } else {
        typed.clone()
    };
    match service::link_existing_signal(&state, &s, id.clone(), signal).await? {
        Ok(LinkOutcome::Linked) => {
            Ok(Redirect::to(&format!("/contacten/{id}?bewaard=1")).into_response())
        }
        Ok(LinkOutcome::AlreadyLinked(existing)) => {
            Ok(Redirect::to(&format!("/signalen/{existing}")).into_response())
        }
        Err(e) => {
            let v = service::open(&state, &s, id, "view").await?;
            let tr = Tr::new(l);
            let cls = classification_of(&v);
            let link = link_choices(&state, &s, tr, &v).await?;
            let mut page = detail_page(&state, &s, tr, v, cls, &Vec::new(), false, link);
            page.link_value = typed.chars().take(100).collect();
            page.link_error = Some(tr.t(e.message_key()));
            let mut res = page.into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}
