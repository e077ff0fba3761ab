//! Prevention in the JSON API: the public contact point, the expert's
//! contact register and signals (issue 4, items 1 to 3).
//!
//! Every handler calls the same services as the pages
//! (`crate::contact::service`, `crate::signals::service`), which ask
//! `verbind_domain::policy::decide_prevention` and audit. Lists carry codes
//! and dates; text (messages, contact details, notes, descriptions) only
//! leaves the server to a reader the policy allows. The text search of the
//! register is a `POST` so that no searched name sits in a URL or a log.
//! Error bodies hold a stable code, a translated message and the request id;
//! never what the client sent.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use verbind_domain::case::Date;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::contact::{
    ActionTaken, Channel, ContactStatus, FieldErrors, RequestKind, RequesterKind,
};
use verbind_domain::prevention::signal::{LifeDomain, Severity, SignalErrors, description_hints};
use verbind_domain::prevention::theme::Theme;
use verbind_store::models::tenant;

use crate::contact::service::{
    self as contacts, ClassificationForm, ContactQuery, ContactView, LinkOutcome, PublicForm,
    PublicOutcome, RegisterForm,
};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::middleware::client::ClientSource;
use crate::middleware::request_id::RequestId;
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::signals::service::{
    self as signals, SignalForm, SignalQuery, SignalView, SubmitOutcome,
};
use crate::state::AppState;

// ---------------------------------------------------------------- schemas

/// An error with a stable code and a translated message.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreventionError {
    /// `bad_request`, `invalid_body`, `unsupported_media_type`,
    /// `payload_too_large`, `unknown_livc`, `throttled`, `invalid_filter`,
    /// `contact_already_has_signal`.
    pub error: String,
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// For `throttled`: when to try again.
    pub retry_after_seconds: Option<i64>,
}

/// One refused field.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreventionFieldError {
    /// The request property, e.g. `message`, `email`, `themes`, `description`.
    pub field: String,
    /// The translated message to show next to the field.
    pub message: String,
    /// A stable code, e.g. `too_long`, `unknown_choice`, `looks_personal`.
    pub code: String,
}

/// A request that broke a rule; nothing was stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreventionValidationError {
    /// Always `invalid`.
    pub error: String,
    pub request_id: Option<String>,
    pub fields: Vec<PreventionFieldError>,
    /// For a signal description: what looks like it identifies someone
    /// (`email_address`, `identifying_number`, `capitalised_words`). Resend
    /// with `confirm_no_person: true` once the text names no one.
    pub hints: Vec<String>,
}

/// A question or concern for the public contact point. No account needed.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ContactPointRequest {
    /// The LIVC-R's slug (e.g. `sint-niklaas`); may be left out when this
    /// installation serves one.
    pub livc: Option<String>,
    /// `information`, `advice`, `guidance`, `conversation_tips` or `report_person`.
    #[schema(example = "advice")]
    pub kind: String,
    /// At most 4000 characters.
    pub message: String,
    /// `citizen`, `teacher`, `youth_worker`, `care_worker`, `pupil_counsellor`, `organisation` or `other`.
    pub requester_kind: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// `email` or `phone`; needs that detail.
    pub preferred_contact: Option<String>,
    /// The message may be passed on to the LIVC-R if needed.
    pub consent_livc: bool,
    /// Leave empty: a honeypot for bots.
    pub website: Option<String>,
}

/// The message was received. Nothing of it is echoed.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactPointReceived {
    /// Always `received`.
    pub status: String,
    /// What happens next, in the request's language.
    pub next: String,
}

/// A contact of the register, without its text.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactSummary {
    pub id: String,
    /// ISO date.
    pub date: String,
    /// `public_form`, `phone`, `email`, `walk_in` or `reference_person`.
    pub channel: String,
    pub requester_kind: Option<String>,
    pub request_kind: Option<String>,
    pub themes: Vec<String>,
    /// What was done: `information`, `advice`, `individual_guidance`, `referral`.
    pub actions: Vec<String>,
    /// ISO date.
    pub follow_up: Option<String>,
    /// `new`, `in_progress` or `handled`.
    pub status: String,
    pub consent_livc: bool,
    pub signal_id: Option<String>,
    pub case_id: Option<String>,
    /// The pseudonym code of the case referred from it.
    pub case_code: Option<String>,
}

