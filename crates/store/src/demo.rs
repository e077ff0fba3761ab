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

pub mod national;

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
    // A partner without a seat at the Partnertafel: a mandated representative
    // of another service, whom the expert can invite as a guest for one
    // agenda item.
    DemoAccount {
        username: "jeugddienst",
        role: Role::Partner,
        organisation: "jeugddienst",
        name: "Joke Jeugd (demo)",
        seats: &[],
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

/// Everything `verbind demo` loads: [`seed`], then the fictional records of
/// every area ([`seed_records`]). A second call changes nothing; returns
/// whether it loaded.
pub fn seed_everything(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    password_phc: &str,
    now_ms: i64,
) -> StoreResult<bool> {
    if !seed(conn, keyring, password_phc, now_ms)? {
        return Ok(false);
    }
    seed_records(conn, keyring, now_ms)?;
    Ok(true)
}

/// The fictional records of every area for Sint-Niklaas, after [`seed`]:
/// cases and their work, contacts and signals, tensions and the network,
/// the outreach registers.
pub fn seed_records(conn: &mut DbConn, keyring: &MasterKeyring, now_ms: i64) -> StoreResult<()> {
    seed_cases(conn, keyring, now_ms)?;
    seed_prevention(conn, keyring, now_ms)?;
    seed_tensions_network(conn, keyring, now_ms)?;
    seed_outreach(conn, keyring, now_ms)
}

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
    load_sint_niklaas(conn, keyring, password_phc, now_ms)?;
    Ok(true)
}

/// The Sint-Niklaas tenant and its demo accounts, and the database marked as
/// a demo database, without the checks of [`seed`]: the national-scale demo
/// ([`national::generate`]) makes its own checks and calls this last.
pub(crate) fn load_sint_niklaas(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    password_phc: &str,
    now_ms: i64,
) -> StoreResult<()> {
    let p = verbind_domain::profile::parse_profile(SINT_NIKLAAS_PROFILE)
        .map_err(|e| StoreError::Invalid(format!("demo profile: {e}")))?;
    let same = |slug: &str| slug.to_owned();
    let naming = AccountNaming {
        username_suffix: "",
        name_suffix: "",
        organisation: &same,
    };
    load_demo_tenant(conn, keyring, password_phc, &p, &naming, now_ms)?;
    Ok(())
}

/// How the demo accounts are named in a demo tenant: as listed in
/// [`DEMO_ACCOUNTS`] for Sint-Niklaas, with a number for the fictional
/// LIVC-Rs of the national-scale demo (`deskundige-017`).
pub(crate) struct AccountNaming<'a> {
    /// Appended to every username.
    pub username_suffix: &'a str,
    /// Put before " (demo)" in every display name.
    pub name_suffix: &'a str,
    /// The profile's organisation slug for a Sint-Niklaas one.
    pub organisation: &'a dyn Fn(&str) -> String,
}

impl AccountNaming<'_> {
    fn display_name(&self, name: &str) -> String {
        if self.name_suffix.is_empty() {
            return name.to_owned();
        }
        let base = name.strip_suffix(" (demo)").unwrap_or(name);
        format!("{base} {} (demo)", self.name_suffix)
    }
}

