//! Handing a case to another LIVC-R in the JSON API (MISSION.md: "Hand a case
//! to another LIVC-R as a signed, encrypted package"): the partner register
//! for choosing, the package of a transferred case, and receiving one.
//!
//! Both directions call the same functions as the pages
//! (`crate::cases::transfer`), which ask `decide_case` (`ExportTransfer`,
//! `ImportTransfer`: the expert, freshly re-authenticated), log the package's
//! SHA-256 and audit. The package itself is opaque bytes: encrypted to the
//! receiving LIVC-R and signed by this one.

use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use verbind_domain::policy::CaseAction;
use verbind_store::models::case as cases;

use super::cases::{
    CaseTransfer, RuleError, case_gate, gate, object_body, rfc3339, rule_error, with_location,
};
use crate::cases::service::{authorised_case, refuse};
use crate::cases::transfer::{self, ExportOutcome, FILE_EXTENSION, ImportOutcome};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::i18n::Tr;
use crate::middleware::request_id::RequestId;
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;

/// A partner LIVC-R of the register.
#[derive(Debug, Serialize, ToSchema)]
pub struct TransferPartner {
    pub id: String,
    pub name: String,
    /// Compare it with the partner's own, out of band, before trusting it.
    pub fingerprint: String,
}

/// The partner a package is made for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PackageRequest {
    /// A partner LIVC-R of the register (`GET /api/v1/transfer-partners`).
    pub partner_id: String,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ReceiveQuery {
    /// The partner LIVC-R that sent the package: its signature must verify with that key.
    pub partner_id: String,
}

/// The case a received package became.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceivedCase {
    pub id: String,
}

/// The stable code of a transfer rule: `transfer-error-wrong-recipient` -> `wrong_recipient`.
fn transfer_code(key: &str) -> String {
    key.strip_prefix("transfer-error-")
        .unwrap_or(key)
        .replace('-', "_")
}

fn reauth_required(tr: Tr, rid: &str) -> Response {
    rule_error(
        StatusCode::FORBIDDEN,
        "reauth_required",
        Some(tr.t("case-deny-reauth")),
        rid,
    )
}

/// The transfer of case `id` (its receiving LIVC-R and date), for a user
/// who may open the case, as the transfer page shows it; None when the case
/// was not transferred. Read only: the caller opened (and audited) the file.
pub(crate) async fn transfer_of(
    state: &AppState,
    s: &CurrentSession,
    id: String,
) -> AppResult<Option<CaseTransfer>> {
    let now = state.now_ms();
    let s = s.clone();
    // A write: a refusal is audited.
    state
        .write(move |c, st| {
            let row = match authorised_case(c, &s, &id, CaseAction::Open, now)? {
                Ok((row, _)) => row,
                Err(d) => return Ok(Err(d)),
            };
            let Some(receiving_livc) = cases::transferred_to(c, &st.keyring, &row)? else {
                return Ok(Ok(None));
            };
            Ok(Ok(Some(CaseTransfer {
                receiving_livc,
                transferred_at: row.transferred_at.map(rfc3339),
            })))
        })
        .await?
        .map_err(refuse)
}

/// The partner LIVC-Rs a case can be handed to or received from (the roles
/// that see cases; the administrator keeps the register).
#[utoipa::path(get, path = "/api/v1/transfer-partners", tag = "cases",
    responses(
        (status = 200, body = [TransferPartner]),
        (status = 401, body = crate::api::ApiError),
        (status = 403, body = RuleError),
    ))]
pub async fn list_partners(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
) -> AppResult<Response> {
    if let Some(r) = gate(&state, &s, Tr::new(l), &rid).await? {
        return Ok(r);
    }
    let list = transfer::partners(&state, &s).await?;
    Ok(Json(
        list.into_iter()
            .map(|p| TransferPartner {
                id: p.id,
                name: p.name,
                fingerprint: p.fingerprint,
            })
            .collect::<Vec<_>>(),
    )
    .into_response())
}

