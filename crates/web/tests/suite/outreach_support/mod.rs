//! Helpers shared by the tests of the kennisbank, the working group, the
//! silent middle, the workshops and the action plan (`tests/kennisbank.rs`,
//! `tests/outreach.rs`, `tests/workshops.rs`, `tests/action_plan.rs`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use verbind_domain::TenantId;

use crate::common::{Client, Resp, TestApp};

/// Accounts that do no prevention work and see no personal data here:
/// reference persons, partners, the administrator and the DPO.
pub const OUTSIDERS: [&str; 5] = ["referentie", "politie", "caw", "beheerder", "dpo"];

/// A demo account, logged in through the pages, with the session's CSRF token.
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

/// The Sint-Niklaas tenant.
pub fn tenant(app: &TestApp) -> TenantId {
    app.db
        .read(|c| verbind_store::models::tenant::find_by_slug(c, "sint-niklaas"))
        .unwrap()
        .unwrap()
        .tenant_id()
}

/// Every audit row, oldest first: (action code, object id, detail, reason as text).
pub fn audit_rows(app: &TestApp) -> Vec<(String, Option<String>, String)> {
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
            let text = format!(
                "{:?}{:?}{}",
                r.detail,
                r.object_type,
                String::from_utf8_lossy(&r.reason.clone().unwrap_or_default())
            );
            (r.action, r.object_id, text)
        })
        .collect()
}

/// Whether an audit entry `code` names `object`.
pub fn audited(app: &TestApp, code: &str, object: &str) -> bool {
    audit_rows(app)
        .iter()
        .any(|(a, o, _)| a == code && o.as_deref() == Some(object))
}

/// Every audit row as one text, to look for markers.
pub fn audit_text(app: &TestApp) -> String {
    audit_rows(app)
        .into_iter()
        .map(|(a, o, t)| format!("{a}{o:?}{t}"))
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
        .split(['#', '?'])
        .next()
        .unwrap()
        .to_owned()
}

/// Whether `text` holds `needle` after HTML-unescaping the few entities
/// askama writes (so a test can look for text with quotes or apostrophes).
pub fn shows(text: &str, needle: &str) -> bool {
    let t = text
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&amp;", "&");
    t.contains(needle)
}

/// Whether `html` shows a `<script>` tag as text (escaped), in whichever
/// entity form the template engine writes.
pub fn shows_script_as_text(html: &str) -> bool {
    html.contains("&lt;script&gt;") || html.contains("&#60;script&#62;")
}
