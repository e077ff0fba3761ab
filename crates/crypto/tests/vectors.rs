//! Published test vectors (tests/vectors/*.json), produced by an independent Python
//! implementation (tests/vectors/generate_vectors.py): this crate must reproduce
//! every byte.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::Value;
use uuid::Uuid;
use verbind_crypto::audit::{
    AuditSigner, ChainVerifier, Checkpoint, StoredEntry, chain_hash, parse_verifying_key,
};
use verbind_crypto::envelope::{
    Aad, DataKey, MasterKeyring, WrappedKey, key_id_of, open, seal_with_nonce,
};

fn load(name: &str) -> Value {
    let path = format!("{}/tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn hex_of(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap()).unwrap()
}

fn array<const N: usize>(v: &Value) -> [u8; N] {
    hex_of(v).try_into().unwrap()
}

fn opt_str(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

#[test]
fn envelope_v1_vectors() {
    let v = load("envelope-v1.json");
    let ring = MasterKeyring::from_bytes_for_tests(
        u32::try_from(v["master_key_version"].as_u64().unwrap()).unwrap(),
        array(&v["master_key_hex"]),
    );
    let data_key = DataKey::from_bytes(array(&v["data_key_hex"]));
    let key_id: Uuid = v["key_id"].as_str().unwrap().parse().unwrap();
    let tenant = v["tenant"].as_str().unwrap();

    let wrapped = ring
        .wrap_with_nonce(&data_key, &key_id, tenant, &array(&v["wrap_nonce_hex"]))
        .unwrap();
    assert_eq!(
        hex::encode(&wrapped.bytes),
        v["wrapped_hex"].as_str().unwrap()
    );
    let published = WrappedKey {
        master_version: 1,
        bytes: hex_of(&v["wrapped_hex"]),
    };
    let unwrapped = ring.unwrap(&published, &key_id, tenant).unwrap();

    let fields = v["fields"].as_array().unwrap();
    assert!(fields.len() >= 3);
    for f in fields {
        let a = &f["aad"];
        let aad = Aad {
            tenant: a["tenant"].as_str().unwrap(),
            table: a["table"].as_str().unwrap(),
            column: a["column"].as_str().unwrap(),
            row: a["row"].as_str().unwrap(),
        };
        let plaintext = hex_of(&f["plaintext_hex"]);
        let sealed = seal_with_nonce(
            &data_key,
            &key_id,
            &aad,
            &array(&f["nonce_hex"]),
            &plaintext,
        )
        .unwrap();
        assert_eq!(
            hex::encode(&sealed),
            f["sealed_hex"].as_str().unwrap(),
            "{aad:?}"
        );
        // The AEAD's associated data is the header then the encoded context.
        let mut aead_aad = vec![0x01];
        aead_aad.extend_from_slice(key_id.as_bytes());
        aead_aad.extend_from_slice(&aad.to_bytes());
        assert_eq!(hex::encode(aead_aad), f["aead_aad_hex"].as_str().unwrap());

        let published = hex_of(&f["sealed_hex"]);
        assert_eq!(key_id_of(&published).unwrap(), key_id);
        assert_eq!(
            open(&unwrapped, &aad, &published).unwrap().as_slice(),
            plaintext.as_slice()
        );
    }
}

#[test]
fn master_key_file_line_from_vectors_loads() {
    use std::os::unix::fs::PermissionsExt;
    let v = load("envelope-v1.json");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("master.keys");
    std::fs::write(
        &path,
        format!("{}\n", v["master_key_file_line"].as_str().unwrap()),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let ring = MasterKeyring::load(&path).unwrap();
    let key_id: Uuid = v["key_id"].as_str().unwrap().parse().unwrap();
    let published = WrappedKey {
        master_version: 1,
        bytes: hex_of(&v["wrapped_hex"]),
    };
    ring.unwrap(&published, &key_id, v["tenant"].as_str().unwrap())
        .unwrap();
}

#[test]
fn audit_chain_v1_vectors() {
    let v = load("audit-chain-v1.json");
    let entries: Vec<StoredEntry> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| StoredEntry {
            seq: e["seq"].as_i64().unwrap(),
            at_ms: e["at_ms"].as_i64().unwrap(),
            tenant_id: opt_str(&e["tenant_id"]),
            actor_user_id: opt_str(&e["actor_user_id"]),
            actor_org_id: opt_str(&e["actor_org_id"]),
            action: e["action"].as_str().unwrap().to_owned(),
            object_type: opt_str(&e["object_type"]),
            object_id: opt_str(&e["object_id"]),
            outcome: e["outcome"].as_str().unwrap().to_owned(),
            reason: e["reason_hex"].as_str().map(|h| hex::decode(h).unwrap()),
            detail: opt_str(&e["detail"]),
            prev_hash: hex_of(&e["prev_hash_hex"]),
            hash: hex_of(&e["hash_hex"]),
        })
        .collect();
    assert_eq!(entries.len(), 3);

    let mut prev = [0u8; 32];
    for e in &entries {
        assert_eq!(e.prev_hash, prev);
        prev = chain_hash(&prev, &e.fields());
        assert_eq!(e.hash, prev, "entry {}", e.seq);
    }

    let key = parse_verifying_key(v["public_key_text"].as_str().unwrap()).unwrap();
    let pem_key = parse_verifying_key(v["public_key_pem"].as_str().unwrap()).unwrap();
    assert_eq!(key, pem_key);
    let signer = AuditSigner::from_bytes_for_tests(array(&v["signing_key_seed_hex"]));
    assert_eq!(signer.verifying_key(), key);
    assert_eq!(
        signer.public_key_text(),
        v["public_key_text"].as_str().unwrap()
    );

    let checkpoint = Checkpoint::parse(v["checkpoint_text"].as_str().unwrap()).unwrap();
    assert_eq!(
        hex::encode(Checkpoint::signed_message(
            checkpoint.seq,
            &checkpoint.hash,
            checkpoint.at_ms
        )),
        v["checkpoint_message_hex"].as_str().unwrap()
    );
    // Ed25519 signatures are deterministic: ours must equal the published one.
    let ours = signer.sign(checkpoint.seq, &checkpoint.hash, checkpoint.at_ms);
    assert_eq!(ours.to_text(), v["checkpoint_text"].as_str().unwrap());

    let mut verifier = ChainVerifier::new();
    for e in &entries {
        verifier.push(e).unwrap();
    }
    let summary = verifier.finish(Some(&checkpoint), Some(&key)).unwrap();
    assert_eq!(summary.head_hash, prev);
}

#[test]
fn transfer_v1_vectors() {
    use verbind_crypto::package::{TransferKeys, TransferPublicKey, package_sha256};
    let v = load("transfer-v1.json");
    let sender = TransferKeys::from_bytes_for_tests(
        array(&v["sender_x25519_secret_hex"]),
        array(&v["sender_ed25519_seed_hex"]),
    );
    let recipient = TransferKeys::from_bytes_for_tests(
        array(&v["recipient_x25519_secret_hex"]),
        array(&v["recipient_ed25519_seed_hex"]),
    );
    assert_eq!(
        sender.public().to_text(),
        v["sender_public_text"].as_str().unwrap()
    );
    assert_eq!(
        recipient.public().to_text(),
        v["recipient_public_text"].as_str().unwrap()
    );
    assert_eq!(
        sender.public().fingerprint(),
        v["sender_fingerprint"].as_str().unwrap()
    );
    assert_eq!(
        recipient.public().fingerprint(),
        v["recipient_fingerprint"].as_str().unwrap()
    );
    let recipient_public =
        TransferPublicKey::parse(v["recipient_public_text"].as_str().unwrap()).unwrap();
    let sender_public =
        TransferPublicKey::parse(v["sender_public_text"].as_str().unwrap()).unwrap();
    let payload = hex_of(&v["payload_hex"]);
    // Ed25519 is deterministic: with the published ephemeral key and nonce the
    // whole package must match byte for byte.
    let package = sender
        .seal_deterministic(
            &recipient_public,
            &payload,
            &array(&v["ephemeral_secret_hex"]),
            &array(&v["nonce_hex"]),
        )
        .unwrap();
    assert_eq!(hex::encode(&package), v["package_hex"].as_str().unwrap());
    assert_eq!(
        hex::encode(&package[..verbind_crypto::package::HEADER_LEN]),
        v["header_hex"].as_str().unwrap()
    );
    assert_eq!(
        package_sha256(&package),
        v["package_sha256_hex"].as_str().unwrap()
    );
    let published = hex_of(&v["package_hex"]);
    assert_eq!(
        recipient
            .open(&published, &sender_public)
            .unwrap()
            .as_slice(),
        payload.as_slice()
    );
}
