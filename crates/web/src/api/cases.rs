//! The LIVC-R case flow in the JSON API (issue 3, item 12): the code of
//! ethics, referral, the case list and file, the steps of the flow, the LTF
//! check, re-authentication and the identity reveal.
//!
//! Every handler calls the same service as the pages (`crate::cases::service`),
//! which asks `verbind_domain::policy::decide_case` and audits. Lists, files,
//! steps and LTF answers carry the pseudonym code only; the identity leaves
//! the server in one response only, that of `POST /api/v1/cases/{id}/identity`.
//! Error bodies hold a stable code, a translated message where a user can act
//! on it, and the request id; never what the client sent.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verbind_domain::case::{CaseDenyReason, RevealPurpose, TextError};
use verbind_domain::policy::{Action, DenyReason, deny_message_key};

use crate::cases::service::{
    self, CaseDetail, CaseSummary, ReferOutcome, ReferralInput, StepInput, StepOutcome,
};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::middleware::request_id::RequestId;
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;

// ---------------------------------------------------------------- schemas

/// An error with a stable code and, where the user can act on it, a message
/// in the session's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleError {
    /// A stable code, e.g. `ethics_code_not_accepted`, `ltf_not_cleared`,
    /// `vote_missing`, `transition_not_allowed`, `reauth_required`,
    /// `purpose_required`, `forbidden`, `invalid_body`, `payload_too_large`,
    /// `not_unanimous`, `nobody_present`, `vote_invalid`, `decision_closed`.
    pub error: String,
    /// The translated message (Dutch unless the account or the language switch says otherwise).
    pub message: Option<String>,
    pub request_id: Option<String>,
}

/// One refused field of a referral.
#[derive(Debug, Serialize, ToSchema)]
pub struct FieldError {
    /// The request property: `target_groups`, `lives_in_area` (the local tie:
    /// `lives_in_area` or `socially_active_in_area`), `name`, `date_of_birth`,
    /// `address`, `national_number`, `reason` or `source`.
    pub field: String,
    /// The translated message to show next to the field.
    pub message: String,
    /// The message key, stable across languages.
    pub code: String,
}

/// A referral that did not pass the rules.
#[derive(Debug, Serialize, ToSchema)]
pub struct ValidationError {
    /// Always `invalid`.
    pub error: String,
    pub request_id: Option<String>,
    pub fields: Vec<FieldError>,
}

/// The code of ethics (deontologische code) in force and whether this user
/// accepted it, with its text as the page `/deontologie` shows it, in the
/// request's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct EthicsStatus {
    /// The version in force: the latest the administrator published, or the
    /// built-in `2026-1`. Accepting records this version; an acceptance of an
    /// earlier version does not count.
    #[schema(example = "2026-1")]
    pub version: String,
    /// When the version in force was published (RFC 3339, UTC); null for the
    /// built-in version.
    pub published_at: Option<String>,
    /// What changed in the version in force, as the administrator wrote it;
    /// null for the built-in version.
    pub summary: Option<String>,
    /// What changed since the version this user accepted last, oldest first;
    /// empty once the version in force is accepted.
    pub changes: Vec<EthicsChange>,
    pub accepted: bool,
    /// `nl-BE`, `fr-BE` or `en`: the language of the texts below.
    pub language: String,
    pub title: String,
    pub intro: String,
    /// The rules of the code, in order.
    pub rules: Vec<String>,
}

/// A published version of the code of ethics and what changed in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct EthicsChange {
    pub version: String,
    /// RFC 3339, UTC.
    pub published_at: String,
    pub summary: String,
}

/// Accepting the code of ethics: optionally the version the client showed
/// the user, so a version published in between is not accepted unread.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EthicsAcceptRequest {
    /// The version shown (`version` of `GET /api/v1/ethics`). When another
    /// version is in force now, nothing is recorded (409
    /// `ethics_version_changed`).
    pub version: Option<String>,
}

/// The transfer of a case to the LIVC-R of the person's new municipality.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseTransfer {
    /// The receiving LIVC-R, as named at the transfer step.
    pub receiving_livc: String,
    /// When the case was transferred (RFC 3339, UTC).
    pub transferred_at: Option<String>,
}

/// A line of the case list: the pseudonym code and facts, never a name.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseListItem {
    pub id: String,
    /// The pseudonym code, e.g. `SN-2026-001`.
    pub code: String,
    /// The state code: `aangemeld`, `screening`, `geagendeerd`, `doorverwezen`,
    /// `eigen_werking`, `in_beoordeling`, `onvoldoende_informatie`,
    /// `socio_preventief`, `veiligheidsrisico`, `buiten_scope`, `afgesloten`, `overgedragen`.
    pub state: String,
    /// `a` (signs of alienation, suspected radicalisation) and/or `b` (returnee or attempted traveller).
    pub target_groups: Vec<String>,
    /// A minor at referral.
    pub minor: bool,
    /// The protective-measure flag (a minor who tried to travel).
    pub protective_measure: bool,
    /// The LTF check: `pending`, `cleared` or `counter_indication`.
    pub ltf: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// A step in the history of a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntry {
    /// RFC 3339, UTC.
    pub at: String,
    pub from: String,
    pub to: String,
    pub transition: String,
    pub note: Option<String>,
}

