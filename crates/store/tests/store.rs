//! Store tests on the real databases: SQLite always, PostgreSQL when
//! `VERBIND_TEST_PG_URL` is set. Each scenario is written once and run by a
//! `_sqlite` and a `_postgres` test (see `common`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::TestDb;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use secrecy::SecretString;
use verbind_crypto::audit::{self as chain, AuditSigner, ChainError, ChainErrorKind, Checkpoint};
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::audit::AuditAction;
use verbind_domain::profile::parse_profile;
use verbind_domain::username::Username;
use verbind_domain::{BodyId, Locale, OrganisationId, Role, SeatId, TenantId, UserId};
use verbind_store::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD, SINT_NIKLAAS_PROFILE};
use verbind_store::models::audit::{self, AuditRow, NewEntry, Verified, VerifyError};
use verbind_store::models::profile::LoadSummary;
use verbind_store::models::user::{NewUser, UserRow};
use verbind_store::models::{
    body, data_key, meta, organisation, profile, session, tenant, throttle, user,
};
use verbind_store::schema::{
    audit_head, audit_log, bodies, data_keys, districts, measures, municipalities, organisations,
    schools, seats, users,
};
use verbind_store::{Backend, Database, DbConn, StoreError};

const VOORBEELDSTAD_PROFILE: &str = include_str!("../../../profiles/voorbeeldstad.toml");
const NOW: i64 = 1_764_000_000_000;

/// Generates `$sqlite` and `$postgres` tests that run `$scenario` on a fresh database.
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

// ---------------------------------------------------------------- helpers

fn keyring() -> MasterKeyring {
    MasterKeyring::from_bytes_for_tests(1, [0x42; 32])
}

fn short_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
}

fn load_profile(db: &Database, text: &str) -> (TenantId, LoadSummary) {
    let p = parse_profile(text).expect("profile parses");
    let (t, s) = db.write(|c| profile::load(c, &p, NOW)).unwrap();
    (t.tenant_id(), s)
}

fn org_id(db: &Database, tenant: &TenantId, slug: &str) -> OrganisationId {
    db.read(|c| organisation::find_by_slug(c, tenant, slug))
        .unwrap()
        .unwrap_or_else(|| panic!("organisation {slug} missing"))
        .organisation_id()
}

fn add_user(
    db: &Database,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    org: &OrganisationId,
    username: &str,
    name: &str,
    email: Option<&str>,
) -> UserRow {
    let username = Username::parse(username).unwrap();
    db.write(|c| {
        user::create(
            c,
            keyring,
            &NewUser {
                tenant_id: tenant,
                organisation_id: org,
                username: &username,
                role: Role::Partner,
                display_name: name,
                email,
                locale: Locale::NlBe,
                password_hash: None,
            },
            NOW,
        )
    })
    .unwrap()
}

/// Re-reads a user by id, ignoring tenants (for checking what did or did not change).
fn raw_user(db: &Database, id: &str) -> UserRow {
    db.read(|c| {
        Ok(users::table
            .find(id)
            .select(UserRow::as_select())
            .first(c)?)
    })
    .unwrap()
}

/// Runs backend-specific raw SQL, as a DBA with direct access would.
fn exec_raw(db: &Database, sqlite: &str, postgres: &str) {
    let mut conn = db.conn().unwrap();
    match &mut *conn {
        DbConn::Sqlite(c) => c.batch_execute(sqlite).unwrap(),
        DbConn::Pg(c) => c.batch_execute(postgres).unwrap(),
    }
}

fn drop_audit_triggers(db: &Database) {
    exec_raw(
        db,
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;",
        "DROP TRIGGER audit_log_no_update ON audit_log; DROP TRIGGER audit_log_no_truncate ON audit_log;",
    );
}

fn count_sql(db: &Database, sql: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = db.conn().unwrap();
    let rows: Vec<N> = match &mut *conn {
        DbConn::Sqlite(c) => diesel::sql_query(sql).load(c).unwrap(),
        DbConn::Pg(c) => diesel::sql_query(sql).load(c).unwrap(),
    };
    rows[0].n
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

fn is_not_found<T: std::fmt::Debug>(r: Result<T, StoreError>) -> bool {
    matches!(r, Err(StoreError::NotFound))
}

/// Runs `f` outside any transaction (so a partial change would stay and be
/// seen by the checks that follow) and requires "not found".
fn write_not_found<T: std::fmt::Debug>(
    db: &Database,
    f: impl FnOnce(&mut DbConn) -> Result<T, StoreError>,
) {
    let r = db.read(f);
    assert!(
        matches!(r, Err(StoreError::NotFound)),
        "expected NotFound, got {r:?}"
    );
}

// ---------------------------------------------------------------- 1. schema parity

#[test]
fn schema_parity_postgres() {
    let Some(pg) = common::postgres() else { return };
    let lite = common::sqlite();
    let sqlite_schema = lite.describe_schema().unwrap();
    let pg_schema = pg.describe_schema().unwrap();
    let names: Vec<&str> = sqlite_schema.iter().map(|(t, _)| t.as_str()).collect();
    for expected in [
        "users",
        "audit_log",
        "audit_head",
        "data_keys",
        "sessions",
        "seats",
    ] {
        assert!(
            names.contains(&expected),
            "table {expected} missing: {names:?}"
        );
    }
    assert!(
        !names.contains(&"__diesel_schema_migrations"),
        "bookkeeping table must not be compared"
    );
    assert_eq!(
        sqlite_schema, pg_schema,
        "SQLite and PostgreSQL migrations build different schemas"
    );
}

// ---------------------------------------------------------------- 2. migrations

fn migrations_run_once(t: &TestDb) {
    let dir = match t.backend() {
        Backend::Sqlite => concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"),
        Backend::Postgres => concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/postgres"),
    };
    let shipped = std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().join("up.sql").is_file())
        .count();
    assert!(shipped >= 1);
    let applied = || count_sql(t, "SELECT COUNT(*) AS n FROM __diesel_schema_migrations");
    // `open` ran every migration on the empty database.
    assert_eq!(applied(), i64::try_from(shipped).unwrap());
    let tables: Vec<String> = t
        .describe_schema()
        .unwrap()
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert!(tables.iter().any(|n| n == "audit_log"), "{tables:?}");
    // Nothing left to run, on this pool or on a second open.
    assert_eq!(t.migrate().unwrap(), 0);
    let again = Database::open(&t.url).unwrap();
    assert_eq!(again.migrate().unwrap(), 0);
    assert_eq!(applied(), i64::try_from(shipped).unwrap());
    // The audit head row exists exactly once, at the genesis.
    let (seq, hash) = again.read(audit::head).unwrap();
    assert_eq!((seq, hash), (0, [0u8; 32]));
}
on_both!(
    migrations_run_once,
    migrations_run_once_sqlite,
    migrations_run_once_postgres
);

