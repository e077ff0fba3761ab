//! The follow-up trajectory page (`/casussen/{id}/traject`): actions with the
//! responsible partner, due date, status and result; each organisation at the
//! table accepts an action before it starts, or refuses it with a reason the
//! table sees (a refused action does not start); overdue actions show.

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
    ActionPhase, Answer, Verdict, awaiting_answer, check_new_due, check_refusal, evaluation_due,
    is_overdue, may_accept, may_evaluate, may_finish, may_refuse, phase, refused_by,
};
use verbind_domain::case::work::CaseWork;
use verbind_domain::policy::{CaseAction, Decision, DenyReason, decide_case};
use verbind_store::models::action::{
    self as actions, ActionRow, NewAction, NewEvaluation, NewRefusal,
};
use verbind_store::models::meeting::{self as meetings, MeetingRow};
use verbind_store::models::{audit, organisation};

use super::service::{
    audit_refusal, authorised_case, refuse, refuse_any, table_organisations, today, work_allowed,
};
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

pub struct ActionLine {
    pub id: String,
    pub description: String,
    pub responsible: String,
    /// The responsible organisation's id.
    pub responsible_org_id: String,
    pub due: String,
    /// The due date (`due` is its display form).
    pub due_date: Option<Date>,
    pub phase: String,
    pub overdue: bool,
    pub result: Option<String>,
    /// The organisations at the table that have not answered yet (names).
    pub missing: Vec<String>,
    /// The refusals that keep the action from starting, oldest first.
    pub refusals: Vec<RefusalLine>,
    /// The caller's organisation may accept it (it sits at the table and has
    /// not accepted yet; accepting replaces its refusal).
    pub may_accept: bool,
    /// The caller's organisation may refuse it (it sits at the table, has
    /// not refused yet, and the action has not started).
    pub may_refuse: bool,
    pub may_finish: bool,
    /// The table's evaluations, oldest first.
    pub evaluations: Vec<EvaluationLine>,
    /// Running, existed at the latest table, and not evaluated there.
    pub evaluation_due: bool,
    /// The expert may record an evaluation (running action).
    pub may_evaluate: bool,
}

/// An organisation at the table that refused an action, and why.
pub struct RefusalLine {
    pub organisation: String,
    pub reason: String,
}

/// One evaluation of an action at a meeting.
pub struct EvaluationLine {
    /// When the meeting started.
    pub meeting_starts_at: i64,
    /// The verdict's code (`Verdict::code`).
    pub verdict: String,
    pub note: String,
}

