//! The code of ethics (deontologische code) of the LIVC-R
//! (`/beheer/deontologie`): the version in force, when and by whom it was
//! published, how many of the accounts that see cases accepted it, earlier
//! versions, and the form to publish a new one.
//!
//! Administrators only (`Action::PublishEthicsVersion`). A new version makes
//! every user who sees cases accept again before opening any case, so
//! publishing needs a fresh re-authentication (on the page: the password,
//! and code, in the publish form itself, so nothing typed is lost) and is audited
//! (`ethics.version_published`, with the label; the summary of changes is
//! free text, sealed at rest and never in the trail). The page and
//! `POST /api/v1/ethics/versions` share [`publish`].

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use verbind_domain::audit::AuditAction;
use verbind_domain::case::ethics_code::{self, BUILT_IN_VERSION, ChangeSummary, VersionError};
use verbind_domain::policy::Action;
use verbind_domain::{Role, UserId};
use verbind_store::StoreError;
use verbind_store::models::{audit, ethics, user};

use super::audit_entry;
use crate::account::reauth::{reauth_refusal_text, with_refusal_status};
use crate::auth::service::{reauthenticate, require_fresh_reauth};
use crate::error::AppResult;
use crate::i18n::{Tr, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

const NAV: &str = "/beheer/deontologie";

/// A published version (or the built-in one), as the administrator sees it.
#[derive(Debug, Clone)]
pub struct VersionView {
    pub version: String,
    /// `None` for the built-in version.
    pub published_at: Option<i64>,
    /// The publisher's name and username; `None` for the built-in version.
    pub published_by: Option<String>,
    /// What changed; `None` for the built-in version.
    pub summary: Option<String>,
}

/// What `/beheer/deontologie` shows.
#[derive(Debug, Clone)]
pub struct Overview {
    pub in_force: VersionView,
    /// Active accounts that see cases and accepted the version in force.
    pub accepted: i64,
    /// Active accounts that see cases (and so must accept it).
    pub must_accept: i64,
    /// The versions published before the one in force, newest first.
    pub earlier: Vec<VersionView>,
}

/// The roles whose accounts must accept the code: those that see case data.
fn roles_that_accept() -> Vec<&'static str> {
    Role::ALL
        .into_iter()
        .filter(|r| r.can_see_case_data())
        .map(Role::code)
        .collect()
}

/// The version in force and the acceptance count (the administrator).
pub async fn overview(state: &AppState, s: &CurrentSession) -> AppResult<Overview> {
    s.require(Action::PublishEthicsVersion)?;
    let s = s.clone();
    state
        .read(move |c, st| {
            let published = ethics::versions(c, &st.keyring, &s.tenant_id)?;
            let mut views = Vec::with_capacity(published.len());
            for v in published {
                // The publisher is an account of this tenant; a name that
                // cannot be read (another tenant, a shredded key) is left out.
                let by = user::find(
                    c,
                    &s.tenant_id,
                    &UserId::from_db(v.row.published_by_user_id.clone()),
                )
                .and_then(|u| {
                    user::details(c, &st.keyring, &u)
                        .map(|d| format!("{} ({})", d.display_name, u.username))
                })
                .ok();
                views.push(VersionView {
                    version: v.row.version,
                    published_at: Some(v.row.published_at),
                    published_by: by,
                    summary: Some(v.summary),
                });
            }
            let in_force = views.pop().unwrap_or(VersionView {
                version: BUILT_IN_VERSION.to_owned(),
                published_at: None,
                published_by: None,
                summary: None,
            });
            views.reverse();
            let (accepted, must_accept) =
                ethics::acceptance_count(c, &s.tenant_id, &in_force.version, &roles_that_accept())?;
            Ok(Overview {
                in_force,
                accepted,
                must_accept,
                earlier: views,
            })
        })
        .await
}

/// Why a new version was not published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishRefusal {
    /// The administrator must re-authenticate first.
    Reauth,
    /// The label or the summary broke a rule (at most one error per field).
    Invalid(Vec<VersionError>),
}

/// A version just published.
#[derive(Debug, Clone)]
pub struct Published {
    pub id: String,
    pub version: String,
    pub published_at: i64,
}

