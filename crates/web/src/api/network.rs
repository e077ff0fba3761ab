//! The expert's prevention registers in the JSON API (issue 4, items 4 to 6):
//! social tensions with their Brandsma analysis, severity over time, actions
//! and linked signals; the network of reference persons with what training
//! is due; and trainings with their attendance.
//!
//! Every handler asks the policy (`decide_prevention`) before it reads the
//! body, then calls the same service as the pages (`crate::network`), which
//! asks again and audits. Dates are sent as `dd/mm/yyyy` or `yyyy-mm-dd`
//! and returned as `yyyy-mm-dd`. A refused body names each field with a
//! translated message and a stable code; never what was sent.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::network::FieldErrors;

use super::cases::{RuleError, belgian_date, object_body, rfc3339, with_location};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::middleware::request_id::RequestId;
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::network::persons::{self, PersonFilter, PersonForm, PersonView};
use crate::network::tensions::{
    self, ActionForm, SeverityForm, SignalRef, TensionDetail, TensionFilter, TensionForm,
};
use crate::network::trainings::{self, TrainingFilter, TrainingForm, TrainingView};
use crate::network::{messages, require};
use crate::state::AppState;

// ---------------------------------------------------------------- shared

/// One refused field.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkFieldError {
    /// The request property (e.g. `title`, `groups`, `noted_on`, `pushers`,
    /// `date`, `severity`, `name`, `email`, `score`, `attendance`, `signals`).
    pub field: String,
    /// A stable code: `required`, `unknown_choice`, `too_long`,
    /// `date_invalid`, `date_in_future`, `looks_personal` (looks like a name
    /// or an individual's `@handle`: resend with `confirm_no_person: true`
    /// once the text names no one), `personal_detail` (an e-mail address or
    /// a phone, national register or account number: refused whatever is
    /// confirmed; remove it), ...
    pub code: String,
    /// The translated message to show next to the field.
    pub message: String,
}

/// A request that did not pass the rules.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkValidation {
    /// Always `validation`.
    pub error: String,
    pub fields: Vec<NetworkFieldError>,
    pub request_id: Option<String>,
}

/// What was created.
#[derive(Debug, Serialize, ToSchema)]
pub struct NetworkCreated {
    pub id: String,
}

fn refused(tr: Tr, errors: &FieldErrors, rid: String) -> Response {
    let texts = messages(tr, errors);
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(NetworkValidation {
            error: "validation".into(),
            fields: errors
                .iter()
                .zip(texts)
                .map(|((f, e), (_, m))| NetworkFieldError {
                    field: (*f).to_owned(),
                    code: e.code().to_owned(),
                    message: m,
                })
                .collect(),
            request_id: Some(rid),
        }),
    )
        .into_response()
}

fn created(id: String, location: String) -> Response {
    with_location(
        (StatusCode::CREATED, Json(NetworkCreated { id })).into_response(),
        &location,
    )
}

fn date_in(v: Option<String>) -> String {
    belgian_date(&v.unwrap_or_default())
}

// ---------------------------------------------------------------- tensions

/// A tension in the register.
#[derive(Debug, Serialize, ToSchema)]
pub struct TensionItem {
    pub id: String,
    pub title: String,
    /// A district slug of the profile; null for the whole city or online.
    pub district: Option<String>,
    /// `yyyy-mm-dd`.
    pub noted_on: String,
    /// `open`, `monitoring` or `closed`.
    pub status: String,
    /// The latest severity entry's: `low`, `medium` or `high`.
    pub current_severity: Option<String>,
    pub signal_count: i64,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// The register.
#[derive(Debug, Serialize, ToSchema)]
pub struct TensionList {
    pub tensions: Vec<TensionItem>,
}

/// Filters of the register (codes only; search in titles is for the page).
#[derive(Debug, Deserialize, IntoParams)]
pub struct TensionQuery {
    /// `open`, `monitoring` or `closed`.
    pub status: Option<String>,
    /// A district slug.
    pub district: Option<String>,
}

/// A tension to create or change. Groups, never individuals: no text may
/// hold an e-mail address or an identifying number (`personal_detail`);
/// a description or groups that look like they name someone are refused
/// (`looks_personal`) unless `confirm_no_person` is true.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TensionRequest {
    /// No e-mail address or identifying number.
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// The groups involved: no names, `@handles`, e-mail addresses or phone numbers.
    #[serde(default)]
    pub groups: Option<String>,
    /// A district slug of the profile, or null.
    #[serde(default)]
    pub district: Option<String>,
    /// `dd/mm/yyyy` or `yyyy-mm-dd`, not in the future.
    #[serde(default)]
    pub noted_on: Option<String>,
    /// `open` (the default), `monitoring` or `closed`.
    #[serde(default)]
    pub status: Option<String>,
    /// Confirms that the description and the groups name no one despite
    /// hints (`looks_personal`), like `confirm_no_person` of a signal. An
    /// e-mail address or an identifying number is refused all the same.
    #[serde(default)]
    pub confirm_no_person: bool,
}

