//! "Te doen" on the dashboard: for a partner holding a seat at the
//! Partnertafel (the police included), what waits for its own organisation:
//! actions to answer (accept or refuse), votes to cast, the known /
//! followed-up check, feedback received lately and the meetings ahead with
//! their announced guests.
//!
//! Only cases the policy lets the user open are considered (the case list's
//! rule), each shown by its code with a link; nothing sealed is read. Like
//! the case list, reading it is audited once (how many cases, not which).

use verbind_domain::audit::AuditAction;
use verbind_domain::case::decision::{DecisionStatus, MeetingPhase, check_vote};
use verbind_domain::case::lifecycle::CaseState;
use verbind_domain::case::referral::LtfCheck;
use verbind_domain::case::work::{CaseWork, may_work};
use verbind_domain::policy::{
    CaseAction, MeetingAction, MeetingContext, decide_case, decide_meeting,
};
use verbind_domain::profile::BodyKind;
use verbind_domain::{Role, TenantId};
use verbind_store::models::todo as facts;
use verbind_store::models::{audit, body, case as cases, meeting as meetings};

use crate::cases::service::{context, table_organisations};
use crate::dashboard::CaseLink;
use crate::error::AppResult;
use crate::i18n::{Tr, format_datetime};
use crate::middleware::session::CurrentSession;
use crate::state::AppState;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// How far back received feedback is shown, and how far ahead meetings.
const WINDOW_MS: i64 = 30 * DAY_MS;

/// One line of "Te doen": what waits, and the cases by code.
#[derive(Debug, Clone)]
pub struct TodoLine {
    /// `actions`, `votes`, `knowledge` or `feedback`.
    pub kind: &'static str,
    pub title: String,
    pub cases: Vec<CaseLink>,
}

/// A meeting ahead of a body where the user holds a seat.
#[derive(Debug, Clone)]
pub struct TodoMeeting {
    pub href: String,
    pub body: String,
    pub when: String,
    pub guests: String,
}

/// The section of the dashboard.
#[derive(Debug, Clone)]
pub struct TodoSection {
    /// Only the lines with at least one case.
    pub lines: Vec<TodoLine>,
    pub meetings: Vec<TodoMeeting>,
    pub meetings_title: String,
    /// When the case policy hides the cases (the code of ethics not accepted).
    pub codes_hidden_note: Option<String>,
}

impl TodoSection {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.meetings.is_empty()
    }
}

/// What the store found, before words.
struct Found {
    actions: Vec<(String, String)>,
    votes: Vec<(String, String)>,
    knowledge: Vec<(String, String)>,
    feedback: Vec<(String, String)>,
    meetings: Vec<(String, String, i64, u32)>,
    cases_listed: bool,
}

fn push_unique(list: &mut Vec<(String, String)>, id: &str, code: &str) {
    if !list.iter().any(|(i, _)| i == id) {
        list.push((id.to_owned(), code.to_owned()));
    }
}

