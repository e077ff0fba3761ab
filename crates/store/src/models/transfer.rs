//! Case transfers between LIVC-Rs: the register of partner LIVC-Rs with their
//! transfer public keys (kept by the administrator), the log of packages made
//! and received, and the mark on items that came in with a package.
//!
//! Which partner a case went to or came from tells where the person moved, so
//! the log seals the partner's id with the case's own data key (as
//! `cases.transferred_to_enc` does); the partner's name is sealed with the
//! register row's own key. Public keys and fingerprints are not secret.

use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::case::CaseRow;
use crate::models::data_key;
use crate::schema::{case_transfer_items, case_transfer_packages, livc_partners};

const PARTNERS: &str = "livc_partners";
const PACKAGES: &str = "case_transfer_packages";

/// A package made here for another LIVC-R.
pub const EXPORT: &str = "export";
/// A package received from another LIVC-R.
pub const IMPORT: &str = "import";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = livc_partners)]
pub struct PartnerRow {
    pub id: String,
    pub tenant_id: String,
    pub data_key_id: String,
    pub name_enc: Vec<u8>,
    /// `verbind-transfer-v1:...`
    pub public_key: String,
    pub fingerprint: String,
    pub added_by_user_id: String,
    pub added_at: i64,
    pub removed_by_user_id: Option<String>,
    pub removed_at: Option<i64>,
}

/// A partner LIVC-R with its name decrypted.
#[derive(Debug, Clone)]
pub struct Partner {
    pub row: PartnerRow,
    pub name: String,
}

/// A partner to register.
#[derive(Debug)]
pub struct NewPartner<'a> {
    pub name: &'a str,
    pub public_key: &'a str,
    pub fingerprint: &'a str,
    pub by_user: &'a str,
}

fn open_partner(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    row: PartnerRow,
) -> StoreResult<Partner> {
    let name = data_key::open(conn, keyring, &row.data_key_id)?.open_string(
        PARTNERS,
        "name",
        &row.id,
        &row.name_enc,
    )?;
    Ok(Partner { row, name })
}

/// Registers a partner LIVC-R. A key already registered (and not removed) in
/// this tenant is a `Conflict`.
pub fn add_partner(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    new: &NewPartner<'_>,
    now_ms: i64,
) -> StoreResult<PartnerRow> {
    let taken = livc_partners::table
        .filter(livc_partners::tenant_id.eq(tenant.as_str()))
        .filter(livc_partners::fingerprint.eq(new.fingerprint))
        .filter(livc_partners::removed_at.is_null())
        .count()
        .get_result::<i64>(conn)?;
    if taken > 0 {
        return Err(StoreError::Conflict("partner key"));
    }
    let key = data_key::create(conn, keyring, tenant.as_str(), "livc_partner", now_ms)?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = PartnerRow {
        name_enc: key.seal_str(PARTNERS, "name", &id, new.name)?,
        id,
        tenant_id: tenant.as_str().to_owned(),
        data_key_id: key.id.to_string(),
        public_key: new.public_key.to_owned(),
        fingerprint: new.fingerprint.to_owned(),
        added_by_user_id: new.by_user.to_owned(),
        added_at: now_ms,
        removed_by_user_id: None,
        removed_at: None,
    };
    diesel::insert_into(livc_partners::table)
        .values(&row)
        .execute(conn)
        .map_err(|e| StoreError::conflict_on_unique(e, "partner key"))?;
    Ok(row)
}

/// The tenant's registered (not removed) partners, names decrypted, by name.
pub fn list_partners(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
) -> StoreResult<Vec<Partner>> {
    let rows: Vec<PartnerRow> = livc_partners::table
        .filter(livc_partners::tenant_id.eq(tenant.as_str()))
        .filter(livc_partners::removed_at.is_null())
        .order(livc_partners::added_at.asc())
        .select(PartnerRow::as_select())
        .load(conn)?;
    let mut out = rows
        .into_iter()
        .map(|r| open_partner(conn, keyring, r))
        .collect::<StoreResult<Vec<_>>>()?;
    out.sort_by_key(|p| p.name.to_lowercase());
    Ok(out)
}

/// A partner of `tenant`, removed or not; another tenant's is "not found".
pub fn find_partner_any(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    id: &str,
) -> StoreResult<Partner> {
    let row = livc_partners::table
        .filter(livc_partners::tenant_id.eq(tenant.as_str()))
        .filter(livc_partners::id.eq(id))
        .select(PartnerRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)?;
    open_partner(conn, keyring, row)
}

/// A registered (not removed) partner of `tenant`.
pub fn find_partner(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    id: &str,
) -> StoreResult<Partner> {
    let p = find_partner_any(conn, keyring, tenant, id)?;
    if p.row.removed_at.is_some() {
        return Err(StoreError::NotFound);
    }
    Ok(p)
}

