//! The expert's prevention registers of issue 4, items 4 to 6:
//!
//! - `/spanningen`: the register of social tensions (maatschappelijke
//!   spanningen) with a Brandsma analysis, severity over time, the actions
//!   taken and the linked signals ([`tensions`], [`tension_pages`]);
//! - `/referentiepersonen`: the network of reference persons, what training
//!   is due and how many signals each passed ([`persons`], [`person_pages`]);
//! - `/vormingen`: trainings (deskundigheidsbevordering) with participants,
//!   attendance and evaluation ([`trainings`], [`training_pages`]).
//!
//! The services are shared by the pages and the JSON API
//! (`crate::api::network`). Every function asks
//! `verbind_domain::policy::decide_prevention` first (the expert only: the
//! Stuurgroep, reference persons, partners, the administrator and the DPO
//! are refused) and audits what it read or changed, by id and code only.

pub mod person_pages;
pub mod persons;
pub mod tension_pages;
pub mod tensions;
pub mod training_pages;
pub mod trainings;

use axum::Router;
use axum::routing::{get, post};
use verbind_domain::audit::AuditAction;
use verbind_domain::case::Date;
use verbind_domain::policy::{PreventionAction, PreventionContext, decide_prevention};
use verbind_domain::prevention::network::FieldErrors;
use verbind_store::models::audit;

use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::middleware::session::CurrentSession;
use crate::state::{AppState, Inner};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/spanningen",
            get(tension_pages::list).post(tension_pages::search),
        )
        .route(
            "/spanningen/nieuw",
            get(tension_pages::new_form).post(tension_pages::create),
        )
        .route(
            "/spanningen/{id}",
            get(tension_pages::detail).post(tension_pages::update),
        )
        .route("/spanningen/{id}/analyse", post(tension_pages::analyse))
        .route("/spanningen/{id}/ernst", post(tension_pages::severity))
        .route("/spanningen/{id}/acties", post(tension_pages::action))
        .route("/spanningen/{id}/signalen", post(tension_pages::signals))
        .route(
            "/referentiepersonen",
            get(person_pages::list).post(person_pages::search),
        )
        .route(
            "/referentiepersonen/nieuw",
            get(person_pages::new_form).post(person_pages::create),
        )
        .route(
            "/referentiepersonen/{id}",
            get(person_pages::detail).post(person_pages::update),
        )
        .route("/vormingen", get(training_pages::list))
        .route(
            "/vormingen/nieuw",
            get(training_pages::new_form).post(training_pages::create),
        )
        .route(
            "/vormingen/{id}",
            get(training_pages::detail).post(training_pages::update),
        )
        .route(
            "/vormingen/{id}/aanwezigheid",
            post(training_pages::attendance),
        )
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

/// Today in Europe/Brussels.
pub(crate) fn today(state: &Inner) -> AppResult<Date> {
    crate::cases::service::today(state).ok_or_else(|| AppError::internal("no date for today"))
}

/// Refused fields with their translated messages: (field, message).
pub fn messages(tr: Tr, errors: &FieldErrors) -> Vec<(&'static str, String)> {
    errors
        .iter()
        .map(|(f, e)| (*f, tr.t_args(e.message_key(), &e.args())))
        .collect()
}

/// A stored ISO date as `28/11/2026`; empty when unreadable.
pub(crate) fn show_iso(iso: &str) -> String {
    Date::parse_iso(iso)
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// One option of a select or a list of checkboxes.
#[derive(Debug, Clone)]
pub struct Choice {
    pub code: String,
    pub label: String,
    pub selected: bool,
}

/// The options of a closed list, labelled with `prefix-code`.
pub(crate) fn choices<T: verbind_domain::prevention::coded::Coded>(
    tr: Tr,
    prefix: &str,
    selected: &str,
) -> Vec<Choice> {
    T::ALL
        .iter()
        .map(|v| Choice {
            code: v.code().to_owned(),
            label: tr.t(&v.label_key(prefix)),
            selected: v.code() == selected,
        })
        .collect()
}

/// The label of a stored code of a closed list, or "" for an unknown code.
pub(crate) fn label<T: verbind_domain::prevention::coded::Coded>(
    tr: Tr,
    prefix: &str,
    code: &str,
) -> String {
    T::parse(code)
        .map(|v| tr.t(&v.label_key(prefix)))
        .unwrap_or_default()
}
