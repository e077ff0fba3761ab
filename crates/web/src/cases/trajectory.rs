//! The follow-up trajectory page (`/casussen/{id}/traject`): actions with the
//! responsible partner, due date, status and result; each organisation at the
//! table accepts an action before it starts; overdue actions show.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use verbind_domain::OrganisationId;
use verbind_domain::audit::AuditAction;
use verbind_domain::case::Date;
use verbind_domain::case::trajectory::{
    ActionPhase, is_overdue, may_finish, missing_acceptances, phase,
};
use verbind_domain::policy::{CaseAction, Decision, DenyReason, decide_case};
use verbind_store::models::action::{self as actions, NewAction};
use verbind_store::models::{audit, organisation};

use super::service::{authorised_case, context, refuse, table_organisations, today};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

pub struct ActionLine {
    pub id: String,
    pub description: String,
    pub responsible: String,
    pub due: String,
    pub phase: String,
    pub overdue: bool,
    pub result: Option<String>,
    pub missing: Vec<String>,
    pub may_accept: bool,
    pub may_finish: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/trajectory.html")]
pub struct TrajectoryPage {
    pub page: Page,
    pub id: String,
    pub code: String,
    pub actions: Vec<ActionLine>,
    pub may_propose: bool,
    pub table_orgs: Vec<(String, String)>,
    pub error: Option<String>,
}

fn entry(s: &CurrentSession, action: AuditAction) -> audit::NewEntry {
    audit::NewEntry::new(action, "ok")
        .tenant(&s.tenant_id)
        .actor(s.user_id.as_str(), s.organisation_id.as_str())
}

async fn render(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    error: Option<String>,
) -> AppResult<Response> {
    let s2 = s.clone();
    let id2 = id.clone();
    let (code, lines, may_propose, orgs) = state
        .write(move |c, st| {
            let (case, ctx) = match authorised_case(c, &s2, &id2, CaseAction::Open)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            let may_propose =
                decide_case(&s2.actor(), &case.tenant(), CaseAction::Step, &ctx).is_allowed();
            let names: HashMap<String, String> = organisation::list(c, &s2.tenant_id)?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect();
            let table = table_organisations(c, &s2.tenant_id, &case.body_id)?;
            let table_ids: Vec<OrganisationId> = table
                .iter()
                .map(|o| OrganisationId::from_db(o.clone()))
                .collect();
            let today = today(st);
            let mut lines = Vec::new();
            for a in actions::list(c, &s2.tenant_id, &case.id)? {
                let (description, result) = actions::texts(c, &st.keyring, &case, &a)?;
                let accepted: Vec<OrganisationId> = actions::accepted_by(c, &a.id)?
                    .into_iter()
                    .map(OrganisationId::from_db)
                    .collect();
                let ph = match a.status.as_str() {
                    "done" => ActionPhase::Done,
                    "cancelled" => ActionPhase::Cancelled,
                    _ => phase(&table_ids, &accepted),
                };
                let finished = matches!(ph, ActionPhase::Done | ActionPhase::Cancelled);
                let due = Date::parse_iso(&a.due_date).ok();
                let responsible = OrganisationId::from_db(a.responsible_org_id.clone());
                lines.push(ActionLine {
                    id: a.id.clone(),
                    description,
                    responsible: names
                        .get(&a.responsible_org_id)
                        .cloned()
                        .unwrap_or_default(),
                    due: due.map(|d| d.to_string()).unwrap_or_default(),
                    phase: ph.code().to_owned(),
                    overdue: match (due, today) {
                        (Some(d), Some(t)) => is_overdue(d, t, finished),
                        _ => false,
                    },
                    result,
                    missing: missing_acceptances(&table_ids, &accepted)
                        .into_iter()
                        .map(|o| names.get(o.as_str()).cloned().unwrap_or_default())
                        .collect(),
                    may_accept: !finished
                        && table.iter().any(|o| o == s2.organisation_id.as_str())
                        && !accepted.contains(&s2.organisation_id),
                    may_finish: may_finish(ph, &responsible, &s2.organisation_id).is_ok(),
                });
            }
            let orgs = table.into_iter().map(|o| {
                let n = names.get(&o).cloned().unwrap_or_default();
                (o, n)
            });
            Ok(Ok((
                case.code,
                lines,
                may_propose,
                orgs.collect::<Vec<_>>(),
            )))
        })
        .await?
        .map_err(refuse)?;
    let mut res = TrajectoryPage {
        page: Page::for_session(tr, state.config.demo, s, "trajectory-title", "/casussen"),
        id,
        code,
        actions: lines
            .into_iter()
            .map(|mut l| {
                l.phase = tr.t(&format!("action-phase-{}", l.phase));
                l
            })
            .collect(),
        may_propose,
        table_orgs: orgs,
        error: error.clone(),
    }
    .into_response();
    if error.is_some() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// GET /casussen/{id}/traject
pub async fn show(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    render(&state, &s, Tr::new(l), id, None).await
}

#[derive(Deserialize)]
pub struct ProposeForm {
    #[serde(default)]
    pub omschrijving: String,
    #[serde(default)]
    pub verantwoordelijke: String,
    #[serde(default)]
    pub tegen: String,
}

/// POST /casussen/{id}/traject: the expert proposes an action.
pub async fn propose(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Form(f): Form<ProposeForm>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    let now = state.now_ms();
    let s2 = s.clone();
    let id2 = id.clone();
    let outcome = state
        .write(move |c, st| {
            let (case, _ctx) = match authorised_case(c, &s2, &id2, CaseAction::Step)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            let description = f.omschrijving.trim();
            if description.is_empty() || description.chars().count() > 2000 {
                return Ok(Ok(Err("action-error-description")));
            }
            let due = match Date::parse_dd_mm_yyyy(f.tegen.trim()) {
                Ok(d) => d,
                Err(e) => return Ok(Ok(Err(e.message_key()))),
            };
            if !table_organisations(c, &s2.tenant_id, &case.body_id)?.contains(&f.verantwoordelijke)
            {
                return Ok(Ok(Err("action-error-responsible")));
            }
            let a = actions::create(
                c,
                &st.keyring,
                &case,
                &NewAction {
                    responsible_org: &f.verantwoordelijke,
                    description,
                    due_iso: &due.to_iso(),
                    by_user: s2.user_id.as_str(),
                },
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s2, AuditAction::CaseActionProposed)
                    .object("case", &case.id)
                    .detail(format!("action={}", a.id)),
            )?;
            Ok(Ok(Ok(())))
        })
        .await?
        .map_err(refuse)?;
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/casussen/{id}/traject")).into_response()),
        Err(key) => render(&state, &s, tr, id, Some(tr.t(key))).await,
    }
}

