//! Meetings in the store: tenant scoping, conditional status changes with the
//! invitation's sequence, attendance per seat, acknowledgements once per
//! attendee, the frozen agenda, and minutes sealed with the case key (bound
//! to their row, erased by shredding the case), on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::TestDb;
use diesel::prelude::*;
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::profile::parse_profile;
use verbind_domain::username::Username;
use verbind_domain::{BodyId, Locale, Role, TenantId};
use verbind_store::demo::SINT_NIKLAAS_PROFILE;
use verbind_store::models::case::{self, CaseRow, Identity, NewCase};
use verbind_store::models::meeting::{self, MeetingRow, NewMeeting};
use verbind_store::models::user::{self, NewUser};
use verbind_store::models::{body, organisation, profile};
use verbind_store::schema::meeting_minutes;
use verbind_store::{Backend, Database, StoreError};

const NOW: i64 = 1_795_871_100_000;
const HOUR: i64 = 3_600_000;
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
    MasterKeyring::from_bytes_for_tests(1, [0x31; 32])
}

/// A tenant with its Partnertafel, Stuurgroep and one user (the planner).
struct Livc {
    tenant: TenantId,
    table: String,
    steering: Option<String>,
    user: String,
    org: String,
}

fn livc(db: &Database, kr: &MasterKeyring, text: &str, username: &str) -> Livc {
    let p = parse_profile(text).unwrap();
    let (t, _) = db.write(|c| profile::load(c, &p, NOW)).unwrap();
    let tenant = t.tenant_id();
    let bodies = db.read(|c| body::list(c, &tenant)).unwrap();
    let find = |kind: &str| bodies.iter().find(|b| b.kind == kind).map(|b| b.id.clone());
    let org = db
        .read(|c| organisation::list(c, &tenant))
        .unwrap()
        .remove(0);
    let u = db
        .write(|c| {
            user::create(
                c,
                kr,
                &NewUser {
                    tenant_id: &tenant,
                    organisation_id: &org.organisation_id(),
                    username: &Username::parse(username).unwrap(),
                    role: Role::Expert,
                    display_name: "Test Deskundige (fictief)",
                    email: None,
                    locale: Locale::NlBe,
                    password_hash: None,
                },
                NOW,
            )
        })
        .unwrap();
    Livc {
        table: find("partnertafel").unwrap(),
        steering: find("stuurgroep"),
        tenant,
        user: u.id,
        org: org.id,
    }
}

fn plan(db: &Database, l: &Livc, body: &str, starts_at: i64) -> MeetingRow {
    db.write(|c| {
        meeting::create(
            c,
            &NewMeeting {
                tenant_id: &l.tenant,
                body_id: body,
                starts_at,
                ends_at: starts_at + 2 * HOUR,
                place: "Stadhuis, zaal 2",
                kind: "planned",
                requested_by_user_id: None,
                planned_by_user_id: &l.user,
            },
            NOW,
        )
    })
    .unwrap()
}

fn new_case(db: &Database, kr: &MasterKeyring, l: &Livc, state: &str, marker: &str) -> CaseRow {
    let ident = Identity {
        name: format!("NAAM-{marker}"),
        date_of_birth: None,
        address: None,
        national_number: None,
    };
    let reason = format!("REDEN-{marker}");
    db.write(|c| {
        case::create(
            c,
            kr,
            &NewCase {
                tenant_id: &l.tenant,
                body_id: &l.table,
                code_prefix: "SN",
                year: 2026,
                state,
                target_group: "a",
                minor_at_referral: false,
                protective_measure: false,
                lives_in_area: true,
                socially_active_in_area: false,
                referral_source: "partner_member",
                referred_by_user_id: None,
                referred_by_org_id: None,
                reason: &reason,
                ltf_status: "cleared",
                identity: &ident,
            },
            NOW,
        )
    })
    .unwrap()
}

