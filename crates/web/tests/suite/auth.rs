//! Login, sessions, CSRF, headers and errors through the real HTTP server
//! (QUALITY.md §1), on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, Db, TestApp, spawn, spawn_config, spawn_with};
use verbind_store::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD};

scenario!(
    login_page_is_dutch_and_every_demo_account_logs_in,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        let page = c.get("/aanmelden").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("<html lang=\"nl\">"));
        assert!(page.body.contains("Aanmelden"));
        assert!(page.body.contains("DEMO - fictieve gegevens"));
        for a in DEMO_ACCOUNTS {
            // Through the page: a redirect to the dashboard, which greets in Dutch.
            let mut c = Client::new(&app);
            let r = c.login(a.username, DEMO_PASSWORD, "").await;
            assert_eq!(r.status, 303, "{}: {}", a.username, r.body);
            let dash = c.get("/").await;
            assert_eq!(dash.status, 200, "{}", a.username);
            assert!(
                dash.body.contains("Overzicht") && dash.body.contains("Welkom"),
                "{}",
                a.username
            );
            assert!(
                dash.body.contains(a.name),
                "{} sees its own name",
                a.username
            );
            // Through the API.
            let mut api = Client::new(&app);
            let r = api
                .post_json(
                    "/api/v1/session",
                    serde_json::json!({"username": a.username, "password": DEMO_PASSWORD}),
                    None,
                )
                .await;
            assert_eq!(r.status, 200, "{}: {}", a.username, r.body);
            let csrf = r.json()["csrf_token"].as_str().unwrap().to_owned();
            let me = api.get("/api/v1/me").await;
            assert_eq!(me.status, 200);
            assert_eq!(me.json()["username"], a.username);
            assert_eq!(me.json()["role"], a.role.code());
            assert_eq!(me.json()["csrf_token"], csrf);
            assert_eq!(me.json()["tenant"]["name"], "LIVC-R Sint-Niklaas");
        }
    }
);

scenario!(
    wrong_credentials_do_not_reveal_which_part,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        let wrong_pw = c.login("politie", "niet-het-wachtwoord", "").await;
        let unknown = c.login("bestaat-niet", "niet-het-wachtwoord", "").await;
        assert_eq!(wrong_pw.status, 401);
        assert_eq!(unknown.status, 401);
        let msg = "Aanmelden is niet gelukt. Controleer uw gebruikersnaam, wachtwoord en code.";
        assert!(wrong_pw.body.contains(msg));
        assert!(unknown.body.contains(msg));
        // Same API answer as well.
        let a = c
            .post_json(
                "/api/v1/session",
                serde_json::json!({"username": "politie", "password": "x"}),
                None,
            )
            .await;
        let b = c
            .post_json(
                "/api/v1/session",
                serde_json::json!({"username": "niemand", "password": "x"}),
                None,
            )
            .await;
        assert_eq!((a.status, b.status), (401, 401));
        assert_eq!(a.json()["error"], b.json()["error"]);
        assert!(!c.cookies.contains_key("__Host-verbind"));
    }
);

scenario!(
    throttling_per_account_with_backoff_and_cap,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        // Three free failures, then a wait.
        for _ in 0..3 {
            assert_eq!(c.login("caw", "fout-fout-fout", "").await.status, 401);
        }
        let r = c.login("caw", DEMO_PASSWORD, "").await;
        assert_eq!(
            r.status, 429,
            "even the right password waits during the back-off"
        );
        assert!(r.body.contains("Te veel mislukte pogingen"));
        assert_eq!(r.header("retry-after").as_deref(), Some("1"));
        // An unknown account is throttled the same way: no enumeration.
        for _ in 0..3 {
            c.login("onbekend", "fout-fout-fout", "").await;
        }
        assert_eq!(c.login("onbekend", "fout-fout-fout", "").await.status, 429);
        // Wait it out: the right password works and clears the account's counter.
        app.clock.advance_ms(1_001);
        assert_eq!(c.login("caw", DEMO_PASSWORD, "").await.status, 303);
        // Many failures never lock out for more than the cap (15 minutes).
        let mut c2 = Client::new(&app);
        // (15 rounds: the per-source counter, which has its own larger cap, stays low.)
        for _ in 0..15 {
            c2.login("vdab", "fout-fout-fout", "").await;
            app.clock.advance_ms(3_600_000);
        }
        let r = c2.login("vdab", "fout-fout-fout", "").await;
        assert_eq!(
            r.status, 401,
            "after waiting past the cap the account can be tried again"
        );
        let r = c2.login("vdab", "fout-fout-fout", "").await;
        let wait: i64 = r
            .header("retry-after")
            .unwrap_or_default()
            .parse()
            .unwrap_or(0);
        assert!(wait <= 15 * 60, "wait {wait}s exceeds the 15 minute cap");
    }
);

