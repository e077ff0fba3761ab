//! Prevention's outreach (issue 4, item 1's kennisbank and items 7 to 10):
//!
//! - `/kennisbank` and `/kennisbank/{slug}`: the public information pages,
//!   no account, in the visitor's language with Dutch as fallback
//!   ([`public`]); `/kennisbank/beheer`: the expert writes and publishes
//!   them ([`knowledge`], [`knowledge_pages`]);
//! - `/werkgroep`: the working group on polarisation: its members (the seats
//!   of the profile's Werkgroep body), its scope in phases and its signals
//!   to the city board; its meetings are on `/vergaderingen`
//!   ([`working_group`], [`working_group_pages`]);
//! - `/stille-midden`: advice trajectories for local organisations and page
//!   admins, and the city's counter-messages ([`silent_middle`],
//!   [`silent_middle_pages`]);
//! - `/workshops`: the resilience workshops in the schools of the registry
//!   and their coverage per school year ([`workshops`], [`workshop_pages`]);
//! - `/actieplan`: the measures of the action plan with owner, indicators,
//!   status and evaluation notes ([`action_plan`], [`action_plan_pages`]).
//!
//! The services are shared by the pages and the JSON API
//! (`crate::api::outreach`). Every service function asks
//! `verbind_domain::policy::decide_prevention` first (the expert for
//! everything; the Stuurgroep for the coverage and the action plan, which
//! hold no personal data) and audits what it read or changed, by id and
//! code only.

pub mod action_plan;
pub mod action_plan_pages;
pub mod knowledge;
pub mod knowledge_pages;
pub mod public;
pub mod silent_middle;
pub mod silent_middle_pages;
pub mod working_group;
pub mod working_group_pages;
pub mod workshop_pages;
pub mod workshops;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use verbind_domain::audit::AuditAction;
use verbind_domain::policy::{PreventionAction, PreventionContext, decide_prevention};
use verbind_domain::prevention::outreach::FieldErrors;
use verbind_store::models::audit;

use crate::contact::FormData;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::middleware::session::CurrentSession;

pub use crate::network::Choice;
pub(crate) use crate::network::show_iso;

pub fn routes() -> Router<crate::state::AppState> {
    Router::new()
        .route("/kennisbank", get(public::list))
        .route("/kennisbank/beheer", get(knowledge_pages::list))
        .route(
            "/kennisbank/beheer/nieuw",
            get(knowledge_pages::new_form).post(knowledge_pages::create),
        )
        .route(
            "/kennisbank/beheer/standaard",
            post(knowledge_pages::load_defaults),
        )
        .route(
            "/kennisbank/beheer/{id}",
            get(knowledge_pages::edit_form).post(knowledge_pages::update),
        )
        .route("/kennisbank/{slug}", get(public::page))
        .route("/werkgroep", get(working_group_pages::overview))
        .route("/werkgroep/fasen", post(working_group_pages::add_phase))
        .route(
            "/werkgroep/fasen/{id}",
            get(working_group_pages::phase_form).post(working_group_pages::update_phase),
        )
        .route("/werkgroep/signalen", post(working_group_pages::add_signal))
        .route(
            "/werkgroep/signalen/{id}",
            get(working_group_pages::signal_form).post(working_group_pages::update_signal),
        )
        .route(
            "/stille-midden",
            get(silent_middle_pages::overview).post(silent_middle_pages::search),
        )
        .route(
            "/stille-midden/advies/nieuw",
            get(silent_middle_pages::new_advice).post(silent_middle_pages::create_advice),
        )
        .route(
            "/stille-midden/advies/{id}",
            get(silent_middle_pages::advice).post(silent_middle_pages::update_advice),
        )
        .route(
            "/stille-midden/tegengeluiden/nieuw",
            get(silent_middle_pages::new_counter).post(silent_middle_pages::create_counter),
        )
        .route(
            "/stille-midden/tegengeluiden/{id}",
            get(silent_middle_pages::counter).post(silent_middle_pages::update_counter),
        )
        .route("/workshops", get(workshop_pages::list))
        .route("/workshops/bereik", get(workshop_pages::coverage))
        .route(
            "/workshops/nieuw",
            get(workshop_pages::new_form).post(workshop_pages::create),
        )
        .route(
            "/workshops/{id}",
            get(workshop_pages::detail).post(workshop_pages::update),
        )
        .route("/actieplan", get(action_plan_pages::list))
        .route(
            "/actieplan/{code}",
            get(action_plan_pages::detail).post(action_plan_pages::update),
        )
        .route(
            "/actieplan/{code}/evaluaties",
            post(action_plan_pages::evaluate),
        )
}