/// A contact with its text (audited).
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactDetail {
    #[serde(flatten)]
    pub summary: ContactSummary,
    pub message: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred_contact: Option<String>,
    pub notes: Option<String>,
    /// The text was destroyed at the end of the retention period (the
    /// message is then empty and the details null).
    pub shredded: bool,
}

/// Filters of the register: codes, dates and flags.
#[derive(Debug, Default, Deserialize, IntoParams, ToSchema)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ContactFilterParams {
    /// `dd/mm/yyyy` or ISO.
    pub from: Option<String>,
    pub to: Option<String>,
    /// `public_form`, `phone`, `email`, `walk_in` or `reference_person`.
    pub channel: Option<String>,
    pub theme: Option<String>,
    /// `new`, `in_progress` or `handled`.
    pub status: Option<String>,
    /// The kind of requester: `citizen`, `teacher`, `youth_worker`,
    /// `care_worker`, `pupil_counsellor`, `organisation` or `other`.
    pub requester_kind: Option<String>,
    /// The kind of request: `information`, `advice`, `guidance`,
    /// `conversation_tips` or `report_person`.
    pub request_kind: Option<String>,
    /// What was done includes this: `information`, `advice`,
    /// `individual_guidance` or `referral`.
    pub action: Option<String>,
    /// `true` (or `1`): only contacts not handled whose follow-up date is
    /// today or earlier.
    pub follow_up_due: Option<String>,
    /// `true` (or `1`): only contacts not handled (new or in progress).
    pub open: Option<String>,
}

/// A search of the register: the filters and a text, matched in the
/// decrypted message, contact details and notes.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ContactSearchRequest {
    pub from: Option<String>,
    pub to: Option<String>,
    pub channel: Option<String>,
    pub theme: Option<String>,
    pub status: Option<String>,
    pub requester_kind: Option<String>,
    pub request_kind: Option<String>,
    pub action: Option<String>,
    /// Only contacts not handled whose follow-up date is today or earlier.
    pub follow_up_due: bool,
    /// Only contacts not handled (new or in progress).
    pub open: bool,
    pub text: Option<String>,
}

/// The expert's classification of a contact, as `POST /contacten/{id}`
/// sets it. Left-out `status` and `notes` stay as they are.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ContactUpdateRequest {
    /// `citizen`, `teacher`, `youth_worker`, `care_worker`,
    /// `pupil_counsellor`, `organisation` or `other`; null or left out: unknown.
    pub requester_kind: Option<String>,
    /// `information`, `advice`, `guidance`, `conversation_tips` or `report_person`.
    #[schema(example = "advice")]
    pub request_kind: String,
    /// Theme codes.
    pub themes: Vec<String>,
    /// What was done: `information`, `advice`, `individual_guidance`, `referral`.
    pub actions: Vec<String>,
    /// `dd/mm/yyyy` or ISO; null or left out: none.
    pub follow_up: Option<String>,
    /// `new`, `in_progress` or `handled` (needs `actions`); left out: unchanged.
    pub status: Option<String>,
    /// Replaces the notes (`""` clears them); left out: unchanged.
    pub notes: Option<String>,
}

/// Links a contact to a signal that exists already.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ContactSignalRequest {
    /// The signal's id (its reference).
    pub signal_id: String,
}

/// A contact the expert registers.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ContactRequest {
    /// `dd/mm/yyyy` or ISO; not after today.
    #[schema(example = "2026-11-27")]
    pub date: String,
    /// `phone`, `email`, `walk_in` or `reference_person`.
    #[schema(example = "phone")]
    pub channel: String,
    pub message: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred_contact: Option<String>,
    pub consent_livc: bool,
    pub requester_kind: Option<String>,
    pub request_kind: String,
    pub themes: Vec<String>,
    pub actions: Vec<String>,
    pub follow_up: Option<String>,
    pub notes: Option<String>,
    /// `new`, `in_progress` (the default) or `handled` (needs `actions`).
    pub status: Option<String>,
}

/// The id of what was created.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedId {
    pub id: String,
}

