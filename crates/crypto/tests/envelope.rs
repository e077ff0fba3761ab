//! Envelope encryption: sealing fields, wrapping data keys, key files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::os::unix::fs::PermissionsExt;

use proptest::prelude::*;
use uuid::Uuid;
use verbind_crypto::CryptoError;
use verbind_crypto::envelope::{
    Aad, DataKey, MasterKeyring, SEAL_OVERHEAD, WrappedKey, key_id_of, open, open_string, seal,
    seal_str,
};

const AAD: Aad<'static> = Aad {
    tenant: "livc-gent",
    table: "cases",
    column: "summary",
    row: "018f3a2e-0000-7000-8000-000000000001",
};

fn mode_of(path: &std::path::Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

proptest! {
    #[test]
    fn seal_open_round_trip(
        plaintext in proptest::collection::vec(any::<u8>(), 0..2048),
        tenant in ".{0,40}",
        table in ".{0,40}",
        column in ".{0,40}",
        row in ".{0,40}",
    ) {
        let key = DataKey::generate();
        let key_id = Uuid::new_v4();
        let aad = Aad { tenant: &tenant, table: &table, column: &column, row: &row };
        let blob = seal(&key, &key_id, &aad, &plaintext).unwrap();
        prop_assert_eq!(blob.len(), plaintext.len() + SEAL_OVERHEAD);
        prop_assert_eq!(key_id_of(&blob).unwrap(), key_id);
        let opened = open(&key, &aad, &blob).unwrap();
        prop_assert_eq!(opened.as_slice(), plaintext.as_slice());
    }

    #[test]
    fn moving_a_part_between_aad_fields_fails(a in "[a-z]{1,8}", b in "[a-z]{1,8}") {
        // Length prefixes make `("ab", "c")` and `("a", "bc")` different contexts.
        let key = DataKey::generate();
        let id = Uuid::new_v4();
        let joined = format!("{a}{b}");
        let one = Aad { tenant: "t", table: &joined, column: "", row: "r" };
        let two = Aad { tenant: "t", table: &a, column: &b, row: "r" };
        let blob = seal(&key, &id, &one, b"secret").unwrap();
        prop_assert!(matches!(open(&key, &two, &blob), Err(CryptoError::Decrypt)));
    }
}

#[test]
fn sealing_twice_gives_different_ciphertexts() {
    let key = DataKey::generate();
    let id = Uuid::new_v4();
    let a = seal(&key, &id, &AAD, b"same text").unwrap();
    let b = seal(&key, &id, &AAD, b"same text").unwrap();
    assert_ne!(a, b, "nonces must be fresh");
}

#[test]
fn wrong_context_fails() {
    let key = DataKey::generate();
    let id = Uuid::new_v4();
    let blob = seal(&key, &id, &AAD, b"Jan Janssens").unwrap();
    let wrong = [
        Aad {
            tenant: "livc-brugge",
            ..AAD
        },
        Aad {
            table: "persons",
            ..AAD
        },
        Aad {
            column: "name",
            ..AAD
        },
        Aad {
            row: "018f3a2e-0000-7000-8000-000000000002",
            ..AAD
        },
    ];
    for aad in wrong {
        assert!(
            matches!(open(&key, &aad, &blob), Err(CryptoError::Decrypt)),
            "opened under {aad:?}"
        );
    }
    assert!(matches!(
        open(&DataKey::generate(), &AAD, &blob),
        Err(CryptoError::Decrypt)
    ));
    assert_eq!(open(&key, &AAD, &blob).unwrap().as_slice(), b"Jan Janssens");
}

#[test]
fn every_flipped_byte_fails() {
    let key = DataKey::generate();
    let id = Uuid::new_v4();
    let blob = seal(&key, &id, &AAD, b"Mia, 15 jaar, Sint-Amandsberg").unwrap();
    for i in 0..blob.len() {
        for bit in [0x01u8, 0x80] {
            let mut bad = blob.clone();
            bad[i] ^= bit;
            assert!(
                open(&key, &AAD, &bad).is_err(),
                "flip {bit:#x} at byte {i} accepted"
            );
        }
    }
}

#[test]
fn changed_key_id_in_header_fails() {
    // The key id is authenticated: pointing a blob at another key id is detected.
    let key = DataKey::generate();
    let blob = seal(&key, &Uuid::new_v4(), &AAD, b"x").unwrap();
    let mut moved = blob.clone();
    moved[1..17].copy_from_slice(Uuid::new_v4().as_bytes());
    assert!(matches!(
        open(&key, &AAD, &moved),
        Err(CryptoError::Decrypt)
    ));
}

#[test]
fn truncated_or_extended_blob_fails() {
    let key = DataKey::generate();
    let blob = seal(&key, &Uuid::new_v4(), &AAD, b"some text").unwrap();
    for len in 0..blob.len() {
        assert!(
            open(&key, &AAD, &blob[..len]).is_err(),
            "prefix of {len} bytes accepted"
        );
    }
    let mut longer = blob.clone();
    longer.push(0);
    assert!(open(&key, &AAD, &longer).is_err());
    assert!(matches!(
        open(&key, &AAD, &blob[..SEAL_OVERHEAD - 1]),
        Err(CryptoError::Malformed(_))
    ));
    assert!(key_id_of(&blob[..10]).is_err());
}

#[test]
fn unknown_format_byte_is_malformed() {
    let key = DataKey::generate();
    let mut blob = seal(&key, &Uuid::new_v4(), &AAD, b"x").unwrap();
    blob[0] = 0x02;
    assert!(matches!(
        open(&key, &AAD, &blob),
        Err(CryptoError::Malformed(_))
    ));
    assert!(key_id_of(&blob).is_err());
}

#[test]
fn text_helpers_round_trip_and_reject_non_utf8() {
    let key = DataKey::generate();
    let id = Uuid::new_v4();
    let blob = seal_str(&key, &id, &AAD, "Zoë Lefèvre – 🚲").unwrap();
    assert_eq!(
        open_string(&key, &AAD, &blob).unwrap().as_str(),
        "Zoë Lefèvre – 🚲"
    );
    let binary = seal(&key, &id, &AAD, &[0xff, 0xfe]).unwrap();
    assert!(matches!(
        open_string(&key, &AAD, &binary),
        Err(CryptoError::InvalidUtf8)
    ));
}

#[test]
fn debug_output_hides_keys() {
    let key = DataKey::from_bytes([0xab; 32]);
    assert_eq!(format!("{key:?}"), "DataKey(..)");
    let ring = MasterKeyring::from_bytes_for_tests(3, [0xab; 32]);
    let shown = format!("{ring:?}");
    assert_eq!(shown, "MasterKeyring { versions: [3] }");
}

#[test]
fn wrap_unwrap_binds_key_id_and_tenant() {
    let ring = MasterKeyring::from_bytes_for_tests(1, [7; 32]);
    let key = DataKey::generate();
    let id = Uuid::new_v4();
    let wrapped = ring.wrap(&key, &id, "livc-gent").unwrap();
    assert_eq!(wrapped.master_version, 1);
    assert_eq!(wrapped.bytes.len(), 72);

    let unwrapped = ring.unwrap(&wrapped, &id, "livc-gent").unwrap();
    // Same key: what one seals, the other opens.
    let blob = seal(&key, &id, &AAD, b"check").unwrap();
    assert_eq!(open(&unwrapped, &AAD, &blob).unwrap().as_slice(), b"check");

    assert!(matches!(
        ring.unwrap(&wrapped, &Uuid::new_v4(), "livc-gent"),
        Err(CryptoError::Decrypt)
    ));
    assert!(matches!(
        ring.unwrap(&wrapped, &id, "livc-brugge"),
        Err(CryptoError::Decrypt)
    ));
    let other_ring = MasterKeyring::from_bytes_for_tests(1, [8; 32]);
    assert!(matches!(
        other_ring.unwrap(&wrapped, &id, "livc-gent"),
        Err(CryptoError::Decrypt)
    ));
    for i in 0..wrapped.bytes.len() {
        let mut bad = wrapped.clone();
        bad.bytes[i] ^= 1;
        assert!(
            ring.unwrap(&bad, &id, "livc-gent").is_err(),
            "flip at {i} accepted"
        );
    }
    let short = WrappedKey {
        master_version: 1,
        bytes: wrapped.bytes[..71].to_vec(),
    };
    assert!(matches!(
        ring.unwrap(&short, &id, "livc-gent"),
        Err(CryptoError::Malformed(_))
    ));
    let unknown = WrappedKey {
        master_version: 2,
        ..wrapped.clone()
    };
    assert!(matches!(
        ring.unwrap(&unknown, &id, "livc-gent"),
        Err(CryptoError::UnknownMasterKeyVersion { version: 2 })
    ));
}

#[test]
fn key_file_is_created_0600_and_reloaded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.keys");
    let ring = MasterKeyring::load_or_create(&path).unwrap();
    assert_eq!(mode_of(&path), 0o600);
    assert_eq!(ring.current_version(), 1);

    let text = fs::read_to_string(&path).unwrap();
    let key_lines: Vec<_> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(key_lines.len(), 1);
    assert!(key_lines[0].starts_with("verbind-master-key v1 "));

    // Loading again gives the same key, not a new one.
    let again = MasterKeyring::load_or_create(&path).unwrap();
    let id = Uuid::new_v4();
    let wrapped = ring.wrap(&DataKey::generate(), &id, "t").unwrap();
    again.unwrap(&wrapped, &id, "t").unwrap();
    MasterKeyring::load(&path)
        .unwrap()
        .unwrap(&wrapped, &id, "t")
        .unwrap();

    // No temporary files left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn group_or_world_readable_key_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.keys");
    MasterKeyring::load_or_create(&path).unwrap();
    for mode in [0o644, 0o640, 0o604, 0o660] {
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
        let err = MasterKeyring::load(&path).unwrap_err();
        assert!(
            matches!(err, CryptoError::InsecurePermissions { .. }),
            "mode {mode:o}: {err}"
        );
        let message = err.to_string();
        assert!(message.contains("master.keys"), "{message}");
        assert!(message.contains("chmod 600"), "{message}");
        assert!(MasterKeyring::load_or_create(&path).is_err());
    }
    fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
    MasterKeyring::load(&path).unwrap();
}

