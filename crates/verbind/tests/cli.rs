//! The `verbind` binary, run as an operator would, always with `--data` in a
//! temporary directory (and that directory as working directory, so nothing can
//! land in a default `./verbind-data`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use secrecy::SecretString;
use verbind_crypto::envelope::MasterKeyring;
use verbind_store::models::{meta, session, user};
use verbind_store::schema::{audit_head, audit_log};
use verbind_store::{Database, DbConn};

const BIN: &str = env!("CARGO_BIN_EXE_verbind");
const SINT_NIKLAAS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../profiles/sint-niklaas.toml"
);
const LINK_MARK: &str = "/wachtwoord-instellen?token=";

/// Environment variables that would redirect the binary away from the test's directory.
const VERBIND_ENV: &[&str] = &[
    "VERBIND_CONFIG",
    "VERBIND_DATA",
    "VERBIND_DATABASE_URL",
    "VERBIND_MASTER_KEY_FILE",
    "VERBIND_AUDIT_KEY_FILE",
    "VERBIND_TRANSFER_KEY_FILE",
    "VERBIND_LOG_FORMAT",
    "VERBIND_LISTEN",
    "VERBIND_PUBLIC_URL",
    "VERBIND_HSTS",
];

#[derive(Debug)]
struct Out {
    success: bool,
    stdout: String,
    stderr: String,
}

