//! Cases in the store: pseudonym codes, the identity vault, sealed fields,
//! conditional state moves, tenant scoping and crypto-shredding, on SQLite and
//! PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::TestDb;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;
use verbind_domain::profile::parse_profile;
use verbind_store::demo::SINT_NIKLAAS_PROFILE;
use verbind_store::models::case::{self, Identity, Move, NewCase};
use verbind_store::models::{body, profile};
use verbind_store::schema::{case_identities, cases};
use verbind_store::{Database, DbConn, StoreError};

const NOW: i64 = 1_795_871_100_000;
const VOORBEELDSTAD: &str = include_str!("../../../profiles/voorbeeldstad.toml");

macro_rules! on_both {
    ($scenario:ident, $sqlite:ident, $postgres:ident) => {
        #[test]
        fn $sqlite() {
            $scenario(&common::sqlite());
        }
        #[test]
        fn $postgres() {
            if let Some(t) = common::postgres() {
                $scenario(&t);
            }
        }
    };
}

fn keyring() -> MasterKeyring {
    MasterKeyring::from_bytes_for_tests(1, [0x24; 32])
}

fn tenant(db: &Database, text: &str) -> (TenantId, String) {
    let p = parse_profile(text).unwrap();
    let (t, _) = db.write(|c| profile::load(c, &p, NOW)).unwrap();
    let tid = t.tenant_id();
    let table = db
        .read(|c| body::list(c, &tid))
        .unwrap()
        .into_iter()
        .find(|b| b.kind == "partnertafel")
        .unwrap();
    (tid, table.id)
}

fn identity(marker: &str) -> Identity {
    Identity {
        name: format!("NAAM-{marker}"),
        date_of_birth: Some("2010-04-01".into()),
        address: Some(format!("ADRES-{marker}")),
        national_number: Some("10040100107".into()),
    }
}

fn new_case(
    db: &Database,
    kr: &MasterKeyring,
    t: &TenantId,
    table: &str,
    year: i32,
    marker: &str,
) -> case::CaseRow {
    let ident = identity(marker);
    let reason = format!("REDEN-{marker}");
    db.write(|c| {
        case::create(
            c,
            kr,
            &NewCase {
                tenant_id: t,
                body_id: table,
                code_prefix: "SN",
                year,
                state: "aangemeld",
                target_group: "a",
                minor_at_referral: true,
                protective_measure: false,
                lives_in_area: true,
                socially_active_in_area: false,
                referral_source: "partner",
                referred_by_user_id: None,
                referred_by_org_id: None,
                reason: &reason,
                ltf_status: "pending",
                identity: &ident,
            },
            NOW,
        )
    })
    .unwrap()
}

fn codes_follow_per_tenant_and_year(t: &TestDb) {
    let kr = keyring();
    let (sn, sn_table) = tenant(t, SINT_NIKLAAS_PROFILE);
    let (vs, vs_table) = tenant(t, VOORBEELDSTAD);
    assert_eq!(
        new_case(t, &kr, &sn, &sn_table, 2026, "a").code,
        "SN-2026-001"
    );
    assert_eq!(
        new_case(t, &kr, &sn, &sn_table, 2026, "b").code,
        "SN-2026-002"
    );
    assert_eq!(
        new_case(t, &kr, &sn, &sn_table, 2027, "c").code,
        "SN-2027-001"
    );
    assert_eq!(
        new_case(t, &kr, &vs, &vs_table, 2026, "d").code,
        "SN-2026-001",
        "each tenant counts on its own"
    );
    assert_eq!(t.read(|c| case::list(c, &sn, &[])).unwrap().len(), 3);
    assert_eq!(t.read(|c| case::list(c, &vs, &[])).unwrap().len(), 1);
    assert_eq!(
        t.read(|c| case::list(c, &sn, &["afgesloten"]))
            .unwrap()
            .len(),
        0
    );
}
on_both!(
    codes_follow_per_tenant_and_year,
    codes_sqlite,
    codes_postgres
);

