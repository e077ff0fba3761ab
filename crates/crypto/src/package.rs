//! Transfer packages: a case handed to another LIVC-R as one file, sealed to the
//! receiving installation and signed by the sending one.
//!
//! Every Verbind installation holds [`TransferKeys`]: an X25519 key to receive
//! and an Ed25519 key to sign, in a key file beside the master keyring (never in
//! the database). Installations exchange their public halves as one line of text
//! ([`TransferPublicKey::to_text`], `verbind-transfer-v1:<base64>`) and compare
//! the [`TransferPublicKey::fingerprint`] by telephone or on paper.
//!
//! A package is `header || ciphertext || signature`:
//! - the header names the format version, the recipient's X25519 key, the
//!   sender's Ed25519 key, a fresh ephemeral X25519 key and a nonce;
//! - the payload is encrypted with XChaCha20-Poly1305 under a key derived by
//!   HKDF-SHA256 from the ephemeral-static X25519 secret (bound to both
//!   parties' keys), with the header as associated data;
//! - the sender signs header and ciphertext with Ed25519.
//!
//! [`TransferKeys::open`] checks the version, then the signature against the
//! sender the receiver expects (from its own register, never from the package),
//! and only then whether the package is addressed to it and decrypts. A changed
//! byte, another signer, another recipient or an unknown version is refused.
//! The byte layout is in the crate's `README.md`; `tests/vectors/transfer-v1.json`
//! has test vectors made by an independent implementation.

use std::fmt;
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{Tag, XChaCha20Poly1305, XNonce};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use hkdf::Hkdf;
use rand::RngCore;
use rand::rngs::OsRng;
use sha2::{Digest, Sha256};
use x25519_dalek::{PublicKey as XPublicKey, StaticSecret};
use zeroize::{Zeroize, Zeroizing};

use crate::{CryptoError, keyfile, put_lp};

/// The first bytes of every package.
pub const MAGIC: &[u8; 16] = b"verbind-transfer";
/// The package format this code writes and the only one it reads.
pub const VERSION: u8 = 1;
/// Length of the header: magic, version, recipient, sender, ephemeral key, nonce.
pub const HEADER_LEN: usize = MAGIC.len() + 1 + 32 + 32 + 32 + NONCE_LEN;
/// XChaCha20 nonce length.
pub const NONCE_LEN: usize = 24;
/// Poly1305 tag length.
pub const TAG_LEN: usize = 16;
/// Ed25519 signature length.
pub const SIGNATURE_LEN: usize = 64;
/// The smallest package (an empty payload).
pub const MIN_LEN: usize = HEADER_LEN + TAG_LEN + SIGNATURE_LEN;

/// Prefix of the public key text.
pub const PUBLIC_KEY_PREFIX: &str = "verbind-transfer-v1:";
const KEY_INFO: &[u8] = b"verbind-transfer-v1 payload key";
const SIGNATURE_DOMAIN: &[u8] = b"verbind-transfer-v1 signature";
const FINGERPRINT_DOMAIN: &[u8] = b"verbind-transfer-v1 fingerprint";
const X25519_TAG: &str = "verbind-transfer-x25519";
const ED25519_TAG: &str = "verbind-transfer-ed25519";

/// Why a package was refused. Messages never contain package contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PackageError {
    /// Too short, or not starting with [`MAGIC`]: not a transfer package.
    #[error("this is not a Verbind transfer package")]
    NotAPackage,
    /// A format version this code does not know.
    #[error("transfer package format version {0} is not supported")]
    UnknownVersion(u8),
    /// The header names another sender than the one expected.
    #[error("the package was not made by the expected sending LIVC-R")]
    WrongSender,
    /// The signature does not verify under the expected sender's key: changed
    /// on the way, or signed by someone else.
    #[error("the package's signature is not valid (changed, or signed by someone else)")]
    BadSignature,
    /// Validly signed, but addressed to another installation.
    #[error("the package is addressed to another installation")]
    WrongRecipient,
    /// The recipient key is weak (a low-order point): no secret can be agreed.
    #[error("the recipient's public key is not usable")]
    WeakKey,
    /// Authenticated decryption failed.
    #[error("the package cannot be decrypted")]
    Decrypt,
    /// The payload is too large for one XChaCha20-Poly1305 message.
    #[error("payload too large")]
    TooLarge,
}

