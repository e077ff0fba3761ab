//! The register of partner LIVC-Rs (`/beheer/overdracht`): the LIVC-Rs this
//! installation hands cases to and receives them from, each with its transfer
//! public key, and this installation's own public key and fingerprint to give
//! to them. Administrators only (`Action::ManageTransferPartners`); adding or
//! removing a partner decides whose packages are trusted, so it needs a fresh
//! re-authentication and is audited.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use verbind_crypto::package::TransferPublicKey;
use verbind_domain::audit::AuditAction;
use verbind_domain::policy::Action;
use verbind_store::StoreError;
use verbind_store::models::{audit, transfer as register};

use super::{audit_entry, reauth_redirect};
use crate::auth::service::require_fresh_reauth;
use crate::error::{AppError, AppResult};
use crate::i18n::{Tr, format_date};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

const NAV: &str = "/beheer/overdracht";
/// Longest partner name.
const MAX_NAME_CHARS: usize = 200;
/// Longest public key text accepted (the real one is 108 characters).
const MAX_KEY_CHARS: usize = 400;

/// A registered partner, as listed.
#[derive(Debug, Clone)]
pub struct PartnerRow {
    pub id: String,
    pub name: String,
    pub fingerprint: String,
    pub public_key: String,
    pub added: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/transfer.html")]
pub struct TransferAdminPage {
    pub page: Page,
    pub own_key: String,
    pub own_fingerprint: String,
    pub partners: Vec<PartnerRow>,
    pub reauth_fresh: bool,
    pub error: Option<String>,
    pub name: String,
    pub key: String,
}

async fn render(
    state: &AppState,
    session: &CurrentSession,
    locale: verbind_domain::Locale,
    error: Option<&'static str>,
    name: String,
    key: String,
) -> AppResult<Response> {
    session.require(Action::ManageTransferPartners)?;
    let tr = Tr::new(locale);
    let s = session.clone();
    let (own, partners) = state
        .blocking(move |st| {
            let own = st.transfer_keys()?.public();
            let partners = st
                .db
                .read(|c| register::list_partners(c, &st.keyring, &s.tenant_id))?;
            Ok((own, partners))
        })
        .await?;
    let page = TransferAdminPage {
        page: Page::for_session(tr, state.config.demo, session, "transfer-admin-title", NAV),
        own_key: own.to_text(),
        own_fingerprint: own.fingerprint(),
        partners: partners
            .into_iter()
            .map(|p| PartnerRow {
                id: p.row.id,
                name: p.name,
                fingerprint: p.row.fingerprint,
                public_key: p.row.public_key,
                added: format_date(p.row.added_at),
            })
            .collect(),
        reauth_fresh: require_fresh_reauth(state, session).is_ok(),
        error: error.map(|k| tr.t(k)),
        name,
        key,
    };
    let mut res = page.into_response();
    if error.is_some() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// GET /beheer/overdracht
pub async fn show(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
) -> AppResult<Response> {
    render(&state, &session, locale, None, String::new(), String::new()).await
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    pub naam: String,
    #[serde(default)]
    pub sleutel: String,
}

/// POST /beheer/overdracht: registers a partner LIVC-R by its public key text.
pub async fn add(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    Form(f): Form<AddForm>,
) -> AppResult<Response> {
    session.require(Action::ManageTransferPartners)?;
    if require_fresh_reauth(&state, &session).is_err() {
        return Ok(reauth_redirect(NAV));
    }
    let echo = |t: &str, max: usize| t.chars().take(max).collect::<String>();
    let (name_echo, key_echo) = (
        echo(&f.naam, MAX_NAME_CHARS),
        echo(&f.sleutel, MAX_KEY_CHARS),
    );
    let name = f.naam.trim().to_owned();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return render(
            &state,
            &session,
            locale,
            Some("transfer-partner-error-name"),
            name_echo,
            key_echo,
        )
        .await;
    }
    let key = match (f.sleutel.chars().count() <= MAX_KEY_CHARS)
        .then(|| TransferPublicKey::parse(&f.sleutel).ok())
        .flatten()
    {
        Some(k) => k,
        None => {
            return render(
                &state,
                &session,
                locale,
                Some("transfer-partner-error-key"),
                name_echo,
                key_echo,
            )
            .await;
        }
    };
    let now = state.now_ms();
    let s = session.clone();
    let (text, fingerprint) = (key.to_text(), key.fingerprint());
    let outcome = state
        .blocking(move |st| {
            if st.transfer_keys()?.public() == key {
                return Ok(Err("transfer-partner-error-own-key"));
            }
            st.db
                .write(|c| {
                    let row = match register::add_partner(
                        c,
                        &st.keyring,
                        &s.tenant_id,
                        &register::NewPartner {
                            name: &name,
                            public_key: &text,
                            fingerprint: &fingerprint,
                            by_user: s.user_id.as_str(),
                        },
                        now,
                    ) {
                        Ok(row) => row,
                        Err(StoreError::Conflict(_)) => {
                            return Ok(Err("transfer-partner-error-duplicate"));
                        }
                        Err(e) => return Err(e),
                    };
                    audit::append(
                        c,
                        now,
                        &audit_entry(&s, AuditAction::TransferPartnerAdded)
                            .object("livc_partner", &row.id)
                            .detail(format!("fingerprint={fingerprint}")),
                    )?;
                    Ok(Ok(()))
                })
                .map_err(AppError::from)
        })
        .await?;
    match outcome {
        Ok(()) => Ok(Redirect::to(NAV).into_response()),
        Err(key) => render(&state, &session, locale, Some(key), name_echo, key_echo).await,
    }
}

/// POST /beheer/overdracht/{id}/verwijderen: removes a partner from the register.
pub async fn remove(
    State(state): State<AppState>,
    session: CurrentSession,
    Path(id): Path<String>,
) -> AppResult<Response> {
    session.require(Action::ManageTransferPartners)?;
    if require_fresh_reauth(&state, &session).is_err() {
        return Ok(reauth_redirect(NAV));
    }
    if uuid::Uuid::try_parse(&id).is_err() {
        return Err(AppError::not_found());
    }
    let now = state.now_ms();
    let s = session.clone();
    state
        .write(move |c, _| {
            // Another tenant's partner, or one already removed, is "not found".
            register::remove_partner(c, &s.tenant_id, &id, s.user_id.as_str(), now)?;
            audit::append(
                c,
                now,
                &audit_entry(&s, AuditAction::TransferPartnerRemoved).object("livc_partner", &id),
            )?;
            Ok(())
        })
        .await?;
    Ok(Redirect::to(NAV).into_response())
}
