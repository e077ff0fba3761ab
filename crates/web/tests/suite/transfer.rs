//! Handing a case to another LIVC-R as a signed, encrypted package, between
//! two independent servers (each with its own database and transfer keys):
//! the administrators register each other's public keys, the sending expert
//! downloads the package of a transferred case, the receiving expert uploads
//! it and gets a new referral with the same identity and only the consented
//! item. Packages from an unregistered LIVC-R, tampered packages and partner
//! accounts are refused; the package and the logs never show the person.
//! SQLite always, PostgreSQL when configured.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, Db, TestApp, log_capture, spawn};
use verbind_crypto::package::{TransferKeys, TransferPublicKey};

const NAME: &str = "Zeno Overdrachtius-4d2e";
const ADDRESS: &str = "Kerkstraat 4d2e, 9100 Sint-Niklaas";
const REASON: &str = "Zorgwekkende uitspraken, reden-4d2e";
const CONSENTED: &str = "BIJDRAGE-MET-TOESTEMMING-4d2e";
const NO_CONSENT: &str = "BIJDRAGE-ZONDER-TOESTEMMING-4d2e";
const SECRET: &str = "BIJDRAGE-BEROEPSGEHEIM-4d2e";
const WITHDRAWN: &str = "BIJDRAGE-INGETROKKEN-4d2e";

/// Two independent servers on the same kind of database.
macro_rules! two_servers {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                log_capture();
                let a = spawn(Db::Sqlite, true).await.unwrap();
                let b = spawn(Db::Sqlite, true).await.unwrap();
                ($body)(a, b).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                log_capture();
                let Some(a) = spawn(Db::Postgres, true).await else {
                    return;
                };
                let Some(b) = spawn(Db::Postgres, true).await else {
                    return;
                };
                ($body)(a, b).await;
            }
        }
    };
}

async fn logged_in_with_ethics(app: &TestApp, username: &str) -> Client {
    let mut c = Client::new(app);
    c.login_demo(username).await;
    let page = c.get("/deontologie").await;
    let csrf = common::csrf_in(&page.body).unwrap();
    assert_eq!(
        c.post_form("/deontologie", &[("csrf", &csrf)]).await.status,
        303
    );
    c
}

fn unescape(html: &str) -> String {
    html.replace("&#43;", "+")
        .replace("&#x2b;", "+")
        .replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&#61;", "=")
        .replace("&#x3d;", "=")
        .replace("&amp;", "&")
}

fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html
        .find(start)
        .unwrap_or_else(|| panic!("{start} not found"))
        + start.len();
    let rest = &html[i..];
    &rest[..rest.find(end).unwrap()]
}

/// The installation's own public key text and fingerprint, from its admin page.
async fn own_key(admin: &mut Client) -> (String, String) {
    let page = admin.get("/beheer/overdracht").await;
    assert_eq!(page.status, 200, "{}", page.body);
    (
        unescape(between(&page.body, "<code id=\"own-key\">", "</code>")),
        between(&page.body, "<code id=\"own-fingerprint\">", "</code>").to_owned(),
    )
}

/// The value of the `<option>` whose label starts with `label`.
fn option_value(html: &str, label: &str) -> String {
    let i = html
        .find(&format!("\">{label}"))
        .unwrap_or_else(|| panic!("no option {label}"));
    let before = &html[..i];
    let start = before.rfind("value=\"").unwrap() + "value=\"".len();
    before[start..].to_owned()
}

async fn register_partner(app: &TestApp, admin: &mut Client, name: &str, key: &str) {
    common::fresh_reauth(app, admin);
    let csrf = admin.csrf_from("/beheer/overdracht").await;
    let r = admin
        .post_form(
            "/beheer/overdracht",
            &[("csrf", &csrf), ("naam", name), ("sleutel", key)],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
}

fn cookie_header(c: &Client) -> String {
    c.cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A raw POST that keeps the response body as bytes (a package is binary).
async fn post_raw(
    c: &Client,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let res = c
        .http
        .post(format!("{}{path}", c.base))
        .header("cookie", cookie_header(c))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.bytes().await.unwrap().to_vec())
}

/// Downloads the package of case `id` for partner `partner`.
async fn download(c: &Client, id: &str, csrf: &str, partner: &str) -> (u16, String, Vec<u8>) {
    let form = serde_urlencoded::to_string([("csrf", csrf), ("partner", partner)]).unwrap();
    let (status, headers, body) = post_raw(
        c,
        &format!("/casussen/{id}/overdracht"),
        "application/x-www-form-urlencoded",
        form.into_bytes(),
    )
    .await;
    let disposition = headers
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, disposition, body)
}