/// A case file as the table sees it. No identity: see `POST /api/v1/cases/{id}/identity`.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseFile {
    pub id: String,
    pub code: String,
    pub state: String,
    pub target_groups: Vec<String>,
    pub minor: bool,
    pub protective_measure: bool,
    pub ltf: String,
    /// The reason for the referral.
    pub reason: String,
    /// `partner_member`, `contact_point` or `reference_person`.
    pub referral_source: String,
    /// The referring organisation's name, as the case page shows it next to
    /// the source; null when no organisation referred (e.g. a received case).
    pub referred_by_organisation: Option<String>,
    /// For a transferred case: the receiving LIVC-R and when (as the
    /// transfer page shows it); null otherwise.
    pub transfer: Option<CaseTransfer>,
    pub lives_in_area: bool,
    pub socially_active_in_area: bool,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC.
    pub updated_at: String,
    pub history: Vec<HistoryEntry>,
    /// The transitions the state machine allows from the current state
    /// (whether this user may take them is `may_step`).
    pub allowed_transitions: Vec<String>,
    /// This user takes the steps of the flow (the expert).
    pub may_step: bool,
    /// This user records the LTF check (the police information officer at the table).
    pub may_record_ltf: bool,
    /// Every unanimous decision on this case, oldest first: open ones with
    /// their votes so far, adopted ones (used by their step, e.g. `close`)
    /// and withdrawn ones, each with every organisation's vote and outcome.
    pub decisions: Vec<CaseDecision>,
    /// The partner organisations holding a seat at the case's table.
    pub table_organisations: Vec<crate::api::NamedRef>,
    /// For the expert: the meetings of the case's table a decision can be put
    /// to (planned: not cancelled and not yet marked held; attendance
    /// recorded), latest first. Name one as
    /// `meeting_id` in `POST /api/v1/cases/{id}/decisions`.
    pub decision_meetings: Vec<DecisionMeetingRef>,
}

/// A meeting a decision can be put to, with the organisations its attendance
/// records as present: they, and only they, vote.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionMeetingRef {
    pub id: String,
    /// RFC 3339, UTC.
    pub starts_at: String,
    /// The names of the organisations present.
    pub present: Vec<String>,
}

/// A decision that needs every partner organisation present to agree.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseDecision {
    /// Use in `POST /api/v1/cases/{id}/decisions/{decision_id}/votes` and
    /// `.../withdraw`.
    pub id: String,
    /// `close`, `security_risk` or `send_terugkoppelingsfiche_to_police`.
    pub kind: String,
    /// `open`, `adopted` (used by the step that needed it) or `withdrawn`
    /// (by the expert; it stays on file with its votes).
    pub status: String,
    /// Every organisation present agreed (and it was not withdrawn): while
    /// open, the step that needs it may be taken.
    pub adopted: bool,
    /// The count of the votes: `unanimous`, `blocked` (a dissent or an
    /// abstention) or `votes_missing`.
    pub outcome: Option<String>,
    /// The meeting it was put to (null for decisions from before that rule).
    pub meeting_id: Option<String>,
    /// RFC 3339, UTC: when that meeting starts.
    pub meeting_starts_at: Option<String>,
    /// The meeting is marked held: the votes are final.
    pub votes_final: bool,
    /// RFC 3339, UTC.
    pub proposed_at: String,
    /// RFC 3339, UTC: when it was adopted (used) or withdrawn.
    pub closed_at: Option<String>,
    /// For `security_risk`: why guidance is no longer enough, as the table
    /// votes on it. Null for the other kinds.
    pub reason: Option<String>,
    /// One line per organisation present.
    pub votes: Vec<DecisionVote>,
    /// This user's organisation is present and may vote now.
    pub may_vote: bool,
    /// This user (the expert) may withdraw it (while open).
    pub may_withdraw: bool,
}

/// The vote of one organisation present.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionVote {
    /// The organisation's name.
    pub organisation: String,
    /// `agree`, `disagree` or `abstain`; null while the vote is missing.
    /// Anything but `agree` blocks the decision.
    pub vote: Option<String>,
    /// RFC 3339, UTC: when it voted (last); null while missing.
    pub at: Option<String>,
}

impl From<service::VoteLine> for DecisionVote {
    fn from(l: service::VoteLine) -> Self {
        DecisionVote {
            organisation: l.organisation,
            vote: l.vote.map(|v| v.code().to_owned()),
            at: l.at.map(rfc3339),
        }
    }
}

/// A referral (aanmelding). Missing properties count as empty and are
/// reported per field; unknown properties are refused.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReferralRequest {
    /// `a` and/or `b`.
    #[schema(example = json!(["a"]))]
    pub target_groups: Vec<String>,
    pub name: String,
    /// `dd/mm/yyyy` or ISO `yyyy-mm-dd`.
    #[schema(example = "01/04/2010")]
    pub date_of_birth: String,
    pub address: Option<String>,
    /// The Belgian national register number (checked with mod 97); optional.
    pub national_number: Option<String>,
    pub lives_in_area: bool,
    pub socially_active_in_area: bool,
    pub reason: String,
    /// `partner_member`; the expert may also use `contact_point` or `reference_person`.
    #[schema(example = "partner_member")]
    pub source: String,
    /// The id of a contact of the contact point this referral is made from
    /// (the expert, who keeps the register): the case is linked back to it and
    /// the contact records that a referral was done. The source is then
    /// `contact_point` (taken as such when left empty).
    pub contact: Option<String>,
    /// The id of a signal this referral is made from (the expert; not with
    /// `contact`): the signal records the case. The source follows from the
    /// signal's (`reference_person` for a reference person's signal,
    /// `contact_point` for the contact point's, `partner_member` otherwise) and
    /// is taken as such when left empty. The signal's description is not
    /// copied: signals are about groups, not persons.
    pub signal: Option<String>,
}

/// The case a referral created.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralCreated {
    pub id: String,
    pub code: String,
}

/// A unanimous decision put to the table (the expert).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionRequest {
    /// `close`, `security_risk` or `send_terugkoppelingsfiche_to_police`.
    #[schema(example = "close")]
    pub kind: String,
    /// The meeting of the case's table at which the decision is put (see the
    /// case file's `decision_meetings`). The organisations its attendance
    /// records as present must each agree. The meeting must be planned (not
    /// cancelled, not yet marked held). While a proposal of the kind is open
    /// a new one is refused (`decision_open`): withdraw it first.
    #[serde(default)]
    pub meeting_id: String,
    /// Required for `security_risk`: why guidance no longer suffices.
    #[serde(default)]
    pub reason: Option<String>,
}

