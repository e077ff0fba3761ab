//! The start page after login: what this role can do here, in Dutch first.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use verbind_domain::Role;
use verbind_domain::policy::Action;
use verbind_store::models::{organisation, tenant, user};

use crate::error::AppResult;
use crate::i18n::{Tr, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::{Page, role_label};

#[derive(Template, WebTemplate)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    pub page: Page,
    pub display_name: String,
    pub organisation: String,
    pub tenant: String,
    pub role_label: String,
    pub role_text: String,
    pub mfa_enabled: bool,
    pub now: String,
    pub is_admin: bool,
    pub is_auditor: bool,
    /// For the expert: the contact point's new, unhandled public messages.
    pub new_contacts: Option<String>,
}

/// GET /
pub async fn show(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
) -> AppResult<Response> {
    if !session.mfa_done {
        return Ok(Redirect::to("/account/mfa").into_response());
    }
    session.require(Action::ViewDashboard)?;
    let tr = Tr::new(locale);
    let s = session.clone();
    let (display_name, org_name, tenant_name) = state
        .read(move |c, st| {
            let u = user::find(c, &s.tenant_id, &s.user_id)?;
            let d = user::details(c, &st.keyring, &u)?;
            let o = organisation::find(c, &s.tenant_id, &s.organisation_id)?;
            let t = tenant::find(c, &s.tenant_id)?;
            Ok((d.display_name, o.name, t.name))
        })
        .await?;
    let new_contacts = crate::contact::service::count_new_public(&state, &session)
        .await?
        .map(|n| match n {
            0 => tr.t("dashboard-contacts-new-none"),
            1 => tr.t("dashboard-contacts-new-one"),
            n => tr.t_args("dashboard-contacts-new-many", &[("count", n.to_string())]),
        });
    let page = DashboardPage {
        page: Page::for_session(tr, state.config.demo, &session, "dashboard-title", "/"),
        display_name,
        organisation: org_name,
        tenant: tenant_name,
        role_label: role_label(tr, session.role),
        role_text: tr.t(&format!("role-{}-text", session.role.code())),
        mfa_enabled: session.mfa_enabled,
        now: format_datetime(state.now_ms()),
        is_admin: session.role == Role::Admin,
        is_auditor: session.role == Role::Auditor,
        new_contacts,
    };
    Ok(page.into_response())
}