fn meetings_are_scoped_to_their_tenant(t: &TestDb) {
    let kr = keyring();
    let sn = livc(t, &kr, SINT_NIKLAAS_PROFILE, "sn-expert");
    let vs = livc(t, &kr, VOORBEELDSTAD, "vs-expert");
    let late = plan(t, &sn, &sn.table, NOW + 48 * HOUR);
    let early = plan(t, &sn, &sn.table, NOW + 24 * HOUR);
    let steering = plan(t, &sn, sn.steering.as_deref().unwrap(), NOW + 24 * HOUR);
    let other = plan(t, &vs, &vs.table, NOW + 24 * HOUR);
    assert_eq!(early.status, "planned");
    assert_eq!(early.sequence, 0);
    // Found in its own tenant only.
    let found = t.read(|c| meeting::find(c, &sn.tenant, &early.id)).unwrap();
    assert_eq!(found.place, "Stadhuis, zaal 2");
    assert!(matches!(
        t.read(|c| meeting::find(c, &sn.tenant, &other.id)),
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        t.read(|c| meeting::find(c, &vs.tenant, &early.id)),
        Err(StoreError::NotFound)
    ));
    // Per body, in a time window, earliest first.
    let list = t
        .read(|c| meeting::list_for_body(c, &sn.tenant, &sn.table, NOW, NOW + 72 * HOUR))
        .unwrap();
    let ids: Vec<&str> = list.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, vec![early.id.as_str(), late.id.as_str()]);
    assert!(!ids.contains(&steering.id.as_str()));
    let window = t
        .read(|c| meeting::list_for_body(c, &sn.tenant, &sn.table, NOW, NOW + 36 * HOUR))
        .unwrap();
    assert_eq!(window.len(), 1);
    // Another tenant's body through this tenant: nothing.
    assert!(
        t.read(|c| meeting::list_for_body(c, &sn.tenant, &vs.table, 0, i64::MAX))
            .unwrap()
            .is_empty()
    );
    // A meeting that ends before it starts is refused.
    let r = t.write(|c| {
        meeting::create(
            c,
            &NewMeeting {
                tenant_id: &sn.tenant,
                body_id: &sn.table,
                starts_at: NOW,
                ends_at: NOW,
                place: "x",
                kind: "planned",
                requested_by_user_id: None,
                planned_by_user_id: &sn.user,
            },
            NOW,
        )
    });
    assert!(matches!(r, Err(StoreError::Invalid(_))));
}

fn status_changes_are_conditional(t: &TestDb) {
    let kr = keyring();
    let sn = livc(t, &kr, SINT_NIKLAAS_PROFILE, "sn-expert");
    let vs = livc(t, &kr, VOORBEELDSTAD, "vs-expert");
    let m = plan(t, &sn, &sn.table, NOW);
    t.write(|c| meeting::set_status(c, &sn.tenant, &m.id, "planned", "held", NOW + 1))
        .unwrap();
    // A second change from "planned" finds it held: conflict, nothing changes.
    let r = t.write(|c| meeting::set_status(c, &sn.tenant, &m.id, "planned", "cancelled", NOW + 2));
    assert!(matches!(r, Err(StoreError::Conflict(_))));
    let after = t.read(|c| meeting::find(c, &sn.tenant, &m.id)).unwrap();
    assert_eq!(after.status, "held");
    assert_eq!(after.sequence, 1, "the invitation's sequence went up once");
    assert_eq!(after.updated_at, NOW + 1);
    // Another tenant cannot change it.
    let r = t.write(|c| meeting::set_status(c, &vs.tenant, &m.id, "held", "cancelled", NOW));
    assert!(matches!(r, Err(StoreError::Conflict(_))));
}

