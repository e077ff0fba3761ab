//! Organisations, bodies (Stuurgroep, Partnertafel, Werkgroep polarisering,
//! Netwerk referentiepersonen) and their seats. The administrator and the
//! expert see them; the administrator gives a seat to a user (a permission
//! change: re-authentication first, audited).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use verbind_domain::audit::AuditAction;
use verbind_domain::policy::Action;
use verbind_domain::{SeatId, UserId};
use verbind_store::models::{audit, body, organisation, user};

use crate::auth::service::{ReauthNeeded, require_fresh_reauth};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/organisaties", get(show))
        .route("/organisaties/zetels/{seat}", post(assign))
        .route("/organisaties/overeenkomsten", post(record_agreement))
}

pub struct OrgRow {
    pub name: String,
    pub kind: String,
}

pub struct SeatRow {
    pub id: String,
    pub title: String,
    pub organisation: String,
    pub holder: Option<String>,
    pub holder_id: String,
    pub optional: bool,
}

pub struct BodyRow {
    pub name: String,
    pub kind: String,
    pub norm: Option<i32>,
    pub seats: Vec<SeatRow>,
}

pub struct UserOption {
    pub id: String,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "organisation/index.html")]
pub struct OrganisationPage {
    pub page: Page,
    pub organisations: Vec<OrgRow>,
    pub bodies: Vec<BodyRow>,
    pub can_assign: bool,
    pub users: Vec<UserOption>,
    /// (organisation, signed on dd/mm/yyyy, scope)
    pub agreements: Vec<(String, String, String)>,
    /// (organisation id, name) for the agreement form.
    pub org_options: Vec<(String, String)>,
    pub error: Option<String>,
}

/// GET /organisaties
pub async fn show(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
) -> AppResult<Response> {
    render(state, session, locale, None).await
}