impl TensionRequest {
    fn form(self) -> TensionForm {
        TensionForm {
            title: self.title.unwrap_or_default(),
            description: self.description.unwrap_or_default(),
            groups: self.groups.unwrap_or_default(),
            district: self.district.unwrap_or_default(),
            noted_on: date_in(self.noted_on),
            status: self.status.unwrap_or_default(),
            confirm_no_person: self.confirm_no_person,
        }
    }
}

/// A Brandsma analysis: every field optional free text; a field left out
/// or empty is cleared. The roles describe groups or channels, never
/// individuals; the four game changers say how the city uses them. No field
/// may hold an e-mail address or an identifying number (`personal_detail`);
/// a field that looks like it names someone (a name, an `@handle`) is
/// refused (`looks_personal`) unless `confirm_no_person` is true.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct Analysis {
    /// The first pole and its narrative.
    pub pole_a: Option<String>,
    /// The second pole and its narrative.
    pub pole_b: Option<String>,
    /// Pushers (aanjagers), as groups or channels.
    pub pushers: Option<String>,
    /// Joiners (meelopers), as groups or channels.
    pub joiners: Option<String>,
    /// The silent middle (stille midden).
    pub silent_middle: Option<String>,
    /// Bridge builders (bruggenbouwers).
    pub bridge_builders: Option<String>,
    /// The risk of a scapegoat (zondebok).
    pub scapegoat_risk: Option<String>,
    /// Game changer: change the target audience (the middle, not the poles).
    pub target_audience: Option<String>,
    /// Game changer: change the topic (from identity to shared concerns).
    pub topic: Option<String>,
    /// Game changer: change the position (in the middle, not above it).
    pub position: Option<String>,
    /// Game changer: change the tone (mediating).
    pub tone: Option<String>,
    /// Request only (never in a response): confirms that the analysis names
    /// no one despite hints, like `confirm_no_person` of a signal. An e-mail
    /// address or an identifying number is refused all the same.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confirm_no_person: Option<bool>,
}

impl Analysis {
    fn pairs(self) -> Vec<(String, String)> {
        [
            ("pole_a", self.pole_a),
            ("pole_b", self.pole_b),
            ("pushers", self.pushers),
            ("joiners", self.joiners),
            ("silent_middle", self.silent_middle),
            ("bridge_builders", self.bridge_builders),
            ("scapegoat_risk", self.scapegoat_risk),
            ("target_audience", self.target_audience),
            ("topic", self.topic),
            ("position", self.position),
            ("tone", self.tone),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.unwrap_or_default()))
        .collect()
    }

    fn of(d: &TensionDetail) -> Analysis {
        let get = |f: &str| {
            d.analysis
                .iter()
                .find(|(k, _)| k.code() == f)
                .map(|(_, v)| v.clone())
        };
        Analysis {
            pole_a: get("pole_a"),
            pole_b: get("pole_b"),
            pushers: get("pushers"),
            joiners: get("joiners"),
            silent_middle: get("silent_middle"),
            bridge_builders: get("bridge_builders"),
            scapegoat_risk: get("scapegoat_risk"),
            target_audience: get("target_audience"),
            topic: get("topic"),
            position: get("position"),
            tone: get("tone"),
            confirm_no_person: None,
        }
    }
}

