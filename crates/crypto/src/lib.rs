//! Verbind's cryptography, kept in one small crate so it can be audited on its own.
//!
//! - [`envelope`]: field encryption with per-record data keys (XChaCha20-Poly1305),
//!   data keys wrapped by a versioned master key kept in a file outside the database.
//!   Deleting a data key makes everything sealed with it unreadable (crypto-shredding).
//! - [`password`]: argon2id password hashing (m = 19456 KiB, t = 2, p = 1).
//! - [`totp`]: RFC 6238 one-time codes that cannot be replayed, recovery codes,
//!   enrolment URI and QR code.
//! - [`token`]: random tokens for session ids and one-time links, stored hashed.
//! - [`audit`]: the tamper-evident hash chain of the audit trail and its
//!   Ed25519-signed checkpoints.
//! - [`package`]: case transfer packages between LIVC-Rs, sealed to the
//!   recipient (X25519, HKDF-SHA256, XChaCha20-Poly1305) and signed (Ed25519).
//!
//! The byte formats are specified in this crate's `README.md` so they can be
//! reimplemented independently; `tests/vectors/` holds published test vectors.
//!
//! Rules kept throughout: no secret appears in any `Debug` or `Display` output,
//! secret bytes are zeroized when dropped, and nothing here panics on bad input.

pub mod audit;
pub mod envelope;
mod keyfile;
pub mod package;
pub mod password;
pub mod token;
pub mod totp;

use std::path::PathBuf;

/// Every error this crate returns. Messages name files and line numbers but never
/// contain key material, plaintext or passwords.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// A key file could not be read or written.
    #[error("cannot access {}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A key file can be read or written by group or others.
    #[error(
        "{} has mode {mode:04o}, which lets group or others access it; \
         refusing to use it: run `chmod 600 {}`",
        path.display(),
        path.display()
    )]
    InsecurePermissions {
        /// The file concerned.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// A key file is not a regular file.
    #[error("{} is not a regular file", path.display())]
    NotARegularFile {
        /// The path concerned.
        path: PathBuf,
    },
    /// A key file does not follow its format. `line` is 1-based, 0 for the whole file.
    #[error("{} line {line}: {reason}", path.display())]
    KeyFileFormat {
        /// The file concerned.
        path: PathBuf,
        /// 1-based line number, 0 when the problem concerns the whole file.
        line: usize,
        /// What is wrong (never the line's content, which may be secret).
        reason: &'static str,
    },
    /// The key file changed under us: a version it holds has other key bytes than
    /// the keyring in memory.
    #[error(
        "{} holds a different key for master key version {version} than the one \
         loaded in memory; reload the keyring and retry",
        path.display()
    )]
    KeyringMismatch {
        /// The file concerned.
        path: PathBuf,
        /// The conflicting version.
        version: u32,
    },
    /// A wrapped data key names a master key version the keyring does not hold.
    #[error("master key version {version} is not in the keyring (retired too early?)")]
    UnknownMasterKeyVersion {
        /// The version asked for.
        version: u32,
    },
    /// `retire_older_than` was asked to remove the current key or a version that does not exist.
    #[error(
        "cannot retire master keys older than version {version}: the keyring's \
         current version is {current} and version {version} must exist"
    )]
    InvalidRetire {
        /// The version given.
        version: u32,
        /// The keyring's current version.
        current: u32,
    },
    /// A ciphertext or wrapped key is not in a format this crate knows.
    #[error("malformed ciphertext: {0}")]
    Malformed(&'static str),
    /// Authenticated decryption failed.
    #[error(
        "decryption failed: wrong key, wrong context (tenant, table, column, row or key id) \
         or tampered data"
    )]
    Decrypt,
    /// The plaintext is too large for one XChaCha20-Poly1305 message (256 GiB).
    #[error("plaintext too large to encrypt in one piece")]
    PlaintextTooLarge,
    /// Decrypted text is not valid UTF-8.
    #[error("decrypted text is not valid UTF-8")]
    InvalidUtf8,
    /// Password hashing failed or a PHC string could not be parsed.
    #[error("password hash: {0}")]
    PasswordHash(String),
    /// A TOTP secret has an unsupported length.
    #[error("TOTP secret must be 16 to 64 bytes long, got {len}")]
    InvalidTotpSecret {
        /// The length given.
        len: usize,
    },
    /// The QR code could not be made (data too long).
    #[error("cannot make QR code: {0}")]
    QrCode(String),
    /// A checkpoint line could not be parsed.
    #[error("invalid checkpoint: {0}")]
    InvalidCheckpoint(&'static str),
    /// A public key could not be parsed.
    #[error("invalid audit public key: {0}")]
    InvalidPublicKey(&'static str),
    /// A transfer public key could not be parsed.
    #[error("invalid transfer public key: {0}")]
    InvalidTransferKey(&'static str),
}

/// Appends `bytes` with a 4-byte big-endian length prefix.
///
/// Length-prefixing every variable-length part makes the encodings used for AAD
/// and for the audit hash unambiguous: no two different inputs encode alike.
/// Parts longer than `u32::MAX` bytes are not supported (the store limits fields
/// far below that); their prefix saturates.
pub(crate) fn put_lp(out: &mut impl Sink, bytes: &[u8]) {
    let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
    out.put(&len.to_be_bytes());
    out.put(bytes);
}

/// Something the canonical encodings can be written into: a byte vector (AAD) or a
/// running hash (audit chain, so hashing allocates nothing).
pub(crate) trait Sink {
    fn put(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl Sink for sha2::Sha256 {
    fn put(&mut self, bytes: &[u8]) {
        sha2::Digest::update(self, bytes);
    }
}