scenario!(
    session_cookie_and_new_id_at_login,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        c.login_demo("deskundige").await;
        let line = c
            .set_cookie_lines
            .iter()
            .find(|l| l.starts_with("__Host-verbind="))
            .unwrap()
            .clone();
        for attr in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(line.contains(attr), "{attr} missing in {line}");
        }
        assert!(!line.contains("Domain="), "__Host- cookies have no Domain");
        let first = c.cookies["__Host-verbind"].clone();
        assert!(
            first.len() >= 43,
            "at least 256 bits of randomness, base64url"
        );
        // Logging in again gives a new id.
        c.login_demo("deskundige").await;
        assert_ne!(c.cookies["__Host-verbind"], first);
        // The database holds only the hash of the token.
        let hash = verbind_crypto::token::token_hash(&first);
        let stored = app
            .db
            .read(|conn| verbind_store::models::session::find(conn, &hash))
            .unwrap();
        assert!(
            stored.is_some(),
            "the first session is still there (two logins, two sessions)"
        );
        let by_token = app
            .db
            .read(|conn| verbind_store::models::session::find(conn, &first))
            .unwrap();
        assert!(by_token.is_none(), "the raw token is not stored");
    }
);

scenario!(
    logout_ends_the_session_everywhere,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        c.login_demo("politie").await;
        let token = c.cookies["__Host-verbind"].clone();
        let dash = c.get("/").await;
        let csrf = common::csrf_in(&dash.body).unwrap();
        let r = c.post_form("/afmelden", &[("csrf", &csrf)]).await;
        assert_eq!(r.status, 303);
        assert!(r.header("clear-site-data").unwrap().contains("cookies"));
        // The old cookie no longer works.
        let mut replay = Client::new(&app);
        replay.cookies.insert("__Host-verbind".into(), token);
        let r = replay.get("/").await;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location").as_deref(), Some("/aanmelden"));
        let api = replay.get("/api/v1/me").await;
        assert_eq!(api.status, 401);
    }
);

scenario!(
    idle_and_absolute_timeouts,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        c.login_demo("clb").await;
        app.clock.advance_ms(14 * 60 * 1000);
        assert_eq!(
            c.get("/api/v1/me").await.status,
            200,
            "14 minutes idle is fine"
        );
        app.clock.advance_ms(15 * 60 * 1000);
        assert_eq!(
            c.get("/api/v1/me").await.status,
            401,
            "15 minutes idle ends the session"
        );
        // Active all the time, but never past 8 hours.
        let mut c = Client::new(&app);
        c.login_demo("clb").await;
        for _ in 0..(8 * 6 - 1) {
            app.clock.advance_ms(10 * 60 * 1000);
            assert_eq!(c.get("/api/v1/me").await.status, 200);
        }
        app.clock.advance_ms(10 * 60 * 1000);
        assert_eq!(
            c.get("/api/v1/me").await.status,
            401,
            "8 hours after login the session ends"
        );
    }
);

