//! Meetings of the bodies (issue 3, item 6): the Partnertafel first, and the
//! same engine for the Stuurgroep and the Werkgroep. Planning (planned or ad
//! hoc), invitations as `.ics` (one per meeting, and a feed of them all),
//! attendance per seat, the confidentiality acknowledgement (art. 458ter
//! Sw.) before case content opens, an agenda that holds every active case of
//! the table, minutes per case sealed with the case's key, and the yearly
//! count against the norm.

pub mod ics;
pub mod pages;
pub mod service;
pub mod when;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/vergaderingen", get(pages::list))
        // Every meeting the user sees, as one calendar.
        .route("/vergaderingen.ics", get(pages::feed))
        .route(
            "/vergaderingen/nieuw",
            get(pages::new_form).post(pages::submit_new),
        )
        // `{id}` or `{id}.ics` (the invitation).
        .route("/vergaderingen/{id}", get(pages::detail_or_ics))
        .route("/vergaderingen/{id}/status", post(pages::status))
        .route("/vergaderingen/{id}/aanwezigheid", post(pages::attendance))
        .route(
            "/vergaderingen/{id}/geheimhouding",
            post(pages::acknowledge),
        )
        .route("/vergaderingen/{id}/notulen", post(pages::minutes))
        .route("/vergaderingen/{id}/gasten", post(pages::invite_guest))
        .route(
            "/vergaderingen/{id}/gasten/intrekken",
            post(pages::withdraw_guest),
        )
}
