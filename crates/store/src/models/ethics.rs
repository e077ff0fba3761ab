//! The LIVC-R's code of ethics (deontologische code): the versions the
//! administrator published per tenant (`ethics_versions`, the summary of what
//! changed sealed with the row's own data key) and the acceptances per user
//! and version (`ethics_acceptances`).
//!
//! The version in force is the tenant's latest published one, or the built-in
//! [`BUILT_IN_VERSION`] while none was published; an acceptance counts only
//! for the label it names, so an earlier version's no longer counts.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::case::ethics_code::{BUILT_IN_VERSION, Publication, version_in_force};
use verbind_domain::{TenantId, UserId};

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::data_key;
use crate::schema::{ethics_acceptances, ethics_versions, users};

const VERSIONS: &str = "ethics_versions";

/// A published version, its summary still sealed.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = ethics_versions)]
pub struct VersionRow {
    pub id: String,
    pub tenant_id: String,
    /// 1, 2, ... per tenant: the highest is in force.
    pub seq: i32,
    /// The label, e.g. `2027-1`.
    pub version: String,
    pub data_key_id: String,
    pub summary_enc: Vec<u8>,
    pub published_by_user_id: String,
    pub published_at: i64,
}

/// A published version with its summary of changes opened.
#[derive(Clone)]
pub struct Version {
    pub row: VersionRow,
    pub summary: String,
}

impl std::fmt::Debug for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Version")
            .field("row", &self.row)
            .field(
                "summary",
                &format_args!("<{} chars>", self.summary.chars().count()),
            )
            .finish()
    }
}

fn open_version(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: VersionRow,
) -> StoreResult<Version> {
    let summary = data_key::open(conn, keyring, &row.data_key_id)?.open_string(
        VERSIONS,
        "summary",
        &row.id,
        &row.summary_enc,
    )?;
    Ok(Version { row, summary })
}