/// The vote of the caller's organisation (voting again replaces it while the decision is open).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteRequest {
    /// `agree`, `disagree` or `abstain`.
    #[schema(example = "agree")]
    pub vote: String,
}

/// A step of the case flow.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionRequest {
    /// `start_screening`, `put_on_agenda`, `refer_elsewhere`, `handle_in_own_work`,
    /// `open_assessment`, `conclude_not_enough_information`, `conclude_socio_preventive`,
    /// `conclude_security_risk`, `conclude_outside_scope`, `return_to_agenda`, `close`, `transfer`.
    #[schema(example = "start_screening")]
    pub transition: String,
    #[serde(default)]
    pub note: Option<String>,
    /// Required for `conclude_security_risk`: why guidance no longer suffices.
    #[serde(default)]
    pub security_risk_reason: Option<String>,
    /// Required for `transfer`: the receiving LIVC-R.
    #[serde(default)]
    pub receiving_livc: Option<String>,
}

/// The state a step led to.
#[derive(Debug, Serialize, ToSchema)]
pub struct StateResponse {
    pub state: String,
}

/// The LTF check, recorded by the police information officer at the case's table.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LtfRequest {
    /// `cleared` (no counter-indication) or `counter_indication`.
    #[schema(example = "cleared")]
    pub status: String,
}

/// Why the identity is needed; audited, sealed with the case key.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct IdentityRequest {
    pub purpose: String,
}

/// The identity behind a case code. Shown in this response only.
#[derive(Debug, Serialize, ToSchema)]
pub struct IdentityResponse {
    pub name: String,
    /// ISO `yyyy-mm-dd`.
    pub date_of_birth: Option<String>,
    pub address: Option<String>,
    /// Eleven digits.
    pub national_number: Option<String>,
}

/// Re-authentication before revealing an identity.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReauthRequest {
    pub password: String,
    /// The TOTP code; required for accounts with MFA.
    #[serde(default)]
    pub totp: Option<String>,
}

// ---------------------------------------------------------------- helpers

/// `res` with a `Location` header naming `location`: a path the server
/// built from ids it made or found, so always a valid header value (anything
/// else is left out rather than failing the request).
pub(crate) fn with_location(mut res: Response, location: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

pub(crate) fn rule_error(
    status: StatusCode,
    code: &str,
    message: Option<String>,
    rid: &str,
) -> Response {
    (
        status,
        Json(RuleError {
            error: code.to_owned(),
            message,
            request_id: Some(rid.to_owned()),
        }),
    )
        .into_response()
}

/// A body that is not the JSON asked for: too large, not JSON, wrong types.
/// The parser's own text is never echoed (it may quote what was sent).
fn body_refused(r: &JsonRejection, tr: Tr, rid: &str) -> Response {
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
        StatusCode::UNPROCESSABLE_ENTITY => (
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            "error-400-text",
        ),
        _ => (StatusCode::BAD_REQUEST, "bad_request", "error-400-text"),
    };
    rule_error(status, code, Some(tr.t(key)), rid)
}

/// A body that must be a JSON object of `T`. `Json<T>` alone would also take
/// an array positionally (`["agree"]` as a vote); these endpoints take
/// objects only. Anything else is `invalid_body`, without the parser's text.
pub(crate) fn object_body<T: serde::de::DeserializeOwned>(
    body: Result<Json<serde_json::Value>, JsonRejection>,
    tr: Tr,
    rid: &str,
) -> Result<T, Box<Response>> {
    let v = match body {
        Ok(Json(v)) => v,
        Err(r) => return Err(Box::new(body_refused(&r, tr, rid))),
    };
    if v.is_object()
        && let Ok(t) = serde_json::from_value(v)
    {
        return Ok(t);
    }
    Err(Box::new(rule_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
        Some(tr.t("error-400-text")),
        rid,
    )))
}

/// Case data is for the roles that may see it (policy `ViewCases`: tenant,
/// MFA, role), and only once the code of ethics in force is accepted.
/// For the case paths without a case id; see [`case_gate`].
pub(crate) async fn gate(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    rid: &str,
) -> AppResult<Option<Response>> {
    case_gate(state, s, tr, rid, None).await
}

/// [`gate`] for a path about case `id`. Either refusal is audited
/// (`service::record_refusal`: the case named only when `id` is one of the
/// tenant's cases), as every refusal further on is.
pub(crate) async fn case_gate(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    rid: &str,
    id: Option<&str>,
) -> AppResult<Option<Response>> {
    if let Err(e) = s.require(Action::ViewCases) {
        service::record_refusal(state, s, id.map(str::to_owned)).await?;
        return Err(e);
    }
    if service::must_accept_ethics(state, s).await? {
        service::record_refusal(state, s, id.map(str::to_owned)).await?;
        return Ok(Some(rule_error(
            StatusCode::FORBIDDEN,
            "ethics_code_not_accepted",
            Some(tr.t("case-deny-ethics")),
            rid,
        )));
    }
    Ok(None)
}

/// RFC 3339 in UTC for a timestamp in milliseconds.
pub(crate) fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// `2010-04-01` becomes `01/04/2010`; anything else is left for the service to judge.
pub(crate) fn belgian_date(input: &str) -> String {
    let t = input.trim();
    let b = t.as_bytes();
    let iso = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    match (iso, t.get(0..4), t.get(5..7), t.get(8..10)) {
        (true, Some(y), Some(m), Some(d)) => format!("{d}/{m}/{y}"),
        _ => input.to_owned(),
    }
}

/// The API's name for a field the referral service reports.
fn api_field(field: &str) -> &str {
    match field {
        "groups" => "target_groups",
        "tie" => "lives_in_area",
        other => other,
    }
}

