//! The auditor's (DPO's) view of the audit trail (being written).

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
