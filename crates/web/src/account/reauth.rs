//! `/account/bevestigen`: re-authentication (password, and the TOTP code when
//! MFA is on) before revealing an identity or changing security settings.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use secrecy::SecretString;
use serde::Deserialize;
use verbind_domain::policy::Action;

use super::safe_return_path;
use crate::auth::service;
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

#[derive(Template, WebTemplate)]
#[template(path = "account/reauth.html")]
pub struct ReauthPage {
    pub page: Page,
    pub back: String,
    pub needs_code: bool,
    pub error: Option<String>,
}

#[derive(Deserialize)]
pub struct BackQuery {
    pub terug: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    Query(q): Query<BackQuery>,
) -> AppResult<Response> {
    session.require(Action::ManageOwnAccount)?;
    let tr = Tr::new(locale);
    Ok(ReauthPage {
        page: Page::for_session(tr, state.config.demo, &session, "reauth-title", ""),
        back: safe_return_path(q.terug.as_deref()),
        needs_code: session.mfa_enabled,
        error: None,
    }
    .into_response())
}

#[derive(Deserialize)]
pub struct ReauthForm {
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub terug: String,
}

pub async fn submit(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    Form(form): Form<ReauthForm>,
) -> AppResult<Response> {
    session.require(Action::ManageOwnAccount)?;
    let back = safe_return_path(Some(&form.terug));
    let outcome = service::reauthenticate(
        &state,
        &session,
        SecretString::from(form.password),
        Some(form.code).filter(|c| !c.trim().is_empty()),
    )
    .await?;
    if outcome.is_confirmed() {
        return Ok(Redirect::to(&back).into_response());
    }
    let tr = Tr::new(locale);
    let mut res = ReauthPage {
        page: Page::for_session(tr, state.config.demo, &session, "reauth-title", ""),
        back,
        needs_code: session.mfa_enabled,
        error: Some(reauth_refusal_text(tr, outcome)),
    }
    .into_response();
    with_refusal_status(&mut res, outcome);
    Ok(res)
}

/// What a form says when a re-authentication did not confirm: the wrong
/// password (or code), the throttle with how long to wait, or too many
/// password checks at once (the login page's words).
pub(crate) fn reauth_refusal_text(tr: Tr, outcome: service::ReauthOutcome) -> String {
    match outcome {
        service::ReauthOutcome::Throttled { retry_after_s } => {
            tr.t_args("login-throttled", &[("seconds", retry_after_s.to_string())])
        }
        service::ReauthOutcome::Busy { .. } => tr.t("login-busy"),
        _ => tr.t("reauth-failed"),
    }
}

/// A form refused by a re-authentication: 401, 429 with `Retry-After` while
/// throttled, or 503 with `Retry-After` when the password workers were busy
/// (as the login page).
pub(crate) fn with_refusal_status(res: &mut Response, outcome: service::ReauthOutcome) {
    match outcome {
        service::ReauthOutcome::Throttled { retry_after_s } => {
            *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            crate::error::set_retry_after(res, retry_after_s);
        }
        service::ReauthOutcome::Busy { retry_after_s } => {
            *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            crate::error::set_retry_after(res, retry_after_s);
        }
        _ => *res.status_mut() = StatusCode::UNAUTHORIZED,
    }
}
