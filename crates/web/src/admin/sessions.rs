//! The tenant's open sessions (`/beheer/sessies`), and ending one.
//!
//! A session is shown by a short reference (the start of its token's hash);
//! the form that ends it carries the hash, never the token.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use verbind_domain::UserId;
use verbind_domain::audit::AuditAction;
use verbind_domain::policy::Action;
use verbind_domain::session::{SessionState, session_state};
use verbind_store::StoreError;
use verbind_store::models::session::SessionRow;
use verbind_store::models::{audit, session as sessions, user};

use super::{audit_entry, session_ref};
use crate::error::{AppError, AppResult};
use crate::i18n::{Tr, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

/// One open session, as a page shows it.
#[derive(Debug, Clone)]
pub struct SessionView {
    /// For the "end" form only; never printed as text.
    pub id_hash: String,
    pub reference: String,
    pub user_id: String,
    pub username: String,
    pub started: String,
    pub last_seen: String,
    /// The session of the admin looking at the page.
    pub current: bool,
}

/// The live sessions among `rows` (expired ones wait for the purge), newest activity first.
pub(crate) fn session_views(
    rows: Vec<SessionRow>,
    usernames: &HashMap<String, String>,
    now_ms: i64,
    current_hash: &str,
) -> Vec<SessionView> {
    let mut live: Vec<SessionRow> = rows
        .into_iter()
        .filter(|r| session_state(r.created_at, r.last_seen_at, now_ms) == SessionState::Active)
        .collect();
    live.sort_by_key(|r| std::cmp::Reverse(r.last_seen_at));
    live.into_iter()
        .map(|r| SessionView {
            reference: session_ref(&r.id_hash),
            username: usernames.get(&r.user_id).cloned().unwrap_or_default(),
            started: format_datetime(r.created_at),
            last_seen: format_datetime(r.last_seen_at),
            current: r.id_hash == current_hash,
            user_id: r.user_id,
            id_hash: r.id_hash,
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/sessions.html")]
pub struct SessionsPage {
    pub page: Page,
    pub q: String,
    pub sessions: Vec<SessionView>,
    pub total: usize,
    pub notice: Option<String>,
}

/// `?q=` filters on the username; `?gedaan=` names an action just done.
#[derive(Debug, Default, Deserialize)]
pub struct SessionsQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub gedaan: String,
}

/// GET /beheer/sessies
pub async fn list(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    query: Result<Query<SessionsQuery>, QueryRejection>,
) -> AppResult<Response> {
    session.require(Action::ManageSessions)?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let tr = Tr::new(locale);
    let s = session.clone();
    let (rows, usernames) = state
        .read(move |c, _| {
            let rows = sessions::list_for_tenant(c, &s.tenant_id)?;
            let usernames: HashMap<String, String> = user::list(c, &s.tenant_id)?
                .into_iter()
                .map(|u| (u.id, u.username))
                .collect();
            Ok((rows, usernames))
        })
        .await?;
    let all = session_views(rows, &usernames, state.now_ms(), &session.id_hash);
    let total = all.len();
    let q: String = query.q.trim().chars().take(100).collect();
    let needle = q.to_lowercase();
    let sessions = all
        .into_iter()
        .filter(|v| needle.is_empty() || v.username.contains(&needle))
        .collect();
    let page = SessionsPage {
        page: Page::for_session(
            tr,
            state.config.demo,
            &session,
            "admin-sessions-title",
            "/beheer/sessies",
        ),
        q,
        sessions,
        total,
        notice: done_notice(tr, &query.gedaan),
    };
    Ok(page.into_response())
}

/// The confirmation for `?gedaan=<code>` after a redirect; unknown codes show nothing.
pub(crate) fn done_notice(tr: Tr, code: &str) -> Option<String> {
    let key = match code {
        "sessie-beeindigd" => "admin-done-session-ended",
        "uitgeschakeld" => "admin-done-disabled",
        "ingeschakeld" => "admin-done-enabled",
        "mfa-hersteld" => "admin-done-mfa-reset",
        _ => return None,
    };
    Some(tr.t(key))
}

/// The "end session" form: the session's hash, and the user page to go back to (optional).
#[derive(Debug, Default, Deserialize)]
pub struct EndForm {
    #[serde(default)]
    pub sessie: String,
    #[serde(default)]
    pub gebruiker: String,
}

/// POST /beheer/sessies/beeindigen
pub async fn end(
    State(state): State<AppState>,
    session: CurrentSession,
    form: Result<Form<EndForm>, FormRejection>,
) -> AppResult<Response> {
    session.require(Action::ManageSessions)?;
    let Ok(Form(form)) = form else {
        return Err(AppError::bad_request());
    };
    let hash = form.sessie.trim().to_ascii_lowercase();
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::not_found());
    }
    let back_to_user = UserId::parse(form.gebruiker.trim());
    let now = state.now_ms();
    let s = session.clone();
    state
        .write(move |c, _| {
            // Another tenant's session is "not found", like one that does not exist.
            let row = sessions::find(c, &hash)?
                .filter(|r| r.tenant_id == s.tenant_id.as_str())
                .ok_or(StoreError::NotFound)?;
            sessions::delete_in_tenant(c, &s.tenant_id, &hash)?;
            audit::append(
                c,
                now,
                &audit_entry(&s, AuditAction::SessionEnded)
                    .object("session", &session_ref(&hash))
                    .detail(format!("user={}", row.user_id)),
            )?;
            Ok(())
        })
        .await?;
    let target = match back_to_user {
        Some(u) => format!("/beheer/gebruikers/{u}?gedaan=sessie-beeindigd"),
        None => "/beheer/sessies?gedaan=sessie-beeindigd".to_owned(),
    };
    Ok(Redirect::to(&target).into_response())
}
