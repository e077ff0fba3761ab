//! Organisations: city services, police, welfare partners, schools, ... Every
//! user belongs to one; information will be owned by organisations.

use diesel::prelude::*;
use verbind_domain::{OrganisationId, TenantId};

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::schema::organisations;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = organisations)]
pub struct Organisation {
    pub id: String,
    pub tenant_id: String,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub active: bool,
    pub created_at: i64,
}

impl Organisation {
    pub fn organisation_id(&self) -> OrganisationId {
        OrganisationId::from_db(self.id.clone())
    }
}

pub fn list(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<Organisation>> {
    Ok(organisations::table
        .filter(organisations::tenant_id.eq(tenant.as_str()))
        .order(organisations::name)
        .select(Organisation::as_select())
        .load(conn)?)
}

/// Finds an organisation of `tenant`; another tenant's id is "not found".
pub fn find(
    conn: &mut DbConn,
    tenant: &TenantId,
    id: &OrganisationId,
) -> StoreResult<Organisation> {
    organisations::table
        .filter(organisations::tenant_id.eq(tenant.as_str()))
        .filter(organisations::id.eq(id.as_str()))
        .select(Organisation::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

pub fn find_by_slug(
    conn: &mut DbConn,
    tenant: &TenantId,
    slug: &str,
) -> StoreResult<Option<Organisation>> {
    Ok(organisations::table
        .filter(organisations::tenant_id.eq(tenant.as_str()))
        .filter(organisations::slug.eq(slug))
        .select(Organisation::as_select())
        .first(conn)
        .optional()?)
}