/// Publishes a new version of the code of ethics (the administrator, after a
/// fresh re-authentication; audited). From then on every user who sees cases
/// must accept it before opening a case. The label must be new in this
/// tenant ([`ethics_code::parse_publication`]); checked in the write
/// transaction, where the unique index settles a race.
pub async fn publish(
    state: &AppState,
    s: &CurrentSession,
    label: &str,
    summary: &str,
) -> AppResult<Result<Published, PublishRefusal>> {
    s.require(Action::PublishEthicsVersion)?;
    if require_fresh_reauth(state, s).is_err() {
        return Ok(Err(PublishRefusal::Reauth));
    }
    // The form of both fields first, without the database.
    if let Err(errors) = ethics_code::parse_publication(label, summary, []) {
        return Ok(Err(PublishRefusal::Invalid(errors)));
    }
    let now = state.now_ms();
    let (s, label, summary) = (s.clone(), label.to_owned(), summary.to_owned());
    state
        .write(move |c, st| {
            let earlier = ethics::labels(c, &s.tenant_id)?;
            let new = match ethics_code::parse_publication(
                &label,
                &summary,
                earlier.iter().map(String::as_str),
            ) {
                Ok(p) => p,
                Err(errors) => return Ok(Err(PublishRefusal::Invalid(errors))),
            };
            let row = match ethics::publish(c, &st.keyring, &s.tenant_id, &new, &s.user_id, now) {
                Ok(row) => row,
                Err(StoreError::Conflict(_)) => {
                    return Ok(Err(PublishRefusal::Invalid(vec![VersionError::LabelTaken])));
                }
                Err(e) => return Err(e),
            };
            audit::append(
                c,
                now,
                &audit_entry(&s, AuditAction::EthicsVersionPublished)
                    .object("ethics_version", &row.id)
                    .detail(format!("version={}", row.version)),
            )?;
            Ok(Ok(Published {
                id: row.id,
                version: row.version,
                published_at: row.published_at,
            }))
        })
        .await
}

/// A version as listed on the page.
#[derive(Debug, Clone)]
pub struct VersionRow {
    pub version: String,
    pub published: String,
    pub published_by: String,
    pub summary: Option<String>,
}

