//! The action plan, shared by the pages and the JSON API: the measures of
//! the profile with owner, indicators, status and evaluation notes. The
//! expert and the Stuurgroep read it (`ViewActionPlan`) and write evaluation
//! notes (`EvaluateActionPlan`); the expert maintains it
//! (`ManageActionPlan`). Nothing here is personal: a note names its
//! writer's organisation and role, never the person.

use std::collections::HashMap;

use verbind_domain::audit::AuditAction;
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::action_plan::{
    self as rules, EntryInput, EvaluationInput, MeasureStatus, measure_order, status_counts,
};
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::outreach::FieldErrors;
use verbind_store::models::action_plan::{self as store, EntryFields, MeasureRow, NewEvaluation};
use verbind_store::models::{audit, organisation};
use verbind_store::{DbConn, StoreError};

use super::{entry, require, today};
use crate::error::AppResult;
use crate::middleware::session::CurrentSession;
use crate::state::{AppState, Inner};

const VIEW: PreventionAction = PreventionAction::ViewActionPlan;
const MANAGE: PreventionAction = PreventionAction::ManageActionPlan;
const EVALUATE: PreventionAction = PreventionAction::EvaluateActionPlan;

/// An evaluation note.
#[derive(Debug, Clone)]
pub struct EvaluationView {
    pub id: String,
    /// `2026` or `2026-H2`.
    pub period: String,
    pub note: String,
    pub by_organisation: String,
    /// The writer's role code.
    pub by_role: String,
    pub created_at: i64,
}

/// A measure with its follow-up.
#[derive(Debug, Clone)]
pub struct MeasureView {
    pub code: String,
    pub title: String,
    pub chapter: String,
    pub owner_id: Option<String>,
    pub owner: String,
    pub indicators: Option<String>,
    /// `not_started` until the expert records otherwise.
    pub status: String,
    pub updated_at: Option<i64>,
    /// Latest period first.
    pub evaluations: Vec<EvaluationView>,
}

/// The whole plan.
#[derive(Debug, Clone)]
pub struct Plan {
    pub measures: Vec<MeasureView>,
    pub counts: Vec<(MeasureStatus, usize)>,
}

/// A measure's follow-up as typed.
#[derive(Clone, Default)]
pub struct EntryForm {
    /// An organisation id, or empty.
    pub owner: String,
    pub indicators: String,
    pub status: String,
}

/// An evaluation note as typed.
#[derive(Clone, Default)]
pub struct EvaluationForm {
    pub period: String,
    pub note: String,
}

fn load(
    c: &mut DbConn,
    st: &Inner,
    s: &CurrentSession,
    only: Option<&str>,
) -> Result<Vec<MeasureView>, StoreError> {
    let orgs: HashMap<String, String> = organisation::list(c, &s.tenant_id)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut measures: Vec<MeasureRow> = store::measures(c, &s.tenant_id)?
        .into_iter()
        .filter(|m| only.is_none_or(|code| m.code == code))
        .collect();
    measures.sort_by(|a, b| measure_order((&a.chapter, &a.code), (&b.chapter, &b.code)));
    let entries: HashMap<String, store::EntryRow> = store::entries(c, &s.tenant_id)?
        .into_iter()
        .map(|e| (e.measure_id.clone(), e))
        .collect();
    let mut notes: HashMap<String, Vec<EvaluationView>> = HashMap::new();
    for r in store::evaluations(c, &s.tenant_id)? {
        if !measures.iter().any(|m| m.id == r.measure_id) {
            continue;
        }
        let note = store::note(c, &st.keyring, &r)?;
        notes
            .entry(r.measure_id.clone())
            .or_default()
            .push(EvaluationView {
                by_organisation: orgs.get(&r.by_organisation_id).cloned().unwrap_or_default(),
                id: r.id,
                period: r.period,
                note,
                by_role: r.by_role,
                created_at: r.created_at,
            });
    }
    let mut out = Vec::new();
    for m in measures {
        let e = entries.get(&m.id);
        let owner_id = match e {
            Some(e) => e.owner_organisation_id.clone(),
            None => m.owner_organisation_id.clone(),
        };
        let indicators = match e {
            Some(e) => store::indicators(c, &st.keyring, e)?,
            None => None,
        };
        out.push(MeasureView {
            owner: owner_id
                .as_ref()
                .and_then(|o| orgs.get(o).cloned())
                .unwrap_or_default(),
            owner_id,
            indicators,
            status: e
                .map(|e| e.status.clone())
                .unwrap_or_else(|| MeasureStatus::NotStarted.code().to_owned()),
            updated_at: e.map(|e| e.updated_at),
            evaluations: notes.remove(&m.id).unwrap_or_default(),
            code: m.code,
            title: m.title,
            chapter: m.chapter,
        });
    }
    Ok(out)
}

