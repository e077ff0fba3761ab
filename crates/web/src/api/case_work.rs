//! The work on a case in the JSON API, after referral: the known / followed-up
//! check, information items (bijdragen), the table's assessment, the
//! follow-up trajectory, feedback (terugkoppeling) and the
//! terugkoppelingsfiche to the police.
//!
//! Every handler calls the same service function as the page
//! (`crate::cases::{service, items, assessment, trajectory, feedback, fiche}`),
//! so the same policy, ethics, consent and audit rules apply; nothing here
//! reads the database or decides a rule. Responses hold what the page shows
//! that user, no more: an item's owning organisation only where the ethics
//! rules let this viewer know it, the viewers of an item only to its owner.
//! Refusals carry the stable codes of [`rule_code`].

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verbind_domain::case::Date;
use verbind_domain::case::ethics::RiskDomain;

use super::NamedRef;
use super::cases::{
    FieldError, RuleError, ValidationError, belgian_date, case_gate, object_body, rfc3339,
    rule_error, with_location,
};
use crate::cases::assessment::{self, AssessmentInput};
use crate::cases::feedback::{self, FeedbackInput};
use crate::cases::items::{self, ItemInput};
use crate::cases::trajectory::{self, ActionProposal, ActionStep};
use crate::cases::{fiche, service};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::middleware::request_id::RequestId;
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;

// ---------------------------------------------------------------- schemas

/// The caller's organisation answers the known / followed-up check for itself.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeRequest {
    /// The person is known to the organisation.
    pub known: bool,
    /// The organisation follows the person up.
    pub followed_up: bool,
}

/// One organisation's line of the known / followed-up check.
#[derive(Debug, Serialize, ToSchema)]
pub struct KnowledgeAnswer {
    /// The organisation's name (an organisation at the case's table).
    pub organisation: String,
    /// The organisation answered; while not, `known` and `followed_up` are null.
    pub answered: bool,
    /// The person is known to the organisation.
    pub known: Option<bool>,
    /// The organisation follows the person up.
    pub followed_up: Option<bool>,
    /// The line of the caller's organisation.
    pub mine: bool,
}

/// The known / followed-up check of a case, as the case page shows it: one
/// line per organisation at the case's table.
#[derive(Debug, Serialize, ToSchema)]
pub struct KnowledgeMatrix {
    /// The case's pseudonym code.
    pub code: String,
    pub organisations: Vec<KnowledgeAnswer>,
    /// How many organisations have not answered yet.
    pub open: usize,
    /// The caller's organisation sits at the table and answers for itself
    /// (`PUT /api/v1/cases/{id}/knowledge`).
    pub may_answer: bool,
}

/// Someone who viewed an item (shown to the owning organisation only).
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemViewer {
    pub username: String,
    pub organisation: String,
    /// RFC 3339, UTC.
    pub at: String,
}

/// An information item (bijdrage) as this viewer may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseItem {
    /// Use in `POST /api/v1/cases/{id}/items/{item_id}/{action}`, and to cite it.
    pub id: String,
    /// `overtuigingen`, `sociale_context`, `intentie`, `psychische_stoornissen`
    /// or `bijkomende_informatie`.
    pub domain: String,
    pub content: String,
    /// Why the item is necessary and relevant for helping the person.
    pub necessity: String,
    pub professional_secrecy: bool,
    /// `expert_only` or `table`.
    pub sharing: String,
    /// The owning organisation's name; null when its origin is shielded from this viewer.
    pub origin: Option<String>,
    /// The caller's organisation owns it (and may withdraw it or give consent).
    pub mine: bool,
    /// Withdrawn by its owner: only the owner still sees it.
    pub withdrawn: bool,
    /// The owner consented to its use in the assessment, feedback and the fiche.
    pub consent_for_use: bool,
    /// Who viewed it; for the owner only, empty for everyone else.
    pub viewers: Vec<ItemViewer>,
}

/// The items of a case this viewer may see.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseItems {
    /// The case's pseudonym code.
    pub code: String,
    pub items: Vec<CaseItem>,
}

/// A new item, owned by the caller's organisation. Missing properties count
/// as empty and are reported per field; unknown properties are refused.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ItemRequest {
    /// `overtuigingen`, `sociale_context`, `intentie`, `psychische_stoornissen`
    /// or `bijkomende_informatie`.
    #[schema(example = "sociale_context")]
    pub domain: String,
    pub content: String,
    /// Required: why the item is necessary and relevant for helping the person.
    pub necessity: String,
    pub professional_secrecy: bool,
    /// `table` (every seat holder of the case's table) or `expert_only`.
    #[schema(example = "table")]
    pub sharing: String,
    /// Hide from the other partners that the item is the caller's.
    pub origin_shielded: bool,
}

/// The item an `ItemRequest` created.
#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: String,
}

/// A finding per risk domain; leave out or empty the domains without one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Findings {
    pub overtuigingen: Option<String>,
    pub sociale_context: Option<String>,
    pub intentie: Option<String>,
    pub psychische_stoornissen: Option<String>,
    pub bijkomende_informatie: Option<String>,
}

/// What information is missing, which organisation gets it and by when.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct MissingRequest {
    pub what: String,
    /// An organisation id.
    pub organisation: String,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    #[schema(example = "2026-12-15")]
    pub due: String,
}

/// The table's assessment, recorded by the expert. Missing properties count
/// as empty; unknown properties are refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentRequest {
    /// At least one.
    #[serde(default)]
    pub findings: Findings,
    /// Ids of the items cited; each needs its owner's consent.
    #[serde(default)]
    pub cited_items: Vec<String>,
    /// Signs of radicalisation: `yes`, `no` or `unclear`.
    #[schema(example = "unclear")]
    #[serde(default)]
    pub radicalisation: String,
    /// A security risk: `yes`, `no` or `unclear`.
    #[schema(example = "no")]
    #[serde(default)]
    pub security_risk: String,
    /// All three properties, or leave it out.
    #[serde(default)]
    pub missing: Option<MissingRequest>,
}

