//! Unanimous decisions on a case: a proposal, the partner organisations
//! present, one vote per organisation. Counting is the domain's
//! (`verbind_domain::case::decision::tally`); this file only stores.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::case::CaseRow;
use crate::models::data_key;
use crate::schema::{case_decision_present, case_decisions, case_votes};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_decisions)]
pub struct DecisionRow {
    pub id: String,
    pub tenant_id: String,
    pub case_id: String,
    pub kind: String,
    /// open, adopted (and used by its step), withdrawn.
    pub status: String,
    pub proposed_by_user_id: String,
    pub proposed_at: i64,
    pub closed_at: Option<i64>,
    pub reason_enc: Option<Vec<u8>>,
    /// The meeting at which it was put to the table (its attendance names
    /// the organisations present); `None` for decisions from before that rule.
    pub meeting_id: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = case_votes)]
pub struct VoteRow {
    pub decision_id: String,
    pub tenant_id: String,
    pub organisation_id: String,
    pub user_id: String,
    pub vote: String,
    pub at_ms: i64,
}

/// A proposal put to the table.
#[derive(Debug)]
pub struct Proposal<'a> {
    pub kind: &'a str,
    /// The meeting at which the decision is put to the table.
    pub meeting_id: &'a str,
    /// The partner organisations present, who must all agree.
    pub present: &'a [String],
    /// Why guidance is no longer enough (security-risk proposals).
    pub reason: Option<&'a str>,
    pub by_user: &'a str,
}