/// Removes a partner from the register (the row stays for the log).
pub fn remove_partner(
    conn: &mut DbConn,
    tenant: &TenantId,
    id: &str,
    by_user: &str,
    now_ms: i64,
) -> StoreResult<()> {
    let n = diesel::update(
        livc_partners::table
            .filter(livc_partners::tenant_id.eq(tenant.as_str()))
            .filter(livc_partners::id.eq(id))
            .filter(livc_partners::removed_at.is_null()),
    )
    .set((
        livc_partners::removed_by_user_id.eq(Some(by_user)),
        livc_partners::removed_at.eq(Some(now_ms)),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = case_transfer_packages)]
pub struct PackageRow {
    pub id: String,
    pub tenant_id: String,
    pub case_id: String,
    /// [`EXPORT`] or [`IMPORT`].
    pub direction: String,
    pub partner_enc: Vec<u8>,
    pub package_sha256: String,
    pub provenance_enc: Option<Vec<u8>>,
    pub created_by_user_id: String,
    pub created_at: i64,
}

/// A logged package with its sealed fields opened.
#[derive(Debug, Clone)]
pub struct Package {
    pub row: PackageRow,
    pub partner_id: String,
    /// For an import: what the sending side said about the case's past.
    pub provenance: Option<String>,
}

/// One package to log.
#[derive(Debug)]
pub struct NewPackage<'a> {
    /// [`EXPORT`] or [`IMPORT`].
    pub direction: &'static str,
    pub partner_id: &'a str,
    pub package_sha256: &'a str,
    pub provenance: Option<&'a str>,
    pub by_user: &'a str,
}

/// Whether this tenant already received the package with this hash.
pub fn already_imported(conn: &mut DbConn, tenant: &TenantId, sha256: &str) -> StoreResult<bool> {
    let n = case_transfer_packages::table
        .filter(case_transfer_packages::tenant_id.eq(tenant.as_str()))
        .filter(case_transfer_packages::direction.eq(IMPORT))
        .filter(case_transfer_packages::package_sha256.eq(sha256))
        .count()
        .get_result::<i64>(conn)?;
    Ok(n > 0)
}

/// Logs a package made for, or received for, `case` (sealed with its key).
/// Receiving the same package twice is a `Conflict`.
pub fn log_package(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
    new: &NewPackage<'_>,
    now_ms: i64,
) -> StoreResult<PackageRow> {
    let key = data_key::open(conn, keyring, &case.data_key_id)?;
    let id = uuid::Uuid::new_v4().to_string();
    let row = PackageRow {
        partner_enc: key.seal_str(PACKAGES, "partner", &id, new.partner_id)?,
        provenance_enc: new
            .provenance
            .map(|p| key.seal_str(PACKAGES, "provenance", &id, p))
            .transpose()?,
        id,
        tenant_id: case.tenant_id.clone(),
        case_id: case.id.clone(),
        direction: new.direction.to_owned(),
        package_sha256: new.package_sha256.to_owned(),
        created_by_user_id: new.by_user.to_owned(),
        created_at: now_ms,
    };
    diesel::insert_into(case_transfer_packages::table)
        .values(&row)
        .execute(conn)
        .map_err(|e| StoreError::conflict_on_unique(e, "transfer package"))?;
    Ok(row)
}

/// The packages logged for a case, oldest first, sealed fields opened.
pub fn packages_of_case(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    case: &CaseRow,
) -> StoreResult<Vec<Package>> {
    let rows: Vec<PackageRow> = case_transfer_packages::table
        .filter(case_transfer_packages::tenant_id.eq(&case.tenant_id))
        .filter(case_transfer_packages::case_id.eq(&case.id))
        .order(case_transfer_packages::created_at.asc())
        .select(PackageRow::as_select())
        .load(conn)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let key = data_key::open(conn, keyring, &case.data_key_id)?;
    rows.into_iter()
        .map(|row| {
            let partner_id = key.open_string(PACKAGES, "partner", &row.id, &row.partner_enc)?;
            let provenance = row
                .provenance_enc
                .as_ref()
                .map(|p| key.open_string(PACKAGES, "provenance", &row.id, p))
                .transpose()?;
            Ok(Package {
                row,
                partner_id,
                provenance,
            })
        })
        .collect()
}

/// Marks an item as having come in with a received package.
pub fn mark_item(
    conn: &mut DbConn,
    tenant: &TenantId,
    item_id: &str,
    package_id: &str,
) -> StoreResult<()> {
    diesel::insert_into(case_transfer_items::table)
        .values((
            case_transfer_items::item_id.eq(item_id),
            case_transfer_items::tenant_id.eq(tenant.as_str()),
            case_transfer_items::package_id.eq(package_id),
        ))
        .execute(conn)?;
    Ok(())
}

/// The ids of the items of `tenant` that came in with a received package.
pub fn received_item_ids(
    conn: &mut DbConn,
    tenant: &TenantId,
    item_ids: &[String],
) -> StoreResult<Vec<String>> {
    if item_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(case_transfer_items::table
        .filter(case_transfer_items::tenant_id.eq(tenant.as_str()))
        .filter(case_transfer_items::item_id.eq_any(item_ids))
        .select(case_transfer_items::item_id)
        .load(conn)?)
}
