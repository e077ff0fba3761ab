//! The ethics matrix of issue 3, point 5, through the running app: every
//! demo account (role x organisation x seat) against information items of
//! every kind (sharing level x shielded origin x status: active or withdrawn
//! x owner consent x professional secrecy), on every path that shows or uses
//! an item: the items page, the case file page, the JSON API (items and case
//! file), feedback (a use that needs consent), the terugkoppelingsfiche (an
//! export) and the Stuurgroep report. SQLite and PostgreSQL.
//!
//! The expectations are written here from the plan's rules (seed 2.4.4), not
//! taken from the domain functions, so a path that forgets to ask the policy,
//! or a policy that drifts from the plan, fails this test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, TestApp};
use serde_json::{Value, json};

const POLICE: &str = "Lokale politie Sint-Niklaas";

/// Every demo account: administrator, expert, the police (owner of every item
/// here), four other Partnertafel seat holders, a partner without a seat, the
/// Stuurgroep, a reference person and the DPO.
const ACCOUNTS: [&str; 11] = [
    "beheerder",
    "deskundige",
    "politie",
    "caw",
    "clb",
    "vdab",
    "justitiehuis",
    "jeugddienst",
    "stuurgroep",
    "referentie",
    "dpo",
];

/// One kind of item.
#[derive(Debug, Clone, Copy)]
struct Kind {
    /// Shared with the table (else: with the expert only).
    table: bool,
    shielded: bool,
    withdrawn: bool,
    consent: bool,
    secrecy: bool,
}

impl Kind {
    fn all() -> Vec<Kind> {
        let b = [false, true];
        let mut v = Vec::new();
        for table in b {
            for shielded in b {
                for withdrawn in b {
                    for consent in b {
                        for secrecy in b {
                            v.push(Kind {
                                table,
                                shielded,
                                withdrawn,
                                consent,
                                secrecy,
                            });
                        }
                    }
                }
            }
        }
        v
    }

    /// A marker unique to this kind, in the item's content.
    fn marker(self) -> String {
        let f = |x: bool| if x { '1' } else { '0' };
        format!(
            "MXT{}{}{}{}{}q7",
            f(self.table),
            f(self.shielded),
            f(self.withdrawn),
            f(self.consent),
            f(self.secrecy)
        )
    }
}

/// The plan's rule: the owner organisation always sees its own items (also
/// withdrawn ones, to manage them); the expert sees every item that is not
/// withdrawn; another seat holder of the case's table sees what is shared with
/// the table and not withdrawn; nobody else ever sees an item.
fn sees(account: &str, k: Kind) -> bool {
    match account {
        "politie" => true,
        "deskundige" => !k.withdrawn,
        "caw" | "clb" | "vdab" | "justitiehuis" => !k.withdrawn && k.table,
        _ => false,
    }
}

/// The origin is shown to the owner, and to others who see the item unless
/// the owner shielded it.
fn sees_origin(account: &str, k: Kind) -> bool {
    sees(account, k) && (account == "politie" || !k.shielded)
}

/// May be used in a step: not withdrawn and consented.
fn usable(k: Kind) -> bool {
    !k.withdrawn && k.consent
}

/// May travel in feedback to the CAW: usable, and feedback never widens who
/// sees an item, so only what the owner shared with the table.
fn to_caw(k: Kind) -> bool {
    usable(k) && k.table
}

/// Goes into the terugkoppelingsfiche, which the police at the table read:
/// usable, never professional secrecy, and only what the owner shared with
/// the table (the fiche never widens who sees an item).
fn in_fiche(k: Kind) -> bool {
    usable(k) && !k.secrecy && k.table
}

/// The `<article>` of the items page holding `marker`, if any.
fn article_with<'a>(html: &'a str, marker: &str) -> Option<&'a str> {
    html.split("<article").skip(1).find_map(|part| {
        let end = part.find("</article>").unwrap_or(part.len());
        let article = &part[..end];
        article.contains(marker).then_some(article)
    })
}

async fn org_of(c: &mut Client) -> String {
    let r = c.get("/api/v1/me").await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json()["organisation"]["id"].as_str().unwrap().to_owned()
}

