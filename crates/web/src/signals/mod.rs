//! Signals (signaalfunctie) of prevention: `/signalen` (the list: the expert
//! sees all, anyone else their own), `/signalen/nieuw`, `/signalen/{id}` and
//! `/signalen/tendensen` (the expert's trend per month and theme). Pages
//! here; the same service serves the JSON API.

pub mod pages;
pub mod service;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/signalen", get(pages::list))
        .route("/signalen/nieuw", get(pages::new_form).post(pages::create))
        .route("/signalen/tendensen", get(pages::trends))
        .route("/signalen/{id}", get(pages::detail))
}