// ---------------------------------------------------------------- 3. tenant isolation

fn tenant_isolation(t: &TestDb) {
    let kr = keyring();
    let (ta, _) = load_profile(t, VOORBEELDSTAD_PROFILE);
    let (tb, _) = load_profile(t, SINT_NIKLAAS_PROFILE);
    assert_ne!(ta, tb);
    let org_a = org_id(t, &ta, "preventiedienst");
    let org_b = org_id(t, &tb, "dsp");
    let ua = add_user(t, &kr, &ta, &org_a, "iso-a", "Anna A", None);
    let ub = add_user(t, &kr, &tb, &org_b, "iso-b", "Bert B", None);
    let (ua_id, ub_id) = (ua.user_id(), ub.user_id());

    // B's user gets MFA and recovery codes, a session and a seat, legitimately.
    let body_b = t
        .read(|c| body::find_by_slug(c, &tb, "partnertafel"))
        .unwrap()
        .unwrap();
    let body_b_id = BodyId::from_db(body_b.id.clone());
    let seat_b = t.read(|c| body::seats(c, &tb, &body_b_id)).unwrap()[0].clone();
    let seat_b_id = SeatId::from_db(seat_b.id.clone());
    let session_hash = verbind_crypto::token::token_hash(&verbind_crypto::token::random_token());
    t.write(|c| {
        user::activate_totp(c, &kr, &ub, &[7u8; 20], 1, NOW)?;
        user::replace_recovery_codes(c, &ub_id, &["h1".into(), "h2".into()])?;
        session::insert(
            c,
            &session::SessionRow {
                id_hash: session_hash.clone(),
                user_id: ub.id.clone(),
                tenant_id: tb.as_str().to_owned(),
                csrf_token: "csrf".into(),
                mfa_done: true,
                created_at: NOW,
                last_seen_at: NOW,
                reauth_at: None,
            },
        )?;
        body::assign_seat(c, &tb, &seat_b_id, Some(&ub_id))
    })
    .unwrap();

    // Reads across tenants are "not found".
    assert!(is_not_found(t.read(|c| user::find(c, &ta, &ub_id))));
    assert!(t.read(|c| user::find(c, &tb, &ub_id)).is_ok());
    assert!(is_not_found(t.read(|c| organisation::find(c, &ta, &org_b))));
    assert!(t.read(|c| organisation::find(c, &tb, &org_b)).is_ok());
    assert!(is_not_found(t.read(|c| body::find(c, &ta, &body_b_id))));
    assert!(t.read(|c| body::find(c, &tb, &body_b_id)).is_ok());
    assert!(
        t.read(|c| body::seats(c, &ta, &body_b_id))
            .unwrap()
            .is_empty()
    );
    assert!(
        t.read(|c| body::seats_of_user(c, &ta, &ub_id))
            .unwrap()
            .is_empty()
    );
    let a_users = t.read(|c| user::list(c, &ta)).unwrap();
    assert_eq!(
        a_users.iter().map(|u| u.id.as_str()).collect::<Vec<_>>(),
        [ua.id.as_str()]
    );
    assert!(
        t.read(|c| organisation::list(c, &ta))
            .unwrap()
            .iter()
            .all(|o| o.tenant_id == ta.as_str())
    );
    assert!(
        t.read(|c| session::list_for_tenant(c, &ta))
            .unwrap()
            .is_empty()
    );

    // Writes across tenants are "not found" and change nothing.
    write_not_found(t, |c| user::set_disabled(c, &ta, &ub_id, true, NOW));
    write_not_found(t, |c| user::reset_mfa(c, &ta, &ub_id, NOW));
    write_not_found(t, |c| session::delete_in_tenant(c, &ta, &session_hash));
    write_not_found(t, |c| body::assign_seat(c, &ta, &seat_b_id, Some(&ua_id)));
    write_not_found(t, |c| body::assign_seat(c, &ta, &seat_b_id, None));
    // B's own seat cannot be given to A's user either.
    write_not_found(t, |c| body::assign_seat(c, &tb, &seat_b_id, Some(&ua_id)));

    let after = raw_user(t, &ub.id);
    assert_eq!(after.disabled_at, None);
    assert!(after.mfa_enabled);
    assert!(after.totp_secret_enc.is_some());
    assert_eq!(
        t.read(|c| user::unused_recovery_codes(c, &ub_id)).unwrap(),
        2
    );
    assert!(
        t.read(|c| session::find(c, &session_hash))
            .unwrap()
            .is_some()
    );
    let holder: Option<String> = t
        .read(|c| {
            Ok(seats::table
                .find(&seat_b.id)
                .select(seats::holder_user_id)
                .first(c)?)
        })
        .unwrap();
    assert_eq!(holder.as_deref(), Some(ub.id.as_str()));

    // Creating a user in A with B's organisation fails, and leaves no trace.
    let users_before = t.read(user::count).unwrap();
    let keys_before = t
        .read(|c| Ok(data_keys::table.count().get_result::<i64>(c)?))
        .unwrap();
    let name = Username::parse("iso-cross").unwrap();
    let r = t.write(|c| {
        user::create(
            c,
            &kr,
            &NewUser {
                tenant_id: &ta,
                organisation_id: &org_b,
                username: &name,
                role: Role::Admin,
                display_name: "Cross Tenant",
                email: None,
                locale: Locale::NlBe,
                password_hash: None,
            },
            NOW,
        )
    });
    assert!(is_not_found(r));
    assert_eq!(t.read(user::count).unwrap(), users_before);
    assert!(
        t.read(|c| user::find_by_username(c, "iso-cross"))
            .unwrap()
            .is_none()
    );
    assert_eq!(
        t.read(|c| Ok(data_keys::table.count().get_result::<i64>(c)?))
            .unwrap(),
        keys_before
    );

    // Sanity: the same operations inside the right tenant do work.
    t.write(|c| user::set_disabled(c, &tb, &ub_id, true, NOW))
        .unwrap();
    t.write(|c| user::reset_mfa(c, &tb, &ub_id, NOW)).unwrap();
    t.write(|c| session::delete_in_tenant(c, &tb, &session_hash))
        .unwrap();
    let after = raw_user(t, &ub.id);
    assert_eq!(after.disabled_at, Some(NOW));
    assert!(!after.mfa_enabled);
    assert_eq!(
        t.read(|c| user::unused_recovery_codes(c, &ub_id)).unwrap(),
        0
    );
}
on_both!(
    tenant_isolation,
    tenant_isolation_sqlite,
    tenant_isolation_postgres
);

