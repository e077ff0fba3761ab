//! The own account: overview, password change, two-step verification (TOTP
//! enrolment and recovery codes), re-authentication before sensitive actions,
//! and the one-time set-password link an administrator hands out.

pub mod mfa;
pub mod password;
pub mod reauth;

use axum::Router;
use axum::routing::get;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account", get(password::show_account))
        .route(
            "/account/wachtwoord",
            axum::routing::post(password::change_password),
        )
        .route("/account/mfa", get(mfa::show).post(mfa::confirm))
        .route(
            "/account/herstelcodes",
            axum::routing::post(mfa::regenerate_codes),
        )
        .route(
            "/account/bevestigen",
            get(reauth::show).post(reauth::submit),
        )
        .route(
            "/wachtwoord-instellen",
            get(password::show_set_password).post(password::submit_set_password),
        )
}

/// A path to return to after a detour, accepted only when it is one of ours.
pub fn safe_return_path(p: Option<&str>) -> String {
    match p {
        Some(p)
            if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && p.len() < 512 =>
        {
            p.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_return_path;

    #[test]
    fn only_local_paths() {
        assert_eq!(
            safe_return_path(Some("/beheer/gebruikers")),
            "/beheer/gebruikers"
        );
        assert_eq!(safe_return_path(Some("//evil.example")), "/");
        assert_eq!(safe_return_path(Some("https://evil.example")), "/");
        assert_eq!(safe_return_path(Some("/\\evil")), "/");
        assert_eq!(safe_return_path(None), "/");
    }
}