/// The first referrals of a year, at once: every one gets its own code (the
/// year's counter row is made without a unique-key failure).
fn first_codes_of_a_year_at_once(t: &TestDb) {
    let kr = keyring();
    let (sn, table) = tenant(t, SINT_NIKLAAS_PROFILE);
    for year in [2030, 2031, 2032] {
        let mut codes: Vec<String> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|i| {
                    let (kr, sn, table) = (&kr, &sn, &table);
                    scope.spawn(move || new_case(t, kr, sn, table, year, &format!("r{i}")).code)
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        codes.sort();
        let expected: Vec<String> = (1..=4).map(|n| format!("SN-{year}-{n:03}")).collect();
        assert_eq!(codes, expected);
    }
}
on_both!(
    first_codes_of_a_year_at_once,
    first_codes_sqlite,
    first_codes_postgres
);

fn identity_vault_is_sealed_and_tenant_scoped(t: &TestDb) {
    let kr = keyring();
    let (sn, table) = tenant(t, SINT_NIKLAAS_PROFILE);
    let (vs, _) = tenant(t, VOORBEELDSTAD);
    let marker = uuid::Uuid::new_v4().simple().to_string();
    let row = new_case(t, &kr, &sn, &table, 2026, &marker);
    // In clear only through the vault.
    let got = t.read(|c| case::identity(c, &kr, &row)).unwrap();
    assert_eq!(got, identity(&marker));
    assert_eq!(
        t.read(|c| case::reason(c, &kr, &row)).unwrap(),
        format!("REDEN-{marker}")
    );
    // Not in any stored byte.
    let blobs: Vec<Vec<u8>> = t
        .read(|c| {
            let (a, b, d): (Vec<u8>, Option<Vec<u8>>, Option<Vec<u8>>) = case_identities::table
                .filter(case_identities::case_id.eq(&row.id))
                .select((
                    case_identities::name_enc,
                    case_identities::address_enc,
                    case_identities::national_number_enc,
                ))
                .first(c)?;
            let r: Vec<u8> = cases::table
                .find(&row.id)
                .select(cases::reason_enc)
                .first(c)?;
            Ok(vec![a, b.unwrap(), d.unwrap(), r])
        })
        .unwrap();
    for b in &blobs {
        assert!(!b.windows(marker.len()).any(|w| w == marker.as_bytes()));
        assert!(!b.windows(11).any(|w| w == b"10040100107"));
    }
    if let Some(path) = &t.sqlite_path {
        t.read(|c: &mut DbConn| {
            if let DbConn::Sqlite(s) = c {
                s.batch_execute("PRAGMA wal_checkpoint(TRUNCATE)")?;
            }
            Ok(())
        })
        .unwrap();
        let file = std::fs::read(path).unwrap();
        assert!(
            !file.windows(marker.len()).any(|w| w == marker.as_bytes()),
            "marker in the database file"
        );
        assert!(
            file.windows(row.code.len())
                .any(|w| w == row.code.as_bytes()),
            "the code is stored in clear (the read works)"
        );
    }
    // Another tenant cannot find it.
    assert!(matches!(
        t.read(|c| case::find(c, &vs, &row.id)),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        t.write(|c| case::record_ltf(c, &vs, &row.id, "cleared", "x", NOW)),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        t.write(|c| case::shred(c, &vs, &row.id, NOW)),
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        t.read(|c| case::find(c, &sn, &row.id)).unwrap().ltf_status,
        "pending"
    );
}
on_both!(
    identity_vault_is_sealed_and_tenant_scoped,
    vault_sqlite,
    vault_postgres
);

fn moves_are_conditional_and_recorded(t: &TestDb) {
    let kr = keyring();
    let (sn, table) = tenant(t, SINT_NIKLAAS_PROFILE);
    let row = new_case(t, &kr, &sn, &table, 2026, "m");
    let m = Move {
        from: "aangemeld",
        to: "screening",
        transition: "start_screening",
        actor_user_id: "u",
        actor_org_id: "o",
        note: Some("gesprek met aanmelder gepland"),
    };
    // The actor must be a real user and organisation (foreign keys): nothing is recorded otherwise.
    let refused = t.write(|c| case::apply_move(c, &kr, &row, &m, NOW));
    assert!(refused.is_err(), "unknown actor refused by the foreign key");
    assert_eq!(
        t.read(|c| case::find(c, &sn, &row.id)).unwrap().state,
        "aangemeld",
        "rolled back"
    );
    // The conditional update: a move from a state the case is not in is a conflict.
    let wrong = Move {
        from: "screening",
        to: "geagendeerd",
        transition: "put_on_agenda",
        actor_user_id: "u",
        actor_org_id: "o",
        note: None,
    };
    assert!(matches!(
        t.write(|c| case::apply_move(c, &kr, &row, &wrong, NOW)),
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        t.read(|c| case::find(c, &sn, &row.id)).unwrap().state,
        "aangemeld"
    );
    assert!(
        t.read(|c| case::events(c, &sn, &row.id))
            .unwrap()
            .is_empty()
    );
}
on_both!(
    moves_are_conditional_and_recorded,
    moves_sqlite,
    moves_postgres
);

fn shredding_erases_the_case(t: &TestDb) {
    let kr = keyring();
    let (sn, table) = tenant(t, SINT_NIKLAAS_PROFILE);
    let row = new_case(t, &kr, &sn, &table, 2026, "s");
    let other = new_case(t, &kr, &sn, &table, 2026, "t");
    t.write(|c| case::shred(c, &sn, &row.id, NOW)).unwrap();
    assert!(t.read(|c| case::identity(c, &kr, &row)).is_err());
    assert!(t.read(|c| case::reason(c, &kr, &row)).is_err());
    // Other cases are untouched: one key per case.
    assert_eq!(
        t.read(|c| case::identity(c, &kr, &other)).unwrap(),
        identity("t")
    );
    // A ciphertext copied from one case to another does not open there.
    t.read(|c| {
        let blob: Vec<u8> = case_identities::table
            .find(&other.id)
            .select(case_identities::name_enc)
            .first(c)?;
        diesel::update(case_identities::table.find(&row.id))
            .set(case_identities::name_enc.eq(blob))
            .execute(c)?;
        Ok(())
    })
    .unwrap();
    assert!(t.read(|c| case::identity(c, &kr, &row)).is_err());
}
on_both!(shredding_erases_the_case, shred_sqlite, shred_postgres);

fn a_move_changes_state_and_keeps_the_sealed_note(t: &TestDb) {
    let kr = keyring();
    t.write(|c| verbind_store::demo::seed(c, &kr, "not-a-real-hash", NOW))
        .unwrap();
    let expert = t
        .read(|c| verbind_store::models::user::find_by_username(c, "deskundige"))
        .unwrap()
        .unwrap();
    let sn = expert.tenant();
    let table = t
        .read(|c| body::find_by_slug(c, &sn, "partnertafel"))
        .unwrap()
        .unwrap();
    let row = new_case(t, &kr, &sn, &table.id, 2026, "h");
    let note = "analyse samen met de aanmelder";
    let m = Move {
        from: "aangemeld",
        to: "screening",
        transition: "start_screening",
        actor_user_id: &expert.id,
        actor_org_id: &expert.organisation_id,
        note: Some(note),
    };
    t.write(|c| case::apply_move(c, &kr, &row, &m, NOW + 1))
        .unwrap();
    let now = t.read(|c| case::find(c, &sn, &row.id)).unwrap();
    assert_eq!(now.state, "screening");
    assert_eq!(now.updated_at, NOW + 1);
    let events = t.read(|c| case::events(c, &sn, &row.id)).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].from_state.as_str(), events[0].to_state.as_str()),
        ("aangemeld", "screening")
    );
    let stored = events[0].note_enc.clone().unwrap();
    assert!(!stored.windows(note.len()).any(|w| w == note.as_bytes()));
    assert_eq!(
        t.read(|c| case::event_note(c, &kr, &now, &events[0]))
            .unwrap()
            .as_deref(),
        Some(note)
    );
    // The same move again is a conflict: the case is no longer in "aangemeld".
    assert!(matches!(
        t.write(|c| case::apply_move(c, &kr, &now, &m, NOW + 2)),
        Err(StoreError::Conflict(_))
    ));
    // Closing sets closed_at.
    let close = Move {
        from: "screening",
        to: "afgesloten",
        transition: "close",
        note: None,
        ..m
    };
    t.write(|c| case::apply_move(c, &kr, &now, &close, NOW + 3))
        .unwrap();
    assert_eq!(
        t.read(|c| case::find(c, &sn, &row.id)).unwrap().closed_at,
        Some(NOW + 3)
    );
}
on_both!(
    a_move_changes_state_and_keeps_the_sealed_note,
    happy_move_sqlite,
    happy_move_postgres
);

