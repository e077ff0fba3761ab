#!/usr/bin/env python3
"""Independent reference implementation of Verbind's crypto formats.

Writes envelope-v1.json, audit-chain-v1.json and transfer-v1.json next to this file
from the format description in crates/crypto/README.md, using only Python's standard
library and the `cryptography` package (ChaCha20-Poly1305, Ed25519, X25519, HKDF). HChaCha20, which turns
ChaCha20-Poly1305 into XChaCha20-Poly1305, is implemented below from
draft-irtf-cfrg-xchacha-03 and checked against that draft's test vector.

The Rust tests (tests/vectors.rs) recompute every value with verbind-crypto and
compare: two implementations written separately agree on every byte.

Run: python3 generate_vectors.py   (the outputs are committed; rerun only when a
format changes, which also means a new format version).
"""

import base64
import hashlib
import json
import struct
import uuid
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

HERE = Path(__file__).resolve().parent


def lp(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


# --- XChaCha20-Poly1305 -----------------------------------------------------

def _rotl(v, c):
    return ((v << c) & 0xFFFFFFFF) | (v >> (32 - c))


def _qr(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = _rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = _rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = _rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = _rotl(s[b] ^ s[c], 7)


def hchacha20(key: bytes, nonce16: bytes) -> bytes:
    s = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574]
    s += list(struct.unpack("<8I", key)) + list(struct.unpack("<4I", nonce16))
    for _ in range(10):
        _qr(s, 0, 4, 8, 12); _qr(s, 1, 5, 9, 13); _qr(s, 2, 6, 10, 14); _qr(s, 3, 7, 11, 15)
        _qr(s, 0, 5, 10, 15); _qr(s, 1, 6, 11, 12); _qr(s, 2, 7, 8, 13); _qr(s, 3, 4, 9, 14)
    return struct.pack("<8I", *(s[0:4] + s[12:16]))


# draft-irtf-cfrg-xchacha-03 section 2.2.1
assert hchacha20(
    bytes(range(32)), bytes.fromhex("000000090000004a0000000031415927")
).hex() == "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc"


def xchacha20poly1305_encrypt(key: bytes, nonce24: bytes, plaintext: bytes, aad: bytes) -> bytes:
    subkey = hchacha20(key, nonce24[:16])
    return ChaCha20Poly1305(subkey).encrypt(b"\0\0\0\0" + nonce24[16:], plaintext, aad)


# draft-irtf-cfrg-xchacha-03 appendix A.3.1
assert xchacha20poly1305_encrypt(
    bytes(range(0x80, 0xA0)),
    bytes(range(0x40, 0x58)),
    b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for "
    b"the future, sunscreen would be it.",
    bytes.fromhex("50515253c0c1c2c3c4c5c6c7"),
).hex() == (
    "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb"
    "731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452"
    "2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9"
    "21f9664c97637da9768812f615c68b13b52e"
    "c0875924c1c7987947deafd8780acf49"
)


# --- envelope ---------------------------------------------------------------

def field_aad(tenant, table, column, row) -> bytes:
    return b"".join(lp(p.encode()) for p in ("verbind-field-v1", tenant, table, column, row))


def wrap_aad(version: int, key_id: uuid.UUID, tenant: str) -> bytes:
    return lp(b"verbind-data-key-v1") + struct.pack(">I", version) + key_id.bytes + lp(tenant.encode())


def envelope_vectors():
    master_key = bytes(range(0x00, 0x20))
    data_key = bytes(range(0x40, 0x60))
    key_id = uuid.UUID("018f3a2e-7b1c-7d4e-9a6b-5c4d3e2f1a0b")
    tenant = "livc-gent"
    wrap_nonce = bytes(range(0xA0, 0xB8))
    aad = wrap_aad(1, key_id, tenant)
    wrapped = wrap_nonce + xchacha20poly1305_encrypt(master_key, wrap_nonce, data_key, aad)

    fields = []
    cases = [
        ("livc-gent", "cases", "summary", "018f3a2e-0000-7000-8000-000000000001",
         "Jongere (16) verdacht van drugshandel; school en CLB betrokken.".encode()),
        ("livc-gent", "persons", "name", "018f3a2e-0000-7000-8000-000000000002",
         "Zoë Verbruggen-Lefèvre".encode()),
        ("livc-gent", "cases", "note", "018f3a2e-0000-7000-8000-000000000003", b""),
    ]
    for i, (t, table, column, row, plaintext) in enumerate(cases):
        nonce = bytes((0xC0 + i + j) & 0xFF for j in range(24))
        header = b"\x01" + key_id.bytes
        aead_aad = header + field_aad(t, table, column, row)
        sealed = header + nonce + xchacha20poly1305_encrypt(data_key, nonce, plaintext, aead_aad)
        fields.append({
            "aad": {"tenant": t, "table": table, "column": column, "row": row},
            "nonce_hex": nonce.hex(),
            "plaintext_hex": plaintext.hex(),
            "aead_aad_hex": aead_aad.hex(),
            "sealed_hex": sealed.hex(),
        })

    return {
        "description": "Verbind envelope encryption v1 (see crates/crypto/README.md). "
                       "Generated by generate_vectors.py, an independent Python implementation.",
        "master_key_version": 1,
        "master_key_hex": master_key.hex(),
        "master_key_file_line": "verbind-master-key v1 "
                                + base64.b64encode(master_key).decode(),
        "data_key_hex": data_key.hex(),
        "key_id": str(key_id),
        "tenant": tenant,
        "wrap_nonce_hex": wrap_nonce.hex(),
        "wrap_aad_hex": aad.hex(),
        "wrapped_hex": wrapped.hex(),
        "fields": fields,
    }


# --- audit chain ------------------------------------------------------------

def opt(value) -> bytes:
    if value is None:
        return b"\x00"
    if isinstance(value, str):
        value = value.encode()
    return b"\x01" + lp(value)


def chain_hash(prev: bytes, e: dict) -> bytes:
    reason = None if e["reason_hex"] is None else bytes.fromhex(e["reason_hex"])
    data = (
        lp(b"verbind-audit-v1") + prev
        + struct.pack(">q", e["seq"]) + struct.pack(">q", e["at_ms"])
        + opt(e["tenant_id"]) + opt(e["actor_user_id"]) + opt(e["actor_org_id"])
        + lp(e["action"].encode())
        + opt(e["object_type"]) + opt(e["object_id"])
        + lp(e["outcome"].encode())
        + opt(reason) + opt(e["detail"])
    )
    return hashlib.sha256(data).digest()


def audit_vectors():
    entries = [
        {"seq": 1, "at_ms": 1764320400000, "tenant_id": None, "actor_user_id": None,
         "actor_org_id": None, "action": "login.failed", "object_type": None,
         "object_id": None, "outcome": "denied", "reason_hex": None, "detail": None},
        {"seq": 2, "at_ms": 1764320460123, "tenant_id": "livc-gent",
         "actor_user_id": "018f3a2e-0000-7000-8000-00000000aaaa",
         "actor_org_id": "org-politie-gent", "action": "case.read", "object_type": "case",
         "object_id": "018f3a2e-0000-7000-8000-000000000001", "outcome": "ok",
         "reason_hex": "voorbereiding casusoverleg".encode().hex(), "detail": ""},
        {"seq": 3, "at_ms": -1, "tenant_id": "", "actor_user_id": "u", "actor_org_id": None,
         "action": "permission.change", "object_type": "user", "object_id": "u2",
         "outcome": "ok", "reason_hex": "", "detail": "rol: lid → voorzitter"},
    ]
    prev = bytes(32)
    for e in entries:
        e["prev_hash_hex"] = prev.hex()
        prev = chain_hash(prev, e)
        e["hash_hex"] = prev.hex()

    seed = bytes(range(0x80, 0xA0))
    key = Ed25519PrivateKey.from_private_bytes(seed)
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    public_pem = key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()
    seq, at_ms = entries[-1]["seq"], 1764320500000
    message = lp(b"verbind-checkpoint-v1") + struct.pack(">q", seq) + prev + struct.pack(">q", at_ms)
    signature = key.sign(message)
    b64 = base64.b64encode
    checkpoint = (f"verbind-checkpoint v1 seq={seq} hash={prev.hex()} at={at_ms} "
                  f"sig={b64(signature).decode()}")

    return {
        "description": "Verbind audit hash chain v1 and checkpoint (see crates/crypto/README.md). "
                       "Generated by generate_vectors.py, an independent Python implementation. "
                       "reason_hex is the hex of the reason bytes (null when absent).",
        "entries": entries,
        "signing_key_seed_hex": seed.hex(),
        "public_key_text": "verbind-audit-public-key " + b64(public).decode(),
        "public_key_pem": public_pem,
        "checkpoint_message_hex": message.hex(),
        "checkpoint_text": checkpoint,
    }


# --- transfer packages -----------------------------------------------------

def raw_public(key) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def transfer_public_text(x_pub: bytes, ed_pub: bytes) -> str:
    return "verbind-transfer-v1:" + base64.b64encode(x_pub + ed_pub).decode()


def transfer_fingerprint(x_pub: bytes, ed_pub: bytes) -> str:
    digest = hashlib.sha256(lp(b"verbind-transfer-v1 fingerprint") + x_pub + ed_pub).digest()
    return " ".join(digest[i:i + 2].hex() for i in range(0, 16, 2))


def transfer_vectors():
    sender_x_secret = bytes(range(0x10, 0x30))
    sender_ed_seed = bytes(range(0x30, 0x50))
    recipient_x_secret = bytes(range(0x50, 0x70))
    recipient_ed_seed = bytes(range(0x70, 0x90))
    ephemeral_secret = bytes(range(0x90, 0xB0))
    nonce = bytes(range(0xB0, 0xC8))
    payload = ('{"format":"verbind-case-transfer-contents-v1",'
               '"identity":{"name":"Zoë Verbruggen-Lefèvre"}}').encode()

    sender_ed = Ed25519PrivateKey.from_private_bytes(sender_ed_seed)
    sender_x = X25519PrivateKey.from_private_bytes(sender_x_secret)
    recipient_ed = Ed25519PrivateKey.from_private_bytes(recipient_ed_seed)
    recipient_x = X25519PrivateKey.from_private_bytes(recipient_x_secret)
    ephemeral = X25519PrivateKey.from_private_bytes(ephemeral_secret)

    sender_ed_pub = raw_public(sender_ed)
    recipient_x_pub = raw_public(recipient_x)
    ephemeral_pub = raw_public(ephemeral)
    shared = ephemeral.exchange(recipient_x.public_key())
    info = lp(b"verbind-transfer-v1 payload key") + ephemeral_pub + recipient_x_pub + sender_ed_pub
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)
    header = b"verbind-transfer" + bytes([1]) + recipient_x_pub + sender_ed_pub + ephemeral_pub + nonce
    sealed = xchacha20poly1305_encrypt(key, nonce, payload, header)
    signed = header + sealed
    signature = sender_ed.sign(lp(b"verbind-transfer-v1 signature") + signed)
    package = signed + signature

    return {
        "description": "Verbind transfer package v1 (see crates/crypto/README.md). "
                       "Generated by generate_vectors.py, an independent Python implementation.",
        "sender_x25519_secret_hex": sender_x_secret.hex(),
        "sender_ed25519_seed_hex": sender_ed_seed.hex(),
        "sender_public_text": transfer_public_text(raw_public(sender_x), sender_ed_pub),
        "sender_fingerprint": transfer_fingerprint(raw_public(sender_x), sender_ed_pub),
        "recipient_x25519_secret_hex": recipient_x_secret.hex(),
        "recipient_ed25519_seed_hex": recipient_ed_seed.hex(),
        "recipient_public_text": transfer_public_text(recipient_x_pub, raw_public(recipient_ed)),
        "recipient_fingerprint": transfer_fingerprint(recipient_x_pub, raw_public(recipient_ed)),
        "ephemeral_secret_hex": ephemeral_secret.hex(),
        "nonce_hex": nonce.hex(),
        "payload_hex": payload.hex(),
        "shared_secret_hex": shared.hex(),
        "payload_key_hex": key.hex(),
        "header_hex": header.hex(),
        "package_hex": package.hex(),
        "package_sha256_hex": hashlib.sha256(package).hexdigest(),
    }


def write(name, data):
    (HERE / name).write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write("envelope-v1.json", envelope_vectors())
    write("audit-chain-v1.json", audit_vectors())
    write("transfer-v1.json", transfer_vectors())
