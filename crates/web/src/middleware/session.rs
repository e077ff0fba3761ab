//! Sessions: reads the `__Host-verbind` cookie, finds the server-side session,
//! enforces the idle and absolute limits and a disabled account, and puts the
//! [`CurrentSession`] and the request's [`RequestLocale`] into the request.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::Cookie;
use verbind_crypto::token;
use verbind_domain::audit::AuditAction;
use verbind_domain::policy::{Action, Actor, decide};
use verbind_domain::session::{SessionState, session_state};
use verbind_domain::{Locale, OrganisationId, Role, TenantId, UserId};
use verbind_store::models::{audit, session as sessions, user};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "__Host-verbind";
/// Anonymous CSRF token (double submit) for the login and set-password forms.
pub const PRE_COOKIE: &str = "__Host-verbind-pre";
pub const LANG_COOKIE: &str = "__Host-verbind-lang";

/// Only touch `last_seen_at` when it is older than this, to spare writes.
const TOUCH_EVERY_MS: i64 = 30_000;

/// The logged-in user of this request.
#[derive(Debug, Clone)]
pub struct CurrentSession {
    pub id_hash: String,
    pub csrf: String,
    pub mfa_done: bool,
    pub reauth_at: Option<i64>,
    pub user_id: UserId,
    pub tenant_id: TenantId,
    pub organisation_id: OrganisationId,
    pub role: Role,
    pub username: String,
    pub locale: Locale,
    pub mfa_enabled: bool,
}

impl CurrentSession {
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user_id.clone(),
            tenant_id: self.tenant_id.clone(),
            organisation_id: self.organisation_id.clone(),
            role: self.role,
            mfa_satisfied: self.mfa_done,
        }
    }

    /// Asks the policy; a refusal is a 403 (and is logged, without personal data).
    /// Whether the policy allows `action`, without logging a refusal: for
    /// pages that only choose what to show (a refusal there is no event).
    pub fn may(&self, action: Action) -> bool {
        decide(&self.actor(), action, &self.tenant_id).is_allowed()
    }

    pub fn require(&self, action: Action) -> AppResult<()> {
        let d = decide(&self.actor(), action, &self.tenant_id);
        if d.is_allowed() {
            Ok(())
        } else {
            tracing::warn!(?action, decision = ?d, "access denied");
            Err(AppError::forbidden())
        }
    }
}

/// The language of this request.
#[derive(Debug, Clone, Copy)]
pub struct RequestLocale(pub Locale);

/// The anonymous CSRF token from the pre-session cookie, if any.
#[derive(Debug, Clone)]
pub struct PreToken(pub Option<String>);

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

impl PreToken {
    /// The anonymous CSRF token for a form: the one in the pre-session cookie,
    /// or a new one, returned second as well so the caller sets the cookie.
    pub fn for_form(self) -> (String, Option<String>) {
        match self.0 {
            Some(t) if t.len() >= 32 => (t, None),
            _ => {
                let t = verbind_crypto::token::random_token();
                (t.clone(), Some(t))
            }
        }
    }
}

/// A `Set-Cookie` value with the attributes QUALITY.md §1.4 asks for.
pub fn host_cookie(name: &str, value: &str, max_age_s: Option<i64>) -> HeaderValue {
    let mut s = format!("{name}={value}; Secure; HttpOnly; SameSite=Strict; Path=/");
    if let Some(age) = max_age_s {
        s.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&s).unwrap_or_else(|_| HeaderValue::from_static(""))
}

pub async fn load_session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let token = cookie_value(req.headers(), SESSION_COOKIE);
    let pre = cookie_value(req.headers(), PRE_COOKIE);
    let cookie_locale = cookie_value(req.headers(), LANG_COOKIE).and_then(|l| Locale::parse(&l));

    let mut clear_cookie = false;
    let mut current = None;
    if let Some(token) = token {
        match resolve(&state, token).await {
            Ok(Some(s)) => current = Some(s),
            Ok(None) => clear_cookie = true,
            Err(e) => {
                tracing::error!(error = ?e.internal, "session lookup failed");
                clear_cookie = true;
            }
        }
    }
    let locale = current
        .as_ref()
        .map(|s: &CurrentSession| s.locale)
        .or(cookie_locale)
        // Dutch first: the browser's Accept-Language does not switch the
        // language by itself; the language switch (or the account) does.
        .unwrap_or_default();
    req.extensions_mut().insert(RequestLocale(locale));
    req.extensions_mut().insert(PreToken(pre));
    if let Some(s) = current {
        req.extensions_mut().insert(s);
    }
    let mut res = next.run(req).await;
    res.extensions_mut().insert(RequestLocale(locale));
    if clear_cookie && !res.headers().contains_key(header::SET_COOKIE) {
        res.headers_mut()
            .append(header::SET_COOKIE, host_cookie(SESSION_COOKIE, "", Some(0)));
    }
    res
}