/// The stable code of a rule the service refused a step or an LTF answer
/// with, from its message key: `case-error-ltf-not-cleared` -> `ltf_not_cleared`
/// (the codes of `TransitionError::code`).
///
/// Decisions: `decision-error-nobody-present` -> `nobody_present` (the codes of
/// `TallyError::code`); a bad kind, a bad vote and a vote on a decision that
/// is no longer open are `decision_kind_invalid`, `vote_invalid` and
/// `decision_closed`; the rules of `DecisionError` keep its codes
/// (`decision_open`, `meeting_held`, `dissent_at_meeting`).
pub fn rule_code(key: &str) -> String {
    use verbind_domain::case::decision::DecisionError;
    for e in DecisionError::ALL {
        if e.message_key() == key {
            return e.code().to_owned();
        }
    }
    match key {
        "case-field-ltf-invalid" => "ltf_status_invalid".to_owned(),
        "text-error-too-long" => "note_too_long".to_owned(),
        "decision-error-kind" => "decision_kind_invalid".to_owned(),
        "decision-error-vote" => "vote_invalid".to_owned(),
        "decision-error-closed" => "decision_closed".to_owned(),
        other => other
            .strip_prefix("case-error-")
            .or_else(|| other.strip_prefix("decision-error-"))
            .unwrap_or(other)
            .replace('-', "_"),
    }
}

fn list_item(c: &CaseSummary) -> CaseListItem {
    CaseListItem {
        id: c.id.clone(),
        code: c.code.clone(),
        state: c.state.code().to_owned(),
        target_groups: c.groups.iter().map(|g| g.code().to_owned()).collect(),
        minor: c.minor,
        protective_measure: c.protective_measure,
        ltf: c.ltf.code().to_owned(),
        updated_at: rfc3339(c.updated_at),
    }
}

fn case_file(d: CaseDetail) -> CaseFile {
    let s = d.summary;
    CaseFile {
        id: s.id,
        code: s.code,
        state: s.state.code().to_owned(),
        target_groups: s.groups.iter().map(|g| g.code().to_owned()).collect(),
        minor: s.minor,
        protective_measure: s.protective_measure,
        ltf: s.ltf.code().to_owned(),
        reason: d.reason,
        referral_source: d.referral_source,
        referred_by_organisation: d.referred_by_org,
        transfer: None,
        lives_in_area: d.lives_in_area,
        socially_active_in_area: d.socially_active_in_area,
        created_at: rfc3339(d.created_at),
        updated_at: rfc3339(s.updated_at),
        history: d
            .history
            .into_iter()
            .map(|h| HistoryEntry {
                at: rfc3339(h.at),
                from: h.from.code().to_owned(),
                to: h.to.code().to_owned(),
                transition: h.transition,
                note: h.note,
            })
            .collect(),
        allowed_transitions: d.allowed.iter().map(|t| t.code().to_owned()).collect(),
        may_step: d.may_step,
        may_record_ltf: d.may_record_ltf,
        decisions: d
            .decisions
            .into_iter()
            .map(|v| CaseDecision {
                id: v.id,
                kind: v.kind.code().to_owned(),
                status: v.status.code().to_owned(),
                adopted: v.adopted,
                outcome: v.outcome.map(str::to_owned),
                meeting_id: v.meeting_id,
                meeting_starts_at: v.meeting_starts_at.map(rfc3339),
                votes_final: v.votes_final,
                proposed_at: rfc3339(v.proposed_at),
                closed_at: v.closed_at.map(rfc3339),
                reason: v.reason,
                votes: v.votes.into_iter().map(DecisionVote::from).collect(),
                may_vote: v.may_vote,
                may_withdraw: v.may_withdraw,
            })
            .collect(),
        table_organisations: d
            .table_orgs
            .into_iter()
            .map(|(id, name)| crate::api::NamedRef { id, name })
            .collect(),
        decision_meetings: d
            .decision_meetings
            .into_iter()
            .map(|m| DecisionMeetingRef {
                id: m.id,
                starts_at: rfc3339(m.starts_at),
                present: m.present,
            })
            .collect(),
    }
}

// ---------------------------------------------------------------- handlers

/// The code of ethics in force and whether this user accepted it.
#[utoipa::path(get, path = "/api/v1/ethics", tag = "cases",
    responses(
        (status = 200, body = EthicsStatus),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "This role never sees cases", body = crate::api::ApiError),
    ))]
pub async fn get_ethics(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Json<EthicsStatus>> {
    s.require(Action::ViewCases)?;
    let status = service::ethics_status(&state, &s).await?;
    let tr = Tr::new(l);
    Ok(Json(EthicsStatus {
        version: status.version,
        published_at: status.published_at.map(rfc3339),
        summary: status.summary,
        changes: status
            .changes
            .into_iter()
            .map(|c| EthicsChange {
                version: c.version,
                published_at: rfc3339(c.published_at),
                summary: c.summary,
            })
            .collect(),
        accepted: status.accepted,
        language: l.tag().to_owned(),
        title: tr.t("ethics-title"),
        intro: tr.t("ethics-intro"),
        rules: ETHICS_RULES.iter().map(|k| tr.t(k)).collect(),
    }))
}

/// The rules of the code of ethics, in the order of the page `/deontologie`.
const ETHICS_RULES: [&str; 8] = [
    "ethics-1", "ethics-2", "ethics-3", "ethics-4", "ethics-5", "ethics-6", "ethics-7", "ethics-8",
];

/// Accept the code of ethics in force (needs `X-CSRF-Token`). The body may
/// name the version shown to the user; without it (or without a body), the
/// version in force is accepted.
#[utoipa::path(post, path = "/api/v1/ethics/accept", tag = "cases",
    request_body = Option<EthicsAcceptRequest>,
    responses(
        (status = 204, description = "Accepted (audited with the version)"),
        (status = 400, description = "Not JSON", body = RuleError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "No CSRF token, or this role never sees cases", body = crate::api::ApiError),
        (status = 409, description = "`ethics_version_changed`: another version is in force now; nothing was recorded", body = RuleError),
        (status = 422, description = "`invalid_body`", body = RuleError),
    ))]
