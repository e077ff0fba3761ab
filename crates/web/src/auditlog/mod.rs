//! The auditor's (DPO's) view of the audit trail, for the auditor role only:
//! the filtered, paged list (`/audit`), its CSV export (`/audit.csv`) and a
//! check of the whole hash chain (`/audit/controle`). Reading is itself audited.

pub mod csv;
pub mod filter;
pub mod view;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/audit", get(view::show))
        .route("/audit.csv", get(view::export_csv))
        .route("/audit/controle", post(view::verify))
}
