//! Turns error responses into the user's page: translated HTML with the request
//! id for pages, `{"error": code, "request_id": id}` for the API, a redirect to
//! the login page for a page that needs a session, and a redirect to the code
//! of ethics (then back to the page) for a page refused only because the code
//! in force is not accepted. Never internal detail.

use askama::Template;
use axum::Json;
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::error::{ErrorKind, ErrorMarker};
use crate::i18n::Tr;
use crate::middleware::request_id::RequestId;
use crate::middleware::session::RequestLocale;
use crate::views::ErrorPage;

pub async fn error_pages(req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    // Where to come back to after accepting the code of ethics: the page
    // itself (a GET), never a form's target.
    let back = matches!(*req.method(), Method::GET | Method::HEAD)
        .then(|| req.uri().path_and_query().map(|pq| pq.as_str().to_owned()))
        .flatten()
        .filter(|p| crate::cases::pages::local_path(p));
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default();
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let kind = match res.extensions().get::<ErrorMarker>() {
        Some(m) => m.0,
        // A response from axum itself (no route, bad JSON, body too large): render it too.
        None => {
            let is_ours = res
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.starts_with("text/html") || v.starts_with("application/json"));
            if is_ours {
                return res;
            }
            ErrorKind::from_status(status)
        }
    };
    let locale = res
        .extensions()
        .get::<RequestLocale>()
        .map(|l| l.0)
        .unwrap_or_default();
    let retry_after = res.headers().get(header::RETRY_AFTER).cloned();
    let mut out = if is_api {
        let body = if let ErrorKind::CaseWork(_) | ErrorKind::EthicsCodeNotAccepted = kind {
            // A rule the caller can act on: say which, in the caller's language.
            let tr = Tr::new(locale);
            serde_json::json!({ "error": kind.code(), "message": tr.t(kind.message_keys().1),
                "request_id": request_id })
        } else {
            serde_json::json!({ "error": kind.code(), "request_id": request_id })
        };
        (kind.status(), Json(body)).into_response()
    } else if kind == ErrorKind::Unauthorized {
        Redirect::to("/aanmelden").into_response()
    } else if kind == ErrorKind::EthicsCodeNotAccepted {
        Redirect::to(&crate::cases::pages::ethics_path(back.as_deref())).into_response()
    } else {
        let tr = Tr::new(locale);
        let (title_key, text_key) = kind.message_keys();
        let page = ErrorPage {
            tr,
            status: kind.status().as_u16(),
            title: tr.t(title_key),
            text: tr.t(text_key),
            request_id,
        };
        match page.render() {
            Ok(html) => (kind.status(), Html(html)).into_response(),
            Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "error").into_response(),
        }
    };
    if let Some(v) = retry_after {
        out.headers_mut().insert(header::RETRY_AFTER, v);
    }
    out
}
