//! TOTP and recovery codes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashSet;

use proptest::prelude::*;
use verbind_crypto::totp::{
    STEP_SECS, TotpSecret, code_at, generate_recovery_codes, qr_svg, qr_svg_with_title,
    recovery_code_hash, verify,
};

fn rfc_secret() -> TotpSecret {
    TotpSecret::from_bytes(b"12345678901234567890".to_vec()).unwrap()
}

/// RFC 6238 appendix B, SHA-1 column; the 8-digit values truncated to 6 digits.
const RFC6238_SHA1: [(u64, &str); 6] = [
    (59, "287082"),             // 94287082
    (1_111_111_109, "081804"),  // 07081804
    (1_111_111_111, "050471"),  // 14050471
    (1_234_567_890, "005924"),  // 89005924
    (2_000_000_000, "279037"),  // 69279037
    (20_000_000_000, "353130"), // 65353130
];

#[test]
fn rfc6238_vectors() {
    let secret = rfc_secret();
    for (time, expected) in RFC6238_SHA1 {
        assert_eq!(code_at(&secret, time), expected, "time {time}");
        assert_eq!(
            verify(&secret, expected, time, None),
            Some(time / 30),
            "time {time}"
        );
    }
}

#[test]
fn a_code_cannot_be_replayed() {
    let secret = TotpSecret::generate();
    let now = 1_764_320_400;
    let code = code_at(&secret, now);
    let step = verify(&secret, &code, now, None).unwrap();
    assert_eq!(step, now / STEP_SECS);
    // Same code again, same moment or a few seconds later: refused.
    assert_eq!(verify(&secret, &code, now, Some(step)), None);
    assert_eq!(verify(&secret, &code, now + 10, Some(step)), None);
    // The next step's code is accepted.
    let next = code_at(&secret, now + STEP_SECS);
    assert_eq!(
        verify(&secret, &next, now + STEP_SECS, Some(step)),
        Some(step + 1)
    );
    // An earlier step's code, still inside the skew window, is refused after a later one.
    let previous = code_at(&secret, now - STEP_SECS);
    assert_eq!(verify(&secret, &previous, now, Some(step)), None);
}

#[test]
fn one_step_of_skew_is_accepted_two_are_not() {
    // Fixed secret and time, so the five codes are known to differ.
    let secret = rfc_secret();
    let now: u64 = 1_764_320_415;
    let step = now / STEP_SECS;
    let codes: HashSet<_> = (step - 2..=step + 2)
        .map(|s| code_at(&secret, s * STEP_SECS))
        .collect();
    assert_eq!(codes.len(), 5);
    for (offset, accepted) in [(-2i64, false), (-1, true), (0, true), (1, true), (2, false)] {
        let at = now.checked_add_signed(offset * STEP_SECS as i64).unwrap();
        let expected = accepted.then(|| step.checked_add_signed(offset).unwrap());
        assert_eq!(
            verify(&secret, &code_at(&secret, at), now, None),
            expected,
            "offset {offset}"
        );
    }
}

#[test]
fn whitespace_is_ignored_and_anything_else_refused() {
    let secret = rfc_secret();
    assert_eq!(verify(&secret, " 287 082\n", 59, None), Some(1));
    assert_eq!(verify(&secret, "287\t082", 59, None), Some(1));
    for bad in [
        "",
        "28708",
        "2870820",
        "287-082",
        "28708a",
        "２８７０８２",
        "+287082",
        "287082 0",
    ] {
        assert_eq!(verify(&secret, bad, 59, None), None, "{bad:?}");
    }
}

#[test]
fn time_zero_does_not_underflow() {
    let secret = rfc_secret();
    let code = code_at(&secret, 0);
    assert_eq!(verify(&secret, &code, 0, None), Some(0));
    assert_eq!(verify(&secret, &code, 0, Some(0)), None);
}