#[test]
fn missing_file_is_an_error_for_load() {
    let dir = tempfile::tempdir().unwrap();
    let err = MasterKeyring::load(&dir.path().join("absent")).unwrap_err();
    assert!(matches!(err, CryptoError::Io { .. }));
}

#[test]
fn key_file_format_errors_name_the_line_but_not_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k");
    let good = "verbind-master-key v1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    let cases = [
        ("", 0),
        ("# only a comment\n\n", 0),
        (
            &format!(
                "{good}\nverbind-master-key v0 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
            ),
            2,
        ),
        (&format!("{good}\n{good}\n"), 2),
        ("verbind-master-key v1 AAECAwQF\n", 1),
        ("verbind-master-key v1 not*base64\n", 1),
        (
            "verbind-master-key 1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n",
            1,
        ),
        (
            "other-key v1 AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n",
            1,
        ),
        (&format!("{good} extra\n"), 1),
    ];
    for (text, line) in cases {
        fs::write(&path, text).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        match MasterKeyring::load(&path) {
            Err(CryptoError::KeyFileFormat { line: l, .. }) => {
                assert_eq!(l, line, "file {text:?}");
            }
            other => panic!("file {text:?}: {other:?}"),
        }
        let message = MasterKeyring::load(&path).unwrap_err().to_string();
        assert!(
            !message.contains("AAECAwQF"),
            "key material in error: {message}"
        );
    }
    fs::write(&path, format!("# comment\n\n  {good}  \n")).unwrap();
    assert_eq!(MasterKeyring::load(&path).unwrap().current_version(), 1);
}

