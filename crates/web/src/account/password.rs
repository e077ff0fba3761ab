//! The account page, changing the own password, and setting a password through
//! the one-time link an administrator made (valid 24 hours, single use).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use secrecy::SecretString;
use serde::Deserialize;
use verbind_crypto::token;
use verbind_domain::audit::AuditAction;
use verbind_domain::password::NewPassword;
use verbind_domain::policy::Action;
use verbind_domain::{TenantId, UserId};
use verbind_store::models::{audit, session as sessions, set_password_token, user};

use crate::auth::service::{BUSY_RETRY_AFTER_S, ReauthNeeded, require_fresh_reauth};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::middleware::session::{
    CurrentSession, PRE_COOKIE, PreToken, RequestLocale, host_cookie,
};
use crate::state::AppState;
use crate::views::Page;

#[derive(Template, WebTemplate)]
#[template(path = "account/account.html")]
pub struct AccountPage {
    pub page: Page,
    pub mfa_enabled: bool,
    pub error: Option<String>,
    pub saved: bool,
}

#[derive(Deserialize)]
pub struct SavedQuery {
    pub opgeslagen: Option<String>,
}

/// GET /account
pub async fn show_account(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    Query(q): Query<SavedQuery>,
) -> AppResult<Response> {
    session.require(Action::ManageOwnAccount)?;
    let tr = Tr::new(locale);
    Ok(AccountPage {
        page: Page::for_session(tr, state.config.demo, &session, "account-title", "/account"),
        mfa_enabled: session.mfa_enabled,
        error: None,
        saved: q.opgeslagen.is_some(),
    }
    .into_response())
}

#[derive(Deserialize)]
pub struct ChangePasswordForm {
    #[serde(default)]
    pub new_password: String,
    #[serde(default)]
    pub confirm: String,
}

/// Checks a new password and its confirmation; the error is a translation key.
fn check_new(new: &str, confirm: &str, username: &str) -> Result<NewPassword, &'static str> {
    let pw = NewPassword::parse(new, username).map_err(|e| e.message_key())?;
    if new != confirm {
        return Err("password-mismatch");
    }
    Ok(pw)
}

/// POST /account/wachtwoord: needs a fresh re-authentication; ends the other sessions.
pub async fn change_password(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    Form(form): Form<ChangePasswordForm>,
) -> AppResult<Response> {
    session.require(Action::ManageOwnAccount)?;
    if let Err(ReauthNeeded) = require_fresh_reauth(&state, &session) {
        return Ok(Redirect::to("/account/bevestigen?terug=/account").into_response());
    }
    let tr = Tr::new(locale);
    let pw = match check_new(&form.new_password, &form.confirm, &session.username) {
        Ok(pw) => pw,
        Err(key) => {
            let mut res = AccountPage {
                page: Page::for_session(
                    tr,
                    state.config.demo,
                    &session,
                    "account-title",
                    "/account",
                ),
                mfa_enabled: session.mfa_enabled,
                error: Some(tr.t(key)),
                saved: false,
            }
            .into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(res);
        }
    };
    let now = state.now_ms();
    let s = session.clone();
    let changed = state
        .blocking(move |st| {
            let Some(phc) = hash_new(st, pw, "password-change")? else {
                return Ok(false);
            };
            st.db
                .write(|c| {
                    user::set_password_hash(c, &s.user_id, &phc, now)?;
                    // Every other session of this account ends; this one stays.
                    for other in sessions_of(c, &s.tenant_id, &s.user_id)? {
                        if other != s.id_hash {
                            sessions::delete(c, &other)?;
                        }
                    }
                    audit::append(
                        c,
                        now,
                        &audit::NewEntry::new(AuditAction::PasswordChanged, "ok")
                            .tenant(&s.tenant_id)
                            .actor(s.user_id.as_str(), s.organisation_id.as_str())
                            .object("user", s.user_id.as_str()),
                    )?;
                    Ok(true)
                })
                .map_err(AppError::from)
        })
        .await?;
    if !changed {
        // The password workers were busy: nothing changed, try again shortly.
        let mut res = AccountPage {
            page: Page::for_session(tr, state.config.demo, &session, "account-title", "/account"),
            mfa_enabled: session.mfa_enabled,
            error: Some(tr.t("password-busy")),
            saved: false,
        }
        .into_response();
        busy_status(&mut res);
        return Ok(res);
    }
    Ok(Redirect::to("/account?opgeslagen=1").into_response())
}

/// Hashes a new password on the password workers. `None`: they were busy
/// (counted under `operation`); nothing was hashed.
fn hash_new(
    st: &crate::state::Inner,
    pw: NewPassword,
    operation: &'static str,
) -> AppResult<Option<String>> {
    match st
        .password_workers
        .hash(&SecretString::from(pw.into_inner()))
    {
        Ok(hashed) => hashed
            .map(Some)
            .map_err(|e| AppError::internal(e.to_string())),
        Err(busy) => {
            tracing::debug!(reason = %busy, operation, "password hash refused: workers busy");
            st.metrics.record_password_busy(operation);
            Ok(None)
        }
    }
}