// ---------------------------------------------------------------- 4. encryption at rest

fn encryption_at_rest(t: &TestDb) {
    let kr = keyring();
    let (tid, _) = load_profile(t, SINT_NIKLAAS_PROFILE);
    let org = org_id(t, &tid, "dsp");
    let marker = format!("CANARY-{}", uuid::Uuid::new_v4());
    let email_marker = format!("canary-{}@example.invalid", short_id());
    let username = format!("canary-{}", short_id());
    let ua = add_user(
        t,
        &kr,
        &tid,
        &org,
        &username,
        &marker,
        Some(email_marker.as_str()),
    );

    // The stored bytes are ciphertext in the documented envelope format.
    let (dn, em): (Vec<u8>, Option<Vec<u8>>) = t
        .read(|c| {
            Ok(users::table
                .find(&ua.id)
                .select((users::display_name_enc, users::email_enc))
                .first(c)?)
        })
        .unwrap();
    let em = em.expect("email stored");
    assert!(!contains(&dn, marker.as_bytes()));
    assert!(!contains(&em, email_marker.as_bytes()));
    assert_eq!(dn[0], 0x01, "format v1");
    assert_eq!(dn.len(), 1 + 16 + 24 + marker.len() + 16);
    // The data key is stored wrapped only.
    let wrapped: Vec<u8> = t
        .read(|c| {
            Ok(data_keys::table
                .find(&ua.data_key_id)
                .select(data_keys::wrapped)
                .first(c)?)
        })
        .unwrap();
    assert_eq!(wrapped.len(), 72);

    if let Some(path) = &t.sqlite_path {
        exec_raw(t, "PRAGMA wal_checkpoint(TRUNCATE);", "");
        let mut bytes = std::fs::read(path).unwrap();
        let wal = path.with_extension("db-wal");
        if let Ok(w) = std::fs::read(&wal) {
            bytes.extend(w);
        }
        // Positive control: the username is stored in clear, so the read works.
        assert!(
            contains(&bytes, username.as_bytes()),
            "control marker absent"
        );
        assert!(
            !contains(&bytes, marker.as_bytes()),
            "display name in clear"
        );
        assert!(
            !contains(&bytes, email_marker.as_bytes()),
            "e-mail in clear"
        );
    }

    let d = t.read(|c| user::details(c, &kr, &ua)).unwrap();
    assert_eq!(d.display_name, marker);
    assert_eq!(d.email.as_deref(), Some(email_marker.as_str()));

    // A ciphertext moved to another row does not decrypt there, even with the
    // right data key: the AAD binds it to its row.
    let ub = add_user(
        t,
        &kr,
        &tid,
        &org,
        &format!("moved-{}", short_id()),
        "Other",
        None,
    );
    let open = t.read(|c| data_key::open(c, &kr, &ua.data_key_id)).unwrap();
    assert_eq!(
        open.open_string("users", "display_name", &ua.id, &dn)
            .unwrap(),
        marker
    );
    assert!(
        open.open_string("users", "display_name", &ub.id, &dn)
            .is_err()
    );
    t.write(|c| {
        diesel::update(users::table.find(&ub.id))
            .set((
                users::display_name_enc.eq(&dn),
                users::data_key_id.eq(&ua.data_key_id),
                users::email_enc.eq(None::<Vec<u8>>),
            ))
            .execute(c)?;
        Ok(())
    })
    .unwrap();
    let moved = raw_user(t, &ub.id);
    assert!(matches!(
        t.read(|c| user::details(c, &kr, &moved)),
        Err(StoreError::Crypto(_))
    ));
    // ... nor in another column of the same row.
    let uc = add_user(
        t,
        &kr,
        &tid,
        &org,
        &format!("col-{}", short_id()),
        "Col",
        None,
    );
    t.write(|c| {
        diesel::update(users::table.find(&uc.id))
            .set(users::email_enc.eq(Some(uc.display_name_enc.clone())))
            .execute(c)?;
        Ok(())
    })
    .unwrap();
    let uc2 = raw_user(t, &uc.id);
    assert!(matches!(
        t.read(|c| user::details(c, &kr, &uc2)),
        Err(StoreError::Crypto(_))
    ));

    // Crypto-shredding: once the data key is destroyed nothing decrypts.
    t.write(|c| data_key::destroy(c, &ua.data_key_id, NOW))
        .unwrap();
    assert!(t.read(|c| user::details(c, &kr, &ua)).is_err());
    let wrapped: Vec<u8> = t
        .read(|c| {
            Ok(data_keys::table
                .find(&ua.data_key_id)
                .select(data_keys::wrapped)
                .first(c)?)
        })
        .unwrap();
    assert!(wrapped.is_empty(), "key material must be gone");
}
on_both!(
    encryption_at_rest,
    encryption_at_rest_sqlite,
    encryption_at_rest_postgres
);

// ---------------------------------------------------------------- 5. master key rotation

