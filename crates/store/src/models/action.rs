//! Actions of a case's follow-up trajectory and the answer of each
//! organisation at the table (accepted, or refused with a reason). Whether an
//! action has started is the domain's rule (`verbind_domain::case::trajectory`);
//! description, result and refusal reasons are sealed, and so are the notes
//! of the table's evaluations per meeting.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;
use verbind_domain::case::trajectory::Answer;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::case::CaseRow;
use crate::models::data_key;
use crate::schema::{case_action_acceptances, case_action_evaluations, case_actions};

const TABLE: &str = "case_actions";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_actions)]
pub struct ActionRow {
    pub id: String,
    pub tenant_id: String,
    pub case_id: String,
    pub responsible_org_id: String,
    pub description_enc: Vec<u8>,
    /// ISO date.
    pub due_date: String,
    /// open, done or cancelled (whether an open action started follows from acceptances).
    pub status: String,
    pub result_enc: Option<Vec<u8>>,
    pub created_by_user_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A new action of the trajectory.
#[derive(Debug)]
pub struct NewAction<'a> {
    pub responsible_org: &'a str,
    pub description: &'a str,
    /// ISO date.
    pub due_iso: &'a str,
    pub by_user: &'a str,
}

pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    new: &NewAction<'_>,
    now_ms: i64,
) -> StoreResult<ActionRow> {
    let (responsible_org, description, due_iso, by_user) = (
        new.responsible_org,
        new.description,
        new.due_iso,
        new.by_user,
    );
    let key = data_key::open(conn, keyring, &case.data_key_id)?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = ActionRow {
        description_enc: key.seal_str(TABLE, "description", &id, description)?,
        id,
        tenant_id: case.tenant_id.clone(),
        case_id: case.id.clone(),
        responsible_org_id: responsible_org.to_owned(),
        due_date: due_iso.to_owned(),
        status: "open".into(),
        result_enc: None,
        created_by_user_id: by_user.to_owned(),
        created_at: now_ms,
        updated_at: now_ms,
    };
    diesel::insert_into(case_actions::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn list(conn: &mut DbConn, tenant: &TenantId, case_id: &str) -> StoreResult<Vec<ActionRow>> {
    Ok(case_actions::table
        .filter(case_actions::tenant_id.eq(tenant.as_str()))
        .filter(case_actions::case_id.eq(case_id))
        .order(case_actions::due_date.asc())
        .select(ActionRow::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConn, tenant: &TenantId, id: &str) -> StoreResult<ActionRow> {
    case_actions::table
        .filter(case_actions::tenant_id.eq(tenant.as_str()))
        .filter(case_actions::id.eq(id))
        .select(ActionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// Description and result, decrypted.
pub fn texts(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    a: &ActionRow,
) -> StoreResult<(String, Option<String>)> {
    let key = data_key::open(conn, keyring, &case.data_key_id)?;
    let description = key.open_string(TABLE, "description", &a.id, &a.description_enc)?;
    let result = a
        .result_enc
        .as_ref()
        .map(|b| key.open_string(TABLE, "result", &a.id, b))
        .transpose()?;
    Ok((description, result))
}

/// The table of the organisations' answers (`case_action_acceptances`:
/// one row per organisation and action, the latest answer).
const ANSWERS: &str = "case_action_acceptances";

/// The row id a refusal reason is sealed for: the action and the organisation.
fn answer_row_id(action_id: &str, org: &str) -> String {
    format!("{action_id}:{org}")
}

/// The answers given to an action: (organisation id, answer), oldest first.
/// Reads only columns in clear.
pub fn answers(conn: &mut DbConn, a: &ActionRow) -> StoreResult<Vec<(String, Answer)>> {
    let rows: Vec<(String, String)> = case_action_acceptances::table
        .filter(case_action_acceptances::tenant_id.eq(&a.tenant_id))
        .filter(case_action_acceptances::action_id.eq(&a.id))
        .order((
            case_action_acceptances::answered_at.asc(),
            case_action_acceptances::organisation_id.asc(),
        ))
        .select((
            case_action_acceptances::organisation_id,
            case_action_acceptances::answer,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(org, code)| {
            let answer = Answer::parse(&code)
                .ok_or_else(|| StoreError::Invalid("unknown action answer".into()))?;
            Ok((org, answer))
        })
        .collect()
}

/// The refusals of an action with their reasons opened: (organisation id,
/// reason), oldest first.
pub fn refusals(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    a: &ActionRow,
) -> StoreResult<Vec<(String, String)>> {
    let rows: Vec<(String, Option<Vec<u8>>)> = case_action_acceptances::table
        .filter(case_action_acceptances::tenant_id.eq(&a.tenant_id))
        .filter(case_action_acceptances::action_id.eq(&a.id))
        .filter(case_action_acceptances::answer.eq(Answer::Refused.code()))
        .order((
            case_action_acceptances::answered_at.asc(),
            case_action_acceptances::organisation_id.asc(),
        ))
        .select((
            case_action_acceptances::organisation_id,
            case_action_acceptances::reason_enc,
        ))
        .load(conn)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let key = data_key::open(conn, keyring, &case.data_key_id)?;
    rows.into_iter()
        .map(|(org, blob)| {
            let blob = blob.ok_or_else(|| StoreError::Invalid("refusal without reason".into()))?;
            let reason = key.open_string(ANSWERS, "reason", &answer_row_id(&a.id, &org), &blob)?;
            Ok((org, reason))
        })
        .collect()
}

/// Records `org`'s answer, replacing an earlier one; `reason` is sealed.
fn record_answer(
    conn: &mut DbConn,
    a: &ActionRow,
    org: &str,
    user: &str,
    answer: Answer,
    reason_enc: Option<Vec<u8>>,
    now_ms: i64,
) -> StoreResult<()> {
    diesel::delete(
        case_action_acceptances::table
            .filter(case_action_acceptances::tenant_id.eq(&a.tenant_id))
            .filter(case_action_acceptances::action_id.eq(&a.id))
            .filter(case_action_acceptances::organisation_id.eq(org)),
    )
    .execute(conn)?;
    diesel::insert_into(case_action_acceptances::table)
        .values((
            case_action_acceptances::action_id.eq(&a.id),
            case_action_acceptances::tenant_id.eq(&a.tenant_id),
            case_action_acceptances::organisation_id.eq(org),
            case_action_acceptances::user_id.eq(user),
            case_action_acceptances::answered_at.eq(now_ms),
            case_action_acceptances::answer.eq(answer.code()),
            case_action_acceptances::reason_enc.eq(reason_enc),
        ))
        .execute(conn)
        .map_err(|e| StoreError::conflict_on_unique(e, "answered meanwhile"))?;
    Ok(())
}

/// Records that `org` accepts the action, replacing a refusal it gave
/// earlier (idempotent: an acceptance stays as it was).
pub fn accept(
    conn: &mut DbConn,
    a: &ActionRow,
    org: &str,
    user: &str,
    now_ms: i64,
) -> StoreResult<()> {
    if answers(conn, a)?
        .iter()
        .any(|(o, answer)| o == org && *answer == Answer::Accepted)
    {
        return Ok(());
    }
    record_answer(conn, a, org, user, Answer::Accepted, None, now_ms)
}

/// An organisation's refusal of an action, with its reason (no `Debug`: the
/// reason is personal data and must not reach a log).
pub struct NewRefusal<'a> {
    pub org: &'a str,
    pub by_user: &'a str,
    pub reason: &'a str,
}

/// Records that an organisation refuses the action with a reason (sealed
/// with the case's key), replacing its earlier answer. The caller checks the
/// rules (`verbind_domain::case::trajectory::may_refuse`).
pub fn refuse(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    a: &ActionRow,
    r: &NewRefusal<'_>,
    now_ms: i64,
) -> StoreResult<()> {
    let sealed = data_key::open(conn, keyring, &case.data_key_id)?.seal_str(
        ANSWERS,
        "reason",
        &answer_row_id(&a.id, r.org),
        r.reason,
    )?;
    record_answer(
        conn,
        a,
        r.org,
        r.by_user,
        Answer::Refused,
        Some(sealed),
        now_ms,
    )
}

/// Marks an action done with its result (sealed).
pub fn finish(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    a: &ActionRow,
    result: &str,
    now_ms: i64,
) -> StoreResult<()> {
    let sealed = data_key::open(conn, keyring, &case.data_key_id)?
        .seal_str(TABLE, "result", &a.id, result)?;
    diesel::update(case_actions::table.find(&a.id))
        .set((
            case_actions::status.eq("done"),
            case_actions::result_enc.eq(Some(sealed)),
            case_actions::updated_at.eq(now_ms),
        ))
        .execute(conn)?;
    Ok(())
}

/// An evaluation of an action at a meeting; the note is sealed.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = case_action_evaluations)]
pub struct EvaluationRow {
    pub id: String,
    pub tenant_id: String,
    pub case_id: String,
    pub action_id: String,
    pub meeting_id: String,
    pub verdict: String,
    pub note_enc: Vec<u8>,
    pub by_user_id: String,
    pub at_ms: i64,
}

/// A new evaluation (the caller checks the rules).
#[derive(Debug)]
pub struct NewEvaluation<'a> {
    pub meeting_id: &'a str,
    pub verdict: &'a str,
    pub note: &'a str,
    pub by_user: &'a str,
}

const EVALUATIONS: &str = "case_action_evaluations";

/// Records the table's evaluation of action `a` at a meeting, replacing an
/// earlier one of the same meeting; a `stop` verdict stops the action.
pub fn evaluate(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    a: &ActionRow,
    new: &NewEvaluation<'_>,
    now_ms: i64,
) -> StoreResult<()> {
    diesel::delete(
        case_action_evaluations::table
            .filter(case_action_evaluations::tenant_id.eq(&case.tenant_id))
            .filter(case_action_evaluations::action_id.eq(&a.id))
            .filter(case_action_evaluations::meeting_id.eq(new.meeting_id)),
    )
    .execute(conn)?;
    let id = uuid::Uuid::new_v4().to_string();
    let note = data_key::open(conn, keyring, &case.data_key_id)?.seal_str(
        EVALUATIONS,
        "note",
        &id,
        new.note,
    )?;
    diesel::insert_into(case_action_evaluations::table)
        .values((
            case_action_evaluations::id.eq(&id),
            case_action_evaluations::tenant_id.eq(&case.tenant_id),
            case_action_evaluations::case_id.eq(&case.id),
            case_action_evaluations::action_id.eq(&a.id),
            case_action_evaluations::meeting_id.eq(new.meeting_id),
            case_action_evaluations::verdict.eq(new.verdict),
            case_action_evaluations::note_enc.eq(note),
            case_action_evaluations::by_user_id.eq(new.by_user),
            case_action_evaluations::at_ms.eq(now_ms),
        ))
        .execute(conn)
        .map_err(|e| StoreError::conflict_on_unique(e, "evaluated meanwhile"))?;
    if new.verdict == "stop" {
        diesel::update(case_actions::table.find(&a.id))
            .set((
                case_actions::status.eq("cancelled"),
                case_actions::updated_at.eq(now_ms),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The evaluations of action `a`, oldest first, with their notes opened.
pub fn evaluations(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    a: &ActionRow,
) -> StoreResult<Vec<(EvaluationRow, String)>> {
    let rows: Vec<EvaluationRow> = case_action_evaluations::table
        .filter(case_action_evaluations::tenant_id.eq(&case.tenant_id))
        .filter(case_action_evaluations::action_id.eq(&a.id))
        .order((
            case_action_evaluations::at_ms.asc(),
            case_action_evaluations::id.asc(),
        ))
        .select(EvaluationRow::as_select())
        .load(conn)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let key = data_key::open(conn, keyring, &case.data_key_id)?;
    rows.into_iter()
        .map(|r| {
            let note = key.open_string(EVALUATIONS, "note", &r.id, &r.note_enc)?;
            Ok((r, note))
        })
        .collect()
}