/// A finding of an assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct Finding {
    /// The risk domain code.
    pub domain: String,
    pub text: String,
}

/// What was found missing.
#[derive(Debug, Serialize, ToSchema)]
pub struct MissingInformation {
    pub what: String,
    /// The organisation that gets it.
    pub organisation: NamedRef,
    /// `yyyy-mm-dd`.
    pub due: Option<String>,
}

/// A recorded assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct Assessment {
    /// RFC 3339, UTC.
    pub created_at: String,
    pub findings: Vec<Finding>,
    /// How many items were cited.
    pub cited_items: usize,
    /// `yes`, `no` or `unclear`.
    pub radicalisation: String,
    /// `yes`, `no` or `unclear`.
    pub security_risk: String,
    pub missing: Option<MissingInformation>,
}

/// An item that may be cited now (its owner consented; not withdrawn).
#[derive(Debug, Serialize, ToSchema)]
pub struct CitableItem {
    pub id: String,
    /// Its number on the case and its risk domain, e.g. `#2 · intentie`.
    pub label: String,
}

/// The assessments of a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentList {
    pub code: String,
    /// This user records assessments (the expert).
    pub may_assess: bool,
    pub assessments: Vec<Assessment>,
    /// For the expert: the items that may be cited.
    pub citable_items: Vec<CitableItem>,
    /// For the expert: the organisations that may get missing information.
    pub organisations: Vec<NamedRef>,
}

/// An action of the follow-up trajectory.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrajectoryAction {
    /// Use in `POST /api/v1/cases/{id}/trajectory/actions/{action_id}`.
    pub id: String,
    pub description: String,
    /// The responsible organisation at the table.
    pub responsible: NamedRef,
    /// `yyyy-mm-dd`.
    pub due_date: Option<String>,
    /// `proposed` (not yet accepted by every organisation at the table),
    /// `refused` (an organisation at the table refused it: not started, see
    /// `refused_by`), `accepted`, `done` or `cancelled`.
    pub phase: String,
    /// Past its due date and not finished.
    pub overdue: bool,
    pub result: Option<String>,
    /// The organisations at the table that have not answered yet (neither
    /// accepted nor refused it).
    pub awaiting_acceptance_by: Vec<String>,
    /// The organisations at the table that refused it, with their reasons,
    /// oldest first; while any is listed, the action does not start.
    pub refused_by: Vec<ActionRefusal>,
    /// The caller's organisation may accept it (also after refusing it:
    /// accepting replaces its refusal).
    pub may_accept: bool,
    /// The caller's organisation may refuse it (step `refuse` with a
    /// `reason`): it has not refused it, and the action has not started.
    pub may_refuse: bool,
    /// The caller's organisation may report it done.
    pub may_finish: bool,
    /// The table's evaluations at its meetings, oldest first.
    pub evaluations: Vec<ActionEvaluation>,
    /// Running, existed at the latest table, and not evaluated there.
    pub evaluation_due: bool,
    /// The caller records evaluations (the expert, while the action runs).
    pub may_evaluate: bool,
}

/// An organisation at the table that refused an action, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionRefusal {
    /// The organisation's name.
    pub organisation: String,
    pub reason: String,
}

/// The table's evaluation of an action at one of its meetings.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionEvaluation {
    /// When that meeting started (RFC 3339, UTC).
    pub meeting_starts_at: String,
    /// `on_track`, `delayed`, `adjust` or `stop`.
    pub verdict: String,
    pub note: String,
}

/// The expert records the table's evaluation of an action.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TrajectoryEvaluationRequest {
    /// A started, not cancelled meeting of the case's table (the trajectory's
    /// `evaluation_meetings`).
    pub meeting_id: String,
    /// `on_track`, `delayed`, `adjust` or `stop` (stops the action).
    #[schema(example = "on_track")]
    pub verdict: String,
    /// Required for `adjust` and `stop`.
    pub note: String,
}

/// A meeting the expert can evaluate at.
#[derive(Debug, Serialize, ToSchema)]
pub struct EvaluationMeeting {
    pub id: String,
    /// RFC 3339, UTC.
    pub starts_at: String,
}

/// The follow-up trajectory of a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct Trajectory {
    pub code: String,
    /// This user proposes actions (the expert).
    pub may_propose: bool,
    /// For the expert: the organisations at the case's table, who may be responsible.
    pub table_organisations: Vec<NamedRef>,
    pub actions: Vec<TrajectoryAction>,
    /// For the expert: the started meetings of the table, latest first, to
    /// evaluate the actions at.
    pub evaluation_meetings: Vec<EvaluationMeeting>,
}

/// An action the expert proposes.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TrajectoryActionRequest {
    pub description: String,
    /// The id of the responsible organisation, one of the trajectory's `table_organisations`.
    pub responsible: String,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    #[schema(example = "2026-12-01")]
    pub due_date: String,
}

/// What the caller's organisation does with an action.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionStepRequest {
    /// `accept` (any organisation at the table, for itself; replaces its
    /// refusal), `refuse` (any organisation at the table, for itself, while
    /// the action has not started; with `reason`) or `done` (the responsible
    /// organisation, once every organisation accepted; with `result`).
    #[schema(example = "accept")]
    pub step: String,
    /// Required for `done`.
    #[serde(default)]
    pub result: Option<String>,
    /// Required for `refuse`: why the organisation does not accept the
    /// action (at most 4000 characters). The table and the expert read it.
    #[serde(default)]
    pub reason: Option<String>,
}