/// A signal as its reader sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignalItem {
    pub id: String,
    /// `contact_point`, `reference_person`, `working_group`, `police`, `partner`.
    pub source: Option<String>,
    pub theme: Option<String>,
    /// `education`, `youth`, `sport`, `work`, `care`, `online`, `neighbourhood`.
    pub life_domain: Option<String>,
    /// A district slug of the profile; null for the whole city or unknown.
    pub district: Option<String>,
    /// ISO date observed.
    pub date: Option<String>,
    /// `low`, `medium`, `high`.
    pub severity: Option<String>,
    pub description: String,
    /// The submitter's organisation.
    pub organisation: String,
    /// This user passed it.
    pub mine: bool,
    /// For the expert: the contact it was made from.
    pub contact_id: Option<String>,
    /// For the expert: the id of the case referred from it.
    pub case_id: Option<String>,
    /// For the expert: that case's code.
    pub case_code: Option<String>,
    /// On `GET /api/v1/signals/{id}` only (empty in lists): the expert's
    /// feedback to the author, the referrer outside the table, once the signal
    /// led to a case. Text only, newest first; never a case code or an item.
    pub feedback: Vec<SignalFeedback>,
    /// The author got feedback on it (also in lists).
    pub has_feedback: bool,
}

/// Feedback from the expert on a signal that led to a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignalFeedback {
    /// RFC 3339, UTC.
    pub sent_at: String,
    pub text: String,
}

/// Filters of the signal list: codes and dates.
#[derive(Debug, Default, Deserialize, IntoParams, ToSchema)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct SignalFilterParams {
    pub theme: Option<String>,
    pub life_domain: Option<String>,
    pub district: Option<String>,
    pub severity: Option<String>,
    /// `dd/mm/yyyy` or ISO.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A signal: about trends and groups, never a named person.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SignalRequest {
    #[schema(example = "conspiracy_thinking")]
    pub theme: String,
    #[schema(example = "education")]
    pub life_domain: String,
    pub district: Option<String>,
    /// `dd/mm/yyyy` or ISO; not after today.
    pub date: String,
    #[schema(example = "medium")]
    pub severity: String,
    /// At most 2000 characters.
    pub description: String,
    /// The expert only: the source (default `contact_point`); others' follows from who they are.
    pub source: Option<String>,
    /// Confirms that the description names no one despite hints.
    pub confirm_no_person: bool,
    /// The expert only: the contact this signal is made from.
    pub contact_id: Option<String>,
}

/// Signals per month and theme over the last twelve months.
#[derive(Debug, Serialize, ToSchema)]
pub struct SignalTrends {
    /// `YYYY-MM`, oldest first.
    pub months: Vec<String>,
    /// Theme codes, the columns of `counts`.
    pub themes: Vec<String>,
    /// `counts[i][j]`: signals in `months[i]` about `themes[j]`.
    pub counts: Vec<Vec<u32>>,
    pub theme_totals: Vec<u32>,
    pub month_totals: Vec<u32>,
}

// ---------------------------------------------------------------- helpers

fn error(status: StatusCode, code: &str, message: Option<String>, rid: &str) -> Response {
    (
        status,
        Json(PreventionError {
            error: code.to_owned(),
            message,
            request_id: Some(rid.to_owned()),
            retry_after_seconds: None,
        }),
    )
        .into_response()
}

/// A body that must be a JSON object of `T`; anything else is refused
/// without the parser's text (it may quote what was sent).
fn object_body<T: serde::de::DeserializeOwned>(
    body: Result<Json<serde_json::Value>, JsonRejection>,
    tr: Tr,
    rid: &str,
) -> Result<T, Box<Response>> {
    let v = match body {
        Ok(Json(v)) => v,
        Err(r) => {
            let (status, code, key) = match r.status() {
                StatusCode::PAYLOAD_TOO_LARGE => (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    "error-413-text",
                ),
                StatusCode::UNSUPPORTED_MEDIA_TYPE => (
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "error-400-text",
                ),
                _ => (StatusCode::BAD_REQUEST, "bad_request", "error-400-text"),
            };
            return Err(Box::new(error(status, code, Some(tr.t(key)), rid)));
        }
    };
    if v.is_object()
        && let Ok(t) = serde_json::from_value(v)
    {
        return Ok(t);
    }
    Err(Box::new(error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
        Some(tr.t("error-400-text")),
        rid,
    )))
}

fn contact_fields(tr: Tr, errors: &FieldErrors, rid: &str) -> Response {
    let fields = errors
        .iter()
        .map(|(f, e)| PreventionFieldError {
            field: api_field(f).to_owned(),
            message: tr.t_args(e.message_key(), &e.args()),
            code: e.code().to_owned(),
        })
        .collect();
    invalid(fields, Vec::new(), rid)
}