async fn render(
    state: AppState,
    session: CurrentSession,
    locale: verbind_domain::Locale,
    error: Option<&'static str>,
) -> AppResult<Response> {
    session.require(Action::ViewOrganisation)?;
    let tr = Tr::new(locale);
    let can_assign = session.require(Action::ManageProfile).is_ok();
    let s = session.clone();
    let (orgs, bodies, users, agreements) = state
        .read(move |c, st| {
            let orgs = organisation::list(c, &s.tenant_id)?;
            let names: HashMap<String, String> = orgs
                .iter()
                .map(|o| (o.id.clone(), o.name.clone()))
                .collect();
            let mut user_labels: HashMap<String, String> = HashMap::new();
            for u in user::list(c, &s.tenant_id)? {
                let d = user::details(c, &st.keyring, &u)?;
                user_labels.insert(u.id.clone(), format!("{} ({})", d.display_name, u.username));
            }
            let mut out = Vec::new();
            for b in body::list(c, &s.tenant_id)? {
                let seats = body::seats(
                    c,
                    &s.tenant_id,
                    &verbind_domain::BodyId::from_db(b.id.clone()),
                )?
                .into_iter()
                .map(|seat| SeatRow {
                    organisation: names
                        .get(&seat.organisation_id)
                        .cloned()
                        .unwrap_or_default(),
                    holder: seat
                        .holder_user_id
                        .as_ref()
                        .and_then(|h| user_labels.get(h).cloned()),
                    holder_id: seat.holder_user_id.clone().unwrap_or_default(),
                    id: seat.id,
                    title: seat.title,
                    optional: seat.optional,
                })
                .collect();
                out.push((b, seats));
            }
            let mut users: Vec<UserOption> = user_labels
                .into_iter()
                .map(|(id, label)| UserOption { id, label })
                .collect();
            users.sort_by(|a, b| a.label.cmp(&b.label));
            let agreements = verbind_store::models::agreement::list(c, &st.keyring, &s.tenant_id)?
                .into_iter()
                .map(|(a, scope)| {
                    let when = verbind_domain::case::Date::parse_iso(&a.signed_on)
                        .map(|d| d.to_string())
                        .unwrap_or_default();
                    (
                        names.get(&a.organisation_id).cloned().unwrap_or_default(),
                        when,
                        scope,
                    )
                })
                .collect::<Vec<_>>();
            Ok((orgs, out, users, agreements))
        })
        .await?;
    let org_options: Vec<(String, String)> = orgs
        .iter()
        .map(|o| (o.id.clone(), o.name.clone()))
        .collect();
    let mut page = OrganisationPage {
        page: Page::for_session(
            tr,
            state.config.demo,
            &session,
            "org-title",
            "/organisaties",
        ),
        organisations: orgs
            .into_iter()
            .map(|o| OrgRow {
                kind: tr.t(&format!("org-kind-{}", o.kind.replace('_', "-"))),
                name: o.name,
            })
            .collect(),
        bodies: bodies
            .into_iter()
            .map(|(b, seats)| BodyRow {
                kind: tr.t(&format!("body-kind-{}", b.kind)),
                name: b.name,
                norm: b.min_meetings_per_year,
                seats,
            })
            .collect(),
        can_assign,
        users: if can_assign { users } else { Vec::new() },
        agreements,
        org_options: Vec::new(),
        error: None,
    };
    page.org_options = org_options;
    if let Some(e) = error {
        page.error = Some(tr.t(e));
        let mut res = page.into_response();
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    Ok(page.into_response())
}

#[derive(Deserialize)]
pub struct AssignForm {
    /// A user id, or empty to free the seat.
    #[serde(default)]
    pub holder: String,
}

/// POST /organisaties/zetels/{seat}: gives the seat to a user of the same tenant, or frees it.
pub async fn assign(
    State(state): State<AppState>,
    session: CurrentSession,
    Path(seat): Path<String>,
    Form(form): Form<AssignForm>,
) -> AppResult<Response> {
    session.require(Action::ManageProfile)?;
    if let Err(ReauthNeeded) = require_fresh_reauth(&state, &session) {
        return Ok(Redirect::to("/account/bevestigen?terug=/organisaties").into_response());
    }
    let seat = SeatId::parse(&seat).ok_or_else(AppError::not_found)?;
    let holder = match form.holder.trim() {
        "" => None,
        h => Some(UserId::parse(h).ok_or_else(AppError::bad_request)?),
    };
    let now = state.now_ms();
    let s = session.clone();
    state
        .write(move |c, _| {
            if let Some(h) = &holder {
                // The holder must be a user of this tenant: another tenant's id is "not found".
                user::find(c, &s.tenant_id, h)?;
            }
            body::assign_seat(c, &s.tenant_id, &seat, holder.as_ref())?;
            audit::append(
                c,
                now,
                &audit::NewEntry::new(AuditAction::SeatAssigned, "ok")
                    .tenant(&s.tenant_id)
                    .actor(s.user_id.as_str(), s.organisation_id.as_str())
                    .object("seat", seat.as_str())
                    .detail(format!(
                        "holder={}",
                        holder.as_ref().map(|h| h.as_str()).unwrap_or("none")
                    )),
            )?;
            Ok(())
        })
        .await?;
    Ok(Redirect::to("/organisaties").into_response())
}

#[derive(Deserialize)]
pub struct AgreementForm {
    #[serde(default)]
    pub organisatie: String,
    #[serde(default)]
    pub datum: String,
    #[serde(default)]
    pub reikwijdte: String,
}

/// A cooperation agreement of a partner organisation, as `/organisaties` lists it.
#[derive(Debug, Clone)]
pub struct AgreementView {
    pub id: String,
    pub organisation_id: String,
    pub organisation: String,
    pub signed_on: verbind_domain::case::Date,
    pub scope: String,
}

/// The tenant's cooperation agreements, newest first (the administrator and
/// the expert, as on the page).
pub async fn agreements(state: &AppState, s: &CurrentSession) -> AppResult<Vec<AgreementView>> {
    s.require(Action::ViewOrganisation)?;
    let t = s.tenant_id.clone();
    state
        .read(move |c, st| {
            let names: HashMap<String, String> = organisation::list(c, &t)?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect();
            Ok(verbind_store::models::agreement::list(c, &st.keyring, &t)?
                .into_iter()
                .filter_map(|(a, scope)| {
                    let signed_on = verbind_domain::case::Date::parse_iso(&a.signed_on).ok()?;
                    Some(AgreementView {
                        organisation: names.get(&a.organisation_id).cloned().unwrap_or_default(),
                        id: a.id,
                        organisation_id: a.organisation_id,
                        signed_on,
                        scope,
                    })
                })
                .collect())
        })
        .await
}

/// Why an agreement was not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgreementRefusal {
    /// The administrator must re-authenticate first.
    Reauth,
    /// A field broke a rule: the field and the message key.
    Field(&'static str, &'static str),
}

