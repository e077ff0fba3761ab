//! LIVC-R cases. A case row carries only what the table works with: a pseudonym
//! code, its state, target group and referral facts. The person's identity
//! lives apart, in `case_identities` (the identity vault), and every personal
//! or free-text field of a case is sealed with the case's own data key: one key
//! per case, so destroying it erases the case wherever its ciphertext was copied.
//!
//! State changes are conditional updates (`WHERE state = <expected>`), so two
//! partners acting at once cannot both move a case from the same state.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::data_key::{self, OpenKey};
use crate::schema::{case_counters, case_events, case_identities, cases};

const TABLE: &str = "cases";
const VAULT: &str = "case_identities";
const EVENTS: &str = "case_events";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cases)]
pub struct CaseRow {
    pub id: String,
    pub tenant_id: String,
    pub body_id: String,
    pub code: String,
    pub state: String,
    pub target_group: String,
    pub minor_at_referral: bool,
    pub protective_measure: bool,
    pub lives_in_area: bool,
    pub socially_active_in_area: bool,
    pub referral_source: String,
    pub referred_by_user_id: Option<String>,
    pub referred_by_org_id: Option<String>,
    pub data_key_id: String,
    pub reason_enc: Vec<u8>,
    pub ltf_status: String,
    pub ltf_recorded_by: Option<String>,
    pub ltf_recorded_at: Option<i64>,
    pub transferred_to_enc: Option<Vec<u8>>,
    pub transferred_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub closed_at: Option<i64>,
}

impl CaseRow {
    pub fn tenant(&self) -> TenantId {
        TenantId::from_db(self.tenant_id.clone())
    }
}

/// The person a case is about, in clear: only ever built for a reveal that the
/// caller has authorised and audits.
#[derive(Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    /// ISO date `YYYY-MM-DD`.
    pub date_of_birth: Option<String>,
    pub address: Option<String>,
    /// Eleven digits.
    pub national_number: Option<String>,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print who it is, not even in a test failure.
        f.write_str("Identity(..)")
    }
}

/// What is needed to register a referral (aanmelding).
#[derive(Debug)]
pub struct NewCase<'a> {
    pub tenant_id: &'a TenantId,
    /// The Partnertafel that handles the case.
    pub body_id: &'a str,
    /// The code prefix, e.g. "SN"; the code becomes `SN-2026-007`.
    pub code_prefix: &'a str,
    pub year: i32,
    pub state: &'a str,
    pub target_group: &'a str,
    pub minor_at_referral: bool,
    pub protective_measure: bool,
    pub lives_in_area: bool,
    pub socially_active_in_area: bool,
    pub referral_source: &'a str,
    pub referred_by_user_id: Option<&'a str>,
    pub referred_by_org_id: Option<&'a str>,
    pub reason: &'a str,
    pub ltf_status: &'a str,
    pub identity: &'a Identity,
}