/// A dated severity.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeverityItem {
    /// `yyyy-mm-dd`.
    pub date: String,
    /// `low`, `medium` or `high`.
    pub severity: String,
    pub note: Option<String>,
    /// RFC 3339, UTC.
    pub recorded_at: String,
}

/// A dated severity to record.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SeverityRequest {
    /// `dd/mm/yyyy` or `yyyy-mm-dd`, not in the future.
    #[serde(default)]
    pub date: Option<String>,
    /// `low`, `medium` or `high`.
    #[serde(default)]
    pub severity: Option<String>,
    /// No e-mail address or identifying number.
    #[serde(default)]
    pub note: Option<String>,
}

/// An action taken.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionItem {
    pub id: String,
    /// `yyyy-mm-dd`.
    pub date: String,
    /// `counter_message`, `dialogue`, `page_admin_advice`,
    /// `organisation_support` or `other`.
    pub kind: String,
    pub description: String,
    pub result: Option<String>,
    /// RFC 3339, UTC.
    pub recorded_at: String,
}

/// An action to record.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ActionRequest {
    /// `dd/mm/yyyy` or `yyyy-mm-dd`, not in the future.
    #[serde(default)]
    pub date: Option<String>,
    /// `counter_message`, `dialogue`, `page_admin_advice`, `organisation_support` or `other`.
    #[serde(default)]
    pub kind: Option<String>,
    /// No e-mail address or identifying number (organisations may be named).
    #[serde(default)]
    pub description: Option<String>,
    /// No e-mail address or identifying number.
    #[serde(default)]
    pub result: Option<String>,
}

/// A signal by its codes (its description stays with the signal): linked
/// to a tension, or passed by a reference person.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkedSignal {
    pub id: String,
    pub theme: String,
    pub life_domain: String,
    pub district: Option<String>,
    /// `yyyy-mm-dd`.
    pub observed_on: String,
    pub severity: String,
}

impl From<&SignalRef> for LinkedSignal {
    fn from(r: &SignalRef) -> Self {
        LinkedSignal {
            id: r.id.clone(),
            theme: r.theme.clone(),
            life_domain: r.life_domain.clone(),
            district: r.district.clone(),
            observed_on: r.observed_on.clone(),
            severity: r.severity.clone(),
        }
    }
}

/// The signals to link to a tension (replacing the links).
#[derive(Debug, Deserialize, ToSchema)]
pub struct SignalLinksRequest {
    #[serde(default)]
    pub signal_ids: Vec<String>,
}

/// A tension with everything in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TensionView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub groups: String,
    pub district: Option<String>,
    /// `yyyy-mm-dd`.
    pub noted_on: String,
    pub status: String,
    pub current_severity: Option<String>,
    pub analysis: Analysis,
    /// The game changers chosen: `target_audience`, `topic`, `position`, `tone`.
    pub game_changers: Vec<String>,
    /// RFC 3339, UTC; null before the first analysis.
    pub analysed_at: Option<String>,
    /// Oldest first.
    pub severities: Vec<SeverityItem>,
    pub actions: Vec<ActionItem>,
    pub signals: Vec<LinkedSignal>,
    pub created_at: String,
    pub updated_at: String,
}

fn tension_view(d: TensionDetail) -> TensionView {
    TensionView {
        analysis: Analysis::of(&d),
        game_changers: d
            .analysis
            .iter()
            .filter(|(f, _)| f.is_game_changer())
            .map(|(f, _)| f.code().to_owned())
            .collect(),
        current_severity: d.current_severity.map(|s| s.code().to_owned()),
        analysed_at: d.analysed_at.map(rfc3339),
        severities: d
            .severities
            .iter()
            .map(|e| SeverityItem {
                date: e.date.clone(),
                severity: e.severity.clone(),
                note: e.note.clone(),
                recorded_at: rfc3339(e.recorded_at),
            })
            .collect(),
        actions: d
            .actions
            .iter()
            .map(|a| ActionItem {
                id: a.id.clone(),
                date: a.date.clone(),
                kind: a.kind.clone(),
                description: a.description.clone(),
                result: a.result.clone(),
                recorded_at: rfc3339(a.recorded_at),
            })
            .collect(),
        signals: d.signals.iter().map(LinkedSignal::from).collect(),
        created_at: rfc3339(d.created_at),
        updated_at: rfc3339(d.updated_at),
        id: d.id,
        title: d.title,
        description: d.description,
        groups: d.groups,
        district: d.district,
        noted_on: d.noted_on,
        status: d.status,
    }
}

