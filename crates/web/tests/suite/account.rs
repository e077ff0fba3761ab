//! Two-step verification, re-authentication, password change and set-password
//! links through the real server (QUALITY.md §1.1, §1.2, §1.4), on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, TestApp};
use verbind_crypto::totp;
use verbind_domain::Clock;
use verbind_store::demo::DEMO_PASSWORD;
use verbind_store::models::{set_password_token, user};

/// The secret the user is enrolling, read as the app would scan it.
fn pending_secret(app: &TestApp, username: &str) -> totp::TotpSecret {
    let keyring = app.state.keyring.clone();
    let bytes = app
        .db
        .read(|c| {
            let u = user::find_by_username(c, username)?.unwrap();
            user::totp_pending(c, &keyring, &u)
        })
        .unwrap()
        .expect("a pending secret");
    totp::TotpSecret::from_bytes(bytes.to_vec()).unwrap()
}

fn code_now(app: &TestApp, secret: &totp::TotpSecret) -> String {
    totp::code_at(secret, u64::try_from(app.clock.now_ms() / 1000).unwrap())
}

/// Enrols `username` in MFA through the pages; returns the secret and the recovery codes.
async fn enrol(app: &TestApp, c: &mut Client, username: &str) -> (totp::TotpSecret, Vec<String>) {
    let page = c.get("/account/mfa").await;
    assert_eq!(page.status, 200);
    let csrf = common::csrf_in(&page.body).unwrap();
    assert_eq!(
        c.post_form("/account/mfa", &[("csrf", &csrf), ("action", "start")])
            .await
            .status,
        303
    );
    let page = c.get("/account/mfa").await;
    assert!(page.body.contains("<svg"), "the QR code is shown");
    let secret = pending_secret(app, username);
    assert!(
        page.body.contains(&secret.to_base32()),
        "the key is shown for typing"
    );
    // A wrong code is refused with a message next to the field.
    let r = c
        .post_form(
            "/account/mfa",
            &[("csrf", &csrf), ("action", "confirm"), ("code", "000000")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Deze code klopt niet"));
    let code = code_now(app, &secret);
    let r = c
        .post_form(
            "/account/mfa",
            &[("csrf", &csrf), ("action", "confirm"), ("code", &code)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let codes: Vec<String> = r
        .body
        .split("<code class=\"secret\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10, "ten recovery codes shown once");
    (secret, codes)
}

scenario!(
    totp_enrolment_single_use_codes_and_recovery,
    false,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        let r = c.login("deskundige", DEMO_PASSWORD, "").await;
        assert_eq!(r.header("location").as_deref(), Some("/account/mfa"));
        assert_eq!(
            c.get("/").await.status,
            303,
            "nothing else before enrolment"
        );
        assert_eq!(
            c.get("/api/v1/me").await.status,
            200,
            "the own account stays reachable"
        );
        let (secret, codes) = enrol(&app, &mut c, "deskundige").await;
        assert_eq!(
            c.get("/").await.status,
            200,
            "after enrolment the dashboard opens"
        );

        // The code used to enrol cannot be used again (same 30 s step).
        let mut c2 = Client::new(&app);
        let same = code_now(&app, &secret);
        assert_eq!(
            c2.login("deskundige", DEMO_PASSWORD, &same).await.status,
            401,
            "replay refused"
        );
        assert_eq!(
            c2.login("deskundige", DEMO_PASSWORD, "").await.status,
            401,
            "password alone is not enough"
        );
        // The next step's code works once.
        app.clock.advance_ms(30_000);
        let next = code_now(&app, &secret);
        assert_eq!(
            c2.login("deskundige", DEMO_PASSWORD, &next).await.status,
            303
        );
        assert_eq!(c2.get("/").await.status, 200);
        let mut c3 = Client::new(&app);
        assert_eq!(
            c3.login("deskundige", DEMO_PASSWORD, &next).await.status,
            401,
            "a code is single use"
        );
        // A recovery code works once.
        let mut c4 = Client::new(&app);
        assert_eq!(
            c4.login("deskundige", DEMO_PASSWORD, &codes[0])
                .await
                .status,
            303
        );
        let mut c5 = Client::new(&app);
        assert_eq!(
            c5.login("deskundige", DEMO_PASSWORD, &codes[0])
                .await
                .status,
            401
        );
        // The API takes the code too.
        app.clock.advance_ms(30_000);
        let code = code_now(&app, &secret);
        let r = Client::new(&app)
        .post_json("/api/v1/session", serde_json::json!({"username": "deskundige", "password": DEMO_PASSWORD, "totp": code}), None)
        .await;
        assert_eq!(r.status, 200);
        assert_eq!(r.json()["mfa_enrolment_required"], false);
        // The secret is stored encrypted: its raw bytes are not in the row.
        let row = app
            .db
            .read(|c| user::find_by_username(c, "deskundige"))
            .unwrap()
            .unwrap();
        let enc = row.totp_secret_enc.unwrap();
        assert!(
            !enc.windows(secret.as_bytes().len())
                .any(|w| w == secret.as_bytes())
        );
    }
);

scenario!(
    reauthentication_before_password_change,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        c.login_demo("caw").await;
        let mut other = Client::new(&app);
        other.login_demo("caw").await;
        let page = c.get("/account").await;
        let csrf = common::csrf_in(&page.body).unwrap();
        let fields = [
            ("csrf", csrf.as_str()),
            ("new_password", "lange zin over de schelde"),
            ("confirm", "lange zin over de schelde"),
        ];
        let r = c.post_form("/account/wachtwoord", &fields).await;
        assert_eq!(r.status, 303);
        assert_eq!(
            r.header("location").as_deref(),
            Some("/account/bevestigen?terug=/account")
        );
        // A wrong password does not confirm.
        let r = c
            .post_form(
                "/account/bevestigen",
                &[("csrf", &csrf), ("password", "fout"), ("terug", "/account")],
            )
            .await;
        assert_eq!(r.status, 401);
        let r = c
            .post_form(
                "/account/bevestigen",
                &[
                    ("csrf", &csrf),
                    ("password", DEMO_PASSWORD),
                    ("terug", "//evil.example"),
                ],
            )
            .await;
        assert_eq!(
            r.header("location").as_deref(),
            Some("/"),
            "no open redirect"
        );
        // Weak password: a clear message next to the field.
        let r = c
            .post_form(
                "/account/wachtwoord",
                &[
                    ("csrf", &csrf),
                    ("new_password", "password1234"),
                    ("confirm", "password1234"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("te gewoon"));
        let r = c
            .post_form(
                "/account/wachtwoord",
                &[
                    ("csrf", &csrf),
                    ("new_password", "kort"),
                    ("confirm", "kort"),
                ],
            )
            .await;
        assert!(r.body.contains("minstens 12 tekens"));
        let r = c.post_form("/account/wachtwoord", &fields).await;
        assert_eq!(r.status, 303);
        assert_eq!(c.get("/api/v1/me").await.status, 200, "this session stays");
        assert_eq!(
            other.get("/api/v1/me").await.status,
            401,
            "other sessions end"
        );
        assert_eq!(
            Client::new(&app)
                .login("caw", DEMO_PASSWORD, "")
                .await
                .status,
            401
        );
        assert_eq!(
            Client::new(&app)
                .login("caw", "lange zin over de schelde", "")
                .await
                .status,
            303
        );
        // Re-authentication counts for five minutes only.
        app.clock.advance_ms(5 * 60 * 1000);
        let r = c.post_form("/account/wachtwoord", &fields).await;
        assert_eq!(
            r.header("location").as_deref(),
            Some("/account/bevestigen?terug=/account")
        );
    }
);

scenario!(
    set_password_link_is_single_use_and_expires,
    true,
    |app: TestApp| async move {
        let now = app.clock.now_ms();
        let token = verbind_crypto::token::random_token();
        let hash = verbind_crypto::token::token_hash(&token);
        let u = app
            .db
            .read(|c| user::find_by_username(c, "vdab"))
            .unwrap()
            .unwrap();
        app.db
            .write(|c| {
                set_password_token::create(
                    c,
                    &set_password_token::SetPasswordToken {
                        token_hash: hash.clone(),
                        user_id: u.id.clone(),
                        created_by: None,
                        created_at: now,
                        expires_at: now + verbind_domain::session::SET_PASSWORD_LINK_MS,
                        used_at: None,
                    },
                )
            })
            .unwrap();
        let mut c = Client::new(&app);
        let path = format!("/wachtwoord-instellen?token={token}");
        let page = c.get(&path).await;
        assert_eq!(page.status, 200);
        let csrf = common::csrf_in(&page.body).unwrap();
        let r = c
            .post_form(
                "/wachtwoord-instellen",
                &[
                    ("csrf", &csrf),
                    ("token", &token),
                    ("new_password", "een lange veilige zin"),
                    ("confirm", "iets anders"),
                ],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("niet gelijk"));
        let r = c
            .post_form(
                "/wachtwoord-instellen",
                &[
                    ("csrf", &csrf),
                    ("token", &token),
                    ("new_password", "een lange veilige zin"),
                    ("confirm", "een lange veilige zin"),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(
            Client::new(&app)
                .login("vdab", "een lange veilige zin", "")
                .await
                .status,
            303
        );
        assert_eq!(c.get(&path).await.status, 404, "used once");
        assert_eq!(
            c.get("/wachtwoord-instellen?token=verzonnen").await.status,
            404
        );
        // Another link expires after 24 hours.
        let token2 = verbind_crypto::token::random_token();
        let hash2 = verbind_crypto::token::token_hash(&token2);
        app.db
            .write(|c| {
                set_password_token::create(
                    c,
                    &set_password_token::SetPasswordToken {
                        token_hash: hash2.clone(),
                        user_id: u.id.clone(),
                        created_by: None,
                        created_at: now,
                        expires_at: now + verbind_domain::session::SET_PASSWORD_LINK_MS,
                        used_at: None,
                    },
                )
            })
            .unwrap();
        app.clock
            .advance_ms(verbind_domain::session::SET_PASSWORD_LINK_MS + 1);
        assert_eq!(
            c.get(&format!("/wachtwoord-instellen?token={token2}"))
                .await
                .status,
            404
        );
    }
);

scenario!(
    every_stored_password_hash_is_argon2id_with_the_required_parameters,
    true,
    |app: TestApp| async move {
        // One more hash made through the page, then check every stored PHC string.
        let mut c = Client::new(&app);
        c.login_demo("clb").await;
        let hashes: Vec<String> = app
            .db
            .read(|conn| {
                let tenants = verbind_store::models::tenant::list(conn)?;
                let mut out = Vec::new();
                for t in tenants {
                    for u in user::list(conn, &t.tenant_id())? {
                        out.extend(u.password_hash);
                    }
                }
                Ok(out)
            })
            .unwrap();
        assert!(hashes.len() >= 10);
        for phc in hashes {
            let (m, t, p, salt, alg) = verbind_crypto::password::phc_params(&phc).unwrap();
            assert_eq!(alg, "argon2id");
            assert!(
                m >= 19_456 && t >= 2 && p >= 1 && salt >= 16,
                "{m} {t} {p} {salt}"
            );
        }
    }
);

scenario!(
    failed_reauthentication_is_throttled_like_login,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        c.login_demo("clb").await;
        let csrf = common::csrf_in(&c.get("/account").await.body).unwrap();
        for _ in 0..3 {
            let r = c
                .post_form(
                    "/account/bevestigen",
                    &[
                        ("csrf", &csrf),
                        ("password", "geraden-wachtwoord"),
                        ("terug", "/account"),
                    ],
                )
                .await;
            assert_eq!(r.status, 401);
        }
        // Now even the right password waits: guessing through a session is
        // slowed down, and the page says so (not "check your password").
        let r = c
            .post_form(
                "/account/bevestigen",
                &[
                    ("csrf", &csrf),
                    ("password", DEMO_PASSWORD),
                    ("terug", "/account"),
                ],
            )
            .await;
        assert_eq!(r.status, 429);
        assert_eq!(r.header("retry-after").as_deref(), Some("1"));
        assert!(
            r.body
                .contains("Te veel mislukte pogingen. Probeer opnieuw over 1 seconde.")
        );
        // It counts against login as well.
        assert_eq!(
            Client::new(&app)
                .login("clb", DEMO_PASSWORD, "")
                .await
                .status,
            429
        );
        app.clock.advance_ms(2_000);
        let r = c
            .post_form(
                "/account/bevestigen",
                &[
                    ("csrf", &csrf),
                    ("password", DEMO_PASSWORD),
                    ("terug", "/account"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "after the wait the right password confirms");
    }
);
