//! CSRF protection for every state-changing request, in one place (QUALITY.md §1.5).
//!
//! Safe methods pass. Any other request must carry the session's CSRF token in
//! the `X-CSRF-Token` header or the `csrf` form field (of a urlencoded form, or
//! of a `multipart/form-data` file upload); without a session, the
//! token of the anonymous pre-session cookie (double submit). The exceptions
//! are `POST /api/v1/session` (API login, where no token can exist yet) and
//! the public `POST /api/v1/contact-point` (no account): they must
//! be `application/json`, which a cross-site form cannot send without a CORS
//! preflight that we never grant (the contact point refuses anything else
//! with 415 and a message, as its document says; the login with `csrf`). A present `Origin` must be our own.

use axum::Json;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use verbind_crypto::token::constant_time_eq;

use crate::error::{AppError, ErrorKind};
use crate::i18n::Tr;
use crate::middleware::request_id::RequestId;
use crate::middleware::session::{CurrentSession, PreToken, RequestLocale};
use crate::state::AppState;

pub const HEADER: &str = "x-csrf-token";
pub const FIELD: &str = "csrf";
pub const API_LOGIN: &str = "/api/v1/session";
/// The public contact point's JSON endpoint: anyone may write to it without
/// a session, so there is no session to ride; like the API login it must be
/// `application/json`, which a cross-site form cannot send.
pub const CONTACT_POINT_API: &str = "/api/v1/contact-point";

fn is_safe(m: &Method) -> bool {
    matches!(*m, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Defence in depth beside the token: refuse requests the browser itself marks
/// as cross-site. `Origin: null` is what browsers send for a form post when the
/// page has `Referrer-Policy: no-referrer` (ours), so it is not a refusal reason;
/// the token still decides.
fn origin_ok(req: &Request) -> bool {
    if req
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site")
    {
        return false;
    }
    let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        return true;
    };
    if origin == "null" {
        return true;
    }
    let Some(host) = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
    origin_host == host
}

/// The public contact point's form (`/aanspreekpunt`, `/aanspreekpunt/{livc}`)
/// takes messages from anyone without an account, so there is no session to
/// ride. A visitor whose browser keeps no cookies has no pre-session token;
/// for that visitor only (no session, no token cookie at all) the browser's
/// own `Sec-Fetch-Site: same-origin`, which no page can set, stands in for
/// the token. Everything else about the post (size, honeypot, throttling,
/// validation) is checked as usual.
fn cookieless_public_form(req: &Request) -> bool {
    let path = req.uri().path();
    req.method() == Method::POST
        && (path == "/aanspreekpunt" || path.starts_with("/aanspreekpunt/"))
        && req.extensions().get::<CurrentSession>().is_none()
        && req
            .extensions()
            .get::<PreToken>()
            .is_none_or(|p| p.0.is_none())
        && req
            .headers()
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v == "same-origin")
}

fn reject() -> Response {
    AppError::new(ErrorKind::Csrf).into_response()
}

/// A body that is not `application/json` sent to a JSON-only endpoint that
/// takes no token: 415 with a translated message, the handler never runs.
fn not_json(req: &Request) -> Response {
    let locale = req
        .extensions()
        .get::<RequestLocale>()
        .map(|l| l.0)
        .unwrap_or_default();
    let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
    (
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        Json(serde_json::json!({
            "error": "unsupported_media_type",
            "message": Tr::new(locale).t("api-error-not-json"),
            "request_id": request_id,
        })),
    )
        .into_response()
}

pub async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if is_safe(req.method()) {
        return next.run(req).await;
    }
    if !origin_ok(&req) {
        tracing::warn!("cross-origin state-changing request refused");
        return reject();
    }
    if req.method() == Method::POST && [API_LOGIN, CONTACT_POINT_API].contains(&req.uri().path()) {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
        return if json {
            next.run(req).await
        } else if req.uri().path() == CONTACT_POINT_API {
            // Refused as its document says (415, with a message); still never run.
            not_json(&req)
        } else {
            reject()
        };
    }
    if cookieless_public_form(&req) {
        return next.run(req).await;
    }
    let expected = match req.extensions().get::<CurrentSession>() {
        Some(s) => Some(s.csrf.clone()),
        None => req.extensions().get::<PreToken>().and_then(|p| p.0.clone()),
    };
    let Some(expected) = expected else {
        return reject();
    };

    if let Some(given) = req.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return if constant_time_eq(given.as_bytes(), expected.as_bytes()) {
            next.run(req).await
        } else {
            reject()
        };
    }

    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let is_form = content_type.starts_with("application/x-www-form-urlencoded");
    let is_multipart = content_type.starts_with("multipart/form-data");
    if !is_form && !is_multipart {
        return reject();
    }
    let limit = if is_multipart {
        state.config.max_upload_bytes
    } else {
        state.config.max_body_bytes
    };
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, limit).await {
        Ok(b) => b,
        Err(_) => return AppError::new(ErrorKind::PayloadTooLarge).into_response(),
    };
    let given = if is_multipart {
        crate::multipart::parts(&content_type, bytes.clone())
            .await
            .map(|p| crate::multipart::text(&p, FIELD))
            .filter(|t| !t.is_empty())
    } else {
        form_urlencoded_field(&bytes, FIELD)
    };
    match given {
        Some(g) if constant_time_eq(g.as_bytes(), expected.as_bytes()) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => reject(),
    }
}

fn form_urlencoded_field(body: &[u8], name: &str) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(body).ok()?;
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_field() {
        assert_eq!(
            form_urlencoded_field(b"a=1&csrf=abc%2B", "csrf").as_deref(),
            Some("abc+")
        );
        assert_eq!(form_urlencoded_field(b"a=1", "csrf"), None);
        assert_eq!(form_urlencoded_field(b"\xff\xfe", "csrf"), None);
    }
}