/// Loads a demo tenant's profile and the demo accounts with their seats,
/// every step audited, and marks the database as a demo database.
pub(crate) fn load_demo_tenant(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    password_phc: &str,
    p: &verbind_domain::profile::Profile,
    naming: &AccountNaming<'_>,
    now_ms: i64,
) -> StoreResult<verbind_domain::TenantId> {
    let (t, _) = profile::load(conn, p, now_ms)?;
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
        let org_slug = (naming.organisation)(a.organisation);
        let org = organisation::find_by_slug(conn, &tid, &org_slug)?.ok_or_else(|| {
            StoreError::Invalid(format!("demo organisation {} missing", a.organisation))
        })?;
        let username = Username::parse(&format!("{}{}", a.username, naming.username_suffix))
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let u = user::create(
            conn,
            keyring,
            &user::NewUser {
                tenant_id: &tid,
                organisation_id: &org.organisation_id(),
                username: &username,
                role: a.role,
                display_name: &naming.display_name(a.name),
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
    Ok(tid)
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
    let mut created = Vec::new();
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
            // A closure is carried out after the table that decided it
            // unanimously (see `seed_meetings`); other steps follow the referral.
            let step_at = if *transition == "close" {
                demo_table_start(now_ms, -DEMO_TABLE_DAYS_AGO) + 3 * 3_600_000 + 60_000
            } else {
                at + 10 + k as i64
            };
            let m = Move {
                from,
                to,
                transition,
                actor_user_id: &expert.id,
                actor_org_id: &expert.organisation_id,
                note: Some(*note).filter(|n| !n.is_empty()),
            };
            case::apply_move(conn, keyring, &current, &m, step_at)?;
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
        created.push(current);
    }
    seed_case_work(conn, keyring, tid, &created, now_ms)?;
    seed_meetings(conn, keyring, tid, &created, now_ms)?;
    Ok(())
}

const DAY_MS: i64 = 24 * 3_600_000;

/// The last held Partnertafel of the demo was this many days ago; it closed
/// the fifth demo case unanimously.
const DEMO_TABLE_DAYS_AGO: i64 = 3;

/// 14:00 in Brussels (13:00 UTC in winter) `days` days from today: when the
/// demo's meetings start, so they fall in office hours whenever the demo runs.
fn demo_table_start(now_ms: i64, days: i64) -> i64 {
    now_ms - now_ms.rem_euclid(DAY_MS) + 13 * 3_600_000 + days * DAY_MS
}

/// Meetings of the three bodies, so the meeting pages, the agenda, the yearly
/// norm and the case file's decisions have something to show: two held
/// Partnertafels (the first assessed the case in follow-up, the second closed
/// the fifth case by a unanimous vote of the organisations present) and the
/// next one planned; a held and a planned Stuurgroep and Werkgroep.
fn seed_meetings(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tid: &verbind_domain::TenantId,
    cases: &[crate::models::case::CaseRow],
    now_ms: i64,
) -> StoreResult<()> {
    use crate::models::{decision, meeting};
    let expert = user::find_by_username(conn, "deskundige")?.ok_or(StoreError::NotFound)?;
    let vdab = user::find_by_username(conn, "vdab")?.ok_or(StoreError::NotFound)?;
    let hour = 3_600_000;
    // (body, starts this many days from today at 14:00, held, place)
    let plan: [(&str, i64, bool, &str); 7] = [
        ("partnertafel", -13, true, "Stadhuis, zaal 2 (demo)"),
        (
            "partnertafel",
            -DEMO_TABLE_DAYS_AGO,
            true,
            "Stadhuis, zaal 2 (demo)",
        ),
        ("partnertafel", 6, false, "Stadhuis, zaal 2 (demo)"),
        ("stuurgroep", -60, true, "Stadhuis, schepenzaal (demo)"),
        ("stuurgroep", 30, false, "Stadhuis, schepenzaal (demo)"),
        ("werkgroep-polarisering", -30, true, "Jeugdhuis (demo)"),
        ("werkgroep-polarisering", 20, false, "Jeugdhuis (demo)"),
    ];
    let mut held_tables = Vec::new();
    for (slug, offset, held, place) in plan {
        let Some(b) = body::find_by_slug(conn, tid, slug)? else {
            continue;
        };
        let starts_at = demo_table_start(now_ms, offset);
        let m = meeting::create(
            conn,
            &meeting::NewMeeting {
                tenant_id: tid,
                body_id: &b.id,
                starts_at,
                ends_at: starts_at + 2 * hour,
                place,
                kind: "planned",
                requested_by_user_id: None,
                planned_by_user_id: &expert.id,
            },
            starts_at - 30 * DAY_MS,
        )?;
        if !held {
            continue;
        }
        // Every seat held is present, but the VDAB excused itself.
        for seat in body::seats(conn, tid, &verbind_domain::BodyId::from_db(b.id.clone()))? {
            let Some(holder) = &seat.holder_user_id else {
                continue;
            };
            let status = if seat.organisation_id == vdab.organisation_id {
                "excused"
            } else {
                "present"
            };
            meeting::record_attendance(conn, &m, &seat.id, status, &expert.id, starts_at)?;
            if status == "present" {
                meeting::acknowledge(conn, &m, holder, &seat.organisation_id, starts_at + 60_000)?;
            }
        }
        meeting::set_status(conn, tid, &m.id, "planned", "held", starts_at + 2 * hour)?;
        if slug == "partnertafel" {
            held_tables.push((m, starts_at));
        }
    }

    // The second table closed the fifth case: every organisation present agreed.
    let (Some((table, starts_at)), Some(closed)) = (held_tables.get(1), cases.get(4)) else {
        return Ok(());
    };
    let mut present: Vec<(String, String)> = Vec::new();
    for a in meeting::attendance(conn, tid, &table.id)? {
        if a.status != "present" {
            continue;
        }
        let seat = body::seats(
            conn,
            tid,
            &verbind_domain::BodyId::from_db(table.body_id.clone()),
        )?
        .into_iter()
        .find(|s| s.id == a.seat_id);
        if let Some(seat) = seat
            && let Some(holder) = seat.holder_user_id
            && !present.iter().any(|(o, _)| *o == seat.organisation_id)
        {
            present.push((seat.organisation_id, holder));
        }
    }
    let orgs: Vec<String> = present.iter().map(|(o, _)| o.clone()).collect();
    let d = decision::propose(
        conn,
        keyring,
        closed,
        &decision::Proposal {
            kind: "close",
            meeting_id: &table.id,
            present: &orgs,
            reason: None,
            by_user: &expert.id,
        },
        starts_at + hour / 2,
    )?;
    for (k, (org, holder)) in present.iter().enumerate() {
        decision::cast(
            conn,
            &d,
            org,
            holder,
            "agree",
            starts_at + hour / 2 + 60_000 * (k as i64 + 1),
        )?;
    }
    decision::mark_adopted(conn, &d, starts_at + 3 * hour)?;
    Ok(())
}

/// A demo information item: (owner, domain, professional secrecy, sharing,
/// origin shielded, consent, necessity, content).
type DemoItem<'a> = (
    &'a user::UserRow,
    &'a str,
    bool,
    &'a str,
    bool,
    bool,
    &'a str,
    &'a str,
);