/// The plan with every measure; audited.
pub async fn plan(state: &AppState, s: &CurrentSession) -> AppResult<Plan> {
    require(s, VIEW)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let measures = load(c, st, &s, None)?;
            let statuses: Vec<MeasureStatus> = measures
                .iter()
                .filter_map(|m| MeasureStatus::parse(&m.status))
                .collect();
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::ActionPlanViewed)
                    .detail(format!("measures={}", measures.len())),
            )?;
            Ok(Plan {
                counts: status_counts(&statuses),
                measures,
            })
        })
        .await
}

/// One measure with its notes; audited. An unknown code is "not found".
pub async fn measure(state: &AppState, s: &CurrentSession, code: String) -> AppResult<MeasureView> {
    require(s, VIEW)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let m = store::find_measure(c, &s.tenant_id, &code)?;
            let v = load(c, st, &s, Some(&m.code))?
                .into_iter()
                .next()
                .ok_or(StoreError::NotFound)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::ActionPlanViewed).object("measure", &m.id),
            )?;
            Ok(v)
        })
        .await
}

/// The organisations that can carry a measure: (id, name).
pub async fn organisations(
    state: &AppState,
    s: &CurrentSession,
) -> AppResult<Vec<(String, String)>> {
    require(s, MANAGE)?;
    let t = s.tenant_id.clone();
    state
        .read(move |c, _| {
            Ok(organisation::list(c, &t)?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect())
        })
        .await
}

/// Records a measure's owner, indicators and status.
pub async fn update(
    state: &AppState,
    s: &CurrentSession,
    code: String,
    form: EntryForm,
) -> AppResult<Result<(), FieldErrors>> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let m = store::find_measure(c, &s.tenant_id, &code)?;
            let orgs: Vec<String> = organisation::list(c, &s.tenant_id)?
                .into_iter()
                .map(|o| o.id)
                .collect();
            let ids: Vec<&str> = orgs.iter().map(String::as_str).collect();
            let p = match rules::parse_entry(
                &EntryInput {
                    owner: &form.owner,
                    indicators: &form.indicators,
                    status: &form.status,
                },
                &ids,
            ) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            store::save_entry(
                c,
                &st.keyring,
                &m,
                &EntryFields {
                    owner_organisation_id: p.owner.as_deref(),
                    indicators: p.indicators.as_deref(),
                    status: p.status.code(),
                },
                s.user_id.as_str(),
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::ActionPlanMeasureUpdated)
                    .object("measure", &m.id)
                    .detail(format!("code={} status={}", m.code, p.status.code())),
            )?;
            Ok(Ok(()))
        })
        .await
}

/// Writes an evaluation note on a measure for a period.
pub async fn evaluate(
    state: &AppState,
    s: &CurrentSession,
    code: String,
    form: EvaluationForm,
) -> AppResult<Result<String, FieldErrors>> {
    require(s, EVALUATE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let m = store::find_measure(c, &s.tenant_id, &code)?;
            let p = match rules::parse_evaluation(
                &EvaluationInput {
                    period: &form.period,
                    note: &form.note,
                },
                today,
            ) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let period = p.period.code();
            let row = store::add_evaluation(
                c,
                &st.keyring,
                &m,
                &NewEvaluation {
                    period: &period,
                    note: &p.note,
                    by_user: s.user_id.as_str(),
                    by_organisation: s.organisation_id.as_str(),
                    by_role: s.role.code(),
                },
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::ActionPlanEvaluated)
                    .object("measure", &m.id)
                    .detail(format!(
                        "code={} period={period} evaluation={}",
                        m.code, row.id
                    )),
            )?;
            Ok(Ok(row.id))
        })
        .await
}

/// The period a new note is most likely about.
pub fn default_period(state: &AppState) -> AppResult<String> {
    Ok(rules::current_period(today(state)?).code())
}
