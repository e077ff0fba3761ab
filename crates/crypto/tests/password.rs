//! Password hashing: parameters, verification, malformed input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use secrecy::SecretString;
use verbind_crypto::password::{
    ARGON2_M_KIB, ARGON2_P, ARGON2_T, SALT_LEN, hash_password, needs_rehash, phc_params,
    verify_dummy, verify_password,
};

fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_owned())
}

#[test]
fn hash_has_the_required_parameters_and_verifies() {
    let phc = hash_password(&secret("correct horse battery staple")).unwrap();
    assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
    let (m, t, p, salt_len, algorithm) = phc_params(&phc).unwrap();
    assert_eq!(
        (m, t, p, salt_len),
        (ARGON2_M_KIB, ARGON2_T, ARGON2_P, SALT_LEN)
    );
    assert_eq!(algorithm, "argon2id");
    assert!(m >= 19_456 && t >= 2 && p >= 1 && salt_len >= 16);
    assert!(!needs_rehash(&phc));

    assert!(verify_password(
        &phc,
        &secret("correct horse battery staple")
    ));
    assert!(!verify_password(
        &phc,
        &secret("correct horse battery stapl")
    ));
    assert!(!verify_password(&phc, &secret("")));

    // Fresh salt each time.
    let again = hash_password(&secret("correct horse battery staple")).unwrap();
    assert_ne!(phc, again);
}

#[test]
fn malformed_or_foreign_hashes_never_verify() {
    let pw = secret("correct horse battery staple");
    for phc in [
        "",
        "password",
        "$argon2id$",
        "$argon2id$v=19$m=19456,t=2,p=1$",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$@@@",
        "$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
        // Absurd memory cost (4 TiB): refused without trying.
        "$argon2id$v=19$m=4294967295,t=2,p=1$dmVyYmluZC1zYWx0LTE2Yg$FuMTYzuaQ2jJUUAjwyTcLRu9FrzgCy4WraRO1WDtFrI",
    ] {
        assert!(!verify_password(phc, &pw), "{phc:?} verified");
        assert!(needs_rehash(phc), "{phc:?} not flagged for rehash");
    }
    assert!(phc_params("not a hash").is_err());

    // Reference hash with one character of the output changed.
    let altered = "$argon2id$v=19$m=19456,t=2,p=1$dmVyYmluZC1zYWx0LTE2Yg$GuMTYzuaQ2jJUUAjwyTcLRu9FrzgCy4WraRO1WDtFrI";
    assert!(!verify_password(altered, &pw));
}

/// Made with the reference implementation's CLI (Debian package `argon2`):
/// `echo -n "correct horse battery staple" | argon2 verbind-salt-16b -id -k 19456 -t 2 -p 1 -l 32 -e`
const REFERENCE_ARGON2ID: &str = "$argon2id$v=19$m=19456,t=2,p=1$dmVyYmluZC1zYWx0LTE2Yg$FuMTYzuaQ2jJUUAjwyTcLRu9FrzgCy4WraRO1WDtFrI";

#[test]
fn reference_implementation_hash_verifies() {
    assert!(verify_password(
        REFERENCE_ARGON2ID,
        &secret("correct horse battery staple")
    ));
    assert!(!verify_password(
        REFERENCE_ARGON2ID,
        &secret("Correct horse battery staple")
    ));
    assert!(!needs_rehash(REFERENCE_ARGON2ID));
    let (m, t, p, salt_len, algorithm) = phc_params(REFERENCE_ARGON2ID).unwrap();
    assert_eq!(
        (m, t, p, salt_len, algorithm.as_str()),
        (19456, 2, 1, 16, "argon2id")
    );
}

#[test]
fn older_parameters_still_verify_but_need_rehash() {
    // Same CLI, `-m 14` (16 MiB): weaker than today's parameters.
    let phc = "$argon2id$v=19$m=16384,t=2,p=1$dmVyYmluZC1zYWx0LTE2Yg$SzO+lGjDq9ePuF1D7BjgQrHOW9meyTqkvJ252tvbv7E";
    assert!(verify_password(
        phc,
        &secret("correct horse battery staple")
    ));
    assert!(needs_rehash(phc));
}

#[test]
fn other_argon2_variants_are_refused() {
    // A correct argon2i hash of the same password (same CLI, `-i`): refused all the same.
    let phc = "$argon2i$v=19$m=16384,t=2,p=1$dmVyYmluZC1zYWx0LTE2Yg$lMcHrnqV0o7tUM8UdydzH3NNwxNoMt4/obUoHvvp9A4";
    assert!(!verify_password(
        phc,
        &secret("correct horse battery staple")
    ));
    assert!(needs_rehash(phc));
}

#[test]
fn weaker_parameters_need_rehash() {
    assert!(needs_rehash(
        "$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    ));
}

#[test]
fn dummy_verify_costs_what_a_real_verify_costs() {
    // Timing is not asserted (no timed tests). What makes the times equal is
    // that the dummy hash has exactly the parameters of a real one: check that.
    verify_dummy(&secret("whatever"));
    let dummy = verbind_crypto::password::dummy_phc().expect("a dummy hash");
    let real = verbind_crypto::password::hash_password(&secret("een echt wachtwoord")).unwrap();
    assert_eq!(phc_params(dummy).unwrap(), phc_params(&real).unwrap());
    assert!(
        !verify_password(dummy, &secret("whatever")),
        "the dummy never matches"
    );
}
