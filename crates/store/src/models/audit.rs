//! The audit trail: an append-only, hash-chained table (QUALITY.md §2.5).
//!
//! Every entry's hash covers the previous entry's hash and all its own fields
//! (see `verbind_crypto::audit`). `audit_head` holds the latest sequence number
//! and hash; appending first updates that single row, which serialises writers on
//! both backends (a row lock on PostgreSQL, the write lock on SQLite) so the
//! chain never forks, even with several server instances.

use diesel::prelude::*;
use verbind_crypto::audit::{
    self as chain, AuditFields, ChainError, ChainVerifier, Checkpoint, StoredEntry,
};
use verbind_domain::TenantId;
use verbind_domain::audit::AuditAction;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::schema::{audit_head, audit_log};

/// A new entry, before it gets its place in the chain.
#[derive(Debug, Clone, Default)]
pub struct NewEntry {
    pub tenant_id: Option<String>,
    pub actor_user_id: Option<String>,
    pub actor_org_id: Option<String>,
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    /// "ok", "denied", "failed".
    pub outcome: String,
    /// Why (free text from the user), sealed before it gets here; may be absent.
    pub reason: Option<Vec<u8>>,
    /// Structured, non-personal detail (e.g. "role=partner").
    pub detail: Option<String>,
}

impl NewEntry {
    pub fn new(action: AuditAction, outcome: &str) -> Self {
        Self {
            action: action.code().to_owned(),
            outcome: outcome.to_owned(),
            ..Self::default()
        }
    }
    pub fn tenant(mut self, t: &TenantId) -> Self {
        self.tenant_id = Some(t.as_str().to_owned());
        self
    }
    pub fn actor(mut self, user: &str, org: &str) -> Self {
        self.actor_user_id = Some(user.to_owned());
        self.actor_org_id = Some(org.to_owned());
        self
    }
    pub fn object(mut self, kind: &str, id: &str) -> Self {
        self.object_type = Some(kind.to_owned());
        self.object_id = Some(id.to_owned());
        self
    }
    pub fn detail(mut self, d: impl Into<String>) -> Self {
        self.detail = Some(d.into());
        self
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub seq: i64,
    pub at_ms: i64,
    pub tenant_id: Option<String>,
    pub actor_user_id: Option<String>,
    pub actor_org_id: Option<String>,
    pub action: String,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub outcome: String,
    pub reason: Option<Vec<u8>>,
    pub detail: Option<String>,
    pub prev_hash: Vec<u8>,
    pub hash: Vec<u8>,
}

impl AuditRow {
    fn into_stored(self) -> StoredEntry {
        StoredEntry {
            seq: self.seq,
            at_ms: self.at_ms,
            tenant_id: self.tenant_id,
            actor_user_id: self.actor_user_id,
            actor_org_id: self.actor_org_id,
            action: self.action,
            object_type: self.object_type,
            object_id: self.object_id,
            outcome: self.outcome,
            reason: self.reason,
            detail: self.detail,
            prev_hash: self.prev_hash,
            hash: self.hash,
        }
    }
}

fn to_array(v: &[u8]) -> StoreResult<[u8; 32]> {
    v.try_into()
        .map_err(|_| StoreError::Invalid("audit hash is not 32 bytes".into()))
}

/// Appends one entry to the chain and returns its sequence number.
/// Runs in its own (nested) transaction so head and entry change together.
pub fn append(conn: &mut DbConn, at_ms: i64, e: &NewEntry) -> StoreResult<i64> {
    conn.transaction(|conn| {
        // Write first: this takes the lock that serialises appenders.
        diesel::update(audit_head::table.find(1))
            .set(audit_head::seq.eq(audit_head::seq + 1))
            .execute(conn)?;
        let (seq, prev): (i64, Vec<u8>) = audit_head::table
            .find(1)
            .select((audit_head::seq, audit_head::hash))
            .first(conn)?;
        let prev = to_array(&prev)?;
        let fields = AuditFields {
            seq,
            at_ms,
            tenant_id: e.tenant_id.as_deref(),
            actor_user_id: e.actor_user_id.as_deref(),
            actor_org_id: e.actor_org_id.as_deref(),
            action: &e.action,
            object_type: e.object_type.as_deref(),
            object_id: e.object_id.as_deref(),
            outcome: &e.outcome,
            reason: e.reason.as_deref(),
            detail: e.detail.as_deref(),
        };
        let hash = chain::chain_hash(&prev, &fields);
        let row = AuditRow {
            seq,
            at_ms,
            tenant_id: e.tenant_id.clone(),
            actor_user_id: e.actor_user_id.clone(),
            actor_org_id: e.actor_org_id.clone(),
            action: e.action.clone(),
            object_type: e.object_type.clone(),
            object_id: e.object_id.clone(),
            outcome: e.outcome.clone(),
            reason: e.reason.clone(),
            detail: e.detail.clone(),
            prev_hash: prev.to_vec(),
            hash: hash.to_vec(),
        };
        diesel::insert_into(audit_log::table)
            .values(&row)
            .execute(conn)?;
        diesel::update(audit_head::table.find(1))
            .set(audit_head::hash.eq(hash.to_vec()))
            .execute(conn)?;
        Ok(seq)
    })
}

/// Rows per multi-row INSERT in [`append_batch`]: 13 columns x 500 rows stays
/// well under the bound-parameter limits of SQLite (32 766) and PostgreSQL
/// (65 535).
const BATCH_ROWS: usize = 500;

/// Appends `entries` (each with its own time), in order, and returns the
/// sequence number of the last one (the head's, when `entries` is empty).
///
/// The result is exactly the chain that calling [`append`] once per entry
/// would make: the same sequence numbers, fields and hashes, so
/// [`verify`] cannot tell them apart. The head moves first, by the whole
/// batch, which takes the same lock that serialises appenders; the rows then
/// go in as multi-row INSERTs and the head gets the last hash. For bulk loads
/// (the national-scale demo data); requests append one entry with [`append`].
pub fn append_batch(conn: &mut DbConn, entries: Vec<(i64, NewEntry)>) -> StoreResult<i64> {
    let n = i64::try_from(entries.len())
        .map_err(|_| StoreError::Invalid("audit batch too large".into()))?;
    conn.transaction(|conn| {
        diesel::update(audit_head::table.find(1))
            .set(audit_head::seq.eq(audit_head::seq + n))
            .execute(conn)?;
        let (last, prev): (i64, Vec<u8>) = audit_head::table
            .find(1)
            .select((audit_head::seq, audit_head::hash))
            .first(conn)?;
        if n == 0 {
            return Ok(last);
        }
        let mut prev = to_array(&prev)?;
        let mut rows = Vec::with_capacity(entries.len());
        for (seq, (at_ms, e)) in (last - n + 1..).zip(entries) {
            let hash = chain::chain_hash(
                &prev,
                &AuditFields {
                    seq,
                    at_ms,
                    tenant_id: e.tenant_id.as_deref(),
                    actor_user_id: e.actor_user_id.as_deref(),
                    actor_org_id: e.actor_org_id.as_deref(),
                    action: &e.action,
                    object_type: e.object_type.as_deref(),
                    object_id: e.object_id.as_deref(),
                    outcome: &e.outcome,
                    reason: e.reason.as_deref(),
                    detail: e.detail.as_deref(),
                },
            );
            rows.push(AuditRow {
                seq,
                at_ms,
                tenant_id: e.tenant_id,
                actor_user_id: e.actor_user_id,
                actor_org_id: e.actor_org_id,
                action: e.action,
                object_type: e.object_type,
                object_id: e.object_id,
                outcome: e.outcome,
                reason: e.reason,
                detail: e.detail,
                prev_hash: prev.to_vec(),
                hash: hash.to_vec(),
            });
            prev = hash;
        }
        // Multi-row INSERTs are written per backend: diesel's batch insert
        // does not go through the multi-backend connection type.
        for chunk in rows.chunks(BATCH_ROWS) {
            match conn {
                DbConn::Sqlite(c) => diesel::insert_into(audit_log::table)
                    .values(chunk)
                    .execute(c)?,
                DbConn::Pg(c) => diesel::insert_into(audit_log::table)
                    .values(chunk)
                    .execute(c)?,
            };
        }
        diesel::update(audit_head::table.find(1))
            .set(audit_head::hash.eq(prev.to_vec()))
            .execute(conn)?;
        Ok(last)
    })
}

/// The latest sequence number and hash, as recorded in `audit_head`.
pub fn head(conn: &mut DbConn) -> StoreResult<(i64, [u8; 32])> {
    let (seq, hash): (i64, Vec<u8>) = audit_head::table
        .find(1)
        .select((audit_head::seq, audit_head::hash))
        .first(conn)?;
    Ok((seq, to_array(&hash)?))
}

/// Filters for reading the trail in the auditor's screen.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub tenant_id: Option<String>,
    pub action: Option<String>,
    pub actor_user_id: Option<String>,
    pub object_id: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub before_seq: Option<i64>,
    pub limit: i64,
}

