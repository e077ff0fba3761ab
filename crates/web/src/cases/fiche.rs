//! The terugkoppelingsfiche to the police (`/casussen/{id}/fiche`): sent only
//! after a unanimous decision of the table to send it; it holds the items
//! whose owners consented, never one under professional secrecy, and never
//! names where an item came from (plan 2.4.2, 2.4.4). Only the expert and the
//! police at the case's table see it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use verbind_domain::Role;
use verbind_domain::audit::AuditAction;
use verbind_domain::case::decision::DecisionKind;
use verbind_domain::case::ethics::may_put_in_fiche;
use verbind_domain::policy::{CaseAction, Decision, DenyReason, decide_case};
use verbind_store::DbConn;
use verbind_store::models::audit;
use verbind_store::models::case::CaseRow;
use verbind_store::models::decision as decisions;
use verbind_store::models::fiche;
use verbind_store::models::item as items;

use super::items::facts;
use super::service::{audit_refusal, authorised_case, decision_view, refuse};
use crate::error::AppResult;
use crate::i18n::{Tr, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::{AppState, Inner};
use crate::views::Page;

pub struct FicheBox {
    pub at: String,
    pub lines: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/fiche.html")]
pub struct FichePage {
    pub page: Page,
    pub id: String,
    pub code: String,
    pub sent: Vec<FicheBox>,
    /// What a fiche sent now would hold (expert only).
    pub preview: Vec<(String, String)>,
    pub may_send: bool,
    pub error: Option<String>,
}

/// The lines a fiche would hold now: (risk domain code, text) of every item
/// the domain allows in a terugkoppelingsfiche. No origin.
fn fiche_lines(
    c: &mut DbConn,
    st: &Inner,
    s: &CurrentSession,
    case: &CaseRow,
) -> Result<Vec<(String, String)>, verbind_store::StoreError> {
    let mut out = Vec::new();
    for i in items::list(c, &s.tenant_id, &case.id)? {
        if may_put_in_fiche(&facts(&i)).is_ok() {
            let (content, _) = items::texts(c, &st.keyring, case, &i)?;
            out.push((i.risk_domain.clone(), content));
        }
    }
    Ok(out)
}

/// Who may read fiches: the expert, and the police at the case's table.
fn may_read(s: &CurrentSession, ctx: &verbind_domain::policy::CaseContext) -> bool {
    s.role == Role::Expert || ctx.is_police_at_table
}

/// The fiches of a case as the expert or the police at its table see them
/// (the page and the JSON API). Lines are (risk domain code, text); never an origin.
pub struct FicheView {
    pub code: String,
    /// (sent at, in milliseconds since the epoch; its lines), oldest first.
    pub sent: Vec<(i64, Vec<(String, String)>)>,
    /// What a fiche sent now would hold; empty unless `may_send`.
    pub preview: Vec<(String, String)>,
    /// This user sends fiches (the expert).
    pub may_send: bool,
}

/// Loads the fiches of a case: the expert and the police at its table only.
pub async fn load(state: &AppState, s: &CurrentSession, id: String) -> AppResult<FicheView> {
    let now = state.now_ms();
    let s2 = s.clone();
    // A write: a refusal is audited.
    state
        .write(move |c, st| {
            let (case, ctx) = match authorised_case(c, &s2, &id, CaseAction::Open, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            if !may_read(&s2, &ctx) {
                audit_refusal(c, &s2, Some(&case), now)?;
                return Ok(Err(Decision::Deny(DenyReason::NotPoliceAtTable)));
            }
            super::service::audit_case_read(c, &s2, &case, "fiche", now)?;
            let may_send =
                decide_case(&s2.actor(), &case.tenant(), CaseAction::Step, &ctx).is_allowed();
            let mut sent = Vec::new();
            for f in fiche::list(c, &s2.tenant_id, &case.id)? {
                sent.push((f.sent_at, fiche::lines(c, &st.keyring, &case, &f)?));
            }
            let preview = if may_send {
                fiche_lines(c, st, &s2, &case)?
            } else {
                Vec::new()
            };
            Ok(Ok(FicheView {
                code: case.code,
                sent,
                preview,
                may_send,
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
) -> AppResult<Response> {
    let v = load(state, s, id.clone()).await?;
    let domain = |d: &str| tr.t(&format!("item-domain-{}", d.replace('_', "-")));
    let mut res = FichePage {
        page: Page::for_session(tr, state.config.demo, s, "fiche-title", "/casussen"),
        id,
        code: v.code,
        sent: v
            .sent
            .into_iter()
            .map(|(at, lines)| FicheBox {
                at: format_datetime(at),
                lines: lines.into_iter().map(|(d, t)| (domain(&d), t)).collect(),
            })
            .collect(),
        preview: v
            .preview
            .into_iter()
            .map(|(d, t)| (domain(&d), t))
            .collect(),
        may_send: v.may_send,
        error: error.clone(),
    }
    .into_response();
    if error.is_some() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// GET /casussen/{id}/fiche
pub async fn show(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    render(&state, &s, Tr::new(l), id, None).await
}

/// The expert sends the fiche once the table decided it unanimously
/// (audited): the lines of `fiche_lines`, never an origin or an item under
/// professional secrecy. The inner `Err` is the message key of the rule that refused it.
pub async fn send_fiche(
    state: &AppState,
    s: &CurrentSession,
    id: String,
) -> AppResult<Result<(), &'static str>> {
    let now = state.now_ms();
    let s2 = s.clone();
    state
        .write(move |c, st| {
            let (case, _ctx) = match authorised_case(c, &s2, &id, CaseAction::Step, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            let kind = DecisionKind::SendTerugkoppelingsficheToPolice;
            let Some(dec) = decisions::open_for_case(c, &s2.tenant_id, &case.id)?
                .into_iter()
                .find(|d| d.kind == kind.code())
            else {
                return Ok(Ok(Err("case-error-vote-missing")));
            };
            let present = decisions::present(c, &dec.id)?;
            let votes = decisions::votes(c, &dec.id)?;
            let (_, adopted) = decision_view(
                &dec,
                &present,
                &votes,
                &std::collections::HashMap::new(),
                "",
            );
            if adopted != Some(true) {
                return Ok(Ok(Err("case-error-not-unanimous")));
            }
            let lines = fiche_lines(c, st, &s2, &case)?;
            let f = fiche::create(
                c,
                &st.keyring,
                &case,
                &dec.id,
                s2.user_id.as_str(),
                &lines,
                now,
            )?;
            decisions::mark_adopted(c, &dec, now)?;
            audit::append(
                c,
                now,
                &audit::NewEntry::new(AuditAction::CaseFicheSent, "ok")
                    .tenant(&s2.tenant_id)
                    .actor(s2.user_id.as_str(), s2.organisation_id.as_str())
                    .object("case", &case.id)
                    .detail(format!(
                        "fiche={} decision={} lines={}",
                        f.id,
                        dec.id,
                        lines.len()
                    )),
            )?;
            Ok(Ok(Ok(())))
        })
        .await?
        .map_err(refuse)
}

/// POST /casussen/{id}/fiche: sends the fiche once the table decided it unanimously.
pub async fn send(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    match send_fiche(&state, &s, id.clone()).await? {
        Ok(()) => Ok(Redirect::to(&format!("/casussen/{id}/fiche")).into_response()),
        Err(key) => render(&state, &s, tr, id, Some(tr.t(key))).await,
    }
}