pub async fn accept_ethics(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Option<Json<serde_json::Value>>, JsonRejection>,
) -> AppResult<Response> {
    s.require(Action::ViewCases)?;
    let tr = Tr::new(l);
    let req: EthicsAcceptRequest = match body {
        Ok(None) => EthicsAcceptRequest::default(),
        Ok(Some(json)) => match object_body(Ok(json), tr, &rid) {
            Ok(r) => r,
            Err(res) => return Ok(*res),
        },
        Err(r) => return Ok(body_refused(&r, tr, &rid)),
    };
    let accepted = service::accept_ethics(&state, &s, req.version).await?;
    Ok(match accepted {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(_) => rule_error(
            StatusCode::CONFLICT,
            "ethics_version_changed",
            Some(tr.t("ethics-version-changed")),
            &rid,
        ),
    })
}

/// The cases this user may open: codes and facts, never a name (audited).
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases",
    responses(
        (status = 200, body = Vec<CaseListItem>),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, or `forbidden`", body = RuleError),
    ))]
pub async fn list_cases(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
) -> AppResult<Response> {
    if let Some(r) = gate(&state, &s, Tr::new(l), &rid).await? {
        return Ok(r);
    }
    let cases = service::list(&state, &s).await?;
    Ok(Json(cases.iter().map(list_item).collect::<Vec<_>>()).into_response())
}

/// Refer a person (aanmelding) to the Partnertafel (needs `X-CSRF-Token`).
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = ReferralRequest,
    responses(
        (status = 201, description = "Created; `Location` names the case", body = ReferralCreated),
        (status = 400, description = "Not JSON", body = RuleError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, `forbidden` or `csrf`", body = RuleError),
        (status = 404, description = "`contact` names no contact, or `signal` no signal, of this LIVC-R", body = crate::api::ApiError),
        (status = 409, description = "`contact_already_referred` / `signal_already_referred`: a case was referred from this `contact` / `signal` already (`Location` names it); nothing was created", body = RuleError),
        (status = 413, description = "Body too large", body = RuleError),
        (status = 422, description = "A field broke a rule (`invalid`), a property has the wrong type (`invalid_body`), `contact_and_signal` (both given) or `signal_source_mismatch`", body = ValidationError),
    ))]
pub async fn create_case(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<ReferralRequest>, JsonRejection>,
) -> AppResult<Response> {
    // 409: a case was referred from this contact already; `Location` names it.
    fn contact_already_referred(tr: Tr, rid: &str, case_id: &str) -> Response {
        with_location(
            rule_error(
                StatusCode::CONFLICT,
                "contact_already_referred",
                Some(tr.t("contact-api-already-referred")),
                rid,
            ),
            &format!("/api/v1/cases/{case_id}"),
        )
    }
    // 409: a case was referred from this signal already; `Location` names it.
    fn signal_already_referred(tr: Tr, rid: &str, case_id: &str) -> Response {
        with_location(
            rule_error(
                StatusCode::CONFLICT,
                "signal_already_referred",
                Some(tr.t("signal-referral-api-already-referred")),
                rid,
            ),
            &format!("/api/v1/cases/{case_id}"),
        )
    }
    let tr = Tr::new(l);
    if let Some(r) = gate(&state, &s, tr, &rid).await? {
        return Ok(r);
    }
    let mut req = match body {
        Ok(Json(req)) => req,
        Err(r) => return Ok(body_refused(&r, tr, &rid)),
    };
    let contact = req.contact.take().filter(|c| !c.trim().is_empty());
    let signal = req.signal.take().filter(|c| !c.trim().is_empty());
    if contact.is_some() && signal.is_some() {
        return Ok(rule_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "contact_and_signal",
            Some(tr.t("signal-referral-api-contact-and-signal")),
            &rid,
        ));
    }
    if let Some(g) = &signal {
        // Only the expert, and only a signal of this tenant; one referral
        // per signal.
        let (source, existing) =
            crate::signals::service::check_referral_signal(&state, &s, g.clone()).await?;
        if req.source.trim().is_empty() {
            req.source = source.into();
        } else if req.source.trim() != source {
            return Ok(rule_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "signal_source_mismatch",
                Some(tr.t("signal-referral-api-source")),
                &rid,
            ));
        }
        if let Some(existing) = existing {
            return Ok(signal_already_referred(tr, &rid, &existing));
        }
    }
    if let Some(c) = &contact {
        if req.source.trim().is_empty() {
            req.source = "contact_point".into();
        } else if req.source.trim() != "contact_point" {
            return Ok(rule_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                "contact_needs_contact_point_source",
                Some(tr.t("case-api-contact-source")),
                &rid,
            ));
        }
        // Only the keeper of the register, and only a contact of this tenant;
        // one referral per contact (a second would duplicate the identity).
        if let Some(existing) =
            crate::contact::service::check_referral_contact(&state, &s, c.clone()).await?
        {
            return Ok(contact_already_referred(tr, &rid, &existing));
        }
    }
    let mut group_a = false;
    let mut group_b = false;
    let mut unknown_group = false;
    for g in &req.target_groups {
        match g.trim() {
            "a" => group_a = true,
            "b" => group_b = true,
            _ => unknown_group = true,
        }
    }
    if unknown_group {
        // No group at all: the service then refuses the referral on that
        // field (and reports every other field), and nothing is created.
        group_a = false;
        group_b = false;
    }
    let input = ReferralInput {
        group_a,
        group_b,
        name: req.name,
        date_of_birth: belgian_date(&req.date_of_birth),
        address: req.address.unwrap_or_default(),
        national_number: req.national_number.unwrap_or_default(),
        lives_in_area: req.lives_in_area,
        socially_active_in_area: req.socially_active_in_area,
        reason: req.reason,
        source: req.source,
    };
    let from = contact
        .map(service::ReferredFrom::Contact)
        .or(signal.map(service::ReferredFrom::Signal));
    match service::refer(&state, &s, input, from.clone()).await? {
        // Referred meanwhile by a concurrent request: nothing was created,
        // the contact or signal keeps its case.
        ReferOutcome::AlreadyReferred(existing) => Ok(match from {
            Some(service::ReferredFrom::Signal(_)) => signal_already_referred(tr, &rid, &existing),
            _ => contact_already_referred(tr, &rid, &existing),
        }),
        ReferOutcome::Created { id, code } => {
            let res = (
                StatusCode::CREATED,
                Json(ReferralCreated {
                    id: id.clone(),
                    code,
                }),
            )
                .into_response();
            Ok(with_location(res, &format!("/api/v1/cases/{id}")))
        }
        ReferOutcome::Invalid(errors) => {
            let fields = errors
                .iter()
                .map(|(field, key)| {
                    let key = if *field == "groups" && unknown_group {
                        "referral-error-unknown-target-group"
                    } else {
                        key
                    };
                    FieldError {
                        field: api_field(field).to_owned(),
                        message: tr.t(key),
                        code: key.to_owned(),
                    }
                })
                .collect();
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(ValidationError {
                    error: "invalid".into(),
                    request_id: Some(rid),
                    fields,
                }),
            )
                .into_response())
        }
    }
}

