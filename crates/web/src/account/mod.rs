//! The own account: MFA enrolment, password, re-authentication, set-password links (being written).

use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
