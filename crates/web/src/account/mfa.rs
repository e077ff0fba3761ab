//! Two-step verification: TOTP enrolment with a QR code, single-use recovery
//! codes, and their renewal. Mandatory for every account that can see case
//! data (outside demo mode); such an account can do nothing else until enrolled.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use verbind_crypto::totp;
use verbind_domain::audit::AuditAction;
use verbind_domain::policy::Action;
use verbind_store::models::{audit, session as sessions, user};

use crate::auth::service::{ReauthNeeded, require_fresh_reauth};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

const RECOVERY_CODES: usize = 10;

#[derive(Template, WebTemplate)]
#[template(path = "account/mfa.html")]
pub struct MfaPage {
    pub page: Page,
    pub enabled: bool,
    /// Enrolment started: the QR code and the secret to type in.
    pub qr_svg: Option<String>,
    pub secret_text: Option<String>,
    pub unused_codes: i64,
    pub required: bool,
    pub error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "account/recovery_codes.html")]
pub struct RecoveryCodesPage {
    pub page: Page,
    pub codes: Vec<String>,
}

fn mfa_title_page(state: &AppState, tr: Tr, session: &CurrentSession) -> Page {
    Page::for_session(tr, state.config.demo, session, "mfa-title", "/account")
}

async fn render(
    state: &AppState,
    session: &CurrentSession,
    tr: Tr,
    error: Option<String>,
) -> AppResult<Response> {
    let s = session.clone();
    let (enabled, pending, unused, required) = state
        .read(move |c, st| {
            let u = user::find(c, &s.tenant_id, &s.user_id)?;
            let pending = user::totp_pending(c, &st.keyring, &u)?;
            let unused = user::unused_recovery_codes(c, &s.user_id)?;
            Ok((
                u.mfa_enabled,
                pending,
                unused,
                crate::auth::service::mfa_required(st, &u),
            ))
        })
        .await?;
    let (qr_svg, secret_text) = match pending.filter(|_| !enabled) {
        Some(bytes) => {
            let secret = totp::TotpSecret::from_bytes(bytes.to_vec())
                .map_err(|e| AppError::internal(e.to_string()))?;
            let uri = secret.otpauth_uri("Verbind", &session.username);
            let svg = totp::qr_svg_with_title(&uri, &tr.t("mfa-qr-title"))
                .map_err(|e| AppError::internal(e.to_string()))?;
            (Some(svg), Some(secret.to_base32()))
        }
        None => (None, None),
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut res = MfaPage {
        page: mfa_title_page(state, tr, session),
        enabled,
        qr_svg,
        secret_text,
        unused_codes: unused,
        required,
        error,
    }
    .into_response();
    *res.status_mut() = status;
    Ok(res)
}

/// GET /account/mfa
pub async fn show(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
) -> AppResult<Response> {
    session.require(Action::ManageOwnAccount)?;
    render(&state, &session, Tr::new(locale), None).await
}

#[derive(Deserialize)]
pub struct MfaForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub code: String,
}

/// POST /account/mfa: `action=start` makes a new secret; `action=confirm` checks a code and turns MFA on.
pub async fn confirm(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    Form(form): Form<MfaForm>,
) -> AppResult<Response> {
    session.require(Action::ManageOwnAccount)?;
    let tr = Tr::new(locale);
    if session.mfa_enabled {
        return Ok(Redirect::to("/account/mfa").into_response());
    }
    let now = state.now_ms();
    if form.action == "start" {
        let s = session.clone();
        state
            .write(move |c, st| {
                let u = user::find(c, &s.tenant_id, &s.user_id)?;
                let secret = totp::TotpSecret::generate();
                user::set_totp_pending(c, &st.keyring, &u, secret.as_bytes(), now)
            })
            .await?;
        return Ok(Redirect::to("/account/mfa").into_response());
    }
    let s = session.clone();
    let code = form.code.clone();
    let codes = state
        .write(move |c, st| {
            let u = user::find(c, &s.tenant_id, &s.user_id)?;
            let Some(bytes) = user::totp_pending(c, &st.keyring, &u)? else {
                return Ok(None);
            };
            let secret = totp::TotpSecret::from_bytes(bytes.to_vec())?;
            let unix = u64::try_from(now / 1000).unwrap_or(0);
            let Some(step) = totp::verify(&secret, &code, unix, None) else {
                return Ok(None);
            };
            user::activate_totp(
                c,
                &st.keyring,
                &u,
                secret.as_bytes(),
                i64::try_from(step).unwrap_or(i64::MAX),
                now,
            )?;
            let codes = totp::generate_recovery_codes(RECOVERY_CODES);
            let hashes: Vec<String> = codes.iter().map(|c| totp::recovery_code_hash(c)).collect();
            user::replace_recovery_codes(c, &s.user_id, &hashes)?;
            sessions::set_mfa_done(c, &s.id_hash)?;
            audit::append(
                c,
                now,
                &audit::NewEntry::new(AuditAction::MfaEnrolled, "ok")
                    .tenant(&s.tenant_id)
                    .actor(s.user_id.as_str(), s.organisation_id.as_str())
                    .object("user", s.user_id.as_str()),
            )?;
            Ok(Some(codes))
        })
        .await?;
    match codes {
        Some(codes) => {
            let mut s = session.clone();
            s.mfa_done = true;
            s.mfa_enabled = true;
            Ok(RecoveryCodesPage {
                page: mfa_title_page(&state, tr, &s),
                codes,
            }
            .into_response())
        }
        None => render(&state, &session, tr, Some(tr.t("mfa-code-wrong"))).await,
    }
}

/// POST /account/herstelcodes: new recovery codes (the old ones stop working). Needs re-authentication.
pub async fn regenerate_codes(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
) -> AppResult<Response> {
    session.require(Action::ManageOwnAccount)?;
    if let Err(ReauthNeeded) = require_fresh_reauth(&state, &session) {
        return Ok(Redirect::to("/account/bevestigen?terug=/account/mfa").into_response());
    }
    if !session.mfa_enabled {
        return Ok(Redirect::to("/account/mfa").into_response());
    }
    let now = state.now_ms();
    let s = session.clone();
    let codes = state
        .write(move |c, _| {
            let codes = totp::generate_recovery_codes(RECOVERY_CODES);
            let hashes: Vec<String> = codes.iter().map(|c| totp::recovery_code_hash(c)).collect();
            user::replace_recovery_codes(c, &s.user_id, &hashes)?;
            audit::append(
                c,
                now,
                &audit::NewEntry::new(AuditAction::RecoveryCodesRegenerated, "ok")
                    .tenant(&s.tenant_id)
                    .actor(s.user_id.as_str(), s.organisation_id.as_str())
                    .object("user", s.user_id.as_str()),
            )?;
            Ok(codes)
        })
        .await?;
    let tr = Tr::new(locale);
    Ok(RecoveryCodesPage {
        page: mfa_title_page(&state, tr, &session),
        codes,
    }
    .into_response())
}
