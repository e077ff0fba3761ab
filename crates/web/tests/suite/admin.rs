//! Administration (accounts, sessions) and the DPO's audit trail through the
//! real server (QUALITY.md §1.4, §2.1-2.3, §2.5, §3.1), on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, TestApp};
use diesel::connection::SimpleConnection;
use verbind_crypto::token::token_hash;
use verbind_domain::audit::AuditAction;
use verbind_domain::username::Username;
use verbind_domain::{Clock, Locale, Role, UserId};
use verbind_store::DbConn;
use verbind_store::demo::DEMO_ACCOUNTS;
use verbind_store::models::audit::{self, AuditRow};
use verbind_store::models::session::SessionRow;
use verbind_store::models::user::UserRow;
use verbind_store::models::{organisation, profile, session, set_password_token, user};

// ---------------------------------------------------------------- helpers

fn find_user(app: &TestApp, username: &str) -> UserRow {
    let name = username.to_owned();
    app.db
        .read(move |c| user::find_by_username(c, &name))
        .unwrap()
        .unwrap_or_else(|| panic!("no user {username}"))
}

async fn logged_in(app: &TestApp, username: &str) -> Client {
    let mut c = Client::new(app);
    c.login_demo(username).await;
    c
}

/// The session's CSRF token, from the dashboard's forms.
async fn csrf(c: &mut Client) -> String {
    let page = c.get("/").await;
    common::csrf_in(&page.body).unwrap_or_else(|| panic!("no csrf: {}", page.body))
}

/// Marks the client's session as just re-authenticated, as `/account/bevestigen` would.
fn reauth_now(app: &TestApp, c: &Client) {
    let hash = token_hash(&c.cookies["__Host-verbind"]);
    let now = app.clock.now_ms();
    app.db
        .write(move |conn| session::set_reauth(conn, &hash, now))
        .unwrap();
}

fn trail(app: &TestApp) -> Vec<AuditRow> {
    common::audit_rows(app, 1000)
}

fn actions_on(app: &TestApp, object_id: &str) -> Vec<String> {
    trail(app)
        .into_iter()
        .filter(|r| r.object_id.as_deref() == Some(object_id))
        .map(|r| r.action)
        .collect()
}

/// A second LIVC-R (Voorbeeldstad) with one account; returns that account.
fn second_tenant_user(app: &TestApp) -> UserRow {
    let keyring = app.state.keyring.clone();
    let now = app.clock.now_ms();
    app.db
        .write(move |c| {
            let p = verbind_domain::profile::parse_profile(include_str!(
                "../../../../profiles/voorbeeldstad.toml"
            ))
            .unwrap();
            let (t, _) = profile::load(c, &p, now)?;
            let tid = t.tenant_id();
            let org = organisation::list(c, &tid)?.remove(0);
            user::create(
                c,
                &keyring,
                &user::NewUser {
                    tenant_id: &tid,
                    organisation_id: &org.organisation_id(),
                    username: &Username::parse("anderestad").unwrap(),
                    role: Role::Partner,
                    display_name: "Andere Stad (test)",
                    email: None,
                    locale: Locale::NlBe,
                    password_hash: Some(common::demo_hash().to_owned()),
                },
                now,
            )
        })
        .unwrap()
}

fn org_of(app: &TestApp, username: &str) -> String {
    find_user(app, username).organisation_id
}

