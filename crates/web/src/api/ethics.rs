//! Publishing a new version of the code of ethics in the JSON API: the
//! administrator, after a fresh re-authentication
//! (`POST /api/v1/session/reauth`), as on the page `/beheer/deontologie`.
//! Both call [`crate::admin::ethics::publish`], which asks the policy and
//! audits. Reading the version in force and accepting it are
//! `GET /api/v1/ethics` and `POST /api/v1/ethics/accept` (`super::cases`).

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verbind_domain::case::ethics_code::VersionError;
use verbind_domain::policy::Action;

use super::cases::{RuleError, object_body, rfc3339, rule_error, with_location};
use crate::admin::ethics::{PublishRefusal, publish};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::middleware::request_id::RequestId;
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;

/// A new version of the code of ethics to publish (the administrator).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EthicsVersionRequest {
    /// The new label: 1 to 40 characters, ASCII letters and digits with `.`,
    /// `-` or `_` between them; never a label used before in this LIVC-R
    /// (letter case aside), nor the built-in `2026-1`.
    #[schema(example = "2027-1")]
    pub version: String,
    /// What changed, for the users who must accept it again (at most 4000
    /// characters; stored encrypted).
    #[schema(example = "Regel 6 verduidelijkt: de herkomst blijft ook in verslagen afgeschermd.")]
    pub summary: String,
}

/// The version published, now in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct EthicsVersionPublished {
    pub id: String,
    pub version: String,
    /// RFC 3339, UTC.
    pub published_at: String,
}

/// Publish a new version of the code of ethics (the administrator, after
/// `POST /api/v1/session/reauth` in the last minutes; needs `X-CSRF-Token`).
/// From then on every user who sees cases must accept it before opening a
/// case. Audited (`ethics.version_published`).
#[utoipa::path(post, path = "/api/v1/ethics/versions", tag = "cases",
    request_body = EthicsVersionRequest,
    responses(
        (status = 201, description = "Published and in force; `Location` names `/api/v1/ethics`", body = EthicsVersionPublished),
        (status = 400, description = "Not JSON", body = RuleError),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`reauth_required`, `forbidden` (not the administrator) or `csrf`", body = RuleError),
        (status = 409, description = "`version_taken`: the label was used before", body = RuleError),
        (status = 413, description = "Body too large", body = RuleError),
        (status = 415, description = "Not `application/json`", body = RuleError),
        (status = 422, description = "`version_empty`, `version_too_long`, `version_characters`, `version_separators` (two separators in a row), `summary_invalid` or `invalid_body`", body = RuleError),
    ))]
pub async fn publish_version(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    s.require(Action::PublishEthicsVersion)?;
    let tr = Tr::new(l);
    let req: EthicsVersionRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(
        match publish(&state, &s, &req.version, &req.summary).await? {
            Ok(p) => with_location(
                (
                    StatusCode::CREATED,
                    Json(EthicsVersionPublished {
                        id: p.id,
                        version: p.version,
                        published_at: rfc3339(p.published_at),
                    }),
                )
                    .into_response(),
                "/api/v1/ethics",
            ),
            Err(PublishRefusal::Reauth) => rule_error(
                StatusCode::FORBIDDEN,
                "reauth_required",
                Some(tr.t("case-deny-reauth")),
                &rid,
            ),
            Err(PublishRefusal::Invalid(errors)) => {
                // The label's refusal first: it is the one a client acts on.
                let Some(e) = errors.first() else {
                    return Ok(rule_error(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "invalid_body",
                        Some(tr.t("error-400-text")),
                        &rid,
                    ));
                };
                let status = if *e == VersionError::LabelTaken {
                    StatusCode::CONFLICT
                } else {
                    StatusCode::UNPROCESSABLE_ENTITY
                };
                rule_error(status, e.code(), Some(tr.t(e.message_key())), &rid)
            }
        },
    )
}