impl EvaluationLine {
    /// The meeting, as the page shows it.
    pub fn meeting_label(&self) -> String {
        crate::i18n::format_datetime(self.meeting_starts_at)
    }
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
    /// (meeting id, label) of the started meetings the expert can evaluate at.
    pub evaluation_meetings: Vec<(String, String)>,
    /// (verdict code, label).
    pub verdicts: Vec<(&'static str, String)>,
    /// The proposal typed before a refusal, kept.
    pub form: ProposeForm,
}

fn entry(s: &CurrentSession, action: AuditAction) -> audit::NewEntry {
    audit::NewEntry::new(action, "ok")
        .tenant(&s.tenant_id)
        .actor(s.user_id.as_str(), s.organisation_id.as_str())
}

/// The trajectory of a case as this viewer may see it (the page and the JSON
/// API); phases are codes (`ActionPhase::code`), not yet translated.
pub struct TrajectoryView {
    pub code: String,
    pub actions: Vec<ActionLine>,
    /// This user proposes actions (the expert).
    pub may_propose: bool,
    /// (id, name) of the organisations at the case's table.
    pub table_orgs: Vec<(String, String)>,
    /// For the expert: the started, not cancelled meetings of the table in
    /// the last months, latest first (id, start).
    pub evaluation_meetings: Vec<(String, i64)>,
}

/// The answers given to `a` (oldest first), as the domain takes them.
fn answers_of(
    c: &mut verbind_store::DbConn,
    a: &ActionRow,
) -> Result<Vec<(OrganisationId, Answer)>, verbind_store::StoreError> {
    Ok(actions::answers(c, a)?
        .into_iter()
        .map(|(o, answer)| (OrganisationId::from_db(o), answer))
        .collect())
}

/// Where `a` stands: done or stopped as stored; an open action from the
/// answers of the organisations at the table.
fn current_phase(
    a: &ActionRow,
    table: &[OrganisationId],
    answers: &[(OrganisationId, Answer)],
) -> ActionPhase {
    match a.status.as_str() {
        "done" => ActionPhase::Done,
        "cancelled" => ActionPhase::Cancelled,
        _ => phase(table, answers),
    }
}

/// How far back a meeting can still be chosen to evaluate at.
const EVALUATION_WINDOW_MS: i64 = 120 * 24 * 60 * 60 * 1000;

/// The meetings of the case's table that have started and were not
/// cancelled, from `now - EVALUATION_WINDOW_MS`, latest first.
fn started_meetings(
    c: &mut verbind_store::DbConn,
    tenant: &verbind_domain::TenantId,
    body_id: &str,
    now: i64,
) -> Result<Vec<MeetingRow>, verbind_store::StoreError> {
    let mut out: Vec<MeetingRow> =
        meetings::list_for_body(c, tenant, body_id, now - EVALUATION_WINDOW_MS, now + 1)?
            .into_iter()
            .filter(|m| m.status != "cancelled" && m.starts_at <= now)
            .collect();
    out.reverse();
    Ok(out)
}

/// Loads the trajectory of a case for anyone who may open it.
pub async fn load(state: &AppState, s: &CurrentSession, id: String) -> AppResult<TrajectoryView> {
    let now = state.now_ms();
    let s2 = s.clone();
    state
        .write(move |c, st| {
            let (case, ctx) = match authorised_case(c, &s2, &id, CaseAction::Open, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            super::service::audit_case_read(c, &s2, &case, "trajectory", now)?;
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
            let started = started_meetings(c, &s2.tenant_id, &case.body_id, now)?;
            let latest = started.first().map(|m| (m.id.clone(), m.starts_at));
            let starts: HashMap<String, i64> = started
                .iter()
                .map(|m| (m.id.clone(), m.starts_at))
                .collect();
            let mut lines = Vec::new();
            for a in actions::list(c, &s2.tenant_id, &case.id)? {
                let (description, result) = actions::texts(c, &st.keyring, &case, &a)?;
                let answers = answers_of(c, &a)?;
                let ph = current_phase(&a, &table_ids, &answers);
                let refusing = refused_by(&table_ids, &answers);
                let refusals = if refusing.is_empty() {
                    Vec::new()
                } else {
                    actions::refusals(c, &st.keyring, &case, &a)?
                        .into_iter()
                        .filter(|(o, _)| refusing.iter().any(|r| r.as_str() == o))
                        .map(|(o, reason)| RefusalLine {
                            organisation: names.get(&o).cloned().unwrap_or_default(),
                            reason,
                        })
                        .collect()
                };
                let mine = answers
                    .iter()
                    .rev()
                    .find(|(o, _)| *o == s2.organisation_id)
                    .map(|(_, answer)| *answer);
                let at_table = table.iter().any(|o| o == s2.organisation_id.as_str());
                let finished = matches!(ph, ActionPhase::Done | ActionPhase::Cancelled);
                let due = Date::parse_iso(&a.due_date).ok();
                let responsible = OrganisationId::from_db(a.responsible_org_id.clone());
                let mut evaluations = Vec::new();
                let mut evaluated_at_latest = false;
                for (e, note) in actions::evaluations(c, &st.keyring, &case, &a)? {
                    evaluated_at_latest |= latest.as_ref().is_some_and(|(l, _)| *l == e.meeting_id);
                    let meeting_starts_at = match starts.get(&e.meeting_id) {
                        Some(at) => *at,
                        None => meetings::find(c, &s2.tenant_id, &e.meeting_id)?.starts_at,
                    };
                    evaluations.push(EvaluationLine {
                        meeting_starts_at,
                        verdict: e.verdict,
                        note,
                    });
                }
                lines.push(ActionLine {
                    evaluation_due: evaluation_due(
                        ph,
                        a.created_at,
                        latest.as_ref().map(|(_, at)| *at),
                        evaluated_at_latest,
                    ),
                    // Only where a meeting offered can take it: one that
                    // did not end before the action was proposed.
                    may_evaluate: may_propose
                        && !finished
                        && started
                            .iter()
                            .any(|m| may_evaluate(ph, a.created_at, m.ends_at).is_ok()),
                    evaluations,
                    id: a.id.clone(),
                    description,
                    responsible: names
                        .get(&a.responsible_org_id)
                        .cloned()
                        .unwrap_or_default(),
                    responsible_org_id: a.responsible_org_id.clone(),
                    due: due.map(|d| d.to_string()).unwrap_or_default(),
                    due_date: due,
                    phase: ph.code().to_owned(),
                    overdue: match (due, today) {
                        (Some(d), Some(t)) => is_overdue(d, t, finished),
                        _ => false,
                    },
                    result,
                    missing: awaiting_answer(&table_ids, &answers)
                        .into_iter()
                        .map(|o| names.get(o.as_str()).cloned().unwrap_or_default())
                        .collect(),
                    refusals,
                    may_accept: !finished && at_table && mine != Some(Answer::Accepted),
                    may_refuse: at_table && may_refuse(ph).is_ok() && mine != Some(Answer::Refused),
                    may_finish: may_finish(ph, &responsible, &s2.organisation_id).is_ok(),
                });
            }
            let orgs = table.into_iter().map(|o| {
                let n = names.get(&o).cloned().unwrap_or_default();
                (o, n)
            });
            Ok(Ok(TrajectoryView {
                code: case.code,
                actions: lines,
                evaluation_meetings: if may_propose {
                    started
                        .iter()
                        .map(|m| (m.id.clone(), m.starts_at))
                        .collect()
                } else {
                    Vec::new()
                },
                may_propose,
                table_orgs: orgs.collect::<Vec<_>>(),
            }))
        })
        .await?
        .map_err(refuse)
}

async fn render(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    error: Option<String>,
    form: ProposeForm,
) -> AppResult<Response> {
    let v = load(state, s, id.clone()).await?;
    let mut res = TrajectoryPage {
        form,
        page: Page::for_session(tr, state.config.demo, s, "trajectory-title", "/casussen"),
        id,
        code: v.code,
        actions: v
            .actions
            .into_iter()
            .map(|mut l| {
                l.phase = tr.t(&format!("action-phase-{}", l.phase));
                for e in &mut l.evaluations {
                    e.verdict = tr.t(&format!("action-verdict-{}", e.verdict.replace('_', "-")));
                }
                l
            })
            .collect(),
        may_propose: v.may_propose,
        table_orgs: v.table_orgs,
        error: error.clone(),
        evaluation_meetings: v
            .evaluation_meetings
            .iter()
            .map(|(id, at)| (id.clone(), crate::i18n::format_datetime(*at)))
            .collect(),
        verdicts: Verdict::ALL
            .iter()
            .map(|v| {
                (
                    v.code(),
                    tr.t(&format!("action-verdict-{}", v.code().replace('_', "-"))),
                )
            })
            .collect(),
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
    render(&state, &s, Tr::new(l), id, None, ProposeForm::default()).await
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProposeForm {
    #[serde(default)]
    pub omschrijving: String,
    #[serde(default)]
    pub verantwoordelijke: String,
    #[serde(default)]
    pub tegen: String,
}

/// An action the expert proposes: what, the responsible organisation at the
/// table (its id) and the due date (`dd/mm/yyyy`).
#[derive(Debug, Clone, Default)]
pub struct ActionProposal {
    pub description: String,
    pub responsible: String,
    pub due: String,
}

/// The expert proposes an action (audited). Returns the new action's id, or
/// the message key of the rule that refused it.
pub async fn propose_action(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    f: ActionProposal,
) -> AppResult<Result<String, &'static str>> {
    let now = state.now_ms();
    let s2 = s.clone();
    state
        .write(move |c, st| {
            let (case, _ctx) = match authorised_case(c, &s2, &id, CaseAction::Step, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d.into())),
            };
            if let Err(r) = work_allowed(&case, CaseWork::ProposeAction) {
                return Ok(Err(r));
            }
            let description = f.description.trim();
            if description.is_empty() || description.chars().count() > 2000 {
                return Ok(Ok(Err("action-error-description")));
            }
            let due = match Date::parse_dd_mm_yyyy(f.due.trim()) {
                Ok(d) => d,
                Err(e) => return Ok(Ok(Err(e.message_key()))),
            };
            let today = today(st)
                .ok_or_else(|| verbind_store::StoreError::Invalid("clock out of range".into()))?;
            if let Err(e) = check_new_due(due, today) {
                return Ok(Ok(Err(e.message_key())));
            }
            if !table_organisations(c, &s2.tenant_id, &case.body_id)?.contains(&f.responsible) {
                return Ok(Ok(Err("action-error-responsible")));
            }
            let a = actions::create(
                c,
                &st.keyring,
                &case,
                &NewAction {
                    responsible_org: &f.responsible,
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
            Ok(Ok(Ok(a.id)))
        })
        .await?
        .map_err(refuse_any)
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
    let proposal = ActionProposal {
        description: f.omschrijving.clone(),
        responsible: f.verantwoordelijke.clone(),
        due: f.tegen.clone(),
    };
    match propose_action(&state, &s, id.clone(), proposal).await? {
        Ok(_) => Ok(Redirect::to(&format!("/casussen/{id}/traject")).into_response()),
        Err(key) => render(&state, &s, tr, id, Some(tr.t(key)), f).await,
    }
}

/// The forms on an action: `resultaat` for done; `reden` for a refusal;
/// `vergadering`, `oordeel` and `toelichting` for an evaluation.
#[derive(Deserialize)]
pub struct ResultForm {
    #[serde(default)]
    pub resultaat: String,
    #[serde(default)]
    pub reden: String,
    #[serde(default)]
    pub vergadering: String,
    #[serde(default)]
    pub oordeel: String,
    #[serde(default)]
    pub toelichting: String,
}

/// The table's evaluation of an action at one of its meetings.
#[derive(Debug, Clone, Default)]
pub struct EvaluationInput {
    pub meeting_id: String,
    pub verdict: String,
    pub note: String,
}

/// The expert records the table's evaluation of a running action at a
/// started meeting of the case's table (plan 2.4.3: evaluated at every
/// following table); `stop` stops the action. Audited. The inner `Err` is
/// the message key of the rule that refused it.
pub async fn evaluate_action(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    action_id: String,
    input: EvaluationInput,
) -> AppResult<Result<(), &'static str>> {
    let now = state.now_ms();
    let s2 = s.clone();
    state
        .write(move |c, st| {
            let (case, _) = match authorised_case(c, &s2, &id, CaseAction::Step, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d.into())),
            };
            if let Err(r) = work_allowed(&case, CaseWork::WorkOnAction) {
                return Ok(Err(r));
            }
            if uuid::Uuid::try_parse(&action_id).is_err() {
                return Err(verbind_store::StoreError::NotFound);
            }
            let a = actions::find(c, &s2.tenant_id, &action_id)?;
            if a.case_id != case.id {
                return Err(verbind_store::StoreError::NotFound);
            }
            let Some(m) = started_meetings(c, &s2.tenant_id, &case.body_id, now)?
                .into_iter()
                .find(|m| m.id == input.meeting_id.trim())
            else {
                return Ok(Ok(Err("action-error-meeting")));
            };
            let Some(verdict) = Verdict::parse(input.verdict.trim()) else {
                return Ok(Ok(Err("action-error-verdict")));
            };
            let note = input.note.trim();
            if (verdict.needs_note() && note.is_empty()) || note.chars().count() > 4000 {
                return Ok(Ok(Err("action-error-note")));
            }
            let table: Vec<OrganisationId> = table_organisations(c, &s2.tenant_id, &case.body_id)?
                .into_iter()
                .map(OrganisationId::from_db)
                .collect();
            let ph = current_phase(&a, &table, &answers_of(c, &a)?);
            if let Err(e) = may_evaluate(ph, a.created_at, m.ends_at) {
                return Ok(Ok(Err(e.message_key())));
            }
            actions::evaluate(
                c,
                &st.keyring,
                &case,
                &a,
                &NewEvaluation {
                    meeting_id: &m.id,
                    verdict: verdict.code(),
                    note,
                    by_user: s2.user_id.as_str(),
                },
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s2, AuditAction::CaseActionEvaluated)
                    .object("case", &case.id)
                    .detail(format!(
                        "action={} meeting={} verdict={}",
                        a.id,
                        m.id,
                        verdict.code()
                    )),
            )?;
            Ok(Ok(Ok(())))
        })
        .await?
        .map_err(refuse_any)
}

