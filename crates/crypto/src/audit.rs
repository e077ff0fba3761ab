//! The audit trail's tamper evidence: a SHA-256 hash chain over the entries and
//! Ed25519-signed checkpoints of its head.
//!
//! Each entry's hash covers the previous entry's hash and all its own fields
//! ([`chain_hash`]), so editing, deleting, inserting or reordering entries breaks the
//! chain from that entry on. Truncating the end, or rewriting the whole chain, is
//! not visible in the chain itself: for that, checkpoints (`seq`, `hash`, time)
//! are signed with a key kept outside the database and exported; [`ChainVerifier`]
//! checks that the chain still reaches each checkpoint with exactly its hash.
//!
//! The encodings are in the crate's `README.md`; `tests/vectors/audit-chain-v1.json`
//! has test vectors.

use std::fmt;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::pkcs8::DecodePublicKey;
use ed25519_dalek::{Signature, Signer, SigningKey};
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::{CryptoError, Sink, keyfile, put_lp};

/// Re-exported so callers need no direct dependency on `ed25519-dalek`.
pub use ed25519_dalek::VerifyingKey;

/// The `prev_hash` of the first entry.
pub const GENESIS: [u8; 32] = [0; 32];

const CHAIN_DOMAIN: &[u8] = b"verbind-audit-v1";
const CHECKPOINT_DOMAIN: &[u8] = b"verbind-checkpoint-v1";
const SIGNING_KEY_TAG: &str = "verbind-audit-signing-key";
const PUBLIC_KEY_TAG: &str = "verbind-audit-public-key";
const CHECKPOINT_TAG: &str = "verbind-checkpoint";
/// Length of [`Checkpoint::signed_message`].
pub const SIGNED_MESSAGE_LEN: usize = 4 + CHECKPOINT_DOMAIN.len() + 8 + 32 + 8;

/// The fields of one audit entry covered by its hash, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditFields<'a> {
    /// Position in the chain, from 1, without gaps.
    pub seq: i64,
    /// Time of the event, milliseconds since the Unix epoch (UTC).
    pub at_ms: i64,
    /// Tenant (LIVC) concerned, if any.
    pub tenant_id: Option<&'a str>,
    /// Acting user, if any (none for failed logins of unknown users, system jobs).
    pub actor_user_id: Option<&'a str>,
    /// Organisation the actor acted for.
    pub actor_org_id: Option<&'a str>,
    /// What happened, e.g. `case.read`.
    pub action: &'a str,
    /// Kind of object acted on.
    pub object_type: Option<&'a str>,
    /// Id of the object acted on.
    pub object_id: Option<&'a str>,
    /// `ok`, `denied`, `failed`, ...
    pub outcome: &'a str,
    /// The reason given (sealed bytes when it may hold personal data).
    pub reason: Option<&'a [u8]>,
    /// Further detail.
    pub detail: Option<&'a str>,
}

fn put_opt(h: &mut impl Sink, value: Option<&[u8]>) {
    match value {
        None => h.put(&[0]),
        Some(bytes) => {
            h.put(&[1]);
            put_lp(h, bytes);
        }
    }
}

/// The hash of an entry: SHA-256 over, in order,
/// `lp("verbind-audit-v1") || prev (32) || seq (i64 BE) || at_ms (i64 BE) ||
/// opt(tenant_id) || opt(actor_user_id) || opt(actor_org_id) || lp(action) ||
/// opt(object_type) || opt(object_id) || lp(outcome) || opt(reason) || opt(detail)`,
/// where `lp(x)` is `len(x)` as u32 BE then `x`, and `opt(x)` is `0x00` when absent
/// or `0x01 || lp(x)` when present.
///
/// No allocation per entry: an encoding of up to 512 bytes (a typical
/// entry's is about 300) is written to a buffer on the stack and hashed in one
/// call, a longer one is streamed into the hasher. The many small writes of the
/// encoding cost more than hashing it when each goes to the hasher.
pub fn chain_hash(prev: &[u8; 32], f: &AuditFields<'_>) -> [u8; 32] {
    let len = encoded_len(f);
    let mut buf = [0u8; GATHER];
    if let Some(buf) = buf.get_mut(..len) {
        let mut out = Gathered { buf, len: 0 };
        encode(&mut out, prev, f);
        return Sha256::digest(out.buf).into();
    }
    let mut h = Sha256::new();
    encode(&mut h, prev, f);
    h.finalize().into()
}