fn invalid(fields: Vec<PreventionFieldError>, hints: Vec<String>, rid: &str) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(PreventionValidationError {
            error: "invalid".into(),
            request_id: Some(rid.to_owned()),
            fields,
            hints,
        }),
    )
        .into_response()
}

/// The API's name for a field the domain reports.
fn api_field(field: &str) -> &str {
    match field {
        "kind" => "request_kind",
        "requester" => "requester_kind",
        "preferred" => "preferred_contact",
        other => other,
    }
}

/// `2026-11-27` becomes `27/11/2026`; anything else is left for the rules to judge.
fn belgian_date(input: &str) -> String {
    match Date::parse_iso(input) {
        Ok(d) => format!("{:02}/{:02}/{}", d.day(), d.month(), d.year()),
        Err(_) => input.to_owned(),
    }
}

fn filter_date(v: &Option<String>) -> Result<Option<Date>, ()> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(d) => Date::parse_dd_mm_yyyy(d)
            .or_else(|_| Date::parse_iso(d))
            .map(Some)
            .map_err(|_| ()),
    }
}

fn filter_code<T: Coded>(v: &Option<String>) -> Result<Option<T>, ()> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(c) => T::parse(c).map(Some).ok_or(()),
    }
}

fn iso(d: Option<Date>) -> Option<String> {
    d.map(Date::to_iso)
}

fn summary(v: &ContactView) -> ContactSummary {
    ContactSummary {
        id: v.id.clone(),
        date: iso(v.date).unwrap_or_default(),
        channel: v.channel.map(|c| c.code().to_owned()).unwrap_or_default(),
        requester_kind: v.requester.map(|r| r.code().to_owned()),
        request_kind: v.kind.map(|k| k.code().to_owned()),
        themes: v.themes.iter().map(|t| t.code().to_owned()).collect(),
        actions: v.actions.iter().map(|a| a.code().to_owned()).collect(),
        follow_up: iso(v.follow_up),
        status: v.status.code().to_owned(),
        consent_livc: v.consent,
        signal_id: v.signal_id.clone(),
        case_id: v.case.as_ref().map(|(id, _)| id.clone()),
        case_code: v.case.as_ref().map(|(_, code)| code.clone()),
    }
}

fn signal_item(v: &SignalView) -> SignalItem {
    SignalItem {
        id: v.id.clone(),
        source: v.source.map(|x| x.code().to_owned()),
        theme: v.theme.map(|x| x.code().to_owned()),
        life_domain: v.life_domain.map(|x| x.code().to_owned()),
        district: v.district.as_ref().map(|(slug, _)| slug.clone()),
        date: iso(v.date),
        severity: v.severity.map(|x| x.code().to_owned()),
        description: v.description.clone(),
        organisation: v.organisation.clone(),
        mine: v.mine,
        contact_id: v.contact_id.clone(),
        case_id: v.case.as_ref().map(|(id, _)| id.clone()),
        case_code: v.case.as_ref().map(|(_, code)| code.clone()),
        feedback: v
            .feedback
            .iter()
            .map(|f| SignalFeedback {
                sent_at: super::cases::rfc3339(f.at_ms),
                text: f.text.clone(),
            })
            .collect(),
        has_feedback: v.has_feedback,
    }
}

/// 409: the contact is linked already; nothing was created or changed.
/// `Location` names what it is linked to.
fn already_linked(code: &str, message: String, rid: &str, location: &str) -> Response {
    super::cases::with_location(
        error(StatusCode::CONFLICT, code, Some(message), rid),
        location,
    )
}

/// The 409 of a contact that has a signal already.
pub(crate) fn contact_has_signal(tr: Tr, rid: &str, signal_id: &str) -> Response {
    already_linked(
        "contact_already_has_signal",
        tr.t("contact-api-already-has-signal"),
        rid,
        &format!("/api/v1/signals/{signal_id}"),
    )
}

fn created(id: String, location: String) -> Response {
    super::cases::with_location(
        (StatusCode::CREATED, Json(CreatedId { id })).into_response(),
        &location,
    )
}

// ---------------------------------------------------------------- contact point