fn master_key_rotation(t: &TestDb) {
    let path = t.dir.path().join("master.key");
    let mut kr = MasterKeyring::load_or_create(&path).unwrap();
    let v1 = kr.current_version();
    let before_copy = t.dir.path().join("master.key.before");
    std::fs::copy(&path, &before_copy).unwrap();

    let (tid, _) = load_profile(t, SINT_NIKLAAS_PROFILE);
    let org = org_id(t, &tid, "dsp");
    let names: Vec<String> = (0..3).map(|i| format!("Rotatie Persoon {i}")).collect();
    let rows: Vec<UserRow> = names
        .iter()
        .enumerate()
        .map(|(i, n)| add_user(t, &kr, &tid, &org, &format!("rot-{i}"), n, None))
        .collect();
    assert_eq!(t.read(data_key::oldest_master_version).unwrap(), Some(v1));

    let v2 = kr.rotate(&path).unwrap();
    assert!(v2 > v1);
    let n = t.write(|c| data_key::rewrap_all(c, &kr)).unwrap();
    assert_eq!(n, rows.len());
    assert_eq!(t.write(|c| data_key::rewrap_all(c, &kr)).unwrap(), 0);
    assert_eq!(t.read(data_key::oldest_master_version).unwrap(), Some(v2));

    let check_all = |ring: &MasterKeyring| {
        for (row, name) in rows.iter().zip(&names) {
            let d = t.read(|c| user::details(c, ring, row)).unwrap();
            assert_eq!(&d.display_name, name);
        }
    };
    let reloaded = MasterKeyring::load(&path).unwrap();
    assert_eq!(reloaded.versions(), vec![v1, v2]);
    check_all(&reloaded);
    // The old key alone no longer opens anything: every data key moved to v2.
    let old_only = MasterKeyring::load(&before_copy).unwrap();
    assert!(t.read(|c| user::details(c, &old_only, &rows[0])).is_err());

    let retired = kr.retire_older_than(&path, v2).unwrap();
    assert_eq!(retired, vec![v1]);
    let alone = MasterKeyring::load(&path).unwrap();
    assert_eq!(alone.versions(), vec![v2]);
    check_all(&alone);
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(lines.len(), 1, "{} lines", lines.len());
    assert!(lines[0].starts_with(&format!("verbind-master-key v{v2} ")));
    // New users after the rotation are wrapped with the new version.
    let late = add_user(t, &alone, &tid, &org, "rot-late", "Laat", None);
    assert_eq!(
        t.read(|c| user::details(c, &alone, &late))
            .unwrap()
            .display_name,
        "Laat"
    );
}
on_both!(
    master_key_rotation,
    master_key_rotation_sqlite,
    master_key_rotation_postgres
);

// ---------------------------------------------------------------- 6. audit chain

const ENTRIES: i64 = 30;

/// Appends `ENTRIES` varied entries; returns the head (seq, hash).
fn fill_audit(db: &Database) -> (i64, [u8; 32]) {
    let tid = TenantId::new();
    for i in 1..=ENTRIES {
        let action = AuditAction::ALL[usize::try_from(i).unwrap() % AuditAction::ALL.len()];
        let mut e = NewEntry::new(action, if i % 3 == 0 { "denied" } else { "ok" })
            .detail(format!("n={i} role=partner"));
        if i % 2 == 0 {
            e = e
                .tenant(&tid)
                .actor(&UserId::new().into_string(), "org")
                .object("user", &UserId::new().into_string());
        }
        if i % 5 == 0 {
            e.reason = Some(vec![0x01, 0x00, u8::try_from(i).unwrap(), 0xff]);
        }
        let seq = db.write(|c| audit::append(c, NOW + i, &e)).unwrap();
        assert_eq!(seq, i);
    }
    db.read(audit::head).unwrap()
}

fn verify(
    db: &Database,
    cp: Option<(&Checkpoint, &chain::VerifyingKey)>,
) -> Result<Verified, VerifyError> {
    let mut conn = db.conn().unwrap();
    audit::verify(&mut conn, cp, |_| {})
}

fn chain_error(r: Result<Verified, VerifyError>) -> ChainError {
    match r {
        Err(VerifyError::Chain(e)) => e,
        other => panic!("expected a chain error, got {other:?}"),
    }
}

fn audit_row(db: &Database, seq: i64) -> AuditRow {
    db.read(|c| {
        Ok(audit_log::table
            .find(seq)
            .select(AuditRow::as_select())
            .first(c)?)
    })
    .unwrap()
}

/// Overwrites every field of entry `seq` except seq itself with `from`'s.
fn overwrite_row(db: &Database, seq: i64, from: &AuditRow) {
    db.write(|c| {
        diesel::update(audit_log::table.find(seq))
            .set((
                audit_log::at_ms.eq(from.at_ms),
                audit_log::tenant_id.eq(&from.tenant_id),
                audit_log::actor_user_id.eq(&from.actor_user_id),
                audit_log::actor_org_id.eq(&from.actor_org_id),
                audit_log::action.eq(&from.action),
                audit_log::object_type.eq(&from.object_type),
                audit_log::object_id.eq(&from.object_id),
                audit_log::outcome.eq(&from.outcome),
                audit_log::reason.eq(&from.reason),
                audit_log::detail.eq(&from.detail),
                audit_log::prev_hash.eq(&from.prev_hash),
                audit_log::hash.eq(&from.hash),
            ))
            .execute(c)?;
        Ok(())
    })
    .unwrap();
}

fn signer() -> AuditSigner {
    AuditSigner::from_bytes_for_tests([0x17; 32])
}

fn audit_intact(t: &TestDb) {
    let (head_seq, head_hash) = fill_audit(t);
    assert_eq!(head_seq, ENTRIES);
    let mut calls = 0;
    let v = {
        let mut conn = t.conn().unwrap();
        audit::verify(&mut conn, None, |_| calls += 1).unwrap()
    };
    assert!(calls >= 1);
    assert_eq!(v.entries, 30);
    assert_eq!((v.head_seq, v.head_hash), (head_seq, head_hash));

    // Checkpoints at the head and behind it verify; a wrong key does not.
    let s = signer();
    let key = s.verifying_key();
    let at_head = s.sign(head_seq, &head_hash, NOW);
    assert_eq!(verify(t, Some((&at_head, &key))).unwrap().entries, 30);
    let row20 = audit_row(t, 20);
    let at_20 = s.sign(20, &row20.hash.clone().try_into().unwrap(), NOW);
    assert_eq!(verify(t, Some((&at_20, &key))).unwrap().entries, 30);
    let other = AuditSigner::from_bytes_for_tests([0x18; 32]).verifying_key();
    let e = chain_error(verify(t, Some((&at_head, &other))));
    assert_eq!(e.kind, ChainErrorKind::BadSignature);

    // With the triggers in place the table is append-only.
    let upd = t.write(|c| {
        diesel::update(audit_log::table.find(5))
            .set(audit_log::detail.eq(Some("edited")))
            .execute(c)?;
        Ok(())
    });
    assert!(upd.is_err(), "UPDATE on audit_log must fail");
    let del = t.write(|c| {
        diesel::delete(audit_log::table.filter(audit_log::seq.gt(25))).execute(c)?;
        Ok(())
    });
    assert!(del.is_err(), "DELETE on audit_log must fail");
    if t.backend() == Backend::Postgres {
        let mut conn = t.conn().unwrap();
        let r = match &mut *conn {
            DbConn::Pg(c) => c.batch_execute("TRUNCATE audit_log"),
            DbConn::Sqlite(_) => unreachable!(),
        };
        assert!(r.is_err(), "TRUNCATE on audit_log must fail");
    }
    assert_eq!(verify(t, None).unwrap().entries, 30);
    assert_eq!(audit_row(t, 5).detail.as_deref(), Some("n=5 role=partner"));
}
on_both!(audit_intact, audit_intact_sqlite, audit_intact_postgres);