/// Longest encoding [`chain_hash`] gathers before hashing.
const GATHER: usize = 512;

/// Writes the encoding [`chain_hash`] hashes.
fn encode(out: &mut impl Sink, prev: &[u8; 32], f: &AuditFields<'_>) {
    put_lp(out, CHAIN_DOMAIN);
    out.put(prev);
    out.put(&f.seq.to_be_bytes());
    out.put(&f.at_ms.to_be_bytes());
    put_opt(out, f.tenant_id.map(str::as_bytes));
    put_opt(out, f.actor_user_id.map(str::as_bytes));
    put_opt(out, f.actor_org_id.map(str::as_bytes));
    put_lp(out, f.action.as_bytes());
    put_opt(out, f.object_type.map(str::as_bytes));
    put_opt(out, f.object_id.map(str::as_bytes));
    put_lp(out, f.outcome.as_bytes());
    put_opt(out, f.reason);
    put_opt(out, f.detail.map(str::as_bytes));
}

/// The length of what [`encode`] writes.
fn encoded_len(f: &AuditFields<'_>) -> usize {
    let lp = |v: &[u8]| 4 + v.len();
    let opt = |v: Option<&[u8]>| v.map_or(1, |v| 1 + lp(v));
    lp(CHAIN_DOMAIN)
        + 32
        + 8
        + 8
        + opt(f.tenant_id.map(str::as_bytes))
        + opt(f.actor_user_id.map(str::as_bytes))
        + opt(f.actor_org_id.map(str::as_bytes))
        + lp(f.action.as_bytes())
        + opt(f.object_type.map(str::as_bytes))
        + opt(f.object_id.map(str::as_bytes))
        + lp(f.outcome.as_bytes())
        + opt(f.reason)
        + opt(f.detail.map(str::as_bytes))
}

/// The encoding written into a buffer of exactly its length ([`encoded_len`]).
struct Gathered<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl Sink for Gathered<'_> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(bytes);
        }
        self.len = end;
    }
}

/// An audit entry as stored, with its chain hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEntry {
    /// See [`AuditFields::seq`].
    pub seq: i64,
    /// See [`AuditFields::at_ms`].
    pub at_ms: i64,
    /// See [`AuditFields::tenant_id`].
    pub tenant_id: Option<String>,
    /// See [`AuditFields::actor_user_id`].
    pub actor_user_id: Option<String>,
    /// See [`AuditFields::actor_org_id`].
    pub actor_org_id: Option<String>,
    /// See [`AuditFields::action`].
    pub action: String,
    /// See [`AuditFields::object_type`].
    pub object_type: Option<String>,
    /// See [`AuditFields::object_id`].
    pub object_id: Option<String>,
    /// See [`AuditFields::outcome`].
    pub outcome: String,
    /// See [`AuditFields::reason`].
    pub reason: Option<Vec<u8>>,
    /// See [`AuditFields::detail`].
    pub detail: Option<String>,
    /// The previous entry's `hash` ([`GENESIS`] for the first); 32 bytes.
    pub prev_hash: Vec<u8>,
    /// [`chain_hash`] of `prev_hash` and the fields; 32 bytes.
    pub hash: Vec<u8>,
}

impl StoredEntry {
    /// The hashed fields, borrowed.
    pub fn fields(&self) -> AuditFields<'_> {
        AuditFields {
            seq: self.seq,
            at_ms: self.at_ms,
            tenant_id: self.tenant_id.as_deref(),
            actor_user_id: self.actor_user_id.as_deref(),
            actor_org_id: self.actor_org_id.as_deref(),
            action: &self.action,
            object_type: self.object_type.as_deref(),
            object_id: self.object_id.as_deref(),
            outcome: &self.outcome,
            reason: self.reason.as_deref(),
            detail: self.detail.as_deref(),
        }
    }
}