const TENSIONS: PreventionAction = PreventionAction::ManageTensions;

/// The register of social tensions (the expert). Audited.
#[utoipa::path(get, path = "/api/v1/tensions", tag = "prevention",
    params(TensionQuery),
    responses(
        (status = 200, body = TensionList),
        (status = 401, body = crate::api::ApiError),
        (status = 403, body = crate::api::ApiError),
    ))]
pub async fn list_tensions(
    State(state): State<AppState>,
    s: CurrentSession,
    Query(q): Query<TensionQuery>,
) -> AppResult<Response> {
    require(&s, TENSIONS)?;
    let filter = TensionFilter {
        status: q.status.filter(|v| !v.is_empty()),
        district: q.district.filter(|v| !v.is_empty()),
        query: None,
    };
    let rows = tensions::list(&state, &s, filter).await?;
    Ok(Json(TensionList {
        tensions: rows
            .into_iter()
            .map(|r| TensionItem {
                current_severity: r.current_severity.map(|s| s.code().to_owned()),
                updated_at: rfc3339(r.updated_at),
                id: r.id,
                title: r.title,
                district: r.district,
                noted_on: r.noted_on,
                status: r.status,
                signal_count: r.signal_count,
            })
            .collect(),
    })
    .into_response())
}

/// Record a tension (the expert; needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/tensions", tag = "prevention",
    request_body = TensionRequest,
    responses(
        (status = 201, description = "Recorded; `Location` names it", body = NetworkCreated),
        (status = 403, body = RuleError),
        (status = 422, description = "Every refused field, or `invalid_body`", body = NetworkValidation),
    ))]
pub async fn create_tension(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, TENSIONS)?;
    let tr = Tr::new(l);
    let req: TensionRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(match tensions::create(&state, &s, req.form()).await? {
        Ok(id) => created(id.clone(), format!("/api/v1/tensions/{id}")),
        Err(e) => refused(tr, &e, rid),
    })
}

/// A tension with its analysis, severities, actions and linked signals. Audited.
#[utoipa::path(get, path = "/api/v1/tensions/{id}", tag = "prevention",
    params(("id" = String, Path, description = "The tension id")),
    responses(
        (status = 200, body = TensionView),
        (status = 403, body = crate::api::ApiError),
        (status = 404, body = crate::api::ApiError),
    ))]
pub async fn get_tension(
    State(state): State<AppState>,
    s: CurrentSession,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, TENSIONS)?;
    Ok(Json(tension_view(tensions::open(&state, &s, id).await?)).into_response())
}

/// Change a tension's title, description, groups, district, date or status
/// (needs `X-CSRF-Token`). Audited.
#[utoipa::path(put, path = "/api/v1/tensions/{id}", tag = "prevention",
    request_body = TensionRequest,
    params(("id" = String, Path, description = "The tension id")),
    responses(
        (status = 204, description = "Changed"),
        (status = 403, body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, body = NetworkValidation),
    ))]
pub async fn update_tension(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, TENSIONS)?;
    let tr = Tr::new(l);
    let req: TensionRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(match tensions::update(&state, &s, id, req.form()).await? {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refused(tr, &e, rid),
    })
}

/// Replace the Brandsma analysis of a tension (needs `X-CSRF-Token`). Audited.
#[utoipa::path(put, path = "/api/v1/tensions/{id}/analysis", tag = "prevention",
    request_body = Analysis,
    params(("id" = String, Path, description = "The tension id")),
    responses(
        (status = 204, description = "Saved"),
        (status = 403, body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, body = NetworkValidation),
    ))]
pub async fn put_analysis(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, TENSIONS)?;
    let tr = Tr::new(l);
    let req: Analysis = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    let confirmed = req.confirm_no_person.unwrap_or(false);
    Ok(
        match tensions::analyse(&state, &s, id, req.pairs(), confirmed).await? {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(e) => refused(tr, &e, rid),
        },
    )
}

