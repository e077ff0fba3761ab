//! `/account/bevestigen`: re-authentication (password, and the TOTP code when
//! MFA is on) before revealing an identity or changing security settings.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
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
    let ok = service::reauthenticate(
        &state,
        &session,
        SecretString::from(form.password),
        Some(form.code).filter(|c| !c.trim().is_empty()),
    )
    .await?;
    if ok {
        return Ok(Redirect::to(&back).into_response());
    }
    let tr = Tr::new(locale);
    let mut res = ReauthPage {
        page: Page::for_session(tr, state.config.demo, &session, "reauth-title", ""),
        back,
        needs_code: session.mfa_enabled,
        error: Some(tr.t("reauth-failed")),
    }
    .into_response();
    *res.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
    Ok(res)
}