#[derive(Deserialize)]
pub struct ResultForm {
    #[serde(default)]
    pub resultaat: String,
}

/// POST /casussen/{id}/traject/{action}/{aanvaarden|uitgevoerd}
pub async fn act(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path((id, action_id, what)): Path<(String, String, String)>,
    Form(f): Form<ResultForm>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    let now = state.now_ms();
    let s2 = s.clone();
    let id2 = id.clone();
    let outcome = state
        .write(move |c, st| {
            if uuid::Uuid::try_parse(&id2).is_err() || uuid::Uuid::try_parse(&action_id).is_err() {
                return Err(verbind_store::StoreError::NotFound);
            }
            let case = verbind_store::models::case::find(c, &s2.tenant_id, &id2)?;
            let ctx = context(c, &s2, Some(&case), false, false)?;
            let d = decide_case(&s2.actor(), &case.tenant(), CaseAction::Open, &ctx);
            if !d.is_allowed() {
                return Ok(Err(d));
            }
            let a = actions::find(c, &s2.tenant_id, &action_id)?;
            if a.case_id != case.id {
                return Err(verbind_store::StoreError::NotFound);
            }
            let table = table_organisations(c, &s2.tenant_id, &case.body_id)?;
            if !table.iter().any(|o| o == s2.organisation_id.as_str()) {
                return Ok(Err(Decision::Deny(DenyReason::Case(
                    verbind_domain::case::CaseDenyReason::NotAtCaseTable,
                ))));
            }
            match what.as_str() {
                "aanvaarden" => {
                    actions::accept(c, &a, s2.organisation_id.as_str(), s2.user_id.as_str(), now)?;
                    audit::append(
                        c,
                        now,
                        &entry(&s2, AuditAction::CaseActionAccepted)
                            .object("case", &case.id)
                            .detail(format!("action={}", a.id)),
                    )?;
                    Ok(Ok(Ok(())))
                }
                "uitgevoerd" => {
                    let table_ids: Vec<OrganisationId> = table
                        .iter()
                        .map(|o| OrganisationId::from_db(o.clone()))
                        .collect();
                    let accepted: Vec<OrganisationId> = actions::accepted_by(c, &a.id)?
                        .into_iter()
                        .map(OrganisationId::from_db)
                        .collect();
                    let ph = if a.status == "open" {
                        phase(&table_ids, &accepted)
                    } else {
                        ActionPhase::Done
                    };
                    if let Err(e) = may_finish(
                        ph,
                        &OrganisationId::from_db(a.responsible_org_id.clone()),
                        &s2.organisation_id,
                    ) {
                        return Ok(Ok(Err(e.message_key())));
                    }
                    let result = f.resultaat.trim();
                    if result.is_empty() || result.chars().count() > 4000 {
                        return Ok(Ok(Err("action-error-result")));
                    }
                    actions::finish(c, &st.keyring, &case, &a, result, now)?;
                    audit::append(
                        c,
                        now,
                        &entry(&s2, AuditAction::CaseActionDone)
                            .object("case", &case.id)
                            .detail(format!("action={}", a.id)),
                    )?;
                    Ok(Ok(Ok(())))
                }
                _ => Err(verbind_store::StoreError::NotFound),
            }
        })
        .await?
        .map_err(refuse)?;
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/casussen/{id}/traject")).into_response()),
        Err(key) => render(&state, &s, tr, id, Some(tr.t(key))).await,
    }
}