/// Logs every account in through the API and lets it try to accept the code
/// of ethics (the roles that never see a case may be refused that).
async fn everyone(app: &TestApp) -> Vec<(&'static str, Client, String)> {
    let mut out = Vec::new();
    for account in ACCOUNTS {
        let (mut c, csrf) = common::api_login(app, account).await;
        let r = c
            .post_json("/api/v1/ethics/accept", json!({}), Some(&csrf))
            .await;
        assert!(
            r.status == 204 || r.status == 403,
            "{account} accepting the code: {} {}",
            r.status,
            r.body
        );
        out.push((account, c, csrf));
    }
    out
}

scenario!(
    every_account_on_every_path_sees_and_uses_items_as_the_plan_says,
    |app: TestApp| async move {
        let mut clients = everyone(&app).await;
        let idx = |name: &str| ACCOUNTS.iter().position(|a| *a == name).unwrap();
        let (police_i, expert_i, caw_i) = (idx("politie"), idx("deskundige"), idx("caw"));

        // A case at the table in socio-preventive follow-up, referred by the police.
        let (id, _code) = {
            let (a, b) = clients.split_at_mut(police_i);
            let (_, expert, ecsrf) = &mut a[expert_i];
            let (_, police, pcsrf) = &mut b[0];
            common::api_case_in_follow_up(police, pcsrf, expert, ecsrf).await
        };
        let case = |p: &str| format!("/api/v1/cases/{id}{p}");

        // The police brings one item of every kind.
        let kinds = Kind::all();
        let mut ids = Vec::new();
        {
            let (_, police, pcsrf) = &mut clients[police_i];
            for k in &kinds {
                let r = police
                    .post_json(
                        &case("/items"),
                        json!({
                            "domain": "sociale_context",
                            "content": format!("Inhoud {}", k.marker()),
                            "necessity": "Nodig om een passend traject te zoeken.",
                            "professional_secrecy": k.secrecy,
                            "sharing": if k.table { "table" } else { "expert_only" },
                            "origin_shielded": k.shielded,
                        }),
                        Some(pcsrf),
                    )
                    .await;
                assert_eq!(r.status, 201, "{}", r.body);
                let item = r.json()["id"].as_str().unwrap().to_owned();
                for (wanted, action) in [(k.consent, "consent"), (k.withdrawn, "withdraw")] {
                    if wanted {
                        let r = police
                            .post_json(
                                &case(&format!("/items/{item}/{action}")),
                                json!({}),
                                Some(pcsrf),
                            )
                            .await;
                        assert_eq!(r.status, 204, "{action}: {}", r.body);
                    }
                }
                ids.push(item);
            }
        }

        // Seeing: the JSON API (items and case file) and the pages, per account.
        for (account, c, _) in clients.iter_mut() {
            let account: &str = account;
            let api_items = c.get(&case("/items")).await;
            let api_file = c.get(&case("")).await;
            let mut page = Client::new(&app);
            let r = page.login_demo(account).await;
            assert!(r.status < 400, "{account} logs in: {}", r.status);
            let items_page = page.get(&format!("/casussen/{id}/bijdragen")).await;
            let file_page = page.get(&format!("/casussen/{id}")).await;
            let at_table = kinds.iter().any(|k| sees(account, *k));
            for (what, status) in [
                ("API items", api_items.status),
                ("API case file", api_file.status),
                ("items page", items_page.status),
                ("case page", file_page.status),
            ] {
                if at_table {
                    assert_eq!(status, 200, "{account}: {what}");
                } else {
                    assert!(
                        status == 403 || status == 404,
                        "{account}: {what} must be refused, got {status}"
                    );
                }
            }
            let listed: Vec<Value> = if api_items.status == 200 {
                api_items.json()["items"].as_array().unwrap().clone()
            } else {
                Vec::new()
            };
            for (k, item) in kinds.iter().zip(&ids) {
                let m = k.marker();
                let want = sees(account, *k);
                let in_api = listed.iter().find(|i| i["id"] == item.as_str());
                assert_eq!(in_api.is_some(), want, "{account}, API items, {k:?}");
                assert_eq!(
                    api_items.body.contains(&m),
                    want,
                    "{account}, API items body, {k:?}"
                );
                if let Some(i) = in_api {
                    let origin = if sees_origin(account, *k) {
                        json!(POLICE)
                    } else {
                        Value::Null
                    };
                    assert_eq!(i["origin"], origin, "{account}, API origin, {k:?}");
                    assert_eq!(i["mine"], account == "politie", "{account}, {k:?}");
                    assert_eq!(i["withdrawn"], k.withdrawn, "{account}, {k:?}");
                    assert_eq!(i["consent_for_use"], k.consent, "{account}, {k:?}");
                    if account != "politie" {
                        assert_eq!(
                            i["viewers"],
                            json!([]),
                            "only the owner sees who viewed its item: {account}, {k:?}"
                        );
                    }
                }
                let article = article_with(&items_page.body, &m);
                assert_eq!(article.is_some(), want, "{account}, items page, {k:?}");
                if let Some(a) = article {
                    assert_eq!(
                        a.contains(POLICE),
                        sees_origin(account, *k),
                        "{account}, origin on the items page, {k:?}"
                    );
                }
                if !want {
                    for (what, body) in [
                        ("API case file", &api_file.body),
                        ("case page", &file_page.body),
                    ] {
                        assert!(!body.contains(&m), "{account}, {what}, {k:?}");
                    }
                }
            }
        }

        // The owner sees exactly who viewed each of its items: everyone
        // above who saw it, and nobody who did not.
        let listed = clients[police_i].1.get(&case("/items")).await.json();
        for (k, item) in kinds.iter().zip(&ids) {
            let i = listed["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["id"] == item.as_str())
                .unwrap();
            let mut viewers: Vec<&str> = i["viewers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v["username"].as_str().unwrap())
                .filter(|u| *u != "politie")
                .collect();
            viewers.sort_unstable();
            viewers.dedup();
            let mut want: Vec<&str> = ACCOUNTS
                .into_iter()
                .filter(|a| *a != "politie" && sees(a, *k))
                .collect();
            want.sort_unstable();
            assert_eq!(viewers, want, "who viewed {k:?}");
        }

        // Using: the expert cites each item in feedback to the CAW; only a
        // consented, not withdrawn item shared with the table may travel.
        let caw_org = org_of(&mut clients[caw_i].1).await;
        {
            let (_, expert, ecsrf) = &mut clients[expert_i];
            for (k, item) in kinds.iter().zip(&ids) {
                let r = expert
                    .post_json(
                        &case("/feedback"),
                        json!({"recipient": caw_org, "text": "Terugkoppeling na de tafel.",
                               "cited_items": [item]}),
                        Some(ecsrf),
                    )
                    .await;
                if to_caw(*k) {
                    assert_eq!(r.status, 201, "{k:?}: {}", r.body);
                } else {
                    assert_eq!(r.status, 422, "{k:?}: {}", r.body);
                    let code = r.json()["error"].as_str().unwrap().to_owned();
                    assert!(
                        [
                            "consent_missing",
                            "withdrawn",
                            "item_not_in_case",
                            "not_shared_with_recipient"
                        ]
                        .contains(&code.as_str()),
                        "{k:?}: {code}"
                    );
                }
            }
        }
        // The CAW reads its feedback: the cited items, the origin only when not shielded.
        let fb = clients[caw_i].1.get(&case("/feedback")).await;
        assert_eq!(fb.status, 200, "{}", fb.body);
        let fb = fb.json();
        let cited: Vec<&Value> = fb["feedback"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f["cited"].as_array().unwrap().iter())
            .collect();
        for k in &kinds {
            let m = k.marker();
            let line = cited
                .iter()
                .find(|c| c["content"].as_str().is_some_and(|s| s.contains(&m)));
            assert_eq!(line.is_some(), to_caw(*k), "CAW feedback, {k:?}");
            if let Some(line) = line {
                let origin = if k.shielded {
                    Value::Null
                } else {
                    json!(POLICE)
                };
                assert_eq!(line["origin"], origin, "CAW feedback origin, {k:?}");
            }
        }

        // Export: the terugkoppelingsfiche holds consented items, never one
        // under professional secrecy, never an origin.
        let fiche = clients[expert_i].1.get(&case("/fiche")).await;
        assert_eq!(fiche.status, 200, "{}", fiche.body);
        assert!(
            !fiche.body.contains(POLICE),
            "a fiche never names an origin"
        );
        for k in &kinds {
            assert_eq!(
                fiche.body.contains(&k.marker()),
                in_fiche(*k),
                "fiche, {k:?}"
            );
        }

        // Reports never hold an item, on any of their paths.
        let stuurgroep_i = idx("stuurgroep");
        let paths = crate::report::report_paths(&mut clients[stuurgroep_i].1).await;
        for p in paths {
            let r = clients[stuurgroep_i].1.get(&p).await;
            assert_eq!(r.status, 200, "{p}: {}", r.status);
            assert!(!r.body.contains("MXT"), "{p} holds an item's content");
        }
    }
);