fn attendance_and_acknowledgements(t: &TestDb) {
    let kr = keyring();
    let sn = livc(t, &kr, SINT_NIKLAAS_PROFILE, "sn-expert");
    let m = plan(t, &sn, &sn.table, NOW);
    let seats = t
        .read(|c| body::seats(c, &sn.tenant, &BodyId::from_db(sn.table.clone())))
        .unwrap();
    let (a, b) = (&seats[0].id, &seats[1].id);
    t.write(|c| {
        meeting::record_attendance(c, &m, a, "present", &sn.user, NOW)?;
        meeting::record_attendance(c, &m, b, "excused", &sn.user, NOW)?;
        // Recording again replaces, never duplicates.
        meeting::record_attendance(c, &m, b, "absent", &sn.user, NOW + 5)
    })
    .unwrap();
    let rows = t
        .read(|c| meeting::attendance(c, &sn.tenant, &m.id))
        .unwrap();
    assert_eq!(rows.len(), 2);
    let of = |seat: &str| rows.iter().find(|r| r.seat_id == seat).unwrap();
    assert_eq!(of(a).status, "present");
    assert_eq!(of(b).status, "absent");
    assert_eq!(of(b).recorded_at, NOW + 5);
    // Acknowledged once; the first moment stands.
    assert_eq!(
        t.read(|c| meeting::acknowledged_at(c, &m, &sn.user))
            .unwrap(),
        None
    );
    assert!(
        t.write(|c| meeting::acknowledge(c, &m, &sn.user, &sn.org, NOW))
            .unwrap()
    );
    assert!(
        !t.write(|c| meeting::acknowledge(c, &m, &sn.user, &sn.org, NOW + 9))
            .unwrap()
    );
    assert_eq!(
        t.read(|c| meeting::acknowledged_at(c, &m, &sn.user))
            .unwrap(),
        Some(NOW)
    );
    let acks = t.read(|c| meeting::acknowledgements(c, &m)).unwrap();
    assert_eq!(acks.len(), 1);
    assert_eq!(acks[0].organisation_id, sn.org);
    // Per meeting: another meeting is not acknowledged.
    let other = plan(t, &sn, &sn.table, NOW + 24 * HOUR);
    assert_eq!(
        t.read(|c| meeting::acknowledged_at(c, &other, &sn.user))
            .unwrap(),
        None
    );
    // The agenda is frozen once, without duplicates.
    let c1 = new_case(t, &kr, &sn, "geagendeerd", "a1");
    let c2 = new_case(t, &kr, &sn, "socio_preventief", "a2");
    t.write(|c| meeting::freeze_agenda(c, &m, std::slice::from_ref(&c1.id)))
        .unwrap();
    t.write(|c| meeting::freeze_agenda(c, &m, &[c1.id.clone(), c2.id.clone()]))
        .unwrap();
    let mut frozen = t.read(|c| meeting::frozen_agenda(c, &m)).unwrap();
    frozen.sort();
    let mut want = vec![c1.id, c2.id];
    want.sort();
    assert_eq!(frozen, want);
    assert!(
        t.read(|c| meeting::frozen_agenda(c, &other))
            .unwrap()
            .is_empty()
    );
}