/// Uploads `package` as sent by `partner`; returns status, location and page.
async fn upload(
    c: &Client,
    csrf: &str,
    partner: &str,
    package: &[u8],
) -> (u16, Option<String>, String) {
    let boundary = "----verbind-test-grens-4d2e";
    let mut body = Vec::new();
    for (name, value, file) in [
        ("csrf", csrf.as_bytes(), false),
        ("partner", partner.as_bytes(), false),
        ("pakket", package, true),
    ] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes(),
        );
        if file {
            body.extend_from_slice(
                b"; filename=\"SN-2026-001.verbind\"\r\nContent-Type: application/octet-stream",
            );
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let (status, headers, page) = post_raw(
        c,
        "/casussen/ontvangen",
        &format!("multipart/form-data; boundary={boundary}"),
        body,
    )
    .await;
    let location = headers
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (
        status,
        location,
        String::from_utf8_lossy(&page).into_owned(),
    )
}

/// The police refers a case and brings four items; only one may travel.
async fn case_with_items(police: &mut Client) -> String {
    let csrf = police.csrf_from("/casussen/nieuw").await;
    let r = police
        .post_form(
            "/casussen/nieuw",
            &[
                ("csrf", &csrf),
                ("groep_a", "1"),
                ("woont", "1"),
                ("naam", NAME),
                ("geboortedatum", "01/04/2011"),
                ("adres", ADDRESS),
                ("rijksregisternummer", "11.04.01-001.63"),
                ("reden", REASON),
                ("bron", "partner_member"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id = r
        .header("location")
        .unwrap()
        .trim_start_matches("/casussen/")
        .to_owned();
    let items = format!("/casussen/{id}/bijdragen");
    let csrf = common::csrf_in(&police.get(&items).await.body).unwrap();
    for (text, secrecy) in [
        (CONSENTED, false),
        (NO_CONSENT, false),
        (SECRET, true),
        (WITHDRAWN, false),
    ] {
        let mut fields = vec![
            ("csrf", csrf.as_str()),
            ("domein", "sociale_context"),
            ("inhoud", text),
            ("noodzaak", "Om een passend traject te zoeken."),
            ("delen", "table"),
        ];
        if secrecy {
            fields.push(("beroepsgeheim", "1"));
        }
        assert_eq!(police.post_form(&items, &fields).await.status, 303);
    }
    let own = police.get(&items).await.body;
    let item_id = |marker: &str| {
        own.split(marker)
            .nth(1)
            .unwrap()
            .split("/bijdragen/")
            .nth(1)
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_owned()
    };
    // Consent for the first, the secret one and the one withdrawn afterwards.
    for (marker, action) in [
        (CONSENTED, "toestemming"),
        (SECRET, "toestemming"),
        (WITHDRAWN, "toestemming"),
        (WITHDRAWN, "intrekken"),
    ] {
        let r = police
            .post_form(
                &format!("{items}/{}/{action}", item_id(marker)),
                &[("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, 303, "{marker} {action}");
    }
    id
}

fn audit_rows(app: &TestApp, action: &str) -> Vec<verbind_store::models::audit::AuditRow> {
    app.db
        .read(|c| {
            verbind_store::models::audit::list(
                c,
                &verbind_store::models::audit::Filter {
                    action: Some(action.into()),
                    limit: 100,
                    ..Default::default()
                },
            )
        })
        .unwrap()
}

two_servers!(
    a_case_travels_from_one_livc_to_another,
    |a: TestApp, b: TestApp| async move {
        // The administrators exchange public keys and register each other.
        let mut admin_a = Client::new(&a);
        admin_a.login_demo("beheerder").await;
        let mut admin_b = Client::new(&b);
        admin_b.login_demo("beheerder").await;
        let (key_a, fp_a) = own_key(&mut admin_a).await;
        let (key_b, fp_b) = own_key(&mut admin_b).await;
        assert!(key_a.starts_with("verbind-transfer-v1:"));
        assert_ne!(key_a, key_b, "two installations, two key pairs");
        assert_eq!(
            TransferPublicKey::parse(&key_b).unwrap().fingerprint(),
            fp_b
        );
        register_partner(&a, &mut admin_a, "LIVC-R Lokeren", &key_b).await;
        register_partner(&b, &mut admin_b, "LIVC-R Sint-Niklaas", &key_a).await;
        // The fingerprint shown for the partner is the one it shows itself.
        let page = admin_a.get("/beheer/overdracht").await.body;
        assert!(page.contains("LIVC-R Lokeren") && page.contains(&fp_b));
        let page = admin_b.get("/beheer/overdracht").await.body;
        assert!(page.contains(&fp_a));

        // Sending side: a referral with items, transferred to Lokeren.
        let mut police = logged_in_with_ethics(&a, "politie").await;
        let id = case_with_items(&mut police).await;
        let mut expert_a = logged_in_with_ethics(&a, "deskundige").await;
        let csrf = common::csrf_in(&expert_a.get(&format!("/casussen/{id}")).await.body).unwrap();
        // The step form offers the register's partners for the receiving LIVC-R.
        let file = expert_a.get(&format!("/casussen/{id}")).await.body;
        assert!(file.contains("<datalist id=\"livc-register\"><option value=\"LIVC-R Lokeren\">"));
        let police_file = police.get(&format!("/casussen/{id}")).await.body;
        assert!(
            !police_file.contains("livc-register"),
            "only the expert takes steps"
        );
        // Before the transfer step there is nothing to download.
        let page = expert_a.get(&format!("/casussen/{id}/overdracht")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("pas gemaakt worden"));
        let r = expert_a
            .post_form(
                &format!("/casussen/{id}/stap"),
                &[
                    ("csrf", &csrf),
                    ("stap", "transfer"),
                    ("ontvangende_livc", "LIVC-R Lokeren"),
                ],
            )
            .await;
        assert_eq!(r.status, 303, "{}", r.body);
        let page = expert_a.get(&format!("/casussen/{id}/overdracht")).await;
        assert!(page.body.contains("Bevestig eerst uw identiteit"));
        assert!(!page.body.contains(NAME), "the page names nobody");

        // A partner at the table may open the case but never exports it.
        let pcsrf = common::csrf_in(&police.get(&format!("/casussen/{id}")).await.body).unwrap();
        common::fresh_reauth(&a, &police);
        let (status, _, body) = download(&police, &id, &pcsrf, "x").await;
        assert_eq!(status, 403);
        assert!(!String::from_utf8_lossy(&body).contains(NAME));

        // The expert must re-authenticate first.
        let (status, _, _) = download(&expert_a, &id, &csrf, "x").await;
        assert_eq!(status, 303);
        common::fresh_reauth(&a, &expert_a);
        let page = expert_a.get(&format!("/casussen/{id}/overdracht")).await;
        assert!(
            page.body.contains("Bijdragen die meegaan: 1"),
            "{}",
            page.body
        );
        let lokeren = option_value(&page.body, "LIVC-R Lokeren");
        let (status, _, _) = download(&expert_a, &id, &csrf, "geen-partner").await;
        assert_eq!(status, 422);
        let (status, disposition, package) = download(&expert_a, &id, &csrf, &lokeren).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&package));
        assert_eq!(disposition, "attachment; filename=\"SN-2026-001.verbind\"");
        assert!(package.starts_with(b"verbind-transfer"));
        // Canary: nothing of the person or the items is readable in the package.
        for marker in [
            NAME.as_bytes(),
            b"Overdrachtius",
            b"Kerkstraat",
            b"reden-4d2e",
            b"85073003328",
            b"4d2e",
        ] {
            assert!(
                !package.windows(marker.len()).any(|w| w == marker),
                "{} readable in the package",
                String::from_utf8_lossy(marker)
            );
        }

        // Receiving side.
        let mut expert_b = logged_in_with_ethics(&b, "deskundige").await;
        let page = expert_b.get("/casussen/ontvangen").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Bevestig eerst uw identiteit"));
        let bcsrf = common::csrf_in(&page.body).unwrap();
        let sint_niklaas_id = {
            common::fresh_reauth(&b, &expert_b);
            let page = expert_b.get("/casussen/ontvangen").await;
            assert!(page.body.contains("enctype=\"multipart/form-data\""));
            option_value(&page.body, "LIVC-R Sint-Niklaas")
        };
        // Not a package; a tampered package; a package from an unregistered LIVC-R.
        let (status, _, body) = upload(&expert_b, &bcsrf, &sint_niklaas_id, b"hallo").await;
        assert_eq!(status, 422);
        assert!(body.contains("geen overdrachtspakket"));
        let mut tampered = package.clone();
        let middle = tampered.len() / 2;
        tampered[middle] ^= 0x01;
        let (status, _, body) = upload(&expert_b, &bcsrf, &sint_niklaas_id, &tampered).await;
        assert_eq!(status, 422);
        assert!(body.contains("handtekening klopt niet"), "{body}");
        let stranger = TransferKeys::generate();
        let forged = stranger
            .seal(&TransferPublicKey::parse(&key_b).unwrap(), b"{}")
            .unwrap();
        let (status, _, body) = upload(&expert_b, &bcsrf, &sint_niklaas_id, &forged).await;
        assert_eq!(status, 422);
        assert!(body.contains("handtekening klopt niet"));
        // A partner of B may not receive packages.
        let mut caw_b = logged_in_with_ethics(&b, "caw").await;
        common::fresh_reauth(&b, &caw_b);
        assert_eq!(caw_b.get("/casussen/ontvangen").await.status, 403);
        let ccsrf = common::csrf_in(&caw_b.get("/casussen").await.body).unwrap();
        let (status, _, _) = upload(&caw_b, &ccsrf, &sint_niklaas_id, &package).await;
        assert_eq!(status, 403);
        // The genuine package becomes a new referral.
        let (status, location, body) = upload(&expert_b, &bcsrf, &sint_niklaas_id, &package).await;
        assert_eq!(status, 303, "{body}");
        let new_id = location
            .unwrap()
            .trim_start_matches("/casussen/")
            .to_owned();
        let (status, _, body) = upload(&expert_b, &bcsrf, &sint_niklaas_id, &package).await;
        assert_eq!(status, 422);
        assert!(body.contains("al ontvangen"));

        // The new case: Aangemeld at B's table, a local code, the reason, no name on the page.
        let file = expert_b.get(&format!("/casussen/{new_id}")).await;
        assert_eq!(file.status, 200);
        assert!(file.body.contains("SN-2026-001"));
        assert!(file.body.contains("aangemeld") || file.body.contains("Aangemeld"));
        assert!(file.body.contains(REASON));
        assert!(file.body.contains("overgedragen door een andere LIVC-R"));
        assert!(!file.body.contains(NAME));
        // The identity revealed at B is the one referred at A.
        let r = expert_b
            .post_form(
                &format!("/casussen/{new_id}/identiteit"),
                &[("csrf", &bcsrf), ("doel", "kennismaking na verhuis")],
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.body.contains(NAME));
        assert!(r.body.contains("01/04/2011"));
        assert!(r.body.contains(ADDRESS));
        assert!(r.body.contains("11.04.01-001.63"));
        // Only the consented item, owned by B's expert organisation; never A's police.
        let items = expert_b.get(&format!("/casussen/{new_id}/bijdragen")).await;
        assert!(items.body.contains(CONSENTED));
        for left_out in [NO_CONSENT, SECRET, WITHDRAWN] {
            assert!(!items.body.contains(left_out), "{left_out} travelled");
        }
        assert!(!items.body.contains("Lokale politie"));
        let owners: Vec<String> =
            b.db.read(|c| {
                use diesel::prelude::*;
                use verbind_store::schema::{case_items, case_transfer_items};
                Ok(case_items::table
                    .inner_join(
                        case_transfer_items::table
                            .on(case_transfer_items::item_id.eq(case_items::id)),
                    )
                    .select(case_items::owner_org_id)
                    .load::<String>(c)?)
            })
            .unwrap();
        assert_eq!(owners.len(), 1, "one item, marked as received");
        let dsp =
            b.db.read(|c| {
                let t = verbind_store::models::tenant::find_by_slug(c, "sint-niklaas")?.unwrap();
                verbind_store::models::organisation::find_by_slug(c, &t.tenant_id(), "dsp")
            })
            .unwrap()
            .unwrap();
        assert_eq!(owners[0], dsp.id);
        // The provenance on the received case's transfer page.
        let page = expert_b
            .get(&format!("/casussen/{new_id}/overdracht"))
            .await;
        assert!(page.body.contains("Ontvangen van LIVC-R Sint-Niklaas"));
        assert!(!page.body.contains(NAME));
        // A's log shows the package made for Lokeren.
        let page = expert_a.get(&format!("/casussen/{id}/overdracht")).await;
        assert!(page.body.contains("LIVC-R Lokeren") && page.body.contains("gemaakt"));

        // Audited on both sides; the partner is sealed, no personal data in details.
        let exported = audit_rows(&a, "case.transfer_exported");
        assert!(exported.iter().any(|r| r.outcome == "ok"));
        assert!(
            exported.iter().any(|r| r.outcome == "denied"),
            "the partner's try"
        );
        let imported = audit_rows(&b, "case.transfer_imported");
        assert_eq!(imported.iter().filter(|r| r.outcome == "ok").count(), 1);
        let refused = audit_rows(&b, "case.transfer_refused");
        assert!(refused.len() >= 4, "{}", refused.len());
        for r in exported.iter().chain(&imported).chain(&refused) {
            let d = r.detail.clone().unwrap_or_default();
            assert!(!d.contains("4d2e") && !d.contains(&lokeren), "{d}");
            if let Some(reason) = &r.reason {
                assert!(!reason.windows(7).any(|w| w == b"partner"));
            }
        }
        // Canary: nobody's name in the logs of either server.
        let logs = String::from_utf8_lossy(&log_capture().0.lock().unwrap()).into_owned();
        for marker in [NAME, "Overdrachtius", "Kerkstraat", "reden-4d2e", CONSENTED] {
            assert!(!logs.contains(marker), "{marker} in the logs");
        }
    }
);

two_servers!(
    only_the_administrator_keeps_the_register,
    |a: TestApp, b: TestApp| async move {
        let mut admin_b = Client::new(&b);
        admin_b.login_demo("beheerder").await;
        let (key_b, _) = own_key(&mut admin_b).await;
        let mut admin_a = Client::new(&a);
        admin_a.login_demo("beheerder").await;
        let (key_a, _) = own_key(&mut admin_a).await;
        // Other roles: 403.
        for name in ["deskundige", "politie", "dpo", "stuurgroep"] {
            let mut c = Client::new(&a);
            c.login_demo(name).await;
            assert_eq!(c.get("/beheer/overdracht").await.status, 403, "{name}");
            let csrf = common::csrf_in(&c.get("/").await.body).unwrap();
            let r = c
                .post_form(
                    "/beheer/overdracht",
                    &[("csrf", &csrf), ("naam", "x"), ("sleutel", &key_b)],
                )
                .await;
            assert_eq!(r.status, 403, "{name}");
        }
        // Without a fresh re-authentication: to the confirmation page.
        let csrf = admin_a.csrf_from("/beheer/overdracht").await;
        let r = admin_a
            .post_form(
                "/beheer/overdracht",
                &[
                    ("csrf", &csrf),
                    ("naam", "LIVC-R Lokeren"),
                    ("sleutel", &key_b),
                ],
            )
            .await;
        assert_eq!(r.status, 303);
        assert_eq!(
            r.header("location").as_deref(),
            Some("/account/bevestigen?terug=/beheer/overdracht")
        );
        common::fresh_reauth(&a, &admin_a);
        // Bad input: messages next to the form, never a 500.
        for (naam, sleutel, msg) in [
            ("", key_b.as_str(), "Vul de naam"),
            (
                "LIVC-R Lokeren",
                "verbind-transfer-v1:AAAA",
                "geen geldige publieke sleutel",
            ),
            (
                "LIVC-R Lokeren",
                "<script>alert(1)</script>",
                "geen geldige publieke sleutel",
            ),
            (
                "LIVC-R Eigen",
                key_a.as_str(),
                "sleutel van deze LIVC-R zelf",
            ),
        ] {
            let r = admin_a
                .post_form(
                    "/beheer/overdracht",
                    &[("csrf", &csrf), ("naam", naam), ("sleutel", sleutel)],
                )
                .await;
            assert_eq!(r.status, 422, "{msg}");
            assert!(r.body.contains(msg), "{msg}");
            assert!(!r.body.contains("<script>alert"));
        }
        register_partner(&a, &mut admin_a, "LIVC-R Lokeren", &key_b).await;
        let r = admin_a
            .post_form(
                "/beheer/overdracht",
                &[("csrf", &csrf), ("naam", "Nog eens"), ("sleutel", &key_b)],
            )
            .await;
        assert_eq!(r.status, 422);
        assert!(r.body.contains("al geregistreerd"));
        // Removing it: audited, and it is gone from the expert's choice.
        let page = admin_a.get("/beheer/overdracht").await.body;
        let remove = between(&page, "action=\"/beheer/overdracht/", "/verwijderen").to_owned();
        let r = admin_a
            .post_form(
                &format!("/beheer/overdracht/{remove}/verwijderen"),
                &[("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, 303);
        assert!(
            !admin_a
                .get("/beheer/overdracht")
                .await
                .body
                .contains("/verwijderen")
        );
        let r = admin_a
            .post_form(
                &format!("/beheer/overdracht/{remove}/verwijderen"),
                &[("csrf", &csrf)],
            )
            .await;
        assert_eq!(r.status, 404, "already removed");
        assert_eq!(audit_rows(&a, "transfer.partner_added").len(), 1);
        assert_eq!(audit_rows(&a, "transfer.partner_removed").len(), 1);
        // The admin menu links to the register.
        assert!(admin_a.get("/").await.body.contains("/beheer/overdracht"));
        let _ = b;
    }
);

/// A raw POST with an `X-CSRF-Token` header (the JSON API), keeping the
/// response body as bytes.
async fn api_post_raw(
    c: &Client,
    path: &str,
    csrf: &str,
    content_type: &str,
    body: Vec<u8>,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
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
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.bytes().await.unwrap().to_vec())
}

fn error_code(body: &[u8]) -> String {
    serde_json::from_slice::<serde_json::Value>(body).unwrap()["error"]
        .as_str()
        .unwrap()
        .to_owned()
}

two_servers!(
    a_case_travels_through_the_api,
    |a: TestApp, b: TestApp| async move {
        let mut admin_a = Client::new(&a);
        admin_a.login_demo("beheerder").await;
        let mut admin_b = Client::new(&b);
        admin_b.login_demo("beheerder").await;
        let (key_a, _) = own_key(&mut admin_a).await;
        let (key_b, _) = own_key(&mut admin_b).await;
        register_partner(&a, &mut admin_a, "LIVC-R Lokeren", &key_b).await;
        register_partner(&b, &mut admin_b, "LIVC-R Sint-Niklaas", &key_a).await;

        let mut police = logged_in_with_ethics(&a, "politie").await;
        let id = case_with_items(&mut police).await;
        let (mut expert_a, acsrf) = common::api_with_ethics(&a, "deskundige").await;
        let partners = expert_a.get("/api/v1/transfer-partners").await.json();
        let lokeren = partners
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "LIVC-R Lokeren")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let path = format!("/api/v1/cases/{id}/transfer-package");
        let body = serde_json::json!({ "partner_id": lokeren })
            .to_string()
            .into_bytes();
        // Not transferred yet; then the transfer step.
        common::fresh_reauth(&a, &expert_a);
        let (status, _, r) =
            api_post_raw(&expert_a, &path, &acsrf, "application/json", body.clone()).await;
        assert_eq!(status, 422);
        assert_eq!(error_code(&r), "not_transferred");
        let r = expert_a
            .post_json(
                &format!("/api/v1/cases/{id}/transitions"),
                serde_json::json!({"transition": "transfer", "receiving_livc": "LIVC-R Lokeren"}),
                Some(&acsrf),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        // A partner never exports; without CSRF nothing happens.
        let (mut police_api, pcsrf) = common::api_with_ethics(&a, "politie").await;
        common::fresh_reauth(&a, &police_api);
        let (status, _, _) =
            api_post_raw(&police_api, &path, &pcsrf, "application/json", body.clone()).await;
        assert_eq!(status, 403);
        assert_eq!(
            police_api.get("/api/v1/transfer-partners").await.status,
            200
        );
        let (status, _, r) =
            api_post_raw(&expert_a, &path, "fout", "application/json", body.clone()).await;
        assert_eq!(status, 403);
        assert_eq!(error_code(&r), "csrf");
        let (status, headers, package) =
            api_post_raw(&expert_a, &path, &acsrf, "application/json", body).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&package));
        assert_eq!(
            headers["content-disposition"].to_str().unwrap(),
            "attachment; filename=\"SN-2026-001.verbind\""
        );
        assert!(!package.windows(NAME.len()).any(|w| w == NAME.as_bytes()));

        // Receiving through the API: re-authentication first, the sender's
        // key must verify, once only.
        let (mut expert_b, bcsrf) = common::api_with_ethics(&b, "deskundige").await;
        let partners = expert_b.get("/api/v1/transfer-partners").await.json();
        let sint_niklaas = partners[0]["id"].as_str().unwrap().to_owned();
        let receive = format!("/api/v1/transfer-packages?partner_id={sint_niklaas}");
        let (status, _, r) = api_post_raw(
            &expert_b,
            &receive,
            &bcsrf,
            "application/octet-stream",
            package.clone(),
        )
        .await;
        assert_eq!(status, 403);
        assert_eq!(error_code(&r), "reauth_required");
        common::fresh_reauth(&b, &expert_b);
        let mut tampered = package.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 0x01;
        let (status, _, r) = api_post_raw(
            &expert_b,
            &receive,
            &bcsrf,
            "application/octet-stream",
            tampered,
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(error_code(&r), "signature");
        let (status, _, r) = api_post_raw(
            &expert_b,
            &receive,
            &bcsrf,
            "application/octet-stream",
            Vec::new(),
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(error_code(&r), "no_file");
        let (status, headers, r) = api_post_raw(
            &expert_b,
            &receive,
            &bcsrf,
            "application/octet-stream",
            package.clone(),
        )
        .await;
        assert_eq!(status, 201, "{}", String::from_utf8_lossy(&r));
        let new_id = serde_json::from_slice::<serde_json::Value>(&r).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            headers["location"].to_str().unwrap(),
            format!("/api/v1/cases/{new_id}")
        );
        let (status, _, r) = api_post_raw(
            &expert_b,
            &receive,
            &bcsrf,
            "application/octet-stream",
            package,
        )
        .await;
        assert_eq!(status, 422);
        assert_eq!(error_code(&r), "duplicate");
        let file = expert_b.get(&format!("/api/v1/cases/{new_id}")).await;
        assert_eq!(file.status, 200);
        assert_eq!(file.json()["state"], "aangemeld");
        assert!(!file.body.contains(NAME), "the file shows the code only");
        let items = expert_b.get(&format!("/api/v1/cases/{new_id}/items")).await;
        assert!(items.body.contains(CONSENTED), "{}", items.body);
        for marker in [NO_CONSENT, SECRET, WITHDRAWN] {
            assert!(!items.body.contains(marker), "{marker}");
        }
    }
);