impl PackageError {
    /// A stable code for the audit trail and message keys.
    pub fn code(self) -> &'static str {
        match self {
            PackageError::NotAPackage => "not_a_package",
            PackageError::UnknownVersion(_) => "unknown_version",
            PackageError::WrongSender => "wrong_sender",
            PackageError::BadSignature => "bad_signature",
            PackageError::WrongRecipient => "wrong_recipient",
            PackageError::WeakKey => "weak_key",
            PackageError::Decrypt => "decrypt",
            PackageError::TooLarge => "too_large",
        }
    }
}

/// The public half of an installation's transfer keys: what another LIVC-R
/// registers to send packages here and to check packages from here.
#[derive(Clone, PartialEq, Eq)]
pub struct TransferPublicKey {
    x25519: [u8; 32],
    ed25519: VerifyingKey,
}

impl fmt::Debug for TransferPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TransferPublicKey({})", self.fingerprint())
    }
}

impl TransferPublicKey {
    /// From the raw keys. Fails when `ed25519` is not a valid Ed25519 point.
    pub fn from_bytes(x25519: [u8; 32], ed25519: [u8; 32]) -> Result<Self, CryptoError> {
        let ed25519 = VerifyingKey::from_bytes(&ed25519)
            .map_err(|_| CryptoError::InvalidTransferKey("not a valid Ed25519 public key"))?;
        Ok(Self { x25519, ed25519 })
    }

    /// The X25519 key packages are sealed to.
    pub fn x25519_bytes(&self) -> [u8; 32] {
        self.x25519
    }

    /// The Ed25519 key that signs this installation's packages.
    pub fn ed25519_bytes(&self) -> [u8; 32] {
        self.ed25519.to_bytes()
    }

    /// One line: `verbind-transfer-v1:` + standard base64 of `x25519 || ed25519`.
    pub fn to_text(&self) -> String {
        let mut both = [0u8; 64];
        both[..32].copy_from_slice(&self.x25519);
        both[32..].copy_from_slice(self.ed25519.as_bytes());
        format!("{PUBLIC_KEY_PREFIX}{}", B64.encode(both))
    }

    /// Parses [`TransferPublicKey::to_text`]; surrounding whitespace, and
    /// whitespace inside the base64 (a line broken by an e-mail program), is ignored.
    pub fn parse(text: &str) -> Result<Self, CryptoError> {
        let text = text.trim();
        let Some(encoded) = text.strip_prefix(PUBLIC_KEY_PREFIX) else {
            return Err(CryptoError::InvalidTransferKey(
                "expected `verbind-transfer-v1:<base64>`",
            ));
        };
        let compact: String = encoded.chars().filter(|c| !c.is_whitespace()).collect();
        let bytes: [u8; 64] = B64
            .decode(compact.as_bytes())
            .ok()
            .and_then(|b| <[u8; 64]>::try_from(b.as_slice()).ok())
            .ok_or(CryptoError::InvalidTransferKey(
                "expected base64 of 64 bytes",
            ))?;
        let mut x = [0u8; 32];
        let mut ed = [0u8; 32];
        x.copy_from_slice(&bytes[..32]);
        ed.copy_from_slice(&bytes[32..]);
        if !contributory(&x) {
            return Err(CryptoError::InvalidTransferKey(
                "the X25519 key is a low-order point",
            ));
        }
        Self::from_bytes(x, ed)
    }

    /// For comparing keys out of band: the first 16 bytes of
    /// `SHA-256(lp("verbind-transfer-v1 fingerprint") || x25519 || ed25519)` as
    /// eight groups of four lower-case hex digits, e.g. `3f2a 9c01 ...`.
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        put_lp(&mut h, FINGERPRINT_DOMAIN);
        h.update(self.x25519);
        h.update(self.ed25519.as_bytes());
        let digest = h.finalize();
        digest[..16]
            .chunks(2)
            .map(hex::encode)
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Whether an X25519 public key gives a contributory exchange (not a
/// low-order point whose shared secret would be all zeros).
fn contributory(public: &[u8; 32]) -> bool {
    let probe = StaticSecret::from([0x42; 32]);
    probe
        .diffie_hellman(&XPublicKey::from(*public))
        .was_contributory()
}

/// An installation's transfer keys: X25519 to receive, Ed25519 to sign.
///
/// Key file (text, mode 0600, same rules as the master key file):
///
/// ```text
/// verbind-transfer-x25519 <base64 of the 32-byte X25519 secret>
/// verbind-transfer-ed25519 <base64 of the 32-byte Ed25519 secret key>
/// ```
///
/// Blank lines and `#` comments are allowed; each key appears exactly once.
pub struct TransferKeys {
    x25519: StaticSecret,
    ed25519: SigningKey,
}

impl fmt::Debug for TransferKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransferKeys")
            .field("public", &self.public())
            .finish_non_exhaustive()
    }
}

