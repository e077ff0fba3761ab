//! Insight: the Stuurgroep report (page, print, PDF, CSV per table, JSON),
//! its charts, and the renderers they share.
//!
//! - [`service`]: gathers the facts, asks the policy and the domain
//!   (`verbind_domain::report`), audits, and returns one [`document::Document`];
//! - [`pages`]: the page, PDF, CSV and JSON handlers;
//! - [`chart`], [`csv`], [`pdf`]: renderers of a document.

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

pub mod chart;
pub mod csv;
pub mod document;
pub mod pages;
pub mod pdf;
pub mod service;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/rapport/stuurgroep", get(pages::page))
        .route("/rapport/stuurgroep.pdf", get(pages::pdf_file))
        .route("/rapport/stuurgroep/csv/{table}", get(pages::csv_file))
        .route("/api/v1/reports/stuurgroep", get(pages::api))
}
