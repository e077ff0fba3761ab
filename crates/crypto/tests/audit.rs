//! Audit hash chain and signed checkpoints: every kind of tampering is found and
//! the first bad entry is named.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::os::unix::fs::PermissionsExt;

use verbind_crypto::CryptoError;
use verbind_crypto::audit::{
    AuditFields, AuditSigner, ChainError, ChainErrorKind, ChainSummary, ChainVerifier, Checkpoint,
    GENESIS, StoredEntry, chain_hash, parse_verifying_key,
};

fn signer() -> AuditSigner {
    AuditSigner::from_bytes_for_tests([42; 32])
}

/// A chain of `n` entries with varied fields, hashed as the store would.
fn chain(n: i64) -> Vec<StoredEntry> {
    let mut prev = GENESIS;
    (1..=n)
        .map(|seq| {
            let mut e = StoredEntry {
                seq,
                at_ms: 1_764_320_400_000 + seq * 1_000,
                tenant_id: (seq % 5 != 0).then(|| format!("livc-{}", seq % 3)),
                actor_user_id: (seq % 7 != 0).then(|| format!("user-{seq}")),
                actor_org_id: Some("org-politie".into()),
                action: if seq % 2 == 0 { "case.read" } else { "login" }.into(),
                object_type: Some("case".into()),
                object_id: Some(format!("case-{}", seq / 2)),
                outcome: "ok".into(),
                reason: Some(format!("reden {seq}").into_bytes()),
                detail: Some(format!("detail {seq}")),
                prev_hash: prev.to_vec(),
                hash: Vec::new(),
            };
            let hash = chain_hash(&prev, &e.fields());
            e.hash = hash.to_vec();
            prev = hash;
            e
        })
        .collect()
}

/// Recomputes every hash from the entries' fields, as an attacker with write
/// access to the table would after editing it.
fn rehash(entries: &mut [StoredEntry]) {
    let mut prev = GENESIS;
    for e in entries {
        e.prev_hash = prev.to_vec();
        let hash = chain_hash(&prev, &e.fields());
        e.hash = hash.to_vec();
        prev = hash;
    }
}

fn verify(
    entries: &[StoredEntry],
    checkpoint: Option<&Checkpoint>,
) -> Result<ChainSummary, ChainError> {
    let key = signer().verifying_key();
    let mut v = match checkpoint {
        Some(cp) => ChainVerifier::with_checkpoint(cp),
        None => ChainVerifier::new(),
    };
    for e in entries {
        v.push(e)?;
    }
    v.finish(checkpoint, Some(&key))
}

fn head_checkpoint(entries: &[StoredEntry]) -> Checkpoint {
    let last = entries.last().unwrap();
    signer().sign(
        last.seq,
        &last.hash.clone().try_into().unwrap(),
        1_764_400_000_000,
    )
}

fn err(seq: i64, kind: ChainErrorKind) -> Result<ChainSummary, ChainError> {
    Err(ChainError { seq, kind })
}

#[test]
fn intact_chain_verifies() {
    let entries = chain(50);
    let cp = head_checkpoint(&entries);
    let summary = verify(&entries, Some(&cp)).unwrap();
    assert_eq!(summary.entries, 50);
    assert_eq!(summary.head_seq, 50);
    assert_eq!(summary.head_hash.to_vec(), entries[49].hash);
    assert_eq!(verify(&entries, None).unwrap(), summary);
}

#[test]
fn empty_chain() {
    let summary = ChainVerifier::new().finish(None, None).unwrap();
    assert_eq!(
        summary,
        ChainSummary {
            entries: 0,
            head_seq: 0,
            head_hash: GENESIS
        }
    );
}

/// Applies `edit` to entry 17 of a 50-entry chain and expects `kind` at 17.
fn assert_edit_found(what: &str, kind: ChainErrorKind, edit: impl Fn(&mut StoredEntry)) {
    let mut entries = chain(50);
    edit(&mut entries[16]);
    let got = verify(&entries, Some(&head_checkpoint(&chain(50))));
    assert_eq!(got, err(17, kind), "edit of {what}");
}

fn flip_str(s: &mut String) {
    let mut bytes = std::mem::take(s).into_bytes();
    bytes[0] ^= 0x01;
    *s = String::from_utf8(bytes).unwrap();
}

