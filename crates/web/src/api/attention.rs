//! What needs the expert's attention today in the JSON API (issue 5,
//! point 4): the same seven lines as "Vandaag aandacht voor" on the start
//! page, as counts, case codes and the page where the expert acts.
//!
//! The handler asks the policy (`Action::ViewAttention`: the expert; 403
//! for anyone else) and calls the same function as the page
//! (`crate::dashboard::attention_today`), which reads codes, states and
//! dates only, never a name or free text, and audits the read of case codes
//! like a case list. Unlike the page, every line is returned, also at zero,
//! so a client sees a stable shape.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};
use verbind_domain::attention::CaseCount;

use crate::dashboard::{self, AttentionToday, LINE_KINDS, NEW_PUBLIC_HREF};
use crate::error::AppResult;
use crate::middleware::session::CurrentSession;
use crate::state::AppState;

/// The routes of this module (merged into the router once).
pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/attention", get(get_attention))
}

#[derive(OpenApi)]
#[openapi(
    paths(get_attention),
    components(schemas(AttentionCase, AttentionBody, AttentionItem, AttentionList))
)]
pub struct AttentionApiDoc;

/// A case on a line: its pseudonym code, never a name.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttentionCase {
    pub id: String,
    #[schema(example = "SN-2026-007")]
    pub code: String,
    /// How many things of the line this case has: open answers, pending
    /// consents, overdue actions, or (stalled) held tables without a decision.
    pub count: u32,
    /// The page where the expert acts on it.
    pub link: String,
}

/// A body behind its yearly meeting norm.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttentionBody {
    pub id: String,
    pub name: String,
    /// Meetings held this year up to today.
    pub held: u32,
    /// The pro-rata share of the yearly norm due by today, rounded down.
    pub expected_by_now: u32,
    pub min_per_year: u32,
}

/// One line of what needs attention.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttentionItem {
    /// `knowledge_open`, `consents_pending`, `overdue_actions`,
    /// `stalled_cases`, `meetings_behind_norm`, `contacts_waiting` or
    /// `trainings_due`.
    pub kind: String,
    /// What there is to do: open answers, pending consents, overdue
    /// actions, stalled cases, bodies behind, contacts waiting, persons
    /// due a training.
    pub count: u32,
    /// The page where the expert acts.
    pub link: String,
    /// For the four case lines: the cases, by code (empty when
    /// `case_codes_shown` is false).
    pub cases: Vec<AttentionCase>,
    /// For `meetings_behind_norm`: the bodies.
    pub bodies: Vec<AttentionBody>,
    /// For `contacts_waiting`: how many of them are new messages of the
    /// public form (`link_new_public` lists them).
    pub new_public: Option<u32>,
    pub link_new_public: Option<String>,
}

/// What needs attention today.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttentionList {
    /// Today (Europe/Brussels), ISO.
    #[schema(example = "2026-11-28")]
    pub date: String,
    /// Every count is zero.
    pub nothing_urgent: bool,
    /// The case codes are listed (the code of ethics is accepted).
    pub case_codes_shown: bool,
    /// The seven lines, always in this order, zero counts included.
    pub items: Vec<AttentionItem>,
}

fn case_item(kind: &str, list: &[CaseCount], codes_shown: bool) -> AttentionItem {
    AttentionItem {
        kind: kind.to_owned(),
        count: dashboard::line_total(kind, list),
        link: dashboard::line_href(kind).to_owned(),
        cases: if codes_shown {
            list.iter()
                .map(|c| AttentionCase {
                    id: c.id.clone(),
                    code: c.code.clone(),
                    count: c.count,
                    link: dashboard::case_href(kind, &c.id),
                })
                .collect()
        } else {
            Vec::new()
        },
        bodies: Vec::new(),
        new_public: None,
        link_new_public: None,
    }
}

fn plain_item(kind: &str, count: u32) -> AttentionItem {
    AttentionItem {
        kind: kind.to_owned(),
        count,
        link: dashboard::line_href(kind).to_owned(),
        cases: Vec::new(),
        bodies: Vec::new(),
        new_public: None,
        link_new_public: None,
    }
}

/// The API's view of [`AttentionToday`].
pub fn list(t: &AttentionToday) -> AttentionList {
    let a = &t.attention;
    let items = LINE_KINDS
        .iter()
        .map(|kind| match *kind {
            "knowledge_open" => case_item(kind, &a.knowledge_open, t.codes_shown),
            "consents_pending" => case_item(kind, &a.consents_pending, t.codes_shown),
            "overdue_actions" => case_item(kind, &a.overdue_actions, t.codes_shown),
            "stalled_cases" => case_item(kind, &a.stalled_cases, t.codes_shown),
            "meetings_behind_norm" => AttentionItem {
                bodies: a
                    .bodies_behind
                    .iter()
                    .map(|b| AttentionBody {
                        id: b.id.clone(),
                        name: b.name.clone(),
                        held: b.shortfall.held,
                        expected_by_now: b.shortfall.expected,
                        min_per_year: b.shortfall.min_per_year,
                    })
                    .collect(),
                ..plain_item(
                    kind,
                    u32::try_from(a.bodies_behind.len()).unwrap_or(u32::MAX),
                )
            },
            "contacts_waiting" => AttentionItem {
                new_public: Some(a.contacts_new_public),
                link_new_public: Some(NEW_PUBLIC_HREF.to_owned()),
                ..plain_item(kind, a.contacts_waiting)
            },
            _ => plain_item(kind, a.trainings_due),
        })
        .collect();
    AttentionList {
        date: t.today.to_iso(),
        nothing_urgent: a.nothing_urgent(),
        case_codes_shown: t.codes_shown,
        items,
    }
}

/// What needs the expert's attention today: counts, case codes (never a
/// name) and the page where the expert acts. Reading case codes is audited.
#[utoipa::path(get, path = "/api/v1/attention", tag = "attention",
    responses(
        (status = 200, body = AttentionList),
        (status = 401, body = crate::api::ApiError),
        (status = 403, description = "Only the expert", body = crate::api::ApiError),
    ))]
pub async fn get_attention(
    State(state): State<AppState>,
    s: CurrentSession,
) -> AppResult<Json<AttentionList>> {
    s.require(verbind_domain::policy::Action::ViewAttention)?;
    let t = dashboard::attention_today(&state, &s).await?;
    Ok(Json(list(&t)))
}