#[test]
fn rotation_keeps_old_keys_and_wraps_with_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.keys");
    let mut ring = MasterKeyring::load_or_create(&path).unwrap();
    let id = Uuid::new_v4();
    let key = DataKey::generate();
    let old = ring.wrap(&key, &id, "t").unwrap();
    assert_eq!(old.master_version, 1);

    assert_eq!(ring.rotate(&path).unwrap(), 2);
    assert_eq!(mode_of(&path), 0o600);
    assert_eq!(ring.current_version(), 2);
    assert_eq!(ring.versions(), vec![1, 2]);
    let new = ring.wrap(&key, &id, "t").unwrap();
    assert_eq!(new.master_version, 2);

    // A fresh load sees both versions; old wraps still open.
    let reloaded = MasterKeyring::load(&path).unwrap();
    assert_eq!(reloaded.current_version(), 2);
    reloaded.unwrap(&old, &id, "t").unwrap();
    reloaded.unwrap(&new, &id, "t").unwrap();

    // Re-wrap, then retire version 1.
    let rewrapped = ring.rewrap(&old, &id, "t").unwrap().unwrap();
    assert_eq!(rewrapped.master_version, 2);
    assert!(ring.rewrap(&new, &id, "t").unwrap().is_none());
    assert_eq!(ring.retire_older_than(&path, 2).unwrap(), vec![1]);
    assert_eq!(mode_of(&path), 0o600);
    let retired = MasterKeyring::load(&path).unwrap();
    assert_eq!(retired.versions(), vec![2]);
    retired.unwrap(&rewrapped, &id, "t").unwrap();
    assert!(matches!(
        retired.unwrap(&old, &id, "t"),
        Err(CryptoError::UnknownMasterKeyVersion { version: 1 })
    ));
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "temp files left"
    );
}

#[test]
fn retiring_the_current_or_a_missing_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.keys");
    let mut ring = MasterKeyring::load_or_create(&path).unwrap();
    ring.rotate(&path).unwrap();
    assert!(matches!(
        ring.retire_older_than(&path, 3),
        Err(CryptoError::InvalidRetire { .. })
    ));
    assert_eq!(MasterKeyring::load(&path).unwrap().versions(), vec![1, 2]);
    assert!(ring.retire_older_than(&path, 1).unwrap().is_empty());
}

#[test]
fn rotation_keeps_versions_added_by_another_process() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.keys");
    let mut server = MasterKeyring::load_or_create(&path).unwrap();
    let mut admin = MasterKeyring::load(&path).unwrap();
    assert_eq!(admin.rotate(&path).unwrap(), 2);
    // The server's view is stale (only v1); rotating from it must not drop v2.
    assert_eq!(server.rotate(&path).unwrap(), 3);
    assert_eq!(
        MasterKeyring::load(&path).unwrap().versions(),
        vec![1, 2, 3]
    );
}

#[test]
fn rotation_refuses_a_file_that_disagrees_with_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.keys");
    MasterKeyring::load_or_create(&path).unwrap();
    let mut other = MasterKeyring::from_bytes_for_tests(1, [9; 32]);
    assert!(matches!(
        other.rotate(&path),
        Err(CryptoError::KeyringMismatch { version: 1, .. })
    ));
}