/// The work of the table on the demo cases, so the case file shows what the
/// plan describes: the known / followed-up check (answered by some
/// organisations, open for others), information items of every kind (shared
/// with the table or the expert only, a shielded origin, professional
/// secrecy, with and without consent), an assessment, a trajectory with an
/// accepted and a proposed action, feedback to a partner, and the partners'
/// cooperation agreements. All fictional.
fn seed_case_work(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tid: &verbind_domain::TenantId,
    cases: &[crate::models::case::CaseRow],
    now_ms: i64,
) -> StoreResult<()> {
    use crate::models::{action, agreement, assessment, feedback, item, knowledge};
    const DAY: i64 = 24 * 3_600_000;
    let account = |conn: &mut DbConn, name: &str| -> StoreResult<user::UserRow> {
        user::find_by_username(conn, name)?.ok_or(StoreError::NotFound)
    };
    let expert = account(conn, "deskundige")?;
    let police = account(conn, "politie")?;
    let caw = account(conn, "caw")?;
    let clb = account(conn, "clb")?;
    let vdab = account(conn, "vdab")?;
    let justice = account(conn, "justitiehuis")?;
    let admin = account(conn, "beheerder")?;
    let (Some(on_agenda), Some(follow_up)) = (cases.get(2), cases.get(3)) else {
        return Ok(());
    };

    // The known / followed-up check: the police and the CLB answered for the
    // case on the agenda, the others are still open (the expert sees which).
    for (who, known, followed) in [(&police, false, false), (&clb, true, true)] {
        knowledge::answer(
            conn,
            keyring,
            on_agenda,
            &who.organisation_id,
            &who.id,
            knowledge::Answer {
                known,
                followed_up: followed,
            },
            now_ms - 3 * DAY,
        )?;
    }
    for (who, known, followed) in [
        (&police, true, false),
        (&caw, true, true),
        (&clb, true, true),
        (&vdab, false, false),
        (&justice, false, false),
    ] {
        knowledge::answer(
            conn,
            keyring,
            follow_up,
            &who.organisation_id,
            &who.id,
            knowledge::Answer {
                known,
                followed_up: followed,
            },
            now_ms - 20 * DAY,
        )?;
    }

    // Information items on the case in follow-up: (owner, domain, secrecy,
    // sharing, shielded, consent, necessity, content).
    let items: [DemoItem<'_>; 4] = [
        (
            &police,
            "intentie",
            false,
            "table",
            false,
            true,
            "Fictief: nodig om het risico op een nieuwe vertrekpoging in te schatten (demo).",
            "Fictief: geen nieuwe contacten met de groep sinds de terugkeer (demo).",
        ),
        (
            &clb,
            "sociale_context",
            true,
            "table",
            false,
            true,
            "Fictief: nodig om het traject op school af te stemmen (demo).",
            "Fictief: gaat weer regelmatig naar school, begeleid door de leerlingbegeleider (demo).",
        ),
        (
            &caw,
            "psychische_stoornissen",
            true,
            "expert_only",
            false,
            false,
            "Fictief: nodig zodat de deskundige de juiste hulp kan zoeken (demo).",
            "Fictief: heeft nood aan psychologische ondersteuning; nog geen toestemming om het te gebruiken (demo).",
        ),
        (
            &justice,
            "overtuigingen",
            false,
            "table",
            true,
            true,
            "Fictief: nodig om het gesprek over de overtuigingen voor te bereiden (demo).",
            "Fictief: neemt afstand van de ideologie in gesprekken (demo, herkomst afgeschermd).",
        ),
    ];
    let mut consented = Vec::new();
    for (k, (who, domain, secrecy, sharing, shielded, consent, necessity, content)) in
        items.iter().enumerate()
    {
        let at = now_ms - (30 - k as i64) * DAY;
        let row = item::create(
            conn,
            keyring,
            follow_up,
            &item::NewItem {
                owner_org_id: &who.organisation_id,
                author_user_id: &who.id,
                risk_domain: domain,
                professional_secrecy: *secrecy,
                sharing,
                origin_shielded: *shielded,
                necessity,
                content,
            },
            at,
        )?;
        if *consent {
            item::consent(conn, &row, true, at + 1)?;
            if sharing.eq(&"table") {
                consented.push(row.id.clone());
            }
        }
    }

    // The table's assessment, citing the consented items shared with it.
    assessment::create(
        conn,
        keyring,
        follow_up,
        &assessment::NewAssessment {
            findings: &[
                (
                    "intentie".to_owned(),
                    "Fictief: geen aanwijzingen van een nieuwe vertrekpoging (demo).".to_owned(),
                ),
                (
                    "sociale_context".to_owned(),
                    "Fictief: school en gezin zijn betrokken (demo).".to_owned(),
                ),
            ],
            cited_items: &consented,
            radicalisation: "unclear",
            security_risk: "no",
            missing: None,
            by_user: &expert.id,
        },
        now_ms - 14 * DAY,
    )?;

    // The trajectory: one action accepted by every organisation at the table,
    // one proposed and still waiting for some.
    let table_orgs: Vec<&str> = [&expert, &police, &caw, &clb, &vdab, &justice]
        .iter()
        .map(|u| u.organisation_id.as_str())
        .collect();
    let accepted = action::create(
        conn,
        keyring,
        follow_up,
        &action::NewAction {
            responsible_org: &clb.organisation_id,
            description: "Fictief: wekelijks gesprek met de leerlingbegeleider (demo).",
            due_iso: "2026-12-18",
            by_user: &expert.id,
        },
        now_ms - 14 * DAY,
    )?;
    for org in &table_orgs {
        action::accept(conn, &accepted, org, &expert.id, now_ms - 13 * DAY)?;
    }
    let proposed = action::create(
        conn,
        keyring,
        follow_up,
        &action::NewAction {
            responsible_org: &caw.organisation_id,
            description: "Fictief: aanbod van psychologische ondersteuning via het CAW (demo).",
            due_iso: "2027-01-15",
            by_user: &expert.id,
        },
        now_ms - 2 * DAY,
    )?;
    for org in &table_orgs[..3] {
        action::accept(conn, &proposed, org, &expert.id, now_ms - DAY)?;
    }

    // Feedback to the CLB after the table.
    feedback::create(
        conn,
        keyring,
        follow_up,
        &feedback::NewFeedback {
            recipient_org: &clb.organisation_id,
            author: &expert.id,
            text: "Fictief: de tafel kiest voor socio-preventieve opvolging met de school; het CLB neemt de wekelijkse gesprekken op (demo).",
            cited: &consented[..1],
            signal: None,
        },
        now_ms - 13 * DAY,
    )?;

    // Every partner organisation's cooperation agreement.
    for (who, signed_on) in [
        (&police, "2021-03-01"),
        (&caw, "2021-03-01"),
        (&clb, "2021-04-15"),
        (&vdab, "2022-01-10"),
        (&justice, "2021-03-01"),
    ] {
        agreement::create(
            conn,
            keyring,
            tid,
            &agreement::NewAgreement {
                organisation_id: &who.organisation_id,
                signed_on,
                scope: "Fictief: deelname aan de Partnertafel van de LIVC-R, informatiedeling volgens art. 458ter Sw. en de deontologische code (demo).",
                by_user: &admin.id,
            },
            now_ms - 300 * DAY,
        )?;
    }
    Ok(())
}

