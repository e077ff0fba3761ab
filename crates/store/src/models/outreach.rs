//! The working group on polarisation (its scope in phases, its signals to
//! the city board) and the silent middle (advice trajectories for local
//! organisations and page admins, the city's counter-messages). Each record
//! has its own data key; every free-text field is sealed with it; codes and
//! dates stay plain. The caller asks the policy and audits.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::data_key::{self, OpenKey};
use crate::schema::{advice_trajectories, board_signals, counter_messages, working_group_phases};

fn seal_opt(
    key: &OpenKey,
    table: &str,
    column: &str,
    id: &str,
    v: Option<&str>,
) -> StoreResult<Option<Vec<u8>>> {
    v.map(|t| key.seal_str(table, column, id, t)).transpose()
}

fn open_opt(
    key: &OpenKey,
    table: &str,
    column: &str,
    id: &str,
    b: &Option<Vec<u8>>,
) -> StoreResult<Option<String>> {
    b.as_ref()
        .map(|b| key.open_string(table, column, id, b))
        .transpose()
}

/// Declares a `Debug` that shows nothing of the opened text.
macro_rules! hidden_debug {
    ($name:ident) => {
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($name), "(..)"))
            }
        }
    };
}

// ------------------------------------------------------------ phases

const PHASES: &str = "working_group_phases";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = working_group_phases)]
pub struct PhaseRow {
    pub id: String,
    pub tenant_id: String,
    pub body_id: String,
    pub data_key_id: String,
    pub phase: i32,
    /// ISO date.
    pub starts_on: String,
    pub scope_enc: Vec<u8>,
    pub note_enc: Option<Vec<u8>>,
    pub recorded_by_user_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A phase's sealed fields, opened.
#[derive(Clone, PartialEq, Eq)]
pub struct PhaseText {
    pub scope: String,
    pub note: Option<String>,
}
hidden_debug!(PhaseText);

/// A phase as the caller parsed it.
#[derive(Debug)]
pub struct PhaseFields<'a> {
    pub phase: i32,
    /// ISO date.
    pub starts_on: &'a str,
    pub scope: &'a str,
    pub note: Option<&'a str>,
}

