//! Cooperation agreements (samenwerkingsovereenkomsten) of the partner
//! organisations in the JSON API: the administrator and the expert read them,
//! as on `/organisaties`; the administrator records one after a fresh
//! re-authentication (`POST /api/v1/session/reauth`), as on the page.
//!
//! Both call the same functions as the page (`crate::organisation`), which
//! ask the policy and audit the recording.

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::NamedRef;
use super::cases::{RuleError, belgian_date, object_body, rule_error, with_location};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::middleware::request_id::RequestId;
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::organisation::{self as org, AgreementRefusal};
use crate::state::AppState;

/// A partner organisation's cooperation agreement.
#[derive(Debug, Serialize, ToSchema)]
pub struct CooperationAgreement {
    pub id: String,
    pub organisation: NamedRef,
    /// When it was signed, `yyyy-mm-dd`.
    pub signed_on: String,
    /// What the agreement covers.
    pub scope: String,
}

/// A cooperation agreement to record (the administrator).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CooperationAgreementRequest {
    /// The partner organisation's id (of this LIVC-R).
    pub organisation_id: String,
    /// `yyyy-mm-dd` or `dd/mm/yyyy`.
    #[schema(example = "2026-09-01")]
    pub signed_on: String,
    /// What the agreement covers (at most 4000 characters).
    pub scope: String,
}

/// The recorded agreement.
#[derive(Debug, Serialize, ToSchema)]
pub struct CooperationAgreementCreated {
    pub id: String,
}

/// The cooperation agreements of the partner organisations, newest first
/// (the administrator and the expert).
#[utoipa::path(get, path = "/api/v1/cooperation-agreements", tag = "organisation",
    responses(
        (status = 200, body = [CooperationAgreement]),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "Not the administrator or the expert", body = crate::api::ApiError),
    ))]
pub async fn list_agreements(
    State(state): State<AppState>,
    s: CurrentSession,
) -> AppResult<Response> {
    let list = org::agreements(&state, &s).await?;
    Ok(Json(
        list.into_iter()
            .map(|a| CooperationAgreement {
                id: a.id,
                organisation: NamedRef {
                    id: a.organisation_id,
                    name: a.organisation,
                },
                signed_on: a.signed_on.to_iso(),
                scope: a.scope,
            })
            .collect::<Vec<_>>(),
    )
    .into_response())
}

/// Record a partner's cooperation agreement (the administrator, after
/// `POST /api/v1/session/reauth` in the last minutes; needs `X-CSRF-Token`).
/// Audited.
#[utoipa::path(post, path = "/api/v1/cooperation-agreements", tag = "organisation",
    request_body = CooperationAgreementRequest,
    responses(
        (status = 201, description = "Recorded; `Location` names the list", body = CooperationAgreementCreated),
        (status = 400, description = "Not JSON", body = RuleError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`reauth_required`, `forbidden` (not the administrator) or `csrf`", body = RuleError),
        (status = 404, description = "No such organisation in this LIVC-R", body = crate::api::ApiError),
        (status = 415, description = "Not `application/json`", body = RuleError),
        (status = 422, description = "`date_invalid`, `scope_invalid`, `organisation_invalid` or `invalid_body`", body = RuleError),
    ))]
pub async fn create_agreement(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    s.require(verbind_domain::policy::Action::ManageProfile)?;
    let tr = Tr::new(l);
    let req: CooperationAgreementRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    let date = belgian_date(&req.signed_on);
    Ok(
        match org::record(&state, &s, &req.organisation_id, &date, &req.scope).await? {
            Ok(id) => with_location(
                (
                    StatusCode::CREATED,
                    Json(CooperationAgreementCreated { id }),
                )
                    .into_response(),
                "/api/v1/cooperation-agreements",
            ),
            Err(AgreementRefusal::Reauth) => rule_error(
                StatusCode::FORBIDDEN,
                "reauth_required",
                Some(tr.t("case-deny-reauth")),
                &rid,
            ),
            Err(AgreementRefusal::Field(field, key)) => rule_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &format!("{field}_invalid"),
                Some(tr.t(key)),
                &rid,
            ),
        },
    )
}