/// A demo contact of the contact point: (days ago, channel, requester, kind,
/// themes, actions, status, consent, message).
type DemoContact = (
    i64,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    bool,
    &'static str,
);

const DEMO_CONTACTS: &[DemoContact] = &[
    (
        2,
        "public_form",
        Some("citizen"),
        "advice",
        "",
        "",
        "new",
        false,
        "Fictief: mijn buurjongen deelt sinds kort haatdragende memes in een groepschat (demo).",
    ),
    (
        9,
        "phone",
        Some("teacher"),
        "conversation_tips",
        "polarisation,conspiracy_thinking",
        "advice",
        "in_progress",
        false,
        "Fictief: leerkracht vraagt tips voor een klasgesprek over complotverhalen na een incident (demo).",
    ),
    (
        30,
        "reference_person",
        Some("youth_worker"),
        "information",
        "extremism_right,hate_speech",
        "information",
        "handled",
        true,
        "Fictief: jeugdwerker vraagt informatie over symbolen van extreemrechtse groepen (demo).",
    ),
];

/// A demo signal: (author, days ago, theme, life domain, district, severity, source, description).
type DemoSignal = (
    &'static str,
    i64,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
    &'static str,
);

const DEMO_SIGNALS: &[DemoSignal] = &[
    (
        "referentie",
        5,
        "conspiracy_thinking",
        "education",
        Some("sint-niklaas-centrum"),
        "medium",
        "reference_person",
        "Fictief: in meerdere klassen van de tweede graad circuleren complotfilmpjes over vaccins (demo).",
    ),
    (
        "referentie",
        40,
        "polarisation",
        "online",
        None,
        "low",
        "reference_person",
        "Fictief: op een lokale Facebookgroep lopen discussies over nieuwkomers hoog op (demo).",
    ),
    (
        "politie",
        12,
        "extremism_right",
        "neighbourhood",
        Some("belsele"),
        "high",
        "police",
        "Fictief: stickers van een extreemrechtse groep opgemerkt aan bushaltes (demo).",
    ),
    (
        "deskundige",
        70,
        "hate_speech",
        "sport",
        Some("sinaai"),
        "medium",
        "working_group",
        "Fictief: de werkgroep meldt racistische spreekkoren bij jeugdwedstrijden (demo).",
    ),
];

/// A few fictional contacts and signals, so the contact register, the
/// signals and their trend have something to show. `verbind demo` calls it
/// after [`seed`]; tests that count contacts or signals start without them.
pub fn seed_prevention(conn: &mut DbConn, keyring: &MasterKeyring, now_ms: i64) -> StoreResult<()> {
    use crate::models::contact::{self, ContactText, NewContact};
    use crate::models::signal::{self, NewSignal};
    const DAY_MS: i64 = 24 * 3_600_000;
    let tenant =
        crate::models::tenant::find_by_slug(conn, "sint-niklaas")?.ok_or(StoreError::NotFound)?;
    let tid = &tenant.tenant_id();
    let expert = user::find_by_username(conn, "deskundige")?.ok_or(StoreError::NotFound)?;
    let iso = |ms: i64| -> StoreResult<String> {
        verbind_domain::case::Date::from_unix_ms_utc(ms)
            .map(|d| d.to_iso())
            .ok_or_else(|| StoreError::Invalid("demo date out of range".into()))
    };
    for (days, channel, requester, kind, themes, actions, status, consent, message) in DEMO_CONTACTS
    {
        let at = now_ms - days * DAY_MS;
        let public = *channel == "public_form";
        let text = ContactText {
            message: (*message).to_owned(),
            name: (!public).then(|| "Fictieve Aanvrager (demo)".to_owned()),
            email: None,
            phone: None,
            notes: (!public).then(|| "Fictief: opvolggesprek gepland (demo).".to_owned()),
        };
        let row = contact::create(
            conn,
            keyring,
            &NewContact {
                tenant_id: tid,
                contact_on: &iso(at)?,
                channel,
                requester_kind: *requester,
                request_kind: kind,
                themes,
                actions,
                follow_up_on: None,
                status,
                consent_livc: *consent,
                preferred_contact: None,
                text: &text,
                created_by_user_id: (!public).then_some(expert.id.as_str()),
            },
            at,
        )?;
        let (action, actor) = if public {
            (AuditAction::ContactPointReceived, None)
        } else {
            (AuditAction::ContactRegistered, Some(&expert))
        };
        let mut e = audit::NewEntry::new(action, "ok")
            .tenant(tid)
            .object("contact", &row.id)
            .detail("via=demo");
        if let Some(a) = actor {
            e = e.actor(&a.id, &a.organisation_id);
        }
        audit::append(conn, now_ms, &e)?;
    }
    for (author, days, theme, domain, district, severity, source, description) in DEMO_SIGNALS {
        let u = user::find_by_username(conn, author)?.ok_or(StoreError::NotFound)?;
        let at = now_ms - days * DAY_MS;
        let row = signal::create(
            conn,
            keyring,
            &NewSignal {
                tenant_id: tid,
                source,
                theme,
                life_domain: domain,
                district_slug: *district,
                observed_on: &iso(at)?,
                severity,
                description,
                author_user_id: &u.id,
                author_org_id: &u.organisation_id,
            },
            at,
        )?;
        audit::append(
            conn,
            now_ms,
            &audit::NewEntry::new(AuditAction::SignalSubmitted, "ok")
                .tenant(tid)
                .actor(&u.id, &u.organisation_id)
                .object("signal", &row.id)
                .detail(format!("source={source} theme={theme} via=demo")),
        )?;
    }
    Ok(())
}

/// A demo tension: (title, description, groups, district, days ago noted,
/// status, severities as (days ago, severity, note), analysis as (field,
/// text), actions as (days ago, kind, description, result), themes of the
/// demo signals to link).
type DemoTension = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    i64,
    &'static str,
    &'static [(i64, &'static str, &'static str)],
    &'static [(&'static str, &'static str)],
    &'static [(i64, &'static str, &'static str, &'static str)],
    &'static [&'static str],
);