/// Record the severity of a tension on a date (needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/tensions/{id}/severities", tag = "prevention",
    request_body = SeverityRequest,
    params(("id" = String, Path, description = "The tension id")),
    responses(
        (status = 201, description = "Recorded"),
        (status = 403, body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, body = NetworkValidation),
    ))]
pub async fn add_severity(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, TENSIONS)?;
    let tr = Tr::new(l);
    let req: SeverityRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    let form = SeverityForm {
        date: date_in(req.date),
        severity: req.severity.unwrap_or_default(),
        note: req.note.unwrap_or_default(),
    };
    Ok(match tensions::add_severity(&state, &s, id, form).await? {
        Ok(()) => StatusCode::CREATED.into_response(),
        Err(e) => refused(tr, &e, rid),
    })
}

/// Record an action taken about a tension (needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/tensions/{id}/actions", tag = "prevention",
    request_body = ActionRequest,
    params(("id" = String, Path, description = "The tension id")),
    responses(
        (status = 201, body = NetworkCreated),
        (status = 403, body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, body = NetworkValidation),
    ))]
pub async fn add_action(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, TENSIONS)?;
    let tr = Tr::new(l);
    let req: ActionRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    let form = ActionForm {
        date: date_in(req.date),
        kind: req.kind.unwrap_or_default(),
        description: req.description.unwrap_or_default(),
        result: req.result.unwrap_or_default(),
    };
    Ok(match tensions::add_action(&state, &s, id, form).await? {
        Ok(action) => (StatusCode::CREATED, Json(NetworkCreated { id: action })).into_response(),
        Err(e) => refused(tr, &e, rid),
    })
}

/// Replace the signals linked to a tension (needs `X-CSRF-Token`). Each id
/// must be a signal of this tenant. Audited.
#[utoipa::path(put, path = "/api/v1/tensions/{id}/signals", tag = "prevention",
    request_body = SignalLinksRequest,
    params(("id" = String, Path, description = "The tension id")),
    responses(
        (status = 204, description = "Linked"),
        (status = 403, body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, description = "`unknown_signal`, or `invalid_body`", body = NetworkValidation),
    ))]
pub async fn link_signals(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, TENSIONS)?;
    let tr = Tr::new(l);
    let req: SignalLinksRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(
        match tensions::link_signals(&state, &s, id, req.signal_ids).await? {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(e) => refused(tr, &e, rid),
        },
    )
}

// ---------------------------------------------------------------- reference persons

const NETWORK: PreventionAction = PreventionAction::ManageReferenceNetwork;

/// A training a reference person took part in.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowedTrainingItem {
    pub training_id: String,
    /// The kind of training (`reference_2016`, `reference_two_day`, ...).
    pub kind: String,
    /// `yyyy-mm-dd`.
    pub date: String,
    /// `registered`, `present`, `absent` or `excused`.
    pub attendance: String,
}

/// What training is due for a reference person.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueItem {
    /// `inactive`, `basic_due`, `refresher_due` or `up_to_date`.
    pub status: String,
    /// The last reference-person training attended, `yyyy-mm-dd`.
    pub last_training: Option<String>,
    /// When the refresher is (or was) due, `yyyy-mm-dd`.
    pub refresher_due_on: Option<String>,
}

/// A reference person.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonItem {
    pub id: String,
    pub name: String,
    pub organisation: String,
    /// `education`, `youth`, `sport`, `work`, `care`, `online` or `neighbourhood`.
    pub life_domain: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The linked account (reference-person role).
    pub account_id: Option<String>,
    pub active: bool,
    /// `yyyy-mm-dd`.
    pub member_since: Option<String>,
    pub due: DueItem,
    /// Signals passed with the linked account; null without an account.
    pub signals_passed: Option<i64>,
    /// Only in `GET /api/v1/reference-persons/{id}` (left out of the list):
    /// the signals passed with the linked account, newest first, by their
    /// codes (id, date observed, theme, life domain, district, severity;
    /// never the description: open `GET /api/v1/signals/{id}` for it).
    /// Empty without an account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signals: Option<Vec<LinkedSignal>>,
    /// Oldest first.
    pub trainings: Vec<FollowedTrainingItem>,
    pub updated_at: String,
}

/// The network.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonList {
    pub reference_persons: Vec<PersonItem>,
}