/// Takes the next sequence number of `year` for the tenant's case codes.
/// Runs inside the caller's write transaction. The year's counter row is
/// made with `ON CONFLICT DO NOTHING`, so two first referrals of a year at
/// once never fail on its key: the second waits for the first and counts on.
pub fn next_seq(conn: &mut DbConn, tenant: &TenantId, year: i32) -> StoreResult<i32> {
    let row = (
        case_counters::tenant_id.eq(tenant.as_str()),
        case_counters::year.eq(year),
        case_counters::last_seq.eq(0),
    );
    match conn {
        DbConn::Sqlite(c) => diesel::insert_into(case_counters::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConn::Pg(c) => diesel::insert_into(case_counters::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    diesel::update(
        case_counters::table
            .filter(case_counters::tenant_id.eq(tenant.as_str()))
            .filter(case_counters::year.eq(year)),
    )
    .set(case_counters::last_seq.eq(case_counters::last_seq + 1))
    .execute(conn)?;
    Ok(case_counters::table
        .filter(case_counters::tenant_id.eq(tenant.as_str()))
        .filter(case_counters::year.eq(year))
        .select(case_counters::last_seq)
        .first(conn)?)
}

fn seal_opt(
    key: &OpenKey,
    table: &str,
    column: &str,
    row: &str,
    v: Option<&str>,
) -> StoreResult<Option<Vec<u8>>> {
    v.map(|v| key.seal_str(table, column, row, v)).transpose()
}

/// Registers a case with its sealed reason and identity. Returns the new row.
pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    new: &NewCase<'_>,
    now_ms: i64,
) -> StoreResult<CaseRow> {
    let seq = next_seq(conn, new.tenant_id, new.year)?;
    let code = format!("{}-{}-{:03}", new.code_prefix, new.year, seq);
    let id = uuid::Uuid::new_v4().to_string();
    let key = data_key::create(conn, keyring, new.tenant_id.as_str(), "case", now_ms)?;
    let row = CaseRow {
        reason_enc: key.seal_str(TABLE, "reason", &id, new.reason)?,
        id: id.clone(),
        tenant_id: new.tenant_id.as_str().to_owned(),
        body_id: new.body_id.to_owned(),
        code,
        state: new.state.to_owned(),
        target_group: new.target_group.to_owned(),
        minor_at_referral: new.minor_at_referral,
        protective_measure: new.protective_measure,
        lives_in_area: new.lives_in_area,
        socially_active_in_area: new.socially_active_in_area,
        referral_source: new.referral_source.to_owned(),
        referred_by_user_id: new.referred_by_user_id.map(str::to_owned),
        referred_by_org_id: new.referred_by_org_id.map(str::to_owned),
        data_key_id: key.id.to_string(),
        ltf_status: new.ltf_status.to_owned(),
        ltf_recorded_by: None,
        ltf_recorded_at: None,
        transferred_to_enc: None,
        transferred_at: None,
        created_at: now_ms,
        updated_at: now_ms,
        closed_at: None,
    };
    diesel::insert_into(cases::table)
        .values(&row)
        .execute(conn)
        .map_err(|e| StoreError::conflict_on_unique(e, "case code"))?;
    let ident = new.identity;
    diesel::insert_into(case_identities::table)
        .values((
            case_identities::case_id.eq(&id),
            case_identities::tenant_id.eq(new.tenant_id.as_str()),
            case_identities::name_enc.eq(key.seal_str(VAULT, "name", &id, &ident.name)?),
            case_identities::date_of_birth_enc.eq(seal_opt(
                &key,
                VAULT,
                "date_of_birth",
                &id,
                ident.date_of_birth.as_deref(),
            )?),
            case_identities::address_enc.eq(seal_opt(
                &key,
                VAULT,
                "address",
                &id,
                ident.address.as_deref(),
            )?),
            case_identities::national_number_enc.eq(seal_opt(
                &key,
                VAULT,
                "national_number",
                &id,
                ident.national_number.as_deref(),
            )?),
        ))
        .execute(conn)?;
    Ok(row)
}

/// A case of `tenant`; another tenant's case is "not found".
pub fn find(conn: &mut DbConn, tenant: &TenantId, id: &str) -> StoreResult<CaseRow> {
    cases::table
        .filter(cases::tenant_id.eq(tenant.as_str()))
        .filter(cases::id.eq(id))
        .select(CaseRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// The tenant's cases, newest first; `states` narrows to those states when not empty.
pub fn list(conn: &mut DbConn, tenant: &TenantId, states: &[&str]) -> StoreResult<Vec<CaseRow>> {
    let mut q = cases::table
        .filter(cases::tenant_id.eq(tenant.as_str()))
        .into_boxed();
    if !states.is_empty() {
        q = q.filter(
            cases::state.eq_any(states.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()),
        );
    }
    Ok(q.order(cases::created_at.desc())
        .select(CaseRow::as_select())
        .load(conn)?)
}

fn key_of(conn: &mut DbConn, keyring: &MasterKeyring, case: &CaseRow) -> StoreResult<OpenKey> {
    data_key::open(conn, keyring, &case.data_key_id)
}

/// Free text about `case` for an audit entry's `reason` (the purpose of a
/// reveal, the partner of a transfer), sealed with the case's key and bound
/// to the case's id: the trail holds no personal data in the clear, and
/// shredding the case makes it unreadable there too.
pub fn seal_audit_reason(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    text: &str,
) -> StoreResult<Vec<u8>> {
    key_of(conn, keyring, case)?.seal_str("audit_log", "reason", &case.id, text)
}

/// Opens an audit entry's `reason` sealed by [`seal_audit_reason`] for
/// `case`; `None` when the case's key was destroyed (crypto-shredding).
pub fn open_audit_reason(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    sealed: &[u8],
) -> StoreResult<Option<String>> {
    if data_key::destroyed(conn, &case.data_key_id)? {
        return Ok(None);
    }
    key_of(conn, keyring, case)?
        .open_string("audit_log", "reason", &case.id, sealed)
        .map(Some)
}

/// The reason for referral, decrypted.
pub fn reason(conn: &mut DbConn, keyring: &MasterKeyring, case: &CaseRow) -> StoreResult<String> {
    key_of(conn, keyring, case)?.open_string(TABLE, "reason", &case.id, &case.reason_enc)
}

/// The sealed identity fields of one case.
#[derive(Queryable, Selectable)]
#[diesel(table_name = case_identities)]
struct VaultRow {
    name_enc: Vec<u8>,
    date_of_birth_enc: Option<Vec<u8>>,
    address_enc: Option<Vec<u8>>,
    national_number_enc: Option<Vec<u8>>,
}

/// Opens the identity vault of a case. The caller decides whether this reader
/// may see it (policy), has re-authenticated and stated a purpose, and audits it.
pub fn identity(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
) -> StoreResult<Identity> {
    let row: VaultRow = case_identities::table
        .filter(case_identities::tenant_id.eq(&case.tenant_id))
        .filter(case_identities::case_id.eq(&case.id))
        .select(VaultRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)?;
    let key = key_of(conn, keyring, case)?;
    let open = |column: &str, blob: Option<Vec<u8>>| -> StoreResult<Option<String>> {
        blob.map(|b| key.open_string(VAULT, column, &case.id, &b))
            .transpose()
    };
    Ok(Identity {
        name: key.open_string(VAULT, "name", &case.id, &row.name_enc)?,
        date_of_birth: open("date_of_birth", row.date_of_birth_enc)?,
        address: open("address", row.address_enc)?,
        national_number: open("national_number", row.national_number_enc)?,
    })
}

/// One step in a case's history.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = case_events)]
pub struct CaseEvent {
    pub id: String,
    pub tenant_id: String,
    pub case_id: String,
    pub at_ms: i64,
    pub actor_user_id: Option<String>,
    pub actor_org_id: Option<String>,
    pub transition: String,
    pub from_state: String,
    pub to_state: String,
    pub note_enc: Option<Vec<u8>>,
}

/// Who moves a case, and why.
#[derive(Debug)]
pub struct Move<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub transition: &'a str,
    pub actor_user_id: &'a str,
    pub actor_org_id: &'a str,
    pub note: Option<&'a str>,
}

/// Moves a case from `m.from` to `m.to` and records the step. Fails with
/// `Conflict` when the case is no longer in `m.from` (someone else moved it).
pub fn apply_move(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    m: &Move<'_>,
    now_ms: i64,
) -> StoreResult<()> {
    let closing = matches!(m.to, "afgesloten" | "overgedragen");
    let n = diesel::update(
        cases::table
            .filter(cases::tenant_id.eq(&case.tenant_id))
            .filter(cases::id.eq(&case.id))
            .filter(cases::state.eq(m.from)),
    )
    .set((
        cases::state.eq(m.to),
        cases::updated_at.eq(now_ms),
        cases::closed_at.eq(if closing {
            Some(now_ms)
        } else {
            case.closed_at
        }),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::Conflict("case state changed meanwhile"));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let note_enc = match m.note {
        Some(note) => Some(key_of(conn, keyring, case)?.seal_str(EVENTS, "note", &id, note)?),
        None => None,
    };
    diesel::insert_into(case_events::table)
        .values((
            case_events::id.eq(&id),
            case_events::tenant_id.eq(&case.tenant_id),
            case_events::case_id.eq(&case.id),
            case_events::at_ms.eq(now_ms),
            case_events::actor_user_id.eq(m.actor_user_id),
            case_events::actor_org_id.eq(m.actor_org_id),
            case_events::transition.eq(m.transition),
            case_events::from_state.eq(m.from),
            case_events::to_state.eq(m.to),
            case_events::note_enc.eq(note_enc),
        ))
        .execute(conn)?;
    Ok(())
}

/// The history of a case, oldest first.
pub fn events(conn: &mut DbConn, tenant: &TenantId, case_id: &str) -> StoreResult<Vec<CaseEvent>> {
    Ok(case_events::table
        .filter(case_events::tenant_id.eq(tenant.as_str()))
        .filter(case_events::case_id.eq(case_id))
        .order(case_events::at_ms.asc())
        .select(CaseEvent::as_select())
        .load(conn)?)
}

/// Decrypts the note of one history step.
pub fn event_note(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    e: &CaseEvent,
) -> StoreResult<Option<String>> {
    match &e.note_enc {
        Some(b) => Ok(Some(
            key_of(conn, keyring, case)?.open_string(EVENTS, "note", &e.id, b)?,
        )),
        None => Ok(None),
    }
}

/// Records the police information officer's LTF check: `cleared` or `counter_indication`.
pub fn record_ltf(
    conn: &mut DbConn,
    tenant: &TenantId,
    case_id: &str,
    status: &str,
    by_user: &str,
    now_ms: i64,
) -> StoreResult<()> {
    let n = diesel::update(
        cases::table
            .filter(cases::tenant_id.eq(tenant.as_str()))
            .filter(cases::id.eq(case_id)),
    )
    .set((
        cases::ltf_status.eq(status),
        cases::ltf_recorded_by.eq(Some(by_user)),
        cases::ltf_recorded_at.eq(Some(now_ms)),
        cases::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Crypto-shredding at the end of retention: the case's key is destroyed, so
/// its reason, identity and notes are unreadable everywhere from now on.
pub fn shred(conn: &mut DbConn, tenant: &TenantId, case_id: &str, now_ms: i64) -> StoreResult<()> {
    let case = find(conn, tenant, case_id)?;
    data_key::destroy(conn, &case.data_key_id, now_ms)
}

/// Records the receiving LIVC-R of a transfer (sealed: it tells where the person moved).
pub fn record_transfer(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    receiving: &str,
    now_ms: i64,
) -> StoreResult<()> {
    let sealed =
        key_of(conn, keyring, case)?.seal_str(TABLE, "transferred_to", &case.id, receiving)?;
    diesel::update(
        cases::table
            .filter(cases::tenant_id.eq(&case.tenant_id))
            .filter(cases::id.eq(&case.id)),
    )
    .set((
        cases::transferred_to_enc.eq(Some(sealed)),
        cases::transferred_at.eq(Some(now_ms)),
    ))
    .execute(conn)?;
    Ok(())
}

/// The receiving LIVC-R of a transferred case, decrypted.
pub fn transferred_to(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
) -> StoreResult<Option<String>> {
    match &case.transferred_to_enc {
        Some(b) => Ok(Some(key_of(conn, keyring, case)?.open_string(
            TABLE,
            "transferred_to",
            &case.id,
            b,
        )?)),
        None => Ok(None),
    }
}