/// Opens a decision on `case` with the organisations present. The reason (for a
/// security-risk proposal) is sealed with the case key. `Conflict` while a
/// decision of the same kind is open on the case.
pub fn propose(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    p: &Proposal<'_>,
    now_ms: i64,
) -> StoreResult<DecisionRow> {
    let (kind, present, reason, by_user) = (p.kind, p.present, p.reason, p.by_user);
    // One open decision of a kind per case, and a proposal never replaces one
    // silently: the caller refuses (the rule is the domain's), this guards
    // against a race between two proposals.
    let open_of_kind: i64 = case_decisions::table
        .filter(case_decisions::tenant_id.eq(&case.tenant_id))
        .filter(case_decisions::case_id.eq(&case.id))
        .filter(case_decisions::kind.eq(kind))
        .filter(case_decisions::status.eq("open"))
        .count()
        .get_result(conn)?;
    if open_of_kind > 0 {
        return Err(StoreError::Conflict("a decision of this kind is open"));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let reason_enc = match reason {
        Some(r) => Some(data_key::open(conn, keyring, &case.data_key_id)?.seal_str(
            "case_decisions",
            "reason",
            &id,
            r,
        )?),
        None => None,
    };
    let row = DecisionRow {
        id: id.clone(),
        tenant_id: case.tenant_id.clone(),
        case_id: case.id.clone(),
        kind: kind.to_owned(),
        status: "open".into(),
        proposed_by_user_id: by_user.to_owned(),
        proposed_at: now_ms,
        closed_at: None,
        reason_enc,
        meeting_id: Some(p.meeting_id.to_owned()),
    };
    diesel::insert_into(case_decisions::table)
        .values(&row)
        .execute(conn)?;
    for org in present {
        diesel::insert_into(case_decision_present::table)
            .values((
                case_decision_present::decision_id.eq(&id),
                case_decision_present::tenant_id.eq(&case.tenant_id),
                case_decision_present::organisation_id.eq(org),
            ))
            .execute(conn)
            .map_err(|e| StoreError::conflict_on_unique(e, "organisation listed twice"))?;
    }
    Ok(row)
}

/// The open decisions of a case.
pub fn open_for_case(
    conn: &mut DbConn,
    tenant: &TenantId,
    case_id: &str,
) -> StoreResult<Vec<DecisionRow>> {
    Ok(case_decisions::table
        .filter(case_decisions::tenant_id.eq(tenant.as_str()))
        .filter(case_decisions::case_id.eq(case_id))
        .filter(case_decisions::status.eq("open"))
        .order(case_decisions::proposed_at.asc())
        .select(DecisionRow::as_select())
        .load(conn)?)
}

/// Every decision of a case, open, adopted and withdrawn, oldest first.
pub fn for_case(
    conn: &mut DbConn,
    tenant: &TenantId,
    case_id: &str,
) -> StoreResult<Vec<DecisionRow>> {
    Ok(case_decisions::table
        .filter(case_decisions::tenant_id.eq(tenant.as_str()))
        .filter(case_decisions::case_id.eq(case_id))
        .order((case_decisions::proposed_at.asc(), case_decisions::id.asc()))
        .select(DecisionRow::as_select())
        .load(conn)?)
}

/// Every decision put to one meeting, whatever became of it.
pub fn at_meeting(
    conn: &mut DbConn,
    tenant: &TenantId,
    meeting_id: &str,
) -> StoreResult<Vec<DecisionRow>> {
    Ok(case_decisions::table
        .filter(case_decisions::tenant_id.eq(tenant.as_str()))
        .filter(case_decisions::meeting_id.eq(meeting_id))
        .order((case_decisions::proposed_at.asc(), case_decisions::id.asc()))
        .select(DecisionRow::as_select())
        .load(conn)?)
}

/// Why guidance is no longer enough (a security-risk proposal), decrypted
/// with the case's key; `None` when the proposal holds no reason.
pub fn reason(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    d: &DecisionRow,
) -> StoreResult<Option<String>> {
    if d.case_id != case.id || d.tenant_id != case.tenant_id {
        return Err(StoreError::NotFound);
    }
    match &d.reason_enc {
        Some(blob) => Ok(Some(
            data_key::open(conn, keyring, &case.data_key_id)?.open_string(
                "case_decisions",
                "reason",
                &d.id,
                blob,
            )?,
        )),
        None => Ok(None),
    }
}

/// A decision of `tenant`; another tenant's is "not found".
pub fn find(conn: &mut DbConn, tenant: &TenantId, id: &str) -> StoreResult<DecisionRow> {
    case_decisions::table
        .filter(case_decisions::tenant_id.eq(tenant.as_str()))
        .filter(case_decisions::id.eq(id))
        .select(DecisionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

pub fn present(conn: &mut DbConn, decision_id: &str) -> StoreResult<Vec<String>> {
    Ok(case_decision_present::table
        .filter(case_decision_present::decision_id.eq(decision_id))
        .select(case_decision_present::organisation_id)
        .load(conn)?)
}

pub fn votes(conn: &mut DbConn, decision_id: &str) -> StoreResult<Vec<VoteRow>> {
    Ok(case_votes::table
        .filter(case_votes::decision_id.eq(decision_id))
        .select(VoteRow::as_select())
        .load(conn)?)
}

/// Withdraws an open decision; it stays on file with its votes.
/// `Conflict` when it is no longer open.
pub fn withdraw(conn: &mut DbConn, d: &DecisionRow, now_ms: i64) -> StoreResult<()> {
    let n = diesel::update(
        case_decisions::table
            .filter(case_decisions::tenant_id.eq(&d.tenant_id))
            .filter(case_decisions::id.eq(&d.id))
            .filter(case_decisions::status.eq("open")),
    )
    .set((
        case_decisions::status.eq("withdrawn"),
        case_decisions::closed_at.eq(Some(now_ms)),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::Conflict("decision is no longer open"));
    }
    Ok(())
}

/// Records (or changes) an organisation's vote on an open decision.
pub fn cast(
    conn: &mut DbConn,
    d: &DecisionRow,
    org: &str,
    user: &str,
    vote: &str,
    now_ms: i64,
) -> StoreResult<()> {
    if d.status != "open" {
        return Err(StoreError::Conflict("decision is no longer open"));
    }
    diesel::delete(
        case_votes::table
            .filter(case_votes::decision_id.eq(&d.id))
            .filter(case_votes::organisation_id.eq(org)),
    )
    .execute(conn)?;
    diesel::insert_into(case_votes::table)
        .values((
            case_votes::decision_id.eq(&d.id),
            case_votes::tenant_id.eq(&d.tenant_id),
            case_votes::organisation_id.eq(org),
            case_votes::user_id.eq(user),
            case_votes::vote.eq(vote),
            case_votes::at_ms.eq(now_ms),
        ))
        .execute(conn)?;
    Ok(())
}

/// Marks an open decision as adopted and used by its step.
pub fn mark_adopted(conn: &mut DbConn, d: &DecisionRow, now_ms: i64) -> StoreResult<()> {
    let n = diesel::update(
        case_decisions::table
            .filter(case_decisions::id.eq(&d.id))
            .filter(case_decisions::status.eq("open")),
    )
    .set((
        case_decisions::status.eq("adopted"),
        case_decisions::closed_at.eq(Some(now_ms)),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::Conflict("decision is no longer open"));
    }
    Ok(())
}
