//! Tenants: each is one LIVC-R with its municipalities. Every domain row carries a tenant id.

use diesel::prelude::*;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::schema::{municipalities, tenants};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = tenants)]
pub struct Tenant {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub default_locale: String,
    pub created_at: i64,
    /// How to reach the data protection officer, from the profile; named in
    /// the privacy notices.
    pub privacy_contact: Option<String>,
}

impl Tenant {
    pub fn tenant_id(&self) -> TenantId {
        TenantId::from_db(self.id.clone())
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = municipalities)]
pub struct MunicipalityRow {
    pub id: String,
    pub tenant_id: String,
    pub name: String,
    pub nis_code: String,
}

pub fn find(conn: &mut DbConn, id: &TenantId) -> StoreResult<Tenant> {
    tenants::table
        .find(id.as_str())
        .select(Tenant::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

pub fn find_by_slug(conn: &mut DbConn, slug: &str) -> StoreResult<Option<Tenant>> {
    Ok(tenants::table
        .filter(tenants::slug.eq(slug))
        .select(Tenant::as_select())
        .first(conn)
        .optional()?)
}

pub fn list(conn: &mut DbConn) -> StoreResult<Vec<Tenant>> {
    Ok(tenants::table
        .order(tenants::name)
        .select(Tenant::as_select())
        .load(conn)?)
}

pub fn municipalities(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<MunicipalityRow>> {
    Ok(municipalities::table
        .filter(municipalities::tenant_id.eq(tenant.as_str()))
        .order(municipalities::name)
        .select(MunicipalityRow::as_select())
        .load(conn)?)
}

/// The districts (deelgemeenten, wijken) of the tenant's profile: (slug, name), by name.
pub fn districts(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<(String, String)>> {
    use crate::schema::districts;
    Ok(districts::table
        .filter(districts::tenant_id.eq(tenant.as_str()))
        .order(districts::name)
        .select((districts::slug, districts::name))
        .load(conn)?)
}