/// The signed, encrypted package of a transferred case for one partner
/// LIVC-R (the expert, re-authenticated in the last minutes; needs
/// `X-CSRF-Token`). Logged and audited. The file is named by the case code.
#[utoipa::path(post, path = "/api/v1/cases/{id}/transfer-package", tag = "cases",
    request_body = PackageRequest,
    params(("id" = String, Path, description = "The case id")),
    responses(
        (status = 200, description = "The package (`application/octet-stream`)", content_type = "application/octet-stream"),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`reauth_required`, `ethics_code_not_accepted`, `forbidden` or `csrf`", body = RuleError),
        (status = 404, body = crate::api::ApiError),
        (status = 422, description = "`not_transferred`, `choose_partner`, or `invalid_body`", body = RuleError),
    ))]
pub async fn export_package(
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
    let req: PackageRequest = match object_body(body, tr, &rid) {
        Ok(req) => req,
        Err(res) => return Ok(*res),
    };
    Ok(
        match transfer::export_package(&state, &s, id, req.partner_id).await? {
            ExportOutcome::Package { code, bytes } => {
                let disposition = HeaderValue::from_str(&format!(
                    "attachment; filename=\"{code}.{FILE_EXTENSION}\""
                ))
                .map_err(|_| AppError::internal("case code not usable as a file name"))?;
                (
                    [
                        (
                            header::CONTENT_TYPE,
                            HeaderValue::from_static("application/octet-stream"),
                        ),
                        (header::CONTENT_DISPOSITION, disposition),
                    ],
                    bytes,
                )
                    .into_response()
            }
            ExportOutcome::Reauth => reauth_required(tr, &rid),
            ExportOutcome::Refused(key) => rule_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &transfer_code(key),
                Some(tr.t(key)),
                &rid,
            ),
        },
    )
}

/// Receive a package from a partner LIVC-R: the body is the package
/// (`application/octet-stream`), `partner_id` the sender, whose key must
/// verify its signature before anything is decrypted (the expert,
/// re-authenticated in the last minutes; needs `X-CSRF-Token`). The package
/// becomes a new case at the Partnertafel, in state `aangemeld`. Audited,
/// refusals too; the same package is received once.
#[utoipa::path(post, path = "/api/v1/transfer-packages", tag = "cases",
    params(ReceiveQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses(
        (status = 201, description = "Received; `Location` names the new case", body = ReceivedCase),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "`reauth_required`, `ethics_code_not_accepted`, `forbidden` or `csrf`", body = RuleError),
        (status = 413, description = "Larger than the upload limit", body = RuleError),
        (status = 422, description = "`choose_partner`, `no_file`, `not_a_package`, `unknown_version`, `signature`, `wrong_recipient`, `decrypt`, `duplicate`, `invalid`", body = RuleError),
    ))]
pub async fn import_package(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Query(q): Query<ReceiveQuery>,
    body: Body,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    if let Some(r) = gate(&state, &s, tr, &rid).await? {
        return Ok(r);
    }
    // A package may be larger than other request bodies: its own limit.
    let body = to_bytes(body, state.config.max_upload_bytes)
        .await
        .map_err(|_| AppError::new(ErrorKind::PayloadTooLarge))?;
    if body.is_empty() {
        return Ok(rule_error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "no_file",
            Some(tr.t("transfer-error-no-file")),
            &rid,
        ));
    }
    Ok(
        match transfer::import_package(&state, &s, q.partner_id, body.to_vec()).await? {
            ImportOutcome::Created { id } => {
                let location = format!("/api/v1/cases/{id}");
                with_location(
                    (StatusCode::CREATED, Json(ReceivedCase { id })).into_response(),
                    &location,
                )
            }
            ImportOutcome::Reauth => reauth_required(tr, &rid),
            ImportOutcome::Refused(key) => rule_error(
                StatusCode::UNPROCESSABLE_ENTITY,
                &transfer_code(key),
                Some(tr.t(key)),
                &rid,
            ),
        },
    )
}