fn command(data: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    for v in VERBIND_ENV {
        cmd.env_remove(v);
    }
    let cwd = data.parent().unwrap_or(data);
    cmd.current_dir(cwd)
        .arg("--data")
        .arg(data)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Runs the binary and waits at most `timeout` (then kills it and fails).
fn run_with_timeout(data: &Path, args: &[&str], timeout: Duration) -> Out {
    let mut child = command(data, args).spawn().expect("start verbind");
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = so.read_to_string(&mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = se.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            panic!("verbind {args:?} did not finish within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Out {
        success: status.success(),
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    }
}

fn run(data: &Path, args: &[&str]) -> Out {
    run_with_timeout(data, args, Duration::from_secs(120))
}

/// Runs and requires exit 0.
fn ok(data: &Path, args: &[&str]) -> Out {
    let out = run(data, args);
    assert!(out.success, "verbind {args:?} failed: {out:#?}");
    out
}

/// Runs and requires a non-zero exit.
fn fails(data: &Path, args: &[&str]) -> Out {
    let out = run(data, args);
    assert!(
        !out.success,
        "verbind {args:?} should have failed: {out:#?}"
    );
    out
}

/// A fresh data directory inside a temporary directory (which is kept alive by the caller).
fn data_dir() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    (tmp, data)
}

fn db_url(data: &Path) -> String {
    data.join("verbind.db").to_string_lossy().into_owned()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn key_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Loads the Sint-Niklaas profile and adds an account; returns the printed link.
fn setup(data: &Path, username: &str, name: &str, admin: bool) -> String {
    ok(data, &["profile", "load", SINT_NIKLAAS]);
    add_user(data, username, name, admin)
}

fn add_user(data: &Path, username: &str, name: &str, admin: bool) -> String {
    let mut args = vec![
        "user",
        "add",
        "--tenant",
        "sint-niklaas",
        "--username",
        username,
        "--name",
        name,
    ];
    if admin {
        args.push("--admin");
    }
    let out = ok(data, &args);
    let link = out
        .stdout
        .lines()
        .find(|l| l.contains(LINK_MARK))
        .unwrap_or_else(|| panic!("no set-password link in {out:#?}"))
        .trim()
        .to_owned();
    let token = link.split_once("token=").unwrap().1;
    assert_eq!(token.len(), 43, "token is 32 random bytes, base64url");
    link
}

fn drop_triggers(db: &Database) {
    let mut conn = db.conn().unwrap();
    match &mut *conn {
        DbConn::Sqlite(c) => c
            .batch_execute("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
            .unwrap(),
        DbConn::Pg(_) => panic!("the CLI tests use SQLite"),
    }
}

fn assert_no_default_data_dir(cwd: &Path) {
    assert!(
        !cwd.join("verbind-data").exists(),
        "a default ./verbind-data was created"
    );
}

// ---------------------------------------------------------------- help

#[test]
fn help_works_for_every_subcommand() {
    let (tmp, data) = data_dir();
    let cases: &[&[&str]] = &[
        &["--help"],
        &["serve", "--help"],
        &["demo", "--help"],
        &["migrate", "--help"],
        &["user", "--help"],
        &["user", "add", "--help"],
        &["user", "disable", "--help"],
        &["user", "reset-link", "--help"],
        &["audit", "--help"],
        &["audit", "verify", "--help"],
        &["audit", "checkpoint", "--help"],
        &["keys", "--help"],
        &["keys", "rotate-master", "--help"],
        &["keys", "transfer", "--help"],
        &["profile", "--help"],
        &["profile", "load", "--help"],
    ];
    for args in cases {
        let out = ok(&data, args);
        assert!(out.stdout.contains("Usage:"), "{args:?}: {out:#?}");
    }
    let out = ok(&data, &["user", "add", "--help"]);
    for flag in ["--tenant", "--username", "--name", "--admin", "--role"] {
        assert!(out.stdout.contains(flag), "user add --help lacks {flag}");
    }
    // Help touches nothing on disk.
    assert!(!data.exists(), "--help created the data directory");
    assert_no_default_data_dir(tmp.path());
    // An unknown command is an error, not a silent success.
    fails(&data, &["frobnicate"]);
}

// ---------------------------------------------------------------- audit trail

#[test]
fn audit_verify_and_checkpoint_find_tampering() {
    let (tmp, data) = data_dir();
    setup(&data, "eerstebeheerder", "Test Beheerder", true);
    // profile load (1), user created (2), link created (3).
    let key = data.join("master.key");
    assert_eq!(mode(&key), 0o600, "master key file must be 0600");
    assert_eq!(key_lines(&key).len(), 1);
    let out = ok(&data, &["audit", "verify"]);
    assert!(out.stdout.contains("3 entries"), "{out:#?}");

    let out = ok(&data, &["audit", "checkpoint"]);
    let cp_line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("verbind-checkpoint v1"))
        .unwrap_or_else(|| panic!("no checkpoint line: {out:#?}"))
        .to_owned();
    assert!(cp_line.contains(" seq=3 "), "{cp_line}");
    let pubkey = out
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("public key: "))
        .unwrap_or_else(|| panic!("no public key: {out:#?}"))
        .to_owned();
    assert!(pubkey.starts_with("verbind-audit-public-key "));
    assert_eq!(mode(&data.join("audit-signing.key")), 0o600);
    let cp_file = tmp.path().join("checkpoint.txt");
    std::fs::write(&cp_file, format!("{cp_line}\n")).unwrap();
    let pub_file = tmp.path().join("audit.pub");
    std::fs::write(&pub_file, format!("{pubkey}\n")).unwrap();
    let cp_arg = cp_file.to_str().unwrap();
    let pub_arg = pub_file.to_str().unwrap();

    // More activity after the checkpoint: the chain grew past it, still fine.
    add_user(&data, "tweedegebruiker", "Tweede Gebruiker", false);
    let out = ok(&data, &["audit", "verify", "--checkpoint", cp_arg]);
    assert!(out.stdout.contains("5 entries"), "{out:#?}");
    ok(
        &data,
        &[
            "audit",
            "verify",
            "--checkpoint",
            cp_arg,
            "--public-key",
            pub_arg,
        ],
    );

    // A forged checkpoint (hash changed, signature kept) is refused.
    let forged = {
        let (head, rest) = cp_line.split_once("hash=").unwrap();
        let first = rest.chars().next().unwrap();
        let flipped = if first == '0' { '1' } else { '0' };
        format!("{head}hash={flipped}{}", &rest[1..])
    };
    let forged_file = tmp.path().join("forged.txt");
    std::fs::write(&forged_file, forged).unwrap();
    let out = fails(
        &data,
        &[
            "audit",
            "verify",
            "--checkpoint",
            forged_file.to_str().unwrap(),
        ],
    );
    assert!(out.stderr.contains("signature"), "{out:#?}");

    // A DBA drops the triggers and edits entry 3.
    {
        let db = Database::open(&db_url(&data)).unwrap();
        drop_triggers(&db);
        let n = db
            .write(|c| {
                Ok(diesel::update(audit_log::table.find(3_i64))
                    .set(audit_log::detail.eq(Some("via=web")))
                    .execute(c)?)
            })
            .unwrap();
        assert_eq!(n, 1);
    }
    let out = fails(&data, &["audit", "verify"]);
    assert!(out.stderr.contains("entry 3"), "{out:#?}");
    assert!(out.stderr.contains("NOT intact"), "{out:#?}");
    let out = fails(&data, &["audit", "verify", "--checkpoint", cp_arg]);
    assert!(out.stderr.contains("entry 3"), "{out:#?}");
    assert_no_default_data_dir(tmp.path());
}

#[test]
fn audit_truncation_caught_by_checkpoint() {
    let (tmp, data) = data_dir();
    setup(&data, "beheerder1", "Eerste Beheerder", true);
    add_user(&data, "gebruiker2", "Tweede Gebruiker", false);
    let out = ok(&data, &["audit", "checkpoint"]);
    let cp_line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("verbind-checkpoint v1"))
        .unwrap()
        .to_owned();
    assert!(cp_line.contains(" seq=5 "), "{cp_line}");
    let cp_file = tmp.path().join("checkpoint.txt");
    std::fs::write(&cp_file, &cp_line).unwrap();
    let cp_arg = cp_file.to_str().unwrap();

    // Delete the last two entries and rewind the head to match.
    {
        let db = Database::open(&db_url(&data)).unwrap();
        drop_triggers(&db);
        db.write(|c| {
            diesel::delete(audit_log::table.filter(audit_log::seq.gt(3_i64))).execute(c)?;
            let h3: Vec<u8> = audit_log::table
                .find(3_i64)
                .select(audit_log::hash)
                .first(c)?;
            diesel::update(audit_head::table.find(1))
                .set((audit_head::seq.eq(3_i64), audit_head::hash.eq(h3)))
                .execute(c)?;
            Ok(())
        })
        .unwrap();
    }
    // The chain alone looks fine ...
    let out = ok(&data, &["audit", "verify"]);
    assert!(out.stdout.contains("3 entries"), "{out:#?}");
    // ... the checkpoint kept elsewhere shows the truncation.
    let out = fails(&data, &["audit", "verify", "--checkpoint", cp_arg]);
    assert!(out.stderr.contains("entry 4"), "{out:#?}");
    assert!(out.stderr.contains("truncated"), "{out:#?}");
}