/// An item cited in feedback.
#[derive(Debug, Serialize, ToSchema)]
pub struct CitedItem {
    pub content: String,
    /// The owning organisation's name; null when its origin is shielded from the recipient.
    pub origin: Option<String>,
}

/// Feedback sent to one partner, or to the referrer outside the table.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackEntry {
    /// RFC 3339, UTC.
    pub sent_at: String,
    /// The organisation at the table; for feedback to the referrer outside
    /// the table, that referrer's organisation.
    pub recipient: NamedRef,
    /// Sent to the referrer outside the table (text only, never an item).
    pub to_referrer: bool,
    pub text: String,
    /// Items cited that may still travel (not withdrawn, consent not taken back).
    pub cited: Vec<CitedItem>,
}

/// The feedback (terugkoppeling) of a case: all of it for the expert, what
/// the caller's organisation received for a partner.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeedbackList {
    pub code: String,
    /// This user sends feedback (the expert).
    pub may_send: bool,
    /// For the expert: the organisations with a seat at the case's table.
    pub recipients: Vec<NamedRef>,
    /// For the expert, when the case was referred from a reference person's
    /// signal: that referrer's organisation. Send to them with recipient
    /// `referrer`: text only.
    pub referrer_outside_table: Option<String>,
    /// For the expert: the items that may be cited.
    pub citable_items: Vec<CitableItem>,
    pub feedback: Vec<FeedbackEntry>,
}

/// Feedback from the expert to one partner at the case's table, or to the
/// referrer outside the table.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct FeedbackRequest {
    /// An organisation id, one of the `recipients`; or `referrer` for the
    /// referrer outside the table (see `referrer_outside_table`), who gets
    /// text only: `cited_items` must then be empty.
    pub recipient: String,
    pub text: String,
    /// Ids of the items cited; each needs its owner's consent.
    pub cited_items: Vec<String>,
}

/// A line of a terugkoppelingsfiche: never where it came from.
#[derive(Debug, Serialize, ToSchema)]
pub struct FicheLine {
    /// The risk domain code.
    pub domain: String,
    pub text: String,
}

/// A terugkoppelingsfiche that was sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct SentFiche {
    /// RFC 3339, UTC.
    pub sent_at: String,
    pub lines: Vec<FicheLine>,
}

/// The terugkoppelingsfiches of a case (the expert and the police at its table).
#[derive(Debug, Serialize, ToSchema)]
pub struct Fiches {
    pub code: String,
    /// This user sends fiches (the expert).
    pub may_send: bool,
    pub sent: Vec<SentFiche>,
    /// For the expert: what a fiche sent now would hold (items with consent,
    /// never one under professional secrecy).
    pub preview: Vec<FicheLine>,
}

// ---------------------------------------------------------------- helpers

/// A rule of the service refused the request: 422 with its stable code and message.
fn refused(key: &str, tr: Tr, rid: &str) -> Response {
    rule_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        &rule_code(key),
        Some(tr.t(key)),
        rid,
    )
}

/// 201 Created, `Location` naming where the new thing is listed, `{"id": ...}` when there is one.
fn created(location: String, id: Option<String>) -> Response {
    let res = match id {
        Some(id) => (StatusCode::CREATED, Json(Created { id })).into_response(),
        None => StatusCode::CREATED.into_response(),
    };
    with_location(res, &location)
}

fn named(pairs: Vec<(String, String)>) -> Vec<NamedRef> {
    pairs
        .into_iter()
        .map(|(id, name)| NamedRef { id, name })
        .collect()
}

fn citable(pairs: Vec<(String, String)>) -> Vec<CitableItem> {
    pairs
        .into_iter()
        .map(|(id, label)| CitableItem { id, label })
        .collect()
}

/// The stable code of a rule the services refused the work on a case with,
/// from its message key. Items that may not be used carry the codes of
/// `UseError::code` (`withdrawn`, `professional_secrecy`, `consent_missing`);
/// dates those of `DateError::code` with a `date_` prefix; the rest of
/// `api::cases::rule_code` (e.g. `vote_missing`, `not_unanimous` for the fiche).
pub fn rule_code(key: &str) -> String {
    let code = match key {
        "item-error-withdrawn" => "withdrawn",
        "item-error-professional-secrecy" => "professional_secrecy",
        "item-error-consent-missing" => "consent_missing",
        "item-error-not-shared-with-recipient" => "not_shared_with_recipient",
        "item-error-domain" => "domain_invalid",
        "item-error-sharing" => "sharing_invalid",
        "text-error-empty" => "text_empty",
        "text-error-too-long" => "text_too_long",
        "date-error-format" => "date_format",
        "date-error-year" => "date_year",
        "date-error-month" => "date_month",
        "date-error-day" => "date_day",
        "assessment-error-findings" => "findings_missing",
        "assessment-error-conclusions" => "conclusions_invalid",
        "assessment-error-item" => "item_not_in_case",
        "assessment-error-missing" => "missing_information_incomplete",
        "action-error-description" => "description_invalid",
        "action-error-responsible" => "responsible_not_at_table",
        "action-error-not-accepted" => "action_not_accepted",
        "action-error-not-responsible" => "not_responsible",
        "action-error-already-done" => "action_done",
        "action-error-cancelled" => "action_cancelled",
        "action-error-result" => "result_invalid",
        "action-error-finished" => "action_finished",
        "action-error-meeting-before" => "meeting_before_action",
        "action-error-meeting" => "meeting",
        "action-error-verdict" => "verdict_invalid",
        "action-error-note" => "note_required",
        "action-error-due-in-past" => "due_in_past",
        "action-error-due-too-far" => "due_too_far",
        "action-refuse-error-finished" => "action_finished",
        "action-accept-error-finished" => "action_finished",
        "action-refuse-error-started" => "action_started",
        "action-refuse-error-reason" => "reason_required",
        "action-refuse-error-reason-invalid" => "reason_invalid",
        "action-refuse-error-not-started" => "action_refused",
        "feedback-error-recipient" => "recipient_not_at_table",
        "feedback-error-text" => "text_invalid",
        "feedback-error-no-referrer" => "no_referrer_outside_table",
        "item-error-outside-table" => "not_for_referrer_outside_table",
        other => return super::cases::rule_code(other),
    };
    code.to_owned()
}