fn flip_opt(s: &mut Option<String>) {
    flip_str(s.as_mut().unwrap());
}

#[test]
fn a_flipped_byte_in_any_field_is_found_at_its_entry() {
    use ChainErrorKind::{GapOrReorder, HashMismatch, PrevHashMismatch};
    assert_edit_found("at_ms", HashMismatch, |e| e.at_ms ^= 1);
    assert_edit_found("tenant_id", HashMismatch, |e| flip_opt(&mut e.tenant_id));
    assert_edit_found("actor_user_id", HashMismatch, |e| {
        flip_opt(&mut e.actor_user_id)
    });
    assert_edit_found("actor_org_id", HashMismatch, |e| {
        flip_opt(&mut e.actor_org_id)
    });
    assert_edit_found("action", HashMismatch, |e| flip_str(&mut e.action));
    assert_edit_found("object_type", HashMismatch, |e| {
        flip_opt(&mut e.object_type)
    });
    assert_edit_found("object_id", HashMismatch, |e| flip_opt(&mut e.object_id));
    assert_edit_found("outcome", HashMismatch, |e| flip_str(&mut e.outcome));
    assert_edit_found("reason", HashMismatch, |e| {
        e.reason.as_mut().unwrap()[0] ^= 0x80
    });
    assert_edit_found("detail", HashMismatch, |e| flip_opt(&mut e.detail));
    assert_edit_found("hash", HashMismatch, |e| e.hash[31] ^= 1);
    assert_edit_found("prev_hash", PrevHashMismatch, |e| e.prev_hash[0] ^= 1);
    // Presence is hashed too: removing a field or emptying it is an edit.
    assert_edit_found("tenant_id removed", HashMismatch, |e| e.tenant_id = None);
    assert_edit_found("reason emptied", HashMismatch, |e| {
        e.reason = Some(Vec::new())
    });
    assert_edit_found("hash truncated", HashMismatch, |e| {
        e.hash.pop();
    });
    // A changed seq is reported under the seq found, with the one expected there.
    let mut entries = chain(50);
    entries[16].seq ^= 0x40;
    assert_eq!(
        verify(&entries, None),
        err(81, GapOrReorder { expected: 17 })
    );
    // Moving bytes between adjacent fields keeps their concatenation: still found.
    assert_edit_found("action/outcome boundary", HashMismatch, |e| {
        let last = e.action.pop().unwrap();
        e.outcome.insert(0, last);
    });
}

#[test]
fn an_edit_anywhere_names_that_entry() {
    for index in 0..50 {
        let mut entries = chain(50);
        flip_str(&mut entries[index].action);
        let seq = index as i64 + 1;
        assert_eq!(
            verify(&entries, None),
            err(seq, ChainErrorKind::HashMismatch)
        );
    }
}

#[test]
fn a_deleted_entry_is_found() {
    for index in [0usize, 16, 48] {
        let mut entries = chain(50);
        entries.remove(index);
        let missing = index as i64 + 1;
        assert_eq!(
            verify(&entries, None),
            err(
                missing + 1,
                ChainErrorKind::GapOrReorder { expected: missing }
            ),
            "deleted entry {missing}"
        );
    }
}

#[test]
fn a_deleted_and_renumbered_entry_is_found() {
    // The attacker deletes entry 17 and renumbers the rest to hide the gap.
    let mut entries = chain(50);
    entries.remove(16);
    for e in &mut entries[16..] {
        e.seq -= 1;
    }
    assert_eq!(
        verify(&entries, None),
        err(17, ChainErrorKind::PrevHashMismatch)
    );
}

#[test]
fn swapped_entries_are_found() {
    let mut entries = chain(50);
    entries.swap(16, 17);
    assert_eq!(
        verify(&entries, None),
        err(18, ChainErrorKind::GapOrReorder { expected: 17 })
    );
    // Swapping the contents but keeping the seq numbers in place.
    let mut entries = chain(50);
    entries.swap(16, 17);
    entries[16].seq = 17;
    entries[17].seq = 18;
    assert_eq!(
        verify(&entries, None),
        err(17, ChainErrorKind::PrevHashMismatch)
    );
}

