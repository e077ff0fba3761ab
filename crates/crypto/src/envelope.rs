//! Envelope encryption of personal and free-text fields.
//!
//! Each record (a case, typically) has its own random [`DataKey`]. Fields are sealed
//! with it by [`seal`]; the data key itself is stored only wrapped (encrypted) by the
//! [`MasterKeyring`], whose keys live in a file outside the database. Deleting a
//! record's wrapped data key makes every field sealed with it unreadable
//! (crypto-shredding), even in old backups of the database alone.
//!
//! Both layers use XChaCha20-Poly1305: its 192-bit nonces can be drawn at random
//! without any risk of repetition, so no nonce counter has to be kept consistent.
//!
//! Every ciphertext is bound to where it belongs through the AEAD's associated data:
//! a sealed field to its tenant, table, column and row ([`Aad`]); a wrapped data key
//! to its key id, tenant and master key version. Moving a ciphertext elsewhere in
//! the database makes it fail to decrypt instead of showing up under another record.
//!
//! The exact byte layouts are in the crate's `README.md`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{Tag, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use rand::rngs::OsRng;
use uuid::Uuid;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::{CryptoError, keyfile, put_lp};

/// Length of every key here (data keys and master keys): 256 bits.
pub const KEY_LEN: usize = 32;
/// First byte of a sealed field; changes if the format ever does.
pub const FORMAT_V1: u8 = 0x01;
/// Length of the key id in a sealed field's header.
pub const KEY_ID_LEN: usize = 16;
/// Header of a sealed field: format byte and key id.
pub const HEADER_LEN: usize = 1 + KEY_ID_LEN;
/// XChaCha20 nonce length.
pub const NONCE_LEN: usize = 24;
/// Poly1305 tag length.
pub const TAG_LEN: usize = 16;
/// Bytes a sealed field adds to its plaintext.
pub const SEAL_OVERHEAD: usize = HEADER_LEN + NONCE_LEN + TAG_LEN;
/// Length of [`WrappedKey::bytes`]: nonce, encrypted key, tag.
pub const WRAPPED_LEN: usize = NONCE_LEN + KEY_LEN + TAG_LEN;

const FIELD_DOMAIN: &[u8] = b"verbind-field-v1";
const WRAP_DOMAIN: &[u8] = b"verbind-data-key-v1";
const KEY_LINE_TAG: &str = "verbind-master-key";

/// A per-record data key (256 bits). Zeroized on drop; never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct DataKey([u8; KEY_LEN]);

impl DataKey {
    /// A fresh random key from the operating system's CSPRNG.
    pub fn generate() -> Self {
        let mut key = [0u8; KEY_LEN];
        OsRng.fill_bytes(&mut key);
        let data_key = Self(key);
        key.zeroize();
        data_key
    }

    /// A key from known bytes: for test vectors. Real keys come from
    /// [`DataKey::generate`] or [`MasterKeyring::unwrap`].
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(bytes)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new((&self.0).into())
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(..)")
    }
}

/// A data key encrypted under one version of the master key. Not secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedKey {
    /// Which master key version wrapped it.
    pub master_version: u32,
    /// `nonce (24) || encrypted key (32) || tag (16)`.
    pub bytes: Vec<u8>,
}

/// Where a sealed field lives; bound to its ciphertext so it cannot be moved.
///
/// `row` is the record's stable id (e.g. its UUID as text), not a database rowid
/// that could change on `VACUUM` or migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Aad<'a> {
    /// Tenant (LIVC) id.
    pub tenant: &'a str,
    /// Table name.
    pub table: &'a str,
    /// Column name.
    pub column: &'a str,
    /// Stable id of the row.
    pub row: &'a str,
}

impl Aad<'_> {
    /// The canonical encoding: each of `"verbind-field-v1"`, tenant, table, column
    /// and row as a 4-byte big-endian length followed by the bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            4 * 5
                + FIELD_DOMAIN.len()
                + self.tenant.len()
                + self.table.len()
                + self.column.len()
                + self.row.len(),
        );
        self.write_to(&mut out);
        out
    }

    fn write_to(&self, out: &mut Vec<u8>) {
        put_lp(out, FIELD_DOMAIN);
        put_lp(out, self.tenant.as_bytes());
        put_lp(out, self.table.as_bytes());
        put_lp(out, self.column.as_bytes());
        put_lp(out, self.row.as_bytes());
    }
}