/// The section for a partner with a seat at a Partnertafel; `None` for
/// anyone else.
pub async fn section(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
) -> AppResult<Option<TodoSection>> {
    if s.role != Role::Partner || !s.role.can_see_case_data() {
        return Ok(None);
    }
    let now = state.now_ms();
    let s2 = s.clone();
    let found = state
        .read(move |c, _| {
            let ctx = context(c, &s2, None, false, false)?;
            if !ctx.holds_seat_at_case_table {
                return Ok(None);
            }
            let actor = s2.actor();
            let org = s2.organisation_id.as_str().to_owned();
            let tenant = &s2.tenant_id;
            let cases_listed = decide_case(&actor, tenant, CaseAction::List, &ctx).is_allowed();
            // The cases this user may open (the case list's rule), with
            // whether its organisation holds a seat at the case's table.
            let mut visible = Vec::new();
            if cases_listed {
                let mut tables: std::collections::HashMap<String, bool> =
                    std::collections::HashMap::new();
                for row in cases::list(c, tenant, &[])? {
                    let ctx = context(c, &s2, Some(&row), false, false)?;
                    if !decide_case(&actor, &row.tenant(), CaseAction::Open, &ctx).is_allowed() {
                        continue;
                    }
                    let at_table = match tables.get(&row.body_id) {
                        Some(b) => *b,
                        None => {
                            let b = table_organisations(c, tenant, &row.body_id)?.contains(&org);
                            tables.insert(row.body_id.clone(), b);
                            b
                        }
                    };
                    visible.push((row, at_table));
                }
            }
            let works = |row: &cases::CaseRow, w: CaseWork| {
                let phase = CaseState::parse(&row.state).unwrap_or(CaseState::Aangemeld);
                let ltf = LtfCheck::parse(&row.ltf_status).unwrap_or(LtfCheck::Pending);
                may_work(phase, ltf, w).is_ok()
            };
            let code_of = |id: &str| {
                visible
                    .iter()
                    .find(|(r, _)| r.id == id)
                    .map(|(r, _)| r.code.clone())
            };
            let ids_where = |w: CaseWork| -> Vec<String> {
                visible
                    .iter()
                    .filter(|(r, at)| *at && works(r, w))
                    .map(|(r, _)| r.id.clone())
                    .collect()
            };

            let mut f = Found {
                actions: Vec::new(),
                votes: Vec::new(),
                knowledge: Vec::new(),
                feedback: Vec::new(),
                meetings: Vec::new(),
                cases_listed,
            };
            let ids = ids_where(CaseWork::WorkOnAction);
            for id in facts::actions_not_answered(c, tenant, &org, &ids)? {
                if let Some(code) = code_of(&id) {
                    push_unique(&mut f.actions, &id, &code);
                }
            }
            let all: Vec<String> = visible.iter().map(|(r, _)| r.id.clone()).collect();
            for (id, meeting_id) in facts::decisions_not_voted(c, tenant, &org, &all)? {
                let (phase, started) = match meeting_id {
                    Some(mid) => match meetings::find(c, tenant, &mid) {
                        Ok(m) => (MeetingPhase::parse(&m.status), m.starts_at <= now),
                        Err(verbind_store::StoreError::NotFound) => (None, true),
                        Err(e) => return Err(e),
                    },
                    None => (None, true),
                };
                if check_vote(DecisionStatus::Open, phase, started).is_err() {
                    continue;
                }
                if let Some(code) = code_of(&id) {
                    push_unique(&mut f.votes, &id, &code);
                }
            }
            let ids = ids_where(CaseWork::AnswerKnowledge);
            let answered = facts::knowledge_answered(c, tenant, &org, &ids)?;
            for id in ids.iter().filter(|i| !answered.contains(i)) {
                if let Some(code) = code_of(id) {
                    push_unique(&mut f.knowledge, id, &code);
                }
            }
            for (id, _) in facts::feedback_received(c, tenant, &org, &all, now - WINDOW_MS)? {
                if let Some(code) = code_of(&id) {
                    push_unique(&mut f.feedback, &id, &code);
                }
            }

            // The meetings ahead of the bodies where this user holds a seat.
            let seats = body::seats_of_user(c, tenant, &s2.user_id)?;
            let mut names = Vec::new();
            for b in body::list(c, tenant)? {
                let Some(kind) = BodyKind::ALL.into_iter().find(|k| k.as_str() == b.kind) else {
                    continue;
                };
                if kind == BodyKind::Netwerk || !seats.iter().any(|seat| seat.body_id == b.id) {
                    continue;
                }
                let mctx = MeetingContext {
                    body_kind: kind,
                    holds_seat_at_body: true,
                    is_guest: false,
                };
                let t = TenantId::from_db(b.tenant_id.clone());
                if decide_meeting(&actor, &t, MeetingAction::View, &mctx).is_allowed() {
                    names.push((b.id, b.name));
                }
            }
            let body_ids: Vec<String> = names.iter().map(|(id, _)| id.clone()).collect();
            for m in facts::upcoming_meetings(c, tenant, &body_ids, now, now + WINDOW_MS)? {
                let name = names
                    .iter()
                    .find(|(id, _)| *id == m.body_id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
                f.meetings.push((m.id, name, m.starts_at, m.guests));
            }
            Ok(Some(f))
        })
        .await?;
    let Some(f) = found else {
        return Ok(None);
    };

    // Case codes were read: audited once, like the case list (how many, not which).
    let mut ids: Vec<&String> = [&f.actions, &f.votes, &f.knowledge, &f.feedback]
        .into_iter()
        .flatten()
        .map(|(id, _)| id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let n = ids.len();
    if n > 0 {
        let s3 = s.clone();
        state
            .write(move |c, _| {
                audit::append(
                    c,
                    now,
                    &audit::NewEntry::new(AuditAction::CaseListViewed, "ok")
                        .tenant(&s3.tenant_id)
                        .actor(s3.user_id.as_str(), s3.organisation_id.as_str())
                        .detail(format!("via=todo cases={n}")),
                )
                .map(|_| ())
            })
            .await?;
    }

    let line = |kind: &'static str, key: &str, list: &[(String, String)], path: &str| {
        (!list.is_empty()).then(|| TodoLine {
            kind,
            title: tr.t(key),
            cases: list
                .iter()
                .map(|(id, code)| CaseLink {
                    code: code.clone(),
                    href: format!("/casussen/{id}{path}"),
                })
                .collect(),
        })
    };
    let lines: Vec<TodoLine> = [
        line("actions", "todo-actions", &f.actions, "/traject"),
        line("votes", "todo-votes", &f.votes, ""),
        line("knowledge", "todo-knowledge", &f.knowledge, ""),
        line("feedback", "todo-feedback", &f.feedback, "/terugkoppeling"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let meetings = f
        .meetings
        .into_iter()
        .map(|(id, body, starts_at, guests)| TodoMeeting {
            href: format!("/vergaderingen/{id}"),
            body,
            when: format_datetime(starts_at),
            guests: match guests {
                0 => tr.t("todo-guests-none"),
                1 => tr.t("todo-guests-one"),
                n => tr.t_args("todo-guests-many", &[("count", n.to_string())]),
            },
        })
        .collect();
    Ok(Some(TodoSection {
        lines,
        meetings,
        meetings_title: tr.t("todo-meetings"),
        codes_hidden_note: (!f.cases_listed).then(|| tr.t("todo-codes-hidden")),
    }))
}