#[test]
fn truncation_is_found_against_the_checkpoint() {
    let full = chain(50);
    let cp = head_checkpoint(&full);
    let truncated = &full[..45];
    // The chain alone looks fine...
    assert!(verify(truncated, None).is_ok());
    // ...but not against the checkpoint.
    assert_eq!(
        verify(truncated, Some(&cp)),
        err(
            46,
            ChainErrorKind::Truncated {
                checkpoint_seq: 50,
                last_seq: 45
            }
        )
    );
    assert_eq!(
        verify(&[], Some(&cp)),
        err(
            1,
            ChainErrorKind::Truncated {
                checkpoint_seq: 50,
                last_seq: 0
            }
        )
    );
}

#[test]
fn a_rewritten_chain_does_not_match_the_checkpoint() {
    let original = chain(50);
    let cp = head_checkpoint(&original);
    let mut forged = original.clone();
    forged[16].outcome = "denied".into();
    rehash(&mut forged);
    assert!(verify(&forged, None).is_ok(), "internally consistent");
    assert_eq!(
        verify(&forged, Some(&cp)),
        err(50, ChainErrorKind::CheckpointMismatch)
    );
}

#[test]
fn a_checkpoint_the_chain_has_grown_past() {
    let entries = chain(50);
    let cp = head_checkpoint(&entries[..30]);
    assert_eq!(verify(&entries, Some(&cp)).unwrap().head_seq, 50);

    // Rewritten before the checkpoint, then extended: found at the checkpoint.
    let mut forged = entries.clone();
    forged[9].detail = None;
    rehash(&mut forged);
    assert_eq!(
        verify(&forged, Some(&cp)),
        err(30, ChainErrorKind::CheckpointMismatch)
    );

    // A verifier not told about the checkpoint cannot check it, and says so.
    let mut v = ChainVerifier::new();
    for e in &entries {
        v.push(e).unwrap();
    }
    assert_eq!(
        v.finish(Some(&cp), Some(&signer().verifying_key())),
        err(30, ChainErrorKind::CheckpointNotTracked)
    );
}

#[test]
fn bad_checkpoint_signatures_are_found() {
    let entries = chain(50);
    let good = head_checkpoint(&entries);

    let mut bad_sig = good;
    bad_sig.signature[10] ^= 1;
    assert_eq!(
        verify(&entries, Some(&bad_sig)),
        err(50, ChainErrorKind::BadSignature)
    );

    // Moving the checkpoint to an earlier entry invalidates the signature.
    let mut moved = good;
    moved.seq = 45;
    moved.hash = entries[44].hash.clone().try_into().unwrap();
    assert_eq!(
        verify(&entries, Some(&moved)),
        err(45, ChainErrorKind::BadSignature)
    );

    let mut retimed = good;
    retimed.at_ms += 1;
    assert_eq!(
        verify(&entries, Some(&retimed)),
        err(50, ChainErrorKind::BadSignature)
    );

    // Signed by another key.
    let other = AuditSigner::from_bytes_for_tests([7; 32]);
    let foreign = other.sign(50, &good.hash, good.at_ms);
    assert_eq!(
        verify(&entries, Some(&foreign)),
        err(50, ChainErrorKind::BadSignature)
    );
    assert!(foreign.verify(&other.verifying_key()));
}

#[test]
fn errors_are_sticky() {
    let mut entries = chain(5);
    entries[1].hash[0] ^= 1;
    let mut v = ChainVerifier::new();
    v.push(&entries[0]).unwrap();
    let first = v.push(&entries[1]).unwrap_err();
    assert_eq!(v.push(&entries[2]), Err(first));
    assert_eq!(v.finish(None, None), Err(first));
}

#[test]
fn error_messages_name_the_entry() {
    let e = ChainError {
        seq: 17,
        kind: ChainErrorKind::HashMismatch,
    };
    assert_eq!(
        e.to_string(),
        "audit entry 17: hash does not match its contents (edited?)"
    );
    let e = ChainError {
        seq: 18,
        kind: ChainErrorKind::GapOrReorder { expected: 17 },
    };
    assert_eq!(
        e.to_string(),
        "audit entry 18: found where entry 17 was expected (entry deleted, inserted or reordered?)"
    );
    let e = ChainError {
        seq: 46,
        kind: ChainErrorKind::Truncated {
            checkpoint_seq: 50,
            last_seq: 45,
        },
    };
    assert!(
        e.to_string()
            .starts_with("audit entry 46: missing: the chain ends at entry 45")
    );
}

