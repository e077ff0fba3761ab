//! Verbind's web layer: the axum router, one module per area, askama views next
//! to their handlers, the middleware every route passes, and translations.

pub mod account;
pub mod admin;
pub mod api;
pub mod auditlog;
pub mod auth;
pub mod cases;
pub mod dashboard;
pub mod error;
pub mod health;
pub mod i18n;
pub mod meetings;
pub mod metrics;
pub mod middleware;
pub mod organisation;
pub mod state;
pub mod views;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};

pub use state::{AppState, WebConfig};

/// Static files (CSS, vendored htmx 2.0.11) are compiled into the binary: no CDN, no files to deploy.
async fn static_css() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../static/verbind.css"),
    )
}

async fn static_htmx() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../static/htmx.min.js"),
    )
}

/// The whole application, with every middleware applied to every route.
pub fn router(state: AppState) -> Router {
    let max_body = state.config.max_body_bytes;
    Router::new()
        .route("/", get(dashboard::show))
        .route(
            "/aanmelden",
            get(auth::pages::show_login).post(auth::pages::submit_login),
        )
        .route("/afmelden", post(auth::pages::logout))
        .route("/taal", post(auth::pages::set_language))
        .route("/healthz", get(health::healthz))
        .route("/metrics", get(health::metrics))
        .route(
            "/api/v1/session",
            post(api::create_session).delete(api::delete_session),
        )
        .route("/api/v1/me", get(api::me))
        .route("/api/v1/session/reauth", post(api::cases::reauthenticate))
        .route("/api/v1/ethics", get(api::cases::get_ethics))
        .route("/api/v1/ethics/accept", post(api::cases::accept_ethics))
        .route(
            "/api/v1/cases",
            get(api::cases::list_cases).post(api::cases::create_case),
        )
        .route("/api/v1/cases/{id}", get(api::cases::get_case))
        .route(
            "/api/v1/cases/{id}/transitions",
            post(api::cases::take_transition),
        )
        .route(
            "/api/v1/cases/{id}/decisions",
            post(api::cases::propose_decision),
        )
        .route(
            "/api/v1/cases/{id}/decisions/{decision_id}/votes",
            post(api::cases::cast_vote),
        )
        .route("/api/v1/cases/{id}/ltf", post(api::cases::record_ltf))
        .route(
            "/api/v1/cases/{id}/identity",
            post(api::cases::reveal_identity),
        )
        .route("/api/v1/openapi.json", get(api::openapi))
        .merge(account::routes())
        .merge(admin::routes())
        .merge(auditlog::routes())
        .merge(organisation::routes())
        .merge(cases::routes())
        .merge(meetings::routes())
        .route("/static/verbind.css", get(static_css))
        .route("/static/htmx.min.js", get(static_htmx))
        .fallback(|| async { error::AppError::not_found() })
        // Innermost first: CSRF needs the session; error pages see every error.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::csrf::csrf,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::session::load_session,
        ))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::from_fn(
            middleware::error_pages::error_pages,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::security_headers::security_headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::request_id::request_id,
        ))
        .with_state(state)
}