/// What is wrong at the entry a [`ChainError`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChainErrorKind {
    /// The entry's seq is not the one expected next: an entry was deleted, inserted
    /// or moved before it.
    #[error("found where entry {expected} was expected (entry deleted, inserted or reordered?)")]
    GapOrReorder {
        /// The seq that should have come next.
        expected: i64,
    },
    /// The entry's `prev_hash` is not the previous entry's hash.
    #[error("does not link to the previous entry (previous entry deleted or replaced?)")]
    PrevHashMismatch,
    /// The entry's hash does not match its fields.
    #[error("hash does not match its contents (edited?)")]
    HashMismatch,
    /// The chain ends before the checkpoint's entry.
    #[error(
        "missing: the chain ends at entry {last_seq} but the signed checkpoint \
         covers up to entry {checkpoint_seq} (truncated?)"
    )]
    Truncated {
        /// The checkpoint's seq.
        checkpoint_seq: i64,
        /// The last seq in the chain (0 when empty).
        last_seq: i64,
    },
    /// The chain's hash at the checkpoint's entry differs from the checkpoint's.
    #[error("hash differs from the signed checkpoint's (chain rewritten?)")]
    CheckpointMismatch,
    /// The checkpoint's signature does not verify under the given public key.
    #[error("checkpoint signature is not valid (forged checkpoint or wrong public key?)")]
    BadSignature,
    /// The chain grew past the checkpoint, but the verifier was not told to record
    /// the hash at the checkpoint's entry (a programming error).
    #[error(
        "checkpoint not checked: create the verifier with ChainVerifier::with_checkpoint \
         to check a checkpoint the chain has grown past"
    )]
    CheckpointNotTracked,
}

/// The first problem found in a chain, naming the entry where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("audit entry {seq}: {kind}")]
pub struct ChainError {
    /// The seq of the first bad entry (for a checkpoint problem: the checkpoint's
    /// entry, or the first missing one for a truncation).
    pub seq: i64,
    /// What is wrong.
    pub kind: ChainErrorKind,
}

/// The result of a successful verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainSummary {
    /// Number of entries verified.
    pub entries: u64,
    /// Seq of the last entry (0 for an empty chain).
    pub head_seq: i64,
    /// Hash of the last entry ([`GENESIS`] for an empty chain).
    pub head_hash: [u8; 32],
}

/// Verifies a chain entry by entry, in seq order, in constant memory.
///
/// ```
/// # use verbind_crypto::audit::*;
/// # fn run(entries: &[StoredEntry], cp: &Checkpoint, key: &ed25519_dalek::VerifyingKey)
/// # -> Result<ChainSummary, ChainError> {
/// let mut verifier = ChainVerifier::with_checkpoint(cp);
/// for entry in entries {
///     verifier.push(entry)?;
/// }
/// verifier.finish(Some(cp), Some(key))
/// # }
/// ```
///
/// After the first error the verifier keeps returning that error, so it cannot be
/// ignored by accident.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    next_seq: i64,
    head_hash: [u8; 32],
    entries: u64,
    /// A seq whose hash to remember, and the hash once seen.
    tracked: Option<(i64, Option<[u8; 32]>)>,
    failed: Option<ChainError>,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self::new()
    }
}

impl ChainVerifier {
    /// A verifier expecting entry 1 next.
    pub fn new() -> Self {
        Self {
            next_seq: 1,
            head_hash: GENESIS,
            entries: 0,
            tracked: None,
            failed: None,
        }
    }

    /// A verifier that also remembers the hash at `checkpoint.seq`, so that
    /// [`ChainVerifier::finish`] can check a checkpoint the chain has grown past.
    pub fn with_checkpoint(checkpoint: &Checkpoint) -> Self {
        Self {
            tracked: Some((checkpoint.seq, None)),
            ..Self::new()
        }
    }

    /// Checks the next entry: its seq follows the previous one (the first is 1), its
    /// `prev_hash` is the previous entry's hash, and its hash matches its fields.
    pub fn push(&mut self, entry: &StoredEntry) -> Result<(), ChainError> {
        self.push_fields(&entry.fields(), &entry.prev_hash, &entry.hash)
    }