scenario!(
    csrf_is_required_on_every_state_change,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        // Login form without the pre-session token.
        let r = c
            .post_form(
                "/aanmelden",
                &[("username", "politie"), ("password", DEMO_PASSWORD)],
            )
            .await;
        assert_eq!(r.status, 403);
        assert!(r.body.contains("Formulier verlopen"));
        c.login_demo("politie").await;
        // Logout without token, with a wrong token: refused, session kept.
        assert_eq!(c.post_form("/afmelden", &[]).await.status, 403);
        assert_eq!(
            c.post_form("/afmelden", &[("csrf", "fout")]).await.status,
            403
        );
        assert_eq!(c.get("/api/v1/me").await.status, 200);
        // API: DELETE needs the header.
        let csrf = c.get("/api/v1/me").await.json()["csrf_token"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(c.delete("/api/v1/session", None).await.status, 403);
        assert_eq!(c.delete("/api/v1/session", Some("fout")).await.status, 403);
        // A cross-site Origin is refused even with the right token.
        let r = c
            .http
            .post(format!("{}/afmelden", c.base))
            .header(
                "cookie",
                format!("__Host-verbind={}", c.cookies["__Host-verbind"]),
            )
            .header("origin", "https://evil.example")
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 403);
        // What browsers mark as cross-site is refused too.
        let r = c
            .http
            .post(format!("{}/afmelden", c.base))
            .header(
                "cookie",
                format!("__Host-verbind={}", c.cookies["__Host-verbind"]),
            )
            .header("sec-fetch-site", "cross-site")
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 403);
        // `Origin: null` (a form post under Referrer-Policy: no-referrer) is fine with the right token.
        let r = c
            .http
            .post(format!("{}/taal", c.base))
            .header(
                "cookie",
                format!("__Host-verbind={}", c.cookies["__Host-verbind"]),
            )
            .header("origin", "null")
            .header("sec-fetch-site", "same-origin")
            .form(&[("csrf", csrf.as_str()), ("locale", "nl-BE")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 303);
        // API login must be JSON: a cross-site form post cannot log someone in.
        let r = c
            .post_form(
                "/api/v1/session",
                &[("username", "politie"), ("password", DEMO_PASSWORD)],
            )
            .await;
        assert_eq!(r.status, 403);
        assert_eq!(c.delete("/api/v1/session", Some(&csrf)).await.status, 204);
        assert_eq!(c.get("/api/v1/me").await.status, 401);
    }
);

scenario!(
    security_headers_on_every_response,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        let mut responses = vec![
            c.get("/aanmelden").await,
            c.get("/bestaat-niet").await,
            c.get("/api/v1/me").await,
            c.get("/api/v1/openapi.json").await,
            c.get("/static/verbind.css").await,
            c.get("/healthz").await,
        ];
        c.login_demo("deskundige").await;
        responses.push(c.get("/").await);
        for r in &responses {
            let csp = r.header("content-security-policy").expect("CSP");
            for part in [
                "default-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
                "frame-ancestors 'none'",
            ] {
                assert!(csp.contains(part), "{part} missing");
            }
            assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
            assert_eq!(
                r.header("x-content-type-options").as_deref(),
                Some("nosniff")
            );
            assert_eq!(r.header("referrer-policy").as_deref(), Some("no-referrer"));
            assert!(r.header("permissions-policy").is_some());
            assert_eq!(
                r.header("cross-origin-opener-policy").as_deref(),
                Some("same-origin")
            );
            assert!(r.header("x-request-id").is_some());
        }
        // Pages (which may hold personal data) are never cached.
        assert_eq!(
            responses.last().unwrap().header("cache-control").as_deref(),
            Some("no-store")
        );
        assert_eq!(
            responses[2].header("cache-control").as_deref(),
            Some("no-store")
        );
        // No HSTS over plain HTTP unless configured.
        assert!(responses[0].header("strict-transport-security").is_none());
    }
);