/// What an organisation at the table does with an action. (No `Debug`: the
/// texts are personal data.)
pub enum ActionStep {
    /// The caller's organisation accepts the action (replacing its refusal).
    Accept,
    /// The caller's organisation refuses the action, saying why, while it has
    /// not started.
    Refuse { reason: String },
    /// The responsible organisation reports it done, with its result.
    Done { result: String },
}

/// An organisation at the case's table accepts or refuses an action, or the
/// responsible one reports it done once everyone accepted (audited). The
/// inner `Err` is the message key of the rule that refused it.
pub async fn act_on_action(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    action_id: String,
    step: ActionStep,
) -> AppResult<Result<(), &'static str>> {
    let now = state.now_ms();
    let s2 = s.clone();
    state
        .write(move |c, st| {
            if uuid::Uuid::try_parse(&action_id).is_err() {
                return Err(verbind_store::StoreError::NotFound);
            }
            let (case, _) = match authorised_case(c, &s2, &id, CaseAction::Open, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d.into())),
            };
            if let Err(r) = work_allowed(&case, CaseWork::WorkOnAction) {
                return Ok(Err(r));
            }
            let a = actions::find(c, &s2.tenant_id, &action_id)?;
            if a.case_id != case.id {
                return Err(verbind_store::StoreError::NotFound);
            }
            let table = table_organisations(c, &s2.tenant_id, &case.body_id)?;
            if !table.iter().any(|o| o == s2.organisation_id.as_str()) {
                audit_refusal(c, &s2, Some(&case), now)?;
                return Ok(Err(Decision::Deny(DenyReason::Case(
                    verbind_domain::case::CaseDenyReason::NotAtCaseTable,
                ))
                .into()));
            }
            let table_ids: Vec<OrganisationId> = table
                .iter()
                .map(|o| OrganisationId::from_db(o.clone()))
                .collect();
            match step {
                ActionStep::Accept => {
                    let ph = current_phase(&a, &table_ids, &answers_of(c, &a)?);
                    if let Err(e) = may_accept(ph) {
                        return Ok(Ok(Err(e.message_key())));
                    }
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
                ActionStep::Refuse { reason } => {
                    let ph = current_phase(&a, &table_ids, &answers_of(c, &a)?);
                    let reason = match check_refusal(ph, &reason) {
                        Ok(r) => r,
                        Err(e) => return Ok(Ok(Err(e.message_key()))),
                    };
                    actions::refuse(
                        c,
                        &st.keyring,
                        &case,
                        &a,
                        &NewRefusal {
                            org: s2.organisation_id.as_str(),
                            by_user: s2.user_id.as_str(),
                            reason: reason.as_str(),
                        },
                        now,
                    )?;
                    audit::append(
                        c,
                        now,
                        &entry(&s2, AuditAction::CaseActionRefused)
                            .object("case", &case.id)
                            .detail(format!("action={}", a.id)),
                    )?;
                    Ok(Ok(Ok(())))
                }
                ActionStep::Done { result } => {
                    let ph = current_phase(&a, &table_ids, &answers_of(c, &a)?);
                    if let Err(e) = may_finish(
                        ph,
                        &OrganisationId::from_db(a.responsible_org_id.clone()),
                        &s2.organisation_id,
                    ) {
                        return Ok(Ok(Err(e.message_key())));
                    }
                    let result = result.trim();
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
            }
        })
        .await?
        .map_err(refuse_any)
}