// ---------------------------------------------------------------- knowledge

/// The known / followed-up check: per organisation at the case's table,
/// whether it answered and what (the case page shows the same; audited as
/// the case file being viewed).
#[utoipa::path(get, path = "/api/v1/cases/{id}/knowledge", tag = "cases",
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 200, body = KnowledgeMatrix),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, or `forbidden` (not at this case's table)", body = RuleError),
        (status = 404, body = crate::api::ApiError),
    ))]
pub async fn get_knowledge(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> AppResult<Response> {
    if let Some(r) = case_gate(&state, &s, Tr::new(l), &rid, Some(&id)).await? {
        return Ok(r);
    }
    let d = service::open(&state, &s, id).await?;
    let organisations: Vec<KnowledgeAnswer> = d
        .knowledge
        .into_iter()
        .map(|k| KnowledgeAnswer {
            organisation: k.organisation,
            answered: k.answer.is_some(),
            known: k.answer.map(|a| a.known),
            followed_up: k.answer.map(|a| a.followed_up),
            mine: k.mine,
        })
        .collect();
    Ok(Json(KnowledgeMatrix {
        code: d.summary.code,
        open: organisations.iter().filter(|k| !k.answered).count(),
        organisations,
        may_answer: d.may_answer_knowledge,
    })
    .into_response())
}

/// The caller's organisation answers the known / followed-up check for
/// itself (an organisation at the case's table; needs `X-CSRF-Token`).
/// Answering again replaces the answer. Audited, without the answer.
#[utoipa::path(put, path = "/api/v1/cases/{id}/knowledge", tag = "cases",
    request_body = KnowledgeRequest,
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 204, description = "Recorded"),
        (status = 400, description = "Not JSON", body = RuleError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, `forbidden` (the organisation is not at the case's table) or `csrf`", body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 413, description = "Body too large", body = RuleError),
        (status = 415, description = "Not `application/json`", body = RuleError),
        (status = 422, description = "`invalid_body`", body = RuleError),
    ))]
pub async fn answer_knowledge(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    if let Some(r) = case_gate(&state, &s, tr, &rid, Some(&id)).await? {
        return Ok(r);
    }
    let req: KnowledgeRequest = match object_body(body, tr, &rid) {
        Ok(req) => req,
        Err(res) => return Ok(*res),
    };
    service::answer_knowledge(&state, &s, id, req.known, req.followed_up).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------- items

/// The information items of a case this user may see (audited as viewed):
/// the owner's own, the expert all but withdrawn ones, another seat holder
/// those shared with the table and not withdrawn. The origin only where it
/// is not shielded from this viewer.
#[utoipa::path(get, path = "/api/v1/cases/{id}/items", tag = "cases",
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 200, body = CaseItems),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, or `forbidden` (not at this case's table)", body = RuleError),
        (status = 404, body = crate::api::ApiError),
    ))]
pub async fn list_items(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> AppResult<Response> {
    if let Some(r) = case_gate(&state, &s, Tr::new(l), &rid, Some(&id)).await? {
        return Ok(r);
    }
    let (code, list) = items::visible(&state, &s, id).await?;
    let items = list
        .into_iter()
        .map(|i| CaseItem {
            id: i.id,
            domain: i.domain.code().to_owned(),
            content: i.content,
            necessity: i.necessity,
            professional_secrecy: i.professional_secrecy,
            sharing: i.sharing.code().to_owned(),
            origin: i.origin,
            mine: i.mine,
            withdrawn: i.withdrawn,
            consent_for_use: i.consent,
            viewers: i
                .viewers
                .into_iter()
                .map(|(username, organisation, at)| ItemViewer {
                    username,
                    organisation,
                    at: rfc3339(at),
                })
                .collect(),
        })
        .collect();
    Ok(Json(CaseItems { code, items }).into_response())
}

/// Add an information item owned by the caller's organisation (a seat holder
/// of the case's table or the expert; needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/cases/{id}/items", tag = "cases",
    request_body = ItemRequest,
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 201, description = "Added; `Location` names the item list", body = Created),
        (status = 400, description = "Not JSON", body = RuleError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, `forbidden` (not at this case's table) or `csrf`", body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 413, description = "Body too large", body = RuleError),
        (status = 415, description = "Not `application/json`", body = RuleError),
        (status = 422, description = "A field broke a rule (`invalid`, per field: `domain`, `content`, `necessity`, `sharing`), or the body is not an item (`invalid_body`)", body = ValidationError),
    ))]
pub async fn add_item(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    if let Some(r) = case_gate(&state, &s, tr, &rid, Some(&id)).await? {
        return Ok(r);
    }
    let req: ItemRequest = match object_body(body, tr, &rid) {
        Ok(req) => req,
        Err(res) => return Ok(*res),
    };
    let input = ItemInput {
        domain: req.domain,
        content: req.content,
        necessity: req.necessity,
        professional_secrecy: req.professional_secrecy,
        sharing: req.sharing,
        origin_shielded: req.origin_shielded,
    };
    Ok(
        match items::add_returning_id(&state, &s, id.clone(), input).await? {
            Ok(item) => created(format!("/api/v1/cases/{id}/items"), Some(item)),
            Err(errors) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(ValidationError {
                    error: "invalid".into(),
                    request_id: Some(rid),
                    fields: errors
                        .iter()
                        .map(|(field, key)| FieldError {
                            field: (*field).to_owned(),
                            message: tr.t(key),
                            code: (*key).to_owned(),
                        })
                        .collect(),
                }),
            )
                .into_response(),
        },
    )
}

