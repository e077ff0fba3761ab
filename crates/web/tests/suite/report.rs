//! The Stuurgroep report (issue 5): who may see it on every path (page, PDF,
//! CSV, JSON), that it names no one, that its counts are disclosure
//! controlled, that its CSV is safe to open in a spreadsheet, that a wrong
//! period is explained, and that every report made is audited. SQLite
//! always, PostgreSQL when configured.

use crate::common;

use common::{Client, TestApp};
use serde_json::Value;

const PATHS: [&str; 4] = [
    "/rapport/stuurgroep",
    "/rapport/stuurgroep.pdf",
    "/rapport/stuurgroep/csv/casussen-overzicht",
    "/api/v1/reports/stuurgroep",
];

/// The tables whose counts are about people (cases, signals, contacts): all
/// disclosure controlled.
const PROTECTED: [&str; 9] = [
    "casussen-fase-doelgroep",
    "casussen-uitkomst",
    "casussen-leeftijd",
    "casussen-per-maand",
    "evaluatie-trajecten",
    "evaluatie-heraanmeldingen",
    "signalen-maand-thema",
    "contacten-maand-thema",
    "casussen-overzicht",
];

/// Every CSV, PDF, page and JSON path of the report for the current year.
pub async fn report_paths(c: &mut Client) -> Vec<String> {
    let r = c.get("/api/v1/reports/stuurgroep").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let doc: Value = serde_json::from_str(&r.body).unwrap();
    let mut paths: Vec<String> = PATHS.iter().map(|p| (*p).to_owned()).collect();
    for t in tables(&doc) {
        paths.push(format!(
            "/rapport/stuurgroep/csv/{}",
            t["id"].as_str().unwrap()
        ));
    }
    paths
}