impl TransferKeys {
    /// Fresh keys from the operating system's CSPRNG.
    pub fn generate() -> Self {
        Self {
            x25519: StaticSecret::random_from_rng(OsRng),
            ed25519: SigningKey::generate(&mut OsRng),
        }
    }

    /// Keys from known bytes. **Test vectors and tests only.**
    pub fn from_bytes_for_tests(x25519: [u8; 32], ed25519: [u8; 32]) -> Self {
        Self {
            x25519: StaticSecret::from(x25519),
            ed25519: SigningKey::from_bytes(&ed25519),
        }
    }

    /// Loads the keys at `path`, creating fresh ones if the file does not exist.
    /// A file that group or others may access is refused.
    pub fn load_or_create(path: &Path) -> Result<Self, CryptoError> {
        if let Some(keys) = Self::try_load(path)? {
            return Ok(keys);
        }
        let keys = Self::generate();
        if keyfile::create_new(path, keys.to_file_text().as_bytes())? {
            Ok(keys)
        } else {
            // Another process created it first: use theirs.
            Self::load(path)
        }
    }

    /// Loads the keys at `path`, which must exist.
    pub fn load(path: &Path) -> Result<Self, CryptoError> {
        Self::try_load(path)?.ok_or_else(|| CryptoError::Io {
            path: path.to_path_buf(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "transfer keys not found"),
        })
    }

    /// The public half, to give to partner LIVC-Rs.
    pub fn public(&self) -> TransferPublicKey {
        TransferPublicKey {
            x25519: XPublicKey::from(&self.x25519).to_bytes(),
            ed25519: self.ed25519.verifying_key(),
        }
    }

    /// Seals `payload` to `recipient` and signs it: a complete package.
    pub fn seal(
        &self,
        recipient: &TransferPublicKey,
        payload: &[u8],
    ) -> Result<Vec<u8>, PackageError> {
        let mut ephemeral = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(ephemeral.as_mut_slice());
        let mut nonce = [0u8; NONCE_LEN];
        OsRng.fill_bytes(&mut nonce);
        self.seal_deterministic(recipient, payload, &ephemeral, &nonce)
    }

    /// [`TransferKeys::seal`] with a caller-chosen ephemeral secret and nonce,
    /// for test vectors only: reusing them would reuse a key and nonce.
    #[doc(hidden)]
    pub fn seal_deterministic(
        &self,
        recipient: &TransferPublicKey,
        payload: &[u8],
        ephemeral_secret: &[u8; 32],
        nonce: &[u8; NONCE_LEN],
    ) -> Result<Vec<u8>, PackageError> {
        let ephemeral = StaticSecret::from(*ephemeral_secret);
        let ephemeral_public = XPublicKey::from(&ephemeral).to_bytes();
        let sender = self.ed25519.verifying_key().to_bytes();
        let shared = ephemeral.diffie_hellman(&XPublicKey::from(recipient.x25519));
        if !shared.was_contributory() {
            return Err(PackageError::WeakKey);
        }
        let key = payload_key(
            shared.as_bytes(),
            &ephemeral_public,
            &recipient.x25519,
            &sender,
        );

        let mut out = Vec::with_capacity(MIN_LEN + payload.len());
        out.extend_from_slice(MAGIC);
        out.push(VERSION);
        out.extend_from_slice(&recipient.x25519);
        out.extend_from_slice(&sender);
        out.extend_from_slice(&ephemeral_public);
        out.extend_from_slice(nonce);
        out.extend_from_slice(payload);
        let (header, body) = out.split_at_mut(HEADER_LEN);
        let tag = match XChaCha20Poly1305::new((&*key).into()).encrypt_in_place_detached(
            XNonce::from_slice(nonce),
            header,
            body,
        ) {
            Ok(tag) => tag,
            Err(_) => {
                out.zeroize();
                return Err(PackageError::TooLarge);
            }
        };
        out.extend_from_slice(&tag);
        let signature = self.ed25519.sign(&signed_message(&out));
        out.extend_from_slice(&signature.to_bytes());
        Ok(out)
    }