/// Entries matching `f`, newest first.
pub fn list(conn: &mut DbConn, f: &Filter) -> StoreResult<Vec<AuditRow>> {
    let mut q = audit_log::table.into_boxed();
    if let Some(t) = &f.tenant_id {
        q = q.filter(audit_log::tenant_id.eq(t.clone()));
    }
    if let Some(a) = &f.action {
        q = q.filter(audit_log::action.eq(a.clone()));
    }
    if let Some(u) = &f.actor_user_id {
        q = q.filter(audit_log::actor_user_id.eq(u.clone()));
    }
    if let Some(o) = &f.object_id {
        q = q.filter(audit_log::object_id.eq(o.clone()));
    }
    if let Some(from) = f.from_ms {
        q = q.filter(audit_log::at_ms.ge(from));
    }
    if let Some(to) = f.to_ms {
        q = q.filter(audit_log::at_ms.lt(to));
    }
    if let Some(b) = f.before_seq {
        q = q.filter(audit_log::seq.lt(b));
    }
    Ok(q.order(audit_log::seq.desc())
        .limit(f.limit.clamp(1, 1000))
        .select(AuditRow::as_select())
        .load(conn)?)
}

/// Why verification failed: a broken chain, or the head row disagrees.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("{0}")]
    Chain(#[from] ChainError),
    #[error(
        "audit head says entry {head_seq} is the last, but the table ends at entry {last_seq} (rows deleted or head edited)"
    )]
    HeadMismatch { head_seq: i64, last_seq: i64 },
    #[error("{0}")]
    Store(#[from] StoreError),
}