/// Filters of the network (codes only; search in names is for the page).
#[derive(Debug, Deserialize, IntoParams)]
pub struct PersonQuery {
    /// A life domain code.
    pub life_domain: Option<String>,
    /// `true` or `false`.
    pub active: Option<bool>,
    /// Only those with a training due.
    pub due: Option<bool>,
}

/// A reference person to add or change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PersonRequest {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub organisation: Option<String>,
    /// `education`, `youth`, `sport`, `work`, `care`, `online` or `neighbourhood`.
    #[serde(default)]
    pub life_domain: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    /// An account of this tenant with the reference-person role, or null.
    #[serde(default)]
    pub account_id: Option<String>,
    /// Defaults to true.
    #[serde(default)]
    pub active: Option<bool>,
    /// `dd/mm/yyyy` or `yyyy-mm-dd`, or null.
    #[serde(default)]
    pub member_since: Option<String>,
}

impl PersonRequest {
    fn form(self) -> PersonForm {
        PersonForm {
            name: self.name.unwrap_or_default(),
            organisation: self.organisation.unwrap_or_default(),
            life_domain: self.life_domain.unwrap_or_default(),
            email: self.email.unwrap_or_default(),
            phone: self.phone.unwrap_or_default(),
            account: self.account_id.unwrap_or_default(),
            active: self.active.unwrap_or(true),
            since: date_in(self.member_since),
        }
    }
}

fn person_item(v: PersonView, with_signals: bool) -> PersonItem {
    use verbind_domain::prevention::network::TrainingDue;
    let (last, next) = match v.due {
        TrainingDue::RefresherDue { last, due_since } => (Some(last), Some(due_since)),
        TrainingDue::UpToDate { last, next_due } => (Some(last), Some(next_due)),
        TrainingDue::Inactive | TrainingDue::BasicDue => (None, None),
    };
    PersonItem {
        due: DueItem {
            status: v.due.code().to_owned(),
            last_training: last.map(|d| d.to_iso()),
            refresher_due_on: next.map(|d| d.to_iso()),
        },
        trainings: v
            .trainings
            .iter()
            .map(|t| FollowedTrainingItem {
                training_id: t.training_id.clone(),
                kind: t.kind.clone(),
                date: t.date.clone(),
                attendance: t.attendance.clone(),
            })
            .collect(),
        updated_at: rfc3339(v.updated_at),
        id: v.id,
        name: v.name,
        organisation: v.organisation,
        life_domain: v.life_domain,
        email: v.email,
        phone: v.phone,
        account_id: v.account,
        active: v.active,
        member_since: v.since,
        signals_passed: v.signals_passed,
        signals: with_signals.then(|| v.passed_signals.iter().map(LinkedSignal::from).collect()),
    }
}

/// The network of reference persons with what is due (the expert). Audited.
#[utoipa::path(get, path = "/api/v1/reference-persons", tag = "prevention",
    params(PersonQuery),
    responses(
        (status = 200, body = PersonList),
        (status = 401, body = crate::api::ApiError),
        (status = 403, body = crate::api::ApiError),
    ))]
pub async fn list_persons(
    State(state): State<AppState>,
    s: CurrentSession,
    Query(q): Query<PersonQuery>,
) -> AppResult<Response> {
    require(&s, NETWORK)?;
    let filter = PersonFilter {
        life_domain: q.life_domain.filter(|v| !v.is_empty()),
        active: q.active,
        due_only: q.due.unwrap_or(false),
        query: None,
    };
    let rows = persons::list(&state, &s, filter).await?;
    Ok(Json(PersonList {
        reference_persons: rows.into_iter().map(|v| person_item(v, false)).collect(),
    })
    .into_response())
}

/// Add a reference person (needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/reference-persons", tag = "prevention",
    request_body = PersonRequest,
    responses(
        (status = 201, description = "Added; `Location` names the person", body = NetworkCreated),
        (status = 403, body = RuleError),
        (status = 422, body = NetworkValidation),
    ))]
pub async fn create_person(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, NETWORK)?;
    let tr = Tr::new(l);
    let req: PersonRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(match persons::create(&state, &s, req.form()).await? {
        Ok(id) => created(id.clone(), format!("/api/v1/reference-persons/{id}")),
        Err(e) => refused(tr, &e, rid),
    })
}