/// Ask a question or voice a concern at the public contact point (no account,
/// no CSRF token: the body must be `application/json`). Throttled per source.
#[utoipa::path(post, path = "/api/v1/contact-point", tag = "prevention", request_body = ContactPointRequest,
    responses(
        (status = 202, description = "Received (nothing is echoed)", body = ContactPointReceived),
        (status = 400, description = "Not JSON", body = PreventionError),
        (status = 404, description = "`unknown_livc`: no such LIVC-R, or several and none named", body = PreventionError),
        (status = 413, description = "Body too large", body = PreventionError),
        (status = 415, description = "Not `application/json`", body = PreventionError),
        (status = 422, description = "A field broke a rule (`invalid`), or the body is not the object asked for (`invalid_body`)", body = PreventionValidationError),
        (status = 429, description = "`throttled`: too many messages from this source", body = PreventionError),
    ))]
pub async fn submit_contact_point(
    State(state): State<AppState>,
    ClientSource(source): ClientSource,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    let req: ContactPointRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    let all = state.read(|c, _| tenant::list(c)).await?;
    let target = match req.livc.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) => all.into_iter().find(|t| t.slug == slug),
        None if all.len() == 1 => all.into_iter().next(),
        None => None,
    };
    let Some(t) = target else {
        return Ok(error(
            StatusCode::NOT_FOUND,
            "unknown_livc",
            Some(tr.t("api-error-unknown-livc")),
            &rid,
        ));
    };
    let form = PublicForm {
        kind: req.kind,
        message: req.message,
        requester: req.requester_kind.unwrap_or_default(),
        name: req.name.unwrap_or_default(),
        email: req.email.unwrap_or_default(),
        phone: req.phone.unwrap_or_default(),
        preferred: req.preferred_contact.unwrap_or_default(),
        consent: req.consent_livc,
        honeypot: req.website.unwrap_or_default(),
    };
    Ok(
        match contacts::submit_public(&state, t.tenant_id(), form, source.clone()).await? {
            PublicOutcome::Received => (
                StatusCode::ACCEPTED,
                Json(ContactPointReceived {
                    status: "received".into(),
                    next: tr.t("contact-point-next-text"),
                }),
            )
                .into_response(),
            PublicOutcome::Invalid(errors) => {
                let fields = errors
                    .iter()
                    .map(|(f, e)| PreventionFieldError {
                        field: match *f {
                            // The public request's own names.
                            "kind" => "kind",
                            other => api_field(other),
                        }
                        .to_owned(),
                        message: tr.t_args(e.message_key(), &e.args()),
                        code: e.code().to_owned(),
                    })
                    .collect();
                invalid(fields, Vec::new(), &rid)
            }
            PublicOutcome::Throttled { retry_after_s } => {
                let mut res = (
                    StatusCode::TOO_MANY_REQUESTS,
                    Json(PreventionError {
                        error: "throttled".into(),
                        message: Some(tr.t("error-429-text")),
                        request_id: Some(rid),
                        retry_after_seconds: Some(retry_after_s),
                    }),
                )
                    .into_response();
                crate::error::set_retry_after(&mut res, retry_after_s);
                res
            }
        },
    )
}

// ---------------------------------------------------------------- contacts

/// A flag of a query string: `true`/`1`, `false`/`0`, or left out.
fn filter_flag(v: &Option<String>) -> Result<bool, ()> {
    match v.as_deref().map(str::trim) {
        None | Some("") | Some("false") | Some("0") => Ok(false),
        Some("true") | Some("1") => Ok(true),
        Some(_) => Err(()),
    }
}

fn contact_query(p: &ContactFilterParams) -> Result<ContactQuery, ()> {
    Ok(ContactQuery {
        from: filter_date(&p.from)?,
        to: filter_date(&p.to)?,
        channel: filter_code::<Channel>(&p.channel)?,
        theme: filter_code::<Theme>(&p.theme)?,
        status: filter_code::<ContactStatus>(&p.status)?,
        requester: filter_code::<RequesterKind>(&p.requester_kind)?,
        kind: filter_code::<RequestKind>(&p.request_kind)?,
        action: filter_code::<ActionTaken>(&p.action)?,
        follow_up_due: filter_flag(&p.follow_up_due)?,
        open: filter_flag(&p.open)?,
        text: None,
    })
}

/// The contact register (the expert; audited): codes and dates, no text.
#[utoipa::path(get, path = "/api/v1/contacts", tag = "prevention", params(ContactFilterParams),
    responses(
        (status = 200, body = Vec<ContactSummary>),
        (status = 400, description = "`invalid_filter`", body = PreventionError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "Only the expert keeps the register", body = crate::api::ApiError),
    ))]
