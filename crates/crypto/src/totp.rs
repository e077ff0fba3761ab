//! Time-based one-time passwords (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps)
//! and recovery codes.
//!
//! Single use: [`verify`] returns the time step a code matched, the caller stores it,
//! and passes it back next time; a code for that step or an earlier one is refused,
//! so an observed code cannot be replayed, not even within its own 30 seconds.
//!
//! HOTP (RFC 4226) is computed here with the `hmac` and `sha1` crates rather than
//! through `totp-rs`: twenty lines that cannot fail, keep the secret in one zeroized
//! buffer, and do not change shape with `totp-rs` features another crate might turn
//! on. The tests cross-check the codes against `totp-rs` and the RFC's vectors.

use std::fmt;

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use qrcode::QrCode;
use qrcode::render::svg;
use rand::RngCore;
use rand::rngs::OsRng;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::CryptoError;

/// Digits per code.
pub const DIGITS: usize = 6;
/// Seconds per time step.
pub const STEP_SECS: u64 = 30;
/// Steps accepted on either side of the current one, for clock skew.
pub const SKEW_STEPS: u64 = 1;
/// Length of generated secrets (160 bits, as RFC 4226 recommends).
pub const SECRET_LEN: usize = 20;
/// Shortest secret accepted (128 bits, RFC 4226's minimum).
pub const MIN_SECRET_LEN: usize = 16;
/// Longest secret accepted: the HMAC-SHA-1 block size, so the key is used as is.
pub const MAX_SECRET_LEN: usize = 64;

const SHA1_BLOCK: usize = 64;

/// A TOTP shared secret. Zeroized on drop; never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct TotpSecret(Vec<u8>);

impl TotpSecret {
    /// A fresh random 160-bit secret.
    pub fn generate() -> Self {
        let mut bytes = vec![0u8; SECRET_LEN];
        OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// A secret from stored bytes (16 to 64 bytes).
    pub fn from_bytes(mut bytes: Vec<u8>) -> Result<Self, CryptoError> {
        let len = bytes.len();
        if !(MIN_SECRET_LEN..=MAX_SECRET_LEN).contains(&len) {
            bytes.zeroize();
            return Err(CryptoError::InvalidTotpSecret { len });
        }
        Ok(Self(bytes))
    }

    /// The raw secret, to be stored encrypted.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The secret in unpadded RFC 4648 base32, as authenticator apps expect.
    pub fn to_base32(&self) -> String {
        base32(&self.0)
    }

    /// The `otpauth://` enrolment URI for authenticator apps (key URI format):
    /// `otpauth://totp/<issuer>:<account>?secret=..&issuer=..&algorithm=SHA1&digits=6&period=30`.
    /// Issuer and account are percent-encoded. The URI contains the secret: show it
    /// only on the enrolment page, never log it.
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> String {
        let issuer = percent_encode(issuer);
        let secret = Zeroizing::new(self.to_base32());
        format!(
            "otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}\
             &algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
            account = percent_encode(account),
            secret = secret.as_str(),
        )
    }
}

impl fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpSecret(..)")
    }
}

/// HOTP value (RFC 4226 section 5.3) for `counter`, as six ASCII digits.
fn hotp(secret: &TotpSecret, counter: u64) -> [u8; DIGITS] {
    // RFC 2104: a key shorter than the block size is zero-padded to it. Secrets are at
    // most one block long (checked in `from_bytes`), so this is the HMAC key exactly,
    // and the fixed-size constructor cannot fail.
    let mut key = Zeroizing::new([0u8; SHA1_BLOCK]);
    for (dst, src) in key.iter_mut().zip(secret.as_bytes()) {
        *dst = *src;
    }
    let mut mac = <Hmac<Sha1> as KeyInit>::new(&(*key).into());
    mac.update(&counter.to_be_bytes());
    let digest: [u8; 20] = mac.finalize().into_bytes().into();

    // Dynamic truncation.
    let offset = usize::from(digest[19] & 0x0f);
    let bin = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    let mut value = bin % 1_000_000;
    let mut code = [b'0'; DIGITS];
    for digit in code.iter_mut().rev() {
        // `value % 10` is below 10, so the cast cannot truncate.
        *digit = b'0' + (value % 10) as u8;
        value /= 10;
    }
    code
}

/// The code for the time step containing `unix_time` (for tests and the demo).
pub fn code_at(secret: &TotpSecret, unix_time: u64) -> String {
    let code = hotp(secret, unix_time / STEP_SECS);
    code.iter().map(|&b| char::from(b)).collect()
}

