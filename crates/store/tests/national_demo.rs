//! The national-scale demo generator (`verbind demo --scale national`) at a
//! tiny scale, on SQLite and PostgreSQL: the totals come out exactly, every
//! case's identity opens with its own key, the audit chain verifies and runs
//! in time order, the same seed makes the same data, and a database that is
//! not empty is refused. Also: a batched append makes the same chain as
//! appending one entry at a time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;

use common::TestDb;
use diesel::prelude::*;
use sha2::{Digest, Sha256};
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::audit::AuditAction;
use verbind_store::demo::national::{self, Readiness, Scale};
use verbind_store::models::{audit, case, contact, signal, tenant};
use verbind_store::schema::{audit_log, cases, contacts, meetings, signals, users};
use verbind_store::{Database, StoreError};

/// 2026-11-30 10:00 UTC.
const NOW: i64 = 1_796_032_800_000;

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
    MasterKeyring::from_bytes_for_tests(1, [0x42; 32])
}

/// Any valid PHC string will do: nobody logs in here.
const PHC: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$0HHs7Xy5n1ofxW+nX7zHyTT6BDsSJ1WlHPqbwJeP2uY";

/// The web layer's rule, as `verbind demo` passes it.
fn prefix(slug: &str) -> String {
    let mut p: String = slug
        .split('-')
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_alphabetic)
        .take(4)
        .collect();
    if p.len() < 2 {
        p = slug
            .chars()
            .filter(char::is_ascii_alphabetic)
            .take(2)
            .collect();
    }
    while p.len() < 2 {
        p.push('X');
    }
    p.to_ascii_uppercase()
}

fn generate(db: &Database, scale: &Scale) -> Result<national::Counts, StoreError> {
    let mut steps = Vec::new();
    let r = national::generate(db, &keyring(), PHC, NOW, scale, &prefix, &mut |p| {
        steps.push((p.done, p.total))
    });
    if r.is_ok() {
        // Progress only goes forward and ends at its total.
        assert!(steps.windows(2).all(|w| w[0].0 <= w[1].0), "{steps:?}");
        let (done, total) = *steps.last().unwrap();
        assert_eq!(done, total);
    }
    r
}

fn tiny_national_demo(db: &TestDb) {
    let scale = Scale::tiny();
    assert_eq!(db.read(national::readiness).unwrap(), Readiness::Empty);
    let n = generate(db, &scale).unwrap();
    assert_eq!(n.tenants, i64::from(scale.tenants) + 1);
    assert_eq!(n.cases as u64, scale.cases);
    assert_eq!((n.contacts + n.signals) as u64, scale.contacts_and_signals);
    assert_eq!(n.audit_entries as u64, scale.audit_entries);
    assert!(n.contacts > 0 && n.signals > n.contacts, "{n:?}");
    // Eleven demo accounts per LIVC-R.
    assert_eq!(n.users, 11 * n.tenants);
    assert_eq!(db.read(national::readiness).unwrap(), Readiness::Complete);

    // The fictional LIVC-Rs, and Sint-Niklaas as `verbind demo` makes it.
    let tenants = db.read(tenant::list).unwrap();
    let mut slugs: Vec<&str> = tenants.iter().map(|t| t.slug.as_str()).collect();
    slugs.sort_unstable();
    assert_eq!(
        slugs,
        [
            "fictiefdorp-001",
            "fictiefdorp-002",
            "fictiefdorp-003",
            "sint-niklaas"
        ]
    );
    for t in tenants.iter().filter(|t| t.slug != "sint-niklaas") {
        assert!(t.name.starts_with("LIVC-R Fictiefdorp ") && t.name.ends_with("(demo)"));
    }

    // Every case's identity and reason open with the case's own key, and
    // every case has a key of its own.
    let keyring = keyring();
    let rows: Vec<case::CaseRow> = db
        .read(|c| Ok(cases::table.select(case::CaseRow::as_select()).load(c)?))
        .unwrap();
    assert_eq!(rows.len() as u64, scale.cases);
    let mut keys: Vec<&str> = rows.iter().map(|r| r.data_key_id.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), rows.len());
    let mut states = BTreeMap::new();
    for row in &rows {
        let who = db.read(|c| case::identity(c, &keyring, row)).unwrap();
        assert!(who.name.ends_with("(demo)"), "{}", row.code);
        assert!(who.date_of_birth.is_some());
        assert!(who.national_number.is_none());
        let reason = db.read(|c| case::reason(c, &keyring, row)).unwrap();
        assert!(reason.starts_with("Fictief") && reason.contains("(demo)"));
        *states.entry(row.state.clone()).or_insert(0) += 1;
    }
    // A spread of states, as three years of work leave.
    assert!(states.len() >= 4, "{states:?}");

    // Contacts and signals open with their keys, unless shredded at the
    // end of the contact point's retention period.
    let all_contacts: Vec<contact::ContactRow> = db
        .read(|c| {
            Ok(contacts::table
                .select(contact::ContactRow::as_select())
                .load(c)?)
        })
        .unwrap();
    let mut shredded = 0;
    for row in &all_contacts {
        if db.read(|c| contact::is_shredded(c, row)).unwrap() {
            shredded += 1;
            continue;
        }
        let text = db.read(|c| contact::text(c, &keyring, row)).unwrap();
        assert!(text.message.contains("(demo)"));
    }
    assert!(shredded > 0, "three years of contacts: some past retention");
    let all_signals: Vec<signal::SignalRow> = db
        .read(|c| {
            Ok(signals::table
                .select(signal::SignalRow::as_select())
                .load(c)?)
        })
        .unwrap();
    for row in all_signals.iter().take(50) {
        let d = db.read(|c| signal::description(c, &keyring, row)).unwrap();
        assert!(d.contains("(demo)"));
    }

    // The audit chain verifies, has the shredding in it, and runs in time
    // order.
    let mut conn = db.conn().unwrap();
    let v = audit::verify(&mut conn, None, |_| {}).unwrap();
    assert_eq!(v.entries, scale.audit_entries);
    drop(conn);
    let times: Vec<(i64, String)> = db
        .read(|c| {
            Ok(audit_log::table
                .order(audit_log::seq.asc())
                .select((audit_log::at_ms, audit_log::action))
                .load(c)?)
        })
        .unwrap();
    assert!(
        times.windows(2).all(|w| w[0].0 <= w[1].0),
        "audit entries out of time order"
    );
    assert!(times.iter().all(|(at, _)| *at <= NOW));
    let shreds = times
        .iter()
        .filter(|(_, a)| a == AuditAction::ContactShredded.code())
        .count();
    assert_eq!(shreds, shredded);

    // Not twice, and never into a database that holds anything.
    assert!(matches!(generate(db, &scale), Err(StoreError::Invalid(_))));
}
on_both!(
    tiny_national_demo,
    tiny_national_demo_sqlite,
    tiny_national_demo_postgres
);