const DEMO_TENSIONS: &[DemoTension] = &[
    (
        "Fictief: discussie over nieuwkomers op lokale Facebookgroep (demo)",
        "Fictief: na een bericht over een opvanginitiatief lopen de reacties op een populaire lokale Facebookgroep hoog op; enkele berichten worden gedeeld buiten de groep (demo).",
        "Fictief: buurtbewoners van twee wijken; leden van een lokale Facebookgroep; nieuwkomers (demo)",
        None,
        45,
        "monitoring",
        &[
            (
                44,
                "medium",
                "Fictief: veel reacties, enkele met haatspraak (demo).",
            ),
            (
                20,
                "low",
                "Fictief: na het advies aan de beheerders luwt het (demo).",
            ),
        ],
        &[
            (
                "pole_a",
                "Fictief: 'wij worden niet gehoord, zij krijgen alles' (demo).",
            ),
            ("pole_b", "Fictief: 'wie kritiek heeft, is racist' (demo)."),
            (
                "pushers",
                "Fictief: twee anonieme profielen en een lokale blog (demo).",
            ),
            (
                "joiners",
                "Fictief: leden die berichten liken en delen (demo).",
            ),
            (
                "silent_middle",
                "Fictief: de meeste leden van de groep, die meelezen maar niet reageren (demo).",
            ),
            ("bridge_builders", "Fictief: het buurtcomité (demo)."),
            (
                "scapegoat_risk",
                "Fictief: de beheerder van de groep (demo).",
            ),
            (
                "target_audience",
                "Fictief: de meelezende buurtbewoners, niet de luidste stemmen (demo).",
            ),
            (
                "topic",
                "Fictief: van 'wie hoort erbij' naar de gedeelde zorg over verkeer en speelruimte in de buurt (demo).",
            ),
            (
                "tone",
                "Fictief: bemiddelend, feitelijk, zonder te veroordelen (demo).",
            ),
        ],
        &[
            (
                40,
                "page_admin_advice",
                "Fictief: gesprek met de beheerders over moderatie en huisregels (demo).",
                "Fictief: huisregels vastgepind, twee berichten verwijderd (demo).",
            ),
            (
                35,
                "counter_message",
                "Fictief: tegengeluid via de stadskanalen over het buurtproject (demo).",
                "",
            ),
        ],
        &["polarisation"],
    ),
    (
        "Fictief: spreekkoren bij jeugdwedstrijden (demo)",
        "Fictief: bij jeugdwedstrijden in een deelgemeente worden racistische spreekkoren gehoord; ouders en trainers reageren verdeeld (demo).",
        "Fictief: supporters van twee jeugdploegen; ouders; trainers (demo)",
        Some("sinaai"),
        70,
        "open",
        &[(
            68,
            "medium",
            "Fictief: gemeld door de werkgroep polarisering (demo).",
        )],
        &[
            (
                "pole_a",
                "Fictief: supporters die spreken van 'onschuldige folklore' (demo).",
            ),
            (
                "pole_b",
                "Fictief: ouders die de club 'racistisch' noemen (demo).",
            ),
            (
                "bridge_builders",
                "Fictief: de jeugdcoördinatoren van beide clubs (demo).",
            ),
            (
                "position",
                "Fictief: de stad staat naast beide clubs, niet erboven (demo).",
            ),
        ],
        &[(
            60,
            "dialogue",
            "Fictief: gesprek met beide clubbesturen en de sportdienst (demo).",
            "Fictief: gezamenlijke gedragscode in voorbereiding (demo).",
        )],
        &["hate_speech"],
    ),
    (
        "Fictief: stickers van een extreemrechtse groep (demo)",
        "Fictief: aan bushaltes en schoolpoorten verschijnen stickers van een extreemrechtse groep (demo).",
        "Fictief: een extreemrechtse groep (via stickers en een kanaal op een berichtenapp); jongeren die ze delen (demo)",
        Some("belsele"),
        12,
        "open",
        &[(12, "high", "Fictief: signaal van de politie (demo).")],
        &[],
        &[],
        &["extremism_right"],
    ),
];

/// A demo reference person: (name, organisation, life domain, e-mail,
/// account username, active, in the network since).
type DemoPerson = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    bool,
    Option<&'static str>,
);

const DEMO_PERSONS: &[DemoPerson] = &[
    (
        "Rita Referent (demo)",
        "Forum Da Vinci (demo)",
        "education",
        Some("rita.referent@example.org"),
        Some("referentie"),
        true,
        Some("2016-03-01"),
    ),
    (
        "Fictieve Jeugdwerker (demo)",
        "Fictief jeugdhuis (demo)",
        "youth",
        Some("jeugdwerker@example.org"),
        None,
        true,
        Some("2016-03-01"),
    ),
    (
        "Fictieve Sportcoach (demo)",
        "Fictieve voetbalclub (demo)",
        "sport",
        None,
        None,
        true,
        Some("2021-09-01"),
    ),
    (
        "Fictieve Trajectbegeleider (demo)",
        "Fictieve werkwinkel (demo)",
        "work",
        None,
        None,
        true,
        None,
    ),
    (
        "Fictieve Hulpverlener (demo)",
        "Fictief welzijnshuis (demo)",
        "care",
        None,
        None,
        false,
        Some("2016-03-01"),
    ),
];

/// A demo training: (kind, title, provider, place, date, staff count,
/// score, evaluation, attendance as (person index, status)).
type DemoTraining = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<i32>,
    Option<i32>,
    &'static str,
    &'static [(usize, &'static str)],
);