    /// Opens a package from `sender` (the key this installation registered for
    /// the sending LIVC-R). In order: the format and version, the sender named
    /// in the header, the signature over header and ciphertext, the recipient,
    /// then decryption. Nothing is decrypted unless the signature verifies.
    pub fn open(
        &self,
        package: &[u8],
        sender: &TransferPublicKey,
    ) -> Result<Zeroizing<Vec<u8>>, PackageError> {
        let parts = Parts::split(package)?;
        if parts.sender != sender.ed25519.as_bytes() {
            return Err(PackageError::WrongSender);
        }
        let signature = Signature::from_bytes(parts.signature);
        sender
            .ed25519
            .verify_strict(&signed_message(parts.signed), &signature)
            .map_err(|_| PackageError::BadSignature)?;
        let me = XPublicKey::from(&self.x25519).to_bytes();
        if parts.recipient != &me {
            return Err(PackageError::WrongRecipient);
        }
        let shared = self
            .x25519
            .diffie_hellman(&XPublicKey::from(*parts.ephemeral));
        if !shared.was_contributory() {
            return Err(PackageError::Decrypt);
        }
        let key = payload_key(shared.as_bytes(), parts.ephemeral, &me, parts.sender);
        let mut plaintext = Zeroizing::new(parts.ciphertext.to_vec());
        XChaCha20Poly1305::new((&*key).into())
            .decrypt_in_place_detached(
                XNonce::from_slice(parts.nonce),
                parts.header,
                plaintext.as_mut_slice(),
                Tag::from_slice(parts.tag),
            )
            .map_err(|_| PackageError::Decrypt)?;
        Ok(plaintext)
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
        let mut x: Option<Zeroizing<[u8; 32]>> = None;
        let mut ed: Option<Zeroizing<[u8; 32]>> = None;
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split_whitespace();
            let (Some(tag), Some(encoded), None) = (parts.next(), parts.next(), parts.next())
            else {
                return Err(bad(line_no, "expected `<key tag> <base64 key>`"));
            };
            let slot = match tag {
                X25519_TAG => &mut x,
                ED25519_TAG => &mut ed,
                _ => {
                    return Err(bad(
                        line_no,
                        "expected `verbind-transfer-x25519` or `verbind-transfer-ed25519`",
                    ));
                }
            };
            if slot.is_some() {
                return Err(bad(line_no, "key appears more than once"));
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
            *slot = Some(secret);
        }
        match (x, ed) {
            (Some(x), Some(ed)) => Ok(Some(Self {
                x25519: StaticSecret::from(*x),
                ed25519: SigningKey::from_bytes(&ed),
            })),
            _ => Err(bad(0, "both transfer keys must be in the file")),
        }
    }

    fn to_file_text(&self) -> Zeroizing<String> {
        let x = Zeroizing::new(B64.encode(self.x25519.as_bytes()));
        let ed = Zeroizing::new(B64.encode(self.ed25519.as_bytes()));
        let public = self.public();
        Zeroizing::new(format!(
            "# Verbind transfer keys (X25519 to receive, Ed25519 to sign case transfer\n\
             # packages). Keep this file secret (mode 0600) and outside the database backups.\n\
             # Public key: {}\n\
             # Fingerprint: {}\n\
             {X25519_TAG} {}\n\
             {ED25519_TAG} {}\n",
            public.to_text(),
            public.fingerprint(),
            x.as_str(),
            ed.as_str()
        ))
    }
}

