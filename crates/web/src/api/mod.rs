//! The JSON API under `/api/v1`, over the same services and the same session,
//! CSRF and policy rules as the pages. Described by the OpenAPI document at
//! `/api/v1/openapi.json`.

pub mod attention;
pub mod case_work;
pub mod cases;
pub mod meetings;
pub mod network;
pub mod outreach;
pub mod prevention;
pub mod transfer;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use verbind_domain::policy::Action;
use verbind_store::models::{organisation, tenant, user};

use crate::auth::service::{self, LoginAttempt, LoginOutcome};
use crate::error::AppResult;
use crate::middleware::client::ClientSource;
use crate::middleware::request_id::RequestId;
use crate::middleware::session::{CurrentSession, SESSION_COOKIE, host_cookie};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Verbind API",
        version = "1",
        description = "JSON API of Verbind. Authenticate with POST /api/v1/session; send the returned csrf_token as X-CSRF-Token on every other non-GET request."
    ),
    paths(
        create_session,
        delete_session,
        me,
        cases::reauthenticate,
        cases::get_ethics,
        cases::accept_ethics,
        cases::list_cases,
        cases::create_case,
        cases::get_case,
        cases::take_transition,
        cases::propose_decision,
        cases::cast_vote,
        cases::record_ltf,
        cases::reveal_identity,
        transfer::list_partners,
        transfer::export_package,
        transfer::import_package,
        meetings::list_meetings,
        meetings::plan_meeting,
        meetings::get_meeting,
        meetings::set_status,
        meetings::record_attendance,
        meetings::acknowledge,
        meetings::write_minutes,
        meetings::invite_guest,
        meetings::withdraw_guest,
        case_work::answer_knowledge,
        case_work::list_items,
        case_work::add_item,
        case_work::item_action,
        case_work::get_assessment,
        case_work::record_assessment,
        case_work::get_trajectory,
        case_work::propose_action,
        case_work::act_on_action,
        case_work::evaluate_action,
        case_work::get_feedback,
        case_work::send_feedback,
        case_work::get_fiche,
        case_work::send_fiche,
        prevention::submit_contact_point,
        prevention::list_contacts,
        prevention::search_contacts,
        prevention::create_contact,
        prevention::get_contact,
        prevention::list_signals,
        prevention::create_signal,
        prevention::get_signal,
        prevention::signal_trends,
        network::list_tensions,
        network::create_tension,
        network::get_tension,
        network::update_tension,
        network::put_analysis,
        network::add_severity,
        network::add_action,
        network::link_signals,
        network::list_persons,
        network::create_person,
        network::get_person,
        network::update_person,
        network::list_trainings,
        network::create_training,
        network::get_training,
        network::update_training,
        network::put_attendance,
        crate::report::pages::api,
    ),
    components(schemas(
        LoginRequest,
        SessionResponse,
        Me,
        NamedRef,
        ApiError,
        cases::RuleError,
        cases::FieldError,
        cases::ValidationError,
        cases::EthicsStatus,
        cases::CaseListItem,
        cases::HistoryEntry,
        cases::CaseFile,
        cases::CaseDecision,
        cases::DecisionVote,
        cases::DecisionRequest,
        cases::DecisionMeetingRef,
        cases::VoteRequest,
        cases::ReferralRequest,
        cases::ReferralCreated,
        cases::TransitionRequest,
        cases::StateResponse,
        cases::LtfRequest,
        cases::IdentityRequest,
        cases::IdentityResponse,
        cases::ReauthRequest,
        transfer::TransferPartner,
        transfer::PackageRequest,
        transfer::ReceivedCase,
        meetings::MeetingItem,
        meetings::NormCount,
        meetings::BodyMeetingList,
        meetings::GuestMeetingItem,
        meetings::MeetingOverview,
        meetings::PlanRequest,
        meetings::PlanFieldError,
        meetings::PlanRefused,
        meetings::MeetingCreated,
        meetings::SeatAttendanceItem,
        meetings::GuestItem,
        meetings::AgendaEntry,
        meetings::MeetingView,
        meetings::StatusRequest,
        meetings::SeatPresence,
        meetings::AttendanceRequest,
        meetings::MinutesRequest,
        meetings::GuestRequest,
        case_work::KnowledgeRequest,
        case_work::ItemViewer,
        case_work::CaseItem,
        case_work::CaseItems,
        case_work::ItemRequest,
        case_work::Created,
        case_work::Findings,
        case_work::MissingRequest,
        case_work::AssessmentRequest,
        case_work::Finding,
        case_work::MissingInformation,
        case_work::Assessment,
        case_work::CitableItem,
        case_work::AssessmentList,
        case_work::TrajectoryAction,
        case_work::Trajectory,
        case_work::ActionRequest,
        case_work::ActionStepRequest,
        case_work::ActionEvaluation,
        case_work::EvaluationRequest,
        case_work::EvaluationMeeting,
        case_work::CitedItem,
        case_work::FeedbackEntry,
        case_work::FeedbackList,
        case_work::FeedbackRequest,
        case_work::FicheLine,
        case_work::SentFiche,
        case_work::Fiches,
        prevention::PreventionError,
        prevention::PreventionFieldError,
        prevention::PreventionValidationError,
        prevention::ContactPointRequest,
        prevention::ContactPointReceived,
        prevention::ContactSummary,
        prevention::ContactDetail,
        prevention::ContactFilterParams,
        prevention::ContactSearchRequest,
        prevention::ContactRequest,
        prevention::CreatedId,
        prevention::SignalItem,
        prevention::SignalFilterParams,
        prevention::SignalRequest,
        prevention::SignalTrends,
        network::NetworkFieldError,
        network::NetworkValidation,
        network::NetworkCreated,
        network::TensionItem,
        network::TensionList,
        network::TensionRequest,
        network::Analysis,
        network::SeverityItem,
        network::SeverityRequest,
        network::ActionItem,
        network::ActionRequest,
        network::LinkedSignal,
        network::SignalLinksRequest,
        network::TensionView,
        network::FollowedTrainingItem,
        network::DueItem,
        network::PersonItem,
        network::PersonList,
        network::PersonRequest,
        network::ParticipantItem,
        network::TrainingItem,
        network::TrainingList,
        network::TrainingRequest,
        network::AttendanceRequest,
    ))
)]
pub struct ApiDoc;