#[test]
fn secret_lengths_and_encoding() {
    assert!(TotpSecret::from_bytes(vec![1; 15]).is_err());
    assert!(TotpSecret::from_bytes(vec![1; 65]).is_err());
    assert!(TotpSecret::from_bytes(vec![1; 16]).is_ok());
    assert!(TotpSecret::from_bytes(vec![1; 64]).is_ok());
    let generated = TotpSecret::generate();
    assert_eq!(generated.as_bytes().len(), 20);
    assert_ne!(generated.as_bytes(), TotpSecret::generate().as_bytes());
    assert_eq!(rfc_secret().to_base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    assert_eq!(format!("{generated:?}"), "TotpSecret(..)");
}

#[test]
fn otpauth_uri_is_encoded() {
    let uri = rfc_secret().otpauth_uri("Verbind Gent", "an.peeters@gent.be");
    assert_eq!(
        uri,
        "otpauth://totp/Verbind%20Gent:an.peeters%40gent.be?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
         &issuer=Verbind%20Gent&algorithm=SHA1&digits=6&period=30"
    );
    // A colon or ampersand in a name cannot break the URI's structure.
    let uri = rfc_secret().otpauth_uri("a:b&c=d", "x?y#z");
    assert!(
        uri.starts_with("otpauth://totp/a%3Ab%26c%3Dd:x%3Fy%23z?secret="),
        "{uri}"
    );
}

#[test]
fn qr_svg_is_an_accessible_svg() {
    let uri = rfc_secret().otpauth_uri("Verbind", "an");
    let svg = qr_svg(&uri).unwrap();
    assert!(
        svg.starts_with("<svg role=\"img\" aria-label=\"QR code\""),
        "{}",
        &svg[..80]
    );
    assert!(svg.contains("<title>QR code</title>"));
    assert!(svg.ends_with("</svg>"));
    let titled = qr_svg_with_title("x", "QR-code <scan> & \"go\"").unwrap();
    assert!(titled.contains("<title>QR-code &lt;scan&gt; &amp; &quot;go&quot;</title>"));
    assert!(qr_svg(&"x".repeat(10_000)).is_err());
}

#[test]
fn recovery_codes_are_well_formed_and_distinct() {
    let codes = generate_recovery_codes(10);
    assert_eq!(codes.len(), 10);
    assert_eq!(codes.iter().collect::<HashSet<_>>().len(), 10);
    for code in &codes {
        assert_eq!(code.len(), 14, "{code}");
        let parts: Vec<_> = code.split('-').collect();
        assert_eq!(parts.len(), 3, "{code}");
        for part in parts {
            assert_eq!(part.len(), 4);
            assert!(
                part.bytes()
                    .all(|b| b"abcdefghijkmnpqrstuvwxyz23456789".contains(&b)),
                "{code}"
            );
        }
    }
    // 32 symbols x 12 positions = 60 bits; a large sample uses every symbol.
    let all: HashSet<char> = generate_recovery_codes(200)
        .concat()
        .chars()
        .filter(|&c| c != '-')
        .collect();
    assert_eq!(all.len(), 32);
}

#[test]
fn recovery_code_hash_normalises_input() {
    let h = recovery_code_hash("abcd-efgh-jkmn");
    assert_eq!(h.len(), 64);
    assert_eq!(recovery_code_hash("ABCD EFGH JKMN"), h);
    assert_eq!(recovery_code_hash(" abcdefghjkmn\n"), h);
    assert_ne!(recovery_code_hash("abcd-efgh-jkmp"), h);
    // SHA-256("abcdefghjkmn"), computed independently with Python's hashlib.
    assert_eq!(
        h,
        "ff25e0a8f930ea31f7d2fdefc87340e34d7f6849d0781d0cd87701a5301722c0"
    );
}

proptest! {
    #[test]
    fn matches_totp_rs(secret in proptest::collection::vec(any::<u8>(), 16..=64), time in 0u64..=40_000_000_000) {
        // Cross-check against an independent implementation.
        let ours = TotpSecret::from_bytes(secret.clone()).unwrap();
        let reference = totp_rs::TOTP::from_rfc6238(totp_rs::Rfc6238::with_defaults(secret).unwrap()).unwrap();
        prop_assert_eq!(code_at(&ours, time), reference.generate(time));
    }
}