    /// [`ChainVerifier::push`] for an entry whose fields and hashes are borrowed
    /// (for instance from buffers reused row after row), so that verifying needs
    /// no owned [`StoredEntry`]. The same checks, in the same order.
    pub fn push_fields(
        &mut self,
        fields: &AuditFields<'_>,
        prev_hash: &[u8],
        hash: &[u8],
    ) -> Result<(), ChainError> {
        if let Some(err) = self.failed {
            return Err(err);
        }
        let seq = fields.seq;
        let fail = |kind| ChainError { seq, kind };
        let result = if seq != self.next_seq {
            Err(fail(ChainErrorKind::GapOrReorder {
                expected: self.next_seq,
            }))
        } else if prev_hash != self.head_hash.as_slice() {
            Err(fail(ChainErrorKind::PrevHashMismatch))
        } else {
            let computed = chain_hash(&self.head_hash, fields);
            if hash == computed.as_slice() {
                Ok(computed)
            } else {
                Err(fail(ChainErrorKind::HashMismatch))
            }
        };
        match result {
            Ok(computed) => {
                self.head_hash = computed;
                self.entries += 1;
                // Cannot overflow in practice (2^63 entries); saturating keeps it panic-free.
                self.next_seq = seq.saturating_add(1);
                match &mut self.tracked {
                    Some((tracked, seen @ None)) if *tracked == seq => *seen = Some(computed),
                    _ => {}
                }
                Ok(())
            }
            Err(err) => {
                self.failed = Some(err);
                Err(err)
            }
        }
    }

    /// Ends verification. With a `checkpoint`, also checks that the chain reached
    /// its seq with exactly its hash (so truncation and rewriting are found) and,
    /// with a `key`, that it is validly signed. Without a key the checkpoint is not
    /// authenticated: whoever could rewrite the chain could rewrite it too.
    pub fn finish(
        self,
        checkpoint: Option<&Checkpoint>,
        key: Option<&VerifyingKey>,
    ) -> Result<ChainSummary, ChainError> {
        if let Some(err) = self.failed {
            return Err(err);
        }
        let head_seq = self.next_seq - 1;
        if let Some(cp) = checkpoint {
            let fail = |seq, kind| Err(ChainError { seq, kind });
            if key.is_some_and(|key| !cp.verify(key)) {
                return fail(cp.seq, ChainErrorKind::BadSignature);
            }
            let hash_at_checkpoint = if head_seq < cp.seq {
                return fail(
                    head_seq.saturating_add(1),
                    ChainErrorKind::Truncated {
                        checkpoint_seq: cp.seq,
                        last_seq: head_seq,
                    },
                );
            } else if head_seq == cp.seq {
                self.head_hash
            } else {
                match self.tracked {
                    Some((seq, Some(hash))) if seq == cp.seq => hash,
                    _ => return fail(cp.seq, ChainErrorKind::CheckpointNotTracked),
                }
            };
            if hash_at_checkpoint != cp.hash {
                return fail(cp.seq, ChainErrorKind::CheckpointMismatch);
            }
        }
        Ok(ChainSummary {
            entries: self.entries,
            head_seq,
            head_hash: self.head_hash,
        })
    }
}

impl ChainVerifier {
    /// Continues with the entries a [`ChainSegment`] checked, as if they had been
    /// pushed here: the segment's first entry must follow this verifier's last
    /// (its seq and `prev_hash` are checked now), then the segment's own result
    /// counts. So a chain checked in parts, joined in order, gives exactly the
    /// result of checking it in one pass: the same first error, the same summary.
    /// An empty segment changes nothing.
    pub fn join(&mut self, segment: ChainSegment) -> Result<(), ChainError> {
        if let Some(err) = self.failed {
            return Err(err);
        }
        let Some((seq, prev)) = segment.start else {
            return Ok(());
        };
        let fail = |kind| ChainError { seq, kind };
        let result = if seq != self.next_seq {
            Err(fail(ChainErrorKind::GapOrReorder {
                expected: self.next_seq,
            }))
        } else if prev != Some(self.head_hash) {
            Err(fail(ChainErrorKind::PrevHashMismatch))
        } else if let Some(err) = segment.inner.failed {
            Err(err)
        } else {
            Ok(())
        };
        match result {
            Ok(()) => {
                let later = segment.inner;
                self.next_seq = later.next_seq;
                self.head_hash = later.head_hash;
                self.entries += later.entries;
                if let (Some((seq, seen @ None)), Some((later_seq, Some(hash)))) =
                    (&mut self.tracked, later.tracked)
                    && *seq == later_seq
                {
                    *seen = Some(hash);
                }
                Ok(())
            }
            Err(err) => {
                self.failed = Some(err);
                Err(err)
            }
        }
    }
}

/// A later part of a chain, checked on its own so that the parts of a long chain
/// can be checked at the same time (on several threads), then attached in order
/// to the verifier of everything before it with [`ChainVerifier::join`].
///
/// It takes its first entry's seq and `prev_hash` as given and checks every
/// entry from there as [`ChainVerifier::push`] does; `join` then checks the
/// first entry against the end of the part before. A segment is never finished
/// on its own.
#[derive(Debug, Clone)]
pub struct ChainSegment {
    /// The first entry's seq and `prev_hash` (`None` when it is not 32 bytes),
    /// once seen.
    start: Option<(i64, Option<[u8; 32]>)>,
    inner: ChainVerifier,
}