fn refuses_a_database_in_use(db: &TestDb) {
    db.write(|c| {
        verbind_store::demo::seed(c, &keyring(), PHC, NOW)?;
        Ok(())
    })
    .unwrap();
    assert_eq!(db.read(national::readiness).unwrap(), Readiness::InUse);
    assert!(matches!(
        generate(db, &Scale::tiny()),
        Err(StoreError::Invalid(_))
    ));
    // Nothing was added.
    let n = db.read(national::counts).unwrap();
    assert_eq!(n.tenants, 1);
}
on_both!(
    refuses_a_database_in_use,
    refuses_a_database_in_use_sqlite,
    refuses_a_database_in_use_postgres
);

/// Everything the generator decides, with the random ids and keys the
/// store makes left out (they are made as in production).
fn fingerprint(db: &Database) -> [u8; 32] {
    let keyring = keyring();
    let mut h = Sha256::new();
    let mut line = |s: String| {
        h.update(s.as_bytes());
        h.update(b"\n");
    };
    let tenants = db.read(tenant::list).unwrap();
    let slug: BTreeMap<String, String> = tenants
        .iter()
        .map(|t| (t.id.clone(), t.slug.clone()))
        .collect();
    for t in &tenants {
        line(format!("tenant {} {} {}", t.slug, t.name, t.created_at));
    }
    let user_names: BTreeMap<String, String> = db
        .read(|c| {
            Ok(users::table
                .select((users::id, users::username))
                .load::<(String, String)>(c)?)
        })
        .unwrap()
        .into_iter()
        .collect();
    let mut rows: Vec<case::CaseRow> = db
        .read(|c| Ok(cases::table.select(case::CaseRow::as_select()).load(c)?))
        .unwrap();
    rows.sort_by(|a, b| (&slug[&a.tenant_id], &a.code).cmp(&(&slug[&b.tenant_id], &b.code)));
    for r in &rows {
        let who = db.read(|c| case::identity(c, &keyring, r)).unwrap();
        let reason = db.read(|c| case::reason(c, &keyring, r)).unwrap();
        line(format!(
            "case {} {} {} {} {} {} {:?} {} {} {:?} {:?} {:?} {reason}",
            slug[&r.tenant_id],
            r.code,
            r.state,
            r.target_group,
            r.minor_at_referral,
            r.created_at,
            r.closed_at,
            r.ltf_status,
            who.name,
            who.date_of_birth,
            who.address,
            r.referred_by_user_id.as_ref().map(|u| &user_names[u]),
        ));
        for e in db.read(|c| case::events(c, &r.tenant(), &r.id)).unwrap() {
            let note = db.read(|c| case::event_note(c, &keyring, r, &e)).unwrap();
            line(format!("  {} {} {:?}", e.at_ms, e.transition, note));
        }
    }
    type ContactCodes = (String, String, String, String, String, String, i64, i64);
    let mut cs: Vec<ContactCodes> = db
        .read(|c| {
            Ok(contacts::table
                .select((
                    contacts::tenant_id,
                    contacts::contact_on,
                    contacts::channel,
                    contacts::status,
                    contacts::themes,
                    contacts::actions,
                    contacts::created_at,
                    contacts::updated_at,
                ))
                .load(c)?)
        })
        .unwrap();
    cs.sort_by(|a, b| (&slug[&a.0], a.6, &a.2).cmp(&(&slug[&b.0], b.6, &b.2)));
    for c in cs {
        line(format!(
            "contact {} {} {} {} {} {} {} {}",
            slug[&c.0], c.1, c.2, c.3, c.4, c.5, c.6, c.7
        ));
    }
    let mut ss: Vec<(String, String, String, String, i64)> = db
        .read(|c| {
            Ok(signals::table
                .select((
                    signals::tenant_id,
                    signals::observed_on,
                    signals::theme,
                    signals::severity,
                    signals::created_at,
                ))
                .load(c)?)
        })
        .unwrap();
    ss.sort_by(|a, b| (&slug[&a.0], a.4, &a.2).cmp(&(&slug[&b.0], b.4, &b.2)));
    for s in ss {
        line(format!(
            "signal {} {} {} {} {}",
            slug[&s.0], s.1, s.2, s.3, s.4
        ));
    }
    let mut ms: Vec<(String, i64, String)> = db
        .read(|c| {
            Ok(meetings::table
                .select((meetings::tenant_id, meetings::starts_at, meetings::status))
                .load(c)?)
        })
        .unwrap();
    ms.sort_by(|a, b| (&slug[&a.0], a.1).cmp(&(&slug[&b.0], b.1)));
    for m in ms {
        line(format!("meeting {} {} {}", slug[&m.0], m.1, m.2));
    }
    type Entry = (
        i64,
        i64,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
    );
    let trail: Vec<Entry> = db
        .read(|c| {
            Ok(audit_log::table
                .order(audit_log::seq.asc())
                .select((
                    audit_log::seq,
                    audit_log::at_ms,
                    audit_log::tenant_id,
                    audit_log::actor_user_id,
                    audit_log::action,
                    audit_log::detail,
                ))
                .load(c)?)
        })
        .unwrap();
    for (seq, at, t, actor, action, detail) in trail {
        line(format!(
            "audit {seq} {at} {:?} {:?} {action} {:?}",
            t.map(|t| slug[&t].clone()),
            actor.map(|a| user_names.get(&a).cloned().unwrap_or(a)),
            detail.map(|d| without_ids(&d)),
        ));
    }
    h.finalize().into()
}