pub async fn list_contacts(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Query(p): Query<ContactFilterParams>,
) -> AppResult<Response> {
    contacts::require_register(&s)?;
    let Ok(q) = contact_query(&p) else {
        let tr = Tr::new(l);
        return Ok(error(
            StatusCode::BAD_REQUEST,
            "invalid_filter",
            Some(tr.t("error-400-text")),
            &rid,
        ));
    };
    let (views, _) = contacts::list(&state, &s, q).await?;
    Ok(Json(views.iter().map(summary).collect::<Vec<_>>()).into_response())
}

/// Search the register (the expert; audited): the filters and a text matched
/// in the decrypted message, contact details and notes. A `POST`, so the
/// text never sits in a URL.
#[utoipa::path(post, path = "/api/v1/contacts/search", tag = "prevention", request_body = ContactSearchRequest,
    responses(
        (status = 200, body = Vec<ContactSummary>),
        (status = 400, description = "`invalid_filter`", body = PreventionError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, body = crate::api::ApiError),
    ))]
pub async fn search_contacts(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    contacts::require_register(&s)?;
    let tr = Tr::new(l);
    let req: ContactSearchRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    let flag = |b: bool| b.then(|| "true".to_owned());
    let params = ContactFilterParams {
        from: req.from,
        to: req.to,
        channel: req.channel,
        theme: req.theme,
        status: req.status,
        requester_kind: req.requester_kind,
        request_kind: req.request_kind,
        action: req.action,
        follow_up_due: flag(req.follow_up_due),
        open: flag(req.open),
    };
    let Ok(mut q) = contact_query(&params) else {
        return Ok(error(
            StatusCode::BAD_REQUEST,
            "invalid_filter",
            Some(tr.t("error-400-text")),
            &rid,
        ));
    };
    q.text = req.text.map(|t| t.chars().take(200).collect());
    let (views, _) = contacts::list(&state, &s, q).await?;
    Ok(Json(views.iter().map(summary).collect::<Vec<_>>()).into_response())
}

/// Register a contact by phone, e-mail, at the desk or via a reference person (the expert).
#[utoipa::path(post, path = "/api/v1/contacts", tag = "prevention", request_body = ContactRequest,
    responses(
        (status = 201, description = "Created; `Location` names the contact", body = CreatedId),
        (status = 401, body = crate::api::ApiError),
        (status = 403, body = crate::api::ApiError),
        (status = 422, body = PreventionValidationError),
    ))]
pub async fn create_contact(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    contacts::require_register(&s)?;
    let tr = Tr::new(l);
    let req: ContactRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    let form = RegisterForm {
        date: belgian_date(&req.date),
        channel: req.channel,
        message: req.message,
        name: req.name.unwrap_or_default(),
        email: req.email.unwrap_or_default(),
        phone: req.phone.unwrap_or_default(),
        preferred: req.preferred_contact.unwrap_or_default(),
        consent: req.consent_livc,
        classification: ClassificationForm {
            requester: req.requester_kind.unwrap_or_default(),
            themes: req.themes,
            kind: req.request_kind,
            actions: req.actions,
            follow_up: req
                .follow_up
                .as_deref()
                .map(belgian_date)
                .unwrap_or_default(),
            notes: req.notes.unwrap_or_default(),
            status: req
                .status
                .unwrap_or_else(|| ContactStatus::InProgress.code().to_owned()),
            ..ClassificationForm::default()
        },
    };
    Ok(match contacts::register(&state, &s, form).await? {
        Ok(id) => created(id.clone(), format!("/api/v1/contacts/{id}")),
        Err(errors) => contact_fields(tr, &errors, &rid),
    })
}

/// One contact with its text (the expert; audited).
#[utoipa::path(get, path = "/api/v1/contacts/{id}", tag = "prevention",
    params(("id" = String, Path, description = "The contact id (a UUID)")),
    responses(
        (status = 200, body = ContactDetail),
        (status = 401, body = crate::api::ApiError),
        (status = 403, body = crate::api::ApiError),
        (status = 404, body = crate::api::ApiError),
    ))]