impl Default for ChainSegment {
    fn default() -> Self {
        Self::new()
    }
}

impl ChainSegment {
    /// A segment starting wherever its first entry says.
    pub fn new() -> Self {
        Self {
            start: None,
            inner: ChainVerifier::new(),
        }
    }

    /// A segment that also remembers the hash at `checkpoint.seq`, should the
    /// checkpoint's entry be in it (see [`ChainVerifier::with_checkpoint`]).
    pub fn with_checkpoint(checkpoint: &Checkpoint) -> Self {
        Self {
            start: None,
            inner: ChainVerifier::with_checkpoint(checkpoint),
        }
    }

    /// As [`ChainVerifier::push`]; the first entry's seq and `prev_hash` are
    /// taken as given.
    pub fn push(&mut self, entry: &StoredEntry) -> Result<(), ChainError> {
        self.push_fields(&entry.fields(), &entry.prev_hash, &entry.hash)
    }

    /// As [`ChainVerifier::push_fields`]; the first entry's seq and `prev_hash`
    /// are taken as given.
    pub fn push_fields(
        &mut self,
        fields: &AuditFields<'_>,
        prev_hash: &[u8],
        hash: &[u8],
    ) -> Result<(), ChainError> {
        if self.start.is_none() {
            let prev = <[u8; 32]>::try_from(prev_hash).ok();
            self.start = Some((fields.seq, prev));
            self.inner.next_seq = fields.seq;
            // A `prev_hash` that is not 32 bytes long fails the check below, as
            // it fails `join`'s.
            self.inner.head_hash = prev.unwrap_or(GENESIS);
        }
        self.inner.push_fields(fields, prev_hash, hash)
    }
}

/// A signed statement "the chain's entry `seq` has hash `hash`", made at `at_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpoint {
    /// The entry covered.
    pub seq: i64,
    /// Its hash.
    pub hash: [u8; 32],
    /// When the checkpoint was made, milliseconds since the Unix epoch.
    pub at_ms: i64,
    /// Ed25519 signature over [`Checkpoint::signed_message`].
    pub signature: [u8; 64],
}

impl Checkpoint {
    /// The 73 bytes signed:
    /// `lp("verbind-checkpoint-v1") || seq (i64 BE) || hash (32) || at_ms (i64 BE)`.
    pub fn signed_message(seq: i64, hash: &[u8; 32], at_ms: i64) -> [u8; SIGNED_MESSAGE_LEN] {
        let mut msg = [0u8; SIGNED_MESSAGE_LEN];
        let (len, rest) = msg.split_at_mut(4);
        let (domain, rest) = rest.split_at_mut(CHECKPOINT_DOMAIN.len());
        let (seq_be, rest) = rest.split_at_mut(8);
        let (hash_out, at_be) = rest.split_at_mut(32);
        len.copy_from_slice(&(CHECKPOINT_DOMAIN.len() as u32).to_be_bytes());
        domain.copy_from_slice(CHECKPOINT_DOMAIN);
        seq_be.copy_from_slice(&seq.to_be_bytes());
        hash_out.copy_from_slice(hash);
        at_be.copy_from_slice(&at_ms.to_be_bytes());
        msg
    }

    /// Whether the signature is valid under `key` (strict Ed25519 verification).
    pub fn verify(&self, key: &VerifyingKey) -> bool {
        let msg = Self::signed_message(self.seq, &self.hash, self.at_ms);
        key.verify_strict(&msg, &Signature::from_bytes(&self.signature))
            .is_ok()
    }

    /// One line: `verbind-checkpoint v1 seq=<n> hash=<64 hex> at=<ms> sig=<base64>`.
    pub fn to_text(&self) -> String {
        format!(
            "{CHECKPOINT_TAG} v1 seq={} hash={} at={} sig={}",
            self.seq,
            hex::encode(self.hash),
            self.at_ms,
            B64.encode(self.signature)
        )
    }