fn demo_cases_cover_the_phases(t: &TestDb) {
    let kr = keyring();
    t.write(|c| {
        verbind_store::demo::seed(c, &kr, "not-a-real-hash", NOW)?;
        verbind_store::demo::seed_cases(c, &kr, NOW)
    })
    .unwrap();
    let sn = t
        .read(|c| verbind_store::models::tenant::find_by_slug(c, "sint-niklaas"))
        .unwrap()
        .unwrap()
        .tenant_id();
    let all = t.read(|c| case::list(c, &sn, &[])).unwrap();
    let mut states: Vec<&str> = all.iter().map(|r| r.state.as_str()).collect();
    states.sort_unstable();
    assert_eq!(
        states,
        [
            "afgesloten",
            "aangemeld",
            "geagendeerd",
            "screening",
            "socio_preventief"
        ]
        .iter()
        .copied()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
    for r in &all {
        let id = t.read(|c| case::identity(c, &kr, r)).unwrap();
        assert!(
            id.name.contains("(demo)"),
            "demo names are clearly fictional"
        );
        assert!(r.code.starts_with("SN-2026-"));
    }
    assert!(
        all.iter()
            .any(|r| r.minor_at_referral && r.protective_measure)
    );
    // The demo's chain stays intact.
    let mut conn = t.conn().unwrap();
    verbind_store::models::audit::verify(&mut conn, None, |_| {}).unwrap();
}
on_both!(
    demo_cases_cover_the_phases,
    demo_cases_sqlite,
    demo_cases_postgres
);