/// The set-password link's token on a page, if one is shown.
fn link_token(body: &str) -> Option<String> {
    let i = body.find("/wachtwoord-instellen?token=")?;
    let rest = &body[i + "/wachtwoord-instellen?token=".len()..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    Some(rest[..end].to_owned())
}

fn assert_field_error(body: &str, field: &str, message: &str) {
    let id = format!("id=\"{field}-error\"");
    let at = body
        .find(&id)
        .unwrap_or_else(|| panic!("no error next to {field}: {body}"));
    assert!(
        body[at..].contains(message),
        "message for {field} missing: {message}"
    );
    assert!(
        body.contains(&format!("aria-describedby=\"{field}-error"))
            || body.contains(&format!("{field}-error "))
            || body.contains(&format!(" {field}-error\"")),
        "{field} is not described by its error"
    );
}

/// Posted fields, the field that must show an error, and (part of) its message.
type FormCase<'a> = (Vec<(&'a str, &'a str)>, &'static str, &'static str);

// ---------------------------------------------------------------- creating accounts

scenario!(
    admin_creates_a_user_and_gets_a_one_time_link,
    true,
    |app: TestApp| async move {
        let mut c = logged_in(&app, "beheerder").await;
        let page = c.get("/beheer/gebruikers/nieuw").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Nieuwe gebruiker"));
        assert!(
            page.body.contains("Lokale politie Sint-Niklaas"),
            "organisations in the select"
        );
        assert!(
            page.body.contains("Functionaris gegevensbescherming"),
            "roles in the select"
        );
        let csrf = common::csrf_in(&page.body).unwrap();
        let org = org_of(&app, "politie");
        let r = c
            .post_form(
                "/beheer/gebruikers/nieuw",
                &[
                    ("csrf", &csrf),
                    ("username", "Nina.Nieuw"),
                    ("display_name", "Nina Nieuwkomer (test)"),
                    ("email", "nina@example.be"),
                    ("organisation", &org),
                    ("role", "partner"),
                ],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.body.contains("Account aangemaakt"));
        assert!(r.body.contains("maar één keer getoond"));
        assert!(
            r.body
                .contains(&format!("http://{}/wachtwoord-instellen?token=", app.addr)),
            "the link is built from the Host header"
        );
        let token = link_token(&r.body).unwrap();
        assert_eq!(token.len(), 43);

        let u = find_user(&app, "nina.nieuw");
        assert_eq!(u.role, "partner");
        assert_eq!(u.organisation_id, org);
        assert!(u.password_hash.is_none(), "the user chooses the password");
        let details = {
            let keyring = app.state.keyring.clone();
            let u2 = u.clone();
            app.db
                .read(move |c| user::details(c, &keyring, &u2))
                .unwrap()
        };
        assert_eq!(details.display_name, "Nina Nieuwkomer (test)");
        assert_eq!(details.email.as_deref(), Some("nina@example.be"));

        // Only the hash of the token is stored; it is valid for 24 hours.
        let now = app.clock.now_ms();
        let (hash, raw) = (token_hash(&token), token.clone());
        let stored = app
            .db
            .read(move |c| set_password_token::find_valid(c, &hash, now))
            .unwrap()
            .expect("the link's hash is stored");
        assert_eq!(stored.user_id, u.id);
        assert_eq!(stored.expires_at - stored.created_at, 24 * 3600 * 1000);
        assert_eq!(
            stored.created_by.as_deref(),
            Some(find_user(&app, "beheerder").id.as_str())
        );
        assert!(
            app.db
                .read(move |c| set_password_token::find_valid(c, &raw, now))
                .unwrap()
                .is_none(),
            "the raw token is not stored"
        );

        // Audited, with ids and no names.
        let acts = actions_on(&app, &u.id);
        assert!(acts.contains(&"user.created".to_owned()), "{acts:?}");
        assert!(
            acts.contains(&"password.link_created".to_owned()),
            "{acts:?}"
        );
        for row in trail(&app) {
            let d = row.detail.unwrap_or_default();
            assert!(!d.contains("Nina") && !d.contains("nina"), "{d}");
        }

        // The account page shows the account, but never the link again.
        let page = c.get(&format!("/beheer/gebruikers/{}", u.id)).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Nina Nieuwkomer (test)"));
        assert!(page.body.contains("Nog niet ingesteld"));
        assert!(!page.body.contains(&token));

        // The list, with search (on decrypted names) and the role filter.
        let list = c.get("/beheer/gebruikers").await;
        assert_eq!(list.status, 200);
        for a in DEMO_ACCOUNTS {
            assert!(list.body.contains(a.username), "{}", a.username);
        }
        assert!(list.body.contains("nina.nieuw") && list.body.contains("Nina Nieuwkomer"));
        assert!(
            list.body.contains("Lid Partnertafel"),
            "translated role label"
        );
        assert!(list.body.contains("<th scope=\"col\">"));
        let found = c.get("/beheer/gebruikers?q=nieuwkomer").await;
        assert!(found.body.contains("nina.nieuw"));
        assert!(!found.body.contains(">politie<"));
        let by_org = c.get("/beheer/gebruikers?q=VDAB").await;
        assert!(by_org.body.contains(">vdab<"));
        assert!(!by_org.body.contains(">caw<"));
        let dpo = c.get("/beheer/gebruikers?rol=auditor").await;
        assert!(dpo.body.contains(">dpo<") && !dpo.body.contains(">politie<"));
        let bad = c.get("/beheer/gebruikers?rol=koning").await;
        assert_eq!(bad.status, 422);
        assert_field_error(&bad.body, "rol", "Kies een rol uit de lijst.");

        // If the set-password page exists already, the link opens it.
        let open = Client::new(&app)
            .get(&format!("/wachtwoord-instellen?token={token}"))
            .await;
        assert!(open.status < 500, "{}", open.status);
    }
);

scenario!(
    bad_input_is_refused_next_to_the_field,
    true,
    |app: TestApp| async move {
        let other = second_tenant_user(&app);
        let mut c = logged_in(&app, "beheerder").await;
        let csrf = csrf(&mut c).await;
        let org = org_of(&app, "politie");
        let users_before = app.db.read(user::count).unwrap();
        let long = "x".repeat(10 * 1024);
        let cases: Vec<FormCase<'_>> = vec![
            (
                vec![
                    ("username", "nieuw"),
                    ("display_name", "  "),
                    ("organisation", &org),
                    ("role", "partner"),
                ],
                "display_name",
                "Vul de naam in.",
            ),
            (
                vec![
                    ("username", "a b"),
                    ("display_name", "N"),
                    ("organisation", &org),
                    ("role", "partner"),
                ],
                "username",
                "Gebruik alleen kleine letters",
            ),
            (
                vec![
                    ("username", &long),
                    ("display_name", "N"),
                    ("organisation", &org),
                    ("role", "partner"),
                ],
                "username",
                "3 tot 64 tekens",
            ),
            (
                vec![
                    ("username", "nieuw"),
                    ("display_name", "N"),
                    ("organisation", &org),
                    ("role", "koning"),
                ],
                "role",
                "Kies een rol uit de lijst.",
            ),
            (
                vec![
                    ("username", "nieuw"),
                    ("display_name", "N"),
                    ("organisation", "00000000-0000-4000-8000-000000000000"),
                    ("role", "partner"),
                ],
                "organisation",
                "Kies een organisatie van deze LIVC-R.",
            ),
            (
                vec![
                    ("username", "nieuw"),
                    ("display_name", "N"),
                    ("organisation", &other.organisation_id),
                    ("role", "partner"),
                ],
                "organisation",
                "Kies een organisatie van deze LIVC-R.",
            ),
            (
                vec![
                    ("username", "nieuw"),
                    ("display_name", "N"),
                    ("organisation", "'; DROP TABLE users; --"),
                    ("role", "partner"),
                ],
                "organisation",
                "Kies een organisatie van deze LIVC-R.",
            ),
            (
                vec![
                    ("username", "nieuw"),
                    ("display_name", "N"),
                    ("email", "geen adres"),
                    ("organisation", &org),
                    ("role", "partner"),
                ],
                "email",
                "Geef een geldig e-mailadres",
            ),
            (
                vec![
                    ("username", "politie"),
                    ("display_name", "N"),
                    ("organisation", &org),
                    ("role", "partner"),
                ],
                "username",
                "al in gebruik",
            ),
            (
                vec![
                    ("username", "anderestad"),
                    ("display_name", "N"),
                    ("organisation", &org),
                    ("role", "partner"),
                ],
                "username",
                "al in gebruik",
            ),
            (vec![], "display_name", "Vul de naam in."),
        ];
        for (fields, field, message) in cases {
            let mut form = vec![("csrf", csrf.as_str())];
            form.extend(fields.iter().copied());
            let r = c.post_form("/beheer/gebruikers/nieuw", &form).await;
            assert_eq!(r.status, 422, "{field}: {}", r.body);
            assert!(r.body.contains("Het account is niet aangemaakt"));
            assert_field_error(&r.body, field, message);
            assert!(!r.body.contains(&long), "a 10 kB value is not echoed whole");
        }
        assert_eq!(
            app.db.read(user::count).unwrap(),
            users_before,
            "nothing was created"
        );
        // A body that is not a form is a clean 4xx, never a 500.
        let r = c
            .http
            .post(format!("{}/beheer/gebruikers/nieuw", c.base))
            .header(
                "cookie",
                format!("__Host-verbind={}", c.cookies["__Host-verbind"]),
            )
            .header("x-csrf-token", csrf.as_str())
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400);
    }
);