#[test]
fn checkpoint_text_round_trip_and_strict_parsing() {
    let entries = chain(3);
    let cp = head_checkpoint(&entries);
    let text = cp.to_text();
    assert!(
        text.starts_with("verbind-checkpoint v1 seq=3 hash="),
        "{text}"
    );
    assert_eq!(Checkpoint::parse(&text).unwrap(), cp);
    assert_eq!(Checkpoint::parse(&format!("  {text}\n")).unwrap(), cp);
    assert!(cp.verify(&signer().verifying_key()));

    let bad = [
        String::new(),
        text.replace("v1", "v2"),
        text.replace("seq=3", "seq=x"),
        text.replace("hash=", "hash=00"),
        text.replace("sig=", "sig=AA"),
        text.replace("at=", "when="),
        format!("{text} extra"),
        text.replacen(' ', "  x ", 1),
    ];
    for b in bad {
        assert!(
            matches!(
                Checkpoint::parse(&b),
                Err(CryptoError::InvalidCheckpoint(_))
            ),
            "{b:?}"
        );
    }
}

#[test]
fn chain_hash_encoding_is_unambiguous() {
    let base = AuditFields {
        seq: 1,
        at_ms: 0,
        tenant_id: None,
        actor_user_id: None,
        actor_org_id: None,
        action: "ab",
        object_type: None,
        object_id: None,
        outcome: "c",
        reason: None,
        detail: None,
    };
    let h = chain_hash(&GENESIS, &base);
    let variants = [
        AuditFields {
            action: "a",
            outcome: "bc",
            ..base
        },
        AuditFields {
            tenant_id: Some(""),
            ..base
        },
        AuditFields {
            actor_user_id: Some(""),
            ..base
        },
        AuditFields {
            detail: Some(""),
            ..base
        },
        AuditFields {
            reason: Some(b""),
            ..base
        },
        AuditFields { seq: 2, ..base },
    ];
    for v in variants {
        assert_ne!(chain_hash(&GENESIS, &v), h, "{v:?}");
    }
    assert_ne!(chain_hash(&[1; 32], &base), h);
}

#[test]
fn signing_key_file_is_0600_and_stable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.key");
    let a = AuditSigner::load_or_create(&path).unwrap();
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let b = AuditSigner::load_or_create(&path).unwrap();
    assert_eq!(a.verifying_key(), b.verifying_key());
    assert_eq!(
        AuditSigner::load(&path).unwrap().verifying_key(),
        a.verifying_key()
    );
    // Debug shows the public key only.
    let secret_line = fs::read_to_string(&path).unwrap();
    let secret_b64 = secret_line
        .lines()
        .find(|l| l.starts_with("verbind-audit-signing-key "))
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .to_owned();
    assert!(!format!("{a:?}").contains(&secret_b64));

    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let e = AuditSigner::load(&path).unwrap_err();
    assert!(matches!(e, CryptoError::InsecurePermissions { .. }), "{e}");
    assert!(e.to_string().contains("audit.key") && e.to_string().contains("chmod 600"));
}

#[test]
fn public_key_text_round_trips() {
    let s = signer();
    let text = s.public_key_text();
    assert!(text.starts_with("verbind-audit-public-key "));
    assert_eq!(parse_verifying_key(&text).unwrap(), s.verifying_key());
    assert_eq!(
        parse_verifying_key(&format!("# exported\n{text}\n")).unwrap(),
        s.verifying_key()
    );
    let bare = text.split(' ').nth(1).unwrap();
    assert_eq!(parse_verifying_key(bare).unwrap(), s.verifying_key());
    for bad in [
        "",
        "verbind-audit-public-key",
        "verbind-audit-public-key AAAA",
        "x y z",
        &format!("{text}\n{text}"),
    ] {
        assert!(parse_verifying_key(bad).is_err(), "{bad:?}");
    }
}