/// The longest scope, in characters.
pub const AGREEMENT_SCOPE_MAX: usize = 4000;

/// Records a partner's cooperation agreement (the administrator, after
/// re-authentication; audited). `date` is `dd/mm/yyyy`. Returns its id.
/// An organisation of another tenant is "not found".
pub async fn record(
    state: &AppState,
    session: &CurrentSession,
    organisation_id: &str,
    date: &str,
    scope: &str,
) -> AppResult<Result<String, AgreementRefusal>> {
    session.require(Action::ManageProfile)?;
    if let Err(ReauthNeeded) = require_fresh_reauth(state, session) {
        return Ok(Err(AgreementRefusal::Reauth));
    }
    let Ok(date) = verbind_domain::case::Date::parse_dd_mm_yyyy(date.trim()) else {
        return Ok(Err(AgreementRefusal::Field("date", "date-error-format")));
    };
    let scope = scope.trim().to_owned();
    if scope.is_empty() || scope.chars().count() > AGREEMENT_SCOPE_MAX {
        return Ok(Err(AgreementRefusal::Field(
            "scope",
            "agreement-error-scope",
        )));
    }
    let Some(org) = verbind_domain::OrganisationId::parse(organisation_id.trim()) else {
        return Ok(Err(AgreementRefusal::Field(
            "organisation",
            "agreement-error-organisation",
        )));
    };
    let now = state.now_ms();
    let s = session.clone();
    let id = state
        .write(move |c, st| {
            // Another tenant's organisation is "not found".
            organisation::find(c, &s.tenant_id, &org)?;
            let a = verbind_store::models::agreement::create(
                c,
                &st.keyring,
                &s.tenant_id,
                &verbind_store::models::agreement::NewAgreement {
                    organisation_id: org.as_str(),
                    signed_on: &date.to_iso(),
                    scope: &scope,
                    by_user: s.user_id.as_str(),
                },
                now,
            )?;
            audit::append(
                c,
                now,
                &audit::NewEntry::new(AuditAction::AgreementRecorded, "ok")
                    .tenant(&s.tenant_id)
                    .actor(s.user_id.as_str(), s.organisation_id.as_str())
                    .object("organisation", org.as_str())
                    .detail(format!("agreement={}", a.id)),
            )?;
            Ok(a.id)
        })
        .await?;
    Ok(Ok(id))
}

/// POST /organisaties/overeenkomsten: the administrator records a partner's
/// cooperation agreement (date and scope), after re-authentication; audited.
pub async fn record_agreement(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    Form(f): Form<AgreementForm>,
) -> AppResult<Response> {
    match record(&state, &session, &f.organisatie, &f.datum, &f.reikwijdte).await? {
        Ok(_) => Ok(Redirect::to("/organisaties").into_response()),
        Err(AgreementRefusal::Reauth) => {
            Ok(Redirect::to("/account/bevestigen?terug=/organisaties").into_response())
        }
        Err(AgreementRefusal::Field(_, key)) => render(state, session, locale, Some(key)).await,
    }
}