// ---------------------------------------------------------------- account actions

scenario!(
    disabling_ends_the_sessions_at_once_and_needs_reauthentication,
    true,
    |app: TestApp| async move {
        let mut target = logged_in(&app, "politie").await;
        let mut target2 = logged_in(&app, "politie").await;
        assert_eq!(target.get("/api/v1/me").await.status, 200);
        let politie = find_user(&app, "politie");
        let page_path = format!("/beheer/gebruikers/{}", politie.id);

        let mut c = logged_in(&app, "beheerder").await;
        let page = c.get(&page_path).await;
        assert_eq!(page.status, 200);
        assert_eq!(
            page.body.matches("Sessie beëindigen").count(),
            2,
            "both sessions listed"
        );
        let csrf = common::csrf_in(&page.body).unwrap();

        // Without a recent re-authentication: off to the confirmation page, nothing changes.
        let r = c
            .post_form(&format!("{page_path}/uitschakelen"), &[("csrf", &csrf)])
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(
            r.header("location").unwrap(),
            format!("/account/bevestigen?terug={page_path}")
        );
        assert_eq!(target.get("/api/v1/me").await.status, 200);
        assert!(!find_user(&app, "politie").is_disabled());

        // After it: disabled, and every session of the account ends at once.
        reauth_now(&app, &c);
        let r = c
            .post_form(&format!("{page_path}/uitschakelen"), &[("csrf", &csrf)])
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(
            r.header("location").unwrap(),
            format!("{page_path}?gedaan=uitgeschakeld")
        );
        assert_eq!(target.get("/api/v1/me").await.status, 401);
        assert_eq!(target2.get("/api/v1/me").await.status, 401);
        assert_eq!(
            Client::new(&app)
                .login("politie", verbind_store::demo::DEMO_PASSWORD, "")
                .await
                .status,
            401
        );
        let page = c.get(&format!("{page_path}?gedaan=uitgeschakeld")).await;
        assert!(page.body.contains("Het account is uitgeschakeld"));
        assert!(page.body.contains("Uitgeschakeld (sinds"));
        let disabled = trail(&app)
            .into_iter()
            .find(|r| r.action == "user.disabled")
            .unwrap();
        assert_eq!(disabled.object_id.as_deref(), Some(politie.id.as_str()));
        assert_eq!(
            disabled.actor_user_id.as_deref(),
            Some(find_user(&app, "beheerder").id.as_str())
        );
        assert_eq!(disabled.detail.as_deref(), Some("sessions_ended=2"));

        // Enabling gives access back (it also asks for a fresh re-authentication).
        app.clock.advance_ms(6 * 60 * 1000);
        let r = c
            .post_form(&format!("{page_path}/inschakelen"), &[("csrf", &csrf)])
            .await;
        assert_eq!(r.status, 303);
        assert!(
            r.header("location")
                .unwrap()
                .starts_with("/account/bevestigen?terug="),
            "a re-authentication counts for 5 minutes only"
        );
        reauth_now(&app, &c);
        let r = c
            .post_form(&format!("{page_path}/inschakelen"), &[("csrf", &csrf)])
            .await;
        assert_eq!(
            r.header("location").unwrap(),
            format!("{page_path}?gedaan=ingeschakeld")
        );
        assert!(!find_user(&app, "politie").is_disabled());
        assert!(actions_on(&app, &politie.id).contains(&"user.enabled".to_owned()));
        let mut again = Client::new(&app);
        again.login_demo("politie").await;

        // An admin cannot disable itself (no button, and the POST is refused).
        let me = find_user(&app, "beheerder");
        let own = c.get(&format!("/beheer/gebruikers/{}", me.id)).await;
        assert!(!own.body.contains("/uitschakelen"));
        let r = c
            .post_form(
                &format!("/beheer/gebruikers/{}/uitschakelen", me.id),
                &[("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("niet voor uw eigen account"));
        assert!(!find_user(&app, "beheerder").is_disabled());
        assert_eq!(c.get("/beheer/gebruikers").await.status, 200);
    }
);

scenario!(
    reset_mfa_and_new_link_need_reauthentication,
    true,
    |app: TestApp| async move {
        // Give the expert a session, then MFA and recovery codes.
        let mut target = logged_in(&app, "deskundige").await;
        let expert = find_user(&app, "deskundige");
        {
            let keyring = app.state.keyring.clone();
            let e = expert.clone();
            let now = app.clock.now_ms();
            app.db
                .write(move |c| {
                    user::activate_totp(c, &keyring, &e, &[1u8; 20], 1, now)?;
                    user::replace_recovery_codes(c, &e.user_id(), &["h1".into(), "h2".into()])
                })
                .unwrap();
        }
        let page_path = format!("/beheer/gebruikers/{}", expert.id);
        let mut c = logged_in(&app, "beheerder").await;
        let page = c.get(&page_path).await;
        assert!(page.body.contains("Tweestapsverificatie herstellen"));
        assert!(
            page.body.contains("Verbind eerst opnieuw uw wachtwoord"),
            "the page says a confirmation is needed"
        );
        let csrf = common::csrf_in(&page.body).unwrap();

        for action in ["mfa-herstellen", "wachtwoordlink"] {
            let r = c
                .post_form(&format!("{page_path}/{action}"), &[("csrf", &csrf)])
                .await;
            assert_eq!(r.status, 303, "{action}");
            assert_eq!(
                r.header("location").unwrap(),
                format!("/account/bevestigen?terug={page_path}")
            );
        }
        assert!(find_user(&app, "deskundige").mfa_enabled);
        assert_eq!(target.get("/api/v1/me").await.status, 200);

        reauth_now(&app, &c);
        let r = c
            .post_form(&format!("{page_path}/mfa-herstellen"), &[("csrf", &csrf)])
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(
            r.header("location").unwrap(),
            format!("{page_path}?gedaan=mfa-hersteld")
        );
        let after = find_user(&app, "deskundige");
        assert!(!after.mfa_enabled && after.totp_secret_enc.is_none());
        let id = after.user_id();
        assert_eq!(
            app.db
                .read(move |c| user::unused_recovery_codes(c, &id))
                .unwrap(),
            0
        );
        assert_eq!(target.get("/api/v1/me").await.status, 401, "sessions ended");
        assert!(actions_on(&app, &expert.id).contains(&"mfa.reset".to_owned()));
        let page = c.get(&format!("{page_path}?gedaan=mfa-hersteld")).await;
        assert!(page.body.contains("De tweestapsverificatie is hersteld"));

        // A new link, shown once; it replaces the unused earlier one.
        let r = c
            .post_form(&format!("{page_path}/wachtwoordlink"), &[("csrf", &csrf)])
            .await;
        assert_eq!(r.status, 200);
        let first = link_token(&r.body).unwrap();
        let r = c
            .post_form(&format!("{page_path}/wachtwoordlink"), &[("csrf", &csrf)])
            .await;
        let second = link_token(&r.body).unwrap();
        assert_ne!(first, second);
        let now = app.clock.now_ms();
        let (h1, h2) = (token_hash(&first), token_hash(&second));
        let (a, b) = app
            .db
            .read(move |c| {
                Ok((
                    set_password_token::find_valid(c, &h1, now)?,
                    set_password_token::find_valid(c, &h2, now)?,
                ))
            })
            .unwrap();
        assert!(a.is_none(), "the earlier link no longer works");
        assert_eq!(b.unwrap().user_id, expert.id);
        assert!(
            !c.get(&page_path).await.body.contains(&second),
            "shown once"
        );
        assert_eq!(
            actions_on(&app, &expert.id)
                .iter()
                .filter(|a| *a == "password.link_created")
                .count(),
            2
        );
    }
);

// ---------------------------------------------------------------- sessions

scenario!(
    admin_ends_another_session,
    true,
    |app: TestApp| async move {
        let mut target = logged_in(&app, "caw").await;
        let target_hash = token_hash(&target.cookies["__Host-verbind"]);
        let mut other = logged_in(&app, "clb").await;
        let mut c = logged_in(&app, "beheerder").await;
        let page = c.get("/beheer/sessies").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains(">caw<") && page.body.contains(">clb<"));
        assert!(
            page.body.contains("uw sessie"),
            "the admin's own session is marked"
        );
        assert!(
            page.body.contains(&target_hash[..12]),
            "a short reference is shown"
        );
        assert!(
            !page.body.contains(&target.cookies["__Host-verbind"]),
            "never the token"
        );
        assert!(
            !page.body.contains(&format!(">{target_hash}<")),
            "the full hash is not shown as text"
        );
        assert!(page.body.contains("28/11/2026"), "Belgian dates");
        let filtered = c.get("/beheer/sessies?q=caw").await;
        assert!(filtered.body.contains(">caw<") && !filtered.body.contains(">clb<"));

        let csrf = common::csrf_in(&page.body).unwrap();
        let r = c
            .post_form(
                "/beheer/sessies/beeindigen",
                &[("csrf", &csrf), ("sessie", &target_hash)],
            )
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(
            r.header("location").as_deref(),
            Some("/beheer/sessies?gedaan=sessie-beeindigd")
        );
        assert_eq!(target.get("/api/v1/me").await.status, 401);
        assert_eq!(
            other.get("/api/v1/me").await.status,
            200,
            "only that session"
        );
        let ended = trail(&app)
            .into_iter()
            .find(|r| r.action == "session.ended")
            .unwrap();
        assert_eq!(ended.object_type.as_deref(), Some("session"));
        assert_eq!(ended.object_id.as_deref(), Some(&target_hash[..12]));
        assert_eq!(
            ended.detail,
            Some(format!("user={}", find_user(&app, "caw").id))
        );
        assert!(
            c.get("/beheer/sessies?gedaan=sessie-beeindigd")
                .await
                .body
                .contains("De sessie is beëindigd.")
        );

        // Ending again, a made-up session, garbage, or another tenant's session: 404.
        let stranger = second_tenant_user(&app);
        let foreign_hash = token_hash("een-sessie-van-een-andere-stad");
        let row = SessionRow {
            id_hash: foreign_hash.clone(),
            user_id: stranger.id.clone(),
            tenant_id: stranger.tenant_id.clone(),
            csrf_token: "x".into(),
            mfa_done: true,
            created_at: app.clock.now_ms(),
            last_seen_at: app.clock.now_ms(),
            reauth_at: None,
        };
        app.db
            .write(move |conn| session::insert(conn, &row))
            .unwrap();
        for s in [
            target_hash.as_str(),
            &"0".repeat(64),
            "../../etc",
            "",
            foreign_hash.as_str(),
        ] {
            let r = c
                .post_form(
                    "/beheer/sessies/beeindigen",
                    &[("csrf", &csrf), ("sessie", s)],
                )
                .await;
            assert_eq!(r.status, 404, "{s}");
        }
        let h = foreign_hash.clone();
        assert!(
            app.db
                .read(move |conn| session::find(conn, &h))
                .unwrap()
                .is_some(),
            "the other city's session lives on"
        );
        let page = c.get("/beheer/sessies").await;
        assert!(!page.body.contains("anderestad") && !page.body.contains(&foreign_hash[..12]));

        // Ending from the account page goes back there.
        let clb = find_user(&app, "clb");
        let clb_hash = token_hash(&other.cookies["__Host-verbind"]);
        let r = c
            .post_form(
                "/beheer/sessies/beeindigen",
                &[
                    ("csrf", &csrf),
                    ("sessie", &clb_hash),
                    ("gebruiker", &clb.id),
                ],
            )
            .await;
        assert_eq!(
            r.header("location").unwrap(),
            format!("/beheer/gebruikers/{}?gedaan=sessie-beeindigd", clb.id)
        );
        assert_eq!(other.get("/api/v1/me").await.status, 401);
    }
);

// ---------------------------------------------------------------- access control

scenario!(
    only_the_admin_may_administer,
    true,
    |app: TestApp| async move {
        let politie = find_user(&app, "politie");
        let hash = token_hash(&logged_in(&app, "politie").await.cookies["__Host-verbind"]);
        let org = org_of(&app, "politie");
        let users_before = app.db.read(user::count).unwrap();
        for a in DEMO_ACCOUNTS.iter().filter(|a| a.role != Role::Admin) {
            let mut c = logged_in(&app, a.username).await;
            reauth_now(&app, &c);
            let csrf = csrf(&mut c).await;
            for path in [
                "/beheer/gebruikers".to_owned(),
                "/beheer/gebruikers?q=politie".to_owned(),
                "/beheer/gebruikers/nieuw".to_owned(),
                format!("/beheer/gebruikers/{}", politie.id),
                format!("/beheer/gebruikers/{}", UserId::new()),
                "/beheer/gebruikers/geen-id".to_owned(),
                "/beheer/sessies".to_owned(),
            ] {
                let r = c.get(&path).await;
                assert_eq!(r.status, 403, "{} GET {path}", a.username);
                assert!(r.body.contains("Geen toegang"));
                assert!(
                    !r.body.contains("Ilse Informatie"),
                    "no names on the refusal"
                );
            }
            for action in [
                "uitschakelen",
                "inschakelen",
                "wachtwoordlink",
                "mfa-herstellen",
            ] {
                let path = format!("/beheer/gebruikers/{}/{action}", politie.id);
                let r = c.post_form(&path, &[("csrf", &csrf)]).await;
                assert_eq!(r.status, 403, "{} POST {path}", a.username);
            }
            let r = c
                .post_form(
                    "/beheer/gebruikers/nieuw",
                    &[
                        ("csrf", &csrf),
                        ("username", "indringer"),
                        ("display_name", "Indringer"),
                        ("organisation", &org),
                        ("role", "admin"),
                    ],
                )
                .await;
            assert_eq!(r.status, 403, "{} creates", a.username);
            let r = c
                .post_form(
                    "/beheer/sessies/beeindigen",
                    &[("csrf", &csrf), ("sessie", &hash)],
                )
                .await;
            assert_eq!(r.status, 403, "{} ends a session", a.username);
            // And the navigation does not offer it.
            let dash = c.get("/").await;
            assert!(
                !dash.body.contains("href=\"/beheer/gebruikers\""),
                "{}",
                a.username
            );
        }
        assert_eq!(app.db.read(user::count).unwrap(), users_before);
        assert!(!find_user(&app, "politie").is_disabled());
        let h = hash.clone();
        assert!(
            app.db
                .read(move |c| session::find(c, &h))
                .unwrap()
                .is_some()
        );
        // The admin sees the way in.
        let mut admin = logged_in(&app, "beheerder").await;
        assert!(
            admin
                .get("/")
                .await
                .body
                .contains("href=\"/beheer/gebruikers\"")
        );
    }
);

scenario!(
    ids_of_other_tenants_or_unknown_ids_are_not_found,
    true,
    |app: TestApp| async move {
        let stranger = second_tenant_user(&app);
        let mut c = logged_in(&app, "beheerder").await;
        reauth_now(&app, &c);
        let csrf = csrf(&mut c).await;
        let missing = UserId::new().into_string();
        for id in [stranger.id.as_str(), missing.as_str(), "geen-uuid", "1"] {
            let r = c.get(&format!("/beheer/gebruikers/{id}")).await;
            assert_eq!(r.status, 404, "GET {id}");
            assert!(!r.body.contains("Andere Stad"));
            for action in [
                "uitschakelen",
                "inschakelen",
                "wachtwoordlink",
                "mfa-herstellen",
            ] {
                let r = c
                    .post_form(
                        &format!("/beheer/gebruikers/{id}/{action}"),
                        &[("csrf", &csrf)],
                    )
                    .await;
                assert_eq!(r.status, 404, "POST {id} {action}");
            }
        }
        let after = find_user(&app, "anderestad");
        assert!(
            !after.is_disabled(),
            "the other city's account is untouched"
        );
        assert!(
            actions_on(&app, &stranger.id).is_empty(),
            "nothing recorded against it"
        );
        let list = c.get("/beheer/gebruikers?q=ander").await;
        assert!(!list.body.contains("anderestad") && !list.body.contains("Andere Stad"));
    }
);

// ---------------------------------------------------------------- the audit trail

scenario!(
    the_dpo_reads_filters_exports_and_verifies_the_trail,
    true,
    |app: TestApp| async move {
        logged_in(&app, "politie").await;
        Client::new(&app)
            .login("politie", "fout-fout-fout", "")
            .await;
        let _stranger = second_tenant_user(&app);
        let politie = find_user(&app, "politie");
        // An entry whose detail a spreadsheet would run as a formula.
        {
            let t = politie.tenant();
            let now = app.clock.now_ms();
            app.db
                .write(move |c| {
                    audit::append(
                        c,
                        now,
                        &audit::NewEntry::new(AuditAction::AccessDenied, "denied")
                            .tenant(&t)
                            .detail("=HYPERLINK(\"http://evil.example\",\"klik\")"),
                    )
                })
                .unwrap();
        }
        let mut c = logged_in(&app, "dpo").await;
        let page = c.get("/audit").await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("Audittrail"));
        assert!(page.body.contains("Aangemeld"), "translated action");
        assert!(page.body.contains("Aanmelden mislukt"));
        assert!(
            page.body.contains(">politie<"),
            "actor resolved to a username"
        );
        assert!(
            page.body.contains("<td>Lokale politie Sint-Niklaas</td>"),
            "organisation name"
        );
        assert!(page.body.contains("<th scope=\"col\">"));
        assert!(
            !page.body.contains("anderestad"),
            "the other city's trail is not shown"
        );

        // Reading is itself recorded, with ids and codes only.
        let dpo = find_user(&app, "dpo");
        let reads: Vec<_> = trail(&app)
            .into_iter()
            .filter(|r| r.action == "audit.read")
            .collect();
        assert_eq!(reads.len(), 1);
        assert_eq!(reads[0].actor_user_id.as_deref(), Some(dpo.id.as_str()));
        assert!(reads[0].detail.as_deref().unwrap().starts_with("view=page"));

        // Filters: action and actor (typed as a username, resolved in the DPO's own tenant).
        let r = c
            .get("/audit?actie=login.succeeded&gebruiker=politie")
            .await;
        assert_eq!(r.status, 200);
        assert!(r.body.contains("Aangemeld"));
        assert!(!r.body.contains("<td>Aanmelden mislukt</td>"));
        let read = trail(&app)
            .into_iter()
            .find(|r| r.action == "audit.read")
            .unwrap();
        let d = read.detail.unwrap();
        assert!(
            d.contains("action=login.succeeded") && d.contains(&format!("actor={}", politie.id)),
            "{d}"
        );
        assert!(!d.contains("politie"), "no username in the detail: {d}");
        // Dates as dd/mm/jjjj, whole Brussels days.
        let today = c
            .get("/audit?actie=login.succeeded&van=28/11/2026&tot=28/11/2026")
            .await;
        assert_eq!(today.status, 200);
        assert!(today.body.contains("Aangemeld"));
        let tomorrow = c.get("/audit?van=29/11/2026").await;
        assert_eq!(tomorrow.status, 200);
        assert!(tomorrow.body.contains("Geen items gevonden."));
        // Object id.
        let r = c.get(&format!("/audit?object={}", politie.id)).await;
        assert!(r.body.contains("Aanmelden mislukt"));
        assert!(!r.body.contains("<td>Aangemeld</td>"));

        // Bad filters: 422, the message next to the field, nothing read.
        let reads_before = trail(&app)
            .iter()
            .filter(|r| r.action == "audit.read")
            .count();
        for (query, field, message) in [
            ("van=31/02/2026", "van", "Geef een datum als dd/mm/jjjj"),
            ("tot=gisteren", "tot", "Geef een datum als dd/mm/jjjj"),
            (
                "van=02/11/2026&tot=01/11/2026",
                "tot",
                "De einddatum ligt voor de begindatum.",
            ),
            ("actie=drop", "actie", "Kies een actie uit de lijst."),
            (
                "gebruiker=niemand",
                "gebruiker",
                "geen gebruiker met deze naam",
            ),
            (
                "gebruiker=anderestad",
                "gebruiker",
                "geen gebruiker met deze naam",
            ),
            (
                "gebruiker=a%20b",
                "gebruiker",
                "Geef een geldige gebruikersnaam.",
            ),
            ("object=%3Cscript%3E", "object", "Een object-id bestaat uit"),
        ] {
            let r = c.get(&format!("/audit?{query}")).await;
            assert_eq!(r.status, 422, "{query}");
            assert_field_error(&r.body, field, message);
            assert!(!r.body.contains("<script>"));
        }
        let huge = "x".repeat(10 * 1024);
        let r = c
            .get(&format!("/audit?gebruiker={huge}&object={huge}"))
            .await;
        assert_eq!(r.status, 422);
        assert!(!r.body.contains(&huge));
        assert_eq!(
            trail(&app)
                .iter()
                .filter(|r| r.action == "audit.read")
                .count(),
            reads_before
        );

        // CSV of the filtered rows, formula cells neutralised.
        let csv = c.get("/audit.csv").await;
        assert_eq!(csv.status, 200);
        assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
        assert!(
            csv.header("content-disposition")
                .unwrap()
                .contains("attachment")
        );
        assert_eq!(csv.header("cache-control").as_deref(), Some("no-store"));
        let first = csv.body.lines().next().unwrap();
        assert!(
            first.starts_with("Nr.,Tijdstip,Tijdstip (UTC),Gebruiker"),
            "{first}"
        );
        assert!(csv.body.contains("login.succeeded"));
        assert!(
            csv.body
                .contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"klik\"\")\""),
            "{}",
            csv.body
        );
        assert!(!csv.body.contains(",=HYPERLINK"));
        let only = c.get("/audit.csv?actie=login.failed").await;
        let lines: Vec<_> = only.body.lines().skip(1).collect();
        assert!(!lines.is_empty());
        assert!(
            lines.iter().all(|l| l.contains("login.failed")),
            "{lines:?}"
        );
        let csv_read = trail(&app)
            .into_iter()
            .find(|r| r.action == "audit.read")
            .unwrap();
        assert!(csv_read.detail.unwrap().starts_with("view=csv"));
        let bad = c.get("/audit.csv?van=99/99/2026").await;
        assert_eq!(bad.status, 422);

        // The chain check.
        let page = c.get("/audit").await;
        let csrf = common::csrf_in(&page.body).unwrap();
        let r = c.post_form("/audit/controle", &[("csrf", &csrf)]).await;
        assert_eq!(r.status, 200);
        assert!(r.body.contains("Intact:"), "{}", r.body);
        assert!(
            r.body
                .contains("items gecontroleerd, de keten is ongeschonden")
        );
        let verified = trail(&app)
            .into_iter()
            .find(|r| r.action == "audit.read")
            .unwrap();
        assert!(
            verified
                .detail
                .unwrap()
                .starts_with("view=verify;result=intact")
        );
    }
);