fn audit_flipped_byte(t: &TestDb) {
    fill_audit(t);
    drop_audit_triggers(t);
    let mut row = audit_row(t, 12);
    let mut detail = row.detail.take().unwrap().into_bytes();
    detail[0] ^= 0x01; // 'n' -> 'o'
    row.detail = Some(String::from_utf8(detail).unwrap());
    overwrite_row(t, 12, &row);
    let e = chain_error(verify(t, None));
    assert_eq!(e.seq, 12, "{e}");
    assert_eq!(e.kind, ChainErrorKind::HashMismatch);
    assert!(e.to_string().contains("entry 12"), "{e}");
}
on_both!(
    audit_flipped_byte,
    audit_flipped_byte_sqlite,
    audit_flipped_byte_postgres
);

fn audit_flipped_action(t: &TestDb) {
    fill_audit(t);
    drop_audit_triggers(t);
    let mut row = audit_row(t, 12);
    row.action = format!("{}x", row.action);
    overwrite_row(t, 12, &row);
    assert_eq!(chain_error(verify(t, None)).seq, 12);
}
on_both!(
    audit_flipped_action,
    audit_flipped_action_sqlite,
    audit_flipped_action_postgres
);

fn audit_deleted_row(t: &TestDb) {
    fill_audit(t);
    drop_audit_triggers(t);
    t.write(|c| {
        diesel::delete(audit_log::table.find(7)).execute(c)?;
        Ok(())
    })
    .unwrap();
    let e = chain_error(verify(t, None));
    assert_eq!(e.seq, 8, "{e}");
    assert_eq!(e.kind, ChainErrorKind::GapOrReorder { expected: 7 });
}
on_both!(
    audit_deleted_row,
    audit_deleted_row_sqlite,
    audit_deleted_row_postgres
);

fn audit_swapped_rows(t: &TestDb) {
    fill_audit(t);
    drop_audit_triggers(t);
    let r10 = audit_row(t, 10);
    let r11 = audit_row(t, 11);
    overwrite_row(t, 10, &r11);
    overwrite_row(t, 11, &r10);
    let e = chain_error(verify(t, None));
    assert_eq!(e.seq, 10, "{e}");
}
on_both!(
    audit_swapped_rows,
    audit_swapped_rows_sqlite,
    audit_swapped_rows_postgres
);

fn audit_truncated(t: &TestDb) {
    let (head_seq, head_hash) = fill_audit(t);
    let s = signer();
    let cp = s.sign(head_seq, &head_hash, NOW);
    // Round-trip through the exported text form, as an operator would keep it.
    let cp = Checkpoint::parse(&cp.to_text()).unwrap();
    drop_audit_triggers(t);
    t.write(|c| {
        diesel::delete(audit_log::table.filter(audit_log::seq.gt(25))).execute(c)?;
        Ok(())
    })
    .unwrap();
    // Without touching the head row, the head check notices.
    match verify(t, None) {
        Err(VerifyError::HeadMismatch { head_seq, last_seq }) => {
            assert_eq!((head_seq, last_seq), (30, 25));
        }
        other => panic!("expected a head mismatch, got {other:?}"),
    }
    // A careful attacker also rewinds the head ...
    let h25 = audit_row(t, 25).hash;
    t.write(|c| {
        diesel::update(audit_head::table.find(1))
            .set((audit_head::seq.eq(25_i64), audit_head::hash.eq(&h25)))
            .execute(c)?;
        Ok(())
    })
    .unwrap();
    // ... which only the checkpoint kept outside the database can reveal.
    if let Ok(v) = verify(t, None) {
        assert_eq!(v.entries, 25);
    }
    let e = chain_error(verify(t, Some((&cp, &s.verifying_key()))));
    assert_eq!(
        e.kind,
        ChainErrorKind::Truncated {
            checkpoint_seq: 30,
            last_seq: 25
        }
    );
    assert_eq!(e.seq, 26);
}
on_both!(
    audit_truncated,
    audit_truncated_sqlite,
    audit_truncated_postgres
);

/// An attacker who edits an entry and recomputes every later hash (and the
/// head) passes a plain verify, but not one against an earlier checkpoint.
fn audit_rewritten(t: &TestDb) {
    let (head_seq, head_hash) = fill_audit(t);
    let s = signer();
    let cp = s.sign(head_seq, &head_hash, NOW);
    drop_audit_triggers(t);
    let mut prev: [u8; 32] = audit_row(t, 11).hash.try_into().unwrap();
    for seq in 12..=ENTRIES {
        let mut r = audit_row(t, seq);
        if seq == 12 {
            r.detail = Some("n=12 role=admin".into());
        }
        let hash = chain::chain_hash(
            &prev,
            &chain::AuditFields {
                seq: r.seq,
                at_ms: r.at_ms,
                tenant_id: r.tenant_id.as_deref(),
                actor_user_id: r.actor_user_id.as_deref(),
                actor_org_id: r.actor_org_id.as_deref(),
                action: &r.action,
                object_type: r.object_type.as_deref(),
                object_id: r.object_id.as_deref(),
                outcome: &r.outcome,
                reason: r.reason.as_deref(),
                detail: r.detail.as_deref(),
            },
        );
        r.prev_hash = prev.to_vec();
        r.hash = hash.to_vec();
        overwrite_row(t, seq, &r);
        prev = hash;
    }
    t.write(|c| {
        diesel::update(audit_head::table.find(1))
            .set(audit_head::hash.eq(prev.to_vec()))
            .execute(c)?;
        Ok(())
    })
    .unwrap();
    assert_eq!(verify(t, None).unwrap().entries, 30);
    let e = chain_error(verify(t, Some((&cp, &s.verifying_key()))));
    assert_eq!(e.kind, ChainErrorKind::CheckpointMismatch);
    assert_eq!(e.seq, 30);
}
on_both!(
    audit_rewritten,
    audit_rewritten_sqlite,
    audit_rewritten_postgres
);

