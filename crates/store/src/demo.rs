//! The demo: the Sint-Niklaas profile and clearly fictional accounts, one per
//! role the plan names. Only `verbind demo` and tests call this; the database
//! is marked as a demo database and `verbind serve` refuses it.

use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::audit::AuditAction;
use verbind_domain::username::Username;
use verbind_domain::{Locale, Role};

use crate::db::DbConn;
use crate::error::{StoreError, StoreResult};
use crate::models::{audit, body, meta, organisation, profile, user};

/// The profile the demo loads.
pub const SINT_NIKLAAS_PROFILE: &str = include_str!("../../../profiles/sint-niklaas.toml");

/// The demo password of every demo account. Refused outside demo mode.
pub const DEMO_PASSWORD: &str = "verbind-demo";

/// A demo account: username, role, organisation slug, fictional name, seats held.
pub struct DemoAccount {
    pub username: &'static str,
    pub role: Role,
    pub organisation: &'static str,
    pub name: &'static str,
    pub seats: &'static [(&'static str, &'static str)],
}

pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        username: "beheerder",
        role: Role::Admin,
        organisation: "dsp",
        name: "Bart Beheer (demo)",
        seats: &[],
    },
    DemoAccount {
        username: "deskundige",
        role: Role::Expert,
        organisation: "dsp",
        name: "Dana Deskundig (demo)",
        seats: &[
            ("partnertafel", "partnertafel-deskundige"),
            ("stuurgroep", "stuurgroep-deskundige"),
            ("werkgroep-polarisering", "werkgroep-deskundige"),
        ],
    },
    DemoAccount {
        username: "politie",
        role: Role::Partner,
        organisation: "lokale-politie",
        name: "Ilse Informatie (demo)",
        seats: &[("partnertafel", "partnertafel-information-officer")],
    },
    DemoAccount {
        username: "caw",
        role: Role::Partner,
        organisation: "caw-oost-vlaanderen",
        name: "Carl Welzijn (demo)",
        seats: &[("partnertafel", "partnertafel-caw")],
    },
    DemoAccount {
        username: "clb",
        role: Role::Partner,
        organisation: "clb-go-waasland",
        name: "Cleo Leerling (demo)",
        seats: &[("partnertafel", "partnertafel-clb-go")],
    },
    DemoAccount {
        username: "vdab",
        role: Role::Partner,
        organisation: "vdab",
        name: "Victor Werk (demo)",
        seats: &[("partnertafel", "partnertafel-vdab")],
    },
    DemoAccount {
        username: "justitiehuis",
        role: Role::Partner,
        organisation: "justitiehuis-dendermonde",
        name: "Jana Justitie (demo)",
        seats: &[("partnertafel", "partnertafel-justitiehuis")],
    },
    DemoAccount {
        username: "stuurgroep",
        role: Role::Steering,
        organisation: "bestuur",
        name: "Stefaan Stuur (demo)",
        seats: &[("stuurgroep", "stuurgroep-burgemeester")],
    },
    DemoAccount {
        username: "referentie",
        role: Role::Reference,
        organisation: "forum-da-vinci",
        name: "Rita Referent (demo)",
        seats: &[],
    },
    DemoAccount {
        username: "dpo",
        role: Role::Auditor,
        organisation: "dsp",
        name: "Dirk Privacy (demo)",
        seats: &[],
    },
];

/// Loads the profile and the demo accounts once; a second call changes nothing.
/// `password_phc` is the argon2 hash of [`DEMO_PASSWORD`] (hashed once by the caller).
pub fn seed(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    password_phc: &str,
    now_ms: i64,
) -> StoreResult<bool> {
    if meta::is_demo(conn)? {
        return Ok(false);
    }
    if user::count(conn)? > 0 {
        return Err(StoreError::Invalid(
            "this database already holds real accounts; the demo needs its own data directory"
                .into(),
        ));
    }
    let p = verbind_domain::profile::parse_profile(SINT_NIKLAAS_PROFILE)
        .map_err(|e| StoreError::Invalid(format!("demo profile: {e}")))?;
    let (t, _) = profile::load(conn, &p, now_ms)?;
    let tid = t.tenant_id();
    meta::set(conn, meta::DEMO_KEY, "true")?;
    audit::append(
        conn,
        now_ms,
        &audit::NewEntry::new(AuditAction::ProfileLoaded, "ok")
            .tenant(&tid)
            .detail("demo"),
    )?;
    for a in DEMO_ACCOUNTS {
        let org = organisation::find_by_slug(conn, &tid, a.organisation)?.ok_or_else(|| {
            StoreError::Invalid(format!("demo organisation {} missing", a.organisation))
        })?;
        let username =
            Username::parse(a.username).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let u = user::create(
            conn,
            keyring,
            &user::NewUser {
                tenant_id: &tid,
                organisation_id: &org.organisation_id(),
                username: &username,
                role: a.role,
                display_name: a.name,
                email: None,
                locale: Locale::NlBe,
                password_hash: Some(password_phc.to_owned()),
            },
            now_ms,
        )?;
        audit::append(
            conn,
            now_ms,
            &audit::NewEntry::new(AuditAction::UserCreated, "ok")
                .tenant(&tid)
                .object("user", &u.id)
                .detail(format!("role={} via=demo", a.role.code())),
        )?;
        for (body_slug, seat_slug) in a.seats {
            let seat = body::find_seat_by_slug(conn, &tid, body_slug, seat_slug)?
                .ok_or_else(|| StoreError::Invalid(format!("demo seat {seat_slug} missing")))?;
            body::assign_seat(
                conn,
                &tid,
                &verbind_domain::SeatId::from_db(seat.id.clone()),
                Some(&u.user_id()),
            )?;
            audit::append(
                conn,
                now_ms,
                &audit::NewEntry::new(AuditAction::SeatAssigned, "ok")
                    .tenant(&tid)
                    .object("seat", &seat.id)
                    .detail(format!("holder={}", u.id)),
            )?;
        }
    }
    Ok(true)
}
