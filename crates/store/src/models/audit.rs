//! The audit trail: an append-only, hash-chained table (QUALITY.md §2.5).
//!
//! Every entry's hash covers the previous entry's hash and all its own fields
//! (see `verbind_crypto::audit`). `audit_head` holds the latest sequence number
//! and hash; appending first updates that single row, which serialises writers on
//! both backends (a row lock on PostgreSQL, the write lock on SQLite) so the
//! chain never forks, even with several server instances.

use diesel::connection::{DefaultLoadingMode, SimpleConnection};
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::pg::{Pg, PgValue};
use diesel::prelude::*;
use diesel::sql_types;
use diesel::sqlite::{Sqlite, SqliteValue};
use verbind_crypto::audit::{
    self as chain, AuditFields, ChainError, ChainSegment, ChainVerifier, Checkpoint,
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

/// Entries per page. `verify` reports `progress` after each page, and a read
/// error in the same page as the first broken entry (or before it) is reported
/// instead of the broken entry, as when each page was loaded whole, then checked.
const VERIFY_PAGE: u64 = 10_000;

/// From this many entries on, `verify` on SQLite checks the chain in two
/// halves at the same time.
const SPLIT_FROM: i64 = 2 * VERIFY_PAGE as i64;

/// Verifies the whole chain in order, and against a checkpoint if given.
/// `progress` is called with the number of entries checked so far, after each
/// page of 10 000 entries and after the last (partial) page.
///
/// How it reads does not change the result. On SQLite: the entries up to the
/// last one at the start in streaming queries (a long chain in two halves, each
/// on a read-only connection of its own, the second half on another thread,
/// joined with [`ChainVerifier::join`]), then any entries added meanwhile page
/// by page on `conn`, until a page is not full. On PostgreSQL: page by page,
/// the next page read on another thread while this one checks the last.
pub fn verify(
    conn: &mut DbConn,
    checkpoint: Option<(&Checkpoint, &chain::VerifyingKey)>,
    progress: impl FnMut(u64),
) -> Result<Verified, VerifyError> {
    let cp = checkpoint.map(|(cp, _)| cp);
    let mut v = cp.map_or_else(ChainVerifier::new, ChainVerifier::with_checkpoint);
    let mut progress = Progress {
        report: progress,
        reported: 0,
    };
    let checked = match conn {
        DbConn::Sqlite(c) => read_sqlite(c, &mut v, cp, &mut progress)?,
        DbConn::Pg(c) => read_pg(c, &mut v, &mut progress)?,
    };
    progress.done(checked);
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

/// Calls `verify`'s `progress` with each multiple of [`VERIFY_PAGE`] the
/// number of entries checked reaches, and at the end with the total.
struct Progress<F> {
    report: F,
    reported: u64,
}

impl<F: FnMut(u64)> Progress<F> {
    fn checked(&mut self, entries: u64) {
        while self.reported + VERIFY_PAGE <= entries {
            self.reported += VERIFY_PAGE;
            (self.report)(self.reported);
        }
    }

    fn done(&mut self, entries: u64) {
        self.checked(entries);
        if entries > self.reported {
            self.reported = entries;
            (self.report)(entries);
        }
    }
}

/// Rows read and checked in order, and the error they come to: the first
/// broken entry, unless reading failed before it or in its page (see
/// [`VERIFY_PAGE`]), whatever the queries and threads the rows came from.
#[derive(Debug, Default)]
struct Pass {
    /// Rows read: the index of the next row, counted from this pass's first.
    rows: u64,
    /// The first broken entry's row index and what is wrong with it.
    broken: Option<(u64, ChainError)>,
    /// The error that ended reading and the index of the row it hit.
    read_error: Option<(u64, StoreError)>,
    /// The seq of the last row read (0 before the first).
    last_seq: i64,
}

impl Pass {
    /// Whether to read on: until a read error, and after a broken entry far
    /// enough to see whether reading fails in its page.
    fn wants_more(&self) -> bool {
        self.read_error.is_none()
            && self
                .broken
                .as_ref()
                .is_none_or(|(at, _)| self.rows < at + VERIFY_PAGE)
    }

    /// Counts one row read, checking it with `check` unless an earlier one broke.
    fn row(&mut self, seq: i64, check: impl FnOnce() -> Result<(), ChainError>) {
        if self.broken.is_none()
            && let Err(e) = check()
        {
            self.broken = Some((self.rows, e));
        }
        self.rows += 1;
        self.last_seq = seq;
    }

    fn read_failed(&mut self, e: StoreError) {
        if self.read_error.is_none() {
            self.read_error = Some((self.rows, e));
        }
    }

    /// Rows checked and found intact, counted from this pass's first.
    fn intact(&self) -> u64 {
        self.broken.as_ref().map_or(self.rows, |(at, _)| *at)
    }

    /// Appends the later part of the rows, read and checked in `later` (and
    /// `segment`) while this pass read the rows before them, to the end.
    fn join(&mut self, v: &mut ChainVerifier, later: Pass, segment: ChainSegment) {
        if self.read_error.is_some() {
            // Reading stopped before the later rows: they do not count.
            return;
        }
        if self.broken.is_none()
            && let Err(e) = v.join(segment)
        {
            // The later part's first broken entry, or its first entry when it
            // does not follow on from this part's last.
            let at = match &later.broken {
                Some((at, later_e)) if *later_e == e => *at,
                _ => 0,
            };
            self.broken = Some((self.rows + at, e));
        }
        if let Some((at, e)) = later.read_error {
            self.read_error = Some((self.rows + at, e));
        }
        self.rows += later.rows;
        if later.rows > 0 {
            self.last_seq = later.last_seq;
        }
    }

    /// The error to report.
    fn result(self) -> Result<(), VerifyError> {
        match (self.broken, self.read_error) {
            (Some((broken, _)), Some((read, e))) if read / VERIFY_PAGE <= broken / VERIFY_PAGE => {
                Err(e.into())
            }
            (Some((_, e)), _) => Err(e.into()),
            (None, Some((_, e))) => Err(e.into()),
            (None, None) => Ok(()),
        }
    }
}

/// What checks entries: the verifier of the whole chain, or of a later part.
trait Check {
    fn check(
        &mut self,
        f: &AuditFields<'_>,
        prev_hash: &[u8],
        hash: &[u8],
    ) -> Result<(), ChainError>;
}

impl Check for ChainVerifier {
    fn check(
        &mut self,
        f: &AuditFields<'_>,
        prev_hash: &[u8],
        hash: &[u8],
    ) -> Result<(), ChainError> {
        self.push_fields(f, prev_hash, hash)
    }
}

impl Check for ChainSegment {
    fn check(
        &mut self,
        f: &AuditFields<'_>,
        prev_hash: &[u8],
        hash: &[u8],
    ) -> Result<(), ChainError> {
        self.push_fields(f, prev_hash, hash)
    }
}

/// The columns the chain covers, in the order of [`ChainRow`].
type ChainColumns = (
    audit_log::seq,
    audit_log::at_ms,
    audit_log::tenant_id,
    audit_log::actor_user_id,
    audit_log::actor_org_id,
    audit_log::action,
    audit_log::object_type,
    audit_log::object_id,
    audit_log::outcome,
    audit_log::reason,
    audit_log::detail,
    audit_log::prev_hash,
    audit_log::hash,
);

/// The columns the chain covers, in the order of [`ChainRow`].
const CHAIN_COLUMNS: ChainColumns = (
    audit_log::seq,
    audit_log::at_ms,
    audit_log::tenant_id,
    audit_log::actor_user_id,
    audit_log::actor_org_id,
    audit_log::action,
    audit_log::object_type,
    audit_log::object_id,
    audit_log::outcome,
    audit_log::reason,
    audit_log::detail,
    audit_log::prev_hash,
    audit_log::hash,
);

/// [`CHAIN_COLUMNS`] for SQLite, the text columns read as blobs: SQLite then
/// hands over the bytes as they are stored, where reading text copies it to
/// add a terminating NUL. They are checked to be UTF-8 as they are read (see
/// `Text`), with the error a `String` gets.
macro_rules! sqlite_chain_columns {
    () => {{
        use diesel::dsl::sql;
        use diesel::sql_types::{Binary, Nullable};
        (
            audit_log::seq,
            audit_log::at_ms,
            sql::<Nullable<Binary>>("CAST(tenant_id AS BLOB) AS tenant_id"),
            sql::<Nullable<Binary>>("CAST(actor_user_id AS BLOB) AS actor_user_id"),
            sql::<Nullable<Binary>>("CAST(actor_org_id AS BLOB) AS actor_org_id"),
            sql::<Binary>("CAST(action AS BLOB) AS action"),
            sql::<Nullable<Binary>>("CAST(object_type AS BLOB) AS object_type"),
            sql::<Nullable<Binary>>("CAST(object_id AS BLOB) AS object_id"),
            sql::<Binary>("CAST(outcome AS BLOB) AS outcome"),
            audit_log::reason,
            sql::<Nullable<Binary>>("CAST(detail AS BLOB) AS detail"),
            audit_log::prev_hash,
            audit_log::hash,
        )
    }};
}

/// One entry as `verify` reads it: [`AuditRow`]'s fields, the text and blob
/// values in the reading thread's [`ReadBuf`].
type ChainRow = (
    i64,
    i64,
    Option<Text>,
    Option<Text>,
    Option<Text>,
    Text,
    Option<Text>,
    Option<Text>,
    Text,
    Option<Blob>,
    Option<Text>,
    Blob,
    Blob,
);

/// Checks one row whose values are in `buf`.
fn check_row(check: &mut impl Check, buf: &ReadBuf, row: &ChainRow) -> Result<(), ChainError> {
    let (
        seq,
        at_ms,
        tenant_id,
        actor_user_id,
        actor_org_id,
        action,
        object_type,
        object_id,
        outcome,
        reason,
        detail,
        prev_hash,
        hash,
    ) = row;
    let text = |t: &Text| buf.text(t);
    let fields = AuditFields {
        seq: *seq,
        at_ms: *at_ms,
        tenant_id: tenant_id.as_ref().map(text),
        actor_user_id: actor_user_id.as_ref().map(text),
        actor_org_id: actor_org_id.as_ref().map(text),
        action: text(action),
        object_type: object_type.as_ref().map(text),
        object_id: object_id.as_ref().map(text),
        outcome: text(outcome),
        reason: reason.as_ref().map(|b| buf.bytes(b)),
        detail: detail.as_ref().map(text),
    };
    check.check(&fields, buf.bytes(prev_hash), buf.bytes(hash))
}

/// Reads and checks streamed rows until they run out or `pass` needs no more,
/// telling `intact` the number of rows found intact so far after each.
/// Returns whether the rows ran out.
fn stream_rows(
    rows: impl Iterator<Item = QueryResult<ChainRow>>,
    check: &mut impl Check,
    pass: &mut Pass,
    mut intact: impl FnMut(u64),
) -> bool {
    READ_BUF.with_borrow_mut(ReadBuf::clear);
    for row in rows {
        match row {
            Ok(row) => READ_BUF.with_borrow_mut(|buf| {
                pass.row(row.0, || check_row(check, buf, &row));
                buf.clear();
            }),
            Err(e) => pass.read_failed(e.into()),
        }
        intact(pass.intact());
        if !pass.wants_more() {
            return false;
        }
    }
    true
}

/// A page of rows and the values they point to.
#[derive(Default)]
struct Page {
    rows: Vec<ChainRow>,
    buf: ReadBuf,
}

impl Page {
    /// Replaces the rows with `rows`, all of them or (on an error) none.
    fn fill(
        &mut self,
        rows: QueryResult<impl Iterator<Item = QueryResult<ChainRow>>>,
    ) -> Result<(), StoreError> {
        self.rows.clear();
        self.buf.clear();
        // The values go to the thread's buffer: lend it this page's.
        READ_BUF.with_borrow_mut(|buf| std::mem::swap(buf, &mut self.buf));
        let read = || -> Result<(), StoreError> {
            for row in rows? {
                self.rows.push(row?);
            }
            Ok(())
        };
        let result = read();
        READ_BUF.with_borrow_mut(|buf| std::mem::swap(buf, &mut self.buf));
        if result.is_err() {
            self.rows.clear();
        }
        result
    }

    /// Checks the rows with `v` as far as `pass` needs them.
    fn check<F: FnMut(u64)>(
        &self,
        v: &mut ChainVerifier,
        pass: &mut Pass,
        progress: &mut Progress<F>,
    ) {
        for row in &self.rows {
            if !pass.wants_more() {
                return;
            }
            pass.row(row.0, || check_row(v, &self.buf, row));
            progress.checked(pass.intact());
        }
    }
}

/// SQLite: the entries there are at the start in streaming queries (in two
/// halves at once for a long chain, on connections of their own), then page by
/// page on `c` the entries added since (and any the other connections did not
/// see), until a page is not full. Returns the number of entries checked.
fn read_sqlite<F: FnMut(u64)>(
    c: &mut diesel::SqliteConnection,
    v: &mut ChainVerifier,
    cp: Option<&Checkpoint>,
    progress: &mut Progress<F>,
) -> Result<u64, VerifyError> {
    let max: Option<i64> = audit_log::table
        .select(diesel::dsl::max(audit_log::seq))
        .first(c)
        .map_err(StoreError::from)?;
    let mut pass = Pass::default();
    if let Some(max) = max.filter(|max| *max > 0) {
        match (max >= SPLIT_FROM).then(|| split_readers(c)).flatten() {
            Some((first, second)) => read_halves(first, second, max, v, cp, &mut pass, progress),
            None => {
                let rows = audit_log::table
                    .filter(audit_log::seq.gt(0))
                    .filter(audit_log::seq.le(max))
                    .order(audit_log::seq.asc())
                    .select(sqlite_chain_columns!())
                    .load_iter::<ChainRow, DefaultLoadingMode>(c);
                match rows {
                    Ok(rows) => {
                        stream_rows(rows, v, &mut pass, |n| progress.checked(n));
                    }
                    Err(e) => pass.read_failed(e.into()),
                }
            }
        }
    }
    // Page by page from where the stream ended, aligned on the pages.
    let mut page = Page::default();
    while pass.wants_more() {
        let limit = VERIFY_PAGE - pass.rows % VERIFY_PAGE;
        let rows = audit_log::table
            .filter(audit_log::seq.gt(pass.last_seq))
            .order(audit_log::seq.asc())
            .limit(i64::try_from(limit).unwrap_or(i64::MAX))
            .select(sqlite_chain_columns!())
            .load_iter::<ChainRow, DefaultLoadingMode>(c);
        if let Err(e) = page.fill(rows) {
            pass.read_failed(e);
            break;
        }
        page.check(v, &mut pass, progress);
        if (page.rows.len() as u64) < limit {
            break;
        }
    }
    let checked = pass.intact();
    pass.result()?;
    Ok(checked)
}

/// Two read-only connections of their own to `c`'s database file, for reading
/// in parallel; `None` when there is no file (an in-memory database) or they
/// cannot be opened, and `verify` reads on `c` alone.
fn split_readers(
    c: &mut diesel::SqliteConnection,
) -> Option<(diesel::SqliteConnection, diesel::SqliteConnection)> {
    #[derive(QueryableByName)]
    struct Db {
        #[diesel(sql_type = diesel::sql_types::Text)]
        file: String,
    }
    let db: Db = diesel::sql_query("SELECT file FROM pragma_database_list WHERE name = 'main'")
        .get_result(c)
        .ok()?;
    if db.file.is_empty() {
        return None;
    }
    // A URI, so that a file that went away is not created again.
    let mut uri = String::from("file:");
    for ch in db.file.chars() {
        match ch {
            '%' => uri.push_str("%25"),
            '?' => uri.push_str("%3f"),
            '#' => uri.push_str("%23"),
            ch => uri.push(ch),
        }
    }
    uri.push_str("?mode=ro");
    let open = || {
        let mut reader = diesel::SqliteConnection::establish(&uri).ok()?;
        // Pages mapped rather than copied in: the whole file, as far as
        // SQLite allows.
        reader
            .batch_execute("PRAGMA busy_timeout = 10000; PRAGMA mmap_size = 1099511627776;")
            .ok()?;
        Some(reader)
    };
    Some((open()?, open()?))
}

/// Reads and checks the entries up to `max` in two halves at the same time:
/// the first on this thread with `v`, the second on another into a
/// [`ChainSegment`], then joined.
fn read_halves<F: FnMut(u64)>(
    mut first: diesel::SqliteConnection,
    mut second: diesel::SqliteConnection,
    max: i64,
    v: &mut ChainVerifier,
    cp: Option<&Checkpoint>,
    pass: &mut Pass,
    progress: &mut Progress<F>,
) {
    let mid = max / 2;
    std::thread::scope(|scope| {
        let later = scope.spawn(move || {
            let mut segment = cp.map_or_else(ChainSegment::new, ChainSegment::with_checkpoint);
            let mut part = Pass::default();
            let rows = audit_log::table
                .filter(audit_log::seq.gt(mid))
                .filter(audit_log::seq.le(max))
                .order(audit_log::seq.asc())
                .select(sqlite_chain_columns!())
                .load_iter::<ChainRow, DefaultLoadingMode>(&mut second);
            match rows {
                Ok(rows) => {
                    stream_rows(rows, &mut segment, &mut part, |_| {});
                }
                Err(e) => part.read_failed(e.into()),
            }
            (part, segment)
        });
        let rows = audit_log::table
            .filter(audit_log::seq.gt(0))
            .filter(audit_log::seq.le(mid))
            .order(audit_log::seq.asc())
            .select(sqlite_chain_columns!())
            .load_iter::<ChainRow, DefaultLoadingMode>(&mut first);
        let ran_out = match rows {
            Ok(rows) => stream_rows(rows, v, pass, |n| progress.checked(n)),
            Err(e) => {
                pass.read_failed(e.into());
                false
            }
        };
        let (part, segment) = match later.join() {
            Ok(later) => later,
            Err(panicked) => std::panic::resume_unwind(panicked),
        };
        // The second half counts unless reading the first stopped early.
        if ran_out {
            pass.join(v, part, segment);
            progress.checked(pass.intact());
        }
    });
}

/// PostgreSQL: page by page; another thread reads the next page while this
/// one checks the last. Returns the number of entries checked.
fn read_pg<F: FnMut(u64)>(
    c: &mut diesel::PgConnection,
    v: &mut ChainVerifier,
    progress: &mut Progress<F>,
) -> Result<u64, VerifyError> {
    let mut pass = Pass::default();
    std::thread::scope(|scope| {
        let (full_tx, full_rx) = std::sync::mpsc::sync_channel::<Result<Page, StoreError>>(1);
        let (empty_tx, empty_rx) = std::sync::mpsc::channel::<Page>();
        scope.spawn(move || {
            let mut after = 0_i64;
            loop {
                let mut page = empty_rx.try_recv().unwrap_or_default();
                let rows = audit_log::table
                    .filter(audit_log::seq.gt(after))
                    .order(audit_log::seq.asc())
                    .limit(VERIFY_PAGE as i64)
                    .select(CHAIN_COLUMNS)
                    .load_iter::<ChainRow, DefaultLoadingMode>(c);
                if let Err(e) = page.fill(rows) {
                    let _ = full_tx.send(Err(e));
                    return;
                }
                let full = page.rows.len() as u64 == VERIFY_PAGE;
                if let Some(last) = page.rows.last() {
                    after = last.0;
                }
                // Stop when this was the last page or `verify` needs no more.
                if full_tx.send(Ok(page)).is_err() || !full {
                    return;
                }
            }
        });
        for page in full_rx {
            match page {
                Ok(page) => {
                    page.check(v, &mut pass, progress);
                    // The reader may be done; then the page is dropped.
                    let _ = empty_tx.send(page);
                }
                Err(e) => pass.read_failed(e),
            }
            if !pass.wants_more() {
                break;
            }
        }
    });
    let checked = pass.intact();
    pass.result()?;
    Ok(checked)
}

/// The text and blob values of the rows `verify` reads on a thread, which the
/// rows' [`Text`] and [`Blob`] values point into: so that reading a row
/// allocates nothing.
#[derive(Debug, Default)]
struct ReadBuf {
    text: String,
    bytes: Vec<u8>,
}

thread_local! {
    static READ_BUF: std::cell::RefCell<ReadBuf> = std::cell::RefCell::default();
}

impl ReadBuf {
    fn clear(&mut self) {
        self.text.clear();
        self.bytes.clear();
    }

    /// The text at `t` (empty if `t` was read into another buffer, so that
    /// such a mistake breaks the chain rather than passing).
    fn text(&self, t: &Text) -> &str {
        self.text.get(t.0.clone()).unwrap_or_default()
    }

    fn bytes(&self, b: &Blob) -> &[u8] {
        self.bytes.get(b.0.clone()).unwrap_or_default()
    }
}

/// A text value read by `verify`: where it is in the thread's [`ReadBuf`].
#[derive(Debug)]
struct Text(std::ops::Range<usize>);

/// A blob value read by `verify`: where it is in the thread's [`ReadBuf`].
#[derive(Debug)]
struct Blob(std::ops::Range<usize>);

impl Text {
    fn keep(text: &str) -> Self {
        READ_BUF.with_borrow_mut(|buf| {
            let start = buf.text.len();
            buf.text.push_str(text);
            Text(start..buf.text.len())
        })
    }
}

impl Blob {
    fn keep(bytes: &[u8]) -> Self {
        READ_BUF.with_borrow_mut(|buf| {
            let start = buf.bytes.len();
            buf.bytes.extend_from_slice(bytes);
            Blob(start..buf.bytes.len())
        })
    }
}

impl FromSql<sql_types::Binary, Sqlite> for Text {
    fn from_sql(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        Ok(Text::keep(std::str::from_utf8(value.read_blob())?))
    }
}

impl FromSql<sql_types::Binary, Sqlite> for Blob {
    fn from_sql(mut value: SqliteValue<'_, '_, '_>) -> deserialize::Result<Self> {
        Ok(Blob::keep(value.read_blob()))
    }
}

impl FromSql<sql_types::Text, Pg> for Text {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        Ok(Text::keep(std::str::from_utf8(value.as_bytes())?))
    }
}

impl FromSql<sql_types::Binary, Pg> for Blob {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        Ok(Blob::keep(value.as_bytes()))
    }
}

macro_rules! read_value_queryable {
    ($($t:ty: $st:ty, $db:ty;)*) => {$(
        impl Queryable<$st, $db> for $t {
            type Row = Self;
            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }
    )*};
}
read_value_queryable!(
    Text: sql_types::Binary, Sqlite;
    Blob: sql_types::Binary, Sqlite;
    Text: sql_types::Text, Pg;
    Blob: sql_types::Binary, Pg;
);