/// The owning organisation decides about its item (needs `X-CSRF-Token`):
/// `withdraw` it (nobody else sees or uses it any more), give `consent` for
/// its use, or `revoke_consent`. Audited.
#[utoipa::path(post, path = "/api/v1/cases/{id}/items/{item_id}/{action}", tag = "cases",
    params(
        ("id" = String, Path, description = "The case id"),
        ("item_id" = String, Path, description = "The item id"),
        ("action" = String, Path, description = "`withdraw`, `consent` or `revoke_consent`"),
    ),
    responses(
        (status = 204, description = "Done"),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, `forbidden` (not the owning organisation, or not at the table) or `csrf`", body = RuleError),
        (status = 404, description = "No such case, item on this case or action", body = crate::api::ApiError),
    ))]
pub async fn item_action(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path((id, item_id, action)): Path<(String, String, String)>,
) -> AppResult<Response> {
    if let Some(r) = case_gate(&state, &s, Tr::new(l), &rid, Some(&id)).await? {
        return Ok(r);
    }
    let action = match action.as_str() {
        "withdraw" => "withdraw",
        "consent" => "consent",
        "revoke_consent" => "revoke",
        _ => return Err(AppError::not_found()),
    };
    items::owner_action(&state, &s, id, item_id, action).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---------------------------------------------------------------- assessment

/// The table's assessments of a case (anyone at its table).
#[utoipa::path(get, path = "/api/v1/cases/{id}/assessment", tag = "cases",
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 200, body = AssessmentList),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, or `forbidden` (not at this case's table)", body = RuleError),
        (status = 404, body = crate::api::ApiError),
    ))]
pub async fn get_assessment(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> AppResult<Response> {
    if let Some(r) = case_gate(&state, &s, Tr::new(l), &rid, Some(&id)).await? {
        return Ok(r);
    }
    let v = assessment::load(&state, &s, id).await?;
    let assessments = v
        .list
        .into_iter()
        .map(|a| Assessment {
            created_at: rfc3339(a.at),
            findings: a
                .findings
                .into_iter()
                .map(|(domain, text)| Finding { domain, text })
                .collect(),
            cited_items: a.cited,
            radicalisation: a.radicalisation,
            security_risk: a.security_risk,
            missing: a.missing.map(|m| MissingInformation {
                what: m.what,
                organisation: NamedRef {
                    id: m.organisation_id,
                    name: m.organisation,
                },
                due: m.due.map(Date::to_iso),
            }),
        })
        .collect();
    let organisations = if v.may_assess {
        named(v.organisations)
    } else {
        Vec::new()
    };
    Ok(Json(AssessmentList {
        code: v.code,
        may_assess: v.may_assess,
        assessments,
        citable_items: citable(v.citable),
        organisations,
    })
    .into_response())
}

/// Record the table's assessment (the expert; needs `X-CSRF-Token`). A cited
/// item needs its owner's consent. Audited.
#[utoipa::path(post, path = "/api/v1/cases/{id}/assessment", tag = "cases",
    request_body = AssessmentRequest,
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 201, description = "Recorded; `Location` names the assessments"),
        (status = 400, description = "Not JSON", body = RuleError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, `forbidden` (not the expert, not at the table) or `csrf`", body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 413, description = "Body too large", body = RuleError),
        (status = 415, description = "Not `application/json`", body = RuleError),
        (status = 422, description = "A rule refused it: `findings_missing`, `text_too_long`, `conclusions_invalid`, `item_not_in_case`, `consent_missing`, `withdrawn`, `missing_information_incomplete`, `date_format`; or `invalid_body`", body = RuleError),
    ))]
pub async fn record_assessment(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    if let Some(r) = case_gate(&state, &s, tr, &rid, Some(&id)).await? {
        return Ok(r);
    }
    let req: AssessmentRequest = match object_body(body, tr, &rid) {
        Ok(req) => req,
        Err(res) => return Ok(*res),
    };
    let f = req.findings;
    let missing = req.missing.unwrap_or_default();
    let input = AssessmentInput {
        findings: [
            (RiskDomain::Overtuigingen, f.overtuigingen),
            (RiskDomain::SocialeContext, f.sociale_context),
            (RiskDomain::Intentie, f.intentie),
            (RiskDomain::PsychischeStoornissen, f.psychische_stoornissen),
            (RiskDomain::BijkomendeInformatie, f.bijkomende_informatie),
        ]
        .into_iter()
        .map(|(d, t)| (d.code(), t.unwrap_or_default()))
        .collect(),
        cited: req.cited_items,
        radicalisation: req.radicalisation,
        security_risk: req.security_risk,
        missing_what: missing.what,
        missing_organisation: missing.organisation,
        missing_due: belgian_date(&missing.due),
    };
    Ok(
        match assessment::record_assessment(&state, &s, id.clone(), input).await? {
            Ok(()) => created(format!("/api/v1/cases/{id}/assessment"), None),
            Err(key) => refused(key, tr, &rid),
        },
    )
}

// ---------------------------------------------------------------- trajectory

/// The follow-up trajectory of a case (anyone at its table).
#[utoipa::path(get, path = "/api/v1/cases/{id}/trajectory", tag = "cases",
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 200, body = Trajectory),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, or `forbidden` (not at this case's table)", body = RuleError),
        (status = 404, body = crate::api::ApiError),
    ))]