const DEMO_TRAININGS: &[DemoTraining] = &[
    (
        "reference_2016",
        "Fictief: signalen van radicalisering herkennen (demo)",
        "Fictieve vormingsorganisatie (demo)",
        "Stadhuis (demo)",
        "2016-05-10",
        None,
        Some(4),
        "Fictief: goed onderbouwd, vraag naar meer casussen (demo).",
        &[(0, "present"), (1, "present"), (4, "present")],
    ),
    (
        "reference_two_day",
        "Fictief: tweedaagse opleiding referentiepersonen (demo)",
        "Fictieve externe organisatie (demo)",
        "Fictief ontmoetingscentrum (demo)",
        "2026-10-12",
        None,
        Some(5),
        "Fictief: sterke oefeningen rond gespreksvoering (demo).",
        &[(0, "present"), (2, "present"), (3, "excused")],
    ),
    (
        "staff_awareness",
        "Fictief: polarisering herkennen op de werkvloer (demo)",
        "Dienst diversiteit, samenleving en preventie (demo)",
        "Stadhuis (demo)",
        "2026-03-20",
        Some(25),
        Some(4),
        "",
        &[],
    ),
    (
        "hate_speech_course",
        "Fictief: omgaan met haatspraak op de stadskanalen (demo)",
        "Fictieve vormingsorganisatie (demo)",
        "Online (demo)",
        "2026-06-05",
        Some(12),
        None,
        "",
        &[],
    ),
];

/// A few fictional tensions (with a Brandsma analysis, severities, actions
/// and links to the demo signals), reference persons and trainings, so the
/// registers of issue 4, items 4 to 6, have something to show. `verbind
/// demo` calls it after [`seed_prevention`]; tests start without them.
pub fn seed_tensions_network(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    now_ms: i64,
) -> StoreResult<()> {
    use crate::models::{network, signal, tension, training};
    const DAY_MS: i64 = 24 * 3_600_000;
    let tenant =
        crate::models::tenant::find_by_slug(conn, "sint-niklaas")?.ok_or(StoreError::NotFound)?;
    let tid = &tenant.tenant_id();
    let expert = user::find_by_username(conn, "deskundige")?.ok_or(StoreError::NotFound)?;
    let entry = |action: AuditAction, kind: &str, id: &str| {
        audit::NewEntry::new(action, "ok")
            .tenant(tid)
            .actor(&expert.id, &expert.organisation_id)
            .object(kind, id)
            .detail("via=demo")
    };
    let iso = |days: i64| -> StoreResult<String> {
        verbind_domain::case::Date::from_unix_ms_utc(now_ms - days * DAY_MS)
            .map(|d| d.to_iso())
            .ok_or_else(|| StoreError::Invalid("demo date out of range".into()))
    };
    let signals = signal::list(conn, tid, &signal::SignalFilter::default())?;
    for (
        title,
        description,
        groups,
        district,
        noted,
        status,
        severities,
        analysis,
        actions,
        themes,
    ) in DEMO_TENSIONS
    {
        let row = tension::create(
            conn,
            keyring,
            tid,
            &tension::TensionFields {
                title,
                description,
                groups,
                district_slug: *district,
                noted_on: &iso(*noted)?,
                status,
            },
            &expert.id,
            now_ms - noted * DAY_MS,
        )?;
        audit::append(
            conn,
            now_ms,
            &entry(AuditAction::TensionCreated, "tension", &row.id),
        )?;
        for (days, severity, note) in *severities {
            tension::add_severity(
                conn,
                keyring,
                &row,
                &tension::NewSeverity {
                    observed_on: &iso(*days)?,
                    severity,
                    note: Some(note),
                    by_user: &expert.id,
                },
                now_ms - days * DAY_MS,
            )?;
        }
        if !analysis.is_empty() {
            tension::set_analysis(conn, keyring, &row, analysis, now_ms)?;
        }
        for (days, kind, description, result) in *actions {
            tension::add_action(
                conn,
                keyring,
                &row,
                &tension::NewAction {
                    taken_on: &iso(*days)?,
                    kind,
                    description,
                    result: Some(*result).filter(|r| !r.is_empty()),
                    by_user: &expert.id,
                },
                now_ms - days * DAY_MS,
            )?;
        }
        let linked: Vec<String> = signals
            .iter()
            .filter(|s| themes.contains(&s.theme.as_str()))
            .map(|s| s.id.clone())
            .collect();
        if !linked.is_empty() {
            tension::set_signals(conn, &row, &linked, &expert.id, now_ms)?;
        }
    }
    let mut people = Vec::new();
    for (name, organisation, domain, email, account, active, since) in DEMO_PERSONS {
        let user_id = match account {
            Some(u) => Some(
                user::find_by_username(conn, u)?
                    .ok_or(StoreError::NotFound)?
                    .id,
            ),
            None => None,
        };
        let row = network::create(
            conn,
            keyring,
            tid,
            &network::PersonFields {
                name,
                organisation,
                life_domain: domain,
                email: *email,
                phone: None,
                user_id: user_id.as_deref(),
                active: *active,
                member_since: *since,
            },
            now_ms,
        )?;
        audit::append(
            conn,
            now_ms,
            &entry(
                AuditAction::ReferencePersonCreated,
                "reference_person",
                &row.id,
            ),
        )?;
        people.push(row.id);
    }
    for (kind, title, provider, place, date, staff, score, evaluation, attendance) in DEMO_TRAININGS
    {
        let row = training::create(
            conn,
            keyring,
            tid,
            &training::TrainingFields {
                kind,
                title,
                provider,
                held_on: date,
                place: Some(place),
                staff_count: *staff,
                evaluation_score: *score,
                evaluation: Some(*evaluation).filter(|e| !e.is_empty()),
            },
            &expert.id,
            now_ms,
        )?;
        audit::append(
            conn,
            now_ms,
            &entry(AuditAction::TrainingCreated, "training", &row.id),
        )?;
        let lines: Vec<(String, &str)> = attendance
            .iter()
            .filter_map(|(i, status)| people.get(*i).map(|p| (p.clone(), *status)))
            .collect();
        if !lines.is_empty() {
            training::set_attendance(conn, &row, &lines, &expert.id, now_ms)?;
        }
    }
    Ok(())
}

