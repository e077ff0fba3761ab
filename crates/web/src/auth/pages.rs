//! The login page (`/aanmelden`), logout (`/afmelden`) and the language switch (`/taal`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};
use secrecy::SecretString;
use serde::Deserialize;
use verbind_domain::Locale;
use verbind_store::models::{audit, user};

use crate::auth::service::{self, LoginAttempt, LoginOutcome};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::middleware::client::ClientSource;
use crate::middleware::session::{
    CurrentSession, LANG_COOKIE, MaybeSession, PRE_COOKIE, PreToken, RequestLocale, SESSION_COOKIE,
    host_cookie,
};
use crate::state::AppState;
use crate::views::Page;

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub page: Page,
    pub username: String,
    pub error: Option<String>,
    /// No account exists yet: say how to create the first administrator.
    pub first_run: bool,
    pub demo_accounts: Vec<&'static str>,
}

async fn login_page(
    state: &AppState,
    locale: Locale,
    pre: PreToken,
    username: String,
    error: Option<String>,
) -> AppResult<Response> {
    let (csrf, new_cookie) = pre.for_form();
    let first_run = state.read(|c, _| user::count(c)).await? == 0;
    let tr = Tr::new(locale);
    let page = LoginPage {
        page: Page::anonymous(tr, state.config.demo, csrf, "login-title"),
        username,
        error,
        first_run,
        demo_accounts: if state.config.demo {
            verbind_store::demo::DEMO_ACCOUNTS
                .iter()
                .map(|a| a.username)
                .collect()
        } else {
            Vec::new()
        },
    };
    let mut res = page.into_response();
    if let Some(t) = new_cookie {
        res.headers_mut()
            .append(header::SET_COOKIE, host_cookie(PRE_COOKIE, &t, None));
    }
    Ok(res)
}

/// GET /aanmelden
pub async fn show_login(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    RequestLocale(locale): RequestLocale,
    pre: PreToken,
) -> AppResult<Response> {
    if session.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    login_page(&state, locale, pre, String::new(), None).await
}

/// The login form's fields.
#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub code: String,
}

/// POST /aanmelden
pub async fn submit_login(
    State(state): State<AppState>,
    ClientSource(source): ClientSource,
    RequestLocale(locale): RequestLocale,
    pre: PreToken,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let tr = Tr::new(locale);
    let username = form.username.chars().take(128).collect::<String>();
    let attempt = LoginAttempt {
        username: username.clone(),
        password: SecretString::from(form.password),
        code: Some(form.code).filter(|c| !c.trim().is_empty()),
        source: source.clone(),
    };
    match service::login(&state, attempt).await? {
        LoginOutcome::Success(s) => {
            let target = if s.mfa_enrolment_required {
                "/account/mfa"
            } else {
                "/"
            };
            let mut res = Redirect::to(target).into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                host_cookie(SESSION_COOKIE, &s.token, None),
            );
            res.headers_mut()
                .append(header::SET_COOKIE, host_cookie(PRE_COOKIE, "", Some(0)));
            Ok(res)
        }
        LoginOutcome::Invalid => {
            let mut res =
                login_page(&state, locale, pre, username, Some(tr.t("login-invalid"))).await?;
            *res.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
            Ok(res)
        }
        LoginOutcome::Throttled { retry_after_s } => {
            let msg = tr.t_args("login-throttled", &[("seconds", retry_after_s.to_string())]);
            let mut res = login_page(&state, locale, pre, username, Some(msg)).await?;
            *res.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
            crate::error::set_retry_after(&mut res, retry_after_s);
            Ok(res)
        }
        // Too many logins at once: nothing was checked, try again shortly.
        LoginOutcome::Busy { retry_after_s } => {
            let msg = tr.t("login-busy");
            let mut res = login_page(&state, locale, pre, username, Some(msg)).await?;
            *res.status_mut() = axum::http::StatusCode::SERVICE_UNAVAILABLE;
            crate::error::set_retry_after(&mut res, retry_after_s);
            Ok(res)
        }
    }
}

/// POST /afmelden: ends the session, clears cookies and what the browser kept.
pub async fn logout(State(state): State<AppState>, session: CurrentSession) -> AppResult<Response> {
    service::logout(&state, &session).await?;
    Ok(logged_out_response())
}

pub fn logged_out_response() -> Response {
    let mut res = Redirect::to("/aanmelden").into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, host_cookie(SESSION_COOKIE, "", Some(0)));
    res.headers_mut().insert(
        "clear-site-data",
        axum::http::HeaderValue::from_static("\"cache\", \"cookies\", \"storage\""),
    );
    res
}

#[derive(Deserialize)]
pub struct LanguageForm {
    pub locale: String,
    /// The page to return to (a local path), for pages without an account.
    #[serde(default)]
    pub terug: Option<String>,
}

/// POST /taal: the language switch. Saved on the account when logged in, in a cookie otherwise.
pub async fn set_language(
    State(state): State<AppState>,
    MaybeSession(session): MaybeSession,
    headers: HeaderMap,
    Form(form): Form<LanguageForm>,
) -> AppResult<Response> {
    let locale = Locale::parse(&form.locale).unwrap_or_default();
    if let Some(s) = session {
        let now = state.now_ms();
        state
            .write(move |c, _| {
                user::set_locale(c, &s.user_id, locale, now)?;
                audit::append(
                    c,
                    now,
                    &audit::NewEntry::new(verbind_domain::audit::AuditAction::LocaleChanged, "ok")
                        .tenant(&s.tenant_id)
                        .actor(s.user_id.as_str(), s.organisation_id.as_str())
                        .detail(format!("locale={}", locale.tag())),
                )?;
                Ok(())
            })
            .await?;
    }
    // Back to the page the switch was on, if it was ours: the form says so
    // on public pages (we send no Referer), the Referer otherwise.
    let local = |p: &str| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\');
    let named = form
        .terug
        .as_deref()
        .filter(|p| local(p))
        .map(str::to_owned);
    let back = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or("/")
        .to_owned();
    let back = named.unwrap_or(back);
    let mut res = Redirect::to(&back).into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        host_cookie(LANG_COOKIE, locale.tag(), Some(31_536_000)),
    );
    Ok(res)
}
