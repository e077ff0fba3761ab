//! Errors inside requests.
//!
//! Rules: handlers return [`AppResult`]; the user sees a translated, generic
//! page (or JSON error) with the request id and never internal text; the
//! internal text is logged once, with the request id. `anyhow` is for the CLI
//! and start-up only. Rendering happens in `middleware::error_pages`, which
//! knows the request (its language, whether it is an API call, its id).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use verbind_store::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Csrf,
    TooManyRequests,
    PayloadTooLarge,
    /// The case takes no such work in its phase (409, with the rule's code
    /// and message): closed, not yet at a table, or stopped by the LTF.
    CaseWork(verbind_domain::case::work::WorkRefusal),
    /// The policy refused only because the code of ethics in force is not
    /// accepted (`CaseDenyReason::EthicsCodeNotAccepted`): a 403
    /// `ethics_code_not_accepted` for the API, a redirect to `/deontologie`
    /// (and back) for a page, in `middleware::error_pages`.
    EthicsCodeNotAccepted,
    Internal,
}

impl ErrorKind {
    pub fn status(self) -> StatusCode {
        match self {
            ErrorKind::BadRequest => StatusCode::BAD_REQUEST,
            ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorKind::Forbidden | ErrorKind::Csrf | ErrorKind::EthicsCodeNotAccepted => {
                StatusCode::FORBIDDEN
            }
            ErrorKind::NotFound => StatusCode::NOT_FOUND,
            ErrorKind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            ErrorKind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorKind::CaseWork(_) => StatusCode::CONFLICT,
            ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable code in JSON errors.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::BadRequest => "bad_request",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Csrf => "csrf",
            ErrorKind::TooManyRequests => "too_many_requests",
            ErrorKind::PayloadTooLarge => "payload_too_large",
            ErrorKind::CaseWork(r) => r.code(),
            ErrorKind::EthicsCodeNotAccepted => "ethics_code_not_accepted",
            ErrorKind::Internal => "internal",
        }
    }

    /// The translation keys of the error page's title and text.
    pub fn message_keys(self) -> (&'static str, &'static str) {
        match self {
            ErrorKind::BadRequest => ("error-400-title", "error-400-text"),
            ErrorKind::Unauthorized => ("error-401-title", "error-401-text"),
            ErrorKind::Forbidden => ("error-403-title", "error-403-text"),
            ErrorKind::Csrf => ("error-csrf-title", "error-csrf-text"),
            ErrorKind::NotFound => ("error-404-title", "error-404-text"),
            ErrorKind::TooManyRequests => ("error-429-title", "error-429-text"),
            ErrorKind::PayloadTooLarge => ("error-413-title", "error-413-text"),
            ErrorKind::CaseWork(r) => ("case-work-title", r.message_key()),
            ErrorKind::EthicsCodeNotAccepted => ("error-403-title", "case-deny-ethics"),
            ErrorKind::Internal => ("error-500-title", "error-500-text"),
        }
    }

    pub fn from_status(s: StatusCode) -> ErrorKind {
        match s.as_u16() {
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 | 405 => ErrorKind::NotFound,
            413 => ErrorKind::PayloadTooLarge,
            429 => ErrorKind::TooManyRequests,
            400..=499 => ErrorKind::BadRequest,
            _ => ErrorKind::Internal,
        }
    }
}

/// An error a handler returns.
#[derive(Debug)]
pub struct AppError {
    pub kind: ErrorKind,
    /// For logs only.
    pub internal: Option<String>,
}

impl AppError {
    pub fn new(kind: ErrorKind) -> Self {
        Self {
            kind,
            internal: None,
        }
    }
    pub fn internal(msg: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Internal,
            internal: Some(msg.into()),
        }
    }
    pub fn not_found() -> Self {
        Self::new(ErrorKind::NotFound)
    }
    pub fn forbidden() -> Self {
        Self::new(ErrorKind::Forbidden)
    }
    pub fn unauthorized() -> Self {
        Self::new(ErrorKind::Unauthorized)
    }
    pub fn bad_request() -> Self {
        Self::new(ErrorKind::BadRequest)
    }
    pub fn case_work(r: verbind_domain::case::work::WorkRefusal) -> Self {
        Self::new(ErrorKind::CaseWork(r))
    }
    /// A policy refusal as the error to answer: [`ErrorKind::EthicsCodeNotAccepted`]
    /// when the code of ethics is the reason, else a plain 403. The one place
    /// that maps the deny reason, so every page and API path answers alike.
    pub fn denied(d: verbind_domain::policy::Decision) -> Self {
        use verbind_domain::case::CaseDenyReason;
        use verbind_domain::policy::{Decision, DenyReason};
        match d {
            Decision::Deny(DenyReason::Case(CaseDenyReason::EthicsCodeNotAccepted)) => {
                Self::new(ErrorKind::EthicsCodeNotAccepted)
            }
            _ => Self::forbidden(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::not_found(),
            other => AppError::internal(other.to_string()),
        }
    }
}

/// Marks a response as an error for `middleware::error_pages` to render.
#[derive(Debug, Clone)]
pub struct ErrorMarker(pub ErrorKind);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Some(text) = &self.internal {
            // Logged here once; the request id is on the enclosing span.
            tracing::error!(kind = self.kind.code(), error = %text, "request failed");
        }
        let mut res = self.kind.status().into_response();
        res.extensions_mut().insert(ErrorMarker(self.kind));
        res
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Says when to try again (`Retry-After`, in seconds) on a refusal that is
/// only for now: throttled, or the password workers busy.
pub fn set_retry_after(res: &mut Response, seconds: i64) {
    if let Ok(v) = axum::http::HeaderValue::from_str(&seconds.to_string()) {
        res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
    }
}