/// More entries than `verify` reads in one pass on SQLite (from 20 000 on it
/// reads two halves at the same time: here entries 1-22 500 and 22 501-45 000),
/// over several pages of 10 000 (PostgreSQL reads page by page, the next page
/// on another thread).
const LONG: i64 = 45_000;

/// Appends `LONG` varied entries in batches (the same chain as `append` one by one).
fn fill_long_audit(db: &Database) {
    let tid = TenantId::new();
    let mut head = 0;
    while head < LONG {
        let batch = (head + 1..=(head + 5_000).min(LONG))
            .map(|i| {
                let action = AuditAction::ALL[usize::try_from(i).unwrap() % AuditAction::ALL.len()];
                let mut e = NewEntry::new(action, "ok")
                    .tenant(&tid)
                    .detail(format!("n={i}"));
                if i % 3 == 0 {
                    e = e.actor("user", "org").object("case", &format!("case-{i}"));
                }
                if i % 7 == 0 {
                    e.reason = Some(vec![0x01, 0xff, u8::try_from(i % 251).unwrap()]);
                }
                (NOW + i, e)
            })
            .collect();
        head = db.write(|c| audit::append_batch(c, batch)).unwrap();
    }
}

/// `verify`, and what it passed to `progress`.
fn verify_progress(
    db: &Database,
    cp: Option<(&Checkpoint, &chain::VerifyingKey)>,
) -> (Result<Verified, VerifyError>, Vec<u64>) {
    let mut seen = Vec::new();
    let mut conn = db.conn().unwrap();
    let result = audit::verify(&mut conn, cp, |n| seen.push(n));
    (result, seen)
}

/// The progress `verify` reports before it finds entry `seq` broken: each
/// page of 10 000 before the one `seq` is in.
fn pages_before(seq: i64) -> Vec<u64> {
    (1..)
        .map(|page| page * 10_000)
        .take_while(|&n| n < u64::try_from(seq).unwrap())
        .collect()
}

fn delete_audit_row(db: &Database, seq: i64) {
    db.write(|c| {
        diesel::delete(audit_log::table.find(seq)).execute(c)?;
        Ok(())
    })
    .unwrap();
}

fn insert_audit_row(db: &Database, row: &AuditRow) {
    db.write(|c| {
        diesel::insert_into(audit_log::table)
            .values(row)
            .execute(c)?;
        Ok(())
    })
    .unwrap();
}

/// A long chain: intact, then broken in either half, at the ends of pages and
/// where the halves meet; each time the first bad entry is named and progress
/// is reported up to its page, exactly as when the chain was read page by page.
fn audit_long_chain(t: &TestDb) {
    use ChainErrorKind::{GapOrReorder, HashMismatch, PrevHashMismatch};
    fill_long_audit(t);
    let (head_seq, head_hash) = t.read(audit::head).unwrap();
    let (result, seen) = verify_progress(t, None);
    let v = result.unwrap();
    assert_eq!(
        (v.entries, v.head_seq, v.head_hash),
        (45_000, head_seq, head_hash)
    );
    assert_eq!(seen, [10_000, 20_000, 30_000, 40_000, 45_000]);

    // Checkpoints in either half, at the seam and at the head.
    let s = signer();
    let key = s.verifying_key();
    for seq in [7_777, 22_500, 22_501, 33_333, LONG] {
        let cp = s.sign(seq, &audit_row(t, seq).hash.try_into().unwrap(), NOW);
        assert_eq!(
            verify(t, Some((&cp, &key))).unwrap().entries,
            45_000,
            "checkpoint at {seq}"
        );
    }
    let wrong = s.sign(33_333, &[7; 32], NOW);
    let e = chain_error(verify(t, Some((&wrong, &key))));
    assert_eq!(
        (e.seq, e.kind),
        (33_333, ChainErrorKind::CheckpointMismatch)
    );

    drop_audit_triggers(t);
    for seq in [1, 10_000, 10_001, 22_500, 22_501, 38_000, LONG] {
        let intact = audit_row(t, seq);
        let mut edited = intact.clone();
        edited.detail = Some(format!("{}!", intact.detail.as_deref().unwrap()));
        overwrite_row(t, seq, &edited);
        let (result, seen) = verify_progress(t, None);
        let e = chain_error(result);
        assert_eq!((e.seq, e.kind), (seq, HashMismatch), "edited {seq}");
        assert_eq!(seen, pages_before(seq), "progress, edited {seq}");
        overwrite_row(t, seq, &intact);
    }
    // Deleted where the halves meet: the last of the first, the first of the second.
    for (deleted, found) in [(22_500, 22_501), (22_501, 22_502)] {
        let intact = audit_row(t, deleted);
        delete_audit_row(t, deleted);
        let e = chain_error(verify(t, None));
        assert_eq!(
            (e.seq, e.kind),
            (found, GapOrReorder { expected: deleted }),
            "deleted {deleted}"
        );
        insert_audit_row(t, &intact);
    }
    // The second half's first entry links to something else.
    let intact = audit_row(t, 22_501);
    let mut relinked = intact.clone();
    relinked.prev_hash[0] ^= 1;
    overwrite_row(t, 22_501, &relinked);
    let e = chain_error(verify(t, None));
    assert_eq!((e.seq, e.kind), (22_501, PrevHashMismatch));
    overwrite_row(t, 22_501, &intact);

    assert_eq!(verify(t, None).unwrap().entries, 45_000);
}
on_both!(
    audit_long_chain,
    audit_long_chain_sqlite,
    audit_long_chain_postgres
);

/// Entries appended while `verify` reads are checked too, and the head row
/// (read at the end) agrees.
fn audit_appended_during_verify(t: &TestDb) {
    fill_long_audit(t);
    let mut conn = t.conn().unwrap();
    let v = audit::verify(&mut conn, None, |n| {
        if n == 10_000 {
            for i in 1..=3 {
                let e = NewEntry::new(AuditAction::ALL[0], "ok").detail(format!("late {i}"));
                t.write(|c| audit::append(c, NOW + LONG + i, &e)).unwrap();
            }
        }
    })
    .unwrap();
    assert_eq!((v.entries, v.head_seq), (45_003, LONG + 3));
}
on_both!(
    audit_appended_during_verify,
    audit_appended_during_verify_sqlite,
    audit_appended_during_verify_postgres
);