fn tables(doc: &Value) -> Vec<&Value> {
    doc["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["tables"].as_array().unwrap().iter())
        .collect()
}

scenario!(
    stuurgroep_and_expert_see_the_report_on_every_path,
    |app: TestApp| async move {
        common::seed_demo_data(&app);
        for who in ["stuurgroep", "deskundige"] {
            let mut c = Client::new(&app);
            c.login_demo(who).await;
            let page = c.get("/rapport/stuurgroep").await;
            assert_eq!(page.status, 200, "{who}: {}", page.body);
            assert!(page.body.contains("Rapport voor de Stuurgroep"));
            assert!(
                page.body
                    .contains("Geanonimiseerd overzicht van de casussen")
            );
            // Charts: accessible SVG with a title and a description, and the
            // numbers as a table beside them.
            assert!(page.body.contains("<svg") && page.body.contains("role=\"img\""));
            assert!(
                page.body
                    .contains("<title id=\"grafiek-signalen-maand-thema-title\">")
            );
            assert!(
                page.body
                    .contains("<caption>Signalen per maand en thema</caption>")
            );
            // The navigation offers it.
            assert!(page.body.contains("href=\"/rapport/stuurgroep\""));

            let pdf = c.get("/rapport/stuurgroep.pdf").await;
            assert_eq!(pdf.status, 200);
            assert_eq!(
                pdf.header("content-type").as_deref(),
                Some("application/pdf")
            );
            assert!(
                pdf.header("content-disposition")
                    .unwrap()
                    .contains("stuurgroep_2026-01-01_2026-12-31.pdf")
            );
            assert!(pdf.body.starts_with("%PDF-"));
            assert!(pdf.body.contains("Rapport voor de Stuurgroep"));

            let csv = c.get("/rapport/stuurgroep/csv/casussen-overzicht").await;
            assert_eq!(csv.status, 200);
            assert_eq!(
                csv.header("content-type").as_deref(),
                Some("text/csv; charset=utf-8")
            );
            assert!(
                csv.header("content-disposition")
                    .unwrap()
                    .contains("attachment")
            );
            assert!(
                csv.body.contains("Nr.,Doelgroep,Minderjarig"),
                "{}",
                csv.body
            );
            // The demo's cases are listed, by report number only.
            assert!(csv.body.lines().count() > 2, "{}", csv.body);

            let json = c.get("/api/v1/reports/stuurgroep").await;
            assert_eq!(json.status, 200);
            let doc: Value = serde_json::from_str(&json.body).unwrap();
            assert_eq!(doc["title"], "Rapport voor de Stuurgroep");
            assert!(tables(&doc).len() >= 15);

            // An unknown table is "not found", not an empty file.
            assert_eq!(
                c.get("/rapport/stuurgroep/csv/bestaat-niet").await.status,
                404
            );
        }
        // In French, with the same keys.
        let mut c = Client::new(&app);
        c.login_demo("stuurgroep").await;
        let csrf = common::csrf_in(&c.get("/").await.body).unwrap();
        c.post_form("/taal", &[("csrf", &csrf), ("locale", "fr-BE")])
            .await;
        let fr = c.get("/api/v1/reports/stuurgroep").await;
        assert!(
            fr.body.contains("Rapport pour le groupe de pilotage"),
            "{}",
            fr.body
        );
    }
);

scenario!(
    no_other_account_gets_the_report_on_any_path,
    |app: TestApp| async move {
        common::seed_demo_data(&app);
        for who in [
            "politie",
            "caw",
            "beheerder",
            "dpo",
            "referentie",
            "jeugddienst",
        ] {
            let mut c = Client::new(&app);
            c.login_demo(who).await;
            for p in PATHS {
                let r = c.get(p).await;
                assert_eq!(r.status, 403, "{who} on {p}");
                assert!(!r.body.contains("Geanonimiseerd"), "{who} on {p}");
            }
            let nav = c.get("/").await;
            assert!(
                !nav.body.contains("/rapport/stuurgroep"),
                "{who} is offered the report"
            );
        }
        // Without a session: the page sends to the login, the API says 401.
        let mut anon = Client::new(&app);
        let r = anon.get("/rapport/stuurgroep.pdf").await;
        assert!(r.status == 303 || r.status == 401, "{}", r.status);
        assert_eq!(anon.get("/api/v1/reports/stuurgroep").await.status, 401);
    }
);

scenario!(
    the_stuurgroep_cannot_open_any_case,
    |app: TestApp| async move {
        common::seed_demo_data(&app);
        let mut c = Client::new(&app);
        c.login_demo("stuurgroep").await;
        assert_eq!(c.get("/casussen").await.status, 403);
        assert_eq!(c.get("/api/v1/cases").await.status, 403);
        let tenant = app.db.read(verbind_store::models::tenant::list).unwrap()[0].tenant_id();
        let cases = app
            .db
            .read(|c| verbind_store::models::case::list(c, &tenant, &[]))
            .unwrap();
        assert!(!cases.is_empty());
        let report = c.get("/api/v1/reports/stuurgroep").await.body;
        for case in cases {
            for p in [
                format!("/casussen/{}", case.id),
                format!("/api/v1/cases/{}", case.id),
                format!("/casussen/{}/traject", case.id),
            ] {
                let r = c.get(&p).await;
                assert!(r.status == 403 || r.status == 404, "{p}: {}", r.status);
                assert!(!r.body.contains(&case.code), "{p}");
            }
            assert!(
                !report.contains(&case.code),
                "the report names {}",
                case.code
            );
        }
    }
);

scenario!(
    counts_about_people_are_zero_k_or_marked,
    |app: TestApp| async move {
        common::seed_demo_data(&app);
        let mut c = Client::new(&app);
        c.login_demo("deskundige").await;
        let doc: Value =
            serde_json::from_str(&c.get("/api/v1/reports/stuurgroep").await.body).unwrap();
        let mut small_seen = false;
        for t in tables(&doc) {
            let id = t["id"].as_str().unwrap();
            if !PROTECTED.contains(&id) || id == "casussen-overzicht" {
                continue;
            }
            for row in t["rows"].as_array().unwrap() {
                for cell in row.as_array().unwrap().iter().skip(1) {
                    let s = cell.as_str().unwrap();
                    match s {
                        "< 5" => small_seen = true,
                        "×" => {}
                        n => {
                            let n: u64 = n.parse().unwrap_or_else(|_| panic!("{id}: {s}"));
                            assert!(n == 0 || n >= 5, "{id}: {n} published");
                        }
                    }
                }
            }
        }
        assert!(small_seen, "the demo's few cases are suppressed somewhere");
        // The share of trajectories without escalation is never computed from a
        // hidden count: with the demo's few cases it is withheld, and says why.
        let traj = tables(&doc)
            .into_iter()
            .find(|t| t["id"] == "evaluatie-trajecten")
            .unwrap();
        let note = traj["note"].as_str().unwrap();
        let cells: Vec<&str> = [0, 1]
            .iter()
            .flat_map(|r| traj["rows"][*r].as_array().unwrap()[1..].iter())
            .map(|c| c.as_str().unwrap())
            .collect();
        if cells.iter().any(|c| c.starts_with('<') || *c == "×") {
            assert!(
                note.starts_with("Het aandeel zonder escalatie wordt niet getoond"),
                "{note}"
            );
        } else {
            assert!(
                note.contains('%') || note.contains("geen traject"),
                "{note}"
            );
        }
        // A stricter k hides more, a looser one is refused.
        let strict: Value =
            serde_json::from_str(&c.get("/api/v1/reports/stuurgroep?k=7").await.body).unwrap();
        assert!(strict["notice"].as_str().unwrap().contains("< 7"));
        let loose = c.get("/api/v1/reports/stuurgroep?k=3").await;
        assert_eq!(loose.status, 400);
        assert!(loose.body.contains("k_invalid"));
    }
);

scenario!(a_wrong_period_is_explained, |app: TestApp| async move {
    let mut c = Client::new(&app);
    c.login_demo("stuurgroep").await;
    let page = c.get("/rapport/stuurgroep?periode=2026-13").await;
    assert_eq!(page.status, 400);
    assert!(
        page.body.contains("Deze periode herkennen we niet"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("value=\"2026-13\""),
        "what was typed is kept"
    );
    let api = c
        .get("/api/v1/reports/stuurgroep?period=2026-12-01..2026-01-01")
        .await;
    assert_eq!(api.status, 400);
    let v: Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(v["error"], "period_reversed");
    assert_eq!(
        c.get("/rapport/stuurgroep.pdf?periode=2000-01-01..2026-01-01")
            .await
            .status,
        400
    );
    // A quarter and a month work.
    for p in ["2026-Q4", "2026-11", "2026-S2"] {
        let r = c.get(&format!("/rapport/stuurgroep?periode={p}")).await;
        assert_eq!(r.status, 200, "{p}");
    }
});

scenario!(
    csv_cells_cannot_start_a_formula,
    |app: TestApp| async move {
        use diesel::prelude::*;
        use verbind_store::schema::organisations;
        // An organisation name that a spreadsheet would run as a formula: it
        // reaches the report as the owner of action plan measures.
        app.db
            .write(|c| {
                diesel::update(organisations::table)
                    .set(organisations::name.eq("=HYPERLINK(\"http://kwaad.example\")"))
                    .execute(c)?;
                Ok(())
            })
            .unwrap();
        let mut c = Client::new(&app);
        c.login_demo("stuurgroep").await;
        let csv = c.get("/rapport/stuurgroep/csv/actieplan").await;
        assert_eq!(csv.status, 200);
        let mut reader = ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv.body.trim_start_matches('\u{feff}').as_bytes());
        let mut seen = false;
        for rec in reader.records() {
            for cell in rec.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{cell:?} would run in a spreadsheet"
                );
                seen |= cell == "'=HYPERLINK(\"http://kwaad.example\")";
            }
        }
        assert!(seen, "the name is kept, neutralised: {}", csv.body);
    }
);

scenario!(every_report_made_is_audited, |app: TestApp| async move {
    let mut c = Client::new(&app);
    c.login_demo("stuurgroep").await;
    for p in PATHS {
        assert_eq!(c.get(p).await.status, 200, "{p}");
    }
    let rows = common::audit_rows(&app, 1000);
    let details: Vec<String> = rows
        .iter()
        .filter(|r| r.action == "report.generated")
        .map(|r| r.detail.clone().unwrap_or_default())
        .collect();
    for format in ["page", "pdf", "csv", "json"] {
        assert!(
            details
                .iter()
                .any(|d| d.contains(&format!("format={format}"))
                    && d.contains("period=2026-01-01_2026-12-31")),
            "{format}: {details:?}"
        );
    }
});