/// Checks `code` at `unix_time`; returns the time step it matched, or `None`.
///
/// Accepts the current step and one step either side (clock skew), but only steps
/// strictly after `last_used_step`: store the returned step and pass it next time,
/// so no code is ever accepted twice. Whitespace in `code` is ignored; anything
/// other than exactly six digits is refused. Codes are compared in constant time.
pub fn verify(
    secret: &TotpSecret,
    code: &str,
    unix_time: u64,
    last_used_step: Option<u64>,
) -> Option<u64> {
    let mut given = [0u8; DIGITS];
    let mut len = 0usize;
    for c in code.chars().filter(|c| !c.is_whitespace()) {
        if !c.is_ascii_digit() || len == DIGITS {
            return None;
        }
        given[len] = c as u8;
        len += 1;
    }
    if len != DIGITS {
        return None;
    }

    let now = unix_time / STEP_SECS;
    let first = now.saturating_sub(SKEW_STEPS);
    let last = now.saturating_add(SKEW_STEPS);
    let mut matched = None;
    // Every candidate is computed and compared, whatever matched before.
    for step in first..=last {
        let equal: bool = hotp(secret, step).ct_eq(&given).into();
        let fresh = last_used_step.is_none_or(|used| step > used);
        if equal && fresh && matched.is_none() {
            matched = Some(step);
        }
    }
    matched
}

/// Makes an SVG QR code of `data` (e.g. an otpauth URI), titled "QR code".
pub fn qr_svg(data: &str) -> Result<String, CryptoError> {
    qr_svg_with_title(data, "QR code")
}

/// [`qr_svg`] with a `<title>` (and `aria-label`) in the user's language, for
/// screen readers. The result has no XML declaration, to be embedded in HTML.
pub fn qr_svg_with_title(data: &str, title: &str) -> Result<String, CryptoError> {
    let code = QrCode::new(data.as_bytes()).map_err(|e| CryptoError::QrCode(e.to_string()))?;
    let rendered = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .build();
    let svg = match rendered.find("<svg") {
        Some(start) => &rendered[start..],
        None => rendered.as_str(),
    };
    let title = xml_escape(title);
    let Some(tag_end) = svg.find('>') else {
        return Err(CryptoError::QrCode("unexpected SVG output".into()));
    };
    let (open_tag, rest) = svg.split_at(tag_end);
    let open_tag = open_tag.replacen(
        "<svg",
        &format!(r#"<svg role="img" aria-label="{title}""#),
        1,
    );
    let rest = rest.strip_prefix('>').unwrap_or(rest);
    Ok(format!("{open_tag}><title>{title}</title>{rest}"))
}

/// Alphabet of recovery codes: lower-case letters and digits without `l`, `o`, `0`
/// and `1`, which are easily confused. 32 symbols, 5 bits each.
const RECOVERY_ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";
/// Symbols per recovery code: 12 x 5 = 60 bits.
pub const RECOVERY_CODE_SYMBOLS: usize = 12;

/// `n` fresh recovery codes like `abcd-efgh-jkmn` (60 random bits each).
/// Show them once; store only [`recovery_code_hash`] of each.
pub fn generate_recovery_codes(n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            let mut random = [0u8; RECOVERY_CODE_SYMBOLS];
            OsRng.fill_bytes(&mut random);
            let mut code = String::with_capacity(RECOVERY_CODE_SYMBOLS + 2);
            for (i, byte) in random.iter().enumerate() {
                if i > 0 && i % 4 == 0 {
                    code.push('-');
                }
                // 256 is a multiple of 32, so masking keeps the choice uniform.
                code.push(char::from(RECOVERY_ALPHABET[usize::from(byte & 31)]));
            }
            random.zeroize();
            code
        })
        .collect()
}

/// SHA-256 (hex) of a recovery code after normalising it: lower case, without
/// whitespace and dashes. A fast hash suffices: codes carry 60 random bits.
pub fn recovery_code_hash(code: &str) -> String {
    let normalised: Zeroizing<String> = Zeroizing::new(
        code.chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_lowercase)
            .collect(),
    );
    hex::encode(Sha256::digest(normalised.as_bytes()))
}

/// RFC 4648 base32 without padding.
fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let mut buffer: u16 = 0;
    let mut bits = 0u32;
    for &byte in bytes {
        buffer = (buffer << 8) | u16::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[usize::from((buffer >> bits) & 31)]));
        }
    }
    if bits > 0 {
        out.push(char::from(
            ALPHABET[usize::from((buffer << (5 - bits)) & 31)],
        ));
    }
    out
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push_str(&format!("{b:02X}"));
        }
    }
    out
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_rfc4648_vectors() {
        // RFC 4648 section 10, padding removed.
        for (input, expected) in [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ] {
            assert_eq!(base32(input.as_bytes()), expected, "input {input:?}");
        }
    }

    #[test]
    fn percent_encoding_keeps_only_unreserved() {
        assert_eq!(
            percent_encode("Verbind LIVC-R: Gent/é"),
            "Verbind%20LIVC-R%3A%20Gent%2F%C3%A9"
        );
        assert_eq!(percent_encode("a.b_c~d"), "a.b_c~d");
    }
}