/// Open a case file (audited). No identity.
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases",
    params(("id" = String, Path, description = "The case id (a UUID), not its code")),
    responses(
        (status = 200, body = CaseFile),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, or `forbidden` (not at this case's table)", body = RuleError),
        (status = 404, description = "No such case in this LIVC-R", body = crate::api::ApiError),
    ))]
pub async fn get_case(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
) -> AppResult<Response> {
    if let Some(r) = case_gate(&state, &s, Tr::new(l), &rid, Some(&id)).await? {
        return Ok(r);
    }
    let d = service::open(&state, &s, id.clone()).await?;
    let mut file = case_file(d);
    file.transfer = super::transfer::transfer_of(&state, &s, id).await?;
    Ok(Json(file).into_response())
}

/// Take a step of the case flow (the expert; needs `X-CSRF-Token`). Audited, refusals too.
#[utoipa::path(post, path = "/api/v1/cases/{id}/transitions", tag = "cases",
    request_body = TransitionRequest,
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 200, description = "Done", body = StateResponse),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, `forbidden` (not the expert, not at the table) or `csrf`", body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, description = "A rule refused the step: `transition_not_allowed`, `ltf_not_cleared`, `ltf_counter_indication`, `vote_missing`, `vote_for_other_decision`, `not_unanimous`, `security_risk_reason_missing`, `receiving_livc_missing`, `changed_meanwhile`, `note_too_long`; or `invalid_body`", body = RuleError),
    ))]
pub async fn take_transition(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<TransitionRequest>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    if let Some(r) = case_gate(&state, &s, tr, &rid, Some(&id)).await? {
        return Ok(r);
    }
    let req = match body {
        Ok(Json(req)) => req,
        Err(r) => return Ok(body_refused(&r, tr, &rid)),
    };
    let input = StepInput {
        transition: req.transition,
        note: req.note.unwrap_or_default(),
        security_risk_reason: req.security_risk_reason.unwrap_or_default(),
        receiving_livc: req.receiving_livc.unwrap_or_default(),
    };
    Ok(match service::step(&state, &s, id, input).await? {
        StepOutcome::Done(to) => Json(StateResponse {
            state: to.code().to_owned(),
        })
        .into_response(),
        StepOutcome::Refused(key) => rule_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            &rule_code(key),
            Some(tr.t(key)),
            &rid,
        ),
    })
}

/// Put a unanimous decision to the table at one of its meetings: the partner
/// organisations the meeting's attendance records as present must each agree
/// (needs `X-CSRF-Token`).
/// Audited. The decision, with its id and votes, is in the case file.
#[utoipa::path(post, path = "/api/v1/cases/{id}/decisions", tag = "cases",
    request_body = DecisionRequest,
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 201, description = "Put to the vote; `Location` names the case file, whose `decisions` hold it"),
        (status = 400, description = "Not JSON", body = RuleError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, `forbidden` (not the expert, not at the table) or `csrf`", body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 413, description = "Body too large", body = RuleError),
        (status = 415, description = "Not `application/json`", body = RuleError),
        (status = 422, description = "A rule refused the proposal: `decision_kind_invalid`, `meeting` (not a meeting of this case's table, or cancelled), `meeting_held` (the meeting is marked held: put it to a later one), `decision_open` (a proposal of this kind is open: withdraw it first), `dissent_at_meeting` (an organisation present dissented or abstained on this kind at this meeting: the next meeting takes it up), `nobody_present` (the meeting's attendance records no organisation of this table as present), `security_risk_reason_missing`; or `invalid_body`", body = RuleError),
    ))]
pub async fn propose_decision(
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
    let req: DecisionRequest = match object_body(body, tr, &rid) {
        Ok(req) => req,
        Err(res) => return Ok(*res),
    };
    let reason = req.reason.unwrap_or_default();
    Ok(
        match service::propose_decision(&state, &s, id.clone(), req.kind, req.meeting_id, reason)
            .await?
        {
            Ok(()) => with_location(
                StatusCode::CREATED.into_response(),
                &format!("/api/v1/cases/{id}"),
            ),
            Err(key) => rule_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &rule_code(key),
                Some(tr.t(key)),
                &rid,
            ),
        },
    )
}

