//! Loading a municipality profile (`profiles/*.toml`) into the database.
//!
//! Loading is idempotent: items are matched by slug (or code) within the
//! tenant and updated; new ones are added; nothing is deleted, so seat holders
//! and history survive a reload.

use diesel::prelude::*;
use verbind_domain::TenantId;
use verbind_domain::profile::Profile;

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::tenant::Tenant;
use crate::models::{body, organisation, tenant};
use crate::schema::{
    bodies, districts, measures, municipalities, organisations, schools, seats, tenants,
};

/// What a load changed, for the CLI and the audit trail.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LoadSummary {
    pub tenant_created: bool,
    pub added: usize,
    pub updated: usize,
}

fn code_of<T: serde::Serialize>(v: &T) -> StoreResult<String> {
    match toml::Value::try_from(v) {
        Ok(toml::Value::String(s)) => Ok(s),
        _ => Err(StoreError::Invalid(
            "enum did not serialise to a string".into(),
        )),
    }
}

/// Loads `profile`, creating its tenant if needed. Returns the tenant and a summary.
pub fn load(
    conn: &mut DbConn,
    profile: &Profile,
    now_ms: i64,
) -> StoreResult<(Tenant, LoadSummary)> {
    let mut s = LoadSummary::default();
    let t = match tenant::find_by_slug(conn, &profile.tenant.slug)? {
        Some(t) => {
            diesel::update(tenants::table.find(&t.id))
                .set((
                    tenants::name.eq(&profile.tenant.name),
                    tenants::default_locale.eq(&profile.tenant.default_locale),
                    tenants::privacy_contact.eq(&profile.tenant.privacy_contact),
                ))
                .execute(conn)?;
            s.updated += 1;
            t
        }
        None => {
            let t = Tenant {
                id: TenantId::new().into_string(),
                slug: profile.tenant.slug.clone(),
                name: profile.tenant.name.clone(),
                default_locale: profile.tenant.default_locale.clone(),
                created_at: now_ms,
                privacy_contact: profile.tenant.privacy_contact.clone(),
            };
            diesel::insert_into(tenants::table)
                .values(&t)
                .execute(conn)?;
            s.tenant_created = true;
            t
        }
    };
    let tid = t.tenant_id();

    for m in &profile.municipalities {
        let existing: Option<String> = municipalities::table
            .filter(municipalities::tenant_id.eq(&t.id))
            .filter(municipalities::nis_code.eq(&m.nis_code))
            .select(municipalities::id)
            .first(conn)
            .optional()?;
        match existing {
            Some(id) => {
                diesel::update(municipalities::table.find(id))
                    .set(municipalities::name.eq(&m.name))
                    .execute(conn)?;
                s.updated += 1;
            }
            None => {
                diesel::insert_into(municipalities::table)
                    .values((
                        municipalities::id.eq(uuid::Uuid::new_v4().to_string()),
                        municipalities::tenant_id.eq(&t.id),
                        municipalities::name.eq(&m.name),
                        municipalities::nis_code.eq(&m.nis_code),
                    ))
                    .execute(conn)?;
                s.added += 1;
            }
        }
    }

    for d in &profile.districts {
        let existing: Option<String> = districts::table
            .filter(districts::tenant_id.eq(&t.id))
            .filter(districts::slug.eq(&d.slug))
            .select(districts::id)
            .first(conn)
            .optional()?;
        match existing {
            Some(id) => {
                diesel::update(districts::table.find(id))
                    .set((
                        districts::name.eq(&d.name),
                        districts::municipality_nis.eq(&d.municipality),
                    ))
                    .execute(conn)?;
                s.updated += 1;
            }
            None => {
                diesel::insert_into(districts::table)
                    .values((
                        districts::id.eq(uuid::Uuid::new_v4().to_string()),
                        districts::tenant_id.eq(&t.id),
                        districts::slug.eq(&d.slug),
                        districts::name.eq(&d.name),
                        districts::municipality_nis.eq(&d.municipality),
                    ))
                    .execute(conn)?;
                s.added += 1;
            }
        }
    }

    for o in &profile.organisations {
        let kind = code_of(&o.kind)?;
        match organisation::find_by_slug(conn, &tid, &o.slug)? {
            Some(existing) => {
                diesel::update(organisations::table.find(&existing.id))
                    .set((
                        organisations::name.eq(&o.name),
                        organisations::kind.eq(&kind),
                    ))
                    .execute(conn)?;
                s.updated += 1;
            }
            None => {
                diesel::insert_into(organisations::table)
                    .values(&organisation::Organisation {
                        id: uuid::Uuid::new_v4().to_string(),
                        tenant_id: t.id.clone(),
                        slug: o.slug.clone(),
                        name: o.name.clone(),
                        kind,
                        active: true,
                        created_at: now_ms,
                    })
                    .execute(conn)?;
                s.added += 1;
            }
        }
    }

    for b in &profile.bodies {
        let kind = code_of(&b.kind)?;
        let min = b
            .min_meetings_per_year
            .map(|v| i32::try_from(v).unwrap_or(i32::MAX));
        match body::find_by_slug(conn, &tid, &b.slug)? {
            Some(existing) => {
                diesel::update(bodies::table.find(&existing.id))
                    .set((
                        bodies::name.eq(&b.name),
                        bodies::kind.eq(&kind),
                        bodies::min_meetings_per_year.eq(min),
                    ))
                    .execute(conn)?;
                s.updated += 1;
            }
            None => {
                diesel::insert_into(bodies::table)
                    .values(&body::Body {
                        id: uuid::Uuid::new_v4().to_string(),
                        tenant_id: t.id.clone(),
                        slug: b.slug.clone(),
                        name: b.name.clone(),
                        kind,
                        min_meetings_per_year: min,
                    })
                    .execute(conn)?;
                s.added += 1;
            }
        }
    }

    for seat in &profile.seats {
        let b = body::find_by_slug(conn, &tid, &seat.body)?.ok_or_else(|| {
            StoreError::Invalid(format!("seat {}: unknown body {}", seat.slug, seat.body))
        })?;
        let org = organisation::find_by_slug(conn, &tid, &seat.organisation)?.ok_or_else(|| {
            StoreError::Invalid(format!(
                "seat {}: unknown organisation {}",
                seat.slug, seat.organisation
            ))
        })?;
        match body::find_seat_by_slug(conn, &tid, &seat.body, &seat.slug)? {
            Some(existing) => {
                diesel::update(seats::table.find(&existing.id))
                    .set((
                        seats::title.eq(&seat.title),
                        seats::organisation_id.eq(&org.id),
                        seats::optional.eq(seat.optional),
                    ))
                    .execute(conn)?;
                s.updated += 1;
            }
            None => {
                diesel::insert_into(seats::table)
                    .values(&body::Seat {
                        id: uuid::Uuid::new_v4().to_string(),
                        tenant_id: t.id.clone(),
                        body_id: b.id.clone(),
                        slug: seat.slug.clone(),
                        title: seat.title.clone(),
                        organisation_id: org.id.clone(),
                        holder_user_id: None,
                        optional: seat.optional,
                    })
                    .execute(conn)?;
                s.added += 1;
            }
        }
    }

    for sc in &profile.schools {
        let existing: Option<String> = schools::table
            .filter(schools::tenant_id.eq(&t.id))
            .filter(schools::slug.eq(&sc.slug))
            .select(schools::id)
            .first(conn)
            .optional()?;
        match existing {
            Some(id) => {
                diesel::update(schools::table.find(id))
                    .set((
                        schools::name.eq(&sc.name),
                        schools::network.eq(&sc.network),
                        schools::district_slug.eq(&sc.district),
                        schools::has_second_grade.eq(sc.has_second_grade),
                        schools::first_wave_2022.eq(sc.first_wave_2022),
                    ))
                    .execute(conn)?;
                s.updated += 1;
            }
            None => {
                diesel::insert_into(schools::table)
                    .values((
                        schools::id.eq(uuid::Uuid::new_v4().to_string()),
                        schools::tenant_id.eq(&t.id),
                        schools::slug.eq(&sc.slug),
                        schools::name.eq(&sc.name),
                        schools::network.eq(&sc.network),
                        schools::district_slug.eq(&sc.district),
                        schools::has_second_grade.eq(sc.has_second_grade),
                        schools::first_wave_2022.eq(sc.first_wave_2022),
                    ))
                    .execute(conn)?;
                s.added += 1;
            }
        }
    }

    for m in &profile.measures {
        let owner = match &m.owner {
            Some(slug) => Some(
                organisation::find_by_slug(conn, &tid, slug)?
                    .ok_or_else(|| {
                        StoreError::Invalid(format!("measure {}: unknown owner {slug}", m.code))
                    })?
                    .id,
            ),
            None => None,
        };
        let existing: Option<String> = measures::table
            .filter(measures::tenant_id.eq(&t.id))
            .filter(measures::code.eq(&m.code))
            .select(measures::id)
            .first(conn)
            .optional()?;
        match existing {
            Some(id) => {
                diesel::update(measures::table.find(id))
                    .set((
                        measures::title.eq(&m.title),
                        measures::chapter.eq(&m.chapter),
                        measures::owner_organisation_id.eq(&owner),
                    ))
                    .execute(conn)?;
                s.updated += 1;
            }
            None => {
                diesel::insert_into(measures::table)
                    .values((
                        measures::id.eq(uuid::Uuid::new_v4().to_string()),
                        measures::tenant_id.eq(&t.id),
                        measures::code.eq(&m.code),
                        measures::title.eq(&m.title),
                        measures::chapter.eq(&m.chapter),
                        measures::owner_organisation_id.eq(&owner),
                    ))
                    .execute(conn)?;
                s.added += 1;
            }
        }
    }

    let t = tenant::find(conn, &tid)?;
    Ok((t, s))
}