// ---------------------------------------------------------------- serve

#[test]
fn serve_refuses_a_demo_database() {
    let (tmp, data) = data_dir();
    std::fs::create_dir_all(&data).unwrap();
    {
        let keyring = MasterKeyring::load_or_create(&data.join("master.key")).unwrap();
        let db = Database::open(&db_url(&data)).unwrap();
        let phc = verbind_crypto::password::hash_password(&SecretString::from(
            verbind_store::demo::DEMO_PASSWORD,
        ))
        .unwrap();
        assert!(
            db.write(|c| verbind_store::demo::seed(c, &keyring, &phc, 1_764_000_000_000))
                .unwrap()
        );
        assert!(db.read(meta::is_demo).unwrap());
    }
    let out = run_with_timeout(
        &data,
        &["serve", "--listen", "127.0.0.1:0"],
        Duration::from_secs(60),
    );
    assert!(!out.success, "serve must refuse a demo database: {out:#?}");
    assert!(out.stderr.contains("demo"), "{out:#?}");
    assert!(!out.stdout.contains("luistert"), "{out:#?}");
    assert_no_default_data_dir(tmp.path());
}

/// The control for the test above: on a real database `serve` does start.
#[test]
fn serve_starts_on_a_real_database() {
    let (_tmp, data) = data_dir();
    setup(&data, "beheerder", "Echte Beheerder", true);
    let mut child = command(&data, &["serve", "--listen", "127.0.0.1:0"])
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 1024];
        let mut seen = String::new();
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            if seen.contains("http://") && seen.contains('\n') {
                let _ = tx.send(seen.clone());
            }
        }
    });
    let got = rx.recv_timeout(Duration::from_secs(60));
    let _ = child.kill();
    let _ = child.wait();
    let line = got.expect("serve did not report its address within 60 s");
    assert!(line.contains("http://127.0.0.1:"), "{line}");
}

// ---------------------------------------------------------------- keys