/// The AEAD associated data of a sealed field: its header, then the field's context.
/// Authenticating the header means the key id cannot be swapped either.
fn field_aead_aad(header: &[u8; HEADER_LEN], aad: &Aad<'_>) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER_LEN + 64);
    out.extend_from_slice(header);
    aad.write_to(&mut out);
    out
}

fn header(key_id: &Uuid) -> [u8; HEADER_LEN] {
    let mut h = [0u8; HEADER_LEN];
    h[0] = FORMAT_V1;
    h[1..].copy_from_slice(key_id.as_bytes());
    h
}

/// Encrypts `plaintext` with `key` for the place described by `aad`.
///
/// Output: `0x01 || key_id (16) || nonce (24) || ciphertext || tag (16)`, with a
/// fresh random nonce. `key_id` is the id under which the wrapped data key is stored,
/// so a reader can find the key from the blob alone ([`key_id_of`]).
///
/// Fails only if the plaintext exceeds XChaCha20-Poly1305's 256 GiB message limit.
pub fn seal(
    key: &DataKey,
    key_id: &Uuid,
    aad: &Aad<'_>,
    plaintext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let mut nonce = [0u8; NONCE_LEN];
    OsRng.fill_bytes(&mut nonce);
    seal_with_nonce(key, key_id, aad, &nonce, plaintext)
}

/// [`seal`] with a caller-chosen nonce, for test vectors only. Reusing a nonce with
/// the same key destroys confidentiality and integrity: never use it elsewhere.
#[doc(hidden)]
pub fn seal_with_nonce(
    key: &DataKey,
    key_id: &Uuid,
    aad: &Aad<'_>,
    nonce: &[u8; NONCE_LEN],
    plaintext: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let header = header(key_id);
    let aead_aad = field_aead_aad(&header, aad);
    let mut out = Vec::with_capacity(SEAL_OVERHEAD + plaintext.len());
    out.extend_from_slice(&header);
    out.extend_from_slice(nonce);
    out.extend_from_slice(plaintext);
    let body_start = HEADER_LEN + NONCE_LEN;
    let encrypted = key.cipher().encrypt_in_place_detached(
        XNonce::from_slice(nonce),
        &aead_aad,
        &mut out[body_start..],
    );
    match encrypted {
        Ok(tag) => {
            out.extend_from_slice(&tag);
            Ok(out)
        }
        Err(_) => {
            // `out` still holds the plaintext: wipe it before dropping.
            out.zeroize();
            Err(CryptoError::PlaintextTooLarge)
        }
    }
}

/// The parts of a sealed field.
struct Sealed<'a> {
    header: &'a [u8; HEADER_LEN],
    nonce: &'a [u8; NONCE_LEN],
    ciphertext: &'a [u8],
    tag: &'a [u8; TAG_LEN],
}

/// Splits a sealed field into its parts, checking the format.
fn split_sealed(blob: &[u8]) -> Result<Sealed<'_>, CryptoError> {
    if blob.len() < SEAL_OVERHEAD {
        return Err(CryptoError::Malformed("sealed field too short"));
    }
    let (header, rest) = blob
        .split_first_chunk::<HEADER_LEN>()
        .ok_or(CryptoError::Malformed("sealed field too short"))?;
    if header[0] != FORMAT_V1 {
        return Err(CryptoError::Malformed("unknown sealed field format"));
    }
    let (nonce, rest) = rest
        .split_first_chunk::<NONCE_LEN>()
        .ok_or(CryptoError::Malformed("sealed field too short"))?;
    let (ciphertext, tag) = rest
        .split_last_chunk::<TAG_LEN>()
        .ok_or(CryptoError::Malformed("sealed field too short"))?;
    Ok(Sealed {
        header,
        nonce,
        ciphertext,
        tag,
    })
}

/// Decrypts a blob made by [`seal`], checking that it was sealed with `key` for
/// exactly this `aad` and was not changed. The plaintext is zeroized when dropped.
pub fn open(key: &DataKey, aad: &Aad<'_>, blob: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    let sealed = split_sealed(blob)?;
    let aead_aad = field_aead_aad(sealed.header, aad);
    let mut plaintext = Zeroizing::new(sealed.ciphertext.to_vec());
    key.cipher()
        .decrypt_in_place_detached(
            XNonce::from_slice(sealed.nonce),
            &aead_aad,
            plaintext.as_mut_slice(),
            Tag::from_slice(sealed.tag),
        )
        .map_err(|_| CryptoError::Decrypt)?;
    Ok(plaintext)
}