/// A row that cannot be read (text that is not UTF-8, which only SQLite
/// stores) is reported as the database error reading it gives, in preference
/// to a broken entry in the same page of 10 000 (or after it), but not to one
/// in an earlier page: as when each page was loaded whole, then checked.
#[test]
fn audit_long_chain_unreadable_row_sqlite() {
    let t = common::sqlite();
    fill_long_audit(&t);
    drop_audit_triggers(&t);
    let unreadable = |seq: i64| {
        exec_raw(
            &t,
            &format!("UPDATE audit_log SET detail = CAST(X'6e3dff' AS TEXT) WHERE seq = {seq}"),
            "",
        );
    };
    // (edited entry, unreadable entry, whether the read error is reported)
    let cases = [
        (None, 15_005, true),
        (Some(15_002), 15_005, true),
        (Some(15_002), 20_003, false),
        (Some(20_001), 20_003, true),
        (None, 35_005, true),
        (Some(35_001), 35_005, true),
        (Some(29_999), 30_001, false),
        // Across the seam of the halves (22 500 | 22 501), in one page.
        (Some(22_500), 22_503, true),
        (Some(22_499), 22_500, true),
    ];
    for (edited, bad, read_error_first) in cases {
        let what = format!("edited {edited:?}, unreadable {bad}");
        let bad_intact = audit_row(&t, bad);
        unreadable(bad);
        let expected = t
            .read(|c| {
                Ok(audit_log::table
                    .find(bad)
                    .select(AuditRow::as_select())
                    .first(c)?)
            })
            .unwrap_err()
            .to_string();
        let edited_intact = edited.map(|seq| {
            let intact = audit_row(&t, seq);
            let mut row = intact.clone();
            row.outcome = "denied".into();
            overwrite_row(&t, seq, &row);
            (seq, intact)
        });
        let (result, seen) = verify_progress(&t, None);
        match (result, edited) {
            (Err(VerifyError::Store(e)), _) if read_error_first => {
                assert_eq!(e.to_string(), expected, "{what}");
                let first = edited.map_or(bad, |seq| seq.min(bad));
                assert_eq!(seen, pages_before(first), "progress, {what}");
            }
            (Err(VerifyError::Chain(e)), Some(seq)) if !read_error_first => {
                assert_eq!(
                    (e.seq, e.kind),
                    (seq, ChainErrorKind::HashMismatch),
                    "{what}"
                );
                assert_eq!(seen, pages_before(seq), "progress, {what}");
            }
            (other, _) => panic!("{what}: got {other:?}"),
        }
        if let Some((seq, intact)) = edited_intact {
            overwrite_row(&t, seq, &intact);
        }
        overwrite_row(&t, bad, &bad_intact);
    }
    assert_eq!(verify(&t, None).unwrap().entries, 45_000);
}

// ---------------------------------------------------------------- 7. profile reload

fn profile_counts(db: &Database, tenant: &TenantId) -> [i64; 7] {
    let tid = tenant.as_str().to_owned();
    db.read(|c| {
        Ok([
            organisations::table
                .filter(organisations::tenant_id.eq(&tid))
                .count()
                .get_result(c)?,
            bodies::table
                .filter(bodies::tenant_id.eq(&tid))
                .count()
                .get_result(c)?,
            seats::table
                .filter(seats::tenant_id.eq(&tid))
                .count()
                .get_result(c)?,
            municipalities::table
                .filter(municipalities::tenant_id.eq(&tid))
                .count()
                .get_result(c)?,
            districts::table
                .filter(districts::tenant_id.eq(&tid))
                .count()
                .get_result(c)?,
            schools::table
                .filter(schools::tenant_id.eq(&tid))
                .count()
                .get_result(c)?,
            measures::table
                .filter(measures::tenant_id.eq(&tid))
                .count()
                .get_result(c)?,
        ])
    })
    .unwrap()
}

fn profile_reload_idempotent(t: &TestDb) {
    let kr = keyring();
    let (tid, first) = load_profile(t, SINT_NIKLAAS_PROFILE);
    assert!(first.tenant_created);
    assert!(first.added > 0);
    let counts = profile_counts(t, &tid);
    assert!(
        counts[0] > 0 && counts[1] > 0 && counts[2] > 0,
        "{counts:?}"
    );
    let total: i64 = counts.iter().sum();
    assert_eq!(i64::try_from(first.added).unwrap(), total);

    let org = org_id(t, &tid, "lokale-politie");
    let u = add_user(t, &kr, &tid, &org, "seat-holder", "Zetel Houder", None);
    let seat = t
        .read(|c| {
            body::find_seat_by_slug(c, &tid, "partnertafel", "partnertafel-information-officer")
        })
        .unwrap()
        .unwrap();
    t.write(|c| {
        body::assign_seat(
            c,
            &tid,
            &SeatId::from_db(seat.id.clone()),
            Some(&u.user_id()),
        )
    })
    .unwrap();

    let (tid2, second) = load_profile(t, SINT_NIKLAAS_PROFILE);
    assert_eq!(tid2, tid);
    assert!(!second.tenant_created);
    assert_eq!(second.added, 0);
    assert_eq!(second.updated, first.added + 1);
    assert_eq!(profile_counts(t, &tid), counts);
    assert_eq!(t.read(tenant::list).unwrap().len(), 1);
    let again = t
        .read(|c| {
            body::find_seat_by_slug(c, &tid, "partnertafel", "partnertafel-information-officer")
        })
        .unwrap()
        .unwrap();
    assert_eq!(again.id, seat.id);
    assert_eq!(again.holder_user_id.as_deref(), Some(u.id.as_str()));

    // Another tenant's profile adds its own rows and leaves these alone.
    let (other, _) = load_profile(t, VOORBEELDSTAD_PROFILE);
    assert_ne!(other, tid);
    assert_eq!(profile_counts(t, &tid), counts);
}
on_both!(
    profile_reload_idempotent,
    profile_reload_idempotent_sqlite,
    profile_reload_idempotent_postgres
);

// ---------------------------------------------------------------- 8. throttle

fn throttle_counters(t: &TestDb) {
    let key = "user:someone";
    assert_eq!(t.read(|c| throttle::get(c, key)).unwrap(), None);
    assert_eq!(
        t.write(|c| throttle::record_failure(c, key, NOW)).unwrap(),
        1
    );
    assert_eq!(
        t.write(|c| throttle::record_failure(c, key, NOW + 5))
            .unwrap(),
        2
    );
    t.write(|c| throttle::record_failure(c, "ip:192.0.2.1", NOW))
        .unwrap();
    assert_eq!(
        t.read(|c| throttle::get(c, key)).unwrap(),
        Some(throttle::Counter {
            failures: 2,
            last_failure_at: NOW + 5
        })
    );
    t.write(|c| throttle::clear(c, key)).unwrap();
    assert_eq!(t.read(|c| throttle::get(c, key)).unwrap(), None);
    // Other keys keep their count.
    assert_eq!(
        t.read(|c| throttle::get(c, "ip:192.0.2.1"))
            .unwrap()
            .map(|c| c.failures),
        Some(1)
    );
}
on_both!(
    throttle_counters,
    throttle_counters_sqlite,
    throttle_counters_postgres
);