/// A reference person with the trainings followed, what is due and the
/// signals passed (by their codes). Audited.
#[utoipa::path(get, path = "/api/v1/reference-persons/{id}", tag = "prevention",
    params(("id" = String, Path, description = "The reference person id")),
    responses(
        (status = 200, body = PersonItem),
        (status = 403, body = crate::api::ApiError),
        (status = 404, body = crate::api::ApiError),
    ))]
pub async fn get_person(
    State(state): State<AppState>,
    s: CurrentSession,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, NETWORK)?;
    Ok(Json(person_item(persons::open(&state, &s, id).await?, true)).into_response())
}

/// Change a reference person (needs `X-CSRF-Token`). Audited.
#[utoipa::path(put, path = "/api/v1/reference-persons/{id}", tag = "prevention",
    request_body = PersonRequest,
    params(("id" = String, Path, description = "The reference person id")),
    responses(
        (status = 204, description = "Changed"),
        (status = 403, body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, body = NetworkValidation),
    ))]
pub async fn update_person(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, NETWORK)?;
    let tr = Tr::new(l);
    let req: PersonRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(match persons::update(&state, &s, id, req.form()).await? {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refused(tr, &e, rid),
    })
}

// ---------------------------------------------------------------- trainings

const TRAININGS: PreventionAction = PreventionAction::ManageTrainings;

/// A participant of a training.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ParticipantItem {
    pub reference_person_id: String,
    /// Shown in responses only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `registered`, `present`, `absent` or `excused`; in a request, empty
    /// leaves the person off.
    pub status: String,
}

/// A training session.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrainingItem {
    pub id: String,
    /// `reference_2016`, `reference_two_day`, `reference_continuing`,
    /// `staff_awareness`, `hate_speech_course`, `expert_training` or `other`.
    pub kind: String,
    pub title: String,
    pub provider: String,
    /// `yyyy-mm-dd`.
    pub date: String,
    pub place: Option<String>,
    /// City staff who took part (no names).
    pub staff_count: Option<i32>,
    /// 1 to 5.
    pub score: Option<i32>,
    pub evaluation: Option<String>,
    pub participant_count: usize,
    pub present_count: usize,
    /// The participants by name (in `GET /api/v1/trainings/{id}` only).
    pub participants: Vec<ParticipantItem>,
    pub updated_at: String,
}

/// The sessions.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrainingList {
    pub trainings: Vec<TrainingItem>,
}

/// Filters of the sessions.
#[derive(Debug, Deserialize, IntoParams)]
pub struct TrainingQuery {
    /// A kind code.
    pub kind: Option<String>,
    pub year: Option<u16>,
}

/// A session to record or change.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TrainingRequest {
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub provider: Option<String>,
    /// `dd/mm/yyyy` or `yyyy-mm-dd`; a planned session may lie in the future.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub staff_count: Option<u32>,
    /// 1 to 5, once the session took place.
    #[serde(default)]
    pub score: Option<u8>,
    /// Once the session took place.
    #[serde(default)]
    pub evaluation: Option<String>,
}

impl TrainingRequest {
    fn form(self) -> TrainingForm {
        TrainingForm {
            kind: self.kind.unwrap_or_default(),
            title: self.title.unwrap_or_default(),
            provider: self.provider.unwrap_or_default(),
            date: date_in(self.date),
            place: self.place.unwrap_or_default(),
            staff_count: self.staff_count.map(|n| n.to_string()).unwrap_or_default(),
            score: self.score.map(|n| n.to_string()).unwrap_or_default(),
            evaluation: self.evaluation.unwrap_or_default(),
        }
    }
}

/// The attendance list of a session (replacing it).
#[derive(Debug, Deserialize, ToSchema)]
pub struct AttendanceRequest {
    #[serde(default)]
    pub participants: Vec<ParticipantItem>,
}