/// The labels `tenant` published, oldest first: what a new label is checked
/// against ([`verbind_domain::case::ethics_code::parse_publication`]).
pub fn labels(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<String>> {
    Ok(ethics_versions::table
        .filter(ethics_versions::tenant_id.eq(tenant.as_str()))
        .order(ethics_versions::seq.asc())
        .select(ethics_versions::version)
        .load(conn)?)
}

/// The latest version `tenant` published, if any (summary sealed).
pub fn latest(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Option<VersionRow>> {
    Ok(ethics_versions::table
        .filter(ethics_versions::tenant_id.eq(tenant.as_str()))
        .order(ethics_versions::seq.desc())
        .select(VersionRow::as_select())
        .first(conn)
        .optional()?)
}

/// The label of the version in force in `tenant`: the latest published one,
/// or the built-in one.
pub fn version_in_force_of(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<String> {
    let latest = latest(conn, tenant)?;
    Ok(version_in_force(latest.as_ref().map(|v| v.version.as_str())).to_owned())
}

/// Every version `tenant` published, oldest first, summaries opened.
pub fn versions(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
) -> StoreResult<Vec<Version>> {
    let rows: Vec<VersionRow> = ethics_versions::table
        .filter(ethics_versions::tenant_id.eq(tenant.as_str()))
        .order(ethics_versions::seq.asc())
        .select(VersionRow::as_select())
        .load(conn)?;
    rows.into_iter()
        .map(|r| open_version(conn, keyring, r))
        .collect()
}

/// Publishes a checked new version in `tenant`; from now on it is in force.
/// Call inside a write transaction: the next `seq` is read and written there.
/// A label used before (letter case aside) or a concurrent publication is a
/// `Conflict`.
pub fn publish(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    new: &Publication,
    by_user: &UserId,
    now_ms: i64,
) -> StoreResult<VersionRow> {
    // The domain checked the label against the earlier ones; check again in
    // this transaction, where the unique index has the last word.
    let taken = labels(conn, tenant)?
        .iter()
        .chain([&BUILT_IN_VERSION.to_owned()])
        .any(|l| new.label.same_as(l));
    if taken {
        return Err(StoreError::Conflict("ethics version"));
    }
    let last: Option<i32> = ethics_versions::table
        .filter(ethics_versions::tenant_id.eq(tenant.as_str()))
        .select(diesel::dsl::max(ethics_versions::seq))
        .first(conn)?;
    let key = data_key::create(conn, keyring, tenant.as_str(), "ethics_version", now_ms)?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = VersionRow {
        summary_enc: key.seal_str(VERSIONS, "summary", &id, new.summary.as_str())?,
        id,
        tenant_id: tenant.as_str().to_owned(),
        seq: last.unwrap_or(0).saturating_add(1),
        version: new.label.as_str().to_owned(),
        data_key_id: key.id.to_string(),
        published_by_user_id: by_user.as_str().to_owned(),
        published_at: now_ms,
    };
    diesel::insert_into(ethics_versions::table)
        .values(&row)
        .execute(conn)
        .map_err(|e| StoreError::conflict_on_unique(e, "ethics version"))?;
    Ok(row)
}

/// Whether `user` accepted `version`.
pub fn accepted(conn: &mut DbConn, user: &UserId, version: &str) -> StoreResult<bool> {
    let n: i64 = ethics_acceptances::table
        .filter(ethics_acceptances::user_id.eq(user.as_str()))
        .filter(ethics_acceptances::version.eq(version))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Whether `user` accepted the version in force in `tenant`: the rule every
/// case path asks (through the policy's `ethics_code_accepted`).
pub fn accepted_in_force(conn: &mut DbConn, tenant: &TenantId, user: &UserId) -> StoreResult<bool> {
    let version = version_in_force_of(conn, tenant)?;
    accepted(conn, user, &version)
}

/// The labels `user` ever accepted, oldest acceptance first.
pub fn accepted_versions(conn: &mut DbConn, user: &UserId) -> StoreResult<Vec<String>> {
    Ok(ethics_acceptances::table
        .filter(ethics_acceptances::user_id.eq(user.as_str()))
        .order(ethics_acceptances::accepted_at.asc())
        .select(ethics_acceptances::version)
        .load(conn)?)
}

/// Records that `user` accepted `version` (idempotent).
pub fn accept(
    conn: &mut DbConn,
    tenant: &TenantId,
    user: &UserId,
    version: &str,
    now_ms: i64,
) -> StoreResult<()> {
    if accepted(conn, user, version)? {
        return Ok(());
    }
    diesel::insert_into(ethics_acceptances::table)
        .values((
            ethics_acceptances::id.eq(uuid::Uuid::new_v4().to_string()),
            ethics_acceptances::tenant_id.eq(tenant.as_str()),
            ethics_acceptances::user_id.eq(user.as_str()),
            ethics_acceptances::version.eq(version),
            ethics_acceptances::accepted_at.eq(now_ms),
        ))
        .execute(conn)
        .map_err(|e| StoreError::conflict_on_unique(e, "ethics acceptance"))?;
    Ok(())
}

/// How many of `tenant`'s active (not disabled) accounts with one of `roles`
/// accepted `version`, out of how many such accounts there are.
pub fn acceptance_count(
    conn: &mut DbConn,
    tenant: &TenantId,
    version: &str,
    roles: &[&str],
) -> StoreResult<(i64, i64)> {
    let active = users::table
        .filter(users::tenant_id.eq(tenant.as_str()))
        .filter(users::disabled_at.is_null())
        .filter(users::role.eq_any(roles.iter().copied()));
    let total: i64 = active.clone().count().get_result(conn)?;
    let accepted: i64 = active
        .filter(
            users::id.eq_any(
                ethics_acceptances::table
                    .filter(ethics_acceptances::tenant_id.eq(tenant.as_str()))
                    .filter(ethics_acceptances::version.eq(version))
                    .select(ethics_acceptances::user_id),
            ),
        )
        .count()
        .get_result(conn)?;
    Ok((accepted, total))
}