/// The id of the data key a blob was sealed with, read from its header.
///
/// Not authenticated by itself; [`open`] authenticates it, so a forged id only
/// leads to a failed decryption.
pub fn key_id_of(blob: &[u8]) -> Result<Uuid, CryptoError> {
    let header = split_sealed(blob)?.header;
    let mut id = [0u8; KEY_ID_LEN];
    id.copy_from_slice(&header[1..]);
    Ok(Uuid::from_bytes(id))
}

/// [`seal`] for UTF-8 text.
pub fn seal_str(
    key: &DataKey,
    key_id: &Uuid,
    aad: &Aad<'_>,
    text: &str,
) -> Result<Vec<u8>, CryptoError> {
    seal(key, key_id, aad, text.as_bytes())
}

/// [`open`] for text sealed with [`seal_str`].
pub fn open_string(
    key: &DataKey,
    aad: &Aad<'_>,
    blob: &[u8],
) -> Result<Zeroizing<String>, CryptoError> {
    let mut bytes = open(key, aad, blob)?;
    match String::from_utf8(std::mem::take(&mut *bytes)) {
        Ok(text) => Ok(Zeroizing::new(text)),
        Err(e) => {
            e.into_bytes().zeroize();
            Err(CryptoError::InvalidUtf8)
        }
    }
}

/// The versioned master keys that wrap data keys.
///
/// Rotation: [`MasterKeyring::rotate`] adds a new version, used for all new
/// wrapping while older versions still unwrap. Once the store has re-wrapped every
/// data key ([`MasterKeyring::rewrap`]), [`MasterKeyring::retire_older_than`]
/// removes the old versions from the file.
///
/// File format (text, mode 0600): one key per line,
/// `verbind-master-key v<N> <standard base64 of 32 bytes>`; blank lines and lines
/// starting with `#` are ignored.
pub struct MasterKeyring {
    keys: BTreeMap<u32, Zeroizing<[u8; KEY_LEN]>>,
}