/// POST /casussen/{id}/traject/{action}/{aanvaarden|weigeren|uitgevoerd|evalueren}
pub async fn act(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path((id, action_id, what)): Path<(String, String, String)>,
    Form(f): Form<ResultForm>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    let step = match what.as_str() {
        "aanvaarden" => ActionStep::Accept,
        "weigeren" => ActionStep::Refuse { reason: f.reden },
        "uitgevoerd" => ActionStep::Done {
            result: f.resultaat,
        },
        "evalueren" => {
            let input = EvaluationInput {
                meeting_id: f.vergadering,
                verdict: f.oordeel,
                note: f.toelichting,
            };
            return match evaluate_action(&state, &s, id.clone(), action_id, input).await? {
                Ok(()) => Ok(Redirect::to(&format!("/casussen/{id}/traject")).into_response()),
                Err(key) => {
                    render(&state, &s, tr, id, Some(tr.t(key)), ProposeForm::default()).await
                }
            };
        }
        _ => return Err(crate::error::AppError::not_found()),
    };
    match act_on_action(&state, &s, id.clone(), action_id, step).await? {
        Ok(()) => Ok(Redirect::to(&format!("/casussen/{id}/traject")).into_response()),
        Err(key) => render(&state, &s, tr, id, Some(tr.t(key)), ProposeForm::default()).await,
    }
}