/// Vote on an open decision for the caller's organisation, which must be
/// among those present (needs `X-CSRF-Token`). One vote per organisation;
/// voting again replaces it while the decision is open and its meeting is
/// not marked held (then the votes are final). Audited.
#[utoipa::path(post, path = "/api/v1/cases/{id}/decisions/{decision_id}/votes", tag = "cases",
    request_body = VoteRequest,
    params(
        ("id" = String, Path, description = "The case id"),
        ("decision_id" = String, Path, description = "The decision id, from the case file's `decisions`"),
    ),
    responses(
        (status = 204, description = "Recorded"),
        (status = 400, description = "Not JSON", body = RuleError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, `forbidden` (not at the table, or the organisation was not present) or `csrf`", body = RuleError),
        (status = 404, description = "No such case, or no such decision on this case", body = crate::api::ApiError),
        (status = 413, description = "Body too large", body = RuleError),
        (status = 415, description = "Not `application/json`", body = RuleError),
        (status = 422, description = "`vote_invalid`, `decision_closed` (adopted and used, or withdrawn), `meeting_held` (its meeting is marked held: the votes are final), `meeting_not_started` (its meeting has not started: the table votes while it sits), `meeting` (its meeting was cancelled), or `invalid_body`", body = RuleError),
    ))]
pub async fn cast_vote(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path((id, decision_id)): Path<(String, String)>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    if let Some(r) = case_gate(&state, &s, tr, &rid, Some(&id)).await? {
        return Ok(r);
    }
    let req: VoteRequest = match object_body(body, tr, &rid) {
        Ok(req) => req,
        Err(res) => return Ok(*res),
    };
    Ok(
        match service::cast_vote(&state, &s, id, decision_id, req.vote).await? {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(key) => rule_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &rule_code(key),
                Some(tr.t(key)),
                &rid,
            ),
        },
    )
}

/// Withdraw an open proposal (the expert; needs `X-CSRF-Token`), e.g. one
/// blocked by a dissent, so a later meeting can take the question up again.
/// It stays in the case file with its votes, as `withdrawn`. Audited.
#[utoipa::path(post, path = "/api/v1/cases/{id}/decisions/{decision_id}/withdraw", tag = "cases",
    params(
        ("id" = String, Path, description = "The case id"),
        ("decision_id" = String, Path, description = "The decision id, from the case file's `decisions`"),
    ),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, `forbidden` (not the expert) or `csrf`", body = RuleError),
        (status = 404, description = "No such case, or no such decision on this case", body = crate::api::ApiError),
        (status = 422, description = "`decision_closed` (adopted and used, or withdrawn already)", body = RuleError),
    ))]
pub async fn withdraw_decision(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path((id, decision_id)): Path<(String, String)>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    if let Some(r) = case_gate(&state, &s, tr, &rid, Some(&id)).await? {
        return Ok(r);
    }
    Ok(
        match service::withdraw_decision(&state, &s, id, decision_id).await? {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(key) => rule_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &rule_code(key),
                Some(tr.t(key)),
                &rid,
            ),
        },
    )
}

/// Record the LTF check (the police information officer at the case's table; needs `X-CSRF-Token`).
#[utoipa::path(post, path = "/api/v1/cases/{id}/ltf", tag = "cases",
    request_body = LtfRequest,
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 204, description = "Recorded (audited)"),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`ethics_code_not_accepted`, `forbidden` (not the police at this table) or `csrf`", body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, description = "`ltf_status_invalid` or `invalid_body`", body = RuleError),
    ))]
pub async fn record_ltf(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<LtfRequest>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    if let Some(r) = case_gate(&state, &s, tr, &rid, Some(&id)).await? {
        return Ok(r);
    }
    let req = match body {
        Ok(Json(req)) => req,
        Err(r) => return Ok(body_refused(&r, tr, &rid)),
    };
    Ok(
        match service::record_ltf(&state, &s, id, req.status).await? {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(key) => rule_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &rule_code(key),
                Some(tr.t(key)),
                &rid,
            ),
        },
    )
}

/// Reveal the identity behind a case code: seat holders of the case's table
/// only, after `POST /api/v1/session/reauth`, with a purpose (audited; needs `X-CSRF-Token`).
#[utoipa::path(post, path = "/api/v1/cases/{id}/identity", tag = "cases",
    request_body = IdentityRequest,
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 200, description = "The identity, in this response only", body = IdentityResponse),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`reauth_required`, `purpose_required`, `identity_closed_to_table` (a partner, when the table does not or no longer handle the case or the LTF check stopped it: only the expert may), `ethics_code_not_accepted`, `forbidden` or `csrf`", body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, description = "`invalid_body`, `purpose_too_long` (over 500 characters)", body = RuleError),
    ))]
pub async fn reveal_identity(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<IdentityRequest>, JsonRejection>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    if let Some(r) = case_gate(&state, &s, tr, &rid, Some(&id)).await? {
        return Ok(r);
    }
    let req = match body {
        Ok(Json(req)) => req,
        Err(r) => return Ok(body_refused(&r, tr, &rid)),
    };
    if let Err(TextError::TooLong { max }) = RevealPurpose::parse(&req.purpose) {
        return Ok(rule_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "purpose_too_long",
            Some(tr.t_args("case-reveal-purpose-too-long", &[("max", max.to_string())])),
            &rid,
        ));
    }
    Ok(match service::reveal(&state, &s, id, req.purpose).await? {
        Ok(identity) => Json(IdentityResponse {
            name: identity.name,
            date_of_birth: identity.date_of_birth,
            address: identity.address,
            national_number: identity.national_number,
        })
        .into_response(),
        Err(reason) => {
            let code = match reason {
                DenyReason::Case(CaseDenyReason::ReauthRequired) => "reauth_required",
                DenyReason::Case(CaseDenyReason::PurposeRequired) => "purpose_required",
                DenyReason::Case(CaseDenyReason::IdentityClosedToTable) => {
                    "identity_closed_to_table"
                }
                DenyReason::Case(CaseDenyReason::EthicsCodeNotAccepted) => {
                    "ethics_code_not_accepted"
                }
                _ => "forbidden",
            };
            rule_error(
                StatusCode::FORBIDDEN,
                code,
                Some(tr.t(deny_message_key(reason))),
                &rid,
            )
        }
    })
}