/// The kennisbank (the default pages, published), the working group's scope
/// and signals to the city board, advice trajectories and counter-messages
/// of the silent middle, resilience workshops (the first wave of spring
/// 2022 and this school year) and the follow-up of the action plan, all
/// clearly fictional, so the outreach pages of issue 4 (items 1 and 7 to 10)
/// have something to show. `verbind demo` calls it after
/// [`seed_tensions_network`]; tests start without it.
pub fn seed_outreach(conn: &mut DbConn, keyring: &MasterKeyring, now_ms: i64) -> StoreResult<()> {
    use crate::models::{action_plan, knowledge_page, outreach, workshop};
    use verbind_domain::prevention::coded::Coded;
    use verbind_domain::prevention::knowledge_base::default_pages;
    const DAY_MS: i64 = 24 * 3_600_000;
    let tenant =
        crate::models::tenant::find_by_slug(conn, "sint-niklaas")?.ok_or(StoreError::NotFound)?;
    let tid = &tenant.tenant_id();
    let expert = user::find_by_username(conn, "deskundige")?.ok_or(StoreError::NotFound)?;
    let steering = user::find_by_username(conn, "stuurgroep")?.ok_or(StoreError::NotFound)?;
    let entry = |action: AuditAction, kind: &str, id: &str| {
        audit::NewEntry::new(action, "ok")
            .tenant(tid)
            .actor(&expert.id, &expert.organisation_id)
            .object(kind, id)
            .detail("via=demo")
    };
    let iso = |days_from_now: i64| -> StoreResult<String> {
        verbind_domain::case::Date::from_unix_ms_utc(now_ms + days_from_now * DAY_MS)
            .map(|d| d.to_iso())
            .ok_or_else(|| StoreError::Invalid("demo date out of range".into()))
    };

    // Kennisbank: the default set, published as it is.
    for p in default_pages() {
        if knowledge_page::find_by_slug(conn, tid, p.slug)?.is_some() {
            continue;
        }
        let topics: Vec<&str> = p.topics.iter().map(|t| t.code()).collect();
        let topics = topics.join(",");
        let row = knowledge_page::create(
            conn,
            keyring,
            tid,
            &knowledge_page::PageFields {
                slug: p.slug,
                topics: &topics,
                status: "published",
                texts: p
                    .texts
                    .iter()
                    .map(|(l, title, summary, body)| (l.tag(), *title, Some(*summary), *body))
                    .collect(),
            },
            &expert.id,
            now_ms,
        )?;
        audit::append(
            conn,
            now_ms,
            &entry(AuditAction::KnowledgePageCreated, "knowledge_page", &row.id),
        )?;
    }

    // The working group on polarisation.
    if let Some(group) = body::list(conn, tid)?
        .into_iter()
        .find(|b| b.kind == "werkgroep")
    {
        for (phase, starts, scope, note) in [
            (
                1,
                "2022-09-01",
                "Scholen (tweede graad secundair onderwijs) en jeugdverenigingen.",
                Some("Start van de werkgroep (demo)."),
            ),
            (
                2,
                "2025-09-01",
                "Fictief: uitbreiding naar sportclubs en online polarisering bij jongeren (demo).",
                None,
            ),
        ] {
            let row = outreach::create_phase(
                conn,
                keyring,
                tid,
                &group.id,
                &outreach::PhaseFields {
                    phase,
                    starts_on: starts,
                    scope,
                    note,
                },
                &expert.id,
                now_ms,
            )?;
            audit::append(
                conn,
                now_ms,
                &entry(
                    AuditAction::WorkingGroupPhaseRecorded,
                    "working_group_phase",
                    &row.id,
                ),
            )?;
        }
        for (days, subject, summary, addressee, answer) in [
            (
                -75,
                "Fictief: spanningen rond de schoolpoort (demo)",
                "Fictief: meerdere scholen melden wij-zij-uitspraken na een incident op sociale media (demo).",
                "College van burgemeester en schepenen",
                Some((
                    -50,
                    "Fictief: het college vraagt een gezamenlijke aanpak met de jeugddienst (demo).",
                )),
            ),
            (
                -12,
                "Fictief: nood aan vorming over complotdenken voor jeugdwerkers (demo)",
                "Fictief: jeugdverenigingen vragen ondersteuning bij gesprekken over complottheorieën (demo).",
                "Schepen van jeugd",
                None,
            ),
        ] {
            let answered_on = answer.map(|(d, _)| iso(d)).transpose()?;
            let row = outreach::create_board_signal(
                conn,
                keyring,
                tid,
                &group.id,
                &outreach::BoardSignalFields {
                    sent_on: &iso(days)?,
                    subject,
                    summary,
                    addressee,
                    answer: answer.map(|(_, a)| a),
                    answered_on: answered_on.as_deref(),
                },
                &expert.id,
                now_ms,
            )?;
            audit::append(
                conn,
                now_ms,
                &entry(AuditAction::BoardSignalRecorded, "board_signal", &row.id),
            )?;
        }
    }

    // The silent middle.
    for (kind, recipient, platform, question, advice, support, started, follow_up, status) in [
        (
            "page_admin",
            "Fictieve buurtpagina 'Wij zijn Sint-Niklaas' (demo)",
            "facebook",
            "Fictief: hoe reageren we op polariserende reacties onder berichten over de nieuwe moskee? (demo)",
            Some(
                "Fictief: huisregels publiceren, modereren op toon en niet op mening, het stille midden aanspreken (demo).",
            ),
            None,
            -40,
            Some(10),
            "advised",
        ),
        (
            "local_organisation",
            "Fictieve voetbalclub (demo)",
            "offline",
            "Fictief: spanningen tussen supportersgroepen na een wedstrijd (demo).",
            Some("Fictief: gesprek met beide groepen over de gedeelde zorg (demo)."),
            Some("Fictief: begeleiding van een dialoogavond door de deskundige (demo)."),
            -20,
            Some(-2),
            "support",
        ),
    ] {
        let follow = follow_up.map(iso).transpose()?;
        let row = outreach::create_advice(
            conn,
            keyring,
            tid,
            &outreach::AdviceFields {
                recipient_kind: kind,
                recipient,
                platform,
                question,
                advice,
                support,
                started_on: &iso(started)?,
                follow_up_on: follow.as_deref(),
                status,
            },
            &expert.id,
            now_ms,
        )?;
        audit::append(
            conn,
            now_ms,
            &entry(
                AuditAction::AdviceTrajectoryCreated,
                "advice_trajectory",
                &row.id,
            ),
        )?;
    }
    for (days, channel, theme, title, description, reach) in [
        (
            -30,
            "social_media",
            "polarisation",
            "Fictief: 'Buren van hier' – verhalen van buren (demo)",
            "Fictief: korte video's van inwoners over wat hen verbindt (demo).",
            Some(14_500),
        ),
        (
            -8,
            "city_website",
            "fake_news",
            "Fictief: feiten over het nieuwe opvangcentrum (demo)",
            "Fictief: een vraag-en-antwoordpagina tegen geruchten (demo).",
            None,
        ),
    ] {
        let row = outreach::create_counter_message(
            conn,
            keyring,
            tid,
            &outreach::CounterMessageFields {
                published_on: &iso(days)?,
                channel,
                theme,
                title,
                description,
                reach,
            },
            &expert.id,
            now_ms,
        )?;
        audit::append(
            conn,
            now_ms,
            &entry(
                AuditAction::CounterMessageCreated,
                "counter_message",
                &row.id,
            ),
        )?;
    }

    // Workshops: the first wave of spring 2022, then this school year.
    let schools = workshop::schools(conn, tid)?;
    struct DemoWorkshop {
        school_id: String,
        day: String,
        status: &'static str,
        pupils: Option<i32>,
        topics: &'static str,
        score: Option<i32>,
        evaluation: Option<&'static str>,
    }
    let mut plan: Vec<DemoWorkshop> = Vec::new();
    for (i, s) in schools.iter().filter(|s| s.first_wave_2022).enumerate() {
        plan.push(DemoWorkshop {
            school_id: s.id.clone(),
            day: format!("2022-03-{:02}", 7 + i * 3),
            status: "held",
            pupils: Some(45 + i32::try_from(i).unwrap_or(0) * 5),
            topics: "conspiracy_thinking,fake_news,identity,polarisation",
            score: Some(4),
            evaluation: Some("Fictief: leerlingen waren sterk betrokken (demo)."),
        });
    }
    let others: Vec<&workshop::SchoolRow> = schools.iter().filter(|s| !s.first_wave_2022).collect();
    if let Some(s) = others.first() {
        plan.push(DemoWorkshop {
            school_id: s.id.clone(),
            day: iso(-30)?,
            status: "held",
            pupils: Some(52),
            topics: "fake_news,polarisation",
            score: Some(5),
            evaluation: Some("Fictief: vraag naar een vervolg in de derde graad (demo)."),
        });
    }
    if let Some(s) = others.get(1) {
        plan.push(DemoWorkshop {
            school_id: s.id.clone(),
            day: iso(45)?,
            status: "planned",
            pupils: None,
            topics: "conspiracy_thinking,identity",
            score: None,
            evaluation: None,
        });
    }
    for w in &plan {
        let row = workshop::create(
            conn,
            keyring,
            tid,
            &workshop::WorkshopFields {
                school_id: &w.school_id,
                held_on: &w.day,
                status: w.status,
                provider: "StampMedia",
                classes: Some("Fictief: 3A, 3B, 4A (demo)"),
                pupils: w.pupils,
                topics: w.topics,
                evaluation_score: w.score,
                evaluation: w.evaluation,
            },
            &expert.id,
            now_ms,
        )?;
        audit::append(
            conn,
            now_ms,
            &entry(AuditAction::WorkshopCreated, "workshop", &row.id),
        )?;
    }

    // The action plan: a few measures under way, and a note of the Stuurgroep.
    for (code, status, indicators) in [
        (
            "P1",
            "in_progress",
            "Fictief: aantal contacten per jaar; bekendheid bij eerstelijnswerkers (demo).",
        ),
        (
            "P3.2",
            "in_progress",
            "Fictief: vier bijeenkomsten per schooljaar; signalen aan het stadsbestuur (demo).",
        ),
        (
            "P4",
            "in_progress",
            "Fictief: elke secundaire school met een tweede graad bereikt (demo).",
        ),
    ] {
        let Ok(m) = action_plan::find_measure(conn, tid, code) else {
            continue;
        };
        action_plan::save_entry(
            conn,
            keyring,
            &m,
            &action_plan::EntryFields {
                owner_organisation_id: m.owner_organisation_id.as_deref(),
                indicators: Some(indicators),
                status,
            },
            &expert.id,
            now_ms,
        )?;
        audit::append(
            conn,
            now_ms,
            &entry(AuditAction::ActionPlanMeasureUpdated, "measure", &m.id),
        )?;
    }
    if let Ok(m) = action_plan::find_measure(conn, tid, "P4") {
        let period = verbind_domain::case::Date::from_unix_ms_utc(now_ms)
            .map(|d| verbind_domain::prevention::action_plan::current_period(d).code())
            .ok_or_else(|| StoreError::Invalid("demo date out of range".into()))?;
        let row = action_plan::add_evaluation(
            conn,
            keyring,
            &m,
            &action_plan::NewEvaluation {
                period: &period,
                note: "Fictief: goed op schema; vraag om ook de derde graad te bekijken (demo).",
                by_user: &steering.id,
                by_organisation: &steering.organisation_id,
                by_role: &steering.role,
            },
            now_ms,
        )?;
        audit::append(
            conn,
            now_ms,
            &audit::NewEntry::new(AuditAction::ActionPlanEvaluated, "ok")
                .tenant(tid)
                .actor(&steering.id, &steering.organisation_id)
                .object("measure", &m.id)
                .detail(format!("evaluation={} via=demo", row.id)),
        )?;
    }
    Ok(())
}