/// `HKDF-SHA256(salt = none, ikm = shared, info = lp(KEY_INFO) || ephemeral ||
/// recipient || sender)`, 32 bytes.
fn payload_key(
    shared: &[u8; 32],
    ephemeral: &[u8; 32],
    recipient: &[u8; 32],
    sender: &[u8; 32],
) -> Zeroizing<[u8; 32]> {
    let mut info = Vec::with_capacity(4 + KEY_INFO.len() + 96);
    put_lp(&mut info, KEY_INFO);
    info.extend_from_slice(ephemeral);
    info.extend_from_slice(recipient);
    info.extend_from_slice(sender);
    let mut key = Zeroizing::new([0u8; 32]);
    // 32 bytes is far below HKDF-SHA256's limit of 255 * 32: this cannot fail.
    let _ = Hkdf::<Sha256>::new(None, shared).expand(&info, key.as_mut_slice());
    key
}

/// What the sender signs: `lp(SIGNATURE_DOMAIN) || header || ciphertext || tag`.
fn signed_message(signed: &[u8]) -> Vec<u8> {
    let mut msg = Vec::with_capacity(4 + SIGNATURE_DOMAIN.len() + signed.len());
    put_lp(&mut msg, SIGNATURE_DOMAIN);
    msg.extend_from_slice(signed);
    msg
}

/// A package split into its parts (not yet authenticated).
struct Parts<'a> {
    header: &'a [u8],
    recipient: &'a [u8; 32],
    sender: &'a [u8; 32],
    ephemeral: &'a [u8; 32],
    nonce: &'a [u8; NONCE_LEN],
    ciphertext: &'a [u8],
    tag: &'a [u8; TAG_LEN],
    /// Header, ciphertext and tag: what the signature covers.
    signed: &'a [u8],
    signature: &'a [u8; SIGNATURE_LEN],
}

impl<'a> Parts<'a> {
    fn split(package: &'a [u8]) -> Result<Self, PackageError> {
        let (magic, rest) = package
            .split_first_chunk::<16>()
            .ok_or(PackageError::NotAPackage)?;
        if magic != MAGIC {
            return Err(PackageError::NotAPackage);
        }
        let (&version, rest) = rest.split_first().ok_or(PackageError::NotAPackage)?;
        if version != VERSION {
            return Err(PackageError::UnknownVersion(version));
        }
        if package.len() < MIN_LEN {
            return Err(PackageError::NotAPackage);
        }
        let (recipient, rest) = rest
            .split_first_chunk::<32>()
            .ok_or(PackageError::NotAPackage)?;
        let (sender, rest) = rest
            .split_first_chunk::<32>()
            .ok_or(PackageError::NotAPackage)?;
        let (ephemeral, rest) = rest
            .split_first_chunk::<32>()
            .ok_or(PackageError::NotAPackage)?;
        let (nonce, rest) = rest
            .split_first_chunk::<NONCE_LEN>()
            .ok_or(PackageError::NotAPackage)?;
        let (body, signature) = rest
            .split_last_chunk::<SIGNATURE_LEN>()
            .ok_or(PackageError::NotAPackage)?;
        let (ciphertext, tag) = body
            .split_last_chunk::<TAG_LEN>()
            .ok_or(PackageError::NotAPackage)?;
        let signed_len = package.len() - SIGNATURE_LEN;
        Ok(Parts {
            header: &package[..HEADER_LEN],
            recipient,
            sender,
            ephemeral,
            nonce,
            ciphertext,
            tag,
            signed: &package[..signed_len],
            signature,
        })
    }
}