pub async fn get_trajectory(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> AppResult<Response> {
    if let Some(r) = case_gate(&state, &s, Tr::new(l), &rid, Some(&id)).await? {
        return Ok(r);
    }
    let v = trajectory::load(&state, &s, id).await?;
    let actions = v
        .actions
        .into_iter()
        .map(|a| TrajectoryAction {
            id: a.id,
            description: a.description,
            responsible: NamedRef {
                id: a.responsible_org_id,
                name: a.responsible,
            },
            due_date: a.due_date.map(Date::to_iso),
            phase: a.phase,
            overdue: a.overdue,
            result: a.result,
            awaiting_acceptance_by: a.missing,
            refused_by: a
                .refusals
                .into_iter()
                .map(|r| ActionRefusal {
                    organisation: r.organisation,
                    reason: r.reason,
                })
                .collect(),
            may_accept: a.may_accept,
            may_refuse: a.may_refuse,
            may_finish: a.may_finish,
            evaluations: a
                .evaluations
                .into_iter()
                .map(|e| ActionEvaluation {
                    meeting_starts_at: rfc3339(e.meeting_starts_at),
                    verdict: e.verdict,
                    note: e.note,
                })
                .collect(),
            evaluation_due: a.evaluation_due,
            may_evaluate: a.may_evaluate,
        })
        .collect();
    let table_organisations = if v.may_propose {
        named(v.table_orgs)
    } else {
        Vec::new()
    };
    Ok(Json(Trajectory {
        code: v.code,
        may_propose: v.may_propose,
        table_organisations,
        actions,
        evaluation_meetings: v
            .evaluation_meetings
            .into_iter()
            .map(|(id, at)| EvaluationMeeting {
                id,
                starts_at: rfc3339(at),
            })
            .collect(),
    })
    .into_response())
}

/// Propose an action (the expert; needs `X-CSRF-Token`). It starts once
/// every organisation at the table accepted it. Audited.
#[utoipa::path(post, path = "/api/v1/cases/{id}/trajectory/actions", tag = "cases",
    request_body = TrajectoryActionRequest,
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 201, description = "Proposed; `Location` names the trajectory", body = Created),
        (status = 400, description = "Not JSON", body = RuleError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, `forbidden` (not the expert, not at the table) or `csrf`", body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 413, description = "Body too large", body = RuleError),
        (status = 415, description = "Not `application/json`", body = RuleError),
        (status = 422, description = "A rule refused it: `description_invalid`, `date_format`, `date_year`, `date_month`, `date_day`, `due_in_past`, `due_too_far` (more than two years ahead) (before today, Europe/Brussels), `responsible_not_at_table`; or `invalid_body`", body = RuleError),
    ))]
pub async fn propose_action(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    if let Some(r) = case_gate(&state, &s, tr, &rid, Some(&id)).await? {
        return Ok(r);
    }
    let req: TrajectoryActionRequest = match object_body(body, tr, &rid) {
        Ok(req) => req,
        Err(res) => return Ok(*res),
    };
    let proposal = ActionProposal {
        description: req.description,
        responsible: req.responsible,
        due: belgian_date(&req.due_date),
    };
    Ok(
        match trajectory::propose_action(&state, &s, id.clone(), proposal).await? {
            Ok(action) => created(format!("/api/v1/cases/{id}/trajectory"), Some(action)),
            Err(key) => refused(key, tr, &rid),
        },
    )
}

/// Accept or refuse an action for the caller's organisation, or report it
/// done with its result (the responsible organisation, once every
/// organisation at the table accepted it); needs `X-CSRF-Token`. Audited.
///
/// Each organisation at the table answers for itself, and its latest answer
/// counts: `accept` replaces its refusal; `refuse` (with a `reason`, which
/// the table and the expert read) replaces its acceptance, but only while
/// the action has not started. While any organisation at the table refuses
/// it, the action is `refused` and does not start; the table's evaluation
/// can still stop it.
#[utoipa::path(post, path = "/api/v1/cases/{id}/trajectory/actions/{action_id}", tag = "cases",
    request_body = ActionStepRequest,
    params(
        ("id" = String, Path, description = "The case id"),
        ("action_id" = String, Path, description = "The action id"),
    ),
    responses(
        (status = 204, description = "Done"),
        (status = 400, description = "Not JSON", body = RuleError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, `forbidden` (the organisation is not at the table) or `csrf`", body = RuleError),
        (status = 404, description = "No such case or action on this case", body = crate::api::ApiError),
        (status = 413, description = "Body too large", body = RuleError),
        (status = 415, description = "Not `application/json`", body = RuleError),
        (status = 422, description = "A rule refused it: `action_not_accepted`, `action_refused` (a partner refused it: not started), `not_responsible`, `result_invalid`, `action_done` (its result was reported already), `action_cancelled` (the table stopped it) (done); `reason_required`, `reason_invalid`, `action_started` (accepted by all: it runs), `action_finished` (accept or refuse a done or stopped action); or `step_invalid`, `invalid_body`", body = RuleError),
    ))]
pub async fn act_on_action(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path((id, action_id)): Path<(String, String)>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    if let Some(r) = case_gate(&state, &s, tr, &rid, Some(&id)).await? {
        return Ok(r);
    }
    let req: ActionStepRequest = match object_body(body, tr, &rid) {
        Ok(req) => req,
        Err(res) => return Ok(*res),
    };
    let step = match req.step.as_str() {
        "accept" => ActionStep::Accept,
        "refuse" => ActionStep::Refuse {
            reason: req.reason.unwrap_or_default(),
        },
        "done" => ActionStep::Done {
            result: req.result.unwrap_or_default(),
        },
        _ => {
            return Ok(rule_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "step_invalid",
                Some(tr.t("error-400-text")),
                &rid,
            ));
        }
    };
    Ok(
        match trajectory::act_on_action(&state, &s, id, action_id, step).await? {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(key) => refused(key, tr, &rid),
        },
    )
}

