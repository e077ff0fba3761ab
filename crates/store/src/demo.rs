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

/// A demo case: who refers it, its facts, and the steps taken since.
struct DemoCase {
    referrer: &'static str,
    name: &'static str,
    date_of_birth: &'static str,
    groups: &'static str,
    minor: bool,
    reason: &'static str,
    ltf: &'static str,
    /// (transition, from, to, note)
    steps: &'static [(&'static str, &'static str, &'static str, &'static str)],
}

const DEMO_CASES: &[DemoCase] = &[
    DemoCase {
        referrer: "politie",
        name: "Fictief Persoon Een (demo)",
        date_of_birth: "2010-03-14",
        groups: "a",
        minor: true,
        reason: "Fictief: deelt extremistische filmpjes in de klasgroep en zondert zich af (demo).",
        ltf: "pending",
        steps: &[],
    },
    DemoCase {
        referrer: "caw",
        name: "Fictief Persoon Twee (demo)",
        date_of_birth: "1999-11-02",
        groups: "a",
        minor: false,
        reason: "Fictief: verbreekt contact met hulpverlening, uit zich vijandig tegenover instellingen (demo).",
        ltf: "pending",
        steps: &[(
            "start_screening",
            "aangemeld",
            "screening",
            "Fictief: analyse met de aanmelder gepland (demo).",
        )],
    },
    DemoCase {
        referrer: "clb",
        name: "Fictief Persoon Drie (demo)",
        date_of_birth: "2008-06-30",
        groups: "a",
        minor: true,
        reason: "Fictief: school meldt snelle gedragsverandering en complotdenken (demo).",
        ltf: "cleared",
        steps: &[
            ("start_screening", "aangemeld", "screening", ""),
            (
                "put_on_agenda",
                "screening",
                "geagendeerd",
                "Fictief: op de volgende Partnertafel (demo).",
            ),
        ],
    },
    DemoCase {
        referrer: "politie",
        name: "Fictief Persoon Vier (demo)",
        date_of_birth: "2009-01-21",
        groups: "b",
        minor: true,
        reason: "Fictief: poging tot vertrek naar conflictgebied, teruggehaald (demo).",
        ltf: "cleared",
        steps: &[
            ("start_screening", "aangemeld", "screening", ""),
            ("put_on_agenda", "screening", "geagendeerd", ""),
            ("open_assessment", "geagendeerd", "in_beoordeling", ""),
            (
                "conclude_socio_preventive",
                "in_beoordeling",
                "socio_preventief",
                "Fictief: traject met CLB en jeugdhulp (demo).",
            ),
        ],
    },
    DemoCase {
        referrer: "justitiehuis",
        name: "Fictief Persoon Vijf (demo)",
        date_of_birth: "1994-08-09",
        groups: "a",
        minor: false,
        reason: "Fictief: na detentie terug in de gemeente, zoekt werk (demo).",
        ltf: "cleared",
        steps: &[
            ("start_screening", "aangemeld", "screening", ""),
            ("put_on_agenda", "screening", "geagendeerd", ""),
            ("open_assessment", "geagendeerd", "in_beoordeling", ""),
            (
                "conclude_socio_preventive",
                "in_beoordeling",
                "socio_preventief",
                "",
            ),
            (
                "close",
                "socio_preventief",
                "afgesloten",
                "Fictief: unaniem afgesloten na geslaagd traject (demo).",
            ),
        ],
    },
];

/// A handful of fictional cases in different phases, so every screen has
/// something to show. `verbind demo` calls it after [`seed`]; tests that count
/// cases start without them.
pub fn seed_cases(conn: &mut DbConn, keyring: &MasterKeyring, now_ms: i64) -> StoreResult<()> {
    let tenant =
        crate::models::tenant::find_by_slug(conn, "sint-niklaas")?.ok_or(StoreError::NotFound)?;
    let tid = &tenant.tenant_id();
    use crate::models::case::{self, Identity, Move, NewCase};
    let table = body::find_by_slug(conn, tid, "partnertafel")?
        .ok_or_else(|| StoreError::Invalid("demo profile has no partnertafel".into()))?;
    let expert = user::find_by_username(conn, "deskundige")?.ok_or(StoreError::NotFound)?;
    let police = user::find_by_username(conn, "politie")?.ok_or(StoreError::NotFound)?;
    for (i, d) in DEMO_CASES.iter().enumerate() {
        let referrer = user::find_by_username(conn, d.referrer)?.ok_or(StoreError::NotFound)?;
        let at = now_ms - (DEMO_CASES.len() - i) as i64 * 7 * 24 * 3_600_000;
        let identity = Identity {
            name: d.name.to_owned(),
            date_of_birth: Some(d.date_of_birth.to_owned()),
            address: Some("Fictieve straat 1, 9100 Sint-Niklaas (demo)".to_owned()),
            national_number: None,
        };
        let row = case::create(
            conn,
            keyring,
            &NewCase {
                tenant_id: tid,
                body_id: &table.id,
                code_prefix: "SN",
                year: 2026,
                state: "aangemeld",
                target_group: d.groups,
                minor_at_referral: d.minor,
                protective_measure: d.minor && d.groups.contains('b'),
                lives_in_area: true,
                socially_active_in_area: false,
                referral_source: "partner_member",
                referred_by_user_id: Some(&referrer.id),
                referred_by_org_id: Some(&referrer.organisation_id),
                reason: d.reason,
                ltf_status: "pending",
                identity: &identity,
            },
            at,
        )?;
        audit::append(
            conn,
            now_ms,
            &audit::NewEntry::new(AuditAction::CaseReferred, "ok")
                .tenant(tid)
                .actor(&referrer.id, &referrer.organisation_id)
                .object("case", &row.id)
                .detail("source=partner_member via=demo"),
        )?;
        if d.ltf != "pending" {
            case::record_ltf(conn, tid, &row.id, d.ltf, &police.id, at + 1)?;
        }
        let mut current = case::find(conn, tid, &row.id)?;
        for (k, (transition, from, to, note)) in d.steps.iter().enumerate() {
            let m = Move {
                from,
                to,
                transition,
                actor_user_id: &expert.id,
                actor_org_id: &expert.organisation_id,
                note: Some(*note).filter(|n| !n.is_empty()),
            };
            case::apply_move(conn, keyring, &current, &m, at + 10 + k as i64)?;
            audit::append(
                conn,
                now_ms,
                &audit::NewEntry::new(AuditAction::CaseTransitioned, "ok")
                    .tenant(tid)
                    .actor(&expert.id, &expert.organisation_id)
                    .object("case", &row.id)
                    .detail(format!(
                        "transition={transition} from={from} to={to} via=demo"
                    )),
            )?;
            current = case::find(conn, tid, &row.id)?;
        }
    }
    Ok(())
}