pub async fn get_contact(
    State(state): State<AppState>,
    s: CurrentSession,
    Path(id): Path<String>,
) -> AppResult<Json<ContactDetail>> {
    let v = contacts::open(&state, &s, id, "view").await?;
    Ok(Json(ContactDetail {
        summary: summary(&v),
        message: v.text.message.clone(),
        name: v.text.name.clone(),
        email: v.text.email.clone(),
        phone: v.text.phone.clone(),
        preferred_contact: v.preferred.map(|p| p.code().to_owned()),
        notes: v.text.notes.clone(),
        shredded: v.shredded,
    }))
}

/// Classify or update a contact (the expert; needs `X-CSRF-Token`;
/// audited): what the contact page sets, with the same rules.
#[utoipa::path(put, path = "/api/v1/contacts/{id}", tag = "prevention", request_body = ContactUpdateRequest,
    params(("id" = String, Path, description = "The contact id (a UUID)")),
    responses(
        (status = 204, description = "Saved"),
        (status = 400, description = "Not JSON", body = PreventionError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "Only the expert keeps the register, or `csrf`", body = crate::api::ApiError),
        (status = 404, body = crate::api::ApiError),
        (status = 415, description = "Not `application/json`", body = PreventionError),
        (status = 422, description = "A field broke a rule (`invalid`), or the body is not the object asked for (`invalid_body`)", body = PreventionValidationError),
    ))]
pub async fn update_contact(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    contacts::require_register(&s)?;
    let tr = Tr::new(l);
    let req: ContactUpdateRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    let form = ClassificationForm {
        requester: req.requester_kind.unwrap_or_default(),
        themes: req.themes,
        kind: req.request_kind,
        actions: req.actions,
        follow_up: req
            .follow_up
            .as_deref()
            .map(belgian_date)
            .unwrap_or_default(),
        keep_notes: req.notes.is_none(),
        notes: req.notes.unwrap_or_default(),
        keep_status: req.status.is_none(),
        status: req.status.unwrap_or_default(),
    };
    Ok(match contacts::classify(&state, &s, id, form).await? {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(errors) => contact_fields(tr, &errors, &rid),
    })
}

/// Link a contact to an existing signal (the expert; needs `X-CSRF-Token`;
/// audited). A contact keeps the signal it has.
#[utoipa::path(put, path = "/api/v1/contacts/{id}/signal", tag = "prevention", request_body = ContactSignalRequest,
    params(("id" = String, Path, description = "The contact id (a UUID)")),
    responses(
        (status = 204, description = "Linked"),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "Only the expert keeps the register, or `csrf`", body = crate::api::ApiError),
        (status = 404, description = "No such contact", body = crate::api::ApiError),
        (status = 409, description = "`contact_already_has_signal`: the contact has a signal already (`Location` names it); nothing changed", body = PreventionError),
        (status = 422, description = "`invalid`: `signal_id` missing (`required`) or naming no signal of this LIVC-R (`unknown_signal`)", body = PreventionValidationError),
    ))]
pub async fn link_contact_signal(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    contacts::require_register(&s)?;
    let tr = Tr::new(l);
    let req: ContactSignalRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(
        match contacts::link_existing_signal(&state, &s, id, req.signal_id).await? {
            Ok(LinkOutcome::Linked) => StatusCode::NO_CONTENT.into_response(),
            Ok(LinkOutcome::AlreadyLinked(existing)) => contact_has_signal(tr, &rid, &existing),
            Err(e) => invalid(
                vec![PreventionFieldError {
                    field: "signal_id".into(),
                    message: tr.t(e.message_key()),
                    code: e.code().to_owned(),
                }],
                Vec::new(),
                &rid,
            ),
        },
    )
}

// ---------------------------------------------------------------- signals

/// The signals this user may read: the expert all, anyone else their own (audited).
#[utoipa::path(get, path = "/api/v1/signals", tag = "prevention", params(SignalFilterParams),
    responses(
        (status = 200, body = Vec<SignalItem>),
        (status = 400, description = "`invalid_filter`", body = PreventionError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "This role passes no signals", body = crate::api::ApiError),
    ))]
