//! The facts behind a partner's "Te doen" on the dashboard: for one
//! organisation, among cases the caller already chose (those the policy lets
//! the user open), what still waits for that organisation. Only columns in
//! clear are read (ids, codes, statuses, times); nothing sealed is selected.

use std::collections::HashMap;

use diesel::prelude::*;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::StoreResult;
use crate::schema::{
    case_action_acceptances, case_actions, case_decision_present, case_decisions, case_feedback,
    case_knowledge, case_votes, meeting_guests, meetings,
};

/// The cases of `case_ids` with an open action that `org` has not answered
/// yet (neither accepted nor refused it).
pub fn actions_not_answered(
    conn: &mut DbConn,
    tenant: &TenantId,
    org: &str,
    case_ids: &[String],
) -> StoreResult<Vec<String>> {
    if case_ids.is_empty() {
        return Ok(Vec::new());
    }
    let answered = case_action_acceptances::table
        .filter(case_action_acceptances::tenant_id.eq(tenant.as_str()))
        .filter(case_action_acceptances::organisation_id.eq(org.to_owned()))
        .select(case_action_acceptances::action_id);
    let mut out: Vec<String> = case_actions::table
        .filter(case_actions::tenant_id.eq(tenant.as_str()))
        .filter(case_actions::case_id.eq_any(case_ids))
        .filter(case_actions::status.eq("open"))
        .filter(case_actions::id.ne_all(answered))
        .select(case_actions::case_id)
        .load(conn)?;
    out.sort();
    out.dedup();
    Ok(out)
}

/// The open decisions on `case_ids` where `org` is among the organisations
/// present and has not voted: (case id, meeting id).
pub fn decisions_not_voted(
    conn: &mut DbConn,
    tenant: &TenantId,
    org: &str,
    case_ids: &[String],
) -> StoreResult<Vec<(String, Option<String>)>> {
    if case_ids.is_empty() {
        return Ok(Vec::new());
    }
    let present = case_decision_present::table
        .filter(case_decision_present::organisation_id.eq(org.to_owned()))
        .select(case_decision_present::decision_id);
    let voted = case_votes::table
        .filter(case_votes::organisation_id.eq(org.to_owned()))
        .select(case_votes::decision_id);
    Ok(case_decisions::table
        .filter(case_decisions::tenant_id.eq(tenant.as_str()))
        .filter(case_decisions::case_id.eq_any(case_ids))
        .filter(case_decisions::status.eq("open"))
        .filter(case_decisions::id.eq_any(present))
        .filter(case_decisions::id.ne_all(voted))
        .order((case_decisions::proposed_at.asc(), case_decisions::id.asc()))
        .select((case_decisions::case_id, case_decisions::meeting_id))
        .load(conn)?)
}

/// The cases of `case_ids` where `org` answered the known / followed-up check.
pub fn knowledge_answered(
    conn: &mut DbConn,
    tenant: &TenantId,
    org: &str,
    case_ids: &[String],
) -> StoreResult<Vec<String>> {
    if case_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(case_knowledge::table
        .filter(case_knowledge::tenant_id.eq(tenant.as_str()))
        .filter(case_knowledge::organisation_id.eq(org))
        .filter(case_knowledge::case_id.eq_any(case_ids))
        .select(case_knowledge::case_id)
        .load(conn)?)
}

/// How many feedback messages `org` received per case of `case_ids` since
/// `since_ms`: (case id, count), by case id.
pub fn feedback_received(
    conn: &mut DbConn,
    tenant: &TenantId,
    org: &str,
    case_ids: &[String],
    since_ms: i64,
) -> StoreResult<Vec<(String, u32)>> {
    if case_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<String> = case_feedback::table
        .filter(case_feedback::tenant_id.eq(tenant.as_str()))
        .filter(case_feedback::recipient_org_id.eq(org))
        .filter(case_feedback::case_id.eq_any(case_ids))
        .filter(case_feedback::created_at.ge(since_ms))
        .select(case_feedback::case_id)
        .load(conn)?;
    let mut counts: HashMap<String, u32> = HashMap::new();
    for id in rows {
        *counts.entry(id).or_default() += 1;
    }
    let mut out: Vec<(String, u32)> = counts.into_iter().collect();
    out.sort();
    Ok(out)
}

/// A planned meeting ahead, with how many guests were invited to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpcomingMeeting {
    pub id: String,
    pub body_id: String,
    pub starts_at: i64,
    pub guests: u32,
}

/// The planned meetings of `body_ids` sitting at `from_ms` or starting
/// before `to_ms`, earliest first, with their number of invited guests.
pub fn upcoming_meetings(
    conn: &mut DbConn,
    tenant: &TenantId,
    body_ids: &[String],
    from_ms: i64,
    to_ms: i64,
) -> StoreResult<Vec<UpcomingMeeting>> {
    if body_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String, i64)> = meetings::table
        .filter(meetings::tenant_id.eq(tenant.as_str()))
        .filter(meetings::body_id.eq_any(body_ids))
        .filter(meetings::status.eq("planned"))
        // Coming, or sitting now (not ended yet).
        .filter(meetings::ends_at.ge(from_ms))
        .filter(meetings::starts_at.lt(to_ms))
        .order((meetings::starts_at.asc(), meetings::id.asc()))
        .select((meetings::id, meetings::body_id, meetings::starts_at))
        .load(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, body_id, starts_at) in rows {
        let n: i64 = meeting_guests::table
            .filter(meeting_guests::tenant_id.eq(tenant.as_str()))
            .filter(meeting_guests::meeting_id.eq(&id))
            .count()
            .get_result(conn)?;
        out.push(UpcomingMeeting {
            id,
            body_id,
            starts_at,
            guests: u32::try_from(n).unwrap_or(u32::MAX),
        });
    }
    Ok(out)
}
