//! The LIVC-R case flow (issue 3): the code of ethics, referral (aanmelding),
//! the case list and file, the steps of the flow, the LTF check and the
//! identity reveal. Pages here; the same service serves the JSON API.

pub mod assessment;
pub mod feedback;
pub mod fiche;
pub mod items;
pub mod pages;
pub mod service;
pub mod trajectory;
pub mod transfer;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/deontologie",
            get(pages::show_ethics).post(pages::accept_ethics),
        )
        .route("/casussen", get(pages::list))
        .route(
            "/casussen/nieuw",
            get(pages::new_form).post(pages::submit_new),
        )
        .route("/casussen/{id}", get(pages::detail))
        .route(
            "/casussen/ontvangen",
            get(transfer::receive_form).post(transfer::receive),
        )
        .route(
            "/casussen/{id}/overdracht",
            get(transfer::show).post(transfer::export),
        )
        .route("/casussen/{id}/stap", post(pages::step))
        .route("/casussen/{id}/ltf", post(pages::ltf))
        .route("/casussen/{id}/identiteit", post(pages::reveal))
        .route("/casussen/{id}/besluit", post(pages::propose))
        .route(
            "/casussen/{id}/besluit/intrekken",
            post(pages::withdraw_decision),
        )
        .route("/casussen/{id}/stem", post(pages::vote))
        .route("/casussen/{id}/kennis", post(pages::knowledge))
        .route(
            "/casussen/{id}/bijdragen",
            get(pages::items).post(pages::add_item),
        )
        .route(
            "/casussen/{id}/bijdragen/{item}/{actie}",
            post(pages::item_action),
        )
        .route(
            "/casussen/{id}/traject",
            get(trajectory::show).post(trajectory::propose),
        )
        .route(
            "/casussen/{id}/traject/{action}/{wat}",
            post(trajectory::act),
        )
        .route(
            "/casussen/{id}/beoordeling",
            get(assessment::show).post(assessment::record),
        )
        .route(
            "/casussen/{id}/terugkoppeling",
            get(feedback::show).post(feedback::send),
        )
        .route("/casussen/{id}/fiche", get(fiche::show).post(fiche::send))
}
