//! The audit trail as an acceptance reviewer checks it (QUALITY.md §2.5):
//! feedback that cites an item is a read of that item, shown to its owner;
//! every refused attempt on a case path is recorded, also for roles without
//! any case role; the DPO reads the sealed purpose of a reveal (and that read
//! is recorded), nobody else does, and the database never holds it in the
//! clear. SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, TestApp};
use serde_json::{Value, json};
use verbind_store::models::audit::AuditRow;

const ITEM: &str = "Bijdrage-CAW-ar61 over de thuissituatie";
const PURPOSE: &str = "Doel-ar61: huisbezoek met de jeugdhulp voorbereiden";

/// Every entry of the trail, newest first.
fn trail(app: &TestApp) -> Vec<AuditRow> {
    common::audit_rows(app, 10_000)
}

fn user_id(app: &TestApp, username: &str) -> String {
    app.db
        .read(|c| verbind_store::models::user::find_by_username(c, username))
        .unwrap()
        .unwrap()
        .id
}

/// The id of an organisation at the case's table, by name, from the case file.
async fn table_org(c: &mut Client, id: &str, name: &str) -> String {
    let file = c.get(&format!("/api/v1/cases/{id}")).await.json();
    file["table_organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == name)
        .unwrap_or_else(|| panic!("{name} at the table: {file}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Who the owner sees as viewers of `item`, by username.
async fn viewers(owner: &mut Client, id: &str, item: &str) -> Vec<String> {
    let r = owner.get(&format!("/api/v1/cases/{id}/items")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    let it: &Value = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == item)
        .unwrap();
    it["viewers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["username"].as_str().unwrap().to_owned())
        .collect()
}

/// The views of `item` by `user` recorded in the trail.
fn item_views(app: &TestApp, item: &str, user: &str) -> usize {
    trail(app)
        .iter()
        .filter(|r| {
            r.action == "case.item_viewed"
                && r.outcome == "ok"
                && r.object_type.as_deref() == Some("item")
                && r.object_id.as_deref() == Some(item)
                && r.actor_user_id.as_deref() == Some(user)
        })
        .count()
}

scenario!(
    feedback_that_cites_an_item_is_a_read_its_owner_sees,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
        let (mut clb, _) = common::api_with_ethics(&app, "clb").await;
        let (id, _) = common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let clb_org = table_org(&mut expert, &id, "CLB GO Waasland").await;

        // The CAW brings an item, its origin shielded, and consents to its use.
        let r = caw
            .post_json(
                &format!("/api/v1/cases/{id}/items"),
                json!({
                    "domain": "sociale_context",
                    "content": ITEM,
                    "necessity": "Om een passend traject te zoeken.",
                    "sharing": "table",
                    "origin_shielded": true,
                }),
                Some(&ccsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let item = r.json()["id"].as_str().unwrap().to_owned();
        let r = caw
            .post_json(
                &format!("/api/v1/cases/{id}/items/{item}/consent"),
                json!({}),
                Some(&ccsrf),
            )
            .await;
        assert_eq!(r.status, 204, "{}", r.body);

        // The expert sends the CLB feedback citing it.
        let r = expert
            .post_json(
                &format!("/api/v1/cases/{id}/feedback"),
                json!({"recipient": clb_org, "text": "Terugkoppeling-ar61", "cited_items": [item]}),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let clb_id = user_id(&app, "clb");
        assert!(!viewers(&mut caw, &id, &item).await.contains(&"clb".into()));
        assert_eq!(item_views(&app, &item, &clb_id), 0);

        // The CLB reads the feedback through the API: the item's content.
        let r = clb.get(&format!("/api/v1/cases/{id}/feedback")).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.body.contains(ITEM), "{}", r.body);
        assert_eq!(
            r.json()["feedback"][0]["cited"][0]["origin"],
            Value::Null,
            "the origin stays shielded"
        );
        assert_eq!(item_views(&app, &item, &clb_id), 1, "one read, one entry");
        assert!(
            viewers(&mut caw, &id, &item)
                .await
                .contains(&"clb".to_owned()),
            "the owner sees the CLB read its item"
        );

        // And on the page: another read, recorded the same way.
        let mut page = Client::new(&app);
        page.login_demo("clb").await;
        let r = page.get(&format!("/casussen/{id}/terugkoppeling")).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.body.contains(ITEM));
        assert_eq!(item_views(&app, &item, &clb_id), 2);

        // The feedback without a cited item is no item read: the police
        // received none, and reading its (empty) feedback records no view.
        let police_id = user_id(&app, "politie");
        let r = police.get(&format!("/api/v1/cases/{id}/feedback")).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(item_views(&app, &item, &police_id), 0);
    }
);

/// The `access.denied` entries of `user`, newest first.
fn denials(app: &TestApp, user: &str) -> Vec<AuditRow> {
    trail(app)
        .into_iter()
        .filter(|r| {
            r.action == "access.denied"
                && r.outcome == "denied"
                && r.actor_user_id.as_deref() == Some(user)
        })
        .collect()
}

scenario!(
    refused_attempts_without_a_case_role_are_audited,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (id, _) = common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let identity = format!("/api/v1/cases/{id}/identity");
        let purpose = json!({"purpose": "voorbereiding van een gesprek"});

        for (who, get) in [
            ("stuurgroep", Some(format!("/api/v1/cases/{id}"))),
            ("referentie", Some(format!("/api/v1/cases/{id}/feedback"))),
            ("dpo", Some(format!("/api/v1/cases/{id}"))),
            ("beheerder", None),
        ] {
            let (mut c, csrf) = common::api_login(&app, who).await;
            let uid = user_id(&app, who);
            // The identity, after re-authenticating.
            common::fresh_reauth(&app, &c);
            let before = denials(&app, &uid).len();
            let r = c.post_json(&identity, purpose.clone(), Some(&csrf)).await;
            assert_eq!(r.status, 403, "{who}: {}", r.body);
            let rows = denials(&app, &uid);
            assert_eq!(rows.len(), before + 1, "{who}: the reveal refusal audited");
            assert_eq!(rows[0].object_type.as_deref(), Some("case"));
            assert_eq!(rows[0].object_id.as_deref(), Some(id.as_str()), "{who}");
            assert!(rows[0].reason.is_none());
            if let Some(path) = get {
                let r = c.get(&path).await;
                assert_eq!(r.status, 403, "{who} {path}: {}", r.body);
                let rows = denials(&app, &uid);
                assert_eq!(rows.len(), before + 2, "{who}: {path} audited");
                assert_eq!(rows[0].object_id.as_deref(), Some(id.as_str()));
            }
        }

        // A path id that is no case of the tenant is never written into the
        // trail: the refusal is recorded, naming no case.
        let (mut c, _) = common::api_login(&app, "stuurgroep").await;
        let uid = user_id(&app, "stuurgroep");
        for bad in [
            "bestaat-niet%3Cscript%3E".to_owned(),
            "00000000-0000-4000-8000-000000000000".to_owned(),
        ] {
            let before = denials(&app, &uid).len();
            let r = c.get(&format!("/api/v1/cases/{bad}/feedback")).await;
            assert_eq!(r.status, 403, "{}", r.body);
            let rows = denials(&app, &uid);
            assert_eq!(rows.len(), before + 1);
            assert_eq!(rows[0].object_type.as_deref(), Some("case"));
            assert_eq!(rows[0].object_id, None, "{bad} not in the trail");
        }
        for r in trail(&app) {
            let text = format!("{:?}{:?}", r.object_id, r.detail);
            assert!(!text.contains("bestaat-niet"), "{text}");
        }

        // The pages refuse and record the same: referentie on the feedback
        // page, a partner outside the table on the items page.
        for (who, path) in [
            ("referentie", format!("/casussen/{id}/terugkoppeling")),
            ("stuurgroep", format!("/casussen/{id}/bijdragen")),
            ("jeugddienst", format!("/casussen/{id}/terugkoppeling")),
        ] {
            let mut page = Client::new(&app);
            page.login_demo(who).await;
            if who == "jeugddienst" {
                let csrf = common::csrf_in(&page.get("/deontologie").await.body).unwrap();
                page.post_form("/deontologie", &[("csrf", &csrf)]).await;
            }
            let uid = user_id(&app, who);
            let before = denials(&app, &uid).len();
            let r = page.get(&path).await;
            assert_eq!(r.status, 403, "{who} {path}: {}", r.body);
            let rows = denials(&app, &uid);
            assert_eq!(rows.len(), before + 1, "{who}: {path} audited");
            assert_eq!(rows[0].object_id.as_deref(), Some(id.as_str()));
        }
    }
);

/// The trail rows of identity reveals that went through.
fn reveals(app: &TestApp) -> Vec<AuditRow> {
    trail(app)
        .into_iter()
        .filter(|r| r.action == "case.identity_revealed" && r.outcome == "ok")
        .collect()
}

scenario!(
    the_dpo_reads_the_purpose_of_a_reveal_and_nobody_else,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (id, _) = common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        common::fresh_reauth(&app, &expert);
        let r = expert
            .post_json(
                &format!("/api/v1/cases/{id}/identity"),
                json!({ "purpose": PURPOSE }),
                Some(&ecsrf),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);

        // Sealed in the database: not one column holds the purpose.
        let rows = reveals(&app);
        assert_eq!(rows.len(), 1);
        let sealed = rows[0].reason.clone().unwrap();
        assert!(!sealed.is_empty());
        for r in trail(&app) {
            let text = format!("{:?}{:?}{:?}", r.detail, r.object_id, r.object_type);
            assert!(!text.contains("Doel-ar61"), "{text}");
            let reason = r.reason.unwrap_or_default();
            assert!(
                !reason.windows(9).any(|w| w == b"Doel-ar61"),
                "row {}",
                r.seq
            );
        }

        // The DPO reads it on the audit page, and that read is recorded
        // with a count, never the text.
        let mut dpo = Client::new(&app);
        dpo.login_demo("dpo").await;
        let page = dpo.get("/audit?actie=case.identity_revealed").await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains(PURPOSE), "{}", page.body);
        assert!(page.body.contains("Doel:"));
        let opened: Vec<AuditRow> = trail(&app)
            .into_iter()
            .filter(|r| r.action == "audit.reasons_opened")
            .collect();
        assert_eq!(opened.len(), 1);
        assert_eq!(
            opened[0].actor_user_id.as_deref(),
            Some(user_id(&app, "dpo").as_str())
        );
        assert_eq!(opened[0].detail.as_deref(), Some("view=page;reasons=1"));
        assert!(opened[0].reason.is_none());
        // In the export too.
        let csv = dpo.get("/audit.csv?actie=case.identity_revealed").await;
        assert_eq!(csv.status, 200);
        assert!(csv.body.lines().next().unwrap().ends_with(",Doel of reden"));
        assert!(csv.body.contains(PURPOSE), "{}", csv.body);
        let opened = trail(&app)
            .into_iter()
            .find(|r| r.action == "audit.reasons_opened")
            .unwrap();
        assert_eq!(opened.detail.as_deref(), Some("view=csv;reasons=1"));

        // Nobody else gets it: not the expert who revealed, not the
        // administrator, not the Stuurgroep, on neither path.
        for who in ["deskundige", "beheerder", "stuurgroep", "politie"] {
            let mut c = Client::new(&app);
            c.login_demo(who).await;
            for p in [
                "/audit?actie=case.identity_revealed",
                "/audit.csv?actie=case.identity_revealed",
            ] {
                let r = c.get(p).await;
                assert_eq!(r.status, 403, "{who} {p}");
                assert!(!r.body.contains("Doel-ar61"), "{who} {p}");
            }
        }

        // Once the case is shredded, the purpose is gone for the DPO too.
        let tenant = app
            .db
            .read(|c| verbind_store::models::tenant::find_by_slug(c, "sint-niklaas"))
            .unwrap()
            .unwrap()
            .tenant_id();
        let now = app.state.now_ms();
        app.db
            .write(|c| verbind_store::models::case::shred(c, &tenant, &id, now))
            .unwrap();
        let before = trail(&app)
            .iter()
            .filter(|r| r.action == "audit.reasons_opened")
            .count();
        let page = dpo.get("/audit?actie=case.identity_revealed").await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(!page.body.contains("Doel-ar61"));
        assert!(
            page.body.contains("niet meer leesbaar (casus gewist)"),
            "{}",
            page.body
        );
        assert_eq!(
            trail(&app)
                .iter()
                .filter(|r| r.action == "audit.reasons_opened")
                .count(),
            before,
            "nothing was read"
        );
    }
);

scenario!(
    every_page_of_the_case_file_is_an_audited_read,
    |app: TestApp| async move {
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (id, _) = common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let reads = |app: &TestApp, who: &str, part: &str| {
            let uid = user_id(app, who);
            trail(app)
                .iter()
                .filter(|a| {
                    a.action == "case.viewed"
                        && a.object_id.as_deref() == Some(id.as_str())
                        && a.actor_user_id.as_deref() == Some(uid.as_str())
                        && a.detail.as_deref() == Some(format!("part={part}").as_str())
                })
                .count()
        };
        for part in ["feedback", "trajectory", "assessment"] {
            assert_eq!(reads(&app, "politie", part), 0, "{part}");
            let r = police.get(&format!("/api/v1/cases/{id}/{part}")).await;
            assert_eq!(r.status, 200, "{part}: {}", r.body);
            assert_eq!(reads(&app, "politie", part), 1, "{part} via the API");
        }
        // The pages too.
        let mut page = Client::new(&app);
        page.login_demo("politie").await;
        for (path, part) in [
            ("terugkoppeling", "feedback"),
            ("traject", "trajectory"),
            ("beoordeling", "assessment"),
            ("fiche", "fiche"),
        ] {
            let before = reads(&app, "politie", part);
            let r = page.get(&format!("/casussen/{id}/{path}")).await;
            assert_eq!(r.status, 200, "{path}: {}", r.body);
            assert_eq!(reads(&app, "politie", part), before + 1, "{path}");
        }
        // A refused read is no read.
        let (mut outsider, _) = common::api_with_ethics(&app, "jeugddienst").await;
        let r = outsider.get(&format!("/api/v1/cases/{id}/feedback")).await;
        assert_eq!(r.status, 403, "{}", r.body);
        assert_eq!(reads(&app, "jeugddienst", "feedback"), 0);
    }
);
