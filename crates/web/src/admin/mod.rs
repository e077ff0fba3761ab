//! Administration, for the admin role only: accounts (`/beheer/gebruikers`),
//! sessions (`/beheer/sessies`), the register of partner LIVC-Rs for case
//! transfers (`/beheer/overdracht`) and the versions of the code of ethics
//! (`/beheer/deontologie`).
//!
//! Every handler asks the policy first (`Action::ManageUsers` or
//! `Action::ManageSessions`), works on the admin's own tenant only (an id of
//! another tenant is "not found"), and writes an audit entry for every change.
//! Changing someone's security (disable, enable, MFA reset, a new password
//! link) needs a re-authentication of the last few minutes.

pub mod ethics;
pub mod forms;
pub mod sessions;
pub mod transfer;
pub mod users;

use axum::Router;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use verbind_domain::audit::AuditAction;
use verbind_store::models::audit;

use crate::middleware::session::CurrentSession;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/beheer/gebruikers", get(users::list))
        .route(
            "/beheer/gebruikers/nieuw",
            get(users::new_form).post(users::create),
        )
        .route("/beheer/gebruikers/{id}", get(users::show))
        .route("/beheer/gebruikers/{id}/uitschakelen", post(users::disable))
        .route("/beheer/gebruikers/{id}/inschakelen", post(users::enable))
        .route(
            "/beheer/gebruikers/{id}/wachtwoordlink",
            post(users::new_link),
        )
        .route(
            "/beheer/gebruikers/{id}/mfa-herstellen",
            post(users::reset_mfa),
        )
        .route("/beheer/sessies", get(sessions::list))
        .route("/beheer/sessies/beeindigen", post(sessions::end))
        .route(
            "/beheer/overdracht",
            get(transfer::show).post(transfer::add),
        )
        .route(
            "/beheer/overdracht/{id}/verwijderen",
            post(transfer::remove),
        )
        .route(
            "/beheer/deontologie",
            get(ethics::show).post(ethics::submit),
        )
}

/// The page that asks for the password (and code) again, then sends the admin
/// back to `back` (a path of ours, never with personal data).
pub(crate) fn reauth_redirect(back: &str) -> Response {
    // Paths are ids and Dutch words; anything else is percent-encoded.
    let encoded: String = back
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~') {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    Redirect::to(&format!("/account/bevestigen?terug={encoded}")).into_response()
}

/// A short reference to a session for pages and the audit trail: the first
/// characters of the token's hash. Neither the token nor its full hash is shown.
pub(crate) fn session_ref(id_hash: &str) -> String {
    id_hash.chars().take(12).collect()
}

/// The base of links shown to admins (the set-password link): the configured
/// public URL when there is one; otherwise `http://<host>` from the request's
/// Host header; empty (a relative link) when that header is missing or odd.
pub(crate) fn link_base(public_url: Option<&str>, headers: &HeaderMap) -> String {
    if let Some(url) = public_url.map(str::trim).filter(|u| !u.is_empty()) {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let plausible = !host.is_empty()
        && host.len() <= 255
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if plausible {
        format!("http://{host}")
    } else {
        String::new()
    }
}

/// An audit entry by the logged-in admin, in its tenant.
pub(crate) fn audit_entry(s: &CurrentSession, action: AuditAction) -> audit::NewEntry {
    audit::NewEntry::new(action, "ok")
        .tenant(&s.tenant_id)
        .actor(s.user_id.as_str(), s.organisation_id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn link_base_takes_only_a_plain_host() {
        let mut h = HeaderMap::new();
        assert_eq!(link_base(None, &h), "");
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert_eq!(link_base(None, &h), "http://127.0.0.1:8080");
        assert_eq!(
            link_base(Some("https://verbind.example.be/"), &h),
            "https://verbind.example.be",
            "the configured public URL wins"
        );
        assert_eq!(link_base(Some(" "), &h), "http://127.0.0.1:8080");
        h.insert(header::HOST, HeaderValue::from_static("evil.example/x?y"));
        assert_eq!(link_base(None, &h), "");
    }

    #[test]
    fn session_ref_is_short() {
        assert_eq!(session_ref(&"ab".repeat(32)), "abababababab");
        assert_eq!(session_ref("abc"), "abc");
    }

    #[test]
    fn reauth_redirect_goes_to_the_confirmation_page() {
        let r = reauth_redirect("/beheer/gebruikers/x");
        assert_eq!(r.status().as_u16(), 303);
        assert_eq!(
            r.headers()
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok()),
            Some("/account/bevestigen?terug=/beheer/gebruikers/x")
        );
        let r = reauth_redirect("/a b?c=d&e");
        assert_eq!(
            r.headers()
                .get(header::LOCATION)
                .and_then(|v| v.to_str().ok()),
            Some("/account/bevestigen?terug=/a%20b%3Fc%3Dd%26e")
        );
    }
}