fn training_item(v: TrainingView) -> TrainingItem {
    TrainingItem {
        participants: v
            .participants
            .iter()
            .map(|p| ParticipantItem {
                reference_person_id: p.person_id.clone(),
                name: Some(p.name.clone()),
                status: p.status.clone(),
            })
            .collect(),
        updated_at: rfc3339(v.updated_at),
        id: v.id,
        kind: v.kind,
        title: v.title,
        provider: v.provider,
        date: v.date,
        place: v.place,
        staff_count: v.staff_count,
        score: v.score,
        evaluation: v.evaluation,
        participant_count: v.participant_count,
        present_count: v.present_count,
    }
}

/// The training sessions (the expert). Audited.
#[utoipa::path(get, path = "/api/v1/trainings", tag = "prevention",
    params(TrainingQuery),
    responses(
        (status = 200, body = TrainingList),
        (status = 401, body = crate::api::ApiError),
        (status = 403, body = crate::api::ApiError),
    ))]
pub async fn list_trainings(
    State(state): State<AppState>,
    s: CurrentSession,
    Query(q): Query<TrainingQuery>,
) -> AppResult<Response> {
    require(&s, TRAININGS)?;
    let filter = TrainingFilter {
        kind: q.kind.filter(|v| !v.is_empty()),
        year: q.year,
    };
    let rows = trainings::list(&state, &s, filter).await?;
    Ok(Json(TrainingList {
        trainings: rows.into_iter().map(training_item).collect(),
    })
    .into_response())
}

/// Record a training session (needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/trainings", tag = "prevention",
    request_body = TrainingRequest,
    responses(
        (status = 201, description = "Recorded; `Location` names it", body = NetworkCreated),
        (status = 403, body = RuleError),
        (status = 422, body = NetworkValidation),
    ))]
pub async fn create_training(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, TRAININGS)?;
    let tr = Tr::new(l);
    let req: TrainingRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(match trainings::create(&state, &s, req.form()).await? {
        Ok(id) => created(id.clone(), format!("/api/v1/trainings/{id}")),
        Err(e) => refused(tr, &e, rid),
    })
}

/// A training session with its participants. Audited.
#[utoipa::path(get, path = "/api/v1/trainings/{id}", tag = "prevention",
    params(("id" = String, Path, description = "The training id")),
    responses(
        (status = 200, body = TrainingItem),
        (status = 403, body = crate::api::ApiError),
        (status = 404, body = crate::api::ApiError),
    ))]
pub async fn get_training(
    State(state): State<AppState>,
    s: CurrentSession,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, TRAININGS)?;
    Ok(Json(training_item(trainings::open(&state, &s, id).await?)).into_response())
}

/// Change a training session (needs `X-CSRF-Token`). Audited.
#[utoipa::path(put, path = "/api/v1/trainings/{id}", tag = "prevention",
    request_body = TrainingRequest,
    params(("id" = String, Path, description = "The training id")),
    responses(
        (status = 204, description = "Changed"),
        (status = 403, body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, body = NetworkValidation),
    ))]
pub async fn update_training(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, TRAININGS)?;
    let tr = Tr::new(l);
    let req: TrainingRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(match trainings::update(&state, &s, id, req.form()).await? {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refused(tr, &e, rid),
    })
}

/// Replace the attendance list of a session (needs `X-CSRF-Token`). Present
/// and absent once the session took place. Attending a reference-person
/// training updates what is due for that person. Audited.
#[utoipa::path(put, path = "/api/v1/trainings/{id}/attendance", tag = "prevention",
    request_body = AttendanceRequest,
    params(("id" = String, Path, description = "The training id")),
    responses(
        (status = 204, description = "Saved"),
        (status = 403, body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, description = "`unknown_person`, `before_session`, `unknown_choice`, or `invalid_body`", body = NetworkValidation),
    ))]
pub async fn put_attendance(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, TRAININGS)?;
    let tr = Tr::new(l);
    let req: AttendanceRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    let lines = req
        .participants
        .into_iter()
        .map(|p| (p.reference_person_id, p.status))
        .collect();
    Ok(
        match trainings::set_attendance(&state, &s, id, lines).await? {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(e) => refused(tr, &e, rid),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_accepted_in_both_forms() {
        assert_eq!(date_in(Some("2026-11-02".into())), "02/11/2026");
        assert_eq!(date_in(Some("02/11/2026".into())), "02/11/2026");
        assert_eq!(date_in(None), "");
    }
}