    /// Parses the form written by [`Checkpoint::to_text`] (surrounding whitespace
    /// ignored). Does not verify the signature.
    pub fn parse(text: &str) -> Result<Self, CryptoError> {
        const FORMAT: &str =
            "expected `verbind-checkpoint v1 seq=<n> hash=<hex> at=<ms> sig=<base64>`";
        let mut parts = text.split_whitespace();
        let (Some(CHECKPOINT_TAG), Some("v1"), Some(seq), Some(hash), Some(at), Some(sig), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(CryptoError::InvalidCheckpoint(FORMAT));
        };
        let seq = seq
            .strip_prefix("seq=")
            .and_then(|s| s.parse::<i64>().ok())
            .ok_or(CryptoError::InvalidCheckpoint("bad seq="))?;
        let mut hash_bytes = [0u8; 32];
        hash.strip_prefix("hash=")
            .and_then(|h| hex::decode_to_slice(h, &mut hash_bytes).ok())
            .ok_or(CryptoError::InvalidCheckpoint(
                "bad hash= (64 hex digits expected)",
            ))?;
        let at_ms = at
            .strip_prefix("at=")
            .and_then(|s| s.parse::<i64>().ok())
            .ok_or(CryptoError::InvalidCheckpoint("bad at="))?;
        let signature: [u8; 64] = sig
            .strip_prefix("sig=")
            .and_then(|s| B64.decode(s).ok())
            .and_then(|bytes| <[u8; 64]>::try_from(bytes.as_slice()).ok())
            .ok_or(CryptoError::InvalidCheckpoint(
                "bad sig= (base64 of 64 bytes expected)",
            ))?;
        Ok(Self {
            seq,
            hash: hash_bytes,
            at_ms,
            signature,
        })
    }
}

impl fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

/// The Ed25519 key that signs checkpoints. Kept in a file outside the database.
///
/// File format (text, mode 0600): one line `verbind-audit-signing-key <standard
/// base64 of the 32-byte secret key>`; blank lines and `#` comments allowed.
pub struct AuditSigner {
    key: SigningKey,
}

impl fmt::Debug for AuditSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditSigner")
            .field(
                "public_key",
                &B64.encode(self.key.verifying_key().as_bytes()),
            )
            .finish_non_exhaustive()
    }
}

impl AuditSigner {
    /// Loads the signing key at `path`, creating a fresh one if it does not exist.
    /// A file that group or others may access is refused.
    pub fn load_or_create(path: &Path) -> Result<Self, CryptoError> {
        if let Some(signer) = Self::try_load(path)? {
            return Ok(signer);
        }
        let signer = Self {
            key: SigningKey::generate(&mut OsRng),
        };
        if keyfile::create_new(path, signer.to_file_text().as_bytes())? {
            Ok(signer)
        } else {
            // Another process created it first: use theirs.
            Self::load(path)
        }
    }

    /// Loads the signing key at `path`, which must exist.
    pub fn load(path: &Path) -> Result<Self, CryptoError> {
        Self::try_load(path)?.ok_or_else(|| CryptoError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "audit signing key not found",
            ),
        })
    }

    /// A signer from known bytes. **Test and demo use only.**
    pub fn from_bytes_for_tests(secret: [u8; 32]) -> Self {
        Self {
            key: SigningKey::from_bytes(&secret),
        }
    }

    /// The public key that verifies this signer's checkpoints.
    pub fn verifying_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// The public key as one line, `verbind-audit-public-key <base64>`, for export
    /// next to checkpoints; read back with [`parse_verifying_key`].
    pub fn public_key_text(&self) -> String {
        format!(
            "{PUBLIC_KEY_TAG} {}",
            B64.encode(self.key.verifying_key().as_bytes())
        )
    }

    /// Signs a checkpoint for entry `seq` with hash `hash`, made at `at_ms`.
    pub fn sign(&self, seq: i64, hash: &[u8; 32], at_ms: i64) -> Checkpoint {
        let msg = Checkpoint::signed_message(seq, hash, at_ms);
        Checkpoint {
            seq,
            hash: *hash,
            at_ms,
            signature: self.key.sign(&msg).to_bytes(),
        }
    }

    fn try_load(path: &Path) -> Result<Option<Self>, CryptoError> {
        let Some(text) = keyfile::read_secret(path)? else {
            return Ok(None);
        };
        let bad = |line: usize, reason: &'static str| CryptoError::KeyFileFormat {
            path: path.to_path_buf(),
            line,
            reason,
        };
        let mut found: Option<SigningKey> = None;
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let (Some(SIGNING_KEY_TAG), Some(encoded), None) =
                (parts.next(), parts.next(), parts.next())
            else {
                return Err(bad(
                    line_no,
                    "expected `verbind-audit-signing-key <base64 key>`",
                ));
            };
            if found.is_some() {
                return Err(bad(line_no, "more than one signing key"));
            }
            let decoded = Zeroizing::new(
                B64.decode(encoded)
                    .map_err(|_| bad(line_no, "key is not valid base64"))?,
            );
            if decoded.len() != 32 {
                return Err(bad(line_no, "key must be 32 bytes"));
            }
            let mut secret = Zeroizing::new([0u8; 32]);
            secret.copy_from_slice(&decoded);
            found = Some(SigningKey::from_bytes(&secret));
        }
        found
            .map(|key| Some(Self { key }))
            .ok_or_else(|| bad(0, "no signing key in file"))
    }

    fn to_file_text(&self) -> Zeroizing<String> {
        let encoded = Zeroizing::new(B64.encode(self.key.as_bytes()));
        Zeroizing::new(format!(
            "# Verbind audit checkpoint signing key (Ed25519). Keep this file secret\n\
             # (mode 0600). Public key: {}\n\
             {SIGNING_KEY_TAG} {}\n",
            B64.encode(self.key.verifying_key().as_bytes()),
            encoded.as_str()
        ))
    }
}