// ---------------------------------------------------------------- 9. backup

#[test]
fn backup_sqlite() {
    let t = common::sqlite();
    let kr = keyring();
    let (tid, _) = load_profile(&t, SINT_NIKLAAS_PROFILE);
    let org = org_id(&t, &tid, "dsp");
    let u = add_user(&t, &kr, &tid, &org, "backup-user", "Back Up", None);
    let (head_seq, head_hash) = fill_audit(&t);
    let target = t.dir.path().join("backup.db");
    t.sqlite_backup_to(&target).unwrap();
    // The original keeps working and is unchanged.
    assert_eq!(t.read(audit::head).unwrap(), (head_seq, head_hash));

    let copy = Database::open(&target.to_string_lossy()).unwrap();
    assert_eq!(copy.migrate().unwrap(), 0);
    assert_eq!(copy.integrity_check().unwrap(), "ok");
    let v = verify(&copy, None).unwrap();
    assert_eq!(
        (v.entries, v.head_seq, v.head_hash),
        (30, head_seq, head_hash)
    );
    let row = copy.read(|c| user::find(c, &tid, &u.user_id())).unwrap();
    assert_eq!(
        copy.read(|c| user::details(c, &kr, &row))
            .unwrap()
            .display_name,
        "Back Up"
    );
    // A backup never overwrites an existing file.
    assert!(t.sqlite_backup_to(&target).is_err());
}

#[test]
fn backup_refused_postgres() {
    let Some(t) = common::postgres() else { return };
    let target = t.dir.path().join("backup.db");
    assert!(matches!(
        t.sqlite_backup_to(&target),
        Err(StoreError::Invalid(_))
    ));
    assert!(!target.exists());
    assert_eq!(t.integrity_check().unwrap(), "ok");
}

// ---------------------------------------------------------------- 10. demo seed

fn demo_phc() -> String {
    verbind_crypto::password::hash_password(&SecretString::from(DEMO_PASSWORD)).unwrap()
}

fn demo_seed(t: &TestDb) {
    let kr = keyring();
    let phc = demo_phc();
    assert!(!t.read(meta::is_demo).unwrap());
    assert!(
        t.write(|c| verbind_store::demo::seed(c, &kr, &phc, NOW))
            .unwrap()
    );
    assert!(t.read(meta::is_demo).unwrap());

    let tenants = t.read(tenant::list).unwrap();
    assert_eq!(tenants.len(), 1);
    assert_eq!(tenants[0].slug, "sint-niklaas");
    let tid = tenants[0].tenant_id();
    assert_eq!(DEMO_ACCOUNTS.len(), 11);
    assert_eq!(t.read(user::count).unwrap(), DEMO_ACCOUNTS.len() as i64);
    let mut total_seats = 0;
    for a in DEMO_ACCOUNTS {
        let u = t
            .read(|c| user::find_by_username(c, a.username))
            .unwrap()
            .unwrap_or_else(|| panic!("demo account {} missing", a.username));
        assert_eq!(u.role(), a.role, "{}", a.username);
        assert_eq!(u.tenant_id, tid.as_str());
        assert_eq!(u.password_hash.as_deref(), Some(phc.as_str()));
        assert!(!u.is_disabled());
        let org = t
            .read(|c| organisation::find(c, &tid, &u.organisation()))
            .unwrap();
        assert_eq!(org.slug, a.organisation, "{}", a.username);
        assert_eq!(
            t.read(|c| user::details(c, &kr, &u)).unwrap().display_name,
            a.name
        );
        let mut held: Vec<(String, String)> = t
            .read(|c| {
                let mut out = Vec::new();
                for s in body::seats_of_user(c, &tid, &u.user_id())? {
                    let b = body::find(c, &tid, &BodyId::from_db(s.body_id.clone()))?;
                    out.push((b.slug, s.slug));
                }
                Ok(out)
            })
            .unwrap();
        held.sort();
        let mut want: Vec<(String, String)> = a
            .seats
            .iter()
            .map(|(b, s)| ((*b).to_owned(), (*s).to_owned()))
            .collect();
        want.sort();
        assert_eq!(held, want, "seats of {}", a.username);
        total_seats += a.seats.len();
    }
    // The shared hash really is the demo password.
    assert!(verbind_crypto::password::verify_password(
        &phc,
        &SecretString::from(DEMO_PASSWORD)
    ));
    let v = verify(t, None).unwrap();
    assert_eq!(
        v.entries,
        u64::try_from(1 + DEMO_ACCOUNTS.len() + total_seats).unwrap()
    );

    // A second call changes nothing.
    let head = t.read(audit::head).unwrap();
    assert!(
        !t.write(|c| verbind_store::demo::seed(c, &kr, &phc, NOW))
            .unwrap()
    );
    assert_eq!(t.read(user::count).unwrap(), 11);
    assert_eq!(t.read(audit::head).unwrap(), head);
}
on_both!(demo_seed, demo_seed_sqlite, demo_seed_postgres);

fn demo_seed_refuses_real_data(t: &TestDb) {
    let kr = keyring();
    let (tid, _) = load_profile(t, VOORBEELDSTAD_PROFILE);
    let org = org_id(t, &tid, "preventiedienst");
    add_user(t, &kr, &tid, &org, "echte-gebruiker", "Echt Mens", None);
    let head = t.read(audit::head).unwrap();
    let r = t.write(|c| verbind_store::demo::seed(c, &kr, "$argon2id$not-used", NOW));
    assert!(matches!(r, Err(StoreError::Invalid(_))), "{r:?}");
    assert!(!t.read(meta::is_demo).unwrap());
    assert_eq!(t.read(user::count).unwrap(), 1);
    assert_eq!(t.read(tenant::list).unwrap().len(), 1);
    assert_eq!(t.read(audit::head).unwrap(), head);
}
on_both!(
    demo_seed_refuses_real_data,
    demo_seed_refuses_real_data_sqlite,
    demo_seed_refuses_real_data_postgres
);