/// 503 with `Retry-After`, as a login answered while the password workers are busy.
fn busy_status(res: &mut Response) {
    *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    crate::error::set_retry_after(res, BUSY_RETRY_AFTER_S);
}

fn sessions_of(
    c: &mut verbind_store::DbConn,
    tenant: &TenantId,
    user_id: &UserId,
) -> Result<Vec<String>, verbind_store::StoreError> {
    Ok(sessions::list_for_tenant(c, tenant)?
        .into_iter()
        .filter(|s| s.user_id == user_id.as_str())
        .map(|s| s.id_hash)
        .collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "account/set_password.html")]
pub struct SetPasswordPage {
    pub page: Page,
    pub token: String,
    pub valid: bool,
    pub error: Option<String>,
}

#[derive(Deserialize)]
pub struct TokenQuery {
    pub token: Option<String>,
}

async fn link_valid(
    state: &AppState,
    tok: &str,
) -> AppResult<Option<set_password_token::SetPasswordToken>> {
    if tok.is_empty() || tok.len() > 128 {
        return Ok(None);
    }
    let hash = token::token_hash(tok);
    let now = state.now_ms();
    state
        .read(move |c, _| set_password_token::find_valid(c, &hash, now))
        .await
}

/// GET /wachtwoord-instellen?token=...
pub async fn show_set_password(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    pre_token: PreToken,
    Query(q): Query<TokenQuery>,
) -> AppResult<Response> {
    let tr = Tr::new(locale);
    let tok = q.token.unwrap_or_default();
    let valid = link_valid(&state, &tok).await?.is_some();
    let (csrf, new_cookie) = pre_token.for_form();
    let mut res = SetPasswordPage {
        page: Page::anonymous(tr, state.config.demo, csrf, "set-password-title"),
        token: if valid { tok } else { String::new() },
        valid,
        error: None,
    }
    .into_response();
    if !valid {
        *res.status_mut() = StatusCode::NOT_FOUND;
    }
    if let Some(t) = new_cookie {
        res.headers_mut()
            .append(header::SET_COOKIE, host_cookie(PRE_COOKIE, &t, None));
    }
    Ok(res)
}

#[derive(Deserialize)]
pub struct SetPasswordForm {
    #[serde(default)]
    pub token: String,
    #[serde(default)]
    pub new_password: String,
    #[serde(default)]
    pub confirm: String,
}

/// POST /wachtwoord-instellen
pub async fn submit_set_password(
    State(state): State<AppState>,
    RequestLocale(locale): RequestLocale,
    pre_token: PreToken,
    Form(form): Form<SetPasswordForm>,
) -> AppResult<Response> {
    let tr = Tr::new(locale);
    let Some(link) = link_valid(&state, &form.token).await? else {
        let (csrf, _) = pre_token.for_form();
        let mut res = SetPasswordPage {
            page: Page::anonymous(tr, state.config.demo, csrf, "set-password-title"),
            token: String::new(),
            valid: false,
            error: None,
        }
        .into_response();
        *res.status_mut() = StatusCode::NOT_FOUND;
        return Ok(res);
    };
    let user_id = UserId::from_db(link.user_id.clone());
    let u = state
        .read({
            let id = user_id.clone();
            move |c, _| user::find_any(c, &id)
        })
        .await?;
    let pw = match check_new(&form.new_password, &form.confirm, &u.username) {
        Ok(pw) => pw,
        Err(key) => {
            let (csrf, _) = pre_token.for_form();
            let mut res = SetPasswordPage {
                page: Page::anonymous(tr, state.config.demo, csrf, "set-password-title"),
                token: form.token,
                valid: true,
                error: Some(tr.t(key)),
            }
            .into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(res);
        }
    };
    let now = state.now_ms();
    let hash = token::token_hash(&form.token);
    // `None`: the password workers were busy, nothing changed (the link stays valid).
    let used = state
        .blocking(move |st| {
            let Some(phc) = hash_new(st, pw, "password-set")? else {
                return Ok(None);
            };
            st.db
                .write(|c| {
                    if !set_password_token::consume(c, &hash, &u.user_id(), now)? {
                        return Ok(Some(false));
                    }
                    user::set_password_hash(c, &u.user_id(), &phc, now)?;
                    sessions::delete_for_user(c, &u.user_id())?;
                    audit::append(
                        c,
                        now,
                        &audit::NewEntry::new(AuditAction::PasswordLinkUsed, "ok")
                            .tenant(&u.tenant())
                            .object("user", &u.id),
                    )?;
                    Ok(Some(true))
                })
                .map_err(AppError::from)
        })
        .await?;
    let Some(used) = used else {
        let (csrf, _) = pre_token.for_form();
        let mut res = SetPasswordPage {
            page: Page::anonymous(tr, state.config.demo, csrf, "set-password-title"),
            token: form.token,
            valid: true,
            error: Some(tr.t("password-busy")),
        }
        .into_response();
        busy_status(&mut res);
        return Ok(res);
    };
    if !used {
        return Err(AppError::not_found());
    }
    Ok(Redirect::to("/aanmelden").into_response())
}