pub fn create_phase(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    body_id: &str,
    f: &PhaseFields<'_>,
    by_user: &str,
    now_ms: i64,
) -> StoreResult<PhaseRow> {
    let key = data_key::create(
        conn,
        keyring,
        tenant.as_str(),
        "working_group_phase",
        now_ms,
    )?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = PhaseRow {
        scope_enc: key.seal_str(PHASES, "scope", &id, f.scope)?,
        note_enc: seal_opt(&key, PHASES, "note", &id, f.note)?,
        id,
        tenant_id: tenant.as_str().to_owned(),
        body_id: body_id.to_owned(),
        data_key_id: key.id.to_string(),
        phase: f.phase,
        starts_on: f.starts_on.to_owned(),
        recorded_by_user_id: by_user.to_owned(),
        created_at: now_ms,
        updated_at: now_ms,
    };
    diesel::insert_into(working_group_phases::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn update_phase(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &PhaseRow,
    f: &PhaseFields<'_>,
    now_ms: i64,
) -> StoreResult<()> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    let id = &row.id;
    diesel::update(
        working_group_phases::table
            .filter(working_group_phases::tenant_id.eq(&row.tenant_id))
            .filter(working_group_phases::id.eq(id)),
    )
    .set((
        working_group_phases::phase.eq(f.phase),
        working_group_phases::starts_on.eq(f.starts_on),
        working_group_phases::scope_enc.eq(key.seal_str(PHASES, "scope", id, f.scope)?),
        working_group_phases::note_enc.eq(seal_opt(&key, PHASES, "note", id, f.note)?),
        working_group_phases::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    Ok(())
}

pub fn find_phase(conn: &mut DbConn, tenant: &TenantId, id: &str) -> StoreResult<PhaseRow> {
    working_group_phases::table
        .filter(working_group_phases::tenant_id.eq(tenant.as_str()))
        .filter(working_group_phases::id.eq(id))
        .select(PhaseRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The phases of one working group, in order.
pub fn phases(conn: &mut DbConn, tenant: &TenantId, body_id: &str) -> StoreResult<Vec<PhaseRow>> {
    Ok(working_group_phases::table
        .filter(working_group_phases::tenant_id.eq(tenant.as_str()))
        .filter(working_group_phases::body_id.eq(body_id))
        .order(working_group_phases::phase.asc())
        .select(PhaseRow::as_select())
        .load(conn)?)
}

pub fn open_phase(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &PhaseRow,
) -> StoreResult<PhaseText> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    Ok(PhaseText {
        scope: key.open_string(PHASES, "scope", &row.id, &row.scope_enc)?,
        note: open_opt(&key, PHASES, "note", &row.id, &row.note_enc)?,
    })
}

// ------------------------------------------------------------ board signals

const SIGNALS: &str = "board_signals";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = board_signals)]
pub struct BoardSignalRow {
    pub id: String,
    pub tenant_id: String,
    pub body_id: String,
    pub data_key_id: String,
    /// ISO date.
    pub sent_on: String,
    pub subject_enc: Vec<u8>,
    pub summary_enc: Vec<u8>,
    pub addressee_enc: Vec<u8>,
    pub answer_enc: Option<Vec<u8>>,
    /// ISO date.
    pub answered_on: Option<String>,
    pub recorded_by_user_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A board signal's sealed fields, opened.
#[derive(Clone, PartialEq, Eq)]
pub struct BoardSignalText {
    pub subject: String,
    pub summary: String,
    pub addressee: String,
    pub answer: Option<String>,
}
hidden_debug!(BoardSignalText);

#[derive(Debug)]
pub struct BoardSignalFields<'a> {
    /// ISO date.
    pub sent_on: &'a str,
    pub subject: &'a str,
    pub summary: &'a str,
    pub addressee: &'a str,
    pub answer: Option<&'a str>,
    /// ISO date.
    pub answered_on: Option<&'a str>,
}

pub fn create_board_signal(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    body_id: &str,
    f: &BoardSignalFields<'_>,
    by_user: &str,
    now_ms: i64,
) -> StoreResult<BoardSignalRow> {
    let key = data_key::create(conn, keyring, tenant.as_str(), "board_signal", now_ms)?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = BoardSignalRow {
        subject_enc: key.seal_str(SIGNALS, "subject", &id, f.subject)?,
        summary_enc: key.seal_str(SIGNALS, "summary", &id, f.summary)?,
        addressee_enc: key.seal_str(SIGNALS, "addressee", &id, f.addressee)?,
        answer_enc: seal_opt(&key, SIGNALS, "answer", &id, f.answer)?,
        id,
        tenant_id: tenant.as_str().to_owned(),
        body_id: body_id.to_owned(),
        data_key_id: key.id.to_string(),
        sent_on: f.sent_on.to_owned(),
        answered_on: f.answered_on.map(str::to_owned),
        recorded_by_user_id: by_user.to_owned(),
        created_at: now_ms,
        updated_at: now_ms,
    };
    diesel::insert_into(board_signals::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn update_board_signal(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &BoardSignalRow,
    f: &BoardSignalFields<'_>,
    now_ms: i64,
) -> StoreResult<()> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    let id = &row.id;
    diesel::update(
        board_signals::table
            .filter(board_signals::tenant_id.eq(&row.tenant_id))
            .filter(board_signals::id.eq(id)),
    )
    .set((
        board_signals::sent_on.eq(f.sent_on),
        board_signals::subject_enc.eq(key.seal_str(SIGNALS, "subject", id, f.subject)?),
        board_signals::summary_enc.eq(key.seal_str(SIGNALS, "summary", id, f.summary)?),
        board_signals::addressee_enc.eq(key.seal_str(SIGNALS, "addressee", id, f.addressee)?),
        board_signals::answer_enc.eq(seal_opt(&key, SIGNALS, "answer", id, f.answer)?),
        board_signals::answered_on.eq(f.answered_on),
        board_signals::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    Ok(())
}

pub fn find_board_signal(
    conn: &mut DbConn,
    tenant: &TenantId,
    id: &str,
) -> StoreResult<BoardSignalRow> {
    board_signals::table
        .filter(board_signals::tenant_id.eq(tenant.as_str()))
        .filter(board_signals::id.eq(id))
        .select(BoardSignalRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The signals of one working group, latest first.
pub fn board_signals(
    conn: &mut DbConn,
    tenant: &TenantId,
    body_id: &str,
) -> StoreResult<Vec<BoardSignalRow>> {
    Ok(board_signals::table
        .filter(board_signals::tenant_id.eq(tenant.as_str()))
        .filter(board_signals::body_id.eq(body_id))
        .order((
            board_signals::sent_on.desc(),
            board_signals::created_at.desc(),
        ))
        .select(BoardSignalRow::as_select())
        .load(conn)?)
}

pub fn open_board_signal(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &BoardSignalRow,
) -> StoreResult<BoardSignalText> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    let id = &row.id;
    Ok(BoardSignalText {
        subject: key.open_string(SIGNALS, "subject", id, &row.subject_enc)?,
        summary: key.open_string(SIGNALS, "summary", id, &row.summary_enc)?,
        addressee: key.open_string(SIGNALS, "addressee", id, &row.addressee_enc)?,
        answer: open_opt(&key, SIGNALS, "answer", id, &row.answer_enc)?,
    })
}

// ------------------------------------------------------------ advice trajectories

const ADVICE: &str = "advice_trajectories";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = advice_trajectories)]
pub struct AdviceRow {
    pub id: String,
    pub tenant_id: String,
    pub data_key_id: String,
    pub recipient_kind: String,
    pub recipient_enc: Vec<u8>,
    pub platform: String,
    pub question_enc: Vec<u8>,
    pub advice_enc: Option<Vec<u8>>,
    pub support_enc: Option<Vec<u8>>,
    /// ISO date.
    pub started_on: String,
    /// ISO date.
    pub follow_up_on: Option<String>,
    pub status: String,
    pub created_by_user_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// An advice trajectory's sealed fields, opened.
#[derive(Clone, PartialEq, Eq)]
pub struct AdviceText {
    pub recipient: String,
    pub question: String,
    pub advice: Option<String>,
    pub support: Option<String>,
}
hidden_debug!(AdviceText);

#[derive(Debug)]
pub struct AdviceFields<'a> {
    pub recipient_kind: &'a str,
    pub recipient: &'a str,
    pub platform: &'a str,
    pub question: &'a str,
    pub advice: Option<&'a str>,
    pub support: Option<&'a str>,
    /// ISO date.
    pub started_on: &'a str,
    /// ISO date.
    pub follow_up_on: Option<&'a str>,
    pub status: &'a str,
}

pub fn create_advice(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    f: &AdviceFields<'_>,
    by_user: &str,
    now_ms: i64,
) -> StoreResult<AdviceRow> {
    let key = data_key::create(conn, keyring, tenant.as_str(), "advice_trajectory", now_ms)?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = AdviceRow {
        recipient_enc: key.seal_str(ADVICE, "recipient", &id, f.recipient)?,
        question_enc: key.seal_str(ADVICE, "question", &id, f.question)?,
        advice_enc: seal_opt(&key, ADVICE, "advice", &id, f.advice)?,
        support_enc: seal_opt(&key, ADVICE, "support", &id, f.support)?,
        id,
        tenant_id: tenant.as_str().to_owned(),
        data_key_id: key.id.to_string(),
        recipient_kind: f.recipient_kind.to_owned(),
        platform: f.platform.to_owned(),
        started_on: f.started_on.to_owned(),
        follow_up_on: f.follow_up_on.map(str::to_owned),
        status: f.status.to_owned(),
        created_by_user_id: by_user.to_owned(),
        created_at: now_ms,
        updated_at: now_ms,
    };
    diesel::insert_into(advice_trajectories::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn update_advice(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &AdviceRow,
    f: &AdviceFields<'_>,
    now_ms: i64,
) -> StoreResult<()> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    let id = &row.id;
    diesel::update(
        advice_trajectories::table
            .filter(advice_trajectories::tenant_id.eq(&row.tenant_id))
            .filter(advice_trajectories::id.eq(id)),
    )
    .set((
        advice_trajectories::recipient_kind.eq(f.recipient_kind),
        advice_trajectories::recipient_enc.eq(key.seal_str(
            ADVICE,
            "recipient",
            id,
            f.recipient,
        )?),
        advice_trajectories::platform.eq(f.platform),
        advice_trajectories::question_enc.eq(key.seal_str(ADVICE, "question", id, f.question)?),
        advice_trajectories::advice_enc.eq(seal_opt(&key, ADVICE, "advice", id, f.advice)?),
        advice_trajectories::support_enc.eq(seal_opt(&key, ADVICE, "support", id, f.support)?),
        advice_trajectories::started_on.eq(f.started_on),
        advice_trajectories::follow_up_on.eq(f.follow_up_on),
        advice_trajectories::status.eq(f.status),
        advice_trajectories::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    Ok(())
}

pub fn find_advice(conn: &mut DbConn, tenant: &TenantId, id: &str) -> StoreResult<AdviceRow> {
    advice_trajectories::table
        .filter(advice_trajectories::tenant_id.eq(tenant.as_str()))
        .filter(advice_trajectories::id.eq(id))
        .select(AdviceRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The tenant's advice trajectories, latest first.
pub fn list_advice(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<AdviceRow>> {
    Ok(advice_trajectories::table
        .filter(advice_trajectories::tenant_id.eq(tenant.as_str()))
        .order((
            advice_trajectories::started_on.desc(),
            advice_trajectories::created_at.desc(),
        ))
        .select(AdviceRow::as_select())
        .load(conn)?)
}

pub fn open_advice(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &AdviceRow,
) -> StoreResult<AdviceText> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    let id = &row.id;
    Ok(AdviceText {
        recipient: key.open_string(ADVICE, "recipient", id, &row.recipient_enc)?,
        question: key.open_string(ADVICE, "question", id, &row.question_enc)?,
        advice: open_opt(&key, ADVICE, "advice", id, &row.advice_enc)?,
        support: open_opt(&key, ADVICE, "support", id, &row.support_enc)?,
    })
}

// ------------------------------------------------------------ counter-messages

const COUNTER: &str = "counter_messages";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = counter_messages)]
pub struct CounterMessageRow {
    pub id: String,
    pub tenant_id: String,
    pub data_key_id: String,
    /// ISO date.
    pub published_on: String,
    pub channel: String,
    pub theme: String,
    pub title_enc: Vec<u8>,
    pub description_enc: Vec<u8>,
    pub reach: Option<i32>,
    pub created_by_user_id: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A counter-message's sealed fields, opened.
#[derive(Clone, PartialEq, Eq)]
pub struct CounterMessageText {
    pub title: String,
    pub description: String,
}
hidden_debug!(CounterMessageText);

#[derive(Debug)]
pub struct CounterMessageFields<'a> {
    /// ISO date.
    pub published_on: &'a str,
    pub channel: &'a str,
    pub theme: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub reach: Option<i32>,
}

pub fn create_counter_message(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    f: &CounterMessageFields<'_>,
    by_user: &str,
    now_ms: i64,
) -> StoreResult<CounterMessageRow> {
    let key = data_key::create(conn, keyring, tenant.as_str(), "counter_message", now_ms)?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = CounterMessageRow {
        title_enc: key.seal_str(COUNTER, "title", &id, f.title)?,
        description_enc: key.seal_str(COUNTER, "description", &id, f.description)?,
        id,
        tenant_id: tenant.as_str().to_owned(),
        data_key_id: key.id.to_string(),
        published_on: f.published_on.to_owned(),
        channel: f.channel.to_owned(),
        theme: f.theme.to_owned(),
        reach: f.reach,
        created_by_user_id: by_user.to_owned(),
        created_at: now_ms,
        updated_at: now_ms,
    };
    diesel::insert_into(counter_messages::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

pub fn update_counter_message(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &CounterMessageRow,
    f: &CounterMessageFields<'_>,
    now_ms: i64,
) -> StoreResult<()> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    let id = &row.id;
    diesel::update(
        counter_messages::table
            .filter(counter_messages::tenant_id.eq(&row.tenant_id))
            .filter(counter_messages::id.eq(id)),
    )
    .set((
        counter_messages::published_on.eq(f.published_on),
        counter_messages::channel.eq(f.channel),
        counter_messages::theme.eq(f.theme),
        counter_messages::title_enc.eq(key.seal_str(COUNTER, "title", id, f.title)?),
        counter_messages::description_enc.eq(key.seal_str(
            COUNTER,
            "description",
            id,
            f.description,
        )?),
        counter_messages::reach.eq(f.reach),
        counter_messages::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    Ok(())
}

pub fn find_counter_message(
    conn: &mut DbConn,
    tenant: &TenantId,
    id: &str,
) -> StoreResult<CounterMessageRow> {
    counter_messages::table
        .filter(counter_messages::tenant_id.eq(tenant.as_str()))
        .filter(counter_messages::id.eq(id))
        .select(CounterMessageRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The tenant's counter-messages, latest first.
pub fn list_counter_messages(
    conn: &mut DbConn,
    tenant: &TenantId,
) -> StoreResult<Vec<CounterMessageRow>> {
    Ok(counter_messages::table
        .filter(counter_messages::tenant_id.eq(tenant.as_str()))
        .order((
            counter_messages::published_on.desc(),
            counter_messages::created_at.desc(),
        ))
        .select(CounterMessageRow::as_select())
        .load(conn)?)
}

pub fn open_counter_message(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &CounterMessageRow,
) -> StoreResult<CounterMessageText> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    Ok(CounterMessageText {
        title: key.open_string(COUNTER, "title", &row.id, &row.title_enc)?,
        description: key.open_string(COUNTER, "description", &row.id, &row.description_enc)?,
    })
}