/// Re-authenticate (password, and the TOTP code with MFA) before revealing
/// an identity; fresh for a few minutes (needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/session/reauth", tag = "session",
    request_body = ReauthRequest,
    responses(
        (status = 204, description = "Re-authenticated"),
        (status = 400, body = RuleError),
        (status = 401, description = "`unauthorized` (no session) or `reauth_failed`", body = RuleError),
        (status = 403, description = "`csrf`", body = crate::api::ApiError),
        (status = 413, body = RuleError),
        (status = 422, description = "`invalid_body`", body = RuleError),
        (status = 429, description = "`throttled`: too many failed attempts; nothing was checked. Try again after `retry_after_seconds` (also in `Retry-After`)", body = ThrottledError),
        (status = 503, description = "`busy`: too many password checks at once; nothing was checked and it does not count as a failure. Try again after `retry_after_seconds` (also in `Retry-After`)", body = ThrottledError),
    ))]
pub async fn reauthenticate(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<ReauthRequest>, JsonRejection>,
) -> AppResult<Response> {
    s.require(Action::ManageOwnAccount)?;
    let tr = Tr::new(l);
    let req = match body {
        Ok(Json(req)) => req,
        Err(r) => return Ok(body_refused(&r, tr, &rid)),
    };
    use crate::auth::service::ReauthOutcome;
    let outcome = crate::auth::service::reauthenticate(
        &state,
        &s,
        SecretString::from(req.password),
        req.totp.filter(|c| !c.trim().is_empty()),
    )
    .await?;
    Ok(match outcome {
        ReauthOutcome::Confirmed => StatusCode::NO_CONTENT.into_response(),
        ReauthOutcome::Failed => rule_error(
            StatusCode::UNAUTHORIZED,
            "reauth_failed",
            Some(tr.t("reauth-failed")),
            &rid,
        ),
        // As `POST /api/v1/session` when throttled: 429, `Retry-After`.
        ReauthOutcome::Throttled { retry_after_s } => {
            let mut res = (
                StatusCode::TOO_MANY_REQUESTS,
                Json(ThrottledError {
                    error: "throttled".into(),
                    message: Some(
                        tr.t_args("login-throttled", &[("seconds", retry_after_s.to_string())]),
                    ),
                    request_id: Some(rid),
                    retry_after_seconds: Some(retry_after_s),
                }),
            )
                .into_response();
            crate::error::set_retry_after(&mut res, retry_after_s);
            res
        }
        // As `POST /api/v1/session` when the password workers are busy: 503, `Retry-After`.
        ReauthOutcome::Busy { retry_after_s } => {
            let mut res = (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(ThrottledError {
                    error: "busy".into(),
                    message: Some(tr.t("login-busy")),
                    request_id: Some(rid),
                    retry_after_seconds: Some(retry_after_s),
                }),
            )
                .into_response();
            crate::error::set_retry_after(&mut res, retry_after_s);
            res
        }
    })
}

/// Too many failed attempts (`throttled`), or too many password checks at
/// once (`busy`), as `POST /api/v1/session` answers it, with a translated message.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThrottledError {
    /// `throttled` or `busy`.
    pub error: String,
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// When to try again, in seconds (also in `Retry-After`).
    pub retry_after_seconds: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_become_belgian() {
        assert_eq!(belgian_date("2010-04-01"), "01/04/2010");
        assert_eq!(belgian_date(" 2010-04-01 "), "01/04/2010");
        assert_eq!(belgian_date("01/04/2010"), "01/04/2010");
        assert_eq!(belgian_date("2010-4-01"), "2010-4-01");
        assert_eq!(belgian_date("20a0-04-01"), "20a0-04-01");
        assert_eq!(belgian_date("éé10-04-01"), "éé10-04-01");
        assert_eq!(belgian_date(""), "");
    }

    #[test]
    fn rule_codes_match_the_domain() {
        use verbind_domain::case::TransitionError;
        for e in [
            TransitionError::LtfNotCleared,
            TransitionError::LtfCounterIndication,
            TransitionError::SecurityRiskReasonMissing,
            TransitionError::ReceivingLivcMissing,
        ] {
            assert_eq!(rule_code(e.message_key()), e.code());
        }
        assert_eq!(
            rule_code("case-error-transition-not-allowed"),
            "transition_not_allowed"
        );
        assert_eq!(rule_code("case-error-vote-missing"), "vote_missing");
        assert_eq!(rule_code("case-error-not-unanimous"), "not_unanimous");
        assert_eq!(rule_code("case-field-ltf-invalid"), "ltf_status_invalid");
    }

    #[test]
    fn decision_codes() {
        use verbind_domain::OrganisationId;
        use verbind_domain::case::decision::TallyError;
        for e in [
            TallyError::NobodyPresent,
            TallyError::DuplicateVote(OrganisationId::from_db("o".into())),
        ] {
            assert_eq!(rule_code(e.message_key()), e.code());
        }
        assert_eq!(rule_code("decision-error-kind"), "decision_kind_invalid");
        assert_eq!(rule_code("decision-error-vote"), "vote_invalid");
        assert_eq!(rule_code("decision-error-closed"), "decision_closed");
        assert_eq!(
            rule_code("case-error-security-risk-reason-missing"),
            "security_risk_reason_missing"
        );
    }

    #[test]
    fn timestamps_are_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