#[test]
fn rotate_master_key_keeps_data_readable() {
    let (_tmp, data) = data_dir();
    setup(&data, "alice", "Alice Rotatie", true);
    add_user(&data, "bob", "Bob Rotatie", false);
    let key = data.join("master.key");
    let before = key_lines(&key);
    assert_eq!(before.len(), 1);
    assert!(before[0].starts_with("verbind-master-key v1 "));

    let out = ok(&data, &["keys", "rotate-master"]);
    assert!(out.stdout.contains("version 2"), "{out:#?}");
    assert!(out.stdout.contains("2 data keys re-wrapped"), "{out:#?}");
    let after = key_lines(&key);
    assert_eq!(
        after.len(),
        1,
        "only the new version may remain: {}",
        after.len()
    );
    assert!(after[0].starts_with("verbind-master-key v2 "));
    assert_ne!(before[0], after[0]);
    assert_eq!(mode(&key), 0o600);

    // The data keys unwrap with the new key alone.
    let out = ok(&data, &["user", "reset-link", "--username", "alice"]);
    assert!(out.stdout.contains(LINK_MARK), "{out:#?}");
    {
        let keyring = MasterKeyring::load(&key).unwrap();
        assert_eq!(keyring.versions(), vec![2]);
        let db = Database::open(&db_url(&data)).unwrap();
        for (name, full) in [("alice", "Alice Rotatie"), ("bob", "Bob Rotatie")] {
            let u = db
                .read(|c| user::find_by_username(c, name))
                .unwrap()
                .unwrap();
            let d = db.read(|c| user::details(c, &keyring, &u)).unwrap();
            assert_eq!(d.display_name, full);
        }
    }
    // Rotating again works too, and the trail records it all.
    ok(&data, &["keys", "rotate-master"]);
    assert!(key_lines(&key)[0].starts_with("verbind-master-key v3 "));
    add_user(&data, "carol", "Carol Na Rotatie", false);
    ok(&data, &["audit", "verify"]);
}

// ---------------------------------------------------------------- users

#[test]
fn user_disable_and_unknown_users() {
    let (tmp, data) = data_dir();
    setup(&data, "beheerder", "Beheerder", true);
    add_user(&data, "carol", "Carol Uit", false);

    // Give carol a session, which disabling must end.
    let session_hash = verbind_crypto::token::token_hash(&verbind_crypto::token::random_token());
    {
        let db = Database::open(&db_url(&data)).unwrap();
        let u = db
            .read(|c| user::find_by_username(c, "carol"))
            .unwrap()
            .unwrap();
        assert!(!u.is_disabled());
        db.write(|c| {
            session::insert(
                c,
                &session::SessionRow {
                    id_hash: session_hash.clone(),
                    user_id: u.id.clone(),
                    tenant_id: u.tenant_id.clone(),
                    csrf_token: "csrf".into(),
                    mfa_done: true,
                    created_at: 1,
                    last_seen_at: 1,
                    reauth_at: None,
                },
            )
        })
        .unwrap();
    }
    ok(&data, &["user", "disable", "--username", "carol"]);
    {
        let db = Database::open(&db_url(&data)).unwrap();
        let u = db
            .read(|c| user::find_by_username(c, "carol"))
            .unwrap()
            .unwrap();
        assert!(u.is_disabled());
        assert!(
            db.read(|c| session::find(c, &session_hash))
                .unwrap()
                .is_none()
        );
        let admin = db
            .read(|c| user::find_by_username(c, "beheerder"))
            .unwrap()
            .unwrap();
        assert!(!admin.is_disabled(), "only carol is disabled");
    }

    let out = fails(&data, &["user", "disable", "--username", "nobody"]);
    assert!(out.stderr.contains("no account \"nobody\""), "{out:#?}");
    let out = fails(&data, &["user", "reset-link", "--username", "nobody"]);
    assert!(out.stderr.contains("no account \"nobody\""), "{out:#?}");
    assert!(!out.stdout.contains(LINK_MARK));
    let out = fails(
        &data,
        &[
            "user",
            "add",
            "--tenant",
            "nergens",
            "--username",
            "dave",
            "--name",
            "Dave",
        ],
    );
    assert!(out.stderr.contains("no tenant"), "{out:#?}");
    let out = fails(
        &data,
        &[
            "user",
            "add",
            "--tenant",
            "sint-niklaas",
            "--username",
            "carol",
            "--name",
            "Carol Twee",
        ],
    );
    assert!(!out.stdout.contains(LINK_MARK), "{out:#?}");
    let out = fails(
        &data,
        &[
            "user",
            "add",
            "--tenant",
            "sint-niklaas",
            "--username",
            "dave",
            "--name",
            "Dave",
            "--role",
            "superuser",
        ],
    );
    assert!(out.stderr.contains("unknown role"), "{out:#?}");
    ok(&data, &["audit", "verify"]);
    ok(&data, &["migrate"]);
    assert_no_default_data_dir(tmp.path());
}