/// Parses a public key: the `verbind-audit-public-key <base64>` line of
/// [`AuditSigner::public_key_text`], bare base64 of the 32 key bytes, or a PEM
/// `PUBLIC KEY` (SubjectPublicKeyInfo, as `openssl pkey -pubout` writes).
/// Blank lines and `#` comment lines are skipped.
pub fn parse_verifying_key(text: &str) -> Result<VerifyingKey, CryptoError> {
    let text = text.trim();
    if text.starts_with("-----BEGIN PUBLIC KEY-----") {
        return VerifyingKey::from_public_key_pem(text)
            .map_err(|_| CryptoError::InvalidPublicKey("not an Ed25519 PEM public key"));
    }
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let (Some(line), None) = (lines.next(), lines.next()) else {
        return Err(CryptoError::InvalidPublicKey(
            "expected exactly one key line",
        ));
    };
    let encoded = match line.split_whitespace().collect::<Vec<_>>().as_slice() {
        [PUBLIC_KEY_TAG, encoded] | [encoded] => *encoded,
        _ => {
            return Err(CryptoError::InvalidPublicKey(
                "expected `verbind-audit-public-key <base64>`",
            ));
        }
    };
    let bytes: [u8; 32] = B64
        .decode(encoded)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
        .ok_or(CryptoError::InvalidPublicKey("expected base64 of 32 bytes"))?;
    VerifyingKey::from_bytes(&bytes)
        .map_err(|_| CryptoError::InvalidPublicKey("not a valid Ed25519 point"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn chain(n: i64) -> Vec<StoredEntry> {
        let mut prev = GENESIS;
        (1..=n)
            .map(|seq| {
                let mut e = StoredEntry {
                    seq,
                    at_ms: 1_764_320_400_000 + seq,
                    tenant_id: (seq % 3 != 0).then(|| format!("t{}", seq % 2)),
                    actor_user_id: Some(format!("u{seq}")),
                    actor_org_id: None,
                    action: "case.read".into(),
                    object_type: Some("case".into()),
                    object_id: Some(format!("c{seq}")),
                    outcome: "ok".into(),
                    // Long enough now and then to take several writes to the hasher.
                    reason: (seq % 4 == 0).then(|| vec![0xa5; 700 + seq as usize]),
                    detail: Some("x".repeat(seq as usize * 37)),
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

    /// The encoding written out in full, hashed in one call.
    fn reference_hash(prev: &[u8; 32], f: &AuditFields<'_>) -> [u8; 32] {
        let mut m = Vec::new();
        put_lp(&mut m, CHAIN_DOMAIN);
        m.put(prev);
        m.put(&f.seq.to_be_bytes());
        m.put(&f.at_ms.to_be_bytes());
        put_opt(&mut m, f.tenant_id.map(str::as_bytes));
        put_opt(&mut m, f.actor_user_id.map(str::as_bytes));
        put_opt(&mut m, f.actor_org_id.map(str::as_bytes));
        put_lp(&mut m, f.action.as_bytes());
        put_opt(&mut m, f.object_type.map(str::as_bytes));
        put_opt(&mut m, f.object_id.map(str::as_bytes));
        put_lp(&mut m, f.outcome.as_bytes());
        put_opt(&mut m, f.reason);
        put_opt(&mut m, f.detail.map(str::as_bytes));
        Sha256::digest(&m).into()
    }

    #[test]
    fn gathered_hash_is_the_hash_of_the_whole_encoding() {
        // Entries from 100 bytes to several kilobytes: one write to the
        // hasher, several, and values longer than the buffer.
        for e in chain(40) {
            let prev: [u8; 32] = e.prev_hash.clone().try_into().unwrap();
            assert_eq!(
                chain_hash(&prev, &e.fields()),
                reference_hash(&prev, &e.fields()),
                "entry {}",
                e.seq
            );
        }
    }

    /// Ways to break a chain, each applied at every position.
    fn tampered(n: i64) -> Vec<(String, Vec<StoredEntry>)> {
        let good = chain(n);
        let mut out = vec![("intact".to_owned(), good.clone())];
        for i in 0..good.len() {
            let mut c = good.clone();
            c[i].outcome = "denied".into();
            out.push((format!("edited {i}"), c));
            let mut c = good.clone();
            c.remove(i);
            out.push((format!("deleted {i}"), c));
            let mut c = good.clone();
            c[i].prev_hash.push(0);
            out.push((format!("long prev_hash {i}"), c));
            let mut c = good.clone();
            c[i].hash.pop();
            out.push((format!("short hash {i}"), c));
            let mut c = good.clone();
            c[i].prev_hash[3] ^= 1;
            out.push((format!("prev_hash {i}"), c));
            if i + 1 < good.len() {
                let mut c = good.clone();
                c.swap(i, i + 1);
                out.push((format!("swapped {i}"), c));
            }
            let mut c = good.clone();
            c.truncate(i);
            out.push((format!("truncated at {i}"), c));
        }
        out
    }

    fn in_one_pass(
        entries: &[StoredEntry],
        cp: Option<&Checkpoint>,
    ) -> Result<ChainSummary, ChainError> {
        let mut v = cp.map_or_else(ChainVerifier::new, ChainVerifier::with_checkpoint);
        for e in entries {
            if v.push(e).is_err() {
                break;
            }
        }
        v.finish(cp, None)
    }

    fn in_parts(
        entries: &[StoredEntry],
        splits: &[usize],
        cp: Option<&Checkpoint>,
    ) -> Result<ChainSummary, ChainError> {
        let mut v = cp.map_or_else(ChainVerifier::new, ChainVerifier::with_checkpoint);
        let mut bounds = vec![0];
        bounds.extend_from_slice(splits);
        bounds.push(entries.len());
        let (first, rest) = bounds.split_at(2);
        for e in &entries[first[0]..first[1]] {
            if v.push(e).is_err() {
                break;
            }
        }
        let mut from = first[1];
        for &to in rest {
            let mut s = cp.map_or_else(ChainSegment::new, ChainSegment::with_checkpoint);
            for e in &entries[from..to] {
                if s.push(e).is_err() {
                    break;
                }
            }
            let _ = v.join(s);
            from = to;
        }
        v.finish(cp, None)
    }

    #[test]
    fn checking_in_segments_finds_what_one_pass_finds() {
        let good = chain(9);
        let signer = AuditSigner::from_bytes_for_tests([7; 32]);
        let checkpoints: Vec<Checkpoint> = [2, 5, 9]
            .iter()
            .map(|&i: &usize| {
                let e = &good[i - 1];
                signer.sign(e.seq, &e.hash.clone().try_into().unwrap(), 0)
            })
            .collect();
        let mut cps: Vec<Option<&Checkpoint>> = vec![None];
        cps.extend(checkpoints.iter().map(Some));
        let mut compared = 0;
        for (what, entries) in tampered(9) {
            let n = entries.len();
            for cp in &cps {
                let expected = in_one_pass(&entries, *cp);
                for a in 0..=n {
                    assert_eq!(in_parts(&entries, &[a], *cp), expected, "{what}, split {a}");
                    for b in a..=n {
                        assert_eq!(
                            in_parts(&entries, &[a, b], *cp),
                            expected,
                            "{what}, splits {a} {b}"
                        );
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 10_000, "{compared}");
    }
}