scenario!(
    error_pages_show_request_id_and_no_internals,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        let r = c.get("/beheer/../../etc/passwd").await;
        assert_eq!(r.status, 404);
        let id = r.header("x-request-id").unwrap();
        assert!(r.body.contains(&id), "the page shows the request id");
        assert!(r.body.contains("Niet gevonden"));
        let r = c.get("/api/v1/bestaat-niet").await;
        assert_eq!(r.status, 404);
        assert_eq!(r.json()["error"], "not_found");
        assert_eq!(r.json()["request_id"], r.header("x-request-id").unwrap());
        // Malformed JSON is a clean 400, not a 500.
        let raw = c
            .http
            .post(format!("{}/api/v1/session", c.base))
            .header("content-type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_eq!(raw.status().as_u16(), 400);
        // Too large a body: 413 with our page, every time. The rest of the
        // body is read first, so the client never gets a reset instead.
        let big = "x".repeat(2 * 1024 * 1024);
        let csrf = c.csrf_from("/aanmelden").await;
        for _ in 0..5 {
            let r = c
                .post_form("/aanmelden", &[("csrf", &csrf), ("username", &big)])
                .await;
            assert_eq!(r.status, 413);
            assert!(r.body.contains(&r.header("x-request-id").unwrap()));
            assert!(!r.body.contains("panicked") && !r.body.contains("diesel"));
        }
        let r = c
            .post_json(
                "/api/v1/session",
                serde_json::json!({ "username": big }),
                None,
            )
            .await;
        assert_eq!(r.status, 413);
        assert_eq!(r.json()["error"], "payload_too_large");
    }
);

scenario!(
    health_metrics_and_openapi,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        assert_eq!(c.get("/healthz").await.status, 200);
        c.login_demo("politie").await;
        c.login("politie", "fout-fout-fout", "").await;
        let m = c.get("/metrics").await;
        assert_eq!(m.status, 200);
        assert!(
            m.body
                .contains("verbind_logins_total{outcome=\"succeeded\"}")
        );
        assert!(m.body.contains("verbind_http_requests_total"));
        for a in DEMO_ACCOUNTS {
            assert!(!m.body.contains(a.username), "metrics name no user");
        }
        let spec = c.get("/api/v1/openapi.json").await.json();
        for p in ["/api/v1/session", "/api/v1/me"] {
            assert!(spec["paths"][p].is_object(), "{p} documented");
        }
        assert!(spec["paths"]["/api/v1/session"]["delete"].is_object());
    }
);

scenario!(
    language_switch_and_french_pages,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        let csrf = c.csrf_from("/aanmelden").await;
        let r = c
            .post_form("/taal", &[("csrf", &csrf), ("locale", "fr-BE")])
            .await;
        assert_eq!(r.status, 303);
        let page = c.get("/aanmelden").await;
        assert!(page.body.contains("<html lang=\"fr\">"));
        assert!(page.body.contains("Connexion"));
        // A logged-in user's choice is saved on the account.
        c.login_demo("vdab").await;
        let dash = c.get("/").await;
        let csrf = common::csrf_in(&dash.body).unwrap();
        c.post_form("/taal", &[("csrf", &csrf), ("locale", "en")])
            .await;
        let me = c.get("/api/v1/me").await.json();
        assert_eq!(me["locale"], "en");
        assert!(c.get("/").await.body.contains("Overview"));
    }
);

scenario!(
    disabled_account_loses_sessions_and_cannot_log_in,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        c.login_demo("justitiehuis").await;
        assert_eq!(c.get("/api/v1/me").await.status, 200);
        let u = app
            .db
            .read(|conn| verbind_store::models::user::find_by_username(conn, "justitiehuis"))
            .unwrap()
            .unwrap();
        app.db
            .write(|conn| {
                verbind_store::models::user::set_disabled(conn, &u.tenant(), &u.user_id(), true, 0)
            })
            .unwrap();
        assert_eq!(
            c.get("/api/v1/me").await.status,
            401,
            "disabling ends the session at once"
        );
        let r = Client::new(&app)
            .login("justitiehuis", DEMO_PASSWORD, "")
            .await;
        assert_eq!(r.status, 401);
    }
);

scenario!(
    mfa_is_mandatory_outside_demo_for_case_roles,
    false,
    |app: TestApp| async move {
        // Outside demo mode, an expert without MFA may only enrol.
        let mut c = Client::new(&app);
        let r = c.login("deskundige", DEMO_PASSWORD, "").await;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location").as_deref(), Some("/account/mfa"));
        let dash = c.get("/").await;
        assert_eq!(dash.status, 303);
        assert_eq!(dash.header("location").as_deref(), Some("/account/mfa"));
        let api = c
            .post_json(
                "/api/v1/session",
                serde_json::json!({"username": "deskundige", "password": DEMO_PASSWORD}),
                None,
            )
            .await;
        assert_eq!(api.json()["mfa_enrolment_required"], true);
        // A steering-group member sees no case data, so MFA is not forced.
        let mut s = Client::new(&app);
        let r = s.login("stuurgroep", DEMO_PASSWORD, "").await;
        assert_eq!(r.header("location").as_deref(), Some("/"));
        assert_eq!(s.get("/").await.status, 200);
    }
);