/// `text` with every UUID replaced by `<id>`.
fn without_ids(text: &str) -> String {
    text.split(' ')
        .map(|w| match w.split_once('=') {
            Some((k, v)) if uuid::Uuid::parse_str(v).is_ok() => format!("{k}=<id>"),
            _ => w.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_same_seed_makes_the_same_data() {
    let a = common::sqlite();
    let b = common::sqlite();
    let c = common::sqlite();
    generate(&a, &Scale::tiny()).unwrap();
    generate(&b, &Scale::tiny()).unwrap();
    let other = Scale {
        seed: 7,
        ..Scale::tiny()
    };
    generate(&c, &other).unwrap();
    let (fa, fb, fc) = (fingerprint(&a), fingerprint(&b), fingerprint(&c));
    assert_eq!(fa, fb, "same seed, same data");
    assert_ne!(fa, fc, "another seed, other data");
}

fn batch_append_makes_the_same_chain(db: &TestDb) {
    let other = common::sqlite();
    let entries: Vec<(i64, audit::NewEntry)> = (0..1_203)
        .map(|i| {
            let mut e = audit::NewEntry::new(AuditAction::CaseViewed, "ok")
                .actor(&format!("user-{}", i % 7), "org")
                .object("case", &format!("case-{i}"));
            if i % 3 == 0 {
                e = e.detail(format!("n={i}"));
            }
            if i % 5 == 0 {
                e.reason = Some(vec![i as u8; 3]);
            }
            (NOW + i, e)
        })
        .collect();
    // One at a time in `db`, in three batches (one empty) in `other`.
    for (at, e) in &entries {
        db.write(|c| audit::append(c, *at, e)).unwrap();
    }
    let (first, rest) = entries.split_at(500);
    other
        .write(|c| audit::append_batch(c, first.to_vec()))
        .unwrap();
    assert_eq!(
        other.write(|c| audit::append_batch(c, Vec::new())).unwrap(),
        500
    );
    let last = other
        .write(|c| audit::append_batch(c, rest.to_vec()))
        .unwrap();
    assert_eq!(last, 1_203);
    let chain = |d: &Database| -> Vec<(i64, Vec<u8>, Vec<u8>)> {
        d.read(|c| {
            Ok(audit_log::table
                .order(audit_log::seq.asc())
                .select((audit_log::seq, audit_log::prev_hash, audit_log::hash))
                .load(c)?)
        })
        .unwrap()
    };
    assert_eq!(chain(db), chain(&other));
    assert_eq!(
        db.read(audit::head).unwrap(),
        other.read(audit::head).unwrap()
    );
    let mut conn = other.conn().unwrap();
    assert_eq!(
        audit::verify(&mut conn, None, |_| {}).unwrap().entries,
        1_203
    );
}
on_both!(
    batch_append_makes_the_same_chain,
    batch_append_makes_the_same_chain_sqlite,
    batch_append_makes_the_same_chain_postgres
);