/// Record the table's evaluation of a running action at a started meeting
/// of the case's table (the expert; needs `X-CSRF-Token`). Evaluating again
/// at the same meeting replaces it; `stop` stops the action. Audited.
#[utoipa::path(post, path = "/api/v1/cases/{id}/trajectory/actions/{action_id}/evaluations", tag = "cases",
    request_body = TrajectoryEvaluationRequest,
    params(
        ("id" = String, Path, description = "The case id"),
        ("action_id" = String, Path, description = "The action id"),
    ),
    responses(
        (status = 204, description = "Recorded"),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, `forbidden` (not the expert) or `csrf`", body = RuleError),
        (status = 404, description = "No such case or action on this case", body = crate::api::ApiError),
        (status = 422, description = "`meeting`, `verdict_invalid`, `note_required`, `action_finished`, `meeting_before_action`, or `invalid_body`", body = RuleError),
    ))]
pub async fn evaluate_action(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path((id, action_id)): Path<(String, String)>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    if let Some(r) = case_gate(&state, &s, tr, &rid, Some(&id)).await? {
        return Ok(r);
    }
    let req: TrajectoryEvaluationRequest = match object_body(body, tr, &rid) {
        Ok(req) => req,
        Err(res) => return Ok(*res),
    };
    let input = trajectory::EvaluationInput {
        meeting_id: req.meeting_id,
        verdict: req.verdict,
        note: req.note,
    };
    Ok(
        match trajectory::evaluate_action(&state, &s, id, action_id, input).await? {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(key) => refused(key, tr, &rid),
        },
    )
}

// ---------------------------------------------------------------- feedback

/// The feedback (terugkoppeling) of a case: the expert sees all of it, a
/// partner at the table only what its organisation received. A cited item
/// shows while it may still travel, its origin only when not shielded.
#[utoipa::path(get, path = "/api/v1/cases/{id}/feedback", tag = "cases",
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 200, body = FeedbackList),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, or `forbidden` (not at this case's table)", body = RuleError),
        (status = 404, body = crate::api::ApiError),
    ))]
pub async fn get_feedback(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> AppResult<Response> {
    if let Some(r) = case_gate(&state, &s, Tr::new(l), &rid, Some(&id)).await? {
        return Ok(r);
    }
    let v = feedback::load(&state, &s, id).await?;
    let list = v
        .list
        .into_iter()
        .map(|f| FeedbackEntry {
            sent_at: rfc3339(f.at_ms),
            recipient: NamedRef {
                id: f.recipient_org_id,
                name: f.recipient,
            },
            to_referrer: f.to_referrer,
            text: f.text,
            cited: f
                .cited
                .into_iter()
                .map(|(content, origin)| CitedItem { content, origin })
                .collect(),
        })
        .collect();
    let recipients = if v.may_write {
        named(v.table_orgs)
    } else {
        Vec::new()
    };
    Ok(Json(FeedbackList {
        code: v.code,
        may_send: v.may_write,
        recipients,
        referrer_outside_table: v.referrer,
        citable_items: citable(v.citable),
        feedback: list,
    })
    .into_response())
}

/// Send feedback to one partner at the case's table, or (recipient
/// `referrer`) text only to the referrer outside the table whose signal led
/// to the case (the expert; needs `X-CSRF-Token`). A cited item needs its
/// owner's consent. Audited.
#[utoipa::path(post, path = "/api/v1/cases/{id}/feedback", tag = "cases",
    request_body = FeedbackRequest,
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 201, description = "Sent; `Location` names the feedback list"),
        (status = 400, description = "Not JSON", body = RuleError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, `forbidden` (not the expert, not at the table) or `csrf`", body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 413, description = "Body too large", body = RuleError),
        (status = 415, description = "Not `application/json`", body = RuleError),
        (status = 422, description = "A rule refused it: `recipient_not_at_table`, `no_referrer_outside_table`, `not_for_referrer_outside_table` (an item to the referrer outside the table), `text_invalid`, `item_not_in_case`, `consent_missing`, `withdrawn`, `not_shared_with_recipient` (an item shared with the expert only goes to its owner only); or `invalid_body`", body = RuleError),
    ))]
pub async fn send_feedback(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    if let Some(r) = case_gate(&state, &s, tr, &rid, Some(&id)).await? {
        return Ok(r);
    }
    let req: FeedbackRequest = match object_body(body, tr, &rid) {
        Ok(req) => req,
        Err(res) => return Ok(*res),
    };
    let input = FeedbackInput {
        recipient: req.recipient,
        text: req.text,
        cited: req.cited_items,
    };
    Ok(
        match feedback::send_feedback(&state, &s, id.clone(), input).await? {
            Ok(()) => created(format!("/api/v1/cases/{id}/feedback"), None),
            Err(key) => refused(key, tr, &rid),
        },
    )
}

// ---------------------------------------------------------------- fiche

/// The terugkoppelingsfiches of a case: the expert and the police at its
/// table only. Never an origin, never an item under professional secrecy.
#[utoipa::path(get, path = "/api/v1/cases/{id}/fiche", tag = "cases",
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 200, body = Fiches),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, or `forbidden` (neither the expert nor the police at this case's table)", body = RuleError),
        (status = 404, body = crate::api::ApiError),
    ))]
