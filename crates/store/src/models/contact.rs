//! The contact register of the contact point (stedelijk aanspreekpunt). The
//! classification is plain codes (filtered in SQL); the message, contact
//! details and notes are sealed with the contact's own data key, so that
//! destroying it erases the contact, and search in the text happens in
//! memory after the policy check.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;
use verbind_domain::audit::AuditAction;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::data_key::{self, OpenKey};
use crate::schema::contacts;

const TABLE: &str = "contacts";
/// The status code of a handled (closed) contact.
const HANDLED: &str = "handled";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = contacts)]
pub struct ContactRow {
    pub id: String,
    pub tenant_id: String,
    pub data_key_id: String,
    /// ISO date of the contact.
    pub contact_on: String,
    pub channel: String,
    pub requester_kind: Option<String>,
    pub request_kind: String,
    /// Theme codes, `a,b`.
    pub themes: String,
    /// What was done, codes `a,b`.
    pub actions: String,
    pub follow_up_on: Option<String>,
    pub status: String,
    pub consent_livc: bool,
    pub preferred_contact: Option<String>,
    pub message_enc: Vec<u8>,
    pub name_enc: Option<Vec<u8>>,
    pub email_enc: Option<Vec<u8>>,
    pub phone_enc: Option<Vec<u8>>,
    pub notes_enc: Option<Vec<u8>>,
    pub signal_id: Option<String>,
    pub case_id: Option<String>,
    pub created_by_user_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The sealed fields of a contact, in clear: only built for a reader the
/// caller authorised, and audits.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct ContactText {
    pub message: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub notes: Option<String>,
}

impl std::fmt::Debug for ContactText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ContactText(..)")
    }
}

/// What is needed to register a contact.
#[derive(Debug)]
pub struct NewContact<'a> {
    pub tenant_id: &'a TenantId,
    /// ISO date.
    pub contact_on: &'a str,
    pub channel: &'a str,
    pub requester_kind: Option<&'a str>,
    pub request_kind: &'a str,
    pub themes: &'a str,
    pub actions: &'a str,
    pub follow_up_on: Option<&'a str>,
    pub status: &'a str,
    pub consent_livc: bool,
    pub preferred_contact: Option<&'a str>,
    pub text: &'a ContactText,
    /// None for a message of the public form.
    pub created_by_user_id: Option<&'a str>,
}

fn seal_opt(
    key: &OpenKey,
    column: &str,
    row: &str,
    v: Option<&str>,
) -> StoreResult<Option<Vec<u8>>> {
    v.map(|v| key.seal_str(TABLE, column, row, v)).transpose()
}