/// The lower-case hex SHA-256 of a package, as logged by both sides.
pub fn package_sha256(package: &[u8]) -> String {
    hex::encode(Sha256::digest(package))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use proptest::prelude::*;

    fn keys(n: u8) -> TransferKeys {
        TransferKeys::from_bytes_for_tests([n; 32], [n.wrapping_add(100); 32])
    }

    const PAYLOAD: &[u8] = b"{\"identity\":\"Zeno Canarius\"}";

    #[test]
    fn round_trip() {
        let (sender, recipient) = (keys(1), keys(2));
        let package = sender.seal(&recipient.public(), PAYLOAD).unwrap();
        assert_eq!(package.len(), MIN_LEN + PAYLOAD.len());
        let opened = recipient.open(&package, &sender.public()).unwrap();
        assert_eq!(opened.as_slice(), PAYLOAD);
        // The payload is not readable in the package.
        assert!(!package.windows(5).any(|w| w == b"Canar"));
        // Two packages of the same payload differ (fresh ephemeral key and nonce).
        let again = sender.seal(&recipient.public(), PAYLOAD).unwrap();
        assert_ne!(package, again);
        // An empty payload works too.
        let empty = sender.seal(&recipient.public(), b"").unwrap();
        assert!(recipient.open(&empty, &sender.public()).unwrap().is_empty());
    }

    #[test]
    fn every_changed_byte_is_refused() {
        let (sender, recipient) = (keys(3), keys(4));
        let package = sender.seal(&recipient.public(), PAYLOAD).unwrap();
        for i in 0..package.len() {
            let mut bad = package.clone();
            bad[i] ^= 0x01;
            assert!(
                recipient.open(&bad, &sender.public()).is_err(),
                "byte {i} changed but accepted"
            );
        }
        // Truncated and extended.
        assert!(
            recipient
                .open(&package[..package.len() - 1], &sender.public())
                .is_err()
        );
        let mut longer = package.clone();
        longer.push(0);
        assert!(recipient.open(&longer, &sender.public()).is_err());
    }

    #[test]
    fn tampered_ciphertext_fails_the_signature_before_decryption() {
        let (sender, recipient) = (keys(5), keys(6));
        let mut package = sender.seal(&recipient.public(), PAYLOAD).unwrap();
        package[HEADER_LEN] ^= 0xff;
        assert_eq!(
            recipient.open(&package, &sender.public()),
            Err(PackageError::BadSignature)
        );
    }

    #[test]
    fn wrong_recipient_is_refused() {
        let (sender, recipient, other) = (keys(7), keys(8), keys(9));
        let package = sender.seal(&recipient.public(), PAYLOAD).unwrap();
        assert_eq!(
            other.open(&package, &sender.public()),
            Err(PackageError::WrongRecipient)
        );
    }

    #[test]
    fn wrong_sender_is_refused() {
        let (sender, recipient, impostor) = (keys(10), keys(11), keys(12));
        // Made by the impostor, checked against the expected sender.
        let forged = impostor.seal(&recipient.public(), PAYLOAD).unwrap();
        assert_eq!(
            recipient.open(&forged, &sender.public()),
            Err(PackageError::WrongSender)
        );
        // The impostor puts the real sender's key in the header: the signature fails.
        let mut relabelled = forged.clone();
        relabelled[17 + 32..17 + 64].copy_from_slice(&sender.public().ed25519_bytes());
        assert_eq!(
            recipient.open(&relabelled, &sender.public()),
            Err(PackageError::BadSignature)
        );
        // A re-signed package from a registered partner cannot be decrypted: the
        // payload key is bound to the original sender.
        let genuine = sender.seal(&recipient.public(), PAYLOAD).unwrap();
        let mut resigned = genuine[..genuine.len() - SIGNATURE_LEN].to_vec();
        resigned[17 + 32..17 + 64].copy_from_slice(&impostor.public().ed25519_bytes());
        let sig = impostor.ed25519.sign(&signed_message(&resigned));
        resigned.extend_from_slice(&sig.to_bytes());
        assert_eq!(
            recipient.open(&resigned, &impostor.public()),
            Err(PackageError::Decrypt)
        );
    }

    #[test]
    fn unknown_version_and_garbage_are_refused() {
        let (sender, recipient) = (keys(13), keys(14));
        let mut package = sender.seal(&recipient.public(), PAYLOAD).unwrap();
        package[16] = 2;
        assert_eq!(
            recipient.open(&package, &sender.public()),
            Err(PackageError::UnknownVersion(2))
        );
        assert_eq!(
            recipient.open(b"", &sender.public()),
            Err(PackageError::NotAPackage)
        );
        assert_eq!(
            recipient.open(b"%PDF-1.7 not a package at all", &sender.public()),
            Err(PackageError::NotAPackage)
        );
        assert_eq!(
            recipient.open(MAGIC, &sender.public()),
            Err(PackageError::NotAPackage)
        );
        let mut short = MAGIC.to_vec();
        short.push(VERSION);
        assert_eq!(
            recipient.open(&short, &sender.public()),
            Err(PackageError::NotAPackage)
        );
    }

    #[test]
    fn public_key_text_round_trips_and_is_checked() {
        let k = keys(15).public();
        let text = k.to_text();
        assert!(text.starts_with(PUBLIC_KEY_PREFIX));
        assert_eq!(text.len(), PUBLIC_KEY_PREFIX.len() + 88);
        assert_eq!(TransferPublicKey::parse(&text).unwrap(), k);
        // Whitespace from an e-mail program is tolerated.
        let (a, b) = text.split_at(40);
        assert_eq!(
            TransferPublicKey::parse(&format!("  {a}\n {b}\n")).unwrap(),
            k
        );
        for bad in [
            "",
            "verbind-transfer-v1:",
            "verbind-transfer-v2:AAAA",
            "verbind-audit-public-key AAAA",
            &text[..text.len() - 4],
            &format!("{text}AAAA"),
        ] {
            assert!(TransferPublicKey::parse(bad).is_err(), "{bad:?}");
        }
        // A low-order X25519 point is refused.
        let mut both = [0u8; 64];
        both[32..].copy_from_slice(&k.ed25519_bytes());
        let zero = format!("{PUBLIC_KEY_PREFIX}{}", B64.encode(both));
        assert!(TransferPublicKey::parse(&zero).is_err());
        let fp = k.fingerprint();
        assert_eq!(fp.len(), 8 * 4 + 7);
        assert_ne!(fp, keys(16).public().fingerprint());
    }

    #[test]
    fn sealing_to_a_low_order_key_is_refused() {
        let sender = keys(17);
        let weak =
            TransferPublicKey::from_bytes([0; 32], keys(18).public().ed25519_bytes()).unwrap();
        assert_eq!(sender.seal(&weak, PAYLOAD), Err(PackageError::WeakKey));
    }

    #[test]
    fn debug_shows_no_secret() {
        let k = keys(19);
        let shown = format!("{k:?}");
        assert!(!shown.contains(&B64.encode([19u8; 32])));
        assert!(shown.contains(&k.public().fingerprint()));
    }

    #[test]
    fn key_file_round_trip_and_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("transfer.key");
        let made = TransferKeys::load_or_create(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let loaded = TransferKeys::load(&path).unwrap();
        assert_eq!(made.public(), loaded.public());
        let again = TransferKeys::load_or_create(&path).unwrap();
        assert_eq!(made.public(), again.public());
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(&made.public().to_text()));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(
            TransferKeys::load(&path),
            Err(CryptoError::InsecurePermissions { .. })
        ));
        // Missing or doubled keys are refused.
        let half = dir.path().join("half.key");
        std::fs::write(&half, format!("{X25519_TAG} {}\n", B64.encode([1u8; 32]))).unwrap();
        std::fs::set_permissions(&half, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(TransferKeys::load(&half).is_err());
        let twice = dir.path().join("twice.key");
        let line = format!("{X25519_TAG} {}\n", B64.encode([1u8; 32]));
        std::fs::write(&twice, format!("{line}{line}")).unwrap();
        std::fs::set_permissions(&twice, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(TransferKeys::load(&twice).is_err());
        assert!(TransferKeys::load(&dir.path().join("absent.key")).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever arrives, opening never panics and never accepts a package
        /// not made by the sender for this recipient.
        #[test]
        fn opening_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let (sender, recipient) = (keys(20), keys(21));
            prop_assert!(recipient.open(&bytes, &sender.public()).is_err());
        }

        #[test]
        fn any_payload_round_trips(payload in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let (sender, recipient) = (keys(22), keys(23));
            let package = sender.seal(&recipient.public(), &payload).unwrap();
            let opened = recipient.open(&package, &sender.public()).unwrap();
            prop_assert_eq!(opened.as_slice(), payload.as_slice());
        }

        #[test]
        fn a_changed_byte_is_always_refused(payload in proptest::collection::vec(any::<u8>(), 0..200), pos in any::<usize>(), flip in 1u8..=255) {
            let (sender, recipient) = (keys(24), keys(25));
            let mut package = sender.seal(&recipient.public(), &payload).unwrap();
            let i = pos % package.len();
            package[i] ^= flip;
            prop_assert!(recipient.open(&package, &sender.public()).is_err());
        }
    }
}
