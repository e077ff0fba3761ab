//! Helpers shared by the tests of the tension register, the network of
//! reference persons and trainings (`tests/tensions.rs`, `tests/network.rs`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use verbind_domain::{Clock, TenantId};

use crate::common::{Client, Resp, TestApp};

/// Every account that is not the expert: each must be refused everywhere here.
pub const OTHERS: [&str; 6] = [
    "stuurgroep",
    "referentie",
    "politie",
    "caw",
    "beheerder",
    "dpo",
];

/// The expert, logged in through the pages, with the session's CSRF token.
pub async fn expert(app: &TestApp) -> (Client, String) {
    logged_in(app, "deskundige").await
}

/// Any demo account, logged in through the pages, with the session's CSRF token.
pub async fn logged_in(app: &TestApp, username: &str) -> (Client, String) {
    let mut c = Client::new(app);
    c.login_demo(username).await;
    let csrf = crate::common::csrf_in(&c.get("/").await.body).unwrap();
    (c, csrf)
}

fn cookie_header(c: &Client) -> String {
    c.cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A `PUT` with a JSON body (the harness has no helper for it).
pub async fn put_json(c: &mut Client, path: &str, body: serde_json::Value, csrf: &str) -> Resp {
    c.put_json(path, body, Some(csrf)).await
}

/// A `POST` with a raw body and content type.
pub async fn post_raw(
    c: &mut Client,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
    csrf: &str,
) -> Resp {
    let res = c
        .http
        .post(format!("{}{path}", c.base))
        .header("cookie", cookie_header(c))
        .header("x-csrf-token", csrf)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    read(res).await
}

async fn read(res: reqwest::Response) -> Resp {
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = res.text().await.unwrap();
    Resp {
        status,
        headers,
        body,
    }
}

/// The Sint-Niklaas tenant.
pub fn tenant(app: &TestApp) -> TenantId {
    app.db
        .read(|c| verbind_store::models::tenant::find_by_slug(c, "sint-niklaas"))
        .unwrap()
        .unwrap()
        .tenant_id()
}

/// A demo account's user row.
pub fn user(app: &TestApp, username: &str) -> verbind_store::models::user::UserRow {
    app.db
        .read(|c| verbind_store::models::user::find_by_username(c, username))
        .unwrap()
        .unwrap()
}

/// A signal passed by `author` (stored directly; the signal pages are tested elsewhere).
pub fn signal(app: &TestApp, author: &str, theme: &str, observed_on: &str) -> String {
    let t = tenant(app);
    let u = user(app, author);
    let kr = app.state.keyring.clone();
    let now = app.clock.now_ms();
    app.db
        .write(|c| {
            verbind_store::models::signal::create(
                c,
                &kr,
                &verbind_store::models::signal::NewSignal {
                    tenant_id: &t,
                    source: "reference_person",
                    theme,
                    life_domain: "online",
                    district_slug: None,
                    observed_on,
                    severity: "medium",
                    description: "Berichten over groepen jongeren in een lokale chatgroep.",
                    author_user_id: &u.id,
                    author_org_id: &u.organisation_id,
                },
                now,
            )
        })
        .unwrap()
        .id
}

/// The codes of every audit entry, oldest first.
pub fn audit_codes(app: &TestApp) -> Vec<String> {
    app.db
        .read(|c| {
            verbind_store::models::audit::list(
                c,
                &verbind_store::models::audit::Filter {
                    limit: 10_000,
                    ..Default::default()
                },
            )
        })
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect()
}

/// Every audit row as text (detail, object, reason), to look for markers.
pub fn audit_text(app: &TestApp) -> String {
    app.db
        .read(|c| {
            verbind_store::models::audit::list(
                c,
                &verbind_store::models::audit::Filter {
                    limit: 10_000,
                    ..Default::default()
                },
            )
        })
        .unwrap()
        .into_iter()
        .map(|r| {
            format!(
                "{:?}{:?}{:?}{}",
                r.detail,
                r.object_id,
                r.object_type,
                String::from_utf8_lossy(&r.reason.unwrap_or_default())
            )
        })
        .collect()
}

/// Whether `marker` occurs in any of `blobs`.
pub fn in_blobs(blobs: &[Vec<u8>], marker: &str) -> bool {
    blobs
        .iter()
        .any(|b| b.windows(marker.len()).any(|w| w == marker.as_bytes()))
}

/// The id at the end of a redirect.
pub fn id_from(r: &Resp, prefix: &str) -> String {
    assert_eq!(r.status, 303, "{}", r.body);
    r.header("location")
        .unwrap()
        .trim_start_matches(prefix)
        .split('#')
        .next()
        .unwrap()
        .to_owned()
}
