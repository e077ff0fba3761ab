//! Password hashing with argon2id (OWASP's minimum: m = 19456 KiB, t = 2, p = 1).
//!
//! Hashes are stored as PHC strings (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`),
//! which carry their own parameters, so they stay verifiable when the parameters are
//! raised later; [`needs_rehash`] tells when to re-hash at the next login.
//!
//! Each call costs tens of milliseconds of CPU and ~19 MiB of memory: callers in
//! async code must run it on a blocking thread (`spawn_blocking`).
//!
//! The password policy (length, common-password list) lives in the domain crate.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::RngCore;
use rand::rngs::OsRng;
use secrecy::{ExposeSecret, SecretString};

use crate::CryptoError;

/// Memory cost in KiB.
pub const ARGON2_M_KIB: u32 = 19_456;
/// Number of passes.
pub const ARGON2_T: u32 = 2;
/// Degree of parallelism.
pub const ARGON2_P: u32 = 1;
/// Salt length in bytes.
pub const SALT_LEN: usize = 16;
/// Hash output length in bytes.
pub const OUTPUT_LEN: usize = 32;
/// Algorithm identifier in the PHC string.
pub const ALGORITHM: &str = "argon2id";

/// Stored hashes asking for more memory than this (1 GiB) are refused rather than
/// verified, so a corrupted or planted hash cannot exhaust the server's memory.
const MAX_VERIFY_M_KIB: u32 = 1024 * 1024;

fn hasher() -> Result<Argon2<'static>, CryptoError> {
    let params = Params::new(ARGON2_M_KIB, ARGON2_T, ARGON2_P, Some(OUTPUT_LEN))
        .map_err(|e| CryptoError::PasswordHash(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes `password` with a fresh random salt; returns the PHC string to store.
pub fn hash_password(password: &SecretString) -> Result<String, CryptoError> {
    let mut salt = [0u8; SALT_LEN];
    OsRng.fill_bytes(&mut salt);
    let salt =
        SaltString::encode_b64(&salt).map_err(|e| CryptoError::PasswordHash(e.to_string()))?;
    let hash = hasher()?
        .hash_password(password.expose_secret().as_bytes(), &salt)
        .map_err(|e| CryptoError::PasswordHash(e.to_string()))?;
    Ok(hash.to_string())
}

/// Whether `password` matches the stored PHC string `phc`.
///
/// The hash outputs are compared in constant time. A malformed hash, another
/// algorithm than argon2id, or an absurd memory cost gives `false`.
pub fn verify_password(phc: &str, password: &SecretString) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    if parsed.algorithm.as_str() != ALGORITHM {
        return false;
    }
    match Params::try_from(&parsed) {
        Ok(params) if params.m_cost() <= MAX_VERIFY_M_KIB => {}
        _ => return false,
    }
    // The parameters come from the PHC string, not from the `Argon2` instance.
    Argon2::default()
        .verify_password(password.expose_secret().as_bytes(), &parsed)
        .is_ok()
}

/// A hash of a random password with the current parameters, made once per process.
fn dummy_hash() -> Option<&'static str> {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    DUMMY
        .get_or_init(|| {
            let mut random = [0u8; 32];
            OsRng.fill_bytes(&mut random);
            hash_password(&SecretString::from(hex::encode(random))).ok()
        })
        .as_deref()
}

/// Does the work of one [`verify_password`] and throws the result away.
///
/// Call it when the user name is unknown, so that a login attempt for an unknown
/// user takes as long as one for a known user (no enumeration by timing).
pub fn verify_dummy(password: &SecretString) {
    if let Some(dummy) = dummy_hash() {
        std::hint::black_box(verify_password(dummy, password));
    }
}

/// The PHC string the dummy verification checks against: made with the same
/// parameters as every real hash, which is what makes the timing equal.
pub fn dummy_phc() -> Option<&'static str> {
    dummy_hash()
}

/// Computes the dummy hash now, so the first unknown-user login is not slower than
/// the others. Call once at start-up (on a blocking thread).
pub fn prepare_dummy() {
    let _ = dummy_hash();
}

/// The parameters of a stored PHC string:
/// `(m_kib, t, p, salt_len_bytes, algorithm)`.
pub fn phc_params(phc: &str) -> Result<(u32, u32, u32, usize, String), CryptoError> {
    let parsed = PasswordHash::new(phc).map_err(|e| CryptoError::PasswordHash(e.to_string()))?;
    let params = Params::try_from(&parsed).map_err(|e| CryptoError::PasswordHash(e.to_string()))?;
    let salt = parsed
        .salt
        .ok_or_else(|| CryptoError::PasswordHash("no salt".into()))?;
    let mut buf = [0u8; 64];
    let salt_len = salt
        .decode_b64(&mut buf)
        .map_err(|e| CryptoError::PasswordHash(e.to_string()))?
        .len();
    Ok((
        params.m_cost(),
        params.t_cost(),
        params.p_cost(),
        salt_len,
        parsed.algorithm.as_str().to_owned(),
    ))
}

/// Whether a stored hash differs from the current parameters (algorithm, version,
/// costs, salt or output length) and should be replaced at the next successful login.
/// A malformed hash also needs replacing.
pub fn needs_rehash(phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return true;
    };
    let current_version = parsed.version == Some(u32::from(Version::V0x13));
    let output_ok = parsed.hash.is_some_and(|h| h.len() == OUTPUT_LEN);
    let params_ok = matches!(
        phc_params(phc),
        Ok((m, t, p, salt, ref alg))
            if m == ARGON2_M_KIB && t == ARGON2_T && p == ARGON2_P && salt == SALT_LEN && alg == ALGORITHM
    );
    !(current_version && output_ok && params_ok)
}
