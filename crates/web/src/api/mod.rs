//! The JSON API under `/api/v1`, over the same services and the same session,
//! CSRF and policy rules as the pages. Described by the OpenAPI document at
//! `/api/v1/openapi.json`.

pub mod agreements;
pub mod attention;
pub mod case_work;
pub mod cases;
pub mod ethics;
pub mod meetings;
pub mod network;
pub mod outreach;
pub mod prevention;
pub mod transfer;

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
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
        ethics::publish_version,
        cases::list_cases,
        cases::create_case,
        cases::get_case,
        cases::take_transition,
        cases::propose_decision,
        cases::cast_vote,
        cases::withdraw_decision,
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
        prevention::update_contact,
        prevention::link_contact_signal,
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
        case_work::get_knowledge,
        agreements::list_agreements,
        agreements::create_agreement,
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
        cases::EthicsChange,
        cases::EthicsAcceptRequest,
        ethics::EthicsVersionRequest,
        ethics::EthicsVersionPublished,
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
        meetings::MeetingDecisionItem,
        meetings::MeetingView,
        meetings::StatusRequest,
        meetings::SeatPresence,
        meetings::MeetingAttendanceRequest,
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
        case_work::TrajectoryActionRequest,
        case_work::ActionStepRequest,
        case_work::ActionEvaluation,
        case_work::ActionRefusal,
        case_work::TrajectoryEvaluationRequest,
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
        prevention::ContactUpdateRequest,
        prevention::ContactSignalRequest,
        prevention::CreatedId,
        prevention::SignalItem,
        prevention::SignalFeedback,
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
        case_work::KnowledgeAnswer,
        case_work::KnowledgeMatrix,
        cases::CaseTransfer,
        agreements::CooperationAgreement,
        agreements::CooperationAgreementRequest,
        agreements::CooperationAgreementCreated,
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
    /// A stable code: invalid_credentials, throttled, busy, unauthorized, forbidden, csrf, not_found, ...
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
        (status = 503, description = "`busy`: too many logins at once; nothing was checked and it does not count as a failed attempt. Try again after `retry_after_seconds` (also in `Retry-After`)", body = ApiError),
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
            crate::error::set_retry_after(&mut res, retry_after_s);
            res
        }
        LoginOutcome::Busy { retry_after_s } => {
            let mut res = (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(ApiError {
                    error: "busy".into(),
                    request_id,
                    retry_after_seconds: Some(retry_after_s),
                }),
            )
                .into_response();
            crate::error::set_retry_after(&mut res, retry_after_s);
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

/// API routes added after the router was laid out: the known / followed-up
/// check's read (its write is routed with the router) and the cooperation
/// agreements. Merged into the router in `lib.rs`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/cases/{id}/knowledge",
            get(case_work::get_knowledge),
        )
        .route(
            "/api/v1/cooperation-agreements",
            get(agreements::list_agreements).post(agreements::create_agreement),
        )
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use std::collections::{BTreeMap, BTreeSet};

    use utoipa::{OpenApi, ToSchema};

    use super::*;

    /// The whole document, as `GET /api/v1/openapi.json` serves it.
    fn document() -> serde_json::Value {
        let mut doc = ApiDoc::openapi();
        doc.merge(outreach::OutreachApiDoc::openapi());
        doc.merge(attention::AttentionApiDoc::openapi());
        serde_json::to_value(doc).unwrap()
    }

    /// The name each type registers and its own schema.
    fn real<T: ToSchema>() -> (String, serde_json::Value) {
        (
            T::name().into_owned(),
            serde_json::to_value(T::schema()).unwrap(),
        )
    }

    /// Every JSON request body of the API, by its Rust type. utoipa keeps
    /// one schema per name: two types of one name would leave one endpoint
    /// described by the other's schema.
    fn request_bodies() -> Vec<(String, serde_json::Value)> {
        vec![
            real::<LoginRequest>(),
            real::<cases::ReauthRequest>(),
            real::<cases::EthicsAcceptRequest>(),
            real::<ethics::EthicsVersionRequest>(),
            real::<cases::ReferralRequest>(),
            real::<cases::TransitionRequest>(),
            real::<cases::DecisionRequest>(),
            real::<cases::VoteRequest>(),
            real::<cases::LtfRequest>(),
            real::<cases::IdentityRequest>(),
            real::<transfer::PackageRequest>(),
            real::<meetings::PlanRequest>(),
            real::<meetings::StatusRequest>(),
            real::<meetings::MeetingAttendanceRequest>(),
            real::<meetings::MinutesRequest>(),
            real::<meetings::GuestRequest>(),
            real::<case_work::KnowledgeRequest>(),
            real::<case_work::ItemRequest>(),
            real::<case_work::AssessmentRequest>(),
            real::<case_work::TrajectoryActionRequest>(),
            real::<case_work::ActionStepRequest>(),
            real::<case_work::TrajectoryEvaluationRequest>(),
            real::<case_work::FeedbackRequest>(),
            real::<agreements::CooperationAgreementRequest>(),
            real::<prevention::ContactPointRequest>(),
            real::<prevention::ContactSearchRequest>(),
            real::<prevention::ContactRequest>(),
            real::<prevention::ContactUpdateRequest>(),
            real::<prevention::ContactSignalRequest>(),
            real::<prevention::SignalRequest>(),
            real::<network::TensionRequest>(),
            real::<network::Analysis>(),
            real::<network::SeverityRequest>(),
            real::<network::ActionRequest>(),
            real::<network::SignalLinksRequest>(),
            real::<network::PersonRequest>(),
            real::<network::TrainingRequest>(),
            real::<network::AttendanceRequest>(),
            real::<outreach::PageRequest>(),
            real::<outreach::PhaseRequest>(),
            real::<outreach::BoardSignalRequest>(),
            real::<outreach::AdviceRequest>(),
            real::<outreach::CounterMessageRequest>(),
            real::<outreach::WorkshopRequest>(),
            real::<outreach::MeasureRequest>(),
            real::<outreach::ActionPlanEvaluationRequest>(),
        ]
    }

    /// The schema names the JSON request bodies of POST and PUT refer to, by operation.
    fn referenced_bodies(doc: &serde_json::Value) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for method in ["post", "put"] {
                let r =
                    &item[method]["requestBody"]["content"]["application/json"]["schema"]["$ref"];
                if let Some(r) = r.as_str() {
                    let name = r.trim_start_matches("#/components/schemas/").to_owned();
                    out.insert(format!("{method} {path}"), name);
                }
            }
        }
        out
    }

    #[test]
    fn every_request_body_is_described_by_its_own_type() {
        let doc = document();
        let bodies = request_bodies();
        let mut names = BTreeSet::new();
        for (name, schema) in &bodies {
            assert!(names.insert(name.clone()), "two request types named {name}");
            assert_eq!(
                &doc["components"]["schemas"][name], schema,
                "the document's {name} is another type's schema"
            );
        }
        // Every body an operation refers to is in the list above (so checked).
        for (op, name) in referenced_bodies(&doc) {
            assert!(names.contains(&name), "{op}: {name} is not checked here");
        }
    }

    #[test]
    fn the_three_bodies_that_collided_have_their_own_properties() {
        let doc = document();
        let bodies = referenced_bodies(&doc);
        let props = |op: &str| -> BTreeSet<String> {
            let name = &bodies[op];
            doc["components"]["schemas"][name]["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect()
        };
        let set = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>();
        assert_eq!(
            props("post /api/v1/cases/{id}/trajectory/actions"),
            set(&["description", "responsible", "due_date"])
        );
        assert_eq!(
            props("post /api/v1/meetings/{id}/attendance"),
            set(&["seats"])
        );
        assert_ne!(
            props("put /api/v1/trainings/{id}/attendance"),
            set(&["seats"]),
            "a training's attendance is not a meeting's"
        );
        assert_eq!(
            props("post /api/v1/cases/{id}/trajectory/actions/{action_id}/evaluations"),
            set(&["meeting_id", "verdict", "note"])
        );
        assert_eq!(
            props("post /api/v1/action-plan/{id}/evaluations"),
            set(&["period", "note"])
        );
    }

    /// No two types of this crate derive `ToSchema` under one name: read
    /// from the sources, so a type nobody lists anywhere counts too.
    #[test]
    fn no_two_schema_types_share_a_name() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let mut clashes = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let mut pending = false;
            let mut renamed: Option<String> = None;
            for line in text.lines() {
                let l = line.trim();
                if l.starts_with("#[derive(") && l.contains("ToSchema") {
                    pending = true;
                } else if pending && l.starts_with("#[schema(") && l.contains("as =") {
                    renamed = l
                        .split("as =")
                        .nth(1)
                        .map(|r| r.trim_matches(|c: char| c == ' ' || c == ')' || c == ']'))
                        .map(|r| r.rsplit("::").next().unwrap_or(r).to_owned());
                } else if pending
                    && let Some(rest) = l
                        .strip_prefix("pub struct ")
                        .or_else(|| l.strip_prefix("pub enum "))
                        .or_else(|| l.strip_prefix("struct "))
                        .or_else(|| l.strip_prefix("enum "))
                {
                    let name = renamed.take().unwrap_or_else(|| {
                        rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                            .next()
                            .unwrap()
                            .to_owned()
                    });
                    let at = f.display().to_string();
                    if let Some(other) = seen.insert(name.clone(), at.clone()) {
                        clashes.push(format!("{name}: {other} and {at}"));
                    }
                    pending = false;
                }
            }
        }
        assert!(seen.len() > 100, "found only {} schema types", seen.len());
        assert!(clashes.is_empty(), "schema names used twice: {clashes:?}");
    }
}