pub async fn get_fiche(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> AppResult<Response> {
    if let Some(r) = case_gate(&state, &s, Tr::new(l), &rid, Some(&id)).await? {
        return Ok(r);
    }
    let v = fiche::load(&state, &s, id).await?;
    let lines = |l: Vec<(String, String)>| {
        l.into_iter()
            .map(|(domain, text)| FicheLine { domain, text })
            .collect::<Vec<_>>()
    };
    Ok(Json(Fiches {
        code: v.code,
        may_send: v.may_send,
        sent: v
            .sent
            .into_iter()
            .map(|(at, l)| SentFiche {
                sent_at: rfc3339(at),
                lines: lines(l),
            })
            .collect(),
        preview: lines(v.preview),
    })
    .into_response())
}

/// Send the terugkoppelingsfiche to the police (the expert; needs
/// `X-CSRF-Token`), once the table decided it unanimously (a
/// `send_terugkoppelingsfiche_to_police` decision, see
/// `POST /api/v1/cases/{id}/decisions`). It holds the items whose owners
/// consented, never one under professional secrecy, never an origin. Audited.
#[utoipa::path(post, path = "/api/v1/cases/{id}/fiche", tag = "cases",
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 201, description = "Sent; `Location` names the fiches"),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, `forbidden` (not the expert, not at the table) or `csrf`", body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, description = "`vote_missing` (no such decision open) or `not_unanimous`", body = RuleError),
    ))]
pub async fn send_fiche(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    if let Some(r) = case_gate(&state, &s, tr, &rid, Some(&id)).await? {
        return Ok(r);
    }
    Ok(match fiche::send_fiche(&state, &s, id.clone()).await? {
        Ok(()) => created(format!("/api/v1/cases/{id}/fiche"), None),
        Err(key) => refused(key, tr, &rid),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::OpenApi;

    #[test]
    fn use_codes_match_the_domain() {
        use verbind_domain::case::ethics::UseError;
        for e in UseError::ALL {
            assert_eq!(rule_code(e.message_key()), e.code());
        }
    }

    #[test]
    fn date_codes_match_the_domain() {
        use verbind_domain::case::DateError;
        for e in [
            DateError::Format,
            DateError::Year,
            DateError::Month,
            DateError::Day,
        ] {
            assert_eq!(rule_code(e.message_key()), format!("date_{}", e.code()));
        }
    }

    #[test]
    fn finish_codes_are_distinct() {
        use verbind_domain::case::trajectory::FinishError;
        let a = rule_code(FinishError::NotAccepted.message_key());
        let b = rule_code(FinishError::NotResponsible.message_key());
        let c = rule_code(FinishError::Refused.message_key());
        let d = rule_code(FinishError::AlreadyDone.message_key());
        let e = rule_code(FinishError::Cancelled.message_key());
        assert_eq!(
            (a.as_str(), b.as_str(), c.as_str(), d.as_str(), e.as_str()),
            (
                "action_not_accepted",
                "not_responsible",
                "action_refused",
                "action_done",
                "action_cancelled"
            )
        );
    }

    #[test]
    fn refusal_and_due_codes_match_the_domain() {
        use verbind_domain::case::trajectory::{DueError, RefuseError};
        for e in RefuseError::ALL {
            assert_eq!(rule_code(e.message_key()), e.code());
        }
        assert_eq!(
            rule_code(DueError::InPast.message_key()),
            DueError::InPast.code()
        );
    }

    #[test]
    fn codes_are_snake_case_and_the_rest_falls_through() {
        for key in [
            "assessment-error-findings",
            "assessment-error-conclusions",
            "assessment-error-item",
            "assessment-error-missing",
            "action-error-description",
            "action-error-responsible",
            "action-error-result",
            "feedback-error-recipient",
            "feedback-error-text",
            "text-error-too-long",
        ] {
            let code = rule_code(key);
            assert!(
                !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{key} -> {code}"
            );
            assert!(!code.contains("error"), "{key} -> {code}");
        }
        assert_eq!(rule_code("case-error-vote-missing"), "vote_missing");
        assert_eq!(rule_code("case-error-not-unanimous"), "not_unanimous");
    }

    #[test]
    fn iso_dates_become_belgian() {
        assert_eq!(belgian_date("2026-12-15"), "15/12/2026");
        assert_eq!(belgian_date("15/12/2026"), "15/12/2026");
        // The shape is converted; the service judges the day and month
        // and says precisely what is wrong.
        assert_eq!(belgian_date("2026-13-01"), "01/13/2026");
        assert_eq!(belgian_date("2026-1-01"), "2026-1-01");
        assert_eq!(belgian_date(""), "");
    }

    /// Every path of this module is in the OpenAPI document with its method,
    /// and every schema it refers to is defined (a forgotten `components`
    /// entry leaves a dangling `$ref`).
    #[test]
    fn the_openapi_document_holds_the_case_work() {
        let doc = serde_json::to_value(crate::api::ApiDoc::openapi()).unwrap_or_default();
        for (path, method) in [
            ("/api/v1/cases/{id}/knowledge", "put"),
            ("/api/v1/cases/{id}/items", "get"),
            ("/api/v1/cases/{id}/items", "post"),
            ("/api/v1/cases/{id}/items/{item_id}/{action}", "post"),
            ("/api/v1/cases/{id}/assessment", "get"),
            ("/api/v1/cases/{id}/assessment", "post"),
            ("/api/v1/cases/{id}/trajectory", "get"),
            ("/api/v1/cases/{id}/trajectory/actions", "post"),
            ("/api/v1/cases/{id}/trajectory/actions/{action_id}", "post"),
            ("/api/v1/cases/{id}/feedback", "get"),
            ("/api/v1/cases/{id}/feedback", "post"),
            ("/api/v1/cases/{id}/fiche", "get"),
            ("/api/v1/cases/{id}/fiche", "post"),
        ] {
            assert!(
                doc["paths"][path][method].is_object(),
                "{method} {path} documented"
            );
        }
        let text = doc.to_string();
        let schemas = &doc["components"]["schemas"];
        for r in text.split("\"#/components/schemas/").skip(1) {
            let name = r.split('"').next().unwrap_or_default();
            assert!(schemas[name].is_object(), "schema {name} is defined");
        }
    }
}