pub async fn list_signals(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Query(p): Query<SignalFilterParams>,
) -> AppResult<Response> {
    let q = (|| -> Result<SignalQuery, ()> {
        Ok(SignalQuery {
            theme: filter_code::<Theme>(&p.theme)?,
            life_domain: filter_code::<LifeDomain>(&p.life_domain)?,
            district: p.district.clone().filter(|d| !d.trim().is_empty()),
            severity: filter_code::<Severity>(&p.severity)?,
            from: filter_date(&p.from)?,
            to: filter_date(&p.to)?,
        })
    })();
    let Ok(q) = q else {
        if !signals::may_submit(&s) && !signals::may_see_all(&s) {
            return Err(crate::error::AppError::forbidden());
        }
        let tr = Tr::new(l);
        return Ok(error(
            StatusCode::BAD_REQUEST,
            "invalid_filter",
            Some(tr.t("error-400-text")),
            &rid,
        ));
    };
    let views = signals::list(&state, &s, q).await?;
    Ok(Json(views.iter().map(signal_item).collect::<Vec<_>>()).into_response())
}

/// Pass a signal (reference persons, partners, the expert).
#[utoipa::path(post, path = "/api/v1/signals", tag = "prevention", request_body = SignalRequest,
    responses(
        (status = 201, description = "Created; `Location` names the signal", body = CreatedId),
        (status = 401, body = crate::api::ApiError),
        (status = 403, body = crate::api::ApiError),
        (status = 404, description = "`contact_id` names no contact of this LIVC-R", body = crate::api::ApiError),
        (status = 409, description = "`contact_already_has_signal`: the contact of `contact_id` has a signal already (`Location` names it); nothing was stored", body = PreventionError),
        (status = 422, description = "`invalid`; `looks_personal` on `description` comes with `hints`", body = PreventionValidationError),
    ))]
pub async fn create_signal(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    if !signals::may_submit(&s) {
        return Err(crate::error::AppError::forbidden());
    }
    let tr = Tr::new(l);
    let req: SignalRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    let hints: Vec<String> = description_hints(&req.description)
        .iter()
        .map(|h| h.code().to_owned())
        .collect();
    let form = SignalForm {
        theme: req.theme,
        life_domain: req.life_domain,
        district: req.district.unwrap_or_default(),
        date: belgian_date(&req.date),
        severity: req.severity,
        description: req.description,
        source: req.source.unwrap_or_default(),
        confirm_no_person: req.confirm_no_person,
        contact: req.contact_id.filter(|c| !c.is_empty()),
    };
    Ok(match signals::submit(&state, &s, form).await? {
        SubmitOutcome::Created(id) => created(id.clone(), format!("/api/v1/signals/{id}")),
        SubmitOutcome::ContactHasSignal(existing) => contact_has_signal(tr, &rid, &existing),
        SubmitOutcome::Invalid(errors) => signal_fields(tr, &errors, hints, &rid),
    })
}

fn signal_fields(tr: Tr, errors: &SignalErrors, hints: Vec<String>, rid: &str) -> Response {
    let fields = errors
        .iter()
        .map(|(f, e)| PreventionFieldError {
            field: (*f).to_owned(),
            message: tr.t_args(e.message_key(), &e.args()),
            code: e.code().to_owned(),
        })
        .collect();
    invalid(fields, hints, rid)
}

/// One signal: the expert any, anyone else only their own (audited; a
/// refusal is audited too).
#[utoipa::path(get, path = "/api/v1/signals/{id}", tag = "prevention",
    params(("id" = String, Path, description = "The signal id (a UUID)")),
    responses(
        (status = 200, body = SignalItem),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "Another's signal", body = crate::api::ApiError),
        (status = 404, body = crate::api::ApiError),
    ))]
pub async fn get_signal(
    State(state): State<AppState>,
    s: CurrentSession,
    Path(id): Path<String>,
) -> AppResult<Json<SignalItem>> {
    let v = signals::open(&state, &s, id).await?;
    Ok(Json(signal_item(&v)))
}

/// Signals per month and theme over the last twelve months (the expert; audited). Counts only.
#[utoipa::path(get, path = "/api/v1/signals/trends", tag = "prevention",
    responses(
        (status = 200, body = SignalTrends),
        (status = 401, body = crate::api::ApiError),
        (status = 403, body = crate::api::ApiError),
    ))]
pub async fn signal_trends(
    State(state): State<AppState>,
    s: CurrentSession,
) -> AppResult<Json<SignalTrends>> {
    let t = signals::trend(&state, &s, crate::signals::pages::TREND_MONTHS).await?;
    Ok(Json(SignalTrends {
        months: t.months.iter().map(|m| m.iso()).collect(),
        themes: Theme::ALL.iter().map(|t| t.code().to_owned()).collect(),
        counts: t.counts,
        theme_totals: t.theme_totals,
        month_totals: t.month_totals,
    }))
}