/// Whether the policy allows `action`.
pub(crate) fn allowed(s: &CurrentSession, action: PreventionAction) -> bool {
    decide_prevention(
        &s.actor(),
        &s.tenant_id,
        action,
        &PreventionContext::default(),
    )
    .is_allowed()
}

/// Asks the policy; a refusal is logged (reason only) and becomes a 403.
pub(crate) fn require(s: &CurrentSession, action: PreventionAction) -> AppResult<()> {
    let d = decide_prevention(
        &s.actor(),
        &s.tenant_id,
        action,
        &PreventionContext::default(),
    );
    if d.is_allowed() {
        Ok(())
    } else {
        tracing::warn!(?action, decision = ?d, "prevention access denied");
        Err(AppError::forbidden())
    }
}

/// An audit entry by this user.
pub(crate) fn entry(s: &CurrentSession, action: AuditAction) -> audit::NewEntry {
    audit::NewEntry::new(action, "ok")
        .tenant(&s.tenant_id)
        .actor(s.user_id.as_str(), s.organisation_id.as_str())
}

/// Refused fields with their translated messages.
#[derive(Debug, Clone, Default)]
pub struct Refusals(pub Vec<(&'static str, String)>);

impl Refusals {
    pub fn new(tr: Tr, errors: &FieldErrors) -> Refusals {
        Refusals(messages(tr, errors))
    }

    /// The message for `field`, if it was refused.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Refused fields with their translated messages: (field, message).
pub fn messages(tr: Tr, errors: &FieldErrors) -> Vec<(&'static str, String)> {
    errors
        .iter()
        .map(|(f, e)| (*f, tr.t_args(e.message_key(), &e.args())))
        .collect()
}

/// A urlencoded form body; anything else is a 400 (the error page says so).
pub(crate) fn form_body(headers: &HeaderMap, body: &Bytes) -> AppResult<FormData> {
    FormData::parse(headers, body).map_err(|_| AppError::bad_request())
}

/// A page whose form was refused: 422 with the form and its messages.
pub(crate) fn refused_page(page: impl IntoResponse) -> Response {
    let mut res = page.into_response();
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    res
}

/// The options of a closed list, labelled with `prefix-code`, those in
/// `selected` marked.
pub(crate) fn choices_multi<T: verbind_domain::prevention::coded::Coded>(
    tr: Tr,
    prefix: &str,
    selected: &[String],
) -> Vec<Choice> {
    T::ALL
        .iter()
        .map(|v| Choice {
            code: v.code().to_owned(),
            label: tr.t(&v.label_key(prefix)),
            selected: selected.iter().any(|s| s == v.code()),
        })
        .collect()
}

/// The labels of a stored set `a,b`, joined.
pub(crate) fn set_labels<T: verbind_domain::prevention::coded::Coded>(
    tr: Tr,
    prefix: &str,
    stored: &str,
) -> String {
    verbind_domain::prevention::coded::parse_stored_set::<T>(stored)
        .unwrap_or_default()
        .into_iter()
        .map(|v| tr.t(&v.label_key(prefix)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) use crate::network::{choices, label, today};
