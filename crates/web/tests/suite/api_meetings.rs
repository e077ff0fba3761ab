//! Meetings through the JSON API only (issue 3, items 6 and 9): planning with
//! validation, attendance, the confidentiality acknowledgement before the
//! agenda, minutes, guests who see only their agenda item, and a unanimous
//! decision whose voters come from the meeting's attendance; CSRF, roles and
//! the OpenAPI document. SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{Client, Resp, TestApp};
use serde_json::{Value, json};

fn assert_error(r: &Resp, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    assert_eq!(r.json()["error"], code, "{}", r.body);
}

async fn post(c: &mut Client, csrf: &str, path: &str, body: Value) -> Resp {
    c.post_json(path, body, Some(csrf)).await
}

/// The Partnertafel's body id, from the expert's overview.
async fn table_id(expert: &mut Client) -> String {
    let o = expert.get("/api/v1/meetings").await.json();
    o["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["kind"] == "partnertafel")
        .unwrap()["body_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn plan(expert: &mut Client, csrf: &str, body_id: &str, date: &str) -> String {
    let r = post(
        expert,
        csrf,
        "/api/v1/meetings",
        json!({"body_id": body_id, "date": date, "start": "14:00", "end": "16:00",
               "place": "Stadhuis, zaal 2", "kind": "planned"}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = r.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        r.header("location").as_deref(),
        Some(format!("/api/v1/meetings/{id}").as_str())
    );
    id
}

scenario!(
    a_case_is_closed_at_a_meeting_through_the_api_only,
    |app: TestApp| async move {
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (mut caw, ccsrf) = common::api_with_ethics(&app, "caw").await;
        let (mut vdab, vcsrf) = common::api_with_ethics(&app, "vdab").await;
        let (id, code) =
            common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let table = table_id(&mut expert).await;

        // Planning is the expert's, and validated per field.
        let r = post(
            &mut police,
            &pcsrf,
            "/api/v1/meetings",
            json!({"body_id": table}),
        )
        .await;
        assert_eq!(r.status, 403, "{}", r.body);
        let r = post(
            &mut expert,
            &ecsrf,
            "/api/v1/meetings",
            json!({"body_id": table, "date": "31/02/2027", "start": "25:00", "end": "16:00",
                   "place": "", "kind": "weekly"}),
        )
        .await;
        assert_eq!(r.status, 422, "{}", r.body);
        let v = r.json();
        assert_eq!(v["error"], "validation");
        let fields: Vec<&str> = v["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        for f in ["date", "start", "place", "kind"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
        assert!(v["fields"][0]["message"].as_str().unwrap().len() > 5);
        let meeting = plan(&mut expert, &ecsrf, &table, "05/12/2026").await;
        let listed = police.get("/api/v1/meetings").await.json();
        assert!(listed.to_string().contains(&meeting), "a member sees it");

        // The agenda opens after the acknowledgement only.
        let m = police
            .get(&format!("/api/v1/meetings/{meeting}"))
            .await
            .json();
        assert_eq!(m["agenda_gate"], "acknowledgement");
        assert_eq!(m["agenda"], json!([]));
        assert!(!m.to_string().contains(&code));
        let r = post(
            &mut police,
            &pcsrf,
            &format!("/api/v1/meetings/{meeting}/acknowledgement"),
            json!({}),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let m = police
            .get(&format!("/api/v1/meetings/{meeting}"))
            .await
            .json();
        assert_eq!(m["agenda_gate"], "open");
        assert!(
            m["agenda"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["code"] == code.as_str())
        );

        // Attendance: the expert records it; the police, CAW and the expert's
        // service are present, the VDAB absent.
        let seats = m["attendance"].as_array().unwrap().clone();
        let presence: Vec<Value> = seats
            .iter()
            .map(|s| {
                let org = s["organisation"].as_str().unwrap();
                let p = if org.contains("politie")
                    || org.contains("CAW")
                    || org.contains("Diversiteit")
                {
                    "present"
                } else {
                    "absent"
                };
                json!({"seat_id": s["seat_id"], "presence": p})
            })
            .collect();
        let path = format!("/api/v1/meetings/{meeting}/attendance");
        let r = post(
            &mut police,
            &pcsrf,
            &path,
            json!({"seats": presence.clone()}),
        )
        .await;
        assert_eq!(r.status, 403);
        let r = post(
            &mut expert,
            &ecsrf,
            &path,
            json!({"seats": [{"seat_id": seats[0]["seat_id"], "presence": "misschien"}]}),
        )
        .await;
        assert_error(&r, 422, "presence_invalid");
        let r = post(&mut expert, &ecsrf, &path, json!({"seats": presence})).await;
        assert_eq!(r.status, 204, "{}", r.body);
        let m = expert
            .get(&format!("/api/v1/meetings/{meeting}"))
            .await
            .json();
        let vdab_line = m["attendance"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["organisation"] == "VDAB")
            .unwrap()
            .clone();
        assert_eq!(vdab_line["presence"], "absent");

        // Minutes, after the expert's own acknowledgement.
        let mpath = format!("/api/v1/meetings/{meeting}/minutes");
        // A partner may not write them: refused, and the refusal is audited.
        let r = post(
            &mut police,
            &pcsrf,
            &mpath,
            json!({"case_id": id, "text": "Door de politie."}),
        )
        .await;
        assert_eq!(r.status, 403, "{}", r.body);
        assert!(common::audit_rows(&app, 5).iter().any(|e| {
            e.action == "access.denied"
                && e.object_id.as_deref() == Some(meeting.as_str())
                && e.detail.as_deref() == Some("minutes")
        }));
        let r = post(
            &mut expert,
            &ecsrf,
            &mpath,
            json!({"case_id": id, "text": "Besproken."}),
        )
        .await;
        assert_error(&r, 422, "acknowledge_first");
        let r = post(
            &mut expert,
            &ecsrf,
            &format!("/api/v1/meetings/{meeting}/acknowledgement"),
            json!({}),
        )
        .await;
        assert_eq!(r.status, 204);
        let r = post(
            &mut expert,
            &ecsrf,
            &mpath,
            json!({"case_id": id, "text": "Besproken: afsluiten voorgesteld."}),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
        let m = police
            .get(&format!("/api/v1/meetings/{meeting}"))
            .await
            .json();
        let item = m["agenda"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["case_id"] == id.as_str())
            .unwrap()
            .clone();
        assert_eq!(item["minutes"], "Besproken: afsluiten voorgesteld.");
        assert_eq!(item["may_open"], true);

        // The decision is put at this meeting: who votes follows from its attendance.
        let file = expert.get(&format!("/api/v1/cases/{id}")).await.json();
        let offered = file["decision_meetings"].as_array().unwrap();
        assert_eq!(offered[0]["id"], meeting.as_str());
        assert!(!offered[0]["present"].to_string().contains("VDAB"));
        let r = post(
            &mut expert,
            &ecsrf,
            &format!("/api/v1/cases/{id}/decisions"),
            json!({"kind": "close", "meeting_id": meeting}),
        )
        .await;
        assert_eq!(r.status, 201, "{}", r.body);
        let file = police.get(&format!("/api/v1/cases/{id}")).await.json();
        let decision = file["decisions"][0]["id"].as_str().unwrap().to_owned();
        assert_eq!(file["decisions"][0]["votes"].as_array().unwrap().len(), 3);
        let vote = |v: &str| json!({ "vote": v });
        let vpath = format!("/api/v1/cases/{id}/decisions/{decision}/votes");
        // Not before the meeting sits; nor is it held before it starts.
        let r = post(&mut police, &pcsrf, &vpath, vote("agree")).await;
        assert_error(&r, 422, "meeting_not_started");
        let r = post(
            &mut expert,
            &ecsrf,
            &format!("/api/v1/meetings/{meeting}/status"),
            json!({"status": "held"}),
        )
        .await;
        assert_error(&r, 422, "not_started");
        common::meeting_begins(&app, &meeting);
        let r = post(&mut vdab, &vcsrf, &vpath, vote("agree")).await;
        assert_eq!(r.status, 403, "the VDAB was absent: it does not vote");
        for (c, t) in [
            (&mut expert, &ecsrf),
            (&mut police, &pcsrf),
            (&mut caw, &ccsrf),
        ] {
            assert_eq!(post(c, t, &vpath, vote("agree")).await.status, 204);
        }
        let r = post(
            &mut expert,
            &ecsrf,
            &format!("/api/v1/cases/{id}/transitions"),
            json!({"transition": "close"}),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.json()["state"], "afgesloten");

        // Once started it is marked held, and its votes are final.
        let r = post(
            &mut expert,
            &ecsrf,
            &format!("/api/v1/meetings/{meeting}/status"),
            json!({"status": "held"}),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);
    }
);

scenario!(
    a_guest_sees_only_its_agenda_item_through_the_api,
    |app: TestApp| async move {
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let (mut police, pcsrf) = common::api_with_ethics(&app, "politie").await;
        let (invited, invited_code) =
            common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let (_other, other_code) =
            common::api_case_in_follow_up(&mut police, &pcsrf, &mut expert, &ecsrf).await;
        let table = table_id(&mut expert).await;
        let meeting = plan(&mut expert, &ecsrf, &table, "05/12/2026").await;
        let r = post(
            &mut expert,
            &ecsrf,
            &format!("/api/v1/meetings/{meeting}/acknowledgement"),
            json!({}),
        )
        .await;
        assert_eq!(r.status, 204);
        let r = post(
            &mut expert,
            &ecsrf,
            &format!("/api/v1/meetings/{meeting}/minutes"),
            json!({"case_id": invited, "text": "NOTULEN-GAST-API"}),
        )
        .await;
        assert_eq!(r.status, 204);
        let (mut guest, gcsrf) = common::api_with_ethics(&app, "jeugddienst").await;
        let guest_id = guest.get("/api/v1/me").await.json()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            guest
                .get(&format!("/api/v1/meetings/{meeting}"))
                .await
                .status,
            403
        );

        let gpath = format!("/api/v1/meetings/{meeting}/guests");
        // A member is no guest; a partner cannot invite; CSRF is required.
        let police_id = police.get("/api/v1/me").await.json()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let r = post(
            &mut expert,
            &ecsrf,
            &gpath,
            json!({"user_id": police_id, "case_id": invited}),
        )
        .await;
        assert_error(&r, 422, "guest_member");
        let r = post(
            &mut police,
            &pcsrf,
            &gpath,
            json!({"user_id": guest_id, "case_id": invited}),
        )
        .await;
        assert_eq!(r.status, 403);
        let r = expert
            .post_json(
                &gpath,
                json!({"user_id": guest_id, "case_id": invited}),
                None,
            )
            .await;
        assert_error(&r, 403, "csrf");
        let r = post(
            &mut expert,
            &ecsrf,
            &gpath,
            json!({"user_id": guest_id, "case_id": invited}),
        )
        .await;
        assert_eq!(r.status, 204, "{}", r.body);

        // Announced to the members.
        let m = police
            .get(&format!("/api/v1/meetings/{meeting}"))
            .await
            .json();
        assert_eq!(m["guests"][0]["user_id"], guest_id.as_str());
        // Which case is case content: not before the acknowledgement.
        assert_eq!(m["agenda_gate"], "acknowledgement");
        assert_eq!(m["guests"][0]["code"], Value::Null);
        assert_eq!(m["guests"][0]["case_id"], Value::Null);

        // The guest: the meeting, after the acknowledgement only its item,
        // no minutes, no file.
        let m = guest
            .get(&format!("/api/v1/meetings/{meeting}"))
            .await
            .json();
        assert_eq!(m["is_guest"], true);
        assert_eq!(m["agenda_gate"], "acknowledgement");
        let r = post(
            &mut guest,
            &gcsrf,
            &format!("/api/v1/meetings/{meeting}/acknowledgement"),
            json!({}),
        )
        .await;
        assert_eq!(r.status, 204);
        let r = guest.get(&format!("/api/v1/meetings/{meeting}")).await;
        let m = r.json();
        let agenda = m["agenda"].as_array().unwrap();
        assert_eq!(agenda.len(), 1);
        assert_eq!(agenda[0]["code"], invited_code.as_str());
        assert_eq!(agenda[0]["may_open"], false);
        assert_eq!(agenda[0]["minutes"], Value::Null);
        assert!(!r.body.contains(&other_code));
        assert!(!r.body.contains("NOTULEN-GAST-API"));
        assert_eq!(
            guest.get(&format!("/api/v1/cases/{invited}")).await.status,
            403
        );
        let r = guest
            .delete(&format!("{gpath}/{invited}/{guest_id}"), Some(&gcsrf))
            .await;
        assert_eq!(r.status, 403);

        // Withdrawn: closed again.
        let r = expert
            .delete(&format!("{gpath}/{invited}/{guest_id}"), None)
            .await;
        assert_error(&r, 403, "csrf");
        let r = expert
            .delete(&format!("{gpath}/{invited}/{guest_id}"), Some(&ecsrf))
            .await;
        assert_eq!(r.status, 204, "{}", r.body);
        assert_eq!(
            guest
                .get(&format!("/api/v1/meetings/{meeting}"))
                .await
                .status,
            403
        );
        let r = expert
            .delete(&format!("{gpath}/{invited}/{guest_id}"), Some(&ecsrf))
            .await;
        assert_eq!(r.status, 404);
    }
);

scenario!(
    roles_hostile_bodies_and_the_openapi_document,
    |app: TestApp| async move {
        let (mut expert, ecsrf) = common::api_with_ethics(&app, "deskundige").await;
        let table = table_id(&mut expert).await;
        let meeting = plan(&mut expert, &ecsrf, &table, "05/12/2026").await;
        // The Stuurgroep, reference persons, the administrator and the DPO
        // never see a Partnertafel meeting.
        for who in ["stuurgroep", "referentie", "beheerder", "dpo"] {
            let (mut c, _) = common::api_login(&app, who).await;
            let r = c.get(&format!("/api/v1/meetings/{meeting}")).await;
            assert!(r.status == 403, "{who}: {}", r.status);
        }
        // Hostile bodies: never a 500.
        for body in [
            json!([]),
            json!({"status": 1}),
            json!({"status": "held", "x": 1}),
            json!(null),
        ] {
            let r = post(
                &mut expert,
                &ecsrf,
                &format!("/api/v1/meetings/{meeting}/status"),
                body.clone(),
            )
            .await;
            assert_error(&r, 422, "invalid_body");
        }
        let r = post(&mut expert, &ecsrf, &format!("/api/v1/meetings/{meeting}/attendance"), json!({"seats": [{"seat_id": "00000000-0000-4000-8000-000000000000", "presence": "present"}]})).await;
        assert_eq!(r.status, 404);
        for bad in ["niet-een-id", "00000000-0000-4000-8000-000000000000"] {
            assert_eq!(
                expert.get(&format!("/api/v1/meetings/{bad}")).await.status,
                404
            );
        }
        let doc = expert.get("/api/v1/openapi.json").await.json();
        for p in [
            "/api/v1/meetings",
            "/api/v1/meetings/{id}",
            "/api/v1/meetings/{id}/status",
            "/api/v1/meetings/{id}/attendance",
            "/api/v1/meetings/{id}/acknowledgement",
            "/api/v1/meetings/{id}/minutes",
            "/api/v1/meetings/{id}/guests",
            "/api/v1/meetings/{id}/guests/{case_id}/{user_id}",
        ] {
            assert!(doc["paths"][p].is_object(), "{p} in the OpenAPI document");
        }
    }
);