fn row(v: VersionView) -> VersionRow {
    VersionRow {
        version: v.version,
        published: v.published_at.map(format_datetime).unwrap_or_default(),
        published_by: v.published_by.unwrap_or_default(),
        summary: v.summary,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/ethics.html")]
pub struct EthicsAdminPage {
    pub page: Page,
    pub in_force: VersionRow,
    /// The version in force is the built-in one (none published yet).
    pub built_in: bool,
    /// "3 of 7 active accounts that see cases".
    pub acceptance: String,
    pub earlier: Vec<VersionRow>,
    pub reauth_fresh: bool,
    /// The form asks for the TOTP code too (MFA on), when not fresh.
    pub needs_code: bool,
    /// Why the password in the form did not confirm (or was missing).
    pub reauth_error: Option<String>,
    pub version_error: Option<String>,
    pub summary_error: Option<String>,
    /// What was typed, shown again after a refusal.
    pub form_version: String,
    pub form_summary: String,
    pub max_version_chars: usize,
    pub max_summary_chars: usize,
}

impl EthicsAdminPage {
    pub fn has_errors(&self) -> bool {
        self.version_error.is_some() || self.summary_error.is_some() || self.reauth_error.is_some()
    }
}

async fn render(
    state: &AppState,
    session: &CurrentSession,
    locale: verbind_domain::Locale,
    errors: &[VersionError],
    form_version: String,
    form_summary: String,
) -> AppResult<Response> {
    render_with(
        state,
        session,
        locale,
        errors,
        None,
        form_version,
        form_summary,
    )
    .await
}

async fn render_with(
    state: &AppState,
    session: &CurrentSession,
    locale: verbind_domain::Locale,
    errors: &[VersionError],
    reauth_error: Option<String>,
    form_version: String,
    form_summary: String,
) -> AppResult<Response> {
    let o = overview(state, session).await?;
    let tr = Tr::new(locale);
    let error_for = |field: &str| {
        errors
            .iter()
            .find(|e| e.field() == field)
            .map(|e| tr.t(e.message_key()))
    };
    let built_in = o.in_force.published_at.is_none();
    let page = EthicsAdminPage {
        page: Page::for_session(tr, state.config.demo, session, "ethics-admin-title", NAV),
        acceptance: tr.t_args(
            "ethics-admin-acceptance",
            &[
                ("accepted", o.accepted.to_string()),
                ("total", o.must_accept.to_string()),
            ],
        ),
        in_force: row(o.in_force),
        built_in,
        earlier: o.earlier.into_iter().map(row).collect(),
        reauth_fresh: require_fresh_reauth(state, session).is_ok(),
        needs_code: session.mfa_enabled,
        reauth_error,
        version_error: error_for("version"),
        summary_error: error_for("summary"),
        form_version,
        form_summary,
        max_version_chars: ethics_code::VersionLabel::MAX_CHARS,
        max_summary_chars: ChangeSummary::MAX_CHARS,
    };
    let mut res = page.into_response();
    if !errors.is_empty() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// GET /beheer/deontologie
pub async fn show(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
) -> AppResult<Response> {
    render(&state, &session, locale, &[], String::new(), String::new()).await
}

#[derive(Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    pub versie: String,
    #[serde(default)]
    pub samenvatting: String,
    /// The password, when the form asks for re-authentication.
    #[serde(default)]
    pub wachtwoord: String,
    /// The TOTP code, when MFA is on.
    #[serde(default)]
    pub code: String,
}

/// What is wrong in the form's fields, checked without the database: shown
/// next to them when the re-authentication refused the post as well.
fn form_errors(f: &PublishForm) -> Vec<VersionError> {
    ethics_code::parse_publication(&f.versie, &f.samenvatting, [])
        .err()
        .unwrap_or_default()
}

/// POST /beheer/deontologie: publishes a new version. When the last
/// re-authentication is not fresh, the form carries the password (and
/// code) and re-authenticates in the same post; a refusal shows the form
/// again with what was typed.
pub async fn submit(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    Form(f): Form<PublishForm>,
) -> AppResult<Response> {
    session.require(Action::PublishEthicsVersion)?;
    // Shown again as typed (bounded, so a huge post is not echoed whole).
    let echo = |t: &str, max: usize| t.chars().take(max).collect::<String>();
    let typed_version = echo(&f.versie, 4 * ethics_code::VersionLabel::MAX_CHARS);
    let typed_summary = echo(&f.samenvatting, 2 * ChangeSummary::MAX_CHARS);
    let mut session = session;
    if !f.wachtwoord.is_empty() && require_fresh_reauth(&state, &session).is_err() {
        let outcome = reauthenticate(
            &state,
            &session,
            secrecy::SecretString::from(f.wachtwoord.clone()),
            Some(f.code.clone()).filter(|c| !c.trim().is_empty()),
        )
        .await?;
        if !outcome.is_confirmed() {
            let text = reauth_refusal_text(Tr::new(locale), outcome);
            let mut res = render_with(
                &state,
                &session,
                locale,
                &form_errors(&f),
                Some(text),
                typed_version,
                typed_summary,
            )
            .await?;
            with_refusal_status(&mut res, outcome);
            return Ok(res);
        }
        session.reauth_at = Some(state.now_ms());
    }
    match publish(&state, &session, &f.versie, &f.samenvatting).await? {
        Ok(_) => Ok(Redirect::to(NAV).into_response()),
        Err(PublishRefusal::Reauth) => {
            // No password given: the form again, asking for it.
            let mut res = render_with(
                &state,
                &session,
                locale,
                &form_errors(&f),
                Some(Tr::new(locale).t("ethics-admin-reauth")),
                typed_version,
                typed_summary,
            )
            .await?;
            *res.status_mut() = StatusCode::UNAUTHORIZED;
            Ok(res)
        }
        Err(PublishRefusal::Invalid(errors)) => {
            render(
                &state,
                &session,
                locale,
                &errors,
                typed_version,
                typed_summary,
            )
            .await
        }
    }
}