fn minutes_are_sealed_with_the_case_key(t: &TestDb) {
    const MARKER: &str = "NOTULEN-5e0f2c-MARKER";
    let kr = keyring();
    let sn = livc(t, &kr, SINT_NIKLAAS_PROFILE, "sn-expert");
    let vs = livc(t, &kr, VOORBEELDSTAD, "vs-expert");
    let m = plan(t, &sn, &sn.table, NOW);
    let case_a = new_case(t, &kr, &sn, "in_beoordeling", "m1");
    let case_b = new_case(t, &kr, &sn, "geagendeerd", "m2");
    let text = format!("{MARKER}: het traject loopt");
    let row = t
        .write(|c| meeting::write_minutes(c, &kr, &m, &case_a, &text, &sn.user, NOW))
        .unwrap();
    t.write(|c| meeting::write_minutes(c, &kr, &m, &case_b, "andere casus", &sn.user, NOW))
        .unwrap();
    // Rewriting keeps the row (and its id, which the seal is bound to).
    let text2 = format!("{MARKER}: bijgewerkt");
    let again = t
        .write(|c| meeting::write_minutes(c, &kr, &m, &case_a, &text2, &sn.user, NOW + 7))
        .unwrap();
    assert_eq!(again.id, row.id);
    let rows = t.read(|c| meeting::minutes_of_meeting(c, &m)).unwrap();
    assert_eq!(rows.len(), 2);
    let a_row = rows
        .iter()
        .find(|r| r.case_id == case_a.id)
        .unwrap()
        .clone();
    let b_row = rows
        .iter()
        .find(|r| r.case_id == case_b.id)
        .unwrap()
        .clone();
    assert_eq!(a_row.updated_at, NOW + 7);
    assert_eq!(
        t.read(|c| meeting::open_minutes(c, &kr, &case_a, &a_row))
            .unwrap(),
        text2
    );
    // No clear text at rest: not in the column, not in the database file.
    let needle = MARKER.as_bytes();
    let blobs: Vec<Vec<u8>> = t
        .read(|c| {
            Ok(meeting_minutes::table
                .select(meeting_minutes::text_enc)
                .load(c)?)
        })
        .unwrap();
    for b in &blobs {
        assert!(!b.windows(needle.len()).any(|w| w == needle));
        assert!(!b.windows(10).any(|w| w == b"bijgewerkt"));
    }
    if t.backend() == Backend::Sqlite {
        let copy = t.dir.path().join("copy.db");
        t.sqlite_backup_to(&copy).unwrap();
        let bytes = std::fs::read(&copy).unwrap();
        assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    }
    // A blob moved to another row does not open.
    let mut moved = b_row.clone();
    moved.text_enc = a_row.text_enc.clone();
    assert!(
        t.read(|c| meeting::open_minutes(c, &kr, &case_b, &moved))
            .is_err()
    );
    // Minutes of one case are not opened as another's.
    assert!(matches!(
        t.read(|c| meeting::open_minutes(c, &kr, &case_b, &a_row)),
        Err(StoreError::NotFound)
    ));
    // A case of another tenant or table gets no minutes at this meeting.
    let vs_case = new_case(t, &kr, &vs, "geagendeerd", "vs");
    assert!(matches!(
        t.write(|c| meeting::write_minutes(c, &kr, &m, &vs_case, "x", &sn.user, NOW)),
        Err(StoreError::NotFound)
    ));
    let steering_meeting = plan(t, &sn, sn.steering.as_deref().unwrap(), NOW);
    assert!(matches!(
        t.write(|c| meeting::write_minutes(c, &kr, &steering_meeting, &case_a, "x", &sn.user, NOW)),
        Err(StoreError::NotFound)
    ));
    // Shredding the case erases its minutes; the other case's stay readable.
    t.write(|c| case::shred(c, &sn.tenant, &case_a.id, NOW))
        .unwrap();
    assert!(
        t.read(|c| meeting::open_minutes(c, &kr, &case_a, &a_row))
            .is_err()
    );
    assert_eq!(
        t.read(|c| meeting::open_minutes(c, &kr, &case_b, &b_row))
            .unwrap(),
        "andere casus"
    );
}

on_both!(
    meetings_are_scoped_to_their_tenant,
    meetings_are_scoped_to_their_tenant_sqlite,
    meetings_are_scoped_to_their_tenant_postgres
);
on_both!(
    status_changes_are_conditional,
    status_changes_are_conditional_sqlite,
    status_changes_are_conditional_postgres
);
on_both!(
    attendance_and_acknowledgements,
    attendance_and_acknowledgements_sqlite,
    attendance_and_acknowledgements_postgres
);
on_both!(
    minutes_are_sealed_with_the_case_key,
    minutes_are_sealed_with_the_case_key_sqlite,
    minutes_are_sealed_with_the_case_key_postgres
);