// ---------------------------------------------------------------- transfer keys

#[test]
fn keys_transfer_prints_a_stable_public_key_and_fingerprint() {
    let (_tmp, data) = data_dir();
    let first = ok(&data, &["keys", "transfer"]);
    let lines: Vec<&str> = first.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{first:#?}");
    let key = verbind_crypto::package::TransferPublicKey::parse(lines[0]).unwrap();
    assert_eq!(lines[1], format!("fingerprint: {}", key.fingerprint()));
    // Kept beside the keyring, owner-only, and the same on the next run.
    let file = data.join("transfer.key");
    assert_eq!(mode(&file), 0o600);
    let again = ok(&data, &["keys", "transfer"]);
    assert_eq!(again.stdout, first.stdout);
    // Never the secret halves on screen.
    let secret = std::fs::read_to_string(&file).unwrap();
    for line in secret
        .lines()
        .filter(|l| l.starts_with("verbind-transfer-"))
    {
        let value = line.split_whitespace().nth(1).unwrap();
        assert!(!first.stdout.contains(value) && !first.stderr.contains(value));
    }
}

// ---------------------------------------------------------------- report

/// A demo database (every demo seed) in `data`; returns what must never
/// appear in a report: every case's name, national number, address, date of
/// birth, reason and code.
fn demo_database(data: &Path) -> Vec<String> {
    std::fs::create_dir_all(data).unwrap();
    let keyring = MasterKeyring::load_or_create(&data.join("master.key")).unwrap();
    let db = Database::open(&db_url(data)).unwrap();
    let phc = verbind_crypto::password::hash_password(&SecretString::from(
        verbind_store::demo::DEMO_PASSWORD,
    ))
    .unwrap();
    // Mid-2026, so the demo's cases fall inside the period asked for.
    let now = 1_782_000_000_000;
    db.write(|c| {
        verbind_store::demo::seed(c, &keyring, &phc, now)?;
        verbind_store::demo::seed_cases(c, &keyring, now)?;
        verbind_store::demo::seed_prevention(c, &keyring, now)?;
        verbind_store::demo::seed_tensions_network(c, &keyring, now)?;
        verbind_store::demo::seed_outreach(c, &keyring, now)
    })
    .unwrap();
    let tenant = db.read(verbind_store::models::tenant::list).unwrap()[0].tenant_id();
    let cases = db
        .read(|c| verbind_store::models::case::list(c, &tenant, &[]))
        .unwrap();
    assert!(cases.len() >= 3, "the demo has cases");
    let mut secrets = Vec::new();
    for row in &cases {
        let id = db
            .read(|c| verbind_store::models::case::identity(c, &keyring, row))
            .unwrap();
        secrets.push(id.name.clone());
        secrets.extend(id.national_number.clone());
        secrets.extend(id.address.clone());
        secrets.extend(id.date_of_birth.clone());
        secrets.push(row.code.clone());
        secrets.push(
            db.read(|c| verbind_store::models::case::reason(c, &keyring, row))
                .unwrap(),
        );
    }
    secrets
}

#[test]
fn report_stuurgroep_as_pdf_csv_and_json_holds_no_personal_data() {
    let (tmp, data) = data_dir();
    let secrets = demo_database(&data);
    let period = "2026";

    // JSON to standard output, as the operator (Stuurgroep role).
    let json = ok(
        &data,
        &[
            "report",
            "stuurgroep",
            "--period",
            period,
            "--format",
            "json",
        ],
    );
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(doc["title"], "Rapport voor de Stuurgroep");
    let sections = doc["sections"].as_array().unwrap();
    assert!(sections.len() >= 5, "{sections:?}");
    let overview = sections
        .iter()
        .flat_map(|s| s["tables"].as_array().unwrap().iter())
        .find(|t| t["id"] == "casussen-overzicht")
        .unwrap();
    assert!(
        !overview["rows"].as_array().unwrap().is_empty(),
        "the demo's cases are in the overview"
    );

    // PDF and CSV files.
    let pdf_path = tmp.path().join("rapport.pdf");
    let out = ok(
        &data,
        &[
            "report",
            "stuurgroep",
            "--period",
            period,
            "--format",
            "pdf",
            "--out",
            pdf_path.to_str().unwrap(),
        ],
    );
    assert!(out.stdout.contains("rapport.pdf"), "{out:#?}");
    let pdf = std::fs::read(&pdf_path).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(
        mode(&pdf_path) & 0o077,
        0,
        "the report is readable by its owner only"
    );
    let csv_dir = tmp.path().join("csv");
    ok(
        &data,
        &[
            "report",
            "stuurgroep",
            "--period",
            period,
            "--format",
            "csv",
            "--out",
            csv_dir.to_str().unwrap(),
            "--lang",
            "fr",
        ],
    );
    let mut csvs = Vec::new();
    for e in std::fs::read_dir(&csv_dir).unwrap() {
        let p = e.unwrap().path();
        assert_eq!(p.extension().unwrap(), "csv");
        csvs.push(std::fs::read_to_string(&p).unwrap());
    }
    assert!(csvs.len() >= 10, "one file per table: {}", csvs.len());
    assert!(csvs.iter().any(|c| c.contains("Total")), "in French");

    // As a named account: the Stuurgroep may, the police may not.
    ok(
        &data,
        &[
            "report",
            "stuurgroep",
            "--user",
            "stuurgroep",
            "--format",
            "json",
        ],
    );
    let refused = fails(
        &data,
        &[
            "report",
            "stuurgroep",
            "--user",
            "politie",
            "--format",
            "json",
        ],
    );
    assert!(refused.stderr.contains("may not"), "{refused:#?}");
    assert!(refused.stdout.is_empty(), "{refused:#?}");
    let bad = fails(&data, &["report", "stuurgroep", "--period", "2026-13"]);
    assert!(bad.stderr.contains("periode"), "{bad:#?}");

    // The canary: no case's name, national number or code anywhere.
    let pdf_text = String::from_utf8_lossy(&pdf).into_owned();
    for s in &secrets {
        assert!(!json.stdout.contains(s.as_str()), "JSON holds {s}");
        assert!(!pdf_text.contains(s.as_str()), "PDF holds {s}");
        for c in &csvs {
            assert!(!c.contains(s.as_str()), "CSV holds {s}");
        }
    }
    assert_no_default_data_dir(tmp.path());
}

/// `demo --scale national` never adds to a database that holds anything
/// (here: a loaded profile) and says how to start instead; nothing is added.
#[test]
fn demo_national_refuses_a_database_in_use() {
    let (tmp, data) = data_dir();
    ok(&data, &["profile", "load", SINT_NIKLAAS]);
    let out = fails(
        &data,
        &["demo", "--scale", "national", "--listen", "127.0.0.1:0"],
    );
    assert!(
        out.stderr.contains("not empty") && out.stderr.contains("--data"),
        "{out:#?}"
    );
    let db = Database::open(&db_url(&data)).unwrap();
    assert!(!db.read(meta::is_demo).unwrap());
    assert_eq!(db.read(user::count).unwrap(), 0);
    assert_no_default_data_dir(tmp.path());
}

/// An interrupted `demo --scale national` leaves a demo database that
/// neither demo serves: it must be made again in a new, empty one.
#[test]
fn demo_refuses_an_unfinished_national_database() {
    let (tmp, data) = data_dir();
    ok(&data, &["migrate"]);
    {
        let db = Database::open(&db_url(&data)).unwrap();
        db.write(|c| {
            meta::set(c, meta::DEMO_KEY, "true")?;
            meta::set(
                c,
                verbind_store::demo::national::SCALE_KEY,
                "national-incomplete",
            )
        })
        .unwrap();
    }
    for scale in ["small", "national"] {
        let out = fails(
            &data,
            &["demo", "--scale", scale, "--listen", "127.0.0.1:0"],
        );
        assert!(
            out.stderr.contains("--scale national") && out.stderr.contains("new, empty"),
            "{scale}: {out:#?}"
        );
        assert!(!out.stdout.contains("luistert"), "{out:#?}");
    }
    assert_no_default_data_dir(tmp.path());
}