/// The result of a successful verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub entries: u64,
    pub head_seq: i64,
    pub head_hash: [u8; 32],
}

/// Verifies the whole chain in order, in pages, and against a checkpoint if given.
/// `progress` is called with the number of entries checked so far.
pub fn verify(
    conn: &mut DbConn,
    checkpoint: Option<(&Checkpoint, &chain::VerifyingKey)>,
    mut progress: impl FnMut(u64),
) -> Result<Verified, VerifyError> {
    const PAGE: i64 = 10_000;
    let mut v = match checkpoint {
        Some((cp, _)) => ChainVerifier::with_checkpoint(cp),
        None => ChainVerifier::new(),
    };
    let mut after = 0_i64;
    let mut checked = 0_u64;
    loop {
        let rows: Vec<AuditRow> = audit_log::table
            .filter(audit_log::seq.gt(after))
            .order(audit_log::seq.asc())
            .limit(PAGE)
            .select(AuditRow::as_select())
            .load(conn)
            .map_err(StoreError::from)?;
        let Some(last) = rows.last() else { break };
        after = last.seq;
        let n = rows.len();
        for r in rows {
            v.push(&r.into_stored())?;
        }
        checked += n as u64;
        progress(checked);
        if (n as i64) < PAGE {
            break;
        }
    }
    let summary = match checkpoint {
        Some((cp, key)) => v.finish(Some(cp), Some(key))?,
        None => v.finish(None, None)?,
    };
    let (head_seq, _) = head(conn)?;
    if head_seq != summary.head_seq {
        return Err(VerifyError::HeadMismatch {
            head_seq,
            last_seq: summary.head_seq,
        });
    }
    Ok(Verified {
        entries: summary.entries,
        head_seq: summary.head_seq,
        head_hash: summary.head_hash,
    })
}