/// Finds the live session for a cookie token; ends it when expired or the account is disabled.
///
/// Most requests change nothing (the session is live and was touched less
/// than [`TOUCH_EVERY_MS`] ago): they are answered from a read, without the
/// database's write lock, so that requests of logged-in users run side by
/// side. Only ending or touching a session takes a write transaction, which
/// looks again at everything before it changes anything.
async fn resolve(state: &AppState, token: String) -> AppResult<Option<CurrentSession>> {
    let now = state.now_ms();
    let hash = token::token_hash(&token);
    let seen = {
        let hash = hash.clone();
        state
            .read(move |c, _| {
                let Some(s) = sessions::find(c, &hash)? else {
                    return Ok(Seen::Missing);
                };
                let u = match user::find(
                    c,
                    &TenantId::from_db(s.tenant_id.clone()),
                    &UserId::from_db(s.user_id.clone()),
                ) {
                    Ok(u) => u,
                    Err(verbind_store::StoreError::NotFound) => return Ok(Seen::NeedsWrite),
                    Err(e) => return Err(e),
                };
                let live = session_state(s.created_at, s.last_seen_at, now) == SessionState::Active
                    && !u.is_disabled();
                if live && now - s.last_seen_at < TOUCH_EVERY_MS {
                    Ok(Seen::Live(Box::new(current(hash, s, u))))
                } else {
                    Ok(Seen::NeedsWrite)
                }
            })
            .await?
    };
    match seen {
        Seen::Missing => Ok(None),
        Seen::Live(s) => Ok(Some(*s)),
        Seen::NeedsWrite => resolve_writing(state, hash, now).await,
    }
}

/// What the read of [`resolve`] found.
enum Seen {
    Missing,
    Live(Box<CurrentSession>),
    /// The session is to be ended or touched: decided again under the write lock.
    NeedsWrite,
}

fn current(
    hash: String,
    s: verbind_store::models::session::SessionRow,
    u: verbind_store::models::user::UserRow,
) -> CurrentSession {
    CurrentSession {
        id_hash: hash,
        csrf: s.csrf_token,
        mfa_done: s.mfa_done,
        reauth_at: s.reauth_at,
        user_id: u.user_id(),
        tenant_id: u.tenant(),
        organisation_id: u.organisation(),
        role: u.role(),
        locale: u.locale(),
        mfa_enabled: u.mfa_enabled,
        username: u.username,
    }
}

/// [`resolve`] when something changes: ends an expired session (audited) or
/// touches a live one, in one write transaction.
async fn resolve_writing(
    state: &AppState,
    hash: String,
    now: i64,
) -> AppResult<Option<CurrentSession>> {
    state
        .write(move |c, _| {
            let Some(s) = sessions::find(c, &hash)? else {
                return Ok(None);
            };
            let st = session_state(s.created_at, s.last_seen_at, now);
            let u = user::find(
                c,
                &TenantId::from_db(s.tenant_id.clone()),
                &UserId::from_db(s.user_id.clone()),
            );
            let u = match u {
                Ok(u) => u,
                Err(verbind_store::StoreError::NotFound) => {
                    sessions::delete(c, &hash)?;
                    return Ok(None);
                }
                Err(e) => return Err(e),
            };
            if st != SessionState::Active || u.is_disabled() {
                sessions::delete(c, &hash)?;
                audit::append(
                    c,
                    now,
                    &audit::NewEntry::new(AuditAction::SessionExpired, "ok")
                        .tenant(&u.tenant())
                        .actor(&u.id, &u.organisation_id)
                        .detail(match st {
                            SessionState::IdleExpired => "idle",
                            SessionState::AbsoluteExpired => "absolute",
                            SessionState::Active => "account-disabled",
                        }),
                )?;
                return Ok(None);
            }
            if now - s.last_seen_at >= TOUCH_EVERY_MS {
                sessions::touch(c, &hash, now)?;
            }
            Ok(Some(current(hash, s, u)))
        })
        .await
}

/// Extractor: the logged-in user, or 401 (pages turn that into the login page).
impl<S: Send + Sync> FromRequestParts<S> for CurrentSession {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CurrentSession>()
            .cloned()
            .ok_or_else(AppError::unauthorized)
    }
}

/// Extractor: the logged-in user if any.
#[derive(Debug, Clone)]
pub struct MaybeSession(pub Option<CurrentSession>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeSession {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeSession(
            parts.extensions.get::<CurrentSession>().cloned(),
        ))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestLocale {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<RequestLocale>()
            .copied()
            .unwrap_or(RequestLocale(Locale::NlBe)))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PreToken {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<PreToken>()
            .cloned()
            .unwrap_or(PreToken(None)))
    }
}
