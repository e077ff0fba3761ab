//! The tenant's accounts: the list with search and role filter, creating an
//! account (with a one-time set-password link), and one account's page with
//! its security actions: disable, enable, a new set-password link, MFA reset,
//! and its open sessions.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use verbind_crypto::token;
use verbind_domain::audit::AuditAction;
use verbind_domain::policy::Action;
use verbind_domain::session::SET_PASSWORD_LINK_MS;
use verbind_domain::{Locale, Role, UserId};
use verbind_store::models::organisation::Organisation;
use verbind_store::models::set_password_token::SetPasswordToken;
use verbind_store::models::{
    audit, organisation, session as sessions, set_password_token, tenant, user,
};
use verbind_store::{DbConn, StoreError, StoreResult};

use super::forms::{self, FieldErrors, NewAccountForm};
use super::sessions::{SessionView, done_notice, session_views};
use super::{audit_entry, link_base, reauth_redirect};
use crate::auth::service::require_fresh_reauth;
use crate::error::{AppError, AppResult};
use crate::i18n::{Tr, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::{Page, role_label};

const NAV: &str = "/beheer/gebruikers";
/// Longest search text used; the rest is ignored.
const MAX_QUERY_CHARS: usize = 100;
/// Longest text echoed back into a form field after an error.
const MAX_ECHO_CHARS: usize = 256;

/// A choice in a role select.
#[derive(Debug, Clone)]
pub struct RoleOption {
    pub code: &'static str,
    pub label: String,
    pub selected: bool,
}

fn role_options(tr: Tr, selected: Option<Role>) -> Vec<RoleOption> {
    Role::ALL
        .into_iter()
        .map(|r| RoleOption {
            code: r.code(),
            label: role_label(tr, r),
            selected: Some(r) == selected,
        })
        .collect()
}

fn detail_path(id: &UserId) -> String {
    format!("/beheer/gebruikers/{id}")
}

/// The id in the URL; anything but a UUID is "not found".
fn parse_id(path: Result<Path<String>, PathRejection>) -> AppResult<UserId> {
    path.ok()
        .and_then(|Path(raw)| UserId::parse(&raw))
        .ok_or_else(AppError::not_found)
}

// ---------------------------------------------------------------- the list

#[derive(Debug, Clone)]
pub struct UserListRow {
    pub id: String,
    pub username: String,
    pub name: String,
    pub organisation: String,
    pub role: String,
    pub mfa: bool,
    pub disabled: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
pub struct UsersPage {
    pub page: Page,
    pub q: String,
    pub roles: Vec<RoleOption>,
    pub role_error: Option<String>,
    pub rows: Vec<UserListRow>,
    /// "3 of 10 accounts".
    pub count_text: String,
}

/// `?q=` searches username, name and organisation; `?rol=` is a role code.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub rol: String,
}

/// GET /beheer/gebruikers
pub async fn list(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> AppResult<Response> {
    session.require(Action::ManageUsers)?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let tr = Tr::new(locale);
    let role_code = query.rol.trim();
    let (role, role_error) = if role_code.is_empty() {
        (None, None)
    } else {
        match Role::parse(role_code) {
            Some(r) => (Some(r), None),
            None => (None, Some(tr.t("admin-error-role"))),
        }
    };
    let q: String = query.q.trim().chars().take(MAX_QUERY_CHARS).collect();

    let s = session.clone();
    let (users, orgs) = state
        .read(move |c, st| {
            let orgs = org_names(organisation::list(c, &s.tenant_id)?);
            let mut out = Vec::new();
            for u in user::list(c, &s.tenant_id)? {
                let d = user::details(c, &st.keyring, &u)?;
                out.push((u, d.display_name));
            }
            Ok((out, orgs))
        })
        .await?;
    let total = users.len();
    // Names are encrypted at rest, so the search runs here, after decrypting.
    let needle = q.to_lowercase();
    let rows = users
        .into_iter()
        .filter(|(u, _)| role.is_none_or(|want| u.role() == want))
        .map(|(u, name)| UserListRow {
            organisation: orgs.get(&u.organisation_id).cloned().unwrap_or_default(),
            role: role_label(tr, u.role()),
            mfa: u.mfa_enabled,
            disabled: u.is_disabled(),
            id: u.id.clone(),
            name,
            username: u.username.clone(),
        })
        .filter(|r| {
            needle.is_empty()
                || r.username.to_lowercase().contains(&needle)
                || r.name.to_lowercase().contains(&needle)
                || r.organisation.to_lowercase().contains(&needle)
        })
        .collect::<Vec<_>>();
    let count_text = tr.t_args(
        "admin-users-count",
        &[
            ("shown", rows.len().to_string()),
            ("total", total.to_string()),
        ],
    );
    let page = UsersPage {
        page: Page::for_session(tr, state.config.demo, &session, "admin-users-title", NAV),
        q,
        roles: role_options(tr, role),
        role_error,
        rows,
        count_text,
    };
    let status = if page.role_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((status, page).into_response())
}

fn org_names(orgs: Vec<Organisation>) -> HashMap<String, String> {
    orgs.into_iter().map(|o| (o.id, o.name)).collect()
}

// ---------------------------------------------------------------- creating

/// A choice in the organisation select.
#[derive(Debug, Clone)]
pub struct OrgOption {
    pub id: String,
    pub name: String,
    pub selected: bool,
}

/// The translated message next to each field that is wrong.
#[derive(Debug, Default, Clone)]
pub struct ErrorTexts {
    pub username: Option<String>,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub organisation: Option<String>,
    pub role: Option<String>,
}

impl ErrorTexts {
    fn from_keys(tr: Tr, e: &FieldErrors) -> Self {
        let t = |k: Option<&'static str>| k.map(|k| tr.t(k));
        Self {
            username: t(e.username),
            display_name: t(e.display_name),
            email: t(e.email),
            organisation: t(e.organisation),
            role: t(e.role),
        }
    }
    fn any(&self) -> bool {
        self.username.is_some()
            || self.display_name.is_some()
            || self.email.is_some()
            || self.organisation.is_some()
            || self.role.is_some()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/user_new.html")]
pub struct NewUserPage {
    pub page: Page,
    pub form: NewAccountForm,
    pub errors: ErrorTexts,
    pub organisations: Vec<OrgOption>,
    pub roles: Vec<RoleOption>,
}

fn new_user_page(
    state: &AppState,
    session: &CurrentSession,
    tr: Tr,
    orgs: Vec<Organisation>,
    form: NewAccountForm,
    errors: ErrorTexts,
) -> NewUserPage {
    let echo = |s: &str| s.chars().take(MAX_ECHO_CHARS).collect::<String>();
    let form = NewAccountForm {
        username: echo(&form.username),
        display_name: echo(&form.display_name),
        email: echo(&form.email),
        organisation: echo(form.organisation.trim()),
        role: echo(form.role.trim()),
    };
    NewUserPage {
        page: Page::for_session(tr, state.config.demo, session, "admin-user-new-title", NAV),
        organisations: orgs
            .into_iter()
            .filter(|o| o.active)
            .map(|o| OrgOption {
                selected: o.id == form.organisation,
                id: o.id,
                name: o.name,
            })
            .collect(),
        roles: role_options(tr, Role::parse(&form.role)),
        form,
        errors,
    }
}

async fn tenant_orgs(state: &AppState, session: &CurrentSession) -> AppResult<Vec<Organisation>> {
    let tenant = session.tenant_id.clone();
    state.read(move |c, _| organisation::list(c, &tenant)).await
}

/// GET /beheer/gebruikers/nieuw
pub async fn new_form(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
) -> AppResult<Response> {
    session.require(Action::ManageUsers)?;
    let tr = Tr::new(locale);
    let orgs = tenant_orgs(&state, &session).await?;
    let page = new_user_page(
        &state,
        &session,
        tr,
        orgs,
        NewAccountForm::default(),
        ErrorTexts::default(),
    );
    Ok(page.into_response())
}

/// A one-time set-password link, shown once.
#[derive(Debug, Clone)]
pub struct LinkView {
    pub url: String,
    pub expires: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/user_created.html")]
pub struct UserCreatedPage {
    pub page: Page,
    pub user_id: String,
    pub username: String,
    pub link: LinkView,
}

/// A fresh link token; only its hash is stored.
struct NewLink {
    token: String,
    hash: String,
}

impl NewLink {
    fn new() -> Self {
        let token = token::random_token();
        let hash = token::token_hash(&token);
        Self { token, hash }
    }
    fn view(&self, state: &AppState, headers: &HeaderMap, now_ms: i64) -> LinkView {
        LinkView {
            url: format!(
                "{}/wachtwoord-instellen?token={}",
                link_base(state.config.public_url.as_deref(), headers),
                self.token
            ),
            expires: format_datetime(now_ms + SET_PASSWORD_LINK_MS),
        }
    }
}

/// Stores a link for `user_id` (replacing an unused earlier one) and audits it.
fn store_link(
    c: &mut DbConn,
    s: &CurrentSession,
    user_id: &str,
    hash: String,
    now_ms: i64,
) -> StoreResult<()> {
    set_password_token::create(
        c,
        &SetPasswordToken {
            token_hash: hash,
            user_id: user_id.to_owned(),
            created_by: Some(s.user_id.as_str().to_owned()),
            created_at: now_ms,
            expires_at: now_ms + SET_PASSWORD_LINK_MS,
            used_at: None,
        },
    )?;
    audit::append(
        c,
        now_ms,
        &audit_entry(s, AuditAction::PasswordLinkCreated).object("user", user_id),
    )?;
    Ok(())
}

/// POST /beheer/gebruikers/nieuw
pub async fn create(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    headers: HeaderMap,
    form: Result<Form<NewAccountForm>, FormRejection>,
) -> AppResult<Response> {
    session.require(Action::ManageUsers)?;
    let Ok(Form(form)) = form else {
        return Err(AppError::bad_request());
    };
    let tr = Tr::new(locale);
    let orgs = tenant_orgs(&state, &session).await?;
    let org_ids: Vec<_> = orgs
        .iter()
        .filter(|o| o.active)
        .map(Organisation::organisation_id)
        .collect();
    let account = match forms::parse_new_account(&form, &org_ids) {
        Ok(a) => a,
        Err(e) => {
            let page = new_user_page(
                &state,
                &session,
                tr,
                orgs,
                form,
                ErrorTexts::from_keys(tr, &e),
            );
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };

    let link = NewLink::new();
    let hash = link.hash.clone();
    let now = state.now_ms();
    let s = session.clone();
    let acc = account.clone();
    let created = state
        .write(move |c, st| {
            let t = tenant::find(c, &s.tenant_id)?;
            let new = user::NewUser {
                tenant_id: &s.tenant_id,
                organisation_id: &acc.organisation,
                username: &acc.username,
                role: acc.role,
                display_name: &acc.display_name,
                email: acc.email.as_deref(),
                locale: Locale::parse(&t.default_locale).unwrap_or_default(),
                password_hash: None,
            };
            let row = match user::create(c, &st.keyring, &new, now) {
                Ok(row) => row,
                Err(StoreError::Conflict(_)) => return Ok(None),
                Err(e) => return Err(e),
            };
            audit::append(
                c,
                now,
                &audit_entry(&s, AuditAction::UserCreated)
                    .object("user", &row.id)
                    .detail(format!(
                        "role={};organisation={}",
                        acc.role.code(),
                        acc.organisation
                    )),
            )?;
            store_link(c, &s, &row.id, hash, now)?;
            Ok(Some(row.id))
        })
        .await?;
    let Some(user_id) = created else {
        let errors = ErrorTexts {
            username: Some(tr.t("admin-error-username-taken")),
            ..ErrorTexts::default()
        };
        let page = new_user_page(&state, &session, tr, orgs, form, errors);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let page = UserCreatedPage {
        page: Page::for_session(
            tr,
            state.config.demo,
            &session,
            "admin-user-created-title",
            NAV,
        ),
        user_id,
        username: account.username.as_str().to_owned(),
        link: link.view(&state, &headers, now),
    };
    Ok(page.into_response())
}

// ---------------------------------------------------------------- one account

#[derive(Debug, Clone)]
pub struct UserView {
    pub id: String,
    pub username: String,
    pub name: String,
    pub email: Option<String>,
    pub organisation: String,
    pub role: String,
    pub mfa: bool,
    pub password_set: bool,
    pub disabled_since: Option<String>,
    pub created: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/user.html")]
pub struct UserPage {
    pub page: Page,
    pub user: UserView,
    pub sessions: Vec<SessionView>,
    /// A new set-password link, shown this once.
    pub new_link: Option<LinkView>,
    pub notice: Option<String>,
    pub error: Option<String>,
    /// The admin is looking at its own account (it cannot disable itself).
    pub is_self: bool,
    /// Whether the security actions will run without re-authenticating first.
    pub reauth_fresh: bool,
}

/// What a page shows besides the account: a result, an error, a new link.
#[derive(Debug, Default)]
struct Extras {
    new_link: Option<LinkView>,
    notice: Option<String>,
    error: Option<String>,
}

async fn user_page(
    state: &AppState,
    session: &CurrentSession,
    tr: Tr,
    id: UserId,
    extras: Extras,
) -> AppResult<UserPage> {
    let s = session.clone();
    let (u, d, org_name, rows) = state
        .read(move |c, st| {
            let u = user::find(c, &s.tenant_id, &id)?;
            let d = user::details(c, &st.keyring, &u)?;
            let org = organisation::find(c, &s.tenant_id, &u.organisation())?;
            let rows: Vec<_> = sessions::list_for_tenant(c, &s.tenant_id)?
                .into_iter()
                .filter(|r| r.user_id == u.id)
                .collect();
            Ok((u, d, org.name, rows))
        })
        .await?;
    let names = HashMap::from([(u.id.clone(), u.username.clone())]);
    let sessions = session_views(rows, &names, state.now_ms(), &session.id_hash);
    Ok(UserPage {
        page: Page::for_session(tr, state.config.demo, session, "admin-user-title", NAV),
        is_self: u.id == session.user_id.as_str(),
        reauth_fresh: require_fresh_reauth(state, session).is_ok(),
        user: UserView {
            id: u.id.clone(),
            username: u.username.clone(),
            name: d.display_name,
            email: d.email,
            organisation: org_name,
            role: role_label(tr, u.role()),
            mfa: u.mfa_enabled,
            password_set: u.password_hash.is_some(),
            disabled_since: u.disabled_at.map(format_datetime),
            created: format_datetime(u.created_at),
        },
        sessions,
        new_link: extras.new_link,
        notice: extras.notice,
        error: extras.error,
    })
}

/// `?gedaan=` names the action just done, for the confirmation text.
#[derive(Debug, Default, Deserialize)]
pub struct DetailQuery {
    #[serde(default)]
    pub gedaan: String,
}

/// GET /beheer/gebruikers/{id}
pub async fn show(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    path: Result<Path<String>, PathRejection>,
    query: Result<Query<DetailQuery>, QueryRejection>,
) -> AppResult<Response> {
    session.require(Action::ManageUsers)?;
    let id = parse_id(path)?;
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let tr = Tr::new(locale);
    let extras = Extras {
        notice: done_notice(tr, &query.gedaan),
        ..Extras::default()
    };
    Ok(user_page(&state, &session, tr, id, extras)
        .await?
        .into_response())
}

/// The page again with an error, as 422 (an action that cannot be done).
async fn refuse(
    state: &AppState,
    session: &CurrentSession,
    tr: Tr,
    id: UserId,
    key: &str,
) -> AppResult<Response> {
    let extras = Extras {
        error: Some(tr.t(key)),
        ..Extras::default()
    };
    let page = user_page(state, session, tr, id, extras).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// Turns an account off or on. Disabling ends all its sessions in the same transaction.
async fn set_disabled(
    state: AppState,
    session: CurrentSession,
    locale: Locale,
    path: Result<Path<String>, PathRejection>,
    disable: bool,
) -> AppResult<Response> {
    session.require(Action::ManageUsers)?;
    let id = parse_id(path)?;
    let tr = Tr::new(locale);
    if id == session.user_id {
        return refuse(&state, &session, tr, id, "admin-error-self").await;
    }
    if require_fresh_reauth(&state, &session).is_err() {
        return Ok(reauth_redirect(&detail_path(&id)));
    }
    let now = state.now_ms();
    let s = session.clone();
    let target = id.clone();
    state
        .write(move |c, _| {
            let u = user::find(c, &s.tenant_id, &target)?;
            if u.is_disabled() == disable {
                return Ok(()); // nothing changes, nothing to record
            }
            user::set_disabled(c, &s.tenant_id, &target, disable, now)?;
            let entry = if disable {
                let ended = sessions::delete_for_user(c, &target)?;
                audit_entry(&s, AuditAction::UserDisabled).detail(format!("sessions_ended={ended}"))
            } else {
                audit_entry(&s, AuditAction::UserEnabled)
            };
            audit::append(c, now, &entry.object("user", target.as_str()))?;
            Ok(())
        })
        .await?;
    let done = if disable {
        "uitgeschakeld"
    } else {
        "ingeschakeld"
    };
    Ok(Redirect::to(&format!("{}?gedaan={done}", detail_path(&id))).into_response())
}

/// POST /beheer/gebruikers/{id}/uitschakelen
pub async fn disable(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    path: Result<Path<String>, PathRejection>,
) -> AppResult<Response> {
    set_disabled(state, session, locale, path, true).await
}

/// POST /beheer/gebruikers/{id}/inschakelen (also needs a fresh re-authentication:
/// giving access back is as much a security change as taking it away).
pub async fn enable(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    path: Result<Path<String>, PathRejection>,
) -> AppResult<Response> {
    set_disabled(state, session, locale, path, false).await
}

/// POST /beheer/gebruikers/{id}/wachtwoordlink: a new one-time link, shown once.
pub async fn new_link(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> AppResult<Response> {
    session.require(Action::ManageUsers)?;
    let id = parse_id(path)?;
    if require_fresh_reauth(&state, &session).is_err() {
        return Ok(reauth_redirect(&detail_path(&id)));
    }
    let tr = Tr::new(locale);
    let link = NewLink::new();
    let hash = link.hash.clone();
    let now = state.now_ms();
    let s = session.clone();
    let target = id.clone();
    state
        .write(move |c, _| {
            let u = user::find(c, &s.tenant_id, &target)?;
            store_link(c, &s, &u.id, hash, now)
        })
        .await?;
    let extras = Extras {
        new_link: Some(link.view(&state, &headers, now)),
        ..Extras::default()
    };
    Ok(user_page(&state, &session, tr, id, extras)
        .await?
        .into_response())
}

/// POST /beheer/gebruikers/{id}/mfa-herstellen: MFA off, secret and recovery
/// codes gone, every session ended; the user enrols again at the next login.
pub async fn reset_mfa(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    path: Result<Path<String>, PathRejection>,
) -> AppResult<Response> {
    session.require(Action::ManageUsers)?;
    let id = parse_id(path)?;
    let tr = Tr::new(locale);
    if id == session.user_id {
        // The own MFA is changed on the own account page, with the own codes.
        return refuse(&state, &session, tr, id, "admin-error-self").await;
    }
    if require_fresh_reauth(&state, &session).is_err() {
        return Ok(reauth_redirect(&detail_path(&id)));
    }
    let now = state.now_ms();
    let s = session.clone();
    let target = id.clone();
    state
        .write(move |c, _| {
            user::find(c, &s.tenant_id, &target)?;
            user::reset_mfa(c, &s.tenant_id, &target, now)?;
            let ended = sessions::delete_for_user(c, &target)?;
            audit::append(
                c,
                now,
                &audit_entry(&s, AuditAction::MfaReset)
                    .object("user", target.as_str())
                    .detail(format!("sessions_ended={ended}")),
            )?;
            Ok(())
        })
        .await?;
    Ok(Redirect::to(&format!("{}?gedaan=mfa-hersteld", detail_path(&id))).into_response())
}