/// Registers a contact with its sealed text. Returns the new row.
pub fn create(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    new: &NewContact<'_>,
    now_ms: i64,
) -> StoreResult<ContactRow> {
    let id = uuid::Uuid::new_v4().to_string();
    let key = data_key::create(conn, keyring, new.tenant_id.as_str(), "contact", now_ms)?;
    let t = new.text;
    let row = ContactRow {
        message_enc: key.seal_str(TABLE, "message", &id, &t.message)?,
        name_enc: seal_opt(&key, "name", &id, t.name.as_deref())?,
        email_enc: seal_opt(&key, "email", &id, t.email.as_deref())?,
        phone_enc: seal_opt(&key, "phone", &id, t.phone.as_deref())?,
        notes_enc: seal_opt(&key, "notes", &id, t.notes.as_deref())?,
        id,
        tenant_id: new.tenant_id.as_str().to_owned(),
        data_key_id: key.id.to_string(),
        contact_on: new.contact_on.to_owned(),
        channel: new.channel.to_owned(),
        requester_kind: new.requester_kind.map(str::to_owned),
        request_kind: new.request_kind.to_owned(),
        themes: new.themes.to_owned(),
        actions: new.actions.to_owned(),
        follow_up_on: new.follow_up_on.map(str::to_owned),
        status: new.status.to_owned(),
        consent_livc: new.consent_livc,
        preferred_contact: new.preferred_contact.map(str::to_owned),
        signal_id: None,
        case_id: None,
        created_by_user_id: new.created_by_user_id.map(str::to_owned),
        created_at: now_ms,
        updated_at: now_ms,
    };
    diesel::insert_into(contacts::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// A contact of `tenant`; another tenant's is "not found".
pub fn find(conn: &mut DbConn, tenant: &TenantId, id: &str) -> StoreResult<ContactRow> {
    contacts::table
        .filter(contacts::tenant_id.eq(tenant.as_str()))
        .filter(contacts::id.eq(id))
        .select(ContactRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

/// Which contacts to list; every set field narrows. Themes and text are
/// filtered by the caller, in memory.
#[derive(Debug, Clone, Default)]
pub struct ContactFilter {
    /// ISO dates, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub channel: Option<String>,
    pub status: Option<String>,
    pub requester_kind: Option<String>,
    pub request_kind: Option<String>,
    /// Only contacts not yet handled whose follow-up date is on or before
    /// this ISO date.
    pub follow_up_due_by: Option<String>,
    /// Only contacts not yet handled (new or in progress).
    pub open: bool,
    /// At most this many, newest first (0: no limit).
    pub limit: i64,
}

/// The tenant's contacts, newest first.
pub fn list(
    conn: &mut DbConn,
    tenant: &TenantId,
    f: &ContactFilter,
) -> StoreResult<Vec<ContactRow>> {
    let mut q = contacts::table
        .filter(contacts::tenant_id.eq(tenant.as_str()))
        .into_boxed();
    if let Some(v) = &f.from {
        q = q.filter(contacts::contact_on.ge(v.clone()));
    }
    if let Some(v) = &f.to {
        q = q.filter(contacts::contact_on.le(v.clone()));
    }
    if let Some(v) = &f.channel {
        q = q.filter(contacts::channel.eq(v.clone()));
    }
    if let Some(v) = &f.status {
        q = q.filter(contacts::status.eq(v.clone()));
    }
    if let Some(v) = &f.requester_kind {
        q = q.filter(contacts::requester_kind.eq(v.clone()));
    }
    if let Some(v) = &f.request_kind {
        q = q.filter(contacts::request_kind.eq(v.clone()));
    }
    if let Some(v) = &f.follow_up_due_by {
        q = q
            .filter(contacts::follow_up_on.le(v.clone()))
            .filter(contacts::status.ne(HANDLED));
    }
    if f.open {
        q = q.filter(contacts::status.ne(HANDLED));
    }
    q = q.order((contacts::contact_on.desc(), contacts::created_at.desc()));
    if f.limit > 0 {
        q = q.limit(f.limit);
    }
    Ok(q.select(ContactRow::as_select()).load(conn)?)
}

/// Whether the contact's text was destroyed at the end of its retention
/// period (its data key is gone: crypto-shredding).
pub fn is_shredded(conn: &mut DbConn, row: &ContactRow) -> StoreResult<bool> {
    use crate::schema::data_keys;
    let destroyed: Option<i64> = data_keys::table
        .find(&row.data_key_id)
        .select(data_keys::destroyed_at)
        .first(conn)
        .optional()?
        .flatten();
    Ok(destroyed.is_some())
}

/// Destroys the text of every contact handled before `cutoff_ms` (by its
/// last change), in every tenant: the data key goes, the codes stay for the
/// counts. Each is audited. Returns how many contacts were shredded now.
pub fn shred_handled_before(conn: &mut DbConn, cutoff_ms: i64, now_ms: i64) -> StoreResult<usize> {
    use crate::schema::data_keys;
    let due: Vec<(String, String, String)> = contacts::table
        .inner_join(data_keys::table.on(data_keys::id.eq(contacts::data_key_id)))
        .filter(contacts::status.eq(HANDLED))
        .filter(contacts::updated_at.lt(cutoff_ms))
        .filter(data_keys::destroyed_at.is_null())
        .select((contacts::id, contacts::tenant_id, contacts::data_key_id))
        .load(conn)?;
    for (id, tenant, key) in &due {
        data_key::destroy(conn, key, now_ms)?;
        crate::models::audit::append(
            conn,
            now_ms,
            &crate::models::audit::NewEntry::new(AuditAction::ContactShredded, "ok")
                .tenant(&TenantId::from_db(tenant.clone()))
                .object("contact", id)
                .detail("retention"),
        )?;
    }
    Ok(due.len())
}

/// The sealed fields, decrypted. The caller asked the policy and audits.
pub fn text(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &ContactRow,
) -> StoreResult<ContactText> {
    let key = data_key::open(conn, keyring, &row.data_key_id)?;
    let open = |column: &str, blob: &Option<Vec<u8>>| -> StoreResult<Option<String>> {
        blob.as_ref()
            .map(|b| key.open_string(TABLE, column, &row.id, b))
            .transpose()
    };
    Ok(ContactText {
        message: key.open_string(TABLE, "message", &row.id, &row.message_enc)?,
        name: open("name", &row.name_enc)?,
        email: open("email", &row.email_enc)?,
        phone: open("phone", &row.phone_enc)?,
        notes: open("notes", &row.notes_enc)?,
    })
}

/// The expert's classification of a contact.
#[derive(Debug)]
pub struct Classification<'a> {
    pub requester_kind: Option<&'a str>,
    pub request_kind: &'a str,
    pub themes: &'a str,
    pub actions: &'a str,
    pub follow_up_on: Option<&'a str>,
    pub status: &'a str,
    /// Replaces the notes (None clears them), unless `keep_notes`.
    pub notes: Option<&'a str>,
    /// Leaves the notes as they are (`notes` is then ignored).
    pub keep_notes: bool,
}

/// Changes the classification and the notes of a contact.
pub fn classify(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: &ContactRow,
    c: &Classification<'_>,
    now_ms: i64,
) -> StoreResult<()> {
    let notes_enc = match c.notes {
        _ if c.keep_notes => row.notes_enc.clone(),
        Some(n) => Some(
            data_key::open(conn, keyring, &row.data_key_id)?
                .seal_str(TABLE, "notes", &row.id, n)?,
        ),
        None => None,
    };
    let n = diesel::update(
        contacts::table
            .filter(contacts::tenant_id.eq(&row.tenant_id))
            .filter(contacts::id.eq(&row.id)),
    )
    .set((
        contacts::requester_kind.eq(c.requester_kind),
        contacts::request_kind.eq(c.request_kind),
        contacts::themes.eq(c.themes),
        contacts::actions.eq(c.actions),
        contacts::follow_up_on.eq(c.follow_up_on),
        contacts::status.eq(c.status),
        contacts::notes_enc.eq(notes_enc),
        contacts::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Records the signal made from a contact. Only a contact without a signal
/// is linked: one that has one already gives [`StoreError::Conflict`] (the
/// earlier link stays), one that does not exist [`StoreError::NotFound`].
pub fn link_signal(
    conn: &mut DbConn,
    tenant: &TenantId,
    id: &str,
    signal_id: &str,
    now_ms: i64,
) -> StoreResult<()> {
    let n = diesel::update(
        contacts::table
            .filter(contacts::tenant_id.eq(tenant.as_str()))
            .filter(contacts::id.eq(id))
            .filter(contacts::signal_id.is_null()),
    )
    .set((
        contacts::signal_id.eq(Some(signal_id)),
        contacts::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    if n == 0 {
        find(conn, tenant, id)?;
        return Err(StoreError::Conflict(ALREADY_HAS_SIGNAL));
    }
    Ok(())
}

/// Records the case referral made from a contact. Only a contact not yet
/// referred is linked: one that is gives [`StoreError::Conflict`] (the
/// earlier link stays), one that does not exist [`StoreError::NotFound`].
pub fn link_case(
    conn: &mut DbConn,
    tenant: &TenantId,
    id: &str,
    case_id: &str,
    now_ms: i64,
) -> StoreResult<()> {
    let n = diesel::update(
        contacts::table
            .filter(contacts::tenant_id.eq(tenant.as_str()))
            .filter(contacts::id.eq(id))
            .filter(contacts::case_id.is_null()),
    )
    .set((
        contacts::case_id.eq(Some(case_id)),
        contacts::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    if n == 0 {
        find(conn, tenant, id)?;
        return Err(StoreError::Conflict(ALREADY_REFERRED));
    }
    Ok(())
}

/// The [`StoreError::Conflict`] of a contact that already has a signal.
pub const ALREADY_HAS_SIGNAL: &str = "contact already has a signal";
/// The [`StoreError::Conflict`] of a contact already referred to the LIVC-R.
pub const ALREADY_REFERRED: &str = "contact already referred";

/// Moves a contact from status `from` to `to`; false (and no change) when
/// its status is not `from`.
pub fn move_status(
    conn: &mut DbConn,
    tenant: &TenantId,
    id: &str,
    from: &str,
    to: &str,
    now_ms: i64,
) -> StoreResult<bool> {
    let n = diesel::update(
        contacts::table
            .filter(contacts::tenant_id.eq(tenant.as_str()))
            .filter(contacts::id.eq(id))
            .filter(contacts::status.eq(from)),
    )
    .set((contacts::status.eq(to), contacts::updated_at.eq(now_ms)))
    .execute(conn)?;
    Ok(n > 0)
}

/// How many messages of the public form are still new (unhandled, not yet
/// picked up): the expert's notification on the dashboard.
pub fn count_new_public(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<i64> {
    Ok(contacts::table
        .filter(contacts::tenant_id.eq(tenant.as_str()))
        .filter(contacts::channel.eq("public_form"))
        .filter(contacts::status.eq("new"))
        .count()
        .get_result(conn)?)
}

/// The contact a signal was made from, if any.
pub fn find_by_signal(
    conn: &mut DbConn,
    tenant: &TenantId,
    signal_id: &str,
) -> StoreResult<Option<ContactRow>> {
    Ok(contacts::table
        .filter(contacts::tenant_id.eq(tenant.as_str()))
        .filter(contacts::signal_id.eq(signal_id))
        .select(ContactRow::as_select())
        .first(conn)
        .optional()?)
}

/// Sets what was done and the status (e.g. when a referral was made from it).
pub fn set_actions(
    conn: &mut DbConn,
    tenant: &TenantId,
    id: &str,
    actions: &str,
    status: &str,
    now_ms: i64,
) -> StoreResult<()> {
    let n = diesel::update(
        contacts::table
            .filter(contacts::tenant_id.eq(tenant.as_str()))
            .filter(contacts::id.eq(id)),
    )
    .set((
        contacts::actions.eq(actions),
        contacts::status.eq(status),
        contacts::updated_at.eq(now_ms),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