scenario!(
    the_trail_pages_by_sequence_and_a_broken_chain_is_named,
    true,
    |app: TestApp| async move {
        let tenant = find_user(&app, "politie").tenant();
        let now = app.clock.now_ms();
        let t = tenant.clone();
        app.db
            .write(move |c| {
                for i in 0..150 {
                    audit::append(
                        c,
                        now,
                        &audit::NewEntry::new(AuditAction::AccessDenied, "denied")
                            .tenant(&t)
                            .detail(format!("test={i}")),
                    )?;
                }
                Ok(())
            })
            .unwrap();
        let mut c = logged_in(&app, "dpo").await;
        let page = c.get("/audit?actie=access.denied").await;
        assert_eq!(page.status, 200);
        assert_eq!(page.body.matches("<td>Toegang geweigerd</td>").count(), 100);
        assert!(page.body.contains("test=149") && !page.body.contains("test=49<"));
        assert!(
            page.body.contains("rel=\"next\""),
            "{}",
            &page.body[page.body.find("<nav aria-label=\"Pagina").unwrap()..]
        );
        let i = page
            .body
            .find("/audit?actie=access.denied&#38;voor=")
            .unwrap_or_else(|| {
                panic!(
                    "{}",
                    &page.body[page.body.rfind("rel=\"next\"").unwrap() - 300..]
                )
            });
        let rest = &page.body[i..];
        let link = rest[..rest.find('"').unwrap()].replace("&#38;", "&");
        let older = c.get(&link).await;
        assert_eq!(older.status, 200);
        assert_eq!(older.body.matches("<td>Toegang geweigerd</td>").count(), 50);
        assert!(older.body.contains("test=0<") && !older.body.contains("test=149"));
        assert!(
            !older.body.contains("rel=\"next\""),
            "no older page after the last"
        );
        assert!(older.body.contains("Naar de nieuwste items"));

        // Someone with database access edits an entry: the check names it.
        {
            let mut conn = app.db.conn().unwrap();
            match &mut *conn {
                DbConn::Sqlite(c) => c
                    .batch_execute(
                        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'test=bewerkt' WHERE seq = 5;",
                    )
                    .unwrap(),
                DbConn::Pg(c) => c
                    .batch_execute(
                        "DROP TRIGGER audit_log_no_update ON audit_log; UPDATE audit_log SET detail = 'test=bewerkt' WHERE seq = 5;",
                    )
                    .unwrap(),
            }
        }
        let csrf = common::csrf_in(&page.body).unwrap();
        let r = c.post_form("/audit/controle", &[("csrf", &csrf)]).await;
        assert_eq!(r.status, 200);
        assert!(r.body.contains("Niet intact:"), "{}", r.body);
        assert!(r.body.contains("het eerste foute item is nr. 5."));
        assert!(r.body.contains("De hash klopt niet met de inhoud"));
        let read = trail(&app)
            .into_iter()
            .find(|r| r.action == "audit.read")
            .unwrap();
        assert_eq!(
            read.detail.as_deref(),
            Some("view=verify;result=broken;seq=5")
        );
    }
);

