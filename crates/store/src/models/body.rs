//! Bodies (Stuurgroep, Partnertafel, Werkgroep polarisering, Netwerk
//! referentiepersonen) and their seats, each held by a user.

use diesel::prelude::*;
use verbind_domain::{BodyId, SeatId, TenantId, UserId};

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::schema::{bodies, seats};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = bodies)]
pub struct Body {
    pub id: String,
    pub tenant_id: String,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub min_meetings_per_year: Option<i32>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = seats)]
pub struct Seat {
    pub id: String,
    pub tenant_id: String,
    pub body_id: String,
    pub slug: String,
    pub title: String,
    pub organisation_id: String,
    pub holder_user_id: Option<String>,
    pub optional: bool,
}

pub fn list(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<Body>> {
    Ok(bodies::table
        .filter(bodies::tenant_id.eq(tenant.as_str()))
        .order(bodies::name)
        .select(Body::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConn, tenant: &TenantId, id: &BodyId) -> StoreResult<Body> {
    bodies::table
        .filter(bodies::tenant_id.eq(tenant.as_str()))
        .filter(bodies::id.eq(id.as_str()))
        .select(Body::as_select())
        .first(conn)
        .optional()?
        .ok_or(StoreError::NotFound)
}

pub fn find_by_slug(conn: &mut DbConn, tenant: &TenantId, slug: &str) -> StoreResult<Option<Body>> {
    Ok(bodies::table
        .filter(bodies::tenant_id.eq(tenant.as_str()))
        .filter(bodies::slug.eq(slug))
        .select(Body::as_select())
        .first(conn)
        .optional()?)
}

pub fn seats(conn: &mut DbConn, tenant: &TenantId, body: &BodyId) -> StoreResult<Vec<Seat>> {
    Ok(seats::table
        .filter(seats::tenant_id.eq(tenant.as_str()))
        .filter(seats::body_id.eq(body.as_str()))
        .order(seats::title)
        .select(Seat::as_select())
        .load(conn)?)
}

/// Seats held by a user (across bodies of their tenant).
pub fn seats_of_user(
    conn: &mut DbConn,
    tenant: &TenantId,
    user: &UserId,
) -> StoreResult<Vec<Seat>> {
    Ok(seats::table
        .filter(seats::tenant_id.eq(tenant.as_str()))
        .filter(seats::holder_user_id.eq(user.as_str()))
        .select(Seat::as_select())
        .load(conn)?)
}

/// Gives a seat to a user (or frees it with `None`). Both must belong to `tenant`.
pub fn assign_seat(
    conn: &mut DbConn,
    tenant: &TenantId,
    seat: &SeatId,
    holder: Option<&UserId>,
) -> StoreResult<()> {
    // The holder must be a user of the same tenant: another tenant's user is "not found".
    if let Some(u) = holder {
        crate::models::user::find(conn, tenant, u)?;
    }
    let n = diesel::update(
        seats::table
            .filter(seats::tenant_id.eq(tenant.as_str()))
            .filter(seats::id.eq(seat.as_str())),
    )
    .set(seats::holder_user_id.eq(holder.map(|u| u.as_str().to_owned())))
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub fn find_seat_by_slug(
    conn: &mut DbConn,
    tenant: &TenantId,
    body_slug: &str,
    seat_slug: &str,
) -> StoreResult<Option<Seat>> {
    let Some(body) = find_by_slug(conn, tenant, body_slug)? else {
        return Ok(None);
    };
    Ok(seats::table
        .filter(seats::tenant_id.eq(tenant.as_str()))
        .filter(seats::body_id.eq(&body.id))
        .filter(seats::slug.eq(seat_slug))
        .select(Seat::as_select())
        .first(conn)
        .optional()?)
}