scenario!(
    every_login_and_failure_is_audited,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        c.login_demo("politie").await;
        c.login("politie", "fout-fout-fout", "").await;
        c.login("niemand", "fout-fout-fout", "").await;
        let rows = app
            .db
            .read(|conn| {
                verbind_store::models::audit::list(
                    conn,
                    &verbind_store::models::audit::Filter {
                        limit: 100,
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
        assert!(actions.contains(&"login.succeeded"));
        assert_eq!(actions.iter().filter(|a| **a == "login.failed").count(), 2);
        // No attempted username or password text lands in the trail.
        for r in &rows {
            let d = r.detail.clone().unwrap_or_default();
            assert!(!d.contains("niemand") && !d.contains("fout-fout"));
        }
        let mut conn = app.db.conn().unwrap();
        verbind_store::models::audit::verify(&mut conn, None, |_| {}).unwrap();
    }
);

scenario!(
    throttling_per_source_across_account_names,
    true,
    |app: TestApp| async move {
        // Password spraying from one address: many names, a few tries each.
        let mut c = Client::new(&app);
        for i in 0..20 {
            let r = c.login(&format!("gok{i}"), "fout-fout-fout", "").await;
            assert_eq!(r.status, 401);
        }
        let r = c.login("gok-nieuw", "fout-fout-fout", "").await;
        assert_eq!(
            r.status, 429,
            "the source is slowed down even for a fresh name"
        );
        // The wait is bounded, and the real user can log in once it is over.
        app.clock.advance_ms(60 * 60 * 1000);
        assert_eq!(c.login("politie", DEMO_PASSWORD, "").await.status, 303);
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hsts_when_served_over_tls_sqlite() {
    let app = spawn_config(
        Db::Sqlite,
        verbind_web::WebConfig {
            demo: true,
            hsts: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let mut c = Client::new(&app);
    for path in ["/aanmelden", "/api/v1/me", "/bestaat-niet"] {
        let r = c.get(path).await;
        let h = r.header("strict-transport-security").expect("HSTS");
        assert!(h.contains("max-age=63072000"), "{path}: {h}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_requests_never_change_state_sqlite() {
    let app = spawn(Db::Sqlite, true).await.unwrap();
    let mut c = Client::new(&app);
    c.login_demo("beheerder").await;
    let head = |app: &TestApp| app.db.read(verbind_store::models::audit::head).unwrap();
    let before = head(&app);
    for path in [
        "/",
        "/account",
        "/account/mfa",
        "/organisaties",
        "/beheer/gebruikers",
        "/beheer/sessies",
        "/api/v1/me",
        "/api/v1/openapi.json",
        "/healthz",
        "/metrics",
        "/afmelden",
        "/taal",
    ] {
        let r = c.get(path).await;
        assert!(r.status < 500, "{path}: {}", r.status);
    }
    assert_eq!(head(&app), before, "no GET wrote to the audit trail");
    assert_eq!(
        c.get("/api/v1/me").await.status,
        200,
        "GET /afmelden did not log out"
    );
    let me = c.get("/api/v1/me").await.json();
    assert_eq!(me["locale"], "nl-BE", "GET /taal changed nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_database_says_how_to_create_the_first_administrator_sqlite() {
    let app = spawn_with(Db::Sqlite, verbind_web::WebConfig::default(), false)
        .await
        .unwrap();
    let mut c = Client::new(&app);
    let page = c.get("/aanmelden").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Nog geen beheerder"));
    assert!(page.body.contains("verbind user add --admin"));
    assert!(page.body.contains("verbind profile load"));
    // No default password exists: nothing logs in.
    for (u, p) in [
        ("admin", "admin"),
        ("beheerder", DEMO_PASSWORD),
        ("root", "verbind"),
    ] {
        assert_eq!(c.login(u, p, "").await.status, 401);
    }
}

scenario!(
    api_errors_carry_the_request_id_and_the_right_status,
    true,
    |app: TestApp| async move {
        let mut c = Client::new(&app);
        let r = c
            .post_json(
                "/api/v1/session",
                serde_json::json!({"username": "politie", "password": "fout"}),
                None,
            )
            .await;
        assert_eq!(r.status, 401);
        assert_eq!(r.json()["request_id"], r.header("x-request-id").unwrap());
        let wrong_types = c
            .post_json(
                "/api/v1/session",
                serde_json::json!({"username": 5, "password": []}),
                None,
            )
            .await;
        assert_eq!(wrong_types.status, 400);
        assert_eq!(wrong_types.json()["error"], "bad_request");
        let huge = "a".repeat(300 * 1024);
        let r = c
            .post_json(
                "/api/v1/session",
                serde_json::json!({"username": huge, "password": "x"}),
                None,
            )
            .await;
        assert_eq!(r.status, 413);
        assert_eq!(r.json()["error"], "payload_too_large");
    }
);

/// A login attempt through the API from `forwarded` (the X-Forwarded-For a
/// proxy would add); returns the status.
async fn api_login_from(app: &TestApp, forwarded: &str, username: &str, password: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("http://{}/api/v1/session", app.addr))
        .header("x-forwarded-for", forwarded)
        .json(&serde_json::json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn spraying_locks_out(app: &TestApp, attacker: &str) {
    for i in 0..20 {
        assert_eq!(
            api_login_from(app, attacker, &format!("gok{i}"), "fout-fout-fout").await,
            401
        );
    }
    assert_eq!(
        api_login_from(app, attacker, "gok-nieuw", "fout-fout-fout").await,
        429
    );
}

/// Behind a trusted reverse proxy every request comes from the proxy: the
/// client's address is read from X-Forwarded-For, so one sprayer does not
/// lock out everyone else behind the same proxy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_the_forwarded_client_is_throttled_alone_sqlite() {
    let app = spawn_config(
        Db::Sqlite,
        verbind_web::WebConfig {
            demo: true,
            trusted_proxies: vec!["127.0.0.1/32".parse().unwrap()],
            ..Default::default()
        },
    )
    .await
    .unwrap();
    spraying_locks_out(&app, "203.0.113.66").await;
    // Another client behind the same proxy logs in.
    assert_eq!(
        api_login_from(&app, "198.51.100.7", "politie", DEMO_PASSWORD).await,
        200
    );
    // The sprayer stays slowed down, whatever it writes left of the proxy's entry.
    assert_eq!(
        api_login_from(&app, "198.51.100.7, 203.0.113.66", "politie", DEMO_PASSWORD).await,
        429
    );
}

/// Without a trusted proxy, X-Forwarded-For is the client's own claim and
/// changes nothing: changing it does not escape the limit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untrusted_forwarded_for_does_not_escape_the_limit_sqlite() {
    let app = spawn_config(
        Db::Sqlite,
        verbind_web::WebConfig {
            demo: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    spraying_locks_out(&app, "203.0.113.66").await;
    assert_eq!(
        api_login_from(&app, "198.51.100.7", "politie", DEMO_PASSWORD).await,
        429
    );
}

/// A password worker pool that refuses all argon2 work (zero wait): every
/// password check answers "busy", deterministically.
fn busy_password_workers() -> verbind_web::WebConfig {
    verbind_web::WebConfig {
        demo: true,
        password_workers: verbind_crypto::password::PasswordWorkersConfig {
            threads: 1,
            queue: 1,
            timeout: std::time::Duration::ZERO,
        },
        ..Default::default()
    }
}

/// When the password workers are busy, logins, re-authentications and
/// password changes answer 503 with `Retry-After` and a clear message;
/// nothing is checked, nothing counts as a failed attempt, nothing changes.
async fn busy_password_workers_ask_to_try_again(app: TestApp) {
    let mut c = Client::new(&app);
    // More attempts than the throttle allows failures: none of them counts.
    for _ in 0..25 {
        let r = c.login("politie", "fout-fout-fout", "").await;
        assert_eq!(r.status, 503, "{}", r.body);
        assert_eq!(r.header("retry-after").as_deref(), Some("3"));
        assert!(
            r.body.contains(
                "Te veel aanmeldingen tegelijk; probeer het over enkele seconden opnieuw."
            ),
            "{}",
            r.body
        );
    }
    for name in ["politie", "bestaat-niet"] {
        let r = c
            .post_json(
                "/api/v1/session",
                serde_json::json!({"username": name, "password": DEMO_PASSWORD}),
                None,
            )
            .await;
        assert_eq!(r.status, 503);
        assert_eq!(r.header("retry-after").as_deref(), Some("3"));
        let body = r.json();
        assert_eq!(body["error"], "busy");
        assert_eq!(body["retry_after_seconds"], 3);
    }
    // Audited like a throttled login, with the reason; never as a failure.
    let entries = app
        .db
        .read(|conn| {
            verbind_store::models::audit::list(
                conn,
                &verbind_store::models::audit::Filter {
                    limit: 1000,
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let busy = entries
        .iter()
        .filter(|e| e.action == "login.throttled" && e.detail.as_deref() == Some("busy"))
        .count();
    assert_eq!(busy, 27);
    assert!(!entries.iter().any(|e| e.action == "login.failed"));
    let metrics = app.state.metrics.render();
    assert!(
        metrics.contains("verbind_logins_total{outcome=\"busy\"} 27"),
        "{metrics}"
    );
    assert!(
        metrics.contains("verbind_password_busy_total{operation=\"login\"} 27"),
        "{metrics}"
    );

    // A session made without a password (no login is possible here):
    // re-authentication and a password change are busy too.
    let now = verbind_domain::Clock::now_ms(app.clock.as_ref());
    let token = verbind_crypto::token::random_token();
    let csrf = verbind_crypto::token::random_token();
    let u = app
        .db
        .read(|conn| verbind_store::models::user::find_by_username(conn, "caw"))
        .unwrap()
        .unwrap();
    let row = verbind_store::models::session::SessionRow {
        id_hash: verbind_crypto::token::token_hash(&token),
        user_id: u.id.clone(),
        tenant_id: u.tenant_id.clone(),
        csrf_token: csrf.clone(),
        mfa_done: true,
        created_at: now,
        last_seen_at: now,
        reauth_at: None,
    };
    app.db
        .write(|conn| verbind_store::models::session::insert(conn, &row))
        .unwrap();
    let mut s = Client::new(&app);
    s.cookies.insert("__Host-verbind".into(), token);
    let r = s
        .post_form(
            "/account/bevestigen",
            &[
                ("csrf", &csrf),
                ("password", DEMO_PASSWORD),
                ("terug", "/account"),
            ],
        )
        .await;
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(r.header("retry-after").as_deref(), Some("3"));
    assert!(
        r.body.contains("Te veel aanmeldingen tegelijk"),
        "{}",
        r.body
    );
    common::fresh_reauth(&app, &s);
    let r = s
        .post_form(
            "/account/wachtwoord",
            &[
                ("csrf", &csrf),
                ("new_password", "lange zin over de schelde"),
                ("confirm", "lange zin over de schelde"),
            ],
        )
        .await;
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(r.header("retry-after").as_deref(), Some("3"));
    assert!(r.body.contains("Er is niets gewijzigd."), "{}", r.body);
    let after = app
        .db
        .read(|conn| verbind_store::models::user::find_by_username(conn, "caw"))
        .unwrap()
        .unwrap();
    assert_eq!(
        after.password_hash, u.password_hash,
        "the password is unchanged"
    );
    assert!(
        app.state
            .metrics
            .render()
            .contains("verbind_password_busy_total{operation=\"password-change\"} 1")
    );
}

mod busy_password_workers {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        let app = spawn_config(Db::Sqlite, busy_password_workers())
            .await
            .unwrap();
        busy_password_workers_ask_to_try_again(app).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        let Some(app) = spawn_config(Db::Postgres, busy_password_workers()).await else {
            return;
        };
        busy_password_workers_ask_to_try_again(app).await;
    }
}