scenario!(
    only_the_dpo_reads_the_trail,
    true,
    |app: TestApp| async move {
        let before = trail(&app).len();
        for a in DEMO_ACCOUNTS.iter().filter(|a| a.role != Role::Auditor) {
            let mut c = logged_in(&app, a.username).await;
            let csrf = csrf(&mut c).await;
            for path in [
                "/audit",
                "/audit?actie=login.failed",
                "/audit.csv",
                "/audit.csv?gebruiker=politie",
            ] {
                let r = c.get(path).await;
                assert_eq!(r.status, 403, "{} GET {path}", a.username);
            }
            let r = c.post_form("/audit/controle", &[("csrf", &csrf)]).await;
            assert_eq!(r.status, 403, "{} verifies", a.username);
            assert!(
                !c.get("/").await.body.contains("href=\"/audit\""),
                "{}",
                a.username
            );
        }
        assert!(
            trail(&app).iter().all(|r| r.action != "audit.read"),
            "refused reads read nothing"
        );
        assert!(trail(&app).len() > before, "the logins were recorded");
        let mut anon = Client::new(&app);
        let r = anon.get("/audit").await;
        assert_eq!(r.status, 303);
        assert_eq!(r.header("location").as_deref(), Some("/aanmelden"));
        assert_eq!(anon.get("/beheer/gebruikers").await.status, 303);
    }
);