impl fmt::Debug for MasterKeyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MasterKeyring")
            .field("versions", &self.keys.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl MasterKeyring {
    /// Loads the keyring at `path`, creating it with a fresh version-1 key if it does
    /// not exist. A file that group or others may access is refused.
    pub fn load_or_create(path: &Path) -> Result<Self, CryptoError> {
        if let Some(ring) = Self::try_load(path)? {
            return Ok(ring);
        }
        let ring = Self::with_key(1, random_key());
        if keyfile::create_new(path, ring.to_file_text().as_bytes())? {
            Ok(ring)
        } else {
            // Another process created it first: use theirs.
            Self::load(path)
        }
    }

    /// Loads the keyring at `path`, which must exist.
    pub fn load(path: &Path) -> Result<Self, CryptoError> {
        Self::try_load(path)?.ok_or_else(|| CryptoError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "master key file not found"),
        })
    }

    /// A one-key keyring from known bytes. **Test and demo use only**: a real
    /// keyring comes from a key file ([`MasterKeyring::load_or_create`]).
    pub fn from_bytes_for_tests(version: u32, key: [u8; KEY_LEN]) -> Self {
        Self::with_key(version, Zeroizing::new(key))
    }

    fn with_key(version: u32, key: Zeroizing<[u8; KEY_LEN]>) -> Self {
        let mut keys = BTreeMap::new();
        keys.insert(version, key);
        Self { keys }
    }

    /// The highest version, used for all new wrapping.
    pub fn current_version(&self) -> u32 {
        // Never empty: every constructor inserts at least one key and
        // `retire_older_than` keeps the current one.
        self.keys.keys().next_back().copied().unwrap_or(0)
    }

    /// All versions held, ascending.
    pub fn versions(&self) -> Vec<u32> {
        self.keys.keys().copied().collect()
    }

    /// Encrypts `key` under the current master key, bound to `key_id` and `tenant`.
    ///
    /// Cannot fail in practice (the message is 32 bytes); returns a `Result` because
    /// the AEAD API does, and this crate never panics.
    pub fn wrap(
        &self,
        key: &DataKey,
        key_id: &Uuid,
        tenant: &str,
    ) -> Result<WrappedKey, CryptoError> {
        let mut nonce = [0u8; NONCE_LEN];
        OsRng.fill_bytes(&mut nonce);
        self.wrap_with_nonce(key, key_id, tenant, &nonce)
    }

    /// [`MasterKeyring::wrap`] with a caller-chosen nonce, for test vectors only.
    #[doc(hidden)]
    pub fn wrap_with_nonce(
        &self,
        key: &DataKey,
        key_id: &Uuid,
        tenant: &str,
        nonce: &[u8; NONCE_LEN],
    ) -> Result<WrappedKey, CryptoError> {
        let version = self.current_version();
        let cipher = self.cipher(version)?;
        let aad = wrap_aad(version, key_id, tenant);
        let mut body = Zeroizing::new(key.0);
        let tag = cipher
            .encrypt_in_place_detached(XNonce::from_slice(nonce), &aad, body.as_mut_slice())
            .map_err(|_| CryptoError::PlaintextTooLarge)?;
        let mut bytes = Vec::with_capacity(WRAPPED_LEN);
        bytes.extend_from_slice(nonce);
        bytes.extend_from_slice(body.as_slice());
        bytes.extend_from_slice(&tag);
        Ok(WrappedKey {
            master_version: version,
            bytes,
        })
    }

    /// Decrypts a wrapped data key, checking it belongs to `key_id` and `tenant`.
    pub fn unwrap(
        &self,
        wrapped: &WrappedKey,
        key_id: &Uuid,
        tenant: &str,
    ) -> Result<DataKey, CryptoError> {
        let version = wrapped.master_version;
        let cipher = self.cipher(version)?;
        let (nonce, rest) = wrapped
            .bytes
            .split_first_chunk::<NONCE_LEN>()
            .ok_or(CryptoError::Malformed("wrapped key has the wrong length"))?;
        let (body, tag) = rest
            .split_first_chunk::<KEY_LEN>()
            .ok_or(CryptoError::Malformed("wrapped key has the wrong length"))?;
        let tag: &[u8; TAG_LEN] = tag
            .try_into()
            .map_err(|_| CryptoError::Malformed("wrapped key has the wrong length"))?;
        let aad = wrap_aad(version, key_id, tenant);
        let mut key = Zeroizing::new(*body);
        cipher
            .decrypt_in_place_detached(
                XNonce::from_slice(nonce),
                &aad,
                key.as_mut_slice(),
                Tag::from_slice(tag),
            )
            .map_err(|_| CryptoError::Decrypt)?;
        Ok(DataKey(*key))
    }

    /// Re-wraps a data key under the current master version (for rotation).
    /// Returns `None` when it already uses the current version.
    pub fn rewrap(
        &self,
        wrapped: &WrappedKey,
        key_id: &Uuid,
        tenant: &str,
    ) -> Result<Option<WrappedKey>, CryptoError> {
        if wrapped.master_version == self.current_version() {
            return Ok(None);
        }
        let key = self.unwrap(wrapped, key_id, tenant)?;
        self.wrap(&key, key_id, tenant).map(Some)
    }

    /// Adds a new master key version, higher than any in memory or in the file, to
    /// the file at `path` (atomic rewrite) and to `self`; returns the new version.
    ///
    /// The file is re-read first so that versions added by another process are kept;
    /// a version whose bytes differ between file and memory aborts the rotation.
    pub fn rotate(&mut self, path: &Path) -> Result<u32, CryptoError> {
        self.merge_from_file(path)?;
        let version = self
            .current_version()
            .checked_add(1)
            .ok_or(CryptoError::KeyFileFormat {
                path: path.to_path_buf(),
                line: 0,
                reason: "no master key version left",
            })?;
        let mut next = Self {
            keys: self.keys.clone(),
        };
        next.keys.insert(version, random_key());
        keyfile::replace(path, next.to_file_text().as_bytes())?;
        *self = next;
        Ok(version)
    }

    /// Removes every version below `version` from the file at `path` and from
    /// `self`; returns the versions removed.
    ///
    /// Only call this once every data key has been re-wrapped under `version` or
    /// later: data keys still wrapped under a retired version become unreadable.
    pub fn retire_older_than(
        &mut self,
        path: &Path,
        version: u32,
    ) -> Result<Vec<u32>, CryptoError> {
        self.merge_from_file(path)?;
        let current = self.current_version();
        if version > current || !self.keys.contains_key(&version) {
            return Err(CryptoError::InvalidRetire { version, current });
        }
        let keep = self.keys.split_off(&version);
        let retired: Vec<u32> = self.keys.keys().copied().collect();
        let next = Self { keys: keep };
        keyfile::replace(path, next.to_file_text().as_bytes())?;
        *self = next;
        Ok(retired)
    }

    /// Adds the file's versions to `self`, refusing if a shared version differs.
    fn merge_from_file(&mut self, path: &Path) -> Result<(), CryptoError> {
        let on_disk = Self::load(path)?;
        for (version, key) in on_disk.keys {
            match self.keys.get(&version) {
                Some(mine) if !bool::from(subtle::ConstantTimeEq::ct_eq(&mine[..], &key[..])) => {
                    return Err(CryptoError::KeyringMismatch {
                        path: path.to_path_buf(),
                        version,
                    });
                }
                Some(_) => {}
                None => {
                    self.keys.insert(version, key);
                }
            }
        }
        Ok(())
    }

    fn cipher(&self, version: u32) -> Result<XChaCha20Poly1305, CryptoError> {
        let key = self
            .keys
            .get(&version)
            .ok_or(CryptoError::UnknownMasterKeyVersion { version })?;
        Ok(XChaCha20Poly1305::new((&**key).into()))
    }

    fn try_load(path: &Path) -> Result<Option<Self>, CryptoError> {
        match keyfile::read_secret(path)? {
            Some(text) => Self::parse(path, &text).map(Some),
            None => Ok(None),
        }
    }

    fn parse(path: &Path, text: &str) -> Result<Self, CryptoError> {
        let bad = |line: usize, reason: &'static str| CryptoError::KeyFileFormat {
            path: path.to_path_buf(),
            line,
            reason,
        };
        let mut keys = BTreeMap::new();
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let (Some(tag), Some(version), Some(key), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(bad(
                    line_no,
                    "expected `verbind-master-key v<N> <base64 key>`",
                ));
            };
            if tag != KEY_LINE_TAG {
                return Err(bad(
                    line_no,
                    "expected `verbind-master-key v<N> <base64 key>`",
                ));
            }
            let version = version
                .strip_prefix('v')
                .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|n| n.parse::<u32>().ok())
                .filter(|&n| n >= 1)
                .ok_or_else(|| bad(line_no, "version must be v1, v2, ..."))?;
            let decoded = Zeroizing::new(
                B64.decode(key)
                    .map_err(|_| bad(line_no, "key is not valid base64"))?,
            );
            if decoded.len() != KEY_LEN {
                return Err(bad(line_no, "key must be 32 bytes"));
            }
            let mut key = Zeroizing::new([0u8; KEY_LEN]);
            key.copy_from_slice(&decoded);
            if keys.insert(version, key).is_some() {
                return Err(bad(line_no, "duplicate version"));
            }
        }
        if keys.is_empty() {
            return Err(bad(0, "no master key in file"));
        }
        Ok(Self { keys })
    }

    fn to_file_text(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::from(
            "# Verbind master keys. Keep this file secret (mode 0600) and back it up\n\
             # separately from the database: without it no encrypted field can be read.\n\
             # Managed by `verbind`; do not edit while the service runs.\n",
        ));
        for (version, key) in &self.keys {
            let encoded = Zeroizing::new(B64.encode(&key[..]));
            text.push_str(KEY_LINE_TAG);
            text.push_str(" v");
            text.push_str(&version.to_string());
            text.push(' ');
            text.push_str(&encoded);
            text.push('\n');
        }
        text
    }
}

fn random_key() -> Zeroizing<[u8; KEY_LEN]> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    OsRng.fill_bytes(key.as_mut_slice());
    key
}

/// AEAD associated data of a wrapped data key:
/// `lp("verbind-data-key-v1") || master_version (u32 BE) || key_id (16) || lp(tenant)`.
fn wrap_aad(version: u32, key_id: &Uuid, tenant: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + WRAP_DOMAIN.len() + 4 + KEY_ID_LEN + 4 + tenant.len());
    put_lp(&mut out, WRAP_DOMAIN);
    out.extend_from_slice(&version.to_be_bytes());
    out.extend_from_slice(key_id.as_bytes());
    put_lp(&mut out, tenant.as_bytes());
    out
}
