//! Verbind's web layer: the axum router, one module per area, askama views next
//! to their handlers, the middleware every route passes, and translations.

pub mod account;
pub mod admin;
pub mod api;
pub mod auditlog;
pub mod auth;
pub mod cases;
pub mod contact;
pub mod dashboard;
pub mod error;
pub mod health;
pub mod i18n;
pub mod meetings;
pub mod metrics;
pub mod middleware;
pub mod multipart;
pub mod network;
pub mod organisation;
pub mod outreach;
pub mod report;
pub mod signals;
pub mod state;
mod todo;
pub mod views;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post, put};

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
            "/api/v1/ethics/versions",
            post(api::ethics::publish_version),
        )
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
        .route(
            "/api/v1/cases/{id}/decisions/{decision_id}/withdraw",
            post(api::cases::withdraw_decision),
        )
        .route("/api/v1/cases/{id}/ltf", post(api::cases::record_ltf))
        .route(
            "/api/v1/cases/{id}/identity",
            post(api::cases::reveal_identity),
        )
        .route(
            "/api/v1/transfer-partners",
            get(api::transfer::list_partners),
        )
        .route(
            "/api/v1/cases/{id}/transfer-package",
            post(api::transfer::export_package),
        )
        .route(
            "/api/v1/transfer-packages",
            post(api::transfer::import_package),
        )
        .route(
            "/api/v1/meetings",
            get(api::meetings::list_meetings).post(api::meetings::plan_meeting),
        )
        .route("/api/v1/meetings/{id}", get(api::meetings::get_meeting))
        .route(
            "/api/v1/meetings/{id}/status",
            post(api::meetings::set_status),
        )
        .route(
            "/api/v1/meetings/{id}/attendance",
            post(api::meetings::record_attendance),
        )
        .route(
            "/api/v1/meetings/{id}/acknowledgement",
            post(api::meetings::acknowledge),
        )
        .route(
            "/api/v1/meetings/{id}/minutes",
            post(api::meetings::write_minutes),
        )
        .route(
            "/api/v1/meetings/{id}/guests",
            post(api::meetings::invite_guest),
        )
        .route(
            "/api/v1/meetings/{id}/guests/{case_id}/{user_id}",
            axum::routing::delete(api::meetings::withdraw_guest),
        )
        .route(
            "/api/v1/cases/{id}/knowledge",
            put(api::case_work::answer_knowledge),
        )
        .route(
            "/api/v1/cases/{id}/items",
            get(api::case_work::list_items).post(api::case_work::add_item),
        )
        .route(
            "/api/v1/cases/{id}/items/{item_id}/{action}",
            post(api::case_work::item_action),
        )
        .route(
            "/api/v1/cases/{id}/assessment",
            get(api::case_work::get_assessment).post(api::case_work::record_assessment),
        )
        .route(
            "/api/v1/cases/{id}/trajectory",
            get(api::case_work::get_trajectory),
        )
        .route(
            "/api/v1/cases/{id}/trajectory/actions",
            post(api::case_work::propose_action),
        )
        .route(
            "/api/v1/cases/{id}/trajectory/actions/{action_id}",
            post(api::case_work::act_on_action),
        )
        .route(
            "/api/v1/cases/{id}/trajectory/actions/{action_id}/evaluations",
            post(api::case_work::evaluate_action),
        )
        .route(
            "/api/v1/cases/{id}/feedback",
            get(api::case_work::get_feedback).post(api::case_work::send_feedback),
        )
        .route(
            "/api/v1/cases/{id}/fiche",
            get(api::case_work::get_fiche).post(api::case_work::send_fiche),
        )
        .route(
            "/api/v1/contact-point",
            post(api::prevention::submit_contact_point),
        )
        .route(
            "/api/v1/contacts",
            get(api::prevention::list_contacts).post(api::prevention::create_contact),
        )
        .route(
            "/api/v1/contacts/search",
            post(api::prevention::search_contacts),
        )
        .route(
            "/api/v1/contacts/{id}",
            get(api::prevention::get_contact).put(api::prevention::update_contact),
        )
        .route(
            "/api/v1/contacts/{id}/signal",
            put(api::prevention::link_contact_signal),
        )
        .route(
            "/api/v1/signals",
            get(api::prevention::list_signals).post(api::prevention::create_signal),
        )
        .route(
            "/api/v1/signals/trends",
            get(api::prevention::signal_trends),
        )
        .route("/api/v1/signals/{id}", get(api::prevention::get_signal))
        .route(
            "/api/v1/tensions",
            get(api::network::list_tensions).post(api::network::create_tension),
        )
        .route(
            "/api/v1/tensions/{id}",
            get(api::network::get_tension).put(api::network::update_tension),
        )
        .route(
            "/api/v1/tensions/{id}/analysis",
            put(api::network::put_analysis),
        )
        .route(
            "/api/v1/tensions/{id}/severities",
            post(api::network::add_severity),
        )
        .route(
            "/api/v1/tensions/{id}/actions",
            post(api::network::add_action),
        )
        .route(
            "/api/v1/tensions/{id}/signals",
            put(api::network::link_signals),
        )
        .route(
            "/api/v1/reference-persons",
            get(api::network::list_persons).post(api::network::create_person),
        )
        .route(
            "/api/v1/reference-persons/{id}",
            get(api::network::get_person).put(api::network::update_person),
        )
        .route(
            "/api/v1/trainings",
            get(api::network::list_trainings).post(api::network::create_training),
        )
        .route(
            "/api/v1/trainings/{id}",
            get(api::network::get_training).put(api::network::update_training),
        )
        .route(
            "/api/v1/trainings/{id}/attendance",
            put(api::network::put_attendance),
        )
        .route("/api/v1/openapi.json", get(api::openapi))
        .merge(account::routes())
        .merge(admin::routes())
        .merge(auditlog::routes())
        .merge(organisation::routes())
        .merge(cases::routes())
        .merge(meetings::routes())
        .merge(contact::routes())
        .merge(signals::routes())
        .merge(network::routes())
        .merge(outreach::routes())
        .merge(report::routes())
        .merge(api::outreach::routes())
        .merge(api::routes())
        .merge(api::attention::routes())
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
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::oversize::oversize,
        ))
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