/// Credentials for `POST /api/v1/session`.
#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// TOTP code or recovery code; required for accounts with MFA.
    #[serde(default)]
    pub totp: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SessionResponse {
    /// Send as `X-CSRF-Token` on every state-changing request.
    pub csrf_token: String,
    /// True when the account must enrol in MFA before anything else.
    pub mfa_enrolment_required: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NamedRef {
    pub id: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub organisation: NamedRef,
    pub tenant: NamedRef,
    pub locale: String,
    pub mfa_enabled: bool,
    pub csrf_token: String,
}

#[derive(Serialize, ToSchema)]
pub struct ApiError {
    /// A stable code: invalid_credentials, throttled, unauthorized, forbidden, csrf, not_found, ...
    pub error: String,
    pub request_id: Option<String>,
    pub retry_after_seconds: Option<i64>,
}

/// Log in.
#[utoipa::path(post, path = "/api/v1/session", request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in; the session cookie is set", body = SessionResponse),
        (status = 401, description = "Wrong username, password or code", body = ApiError),
        (status = 429, description = "Too many failed attempts", body = ApiError),
    ))]
pub async fn create_session(
    State(state): State<AppState>,
    ClientSource(source): ClientSource,
    RequestId(request_id): RequestId,
    body: Result<Json<LoginRequest>, axum::extract::rejection::JsonRejection>,
) -> AppResult<Response> {
    let request_id = Some(request_id);
    let req = match body {
        Ok(Json(req)) => req,
        Err(rejection) => {
            let (status, code) = if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
            } else {
                (StatusCode::BAD_REQUEST, "bad_request")
            };
            let body = ApiError {
                error: code.into(),
                request_id,
                retry_after_seconds: None,
            };
            return Ok((status, Json(body)).into_response());
        }
    };
    let attempt = LoginAttempt {
        username: req.username.chars().take(128).collect(),
        password: SecretString::from(req.password),
        code: req.totp.filter(|c| !c.trim().is_empty()),
        source: source.clone(),
    };
    Ok(match service::login(&state, attempt).await? {
        LoginOutcome::Success(s) => {
            let mut res = Json(SessionResponse {
                csrf_token: s.csrf,
                mfa_enrolment_required: s.mfa_enrolment_required,
            })
            .into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                host_cookie(SESSION_COOKIE, &s.token, None),
            );
            res
        }
        LoginOutcome::Invalid => (
            StatusCode::UNAUTHORIZED,
            Json(ApiError {
                error: "invalid_credentials".into(),
                request_id,
                retry_after_seconds: None,
            }),
        )
            .into_response(),
        LoginOutcome::Throttled { retry_after_s } => {
            let mut res = (
                StatusCode::TOO_MANY_REQUESTS,
                Json(ApiError {
                    error: "throttled".into(),
                    request_id,
                    retry_after_seconds: Some(retry_after_s),
                }),
            )
                .into_response();
            if let Ok(v) = retry_after_s.to_string().parse() {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            res
        }
    })
}

/// Log out (needs `X-CSRF-Token`).
#[utoipa::path(delete, path = "/api/v1/session",
    responses((status = 204, description = "Logged out"), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
pub async fn delete_session(
    State(state): State<AppState>,
    session: CurrentSession,
) -> AppResult<Response> {
    service::logout(&state, &session).await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, host_cookie(SESSION_COOKIE, "", Some(0)));
    Ok(res)
}

/// Who am I.
#[utoipa::path(get, path = "/api/v1/me",
    responses((status = 200, body = Me), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
pub async fn me(State(state): State<AppState>, session: CurrentSession) -> AppResult<Json<Me>> {
    session.require(Action::ManageOwnAccount)?;
    let s = session.clone();
    let me = state
        .read(move |c, st| {
            let u = user::find(c, &s.tenant_id, &s.user_id)?;
            let d = user::details(c, &st.keyring, &u)?;
            let o = organisation::find(c, &s.tenant_id, &s.organisation_id)?;
            let t = tenant::find(c, &s.tenant_id)?;
            Ok(Me {
                id: u.id.clone(),
                username: u.username.clone(),
                display_name: d.display_name,
                role: u.role.clone(),
                organisation: NamedRef {
                    id: o.id,
                    name: o.name,
                },
                tenant: NamedRef {
                    id: t.id,
                    name: t.name,
                },
                locale: u.locale.clone(),
                mfa_enabled: u.mfa_enabled,
                csrf_token: s.csrf.clone(),
            })
        })
        .await?;
    Ok(Json(me))
}

/// GET /api/v1/openapi.json
pub async fn openapi() -> Response {
    let mut doc = ApiDoc::openapi();
    doc.merge(outreach::OutreachApiDoc::openapi());
    doc.merge(attention::AttentionApiDoc::openapi());
    match doc.to_json() {
        Ok(s) => ([(header::CONTENT_TYPE, "application/json")], s).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
